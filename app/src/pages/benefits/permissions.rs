//! R-SAB-10 (customer side): "Partner manage benefits" — pending and
//! approved requests; Change status → Approve / Reject / Remove permission →
//! Submit; a confirmation banner at the top (the partner gets an email).

use domain::benefits::{DelegationDecision, DelegationStatus};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::text::Msg;
use crate::api::benefits::{list_benefit_permissions, DecideBenefitPermission};
use crate::components::forms::{FormErrors, ServerForm};
use crate::i18n::use_lang;
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
            DelegationStatus::Approved => Some(Msg::BannerApproved),
            DelegationStatus::Rejected => Some(Msg::BannerRejected),
            DelegationStatus::Removed => Some(Msg::BannerRemoved),
            DelegationStatus::Pending => None,
        });
    view! {
        <section class="card">
            {banner.map(|m| view! { <p class="notice" role="status" data-testid="permission-banner">{lang.b(m)}</p> })}
            <h1>{lang.b(Msg::PartnerManageBenefits)}</h1>
            <p class="hint">{lang.b(Msg::PartnerManageHint)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) if list.is_empty() => view! { <p>{lang.b(Msg::NoRequests)}</p> }.into_any(),
                        Ok(list) => view! {
                            <table data-testid="permission-requests">
                                <thead>
                                    <tr>
                                        <th>{lang.b(Msg::Partner)}</th>
                                        <th>{lang.b(Msg::Status)}</th>
                                        <th>{lang.b(Msg::Requested)}</th>
                                        <th>{lang.b(Msg::ChangeStatus)}</th>
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
                <select name="decision" aria-label=lang.b(Msg::ChangeStatus) data-testid="change-status">
                    {choices.iter().map(|d| view! { <option value=d.code()>{lang.decision(*d)}</option> }).collect_view()}
                </select>
                <button type="submit" data-testid="submit-status">{lang.b(Msg::Submit)}</button>
            </div>
            <FormErrors />
        </ServerForm>
    }
}
