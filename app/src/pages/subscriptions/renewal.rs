//! "Manage renewal" (R-SUB-19): the change scheduled for the next term with
//! its first charge and "Remove", and the form that schedules or replaces
//! it — product (the same or an upgrade, R-SUB-17), term, billing,
//! licenses and co-term date — whose next-term charge the browser previews
//! with the rules crate as they change.

use domain::subscription_views::{CotermWith, RenewalChoice, SubscriptionDetail};
use domain::{check_renewal_change, coterm_fits, parse_coterm, FieldError, SeatState, Seats};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::detail::option_label;
use crate::api::subscriptions::{RemoveScheduledChanges, ScheduleRenewalChange};
use crate::components::forms::{FormErrors, ServerForm};
use crate::components::from_server::FromServer;
use crate::components::review::{use_hydrated, ReviewStep, Reviewed};
use crate::i18n::{use_lang, SMsg};

#[component]
pub fn RenewalPanel(detail: SubscriptionDetail) -> impl IntoView {
    let lang = use_lang();
    let id = detail.row.id;
    let scheduled = detail.scheduled_renewal.clone().map(|s| {
        let upgrade = if s.upgrade {
            format!(" ({})", lang.t(SMsg::UpgradeWord))
        } else {
            String::new()
        };
        view! {
            <p data-testid="scheduled-renewal" data-amount=s.first_charge.minor data-seats=s.seats>
                {format!(
                    "{} {}: {} × {}{upgrade} ({} · {}). {}: ",
                    lang.t(SMsg::RenewsOn), s.renews_on, s.seats, s.name,
                    lang.term(s.option.term), lang.frequency(s.option.frequency), lang.t(SMsg::ScheduledFirstCharge),
                )}
                <strong>{s.first_charge.to_string()}</strong>
                {format!(" ({} – {})", s.renews_on, s.first_period_last_day)}
                {s.coterm_last_day.map(|d| format!(". {} {d}", lang.t(SMsg::NextTermEndsOn)))}
            </p>
            <ServerForm action=RemoveScheduledChanges::PATH>
                <input type="hidden" name="id" value=id />
                <FormErrors />
                <button type="submit" data-testid="remove-renewal-change">{lang.t(SMsg::RemoveScheduledChange)}</button>
            </ServerForm>
        }
    });
    let form = if detail.row.auto_renew {
        view! {
            <ServerForm action=ScheduleRenewalChange::PATH attr:data-testid="renewal-form">
                <input type="hidden" name="form[subscription_id]" value=id />
                <RenewalPreview state=FromServer(detail.state.clone()) choices=FromServer(detail.renewal_choices.clone())
                    coterm=FromServer(detail.coterm_with.clone()) id asked=Reviewed::of(RENEWAL) />
                <FormErrors />
            </ServerForm>
        }
        .into_any()
    } else {
        view! { <p class="hint">{lang.t(SMsg::RenewalNeedsAutoRenew)}</p> }.into_any()
    };
    view! {
        <section class="card">
            <h2>{lang.t(SMsg::ManageRenewal)}</h2>
            <p class="hint">{lang.t(SMsg::ManageRenewalHint)}</p>
            {scheduled}
            {form}
        </section>
    }
}

/// The renewal change form, under Review (without wasm).
const RENEWAL: &str = "renewal";

