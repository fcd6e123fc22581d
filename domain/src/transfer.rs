//! Moving subscriptions to another partner (R-SUB-28, seed 004 "轉移新的商務
//! 授權型訂用帳戶"): the target partner, once the customer accepted its
//! relationship, sends a transfer request to the source partner; the source
//! partner picks subscriptions and submits; each moves as a new subscription
//! under the target partner and the old one is cancelled, in one
//! transaction. A request can be declined, and expires after
//! [`TRANSFER_VALIDITY`] (decision).
//!
//! The money of one subscription's move is [`plan_line`]: the browser
//! previews it and the server commits it with the same function at the same
//! pinned time, and refuses a figure other than the previewed one.

use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::preview::{check_commit, PreviewError};
use crate::seats::{Period, SeatState, SubscriptionStatus};
use crate::{CivilDate, FieldError, Span, Timestamp};

/// A pending request expires this long after it was sent (decision: seed
/// 004 names no validity; 30 days is the invitation links' order of time).
pub const TRANSFER_VALIDITY: Span = Span::days(30);

/// A request's state. `Expired` is never stored: a pending request past
/// [`TRANSFER_VALIDITY`] reads as expired ([`TransferStatus::at`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TransferStatus {
    Pending,
    Completed,
    Declined,
    Expired,
}

impl TransferStatus {
    pub const ALL: [TransferStatus; 4] = [
        Self::Pending,
        Self::Completed,
        Self::Declined,
        Self::Expired,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Completed => "completed",
            Self::Declined => "declined",
            Self::Expired => "expired",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    /// The state at `now` of a request stored as `self`, sent at `sent_at`.
    pub fn at(self, sent_at: Timestamp, now: Timestamp) -> TransferStatus {
        if self == Self::Pending && now >= transfer_expires_at(sent_at) {
            Self::Expired
        } else {
            self
        }
    }
}

/// When a request sent at `sent_at` expires.
pub fn transfer_expires_at(sent_at: Timestamp) -> Timestamp {
    sent_at.plus(TRANSFER_VALIDITY)
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum TransferError {
    /// Submitted or declined already.
    #[error("the transfer request is {status:?}")]
    NotPending { status: TransferStatus },
    #[error("the transfer request expired at {expired_at}")]
    Expired { expired_at: Timestamp },
    #[error("choose at least one subscription")]
    NothingChosen,
    /// Only an active paid subscription moves (a trial's status cannot
    /// change, R-SUB-24; a suspended one is the customer's to reactivate).
    #[error("only an active paid subscription can be transferred")]
    NotTransferable,
    #[error("a partner cannot transfer to itself")]
    SamePartner,
    /// The ID names no partner organization.
    #[error("no partner has this ID")]
    SourceUnknown,
    /// The same target already asked the same source for this customer.
    #[error("a transfer request for this customer is already pending")]
    AlreadyPending,
    /// The customer ended its relationship with the target partner since.
    #[error("the customer's relationship with the target partner is not accepted")]
    TargetNotAccepted,
    /// A chosen line is not `id:credit:charge` as the form writes it.
    #[error("the chosen subscriptions are malformed")]
    LineInvalid,
}

crate::error_codes! {
    TransferError {
        Self::NotPending { .. } => "transfer_not_pending",
        Self::Expired { .. } => "transfer_expired",
        Self::NothingChosen => "transfer_nothing_chosen",
        Self::NotTransferable => "transfer_not_transferable",
        Self::SamePartner => "transfer_same_partner",
        Self::SourceUnknown => "transfer_source_unknown",
        Self::AlreadyPending => "transfer_already_pending",
        Self::TargetNotAccepted => "transfer_target_not_accepted",
        Self::LineInvalid => "transfer_line_invalid",
    }
}

impl TransferError {
    /// The error at the field it concerns, with the values its text names.
    pub fn field_error(&self) -> FieldError {
        match self {
            Self::NotPending { status } => FieldError::new("", self).with("status", status.code()),
            Self::Expired { expired_at } => {
                FieldError::new("", self).with("expired_at", expired_at.to_rfc3339())
            }
            Self::NothingChosen | Self::NotTransferable | Self::LineInvalid => {
                FieldError::new("lines", self)
            }
            Self::SamePartner | Self::SourceUnknown | Self::AlreadyPending => {
                FieldError::new("source_partner_id", self)
            }
            Self::TargetNotAccepted => FieldError::new("", self),
        }
    }
}

/// A request sent at `sent_at`, stored as `status`, can still be submitted
/// or declined at `now`.
pub fn check_open(
    status: TransferStatus,
    sent_at: Timestamp,
    now: Timestamp,
) -> Result<(), TransferError> {
    match status.at(sent_at, now) {
        TransferStatus::Pending => Ok(()),
        TransferStatus::Expired => Err(TransferError::Expired {
            expired_at: transfer_expires_at(sent_at),
        }),
        status => Err(TransferError::NotPending { status }),
    }
}

/// One subscription of the source partner as the rules need it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Candidate {
    pub subscription_id: i64,
    pub name: String,
    pub state: SeatState,
    /// The day up to which its billing periods are charged (exclusive).
    pub billed_until: CivilDate,
}

/// One subscription's move, as previewed and as committed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransferLine {
    pub subscription_id: i64,
    pub seats: u32,
    /// Credited to the source partner on the old subscription.
    pub credit: Money,
    /// Charged by the target partner on the new one, for `period`.
    pub charge: Money,
    pub period: Period,
}

