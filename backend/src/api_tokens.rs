//! R-API-01: an organization's API tokens. Administrators create them with
//! some of their own roles and an expiry; the secret is shown once and only
//! its SHA-256 is kept. A request's token is looked up by that hash and acts
//! as its creator, with the token's roles that the creator still holds.

use domain::api_token::{
    acting_roles, may_manage_tokens, parse_token_request, token_status, ApiTokenForm, ApiTokenView,
    ApiTokensPage, CreatedToken, TokenSecret, TokenStatus,
};
use domain::{Role, Timestamp};
use serde_json::json;
use sqlx::Row;

use crate::actor::{self, Actor};
use crate::audit;
use crate::error::{Error, Result};
use crate::services::Services;
use crate::tokens::hash_token;

/// How often a token's "last used" is written: at most once a minute, so a
/// busy program does not turn every read into a write.
const LAST_USED_EVERY_MS: i64 = 60_000;

fn require_admin(actor: &Actor) -> Result<()> {
    if may_manage_tokens(actor.permissions()) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

fn roles_text(roles: &[Role]) -> String {
    roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")
}

fn parse_roles(text: &str) -> Vec<Role> {
    text.split(',').filter_map(Role::parse).collect()
}

fn new_secret() -> TokenSecret {
    loop {
        let mut bytes = [0u8; 64];
        getrandom::getrandom(&mut bytes).expect("the operating system's random source failed");
        if let Some(secret) = TokenSecret::from_random(&bytes) {
            return secret;
        }
    }
}

const COLUMNS: &str = "t.id, t.name, t.shown, t.roles, u.email, t.created_at, t.expires_at, t.last_used_at, t.revoked_at";

fn view(r: &sqlx::any::AnyRow, now: Timestamp) -> ApiTokenView {
    let expires_at = Timestamp::from_millis(r.get(6));
    let revoked_at = r.get::<Option<i64>, _>(8).map(Timestamp::from_millis);
    ApiTokenView {
        id: r.get(0),
        name: r.get(1),
        shown: r.get(2),
        roles: parse_roles(&r.get::<String, _>(3)),
        created_by: r.get(4),
        created_at: Timestamp::from_millis(r.get(5)),
        expires_at,
        last_used_at: r.get::<Option<i64>, _>(7).map(Timestamp::from_millis),
        status: token_status(expires_at, revoked_at, now),
    }
}

/// The organization's tokens, newest first, and the roles a new one may carry.
#[tracing::instrument(name = "api_tokens.page", skip_all, fields(actor = actor.user_id))]
pub async fn page(svc: &Services, actor: &Actor) -> Result<ApiTokensPage> {
    require_admin(actor)?;
    let now = svc.clock.now();
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.created_by \
         WHERE t.org_id = $1 ORDER BY t.id DESC"
    ))
    .bind(actor.org_id)
    .fetch_all(svc.db.pool())
    .await?;
    Ok(ApiTokensPage {
        tokens: rows.iter().map(|r| view(r, now)).collect(),
        // The creator's own roles: a token never carries more.
        roles: actor.roles.clone(),
    })
}

#[tracing::instrument(name = "api_tokens.create", skip_all, fields(actor = actor.user_id))]
pub async fn create(svc: &Services, actor: &Actor, form: &ApiTokenForm) -> Result<CreatedToken> {
    require_admin(actor)?;
    let now = svc.clock.now();
    let request = parse_token_request(form, &actor.roles, now).map_err(Error::Invalid)?;
    let secret = new_secret();
    let mut tx = svc.db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO api_tokens (org_id, created_by, name, shown, secret_hash, roles, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(actor.org_id)
    .bind(actor.user_id)
    .bind(&request.name)
    .bind(secret.shown())
    .bind(hash_token(secret.as_str()))
    .bind(roles_text(&request.roles))
    .bind(now.millis())
    .bind(request.expires_at.millis())
    .fetch_one(&mut *tx)
    .await?;
    let token = ApiTokenView {
        id,
        name: request.name.clone(),
        shown: secret.shown().to_string(),
        roles: request.roles.clone(),
        created_by: actor.email.clone(),
        created_at: now,
        expires_at: request.expires_at,
        last_used_at: None,
        status: TokenStatus::Live,
    };
    audit::record(
        &mut tx,
        audit::Entry {
            actor: Some(actor),
            org_id: actor.org_id,
            action: "api_token.create",
            entity: "api_token",
            entity_id: id.to_string(),
            before: None,
            after: Some(json!({
                "name": request.name,
                "roles": roles_text(&request.roles),
                "expires_at": request.expires_at.to_rfc3339(),
            })),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(CreatedToken {
        token,
        secret: secret.as_str().to_string(),
    })
}

/// Revokes one of the organization's tokens; the next request with it is
/// refused. Revoking a revoked token changes nothing.
#[tracing::instrument(name = "api_tokens.revoke", skip_all, fields(actor = actor.user_id, token_id = id))]
pub async fn revoke(svc: &Services, actor: &Actor, id: i64) -> Result<()> {
    require_admin(actor)?;
    let now = svc.clock.now();
    let mut tx = svc.db.begin().await?;
    let done = sqlx::query(
        "UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND org_id = $2 AND revoked_at IS NULL",
    )
    .bind(id)
    .bind(actor.org_id)
    .bind(now.millis())
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT id FROM api_tokens WHERE id = $1 AND org_id = $2")
                .bind(id)
                .bind(actor.org_id)
                .fetch_optional(&mut *tx)
                .await?;
        return match exists {
            Some(_) => Ok(()),
            None => Err(Error::Forbidden),
        };
    }
    audit::record(
        &mut tx,
        audit::Entry {
            actor: Some(actor),
            org_id: actor.org_id,
            action: "api_token.revoke",
            entity: "api_token",
            entity_id: id.to_string(),
            before: None,
            after: None,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A request's token, once checked.
#[derive(Clone, Debug)]
pub struct TokenActor {
    pub token_id: i64,
    pub actor: Actor,
}

/// The actor behind a bearer secret, if it is a live token of a user who
/// still exists; `None` for anything else (malformed, unknown, expired,
/// revoked), which the API answers with 401 alike.
#[tracing::instrument(name = "api_tokens.authenticate", skip_all)]
pub async fn authenticate(svc: &Services, secret: &str) -> Result<Option<TokenActor>> {
    let Ok(secret) = TokenSecret::parse(secret) else {
        return Ok(None);
    };
    let now = svc.clock.now();
    let row = sqlx::query(
        "SELECT id, created_by, roles, last_used_at, expires_at, revoked_at FROM api_tokens WHERE secret_hash = $1",
    )
    .bind(hash_token(secret.as_str()))
    .fetch_optional(svc.db.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let expires_at = Timestamp::from_millis(row.get(4));
    let revoked_at = row.get::<Option<i64>, _>(5).map(Timestamp::from_millis);
    if token_status(expires_at, revoked_at, now) != TokenStatus::Live {
        return Ok(None);
    }
    let token_id: i64 = row.get(0);
    let Some(mut actor) = actor::load(&svc.db, row.get(1)).await? else {
        return Ok(None);
    };
    actor.roles = acting_roles(&parse_roles(&row.get::<String, _>(2)), &actor.roles);
    let last_used: Option<i64> = row.get(3);
    if last_used.is_none_or(|t| now.millis() - t >= LAST_USED_EVERY_MS) {
        let mut tx = svc.db.begin().await?;
        sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1")
            .bind(token_id)
            .bind(now.millis())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    Ok(Some(TokenActor { token_id, actor }))
}