/// The product, term and billing, the licenses, the co-term date, and as
/// they change the next term's first charge and end. Auto-renew is on (the
/// panel offers the form only then).
#[island]
fn RenewalPreview(
    state: FromServer<SeatState>,
    choices: FromServer<Vec<RenewalChoice>>,
    coterm: FromServer<Vec<CotermWith>>,
    id: i64,
    asked: Reviewed,
) -> impl IntoView {
    let (FromServer(state), FromServer(choices), FromServer(others)) = (state, choices, coterm);
    let lang = use_lang();
    let hydrated = use_hydrated();
    // Every (product, option) the form lists, in order, with its code.
    let listed: Vec<(usize, usize, String)> = choices
        .iter()
        .enumerate()
        .flat_map(|(c, choice)| {
            choice
                .options
                .iter()
                .enumerate()
                .map(move |(o, option)| (c, o, choice.code(option)))
        })
        .collect();
    // The subscription's own product as it renews now, if still sold so.
    let current = choices.first().and_then(|own| {
        own.options
            .iter()
            .position(|o| (o.term, o.frequency) == (state.term, state.frequency))
            .map(|o| own.code(&own.options[o]))
    });
    let chosen = RwSignal::new(
        asked
            .get("form[choice]")
            .or_else(|| current.clone())
            .or_else(|| listed.first().map(|l| l.2.clone()))
            .unwrap_or_default(),
    );
    let typed = RwSignal::new(
        asked
            .get("form[seats]")
            .unwrap_or_else(|| state.seats().to_string()),
    );
    let coterm = RwSignal::new(asked.get("form[coterm]").unwrap_or_default());
    let stored = StoredValue::new((state, choices, listed.clone()));
    // The option chosen, if the form lists it.
    let option = move || {
        let code = chosen.get();
        stored.with_value(|(_, choices, listed)| {
            listed
                .iter()
                .find(|l| l.2 == code)
                .map(|&(c, o, _)| choices[c].options[o])
        })
    };
    let plan = Memo::new(move |_| {
        let seats = Seats::parse(&typed.get()).map_err(|e| FieldError::new("seats", &e))?;
        let coterm = parse_coterm(&coterm.get()).map_err(|e| e.field_error())?;
        let code = chosen.get();
        stored.with_value(|(state, choices, listed)| {
            let not_offered = || domain::RenewalChangeError::NotOffered.field_error();
            let &(c, o, _) = listed
                .iter()
                .find(|l| l.2 == code)
                .ok_or_else(not_offered)?;
            let choice = &choices[c];
            let next = check_renewal_change(
                state,
                true,
                !choice.upgrade,
                &choice.options,
                choice.options[o],
                seats,
                coterm,
            )
            .map_err(|e| e.field_error())?;
            let (charge, period) = next.first_charge(state);
            Ok((charge, period, next.state(state).term_period().end))
        })
    });
    let preview = move || {
        match plan.get() {
        Ok((charge, period, ends)) => view! {
            <p class="preview" aria-live="polite" data-testid="renewal-preview" data-amount=charge.minor>
                {lang.t(SMsg::ScheduledFirstCharge)} ": " <strong>{charge.to_string()}</strong>
                {format!(" ({} – {}). {} ", period.start, period.end.add_days(-1), lang.t(SMsg::NextTermEndsOn))}
                <span data-testid="renewal-term-ends">{ends.add_days(-1).to_string()}</span>
            </p>
        }
        .into_any(),
        Err(e) => view! { <p class="field-error" role="alert" data-testid="renewal-error">{lang.error(&e)}</p> }
            .into_any(),
    }
    };
    let options = stored.with_value(|(_, choices, listed)| {
        listed
            .iter()
            .map(|(c, o, code)| {
                let choice = &choices[*c];
                let upgrade = if choice.upgrade {
                    format!(" ({})", lang.t(SMsg::UpgradeWord))
                } else {
                    String::new()
                };
                let label = format!("{}{upgrade} · {}", choice.name, option_label(lang, &choice.options[*o]));
                view! { <option value=code.clone() selected=*code == chosen.get_untracked()>{label}</option> }
            })
            .collect_view()
    });
    let coterm_options = others
        .into_iter()
        .map(|other| {
            let day = other.renews_on;
            let value = day.days_since_epoch().to_string();
            let fits = move || {
                stored.with_value(|(state, _, _)| {
                    option().is_some_and(|o| coterm_fits(state, o, day))
                })
            };
            let label = format!(
                "{} · {} #{}",
                day.add_days(-1),
                other.name,
                other.subscription_id
            );
            let selected = value == coterm.get_untracked();
            view! { <option value=value disabled=move || !fits() selected=selected>{label}</option> }
        })
        .collect_view();
    let coterm_select = (!coterm_options.is_empty()).then(|| view! {
        <label>
            {lang.t(SMsg::CotermDate)}
            <select name="form[coterm]" data-testid="renewal-coterm" on:change=move |ev| coterm.set(event_target_value(&ev))>
                <option value="">{lang.t(SMsg::CotermNone)}</option>
                {coterm_options}
            </select>
        </label>
    });
    view! {
        <label>
            {lang.t(SMsg::RenewalProduct)}
            <select name="form[choice]" data-testid="renewal-choice" on:change=move |ev| chosen.set(event_target_value(&ev))>
                {options}
            </select>
        </label>
        <label>
            {lang.t(SMsg::NewQuantity)}
            <input type="text" inputmode="numeric" name="form[seats]" data-testid="renewal-seats"
                value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
        </label>
        {coterm_select}
        {preview}
        <button type="submit" data-testid="schedule-renewal" disabled=move || plan.get().is_err()>
            {lang.t(SMsg::ScheduleChange)}
        </button>
        <ReviewStep hydrated which=RENEWAL page=format!("/subscriptions/{id}") />
    }
}
