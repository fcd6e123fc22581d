//! Support requests for a refund (R-SW-08): the form the cancel dialog
//! links to (`/customers/:id/software/support?order=`), the list
//! (`/support-requests`: a partner's own, or every one for the provider's
//! operators), and one request with its attachments, the partner's "Add
//! attachments" (a multipart form, posted to the server's own route) and
//! an operator's answer. Server HTML only.

use domain::support::{Impact, IssueType, SupportStatus};
use domain::support_views::{SupportFormPage, SupportRequestRow, SupportRequestView};
use domain::FieldError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use super::subscriptions::{customer_id, CustomerTabs};
use super::{error_view, route_id, signed_in, to_login};
use crate::api::mpn::{advisory_requests, AnswerAdvisoryRequest};
use crate::api::support::{
    support_form, support_request, support_requests, AnswerSupportRequest, FileSupportRequest,
};
use crate::components::forms::{FieldErrors, FormErrors, ServerForm};
use crate::i18n::{use_lang, Lang, MMsg, SupMsg, SwMsg, Text};

#[component]
pub fn NewSupportRequest() -> impl IntoView {
    if signed_in().is_none() {
        return to_login();
    }
    let lang = use_lang();
    let customer = customer_id();
    let order: Option<i64> =
        use_query_map().with_untracked(|q| q.get("order").and_then(|o| o.parse().ok()));
    let page = Resource::new(customer, support_form);
    view! {
        <section class="card">
            <CustomerTabs customer=customer() title=lang.t(SupMsg::NewRequest) />
            <p class="hint">{lang.t(SupMsg::NewRequestHint)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) if p.orders.is_empty() => view! { <p data-testid="no-support-orders">{lang.t(SupMsg::NoOrders)}</p> }.into_any(),
                        Ok(p) => request_form(lang, p, order),
                        Err(e) => error_view(e),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

/// A labelled field with its error slot.
fn field(label: &'static str, name: &'static str, input: AnyView) -> impl IntoView {
    view! {
        <label>{label} {input}</label>
        <FieldErrors field=name />
    }
}

fn request_form(lang: Lang, p: SupportFormPage, order: Option<i64>) -> AnyView {
    let chosen = p
        .orders
        .iter()
        .find(|o| Some(o.order_id) == order)
        .unwrap_or(&p.orders[0])
        .clone();
    let orders = p
        .orders
        .iter()
        .map(|o| {
            let label = format!("#{} · {} · {}", o.order_id, o.names.join(", "), o.refundable);
            view! { <option value=o.order_id selected=o.order_id == chosen.order_id>{label}</option> }
        })
        .collect_view();
    let impacts = Impact::ALL
        .iter()
        .map(|i| view! { <option value=i.code() selected=*i == Impact::Moderate>{lang.impact(*i)}</option> })
        .collect_view();
    let issue = IssueType::CspRefund;
    view! {
        <ServerForm action=FileSupportRequest::PATH done="/support-requests/{}?filed=1">
            <fieldset>
                <legend>{lang.t(SupMsg::Request)}</legend>
                {field(lang.t(SupMsg::IssueType), "issue_type", view! {
                    <select name="form[issue_type]" data-testid="support-issue-type">
                        <option value=issue.code() selected>{lang.issue_type(issue)}</option>
                    </select>
                }.into_any())}
                {field(lang.t(SupMsg::Impact), "impact", view! {
                    <select name="form[impact]" data-testid="support-impact">{impacts}</select>
                }.into_any())}
                {field(lang.t(SupMsg::Title), "title", view! {
                    <input name="form[title]" maxlength="120" required data-testid="support-title" />
                }.into_any())}
            </fieldset>
            <fieldset>
                <legend>{lang.t(SupMsg::Description)}</legend>
                {field(lang.t(SupMsg::Tenant), "tenant", view! {
                    <input name="form[tenant]" value=p.tenant.clone() required data-testid="support-tenant" />
                }.into_any())}
                {field(lang.t(SupMsg::OrderOrSubscription), "order_id", view! {
                    <select name="form[order_id]" data-testid="support-order">{orders}</select>
                }.into_any())}
                {field(lang.t(SupMsg::Reason), "reason", view! {
                    <textarea name="form[reason]" rows="2" required data-testid="support-reason"></textarea>
                }.into_any())}
                {field(lang.t(SupMsg::AmountRequested), "amount", view! {
                    <input name="form[amount]" inputmode="decimal" value=chosen.refundable.decimal() required data-testid="support-amount" />
                    <span class="hint">{format!(" {} · {}", chosen.refundable.currency.code(), lang.at_most(&chosen.refundable.to_string()))}</span>
                }.into_any())}
                {field(lang.t(SupMsg::Description), "description", view! {
                    <textarea name="form[description]" rows="5" required data-testid="support-description"></textarea>
                }.into_any())}
            </fieldset>
            <fieldset>
                <legend>{lang.t(SupMsg::Contact)}</legend>
                {field(lang.t(SupMsg::ContactName), "contact_name", view! {
                    <input name="form[contact_name]" value=p.contact_name.clone() autocomplete="name" required />
                }.into_any())}
                {field(lang.t(SupMsg::ContactEmail), "contact_email", view! {
                    <input type="email" name="form[contact_email]" value=p.contact_email.clone() autocomplete="email" required />
                }.into_any())}
                {field(lang.t(SupMsg::ContactPhone), "contact_phone", view! {
                    <input type="tel" name="form[contact_phone]" autocomplete="tel" required data-testid="support-phone" />
                }.into_any())}
            </fieldset>
            <p class="hint">{lang.t(SupMsg::AttachmentRule)}</p>
            <FormErrors />
            <button type="submit" data-testid="file-support-request">{lang.t(SupMsg::FileRequest)}</button>
        </ServerForm>
    }
    .into_any()
}

#[component]
pub fn SupportRequests() -> impl IntoView {
    if signed_in().is_none() {
        return to_login();
    }
    let lang = use_lang();
    let list = Resource::new(|| (), |_| support_requests());
    view! {
        <section class="card">
            <h1>{lang.t(SupMsg::SupportRequests)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(l) => {
                            let hint = if l.operator { SupMsg::OperatorHint } else { SupMsg::SupportRequestsHint };
                            view! {
                                <p class="hint">{lang.t(hint)}</p>
                                {requests_table(lang, l.requests, l.operator)}
                                {l.operator.then(|| view! { <AdvisoryRequests /> })}
                            }
                            .into_any()
                        }
                        Err(e) => error_view(e),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

fn requests_table(lang: Lang, rows: Vec<SupportRequestRow>, operator: bool) -> AnyView {
    if rows.is_empty() {
        return view! { <p data-testid="no-support-requests">{lang.t(SupMsg::NoRequests)}</p> }
            .into_any();
    }
    let rows = rows
        .into_iter()
        .map(|r| {
            view! {
                <tr data-testid="support-row" data-status=r.status.code()>
                    <td><a href=format!("/support-requests/{}", r.id)>{format!("#{} · {}", r.id, r.title)}</a></td>
                    {operator.then(|| view! { <td>{r.partner_name.clone()}</td> })}
                    <td>{r.customer_name.clone()}</td>
                    <td>{format!("#{}", r.order_id)}</td>
                    <td class="num">{r.amount.to_string()}</td>
                    <td>{lang.impact(r.impact)}</td>
                    <td><span class=status_class(r.status)>{lang.support_status(r.status)}</span></td>
                    <td class="nowrap">{lang.datetime(r.created_at)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table data-testid="support-requests">
            <thead>
                <tr>
                    <th>{lang.t(SupMsg::Title)}</th>
                    {operator.then(|| view! { <th>{lang.t(SupMsg::Partner)}</th> })}
                    <th>{lang.t(SupMsg::Customer)}</th>
                    <th>{lang.t(SwMsg::Order)}</th>
                    <th>{lang.t(SupMsg::AmountRequested)}</th>
                    <th>{lang.t(SupMsg::Impact)}</th>
                    <th>{lang.t(SupMsg::Status)}</th>
                    <th>{lang.t(SupMsg::Filed)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// R-MPN-05: the operators' open advisory-hours requests, each answered
/// as done (its hours used) or declined (free again).
#[component]
fn AdvisoryRequests() -> impl IntoView {
    let lang = use_lang();
    let open = Resource::new(|| (), |_| advisory_requests());
    let answer = move |id: i64, done: bool, label: Text, class: &'static str| {
        view! {
            <ServerForm action=AnswerAdvisoryRequest::PATH>
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="done" value=done.to_string() />
                <FormErrors />
                <button type="submit" class=class data-testid=format!("advisory-{}", if done { "done" } else { "decline" })>
                    {lang.t(label)}
                </button>
            </ServerForm>
        }
    };
    view! {
        <h2>{lang.t(MMsg::AdvisoryRequests)}</h2>
        <p class="hint">{lang.t(MMsg::AdvisoryRequestsHint)}</p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match open.await {
                    Ok(list) if list.is_empty() => view! { <p>{lang.t(MMsg::NoAdvisoryRequests)}</p> }.into_any(),
                    Ok(list) => list
                        .into_iter()
                        .map(|r| view! {
                            <div class="card" data-testid="advisory-request">
                                <p><strong>{r.topic.clone()}</strong> {format!(" · {} · {}", r.partner_name, r.package_name)}</p>
                                <p class="prewrap">{r.description.clone()}</p>
                                <p>{format!("{} {} · {} – {}", r.hours, lang.t(MMsg::Hours), r.preferred_from, r.preferred_to)}</p>
                                {answer(r.id, true, MMsg::HoursUsed, "secondary")}
                                {answer(r.id, false, MMsg::Decline, "danger")}
                            </div>
                        })
                        .collect_view()
                        .into_any(),
                    Err(e) => error_view(e),
                }
            })}
        </Suspense>
    }
}

fn status_class(s: SupportStatus) -> &'static str {
    match s {
        SupportStatus::Resolved => "badge success",
        SupportStatus::Declined => "badge danger",
        _ => "badge",
    }
}

#[component]
pub fn SupportRequestPage() -> impl IntoView {
    if signed_in().is_none() {
        return to_login();
    }
    let lang = use_lang();
    let id = route_id("id");
    let (banner, refused) = use_query_map().with_untracked(|q| {
        let banner = if q.get("filed").is_some() {
            Some(SupMsg::RequestFiled)
        } else if q.get("attached").is_some() {
            Some(SupMsg::Attached)
        } else if q.get("answered").is_some() {
            Some(SupMsg::AnswerSent)
        } else {
            None
        };
        (banner, q.get("refused"))
    });
    let request = Resource::new(id, support_request);
    view! {
        <p class="breadcrumb"><a href="/support-requests">{lang.t(SupMsg::SupportRequests)}</a> " › "</p>
        {banner.map(|m| view! { <div class="banner success" role="status" data-testid="support-banner">{lang.t(m)}</div> })}
        <Suspense fallback=|| ()>
            {move || {
                let refused = refused.clone();
                Suspend::new(async move {
                    match request.await {
                        Ok(r) => request_view(lang, r, refused),
                        Err(e) => error_view(e),
                    }
                })
            }}
        </Suspense>
    }
    .into_any()
}

fn request_view(lang: Lang, r: SupportRequestView, refused: Option<String>) -> AnyView {
    let id = r.row.id;
    let attachments = if r.attachments.is_empty() {
        view! { <p>{lang.t(SupMsg::NoAttachments)}</p> }.into_any()
    } else {
        let items = r
            .attachments
            .iter()
            .map(|a| {
                view! {
                    <li data-testid="support-attachment" data-sha256=a.sha256.clone()>
                        <a href=format!("/support-attachments/{}", a.id) download=a.name.clone()>{a.name.clone()}</a>
                        {format!(" · {} · {} {} · SHA-256 ", lang.attachment_kind(a.kind), a.size, lang.t(SwMsg::Bytes))}
                        <code>{a.sha256.clone()}</code>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="links">{items}</ul> }.into_any()
    };
    // Without wasm the upload's refusal comes back as `?refused=<code>`.
    let refused = refused.map(|code| {
        view! { <p class="field-error" role="alert">{lang.error(&FieldError::from_code("attachments", &code))}</p> }
    });
    let attach = r.can_attach.then(|| view! {
        <form method="post" enctype="multipart/form-data" action=format!("/support-requests/{id}/attachments")
            data-enhance="" data-done="?attached=1" data-testid="support-attach">
            <fieldset>
                <legend>{lang.t(SupMsg::AddAttachments)}</legend>
                <p class="hint">{lang.t(SupMsg::AttachmentRule)}</p>
                <input type="file" name="files" multiple accept=".pdf,.png,.jpg,.jpeg,.txt,.csv,.log" data-testid="support-files" />
                {refused}
                <FieldErrors field="attachments" />
                <FormErrors />
                <button type="submit" data-testid="support-upload">{lang.t(SupMsg::Upload)}</button>
            </fieldset>
        </form>
    });
    let answer = match &r.answer {
        Some(text) => {
            view! { <p class="answer" data-testid="support-answer">{text.clone()}</p> }.into_any()
        }
        None => view! { <p>{lang.t(SupMsg::NoAnswer)}</p> }.into_any(),
    };
    let answer_form = r.can_answer.then(|| {
        let options = [SupportStatus::InProgress, SupportStatus::Resolved, SupportStatus::Declined]
            .into_iter()
            .map(|s| view! { <option value=s.code()>{lang.support_status(s)}</option> })
            .collect_view();
        view! {
            <ServerForm action=AnswerSupportRequest::PATH done="?answered=1">
                <fieldset>
                    <legend>{lang.t(SupMsg::Answer)}</legend>
                    <input type="hidden" name="form[id]" value=id />
                    <label>{lang.t(SupMsg::Status)} <select name="form[status]" data-testid="support-status">{options}</select></label>
                    <FieldErrors field="status" />
                    <label>{lang.t(SupMsg::Answer)} <textarea name="form[answer]" rows="4" required data-testid="support-answer-text"></textarea></label>
                    <FieldErrors field="answer" />
                    <FormErrors />
                    <button type="submit" data-testid="support-send-answer">{lang.t(SupMsg::SendAnswer)}</button>
                </fieldset>
            </ServerForm>
        }
    });
    let row = &r.row;
    view! {
        <section class="card" data-testid="support-request" data-status=row.status.code()>
            <h1>{format!("#{} · {}", row.id, row.title)}</h1>
            <dl class="facts">
                <dt>{lang.t(SupMsg::Status)}</dt>
                <dd><span class=status_class(row.status) data-testid="support-status-badge">{lang.support_status(row.status)}</span></dd>
                <dt>{lang.t(SupMsg::IssueType)}</dt><dd>{lang.issue_type(r.issue_type)}</dd>
                <dt>{lang.t(SupMsg::Impact)}</dt><dd>{lang.impact(row.impact)}</dd>
                <dt>{lang.t(SupMsg::Partner)}</dt><dd>{row.partner_name.clone()}</dd>
                <dt>{lang.t(SupMsg::Customer)}</dt><dd>{row.customer_name.clone()}</dd>
                <dt>{lang.t(SupMsg::Tenant)}</dt><dd>{r.tenant.clone()}</dd>
                <dt>{lang.t(SupMsg::OrderOrSubscription)}</dt><dd>{format!("#{}", row.order_id)}</dd>
                <dt>{lang.t(SupMsg::AmountRequested)}</dt><dd data-testid="support-amount-shown">{row.amount.to_string()}</dd>
                <dt>{lang.t(SupMsg::Filed)}</dt><dd>{lang.datetime(row.created_at)}</dd>
                <dt>{lang.t(SupMsg::Contact)}</dt>
                <dd>{format!("{} · {} · {}", r.contact_name, r.contact_email, r.contact_phone)}</dd>
            </dl>
            <h2>{lang.t(SupMsg::Reason)}</h2>
            <p class="prewrap">{r.reason.clone()}</p>
            <h2>{lang.t(SupMsg::Description)}</h2>
            <p class="prewrap">{r.description.clone()}</p>
            <h2>{lang.t(SupMsg::Attachments)}</h2>
            {attachments}
            {attach}
            <h2>{lang.t(SupMsg::Answer)}</h2>
            {row.answered_at.map(|at| view! { <p class="hint">{lang.t(SupMsg::Answered)} " " {lang.datetime(at)}</p> })}
            {answer}
            {answer_form}
        </section>
    }
    .into_any()
}
