//! Accounts and organizations (SPEC §1) against a real database: SQLite
//! always, PostgreSQL too when BC_TEST_POSTGRES_URL is set.

use crate::common;

use backend::accounts::agreements::{create_agreement, NewAgreementForm};
use backend::accounts::domains::{add_domain, list_domains, remove_domain};
use backend::accounts::invitations::{
    accept, link_state, resend, AcceptForm, LinkState, ResendForm,
};
use backend::accounts::relationships::{self, RelationshipStatus, RequestForm};
use backend::accounts::users::{invite_users, list_users, remove_user, set_roles, InviteRow};
use backend::{Error, Services};
use common::*;
use domain::{InvitationError, Span};

fn accept_form(token: &str) -> AcceptForm {
    AcceptForm {
        token: token.to_string(),
        name: "Harry Roldan".into(),
        password: "correct horse battery".into(),
        confirm_password: "correct horse battery".into(),
        country: "AU".into(),
        accept_terms: true,
    }
}

fn new_agreement() -> NewAgreementForm {
    NewAgreementForm {
        org_name: "Northwind Traders".into(),
        country: "TW".into(),
        agreement_number: "5550001111".into(),
        purchasing_account_number: "700800900".into(),
        purchasing_account_name: "Northwind HQ".into(),
        admin_email: "Nora@Northwind.example".into(),
        admin_name: "Nora North".into(),
        admin_language: "zh-TW".into(),
    }
}

fn invite_row(email: &str, roles: &[&str]) -> InviteRow {
    InviteRow {
        email: email.into(),
        name: "New Person".into(),
        language: "en".into(),
        country: "TW".into(),
        roles: roles.iter().map(|r| r.to_string()).collect(),
    }
}

async fn agreement_invitation(svc: &Services) -> String {
    let provider = sign_in(svc, "ops@bc.example").await;
    create_agreement(svc, &provider, &new_agreement())
        .await
        .expect("agreement created");
    latest_link_token(svc, "nora@northwind.example")
        .await
        .expect("invitation email in the outbox")
}

/// R-ORG-02: creating an agreement invites its purchasing account
/// administrator, in their language, in the same transaction (R-NOT-01, R-AUD-01).
#[tokio::test]
async fn r_org_02_creating_an_agreement_invites_the_purchasing_account_administrator() {
    on_each_database(|svc| async move {
        let before = outbox_count(&svc).await;
        let token = agreement_invitation(&svc).await;
        assert_eq!(outbox_count(&svc).await, before + 1);
        let mail = backend::outbox::list(&svc.db, 1).await.unwrap().remove(0);
        assert_eq!(mail.to, "nora@northwind.example");
        assert_eq!(mail.language, "zh-TW");
        assert!(mail.body.contains("5550001111"), "{}", mail.body);
        assert!(matches!(link_state(&svc, &token).await.unwrap(), LinkState::Valid { .. }));
        let audits = count(&svc, "SELECT COUNT(*) FROM audit_log WHERE action IN ('agreement.create', 'invitation.send')").await;
        assert!(audits >= 2);

        // A taken agreement number changes nothing.
        let provider = sign_in(&svc, "ops@bc.example").await;
        let orgs = count(&svc, "SELECT COUNT(*) FROM organizations").await;
        let again = create_agreement(&svc, &provider, &new_agreement()).await;
        assert_eq!(codes(again), vec![("agreement_number".into(), "agreement_number_taken".into())]);
        assert_eq!(count(&svc, "SELECT COUNT(*) FROM organizations").await, orgs);

        // Only the provider creates agreements.
        let customer = sign_in(&svc, "admin@twprecision.example").await;
        assert!(matches!(create_agreement(&svc, &customer, &new_agreement()).await, Err(Error::Forbidden)));
    })
    .await;
}

