//! R-ORG-06 sign-in with the work email and password; database-stored
//! sessions so any server process can serve any request.

use domain::{Email, Span, Timestamp, LOGIN_PER_CLIENT, LOGIN_PER_EMAIL};
use sqlx::Row;
use std::sync::LazyLock;

use crate::actor::{self, Actor};
use crate::db::{Db, Tx};
use crate::error::{Code, Error, Result};
use crate::services::Services;
use crate::{audit, passwords, rate_limit, tokens};

pub const SESSION_LIFETIME: Span = Span::days(7);

pub struct Session {
    /// The cookie value; only its hash is stored.
    pub token: String,
    pub actor: Actor,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("token", &"***")
            .field("actor", &self.actor)
            .finish()
    }
}

#[tracing::instrument(name = "sessions.login", skip_all)]
pub async fn login(svc: &Services, email: &str, password: &str, client: &str) -> Result<Session> {
    let now = svc.clock.now();
    let email = Email::parse(email).map_err(|e| Error::field("email", &e))?;
    let email_bucket = format!("login:email:{}", email.as_str());
    let client_bucket = format!("login:client:{client}");

    // Counted before the slow password check, so that parallel guesses
    // cannot all pass on the same count; a success gives the attempt back.
    let attempt = rate_limit::take(
        &svc.db,
        &[
            (email_bucket.as_str(), LOGIN_PER_EMAIL),
            (client_bucket.as_str(), LOGIN_PER_CLIENT),
        ],
        now,
    )
    .await?
    .ok_or(Error::RateLimited)?;
    let row = sqlx::query("SELECT id, password_hash FROM users WHERE email = $1")
        .bind(email.as_str())
        .fetch_optional(svc.db.pool())
        .await?;
    let (user_id, hash) = match row {
        Some(r) => (Some(r.get::<i64, _>(0)), Some(r.get::<String, _>(1))),
        None => (None, None),
    };
    let verified = passwords::verify(password, hash).await?;
    // One answer for an unknown email and a wrong password, so a response
    // never reveals whether an account exists.
    let Some(user_id) = user_id.filter(|_| verified) else {
        return Err(Error::field("", &Code::LoginFailed));
    };
    let mut tx = svc.db.begin().await?;
    rate_limit::give_back(&mut tx, attempt).await?;
    let token = create_session(&mut tx, user_id, now).await?;
    tx.commit().await?;
    let actor = actor::load(&svc.db, user_id)
        .await?
        .ok_or(Error::Unauthenticated)?;
    Ok(Session { token, actor })
}

pub(crate) async fn create_session(tx: &mut Tx, user_id: i64, now: Timestamp) -> Result<String> {
    let token = tokens::new_token();
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(tokens::hash_token(&token))
        .bind(user_id)
        .bind(now.millis())
        .bind(now.plus(SESSION_LIFETIME).millis())
        .execute(&mut **tx)
        .await?;
    Ok(token)
}

#[tracing::instrument(name = "sessions.logout", skip_all)]
pub async fn logout(svc: &Services, token: &str) -> Result<()> {
    let mut tx = svc.db.begin().await?;
    let user: Option<(i64, i64)> = sqlx::query_as(
        "SELECT u.id, u.org_id FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
    )
    .bind(tokens::hash_token(token))
    .fetch_optional(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(tokens::hash_token(token))
        .execute(&mut *tx)
        .await?;
    if let Some((user_id, org_id)) = user {
        let actor = actor::load_in(&mut tx, user_id).await?;
        audit::record(
            &mut tx,
            audit::Entry {
                actor: actor.as_ref(),
                org_id,
                action: "session.sign_out",
                entity: "user",
                entity_id: user_id.to_string(),
                before: None,
                after: None,
            },
            svc.clock.now(),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The signed-in user behind a session cookie, if the session is live: the
/// session, its user and their roles in one statement.
#[tracing::instrument(name = "sessions.actor_for_token", skip_all)]
pub async fn actor_for_token(svc: &Services, token: &str) -> Result<Option<Actor>> {
    static BY_SESSION: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT {} FROM sessions s JOIN users u ON u.id = s.user_id JOIN organizations o ON o.id = u.org_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2",
            actor::COLUMNS
        )
    });
    let row = sqlx::query(&BY_SESSION)
        .bind(tokens::hash_token(token))
        .bind(svc.clock.now().millis())
        .fetch_optional(svc.db.pool())
        .await?;
    row.as_ref().map(actor::from_row).transpose()
}

/// Deletes the expired sessions. They are refused already; purging keeps the
/// table from growing with every sign-in. Run by the periodic job.
pub async fn purge_expired(db: &Db, now: Timestamp) -> Result<u64> {
    let mut tx = db.begin().await?;
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now.millis())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}
