//! Order history and one order's fulfillment per line (R-SUB-06).

use domain::paging::Paged;
use domain::subscription_views::OrderView;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::super::{error_view, route_id, signed_in, to_login};
use super::{customer_id, CustomerTabs};
use crate::api::subscriptions::{get_order, list_orders};
use crate::components::pager::Pager;
use crate::i18n::{use_lang, SMsg, SwMsg};

#[component]
pub fn OrderHistory() -> impl IntoView {
    let lang = use_lang();
    if signed_in().is_none() {
        return to_login();
    }
    let customer = customer_id();
    let before = move || {
        use_query_map()
            .read()
            .get("before")
            .and_then(|b| b.parse::<i64>().ok())
    };
    let orders = Resource::new(
        move || (customer(), before()),
        |(customer, before)| list_orders(customer, before),
    );
    view! {
        <section class="card">
            <CustomerTabs customer=customer() title=lang.t(SMsg::OrderHistory) />
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match orders.await {
                        Ok(Paged { rows: list, older }) => view! {
                            <table data-testid="orders">
                                <thead><tr>
                                    <th>{lang.t(SMsg::Order)}</th>
                                    <th>{lang.t(SMsg::PlacedAt)}</th>
                                    <th>{lang.t(SMsg::Status)}</th>
                                    <th>{lang.t(SMsg::Product)}</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|o| {
                                        let products = o.lines.iter().map(|l| format!("{} × {}", l.name, l.seats)).collect::<Vec<_>>().join(", ");
                                        view! {
                                            <tr>
                                                <td><a href=format!("/orders/{}", o.id)>{format!("#{}", o.id)}</a></td>
                                                <td>{lang.datetime(o.placed_at)}</td>
                                                <td>{o.status}</td>
                                                <td>{products}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <Pager older newest=before().is_some() />
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

#[component]
pub fn OrderPage() -> impl IntoView {
    if signed_in().is_none() {
        return to_login();
    }
    let id = route_id("id");
    let order = Resource::new(id, get_order);
    let confirmed = use_query_map().read_untracked().get("confirmed").is_some();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match order.await {
                    Ok(o) => view! { <OrderDetail order=o confirmed /> }.into_any(),
                    Err(e) => error_view(e),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn OrderDetail(order: OrderView, confirmed: bool) -> impl IntoView {
    let lang = use_lang();
    let history = format!("/customers/{}/orders", order.customer_id);
    let software = format!("/customers/{}/software", order.customer_id);
    let tax = lang.tax_basis(order.tax);
    view! {
        {confirmed.then(|| view! {
            <div class="banner success" role="status" data-testid="order-confirmed">
                {lang.t(SMsg::OrderConfirmed)} " " <a href=history.clone()>{lang.t(SMsg::ReviewOrderHistory)}</a>
            </div>
        })}
        <section class="card">
            <h1>{lang.t(SMsg::Order)} {format!(" #{}", order.id)}</h1>
            <p class="hint">{order.customer_name.clone()} " · " {order.partner_name.clone()} " · " {lang.datetime(order.placed_at)}</p>
            {order.reseller.clone().map(|r| view! { <p>{lang.t(SMsg::Reseller)} ": " {r} " " {order.additional_resellers.join(", ")}</p> })}
            <table data-testid="order-lines">
                <thead><tr>
                    <th>{lang.t(SMsg::Product)}</th>
                    <th>{lang.t(SMsg::Quantity)}</th>
                    <th>{lang.t(SMsg::Term)}</th>
                    <th>{lang.t(SMsg::Billing)}</th>
                    <th>{lang.t(SMsg::Amount)}</th>
                    <th>{lang.t(SMsg::Fulfillment)}</th>
                </tr></thead>
                <tbody>
                    {order.lines.into_iter().map(|l| view! {
                        <tr>
                            <td>{match l.subscription_id {
                                Some(s) => view! { <a href=format!("/subscriptions/{s}")>{l.name.clone()}</a> }.into_any(),
                                None => view! { <span>{l.name.clone()}</span> }.into_any(),
                            }}</td>
                            <td class="num">{l.seats}</td>
                            <td>{lang.term(l.term)}</td>
                            <td>{lang.frequency(l.frequency)}</td>
                            <td class="num">{l.amount.to_string()}</td>
                            <td data-testid="line-status">{l.status}</td>
                        </tr>
                    }).collect_view()}
                    {order.software.into_iter().map(|l| view! {
                        <tr data-software-line=l.purchase_id>
                            <td><a href=software.clone()>{l.name}</a></td>
                            <td class="num">{l.quantity}</td>
                            <td colspan="2">{lang.license(l.license)}</td>
                            <td class="num">{l.amount.to_string()} <span class="hint">" (" {tax} ")"</span></td>
                            <td data-testid="line-status">{if l.cancelled { lang.t(SwMsg::Cancelled) } else { "fulfilled" }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
