use super::*;
use crate::catalog::{BillingFrequency, Term};
use crate::money::Currency;
use crate::seats::Addition;
use crate::CivilDate;
use proptest::prelude::*;

fn at(y: i32, m: u32, d: u32, h: u32) -> Timestamp {
    Timestamp::from_ymd_hms(y, m, d, h, 0, 0).unwrap()
}

fn usd(minor: i64) -> Money {
    Money::new(minor, Currency::Usd)
}

/// `seats` of a year billed monthly at `price` a seat a year, bought at
/// `start`, its first month charged.
fn bought(price: i64, seats: u32, start: Timestamp) -> SeatState {
    let mut s = SeatState::bought(
        false,
        Term::P1Y,
        BillingFrequency::Monthly,
        usd(price),
        start,
    );
    let charged = s.increase_charge(seats, start);
    s.additions.push(Addition {
        id: 1,
        seats,
        added_at: start,
        charged,
        covered_until: s.billing_period(start.date()).end,
    });
    s.update_count = 1;
    s
}

/// Office 365 E3, 30 seats at USD 276.00 a seat a year billed monthly
/// (USD 690.00 a month for all), bought 2026-03-01 10:00.
fn e3() -> SeatState {
    bought(27_600, 30, at(2026, 3, 1, 10))
}

/// Microsoft 365 E3 as sold for a year billed monthly: USD 432.00 a seat.
fn m365_e3() -> PaidOption {
    PaidOption {
        term: Term::P1Y,
        frequency: BillingFrequency::Monthly,
        price: usd(43_200),
    }
}

fn seats(n: u32) -> Seats {
    Seats::new(n).unwrap()
}

/// R-SUB-14, R-SUB-15: upgraded on 2026-03-11, 21 of March's 31 days are
/// unused. A full upgrade credits 69,000 × 21 / 31 = 46,741.94 → USD 467.42
/// and charges 30 × 3,600 × 21 / 31 = 73,161.29 → USD 731.61 for the rest of
/// March; all seats move and the source keeps none.
#[test]
fn r_sub_15_a_full_upgrade_credits_the_unused_days_and_charges_the_rest_of_the_period() {
    let now = at(2026, 3, 11, 9);
    let plan = plan_upgrade(&e3(), Destination::New(m365_e3()), seats(30), now).unwrap();
    assert_eq!(plan.kind, UpgradeKind::Full);
    assert_eq!(plan.credit, usd(46_742));
    assert_eq!(plan.charge, usd(73_161));
    assert_eq!((plan.source_keeps, plan.target_seats), (0, 30));
    let march = Period {
        start: CivilDate::new(2026, 3, 1).unwrap(),
        end: CivilDate::new(2026, 4, 1).unwrap(),
    };
    assert_eq!((plan.credit_period, plan.charge_period), (march, march));
    assert_eq!(
        plan.moved,
        vec![Moved {
            addition_id: 1,
            seats: 30,
            charged: 69_000
        }]
    );
}

/// R-SUB-15: 10 of the 30 seats: the source keeps 20; the moved seats'
/// credit is their share of the USD 467.42 unused, 46,742 − round(46,742 ×
/// 20 / 30 = 31,161.33) = USD 155.81; the new co-terminous subscription
/// charges 10 × 3,600 × 21 / 31 = 24,387.10 → USD 243.87.
#[test]
fn r_sub_15_a_partial_upgrade_moves_some_seats_to_a_co_terminous_subscription() {
    let now = at(2026, 3, 11, 9);
    let source = e3();
    let plan = plan_upgrade(&source, Destination::New(m365_e3()), seats(10), now).unwrap();
    assert_eq!(plan.kind, UpgradeKind::Partial);
    assert_eq!(
        (plan.seats, plan.source_keeps, plan.target_seats),
        (10, 20, 10)
    );
    assert_eq!(plan.credit, usd(15_581));
    assert_eq!(plan.charge, usd(24_387));
    // 10 of 30 seats carry a third of the 69,000 charged.
    assert_eq!(plan.moved[0].charged, 23_000);
    let target = source.coterminous(m365_e3());
    assert_eq!(target.term_period(), source.term_period());
}