/// R-ORG-03: the link works until 60 days after sending, not at 60 days.
#[tokio::test]
async fn r_org_03_invitation_expires_at_exactly_60_days() {
    on_each_database(|svc| async move {
        let token = agreement_invitation(&svc).await;
        svc.clock
            .advance(Span::millis(Span::days(60).as_millis() - 1));
        assert!(matches!(
            link_state(&svc, &token).await.unwrap(),
            LinkState::Valid { .. }
        ));
        svc.clock.advance(Span::millis(1));
        let expired_at = common::start().plus(Span::days(60));
        assert_eq!(
            link_state(&svc, &token).await.unwrap(),
            LinkState::Invalid(InvitationError::Expired { expired_at })
        );
        let refused = accept(&svc, &accept_form(&token), "c").await;
        assert_eq!(
            codes(refused),
            vec![(String::new(), "invitation_expired".into())]
        );
        assert_eq!(
            count(
                &svc,
                "SELECT COUNT(*) FROM users WHERE email = 'nora@northwind.example'"
            )
            .await,
            0
        );
    })
    .await;
}

/// R-ORG-05: accepting creates the account with the invited roles and signs
/// in; the link works once, even when two accepts race.
#[tokio::test]
async fn r_org_05_accept_creates_the_account_once() {
    on_each_database(|svc| async move {
        let token = agreement_invitation(&svc).await;
        let form = accept_form(&token);
        let (a, b) = tokio::join!(accept(&svc, &form, "c"), accept(&svc, &form, "c"));
        let successes = [&a, &b].iter().filter(|r| r.is_ok()).count();
        assert_eq!(successes, 1, "exactly one accept wins: {a:?} / {b:?}");
        let session = a.or(b).unwrap();
        assert_eq!(session.actor.email, "nora@northwind.example");
        assert_eq!(
            session.actor.roles,
            vec![domain::Role::AccountAdministrator]
        );
        assert_eq!(session.actor.language, domain::Language::ZhTw);
        assert_eq!(
            link_state(&svc, &token).await.unwrap(),
            LinkState::Invalid(InvitationError::AlreadyUsed)
        );
        let again = accept(&svc, &accept_form(&token), "c").await;
        assert_eq!(
            codes(again),
            vec![(String::new(), "invitation_used".into())]
        );
        // R-ORG-06: the new account signs in with its password.
        let login =
            backend::sessions::login(&svc, "NORA@northwind.example", "correct horse battery", "t")
                .await;
        assert!(login.is_ok());
    })
    .await;
}

/// Bad input is explained field by field and changes nothing.
#[tokio::test]
async fn r_org_05_accept_validates_every_field_and_keeps_the_link() {
    on_each_database(|svc| async move {
        let token = agreement_invitation(&svc).await;
        let mut form = accept_form(&token);
        form.name = "  ".into();
        form.confirm_password = "something else entirely".into();
        form.country = "XX".into();
        form.accept_terms = false;
        let mut got = codes(accept(&svc, &form, "c").await);
        got.sort();
        assert_eq!(
            got,
            vec![
                ("accept_terms".into(), "terms_not_accepted".into()),
                ("country".into(), "country_unknown".into()),
                ("name".into(), "name_empty".into()),
                ("password".into(), "password_mismatch".into()),
            ]
        );
        assert!(matches!(
            link_state(&svc, &token).await.unwrap(),
            LinkState::Valid { .. }
        ));
    })
    .await;
}

fn resend_form(email: &str, agreement: &str, account: &str) -> ResendForm {
    ResendForm {
        email: email.into(),
        agreement_number: agreement.into(),
        purchasing_account_number: account.into(),
    }
}

