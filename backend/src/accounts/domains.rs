//! R-ORG-10: domains associated with a purchasing account, unique per account.

pub use domain::views::DomainView;
use domain::{DomainName, OrgKind, Permission, Timestamp};
use serde_json::json;
use sqlx::Row;

use crate::actor::Actor;
use crate::audit;
use crate::benefits::access::{self, Need};
use crate::db::Tx;
use crate::error::{is_unique_violation, Code, Error, Result};
use crate::services::Services;

/// The organization that owns a purchasing account, once the actor may act
/// on its domains: the customer's own users by `permitted`, or a partner with
/// an approved benefit permission for that customer (R-SAB-11).
async fn account_org(
    conn: &mut sqlx::AnyConnection,
    actor: &Actor,
    account_id: i64,
    permitted: bool,
) -> Result<i64> {
    if actor.org_kind == OrgKind::Partner {
        return access::account(conn, actor, account_id, Need::Manage).await;
    }
    let org: Option<i64> = sqlx::query_scalar(
        "SELECT a.org_id FROM purchasing_accounts pa JOIN agreements a ON a.id = pa.agreement_id WHERE pa.id = $1",
    )
    .bind(account_id)
    .fetch_optional(conn)
    .await?;
    match org {
        Some(org) if permitted && org == actor.org_id => Ok(org),
        _ => Err(Error::Forbidden),
    }
}

#[tracing::instrument(name = "accounts.domains.list_domains", skip_all, fields(actor = actor.user_id, account_id))]
pub async fn list_domains(
    svc: &Services,
    actor: &Actor,
    account_id: i64,
) -> Result<Vec<DomainView>> {
    let permitted = actor.can(Permission::ViewAgreements) || actor.can(Permission::ManageDomains);
    account_org(
        &mut *svc.db.pool().acquire().await?,
        actor,
        account_id,
        permitted,
    )
    .await?;
    let rows = sqlx::query(
        "SELECT id, name, created_at FROM domains WHERE purchasing_account_id = $1 ORDER BY name",
    )
    .bind(account_id)
    .fetch_all(svc.db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| DomainView {
            id: r.get(0),
            name: r.get(1),
            created_at: Timestamp::from_millis(r.get(2)),
        })
        .collect())
}

#[tracing::instrument(name = "accounts.domains.add_domain", skip_all, fields(actor = actor.user_id, account_id))]
pub async fn add_domain(svc: &Services, actor: &Actor, account_id: i64, name: &str) -> Result<i64> {
    let permitted = actor.can(Permission::ManageDomains);
    let name = DomainName::parse(name).map_err(|e| Error::field("domain", &e))?;
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let org = account_org(&mut tx, actor, account_id, permitted).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO domains (purchasing_account_id, name, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(account_id)
    .bind(name.as_str())
    .bind(now.millis())
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            Error::Invalid(vec![domain::FieldError::new("domain", &Code::DomainTaken).with("domain", name.as_str())])
        } else {
            e.into()
        }
    })?;
    record(
        &mut tx,
        actor,
        org,
        "domain.add",
        id,
        None,
        Some(name.as_str()),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[tracing::instrument(name = "accounts.domains.remove_domain", skip_all, fields(actor = actor.user_id, domain_id))]
pub async fn remove_domain(svc: &Services, actor: &Actor, domain_id: i64) -> Result<()> {
    let permitted = actor.can(Permission::ManageDomains);
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let row = sqlx::query("SELECT purchasing_account_id, name FROM domains WHERE id = $1")
        .bind(domain_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(Error::Forbidden)?;
    let (account_id, name): (i64, String) = (row.get(0), row.get(1));
    let org = account_org(&mut tx, actor, account_id, permitted).await?;
    sqlx::query("DELETE FROM domains WHERE id = $1")
        .bind(domain_id)
        .execute(&mut *tx)
        .await?;
    record(
        &mut tx,
        actor,
        org,
        "domain.remove",
        domain_id,
        Some(&name),
        None,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn record(
    tx: &mut Tx,
    actor: &Actor,
    org_id: i64,
    action: &'static str,
    id: i64,
    before: Option<&str>,
    after: Option<&str>,
    now: Timestamp,
) -> Result<()> {
    audit::record(
        tx,
        audit::Entry {
            actor: Some(actor),
            org_id,
            action,
            entity: "domain",
            entity_id: id.to_string(),
            before: before.map(|n| json!(n)),
            after: after.map(|n| json!(n)),
        },
        now,
    )
    .await
}
