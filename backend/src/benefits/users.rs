//! R-SAB-05/06: benefit users — add and edit (eligible-domain check),
//! delete, resend instructions. On a per-person benefit adding a user takes one unit and
//! removing gives it back, guarded so the balance never goes negative.

use domain::benefit_views::NewBenefitUser;
use domain::benefits::{check_eligible_email, BenefitUserError, ConversionError, TransactionKind};
use domain::{DomainName, Email, FieldError, Language, PersonName, Timestamp};
use serde_json::json;
use sqlx::Row;

use super::access::{self, Need};
use super::emails;
use super::ledger::{self, Benefit};
use crate::actor::Actor;
use crate::db::Tx;
use crate::error::{is_unique_violation, Code, Error, Fields, Result};
use crate::outbox;
use crate::services::Services;

pub(super) fn refuse(e: BenefitUserError) -> Error {
    let field = match e {
        BenefitUserError::DomainNotEligible { .. } | BenefitUserError::AlreadyUser => "email",
        _ => "",
    };
    let error = FieldError::new(field, &e);
    Error::Invalid(vec![match e {
        BenefitUserError::DomainNotEligible { allowed } => {
            error.with("domains", allowed.join(", "))
        }
        _ => error,
    }])
}

/// R-SAB-05/06: adds a user; sends the instructions where the benefit has them.
#[tracing::instrument(name = "benefits.users.add_user", skip_all, fields(actor = actor.user_id, benefit_id))]
pub async fn add_user(
    svc: &Services,
    actor: &Actor,
    benefit_id: i64,
    form: &NewBenefitUser,
) -> Result<i64> {
    let mut fields = Fields::default();
    let (email, name, language) = person(&mut fields, &form.email, &form.name, &form.language);
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let (account_id, org) = access::benefit(&mut tx, actor, benefit_id, Need::Manage).await?;
    fields.finish()?;
    let (Some(email), Some(name), Some(language)) = (email, name, language) else {
        unreachable!("Fields::finish returned Ok only when every field parsed")
    };
    let b = ledger::load(&mut tx, benefit_id, now).await?;
    if b.view.expired {
        return Err(Error::field("", &ConversionError::Expired));
    }
    let domains = eligible_domains(&mut tx, account_id).await?;
    check_eligible_email(b.view.kind, &email, &domains).map_err(refuse)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO benefit_users (benefit_id, email, name, language, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(benefit_id)
    .bind(email.as_str())
    .bind(name.as_str())
    .bind(language.code())
    .bind(now.millis())
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            refuse(BenefitUserError::AlreadyUser)
        } else {
            e.into()
        }
    })?;
    if b.view.kind.user_consumes_unit() {
        let remaining = take(&mut tx, &b, 1)
            .await?
            .ok_or_else(|| refuse(BenefitUserError::NoneRemaining))?;
        ledger::transaction(
            &mut tx,
            b.view.id,
            TransactionKind::Use,
            -1,
            remaining,
            Some(actor),
            email.as_str(),
            now,
        )
        .await?;
    }
    if b.view.kind.has_user_instructions() {
        send_instructions(svc, &mut tx, &b, email.as_str(), language, org, now).await?;
    }
    let after =
        json!({ "email": email.as_str(), "name": name.as_str(), "benefit": b.view.kind.code() });
    ledger::audit(
        &mut tx,
        actor,
        org,
        "benefit_user.add",
        "benefit_user",
        id,
        None,
        Some(after),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// R-SAB-06: the account's eligible domains (R-ORG-10).
pub(super) async fn eligible_domains(tx: &mut Tx, account_id: i64) -> Result<Vec<DomainName>> {
    Ok(sqlx::query_scalar::<_, String>(
        "SELECT name FROM domains WHERE purchasing_account_id = $1 ORDER BY name",
    )
    .bind(account_id)
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .filter_map(|d| DomainName::parse(d).ok())
    .collect())
}

/// The typed name, email and language of a person, checked field by field.
pub(super) fn person(
    fields: &mut Fields,
    email: &str,
    name: &str,
    language: &str,
) -> (Option<Email>, Option<PersonName>, Option<Language>) {
    let email = fields.check("email", Email::parse(email));
    let name = fields.check("name", PersonName::parse(name));
    let language = Language::parse(language);
    if language.is_none() {
        fields.push(FieldError::new("language", &Code::LanguageUnknown));
    }
    (email, name, language)
}

/// R-SAB-05/06: Actions → Edit user — a new name, email and language; the
/// email passes the same eligible-domain check as when adding.
#[tracing::instrument(name = "benefits.users.edit_user", skip_all, fields(actor = actor.user_id, user_id))]
pub async fn edit_user(
    svc: &Services,
    actor: &Actor,
    user_id: i64,
    form: &NewBenefitUser,
) -> Result<()> {
    let mut fields = Fields::default();
    let (email, name, language) = person(&mut fields, &form.email, &form.name, &form.language);
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let r =
        sqlx::query("SELECT benefit_id, email, name, language FROM benefit_users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(Error::Forbidden)?;
    let benefit_id: i64 = r.get(0);
    let (account_id, org) = access::benefit(&mut tx, actor, benefit_id, Need::Manage).await?;
    fields.finish()?;
    let (Some(email), Some(name), Some(language)) = (email, name, language) else {
        unreachable!("Fields::finish returned Ok only when every field parsed")
    };
    let b = ledger::load(&mut tx, benefit_id, now).await?;
    if b.view.expired {
        return Err(Error::field("", &ConversionError::Expired));
    }
    let domains = eligible_domains(&mut tx, account_id).await?;
    check_eligible_email(b.view.kind, &email, &domains).map_err(refuse)?;
    sqlx::query("UPDATE benefit_users SET email = $1, name = $2, language = $3 WHERE id = $4")
        .bind(email.as_str())
        .bind(name.as_str())
        .bind(language.code())
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                refuse(BenefitUserError::AlreadyUser)
            } else {
                e.into()
            }
        })?;
    let before = json!({
        "email": r.get::<String, _>(1),
        "name": r.get::<String, _>(2),
        "language": r.get::<String, _>(3),
        "benefit": b.view.kind.code(),
    });
    let after = json!({
        "email": email.as_str(),
        "name": name.as_str(),
        "language": language.code(),
        "benefit": b.view.kind.code(),
    });
    ledger::audit(
        &mut tx,
        actor,
        org,
        "benefit_user.edit",
        "benefit_user",
        user_id,
        Some(before),
        Some(after),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Moves `n` units from remaining to used (negative `n`: back), only if
/// neither goes below zero. `None` when the guard refused.
pub(super) async fn take(tx: &mut Tx, b: &Benefit, n: i64) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "UPDATE benefits SET remaining = remaining - $1, used = used + $1 \
         WHERE id = $2 AND remaining - $1 >= 0 AND used + $1 >= 0 RETURNING remaining",
    )
    .bind(n)
    .bind(b.view.id)
    .fetch_optional(&mut **tx)
    .await?)
}

