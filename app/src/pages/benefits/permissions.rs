//! R-SAB-10 (customer side): "Partner manage benefits" — pending and
//! approved requests; Change status → Approve / Reject / Remove permission →
//! Submit; a confirmation banner at the top (the partner gets an email).

use domain::benefits::{DelegationDecision, DelegationStatus};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::benefits::{list_benefit_permissions, DecideBenefitPermission};
use crate::components::forms::{FormErrors, ServerForm};
use crate::i18n::use_lang;
use crate::i18n::BMsg;
use crate::pages::{error_view, signed_in, to_login};
use leptos_router::hooks::use_query_map;

#[component]
pub fn PartnerPermissions() -> impl IntoView {
    let lang = use_lang();
    if signed_in().is_none() {
        return to_login();
    }
    let list = Resource::new(|| (), |_| list_benefit_permissions());
    // A decision reloads the page with `?banner=<new status>` (R-SAB-10's banner).
    let banner = use_query_map()
        .read_untracked()
        .get("banner")
        .and_then(|code| DelegationStatus::parse(&code))
        .and_then(|status| match status {
            DelegationStatus::Approved => Some(BMsg::BannerApproved),
            DelegationStatus::Rejected => Some(BMsg::BannerRejected),
            DelegationStatus::Removed => Some(BMsg::BannerRemoved),
            DelegationStatus::Pending => None,
        });
    view! {
        <section class="card">
            {banner.map(|m| view! { <p class="notice" role="status" data-testid="permission-banner">{lang.t(m)}</p> })}
            <h1>{lang.t(BMsg::PartnerManageBenefits)}</h1>
            <p class="hint">{lang.t(BMsg::PartnerManageHint)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) if list.is_empty() => view! { <p>{lang.t(BMsg::NoRequests)}</p> }.into_any(),
                        Ok(list) => view! {
                            <table data-testid="permission-requests">
                                <thead>
                                    <tr>
                                        <th>{lang.t(BMsg::Partner)}</th>
                                        <th>{lang.t(BMsg::Status)}</th>
                                        <th>{lang.t(BMsg::Requested)}</th>
                                        <th>{lang.t(BMsg::ChangeStatus)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list.into_iter().map(|r| {
                                        let choices = r.status.decisions().to_vec();
                                        view! {
                                            <tr data-partner=r.partner_name.clone()>
                                                <td>{r.partner_name.clone()}</td>
                                                <td data-testid="permission-status">{lang.delegation(r.status)}</td>
                                                <td>{lang.datetime(r.requested_at)}</td>
                                                <td><DecisionForm id=r.id choices /></td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }
                        .into_any(),
                        Err(e) => error_view(e),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

/// Change status → Approve / Reject / Remove permission → Submit.
#[component]
fn DecisionForm(id: i64, choices: Vec<DelegationDecision>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ServerForm action=DecideBenefitPermission::PATH done="/partner-benefits?banner={}">
            <div class="inline-form">
                <input type="hidden" name="id" value=id />
                <select name="decision" aria-label=lang.t(BMsg::ChangeStatus) data-testid="change-status">
                    {choices.iter().map(|d| view! { <option value=d.code()>{lang.decision(*d)}</option> }).collect_view()}
                </select>
                <button type="submit" data-testid="submit-status">{lang.t(BMsg::Submit)}</button>
            </div>
            <FormErrors />
        </ServerForm>
    }
}
