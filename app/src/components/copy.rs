//! "Copy link" (R-SW-03): a button that puts a text on the clipboard. An
//! island that shows itself once hydrated: without wasm there is no button
//! that does nothing, and the link stays in its read-only field to select
//! and copy.

use leptos::prelude::*;

use crate::i18n::{use_lang, SwMsg};

#[island]
pub fn CopyButton(text: String) -> impl IntoView {
    let lang = use_lang();
    let ready = RwSignal::new(false);
    let copied = RwSignal::new(false);
    // Effects run only in the browser.
    Effect::new(move |_| ready.set(true));
    #[cfg(not(feature = "hydrate"))]
    let _ = (&text, copied);
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let promise = window().navigator().clipboard().write_text(&text);
            leptos::task::spawn_local(async move {
                copied.set(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
            });
        }
    };
    view! {
        <button type="button" class="secondary" hidden=move || !ready.get() on:click=copy data-testid="copy-button">
            {move || lang.t(if copied.get() { SwMsg::Copied } else { SwMsg::CopyLink })}
        </button>
    }
}
