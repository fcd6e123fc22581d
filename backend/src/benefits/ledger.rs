//! Reading benefit rows and writing ledger rows and audit entries, shared by
//! the benefit use cases.

use domain::benefit_views::BenefitView;
use domain::benefits::{is_expired, BenefitKind, TransactionKind};
use domain::Timestamp;
use serde_json::Value;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::actor::Actor;
use crate::audit;
use crate::db::Tx;
use crate::error::{Error, Result};

/// The columns `row` reads, in order.
pub const COLUMNS: &str = "id, kind, granted, used, remaining, expires_at, sa_id, program_code, \
                           access_code, purchasing_account_id, licenses, planning_from_conversion";

/// A benefit row with what the views and rules need.
pub struct Benefit {
    pub view: BenefitView,
    pub licenses: i64,
    pub planning_from_conversion: i64,
}

pub fn row(r: &AnyRow, now: Timestamp, domains: usize) -> Result<Benefit> {
    let code: String = r.get(1);
    let kind = BenefitKind::parse(&code)
        .ok_or_else(|| Error::Internal(format!("unknown benefit kind {code}")))?;
    let expires_at = Timestamp::from_millis(r.get(5));
    Ok(Benefit {
        view: BenefitView {
            id: r.get(0),
            kind,
            granted: r.get(2),
            used: r.get(3),
            remaining: r.get(4),
            expires_at,
            expired: is_expired(expires_at, now),
            sa_id: r.get(6),
            program_code: r.get(7),
            access_code: r.get(8),
            needs_domain: kind.needs_eligible_domain() && domains == 0,
        },
        licenses: r.get(10),
        planning_from_conversion: r.get(11),
    })
}

pub async fn domain_count(conn: &mut AnyConnection, account_id: i64) -> Result<usize> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM domains WHERE purchasing_account_id = $1")
            .bind(account_id)
            .fetch_one(conn)
            .await?;
    Ok(n as usize)
}

/// One benefit by id (already authorized).
pub async fn load(conn: &mut AnyConnection, benefit_id: i64, now: Timestamp) -> Result<Benefit> {
    let r = sqlx::query(&format!("SELECT {COLUMNS} FROM benefits WHERE id = $1"))
        .bind(benefit_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(Error::Forbidden)?;
    let account: i64 = r.get(9);
    let domains = domain_count(conn, account).await?;
    row(&r, now, domains)
}

/// The benefit of this kind on an account, if held.
pub async fn of_kind(
    conn: &mut AnyConnection,
    account_id: i64,
    kind: BenefitKind,
    now: Timestamp,
) -> Result<Option<Benefit>> {
    let r = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM benefits WHERE purchasing_account_id = $1 AND kind = $2"
    ))
    .bind(account_id)
    .bind(kind.code())
    .fetch_optional(&mut *conn)
    .await?;
    match r {
        Some(r) => Ok(Some(row(&r, now, domain_count(conn, account_id).await?)?)),
        None => Ok(None),
    }
}

/// Appends a ledger row (R-SAB-07).
#[allow(clippy::too_many_arguments)]
pub async fn transaction(
    tx: &mut Tx,
    benefit_id: i64,
    kind: TransactionKind,
    amount: i64,
    balance_after: i64,
    actor: Option<&Actor>,
    note: &str,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO benefit_transactions (benefit_id, at, kind, amount, balance_after, actor_user_id, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(benefit_id)
    .bind(now.millis())
    .bind(kind.code())
    .bind(amount)
    .bind(balance_after)
    .bind(actor.map(|a| a.user_id))
    .bind(note)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// R-AUD-01: an audit entry about the customer's benefits; when a partner
/// acts, the entry's actor organization differs from `customer_org`.
#[allow(clippy::too_many_arguments)]
pub async fn audit(
    tx: &mut Tx,
    actor: &Actor,
    customer_org: i64,
    action: &'static str,
    entity: &'static str,
    entity_id: i64,
    before: Option<Value>,
    after: Option<Value>,
    now: Timestamp,
) -> Result<()> {
    audit::record(
        tx,
        audit::Entry {
            actor: Some(actor),
            org_id: customer_org,
            action,
            entity,
            entity_id: entity_id.to_string(),
            before,
            after,
        },
        now,
    )
    .await
}
