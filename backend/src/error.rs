//! The use cases' error type, the backend's own error codes, and the error
//! policy.
//!
//! # Error policy
//!
//! Every failure maps to one HTTP status, is logged or not by that status,
//! and shows the user a stable code, never the cause:
//!
//! | error | status | logged | the user sees |
//! |---|---|---|---|
//! | `Unauthenticated` | 401 | no | pages: the sign-in page; forms: `unauthenticated` |
//! | `Forbidden` | 403 | no | the 403 page / `forbidden`; also for another organization's ids, so a foreign id's existence is not revealed |
//! | `NotFound` | 404 | no | the 404 page / `not_found` |
//! | `Gone` | 410 | no | its code with since when and why (a deleted subscription) |
//! | `Invalid` | 422 | no | each field's code next to its field |
//! | `Conflict`, `DelegationRefused` | 409 | no | the code above the form: the state changed, or does not allow this now |
//! | `Processing` | 409 with `Retry-After` (the claim's seconds left) | no | `subscription_processing` above the form: "try again in 2 minutes" (R-SUB-21) |
//! | `PreconditionFailed` | 412 | no | API only (`If-Match`): `precondition_failed`, read the resource again |
//! | `RateLimited` | 429 | no (the limits count) | `rate_limited` |
//! | `Unavailable`: the pool timed out or is closed, the connection was lost, the database is busy, out of connections or resources, shutting down, or aborted the transaction as a deadlock | 503 with `Retry-After` ([`RETRY_AFTER_SECONDS`]) | warning, with the cause | the 503 page / `unavailable` ("try again in a moment"): never "signed out" or "not found" |
//! | `Database` (any other database error), `InvoiceMissing`, `Internal` | 500 | error, with the cause | the 500 page / `internal` |
//!
//! The app adds one row before any use case runs: a request body the server
//! cannot decode is 400 with `field_missing` (the field named) or
//! `body_invalid`, never the decoder's text (`app::error`). A database
//! error becomes `Unavailable` or `Database` where it enters this type
//! ([`From<sqlx::Error>`]), so no caller decides that again.

use domain::benefits::DelegationError;
use domain::FieldError;

/// How long a client should wait before retrying a 503.
pub const RETRY_AFTER_SECONDS: u32 = 5;

