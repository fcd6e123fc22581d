//! The offer catalog (R-SUB-01, R-SUB-02, R-SW-02): what an offer is, which
//! offers a customer may buy, and the add-on quantity bounds (R-SUB-04,
//! R-SUB-05). The offers themselves are data (backend/catalog/catalog.json).

use serde::{Deserialize, Serialize};

use crate::benefits::{BenefitKind, BenefitUnit};
use crate::money::{Currency, Money};
use crate::software::{BenefitSoftware, SoftwareProduct};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Publisher {
    Microsoft,
    PartnerIsv,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BillingType {
    LicenseBased,
    UsageBased,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Enterprise,
    SmallBusiness,
    Trial,
}

/// `ALL`, `code` and `parse` for a filter's values (the codes of the
/// "Add subscription" page's URL, equal to their serde names).
macro_rules! filter_codes {
    ($ty:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            pub fn code(self) -> &'static str {
                match self {
                    $($ty::$variant => $code),+
                }
            }

            pub fn parse(s: &str) -> Option<$ty> {
                Self::ALL.iter().copied().find(|v| v.code() == s)
            }
        }
    };
}

filter_codes!(Publisher { Microsoft => "microsoft", PartnerIsv => "partner_isv" });
filter_codes!(BillingType { LicenseBased => "license_based", UsageBased => "usage_based" });
filter_codes!(Category { Enterprise => "enterprise", SmallBusiness => "small_business", Trial => "trial" });

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    Commercial,
    Education,
    Government,
}

impl Segment {
    pub const ALL: [Segment; 3] = [Segment::Commercial, Segment::Education, Segment::Government];

    pub fn code(self) -> &'static str {
        match self {
            Segment::Commercial => "commercial",
            Segment::Education => "education",
            Segment::Government => "government",
        }
    }

    pub fn parse(s: &str) -> Option<Segment> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// Term length (ISO 8601 durations as the catalog writes them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Term {
    P1M,
    P1Y,
    P3Y,
}

impl Term {
    pub const ALL: [Term; 3] = [Term::P1M, Term::P1Y, Term::P3Y];

    pub fn months(self) -> u32 {
        match self {
            Term::P1M => 1,
            Term::P1Y => 12,
            Term::P3Y => 36,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Term::P1M => "P1M",
            Term::P1Y => "P1Y",
            Term::P3Y => "P3Y",
        }
    }

    pub fn parse(s: &str) -> Option<Term> {
        Self::ALL.into_iter().find(|t| t.code() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BillingFrequency {
    Monthly,
    Annual,
    /// The whole term is charged at its start.
    OncePerTerm,
}

impl BillingFrequency {
    pub const ALL: [BillingFrequency; 3] = [
        BillingFrequency::Monthly,
        BillingFrequency::Annual,
        BillingFrequency::OncePerTerm,
    ];

    pub fn code(self) -> &'static str {
        match self {
            BillingFrequency::Monthly => "monthly",
            BillingFrequency::Annual => "annual",
            BillingFrequency::OncePerTerm => "once_per_term",
        }
    }

    pub fn parse(s: &str) -> Option<BillingFrequency> {
        Self::ALL.into_iter().find(|f| f.code() == s)
    }

    /// Months in one billing period of a `term`; `None` when the frequency
    /// does not fit the term (annual billing of a one-month term).
    pub fn period_months(self, term: Term) -> Option<u32> {
        match self {
            BillingFrequency::Monthly => Some(1),
            BillingFrequency::Annual if term.months() >= 12 => Some(12),
            BillingFrequency::Annual => None,
            BillingFrequency::OncePerTerm => Some(term.months()),
        }
    }

    /// How many billing periods a `term` has (they tile it: every period
    /// length divides its term); `None` when the frequency does not fit.
    pub fn periods(self, term: Term) -> Option<u32> {
        self.period_months(term)
            .map(|months| term.months() / months)
    }
}

/// Which quantity rule an add-on follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AddonRule {
    /// At least ceil(5 % of base licenses) (R-SUB-04).
    MultiGeo,
    /// At most the base licenses (R-SUB-05).
    Copilot,
    /// Only needs an active base subscription (R-SUB-13).
    Plain,
}

/// The unit price of one seat for one whole term, in one currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TermPrice {
    pub term: Term,
    pub frequencies: Vec<BillingFrequency>,
    /// Per-seat price for the whole term, in minor units per currency.
    pub prices: Vec<Money>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Offer {
    pub id: String,
    pub name: String,
    pub publisher: Publisher,
    pub billing_type: BillingType,
    pub category: Category,
    pub segments: Vec<Segment>,
    pub terms: Vec<TermPrice>,
    /// Base offers this add-on attaches to; empty for a base offer.
    #[serde(default)]
    pub addon_of: Vec<String>,
    #[serde(default)]
    pub addon_rule: Option<AddonRule>,
    #[serde(default)]
    pub upgrade_targets: Vec<String>,
    #[serde(default)]
    pub one_per_customer: bool,
    /// Azure reservations are not sold in some markets (R-SW-02).
    #[serde(default)]
    pub reservation: bool,
    /// A Marketplace SaaS offer: cancelled within its window, fully refunded (R-SUB-22).
    #[serde(default)]
    pub marketplace: bool,
    /// Comes with a 30-day free trial, applied to every purchase and never
    /// waived; the paid term starts after it (R-SUB-27).
    #[serde(default)]
    pub free_trial: bool,
}

/// The term and billing a trial converts to by default (R-SUB-24).
pub const TRIAL_CONVERSION_TERMS: (Term, BillingFrequency) = (Term::P1Y, BillingFrequency::Monthly);

/// One way an offer is sold: a term, its billing, the per-seat price.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaidOption {
    pub term: Term,
    pub frequency: BillingFrequency,
    pub price: Money,
}

