//! Committing what was previewed (R-SUB-10, R-SUB-22): the browser previews
//! a charge or refund at a time the server pinned; the commit sends the pin
//! and the figure back, and the server commits only the same figure, while
//! the pin is fresh, on the UTC day it was made, and while nobody else has
//! changed the subscription since. The server signs its pins (the backend's
//! `subscriptions::pins`); these are the rules a verified pin is held to.

use crate::money::Money;
use crate::{FieldError, Span, Timestamp};

/// How long a preview's pinned time stays usable: long enough to read and
/// decide, short enough that a stale page is noticed.
pub const PREVIEW_VALIDITY: Span = Span::minutes(15);

/// How far a pin may be ahead of the committing server's clock (two app
/// servers' clocks differ a little).
pub const PIN_CLOCK_SKEW: Span = Span::seconds(5);

/// What a pin the server signed says: when the preview was pinned, and the
/// subscription's update count then (its version: every committed change
/// counts one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pin {
    pub pinned_at: Timestamp,
    pub version: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PreviewError {
    /// The pin is not one the server signed for this subscription: forged,
    /// altered or backdated.
    #[error("the preview's pin is not valid")]
    PinInvalid,
    /// Another change was committed after the pin was made.
    #[error("the subscription changed after the preview was made")]
    PinStale,
    /// The pin is from another UTC day: prices changed at midnight UTC.
    #[error("prices changed at midnight UTC; the figure is now {actual}")]
    PastMidnight { actual: Money },
    #[error("the preview is too old, or from the future")]
    Expired,
    /// The page was stale: the user sees the new figure and submits again.
    #[error("the figure is now {actual}")]
    Changed { actual: Money },
    /// R-SUB-22: "a cancelled subscription cannot be restored" was not confirmed.
    #[error("the cancellation was not confirmed")]
    NotAcknowledged,
}

crate::error_codes! {
    PreviewError {
        Self::PinInvalid => "preview_pin_invalid",
        Self::PinStale => "preview_pin_stale",
        Self::PastMidnight { .. } => "preview_expired_at_midnight",
        Self::Expired => "preview_expired",
        Self::Changed { .. } => "preview_changed",
        Self::NotAcknowledged => "cancel_not_acknowledged",
    }
}

impl PreviewError {
    /// The error as the form shows it: the new figure, or at the checkbox.
    pub fn field_error(&self) -> FieldError {
        match self {
            Self::PinInvalid | Self::PinStale | Self::Expired => FieldError::new("", self),
            Self::PastMidnight { actual } | Self::Changed { actual } => {
                FieldError::new("", self).with("amount", actual.to_string())
            }
            Self::NotAcknowledged => FieldError::new("acknowledged", self),
        }
    }
}

/// A preview pinned at `pinned_at` may be committed at `now`: at most
/// [`PREVIEW_VALIDITY`] old and at most [`PIN_CLOCK_SKEW`] ahead.
fn check_pin(pinned_at: Timestamp, now: Timestamp) -> Result<(), PreviewError> {
    if pinned_at > now.plus(PIN_CLOCK_SKEW) || pinned_at < now.minus(PREVIEW_VALIDITY) {
        return Err(PreviewError::Expired);
    }
    Ok(())
}

/// A pin made at update count `pinned` is for that version of the
/// subscription only: once another change committed (`current` differs),
/// the preview was computed from a state that is gone.
pub fn check_pin_version(pinned: u32, current: u32) -> Result<(), PreviewError> {
    if pinned != current {
        return Err(PreviewError::PinStale);
    }
    Ok(())
}

/// A preview commits only on the UTC day it was pinned. Charges and refunds
/// are priced per UTC day and billing periods start at midnight UTC, so the
/// same day is also the same billing period: a pin from before midnight
/// would buy the rest of a period that has ended (one day's charge for a
/// whole new period) or refund a day that has been used. `actual` is the
/// figure the change has now, shown instead.
fn check_pin_day(pinned_at: Timestamp, now: Timestamp, actual: Money) -> Result<(), PreviewError> {
    if pinned_at.date() != now.date() {
        return Err(PreviewError::PastMidnight { actual });
    }
    Ok(())
}

/// The figure planned for the commit must be the one previewed
/// (`expected`, in minor units of the same currency).
fn check_figure(expected: i64, planned: Money) -> Result<(), PreviewError> {
    if planned.minor != expected {
        return Err(PreviewError::Changed { actual: planned });
    }
    Ok(())
}

