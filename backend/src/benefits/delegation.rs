//! R-SAB-10: a partner asks for permission to manage a customer's benefits;
//! the customer approves, rejects or later removes it; the partner is told.
//! Only a partner with an accepted relationship (R-ORG-12) may ask.

use domain::benefit_views::DelegationView;
use domain::benefits::{
    decide_delegation, request_delegation, DelegationDecision, DelegationStatus,
};
use domain::{OrgKind, Permission, Role, Timestamp};
use serde_json::json;
use sqlx::Row;

use super::{emails, ledger};
use crate::accounts::relationships::{admins as holders, is_accepted};
use crate::actor::Actor;
use crate::error::{Code, Error, Result};
use crate::outbox;
use crate::services::Services;

const SELECT: &str = "SELECT d.id, d.partner_org_id, p.name, d.customer_org_id, c.name, d.status, \
     d.requested_at, d.decided_at FROM benefit_delegations d \
     JOIN organizations p ON p.id = d.partner_org_id JOIN organizations c ON c.id = d.customer_org_id";

fn status(code: &str) -> Result<DelegationStatus> {
    DelegationStatus::parse(code)
        .ok_or_else(|| Error::Internal(format!("unknown delegation status {code}")))
}

fn view(r: &sqlx::any::AnyRow) -> Result<DelegationView> {
    Ok(DelegationView {
        id: r.get(0),
        partner_org_id: r.get(1),
        partner_name: r.get(2),
        customer_org_id: r.get(3),
        customer_name: r.get(4),
        status: status(&r.get::<String, _>(5))?,
        requested_at: Timestamp::from_millis(r.get(6)),
        decided_at: r.get::<Option<i64>, _>(7).map(Timestamp::from_millis),
    })
}

fn require_partner(actor: &Actor) -> Result<()> {
    actor.require_kind(OrgKind::Partner)?;
    actor.require(Permission::ManageCustomerBenefits)
}

fn require_customer(actor: &Actor) -> Result<()> {
    actor.require_kind(OrgKind::Customer)?;
    actor.require(Permission::ManageRelationships)
}

/// R-SAB-10 (partner side): asks the customer for permission.
#[tracing::instrument(name = "benefits.delegation.request", skip_all, fields(actor = actor.user_id, customer_org))]
pub async fn request(svc: &Services, actor: &Actor, customer_org: i64) -> Result<i64> {
    require_partner(actor)?;
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    if !is_accepted(&mut *tx, actor.org_id, customer_org).await? {
        return Err(Error::Forbidden);
    }
    let existing = sqlx::query(
        "SELECT id, status FROM benefit_delegations WHERE partner_org_id = $1 AND customer_org_id = $2",
    )
    .bind(actor.org_id)
    .bind(customer_org)
    .fetch_optional(&mut *tx)
    .await?;
    let current = existing
        .as_ref()
        .map(|r| status(&r.get::<String, _>(1)))
        .transpose()?;
    request_delegation(current)?;
    let id: i64 = match existing {
        // The status guard makes a concurrent second request a conflict.
        Some(r) => {
            let id: i64 = r.get(0);
            let done = sqlx::query(
                "UPDATE benefit_delegations SET status = 'pending', requested_at = $1, decided_at = NULL \
                 WHERE id = $2 AND status = $3",
            )
            .bind(now.millis())
            .bind(id)
            .bind(current.map(|s| s.code()).unwrap_or_default())
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(Error::Conflict(Code::DelegationChanged));
            }
            id
        }
        None => sqlx::query_scalar(
            "INSERT INTO benefit_delegations (partner_org_id, customer_org_id, status, requested_at) \
             VALUES ($1, $2, 'pending', $3) RETURNING id",
        )
        .bind(actor.org_id)
        .bind(customer_org)
        .bind(now.millis())
        .fetch_one(&mut *tx)
        .await?,
    };
    let link = svc.link("/partner-benefits");
    for (to, lang) in holders(&mut tx, customer_org, Role::AccountAdministrator).await? {
        let email = emails::delegation_requested(lang, &actor.org_name, &link);
        outbox::enqueue(&mut tx, &to, lang, email, now).await?;
    }
    ledger::audit(
        &mut tx,
        actor,
        customer_org,
        "benefit_delegation.request",
        "benefit_delegation",
        id,
        current.map(|s| json!(s.code())),
        Some(json!(DelegationStatus::Pending.code())),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// R-SAB-10 (customer side): pending and approved requests.
#[tracing::instrument(name = "benefits.delegation.list_for_customer", skip_all, fields(actor = actor.user_id))]
pub async fn list_for_customer(svc: &Services, actor: &Actor) -> Result<Vec<DelegationView>> {
    require_customer(actor)?;
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE d.customer_org_id = $1 AND d.status IN ('pending', 'approved') ORDER BY p.name"
    ))
    .bind(actor.org_id)
    .fetch_all(svc.db.pool())
    .await?;
    rows.iter().map(view).collect()
}

