//! Who sees a customer's software and its keys (R-SW-03): the customer's
//! users who may view keys, orders or licenses (keys only with the key
//! permission, R-ORG-07), and a partner with an accepted relationship, for
//! what it sold — keys and downloads only for its Admin Agents.

use domain::{OrgKind, Permission};

use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::subscriptions::access::Access;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SoftwareAccess {
    /// `None`: the customer's own user (every partner's purchases).
    pub partner: Option<i64>,
    /// May see the product keys.
    pub keys: bool,
    /// May get keys and downloads (make download links).
    pub downloads: bool,
}

impl SoftwareAccess {
    pub(crate) async fn resolve<'c, E>(
        conn: E,
        actor: &Actor,
        customer_org_id: i64,
    ) -> Result<SoftwareAccess>
    where
        E: sqlx::Executor<'c, Database = sqlx::Any>,
    {
        if actor.org_kind == OrgKind::Customer
            && actor.org_id == customer_org_id
            && actor.can(Permission::ViewKeys)
        {
            return Ok(SoftwareAccess {
                partner: None,
                keys: true,
                downloads: false,
            });
        }
        match Access::resolve(conn, actor, customer_org_id).await? {
            Access::Customer => Ok(SoftwareAccess {
                partner: None,
                keys: false,
                downloads: false,
            }),
            Access::Partner { partner_org_id, .. } => {
                let agent = domain::may_get_keys_and_downloads(&actor.roles);
                Ok(SoftwareAccess {
                    partner: Some(partner_org_id),
                    keys: agent,
                    downloads: agent,
                })
            }
        }
    }

    /// The actor may get keys and downloads for a purchase sold by
    /// `partner_org_id`, else 403.
    pub(crate) fn require_downloads(self, partner_org_id: i64) -> Result<()> {
        if self.downloads && self.partner == Some(partner_org_id) {
            Ok(())
        } else {
            Err(Error::Forbidden)
        }
    }
}
