//! Money as integer minor units with a currency, and the one proration
//! function every charge and refund goes through (R-BIL-02).

use std::fmt;

use serde::{Deserialize, Serialize};

/// The currencies the catalog prices in. The minor unit follows ISO 4217;
/// JPY has none, so one "minor unit" there is one yen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Currency {
    #[serde(rename = "USD")]
    Usd,
    #[serde(rename = "EUR")]
    Eur,
    #[serde(rename = "TWD")]
    Twd,
    #[serde(rename = "AUD")]
    Aud,
    #[serde(rename = "JPY")]
    Jpy,
}

impl Currency {
    pub const ALL: [Currency; 5] = [
        Currency::Usd,
        Currency::Eur,
        Currency::Twd,
        Currency::Aud,
        Currency::Jpy,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
            Currency::Twd => "TWD",
            Currency::Aud => "AUD",
            Currency::Jpy => "JPY",
        }
    }

    pub fn parse(code: &str) -> Option<Currency> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    /// Digits after the decimal point.
    pub fn minor_digits(self) -> u32 {
        match self {
            Currency::Jpy => 0,
            _ => 2,
        }
    }
}

/// An amount in minor units (cents) of a currency. Negative amounts are
/// refunds and credits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub const fn new(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }

    pub const fn zero(currency: Currency) -> Money {
        Money { minor: 0, currency }
    }

    /// The amount as a plain decimal string without grouping, e.g. `"-12.50"`
    /// (CSV exports).
    pub fn decimal(self) -> String {
        let digits = self.currency.minor_digits();
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        if digits == 0 {
            return format!("{sign}{abs}");
        }
        let unit = 10u64.pow(digits);
        format!(
            "{sign}{}.{:0width$}",
            abs / unit,
            abs % unit,
            width = digits as usize
        )
    }
}

/// `USD 1,234.50`; the UI shows this form everywhere.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plain = self.decimal();
        let (sign, rest) = plain
            .strip_prefix('-')
            .map_or(("", plain.as_str()), |r| ("-", r));
        let (int, frac) = rest
            .split_once('.')
            .map_or((rest, None), |(i, f)| (i, Some(f)));
        let mut grouped = String::with_capacity(int.len() + int.len() / 3);
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        write!(f, "{} {sign}{grouped}", self.currency.code())?;
        if let Some(frac) = frac {
            write!(f, ".{frac}")?;
        }
        Ok(())
    }
}

