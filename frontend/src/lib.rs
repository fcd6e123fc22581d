//! Browser entry point. The app runs in islands mode: the server renders
//! every page, and only the interactive parts (`#[island]`) ship as wasm;
//! forms are plain server-rendered HTML that one listener sends in place.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    app::components::enhance::enhance_forms();
    app::mark_hydrated();
}
