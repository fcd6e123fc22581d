//! `server create-admin`: the provider's first Platform Administrator on a
//! new database (SQLite and PostgreSQL).

use crate::common::*;

use backend::accounts::invitations::{accept, link_state, AcceptForm, LinkState};
use backend::accounts::platform::invite_first_admin;
use backend::Error;
use domain::{OrgKind, Role};

fn token_of(link: &str) -> String {
    link.rsplit_once("/invitations/")
        .expect("an invitation link")
        .1
        .to_string()
}

fn accept_form(token: &str) -> AcceptForm {
    AcceptForm {
        token: token.into(),
        name: "Olivia Ops".into(),
        password: "correct horse battery".into(),
        confirm_password: "correct horse battery".into(),
        country: "US".into(),
        accept_terms: true,
    }
}

/// On an empty database: creates the provider organization and an invitation
/// whose link makes a Platform Administrator; run again before anyone
/// accepted, the earlier link stops working; once an administrator exists
/// it refuses and changes nothing.
#[tokio::test]
async fn first_platform_admin_is_invited_once() {
    on_each_empty_database(|svc| async move {
        assert_eq!(count(&svc, "SELECT COUNT(*) FROM organizations").await, 0);
        let first = invite_first_admin(&svc, " Ops@Example.com ").await.unwrap();
        assert_eq!(first.email, "ops@example.com");
        assert!(
            first.link.starts_with("http://bc.test/invitations/"),
            "{}",
            first.link
        );
        assert!(!first.replaced_earlier);
        let second = invite_first_admin(&svc, "ops@example.com").await.unwrap();
        assert!(second.replaced_earlier);
        assert!(matches!(
            link_state(&svc, &token_of(&first.link)).await.unwrap(),
            LinkState::Invalid(domain::InvitationError::Superseded)
        ));
        // The link is printed, not mailed.
        assert_eq!(outbox_count(&svc).await, 0);
        assert_eq!(
            count(
                &svc,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'invitation.send'"
            )
            .await,
            2
        );

        let session = accept(&svc, &accept_form(&token_of(&second.link)), "c")
            .await
            .unwrap();
        assert_eq!(session.actor.org_kind, OrgKind::Provider);
        assert_eq!(session.actor.roles, vec![Role::ProviderAdministrator]);
        assert_eq!(session.actor.email, "ops@example.com");

        let invitations = "SELECT COUNT(*) FROM invitations";
        let before = count(&svc, invitations).await;
        let refused = invite_first_admin(&svc, "someone@example.com").await;
        assert!(
            matches!(
                refused,
                Err(Error::Conflict(backend::Code::PlatformAdminExists))
            ),
            "{refused:?}"
        );
        assert_eq!(count(&svc, invitations).await, before);
        assert_eq!(count(&svc, "SELECT COUNT(*) FROM organizations").await, 1);
        assert!(matches!(
            invite_first_admin(&svc, "not an email").await,
            Err(Error::Invalid(_))
        ));
    })
    .await;
}

/// Two runs at once (two connections; on PostgreSQL side by side): one
/// provider organization and exactly one link that works.
#[tokio::test]
async fn concurrent_first_admin_invitations_leave_one_provider_and_one_link() {
    on_each_empty_database(|svc| async move {
        let (a, b) = tokio::join!(
            invite_first_admin(&svc, "a@example.com"),
            invite_first_admin(&svc, "b@example.com")
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(
            count(
                &svc,
                "SELECT COUNT(*) FROM organizations WHERE kind = 'provider'"
            )
            .await,
            1
        );
        let mut valid = 0;
        for link in [&a.link, &b.link] {
            if matches!(
                link_state(&svc, &token_of(link)).await.unwrap(),
                LinkState::Valid { .. }
            ) {
                valid += 1;
            }
        }
        assert_eq!(valid, 1);
        assert!(a.replaced_earlier != b.replaced_earlier);
    })
    .await;
}

/// The demo database has its Platform Administrator: refused.
#[tokio::test]
async fn first_admin_is_refused_when_one_exists() {
    on_each_database(|svc| async move {
        let refused = invite_first_admin(&svc, "new@example.com").await;
        assert!(matches!(
            refused,
            Err(Error::Conflict(backend::Code::PlatformAdminExists))
        ));
    })
    .await;
}