/// `amount × numerator / denominator`, computed exactly in i128 and rounded
/// once, half away from zero, to a whole minor unit (R-BIL-02).
///
/// Every proration (an increase charged for the rest of a period, the used
/// part of a refund, a share of seats) goes through here. A zero or negative
/// denominator yields zero rather than a panic: there is no period to spread
/// over. The result saturates at the bounds of `i64`.
pub fn prorate(amount: i64, numerator: i64, denominator: i64) -> i64 {
    if denominator <= 0 {
        return 0;
    }
    let product = i128::from(amount) * i128::from(numerator);
    let d = i128::from(denominator);
    let quotient = product / d;
    let remainder = product % d;
    // |remainder| * 2 >= d  ⇔  the fraction is at least one half.
    let rounded = if remainder.abs() * 2 >= d {
        quotient + product.signum()
    } else {
        quotient
    };
    rounded.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

/// Splits `whole` into the part for `part_units` of `total_units` and the rest;
/// the two always add up to `whole` because the rest is a subtraction, not a
/// second rounding.
pub fn split(whole: i64, part_units: i64, total_units: i64) -> (i64, i64) {
    let part = prorate(whole, part_units.clamp(0, total_units.max(0)), total_units);
    (part, whole - part)
}

/// The portion of `whole` for units `[from, to)` of `total` units: the
/// difference of two cumulative roundings, `prorate(whole, to, total) −
/// prorate(whole, from, total)`. Consecutive portions add up to `whole`
/// exactly (rounding each on its own would not: twelve `prorate(1000, 1, 12)`
/// are 996), and each is within one minor unit of its exact share. Units
/// outside `[0, total]` are clamped into it.
pub fn portion(whole: i64, from: i64, to: i64, total: i64) -> i64 {
    let upto = |units: i64| prorate(whole, units.clamp(0, total.max(0)), total);
    upto(to) - upto(from)
}

/// Installment `index` (0-based) of `whole` paid in `count` installments
/// (R-BIL-02): the `count` installments add up to `whole` exactly, each is
/// the even share rounded down or up, and one past the end is zero.
pub fn installment(whole: i64, index: u32, count: u32) -> i64 {
    portion(
        whole,
        i64::from(index),
        i64::from(index) + 1,
        i64::from(count),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn r_bil_02_rounds_half_away_from_zero_once() {
        assert_eq!(prorate(1000, 1, 3), 333);
        assert_eq!(prorate(1000, 2, 3), 667);
        assert_eq!(prorate(5, 1, 2), 3); // 2.5 → 3
        assert_eq!(prorate(-5, 1, 2), -3); // -2.5 → -3
        assert_eq!(prorate(7, 1, 4), 2); // 1.75 → 2
        assert_eq!(prorate(9, 1, 4), 2); // 2.25 → 2
        assert_eq!(prorate(100, 0, 30), 0);
        assert_eq!(prorate(100, 30, 30), 100);
        assert_eq!(prorate(100, 5, 0), 0);
    }

    /// R-BIL-02, hand-worked: 1000 over 12 months. The cumulative roundings
    /// are 0, 83, 167, 250, 333, 417, 500, 583, 667, 750, 833, 917, 1000, so
    /// months 1, 4, 7 and 10 (0-based) get 84 and the other eight 83:
    /// 4 × 84 + 8 × 83 = 1000. Each month rounded on its own is 83: 996.
    #[test]
    fn r_bil_02_installments_of_1000_over_12_months_sum_to_1000() {
        let months: Vec<i64> = (0..12).map(|k| installment(1000, k, 12)).collect();
        assert_eq!(months, [83, 84, 83, 83, 84, 83, 83, 84, 83, 83, 84, 83]);
        assert_eq!(months.iter().sum::<i64>(), 1000);
        assert_eq!(
            12 * prorate(1000, 1, 12),
            996,
            "the drift of one rounding per month"
        );
        // 1000 over three years billed annually: 333, 667 − 333, 1000 − 667.
        assert_eq!([0, 1, 2].map(|k| installment(1000, k, 3)), [333, 334, 333]);
        // Less than one unit per period: round(7k / 12) steps by 0 or 1.
        let small: Vec<i64> = (0..12).map(|k| installment(7, k, 12)).collect();
        assert_eq!(small, [1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1]);
        // Past the last installment nothing is due; a refund is symmetric.
        assert_eq!(installment(1000, 12, 12), 0);
        assert_eq!(installment(-1000, 1, 12), -84);
    }

    #[test]
    fn r_bil_02_no_overflow_with_large_amounts() {
        assert_eq!(prorate(i64::MAX, 1, 1), i64::MAX);
        assert_eq!(prorate(i64::MAX, 2, 2), i64::MAX);
        assert_eq!(prorate(i64::MAX / 2, 3, 3), i64::MAX / 2);
    }

    #[test]
    fn money_formats_with_grouping_and_minor_digits() {
        assert_eq!(
            Money::new(123_450, Currency::Usd).to_string(),
            "USD 1,234.50"
        );
        assert_eq!(Money::new(-5, Currency::Eur).to_string(), "EUR -0.05");
        assert_eq!(
            Money::new(1_234_567, Currency::Jpy).to_string(),
            "JPY 1,234,567"
        );
        assert_eq!(Money::new(99_900, Currency::Twd).decimal(), "999.00");
        assert_eq!(Money::new(-1_000, Currency::Jpy).decimal(), "-1000");
    }

    #[test]
    fn currency_codes_round_trip() {
        for c in Currency::ALL {
            assert_eq!(Currency::parse(c.code()), Some(c));
        }
        assert_eq!(Currency::parse("GBP"), None); // not sold in
        assert_eq!(Currency::parse("usd"), None); // codes are upper case
    }

    proptest! {
        /// R-BIL-02: within bounds, never negative for positive inputs, never more than the whole.
        #[test]
        fn r_bil_02_prorate_stays_within_the_whole(
            amount in 0i64..1_000_000_000_000, den in 1i64..5_000, num_frac in 0.0f64..=1.0
        ) {
            let num = ((den as f64) * num_frac) as i64;
            let p = prorate(amount, num, den);
            prop_assert!(p >= 0);
            prop_assert!(p <= amount);
            // One rounding: within half a minor unit of the exact value.
            let exact = amount as f64 * num as f64 / den as f64;
            prop_assert!((p as f64 - exact).abs() <= 0.5 + exact * 1e-12);
        }

        /// R-BIL-02: the parts of a split add up to the whole.
        #[test]
        fn r_bil_02_split_parts_sum_to_whole(
            whole in -1_000_000_000i64..1_000_000_000, part in 0i64..400, total in 1i64..400
        ) {
            let (a, b) = split(whole, part, total);
            prop_assert_eq!(a + b, whole);
            // The part is the proportional share, rounded once.
            let exact = whole as f64 * part.min(total) as f64 / total as f64;
            prop_assert!((a as f64 - exact).abs() <= 0.5 + exact.abs() * 1e-12);
        }

        /// R-BIL-02: installments add up to the whole exactly, each is the
        /// even share rounded down or up, and none is negative.
        #[test]
        fn r_bil_02_installments_sum_to_the_whole(whole in 0i64..i64::MAX, count in 1u32..=400) {
            let n = i64::from(count);
            let (low, high) = (whole / n, whole / n + i64::from(whole % n != 0));
            let mut sum: i128 = 0;
            for k in 0..count {
                let part = installment(whole, k, count);
                prop_assert!(part >= 0);
                prop_assert!(part == low || part == high, "{part} of {whole} / {count}");
                sum += i128::from(part);
            }
            prop_assert_eq!(sum, i128::from(whole));
        }

        /// R-BIL-02: symmetric around zero (half away from zero).
        #[test]
        fn r_bil_02_rounding_is_symmetric(amount in 0i64..1_000_000_000, num in 0i64..400, den in 1i64..400) {
            prop_assert_eq!(prorate(-amount, num, den), -prorate(amount, num, den));
        }
    }
}
