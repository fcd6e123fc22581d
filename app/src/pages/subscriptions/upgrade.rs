//! "Check upgrades" (R-SUB-14 … 16): the eligible paths and the ones not
//! supported yet; for a chosen path, the destination (a new subscription or
//! an existing one, each unavailable one with its reason), the billing, the
//! licenses, and as they change the credit, the charge and the resulting
//! subscriptions — computed in the browser by `domain::plan_upgrade`, the
//! function the server commits with, before "Yes, upgrade".

use domain::subscription_views::{ExistingTarget, Pinned, SubscriptionDetail, UpgradePathView};
use domain::{
    check_target, plan_upgrade, Destination, FieldError, Seats, UpgradeKind, UpgradePlan,
};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::detail::{option_label, use_pin, DeletesScheduled, PinField};
use crate::api::subscriptions::UpgradeSubscription;
use crate::components::forms::{FormErrors, ServerForm};
use crate::components::from_server::FromServer;
use crate::components::review::{use_hydrated, ReviewStep, Reviewed};
use crate::i18n::{use_lang, Lang, SMsg};

/// The upgrade form, under Review (without wasm).
const UPGRADE: &str = "upgrade";

#[component]
pub fn UpgradePanel(detail: SubscriptionDetail) -> impl IntoView {
    let lang = use_lang();
    let (supported, unsupported): (Vec<_>, Vec<_>) =
        detail.upgrades.iter().cloned().partition(|p| p.supported);
    let asked = Reviewed::of(UPGRADE);
    let reviewing = !asked.is_empty();
    view! {
        <section class="card">
            <details open=reviewing>
                <summary data-testid="check-upgrades">{lang.t(SMsg::CheckUpgrades)}</summary>
                <p class="hint">{lang.t(SMsg::UpgradeHint)}</p>
                {(!supported.is_empty()).then(|| view! {
                    <ServerForm action=UpgradeSubscription::PATH done="/subscriptions/{}" attr:data-testid="upgrade-form">
                        <input type="hidden" name="form[subscription_id]" value=detail.row.id />
                        <UpgradePreview
                            pinned=FromServer(detail.pinned())
                            id=detail.row.id
                            name=detail.row.name.clone()
                            paths=FromServer(supported)
                            asked=asked.clone()
                        />
                        <DeletesScheduled detail=detail.clone() message=SMsg::DeletesScheduled />
                        <FormErrors />
                    </ServerForm>
                })}
                {(!unsupported.is_empty()).then(|| view! {
                    <h3>{lang.t(SMsg::UnsupportedUpgrades)}</h3>
                    <ul data-testid="unsupported-upgrades">
                        {unsupported.into_iter().map(|p| view! {
                            <li>{p.name} " — " {lang.error(&FieldError::new("target", &domain::UpgradeError::Unsupported))}</li>
                        }).collect_view()}
                    </ul>
                })}
            </details>
        </section>
    }
}

/// How an existing subscription reads in the destination list, with the
/// reason it cannot be chosen, if any (R-SUB-16).
fn target_label(lang: Lang, t: &ExistingTarget, refused: Option<FieldError>) -> String {
    let base = format!(
        "#{} {} ({} {})",
        t.id,
        t.name,
        t.state.seats(),
        lang.t(SMsg::Licenses)
    );
    match refused {
        Some(e) => format!("{base} — {}", lang.error(&e)),
        None => base,
    }
}

/// The resulting subscriptions, as the plan moves the seats.
fn outcome(lang: Lang, source: &str, target: &str, plan: &UpgradePlan) -> String {
    let kind = lang.t(match plan.kind {
        UpgradeKind::Full => SMsg::FullUpgrade,
        UpgradeKind::Partial => SMsg::PartialUpgrade,
    });
    let licenses = lang.t(SMsg::Licenses);
    format!(
        "{kind}: {source} {} {licenses} · {target} {} {licenses}",
        plan.source_keeps, plan.target_seats
    )
}

