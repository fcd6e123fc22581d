//! R-NOT-01: the provider sees failed deliveries and job failures and may
//! send a dead letter again; nobody else may. And the use cases are traced
//! without their secrets.

use std::sync::{Arc, Mutex};

use crate::common::{self, count, on_each_database, sign_in};

use backend::accounts::invitations::{self, AcceptForm};
use backend::emails::Email;
use backend::outbox::{self, deliver_pending, Smtp};
use backend::{operations, Error, Services};
use domain::Language;

const PROVIDER: &str = "ops@bc.example";

/// A dead letter (a recipient that does not parse needs no relay to fail)
/// and a job failure, with the demo's own emails out of the way.
async fn one_of_each(svc: &Services) -> i64 {
    let mut tx = svc.db.begin().await.unwrap();
    sqlx::query("UPDATE outbox SET sent_at = created_at WHERE sent_at IS NULL")
        .execute(&mut *tx)
        .await
        .unwrap();
    let email = Email {
        subject: "Your vouchers".into(),
        body: "…".into(),
    };
    outbox::enqueue(
        &mut tx,
        "not an address",
        Language::En,
        email,
        svc.clock.now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let nowhere = Smtp::new("smtp://127.0.0.1:9", "no-reply@bc.example", None).unwrap();
    let done = deliver_pending(&svc.db, &svc.clock, &nowhere)
        .await
        .unwrap();
    assert_eq!(done.dead, 1);
    backend::job_failures::record(
        &svc.db,
        "billing",
        "subscription 7",
        "stored term is invalid: P7X",
        svc.clock.now(),
    )
    .await
    .unwrap();
    outbox::dead_letters(&svc.db, 1).await.unwrap()[0].id
}

#[tokio::test]
async fn r_not_01_only_the_platform_administrator_sees_failures() {
    on_each_database(|svc| async move {
        let id = one_of_each(&svc).await;
        let provider = sign_in(&svc, PROVIDER).await;
        let view = operations::overview(&svc, &provider).await.unwrap();
        assert_eq!(view.dead_letters.len(), 1);
        assert_eq!(view.dead_letters[0].id, id);
        assert_eq!(view.dead_letters[0].to, "not an address");
        assert!(view.dead_letters[0].reason.contains("does not parse"));
        assert_eq!(view.job_failures.len(), 1);
        assert_eq!(view.job_failures[0].subject, "subscription 7");
        assert_eq!(view.outbox_pending, 0);
        for other in [
            "admin@twprecision.example",
            "global@contoso-partner.example",
        ] {
            let actor = sign_in(&svc, other).await;
            assert!(matches!(
                operations::overview(&svc, &actor).await,
                Err(Error::Forbidden)
            ));
            assert!(matches!(
                operations::retry_dead_letter(&svc, &actor, id).await,
                Err(Error::Forbidden)
            ));
        }
        assert_eq!(
            outbox::backlog(&svc.db).await.unwrap().dead,
            1,
            "still dead"
        );
    })
    .await;
}

/// R-AUD-01: sending a dead letter again is a change with its audit entry;
/// the email is due at once with a fresh set of attempts.
#[tokio::test]
async fn r_not_01_a_dead_letter_can_be_sent_again() {
    on_each_database(|svc| async move {
        let id = one_of_each(&svc).await;
        let provider = sign_in(&svc, PROVIDER).await;
        operations::retry_dead_letter(&svc, &provider, id).await.unwrap();
        let backlog = outbox::backlog(&svc.db).await.unwrap();
        assert_eq!((backlog.pending, backlog.dead), (1, 0));
        assert_eq!(
            count(&svc, &format!("SELECT attempts FROM outbox WHERE id = {id}")).await,
            0
        );
        assert_eq!(
            count(
                &svc,
                &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'outbox.retry' AND entity_id = '{id}' AND actor_user_id = {}", provider.user_id)
            )
            .await,
            1
        );
        assert!(
            matches!(
                operations::retry_dead_letter(&svc, &provider, id).await,
                Err(Error::Conflict(backend::Code::DeliveryNotDead))
            ),
            "no longer a dead letter"
        );
        assert!(matches!(
            operations::retry_dead_letter(&svc, &provider, id + 1_000_000).await,
            Err(Error::NotFound)
        ));
    })
    .await;
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Use cases open a span named for them, with the acting user, and never
/// record a password, a session token or an invitation token.
#[tokio::test]
async fn use_cases_are_traced_without_their_secrets() {
    let svc = common::sqlite().await;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::NEW)
        .with_max_level(tracing::Level::INFO)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    // tracing caches per callsite whether anyone listens. While only one
    // scoped subscriber exists, a callsite first reached on another thread
    // (a test running beside this one) asks only that thread's (none) and is
    // cached as unheard; with a second one alive, every registration asks all.
    let _second = tracing::Dispatch::new(tracing_subscriber::registry());
    tracing::callsite::rebuild_interest_cache();
    let password = "Wrong-Password-4711";
    assert!(
        backend::sessions::login(&svc, PROVIDER, password, "127.0.0.1")
            .await
            .is_err()
    );
    let token = "session-token-4711";
    assert!(backend::sessions::actor_for_token(&svc, token)
        .await
        .unwrap()
        .is_none());
    let form = AcceptForm {
        token: "invitation-token-4711".into(),
        name: "Harry".into(),
        password: "Accept-Password-4711".into(),
        confirm_password: "Accept-Password-4711".into(),
        country: "AU".into(),
        accept_terms: true,
    };
    assert!(invitations::accept(&svc, &form, "test").await.is_err());
    let provider = sign_in(&svc, PROVIDER).await;
    operations::overview(&svc, &provider).await.unwrap();
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    for span in [
        "sessions.login",
        "sessions.actor_for_token",
        "accounts.invitations.accept",
    ] {
        assert!(logs.contains(span), "{span} in {logs}");
    }
    assert!(
        logs.contains(&format!(
            "operations.overview{{actor={}}}",
            provider.user_id
        )),
        "{logs}"
    );
    assert!(!logs.contains("4711"), "a secret was logged: {logs}");
}
