//! Support requests for a refund (R-SW-08): what the cancel dialog sends a
//! selling partner's Admin Agent to when it cannot cancel (the 60 days have
//! passed, or the product is "support only"). The partner files a request
//! for one of its orders with the amount it asks for (at most what the
//! order has not been credited yet) and optional attachments; the
//! provider's operators read it and answer; the partner sees the status.
//! An answer to a customer's refund is a decision to write down, not a
//! ledger entry: a refund an operator grants is then made as a credit by
//! the billing team. The answer to a membership package's cancellation
//! (R-MPN-07, filed by the Benefits page) is its decision. The filer gets
//! the answer by email too.

mod attachments;
mod emails;

pub use attachments::{add_attachments, attachment, Upload};

use domain::support::{
    answer_support_request, not_credited, parse_support_request, Impact, IssueType,
    SupportRequestForm, SupportStatus,
};
use domain::support_views::{
    SupportAnswerForm, SupportFormPage, SupportList, SupportOrder, SupportRequestRow,
    SupportRequestView,
};
use domain::{Currency, Language, Money, OrgKind, Timestamp};
use serde_json::json;

use crate::actor::Actor;
use crate::audit;
use crate::error::{Error, Result};
use crate::operations::is_operator;
use crate::services::Services;
use crate::software::access::SoftwareAccess;
use crate::subscriptions::store::customer_header;

fn bad(what: &str) -> Error {
    Error::Internal(format!("stored support request {what} is invalid"))
}

/// The orders of `customer_org_id` that `partner` sold software in, with
/// what each has not been credited yet, newest first.
async fn orders(
    conn: &mut sqlx::AnyConnection,
    customer_org_id: i64,
    partner: i64,
) -> Result<Vec<SupportOrder>> {
    let rows: Vec<(i64, String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT order_id, name, currency, amount, credit FROM software_purchases \
         WHERE customer_org_id = $1 AND partner_org_id = $2 ORDER BY order_id DESC, id",
    )
    .bind(customer_org_id)
    .bind(partner)
    .fetch_all(conn)
    .await?;
    let mut orders: Vec<SupportOrder> = Vec::new();
    for (order_id, name, currency, paid, credit) in rows {
        let currency = Currency::parse(&currency).ok_or_else(|| bad("currency"))?;
        let left = not_credited(Money::new(paid, currency), credit).minor;
        match orders.last_mut() {
            Some(o) if o.order_id == order_id => {
                o.names.push(name);
                o.refundable.minor += left;
            }
            _ => orders.push(SupportOrder {
                order_id,
                names: vec![name],
                refundable: Money::new(left, currency),
            }),
        }
    }
    orders.retain(|o| o.refundable.minor > 0);
    Ok(orders)
}

/// The customer's tenant as the form fills it in: its first domain, else
/// its name.
async fn tenant(conn: &mut sqlx::AnyConnection, customer_org_id: i64) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT d.name FROM domains d JOIN purchasing_accounts pa ON pa.id = d.purchasing_account_id \
         JOIN agreements a ON a.id = pa.agreement_id WHERE a.org_id = $1 ORDER BY d.name LIMIT 1",
    )
    .bind(customer_org_id)
    .fetch_optional(conn)
    .await?)
}

/// The partner the actor files for: an Admin Agent of a partner with an
/// accepted relationship to the customer (as for cancelling, R-SW-06).
async fn filing_partner(
    conn: &mut sqlx::AnyConnection,
    actor: &Actor,
    customer_org_id: i64,
) -> Result<i64> {
    let access = SoftwareAccess::resolve(&mut *conn, actor, customer_org_id).await?;
    match access.partner {
        Some(partner) if access.downloads => Ok(partner),
        _ => Err(Error::Forbidden),
    }
}

/// The form for `customer_org_id`, filled in with its orders, its tenant
/// and the actor as the contact.
#[tracing::instrument(name = "support.form", skip_all, fields(actor = actor.user_id, customer_org_id))]
pub async fn form(svc: &Services, actor: &Actor, customer_org_id: i64) -> Result<SupportFormPage> {
    let mut conn = svc.db.pool().acquire().await?;
    let partner = filing_partner(&mut conn, actor, customer_org_id).await?;
    let customer = customer_header(&mut *conn, customer_org_id).await?;
    Ok(SupportFormPage {
        tenant: tenant(&mut conn, customer_org_id)
            .await?
            .unwrap_or(customer.name),
        orders: orders(&mut conn, customer_org_id, partner).await?,
        contact_name: actor.name.clone(),
        contact_email: actor.email.clone(),
    })
}

