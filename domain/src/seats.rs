//! Seat-based subscriptions: billing periods, the charge for an increase
//! (R-SUB-08), the reduction windows and refunds (R-SUB-09, R-SUB-10,
//! R-SUB-11), the update limit (R-SUB-12), cancellation (R-SUB-22), suspension
//! (R-SUB-23) and renewal (R-SUB-18).
//!
//! The browser's live preview and the server's commit both call
//! [`plan_seat_change`] / [`plan_cancel`] with the same [`SeatState`] and the
//! same pinned `now`, so the previewed figure is the committed one.

use serde::{Deserialize, Serialize};

use crate::catalog::{BillingFrequency, Term};
use crate::money::{installment, portion, prorate, split, Money};
use crate::{CivilDate, FieldError, Span, Timestamp};

/// Seats added at purchase, renewal or mid-term can be removed for this long
/// (R-SUB-09); a term can be cancelled for this long after it starts (R-SUB-22).
pub const CHANGE_WINDOW: Span = Span::hours(168);

/// A subscription can be updated this many times (R-SUB-12).
pub const MAX_UPDATES: u32 = 1_200;

/// The largest seat count a subscription may hold.
pub const MAX_SEATS: u32 = 100_000;

/// R-SUB-27: the length of an offer's automatic free trial, in UTC days.
pub const FREE_TRIAL_DAYS: i64 = 30;

/// A seat count a subscription may hold: 1 ..= [`MAX_SEATS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "u32", into = "u32")]
pub struct Seats(u32);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SeatsError {
    #[error("enter a whole number of seats")]
    NotANumber,
    #[error("a subscription needs at least one seat")]
    Zero,
    #[error("at most {max} seats")]
    TooMany { max: u32 },
}

crate::error_codes! {
    SeatsError {
        Self::NotANumber => "seats_not_a_number",
        Self::Zero => "seats_zero",
        Self::TooMany { .. } => "seats_too_many",
    }
}

impl Seats {
    pub fn new(n: u32) -> Result<Seats, SeatsError> {
        match n {
            0 => Err(SeatsError::Zero),
            n if n > MAX_SEATS => Err(SeatsError::TooMany { max: MAX_SEATS }),
            n => Ok(Seats(n)),
        }
    }

