//! Granting benefits from an account's Software Assurance licenses, and the
//! demo inventory: every benefit of R-SAB-03 on some purchasing account, one
//! expired, some eligible but not held.

use domain::benefits::{calculate, BenefitKind, TransactionKind};
use domain::{Span, Timestamp};

use super::ledger;
use crate::db::Tx;
use crate::error::Result;

/// Codes that identify a benefit (R-SAB-02, right column).
pub struct Identifiers<'a> {
    pub sa_id: &'a str,
    pub program_code: Option<&'a str>,
    pub access_code: Option<&'a str>,
}

/// Grants a benefit computed from the account's SA licenses (R-SAB-07),
/// with its "grant" ledger row. Returns the benefit's id.
pub async fn grant(
    tx: &mut Tx,
    account_id: i64,
    kind: BenefitKind,
    ids: &Identifiers<'_>,
    expires_at: Timestamp,
    now: Timestamp,
) -> Result<i64> {
    let licenses: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM sa_licenses WHERE purchasing_account_id = $1",
    )
    .bind(account_id)
    .fetch_one(&mut **tx)
    .await?;
    let amount = calculate(kind, licenses).map_or(0, |c| c.amount);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO benefits (purchasing_account_id, kind, licenses, granted, remaining, sa_id, \
         program_code, access_code, expires_at) VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(account_id)
    .bind(kind.code())
    .bind(licenses)
    .bind(amount)
    .bind(ids.sa_id)
    .bind(ids.program_code)
    .bind(ids.access_code)
    .bind(expires_at.millis())
    .fetch_one(&mut **tx)
    .await?;
    ledger::transaction(
        tx,
        id,
        TransactionKind::Grant,
        amount,
        amount,
        None,
        "",
        now,
    )
    .await?;
    Ok(id)
}

/// Ends a benefit: what remains is written off with an "expiry" row.
pub async fn expire(tx: &mut Tx, benefit_id: i64, now: Timestamp) -> Result<()> {
    let before: i64 = sqlx::query_scalar("SELECT remaining FROM benefits WHERE id = $1")
        .bind(benefit_id)
        .fetch_one(&mut **tx)
        .await?;
    sqlx::query("UPDATE benefits SET remaining = 0, expires_at = $1 WHERE id = $2")
        .bind(now.millis())
        .bind(benefit_id)
        .execute(&mut **tx)
        .await?;
    ledger::transaction(
        tx,
        benefit_id,
        TransactionKind::Expiry,
        -before,
        0,
        None,
        "",
        now,
    )
    .await
}

/// A demo benefit user; on a per-person benefit it takes one unit.
async fn user(
    tx: &mut Tx,
    benefit_id: i64,
    email: &str,
    name: &str,
    lang: &str,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO benefit_users (benefit_id, email, name, language, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(benefit_id)
    .bind(email)
    .bind(name)
    .bind(lang)
    .bind(now.millis())
    .execute(&mut **tx)
    .await?;
    let row: (String, i64) = sqlx::query_as("SELECT kind, remaining FROM benefits WHERE id = $1")
        .bind(benefit_id)
        .fetch_one(&mut **tx)
        .await?;
    if BenefitKind::parse(&row.0).is_some_and(|k| k.user_consumes_unit()) {
        sqlx::query("UPDATE benefits SET remaining = remaining - 1, used = used + 1 WHERE id = $1")
            .bind(benefit_id)
            .execute(&mut **tx)
            .await?;
        ledger::transaction(
            tx,
            benefit_id,
            TransactionKind::Use,
            -1,
            row.1 - 1,
            None,
            email,
            now,
        )
        .await?;
    }
    Ok(())
}

/// A demo training voucher (R-SAB-11): takes `days` from the benefit.
async fn voucher(
    tx: &mut Tx,
    benefit_id: i64,
    email: &str,
    name: &str,
    days: i64,
    now: Timestamp,
) -> Result<()> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO training_voucher_assignments (benefit_id, email, name, language, days, assigned_at) \
         VALUES ($1, $2, $3, 'en', $4, $5) RETURNING id",
    )
    .bind(benefit_id)
    .bind(email)
    .bind(name)
    .bind(days)
    .bind(now.millis())
    .fetch_one(&mut **tx)
    .await?;
    let remaining: i64 = sqlx::query_scalar(
        "UPDATE benefits SET remaining = remaining - $1, used = used + $1 WHERE id = $2 RETURNING remaining",
    )
    .bind(days)
    .bind(benefit_id)
    .fetch_one(&mut **tx)
    .await?;
    ledger::transaction(
        tx,
        benefit_id,
        TransactionKind::Use,
        -days,
        remaining,
        None,
        &format!("{} → {email}", domain::benefits::voucher_code(id)),
        now,
    )
    .await
}

