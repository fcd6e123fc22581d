//! Software purchases (SPEC §3, R-SW-01 … R-SW-08): what a software product
//! is sold as (perpetual or a software subscription), whether shown prices
//! include tax (R-SW-01), the edition picked on the Software page (R-SW-03),
//! the product key, the download link's 14 days / 50 downloads (R-SW-04), and
//! cancellation within 60 days with its credit (R-SW-06, R-SW-07) or through
//! a support request (R-SW-08).
//!
//! Like every rule here these are pure: "now" is a parameter, and the
//! product key's randomness comes from the caller.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::money::{prorate, Currency, Money};
use crate::seats::add_months;
use crate::{CivilDate, FieldError, Span, Timestamp};

#[cfg(test)]
mod tests;

/// How a software product is licensed (R-SW-07's credit differs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SoftwareLicense {
    Perpetual,
    // snake_case alone would make these "subscription1_y".
    #[serde(rename = "subscription_1y")]
    Subscription1Y,
    #[serde(rename = "subscription_3y")]
    Subscription3Y,
}

impl SoftwareLicense {
    pub const ALL: [SoftwareLicense; 3] = [
        SoftwareLicense::Perpetual,
        SoftwareLicense::Subscription1Y,
        SoftwareLicense::Subscription3Y,
    ];

    /// The serde name: `"perpetual"`, `"subscription_1y"`, `"subscription_3y"`.
    pub fn code(self) -> &'static str {
        match self {
            SoftwareLicense::Perpetual => "perpetual",
            SoftwareLicense::Subscription1Y => "subscription_1y",
            SoftwareLicense::Subscription3Y => "subscription_3y",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == s)
    }

    /// Term length in months, `None` for perpetual.
    pub fn months(self) -> Option<u32> {
        match self {
            SoftwareLicense::Perpetual => None,
            SoftwareLicense::Subscription1Y => Some(12),
            SoftwareLicense::Subscription3Y => Some(36),
        }
    }

    /// The UTC days a purchase bought at `at` pays for: a software
    /// subscription's term `[purchase day, purchase day + 12 or 36
    /// months)`; perpetual software, the purchase day.
    pub fn covers(self, at: Timestamp) -> crate::seats::Period {
        let start = at.date();
        let end = match self.months() {
            Some(months) => add_months(start, months),
            None => start.add_days(1),
        };
        crate::seats::Period { start, end }
    }
}

/// The file type / OS of a download (R-SW-03).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FileType {
    /// A disc image.
    Iso,
    /// A virtual hard disk.
    Vhd,
    /// The x64 installation files, zipped.
    X64,
}

impl FileType {
    pub const ALL: [FileType; 3] = [FileType::Iso, FileType::Vhd, FileType::X64];

    /// The serde name: `"iso"`, `"vhd"`, `"x64"`.
    pub fn code(self) -> &'static str {
        match self {
            FileType::Iso => "iso",
            FileType::Vhd => "vhd",
            FileType::X64 => "x64",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == s)
    }

    /// The download's file extension (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            FileType::Iso => "iso",
            FileType::Vhd => "vhd",
            FileType::X64 => "zip",
        }
    }
}

/// A software product of the catalog (`"software"` in catalog.json).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SoftwareProduct {
    /// E.g. `"windows-server-2025-standard-perpetual"`.
    pub id: String,
    /// E.g. `"Windows Server 2025 Standard"`.
    pub name: String,
    pub license: SoftwareLicense,
    #[serde(flatten)]
    pub editions: Editions,
    /// The price of one unit, one per currency.
    pub prices: Vec<Money>,
    /// R-SW-08: cancelling it needs a support request.
    #[serde(default)]
    pub support_only: bool,
    /// Shown with the product key.
    #[serde(default)]
    pub key_instructions: String,
}

impl SoftwareProduct {
    /// The unit price in `currency`, if the product is sold in it.
    pub fn price(&self, currency: Currency) -> Option<Money> {
        self.prices.iter().find(|m| m.currency == currency).copied()
    }

    /// R-SW-01: what `quantity` units cost in `currency`, charged in full
    /// when the order is placed: unit price × quantity.
    pub fn charge(&self, quantity: crate::seats::Seats, currency: Currency) -> Option<Money> {
        let unit = self.price(currency)?;
        Some(Money::new(
            unit.minor.checked_mul(i64::from(quantity.get()))?,
            currency,
        ))
    }
}

