//! Software Assurance and service benefits (SPEC §2, seed 000): what each
//! benefit is measured in, how its amount is computed from licenses, the
//! training-voucher ↔ planning-day conversion and its reversal, the eligible
//! domain check, and the partner-delegation status machine.
//!
//! The browser's live preview and the server's committed change call the same
//! functions here, so they cannot disagree.

use serde::{Deserialize, Serialize};

use crate::{DomainName, Email, Timestamp};

/// R-SAB-03: the benefits of the catalogue, in the order the inventory lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum BenefitKind {
    SupportPhone,
    SupportWeb,
    ELearning,
    GlobalServiceMonitor,
    HomeUseProgram,
    DynamicsCustomerSource,
    OfficeMultiLanguagePack,
    PlanningServices,
    TrainingVouchers,
    WindowsThinPc,
}

/// R-SAB-03: the unit a benefit is counted in, shown everywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum BenefitUnit {
    Incidents,
    Participants,
    DownloadsAvailable,
    Licenses,
    NotMeasured,
    PlanningDays,
    TrainingDays,
}

impl BenefitUnit {
    /// The stable code used in exports.
    pub fn code(self) -> &'static str {
        match self {
            BenefitUnit::Incidents => "incidents",
            BenefitUnit::Participants => "participants",
            BenefitUnit::DownloadsAvailable => "downloads_available",
            BenefitUnit::Licenses => "licenses",
            BenefitUnit::NotMeasured => "not_measured",
            BenefitUnit::PlanningDays => "planning_days",
            BenefitUnit::TrainingDays => "training_days",
        }
    }
}

impl BenefitKind {
    pub const ALL: [BenefitKind; 10] = [
        BenefitKind::SupportPhone,
        BenefitKind::SupportWeb,
        BenefitKind::ELearning,
        BenefitKind::GlobalServiceMonitor,
        BenefitKind::HomeUseProgram,
        BenefitKind::DynamicsCustomerSource,
        BenefitKind::OfficeMultiLanguagePack,
        BenefitKind::PlanningServices,
        BenefitKind::TrainingVouchers,
        BenefitKind::WindowsThinPc,
    ];