/// R-ORG-04: a mismatch sends nothing; a match sends a fresh 60-day link and
/// the old one stops working; a registered person gets nothing.
#[tokio::test]
async fn r_org_04_resend_matches_all_three_and_replaces_the_link() {
    on_each_database(|svc| async move {
        let old = latest_link_token(&svc, "harry@wingtip.example")
            .await
            .unwrap();
        let before = outbox_count(&svc).await;
        for (email, agreement, account) in [
            ("harry@wingtip.example", "2345678901", "999999999"),
            ("harry@wingtip.example", "1234567890", "200300400"),
            ("someone@wingtip.example", "2345678901", "200300400"),
        ] {
            resend(&svc, &resend_form(email, agreement, account), "c1")
                .await
                .expect("neutral answer");
        }
        assert_eq!(outbox_count(&svc).await, before, "no match, no email");

        svc.clock.advance(Span::days(59));
        resend(
            &svc,
            &resend_form(" Harry@Wingtip.example ", "2345678901", "200300400"),
            "c1",
        )
        .await
        .unwrap();
        assert_eq!(outbox_count(&svc).await, before + 1);
        let new = latest_link_token(&svc, "harry@wingtip.example")
            .await
            .unwrap();
        assert_ne!(new, old);
        assert_eq!(
            link_state(&svc, &old).await.unwrap(),
            LinkState::Invalid(InvitationError::Superseded)
        );
        // The new link has its own 60 days.
        svc.clock.advance(Span::days(59));
        assert!(matches!(
            link_state(&svc, &new).await.unwrap(),
            LinkState::Valid { .. }
        ));

        // Registered people get no invitation.
        accept(&svc, &accept_form(&new), "c").await.unwrap();
        let after = outbox_count(&svc).await;
        resend(
            &svc,
            &resend_form("harry@wingtip.example", "2345678901", "200300400"),
            "c1",
        )
        .await
        .unwrap();
        assert_eq!(outbox_count(&svc).await, after);
    })
    .await;
}

/// R-ORG-04: malformed input is refused; repeated requests are throttled
/// per email and per client, whether or not they match.
#[tokio::test]
async fn r_org_04_resend_validates_and_is_rate_limited() {
    on_each_database(|svc| async move {
        let bad = resend(&svc, &resend_form("not-an-email", "123", "x"), "c2").await;
        let mut got = codes(bad);
        got.sort();
        assert_eq!(
            got,
            vec![
                ("agreement_number".into(), "agreement_number_invalid".into()),
                ("email".into(), "email_invalid".into()),
                (
                    "purchasing_account_number".into(),
                    "purchasing_account_number_invalid".into()
                ),
            ]
        );
        for _ in 0..domain::RESEND_PER_EMAIL.max {
            resend(
                &svc,
                &resend_form("x@wingtip.example", "2345678901", "200300400"),
                "c3",
            )
            .await
            .unwrap();
        }
        let limited = resend(
            &svc,
            &resend_form("x@wingtip.example", "2345678901", "200300400"),
            "c4",
        )
        .await;
        assert!(matches!(limited, Err(Error::RateLimited)), "{limited:?}");
        svc.clock.advance(domain::RESEND_PER_EMAIL.window);
        resend(
            &svc,
            &resend_form("x@wingtip.example", "2345678901", "200300400"),
            "c4",
        )
        .await
        .unwrap();
    })
    .await;
}

/// R-ORG-06: one answer for an unknown email and a wrong password; throttled.
#[tokio::test]
async fn r_org_06_sign_in_does_not_reveal_accounts_and_is_throttled() {
    on_each_database(|svc| async move {
        let unknown =
            backend::sessions::login(&svc, "nobody@twprecision.example", "whatever-password", "c")
                .await;
        let wrong =
            backend::sessions::login(&svc, "admin@twprecision.example", "whatever-password", "c")
                .await;
        assert_eq!(codes(unknown), codes(wrong));
        for _ in 1..domain::LOGIN_PER_EMAIL.max {
            let _ =
                backend::sessions::login(&svc, "admin@twprecision.example", "wrong-password!", "c")
                    .await;
        }
        let limited = backend::sessions::login(
            &svc,
            "admin@twprecision.example",
            backend::seed::DEMO_PASSWORD,
            "c",
        )
        .await;
        assert!(matches!(limited, Err(Error::RateLimited)));
        // A session survives only in the database: any process can read it.
        let session = backend::sessions::login(
            &svc,
            "reports@twprecision.example",
            backend::seed::DEMO_PASSWORD,
            "d",
        )
        .await
        .unwrap();
        let actor = backend::sessions::actor_for_token(&svc, &session.token)
            .await
            .unwrap();
        assert_eq!(
            actor.map(|a| a.email),
            Some("reports@twprecision.example".into())
        );
        backend::sessions::logout(&svc, &session.token)
            .await
            .unwrap();
        assert_eq!(
            backend::sessions::actor_for_token(&svc, &session.token)
                .await
                .unwrap(),
            None
        );
    })
    .await;
}