impl PaidOption {
    /// How a form names it: `P1Y/monthly`.
    pub fn code(&self) -> String {
        format!("{}/{}", self.term.code(), self.frequency.code())
    }
}

/// Trials always have this many seats (R-SUB-24).
pub const TRIAL_SEATS: u32 = 25;

/// The largest per-seat price of a term. A term's price needs no particular
/// divisor (its billing periods are installments that add up to it exactly,
/// R-BIL-02), but the price of the most seats a subscription can hold must
/// be an exact `i64`: a product that saturated would not add up.
pub const MAX_SEAT_PRICE: i64 = i64::MAX / crate::seats::MAX_SEATS as i64;

impl Offer {
    pub fn is_addon(&self) -> bool {
        !self.addon_of.is_empty()
    }

    pub fn is_trial(&self) -> bool {
        self.category == Category::Trial
    }

    /// The billing frequencies the offer sells with any of its terms, in
    /// [`BillingFrequency::ALL`]'s order.
    pub fn frequencies(&self) -> Vec<BillingFrequency> {
        BillingFrequency::ALL
            .into_iter()
            .filter(|f| self.terms.iter().any(|t| t.frequencies.contains(f)))
            .collect()
    }

    pub fn term_price(&self, term: Term) -> Option<&TermPrice> {
        self.terms.iter().find(|t| t.term == term)
    }

    /// R-SUB-02: why a one-per-customer offer cannot be bought by a customer
    /// holding `held` (with any partner); `None` if it can.
    pub fn already_held(&self, held: &[Holding]) -> Option<OfferError> {
        if !self.one_per_customer {
            return None;
        }
        held.iter()
            .find(|h| h.offer_id == self.id)
            .map(|h| OfferError::AlreadyHeld {
                suspended: !h.active,
            })
    }

    /// Every term and billing the offer is sold for in `currency`.
    pub fn options(&self, currency: Currency) -> Vec<PaidOption> {
        self.terms
            .iter()
            .filter_map(|t| Some((t, self.price(t.term, currency)?)))
            .flat_map(|(t, price)| {
                t.frequencies.iter().map(move |&frequency| PaidOption {
                    term: t.term,
                    frequency,
                    price,
                })
            })
            .collect()
    }

    /// The per-seat price of `term` in `currency`, if the offer sells it.
    pub fn price(&self, term: Term, currency: Currency) -> Option<Money> {
        self.term_price(term)?
            .prices
            .iter()
            .find(|m| m.currency == currency)
            .copied()
    }
}

/// The catalog: offers plus the markets where reservations are not sold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Catalog {
    pub offers: Vec<Offer>,
    /// ISO 3166 alpha-2 codes (seed 002's list).
    pub reservation_excluded_markets: Vec<String>,
    /// Upgrade paths a customer might expect that are not supported (seed
    /// 004's table), refused with that message (R-SUB-14).
    #[serde(default)]
    pub unsupported_upgrades: Vec<crate::upgrade::UnsupportedUpgrade>,
    /// Software sold perpetual or as a software subscription (R-SW-01 …
    /// R-SW-08).
    #[serde(default)]
    pub software: Vec<crate::software::SoftwareProduct>,
    /// The software each download benefit offers (R-SAB-11), keyed by the
    /// benefit's code ([`BenefitKind::code`]).
    #[serde(default)]
    pub benefit_software: std::collections::BTreeMap<String, Vec<BenefitSoftware>>,
    /// Partner membership benefits packages (R-MPN-01).
    #[serde(default)]
    pub packages: Vec<crate::mpn::BenefitPackage>,
}

/// What is wrong with a catalog file, and in which offer or software
/// product.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("offer {offer}: {problem:?}")]
pub struct CatalogError {
    /// The id of the offer or software product.
    pub offer: String,
    pub problem: CatalogProblem,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CatalogProblem {
    /// Two offers, two software products, or an offer and a software
    /// product share an id.
    DuplicateId,
    UnknownBase,
    AddonRuleMismatch,
    UnknownUpgradeTarget,
    /// An unsupported path names an unknown offer or is also an upgrade target.
    BadUnsupportedUpgrade,
    /// The upgrade paths lead back to the offer: one of them is a downgrade.
    UpgradeCycle,
    NoTermsOrSegments,
    FrequencyDoesNotFit,
    BadPrice,
    /// An automatic free trial (R-SUB-27) on a trial offer or an add-on
    /// (which follows its base).
    FreeTrialOnTrialOrAddon,
    /// A trial priced in a currency its paid offer is not sold in for the
    /// default conversion terms (R-SUB-24).
    TrialWithoutConversion,
    /// A software product without a version, a language or a file type to
    /// download (R-SW-03).
    SoftwareWithoutEditions,
    /// A software product without any price.
    SoftwareWithoutPrice,
    /// Benefit software under a code that is no benefit counted in
    /// downloads (R-SAB-03), or two products of one benefit with one id.
    BadBenefitSoftware,
    /// A benefits package names a software product the catalog lacks, has
    /// two benefits with one id, a benefit of nothing (0 subscriptions,
    /// hours or days), or no price (R-MPN-01).
    BadPackage,
}

/// Filters of the "Add subscription" page; `None` means any.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferFilter {
    pub publisher: Option<Publisher>,
    pub billing_type: Option<BillingType>,
    pub category: Option<Category>,
}

impl OfferFilter {
    pub fn matches(&self, offer: &Offer) -> bool {
        self.publisher.is_none_or(|p| p == offer.publisher)
            && self.billing_type.is_none_or(|b| b == offer.billing_type)
            && self.category.is_none_or(|c| c == offer.category)
    }
}