/// What a product may be downloaded as (R-SW-03): the same for software
/// bought and software a benefit offers (R-SAB-11).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Editions {
    /// E.g. `["2025"]` or `["2022", "2025"]`.
    pub versions: Vec<String>,
    /// BCP 47 tags, e.g. `"en-US"`, `"zh-TW"`.
    pub languages: Vec<String>,
    pub file_types: Vec<FileType>,
}

impl Editions {
    /// Nothing to pick: no version, no language or no file type.
    pub fn is_empty(&self) -> bool {
        self.versions.is_empty() || self.languages.is_empty() || self.file_types.is_empty()
    }

    /// R-SW-03, R-SAB-11: the version, language and file type picked on the
    /// Software page or a benefit's page, checked against what the product
    /// has (in that order). The version and the file type code must match
    /// exactly; the language tag matches case-insensitively (BCP 47 tags
    /// are) and the edition keeps the catalog's spelling.
    pub fn edition(
        &self,
        version: &str,
        language: &str,
        file_type: &str,
    ) -> Result<Edition, SoftwareError> {
        let version = self
            .versions
            .iter()
            .find(|v| *v == version)
            .ok_or(SoftwareError::UnknownVersion)?;
        let language = self
            .languages
            .iter()
            .find(|l| l.eq_ignore_ascii_case(language))
            .ok_or(SoftwareError::UnknownLanguage)?;
        let file_type = FileType::parse(file_type)
            .filter(|t| self.file_types.contains(t))
            .ok_or(SoftwareError::UnknownFileType)?;
        Ok(Edition {
            version: version.clone(),
            language: language.clone(),
            file_type,
        })
    }
}

/// Software a download benefit offers (R-SAB-03, R-SAB-11; `"benefit_software"`
/// in catalog.json, keyed by the benefit's code): not sold, so no license or
/// price; downloaded with the same editions, keys and links as software bought.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BenefitSoftware {
    /// E.g. `"windows-thin-pc"`.
    pub id: String,
    pub name: String,
    #[serde(flatten)]
    pub editions: Editions,
    /// Shown with the product key.
    #[serde(default)]
    pub key_instructions: String,
}

/// One downloadable edition of a product (R-SW-03).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Edition {
    pub version: String,
    pub language: String,
    pub file_type: FileType,
}

impl Edition {
    /// The download's file name: product id, version, language and file
    /// type joined by `_`, then the extension, e.g.
    /// `"windows-server-2025-standard-perpetual_2025_zh-TW_x64.zip"` (and
    /// `…_2025_zh-TW_iso.iso` for a disc image).
    pub fn file_name(&self, product_id: &str) -> String {
        format!(
            "{product_id}_{}_{}_{}.{}",
            self.version,
            self.language,
            self.file_type.code(),
            self.file_type.extension()
        )
    }
}

/// R-SW-03: only an Admin Agent gets keys and downloads — by that role, not
/// by a permission another role also holds (a Global Administrator who
/// should is given the Admin Agent role too).
pub fn may_get_keys_and_downloads(roles: &[crate::Role]) -> bool {
    roles.contains(&crate::Role::AdminAgent)
}

/// R-SW-05: the activity log shows at most this many days at once.
pub const ACTIVITY_MAX_DAYS: i64 = 366;

/// Why an activity log's date range is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ActivityRangeError {
    #[error("enter a date as YYYY-MM-DD")]
    BadFrom,
    #[error("enter a date as YYYY-MM-DD")]
    BadTo,
    #[error("the range ends before it starts")]
    Reversed,
    #[error("at most 366 days at once")]
    TooLong,
}

crate::error_codes! {
    ActivityRangeError {
        Self::BadFrom | Self::BadTo => "activity_date_invalid",
        Self::Reversed => "activity_range_reversed",
        Self::TooLong => "activity_range_too_long",
    }
}

impl ActivityRangeError {
    pub fn field_error(self) -> FieldError {
        let field = match self {
            Self::BadFrom => "from",
            Self::BadTo | Self::Reversed | Self::TooLong => "to",
        };
        FieldError::new(field, &self)
    }
}

