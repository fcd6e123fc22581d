//! R-NOT-01: emails are written to the outbox in the same transaction as the
//! change that caused them, and delivered afterwards (SMTP when configured).

pub use domain::views::OutboxMessage;
use domain::{Language, Timestamp};
use sqlx::Row;

use crate::db::{Db, Tx};
use crate::emails::Email;
use crate::error::{Error, Result};

pub async fn enqueue(
    tx: &mut Tx,
    to: &str,
    lang: Language,
    email: Email,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO outbox (created_at, to_email, language, subject, body) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(now.millis())
    .bind(to)
    .bind(lang.code())
    .bind(email.subject)
    .bind(email.body)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The newest messages first (the demo mailbox page).
pub async fn list(db: &Db, limit: i64) -> Result<Vec<OutboxMessage>> {
    let rows = sqlx::query(
        "SELECT id, created_at, to_email, language, subject, body, sent_at FROM outbox ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.iter().map(message).collect())
}

fn message(r: &sqlx::any::AnyRow) -> OutboxMessage {
    OutboxMessage {
        id: r.get(0),
        created_at: Timestamp::from_millis(r.get(1)),
        to: r.get(2),
        language: r.get(3),
        subject: r.get(4),
        body: r.get(5),
        sent_at: r.get::<Option<i64>, _>(6).map(Timestamp::from_millis),
    }
}

/// SMTP delivery to a relay, e.g. `smtp://user:secret@mail.internal:25`.
/// The connection is plain SMTP: TLS, where needed, is the relay's job
/// (keeps the build free of a TLS stack the machines cannot fetch).
pub struct Smtp {
    transport: lettre::AsyncSmtpTransport<lettre::Tokio1Executor>,
    from: lettre::message::Mailbox,
}

impl Smtp {
    pub fn new(url: &str, from: &str) -> Result<Smtp> {
        let bad = |why: &str| Error::Internal(format!("BC_SMTP_URL: {why}"));
        let rest = url
            .strip_prefix("smtp://")
            .ok_or_else(|| bad("expected smtp://host[:port]"))?;
        let (credentials, host_port) = match rest.rsplit_once('@') {
            Some((userinfo, host)) => (Some(userinfo), host),
            None => (None, rest),
        };
        let host_port = host_port.trim_end_matches('/');
        let (host, port) = match host_port.rsplit_once(':') {
            Some((h, p)) => (
                h,
                p.parse::<u16>().map_err(|_| bad("port is not a number"))?,
            ),
            None => (host_port, 25),
        };
        if host.is_empty() {
            return Err(bad("no host"));
        }
        let mut builder =
            lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::builder_dangerous(host)
                .port(port);
        if let Some(userinfo) = credentials {
            let (user, secret) = userinfo.split_once(':').unwrap_or((userinfo, ""));
            builder =
                builder.credentials(lettre::transport::smtp::authentication::Credentials::new(
                    user.to_string(),
                    secret.to_string(),
                ));
        }
        let from = from
            .parse()
            .map_err(|e| Error::Internal(format!("BC_MAIL_FROM: {e}")))?;
        Ok(Smtp {
            transport: builder.build(),
            from,
        })
    }

    /// Sends what is pending, oldest first. A message is claimed by a
    /// conditional update so two server processes never send it twice.
    pub async fn deliver_pending(&self, db: &Db, now: Timestamp) -> Result<usize> {
        use lettre::AsyncTransport;
        let rows = sqlx::query(
            "SELECT id, created_at, to_email, language, subject, body, sent_at FROM outbox \
             WHERE sent_at IS NULL AND attempts < 10 ORDER BY id LIMIT 50",
        )
        .fetch_all(db.pool())
        .await?;
        let mut sent = 0;
        for msg in rows.iter().map(message) {
            // Each claim and release is its own short write transaction: the
            // SMTP conversation happens with no transaction open.
            let mut tx = db.begin().await?;
            let claimed = sqlx::query(
                "UPDATE outbox SET sent_at = $1, attempts = attempts + 1 WHERE id = $2 AND sent_at IS NULL",
            )
            .bind(now.millis())
            .bind(msg.id)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            if claimed.rows_affected() == 0 {
                continue;
            }
            let email = lettre::Message::builder()
                .from(self.from.clone())
                .to(msg
                    .to
                    .parse()
                    .map_err(|e| Error::Internal(format!("recipient: {e}")))?)
                .subject(msg.subject)
                .header(lettre::message::header::ContentType::TEXT_PLAIN)
                .body(msg.body)
                .map_err(|e| Error::Internal(e.to_string()))?;
            if let Err(e) = self.transport.send(email).await {
                // Release the claim so a later run retries.
                let mut tx = db.begin().await?;
                sqlx::query("UPDATE outbox SET sent_at = NULL, last_error = $1 WHERE id = $2")
                    .bind(e.to_string())
                    .bind(msg.id)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
            } else {
                sent += 1;
            }
        }
        Ok(sent)
    }
}
