//! One connection pool for both databases (sqlx `Any`), chosen by URL.
//!
//! Every SQL statement in this crate is written once, with `$N` placeholders,
//! BIGINT millisecond timestamps and TEXT codes, so it runs unchanged on
//! SQLite (the embedded default) and PostgreSQL (several app servers).
//!
//! Write transactions ([`Db::begin`]) on SQLite all run on one writer
//! connection, taken in turn (first come, first served) behind an async
//! mutex: SQLite has one writer at a time anyway, and queueing in the
//! application is much faster than sleeping in SQLite's busy handler. The
//! rule that keeps this free of deadlocks: **while a task holds a write
//! transaction it uses only that transaction** — no second `begin`, no read on
//! [`Db::pool`]. Debug builds check both.
//!
//! The hot write paths send their statements in [`Batch`]es: on SQLite one
//! hand-off to its connection's thread per batch, not per statement.

use std::ops::{Deref, DerefMut};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyConnection, AnyPool, ConnectOptions, Executor};
use tokio::sync::{Mutex, OwnedMutexGuard};

mod batch;
pub(crate) mod locks;
mod migrations;
pub use batch::{Arg, Batch, Outcome, Statement};

/// A write transaction: on PostgreSQL a pooled transaction, on SQLite the
/// one writer connection inside `BEGIN IMMEDIATE`. Dereferences to the
/// connection, so statements run on `&mut *tx` (or `&mut **tx` through a
/// `&mut Tx`). Dropped without [`Tx::commit`], it rolls back.
pub struct Tx(TxInner);

enum TxInner {
    Pool(sqlx::Transaction<'static, sqlx::Any>),
    Writer(WriterTx),
}

/// The writer connection, and whether SQLite may still be inside a
/// transaction that was not committed: the writer runs `BEGIN`, `COMMIT` and
/// `ROLLBACK` as plain statements (so they can share a hand-off with a
/// batch), and sqlx's own transaction bookkeeping does not see them.
struct WriterConn {
    conn: AnyConnection,
    in_transaction: bool,
}

struct WriterTx {
    /// `None` once handed to the task that rolls it back.
    conn: Option<OwnedMutexGuard<WriterConn>>,
    writer: Arc<Writer>,
}

impl WriterTx {
    fn conn(&mut self) -> &mut WriterConn {
        self.conn
            .as_mut()
            .expect("the writer is held until the transaction ends")
    }

    /// Runs `batch` and then `after` (COMMIT or ROLLBACK) in one hand-off.
    async fn finish(mut self, batch: &Batch, after: &str) -> Result<Vec<Outcome>, sqlx::Error> {
        let w = self.conn();
        let outcomes = batch::run_joined(&mut w.conn, None, batch, Some(after)).await?;
        w.in_transaction = false;
        Ok(outcomes)
    }
}

impl Tx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.commit_with(Batch::new()).await.map(|_| ())
    }

    /// Runs `batch`, then commits; on SQLite in one hand-off to its thread.
    pub async fn commit_with(self, batch: Batch) -> Result<Vec<Outcome>, sqlx::Error> {
        match self.0 {
            TxInner::Pool(mut tx) => {
                let outcomes = batch::run_each(&mut tx, &batch).await?;
                tx.commit().await?;
                Ok(outcomes)
            }
            TxInner::Writer(w) => w.finish(&batch, "COMMIT").await,
        }
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        match self.0 {
            TxInner::Pool(tx) => tx.rollback().await,
            TxInner::Writer(w) => w.finish(&Batch::new(), "ROLLBACK").await.map(|_| ()),
        }
    }

    /// Runs `batch` inside the transaction; on SQLite in one hand-off.
    pub async fn run(&mut self, batch: Batch) -> Result<Vec<Outcome>, sqlx::Error> {
        match &mut self.0 {
            TxInner::Pool(tx) => batch::run_each(tx, &batch).await,
            TxInner::Writer(w) => batch::run_joined(&mut w.conn().conn, None, &batch, None).await,
        }
    }
}

impl Deref for Tx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        match &self.0 {
            TxInner::Pool(tx) => tx,
            TxInner::Writer(w) => &w.conn.as_ref().expect("held until the end").conn,
        }
    }
}

