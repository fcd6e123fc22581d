//! The partner's Benefits page (seed 003, R-MPN-01 … 07): the packages to
//! buy, and for the packages bought the five tabs — Software, Cloud, Visual
//! Studio subscriptions, Technical benefits, Go-to-market — each row
//! expanding (the seed's down arrow) to its details and actions, with what
//! is used and left; the partner's own invoice lines; and "Cancel with
//! refund" with its live preview. Server HTML but the preview.

mod alternate;
mod refund;
mod tabs;

use domain::mpn_views::{BenefitsPage, PackageOffer, PackageView};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use super::{error_view, signed_in, to_login};
use crate::api::mpn::{load_membership_benefits, BuyPackage};
use crate::components::forms::{FormErrors, ServerForm};
use crate::i18n::{use_lang, Lang, MMsg};

/// The tabs, as `?tab=` names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Software,
    Cloud,
    VisualStudio,
    Technical,
    GoToMarket,
}

impl Tab {
    const ALL: [Tab; 5] = [
        Tab::Software,
        Tab::Cloud,
        Tab::VisualStudio,
        Tab::Technical,
        Tab::GoToMarket,
    ];

    fn code(self) -> &'static str {
        match self {
            Tab::Software => "software",
            Tab::Cloud => "cloud",
            Tab::VisualStudio => "visual-studio",
            Tab::Technical => "technical",
            Tab::GoToMarket => "go-to-market",
        }
    }

    fn label(self, lang: Lang) -> &'static str {
        lang.t(match self {
            Tab::Software => MMsg::Software,
            Tab::Cloud => MMsg::Cloud,
            Tab::VisualStudio => MMsg::VisualStudio,
            Tab::Technical => MMsg::Technical,
            Tab::GoToMarket => MMsg::GoToMarket,
        })
    }
}

/// What the page's query picked: the tab, and a software download's edition.
#[derive(Clone, Debug)]
pub(super) struct Query {
    tab: Tab,
    pub purchase: Option<i64>,
    pub product: String,
    pub version: String,
    pub language: String,
    pub file_type: String,
}

#[component]
pub fn MembershipBenefits() -> impl IntoView {
    if signed_in().is_none() {
        return to_login();
    }
    let lang = use_lang();
    let query = use_query_map().with_untracked(|q| Query {
        tab: q
            .get("tab")
            .and_then(|t| Tab::ALL.into_iter().find(|x| x.code() == t))
            .unwrap_or(Tab::Software),
        purchase: q.get("purchase").and_then(|p| p.parse().ok()),
        product: q.get("product").unwrap_or_default(),
        version: q.get("version").unwrap_or_default(),
        language: q.get("language").unwrap_or_default(),
        file_type: q.get("file_type").unwrap_or_default(),
    });
    let done = use_query_map().with_untracked(|q| q.get("done").is_some());
    let page = Resource::new(|| (), |_| load_membership_benefits());
    view! {
        <section class="card">
            <h1>{lang.t(MMsg::Benefits)}</h1>
            <p class="hint">{lang.t(MMsg::BenefitsHint)}</p>
            {done.then(|| view! { <div class="banner success" role="status" data-testid="mpn-done">{lang.t(MMsg::Done)}</div> })}
        </section>
        <Suspense fallback=|| ()>
            {move || {
                let query = query.clone();
                Suspend::new(async move {
                    match page.await {
                        Ok(p) => benefits(lang, p, &query),
                        Err(e) => error_view(e),
                    }
                })
            }}
        </Suspense>
    }
    .into_any()
}

