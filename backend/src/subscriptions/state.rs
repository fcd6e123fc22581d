//! Loading one subscription and its live seat additions into the rules'
//! `SeatState`.

use domain::{
    Addition, BillingFrequency, CivilDate, Claim, Currency, Money, Processing, SeatState,
    SubscriptionStatus, Term, Timestamp,
};
use std::sync::LazyLock;

use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use crate::db::{Db, Outcome, Tx};
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
    /// For an add-on bought for a base subscription, that base (R-SUB-13).
    pub base_subscription_id: Option<i64>,
    /// The billing job's claim, if it is processing the subscription
    /// (R-SUB-21; whether it still holds depends on the time).
    pub processing: Option<Claim>,
    /// Counted up by every write's row lock (R-API-03); as loaded, the
    /// version before the write that locked it.
    pub version: u32,
    pub state: SeatState,
}

/// A subscription's row as stored, read by column name.
#[derive(sqlx::FromRow)]
struct Record {
    id: i64,
    customer_org_id: i64,
    partner_org_id: i64,
    name: String,
    offer_id: String,
    status: String,
    trial: i64,
    marketplace: i64,
    term: String,
    frequency: String,
    term_started_at: i64,
    seat_price: i64,
    currency: String,
    auto_renew: i64,
    update_count: i64,
    billed_until: i64,
    reseller: Option<String>,
    promotion: Option<String>,
    base_subscription_id: Option<i64>,
    paid_from: Option<i64>,
    term_end: Option<i64>,
    processing: Option<String>,
    processing_until: Option<i64>,
    version: i64,
}

/// The columns of a [`Record`] but `update_count` and `version`, which
/// the locking statement returns as they were before its own update.
const FIELDS: [&str; 22] = [
    "id",
    "customer_org_id",
    "partner_org_id",
    "name",
    "offer_id",
    "status",
    "trial",
    "marketplace",
    "term",
    "frequency",
    "term_started_at",
    "seat_price",
    "currency",
    "auto_renew",
    "billed_until",
    "reseller",
    "promotion",
    "base_subscription_id",
    "paid_from",
    "term_end",
    "processing",
    "processing_until",
];

/// Every column of a [`Record`], of `subscriptions s`.
pub(crate) static COLUMNS: LazyLock<String> = LazyLock::new(|| {
    FIELDS
        .iter()
        .chain(&["update_count", "version"])
        .map(|f| format!("s.{f}"))
        .collect::<Vec<_>>()
        .join(", ")
});

pub(crate) fn day(d: i64) -> CivilDate {
    CivilDate::from_days_since_epoch(d)
}

fn bad(what: &str, value: &str) -> Error {
    Error::Internal(format!("stored {what} is invalid: {value}"))
}

impl Loaded {
    /// The reseller declared with its order; a stored one that no longer
    /// parses is a fault, not "no reseller".
    pub(crate) fn reseller_id(&self) -> Result<Option<domain::ResellerId>> {
        self.reseller
            .as_deref()
            .map(|r| domain::ResellerId::parse(r).map_err(|_| bad("reseller", r)))
            .transpose()
    }
}

/// Reads a row selected with [`COLUMNS`]; additions are filled in by [`load`].
pub(crate) fn from_row(row: &AnyRow) -> Result<Loaded> {
    Record::from_row(row)?.try_into()
}

impl TryFrom<Record> for Loaded {
    type Error = Error;

