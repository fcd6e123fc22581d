//! What the subscription screens receive from the server (shared with the
//! browser, so it can run the same rules on the same data).

use serde::{Deserialize, Serialize};

use crate::addon::TiedAddon;
use crate::catalog::PaidOption;
use crate::catalog::{AddonRule, BillingFrequency, Offer, Segment, Term};
use crate::money::{Currency, Money};
use crate::processing::Processing;
use crate::seats::{SeatState, SubscriptionStatus};
use crate::{CivilDate, Timestamp};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerHeader {
    pub id: i64,
    pub name: String,
    pub country: String,
    pub segment: Segment,
    pub currency: Currency,
    /// EU/EFTA: additional resellers may be declared.
    pub eu_efta: bool,
}

/// One offer as a customer may buy it: its per-seat price per term in the
/// customer's currency, or why it cannot be bought (an error code).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferRow {
    pub offer: Offer,
    pub prices: Vec<(Term, Money)>,
    pub unavailable: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CartLineView {
    pub id: i64,
    pub offer_id: String,
    pub name: String,
    pub term: Term,
    pub frequency: BillingFrequency,
    pub seats: u32,
    /// The first billing period's charge.
    pub first_charge: Money,
    pub addon_rule: Option<AddonRule>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogPage {
    pub customer: CustomerHeader,
    pub offers: Vec<OfferRow>,
    pub cart: Vec<CartLineView>,
    /// "Add products": software, and the cart's software lines (R-SW-01).
    pub software: crate::software_views::SoftwareCatalog,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddToCartForm {
    pub customer_id: i64,
    pub offer_id: String,
    pub term: Term,
    pub frequency: BillingFrequency,
    pub seats: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmitOrderForm {
    pub customer_id: i64,
    /// Made once per review screen; a retry or double click sends the same key.
    pub idempotency_key: String,
    /// The [`crate::orders::lines_digest`] of the cart the review showed: the
    /// order is that cart or none (a form without it matches no cart).
    #[serde(default)]
    pub reviewed: String,
    /// A form sends nothing for an unchecked box or for no resellers.
    #[serde(default)]
    pub attested: bool,
    pub reseller: String,
    #[serde(default)]
    pub additional_resellers: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderLineView {
    pub id: i64,
    pub name: String,
    pub term: Term,
    pub frequency: BillingFrequency,
    pub seats: u32,
    pub status: String,
    pub subscription_id: Option<i64>,
    pub amount: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderView {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub partner_name: String,
    pub placed_at: Timestamp,
    pub status: String,
    pub reseller: Option<String>,
    pub additional_resellers: Vec<String>,
    pub lines: Vec<OrderLineView>,
    /// What the order bought of software (R-SW-01), and whether the
    /// customer's prices include tax.
    pub software: Vec<SoftwareOrderLine>,
    pub tax: crate::software::TaxBasis,
}

/// One software line of an order: a purchase, live or cancelled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SoftwareOrderLine {
    pub purchase_id: i64,
    pub name: String,
    pub license: crate::software::SoftwareLicense,
    pub quantity: u32,
    pub amount: Money,
    pub cancelled: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubscriptionRow {
    pub id: i64,
    pub customer_id: i64,
    pub name: String,
    pub offer_id: String,
    pub seats: u32,
    pub status: SubscriptionStatus,
    pub auto_renew: bool,
    pub term: Term,
    pub frequency: BillingFrequency,
    /// The term's last day (inclusive).
    pub term_ends_on: CivilDate,
    /// When it renews (R-SUB-18); `None` without auto-renew.
    pub renews_on: Option<CivilDate>,
    pub partner_name: String,
    pub reseller: Option<String>,
    pub promotion: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubscriptionDetail {
    pub row: SubscriptionRow,
    /// Counted up by every change (R-API-03: the API's ETag names it).
    pub version: u32,
    pub customer_name: String,
    pub marketplace: bool,
    /// The inputs of every preview on the page.
    pub state: SeatState,
    /// Business time when the page was built: previews pin it and the commit
    /// sends it back, so the committed figure is the previewed one.
    pub as_of: Timestamp,
    /// The server's signed pin of `as_of` (and of the subscription's update
    /// count), which the seat and cancel forms send back.
    pub pin: String,
    /// The viewer may change seats, cancel, suspend …
    pub can_manage: bool,
    /// What the billing job is processing now, if anything (R-SUB-21).
    pub processing: Option<Processing>,
    /// For a trial: the paid offer it may convert to now (R-SUB-25).
    pub conversion: Option<ConversionOffer>,
    /// For a trial: the conversion scheduled for its end (R-SUB-26).
    pub scheduled_conversion: Option<ScheduledConversionView>,
    /// For an active paid subscription: its upgrade paths (R-SUB-14).
    pub upgrades: Vec<UpgradePathView>,
    /// For an active paid subscription: what it may renew as (R-SUB-19).
    pub renewal_choices: Vec<RenewalChoice>,
    /// The change scheduled for its renewal (R-SUB-19).
    pub scheduled_renewal: Option<ScheduledRenewalView>,
    /// The customer's other subscriptions its next term may be co-termed
    /// with (R-SUB-19).
    pub coterm_with: Vec<CotermWith>,
    /// For an add-on bought for a base: that base (R-SUB-13).
    pub base: Option<BaseRef>,
    /// Its live add-ons (active or suspended), which follow it (R-SUB-13).
    pub addons: Vec<TiedAddon>,
    /// For an active paid base the viewer manages: the add-ons it may take.
    pub addon_choices: Vec<AddonChoice>,
}

/// The base subscription an add-on belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BaseRef {
    pub id: i64,
    pub name: String,
}

/// An add-on a base may take (R-SUB-13): how it is sold for the base's
/// term, and the customer's base licenses that bound its quantity
/// (R-SUB-04, R-SUB-05; every partner's).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddonChoice {
    pub offer_id: String,
    pub name: String,
    pub rule: AddonRule,
    pub options: Vec<PaidOption>,
    pub base_licenses: u32,
}

/// An add-on bought for a base, as previewed (R-SUB-13).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddAddonForm {
    /// The base.
    pub subscription_id: i64,
    pub offer_id: String,
    /// [`PaidOption::code`].
    pub option: String,
    pub seats: String,
    /// [`SubscriptionDetail::pin`] (the base's).
    pub pin: String,
    /// The previewed first charge in minor units.
    pub expected: i64,
}

/// A product a subscription may renew as: its own, or an upgrade (R-SUB-17).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RenewalChoice {
    pub offer_id: String,
    pub name: String,
    pub upgrade: bool,
    /// How it is sold, every term and billing.
    pub options: Vec<PaidOption>,
}

impl RenewalChoice {
    /// How a form names the product sold as `option`: `m365-e5|P1Y/monthly`.
    pub fn code(&self, option: &PaidOption) -> String {
        format!("{}|{}", self.offer_id, option.code())
    }
}

/// Another subscription of the customer (with the same partner) whose
/// renewal day a next term may end on (R-SUB-19).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CotermWith {
    pub subscription_id: i64,
    pub name: String,
    /// The day it renews, which a co-termed term ends on (renews on).
    pub renews_on: CivilDate,
}

/// A change scheduled for renewal, with what the next term will charge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduledRenewalView {
    pub name: String,
    pub upgrade: bool,
    pub option: PaidOption,
    pub seats: u32,
    /// The day the next term starts.
    pub renews_on: CivilDate,
    /// Its first billing period's charge, and that period's last day.
    pub first_charge: Money,
    pub first_period_last_day: CivilDate,
    /// The last day of a co-termed next term.
    pub coterm_last_day: Option<CivilDate>,
}

