//! R-ORG-12: a partner acts for a customer only through a relationship the
//! customer accepted; without one the partner sees nothing of that customer.

pub use domain::views::{CustomerView, RelationshipStatus, RelationshipView};
use domain::{AgreementNumber, Email, Language, OrgKind, Permission, Role, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::Row;

use super::agreements;
use crate::actor::Actor;
use crate::db::Tx;
use crate::error::{Code, Error, Fields, Result};
use crate::services::Services;
use crate::{audit, emails, outbox};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct RequestForm {
    pub agreement_number: String,
    pub admin_email: String,
}

/// A partner asks a customer, identified by an agreement number and its
/// purchasing account administrator's email (both must match).
#[tracing::instrument(name = "accounts.relationships.request", skip_all, fields(actor = actor.user_id))]
pub async fn request(svc: &Services, actor: &Actor, form: &RequestForm) -> Result<i64> {
    actor.require_kind(OrgKind::Partner)?;
    actor.require(Permission::RequestRelationship)?;
    let now = svc.now().await?;
    let mut fields = Fields::default();
    let agreement = fields.check(
        "agreement_number",
        AgreementNumber::parse(&form.agreement_number),
    );
    let email = fields.check("admin_email", Email::parse(&form.admin_email));
    fields.finish()?;
    let (Some(agreement), Some(email)) = (agreement, email) else {
        unreachable!("Fields::finish returned Ok only when every field parsed")
    };
    let mut tx = svc.db.begin().await?;
    let customer: Option<i64> = sqlx::query_scalar(
        "SELECT a.org_id FROM agreements a JOIN purchasing_accounts pa ON pa.agreement_id = a.id \
         WHERE a.number = $1 AND pa.admin_email = $2",
    )
    .bind(agreement.as_str())
    .bind(email.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(customer) = customer else {
        return Err(Error::field("agreement_number", &Code::CustomerNotFound));
    };
    let existing = sqlx::query(
        "SELECT id, status FROM relationships WHERE partner_org_id = $1 AND customer_org_id = $2",
    )
    .bind(actor.org_id)
    .bind(customer)
    .fetch_optional(&mut *tx)
    .await?;
    let id = match existing {
        Some(r) => {
            let id: i64 = r.get(0);
            match status(&r.get::<String, _>(1))? {
                RelationshipStatus::Accepted => {
                    return Err(Error::Conflict(Code::RelationshipExists))
                }
                RelationshipStatus::Pending => {
                    return Err(Error::Conflict(Code::RelationshipPending))
                }
                RelationshipStatus::Rejected | RelationshipStatus::Ended => {
                    sqlx::query("UPDATE relationships SET status = 'pending', requested_at = $1, decided_at = NULL WHERE id = $2")
                        .bind(now.millis())
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    id
                }
            }
        }
        None => sqlx::query_scalar(
            "INSERT INTO relationships (partner_org_id, customer_org_id, status, requested_at) \
             VALUES ($1, $2, 'pending', $3) RETURNING id",
        )
        .bind(actor.org_id)
        .bind(customer)
        .bind(now.millis())
        .fetch_one(&mut *tx)
        .await?,
    };
    let link = svc.link("/partners");
    for (to, lang) in admins(&mut tx, customer, Role::AccountAdministrator).await? {
        outbox::enqueue(
            &mut tx,
            &to,
            lang,
            emails::relationship_request(lang, &actor.org_name, &link),
            now,
        )
        .await?;
    }
    record(
        &mut tx,
        actor,
        customer,
        "relationship.request",
        id,
        None,
        RelationshipStatus::Pending,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

fn status(code: &str) -> Result<RelationshipStatus> {
    RelationshipStatus::parse(code)
        .ok_or_else(|| Error::Internal(format!("unknown relationship status {code}")))
}

/// The users of an organization holding `role`, with their language.
pub(crate) async fn admins(
    tx: &mut Tx,
    org_id: i64,
    role: Role,
) -> Result<Vec<(String, Language)>> {
    let rows = sqlx::query(
        "SELECT u.email, u.language FROM users u JOIN user_roles r ON r.user_id = u.id \
         WHERE u.org_id = $1 AND r.role = $2 ORDER BY u.id",
    )
    .bind(org_id)
    .bind(role.code())
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.get(0),
                Language::parse(&r.get::<String, _>(1)).unwrap_or_default(),
            )
        })
        .collect())
}

#[allow(clippy::too_many_arguments)]
async fn record(
    tx: &mut Tx,
    actor: &Actor,
    customer_org_id: i64,
    action: &'static str,
    id: i64,
    before: Option<RelationshipStatus>,
    after: RelationshipStatus,
    now: Timestamp,
) -> Result<()> {
    audit::record(
        tx,
        audit::Entry {
            actor: Some(actor),
            org_id: customer_org_id,
            action,
            entity: "relationship",
            entity_id: id.to_string(),
            before: before.map(|s| json!(s.code())),
            after: Some(json!(after.code())),
        },
        now,
    )
    .await
}

