use super::*;
use crate::catalog::TRIAL_SEATS;
use crate::money::Currency;
use proptest::prelude::*;

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> Timestamp {
    Timestamp::from_ymd_hms(y, m, d, h, min, 0).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> CivilDate {
    CivilDate::new(y, m, d).unwrap()
}

/// 30 seats of a P1Y / monthly offer at USD 120.00 per seat per term, bought
/// 2026-03-01 10:00: one month is USD 10.00 per seat.
fn bought_30() -> SeatState {
    let start = at(2026, 3, 1, 10, 0);
    SeatState {
        status: SubscriptionStatus::Active,
        trial: false,
        term: Term::P1Y,
        frequency: BillingFrequency::Monthly,
        term_started_at: start,
        seat_price: Money::new(12_000, Currency::Usd),
        additions: vec![Addition {
            id: 1,
            seats: 30,
            added_at: start,
            charged: 30_000,
            covered_until: date(2026, 4, 1),
        }],
        update_count: 1,
        paid_from: None,
        term_end: None,
    }
}

/// A new subscription's first seats pay its first billing period: 30 seats
/// of USD 120.00 a year billed monthly are USD 300.00, for one month.
#[test]
fn a_bought_subscription_charges_its_first_period_on_day_one() {
    let now = at(2026, 3, 1, 10, 0);
    let state = SeatState::bought(
        false,
        Term::P1Y,
        BillingFrequency::Monthly,
        Money::new(12_000, Currency::Usd),
        now,
    );
    assert_eq!((state.seats(), state.update_count), (0, 0));
    assert_eq!(state.status, SubscriptionStatus::Active);
    assert_eq!(state.increase_charge(30, now), 30_000);
    assert_eq!(state.billing_period(now.date()).end, date(2026, 4, 1));
}

fn seats(n: u32) -> Seats {
    Seats::new(n).unwrap()
}

#[test]
fn seats_parse_whole_positive_numbers_only() {
    assert_eq!(Seats::parse(" 25 "), Ok(seats(25)));
    assert_eq!(Seats::parse("0"), Err(SeatsError::Zero));
    assert_eq!(Seats::parse("-3"), Err(SeatsError::NotANumber));
    assert_eq!(Seats::parse("2.5"), Err(SeatsError::NotANumber));
    assert_eq!(Seats::parse(""), Err(SeatsError::NotANumber));
    assert_eq!(
        Seats::parse("100001"),
        Err(SeatsError::TooMany { max: MAX_SEATS })
    );
    assert_eq!(
        Seats::parse("99999999999999999999"),
        Err(SeatsError::TooMany { max: MAX_SEATS })
    );
}

#[test]
fn months_are_added_with_end_of_month_clamping() {
    assert_eq!(add_months(date(2026, 1, 31), 1), date(2026, 2, 28));
    assert_eq!(add_months(date(2028, 1, 31), 1), date(2028, 2, 29));
    assert_eq!(add_months(date(2026, 11, 15), 3), date(2027, 2, 15));
    assert_eq!(add_months(date(2026, 3, 1), 36), date(2029, 3, 1));
}

#[test]
fn r_sub_18_term_ends_on_d_and_renews_on_d_plus_one() {
    let p = term_period(date(2026, 3, 1), Term::P1Y);
    assert_eq!(p.end, date(2027, 3, 1)); // last day 2027-02-28, renews 03-01
    let s = bought_30();
    assert_eq!(term_end_action(&s, true, at(2027, 2, 28, 23, 59)), None);
    assert_eq!(
        term_end_action(&s, true, at(2027, 3, 1, 0, 0)),
        Some(TermEndAction::Renew)
    );
    assert_eq!(
        term_end_action(&s, false, at(2027, 3, 1, 0, 0)),
        Some(TermEndAction::Expire)
    );
}

#[test]
fn r_sub_18_renewal_date_only_with_auto_renew_on() {
    let mut s = bought_30();
    assert_eq!(renews_on(&s, true), Some(date(2027, 3, 1)));
    assert_eq!(renews_on(&s, false), None);
    s.status = SubscriptionStatus::Suspended;
    assert_eq!(renews_on(&s, true), None);
}

/// R-SUB-24: at its end a trial with auto-renew on converts to the paid
/// offer (on the day after its month), and with auto-renew off it ends.
#[test]
fn r_sub_24_a_trial_converts_at_its_end_with_auto_renew_on() {
    let start = at(2026, 3, 10, 9, 0);
    let mut trial = SeatState::bought(
        true,
        Term::P1M,
        BillingFrequency::Monthly,
        Money::new(0, Currency::Usd),
        start,
    );
    trial.additions.push(Addition {
        id: 1,
        seats: TRIAL_SEATS,
        added_at: start,
        charged: 0,
        covered_until: date(2026, 4, 10),
    });
    assert_eq!(renews_on(&trial, true), Some(date(2026, 4, 10)));
    assert_eq!(renews_on(&trial, false), None);
    assert_eq!(term_end_action(&trial, true, at(2026, 4, 9, 23, 59)), None);
    assert_eq!(
        term_end_action(&trial, true, at(2026, 4, 10, 0, 0)),
        Some(TermEndAction::ConvertTrial)
    );
    assert_eq!(
        term_end_action(&trial, false, at(2026, 4, 10, 0, 0)),
        Some(TermEndAction::Expire)
    );
}

#[test]
fn r_sub_23_term_end_while_suspended_deletes() {
    let mut s = bought_30();
    s.status = SubscriptionStatus::Suspended;
    assert_eq!(
        term_end_action(&s, false, at(2027, 3, 1, 0, 0)),
        Some(TermEndAction::Delete)
    );
    assert_eq!(
        check_reactivate(&s, at(2027, 3, 1, 0, 0)),
        Err(StatusError::TermEnded)
    );
    assert_eq!(check_reactivate(&s, at(2027, 2, 28, 12, 0)), Ok(()));
    s.status = SubscriptionStatus::Active;
    assert_eq!(check_suspend(&s), Ok(()));
    assert_eq!(
        check_reactivate(&s, at(2026, 5, 1, 0, 0)),
        Err(StatusError::NotSuspended)
    );
}

#[test]
fn billing_periods_are_anchored_on_the_term_start() {
    let p = billing_period(
        date(2026, 1, 31),
        Term::P1Y,
        BillingFrequency::Monthly,
        date(2026, 3, 5),
    );
    assert_eq!(
        p,
        (
            1,
            Period {
                start: date(2026, 2, 28),
                end: date(2026, 3, 31)
            }
        )
    );
    let once = billing_period(
        date(2026, 1, 31),
        Term::P3Y,
        BillingFrequency::OncePerTerm,
        date(2027, 6, 1),
    );
    assert_eq!(
        once,
        (
            0,
            Period {
                start: date(2026, 1, 31),
                end: date(2029, 1, 31)
            }
        )
    );
    let annual = billing_period(
        date(2026, 1, 1),
        Term::P3Y,
        BillingFrequency::Annual,
        date(2027, 6, 1),
    );
    assert_eq!(
        annual,
        (
            1,
            Period {
                start: date(2027, 1, 1),
                end: date(2028, 1, 1)
            }
        )
    );
}

#[test]
fn r_sub_08_increase_is_prorated_for_the_rest_of_the_period() {
    let s = bought_30();
    // March has 31 days; on March 17, 15 days are left (17th..31st).
    let change = plan_seat_change(&s, seats(40), at(2026, 3, 17, 9, 0)).unwrap();
    // 10 seats × USD 10.00 × 15/31 = 48.387… → 48.39
    assert_eq!(
        change,
        SeatChange::Increase {
            added: 10,
            charge: Money::new(4_839, Currency::Usd),
            period: Period {
                start: date(2026, 3, 1),
                end: date(2026, 4, 1)
            },
        }
    );
    // On the first day of the period the whole month is charged.
    assert_eq!(s.increase_charge(10, at(2026, 3, 1, 23, 0)), 10_000);
}

#[test]
fn r_sub_10_decrease_refunds_what_was_charged_minus_used_days() {
    let s = bought_30();
    // Three days later (Mar 1, 2, 3 used of 31): 5 seats were charged 5,000.
    let change = plan_seat_change(&s, seats(25), at(2026, 3, 3, 12, 0)).unwrap();
    // 5,000 − round(5,000 × 3 / 31) = 5,000 − 484 = 4,516
    assert_eq!(
        change,
        SeatChange::Decrease {
            removed: 5,
            refund: Money::new(4_516, Currency::Usd),
            takes: vec![Take {
                addition_id: 1,
                seats: 5,
                refund: 4_516
            }],
        }
    );
    assert_eq!(change.amount(), Money::new(-4_516, Currency::Usd));
}

#[test]
fn r_sub_09_window_is_open_at_167h59m_and_closed_at_168h() {
    let s = bought_30();
    let start = s.term_started_at;
    let open = start.plus(Span::hours(167)).plus(Span::minutes(59));
    assert!(plan_seat_change(&s, seats(25), open).is_ok());
    let closed = start.plus(Span::hours(168));
    assert_eq!(
        plan_seat_change(&s, seats(25), closed),
        Err(SeatChangeError::WindowClosed {
            closed_at: at(2026, 3, 8, 10, 0)
        })
    );
    // Increases are always allowed.
    assert!(plan_seat_change(&s, seats(31), closed).is_ok());
}

#[test]
fn r_sub_09_each_addition_has_its_own_window_newest_first() {
    let mut s = bought_30();
    s.additions.push(Addition {
        id: 2,
        seats: 4,
        added_at: at(2026, 3, 10, 8, 0),
        charged: 2_839,
        covered_until: date(2026, 4, 1),
    });
    // On Mar 12 the purchase's window has closed, the mid-term addition's has not.
    let now = at(2026, 3, 12, 8, 0);
    assert_eq!(s.reducible_seats(now), 4);
    assert_eq!(
        plan_seat_change(&s, seats(29), now),
        Err(SeatChangeError::NotEnoughReducible {
            reducible: 4,
            lowest: 30
        })
    );
    let change = plan_seat_change(&s, seats(31), now).unwrap();
    let SeatChange::Decrease { takes, .. } = change else {
        panic!("a decrease")
    };
    assert_eq!(takes.len(), 1);
    assert_eq!((takes[0].addition_id, takes[0].seats), (2, 3));
    // Within both windows, the newest is taken first.
    let early = at(2026, 3, 5, 0, 0);
    s.additions[1].added_at = at(2026, 3, 4, 0, 0);
    let SeatChange::Decrease { takes, .. } = plan_seat_change(&s, seats(28), early).unwrap() else {
        panic!("a decrease")
    };
    assert_eq!(
        takes
            .iter()
            .map(|t| (t.addition_id, t.seats))
            .collect::<Vec<_>>(),
        vec![(2, 4), (1, 2)]
    );
}

#[test]
fn r_sub_12_the_1200th_update_is_the_last() {
    let mut s = bought_30();
    s.update_count = MAX_UPDATES - 1;
    assert!(plan_seat_change(&s, seats(31), s.term_started_at).is_ok());
    s.update_count = MAX_UPDATES;
    assert_eq!(
        plan_seat_change(&s, seats(31), s.term_started_at),
        Err(SeatChangeError::UpdateLimit { max: 1_200 })
    );
}

#[test]
fn seat_changes_need_an_active_paid_subscription() {
    let mut s = bought_30();
    assert_eq!(
        plan_seat_change(&s, seats(30), s.term_started_at),
        Err(SeatChangeError::Unchanged)
    );
    s.trial = true;
    assert_eq!(
        plan_seat_change(&s, seats(31), s.term_started_at),
        Err(SeatChangeError::Trial)
    );
    s.trial = false;
    s.status = SubscriptionStatus::Suspended;
    assert_eq!(
        plan_seat_change(&s, seats(31), s.term_started_at),
        Err(SeatChangeError::NotActive)
    );
}

#[test]
fn r_sub_22_cancel_within_168h_refunds_with_the_same_function() {
    let s = bought_30();
    let now = at(2026, 3, 2, 9, 0);
    let plan = plan_cancel(&s, false, now).unwrap();
    assert_eq!(plan.refund.minor, s.additions[0].refund(30, now));
    assert_eq!(plan.refund.minor, 30_000 - prorate(30_000, 2, 31));
    assert_eq!(plan_cancel(&s, true, now).unwrap().refund.minor, 30_000);
    let closed = s.term_started_at.plus(CHANGE_WINDOW);
    assert_eq!(
        plan_cancel(&s, false, closed),
        Err(CancelError::WindowClosed { closed_at: closed })
    );
    let mut cancelled = s.clone();
    cancelled.status = SubscriptionStatus::Cancelled;
    assert!(matches!(
        plan_cancel(&cancelled, false, now),
        Err(CancelError::NotCancellable { .. })
    ));
}

/// A 1-seat subscription of `term` / `frequency` at `price` per seat per
/// term, bought at `start`.
fn one_seat(term: Term, frequency: BillingFrequency, price: i64, start: Timestamp) -> SeatState {
    let mut s = SeatState {
        status: SubscriptionStatus::Active,
        trial: false,
        term,
        frequency,
        term_started_at: start,
        seat_price: Money::new(price, Currency::Usd),
        additions: Vec::new(),
        update_count: 0,
        paid_from: None,
        term_end: None,
    };
    s.additions.push(Addition {
        id: 1,
        seats: 1,
        added_at: start,
        charged: s.increase_charge(1, start),
        covered_until: s.billing_period(start.date()).end,
    });
    s
}

/// What a term's billing periods charge for all of `s`'s seats, in order:
/// the purchase on the term's first day, then the billing job's cycles.
fn term_charges(s: &SeatState) -> Vec<i64> {
    let mut charges = vec![s.increase_charge(s.seats(), s.term_started_at)];
    let term_end = s.term_period().end;
    let mut next = s.billing_period(s.term_started_at.date()).end;
    while next < term_end {
        let cycle = s.cycle_charge(next);
        assert_eq!(cycle.period.start, next, "periods follow each other");
        charges.push(cycle.total);
        next = cycle.period.end;
    }
    assert_eq!(next, term_end, "the periods end with the term");
    charges
}

/// R-BIL-02, hand-worked: a USD 10.00 year billed monthly is charged 0.83 or
/// 0.84 a month (the 2nd, 5th, 8th and 11th months 0.84), USD 10.00 in all;
/// rounding each month on its own charged 0.83 twelve times, 9.96.
#[test]
fn r_bil_02_twelve_monthly_charges_of_a_1000_year_sum_to_1000() {
    let s = one_seat(
        Term::P1Y,
        BillingFrequency::Monthly,
        1_000,
        at(2026, 1, 31, 9, 0),
    );
    let charges = term_charges(&s);
    assert_eq!(charges, [83, 84, 83, 83, 84, 83, 83, 84, 83, 83, 84, 83]);
    assert_eq!(charges.iter().sum::<i64>(), 1_000);
    // Three years billed annually: 333, 334, 333; monthly: 36 charges of
    // 27 or 28 (1000 / 36 = 27.8), 1000 in all.
    let annual = one_seat(
        Term::P3Y,
        BillingFrequency::Annual,
        1_000,
        at(2026, 1, 31, 9, 0),
    );
    assert_eq!(term_charges(&annual), [333, 334, 333]);
    let monthly = one_seat(
        Term::P3Y,
        BillingFrequency::Monthly,
        1_000,
        at(2026, 1, 31, 9, 0),
    );
    let charges = term_charges(&monthly);
    assert_eq!(charges.len(), 36);
    assert!(charges.iter().all(|c| *c == 27 || *c == 28));
    assert_eq!(charges.iter().sum::<i64>(), 1_000);
}

/// R-SUB-08: an increase pays its period's charge for the days left: added
/// on the first day of the 2nd month (whose charge is 84) it pays 84, on its
/// 16th day (13 of February's 28 days left) 84 × 13 / 28 = 39; on the first
/// day of the 3rd month (charge 83) 83.
#[test]
fn r_sub_08_an_increase_pays_its_periods_installment_for_the_days_left() {
    let s = one_seat(
        Term::P1Y,
        BillingFrequency::Monthly,
        1_000,
        at(2026, 1, 1, 9, 0),
    );
    assert_eq!(s.increase_charge(1, at(2026, 2, 1, 0, 0)), 84);
    assert_eq!(s.increase_charge(1, at(2026, 2, 16, 12, 0)), 39);
    assert_eq!(s.increase_charge(1, at(2026, 3, 1, 0, 0)), 83);
}

/// R-BIL-02, R-SUB-10: the billing job's cycle splits the period's charge
/// over the seats as consecutive portions. Ten seats of USD 0.42 a year pay
/// installment 1 of 4.20: round(4.20 × 2 / 12) − round(4.20 / 12) = 0.70 −
/// 0.35 = 0.35. The nine seats added three days before the cycle are still
/// reducible and carry 0.03 or 0.04 each (0.35 / 10 = 0.035): 0.31 together.
/// Rounding each share on its own gave each 0.04, 0.36 for nine seats: more
/// than the period was charged, and a decrease would have refunded it.
#[test]
fn r_sub_10_cycle_shares_never_exceed_the_periods_charge() {
    let mut s = one_seat(
        Term::P1Y,
        BillingFrequency::Monthly,
        42,
        at(2026, 3, 1, 10, 0),
    );
    for id in 2..=10 {
        s.additions.push(Addition {
            id,
            seats: 1,
            added_at: at(2026, 3, 29, 12, 0),
            charged: s.increase_charge(1, at(2026, 3, 29, 12, 0)),
            covered_until: date(2026, 4, 1),
        });
    }
    let cycle = s.cycle_charge(date(2026, 4, 1));
    assert_eq!(
        (cycle.total, cycle.period),
        (
            35,
            Period {
                start: date(2026, 4, 1),
                end: date(2026, 5, 1)
            }
        )
    );
    let shares: Vec<i64> = cycle.shares.iter().map(|(_, share)| *share).collect();
    assert_eq!(shares, [3, 4, 3, 4, 3, 4, 3, 4, 3]);
    assert_eq!(cycle.shares[0].0, 2, "the purchase's window has closed");
    assert_eq!(shares.iter().sum::<i64>(), 31);
}

/// Every term and billing frequency a catalog can sell (the pairs
/// `Catalog::check` accepts).
fn fitting_pairs() -> Vec<(Term, BillingFrequency)> {
    Term::ALL
        .into_iter()
        .flat_map(|t| BillingFrequency::ALL.map(|f| (t, f)))
        .filter(|(t, f)| f.periods(*t).is_some())
        .collect()
}

/// The billing job's cycle at `start` applied to `s` as jobs.rs writes it:
/// each reducible addition's share added to what it was charged. Returns
/// the cycle's total (its ledger entry).
fn bill_cycle(s: &mut SeatState, start: CivilDate) -> i64 {
    let cycle = s.cycle_charge(start);
    for (id, share) in &cycle.shares {
        let a = s.additions.iter_mut().find(|a| a.id == *id).unwrap();
        a.charged += share;
        a.covered_until = cycle.period.end;
    }
    cycle.total
}

/// Seats bought at a term's start, then increases in the eight days before
/// the first billing cycle, the cycle billed, and a moment in the eight days
/// after it; with the seat count to change to and the ledger's total.
fn arb_billed() -> impl Strategy<Value = (SeatState, Timestamp, u32, i64)> {
    // Small prices and seat counts too: where one rounding per share shows.
    (
        prop_oneof![1u32..3, 1u32..50],
        prop_oneof![0i64..100, 0i64..1_000_000],
        prop::sample::select(vec![
            (Term::P1Y, BillingFrequency::Monthly),
            (Term::P3Y, BillingFrequency::Monthly),
        ]),
        0i64..365,
        prop::collection::vec((prop_oneof![1u32..2, 1u32..20], 0i64..(8 * 24 * 60)), 1..10),
        0i64..(8 * 24 * 60),
        1u32..200,
    )
        .prop_map(
            |(first, price, (term, frequency), day, extra, after, target)| {
                let start = date(2026, 1, 1).add_days(day).start().plus(Span::hours(13));
                let mut s = one_seat(term, frequency, price, start);
                s.additions[0].seats = first;
                s.additions[0].charged = s.increase_charge(first, start);
                let mut ledger = s.additions[0].charged;
                let boundary = s.billing_period(start.date()).end;
                let mut extra = extra;
                extra.sort_by_key(|e| std::cmp::Reverse(e.1));
                for (i, (n, minute)) in extra.into_iter().enumerate() {
                    let t = boundary.start().minus(Span::minutes(minute + 1));
                    let charged = s.increase_charge(n, t);
                    ledger += charged;
                    s.additions.push(Addition {
                        id: i as i64 + 2,
                        seats: n,
                        added_at: t,
                        charged,
                        covered_until: boundary,
                    });
                }
                ledger += bill_cycle(&mut s, boundary);
                (
                    s,
                    boundary.start().plus(Span::minutes(after)),
                    target,
                    ledger,
                )
            },
        )
}

proptest! {
    /// R-BIL-02: for every term and billing frequency, a term's billing
    /// periods add up to its price exactly, whatever the price; each is the
    /// even share rounded down or up; none is negative.
    #[test]
    fn r_bil_02_a_terms_periods_sum_to_its_price(
        (term, frequency) in prop::sample::select(fitting_pairs()),
        price in prop_oneof![0i64..10_000, 0i64..=crate::catalog::MAX_SEAT_PRICE],
        seats in 1u32..=MAX_SEATS,
        day in 0i64..(4 * 365),
        minute in 0i64..(24 * 60),
    ) {
        let start = date(2026, 1, 1).add_days(day).start().plus(Span::minutes(minute));
        let mut s = one_seat(term, frequency, price, start);
        s.additions[0].seats = seats;
        let n = i64::from(frequency.periods(term).unwrap());
        let whole = price.checked_mul(i64::from(seats)).unwrap();
        let (low, high) = (whole / n, whole / n + i64::from(whole % n != 0));
        let charges = term_charges(&s);
        prop_assert_eq!(charges.len() as i64, n);
        prop_assert_eq!(charges.iter().map(|c| i128::from(*c)).sum::<i128>(), i128::from(whole));
        for c in charges {
            prop_assert!(c >= 0);
            prop_assert!(c == low || c == high, "{} not {}/{}", c, whole, n);
        }
    }

    /// R-SUB-10, R-BIL-02: after a billing cycle charged the seats still in
    /// their window, a decrease refunds no addition more than it was charged,
    /// and never more than the ledger holds; the cycle's shares never add up
    /// to more than the cycle charged (all seats' shares to exactly that).
    #[test]
    fn r_sub_10_refunds_after_a_cycle_stay_within_what_was_charged(
        (s, now, target, ledger) in arb_billed()
    ) {
        let boundary = s.billing_period(s.term_started_at.date()).end;
        let cycle = s.cycle_charge(boundary);
        prop_assert!(cycle.shares.iter().map(|(_, x)| x).sum::<i64>() <= cycle.total);
        // Had every addition been reducible, their shares would be the whole charge.
        let mut all_open = s.clone();
        for a in &mut all_open.additions {
            a.added_at = boundary.start().minus(Span::minutes(1));
        }
        let all = all_open.cycle_charge(boundary);
        prop_assert_eq!(all.shares.len(), s.additions.len());
        prop_assert_eq!(all.shares.iter().map(|(_, x)| x).sum::<i64>(), all.total);
        prop_assert!(s.additions.iter().map(|a| a.charged).sum::<i64>() <= ledger);
        if let Ok(SeatChange::Decrease { takes, refund, .. }) = plan_seat_change(&s, seats(target), now) {
            for t in &takes {
                let a = s.additions.iter().find(|a| a.id == t.addition_id).unwrap();
                let (charged, _) = split(a.charged, i64::from(t.seats), i64::from(a.seats));
                prop_assert!(t.refund >= 0 && t.refund <= charged);
            }
            prop_assert!(refund.minor <= ledger);
        }
    }

    /// R-SUB-22: a cancellation refunds no addition more than it was charged,
    /// and (also the full refund of a Marketplace offer) never more than the
    /// ledger holds.
    #[test]
    fn r_sub_22_cancel_refunds_no_more_than_was_charged((s, now, _t) in arb_state(), marketplace in any::<bool>()) {
        if let Ok(plan) = plan_cancel(&s, marketplace, now) {
            for t in &plan.takes {
                let a = s.additions.iter().find(|a| a.id == t.addition_id).unwrap();
                prop_assert!(t.refund >= 0 && t.refund <= a.charged);
            }
            let charged: i64 = s.additions.iter().map(|a| a.charged).sum();
            prop_assert!(plan.refund.minor <= charged);
        }
    }
}

fn arb_state() -> impl Strategy<Value = (SeatState, Timestamp, u32)> {
    (
        1u32..500,
        0i64..1_000_000,
        prop::sample::select(vec![
            (Term::P1M, BillingFrequency::Monthly),
            (Term::P1Y, BillingFrequency::Monthly),
            (Term::P1Y, BillingFrequency::Annual),
            (Term::P3Y, BillingFrequency::Annual),
            (Term::P3Y, BillingFrequency::OncePerTerm),
        ]),
        prop::collection::vec((1u32..200, 0i64..(10 * 24 * 60)), 0..5),
        0i64..(12 * 24 * 60),
        1u32..2_000,
    )
        .prop_map(
            |(first, price, (term, frequency), extra, now_min, target)| {
                let start = at(2026, 1, 31, 13, 30);
                let mut s = SeatState {
                    status: SubscriptionStatus::Active,
                    trial: false,
                    term,
                    frequency,
                    term_started_at: start,
                    seat_price: Money::new(price, Currency::Eur),
                    additions: Vec::new(),
                    update_count: 0,
                    paid_from: None,
                    term_end: None,
                };
                // Buy, then add seats at the given minutes after the start, each
                // charged exactly as the increase rule says.
                let mut when = vec![(first, 0)];
                when.extend(extra);
                when.sort_by_key(|w| w.1);
                for (i, (n, minute)) in when.into_iter().enumerate() {
                    let t = start.plus(Span::minutes(minute));
                    let charged = s.increase_charge(n, t);
                    let covered_until = s.billing_period(t.date()).end;
                    s.additions.push(Addition {
                        id: i as i64 + 1,
                        seats: n,
                        added_at: t,
                        charged,
                        covered_until,
                    });
                }
                (s, start.plus(Span::minutes(now_min)), target)
            },
        )
}

proptest! {
    /// R-SUB-10 / R-BIL-02: a refund is never negative and never more than was charged.
    #[test]
    fn r_sub_10_refund_between_zero_and_charged((s, now, target) in arb_state()) {
        if let Ok(SeatChange::Decrease { takes, refund, .. }) = plan_seat_change(&s, seats(target), now) {
            for t in &takes {
                let a = s.additions.iter().find(|a| a.id == t.addition_id).unwrap();
                let (charged, _) = split(a.charged, i64::from(t.seats), i64::from(a.seats));
                prop_assert!(t.refund >= 0);
                prop_assert!(t.refund <= charged);
            }
            prop_assert_eq!(refund.minor, takes.iter().map(|t| t.refund).sum::<i64>());
            let total: i64 = s.additions.iter().map(|a| a.charged).sum();
            prop_assert!(refund.minor <= total);
        }
    }

    /// R-SUB-09: a decrease removes exactly the asked seats, only from open windows.
    #[test]
    fn r_sub_09_decrease_takes_only_open_additions((s, now, target) in arb_state()) {
        match plan_seat_change(&s, seats(target), now) {
            Ok(SeatChange::Decrease { removed, takes, .. }) => {
                prop_assert_eq!(removed, s.seats() - target);
                prop_assert_eq!(takes.iter().map(|t| t.seats).sum::<u32>(), removed);
                for t in &takes {
                    let a = s.additions.iter().find(|a| a.id == t.addition_id).unwrap();
                    prop_assert!(a.is_reducible(now));
                    prop_assert!(t.seats <= a.seats);
                }
            }
            Ok(SeatChange::Increase { added, charge, .. }) => {
                prop_assert_eq!(added, target - s.seats());
                prop_assert!(charge.minor >= 0);
            }
            Err(SeatChangeError::NotEnoughReducible { reducible, .. }) => {
                prop_assert!(reducible < s.seats() - target);
            }
            Err(SeatChangeError::WindowClosed { closed_at }) => {
                prop_assert!(closed_at <= now);
                prop_assert_eq!(s.reducible_seats(now), 0);
            }
            Err(e) => prop_assert_eq!(e, SeatChangeError::Unchanged),
        }
    }

    /// Preview = commit: the same state and pinned `now` give the same figure,
    /// also after a round trip through serde (what the browser receives).
    #[test]
    fn preview_equals_commit_for_the_same_inputs((s, now, target) in arb_state()) {
        let json = serde_json::to_string(&s).unwrap();
        let sent: SeatState = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(plan_seat_change(&sent, seats(target), now), plan_seat_change(&s, seats(target), now));
    }

    /// R-BIL-02: refunding an addition in two parts (as two decreases would)
    /// gives the whole refund, up to the one rounding each part adds.
    #[test]
    fn r_bil_02_refunds_of_all_parts_add_up((s, now, _t) in arb_state()) {
        for a in s.additions.iter().filter(|a| a.seats >= 2) {
            let half = a.seats / 2;
            let whole = a.refund(a.seats, now);
            let part = a.refund(half, now);
            let (charged_part, rest_charged) = split(a.charged, i64::from(half), i64::from(a.seats));
            let rest = Addition { seats: a.seats - half, charged: rest_charged, ..a.clone() };
            let rest_refund = rest.refund(rest.seats, now);
            prop_assert!((part + rest_refund - whole).abs() <= 1, "{part} + {rest_refund} vs {whole}");
            prop_assert!(part <= charged_part && rest_refund <= rest_charged);
            prop_assert_eq!(charged_part + rest_charged, a.charged);
        }
        for a in &s.additions {
            let whole = a.refund(a.seats, now);
            prop_assert!(whole >= 0 && whole <= a.charged);
        }
    }

    /// R-SUB-08: the increase charge never exceeds a whole period for those seats.
    #[test]
    fn r_sub_08_increase_never_exceeds_a_whole_period((s, now, target) in arb_state()) {
        let n = target.min(500);
        let (index, _) = s.billing_period_at(now.date());
        prop_assert!(s.increase_charge(n, now) <= s.period_charge(n, index));
        prop_assert!(s.increase_charge(n, now) >= 0);
    }
}
