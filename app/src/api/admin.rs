//! The audit log (R-AUD-01) and the demo mailbox (R-NOT-01).

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::*;
use crate::error::AppError;

use domain::paging::Paged;
pub use domain::views::{AuditRow, OutboxMessage};

/// A page of the audit log, newest first: the entries before `before`.
#[server(endpoint = "audit_log")]
pub async fn audit_log(before: Option<i64>) -> Result<Paged<AuditRow>, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::audit::page(&svc, &actor, before)
        .await
        .map_err(fail)
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