/// Why an offer cannot be bought by this customer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum OfferError {
    #[error("offer not found")]
    Unknown,
    #[error("the offer is not sold to this customer's segment")]
    WrongSegment,
    /// R-SW-02.
    #[error("Azure reservations are not sold in this market")]
    MarketExcluded,
    #[error("the offer is not sold with this term and billing frequency")]
    TermNotOffered,
    #[error("the offer has no price in {currency:?}")]
    NoPrice { currency: Currency },
    /// R-SUB-02.
    #[error("the customer already holds this one-per-customer offer")]
    AlreadyHeld { suspended: bool },
}

crate::error_codes! {
    OfferError {
        Self::Unknown => "offer_unknown",
        Self::WrongSegment => "offer_wrong_segment",
        Self::MarketExcluded => "offer_market_excluded",
        Self::TermNotOffered => "offer_term_not_offered",
        Self::NoPrice { .. } => "offer_no_price",
        Self::AlreadyHeld { suspended: false } => "offer_already_held",
        Self::AlreadyHeld { suspended: true } => "offer_held_suspended",
    }
}

impl Catalog {
    pub fn offer(&self, id: &str) -> Option<&Offer> {
        self.offers.iter().find(|o| o.id == id)
    }

    /// The software product `id` (R-SW-03).
    pub fn software_product(&self, id: &str) -> Option<&SoftwareProduct> {
        self.software.iter().find(|p| p.id == id)
    }

    /// The software benefit `kind` offers (R-SAB-11); none for a benefit
    /// that is not counted in downloads.
    pub fn benefit_software(&self, kind: BenefitKind) -> &[BenefitSoftware] {
        self.benefit_software
            .get(kind.code())
            .map_or(&[], Vec::as_slice)
    }

    pub fn package(&self, id: &str) -> Option<&crate::mpn::BenefitPackage> {
        self.packages.iter().find(|p| p.id == id)
    }

    /// How many offers and software products have the id `id`.
    fn id_count(&self, id: &str) -> usize {
        self.offers.iter().filter(|o| o.id == id).count()
            + self.software.iter().filter(|p| p.id == id).count()
    }

    /// Whether a seat change of `offer` can move an add-on bound (R-SUB-04,
    /// R-SUB-05): it is an add-on, or an add-on counts it as its base.
    pub fn concerns_addon_bounds(&self, offer: &Offer) -> bool {
        offer.addon_rule.is_some() || self.offers.iter().any(|a| a.addon_of.contains(&offer.id))
    }

    /// Whether a customer of `segment` in `country` may see and buy `offer`
    /// at all (R-SUB-01, R-SW-02).
    pub fn availability(
        &self,
        offer: &Offer,
        segment: Segment,
        country: &str,
    ) -> Result<(), OfferError> {
        if !offer.segments.contains(&segment) {
            return Err(OfferError::WrongSegment);
        }
        if offer.reservation
            && self
                .reservation_excluded_markets
                .iter()
                .any(|m| m == country)
        {
            return Err(OfferError::MarketExcluded);
        }
        Ok(())
    }

    /// The offer `offer_id` as a customer of `segment` in `country` may buy
    /// it for `term` billed `frequency`, with its per-seat price in the
    /// customer's `currency` (R-SUB-01).
    pub fn priced_offer(
        &self,
        offer_id: &str,
        segment: Segment,
        country: &str,
        currency: Currency,
        term: Term,
        frequency: BillingFrequency,
    ) -> Result<(&Offer, Money), OfferError> {
        let offer = self.offer(offer_id).ok_or(OfferError::Unknown)?;
        self.availability(offer, segment, country)?;
        let sold = offer.term_price(term).ok_or(OfferError::TermNotOffered)?;
        if !sold.frequencies.contains(&frequency) {
            return Err(OfferError::TermNotOffered);
        }
        let price = offer
            .price(term, currency)
            .ok_or(OfferError::NoPrice { currency })?;
        Ok((offer, price))
    }

    /// What a trial of `trial` billed in `currency` may convert to
    /// (R-SUB-24 … 26): its paid offer (the first upgrade target that is not
    /// a trial), and every term and billing that offer is sold for in that
    /// currency. `None` if there is no such offer or way.
    pub fn conversion_options(
        &self,
        trial: &Offer,
        currency: Currency,
    ) -> Option<(&Offer, Vec<PaidOption>)> {
        let paid = trial
            .upgrade_targets
            .iter()
            .filter_map(|id| self.offer(id))
            .find(|o| !o.is_trial())?;
        let options = paid.options(currency);
        (!options.is_empty()).then_some((paid, options))
    }

    /// What the trial becomes at its end unless another conversion was
    /// scheduled (R-SUB-24): its paid offer for the default terms, a year
    /// billed monthly. `None` if that offer is not sold so.
    pub fn trial_conversion(
        &self,
        trial: &Offer,
        currency: Currency,
    ) -> Option<(&Offer, PaidOption)> {
        let (paid, options) = self.conversion_options(trial, currency)?;
        let default = options
            .into_iter()
            .find(|o| (o.term, o.frequency) == TRIAL_CONVERSION_TERMS)?;
        Some((paid, default))
    }

    /// Whether following `from`'s upgrade targets, one step or more, reaches
    /// the offer `id` (a walk over the offers, each visited once).
    fn upgrades_reach(&self, from: &Offer, id: &str) -> bool {
        let mut seen: Vec<&str> = Vec::new();
        let mut next: Vec<&str> = from.upgrade_targets.iter().map(String::as_str).collect();
        while let Some(t) = next.pop() {
            if t == id {
                return true;
            }
            if seen.contains(&t) {
                continue;
            }
            seen.push(t);
            if let Some(o) = self.offer(t) {
                next.extend(o.upgrade_targets.iter().map(String::as_str));
            }
        }
        false
    }

