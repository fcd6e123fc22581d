//! Submitting a cart (R-SUB-03): the order is the cart that was reviewed,
//! once per idempotency key; attestation, the indirect reseller, and the
//! additional resellers allowed in EU/EFTA countries; the currency a
//! customer is billed in.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::money::Currency;
use crate::software_views::SoftwareCartLine;
use crate::subscription_views::CartLineView;

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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", into = "String")]
pub struct ResellerId(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ResellerIdError {
    #[error("a Partner ID is 6 to 10 digits")]
    Invalid,
}

crate::error_codes! {
    ResellerIdError {
        Self::Invalid => "reseller_id_invalid",
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// The cart is not the one that was reviewed (another tab changed it).
    #[error("the cart changed since it was reviewed")]
    CartChanged,
    /// The idempotency key was first used for another customer or cart.
    #[error("this idempotency key was used for another order")]
    KeyReused,
}

crate::error_codes! {
    OrderError {
        Self::EmptyCart => "order_empty",
        Self::NotAttested => "order_not_attested",
        Self::ResellersOutsideEu => "order_resellers_outside_eu",
        Self::TooManyResellers { .. } => "order_too_many_resellers",
        Self::InitialResellerMissing => "order_initial_reseller_missing",
        Self::DuplicateReseller => "order_duplicate_reseller",
        Self::CartChanged => "order_cart_changed",
        Self::KeyReused => "order_key_reused",
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

/// The fingerprint of a cart's lines as the review shows them (R-SUB-03):
/// SHA-256, in hex, over each subscription line's offer, term, billing
/// frequency, seats and first charge, then each software line's product,
/// quantity and total (R-SW-01), in cart order. Line ids and names are left
/// out: the same contents are the same order.
pub fn lines_digest(lines: &[CartLineView], software: &[SoftwareCartLine]) -> String {
    let mut hash = Sha256::new();
    for l in lines {
        // Unit and record separators: no offer id or code contains them.
        let line = format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1e}",
            l.offer_id,
            l.term.code(),
            l.frequency.code(),
            l.seats,
            l.first_charge.minor,
            l.first_charge.currency.code(),
        );
        hash.update(line.as_bytes());
    }
    for l in software {
        let line = format!(
            "software\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1e}",
            l.product_id,
            l.quantity,
            l.total.minor,
            l.total.currency.code(),
        );
        hash.update(line.as_bytes());
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The order submitted is the cart that was reviewed: `reviewed` is the
/// [`lines_digest`] of the cart the review showed, `current` and
/// `software` the cart now.
pub fn check_reviewed(
    reviewed: &str,
    current: &[CartLineView],
    software: &[SoftwareCartLine],
) -> Result<(), OrderError> {
    if lines_digest(current, software) != reviewed {
        return Err(OrderError::CartChanged);
    }
    Ok(())
}

/// What an idempotency key was used for: the customer and the
/// [`lines_digest`] of the reviewed cart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyUse<'a> {
    pub customer_id: i64,
    pub lines: &'a str,
}

/// A key sent again answers with the order it first placed only for the
/// same customer and the same reviewed lines (R-SUB-03); for anything else
/// it is refused, never answered with another customer's or cart's order.
pub fn check_key_reuse(first: KeyUse<'_>, again: KeyUse<'_>) -> Result<(), OrderError> {
    if first != again {
        return Err(OrderError::KeyReused);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{BillingFrequency, Term};
    use crate::money::Money;
    use crate::ErrorCode;

    fn cart_line(id: i64, offer: &str, seats: u32, charge: i64) -> CartLineView {
        CartLineView {
            id,
            offer_id: offer.into(),
            name: format!("{offer} name"),
            term: Term::P1Y,
            frequency: BillingFrequency::Monthly,
            seats,
            first_charge: Money::new(charge, Currency::Twd),
            addon_rule: None,
        }
    }

    #[test]
    fn r_sub_03_the_lines_digest_is_sha256_of_the_reviewed_contents() {
        // Worked out with `printf 'a\x1fP1Y\x1fmonthly\x1f1\x1f100\x1fTWD\x1e' | sha256sum`.
        assert_eq!(
            lines_digest(&[cart_line(1, "a", 1, 100)], &[]),
            "6ced7784f35904fd6266bdb9766fbe8ba35e66eacba86b1f577a5f808bdaa937"
        );
        // R-SW-01: software lines follow the subscription lines, worked out
        // with `printf 'a\x1fP1Y\x1fmonthly\x1f1\x1f100\x1fTWD\x1esoftware\x1f
        // sql-server-2022-standard-perpetual\x1f2\x1f5000000\x1fTWD\x1e' | sha256sum`.
        let sql = SoftwareCartLine {
            id: 3,
            product_id: "sql-server-2022-standard-perpetual".into(),
            name: "SQL Server 2022 Standard".into(),
            license: crate::software::SoftwareLicense::Perpetual,
            quantity: 2,
            unit_price: Money::new(2_500_000, Currency::Twd),
            total: Money::new(5_000_000, Currency::Twd),
        };
        assert_eq!(
            lines_digest(&[cart_line(1, "a", 1, 100)], &[sql]),
            "66c5bd7077860fe593ae4cd2661bcae3a377ec293ac2a0f6c977821c3fbcb926"
        );
        // The empty cart: SHA-256 of nothing.
        assert_eq!(
            lines_digest(&[], &[]),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn r_sub_03_the_order_is_the_cart_that_was_reviewed() {
        let reviewed = vec![cart_line(5, "m365-business-basic", 1, 186)];
        let digest = lines_digest(&reviewed, &[]);
        assert_eq!(check_reviewed(&digest, &reviewed, &[]), Ok(()));
        // The same contents under new line ids are the same order.
        assert_eq!(
            check_reviewed(&digest, &[cart_line(9, "m365-business-basic", 1, 186)], &[]),
            Ok(())
        );
        // Another tab added a line, changed a quantity, or a price changed.
        let mut added = reviewed.clone();
        added.push(cart_line(6, "o365-e1", 1, 250));
        for changed in [
            added,
            vec![cart_line(5, "m365-business-basic", 2, 372)],
            vec![cart_line(5, "m365-business-basic", 1, 187)],
            vec![],
        ] {
            assert_eq!(
                check_reviewed(&digest, &changed, &[]),
                Err(OrderError::CartChanged)
            );
        }
        // Order matters: a digest of [A, B] is not one of [B, A].
        let (a, b) = (cart_line(1, "a", 1, 1), cart_line(2, "b", 1, 1));
        assert_ne!(
            lines_digest(&[a.clone(), b.clone()], &[]),
            lines_digest(&[b, a], &[])
        );
        assert_eq!(OrderError::CartChanged.code(), "order_cart_changed");
    }

    #[test]
    fn r_sub_03_a_reused_key_answers_only_for_the_same_customer_and_lines() {
        let first = KeyUse {
            customer_id: 7,
            lines: "abc",
        };
        assert_eq!(check_key_reuse(first, first), Ok(()));
        for again in [
            KeyUse {
                customer_id: 8,
                ..first
            },
            KeyUse {
                lines: "abd",
                ..first
            },
        ] {
            assert_eq!(check_key_reuse(first, again), Err(OrderError::KeyReused));
        }
        assert_eq!(OrderError::KeyReused.code(), "order_key_reused");
    }

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
