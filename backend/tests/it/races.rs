//! Rules that read rows they do not write, raced on PostgreSQL by two
//! server processes (two pools on one database). SQLite runs one write
//! transaction at a time, so these races exist only on PostgreSQL; each test
//! runs several rounds of two changes that are each allowed alone but not
//! together, and checks that at most one passed.

use crate::common;
use crate::subscriptions::{buy, cancel_as_previewed, line, review, set_seats, taiwan, SALES};

use backend::accounts::invitations::{resend, ResendForm};
use backend::accounts::users::{list_users, set_roles};
use backend::subscriptions::{cart, jobs, orders, queries};
use backend::{Error, Services};
use common::*;
use domain::{BillingFrequency, Role, Term};

const ROUNDS: usize = 8;

async fn seats(svc: &Services, id: i64) -> u32 {
    let partner = sign_in(svc, SALES).await;
    queries::detail(svc, &partner, id).await.unwrap().row.seats
}

/// Decision (R-ORG-07): an organization keeps an Account Administrator.
/// Two administrators demoting each other at once: one is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "PostgreSQL only: runs when BC_TEST_POSTGRES_URL is set"]
async fn r_org_07_two_administrators_demoting_each_other_keep_one() {
    let (first, second) = postgres_pair(&postgres_url()).await;
    const A: &str = "admin@twprecision.example";
    const B: &str = "agreements@twprecision.example";
    let a = sign_in(&first, A).await;
    let page = list_users(&first, &a, None).await.unwrap();
    let id_of = |email: &str| page.users.iter().find(|u| u.email == email).unwrap().id;
    let (a_id, b_id) = (id_of(A), id_of(B));
    let admins = format!(
        "SELECT COUNT(*) FROM user_roles r JOIN users u ON u.id = r.user_id \
         WHERE u.org_id = {} AND r.role = 'account_administrator'",
        a.org_id
    );
    for round in 0..ROUNDS {
        // One of the two is an administrator: they make the other one too.
        let a = sign_in(&first, A).await;
        let (promoter, other) = if a.roles.contains(&Role::AccountAdministrator) {
            (a, b_id)
        } else {
            (sign_in(&first, B).await, a_id)
        };
        set_roles(&first, &promoter, other, &["account_administrator".into()])
            .await
            .unwrap();
        let a = sign_in(&first, A).await;
        let b = sign_in(&second, B).await;
        let viewer = vec!["account_viewer".to_string()];
        let (ra, rb) = tokio::join!(
            set_roles(&first, &a, b_id, &viewer),
            set_roles(&second, &b, a_id, &viewer),
        );
        let refused = [&ra, &rb]
            .iter()
            .filter(|r| matches!(r, Err(Error::Conflict(backend::Code::LastAdministrator))))
            .count();
        assert_eq!(
            (refused, count(&first, &admins).await),
            (1, 1),
            "round {round}: {ra:?} {rb:?}"
        );
    }
}

/// R-SUB-02: a one-per-customer offer bought by two users at once: one order
/// is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "PostgreSQL only: runs when BC_TEST_POSTGRES_URL is set"]
async fn r_sub_02_one_per_customer_offer_bought_twice_at_once_is_held_once() {
    let (first, second) = postgres_pair(&postgres_url()).await;
    let customer = taiwan(&first).await;
    let sales = sign_in(&first, SALES).await;
    let agent = sign_in(&second, "adminagent@contoso-partner.example").await;
    let held = format!(
        "SELECT COUNT(*) FROM subscriptions WHERE customer_org_id = {customer} \
         AND offer_id = 'contoso-backup-m365' AND status IN ('active', 'suspended')"
    );
    for round in 0..ROUNDS {
        let cart = line(
            customer,
            "contoso-backup-m365",
            Term::P1Y,
            BillingFrequency::Monthly,
            5,
        );
        let sales_line = cart::add_to_cart(&first, &sales, &cart).await.unwrap();
        let agent_line = cart::add_to_cart(&second, &agent, &cart).await.unwrap();
        let (fa, fb) = (
            review(&first, &sales, customer, &format!("s{round}")).await,
            review(&second, &agent, customer, &format!("a{round}")).await,
        );
        let (ra, rb) = tokio::join!(
            orders::submit(&first, &sales, &fa),
            orders::submit(&second, &agent, &fb),
        );
        assert_eq!(
            count(&first, &held).await,
            1,
            "round {round}: {ra:?} {rb:?}"
        );
        let placed = [(&ra, &sales), (&rb, &agent)]
            .into_iter()
            .filter_map(|(r, who)| r.as_ref().ok().map(|order| (*order, who)))
            .collect::<Vec<_>>();
        assert_eq!(placed.len(), 1, "round {round}: {ra:?} {rb:?}");
        // Cancelled (refunded in full: a Marketplace offer), it is no longer
        // held, and the next round can buy it again.
        let (order, who) = placed[0];
        let svc = if std::ptr::eq(who, &sales) {
            &first
        } else {
            &second
        };
        let id = orders::order(svc, who, order).await.unwrap().lines[0]
            .subscription_id
            .unwrap();
        cancel_as_previewed(svc, who, id).await.unwrap();
        // The refused order left its cart as it was.
        let (svc, who, line) = if ra.is_err() {
            (&first, &sales, sales_line)
        } else {
            (&second, &agent, agent_line)
        };
        cart::remove_cart_line(svc, who, line).await.unwrap();
    }
}

