//! Who may see or change a customer's benefits: the customer's own users by
//! permission (R-ORG-07), and a partner only with an accepted relationship
//! (R-ORG-12) AND an approved benefit permission (R-SAB-10/11). A foreign or
//! missing id is refused the same way (403).

use domain::{OrgKind, Permission};
use sqlx::AnyConnection;

use crate::actor::Actor;
use crate::error::{Error, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    View,
    Manage,
}

/// Whether a partner holds an approved permission for this customer through
/// a relationship the customer still accepts.
pub async fn is_delegated(conn: &mut AnyConnection, partner: i64, customer: i64) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM benefit_delegations d JOIN relationships r \
         ON r.partner_org_id = d.partner_org_id AND r.customer_org_id = d.customer_org_id \
         WHERE d.partner_org_id = $1 AND d.customer_org_id = $2 \
         AND d.status = 'approved' AND r.status = 'accepted'",
    )
    .bind(partner)
    .bind(customer)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// Refuses unless the actor may act on this customer organization's benefits.
pub async fn customer(
    conn: &mut AnyConnection,
    actor: &Actor,
    customer_org: i64,
    need: Need,
) -> Result<()> {
    let allowed = match actor.org_kind {
        OrgKind::Customer => {
            actor.org_id == customer_org
                && match need {
                    Need::View => actor.permissions().can_view_inventory(),
                    Need::Manage => actor.can(Permission::ManageBenefits),
                }
        }
        OrgKind::Partner => {
            actor.can(Permission::ManageCustomerBenefits)
                && is_delegated(conn, actor.org_id, customer_org).await?
        }
        OrgKind::Provider => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// The customer organization owning a purchasing account, once authorized.
pub async fn account(
    conn: &mut AnyConnection,
    actor: &Actor,
    account_id: i64,
    need: Need,
) -> Result<i64> {
    let org: Option<i64> = sqlx::query_scalar(
        "SELECT a.org_id FROM purchasing_accounts pa JOIN agreements a ON a.id = pa.agreement_id \
         WHERE pa.id = $1",
    )
    .bind(account_id)
    .fetch_optional(&mut *conn)
    .await?;
    let org = org.ok_or(Error::Forbidden)?;
    customer(conn, actor, org, need).await?;
    Ok(org)
}

/// The purchasing account and customer organization of a benefit, once authorized.
pub async fn benefit(
    conn: &mut AnyConnection,
    actor: &Actor,
    benefit_id: i64,
    need: Need,
) -> Result<(i64, i64)> {
    let account: Option<i64> =
        sqlx::query_scalar("SELECT purchasing_account_id FROM benefits WHERE id = $1")
            .bind(benefit_id)
            .fetch_optional(&mut *conn)
            .await?;
    let account = account.ok_or(Error::Forbidden)?;
    let org = self::account(conn, actor, account, need).await?;
    Ok((account, org))
}
