//! How the outbox delivers email (R-NOT-01): at least once, with a claim that
//! expires, retries that back off, and a dead letter at the end.
//!
//! Pure: the server keeps the attempt count and the times, and asks here how
//! long a claim lasts and when (or whether) to try again.

use crate::{Span, Timestamp};

/// How long a claimed message is reserved for the process that claimed it.
/// Far longer than one SMTP conversation may take (the transport gives up
/// after [`SEND_TIMEOUT`] per command), so no live sender loses its claim;
/// short enough that a message whose sender crashed goes out minutes later.
pub const LEASE: Span = Span::minutes(5);

/// The SMTP client's timeout for one command of the conversation.
pub const SEND_TIMEOUT: Span = Span::seconds(30);

/// Attempts before a message that keeps failing for a passing reason (the
/// relay down, a full mailbox) becomes a dead letter: with [`retry_delay`]
/// that is about five hours of retrying.
pub const MAX_ATTEMPTS: u32 = 12;

/// The first wait after a failed attempt; each later one doubles, up to
/// [`MAX_DELAY`].
const FIRST_DELAY: Span = Span::seconds(30);
const MAX_DELAY: Span = Span::hours(1);

/// What to do after attempt number `attempts` (1 for the first) failed for a
/// passing reason: try again at the returned time, or give up (`None`).
pub fn retry_at(attempts: u32, now: Timestamp) -> Option<Timestamp> {
    (attempts < MAX_ATTEMPTS).then(|| now.plus(retry_delay(attempts)))
}

/// The wait after failed attempt number `attempts`: 30 s, 1 min, 2 min, …,
/// capped at one hour.
pub fn retry_delay(attempts: u32) -> Span {
    let doublings = attempts.saturating_sub(1).min(32);
    let ms = FIRST_DELAY
        .as_millis()
        .saturating_mul(1i64 << doublings)
        .min(MAX_DELAY.as_millis());
    Span::millis(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32, m: u32, s: u32) -> Timestamp {
        Timestamp::from_ymd_hms(2026, 3, 1, h, m, s).unwrap()
    }

    #[test]
    fn r_not_01_retries_back_off_from_30_seconds_doubling_to_one_hour() {
        let waits: Vec<i64> = (1..=10)
            .map(|n| retry_delay(n).as_millis() / 1000)
            .collect();
        assert_eq!(
            waits,
            vec![30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]
        );
        assert_eq!(retry_delay(u32::MAX), Span::hours(1), "no overflow");
    }

    #[test]
    fn r_not_01_gives_up_after_the_twelfth_attempt() {
        assert_eq!(retry_at(1, at(10, 0, 0)), Some(at(10, 0, 30)));
        assert_eq!(retry_at(11, at(10, 0, 0)), Some(at(11, 0, 0)));
        assert_eq!(retry_at(12, at(10, 0, 0)), None);
        // The whole schedule: 30 s + 1 + 2 + 4 + 8 + 16 + 32 min + 4 × 1 h
        // = 5 h 3 min 30 s from the first failure to the last attempt.
        let total: i64 = (1..MAX_ATTEMPTS).map(|n| retry_delay(n).as_millis()).sum();
        assert_eq!(total, Span::minutes(5 * 60 + 3).as_millis() + 30_000);
    }

    #[test]
    fn r_not_01_a_lease_outlasts_every_command_of_a_send() {
        // A send is a handful of commands (EHLO, STARTTLS, AUTH, MAIL, RCPT,
        // DATA, the body, QUIT); the lease covers all of them timing out.
        assert!(LEASE.as_millis() >= 8 * SEND_TIMEOUT.as_millis());
    }
}