    fn try_from(r: Record) -> Result<Loaded> {
        Ok(Loaded {
            id: r.id,
            customer_org_id: r.customer_org_id,
            partner_org_id: r.partner_org_id,
            name: r.name,
            offer_id: r.offer_id,
            marketplace: r.marketplace != 0,
            auto_renew: r.auto_renew != 0,
            billed_until: day(r.billed_until),
            reseller: r.reseller,
            promotion: r.promotion,
            base_subscription_id: r.base_subscription_id,
            processing: match (r.processing.as_deref(), r.processing_until) {
                (Some(what), Some(until)) => Some(Claim {
                    what: Processing::parse(what).ok_or_else(|| bad("processing", what))?,
                    until: Timestamp::from_millis(until),
                }),
                _ => None,
            },
            version: u32::try_from(r.version)
                .map_err(|_| bad("version", &r.version.to_string()))?,
            state: SeatState {
                status: SubscriptionStatus::parse(&r.status)
                    .ok_or_else(|| bad("status", &r.status))?,
                trial: r.trial != 0,
                term: Term::parse(&r.term).ok_or_else(|| bad("term", &r.term))?,
                frequency: BillingFrequency::parse(&r.frequency)
                    .ok_or_else(|| bad("frequency", &r.frequency))?,
                term_started_at: Timestamp::from_millis(r.term_started_at),
                seat_price: Money::new(
                    r.seat_price,
                    Currency::parse(&r.currency).ok_or_else(|| bad("currency", &r.currency))?,
                ),
                additions: Vec::new(),
                update_count: r.update_count.clamp(0, i64::from(u32::MAX)) as u32,
                paid_from: r.paid_from.map(day),
                term_end: r.term_end.map(day),
            },
        })
    }
}

/// A subscription's live seat additions (of `seat_additions a`) as one
/// text, `id:seats:added_at:charged:covered_until` per addition,
/// comma-separated, oldest first; NULL when there are none. One row instead
/// of one per addition: on SQLite every row crosses from its thread and is
/// converted value by value, which cost a seat change more than all of its
/// writes. (`string_agg … ORDER BY` is PostgreSQL's, and SQLite's since 3.44.)
const ADDITIONS_TEXT: &str =
    "string_agg(a.id || ':' || a.seats || ':' || a.added_at || ':' || a.charged \
     || ':' || a.covered_until, ',' ORDER BY a.id)";
const LIVE_ADDITION: &str = "a.closed = 0 AND a.seats > 0";

/// The additions of subscription `$1`.
static ADDITIONS: LazyLock<String> = LazyLock::new(|| {
    format!("SELECT {ADDITIONS_TEXT} FROM seat_additions a WHERE a.subscription_id = $1 AND {LIVE_ADDITION}")
});

/// What a change reads after taking the lock on subscription `$1`: its
/// additions, whether its invoice of month `$2` exists yet, and the kinds of
/// what is scheduled for its end.
static AFTER_LOCK: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT (SELECT {ADDITIONS_TEXT} FROM seat_additions a WHERE a.subscription_id = s.id AND {LIVE_ADDITION}) AS additions, \
         (SELECT COUNT(*) FROM invoices i WHERE i.customer_org_id = s.customer_org_id \
         AND i.partner_org_id = s.partner_org_id AND i.month = $2 AND i.currency = s.currency) AS invoices, \
         (SELECT string_agg(c.kind, ',') FROM scheduled_changes c WHERE c.subscription_id = s.id) AS scheduled \
         FROM subscriptions s WHERE s.id = $1"
    )
});

fn parse_additions(text: Option<String>) -> Result<Vec<Addition>> {
    let Some(text) = text else {
        return Ok(Vec::new());
    };
    text.split(',')
        .map(|one| {
            let mut fields = one.split(':').map(str::parse::<i64>);
            let mut next = || fields.next().and_then(|f| f.ok());
            match (next(), next(), next(), next(), next()) {
                (Some(id), Some(seats), Some(added_at), Some(charged), Some(covered_until)) => {
                    Ok(Addition {
                        id,
                        seats: u32::try_from(seats).map_err(|_| bad("seats", one))?,
                        added_at: Timestamp::from_millis(added_at),
                        charged,
                        covered_until: day(covered_until),
                    })
                }
                _ => Err(bad("seat addition", one)),
            }
        })
        .collect()
}

async fn additions(conn: &mut sqlx::AnyConnection, subscription_id: i64) -> Result<Vec<Addition>> {
    let text: Option<String> = sqlx::query_scalar(&ADDITIONS)
        .bind(subscription_id)
        .fetch_one(conn)
        .await?;
    parse_additions(text)
}

