//! "Cancel" on the Software page (R-SW-06, R-SW-07): one order at a time,
//! the days left to cancel it (or that its 60 days have passed), a
//! required acknowledgement, and the credit previewed as the order and the
//! checkbox change, by the rule the server commits with, at the business
//! time the server signed.

use domain::software_views::{CancelDialog, CancelOrder};
use domain::{
    credit_posted_at, order_cancel_days_left, plan_order_cancel, OrderCredit, SoftwareCancelError,
};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::software::CancelSoftwareOrder;
use crate::components::forms::{FormErrors, ServerForm};
use crate::components::from_server::FromServer;
use crate::components::review::{this_page, use_hydrated, ReviewStep, Reviewed};
use crate::i18n::{use_lang, SupMsg, SwMsg};

#[component]
pub fn CancelPanel(dialog: CancelDialog, customer: i64) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card" data-testid="software-cancel">
            <h2>{lang.t(SwMsg::CancelPurchase)}</h2>
            <p class="hint">{lang.t(SwMsg::CancelHint)}</p>
            <ServerForm action=CancelSoftwareOrder::PATH done="?cancelled=1">
                <CancelPreview dialog=FromServer(dialog) customer asked=Reviewed::of(REVIEW) page=this_page() />
                <FormErrors />
            </ServerForm>
        </section>
    }
}

/// The cancel form, under Review (without wasm), and its order field.
const REVIEW: &str = "software-cancel";
const ORDER: &str = "order";

#[island]
fn CancelPreview(
    dialog: FromServer<CancelDialog>,
    customer: i64,
    asked: Reviewed,
    page: String,
) -> impl IntoView {
    let FromServer(dialog) = dialog;
    let lang = use_lang();
    let hydrated = use_hydrated();
    let as_of = dialog.as_of;
    let orders = StoredValue::new(dialog.orders);
    let chosen = RwSignal::new(
        asked
            .get(ORDER)
            .and_then(|i| i.parse().ok())
            .unwrap_or(0usize),
    );
    let acknowledged = RwSignal::new(asked.get("form[acknowledged]").is_some());
    let order = move |f: &dyn Fn(&CancelOrder) -> String| {
        orders.with_value(|o| o.get(chosen.get()).map(f).unwrap_or_default())
    };
    let plan = Memo::new(move |_| -> Result<OrderCredit, SoftwareCancelError> {
        orders.with_value(|o| {
            let order = o
                .get(chosen.get())
                .ok_or(SoftwareCancelError::AlreadyCancelled)?;
            plan_order_cancel(&order.purchases, acknowledged.get(), as_of)
        })
    });
    let days_left = move || {
        orders.with_value(|o| {
            o.get(chosen.get())
                .map_or(0, |order| order_cancel_days_left(&order.purchases, as_of))
        })
    };
    let options = orders.with_value(|o| {
        o.iter()
            .enumerate()
            .map(|(i, order)| {
                let label = format!("#{} · {}", order.order_id, order.names.join(", "));
                view! { <option value=i.to_string() selected=i == chosen.get_untracked()>{label}</option> }
            })
            .collect_view()
    });
    let window = move || match days_left() {
        0 => lang.t(SwMsg::CancelWindowPassed).to_string(),
        days => lang.cancel_days_left(days),
    };
    let preview = move || {
        match plan.get() {
        Ok(plan) => view! {
            <p class="preview" aria-live="polite" data-testid="software-cancel-preview" data-amount=plan.total.minor>
                {lang.t(SwMsg::CancelCredit)} ": " <strong>{plan.total.to_string()}</strong>
                {format!(" ({} {})", lang.t(SwMsg::CreditOnInvoice), &credit_posted_at(as_of).date().to_string()[..7])}
            </p>
        }
        .into_any(),
        Err(e) => {
            // R-SW-08: what the dialog cannot cancel, support may refund.
            let support = e.needs_support().then(|| {
                let href = format!("/customers/{customer}/software/support?order={}", order(&|o| o.order_id.to_string()));
                view! { <a href=href data-testid="software-cancel-support">{lang.t(SupMsg::NeedsSupport)}</a> }
            });
            view! {
                <p class="field-error" role="alert" data-testid="software-cancel-error">{lang.error(&e.field_error())}</p>
                {support}
            }
            .into_any()
        }
    }
    };
    view! {
        <label>
            {lang.t(SwMsg::OrderId)}
            <select name=ORDER data-testid="cancel-order" on:change=move |ev| {
                chosen.set(event_target_value(&ev).parse().unwrap_or(0));
            }>
                {options}
            </select>
        </label>
        <input type="hidden" name="form[order_id]" value=move || order(&|o| o.order_id.to_string()) />
        <input type="hidden" name="form[pin]" value=move || order(&|o| o.pin.clone()) />
        <input type="hidden" name="form[expected]" value=move || plan.get().map(|p| p.total.minor).unwrap_or_default() />
        <p data-testid="cancel-days-left">{window}</p>
        <label class="check">
            <input type="checkbox" name="form[acknowledged]" value="true" data-testid="cancel-acknowledge"
                checked=acknowledged.get_untracked() on:change=move |ev| acknowledged.set(event_target_checked(&ev)) />
            {lang.t(SwMsg::CancelAcknowledge)}
        </label>
        {preview}
        <button type="submit" class="danger" data-testid="cancel-software" disabled=move || plan.get().is_err()>
            {lang.t(SwMsg::Submit)}
        </button>
        <ReviewStep hydrated which=REVIEW page />
    }
}