/// R-SUB-28, R-BIL-02: moving `c` at `now`, split at the transfer day,
/// which belongs to the target:
///
/// - the source's credit is what an increase of the same seats would be
///   charged from that day to the end of the current billing period
///   ([`SeatState::increase_charge`]: that period's charge × days left /
///   days in the period), when that period was charged (`billed_until`
///   past it), else nothing;
/// - the target's charge is a purchase's at the transfer: a new term of the
///   same offer, term, billing and seat price starts then, and its first
///   billing period is charged whole (R-SUB-08 on day one).
pub fn plan_line(c: &Candidate, now: Timestamp) -> Result<TransferLine, TransferError> {
    let s = &c.state;
    if s.status != SubscriptionStatus::Active || s.trial {
        return Err(TransferError::NotTransferable);
    }
    let seats = s.seats();
    let currency = s.seat_price.currency;
    let current = s.billing_period(now.date());
    let credit = if c.billed_until >= current.end {
        s.increase_charge(seats, now)
    } else {
        0
    };
    let new = SeatState::bought(false, s.term, s.frequency, s.seat_price, now);
    Ok(TransferLine {
        subscription_id: c.subscription_id,
        seats,
        credit: Money::new(credit, currency),
        charge: Money::new(new.increase_charge(seats, now), currency),
        period: new.billing_period(now.date()),
    })
}

/// A transfer of several subscriptions: its lines and their totals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransferPlan {
    pub lines: Vec<TransferLine>,
    pub credit: Money,
    pub charge: Money,
}

/// The chosen candidates' lines, in their order, and their totals (a
/// customer's subscriptions share its one currency, `currency_for_country`).
pub fn plan_transfer(
    candidates: &[Candidate],
    chosen: &[i64],
    now: Timestamp,
) -> Result<TransferPlan, TransferError> {
    let lines = candidates
        .iter()
        .filter(|c| chosen.contains(&c.subscription_id))
        .map(|c| plan_line(c, now))
        .collect::<Result<Vec<_>, _>>()?;
    let currency = lines
        .first()
        .ok_or(TransferError::NothingChosen)?
        .charge
        .currency;
    let total = |f: fn(&TransferLine) -> i64| Money::new(lines.iter().map(f).sum(), currency);
    Ok(TransferPlan {
        credit: total(|l| l.credit.minor),
        charge: total(|l| l.charge.minor),
        lines,
    })
}

/// A subscription the source partner ticked, with the figures its preview
/// showed: the form's value `id:credit:charge` (minor units).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chosen {
    pub subscription_id: i64,
    pub credit: i64,
    pub charge: i64,
}

impl Chosen {
    pub fn of(line: &TransferLine) -> Chosen {
        Chosen {
            subscription_id: line.subscription_id,
            credit: line.credit.minor,
            charge: line.charge.minor,
        }
    }