/// A change for the next term (R-SUB-19): [`RenewalChoice::code`], seats,
/// and the co-term date: a [`CotermWith::renews_on`] as days since
/// 1970-01-01, or empty for a whole term.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduleRenewalForm {
    pub subscription_id: i64,
    pub choice: String,
    pub seats: String,
    #[serde(default)]
    pub coterm: String,
}

/// One path "Check upgrades" lists (R-SUB-14 … 16).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpgradePathView {
    pub offer_id: String,
    pub name: String,
    /// False for seed 004's unsupported paths: listed with the reason.
    pub supported: bool,
    /// How a new subscription of the target is sold for the source's term
    /// (it ends with the source).
    pub options: Vec<PaidOption>,
    /// The customer's active subscriptions of the target with this
    /// partner; the page says why one cannot be chosen (R-SUB-16).
    pub existing: Vec<ExistingTarget>,
}

/// An existing subscription the seats could join.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExistingTarget {
    pub id: i64,
    pub name: String,
    pub state: SeatState,
}

/// An upgrade as previewed (R-SUB-14 … 16).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpgradeForm {
    pub subscription_id: i64,
    /// The target offer's id.
    pub target: String,
    /// `new`, or the id of an existing subscription of the target.
    pub destination: String,
    /// For a new subscription: [`PaidOption::code`].
    #[serde(default)]
    pub option: String,
    pub seats: String,
    /// "An upgrade cannot be undone" was confirmed.
    #[serde(default)]
    pub acknowledged: bool,
    /// [`SubscriptionDetail::pin`].
    pub pin: String,
    /// The previewed credit and charge in minor units.
    pub expected_credit: i64,
    pub expected_charge: i64,
}

