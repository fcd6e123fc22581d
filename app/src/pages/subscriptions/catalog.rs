//! "Add subscription" (R-SUB-01 … R-SUB-05): the offers for the customer's
//! segment, filtered in the browser by publisher / billing type / category;
//! quantity → "Add to cart"; "Review"; attestation, resellers; "Submit".

use domain::subscription_views::{
    AddToCartForm, CartLineView, CatalogPage, OfferRow, SubmitOrderForm,
};
use domain::{BillingFrequency, BillingType, Category, OfferFilter, Publisher, Term};
use leptos::prelude::*;

use super::super::{error_view, signed_in, to_login};
use super::{customer_id, CustomerTabs};
use crate::api::subscriptions::{load_cart, load_catalog, AddToCart, RemoveCartLine, SubmitOrder};
use crate::components::forms::{action_error, reload_to, FieldErrors, FormErrors};
use crate::components::from_server::FromServer;
use crate::i18n::{use_lang, Msg, SMsg};

#[component]
pub fn AddSubscription() -> impl IntoView {
    if signed_in().is_none() {
        return to_login();
    }
    let customer = customer_id();
    let page = Resource::new(customer, |c| load_catalog(c, OfferFilter::default()));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let lang = use_lang();
                        view! {
                            <section class="card">
                                <h1>{lang.s(SMsg::AddSubscription)} " · " {p.customer.name.clone()}</h1>
                                <CustomerTabs customer=p.customer.id />
                                <p class="hint">{lang.s(SMsg::Segment)} ": " {p.customer.segment.code()} " · " {p.customer.currency.code()}</p>
                            </section>
                            <CatalogView page=FromServer(p) />
                        }
                        .into_any()
                    }
                    Err(e) => error_view(e),
                }
            })}
        </Suspense>
    }
    .into_any()
}

fn select<T: Copy + Send + Sync + 'static>(
    label: &'static str,
    options: Vec<(T, &'static str)>,
    value: RwSignal<Option<T>>,
    any: &'static str,
) -> impl IntoView {
    let options = StoredValue::new(options);
    view! {
        <label>
            {label}
            <select on:change=move |ev| {
                let i: usize = event_target_value(&ev).parse().unwrap_or(0);
                value.set(options.with_value(|o| i.checked_sub(1).and_then(|i| o.get(i)).map(|(v, _)| *v)));
            }>
                <option value="0">{any}</option>
                {options.with_value(|o| o.iter().enumerate().map(|(i, (_, name))| view! { <option value=(i + 1).to_string()>{*name}</option> }).collect_view())}
            </select>
        </label>
    }
}

/// The filters, the offers and the cart: one island, since the filters and
/// "Add to cart" change what the cart shows without a page load.
#[island]
fn CatalogView(page: FromServer<CatalogPage>) -> impl IntoView {
    let FromServer(page) = page;
    let lang = use_lang();
    let add = ServerAction::<AddToCart>::new();
    let remove = ServerAction::<RemoveCartLine>::new();
    let cart = RwSignal::new(page.cart.clone());
    let customer_id = page.customer.id;
    // After a line is added or removed, the cart is read again from the server.
    Effect::watch(
        move || (add.version().get(), remove.version().get()),
        move |_, _, _| {
            leptos::task::spawn_local(async move {
                if let Ok(lines) = load_cart(customer_id).await {
                    cart.set(lines);
                }
            });
        },
        false,
    );
    let publisher = RwSignal::new(None::<Publisher>);
    let billing_type = RwSignal::new(None::<BillingType>);
    let category = RwSignal::new(None::<Category>);
    let customer = page.customer.clone();
    let offers = StoredValue::new(page.offers);
    // Filtering is the rules crate's, in the browser: no request.
    let shown = move || {
        let filter = OfferFilter {
            publisher: publisher.get(),
            billing_type: billing_type.get(),
            category: category.get(),
        };
        offers.with_value(|o| {
            o.iter()
                .filter(|r| filter.matches(&r.offer))
                .cloned()
                .map(|row| view! { <OfferLine row customer=customer.id add /> })
                .collect_view()
        })
    };
    let add_error = action_error(add);
    view! {
        <section class="card">
            <fieldset class="filters">
                <legend>{lang.s(SMsg::Filters)}</legend>
                {select(lang.s(SMsg::Publisher), vec![(Publisher::Microsoft, lang.publisher(Publisher::Microsoft)), (Publisher::PartnerIsv, lang.publisher(Publisher::PartnerIsv))], publisher, lang.s(SMsg::Any))}
                {select(lang.s(SMsg::BillingType), vec![(BillingType::LicenseBased, lang.billing_type(BillingType::LicenseBased)), (BillingType::UsageBased, lang.billing_type(BillingType::UsageBased))], billing_type, lang.s(SMsg::Any))}
                {select(lang.s(SMsg::Category), vec![(Category::Enterprise, lang.category(Category::Enterprise)), (Category::SmallBusiness, lang.category(Category::SmallBusiness)), (Category::Trial, lang.category(Category::Trial))], category, lang.s(SMsg::Any))}
            </fieldset>
            <FormErrors error=add_error fields=&[] />
            <table data-testid="offers">
                <thead><tr>
                    <th>{lang.s(SMsg::Product)}</th>
                    <th>{lang.s(SMsg::PricePerSeat)}</th>
                    <th>{lang.s(SMsg::Term)}</th>
                    <th>{lang.s(SMsg::Billing)}</th>
                    <th>{lang.s(SMsg::Quantity)}</th>
                    <th></th>
                </tr></thead>
                <tbody>{shown}</tbody>
            </table>
        </section>
        <Cart cart customer=page.customer.id eu_efta=page.customer.eu_efta remove />
    }
}