    /// The stable code stored in the database and used as the i18n key.
    pub fn code(self) -> &'static str {
        match self {
            BenefitKind::SupportPhone => "support_phone",
            BenefitKind::SupportWeb => "support_web",
            BenefitKind::ELearning => "e_learning",
            BenefitKind::GlobalServiceMonitor => "global_service_monitor",
            BenefitKind::HomeUseProgram => "home_use_program",
            BenefitKind::DynamicsCustomerSource => "dynamics_customer_source",
            BenefitKind::OfficeMultiLanguagePack => "office_multi_language_pack",
            BenefitKind::PlanningServices => "planning_services",
            BenefitKind::TrainingVouchers => "training_vouchers",
            BenefitKind::WindowsThinPc => "windows_thin_pc",
        }
    }

    pub fn parse(code: &str) -> Option<BenefitKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// R-SAB-03.
    pub fn unit(self) -> BenefitUnit {
        match self {
            BenefitKind::SupportPhone | BenefitKind::SupportWeb => BenefitUnit::Incidents,
            BenefitKind::ELearning => BenefitUnit::Participants,
            BenefitKind::GlobalServiceMonitor
            | BenefitKind::OfficeMultiLanguagePack
            | BenefitKind::WindowsThinPc => BenefitUnit::DownloadsAvailable,
            BenefitKind::HomeUseProgram => BenefitUnit::Licenses,
            BenefitKind::DynamicsCustomerSource => BenefitUnit::NotMeasured,
            BenefitKind::PlanningServices => BenefitUnit::PlanningDays,
            BenefitKind::TrainingVouchers => BenefitUnit::TrainingDays,
        }
    }

    /// R-SAB-05: benefits with named users ("Add user").
    pub fn has_users(self) -> bool {
        matches!(
            self,
            BenefitKind::SupportPhone
                | BenefitKind::SupportWeb
                | BenefitKind::ELearning
                | BenefitKind::HomeUseProgram
        )
    }

    /// R-SAB-05 (decision): adding a user consumes one unit only where the
    /// unit is per person.
    pub fn user_consumes_unit(self) -> bool {
        self.unit() == BenefitUnit::Participants
    }

    /// R-SAB-06 (decision): the benefits whose users must have an email in an
    /// eligible domain of the purchasing account (R-ORG-10).
    pub fn needs_eligible_domain(self) -> bool {
        matches!(self, BenefitKind::HomeUseProgram | BenefitKind::ELearning)
    }

    /// R-SAB-04/05: benefits with instructions to send to their end users.
    pub fn has_user_instructions(self) -> bool {
        matches!(self, BenefitKind::HomeUseProgram | BenefitKind::ELearning)
    }

    /// R-SAB-07 (decision): how many qualifying Software Assurance licenses
    /// give one unit of the benefit; `None` for a benefit that is not measured.
    pub fn licenses_per_unit(self) -> Option<i64> {
        match self {
            BenefitKind::SupportPhone => Some(250),
            BenefitKind::SupportWeb => Some(125),
            BenefitKind::ELearning => Some(20),
            BenefitKind::GlobalServiceMonitor => Some(500),
            BenefitKind::HomeUseProgram => Some(1),
            BenefitKind::DynamicsCustomerSource => None,
            BenefitKind::OfficeMultiLanguagePack => Some(100),
            BenefitKind::PlanningServices => Some(100),
            BenefitKind::TrainingVouchers => Some(50),
            BenefitKind::WindowsThinPc => Some(100),
        }
    }
}

/// R-SAB-07: the amount a benefit grants and the inputs it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Calculation {
    pub licenses: i64,
    pub licenses_per_unit: i64,
    pub amount: i64,
}

/// R-SAB-07: amount = floor(qualifying licenses ÷ licenses per unit).
/// `None` when the benefit is not measured.
pub fn calculate(kind: BenefitKind, licenses: i64) -> Option<Calculation> {
    let per = kind.licenses_per_unit()?;
    Some(Calculation {
        licenses,
        licenses_per_unit: per,
        amount: licenses.max(0) / per,
    })
}

/// R-SAB-07: the kinds of ledger rows in a benefit's transaction history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum TransactionKind {
    Grant,
    /// A user added to a per-person benefit (R-SAB-05).
    Use,
    /// A user removed from a per-person benefit gives the unit back.
    Release,
    Conversion,
    Reversal,
    Expiry,
}

impl TransactionKind {
    pub const ALL: [TransactionKind; 6] = [
        TransactionKind::Grant,
        TransactionKind::Use,
        TransactionKind::Release,
        TransactionKind::Conversion,
        TransactionKind::Reversal,
        TransactionKind::Expiry,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TransactionKind::Grant => "grant",
            TransactionKind::Use => "use",
            TransactionKind::Release => "release",
            TransactionKind::Conversion => "conversion",
            TransactionKind::Reversal => "reversal",
            TransactionKind::Expiry => "expiry",
        }
    }

    pub fn parse(code: &str) -> Option<TransactionKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// R-SAB-02: a benefit whose end has passed shows as expired.
pub fn is_expired(expires_at: Timestamp, now: Timestamp) -> bool {
    expires_at <= now
}

/// R-SAB-08: 3 training-voucher days = 1 planning-services day.
pub const TRAINING_DAYS_PER_PLANNING_DAY: i64 = 3;

/// A number of planning days to convert or reverse: a whole number ≥ 1 that
/// the balances allow. Only [`parse_conversion`] and [`parse_reversal`] build one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanningDays(i64);

impl PlanningDays {
    pub fn get(self) -> i64 {
        self.0
    }