#[island]
fn UpgradePreview(
    pinned: FromServer<Pinned>,
    id: i64,
    name: String,
    paths: FromServer<Vec<UpgradePathView>>,
    asked: Reviewed,
) -> impl IntoView {
    let (FromServer(pinned), FromServer(paths)) = (pinned, paths);
    let lang = use_lang();
    let anchor = NodeRef::new();
    let (pinned, pinning) = use_pin(pinned, id, anchor);
    let hydrated = use_hydrated();
    let all = pinned.with_untracked(|p| p.state.seats());
    let first = asked
        .get("form[target]")
        .and_then(|t| paths.iter().position(|p| p.offer_id == t))
        .unwrap_or(0);
    let path = RwSignal::new(first);
    // "new", or an existing subscription's id.
    let destination = RwSignal::new(
        asked
            .get("form[destination]")
            .unwrap_or_else(|| "new".to_string()),
    );
    let option = RwSignal::new(
        asked
            .get("form[option]")
            .and_then(|code| {
                paths
                    .get(first)?
                    .options
                    .iter()
                    .position(|o| o.code() == code)
            })
            .unwrap_or(0),
    );
    let typed = RwSignal::new(asked.get("form[seats]").unwrap_or_else(|| all.to_string()));
    let paths = StoredValue::new(paths);
    let current = move || paths.with_value(|ps| ps[path.get().min(ps.len() - 1)].clone());
    let plan = Memo::new(move |_| {
        let seats = Seats::parse(&typed.get()).map_err(|e| FieldError::new("seats", &e))?;
        let p = current();
        let chosen = destination.get();
        pinned.with(|pin| {
            let planned = match p.existing.iter().find(|t| t.id.to_string() == chosen) {
                Some(t) => plan_upgrade(
                    &pin.state,
                    Destination::Existing(&t.state),
                    seats,
                    pin.as_of,
                ),
                None => {
                    let o = p.options.get(option.get()).copied().ok_or_else(|| {
                        FieldError::new("option", &domain::UpgradeError::NotOffered)
                    })?;
                    plan_upgrade(&pin.state, Destination::New(o), seats, pin.as_of)
                }
            };
            planned.map_err(|e| e.field_error())
        })
    });
    let target_name = move || {
        let p = current();
        let chosen = destination.get();
        p.existing
            .iter()
            .find(|t| t.id.to_string() == chosen)
            .map(|t| format!("#{} {}", t.id, t.name))
            .unwrap_or_else(|| format!("{} ({})", p.name, lang.t(SMsg::NewSubscription)))
    };
    let preview = move || {
        match plan.get() {
        Ok(plan) => view! {
            <div class="preview" aria-live="polite" data-testid="upgrade-preview"
                data-credit=plan.credit.minor data-charge=plan.charge.minor>
                <p>
                    {lang.t(SMsg::UpgradeCredit)} ": " <strong data-testid="upgrade-credit">{plan.credit.to_string()}</strong>
                    {format!(" ({} – {})", plan.credit_period.start, plan.credit_period.end.add_days(-1))}
                </p>
                <p>
                    {lang.t(SMsg::PreviewCharge)} ": " <strong data-testid="upgrade-charge">{plan.charge.to_string()}</strong>
                    {format!(" ({} – {})", plan.charge_period.start, plan.charge_period.end.add_days(-1))}
                </p>
                <p data-testid="upgrade-outcome">{outcome(lang, &name, &target_name(), &plan)}</p>
            </div>
        }
        .into_any(),
        Err(e) => view! { <p class="field-error" role="alert" data-testid="upgrade-error">{lang.error(&e)}</p> }
            .into_any(),
    }
    };
    let expected = move |credit: bool| {
        plan.get()
            .map(|p| {
                if credit {
                    p.credit.minor
                } else {
                    p.charge.minor
                }
            })
            .unwrap_or_default()
    };
    let destinations = move || {
        let p = current();
        let (state, as_of) = pinned.with(|pin| (pin.state.clone(), pin.as_of));
        let chosen = destination.get();
        let existing = p
            .existing
            .iter()
            .map(|t| {
                let refused = check_target(&state, &t.state, as_of)
                    .err()
                    .map(|e| e.field_error());
                let value = t.id.to_string();
                let disabled = refused.is_some();
                view! {
                    <option value=value.clone() disabled=disabled selected=chosen == value>
                        {target_label(lang, t, refused)}
                    </option>
                }
            })
            .collect_view();
        view! {
            <option value="new" selected=chosen == "new">{lang.t(SMsg::NewSubscription)}</option>
            {existing}
        }
    };
    let new_target = move || destination.get() == "new";
    view! {
        <label>
            {lang.t(SMsg::EligibleUpgrades)}
            <select name="form[target]" data-testid="upgrade-target" on:change=move |ev| {
                let chosen = event_target_value(&ev);
                let index = paths.with_value(|ps| ps.iter().position(|p| p.offer_id == chosen));
                path.set(index.unwrap_or(0));
                destination.set("new".into());
                option.set(0);
            }>
                {paths.with_value(|ps| ps.iter().enumerate().map(|(i, p)| view! {
                    <option value=p.offer_id.clone() selected=i == first>{p.name.clone()}</option>
                }).collect_view())}
            </select>
        </label>
        <label>
            {lang.t(SMsg::UpgradeDestination)}
            <select name="form[destination]" data-testid="upgrade-destination"
                on:change=move |ev| destination.set(event_target_value(&ev))>
                {destinations}
            </select>
        </label>
        <label hidden=move || !new_target()>
            {lang.t(SMsg::ConversionTerm)}
            <select name="form[option]" data-testid="upgrade-option" on:change=move |ev| {
                let code = event_target_value(&ev);
                option.set(current().options.iter().position(|o| o.code() == code).unwrap_or(0))
            }>
                {move || current().options.iter().enumerate().map(|(i, o)| view! {
                    <option value=o.code() selected=i == option.get_untracked()>{option_label(lang, o)}</option>
                }).collect_view()}
            </select>
        </label>
        <label>
            {lang.t(SMsg::NewQuantity)}
            <input type="text" inputmode="numeric" name="form[seats]" data-testid="upgrade-seats"
                value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
        </label>
        <input type="hidden" name="form[expected_credit]" value=move || expected(true) />
        <input type="hidden" name="form[expected_charge]" value=move || expected(false) />
        {preview}
        <p class="notice" role="note">{lang.t(SMsg::UpgradeCannotBeUndone)}</p>
        <label class="check">
            <input type="checkbox" name="form[acknowledged]" value="true" required data-testid="upgrade-confirm" />
            {lang.t(SMsg::UpgradeConfirm)}
        </label>
        <PinField pinned anchor />
        <button type="submit" class="danger" data-testid="upgrade" disabled=move || plan.get().is_err() || pinning.get()>
            {lang.t(SMsg::YesUpgrade)}
        </button>
        <ReviewStep hydrated which=UPGRADE page=format!("/subscriptions/{id}") />
    }
}
