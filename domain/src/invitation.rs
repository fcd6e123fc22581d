//! Invitation links: validity and single use (R-ORG-03, R-ORG-04, R-ORG-05).

use crate::{Span, Timestamp};

/// How many days an invitation link stays usable after it was sent
/// (R-ORG-03), as the emails and the console say it.
pub const INVITATION_VALIDITY_DAYS: i64 = 60;

/// The same as a span.
pub const INVITATION_VALIDITY: Span = Span::days(INVITATION_VALIDITY_DAYS);

/// The first instant at which a link sent at `sent_at` no longer works.
pub fn invitation_expires_at(sent_at: Timestamp) -> Timestamp {
    sent_at.plus(INVITATION_VALIDITY)
}

/// Why an invitation link cannot be used. Each case gets its own page text,
/// telling the person what happened and how to get a new link (R-ORG-03).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum InvitationError {
    #[error("the invitation expired at {expired_at}")]
    Expired { expired_at: Timestamp },
    /// The account was already created with this link (R-ORG-05).
    #[error("the invitation has already been used")]
    AlreadyUsed,
    /// A resend issued a newer link, which invalidates this one (R-ORG-04).
    #[error("the invitation was replaced by a newer one")]
    Superseded,
}

crate::error_codes! {
    InvitationError {
        Self::Expired { .. } => "invitation_expired",
        Self::AlreadyUsed => "invitation_used",
        Self::Superseded => "invitation_superseded",
    }
}

/// A link is usable when not used, not superseded and `now < sent_at + 60 days`
/// (at exactly 60 days it is expired).
///
/// When several reasons apply, the most helpful one wins: "already used"
/// (they have an account: sign in), then "superseded" (a newer email is on its
/// way), then "expired".
pub fn check_invitation(
    sent_at: Timestamp,
    used: bool,
    superseded: bool,
    now: Timestamp,
) -> Result<(), InvitationError> {
    let expires_at = invitation_expires_at(sent_at);
    if used {
        Err(InvitationError::AlreadyUsed)
    } else if superseded {
        Err(InvitationError::Superseded)
    } else if now >= expires_at {
        Err(InvitationError::Expired {
            expired_at: expires_at,
        })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use proptest::prelude::*;

    fn sent() -> Timestamp {
        Timestamp::from_ymd_hms(2026, 3, 8, 10, 0, 0).unwrap()
    }

    #[test]
    fn r_org_03_valid_until_just_before_60_days() {
        let almost = Span::days(59).as_millis()
            + Span::hours(23).as_millis()
            + Span::minutes(59).as_millis()
            + Span::seconds(59).as_millis()
            + 999;
        let now = sent().plus(Span::millis(almost));
        assert_eq!(check_invitation(sent(), false, false, now), Ok(()));
        assert_eq!(check_invitation(sent(), false, false, sent()), Ok(()));
    }

    #[test]
    fn r_org_03_expired_at_exactly_60_days() {
        let expired_at = Timestamp::from_ymd_hms(2026, 5, 7, 10, 0, 0).unwrap();
        assert_eq!(invitation_expires_at(sent()), expired_at);
        let err = check_invitation(sent(), false, false, sent().plus(Span::days(60)));
        assert_eq!(err, Err(InvitationError::Expired { expired_at }));
        let later = check_invitation(sent(), false, false, sent().plus(Span::days(400)));
        assert_eq!(later, Err(InvitationError::Expired { expired_at }));
        assert_eq!(err.unwrap_err().code(), "invitation_expired");
    }

    #[test]
    fn r_org_03_expired_message_names_the_instant() {
        let e = InvitationError::Expired {
            expired_at: invitation_expires_at(sent()),
        };
        assert_eq!(
            e.to_string(),
            "the invitation expired at 2026-05-07T10:00:00Z"
        );
    }

    #[test]
    fn r_org_05_used_link_is_rejected() {
        let now = sent().plus(Span::days(1));
        assert_eq!(
            check_invitation(sent(), true, false, now),
            Err(InvitationError::AlreadyUsed)
        );
        // Used wins over expired and superseded.
        assert_eq!(
            check_invitation(sent(), true, true, sent().plus(Span::days(90))),
            Err(InvitationError::AlreadyUsed)
        );
        assert_eq!(InvitationError::AlreadyUsed.code(), "invitation_used");
    }

    #[test]
    fn r_org_04_superseded_link_is_rejected() {
        let now = sent().plus(Span::days(1));
        assert_eq!(
            check_invitation(sent(), false, true, now),
            Err(InvitationError::Superseded)
        );
        assert_eq!(
            check_invitation(sent(), false, true, sent().plus(Span::days(90))),
            Err(InvitationError::Superseded)
        );
        assert_eq!(InvitationError::Superseded.code(), "invitation_superseded");
    }

    proptest! {
        #[test]
        fn r_org_03_valid_iff_within_60_days(
            sent_ms in -10_000_000_000_000i64..10_000_000_000_000,
            offset_ms in 0i64..(2 * Span::days(60).as_millis()),
        ) {
            let sent = Timestamp::from_millis(sent_ms);
            let now = sent.plus(Span::millis(offset_ms));
            let result = check_invitation(sent, false, false, now);
            prop_assert_eq!(result.is_ok(), offset_ms < INVITATION_VALIDITY.as_millis());
        }
    }
}