impl DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match &mut self.0 {
            TxInner::Pool(tx) => &mut *tx,
            TxInner::Writer(w) => &mut w.conn().conn,
        }
    }
}

impl std::fmt::Debug for Tx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            TxInner::Pool(_) => "Tx(pool)",
            TxInner::Writer(_) => "Tx(sqlite writer)",
        })
    }
}

impl Drop for WriterTx {
    fn drop(&mut self) {
        self.writer.set_holder(None);
        let Some(mut conn) = self.conn.take() else {
            return;
        };
        if !conn.in_transaction {
            return;
        }
        // Roll back at once, holding the writer until done, so the next
        // transaction starts clean. Without a runtime (or should it fail),
        // the next `begin` rolls back first.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if sqlx::query("ROLLBACK")
                    .execute(&mut conn.conn)
                    .await
                    .is_ok()
                {
                    conn.in_transaction = false;
                }
            });
        }
    }
}

/// SQLite's one writer connection.
struct Writer {
    conn: Arc<Mutex<WriterConn>>,
    options: AnyConnectOptions,
    /// The task holding the connection (when it runs in a task), so that a
    /// second `begin` or a pool read from that task is caught, not a hang.
    holder: std::sync::Mutex<Option<tokio::task::Id>>,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Writer")
    }
}

/// How long a write transaction waits for the writer before it fails: far
/// longer than any transaction takes, so it only fires on a bug.
const WRITER_WAIT: Duration = Duration::from_secs(30);

impl Writer {
    async fn open(options: AnyConnectOptions) -> Result<Writer, sqlx::Error> {
        let conn = sqlite_connection(&options).await?;
        Ok(Writer {
            conn: Arc::new(Mutex::new(WriterConn {
                conn,
                in_transaction: false,
            })),
            options,
            holder: std::sync::Mutex::new(None),
        })
    }

    fn set_holder(&self, task: Option<tokio::task::Id>) {
        *self.holder.lock().unwrap_or_else(|e| e.into_inner()) = task;
    }

    /// Is the current task the one holding the writer?
    fn held_by_current_task(&self) -> bool {
        let holder = *self.holder.lock().unwrap_or_else(|e| e.into_inner());
        matches!((holder, tokio::task::try_id()), (Some(h), Some(me)) if h == me)
    }

    /// `BEGIN IMMEDIATE`, then `first`, in one hand-off.
    async fn begin(self: &Arc<Self>, first: &Batch) -> Result<(Tx, Vec<Outcome>), sqlx::Error> {
        if self.held_by_current_task() {
            return Err(sqlx::Error::Protocol(
                "a write transaction was started while this task already holds one".into(),
            ));
        }
        let mut w = tokio::time::timeout(WRITER_WAIT, self.conn.clone().lock_owned())
            .await
            .map_err(|_| sqlx::Error::PoolTimedOut)?;
        if w.in_transaction {
            // Left open by a transaction whose rollback did not run. It fails
            // harmlessly if SQLite already ended that transaction itself.
            let _ = sqlx::query("ROLLBACK").execute(&mut w.conn).await;
        }
        // Set before sending: if `first` fails after BEGIN, the transaction
        // is open and must be rolled back.
        w.in_transaction = true;
        let outcomes =
            match batch::run_joined(&mut w.conn, Some("BEGIN IMMEDIATE"), first, None).await {
                Ok(outcomes) => outcomes,
                // A broken connection (its worker gone) is replaced once.
                Err(sqlx::Error::WorkerCrashed | sqlx::Error::Io(_)) => {
                    w.conn = sqlite_connection(&self.options).await?;
                    batch::run_joined(&mut w.conn, Some("BEGIN IMMEDIATE"), first, None).await?
                }
                Err(e) => {
                    // BEGIN or a statement of `first` failed: end what began.
                    if sqlx::query("ROLLBACK").execute(&mut w.conn).await.is_ok() {
                        w.in_transaction = false;
                    }
                    return Err(e);
                }
            };
        self.set_holder(tokio::task::try_id());
        Ok((
            Tx(TxInner::Writer(WriterTx {
                conn: Some(w),
                writer: self.clone(),
            })),
            outcomes,
        ))
    }
}