/// R-ORG-08 (revised): a User Administrator invites a Report Viewer but
/// cannot grant Account Administrator; an Agreement Administrator grants only
/// roles within its permissions; nothing is written on error.
#[tokio::test]
async fn r_org_08_invite_users_grants_by_role() {
    on_each_database(|svc| async move {
        let user_admin = sign_in(&svc, "useradmin@twprecision.example").await;
        let before = outbox_count(&svc).await;
        let refused = invite_users(
            &svc,
            &user_admin,
            &[
                invite_row("ok@twprecision.example", &["report_viewer"]),
                invite_row("boss@twprecision.example", &["account_administrator"]),
            ],
        )
        .await;
        assert_eq!(
            codes(refused),
            vec![("rows.1.roles".into(), "role_not_grantable".into())]
        );
        assert_eq!(outbox_count(&svc).await, before, "all rows or none");
        let sent = invite_users(
            &svc,
            &user_admin,
            &[invite_row("ok@twprecision.example", &["report_viewer"])],
        )
        .await
        .unwrap();
        assert_eq!(sent, 1);
        assert_eq!(outbox_count(&svc).await, before + 1);
        let page = list_users(&svc, &user_admin, None).await.unwrap();
        assert!(page.pending.iter().any(
            |p| p.email == "ok@twprecision.example" && p.roles == [domain::Role::ReportViewer]
        ));

        // View agreements and invite users cover no other role's permissions.
        let agreement_admin = sign_in(&svc, "agreements@twprecision.example").await;
        for role in ["account_manager", "account_viewer", "user_administrator"] {
            let refused = invite_users(
                &svc,
                &agreement_admin,
                &[invite_row("a@twprecision.example", &[role])],
            )
            .await;
            assert_eq!(
                codes(refused),
                vec![("rows.0.roles".into(), "role_not_grantable".into())],
                "{role}"
            );
        }
        invite_users(
            &svc,
            &agreement_admin,
            &[invite_row(
                "a@twprecision.example",
                &["agreement_administrator"],
            )],
        )
        .await
        .unwrap();

        // A partner role does not exist in a customer organization.
        let admin = sign_in(&svc, "admin@twprecision.example").await;
        let refused = invite_users(
            &svc,
            &admin,
            &[invite_row("p@twprecision.example", &["admin_agent"])],
        )
        .await;
        assert_eq!(
            codes(refused),
            vec![("rows.0.roles".into(), "role_wrong_org_kind".into())]
        );

        let sent = invite_users(
            &svc,
            &admin,
            &[
                invite_row("boss@twprecision.example", &["account_administrator"]),
                invite_row(
                    "rv@twprecision.example",
                    &["report_viewer", "account_viewer"],
                ),
            ],
        )
        .await
        .unwrap();
        assert_eq!(sent, 2);
        // The User Administrator's, the Agreement Administrator's and these two.
        assert_eq!(outbox_count(&svc).await, before + 4);
        let page = list_users(&svc, &admin, None).await.unwrap();
        assert!(page
            .pending
            .iter()
            .any(|p| p.email == "rv@twprecision.example" && p.roles.len() == 2));

        // A Report Viewer may not invite at all.
        let viewer = sign_in(&svc, "reports@twprecision.example").await;
        let refused = invite_users(
            &svc,
            &viewer,
            &[invite_row("z@twprecision.example", &["report_viewer"])],
        )
        .await;
        assert!(matches!(refused, Err(Error::Forbidden)));
    })
    .await;
}

