//! R-SAB-01…04, R-SAB-07: the purchasing-account picker, the inventory with
//! its two tabs, one benefit's details, and its transaction history.

use domain::benefit_views::{
    BenefitAccount, BenefitDetail, BenefitUserView, InventoryPage, InventoryView, LicenseLine,
    TransactionView,
};
use domain::benefits::{calculate, BenefitKind, ConversionBalances, TransactionKind};
use domain::{Language, OrgKind, Permission, Timestamp};
use sqlx::{AnyConnection, Row};

use super::access::{self, Need};
use super::ledger;
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::services::Services;

const ACCOUNT_SELECT: &str = "SELECT pa.id, pa.number, pa.name, a.number, o.id, o.name \
     FROM purchasing_accounts pa JOIN agreements a ON a.id = pa.agreement_id \
     JOIN organizations o ON o.id = a.org_id";

fn account_row(r: &sqlx::any::AnyRow) -> BenefitAccount {
    BenefitAccount {
        id: r.get(0),
        number: r.get(1),
        name: r.get(2),
        agreement_number: r.get(3),
        customer_id: r.get(4),
        customer_name: r.get(5),
    }
}

/// R-SAB-01: the purchasing accounts to pick from. A customer's user sees
/// their own; a partner names the customer it acts for.
#[tracing::instrument(name = "benefits.inventory.accounts", skip_all, fields(actor = actor.user_id, ?customer_org))]
pub async fn accounts(
    svc: &Services,
    actor: &Actor,
    customer_org: Option<i64>,
) -> Result<Vec<BenefitAccount>> {
    let org = match (actor.org_kind, customer_org) {
        (OrgKind::Customer, _) => actor.org_id,
        (OrgKind::Partner, Some(org)) => org,
        _ => return Err(Error::Forbidden),
    };
    let mut conn = svc.db.pool().acquire().await?;
    access::customer(&mut conn, actor, org, Need::View).await?;
    let rows = sqlx::query(&format!(
        "{ACCOUNT_SELECT} WHERE a.org_id = $1 ORDER BY a.number, pa.number"
    ))
    .bind(org)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.iter().map(account_row).collect())
}

/// R-SAB-01: the account picker and the picked account's inventory (the
/// first one when none is picked); a picked account must be in the list.
#[tracing::instrument(name = "benefits.inventory.page", skip_all, fields(actor = actor.user_id, ?customer_org, ?account_id))]
pub async fn page(
    svc: &Services,
    actor: &Actor,
    customer_org: Option<i64>,
    account_id: Option<i64>,
) -> Result<InventoryPage> {
    let list = accounts(svc, actor, customer_org).await?;
    let picked = match account_id {
        Some(id) if list.iter().any(|a| a.id == id) => Some(id),
        Some(_) => return Err(Error::Forbidden),
        None => list.first().map(|a| a.id),
    };
    let inventory = match picked {
        Some(id) => Some(inventory(svc, actor, id).await?),
        None => None,
    };
    let has_partner_requests = actor.org_kind == OrgKind::Customer
        && actor.can(Permission::ManageRelationships)
        && super::delegation::customer_has_requests(svc, actor).await?;
    Ok(InventoryPage {
        accounts: list,
        inventory,
        has_partner_requests,
    })
}

async fn account(conn: &mut AnyConnection, account_id: i64) -> Result<BenefitAccount> {
    let r = sqlx::query(&format!("{ACCOUNT_SELECT} WHERE pa.id = $1"))
        .bind(account_id)
        .fetch_one(conn)
        .await?;
    Ok(account_row(&r))
}

/// Whether the actor may change benefits of this customer (the UI hides
/// what they cannot do; the server refuses it regardless).
async fn can_manage(conn: &mut AnyConnection, actor: &Actor, customer_org: i64) -> Result<bool> {
    match access::customer(conn, actor, customer_org, Need::Manage).await {
        Ok(()) => Ok(true),
        Err(Error::Forbidden) => Ok(false),
        Err(e) => Err(e),
    }
}

