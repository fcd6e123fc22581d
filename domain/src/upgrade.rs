//! Upgrades (R-SUB-14 … 16): seats of an active paid subscription move, now,
//! to a higher SKU among its offer's upgrade paths. All seats are a full
//! upgrade (the subscription keeps its ID and becomes the new SKU, or its
//! seats join an existing subscription of the target); fewer are a partial
//! one (a new subscription of the target, co-terminous with the source,
//! which keeps the rest). Never a downgrade, and no way back.
//!
//! The money, in SPEC terms: the source is **credited** the moved seats'
//! share of its current billing period's charge for the days from the
//! upgrade's UTC day (inclusive) to the period's end — the unused days it
//! paid for; the target **charges** the moved seats from that day to the end
//! of its own billing period, as any seat increase does (R-SUB-08). The
//! upgrade's day is credited by the one and charged by the other, so no day
//! is paid twice or not at all.

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Offer, PaidOption};
use crate::money::{portion, prorate, split, Money};
use crate::seats::{
    cancel_window_end, check_update_limit, Period, SeatChangeError, SeatState, Seats,
    SubscriptionStatus, MAX_SEATS,
};
use crate::{FieldError, Timestamp};

/// A path that the catalog lists as one a customer might expect but that is
/// not supported (seed 004's table).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnsupportedUpgrade {
    pub from: String,
    pub to: String,
}

/// One path "Check upgrades" lists for an offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UpgradePath<'a> {
    pub target: &'a Offer,
    pub supported: bool,
}

impl Catalog {
    /// The offer's upgrade paths: its upgrade targets that are paid offers,
    /// then the unsupported paths from it, each once.
    pub fn upgrade_paths(&self, from: &Offer) -> Vec<UpgradePath<'_>> {
        let supported = from
            .upgrade_targets
            .iter()
            .filter_map(|id| self.offer(id))
            .filter(|o| !o.is_trial())
            .map(|target| UpgradePath {
                target,
                supported: true,
            });
        let unsupported = self
            .unsupported_upgrades
            .iter()
            .filter(|u| u.from == from.id)
            .filter_map(|u| self.offer(&u.to))
            .map(|target| UpgradePath {
                target,
                supported: false,
            });
        supported.chain(unsupported).collect()
    }

    /// The offer `to` if `from` may be upgraded to it (R-SUB-14).
    pub fn upgrade_target(&self, from: &Offer, to: &str) -> Result<&Offer, UpgradeError> {
        match self
            .upgrade_paths(from)
            .into_iter()
            .find(|p| p.target.id == to)
        {
            Some(p) if p.supported => Ok(p.target),
            Some(_) => Err(UpgradeError::Unsupported),
            None => Err(UpgradeError::NotAPath),
        }
    }
}

/// Where the moved seats go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Destination<'a> {
    /// A new subscription of the target, sold as `option` (its term must be
    /// the source's: the new subscription ends with it).
    New(PaidOption),
    /// An existing subscription of the target (R-SUB-15: its term and
    /// billing are kept).
    Existing(&'a SeatState),
}

/// Full or partial (R-SUB-15).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum UpgradeKind {
    Full,
    Partial,
}

/// Seats leaving one of the source's additions, with the part of what was
/// charged for them that leaves with them (so a later decrease of the
/// source cannot refund it again).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Moved {
    pub addition_id: i64,
    pub seats: u32,
    pub charged: i64,
}