    /// The offers an "Add subscription" page lists for this customer: their
    /// segment only, then the filters. Reservations in an excluded market stay
    /// listed (with the reason) so the catalog can say why (R-SW-02).
    pub fn listing<'a>(
        &'a self,
        segment: Segment,
        filter: &'a OfferFilter,
    ) -> impl Iterator<Item = &'a Offer> + 'a {
        self.offers
            .iter()
            .filter(move |o| o.segments.contains(&segment) && filter.matches(o))
    }

    /// Checks a catalog file's internal consistency: unique ids (among
    /// offers and software products together), add-ons that name known
    /// bases, known upgrade targets, terms whose billing frequencies fit and
    /// whose prices are within `0 ..= MAX_SEAT_PRICE`, and software products
    /// with something to download and prices within the same bounds.
    /// Returns the first problem found.
    pub fn check(&self) -> Result<(), CatalogError> {
        let bad = |offer: &Offer, problem| {
            Err(CatalogError {
                offer: offer.id.clone(),
                problem,
            })
        };
        for u in &self.unsupported_upgrades {
            let listed = self
                .offer(&u.from)
                .is_none_or(|from| from.upgrade_targets.contains(&u.to));
            if listed || self.offer(&u.to).is_none() {
                return Err(CatalogError {
                    offer: u.from.clone(),
                    problem: CatalogProblem::BadUnsupportedUpgrade,
                });
            }
        }
        for o in &self.offers {
            if self.id_count(&o.id) > 1 {
                return bad(o, CatalogProblem::DuplicateId);
            }
            if o.addon_of
                .iter()
                .any(|b| self.offer(b).is_none_or(|b| b.is_addon()))
            {
                return bad(o, CatalogProblem::UnknownBase);
            }
            if o.is_addon() != o.addon_rule.is_some() {
                return bad(o, CatalogProblem::AddonRuleMismatch);
            }
            if o.upgrade_targets.iter().any(|t| self.offer(t).is_none()) {
                return bad(o, CatalogProblem::UnknownUpgradeTarget);
            }
            if o.free_trial && (o.is_trial() || o.is_addon()) {
                return bad(o, CatalogProblem::FreeTrialOnTrialOrAddon);
            }
            if self.upgrades_reach(o, &o.id) {
                return bad(o, CatalogProblem::UpgradeCycle);
            }
            if o.terms.is_empty() || o.segments.is_empty() {
                return bad(o, CatalogProblem::NoTermsOrSegments);
            }
            for tp in &o.terms {
                if tp.frequencies.is_empty()
                    || tp
                        .frequencies
                        .iter()
                        .any(|f| f.period_months(tp.term).is_none())
                {
                    return bad(o, CatalogProblem::FrequencyDoesNotFit);
                }
                if tp.prices.is_empty()
                    || tp
                        .prices
                        .iter()
                        .any(|p| !(0..=MAX_SEAT_PRICE).contains(&p.minor))
                {
                    return bad(o, CatalogProblem::BadPrice);
                }
                if o.is_trial()
                    && tp
                        .prices
                        .iter()
                        .any(|p| self.trial_conversion(o, p.currency).is_none())
                {
                    return bad(o, CatalogProblem::TrialWithoutConversion);
                }
            }
        }
        for p in &self.software {
            let bad = |problem| {
                Err(CatalogError {
                    offer: p.id.clone(),
                    problem,
                })
            };
            if self.id_count(&p.id) > 1 {
                return bad(CatalogProblem::DuplicateId);
            }
            if p.editions.is_empty() {
                return bad(CatalogProblem::SoftwareWithoutEditions);
            }
            if p.prices.is_empty() {
                return bad(CatalogProblem::SoftwareWithoutPrice);
            }
            if p.prices
                .iter()
                .any(|m| !(0..=MAX_SEAT_PRICE).contains(&m.minor))
            {
                return bad(CatalogProblem::BadPrice);
            }
        }
        for (code, products) in &self.benefit_software {
            let bad = |id: &str, problem| {
                Err(CatalogError {
                    offer: format!("{code}/{id}"),
                    problem,
                })
            };
            if BenefitKind::parse(code).map(BenefitKind::unit)
                != Some(BenefitUnit::DownloadsAvailable)
            {
                return bad("", CatalogProblem::BadBenefitSoftware);
            }
            for p in products {
                if products.iter().filter(|q| q.id == p.id).count() > 1 {
                    return bad(&p.id, CatalogProblem::BadBenefitSoftware);
                }
                if p.editions.is_empty() {
                    return bad(&p.id, CatalogProblem::SoftwareWithoutEditions);
                }
            }
        }
        for p in &self.packages {
            if !self.package_is_sound(p) {
                return Err(CatalogError {
                    offer: p.id.clone(),
                    problem: CatalogProblem::BadPackage,
                });
            }
        }
        Ok(())
    }

    /// R-MPN-01: a package whose software is the catalog's, whose benefits
    /// each give something under their own id, and which has a price.
    fn package_is_sound(&self, p: &crate::mpn::BenefitPackage) -> bool {
        let ids: Vec<&str> = p
            .cloud
            .iter()
            .map(|c| c.id.as_str())
            .chain(p.visual_studio.iter().map(|v| v.id.as_str()))
            .chain(p.technical.iter().map(|t| t.id.as_str()))
            .chain(p.go_to_market.iter().map(|g| g.id.as_str()))
            .chain(p.software.iter().map(|s| s.product_id.as_str()))
            .collect();
        let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
        self.packages.iter().filter(|q| q.id == p.id).count() == 1
            && unique.len() == ids.len()
            && !p.prices.is_empty()
            && p.prices
                .iter()
                .all(|m| (1..=MAX_SEAT_PRICE).contains(&m.minor))
            && p.software
                .iter()
                .all(|s| s.licenses > 0 && self.software_product(&s.product_id).is_some())
            && p.visual_studio.iter().all(|v| v.count > 0)
            && p.technical.iter().all(|t| t.amount > 0)
            && p.go_to_market.iter().all(|g| g.validity_days > 0)
    }
}

