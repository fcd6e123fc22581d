//! R-ORG-07/08/09: users of an organization, inviting them (several in one
//! form), editing roles, removing, and one's own profile.

use std::collections::BTreeSet;

pub use domain::views::{InviteRow, PendingInvitation, UserView, UsersPage};
use domain::{
    invitation_expires_at, validate_grant, validate_role_change, Country, Email, FieldError,
    Language, Permission, PersonName, Role, RoleGrantError, Timestamp,
};
use serde_json::json;
use sqlx::Row;

use super::invitations::{self, InvitationEmail, Invitee};
use crate::actor::{self, Actor};
use crate::audit;
use crate::db::{locks, Tx};
use crate::error::{Code, Error, Fields, Result};
use crate::services::Services;

/// A refused grant next to its field, naming the role where there is one.
fn grant_error(field: &str, e: &RoleGrantError) -> FieldError {
    match e {
        RoleGrantError::NotAllowed { role } | RoleGrantError::WrongOrgKind { role } => {
            FieldError::new(field, e).with("role", role.code())
        }
        RoleGrantError::NoRoles | RoleGrantError::OwnRoles => FieldError::new(field, e),
    }
}

/// The roles named by `codes`, or an error naming the first unknown code.
fn parse_roles(field: &str, codes: &[String]) -> std::result::Result<Vec<Role>, FieldError> {
    let mut roles = BTreeSet::new();
    for code in codes {
        let role = Role::parse(code)
            .ok_or_else(|| FieldError::new(field, &Code::RoleUnknown).with("role", code))?;
        roles.insert(role);
    }
    Ok(roles.into_iter().collect())
}

/// Checks that the actor may give (or take away) `roles`.
fn check_grant(
    fields: &mut Fields,
    field: &str,
    actor: &Actor,
    codes: &[String],
) -> Option<Vec<Role>> {
    match parse_roles(field, codes) {
        Err(e) => {
            fields.push(e);
            None
        }
        Ok(roles) => match validate_grant(&actor.roles, &roles) {
            Ok(()) => Some(roles),
            Err(e) => {
                fields.push(grant_error(field, &e));
                None
            }
        },
    }
}

