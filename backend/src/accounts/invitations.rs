//! Invitations: R-ORG-02 (sent when an agreement is created), R-ORG-03 (60
//! days, single use), R-ORG-04 (public resend), R-ORG-05 (accept).

use domain::{
    check_invitation, invitation_expires_at, parse_new_password, AgreementNumber, Country, Email,
    InvitationError, Language, PersonName, PurchasingAccountNumber, Role, Timestamp,
    ACCEPT_PER_CLIENT, ACCEPT_PER_TOKEN, RESEND_PER_CLIENT, RESEND_PER_EMAIL,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::Row;

use crate::actor::Actor;
use crate::db::Tx;
use crate::emails;
use crate::error::{Code, Error, Fields, Result};
use crate::services::Services;
use crate::sessions::{self, Session};
use crate::{audit, outbox, passwords, rate_limit, tokens};

/// Who is being invited, already parsed.
pub(crate) struct Invitee {
    pub org_id: i64,
    pub purchasing_account_id: Option<i64>,
    pub email: Email,
    pub name: String,
    pub language: Language,
    pub country: String,
    pub roles: Vec<Role>,
}

pub(crate) enum InvitationEmail<'a> {
    /// R-ORG-02: to the purchasing account administrator of an agreement.
    PurchasingAccountAdmin {
        org_name: &'a str,
        agreement: &'a str,
    },
    /// R-ORG-08: from a colleague.
    Colleague { inviter: &'a str, org_name: &'a str },
}

/// Writes the invitation and its email; returns the invitation id.
pub(crate) async fn create(
    svc: &Services,
    tx: &mut Tx,
    actor: Option<&Actor>,
    invitee: &Invitee,
    email: InvitationEmail<'_>,
    now: Timestamp,
) -> Result<i64> {
    let (id, link) = insert(svc, tx, actor, invitee, now).await?;
    let message = match email {
        InvitationEmail::PurchasingAccountAdmin {
            org_name,
            agreement,
        } => emails::admin_invitation(invitee.language, org_name, agreement, &link),
        InvitationEmail::Colleague { inviter, org_name } => {
            emails::user_invitation(invitee.language, inviter, org_name, &link)
        }
    };
    outbox::enqueue(tx, invitee.email.as_str(), invitee.language, message, now).await?;
    Ok(id)
}

/// Writes the invitation and its audit entry, sends nothing; returns the
/// invitation id and its link (the only copy: the database keeps a hash).
pub(crate) async fn insert(
    svc: &Services,
    tx: &mut Tx,
    actor: Option<&Actor>,
    invitee: &Invitee,
    now: Timestamp,
) -> Result<(i64, String)> {
    let token = tokens::new_token();
    let roles: Vec<&str> = invitee.roles.iter().map(|r| r.code()).collect();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO invitations (org_id, purchasing_account_id, email, name, language, country, roles, token_hash, invited_by, sent_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(invitee.org_id)
    .bind(invitee.purchasing_account_id)
    .bind(invitee.email.as_str())
    .bind(&invitee.name)
    .bind(invitee.language.code())
    .bind(&invitee.country)
    .bind(roles.join(","))
    .bind(tokens::hash_token(&token))
    .bind(actor.map(|a| a.user_id))
    .bind(now.millis())
    .fetch_one(&mut **tx)
    .await?;
    audit::record(
        tx,
        audit::Entry {
            actor,
            org_id: invitee.org_id,
            action: "invitation.send",
            entity: "invitation",
            entity_id: id.to_string(),
            before: None,
            after: Some(json!({
                "email": invitee.email.as_str(),
                "roles": roles,
                "expires_at": invitation_expires_at(now).to_rfc3339(),
            })),
        },
        now,
    )
    .await?;
    Ok((id, svc.link(&format!("/invitations/{token}"))))
}

/// Replaces any open invitation of this email to this organization (a new
/// link makes the old one invalid).
pub(crate) async fn supersede_open(
    tx: &mut Tx,
    org_id: i64,
    email: &Email,
    now: Timestamp,
) -> Result<u64> {
    let done = sqlx::query(
        "UPDATE invitations SET superseded_at = $1 WHERE org_id = $2 AND email = $3 \
         AND used_at IS NULL AND superseded_at IS NULL",
    )
    .bind(now.millis())
    .bind(org_id)
    .bind(email.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected())
}

/// What the accept page shows for a link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkState {
    Valid {
        email: String,
        name: String,
        org_name: String,
        country: String,
        expires_at: Timestamp,
    },
    Invalid(InvitationError),
    Unknown,
}

struct Stored {
    id: i64,
    org_id: i64,
    org_name: String,
    email: String,
    name: String,
    language: String,
    country: String,
    roles: String,
    sent_at: Timestamp,
    used: bool,
    superseded: bool,
}