/// A trial's conversion at its end as scheduled, with what it will charge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduledConversionView {
    pub name: String,
    pub option: PaidOption,
    pub seats: u32,
    /// The day the paid subscription starts (the day after the trial's month).
    pub converts_on: CivilDate,
    /// Its first billing period's charge, and that period.
    pub first_charge: Money,
    pub first_period_last_day: CivilDate,
}

/// A conversion scheduled for a trial's end (R-SUB-26).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduleConversionForm {
    pub subscription_id: i64,
    /// [`PaidOption::code`].
    pub option: String,
    pub seats: String,
}

/// The paid offer a trial converts to, and how it is sold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversionOffer {
    pub name: String,
    pub options: Vec<PaidOption>,
    /// The customer's active subscriptions of the paid offer with this
    /// partner, which the trial's 25 licenses could join (R-SUB-25); the
    /// page says why one cannot be chosen.
    pub existing: Vec<ExistingTarget>,
}

/// A trial's conversion to a new paid subscription, as previewed (R-SUB-25).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrialConversionForm {
    pub subscription_id: i64,
    /// `new` (or nothing), or the id of an existing subscription of the
    /// paid offer.
    #[serde(default)]
    pub destination: String,
    /// [`PaidOption::code`]: the term and billing chosen.
    pub option: String,
    pub seats: String,
    /// [`SubscriptionDetail::pin`].
    pub pin: String,
    /// The previewed first charge in minor units.
    pub expected: i64,
}

impl SubscriptionDetail {
    /// Whether anything is scheduled for the term's end, which a cancel,
    /// auto-renew off, a seat change, an upgrade or a conversion deletes
    /// (R-SUB-20).
    pub fn has_scheduled(&self) -> bool {
        self.scheduled_renewal.is_some() || self.scheduled_conversion.is_some()
    }

    pub fn pinned(&self) -> Pinned {
        Pinned {
            state: self.state.clone(),
            addons: self.addons.clone(),
            as_of: self.as_of,
            pin: self.pin.clone(),
        }
    }
}

/// What a subscription's previews are computed from: its state at `as_of`,
/// and the server's signed pin of that moment. A page gets a fresh one when
/// the server refused a commit of the old one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pinned {
    pub state: SeatState,
    /// Its live add-ons, which a cancellation ends with it (R-SUB-13).
    pub addons: Vec<TiedAddon>,
    pub as_of: Timestamp,
    pub pin: String,
}

/// A seat change, as previewed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeatChangeForm {
    pub subscription_id: i64,
    pub seats: String,
    /// [`SubscriptionDetail::pin`]: when the preview was computed, signed.
    pub pin: String,
    /// The previewed amount in minor units (charge positive, refund negative).
    pub expected: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CancelForm {
    pub subscription_id: i64,
    /// [`SubscriptionDetail::pin`].
    pub pin: String,
    /// The previewed refund in minor units (positive): the subscription's
    /// and its add-ons' together.
    pub expected_refund: i64,
    /// "A cancelled subscription cannot be restored" was confirmed (a form
    /// sends nothing for an unchecked box).
    #[serde(default)]
    pub acknowledged: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceSummary {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub partner_name: String,
    pub month: String,
    pub total: Money,
    pub entries: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LedgerLine {
    pub id: i64,
    pub at: Timestamp,
    /// What it bills: a subscription, or else (`None`) a software purchase
    /// (R-SW-01).
    pub subscription_id: Option<i64>,
    /// The subscription's or the software product's name.
    pub name: String,
    pub reason: String,
    pub seats: i64,
    pub period_start: CivilDate,
    /// Exclusive.
    pub period_end: CivilDate,
    pub amount: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceView {
    pub summary: InvoiceSummary,
    pub lines: Vec<LedgerLine>,
    /// Whether the customer's amounts include tax (R-SW-01).
    pub tax: crate::software::TaxBasis,
}

/// The demo test clock, for the banner and the provider's clock page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TestClockView {
    pub now: Timestamp,
    pub offset_days: i64,
}
