//! R-SAB-11: a download benefit's software on its details page: per
//! product, version, language and file type (a GET form: "Submit" shows the
//! pick) → "Get key and download" makes a fresh link; "Show product key"
//! (the recorded reveal) for who may see keys, then the key read-only for a
//! while; the viewer's usable links with what is left of them.
//! Server HTML, no island.

use domain::benefit_views::{BenefitSoftwarePage, BenefitSoftwareView};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::benefits::{load_benefit_software, GetBenefitKeyAndDownload, ShowBenefitKey};
use crate::components::edition::edition_selects;
use crate::components::forms::{FieldErrors, FormErrors, ServerForm};
use crate::i18n::BMsg;
use crate::i18n::{use_lang, SwMsg};
use crate::pages::error_view;
use crate::pages::software::Link;

/// The edition the "Submit" step picked, from the page's query.
#[derive(Clone, Default)]
pub struct Picked {
    pub product: Option<String>,
    pub version: String,
    pub language: String,
    pub file_type: String,
}

#[component]
pub fn BenefitSoftware(benefit_id: i64, picked: Picked) -> impl IntoView {
    let lang = use_lang();
    let page = Resource::new(move || benefit_id, load_benefit_software);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let picked = picked.clone();
                Suspend::new(async move {
                    match page.await {
                        Ok(p) if p.products.is_empty() => ().into_any(),
                        Ok(p) => view! {
                            <section class="card" data-testid="benefit-software">
                                <h2>{lang.t(BMsg::BenefitSoftware)}</h2>
                                <p class="hint">{lang.t(BMsg::BenefitSoftwareHint)}</p>
                                {products(benefit_id, p, &picked)}
                            </section>
                        }
                        .into_any(),
                        Err(e) => error_view(e),
                    }
                })
            }}
        </Suspense>
    }
}

fn products(benefit_id: i64, p: BenefitSoftwarePage, picked: &Picked) -> impl IntoView {
    let can_download = p.can_download;
    p.products
        .into_iter()
        .map(|product| {
            // Only the product the "Submit" step was for shows its pick.
            let picked = if picked.product.as_deref() == Some(product.product_id.as_str()) {
                picked.clone()
            } else {
                Picked::default()
            };
            view! { <Product benefit_id product can_download picked /> }
        })
        .collect_view()
}

#[component]
fn Product(
    benefit_id: i64,
    product: BenefitSoftwareView,
    can_download: bool,
    picked: Picked,
) -> impl IntoView {
    let lang = use_lang();
    let p = product;
    let key = if let Some(k) = p.key.clone() {
        let until = p.key_shown_until.map(|at| lang.key_shown_until(at));
        view! {
            <dl class="facts">
                <dt>{lang.t(SwMsg::ProductKey)}</dt>
                <dd>
                    <input data-testid="benefit-product-key" type="text" readonly value=k aria-label=lang.t(SwMsg::ProductKey) />
                    " " <span class="hint">{until}</span>
                </dd>
                {(!p.key_instructions.is_empty()).then(|| view! {
                    <dt>{lang.t(SwMsg::KeyInstructions)}</dt><dd>{p.key_instructions.clone()}</dd>
                })}
            </dl>
        }
        .into_any()
    } else if p.can_show_key {
        let product_id = p.product_id.clone();
        view! {
            <ServerForm action=ShowBenefitKey::PATH>
                <input type="hidden" name="benefit_id" value=benefit_id />
                <input type="hidden" name="product_id" value=product_id />
                <FormErrors />
                <button type="submit" class="secondary" data-testid="show-benefit-key">{lang.t(SwMsg::ShowKey)}</button>
                <span class="hint">" " {lang.t(BMsg::ShowKeyHint)}</span>
            </ServerForm>
        }
        .into_any()
    } else {
        ().into_any()
    };
    let delivery = if can_download {
        view! { <Delivery benefit_id product=p.clone() picked /> }.into_any()
    } else {
        view! { <p class="hint">{lang.t(BMsg::NoDownloadPermission)}</p> }.into_any()
    };
    let links = p
        .links
        .iter()
        .cloned()
        .map(|l| view! { <Link link=l /> })
        .collect_view();
    view! {
        <div data-testid="benefit-product" data-product=p.product_id.clone()>
            <h3>{p.name.clone()}</h3>
            {key}
            {delivery}
            {(!p.links.is_empty()).then(|| view! {
                <ul class="links" data-testid="download-links">{links}</ul>
            })}
        </div>
    }
}

/// "Select product" (a GET form: "Submit" shows the file), then "Get key
/// and download" for it.
#[component]
fn Delivery(benefit_id: i64, product: BenefitSoftwareView, picked: Picked) -> impl IntoView {
    let lang = use_lang();
    let p = product;
    let product_id = p.product_id.clone();
    let chosen = picked.product.is_some().then(|| {
        let picked = picked.clone();
        let query = format!(
            "?product={}&version={}&language={}&file_type={}",
            p.product_id, picked.version, picked.language, picked.file_type
        );
        view! {
            <ServerForm action=GetBenefitKeyAndDownload::PATH done=format!("{query}&done=link_made")>
                <input type="hidden" name="form[benefit_id]" value=benefit_id />
                <input type="hidden" name="form[product_id]" value=p.product_id.clone() />
                <input type="hidden" name="form[version]" value=picked.version.clone() />
                <input type="hidden" name="form[language]" value=picked.language.clone() />
                <input type="hidden" name="form[file_type]" value=picked.file_type.clone() />
                <p data-testid="picked">{format!("{} {} · {} · {}", p.name, picked.version, picked.language, picked.file_type)}</p>
                <FieldErrors field="product_id" />
                <FieldErrors field="version" />
                <FieldErrors field="language" />
                <FieldErrors field="file_type" />
                <FormErrors />
                <button type="submit" data-testid="get-key-and-download">{lang.t(BMsg::GetKeyAndDownload)}</button>
            </ServerForm>
        }
    });
    view! {
        <form method="get" class="inline-form" data-testid="select-benefit-product">
            <fieldset>
                <legend>{lang.t(SwMsg::SelectProduct)}</legend>
                <input type="hidden" name="product" value=product_id />
                {edition_selects(&p.editions, (&picked.version, &picked.language, &picked.file_type), "pick")}
                <button type="submit" data-testid="submit-product">{lang.t(SwMsg::Submit)}</button>
            </fieldset>
        </form>
        {chosen}
    }
}
