//! What the software screens receive from the server (seed 002, R-SW-01 …
//! 05): the products a customer may buy, the cart's software lines, and
//! the Software page with its keys and download links.

use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::software::{ActivityKind, Edition, LinkStatus, SoftwareLicense, TaxBasis};
use crate::{CivilDate, Timestamp};

/// A software product as one customer may buy it, at its unit price in the
/// customer's currency (R-SW-01).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SoftwareOffer {
    pub product_id: String,
    pub name: String,
    pub license: SoftwareLicense,
    pub unit_price: Money,
}

/// "Add products": the software a partner may sell the customer, and
/// whether its prices include tax (R-SW-01).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SoftwareCatalog {
    pub tax: TaxBasis,
    pub products: Vec<SoftwareOffer>,
    pub cart: Vec<SoftwareCartLine>,
}

/// One software line of the cart: charged in full when the order is placed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SoftwareCartLine {
    pub id: i64,
    pub product_id: String,
    pub name: String,
    pub license: SoftwareLicense,
    pub quantity: u32,
    pub unit_price: Money,
    pub total: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddSoftwareForm {
    pub customer_id: i64,
    pub product_id: String,
    pub quantity: String,
}

/// A customer's Software page (R-SW-03).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SoftwarePage {
    pub tax: TaxBasis,
    /// The viewer may get keys and downloads (a selling partner's Admin
    /// Agent).
    pub can_get_keys: bool,
    pub purchases: Vec<SoftwarePurchaseView>,
    /// "Cancel" (R-SW-06), for a selling partner's Admin Agent with an
    /// order that still has live software.
    pub cancel: Option<CancelDialog>,
}

/// The cancel dialog's inputs: the orders one may pick, at the business
/// time the browser previews the credit at (the server commits at it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CancelDialog {
    pub as_of: Timestamp,
    pub orders: Vec<CancelOrder>,
}

/// One order's software as the cancel rules need it, with the server's
/// signed pin of [`CancelDialog::as_of`] for that order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CancelOrder {
    pub order_id: i64,
    pub pin: String,
    pub names: Vec<String>,
    pub purchases: Vec<crate::software::SoftwarePurchase>,
}

/// "Submit" in the cancel dialog (R-SW-06): one order, acknowledged, with
/// the previewed credit in minor units.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SoftwareCancelForm {
    pub order_id: i64,
    /// A form sends nothing for an unchecked box.
    #[serde(default)]
    pub acknowledged: bool,
    pub pin: String,
    pub expected: i64,
}

/// What one order line bought.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SoftwarePurchaseView {
    pub id: i64,
    pub order_id: i64,
    pub product_id: String,
    pub name: String,
    pub license: SoftwareLicense,
    pub quantity: u32,
    pub amount: Money,
    pub purchased_at: Timestamp,
    pub cancelled_at: Option<Timestamp>,
    pub partner_name: String,
    /// What it may be downloaded as (none once the catalog withdraws it).
    pub editions: crate::software::Editions,
    /// The viewer may see the keys ("Show product key", each reveal
    /// recorded).
    pub can_show_key: bool,
    /// The product keys, while the viewer's last reveal is shown
    /// ([`key_shown_until`](crate::key_shown_until)); empty otherwise.
    pub keys: Vec<String>,
    /// Until when the keys stay shown.
    pub key_shown_until: Option<Timestamp>,
    pub key_instructions: String,
    /// Its download links, newest first, for a viewer who may get them.
    pub links: Vec<LinkView>,
}

/// A download link as the page shows it (R-SW-04).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkView {
    pub id: i64,
    /// The path to download from (`/downloads/{token}`).
    pub path: String,
    /// The same as a whole link, to copy and send.
    pub url: String,
    pub edition: Edition,
    pub file_name: String,
    pub size: u64,
    /// Hex SHA-256 of the file.
    pub sha256: String,
    pub status: LinkStatus,
    pub days_left: i64,
}

/// "Get keys and downloads" for one purchase and edition (R-SW-03).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GetKeysForm {
    pub purchase_id: i64,
    pub version: String,
    pub language: String,
    pub file_type: String,
}

/// The activity log (R-SW-05) for a date range, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityPage {
    pub from: CivilDate,
    pub to: CivilDate,
    pub rows: Vec<ActivityRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityRow {
    pub at: Timestamp,
    /// `Name <email>`; empty for a user deleted since.
    pub user: String,
    pub kind: ActivityKind,
    pub product: String,
    pub customer: String,
}
