//! A download benefit's software over HTTP (R-SAB-11): the Account
//! Manager's link streams the file's bytes through `/downloads/{token}`
//! like a purchase's; the key shows after "Show product key", and is in no
//! answer to a role that may not see it, nor to a partner without an
//! approved benefit permission.

use reqwest::StatusCode;
use sha2::{Digest, Sha256};

use super::{call, client, scalar, signed_in, spawn_app, Body};

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
async fn r_sab_11_a_benefit_download_link_streams_the_file_and_the_key_reaches_only_who_may_see_it()
{
    let app = spawn_app().await;
    let benefit = scalar(
        &app.svc,
        "SELECT b.id FROM benefits b JOIN purchasing_accounts pa ON pa.id = b.purchasing_account_id \
         WHERE pa.number = '100200301' AND b.kind = 'windows_thin_pc'",
    )
    .await;
    let form = Body::Form(vec![
        ("form[benefit_id]", benefit.to_string()),
        ("form[product_id]", "windows-thin-pc".into()),
        ("form[version]", "2011".into()),
        ("form[language]", "de-DE".into()),
        ("form[file_type]", "vhd".into()),
    ]);
    let manager = signed_in(&app.base, "manager@twprecision.example").await;
    let (status, body) = call(&manager, &app.base, "get_benefit_key_and_download", &form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let show = Body::Form(vec![
        ("benefit_id", benefit.to_string()),
        ("product_id", "windows-thin-pc".into()),
    ]);
    let page_url = format!("{}/benefits/{benefit}", app.base);
    assert!(!text_of(&manager, &page_url)
        .await
        .contains("benefit-product-key"));
    let (status, body) = call(&manager, &app.base, "show_benefit_key", &show).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let page = text_of(&manager, &page_url).await;
    assert!(page.contains("data-testid=\"benefit-software\""), "{page}");
    let key = after(&page, "data-testid=\"benefit-product-key\"", "value").to_string();
    assert!(domain::ProductKey::parse(&key).is_some(), "{key}");
    let path = after(&page, "data-testid=\"download-link\"", "href").to_string();
    let shown_sha = after(&page, "data-testid=\"download-link\"", "data-sha256").to_string();
    // The Account Manager reads Traditional Chinese: 14 days, 50 downloads left.
    assert!(
        page.contains("data-testid=\"link-left\">剩餘 14 天、50 次下載<"),
        "{page}"
    );

    let file = client()
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(
        file.headers()["content-disposition"],
        "attachment; filename=\"windows-thin-pc_2011_de-DE_vhd.vhd\""
    );
    assert_eq!(file.headers()["content-length"], "262144");
    let bytes = file.bytes().await.unwrap();
    assert!(bytes.starts_with(
        b"Business Center demonstration download\nfile: windows-thin-pc_2011_de-DE_vhd.vhd\n"
    ));
    let sha: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(sha, shown_sha, "the page shows the file's SHA-256");
    assert_eq!(
        scalar(
            &app.svc,
            &format!("SELECT downloads FROM download_links WHERE benefit_id = {benefit}")
        )
        .await,
        1
    );
    let again = text_of(&manager, &page_url).await;
    assert!(
        again.contains("data-testid=\"link-left\">剩餘 14 天、49 次下載<"),
        "{again}"
    );

    // The Account Viewer (no keys), and Contoso's Admin Agent and Global
    // Administrator (no approved permission): refused, and no key anywhere.
    let load = Body::Form(vec![("benefit_id", benefit.to_string())]);
    for (email, load_status) in [
        ("viewer@twprecision.example", StatusCode::OK),
        ("adminagent@contoso-partner.example", StatusCode::FORBIDDEN),
        ("global@contoso-partner.example", StatusCode::FORBIDDEN),
    ] {
        let c = signed_in(&app.base, email).await;
        let (status, api) = call(&c, &app.base, "load_benefit_software", &load).await;
        assert_eq!(status, load_status, "{email}: {api}");
        assert!(
            !api.contains(&key) && !api.contains(&path),
            "{email}: {api}"
        );
        for (name, body) in [
            ("show_benefit_key", &show),
            ("get_benefit_key_and_download", &form),
        ] {
            let (status, api) = call(&c, &app.base, name, body).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{email} {name}: {api}");
            assert!(!api.contains(&key), "{email} {name}: {api}");
        }
        let html = text_of(&c, &page_url).await;
        assert!(!html.contains(&key) && !html.contains(&path), "{email}");
    }
    // The Report Viewer reveals the key and sees it read-only, without links.
    let reports = signed_in(&app.base, "reports@twprecision.example").await;
    let (status, body) = call(&reports, &app.base, "show_benefit_key", &show).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let html = text_of(&reports, &page_url).await;
    assert!(html.contains(&key), "who may view keys sees it");
    assert!(!html.contains(&path));
    assert_eq!(
        scalar(
            &app.svc,
            &format!("SELECT downloads FROM download_links WHERE benefit_id = {benefit}")
        )
        .await,
        1,
        "refused calls made no link"
    );
}
