//! Demo mode: the outbox as a mailbox, so a person can open an invitation
//! link without a mail server (R-NOT-01). In production it does not exist.

use leptos::prelude::*;

use super::error_view;
use crate::api::admin::mailbox;
use crate::i18n::{use_lang, Msg};
use crate::session::SessionInfo;
use crate::NotFound;

#[component]
pub fn MailboxPage() -> impl IntoView {
    if !expect_context::<SessionInfo>().demo_mode {
        return view! { <NotFound /> }.into_any();
    }
    let lang = use_lang();
    let messages = Resource::new(|| (), |_| mailbox());
    view! {
        <section class="card">
            <h1>{lang.t(Msg::NavMailbox)}</h1>
            <p class="hint">{lang.t(Msg::MailboxHint)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match messages.await {
                        Ok(list) if list.is_empty() => view! { <p>{lang.t(Msg::NoMessages)}</p> }.into_any(),
                        Ok(list) => list
                            .into_iter()
                            .map(|m| {
                                let links: Vec<String> = m
                                    .body
                                    .split_whitespace()
                                    .filter(|w| w.starts_with("http://") || w.starts_with("https://"))
                                    .map(str::to_string)
                                    .collect();
                                let to = m.to.clone();
                                view! {
                                    <article class="message" data-to=to>
                                        <header>
                                            <strong>{m.subject}</strong>
                                            <span class="hint">{lang.t(Msg::To)} " " {m.to} " · " {lang.datetime(m.created_at)}</span>
                                        </header>
                                        <pre>{m.body}</pre>
                                        {links.into_iter().map(|l| view! { <a class="button" href=l.clone()>{l.clone()}</a> }).collect_view()}
                                    </article>
                                }
                            })
                            .collect_view()
                            .into_any(),
                        Err(e) => error_view(e),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}