/// WAL lets readers run beside the single writer; NORMAL is durable across
/// application crashes in WAL mode. Checkpoints every 10,000 WAL pages
/// (about 40 MB) instead of SQLite's 1,000: every change writes the same hot
/// pages (its invoice's row, the tails of the ledger and audit tables) again,
/// and a checkpoint copies each distinct page once, so rarer checkpoints copy
/// and fsync far less per change.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
     PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 10000;";

async fn sqlite_connection(options: &AnyConnectOptions) -> Result<AnyConnection, sqlx::Error> {
    let mut conn = options.connect().await?;
    conn.execute(SQLITE_PRAGMAS).await?;
    Ok(conn)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DbKind {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    /// SQLite only: where write transactions run.
    writer: Option<Arc<Writer>>,
    kind: DbKind,
}

impl Db {
    /// Connects to `sqlite://path` (created if absent) or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let kind = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            DbKind::Postgres
        } else if url.starts_with("sqlite:") {
            DbKind::Sqlite
        } else {
            return Err(sqlx::Error::Configuration(
                format!("unsupported database URL scheme in {}", redact(url)).into(),
            ));
        };
        let (pool, writer) = match kind {
            DbKind::Sqlite => {
                create_sqlite_parent_dir(url);
                let url = if url.contains('?') {
                    url.to_string()
                } else {
                    format!("{url}?mode=rwc")
                };
                let options = AnyConnectOptions::from_str(&url)?;
                // The writer first: it creates the file and switches it to WAL
                // before the readers open it.
                let writer = Arc::new(Writer::open(options.clone()).await?);
                let pool = AnyPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(Duration::from_secs(30))
                    // No ping on every acquisition (one more round trip to
                    // the connection's thread per read): a local file does not
                    // hang up, and sqlx still pings each connection when it
                    // goes back, dropping a broken one.
                    .test_before_acquire(false)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            conn.execute(SQLITE_PRAGMAS).await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await?;
                (pool, Some(writer))
            }
            DbKind::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(30))
                    .connect(url)
                    .await?;
                (pool, None)
            }
        };
        Ok(Db { pool, writer, kind })
    }

    /// The pool for reads (and, on PostgreSQL, for everything). Not for a
    /// task that holds a write transaction: it reads through the transaction.
    pub fn pool(&self) -> &AnyPool {
        debug_assert!(
            !self
                .writer
                .as_ref()
                .is_some_and(|w| w.held_by_current_task()),
            "a task that holds the SQLite writer must not use the read pool"
        );
        &self.pool
    }

    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        let migrations = match self.kind {
            DbKind::Sqlite => migrations::SQLITE,
            DbKind::Postgres => migrations::POSTGRES,
        };
        migrations.migrator().await?.run(&self.pool).await
    }

    /// Starts a write transaction. On SQLite it waits its turn for the one
    /// writer connection and takes the write lock up front (`BEGIN
    /// IMMEDIATE`): a deferred transaction that reads and then writes fails
    /// instead of waiting when another writer committed in between.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        self.begin_with(Batch::new()).await.map(|(tx, _)| tx)
    }

    /// [`Db::begin`], then `first`; on SQLite in one hand-off to its thread.
    pub async fn begin_with(&self, first: Batch) -> Result<(Tx, Vec<Outcome>), sqlx::Error> {
        match &self.writer {
            Some(writer) => writer.begin(&first).await,
            None => {
                let mut tx = self.pool.begin().await?;
                let outcomes = batch::run_each(&mut tx, &first).await?;
                Ok((Tx(TxInner::Pool(tx)), outcomes))
            }
        }
    }

    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
    }

    pub async fn is_empty(&self) -> Result<bool, sqlx::Error> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organizations")
            .fetch_one(&self.pool)
            .await?;
        Ok(n == 0)
    }
}

fn create_sqlite_parent_dir(url: &str) {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    if let Some(parent) = std::path::Path::new(path).parent() {
        if !parent.as_os_str().is_empty() {
            // A failure here surfaces as the connect error that follows.
            let _ = std::fs::create_dir_all(parent);
        }
    }
}

/// Hides a password in a database URL before it is logged.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &userinfo[..colon],
                    &url[at..]
                ),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}