/// R-ORG-08: invites every row or none. Returns how many were invited.
#[tracing::instrument(name = "accounts.users.invite_users", skip_all, fields(actor = actor.user_id))]
pub async fn invite_users(svc: &Services, actor: &Actor, rows: &[InviteRow]) -> Result<usize> {
    actor.require(Permission::InviteUsers)?;
    let now = svc.now().await?;
    let mut fields = Fields::default();
    if rows.is_empty() {
        fields.push(FieldError::new("rows", &Code::RowsEmpty));
    }
    let mut invitees = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, row) in rows.iter().enumerate() {
        let email = fields.check(&format!("rows.{i}.email"), Email::parse(&row.email));
        if let Some(email) = &email {
            if !seen.insert(email.clone()) {
                fields.push(FieldError::new(
                    format!("rows.{i}.email"),
                    &Code::EmailDuplicate,
                ));
            }
        }
        let name = fields.check(&format!("rows.{i}.name"), PersonName::parse(&row.name));
        let country = fields.check(&format!("rows.{i}.country"), Country::parse(&row.country));
        let language = Language::parse(&row.language);
        if language.is_none() {
            fields.push(FieldError::new(
                format!("rows.{i}.language"),
                &Code::LanguageUnknown,
            ));
        }
        let roles = check_grant(&mut fields, &format!("rows.{i}.roles"), actor, &row.roles);
        if let (Some(email), Some(name), Some(country), Some(language), Some(roles)) =
            (email, name, country, language, roles)
        {
            invitees.push((
                i,
                Invitee {
                    org_id: actor.org_id,
                    purchasing_account_id: None,
                    email,
                    name: name.as_str().to_string(),
                    language,
                    country: country.code().to_string(),
                    roles,
                },
            ));
        }
    }
    fields.finish()?;

    let mut tx = svc.db.begin().await?;
    let mut taken = Fields::default();
    for (i, invitee) in &invitees {
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
            .bind(invitee.email.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_some() {
            taken.push(FieldError::new(
                format!("rows.{i}.email"),
                &Code::UserExists,
            ));
        }
    }
    taken.finish()?;
    for (_, invitee) in &invitees {
        invitations::supersede_open(&mut tx, actor.org_id, &invitee.email, now).await?;
        invitations::create(
            svc,
            &mut tx,
            Some(actor),
            invitee,
            InvitationEmail::Colleague {
                inviter: &actor.name,
                org_name: &actor.org_name,
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(invitees.len())
}

/// The users of the actor's organization and its open invitations.
#[tracing::instrument(name = "accounts.users.list_users", skip_all, fields(actor = actor.user_id))]
pub async fn list_users(svc: &Services, actor: &Actor, filter: Option<&str>) -> Result<UsersPage> {
    if !(actor.can(Permission::ManageUsers) || actor.can(Permission::InviteUsers)) {
        return Err(Error::Forbidden);
    }
    let now = svc.now().await?;
    let rows = sqlx::query(
        "SELECT u.id, u.email, u.name, u.language, u.country, r.role FROM users u \
         LEFT JOIN user_roles r ON r.user_id = u.id WHERE u.org_id = $1 \
         AND (lower(u.name) LIKE $2 ESCAPE '\\' OR u.email LIKE $2 ESCAPE '\\') \
         ORDER BY u.name, u.id, r.role",
    )
    .bind(actor.org_id)
    .bind(containing(filter))
    .fetch_all(svc.db.pool())
    .await?;
    let mut users: Vec<UserView> = Vec::new();
    for r in rows {
        let id: i64 = r.get(0);
        if users.last().map(|u| u.id) != Some(id) {
            users.push(UserView {
                id,
                email: r.get(1),
                name: r.get(2),
                language: Language::parse(&r.get::<String, _>(3)).unwrap_or_default(),
                country: r.get(4),
                roles: Vec::new(),
            });
        }
        if let Some(role) = r.get::<Option<String>, _>(5).and_then(|c| Role::parse(&c)) {
            users.last_mut().expect("pushed above").roles.push(role);
        }
    }
    let pending = sqlx::query(
        "SELECT id, email, name, roles, sent_at FROM invitations \
         WHERE org_id = $1 AND used_at IS NULL AND superseded_at IS NULL ORDER BY sent_at DESC",
    )
    .bind(actor.org_id)
    .fetch_all(svc.db.pool())
    .await?
    .into_iter()
    .map(|r| {
        let sent_at = Timestamp::from_millis(r.get(4));
        PendingInvitation {
            id: r.get(0),
            email: r.get(1),
            name: r.get(2),
            roles: r
                .get::<String, _>(3)
                .split(',')
                .filter_map(Role::parse)
                .collect(),
            sent_at,
            expires_at: invitation_expires_at(sent_at),
            expired: domain::check_invitation(sent_at, false, false, now).is_err(),
        }
    })
    .collect();
    Ok(UsersPage { users, pending })
}

/// The `LIKE` pattern of the users whose name or email contains `filter`
/// (any case); every user for none. Emails are stored lower-cased.
fn containing(filter: Option<&str>) -> String {
    let filter = filter.map(str::trim).unwrap_or_default().to_lowercase();
    let escaped = filter
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// A user of the actor's organization; another organization's user is
/// refused exactly like a missing one, so ids reveal nothing.
async fn member(tx: &mut Tx, actor: &Actor, user_id: i64) -> Result<Vec<Role>> {
    let org: Option<i64> = sqlx::query_scalar("SELECT org_id FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await?;
    if org != Some(actor.org_id) {
        return Err(Error::Forbidden);
    }
    let codes: Vec<String> = sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(&mut **tx)
        .await?;
    Ok(codes.iter().filter_map(|c| Role::parse(c)).collect())
}

/// Would the organization still have an administrator if `user_id` ended up
/// with `roles`? (the rule is `domain::keeps_top_role`) The caller holds the
/// organization's lock ([`locks::organization`]).
async fn keeps_administrator(
    tx: &mut Tx,
    actor: &Actor,
    user_id: i64,
    roles: &[Role],
) -> Result<bool> {
    let others: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM user_roles r JOIN users u ON u.id = r.user_id \
         WHERE u.org_id = $1 AND r.role = $2 AND u.id <> $3",
    )
    .bind(actor.org_id)
    .bind(domain::top_role(actor.org_kind).code())
    .bind(user_id)
    .fetch_one(&mut **tx)
    .await?;
    Ok(domain::keeps_top_role(actor.org_kind, others, roles))
}

/// R-ORG-08 (edit roles): nobody changes their own roles, and the actor must
/// be able to grant both the roles taken away and the roles given (the rule
/// is `domain::validate_role_change`).
#[tracing::instrument(name = "accounts.users.set_roles", skip_all, fields(actor = actor.user_id, user_id))]
pub async fn set_roles(
    svc: &Services,
    actor: &Actor,
    user_id: i64,
    codes: &[String],
) -> Result<()> {
    actor.require(Permission::ManageUsers)?;
    let now = svc.now().await?;
    let roles = parse_roles("roles", codes).map_err(|e| Error::Invalid(vec![e]))?;

    let mut tx = svc.db.begin().await?;
    // Two administrators demoting each other must not both see the other.
    locks::organization(&mut tx, actor.org_id).await?;
    let before = member(&mut tx, actor, user_id).await?;
    validate_role_change(&actor.roles, user_id == actor.user_id, &before, &roles)
        .map_err(|e| Error::Invalid(vec![grant_error("roles", &e)]))?;
    if !keeps_administrator(&mut tx, actor, user_id, &roles).await? {
        return Err(Error::Conflict(Code::LastAdministrator));
    }
    sqlx::query("DELETE FROM user_roles WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    for role in &roles {
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
            .bind(user_id)
            .bind(role.code())
            .execute(&mut *tx)
            .await?;
    }
    audit::record(
        &mut tx,
        audit::Entry {
            actor: Some(actor),
            org_id: actor.org_id,
            action: "user.set_roles",
            entity: "user",
            entity_id: user_id.to_string(),
            before: Some(json!(before.iter().map(|r| r.code()).collect::<Vec<_>>())),
            after: Some(json!(roles.iter().map(|r| r.code()).collect::<Vec<_>>())),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[tracing::instrument(name = "accounts.users.remove_user", skip_all, fields(actor = actor.user_id, user_id))]
pub async fn remove_user(svc: &Services, actor: &Actor, user_id: i64) -> Result<()> {
    actor.require(Permission::ManageUsers)?;
    if user_id == actor.user_id {
        return Err(Error::Conflict(Code::CannotRemoveSelf));
    }
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    locks::organization(&mut tx, actor.org_id).await?;
    let roles = member(&mut tx, actor, user_id).await?;
    if !roles.is_empty() {
        validate_grant(&actor.roles, &roles)
            .map_err(|e| Error::Invalid(vec![grant_error("roles", &e)]))?;
    }
    if !keeps_administrator(&mut tx, actor, user_id, &[]).await? {
        return Err(Error::Conflict(Code::LastAdministrator));
    }
    let email: String = sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        audit::Entry {
            actor: Some(actor),
            org_id: actor.org_id,
            action: "user.remove",
            entity: "user",
            entity_id: user_id.to_string(),
            before: Some(json!({ "email": email, "roles": roles.iter().map(|r| r.code()).collect::<Vec<_>>() })),
            after: None,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// R-ORG-09: a user changes their own language (also the language of their emails).
#[tracing::instrument(name = "accounts.users.set_language", skip_all, fields(actor = actor.user_id, ?language))]
pub async fn set_language(svc: &Services, actor: &Actor, language: Language) -> Result<Actor> {
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    sqlx::query("UPDATE users SET language = $1 WHERE id = $2")
        .bind(language.code())
        .bind(actor.user_id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        audit::Entry {
            actor: Some(actor),
            org_id: actor.org_id,
            action: "profile.set_language",
            entity: "user",
            entity_id: actor.user_id.to_string(),
            before: Some(json!(actor.language.code())),
            after: Some(json!(language.code())),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    actor::load(&svc.db, actor.user_id)
        .await?
        .ok_or(Error::Unauthenticated)
}
