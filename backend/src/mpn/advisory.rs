//! R-MPN-05's advisory hours: a request (topic, description, preferred
//! dates, hours within those left) holds its hours while it is open; the
//! provider's operators answer it — done (the hours are used) or declined
//! (they are free again) — and the partner sees its status.

use domain::mpn::{parse_advisory_request, AdvisoryRequestForm, TechnicalKind};
use domain::mpn_views::AdvisoryRequestView;
use domain::{CivilDate, Timestamp};
use serde_json::json;

use super::{live_purchase, package_of, require, Need};
use crate::actor::Actor;
use crate::audit;
use crate::error::{Error, Result};
use crate::operations::require_operator;
use crate::services::Services;

/// Hours of benefit `benefit` held by open requests, and used by done ones.
pub(crate) async fn hours(
    conn: &mut sqlx::AnyConnection,
    purchase: i64,
    benefit: &str,
) -> Result<(u32, u32)> {
    let (held, used): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(CAST(SUM(CASE WHEN status = 'open' THEN hours ELSE 0 END) AS BIGINT), 0), \
         COALESCE(CAST(SUM(CASE WHEN status = 'done' THEN hours ELSE 0 END) AS BIGINT), 0) \
         FROM advisory_requests WHERE package_purchase_id = $1 AND benefit_id = $2",
    )
    .bind(purchase)
    .bind(benefit)
    .fetch_one(conn)
    .await?;
    let hours =
        |h: i64| u32::try_from(h).map_err(|_| Error::Internal("stored hours are invalid".into()));
    Ok((hours(held)?, hours(used)?))
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    partner_name: String,
    package_name: String,
    topic: String,
    description: String,
    preferred_from: String,
    preferred_to: String,
    hours: i64,
    status: String,
    created_at: i64,
}

const SELECT: &str = "SELECT r.id, o.name AS partner_name, p.name AS package_name, r.topic, r.description, \
     r.preferred_from, r.preferred_to, r.hours, r.status, r.created_at FROM advisory_requests r \
     JOIN package_purchases p ON p.id = r.package_purchase_id JOIN organizations o ON o.id = p.partner_org_id";

fn view(r: Row) -> Result<AdvisoryRequestView> {
    let bad = || Error::Internal("stored advisory request is invalid".into());
    Ok(AdvisoryRequestView {
        id: r.id,
        partner_name: r.partner_name,
        package_name: r.package_name,
        topic: r.topic,
        description: r.description,
        preferred_from: CivilDate::parse_iso(&r.preferred_from).ok_or_else(bad)?,
        preferred_to: CivilDate::parse_iso(&r.preferred_to).ok_or_else(bad)?,
        hours: u32::try_from(r.hours).map_err(|_| bad())?,
        status: domain::mpn::AdvisoryStatus::parse(&r.status).ok_or_else(bad)?,
        created_at: Timestamp::from_millis(r.created_at),
    })
}

/// Package `purchase`'s requests, newest first.
pub(crate) async fn of_package(
    conn: &mut sqlx::AnyConnection,
    purchase: i64,
) -> Result<Vec<AdvisoryRequestView>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE r.package_purchase_id = $1 ORDER BY r.id DESC"
    ))
    .bind(purchase)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(view).collect()
}

/// The open requests of every partner, oldest first, for the operators.
#[tracing::instrument(name = "mpn.advisory.open", skip_all, fields(actor = actor.user_id))]
pub async fn open(svc: &Services, actor: &Actor) -> Result<Vec<AdvisoryRequestView>> {
    require_operator(actor)?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE r.status = 'open' ORDER BY r.id LIMIT 500"
    ))
    .fetch_all(svc.db.pool())
    .await?;
    rows.into_iter().map(view).collect()
}

/// A request for advisory hours of package `purchase_id`; returns its id.
#[tracing::instrument(name = "mpn.advisory.request", skip_all, fields(actor = actor.user_id, purchase_id))]
pub async fn request(
    svc: &Services,
    actor: &Actor,
    purchase_id: i64,
    form: &AdvisoryRequestForm,
) -> Result<i64> {
    let partner = require(actor, Need::Assign)?;
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let r = live_purchase(&mut tx, partner, purchase_id).await?;
    let benefit = package_of(&r)?
        .technical
        .iter()
        .find(|t| t.id == form.benefit_id && t.kind == TechnicalKind::AdvisoryHours)
        .ok_or(Error::Forbidden)?;
    let (held, used) = hours(&mut tx, r.id, &benefit.id).await?;
    let left = domain::mpn::advisory_hours_left(benefit.amount, held, used);
    let request = parse_advisory_request(form, left).map_err(Error::Invalid)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO advisory_requests (package_purchase_id, benefit_id, requested_by, topic, description, \
         preferred_from, preferred_to, hours, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9) \
         RETURNING id",
    )
    .bind(r.id)
    .bind(&benefit.id)
    .bind(actor.user_id)
    .bind(&request.topic)
    .bind(&request.description)
    .bind(request.preferred_from.to_string())
    .bind(request.preferred_to.to_string())
    .bind(i64::from(request.hours))
    .bind(now.millis())
    .fetch_one(&mut *tx)
    .await?;
    super::audited(
        &mut tx,
        (actor, partner),
        r.id,
        "package.advisory_request",
        None,
        json!({ "request": id, "hours": request.hours, "topic": request.topic }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// An operator's answer to request `id`: done (its hours are used) or
/// declined (they are free again).
#[tracing::instrument(name = "mpn.advisory.answer", skip_all, fields(actor = actor.user_id, id))]
pub async fn answer(svc: &Services, actor: &Actor, id: i64, done: bool) -> Result<()> {
    require_operator(actor)?;
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    // Under the request's row lock: two answers are one after the other.
    sqlx::query("UPDATE advisory_requests SET status = status WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let found: Option<(String, i64)> = sqlx::query_as(
        "SELECT r.status, p.partner_org_id FROM advisory_requests r \
         JOIN package_purchases p ON p.id = r.package_purchase_id WHERE r.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let (status, partner) = found.ok_or(Error::NotFound)?;
    let before = domain::mpn::AdvisoryStatus::parse(&status)
        .ok_or_else(|| Error::Internal("stored advisory status is invalid".into()))?;
    let after = domain::mpn::answer_advisory(before, done).map_err(|e| Error::field("", &e))?;
    sqlx::query("UPDATE advisory_requests SET status = $2 WHERE id = $1")
        .bind(id)
        .bind(after.code())
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        audit::Entry {
            actor: Some(actor),
            org_id: partner,
            action: "package.advisory_answer",
            entity: "advisory_request",
            entity_id: id.to_string(),
            before: Some(json!({ "status": before.code() })),
            after: Some(json!({ "status": after.code() })),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