/// A subscription the customer holds (with any partner), as the cart rules
/// need it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Holding {
    pub offer_id: String,
    /// Active (not suspended).
    pub active: bool,
    pub seats: u32,
}

/// The base licenses that bound an add-on's quantity (R-SUB-04, R-SUB-05):
/// every active subscription of an eligible base offer, with every partner,
/// plus the base lines `(offer id, seats)` in the same cart.
pub fn base_licenses(addon: &Offer, held: &[Holding], cart: &[(&str, u32)]) -> u32 {
    let is_base = |id: &str| addon.addon_of.iter().any(|b| b == id);
    let held: u32 = held
        .iter()
        .filter(|h| h.active && is_base(&h.offer_id))
        .map(|h| h.seats)
        .sum();
    let in_cart: u32 = cart
        .iter()
        .filter(|(id, _)| is_base(id))
        .map(|(_, n)| *n)
        .sum();
    held.saturating_add(in_cart)
}

/// R-SUB-04: one Multi-Geo license covers 20 base licenses (5 %).
const MULTI_GEO_BASE_PER_LICENSE: u32 = 20;

/// The allowed quantity range of an add-on given the customer's base licenses
/// (R-SUB-04, R-SUB-05): `(min, max)`, `max` `None` when unbounded.
pub fn addon_bounds(rule: AddonRule, base_licenses: u32) -> (u32, Option<u32>) {
    match rule {
        // ceil(0.05 × base) in integers: ceil(base / 20).
        AddonRule::MultiGeo => (
            base_licenses.div_ceil(MULTI_GEO_BASE_PER_LICENSE).max(1),
            None,
        ),
        AddonRule::Copilot => (1, Some(base_licenses)),
        AddonRule::Plain => (1, None),
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AddonError {
    #[error("an add-on needs an active base subscription")]
    NoBase,
    /// R-SUB-04.
    #[error("at least {min} licenses are needed ({base} base licenses)")]
    BelowMinimum { min: u32, base: u32 },
    /// R-SUB-05.
    #[error("at most {max} licenses are allowed ({max} base licenses)")]
    AboveMaximum { max: u32 },
}

crate::error_codes! {
    AddonError {
        Self::NoBase => "addon_no_base",
        Self::BelowMinimum { .. } => "addon_below_minimum",
        Self::AboveMaximum { .. } => "addon_above_maximum",
    }
}

impl AddonError {
    /// The error as shown next to `field`, with the bound it names.
    pub fn field_error(&self, field: &str) -> crate::FieldError {
        let fe = crate::FieldError::new(field, self);
        match self {
            Self::BelowMinimum { min, base } => fe
                .with("min", min.to_string())
                .with("base", base.to_string()),
            Self::AboveMaximum { max } => fe.with("max", max.to_string()),
            Self::NoBase => fe,
        }
    }
}

/// Checks an add-on quantity against the base licenses counted across all
/// eligible base subscriptions, all partners and base lines in the same cart.
pub fn check_addon_quantity(
    rule: AddonRule,
    base_licenses: u32,
    quantity: u32,
) -> Result<(), AddonError> {
    if base_licenses == 0 {
        return Err(AddonError::NoBase);
    }
    let (min, max) = addon_bounds(rule, base_licenses);
    if quantity < min {
        return Err(AddonError::BelowMinimum {
            min,
            base: base_licenses,
        });
    }
    if let Some(max) = max.filter(|m| quantity > *m) {
        return Err(AddonError::AboveMaximum { max });
    }
    Ok(())
}

/// Why a base subscription's seat change would take an add-on the customer
/// holds out of its bounds (R-SUB-04, R-SUB-05 seen from the base).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum BaseChangeError {
    /// Copilot: at most one add-on license per base license.
    #[error("{addon} holds {addon_seats} licenses, which need at least {addon_seats} base licenses; this change leaves {base_after}")]
    BelowAddon {
        addon: String,
        addon_seats: u32,
        base_after: u32,
    },
    /// Multi-Geo: its licenses cover at most 20 base licenses each (5 %).
    #[error("{addon} holds {addon_seats} licenses, enough for at most {max_base} base licenses; this change makes {base_after}")]
    AboveAddon {
        addon: String,
        addon_seats: u32,
        max_base: u32,
        base_after: u32,
    },
}

crate::error_codes! {
    BaseChangeError {
        Self::BelowAddon { .. } => "base_below_addon",
        Self::AboveAddon { .. } => "base_above_addon",
    }
}

impl BaseChangeError {
    /// The error as shown next to `field`, with the figures it names.
    pub fn field_error(&self, field: &str) -> crate::FieldError {
        let fe = crate::FieldError::new(field, self);
        match self {
            Self::BelowAddon {
                addon,
                addon_seats,
                base_after,
            } => fe
                .with("addon", addon.clone())
                .with("addon_seats", addon_seats.to_string())
                .with("base_after", base_after.to_string()),
            Self::AboveAddon {
                addon,
                addon_seats,
                max_base,
                base_after,
            } => fe
                .with("addon", addon.clone())
                .with("addon_seats", addon_seats.to_string())
                .with("max_base", max_base.to_string())
                .with("base_after", base_after.to_string()),
        }
    }
}

/// R-SUB-04, R-SUB-05 from the base's side: an active subscription of
/// `base_offer` changing from `before` to `after` seats must leave every
/// add-on the customer holds (`held`, before the change, every partner)
/// within its bounds. `addons` are the catalog's add-on offers.
pub fn check_base_change<'a>(
    addons: impl IntoIterator<Item = &'a Offer>,
    held: &[Holding],
    base_offer: &str,
    before: u32,
    after: u32,
) -> Result<(), BaseChangeError> {
    for addon in addons {
        let Some(rule) = addon.addon_rule else {
            continue;
        };
        if !addon.addon_of.iter().any(|b| b == base_offer) {
            continue;
        }
        let addon_seats: u32 = held
            .iter()
            .filter(|h| h.active && h.offer_id == addon.id)
            .map(|h| h.seats)
            .sum();
        if addon_seats == 0 {
            continue;
        }
        let base_after = base_licenses(addon, held, &[])
            .saturating_sub(before)
            .saturating_add(after);
        let (min, max) = addon_bounds(rule, base_after);
        if max.is_some_and(|max| addon_seats > max) {
            return Err(BaseChangeError::BelowAddon {
                addon: addon.name.clone(),
                addon_seats,
                base_after,
            });
        }
        if addon_seats < min {
            return Err(BaseChangeError::AboveAddon {
                addon: addon.name.clone(),
                addon_seats,
                max_base: addon_seats.saturating_mul(MULTI_GEO_BASE_PER_LICENSE),
                base_after,
            });
        }
    }
    Ok(())
}

