//! Add-ons tied to their base subscription (R-SUB-13): bought from the
//! base's page, an add-on is co-terminous with the base — its term started
//! when the base's did and ends with it — so its first charge is the rest of
//! its billing period from the day it is added, prorated by day as any seat
//! increase (R-SUB-08). It follows the base: suspended and restored with it,
//! ended when the base is cancelled (each refunded as its own cancellation,
//! in the base's window, which is its own too), and it renews only if the
//! base does.

use serde::{Deserialize, Serialize};

use crate::catalog::{
    check_addon_quantity, AddonError, AddonRule, Catalog, Offer, PaidOption, Segment,
};
use crate::money::{Currency, Money};
use crate::seats::SubscriptionStatus;
use crate::seats::{plan_cancel, CancelError, CancelPlan, Period, SeatState, Seats};
use crate::{FieldError, Timestamp};

impl Catalog {
    /// The add-ons a subscription of `base` sold for `base_state`'s term
    /// may take: add-on offers that name `base` among their bases, that a
    /// customer of `segment` in `country` may buy, sold for that term in
    /// `currency`; each with the ways it is sold for that term.
    pub fn addons_for(
        &self,
        base: &Offer,
        base_state: &SeatState,
        segment: Segment,
        country: &str,
        currency: Currency,
    ) -> Vec<(&Offer, Vec<PaidOption>)> {
        self.offers
            .iter()
            .filter(|o| o.addon_of.contains(&base.id))
            .filter(|o| self.availability(o, segment, country).is_ok())
            .map(|o| {
                let options: Vec<PaidOption> = o
                    .options(currency)
                    .into_iter()
                    .filter(|p| p.term == base_state.term)
                    .collect();
                (o, options)
            })
            .filter(|(_, options)| !options.is_empty())
            .collect()
    }
}

/// An add-on as planned: its state (co-terminous with the base, before its
/// seats), its first charge and the billing period that charge covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddonPlan {
    pub state: SeatState,
    pub seats: u32,
    pub charge: Money,
    pub period: Period,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AttachError {
    #[error("add-ons can be added only to an active paid subscription")]
    BaseNotActive,
    #[error("this add-on is not available for this subscription")]
    NotEligible,
    #[error("the add-on is not sold with this billing for the subscription's term")]
    NotOffered,
    /// R-SUB-04, R-SUB-05.
    #[error("{0}")]
    Quantity(AddonError),
    /// An add-on is reactivated with its base, not while the base is suspended.
    #[error("the base subscription is suspended; reactivate it and its add-ons return")]
    BaseSuspended,
    /// An add-on renews only with its base.
    #[error("auto-renew is off for the base subscription; turn it on there first")]
    BaseAutoRenewOff,
}

crate::error_codes! {
    AttachError {
        Self::BaseNotActive => "addon_base_not_active",
        Self::NotEligible => "addon_not_eligible",
        Self::NotOffered => "addon_not_offered",
        Self::Quantity(AddonError::NoBase) => "addon_no_base",
        Self::Quantity(AddonError::BelowMinimum { .. }) => "addon_below_minimum",
        Self::Quantity(AddonError::AboveMaximum { .. }) => "addon_above_maximum",
        Self::BaseSuspended => "addon_base_suspended",
        Self::BaseAutoRenewOff => "addon_base_auto_renew_off",
    }
}

impl AttachError {
    /// The error at the field it concerns.
    pub fn field_error(&self) -> FieldError {
        match self {
            Self::BaseNotActive | Self::BaseSuspended | Self::BaseAutoRenewOff => {
                FieldError::new("", self)
            }
            Self::NotEligible => FieldError::new("offer_id", self),
            Self::NotOffered => FieldError::new("option", self),
            Self::Quantity(e) => e.field_error("seats"),
        }
    }
}

/// R-SUB-13: `seats` of an add-on of `rule`, sold as `option` (one of
/// `options`, its ways for the base's term), added to `base` at `now`, the
/// customer holding `base_licenses` licenses of its bases (every partner).
pub fn plan_addon(
    base: &SeatState,
    rule: AddonRule,
    base_licenses: u32,
    options: &[PaidOption],
    option: PaidOption,
    seats: Seats,
    now: Timestamp,
) -> Result<AddonPlan, AttachError> {
    if base.trial || base.status != SubscriptionStatus::Active {
        return Err(AttachError::BaseNotActive);
    }
    if option.term != base.term || !options.contains(&option) {
        return Err(AttachError::NotOffered);
    }
    check_addon_quantity(rule, base_licenses, seats.get()).map_err(AttachError::Quantity)?;
    let state = base.coterminous(option);
    Ok(AddonPlan {
        charge: Money::new(
            state.increase_charge(seats.get(), now),
            option.price.currency,
        ),
        period: state.billing_period(now.date()),
        seats: seats.get(),
        state,
    })
}

/// An add-on tied to a base, as the base's page and its previews see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TiedAddon {
    pub id: i64,
    pub name: String,
    pub marketplace: bool,
    pub state: SeatState,
}

/// A base's cancellation with the add-ons it ends (R-SUB-13, R-SUB-22).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BaseCancelPlan {
    pub base: CancelPlan,
    /// Each live add-on's own cancellation.
    pub addons: Vec<(i64, CancelPlan)>,
    /// The base's refund and the add-ons' together.
    pub refund: Money,
}

/// Cancels `base` at `now` with its live `addons` (active or suspended):
/// each is refunded by [`plan_cancel`] as if cancelled on its own. They
/// share the base's term start, so its window is theirs.
pub fn plan_cancel_with_addons(
    base: &SeatState,
    marketplace: bool,
    addons: &[TiedAddon],
    now: Timestamp,
) -> Result<BaseCancelPlan, CancelError> {
    let base_plan = plan_cancel(base, marketplace, now)?;
    let addons = addons
        .iter()
        .map(|a| Ok((a.id, plan_cancel(&a.state, a.marketplace, now)?)))
        .collect::<Result<Vec<_>, CancelError>>()?;
    let total = base_plan.refund.minor + addons.iter().map(|(_, p)| p.refund.minor).sum::<i64>();
    Ok(BaseCancelPlan {
        refund: Money::new(total, base_plan.refund.currency),
        base: base_plan,
        addons,
    })
}

/// Whether an add-on may be reactivated or have auto-renew turned on: only
/// with its base active (a suspended base brings it back itself) and, for
/// auto-renew, renewing.
pub fn check_addon_status(
    base_status: SubscriptionStatus,
    base_auto_renew: bool,
    reactivate: bool,
) -> Result<(), AttachError> {
    match base_status {
        SubscriptionStatus::Suspended => Err(AttachError::BaseSuspended),
        SubscriptionStatus::Active if !reactivate && !base_auto_renew => {
            Err(AttachError::BaseAutoRenewOff)
        }
        SubscriptionStatus::Active => Ok(()),
        _ => Err(AttachError::BaseNotActive),
    }
}

#[cfg(test)]
mod tests;