fn benefits(lang: Lang, p: BenefitsPage, query: &Query) -> AnyView {
    let bought = p.packages.len();
    let offers = offers(lang, &p.offers, bought);
    if p.packages.is_empty() {
        return view! {
            <section class="card"><p data-testid="mpn-none">{lang.t(MMsg::NoPackages)}</p></section>
            {offers}
        }
        .into_any();
    }
    let nav = Tab::ALL
        .into_iter()
        .map(|t| {
            let current = t == query.tab;
            view! {
                <a href=format!("?tab={}", t.code()) class:active=current
                    aria-current=current.then_some("page") data-testid=format!("tab-{}", t.code())>{t.label(lang)}</a>
            }
        })
        .collect_view();
    let contact = (query.tab == Tab::GoToMarket).then(|| tabs::marketing_contact(lang, &p));
    let packages = p
        .packages
        .iter()
        .map(|pkg| package(lang, &p, pkg, query))
        .collect_view();
    let bills = p
        .bills
        .iter()
        .map(|b| {
            view! {
                <tr data-testid="mpn-bill" data-reason=b.reason.clone() data-amount=b.amount.minor>
                    <td>{b.month.clone()}</td><td>{b.name.clone()}</td>
                    <td class="num">{b.amount.to_string()}</td><td class="nowrap">{lang.datetime(b.at)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <nav class="tabs" aria-label=lang.t(MMsg::Benefits)>{nav}</nav>
        {contact}
        {packages}
        <section class="card">
            <h2>{lang.t(MMsg::Bills)}</h2>
            <table data-testid="mpn-bills"><tbody>{bills}</tbody></table>
        </section>
        {offers}
    }
    .into_any()
}

/// One package: its heading and the chosen tab's benefits; its cancel.
fn package(lang: Lang, p: &BenefitsPage, pkg: &PackageView, query: &Query) -> AnyView {
    let state = if pkg.cancelled_at.is_some() {
        Some(
            view! { <p class="badge danger" data-testid="mpn-cancelled">{lang.t(MMsg::PackageCancelled)}</p> },
        )
    } else if pkg.refund_requested {
        Some(
            view! { <p class="badge" data-testid="mpn-refund-requested">{lang.t(MMsg::RefundRequested)}</p> },
        )
    } else {
        None
    };
    let live = pkg.cancelled_at.is_none() && !pkg.refund_requested;
    let content = match query.tab {
        Tab::Software => tabs::software(lang, p, pkg, query, live),
        Tab::Cloud => tabs::cloud(lang, p, pkg, live),
        Tab::VisualStudio => tabs::visual_studio(lang, p, pkg, live),
        Tab::Technical => tabs::technical(lang, p, pkg, live),
        Tab::GoToMarket => tabs::go_to_market(lang, p, pkg, live),
    };
    let cancel = pkg
        .refund
        .clone()
        .map(|dialog| view! { <refund::RefundPanel dialog /> });
    view! {
        <section class="card" data-testid="mpn-package" data-package=pkg.package_id.clone()>
            <h2>{pkg.name.clone()}</h2>
            <dl class="facts">
                <dt>{lang.t(MMsg::Bought)}</dt><dd>{lang.datetime(pkg.purchased_at)}</dd>
                <dt>{lang.t(MMsg::Paid)}</dt><dd>{pkg.paid.to_string()}</dd>
                <dt>{lang.t(MMsg::Order)}</dt><dd>{format!("#{}", pkg.order_id)}</dd>
            </dl>
            {state}
            {(!p.can_assign).then(|| view! { <p class="hint">{lang.t(MMsg::OnlyGlobalAdmin)}</p> })}
            {content}
            {cancel}
        </section>
    }
    .into_any()
}

fn offers(lang: Lang, offers: &[PackageOffer], bought: usize) -> AnyView {
    let rows = offers
        .iter()
        .map(|o| {
            let contains = format!(
                "{} {}, {} {}, {} {}, {} {}, {} {}",
                o.software,
                lang.t(MMsg::Software),
                o.cloud,
                lang.t(MMsg::Cloud),
                o.visual_studio,
                lang.t(MMsg::VisualStudio),
                o.technical,
                lang.t(MMsg::Technical),
                o.go_to_market,
                lang.t(MMsg::GoToMarket),
            );
            let id = o.id.clone();
            let buy = o.price.map(|_| {
                let (key, testid) = (format!("{id}-{bought}"), format!("buy-{id}"));
                view! {
                    <ServerForm action=BuyPackage::PATH done="?done=1">
                        <input type="hidden" name="form[package_id]" value=id />
                        <input type="hidden" name="form[idempotency_key]" value=key />
                        <FormErrors />
                        <button type="submit" data-testid=testid>{lang.t(MMsg::Buy)}</button>
                    </ServerForm>
                }
            });
            view! {
                <tr data-testid="mpn-offer">
                    <td><strong>{o.name.clone()}</strong><br /><span class="hint">{lang.t(MMsg::Contains)} ": " {contains}</span></td>
                    <td class="num">{o.price.map(|p| p.to_string())}</td>
                    <td>{buy}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>{lang.t(MMsg::BuyPackage)}</h2>
            <table data-testid="mpn-offers"><tbody>{rows}</tbody></table>
        </section>
    }
    .into_any()
}
