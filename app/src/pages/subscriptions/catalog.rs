//! "Add subscription" (R-SUB-01 … R-SUB-05): the offers for the customer's
//! segment, filtered by publisher / billing type / category (the filters
//! are the page's URL); quantity → "Add to cart"; "Review"; attestation,
//! resellers; "Submit" orders the cart as reviewed, or the page loads again
//! with the cart as it is now. Every part is server-rendered HTML.

use domain::software_views::{SoftwareCartLine, SoftwareOffer};
use domain::subscription_views::{CartLineView, CatalogPage, OfferRow};
use domain::{
    lines_digest, BillingType, Category, ErrorCode, FieldError, OfferFilter, OrderError, Publisher,
};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use super::super::{error_view, signed_in, to_login};
use super::{customer_id, CustomerTabs};
use crate::api::software::{AddSoftwareToCart, RemoveSoftwareLine};
use crate::api::subscriptions::{load_catalog, AddToCart, RemoveCartLine, SubmitOrder};
use crate::components::forms::{FieldErrors, FormErrors, ServerForm};
use crate::i18n::{use_lang, Lang, Msg, SMsg, SwMsg, Text};

#[component]
pub fn AddSubscription() -> impl IntoView {
    if signed_in().is_none() {
        return to_login();
    }
    let customer = customer_id();
    let filter = use_query_map().with_untracked(|q| OfferFilter {
        publisher: q.get("publisher").and_then(|c| Publisher::parse(&c)),
        billing_type: q.get("billing_type").and_then(|c| BillingType::parse(&c)),
        category: q.get("category").and_then(|c| Category::parse(&c)),
    });
    let chosen = filter.clone();
    // Set when the cart changed after it was reviewed (see `ReviewForm`).
    let cart_changed = use_query_map()
        .with_untracked(|q| q.get("refused").as_deref() == Some(OrderError::CartChanged.code()));
    let page = Resource::new(customer, move |c| load_catalog(c, filter.clone()));
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let chosen = chosen.clone();
                Suspend::new(async move {
                    match page.await {
                        Ok(p) => catalog(use_lang(), p, chosen, cart_changed),
                        Err(e) => error_view(e),
                    }
                })
            }}
        </Suspense>
    }
    .into_any()
}

fn catalog(lang: Lang, p: CatalogPage, filter: OfferFilter, cart_changed: bool) -> AnyView {
    let customer = p.customer.id;
    let offers = p
        .offers
        .into_iter()
        .map(|row| view! { <OfferLine row customer /> })
        .collect_view();
    view! {
        <section class="card">
            <h1>{lang.t(SMsg::AddSubscription)} " · " {p.customer.name.clone()}</h1>
            <CustomerTabs customer />
            <p class="hint">{lang.t(SMsg::Segment)} ": " {p.customer.segment.code()} " · " {p.customer.currency.code()}</p>
        </section>
        <section class="card">
            <Filters lang filter />
            <table data-testid="offers">
                <thead><tr>
                    <th>{lang.t(SMsg::Product)}</th>
                    <th>{lang.t(SMsg::PricePerSeat)}</th>
                    <th>{lang.t(SMsg::Term)}</th>
                    <th>{lang.t(SMsg::Billing)}</th>
                    <th>{lang.t(SMsg::Quantity)}</th>
                    <th></th>
                </tr></thead>
                <tbody>{offers}</tbody>
            </table>
        </section>
        <Software products=p.software.products customer tax=lang.tax_basis(p.software.tax) />
        <Cart lines=p.cart software=p.software.cart tax=lang.tax_basis(p.software.tax)
            customer eu_efta=p.customer.eu_efta cart_changed />
    }
    .into_any()
}