#[allow(clippy::too_many_arguments)]
async fn send_instructions(
    svc: &Services,
    tx: &mut Tx,
    b: &Benefit,
    to: &str,
    lang: Language,
    org: i64,
    now: Timestamp,
) -> Result<()> {
    let org_name: String = sqlx::query_scalar("SELECT name FROM organizations WHERE id = $1")
        .bind(org)
        .fetch_one(&mut **tx)
        .await?;
    let code = b.view.program_code.clone().unwrap_or_default();
    let email = emails::user_instructions(lang, b.view.kind, &org_name, &code, &svc.link("/"));
    outbox::enqueue(tx, to, lang, email, now).await
}

/// A benefit user with its benefit, once the actor may manage it.
async fn user(tx: &mut Tx, actor: &Actor, user_id: i64) -> Result<(i64, String, Language, i64)> {
    let r = sqlx::query("SELECT benefit_id, email, language FROM benefit_users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(Error::Forbidden)?;
    let benefit_id: i64 = r.get(0);
    let (_, org) = access::benefit(tx, actor, benefit_id, Need::Manage).await?;
    Ok((
        benefit_id,
        r.get(1),
        Language::parse(&r.get::<String, _>(2)).unwrap_or_default(),
        org,
    ))
}

/// R-SAB-05: Actions → Delete user; a per-person unit goes back, unless the
/// benefit has expired (its balance ended at expiry).
#[tracing::instrument(name = "benefits.users.remove_user", skip_all, fields(actor = actor.user_id, user_id))]
pub async fn remove_user(svc: &Services, actor: &Actor, user_id: i64) -> Result<()> {
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let (benefit_id, email, _, org) = user(&mut tx, actor, user_id).await?;
    let b = ledger::load(&mut tx, benefit_id, now).await?;
    sqlx::query("DELETE FROM benefit_users WHERE id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    if b.view.kind.user_consumes_unit() && !b.view.expired {
        let remaining = take(&mut tx, &b, -1)
            .await?
            .ok_or(Error::Conflict(Code::BalanceChanged))?;
        ledger::transaction(
            &mut tx,
            b.view.id,
            TransactionKind::Release,
            1,
            remaining,
            Some(actor),
            &email,
            now,
        )
        .await?;
    }
    let before = json!({ "email": email, "benefit": b.view.kind.code() });
    ledger::audit(
        &mut tx,
        actor,
        org,
        "benefit_user.remove",
        "benefit_user",
        user_id,
        Some(before),
        None,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// R-SAB-05: "Resend instructions", in the user's language.
#[tracing::instrument(name = "benefits.users.resend_instructions", skip_all, fields(actor = actor.user_id, user_id))]
pub async fn resend_instructions(svc: &Services, actor: &Actor, user_id: i64) -> Result<()> {
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let (benefit_id, email, lang, org) = user(&mut tx, actor, user_id).await?;
    let b = ledger::load(&mut tx, benefit_id, now).await?;
    if !b.view.kind.has_user_instructions() {
        return Err(Error::field("", &Code::BenefitNoInstructions));
    }
    send_instructions(svc, &mut tx, &b, &email, lang, org, now).await?;
    let after = json!({ "email": email, "benefit": b.view.kind.code() });
    ledger::audit(
        &mut tx,
        actor,
        org,
        "benefit_user.resend_instructions",
        "benefit_user",
        user_id,
        None,
        Some(after),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
