use super::*;
use crate::catalog::{BillingFrequency, Term};
use crate::error::ErrorCode;
use crate::seats::Addition;
use crate::CivilDate;

fn at(y: i32, m: u32, d: u32, h: u32) -> Timestamp {
    Timestamp::from_ymd_hms(y, m, d, h, 0, 0).unwrap()
}

fn usd(minor: i64) -> Money {
    Money::new(minor, Currency::Usd)
}

fn seats(n: u32) -> Seats {
    Seats::new(n).unwrap()
}

/// Office 365 E3, 30 seats at USD 276.00 a seat a year billed monthly,
/// bought 2026-03-01 10:00: March charged 30 × 2,300 = USD 690.00.
fn e3() -> SeatState {
    let start = at(2026, 3, 1, 10);
    let mut s = SeatState::bought(
        false,
        Term::P1Y,
        BillingFrequency::Monthly,
        usd(27_600),
        start,
    );
    s.additions.push(Addition {
        id: 1,
        seats: 30,
        added_at: start,
        charged: 69_000,
        covered_until: CivilDate::new(2026, 4, 1).unwrap(),
    });
    s
}

/// Copilot for a year at USD 360.00 a seat, billed monthly or annually.
fn copilot(frequency: BillingFrequency) -> PaidOption {
    PaidOption {
        term: Term::P1Y,
        frequency,
        price: usd(36_000),
    }
}

fn copilot_options() -> Vec<PaidOption> {
    vec![
        copilot(BillingFrequency::Monthly),
        copilot(BillingFrequency::Annual),
        PaidOption {
            term: Term::P1M,
            frequency: BillingFrequency::Monthly,
            price: usd(3_300),
        },
    ]
}

fn plan(
    base: &SeatState,
    base_licenses: u32,
    option: PaidOption,
    n: u32,
    now: Timestamp,
) -> Result<AddonPlan, AttachError> {
    plan_addon(
        base,
        AddonRule::Copilot,
        base_licenses,
        &copilot_options(),
        option,
        seats(n),
        now,
    )
}

/// R-SUB-13: added on 2026-03-20 15:00, 12 of March's 31 days are left.
/// Billed monthly, 10 seats pay 10 × 3,000 × 12 / 31 = 11,612.90 → USD
/// 116.13 for 2026-03-20 – 03-31; billed annually, 10 × 36,000 × 346 / 365
/// = 341,260.27 → USD 3,412.60 for the rest of the base's year (to
/// 2027-02-28). Either way the add-on's term is the base's.
#[test]
fn r_sub_13_an_addon_is_charged_for_the_rest_of_the_base_term() {
    let base = e3();
    let now = at(2026, 3, 20, 15);
    let monthly = plan(&base, 30, copilot(BillingFrequency::Monthly), 10, now).unwrap();
    assert_eq!(monthly.charge, usd(11_613));
    assert_eq!(monthly.period.start, CivilDate::new(2026, 3, 1).unwrap());
    assert_eq!(monthly.period.end, CivilDate::new(2026, 4, 1).unwrap());
    assert_eq!(monthly.state.term_started_at, at(2026, 3, 1, 10));
    assert_eq!(monthly.state.term_period(), base.term_period());
    let annual = plan(&base, 30, copilot(BillingFrequency::Annual), 10, now).unwrap();
    assert_eq!(annual.charge, usd(341_260));
    assert_eq!(annual.period.end, CivilDate::new(2027, 3, 1).unwrap());
}

/// R-SUB-13 with R-SUB-05: Copilot up to the base licenses; only for the
/// base's term; only on an active paid base.
#[test]
fn r_sub_13_an_addon_needs_an_active_base_and_its_term() {
    let base = e3();
    let now = at(2026, 3, 20, 15);
    let monthly = copilot(BillingFrequency::Monthly);
    let too_many = plan(&base, 8, monthly, 10, now).unwrap_err();
    assert_eq!(
        too_many,
        AttachError::Quantity(AddonError::AboveMaximum { max: 8 })
    );
    assert_eq!(too_many.code(), "addon_above_maximum");
    assert_eq!(too_many.field_error().field, "seats");
    assert!(plan(&base, 8, monthly, 8, now).is_ok());
    let month_term = copilot_options()[2];
    assert_eq!(
        plan(&base, 30, month_term, 5, now),
        Err(AttachError::NotOffered)
    );
    let mut suspended = base.clone();
    suspended.status = SubscriptionStatus::Suspended;
    assert_eq!(
        plan(&suspended, 30, monthly, 5, now),
        Err(AttachError::BaseNotActive)
    );
    let mut trial = base;
    trial.trial = true;
    assert_eq!(
        plan(&trial, 30, monthly, 5, now),
        Err(AttachError::BaseNotActive)
    );
}