async fn find<'c, E>(conn: E, token: &str) -> Result<Option<Stored>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let row = sqlx::query(
        "SELECT i.id, i.org_id, o.name, i.email, i.name, i.language, i.country, i.roles, i.sent_at, i.used_at, i.superseded_at \
         FROM invitations i JOIN organizations o ON o.id = i.org_id WHERE i.token_hash = $1",
    )
    .bind(tokens::hash_token(token))
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| Stored {
        id: r.get(0),
        org_id: r.get(1),
        org_name: r.get(2),
        email: r.get(3),
        name: r.get(4),
        language: r.get(5),
        country: r.get(6),
        roles: r.get(7),
        sent_at: Timestamp::from_millis(r.get(8)),
        used: r.get::<Option<i64>, _>(9).is_some(),
        superseded: r.get::<Option<i64>, _>(10).is_some(),
    }))
}

#[tracing::instrument(name = "accounts.invitations.link_state", skip_all)]
pub async fn link_state(svc: &Services, token: &str) -> Result<LinkState> {
    let Some(inv) = find(svc.db.pool(), token).await? else {
        return Ok(LinkState::Unknown);
    };
    Ok(
        match check_invitation(inv.sent_at, inv.used, inv.superseded, svc.now().await?) {
            Ok(()) => LinkState::Valid {
                email: inv.email,
                name: inv.name,
                org_name: inv.org_name,
                country: inv.country,
                expires_at: invitation_expires_at(inv.sent_at),
            },
            Err(e) => LinkState::Invalid(e),
        },
    )
}

/// The "Create your organizational account" form, as typed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct AcceptForm {
    pub token: String,
    pub name: String,
    pub password: String,
    pub confirm_password: String,
    pub country: String,
    pub accept_terms: bool,
}

/// R-ORG-05: creates the account, uses up the link, signs the person in.
///
/// Throttled per link and per client (`client`: its address), counted
/// first; the link is looked up before the slow password hash, so neither
/// a guessed link nor a hammered one makes the server hash on demand.
#[tracing::instrument(name = "accounts.invitations.accept", skip_all)]
pub async fn accept(svc: &Services, form: &AcceptForm, client: &str) -> Result<Session> {
    let now = svc.now().await?;
    let token_bucket = format!("accept:token:{}", tokens::hash_token(&form.token));
    let client_bucket = format!("accept:client:{client}");
    let attempt = rate_limit::take(
        &svc.db,
        &[
            (token_bucket.as_str(), ACCEPT_PER_TOKEN),
            (client_bucket.as_str(), ACCEPT_PER_CLIENT),
        ],
        svc.clock.now(),
    )
    .await?
    .ok_or(Error::RateLimited)?;
    let inv = find(svc.db.pool(), &form.token)
        .await?
        .ok_or(Error::NotFound)?;
    check_invitation(inv.sent_at, inv.used, inv.superseded, now)
        .map_err(|e| invitation_error(&e))?;

    let mut fields = Fields::default();
    let name = fields.check("name", PersonName::parse(&form.name));
    let password = fields.check(
        "password",
        parse_new_password(&form.password, &form.confirm_password),
    );
    let country = fields.check("country", Country::parse(&form.country));
    if !form.accept_terms {
        fields.push(domain::FieldError::new(
            "accept_terms",
            &Code::TermsNotAccepted,
        ));
    }
    fields.finish()?;
    let (Some(name), Some(password), Some(country)) = (name, password, country) else {
        unreachable!("Fields::finish returned Ok only when every field parsed")
    };
    let hash = passwords::hash(&password).await?;

    let mut tx = svc.db.begin().await?;
    // Read again in the transaction: another accept or a resend may have
    // come first while the password was hashed.
    let inv = find(&mut *tx, &form.token).await?.ok_or(Error::NotFound)?;
    check_invitation(inv.sent_at, inv.used, inv.superseded, now)
        .map_err(|e| invitation_error(&e))?;
    // The guard makes the link single-use even under concurrent accepts.
    let claimed = sqlx::query("UPDATE invitations SET used_at = $1 WHERE id = $2 AND used_at IS NULL AND superseded_at IS NULL")
        .bind(now.millis())
        .bind(inv.id)
        .execute(&mut *tx)
        .await?;
    if claimed.rows_affected() != 1 {
        return Err(invitation_error(&InvitationError::AlreadyUsed));
    }
    let user_id: i64 = sqlx::query_scalar(
        "INSERT INTO users (org_id, email, name, password_hash, language, country, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(inv.org_id)
    .bind(&inv.email)
    .bind(name.as_str())
    .bind(hash)
    .bind(&inv.language)
    .bind(country.code())
    .bind(now.millis())
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| {
        if crate::error::is_unique_violation(&e) {
            Error::Conflict(Code::AlreadyRegistered)
        } else {
            e.into()
        }
    })?;
    for role in inv.roles.split(',').filter_map(Role::parse) {
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
            .bind(user_id)
            .bind(role.code())
            .execute(&mut *tx)
            .await?;
    }
    audit::record(
        &mut tx,
        audit::Entry {
            actor: None,
            org_id: inv.org_id,
            action: "invitation.accept",
            entity: "user",
            entity_id: user_id.to_string(),
            before: None,
            after: Some(json!({ "email": inv.email, "name": name.as_str(), "roles": inv.roles })),
        },
        now,
    )
    .await?;
    rate_limit::give_back(&mut tx, attempt).await?;
    // Sessions run on real time (see `Services::now`), not business time.
    let token = sessions::create_session(&mut tx, user_id, svc.clock.now()).await?;
    tx.commit().await?;
    let actor = crate::actor::load(&svc.db, user_id)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(Session { token, actor })
}

