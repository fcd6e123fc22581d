//! R-NOT-01: the outbox delivers every email at least once, against a real
//! SMTP server (aiosmtpd, see `mail_server`): claims with a lease that
//! expires, dead letters with their reason, retries with backoff, TLS.

use crate::common::{self, on_each_database, postgres_pair};
use crate::mail_server::{MailServer, Security};

use backend::emails::Email;
use backend::outbox::{self, deliver_pending, Delivered, Smtp};
use backend::Services;
use domain::delivery::{retry_delay, LEASE, MAX_ATTEMPTS};
use domain::{Language, Span};
use sqlx::Row;

const FROM: &str = "Business Center <no-reply@bc.example>";

/// The demo data's own emails are marked sent, so each test sees only its own.
async fn only_test_mail(svc: &Services) {
    let mut tx = svc.db.begin().await.unwrap();
    sqlx::query("UPDATE outbox SET sent_at = created_at WHERE sent_at IS NULL")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// Writes one email to the outbox, as a use case does; returns its id.
async fn enqueue(svc: &Services, to: &str, subject: &str) -> i64 {
    let mut tx = svc.db.begin().await.unwrap();
    let email = Email {
        subject: subject.into(),
        body: format!("Body of {subject}."),
    };
    outbox::enqueue(&mut tx, to, Language::En, email, svc.clock.now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id_of(svc, subject).await
}

async fn id_of(svc: &Services, subject: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM outbox WHERE subject = $1")
        .bind(subject)
        .fetch_one(svc.db.pool())
        .await
        .unwrap()
}

/// `(sent, dead, attempts, next_attempt_at, last_error)` of one message.
async fn state(svc: &Services, id: i64) -> (bool, bool, i64, i64, Option<String>) {
    let r = sqlx::query(
        "SELECT sent_at, dead_at, attempts, next_attempt_at, last_error FROM outbox WHERE id = $1",
    )
    .bind(id)
    .fetch_one(svc.db.pool())
    .await
    .unwrap();
    (
        r.get::<Option<i64>, _>(0).is_some(),
        r.get::<Option<i64>, _>(1).is_some(),
        r.get(2),
        r.get(3),
        r.get(4),
    )
}

fn subjects(mail: &MailServer) -> Vec<String> {
    mail.received().into_iter().map(|m| m.subject).collect()
}

fn plain(mail: &MailServer) -> Smtp {
    Smtp::new(&format!("smtp://127.0.0.1:{}", mail.port), FROM, None).unwrap()
}

/// R-NOT-01: plain SMTP to a local relay, credentials percent-decoded from
/// the URL; the email arrives as written, once, with a stable Message-ID.
#[tokio::test]
async fn r_not_01_plain_delivery_end_to_end_with_credentials_from_the_url() {
    let mail = MailServer::start(Security::Plain, Some(("bc@mailer", "p@ss:word")));
    on_each_database(|svc| {
        let mail = &mail;
        async move {
            only_test_mail(&svc).await;
            let mut tx = svc.db.begin().await.unwrap();
            let email = backend::emails::admin_invitation(
                Language::ZhTw,
                "台灣精密工業",
                "1234567890",
                "http://bc.test/invitations/abc",
            );
            outbox::enqueue(
                &mut tx,
                "harry@wingtip.example",
                Language::ZhTw,
                email,
                svc.clock.now(),
            )
            .await
            .unwrap();
            tx.commit().await.unwrap();
            let id = id_of(&svc, "探索全新的商務中心").await;
            let url = format!("smtp://bc%40mailer:p%40ss%3Aword@127.0.0.1:{}", mail.port);
            let smtp = Smtp::new(&url, FROM, None).unwrap();
            let done = deliver_pending(&svc.db, &svc.clock, &smtp).await.unwrap();
            assert_eq!(
                done,
                Delivered {
                    sent: 1,
                    retried: 0,
                    dead: 0
                }
            );
            let got = mail.received();
            assert_eq!(got.len(), 1, "{got:?}");
            assert_eq!(got[0].to, vec!["harry@wingtip.example".to_string()]);
            assert_eq!(got[0].subject, "探索全新的商務中心");
            assert!(
                got[0]
                    .body
                    .contains("現在開始：http://bc.test/invitations/abc"),
                "{}",
                got[0].body
            );
            assert_eq!(got[0].auth.as_deref(), Some("bc@mailer"));
            let created = common::start().millis();
            assert_eq!(
                got[0].message_id,
                format!("<outbox.{id}.{created}@bc.example>")
            );
            assert_eq!(state(&svc, id).await, (true, false, 1, 0, None));
            // Sent is sent: the next run finds nothing.
            assert_eq!(
                deliver_pending(&svc.db, &svc.clock, &smtp).await.unwrap(),
                Delivered::default()
            );
            assert!(mail.received().is_empty());
        }
    })
    .await;
}

/// R-NOT-01: an email written at a business time ahead of the real clock
/// (the demo's test clock moved forward) goes out at once, not when the
/// real clock reaches that time. Found by the reliability suite's two-server
/// run: after the clock moved, new emails waited.
#[tokio::test]
async fn r_not_01_an_email_dated_ahead_by_the_test_clock_goes_out_at_once() {
    let mail = MailServer::start(Security::Plain, None);
    on_each_database(|svc| {
        let mail = &mail;
        async move {
            only_test_mail(&svc).await;
            let mut tx = svc.db.begin().await.unwrap();
            let email = Email {
                subject: "Dated ahead".into(),
                body: "Written 30 days ahead of the real clock.".into(),
            };
            let business_now = svc.clock.now().plus(Span::days(30));
            outbox::enqueue(
                &mut tx,
                "ahead@bc.example",
                Language::En,
                email,
                business_now,
            )
            .await
            .unwrap();
            tx.commit().await.unwrap();
            let done = deliver_pending(&svc.db, &svc.clock, &plain(mail))
                .await
                .unwrap();
            assert_eq!(done.sent, 1, "{done:?}");
            assert_eq!(subjects(mail), vec!["Dated ahead".to_string()]);
        }
    })
    .await;
}

/// R-NOT-01: a recipient that does not parse and one the relay refuses
/// (550) in the middle of a batch are dead-lettered with their reasons; the
/// emails before and after them go out.
#[tokio::test]
async fn r_not_01_bad_recipients_mid_batch_are_dead_lettered_and_the_rest_go_out() {
    let mail = MailServer::start(Security::Plain, None);
    on_each_database(|svc| {
        let mail = &mail;
        async move {
            only_test_mail(&svc).await;
            enqueue(&svc, "first@example.com", "first").await;
            let unparsable = enqueue(&svc, "not an address", "unparsable").await;
            let refused = enqueue(&svc, "reject@example.com", "refused").await;
            enqueue(&svc, "last@example.com", "last").await;
            let smtp = plain(mail);
            let done = deliver_pending(&svc.db, &svc.clock, &smtp).await.unwrap();
            assert_eq!(
                done,
                Delivered {
                    sent: 2,
                    retried: 0,
                    dead: 2
                }
            );
            assert_eq!(subjects(mail), vec!["first", "last"]);
            let (sent, dead, attempts, _, reason) = state(&svc, unparsable).await;
            assert_eq!((sent, dead, attempts), (false, true, 1));
            assert!(reason.unwrap().contains("recipient address does not parse"));
            let (_, dead, _, _, reason) = state(&svc, refused).await;
            assert!(dead);
            let reason = reason.unwrap();
            assert!(
                reason.contains("550") && reason.contains("No such user"),
                "{reason}"
            );
            // The provider sees both, newest first, and nothing is tried again.
            let letters = outbox::dead_letters(&svc.db, 10).await.unwrap();
            let listed: Vec<&str> = letters.iter().map(|d| d.subject.as_str()).collect();
            assert_eq!(listed, vec!["refused", "unparsable"]);
            assert_eq!(outbox::backlog(&svc.db).await.unwrap().dead, 2);
            svc.clock.advance(Span::days(1));
            assert_eq!(
                deliver_pending(&svc.db, &svc.clock, &smtp).await.unwrap(),
                Delivered::default()
            );
        }
    })
    .await;
}

/// R-NOT-01: a process that claimed an email and died before sending it
/// does not lose it: the email waits out the lease (5 minutes), then
/// another run sends it. Until then nobody sends it twice.
#[tokio::test]
async fn r_not_01_a_crash_between_claim_and_send_is_recovered_after_the_lease() {
    let mail = MailServer::start(Security::Plain, None);
    on_each_database(|svc| {
        let mail = &mail;
        async move {
            only_test_mail(&svc).await;
            let orphan = enqueue(&svc, "a@example.com", "claimed by a process that died").await;
            enqueue(&svc, "b@example.com", "unclaimed").await;
            let claim = outbox::delivery::claim(&svc.db, orphan, svc.clock.now())
                .await
                .unwrap()
                .expect("claimed");
            assert_eq!(claim.attempt, 1);
            drop(claim); // the process dies here
            let smtp = plain(mail);
            assert_eq!(
                deliver_pending(&svc.db, &svc.clock, &smtp)
                    .await
                    .unwrap()
                    .sent,
                1
            );
            assert_eq!(subjects(mail), vec!["unclaimed"]);
            svc.clock.advance(Span::millis(LEASE.as_millis() - 1_000));
            assert_eq!(
                deliver_pending(&svc.db, &svc.clock, &smtp).await.unwrap(),
                Delivered::default(),
                "still leased 4 min 59 s after the claim"
            );
            svc.clock.advance(Span::seconds(1));
            assert_eq!(
                deliver_pending(&svc.db, &svc.clock, &smtp)
                    .await
                    .unwrap()
                    .sent,
                1
            );
            assert_eq!(subjects(mail), vec!["claimed by a process that died"]);
            let (sent, dead, attempts, _, _) = state(&svc, orphan).await;
            assert_eq!((sent, dead, attempts), (true, false, 2));
        }
    })
    .await;
}

/// R-NOT-01: a passing failure (451) is retried after 30 s, 1 min, 2 min …
/// capped at an hour; the twelfth failure makes a dead letter. A good
/// email in the same batch is not held up.
#[tokio::test]
async fn r_not_01_passing_failures_back_off_then_become_dead_letters() {
    let mail = MailServer::start(Security::Plain, None);
    on_each_database(|svc| {
        let mail = &mail;
        async move {
            only_test_mail(&svc).await;
            let later = enqueue(&svc, "later@example.com", "greylisted").await;
            enqueue(&svc, "ok@example.com", "fine").await;
            let smtp = plain(mail);
            let start = svc.clock.now();
            let done = deliver_pending(&svc.db, &svc.clock, &smtp).await.unwrap();
            assert_eq!(
                done,
                Delivered {
                    sent: 1,
                    retried: 1,
                    dead: 0
                }
            );
            assert_eq!(subjects(mail), vec!["fine"]);
            let (_, _, attempts, next, reason) = state(&svc, later).await;
            assert_eq!((attempts, next), (1, start.millis() + 30_000));
            assert!(reason.unwrap().contains("451"));
            // Not due before its time.
            svc.clock.advance(Span::seconds(29));
            assert_eq!(
                deliver_pending(&svc.db, &svc.clock, &smtp).await.unwrap(),
                Delivered::default()
            );
            svc.clock.advance(Span::seconds(1));
            for attempt in 2..=MAX_ATTEMPTS {
                let done = deliver_pending(&svc.db, &svc.clock, &smtp).await.unwrap();
                let (_, dead, attempts, next, _) = state(&svc, later).await;
                assert_eq!(attempts, i64::from(attempt));
                if attempt < MAX_ATTEMPTS {
                    assert_eq!(done.retried, 1, "attempt {attempt}");
                    let wait = retry_delay(attempt);
                    assert_eq!(next, svc.clock.now().millis() + wait.as_millis());
                    svc.clock.advance(wait);
                } else {
                    assert_eq!(done.dead, 1);
                    assert!(dead);
                }
            }
            let letter = &outbox::dead_letters(&svc.db, 1).await.unwrap()[0];
            assert_eq!(letter.attempts, 12);
            assert!(
                letter
                    .reason
                    .starts_with("gave up after 12 attempts; the last: transient error (451)"),
                "{}",
                letter.reason
            );
            // 30 s + 1 + 2 + 4 + 8 + 16 + 32 min + 4 × 1 h after the first try.
            let elapsed = svc.clock.now().since(start).as_millis();
            assert_eq!(elapsed, ((5 * 60 + 3) * 60 + 30) * 1000);
            assert!(mail.received().is_empty(), "the relay never took it");
        }
    })
    .await;
}

/// R-NOT-01: when the relay cannot be reached, one email records the
/// failure and the batch stops (the rest would wait for the same timeout);
/// nothing is lost, nothing dead-lettered.
#[tokio::test]
async fn r_not_01_an_unreachable_relay_stops_the_batch() {
    on_each_database(|svc| async move {
        only_test_mail(&svc).await;
        let first = enqueue(&svc, "a@example.com", "one").await;
        let second = enqueue(&svc, "b@example.com", "two").await;
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port(); // free, and nothing listens once the listener is gone
        let smtp = Smtp::new(&format!("smtp://127.0.0.1:{closed}"), FROM, None).unwrap();
        let done = deliver_pending(&svc.db, &svc.clock, &smtp).await.unwrap();
        assert_eq!(
            done,
            Delivered {
                sent: 0,
                retried: 1,
                dead: 0
            }
        );
        let (sent, dead, attempts, _, reason) = state(&svc, first).await;
        assert_eq!((sent, dead, attempts), (false, false, 1));
        assert!(reason.is_some_and(|r| !r.is_empty()));
        assert_eq!(state(&svc, second).await.2, 0, "not tried");
        assert_eq!(outbox::backlog(&svc.db).await.unwrap().pending, 2);
    })
    .await;
}

/// R-NOT-01: two workers at once (on PostgreSQL two pools, as two server
/// processes) send every email, each exactly once.
#[tokio::test]
async fn r_not_01_two_workers_never_send_one_email_twice() {
    let mail = MailServer::start(Security::Plain, None);
    let run = |first: Services, second: Services| {
        let mail = &mail;
        async move {
            only_test_mail(&first).await;
            for n in 0..30 {
                enqueue(&first, &format!("r{n}@example.com"), &format!("race {n}")).await;
            }
            let (a, b) = (plain(mail), plain(mail));
            let (x, y) = tokio::join!(
                deliver_pending(&first.db, &first.clock, &a),
                deliver_pending(&second.db, &second.clock, &b)
            );
            let (x, y) = (x.unwrap(), y.unwrap());
            assert_eq!(x.sent + y.sent, 30, "{x:?} {y:?}");
            let mut got = subjects(mail);
            got.sort();
            let mut expected: Vec<String> = (0..30).map(|n| format!("race {n}")).collect();
            expected.sort();
            assert_eq!(got, expected, "each once");
        }
    };
    let svc = common::sqlite().await;
    run(svc.clone(), svc).await;
    if let Some(url) = std::env::var("BC_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
    {
        let (first, second) = postgres_pair(&url).await;
        run(first, second).await;
    }
}

/// R-NOT-01: STARTTLS, required, with the relay's certificate checked (a
/// self-signed one made trusted with `BC_SMTP_CA_FILE`) and credentials;
/// without that trust nothing is sent and the email waits.
#[tokio::test]
async fn r_not_01_starttls_checks_the_certificate_and_authenticates() {
    let mail = MailServer::start(Security::StartTls, Some(("mailer", "secret")));
    let ca = mail.cert_pem.clone().expect("a certificate");
    on_each_database(|svc| {
        let (mail, ca) = (&mail, &ca);
        async move {
            only_test_mail(&svc).await;
            let id = enqueue(&svc, "tls@example.com", "over starttls").await;
            let url = format!("smtp+starttls://mailer:secret@localhost:{}", mail.port);
            let untrusting = Smtp::new(&url, FROM, None).unwrap();
            let done = deliver_pending(&svc.db, &svc.clock, &untrusting)
                .await
                .unwrap();
            assert_eq!(
                done,
                Delivered {
                    sent: 0,
                    retried: 1,
                    dead: 0
                }
            );
            let reason = state(&svc, id).await.4.unwrap();
            assert!(
                reason.contains("tls error") || reason.contains("certificate"),
                "{reason}"
            );
            assert!(mail.received().is_empty());

            svc.clock.advance(Span::minutes(1));
            let trusting = Smtp::new(&url, FROM, Some(ca)).unwrap();
            let done = deliver_pending(&svc.db, &svc.clock, &trusting)
                .await
                .unwrap();
            assert_eq!(done.sent, 1);
            let got = mail.received();
            assert_eq!(got.len(), 1);
            assert_eq!(got[0].subject, "over starttls");
            assert_eq!(got[0].auth.as_deref(), Some("mailer"));
        }
    })
    .await;
}

/// R-NOT-01: implicit TLS (`smtps://`) from the first byte.
#[tokio::test]
async fn r_not_01_implicit_tls_delivers() {
    let mail = MailServer::start(Security::ImplicitTls, None);
    let ca = mail.cert_pem.clone().expect("a certificate");
    on_each_database(|svc| {
        let (mail, ca) = (&mail, &ca);
        async move {
            only_test_mail(&svc).await;
            enqueue(&svc, "tls@example.com", "over tls").await;
            let url = format!("smtps://localhost:{}", mail.port);
            let smtp = Smtp::new(&url, FROM, Some(ca)).unwrap();
            let done = deliver_pending(&svc.db, &svc.clock, &smtp).await.unwrap();
            assert_eq!(done.sent, 1);
            assert_eq!(subjects(mail), vec!["over tls"]);
        }
    })
    .await;
}

/// R-NOT-01: plain text to anything but this machine is refused when the
/// server starts, without repeating the password.
#[test]
fn r_not_01_plain_smtp_to_a_remote_relay_is_refused() {
    let e = Smtp::new("smtp://bc:hunter2@mail.example.com:25", FROM, None)
        .err()
        .expect("refused");
    let text = e.to_string();
    assert!(text.contains("only to localhost"), "{text}");
    assert!(!text.contains("hunter2"), "{text}");
}
