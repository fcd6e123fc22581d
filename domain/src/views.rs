//! Plain data the server sends to the browser (and forms it receives), shared
//! so both sides compile the same shapes. No rules live here.

use serde::{Deserialize, Serialize};

use crate::{Language, OrgKind, Role, Timestamp};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PurchasingAccountView {
    pub id: i64,
    pub number: String,
    pub name: String,
    pub admin_email: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgreementView {
    pub id: i64,
    pub number: String,
    pub created_at: Timestamp,
    pub purchasing_accounts: Vec<PurchasingAccountView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationView {
    pub id: i64,
    pub name: String,
    pub kind: OrgKind,
    pub country: String,
    pub users: i64,
}

/// The provider's "new agreement" form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAgreementForm {
    pub org_name: String,
    pub country: String,
    pub agreement_number: String,
    pub purchasing_account_number: String,
    pub purchasing_account_name: String,
    pub admin_email: String,
    pub admin_name: String,
    pub admin_language: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DomainView {
    pub id: i64,
    pub name: String,
    pub created_at: Timestamp,
}

/// One row of the "Invite users" form, as typed (R-ORG-08).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InviteRow {
    pub email: String,
    pub name: String,
    pub language: String,
    pub country: String,
    /// Absent from a form on which no role is checked.
    #[serde(default)]
    pub roles: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserView {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub language: Language,
    pub country: String,
    pub roles: Vec<Role>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingInvitation {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub roles: Vec<Role>,
    pub sent_at: Timestamp,
    pub expires_at: Timestamp,
    pub expired: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsersPage {
    pub users: Vec<UserView>,
    pub pending: Vec<PendingInvitation>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RelationshipStatus {
    Pending,
    Accepted,
    Rejected,
    Ended,
}

impl RelationshipStatus {
    pub fn code(self) -> &'static str {
        match self {
            RelationshipStatus::Pending => "pending",
            RelationshipStatus::Accepted => "accepted",
            RelationshipStatus::Rejected => "rejected",
            RelationshipStatus::Ended => "ended",
        }
    }

    pub fn parse(s: &str) -> Option<RelationshipStatus> {
        [
            RelationshipStatus::Pending,
            RelationshipStatus::Accepted,
            RelationshipStatus::Rejected,
            RelationshipStatus::Ended,
        ]
        .into_iter()
        .find(|status| status.code() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RelationshipView {
    pub id: i64,
    /// The other organization: the partner for a customer, the customer for a partner.
    pub org_id: i64,
    pub org_name: String,
    pub country: String,
    pub status: RelationshipStatus,
    pub requested_at: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerView {
    pub id: i64,
    pub name: String,
    pub country: String,
    pub agreements: Vec<AgreementView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditRow {
    pub id: i64,
    pub at: Timestamp,
    pub actor_email: Option<String>,
    pub actor_org: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxMessage {
    pub id: i64,
    pub created_at: Timestamp,
    pub to: String,
    pub language: String,
    pub subject: String,
    pub body: String,
    pub sent_at: Option<Timestamp>,
}
