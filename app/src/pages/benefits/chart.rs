//! A small inline SVG bar chart of used vs remaining per benefit (no chart
//! library): one bar per measured benefit, used in dark, remaining in light;
//! named by its caption, with the same figures as a list for screen readers.

use domain::benefit_views::BenefitView;
use domain::benefits::BenefitUnit;
use leptos::prelude::*;

use crate::i18n::use_lang;
use crate::i18n::BMsg;

const WIDTH: i64 = 480;
const ROW: i64 = 26;
const LABEL: i64 = 200;

#[component]
pub fn UsageChart(benefits: Vec<BenefitView>) -> impl IntoView {
    let lang = use_lang();
    let rows: Vec<_> = benefits
        .into_iter()
        .filter(|b| b.kind.unit() != BenefitUnit::NotMeasured && !b.expired)
        .collect();
    let height = ROW * rows.len() as i64 + 4;
    let bar = WIDTH - LABEL - 70;
    // The text equivalent of the bars, for screen readers (an image's
    // parts are not read out).
    let summary = rows
        .iter()
        .map(|b| {
            let text = format!(
                "{}: {} {} / {} {}",
                lang.benefit(b.kind),
                lang.t(BMsg::Used),
                b.used,
                lang.t(BMsg::Remaining),
                b.remaining
            );
            view! { <li>{text}</li> }
        })
        .collect_view();
    let bars = rows
        .into_iter()
        .enumerate()
        .map(|(i, b)| {
            let y = i as i64 * ROW + 4;
            let total = (b.used + b.remaining).max(1);
            let used_w = bar * b.used / total;
            let title = format!(
                "{}: {} {} / {} {}",
                lang.benefit(b.kind),
                lang.t(BMsg::Used),
                b.used,
                lang.t(BMsg::Remaining),
                b.remaining
            );
            view! {
                <g data-kind=b.kind.code()>
                    <title>{title}</title>
                    <text x="0" y=y + 14 font-size="12">{lang.benefit(b.kind)}</text>
                    <rect x=LABEL y=y width=bar height="16" class="chart-remaining" />
                    <rect x=LABEL y=y width=used_w height="16" class="chart-used" />
                    <text x=LABEL + bar + 6 y=y + 13 font-size="12">{format!("{}/{}", b.used, b.used + b.remaining)}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <figcaption>{lang.t(BMsg::ChartTitle)}</figcaption>
            <svg role="img" aria-label=lang.t(BMsg::ChartTitle) data-testid="usage-chart" width=WIDTH height=height
                viewBox=format!("0 0 {WIDTH} {height}")>
                {bars}
            </svg>
            <ul class="sr-only" data-testid="usage-chart-text">{summary}</ul>
        </figure>
    }
}
