//! R-MPN-04, R-MPN-05: Visual Studio subscriptions and technical benefits
//! given to the partner's users — never more Visual Studio assignments than
//! the package holds (counted under the package's row lock, so concurrent
//! assigns cannot pass the count together), a technical benefit's user with
//! an alternate email that is not their account's, the instructions sent
//! to both; reassigning is removing, then assigning another.

use domain::mpn::{check_assignment, parse_alternate_email, BenefitPackage, MpnError};
use domain::mpn_views::{AssignForm, AssignableView, AssignmentView, UserOption};
use domain::{Email, Language, Timestamp};
use serde_json::json;

use super::{live_purchase, package_of, require, Need, PurchaseRow};
use crate::actor::Actor;
use crate::audit;
use crate::db::Tx;
use crate::error::{Error, Result};
use crate::services::Services;

/// The partner's users, to assign.
pub(crate) async fn users(conn: &mut sqlx::AnyConnection, partner: i64) -> Result<Vec<UserOption>> {
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, name, email FROM users WHERE org_id = $1 ORDER BY name, id")
            .bind(partner)
            .fetch_all(conn)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, email)| UserOption { id, name, email })
        .collect())
}

#[derive(sqlx::FromRow)]
struct AssignmentRow {
    id: i64,
    benefit_id: String,
    name: String,
    email: String,
    alternate_email: Option<String>,
    assigned_at: i64,
}

/// The live assignments of package `purchase`, by benefit.
pub(crate) async fn assignments_of(
    conn: &mut sqlx::AnyConnection,
    purchase: i64,
) -> Result<Vec<(String, AssignmentView)>> {
    let rows: Vec<AssignmentRow> = sqlx::query_as(
        "SELECT a.id, a.benefit_id, u.name, u.email, a.alternate_email, a.assigned_at \
         FROM package_assignments a JOIN users u ON u.id = a.user_id \
         WHERE a.package_purchase_id = $1 AND a.removed_at IS NULL ORDER BY a.id",
    )
    .bind(purchase)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.benefit_id,
                AssignmentView {
                    id: r.id,
                    user_name: r.name,
                    user_email: r.email,
                    alternate_email: r.alternate_email,
                    assigned_at: Timestamp::from_millis(r.assigned_at),
                },
            )
        })
        .collect())
}

fn of(all: &[(String, AssignmentView)], benefit: &str) -> Vec<AssignmentView> {
    all.iter()
        .filter(|(b, _)| b == benefit)
        .map(|(_, a)| a.clone())
        .collect()
}

pub(crate) async fn visual_studio(
    conn: &mut sqlx::AnyConnection,
    r: &PurchaseRow,
    package: &BenefitPackage,
) -> Result<Vec<AssignableView>> {
    let all = assignments_of(conn, r.id).await?;
    Ok(package
        .visual_studio
        .iter()
        .map(|v| AssignableView {
            id: v.id.clone(),
            name: v.name.clone(),
            count: Some(v.count),
            technical: None,
            amount: v.count,
            held: 0,
            used: 0,
            requests: Vec::new(),
            assignments: of(&all, &v.id),
        })
        .collect())
}

pub(crate) async fn technical(
    conn: &mut sqlx::AnyConnection,
    r: &PurchaseRow,
    package: &BenefitPackage,
) -> Result<Vec<AssignableView>> {
    let all = assignments_of(conn, r.id).await?;
    let mut views = Vec::with_capacity(package.technical.len());
    for t in &package.technical {
        let (held, used) = super::advisory::hours(conn, r.id, &t.id).await?;
        let requests = if t.kind == domain::mpn::TechnicalKind::AdvisoryHours {
            super::advisory::of_package(conn, r.id).await?
        } else {
            Vec::new()
        };
        views.push(AssignableView {
            id: t.id.clone(),
            name: t.id.clone(),
            count: None,
            technical: Some(t.kind),
            amount: t.amount,
            held,
            used,
            requests,
            assignments: of(&all, &t.id),
        });
    }
    Ok(views)
}

/// How an email names the benefit.
fn benefit_name(package: &BenefitPackage, benefit_id: &str) -> String {
    package
        .visual_studio
        .iter()
        .find(|v| v.id == benefit_id)
        .map(|v| v.name.clone())
        .unwrap_or_else(|| format!("{} ({benefit_id})", package.name))
}

