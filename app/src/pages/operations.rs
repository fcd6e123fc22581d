//! The provider's operations page (R-NOT-01): what the outbox could not
//! deliver, with the reason, and what the background jobs skipped. The
//! server functions refuse anyone but a Platform Administrator.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::{error_view, signed_in, to_login};
use crate::api::operations::{operations_overview, OperationsView, RetryDeadLetter};
use crate::components::forms::{FormErrors, ServerForm};
use crate::i18n::{use_lang, OMsg};

#[component]
pub fn OperationsPage() -> impl IntoView {
    let lang = use_lang();
    if signed_in().is_none() {
        return to_login();
    }
    let overview = Resource::new(|| (), |_| operations_overview());
    view! {
        <section class="card">
            <h1>{lang.t(OMsg::Operations)}</h1>
            <p class="hint">{lang.t(OMsg::OperationsHint)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match overview.await {
                        Ok(view) => sections(view),
                        Err(e) => error_view(e),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

fn sections(view: OperationsView) -> AnyView {
    let lang = use_lang();
    let dead = if view.dead_letters.is_empty() {
        view! { <p data-testid="no-dead-letters">{lang.t(OMsg::NoFailedDeliveries)}</p> }.into_any()
    } else {
        view! {
            <table data-testid="dead-letters">
                <thead>
                    <tr>
                        <th>{lang.t(OMsg::GaveUp)}</th>
                        <th>{lang.t(OMsg::Recipient)}</th>
                        <th>{lang.t(OMsg::Subject)}</th>
                        <th>{lang.t(OMsg::Attempts)}</th>
                        <th>{lang.t(OMsg::Reason)}</th>
                        <th><span class="sr-only">{lang.t(OMsg::Retry)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {view
                        .dead_letters
                        .into_iter()
                        .map(|d| view! {
                            <tr data-outbox-id=d.id>
                                <td>{lang.datetime(d.dead_at)} <br /><span class="hint">{lang.t(OMsg::Written)} " " {lang.datetime(d.created_at)}</span></td>
                                <td>{d.to}</td>
                                <td>{d.subject}</td>
                                <td>{d.attempts}</td>
                                <td><code>{d.reason}</code></td>
                                <td>
                                    <ServerForm action=RetryDeadLetter::PATH>
                                        <input type="hidden" name="id" value=d.id />
                                        <FormErrors />
                                        <button type="submit">{lang.t(OMsg::Retry)}</button>
                                    </ServerForm>
                                </td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    let jobs = if view.job_failures.is_empty() {
        view! { <p data-testid="no-job-failures">{lang.t(OMsg::NoJobFailures)}</p> }.into_any()
    } else {
        view! {
            <table data-testid="job-failures">
                <thead>
                    <tr>
                        <th>{lang.t(OMsg::Job)}</th>
                        <th>{lang.t(OMsg::Item)}</th>
                        <th>{lang.t(OMsg::Error)}</th>
                        <th>{lang.t(OMsg::Failures)}</th>
                        <th>{lang.t(OMsg::FirstFailed)}</th>
                        <th>{lang.t(OMsg::LastFailed)}</th>
                    </tr>
                </thead>
                <tbody>
                    {view
                        .job_failures
                        .into_iter()
                        .map(|f| view! {
                            <tr>
                                <td>{f.job}</td>
                                <td>{f.subject}</td>
                                <td><code>{f.error}</code></td>
                                <td>{f.failures}</td>
                                <td>{lang.datetime(f.first_failed_at)}</td>
                                <td>{lang.datetime(f.last_failed_at)}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <p data-testid="outbox-pending">{lang.t(OMsg::Pending)} ": " {view.outbox_pending}</p>
        <h2>{lang.t(OMsg::FailedDeliveries)}</h2>
        {dead}
        <h2>{lang.t(OMsg::JobFailures)}</h2>
        {jobs}
    }
    .into_any()
}
