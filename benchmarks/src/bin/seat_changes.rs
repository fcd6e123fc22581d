//! Committed seat changes per second through the full use case (transaction,
//! row lock, rules, additions, ledger + invoice, audit), on SQLite or
//! PostgreSQL: `seat_changes <database-url> [seconds] [workers]`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use backend::subscriptions::changes::change_seats;
use backend::subscriptions::queries;
use domain::subscription_views::SeatChangeForm;
use domain::{plan_seat_change, SeatChange, Seats};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let url = args
        .get(1)
        .expect("usage: seat_changes <database-url> [seconds] [workers]");
    let seconds: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10);
    let workers: i64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(32);
    // Production mode, as the figures in BENCHMARKS.md say.
    let svc = benchmarks::services(url, false).await;
    let customer = benchmarks::ensure_subscriptions(&svc, 200).await;
    let partner = backend::sessions::login(
        &svc,
        "sales@contoso-partner.example",
        backend::seed::DEMO_PASSWORD,
        "bench",
    )
    .await
    .expect("sign in")
    .actor;
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM subscriptions WHERE customer_org_id = $1 AND status = 'active' ORDER BY id",
    )
    .bind(customer)
    .fetch_all(svc.db.pool())
    .await
    .expect("ids");
    let done = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let tasks: Vec<_> = (0..workers)
        .map(|w| {
            let (svc, partner, done) = (svc.clone(), partner.clone(), done.clone());
            // Each worker owns its subscriptions, as different customers' admins would.
            let mine: Vec<i64> = ids
                .iter()
                .copied()
                .skip(w as usize)
                .step_by(workers as usize)
                .collect();
            tokio::spawn(async move {
                // Each commit sends the pin of the page read before it: a
                // pin is good for one version of the subscription, so after
                // each commit the page is read again, as the browser does.
                let mut i = 0;
                while Instant::now() < deadline {
                    let id = mine[i % mine.len()];
                    i += 1;
                    let page = queries::detail(&svc, &partner, id).await.expect("detail");
                    let target = Seats::new(page.state.seats() + 1).expect("seats");
                    let plan = plan_seat_change(&page.state, target, page.as_of).expect("plan");
                    let form = SeatChangeForm {
                        subscription_id: page.row.id,
                        seats: target.get().to_string(),
                        pin: page.pin,
                        expected: plan.amount().minor,
                    };
                    let committed = change_seats(&svc, &partner, &form)
                        .await
                        .expect("committed");
                    assert!(matches!(committed, SeatChange::Increase { .. }));
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    let started = Instant::now();
    for t in tasks {
        t.await.expect("worker");
    }
    let n = done.load(Ordering::Relaxed);
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{n} committed seat changes in {secs:.1} s = {:.0}/s ({workers} workers)",
        n as f64 / secs
    );
    assert!(
        backend::subscriptions::totals_agree(&svc.db)
            .await
            .expect("check"),
        "ledger = invoices"
    );
}
