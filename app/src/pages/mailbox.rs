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
                                let links: Vec<String> = links_in(&m.body).map(str::to_string).collect();
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

/// Every link in a message body, wherever it starts: a 繁體中文 body puts
/// it straight after a full-width colon (`現在開始：http://…`), with no space.
/// A link ends at whitespace or at punctuation no URL of ours contains.
fn links_in(body: &str) -> impl Iterator<Item = &str> {
    let mut rest = body;
    std::iter::from_fn(move || {
        let start = ["http://", "https://"]
            .iter()
            .filter_map(|scheme| rest.find(scheme))
            .min()?;
        let tail = &rest[start..];
        let end = tail
            .find(|c: char| {
                c.is_whitespace() || !c.is_ascii() || matches!(c, '"' | '\'' | '<' | '>' | ')')
            })
            .unwrap_or(tail.len());
        let link = tail[..end].trim_end_matches(['.', ',', ';', ':']);
        rest = &tail[end..];
        Some(link)
    })
}

#[cfg(test)]
mod tests {
    use super::links_in;

    /// Issue 18: the links of an English and of a 繁體中文 invitation, each
    /// found whole, and nothing else.
    #[test]
    fn links_are_found_after_full_width_punctuation_too() {
        let zh =
            "您好：\n現在開始：http://127.0.0.1:3000/invitation/abc?x=1。\n連結於 60 天後失效。";
        assert_eq!(
            links_in(zh).collect::<Vec<_>>(),
            ["http://127.0.0.1:3000/invitation/abc?x=1"]
        );
        let en = "Start now: https://bc.example/invitation/abc.\nOr (https://bc.example/help) here";
        assert_eq!(
            links_in(en).collect::<Vec<_>>(),
            [
                "https://bc.example/invitation/abc",
                "https://bc.example/help"
            ]
        );
        assert_eq!(links_in("no link here").count(), 0);
    }
}
