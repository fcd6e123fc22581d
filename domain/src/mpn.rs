//! Partner membership benefits (seed 003, R-MPN-01 … 07): the packages a
//! partner buys for itself (catalog data), and the rules of handing their
//! parts to its people — Visual Studio subscriptions never assigned more
//! often than the package holds, technical benefits and the marketing
//! contact with an alternate email that is not the account's own,
//! advisory hours held while a request is open, go-to-market benefits
//! active until they expire, and the 30-day refund that a taken software
//! key ends.

use serde::{Deserialize, Serialize};

use crate::email::Email;
use crate::field_error::FieldError;
use crate::money::{Currency, Money};
use crate::support::Phone;
use crate::time::{CivilDate, Span, Timestamp};

/// A benefits package as the catalog data file describes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BenefitPackage {
    pub id: String,
    pub name: String,
    /// The price of the package, one per currency.
    pub prices: Vec<Money>,
    /// Software products of the catalog's `software` list it licenses for
    /// internal use (keys and downloads as for bought software).
    pub software: Vec<PackageSoftware>,
    pub cloud: Vec<PackageCloud>,
    pub visual_studio: Vec<PackageVisualStudio>,
    pub technical: Vec<PackageTechnical>,
    pub go_to_market: Vec<PackageGoToMarket>,
}

impl BenefitPackage {
    pub fn price(&self, currency: Currency) -> Option<Money> {
        self.prices.iter().find(|m| m.currency == currency).copied()
    }

    /// R-MPN-03 … 05: how many users benefit `benefit_id` may be assigned
    /// to at once — a Visual Studio benefit its count, a technical benefit
    /// one (its user, with the alternate email), a usage-based cloud
    /// subscription one (who activated it); `None` for anything else.
    pub fn assignable(&self, benefit_id: &str) -> Option<u32> {
        self.visual_studio
            .iter()
            .find(|v| v.id == benefit_id)
            .map(|v| v.count)
            .or_else(|| {
                self.technical
                    .iter()
                    .any(|t| t.id == benefit_id)
                    .then_some(1)
            })
            .or_else(|| {
                self.cloud
                    .iter()
                    .any(|c| c.id == benefit_id && c.kind == CloudKind::UsageBased)
                    .then_some(1)
            })
    }
}

