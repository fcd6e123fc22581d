//! The common shape of error codes: every code the portal answers with is a
//! variant of a typed enum, and every such enum lists its codes, so the UI's
//! texts can be checked against all of them (a new code without a text
//! fails a test instead of showing a generic message).

use crate::account::{CountryError, PasswordError, PersonNameError};
use crate::addon::AttachError;
use crate::agreement::{AgreementNumberError, PurchasingAccountNumberError};
use crate::api_token::ApiTokenError;
use crate::benefits::{BenefitUserError, ConversionError, DelegationError, VoucherError};
use crate::catalog::{AddonError, BaseChangeError, OfferError};
use crate::domain_name::DomainNameError;
use crate::email::EmailError;
use crate::invitation::InvitationError;
use crate::mpn::MpnError;
use crate::orders::{OrderError, ResellerIdError};
use crate::preview::PreviewError;
use crate::processing::ProcessingError;
use crate::renewal::RenewalChangeError;
use crate::roles::RoleGrantError;
use crate::seats::{CancelError, SeatChangeError, SeatsError, StatusError};
use crate::software::{ActivityRangeError, SoftwareCancelError, SoftwareError};
use crate::support::{SupportAnswerError, SupportRequestError};
use crate::test_clock::ClockAdvanceError;
use crate::transfer::TransferError;
use crate::trial::TrialConversionError;
use crate::upgrade::UpgradeError;

/// Every error has a stable machine code (snake_case, e.g. `"email_invalid"`).
///
/// The UI's i18n tables and the API are keyed by this code rather than by the
/// English `Display` text, so wording can change without breaking either.
/// Implement it with [`error_codes!`](crate::error_codes) (an error enum) or
/// [`codes!`](crate::codes) (a plain list of codes): both write `code` and
/// `CODES` from one table, so neither can miss a variant.
pub trait ErrorCode {
    /// Every code this type can return.
    const CODES: &'static [&'static str];

    /// The stable snake_case code of this error.
    fn code(&self) -> &'static str;
}

/// Implements [`ErrorCode`] for an error enum from its variants' patterns
/// and codes (`Self::TooMany { .. } => "seats_too_many",`). The match is
/// exhaustive, so a new variant needs a code, and the code is in `CODES`.
#[macro_export]
macro_rules! error_codes {
    ($ty:ident { $($pattern:pat => $code:literal,)+ }) => {
        impl $crate::ErrorCode for $ty {
            const CODES: &'static [&'static str] = &[$($code),+];

            fn code(&self) -> &'static str {
                match self {
                    $($pattern => $code,)+
                }
            }
        }
    };
}

/// A fieldless enum of codes (`Variant => "code",`) with `ALL` and
/// [`ErrorCode`]: the codes a layer above the rules answers with itself.
#[macro_export]
macro_rules! codes {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident { $($(#[$variant_meta:meta])* $variant:ident => $code:literal,)+ }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$variant_meta])* $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
        }

        impl $crate::ErrorCode for $name {
            const CODES: &'static [&'static str] = &[$($code),+];

            fn code(&self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }
        }
    };
}

/// Every error type of the rules crate with its codes (a test checks that
/// none is missing).
pub const ERROR_TYPES: &[(&str, &[&str])] = &[
    ("PersonNameError", PersonNameError::CODES),
    ("PasswordError", PasswordError::CODES),
    ("CountryError", CountryError::CODES),
    ("AgreementNumberError", AgreementNumberError::CODES),
    (
        "PurchasingAccountNumberError",
        PurchasingAccountNumberError::CODES,
    ),
    ("ConversionError", ConversionError::CODES),
    ("BenefitUserError", BenefitUserError::CODES),
    ("VoucherError", VoucherError::CODES),
    ("DelegationError", DelegationError::CODES),
    ("OfferError", OfferError::CODES),
    ("AddonError", AddonError::CODES),
    ("AttachError", AttachError::CODES),
    ("BaseChangeError", BaseChangeError::CODES),
    ("DomainNameError", DomainNameError::CODES),
    ("EmailError", EmailError::CODES),
    ("InvitationError", InvitationError::CODES),
    ("ResellerIdError", ResellerIdError::CODES),
    ("OrderError", OrderError::CODES),
    ("PreviewError", PreviewError::CODES),
    ("ProcessingError", ProcessingError::CODES),
    ("RoleGrantError", RoleGrantError::CODES),
    ("SeatsError", SeatsError::CODES),
    ("SeatChangeError", SeatChangeError::CODES),
    ("CancelError", CancelError::CODES),
    ("StatusError", StatusError::CODES),
    ("ClockAdvanceError", ClockAdvanceError::CODES),
    ("TrialConversionError", TrialConversionError::CODES),
    ("UpgradeError", UpgradeError::CODES),
    ("RenewalChangeError", RenewalChangeError::CODES),
    ("TransferError", TransferError::CODES),
    ("SoftwareError", SoftwareError::CODES),
    ("SoftwareCancelError", SoftwareCancelError::CODES),
    ("ActivityRangeError", ActivityRangeError::CODES),
    ("SupportRequestError", SupportRequestError::CODES),
    ("SupportAnswerError", SupportAnswerError::CODES),
    ("MpnError", MpnError::CODES),
    ("ApiTokenError", ApiTokenError::CODES),
];

/// Every code of the rules crate.
pub fn all_codes() -> impl Iterator<Item = &'static str> {
    ERROR_TYPES
        .iter()
        .flat_map(|(_, codes)| codes.iter().copied())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    /// The names of the types the crate's sources implement `ErrorCode`
    /// for, by either macro or by hand.
    fn implementors(dir: &Path, names: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).expect("the sources are readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                implementors(&path, names);
                continue;
            }
            let source = std::fs::read_to_string(&path).expect("a source file");
            for marker in ["crate::error_codes! {", "impl ErrorCode for "] {
                for (at, _) in source.match_indices(marker) {
                    let name: String = source[at + marker.len()..]
                        .trim_start()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    names.insert(name);
                }
            }
        }
    }

    /// A new error type cannot be forgotten in [`ERROR_TYPES`] (and so in the
    /// UI's texts).
    #[test]
    fn every_error_type_is_listed() {
        let mut found = BTreeSet::new();
        implementors(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut found,
        );
        // The markers written in this test.
        found.remove("");
        let listed: BTreeSet<String> = ERROR_TYPES.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(found, listed);
    }

    #[test]
    fn codes_are_snake_case_and_each_type_lists_a_code_once() {
        for (name, codes) in ERROR_TYPES {
            let unique: BTreeSet<_> = codes.iter().collect();
            assert_eq!(unique.len(), codes.len(), "{name} lists a code twice");
            for code in *codes {
                assert!(
                    !code.is_empty() && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                    "{name}: {code}"
                );
            }
        }
    }

    /// The macro's `code` and `CODES` agree: every variant's code is listed.
    #[test]
    fn a_variants_code_is_in_its_types_list() {
        assert!(SeatsError::CODES.contains(&SeatsError::TooMany { max: 1 }.code()));
        assert!(OfferError::CODES.contains(&OfferError::AlreadyHeld { suspended: true }.code()));
        assert_eq!(
            OfferError::AlreadyHeld { suspended: false }.code(),
            "offer_already_held"
        );
    }
}
