//! The demo's test clock: how far one step may move business time. The
//! bounds are sanity limits, not business rules; the form's `max`
//! attributes show the same ones.

use crate::{FieldError, Span};

/// The most days one step may move.
pub const MAX_ADVANCE_DAYS: u32 = 400;

/// The most minutes besides the days: less than a day.
pub const MAX_ADVANCE_MINUTES: u32 = 24 * 60 - 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClockAdvanceError {
    #[error("at most {MAX_ADVANCE_DAYS} days at a time")]
    DaysInvalid,
    #[error("at most {MAX_ADVANCE_MINUTES} minutes besides the days")]
    MinutesInvalid,
    #[error("move the clock by at least one minute")]
    Zero,
}

crate::error_codes! {
    ClockAdvanceError {
        Self::DaysInvalid => "clock_days_invalid",
        Self::MinutesInvalid => "clock_minutes_invalid",
        Self::Zero => "clock_advance_zero",
    }
}

impl ClockAdvanceError {
    /// The error at the field it concerns, with the bound it broke.
    pub fn field_error(self) -> FieldError {
        match self {
            Self::DaysInvalid => {
                FieldError::new("days", &self).with("max", MAX_ADVANCE_DAYS.to_string())
            }
            Self::MinutesInvalid => {
                FieldError::new("minutes", &self).with("max", MAX_ADVANCE_MINUTES.to_string())
            }
            Self::Zero => FieldError::new("days", &self),
        }
    }
}

/// How far a step of `days` and `minutes` moves the clock.
pub fn advance_by(days: u32, minutes: u32) -> Result<Span, ClockAdvanceError> {
    if days > MAX_ADVANCE_DAYS {
        return Err(ClockAdvanceError::DaysInvalid);
    }
    if minutes > MAX_ADVANCE_MINUTES {
        return Err(ClockAdvanceError::MinutesInvalid);
    }
    if days == 0 && minutes == 0 {
        return Err(ClockAdvanceError::Zero);
    }
    Ok(Span::minutes(i64::from(days) * 1440 + i64::from(minutes)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn a_step_is_at_least_a_minute_and_at_most_400_days_and_23_59() {
        assert_eq!(advance_by(0, 1), Ok(Span::minutes(1)));
        // 400 days and 1,439 minutes: 577,439 minutes.
        assert_eq!(advance_by(400, 1439), Ok(Span::minutes(577_439)));
        assert_eq!(advance_by(401, 0), Err(ClockAdvanceError::DaysInvalid));
        assert_eq!(advance_by(0, 1440), Err(ClockAdvanceError::MinutesInvalid));
        assert_eq!(advance_by(0, 0), Err(ClockAdvanceError::Zero));
        let e = ClockAdvanceError::MinutesInvalid.field_error();
        assert_eq!(
            (e.field.as_str(), e.code.as_str()),
            ("minutes", "clock_minutes_invalid")
        );
        assert_eq!(e.params, vec![("max".to_string(), "1439".to_string())]);
        assert_eq!(ClockAdvanceError::Zero.code(), "clock_advance_zero");
    }
}
