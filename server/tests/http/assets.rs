//! The bundle as a browser gets it: the precompressed file its
//! `Accept-Encoding` allows, under a content-hashed name it may keep for a
//! year; pages compressed on the fly.

use std::path::PathBuf;
use std::sync::OnceLock;

use leptos::prelude::LeptosOptions;
use reqwest::StatusCode;

use super::{client, spawn_site, TestApp, DEMO};

/// A release site as `scripts/build-site.sh` lays it out: each file with a
/// `.br` and a `.gz` beside it, and the hashes in `hash.txt` next to the
/// (test) binary, where the server reads them. Each variant has its own
/// content, so a test sees which one was sent.
/// Made once per test run: the tests read it concurrently.
fn release_site() -> &'static PathBuf {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(write_release_site)
}

fn write_release_site() -> PathBuf {
    let root = std::env::temp_dir().join(format!("bc-site-{}", std::process::id()));
    let pkg = root.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let mut hashes = String::new();
    for (ext, hash) in [("js", "0a1b2c"), ("wasm", "3d4e5f"), ("css", "6a7b8c")] {
        let file = pkg.join(format!("business-center.{hash}.{ext}"));
        std::fs::write(&file, format!("{ext} original {}", "x".repeat(100))).unwrap();
        std::fs::write(
            file.with_extension(format!("{ext}.br")),
            format!("{ext} brotli"),
        )
        .unwrap();
        std::fs::write(
            file.with_extension(format!("{ext}.gz")),
            format!("{ext} gzip"),
        )
        .unwrap();
        hashes.push_str(&format!("{ext}: {hash}\n"));
    }
    let exe_dir = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf();
    std::fs::write(exe_dir.join("hash.txt"), hashes).unwrap();
    root
}

/// The app serving the hashed site.
async fn hashed_app() -> TestApp {
    let root = release_site();
    let options = LeptosOptions::builder()
        .output_name("business-center")
        .site_root(root.to_string_lossy().to_string())
        .hash_files(true)
        .build();
    spawn_site(DEMO, server::MetricsAccess::LocalOnly, options).await
}

async fn get(app: &TestApp, path: &str, accept: Option<&str>) -> reqwest::Response {
    let mut request = client().get(format!("{}{path}", app.base));
    if let Some(encodings) = accept {
        request = request.header("accept-encoding", encodings);
    }
    request.send().await.unwrap()
}

fn header<'r>(response: &'r reqwest::Response, name: &str) -> &'r str {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or("")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bundle_is_sent_precompressed_under_hashed_names_kept_a_year() {
    let app = hashed_app().await;
    let wasm = "/pkg/business-center.3d4e5f.wasm";
    for (accept, encoding, body) in [
        (Some("gzip, deflate, br"), "br", "wasm brotli"),
        (Some("gzip"), "gzip", "wasm gzip"),
        (None, "", "wasm original"),
    ] {
        let response = get(&app, wasm, accept).await;
        assert_eq!(response.status(), StatusCode::OK, "{accept:?}");
        assert_eq!(
            header(&response, "content-encoding"),
            encoding,
            "{accept:?}"
        );
        assert_eq!(header(&response, "content-type"), "application/wasm");
        assert_eq!(
            header(&response, "cache-control"),
            "public, max-age=31536000, immutable"
        );
        assert!(
            response.text().await.unwrap().starts_with(body),
            "{accept:?}"
        );
    }
    let css = get(&app, "/pkg/business-center.6a7b8c.css", Some("br")).await;
    assert_eq!(header(&css, "content-encoding"), "br");
    assert!(header(&css, "content-type").starts_with("text/css"));
    // A name that is not there is not cached for a year.
    let missing = get(&app, "/pkg/business-center.000000.wasm", Some("br")).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_ne!(
        header(&missing, "cache-control"),
        "public, max-age=31536000, immutable"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_name_the_hashed_bundle_and_are_compressed() {
    let app = hashed_app().await;
    let page = get(&app, "/login", None).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    for name in [
        "/pkg/business-center.0a1b2c.js",
        "/pkg/business-center.3d4e5f.wasm",
        "/pkg/business-center.6a7b8c.css",
    ] {
        assert!(html.contains(name), "{name} in {html}");
    }
    assert!(!html.contains("/pkg/business-center.js"));
    for (accept, encoding) in [("br", "br"), ("gzip", "gzip")] {
        let page = get(&app, "/login", Some(accept)).await;
        assert_eq!(header(&page, "content-encoding"), encoding);
        let compressed = page.bytes().await.unwrap();
        assert!(
            compressed.len() < html.len() / 2,
            "{accept}: {} of {}",
            compressed.len(),
            html.len()
        );
    }
}