/// R-SUB-15, R-SUB-16: into an existing Microsoft 365 E3 bought 2026-03-02
/// 10:00 (its window closed on 03-09 10:00; its term ends 2027-03-02, after
/// the source's 2027-03-01): its billing kept, 10 seats pay 22 of its 31
/// days from 03-02: 36,000 × 22 / 31 = 25,548.39 → USD 255.48; it then holds
/// 15 + 10. One bought 03-08 10:00 is still in its window until 03-15
/// 10:00; one whose term ends 2027-02-01 ends earlier; a 3-year one's term
/// differs.
#[test]
fn r_sub_16_an_existing_target_is_chosen_only_past_its_window_with_the_same_term_ending_no_earlier()
{
    let now = at(2026, 3, 11, 9);
    let source = e3();
    let target = bought(43_200, 15, at(2026, 3, 2, 10));
    let plan = plan_upgrade(&source, Destination::Existing(&target), seats(10), now).unwrap();
    assert_eq!(plan.charge, usd(25_548));
    assert_eq!(plan.target_seats, 25);
    assert_eq!(
        plan.charge_period.start,
        CivilDate::new(2026, 3, 2).unwrap()
    );

    let in_window = bought(43_200, 15, at(2026, 3, 8, 10));
    assert_eq!(
        check_target(&source, &in_window, now),
        Err(UpgradeError::TargetInWindow {
            until: at(2026, 3, 15, 10)
        })
    );
    let earlier = bought(43_200, 15, at(2026, 2, 1, 10));
    assert_eq!(
        check_target(&source, &earlier, now),
        Err(UpgradeError::TargetEndsEarlier)
    );
    let mut three_years = bought(43_200, 15, at(2026, 3, 2, 10));
    three_years.term = Term::P3Y;
    assert_eq!(
        check_target(&source, &three_years, now),
        Err(UpgradeError::TargetTermDiffers)
    );
    assert_eq!(
        plan_upgrade(&source, Destination::Existing(&earlier), seats(10), now),
        Err(UpgradeError::TargetEndsEarlier)
    );
}

/// R-SUB-14: only an active paid subscription, never more seats than it
/// has, and a new target only for the source's term (it is co-terminous).
#[test]
fn r_sub_14_only_an_active_paid_subscription_upgrades() {
    let now = at(2026, 3, 11, 9);
    let mut suspended = e3();
    suspended.status = SubscriptionStatus::Suspended;
    let new = Destination::New(m365_e3());
    assert_eq!(
        plan_upgrade(&suspended, new, seats(10), now),
        Err(UpgradeError::NotActive)
    );
    let mut trial = e3();
    trial.trial = true;
    assert_eq!(
        plan_upgrade(&trial, new, seats(10), now),
        Err(UpgradeError::Trial)
    );
    assert_eq!(
        plan_upgrade(&e3(), new, seats(31), now),
        Err(UpgradeError::TooManySeats { seats: 30 })
    );
    let three_years = PaidOption {
        term: Term::P3Y,
        ..m365_e3()
    };
    assert_eq!(
        plan_upgrade(&e3(), Destination::New(three_years), seats(10), now),
        Err(UpgradeError::NotOffered)
    );
    let mut worn = e3();
    worn.update_count = crate::seats::MAX_UPDATES;
    assert_eq!(
        plan_upgrade(&worn, new, seats(10), now),
        Err(UpgradeError::UpdateLimit {
            max: crate::seats::MAX_UPDATES
        })
    );
}

