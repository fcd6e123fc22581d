//! What the partner's Benefits page shows (seed 003, R-MPN-01 … 07): the
//! packages to buy, and per package bought its five tabs' benefits with
//! what is used and left, and what cancelling it would refund.

use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::mpn::{CloudKind, GoToMarketStatus, TechnicalKind};
use crate::software_views::LinkView;
use crate::time::Timestamp;

/// A package the partner may buy, priced in its currency (`None`: not
/// sold in it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackageOffer {
    pub id: String,
    pub name: String,
    pub price: Option<Money>,
    /// "2 software products, 3 Visual Studio subscriptions, …" as counts.
    pub software: usize,
    pub cloud: usize,
    pub visual_studio: u32,
    pub technical: usize,
    pub go_to_market: usize,
}

/// A user of the partner's organization, to assign.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserOption {
    pub id: i64,
    pub name: String,
    pub email: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignmentView {
    pub id: i64,
    pub user_name: String,
    pub user_email: String,
    pub alternate_email: Option<String>,
    pub assigned_at: Timestamp,
}

/// R-MPN-02: a software benefit; its key once taken, and the viewer's
/// download links.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SoftwareBenefitView {
    pub product_id: String,
    pub name: String,
    pub licenses: u32,
    pub key_instructions: String,
    pub editions: crate::software::Editions,
    /// The key, for a viewer who may take keys, once it is taken.
    pub key: Option<String>,
    pub key_taken_at: Option<Timestamp>,
    pub links: Vec<LinkView>,
}

/// R-MPN-03.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CloudBenefitView {
    pub id: String,
    pub name: String,
    pub kind: CloudKind,
    pub allowance: String,
    pub instructions: String,
    /// A usage-based subscription's user, once activated.
    pub user: Option<AssignmentView>,
    /// A license-based subscription's key, once taken (for who may see it).
    pub key: Option<String>,
}

impl CloudBenefitView {
    /// R-MPN-03: a user assigned or a key taken.
    pub fn activated(&self) -> bool {
        self.user.is_some() || self.key.is_some()
    }
}

/// R-MPN-04, R-MPN-05: a benefit given to users, `count` at most.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignableView {
    pub id: String,
    pub name: String,
    /// Visual Studio subscriptions; `None` for a technical benefit.
    pub count: Option<u32>,
    pub technical: Option<TechnicalKind>,
    /// Incidents or hours of a technical benefit.
    pub amount: u32,
    /// Hours held by open advisory requests (R-MPN-05) …
    pub held: u32,
    /// … and used by those the operators answered as done.
    pub used: u32,
    /// An advisory benefit's requests, newest first.
    pub requests: Vec<AdvisoryRequestView>,
    pub assignments: Vec<AssignmentView>,
}

impl AssignableView {
    /// Assignments still possible.
    pub fn left(&self) -> u32 {
        match self.count {
            Some(count) => count.saturating_sub(self.assignments.len() as u32),
            None => u32::from(self.assignments.is_empty()),
        }
    }

    /// Advisory hours that may still be requested.
    pub fn hours_left(&self) -> u32 {
        crate::mpn::advisory_hours_left(self.amount, self.held, self.used)
    }
}

/// R-MPN-05: an advisory-hours request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdvisoryRequestView {
    pub id: i64,
    pub partner_name: String,
    pub package_name: String,
    pub topic: String,
    pub description: String,
    pub preferred_from: crate::CivilDate,
    pub preferred_to: crate::CivilDate,
    pub hours: u32,
    pub status: crate::mpn::AdvisoryStatus,
    pub created_at: Timestamp,
}

/// R-MPN-06.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoToMarketView {
    pub id: String,
    pub name: String,
    pub validity_days: u32,
    pub status: GoToMarketStatus,
}

/// R-MPN-07: what the cancel dialog previews, by
/// [`plan_package_refund`](crate::mpn::plan_package_refund) at `as_of`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefundDialog {
    pub purchase_id: i64,
    pub paid: Money,
    pub purchased_at: Timestamp,
    pub first_key_at: Option<Timestamp>,
    pub as_of: Timestamp,
    /// Signs `as_of` for this purchase.
    pub pin: String,
}

/// A package bought, with its five tabs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackageView {
    pub id: i64,
    pub order_id: i64,
    pub package_id: String,
    pub name: String,
    pub paid: Money,
    pub purchased_at: Timestamp,
    pub cancelled_at: Option<Timestamp>,
    /// A cancellation with refund is requested and not yet decided.
    pub refund_requested: bool,
    pub software: Vec<SoftwareBenefitView>,
    pub cloud: Vec<CloudBenefitView>,
    pub visual_studio: Vec<AssignableView>,
    pub technical: Vec<AssignableView>,
    pub go_to_market: Vec<GoToMarketView>,
    /// For who may cancel, while it can be requested.
    pub refund: Option<RefundDialog>,
}

/// R-MPN-06: the company marketing contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarketingContactView {
    pub user_id: i64,
    pub user_name: String,
    pub alternate_email: String,
    pub phone: String,
    pub language: crate::Language,
}

/// One charge or refund of a package on the partner's own invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackageBill {
    pub month: String,
    pub name: String,
    pub reason: String,
    pub amount: Money,
    pub at: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BenefitsPage {
    pub offers: Vec<PackageOffer>,
    pub packages: Vec<PackageView>,
    pub marketing_contact: Option<MarketingContactView>,
    pub users: Vec<UserOption>,
    /// R-MPN-01: a Global Administrator assigns.
    pub can_assign: bool,
    /// R-MPN-06: and the MPN Partner Admin manages go-to-market.
    pub can_go_to_market: bool,
    pub bills: Vec<PackageBill>,
}

/// "Buy" as posted: the package and the order's idempotency key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BuyPackageForm {
    pub package_id: String,
    pub idempotency_key: String,
}

/// "Assign user" (Visual Studio, technical benefits) as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignForm {
    pub purchase_id: i64,
    pub benefit_id: String,
    pub user_id: i64,
    /// Technical benefits only (R-MPN-05).
    #[serde(default)]
    pub alternate_email: String,
}

/// R-MPN-07's request as posted: the purchase, the pin of its preview and
/// the refund it showed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackageRefundForm {
    pub purchase_id: i64,
    pub pin: String,
    pub expected: i64,
}

/// R-MPN-02: a software benefit's language and OS, for a download link.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackageDownloadForm {
    pub purchase_id: i64,
    pub product_id: String,
    pub version: String,
    pub language: String,
    pub file_type: String,
}
