//! One subscription: seats with a live charge/refund preview (R-SUB-08 …
//! R-SUB-10), licenses available to reduce (R-SUB-11), cancel with a live
//! refund preview (R-SUB-22), suspend / reactivate and auto-renew (R-SUB-23),
//! a trial's conversion to a paid subscription with its first charge
//! (R-SUB-25), its upgrades (R-SUB-14, in `upgrade`) and its add-ons
//! (R-SUB-13, in `addons`).
//!
//! Every figure on this page is computed in the browser by the rules crate
//! from the state the server sent, at the time the server pinned (`as_of`);
//! typing sends no request. Submitting sends the server's signed pin and the
//! figure, and the server commits exactly it or says why not; then the
//! preview asks for a fresh pin and shows the figure as it is now (after
//! midnight UTC, say, or after someone else's change).

use domain::subscription_views::{ConversionOffer, ExistingTarget, Pinned, SubscriptionDetail};
use domain::{
    plan_cancel, plan_cancel_with_addons, plan_seat_change, plan_trial_conversion,
    plan_trial_conversion_into, CancelError, ErrorCode, FieldError, PaidOption, SeatChange,
    SeatChangeError, Seats, SubscriptionStatus, TRIAL_SEATS,
};
use leptos::html;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::super::{error_view, route_id, signed_in, to_login};
use super::addons::AddonsPanel;
use super::renewal::RenewalPanel;
use super::upgrade::UpgradePanel;
use super::CustomerTabs;
use crate::api::subscriptions::{
    get_subscription, CancelSubscription, ChangeSeats, ConvertTrial, RemoveScheduledChanges,
    ScheduleTrialConversion, SetSubscriptionStatus,
};
use crate::components::forms::{FormErrors, ServerForm};
use crate::components::from_server::FromServer;
use crate::components::review::{reviewed, use_hydrated, ReviewStep, Reviewed};
use crate::error::AppError;
use crate::i18n::{use_lang, Lang, SMsg, Text};

