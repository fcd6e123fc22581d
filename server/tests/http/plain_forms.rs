//! Issue 18 §1: forms posted by a browser without wasm. The browser sends
//! the form itself (`Accept: text/html`, URL-encoded, with a `Referer`) and
//! shows what comes back: a redirect to the form's `done` page after
//! success, or the page it was on with the input kept and each error next
//! to its field. The form listener's JSON answers are unchanged.

use reqwest::header::{ACCEPT, CONTENT_TYPE, LOCATION, REFERER};
use reqwest::StatusCode;

use super::{client, page, scalar, signed_in, spawn_app};

const BROWSER_ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/// Posts `fields` to `action` as a browser does from `from`.
async fn post_from(
    c: &reqwest::Client,
    base: &str,
    from: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, Option<String>, String) {
    let r = c
        .post(format!("{base}{action}"))
        .header(ACCEPT, BROWSER_ACCEPT)
        .header(REFERER, format!("{base}{from}"))
        .form(fields)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let location = r
        .headers()
        .get(LOCATION)
        .map(|l| l.to_str().unwrap().to_string());
    (status, location, r.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_sign_in_is_the_page_again_with_the_email_kept() {
    let app = spawn_app().await;
    let c = client();
    let (status, location, html) = post_from(
        &c,
        &app.base,
        "/login",
        "/api/login",
        &[
            ("email", "sales@contoso-partner.example"),
            ("password", "wrong-one"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert_eq!(location, None);
    // The form's own error, in its slot, focused; the email kept, the
    // password not; links resolve against the page, not the server function.
    assert!(html.contains("<base href=\"/login\">"), "{html}");
    let slot = html.split("data-errors-for=\"\"").nth(1).unwrap();
    assert!(
        slot.contains("class=\"form-error\" role=\"alert\""),
        "{slot}"
    );
    assert!(slot.contains("autofocus"), "{html}");
    assert!(
        html.contains("value=\"sales@contoso-partner.example\""),
        "{html}"
    );
    assert!(!html.contains("wrong-one"), "a password is never echoed");

    // Right: a redirect to the form's done page (its hidden field), with
    // the session cookie.
    assert!(
        html.contains("<input type=\"hidden\" name=\"__done\" value=\"/\">"),
        "{html}"
    );
    let (status, location, _) = post_from(
        &c,
        &app.base,
        "/login",
        "/api/login",
        &[
            ("__done", "/"),
            ("email", "sales@contoso-partner.example"),
            ("password", backend::seed::DEMO_PASSWORD),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location.as_deref(), Some("/"));
    let (status, html) = page(&c, &app.base, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("data-testid=\"user-menu\""),
        "signed in: {html}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_invitation_marks_its_field_and_keeps_every_value() {
    let app = spawn_app().await;
    let admin = signed_in(&app.base, "useradmin@twprecision.example").await;
    let fields = [
        ("rows[0][email]", "nina@twprecision"),
        ("rows[0][name]", "Nina <b>&</b> \"No-Script\""),
        ("rows[0][language]", "zh-TW"),
        ("rows[0][country]", "TW"),
        ("rows[0][roles][]", "report_viewer"),
    ];
    let (status, _, html) = post_from(
        &admin,
        &app.base,
        "/users/invite",
        "/api/invite_users",
        &fields,
    )
    .await;
    assert!(status.is_client_error(), "{status}: {html}");
    // The email field is invalid, described by its slot, focused.
    let input = html
        .split("<input")
        .find(|i| i.contains("name=\"rows[0][email]\""))
        .unwrap();
    assert!(input.contains("aria-invalid=\"true\""), "{input}");
    assert!(input.contains("autofocus"), "{input}");
    assert!(input.contains("value=\"nina@twprecision\""), "{input}");
    let slot_id = input
        .split("aria-describedby=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let slot = html.split(&format!("id=\"{slot_id}\"")).nth(1).unwrap();
    assert!(
        slot.trim_start_matches(|c| c != '>')
            .starts_with("><p class=\"field-error\""),
        "{slot}"
    );
    // Every value is back, escaped; the box checked, the country chosen.
    // (`<` in a quoted attribute value is text.)
    assert!(
        html.contains("value=\"Nina <b>&amp;</b> &quot;No-Script&quot;\""),
        "{html}"
    );
    assert!(!html.contains("<b>&</b>"), "input is never markup");
    let role = html
        .split("<input")
        .find(|i| i.contains("value=\"report_viewer\""))
        .unwrap();
    assert!(role.contains("checked"), "{role}");
    let country = html
        .split("<option")
        .find(|o| o.contains("value=\"TW\""))
        .unwrap();
    assert!(country.contains("selected"), "{country}");

    // Nothing was sent.
    let invited = scalar(
        &app.svc,
        "SELECT COUNT(*) FROM invitations WHERE email LIKE 'nina@%'",
    )
    .await;
    assert_eq!(invited, 0);

    assert!(
        html.contains("name=\"__done\" value=\"?sent={}\""),
        "{html}"
    );
    // Posted again from this page, whose address is the server function's:
    // its forms name the page they are on.
    assert!(
        html.contains("name=\"__page\" value=\"/users/invite\""),
        "{html}"
    );
    let mut fields = fields.to_vec();
    fields[0].1 = "nina@twprecision.example";
    fields.insert(0, ("__done", "?sent={}"));
    fields.insert(0, ("__page", "/users/invite"));
    let (status, location, _) = post_from(
        &admin,
        &app.base,
        "/api/invite_users",
        "/api/invite_users",
        &fields,
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location.as_deref(), Some("/users/invite?sent=1"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_form_listener_still_gets_json() {
    let app = spawn_app().await;
    let c = client();
    let r = c
        .post(format!("{}/api/login", app.base))
        .header(ACCEPT, "application/json")
        .header(REFERER, format!("{}/login", app.base))
        .form(&[
            ("email", "sales@contoso-partner.example"),
            ("password", "x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.headers()[CONTENT_TYPE].to_str().unwrap().contains("json"));
}

/// R-SUB-08: the seat form's "Review" is a GET of the subscription page;
/// the server renders the figure and the expected amount for the typed
/// quantity, and "Save" posts exactly that.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_sub_08_the_seat_review_renders_the_figure_on_the_server() {
    let app = spawn_app().await;
    let partner = signed_in(&app.base, "sales@contoso-partner.example").await;
    let id = scalar(
        &app.svc,
        "SELECT id FROM subscriptions WHERE offer_id = 'o365-e3' AND status = 'active' ORDER BY id LIMIT 1",
    )
    .await;
    let (status, html) = page(&partner, &app.base, &format!("/subscriptions/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let seats: u32 = html
        .split("data-testid=\"seats\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // Before a Review: the quantity as a value, Save disabled and saying why.
    assert!(
        html.contains(&format!(
            "name=\"form[seats]\" data-testid=\"seats-input\" value=\"{seats}\""
        )),
        "{html}"
    );
    assert!(html.contains("data-testid=\"seat-preview-why\""), "{html}");
    assert!(html.contains("data-testid=\"review\""), "{html}");

    let asked = seats + 2;
    let (status, html) = page(
        &partner,
        &app.base,
        &format!("/subscriptions/{id}?form%5Bseats%5D={asked}&review=seats"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let preview = html.split("data-testid=\"seat-preview\"").nth(1).unwrap();
    assert!(preview.contains("+2"), "{preview}");
    let amount: i64 = preview
        .split("data-amount=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(amount > 0);
    assert!(
        html.contains(&format!("name=\"form[expected]\" value=\"{amount}\"")),
        "{html}"
    );
    let save = html.split("data-testid=\"save-seats\"").nth(1).unwrap();
    let save = save.split('>').next().unwrap();
    assert!(!save.contains("disabled"), "{save}");
}

/// Issue 18 §4: the audit log is read a page at a time, on the server,
/// with plain links (so also without wasm).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_aud_01_the_audit_log_is_paged_on_the_server() {
    let app = spawn_app().await;
    let admin = signed_in(&app.base, "admin@twprecision.example").await;
    let org = scalar(
        &app.svc,
        "SELECT org_id FROM users WHERE email = 'admin@twprecision.example'",
    )
    .await;
    let before = scalar(
        &app.svc,
        &format!("SELECT COUNT(*) FROM audit_log WHERE org_id = {org}"),
    )
    .await;
    for n in 0..(60 - before.min(60)) {
        sqlx::query("INSERT INTO audit_log (at, org_id, action, entity, entity_id) VALUES (1, $1, 'test.paging', 'test', $2)")
            .bind(org)
            .bind(n.to_string())
            .execute(app.svc.db.pool())
            .await
            .unwrap();
    }
    let total = scalar(
        &app.svc,
        &format!("SELECT COUNT(*) FROM audit_log WHERE org_id = {org}"),
    )
    .await;
    let rows = |html: &str| html.matches("<tr><td>").count() as i64;
    let (status, first) = page(&admin, &app.base, "/audit").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(rows(&first), 50, "{first}");
    assert!(!first.contains("data-testid=\"newest-page\""));
    let older = first
        .split("href=\"?before=")
        .nth(1)
        .expect("a link to the older entries")
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let last_shown = scalar(
        &app.svc,
        &format!(
            "SELECT id FROM audit_log WHERE org_id = {org} ORDER BY id DESC LIMIT 1 OFFSET 49"
        ),
    )
    .await;
    assert_eq!(older, last_shown.to_string());
    let (_, second) = page(&admin, &app.base, &format!("/audit?before={older}")).await;
    assert_eq!(rows(&second), (total - 50).min(50), "{second}");
    assert!(second.contains("data-testid=\"newest-page\""));
}

/// R-API-01: a token made without wasm shows its secret on the page that
/// answers the post (never in a URL), in its box, once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_api_01_a_token_made_without_javascript_shows_its_secret_in_place() {
    let app = spawn_app().await;
    let admin = signed_in(&app.base, "global@contoso-partner.example").await;
    let (status, location, html) = post_from(
        &admin,
        &app.base,
        "/settings/api-tokens",
        "/api/create_api_token",
        &[
            ("name", "no script"),
            ("roles[]", "global_administrator"),
            ("days", "7"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_eq!(location, None, "a secret never goes into a URL");
    let field = html
        .split("<input")
        .find(|i| i.contains("id=\"new-token-secret\""))
        .unwrap();
    let secret = field
        .split("value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert!(secret.starts_with("bc_live_"), "{field}");
    let shown = html
        .split("<div")
        .find(|d| d.contains("data-answer-box=\"new-token-secret\""))
        .unwrap();
    assert!(
        !shown.split('>').next().unwrap().contains("hidden"),
        "{shown}"
    );
    // The secret works.
    let r = client()
        .get(format!("{}/api/v1/me", app.base))
        .bearer_auth(secret)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

/// Issue 18 §4: the users list is filtered on the server (a GET form), by
/// name or email, any case; `%` and `_` are taken as they are.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_users_list_is_filtered_on_the_server() {
    let app = spawn_app().await;
    let admin = signed_in(&app.base, "global@contoso-partner.example").await;
    // The users table alone (pending invitations follow it).
    let users = |html: &str| {
        let table = html.split("data-testid=\"users\"").nth(1).unwrap();
        table.split("</table>").next().unwrap().to_string()
    };
    let (_, all) = page(&admin, &app.base, "/users").await;
    let (status, some) = page(&admin, &app.base, "/users?q=SALES").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        some.contains("value=\"SALES\""),
        "the filter stays in its field"
    );
    let (all, some) = (users(&all), users(&some));
    assert!(some.contains("sales@contoso-partner.example"), "{some}");
    assert!(!some.contains("global@contoso-partner.example"), "{some}");
    assert!(all.matches("<tr").count() > some.matches("<tr").count());
    let (_, none) = page(&admin, &app.base, "/users?q=%25").await;
    assert!(!users(&none).contains("@contoso-partner.example"), "{none}");
}