    /// What a user typed: digits only (no sign, no decimals).
    pub fn parse(s: &str) -> Result<Seats, SeatsError> {
        let s = s.trim();
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SeatsError::NotANumber);
        }
        match s.parse::<u64>() {
            Ok(n) if n > u64::from(MAX_SEATS) => Err(SeatsError::TooMany { max: MAX_SEATS }),
            Ok(n) => Seats::new(n as u32),
            Err(_) => Err(SeatsError::TooMany { max: MAX_SEATS }),
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for Seats {
    type Error = SeatsError;
    fn try_from(n: u32) -> Result<Self, Self::Error> {
        Seats::new(n)
    }
}

impl From<Seats> for u32 {
    fn from(s: Seats) -> u32 {
        s.0
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionStatus {
    Active,
    /// Access blocked, billing continues (R-SUB-23).
    Suspended,
    Cancelled,
    /// The term ended without auto-renew.
    Expired,
    /// The term ended while suspended: data deleted (R-SUB-23).
    Deleted,
}

impl SubscriptionStatus {
    pub const ALL: [SubscriptionStatus; 5] = [
        Self::Active,
        Self::Suspended,
        Self::Cancelled,
        Self::Expired,
        Self::Deleted,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Suspended => "suspended",
            Self::Cancelled => "cancelled",
            Self::Expired => "expired",
            Self::Deleted => "deleted",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// Adds calendar months, keeping the day of month where it exists and
/// clamping to the month's last day otherwise (Jan 31 + 1 month = Feb 28/29).
pub fn add_months(date: CivilDate, months: u32) -> CivilDate {
    let zero_based = date.month - 1 + months;
    let year = date.year + (zero_based / 12) as i32;
    let month = zero_based % 12 + 1;
    let day = date.day.min(CivilDate::days_in_month(year, month));
    CivilDate { year, month, day }
}

/// A half-open range of UTC days `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    pub start: CivilDate,
    pub end: CivilDate,
}

impl Period {
    pub fn days(self) -> i64 {
        self.end.days_since_epoch() - self.start.days_since_epoch()
    }
}

/// A term starting on `start` covers `[start, start + months)`; its last day
/// (inclusive) is D and it renews on D+1 = `end` (R-SUB-18).
pub fn term_period(start: CivilDate, term: Term) -> Period {
    Period {
        start,
        end: add_months(start, term.months()),
    }
}

/// The billing period of a term that contains `day` (clamped into the term),
/// with its index in the term (0-based). Periods are anchored on the term
/// start so they never drift.
pub fn billing_period(
    term_start: CivilDate,
    term: Term,
    frequency: BillingFrequency,
    day: CivilDate,
) -> (u32, Period) {
    let step = frequency.period_months(term).unwrap_or(term.months());
    let term_end = add_months(term_start, term.months());
    let mut k = 0;
    loop {
        let start = add_months(term_start, k * step);
        let end = add_months(term_start, (k + 1) * step);
        if day < end || end >= term_end {
            let period = Period {
                start,
                end: end.min(term_end),
            };
            return (k, period);
        }
        k += 1;
    }
}

/// One group of seats added together, with what was charged for them; the
/// unit of the reduction windows (R-SUB-09) and of refunds (R-SUB-10).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Addition {
    pub id: i64,
    pub seats: u32,
    pub added_at: Timestamp,
    /// Minor units charged for these seats so far.
    pub charged: i64,
    /// The charge covers `[added_at.date(), covered_until)`.
    pub covered_until: CivilDate,
}

impl Addition {
    pub fn reducible_until(&self) -> Timestamp {
        self.added_at.plus(CHANGE_WINDOW)
    }

    /// At 167 h 59 m it is still open, at 168 h 00 m it is closed.
    pub fn is_reducible(&self, now: Timestamp) -> bool {
        now < self.reducible_until()
    }

    /// The refund for removing `seats` of this addition at `now`: what was
    /// charged for them, minus the used days (the day they were added counts
    /// as used), prorated per UTC day (R-SUB-10).
    pub fn refund(&self, seats: u32, now: Timestamp) -> i64 {
        let (charged, _) = split(self.charged, i64::from(seats), i64::from(self.seats));
        let added_day = self.added_at.date().days_since_epoch();
        let covered = self.covered_until.days_since_epoch() - added_day;
        if covered <= 0 {
            return 0;
        }
        let used = (now.date().days_since_epoch() - added_day + 1).clamp(0, covered);
        charged - prorate(charged, used, covered)
    }
}

/// Everything the seat rules need about one subscription; the server builds
/// it from the database and sends the same value to the browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeatState {
    pub status: SubscriptionStatus,
    pub trial: bool,
    pub term: Term,
    pub frequency: BillingFrequency,
    /// When the current term started (purchase or renewal).
    pub term_started_at: Timestamp,
    /// Per-seat price of one whole term, locked at purchase.
    pub seat_price: Money,
    /// Live additions of the current term; their seats add up to the
    /// subscription's seat count.
    pub additions: Vec<Addition>,
    pub update_count: u32,
    /// R-SUB-27: during an offer's automatic free trial, the day its paid
    /// term starts. Until then the free trial is the whole term, one free
    /// billing period, and a trial (its seats and status are fixed).
    #[serde(default)]
    pub paid_from: Option<CivilDate>,
    /// R-SUB-19: a co-termed term's renewal day, before its natural end.
    /// The term ends there; its last billing period is cut to it.
    #[serde(default)]
    pub term_end: Option<CivilDate>,
}

impl SeatState {
    /// A subscription bought at `now`, before its first seats are added:
    /// their charge is [`Self::increase_charge`] on day one.
    pub fn bought(
        trial: bool,
        term: Term,
        frequency: BillingFrequency,
        seat_price: Money,
        now: Timestamp,
    ) -> SeatState {
        SeatState {
            status: SubscriptionStatus::Active,
            trial,
            term,
            frequency,
            term_started_at: now,
            seat_price,
            additions: Vec::new(),
            update_count: 0,
            paid_from: None,
            term_end: None,
        }
    }

    /// R-SUB-27: an offer with an automatic free trial bought at `now`:
    /// free for [`FREE_TRIAL_DAYS`] UTC days, then its paid term (`term`,
    /// billed `frequency`) starts; before its seats.
    pub fn free_trial(
        term: Term,
        frequency: BillingFrequency,
        currency: crate::money::Currency,
        now: Timestamp,
    ) -> SeatState {
        let mut s = SeatState::bought(true, term, frequency, Money::new(0, currency), now);
        s.paid_from = Some(now.date().add_days(FREE_TRIAL_DAYS));
        s
    }

    /// A new subscription sold as `option` that ends with this one: of its
    /// term, which started when this one's did (a partial upgrade's target,
    /// R-SUB-15; an add-on, R-SUB-13), before its seats.
    pub fn coterminous(&self, option: crate::catalog::PaidOption) -> SeatState {
        let mut s = SeatState::bought(
            false,
            self.term,
            option.frequency,
            option.price,
            self.term_started_at,
        );
        s.term_end = self.term_end;
        s
    }

    pub fn seats(&self) -> u32 {
        self.additions.iter().map(|a| a.seats).sum()
    }

    pub fn term_period(&self) -> Period {
        match self.paid_from {
            Some(end) => Period {
                start: self.term_started_at.date(),
                end,
            },
            None => {
                let natural = term_period(self.term_started_at.date(), self.term);
                Period {
                    start: natural.start,
                    end: self.term_end.map_or(natural.end, |e| e.min(natural.end)),
                }
            }
        }
    }

    pub fn billing_period(&self, day: CivilDate) -> Period {
        self.billing_period_at(day).1
    }

    /// [`Self::billing_period`] with its index in the term (0-based).
    pub fn billing_period_at(&self, day: CivilDate) -> (u32, Period) {
        let term = self.term_period();
        if self.paid_from.is_some() {
            return (0, term);
        }
        // Clamped into the term, which a co-term may have cut short.
        let day = day.min(term.end.add_days(-1)).max(term.start);
        let (index, period) = billing_period(term.start, self.term, self.frequency, day);
        let end = period.end.min(term.end);
        (index, Period { end, ..period })
    }

    /// What `seats` seats pay for billing period `index` (0-based) of the
    /// term: the term's price as an [`installment`], so the periods of a term
    /// add up to its price exactly, whatever the price (R-BIL-02). Every
    /// period charge (purchase, increase, billing cycle, renewal) comes from here.
    ///
    /// R-SUB-19: in a co-termed term, the period the co-term date cuts is
    /// charged its installment × the days it keeps / the days it would have
    /// had (rounded once), and none after it.
    pub fn period_charge(&self, seats: u32, index: u32) -> i64 {
        let periods = self.frequency.periods(self.term).unwrap_or(1);
        let term_price = self.seat_price.minor.saturating_mul(i64::from(seats));
        let whole = installment(term_price, index, periods);
        if self.term_end.is_none() || self.paid_from.is_some() {
            return whole;
        }
        let start = self.term_started_at.date();
        let step = self
            .frequency
            .period_months(self.term)
            .unwrap_or(self.term.months());
        let natural = Period {
            start: add_months(start, index * step),
            end: add_months(start, (index + 1) * step).min(term_period(start, self.term).end),
        };
        let kept = (self.term_period().end.days_since_epoch() - natural.start.days_since_epoch())
            .clamp(0, natural.days());
        prorate(whole, kept, natural.days())
    }

    /// The charge for `seats` more seats from `now`'s day to the end of the
    /// current billing period (R-SUB-08, R-BIL-02): that period's charge for
    /// them × days left / days in the period (that charge is itself a rounded
    /// installment; this is the second and last rounding). On the period's
    /// first day it is the whole period's charge.
    pub fn increase_charge(&self, seats: u32, now: Timestamp) -> i64 {
        let today = now.date();
        let (index, period) = self.billing_period_at(today);
        let left =
            (period.end.days_since_epoch() - today.days_since_epoch()).clamp(0, period.days());
        prorate(self.period_charge(seats, index), left, period.days())
    }

    /// What the billing job charges for the billing period that starts on
    /// `start` (R-BIL-01): every seat's [`Self::period_charge`], of which each
    /// addition still inside its reduction window then carries its seats'
    /// share, so that a later decrease refunds it too. The shares are
    /// consecutive portions of the total, so together they never exceed it.
    pub fn cycle_charge(&self, start: CivilDate) -> Cycle {
        let (index, period) = self.billing_period_at(start);
        let seats = i64::from(self.seats());
        let total = self.period_charge(self.seats(), index);
        let mut before = 0;
        let mut shares = Vec::new();
        for a in &self.additions {
            let upto = before + i64::from(a.seats);
            if a.is_reducible(period.start.start()) {
                shares.push((a.id, portion(total, before, upto, seats)));
            }
            before = upto;
        }
        Cycle {
            period,
            total,
            shares,
        }
    }

    /// The additions that can still be reduced at `now`, newest first, which
    /// is the order a decrease takes them in (R-SUB-09 decision, R-SUB-11).
    pub fn reducible(&self, now: Timestamp) -> Vec<&Addition> {
        let mut open: Vec<&Addition> = self
            .additions
            .iter()
            .filter(|a| a.seats > 0 && a.is_reducible(now))
            .collect();
        open.sort_by(|a, b| b.added_at.cmp(&a.added_at).then(b.id.cmp(&a.id)));
        open
    }

    pub fn reducible_seats(&self, now: Timestamp) -> u32 {
        self.reducible(now).iter().map(|a| a.seats).sum()
    }

    /// The latest moment a reduction window closed (or will close).
    fn last_window_end(&self) -> Option<Timestamp> {
        self.additions.iter().map(Addition::reducible_until).max()
    }
}

/// One billing period's charge for all seats, as the billing job posts it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cycle {
    pub period: Period,
    pub total: i64,
    /// `(addition id, share of the total)` of the additions still reducible.
    pub shares: Vec<(i64, i64)>,
}

/// Seats taken from one addition by a decrease, and the refund for them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Take {
    pub addition_id: i64,
    pub seats: u32,
    pub refund: i64,
}