/// The customer's partners (any status), or the partner's customers.
#[tracing::instrument(name = "accounts.relationships.list", skip_all, fields(actor = actor.user_id))]
pub async fn list(svc: &Services, actor: &Actor) -> Result<Vec<RelationshipView>> {
    let (mine, theirs) = match actor.org_kind {
        OrgKind::Customer => {
            actor.require(Permission::ViewAgreements)?;
            ("customer_org_id", "partner_org_id")
        }
        OrgKind::Partner => {
            actor.require(Permission::ViewCustomers)?;
            ("partner_org_id", "customer_org_id")
        }
        OrgKind::Provider => return Err(Error::Forbidden),
    };
    let rows = sqlx::query(&format!(
        "SELECT r.id, o.id, o.name, o.country, r.status, r.requested_at FROM relationships r \
         JOIN organizations o ON o.id = r.{theirs} WHERE r.{mine} = $1 ORDER BY o.name"
    ))
    .bind(actor.org_id)
    .fetch_all(svc.db.pool())
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(RelationshipView {
                id: r.get(0),
                org_id: r.get(1),
                org_name: r.get(2),
                country: r.get(3),
                status: status(&r.get::<String, _>(4))?,
                requested_at: Timestamp::from_millis(r.get(5)),
            })
        })
        .collect()
}

/// The customer accepts or rejects a pending request, or ends an accepted one.
#[tracing::instrument(name = "accounts.relationships.decide", skip_all, fields(actor = actor.user_id, id, ?decision))]
pub async fn decide(
    svc: &Services,
    actor: &Actor,
    id: i64,
    decision: RelationshipStatus,
) -> Result<()> {
    actor.require_kind(OrgKind::Customer)?;
    actor.require(Permission::ManageRelationships)?;
    let from = match decision {
        RelationshipStatus::Accepted | RelationshipStatus::Rejected => RelationshipStatus::Pending,
        RelationshipStatus::Ended => RelationshipStatus::Accepted,
        RelationshipStatus::Pending => {
            return Err(Error::field("decision", &Code::DecisionInvalid))
        }
    };
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let row =
        sqlx::query("SELECT partner_org_id, customer_org_id FROM relationships WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(row) = row.filter(|r| r.get::<i64, _>(1) == actor.org_id) else {
        return Err(Error::Forbidden);
    };
    let partner: i64 = row.get(0);
    // The status guard turns a second, concurrent decision into a conflict.
    let done = sqlx::query(
        "UPDATE relationships SET status = $1, decided_at = $2 WHERE id = $3 AND status = $4",
    )
    .bind(decision.code())
    .bind(now.millis())
    .bind(id)
    .bind(from.code())
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(Error::Conflict(Code::RelationshipChanged));
    }
    if decision != RelationshipStatus::Ended {
        for (to, lang) in admins(&mut tx, partner, Role::GlobalAdministrator).await? {
            let email = emails::relationship_decision(
                lang,
                &actor.org_name,
                decision == RelationshipStatus::Accepted,
            );
            outbox::enqueue(&mut tx, &to, lang, email, now).await?;
        }
    }
    let action = match decision {
        RelationshipStatus::Accepted => "relationship.accept",
        RelationshipStatus::Rejected => "relationship.reject",
        _ => "relationship.end",
    };
    record(
        &mut tx,
        actor,
        actor.org_id,
        action,
        id,
        Some(from),
        decision,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Does the partner hold an accepted relationship with this customer?
pub async fn is_accepted<'c, E>(conn: E, partner_org_id: i64, customer_org_id: i64) -> Result<bool>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM relationships WHERE partner_org_id = $1 AND customer_org_id = $2 AND status = 'accepted'",
    )
    .bind(partner_org_id)
    .bind(customer_org_id)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// A partner's view of one customer: refused unless the customer accepted.
#[tracing::instrument(name = "accounts.relationships.customer_for_partner", skip_all, fields(actor = actor.user_id, customer_org_id))]
pub async fn customer_for_partner(
    svc: &Services,
    actor: &Actor,
    customer_org_id: i64,
) -> Result<CustomerView> {
    actor.require_kind(OrgKind::Partner)?;
    actor.require(Permission::ViewCustomers)?;
    // One connection for the three statements (see subscriptions::queries::list).
    let mut conn = svc.db.pool().acquire().await?;
    if !is_accepted(&mut *conn, actor.org_id, customer_org_id).await? {
        return Err(Error::Forbidden);
    }
    let row = sqlx::query("SELECT name, country FROM organizations WHERE id = $1")
        .bind(customer_org_id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(CustomerView {
        id: customer_org_id,
        name: row.get(0),
        country: row.get(1),
        agreements: agreements::of_org(&mut *conn, customer_org_id).await?,
    })
}
