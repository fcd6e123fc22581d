//! Submitting a cart (R-SUB-03): attestation, the indirect reseller, and the
//! additional resellers allowed in EU/EFTA countries; the currency a customer
//! is billed in.

use serde::{Deserialize, Serialize};

use crate::money::Currency;
use crate::ErrorCode;

/// At most this many additional resellers on one order (R-SUB-03).
pub const MAX_ADDITIONAL_RESELLERS: usize = 5;

/// EU member states and EFTA countries (ISO 3166-1 alpha-2).
const EU_EFTA: &[&str] = &[
    "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
    "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
];

pub fn is_eu_efta(country: &str) -> bool {
    EU_EFTA.contains(&country)
}

/// The currency a customer in `country` is billed in (decision: TWD in
/// Taiwan, AUD in Australia, EUR in the EU/EFTA, USD elsewhere).
pub fn currency_for_country(country: &str) -> Currency {
    match country {
        "TW" => Currency::Twd,
        "AU" => Currency::Aud,
        c if is_eu_efta(c) => Currency::Eur,
        _ => Currency::Usd,
    }
}

/// A reseller's Partner ID: 6 to 10 digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ResellerId(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum ResellerIdError {
    #[error("a Partner ID is 6 to 10 digits")]
    Invalid,
}

impl ErrorCode for ResellerIdError {
    fn code(&self) -> &'static str {
        "reseller_id_invalid"
    }
}

impl ResellerId {
    pub fn parse(s: &str) -> Result<ResellerId, ResellerIdError> {
        let s = s.trim();
        if (6..=10).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(ResellerId(s.to_string()))
        } else {
            Err(ResellerIdError::Invalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

validated_string!(ResellerId, ResellerIdError);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum OrderError {
    #[error("the cart is empty")]
    EmptyCart,
    #[error("confirm the attestation before submitting")]
    NotAttested,
    #[error("additional resellers are only declared in EU/EFTA countries")]
    ResellersOutsideEu,
    #[error("at most {max} additional resellers")]
    TooManyResellers { max: usize },
    #[error("declare the initial reseller first")]
    InitialResellerMissing,
    #[error("a reseller is listed twice")]
    DuplicateReseller,
}

impl ErrorCode for OrderError {
    fn code(&self) -> &'static str {
        match self {
            Self::EmptyCart => "order_empty",
            Self::NotAttested => "order_not_attested",
            Self::ResellersOutsideEu => "order_resellers_outside_eu",
            Self::TooManyResellers { .. } => "order_too_many_resellers",
            Self::InitialResellerMissing => "order_initial_reseller_missing",
            Self::DuplicateReseller => "order_duplicate_reseller",
        }
    }
}

/// Checks the additional resellers of an order for a customer in `country`
/// (R-SUB-03): EU/EFTA only, the initial reseller first, at most five, no
/// repeats. Each ID is parsed by [`ResellerId::parse`] before this.
pub fn check_additional_resellers(
    country: &str,
    initial: Option<&ResellerId>,
    additional: &[ResellerId],
) -> Result<(), OrderError> {
    if additional.is_empty() {
        return Ok(());
    }
    if !is_eu_efta(country) {
        return Err(OrderError::ResellersOutsideEu);
    }
    let Some(initial) = initial else {
        return Err(OrderError::InitialResellerMissing);
    };
    if additional.len() > MAX_ADDITIONAL_RESELLERS {
        return Err(OrderError::TooManyResellers {
            max: MAX_ADDITIONAL_RESELLERS,
        });
    }
    for (i, r) in additional.iter().enumerate() {
        if r == initial || additional[..i].contains(r) {
            return Err(OrderError::DuplicateReseller);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<ResellerId> {
        (0..n)
            .map(|i| ResellerId::parse(&format!("70000{i:02}")).unwrap())
            .collect()
    }

    #[test]
    fn r_sub_03_reseller_ids_are_validated() {
        assert!(ResellerId::parse("1234567").is_ok());
        assert_eq!(ResellerId::parse("12345"), Err(ResellerIdError::Invalid));
        assert_eq!(ResellerId::parse("12a4567"), Err(ResellerIdError::Invalid));
    }

    #[test]
    fn r_sub_03_up_to_five_additional_resellers_in_eu_efta() {
        let initial = ResellerId::parse("1000001").unwrap();
        assert_eq!(
            check_additional_resellers("DE", Some(&initial), &ids(5)),
            Ok(())
        );
        assert_eq!(
            check_additional_resellers("DE", Some(&initial), &ids(6)),
            Err(OrderError::TooManyResellers { max: 5 })
        );
        assert_eq!(
            check_additional_resellers("TW", Some(&initial), &ids(1)),
            Err(OrderError::ResellersOutsideEu)
        );
        assert_eq!(
            check_additional_resellers("NO", None, &ids(1)),
            Err(OrderError::InitialResellerMissing)
        );
        let mut twice = ids(2);
        twice.push(twice[0].clone());
        assert_eq!(
            check_additional_resellers("CH", Some(&initial), &twice),
            Err(OrderError::DuplicateReseller)
        );
        assert_eq!(check_additional_resellers("TW", None, &[]), Ok(()));
    }

    #[test]
    fn customers_are_billed_in_their_market_currency() {
        assert_eq!(currency_for_country("TW"), Currency::Twd);
        assert_eq!(currency_for_country("AU"), Currency::Aud);
        assert_eq!(currency_for_country("DE"), Currency::Eur);
        assert_eq!(currency_for_country("US"), Currency::Usd);
    }
}