    /// The training days these planning days are worth.
    pub fn training_days(self) -> i64 {
        self.0 * TRAINING_DAYS_PER_PLANNING_DAY
    }
}

/// Why a number of days cannot be converted (R-SAB-08/09).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ConversionError {
    #[error("enter a number of days")]
    Empty,
    #[error("the number of days must be a whole number")]
    NotWholeNumber,
    #[error("the number of days must be at least 1")]
    NotPositive,
    #[error("at most {max} days can be converted")]
    AboveMaximum { max: i64 },
    #[error("the account does not hold Planning Services")]
    PlanningNotHeld,
    #[error("the account does not hold Training Vouchers")]
    TrainingNotHeld,
    #[error("the benefit has expired")]
    Expired,
}

crate::error_codes! {
    ConversionError {
        Self::Empty => "days_empty",
        Self::NotWholeNumber => "days_not_whole",
        Self::NotPositive => "days_not_positive",
        Self::AboveMaximum { .. } => "days_above_maximum",
        Self::PlanningNotHeld => "planning_not_held",
        Self::TrainingNotHeld => "training_not_held",
        Self::Expired => "benefit_expired",
    }
}

impl ConversionError {
    /// The error as shown next to the "days" field, with the maximum where
    /// it is the reason: the one mapping the live preview and the server use.
    pub fn days_field_error(&self) -> crate::FieldError {
        let field = crate::FieldError::new("days", self);
        match self {
            Self::AboveMaximum { max } => field.with("max", max.to_string()),
            _ => field,
        }
    }
}

/// What a conversion works on: the two remaining balances and how many
/// planning days earlier conversions created that were not reversed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversionBalances {
    pub training_remaining: i64,
    pub planning_remaining: i64,
    pub planning_from_conversion: i64,
}

/// R-SAB-08: floor(remaining training days / 3).
pub fn max_conversion(b: &ConversionBalances) -> i64 {
    (b.training_remaining / TRAINING_DAYS_PER_PLANNING_DAY).max(0)
}

/// R-SAB-09 (decision): planning days created by conversion count as used
/// last, so what can go back is the smaller of those still outstanding and
/// what remains.
pub fn max_reversal(b: &ConversionBalances) -> i64 {
    b.planning_from_conversion.min(b.planning_remaining).max(0)
}

/// A whole number ≥ 1 and ≤ `max`, from what the user typed.
fn parse_days(input: &str, max: i64) -> Result<PlanningDays, ConversionError> {
    whole_days(input, max).map(PlanningDays)
}

/// R-SAB-08/09/11: the one rule for typed day counts — a whole number ≥ 1
/// and ≤ `max`.
fn whole_days(input: &str, max: i64) -> Result<i64, ConversionError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(ConversionError::Empty);
    }
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ConversionError::NotWholeNumber);
    }
    // Any digit string too long for i64 is certainly above the maximum.
    let n = s.parse::<i64>().unwrap_or(i64::MAX);
    if n <= 0 || s.starts_with('-') {
        return Err(ConversionError::NotPositive);
    }
    if n > max {
        return Err(ConversionError::AboveMaximum { max: max.max(0) });
    }
    Ok(n)
}

/// R-SAB-08: the planning days to create from training days.
pub fn parse_conversion(
    input: &str,
    b: &ConversionBalances,
) -> Result<PlanningDays, ConversionError> {
    parse_days(input, max_conversion(b))
}

/// R-SAB-09: the planning days to turn back into training days.
pub fn parse_reversal(
    input: &str,
    b: &ConversionBalances,
) -> Result<PlanningDays, ConversionError> {
    parse_days(input, max_reversal(b))
}

/// R-SAB-08: the balances after converting `days` (what the preview shows
/// and the server writes).
pub fn convert(b: &ConversionBalances, days: PlanningDays) -> ConversionBalances {
    ConversionBalances {
        training_remaining: b.training_remaining - days.training_days(),
        planning_remaining: b.planning_remaining + days.get(),
        planning_from_conversion: b.planning_from_conversion + days.get(),
    }
}