/// Files a request for `form.order_id`; returns its id. Its attachments
/// are added on its page ([`add_attachments`]).
#[tracing::instrument(name = "support.file", skip_all, fields(actor = actor.user_id, order_id = form.order_id))]
pub async fn file(svc: &Services, actor: &Actor, form: &SupportRequestForm) -> Result<i64> {
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let customer: Option<i64> = sqlx::query_scalar(
        "SELECT customer_org_id FROM software_purchases WHERE order_id = $1 LIMIT 1",
    )
    .bind(form.order_id)
    .fetch_optional(&mut *tx)
    .await?;
    let customer = customer.ok_or(Error::Forbidden)?;
    let partner = filing_partner(&mut tx, actor, customer).await?;
    let order = orders(&mut tx, customer, partner)
        .await?
        .into_iter()
        .find(|o| o.order_id == form.order_id);
    // An order of another partner is refused as one that does not exist;
    // a fully credited order has nothing to ask for.
    let refundable = match order {
        Some(o) => o.refundable,
        None => {
            let sold_it: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM software_purchases WHERE order_id = $1 AND partner_org_id = $2 LIMIT 1",
            )
            .bind(form.order_id)
            .bind(partner)
            .fetch_optional(&mut *tx)
            .await?;
            sold_it.ok_or(Error::Forbidden)?;
            return Err(Error::field(
                "amount",
                &domain::support::SupportRequestError::AmountTooHigh,
            ));
        }
    };
    let request = parse_support_request(form, refundable).map_err(Error::Invalid)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO support_requests (partner_org_id, customer_org_id, order_id, filed_by, issue_type, impact, \
         title, tenant, reason, amount, currency, description, contact_name, contact_email, contact_phone, \
         status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) \
         RETURNING id",
    )
    .bind(partner)
    .bind(customer)
    .bind(request.order_id)
    .bind(actor.user_id)
    .bind(request.issue_type.code())
    .bind(request.impact.code())
    .bind(&request.title)
    .bind(&request.tenant)
    .bind(&request.reason)
    .bind(request.amount.minor)
    .bind(request.amount.currency.code())
    .bind(&request.description)
    .bind(request.contact_name.as_str())
    .bind(request.contact_email.as_str())
    .bind(request.contact_phone.as_str())
    .bind(SupportStatus::Open.code())
    .bind(now.millis())
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        audit::Entry {
            actor: Some(actor),
            org_id: partner,
            action: "support.request",
            entity: "support_request",
            entity_id: id.to_string(),
            before: None,
            after: Some(json!({
                "order": request.order_id, "customer": customer, "impact": request.impact.code(),
                "amount": request.amount.decimal(), "currency": request.amount.currency.code(),
            })),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    partner_org_id: i64,
    customer_org_id: i64,
    order_id: i64,
    issue_type: String,
    impact: String,
    title: String,
    tenant: String,
    reason: String,
    amount: i64,
    currency: String,
    description: String,
    contact_name: String,
    contact_email: String,
    contact_phone: String,
    status: String,
    answer: Option<String>,
    answered_at: Option<i64>,
    created_at: i64,
    customer_name: String,
    partner_name: String,
}

const SELECT: &str = "SELECT r.id, r.partner_org_id, r.customer_org_id, r.order_id, r.issue_type, r.impact, \
     r.title, r.tenant, r.reason, r.amount, r.currency, r.description, r.contact_name, r.contact_email, \
     r.contact_phone, r.status, r.answer, r.answered_at, r.created_at, c.name AS customer_name, \
     p.name AS partner_name FROM support_requests r JOIN organizations c ON c.id = r.customer_org_id \
     JOIN organizations p ON p.id = r.partner_org_id";

impl Row {
    fn status(&self) -> Result<SupportStatus> {
        SupportStatus::parse(&self.status).ok_or_else(|| bad("status"))
    }

    fn list_row(&self) -> Result<SupportRequestRow> {
        Ok(SupportRequestRow {
            id: self.id,
            title: self.title.clone(),
            order_id: self.order_id,
            customer_id: self.customer_org_id,
            customer_name: self.customer_name.clone(),
            partner_name: self.partner_name.clone(),
            impact: Impact::parse(&self.impact).ok_or_else(|| bad("impact"))?,
            status: self.status()?,
            amount: Money::new(
                self.amount,
                Currency::parse(&self.currency).ok_or_else(|| bad("currency"))?,
            ),
            created_at: Timestamp::from_millis(self.created_at),
            answered_at: self.answered_at.map(Timestamp::from_millis),
        })
    }
}

