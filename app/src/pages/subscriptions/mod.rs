//! Subscription screens (SPEC §5): a customer's subscriptions, "Add
//! subscription" with the cart, order history, one subscription with live
//! charge/refund previews, invoices, and the demo test clock.

mod addons;
pub mod catalog;
pub mod clock;
pub mod detail;
pub mod invoices;
pub mod orders;
mod renewal;
mod upgrade;

use domain::OrgKind;
use leptos::prelude::*;

use super::{error_view, route_id, signed_in, to_login};
use crate::api::relationships::partner_customer;
use crate::api::subscriptions::{list_subscriptions, SubscriptionRow};
use crate::i18n::{use_lang, Msg, SMsg, SwMsg};

/// The customer a page is about: the route's `:id` for partners, the
/// user's own organization for customer users.
pub fn customer_id() -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let from_route = route_id("id");
    let own = signed_in()
        .filter(|u| u.org_kind == OrgKind::Customer)
        .map(|u| u.org_id);
    move || own.unwrap_or_else(from_route)
}

/// The links between a customer's subscription pages (partners get the
/// buying link), under a page's heading when it has a `title`: `title ·
/// customer's name`, and for a partner the way back to its customers.
#[component]
pub fn CustomerTabs(customer: i64, #[prop(optional)] title: Option<&'static str>) -> impl IntoView {
    let lang = use_lang();
    let user = signed_in();
    let partner = user
        .as_ref()
        .is_some_and(|u| u.org_kind == OrgKind::Partner);
    let base = if partner {
        format!("/customers/{customer}")
    } else {
        String::new()
    };
    let heading = title.map(|title| if partner {
        // A partner sees the customer through its relationship.
        let named = Resource::new(move || customer, partner_customer);
        view! {
            <p class="breadcrumb"><a href="/customers">{lang.t(Msg::NavCustomers)}</a> " › "</p>
            <h1>
                {title}
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        named.await.ok().map(|c| view! { " · " <span data-testid="customer-name">{c.name}</span> })
                    })}
                </Suspense>
            </h1>
        }
        .into_any()
    } else {
        let own = user.clone().map(|u| u.org_name).unwrap_or_default();
        view! { <h1>{title} " · " <span data-testid="customer-name">{own}</span></h1> }.into_any()
    });
    view! {
        {heading}
        <nav class="tabs">
            <a href=format!("{base}/subscriptions")>{lang.t(SMsg::Subscriptions)}</a>
            {partner.then(|| view! { <a href=format!("{base}/add-subscription")>{lang.t(SMsg::AddSubscription)}</a> })}
            <a href=format!("{base}/orders")>{lang.t(SMsg::OrderHistory)}</a>
            <a href=format!("{base}/invoices")>{lang.t(SMsg::Invoices)}</a>
            <a href=format!("{base}/software")>{lang.t(SwMsg::Software)}</a>
            <a href=format!("/exports/subscriptions.csv?customer={customer}") download>{lang.t(SMsg::ExportAll)}</a>
        </nav>
    }
}

#[component]
pub fn SubscriptionList() -> impl IntoView {
    let lang = use_lang();
    if signed_in().is_none() {
        return to_login();
    }
    let customer = customer_id();
    let rows = Resource::new(customer, list_subscriptions);
    view! {
        <section class="card">
            <CustomerTabs customer=customer() title=lang.t(SMsg::Subscriptions) />
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match rows.await {
                        Ok(list) if list.is_empty() => view! { <p>{lang.t(SMsg::NoSubscriptions)}</p> }.into_any(),
                        Ok(list) => view! { <SubscriptionTable rows=list /> }.into_any(),
                        Err(e) => error_view(e),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
fn SubscriptionTable(rows: Vec<SubscriptionRow>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <table data-testid="subscriptions">
            <thead>
                <tr>
                    <th>{lang.t(SMsg::Product)}</th>
                    <th>{lang.t(SMsg::Quantity)}</th>
                    <th>{lang.t(SMsg::Status)}</th>
                    <th>{lang.t(SMsg::Term)}</th>
                    <th>{lang.t(SMsg::Billing)}</th>
                    <th>{lang.t(SMsg::TermEnds)}</th>
                    <th>{lang.t(SMsg::AutoRenew)}</th>
                    <th>{lang.t(SMsg::Partner)}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|r| view! {
                        <tr data-subscription=r.id>
                            <td><a href=format!("/subscriptions/{}", r.id)>{r.name}</a></td>
                            <td class="num">{r.seats}</td>
                            <td>{lang.status(r.status)}</td>
                            <td>{lang.term(r.term)}</td>
                            <td>{lang.frequency(r.frequency)}</td>
                            <td>{r.term_ends_on.to_string()}</td>
                            <td>{lang.t(if r.auto_renew { SMsg::On } else { SMsg::Off })}</td>
                            <td>{r.partner_name}</td>
                        </tr>
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