/// R-ORG-08: each row is validated; duplicates and existing users are refused.
#[tokio::test]
async fn r_org_08_invite_rows_are_validated() {
    on_each_database(|svc| async move {
        let admin = sign_in(&svc, "admin@twprecision.example").await;
        let mut bad = invite_row("dup@twprecision.example", &[]);
        bad.country = "".into();
        let refused = invite_users(
            &svc,
            &admin,
            &[
                bad,
                invite_row("dup@twprecision.example", &["report_viewer"]),
                invite_row("manager@twprecision.example", &["report_viewer"]),
            ],
        )
        .await;
        let got = codes(refused);
        assert!(
            got.contains(&("rows.0.roles".into(), "roles_empty".into())),
            "{got:?}"
        );
        assert!(
            got.contains(&("rows.0.country".into(), "country_unknown".into())),
            "{got:?}"
        );
        assert!(
            got.contains(&("rows.1.email".into(), "email_duplicate".into())),
            "{got:?}"
        );

        let existing = invite_users(
            &svc,
            &admin,
            &[invite_row(
                "manager@twprecision.example",
                &["report_viewer"],
            )],
        )
        .await;
        assert_eq!(
            codes(existing),
            vec![("rows.0.email".into(), "user_exists".into())]
        );

        // Inviting again replaces the open invitation: the old link stops working.
        invite_users(
            &svc,
            &admin,
            &[invite_row("again@twprecision.example", &["report_viewer"])],
        )
        .await
        .unwrap();
        let first = latest_link_token(&svc, "again@twprecision.example")
            .await
            .unwrap();
        invite_users(
            &svc,
            &admin,
            &[invite_row("again@twprecision.example", &["account_viewer"])],
        )
        .await
        .unwrap();
        assert_eq!(
            link_state(&svc, &first).await.unwrap(),
            LinkState::Invalid(InvitationError::Superseded)
        );
    })
    .await;
}

/// R-ORG-07/08: editing roles and removing users, within the organization,
/// never leaving it without an administrator.
#[tokio::test]
async fn r_org_07_edit_roles_and_remove_users() {
    on_each_database(|svc| async move {
        let admin = sign_in(&svc, "admin@twprecision.example").await;
        let user_admin = sign_in(&svc, "useradmin@twprecision.example").await;
        let page = list_users(&svc, &admin, None).await.unwrap();
        let id_of = |email: &str| page.users.iter().find(|u| u.email == email).unwrap().id;

        set_roles(
            &svc,
            &admin,
            id_of("viewer@twprecision.example"),
            &["report_viewer".into()],
        )
        .await
        .unwrap();
        let viewer = sign_in(&svc, "viewer@twprecision.example").await;
        assert!(viewer.can(domain::Permission::ViewKeys));

        // R-ORG-08 (revised): a User Administrator grants every role but
        // Account Administrator.
        set_roles(
            &svc,
            &user_admin,
            id_of("viewer@twprecision.example"),
            &["account_viewer".into(), "account_manager".into()],
        )
        .await
        .unwrap();
        assert!(sign_in(&svc, "viewer@twprecision.example")
            .await
            .can(domain::Permission::EditAgreements));
        set_roles(
            &svc,
            &user_admin,
            id_of("agreements@twprecision.example"),
            &[
                "agreement_administrator".into(),
                "user_administrator".into(),
            ],
        )
        .await
        .unwrap();
        let refused = set_roles(
            &svc,
            &user_admin,
            id_of("viewer@twprecision.example"),
            &["account_administrator".into()],
        )
        .await;
        assert_eq!(
            codes(refused),
            vec![("roles".into(), "role_not_grantable".into())]
        );

        // The User Administrator cannot touch the Account Administrator.
        let refused = set_roles(
            &svc,
            &user_admin,
            id_of("admin@twprecision.example"),
            &["report_viewer".into()],
        )
        .await;
        assert_eq!(
            codes(refused),
            vec![("roles".into(), "role_not_grantable".into())]
        );
        let refused = remove_user(&svc, &user_admin, id_of("admin@twprecision.example")).await;
        assert!(matches!(refused, Err(Error::Invalid(_))));

        // The only Account Administrator stays: nobody changes their own
        // roles or removes themselves, and nobody else may demote them.
        let refused = set_roles(
            &svc,
            &admin,
            id_of("admin@twprecision.example"),
            &["report_viewer".into()],
        )
        .await;
        assert_eq!(
            codes(refused),
            vec![("roles".into(), "cannot_change_own_roles".into())]
        );
        assert!(matches!(
            remove_user(&svc, &admin, admin.user_id).await,
            Err(Error::Conflict(backend::Code::CannotRemoveSelf))
        ));

        remove_user(&svc, &admin, id_of("viewer@twprecision.example"))
            .await
            .unwrap();
        assert_eq!(
            count(
                &svc,
                "SELECT COUNT(*) FROM users WHERE email = 'viewer@twprecision.example'"
            )
            .await,
            0
        );
        assert_eq!(
            count(
                &svc,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'user.remove'"
            )
            .await,
            1
        );

        // Another organization's user is refused like a missing one.
        let german = sign_in(&svc, "anna@mueller.example").await;
        assert!(matches!(
            remove_user(&svc, &german, id_of("manager@twprecision.example")).await,
            Err(Error::Forbidden)
        ));
        assert!(matches!(
            set_roles(
                &svc,
                &german,
                id_of("manager@twprecision.example"),
                &["account_viewer".into()]
            )
            .await,
            Err(Error::Forbidden)
        ));
        assert!(matches!(
            remove_user(&svc, &german, 987_654).await,
            Err(Error::Forbidden)
        ));
    })
    .await;
}