/// "Add products" (R-SW-01): server software and software subscriptions,
/// each at its unit price with whether it includes tax.
#[component]
fn Software(products: Vec<SoftwareOffer>, customer: i64, tax: &'static str) -> impl IntoView {
    let lang = use_lang();
    let rows = products
        .into_iter()
        .map(|p| {
            let form = format!("add-software-{}", p.product_id);
            let id = p.product_id.clone();
            view! {
                <tr data-software=id>
                    <td><strong>{p.name}</strong></td>
                    <td>{lang.license(p.license)}</td>
                    <td class="num">{p.unit_price.to_string()} <span class="hint">" (" {tax} ")"</span></td>
                    <td>
                        <input type="text" inputmode="numeric" size="5" name="form[quantity]" value="1" form=form.clone()
                            aria-label=lang.t(SMsg::Quantity) data-testid="software-quantity" />
                    </td>
                    <td>
                        <ServerForm action=AddSoftwareToCart::PATH attr:id=form>
                            <input type="hidden" name="form[customer_id]" value=customer />
                            <input type="hidden" name="form[product_id]" value=p.product_id />
                            <button type="submit" data-testid="add-software">{lang.t(SMsg::AddToCart)}</button>
                            <FormErrors />
                        </ServerForm>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" id="software">
            <h2>{lang.t(SwMsg::AddProducts)}</h2>
            <p class="hint">{lang.t(SwMsg::AddProductsHint)}</p>
            <table data-testid="software-products">
                <thead><tr>
                    <th>{lang.t(SMsg::Product)}</th>
                    <th>{lang.t(SwMsg::License)}</th>
                    <th>{lang.t(SwMsg::UnitPrice)}</th>
                    <th>{lang.t(SMsg::Quantity)}</th>
                    <th></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// The filters: a GET form, sent whenever one changes.
#[component]
fn Filters(lang: Lang, filter: OfferFilter) -> impl IntoView {
    fn select<T: Copy + PartialEq>(
        name: &'static str,
        label: &'static str,
        any: &'static str,
        all: &[T],
        chosen: Option<T>,
        code: fn(T) -> &'static str,
        text: impl Fn(T) -> &'static str,
    ) -> impl IntoView {
        let options = all
            .iter()
            .map(|v| view! { <option value=code(*v) selected=chosen == Some(*v)>{text(*v)}</option> })
            .collect_view();
        view! {
            <label>
                {label}
                <select name=name>
                    <option value="">{any}</option>
                    {options}
                </select>
            </label>
        }
    }
    let any = lang.t(SMsg::Any);
    view! {
        <form method="get" class="filters">
            <fieldset>
                <legend>{lang.t(SMsg::Filters)}</legend>
                {select("publisher", lang.t(SMsg::Publisher), any, Publisher::ALL, filter.publisher, Publisher::code, move |v| lang.publisher(v))}
                {select("billing_type", lang.t(SMsg::BillingType), any, BillingType::ALL, filter.billing_type, BillingType::code, move |v| lang.billing_type(v))}
                {select("category", lang.t(SMsg::Category), any, Category::ALL, filter.category, Category::code, move |v| lang.category(v))}
                <button type="submit" class="secondary">{lang.t(SMsg::ApplyFilters)}</button>
            </fieldset>
        </form>
    }
}

/// One offer: its prices, and unless unavailable, term, billing, quantity
/// and "Add to cart". The server refuses a billing the term does not offer.
#[component]
fn OfferLine(row: OfferRow, customer: i64) -> impl IntoView {
    let lang = use_lang();
    let offer = row.offer;
    let prices = row
        .prices
        .iter()
        .map(|(t, m)| format!("{}: {}", lang.term(*t), m))
        .collect::<Vec<_>>()
        .join(" · ");
    let action = match row.unavailable {
        Some(code) => view! {
            <td colspan="3"></td>
            <td class="hint" data-testid="unavailable">{lang.t(SMsg::Unavailable)} ": " {lang.error(&domain::FieldError::from_code("", &code))}</td>
        }
        .into_any(),
        None => {
            let terms = offer
                .terms
                .iter()
                .map(|t| view! { <option value=t.term.code()>{lang.term(t.term)}</option> })
                .collect_view();
            let frequencies = offer
                .frequencies()
                .into_iter()
                .map(|f| view! { <option value=f.code()>{lang.frequency(f)}</option> })
                .collect_view();
            // A trial's seats are fixed (the server sets them whatever is sent).
            let seats = if offer.is_trial() { domain::TRIAL_SEATS } else { 1 };
            let offer_id = offer.id.clone();
            let form = format!("add-{}", offer.id);
            // Named with their column and offer: a table cell is no label.
            let named = |column: Text| format!("{}: {}", lang.t(column), offer.name);
            view! {
                <td>
                    <select name="form[term]" form=form.clone() aria-label=named(SMsg::Term)>{terms}</select>
                </td>
                <td>
                    <select name="form[frequency]" form=form.clone() aria-label=named(SMsg::Billing)>{frequencies}</select>
                </td>
                <td>
                    <input type="text" inputmode="numeric" size="5" name="form[seats]" value=seats form=form.clone()
                        readonly=offer.is_trial() aria-label=named(SMsg::Quantity) data-testid="quantity" />
                </td>
                <td>
                    // The fields above name this form (a <form> cannot wrap
                    // table cells); their errors appear under the button.
                    <ServerForm action=AddToCart::PATH attr:id=form>
                        <input type="hidden" name="form[customer_id]" value=customer />
                        <input type="hidden" name="form[offer_id]" value=offer_id />
                        <button type="submit" data-testid="add-to-cart">{lang.t(SMsg::AddToCart)}</button>
                        <FormErrors />
                    </ServerForm>
                </td>
            }
            .into_any()
        }
    };
    view! {
        <tr data-offer=offer.id.clone()>
            <td>
                <strong>{offer.name.clone()}</strong>
                <br />
                <span class="hint">{lang.publisher(offer.publisher)} " · " {lang.category(offer.category)} " · " {lang.billing_type(offer.billing_type)}</span>
                {offer.free_trial.then(|| view! {
                    <br />
                    <span class="tag" data-testid="free-trial">{lang.t(SMsg::FreeTrialIncluded)}</span>
                })}
            </td>
            <td class="hint">{prices}</td>
            {action}
        </tr>
    }
}

#[component]
fn Cart(
    lines: Vec<CartLineView>,
    software: Vec<SoftwareCartLine>,
    tax: &'static str,
    customer: i64,
    eu_efta: bool,
    cart_changed: bool,
) -> impl IntoView {
    let lang = use_lang();
    let body = if lines.is_empty() && software.is_empty() {
        view! { <p>{lang.t(SMsg::CartEmpty)}</p> }.into_any()
    } else {
        // One key per cart content: a double click or a retried request
        // sends the same key and gets the same order (R-SUB-03). Line ids
        // are never reused, so different carts never share a key; the
        // server also binds the key to the customer and to these lines.
        let ids = |first: Option<i64>, last: Option<i64>, n: usize| {
            format!("{}-{}-{n}", first.unwrap_or(0), last.unwrap_or(0))
        };
        let key = format!(
            "cart-{}-sw-{}",
            ids(
                lines.first().map(|l| l.id),
                lines.last().map(|l| l.id),
                lines.len()
            ),
            ids(
                software.first().map(|l| l.id),
                software.last().map(|l| l.id),
                software.len()
            ),
        );
        let reviewed = lines_digest(&lines, &software);
        {
            let rows = lines
                .into_iter()
                .map(|l| {
                    view! {
                        <tr data-cart-line=l.offer_id.clone()>
                            <td>{l.name}</td>
                            <td class="num">{l.seats}</td>
                            <td>{lang.term(l.term)}</td>
                            <td>{lang.frequency(l.frequency)}</td>
                            <td class="num">{l.first_charge.to_string()}</td>
                            <td><RemoveLine action=RemoveCartLine::PATH id=l.id /></td>
                        </tr>
                    }
                })
                .collect_view();
            let software_rows = software
                .into_iter()
                .map(|l| {
                    view! {
                        <tr data-cart-software=l.product_id.clone()>
                            <td>{l.name}</td>
                            <td class="num">{l.quantity}</td>
                            <td colspan="2">{lang.license(l.license)}</td>
                            <td class="num">{l.total.to_string()} <span class="hint">" (" {tax} ")"</span></td>
                            <td><RemoveLine action=RemoveSoftwareLine::PATH id=l.id /></td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table>
                    <thead><tr>
                        <th>{lang.t(SMsg::Product)}</th>
                        <th>{lang.t(SMsg::Quantity)}</th>
                        <th>{lang.t(SMsg::Term)}</th>
                        <th>{lang.t(SMsg::Billing)}</th>
                        <th>{lang.t(SMsg::FirstCharge)}</th>
                        <th></th>
                    </tr></thead>
                    <tbody>{rows}{software_rows}</tbody>
                </table>
                <details class="review">
                    <summary class="button" data-testid="review">{lang.t(SMsg::Review)}</summary>
                    <ReviewForm customer key reviewed eu_efta />
                </details>
            }
            .into_any()
        }
    };
    let changed = cart_changed.then(|| {
        let e = FieldError::new("", &OrderError::CartChanged);
        view! { <p class="form-error" role="alert" data-testid="cart-changed">{lang.error(&e)}</p> }
    });
    view! {
        <section class="card" data-testid="cart">
            <h2>{lang.t(SMsg::Cart)}</h2>
            {changed}
            {body}
        </section>
    }
}

/// "Remove" for one cart line (`action`: the subscriptions' or the software's).
#[component]
fn RemoveLine(action: &'static str, id: i64) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ServerForm action>
            <input type="hidden" name="line_id" value=id />
            <button type="submit" class="link danger">{lang.t(Msg::Remove)}</button>
            <FormErrors />
        </ServerForm>
    }
}

/// Submits the cart as reviewed: `reviewed` is the digest of the lines shown
/// above. If another tab changed the cart since, the server refuses it and
/// the page loads again showing the cart as it is (R-SUB-03).
#[component]
fn ReviewForm(customer: i64, key: String, reviewed: String, eu_efta: bool) -> impl IntoView {
    let lang = use_lang();
    let additional = eu_efta.then(|| {
        let inputs = (0..domain::orders::MAX_ADDITIONAL_RESELLERS)
            .map(|i| {
                view! {
                    <input type="text" inputmode="numeric" name="form[additional_resellers][]"
                        aria-label=format!("{} {}", lang.t(SMsg::Reseller), i + 1) />
                    <FieldErrors field=format!("additional_resellers.{i}") />
                }
            })
            .collect_view();
        view! {
            <fieldset>
                <legend>{lang.t(SMsg::AdditionalResellers)}</legend>
                {inputs}
                <FieldErrors field="additional_resellers" />
            </fieldset>
        }
    });
    view! {
        <ServerForm action=SubmitOrder::PATH done="/orders/{}?confirmed=1"
            reload_on=OrderError::CartChanged.code() attr:data-testid="review-form">
            <input type="hidden" name="form[customer_id]" value=customer />
            <input type="hidden" name="form[idempotency_key]" value=key />
            <input type="hidden" name="form[reviewed]" value=reviewed />
            <label class="check">
                <input type="checkbox" name="form[attested]" value="true" data-testid="attest" />
                {lang.t(SMsg::Attestation)}
            </label>
            <FieldErrors field="attested" />
            <label>
                {lang.t(SMsg::IndirectReseller)}
                <input type="text" inputmode="numeric" name="form[reseller]" />
            </label>
            <FieldErrors field="reseller" />
            {additional}
            <FormErrors />
            <button type="submit" data-testid="submit-order">{lang.t(SMsg::Submit)}</button>
        </ServerForm>
    }
}
