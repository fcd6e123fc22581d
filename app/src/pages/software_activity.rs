//! The activity log (R-SW-05): a date range (a GET form, so the range is
//! the page's URL), then who accessed software keys or downloaded
//! software, when, which product, for which customer.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{error_view, signed_in, to_login};
use crate::api::software::software_activity;
use crate::i18n::{use_lang, SwMsg};

#[component]
pub fn ActivityLog() -> impl IntoView {
    if signed_in().is_none() {
        return to_login();
    }
    let lang = use_lang();
    let (from, to) = use_query_map().with_untracked(|q| {
        (
            q.get("from").unwrap_or_default(),
            q.get("to").unwrap_or_default(),
        )
    });
    let page = Resource::new(
        move || (from.clone(), to.clone()),
        |(f, t)| software_activity(f, t),
    );
    view! {
        <section class="card">
            <h1>{lang.t(SwMsg::ActivityLog)}</h1>
            <p class="hint">{lang.t(SwMsg::ActivityHint)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => {
                            let none = p.rows.is_empty().then(|| view! { <p>{lang.t(SwMsg::NoActivity)}</p> });
                            let rows = p.rows.into_iter().map(|r| view! {
                                <tr data-kind=r.kind.code()>
                                    <td class="nowrap">{lang.datetime(r.at)}</td>
                                    <td>{r.user}</td>
                                    <td>{lang.activity_kind(r.kind)}</td>
                                    <td>{r.product}</td>
                                    <td>{r.customer}</td>
                                </tr>
                            }).collect_view();
                            view! {
                                <form method="get" class="inline-form" data-testid="activity-range">
                                    <label>{lang.t(SwMsg::From)}<input type="date" name="from" value=p.from.to_string() /></label>
                                    <label>{lang.t(SwMsg::To)}<input type="date" name="to" value=p.to.to_string() /></label>
                                    <button type="submit">{lang.t(SwMsg::Show)}</button>
                                </form>
                                <table data-testid="activity">
                                    <thead><tr>
                                        <th>{lang.t(SwMsg::When)}</th>
                                        <th>{lang.t(SwMsg::Who)}</th>
                                        <th>{lang.t(SwMsg::Activity)}</th>
                                        <th>{lang.t(SwMsg::Software)}</th>
                                        <th>{lang.t(SwMsg::Customer)}</th>
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                                {none}
                            }
                            .into_any()
                        }
                        Err(e) => error_view(e),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}