/// R-MPN-05: advisory hours that may still be requested: the benefit's
/// `amount` less those held by open requests and those used.
pub fn advisory_hours_left(amount: u32, held: u32, used: u32) -> u32 {
    amount.saturating_sub(held.saturating_add(used))
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackageSoftware {
    /// An id of the catalog's software products.
    pub product_id: String,
    /// Internal-use licenses the key is for.
    pub licenses: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CloudKind {
    /// Activated by assigning yourself as its user (R-MPN-03).
    UsageBased,
    /// Activated with a key (R-MPN-03).
    LicenseBased,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackageCloud {
    pub id: String,
    pub name: String,
    pub kind: CloudKind,
    /// What it gives, as the package describes it ("USD 100 of Azure each
    /// month", "25 seats").
    pub allowance: String,
    #[serde(default)]
    pub instructions: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackageVisualStudio {
    pub id: String,
    pub name: String,
    /// How many users it can be assigned to.
    pub count: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TechnicalKind {
    SupportIncidents,
    AdvisoryHours,
    PresalesHours,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackageTechnical {
    pub id: String,
    pub kind: TechnicalKind,
    /// Incidents or hours.
    pub amount: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackageGoToMarket {
    pub id: String,
    pub name: String,
    /// How long it is usable once activated.
    pub validity_days: u32,
}

/// Why a benefits action is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MpnError {
    /// R-MPN-04: every subscription of the benefit is assigned.
    #[error("every subscription of this benefit is assigned")]
    AllAssigned,
    #[error("this user already has one of these")]
    AlreadyAssigned,
    #[error("this user no longer holds it")]
    NotAssigned,
    /// R-MPN-05, R-MPN-06: instructions go to a second address.
    #[error("the alternate email must differ from the user's account email")]
    AlternateSameAsAccount,
    #[error("choose a user of your organization")]
    UnknownUser,
    /// R-MPN-06: "Activate" needs the company marketing contact first.
    #[error("add the company marketing contact first")]
    NoMarketingContact,
    #[error("this benefit is already active")]
    AlreadyActive,
    #[error("this benefit has expired")]
    Expired,
    #[error("enter whole hours, at least 1 and at most the hours left")]
    HoursInvalid,
    #[error("enter a topic")]
    TopicMissing,
    #[error("enter a description")]
    DescriptionMissing,
    #[error("enter the preferred dates as YYYY-MM-DD, the first not after the last")]
    DatesInvalid,
    /// R-MPN-07: the package has ended (cancelled and refunded).
    #[error("this package was cancelled")]
    PackageCancelled,
    #[error("a cancellation of this package is already requested")]
    RefundRequested,
    /// R-MPN-07.
    #[error("the 30 days to cancel with a refund have passed")]
    RefundWindowPassed,
    /// R-MPN-07.
    #[error("a software key of the package was taken")]
    RefundKeyTaken,
    #[error("the package's price is not set in this currency")]
    NotSold,
    #[error("this request is already answered")]
    RequestAnswered,
    /// R-MPN-02: "Get key" comes before the download.
    #[error("get the key first")]
    KeyFirst,
}

crate::error_codes! {
    MpnError {
        Self::AllAssigned => "mpn_all_assigned",
        Self::AlreadyAssigned => "mpn_already_assigned",
        Self::NotAssigned => "mpn_not_assigned",
        Self::AlternateSameAsAccount => "mpn_alternate_same_as_account",
        Self::UnknownUser => "mpn_unknown_user",
        Self::NoMarketingContact => "mpn_no_marketing_contact",
        Self::AlreadyActive => "mpn_already_active",
        Self::Expired => "mpn_expired",
        Self::HoursInvalid => "mpn_hours_invalid",
        Self::TopicMissing => "mpn_topic_missing",
        Self::DescriptionMissing => "mpn_description_missing",
        Self::DatesInvalid => "mpn_dates_invalid",
        Self::PackageCancelled => "mpn_package_cancelled",
        Self::RefundRequested => "mpn_refund_requested",
        Self::RefundWindowPassed => "mpn_refund_window_passed",
        Self::RefundKeyTaken => "mpn_refund_key_taken",
        Self::NotSold => "mpn_not_sold",
        Self::KeyFirst => "mpn_key_first",
        Self::RequestAnswered => "mpn_request_answered",
    }
}

/// R-MPN-01: buying needs no special role, but assigning a package's
/// benefits (and taking its keys) needs a Global Administrator.
pub fn may_assign(roles: &[crate::Role]) -> bool {
    roles.contains(&crate::Role::GlobalAdministrator)
}

/// R-MPN-06: go-to-market benefits, also for the MPN Partner Admin.
pub fn may_manage_go_to_market(roles: &[crate::Role]) -> bool {
    crate::permissions_for(roles).has(crate::Permission::AssignPartnerBenefits)
}

/// R-MPN-04: one more assignment of a benefit that holds `count`, of which
/// `assigned` are taken.
pub fn check_assignment(assigned: u32, count: u32) -> Result<(), MpnError> {
    if assigned < count {
        Ok(())
    } else {
        Err(MpnError::AllAssigned)
    }
}

/// R-MPN-05, R-MPN-06: the alternate address that instructions also go to.
/// It must be a valid address other than `account` — compared canonically
/// (case of the whole address, IDNA of the domain), so `Ann@Bücher.example`
/// is `ann@xn--bcher-kva.example`. The error is at `field`.
pub fn parse_alternate_email(
    account: &Email,
    alternate: &str,
    field: &str,
) -> Result<Email, FieldError> {
    let alternate = Email::parse(alternate).map_err(|e| FieldError::new(field, &e))?;
    if same_as_account(account.as_str(), alternate.as_str()) {
        return Err(FieldError::new(field, &MpnError::AlternateSameAsAccount));
    }
    Ok(alternate)
}

/// R-MPN-05, R-MPN-06: whether a typed alternate address is the account's
/// own (`account` in its canonical form): the comparison the browser makes
/// as it is typed, and the server after canonicalizing it (which also maps
/// a Unicode domain to its A-label, so only the server sees that
/// `ann@bücher.example` is `ann@xn--bcher-kva.example`).
pub fn same_as_account(account: &str, typed: &str) -> bool {
    typed.trim().eq_ignore_ascii_case(account)
}

/// R-MPN-06: the company marketing contact as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarketingContactForm {
    pub user_id: i64,
    pub alternate_email: String,
    pub phone: String,
    pub language: String,
}

/// A valid marketing contact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarketingContact {
    pub user_id: i64,
    pub alternate_email: Email,
    pub phone: Phone,
    pub language: crate::Language,
}

/// Parses the contact for user `form.user_id`, whose account email is
/// `account`: every field's error at once.
pub fn parse_marketing_contact(
    form: &MarketingContactForm,
    account: &Email,
) -> Result<MarketingContact, Vec<FieldError>> {
    let email = parse_alternate_email(account, &form.alternate_email, "alternate_email");
    let phone = Phone::parse(&form.phone).map_err(|e| FieldError::new("phone", &e));
    let language = crate::Language::parse(&form.language)
        .ok_or_else(|| FieldError::from_code("language", "language_unknown"));
    match (email, phone, language) {
        (Ok(alternate_email), Ok(phone), Ok(language)) => Ok(MarketingContact {
            user_id: form.user_id,
            alternate_email,
            phone,
            language,
        }),
        (e, p, l) => Err([e.err(), p.err(), l.err()].into_iter().flatten().collect()),
    }
}

/// Where a go-to-market benefit stands (R-MPN-06).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum GoToMarketStatus {
    NotActivated,
    /// Usable until `expires_at` (exclusive).
    Active {
        expires_at: Timestamp,
    },
    Expired {
        expired_at: Timestamp,
    },
}

/// R-MPN-06: a benefit activated at `activated_at` is active for
/// `validity_days` × 24 hours, then expired.
pub fn go_to_market_status(
    activated_at: Option<Timestamp>,
    validity_days: u32,
    now: Timestamp,
) -> GoToMarketStatus {
    match activated_at {
        None => GoToMarketStatus::NotActivated,
        Some(at) => {
            let expires_at = at.plus(Span::days(i64::from(validity_days)));
            if now < expires_at {
                GoToMarketStatus::Active { expires_at }
            } else {
                GoToMarketStatus::Expired {
                    expired_at: expires_at,
                }
            }
        }
    }
}

/// R-MPN-06, R-MPN-07: a package's benefit as the page shows it — a
/// package cancelled (`ended_at`) ends the benefits it activated then.
pub fn package_go_to_market_status(
    activated_at: Option<Timestamp>,
    validity_days: u32,
    ended_at: Option<Timestamp>,
    now: Timestamp,
) -> GoToMarketStatus {
    let status = go_to_market_status(activated_at, validity_days, now);
    match (status, ended_at) {
        (GoToMarketStatus::Active { expires_at }, Some(ended)) if ended < expires_at => {
            GoToMarketStatus::Expired { expired_at: ended }
        }
        _ => status,
    }
}

/// R-MPN-06: "Activate" at `now`, refused without a marketing contact and
/// for a benefit activated before (active or expired).
pub fn check_activation(status: GoToMarketStatus, has_contact: bool) -> Result<(), MpnError> {
    match status {
        GoToMarketStatus::Active { .. } => Err(MpnError::AlreadyActive),
        GoToMarketStatus::Expired { .. } => Err(MpnError::Expired),
        GoToMarketStatus::NotActivated if !has_contact => Err(MpnError::NoMarketingContact),
        GoToMarketStatus::NotActivated => Ok(()),
    }
}

/// R-MPN-05: an advisory-hours request as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdvisoryRequestForm {
    pub benefit_id: String,
    pub topic: String,
    pub description: String,
    pub preferred_from: String,
    pub preferred_to: String,
    pub hours: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdvisoryRequest {
    pub topic: String,
    pub description: String,
    pub preferred_from: CivilDate,
    pub preferred_to: CivilDate,
    pub hours: u32,
}

/// Parses a request for hours of a benefit with `hours_left` (its amount
/// less the hours used and those held by open requests): 1 ..= left.
pub fn parse_advisory_request(
    form: &AdvisoryRequestForm,
    hours_left: u32,
) -> Result<AdvisoryRequest, Vec<FieldError>> {
    let required = |s: &str, e: MpnError, field: &str| {
        let s = s.trim();
        if s.is_empty() || s.chars().count() > crate::support::TEXT_MAX_CHARS {
            Err(FieldError::new(field, &e))
        } else {
            Ok(s.to_string())
        }
    };
    let topic = required(&form.topic, MpnError::TopicMissing, "topic");
    let description = required(
        &form.description,
        MpnError::DescriptionMissing,
        "description",
    );
    let dates = match (
        CivilDate::parse_iso(form.preferred_from.trim()),
        CivilDate::parse_iso(form.preferred_to.trim()),
    ) {
        (Some(from), Some(to)) if from <= to => Ok((from, to)),
        _ => Err(FieldError::new("preferred_to", &MpnError::DatesInvalid)),
    };
    let hours = form
        .hours
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|h| (1..=hours_left).contains(h))
        .ok_or_else(|| {
            FieldError::new("hours", &MpnError::HoursInvalid).with("max", hours_left.to_string())
        });
    match (topic, description, dates, hours) {
        (Ok(topic), Ok(description), Ok((preferred_from, preferred_to)), Ok(hours)) => {
            Ok(AdvisoryRequest {
                topic,
                description,
                preferred_from,
                preferred_to,
                hours,
            })
        }
        (t, d, w, h) => Err([t.err(), d.err(), w.err(), h.err()]
            .into_iter()
            .flatten()
            .collect()),
    }
}

/// R-MPN-05: where an advisory-hours request stands: open (its hours
/// held), done (used) or declined (free again).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AdvisoryStatus {
    Open,
    Done,
    Declined,
}

impl AdvisoryStatus {
    pub fn code(self) -> &'static str {
        match self {
            AdvisoryStatus::Open => "open",
            AdvisoryStatus::Done => "done",
            AdvisoryStatus::Declined => "declined",
        }
    }

    pub fn parse(code: &str) -> Option<AdvisoryStatus> {
        [Self::Open, Self::Done, Self::Declined]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// R-MPN-05: an operator answers an open request (done or declined); an
/// answered one takes no more answers.
pub fn answer_advisory(from: AdvisoryStatus, done: bool) -> Result<AdvisoryStatus, MpnError> {
    match (from, done) {
        (AdvisoryStatus::Open, true) => Ok(AdvisoryStatus::Done),
        (AdvisoryStatus::Open, false) => Ok(AdvisoryStatus::Declined),
        _ => Err(MpnError::RequestAnswered),
    }
}

/// R-MPN-07: a package can be cancelled with a refund for this many days.
pub const REFUND_WINDOW_DAYS: i64 = 30;

/// R-MPN-07: why cancelling a package gives no refund, with the date the
/// preview names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RefundRefusal {
    /// "A key was taken on …": a software benefit was activated.
    KeyTaken { at: Timestamp },
    /// "The 30 days ended on …".
    WindowPassed { ended_at: Timestamp },
}

impl RefundRefusal {
    pub fn error(self) -> MpnError {
        match self {
            RefundRefusal::KeyTaken { .. } => MpnError::RefundKeyTaken,
            RefundRefusal::WindowPassed { .. } => MpnError::RefundWindowPassed,
        }
    }
}

/// R-MPN-07: whether a package bought at `purchased_at` for `paid` may be
/// cancelled with a refund at `now` — only while `now` is before
/// `purchased_at` + 30 × 24 hours, and only if no software key was ever
/// taken (`first_key_at`; a key taken says so first, whatever the date).
/// The refund is everything paid.
pub fn plan_package_refund(
    paid: Money,
    purchased_at: Timestamp,
    first_key_at: Option<Timestamp>,
    now: Timestamp,
) -> Result<Money, RefundRefusal> {
    if let Some(at) = first_key_at {
        return Err(RefundRefusal::KeyTaken { at });
    }
    let ended_at = purchased_at.plus(Span::days(REFUND_WINDOW_DAYS));
    if now >= ended_at {
        return Err(RefundRefusal::WindowPassed { ended_at });
    }
    Ok(paid)
}

#[cfg(test)]
mod tests;
