//! The next term, as scheduled for a subscription's end: a trial's
//! conversion (R-SUB-26) or a change at renewal (R-SUB-19) — the product
//! (the same, or an upgrade: R-SUB-17), its term and billing, and the
//! licenses, and the day it may be co-termed to end on. The billing job
//! starts the next term with it.

use serde::{Deserialize, Serialize};

use crate::catalog::PaidOption;
use crate::money::Money;
use crate::seats::{term_period, Period, SeatState, Seats, SubscriptionStatus};
use crate::{CivilDate, FieldError};

/// What the next term is sold as, its seats, and its co-term date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextTerm {
    pub option: PaidOption,
    pub seats: u32,
    /// R-SUB-19: the day the next term ends (its renewal day) when it is
    /// co-termed with another subscription, before its natural end.
    #[serde(default)]
    pub term_end: Option<CivilDate>,
}

impl NextTerm {
    /// A whole next term (not co-termed).
    pub fn new(option: PaidOption, seats: u32) -> NextTerm {
        NextTerm {
            option,
            seats,
            term_end: None,
        }
    }

    /// The subscription's state in its next term, which starts the day
    /// after the current one's last day (R-SUB-18), before its seats.
    pub fn state(&self, current: &SeatState) -> SeatState {
        let o = self.option;
        let mut next = SeatState::bought(
            false,
            o.term,
            o.frequency,
            o.price,
            current.term_period().end.start(),
        );
        next.term_end = self.term_end;
        next
    }

