//! The REST API (R-API-01 … 04) over HTTP: the authorization matrix of its
//! operations against the server functions' oracle, tokens, idempotency
//! keys, ETags, the error shape and the OpenAPI document.

use std::collections::BTreeSet;

use domain::api_token::TokenSecret;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::{
    demo_users, expected, scalar, signed_in, spawn_app, spawn_matrix_app, targets, Body, TestApp,
};
use backend::Services;

/// A token of `email`'s with all their roles, written as `create` writes
/// one (the matrix needs one for roles that may not create tokens).
pub async fn token_for(svc: &Services, email: &str, expires_in_ms: i64) -> String {
    let once = super::unique(email);
    let seed: Vec<u8> = (0..4u8)
        .flat_map(|i| Sha256::digest(format!("{once}{i}").as_bytes()).to_vec())
        .collect();
    let secret = TokenSecret::from_random(&seed).expect("128 bytes are enough");
    let now = svc.clock.now().millis();
    sqlx::query(
        "INSERT INTO api_tokens (org_id, created_by, name, shown, secret_hash, roles, created_at, expires_at) \
         SELECT u.org_id, u.id, 'test', $2, $3, (SELECT MIN(role) FROM user_roles r WHERE r.user_id = u.id), $4, $5 \
         FROM users u WHERE u.email = $1",
    )
    .bind(email)
    .bind(secret.shown())
    .bind(backend::tokens::hash_token(secret.as_str()))
    .bind(now)
    .bind(now + expires_in_ms)
    .execute(svc.db.pool())
    .await
    .unwrap();
    secret.as_str().to_string()
}

const DAY: i64 = 86_400_000;

pub async fn api(
    base: &str,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
    headers: &[(&str, &str)],
) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let mut req = reqwest::Client::new()
        .request(method, format!("{base}/api/v1{path}"))
        .bearer_auth(token);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    if let Some(body) = body {
        req = req.json(&body);
    }
    let res = req.send().await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    (status, headers, res.text().await.unwrap())
}

/// The server functions that have no API operation: a session's own
/// (signing in and out, the page language, the demo mailbox) and the
/// invitation pages a person opens before they have an account.
const SESSION_ONLY: &[&str] = &["set_language"];

/// A server function call of the matrix (`cases`), as the API call that
/// does the same: the same targets, so the same oracle answers for both.
struct Op {
    function: &'static str,
    method: Method,
    path: String,
    body: Option<Value>,
    foreign: bool,
}

/// The fields of a form body by name, `form[…]` unwrapped; `[]` fields
/// collect their values.
fn fields(
    body: &Body,
) -> (
    std::collections::HashMap<String, String>,
    std::collections::HashMap<String, Vec<String>>,
) {
    let mut one = std::collections::HashMap::new();
    let mut many: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
    if let Body::Form(pairs) = body {
        for (k, v) in pairs {
            let k = k
                .strip_prefix("form[")
                .map_or(k.to_string(), |r| r.replacen(']', "", 1));
            match k.strip_suffix("[]") {
                Some(list) => many.entry(list.to_string()).or_default().push(v.clone()),
                None => {
                    one.insert(k, v.clone());
                }
            }
        }
    }
    (one, many)
}