/// R-SAB-09: the balances after reversing `days`.
pub fn reverse(b: &ConversionBalances, days: PlanningDays) -> ConversionBalances {
    ConversionBalances {
        training_remaining: b.training_remaining + days.training_days(),
        planning_remaining: b.planning_remaining - days.get(),
        planning_from_conversion: b.planning_from_conversion - days.get(),
    }
}

/// Why a benefit user cannot be added (R-SAB-05/06).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum BenefitUserError {
    #[error("this benefit has no users")]
    NoUsers,
    #[error("the email is not in an eligible domain: {allowed:?}")]
    DomainNotEligible { allowed: Vec<String> },
    #[error("nothing remains of this benefit")]
    NoneRemaining,
    #[error("this person is already a user of the benefit")]
    AlreadyUser,
}

crate::error_codes! {
    BenefitUserError {
        Self::NoUsers => "benefit_has_no_users",
        Self::DomainNotEligible { .. } => "email_domain_not_eligible",
        Self::NoneRemaining => "benefit_none_remaining",
        Self::AlreadyUser => "benefit_user_exists",
    }
}

/// R-SAB-06, R-ORG-10: a benefit that needs an eligible domain accepts only
/// emails in one of the account's domains.
pub fn check_eligible_email(
    kind: BenefitKind,
    email: &Email,
    domains: &[DomainName],
) -> Result<(), BenefitUserError> {
    if !kind.has_users() {
        return Err(BenefitUserError::NoUsers);
    }
    if kind.needs_eligible_domain() {
        in_eligible_domain(email, domains)?;
    }
    Ok(())
}

/// R-SAB-06, R-ORG-10: the email's domain is one of `domains`.
fn in_eligible_domain(email: &Email, domains: &[DomainName]) -> Result<(), BenefitUserError> {
    if domains.iter().any(|d| d.as_str() == email.domain()) {
        Ok(())
    } else {
        Err(BenefitUserError::DomainNotEligible {
            allowed: domains.iter().map(|d| d.to_string()).collect(),
        })
    }
}

/// R-SAB-11: a number of training days assigned to one person as a voucher:
/// a whole number ≥ 1, at most what remains. Only [`parse_voucher_days`]
/// builds one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingDays(i64);

impl TrainingDays {
    pub fn get(self) -> i64 {
        self.0
    }
}

/// R-SAB-11: the training days to assign, from what the user typed; the
/// same rule (and error codes) as the conversion's days, bounded by the
/// remaining training days.
pub fn parse_voucher_days(input: &str, remaining: i64) -> Result<TrainingDays, ConversionError> {
    whole_days(input, remaining).map(TrainingDays)
}

/// Why a training voucher cannot be assigned or revoked (R-SAB-11).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum VoucherError {
    #[error("training vouchers are assigned only from the Training Vouchers benefit")]
    NotTrainingVouchers,
    #[error("this voucher was already revoked")]
    AlreadyRevoked,
}

crate::error_codes! {
    VoucherError {
        Self::NotTrainingVouchers => "voucher_wrong_benefit",
        Self::AlreadyRevoked => "voucher_revoked",
    }
}

/// R-SAB-11 (decision): a training voucher goes to a person of the
/// customer, so like a benefit user's (R-SAB-06) the email must be in one of
/// the account's eligible domains — the same check as [`check_eligible_email`].
pub fn check_voucher_email(email: &Email, domains: &[DomainName]) -> Result<(), BenefitUserError> {
    in_eligible_domain(email, domains)
}

/// R-SAB-11: the code printed on an assigned voucher.
pub fn voucher_code(assignment_id: i64) -> String {
    format!("TV-{assignment_id:06}")
}

