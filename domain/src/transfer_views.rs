//! What the transfer screens receive from the server and send back
//! (R-SUB-28), shared with the browser so its preview runs
//! [`crate::plan_line`] on the same candidates at the same pinned time.

use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::transfer::{Candidate, TransferStatus};
use crate::Timestamp;

/// Which side of a request the viewing partner is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Side {
    /// Its subscriptions move away: it opens, submits or declines.
    Source,
    /// It asked for them.
    Target,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransferRow {
    pub id: i64,
    pub side: Side,
    pub customer_id: i64,
    pub customer_name: String,
    pub source_name: String,
    pub target_name: String,
    pub notify_email: String,
    /// As of now: a pending request past 30 days reads as expired.
    pub status: TransferStatus,
    pub requested_at: Timestamp,
    pub expires_at: Timestamp,
}

/// The Transfers page: the partner's ID (what a target partner names in
/// its request), its requests both ways, and the customers it may ask for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransfersPage {
    pub partner_id: i64,
    pub requests: Vec<TransferRow>,
    /// `(id, name)` of the customers whose relationship is accepted.
    pub customers: Vec<(i64, String)>,
}

/// One subscription moved, as committed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MovedLine {
    pub name: String,
    pub seats: u32,
    pub old_subscription_id: i64,
    pub new_subscription_id: i64,
    pub credit: Money,
    pub charge: Money,
}

/// One request: while open, the source partner's transferable
/// subscriptions with the pinned time the preview is computed at; once
/// completed, what moved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransferDetail {
    pub row: TransferRow,
    /// Whether the viewer may submit or decline (the source, with the right
    /// to manage subscriptions, while the request is open).
    pub can_decide: bool,
    pub candidates: Vec<Candidate>,
    pub as_of: Timestamp,
    /// The server's signed pin of `as_of` for this request.
    pub pin: String,
    pub moved: Vec<MovedLine>,
}

/// The target partner's request (seed 004: the source partner's ID and an
/// email address to notify).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SendTransferForm {
    pub customer_id: i64,
    pub source_partner_id: String,
    pub notify_email: String,
}

/// The source partner's submission: the ticked subscriptions, each as
/// [`crate::Chosen::code`] with the figures its preview showed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptTransferForm {
    pub request_id: i64,
    #[serde(default)]
    pub lines: Vec<String>,
    /// [`TransferDetail::pin`].
    pub pin: String,
}
