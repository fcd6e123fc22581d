//! The audit log (R-AUD-01) and the demo mailbox (R-NOT-01).

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::*;
use crate::error::AppError;

pub use domain::views::{AuditRow, OutboxMessage};

#[server(endpoint = "audit_log")]
pub async fn audit_log() -> Result<Vec<AuditRow>, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::audit::list(&svc, &actor, 200).await.map_err(fail)
}

/// Demo mode only: every email the outbox holds, so a person can click the
/// invitation link without a mail server.
#[server(endpoint = "mailbox")]
pub async fn mailbox() -> Result<Vec<OutboxMessage>, AppError> {
    let svc = services()?;
    if !svc.config.demo_mode {
        return Err(fail(backend::Error::NotFound));
    }
    backend::outbox::list(&svc.db, 100).await.map_err(fail)
}