/// Whether the actor may read a request `partner_org_id` filed: an
/// operator, or an Admin Agent (who files refunds for customers) or a
/// Global Administrator (who cancels the partner's own packages, R-MPN-07)
/// of that partner.
fn may_read(actor: &Actor, partner_org_id: i64) -> bool {
    is_operator(actor)
        || (actor.org_kind == OrgKind::Partner
            && actor.org_id == partner_org_id
            && (domain::may_get_keys_and_downloads(&actor.roles)
                || domain::mpn::may_assign(&actor.roles)))
}

/// The requests the actor may see, newest first: all of them for an
/// operator, the partner's own for its Admin Agents.
#[tracing::instrument(name = "support.list", skip_all, fields(actor = actor.user_id))]
pub async fn list(svc: &Services, actor: &Actor) -> Result<SupportList> {
    let operator = is_operator(actor);
    if !operator && !may_read(actor, actor.org_id) {
        return Err(Error::Forbidden);
    }
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE $1 = 0 OR r.partner_org_id = $1 ORDER BY r.id DESC LIMIT 500"
    ))
    .bind(if operator { 0 } else { actor.org_id })
    .fetch_all(svc.db.pool())
    .await?;
    Ok(SupportList {
        requests: rows.iter().map(Row::list_row).collect::<Result<_>>()?,
        operator,
    })
}

async fn row(conn: &mut sqlx::AnyConnection, actor: &Actor, id: i64) -> Result<Row> {
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    match row {
        Some(r) if may_read(actor, r.partner_org_id) => Ok(r),
        _ => Err(Error::Forbidden),
    }
}

/// One request with its attachments and answer.
#[tracing::instrument(name = "support.get", skip_all, fields(actor = actor.user_id, id))]
pub async fn get(svc: &Services, actor: &Actor, id: i64) -> Result<SupportRequestView> {
    let mut conn = svc.db.pool().acquire().await?;
    let r = row(&mut conn, actor, id).await?;
    let status = r.status()?;
    Ok(SupportRequestView {
        row: r.list_row()?,
        issue_type: IssueType::parse(&r.issue_type).ok_or_else(|| bad("issue type"))?,
        attachments: attachments::of(&mut conn, id).await?,
        can_answer: is_operator(actor) && !status.is_closed(),
        can_attach: !is_operator(actor) && !status.is_closed(),
        tenant: r.tenant,
        reason: r.reason,
        description: r.description,
        contact_name: r.contact_name,
        contact_email: r.contact_email,
        contact_phone: r.contact_phone,
        answer: r.answer,
    })
}

/// An operator's answer: the new status and the text the partner reads.
#[tracing::instrument(name = "support.answer", skip_all, fields(actor = actor.user_id, id = form.id))]
pub async fn answer(svc: &Services, actor: &Actor, form: &SupportAnswerForm) -> Result<()> {
    if !is_operator(actor) {
        return Err(Error::Forbidden);
    }
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    // The row lock (PostgreSQL): two operators answering at once are one
    // after the other, and the second sees the first's status.
    sqlx::query("UPDATE support_requests SET status = status WHERE id = $1")
        .bind(form.id)
        .execute(&mut *tx)
        .await?;
    let r = row(&mut tx, actor, form.id).await?;
    let before = r.status()?;
    let (status, text) = answer_support_request(before, &form.status, &form.answer)
        .map_err(|e| Error::Invalid(vec![e]))?;
    // R-MPN-07: the answer to a package's cancellation is its decision.
    if IssueType::parse(&r.issue_type) == Some(IssueType::MembershipRefund) {
        crate::mpn::refund::decided(&mut tx, actor, r.order_id, status, now).await?;
    }
    sqlx::query(
        "UPDATE support_requests SET status = $2, answer = $3, answered_by = $4, answered_at = $5 WHERE id = $1",
    )
    .bind(form.id)
    .bind(status.code())
    .bind(&text)
    .bind(actor.user_id)
    .bind(now.millis())
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        audit::Entry {
            actor: Some(actor),
            org_id: r.partner_org_id,
            action: "support.answer",
            entity: "support_request",
            entity_id: form.id.to_string(),
            before: Some(json!({ "status": before.code() })),
            after: Some(json!({ "status": status.code(), "answer": text })),
        },
        now,
    )
    .await?;
    // The filer learns of the answer, in their language.
    let filer: Option<(String, String)> = sqlx::query_as(
        "SELECT u.email, u.language FROM support_requests r JOIN users u ON u.id = r.filed_by WHERE r.id = $1",
    )
    .bind(form.id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((email, language)) = filer {
        let lang = Language::parse(&language).unwrap_or_default();
        let link = svc.link(&format!("/support-requests/{}", form.id));
        let mail = emails::answered(lang, form.id, &r.title, status, &text, &link);
        crate::outbox::enqueue(&mut tx, &email, lang, mail, now).await?;
    }
    tx.commit().await?;
    Ok(())
}