/// R-ORG-08: nobody changes their own roles, whatever they may grant others;
/// the server refuses it with a stable code and writes nothing.
#[tokio::test]
async fn r_org_08_nobody_changes_their_own_roles() {
    on_each_database(|svc| async move {
        for (email, roles) in [
            // Adding a role to oneself, keeping every role held.
            (
                "admin@twprecision.example",
                vec!["account_administrator", "report_viewer"],
            ),
            (
                "useradmin@twprecision.example",
                vec!["user_administrator", "account_manager"],
            ),
            ("useradmin@twprecision.example", vec!["user_administrator"]),
            ("global@contoso-partner.example", vec!["admin_agent"]),
            (
                "accountadmin@contoso-partner.example",
                vec!["partner_account_admin", "billing_admin"],
            ),
            ("ops@bc.example", vec!["provider_administrator"]),
        ] {
            let me = sign_in(&svc, email).await;
            let roles: Vec<String> = roles.into_iter().map(String::from).collect();
            let refused = set_roles(&svc, &me, me.user_id, &roles).await;
            assert_eq!(
                codes(refused),
                vec![("roles".into(), "cannot_change_own_roles".into())],
                "{email}"
            );
            assert_eq!(sign_in(&svc, email).await.roles, me.roles, "{email}");
        }
        assert_eq!(
            count(
                &svc,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'user.set_roles'"
            )
            .await,
            0
        );
    })
    .await;
}

/// R-ORG-08 on the partner side: the partner's Account Admin grants every
/// partner role (a Billing Admin, beyond its own permissions) but Global
/// Administrator, and cannot demote the Global Administrator.
#[tokio::test]
async fn r_org_08_partner_account_admin_grants_all_but_global_administrator() {
    on_each_database(|svc| async move {
        let account_admin = sign_in(&svc, "accountadmin@contoso-partner.example").await;
        let refused = invite_users(
            &svc,
            &account_admin,
            &[invite_row(
                "boss@contoso-partner.example",
                &["global_administrator"],
            )],
        )
        .await;
        assert_eq!(
            codes(refused),
            vec![("rows.0.roles".into(), "role_not_grantable".into())]
        );
        invite_users(
            &svc,
            &account_admin,
            &[invite_row(
                "bill@contoso-partner.example",
                &["billing_admin", "sales_agent"],
            )],
        )
        .await
        .unwrap();
        let page = list_users(&svc, &account_admin, None).await.unwrap();
        let id_of = |email: &str| page.users.iter().find(|u| u.email == email).unwrap().id;
        set_roles(
            &svc,
            &account_admin,
            id_of("helpdesk@contoso-partner.example"),
            &["admin_agent".into()],
        )
        .await
        .unwrap();
        let refused = set_roles(
            &svc,
            &account_admin,
            id_of("global@contoso-partner.example"),
            &["helpdesk_agent".into()],
        )
        .await;
        assert_eq!(
            codes(refused),
            vec![("roles".into(), "role_not_grantable".into())]
        );
    })
    .await;
}

