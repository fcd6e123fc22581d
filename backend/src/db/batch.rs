//! Statements sent to the database together, for the hot write paths.
//!
//! sqlx runs each SQLite connection on its own thread, so every statement is
//! a hand-off between threads and back; on a busy two-core machine those
//! hand-offs, not SQLite, bound the commit rate. A [`Batch`] goes to SQLite as
//! one multi-statement text: one hand-off for all of it (and, with
//! [`crate::db::Db::begin_with`] and [`crate::db::Tx::commit_with`], for the
//! `BEGIN` or `COMMIT` too). On PostgreSQL the statements run one after
//! another in the transaction, exactly as if written out one by one.
//!
//! A statement's SQL uses `$1 … $N` for its own arguments, like every other
//! statement in this crate, and holds no `$` anywhere else.
//!
//! sqlx 0.8's SQLite driver runs a multi-statement text with arguments; sqlx
//! plans to drop that (launchbadge/sqlx#3108). Should a later version do so,
//! [`run_joined`] becomes [`run_each`] and only the speed is lost.

use std::borrow::Cow;

use futures_util::TryStreamExt;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, Either, Executor};

/// A bound value. NULLs keep their type: PostgreSQL refuses a text NULL
/// bound to a BIGINT column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    Int(Option<i64>),
    Text(Option<String>),
}

impl From<i64> for Arg {
    fn from(v: i64) -> Arg {
        Arg::Int(Some(v))
    }
}

impl From<Option<i64>> for Arg {
    fn from(v: Option<i64>) -> Arg {
        Arg::Int(v)
    }
}

impl From<&str> for Arg {
    fn from(v: &str) -> Arg {
        Arg::Text(Some(v.to_string()))
    }
}

impl From<String> for Arg {
    fn from(v: String) -> Arg {
        Arg::Text(Some(v))
    }
}

impl From<Option<String>> for Arg {
    fn from(v: Option<String>) -> Arg {
        Arg::Text(v)
    }
}

/// One SQL statement with its arguments.
#[derive(Clone, Debug)]
pub struct Statement {
    sql: Cow<'static, str>,
    args: Vec<Arg>,
}

impl Statement {
    pub fn new(sql: impl Into<Cow<'static, str>>, args: Vec<Arg>) -> Statement {
        Statement {
            sql: sql.into(),
            args,
        }
    }
}

/// `statement!("UPDATE t SET a = $2 WHERE id = $1", id, a)`.
#[macro_export]
macro_rules! statement {
    ($sql:expr $(, $arg:expr)* $(,)?) => {
        $crate::db::Statement::new($sql, vec![$($crate::db::Arg::from($arg)),*])
    };
}

/// What one statement of a batch did: the rows it affected and the rows it
/// returned (a `SELECT` or a `RETURNING` clause).
pub struct Outcome {
    pub rows_affected: u64,
    pub rows: Vec<AnyRow>,
}

/// Statements that run in order, in one transaction.
#[derive(Clone, Debug, Default)]
pub struct Batch(Vec<Statement>);

impl Batch {
    pub fn new() -> Batch {
        Batch::default()
    }

    pub fn push(&mut self, statement: Statement) {
        self.0.push(statement);
    }

    fn len(&self) -> usize {
        self.0.len()
    }
}

impl From<Statement> for Batch {
    fn from(statement: Statement) -> Batch {
        Batch(vec![statement])
    }
}

impl FromIterator<Statement> for Batch {
    fn from_iter<I: IntoIterator<Item = Statement>>(iter: I) -> Batch {
        Batch(iter.into_iter().collect())
    }
}

impl Extend<Statement> for Batch {
    fn extend<I: IntoIterator<Item = Statement>>(&mut self, iter: I) {
        self.0.extend(iter);
    }
}

