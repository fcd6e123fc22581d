//! The "Review" step of a live preview, for a browser without wasm: the
//! preview cannot run as the user types, so a button sends the form's
//! fields to the page itself (a GET), and the server renders the page with
//! the figure the typed values give (the island runs on the server too)
//! and the commit button enabled for it. Once hydrated, the island
//! previews as the user types and the step hides.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::i18n::{use_lang, SMsg};

/// The query field that names the form under review (a page may have
/// several previews with fields of the same name).
const REVIEW: &str = "review";

/// Whether the island runs in the browser (effects run only there).
pub fn use_hydrated() -> RwSignal<bool> {
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    hydrated
}

/// What the Review of form `which` sent for `field`; `None` on a page
/// loaded otherwise. Read on the server, where the page is rendered.
pub fn reviewed(which: &str, field: &str) -> Option<String> {
    Reviewed::of(which).get(field)
}

/// Everything the Review of a form sent, for an island with several
/// fields (an island reads no query of its own).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Reviewed(Vec<(String, String)>);

impl Reviewed {
    /// The fields of form `which`'s Review; none on a page loaded otherwise.
    pub fn of(which: &str) -> Reviewed {
        use_query_map().with_untracked(|q| {
            if q.get(REVIEW).as_deref() != Some(which) {
                return Reviewed::default();
            }
            Reviewed(
                q.clone()
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect(),
            )
        })
    }

    /// Whether the page shows a Review of the form.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k == field)
            .map(|(_, v)| v.clone())
    }
}

/// The path of the page being rendered, for an island's `ReviewStep`
/// (an island has no router of its own).
pub fn this_page() -> String {
    leptos_router::hooks::use_location()
        .pathname
        .get_untracked()
}

/// The hint and the button of form `which`, on page `page`. It follows
/// the form's commit button, so that Enter in a field still commits.
#[component]
pub fn ReviewStep(
    hydrated: RwSignal<bool>,
    #[prop(into)] which: String,
    page: String,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="hint" hidden=move || hydrated.get()>{lang.t(SMsg::ReviewHint)}</p>
        <button type="submit" class="secondary" formmethod="get" formaction=page name=REVIEW value=which
            hidden=move || hydrated.get() data-testid="review">
            {lang.t(SMsg::Review)}
        </button>
    }
}
