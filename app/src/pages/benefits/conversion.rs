//! R-SAB-08/09: the conversion form with its live preview. As the user
//! types, the rules crate (the same `parse_conversion` / `parse_reversal` and
//! `convert` / `reverse` the server runs) gives the error or the balances
//! after; nothing is sent until "Convert", and the server checks again.

use domain::benefits::{
    convert, max_conversion, max_reversal, parse_conversion, parse_reversal, reverse,
    ConversionBalances, ConversionError,
};
use leptos::prelude::*;

use super::text::Msg;
use crate::api::benefits::{ConvertBenefit, ReverseBenefit};
use crate::components::forms::{action_error, reload_with_notice, FieldErrors, FormErrors};
use crate::components::from_server::FromServer;
use crate::i18n::use_lang;

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

#[island]
pub fn ConversionForm(
    account_id: i64,
    balances: FromServer<ConversionBalances>,
    direction: Direction,
) -> impl IntoView {
    let FromServer(balances) = balances;
    let lang = use_lang();
    let convert_action = ServerAction::<ConvertBenefit>::new();
    let reverse_action = ServerAction::<ReverseBenefit>::new();
    reload_with_notice(convert_action, "converted");
    reload_with_notice(reverse_action, "converted");
    let typed = RwSignal::new(String::new());
    let result = move || preview(direction, &balances, &typed.get());
    let (title, hint, label, max_label, max) = match direction {
        Direction::Convert => (
            Msg::ConvertBenefit,
            Msg::ConvertHint,
            Msg::PlanningDaysToCreate,
            Msg::MaxPlanningDays,
            max_conversion(&balances),
        ),
        Direction::Reverse => (
            Msg::ReverseTitle,
            Msg::ReverseHint,
            Msg::PlanningDaysToReturn,
            Msg::MaxReturnDays,
            max_reversal(&balances),
        ),
    };
    let error = match direction {
        Direction::Convert => action_error(convert_action),
        Direction::Reverse => action_error(reverse_action),
    };
    let live_error = move || {
        if typed.get().trim().is_empty() {
            return None;
        }
        result().err().map(|e| {
            let fe = e.days_field_error();
            view! { <p class="field-error" role="alert" data-testid="conversion-error">{lang.error(&fe)}</p> }
        })
    };
    let after = move || result().unwrap_or(balances);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let days = typed.get_untracked();
        match direction {
            Direction::Convert => {
                convert_action.dispatch(ConvertBenefit { account_id, days });
            }
            Direction::Reverse => {
                reverse_action.dispatch(ReverseBenefit { account_id, days });
            }
        }
    };
    view! {
        <section class="card" data-testid="conversion">
            <h2>{lang.b(title)}</h2>
            <p class="hint">{lang.b(hint)}</p>
            <p>{lang.b(max_label)} ": " <strong data-testid="conversion-max">{max}</strong></p>
            <form on:submit=submit>
                <label>
                    {lang.b(label)}
                    <input
                        type="text"
                        inputmode="numeric"
                        name="days"
                        autocomplete="off"
                        data-testid="conversion-days"
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))
                    />
                </label>
                {live_error}
                <FieldErrors error field="days".to_string() />
                <p>
                    {lang.b(Msg::TrainingLeft)} ": "
                    <strong data-testid="conversion-training-left">{move || after().training_remaining}</strong>
                </p>
                <p>
                    {lang.b(Msg::PlanningLeft)} ": "
                    <strong data-testid="conversion-planning-left">{move || after().planning_remaining}</strong>
                </p>
                <FormErrors error fields=&["days"] />
                <button type="submit" data-testid="conversion-submit" disabled=move || result().is_err()>
                    {lang.b(Msg::Convert)}
                </button>
            </form>
        </section>
    }
}
