//! Converting a trial to a paid subscription mid-term (R-SUB-25): a new
//! subscription of the trial's paid offer, for the term and billing chosen,
//! at least 25 seats, charged from now as any purchase; or into an existing
//! subscription of that offer, which gains the trial's 25 seats on its own
//! term and billing (charged from now as a seat increase) and must not end
//! before the trial. The trial ends. Or at its end (R-SUB-26), scheduled:
//! the trial keeps its whole month and may convert with fewer than 25 seats.

use serde::{Deserialize, Serialize};

use crate::catalog::{PaidOption, TRIAL_SEATS};
use crate::money::Money;
use crate::renewal::NextTerm;
use crate::seats::{check_update_limit, Period, SeatState, Seats, SubscriptionStatus, MAX_SEATS};
use crate::{FieldError, Timestamp};

/// A conversion as planned: the new subscription's first charge and its
/// first billing period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrialConversion {
    pub option: PaidOption,
    pub seats: u32,
    pub charge: Money,
    pub period: Period,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum TrialConversionError {
    #[error("only an active trial can be converted")]
    NotActiveTrial,
    #[error("the paid offer is not sold for this term and billing")]
    NotOffered,
    #[error("a trial converts mid-term with at least {TRIAL_SEATS} licenses")]
    TooFewSeats,
    #[error("a conversion at the trial's end needs auto-renew on")]
    AutoRenewOff,
    #[error("the destination subscription is not active")]
    TargetNotActive,
    #[error("the destination subscription ends before the trial")]
    TargetEndsEarlier,
    #[error("the destination subscription would hold more than {max} licenses")]
    TargetFull { max: u32 },
    #[error("the destination subscription reached {max} updates")]
    TargetUpdateLimit { max: u32 },
    #[error("that subscription cannot receive the trial's licenses")]
    UnknownTarget,
}

crate::error_codes! {
    TrialConversionError {
        Self::NotActiveTrial => "conversion_not_active_trial",
        Self::NotOffered => "conversion_not_offered",
        Self::TooFewSeats => "conversion_too_few_seats",
        Self::AutoRenewOff => "conversion_auto_renew_off",
        Self::TargetNotActive => "conversion_target_not_active",
        Self::TargetEndsEarlier => "conversion_target_ends_earlier",
        Self::TargetFull { .. } => "conversion_target_full",
        Self::TargetUpdateLimit { .. } => "conversion_target_update_limit",
        Self::UnknownTarget => "conversion_unknown_target",
    }
}

impl TrialConversionError {
    /// The error at the field it concerns.
    pub fn field_error(self) -> FieldError {
        match self {
            Self::NotActiveTrial | Self::AutoRenewOff => FieldError::new("", &self),
            Self::NotOffered => FieldError::new("option", &self),
            Self::TooFewSeats => {
                FieldError::new("seats", &self).with("min", TRIAL_SEATS.to_string())
            }
            Self::TargetNotActive | Self::TargetEndsEarlier | Self::UnknownTarget => {
                FieldError::new("destination", &self)
            }
            Self::TargetFull { max } | Self::TargetUpdateLimit { max } => {
                FieldError::new("destination", &self).with("max", max.to_string())
            }
        }
    }
}

/// R-SUB-25: converts `trial` now to `seats` of the paid offer as sold by
/// `option` (one of `options`): at least 25 seats; the new subscription's
/// term starts now and its first charge is a purchase's.
pub fn plan_trial_conversion(
    trial: &SeatState,
    options: &[PaidOption],
    option: PaidOption,
    seats: Seats,
    now: Timestamp,
) -> Result<TrialConversion, TrialConversionError> {
    if !trial.trial || trial.status != SubscriptionStatus::Active {
        return Err(TrialConversionError::NotActiveTrial);
    }
    if !options.contains(&option) {
        return Err(TrialConversionError::NotOffered);
    }
    if seats.get() < TRIAL_SEATS {
        return Err(TrialConversionError::TooFewSeats);
    }
    let paid = SeatState::bought(false, option.term, option.frequency, option.price, now);
    Ok(TrialConversion {
        option,
        seats: seats.get(),
        charge: Money::new(
            paid.increase_charge(seats.get(), now),
            option.price.currency,
        ),
        period: paid.billing_period(now.date()),
    })
}

