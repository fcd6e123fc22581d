//! R-SUB-07: all of a customer's subscriptions as CSV (UTF-8 with BOM, so
//! Excel shows Chinese names): ID, product, quantity, status with auto-renew
//! and renewal date, billing cycle, promotion, reseller.

use super::queries;
use crate::actor::Actor;
use crate::csv::to_csv;
use crate::error::Result;
use crate::services::Services;

/// The columns of the subscriptions CSV, named in the reader's language by
/// the caller (subscription id, product, quantity, status, auto-renew,
/// renewal date, term, billing cycle, promotion, reseller).
pub type SubscriptionsCsvHeader = [&'static str; 10];

#[tracing::instrument(name = "subscriptions.export.subscriptions_csv", skip_all, fields(actor = actor.user_id, customer_org_id))]
pub async fn subscriptions_csv(
    svc: &Services,
    actor: &Actor,
    customer_org_id: i64,
    header: &SubscriptionsCsvHeader,
) -> Result<String> {
    let rows = queries::list(svc, actor, customer_org_id).await?;
    let lines = rows.into_iter().map(|r| {
        let renews = r.renews_on.map(|d| d.to_string()).unwrap_or_default();
        vec![
            r.id.to_string(),
            r.name,
            r.seats.to_string(),
            r.status.code().to_string(),
            if r.auto_renew { "on" } else { "off" }.to_string(),
            renews,
            r.term.code().to_string(),
            r.frequency.code().to_string(),
            r.promotion.unwrap_or_else(|| "none".to_string()),
            r.reseller.unwrap_or_default(),
        ]
    });
    Ok(to_csv(header, lines))
}
