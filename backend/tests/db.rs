//! Write transactions (backend/src/db.rs): on SQLite they take turns on one
//! writer connection. A transaction that is dropped, or whose task is
//! aborted, must roll back and hand the writer on; a task that asks for a
//! second write transaction while holding one gets an error, never a hang.

mod common;

use std::time::Duration;

use backend::Services;
use common::*;

/// Longer than any of these steps takes, far shorter than a hang.
const PROMPT: Duration = Duration::from_secs(5);

async fn events(svc: &Services, bucket: &str) -> i64 {
    count(
        svc,
        &format!("SELECT COUNT(*) FROM rate_limit_events WHERE bucket = '{bucket}'"),
    )
    .await
}

async fn write_event(tx: &mut backend::db::Tx, bucket: &str) {
    sqlx::query("INSERT INTO rate_limit_events (bucket, at) VALUES ($1, 0)")
        .bind(bucket)
        .execute(&mut **tx)
        .await
        .expect("insert");
}

#[tokio::test]
async fn a_dropped_or_aborted_write_transaction_rolls_back_and_frees_the_writer() {
    on_each_database(|svc| async move {
        // Dropped without commit.
        let mut tx = svc.db.begin().await.expect("begin");
        write_event(&mut tx, "dropped").await;
        drop(tx);
        // Its task aborted while it holds the transaction.
        let (held_tx, held_rx) = tokio::sync::oneshot::channel();
        let db = svc.db.clone();
        let task = tokio::spawn(async move {
            let mut tx = db.begin().await.expect("begin");
            write_event(&mut tx, "aborted").await;
            held_tx.send(()).ok();
            std::future::pending::<()>().await;
            drop(tx);
        });
        held_rx.await.expect("the task holds its transaction");
        task.abort();
        assert!(task.await.unwrap_err().is_cancelled());
        // The next writer gets its turn and commits.
        let mut tx = tokio::time::timeout(PROMPT, svc.db.begin())
            .await
            .expect("the writer is free again")
            .expect("begin");
        write_event(&mut tx, "committed").await;
        tx.commit().await.expect("commit");
        assert_eq!(events(&svc, "dropped").await, 0);
        assert_eq!(events(&svc, "aborted").await, 0);
        assert_eq!(events(&svc, "committed").await, 1);
    })
    .await;
}

#[tokio::test]
async fn a_second_write_transaction_in_the_task_holding_the_writer_is_an_error_not_a_hang() {
    let svc = sqlite().await;
    let db = svc.db.clone();
    let nested = tokio::spawn(async move {
        let _tx = db.begin().await.expect("begin");
        tokio::time::timeout(PROMPT, db.begin())
            .await
            .map(|r| r.is_err())
    });
    assert_eq!(
        nested.await.expect("task"),
        Ok(true),
        "refused at once instead of waiting for itself"
    );
    // Other tasks queue for the writer and all commit.
    let writers: Vec<_> = (0..16)
        .map(|i| {
            let db = svc.db.clone();
            tokio::spawn(async move {
                let mut tx = db.begin().await.expect("begin");
                write_event(&mut tx, &format!("queued-{}", i % 2)).await;
                tokio::task::yield_now().await;
                tx.commit().await.expect("commit");
            })
        })
        .collect();
    for w in writers {
        tokio::time::timeout(PROMPT, w)
            .await
            .expect("no writer waits forever")
            .expect("task");
    }
    assert_eq!(
        events(&svc, "queued-0").await + events(&svc, "queued-1").await,
        16
    );
}