/// R-SUB-04, R-SUB-05 for a seat change of a subscription of `offer` from
/// `before` to `after` seats: an add-on's own quantity stays within its
/// bounds, and, for an active base (a suspended one counts for no add-on),
/// so do the add-ons that count it. `held`: the customer's holdings with
/// every partner, before the change. The error is the `seats` field's.
pub fn check_seat_change_bounds(
    catalog: &Catalog,
    held: &[Holding],
    offer: &Offer,
    active: bool,
    before: u32,
    after: u32,
) -> Result<(), crate::FieldError> {
    if let Some(rule) = offer.addon_rule {
        check_addon_quantity(rule, base_licenses(offer, held, &[]), after)
            .map_err(|e| e.field_error("seats"))?;
    }
    if active {
        check_base_change(&catalog.offers, held, &offer.id, before, after)
            .map_err(|e| e.field_error("seats"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The filter codes in the page's URL are the values' serde names, so a
    /// filter reads the same from a URL and from JSON.
    #[test]
    fn filter_codes_are_the_serde_names() {
        fn check<T: Serialize + Copy>(
            all: &[T],
            code: fn(T) -> &'static str,
            parse: fn(&str) -> Option<T>,
        ) {
            for v in all {
                assert_eq!(
                    serde_json::to_string(v).unwrap(),
                    format!("\"{}\"", code(*v))
                );
                assert!(parse(code(*v)).is_some());
            }
            assert!(parse("nope").is_none());
        }
        check(Publisher::ALL, Publisher::code, Publisher::parse);
        check(BillingType::ALL, BillingType::code, BillingType::parse);
        check(Category::ALL, Category::code, Category::parse);
    }

    #[test]
    fn r_sub_04_multi_geo_needs_five_percent_rounded_up() {
        assert_eq!(addon_bounds(AddonRule::MultiGeo, 400), (20, None));
        assert_eq!(addon_bounds(AddonRule::MultiGeo, 401), (21, None));
        assert_eq!(addon_bounds(AddonRule::MultiGeo, 10), (1, None));
        assert_eq!(
            check_addon_quantity(AddonRule::MultiGeo, 400, 19),
            Err(AddonError::BelowMinimum { min: 20, base: 400 })
        );
        assert_eq!(check_addon_quantity(AddonRule::MultiGeo, 400, 20), Ok(()));
    }

    fn addon(id: &str, rule: AddonRule, base: &[&str]) -> Offer {
        let mut o = plain_offer(id);
        o.addon_of = base.iter().map(|b| b.to_string()).collect();
        o.addon_rule = Some(rule);
        o
    }

    fn plain_offer(id: &str) -> Offer {
        Offer {
            id: id.into(),
            name: format!("{id} name"),
            publisher: Publisher::Microsoft,
            billing_type: BillingType::LicenseBased,
            category: Category::Enterprise,
            segments: vec![Segment::Commercial],
            terms: Vec::new(),
            addon_of: Vec::new(),
            addon_rule: None,
            upgrade_targets: Vec::new(),
            one_per_customer: false,
            reservation: false,
            marketplace: false,
            free_trial: false,
        }
    }

    fn held(offer_id: &str, seats: u32) -> Holding {
        Holding {
            offer_id: offer_id.into(),
            active: true,
            seats,
        }
    }

    /// R-SUB-04, R-SUB-05: a base decrease re-checks Copilot (≤ base), a
    /// base increase re-checks Multi-Geo (≥ 5 %), across every base offer.
    #[test]
    fn r_sub_04_r_sub_05_a_base_change_keeps_held_add_ons_within_bounds() {
        let copilot = addon("copilot", AddonRule::Copilot, &["e3", "bp"]);
        let geo = addon("geo", AddonRule::MultiGeo, &["e3"]);
        let addons = [copilot, geo];
        // E3 250 + Business Premium 30 = 280 base; Copilot 260; Multi-Geo 14 covers 280.
        let holdings = [
            held("e3", 250),
            held("bp", 30),
            held("copilot", 260),
            held("geo", 14),
        ];
        // E3 250 → 230: 260 base, exactly Copilot's 260; Multi-Geo needs 13.
        assert_eq!(
            check_base_change(&addons, &holdings, "e3", 250, 230),
            Ok(())
        );
        // E3 250 → 229: 259 base < 260 Copilot.
        assert_eq!(
            check_base_change(&addons, &holdings, "e3", 250, 229),
            Err(BaseChangeError::BelowAddon {
                addon: "copilot name".into(),
                addon_seats: 260,
                base_after: 259,
            })
        );
        // Business Premium counts for Copilot too: 30 → 9 leaves 259.
        assert!(check_base_change(&addons, &holdings, "bp", 30, 9).is_err());
        // Multi-Geo counts only E3: 14 licenses cover 280; E3 250 → 280 is
        // exactly 280, → 281 needs a 15th Multi-Geo license.
        assert_eq!(
            check_base_change(&addons, &holdings, "e3", 250, 280),
            Ok(())
        );
        assert_eq!(
            check_base_change(&addons, &holdings, "e3", 250, 281),
            Err(BaseChangeError::AboveAddon {
                addon: "geo name".into(),
                addon_seats: 14,
                max_base: 280,
                base_after: 281,
            })
        );
        // Through the seat change's one entry point: a suspended base counts
        // for no add-on, so its seats move no bound.
        let catalog = Catalog {
            offers: vec![
                plain_offer("e3"),
                plain_offer("bp"),
                addons[0].clone(),
                addons[1].clone(),
            ],
            reservation_excluded_markets: Vec::new(),
            unsupported_upgrades: Vec::new(),
            software: Vec::new(),
            benefit_software: Default::default(),
            packages: Vec::new(),
        };
        let e3 = catalog.offer("e3").unwrap();
        assert!(catalog.concerns_addon_bounds(e3));
        assert!(!catalog.concerns_addon_bounds(&plain_offer("o365-e1")));
        assert_eq!(
            check_seat_change_bounds(&catalog, &holdings, e3, true, 250, 229).map_err(|e| e.code),
            Err("base_below_addon".to_string())
        );
        assert_eq!(
            check_seat_change_bounds(&catalog, &holdings, e3, false, 250, 229),
            Ok(())
        );
        // Copilot's own bound: at most its 280 base licenses.
        let copilot = catalog.offer("copilot").unwrap();
        assert_eq!(
            check_seat_change_bounds(&catalog, &holdings, copilot, true, 260, 281)
                .map_err(|e| e.code),
            Err("addon_above_maximum".to_string())
        );
        // Without add-ons, or for an offer no add-on attaches to, anything goes.
        assert_eq!(
            check_base_change(&addons, &holdings[..2], "e3", 250, 1),
            Ok(())
        );
        assert_eq!(
            check_base_change(&addons, &holdings, "o365-e1", 5, 1),
            Ok(())
        );
    }

    #[test]
    fn r_sub_05_copilot_at_most_the_base() {
        assert_eq!(check_addon_quantity(AddonRule::Copilot, 250, 250), Ok(()));
        assert_eq!(
            check_addon_quantity(AddonRule::Copilot, 250, 251),
            Err(AddonError::AboveMaximum { max: 250 })
        );
        assert_eq!(
            check_addon_quantity(AddonRule::Copilot, 0, 1),
            Err(AddonError::NoBase)
        );
    }

    #[test]
    fn r_sub_04_base_licenses_count_every_partner_and_the_cart_but_not_suspended() {
        let addon = Offer {
            id: "geo".into(),
            name: "Multi-Geo".into(),
            publisher: Publisher::Microsoft,
            billing_type: BillingType::LicenseBased,
            category: Category::Enterprise,
            segments: vec![Segment::Commercial],
            terms: Vec::new(),
            addon_of: vec!["e3".into(), "e5".into()],
            addon_rule: Some(AddonRule::MultiGeo),
            upgrade_targets: Vec::new(),
            one_per_customer: false,
            reservation: false,
            marketplace: false,
            free_trial: false,
        };
        let held = |id: &str, active, seats| Holding {
            offer_id: id.into(),
            active,
            seats,
        };
        let holdings = [
            held("e3", true, 250),
            held("e5", true, 100),
            held("e5", false, 70),
            held("basic", true, 900),
        ];
        assert_eq!(
            base_licenses(&addon, &holdings, &[("e3", 50), ("geo", 19)]),
            400
        );
        assert_eq!(addon_bounds(AddonRule::MultiGeo, 400), (20, None));
    }

    /// A one-offer catalog selling `term` with `frequencies` at `minor` USD.
    fn one_offer(term: Term, frequencies: Vec<BillingFrequency>, minor: i64) -> Catalog {
        Catalog {
            offers: vec![Offer {
                id: "o".into(),
                name: "O".into(),
                publisher: Publisher::Microsoft,
                billing_type: BillingType::LicenseBased,
                category: Category::Enterprise,
                segments: vec![Segment::Commercial],
                terms: vec![TermPrice {
                    term,
                    frequencies,
                    prices: vec![Money::new(minor, Currency::Usd)],
                }],
                addon_of: Vec::new(),
                addon_rule: None,
                upgrade_targets: Vec::new(),
                one_per_customer: false,
                reservation: false,
                marketplace: false,
                free_trial: false,
            }],
            reservation_excluded_markets: Vec::new(),
            unsupported_upgrades: Vec::new(),
            software: Vec::new(),
            benefit_software: Default::default(),
            packages: Vec::new(),
        }
    }

    /// R-SUB-01: an offer is bought only as the catalog sells it to this
    /// customer: its segment, its terms and their frequencies, a price in
    /// the customer's currency.
    #[test]
    fn r_sub_01_an_offer_is_priced_only_as_sold_to_the_customer() {
        let cat = one_offer(Term::P1Y, vec![BillingFrequency::Monthly], 1_000);
        let buy = |id: &str, segment, currency, term, frequency| {
            cat.priced_offer(id, segment, "US", currency, term, frequency)
                .map(|(o, p)| (o.id.clone(), p))
        };
        let (c, usd, m) = (
            Segment::Commercial,
            Currency::Usd,
            BillingFrequency::Monthly,
        );
        assert_eq!(
            buy("o", c, usd, Term::P1Y, m),
            Ok(("o".into(), Money::new(1_000, Currency::Usd)))
        );
        assert_eq!(buy("x", c, usd, Term::P1Y, m), Err(OfferError::Unknown));
        assert_eq!(
            buy("o", Segment::Education, usd, Term::P1Y, m),
            Err(OfferError::WrongSegment)
        );
        assert_eq!(
            buy("o", c, usd, Term::P3Y, m),
            Err(OfferError::TermNotOffered)
        );
        assert_eq!(
            buy("o", c, usd, Term::P1Y, BillingFrequency::Annual),
            Err(OfferError::TermNotOffered)
        );
        assert_eq!(
            buy("o", c, Currency::Twd, Term::P1Y, m),
            Err(OfferError::NoPrice {
                currency: Currency::Twd
            })
        );
    }

    /// R-SUB-02: a one-per-customer offer held with any partner, active or
    /// suspended, cannot be bought again; other offers can.
    #[test]
    fn r_sub_02_a_one_per_customer_offer_is_held_once() {
        let mut once = plain_offer("once");
        once.one_per_customer = true;
        let suspended = Holding {
            active: false,
            ..held("once", 3)
        };
        assert_eq!(once.already_held(&[held("other", 1)]), None);
        assert_eq!(
            once.already_held(&[held("once", 1)]),
            Some(OfferError::AlreadyHeld { suspended: false })
        );
        assert_eq!(
            once.already_held(&[suspended]),
            Some(OfferError::AlreadyHeld { suspended: true })
        );
        assert_eq!(plain_offer("once").already_held(&[held("once", 1)]), None);
    }

    /// R-SUB-24: a trial converts to its paid upgrade target, annual and
    /// billed monthly, at that offer's price in the trial's currency; with
    /// no such offer, term, billing or price there is no conversion.
    #[test]
    fn r_sub_24_a_trial_converts_to_its_paid_offer_annual_billed_monthly() {
        let mut cat = one_offer(Term::P1Y, vec![BillingFrequency::Monthly], 36_000);
        let mut trial = plain_offer("o-trial");
        trial.category = Category::Trial;
        trial.upgrade_targets = vec!["o".into()];
        trial.terms = vec![TermPrice {
            term: Term::P1M,
            frequencies: vec![BillingFrequency::Monthly],
            prices: vec![Money::new(0, Currency::Usd)],
        }];
        cat.offers.push(trial.clone());
        let (offer, paid) = cat
            .trial_conversion(&trial, Currency::Usd)
            .expect("converts");
        assert_eq!(offer.id, "o");
        assert_eq!(
            (paid.term, paid.frequency),
            (Term::P1Y, BillingFrequency::Monthly)
        );
        assert_eq!(paid.price, Money::new(36_000, Currency::Usd));
        assert_eq!(cat.check(), Ok(()));
        assert_eq!(cat.trial_conversion(&trial, Currency::Eur), None);
        cat.offers[1].terms = vec![TermPrice {
            term: Term::P1M,
            frequencies: vec![BillingFrequency::Monthly],
            prices: vec![Money::new(0, Currency::Eur)],
        }];
        assert_eq!(
            cat.check().map_err(|e| e.problem),
            Err(CatalogProblem::TrialWithoutConversion)
        );
        let annual_only = one_offer(Term::P1Y, vec![BillingFrequency::Annual], 36_000);
        assert_eq!(annual_only.trial_conversion(&trial, Currency::Usd), None);
        let three_years = one_offer(Term::P3Y, vec![BillingFrequency::Monthly], 36_000);
        assert_eq!(three_years.trial_conversion(&trial, Currency::Usd), None);
    }

    /// R-BIL-02: a term price need not divide by its billing periods (USD
    /// 10.00 a year billed monthly, 10.01 over three years billed annually);
    /// what must hold is that the most seats' price is an exact `i64`.
    #[test]
    fn r_bil_02_catalog_accepts_prices_that_do_not_divide_evenly() {
        let monthly = vec![BillingFrequency::Monthly];
        assert_eq!(one_offer(Term::P1Y, monthly.clone(), 1_000).check(), Ok(()));
        assert_eq!(
            one_offer(Term::P3Y, vec![BillingFrequency::Annual], 1_001).check(),
            Ok(())
        );
        assert_eq!(
            one_offer(Term::P1Y, monthly.clone(), MAX_SEAT_PRICE).check(),
            Ok(())
        );
        for bad in [-1, MAX_SEAT_PRICE + 1, i64::MAX] {
            assert_eq!(
                one_offer(Term::P1Y, monthly.clone(), bad)
                    .check()
                    .map_err(|e| e.problem),
                Err(CatalogProblem::BadPrice),
                "{bad}"
            );
        }
        assert!(
            i128::from(MAX_SEAT_PRICE) * i128::from(crate::seats::MAX_SEATS)
                <= i128::from(i64::MAX)
        );
    }

    /// Every fitting frequency's periods tile its term.
    #[test]
    fn billing_periods_tile_their_term() {
        for term in Term::ALL {
            for f in BillingFrequency::ALL {
                if let (Some(months), Some(n)) = (f.period_months(term), f.periods(term)) {
                    assert_eq!(months * n, term.months(), "{term:?} {f:?}");
                }
            }
        }
        assert_eq!(BillingFrequency::Monthly.periods(Term::P3Y), Some(36));
        assert_eq!(BillingFrequency::Annual.periods(Term::P3Y), Some(3));
        assert_eq!(BillingFrequency::Annual.periods(Term::P1M), None);
    }

    #[test]
    fn annual_billing_does_not_fit_a_monthly_term() {
        assert_eq!(BillingFrequency::Annual.period_months(Term::P1M), None);
        assert_eq!(BillingFrequency::Annual.period_months(Term::P3Y), Some(12));
        assert_eq!(
            BillingFrequency::OncePerTerm.period_months(Term::P3Y),
            Some(36)
        );
        assert_eq!(BillingFrequency::Monthly.period_months(Term::P1Y), Some(1));
    }
}