/// R-SW-05: the activity log's date range, both days included: as typed
/// (`YYYY-MM-DD`), or by default the 30 days up to `today`. Returns the
/// first instant in and the first instant after it.
pub fn activity_range(
    from: &str,
    to: &str,
    today: CivilDate,
) -> Result<(CivilDate, CivilDate), ActivityRangeError> {
    let to = match to.trim() {
        "" => today,
        t => CivilDate::parse_iso(t).ok_or(ActivityRangeError::BadTo)?,
    };
    let from = match from.trim() {
        "" => to.add_days(-29),
        f => CivilDate::parse_iso(f).ok_or(ActivityRangeError::BadFrom)?,
    };
    if to < from {
        return Err(ActivityRangeError::Reversed);
    }
    if to.days_since_epoch() - from.days_since_epoch() + 1 > ACTIVITY_MAX_DAYS {
        return Err(ActivityRangeError::TooLong);
    }
    Ok((from, to))
}

/// R-SW-05: what an activity log entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// Product keys were shown (the Software page, or "Get keys and downloads").
    Keys,
    /// A download started from a link the user made.
    Download,
}

impl ActivityKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Keys => "keys",
            Self::Download => "download",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Keys, Self::Download]
            .into_iter()
            .find(|k| k.code() == s)
    }
}

/// R-SW-01: whether a customer's shown prices include tax or exclude it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum TaxBasis {
    ExcludesTax,
    IncludesTax,
}

/// R-SW-01: prices include tax for customers in Australia (`"AU"`) and
/// Brazil (`"BR"`) and exclude it everywhere else. `country` is the ISO 3166
/// alpha-2 code, case-insensitive.
pub fn tax_basis(country: &str) -> TaxBasis {
    let country = country.trim();
    if ["AU", "BR"].iter().any(|c| c.eq_ignore_ascii_case(country)) {
        TaxBasis::IncludesTax
    } else {
        TaxBasis::ExcludesTax
    }
}

/// R-SW-04: a download link expires this long after it was made …
pub const LINK_LIFETIME: Span = Span::days(14);
/// … or after this many downloads, whichever comes first.
pub const LINK_MAX_DOWNLOADS: u32 = 50;

const MS_PER_DAY: i64 = Span::days(1).as_millis();

/// A download link (R-SW-04); getting keys and downloads again makes a new
/// one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DownloadLink {
    pub created_at: Timestamp,
    /// Downloads started with it so far.
    pub downloads: u32,
    /// R-SW-07: the purchase was cancelled.
    pub revoked: bool,
}

/// Whether a link can still be used, and if so for how long and how often.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum LinkStatus {
    Usable {
        expires_at: Timestamp,
        downloads_left: u32,
    },
    Expired,
    UsedUp,
    Revoked,
}

impl DownloadLink {
    /// R-SW-04 at `now`: usable until 14 days after it was made (at
    /// 14 d − 1 ms usable, at exactly 14 d expired) and for 50 downloads (at
    /// 49 usable with 1 left, at 50 used up). Revoked wins over everything,
    /// then expired over used up.
    pub fn status(&self, now: Timestamp) -> LinkStatus {
        let expires_at = self.created_at.plus(LINK_LIFETIME);
        if self.revoked {
            LinkStatus::Revoked
        } else if now >= expires_at {
            LinkStatus::Expired
        } else if self.downloads >= LINK_MAX_DOWNLOADS {
            LinkStatus::UsedUp
        } else {
            LinkStatus::Usable {
                expires_at,
                downloads_left: LINK_MAX_DOWNLOADS - self.downloads,
            }
        }
    }

    /// Whether a request gets the file at `now`, or why not: a new download
    /// needs a usable link; one that `continues` a download already started
    /// (a `Range` from a later byte, counted when it started) only a link
    /// neither expired nor revoked, so the download that took the 50th
    /// finishes.
    pub fn serves(&self, continues: bool, now: Timestamp) -> Result<(), LinkRefusal> {
        match self.status(now) {
            LinkStatus::Usable { .. } => Ok(()),
            LinkStatus::UsedUp if continues => Ok(()),
            LinkStatus::UsedUp => Err(LinkRefusal::UsedUp),
            LinkStatus::Expired => Err(LinkRefusal::Expired),
            LinkStatus::Revoked => Err(LinkRefusal::Revoked),
        }
    }
}