#[component]
fn OfferLine(row: OfferRow, customer: i64, add: ServerAction<AddToCart>) -> impl IntoView {
    let lang = use_lang();
    let offer = row.offer.clone();
    let terms: Vec<Term> = offer.terms.iter().map(|t| t.term).collect();
    let term = RwSignal::new(terms.first().copied().unwrap_or(Term::P1M));
    let offer_for_freq = StoredValue::new(offer.clone());
    let frequencies = move || {
        offer_for_freq.with_value(|o| {
            o.term_price(term.get())
                .map(|t| t.frequencies.clone())
                .unwrap_or_default()
        })
    };
    let frequency = RwSignal::new(
        frequencies()
            .first()
            .copied()
            .unwrap_or(BillingFrequency::Monthly),
    );
    let quantity = RwSignal::new(if offer.is_trial() {
        "25".to_string()
    } else {
        "1".to_string()
    });
    let prices = row
        .prices
        .iter()
        .map(|(t, m)| format!("{}: {}", lang.term(*t), m))
        .collect::<Vec<_>>()
        .join(" · ");
    let offer_id = offer.id.clone();
    let action = match row.unavailable.clone() {
        Some(code) => view! {
            <td colspan="3"></td>
            <td class="hint" data-testid="unavailable">{lang.s(SMsg::Unavailable)} ": " {lang.error(&domain::FieldError::from_code("", &code))}</td>
        }
        .into_any(),
        None => view! {
            <td>
                <select on:change=move |ev| {
                    if let Some(t) = Term::parse(&event_target_value(&ev)) {
                        term.set(t);
                        if let Some(f) = frequencies().first() { frequency.set(*f); }
                    }
                }>
                    {terms.iter().map(|t| view! { <option value=t.code()>{lang.term(*t)}</option> }).collect_view()}
                </select>
            </td>
            <td>
                <select on:change=move |ev| { if let Some(f) = BillingFrequency::parse(&event_target_value(&ev)) { frequency.set(f); } }>
                    {move || frequencies().into_iter().map(|f| view! { <option value=f.code() selected=move || frequency.get() == f>{lang.frequency(f)}</option> }).collect_view()}
                </select>
            </td>
            <td>
                <input type="text" inputmode="numeric" size="5" data-testid="quantity" disabled=offer.is_trial()
                    prop:value=move || quantity.get() on:input=move |ev| quantity.set(event_target_value(&ev)) />
            </td>
            <td>
                <button type="button" data-testid="add-to-cart" on:click=move |_| {
                    add.dispatch(AddToCart { form: AddToCartForm {
                        customer_id: customer,
                        offer_id: offer_id.clone(),
                        term: term.get_untracked(),
                        frequency: frequency.get_untracked(),
                        seats: quantity.get_untracked(),
                    } });
                }>{lang.s(SMsg::AddToCart)}</button>
            </td>
        }
        .into_any(),
    };
    view! {
        <tr data-offer=offer.id.clone()>
            <td>
                <strong>{offer.name.clone()}</strong>
                <br />
                <span class="hint">{lang.publisher(offer.publisher)} " · " {lang.category(offer.category)} " · " {lang.billing_type(offer.billing_type)}</span>
            </td>
            <td class="hint">{prices}</td>
            {action}
        </tr>
    }
}

