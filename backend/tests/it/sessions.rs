//! Sign-in throttling under parallel requests and session housekeeping
//! (R-ORG-06), on SQLite and PostgreSQL.

use crate::common::*;

use backend::sessions::{login, purge_expired, SESSION_LIFETIME};
use backend::Error;
use domain::{Span, LOGIN_PER_EMAIL};

/// R-ORG-06: 50 wrong passwords for one account at once, each from its own
/// address: the attempt is counted before the password check, so exactly
/// the 5 the limit allows are checked and the other 45 are told "too many
/// attempts" — also when PostgreSQL runs them side by side.
#[tokio::test]
async fn r_org_06_parallel_wrong_sign_ins_reach_the_password_check_at_most_five_times() {
    on_each_database(|svc| async move {
        let attempts = (0..50).map(|i| {
            let svc = svc.clone();
            tokio::spawn(async move {
                login(
                    &svc,
                    "admin@twprecision.example",
                    "wrong-password!",
                    &format!("198.51.100.{i}"),
                )
                .await
            })
        });
        let (mut checked, mut limited) = (0, 0);
        for attempt in futures::future::join_all(attempts).await {
            match attempt.expect("the task ran") {
                Err(Error::Invalid(errors)) if errors[0].code == "login_failed" => checked += 1,
                Err(Error::RateLimited) => limited += 1,
                other => panic!("unexpected answer {other:?}"),
            }
        }
        assert_eq!((checked, limited), (5, 45));
        assert_eq!(LOGIN_PER_EMAIL.max, 5);
        // The right password is refused too until the window has passed.
        let right = backend::seed::DEMO_PASSWORD;
        assert!(matches!(
            login(&svc, "admin@twprecision.example", right, "203.0.113.1").await,
            Err(Error::RateLimited)
        ));
        svc.clock.advance(LOGIN_PER_EMAIL.window);
        login(&svc, "admin@twprecision.example", right, "203.0.113.1")
            .await
            .expect("signs in once the window has passed");
    })
    .await;
}

/// R-ORG-06: only failures use up the limit — a successful sign-in gives
/// its counted attempt back, so people who sign in often are never locked out.
#[tokio::test]
async fn r_org_06_successful_sign_ins_do_not_count() {
    on_each_database(|svc| async move {
        for _ in 0..2 * LOGIN_PER_EMAIL.max {
            login(
                &svc,
                "reports@twprecision.example",
                backend::seed::DEMO_PASSWORD,
                "c",
            )
            .await
            .expect("signs in");
        }
        for _ in 0..LOGIN_PER_EMAIL.max - 1 {
            let wrong = login(&svc, "reports@twprecision.example", "wrong-password!", "c").await;
            assert!(matches!(wrong, Err(Error::Invalid(_))), "{wrong:?}");
        }
        // Four failures: one more attempt is allowed, and it succeeds.
        login(
            &svc,
            "reports@twprecision.example",
            backend::seed::DEMO_PASSWORD,
            "c",
        )
        .await
        .expect("the fifth attempt is within the limit");
    })
    .await;
}

/// Expired sessions are purged; live ones stay.
#[tokio::test]
async fn expired_sessions_are_purged() {
    on_each_database(|svc| async move {
        let first = login(
            &svc,
            "reports@twprecision.example",
            backend::seed::DEMO_PASSWORD,
            "c",
        )
        .await
        .unwrap();
        svc.clock.advance(Span::days(1));
        let second = login(
            &svc,
            "viewer@twprecision.example",
            backend::seed::DEMO_PASSWORD,
            "c",
        )
        .await
        .unwrap();
        let sessions = "SELECT COUNT(*) FROM sessions";
        assert_eq!(count(&svc, sessions).await, 2);
        // At the first one's end (a day after the start, then six more) it
        // is refused before any purge: expiry alone ends it.
        let first_ends = start().plus(SESSION_LIFETIME);
        svc.clock.advance(Span::days(6));
        assert_eq!(svc.clock.now(), first_ends);
        assert!(backend::sessions::actor_for_token(&svc, &first.token)
            .await
            .unwrap()
            .is_none());
        assert!(backend::sessions::actor_for_token(&svc, &second.token)
            .await
            .unwrap()
            .is_some());
        assert_eq!(count(&svc, sessions).await, 2);
        // Just before its end nothing goes; at its end it does.
        assert_eq!(
            purge_expired(&svc.db, first_ends.minus(Span::millis(1)))
                .await
                .unwrap(),
            0
        );
        assert_eq!(purge_expired(&svc.db, first_ends).await.unwrap(), 1);
        assert_eq!(count(&svc, sessions).await, 1);
    })
    .await;
}
