//! Demo data (loaded when the database is empty in demo mode): a provider,
//! two partners, three customers (Taiwan, Australia, Germany), a user in
//! every role, domains, a pending and an expired invitation. The README
//! lists the accounts.

use domain::{Email, Language, OrgKind, Role, Span, Timestamp};

use crate::accounts::agreements::insert_organization;
use crate::accounts::invitations::{self, InvitationEmail, Invitee};
use crate::db::Tx;
use crate::error::Result;
use crate::passwords;
use crate::services::Services;

/// Every demo account signs in with this password.
pub const DEMO_PASSWORD: &str = "BusinessCenter-2026";

pub struct DemoUser {
    pub email: &'static str,
    pub name: &'static str,
    pub role: Role,
}

const fn user(email: &'static str, name: &'static str, role: Role) -> DemoUser {
    DemoUser { email, name, role }
}

pub const PROVIDER_USERS: &[DemoUser] = &[user(
    "ops@bc.example",
    "Olivia Operator",
    Role::ProviderAdministrator,
)];

pub const TAIWAN_USERS: &[DemoUser] = &[
    user(
        "admin@twprecision.example",
        "林雅婷 Lin Ya-ting",
        Role::AccountAdministrator,
    ),
    user(
        "agreements@twprecision.example",
        "陳志明 Chen Chih-ming",
        Role::AgreementAdministrator,
    ),
    user(
        "useradmin@twprecision.example",
        "王美玲 Wang Mei-ling",
        Role::UserAdministrator,
    ),
    user(
        "manager@twprecision.example",
        "張家豪 Chang Chia-hao",
        Role::AccountManager,
    ),
    user(
        "reports@twprecision.example",
        "李淑芬 Li Shu-fen",
        Role::ReportViewer,
    ),
    user(
        "viewer@twprecision.example",
        "黃建宏 Huang Chien-hung",
        Role::AccountViewer,
    ),
];

pub const GERMANY_USERS: &[DemoUser] = &[user(
    "anna@mueller.example",
    "Anna Müller",
    Role::AccountAdministrator,
)];

pub const CONTOSO_USERS: &[DemoUser] = &[
    user(
        "global@contoso-partner.example",
        "Grace Global",
        Role::GlobalAdministrator,
    ),
    user(
        "adminagent@contoso-partner.example",
        "Adam Agent",
        Role::AdminAgent,
    ),
    user(
        "billing@contoso-partner.example",
        "Bella Billing",
        Role::BillingAdmin,
    ),
    user(
        "sales@contoso-partner.example",
        "Sam Sales",
        Role::SalesAgent,
    ),
    user(
        "helpdesk@contoso-partner.example",
        "Hank Helpdesk",
        Role::HelpdeskAgent,
    ),
    user(
        "accountadmin@contoso-partner.example",
        "Alice Accounts",
        Role::PartnerAccountAdmin,
    ),
    user(
        "referral@contoso-partner.example",
        "Rita Referral",
        Role::ReferralAdmin,
    ),
    user(
        "marketing@contoso-partner.example",
        "Mark Marketing",
        Role::MarketingContentAdmin,
    ),
    user(
        "mpn@contoso-partner.example",
        "Mona MPN",
        Role::MpnPartnerAdmin,
    ),
];

pub const FABRIKAM_USERS: &[DemoUser] = &[user(
    "global@fabrikam.example",
    "Fiona Fabrikam",
    Role::GlobalAdministrator,
)];

/// The invitation still waiting in the demo mailbox.
pub const PENDING_ADMIN: &str = "harry@wingtip.example";
/// An invitation sent 61 days ago (its link shows the expiry page).
pub const EXPIRED_ADMIN: &str = "klaus@mueller.example";

