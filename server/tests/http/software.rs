//! Software downloads over HTTP (R-SW-03, R-SW-04): the Admin Agent's link
//! streams the file's real bytes with its name, size and `Range`; an
//! expired link leads to the page that says why; the product key is in no
//! answer to a role that may not see it.

use domain::Span;
use reqwest::StatusCode;
use sha2::{Digest, Sha256};

use super::{call, client, scalar, signed_in, spawn_app, Body};

const WINDOWS: &str = "windows-server-2025-standard-perpetual";

async fn text_of(c: &reqwest::Client, url: &str) -> String {
    c.get(url).send().await.unwrap().text().await.unwrap()
}

/// The first `attr="…"` value after `marker` in `html`.
fn after<'a>(html: &'a str, marker: &str, attr: &str) -> &'a str {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in the page"));
    let rest = &html[at..];
    let start = rest.find(&format!("{attr}=\"")).unwrap() + attr.len() + 2;
    let end = rest[start..].find('"').unwrap();
    &rest[start..start + end]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_sw_03_r_sw_04_a_download_link_streams_the_file_and_expires() {
    let app = spawn_app().await;
    let taiwan = scalar(
        &app.svc,
        "SELECT org_id FROM agreements WHERE number = '1234567890'",
    )
    .await;
    let purchase = scalar(
        &app.svc,
        &format!("SELECT id FROM software_purchases WHERE product_id = '{WINDOWS}'"),
    )
    .await;
    let agent = signed_in(&app.base, "adminagent@contoso-partner.example").await;
    let (status, body) = call(
        &agent,
        &app.base,
        "get_keys_and_downloads",
        &Body::Form(vec![
            ("form[purchase_id]", purchase.to_string()),
            ("form[version]", "2025".into()),
            ("form[language]", "ja-JP".into()),
            ("form[file_type]", "x64".into()),
        ]),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let page_url = format!("{}/customers/{taiwan}/software", app.base);
    assert!(!text_of(&agent, &page_url)
        .await
        .contains("data-testid=\"product-key\""));
    let (status, body) = call(
        &agent,
        &app.base,
        "show_product_key",
        &Body::Form(vec![("purchase_id", purchase.to_string())]),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let page = text_of(&agent, &page_url).await;
    let path = after(&page, "data-testid=\"download-link\"", "href").to_string();
    let shown_sha = after(&page, "data-testid=\"download-link\"", "data-sha256").to_string();
    let key = {
        let at = page.find("data-testid=\"product-key\">").unwrap() + 26;
        page[at..at + 29].to_string()
    };
    assert!(domain::ProductKey::parse(&key).is_some(), "{key}");

    let url = format!("{}{path}", app.base);
    let whole = client().get(&url).send().await.unwrap();
    assert_eq!(whole.status(), StatusCode::OK);
    let h = whole.headers().clone();
    assert_eq!(h["content-type"], "application/octet-stream");
    assert_eq!(
        h["content-disposition"],
        "attachment; filename=\"windows-server-2025-standard-perpetual_2025_ja-JP_x64.zip\""
    );
    assert_eq!(h["content-length"], "262144");
    assert_eq!(h["accept-ranges"], "bytes");
    assert_eq!(h["cache-control"], "no-store");
    let bytes = whole.bytes().await.unwrap();
    assert_eq!(bytes.len(), 262_144);
    let sha: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(sha, shown_sha, "the page shows the file's SHA-256");

    let part = client()
        .get(&url)
        .header("Range", "bytes=100-199")
        .send()
        .await
        .unwrap();
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(part.headers()["content-range"], "bytes 100-199/262144");
    assert_eq!(part.bytes().await.unwrap(), bytes.slice(100..200));
    let beyond = client()
        .get(&url)
        .header("Range", "bytes=300000-")
        .send()
        .await
        .unwrap();
    assert_eq!(beyond.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(beyond.headers()["content-range"], "bytes */262144");
    // A range from the first byte starts a download; from a later byte it
    // continues one: the whole file and `bytes=0-99` counted, no other.
    let head = client()
        .get(&url)
        .header("Range", "bytes=0-99")
        .send()
        .await
        .unwrap();
    assert_eq!(head.bytes().await.unwrap(), bytes.slice(0..100));
    assert_eq!(
        scalar(
            &app.svc,
            "SELECT downloads FROM download_links ORDER BY id DESC LIMIT 1"
        )
        .await,
        2
    );

    // The key is in no answer to those who may not see it.
    for email in [
        "sales@contoso-partner.example",
        "global@contoso-partner.example",
        "helpdesk@contoso-partner.example",
    ] {
        let c = signed_in(&app.base, email).await;
        let (status, body) = call(
            &c,
            &app.base,
            "show_product_key",
            &Body::Form(vec![("purchase_id", purchase.to_string())]),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{email}");
        assert!(!body.contains(&key));
        let html = text_of(&c, &page_url).await;
        assert!(html.contains(WINDOWS), "{email} sees the purchase");
        assert!(!html.contains(&key), "{email} sees no key");
        assert!(!html.contains(&path), "{email} sees no link");
        let (_, api) = call(
            &c,
            &app.base,
            "load_software",
            &Body::Form(vec![("customer_id", taiwan.to_string())]),
        )
        .await;
        assert!(
            !api.contains(&key) && !api.contains(&path),
            "{email}: {api}"
        );
    }
    let viewer = signed_in(&app.base, "viewer@twprecision.example").await;
    let html = text_of(&viewer, &format!("{}/software", app.base)).await;
    assert!(html.contains(WINDOWS) && !html.contains(&key));
    let reports = signed_in(&app.base, "reports@twprecision.example").await;
    call(
        &reports,
        &app.base,
        "show_product_key",
        &Body::Form(vec![("purchase_id", purchase.to_string())]),
    )
    .await;
    let html = text_of(&reports, &format!("{}/software", app.base)).await;
    assert!(html.contains(&key), "who may view keys sees it read-only");
    assert!(!html.contains(&path));

    // Fourteen days on (the demo's test clock), the link leads to the page
    // that says why.
    sqlx::query("UPDATE test_clock SET offset_ms = offset_ms + $1 WHERE id = 1")
        .bind(Span::days(14).as_millis())
        .execute(app.svc.db.pool())
        .await
        .unwrap();
    let expired = client().get(&url).send().await.unwrap();
    assert_eq!(expired.status(), StatusCode::SEE_OTHER);
    let to = expired.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(to, "/download-unavailable?why=expired");
    let page = client()
        .get(format!("{}{to}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::GONE);
    let text = page.text().await.unwrap();
    assert!(
        text.contains("It expired two weeks after it was made."),
        "{text}"
    );
    let unknown = client()
        .get(format!("{}/downloads/nothing-here", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        unknown.headers()["location"],
        "/download-unavailable?why=unknown"
    );
}