/// The partner's user `user_id`: their email and language.
async fn user_of(tx: &mut Tx, partner: i64, user_id: i64) -> Result<(Email, String, Language)> {
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT email, name, language FROM users WHERE id = $1 AND org_id = $2")
            .bind(user_id)
            .bind(partner)
            .fetch_optional(&mut **tx)
            .await?;
    let (email, name, language) =
        row.ok_or_else(|| Error::field("user_id", &MpnError::UnknownUser))?;
    let email =
        Email::parse(&email).map_err(|_| Error::Internal("stored email is invalid".into()))?;
    Ok((
        email,
        name,
        Language::parse(&language).unwrap_or(Language::En),
    ))
}

/// "Assign user" (R-MPN-04, R-MPN-05); returns the assignment's id.
#[tracing::instrument(name = "mpn.assignments.assign", skip_all, fields(actor = actor.user_id, purchase_id = form.purchase_id))]
pub async fn assign(svc: &Services, actor: &Actor, form: &AssignForm) -> Result<i64> {
    let partner = require(actor, Need::Assign)?;
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let r = live_purchase(&mut tx, partner, form.purchase_id).await?;
    let package = package_of(&r)?;
    // A usage-based cloud subscription is activated by its user, not
    // assigned (R-MPN-03).
    let cloud = package.cloud.iter().any(|c| c.id == form.benefit_id);
    let count = package
        .assignable(&form.benefit_id)
        .filter(|_| !cloud)
        .ok_or(Error::Forbidden)?;
    let technical = package.technical.iter().any(|t| t.id == form.benefit_id);
    let (email, name, language) = user_of(&mut tx, partner, form.user_id).await?;
    let alternate = if technical {
        Some(
            parse_alternate_email(&email, &form.alternate_email, "alternate_email")
                .map_err(|e| Error::Invalid(vec![e]))?,
        )
    } else {
        None
    };
    let held: Vec<(i64,)> = sqlx::query_as(
        "SELECT user_id FROM package_assignments WHERE package_purchase_id = $1 AND benefit_id = $2 AND removed_at IS NULL",
    )
    .bind(r.id)
    .bind(&form.benefit_id)
    .fetch_all(&mut *tx)
    .await?;
    if held.iter().any(|(u,)| *u == form.user_id) {
        return Err(Error::field("user_id", &MpnError::AlreadyAssigned));
    }
    check_assignment(held.len() as u32, count).map_err(|e| Error::field("user_id", &e))?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO package_assignments (package_purchase_id, benefit_id, user_id, alternate_email, assigned_by, assigned_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(r.id)
    .bind(&form.benefit_id)
    .bind(form.user_id)
    .bind(alternate.as_ref().map(|e| e.as_str().to_string()))
    .bind(actor.user_id)
    .bind(now.millis())
    .fetch_one(&mut *tx)
    .await?;
    let benefit = benefit_name(package, &form.benefit_id);
    for to in std::iter::once(&email).chain(alternate.as_ref()) {
        let mail = super::emails::benefit_assigned(language, &name, &actor.org_name, &benefit);
        crate::outbox::enqueue(&mut tx, to.as_str(), language, mail, now).await?;
    }
    super::audited(
        &mut tx,
        (actor, partner),
        r.id,
        "package.assign",
        None,
        json!({
            "benefit": form.benefit_id, "user": form.user_id,
            "alternate_email": alternate.as_ref().map(|e| e.as_str().to_string()),
        }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Removes assignment `id` (reassigning is removing, then assigning another).
#[tracing::instrument(name = "mpn.assignments.remove", skip_all, fields(actor = actor.user_id, id))]
pub async fn remove(svc: &Services, actor: &Actor, id: i64) -> Result<()> {
    let partner = require(actor, Need::Assign)?;
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let found: Option<(i64, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT package_purchase_id, benefit_id, user_id, removed_at FROM package_assignments WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let (purchase, benefit, user, removed) = found.ok_or(Error::Forbidden)?;
    live_purchase(&mut tx, partner, purchase).await?;
    if removed.is_some() {
        return Err(Error::field("", &MpnError::NotAssigned));
    }
    sqlx::query("UPDATE package_assignments SET removed_at = $2 WHERE id = $1")
        .bind(id)
        .bind(now.millis())
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        audit::Entry {
            actor: Some(actor),
            org_id: partner,
            action: "package.unassign",
            entity: "package_purchase",
            entity_id: purchase.to_string(),
            before: Some(json!({ "benefit": benefit, "user": user })),
            after: None,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
