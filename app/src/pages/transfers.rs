//! R-SUB-28: transfers of subscriptions between partners. `/transfers`:
//! the partner's ID, a form to send a request (target partner) and the
//! requests both ways; `/transfers/:id`: one request. The source partner
//! ticks subscriptions and sees, as it ticks, the credit and the target's
//! charges (the rules crate in the browser, at the time the server pinned);
//! the target partner sees its charges, computed by the same function.

use domain::transfer_views::{Side, TransferDetail, TransferRow, TransfersPage};
use domain::{plan_line, plan_transfer, Candidate, Chosen, Permission, Timestamp, TransferStatus};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use super::{error_view, route_id, signed_in, to_login};
use crate::api::transfers::{
    get_transfer, list_transfers, AcceptTransfer, DeclineTransfer, SendTransferRequest,
};
use crate::components::forms::{FieldErrors, FormErrors, ServerForm};
use crate::components::from_server::FromServer;
use crate::i18n::{use_lang, TMsg};

#[component]
pub fn Transfers() -> impl IntoView {
    let lang = use_lang();
    let Some(user) = signed_in() else {
        return to_login();
    };
    let page = Resource::new(|| (), |_| list_transfers());
    // The request form comes back with `?sent=<id>` once it is stored.
    let sent = use_query_map().read_untracked().get("sent").is_some();
    let sends = user.can(Permission::ManageSubscriptions);
    let email = user.email;
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let email = email.clone();
                Suspend::new(async move {
                match page.await {
                    Ok(p) => view! {
                        <section class="card">
                            <h1>{lang.t(TMsg::Title)}</h1>
                            <p class="hint">{lang.t(TMsg::Hint)}</p>
                            <p>{lang.t(TMsg::YourPartnerId)} ": " <strong data-testid="partner-id">{p.partner_id}</strong></p>
                        </section>
                        {sends.then(|| view! { <SendPanel page=p.clone() email=email.clone() sent /> })}
                        <RequestList requests=p.requests />
                    }
                    .into_any(),
                    Err(e) => error_view(e),
                }
            })}}
        </Suspense>
    }
    .into_any()
}

