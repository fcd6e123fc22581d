//! R-SAB-01/02: Inventory → "Manage my inventory": the purchasing-account
//! picker, the "Licenses and services" tab (default) and the "Software
//! Assurance and service benefits" tab with the chart, the list, and "More
//! benefits you can use". A partner with permission opens it with `?customer=`.

use domain::benefit_views::{InventoryPage, InventoryView};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::chart::UsageChart;
use super::{figures, Identifiers};
use crate::api::benefits::benefit_inventory;
use crate::i18n::BMsg;
use crate::i18n::{use_lang, Lang, Text};
use crate::pages::{error_view, signed_in, to_login};

#[component]
pub fn Inventory() -> impl IntoView {
    let lang = use_lang();
    if signed_in().is_none() {
        return to_login();
    }
    let query = use_query_map();
    let param = move |name: &str| query.read().get(name).and_then(|v| v.parse::<i64>().ok());
    let customer = move || param("customer");
    let account = move || param("account");
    let benefits_tab = move || query.read().get("tab").as_deref() == Some("benefits");
    // The tab is part of the key so that switching tabs re-renders the page.
    let page = Resource::new(
        move || (customer(), account(), benefits_tab()),
        |(customer_id, account_id, _)| benefit_inventory(customer_id, account_id),
    );
    view! {
        <section class="card">
            <h1>{lang.t(BMsg::ManageInventory)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => body(lang, p, customer(), benefits_tab()),
                        Err(e) => error_view(e),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

fn body(lang: Lang, page: InventoryPage, customer: Option<i64>, benefits_tab: bool) -> AnyView {
    let Some(inv) = page.inventory else {
        return view! { <p>{lang.t(BMsg::NoAccounts)}</p> }.into_any();
    };
    let picked = inv.account.id;
    let base = match customer {
        Some(c) => format!("/inventory?customer={c}&account={picked}"),
        None => format!("/inventory?account={picked}"),
    };
    let picker = (page.accounts.len() > 1).then(|| {
        view! {
            <form method="get" action="/inventory" class="inline-form">
                {customer.map(|c| view! { <input type="hidden" name="customer" value=c /> })}
                <input type="hidden" name="tab" value=if benefits_tab { "benefits" } else { "licenses" } />
                <label>
                    {lang.t(BMsg::PurchasingAccount)}
                    <select name="account" data-testid="account-picker">
                        {page.accounts.iter().map(|a| view! {
                            <option value=a.id selected=a.id == picked>{format!("{} {} ({})", a.number, a.name, a.agreement_number)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <button type="submit" class="secondary">{lang.t(BMsg::Show)}</button>
            </form>
        }
    });
    let tab = |href: String, selected: bool, msg: Text, id: &'static str| {
        view! {
            <a href=href role="tab" aria-selected=selected.to_string() class:active=selected data-testid=id>{lang.t(msg)}</a>
        }
    };
    let customer_name = inv.account.customer_name.clone();
    let content = if benefits_tab {
        benefits(lang, inv, page.has_partner_requests).into_any()
    } else {
        licenses(lang, &inv).into_any()
    };
    view! {
        <p class="muted">{customer_name}</p>
        {picker}
        <nav class="tabs" role="tablist">
            {tab(format!("{base}&tab=licenses"), !benefits_tab, BMsg::TabLicenses, "tab-licenses")}
            {tab(format!("{base}&tab=benefits"), benefits_tab, BMsg::TabBenefits, "tab-benefits")}
        </nav>
        {content}
    }
    .into_any()
}

fn licenses(lang: Lang, inv: &InventoryView) -> impl IntoView {
    view! {
        <table data-testid="licenses">
            <thead><tr><th>{lang.t(BMsg::Product)}</th><th>{lang.t(BMsg::Quantity)}</th></tr></thead>
            <tbody>
                {inv.licenses.iter().map(|l| view! { <tr><td>{l.product.clone()}</td><td>{l.quantity}</td></tr> }).collect_view()}
            </tbody>
        </table>
    }
}

fn benefits(lang: Lang, inv: InventoryView, has_requests: bool) -> impl IntoView {
    let empty = inv.benefits.is_empty();
    let rows = inv
        .benefits
        .clone()
        .into_iter()
        .map(|b| {
            let href = format!("/benefits/{}", b.id);
            let label = format!("{} — {}", lang.t(BMsg::Details), lang.benefit(b.kind));
            view! {
                <tr data-kind=b.kind.code() data-remaining=b.remaining class:expired=b.expired>
                    <td>
                        <strong>{lang.benefit(b.kind)}</strong>
                        <details>
                            <summary>{lang.t(BMsg::Description)}</summary>
                            <p>{lang.benefit_description(b.kind)}</p>
                        </details>
                    </td>
                    <td data-testid="figures">{figures(lang, &b)}</td>
                    <td><Identifiers benefit=b.clone() /></td>
                    <td><a href=href class="arrow" aria-label=label>"→"</a></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {has_requests.then(|| view! {
            <p><a href="/partner-benefits" data-testid="partner-permissions-link">{lang.t(BMsg::PartnerPermissionsLink)}</a></p>
        })}
        {(!empty).then(|| view! { <UsageChart benefits=inv.benefits.clone() /> })}
        {if empty {
            view! { <p>{lang.t(BMsg::NoBenefits)}</p> }.into_any()
        } else {
            view! {
                <table data-testid="benefits">
                    <thead>
                        <tr>
                            <th>{lang.t(BMsg::Benefit)}</th>
                            <th>{lang.t(BMsg::UsedRemaining)}</th>
                            <th>{lang.t(BMsg::Identifiers)}</th>
                            <th></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }.into_any()
        }}
        {(!inv.more.is_empty()).then(|| view! {
            <h2>{lang.t(BMsg::MoreBenefits)}</h2>
            <ul class="list" data-testid="more-benefits">
                {inv.more.iter().map(|k| view! {
                    <li><strong>{lang.benefit(*k)}</strong> " — " {lang.benefit_description(*k)} " " <span class="muted">{lang.t(BMsg::ContactPartner)}</span></li>
                }).collect_view()}
            </ul>
        })}
    }
}