#[component]
fn Cart(
    cart: RwSignal<Vec<CartLineView>>,
    customer: i64,
    eu_efta: bool,
    remove: ServerAction<RemoveCartLine>,
) -> impl IntoView {
    let lang = use_lang();
    let reviewing = RwSignal::new(false);
    let body = move || {
        let lines = cart.get();
        if lines.is_empty() {
            return view! { <p>{lang.s(SMsg::CartEmpty)}</p> }.into_any();
        }
        // One key per cart content: a double click or a retried request sends
        // the same key and gets the same order (R-SUB-03). The first line's id
        // is never reused, so different carts never share a key.
        let key = match (lines.first(), lines.last()) {
            (Some(first), Some(last)) => format!("cart-{}-{}-{}", first.id, last.id, lines.len()),
            _ => String::new(),
        };
        let rows = lines
            .into_iter()
            .map(|l| {
                let id = l.id;
                view! {
                    <tr data-cart-line=l.offer_id.clone()>
                        <td>{l.name}</td>
                        <td class="num">{l.seats}</td>
                        <td>{lang.term(l.term)}</td>
                        <td>{lang.frequency(l.frequency)}</td>
                        <td class="num">{l.first_charge.to_string()}</td>
                        <td><button class="link danger" type="button" on:click=move |_| { remove.dispatch(RemoveCartLine { line_id: id }); }>{lang.t(Msg::Remove)}</button></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table>
                <thead><tr>
                    <th>{lang.s(SMsg::Product)}</th>
                    <th>{lang.s(SMsg::Quantity)}</th>
                    <th>{lang.s(SMsg::Term)}</th>
                    <th>{lang.s(SMsg::Billing)}</th>
                    <th>{lang.s(SMsg::FirstCharge)}</th>
                    <th></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <button type="button" data-testid="review" on:click=move |_| reviewing.set(true)>{lang.s(SMsg::Review)}</button>
            <Show when=move || reviewing.get()>
                <ReviewForm customer key=key.clone() eu_efta />
            </Show>
        }
        .into_any()
    };
    view! {
        <section class="card" data-testid="cart">
            <h2>{lang.s(SMsg::Cart)}</h2>
            {body}
        </section>
    }
}

#[component]
fn ReviewForm(customer: i64, key: String, eu_efta: bool) -> impl IntoView {
    let lang = use_lang();
    let submit = ServerAction::<SubmitOrder>::new();
    let error = action_error(submit);
    Effect::new(move |_| {
        if let Some(Ok(order)) = submit.value().get() {
            reload_to(&format!("/orders/{order}?confirmed=1"));
        }
    });
    let attested = RwSignal::new(false);
    let reseller = RwSignal::new(String::new());
    let additional: Vec<RwSignal<String>> = (0..if eu_efta {
        domain::orders::MAX_ADDITIONAL_RESELLERS
    } else {
        0
    })
        .map(|_| RwSignal::new(String::new()))
        .collect();
    let additional_inputs = additional
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let s = *s;
            view! {
                <input type="text" inputmode="numeric" aria-label=format!("{} {}", lang.s(SMsg::Reseller), i + 1)
                    on:input=move |ev| s.set(event_target_value(&ev)) />
                <FieldErrors error field=format!("additional_resellers.{i}") />
            }
        })
        .collect_view();
    let key = StoredValue::new(key);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit.dispatch(SubmitOrder {
            form: SubmitOrderForm {
                customer_id: customer,
                idempotency_key: key.get_value(),
                attested: attested.get_untracked(),
                reseller: reseller.get_untracked(),
                additional_resellers: additional.iter().map(|s| s.get_untracked()).collect(),
            },
        });
    };
    view! {
        <form on:submit=on_submit data-testid="review-form">
            <label class="check">
                <input type="checkbox" data-testid="attest" on:change=move |ev| attested.set(event_target_checked(&ev)) />
                {lang.s(SMsg::Attestation)}
            </label>
            <FieldErrors error field="attested".to_string() />
            <label>
                {lang.s(SMsg::IndirectReseller)}
                <input type="text" inputmode="numeric" on:input=move |ev| reseller.set(event_target_value(&ev)) />
            </label>
            <FieldErrors error field="reseller".to_string() />
            {eu_efta.then(|| view! {
                <fieldset>
                    <legend>{lang.s(SMsg::AdditionalResellers)}</legend>
                    {additional_inputs}
                    <FieldErrors error field="additional_resellers".to_string() />
                </fieldset>
            })}
            <FormErrors error fields=&["attested", "reseller", "additional_resellers"] />
            <button type="submit" data-testid="submit-order" disabled=move || submit.pending().get()>{lang.s(SMsg::Submit)}</button>
        </form>
    }
}
