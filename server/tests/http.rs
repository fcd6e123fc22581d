//! HTTP tests of the real router on port 0: the authorization matrix (every
//! registered server function × every role × own / another organization,
//! against the expected table in `http/expected.rs`), cross-origin
//! refusal, security headers, health check.
//!
//! Every test runs the app on a multi-threaded runtime, as the binary does.
//! The tests' apps are built while others render pages: the route list is
//! generated once per process for that reason (see `server::router`).

use std::collections::{BTreeSet, HashMap};
use std::net::SocketAddr;

use backend::subscriptions::{cart, catalog, orders};
use backend::{Clock, Config, Db, Services};
use domain::subscription_views::{AddToCartForm, SubmitOrderForm};
use domain::{BillingFrequency, OrgKind, Role, Term};
use leptos::prelude::LeptosOptions;
use reqwest::StatusCode;
use serde_json::{json, Value};
use server::proxies::TrustedProxies;

#[path = "http/expected.rs"]
mod expected;

#[path = "http/api.rs"]
mod api;
#[path = "http/assets.rs"]
mod assets;
#[path = "http/benefit_software.rs"]
mod benefit_software;
#[path = "http/operations.rs"]
mod operations;
#[path = "http/plain_forms.rs"]
mod plain_forms;
#[path = "http/software.rs"]
mod software;
#[path = "http/support.rs"]
mod support;

struct TestApp {
    base: String,
    svc: Services,
}

/// How the app under test is deployed.
struct Deployment {
    public_url: &'static str,
    demo_mode: bool,
    trusted_proxies: &'static str,
}

const DEMO: Deployment = Deployment {
    public_url: "http://bc.test",
    demo_mode: true,
    trusted_proxies: "",
};

/// The binary's default mode.
const PRODUCTION: Deployment = Deployment {
    public_url: "http://bc.test",
    demo_mode: false,
    trusted_proxies: "",
};

async fn spawn_app() -> TestApp {
    spawn(DEMO).await
}

/// The demo app with `/metrics` open to `access`.
async fn spawn_app_with(access: server::MetricsAccess) -> TestApp {
    spawn_with(DEMO, access).await
}

/// A fresh database prepared as `server serve` prepares it (demo data in
/// demo mode only), behind the app as the binary serves it.
async fn spawn(deployment: Deployment) -> TestApp {
    spawn_with(deployment, server::MetricsAccess::LocalOnly).await
}

async fn spawn_with(deployment: Deployment, access: server::MetricsAccess) -> TestApp {
    // The static files are the repository's `public/` (the favicon).
    let options = LeptosOptions::builder()
        .output_name("business-center")
        .site_root(concat!(env!("CARGO_MANIFEST_DIR"), "/../public"))
        .build();
    spawn_site(deployment, access, options).await
}

/// The app serving the site that `options` describe.
async fn spawn_site(
    deployment: Deployment,
    access: server::MetricsAccess,
    options: LeptosOptions,
) -> TestApp {
    let dir = std::env::temp_dir().join("bc-server-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{}.db", unique("t")));
    spawn_site_on(
        deployment,
        access,
        options,
        &format!("sqlite://{}", path.display()),
    )
    .await
}

/// A name no other test of any run has.
fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    // The counter keeps parallel tests apart where the clock is coarse.
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{prefix}{}_{nanos}_{n}", std::process::id())
}

/// A URL of a new, empty schema in the PostgreSQL database at `base_url`.
async fn postgres_schema(base_url: &str) -> String {
    let schema = unique("t");
    let admin = Db::connect(base_url).await.expect("postgres reachable");
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(admin.pool())
        .await
        .expect("schema created");
    admin.pool().close().await;
    let sep = if base_url.contains('?') { '&' } else { '?' };
    format!("{base_url}{sep}options=-c%20search_path%3D{schema}")
}

/// Another process of the demo app on the database at `url` (the first
/// one migrates and seeds it).
async fn spawn_on(url: &str) -> TestApp {
    let options = LeptosOptions::builder()
        .output_name("business-center")
        .site_root(concat!(env!("CARGO_MANIFEST_DIR"), "/../public"))
        .build();
    spawn_site_on(DEMO, server::MetricsAccess::LocalOnly, options, url).await
}

async fn spawn_site_on(
    deployment: Deployment,
    access: server::MetricsAccess,
    options: LeptosOptions,
    url: &str,
) -> TestApp {
    let db = Db::connect(url).await.unwrap();
    db.migrate().await.unwrap();
    let svc = Services::new(
        db,
        Clock::system(),
        Config {
            public_url: deployment.public_url.into(),
            demo_mode: deployment.demo_mode,
        },
    );
    server::cli::prepare_to_serve(&svc).await.unwrap();
    let proxies = TrustedProxies::parse(deployment.trusted_proxies).unwrap();
    let app = server::app(
        svc.clone(),
        options,
        proxies,
        server::Operations::new(access),
    );
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
        // A request that hangs fails its test instead of holding up the run.
        .timeout(std::time::Duration::from_secs(60))
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
    /// R-SAB-11: the Hsinchu Plant's Windows Thin PC, a download benefit.
    tw_thin_pc: i64,
    /// The actor's own Taiwan HQ benefit user and voucher (see
    /// [`matrix_data`]), which its own remove and revoke calls may end.
    own_benefit_user: i64,
    own_voucher: i64,
    /// The related customer's order and invoice with Contoso; Wingtip's with Fabrikam.
    own_order: i64,
    other_order: i64,
    own_invoice: i64,
    other_invoice: i64,
    /// The actor's own cart line; a Fabrikam user's.
    own_cart_line: i64,
    other_cart_line: i64,
    /// The same for software lines (R-SW-01).
    own_software_line: i64,
    other_software_line: i64,
    /// Software Contoso sold the related customer; Fabrikam sold Wingtip;
    /// and their orders.
    own_software: i64,
    other_software: i64,
    own_software_order: i64,
    other_software_order: i64,
    /// R-SW-08: a support request Contoso filed for the related customer;
    /// one Fabrikam filed for Wingtip.
    own_support_request: i64,
    other_support_request: i64,
    /// R-MPN-01: the benefits package Contoso bought; Fabrikam's; and an
    /// assignment of each that was removed.
    own_package: i64,
    other_package: i64,
    own_removed_assignment: i64,
    other_removed_assignment: i64,
    /// An advisory-hours request the operators declined.
    answered_advisory: i64,
    /// The actor's own domain of the Taiwan HQ account (see
    /// [`matrix_data`]); the German customer's.
    own_domain: i64,
    other_domain: i64,
    /// R-SUB-28: a transfer request Fabrikam sent Contoso for the related
    /// customer; one between two other partners for Wingtip (see
    /// [`matrix_data`]); Fabrikam's organization (a source partner's ID).
    own_transfer: i64,
    other_transfer: i64,
    fabrikam: i64,
    /// An email of the outbox that is not a dead letter.
    outbox_message: i64,
    /// R-API-01: a token of the actor's organization (made for the
    /// actor's own revoke call); one of Fabrikam's.
    own_api_token: i64,
    other_api_token: i64,
}

/// R-MPN-01: a benefits package each of Contoso and Fabrikam bought, with
/// a Visual Studio subscription assigned and removed again.
async fn package_data(svc: &Services) {
    for email in ["global@contoso-partner.example", "global@fabrikam.example"] {
        let actor = backend::sessions::login(svc, email, backend::seed::DEMO_PASSWORD, "matrix")
            .await
            .unwrap()
            .actor;
        let form = domain::mpn_views::BuyPackageForm {
            package_id: "action-pack".into(),
            idempotency_key: format!("matrix-{email}"),
        };
        let purchase = backend::mpn::packages::buy(svc, &actor, &form)
            .await
            .unwrap();
        let assign = domain::mpn_views::AssignForm {
            purchase_id: purchase,
            benefit_id: "vs-professional".into(),
            user_id: actor.user_id,
            alternate_email: String::new(),
        };
        let assignment = backend::mpn::assignments::assign(svc, &actor, &assign)
            .await
            .unwrap();
        backend::mpn::assignments::remove(svc, &actor, assignment)
            .await
            .unwrap();
        let asking = domain::mpn::AdvisoryRequestForm {
            benefit_id: "advisory-hours".into(),
            topic: "Matrix".into(),
            description: "d".into(),
            preferred_from: "2027-01-04".into(),
            preferred_to: "2027-01-08".into(),
            hours: "1".into(),
        };
        let request = backend::mpn::advisory::request(svc, &actor, purchase, &asking)
            .await
            .unwrap();
        sqlx::query("UPDATE advisory_requests SET status = 'declined' WHERE id = $1")
            .bind(request)
            .execute(svc.db.pool())
            .await
            .unwrap();
    }
}

/// The app with what the matrix's calls point at besides the demo data.
async fn spawn_matrix_app() -> TestApp {
    let app = spawn_app().await;
    matrix_data(&app.svc).await;
    app
}