/// R-SUB-05: Copilot stays at most its base licenses when the base is
/// decreased and Copilot increased at once, each within bounds alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "PostgreSQL only: runs when BC_TEST_POSTGRES_URL is set"]
async fn r_sub_05_base_decrease_and_copilot_increase_at_once_keep_copilot_within_the_base() {
    let (first, second) = postgres_pair(&postgres_url()).await;
    let customer = taiwan(&first).await;
    let sales = sign_in(&first, SALES).await;
    let agent = sign_in(&second, "adminagent@contoso-partner.example").await;
    // Held in the demo data: Office 365 E3 120, Business Premium 30; with
    // Microsoft 365 E3 250 Copilot's base is 400.
    let e3 = buy(&first, &sales, customer, "m365-e3", Term::P1Y, 250).await;
    let copilot = buy(&first, &sales, customer, "m365-copilot", Term::P1Y, 300).await;
    for round in 0..ROUNDS {
        // E3 250 → 200 leaves 350 ≥ 300; Copilot 300 → 380 ≤ 400. Not both.
        let (ra, rb) = tokio::join!(
            set_seats(&first, &sales, e3, 200),
            set_seats(&second, &agent, copilot, 380),
        );
        let (base, addon) = (seats(&first, e3).await + 150, seats(&first, copilot).await);
        assert!(
            addon <= base && (ra.is_ok() != rb.is_ok()),
            "round {round}: Copilot {addon} with {base} base licenses: {ra:?} {rb:?}"
        );
        // Back to E3 250 and Copilot 300 (both changes are within their
        // 7-day windows: the clock does not move).
        if ra.is_ok() {
            set_seats(&first, &sales, e3, 250).await.unwrap();
        } else {
            set_seats(&first, &sales, copilot, 300).await.unwrap();
        }
    }
}

/// R-ORG-04: 20 resends of one invitation at once, from two processes and
/// as many clients, send at most the 3 an email address may get per hour.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "PostgreSQL only: runs when BC_TEST_POSTGRES_URL is set"]
async fn r_org_04_concurrent_resends_send_at_most_the_limit() {
    let (first, second) = postgres_pair(&postgres_url()).await;
    let before = outbox_count(&first).await;
    let form = ResendForm {
        email: "harry@wingtip.example".into(),
        agreement_number: "2345678901".into(),
        purchasing_account_number: "200300400".into(),
    };
    let attempts: Vec<_> = (0..20)
        .map(|i| {
            let svc = if i % 2 == 0 {
                first.clone()
            } else {
                second.clone()
            };
            let form = form.clone();
            tokio::spawn(async move { resend(&svc, &form, &format!("client-{i}")).await })
        })
        .collect();
    let mut limited = 0;
    for a in attempts {
        match a.await.unwrap() {
            Ok(()) => {}
            Err(Error::RateLimited) => limited += 1,
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!(limited, 17, "3 of 20 pass the per-email limit");
    assert_eq!(outbox_count(&first).await, before + 3, "3 emails sent");
}

/// R-SUB-18 with two processes: a renewal that falls due while a seat
/// change of the same subscription is committing renews the changed seats.
/// The seat change is held open here (its own statements: the row lock
/// that counts the update, the new addition) while the other process runs
/// the billing job, and commits after the job has read the subscription if
/// the job reads without waiting for the lock. Found by the reliability
/// suite's two-server run: such a renewal closed the new addition and
/// renewed the seats it had read, one fewer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "PostgreSQL only: runs when BC_TEST_POSTGRES_URL is set"]
async fn r_sub_18_a_renewal_during_a_seat_change_renews_the_changed_seats() {
    let (first, second) = postgres_pair(&postgres_url()).await;
    let customer = taiwan(&first).await;
    let sales = sign_in(&first, SALES).await;
    let id = buy(
        &first,
        &sales,
        customer,
        "m365-business-basic",
        Term::P1M,
        10,
    )
    .await;
    first.clock.advance(domain::Span::days(31));
    let mut change = second.db.begin().await.unwrap();
    for sql in [
        format!("UPDATE subscriptions SET update_count = update_count + 1 WHERE id = {id}"),
        format!(
            "INSERT INTO seat_additions (subscription_id, seats, added_at, charged, covered_until, reason) \
             VALUES ({id}, 1, {}, 0, 0, 'increase')",
            first.clock.now().millis()
        ),
    ] {
        sqlx::query(&sql).execute(&mut *change).await.unwrap();
    }
    let job = tokio::spawn({
        let svc = first.clone();
        async move { jobs::run_due(&svc, svc.now().await.unwrap()).await }
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    change.commit().await.unwrap();
    job.await.unwrap().unwrap();
    let renewals =
        format!("SELECT COUNT(*) FROM ledger WHERE subscription_id = {id} AND reason = 'renewal'");
    assert_eq!(count(&first, &renewals).await, 1, "renewed once");
    let renewed = format!(
        "SELECT CAST(SUM(seats) AS BIGINT) FROM seat_additions WHERE subscription_id = {id} AND closed = 0"
    );
    assert_eq!(
        count(&first, &renewed).await,
        11,
        "the renewal kept the new seat"
    );
    let charged =
        format!("SELECT seats FROM ledger WHERE subscription_id = {id} AND reason = 'renewal'");
    assert_eq!(count(&first, &charged).await, 11, "and charged it");
}