/// Whether the customer has any request to show (the inventory's link to
/// "Partner manage benefits" appears only then).
#[tracing::instrument(name = "benefits.delegation.customer_has_requests", skip_all, fields(actor = actor.user_id))]
pub async fn customer_has_requests(svc: &Services, actor: &Actor) -> Result<bool> {
    Ok(!list_for_customer(svc, actor).await?.is_empty())
}

/// The partner's request to one customer, if any (partner side).
#[tracing::instrument(name = "benefits.delegation.for_partner", skip_all, fields(actor = actor.user_id, customer_org))]
pub async fn for_partner(
    svc: &Services,
    actor: &Actor,
    customer_org: i64,
) -> Result<Option<DelegationView>> {
    require_partner(actor)?;
    if !is_accepted(svc.db.pool(), actor.org_id, customer_org).await? {
        return Err(Error::Forbidden);
    }
    let row = sqlx::query(&format!(
        "{SELECT} WHERE d.partner_org_id = $1 AND d.customer_org_id = $2"
    ))
    .bind(actor.org_id)
    .bind(customer_org)
    .fetch_optional(svc.db.pool())
    .await?;
    row.as_ref().map(view).transpose()
}

/// R-SAB-10: Change status → Approve / Reject / Remove permission → Submit.
#[tracing::instrument(name = "benefits.delegation.decide", skip_all, fields(actor = actor.user_id, id, ?decision))]
pub async fn decide(
    svc: &Services,
    actor: &Actor,
    id: i64,
    decision: DelegationDecision,
) -> Result<DelegationStatus> {
    require_customer(actor)?;
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let row = sqlx::query(&format!("{SELECT} WHERE d.id = $1"))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(current) = row.as_ref().map(view).transpose()? else {
        return Err(Error::Forbidden);
    };
    if current.customer_org_id != actor.org_id {
        return Err(Error::Forbidden);
    }
    let next = decide_delegation(current.status, decision)?;
    let done = sqlx::query(
        "UPDATE benefit_delegations SET status = $1, decided_at = $2 WHERE id = $3 AND status = $4",
    )
    .bind(next.code())
    .bind(now.millis())
    .bind(id)
    .bind(current.status.code())
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(Error::Conflict(Code::DelegationChanged));
    }
    for (to, lang) in holders(&mut tx, current.partner_org_id, Role::GlobalAdministrator).await? {
        let email = emails::delegation_decided(lang, &actor.org_name, next);
        outbox::enqueue(&mut tx, &to, lang, email, now).await?;
    }
    let action = match decision {
        DelegationDecision::Approve => "benefit_delegation.approve",
        DelegationDecision::Reject => "benefit_delegation.reject",
        DelegationDecision::Remove => "benefit_delegation.remove",
    };
    ledger::audit(
        &mut tx,
        actor,
        actor.org_id,
        action,
        "benefit_delegation",
        id,
        Some(json!(current.status.code())),
        Some(json!(next.code())),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(next)
}
