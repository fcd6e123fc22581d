//! Storage of transfer requests (R-SUB-28): a request with its parties'
//! names, the source partner's transferable subscriptions, what moved.

use domain::transfer_views::{MovedLine, Side, TransferRow};
use domain::{transfer_expires_at, Candidate, Currency, Money, Timestamp, TransferStatus};

use super::state;
use crate::error::{Error, Result};

/// A request as stored, with its parties' names.
#[derive(sqlx::FromRow)]
pub(crate) struct Request {
    pub id: i64,
    pub customer_org_id: i64,
    pub source_partner_org_id: i64,
    pub target_partner_org_id: i64,
    pub notify_email: String,
    status: String,
    requested_at: i64,
    pub customer_name: String,
    pub source_name: String,
    pub target_name: String,
}

const SELECT: &str = "SELECT t.id, t.customer_org_id, t.source_partner_org_id, t.target_partner_org_id, \
     t.notify_email, t.status, t.requested_at, c.name AS customer_name, s.name AS source_name, \
     g.name AS target_name FROM transfer_requests t JOIN organizations c ON c.id = t.customer_org_id \
     JOIN organizations s ON s.id = t.source_partner_org_id \
     JOIN organizations g ON g.id = t.target_partner_org_id";

impl Request {
    /// The status as stored (`pending` even past its expiry).
    pub fn stored_status(&self) -> Result<TransferStatus> {
        TransferStatus::parse(&self.status)
            .ok_or_else(|| Error::Internal(format!("stored transfer status {}", self.status)))
    }

    pub fn requested_at(&self) -> Timestamp {
        Timestamp::from_millis(self.requested_at)
    }

    /// The request as `partner` (one of its parties) sees it at `now`.
    pub fn row(&self, partner: i64, now: Timestamp) -> Result<TransferRow> {
        let sent = self.requested_at();
        Ok(TransferRow {
            id: self.id,
            side: if partner == self.source_partner_org_id {
                Side::Source
            } else {
                Side::Target
            },
            customer_id: self.customer_org_id,
            customer_name: self.customer_name.clone(),
            source_name: self.source_name.clone(),
            target_name: self.target_name.clone(),
            notify_email: self.notify_email.clone(),
            status: self.stored_status()?.at(sent, now),
            requested_at: sent,
            expires_at: transfer_expires_at(sent),
        })
    }
}

/// Request `id` if `partner` is its source or target.
pub(crate) async fn request(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    partner: i64,
) -> Result<Option<Request>> {
    Ok(sqlx::query_as(&format!(
        "{SELECT} WHERE t.id = $1 AND (t.source_partner_org_id = $2 OR t.target_partner_org_id = $2)"
    ))
    .bind(id)
    .bind(partner)
    .fetch_optional(conn)
    .await?)
}

/// Every request `partner` sent or received, newest first.
pub(crate) async fn requests_of(
    conn: &mut sqlx::AnyConnection,
    partner: i64,
) -> Result<Vec<Request>> {
    Ok(sqlx::query_as(&format!(
        "{SELECT} WHERE t.source_partner_org_id = $1 OR t.target_partner_org_id = $1 ORDER BY t.id DESC"
    ))
    .bind(partner)
    .fetch_all(conn)
    .await?)
}

/// The source partner's active paid subscriptions of the customer, the
/// ones a request can move.
pub(crate) async fn candidates(
    conn: &mut sqlx::AnyConnection,
    r: &Request,
) -> Result<Vec<Candidate>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM subscriptions WHERE customer_org_id = $1 AND partner_org_id = $2 \
         AND status = 'active' AND trial = 0 ORDER BY id",
    )
    .bind(r.customer_org_id)
    .bind(r.source_partner_org_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(sub) = state::load(&mut *conn, id).await? {
            out.push(candidate(sub));
        }
    }
    Ok(out)
}

pub(crate) fn candidate(sub: state::Loaded) -> Candidate {
    Candidate {
        subscription_id: sub.id,
        name: sub.name,
        billed_until: sub.billed_until,
        state: sub.state,
    }
}

#[derive(sqlx::FromRow)]
struct LineRecord {
    name: String,
    seats: i64,
    old_subscription_id: i64,
    new_subscription_id: i64,
    credit: i64,
    charge: i64,
    currency: String,
}

/// What request `id` moved.
pub(crate) async fn moved(conn: &mut sqlx::AnyConnection, id: i64) -> Result<Vec<MovedLine>> {
    let rows: Vec<LineRecord> = sqlx::query_as(
        "SELECT s.name, l.seats, l.old_subscription_id, l.new_subscription_id, l.credit, l.charge, l.currency \
         FROM transfer_lines l JOIN subscriptions s ON s.id = l.old_subscription_id \
         WHERE l.request_id = $1 ORDER BY l.old_subscription_id",
    )
    .bind(id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            let currency = Currency::parse(&r.currency)
                .ok_or_else(|| Error::Internal(format!("stored currency {}", r.currency)))?;
            Ok(MovedLine {
                name: r.name,
                seats: u32::try_from(r.seats).map_err(|_| Error::Internal("seats".into()))?,
                old_subscription_id: r.old_subscription_id,
                new_subscription_id: r.new_subscription_id,
                credit: Money::new(r.credit, currency),
                charge: Money::new(r.charge, currency),
            })
        })
        .collect()
}