/// R-SUB-25: converts `trial` now into `target`, an existing subscription
/// of its paid offer: the trial's 25 seats join it on its term and billing,
/// charged from now to the end of its billing period as a seat increase
/// (R-SUB-08); it must be active and end on or after the trial's end.
pub fn plan_trial_conversion_into(
    trial: &SeatState,
    target: &SeatState,
    now: Timestamp,
) -> Result<TrialConversion, TrialConversionError> {
    if !trial.trial || trial.status != SubscriptionStatus::Active {
        return Err(TrialConversionError::NotActiveTrial);
    }
    if target.trial
        || target.status != SubscriptionStatus::Active
        || target.seat_price.currency != trial.seat_price.currency
    {
        return Err(TrialConversionError::TargetNotActive);
    }
    if target.term_period().end < trial.term_period().end {
        return Err(TrialConversionError::TargetEndsEarlier);
    }
    if target.seats() + TRIAL_SEATS > MAX_SEATS {
        return Err(TrialConversionError::TargetFull { max: MAX_SEATS });
    }
    check_update_limit(target.update_count).map_err(|_| {
        TrialConversionError::TargetUpdateLimit {
            max: crate::seats::MAX_UPDATES,
        }
    })?;
    Ok(TrialConversion {
        option: PaidOption {
            term: target.term,
            frequency: target.frequency,
            price: target.seat_price,
        },
        seats: TRIAL_SEATS,
        charge: Money::new(
            target.increase_charge(TRIAL_SEATS, now),
            target.seat_price.currency,
        ),
        period: target.billing_period(now.date()),
    })
}

