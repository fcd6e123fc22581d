//! Business Center rules: validated types and pure functions shared by the
//! browser (wasm32) and the server.
//!
//! Keeping the rules here means the form in the browser and the handler on the
//! server reject exactly the same input with the same error code. For that to
//! work on both targets this crate does no I/O, never reads the clock ("now" is
//! always a parameter) and uses no randomness.
//!
//! Rule IDs such as R-ORG-07 refer to the product specification.
#![forbid(unsafe_code)]

/// The shared plumbing of a validated string newtype (`struct T(String)` with
/// `T::parse(&str) -> Result<T, E>`): conversions for serde's
/// `try_from`/`into`, `Display`, `FromStr` and `AsRef<str>`, so every such type
/// validates the same way however it is built.
macro_rules! validated_string {
    ($ty:ident, $err:ty) => {
        impl TryFrom<String> for $ty {
            type Error = $err;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }

        impl From<$ty> for String {
            fn from(v: $ty) -> String {
                v.0
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $ty {
            type Err = $err;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

pub mod account;
pub mod addon;
pub mod agreement;
pub mod api_token;
pub mod benefit_views;
pub mod benefits;
pub mod catalog;
pub mod delivery;
pub mod domain_name;
pub mod email;
pub mod error;
pub mod field_error;
pub mod invitation;
pub mod money;
pub mod mpn;
pub mod mpn_views;
pub mod operations_views;
pub mod orders;
pub mod paging;
pub mod preview;
pub mod processing;
pub mod rate_limit;
pub mod renewal;
pub mod roles;
pub mod seats;
pub mod software;
pub mod software_views;
pub mod subscription_views;
pub mod support;
pub mod support_views;
pub mod test_clock;
pub mod time;
pub mod transfer;
pub mod transfer_views;
pub mod trial;
pub mod upgrade;
pub mod views;

pub use account::{
    parse_new_password, Country, CountryError, Language, Password, PasswordError, PersonName,
    PersonNameError,
};
pub use addon::{
    check_addon_status, plan_addon, plan_cancel_with_addons, AddonPlan, AttachError,
    BaseCancelPlan, TiedAddon,
};
pub use agreement::{
    AgreementNumber, AgreementNumberError, PurchasingAccountNumber, PurchasingAccountNumberError,
};
pub use catalog::{
    addon_bounds, base_licenses, check_addon_quantity, check_base_change, check_seat_change_bounds,
    AddonError, AddonRule, BaseChangeError, BillingFrequency, BillingType, Catalog, Category,
    Holding, Offer, OfferError, OfferFilter, PaidOption, Publisher, Segment, Term, TermPrice,
    TRIAL_CONVERSION_TERMS, TRIAL_SEATS,
};
pub use domain_name::{DomainName, DomainNameError};
pub use email::{Email, EmailError};
pub use error::ErrorCode;
pub use field_error::FieldError;
pub use invitation::{
    check_invitation, invitation_expires_at, InvitationError, INVITATION_VALIDITY,
};
pub use money::{installment, portion, prorate, split, Currency, Money};
pub use orders::{
    check_additional_resellers, check_key_reuse, check_reviewed, currency_for_country, is_eu_efta,
    lines_digest, KeyUse, OrderError, ResellerId, ResellerIdError,
};
pub use preview::{check_commit, check_pin_version, Pin, PreviewError, PREVIEW_VALIDITY};
pub use processing::{Claim, Processing, ProcessingError, PROCESSING_LEASE};
pub use rate_limit::{
    RateLimit, ACCEPT_PER_CLIENT, ACCEPT_PER_TOKEN, LOGIN_PER_CLIENT, LOGIN_PER_EMAIL,
    RESEND_PER_CLIENT, RESEND_PER_EMAIL,
};
pub use renewal::{check_renewal_change, coterm_fits, parse_coterm, NextTerm, RenewalChangeError};
pub use roles::{
    can_edit_roles, can_grant, grantable_roles, keeps_top_role, permissions_for, permissions_of,
    top_role, validate_grant, validate_role_change, OrgKind, Permission, PermissionSet, Role,
    RoleGrantError,
};
pub use seats::{
    plan_cancel, plan_seat_change, Addition, CancelError, CancelPlan, Cycle, Period, SeatChange,
    SeatChangeError, SeatState, Seats, SeatsError, StatusError, SubscriptionStatus, Take,
    TermEndAction,
};
pub use software::{
    activity_range, cancel_days_left, credit_posted_at, key_shown_until, link_days_left,
    may_get_keys_and_downloads, order_cancel_days_left, plan_order_cancel, plan_software_cancel,
    tax_basis, ActivityKind, ActivityRangeError, BenefitSoftware, DownloadLink, Edition, Editions,
    FileType, LinkRefusal, LinkStatus, OrderCredit, ProductKey, SoftwareCancelError, SoftwareError,
    SoftwareLicense, SoftwareProduct, SoftwarePurchase, TaxBasis, ACTIVITY_MAX_DAYS,
    CANCEL_WINDOW_DAYS, KEY_SHOWN_FOR, LINK_LIFETIME, LINK_MAX_DOWNLOADS,
};
pub use time::{CivilDate, Span, Timestamp};
pub use transfer::{
    check_open, plan_line, plan_transfer, transfer_expires_at, Candidate, Chosen, TransferError,
    TransferLine, TransferPlan, TransferStatus, TRANSFER_VALIDITY,
};
pub use trial::{
    check_scheduled_conversion, plan_trial_conversion, plan_trial_conversion_into, TrialConversion,
    TrialConversionError,
};
pub use upgrade::{
    check_target, plan_upgrade, upgrade_credit, Destination, UpgradeError, UpgradeKind, UpgradePlan,
};

#[cfg(test)]
mod test_support {
    /// Deserialises `T` from a plain string value: enough to prove that serde
    /// goes through the validating `parse` without depending on serde_json.
    pub fn deserialize_string<T: serde::de::DeserializeOwned>(
        s: &str,
    ) -> Result<T, serde::de::value::Error> {
        use serde::de::IntoDeserializer;
        T::deserialize(s.to_owned().into_deserializer())
    }
}