/// Loads a subscription inside a transaction (or from the pool).
pub(crate) async fn load(conn: &mut sqlx::AnyConnection, id: i64) -> Result<Option<Loaded>> {
    let row = sqlx::query(&format!(
        "SELECT {} FROM subscriptions s WHERE s.id = $1",
        *COLUMNS
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
    /// Nothing but the version (every write counts one, R-API-03): the
    /// statement takes the lock.
    Nothing,
    /// Counts one update (R-SUB-12) and sets `updated_at`, so the change
    /// needs no second update of the row. The loaded `update_count` is the
    /// count before this one; a change that fails rolls the count back.
    CountUpdate(Timestamp),
}

/// `UPDATE … RETURNING` a [`Record`]: takes the row lock and loads the
/// row in one statement, but only if `$2` is the partner that bills the
/// subscription and the customer's relationship with it is accepted now.
fn lock_sql(touch: Touch) -> &'static str {
    static NOTHING: LazyLock<String> =
        LazyLock::new(|| lock_statement("version = version + 1", "update_count"));
    static COUNT: LazyLock<String> = LazyLock::new(|| {
        lock_statement(
            "version = version + 1, update_count = update_count + 1, updated_at = $3",
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
         RETURNING {}, {count} AS update_count, version - 1 AS version",
        FIELDS.join(", ")
    )
}

/// A write transaction holding a subscription's row lock.
pub(crate) struct Locked {
    pub tx: Tx,
    pub sub: Loaded,
    /// Whether the subscription's invoice of the change's month exists
    /// already (see [`super::ledger::statements`]).
    pub invoice_exists: bool,
    /// The kinds of what is scheduled for its end (R-SUB-20).
    pub scheduled: Vec<String>,
}

/// Begins a write transaction that holds the subscription's row lock and
/// loads it, its additions included, in one hand-off: concurrent changes to
/// one subscription run one after the other and each sees the previous one's
/// result (SQLite's write lock already serializes them). `None` (and no
/// transaction) unless the subscription exists, `partner_org_id` bills it
/// and the customer's relationship with that partner is accepted — checked
/// in the locking statement, so a relationship ended concurrently is seen.
/// `month`: the invoice month of the change ("2026-03").
pub(crate) async fn begin_locked(
    db: &Db,
    id: i64,
    partner_org_id: i64,
    touch: Touch,
    month: &str,
) -> Result<Option<Locked>> {
    let lock = match touch {
        Touch::Nothing => crate::statement!(lock_sql(touch), id, partner_org_id),
        Touch::CountUpdate(now) => {
            crate::statement!(lock_sql(touch), id, partner_org_id, now.millis())
        }
    };
    // Read after the lock (on PostgreSQL a new snapshot), so it sees what
    // the change it waited for committed.
    let after_lock = crate::statement!(AFTER_LOCK.as_str(), id, month);
    let (tx, outcomes) = db
        .begin_with([lock, after_lock].into_iter().collect())
        .await?;
    let [locked, read] = <[Outcome; 2]>::try_from(outcomes)
        .map_err(|_| Error::Internal("the lock batch lost a result".into()))?;
    let (Some(row), Some(read)) = (locked.rows.first(), read.rows.first()) else {
        return Ok(None);
    };
    let mut sub = from_row(row)?;
    super::check_if_version(sub.version)?;
    sub.state.additions = parse_additions(read.try_get("additions")?)?;
    let invoices: i64 = read.try_get("invoices")?;
    let scheduled: Option<String> = read.try_get("scheduled")?;
    Ok(Some(Locked {
        tx,
        sub,
        invoice_exists: invoices > 0,
        scheduled: scheduled
            .map(|k| k.split(',').map(str::to_string).collect())
            .unwrap_or_default(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_additions_text_is_read_back_field_by_field() {
        let read = parse_additions(Some(
            "3:10:1700000000000:12000:20000,7:2:1700000500000:0:20010".into(),
        ))
        .expect("valid");
        assert_eq!(read.len(), 2);
        assert_eq!((read[0].id, read[0].seats, read[0].charged), (3, 10, 12000));
        assert_eq!(read[1].added_at, Timestamp::from_millis(1_700_000_500_000));
        assert_eq!(read[1].covered_until, day(20010));
        assert!(parse_additions(None).expect("none").is_empty());
        assert!(parse_additions(Some("3:10:1".into())).is_err());
        assert!(parse_additions(Some("3:-1:1:1:1".into())).is_err());
    }
}