/// R-SUB-14: the catalog's paths: its upgrade targets, then seed 004's
/// unsupported ones, refused with their own code; anything else is not a
/// path (a downgrade included); and a catalog whose paths lead back to an
/// offer (a downgrade) is refused.
#[test]
fn r_sub_14_upgrade_paths_come_from_the_catalog_and_unsupported_ones_are_refused() {
    let offer = |id: &str, targets: &[&str]| {
        format!(
            r#"{{"id":"{id}","name":"{id}","publisher":"microsoft","billing_type":"license_based",
            "category":"enterprise","segments":["commercial"],"upgrade_targets":{targets:?},
            "terms":[{{"term":"P1Y","frequencies":["monthly"],"prices":[{{"minor":100,"currency":"USD"}}]}}]}}"#
        )
    };
    let catalog = |e3_targets: &[&str], e5_targets: &[&str]| -> Catalog {
        serde_json::from_str(&format!(
            r#"{{"offers":[{},{},{}],"reservation_excluded_markets":[],
            "unsupported_upgrades":[{{"from":"e3","to":"ems"}}]}}"#,
            offer("e3", e3_targets),
            offer("e5", e5_targets),
            offer("ems", &[])
        ))
        .unwrap()
    };
    let c = catalog(&["e5"], &[]);
    c.check().unwrap();
    let e3 = c.offer("e3").unwrap();
    let paths: Vec<_> = c
        .upgrade_paths(e3)
        .iter()
        .map(|p| (p.target.id.as_str(), p.supported))
        .collect();
    assert_eq!(paths, vec![("e5", true), ("ems", false)]);
    assert_eq!(c.upgrade_target(e3, "e5").unwrap().id, "e5");
    assert_eq!(
        c.upgrade_target(e3, "ems").unwrap_err(),
        UpgradeError::Unsupported
    );
    let e5 = c.offer("e5").unwrap();
    assert_eq!(
        c.upgrade_target(e5, "e3").unwrap_err(),
        UpgradeError::NotAPath
    );
    let cyclic = catalog(&["e5"], &["e3"]);
    assert_eq!(
        cyclic.check().unwrap_err().problem,
        crate::catalog::CatalogProblem::UpgradeCycle
    );
    let listed_twice = catalog(&["e5", "ems"], &[]);
    assert_eq!(
        listed_twice.check().unwrap_err().problem,
        crate::catalog::CatalogProblem::BadUnsupportedUpgrade
    );
}

proptest! {
    /// R-SUB-14: whatever the price, the seats and the day of the first
    /// billing period, the credit for any number of moved seats never
    /// exceeds what those seats paid for the rest of the period: their
    /// exact share of the period's charge × unused days / days (worked out
    /// here in exact fractions), by more than the one minor unit of
    /// rounding; moving all seats credits exactly the unused part of the
    /// period's charge; the credit never grows from one day to the next;
    /// and the moved and the kept seats add up to the source's (R-SUB-15).
    #[test]
    fn r_sub_14_the_credit_never_exceeds_what_was_paid_for_the_unused_days(
        price in 0i64..5_000_000,
        all in 1u32..500,
        moved in 1u32..500,
        day in 0i64..31,
    ) {
        let k = moved.min(all);
        let source = bought(price, all, at(2026, 3, 1, 10));
        let paid = source.additions[0].charged;
        let now = at(2026, 3, 1, 12).plus(crate::Span::days(day));
        let left = 31 - day;
        let plan = plan_upgrade(&source, Destination::New(m365_e3()), seats(k), now).unwrap();
        let credit = i128::from(plan.credit.minor);
        let exact_num = i128::from(paid) * i128::from(left) * i128::from(k);
        let exact_den = 31 * i128::from(all);
        prop_assert!(credit * exact_den <= exact_num + exact_den, "credit {credit} > {exact_num}/{exact_den} + 1");
        prop_assert!(plan.credit.minor <= paid);
        let full = upgrade_credit(&source, all, now).0;
        prop_assert_eq!(i128::from(full), (i128::from(paid) * i128::from(left) * 2 + 31) / 62);
        if day < 30 {
            let tomorrow = now.plus(crate::Span::days(1));
            prop_assert!(upgrade_credit(&source, k, tomorrow).0 <= plan.credit.minor);
        }
        prop_assert_eq!(plan.seats + plan.source_keeps, all);
        prop_assert_eq!(plan.moved.iter().map(|m| m.seats).sum::<u32>(), k);
    }
}
