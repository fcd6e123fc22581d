use super::*;
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
    }
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
    // A trial never renews, even with auto-renew on.
    let mut trial = bought_30();
    trial.trial = true;
    assert_eq!(renews_on(&trial, true), None);
    assert_eq!(
        term_end_action(&trial, true, at(2027, 3, 1, 0, 0)),
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
        Period {
            start: date(2026, 2, 28),
            end: date(2026, 3, 31)
        }
    );
    let once = billing_period(
        date(2026, 1, 31),
        Term::P3Y,
        BillingFrequency::OncePerTerm,
        date(2027, 6, 1),
    );
    assert_eq!(
        once,
        Period {
            start: date(2026, 1, 31),
            end: date(2029, 1, 31)
        }
    );
    let annual = billing_period(
        date(2026, 1, 1),
        Term::P3Y,
        BillingFrequency::Annual,
        date(2027, 6, 1),
    );
    assert_eq!(
        annual,
        Period {
            start: date(2027, 1, 1),
            end: date(2028, 1, 1)
        }
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
        prop_assert!(s.increase_charge(n, now) <= s.period_charge(n));
        prop_assert!(s.increase_charge(n, now) >= 0);
    }
}
