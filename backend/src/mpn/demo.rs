//! Demo data (seed 003): Contoso holds the Partner Action Pack, bought 120
//! days ago (past its 30 days to cancel): two of its three Visual Studio
//! subscriptions assigned, its support incidents given to the Admin Agent
//! with an alternate email, the MPN Partner Admin as marketing contact, the
//! directory listing boost activated 100 days ago (90 days: expired) and
//! the campaign kit 20 days ago (365 days: active).

use domain::{Span, Timestamp};

use crate::db::Tx;
use crate::error::Result;

async fn user(tx: &mut Tx, email: &str) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(&mut **tx)
        .await?)
}

pub(crate) async fn seed(tx: &mut Tx, contoso: i64, now: Timestamp) -> Result<()> {
    let days_ago = |d| now.minus(Span::days(d));
    let package = super::packages::seed(tx, contoso, "action-pack", days_ago(120)).await?;
    let global = user(tx, "global@contoso-partner.example").await?;
    for (benefit, email, alternate) in [
        ("vs-professional", "global@contoso-partner.example", None),
        ("vs-professional", "sales@contoso-partner.example", None),
        (
            "support-incidents",
            "adminagent@contoso-partner.example",
            Some("adam.support@contoso.example"),
        ),
    ] {
        let holder = user(tx, email).await?;
        sqlx::query(
            "INSERT INTO package_assignments (package_purchase_id, benefit_id, user_id, alternate_email, assigned_by, assigned_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(package)
        .bind(benefit)
        .bind(holder)
        .bind(alternate)
        .bind(global)
        .bind(days_ago(110).millis())
        .execute(&mut **tx)
        .await?;
    }
    let mpn = user(tx, "mpn@contoso-partner.example").await?;
    sqlx::query(
        "INSERT INTO marketing_contacts (partner_org_id, user_id, alternate_email, phone, language, updated_by, updated_at) \
         VALUES ($1, $2, 'marketing@contoso.example', '+886 2 2345 6789', 'zh-TW', $2, $3)",
    )
    .bind(contoso)
    .bind(mpn)
    .bind(days_ago(105).millis())
    .execute(&mut **tx)
    .await?;
    for (benefit, days) in [("listing-boost", 100), ("campaign-kit", 20)] {
        sqlx::query(
            "INSERT INTO go_to_market_activations (package_purchase_id, benefit_id, activated_by, activated_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(package)
        .bind(benefit)
        .bind(mpn)
        .bind(days_ago(days).millis())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
