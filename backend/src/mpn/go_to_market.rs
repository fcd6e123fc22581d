//! R-MPN-06: go-to-market benefits. First the company marketing contact
//! (one of the partner's users, an alternate email that is not their
//! account's, a phone and a preferred language; added, then updated or
//! changed); then "Activate" per benefit: active from then for its days,
//! expired after. A Global Administrator or an MPN Partner Admin.

use domain::mpn::{
    check_activation, go_to_market_status, package_go_to_market_status, parse_marketing_contact,
    BenefitPackage, GoToMarketStatus, MarketingContactForm, MpnError,
};
use domain::mpn_views::{GoToMarketView, MarketingContactView};
use domain::{Email, Language, Timestamp};
use serde_json::json;

use super::{live_purchase, package_of, require, Need, PurchaseRow};
use crate::actor::Actor;
use crate::audit;
use crate::error::{Error, Result};
use crate::services::Services;

/// The partner's marketing contact, if set.
pub(crate) async fn contact(
    conn: &mut sqlx::AnyConnection,
    partner: i64,
) -> Result<Option<MarketingContactView>> {
    let row: Option<(i64, String, String, String, String)> = sqlx::query_as(
        "SELECT c.user_id, u.name, c.alternate_email, c.phone, c.language FROM marketing_contacts c \
         JOIN users u ON u.id = c.user_id WHERE c.partner_org_id = $1",
    )
    .bind(partner)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(
        |(user_id, user_name, alternate_email, phone, language)| MarketingContactView {
            user_id,
            user_name,
            alternate_email,
            phone,
            language: Language::parse(&language).unwrap_or(Language::En),
        },
    ))
}

/// Adds, updates or changes the marketing contact.
#[tracing::instrument(name = "mpn.go_to_market.set_contact", skip_all, fields(actor = actor.user_id))]
pub async fn set_contact(svc: &Services, actor: &Actor, form: &MarketingContactForm) -> Result<()> {
    let partner = require(actor, Need::GoToMarket)?;
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let email: Option<String> =
        sqlx::query_scalar("SELECT email FROM users WHERE id = $1 AND org_id = $2")
            .bind(form.user_id)
            .bind(partner)
            .fetch_optional(&mut *tx)
            .await?;
    let email = email.ok_or_else(|| Error::field("user_id", &MpnError::UnknownUser))?;
    let account =
        Email::parse(&email).map_err(|_| Error::Internal("stored email is invalid".into()))?;
    let c = parse_marketing_contact(form, &account).map_err(Error::Invalid)?;
    let before = contact(&mut tx, partner).await?;
    sqlx::query("DELETE FROM marketing_contacts WHERE partner_org_id = $1")
        .bind(partner)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO marketing_contacts (partner_org_id, user_id, alternate_email, phone, language, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(partner)
    .bind(c.user_id)
    .bind(c.alternate_email.as_str())
    .bind(c.phone.as_str())
    .bind(c.language.code())
    .bind(actor.user_id)
    .bind(now.millis())
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        audit::Entry {
            actor: Some(actor),
            org_id: partner,
            action: "package.marketing_contact",
            entity: "organization",
            entity_id: partner.to_string(),
            before: before
                .map(|b| json!({ "user": b.user_id, "alternate_email": b.alternate_email })),
            after: Some(json!({
                "user": c.user_id, "alternate_email": c.alternate_email.as_str(),
                "phone": c.phone.as_str(), "language": c.language.code(),
            })),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn activated_at(
    conn: &mut sqlx::AnyConnection,
    purchase: i64,
    benefit: &str,
) -> Result<Option<Timestamp>> {
    let at: Option<i64> = sqlx::query_scalar(
        "SELECT activated_at FROM go_to_market_activations WHERE package_purchase_id = $1 AND benefit_id = $2",
    )
    .bind(purchase)
    .bind(benefit)
    .fetch_optional(conn)
    .await?;
    Ok(at.map(Timestamp::from_millis))
}

pub(crate) async fn views(
    conn: &mut sqlx::AnyConnection,
    r: &PurchaseRow,
    package: &BenefitPackage,
    now: Timestamp,
) -> Result<Vec<GoToMarketView>> {
    let mut views = Vec::with_capacity(package.go_to_market.len());
    for g in &package.go_to_market {
        let status = package_go_to_market_status(
            activated_at(conn, r.id, &g.id).await?,
            g.validity_days,
            r.cancelled_at.map(Timestamp::from_millis),
            now,
        );
        views.push(GoToMarketView {
            id: g.id.clone(),
            name: g.name.clone(),
            validity_days: g.validity_days,
            status,
        });
    }
    Ok(views)
}

/// "Activate" go-to-market benefit `benefit_id` of package `purchase_id`;
/// returns when it expires.
#[tracing::instrument(name = "mpn.go_to_market.activate", skip_all, fields(actor = actor.user_id, purchase_id))]
pub async fn activate(
    svc: &Services,
    actor: &Actor,
    purchase_id: i64,
    benefit_id: &str,
) -> Result<Timestamp> {
    let partner = require(actor, Need::GoToMarket)?;
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let r = live_purchase(&mut tx, partner, purchase_id).await?;
    let benefit = package_of(&r)?
        .go_to_market
        .iter()
        .find(|g| g.id == benefit_id)
        .ok_or(Error::Forbidden)?;
    let contact = contact(&mut tx, partner).await?;
    let status = go_to_market_status(
        activated_at(&mut tx, r.id, benefit_id).await?,
        benefit.validity_days,
        now,
    );
    check_activation(status, contact.is_some()).map_err(|e| Error::field("", &e))?;
    sqlx::query(
        "INSERT INTO go_to_market_activations (package_purchase_id, benefit_id, activated_by, activated_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(r.id)
    .bind(benefit_id)
    .bind(actor.user_id)
    .bind(now.millis())
    .execute(&mut *tx)
    .await?;
    let GoToMarketStatus::Active { expires_at } =
        go_to_market_status(Some(now), benefit.validity_days, now)
    else {
        return Err(Error::Internal("a benefit activated now is active".into()));
    };
    if let Some(c) = &contact {
        let mail = super::emails::go_to_market_activated(
            c.language,
            &actor.org_name,
            &benefit.name,
            &expires_at.display_minutes(),
        );
        crate::outbox::enqueue(&mut tx, &c.alternate_email, c.language, mail, now).await?;
    }
    super::audited(
        &mut tx,
        (actor, partner),
        r.id,
        "package.go_to_market_activate",
        None,
        json!({ "benefit": benefit_id, "expires_at": expires_at.to_rfc3339() }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(expires_at)
}
