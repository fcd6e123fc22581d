//! R-SAB-11: assign and revoke training vouchers. Assigning takes whole
//! training days from the Training Vouchers benefit (guarded, so concurrent
//! assignments never overdraw it), with a "use" ledger row, an audit entry
//! and the voucher emailed to the person in their language; revoking gives
//! the days back with a "release" row. One transaction each.

use domain::benefit_views::{NewVoucher, VoucherView};
use domain::benefits::{
    check_voucher_email, parse_voucher_days, voucher_code, BenefitKind, ConversionError,
    TransactionKind, VoucherError,
};
use domain::{Language, Timestamp};
use serde_json::json;
use sqlx::{AnyConnection, Row};

use super::access::{self, Need};
use super::emails;
use super::ledger;
use super::users::{eligible_domains, person, refuse, take};
use crate::actor::Actor;
use crate::error::{Code, Error, Fields, Result};
use crate::outbox;
use crate::services::Services;

/// R-SAB-11: assigns `form.days` training days to a person; returns the
/// assignment's id.
#[tracing::instrument(name = "benefits.vouchers.assign", skip_all, fields(actor = actor.user_id, benefit_id))]
pub async fn assign(
    svc: &Services,
    actor: &Actor,
    benefit_id: i64,
    form: &NewVoucher,
) -> Result<i64> {
    let mut fields = Fields::default();
    let (email, name, language) = person(&mut fields, &form.email, &form.name, &form.language);
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let (account_id, org) = access::benefit(&mut tx, actor, benefit_id, Need::Manage).await?;
    let b = ledger::load(&mut tx, benefit_id, now).await?;
    if b.view.kind != BenefitKind::TrainingVouchers {
        return Err(Error::field("", &VoucherError::NotTrainingVouchers));
    }
    if b.view.expired {
        return Err(Error::field("", &ConversionError::Expired));
    }
    let days = match parse_voucher_days(&form.days, b.view.remaining) {
        Ok(d) => Some(d),
        Err(e) => {
            fields.push(e.days_field_error());
            None
        }
    };
    fields.finish()?;
    let (Some(email), Some(name), Some(language), Some(days)) = (email, name, language, days)
    else {
        unreachable!("Fields::finish returned Ok only when every field parsed")
    };
    let domains = eligible_domains(&mut tx, account_id).await?;
    check_voucher_email(&email, &domains).map_err(refuse)?;
    let n = days.get();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO training_voucher_assignments (benefit_id, email, name, language, days, assigned_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(benefit_id)
    .bind(email.as_str())
    .bind(name.as_str())
    .bind(language.code())
    .bind(n)
    .bind(now.millis())
    .fetch_one(&mut *tx)
    .await?;
    // The guard re-checks the balance at write time (R-SAB-11: ≤ remaining).
    let remaining = take(&mut tx, &b, n)
        .await?
        .ok_or(Error::Conflict(Code::BalanceChanged))?;
    let code = voucher_code(id);
    ledger::transaction(
        &mut tx,
        benefit_id,
        TransactionKind::Use,
        -n,
        remaining,
        Some(actor),
        &format!("{code} → {}", email.as_str()),
        now,
    )
    .await?;
    let org_name: String = sqlx::query_scalar("SELECT name FROM organizations WHERE id = $1")
        .bind(org)
        .fetch_one(&mut *tx)
        .await?;
    let mail = emails::training_voucher(language, &org_name, &code, n, &svc.link("/"));
    outbox::enqueue(&mut tx, email.as_str(), language, mail, now).await?;
    let after = json!({
        "code": code,
        "email": email.as_str(),
        "name": name.as_str(),
        "language": language.code(),
        "days": n,
    });
    ledger::audit(
        &mut tx,
        actor,
        org,
        "training_voucher.assign",
        "training_voucher",
        id,
        None,
        Some(after),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// R-SAB-11: revokes an assignment; its days go back to the benefit.
#[tracing::instrument(name = "benefits.vouchers.revoke", skip_all, fields(actor = actor.user_id, voucher_id))]
pub async fn revoke(svc: &Services, actor: &Actor, voucher_id: i64) -> Result<()> {
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let r = sqlx::query(
        "SELECT benefit_id, email, days, revoked_at FROM training_voucher_assignments WHERE id = $1",
    )
    .bind(voucher_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(Error::Forbidden)?;
    let benefit_id: i64 = r.get(0);
    let (_, org) = access::benefit(&mut tx, actor, benefit_id, Need::Manage).await?;
    let email: String = r.get(1);
    let n: i64 = r.get(2);
    if r.get::<Option<i64>, _>(3).is_some() {
        return Err(Error::field("", &VoucherError::AlreadyRevoked));
    }
    let b = ledger::load(&mut tx, benefit_id, now).await?;
    if b.view.expired {
        return Err(Error::field("", &ConversionError::Expired));
    }
    // Only one revocation wins, even when two race.
    let changed = sqlx::query(
        "UPDATE training_voucher_assignments SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
    )
    .bind(now.millis())
    .bind(voucher_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed != 1 {
        return Err(Error::field("", &VoucherError::AlreadyRevoked));
    }
    let remaining = take(&mut tx, &b, -n)
        .await?
        .ok_or(Error::Conflict(Code::BalanceChanged))?;
    let code = voucher_code(voucher_id);
    ledger::transaction(
        &mut tx,
        benefit_id,
        TransactionKind::Release,
        n,
        remaining,
        Some(actor),
        &format!("{code} ← {email}"),
        now,
    )
    .await?;
    let before = json!({ "code": code, "email": email, "days": n });
    ledger::audit(
        &mut tx,
        actor,
        org,
        "training_voucher.revoke",
        "training_voucher",
        voucher_id,
        Some(before),
        None,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The assignments of a benefit that were not revoked (already authorized).
pub(super) async fn list(conn: &mut AnyConnection, benefit_id: i64) -> Result<Vec<VoucherView>> {
    Ok(sqlx::query(
        "SELECT id, email, name, language, days, assigned_at FROM training_voucher_assignments \
         WHERE benefit_id = $1 AND revoked_at IS NULL ORDER BY id",
    )
    .bind(benefit_id)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| VoucherView {
        id: r.get(0),
        code: voucher_code(r.get(0)),
        email: r.get(1),
        name: r.get(2),
        language: Language::parse(&r.get::<String, _>(3)).unwrap_or_default(),
        days: r.get(4),
        assigned_at: Timestamp::from_millis(r.get(5)),
    })
    .collect())
}
