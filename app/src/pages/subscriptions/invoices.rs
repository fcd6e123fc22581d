//! Monthly invoices (R-BIL-01): one per partner, month and currency, with
//! every ledger entry; the total is the sum of the lines.

use domain::subscription_views::InvoiceView;
use leptos::prelude::*;

use super::super::{error_view, route_id, signed_in, to_login};
use super::{customer_id, CustomerTabs};
use crate::api::subscriptions::{get_invoice, list_invoices};
use crate::i18n::{use_lang, SMsg};

#[component]
pub fn Invoices() -> impl IntoView {
    let lang = use_lang();
    if signed_in().is_none() {
        return to_login();
    }
    let customer = customer_id();
    let invoices = Resource::new(customer, list_invoices);
    view! {
        <section class="card">
            <CustomerTabs customer=customer() title=lang.t(SMsg::Invoices) />
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match invoices.await {
                        Ok(list) if list.is_empty() => view! { <p>{lang.t(SMsg::NoInvoices)}</p> }.into_any(),
                        Ok(list) => view! {
                            <table data-testid="invoices">
                                <thead><tr>
                                    <th>{lang.t(SMsg::Month)}</th>
                                    <th>{lang.t(SMsg::Partner)}</th>
                                    <th>{lang.t(SMsg::Entries)}</th>
                                    <th>{lang.t(SMsg::Total)}</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|i| view! {
                                        <tr>
                                            <td><a href=format!("/invoices/{}", i.id)>{i.month}</a></td>
                                            <td>{i.partner_name}</td>
                                            <td class="num">{i.entries}</td>
                                            <td class="num">{i.total.to_string()}</td>
                                        </tr>
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

#[component]
pub fn InvoicePage() -> impl IntoView {
    if signed_in().is_none() {
        return to_login();
    }
    let id = route_id("id");
    let invoice = Resource::new(id, get_invoice);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match invoice.await {
                    Ok(i) => view! { <InvoiceDetail invoice=i /> }.into_any(),
                    Err(e) => error_view(e),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn InvoiceDetail(invoice: InvoiceView) -> impl IntoView {
    let lang = use_lang();
    let s = invoice.summary;
    view! {
        <section class="card">
            <h1>{lang.t(SMsg::Invoice)} " " {s.month.clone()}</h1>
            <p class="hint">{s.customer_name.clone()} " · " {s.partner_name.clone()}</p>
            <CustomerTabs customer=s.customer_id />
            <table data-testid="invoice-lines">
                <thead><tr>
                    <th>{lang.t(SMsg::PlacedAt)}</th>
                    <th>{lang.t(SMsg::Subscription)}</th>
                    <th>{lang.t(SMsg::Reason)}</th>
                    <th>{lang.t(SMsg::Seats)}</th>
                    <th>{lang.t(SMsg::BillingPeriod)}</th>
                    <th>{lang.t(SMsg::Amount)}</th>
                </tr></thead>
                <tbody>
                    {invoice.lines.into_iter().map(|l| view! {
                        <tr data-reason=l.reason.clone() data-amount=l.amount.minor>
                            <td>{lang.datetime(l.at)}</td>
                            <td>{match l.subscription_id {
                                Some(id) => view! { <a href=format!("/subscriptions/{id}")>{l.name}</a> }.into_any(),
                                // Software (R-SW-01): its customer's Software page lists it.
                                None => l.name.into_any(),
                            }}</td>
                            <td>{lang.ledger_reason(&l.reason)}</td>
                            <td class="num">{l.seats}</td>
                            <td>{format!("{} – {}", l.period_start, l.period_end.add_days(-1))}</td>
                            <td class="num">{l.amount.to_string()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
                <tfoot><tr>
                    <th colspan="5">{lang.t(SMsg::Total)}</th>
                    <td class="num" data-testid="invoice-total">{s.total.to_string()} <span class="hint">" (" {lang.tax_basis(invoice.tax)} ")"</span></td>
                </tr></tfoot>
            </table>
        </section>
    }
}
