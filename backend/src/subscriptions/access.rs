//! Who may see or change which customer's subscriptions: the customer's own
//! users, and a partner with an accepted relationship — for its own
//! subscriptions only. Everything else is 403, like a missing id.

use domain::{OrgKind, Permission};

use crate::accounts::relationships::is_accepted;
use crate::actor::Actor;
use crate::error::{Error, Result};

/// How the actor relates to a customer's subscriptions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// A user of the customer: read only, every partner's subscriptions.
    Customer,
    /// A partner acting for the customer: its own subscriptions.
    Partner {
        partner_org_id: i64,
        manage: bool,
        billing: bool,
    },
}

impl Access {
    /// Resolves the actor's access to `customer_org_id`'s subscriptions.
    pub async fn resolve<'c, E>(conn: E, actor: &Actor, customer_org_id: i64) -> Result<Access>
    where
        E: sqlx::Executor<'c, Database = sqlx::Any>,
    {
        match actor.org_kind {
            OrgKind::Customer
                if actor.org_id == customer_org_id
                    && (actor.can(Permission::ViewLicenses)
                        || actor.can(Permission::ViewOrders)) =>
            {
                Ok(Access::Customer)
            }
            OrgKind::Partner if actor.can(Permission::ViewCustomers) => {
                if is_accepted(conn, actor.org_id, customer_org_id).await? {
                    Ok(Access::Partner {
                        partner_org_id: actor.org_id,
                        manage: actor.can(Permission::ManageSubscriptions),
                        billing: actor.can(Permission::ViewBilling),
                    })
                } else {
                    Err(Error::Forbidden)
                }
            }
            _ => Err(Error::Forbidden),
        }
    }

    /// The partner that sells to `customer_org_id` when the actor buys for
    /// it: the actor's own, with an accepted relationship and the right to
    /// manage subscriptions.
    pub async fn seller<'c, E>(conn: E, actor: &Actor, customer_org_id: i64) -> Result<i64>
    where
        E: sqlx::Executor<'c, Database = sqlx::Any>,
    {
        match Access::resolve(conn, actor, customer_org_id).await? {
            Access::Partner {
                partner_org_id,
                manage: true,
                ..
            } => Ok(partner_org_id),
            _ => Err(Error::Forbidden),
        }
    }

    /// The partner whose subscriptions the actor may change, if the actor's
    /// roles allow changes at all: a partner user with the rights that
    /// [`Access::resolve`] and [`Access::manages`] require. Whether that partner
    /// bills a given subscription and has an accepted relationship with its
    /// customer is for the caller to check against the database.
    pub fn managing_partner(actor: &Actor) -> Result<i64> {
        if actor.org_kind == OrgKind::Partner
            && actor.can(Permission::ViewCustomers)
            && actor.can(Permission::ManageSubscriptions)
        {
            Ok(actor.org_id)
        } else {
            Err(Error::Forbidden)
        }
    }

    /// May the actor see a subscription billed by `partner_org_id`?
    pub fn sees(self, partner_org_id: i64) -> bool {
        match self {
            Access::Customer => true,
            Access::Partner {
                partner_org_id: own,
                ..
            } => own == partner_org_id,
        }
    }

    /// May the actor change a subscription billed by `partner_org_id`?
    pub fn manages(self, partner_org_id: i64) -> bool {
        matches!(self, Access::Partner { partner_org_id: own, manage: true, .. } if own == partner_org_id)
    }

    /// The partner filter for queries (`None`: all partners).
    pub fn partner_filter(self) -> Option<i64> {
        match self {
            Access::Customer => None,
            Access::Partner { partner_org_id, .. } => Some(partner_org_id),
        }
    }

    /// Invoices and the ledger: customers with report access, partners with billing or manage rights.
    pub fn require_billing(self, actor: &Actor) -> Result<()> {
        let ok = match self {
            Access::Customer => {
                actor.can(Permission::ViewReports) || actor.can(Permission::ViewOrders)
            }
            Access::Partner {
                manage, billing, ..
            } => manage || billing,
        };
        if ok {
            Ok(())
        } else {
            Err(Error::Forbidden)
        }
    }
}