    /// Its first charge, for its first billing period (whole, as the term
    /// starts with it, unless a co-term date cuts it).
    pub fn first_charge(&self, current: &SeatState) -> (Money, Period) {
        let next = self.state(current);
        let starts = next.term_started_at;
        let (index, period) = next.billing_period_at(starts.date());
        let charge = next.period_charge(self.seats, index);
        (Money::new(charge, self.option.price.currency), period)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    #[error("the co-term date must fall inside the next term, before its natural end")]
    CotermNotOffered,
}

crate::error_codes! {
    RenewalChangeError {
        Self::NotActive => "renewal_not_active",
        Self::Trial => "renewal_trial",
        Self::AutoRenewOff => "renewal_auto_renew_off",
        Self::NotOffered => "renewal_not_offered",
        Self::Unchanged => "renewal_unchanged",
        Self::CotermNotOffered => "renewal_coterm_not_offered",
    }
}

impl RenewalChangeError {
    /// The error at the field it concerns.
    pub fn field_error(self) -> FieldError {
        match self {
            Self::NotActive | Self::Trial | Self::AutoRenewOff => FieldError::new("", &self),
            Self::NotOffered => FieldError::new("choice", &self),
            Self::Unchanged => FieldError::new("seats", &self),
            Self::CotermNotOffered => FieldError::new("coterm", &self),
        }
    }
}

/// R-SUB-19: a change for the next term of `state` — only while it is an
/// active paid subscription with auto-renew on — to `seats` of a product
/// sold as `option` (one of `options`, how that product is sold).
/// `same_product`: the product is the subscription's own (otherwise it is an
/// upgrade path, which [`crate::Catalog::upgrade_target`] checks), the
/// next term ending on `coterm` if given (see [`coterm_fits`]). A change
/// that renews exactly as the subscription would anyway is refused.
pub fn check_renewal_change(
    state: &SeatState,
    auto_renew: bool,
    same_product: bool,
    options: &[PaidOption],
    option: PaidOption,
    seats: Seats,
    coterm: Option<CivilDate>,
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
    if coterm.is_some_and(|day| !coterm_fits(state, option, day)) {
        return Err(RenewalChangeError::CotermNotOffered);
    }
    let renews_anyway = PaidOption {
        term: state.term,
        frequency: state.frequency,
        price: state.seat_price,
    };
    let unchanged =
        same_product && option == renews_anyway && seats.get() == state.seats() && coterm.is_none();
    if unchanged {
        return Err(RenewalChangeError::Unchanged);
    }
    Ok(NextTerm {
        option,
        seats: seats.get(),
        term_end: coterm,
    })
}

/// A form's co-term date: empty for a whole term, else a renewal day as
/// days since 1970-01-01 (as [`crate::subscription_views::CotermWith`]
/// offers it).
pub fn parse_coterm(value: &str) -> Result<Option<CivilDate>, RenewalChangeError> {
    match value.trim() {
        "" => Ok(None),
        v => v
            .parse::<i64>()
            .map(|d| Some(CivilDate::from_days_since_epoch(d)))
            .map_err(|_| RenewalChangeError::CotermNotOffered),
    }
}

/// R-SUB-19: whether the next term of `state`, sold as `option`, may be
/// co-termed to renew on `day` (another subscription's renewal day): after
/// its first day and before its natural end, so that it keeps at least a
/// day and is shortened, never lengthened.
pub fn coterm_fits(state: &SeatState, option: PaidOption, day: CivilDate) -> bool {
    let next = term_period(state.term_period().end, option.term);
    next.start < day && day < next.end
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
        let six = check_renewal_change(
            &s,
            true,
            true,
            &options,
            month,
            Seats::new(6).unwrap(),
            None,
        )
        .unwrap();
        let (charge, period) = six.first_charge(&s);
        assert_eq!(charge, Money::new(133_800, Currency::Twd));
        assert_eq!(period.start, CivilDate::new(2026, 4, 1).unwrap());
        assert_eq!(period.end, CivilDate::new(2026, 5, 1).unwrap());
        let yearly = check_renewal_change(
            &s,
            true,
            true,
            &options,
            year,
            Seats::new(10).unwrap(),
            None,
        )
        .unwrap();
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
            check_renewal_change(s, auto_renew, same, &[month], o, ten, None)
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

    fn day(y: i32, m: u32, d: u32) -> CivilDate {
        CivilDate::new(y, m, d).unwrap()
    }

    /// R-SUB-19: the next term (a year from 2026-04-01 billed monthly, TWD
    /// 186,000.00 a month for 10 seats) co-termed to renew on 2027-01-20 —
    /// another subscription's renewal day — ends then: April to December
    /// charge 186,000 each, January is cut to 19 of its 31 days, 186,000 ×
    /// 19 / 31 = 114,000, and nothing after. Billed annually, its one
    /// period keeps 294 of 365 days: 2,232,000 × 294 / 365 = 1,797,830.14
    /// → 1,797,830. A seat added on 2027-01-10 pays 18,600 × 19 / 31 ×
    /// 10 / 19 = 6,000.
    #[test]
    fn r_sub_19_the_next_term_may_be_co_termed() {
        let s = monthly();
        let year = option(Term::P1Y, BillingFrequency::Monthly, 223_200);
        let annual = option(Term::P1Y, BillingFrequency::Annual, 223_200);
        let month = option(Term::P1M, BillingFrequency::Monthly, 22_300);
        let options = [month, year, annual];
        let ten = Seats::new(10).unwrap();
        let coterm = Some(day(2027, 1, 20));
        let next = check_renewal_change(&s, true, true, &options, year, ten, coterm).unwrap();
        let n = next.state(&s);
        assert_eq!(n.term_period().start, day(2026, 4, 1));
        assert_eq!(n.term_period().end, day(2027, 1, 20));
        assert_eq!(crate::seats::renews_on(&n, true), Some(day(2027, 1, 20)));
        assert_eq!(n.period_charge(10, 0), 186_000);
        assert_eq!(n.period_charge(10, 8), 186_000);
        let (index, january) = n.billing_period_at(day(2027, 1, 1));
        assert_eq!(
            (index, january.start, january.end),
            (9, day(2027, 1, 1), day(2027, 1, 20))
        );
        assert_eq!(n.period_charge(10, 9), 114_000);
        assert_eq!(n.period_charge(10, 10), 0);
        // A day past the cut still falls in the last period.
        assert_eq!(n.billing_period_at(day(2027, 3, 1)), (9, january));
        let at = Timestamp::from_ymd_hms(2027, 1, 10, 9, 0, 0).unwrap();
        assert_eq!(n.increase_charge(1, at), 6_000);

        let yearly = check_renewal_change(&s, true, true, &options, annual, ten, coterm).unwrap();
        let (charge, period) = yearly.first_charge(&s);
        assert_eq!(charge, Money::new(1_797_830, Currency::Twd));
        assert_eq!(period.end, day(2027, 1, 20));

        // Co-terming is a change even on the terms it renews on anyway.
        let same =
            check_renewal_change(&s, true, true, &options, month, ten, Some(day(2026, 4, 20)));
        assert_eq!(same.unwrap().state(&s).term_period().end, day(2026, 4, 20));
    }

    /// R-SUB-19: a co-term date shortens the next term by at least a day
    /// and leaves it at least a day: not its first day, not its natural
    /// end or later, not outside a month's term.
    #[test]
    fn r_sub_19_a_co_term_date_must_fall_inside_the_next_term() {
        let s = monthly();
        let year = option(Term::P1Y, BillingFrequency::Monthly, 223_200);
        let month = option(Term::P1M, BillingFrequency::Monthly, 22_300);
        let ten = Seats::new(10).unwrap();
        let check = |o, d| check_renewal_change(&s, true, true, &[month, year], o, ten, Some(d));
        for refused in [
            day(2026, 4, 1),
            day(2027, 4, 1),
            day(2027, 4, 2),
            day(2026, 3, 20),
        ] {
            assert_eq!(
                check(year, refused),
                Err(RenewalChangeError::CotermNotOffered),
                "{refused}"
            );
        }
        assert!(check(year, day(2026, 4, 2)).is_ok());
        assert!(check(year, day(2027, 3, 31)).is_ok());
        assert_eq!(
            check(month, day(2027, 1, 20)),
            Err(RenewalChangeError::CotermNotOffered)
        );
        assert_eq!(
            RenewalChangeError::CotermNotOffered.field_error().field,
            "coterm"
        );
        assert_eq!(parse_coterm(""), Ok(None));
        assert_eq!(parse_coterm("20838"), Ok(Some(day(2027, 1, 20))));
        assert_eq!(
            parse_coterm("2027-01-20"),
            Err(RenewalChangeError::CotermNotOffered)
        );
    }
}
