//! Agreement and purchasing account numbers (R-ORG-01, R-ORG-02, R-ORG-04).
//!
//! These numbers are typed by people into the public resend form, so they are
//! validated strictly and kept as strings: leading zeros are significant.

/// An MPSA agreement number: exactly 10 ASCII digits (R-ORG-01).
///
/// Surrounding whitespace is trimmed, but inner spaces or dashes are rejected
/// rather than stripped, so a number is only ever written one way.
#[derive(
    Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", into = "String")]
pub struct AgreementNumber(String);

/// Why an agreement number was rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AgreementNumberError {
    #[error("the agreement number is empty")]
    Empty,
    #[error("the agreement number must be exactly 10 digits")]
    Invalid,
}

crate::error_codes! {
    AgreementNumberError {
        Self::Empty => "agreement_number_empty",
        Self::Invalid => "agreement_number_invalid",
    }
}

const AGREEMENT_DIGITS: usize = 10;

impl AgreementNumber {
    /// Trims, then requires exactly 10 ASCII digits.
    pub fn parse(s: &str) -> Result<AgreementNumber, AgreementNumberError> {
        let s = s.trim();
        if s.is_empty() {
            Err(AgreementNumberError::Empty)
        } else if is_digits(s, AGREEMENT_DIGITS..=AGREEMENT_DIGITS) {
            Ok(Self(s.to_owned()))
        } else {
            Err(AgreementNumberError::Invalid)
        }
    }

    /// The 10 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

validated_string!(AgreementNumber, AgreementNumberError);

/// A purchasing account number under an agreement (R-ORG-01).
///
/// The specification only says "a number"; 6 to 12 ASCII digits is a decision
/// that covers real account numbers while catching typos and pasted garbage.
#[derive(
    Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", into = "String")]
pub struct PurchasingAccountNumber(String);

/// Why a purchasing account number was rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PurchasingAccountNumberError {
    #[error("the purchasing account number is empty")]
    Empty,
    #[error("the purchasing account number must be 6 to 12 digits")]
    Invalid,
}

crate::error_codes! {
    PurchasingAccountNumberError {
        Self::Empty => "purchasing_account_number_empty",
        Self::Invalid => "purchasing_account_number_invalid",
    }
}

const PURCHASING_ACCOUNT_DIGITS: std::ops::RangeInclusive<usize> = 6..=12;

impl PurchasingAccountNumber {
    /// Trims, then requires 6 to 12 ASCII digits.
    pub fn parse(s: &str) -> Result<PurchasingAccountNumber, PurchasingAccountNumberError> {
        let s = s.trim();
        if s.is_empty() {
            Err(PurchasingAccountNumberError::Empty)
        } else if is_digits(s, PURCHASING_ACCOUNT_DIGITS) {
            Ok(Self(s.to_owned()))
        } else {
            Err(PurchasingAccountNumberError::Invalid)
        }
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

validated_string!(PurchasingAccountNumber, PurchasingAccountNumberError);

/// Only ASCII digits count: `char::is_numeric` would also let through
/// Arabic-Indic or full-width digits that no record contains.
fn is_digits(s: &str, len: std::ops::RangeInclusive<usize>) -> bool {
    len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::deserialize_string;
    use crate::ErrorCode;
    use proptest::prelude::*;

    #[test]
    fn r_org_01_agreement_number_is_ten_digits() {
        let n = AgreementNumber::parse(" 0123456789 ").unwrap();
        assert_eq!(n.as_str(), "0123456789");
        assert_eq!(n.to_string(), "0123456789");
        assert_eq!(AgreementNumber::parse(""), Err(AgreementNumberError::Empty));
        assert_eq!(
            AgreementNumber::parse("  "),
            Err(AgreementNumberError::Empty)
        );
        for bad in [
            "123456789",
            "12345678901",
            "01234-56789",
            "01234 56789",
            "012345678a",
            "０１２３４５６７８９",
            "+123456789",
        ] {
            assert_eq!(
                AgreementNumber::parse(bad),
                Err(AgreementNumberError::Invalid),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn r_org_01_purchasing_account_number_is_6_to_12_digits() {
        assert!(PurchasingAccountNumber::parse("123456").is_ok());
        assert!(PurchasingAccountNumber::parse("123456789012").is_ok());
        assert_eq!(
            PurchasingAccountNumber::parse(" 00042424 ")
                .unwrap()
                .as_str(),
            "00042424"
        );
        assert_eq!(
            PurchasingAccountNumber::parse(""),
            Err(PurchasingAccountNumberError::Empty)
        );
        for bad in ["12345", "1234567890123", "12-3456", "abcdef"] {
            assert_eq!(
                PurchasingAccountNumber::parse(bad),
                Err(PurchasingAccountNumberError::Invalid),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn r_org_01_numbers_validate_through_serde_and_have_codes() {
        assert!(deserialize_string::<AgreementNumber>("12345").is_err());
        let n: AgreementNumber = deserialize_string("1234567890").unwrap();
        assert_eq!(String::from(n), "1234567890");
        let p: PurchasingAccountNumber = deserialize_string("4242424").unwrap();
        assert_eq!(p.as_str(), "4242424");
        assert_eq!(AgreementNumberError::Empty.code(), "agreement_number_empty");
        assert_eq!(
            AgreementNumberError::Invalid.code(),
            "agreement_number_invalid"
        );
        assert_eq!(
            PurchasingAccountNumberError::Empty.code(),
            "purchasing_account_number_empty"
        );
        assert_eq!(
            PurchasingAccountNumberError::Invalid.code(),
            "purchasing_account_number_invalid"
        );
    }

    proptest! {
        #[test]
        fn r_org_01_any_ten_digits_parse(s in "[0-9]{10}") {
            let parsed = AgreementNumber::parse(&s);
            prop_assert_eq!(parsed.as_ref().map(AgreementNumber::as_str), Ok(s.as_str()));
        }

        #[test]
        fn r_org_01_other_lengths_do_not_parse(s in "[0-9]{1,30}") {
            prop_assume!(s.len() != 10);
            prop_assert_eq!(AgreementNumber::parse(&s), Err(AgreementNumberError::Invalid));
        }

        #[test]
        fn r_org_01_a_non_digit_does_not_parse(
            digits in "[0-9]{10}",
            pos in 0usize..10,
            c in any::<char>().prop_filter("non-digit", |c| !c.is_ascii_digit()),
        ) {
            let mut s: Vec<char> = digits.chars().collect();
            s[pos] = c;
            let s: String = s.into_iter().collect();
            prop_assert_eq!(AgreementNumber::parse(&s), Err(AgreementNumberError::Invalid));
        }

        #[test]
        fn r_org_01_purchasing_account_length_rule(s in "[0-9]{1,20}") {
            prop_assert_eq!(
                PurchasingAccountNumber::parse(&s).is_ok(),
                (6..=12).contains(&s.len())
            );
        }
    }
}