#[component]
pub fn SubscriptionPage() -> impl IntoView {
    let lang = use_lang();
    if signed_in().is_none() {
        return to_login();
    }
    let id = route_id("id");
    let detail = Resource::new(id, get_subscription);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => view! { <Detail detail=d /> }.into_any(),
                    Err(AppError::Conflict(code)) if code == "subscription_suspended" => view! {
                        <section class="card">
                            <p class="form-error" role="alert" data-testid="blocked">{lang.t(SMsg::Suspended)}</p>
                        </section>
                    }
                    .into_any(),
                    Err(e) => error_view(e),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn Detail(detail: SubscriptionDetail) -> impl IntoView {
    let lang = use_lang();
    let row = detail.row.clone();
    let active = row.status == SubscriptionStatus::Active;
    let manage = detail.can_manage;
    let can_change_seats = manage && active && !detail.state.trial;
    // A trial "renews" by converting to its paid offer (R-SUB-24).
    let renews_label = if detail.state.trial {
        SMsg::ConvertsOn
    } else {
        SMsg::RenewsOn
    };
    let renews = row.renews_on.map(|d| d.to_string());
    view! {
        <section class="card">
            <h1 data-testid="subscription-name">{row.name.clone()}</h1>
            <p class="hint">{detail.customer_name.clone()} " · " {row.partner_name.clone()}</p>
            <CustomerTabs customer=row.customer_id />
            <dl class="facts">
                <dt>{lang.t(SMsg::Seats)}</dt><dd data-testid="seats">{row.seats}</dd>
                <dt>{lang.t(SMsg::Status)}</dt><dd data-testid="status">{lang.status(row.status)}</dd>
                <dt>{lang.t(SMsg::Term)}</dt><dd>{lang.term(row.term)}</dd>
                <dt>{lang.t(SMsg::Billing)}</dt><dd>{lang.frequency(row.frequency)}</dd>
                <dt>{lang.t(SMsg::TermEnds)}</dt><dd>{row.term_ends_on.to_string()}</dd>
                <dt>{lang.t(SMsg::AutoRenew)}</dt>
                <dd data-testid="auto-renew">
                    {lang.t(if row.auto_renew { SMsg::On } else { SMsg::Off })}
                    {renews.map(|d| format!(" · {} {d}", lang.t(renews_label)))}
                </dd>
                {detail.base.clone().map(|b| view! {
                    <dt>{lang.t(SMsg::AddonOf)}</dt>
                    <dd><a href=format!("/subscriptions/{}", b.id) data-testid="addon-base">{b.name}</a></dd>
                })}
            </dl>
            {detail.state.paid_from.map(|d| view! {
                <p class="notice" role="note" data-testid="free-trial-until">
                    {lang.t(SMsg::FreeTrialUntil)} " " {d.to_string()}
                </p>
            })}
            {(!manage).then(|| view! { <p class="hint">{lang.t(SMsg::ReadOnly)}</p> })}
        </section>
        {can_change_seats.then(|| view! { <SeatsPanel detail=detail.clone() /> })}
        {detail.conversion.clone().filter(|_| manage).map(|offer| view! {
            <ConversionPanel detail=detail.clone() offer=offer.clone() />
            <ScheduledConversionPanel detail=detail.clone() offer />
        })}
        {(manage && !detail.upgrades.is_empty()).then(|| view! { <UpgradePanel detail=detail.clone() /> })}
        {(can_change_seats && !detail.renewal_choices.is_empty()).then(|| view! { <RenewalPanel detail=detail.clone() /> })}
        <ReduciblePanel detail=detail.clone() />
        {manage.then(|| view! { <CancelPanel detail=detail.clone() /> })}
        {manage.then(|| view! { <StatusPanel detail=detail.clone() /> })}
        {(!detail.addons.is_empty() || !detail.addon_choices.is_empty())
            .then(|| view! { <AddonsPanel detail=detail.clone() /> })}
    }
}

/// R-SUB-20: says, next to an operation, that it deletes what is scheduled
/// for the term's end — only when something is.
#[component]
pub(super) fn DeletesScheduled(detail: SubscriptionDetail, message: Text) -> impl IntoView {
    let lang = use_lang();
    detail.has_scheduled().then(|| {
        view! {
            <p class="notice" role="note" data-testid="deletes-scheduled">{lang.t(message)}</p>
        }
    })
}

/// The seat form: the server pins the time, the island previews and sends
/// the previewed amount, which the server commits or refuses.
#[component]
fn SeatsPanel(detail: SubscriptionDetail) -> impl IntoView {
    let lang = use_lang();
    // The quantity a "Review" (without wasm) asked for.
    let typed = reviewed("seats", SEATS_FIELD).unwrap_or_else(|| detail.row.seats.to_string());
    view! {
        <section class="card">
            <h2>{lang.t(SMsg::ChangeQuantity)}</h2>
            <ServerForm action=ChangeSeats::PATH attr:data-testid="seats-form">
                <input type="hidden" name="form[subscription_id]" value=detail.row.id />
                <SeatsPreview pinned=FromServer(detail.pinned()) id=detail.row.id typed />
                <DeletesScheduled detail=detail.clone() message=SMsg::DeletesScheduled />
                <FormErrors />
            </ServerForm>
        </section>
    }
}

/// The preview inputs of an island in a form: the server's pin, replaced by
/// a fresh one (and the state then) whenever the server refuses the form
/// that `anchor` is in; `pinning` while that is under way.
pub(super) fn use_pin(
    initial: Pinned,
    id: i64,
    anchor: NodeRef<html::Input>,
) -> (RwSignal<Pinned>, RwSignal<bool>) {
    let pinned = RwSignal::new(initial);
    let pinning = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(input) = anchor.get() {
            crate::components::enhance::on_refused(&input, move || {
                pinning.set(true);
                leptos::task::spawn_local(async move {
                    // Without a fresh pin the old one stays; the server's
                    // error says what to do.
                    let path = crate::api::subscriptions::PinPreview::PATH;
                    let answer = crate::components::enhance::post(path, format!("id={id}")).await;
                    if let Some(fresh) = answer
                        .ok()
                        .and_then(|text| leptos::serde_json::from_str::<Pinned>(&text).ok())
                    {
                        pinned.set(fresh);
                    }
                    pinning.set(false);
                });
            });
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, anchor);
    (pinned, pinning)
}

/// The pin the form sends back (a hidden input's value is its attribute,
/// so the server writes it and a fresh pin replaces it).
#[component]
pub(super) fn PinField(pinned: RwSignal<Pinned>, anchor: NodeRef<html::Input>) -> impl IntoView {
    view! {
        <input type="hidden" name="form[pin]" node_ref=anchor value=move || pinned.with(|p| p.pin.clone()) />
    }
}

const SEATS_FIELD: &str = "form[seats]";

/// The new seat count and, as it is typed, the charge or refund (the rules
/// crate, in the browser, no request); "Save" only for an allowed change,
/// and otherwise a line that says why. Without wasm the server renders the
/// figure for `typed` (the "Review" step).
#[island]
fn SeatsPreview(pinned: FromServer<Pinned>, id: i64, typed: String) -> impl IntoView {
    let FromServer(pinned) = pinned;
    let lang = use_lang();
    let anchor = NodeRef::new();
    let (pinned, pinning) = use_pin(pinned, id, anchor);
    let hydrated = use_hydrated();
    let typed = RwSignal::new(typed);
    let plan = Memo::new(move |_| {
        let seats = Seats::parse(&typed.get()).map_err(|e| FieldError::new("seats", &e))?;
        pinned
            .with(|p| plan_seat_change(&p.state, seats, p.as_of))
            .map_err(|e| e.field_error())
    });
    let preview = move || {
        match plan.get() {
        Ok(SeatChange::Increase { added, charge, period }) => view! {
            <p class="preview" data-testid="seat-preview" data-amount=charge.minor
                data-period-start=period.start.to_string() data-period-last=period.end.add_days(-1).to_string()>
                {format!("+{added} · {}: ", lang.t(SMsg::PreviewCharge))}
                <strong>{charge.to_string()}</strong>
                {format!(" ({} – {})", period.start, period.end.add_days(-1))}
            </p>
        }
        .into_any(),
        Ok(SeatChange::Decrease { removed, refund, .. }) => view! {
            <p class="preview" data-testid="seat-preview" data-amount=-refund.minor>
                {format!("−{removed} · {}: ", lang.t(SMsg::PreviewRefund))}
                <strong>{refund.to_string()}</strong>
            </p>
        }
        .into_any(),
        Err(_) if pinning.get() => view! { <p class="hint">{lang.t(SMsg::Repinning)}</p> }.into_any(),
        Err(e) if e.code == SeatChangeError::Unchanged.code() => {
            view! { <p class="hint" data-testid="seat-preview-why">{lang.t(SMsg::TypeNewQuantity)}</p> }.into_any()
        }
        Err(e) => view! { <p class="field-error" role="alert" data-testid="seat-preview-error">{lang.error(&e)}</p> }.into_any(),
    }
    };
    let expected = move || plan.get().map(|c| c.amount().minor).unwrap_or_default();
    let as_of = move || pinned.with(|p| p.as_of);
    let preview_id = format!("seat-preview-{id}");
    view! {
        <label>
            {lang.t(SMsg::NewQuantity)}
            <input
                type="text"
                inputmode="numeric"
                name=SEATS_FIELD
                data-testid="seats-input"
                value=move || typed.get()
                on:input=move |ev| typed.set(event_target_value(&ev))
            />
        </label>
        <input type="hidden" name="form[expected]" value=expected />
        // What "Save" would do, or why it cannot yet.
        <div aria-live="polite" id=preview_id.clone()>{preview}</div>
        <button type="submit" data-testid="save-seats" aria-describedby=preview_id
            disabled=move || plan.get().is_err() || pinning.get()>
            {lang.t(SMsg::SaveQuantity)}
        </button>
        <ReviewStep hydrated which="seats" page=format!("/subscriptions/{id}") />
        <PinField pinned anchor />
        <p class="hint" data-testid="as-of" data-millis=move || as_of().millis()>
            {lang.t(SMsg::PreviewPinned)} " " {move || lang.datetime(as_of())}
        </p>
    }
}

/// R-SUB-25: converting the trial now to a new paid subscription.
#[component]
fn ConversionPanel(detail: SubscriptionDetail, offer: ConversionOffer) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card">
            <h2>{lang.t(SMsg::ConvertTrial)}</h2>
            <p class="hint">{lang.t(SMsg::ConvertTrialHint)}</p>
            <ServerForm action=ConvertTrial::PATH done="/subscriptions/{}" attr:data-testid="conversion-form">
                <input type="hidden" name="form[subscription_id]" value=detail.row.id />
                <p><strong>{offer.name.clone()}</strong></p>
                <ConversionPreview pinned=FromServer(detail.pinned()) id=detail.row.id
                    options=FromServer(offer.options) existing=FromServer(offer.existing)
                    asked=Reviewed::of(CONVERSION) />
                <FormErrors />
            </ServerForm>
        </section>
    }
}

