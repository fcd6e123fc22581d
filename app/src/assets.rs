//! The release build's file names. With `hash-files` (`LEPTOS_HASH_FILES`)
//! the bundle is `pkg/NAME.HASH.EXT`, so a browser may keep each file for a
//! year: a new build has new names. The hashes are in the hash file next to
//! the server binary, where Leptos reads those of the script and the wasm;
//! this reads the stylesheet's the same way.

use std::sync::OnceLock;

use leptos::prelude::LeptosOptions;

/// The stylesheet's URL.
pub fn stylesheet_href(options: &LeptosOptions) -> String {
    let (pkg, name) = (&options.site_pkg_dir, &options.output_name);
    match options
        .hash_files
        .then(|| hash_of(options, "css"))
        .flatten()
    {
        Some(hash) => format!("/{pkg}/{name}.{hash}.css"),
        None => format!("/{pkg}/{name}.css"),
    }
}

/// The hash of `kind` (`js`, `wasm`, `css`) in the hash file, read once.
fn hash_of(options: &LeptosOptions, kind: &str) -> Option<String> {
    static HASHES: OnceLock<String> = OnceLock::new();
    let hashes = HASHES.get_or_init(|| {
        std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
            .and_then(|path| std::fs::read_to_string(path).ok())
            .unwrap_or_default()
    });
    hashes.lines().find_map(|line| {
        let (file, hash) = line.split_once(':')?;
        (file.trim() == kind).then(|| hash.trim().to_string())
    })
}