/// R-SAB-01/02: licenses, held benefits (with used / remaining in each
/// benefit's unit) and the benefits the account could have.
#[tracing::instrument(name = "benefits.inventory.inventory", skip_all, fields(actor = actor.user_id, account_id))]
pub async fn inventory(svc: &Services, actor: &Actor, account_id: i64) -> Result<InventoryView> {
    let now = svc.now().await?;
    let mut conn = svc.db.pool().acquire().await?;
    let org = access::account(&mut conn, actor, account_id, Need::View).await?;
    let licenses = sqlx::query(
        "SELECT product, quantity FROM sa_licenses WHERE purchasing_account_id = $1 ORDER BY product",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| LicenseLine {
        product: r.get(0),
        quantity: r.get(1),
    })
    .collect();
    let domains = ledger::domain_count(&mut conn, account_id).await?;
    let rows = sqlx::query(&format!(
        "SELECT {} FROM benefits WHERE purchasing_account_id = $1",
        ledger::COLUMNS
    ))
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut benefits = rows
        .iter()
        .map(|r| ledger::row(r, now, domains).map(|b| b.view))
        .collect::<Result<Vec<_>>>()?;
    benefits.sort_by_key(|b| b.kind);
    let mut more: Vec<BenefitKind> = sqlx::query_scalar::<_, String>(
        "SELECT kind FROM benefit_eligibility WHERE purchasing_account_id = $1",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .filter_map(|c| BenefitKind::parse(c))
    .filter(|k| !benefits.iter().any(|b| b.kind == *k))
    .collect();
    more.sort();
    Ok(InventoryView {
        account: account(&mut conn, account_id).await?,
        licenses,
        benefits,
        more,
        can_manage: can_manage(&mut conn, actor, org).await?,
    })
}

/// R-SAB-04…09: one benefit with its users, eligible domains, calculation
/// inputs and (for the two convertible benefits) the conversion balances.
#[tracing::instrument(name = "benefits.inventory.detail", skip_all, fields(actor = actor.user_id, benefit_id))]
pub async fn detail(svc: &Services, actor: &Actor, benefit_id: i64) -> Result<BenefitDetail> {
    let now = svc.now().await?;
    let mut conn = svc.db.pool().acquire().await?;
    let (account_id, org) = access::benefit(&mut conn, actor, benefit_id, Need::View).await?;
    let b = ledger::load(&mut conn, benefit_id, now).await?;
    let users = sqlx::query(
        "SELECT id, email, name, language, created_at FROM benefit_users WHERE benefit_id = $1 ORDER BY email",
    )
    .bind(benefit_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| BenefitUserView {
        id: r.get(0),
        email: r.get(1),
        name: r.get(2),
        language: Language::parse(&r.get::<String, _>(3)).unwrap_or_default(),
        added_at: Timestamp::from_millis(r.get(4)),
    })
    .collect();
    let domains = sqlx::query_scalar(
        "SELECT name FROM domains WHERE purchasing_account_id = $1 ORDER BY name",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    let conversion = match b.view.kind {
        BenefitKind::PlanningServices | BenefitKind::TrainingVouchers => {
            conversion_balances(&mut conn, account_id, now).await?
        }
        _ => None,
    };
    let vouchers = if b.view.kind == BenefitKind::TrainingVouchers {
        super::vouchers::list(&mut conn, benefit_id).await?
    } else {
        Vec::new()
    };
    Ok(BenefitDetail {
        vouchers,
        account: account(&mut conn, account_id).await?,
        calculation: calculate(b.view.kind, b.licenses),
        benefit: b.view,
        users,
        domains,
        conversion,
        can_manage: can_manage(&mut conn, actor, org).await?,
    })
}

/// The balances a conversion works on, when the account holds both benefits.
pub(super) async fn conversion_balances(
    conn: &mut AnyConnection,
    account_id: i64,
    now: Timestamp,
) -> Result<Option<ConversionBalances>> {
    let training = ledger::of_kind(conn, account_id, BenefitKind::TrainingVouchers, now).await?;
    let planning = ledger::of_kind(conn, account_id, BenefitKind::PlanningServices, now).await?;
    Ok(match (training, planning) {
        (Some(t), Some(p)) => Some(ConversionBalances {
            training_remaining: t.view.remaining,
            planning_remaining: p.view.remaining,
            planning_from_conversion: p.planning_from_conversion,
        }),
        _ => None,
    })
}

/// The columns of a benefit's transactions CSV, named in the reader's
/// language by the caller (time, benefit, transaction, credit, debit,
/// balance, unit, note).
pub type HistoryCsvHeader = [&'static str; 8];

/// R-SAB-07: one benefit's transactions as CSV (its file name and body),
/// oldest first, with the running balance. Credit and debit are separate
/// unsigned columns, so spreadsheets sum them without a formula guard on
/// negative numbers.
pub async fn history_csv(
    svc: &Services,
    actor: &Actor,
    benefit_id: i64,
    header: &HistoryCsvHeader,
) -> Result<(String, String)> {
    let (kind, rows) = history(svc, actor, benefit_id).await?;
    let body = crate::csv::to_csv(
        header,
        rows.into_iter().map(|r| {
            let (credit, debit) = if r.amount >= 0 {
                (r.amount.to_string(), String::new())
            } else {
                (String::new(), (-r.amount).to_string())
            };
            vec![
                r.at.to_rfc3339(),
                kind.code().to_string(),
                r.kind.code().to_string(),
                credit,
                debit,
                r.balance_after.to_string(),
                kind.unit().code().to_string(),
                r.note,
            ]
        }),
    );
    Ok((format!("{}-transactions.csv", kind.code()), body))
}

/// R-SAB-07: every transaction of a benefit, oldest first, with the balance
/// after each.
#[tracing::instrument(name = "benefits.inventory.history", skip_all, fields(actor = actor.user_id, benefit_id))]
pub async fn history(
    svc: &Services,
    actor: &Actor,
    benefit_id: i64,
) -> Result<(BenefitKind, Vec<TransactionView>)> {
    let now = svc.now().await?;
    let mut conn = svc.db.pool().acquire().await?;
    access::benefit(&mut conn, actor, benefit_id, Need::View).await?;
    let kind = ledger::load(&mut conn, benefit_id, now).await?.view.kind;
    let rows = sqlx::query(
        "SELECT at, kind, amount, balance_after, note FROM benefit_transactions \
         WHERE benefit_id = $1 ORDER BY id",
    )
    .bind(benefit_id)
    .fetch_all(&mut *conn)
    .await?;
    let list = rows
        .iter()
        .map(|r| {
            let code: String = r.get(1);
            Ok(TransactionView {
                at: Timestamp::from_millis(r.get(0)),
                kind: TransactionKind::parse(&code)
                    .ok_or_else(|| Error::Internal(format!("unknown transaction kind {code}")))?,
                amount: r.get(2),
                balance_after: r.get(3),
                note: r.get(4),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((kind, list))
}