/// An upgrade as previewed and as committed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpgradePlan {
    pub kind: UpgradeKind,
    /// Seats that move to the target.
    pub seats: u32,
    /// Seats the source keeps (0 for a full upgrade).
    pub source_keeps: u32,
    /// The target's seats after the upgrade.
    pub target_seats: u32,
    /// Credited to the source for its unused days, and the billing period
    /// they are in.
    pub credit: Money,
    pub credit_period: Period,
    /// Charged by the target, and the billing period it covers.
    pub charge: Money,
    pub charge_period: Period,
    /// The source's additions the seats leave, newest first.
    pub moved: Vec<Moved>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum UpgradeError {
    #[error("only an active subscription can be upgraded")]
    NotActive,
    #[error("a trial is converted, not upgraded")]
    Trial,
    #[error("this product is not an upgrade of the subscription's product")]
    NotAPath,
    /// Seed 004's unsupported paths.
    #[error("this upgrade path is not supported yet")]
    Unsupported,
    #[error("the product is not sold for this term and billing")]
    NotOffered,
    #[error("the subscription has only {seats} licenses to upgrade")]
    TooManySeats { seats: u32 },
    #[error("the target would hold more than {max} licenses")]
    TargetTooLarge { max: u32 },
    /// R-SUB-12, of the source or of the target.
    #[error("this subscription reached {max} updates; buy a second subscription")]
    UpdateLimit { max: u32 },
    #[error("the target subscription is not active")]
    TargetNotActive,
    /// R-SUB-16.
    #[error("the target subscription is inside its cancellation window until {until}")]
    TargetInWindow { until: Timestamp },
    #[error("the target subscription's term differs")]
    TargetTermDiffers,
    #[error("the target subscription ends before this one")]
    TargetEndsEarlier,
    #[error("that subscription cannot receive these licenses")]
    UnknownTarget,
    #[error("confirm that an upgrade cannot be undone")]
    NotAcknowledged,
}

crate::error_codes! {
    UpgradeError {
        Self::NotActive => "upgrade_not_active",
        Self::Trial => "upgrade_trial",
        Self::NotAPath => "upgrade_not_a_path",
        Self::Unsupported => "upgrade_unsupported",
        Self::NotOffered => "upgrade_not_offered",
        Self::TooManySeats { .. } => "upgrade_too_many_seats",
        Self::TargetTooLarge { .. } => "upgrade_target_too_large",
        Self::UpdateLimit { .. } => "upgrade_update_limit",
        Self::TargetNotActive => "upgrade_target_not_active",
        Self::TargetInWindow { .. } => "upgrade_target_in_window",
        Self::TargetTermDiffers => "upgrade_target_term_differs",
        Self::TargetEndsEarlier => "upgrade_target_ends_earlier",
        Self::UnknownTarget => "upgrade_unknown_target",
        Self::NotAcknowledged => "upgrade_not_acknowledged",
    }
}

impl UpgradeError {
    /// The error at the field it concerns, with the values its text names.
    pub fn field_error(&self) -> FieldError {
        match self {
            Self::NotActive | Self::Trial | Self::UpdateLimit { .. } => {
                let fe = FieldError::new("", self);
                match self {
                    Self::UpdateLimit { max } => fe.with("max", max.to_string()),
                    _ => fe,
                }
            }
            Self::NotAPath | Self::Unsupported => FieldError::new("target", self),
            Self::NotOffered => FieldError::new("option", self),
            Self::TooManySeats { seats } => {
                FieldError::new("seats", self).with("seats", seats.to_string())
            }
            Self::TargetTooLarge { max } => {
                FieldError::new("seats", self).with("max", max.to_string())
            }
            Self::TargetInWindow { until } => {
                FieldError::new("destination", self).with("until", until.to_rfc3339())
            }
            Self::TargetNotActive
            | Self::TargetTermDiffers
            | Self::TargetEndsEarlier
            | Self::UnknownTarget => FieldError::new("destination", self),
            Self::NotAcknowledged => FieldError::new("acknowledged", self),
        }
    }
}

fn update_limit(update_count: u32) -> Result<(), UpgradeError> {
    check_update_limit(update_count).map_err(|e| match e {
        SeatChangeError::UpdateLimit { max } => UpgradeError::UpdateLimit { max },
        _ => UpgradeError::NotActive,
    })
}

