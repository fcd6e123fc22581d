//! Write transactions (backend/src/db.rs): on SQLite they take turns on one
//! writer connection. A transaction that is dropped, or whose task is
//! aborted, must roll back and hand the writer on; a task that asks for a
//! second write transaction while holding one gets an error, never a hang.

use crate::common;

use std::time::Duration;

use backend::db::Batch;
use backend::{statement, Services};
use common::*;
use sqlx::Row;

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

/// A batch's statements, numbered `$1 …` each on its own.
fn two_events(first: &str, second: &str) -> Batch {
    [
        statement!(
            "INSERT INTO rate_limit_events (bucket, at) VALUES ($1, $2)",
            first,
            1_i64
        ),
        statement!(
            "INSERT INTO rate_limit_events (bucket, at) VALUES ($2, $1)",
            2_i64,
            second
        ),
    ]
    .into_iter()
    .collect()
}

#[tokio::test]
async fn a_batch_reports_each_statements_rows_and_commits_with_its_transaction() {
    on_each_database(|svc| async move {
        let (tx, outcomes) = svc
            .db
            .begin_with(
                [
                    statement!("SELECT $1 AS a UNION ALL SELECT $2", 7_i64, 8_i64),
                    statement!("SELECT $1 AS b", "x"),
                ]
                .into_iter()
                .collect(),
            )
            .await
            .expect("begin with a batch");
        let values: Vec<i64> = outcomes[0].rows.iter().map(|r| r.get(0)).collect();
        assert_eq!(values, [7, 8]);
        assert_eq!(outcomes[1].rows[0].get::<String, _>(0), "x");
        let outcomes = tx
            .commit_with(two_events("batch-a", "batch-b"))
            .await
            .expect("commit with a batch");
        assert_eq!(
            outcomes.iter().map(|o| o.rows_affected).collect::<Vec<_>>(),
            [1, 1]
        );
        assert_eq!(events(&svc, "batch-a").await, 1);
        assert_eq!(
            count(
                &svc,
                "SELECT at FROM rate_limit_events WHERE bucket = 'batch-b'"
            )
            .await,
            2,
            "each statement's arguments are its own"
        );
    })
    .await;
}

#[tokio::test]
async fn a_failing_statement_in_a_batch_rolls_back_everything_and_frees_the_writer() {
    on_each_database(|svc| async move {
        // Fails in the commit's batch: nothing before it is committed.
        let mut tx = svc.db.begin().await.expect("begin");
        write_event(&mut tx, "before-failure").await;
        let mut writes = two_events("in-batch", "in-batch");
        writes.push(statement!("INSERT INTO no_such_table VALUES ($1)", 1_i64));
        assert!(tx.commit_with(writes).await.is_err());
        // Fails in the batch that begins the transaction.
        let failed = svc
            .db
            .begin_with(
                [
                    statement!(
                        "INSERT INTO rate_limit_events (bucket, at) VALUES ($1, 0)",
                        "first"
                    ),
                    statement!("SELECT * FROM no_such_table"),
                ]
                .into_iter()
                .collect(),
            )
            .await;
        assert!(failed.is_err());
        let mut tx = tokio::time::timeout(PROMPT, svc.db.begin())
            .await
            .expect("the writer is free again")
            .expect("begin");
        write_event(&mut tx, "after").await;
        tx.commit().await.expect("commit");
        for bucket in ["before-failure", "in-batch", "first"] {
            assert_eq!(events(&svc, bucket).await, 0, "{bucket} was rolled back");
        }
        assert_eq!(events(&svc, "after").await, 1);
    })
    .await;
}