fn invitation_error(e: &InvitationError) -> Error {
    let mut err = domain::FieldError::new("", e);
    if let InvitationError::Expired { expired_at } = e {
        err = err.with("expired_at", expired_at.to_rfc3339());
    }
    Error::Invalid(vec![err])
}

/// The public "resend invitation" form (R-ORG-04), as typed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ResendForm {
    pub email: String,
    pub agreement_number: String,
    pub purchasing_account_number: String,
}

/// R-ORG-04: resends only when email, agreement and purchasing account all
/// match and the person has not registered. The caller shows the same
/// neutral answer for `Ok` whether or not anything was sent.
#[tracing::instrument(name = "accounts.invitations.resend", skip_all)]
pub async fn resend(svc: &Services, form: &ResendForm, client: &str) -> Result<()> {
    let now = svc.now().await?;
    let mut fields = Fields::default();
    let email = fields.check("email", Email::parse(&form.email));
    let agreement = fields.check(
        "agreement_number",
        AgreementNumber::parse(&form.agreement_number),
    );
    let account = fields.check(
        "purchasing_account_number",
        PurchasingAccountNumber::parse(&form.purchasing_account_number),
    );
    fields.finish()?;
    let (Some(email), Some(agreement), Some(account)) = (email, agreement, account) else {
        unreachable!("Fields::finish returned Ok only when every field parsed")
    };

    // Every request counts, matched or not (the answer is the same), and is
    // counted atomically: concurrent requests cannot all see room for one.
    let email_bucket = format!("resend:email:{}", email.as_str());
    let client_bucket = format!("resend:client:{client}");
    let _counted = rate_limit::take(
        &svc.db,
        &[
            (email_bucket.as_str(), RESEND_PER_EMAIL),
            (client_bucket.as_str(), RESEND_PER_CLIENT),
        ],
        // Real time, as sign-in's and accept's (and the pruning of old
        // events): the demo's test clock may run ahead of it.
        svc.clock.now(),
    )
    .await?
    .ok_or(Error::RateLimited)?;
    let mut tx = svc.db.begin().await?;
    let matched = sqlx::query(
        "SELECT o.id, o.name, pa.id, a.number FROM purchasing_accounts pa \
         JOIN agreements a ON a.id = pa.agreement_id JOIN organizations o ON o.id = a.org_id \
         WHERE a.number = $1 AND pa.number = $2 AND pa.admin_email = $3 \
         AND NOT EXISTS (SELECT 1 FROM users u WHERE u.email = $3)",
    )
    .bind(agreement.as_str())
    .bind(account.as_str())
    .bind(email.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(row) = matched {
        let org_id: i64 = row.get(0);
        let org_name: String = row.get(1);
        let account_id: i64 = row.get(2);
        let previous = sqlx::query(
            "SELECT name, language, country FROM invitations WHERE org_id = $1 AND email = $2 ORDER BY id DESC LIMIT 1",
        )
        .bind(org_id)
        .bind(email.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        let (name, language, country) = match previous {
            Some(p) => (p.get(0), p.get::<String, _>(1), p.get(2)),
            None => (
                String::new(),
                Language::En.code().to_string(),
                String::new(),
            ),
        };
        supersede_open(&mut tx, org_id, &email, now).await?;
        create(
            svc,
            &mut tx,
            None,
            &Invitee {
                org_id,
                purchasing_account_id: Some(account_id),
                email: email.clone(),
                name,
                language: Language::parse(&language).unwrap_or_default(),
                country,
                roles: vec![Role::AccountAdministrator],
            },
            InvitationEmail::PurchasingAccountAdmin {
                org_name: &org_name,
                agreement: agreement.as_str(),
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
