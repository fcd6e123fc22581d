//! R-AUD-01: administrators read the organization's audit log.

use leptos::prelude::*;

use domain::paging::Paged;
use leptos_router::hooks::use_query_map;

use super::{error_view, signed_in, to_login};
use crate::api::admin::audit_log;
use crate::components::pager::Pager;
use crate::i18n::{use_lang, Msg};

#[component]
pub fn Audit() -> impl IntoView {
    let lang = use_lang();
    if signed_in().is_none() {
        return to_login();
    }
    let before = move || {
        use_query_map()
            .read()
            .get("before")
            .and_then(|b| b.parse::<i64>().ok())
    };
    let rows = Resource::new(before, audit_log);
    view! {
        <section class="card">
            <div class="row-between">
                <h1>{lang.t(Msg::NavAudit)}</h1>
                <a class="button" href="/exports/audit-log.csv" download>{lang.t(Msg::ExportCsv)}</a>
            </div>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match rows.await {
                        Ok(Paged { rows, older }) => view! {
                            <table data-testid="audit">
                                <thead>
                                    <tr>
                                        <th>{lang.t(Msg::When)}</th>
                                        <th>{lang.t(Msg::Who)}</th>
                                        <th>{lang.t(Msg::Action)}</th>
                                        <th>{lang.t(Msg::Before)}</th>
                                        <th>{lang.t(Msg::After)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {rows
                                        .into_iter()
                                        .map(|r| {
                                            let who = match (r.actor_email, r.actor_org) {
                                                (Some(e), Some(o)) => format!("{e} ({o})"),
                                                (Some(e), None) => e,
                                                _ => lang.t(Msg::System).to_string(),
                                            };
                                            view! {
                                                <tr>
                                                    <td>{lang.datetime(r.at)}</td>
                                                    <td>{who}</td>
                                                    <td><code>{r.action}</code> " " {r.entity} " #" {r.entity_id}</td>
                                                    <td><code>{r.before.unwrap_or_default()}</code></td>
                                                    <td><code>{r.after.unwrap_or_default()}</code></td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                            <Pager older newest=before().is_some() />
                        }
                        .into_any(),
                        Err(e) => error_view(e),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}