fn as_op(case: &super::Case) -> Option<Op> {
    let (f, lists) = fields(&case.body);
    let s = |k: &str| f.get(k).cloned().unwrap_or_default();
    let i = |k: &str| {
        s(k).parse::<i64>()
            .unwrap_or_else(|_| panic!("{}: {k} is a number", case.name))
    };
    let b = |k: &str| s(k) == "true";
    let list = |k: &str| lists.get(k).cloned().unwrap_or_default();
    let json_field = |k: &str| match &case.body {
        Body::Json(v) => v[k].clone(),
        Body::Form(_) => Value::Null,
    };
    let (method, path, body): (Method, String, Option<Value>) = match case.name {
        "list_subscriptions" => (
            Method::GET,
            format!("/customers/{}/subscriptions", s("customer_id")),
            None,
        ),
        "get_subscription" => (Method::GET, format!("/subscriptions/{}", s("id")), None),
        "pin_preview" => (
            Method::POST,
            format!("/subscriptions/{}/seat-changes:preview", s("id")),
            Some(json!({ "seats": "1" })),
        ),
        "change_seats" => (
            Method::POST,
            format!("/subscriptions/{}/seat-changes", s("subscription_id")),
            Some(json!({ "seats": s("seats"), "pin": s("pin"), "expected": i("expected") })),
        ),
        "cancel_subscription" => (
            Method::POST,
            format!("/subscriptions/{}/cancel", s("subscription_id")),
            Some(
                json!({ "pin": s("pin"), "expected_refund": i("expected_refund"), "acknowledged": b("acknowledged") }),
            ),
        ),
        "set_subscription_status" => (
            Method::POST,
            format!("/subscriptions/{}/status", s("id")),
            Some(json!({ "action": s("action") })),
        ),
        "convert_trial" => (
            Method::POST,
            format!("/subscriptions/{}/conversions", s("subscription_id")),
            Some(
                json!({ "subscription_id": 0, "option": s("option"), "seats": s("seats"), "pin": s("pin"), "expected": i("expected") }),
            ),
        ),
        "upgrade_subscription" => (
            Method::POST,
            format!("/subscriptions/{}/upgrades", s("subscription_id")),
            Some(json!({
                "subscription_id": 0, "target": s("target"), "destination": s("destination"), "option": s("option"),
                "seats": s("seats"), "acknowledged": b("acknowledged"), "pin": s("pin"),
                "expected_credit": i("expected_credit"), "expected_charge": i("expected_charge"),
            })),
        ),
        "add_addon" => (
            Method::POST,
            format!("/subscriptions/{}/addons", s("subscription_id")),
            Some(
                json!({ "subscription_id": 0, "offer_id": s("offer_id"), "option": s("option"), "seats": s("seats"), "pin": s("pin"), "expected": i("expected") }),
            ),
        ),
        "schedule_trial_conversion" => (
            Method::PUT,
            format!("/subscriptions/{}/trial-conversion", s("subscription_id")),
            Some(json!({ "subscription_id": 0, "option": s("option"), "seats": s("seats") })),
        ),
        "schedule_renewal_change" => (
            Method::PUT,
            format!("/subscriptions/{}/renewal-change", s("subscription_id")),
            Some(json!({ "subscription_id": 0, "choice": s("choice"), "seats": s("seats") })),
        ),
        "remove_scheduled_changes" => (
            Method::DELETE,
            format!("/subscriptions/{}/scheduled-changes", s("id")),
            None,
        ),
        "load_catalog" => (
            Method::GET,
            format!("/customers/{}/catalog", json_field("customer_id")),
            None,
        ),
        "add_to_cart" => (
            Method::POST,
            format!("/customers/{}/cart-lines", s("customer_id")),
            Some(
                json!({ "offer_id": s("offer_id"), "term": s("term"), "frequency": s("frequency"), "seats": s("seats") }),
            ),
        ),
        "remove_cart_line" => (
            Method::DELETE,
            format!("/cart-lines/{}", s("line_id")),
            None,
        ),
        "submit_order" => (
            Method::POST,
            format!("/customers/{}/orders", s("customer_id")),
            Some(
                json!({ "idempotency_key": s("idempotency_key"), "reviewed": s("reviewed"), "reseller": s("reseller") }),
            ),
        ),
        "list_orders" => (
            Method::GET,
            format!("/customers/{}/orders", s("customer_id")),
            None,
        ),
        "get_order" => (Method::GET, format!("/orders/{}", s("order_id")), None),
        "list_invoices" => (
            Method::GET,
            format!("/customers/{}/invoices", s("customer_id")),
            None,
        ),
        "get_invoice" => (Method::GET, format!("/invoices/{}", s("invoice_id")), None),
        "list_transfers" => (Method::GET, "/transfers".into(), None),
        "get_transfer" => (Method::GET, format!("/transfers/{}", s("id")), None),
        "send_transfer_request" => (
            Method::POST,
            "/transfers".into(),
            Some(
                json!({ "customer_id": i("customer_id"), "source_partner_id": s("source_partner_id"), "notify_email": s("notify_email") }),
            ),
        ),
        "accept_transfer" => (
            Method::POST,
            format!("/transfers/{}/acceptance", s("request_id")),
            Some(json!({ "request_id": 0, "lines": list("lines"), "pin": s("pin") })),
        ),
        "decline_transfer" => (
            Method::POST,
            format!("/transfers/{}/decline", s("id")),
            None,
        ),
        "advance_test_clock" => (
            Method::POST,
            "/test-clock".into(),
            Some(json!({ "days": i("days") })),
        ),
        "list_agreements" => (Method::GET, "/agreements".into(), None),
        "create_agreement" => (
            Method::POST,
            "/agreements".into(),
            Some(json!({
                "org_name": s("org_name"), "country": s("country"), "agreement_number": s("agreement_number"),
                "purchasing_account_number": s("purchasing_account_number"), "purchasing_account_name": s("purchasing_account_name"),
                "admin_email": s("admin_email"), "admin_name": s("admin_name"), "admin_language": s("admin_language"),
            })),
        ),
        "list_organizations" => (Method::GET, "/organizations".into(), None),
        "list_domains" => (
            Method::GET,
            format!("/accounts/{}/domains", s("account_id")),
            None,
        ),
        "add_domain" => (
            Method::POST,
            format!("/accounts/{}/domains", s("account_id")),
            Some(json!({ "domain": s("domain") })),
        ),
        "remove_domain" => (Method::DELETE, format!("/domains/{}", s("domain_id")), None),
        "list_users" => (Method::GET, "/users".into(), None),
        "invite_users" => (
            Method::POST,
            "/invitations".into(),
            Some(json!({ "rows": [{
                "email": s("rows[0][email]"), "name": s("rows[0][name]"), "language": s("rows[0][language]"),
                "country": s("rows[0][country]"), "roles": list("rows[0][roles]"),
            }] })),
        ),
        "set_user_roles" => (
            Method::PUT,
            format!("/users/{}/roles", s("user_id")),
            Some(json!({ "roles": list("roles") })),
        ),
        "remove_user" => (Method::DELETE, format!("/users/{}", s("user_id")), None),
        "list_relationships" => (Method::GET, "/relationships".into(), None),
        "request_relationship" => (
            Method::POST,
            "/relationships".into(),
            Some(
                json!({ "agreement_number": s("agreement_number"), "admin_email": s("admin_email") }),
            ),
        ),
        "decide_relationship" => (
            Method::POST,
            format!("/relationships/{}/decision", s("id")),
            Some(json!({ "decision": s("decision") })),
        ),
        "partner_customer" => (
            Method::GET,
            format!("/customers/{}", s("customer_id")),
            None,
        ),
        "audit_log" => (Method::GET, "/audit-log".into(), None),
        "load_api_tokens" => (Method::GET, "/api-tokens".into(), None),
        "create_api_token" => (
            Method::POST,
            "/api-tokens".into(),
            Some(json!({ "name": s("name"), "roles": list("roles"), "days": i("days") })),
        ),
        "revoke_api_token" => (
            Method::DELETE,
            format!("/api-tokens/{}", s("token_id")),
            None,
        ),
        "operations_overview" => (Method::GET, "/operations".into(), None),
        "retry_dead_letter" => (
            Method::POST,
            format!("/dead-letters/{}/retry", s("id")),
            None,
        ),
        "load_software" => (
            Method::GET,
            format!("/customers/{}/software", s("customer_id")),
            None,
        ),
        "add_software_to_cart" => (
            Method::POST,
            format!("/customers/{}/software-lines", s("customer_id")),
            Some(
                json!({ "customer_id": 0, "product_id": s("product_id"), "quantity": s("quantity") }),
            ),
        ),
        "remove_software_line" => (
            Method::DELETE,
            format!("/software-lines/{}", s("line_id")),
            None,
        ),
        "show_product_key" => (
            Method::POST,
            format!("/software/{}/key-reveals", s("purchase_id")),
            None,
        ),
        "get_keys_and_downloads" => (
            Method::POST,
            format!("/software/{}/downloads", s("purchase_id")),
            Some(
                json!({ "purchase_id": 0, "version": s("version"), "language": s("language"), "file_type": s("file_type") }),
            ),
        ),
        "cancel_software_order" => (
            Method::POST,
            format!("/software-orders/{}/cancel", s("order_id")),
            Some(
                json!({ "order_id": 0, "acknowledged": b("acknowledged"), "pin": s("pin"), "expected": i("expected") }),
            ),
        ),
        "software_activity" => (Method::GET, "/activity-log".into(), None),
        "support_form" => (
            Method::GET,
            format!("/customers/{}/support-form", s("customer_id")),
            None,
        ),
        "file_support_request" => (
            Method::POST,
            "/support-requests".into(),
            Some(json!({
                "order_id": i("order_id"), "issue_type": s("issue_type"), "impact": s("impact"), "title": s("title"),
                "tenant": s("tenant"), "reason": s("reason"), "amount": s("amount"), "description": s("description"),
                "contact_name": s("contact_name"), "contact_email": s("contact_email"), "contact_phone": s("contact_phone"),
            })),
        ),
        "support_requests" => (Method::GET, "/support-requests".into(), None),
        "support_request" => (Method::GET, format!("/support-requests/{}", s("id")), None),
        "answer_support_request" => (
            Method::POST,
            format!("/support-requests/{}/answer", s("id")),
            Some(json!({ "id": 0, "status": s("status"), "answer": s("answer") })),
        ),
        "load_membership_benefits" => (Method::GET, "/membership".into(), None),
        "buy_package" => (
            Method::POST,
            "/package-purchases".into(),
            Some(json!({ "package_id": s("package_id"), "idempotency_key": s("idempotency_key") })),
        ),
        "assign_package_benefit" => (
            Method::POST,
            "/package-assignments".into(),
            Some(
                json!({ "purchase_id": i("purchase_id"), "benefit_id": s("benefit_id"), "user_id": i("user_id"), "alternate_email": s("alternate_email") }),
            ),
        ),
        "remove_package_assignment" => (
            Method::DELETE,
            format!("/package-assignments/{}", s("id")),
            None,
        ),
        "request_advisory_hours" => (
            Method::POST,
            format!("/package-purchases/{}/advisory-requests", s("purchase_id")),
            Some(json!({
                "benefit_id": s("benefit_id"), "topic": s("topic"), "description": s("description"),
                "preferred_from": s("preferred_from"), "preferred_to": s("preferred_to"), "hours": s("hours"),
            })),
        ),
        "advisory_requests" => (Method::GET, "/advisory-requests".into(), None),
        "answer_advisory_request" => (
            Method::POST,
            format!("/advisory-requests/{}/answer", s("id")),
            Some(json!({ "done": b("done") })),
        ),
        "set_marketing_contact" => (
            Method::PUT,
            "/marketing-contact".into(),
            Some(
                json!({ "user_id": i("user_id"), "alternate_email": s("alternate_email"), "phone": s("phone"), "language": s("language") }),
            ),
        ),
        "activate_go_to_market" => (
            Method::POST,
            format!("/package-purchases/{}/go-to-market", s("purchase_id")),
            Some(json!({ "benefit_id": s("benefit_id") })),
        ),
        "request_package_refund" => (
            Method::POST,
            format!("/package-purchases/{}/refund", s("purchase_id")),
            Some(json!({ "purchase_id": 0, "pin": s("pin"), "expected": i("expected") })),
        ),
        "take_package_key" => (
            Method::POST,
            format!("/package-purchases/{}/keys", s("purchase_id")),
            Some(json!({ "benefit_id": s("benefit_id") })),
        ),
        "activate_cloud_usage" => (
            Method::POST,
            format!("/package-purchases/{}/cloud-usage", s("purchase_id")),
            Some(json!({ "benefit_id": s("benefit_id") })),
        ),
        "get_package_download" => (
            Method::POST,
            format!("/package-purchases/{}/downloads", s("purchase_id")),
            Some(
                json!({ "purchase_id": 0, "product_id": s("product_id"), "version": s("version"), "language": s("language"), "file_type": s("file_type") }),
            ),
        ),
        "benefit_inventory" => {
            let mut q = Vec::new();
            for k in ["customer_id", "account_id"] {
                if let Some(v) = json_field(k).as_i64() {
                    q.push(format!("{k}={v}"));
                }
            }
            (Method::GET, format!("/benefits?{}", q.join("&")), None)
        }
        "benefit_detail" => (Method::GET, format!("/benefits/{}", s("benefit_id")), None),
        "load_benefit_software" => (
            Method::GET,
            format!("/benefits/{}/software", s("benefit_id")),
            None,
        ),
        "show_benefit_key" => (
            Method::POST,
            format!("/benefits/{}/key-reveals", s("benefit_id")),
            Some(json!({ "product_id": s("product_id") })),
        ),
        "get_benefit_key_and_download" => (
            Method::POST,
            format!("/benefits/{}/downloads", s("benefit_id")),
            Some(
                json!({ "benefit_id": 0, "product_id": s("product_id"), "version": s("version"), "language": s("language"), "file_type": s("file_type") }),
            ),
        ),
        "add_benefit_user" => (
            Method::POST,
            format!("/benefits/{}/users", s("benefit_id")),
            Some(json!({ "email": s("email"), "name": s("name"), "language": s("language") })),
        ),
        "edit_benefit_user" => (
            Method::PUT,
            format!("/benefit-users/{}", s("user_id")),
            Some(json!({ "email": s("email"), "name": s("name"), "language": s("language") })),
        ),
        "remove_benefit_user" => (
            Method::DELETE,
            format!("/benefit-users/{}", s("user_id")),
            None,
        ),
        "resend_benefit_instructions" => (
            Method::POST,
            format!("/benefit-users/{}/instructions", s("user_id")),
            None,
        ),
        "assign_training_voucher" => (
            Method::POST,
            format!("/benefits/{}/vouchers", s("benefit_id")),
            Some(
                json!({ "email": s("email"), "name": s("name"), "language": s("language"), "days": s("days") }),
            ),
        ),
        "revoke_training_voucher" => (
            Method::DELETE,
            format!("/vouchers/{}", s("voucher_id")),
            None,
        ),
        "convert_benefit" => (
            Method::POST,
            format!("/accounts/{}/conversions", s("account_id")),
            Some(json!({ "days": s("days") })),
        ),
        "reverse_benefit" => (
            Method::POST,
            format!("/accounts/{}/reversals", s("account_id")),
            Some(json!({ "days": s("days") })),
        ),
        "request_benefit_permission" => (
            Method::POST,
            format!("/customers/{}/benefit-permission", s("customer_id")),
            None,
        ),
        "partner_benefit_permission" => (
            Method::GET,
            format!("/customers/{}/benefit-permission", s("customer_id")),
            None,
        ),
        "list_benefit_permissions" => (Method::GET, "/benefit-permissions".into(), None),
        "decide_benefit_permission" => (
            Method::POST,
            format!("/benefit-permissions/{}/decision", s("id")),
            Some(json!({ "decision": s("decision") })),
        ),
        _ => return None,
    };
    Some(Op {
        function: case.name,
        method,
        path,
        body,
        foreign: case.foreign,
    })
}