fn bind<'q>(
    mut query: Query<'q, Any, AnyArguments<'q>>,
    args: &[Arg],
) -> Query<'q, Any, AnyArguments<'q>> {
    for arg in args {
        query = match arg {
            Arg::Int(v) => query.bind(*v),
            Arg::Text(v) => query.bind(v.clone()),
        };
    }
    query
}

/// Runs one statement; its rows and the rows it affected.
async fn run_one(conn: &mut AnyConnection, sql: &str, args: &[Arg]) -> sqlx::Result<Outcome> {
    let mut outcomes = collect(conn.fetch_many(bind(sqlx::query(sql), args))).await?;
    outcomes
        .pop()
        .ok_or_else(|| sqlx::Error::Protocol("a statement reported no result".into()))
}

/// Splits a multi-statement result stream into one outcome per statement:
/// each statement's rows come first, then its result.
async fn collect<'e>(
    mut stream: impl futures_util::Stream<Item = sqlx::Result<Either<sqlx::any::AnyQueryResult, AnyRow>>>
        + Unpin
        + 'e,
) -> sqlx::Result<Vec<Outcome>> {
    let mut outcomes = Vec::new();
    let mut rows = Vec::new();
    while let Some(item) = stream.try_next().await? {
        match item {
            Either::Right(row) => rows.push(row),
            Either::Left(done) => outcomes.push(Outcome {
                rows_affected: done.rows_affected(),
                rows: std::mem::take(&mut rows),
            }),
        }
    }
    Ok(outcomes)
}

/// PostgreSQL: the statements one after another.
pub(super) async fn run_each(
    conn: &mut AnyConnection,
    batch: &Batch,
) -> sqlx::Result<Vec<Outcome>> {
    let mut outcomes = Vec::with_capacity(batch.len());
    for s in &batch.0 {
        outcomes.push(run_one(conn, &s.sql, &s.args).await?);
    }
    Ok(outcomes)
}

/// SQLite: `before`, the batch and `after` as one text, in one hand-off. The
/// outcomes are the batch's own (not those of `before` and `after`).
pub(super) async fn run_joined(
    conn: &mut AnyConnection,
    before: Option<&str>,
    batch: &Batch,
    after: Option<&str>,
) -> sqlx::Result<Vec<Outcome>> {
    let mut text = String::new();
    let mut args = Vec::new();
    if let Some(sql) = before {
        text.push_str(sql);
        text.push_str(";\n");
    }
    for s in &batch.0 {
        renumber(&s.sql, args.len(), &mut text);
        text.push_str(";\n");
        args.extend_from_slice(&s.args);
    }
    if let Some(sql) = after {
        text.push_str(sql);
        text.push_str(";\n");
    }
    let mut outcomes = collect(conn.fetch_many(bind(sqlx::query(&text), &args))).await?;
    let skip = usize::from(before.is_some());
    if outcomes.len() != skip + batch.len() + usize::from(after.is_some()) {
        return Err(sqlx::Error::Protocol(format!(
            "a batch of {} statements reported {} results",
            batch.len(),
            outcomes.len()
        )));
    }
    outcomes.truncate(skip + batch.len());
    Ok(outcomes.split_off(skip))
}

/// Appends `sql` with each `$N` written as `$(N + offset)`: SQLite numbers the
/// arguments of a multi-statement text across all of its statements.
fn renumber(sql: &str, offset: usize, out: &mut String) {
    let mut rest = sql;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..=dollar]);
        rest = &rest[dollar + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        match rest[..digits].parse::<usize>() {
            Ok(n) => out.push_str(&(n + offset).to_string()),
            Err(_) => out.push_str(&rest[..digits]),
        }
        rest = &rest[digits..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_across_the_whole_text() {
        let mut out = String::new();
        renumber("UPDATE t SET a = $2 WHERE id = $1 AND b = $10", 3, &mut out);
        assert_eq!(out, "UPDATE t SET a = $5 WHERE id = $4 AND b = $13");
        let mut out = String::new();
        renumber("SELECT 1", 7, &mut out);
        assert_eq!(out, "SELECT 1");
    }
}