pub async fn load_demo(svc: &Services) -> Result<()> {
    let now = svc.now().await?;
    let hash = passwords::hash_blocking(DEMO_PASSWORD)?;
    // Read (or made) before the transaction: on SQLite it is the one writer.
    let secret = svc.secret().await?;

    // One transaction: a failure leaves the database empty, so the next
    // start seeds again instead of serving half a demo.
    let mut tx = svc.db.begin().await?;
    let mut org = async |name: &str, kind: OrgKind, country: &str| {
        insert_organization(&mut tx, name, kind, country, now).await
    };
    let provider = org("Business Center Operations", OrgKind::Provider, "US").await?;
    let contoso = org("Contoso Partner Solutions 康拓夥伴", OrgKind::Partner, "TW").await?;
    let fabrikam = org("Fabrikam Cloud Partners", OrgKind::Partner, "AU").await?;
    let taiwan = org("台灣精密工業股份有限公司", OrgKind::Customer, "TW").await?;
    let wingtip = org("Wingtip Toys Pty Ltd", OrgKind::Customer, "AU").await?;
    let mueller = org("Müller Maschinenbau GmbH", OrgKind::Customer, "DE").await?;

    for (org, users, lang, country) in [
        (provider, PROVIDER_USERS, Language::En, "US"),
        (contoso, CONTOSO_USERS, Language::En, "TW"),
        (fabrikam, FABRIKAM_USERS, Language::En, "AU"),
        (taiwan, TAIWAN_USERS, Language::ZhTw, "TW"),
        (mueller, GERMANY_USERS, Language::En, "DE"),
    ] {
        for u in users {
            insert_user(&mut tx, org, u, &hash, lang, country, now.millis()).await?;
        }
    }

    let tw_account = agreement(
        &mut tx,
        taiwan,
        "1234567890",
        "100200300",
        "台北總部 Taipei HQ",
        "admin@twprecision.example",
        now.millis(),
    )
    .await?;
    let tw_plant = agreement(
        &mut tx,
        taiwan,
        "1234567891",
        "100200301",
        "新竹廠 Hsinchu Plant",
        "admin@twprecision.example",
        now.millis(),
    )
    .await?;
    let wingtip_account = agreement(
        &mut tx,
        wingtip,
        "2345678901",
        "200300400",
        "Wingtip Sydney",
        PENDING_ADMIN,
        now.millis(),
    )
    .await?;
    let mueller_account = agreement(
        &mut tx,
        mueller,
        "3456789012",
        "300400500",
        "Müller Stuttgart",
        "anna@mueller.example",
        now.millis(),
    )
    .await?;
    let mueller_munich = agreement(
        &mut tx,
        mueller,
        "3456789013",
        "300400501",
        "Müller München",
        EXPIRED_ADMIN,
        now.millis(),
    )
    .await?;

    for (account, name) in [
        (tw_account, "twprecision.example"),
        (tw_account, "tw-precision.example"),
        (wingtip_account, "wingtip.example"),
        (mueller_account, "mueller.example"),
    ] {
        sqlx::query(
            "INSERT INTO domains (purchasing_account_id, name, created_at) VALUES ($1, $2, $3)",
        )
        .bind(account)
        .bind(name)
        .bind(now.millis())
        .execute(&mut *tx)
        .await?;
    }

    crate::benefits::demo::load(&mut tx, tw_account, tw_plant, mueller_account, now).await?;

    for (partner, customer, status) in [
        (contoso, taiwan, "accepted"),
        (fabrikam, wingtip, "accepted"),
        (contoso, mueller, "pending"),
    ] {
        sqlx::query(
            "INSERT INTO relationships (partner_org_id, customer_org_id, status, requested_at, decided_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(partner)
        .bind(customer)
        .bind(status)
        .bind(now.millis())
        .bind((status == "accepted").then_some(now.millis()))
        .execute(&mut *tx)
        .await?;
    }
    crate::benefits::demo::approved_delegation(&mut tx, fabrikam, wingtip, now).await?;

    for (org, org_name, account, agreement_number, email, name, language, country, sent) in [
        (
            wingtip,
            "Wingtip Toys Pty Ltd",
            wingtip_account,
            "2345678901",
            PENDING_ADMIN,
            "Harry Roldan",
            Language::En,
            "AU",
            now,
        ),
        (
            mueller,
            "Müller Maschinenbau GmbH",
            mueller_munich,
            "3456789013",
            EXPIRED_ADMIN,
            "Klaus Becker",
            Language::En,
            "DE",
            now.minus(Span::days(61)),
        ),
    ] {
        invitations::create(
            svc,
            &mut tx,
            None,
            &Invitee {
                org_id: org,
                purchasing_account_id: Some(account),
                email: Email::parse(email).expect("demo emails are valid"),
                name: name.to_string(),
                language,
                country: country.to_string(),
                roles: vec![Role::AccountAdministrator],
            },
            InvitationEmail::PurchasingAccountAdmin {
                org_name,
                agreement: agreement_number,
            },
            sent,
        )
        .await?;
    }
    demo_subscriptions(&mut tx, contoso, taiwan, fabrikam, wingtip, now).await?;
    // Seed 002: Contoso sold the Taiwan customer a perpetual license 10
    // days ago (inside its 60 days to cancel) and a software subscription
    // 75 days ago (past them).
    for (product, quantity, days_ago) in [
        ("windows-server-2025-standard-perpetual", 4, 10),
        ("sql-server-2022-standard-sub-1y", 2, 75),
    ] {
        crate::software::purchases::seed(
            &mut tx,
            secret,
            taiwan,
            contoso,
            product,
            quantity,
            now.minus(Span::days(days_ago)),
        )
        .await?;
    }
    crate::mpn::demo::seed(&mut tx, contoso, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Subscriptions bought at different times, so some reduction windows are
/// open and some closed; the billing job charges the periods since.
async fn demo_subscriptions(
    tx: &mut Tx,
    contoso: i64,
    taiwan: i64,
    fabrikam: i64,
    wingtip: i64,
    now: Timestamp,
) -> Result<()> {
    use domain::{BillingFrequency as F, Term as T};
    for (partner, customer, offer, term, frequency, seats, days_ago) in [
        (
            contoso,
            taiwan,
            "m365-business-premium",
            T::P1Y,
            F::Monthly,
            30,
            2,
        ),
        (contoso, taiwan, "o365-e3", T::P1Y, F::Annual, 120, 40),
        (
            contoso,
            taiwan,
            "defender-endpoint-p1",
            T::P1M,
            F::Monthly,
            50,
            10,
        ),
        (
            fabrikam,
            wingtip,
            "contoso-backup-m365",
            T::P1Y,
            F::Monthly,
            25,
            1,
        ),
        (
            fabrikam,
            wingtip,
            "m365-business-standard",
            T::P1Y,
            F::Monthly,
            15,
            3,
        ),
    ] {
        crate::subscriptions::provisioning::seed_subscription(
            tx,
            customer,
            partner,
            offer,
            term,
            frequency,
            seats,
            now.minus(Span::days(days_ago)),
        )
        .await?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn insert_user(
    tx: &mut Tx,
    org: i64,
    u: &DemoUser,
    hash: &str,
    lang: Language,
    country: &str,
    now: i64,
) -> Result<()> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (org_id, email, name, password_hash, language, country, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(org)
    .bind(u.email)
    .bind(u.name)
    .bind(hash)
    .bind(lang.code())
    .bind(country)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
        .bind(id)
        .bind(u.role.code())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// An agreement with one purchasing account; returns the account's id.
async fn agreement(
    tx: &mut Tx,
    org: i64,
    number: &str,
    account: &str,
    name: &str,
    admin: &str,
    now: i64,
) -> Result<i64> {
    let agreement_id: i64 = sqlx::query_scalar(
        "INSERT INTO agreements (org_id, number, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(org)
    .bind(number)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(sqlx::query_scalar(
        "INSERT INTO purchasing_accounts (agreement_id, number, name, admin_email) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(agreement_id)
    .bind(account)
    .bind(name)
    .bind(admin)
    .fetch_one(&mut **tx)
    .await?)
}

/// Every demo account, for the start-up banner.
pub fn all_users() -> impl Iterator<Item = (&'static str, &'static DemoUser)> {
    [
        ("Business Center Operations (provider)", PROVIDER_USERS),
        ("台灣精密工業 (customer, Taiwan)", TAIWAN_USERS),
        ("Müller Maschinenbau (customer, Germany)", GERMANY_USERS),
        ("Contoso Partner Solutions (partner)", CONTOSO_USERS),
        ("Fabrikam Cloud Partners (partner)", FABRIKAM_USERS),
    ]
    .into_iter()
    .flat_map(|(org, users)| users.iter().map(move |u| (org, u)))
}
