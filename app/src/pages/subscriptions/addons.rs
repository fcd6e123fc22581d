//! A base subscription's add-ons (R-SUB-13), under its status section as
//! seed 004 places them: the add-ons it holds, which follow it, and the ones
//! it may take, each with its billing, licenses and, as they change, the
//! first charge for the rest of the base's term — `domain::plan_addon` in
//! the browser, the function the server commits with — before "Add".

use domain::subscription_views::{AddonChoice, Pinned, SubscriptionDetail};
use domain::{addon_bounds, plan_addon, FieldError, PaidOption, Seats};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::detail::{option_label, use_pin, PinField};
use crate::api::subscriptions::AddAddon;
use crate::components::forms::{FormErrors, ServerForm};
use crate::components::from_server::FromServer;
use crate::components::review::{use_hydrated, ReviewStep, Reviewed};
use crate::i18n::{use_lang, SMsg};

#[component]
pub fn AddonsPanel(detail: SubscriptionDetail) -> impl IntoView {
    let lang = use_lang();
    let held = (!detail.addons.is_empty()).then(|| {
        view! {
            <table data-testid="addons-held">
                <thead><tr>
                    <th>{lang.t(SMsg::Product)}</th>
                    <th>{lang.t(SMsg::Quantity)}</th>
                    <th>{lang.t(SMsg::Status)}</th>
                </tr></thead>
                <tbody>
                    {detail.addons.iter().map(|a| view! {
                        <tr>
                            <td><a href=format!("/subscriptions/{}", a.id)>{a.name.clone()}</a></td>
                            <td class="num">{a.state.seats()}</td>
                            <td>{lang.status(a.state.status)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
    });
    let id = detail.row.id;
    let pinned = detail.pinned();
    let choices = detail.addon_choices.iter().cloned().map(move |choice| {
        let pinned = pinned.clone();
        view! {
            <ServerForm action=AddAddon::PATH done="/subscriptions/{}" attr:data-testid="addon-form">
                <input type="hidden" name="form[subscription_id]" value=id />
                <input type="hidden" name="form[offer_id]" value=choice.offer_id.clone() />
                <h3>{choice.name.clone()}</h3>
                <AddonPreview pinned=FromServer(pinned) id asked=Reviewed::of(&review_of(&choice))
                    choice=FromServer(choice) />
                <FormErrors />
            </ServerForm>
        }
    });
    view! {
        <section class="card" data-testid="addons">
            <h2>{lang.t(SMsg::Addons)}</h2>
            <p class="hint">{lang.t(SMsg::AddonsHint)}</p>
            {held}
            {choices.collect_view()}
        </section>
    }
}

/// The Review of one add-on's form (without wasm): a page offers several.
fn review_of(choice: &AddonChoice) -> String {
    format!("addon-{}", choice.offer_id)
}

/// The billing and licenses of one add-on and its first charge; "Add" only
/// for what the server would accept.
#[island]
fn AddonPreview(
    pinned: FromServer<Pinned>,
    id: i64,
    choice: FromServer<AddonChoice>,
    asked: Reviewed,
) -> impl IntoView {
    let (FromServer(pinned), FromServer(choice)) = (pinned, choice);
    let lang = use_lang();
    let anchor = NodeRef::new();
    let (pinned, pinning) = use_pin(pinned, id, anchor);
    let hydrated = use_hydrated();
    let which = review_of(&choice);
    let (min, max) = addon_bounds(choice.rule, choice.base_licenses);
    let codes: Vec<String> = choice.options.iter().map(PaidOption::code).collect();
    let position = move |code: &str| codes.iter().position(|c| c == code);
    let option = RwSignal::new(
        asked
            .get("form[option]")
            .and_then(|code| position(&code))
            .unwrap_or(0),
    );
    let typed = RwSignal::new(asked.get("form[seats]").unwrap_or_else(|| min.to_string()));
    let choice = StoredValue::new(choice);
    let plan = Memo::new(move |_| {
        let seats = Seats::parse(&typed.get()).map_err(|e| FieldError::new("seats", &e))?;
        choice.with_value(|c| {
            let o = c
                .options
                .get(option.get())
                .copied()
                .ok_or_else(|| FieldError::new("option", &domain::AttachError::NotOffered))?;
            pinned
                .with(|p| {
                    plan_addon(
                        &p.state,
                        c.rule,
                        c.base_licenses,
                        &c.options,
                        o,
                        seats,
                        p.as_of,
                    )
                })
                .map_err(|e| e.field_error())
        })
    });
    let preview = move || {
        match plan.get() {
        Ok(plan) => view! {
            <p class="preview" aria-live="polite" data-testid="addon-preview" data-amount=plan.charge.minor>
                {lang.t(SMsg::PreviewCharge)} ": " <strong>{plan.charge.to_string()}</strong>
                {format!(" ({} – {}). ", plan.period.start, plan.period.end.add_days(-1))}
                {lang.t(SMsg::AddonEndsWithBase)} " " {plan.state.term_period().end.add_days(-1).to_string()}
            </p>
        }
        .into_any(),
        Err(e) => view! { <p class="field-error" role="alert" data-testid="addon-error">{lang.error(&e)}</p> }
            .into_any(),
    }
    };
    let expected = move || plan.get().map(|p| p.charge.minor).unwrap_or_default();
    let bounds = match max {
        Some(max) => format!("{min} – {max}"),
        None => format!("≥ {min}"),
    };
    view! {
        <label>
            {lang.t(SMsg::ConversionTerm)}
            <select name="form[option]" data-testid="addon-option" on:change=move |ev| {
                let code = event_target_value(&ev);
                option.set(choice.with_value(|c| c.options.iter().position(|o| o.code() == code)).unwrap_or(0))
            }>
                {choice.with_value(|c| c.options.iter().enumerate().map(|(i, o)| view! {
                    <option value=o.code() selected=i == option.get_untracked()>{option_label(lang, o)}</option>
                }).collect_view())}
            </select>
        </label>
        <label>
            {lang.t(SMsg::NewQuantity)} " (" {bounds} ")"
            <input type="text" inputmode="numeric" name="form[seats]" data-testid="addon-seats"
                value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
        </label>
        <input type="hidden" name="form[expected]" value=expected />
        {preview}
        <PinField pinned anchor />
        <button type="submit" data-testid="add-addon" disabled=move || plan.get().is_err() || pinning.get()>
            {lang.t(SMsg::AddAddon)}
        </button>
        <ReviewStep hydrated which page=format!("/subscriptions/{id}") />
    }
}