domain::codes! {
    /// The use cases' own codes (the rules crate's errors carry theirs).
    pub enum Code {
        LoginFailed => "login_failed",
        LanguageUnknown => "language_unknown",
        RoleUnknown => "role_unknown",
        RowsEmpty => "rows_empty",
        EmailDuplicate => "email_duplicate",
        UserExists => "user_exists",
        TermsNotAccepted => "terms_not_accepted",
        AlreadyRegistered => "already_registered",
        LastAdministrator => "last_administrator",
        CannotRemoveSelf => "cannot_remove_self",
        PlatformAdminExists => "platform_admin_exists",
        AgreementNumberTaken => "agreement_number_taken",
        DomainTaken => "domain_taken",
        CustomerNotFound => "customer_not_found",
        RelationshipExists => "relationship_exists",
        RelationshipPending => "relationship_pending",
        RelationshipChanged => "relationship_changed",
        DecisionInvalid => "decision_invalid",
        BalanceChanged => "balance_changed",
        BenefitNoInstructions => "benefit_no_instructions",
        DelegationChanged => "delegation_changed",
        SubscriptionSuspended => "subscription_suspended",
        OrderKeyInvalid => "order_key_invalid",
        OrderInProgress => "order_in_progress",
        /// R-SW-07: a cancelled purchase's keys and downloads are revoked.
        SoftwareCancelled => "software_cancelled",
        QuantityInvalid => "quantity_invalid",
        SoftwareNotSold => "software_not_sold",
        ActionUnknown => "action_unknown",
        TestClockDisabled => "test_clock_disabled",
        /// The email is pending or sent: someone sent it again already.
        DeliveryNotDead => "delivery_not_dead",
        /// R-API-03: the resource changed since the `If-Match` ETag.
        PreconditionFailed => "precondition_failed",
        /// R-API-03: a write to a subscription needs `If-Match`.
        PreconditionRequired => "precondition_required",
        /// R-API-02: the key was used with another request body.
        IdempotencyKeyReused => "idempotency_key_reused",
        /// R-API-02: the first request with the key is still running.
        IdempotencyInFlight => "idempotency_in_flight",
        /// R-API-02: the key is empty, too long or not visible ASCII.
        IdempotencyKeyInvalid => "idempotency_key_invalid",
        /// A list's `limit` is outside 1 to 200.
        LimitInvalid => "limit_invalid",
        /// A list's `after` is no cursor of that list.
        CursorInvalid => "cursor_invalid",
        /// R-SUB-23: the term ended while it was suspended (`ended`: its last day).
        SubscriptionDeleted => "subscription_deleted",
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not signed in")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// It existed and is gone for good: the error says since when and why.
    #[error("gone: {}", .0.code)]
    Gone(FieldError),
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    #[error("conflict: {}", domain::ErrorCode::code(.0))]
    Conflict(Code),
    /// R-SUB-21: the billing job is processing the subscription; try again
    /// once its claim expires, in `retry_after` seconds.
    #[error("conflict: the subscription is being processed")]
    Processing { retry_after: u32 },
    /// R-SAB-10: the permission's status does not allow the request or decision.
    #[error("conflict: {0}")]
    DelegationRefused(DelegationError),
    /// R-API-03: the subscription is no longer at the version the client
    /// read (`If-Match`): read it again.
    #[error("precondition failed: the resource changed")]
    PreconditionFailed,
    #[error("too many attempts, try again later")]
    RateLimited,
    /// The database cannot be reached or cannot serve now (see the policy).
    #[error("database unavailable: {0}")]
    Unavailable(sqlx::Error),
    #[error("database error: {0}")]
    Database(sqlx::Error),
    /// A ledger entry found no invoice to be written on (R-BIL-01): the
    /// change it billed was rolled back with it rather than committed unbilled.
    #[error("a ledger entry found no invoice; the change was rolled back")]
    InvoiceMissing,
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Error {
        if is_unavailable(&e) {
            Error::Unavailable(e)
        } else {
            Error::Database(e)
        }
    }
}

/// A refused commit of a preview (R-SUB-10, R-SUB-22), shown on its form.
impl From<domain::PreviewError> for Error {
    fn from(e: domain::PreviewError) -> Error {
        Error::Invalid(vec![e.field_error()])
    }
}

impl From<DelegationError> for Error {
    fn from(e: DelegationError) -> Error {
        Error::DelegationRefused(e)
    }
}

impl Error {
    /// One invalid field.
    pub fn field(field: &str, code: &impl domain::ErrorCode) -> Error {
        Error::Invalid(vec![FieldError::new(field, code)])
    }

    pub fn status(&self) -> u16 {
        match self {
            Error::Unauthenticated => 401,
            Error::Forbidden => 403,
            Error::NotFound => 404,
            Error::Gone(_) => 410,
            Error::Invalid(_) => 422,
            Error::Conflict(_) | Error::DelegationRefused(_) | Error::Processing { .. } => 409,
            Error::PreconditionFailed => 412,
            Error::RateLimited => 429,
            Error::Unavailable(_) => 503,
            Error::Database(_) | Error::InvoiceMissing | Error::Internal(_) => 500,
        }
    }

    /// The `Retry-After` seconds of a 503, or of a 409 that passes.
    pub fn retry_after(&self) -> Option<u32> {
        match self {
            Error::Unavailable(_) => Some(RETRY_AFTER_SECONDS),
            Error::Processing { retry_after } => Some(*retry_after),
            _ => None,
        }
    }

    /// Logs the error as the policy says: server-side failures with their
    /// cause, the user's own (4xx) not at all.
    pub fn log(&self) {
        match self.status() {
            503 => tracing::warn!(error = %self, "database unavailable"),
            500.. => tracing::error!(error = %self, "internal error"),
            _ => {}
        }
    }
}

/// Is this the database out of reach (or unable to serve for now) rather
/// than a fault of the request or a bug? A retry later may succeed.
fn is_unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => {
            if let Some(pg) = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
                postgres_unavailable(pg.code())
            } else if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                db.code()
                    .and_then(|code| code.parse::<i32>().ok())
                    .is_some_and(sqlite_unavailable)
            } else {
                false
            }
        }
        _ => false,
    }
}