/// Why [`DownloadLink::serves`] gives no file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum LinkRefusal {
    Expired,
    UsedUp,
    Revoked,
}

/// Whole days from `now` until `until`, rounded up, between 0 and `max`.
fn days_left_until(until: Timestamp, now: Timestamp, max: i64) -> i64 {
    let ms = until.since(now).as_millis();
    if ms <= 0 {
        return 0;
    }
    (ms / MS_PER_DAY + i64::from(ms % MS_PER_DAY != 0)).min(max)
}

/// What the page shows for a link: whole days left, rounded up (13 d 1 h
/// left is 14, 1 ms left is 1), and 0 once it cannot be used (expired, used
/// up or revoked). Never more than 14, even for a link dated in the future.
pub fn link_days_left(link: &DownloadLink, now: Timestamp) -> i64 {
    match link.status(now) {
        LinkStatus::Usable { expires_at, .. } => {
            days_left_until(expires_at, now, LINK_LIFETIME.as_millis() / MS_PER_DAY)
        }
        _ => 0,
    }
}

/// R-SW-03: a product key is shown for this long to the one who revealed it
/// ("Show product key", the recorded action), then hidden again: loading a
/// page only reads, and a key left on a screen does not stay there.
pub const KEY_SHOWN_FOR: Span = Span::minutes(10);

/// Until when a key revealed at `revealed_at` is shown, if it still is at
/// `now` (a reveal dated after `now`, by a clock set back, is not).
pub fn key_shown_until(revealed_at: Timestamp, now: Timestamp) -> Option<Timestamp> {
    let until = revealed_at.plus(KEY_SHOWN_FOR);
    (revealed_at <= now && now < until).then_some(until)
}

/// R-SW-06: a purchase can be cancelled for this many days.
pub const CANCEL_WINDOW_DAYS: i64 = 60;

/// A software purchase as the cancel rules need it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SoftwarePurchase {
    pub license: SoftwareLicense,
    pub purchased_at: Timestamp,
    /// What the customer paid for it (all units).
    pub paid: Money,
    pub cancelled: bool,
    /// R-SW-08: its product needs a support request to cancel.
    pub support_only: bool,
}

/// When the cancel window of a purchase closes: exactly 60 × 24 hours after
/// it (the window is open while `now` is before this instant).
fn cancel_window_end(purchased_at: Timestamp) -> Timestamp {
    purchased_at.plus(Span::days(CANCEL_WINDOW_DAYS))
}

/// R-SW-06, the dialog's "days left to cancel". Decision: the window closes
/// at `purchased_at` + 60 days exactly (60 × 24 h, not at a day boundary),
/// so a purchase made 2026-03-01 10:00 UTC can be cancelled until
/// 2026-04-30 09:59:59.999 UTC. The days left are the whole days remaining,
/// rounded up (60 right after the purchase, 1 in its last millisecond), and
/// 0 once the window has closed; never more than 60.
pub fn cancel_days_left(purchased_at: Timestamp, now: Timestamp) -> i64 {
    days_left_until(cancel_window_end(purchased_at), now, CANCEL_WINDOW_DAYS)
}

/// Why a software purchase cannot be cancelled (R-SW-06, R-SW-08).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SoftwareCancelError {
    #[error("the purchase is already cancelled")]
    AlreadyCancelled,
    /// R-SW-06: only within 60 days of the purchase.
    #[error("the 60 days to cancel the purchase have passed")]
    WindowPassed,
    /// R-SW-08: this product is cancelled (and refunded) through a support
    /// request.
    #[error("cancelling this product needs a support request")]
    SupportOnly,
    /// R-SW-06: the checkbox acknowledging the consequences is required.
    #[error("acknowledge the consequences of cancelling")]
    NotAcknowledged,
}

crate::error_codes! {
    SoftwareCancelError {
        Self::AlreadyCancelled => "software_already_cancelled",
        Self::WindowPassed => "software_cancel_window_passed",
        Self::SupportOnly => "software_cancel_support_only",
        Self::NotAcknowledged => "software_cancel_not_acknowledged",
    }
}