/// R-SUB-26: a conversion at the trial's end, with auto-renew on, to any
/// way the paid offer is sold and any number of seats (fewer than 25 too).
pub fn check_scheduled_conversion(
    trial: &SeatState,
    auto_renew: bool,
    options: &[PaidOption],
    option: PaidOption,
    seats: Seats,
) -> Result<NextTerm, TrialConversionError> {
    if !trial.trial || trial.status != SubscriptionStatus::Active {
        return Err(TrialConversionError::NotActiveTrial);
    }
    if !auto_renew {
        return Err(TrialConversionError::AutoRenewOff);
    }
    if !options.contains(&option) {
        return Err(TrialConversionError::NotOffered);
    }
    Ok(NextTerm::new(option, seats.get()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{BillingFrequency, Catalog, Term};
    use crate::money::Currency;
    use crate::CivilDate;

    fn trial_state(now: Timestamp) -> SeatState {
        SeatState::bought(
            true,
            Term::P1M,
            BillingFrequency::Monthly,
            Money::new(0, Currency::Twd),
            now,
        )
    }

    fn annual_monthly() -> PaidOption {
        PaidOption {
            term: Term::P1Y,
            frequency: BillingFrequency::Monthly,
            price: Money::new(1_339_200, Currency::Twd),
        }
    }

    /// R-SUB-25: 24 seats are refused mid-term, 25 accepted. Converted on
    /// 2026-03-10 10:00 to a year of TWD 13,392.00 a seat billed monthly,
    /// 30 seats pay the first month, 2026-03-10 to 2026-04-09:
    /// 30 × 1,339,200 / 12 = 3,348,000 (TWD 33,480.00).
    #[test]
    fn r_sub_25_a_trial_converts_mid_term_with_at_least_25_seats() {
        let now = Timestamp::from_ymd_hms(2026, 3, 10, 10, 0, 0).unwrap();
        let trial = trial_state(Timestamp::from_ymd_hms(2026, 3, 1, 9, 0, 0).unwrap());
        let options = [annual_monthly()];
        let plan = |seats| {
            plan_trial_conversion(
                &trial,
                &options,
                annual_monthly(),
                Seats::new(seats).unwrap(),
                now,
            )
        };
        assert_eq!(plan(24), Err(TrialConversionError::TooFewSeats));
        assert_eq!(
            plan(25).unwrap().charge,
            Money::new(2_790_000, Currency::Twd)
        );
        let thirty = plan(30).unwrap();
        assert_eq!(thirty.charge, Money::new(3_348_000, Currency::Twd));
        assert_eq!(thirty.period.start, CivilDate::new(2026, 3, 10).unwrap());
        assert_eq!(thirty.period.end, CivilDate::new(2026, 4, 10).unwrap());
        let other = PaidOption {
            frequency: BillingFrequency::Annual,
            ..annual_monthly()
        };
        assert_eq!(
            plan_trial_conversion(&trial, &options, other, Seats::new(30).unwrap(), now),
            Err(TrialConversionError::NotOffered)
        );
        let mut paid = trial.clone();
        paid.trial = false;
        assert_eq!(
            plan_trial_conversion(
                &paid,
                &options,
                annual_monthly(),
                Seats::new(30).unwrap(),
                now
            ),
            Err(TrialConversionError::NotActiveTrial)
        );
    }

    /// A year of Microsoft 365 E3 billed monthly at TWD 13,392.00 a seat,
    /// its term started 2026-02-15 00:00, with 40 seats.
    fn existing_e3() -> SeatState {
        let start = Timestamp::from_ymd_hms(2026, 2, 15, 0, 0, 0).unwrap();
        let mut s = SeatState::bought(
            false,
            Term::P1Y,
            BillingFrequency::Monthly,
            Money::new(1_339_200, Currency::Twd),
            start,
        );
        s.additions.push(crate::seats::Addition {
            id: 1,
            seats: 40,
            added_at: start,
            charged: 4_464_000,
            covered_until: CivilDate::new(2026, 3, 15).unwrap(),
        });
        s
    }

    /// R-SUB-25: converted on 2026-03-10 10:00 into the existing
    /// subscription, the trial's 25 seats join it for its billing period
    /// 2026-02-15 – 03-14: 25 × 111,600 × 5 / 28 = 498,214.29 → TWD
    /// 4,982.14, on its term and billing. One ending before the trial
    /// (2026-03-31) cannot receive them.
    #[test]
    fn r_sub_25_a_trial_converts_into_an_existing_subscription() {
        let trial = trial_state(Timestamp::from_ymd_hms(2026, 3, 1, 9, 0, 0).unwrap());
        let now = Timestamp::from_ymd_hms(2026, 3, 10, 10, 0, 0).unwrap();
        let plan = plan_trial_conversion_into(&trial, &existing_e3(), now).unwrap();
        assert_eq!(plan.seats, 25);
        assert_eq!(plan.charge, Money::new(498_214, Currency::Twd));
        assert_eq!(plan.period.start, CivilDate::new(2026, 2, 15).unwrap());
        assert_eq!(plan.period.end, CivilDate::new(2026, 3, 15).unwrap());
        assert_eq!(
            (plan.option.term, plan.option.frequency),
            (Term::P1Y, BillingFrequency::Monthly)
        );
        let month = SeatState::bought(
            false,
            Term::P1M,
            BillingFrequency::Monthly,
            Money::new(133_900, Currency::Twd),
            Timestamp::from_ymd_hms(2026, 2, 28, 12, 0, 0).unwrap(),
        );
        assert_eq!(
            plan_trial_conversion_into(&trial, &month, now),
            Err(TrialConversionError::TargetEndsEarlier)
        );
        let mut suspended = existing_e3();
        suspended.status = SubscriptionStatus::Suspended;
        assert_eq!(
            plan_trial_conversion_into(&trial, &suspended, now),
            Err(TrialConversionError::TargetNotActive)
        );
    }

    /// R-SUB-27: Power BI Pro comes with a 30-day free trial. Bought
    /// 2026-03-01 10:00 for a year billed monthly, it is free until its paid
    /// term starts on 2026-03-31 (the 30th UTC day after): nothing is charged
    /// for seats, which (a trial's) cannot change, nor can its status; the
    /// job then starts the year, whose first month charges 10 × 504,000 / 12
    /// = TWD 4,200.00 for 03-31 – 04-29.
    #[test]
    fn r_sub_27_an_offers_free_trial_comes_first_and_the_paid_term_after_it() {
        use crate::seats::{check_suspend, plan_seat_change, term_end_action, TermEndAction};
        let bought = Timestamp::from_ymd_hms(2026, 3, 1, 10, 0, 0).unwrap();
        let free =
            SeatState::free_trial(Term::P1Y, BillingFrequency::Monthly, Currency::Twd, bought);
        assert!(free.trial);
        assert_eq!(free.increase_charge(10, bought), 0);
        let paid_from = CivilDate::new(2026, 3, 31).unwrap();
        assert_eq!(free.term_period().end, paid_from);
        assert_eq!(free.billing_period(bought.date()).end, paid_from);
        assert_eq!(crate::seats::renews_on(&free, true), Some(paid_from));
        let last_minute = Timestamp::from_ymd_hms(2026, 3, 30, 23, 59, 0).unwrap();
        assert_eq!(term_end_action(&free, true, last_minute), None);
        assert_eq!(
            term_end_action(&free, true, paid_from.start()),
            Some(TermEndAction::ConvertTrial)
        );
        assert_eq!(
            term_end_action(&free, false, paid_from.start()),
            Some(TermEndAction::Expire)
        );
        assert!(plan_seat_change(&free, Seats::new(12).unwrap(), bought).is_err());
        assert!(check_suspend(&free).is_err());
        let paid = NextTerm::new(
            PaidOption {
                term: Term::P1Y,
                frequency: BillingFrequency::Monthly,
                price: Money::new(504_000, Currency::Twd),
            },
            10,
        );
        let (charge, period) = paid.first_charge(&free);
        assert_eq!(charge, Money::new(420_000, Currency::Twd));
        assert_eq!(period.start, paid_from);
        assert_eq!(period.end, CivilDate::new(2026, 4, 30).unwrap());
        assert_eq!(paid.state(&free).paid_from, None);
        assert_eq!(
            paid.state(&free).term_period().end,
            CivilDate::new(2027, 3, 31).unwrap()
        );
    }

    proptest::proptest! {
        /// R-SUB-25, R-SUB-26: mid-term a trial converts with 25 licenses
        /// or more, never fewer; scheduled for its end, with any number.
        #[test]
        fn r_sub_25_r_sub_26_trial_conversion_bounds(n in 1u32..=500, day in 0i64..30) {
            let trial = trial_state(Timestamp::from_ymd_hms(2026, 3, 1, 9, 0, 0).unwrap());
            let now = Timestamp::from_ymd_hms(2026, 3, 1, 9, 0, 0).unwrap().plus(crate::Span::days(day));
            let options = [annual_monthly()];
            let seats = Seats::new(n).unwrap();
            let now_plan = plan_trial_conversion(&trial, &options, annual_monthly(), seats, now);
            proptest::prop_assert_eq!(now_plan.is_ok(), n >= TRIAL_SEATS);
            let scheduled = check_scheduled_conversion(&trial, true, &options, annual_monthly(), seats);
            proptest::prop_assert_eq!(scheduled.map(|s| s.seats), Ok(n));
        }
    }

    /// R-SUB-26: scheduled for the trial's end (2026-04-01), 10 seats are
    /// allowed, only with auto-renew on; a year billed annually at TWD
    /// 13,392.00 a seat then charges the whole year: 10 × 1,339,200.
    #[test]
    fn r_sub_26_a_conversion_scheduled_for_the_end_allows_fewer_seats() {
        let trial = trial_state(Timestamp::from_ymd_hms(2026, 3, 1, 9, 0, 0).unwrap());
        let annual = PaidOption {
            frequency: BillingFrequency::Annual,
            ..annual_monthly()
        };
        let options = [annual_monthly(), annual];
        let ten = Seats::new(10).unwrap();
        let scheduled = check_scheduled_conversion(&trial, true, &options, annual, ten).unwrap();
        let (charge, period) = scheduled.first_charge(&trial);
        assert_eq!(charge, Money::new(13_392_000, Currency::Twd));
        assert_eq!(period.start, CivilDate::new(2026, 4, 1).unwrap());
        assert_eq!(period.end, CivilDate::new(2027, 4, 1).unwrap());
        assert_eq!(
            check_scheduled_conversion(&trial, false, &options, annual, ten),
            Err(TrialConversionError::AutoRenewOff)
        );
        let monthly =
            check_scheduled_conversion(&trial, true, &options, annual_monthly(), ten).unwrap();
        assert_eq!(
            monthly.first_charge(&trial).0,
            Money::new(1_116_000, Currency::Twd)
        );
    }

    /// The options are every term and billing the paid offer sells in the
    /// trial's currency.
    #[test]
    fn a_trial_converts_to_what_its_paid_offer_sells() {
        let catalog: Catalog = serde_json::from_str(
            r#"{"offers":[
              {"id":"p","name":"P","publisher":"microsoft","billing_type":"license_based","category":"enterprise",
               "segments":["commercial"],"terms":[
                 {"term":"P1M","frequencies":["monthly"],"prices":[{"minor":100,"currency":"TWD"}]},
                 {"term":"P1Y","frequencies":["monthly","annual"],"prices":[{"minor":1000,"currency":"TWD"}]},
                 {"term":"P3Y","frequencies":["annual"],"prices":[{"minor":2500,"currency":"USD"}]}]},
              {"id":"p-trial","name":"P Trial","publisher":"microsoft","billing_type":"license_based","category":"trial",
               "segments":["commercial"],"terms":[{"term":"P1M","frequencies":["monthly"],"prices":[{"minor":0,"currency":"TWD"}]}],
               "upgrade_targets":["p"],"one_per_customer":true}],
             "reservation_excluded_markets":[]}"#,
        )
        .unwrap();
        let trial = catalog.offer("p-trial").unwrap();
        let (paid, options) = catalog.conversion_options(trial, Currency::Twd).unwrap();
        assert_eq!(paid.id, "p");
        let sold: Vec<_> = options
            .iter()
            .map(|o| (o.term, o.frequency, o.price.minor))
            .collect();
        assert_eq!(
            sold,
            vec![
                (Term::P1M, BillingFrequency::Monthly, 100),
                (Term::P1Y, BillingFrequency::Monthly, 1000),
                (Term::P1Y, BillingFrequency::Annual, 1000),
            ]
        );
        assert!(catalog.conversion_options(trial, Currency::Eur).is_none());
    }
}
