//! Plain data of the benefits screens (SPEC §2) that the server sends to the
//! browser, and the forms it receives. No rules live here.

use serde::{Deserialize, Serialize};

use crate::benefits::{
    BenefitKind, Calculation, ConversionBalances, DelegationStatus, TransactionKind,
};
use crate::{Language, Timestamp};

/// A purchasing account as the account picker shows it (R-SAB-01).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BenefitAccount {
    pub id: i64,
    pub number: String,
    pub name: String,
    pub agreement_number: String,
    pub customer_id: i64,
    pub customer_name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicenseLine {
    pub product: String,
    pub quantity: i64,
}

/// One row of the benefits list (R-SAB-02).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BenefitView {
    pub id: i64,
    pub kind: BenefitKind,
    pub granted: i64,
    pub used: i64,
    pub remaining: i64,
    pub expires_at: Timestamp,
    pub expired: bool,
    pub sa_id: String,
    pub program_code: Option<String>,
    pub access_code: Option<String>,
    /// R-SAB-02: an eligible domain must be added before users can be.
    pub needs_domain: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InventoryView {
    pub account: BenefitAccount,
    pub licenses: Vec<LicenseLine>,
    pub benefits: Vec<BenefitView>,
    /// "More benefits you can use": eligible but not held.
    pub more: Vec<BenefitKind>,
    pub can_manage: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BenefitUserView {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub language: Language,
    pub added_at: Timestamp,
}

/// The benefit details page (R-SAB-04…09).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BenefitDetail {
    pub account: BenefitAccount,
    pub benefit: BenefitView,
    pub users: Vec<BenefitUserView>,
    pub domains: Vec<String>,
    pub calculation: Option<Calculation>,
    /// For Planning Services and Training Vouchers when the account holds both.
    pub conversion: Option<ConversionBalances>,
    /// R-SAB-11: on Training Vouchers, the assignments not revoked.
    pub vouchers: Vec<VoucherView>,
    pub can_manage: bool,
}

/// An assigned training voucher (R-SAB-11).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoucherView {
    pub id: i64,
    pub code: String,
    pub email: String,
    pub name: String,
    pub language: Language,
    pub days: i64,
    pub assigned_at: Timestamp,
}

/// "Assign training voucher" as typed (R-SAB-11).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewVoucher {
    pub email: String,
    pub name: String,
    pub language: String,
    pub days: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransactionView {
    pub at: Timestamp,
    pub kind: TransactionKind,
    pub amount: i64,
    pub balance_after: i64,
    pub note: String,
}

/// "Add user" as typed (R-SAB-05).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewBenefitUser {
    pub email: String,
    pub name: String,
    pub language: String,
}

/// A partner's permission request, as both sides see it (R-SAB-10).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DelegationView {
    pub id: i64,
    pub partner_org_id: i64,
    pub partner_name: String,
    pub customer_org_id: i64,
    pub customer_name: String,
    pub status: DelegationStatus,
    pub requested_at: Timestamp,
    pub decided_at: Option<Timestamp>,
}

/// R-SAB-01: "Manage my inventory": the accounts to pick from and the picked
/// one's inventory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InventoryPage {
    pub accounts: Vec<BenefitAccount>,
    pub inventory: Option<InventoryView>,
    /// R-SAB-10: show the link to "Partner manage benefits" (a request exists).
    pub has_partner_requests: bool,
}

/// R-SAB-11: the software section of a download benefit's details page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BenefitSoftwarePage {
    /// The viewer may get downloads (and so sees the links they made).
    pub can_download: bool,
    pub products: Vec<BenefitSoftwareView>,
}

/// One product a download benefit offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BenefitSoftwareView {
    pub product_id: String,
    pub name: String,
    pub editions: crate::software::Editions,
    /// The benefit's key for it while shown to the viewer who revealed it
    /// ("Show product key", recorded); `None` otherwise.
    pub key: Option<String>,
    /// Until when the key is shown ([`key_shown_until`](crate::key_shown_until)).
    pub key_shown_until: Option<crate::Timestamp>,
    /// The viewer may reveal the key.
    pub can_show_key: bool,
    pub key_instructions: String,
    /// The viewer's links that can still be used, newest first.
    pub links: Vec<crate::software_views::LinkView>,
}

/// "Get key and download" for one product and edition of a benefit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BenefitDownloadForm {
    pub benefit_id: i64,
    pub product_id: String,
    pub version: String,
    pub language: String,
    pub file_type: String,
}