/// The outcome of a seat change, as previewed and as committed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SeatChange {
    Increase {
        added: u32,
        charge: Money,
        period: Period,
    },
    Decrease {
        removed: u32,
        refund: Money,
        takes: Vec<Take>,
    },
}

impl SeatChange {
    /// The signed money effect: a charge is positive, a refund negative.
    pub fn amount(&self) -> Money {
        match self {
            SeatChange::Increase { charge, .. } => *charge,
            SeatChange::Decrease { refund, .. } => Money::new(-refund.minor, refund.currency),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SeatChangeError {
    #[error("the subscription is not active")]
    NotActive,
    /// R-SUB-24: a trial's seats cannot change.
    #[error("a trial's seats cannot be changed")]
    Trial,
    #[error("the seat count is unchanged")]
    Unchanged,
    /// R-SUB-12.
    #[error("this subscription reached {max} updates; buy a second subscription")]
    UpdateLimit { max: u32 },
    /// R-SUB-09: nothing can be reduced; names when the last window closed.
    #[error("seats can no longer be reduced: the window closed at {closed_at}")]
    WindowClosed { closed_at: Timestamp },
    /// R-SUB-09: some seats are reducible, fewer than asked.
    #[error("only {reducible} seats can be reduced now")]
    NotEnoughReducible { reducible: u32, lowest: u32 },
}

crate::error_codes! {
    SeatChangeError {
        Self::NotActive => "subscription_not_active",
        Self::Trial => "subscription_trial",
        Self::Unchanged => "seats_unchanged",
        Self::UpdateLimit { .. } => "subscription_update_limit",
        Self::WindowClosed { .. } => "seats_window_closed",
        Self::NotEnoughReducible { .. } => "seats_not_reducible",
    }
}

impl SeatChangeError {
    /// The error as shown next to the seats field, with the values its
    /// message names (when the window closed, how many are reducible …).
    pub fn field_error(&self) -> FieldError {
        let fe = FieldError::new("seats", self);
        match self {
            Self::WindowClosed { closed_at } => fe.with("closed_at", closed_at.to_rfc3339()),
            Self::NotEnoughReducible { reducible, lowest } => fe
                .with("reducible", reducible.to_string())
                .with("lowest", lowest.to_string()),
            Self::UpdateLimit { max } => fe.with("max", max.to_string()),
            _ => fe,
        }
    }
}

/// R-SUB-12: the next update is refused once the count reached the limit.
pub fn check_update_limit(update_count: u32) -> Result<(), SeatChangeError> {
    if update_count >= MAX_UPDATES {
        Err(SeatChangeError::UpdateLimit { max: MAX_UPDATES })
    } else {
        Ok(())
    }
}

/// What changing the seat count to `new_seats` at `now` would do: the charge
/// of an increase or the refund of a decrease (taken from the newest
/// reducible additions first), or why it is refused.
pub fn plan_seat_change(
    state: &SeatState,
    new_seats: Seats,
    now: Timestamp,
) -> Result<SeatChange, SeatChangeError> {
    if state.status != SubscriptionStatus::Active {
        return Err(SeatChangeError::NotActive);
    }
    if state.trial {
        return Err(SeatChangeError::Trial);
    }
    check_update_limit(state.update_count)?;
    let current = state.seats();
    let target = new_seats.get();
    let currency = state.seat_price.currency;
    if target > current {
        let added = target - current;
        return Ok(SeatChange::Increase {
            added,
            charge: Money::new(state.increase_charge(added, now), currency),
            period: state.billing_period(now.date()),
        });
    }
    if target == current {
        return Err(SeatChangeError::Unchanged);
    }
    let mut to_remove = current - target;
    let open = state.reducible(now);
    let reducible: u32 = open.iter().map(|a| a.seats).sum();
    if reducible == 0 {
        let closed_at = state
            .last_window_end()
            .unwrap_or(state.term_started_at.plus(CHANGE_WINDOW));
        return Err(SeatChangeError::WindowClosed { closed_at });
    }
    if reducible < to_remove {
        return Err(SeatChangeError::NotEnoughReducible {
            reducible,
            lowest: current - reducible,
        });
    }
    let removed = to_remove;
    let mut takes = Vec::new();
    for a in open {
        if to_remove == 0 {
            break;
        }
        let seats = a.seats.min(to_remove);
        takes.push(Take {
            addition_id: a.id,
            seats,
            refund: a.refund(seats, now),
        });
        to_remove -= seats;
    }
    let refund = takes.iter().map(|t| t.refund).sum();
    Ok(SeatChange::Decrease {
        removed,
        refund: Money::new(refund, currency),
        takes,
    })
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CancelError {
    #[error("the subscription is already {status:?}")]
    NotCancellable { status: SubscriptionStatus },
    /// R-SUB-22: only within 168 hours of the term's start.
    #[error("the cancellation window closed at {closed_at}")]
    WindowClosed { closed_at: Timestamp },
}

crate::error_codes! {
    CancelError {
        Self::NotCancellable { .. } => "subscription_not_cancellable",
        Self::WindowClosed { .. } => "cancel_window_closed",
    }
}

impl CancelError {
    /// The error as shown above the cancel form, naming when the window closed.
    pub fn field_error(&self) -> FieldError {
        let fe = FieldError::new("", self);
        match self {
            Self::WindowClosed { closed_at } => fe.with("closed_at", closed_at.to_rfc3339()),
            _ => fe,
        }
    }
}

/// A cancellation's refund, per addition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CancelPlan {
    pub refund: Money,
    pub takes: Vec<Take>,
    pub window_closes_at: Timestamp,
}

/// When the cancellation window of the current term closes.
pub fn cancel_window_end(state: &SeatState) -> Timestamp {
    state.term_started_at.plus(CHANGE_WINDOW)
}

/// Cancel at `now` (R-SUB-22): within 168 hours of the term's start, every
/// addition refunded with the same function as a decrease; a Marketplace
/// SaaS offer gets everything back.
pub fn plan_cancel(
    state: &SeatState,
    marketplace: bool,
    now: Timestamp,
) -> Result<CancelPlan, CancelError> {
    if !matches!(
        state.status,
        SubscriptionStatus::Active | SubscriptionStatus::Suspended
    ) {
        return Err(CancelError::NotCancellable {
            status: state.status,
        });
    }
    let closes = cancel_window_end(state);
    if now >= closes {
        return Err(CancelError::WindowClosed { closed_at: closes });
    }
    let takes: Vec<Take> = state
        .additions
        .iter()
        .filter(|a| a.seats > 0)
        .map(|a| Take {
            addition_id: a.id,
            seats: a.seats,
            refund: if marketplace {
                a.charged
            } else {
                a.refund(a.seats, now)
            },
        })
        .collect();
    Ok(CancelPlan {
        refund: Money::new(
            takes.iter().map(|t| t.refund).sum(),
            state.seat_price.currency,
        ),
        takes,
        window_closes_at: closes,
    })
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum StatusError {
    #[error("only an active subscription can be suspended")]
    NotActive,
    #[error("only a suspended subscription can be reactivated")]
    NotSuspended,
    #[error("the term ended; the subscription cannot be reactivated")]
    TermEnded,
    #[error("a trial's status cannot be changed")]
    Trial,
}

crate::error_codes! {
    StatusError {
        Self::NotActive => "subscription_not_active",
        Self::NotSuspended => "subscription_not_suspended",
        Self::TermEnded => "subscription_term_ended",
        Self::Trial => "subscription_trial",
    }
}

/// R-SUB-23: suspending needs an active, non-trial subscription; it also turns
/// auto-renew off (the caller writes that).
pub fn check_suspend(state: &SeatState) -> Result<(), StatusError> {
    match (state.status, state.trial) {
        (_, true) => Err(StatusError::Trial),
        (SubscriptionStatus::Active, false) => Ok(()),
        _ => Err(StatusError::NotActive),
    }
}

/// R-SUB-23: reactivating works within the term only.
pub fn check_reactivate(state: &SeatState, now: Timestamp) -> Result<(), StatusError> {
    if state.status != SubscriptionStatus::Suspended {
        return Err(StatusError::NotSuspended);
    }
    if now >= state.term_period().end.start() {
        return Err(StatusError::TermEnded);
    }
    Ok(())
}

/// The day an active subscription with auto-renew on renews: the day after
/// its term's last day (R-SUB-18) — for a trial, the day it converts to the
/// paid offer (R-SUB-24); `None` when it will not renew.
pub fn renews_on(state: &SeatState, auto_renew: bool) -> Option<CivilDate> {
    (auto_renew && state.status == SubscriptionStatus::Active).then(|| state.term_period().end)
}

/// What the renewal job does with a subscription whose term has ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum TermEndAction {
    /// R-SUB-18: a new term starts on D+1 with new reduction windows.
    Renew,
    /// R-SUB-24: a trial with auto-renew on becomes the equivalent paid
    /// offer ([`crate::Catalog::trial_conversion`]), whose term starts on D+1.
    ConvertTrial,
    /// Auto-renew off: the subscription (a trial too) ends.
    Expire,
    /// R-SUB-23: ended while suspended, its data is deleted.
    Delete,
}

/// The job's decision for `state` at `now`: `None` while the term runs (or
/// the subscription already ended).
pub fn term_end_action(
    state: &SeatState,
    auto_renew: bool,
    now: Timestamp,
) -> Option<TermEndAction> {
    if now < state.term_period().end.start() {
        return None;
    }
    match state.status {
        SubscriptionStatus::Active if renews_on(state, auto_renew).is_some() => {
            Some(if state.trial {
                TermEndAction::ConvertTrial
            } else {
                TermEndAction::Renew
            })
        }
        SubscriptionStatus::Active => Some(TermEndAction::Expire),
        SubscriptionStatus::Suspended => Some(TermEndAction::Delete),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
