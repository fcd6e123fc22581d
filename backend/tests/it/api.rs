//! The REST API's stores (R-API-01 … 03): tokens, idempotency records and
//! the subscription version an `If-Match` is checked against under the row
//! lock; on SQLite and PostgreSQL.

use crate::common::*;

use backend::api_idempotency::{claim, finish, purge, release, Claim, Scope, KEPT_FOR, LEASE};
use backend::api_tokens::{authenticate, create, page, revoke};
use backend::subscriptions::changes::{set_status, StatusAction};
use backend::subscriptions::{if_version, queries};
use backend::Error;
use domain::api_token::{ApiTokenForm, TokenStatus};
use domain::{Role, Span};

const GLOBAL: &str = "global@contoso-partner.example";

fn form(roles: &[&str], days: &str) -> ApiTokenForm {
    ApiTokenForm {
        name: "CI".into(),
        roles: roles.iter().map(|r| r.to_string()).collect(),
        days: days.into(),
    }
}

/// R-API-01: an administrator's token carries only roles they hold, acts
/// as them, shows its last use, and is refused once revoked or expired; a
/// role taken from its creator is taken from the token.
#[tokio::test]
async fn r_api_01_a_token_acts_with_some_of_its_creators_roles_until_revoked_or_expired() {
    on_each_database(|svc| async move {
        let admin = sign_in(&svc, GLOBAL).await;
        assert_eq!(
            codes(create(&svc, &admin, &form(&["sales_agent"], "30")).await),
            [("roles".to_string(), "api_token_role_not_held".to_string())]
        );
        let sales = sign_in(&svc, "sales@contoso-partner.example").await;
        forbidden(create(&svc, &sales, &form(&["sales_agent"], "30")).await);
        forbidden(page(&svc, &sales).await);

        let made = create(&svc, &admin, &form(&["global_administrator"], "30"))
            .await
            .unwrap();
        assert_eq!(made.token.expires_at, start().plus(Span::days(30)));
        let hashed = format!(
            "SELECT COUNT(*) FROM api_tokens WHERE secret_hash = '{}'",
            backend::tokens::hash_token(&made.secret)
        );
        assert_eq!(count(&svc, &hashed).await, 1);
        let caller = authenticate(&svc, &made.secret)
            .await
            .unwrap()
            .expect("live");
        assert_eq!(
            (caller.actor.user_id, caller.actor.roles.clone()),
            (admin.user_id, vec![Role::GlobalAdministrator])
        );
        let listed = page(&svc, &admin).await.unwrap();
        assert_eq!(listed.tokens[0].last_used_at, Some(start()));
        assert_eq!(listed.roles, admin.roles);
        assert!(authenticate(&svc, "bc_live_not-a-token")
            .await
            .unwrap()
            .is_none());

        revoke(&svc, &admin, made.token.id).await.unwrap();
        assert!(
            authenticate(&svc, &made.secret).await.unwrap().is_none(),
            "revoked"
        );
        assert_eq!(
            page(&svc, &admin).await.unwrap().tokens[0].status,
            TokenStatus::Revoked
        );
        let other = sign_in(&svc, "global@fabrikam.example").await;
        forbidden(revoke(&svc, &other, made.token.id).await);

        let short = create(&svc, &admin, &form(&["global_administrator"], "1"))
            .await
            .unwrap();
        svc.clock
            .advance(Span::millis(Span::days(1).as_millis() - 1));
        assert!(
            authenticate(&svc, &short.secret).await.unwrap().is_some(),
            "1 ms before"
        );
        svc.clock.advance(Span::millis(1));
        assert!(
            authenticate(&svc, &short.secret).await.unwrap().is_none(),
            "at the expiry"
        );
    })
    .await;
}

fn scope(key: &str) -> Scope {
    Scope {
        org_id: 1,
        method: "POST".into(),
        path: "/api/v1/customers/4/cart-lines".into(),
        key: key.into(),
    }
}

