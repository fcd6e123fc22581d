//! R-SAB-07: "View calculation" — how the amount comes from the account's
//! licenses, with the actual inputs, and the CSV transaction history.

use leptos::prelude::*;

use crate::api::benefits::get_benefit_detail;
use crate::i18n::use_lang;
use crate::i18n::BMsg;
use crate::pages::{error_view, route_id, signed_in, to_login};

#[component]
pub fn Calculation() -> impl IntoView {
    let lang = use_lang();
    if signed_in().is_none() {
        return to_login();
    }
    let id = route_id("id");
    let detail = Resource::new(id, get_benefit_detail);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let d = match detail.await {
                    Ok(d) => d,
                    Err(e) => return error_view(e),
                };
                let b = d.benefit;
                let unit = lang.unit(b.kind.unit());
                let back = format!("/benefits/{}", b.id);
                let export = format!("/exports/benefits/{}/transactions.csv", b.id);
                let table = match d.calculation {
                    Some(c) => view! {
                        <table data-testid="calculation">
                            <tbody>
                                <tr><th>{lang.t(BMsg::QualifyingLicenses)}</th><td data-testid="calc-licenses">{c.licenses}</td></tr>
                                <tr><th>{lang.t(BMsg::LicensesPerUnit)}</th><td data-testid="calc-per-unit">{c.licenses_per_unit}</td></tr>
                                <tr><th>{lang.t(BMsg::Granted)}</th><td data-testid="calc-amount">{format!("{} ÷ {} = {} {unit}", c.licenses, c.licenses_per_unit, c.amount)}</td></tr>
                                <tr><th>{lang.t(BMsg::Used)}</th><td>{format!("{} {unit}", b.used)}</td></tr>
                                <tr><th>{lang.t(BMsg::Remaining)}</th><td>{format!("{} {unit}", b.remaining)}</td></tr>
                            </tbody>
                        </table>
                        <p class="hint">{lang.t(BMsg::CalculationRule)}</p>
                    }
                    .into_any(),
                    None => view! { <p>{lang.t(BMsg::NotMeasuredCalc)}</p> }.into_any(),
                };
                view! {
                    <section class="card">
                        <p><a href=back>{lang.t(BMsg::BackToBenefit)}</a></p>
                        <h1>{lang.t(BMsg::CalculationTitle)} ": " {lang.benefit(b.kind)}</h1>
                        {table}
                        <p><a class="button secondary" href=export download>{lang.t(BMsg::ExportHistory)}</a></p>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}