/// The target partner's request: a customer that accepted it, the source
/// partner's ID, the address to notify (the user's own by default).
#[component]
fn SendPanel(page: TransfersPage, email: String, sent: bool) -> impl IntoView {
    let lang = use_lang();
    let body = if page.customers.is_empty() {
        view! { <p>{lang.t(TMsg::NoCustomers)}</p> }.into_any()
    } else {
        view! {
            <ServerForm action=SendTransferRequest::PATH done="/transfers?sent={}" attr:data-testid="send-transfer">
                <label>
                    {lang.t(TMsg::Customer)}
                    <select name="form[customer_id]" data-testid="transfer-customer">
                        {page.customers.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    {lang.t(TMsg::SourcePartnerId)}
                    <input type="text" inputmode="numeric" name="form[source_partner_id]" required data-testid="source-partner-id" />
                </label>
                <FieldErrors field="source_partner_id" />
                <label>
                    {lang.t(TMsg::NotifyEmail)}
                    <input type="email" name="form[notify_email]" value=email required />
                </label>
                <FieldErrors field="notify_email" />
                <FormErrors />
                <button type="submit" data-testid="send-transfer-request">{lang.t(TMsg::Send)}</button>
            </ServerForm>
        }
        .into_any()
    };
    view! {
        <section class="card">
            <h2>{lang.t(TMsg::SendTitle)}</h2>
            {sent.then(|| view! { <p class="notice" role="status" data-testid="transfer-sent">{lang.t(TMsg::Sent)}</p> })}
            {body}
        </section>
    }
}

#[component]
fn RequestList(requests: Vec<TransferRow>) -> impl IntoView {
    let lang = use_lang();
    let body = if requests.is_empty() {
        view! { <p>{lang.t(TMsg::NoRequests)}</p> }.into_any()
    } else {
        view! {
            <table data-testid="transfers">
                <thead><tr>
                    <th>{lang.t(TMsg::Request)}</th>
                    <th>{lang.t(TMsg::Direction)}</th>
                    <th>{lang.t(TMsg::Customer)}</th>
                    <th>{lang.t(TMsg::SourcePartner)}</th>
                    <th>{lang.t(TMsg::TargetPartner)}</th>
                    <th>{lang.t(TMsg::Status)}</th>
                    <th>{lang.t(TMsg::RequestedAt)}</th>
                </tr></thead>
                <tbody>
                    {requests.into_iter().map(|r| view! {
                        <tr>
                            <td><a href=format!("/transfers/{}", r.id)>{format!("#{}", r.id)}</a></td>
                            <td>{lang.transfer_side(r.side)}</td>
                            <td>{r.customer_name}</td>
                            <td>{r.source_name}</td>
                            <td>{r.target_name}</td>
                            <td data-testid="transfer-status">{lang.transfer_status(r.status)}</td>
                            <td>{lang.datetime(r.requested_at)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="card">
            <h2>{lang.t(TMsg::Requests)}</h2>
            {body}
        </section>
    }
}

#[component]
pub fn TransferPage() -> impl IntoView {
    if signed_in().is_none() {
        return to_login();
    }
    let id = route_id("id");
    let detail = Resource::new(id, get_transfer);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => view! { <Detail detail=d /> }.into_any(),
                    Err(e) => error_view(e),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn Detail(detail: TransferDetail) -> impl IntoView {
    let lang = use_lang();
    let row = detail.row.clone();
    let open = row.status == TransferStatus::Pending;
    let panel = match (open, row.side) {
        (true, _) if detail.can_decide => {
            view! { <SourcePanel detail=detail.clone() /> }.into_any()
        }
        (true, Side::Target) => view! { <TargetPanel detail=detail.clone() /> }.into_any(),
        _ => ().into_any(),
    };
    view! {
        <section class="card">
            <h1>{format!("{} #{}", lang.t(TMsg::Request), row.id)}</h1>
            <dl class="facts">
                <dt>{lang.t(TMsg::Customer)}</dt><dd>{row.customer_name.clone()}</dd>
                <dt>{lang.t(TMsg::SourcePartner)}</dt><dd data-testid="source-partner">{row.source_name.clone()}</dd>
                <dt>{lang.t(TMsg::TargetPartner)}</dt><dd data-testid="target-partner">{row.target_name.clone()}</dd>
                <dt>{lang.t(TMsg::NotifyEmail)}</dt><dd>{row.notify_email.clone()}</dd>
                <dt>{lang.t(TMsg::Status)}</dt><dd data-testid="transfer-status">{lang.transfer_status(row.status)}</dd>
                <dt>{lang.t(TMsg::RequestedAt)}</dt><dd>{lang.datetime(row.requested_at)}</dd>
                <dt>{lang.t(TMsg::ExpiresAt)}</dt><dd>{lang.datetime(row.expires_at)}</dd>
            </dl>
        </section>
        {panel}
        {(!detail.moved.is_empty()).then(|| view! { <MovedPanel detail=detail.clone() /> })}
    }
}

/// The source partner's form: the island ticks and previews, the server
/// commits the ticked lines at their previewed figures or says why not
/// (then the page loads again with fresh figures). Declining is a form of
/// its own.
#[component]
fn SourcePanel(detail: TransferDetail) -> impl IntoView {
    let lang = use_lang();
    let id = detail.row.id;
    let body = if detail.candidates.is_empty() {
        view! { <p data-testid="nothing-to-transfer">{lang.t(TMsg::NothingToTransfer)}</p> }
            .into_any()
    } else {
        view! {
            <p class="hint">{lang.t(TMsg::ChooseHint)}</p>
            <ServerForm action=AcceptTransfer::PATH reload_on="preview_changed preview_expired preview_expired_at_midnight transfer_not_transferable" attr:data-testid="accept-transfer">
                <input type="hidden" name="form[request_id]" value=id />
                <input type="hidden" name="form[pin]" value=detail.pin.clone() />
                <TransferPreview candidates=FromServer(detail.candidates.clone()) as_of=detail.as_of />
                <FieldErrors field="lines" />
                <FormErrors />
            </ServerForm>
        }
        .into_any()
    };
    view! {
        <section class="card">
            <h2>{lang.t(TMsg::Choose)}</h2>
            {body}
            <ServerForm action=DeclineTransfer::PATH attr:data-testid="decline-transfer">
                <input type="hidden" name="id" value=id />
                <FormErrors />
                <button type="submit" class="danger" data-testid="decline">{lang.t(TMsg::Decline)}</button>
            </ServerForm>
        </section>
    }
}

/// Each subscription with a checkbox whose value carries its previewed
/// figures ([`Chosen::code`]), so the form also works without wasm; the
/// totals of the ticked ones follow the ticks.
#[island]
fn TransferPreview(candidates: FromServer<Vec<Candidate>>, as_of: Timestamp) -> impl IntoView {
    let FromServer(candidates) = candidates;
    let lang = use_lang();
    let chosen = RwSignal::new(
        candidates
            .iter()
            .map(|c| c.subscription_id)
            .collect::<Vec<_>>(),
    );
    let all = candidates.clone();
    let totals = Memo::new(move |_| {
        chosen.with(|ids| plan_transfer(&all, ids, as_of).map_err(|e| e.field_error()))
    });
    let rows = candidates
        .into_iter()
        .map(|c| {
            let id = c.subscription_id;
            let planned = plan_line(&c, as_of);
            let toggle = move |ev| {
                let on = event_target_checked(&ev);
                chosen.update(|ids| {
                    ids.retain(|x| *x != id);
                    if on {
                        ids.push(id);
                    }
                });
            };
            match planned {
                Ok(line) => view! {
                    <tr data-testid="transfer-candidate">
                        <td>
                            <label class="check">
                                <input type="checkbox" name="form[lines][]" value=Chosen::of(&line).code() checked=true on:change=toggle data-testid=format!("choose-{id}") />
                                {c.name.clone()}
                            </label>
                        </td>
                        <td class="num">{line.seats}</td>
                        <td class="num" data-testid="credit" data-amount=line.credit.minor>{line.credit.to_string()}</td>
                        <td class="num" data-testid="charge" data-amount=line.charge.minor>{line.charge.to_string()}</td>
                    </tr>
                }
                .into_any(),
                Err(e) => view! {
                    <tr><td>{c.name.clone()}</td><td colspan="3" class="field-error">{lang.error(&e.field_error())}</td></tr>
                }
                .into_any(),
            }
        })
        .collect_view();
    let total = move || {
        match totals.get() {
        Ok(plan) => view! {
            <p class="preview" aria-live="polite" data-testid="transfer-total" data-credit=plan.credit.minor data-charge=plan.charge.minor>
                {lang.t(TMsg::Total)} ": " {lang.t(TMsg::Credit)} " " <strong>{plan.credit.to_string()}</strong>
                " · " {lang.t(TMsg::Charge)} " " <strong>{plan.charge.to_string()}</strong>
            </p>
        }
        .into_any(),
        Err(e) => view! { <p class="field-error" role="alert" data-testid="transfer-total-error">{lang.error(&e)}</p> }.into_any(),
    }
    };
    view! {
        <table data-testid="transfer-candidates">
            <thead><tr>
                <th>{lang.t(TMsg::Subscription)}</th>
                <th>{lang.t(TMsg::Licenses)}</th>
                <th>{lang.t(TMsg::Credit)}</th>
                <th>{lang.t(TMsg::Charge)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        {total}
        <p class="hint">{lang.t(TMsg::FiguresAsOf)} " " {lang.datetime(as_of)}</p>
        <button type="submit" data-testid="submit-transfer" disabled=move || totals.get().is_err()>
            {lang.t(TMsg::Submit)}
        </button>
    }
}

/// The target partner's preview while the request is open: its first
/// charge for each subscription the source partner could transfer now.
#[component]
fn TargetPanel(detail: TransferDetail) -> impl IntoView {
    let lang = use_lang();
    let rows = detail
        .candidates
        .iter()
        .filter_map(|c| plan_line(c, detail.as_of).ok().map(|l| (c.name.clone(), l)))
        .map(|(name, l)| view! {
            <tr data-testid="target-preview">
                <td>{name}</td>
                <td class="num">{l.seats}</td>
                <td class="num" data-testid="charge" data-amount=l.charge.minor>{l.charge.to_string()}</td>
            </tr>
        })
        .collect_view();
    view! {
        <section class="card">
            <p>{lang.t(TMsg::TargetPreview)}</p>
            <table>
                <thead><tr>
                    <th>{lang.t(TMsg::Subscription)}</th>
                    <th>{lang.t(TMsg::Licenses)}</th>
                    <th>{lang.t(TMsg::Charge)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="hint">{lang.t(TMsg::FiguresAsOf)} " " {lang.datetime(detail.as_of)}</p>
        </section>
    }
}

/// What a completed request moved, as committed.
#[component]
fn MovedPanel(detail: TransferDetail) -> impl IntoView {
    let lang = use_lang();
    let source = detail.row.side == Side::Source;
    view! {
        <section class="card">
            <h2>{lang.t(TMsg::Moved)}</h2>
            <table data-testid="moved">
                <thead><tr>
                    <th>{lang.t(TMsg::Subscription)}</th>
                    <th>{lang.t(TMsg::Licenses)}</th>
                    <th>{lang.t(TMsg::Credit)}</th>
                    <th>{lang.t(TMsg::Charge)}</th>
                    <th>{lang.t(TMsg::NewSubscription)}</th>
                </tr></thead>
                <tbody>
                    {detail.moved.into_iter().map(|m| {
                        // Each partner links to the subscription it bills.
                        let (link, label) = if source {
                            (m.old_subscription_id, m.name.clone())
                        } else {
                            (m.new_subscription_id, m.name.clone())
                        };
                        view! {
                            <tr data-testid="moved-line">
                                <td><a href=format!("/subscriptions/{link}")>{label}</a></td>
                                <td class="num">{m.seats}</td>
                                <td class="num" data-testid="moved-credit">{m.credit.to_string()}</td>
                                <td class="num" data-testid="moved-charge">{m.charge.to_string()}</td>
                                <td>{format!("#{}", m.new_subscription_id)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
