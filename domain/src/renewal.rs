//! The next term, as scheduled for a subscription's end: a trial's
//! conversion (R-SUB-26) or a change at renewal (R-SUB-19) — the product
//! (the same, or an upgrade: R-SUB-17), its term and billing, and the
//! licenses. The billing job starts the next term with it.

use serde::{Deserialize, Serialize};

use crate::catalog::PaidOption;
use crate::money::Money;
use crate::seats::{Period, SeatState, Seats, SubscriptionStatus};
use crate::FieldError;

/// What the next term is sold as, and its seats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextTerm {
    pub option: PaidOption,
    pub seats: u32,
}

impl NextTerm {
    /// The subscription's state in its next term, which starts the day
    /// after the current one's last day (R-SUB-18), before its seats.
    pub fn state(&self, current: &SeatState) -> SeatState {
        let o = self.option;
        SeatState::bought(
            false,
            o.term,
            o.frequency,
            o.price,
            current.term_period().end.start(),
        )
    }

    /// Its first charge, for its first billing period (whole: the term
    /// starts with it).
    pub fn first_charge(&self, current: &SeatState) -> (Money, Period) {
        let next = self.state(current);
        let starts = next.term_started_at;
        let (index, period) = next.billing_period_at(starts.date());
        let charge = next.period_charge(self.seats, index);
        (Money::new(charge, self.option.price.currency), period)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum RenewalChangeError {
    #[error("only an active subscription's renewal can be changed")]
    NotActive,
    #[error("a trial converts at its end; schedule its conversion instead")]
    Trial,
    #[error("changes for renewal need auto-renew on")]
    AutoRenewOff,
    #[error("the product is not sold for this term and billing")]
    NotOffered,
    #[error("that is how the subscription renews anyway")]
    Unchanged,
}

crate::error_codes! {
    RenewalChangeError {
        Self::NotActive => "renewal_not_active",
        Self::Trial => "renewal_trial",
        Self::AutoRenewOff => "renewal_auto_renew_off",
        Self::NotOffered => "renewal_not_offered",
        Self::Unchanged => "renewal_unchanged",
    }
}

impl RenewalChangeError {
    /// The error at the field it concerns.
    pub fn field_error(self) -> FieldError {
        match self {
            Self::NotActive | Self::Trial | Self::AutoRenewOff => FieldError::new("", &self),
            Self::NotOffered => FieldError::new("choice", &self),
            Self::Unchanged => FieldError::new("seats", &self),
        }
    }
}

/// R-SUB-19: a change for the next term of `state` — only while it is an
/// active paid subscription with auto-renew on — to `seats` of a product
/// sold as `option` (one of `options`, how that product is sold).
/// `same_product`: the product is the subscription's own (otherwise it is an
/// upgrade path, which [`crate::Catalog::upgrade_target`] checks). A change
/// that renews exactly as the subscription would anyway is refused.
pub fn check_renewal_change(
    state: &SeatState,
    auto_renew: bool,
    same_product: bool,
    options: &[PaidOption],
    option: PaidOption,
    seats: Seats,
) -> Result<NextTerm, RenewalChangeError> {
    if state.trial {
        return Err(RenewalChangeError::Trial);
    }
    if state.status != SubscriptionStatus::Active {
        return Err(RenewalChangeError::NotActive);
    }
    if !auto_renew {
        return Err(RenewalChangeError::AutoRenewOff);
    }
    if !options.contains(&option) {
        return Err(RenewalChangeError::NotOffered);
    }
    let renews_anyway = PaidOption {
        term: state.term,
        frequency: state.frequency,
        price: state.seat_price,
    };
    if same_product && option == renews_anyway && seats.get() == state.seats() {
        return Err(RenewalChangeError::Unchanged);
    }
    Ok(NextTerm {
        option,
        seats: seats.get(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{BillingFrequency, Term};
    use crate::money::Currency;
    use crate::seats::Addition;
    use crate::{CivilDate, Timestamp};

    /// 10 seats of a month billed monthly at TWD 223.00, bought 2026-03-01
    /// 10:00: its term's last day is 03-31, it renews on 04-01.
    fn monthly() -> SeatState {
        let start = Timestamp::from_ymd_hms(2026, 3, 1, 10, 0, 0).unwrap();
        let mut s = SeatState::bought(
            false,
            Term::P1M,
            BillingFrequency::Monthly,
            Money::new(22_300, Currency::Twd),
            start,
        );
        s.additions.push(Addition {
            id: 1,
            seats: 10,
            added_at: start,
            charged: 223_000,
            covered_until: CivilDate::new(2026, 4, 1).unwrap(),
        });
        s
    }

    fn option(term: Term, frequency: BillingFrequency, minor: i64) -> PaidOption {
        PaidOption {
            term,
            frequency,
            price: Money::new(minor, Currency::Twd),
        }
    }

    /// R-SUB-19: a decrease to 6 seats for the next month charges 6 ×
    /// 22,300 from 04-01; a year billed monthly at TWD 2,232.00 charges its
    /// first month, 10 × 223,200 / 12 = 186,000, 04-01 to 04-30.
    #[test]
    fn r_sub_19_a_change_for_renewal_sets_the_next_terms_seats_term_and_billing() {
        let s = monthly();
        let month = option(Term::P1M, BillingFrequency::Monthly, 22_300);
        let year = option(Term::P1Y, BillingFrequency::Monthly, 223_200);
        let options = [month, year];
        let six =
            check_renewal_change(&s, true, true, &options, month, Seats::new(6).unwrap()).unwrap();
        let (charge, period) = six.first_charge(&s);
        assert_eq!(charge, Money::new(133_800, Currency::Twd));
        assert_eq!(period.start, CivilDate::new(2026, 4, 1).unwrap());
        assert_eq!(period.end, CivilDate::new(2026, 5, 1).unwrap());
        let yearly =
            check_renewal_change(&s, true, true, &options, year, Seats::new(10).unwrap()).unwrap();
        assert_eq!(
            yearly.first_charge(&s).0,
            Money::new(186_000, Currency::Twd)
        );
        assert_eq!(
            yearly.state(&s).term_period().end,
            CivilDate::new(2027, 4, 1).unwrap()
        );
    }

    /// R-SUB-19: only an active paid subscription with auto-renew on, only
    /// as its product is sold, and not a change that changes nothing (but
    /// the same terms of an upgrade's product are a change).
    #[test]
    fn r_sub_19_a_change_for_renewal_needs_an_active_subscription_with_auto_renew_on() {
        let s = monthly();
        let month = option(Term::P1M, BillingFrequency::Monthly, 22_300);
        let ten = Seats::new(10).unwrap();
        let check = |s: &SeatState, auto_renew, same, o| {
            check_renewal_change(s, auto_renew, same, &[month], o, ten)
        };
        assert_eq!(
            check(&s, false, true, month),
            Err(RenewalChangeError::AutoRenewOff)
        );
        assert_eq!(
            check(&s, true, true, month),
            Err(RenewalChangeError::Unchanged)
        );
        assert!(check(&s, true, false, month).is_ok());
        let annual = option(Term::P1Y, BillingFrequency::Annual, 223_200);
        assert_eq!(
            check(&s, true, true, annual),
            Err(RenewalChangeError::NotOffered)
        );
        let mut suspended = s.clone();
        suspended.status = SubscriptionStatus::Suspended;
        assert_eq!(
            check(&suspended, true, true, month),
            Err(RenewalChangeError::NotActive)
        );
        let mut trial = s.clone();
        trial.trial = true;
        assert_eq!(
            check(&trial, true, true, month),
            Err(RenewalChangeError::Trial)
        );
    }
}
