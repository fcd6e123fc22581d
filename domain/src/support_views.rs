//! What the support pages show (R-SW-08): the form with what it can fill in
//! for the partner, the list of requests with their status, and one request
//! with its attachments and answer.

use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::support::{AttachmentKind, Impact, IssueType, SupportStatus};
use crate::time::Timestamp;

/// An order the partner may ask a refund for: what is still unrefunded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportOrder {
    pub order_id: i64,
    pub names: Vec<String>,
    pub refundable: Money,
}

/// The support form, filled in with what the portal knows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportFormPage {
    /// The customer's first verified domain, else its name.
    pub tenant: String,
    pub orders: Vec<SupportOrder>,
    pub contact_name: String,
    pub contact_email: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportRequestRow {
    pub id: i64,
    pub title: String,
    pub order_id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub partner_name: String,
    pub impact: Impact,
    pub status: SupportStatus,
    pub amount: Money,
    pub created_at: Timestamp,
    pub answered_at: Option<Timestamp>,
}

/// The requests a partner filed, or (for the provider's operators) all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportList {
    pub requests: Vec<SupportRequestRow>,
    pub operator: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentView {
    pub id: i64,
    pub name: String,
    pub kind: AttachmentKind,
    pub size: i64,
    pub sha256: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportRequestView {
    pub row: SupportRequestRow,
    pub issue_type: IssueType,
    pub tenant: String,
    pub reason: String,
    pub description: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub attachments: Vec<AttachmentView>,
    pub answer: Option<String>,
    /// The viewer is an operator and the request is still open.
    pub can_answer: bool,
    /// The viewer is of the partner that filed it, and it is still open.
    pub can_attach: bool,
}

/// An operator's answer as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportAnswerForm {
    pub id: i64,
    pub status: String,
    pub answer: String,
}