async fn licenses(tx: &mut Tx, account_id: i64, lines: &[(&str, i64)]) -> Result<()> {
    for (product, quantity) in lines {
        sqlx::query(
            "INSERT INTO sa_licenses (purchasing_account_id, product, quantity) VALUES ($1, $2, $3)",
        )
        .bind(account_id)
        .bind(*product)
        .bind(*quantity)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn eligible(tx: &mut Tx, account_id: i64, kinds: &[BenefitKind]) -> Result<()> {
    for kind in kinds {
        sqlx::query(
            "INSERT INTO benefit_eligibility (purchasing_account_id, kind) VALUES ($1, $2)",
        )
        .bind(account_id)
        .bind(kind.code())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The demo inventory. `hq` ends up with 10 training days and 5 planning
/// days (500 licenses), the numbers the end-to-end conversion test uses.
pub async fn load(tx: &mut Tx, hq: i64, plant: i64, germany: i64, now: Timestamp) -> Result<()> {
    use BenefitKind as K;
    let year = now.plus(Span::days(365));
    let ids = |sa_id, program_code, access_code| Identifiers {
        sa_id,
        program_code,
        access_code,
    };
    licenses(
        tx,
        hq,
        &[
            ("Windows 11 Enterprise", 250),
            ("Office LTSC Professional Plus", 150),
            ("SQL Server Enterprise (core)", 100),
        ],
    )
    .await?;
    for (kind, program, access) in [
        (K::SupportPhone, None, None),
        (K::SupportWeb, None, None),
        (K::ELearning, Some("EL-4471"), Some("ELRN-7Q2M-TW01")),
        (K::HomeUseProgram, Some("HUP-88213"), Some("HUP-K3PX-9TQ4")),
        (K::DynamicsCustomerSource, None, None),
        (K::PlanningServices, None, None),
        (K::TrainingVouchers, None, None),
    ] {
        let id = grant(
            tx,
            hq,
            kind,
            &ids("SA-1234567890-01", program, access),
            year,
            now,
        )
        .await?;
        if kind == K::ELearning {
            user(
                tx,
                id,
                "mei@twprecision.example",
                "吳美惠 Wu Mei-hui",
                "zh-TW",
                now,
            )
            .await?;
        }
    }
    eligible(
        tx,
        hq,
        &[
            K::GlobalServiceMonitor,
            K::OfficeMultiLanguagePack,
            K::WindowsThinPc,
        ],
    )
    .await?;

    licenses(tx, plant, &[("Windows 11 Enterprise", 1000)]).await?;
    for kind in [
        K::GlobalServiceMonitor,
        K::OfficeMultiLanguagePack,
        K::WindowsThinPc,
    ] {
        grant(
            tx,
            plant,
            kind,
            &ids("SA-1234567891-01", None, None),
            year,
            now,
        )
        .await?;
    }
    // Last year's training vouchers, expired a month ago (R-SAB-02).
    let old = grant(
        tx,
        plant,
        K::TrainingVouchers,
        &ids("SA-1234567891-00", None, None),
        year,
        now.minus(Span::days(395)),
    )
    .await?;
    expire(tx, old, now.minus(Span::days(30))).await?;
    eligible(tx, plant, &[K::SupportPhone, K::PlanningServices]).await?;

    licenses(tx, germany, &[("Windows 11 Enterprise", 300)]).await?;
    for kind in [K::HomeUseProgram, K::PlanningServices, K::TrainingVouchers] {
        let id = grant(
            tx,
            germany,
            kind,
            &ids("SA-3456789012-01", Some("HUP-55120"), None),
            year,
            now,
        )
        .await?;
        if kind == K::HomeUseProgram {
            user(tx, id, "jonas@mueller.example", "Jonas Weber", "en", now).await?;
        }
        if kind == K::TrainingVouchers {
            voucher(tx, id, "jonas@mueller.example", "Jonas Weber", 2, now).await?;
        }
    }
    Ok(())
}

/// A partner already holding permission for a customer (R-SAB-10: several
/// partners may hold it at once).
pub async fn approved_delegation(
    tx: &mut Tx,
    partner: i64,
    customer: i64,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO benefit_delegations (partner_org_id, customer_org_id, status, requested_at, decided_at) \
         VALUES ($1, $2, 'approved', $3, $3)",
    )
    .bind(partner)
    .bind(customer)
    .bind(now.millis())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
