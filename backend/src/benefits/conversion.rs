//! R-SAB-08/09: Training Vouchers → Planning Services at 3:1, and the
//! reversal of earlier conversions. Both balances change in one transaction
//! with a ledger row each and an audit entry. Conditional UPDATEs guard the
//! balances, so concurrent conversions can never overdraw one.

use domain::benefits::{
    convert, parse_conversion, parse_reversal, reverse, BenefitKind, ConversionBalances,
    ConversionError, TransactionKind,
};
use serde_json::json;

use super::access::{self, Need};
use super::ledger::{self, Benefit};
use crate::actor::Actor;
use crate::db::Tx;
use crate::error::{Code, Error, Result};
use crate::services::Services;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Direction {
    /// Training days → planning days (R-SAB-08).
    Convert,
    /// Planning days created by conversion → training days (R-SAB-09).
    Reverse,
}

/// R-SAB-08: converts `days` (as typed) planning days' worth of training
/// days. Returns the balances after.
#[tracing::instrument(name = "benefits.conversion.convert_training_to_planning", skip_all, fields(actor = actor.user_id, account_id))]
pub async fn convert_training_to_planning(
    svc: &Services,
    actor: &Actor,
    account_id: i64,
    days: &str,
) -> Result<ConversionBalances> {
    change(svc, actor, account_id, days, Direction::Convert).await
}

/// R-SAB-09: turns `days` planning days back into training days.
#[tracing::instrument(name = "benefits.conversion.reverse_planning_to_training", skip_all, fields(actor = actor.user_id, account_id))]
pub async fn reverse_planning_to_training(
    svc: &Services,
    actor: &Actor,
    account_id: i64,
    days: &str,
) -> Result<ConversionBalances> {
    change(svc, actor, account_id, days, Direction::Reverse).await
}

fn refuse(e: ConversionError) -> Error {
    Error::Invalid(vec![e.days_field_error()])
}

async fn change(
    svc: &Services,
    actor: &Actor,
    account_id: i64,
    input: &str,
    direction: Direction,
) -> Result<ConversionBalances> {
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let org = access::account(&mut tx, actor, account_id, Need::Manage).await?;
    let planning = ledger::of_kind(&mut tx, account_id, BenefitKind::PlanningServices, now)
        .await?
        .ok_or_else(|| refuse(ConversionError::PlanningNotHeld))?;
    let training = ledger::of_kind(&mut tx, account_id, BenefitKind::TrainingVouchers, now)
        .await?
        .ok_or_else(|| refuse(ConversionError::TrainingNotHeld))?;
    if planning.view.expired || training.view.expired {
        return Err(refuse(ConversionError::Expired));
    }
    let before = ConversionBalances {
        training_remaining: training.view.remaining,
        planning_remaining: planning.view.remaining,
        planning_from_conversion: planning.planning_from_conversion,
    };
    let (days, after) = match direction {
        Direction::Convert => {
            let days = parse_conversion(input, &before).map_err(refuse)?;
            (days, convert(&before, days))
        }
        Direction::Reverse => {
            let days = parse_reversal(input, &before).map_err(refuse)?;
            (days, reverse(&before, days))
        }
    };
    let n = days.get();
    let (training_change, planning_change) = match direction {
        Direction::Convert => (-days.training_days(), n),
        Direction::Reverse => (days.training_days(), -n),
    };
    // The guards re-check the balances at write time: a concurrent change
    // that committed since they were read makes this one fail, not overdraw.
    let training_after = apply(&mut tx, &training, training_change, 0).await?;
    let planning_after = apply(&mut tx, &planning, planning_change, planning_change).await?;
    if (training_after, planning_after) != (after.training_remaining, after.planning_remaining) {
        return Err(Error::Conflict(Code::BalanceChanged));
    }
    let (kind, action, note) = match direction {
        Direction::Convert => (
            TransactionKind::Conversion,
            "benefit.convert",
            format!("{} training days → {n} planning days", days.training_days()),
        ),
        Direction::Reverse => (
            TransactionKind::Reversal,
            "benefit.reverse",
            format!("{n} planning days → {} training days", days.training_days()),
        ),
    };
    for (b, amount, balance) in [
        (&training, training_change, training_after),
        (&planning, planning_change, planning_after),
    ] {
        ledger::transaction(
            &mut tx,
            b.view.id,
            kind,
            amount,
            balance,
            Some(actor),
            &note,
            now,
        )
        .await?;
    }
    ledger::audit(
        &mut tx,
        actor,
        org,
        action,
        "purchasing_account",
        account_id,
        Some(json!(before)),
        Some(json!(after)),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Adds `amount` (negative: takes) to a benefit's remaining balance, and
/// `converted` to its planning days from conversion, only if neither goes
/// below zero. Returns the new remaining balance.
async fn apply(tx: &mut Tx, b: &Benefit, amount: i64, converted: i64) -> Result<i64> {
    let remaining: Option<i64> = sqlx::query_scalar(
        "UPDATE benefits SET remaining = remaining + $1, \
         planning_from_conversion = planning_from_conversion + $2 \
         WHERE id = $3 AND remaining + $1 >= 0 AND planning_from_conversion + $2 >= 0 \
         RETURNING remaining",
    )
    .bind(amount)
    .bind(converted)
    .bind(b.view.id)
    .fetch_optional(&mut **tx)
    .await?;
    remaining.ok_or(Error::Conflict(Code::BalanceChanged))
}
