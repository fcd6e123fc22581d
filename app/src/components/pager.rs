//! The links under a long list shown a page at a time (`domain::paging`):
//! to the older entries, and back to the newest. Plain links, so paging
//! works without wasm and each page has its own address.

use leptos::prelude::*;

use crate::i18n::{use_lang, Msg};

#[component]
pub fn Pager(
    /// The cursor of the next page, if there is one.
    older: Option<i64>,
    /// Whether this is a later page (then "Newest" leads back).
    newest: bool,
) -> impl IntoView {
    let lang = use_lang();
    (older.is_some() || newest).then(|| {
        view! {
            <nav class="pager" aria-label=lang.t(Msg::Pages)>
                {newest.then(|| view! { <a href="?" data-testid="newest-page">{lang.t(Msg::NewestPage)}</a> })}
                {older.map(|c| view! {
                    <a href=format!("?before={c}") rel="next" data-testid="older-page">{lang.t(Msg::OlderPage)}</a>
                })}
            </nav>
        }
    })
}
