//! Committing what was previewed (R-SUB-10, R-SUB-22): the browser previews
//! a charge or refund at a time the server pinned; the commit sends that
//! time and the figure back, and the server commits only the same figure,
//! while the pin is fresh.

use crate::money::Money;
use crate::{ErrorCode, FieldError, Span, Timestamp};

/// How long a preview's pinned time stays usable: long enough to read and
/// decide, short enough that a stale page is noticed.
pub const PREVIEW_VALIDITY: Span = Span::minutes(15);

/// How far a pin may be ahead of the committing server's clock (two app
/// servers' clocks differ a little).
pub const PIN_CLOCK_SKEW: Span = Span::seconds(5);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PreviewError {
    #[error("the preview is too old, or from the future")]
    Expired,
    /// The page was stale: the user sees the new figure and submits again.
    #[error("the figure is now {actual}")]
    Changed { actual: Money },
    /// R-SUB-22: "a cancelled subscription cannot be restored" was not confirmed.
    #[error("the cancellation was not confirmed")]
    NotAcknowledged,
}

impl ErrorCode for PreviewError {
    fn code(&self) -> &'static str {
        match self {
            Self::Expired => "preview_expired",
            Self::Changed { .. } => "preview_changed",
            Self::NotAcknowledged => "cancel_not_acknowledged",
        }
    }
}

impl PreviewError {
    /// The error as the form shows it: the new figure, or at the checkbox.
    pub fn field_error(&self) -> FieldError {
        match self {
            Self::Expired => FieldError::new("", self),
            Self::Changed { actual } => {
                FieldError::new("", self).with("amount", actual.to_string())
            }
            Self::NotAcknowledged => FieldError::new("acknowledged", self),
        }
    }
}

/// A preview pinned at `pinned_at` may be committed at `now`: at most
/// [`PREVIEW_VALIDITY`] old and at most [`PIN_CLOCK_SKEW`] ahead.
pub fn check_pin(pinned_at: Timestamp, now: Timestamp) -> Result<(), PreviewError> {
    if pinned_at > now.plus(PIN_CLOCK_SKEW) || pinned_at < now.minus(PREVIEW_VALIDITY) {
        return Err(PreviewError::Expired);
    }
    Ok(())
}

/// The figure planned again at the pinned time must be the one previewed
/// (`expected`, in minor units of the same currency).
pub fn check_figure(expected: i64, planned: Money) -> Result<(), PreviewError> {
    if planned.minor != expected {
        return Err(PreviewError::Changed { actual: planned });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

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