    pub fn code(self) -> String {
        format!("{}:{}:{}", self.subscription_id, self.credit, self.charge)
    }

    pub fn parse(s: &str) -> Result<Chosen, TransferError> {
        let mut parts = s.trim().split(':').map(str::parse::<i64>);
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(Ok(subscription_id)), Some(Ok(credit)), Some(Ok(charge)), None) => Ok(Chosen {
                subscription_id,
                credit,
                charge,
            }),
            _ => Err(TransferError::LineInvalid),
        }
    }

    /// The line planned at `now` may commit what this preview, pinned at
    /// `pinned_at`, showed: both figures, on the pin's day, while fresh.
    pub fn check(
        self,
        planned: &TransferLine,
        pinned_at: Timestamp,
        now: Timestamp,
    ) -> Result<(), PreviewError> {
        check_commit(pinned_at, now, self.credit, planned.credit)?;
        check_commit(pinned_at, now, self.charge, planned.charge)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{BillingFrequency, Term};
    use crate::money::Currency;
    use crate::seats::Addition;

    fn at(month: u32, day: u32, h: u32) -> Timestamp {
        Timestamp::from_ymd_hms(2026, month, day, h, 0, 0).unwrap()
    }

    fn day(month: u32, day: u32) -> CivilDate {
        CivilDate::new(2026, month, day).unwrap()
    }

    /// 30 seats of TWD 13,392.00 a seat a year billed monthly, bought on
    /// 2026-03-01 10:00: March (31 days) charged and billed to 2026-04-01.
    fn monthly() -> Candidate {
        let bought = at(3, 1, 10);
        let mut state = SeatState::bought(
            false,
            Term::P1Y,
            BillingFrequency::Monthly,
            Money::new(1_339_200, Currency::Twd),
            bought,
        );
        state.additions.push(Addition {
            id: 1,
            seats: 30,
            added_at: bought,
            charged: 3_348_000,
            covered_until: day(4, 1),
        });
        Candidate {
            subscription_id: 7,
            name: "Microsoft 365 Business Premium".into(),
            state,
            billed_until: day(4, 1),
        }
    }

    /// R-SUB-28: moved on 2026-03-11 15:00, 21 of March's 31 days are left
    /// (the 11th to the 31st). March's charge for 30 seats is 30 ×
    /// 1,339,200 / 12 = 3,348,000; the source is credited 3,348,000 × 21 /
    /// 31 = 2,268,000 (TWD 22,680.00); the target's new term starts on the
    /// 11th and charges its first month (2026-03-11 – 2026-04-10) whole,
    /// 3,348,000.
    #[test]
    fn r_sub_28_a_transfer_credits_the_unused_days_and_charges_the_target_from_then() {
        let line = plan_line(&monthly(), at(3, 11, 15)).unwrap();
        assert_eq!(line.seats, 30);
        assert_eq!(line.credit, Money::new(2_268_000, Currency::Twd));
        assert_eq!(line.charge, Money::new(3_348_000, Currency::Twd));
        assert_eq!(line.period.start, day(3, 11));
        assert_eq!(line.period.end, day(4, 11));
    }

    /// R-SUB-28: on the period's first day the whole period is credited; a
    /// period not yet charged (the job has not run) credits nothing.
    #[test]
    fn r_sub_28_the_credit_is_for_a_charged_period_only() {
        let mut c = monthly();
        assert_eq!(plan_line(&c, at(3, 1, 12)).unwrap().credit.minor, 3_348_000);
        // On 2026-04-02 April is not yet billed: nothing to credit.
        assert_eq!(plan_line(&c, at(4, 2, 9)).unwrap().credit.minor, 0);
        // Once billed to 2026-05-01: 29 of April's 30 days are left,
        // 3,348,000 × 29 / 30 = 3,236,400.
        c.billed_until = day(5, 1);
        assert_eq!(plan_line(&c, at(4, 2, 9)).unwrap().credit.minor, 3_236_400);
    }

    /// R-SUB-28: a year billed annually (120 seats at TWD 9,600.00, bought
    /// 2026-01-20) moved on 2026-03-01: 325 of the year's 365 days are
    /// left (2026-03-01 – 2027-01-19), 120 × 960,000 × 325 / 365 =
    /// 102,575,342.47 → 102,575,342.
    #[test]
    fn r_sub_28_an_annual_subscription_credits_the_rest_of_its_year() {
        let bought = at(1, 20, 8);
        let mut state = SeatState::bought(
            false,
            Term::P1Y,
            BillingFrequency::Annual,
            Money::new(960_000, Currency::Twd),
            bought,
        );
        state.additions.push(Addition {
            id: 1,
            seats: 120,
            added_at: bought,
            charged: 115_200_000,
            covered_until: CivilDate::new(2027, 1, 20).unwrap(),
        });
        let c = Candidate {
            subscription_id: 1,
            name: "Office 365 E3".into(),
            state,
            billed_until: CivilDate::new(2027, 1, 20).unwrap(),
        };
        let line = plan_line(&c, at(3, 1, 10)).unwrap();
        assert_eq!(line.credit.minor, 102_575_342);
        assert_eq!(line.charge.minor, 115_200_000);
    }

    /// R-SUB-28: only active paid subscriptions move; nothing chosen is refused.
    #[test]
    fn r_sub_28_only_active_paid_subscriptions_move() {
        let mut c = monthly();
        c.state.status = SubscriptionStatus::Suspended;
        assert_eq!(
            plan_line(&c, at(3, 5, 0)),
            Err(TransferError::NotTransferable)
        );
        let mut trial = monthly();
        trial.state.trial = true;
        assert_eq!(
            plan_line(&trial, at(3, 5, 0)),
            Err(TransferError::NotTransferable)
        );
        assert_eq!(
            plan_transfer(&[monthly()], &[8], at(3, 5, 0)),
            Err(TransferError::NothingChosen)
        );
        let plan = plan_transfer(&[monthly()], &[7], at(3, 11, 15)).unwrap();
        assert_eq!(plan.lines.len(), 1);
        assert_eq!(plan.credit, Money::new(2_268_000, Currency::Twd));
        assert_eq!(plan.charge, Money::new(3_348_000, Currency::Twd));
    }

    /// R-SUB-28 (decision): a request sent on 2026-03-01 10:00 is open until
    /// 2026-03-31 09:59:59.999 and expired from 10:00; a decided one stays so.
    #[test]
    fn r_sub_28_a_request_expires_after_30_days() {
        let sent = at(3, 1, 10);
        let last = at(3, 31, 10).minus(Span::millis(1));
        assert_eq!(check_open(TransferStatus::Pending, sent, last), Ok(()));
        assert_eq!(
            check_open(TransferStatus::Pending, sent, at(3, 31, 10)),
            Err(TransferError::Expired {
                expired_at: at(3, 31, 10)
            })
        );
        assert_eq!(
            check_open(TransferStatus::Declined, sent, at(3, 2, 0)),
            Err(TransferError::NotPending {
                status: TransferStatus::Declined
            })
        );
        assert_eq!(
            TransferStatus::Completed.at(sent, at(5, 1, 0)),
            TransferStatus::Completed
        );
    }

    /// R-SUB-28: the commit takes only the previewed figures, from the pin's day.
    #[test]
    fn r_sub_28_a_chosen_line_commits_only_its_previewed_figures() {
        let now = at(3, 11, 15);
        let line = plan_line(&monthly(), now).unwrap();
        let chosen = Chosen::parse("7:2268000:3348000").unwrap();
        assert_eq!(chosen, Chosen::of(&line));
        assert_eq!(Chosen::parse(&chosen.code()), Ok(chosen));
        assert_eq!(chosen.check(&line, now, now), Ok(()));
        let stale = Chosen {
            credit: 2_268_001,
            ..chosen
        };
        assert_eq!(
            stale.check(&line, now, now),
            Err(PreviewError::Changed {
                actual: line.credit
            })
        );
        assert_eq!(Chosen::parse("7:1"), Err(TransferError::LineInvalid));
        assert_eq!(Chosen::parse("7:1:2:3"), Err(TransferError::LineInvalid));
    }
}