impl SoftwareCancelError {
    /// R-SW-08: the dialog offers a support request for a refund instead.
    pub fn needs_support(self) -> bool {
        matches!(self, Self::WindowPassed | Self::SupportOnly)
    }

    /// The missing acknowledgement belongs to its checkbox
    /// (`"acknowledged"`); the others to the whole form.
    pub fn field_error(self) -> FieldError {
        let field = match self {
            Self::NotAcknowledged => "acknowledged",
            _ => "",
        };
        FieldError::new(field, &self)
    }
}

/// R-SW-06: cancelling is one order at a time. The order's live purchases
/// are cancelled together: each gets its [`plan_software_cancel`] credit
/// (`None` for one cancelled before), and the order is refused as its
/// first refused purchase is; an order with nothing live is already
/// cancelled. The credits are in the order's one currency.
pub fn plan_order_cancel(
    purchases: &[SoftwarePurchase],
    acknowledged: bool,
    now: Timestamp,
) -> Result<OrderCredit, SoftwareCancelError> {
    let live: Vec<&SoftwarePurchase> = purchases.iter().filter(|p| !p.cancelled).collect();
    let Some(first) = live.first() else {
        return Err(SoftwareCancelError::AlreadyCancelled);
    };
    let mut total = Money::new(0, first.paid.currency);
    let mut credits = Vec::with_capacity(purchases.len());
    for p in purchases {
        if p.cancelled {
            credits.push(None);
            continue;
        }
        let credit = plan_software_cancel(p, acknowledged, now)?;
        total.minor += credit.minor;
        credits.push(Some(credit));
    }
    Ok(OrderCredit { credits, total })
}

/// R-SW-06, the dialog's days left to cancel an order: those of its oldest
/// live purchase (the whole order goes while that one still may); 0 when
/// nothing is live.
pub fn order_cancel_days_left(purchases: &[SoftwarePurchase], now: Timestamp) -> i64 {
    purchases
        .iter()
        .filter(|p| !p.cancelled)
        .map(|p| cancel_days_left(p.purchased_at, now))
        .min()
        .unwrap_or(0)
}

/// What cancelling an order credits: per purchase (in the order's order),
/// and in all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderCredit {
    pub credits: Vec<Option<Money>>,
    pub total: Money,
}

/// R-SW-07: a cancellation's credit is on the next month's invoice: it is
/// posted at the first instant of the month after `now`'s (UTC).
pub fn credit_posted_at(now: Timestamp) -> Timestamp {
    let d = now.date();
    let first = CivilDate::new(d.year, d.month, 1).expect("the first of a month");
    add_months(first, 1).start()
}

/// R-SW-06, R-SW-07: the credit for cancelling `p` at `now`.
///
/// Refused, in this order, when it is already cancelled, when the window has
/// passed (`now >= purchased_at + 60 days`), when the product needs a
/// support request, and when the consequences are not `acknowledged`.
///
/// Perpetual software gets 100 % of `paid` back. A software subscription
/// gets `paid × unused days / term days`, rounded once with
/// [`prorate`](crate::money::prorate): its term is the UTC days
/// `[purchase day, purchase day + 12 or 36 months)` and the day of
/// cancelling counts as used, as for seats (R-SUB-10). The credit is never
/// negative and never more than `paid`.
pub fn plan_software_cancel(
    p: &SoftwarePurchase,
    acknowledged: bool,
    now: Timestamp,
) -> Result<Money, SoftwareCancelError> {
    if p.cancelled {
        return Err(SoftwareCancelError::AlreadyCancelled);
    }
    if now >= cancel_window_end(p.purchased_at) {
        return Err(SoftwareCancelError::WindowPassed);
    }
    if p.support_only {
        return Err(SoftwareCancelError::SupportOnly);
    }
    if !acknowledged {
        return Err(SoftwareCancelError::NotAcknowledged);
    }
    let paid = p.paid.minor;
    let credit = match p.license {
        SoftwareLicense::Perpetual => paid,
        _ => {
            let term = p.license.covers(p.purchased_at);
            let term_days = term.days();
            let used = (now.date().days_since_epoch() - term.start.days_since_epoch() + 1)
                .clamp(0, term_days);
            prorate(paid, term_days - used, term_days)
        }
    };
    Ok(Money::new(credit.clamp(0, paid.max(0)), p.paid.currency))
}