/// R-SAB-10: a partner's permission to manage a customer's benefits.
/// On the wire by its code, as in the page's `?banner=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum DelegationStatus {
    Pending,
    Approved,
    Rejected,
    Removed,
}

/// R-SAB-10: what the customer chooses under "Change status".
/// On the wire by its code, as a form's `<option value>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum DelegationDecision {
    Approve,
    Reject,
    Remove,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DelegationError {
    #[error("a request is already waiting for an answer")]
    AlreadyPending,
    #[error("the permission is already approved")]
    AlreadyApproved,
    #[error("that change is not possible from the current status")]
    NotAllowed,
}

crate::error_codes! {
    DelegationError {
        Self::AlreadyPending => "delegation_pending",
        Self::AlreadyApproved => "delegation_approved",
        Self::NotAllowed => "delegation_change_invalid",
    }
}

impl DelegationStatus {
    pub const ALL: [DelegationStatus; 4] = [
        DelegationStatus::Pending,
        DelegationStatus::Approved,
        DelegationStatus::Rejected,
        DelegationStatus::Removed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DelegationStatus::Pending => "pending",
            DelegationStatus::Approved => "approved",
            DelegationStatus::Rejected => "rejected",
            DelegationStatus::Removed => "removed",
        }
    }

    pub fn parse(code: &str) -> Option<DelegationStatus> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// R-SAB-10: the decisions offered for a request in this status.
    pub fn decisions(self) -> &'static [DelegationDecision] {
        match self {
            DelegationStatus::Pending => &[DelegationDecision::Approve, DelegationDecision::Reject],
            DelegationStatus::Approved => &[DelegationDecision::Remove],
            DelegationStatus::Rejected | DelegationStatus::Removed => &[],
        }
    }
}

impl DelegationDecision {
    /// Its code, as on the wire.
    pub fn code(self) -> &'static str {
        match self {
            DelegationDecision::Approve => "approve",
            DelegationDecision::Reject => "reject",
            DelegationDecision::Remove => "remove",
        }
    }
}

/// R-SAB-10: a partner may (re-)request unless a request waits or is approved.
pub fn request_delegation(current: Option<DelegationStatus>) -> Result<(), DelegationError> {
    match current {
        Some(DelegationStatus::Pending) => Err(DelegationError::AlreadyPending),
        Some(DelegationStatus::Approved) => Err(DelegationError::AlreadyApproved),
        _ => Ok(()),
    }
}

