//! R-SAB-10 (customer side): "Partner manage benefits" — pending and
//! approved requests; Change status → Approve / Reject / Remove permission →
//! Submit; a confirmation banner at the top (the partner gets an email).

use domain::benefits::{DelegationDecision, DelegationStatus};
use leptos::prelude::*;

use super::text::Msg;
use crate::api::benefits::{list_benefit_permissions, DecideBenefitPermission};
use crate::components::forms::{action_error, reload_to, FormErrors};
use crate::i18n::use_lang;
use crate::pages::{error_view, signed_in, to_login};
use leptos_router::hooks::use_query_map;

fn decision_code(d: DelegationDecision) -> &'static str {
    match d {
        DelegationDecision::Approve => "approve",
        DelegationDecision::Reject => "reject",
        DelegationDecision::Remove => "remove",
    }
}

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
#[island]
fn DecisionForm(id: i64, choices: Vec<DelegationDecision>) -> impl IntoView {
    let lang = use_lang();
    let decide = ServerAction::<DecideBenefitPermission>::new();
    let error = action_error(decide);
    Effect::new(move |_| {
        if let Some(Ok(status)) = decide.value().get() {
            reload_to(&format!("/partner-benefits?banner={}", status.code()));
        }
    });
    let choice = RwSignal::new(choices.first().copied());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(decision) = choice.get_untracked() {
            decide.dispatch(DecideBenefitPermission { id, decision });
        }
    };
    view! {
        <form on:submit=submit class="inline-form">
            <select aria-label=lang.b(Msg::ChangeStatus) data-testid="change-status"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    choice.set(choices.iter().copied().find(|d| decision_code(*d) == v));
                }>
                {choices.iter().map(|d| view! { <option value=decision_code(*d)>{lang.decision(*d)}</option> }).collect_view()}
            </select>
            <button type="submit" data-testid="submit-status">{lang.b(Msg::Submit)}</button>
        </form>
        <FormErrors error fields=&[] />
    }
}