/// Why a picked edition does not exist (R-SW-03).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SoftwareError {
    #[error("the product has no such version")]
    UnknownVersion,
    #[error("the product is not available in this language")]
    UnknownLanguage,
    #[error("the product is not available as this file type")]
    UnknownFileType,
    /// R-SAB-11: the benefit does not offer this product.
    #[error("the benefit offers no such product")]
    UnknownProduct,
}

crate::error_codes! {
    SoftwareError {
        Self::UnknownVersion => "software_unknown_version",
        Self::UnknownLanguage => "software_unknown_language",
        Self::UnknownFileType => "software_unknown_file_type",
        Self::UnknownProduct => "software_unknown_product",
    }
}

impl SoftwareError {
    /// The error on its drop-down: `"version"`, `"language"`,
    /// `"file_type"` or `"product_id"`.
    pub fn field_error(self) -> FieldError {
        let field = match self {
            Self::UnknownVersion => "version",
            Self::UnknownLanguage => "language",
            Self::UnknownFileType => "file_type",
            Self::UnknownProduct => "product_id",
        };
        FieldError::new(field, &self)
    }
}

/// The symbols of a product key: no vowels (no words), no 0/O, 1/I/L, 5/S,
/// U/V look-alikes. 24 symbols.
const KEY_ALPHABET: &[u8; 24] = b"BCDFGHJKMPQRTVWXY2346789";
const KEY_GROUPS: usize = 5;
const KEY_GROUP_LEN: usize = 5;
/// The largest multiple of 24 that fits in a byte: bytes from here up
/// would favour the first 16 symbols, so they are drawn again.
const KEY_BYTE_LIMIT: u8 = 240;

/// A product key (R-SW-03): 25 symbols of `BCDFGHJKMPQRTVWXY2346789` in 5
/// groups of 5 joined by `-`, e.g. `BCDFG-HJKMP-QRTVW-XY234-6789B`.
///
/// Its `Debug` does not show the key, so it never lands in a log; read it
/// with [`ProductKey::as_str`]. Deserialising goes through
/// [`ProductKey::parse`].
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", into = "String")]
pub struct ProductKey(String);

impl ProductKey {
    /// A new key from a source of random bytes (the backend passes a
    /// CSPRNG). Unbiased by rejection sampling: a byte of 240 or more is
    /// drawn again, any other gives symbol `byte % 24` (each symbol has
    /// exactly 10 of the 240 accepted bytes). A source that only ever yields
    /// bytes ≥ 240 never finishes; a random one almost surely does (1 byte
    /// in 16 is drawn again).
    pub fn generate(mut random_byte: impl FnMut() -> u8) -> ProductKey {
        let mut key = String::with_capacity(KEY_GROUPS * (KEY_GROUP_LEN + 1) - 1);
        for group in 0..KEY_GROUPS {
            if group > 0 {
                key.push('-');
            }
            for _ in 0..KEY_GROUP_LEN {
                let byte = loop {
                    let b = random_byte();
                    if b < KEY_BYTE_LIMIT {
                        break b;
                    }
                };
                let index = usize::from(byte) % KEY_ALPHABET.len();
                key.push(char::from(KEY_ALPHABET[index]));
            }
        }
        ProductKey(key)
    }

    /// A key in exactly the generated format (upper case, with its four
    /// dashes, nothing around it); anything else is `None`.
    pub fn parse(s: &str) -> Option<ProductKey> {
        let b = s.as_bytes();
        let well_formed = b.len() == KEY_GROUPS * (KEY_GROUP_LEN + 1) - 1
            && b.iter().enumerate().all(|(i, c)| {
                if i % (KEY_GROUP_LEN + 1) == KEY_GROUP_LEN {
                    *c == b'-'
                } else {
                    KEY_ALPHABET.contains(c)
                }
            });
        well_formed.then(|| ProductKey(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Hides the key: `ProductKey(…)`.
impl fmt::Debug for ProductKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ProductKey(…)")
    }
}

impl TryFrom<String> for ProductKey {
    type Error = &'static str;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        ProductKey::parse(&s).ok_or("not a product key")
    }
}

impl From<ProductKey> for String {
    fn from(k: ProductKey) -> String {
        k.0
    }
}