/// R-SAB-10: Approve / Reject a pending request, Remove an approved permission.
pub fn decide_delegation(
    current: DelegationStatus,
    decision: DelegationDecision,
) -> Result<DelegationStatus, DelegationError> {
    if !current.decisions().contains(&decision) {
        return Err(DelegationError::NotAllowed);
    }
    Ok(match decision {
        DelegationDecision::Approve => DelegationStatus::Approved,
        DelegationDecision::Reject => DelegationStatus::Rejected,
        DelegationDecision::Remove => DelegationStatus::Removed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use proptest::prelude::*;

    /// Forms send a decision by its code and pages read a status's code
    /// from the server's answer: both are the serde names.
    #[test]
    fn r_sab_10_delegation_codes_are_the_wire_names() {
        for d in [
            DelegationDecision::Approve,
            DelegationDecision::Reject,
            DelegationDecision::Remove,
        ] {
            assert_eq!(
                serde_json::to_string(&d).unwrap(),
                format!("\"{}\"", d.code())
            );
        }
        for s in DelegationStatus::ALL {
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.code())
            );
            assert_eq!(DelegationStatus::parse(s.code()), Some(s));
        }
    }

    fn balances(training: i64, planning: i64, converted: i64) -> ConversionBalances {
        ConversionBalances {
            training_remaining: training,
            planning_remaining: planning,
            planning_from_conversion: converted,
        }
    }

    #[test]
    fn r_sab_03_every_benefit_has_its_unit() {
        use BenefitUnit as U;
        let units: Vec<_> = BenefitKind::ALL.iter().map(|k| k.unit()).collect();
        assert_eq!(
            units,
            [
                U::Incidents,
                U::Incidents,
                U::Participants,
                U::DownloadsAvailable,
                U::Licenses,
                U::NotMeasured,
                U::DownloadsAvailable,
                U::PlanningDays,
                U::TrainingDays,
                U::DownloadsAvailable,
            ]
        );
        for k in BenefitKind::ALL {
            assert_eq!(BenefitKind::parse(k.code()), Some(k));
            // Only a measured benefit has a calculation (R-SAB-07).
            assert_eq!(k.licenses_per_unit().is_none(), k.unit() == U::NotMeasured);
        }
    }

    #[test]
    fn r_sab_07_amount_is_licenses_over_licenses_per_unit() {
        let c = calculate(BenefitKind::TrainingVouchers, 500).unwrap();
        assert_eq!((c.licenses, c.licenses_per_unit, c.amount), (500, 50, 10));
        assert_eq!(
            calculate(BenefitKind::TrainingVouchers, 549)
                .unwrap()
                .amount,
            10
        );
        assert_eq!(
            calculate(BenefitKind::PlanningServices, 500)
                .unwrap()
                .amount,
            5
        );
        assert_eq!(calculate(BenefitKind::DynamicsCustomerSource, 500), None);
        assert_eq!(calculate(BenefitKind::SupportPhone, -5).unwrap().amount, 0);
    }

    #[test]
    fn r_sab_02_expired_when_the_end_has_passed() {
        let end = Timestamp::from_ymd_hms(2026, 3, 1, 0, 0, 0).unwrap();
        assert!(is_expired(end, end));
        assert!(!is_expired(end, end.minus(crate::Span::seconds(1))));
    }

    #[test]
    fn r_sab_08_maximum_is_floor_of_training_days_over_three() {
        assert_eq!(max_conversion(&balances(10, 5, 0)), 3);
        assert_eq!(max_conversion(&balances(9, 0, 0)), 3);
        assert_eq!(max_conversion(&balances(2, 0, 0)), 0);
        assert_eq!(max_conversion(&balances(0, 0, 0)), 0);
    }

    #[test]
    fn r_sab_08_remaining_after_conversion() {
        let b = balances(10, 5, 0);
        let days = parse_conversion("3", &b).unwrap();
        assert_eq!(days.training_days(), 9);
        assert_eq!(convert(&b, days), balances(1, 8, 3));
        let one = parse_conversion(" 1 ", &b).unwrap();
        assert_eq!(convert(&b, one).training_remaining, 7);
    }

    #[test]
    fn r_sab_08_invalid_inputs_are_rejected_with_typed_errors() {
        let b = balances(10, 5, 0);
        let err = |s: &str| parse_conversion(s, &b).unwrap_err();
        assert_eq!(err(""), ConversionError::Empty);
        assert_eq!(err("   "), ConversionError::Empty);
        assert_eq!(err("0"), ConversionError::NotPositive);
        assert_eq!(err("-1"), ConversionError::NotPositive);
        assert_eq!(err("-0"), ConversionError::NotPositive);
        assert_eq!(err("1.5"), ConversionError::NotWholeNumber);
        assert_eq!(err("2.0"), ConversionError::NotWholeNumber);
        assert_eq!(err("1e2"), ConversionError::NotWholeNumber);
        assert_eq!(err("three"), ConversionError::NotWholeNumber);
        assert_eq!(err("-"), ConversionError::NotWholeNumber);
        assert_eq!(err("4"), ConversionError::AboveMaximum { max: 3 });
        assert_eq!(
            err("99999999999999999999999"),
            ConversionError::AboveMaximum { max: 3 }
        );
        assert_eq!(err("4").code(), "days_above_maximum");
        assert_eq!(err("1.5").code(), "days_not_whole");
        assert_eq!(err("0").code(), "days_not_positive");
        assert_eq!(err("").code(), "days_empty");
    }

    #[test]
    fn r_sab_09_reversal_is_bounded_by_unused_converted_days() {
        // Nothing converted: nothing to reverse, even with planning days left.
        assert_eq!(max_reversal(&balances(10, 5, 0)), 0);
        assert_eq!(
            parse_reversal("1", &balances(10, 5, 0)),
            Err(ConversionError::AboveMaximum { max: 0 })
        );
        // 3 converted, all unused.
        assert_eq!(max_reversal(&balances(1, 8, 3)), 3);
        // 3 converted but only 2 planning days remain.
        assert_eq!(max_reversal(&balances(1, 2, 3)), 2);
        let b = balances(1, 8, 3);
        let days = parse_reversal("1", &b).unwrap();
        assert_eq!(reverse(&b, days), balances(4, 7, 2));
        assert_eq!(
            parse_reversal("4", &b),
            Err(ConversionError::AboveMaximum { max: 3 })
        );
    }

    #[test]
    fn r_sab_06_eligible_domain_check_names_the_allowed_domains() {
        let domains = vec![
            DomainName::parse("contoso.com").unwrap(),
            DomainName::parse("fabrikam.com").unwrap(),
        ];
        let ok = Email::parse("ann@contoso.com").unwrap();
        let bad = Email::parse("ann@gmail.com").unwrap();
        assert_eq!(
            check_eligible_email(BenefitKind::HomeUseProgram, &ok, &domains),
            Ok(())
        );
        let e = check_eligible_email(BenefitKind::HomeUseProgram, &bad, &domains).unwrap_err();
        assert_eq!(
            e,
            BenefitUserError::DomainNotEligible {
                allowed: vec!["contoso.com".into(), "fabrikam.com".into()]
            }
        );
        assert_eq!(e.code(), "email_domain_not_eligible");
        // 24x7 support names no domains.
        assert_eq!(
            check_eligible_email(BenefitKind::SupportPhone, &bad, &domains),
            Ok(())
        );
        assert_eq!(
            check_eligible_email(BenefitKind::TrainingVouchers, &ok, &domains),
            Err(BenefitUserError::NoUsers)
        );
    }

    #[test]
    fn r_sab_05_only_per_person_units_are_consumed_by_users() {
        assert!(BenefitKind::ELearning.user_consumes_unit());
        assert!(!BenefitKind::SupportPhone.user_consumes_unit());
        assert!(BenefitKind::SupportPhone.has_users());
        assert!(!BenefitKind::PlanningServices.has_users());
    }

    #[test]
    fn r_sab_10_delegation_lifecycle() {
        use DelegationDecision as D;
        use DelegationStatus as S;
        assert_eq!(request_delegation(None), Ok(()));
        assert_eq!(request_delegation(Some(S::Rejected)), Ok(()));
        assert_eq!(request_delegation(Some(S::Removed)), Ok(()));
        assert_eq!(
            request_delegation(Some(S::Pending)),
            Err(DelegationError::AlreadyPending)
        );
        assert_eq!(
            request_delegation(Some(S::Approved)),
            Err(DelegationError::AlreadyApproved)
        );
        assert_eq!(decide_delegation(S::Pending, D::Approve), Ok(S::Approved));
        assert_eq!(decide_delegation(S::Pending, D::Reject), Ok(S::Rejected));
        assert_eq!(decide_delegation(S::Approved, D::Remove), Ok(S::Removed));
        assert_eq!(
            decide_delegation(S::Pending, D::Remove),
            Err(DelegationError::NotAllowed)
        );
        assert_eq!(
            decide_delegation(S::Removed, D::Approve),
            Err(DelegationError::NotAllowed)
        );
        for s in S::ALL {
            assert_eq!(S::parse(s.code()), Some(s));
        }
    }

    #[test]
    fn r_sab_11_voucher_days_are_whole_positive_and_at_most_remaining() {
        assert_eq!(parse_voucher_days("3", 10).map(|d| d.get()), Ok(3));
        assert_eq!(parse_voucher_days(" 10 ", 10).map(|d| d.get()), Ok(10));
        let err = |s: &str, max: i64| parse_voucher_days(s, max).unwrap_err();
        assert_eq!(err("", 10), ConversionError::Empty);
        assert_eq!(err("0", 10), ConversionError::NotPositive);
        assert_eq!(err("-2", 10), ConversionError::NotPositive);
        assert_eq!(err("1.5", 10), ConversionError::NotWholeNumber);
        assert_eq!(err("two", 10), ConversionError::NotWholeNumber);
        assert_eq!(err("11", 10), ConversionError::AboveMaximum { max: 10 });
        assert_eq!(err("1", 0), ConversionError::AboveMaximum { max: 0 });
        assert_eq!(err("1", -3), ConversionError::AboveMaximum { max: 0 });
        assert_eq!(err("11", 10).code(), "days_above_maximum");
    }

    #[test]
    fn r_sab_11_voucher_recipient_must_be_in_an_eligible_domain() {
        let domains = vec![DomainName::parse("contoso.com").unwrap()];
        let ok = Email::parse("ann@contoso.com").unwrap();
        let bad = Email::parse("ann@gmail.com").unwrap();
        assert_eq!(check_voucher_email(&ok, &domains), Ok(()));
        let e = check_voucher_email(&bad, &domains).unwrap_err();
        assert_eq!(e.code(), "email_domain_not_eligible");
        assert_eq!(
            e,
            BenefitUserError::DomainNotEligible {
                allowed: vec!["contoso.com".into()]
            }
        );
        // No domains at all: nobody is eligible.
        assert!(check_voucher_email(&ok, &[]).is_err());
        assert_eq!(voucher_code(42), "TV-000042");
        assert_eq!(VoucherError::AlreadyRevoked.code(), "voucher_revoked");
        assert_eq!(
            VoucherError::NotTrainingVouchers.code(),
            "voucher_wrong_benefit"
        );
    }

    proptest! {
        /// R-SAB-11: an accepted number of voucher days never overdraws the balance.
        #[test]
        fn r_sab_11_voucher_days_never_overdraw(remaining in 0i64..1_000, input in "[-+0-9.]{0,6}") {
            if let Ok(d) = parse_voucher_days(&input, remaining) {
                prop_assert!(d.get() >= 1 && d.get() <= remaining);
            }
        }

        /// R-SAB-08 R-SAB-09: converting n then reversing n restores both balances.
        #[test]
        fn r_sab_09_convert_then_reverse_is_identity(
            training in 0i64..10_000,
            planning in 0i64..10_000,
            converted in 0i64..100,
            n in 1i64..4_000,
        ) {
            let b = balances(training, planning, converted.min(planning));
            match parse_conversion(&n.to_string(), &b) {
                Ok(days) => {
                    let after = convert(&b, days);
                    prop_assert!(after.training_remaining >= 0);
                    prop_assert_eq!(after.training_remaining, training - 3 * n);
                    let back = parse_reversal(&n.to_string(), &after).expect("what was converted can go back");
                    prop_assert_eq!(reverse(&after, back), b);
                }
                Err(e) => prop_assert_eq!(e, ConversionError::AboveMaximum { max: training / 3 }),
            }
        }

        /// R-SAB-08: no accepted input ever makes the training balance negative.
        #[test]
        fn r_sab_08_never_negative(training in 0i64..1_000, input in "[-+0-9.]{0,6}") {
            let b = balances(training, 0, 0);
            if let Ok(days) = parse_conversion(&input, &b) {
                prop_assert!(days.get() >= 1);
                prop_assert!(convert(&b, days).training_remaining >= 0);
            }
        }
    }
}
