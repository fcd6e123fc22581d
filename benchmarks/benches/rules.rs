//! The rules the browser runs on every keystroke and the server on every
//! commit: proration/refund and seat-change validation (R-SUB-08 … R-SUB-10).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use domain::{
    plan_cancel, plan_seat_change, prorate, Addition, BillingFrequency, CivilDate, Currency, Money,
    SeatState, Seats, Span, SubscriptionStatus, Term, Timestamp,
};

/// A subscription bought 2026-03-01 with `additions` later seat additions.
fn state(additions: usize) -> SeatState {
    let start = Timestamp::from_ymd_hms(2026, 3, 1, 10, 0, 0).unwrap();
    let mut s = SeatState {
        status: SubscriptionStatus::Active,
        trial: false,
        term: Term::P1Y,
        frequency: BillingFrequency::Monthly,
        term_started_at: start,
        seat_price: Money::new(223_200, Currency::Twd),
        additions: Vec::new(),
        update_count: 0,
        paid_from: None,
        term_end: None,
    };
    for i in 0..=additions {
        let at = start.plus(Span::hours(i as i64));
        let charged = s.increase_charge(10, at);
        s.additions.push(Addition {
            id: i as i64,
            seats: 10,
            added_at: at,
            charged,
            covered_until: CivilDate::new(2026, 4, 1).unwrap(),
        });
    }
    s
}

fn rules(c: &mut Criterion) {
    c.bench_function("prorate (i128, one rounding)", |b| {
        b.iter(|| prorate(black_box(1_234_567_890), black_box(17), black_box(31)))
    });
    let one = state(0);
    let now = Timestamp::from_ymd_hms(2026, 3, 3, 12, 0, 0).unwrap();
    c.bench_function("refund of one addition", |b| {
        b.iter(|| one.additions[0].refund(black_box(5), black_box(now)))
    });
    let many = state(50);
    let decrease = Seats::new(100).unwrap();
    c.bench_function("plan_seat_change: decrease across 51 additions", |b| {
        b.iter(|| plan_seat_change(black_box(&many), black_box(decrease), black_box(now)))
    });
    let increase = Seats::new(600).unwrap();
    c.bench_function("plan_seat_change: increase", |b| {
        b.iter(|| plan_seat_change(black_box(&many), black_box(increase), black_box(now)))
    });
    c.bench_function("Seats::parse + plan (one keystroke)", |b| {
        b.iter(|| Seats::parse(black_box("25")).map(|s| plan_seat_change(&one, s, now)))
    });
    c.bench_function("plan_cancel", |b| {
        b.iter(|| plan_cancel(black_box(&many), false, black_box(now)))
    });
}

criterion_group!(benches, rules);
criterion_main!(benches);
