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
pub mod text;

use domain::benefit_views::BenefitView;
use domain::benefits::BenefitUnit;
use leptos::prelude::*;

use crate::i18n::Lang;

/// R-SAB-02/03: "used X · remaining Y <unit>", or "not measured".
pub fn figures(lang: Lang, b: &BenefitView) -> String {
    let unit = b.kind.unit();
    if unit == BenefitUnit::NotMeasured {
        return lang.b(text::Msg::NotMeasured).to_string();
    }
    format!(
        "{} {} · {} {} {}",
        lang.b(text::Msg::Used),
        b.used,
        lang.b(text::Msg::Remaining),
        b.remaining,
        lang.unit(unit)
    )
}

/// R-SAB-02: the right column — identifiers, reminders, expiry.
#[component]
pub fn Identifiers(benefit: BenefitView) -> impl IntoView {
    let lang = crate::i18n::use_lang();
    use text::Msg as M;
    let code = |label: M, value: Option<String>| {
        value.map(|v| view! { <div><span class="muted">{lang.b(label)} ": "</span><code>{v}</code></div> })
    };
    let expiry = if benefit.expired {
        view! { <div class="badge danger" data-testid="expired">{lang.b(M::Expired)} " " <span class="nowrap">{lang.datetime(benefit.expires_at)}</span></div> }.into_any()
    } else {
        view! { <div class="muted">{lang.b(M::Expires)} ": " <span class="nowrap">{lang.datetime(benefit.expires_at)}</span></div> }.into_any()
    };
    view! {
        {code(M::SaId, Some(benefit.sa_id))}
        {code(M::ProgramCode, benefit.program_code)}
        {code(M::AccessCode, benefit.access_code)}
        {benefit.needs_domain.then(|| view! { <div class="notice">{lang.b(M::ReminderDomain)}</div> })}
        {expiry}
    }
}
