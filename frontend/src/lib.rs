//! Browser entry point. The app runs in islands mode: the server renders
//! every page, and only the interactive parts (`#[island]`) ship as wasm.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    app::mark_hydrated();
}
