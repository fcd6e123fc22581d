//! The schema migrations, compiled into the binary.
//!
//! In place of `sqlx::migrate!`: that proc macro pulls in sqlx's query-macro
//! crates, which compile a second bundled SQLite and the PostgreSQL driver
//! for the build host. The files and checksums are the same as the macro's
//! (sqlx computes them in `Migration::new`), so databases migrated before
//! keep working; a test holds this list against sqlx's own reading of the
//! directories.

use std::borrow::Cow;

use futures_util::future::BoxFuture;
use sqlx::error::BoxDynError;
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};

/// One directory's migrations: file stems `NNNN_description`, in order.
#[derive(Debug, Clone, Copy)]
pub(super) struct Embedded(&'static [(&'static str, &'static str)]);

/// Both directories hold the same migrations under the same names (each in
/// its database's dialect); the test below fails if either gains a file this
/// list does not name.
macro_rules! embedded {
    ($($stem:literal),+ $(,)?) => {
        (
            Embedded(&[$(($stem, include_str!(concat!("../../migrations/sqlite/", $stem, ".sql")))),+]),
            Embedded(&[$(($stem, include_str!(concat!("../../migrations/postgres/", $stem, ".sql")))),+]),
        )
    };
}

const BOTH: (Embedded, Embedded) = embedded!(
    "0001_accounts",
    "0002_test_clock",
    "0003_subscriptions",
    "0004_benefits",
    "0005_training_vouchers",
    "0006_ledger_invoice_check_at_commit",
    "0007_throttle_locks_and_one_provider",
    "0008_deployment_secret",
    "0009_order_lines_digest",
    "0010_outbox_lease_and_job_failures",
    "0011_processing_claim",
    "0012_scheduled_changes",
    "0013_renewal_changes",
    "0014_transfers",
    "0015_addon_base",
    "0016_free_trials",
    "0017_coterm",
    "0018_software",
    "0019_support_requests_and_key_reveals",
    "0020_benefit_software",
    "0021_membership_benefits",
    "0022_api_tokens_and_idempotency",
    "0023_subscription_version",
);
pub(super) const SQLITE: Embedded = BOTH.0;
pub(super) const POSTGRES: Embedded = BOTH.1;

impl Embedded {
    pub(super) async fn migrator(self) -> Result<Migrator, sqlx::migrate::MigrateError> {
        Migrator::new(self).await
    }

    fn migrations(self) -> Result<Vec<Migration>, BoxDynError> {
        self.0
            .iter()
            .map(|&(stem, sql)| {
                // sqlx's file-name rule: `<version>_<description>.sql`, with
                // the description's underscores read as spaces.
                let (version, description) = stem
                    .split_once('_')
                    .ok_or_else(|| format!("migration {stem} has no description"))?;
                let version = version
                    .parse()
                    .map_err(|_| format!("migration {stem} has no numeric version"))?;
                Ok(Migration::new(
                    version,
                    Cow::Owned(description.replace('_', " ")),
                    MigrationType::Simple,
                    Cow::Borrowed(sql),
                    sql.starts_with("-- no-transaction"),
                ))
            })
            .collect()
    }
}

impl MigrationSource<'static> for Embedded {
    fn resolve(self) -> BoxFuture<'static, Result<Vec<Migration>, BoxDynError>> {
        Box::pin(async move { self.migrations() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What sqlx itself reads from the directory, as `migrate!` did.
    async fn from_directory(dir: &str) -> Vec<Migration> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(dir);
        Migrator::new(path)
            .await
            .expect("the directory's migrations resolve")
            .iter()
            .cloned()
            .collect()
    }

    fn summary(migrations: &[Migration]) -> Vec<(i64, String, Vec<u8>, bool)> {
        migrations
            .iter()
            .map(|m| {
                (
                    m.version,
                    m.description.to_string(),
                    m.checksum.to_vec(),
                    m.no_tx,
                )
            })
            .collect()
    }

    #[tokio::test]
    async fn every_migration_file_is_embedded_with_sqlx_checksum() {
        for (dir, embedded) in [("sqlite", SQLITE), ("postgres", POSTGRES)] {
            let expected = from_directory(dir).await;
            assert!(!expected.is_empty(), "{dir} has migrations");
            let embedded = embedded.migrator().await.expect("embedded list resolves");
            let embedded: Vec<_> = embedded.iter().cloned().collect();
            assert_eq!(summary(&embedded), summary(&expected), "{dir}");
        }
    }
}