/// R-API-02: the first claim runs; a repeat is in flight until the answer
/// is kept, then replays it; another body is a mismatch; a released claim
/// runs again; a claim whose process died is taken over after its lease;
/// records are purged after 24 hours, not before.
#[tokio::test]
async fn r_api_02_claims_replays_mismatches_leases_and_purges() {
    on_each_database(|svc| async move {
        let s = scope("k");
        assert_eq!(claim(&svc, &s, "f1").await.unwrap(), Claim::Run);
        assert_eq!(claim(&svc, &s, "f1").await.unwrap(), Claim::InFlight);
        assert_eq!(claim(&svc, &s, "f2").await.unwrap(), Claim::Mismatch);
        finish(&svc, &s, 201, "{\"id\":7}").await.unwrap();
        assert_eq!(
            claim(&svc, &s, "f1").await.unwrap(),
            Claim::Replay {
                status: 201,
                body: "{\"id\":7}".into()
            }
        );
        let other_org = Scope {
            org_id: 2,
            ..scope("k")
        };
        assert_eq!(
            claim(&svc, &other_org, "f2").await.unwrap(),
            Claim::Run,
            "scoped per organization"
        );

        let failed = scope("failed");
        assert_eq!(claim(&svc, &failed, "f").await.unwrap(), Claim::Run);
        release(&svc, &failed).await.unwrap();
        assert_eq!(
            claim(&svc, &failed, "f").await.unwrap(),
            Claim::Run,
            "released: runs again"
        );

        svc.clock.advance(Span::millis(LEASE.as_millis() - 1));
        assert_eq!(claim(&svc, &failed, "f").await.unwrap(), Claim::InFlight);
        svc.clock.advance(Span::millis(1));
        assert_eq!(
            claim(&svc, &failed, "f").await.unwrap(),
            Claim::Run,
            "the lease ran out"
        );
        assert_eq!(
            claim(&svc, &failed, "f").await.unwrap(),
            Claim::InFlight,
            "taken over once"
        );

        let now = svc.clock.now();
        assert_eq!(
            purge(&svc.db, start().plus(KEPT_FOR).minus(Span::millis(1)))
                .await
                .unwrap(),
            0
        );
        assert_eq!(purge(&svc.db, now.plus(KEPT_FOR)).await.unwrap(), 3);
        assert_eq!(
            claim(&svc, &s, "f2").await.unwrap(),
            Claim::Run,
            "purged: the key is new"
        );
    })
    .await;
}

/// R-API-03: a write under `if_version` is refused unless the subscription
/// is still at that version when its row is locked; every write counts one.
#[tokio::test]
async fn r_api_03_a_write_at_a_stale_version_is_refused_under_the_lock() {
    on_each_database(|svc| async move {
        let sales = sign_in(&svc, "sales@contoso-partner.example").await;
        let id = count(
            &svc,
            "SELECT id FROM subscriptions WHERE offer_id = 'o365-e3'",
        )
        .await;
        let v = queries::detail(&svc, &sales, id).await.unwrap().version;
        let stale = if_version(
            v + 1,
            set_status(&svc, &sales, id, StatusAction::AutoRenewOff),
        )
        .await;
        assert!(matches!(stale, Err(Error::PreconditionFailed)), "{stale:?}");
        assert_eq!(
            queries::detail(&svc, &sales, id).await.unwrap().version,
            v,
            "nothing changed"
        );
        if_version(v, set_status(&svc, &sales, id, StatusAction::AutoRenewOff))
            .await
            .unwrap();
        assert_eq!(
            queries::detail(&svc, &sales, id).await.unwrap().version,
            v + 1
        );
        let again = if_version(v, set_status(&svc, &sales, id, StatusAction::AutoRenewOn)).await;
        assert!(matches!(again, Err(Error::PreconditionFailed)));
    })
    .await;
}

/// R-API-03 across processes: two programs that read one version change
/// it at once from two server processes: exactly one wins.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "PostgreSQL only: runs when BC_TEST_POSTGRES_URL is set"]
async fn r_api_03_two_processes_writing_one_version_one_wins() {
    let (first, second) = postgres_pair(&postgres_url()).await;
    let a = sign_in(&first, "sales@contoso-partner.example").await;
    let b = sign_in(&second, "adminagent@contoso-partner.example").await;
    let id = count(
        &first,
        "SELECT id FROM subscriptions WHERE offer_id = 'o365-e3'",
    )
    .await;
    for round in 0..10 {
        let v = queries::detail(&first, &a, id).await.unwrap().version;
        let (on, off) = if round % 2 == 0 {
            (StatusAction::AutoRenewOff, StatusAction::AutoRenewOn)
        } else {
            (StatusAction::AutoRenewOn, StatusAction::AutoRenewOff)
        };
        let (ra, rb) = tokio::join!(
            if_version(v, set_status(&first, &a, id, on)),
            if_version(v, set_status(&second, &b, id, off)),
        );
        let won = [&ra, &rb].iter().filter(|r| r.is_ok()).count();
        let lost = [&ra, &rb]
            .iter()
            .filter(|r| matches!(r, Err(Error::PreconditionFailed)))
            .count();
        assert_eq!((won, lost), (1, 1), "round {round}: {ra:?} / {rb:?}");
        assert_eq!(
            queries::detail(&first, &a, id).await.unwrap().version,
            v + 1
        );
    }
}