/// One order each of the two partners (Contoso for Taiwan, Fabrikam for
/// Wingtip) with its invoice; for every demo user (and Fabrikam's) a line
/// in their cart, a domain of the Taiwan account, and a user of its
/// E-Learning benefit and a training voucher of its own, so that each
/// role's own call has a target only it touches.
async fn matrix_data(svc: &Services) {
    let customer_of = |number: &'static str| async move {
        id(
            svc,
            &format!("SELECT org_id FROM agreements WHERE number = '{number}'"),
        )
        .await
    };
    let (taiwan, wingtip) = (
        customer_of("1234567890").await,
        customer_of("2345678901").await,
    );
    for (email, customer) in [
        ("sales@contoso-partner.example", taiwan),
        ("global@fabrikam.example", wingtip),
    ] {
        let actor = backend::sessions::login(svc, email, backend::seed::DEMO_PASSWORD, "matrix")
            .await
            .unwrap()
            .actor;
        let line = AddToCartForm {
            customer_id: customer,
            offer_id: "m365-business-basic".into(),
            term: Term::P1M,
            frequency: BillingFrequency::Monthly,
            seats: "1".into(),
        };
        cart::add_to_cart(svc, &actor, &line).await.unwrap();
        // And software (R-SW-01): the order's purchase is a target too.
        let software = domain::software_views::AddSoftwareForm {
            customer_id: customer,
            product_id: "sql-server-2022-standard-perpetual".into(),
            quantity: "1".into(),
        };
        backend::software::cart::add(svc, &actor, &software)
            .await
            .unwrap();
        let page = catalog::catalog_page(svc, &actor, customer, &Default::default())
            .await
            .unwrap();
        let form = SubmitOrderForm {
            customer_id: customer,
            idempotency_key: format!("matrix-data-{email}"),
            reviewed: domain::lines_digest(&page.cart, &page.software.cart),
            attested: true,
            reseller: String::new(),
            additional_resellers: Vec::new(),
        };
        let order = orders::submit(svc, &actor, &form).await.unwrap();
        // R-SW-08: each partner's support request for its order (written
        // as it is stored: Fabrikam has no Admin Agent to file one).
        sqlx::query(
            "INSERT INTO support_requests (partner_org_id, customer_org_id, order_id, issue_type, impact, title, \
             tenant, reason, amount, currency, description, contact_name, contact_email, contact_phone, status, created_at) \
             SELECT partner_org_id, customer_org_id, id, 'csp_purchase_refund', 'minimal', 'Matrix', 't', 'r', 1, 'TWD', \
             'd', 'n', 'n@matrix.example', '1234567', 'open', 0 FROM orders WHERE id = $1",
        )
        .bind(order)
        .execute(svc.db.pool())
        .await
        .unwrap();
    }
    transfer_data(svc, taiwan, wingtip).await;
    package_data(svc).await;
    api::token_for(svc, "global@fabrikam.example", 86_400_000).await;
    let tw_account = id(
        svc,
        "SELECT id FROM purchasing_accounts WHERE number = '100200300'",
    )
    .await;
    let tw_benefit = |kind: &str| {
        format!("SELECT id FROM benefits WHERE purchasing_account_id = {tw_account} AND kind = '{kind}'")
    };
    let e_learning = id(svc, &tw_benefit("e_learning")).await;
    let training = id(svc, &tw_benefit("training_vouchers")).await;
    let users = demo_users().into_iter().map(|(email, ..)| (email, taiwan));
    for (email, customer) in users.chain([("global@fabrikam.example", wingtip)]) {
        let user = id(
            svc,
            &format!("SELECT id FROM users WHERE email = '{email}'"),
        )
        .await;
        sqlx::query(
            "INSERT INTO cart_lines (user_id, customer_org_id, offer_id, term, frequency, seats) \
             VALUES ($1, $2, 'm365-business-basic', 'P1M', 'monthly', 1)",
        )
        .bind(user)
        .bind(customer)
        .execute(svc.db.pool())
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO software_cart_lines (user_id, customer_org_id, product_id, quantity) \
             VALUES ($1, $2, 'sql-server-2022-standard-perpetual', 1)",
        )
        .bind(user)
        .bind(customer)
        .execute(svc.db.pool())
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO domains (purchasing_account_id, name, created_at) VALUES ($1, $2, 0)",
        )
        .bind(tw_account)
        .bind(own_domain_name(email))
        .execute(svc.db.pool())
        .await
        .unwrap();
        for (sql, benefit) in [
            (
                "INSERT INTO benefit_users (benefit_id, email, name, language, created_at) \
                 VALUES ($1, $2, 'Matrix', 'en', 0)",
                e_learning,
            ),
            (
                "INSERT INTO training_voucher_assignments \
                 (benefit_id, email, name, language, days, assigned_at) \
                 VALUES ($1, $2, 'Matrix', 'en', 1, 0)",
                training,
            ),
        ] {
            sqlx::query(sql)
                .bind(benefit)
                .bind(own_benefit_email(email))
                .execute(svc.db.pool())
                .await
                .unwrap();
        }
    }
}

/// R-SUB-28: a pending request from Fabrikam (target) to Contoso (source)
/// for the Taiwan customer, and one from a third partner to Fabrikam for
/// Wingtip, which no demo user is a party to.
async fn transfer_data(svc: &Services, taiwan: i64, wingtip: i64) {
    let partner = |name: &'static str| async move {
        id(
            svc,
            &format!("SELECT id FROM organizations WHERE name LIKE '{name}%'"),
        )
        .await
    };
    let (contoso, fabrikam) = (partner("Contoso").await, partner("Fabrikam").await);
    let third: i64 = sqlx::query_scalar(
        "INSERT INTO organizations (name, kind, country, created_at) VALUES ('Matrix Partners', 'partner', 'AU', 0) RETURNING id",
    )
    .fetch_one(svc.db.pool())
    .await
    .unwrap();
    let now = svc.now().await.unwrap().millis();
    for (customer, source, target) in [(taiwan, contoso, fabrikam), (wingtip, fabrikam, third)] {
        sqlx::query(
            "INSERT INTO transfer_requests (customer_org_id, source_partner_org_id, target_partner_org_id, \
             notify_email, status, requested_at) VALUES ($1, $2, $3, 'global@fabrikam.example', 'pending', $4)",
        )
        .bind(customer)
        .bind(source)
        .bind(target)
        .bind(now)
        .execute(svc.db.pool())
        .await
        .unwrap();
    }
}

/// The email of the benefit user and the voucher holder of `email`'s own.
fn own_benefit_email(email: &str) -> String {
    format!("{}@twprecision.example", email.replace(['@', '.'], "-"))
}

