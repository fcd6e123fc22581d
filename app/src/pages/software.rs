//! The customer's Software page (seed 002, R-SW-03, R-SW-04): what was
//! bought, per order line; for a selling partner's Admin Agent, version,
//! language and file type/OS → "Submit" shows that file → "Get keys and
//! downloads" makes a fresh link, listed with its days and downloads left.
//! The customer's users who may view keys see them read-only, each after
//! "Show product key" (the recorded reveal). "Cancel" is
//! `software_cancel`. And the page a download link that can no longer be
//! used leads to. Server HTML but the cancel preview.

use domain::software_views::{LinkView, SoftwarePage, SoftwarePurchaseView};
use domain::LinkStatus;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use super::software_cancel::CancelPanel;
use super::subscriptions::{customer_id, CustomerTabs};
use super::{error_view, signed_in, to_login};
use crate::api::software::{load_software, GetKeysAndDownloads, ShowProductKey};
use crate::components::copy::CopyButton;
use crate::components::edition::edition_selects;
use crate::components::forms::{FieldErrors, FormErrors, ServerForm};
use crate::i18n::{use_lang, Lang, SwMsg};

/// The edition the "Submit" step picked, from the page's query.
#[derive(Clone, Default)]
struct Picked {
    purchase: Option<i64>,
    version: String,
    language: String,
    file_type: String,
}

#[component]
pub fn SoftwareList() -> impl IntoView {
    if signed_in().is_none() {
        return to_login();
    }
    let lang = use_lang();
    let customer = customer_id();
    let cancelled = use_query_map().with_untracked(|q| q.get("cancelled").is_some());
    let picked = use_query_map().with_untracked(|q| Picked {
        purchase: q.get("purchase").and_then(|p| p.parse().ok()),
        version: q.get("version").unwrap_or_default(),
        language: q.get("language").unwrap_or_default(),
        file_type: q.get("file_type").unwrap_or_default(),
    });
    let page = Resource::new(customer, load_software);
    view! {
        <section class="card">
            <CustomerTabs customer=customer() title=lang.t(SwMsg::Software) />
            <p class="hint">{lang.t(SwMsg::SoftwareHint)}</p>
        </section>
        <Suspense fallback=|| ()>
            {move || {
                let picked = picked.clone();
                Suspend::new(async move {
                    match page.await {
                        Ok(p) if p.purchases.is_empty() => view! { <section class="card"><p>{lang.t(SwMsg::NoSoftware)}</p></section> }.into_any(),
                        Ok(p) => purchases(lang, p, customer(), &picked, cancelled),
                        Err(e) => error_view(e),
                    }
                })
            }}
        </Suspense>
    }
    .into_any()
}

fn purchases(
    lang: Lang,
    p: SoftwarePage,
    customer: i64,
    picked: &Picked,
    cancelled: bool,
) -> AnyView {
    let can_get_keys = p.can_get_keys;
    let tax = lang.tax_basis(p.tax);
    let done = cancelled.then(|| view! {
        <div class="banner success" role="status" data-testid="software-cancelled-banner">{lang.t(SwMsg::CancelDone)}</div>
    });
    let cancel = p
        .cancel
        .map(|dialog| view! { <CancelPanel dialog customer /> });
    let list = p
        .purchases
        .into_iter()
        .map(|purchase| {
            // Only the purchase the "Submit" step was for shows its pick.
            let picked = if picked.purchase == Some(purchase.id) {
                picked.clone()
            } else {
                Picked::default()
            };
            view! { <Purchase purchase can_get_keys tax picked /> }
        })
        .collect_view();
    view! { {done} {list} {cancel} }.into_any()
}

#[component]
fn Purchase(
    purchase: SoftwarePurchaseView,
    can_get_keys: bool,
    tax: &'static str,
    picked: Picked,
) -> impl IntoView {
    let lang = use_lang();
    let p = purchase;
    let cancelled = p.cancelled_at.map(|at| view! {
        <p class="badge danger" data-testid="software-cancelled">{lang.t(SwMsg::Cancelled)} " " {lang.datetime(at)}</p>
    });
    let keys = if !p.keys.is_empty() {
        let keys = p
            .keys
            .iter()
            .map(|k| view! { <code data-testid="product-key">{k.clone()}</code> })
            .collect_view();
        let until = p.key_shown_until.map(|at| lang.key_shown_until(at));
        view! {
            <dl class="facts">
                <dt>{lang.t(SwMsg::ProductKey)}</dt><dd>{keys} <span class="hint">{until}</span></dd>
                <dt>{lang.t(SwMsg::KeyInstructions)}</dt><dd>{p.key_instructions.clone()}</dd>
            </dl>
        }
        .into_any()
    } else if p.can_show_key {
        view! {
            <ServerForm action=ShowProductKey::PATH>
                <input type="hidden" name="purchase_id" value=p.id />
                <FormErrors />
                <button type="submit" class="secondary" data-testid="show-key">{lang.t(SwMsg::ShowKey)}</button>
                <span class="hint">" " {lang.t(SwMsg::ShowKeyHint)}</span>
            </ServerForm>
        }
        .into_any()
    } else {
        ().into_any()
    };
    let delivery = if p.cancelled_at.is_some() {
        ().into_any()
    } else if can_get_keys {
        view! { <Delivery purchase=p.clone() picked /> }.into_any()
    } else {
        view! { <p class="hint">{lang.t(SwMsg::OnlyAdminAgents)}</p> }.into_any()
    };
    let links = p
        .links
        .iter()
        .cloned()
        .map(|l| view! { <Link link=l /> })
        .collect_view();
    view! {
        <section class="card" data-testid="software-purchase" data-product=p.product_id.clone()>
            <h2>{p.name.clone()}</h2>
            <dl class="facts">
                <dt>{lang.t(SwMsg::License)}</dt><dd>{lang.license(p.license)} " × " {p.quantity}</dd>
                <dt>{lang.t(SwMsg::Total)}</dt><dd>{p.amount.to_string()} " (" {tax} ")"</dd>
                <dt>{lang.t(SwMsg::Order)}</dt><dd><a href=format!("/orders/{}", p.order_id)>{format!("#{}", p.order_id)}</a></dd>
                <dt>{lang.t(SwMsg::Bought)}</dt><dd>{lang.datetime(p.purchased_at)}</dd>
                <dt>{lang.t(SwMsg::SoldBy)}</dt><dd>{p.partner_name.clone()}</dd>
            </dl>
            {cancelled}
            {keys}
            {delivery}
            {(!p.links.is_empty()).then(|| view! {
                <p class="hint">{lang.t(SwMsg::LinkRule)}</p>
                <ul class="links" data-testid="download-links">{links}</ul>
            })}
        </section>
    }
}

