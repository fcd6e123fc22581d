//! Sliding-window rate limits for the public resend form, sign-in and
//! accepting an invitation (R-ORG-04, R-ORG-05, R-ORG-06).
//!
//! Pure: the server keeps the attempt timestamps and asks here whether one
//! more is allowed, so the policy is testable without a store or a clock.
//! The server counts an attempt before the work it guards (the password
//! check), so parallel requests cannot all pass on the same old count.

use crate::{Span, Timestamp};

/// At most `max` attempts within any `window`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    pub max: u32,
    pub window: Span,
}

/// Resends for one email address: enough for a lost email, too few to spam
/// someone's inbox (R-ORG-04).
pub const RESEND_PER_EMAIL: RateLimit = RateLimit {
    max: 3,
    window: Span::hours(1),
};

/// Resends from one client address: stops enumeration by brute force across
/// many emails and agreement numbers (R-ORG-04).
pub const RESEND_PER_CLIENT: RateLimit = RateLimit {
    max: 10,
    window: Span::hours(1),
};

/// Sign-in attempts for one email: slows password guessing on one account.
pub const LOGIN_PER_EMAIL: RateLimit = RateLimit {
    max: 5,
    window: Span::minutes(15),
};

/// Sign-in attempts from one client address: slows guessing across accounts.
pub const LOGIN_PER_CLIENT: RateLimit = RateLimit {
    max: 30,
    window: Span::minutes(15),
};

/// Accepting one invitation link: enough for a person correcting the form,
/// too few to make the server hash passwords on demand (R-ORG-05).
pub const ACCEPT_PER_TOKEN: RateLimit = RateLimit {
    max: 10,
    window: Span::minutes(15),
};

/// Accepting invitations from one client address: stops guessing links and
/// hammering the password hash across links (R-ORG-05).
pub const ACCEPT_PER_CLIENT: RateLimit = RateLimit {
    max: 30,
    window: Span::minutes(15),
};

impl RateLimit {
    /// Given the timestamps of earlier attempts, may one more happen at `now`?
    /// Only attempts within `(now - window, now]` count; older ones can be
    /// discarded by the store, and ones "in the future" (clock moved back) are
    /// ignored rather than locking someone out.
    pub fn allows(&self, earlier_attempts: &[Timestamp], now: Timestamp) -> bool {
        let start = self.window_start(now);
        let recent = earlier_attempts
            .iter()
            .filter(|t| **t > start && **t <= now)
            .count();
        recent < self.max as usize
    }

    /// The exclusive lower bound of the window ending at `now`: attempts at or
    /// before this instant no longer count, so the store may delete them.
    pub fn window_start(&self, now: Timestamp) -> Timestamp {
        now.minus(self.window)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t0() -> Timestamp {
        Timestamp::from_ymd_hms(2026, 3, 8, 10, 0, 0).unwrap()
    }

    #[test]
    fn r_org_04_resend_per_email_allows_three_per_hour() {
        let attempts = [
            t0(),
            t0().plus(Span::minutes(10)),
            t0().plus(Span::minutes(20)),
        ];
        assert!(RESEND_PER_EMAIL.allows(&attempts[..2], t0().plus(Span::minutes(30))));
        assert!(!RESEND_PER_EMAIL.allows(&attempts, t0().plus(Span::minutes(30))));
        // The first attempt leaves the window exactly one hour later.
        assert!(!RESEND_PER_EMAIL.allows(
            &attempts,
            t0().plus(Span::minutes(60)).minus(Span::millis(1))
        ));
        assert!(RESEND_PER_EMAIL.allows(&attempts, t0().plus(Span::minutes(60))));
    }

    #[test]
    fn r_org_04_window_bounds() {
        let now = t0();
        assert_eq!(
            RESEND_PER_CLIENT.window_start(now),
            now.minus(Span::hours(1))
        );
        let one = RateLimit {
            max: 1,
            window: Span::minutes(1),
        };
        // An attempt exactly at the window start no longer counts; one at now does.
        assert!(one.allows(&[now.minus(Span::minutes(1))], now));
        assert!(!one.allows(&[now.minus(Span::minutes(1)).plus(Span::millis(1))], now));
        assert!(!one.allows(&[now], now));
        // Attempts after `now` are ignored.
        assert!(one.allows(&[now.plus(Span::seconds(1))], now));
        let none = RateLimit {
            max: 0,
            window: Span::minutes(1),
        };
        assert!(!none.allows(&[], now));
    }

    #[test]
    fn r_org_04_configured_limits() {
        assert_eq!(
            RESEND_PER_EMAIL,
            RateLimit {
                max: 3,
                window: Span::hours(1)
            }
        );
        assert_eq!(
            RESEND_PER_CLIENT,
            RateLimit {
                max: 10,
                window: Span::hours(1)
            }
        );
        assert_eq!(
            LOGIN_PER_EMAIL,
            RateLimit {
                max: 5,
                window: Span::minutes(15)
            }
        );
        assert_eq!(
            LOGIN_PER_CLIENT,
            RateLimit {
                max: 30,
                window: Span::minutes(15)
            }
        );
        assert_eq!(
            ACCEPT_PER_TOKEN,
            RateLimit {
                max: 10,
                window: Span::minutes(15)
            }
        );
        assert_eq!(
            ACCEPT_PER_CLIENT,
            RateLimit {
                max: 30,
                window: Span::minutes(15)
            }
        );
        let attempts: Vec<Timestamp> = (0..5).map(|i| t0().plus(Span::minutes(i))).collect();
        assert!(!LOGIN_PER_EMAIL.allows(&attempts, t0().plus(Span::minutes(5))));
        assert!(LOGIN_PER_CLIENT.allows(&attempts, t0().plus(Span::minutes(5))));
        assert!(LOGIN_PER_EMAIL.allows(&attempts, t0().plus(Span::minutes(15))));
    }

    proptest! {
        #[test]
        fn r_org_04_allows_iff_fewer_than_max_in_window(
            offsets in prop::collection::vec(-7_200_000i64..7_200_000, 0..20),
            max in 0u32..8,
        ) {
            let limit = RateLimit { max, window: Span::hours(1) };
            let now = t0();
            let attempts: Vec<Timestamp> = offsets.iter().map(|o| now.plus(Span::millis(*o))).collect();
            let in_window = offsets.iter().filter(|o| (-3_600_000 + 1..=0).contains(*o)).count();
            prop_assert_eq!(limit.allows(&attempts, now), in_window < max as usize);
        }
    }
}