/// R-SUB-13 with R-SUB-22: cancelled on 2026-03-05 09:00, the base refunds
/// 69,000 − 69,000 × 5 / 31 (11,129.03 → 11,129) = 57,871; the 10 Copilot
/// seats added 2026-03-02 10:00 for 30,000 × 30 / 31 = 29,032 refund
/// 29,032 − 29,032 × 4 / 30 (3,870.93 → 3,871) = 25,161; together USD
/// 830.32. The add-on shares the base's window: closed at 2026-03-08 10:00.
#[test]
fn r_sub_13_cancelling_the_base_ends_its_addons_with_their_refunds() {
    let base = e3();
    let added = at(2026, 3, 2, 10);
    let planned = plan(&base, 30, copilot(BillingFrequency::Monthly), 10, added).unwrap();
    assert_eq!(planned.charge, usd(29_032));
    let mut state = planned.state;
    state.additions.push(Addition {
        id: 7,
        seats: 10,
        added_at: added,
        charged: planned.charge.minor,
        covered_until: planned.period.end,
    });
    let addon = TiedAddon {
        id: 2,
        name: "Microsoft 365 Copilot".into(),
        marketplace: false,
        state,
    };
    let cancel = plan_cancel_with_addons(
        &base,
        false,
        std::slice::from_ref(&addon),
        at(2026, 3, 5, 9),
    )
    .unwrap();
    assert_eq!(cancel.base.refund, usd(57_871));
    assert_eq!(cancel.addons.len(), 1);
    assert_eq!(cancel.addons[0].0, 2);
    assert_eq!(cancel.addons[0].1.refund, usd(25_161));
    assert_eq!(cancel.refund, usd(83_032));
    assert_eq!(
        plan_cancel_with_addons(&base, false, &[addon], at(2026, 3, 8, 10)),
        Err(CancelError::WindowClosed {
            closed_at: at(2026, 3, 8, 10)
        })
    );
}

/// R-SUB-13: an add-on comes back with its base, and renews only with it.
#[test]
fn r_sub_13_an_addon_follows_its_base_status() {
    use SubscriptionStatus::*;
    assert_eq!(
        check_addon_status(Suspended, false, true),
        Err(AttachError::BaseSuspended)
    );
    assert_eq!(check_addon_status(Active, false, true), Ok(()));
    assert_eq!(
        check_addon_status(Active, false, false),
        Err(AttachError::BaseAutoRenewOff)
    );
    assert_eq!(check_addon_status(Active, true, false), Ok(()));
    assert_eq!(
        check_addon_status(Cancelled, true, true),
        Err(AttachError::BaseNotActive)
    );
}

/// The eligible add-ons: those naming the base, sold for its term.
#[test]
fn the_addons_of_a_base_are_those_sold_for_its_term() {
    let catalog: Catalog = serde_json::from_str(
        r#"{"offers":[
          {"id":"e3","name":"E3","publisher":"microsoft","billing_type":"license_based","category":"enterprise",
           "segments":["commercial"],"terms":[
             {"term":"P1Y","frequencies":["monthly"],"prices":[{"minor":27600,"currency":"USD"}]},
             {"term":"P3Y","frequencies":["annual"],"prices":[{"minor":80000,"currency":"USD"}]}]},
          {"id":"copilot","name":"Copilot","publisher":"microsoft","billing_type":"license_based","category":"enterprise",
           "segments":["commercial"],"addon_of":["e3"],"addon_rule":"copilot","terms":[
             {"term":"P1Y","frequencies":["monthly","annual"],"prices":[{"minor":36000,"currency":"USD"}]}]},
          {"id":"edu-addon","name":"Edu","publisher":"microsoft","billing_type":"license_based","category":"enterprise",
           "segments":["education"],"addon_of":["e3"],"addon_rule":"plain","terms":[
             {"term":"P1Y","frequencies":["monthly"],"prices":[{"minor":100,"currency":"USD"}]}]}],
         "reservation_excluded_markets":[]}"#,
    )
    .unwrap();
    let e3_offer = catalog.offer("e3").unwrap();
    let base = e3();
    let found = catalog.addons_for(e3_offer, &base, Segment::Commercial, "US", Currency::Usd);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0.id, "copilot");
    assert_eq!(found[0].1.len(), 2);
    let mut three_years = base;
    three_years.term = Term::P3Y;
    assert!(catalog
        .addons_for(
            e3_offer,
            &three_years,
            Segment::Commercial,
            "US",
            Currency::Usd
        )
        .is_empty());
    assert!(catalog
        .addons_for(e3_offer, &e3(), Segment::Commercial, "US", Currency::Eur)
        .is_empty());
}
