//! Software Assurance and service benefits (SPEC §2): inventory, benefit
//! details with users, conversions and a download benefit's software,
//! calculation, partner permissions.

pub mod calculation;
mod chart;
mod conversion;
pub mod detail;
pub mod inventory;
pub mod partner;
pub mod permissions;
mod software;

use domain::benefit_views::BenefitView;
use domain::benefits::BenefitUnit;
use leptos::prelude::*;

use crate::i18n::{BMsg, Lang, Text};

/// R-SAB-02/03: "used X · remaining Y <unit>", or "not measured".
pub fn figures(lang: Lang, b: &BenefitView) -> String {
    let unit = b.kind.unit();
    if unit == BenefitUnit::NotMeasured {
        return lang.t(BMsg::NotMeasured).to_string();
    }
    format!(
        "{} {} · {} {} {}",
        lang.t(BMsg::Used),
        b.used,
        lang.t(BMsg::Remaining),
        b.remaining,
        lang.unit(unit)
    )
}

/// R-SAB-02: the right column — identifiers, reminders, expiry.
#[component]
pub fn Identifiers(benefit: BenefitView) -> impl IntoView {
    let lang = crate::i18n::use_lang();
    use BMsg as M;
    let code = |label: Text, value: Option<String>| {
        value.map(|v| view! { <div><span class="muted">{lang.t(label)} ": "</span><code>{v}</code></div> })
    };
    let expiry = if benefit.expired {
        view! { <div class="badge danger" data-testid="expired">{lang.t(M::Expired)} " " <span class="nowrap">{lang.datetime(benefit.expires_at)}</span></div> }.into_any()
    } else {
        view! { <div class="muted">{lang.t(M::Expires)} ": " <span class="nowrap">{lang.datetime(benefit.expires_at)}</span></div> }.into_any()
    };
    view! {
        {code(M::SaId, Some(benefit.sa_id))}
        {code(M::ProgramCode, benefit.program_code)}
        {code(M::AccessCode, benefit.access_code)}
        {benefit.needs_domain.then(|| view! { <div class="notice">{lang.t(M::ReminderDomain)}</div> })}
        {expiry}
    }
}
