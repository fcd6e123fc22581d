//! The catalog as one customer sees it (R-SUB-01, R-SUB-02): which offers a
//! partner may sell it, at which prices, and which are unavailable and why.

use domain::subscription_views::{CatalogPage, OfferRow};
use domain::{ErrorCode, OfferError, OfferFilter};

use super::access::Access;
use super::cart;
use super::store::{customer_header, holdings};
use crate::actor::Actor;
use crate::catalog::catalog;
use crate::error::Result;
use crate::services::Services;

#[tracing::instrument(name = "subscriptions.catalog.catalog_page", skip_all, fields(actor = actor.user_id, customer_org_id))]
pub async fn catalog_page(
    svc: &Services,
    actor: &Actor,
    customer_org_id: i64,
    filter: &OfferFilter,
) -> Result<CatalogPage> {
    Access::seller(svc.db.pool(), actor, customer_org_id).await?;
    let customer = customer_header(svc.db.pool(), customer_org_id).await?;
    let held = holdings(svc.db.pool(), customer_org_id).await?;
    let cat = catalog();
    let offers = cat
        .listing(customer.segment, filter)
        .map(|o| {
            let prices: Vec<_> = o
                .terms
                .iter()
                .filter_map(|t| o.price(t.term, customer.currency).map(|p| (t.term, p)))
                .collect();
            let unavailable = cat
                .availability(o, customer.segment, &customer.country)
                .err()
                .or_else(|| o.already_held(&held))
                .or_else(|| {
                    prices.is_empty().then_some(OfferError::NoPrice {
                        currency: customer.currency,
                    })
                })
                .map(|e| e.code().to_string());
            OfferRow {
                offer: o.clone(),
                prices,
                unavailable,
            }
        })
        .collect();
    let cart = cart::shown(svc, actor, &customer).await?;
    let software = crate::software::cart::software_catalog(svc, actor, &customer).await?;
    Ok(CatalogPage {
        customer,
        offers,
        cart,
        software,
    })
}
