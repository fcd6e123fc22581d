//! HTTP tests of the real router on port 0: the authorization matrix (every
//! server function × every role × own / another organization), cross-origin
//! refusal, security headers, health check.

use std::collections::HashMap;
use std::net::SocketAddr;

use backend::{Clock, Config, Db, Services};
use domain::{permissions_for, OrgKind, Permission, PermissionSet, Role};
use leptos::prelude::LeptosOptions;
use reqwest::StatusCode;
use serde_json::{json, Value};

#[path = "http/operations.rs"]
mod operations;

struct TestApp {
    base: String,
    svc: Services,
}

async fn spawn_app() -> TestApp {
    spawn_app_with(server::MetricsAccess::LocalOnly).await
}

/// The app as the binary serves it, `/metrics` open to `access`.
async fn spawn_app_with(access: server::MetricsAccess) -> TestApp {
    let dir = std::env::temp_dir().join("bc-server-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    // The counter keeps parallel tests apart where the clock is coarse.
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = dir.join(format!("{}-{nanos}-{n}.db", std::process::id()));
    let db = Db::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    db.migrate().await.unwrap();
    let svc = Services::new(
        db,
        Clock::system(),
        Config {
            public_url: "http://bc.test".into(),
            demo_mode: true,
        },
    );
    backend::seed::load_demo(&svc).await.unwrap();
    let options = LeptosOptions::builder()
        .output_name("business-center")
        .build();
    let app = server::app(svc.clone(), options, server::Operations::new(access));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    TestApp {
        base: format!("http://{addr}"),
        svc,
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn scalar(svc: &Services, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(svc.db.pool())
        .await
        .unwrap()
}

/// How a server function is called in the matrix.
enum Body {
    Form(Vec<(&'static str, String)>),
    Json(Value),
}

async fn call(
    client: &reqwest::Client,
    base: &str,
    name: &str,
    body: &Body,
) -> (StatusCode, String) {
    let url = format!("{base}/api/{name}");
    let response = match body {
        Body::Form(fields) => client.post(url).form(fields).send().await.unwrap(),
        Body::Json(value) => client.post(url).json(value).send().await.unwrap(),
    };
    (response.status(), response.text().await.unwrap())
}

async fn signed_in(base: &str, email: &str) -> reqwest::Client {
    let c = client();
    let (status, body) = call(
        &c,
        base,
        "login",
        &Body::Form(vec![
            ("email", email.into()),
            ("password", backend::seed::DEMO_PASSWORD.into()),
        ]),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{email} signs in: {body}");
    c
}

/// Ids the matrix points at: the actor's own organization and another one.
struct Targets {
    own_user: i64,
    /// Another user of the actor's organization and their roles (R-ORG-08:
    /// nobody changes their own roles); the provider has no other user, so
    /// there the actor.
    colleague: i64,
    colleague_roles: Vec<String>,
    other_user: i64,
    own_account: i64,
    other_account: i64,
    own_relationship: i64,
    other_relationship: i64,
    related_customer: i64,
    unrelated_customer: i64,
    /// A subscription of the related customer (billed by Contoso) and one of Wingtip's.
    own_subscription: i64,
    other_subscription: i64,
    /// Benefits (SPEC §2): the Taiwan HQ E-Learning benefit and its user;
    /// another customer's Home Use Program benefit and its user.
    tw_benefit: i64,
    de_benefit: i64,
    tw_benefit_user: i64,
    de_benefit_user: i64,
    /// Fabrikam's approved benefit permission for Wingtip.
    au_delegation: i64,
    /// R-SAB-11: the Taiwan HQ and German Training Vouchers benefits, and
    /// the German demo voucher.
    tw_training: i64,
    de_training: i64,
    de_voucher: i64,
    /// An email of the outbox that is not a dead letter.
    outbox_message: i64,
}

async fn id(svc: &Services, sql: &str) -> i64 {
    scalar(svc, sql).await
}

async fn targets(svc: &Services, email: &str, kind: OrgKind) -> Targets {
    let own_user = id(
        svc,
        &format!("SELECT id FROM users WHERE email = '{email}'"),
    )
    .await;
    let other_user = id(
        svc,
        "SELECT id FROM users WHERE email = 'anna@mueller.example'",
    )
    .await;
    let colleague = match kind {
        OrgKind::Customer => {
            id(
                svc,
                "SELECT id FROM users WHERE email = 'reports@twprecision.example'",
            )
            .await
        }
        OrgKind::Partner => {
            id(
                svc,
                "SELECT id FROM users WHERE email = 'helpdesk@contoso-partner.example'",
            )
            .await
        }
        OrgKind::Provider => own_user,
    };
    let colleague_roles = sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = $1")
        .bind(colleague)
        .fetch_all(svc.db.pool())
        .await
        .unwrap();
    let tw_account = id(
        svc,
        "SELECT pa.id FROM purchasing_accounts pa WHERE pa.number = '100200300'",
    )
    .await;
    let de_account = id(
        svc,
        "SELECT pa.id FROM purchasing_accounts pa WHERE pa.number = '300400500'",
    )
    .await;
    // The TW customer's accepted relationship (with Contoso) and Wingtip's (with Fabrikam).
    let tw_rel = id(svc, "SELECT r.id FROM relationships r JOIN agreements a ON a.org_id = r.customer_org_id WHERE a.number = '1234567890'").await;
    let au_rel = id(svc, "SELECT r.id FROM relationships r JOIN agreements a ON a.org_id = r.customer_org_id WHERE a.number = '2345678901'").await;
    let tw_org = id(
        svc,
        "SELECT org_id FROM agreements WHERE number = '1234567890'",
    )
    .await;
    let au_org = id(
        svc,
        "SELECT org_id FROM agreements WHERE number = '2345678901'",
    )
    .await;
    let (own_other_user, own_account, other_account) = match kind {
        OrgKind::Customer => (other_user, tw_account, de_account),
        _ => (other_user, de_account, tw_account),
    };
    let benefit = |number: &str, kind: &str| {
        format!("SELECT b.id FROM benefits b JOIN purchasing_accounts pa ON pa.id = b.purchasing_account_id WHERE pa.number = '{number}' AND b.kind = '{kind}'")
    };
    let tw_benefit = id(svc, &benefit("100200300", "e_learning")).await;
    let de_benefit = id(svc, &benefit("300400500", "home_use_program")).await;
    let benefit_user =
        |b: i64| format!("SELECT id FROM benefit_users WHERE benefit_id = {b} ORDER BY id LIMIT 1");
    let tw_benefit_user = id(svc, &benefit_user(tw_benefit)).await;
    let de_benefit_user = id(svc, &benefit_user(de_benefit)).await;
    let au_delegation = id(
        svc,
        "SELECT id FROM benefit_delegations WHERE status = 'approved'",
    )
    .await;
    let tw_training = id(svc, &benefit("100200300", "training_vouchers")).await;
    let de_training = id(svc, &benefit("300400500", "training_vouchers")).await;
    let de_voucher = id(
        svc,
        &format!("SELECT id FROM training_voucher_assignments WHERE benefit_id = {de_training} ORDER BY id LIMIT 1"),
    )
    .await;
    Targets {
        outbox_message: id(svc, "SELECT MIN(id) FROM outbox").await,
        colleague,
        colleague_roles,
        tw_training,
        de_training,
        de_voucher,
        au_delegation,
        tw_benefit,
        de_benefit,
        tw_benefit_user,
        de_benefit_user,
        own_user,
        other_user: own_other_user,
        own_account,
        other_account,
        own_relationship: tw_rel,
        other_relationship: au_rel,
        related_customer: tw_org,
        unrelated_customer: au_org,
        own_subscription: id(
            svc,
            "SELECT id FROM subscriptions WHERE offer_id = 'o365-e3'",
        )
        .await,
        other_subscription: id(
            svc,
            "SELECT id FROM subscriptions WHERE offer_id = 'm365-business-standard'",
        )
        .await,
    }
}

/// One server function call in the matrix: its body for own / other
/// targets and whether this role (in this kind of organization) may call it.
struct Case {
    name: &'static str,
    body: Body,
    allowed: bool,
    /// For "another organization" calls: the foreign data that must not leak.
    foreign: bool,
}

fn cases(roles: &[Role], kind: OrgKind, t: &Targets, own: bool, n: usize) -> Vec<Case> {
    let p = permissions_for(roles);
    let is = |k: OrgKind| kind == k;
    let pick = |own_id: i64, other_id: i64| if own { own_id } else { other_id };
    let grantable = Role::roles_for(kind)
        .into_iter()
        .find(|r| domain::can_grant(roles, *r))
        .unwrap_or(Role::ReportViewer);
    let own_roles: Vec<&str> = roles.iter().map(|r| r.code()).collect();
    // Subscriptions: the customer's own users, or its partner (R-ORG-12).
    let sees_subscriptions = own
        && ((is(OrgKind::Customer)
            && (p.has(Permission::ViewLicenses) || p.has(Permission::ViewOrders)))
            || (is(OrgKind::Partner) && p.has(Permission::ViewCustomers)));
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis()
        .to_string();
    let sells = own
        && is(OrgKind::Partner)
        && p.has(Permission::ViewCustomers)
        && p.has(Permission::ManageSubscriptions);
    let customer = pick(t.related_customer, t.unrelated_customer).to_string();
    let subscription = pick(t.own_subscription, t.other_subscription).to_string();
    let subscription_cases = vec![
        Case {
            name: "list_subscriptions",
            body: Body::Form(vec![("customer_id", customer.clone())]),
            allowed: sees_subscriptions,
            foreign: !own,
        },
        Case {
            name: "get_subscription",
            body: Body::Form(vec![("id", subscription.clone())]),
            allowed: sees_subscriptions,
            foreign: !own,
        },
        Case {
            name: "list_orders",
            body: Body::Form(vec![("customer_id", customer.clone())]),
            allowed: sees_subscriptions,
            foreign: !own,
        },
        Case {
            name: "list_invoices",
            body: Body::Form(vec![("customer_id", customer.clone())]),
            allowed: sees_subscriptions
                && if is(OrgKind::Customer) {
                    p.has(Permission::ViewReports) || p.has(Permission::ViewOrders)
                } else {
                    p.has(Permission::ManageSubscriptions) || p.has(Permission::ViewBilling)
                },
            foreign: !own,
        },
        Case {
            name: "load_catalog",
            body: Body::Json(
                json!({ "customer_id": customer.parse::<i64>().unwrap(), "filter": {} }),
            ),
            allowed: sells,
            foreign: !own,
        },
        // The forms' own encodings. Each passes the checks made before
        // authorization (a fresh pin, an acknowledgement) and is refused
        // once authorized (an amount no change has, no attestation, zero
        // seats): nothing changes.
        Case {
            name: "change_seats",
            body: Body::Form(vec![
                ("form[subscription_id]", subscription.clone()),
                ("form[seats]", "1".into()),
                ("form[pinned_at]", now.clone()),
                ("form[expected]", i64::MIN.to_string()),
            ]),
            allowed: sells,
            foreign: !own,
        },
        Case {
            name: "cancel_subscription",
            body: Body::Form(vec![
                ("form[subscription_id]", subscription.clone()),
                ("form[pinned_at]", now),
                ("form[expected_refund]", "-1".into()),
                ("form[acknowledged]", "true".into()),
            ]),
            allowed: sells,
            foreign: !own,
        },
        Case {
            name: "add_to_cart",
            body: Body::Form(vec![
                ("form[customer_id]", customer.clone()),
                ("form[offer_id]", "m365-business-basic".into()),
                ("form[term]", "P1M".into()),
                ("form[frequency]", "monthly".into()),
                ("form[seats]", "0".into()),
            ]),
            allowed: sells,
            foreign: !own,
        },
        Case {
            name: "submit_order",
            body: Body::Form(vec![
                ("form[customer_id]", customer.clone()),
                ("form[idempotency_key]", format!("matrix-{n}")),
                ("form[reseller]", String::new()),
            ]),
            allowed: sells,
            foreign: !own,
        },
        Case {
            name: "set_subscription_status",
            body: Body::Form(vec![
                ("id", subscription),
                ("action", "auto_renew_on".into()),
            ]),
            allowed: sells,
            foreign: !own,
        },
        Case {
            // 0 days is invalid (422) once authorized: the clock never moves here.
            name: "advance_test_clock",
            body: Body::Form(vec![("days", "0".into())]),
            allowed: is(OrgKind::Provider) && p.has(Permission::AdvanceTestClock),
            foreign: false,
        },
    ];
    let mut all = vec![
        Case {
            name: "list_agreements",
            body: Body::Form(vec![]),
            allowed: is(OrgKind::Customer) && p.has(Permission::ViewAgreements),
            foreign: false,
        },
        Case {
            name: "list_users",
            body: Body::Form(vec![]),
            allowed: p.has(Permission::ManageUsers) || p.has(Permission::InviteUsers),
            foreign: false,
        },
        Case {
            name: "invite_users",
            // As the invite form sends it.
            body: Body::Form(vec![
                ("rows[0][email]", format!("matrix{n}@invitee.example")),
                ("rows[0][name]", "Matrix".into()),
                ("rows[0][language]", "en".into()),
                ("rows[0][country]", "TW".into()),
                ("rows[0][roles][]", grantable.code().into()),
            ]),
            allowed: p.has(Permission::InviteUsers),
            foreign: false,
        },
        Case {
            // Own: a colleague's roles saved unchanged, so later rows keep theirs.
            name: "set_user_roles",
            body: Body::Form(if own {
                std::iter::once(("user_id", t.colleague.to_string()))
                    .chain(t.colleague_roles.iter().map(|r| ("roles[]", r.clone())))
                    .collect()
            } else {
                std::iter::once(("user_id", t.other_user.to_string()))
                    .chain(own_roles.iter().map(|r| ("roles[]", r.to_string())))
                    .collect()
            }),
            allowed: own && p.has(Permission::ManageUsers),
            foreign: !own,
        },
        Case {
            name: "remove_user",
            body: Body::Form(vec![(
                "user_id",
                pick(t.own_user, t.other_user).to_string(),
            )]),
            allowed: own && p.has(Permission::ManageUsers),
            foreign: !own,
        },
        Case {
            name: "list_domains",
            body: Body::Form(vec![(
                "account_id",
                pick(t.own_account, t.other_account).to_string(),
            )]),
            allowed: own
                && is(OrgKind::Customer)
                && (p.has(Permission::ViewAgreements) || p.has(Permission::ManageDomains)),
            foreign: !own,
        },
        Case {
            name: "add_domain",
            body: Body::Form(vec![
                (
                    "account_id",
                    pick(t.own_account, t.other_account).to_string(),
                ),
                ("domain", format!("matrix{n}.example")),
            ]),
            allowed: own && is(OrgKind::Customer) && p.has(Permission::ManageDomains),
            foreign: !own,
        },
        Case {
            name: "list_relationships",
            body: Body::Form(vec![]),
            allowed: (is(OrgKind::Customer) && p.has(Permission::ViewAgreements))
                || (is(OrgKind::Partner) && p.has(Permission::ViewCustomers)),
            foreign: false,
        },
        Case {
            name: "request_relationship",
            body: Body::Form(vec![
                ("agreement_number", "3456789012".into()),
                ("admin_email", "anna@mueller.example".into()),
            ]),
            allowed: is(OrgKind::Partner) && p.has(Permission::RequestRelationship),
            foreign: false,
        },
        Case {
            // An accepted relationship cannot be accepted again: 409 once authorized.
            name: "decide_relationship",
            body: Body::Form(vec![
                (
                    "id",
                    pick(t.own_relationship, t.other_relationship).to_string(),
                ),
                ("decision", "Accepted".into()),
            ]),
            allowed: own && is(OrgKind::Customer) && p.has(Permission::ManageRelationships),
            foreign: !own,
        },
        Case {
            name: "partner_customer",
            body: Body::Form(vec![(
                "customer_id",
                pick(t.related_customer, t.unrelated_customer).to_string(),
            )]),
            allowed: own && is(OrgKind::Partner) && p.has(Permission::ViewCustomers),
            foreign: !own,
        },
        Case {
            name: "list_organizations",
            body: Body::Form(vec![]),
            allowed: p.has(Permission::ManagePlatform),
            foreign: false,
        },
        Case {
            name: "create_agreement",
            body: Body::Form(vec![
                ("form[org_name]", format!("Matrix {n}")),
                ("form[country]", "TW".into()),
                (
                    "form[agreement_number]",
                    format!("{:010}", 9_000_000_000u64 + n as u64),
                ),
                ("form[purchasing_account_number]", "123456".into()),
                ("form[purchasing_account_name]", "Matrix".into()),
                ("form[admin_email]", format!("pa{n}@matrix.example")),
                ("form[admin_name]", "Matrix".into()),
                ("form[admin_language]", "en".into()),
            ]),
            allowed: p.has(Permission::ManagePlatform),
            foreign: false,
        },
        Case {
            name: "audit_log",
            body: Body::Form(vec![]),
            allowed: p.has(Permission::ViewAuditLog),
            foreign: false,
        },
        Case {
            name: "operations_overview",
            body: Body::Form(vec![]),
            allowed: is(OrgKind::Provider) && p.has(Permission::ManagePlatform),
            foreign: false,
        },
        Case {
            // Not a dead letter: 409 once authorized, and nothing changes.
            name: "retry_dead_letter",
            body: Body::Form(vec![("id", t.outbox_message.to_string())]),
            allowed: is(OrgKind::Provider) && p.has(Permission::ManagePlatform),
            foreign: false,
        },
    ];
    all.extend(subscription_cases);
    all.extend(benefit_cases(p, kind, t, own, n));
    all
}

/// R-SAB-01…11: the benefits server functions. A customer's own data needs
/// the permission; a partner has no approved permission in the demo data
/// (only a pending request, made here), so every partner call but the
/// request itself and its status is refused.
fn benefit_cases(p: PermissionSet, kind: OrgKind, t: &Targets, own: bool, n: usize) -> Vec<Case> {
    let customer = kind == OrgKind::Customer;
    let pick = |own_id: i64, other_id: i64| if own { own_id } else { other_id };
    let view =
        own && customer && (p.has(Permission::ViewLicenses) || p.has(Permission::ManageBenefits));
    let manage = own && customer && p.has(Permission::ManageBenefits);
    let partner = own && kind == OrgKind::Partner && p.has(Permission::ManageCustomerBenefits);
    let account = if customer {
        pick(t.own_account, t.other_account)
    } else {
        t.own_account
    };
    let benefit = if customer {
        pick(t.tw_benefit, t.de_benefit)
    } else {
        t.tw_benefit
    };
    let benefit_user = if customer {
        pick(t.tw_benefit_user, t.de_benefit_user)
    } else {
        t.tw_benefit_user
    };
    let customer_id = (!customer).then(|| pick(t.related_customer, t.unrelated_customer));
    let days = |name: &'static str| Case {
        name,
        body: Body::Form(vec![
            ("account_id", account.to_string()),
            ("days", "1".into()),
        ]),
        allowed: manage,
        foreign: !own,
    };
    vec![
        Case {
            name: "benefit_inventory",
            body: Body::Json(json!({ "customer_id": customer_id, "account_id": account })),
            allowed: view,
            foreign: !own,
        },
        Case {
            name: "benefit_detail",
            body: Body::Form(vec![("benefit_id", benefit.to_string())]),
            allowed: view,
            foreign: !own,
        },
        Case {
            name: "add_benefit_user",
            body: Body::Form(vec![
                ("benefit_id", benefit.to_string()),
                ("email", format!("matrix{n}@twprecision.example")),
                ("name", "Matrix".into()),
                ("language", "en".into()),
            ]),
            allowed: manage,
            foreign: !own,
        },
        Case {
            name: "resend_benefit_instructions",
            body: Body::Form(vec![("user_id", benefit_user.to_string())]),
            allowed: manage,
            foreign: !own,
        },
        Case {
            name: "edit_benefit_user",
            body: Body::Form(vec![
                ("user_id", benefit_user.to_string()),
                ("email", format!("edited{n}@twprecision.example")),
                ("name", "Matrix Edited".into()),
                ("language", "zh-TW".into()),
            ]),
            allowed: manage,
            foreign: !own,
        },
        days("convert_benefit"),
        // Runs after the conversion above, so one planning day can go back.
        days("reverse_benefit"),
        Case {
            name: "assign_training_voucher",
            body: Body::Form(vec![
                (
                    "benefit_id",
                    if customer {
                        pick(t.tw_training, t.de_training)
                    } else {
                        t.tw_training
                    }
                    .to_string(),
                ),
                ("email", format!("voucher{n}@twprecision.example")),
                ("name", "Matrix".into()),
                ("language", "en".into()),
                ("days", "1".into()),
            ]),
            allowed: manage,
            foreign: !own,
        },
        Case {
            // Only a foreign voucher, like remove_benefit_user.
            name: "revoke_training_voucher",
            body: Body::Form(vec![("voucher_id", t.de_voucher.to_string())]),
            allowed: false,
            foreign: true,
        },
        Case {
            // Only a foreign user: removing the own one would change later rows.
            name: "remove_benefit_user",
            body: Body::Form(vec![("user_id", t.de_benefit_user.to_string())]),
            allowed: false,
            foreign: true,
        },
        Case {
            name: "list_benefit_permissions",
            body: Body::Form(vec![]),
            allowed: customer && p.has(Permission::ManageRelationships),
            foreign: false,
        },
        Case {
            // The other partner's (Fabrikam's) approved permission for Wingtip.
            name: "decide_benefit_permission",
            body: Body::Form(vec![
                ("id", t.au_delegation.to_string()),
                ("decision", "remove".into()),
            ]),
            allowed: false,
            foreign: true,
        },
        Case {
            name: "request_benefit_permission",
            body: Body::Form(vec![(
                "customer_id",
                pick(t.related_customer, t.unrelated_customer).to_string(),
            )]),
            allowed: partner,
            foreign: !own,
        },
        Case {
            name: "partner_benefit_permission",
            body: Body::Form(vec![(
                "customer_id",
                pick(t.related_customer, t.unrelated_customer).to_string(),
            )]),
            allowed: partner,
            foreign: !own,
        },
    ]
}

fn demo_users() -> Vec<(&'static str, Role, OrgKind)> {
    backend::seed::TAIWAN_USERS
        .iter()
        .map(|u| (u.email, u.role, OrgKind::Customer))
        .chain(
            backend::seed::CONTOSO_USERS
                .iter()
                .map(|u| (u.email, u.role, OrgKind::Partner)),
        )
        .chain(
            backend::seed::PROVIDER_USERS
                .iter()
                .map(|u| (u.email, u.role, OrgKind::Provider)),
        )
        .collect()
}

/// R-ORG-07, R-ORG-11, R-ORG-12: every server function (subscriptions too) × every role × own /
/// another organization → answered (2xx, or 409/422 for its input) or 403, enforced on the
/// server.
#[tokio::test]
async fn r_org_07_r_org_11_authorization_matrix() {
    let app = spawn_app().await;
    let mut n = 0;
    let mut failures = Vec::new();
    let mut checked = 0;
    for (email, role, kind) in demo_users() {
        let c = signed_in(&app.base, email).await;
        for own in [true, false] {
            let t = targets(&app.svc, email, kind).await;
            for case in cases(&[role], kind, &t, own, n) {
                n += 1;
                let (status, body) = call(&c, &app.base, case.name, &case.body).await;
                checked += 1;
                let refused = status == StatusCode::FORBIDDEN;
                // An allowed call is answered, or refused for its input or
                // the current state; never "not found" or undecodable.
                let answered = status.is_success()
                    || status == StatusCode::CONFLICT
                    || status == StatusCode::UNPROCESSABLE_ENTITY;
                if (case.allowed && !answered) || (!case.allowed && !refused) {
                    failures.push(format!("{role:?} {} own={own}: {status} {body}", case.name));
                }
                if case.foreign
                    && (body.contains("mueller")
                        || body.contains("Wingtip")
                        || body.contains("twprecision"))
                {
                    failures.push(format!(
                        "{role:?} {} leaked foreign data: {body}",
                        case.name
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} calls wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked >= 16 * 2 * (23 + 11));
}

/// Without a session every server function but the public ones answers 401.
#[tokio::test]
async fn signed_out_calls_are_refused() {
    let app = spawn_app().await;
    let c = client();
    let t = targets(&app.svc, "admin@twprecision.example", OrgKind::Customer).await;
    for case in cases(
        &[Role::AccountAdministrator],
        OrgKind::Customer,
        &t,
        true,
        0,
    ) {
        let (status, _) = call(&c, &app.base, case.name, &case.body).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{}", case.name);
    }
    for public in ["session", "mailbox"] {
        let (status, _) = call(&c, &app.base, public, &Body::Form(vec![])).await;
        assert_eq!(status, StatusCode::OK, "{public}");
    }
}

/// Cross-site POSTs are refused before any server function runs.
#[tokio::test]
async fn cross_origin_posts_are_refused() {
    let app = spawn_app().await;
    let c = signed_in(&app.base, "admin@twprecision.example").await;
    let account = scalar(
        &app.svc,
        "SELECT id FROM purchasing_accounts WHERE number = '100200300'",
    )
    .await;
    let before = scalar(&app.svc, "SELECT COUNT(*) FROM domains").await;
    for (header, value) in [
        ("origin", "http://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let status = c
            .post(format!("{}/api/add_domain", app.base))
            .header(header, value)
            .form(&[
                ("account_id", account.to_string()),
                ("domain", "csrf.example".into()),
            ])
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, StatusCode::FORBIDDEN, "{header}: {value}");
    }
    assert_eq!(
        scalar(&app.svc, "SELECT COUNT(*) FROM domains").await,
        before
    );
    let same_origin = c
        .post(format!("{}/api/add_domain", app.base))
        .header("origin", app.base.clone())
        .form(&[
            ("account_id", account.to_string()),
            ("domain", "ok.example".into()),
        ])
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(same_origin, StatusCode::OK);
}

/// Sessions are HttpOnly, SameSite=Lax cookies; sign-out ends them.
#[tokio::test]
async fn session_cookie_is_http_only_and_sign_out_ends_it() {
    let app = spawn_app().await;
    let c = client();
    let response = c
        .post(format!("{}/api/login", app.base))
        .form(&[
            ("email", "admin@twprecision.example"),
            ("password", backend::seed::DEMO_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    let cookie = response
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("bc_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert_eq!(
        call(&c, &app.base, "list_agreements", &Body::Form(vec![]))
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        call(&c, &app.base, "logout", &Body::Form(vec![])).await.0,
        StatusCode::OK
    );
    assert_eq!(
        call(&c, &app.base, "list_agreements", &Body::Form(vec![]))
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
}

/// Validation errors come back as 422 with the field and its stable code.
#[tokio::test]
async fn invalid_input_is_422_with_field_codes() {
    let app = spawn_app().await;
    let (status, body) = call(
        &client(),
        &app.base,
        "resend_invitation",
        &Body::Form(vec![
            ("email", "x".into()),
            ("agreement_number", "1".into()),
            ("purchasing_account_number", "2".into()),
        ]),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let codes = field_codes(&body);
    assert_eq!(codes["email"], "email_invalid");
    assert_eq!(codes["agreement_number"], "agreement_number_invalid");
}

/// Each field of a 422 answer and its code.
fn field_codes(body: &str) -> HashMap<String, String> {
    let value: Value = serde_json::from_str(body).unwrap();
    value["Invalid"]
        .as_array()
        .unwrap_or_else(|| panic!("not a validation error: {body}"))
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_string(),
                e["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// R-ORG-08 over the edit-roles form's encoding: a User Administrator may
/// change a Report Viewer's roles but not their own (422, stable code).
#[tokio::test]
async fn r_org_08_set_user_roles_refuses_own_roles() {
    let app = spawn_app().await;
    let c = signed_in(&app.base, "useradmin@twprecision.example").await;
    let user = |email: &str| format!("SELECT id FROM users WHERE email = '{email}'");
    let me = id(&app.svc, &user("useradmin@twprecision.example")).await;
    let (status, body) = call(
        &c,
        &app.base,
        "set_user_roles",
        &Body::Form(vec![
            ("user_id", me.to_string()),
            ("roles[]", "user_administrator".into()),
            ("roles[]", "report_viewer".into()),
        ]),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(field_codes(&body)["roles"], "cannot_change_own_roles");

    let reports = id(&app.svc, &user("reports@twprecision.example")).await;
    let (status, body) = call(
        &c,
        &app.base,
        "set_user_roles",
        &Body::Form(vec![
            ("user_id", reports.to_string()),
            ("roles[]", "account_viewer".into()),
        ]),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        scalar(
            &app.svc,
            &format!(
                "SELECT COUNT(*) FROM user_roles WHERE user_id = {reports} AND role = 'account_viewer'"
            )
        )
        .await,
        1
    );
}

#[tokio::test]
async fn health_check_and_security_headers() {
    let app = spawn_app().await;
    let response = client()
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let page = client()
        .get(format!("{}/login", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let headers = page.headers().clone();
    assert!(headers["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'none'"));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Sign in to Business Center"),
        "server-rendered page"
    );
}

/// R-AUD-01: administrators export the audit log (CSV with a BOM); others may not.
#[tokio::test]
async fn r_aud_01_audit_log_export() {
    let app = spawn_app().await;
    let url = format!("{}/exports/audit-log.csv", app.base);
    assert_eq!(
        client().get(&url).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let viewer = signed_in(&app.base, "reports@twprecision.example").await;
    assert_eq!(
        viewer.get(&url).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );

    let admin = signed_in(&app.base, "admin@twprecision.example").await;
    let account = scalar(
        &app.svc,
        "SELECT id FROM purchasing_accounts WHERE number = '100200300'",
    )
    .await;
    let (status, _) = call(
        &admin,
        &app.base,
        "add_domain",
        &Body::Form(vec![
            ("account_id", account.to_string()),
            ("domain", "export.example".into()),
        ]),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let response = admin.get(&url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let body = response.text().await.unwrap();
    assert!(body.starts_with("\u{feff}time_utc,actor,"), "{body}");
    assert!(
        body.contains("admin@twprecision.example,台灣精密工業股份有限公司,domain.add,domain,"),
        "{body}"
    );
    assert!(
        !body.contains("mueller"),
        "another organization's entries leaked: {body}"
    );
}

/// Calls a conversion server function (R-SAB-08/09) as a program would.
async fn days_call(
    c: &reqwest::Client,
    base: &str,
    name: &str,
    account: i64,
    days: &str,
) -> (StatusCode, String) {
    let body = Body::Form(vec![
        ("account_id", account.to_string()),
        ("days", days.into()),
    ]);
    call(c, base, name, &body).await
}

async fn tw_hq(svc: &Services) -> i64 {
    scalar(
        svc,
        "SELECT id FROM purchasing_accounts WHERE number = '100200300'",
    )
    .await
}

/// R-SAB-08 R-SAB-09: the server refuses what the form would not submit —
/// zero, negative, fractional, above-maximum days — called directly, and
/// nothing changes; a valid conversion moves both balances.
#[tokio::test]
async fn r_sab_08_server_refuses_invalid_days_bypassing_the_form() {
    let app = spawn_app().await;
    let admin = signed_in(&app.base, "admin@twprecision.example").await;
    let account = tw_hq(&app.svc).await;
    let balance = "SELECT SUM(remaining) FROM benefits WHERE purchasing_account_id = \
                   (SELECT id FROM purchasing_accounts WHERE number = '100200300') \
                   AND kind IN ('training_vouchers', 'planning_services')";
    let before = scalar(&app.svc, balance).await;
    for (name, days, code) in [
        ("convert_benefit", "0", "days_not_positive"),
        ("convert_benefit", "-3", "days_not_positive"),
        ("convert_benefit", "1.5", "days_not_whole"),
        ("convert_benefit", "4", "days_above_maximum"),
        ("convert_benefit", "", "days_empty"),
        ("reverse_benefit", "1", "days_above_maximum"),
    ] {
        let (status, body) = days_call(&admin, &app.base, name, account, days).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name} {days}: {body}"
        );
        assert!(body.contains(code), "{name} {days}: {body}");
    }
    assert_eq!(scalar(&app.svc, balance).await, before, "nothing changed");
    let (status, body) = days_call(&admin, &app.base, "convert_benefit", account, "3").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let after: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(after["training_remaining"], 1);
    assert_eq!(after["planning_remaining"], 8);
}

/// R-SAB-07: the transaction history as CSV (BOM, oldest first, running
/// balance); another organization's benefit is refused.
#[tokio::test]
async fn r_sab_07_transaction_history_export() {
    let app = spawn_app().await;
    let training = scalar(&app.svc, "SELECT b.id FROM benefits b JOIN purchasing_accounts pa ON pa.id = b.purchasing_account_id WHERE pa.number = '100200300' AND b.kind = 'training_vouchers'").await;
    let url = format!("{}/exports/benefits/{training}/transactions.csv", app.base);
    assert_eq!(
        client().get(&url).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let anna = signed_in(&app.base, "anna@mueller.example").await;
    assert_eq!(
        anna.get(&url).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let admin = signed_in(&app.base, "admin@twprecision.example").await;
    let account = tw_hq(&app.svc).await;
    for (name, days) in [("convert_benefit", "3"), ("reverse_benefit", "1")] {
        let (status, body) = days_call(&admin, &app.base, name, account, days).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let response = admin.get(&url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.text().await.unwrap();
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(
        lines[0],
        "\u{feff}time_utc,benefit,transaction,credit,debit,balance,unit,note"
    );
    assert!(
        lines[1].contains(",training_vouchers,grant,10,,10,training_days,"),
        "{body}"
    );
    assert!(
        lines[2].contains(",conversion,,9,1,training_days,"),
        "{body}"
    );
    assert!(lines[3].contains(",reversal,3,,4,training_days,"), "{body}");
    assert_eq!(lines.len(), 4);
}