/// R-SUB-16: whether an existing subscription of the target may receive the
/// source's seats: active, past its cancellation window, of the source's
/// term, and ending no earlier than the source.
pub fn check_target(
    source: &SeatState,
    target: &SeatState,
    now: Timestamp,
) -> Result<(), UpgradeError> {
    if target.status != SubscriptionStatus::Active || target.trial {
        return Err(UpgradeError::TargetNotActive);
    }
    let until = cancel_window_end(target);
    if now < until {
        return Err(UpgradeError::TargetInWindow { until });
    }
    if target.term != source.term {
        return Err(UpgradeError::TargetTermDiffers);
    }
    if target.term_period().end < source.term_period().end {
        return Err(UpgradeError::TargetEndsEarlier);
    }
    update_limit(target.update_count)
}

/// The source's credit for `seats` of its seats moved at `now` (see the
/// module's formula): the rest of its current billing period's charge for
/// all seats, of which the moved seats get the last consecutive
/// [`portion`]. So the credits of the moved and the kept seats add up to the
/// credit of all of them, and none exceeds what the period charged.
pub fn upgrade_credit(source: &SeatState, seats: u32, now: Timestamp) -> (i64, Period) {
    let today = now.date();
    let (index, period) = source.billing_period_at(today);
    let all = source.seats();
    let left = (period.end.days_since_epoch() - today.days_since_epoch()).clamp(0, period.days());
    let unused = prorate(source.period_charge(all, index), left, period.days());
    let credit = portion(
        unused,
        i64::from(all - seats.min(all)),
        i64::from(all),
        i64::from(all),
    );
    (credit, period)
}

/// What upgrading `seats` of `source` to `destination` at `now` does, or why
/// it is refused. The path itself (a supported upgrade of the source's
/// offer) is [`Catalog::upgrade_target`]'s to check.
pub fn plan_upgrade(
    source: &SeatState,
    destination: Destination<'_>,
    seats: Seats,
    now: Timestamp,
) -> Result<UpgradePlan, UpgradeError> {
    if source.trial {
        return Err(UpgradeError::Trial);
    }
    if source.status != SubscriptionStatus::Active {
        return Err(UpgradeError::NotActive);
    }
    update_limit(source.update_count)?;
    let all = source.seats();
    let k = seats.get();
    if k > all {
        return Err(UpgradeError::TooManySeats { seats: all });
    }
    let currency = source.seat_price.currency;
    let (target, target_before) = match destination {
        Destination::New(option) => {
            if option.term != source.term || option.price.currency != currency {
                return Err(UpgradeError::NotOffered);
            }
            (source.coterminous(option), 0)
        }
        Destination::Existing(target) => {
            check_target(source, target, now)?;
            if target.seat_price.currency != currency {
                return Err(UpgradeError::NotOffered);
            }
            (target.clone(), target.seats())
        }
    };
    let target_seats = target_before + k;
    if target_seats > MAX_SEATS {
        return Err(UpgradeError::TargetTooLarge { max: MAX_SEATS });
    }
    let (credit, credit_period) = upgrade_credit(source, k, now);
    let mut open: Vec<_> = source.additions.iter().filter(|a| a.seats > 0).collect();
    open.sort_by(|a, b| b.added_at.cmp(&a.added_at).then(b.id.cmp(&a.id)));
    let mut left = k;
    let mut moved = Vec::new();
    for a in open {
        if left == 0 {
            break;
        }
        let n = a.seats.min(left);
        let (charged, _) = split(a.charged, i64::from(n), i64::from(a.seats));
        moved.push(Moved {
            addition_id: a.id,
            seats: n,
            charged,
        });
        left -= n;
    }
    Ok(UpgradePlan {
        kind: if k == all {
            UpgradeKind::Full
        } else {
            UpgradeKind::Partial
        },
        seats: k,
        source_keeps: all - k,
        target_seats,
        credit: Money::new(credit, currency),
        credit_period,
        charge: Money::new(target.increase_charge(k, now), currency),
        charge_period: target.billing_period(now.date()),
        moved,
    })
}

#[cfg(test)]
mod tests;