/// The trial conversion form, under Review (without wasm).
const CONVERSION: &str = "conversion";

/// How a way the paid offer is sold reads in a list.
pub(super) fn option_label(lang: Lang, o: &PaidOption) -> String {
    format!(
        "{} · {} · {} {}",
        lang.term(o.term),
        lang.frequency(o.frequency),
        o.price,
        lang.t(SMsg::PerSeatPerTerm)
    )
}

/// R-SUB-26: the conversion scheduled for the trial's end, with what it
/// will charge, or a form to schedule one (auto-renew on). Plain HTML: the
/// figure is the server's, shown once scheduled, with "Remove".
#[component]
fn ScheduledConversionPanel(detail: SubscriptionDetail, offer: ConversionOffer) -> impl IntoView {
    let lang = use_lang();
    let id = detail.row.id;
    let body = match detail.scheduled_conversion.clone() {
        Some(s) => view! {
            <p data-testid="scheduled-conversion" data-amount=s.first_charge.minor>
                {format!(
                    "{} {}: {} × {} ({} · {}). {}: ",
                    lang.t(SMsg::ScheduledConversionOn), s.converts_on, s.seats, s.name,
                    lang.term(s.option.term), lang.frequency(s.option.frequency), lang.t(SMsg::ScheduledFirstCharge),
                )}
                <strong>{s.first_charge.to_string()}</strong>
                {format!(" ({} – {})", s.converts_on, s.first_period_last_day)}
            </p>
            <ServerForm action=RemoveScheduledChanges::PATH>
                <input type="hidden" name="id" value=id />
                <FormErrors />
                <button type="submit" data-testid="unschedule-conversion">{lang.t(SMsg::RemoveScheduled)}</button>
            </ServerForm>
        }
        .into_any(),
        None if detail.row.auto_renew => view! {
            <p class="hint">{lang.t(SMsg::ScheduleConversionHint)}</p>
            <ServerForm action=ScheduleTrialConversion::PATH attr:data-testid="schedule-form">
                <input type="hidden" name="form[subscription_id]" value=id />
                <label>
                    {lang.t(SMsg::ConversionTerm)}
                    <select name="form[option]" data-testid="schedule-option">
                        {offer.options.iter().map(|o| view! {
                            <option value=o.code() selected=(o.term, o.frequency) == domain::TRIAL_CONVERSION_TERMS>
                                {option_label(lang, o)}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    {lang.t(SMsg::NewQuantity)}
                    <input type="text" inputmode="numeric" name="form[seats]" value=TRIAL_SEATS data-testid="schedule-seats" />
                </label>
                <FormErrors />
                <button type="submit" data-testid="schedule-conversion">{lang.t(SMsg::ScheduleConversion)}</button>
            </ServerForm>
        }
        .into_any(),
        None => view! { <p class="hint">{lang.t(SMsg::ScheduleNeedsAutoRenew)}</p> }.into_any(),
    };
    view! {
        <section class="card">
            <h2>{lang.t(SMsg::ScheduleConversionTitle)}</h2>
            {body}
        </section>
    }
}

/// Where the trial converts to — a new subscription (term, billing, seat
/// count) or an existing one (its 25 licenses join it; one that cannot
/// receive them is listed with the reason) — and, as that changes, the
/// first charge (the rules crate, in the browser).
#[island]
fn ConversionPreview(
    pinned: FromServer<Pinned>,
    id: i64,
    options: FromServer<Vec<PaidOption>>,
    existing: FromServer<Vec<ExistingTarget>>,
    asked: Reviewed,
) -> impl IntoView {
    let (FromServer(pinned), FromServer(options), FromServer(existing)) =
        (pinned, options, existing);
    let lang = use_lang();
    let anchor = NodeRef::new();
    let (pinned, pinning) = use_pin(pinned, id, anchor);
    let hydrated = use_hydrated();
    let default = options
        .iter()
        .position(|o| (o.term, o.frequency) == domain::TRIAL_CONVERSION_TERMS)
        .unwrap_or(0);
    let codes = StoredValue::new(options.iter().map(PaidOption::code).collect::<Vec<_>>());
    let position = move |code: &str| codes.with_value(|cs| cs.iter().position(|c| c == code));
    let asked_option = asked.get("form[option]");
    let chosen = RwSignal::new(
        asked_option
            .as_deref()
            .and_then(position)
            .unwrap_or(default),
    );
    // "new", or an existing subscription's id.
    let destination = RwSignal::new(
        asked
            .get("form[destination]")
            .unwrap_or_else(|| "new".to_string()),
    );
    let typed = RwSignal::new(
        asked
            .get("form[seats]")
            .unwrap_or_else(|| TRIAL_SEATS.to_string()),
    );
    let choices = options.clone();
    let listed = options.clone();
    let targets = StoredValue::new(existing);
    let plan = Memo::new(move |_| {
        let chosen_target = destination.get();
        let target = targets.with_value(|ts| {
            ts.iter()
                .find(|t| t.id.to_string() == chosen_target)
                .cloned()
        });
        if let Some(t) = target {
            return pinned
                .with(|p| plan_trial_conversion_into(&p.state, &t.state, p.as_of))
                .map_err(|e| e.field_error());
        }
        let seats = Seats::parse(&typed.get()).map_err(|e| FieldError::new("seats", &e))?;
        let option = choices[chosen.get().min(choices.len() - 1)];
        pinned
            .with(|p| plan_trial_conversion(&p.state, &choices, option, seats, p.as_of))
            .map_err(|e| e.field_error())
    });
    let preview = move || {
        match plan.get() {
        Ok(plan) => view! {
            <p class="preview" aria-live="polite" data-testid="conversion-preview" data-amount=plan.charge.minor>
                {lang.t(SMsg::PreviewCharge)} ": " <strong>{plan.charge.to_string()}</strong>
                {format!(" ({} – {})", plan.period.start, plan.period.end.add_days(-1))}
            </p>
        }
        .into_any(),
        Err(e) => view! { <p class="field-error" role="alert" data-testid="conversion-error">{lang.error(&e)}</p> }
            .into_any(),
    }
    };
    let expected = move || plan.get().map(|p| p.charge.minor).unwrap_or_default();
    let new_target = move || destination.get() == "new";
    let destinations = move || {
        let (state, as_of) = pinned.with(|p| (p.state.clone(), p.as_of));
        targets.with_value(|ts| {
            ts.iter()
                .map(|t| {
                    let refused = plan_trial_conversion_into(&state, &t.state, as_of).err();
                    let mut label = format!("#{} {} ({} {})", t.id, t.name, t.state.seats(), lang.t(SMsg::Licenses));
                    if let Some(e) = refused {
                        label = format!("{label} — {}", lang.error(&e.field_error()));
                    }
                    let id = t.id.to_string();
                    let selected = destination.get_untracked() == id;
                    view! { <option value=id disabled=refused.is_some() selected=selected>{label}</option> }
                })
                .collect_view()
        })
    };
    view! {
        {targets.with_value(|ts| !ts.is_empty()).then(|| view! {
            <label>
                {lang.t(SMsg::ConversionDestination)}
                <select name="form[destination]" data-testid="conversion-destination"
                    on:change=move |ev| destination.set(event_target_value(&ev))>
                    <option value="new">{lang.t(SMsg::NewSubscription)}</option>
                    {destinations}
                </select>
            </label>
        })}
        <label hidden=move || !new_target()>
            {lang.t(SMsg::ConversionTerm)}
            <select name="form[option]" data-testid="conversion-option" on:change=move |ev| {
                chosen.set(position(&event_target_value(&ev)).unwrap_or(default))
            }>
                {listed
                    .into_iter()
                    .enumerate()
                    .map(|(i, o)| view! {
                        <option value=o.code() selected=i == chosen.get_untracked()>
                            {option_label(lang, &o)}
                        </option>
                    })
                    .collect_view()}
            </select>
        </label>
        <label hidden=move || !new_target()>
            {lang.t(SMsg::NewQuantity)}
            <input type="text" inputmode="numeric" name="form[seats]" data-testid="conversion-seats"
                value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
        </label>
        <p class="hint" hidden=new_target>{lang.t(SMsg::ConversionJoins)}</p>
        <input type="hidden" name="form[expected]" value=expected />
        {preview}
        <PinField pinned anchor />
        <button type="submit" data-testid="convert-trial" disabled=move || plan.get().is_err() || pinning.get()>
            {lang.t(SMsg::ConvertNow)}
        </button>
        <ReviewStep hydrated which=CONVERSION page=format!("/subscriptions/{id}") />
    }
}

/// R-SUB-11: the total reducible now and each addition with its window.
#[component]
fn ReduciblePanel(detail: SubscriptionDetail) -> impl IntoView {
    let lang = use_lang();
    let open: Vec<_> = detail
        .state
        .reducible(detail.as_of)
        .into_iter()
        .cloned()
        .collect();
    let total: u32 = open.iter().map(|a| a.seats).sum();
    let body = if open.is_empty() {
        view! { <p data-testid="reducible-none">{lang.t(SMsg::NoneReducible)}</p> }.into_any()
    } else {
        view! {
            <p>{lang.t(SMsg::ReducibleTotal)} ": " <strong data-testid="reducible-total">{total}</strong></p>
            <table>
                <thead><tr>
                    <th>{lang.t(SMsg::Quantity)}</th>
                    <th>{lang.t(SMsg::AddedAt)}</th>
                    <th>{lang.t(SMsg::ReducibleUntil)}</th>
                </tr></thead>
                <tbody>
                    {open
                        .into_iter()
                        .map(|a| view! {
                            <tr>
                                <td class="num">{a.seats}</td>
                                <td>{lang.datetime(a.added_at)}</td>
                                <td>{lang.datetime(a.reducible_until())}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="card">
            <details>
                <summary data-testid="reducible">{lang.t(SMsg::Reducible)}</summary>
                {body}
            </details>
        </section>
    }
}

/// R-SUB-22: offered only inside the window, with the refund the server
/// will commit (the rules crate at the pinned time, as the server will).
#[component]
fn CancelPanel(detail: SubscriptionDetail) -> impl IntoView {
    let lang = use_lang();
    let body = match plan_cancel(&detail.state, detail.marketplace, detail.as_of) {
        Ok(plan) => view! {
            <p class="hint">{lang.t(SMsg::CancelHint)}</p>
            <p>{lang.t(SMsg::CancelUntil)} " " {lang.datetime(plan.window_closes_at)}</p>
            <ServerForm action=CancelSubscription::PATH>
                <input type="hidden" name="form[subscription_id]" value=detail.row.id />
                <label class="check">
                    <input type="checkbox" name="form[acknowledged]" value="true" required data-testid="cancel-confirm" />
                    {lang.t(SMsg::CancelConfirm)}
                </label>
                <FormErrors />
                <DeletesScheduled detail=detail.clone() message=SMsg::DeletesScheduled />
                <CancelPreview pinned=FromServer(detail.pinned()) id=detail.row.id marketplace=detail.marketplace />
            </ServerForm>
        }
        .into_any(),
        Err(e @ CancelError::WindowClosed { .. }) => {
            view! { <p class="hint" data-testid="cancel-closed">{lang.error(&e.field_error())}</p> }
                .into_any()
        }
        Err(_) => ().into_any(),
    };
    view! {
        <section class="card">
            <h2>{lang.t(SMsg::CancelSubscription)}</h2>
            {body}
        </section>
    }
}

/// The refund a cancellation commits, at the pinned time; pinned afresh
/// when the server refuses (after midnight UTC the refund is a day less).
#[island]
fn CancelPreview(pinned: FromServer<Pinned>, id: i64, marketplace: bool) -> impl IntoView {
    let FromServer(pinned) = pinned;
    let lang = use_lang();
    let anchor = NodeRef::new();
    let (pinned, pinning) = use_pin(pinned, id, anchor);
    let plan = Memo::new(move |_| {
        pinned.with(|p| plan_cancel_with_addons(&p.state, marketplace, &p.addons, p.as_of))
    });
    // R-SUB-13: the add-ons it ends, each with its refund.
    let ended = move |plan: &domain::BaseCancelPlan| {
        pinned.with(|p| {
            plan.addons
                .iter()
                .filter_map(|(id, a)| {
                    let name = p.addons.iter().find(|t| t.id == *id)?.name.clone();
                    Some(view! { <li>{name} ": " {a.refund.to_string()}</li> })
                })
                .collect_view()
        })
    };
    let preview = move || {
        match plan.get() {
        Ok(plan) => view! {
            <div class="preview" aria-live="polite" data-testid="cancel-preview" data-amount=plan.refund.minor>
                <p>{lang.t(SMsg::PreviewRefund)} ": " <strong>{plan.refund.to_string()}</strong></p>
                {(!plan.addons.is_empty()).then(|| view! {
                    <p>{lang.t(SMsg::CancelEndsAddons)}</p>
                    <ul data-testid="cancel-addons">{ended(&plan)}</ul>
                })}
            </div>
        }
        .into_any(),
        Err(e) => view! { <p class="field-error" role="alert">{lang.error(&e.field_error())}</p> }
            .into_any(),
    }
    };
    let expected = move || plan.get().map(|p| p.refund.minor).unwrap_or_default();
    view! {
        {preview}
        <input type="hidden" name="form[expected_refund]" value=expected />
        <PinField pinned anchor />
        <button type="submit" class="danger" data-testid="cancel-subscription" disabled=move || plan.get().is_err() || pinning.get()>
            {lang.t(SMsg::CancelSubscription)}
        </button>
    }
}

/// Suspend / reactivate and auto-renew: each button sends its `action`.
#[component]
fn StatusPanel(detail: SubscriptionDetail) -> impl IntoView {
    let lang = use_lang();
    let button = move |action: &'static str, label: Text, testid: &'static str| {
        view! {
            <button type="submit" name="action" value=action data-testid=testid>
                {lang.t(label)}
            </button>
        }
    };
    let actions = match detail.row.status {
        SubscriptionStatus::Active => view! {
            <p class="hint">{lang.t(SMsg::SuspendHint)}</p>
            {button("suspend", SMsg::Suspend, "suspend")}
            {if detail.row.auto_renew {
                button("auto_renew_off", SMsg::TurnAutoRenewOff, "auto-renew-off")
            } else {
                button("auto_renew_on", SMsg::TurnAutoRenewOn, "auto-renew-on")
            }}
        }
        .into_any(),
        SubscriptionStatus::Suspended => {
            button("reactivate", SMsg::Reactivate, "reactivate").into_any()
        }
        _ => ().into_any(),
    };
    view! {
        <section class="card">
            <h2>{lang.t(SMsg::Status)}</h2>
            {detail.processing.map(|_| view! {
                <p class="notice" role="status" data-testid="processing">
                    {lang.t(SMsg::ProcessingNow)}
                </p>
            })}
            {detail.row.auto_renew.then(|| view! {
                <DeletesScheduled detail=detail.clone() message=SMsg::StatusDeletesScheduled />
            })}
            {(!detail.addons.is_empty()).then(|| view! {
                <p class="notice" role="note" data-testid="status-addons">{lang.t(SMsg::StatusFollowsAddons)}</p>
            })}
            <ServerForm action=SetSubscriptionStatus::PATH>
                <input type="hidden" name="id" value=detail.row.id />
                <FormErrors />
                <div class="actions">{actions}</div>
            </ServerForm>
        </section>
    }
}
