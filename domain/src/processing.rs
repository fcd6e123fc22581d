//! R-SUB-21: while the billing job processes a subscription's renewal or
//! billing-period charge, the changes that would race with it are
//! read-only. The job claims the subscription for a lease that expires, so
//! a claim whose process crashed frees the subscription on its own.

use serde::{Deserialize, Serialize};

use crate::{Span, Timestamp};

/// How long a claim holds: the "try again in 2 minutes" of R-SUB-21.
pub const PROCESSING_LEASE: Span = Span::minutes(2);

/// What the job is processing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Processing {
    /// The end of a term: a renewal, a trial's conversion, an expiry.
    Renewal,
    /// A billing period's charge inside the term.
    CycleCharge,
}

impl Processing {
    pub fn code(self) -> &'static str {
        match self {
            Processing::Renewal => "renewal",
            Processing::CycleCharge => "cycle_charge",
        }
    }

    pub fn parse(code: &str) -> Option<Processing> {
        [Processing::Renewal, Processing::CycleCharge]
            .into_iter()
            .find(|p| p.code() == code)
    }
}

/// A claim of the job on a subscription, until `until`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Claim {
    pub what: Processing,
    pub until: Timestamp,
}

impl Claim {
    /// A claim taken at `now`.
    pub fn new(what: Processing, now: Timestamp) -> Claim {
        Claim {
            what,
            until: now.plus(PROCESSING_LEASE),
        }
    }

    /// Does it still hold at `now`? While it does, auto-renew and
    /// suspend/reactivate wait (R-SUB-21).
    pub fn holds(self, now: Timestamp) -> bool {
        now < self.until
    }

    /// Whole seconds until it expires (at least 1 while it holds).
    pub fn seconds_left(self, now: Timestamp) -> u32 {
        let millis = (self.until.millis() - now.millis()).max(0);
        u32::try_from((millis + 999) / 1000).unwrap_or(u32::MAX)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ProcessingError {
    #[error("a renewal or billing-period charge is being processed; try again in 2 minutes")]
    InProgress,
}

crate::error_codes! {
    ProcessingError {
        Self::InProgress => "subscription_processing",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32, m: u32, s: u32) -> Timestamp {
        Timestamp::from_ymd_hms(2026, 4, 1, h, m, s).unwrap()
    }

    /// R-SUB-21: a claim taken at 00:00:00 holds until 00:02:00, then
    /// expires on its own (its process may have crashed).
    #[test]
    fn r_sub_21_status_changes_wait_for_a_claim_of_two_minutes() {
        let claim = Claim::new(Processing::Renewal, at(0, 0, 0));
        assert_eq!(claim.until, at(0, 2, 0));
        assert!(claim.holds(at(0, 0, 0)));
        assert_eq!(claim.seconds_left(at(0, 0, 0)), 120);
        assert_eq!(claim.seconds_left(at(0, 1, 58)), 2);
        assert!(claim.holds(at(0, 1, 59)));
        assert_eq!(claim.seconds_left(at(0, 1, 59)), 1);
        assert!(!claim.holds(at(0, 2, 0)));
        assert_eq!(claim.seconds_left(at(0, 3, 0)), 0);
    }

    #[test]
    fn processing_codes_read_back() {
        for p in [Processing::Renewal, Processing::CycleCharge] {
            assert_eq!(Processing::parse(p.code()), Some(p));
        }
        assert_eq!(Processing::parse("other"), None);
    }
}