fn own_domain_name(email: &str) -> String {
    format!("{}.matrix.example", email.replace(['@', '.'], "-"))
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
    let tw_thin_pc = id(svc, &benefit("100200301", "windows_thin_pc")).await;
    let de_training = id(svc, &benefit("300400500", "training_vouchers")).await;
    let de_voucher = id(
        svc,
        &format!("SELECT id FROM training_voucher_assignments WHERE benefit_id = {de_training} ORDER BY id LIMIT 1"),
    )
    .await;
    let order_of =
        |customer: i64| format!("SELECT id FROM orders WHERE customer_org_id = {customer}");
    let invoice_of = |customer: i64| {
        format!("SELECT id FROM invoices WHERE customer_org_id = {customer} ORDER BY id LIMIT 1")
    };
    let cart_line_of = |email: &str| {
        format!("SELECT l.id FROM cart_lines l JOIN users u ON u.id = l.user_id WHERE u.email = '{email}' ORDER BY l.id LIMIT 1")
    };
    let software_line_of = |email: &str| {
        format!("SELECT l.id FROM software_cart_lines l JOIN users u ON u.id = l.user_id WHERE u.email = '{email}' ORDER BY l.id LIMIT 1")
    };
    let software_of = |customer: i64| {
        format!("SELECT MIN(id) FROM software_purchases WHERE customer_org_id = {customer}")
    };
    let software_order_of = |customer: i64| {
        format!("SELECT MIN(order_id) FROM software_purchases WHERE customer_org_id = {customer}")
    };
    let package_of = |partner: &str| {
        format!("SELECT MAX(p.id) FROM package_purchases p JOIN organizations o ON o.id = p.partner_org_id WHERE o.name LIKE '{partner}'")
    };
    let removed_of = |partner: &str| {
        format!("SELECT MAX(a.id) FROM package_assignments a JOIN package_purchases p ON p.id = a.package_purchase_id \
                 JOIN organizations o ON o.id = p.partner_org_id WHERE o.name LIKE '{partner}' AND a.removed_at IS NOT NULL")
    };
    let support_of = |customer: i64| {
        format!("SELECT MIN(id) FROM support_requests WHERE customer_org_id = {customer}")
    };
    let domain = |name: &str| format!("SELECT id FROM domains WHERE name = '{name}'");
    let transfer_for = |customer: i64| {
        format!("SELECT id FROM transfer_requests WHERE customer_org_id = {customer} ORDER BY id LIMIT 1")
    };
    Targets {
        own_transfer: id(svc, &transfer_for(tw_org)).await,
        other_transfer: id(svc, &transfer_for(au_org)).await,
        fabrikam: id(
            svc,
            "SELECT id FROM organizations WHERE name LIKE 'Fabrikam%'",
        )
        .await,
        own_order: id(svc, &order_of(tw_org)).await,
        other_order: id(svc, &order_of(au_org)).await,
        own_invoice: id(svc, &invoice_of(tw_org)).await,
        other_invoice: id(svc, &invoice_of(au_org)).await,
        own_cart_line: id(svc, &cart_line_of(email)).await,
        other_cart_line: id(svc, &cart_line_of("global@fabrikam.example")).await,
        own_software_line: id(svc, &software_line_of(email)).await,
        other_software_line: id(svc, &software_line_of("global@fabrikam.example")).await,
        own_software: id(svc, &software_of(tw_org)).await,
        other_software: id(svc, &software_of(au_org)).await,
        own_software_order: id(svc, &software_order_of(tw_org)).await,
        other_software_order: id(svc, &software_order_of(au_org)).await,
        own_support_request: id(svc, &support_of(tw_org)).await,
        other_support_request: id(svc, &support_of(au_org)).await,
        own_package: id(svc, &package_of("Contoso%")).await,
        other_package: id(svc, &package_of("Fabrikam%")).await,
        answered_advisory: id(
            svc,
            "SELECT MIN(id) FROM advisory_requests WHERE status = 'declined'",
        )
        .await,
        own_removed_assignment: id(svc, &removed_of("Contoso%")).await,
        other_removed_assignment: id(svc, &removed_of("Fabrikam%")).await,
        own_domain: id(svc, &domain(&own_domain_name(email))).await,
        other_domain: id(svc, &domain("mueller.example")).await,
        outbox_message: id(svc, "SELECT MIN(id) FROM outbox").await,
        own_api_token: {
            api::token_for(svc, email, 3 * 86_400_000).await;
            id(svc, "SELECT MAX(id) FROM api_tokens").await
        },
        other_api_token: id(
            svc,
            "SELECT MIN(t.id) FROM api_tokens t JOIN users u ON u.id = t.created_by WHERE u.email = 'global@fabrikam.example'",
        )
        .await,
        own_benefit_user: id(
            svc,
            &format!(
                "SELECT id FROM benefit_users WHERE email = '{}'",
                own_benefit_email(email)
            ),
        )
        .await,
        own_voucher: id(
            svc,
            &format!(
                "SELECT id FROM training_voucher_assignments WHERE email = '{}'",
                own_benefit_email(email)
            ),
        )
        .await,
        colleague,
        colleague_roles,
        tw_training,
        tw_thin_pc,
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
/// targets. Whether the role may make it is the expected table's
/// (`expected.rs`), never a formula here.
struct Case {
    name: &'static str,
    body: Body,
    /// A call that points at another organization's data: refused, and
    /// that data must not leak.
    foreign: bool,
}

fn cases(roles: &[Role], kind: OrgKind, t: &Targets, own: bool, n: usize) -> Vec<Case> {
    let pick = |own_id: i64, other_id: i64| if own { own_id } else { other_id };
    let grantable = Role::roles_for(kind)
        .into_iter()
        .find(|r| domain::can_grant(roles, *r))
        .unwrap_or(Role::ReportViewer);
    let own_roles: Vec<&str> = roles.iter().map(|r| r.code()).collect();
    // A pin's shape (time, version, MAC) without the server's signature.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis();
    let unsigned_pin = format!("{now}.0.{}", "A".repeat(43));
    let customer = pick(t.related_customer, t.unrelated_customer).to_string();
    let subscription = pick(t.own_subscription, t.other_subscription).to_string();
    let transfer = pick(t.own_transfer, t.other_transfer).to_string();
    let subscription_cases = vec![
        Case {
            name: "list_subscriptions",
            body: Body::Form(vec![("customer_id", customer.clone())]),
            foreign: !own,
        },
        Case {
            name: "get_subscription",
            body: Body::Form(vec![("id", subscription.clone())]),
            foreign: !own,
        },
        Case {
            name: "list_orders",
            body: Body::Form(vec![("customer_id", customer.clone())]),
            foreign: !own,
        },
        Case {
            name: "get_order",
            body: Body::Form(vec![(
                "order_id",
                pick(t.own_order, t.other_order).to_string(),
            )]),
            foreign: !own,
        },
        Case {
            name: "get_invoice",
            body: Body::Form(vec![(
                "invoice_id",
                pick(t.own_invoice, t.other_invoice).to_string(),
            )]),
            foreign: !own,
        },
        Case {
            // Own: the actor's own cart line (a seller has one); other: one
            // of another partner's user.
            name: "remove_cart_line",
            body: Body::Form(vec![(
                "line_id",
                pick(t.own_cart_line, t.other_cart_line).to_string(),
            )]),
            foreign: !own,
        },
        Case {
            name: "list_invoices",
            body: Body::Form(vec![("customer_id", customer.clone())]),
            foreign: !own,
        },
        Case {
            name: "remove_software_line",
            body: Body::Form(vec![(
                "line_id",
                pick(t.own_software_line, t.other_software_line).to_string(),
            )]),
            foreign: !own,
        },
        Case {
            name: "load_software",
            body: Body::Form(vec![("customer_id", customer.clone())]),
            foreign: !own,
        },
        Case {
            name: "show_product_key",
            body: Body::Form(vec![(
                "purchase_id",
                pick(t.own_software, t.other_software).to_string(),
            )]),
            foreign: !own,
        },
        Case {
            // A version the product does not have: refused once authorized.
            name: "get_keys_and_downloads",
            body: Body::Form(vec![
                (
                    "form[purchase_id]",
                    pick(t.own_software, t.other_software).to_string(),
                ),
                ("form[version]", "1999".into()),
                ("form[language]", "en-US".into()),
                ("form[file_type]", "iso".into()),
            ]),
            foreign: !own,
        },
        Case {
            // A pin the server did not sign: refused once authorized.
            name: "cancel_software_order",
            body: Body::Form(vec![
                (
                    "form[order_id]",
                    pick(t.own_software_order, t.other_software_order).to_string(),
                ),
                ("form[acknowledged]", "true".into()),
                ("form[pin]", "1.0.forged".into()),
                ("form[expected]", "0".into()),
            ]),
            foreign: !own,
        },
        Case {
            name: "load_membership_benefits",
            body: Body::Form(vec![]),
            foreign: false,
        },
        Case {
            // Not a package: refused at the field once authorized.
            name: "buy_package",
            body: Body::Form(vec![
                ("form[package_id]", "no-such-package".into()),
                ("form[idempotency_key]", format!("matrix-{n}")),
            ]),
            foreign: false,
        },
        Case {
            // No such user: refused at the field once authorized.
            name: "assign_package_benefit",
            body: Body::Form(vec![
                (
                    "form[purchase_id]",
                    pick(t.own_package, t.other_package).to_string(),
                ),
                ("form[benefit_id]", "vs-professional".into()),
                ("form[user_id]", "0".into()),
            ]),
            foreign: !own,
        },
        Case {
            // Removed before: refused as no longer held once authorized.
            name: "remove_package_assignment",
            body: Body::Form(vec![(
                "id",
                pick(t.own_removed_assignment, t.other_removed_assignment).to_string(),
            )]),
            foreign: !own,
        },
        Case {
            // No hours: refused at the field once authorized.
            name: "request_advisory_hours",
            body: Body::Form(vec![
                (
                    "purchase_id",
                    pick(t.own_package, t.other_package).to_string(),
                ),
                ("form[benefit_id]", "advisory-hours".into()),
                ("form[topic]", "Matrix".into()),
                ("form[description]", "d".into()),
                ("form[preferred_from]", "2027-01-04".into()),
                ("form[preferred_to]", "2027-01-08".into()),
                ("form[hours]", "0".into()),
            ]),
            foreign: !own,
        },
        Case {
            name: "advisory_requests",
            body: Body::Form(vec![]),
            foreign: false,
        },
        Case {
            // Answered before: refused once authorized.
            name: "answer_advisory_request",
            body: Body::Form(vec![
                ("id", t.answered_advisory.to_string()),
                ("done", "true".into()),
            ]),
            foreign: false,
        },
        Case {
            name: "set_marketing_contact",
            body: Body::Form(vec![
                ("form[user_id]", "0".into()),
                ("form[alternate_email]", "m@matrix.example".into()),
                ("form[phone]", "1234567".into()),
                ("form[language]", "en".into()),
            ]),
            foreign: false,
        },
        Case {
            name: "activate_go_to_market",
            body: Body::Form(vec![
                (
                    "purchase_id",
                    pick(t.own_package, t.other_package).to_string(),
                ),
                ("benefit_id", "listing-boost".into()),
            ]),
            foreign: !own,
        },
        Case {
            // A pin the server did not sign: refused once authorized.
            name: "request_package_refund",
            body: Body::Form(vec![
                (
                    "form[purchase_id]",
                    pick(t.own_package, t.other_package).to_string(),
                ),
                ("form[pin]", "1.0.forged".into()),
                ("form[expected]", "0".into()),
            ]),
            foreign: !own,
        },
        Case {
            name: "take_package_key",
            body: Body::Form(vec![
                (
                    "purchase_id",
                    pick(t.own_package, t.other_package).to_string(),
                ),
                ("benefit_id", "m365-e3-iur".into()),
            ]),
            foreign: !own,
        },
        Case {
            name: "activate_cloud_usage",
            body: Body::Form(vec![
                (
                    "purchase_id",
                    pick(t.own_package, t.other_package).to_string(),
                ),
                ("benefit_id", "azure-credit".into()),
            ]),
            foreign: !own,
        },
        Case {
            // No key taken of it: refused once authorized.
            name: "get_package_download",
            body: Body::Form(vec![
                (
                    "form[purchase_id]",
                    pick(t.own_package, t.other_package).to_string(),
                ),
                (
                    "form[product_id]",
                    "sql-server-2022-standard-perpetual".into(),
                ),
                ("form[version]", "2022".into()),
                ("form[language]", "en-US".into()),
                ("form[file_type]", "iso".into()),
            ]),
            foreign: !own,
        },
        Case {
            name: "support_form",
            body: Body::Form(vec![("customer_id", customer.clone())]),
            foreign: !own,
        },
        Case {
            // No impact: refused at the field once authorized, so nothing
            // is filed.
            name: "file_support_request",
            body: Body::Form(vec![
                (
                    "form[order_id]",
                    pick(t.own_software_order, t.other_software_order).to_string(),
                ),
                ("form[issue_type]", "csp_purchase_refund".into()),
                ("form[impact]", String::new()),
                ("form[title]", "Matrix".into()),
                ("form[tenant]", "t".into()),
                ("form[reason]", "r".into()),
                ("form[amount]", "1".into()),
                ("form[description]", "d".into()),
                ("form[contact_name]", "n".into()),
                ("form[contact_email]", "n@matrix.example".into()),
                ("form[contact_phone]", "1234567".into()),
            ]),
            foreign: !own,
        },
        Case {
            // The actor's own partner's requests (or all, for an operator).
            name: "support_requests",
            body: Body::Form(vec![]),
            foreign: false,
        },
        Case {
            // The provider's operators read every partner's request.
            name: "support_request",
            body: Body::Form(vec![(
                "id",
                pick(t.own_support_request, t.other_support_request).to_string(),
            )]),
            foreign: !own && kind != OrgKind::Provider,
        },
        Case {
            // "open" is no answer: refused at the field once authorized.
            name: "answer_support_request",
            body: Body::Form(vec![
                (
                    "form[id]",
                    pick(t.own_support_request, t.other_support_request).to_string(),
                ),
                ("form[status]", "open".into()),
                ("form[answer]", "Matrix".into()),
            ]),
            foreign: !own && kind != OrgKind::Provider,
        },
        Case {
            name: "add_software_to_cart",
            body: Body::Form(vec![
                ("form[customer_id]", customer.clone()),
                (
                    "form[product_id]",
                    "sql-server-2022-standard-perpetual".into(),
                ),
                ("form[quantity]", "0".into()),
            ]),
            foreign: !own,
        },
        Case {
            name: "load_catalog",
            body: Body::Json(
                json!({ "customer_id": customer.parse::<i64>().unwrap(), "filter": {} }),
            ),
            foreign: !own,
        },
        Case {
            name: "pin_preview",
            body: Body::Form(vec![("id", subscription.clone())]),
            foreign: !own,
        },
        // The forms' own encodings. Each passes the checks made before
        // authorization (an acknowledgement) and is refused once authorized
        // (a pin the server did not sign, no attestation, zero seats):
        // nothing changes.
        Case {
            name: "change_seats",
            body: Body::Form(vec![
                ("form[subscription_id]", subscription.clone()),
                ("form[seats]", "1".into()),
                ("form[pin]", unsigned_pin.clone()),
                ("form[expected]", i64::MIN.to_string()),
            ]),
            foreign: !own,
        },
        Case {
            name: "convert_trial",
            body: Body::Form(vec![
                ("form[subscription_id]", subscription.clone()),
                ("form[option]", "P1Y/monthly".into()),
                ("form[seats]", "25".into()),
                ("form[pin]", unsigned_pin.clone()),
                ("form[expected]", "0".into()),
            ]),
            foreign: !own,
        },
        Case {
            // Once authorized: the pin is not the server's (422).
            name: "upgrade_subscription",
            body: Body::Form(vec![
                ("form[subscription_id]", subscription.clone()),
                ("form[target]", "m365-e5".into()),
                ("form[destination]", "new".into()),
                ("form[option]", "P1Y/monthly".into()),
                ("form[seats]", "1".into()),
                ("form[acknowledged]", "true".into()),
                ("form[pin]", unsigned_pin.clone()),
                ("form[expected_credit]", "0".into()),
                ("form[expected_charge]", "0".into()),
            ]),
            foreign: !own,
        },
        Case {
            // Once authorized: the pin is not the server's (422).
            name: "add_addon",
            body: Body::Form(vec![
                ("form[subscription_id]", subscription.clone()),
                ("form[offer_id]", "m365-copilot".into()),
                ("form[option]", "P1Y/monthly".into()),
                ("form[seats]", "1".into()),
                ("form[pin]", unsigned_pin.clone()),
                ("form[expected]", "0".into()),
            ]),
            foreign: !own,
        },
        Case {
            // Once authorized: the subscription is no trial (422).
            name: "schedule_trial_conversion",
            body: Body::Form(vec![
                ("form[subscription_id]", subscription.clone()),
                ("form[option]", "P1Y/monthly".into()),
                ("form[seats]", "10".into()),
            ]),
            foreign: !own,
        },
        Case {
            // Once authorized: not a product the subscription renews as (422).
            name: "schedule_renewal_change",
            body: Body::Form(vec![
                ("form[subscription_id]", subscription.clone()),
                ("form[choice]", "no-such-offer|P1Y/monthly".into()),
                ("form[seats]", "1".into()),
            ]),
            foreign: !own,
        },
        Case {
            // Once authorized: nothing is scheduled, nothing changes.
            name: "remove_scheduled_changes",
            body: Body::Form(vec![("id", subscription.clone())]),
            foreign: !own,
        },
        Case {
            name: "cancel_subscription",
            body: Body::Form(vec![
                ("form[subscription_id]", subscription.clone()),
                ("form[pin]", unsigned_pin.clone()),
                ("form[expected_refund]", "-1".into()),
                ("form[acknowledged]", "true".into()),
            ]),
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
            foreign: !own,
        },
        Case {
            name: "submit_order",
            body: Body::Form(vec![
                ("form[customer_id]", customer.clone()),
                ("form[idempotency_key]", format!("matrix-{n}")),
                ("form[reseller]", String::new()),
            ]),
            foreign: !own,
        },
        Case {
            name: "set_subscription_status",
            body: Body::Form(vec![
                ("id", subscription),
                ("action", "auto_renew_on".into()),
            ]),
            foreign: !own,
        },
        Case {
            name: "list_transfers",
            body: Body::Form(vec![]),
            foreign: false,
        },
        Case {
            name: "get_transfer",
            body: Body::Form(vec![("id", transfer.clone())]),
            foreign: !own,
        },
        Case {
            // Own: the related customer, from Fabrikam; sent by the first
            // allowed role, already pending (422) for the next. Other: a
            // customer without a relationship.
            name: "send_transfer_request",
            body: Body::Form(vec![
                ("form[customer_id]", customer.clone()),
                ("form[source_partner_id]", t.fabrikam.to_string()),
                (
                    "form[notify_email]",
                    "matrix@contoso-partner.example".into(),
                ),
            ]),
            foreign: !own,
        },
        Case {
            // Once authorized: the pin is unsigned (422), or the request
            // was declined by an earlier role (422); nothing moves.
            name: "accept_transfer",
            body: Body::Form(vec![
                ("form[request_id]", transfer.clone()),
                ("form[lines][]", format!("{}:0:0", t.own_subscription)),
                ("form[pin]", unsigned_pin),
            ]),
            foreign: !own,
        },
        Case {
            // The first allowed role declines the own request; the next get 422.
            name: "decline_transfer",
            body: Body::Form(vec![("id", transfer)]),
            foreign: !own,
        },
        Case {
            // 0 days is invalid (422) once authorized: the clock never moves here.
            name: "advance_test_clock",
            body: Body::Form(vec![("days", "0".into())]),
            foreign: false,
        },
    ];
    let mut all = vec![
        Case {
            name: "list_agreements",
            body: Body::Form(vec![]),
            foreign: false,
        },
        Case {
            name: "list_users",
            body: Body::Form(vec![]),
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
            foreign: !own,
        },
        Case {
            name: "remove_user",
            body: Body::Form(vec![(
                "user_id",
                pick(t.own_user, t.other_user).to_string(),
            )]),
            foreign: !own,
        },
        Case {
            name: "list_domains",
            body: Body::Form(vec![(
                "account_id",
                pick(t.own_account, t.other_account).to_string(),
            )]),
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
            foreign: !own,
        },
        Case {
            name: "remove_domain",
            body: Body::Form(vec![(
                "domain_id",
                pick(t.own_domain, t.other_domain).to_string(),
            )]),
            foreign: !own,
        },
        Case {
            // Everyone's own language; the demo users' is English.
            name: "set_language",
            body: Body::Form(vec![("language", "en".into())]),
            foreign: false,
        },
        Case {
            name: "list_relationships",
            body: Body::Form(vec![]),
            foreign: false,
        },
        Case {
            name: "request_relationship",
            body: Body::Form(vec![
                ("agreement_number", "3456789012".into()),
                ("admin_email", "anna@mueller.example".into()),
            ]),
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
            foreign: !own,
        },
        Case {
            name: "partner_customer",
            body: Body::Form(vec![(
                "customer_id",
                pick(t.related_customer, t.unrelated_customer).to_string(),
            )]),
            foreign: !own,
        },
        Case {
            name: "list_organizations",
            body: Body::Form(vec![]),
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
            foreign: false,
        },
        Case {
            name: "audit_log",
            body: Body::Form(vec![]),
            foreign: false,
        },
        Case {
            name: "load_api_tokens",
            body: Body::Form(vec![]),
            foreign: false,
        },
        Case {
            name: "create_api_token",
            body: Body::Form(
                std::iter::once(("name", format!("matrix {n}")))
                    .chain(std::iter::once(("days", "1".to_string())))
                    .chain(own_roles.iter().map(|r| ("roles[]", r.to_string())))
                    .collect(),
            ),
            foreign: false,
        },
        Case {
            name: "revoke_api_token",
            body: Body::Form(vec![(
                "token_id",
                pick(t.own_api_token, t.other_api_token).to_string(),
            )]),
            foreign: !own,
        },
        Case {
            // R-SW-05: the actor's own organization's activity.
            name: "software_activity",
            body: Body::Form(vec![]),
            foreign: false,
        },
        Case {
            name: "operations_overview",
            body: Body::Form(vec![]),
            foreign: false,
        },
        Case {
            // Not a dead letter: 409 once authorized, and nothing changes.
            name: "retry_dead_letter",
            body: Body::Form(vec![("id", t.outbox_message.to_string())]),
            foreign: false,
        },
    ];
    all.extend(subscription_cases);
    all.extend(benefit_cases(kind, t, own, n));
    all
}

/// R-SAB-01…11: the benefits server functions. A customer's own data needs
/// the permission; a partner has no approved permission in the demo data
/// (only a pending request, made here), so every partner call but the
/// request itself and its status is refused.
fn benefit_cases(kind: OrgKind, t: &Targets, own: bool, n: usize) -> Vec<Case> {
    let customer = kind == OrgKind::Customer;
    let pick = |own_id: i64, other_id: i64| if own { own_id } else { other_id };
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
    let thin_pc = if customer {
        pick(t.tw_thin_pc, t.de_benefit)
    } else {
        t.tw_thin_pc
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
        foreign: !own,
    };
    vec![
        Case {
            name: "benefit_inventory",
            body: Body::Json(json!({ "customer_id": customer_id, "account_id": account })),
            foreign: !own,
        },
        Case {
            name: "benefit_detail",
            body: Body::Form(vec![("benefit_id", benefit.to_string())]),
            foreign: !own,
        },
        Case {
            name: "load_benefit_software",
            body: Body::Form(vec![("benefit_id", thin_pc.to_string())]),
            foreign: !own,
        },
        Case {
            name: "show_benefit_key",
            body: Body::Form(vec![
                ("benefit_id", thin_pc.to_string()),
                ("product_id", "windows-thin-pc".into()),
            ]),
            foreign: !own,
        },
        Case {
            // A version Windows Thin PC does not have: refused once authorized.
            name: "get_benefit_key_and_download",
            body: Body::Form(vec![
                ("form[benefit_id]", thin_pc.to_string()),
                ("form[product_id]", "windows-thin-pc".into()),
                ("form[version]", "1999".into()),
                ("form[language]", "en-US".into()),
                ("form[file_type]", "iso".into()),
            ]),
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
            foreign: !own,
        },
        Case {
            name: "resend_benefit_instructions",
            body: Body::Form(vec![("user_id", benefit_user.to_string())]),
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
            foreign: !own,
        },
        Case {
            name: "revoke_training_voucher",
            body: Body::Form(vec![(
                "voucher_id",
                pick(t.own_voucher, t.de_voucher).to_string(),
            )]),
            foreign: !own,
        },
        Case {
            name: "remove_benefit_user",
            body: Body::Form(vec![(
                "user_id",
                pick(t.own_benefit_user, t.de_benefit_user).to_string(),
            )]),
            foreign: !own,
        },
        Case {
            name: "list_benefit_permissions",
            body: Body::Form(vec![]),
            foreign: false,
        },
        Case {
            // Only foreign: the other partner's (Fabrikam's) approved permission for
            // Wingtip; deciding on Contoso's own would end what its later rows use.
            name: "decide_benefit_permission",
            body: Body::Form(vec![
                ("id", t.au_delegation.to_string()),
                ("decision", "remove".into()),
            ]),
            foreign: true,
        },
        Case {
            name: "request_benefit_permission",
            body: Body::Form(vec![(
                "customer_id",
                pick(t.related_customer, t.unrelated_customer).to_string(),
            )]),
            foreign: !own,
        },
        Case {
            name: "partner_benefit_permission",
            body: Body::Form(vec![(
                "customer_id",
                pick(t.related_customer, t.unrelated_customer).to_string(),
            )]),
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
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_org_07_r_org_11_authorization_matrix() {
    let app = spawn_matrix_app().await;
    let mut n = 0;
    let mut failures = Vec::new();
    let mut checked = 0;
    for (email, role, kind) in demo_users() {
        let c = signed_in(&app.base, email).await;
        // Before the calls: an own call may remove its target.
        let t = targets(&app.svc, email, kind).await;
        for own in [true, false] {
            for case in cases(&[role], kind, &t, own, n) {
                n += 1;
                let (status, body) = call(&c, &app.base, case.name, &case.body).await;
                checked += 1;
                let allowed = !case.foreign && expected::allowed(case.name, role);
                let refused = status == StatusCode::FORBIDDEN;
                // An allowed call is answered, or refused for its input or
                // the current state; never "not found" or undecodable.
                let answered = status.is_success()
                    || status == StatusCode::CONFLICT
                    || status == StatusCode::UNPROCESSABLE_ENTITY;
                if (allowed && !answered) || (!allowed && !refused) {
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
    assert_eq!(
        checked,
        demo_users().len() * 2 * expected::functions().len()
    );
}

/// The server functions that answer without a session: signing in and
/// out, the session itself, the demo mailbox, and the invitation pages a
/// person opens before they have an account. `set_language` is also in the
/// matrix: signed out it only sets the language of the pages.
const PUBLIC: &[&str] = &[
    "login",
    "logout",
    "session",
    "mailbox",
    "resend_invitation",
    "invitation_link",
    "accept_invitation",
    "set_language",
];

/// The matrix cannot forget a function: every server function the app
/// registers is in the matrix (with a row of the expected table) or public,
/// and neither names one that does not exist.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_registered_server_function_is_in_the_matrix_or_public() {
    let app = spawn_matrix_app().await;
    let t = targets(&app.svc, "admin@twprecision.example", OrgKind::Customer).await;
    let mut matrix: Vec<&str> = cases(
        &[Role::AccountAdministrator],
        OrgKind::Customer,
        &t,
        true,
        0,
    )
    .iter()
    .map(|c| c.name)
    .collect();
    matrix.sort_unstable();
    let mut table = expected::functions();
    table.sort_unstable();
    assert_eq!(
        matrix, table,
        "the matrix's calls are the expected table's rows"
    );
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| {
            path.strip_prefix("/api/")
                .unwrap_or_else(|| panic!("{path} is not under /api/"))
                .to_string()
        })
        .collect();
    let tested: BTreeSet<String> = matrix
        .iter()
        .chain(PUBLIC)
        .map(|name| name.to_string())
        .collect();
    let untested: Vec<_> = registered.difference(&tested).collect();
    let unknown: Vec<_> = tested.difference(&registered).collect();
    assert!(
        untested.is_empty() && unknown.is_empty(),
        "registered but in neither the matrix nor PUBLIC: {untested:?}; \
         named but not registered: {unknown:?}"
    );
}

/// Without a session every server function but the public ones answers 401.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_out_calls_are_refused() {
    let app = spawn_matrix_app().await;
    let c = client();
    let t = targets(&app.svc, "admin@twprecision.example", OrgKind::Customer).await;
    for case in cases(
        &[Role::AccountAdministrator],
        OrgKind::Customer,
        &t,
        true,
        0,
    ) {
        if PUBLIC.contains(&case.name) {
            continue;
        }
        let (status, _) = call(&c, &app.base, case.name, &case.body).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{}", case.name);
    }
    for public in ["session", "mailbox"] {
        let (status, _) = call(&c, &app.base, public, &Body::Form(vec![])).await;
        assert_eq!(status, StatusCode::OK, "{public}");
    }
}

/// Cross-site POSTs are refused before any server function runs. "Our"
/// origin is BC_PUBLIC_URL's (here http://bc.test), whatever the Host header
/// says: behind a proxy the app sees its own address there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_origin_posts_are_refused() {
    let app = spawn_app().await;
    let c = signed_in(&app.base, "admin@twprecision.example").await;
    let account = scalar(
        &app.svc,
        "SELECT id FROM purchasing_accounts WHERE number = '100200300'",
    )
    .await;
    let add_domain = |headers: Vec<(&'static str, String)>, domain: &'static str| {
        let mut request = c.post(format!("{}/api/add_domain", app.base)).form(&[
            ("account_id", account.to_string()),
            ("domain", domain.into()),
        ]);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        async move { request.send().await.unwrap().status() }
    };
    let before = scalar(&app.svc, "SELECT COUNT(*) FROM domains").await;
    for headers in [
        vec![("origin", "http://evil.example".to_string())],
        vec![("sec-fetch-site", "cross-site".into())],
        // The origin of the Host header is not the public one.
        vec![("origin", app.base.clone())],
        vec![("origin", "https://bc.test".into())],
        vec![("origin", "null".into())],
        // A Host header naming the public host does not make another origin ours.
        vec![
            ("host", "bc.test".into()),
            ("origin", "http://evil.example".into()),
        ],
    ] {
        let status = add_domain(headers.clone(), "csrf.example").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{headers:?}");
    }
    assert_eq!(
        scalar(&app.svc, "SELECT COUNT(*) FROM domains").await,
        before
    );
    // The public origin passes although the Host header (127.0.0.1:port)
    // differs, as behind a proxy; so does a request without Origin.
    let same_origin = add_domain(vec![("origin", "http://bc.test".into())], "ok.example").await;
    assert_eq!(same_origin, StatusCode::OK);
    let no_origin = add_domain(vec![], "plain.example").await;
    assert_eq!(no_origin, StatusCode::OK);
    assert_eq!(
        scalar(&app.svc, "SELECT COUNT(*) FROM domains").await,
        before + 2
    );
}

/// Sessions are HttpOnly, SameSite=Lax cookies; sign-out ends them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
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
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
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
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
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

/// R-AUD-01: administrators export the audit log (CSV with a BOM, the
/// columns in the reader's language); others may not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
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
    // The columns in the reader's language (the Taiwan admin reads 繁體中文),
    // the values as stored.
    assert!(
        body.starts_with("\u{feff}時間 (UTC),執行者,執行者的組織,動作,"),
        "{body}"
    );
    assert!(
        body.contains("admin@twprecision.example,台灣精密工業股份有限公司,domain.add,domain,"),
        "{body}"
    );
    assert!(
        !body.contains("mueller"),
        "another organization's entries leaked: {body}"
    );
    let english = signed_in(&app.base, "global@contoso-partner.example").await;
    let body = english
        .get(&url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.starts_with("\u{feff}time_utc,actor,"), "{body}");
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
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
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
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
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
        "\u{feff}時間 (UTC),權益,交易,增加,減少,餘額,單位,附註"
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

/// The provider's first Platform Administrator on a database without demo
/// data, as `server create-admin` makes them: the printed link, accepted
/// over HTTP. Returns the answer of the accept call.
async fn first_admin(app: &TestApp, c: &reqwest::Client) -> reqwest::Response {
    let printed = server::cli::create_admin(&app.svc, "ops@example.com")
        .await
        .unwrap();
    let link = printed
        .split_whitespace()
        .find(|w| w.contains("/invitations/"))
        .unwrap();
    let token = link.rsplit_once("/invitations/").unwrap().1;
    c.post(format!("{}/api/accept_invitation", app.base))
        .form(&[
            ("token", token),
            ("name", "Olivia Ops"),
            ("password", "correct horse battery"),
            ("confirm_password", "correct horse battery"),
            ("country", "US"),
            ("accept_terms", "on"),
        ])
        .send()
        .await
        .unwrap()
}

/// Production, the binary's default: no demo data is loaded, `seed`
/// refuses, there is no mailbox and no test clock (404; the clock's server
/// function is refused), and `create-admin` is the way in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn production_mode_has_no_demo_data_mailbox_or_test_clock() {
    let app = spawn(PRODUCTION).await;
    assert_eq!(
        scalar(&app.svc, "SELECT COUNT(*) FROM organizations").await,
        0
    );
    assert!(server::cli::seed(&app.svc).await.is_err());
    assert_eq!(scalar(&app.svc, "SELECT COUNT(*) FROM users").await, 0);
    let c = client();
    let (status, body) = call(
        &c,
        &app.base,
        "login",
        &Body::Form(vec![
            ("email", "ops@bc.example".into()),
            ("password", backend::seed::DEMO_PASSWORD.into()),
        ]),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_codes(&body)[""], "login_failed");

    let get = |path: &'static str| c.get(format!("{}{path}", app.base)).send();
    assert_eq!(
        get("/mailbox").await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let (status, _) = call(&c, &app.base, "mailbox", &Body::Form(vec![])).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let accepted = first_admin(&app, &c).await;
    assert_eq!(accepted.status(), StatusCode::OK);
    let (status, session) = call(&c, &app.base, "session", &Body::Form(vec![])).await;
    assert_eq!(status, StatusCode::OK);
    let session: Value = serde_json::from_str(&session).unwrap();
    assert_eq!(session["user"]["roles"], json!(["provider_administrator"]));
    assert_eq!(session["demo_mode"], json!(false));

    // Signed in as the provider's administrator, whom the clock would serve.
    assert_eq!(
        get("/admin/clock").await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get("/mailbox").await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let (status, body) = call(
        &c,
        &app.base,
        "advance_test_clock",
        &Body::Form(vec![("days", "1".into())]),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("test_clock_disabled"), "{body}");
    assert_eq!(
        scalar(&app.svc, "SELECT offset_ms FROM test_clock WHERE id = 1").await,
        0
    );
    assert_eq!(
        get("/organizations").await.unwrap().status(),
        StatusCode::OK
    );
}

/// The same pages in demo mode, so the 404s above are production's doing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_mode_serves_the_mailbox_and_the_test_clock() {
    let app = spawn(DEMO).await;
    assert!(scalar(&app.svc, "SELECT COUNT(*) FROM organizations").await > 0);
    let c = signed_in(&app.base, "ops@bc.example").await;
    for path in ["/mailbox", "/admin/clock"] {
        let page = c.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK, "{path}");
    }
    let (status, body) = call(
        &c,
        &app.base,
        "advance_test_clock",
        &Body::Form(vec![("days", "1".into())]),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// On an https public URL the session cookie is `__Host-bc_session`
/// (Secure, Path=/, no Domain) and every answer carries HSTS; on http
/// neither.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_deployment_uses_a_host_prefixed_cookie_and_hsts() {
    let app = spawn(Deployment {
        public_url: "https://bc.test",
        ..PRODUCTION
    })
    .await;
    // The cookie store would not send a Secure cookie over this test's plain
    // http, so the cookie goes back by hand.
    let accepted = first_admin(&app, &client()).await;
    assert_eq!(accepted.status(), StatusCode::OK);
    let hsts = "max-age=63072000; includeSubDomains";
    assert_eq!(accepted.headers()["strict-transport-security"], hsts);
    let cookie = accepted.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    let (pair, attributes) = cookie.split_once(';').unwrap();
    assert!(pair.starts_with("__Host-bc_session="), "{cookie}");
    let attributes: Vec<&str> = attributes.split(';').map(str::trim).collect();
    for wanted in ["Path=/", "Secure", "HttpOnly", "SameSite=Lax"] {
        assert!(attributes.contains(&wanted), "{wanted} in {cookie}");
    }
    assert!(
        !attributes
            .iter()
            .any(|a| a.to_ascii_lowercase().starts_with("domain")),
        "{cookie}"
    );
    let page = client()
        .get(format!("{}/organizations", app.base))
        .header("cookie", pair)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()["strict-transport-security"], hsts);
    assert!(page.text().await.unwrap().contains("Olivia Ops"));
    // The unprefixed name means nothing here.
    let token = pair.split_once('=').unwrap().1;
    let plain = client()
        .post(format!("{}/api/list_organizations", app.base))
        .header("cookie", format!("bc_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), StatusCode::UNAUTHORIZED);

    let http = spawn_app().await;
    let page = client()
        .get(format!("{}/login", http.base))
        .send()
        .await
        .unwrap();
    assert!(!page.headers().contains_key("strict-transport-security"));
}

/// R-ORG-09: a visitor whose browser asks for Japanese gets the sign-in page
/// in Japanese (the language select offers it); a user who chooses it, the
/// dashboard.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_org_09_a_japanese_browser_gets_the_sign_in_page_in_japanese() {
    let app = spawn_app().await;
    let page = client()
        .get(format!("{}/login", app.base))
        .header("accept-language", "ja,en-US;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(r#"<html lang="ja-JP""#), "{page}");
    assert!(page.contains("ビジネス センターにサインイン"));
    assert!(page.contains("職場のメール アドレス"));
    assert!(page.contains(r#"value="ja-JP""#) && page.contains("日本語"));

    // A user who chooses Japanese sees the dashboard in it, roles included.
    let c = signed_in(&app.base, "admin@twprecision.example").await;
    let form = Body::Form(vec![("language", "ja-JP".into())]);
    let (status, body) = call(&c, &app.base, "set_language", &form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let page = c.get(format!("{}/", app.base)).send().await.unwrap();
    let page = page.text().await.unwrap();
    assert!(page.contains(r#"<html lang="ja-JP""#), "{page}");
    assert!(page.contains("ようこそ") && page.contains("アカウント管理者"));
}

/// Pages, server function answers and exports may show personal data:
/// `Cache-Control: no-store`. The static files may be cached.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn personal_answers_are_not_stored() {
    let app = spawn_app().await;
    let c = signed_in(&app.base, "admin@twprecision.example").await;
    for path in [
        "/",
        "/users",
        "/login",
        "/no-such-page",
        "/exports/audit-log.csv",
    ] {
        let response = c.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(
            response
                .headers()
                .get("cache-control")
                .map(|v| v.to_str().unwrap()),
            Some("no-store"),
            "{path}"
        );
    }
    let answer = c
        .post(format!("{}/api/session", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.headers()["cache-control"], "no-store");
    let icon = c
        .get(format!("{}/favicon.ico", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(icon.status(), StatusCode::OK);
    assert!(!icon.headers().contains_key("cache-control"));
}

/// The client address of the rate limits (`login:client:…`): the TCP peer,
/// unless the peer is a trusted proxy; then the right-most address in
/// `X-Forwarded-For` that is not a trusted proxy.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn x_forwarded_for_names_the_client_only_behind_a_trusted_proxy() {
    async fn failed_sign_in_from(app: &TestApp, forwarded_for: &str) -> Vec<String> {
        let status = client()
            .post(format!("{}/api/login", app.base))
            .header("x-forwarded-for", forwarded_for)
            .form(&[
                ("email", "nobody@example.com"),
                ("password", "wrong-password!"),
            ])
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let buckets = sqlx::query_scalar(
            "SELECT bucket FROM rate_limit_events WHERE bucket LIKE 'login:client:%' ORDER BY id",
        )
        .fetch_all(app.svc.db.pool())
        .await
        .unwrap();
        sqlx::query("DELETE FROM rate_limit_events")
            .execute(app.svc.db.pool())
            .await
            .unwrap();
        buckets
    }
    // Nobody trusted (the default): the header is anyone's to write.
    let direct = spawn(PRODUCTION).await;
    assert_eq!(
        failed_sign_in_from(&direct, "198.51.100.7").await,
        ["login:client:127.0.0.1"]
    );
    // Behind a trusted proxy on 127.0.0.1 (and one at 10.0.0.2 before it).
    let proxied = spawn(Deployment {
        trusted_proxies: "127.0.0.1, 10.0.0.0/8",
        ..PRODUCTION
    })
    .await;
    assert_eq!(
        failed_sign_in_from(&proxied, "198.51.100.7").await,
        ["login:client:198.51.100.7"]
    );
    assert_eq!(
        failed_sign_in_from(&proxied, "6.6.6.6, 198.51.100.7, 10.0.0.2").await,
        ["login:client:198.51.100.7"]
    );
}

/// R-SUB-10 over HTTP, as the seat form posts: only a pin the server signed
/// for the subscription as it is now commits; backdated or altered it is
/// 422 `preview_pin_invalid`, replayed after the change 422
/// `preview_pin_stale`, and neither changes anything.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_sub_10_seat_changes_need_the_servers_current_pin() {
    use domain::subscription_views::Pinned;
    let app = spawn_app().await;
    let c = signed_in(&app.base, "sales@contoso-partner.example").await;
    let id = scalar(
        &app.svc,
        "SELECT id FROM subscriptions WHERE offer_id = 'o365-e3'",
    )
    .await;
    let seats_sql =
        format!("SELECT CAST(SUM(seats) AS BIGINT) FROM seat_additions WHERE subscription_id = {id} AND closed = 0");
    let seats = scalar(&app.svc, &seats_sql).await;
    let (status, body) = call(
        &c,
        &app.base,
        "pin_preview",
        &Body::Form(vec![("id", id.to_string())]),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let pinned: Pinned = serde_json::from_str(&body).unwrap();
    let one_more = domain::Seats::new(seats as u32 + 1).unwrap();
    let expected = domain::plan_seat_change(&pinned.state, one_more, pinned.as_of)
        .unwrap()
        .amount()
        .minor;
    let post = |pin: String| {
        Body::Form(vec![
            ("form[subscription_id]", id.to_string()),
            ("form[seats]", one_more.get().to_string()),
            ("form[pin]", pin),
            ("form[expected]", expected.to_string()),
        ])
    };
    let (at, rest) = pinned.pin.split_once('.').unwrap();
    let at: i64 = at.parse().unwrap();
    let (version, tag) = rest.split_once('.').unwrap();
    let backdated = format!("{}.{version}.{tag}", at - 10 * 60_000);
    let altered = format!("{at}.{}.{tag}", version.parse::<u32>().unwrap() + 1);
    for pin in [backdated, altered] {
        let (status, body) = call(&c, &app.base, "change_seats", &post(pin.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{pin}: {body}");
        assert_eq!(field_codes(&body)[""], "preview_pin_invalid", "{pin}");
    }
    assert_eq!(scalar(&app.svc, &seats_sql).await, seats, "nothing changed");

    let (status, body) = call(&c, &app.base, "change_seats", &post(pinned.pin.clone())).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(scalar(&app.svc, &seats_sql).await, seats + 1);
    let (status, body) = call(&c, &app.base, "change_seats", &post(pinned.pin)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(field_codes(&body)[""], "preview_pin_stale");
    assert_eq!(scalar(&app.svc, &seats_sql).await, seats + 1);
}

/// A body the server cannot decode is 400 with a field code (the missing
/// field named, else `body_invalid`), never 500 with the decoder's text;
/// nothing changes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undecodable_bodies_are_400_with_a_field_code() {
    let app = spawn_app().await;
    let c = signed_in(&app.base, "sales@contoso-partner.example").await;
    let id = scalar(
        &app.svc,
        "SELECT id FROM subscriptions WHERE offer_id = 'o365-e3'",
    )
    .await;
    let seats_sql = format!(
        "SELECT CAST(SUM(seats) AS BIGINT) FROM seat_additions WHERE subscription_id = {id}"
    );
    let seats = scalar(&app.svc, &seats_sql).await;
    // The seat form's fields, one of them left out or changed.
    let form = |name: &str, value: Option<&str>| {
        [
            ("form[subscription_id]", id.to_string()),
            ("form[seats]", (seats + 1).to_string()),
            ("form[pin]", "0.0.x".to_string()),
            ("form[expected]", "100".to_string()),
        ]
        .into_iter()
        .filter_map(|(field, valid)| match (field == name, value) {
            (false, _) => Some((field, valid)),
            (true, Some(value)) => Some((field, value.to_string())),
            (true, None) => None,
        })
        .collect::<Vec<_>>()
    };
    let cases = [
        (
            "a missing field",
            form("form[pin]", None),
            "pin",
            "field_missing",
        ),
        ("no field at all", vec![], "form", "field_missing"),
        (
            "letters for a number",
            form("form[subscription_id]", Some("abc")),
            "",
            "body_invalid",
        ),
        (
            "letters for the amount",
            form("form[expected]", Some("ten")),
            "",
            "body_invalid",
        ),
        (
            "a 25-digit number",
            form("form[expected]", Some("1234567890123456789012345")),
            "",
            "body_invalid",
        ),
    ];
    for (what, fields, field, code) in cases {
        let (status, body) = call(&c, &app.base, "change_seats", &Body::Form(fields)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{what}: {body}");
        let error: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            error,
            json!({ "BadRequest": { "field": field, "code": code, "params": [] } }),
            "{what}"
        );
    }
    // Bytes that are not UTF-8, and JSON that is not.
    let raw = |name: &str, content_type: &'static str, bytes: Vec<u8>| {
        c.post(format!("{}/api/{name}", app.base))
            .header("content-type", content_type)
            .body(bytes)
            .send()
    };
    for response in [
        raw(
            "change_seats",
            "application/x-www-form-urlencoded",
            b"form[pin]=\xff\xfe".to_vec(),
        )
        .await
        .unwrap(),
        raw(
            "load_catalog",
            "application/json",
            b"{\"customer_id\": ".to_vec(),
        )
        .await
        .unwrap(),
    ] {
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let body = response.text().await.unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(&body).unwrap()["BadRequest"]["code"],
            "body_invalid",
            "{body}"
        );
    }
    assert_eq!(scalar(&app.svc, &seats_sql).await, seats, "nothing changed");
}

/// The page's status and its visible text.
async fn page(c: &reqwest::Client, base: &str, path: &str) -> (StatusCode, String) {
    let response = c.get(format!("{base}{path}")).send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

/// Error pages answer with their status: 403 for a page the user may not
/// see, 404 for one that does not exist. (The Taiwan users read zh-TW.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_pages_answer_with_their_status() {
    let app = spawn_app().await;
    let reports = signed_in(&app.base, "reports@twprecision.example").await;
    let (status, html) = page(&reports, &app.base, "/users/invite").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(html.contains("您沒有檢視此內容的權限。"), "{html}");
    // Refused by the server function behind the page.
    let admin = signed_in(&app.base, "admin@twprecision.example").await;
    let (status, _) = page(&admin, &app.base, "/organizations").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, html) = page(&admin, &app.base, "/no-such-page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("此頁面不存在。"), "{html}");
    // A path that is no route knows the session too: not shown signed out.
    assert!(html.contains("林雅婷"), "{html}");
    let (status, _) = page(&admin, &app.base, "/agreements").await;
    assert_eq!(status, StatusCode::OK);
}

/// Issue 18 §1: without wasm, "Invite another user" is a link that loads
/// the form with one more row, as the server renders it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invite_another_user_works_without_javascript() {
    let app = spawn_app().await;
    let admin = signed_in(&app.base, "global@contoso-partner.example").await;
    let (status, html) = page(&admin, &app.base, "/users/invite").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("data-testid=\"invite-row-0\"") && !html.contains("invite-row-1"),
        "one row"
    );
    assert!(html.contains("href=\"?rows=2\""), "{html}");
    let (_, html) = page(&admin, &app.base, "/users/invite?rows=3").await;
    for row in 0..3 {
        assert!(
            html.contains(&format!("data-testid=\"invite-row-{row}\"")),
            "row {row}"
        );
        assert!(
            html.contains(&format!("name=\"rows[{row}][email]\"")),
            "row {row}'s fields"
        );
    }
    assert!(html.contains("href=\"?rows=4\""), "{html}");
}

/// R-SUB-23: the page of a subscription deleted at its term's end (it was
/// suspended) answers 410 and says so, in the reader's language, rather
/// than "you don't have permission".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_sub_23_a_deleted_subscriptions_page_says_it_was_deleted() {
    let app = spawn_app().await;
    let id = scalar(
        &app.svc,
        "SELECT id FROM subscriptions WHERE offer_id = 'o365-e3'",
    )
    .await;
    sqlx::query("UPDATE subscriptions SET status = 'deleted', auto_renew = 0 WHERE id = $1")
        .bind(id)
        .execute(app.svc.db.pool())
        .await
        .unwrap();
    let sales = signed_in(&app.base, "sales@contoso-partner.example").await;
    let (status, html) = page(&sales, &app.base, &format!("/subscriptions/{id}")).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(
        html.contains("This subscription was deleted: its term ended on 20"),
        "{html}"
    );
    assert!(html.contains("while it was suspended"), "{html}");
    let admin = signed_in(&app.base, "admin@twprecision.example").await;
    let (status, html) = page(&admin, &app.base, &format!("/subscriptions/{id}")).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(html.contains("此訂用帳戶已刪除"), "{html}");
}

/// A database that is down: every page, server function, export and the
/// health check answers 503 with `Retry-After`; a signed-in user sees the
/// 503 page, not the sign-in page as if signed out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_that_is_down_is_503_with_retry_after() {
    let app = spawn_app().await;
    let c = signed_in(&app.base, "admin@twprecision.example").await;
    app.svc.db.pool().close().await;

    let response = c.get(format!("{}/", app.base)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.headers()["retry-after"], "5");
    assert!(response.headers().get("location").is_none(), "no redirect");
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Business Center is unavailable for a moment."),
        "{html}"
    );
    assert!(!html.contains("Sign in"), "not shown as signed out: {html}");

    for name in ["list_agreements", "session"] {
        let response = c
            .post(format!("{}/api/{name}", app.base))
            .form(&[("", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE, "{name}");
        assert_eq!(response.headers()["retry-after"], "5", "{name}");
        assert_eq!(response.text().await.unwrap(), "\"Unavailable\"", "{name}");
    }
    let (status, body) = call(
        &client(),
        &app.base,
        "login",
        &Body::Form(vec![
            ("email", "admin@twprecision.example".into()),
            ("password", backend::seed::DEMO_PASSWORD.into()),
        ]),
    )
    .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    let export = c
        .get(format!("{}/exports/audit-log.csv", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(export.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(export.headers()["retry-after"], "5");
    let health = client()
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::SERVICE_UNAVAILABLE);
}

/// A part of a page whose data cannot be read shows the failure, not
/// "nothing there": the partner's benefit-permission panel does not offer
/// to ask for a permission it could not look up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panel_that_cannot_load_shows_the_failure() {
    let app = spawn_app().await;
    let c = signed_in(&app.base, "global@contoso-partner.example").await;
    let customer = scalar(
        &app.svc,
        "SELECT id FROM organizations WHERE name = '台灣精密工業股份有限公司'",
    )
    .await;
    let path = format!("/customers/{customer}");
    let (status, html) = page(&c, &app.base, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("request-benefit-permission"), "{html}");

    sqlx::query("ALTER TABLE benefit_delegations RENAME TO benefit_delegations_gone")
        .execute(app.svc.db.pool())
        .await
        .unwrap();
    let (_, html) = page(&c, &app.base, &path).await;
    assert!(
        html.contains("customer-agreements"),
        "the rest of the page: {html}"
    );
    assert!(!html.contains("request-benefit-permission"), "{html}");
    assert!(
        html.contains("Something went wrong on our side. Please try again."),
        "{html}"
    );
}

/// R-SUB-21: while the billing job holds its claim on a subscription,
/// suspending it answers 409 `subscription_processing` with `Retry-After`
/// (the claim's seconds left, at most 120), and its page says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r_sub_21_a_change_during_processing_is_409_with_retry_after() {
    let app = spawn_app().await;
    let sales = signed_in(&app.base, "sales@contoso-partner.example").await;
    let id = scalar(
        &app.svc,
        "SELECT s.id FROM subscriptions s JOIN organizations p ON p.id = s.partner_org_id \
         WHERE s.status = 'active' AND s.trial = 0 AND p.name LIKE 'Contoso%' ORDER BY s.id LIMIT 1",
    )
    .await;
    let until = app.svc.clock.now().plus(domain::PROCESSING_LEASE).millis();
    let mut tx = app.svc.db.begin().await.unwrap();
    sqlx::query(
        "UPDATE subscriptions SET processing = 'cycle_charge', processing_until = $1 WHERE id = $2",
    )
    .bind(until)
    .bind(id)
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let response = sales
        .post(format!("{}/api/set_subscription_status", app.base))
        .form(&[("id", id.to_string()), ("action", "suspend".into())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let seconds: u32 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=120).contains(&seconds), "{seconds}");
    let body = response.text().await.unwrap();
    assert!(body.contains("subscription_processing"), "{body}");
    assert_eq!(
        scalar(
            &app.svc,
            &format!("SELECT COUNT(*) FROM subscriptions WHERE id = {id} AND status = 'active'")
        )
        .await,
        1,
        "unchanged"
    );
    let (status, html) = page(&sales, &app.base, &format!("/subscriptions/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"data-testid="processing""#), "{html}");
}
