//! R-ORG-12 (partner side): the partner's customers, a request form, and a
//! customer's agreements once the customer accepted.

use domain::views::RelationshipStatus;
use domain::Permission;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::benefits::partner::PartnerBenefitsPanel;

use super::{error_view, route_id, signed_in, to_login};
use crate::api::relationships::{list_relationships, partner_customer, RequestRelationship};
use crate::components::forms::{FieldErrors, FormErrors, ServerForm};
use crate::i18n::{use_lang, Msg};
use leptos_router::hooks::use_query_map;

#[component]
pub fn Customers() -> impl IntoView {
    let lang = use_lang();
    let Some(user) = signed_in() else {
        return to_login();
    };
    let list = Resource::new(|| (), |_| list_relationships());
    // The request form reloads the page with `?sent=1` once the request is stored.
    let sent = use_query_map().read_untracked().get("sent").is_some();
    view! {
        <section class="card">
            <h1>{lang.t(Msg::NavCustomers)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) if list.is_empty() => view! { <p>{lang.t(Msg::NoCustomers)}</p> }.into_any(),
                        Ok(list) => view! {
                            <table data-testid="customers">
                                <thead>
                                    <tr>
                                        <th>{lang.t(Msg::Organization)}</th>
                                        <th>{lang.t(Msg::Status)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .into_iter()
                                        .map(|r| {
                                            let name = if r.status == RelationshipStatus::Accepted {
                                                view! { <a href=format!("/customers/{}", r.org_id)>{r.org_name}</a> }.into_any()
                                            } else {
                                                r.org_name.into_any()
                                            };
                                            view! {
                                                <tr>
                                                    <td>{name}</td>
                                                    <td>{lang.relationship(r.status)}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                        .into_any(),
                        Err(e) => error_view(e),
                    }
                })}
            </Suspense>
        </section>
        {user.can(Permission::RequestRelationship).then(|| view! {
            <section class="card">
                <h2>{lang.t(Msg::RequestRelationship)}</h2>
                <p class="hint">{lang.t(Msg::RequestRelationshipHint)}</p>
                {sent.then(|| view! { <p class="notice" role="status">{lang.t(Msg::RequestSent)}</p> })}
                <RequestForm />
            </section>
        })}
    }
    .into_any()
}

#[component]
fn RequestForm() -> impl IntoView {
    let lang = use_lang();
    view! {
        <ServerForm action=RequestRelationship::PATH done="/customers?sent=1">
            <label>
                {lang.t(Msg::AgreementNumber)}
                <input type="text" name="agreement_number" inputmode="numeric" required />
            </label>
            <FieldErrors field="agreement_number" />
            <label>
                {lang.t(Msg::PurchasingAccountAdmin)}
                <input type="email" name="admin_email" required />
            </label>
            <FieldErrors field="admin_email" />
            <FormErrors />
            <button type="submit">{lang.t(Msg::SendRequest)}</button>
        </ServerForm>
    }
}

#[component]
pub fn Customer() -> impl IntoView {
    let lang = use_lang();
    if signed_in().is_none() {
        return to_login();
    }
    let id = route_id("id");
    let customer = Resource::new(id, partner_customer);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match customer.await {
                    Ok(c) => view! {
                        <section class="card">
                            <h1>{c.name}</h1>
                            <crate::pages::subscriptions::CustomerTabs customer=c.id />
                            // R-SUB-28: where a partner asks for this customer's subscriptions.
                            <p><a href="/transfers" data-testid="customer-transfers">{lang.t(crate::i18n::TMsg::NavTransfers)}</a></p>
                            <h2>{lang.t(Msg::NavAgreements)}</h2>
                            <ul class="list" data-testid="customer-agreements">
                                {c.agreements
                                    .into_iter()
                                    .map(|a| {
                                        let accounts = a.purchasing_accounts.iter().map(|p| format!("{} {}", p.number, p.name)).collect::<Vec<_>>().join(", ");
                                        view! { <li>{a.number} " — " {accounts}</li> }
                                    })
                                    .collect_view()}
                            </ul>
                        </section>
                        <PartnerBenefitsPanel customer_id=c.id />
                    }
                    .into_any(),
                    Err(e) => error_view(e),
                }
            })}
        </Suspense>
    }
    .into_any()
}