/// SQLSTATEs of a connection lost or refused (class 08), a server out of
/// connections, memory or disk (53), shutting down or starting (57P01–03),
/// a system I/O error (58030), and of a transaction aborted only for
/// concurrency: a serialization failure or deadlock (40001, 40P01), a lock
/// that could not be had (55P03).
fn postgres_unavailable(sqlstate: &str) -> bool {
    sqlstate.starts_with("08")
        || sqlstate.starts_with("53")
        || matches!(
            sqlstate,
            "57P01" | "57P02" | "57P03" | "58030" | "40001" | "40P01" | "55P03"
        )
}

/// SQLite's primary result codes (the low byte of an extended one) for a
/// database busy or locked by another process past the busy timeout, read
/// only, unreadable, full, or not openable.
fn sqlite_unavailable(extended: i32) -> bool {
    const BUSY: i32 = 5;
    const LOCKED: i32 = 6;
    const READONLY: i32 = 8;
    const IOERR: i32 = 10;
    const FULL: i32 = 13;
    const CANTOPEN: i32 = 14;
    matches!(
        extended & 0xff,
        BUSY | LOCKED | READONLY | IOERR | FULL | CANTOPEN
    )
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Collects field errors while parsing a form, so the user sees all of them at once.
#[derive(Default)]
pub struct Fields(Vec<FieldError>);

impl Fields {
    pub fn check<T, E: domain::ErrorCode>(
        &mut self,
        field: &str,
        parsed: std::result::Result<T, E>,
    ) -> Option<T> {
        match parsed {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(FieldError::new(field, &e));
                None
            }
        }
    }

    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    pub fn finish(self) -> Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(self.0))
        }
    }
}

pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}

#[cfg(test)]
mod tests {
    use std::io;

    use super::*;

    /// The policy's 503 row for the errors without a database behind them.
    #[test]
    fn pool_and_connection_failures_are_503_with_retry_after() {
        for e in [
            sqlx::Error::PoolTimedOut,
            sqlx::Error::PoolClosed,
            sqlx::Error::WorkerCrashed,
            sqlx::Error::Io(io::Error::from(io::ErrorKind::ConnectionReset)),
            sqlx::Error::Io(io::Error::from(io::ErrorKind::ConnectionRefused)),
        ] {
            let e = Error::from(e);
            assert_eq!(e.status(), 503, "{e}");
            assert_eq!(e.retry_after(), Some(RETRY_AFTER_SECONDS));
        }
    }

    /// A bug stays a 500: not retried, not hidden as an outage.
    #[test]
    fn other_database_errors_are_500_without_retry_after() {
        for e in [
            sqlx::Error::RowNotFound,
            sqlx::Error::ColumnNotFound("x".into()),
            sqlx::Error::Protocol("unexpected".into()),
        ] {
            let e = Error::from(e);
            assert_eq!(e.status(), 500, "{e}");
            assert_eq!(e.retry_after(), None);
        }
    }

    #[test]
    fn sqlstates_and_sqlite_codes_of_an_outage() {
        for s in [
            "08006", "08001", "53300", "57P01", "57P03", "40001", "40P01",
        ] {
            assert!(postgres_unavailable(s), "{s}");
        }
        for s in ["23505", "42P01", "22003", "P0001"] {
            assert!(!postgres_unavailable(s), "{s}");
        }
        // SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED, SQLITE_IOERR_WRITE, SQLITE_CANTOPEN.
        for code in [5, 517, 6, 778, 14] {
            assert!(sqlite_unavailable(code), "{code}");
        }
        // SQLITE_ERROR, SQLITE_CONSTRAINT_UNIQUE, SQLITE_MISMATCH.
        for code in [1, 2067, 20] {
            assert!(!sqlite_unavailable(code), "{code}");
        }
    }

    #[test]
    fn every_code_is_distinct_snake_case() {
        use domain::ErrorCode;
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let s = code.code();
            assert!(seen.insert(s), "{s} twice");
            assert!(
                s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{s}"
            );
        }
        // A backend code that a rules-crate enum also uses would be two
        // meanings under one text.
        let rules: std::collections::BTreeSet<&str> = domain::error::all_codes().collect();
        let shared: Vec<_> = seen.intersection(&rules).collect();
        assert!(shared.is_empty(), "also a rules-crate code: {shared:?}");
    }
}