/// Whether a preview pinned at `pinned_at` that showed `expected` may commit
/// `planned`, the change as planned at `now` (R-SUB-10, R-SUB-22): on the
/// pin's UTC day, while the pin is fresh, for the same figure. On the pin's
/// day a change planned at `now` is priced as at the pin (charges and
/// refunds count whole UTC days), and it is the change the windows still
/// allow at `now`.
pub fn check_commit(
    pinned_at: Timestamp,
    now: Timestamp,
    expected: i64,
    planned: Money,
) -> Result<(), PreviewError> {
    check_pin_day(pinned_at, now, planned)?;
    check_pin(pinned_at, now)?;
    check_figure(expected, planned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{BillingFrequency, Term};
    use crate::money::Currency;
    use crate::seats::{plan_seat_change, Addition, SeatState, Seats, SubscriptionStatus};
    use crate::ErrorCode;

    /// A time in 2026, UTC.
    fn at(month: u32, day: u32, h: u32, m: u32) -> Timestamp {
        Timestamp::from_ymd_hms(2026, month, day, h, m, 0).unwrap()
    }

    #[test]
    fn r_sub_10_a_pin_commits_only_on_its_utc_day() {
        let figure = Money::new(1_000, Currency::Twd);
        // 00:00:00 to 23:59:59.999 is one day.
        let last_ms = at(3, 6, 0, 0).minus(Span::millis(1));
        assert_eq!(check_pin_day(at(3, 5, 0, 0), last_ms, figure), Ok(()));
        // One millisecond across midnight is another day, though the pin is fresh.
        assert_eq!(
            check_pin_day(last_ms, at(3, 6, 0, 0), figure),
            Err(PreviewError::PastMidnight { actual: figure })
        );
        assert_eq!(check_pin(last_ms, at(3, 6, 0, 0)), Ok(()));
        let shown = PreviewError::PastMidnight { actual: figure }.field_error();
        assert_eq!(
            (shown.field.as_str(), shown.code.as_str()),
            ("", "preview_expired_at_midnight")
        );
        assert_eq!(shown.param("amount"), Some(figure.to_string().as_str()));
    }

    /// The case of the issue: a page loaded at 23:58 UTC on the last day of a
    /// monthly period and saved at 00:03 would buy the next month for one
    /// day's price.
    #[test]
    fn r_sub_10_r_sub_08_a_pin_from_the_last_day_of_a_period_cannot_buy_the_next_one() {
        // 12,000 per seat and year, billed monthly: 1,000 a month.
        let state = SeatState {
            status: SubscriptionStatus::Active,
            trial: false,
            term: Term::P1Y,
            frequency: BillingFrequency::Monthly,
            term_started_at: at(3, 1, 10, 0),
            seat_price: Money::new(12_000, Currency::Twd),
            additions: vec![Addition {
                id: 1,
                seats: 10,
                added_at: at(3, 1, 10, 0),
                charged: 10_000,
                covered_until: crate::CivilDate::new(2026, 4, 1).unwrap(),
            }],
            update_count: 0,
            paid_from: None,
            term_end: None,
        };
        let pinned = at(3, 31, 23, 58);
        let now = at(4, 1, 0, 3);
        let eleven = Seats::new(11).unwrap();
        let at_pin = plan_seat_change(&state, eleven, pinned).unwrap().amount();
        let at_now = plan_seat_change(&state, eleven, now).unwrap().amount();
        // March 31 is 1 day of 31: round(1,000 / 31) = 32; on April 1 all of April.
        assert_eq!((at_pin.minor, at_now.minor), (32, 1_000));
        assert_ne!(
            state.billing_period(pinned.date()),
            state.billing_period(now.date())
        );
        assert_eq!(
            check_commit(pinned, now, 32, at_now),
            Err(PreviewError::PastMidnight { actual: at_now })
        );
        // Pinned again after midnight, the new figure commits.
        assert_eq!(
            check_commit(now, now.plus(Span::minutes(1)), 1_000, at_now),
            Ok(())
        );
    }

    #[test]
    fn r_sub_10_a_pin_is_for_the_version_it_was_made_at() {
        assert_eq!(check_pin_version(7, 7), Ok(()));
        assert_eq!(check_pin_version(7, 8), Err(PreviewError::PinStale));
        assert_eq!(check_pin_version(8, 7), Err(PreviewError::PinStale));
        assert_eq!(PreviewError::PinStale.code(), "preview_pin_stale");
        assert_eq!(PreviewError::PinInvalid.code(), "preview_pin_invalid");
    }

    #[test]
    fn r_sub_10_a_commit_checks_the_day_then_the_age_then_the_figure() {
        let planned = Money::new(-500, Currency::Twd);
        let now = at(3, 10, 12, 0);
        // A pin from yesterday is refused for the day, with the new figure.
        assert_eq!(
            check_commit(now.minus(Span::days(1)), now, -500, planned),
            Err(PreviewError::PastMidnight { actual: planned })
        );
        assert_eq!(
            check_commit(now.minus(Span::minutes(16)), now, -500, planned),
            Err(PreviewError::Expired)
        );
        assert_eq!(
            check_commit(now.minus(Span::minutes(15)), now, -499, planned),
            Err(PreviewError::Changed { actual: planned })
        );
        assert_eq!(
            check_commit(now.minus(Span::minutes(15)), now, -500, planned),
            Ok(())
        );
    }

    #[test]
    fn r_sub_10_a_pin_is_usable_for_fifteen_minutes_and_five_seconds_ahead() {
        let now = Timestamp::from_millis(1_800_000_000_000);
        assert_eq!(check_pin(now, now), Ok(()));
        assert_eq!(check_pin(now.minus(PREVIEW_VALIDITY), now), Ok(()));
        assert_eq!(
            check_pin(now.minus(PREVIEW_VALIDITY).minus(Span::millis(1)), now),
            Err(PreviewError::Expired)
        );
        assert_eq!(check_pin(now.plus(PIN_CLOCK_SKEW), now), Ok(()));
        assert_eq!(
            check_pin(now.plus(PIN_CLOCK_SKEW).plus(Span::millis(1)), now),
            Err(PreviewError::Expired)
        );
    }

    #[test]
    fn r_sub_10_r_sub_22_only_the_previewed_figure_commits() {
        let planned = Money::new(-1_250, Currency::Twd);
        assert_eq!(check_figure(-1_250, planned), Ok(()));
        let refused = check_figure(-1_249, planned).unwrap_err();
        assert_eq!(refused, PreviewError::Changed { actual: planned });
        let shown = refused.field_error();
        assert_eq!(
            (shown.field.as_str(), shown.code.as_str()),
            ("", "preview_changed")
        );
        assert_eq!(shown.param("amount"), Some(planned.to_string().as_str()));
        assert_eq!(
            PreviewError::NotAcknowledged.field_error().field,
            "acknowledged"
        );
    }
}
