//! R-SAB-08/09: the conversion form with its live preview. As the user
//! types, the rules crate (the same `parse_conversion` / `parse_reversal` and
//! `convert` / `reverse` the server runs) gives the error or the balances
//! after; nothing is sent until "Convert", and the server checks again.

use domain::benefits::{
    convert, max_conversion, max_reversal, parse_conversion, parse_reversal, reverse,
    ConversionBalances, ConversionError,
};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::benefits::{ConvertBenefit, ReverseBenefit};
use crate::components::forms::{FieldErrors, FormErrors, ServerForm};
use crate::components::from_server::FromServer;
use crate::components::review::{reviewed, this_page, use_hydrated, ReviewStep};
use crate::i18n::use_lang;
use crate::i18n::BMsg;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Direction {
    /// Training days → planning days, from the Planning Services page.
    Convert,
    /// Planning days back to training days, from the Training Vouchers page.
    Reverse,
}

/// The balances after `input`, or why it cannot be converted.
fn preview(
    direction: Direction,
    b: &ConversionBalances,
    input: &str,
) -> Result<ConversionBalances, ConversionError> {
    match direction {
        Direction::Convert => parse_conversion(input, b).map(|d| convert(b, d)),
        Direction::Reverse => parse_reversal(input, b).map(|d| reverse(b, d)),
    }
}

#[component]
pub fn ConversionForm(
    account_id: i64,
    balances: ConversionBalances,
    direction: Direction,
) -> impl IntoView {
    let lang = use_lang();
    let (title, hint, max_label, max, action) = match direction {
        Direction::Convert => (
            BMsg::ConvertBenefit,
            BMsg::ConvertHint,
            BMsg::MaxPlanningDays,
            max_conversion(&balances),
            ConvertBenefit::PATH,
        ),
        Direction::Reverse => (
            BMsg::ReverseTitle,
            BMsg::ReverseHint,
            BMsg::MaxReturnDays,
            max_reversal(&balances),
            ReverseBenefit::PATH,
        ),
    };
    view! {
        <section class="card" data-testid="conversion">
            <h2>{lang.t(title)}</h2>
            <p class="hint">{lang.t(hint)}</p>
            <p>{lang.t(max_label)} ": " <strong data-testid="conversion-max">{max}</strong></p>
            <ServerForm action done="?done=converted">
                <input type="hidden" name="account_id" value=account_id />
                <ConversionPreview balances=FromServer(balances) direction
                    typed=reviewed(REVIEW, DAYS).unwrap_or_default() page=this_page() />
            </ServerForm>
        </section>
    }
}

const REVIEW: &str = "conversion";
const DAYS: &str = "days";

/// The days typed, the balances after them or why they cannot be converted,
/// and "Convert", enabled only for a valid figure. Without wasm the server
/// renders them for `typed` (the "Review" step on `page`).
#[island]
fn ConversionPreview(
    balances: FromServer<ConversionBalances>,
    direction: Direction,
    typed: String,
    page: String,
) -> impl IntoView {
    let FromServer(balances) = balances;
    let lang = use_lang();
    let hydrated = use_hydrated();
    let typed = RwSignal::new(typed);
    let result = move || preview(direction, &balances, &typed.get());
    let label = match direction {
        Direction::Convert => BMsg::PlanningDaysToCreate,
        Direction::Reverse => BMsg::PlanningDaysToReturn,
    };
    // Why "Convert" is disabled, when it is.
    let live_error = move || {
        if typed.get().trim().is_empty() {
            return Some(view! { <p class="hint">{lang.t(BMsg::TypeDays)}</p> }.into_any());
        }
        result().err().map(|e| {
            let fe = e.days_field_error();
            view! { <p class="field-error" role="alert" data-testid="conversion-error">{lang.error(&fe)}</p> }
                .into_any()
        })
    };
    let after = move || result().unwrap_or(balances);
    view! {
        <label>
            {lang.t(label)}
            <input
                type="text"
                inputmode="numeric"
                name=DAYS
                autocomplete="off"
                data-testid="conversion-days"
                value=move || typed.get()
                on:input=move |ev| typed.set(event_target_value(&ev))
            />
        </label>
        {live_error}
        <FieldErrors field="days" />
        <p>
            {lang.t(BMsg::TrainingLeft)} ": "
            <strong data-testid="conversion-training-left">{move || after().training_remaining}</strong>
        </p>
        <p>
            {lang.t(BMsg::PlanningLeft)} ": "
            <strong data-testid="conversion-planning-left">{move || after().planning_remaining}</strong>
        </p>
        <FormErrors />
        <button type="submit" data-testid="conversion-submit" disabled=move || result().is_err()>
            {lang.t(BMsg::Convert)}
        </button>
        <ReviewStep hydrated which=REVIEW page />
    }
}