/// R-ORG-10: domains are normalized and unique per purchasing account.
#[tokio::test]
async fn r_org_10_domains_are_unique_per_purchasing_account() {
    on_each_database(|svc| async move {
        let admin = sign_in(&svc, "admin@twprecision.example").await;
        let agreements = backend::accounts::agreements::list_agreements(&svc, &admin)
            .await
            .unwrap();
        let hq = agreements[0].purchasing_accounts[0].id;
        let plant = agreements[1].purchasing_accounts[0].id;

        add_domain(&svc, &admin, hq, "Sales.TWPrecision.example.")
            .await
            .unwrap();
        let taken = add_domain(&svc, &admin, hq, "sales.twprecision.example").await;
        assert_eq!(codes(taken), vec![("domain".into(), "domain_taken".into())]);
        add_domain(&svc, &admin, plant, "sales.twprecision.example")
            .await
            .unwrap();
        add_domain(&svc, &admin, hq, "Bücher.example")
            .await
            .unwrap();
        let names: Vec<String> = list_domains(&svc, &admin, hq)
            .await
            .unwrap()
            .into_iter()
            .map(|d| d.name)
            .collect();
        assert!(
            names.contains(&"xn--bcher-kva.example".to_string()),
            "{names:?}"
        );
        assert!(names.contains(&"sales.twprecision.example".to_string()));
        assert_eq!(
            codes(add_domain(&svc, &admin, hq, "localhost").await),
            vec![("domain".into(), "domain_single_label".into())]
        );

        // Only a domain manager changes domains; other organizations see nothing.
        let viewer = sign_in(&svc, "reports@twprecision.example").await;
        assert!(matches!(
            add_domain(&svc, &viewer, hq, "x.example").await,
            Err(Error::Forbidden)
        ));
        let german = sign_in(&svc, "anna@mueller.example").await;
        assert!(matches!(
            list_domains(&svc, &german, hq).await,
            Err(Error::Forbidden)
        ));
        assert!(matches!(
            add_domain(&svc, &german, hq, "evil.example").await,
            Err(Error::Forbidden)
        ));
        let id = list_domains(&svc, &admin, hq).await.unwrap()[0].id;
        assert!(matches!(
            remove_domain(&svc, &german, id).await,
            Err(Error::Forbidden)
        ));
        remove_domain(&svc, &admin, id).await.unwrap();
    })
    .await;
}

/// R-ORG-12: a partner sees a customer only after the customer accepted.
#[tokio::test]
async fn r_org_12_partner_sees_customer_only_after_acceptance() {
    on_each_database(|svc| async move {
        let partner = sign_in(&svc, "global@fabrikam.example").await;
        let customer = sign_in(&svc, "admin@twprecision.example").await;
        assert!(matches!(
            relationships::customer_for_partner(&svc, &partner, customer.org_id).await,
            Err(Error::Forbidden)
        ));
        let form = RequestForm {
            agreement_number: "1234567890".into(),
            admin_email: "admin@twprecision.example".into(),
        };
        let wrong = RequestForm {
            admin_email: "someone@twprecision.example".into(),
            ..form.clone()
        };
        assert_eq!(
            codes(relationships::request(&svc, &partner, &wrong).await),
            vec![("agreement_number".into(), "customer_not_found".into())]
        );
        let id = relationships::request(&svc, &partner, &form).await.unwrap();
        assert!(matches!(
            relationships::request(&svc, &partner, &form).await,
            Err(Error::Conflict(backend::Code::RelationshipPending))
        ));
        assert!(matches!(
            relationships::customer_for_partner(&svc, &partner, customer.org_id).await,
            Err(Error::Forbidden)
        ));

        // Only the customer decides, and only once.
        assert!(matches!(
            relationships::decide(&svc, &partner, id, RelationshipStatus::Accepted).await,
            Err(Error::Forbidden)
        ));
        let viewer = sign_in(&svc, "reports@twprecision.example").await;
        assert!(matches!(
            relationships::decide(&svc, &viewer, id, RelationshipStatus::Accepted).await,
            Err(Error::Forbidden)
        ));
        let (a, b) = tokio::join!(
            relationships::decide(&svc, &customer, id, RelationshipStatus::Accepted),
            relationships::decide(&svc, &customer, id, RelationshipStatus::Rejected)
        );
        assert_eq!(
            [&a, &b].iter().filter(|r| r.is_ok()).count(),
            1,
            "{a:?} {b:?}"
        );
        if a.is_err() {
            // Rejected won the race; ask again and accept.
            relationships::request(&svc, &partner, &form).await.unwrap();
            relationships::decide(&svc, &customer, id, RelationshipStatus::Accepted)
                .await
                .unwrap();
        }
        let seen = relationships::customer_for_partner(&svc, &partner, customer.org_id)
            .await
            .unwrap();
        assert!(seen.agreements.iter().any(|a| a.number == "1234567890"));

        relationships::decide(&svc, &customer, id, RelationshipStatus::Ended)
            .await
            .unwrap();
        assert!(matches!(
            relationships::customer_for_partner(&svc, &partner, customer.org_id).await,
            Err(Error::Forbidden)
        ));
    })
    .await;
}

