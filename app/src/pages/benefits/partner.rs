//! R-SAB-10/11 (partner side), on the customer's page: ask for permission to
//! manage the customer's benefits, see the answer, and with approval open
//! the customer's inventory.

use domain::benefits::DelegationStatus;
use domain::Permission;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::benefits::{partner_benefit_permission, RequestBenefitPermission};
use crate::components::forms::{FailureNotice, FormErrors, ServerForm};
use crate::i18n::use_lang;
use crate::i18n::BMsg;
use crate::pages::signed_in;

#[component]
pub fn PartnerBenefitsPanel(customer_id: i64) -> impl IntoView {
    let lang = use_lang();
    let allowed = signed_in().is_some_and(|u| u.can(Permission::ManageCustomerBenefits));
    let status = Resource::new(|| (), move |_| partner_benefit_permission(customer_id));
    allowed.then(|| view! {
        <section class="card" data-testid="partner-benefits">
            <h2>{lang.t(BMsg::PartnerPanelTitle)}</h2>
            <p class="hint">{lang.t(BMsg::PartnerPanelHint)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let current = match status.await {
                        Ok(delegation) => delegation.map(|d| d.status),
                        // Shown, not taken for "no permission yet" (and a request button).
                        Err(e) => return view! { <FailureNotice error=e /> }.into_any(),
                    };
                    let label = current.map(|s| lang.delegation(s)).unwrap_or(lang.t(BMsg::NoPermission));
                    let action = match current {
                        Some(DelegationStatus::Approved) => {
                            let href = format!("/inventory?customer={customer_id}&tab=benefits");
                            view! { <a class="button" href=href data-testid="manage-customer-benefits">{lang.t(BMsg::ManageBenefitsFor)}</a> }.into_any()
                        }
                        Some(DelegationStatus::Pending) => view! { <p class="notice">{lang.t(BMsg::PermissionRequested)}</p> }.into_any(),
                        _ => view! { <RequestPermissionButton customer_id /> }.into_any(),
                    };
                    view! {
                        <p>{lang.t(BMsg::Status)} ": " <strong data-testid="benefit-permission-status">{label}</strong></p>
                        {action}
                    }
                    .into_any()
                })}
            </Suspense>
        </section>
    })
}

#[component]
fn RequestPermissionButton(customer_id: i64) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ServerForm action=RequestBenefitPermission::PATH>
            <input type="hidden" name="customer_id" value=customer_id />
            <button type="submit" data-testid="request-benefit-permission">{lang.t(BMsg::RequestPermission)}</button>
            <FormErrors />
        </ServerForm>
    }
}
