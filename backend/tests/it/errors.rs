//! The error policy against real databases (backend/src/error.rs): a
//! database that cannot serve is `Unavailable` (503, retry later), never a
//! signed-out visitor, "not found" or a 500.

use crate::common;

use backend::{Db, Error};
use common::*;
use sqlx::{ConnectOptions, Connection};

/// A session that cannot be read is a failure, not "no session".
#[tokio::test]
async fn a_closed_pool_is_unavailable_not_signed_out() {
    on_each_database(|svc| async move {
        let session = backend::sessions::login(
            &svc,
            "admin@twprecision.example",
            backend::seed::DEMO_PASSWORD,
            "test",
        )
        .await
        .expect("signs in");
        svc.db.pool().close().await;
        let read = backend::sessions::actor_for_token(&svc, &session.token).await;
        assert!(matches!(read, Err(Error::Unavailable(_))), "{read:?}");
        let e = read.unwrap_err();
        assert_eq!((e.status(), e.retry_after()), (503, Some(5)));
    })
    .await;
}

/// SQLite locked by another process past the busy timeout (a backup, the
/// CLI): SQLite's own SQLITE_BUSY is `Unavailable`.
#[tokio::test]
async fn a_sqlite_database_locked_by_another_process_is_unavailable() {
    let url = sqlite_url();
    let db = Db::connect(&url).await.expect("sqlite opens");
    db.migrate().await.expect("migrations apply");
    // Another process's connection, which does not wait for the lock.
    let other = || async {
        let mut conn = sqlx::sqlite::SqliteConnectOptions::from_url(&url.parse().unwrap())
            .expect("a SQLite URL")
            .busy_timeout(std::time::Duration::ZERO)
            .connect()
            .await
            .expect("a second connection");
        sqlx::query("BEGIN IMMEDIATE")
            .execute(&mut conn)
            .await
            .map(|_| conn)
    };
    let holder = other().await.expect("takes the lock");
    let busy = other().await.expect_err("the lock is taken");
    let e = Error::from(busy);
    assert!(matches!(e, Error::Unavailable(_)), "{e:?}");
    assert_eq!(e.status(), 503);
    holder.close().await.expect("closes");
}

/// PostgreSQL ends the connection (a restart, a failover, an administrator):
/// the statement that was running and the next one on that connection are
/// `Unavailable`; the pool then replaces the connection.
#[tokio::test]
#[ignore = "PostgreSQL only: runs when BC_TEST_POSTGRES_URL is set"]
async fn a_lost_postgres_connection_is_unavailable_and_the_pool_recovers() {
    let svc = postgres(&postgres_url()).await;
    let mut conn = svc.db.pool().acquire().await.expect("a connection");
    let terminated = sqlx::query("SELECT pg_terminate_backend(pg_backend_pid())")
        .execute(&mut *conn)
        .await
        .expect_err("the server ends the connection");
    let next = sqlx::query("SELECT 1")
        .execute(&mut *conn)
        .await
        .expect_err("the connection is gone");
    for e in [terminated, next] {
        let e = Error::from(e);
        assert!(matches!(e, Error::Unavailable(_)), "{e:?}");
    }
    drop(conn);
    let read = backend::sessions::actor_for_token(&svc, "no such token").await;
    assert!(matches!(read, Ok(None)), "{read:?}");
}
