//! What the provider's operations page receives: the email the outbox gave
//! up on and the items the background jobs could not process (R-NOT-01).

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// An email the outbox could not deliver and stopped trying.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeadLetter {
    pub id: i64,
    pub created_at: Timestamp,
    pub dead_at: Timestamp,
    pub to: String,
    pub subject: String,
    pub attempts: i64,
    /// Why: the address that does not parse, the relay's answer, or the last
    /// passing failure once the retries ran out.
    pub reason: String,
}

/// One item a job skipped because processing it failed, until a later run
/// processes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobFailure {
    /// The job (`billing`).
    pub job: String,
    /// What it could not process (`subscription 17`).
    pub subject: String,
    pub error: String,
    /// How many runs failed on it since it first did.
    pub failures: i64,
    pub first_failed_at: Timestamp,
    pub last_failed_at: Timestamp,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperationsView {
    /// Emails waiting to be sent (not yet sent, not dead).
    pub outbox_pending: i64,
    pub dead_letters: Vec<DeadLetter>,
    pub job_failures: Vec<JobFailure>,
}