/// R-AUD-01: the audit log of one organization holds its changes only.
#[tokio::test]
async fn r_aud_01_changes_are_audited_per_organization() {
    on_each_database(|svc| async move {
        let admin = sign_in(&svc, "admin@twprecision.example").await;
        let hq = backend::accounts::agreements::list_agreements(&svc, &admin)
            .await
            .unwrap()[0]
            .purchasing_accounts[0]
            .id;
        add_domain(&svc, &admin, hq, "audit.example").await.unwrap();
        let rows = backend::audit::list_for_org(&svc.db, admin.org_id, None, 10)
            .await
            .unwrap();
        let entry = rows
            .iter()
            .find(|r| r.action == "domain.add")
            .expect("audited");
        assert_eq!(
            entry.actor_email.as_deref(),
            Some("admin@twprecision.example")
        );
        assert_eq!(entry.after.as_deref(), Some("\"audit.example\""));
        let german = sign_in(&svc, "anna@mueller.example").await;
        let theirs = backend::audit::list_for_org(&svc.db, german.org_id, None, 100)
            .await
            .unwrap();
        assert!(theirs.iter().all(|r| r.action != "domain.add"));
    })
    .await;
}

/// R-ORG-05: the link is looked up first — before the form is checked and
/// the password hashed — so an unknown link is "not found" whatever the form
/// says; attempts are throttled per link and per client address.
#[tokio::test]
async fn r_org_05_accept_looks_the_link_up_first_and_is_throttled() {
    use domain::{ACCEPT_PER_CLIENT, ACCEPT_PER_TOKEN};
    on_each_database(|svc| async move {
        let token = agreement_invitation(&svc).await;
        let mut careless = accept_form("no-such-link");
        careless.confirm_password = "does not match".into();
        assert!(matches!(
            accept(&svc, &careless, "a").await,
            Err(Error::NotFound)
        ));

        // Per link: ten tries (from ten addresses) use it up for 15 minutes.
        for i in 0..ACCEPT_PER_TOKEN.max {
            let mut form = accept_form(&token);
            form.accept_terms = false;
            assert_eq!(
                codes(accept(&svc, &form, &format!("p{i}")).await),
                vec![("accept_terms".into(), "terms_not_accepted".into())]
            );
        }
        let refused = accept(&svc, &accept_form(&token), "q").await;
        assert!(matches!(refused, Err(Error::RateLimited)), "{refused:?}");
        let nora = "SELECT COUNT(*) FROM users WHERE email = 'nora@northwind.example'";
        assert_eq!(count(&svc, nora).await, 0);

        // Per client: thirty guessed links from one address, then even a
        // real link is refused there, but not elsewhere.
        svc.clock.advance(ACCEPT_PER_TOKEN.window);
        for i in 0..ACCEPT_PER_CLIENT.max {
            let guess = accept(&svc, &accept_form(&format!("guess-{i}")), "guesser").await;
            assert!(matches!(guess, Err(Error::NotFound)), "{guess:?}");
        }
        let refused = accept(&svc, &accept_form(&token), "guesser").await;
        assert!(matches!(refused, Err(Error::RateLimited)), "{refused:?}");
        accept(&svc, &accept_form(&token), "nora")
            .await
            .expect("another address accepts");
        assert_eq!(count(&svc, nora).await, 1);
    })
    .await;
}