/// The operation besides `as_op`'s that answers to the same row of the
/// oracle as `case`: its CSV export, or the list the function's page also holds.
fn also_of(case: &super::Case) -> Option<Op> {
    let (f, _) = fields(&case.body);
    let path = match case.name {
        "audit_log" => "/exports/audit-log.csv".to_string(),
        "list_subscriptions" => format!("/exports/subscriptions.csv?customer={}", f["customer_id"]),
        "benefit_detail" => format!("/exports/benefits/{}/transactions.csv", f["benefit_id"]),
        "list_users" => "/invitations".to_string(),
        _ => return None,
    };
    Some(Op {
        function: case.name,
        method: Method::GET,
        path,
        body: None,
        foreign: case.foreign,
    })
}

/// R-API-01: every server function has its API operation (but a session's
/// own), and every API operation × every role's token × own / another
/// organization is answered or refused exactly as that server function is
/// (the same calls, targets and oracle, `expected.rs`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_api_01_api_authorization_matrix() {
    let app = spawn_matrix_app().await;
    let (mut n, mut checked, mut failures) = (0, 0, Vec::new());
    for (email, role, kind) in demo_users() {
        let token = token_for(&app.svc, email, DAY).await;
        let t = targets(&app.svc, email, kind).await;
        for own in [true, false] {
            for case in super::cases(&[role], kind, &t, own, n) {
                n += 1;
                let Some(op) = as_op(&case) else {
                    assert!(
                        SESSION_ONLY.contains(&case.name),
                        "{} has no API operation",
                        case.name
                    );
                    continue;
                };
                for op in std::iter::once(op).chain(also_of(&case)) {
                    let (status, _, body) = api(
                        &app.base,
                        &token,
                        op.method.clone(),
                        &op.path,
                        op.body.clone(),
                        &[],
                    )
                    .await;
                    checked += 1;
                    let allowed = !op.foreign && expected::allowed(op.function, role);
                    let answered = status.is_success()
                        || [
                            StatusCode::CONFLICT,
                            StatusCode::UNPROCESSABLE_ENTITY,
                            StatusCode::PRECONDITION_REQUIRED,
                        ]
                        .contains(&status);
                    let refused = status == StatusCode::FORBIDDEN;
                    if (allowed && !answered) || (!allowed && !refused) {
                        failures.push(format!(
                            "{role:?} {} {} {} own={own}: {status} {body}",
                            op.function, op.method, op.path
                        ));
                    }
                    if op.foreign
                        && (body.contains("mueller")
                            || body.contains("Wingtip")
                            || body.contains("twprecision"))
                    {
                        failures.push(format!("{role:?} {} {} leaked: {body}", op.method, op.path));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Every function but the session's own, three exports and the invitations.
    assert_eq!(
        checked,
        demo_users().len() * 2 * (expected::functions().len() - SESSION_ONLY.len() + 4)
    );
}

fn code(body: &str) -> String {
    let v: Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("JSON: {body}"));
    v["code"].as_str().unwrap_or_default().to_string()
}

/// R-API-01: an administrator creates a token with some of their roles (the
/// secret once, prefixed and checksummed, stored as a hash); never a role
/// they lack; its last use is listed; revoked or expired, it is refused on
/// the next call; a session cookie opens no API call and a token no page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_api_01_tokens_are_scoped_revocable_and_expire() {
    let app = spawn_app().await;
    let admin = signed_in(&app.base, "global@contoso-partner.example").await;
    let (status, body) = super::call(
        &admin,
        &app.base,
        "create_api_token",
        &Body::Form(vec![
            ("name", "CI".into()),
            ("roles[]", "sales_agent".into()),
            ("days", "30".into()),
        ]),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a role the creator lacks: {body}"
    );
    assert!(body.contains("api_token_role_not_held"), "{body}");
    let (status, body) = super::call(
        &admin,
        &app.base,
        "create_api_token",
        &Body::Form(vec![
            ("name", "CI".into()),
            ("roles[]", "global_administrator".into()),
            ("days", "30".into()),
        ]),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let secret: String = serde_json::from_str(&body).unwrap();
    assert!(
        TokenSecret::parse(&secret).is_ok() && secret.starts_with("bc_live_"),
        "{secret}"
    );
    let stored = scalar(
        &app.svc,
        &format!(
            "SELECT COUNT(*) FROM api_tokens WHERE secret_hash = '{}'",
            backend::tokens::hash_token(&secret)
        ),
    )
    .await;
    assert_eq!(stored, 1, "stored as its hash");
    let leaked = scalar(
        &app.svc,
        &format!("SELECT COUNT(*) FROM api_tokens WHERE shown = '{secret}' OR name = '{secret}'"),
    )
    .await;
    assert_eq!(leaked, 0);

    let (status, _, body) = api(&app.base, &secret, Method::GET, "/me", None, &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let me: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(me["roles"], json!(["global_administrator"]));
    let (_, _, listed) = api(&app.base, &secret, Method::GET, "/api-tokens", None, &[]).await;
    let listed: Value = serde_json::from_str(&listed).unwrap();
    let token = &listed["tokens"][0];
    assert_eq!(token["name"], "CI");
    assert!(
        token["last_used_at"].is_number(),
        "last use listed: {token}"
    );
    assert!(
        !listed.to_string().contains(&secret),
        "the list never holds the secret"
    );

    // A typo fails the checksum: refused before any lookup, as unknown tokens are.
    let typo = format!(
        "{}{}",
        &secret[..secret.len() - 1],
        if secret.ends_with('0') { '1' } else { '0' }
    );
    let (status, headers, body) = api(&app.base, &typo, Method::GET, "/me", None, &[]).await;
    assert_eq!(
        (status, code(&body).as_str()),
        (StatusCode::UNAUTHORIZED, "unauthenticated")
    );
    assert_eq!(headers["www-authenticate"], "Bearer realm=\"api\"");

    // A session cookie is not a credential here, a token is none for server functions.
    let (status, body) = {
        let res = admin
            .get(format!("{}/api/v1/me", app.base))
            .send()
            .await
            .unwrap();
        (res.status(), res.text().await.unwrap())
    };
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let res = reqwest::Client::new()
        .post(format!("{}/api/load_api_tokens", app.base))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // Revoked: the next call is refused.
    let token_id = token["id"].as_i64().unwrap();
    let (status, _, _) = api(
        &app.base,
        &secret,
        Method::DELETE,
        &format!("/api-tokens/{token_id}"),
        None,
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _, _) = api(&app.base, &secret, Method::GET, "/me", None, &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Expired: refused from its expiry on.
    let expired = token_for(&app.svc, "global@contoso-partner.example", -1).await;
    let (status, _, _) = api(&app.base, &expired, Method::GET, "/me", None, &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // A creator who lost a role takes it from their tokens.
    let sales = token_for(&app.svc, "sales@contoso-partner.example", DAY).await;
    sqlx::query("DELETE FROM user_roles WHERE user_id = (SELECT id FROM users WHERE email = 'sales@contoso-partner.example')")
        .execute(app.svc.db.pool())
        .await
        .unwrap();
    let (_, _, body) = api(&app.base, &sales, Method::GET, "/me", None, &[]).await;
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["roles"],
        json!([])
    );
}

/// R-API-01: past its rate (600 a minute by default) a token gets 429 with
/// `Retry-After`; another token is not held up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_api_01_a_token_past_its_rate_is_429_with_retry_after() {
    let app = spawn_app().await;
    let token = token_for(&app.svc, "sales@contoso-partner.example", DAY).await;
    let other = token_for(&app.svc, "global@contoso-partner.example", DAY).await;
    let mut limited = None;
    // A few more may pass as the bucket refills while the loop runs (10 a second).
    for i in 0..700 {
        let (status, headers, _) = api(&app.base, &token, Method::GET, "/me", None, &[]).await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            limited = Some((i, headers["retry-after"].to_str().unwrap().to_string()));
            break;
        }
    }
    let (at, retry_after) = limited.expect("limited within 700 requests");
    assert!(at >= 600, "not before the 601st: {at}");
    assert!(retry_after.parse::<u32>().unwrap() >= 1);
    let (status, _, _) = api(&app.base, &other, Method::GET, "/me", None, &[]).await;
    assert_eq!(status, StatusCode::OK);
}

async fn o365(app: &TestApp) -> i64 {
    scalar(
        &app.svc,
        "SELECT id FROM subscriptions WHERE offer_id = 'o365-e3'",
    )
    .await
}

async fn etag_of(app: &TestApp, token: &str, sub: i64) -> String {
    let (status, headers, body) = api(
        &app.base,
        token,
        Method::GET,
        &format!("/subscriptions/{sub}"),
        None,
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    headers["etag"].to_str().unwrap().to_string()
}

/// R-API-03: a strong ETag; `If-None-Match` → 304; a write without
/// `If-Match` → 428, with a stale one → 412, and two programs that read
/// one version: one wins, the other gets 412 and nothing is lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_api_03_etags_304_412_428_and_one_of_two_writers_wins() {
    let app = spawn_app().await;
    let token = token_for(&app.svc, "sales@contoso-partner.example", DAY).await;
    let sub = o365(&app).await;
    let etag = etag_of(&app, &token, sub).await;
    assert!(
        etag.starts_with('"') && !etag.starts_with("W/"),
        "strong: {etag}"
    );
    assert_eq!(
        etag,
        etag_of(&app, &token, sub).await,
        "unchanged, the same"
    );
    let (status, _, body) = api(
        &app.base,
        &token,
        Method::GET,
        &format!("/subscriptions/{sub}"),
        None,
        &[("if-none-match", &etag)],
    )
    .await;
    assert_eq!((status, body.as_str()), (StatusCode::NOT_MODIFIED, ""));

    let path = format!("/subscriptions/{sub}/status");
    let off = json!({ "action": "auto_renew_off" });
    let (status, _, body) = api(
        &app.base,
        &token,
        Method::POST,
        &path,
        Some(off.clone()),
        &[],
    )
    .await;
    assert_eq!(
        (status, code(&body).as_str()),
        (StatusCode::PRECONDITION_REQUIRED, "precondition_required")
    );
    let (status, _, body) = api(
        &app.base,
        &token,
        Method::POST,
        &path,
        Some(off.clone()),
        &[("if-match", "\"0-00\"")],
    )
    .await;
    assert_eq!(
        (status, code(&body).as_str()),
        (StatusCode::PRECONDITION_FAILED, "precondition_failed")
    );

    // Two programs read the same version and write at once.
    let if_match = [("if-match", etag.as_str())];
    let (a, b) = tokio::join!(
        api(
            &app.base,
            &token,
            Method::POST,
            &path,
            Some(off.clone()),
            &if_match
        ),
        api(
            &app.base,
            &token,
            Method::POST,
            &path,
            Some(json!({ "action": "suspend" })),
            &if_match
        ),
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::NO_CONTENT, StatusCode::PRECONDITION_FAILED],
        "{} / {}",
        a.2,
        b.2
    );
    let changes = scalar(
        &app.svc,
        &format!("SELECT COUNT(*) FROM audit_log WHERE entity_id = '{sub}' AND action IN ('subscription.auto_renew', 'subscription.suspend')"),
    )
    .await;
    assert_eq!(changes, 1, "one change, with its audit entry");
    let after = etag_of(&app, &token, sub).await;
    assert_ne!(after, etag, "the winner's change is a new version");
    let (status, _, body) = api(
        &app.base,
        &token,
        Method::GET,
        &format!("/subscriptions/{sub}"),
        None,
        &[("if-none-match", &etag)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// R-API-01, R-SUB-10 over the API: the previewed figure is the committed
/// one, to the cent, and is the ledger's; a commit with another figure is
/// refused with the actual one, and changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_api_01_preview_then_commit_of_a_seat_change_is_the_same_figure() {
    let app = spawn_app().await;
    let token = token_for(&app.svc, "sales@contoso-partner.example", DAY).await;
    let sub = o365(&app).await;
    let seats_sql = format!("SELECT CAST(SUM(seats) AS BIGINT) FROM seat_additions WHERE subscription_id = {sub} AND closed = 0");
    let seats = scalar(&app.svc, &seats_sql).await;
    let more = (seats + 3).to_string();
    let (status, _, body) = api(
        &app.base,
        &token,
        Method::POST,
        &format!("/subscriptions/{sub}/seat-changes:preview"),
        Some(json!({ "seats": more })),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let preview: Value = serde_json::from_str(&body).unwrap();
    let expected = preview["expected"].as_i64().unwrap();
    assert!(expected > 0, "three more seats are charged: {preview}");
    let etag = etag_of(&app, &token, sub).await;
    let last_line = scalar(&app.svc, "SELECT COALESCE(MAX(id), 0) FROM ledger").await;
    let commit =
        |expected: i64| json!({ "seats": more, "pin": preview["pin"], "expected": expected });
    let path = format!("/subscriptions/{sub}/seat-changes");
    let (status, _, body) = api(
        &app.base,
        &token,
        Method::POST,
        &path,
        Some(commit(expected + 1)),
        &[("if-match", &etag)],
    )
    .await;
    assert_eq!(
        (status, code(&body).as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "preview_changed"),
        "{body}"
    );
    assert_eq!(scalar(&app.svc, &seats_sql).await, seats, "nothing changed");
    let (status, _, body) = api(
        &app.base,
        &token,
        Method::POST,
        &path,
        Some(commit(expected)),
        &[("if-match", &etag)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let change: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(change, preview["change"], "the commit is the preview");
    assert_eq!(scalar(&app.svc, &seats_sql).await, seats + 3);
    let ledger = scalar(
        &app.svc,
        &format!("SELECT CAST(SUM(amount) AS BIGINT) FROM ledger WHERE subscription_id = {sub} AND id > {last_line}"),
    )
    .await;
    assert_eq!(ledger, expected, "the ledger has the previewed figure");
    // The pin was for the version before: a repeat loses to it (412).
    let (status, _, body) = api(
        &app.base,
        &token,
        Method::POST,
        &path,
        Some(commit(expected)),
        &[("if-match", &etag)],
    )
    .await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED, "{body}");
}

/// R-API-02: a repeat with the key and body gets the first answer with
/// `Idempotent-Replayed: true` and changes nothing; another body is 422;
/// while the first runs, 409; five at once make one effect.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_api_02_idempotency_replay_mismatch_and_in_flight() {
    let app = spawn_app().await;
    let token = token_for(&app.svc, "sales@contoso-partner.example", DAY).await;
    let customer = scalar(
        &app.svc,
        "SELECT org_id FROM agreements WHERE number = '1234567890'",
    )
    .await;
    let path = format!("/customers/{customer}/cart-lines");
    let line = |seats: &str| json!({ "offer_id": "m365-business-basic", "term": "P1M", "frequency": "monthly", "seats": seats });
    let lines = || scalar(&app.svc, "SELECT COUNT(*) FROM cart_lines");
    let before = lines().await;
    let key = [("idempotency-key", "k-1")];
    let (first, first_headers, first_body) = api(
        &app.base,
        &token,
        Method::POST,
        &path,
        Some(line("2")),
        &key,
    )
    .await;
    assert_eq!(first, StatusCode::CREATED, "{first_body}");
    assert!(first_headers.get("idempotent-replayed").is_none());
    let (again, headers, body) = api(
        &app.base,
        &token,
        Method::POST,
        &path,
        Some(line("2")),
        &key,
    )
    .await;
    assert_eq!((again, body.as_str()), (first, first_body.as_str()));
    assert_eq!(headers["idempotent-replayed"], "true");
    assert_eq!(lines().await, before + 1, "one line");
    let (status, _, body) = api(
        &app.base,
        &token,
        Method::POST,
        &path,
        Some(line("3")),
        &key,
    )
    .await;
    assert_eq!(
        (status, code(&body).as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused")
    );
    assert_eq!(lines().await, before + 1);

    // A first request still running (its record has no answer yet).
    let org = scalar(
        &app.svc,
        "SELECT org_id FROM users WHERE email = 'sales@contoso-partner.example'",
    )
    .await;
    let fingerprint: String = Sha256::digest(line("4").to_string().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    sqlx::query(
        "INSERT INTO api_idempotency (org_id, method, path, idem_key, fingerprint, created_at, started_at) VALUES ($1, 'POST', $2, 'k-running', $3, $4, $4)",
    )
    .bind(org)
    .bind(format!("/api/v1{path}"))
    .bind(&fingerprint)
    .bind(app.svc.clock.now().millis())
    .execute(app.svc.db.pool())
    .await
    .unwrap();
    let (status, headers, body) = api(
        &app.base,
        &token,
        Method::POST,
        &path,
        Some(line("4")),
        &[("idempotency-key", "k-running")],
    )
    .await;
    assert_eq!(
        (status, code(&body).as_str()),
        (StatusCode::CONFLICT, "idempotency_in_flight"),
        "{body}"
    );
    assert!(headers.contains_key("retry-after"));

    // Five at once with one key: one line; each answer is the first or a 409.
    let before = lines().await;
    let calls = (0..5).map(|_| {
        api(
            &app.base,
            &token,
            Method::POST,
            &path,
            Some(line("5")),
            &[("idempotency-key", "k-5")],
        )
    });
    let answers = futures_util::future::join_all(calls).await;
    assert_eq!(
        lines().await,
        before + 1,
        "{:?}",
        answers.iter().map(|a| a.0).collect::<Vec<_>>()
    );
    let bodies: BTreeSet<&str> = answers
        .iter()
        .filter(|a| a.0 == StatusCode::CREATED)
        .map(|a| a.2.as_str())
        .collect();
    assert_eq!(bodies.len(), 1, "every success names the one line");
    assert!(answers
        .iter()
        .all(|a| a.0 == StatusCode::CREATED || a.0 == StatusCode::CONFLICT));

    // A key is 1 to 255 visible characters.
    let (status, _, body) = api(
        &app.base,
        &token,
        Method::POST,
        &path,
        Some(line("2")),
        &[("idempotency-key", &"k".repeat(256))],
    )
    .await;
    assert_eq!(
        (status, code(&body).as_str()),
        (StatusCode::BAD_REQUEST, "idempotency_key_invalid")
    );
}

/// R-API-04: one error shape, the UI's codes, the message in
/// `Accept-Language`, else in the token's user's language.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_api_04_errors_are_one_json_shape_in_the_callers_language() {
    let app = spawn_app().await;
    let token = token_for(&app.svc, "sales@contoso-partner.example", DAY).await;
    let sub = {
        let app = &app;
        o365(app).await
    };
    let path = format!("/subscriptions/{sub}/seat-changes:preview");
    let (status, _, body) = api(
        &app.base,
        &token,
        Method::POST,
        &path,
        Some(json!({ "seats": "0" })),
        &[("accept-language", "zh-TW")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let error: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(error["field"], "seats");
    assert_eq!(error["code"], "seats_zero");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{error}"
    );
    assert!(
        error["params"].is_object() && error["errors"].is_array(),
        "{error}"
    );
    let (_, _, body) = api(
        &app.base,
        &token,
        Method::POST,
        &path,
        Some(json!({ "seats": "0" })),
        &[("accept-language", "en")],
    )
    .await;
    let english: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(english["code"], "seats_zero");
    assert_ne!(english["message"], error["message"]);
    let (status, _, body) = api(&app.base, &token, Method::POST, &path, None, &[]).await;
    assert_eq!(
        (status, code(&body).as_str()),
        (StatusCode::BAD_REQUEST, "body_invalid")
    );
    let (status, _, body) = api(&app.base, &token, Method::GET, "/no-such-thing", None, &[]).await;
    assert_eq!(
        (status, code(&body).as_str()),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let (status, _, body) = api(
        &app.base,
        &token,
        Method::GET,
        "/customers/1/subscriptions?limit=0",
        None,
        &[],
    )
    .await;
    assert_eq!(
        (status, code(&body).as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "limit_invalid")
    );
}

/// R-API-01: the OpenAPI 3.1 document: every documented operation answers
/// (no 404 or 405 of the router), every operation lists error codes that
/// exist, and the reference page shows each one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_api_01_the_openapi_document_describes_every_operation() {
    use domain::ErrorCode;
    let app = spawn_app().await;
    let token = token_for(&app.svc, "global@contoso-partner.example", DAY).await;
    let res = reqwest::get(format!("{}/api/v1/openapi.json", app.base))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let doc: Value = res.json().await.unwrap();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    let known: BTreeSet<&str> = domain::error::all_codes()
        .chain(backend::Code::CODES.iter().copied())
        .chain(app::error::Code::CODES.iter().copied())
        .collect();
    let reference = reqwest::get(format!("{}/api/v1", app.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let paths = doc["paths"].as_object().unwrap();
    let mut operations = 0;
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            let codes = op["x-error-codes"]
                .as_array()
                .unwrap_or_else(|| panic!("{method} {path} lists codes"));
            for c in codes {
                assert!(
                    known.contains(c.as_str().unwrap()),
                    "{method} {path}: {c} is no code"
                );
            }
            let concrete = path.replace("{id}", "1");
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let body = (method != Method::GET && method != Method::DELETE).then(|| json!({}));
            let (status, _, body) =
                api(&app.base, &token, method.clone(), &concrete, body, &[]).await;
            assert!(
                status != StatusCode::METHOD_NOT_ALLOWED
                    && !(status == StatusCode::NOT_FOUND
                        && code(&body) == "not_found"
                        && !path.contains("{id}")),
                "{method} {path} is routed: {status} {body}"
            );
            assert!(
                reference.contains(&format!("<code>{path}</code>").replace('&', "&amp;")),
                "the reference shows {path}"
            );
        }
    }
    assert!(operations >= 25, "{operations} operations");
    // Only the document and its page are routed outside the documented handlers.
    let sources =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src/api/resources")).unwrap();
    for file in sources {
        let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
        assert!(
            !text.contains(".route("),
            "a resource routed without `routes!` is undocumented"
        );
    }
}

/// R-API-02 across processes: two server processes on one PostgreSQL
/// database get one key at once; one effect, and each answer is the
/// first's or 409.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn r_api_02_two_processes_on_one_postgres_replay_one_key() {
    let Ok(base) = std::env::var("BC_TEST_POSTGRES_URL") else {
        eprintln!("BC_TEST_POSTGRES_URL is not set: skipped (CI sets it)");
        return;
    };
    let url = super::postgres_schema(&base).await;
    let first = super::spawn_on(&url).await;
    let second = super::spawn_on(&url).await;
    let token = token_for(&first.svc, "sales@contoso-partner.example", DAY).await;
    let customer = scalar(
        &first.svc,
        "SELECT org_id FROM agreements WHERE number = '1234567890'",
    )
    .await;
    let path = format!("/customers/{customer}/cart-lines");
    let body = json!({ "offer_id": "m365-business-basic", "term": "P1M", "frequency": "monthly", "seats": "7" });
    let before = scalar(&first.svc, "SELECT COUNT(*) FROM cart_lines").await;
    let key = [("idempotency-key", "two-processes")];
    let calls = (0..6).map(|i| {
        let base = if i % 2 == 0 {
            first.base.clone()
        } else {
            second.base.clone()
        };
        let (token, path, body) = (token.clone(), path.clone(), body.clone());
        async move { api(&base, &token, Method::POST, &path, Some(body), &key).await }
    });
    let answers = futures_util::future::join_all(calls).await;
    assert_eq!(
        scalar(&first.svc, "SELECT COUNT(*) FROM cart_lines").await,
        before + 1,
        "one effect"
    );
    assert!(answers
        .iter()
        .all(|a| a.0 == StatusCode::CREATED || a.0 == StatusCode::CONFLICT));
    let (status, headers, _) =
        api(&second.base, &token, Method::POST, &path, Some(body), &key).await;
    assert_eq!(
        (status, headers["idempotent-replayed"].to_str().unwrap()),
        (StatusCode::CREATED, "true")
    );
}