/// "Select product" (a GET form: "Submit" shows the file), then "Get keys
/// and downloads" for it.
#[component]
fn Delivery(purchase: SoftwarePurchaseView, picked: Picked) -> impl IntoView {
    let lang = use_lang();
    let p = purchase;
    let chosen = picked.purchase.is_some().then(|| {
        let picked = picked.clone();
        view! {
            <ServerForm action=GetKeysAndDownloads::PATH done=format!(
                "?purchase={}&version={}&language={}&file_type={}",
                p.id, picked.version, picked.language, picked.file_type
            )>
                <input type="hidden" name="form[purchase_id]" value=p.id />
                <input type="hidden" name="form[version]" value=picked.version.clone() />
                <input type="hidden" name="form[language]" value=picked.language.clone() />
                <input type="hidden" name="form[file_type]" value=picked.file_type.clone() />
                <p data-testid="picked">{format!("{} {} · {} · {}", p.name, picked.version, picked.language, picked.file_type)}</p>
                <FieldErrors field="version" />
                <FieldErrors field="language" />
                <FieldErrors field="file_type" />
                <FormErrors />
                <button type="submit" data-testid="get-keys">{lang.t(SwMsg::GetKeysAndDownloads)}</button>
            </ServerForm>
        }
    });
    view! {
        <form method="get" class="inline-form" data-testid="select-product">
            <fieldset>
                <legend>{lang.t(SwMsg::SelectProduct)}</legend>
                <input type="hidden" name="purchase" value=p.id />
                {edition_selects(&p.editions, (&picked.version, &picked.language, &picked.file_type), "pick")}
                <button type="submit" data-testid="submit-product">{lang.t(SwMsg::Submit)}</button>
            </fieldset>
        </form>
        {chosen}
    }
}

/// A download link: the file, "Download", the link to copy, and what is
/// left of it (R-SW-04) or why it can no longer be used. Also a download
/// benefit's (R-SAB-11).
#[component]
pub(crate) fn Link(link: LinkView) -> impl IntoView {
    let lang = use_lang();
    let l = link;
    let state = match l.status {
        LinkStatus::Usable { downloads_left, .. } => view! {
            <span data-testid="link-left">{lang.link_left(l.days_left, downloads_left)}</span>
        }
        .into_any(),
        other => view! { <span class="badge danger" data-testid="link-left">{lang.link_refusal(other)}</span> }.into_any(),
    };
    let usable = matches!(l.status, LinkStatus::Usable { .. });
    view! {
        <li data-testid="download-link" data-sha256=l.sha256.clone() data-size=l.size>
            <strong>{l.file_name.clone()}</strong>
            {format!(" · {} {} · SHA-256 ", l.size, lang.t(SwMsg::Bytes))}
            <code>{l.sha256.clone()}</code>
            <br />
            {state}
            {usable.then(|| view! {
                " "
                <a class="button" href=l.path.clone() download=l.file_name.clone() data-testid="download">{lang.t(SwMsg::Download)}</a>
                <label>
                    <span class="sr-only">{lang.t(SwMsg::LinkToCopy)}</span>
                    <input type="text" readonly value=l.url.clone() data-testid="copy-link" />
                </label>
                <CopyButton text=l.url.clone() />
            })}
        </li>
    }
}

/// Where a download link that gives no file leads (`?why=`): why, and what
/// to do; answered with 410 Gone (404 for an unknown link).
#[component]
pub fn DownloadUnavailable() -> impl IntoView {
    let lang = use_lang();
    let why = use_query_map().with_untracked(|q| q.get("why").unwrap_or_default());
    let (text, status) = match why.as_str() {
        "expired" => (lang.t(SwMsg::UnavailableExpired), http::StatusCode::GONE),
        "used_up" => (lang.t(SwMsg::UnavailableUsedUp), http::StatusCode::GONE),
        "revoked" => (lang.t(SwMsg::UnavailableRevoked), http::StatusCode::GONE),
        _ => (
            lang.t(SwMsg::UnavailableUnknown),
            http::StatusCode::NOT_FOUND,
        ),
    };
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
    view! {
        <section class="card narrow" data-testid="download-unavailable" data-why=why>
            <h1>{lang.t(SwMsg::UnavailableTitle)}</h1>
            <p>{text}</p>
            <p>{lang.t(SwMsg::UnavailableWhatToDo)}</p>
        </section>
    }
}
