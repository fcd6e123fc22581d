//! Loading one subscription and its live seat additions into the rules'
//! `SeatState`.

use domain::{
    Addition, BillingFrequency, CivilDate, Currency, Money, SeatState, SubscriptionStatus, Term,
    Timestamp,
};
use std::sync::LazyLock;

use sqlx::Row;

use crate::db::{Batch, Db, Outcome, Tx};
use crate::error::{Error, Result};

/// A subscription row with its rule state.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub id: i64,
    pub customer_org_id: i64,
    pub partner_org_id: i64,
    pub name: String,
    pub offer_id: String,
    pub auto_renew: bool,
    pub marketplace: bool,
    pub billed_until: CivilDate,
    pub reseller: Option<String>,
    pub promotion: Option<String>,
    pub state: SeatState,
}

pub(crate) const COLUMNS: &str = "s.id, s.customer_org_id, s.partner_org_id, s.name, s.offer_id, s.status, s.trial, \
     s.marketplace, s.term, s.frequency, s.term_started_at, s.seat_price, s.currency, s.auto_renew, \
     s.update_count, s.billed_until, s.reseller, s.promotion";

pub(crate) fn day(d: i64) -> CivilDate {
    CivilDate::from_days_since_epoch(d)
}

fn bad(what: &str, value: &str) -> Error {
    Error::Internal(format!("stored {what} is invalid: {value}"))
}

/// Reads a row selected with [`COLUMNS`]; additions are filled in by [`load`].
pub(crate) fn from_row(r: &sqlx::any::AnyRow) -> Result<Loaded> {
    let status: String = r.get(5);
    let term: String = r.get(8);
    let frequency: String = r.get(9);
    let currency: String = r.get(12);
    Ok(Loaded {
        id: r.get(0),
        customer_org_id: r.get(1),
        partner_org_id: r.get(2),
        name: r.get(3),
        offer_id: r.get(4),
        marketplace: r.get::<i64, _>(7) != 0,
        auto_renew: r.get::<i64, _>(13) != 0,
        billed_until: day(r.get(15)),
        reseller: r.get(16),
        promotion: r.get(17),
        state: SeatState {
            status: SubscriptionStatus::parse(&status).ok_or_else(|| bad("status", &status))?,
            trial: r.get::<i64, _>(6) != 0,
            term: Term::parse(&term).ok_or_else(|| bad("term", &term))?,
            frequency: BillingFrequency::parse(&frequency)
                .ok_or_else(|| bad("frequency", &frequency))?,
            term_started_at: Timestamp::from_millis(r.get(10)),
            seat_price: Money::new(
                r.get(11),
                Currency::parse(&currency).ok_or_else(|| bad("currency", &currency))?,
            ),
            additions: Vec::new(),
            update_count: r.get::<i64, _>(14).clamp(0, i64::from(u32::MAX)) as u32,
        },
    })
}

/// A subscription's live seat additions, oldest first (`$1`: its id).
const ADDITIONS: &str = "SELECT id, seats, added_at, charged, covered_until FROM seat_additions \
     WHERE subscription_id = $1 AND closed = 0 AND seats > 0 ORDER BY id";

fn addition_from_row(r: &sqlx::any::AnyRow) -> Addition {
    Addition {
        id: r.get(0),
        seats: r.get::<i64, _>(1) as u32,
        added_at: Timestamp::from_millis(r.get(2)),
        charged: r.get(3),
        covered_until: day(r.get(4)),
    }
}

async fn additions(conn: &mut sqlx::AnyConnection, subscription_id: i64) -> Result<Vec<Addition>> {
    let rows = sqlx::query(ADDITIONS)
        .bind(subscription_id)
        .fetch_all(conn)
        .await?;
    Ok(rows.iter().map(addition_from_row).collect())
}

/// Loads a subscription inside a transaction (or from the pool).
pub(crate) async fn load(conn: &mut sqlx::AnyConnection, id: i64) -> Result<Option<Loaded>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM subscriptions s WHERE s.id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let mut loaded = from_row(&row)?;
    loaded.state.additions = additions(&mut *conn, id).await?;
    Ok(Some(loaded))
}

/// What the locking statement of a change also writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Touch {
    /// Nothing: the statement only takes the lock.
    Nothing,
    /// Counts one update (R-SUB-12) and sets `updated_at`, so the change
    /// needs no second update of the row. The loaded `update_count` is the
    /// count before this one; a change that fails rolls the count back.
    CountUpdate(Timestamp),
}

/// `UPDATE … RETURNING` with [`COLUMNS`]: takes the row lock and loads the
/// row in one statement, but only if `$2` is the partner that bills the
/// subscription and the customer's relationship with it is accepted now.
fn lock_sql(touch: Touch) -> &'static str {
    static NOTHING: LazyLock<String> =
        LazyLock::new(|| lock_statement("updated_at = updated_at", "update_count"));
    static COUNT: LazyLock<String> = LazyLock::new(|| {
        lock_statement(
            "update_count = update_count + 1, updated_at = $3",
            "update_count - 1",
        )
    });
    match touch {
        Touch::Nothing => &NOTHING,
        Touch::CountUpdate(_) => &COUNT,
    }
}

fn lock_statement(set: &str, count: &str) -> String {
    format!(
        "UPDATE subscriptions SET {set} WHERE id = $1 AND partner_org_id = $2 AND EXISTS \
         (SELECT 1 FROM relationships r WHERE r.partner_org_id = $2 \
         AND r.customer_org_id = subscriptions.customer_org_id AND r.status = 'accepted') \
         RETURNING {}",
        COLUMNS
            .replace("s.", "")
            .replace("update_count,", &format!("{count},"))
    )
}

/// Begins a write transaction that holds the subscription's row lock and
/// loads it, its additions included, in one hand-off: concurrent changes to
/// one subscription run one after the other and each sees the previous one's
/// result (SQLite's write lock already serializes them). `None` (and no
/// transaction) unless the subscription exists, `partner_org_id` bills it
/// and the customer's relationship with that partner is accepted — checked
/// in the locking statement, so a relationship ended concurrently is seen.
pub(crate) async fn begin_locked(
    db: &Db,
    id: i64,
    partner_org_id: i64,
    touch: Touch,
) -> Result<Option<(Tx, Loaded)>> {
    let lock = match touch {
        Touch::Nothing => crate::statement!(lock_sql(touch), id, partner_org_id),
        Touch::CountUpdate(now) => {
            crate::statement!(lock_sql(touch), id, partner_org_id, now.millis())
        }
    };
    let first: Batch = [lock, crate::statement!(ADDITIONS, id)]
        .into_iter()
        .collect();
    let (tx, outcomes) = db.begin_with(first).await?;
    let [locked, additions] = <[Outcome; 2]>::try_from(outcomes)
        .map_err(|_| Error::Internal("the lock batch lost a result".into()))?;
    let Some(row) = locked.rows.first() else {
        return Ok(None);
    };
    let mut loaded = from_row(row)?;
    loaded.state.additions = additions.rows.iter().map(addition_from_row).collect();
    Ok(Some((tx, loaded)))
}
