//! R-ORG-01/02: organizations, agreements and purchasing accounts. The
//! provider creates an agreement; its purchasing account administrator is
//! invited in the same transaction.

pub use domain::views::{AgreementView, NewAgreementForm, OrganizationView, PurchasingAccountView};
use domain::{
    AgreementNumber, Country, Email, Language, OrgKind, Permission, PersonName,
    PurchasingAccountNumber, Role, Timestamp,
};
use serde_json::json;
use sqlx::Row;

use super::invitations::{self, InvitationEmail, Invitee};
use crate::actor::{kind_code, parse_kind, Actor};
use crate::audit;
use crate::db::Tx;
use crate::error::{is_unique_violation, Code, Error, Fields, Result};
use crate::services::Services;

/// Creates a customer, its agreement and purchasing account, and invites the
/// purchasing account administrator (R-ORG-02). Provider only.
#[tracing::instrument(name = "accounts.agreements.create_agreement", skip_all, fields(actor = actor.user_id))]
pub async fn create_agreement(
    svc: &Services,
    actor: &Actor,
    form: &NewAgreementForm,
) -> Result<i64> {
    actor.require(Permission::ManagePlatform)?;
    let now = svc.now().await?;
    let mut fields = Fields::default();
    let org_name = fields.check("org_name", PersonName::parse(&form.org_name));
    let country = fields.check("country", Country::parse(&form.country));
    let agreement = fields.check(
        "agreement_number",
        AgreementNumber::parse(&form.agreement_number),
    );
    let account = fields.check(
        "purchasing_account_number",
        PurchasingAccountNumber::parse(&form.purchasing_account_number),
    );
    let account_name = fields.check(
        "purchasing_account_name",
        PersonName::parse(&form.purchasing_account_name),
    );
    let admin_email = fields.check("admin_email", Email::parse(&form.admin_email));
    let admin_name = fields.check("admin_name", PersonName::parse(&form.admin_name));
    let language = Language::parse(&form.admin_language).unwrap_or_default();
    fields.finish()?;
    let (
        Some(org_name),
        Some(country),
        Some(agreement),
        Some(account),
        Some(account_name),
        Some(admin_email),
        Some(admin_name),
    ) = (
        org_name,
        country,
        agreement,
        account,
        account_name,
        admin_email,
        admin_name,
    )
    else {
        unreachable!("Fields::finish returned Ok only when every field parsed")
    };

    let mut tx = svc.db.begin().await?;
    let org_id = insert_organization(
        &mut tx,
        org_name.as_str(),
        OrgKind::Customer,
        country.code(),
        now,
    )
    .await?;
    let agreement_id: i64 = sqlx::query_scalar(
        "INSERT INTO agreements (org_id, number, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(org_id)
    .bind(agreement.as_str())
    .bind(now.millis())
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            Error::field("agreement_number", &Code::AgreementNumberTaken)
        } else {
            e.into()
        }
    })?;
    let account_id: i64 = sqlx::query_scalar(
        "INSERT INTO purchasing_accounts (agreement_id, number, name, admin_email) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(agreement_id)
    .bind(account.as_str())
    .bind(account_name.as_str())
    .bind(admin_email.as_str())
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        audit::Entry {
            actor: Some(actor),
            org_id,
            action: "agreement.create",
            entity: "agreement",
            entity_id: agreement_id.to_string(),
            before: None,
            after: Some(json!({
                "organization": org_name.as_str(),
                "agreement_number": agreement.as_str(),
                "purchasing_account": account.as_str(),
                "admin_email": admin_email.as_str(),
            })),
        },
        now,
    )
    .await?;
    invitations::create(
        svc,
        &mut tx,
        Some(actor),
        &Invitee {
            org_id,
            purchasing_account_id: Some(account_id),
            email: admin_email,
            name: admin_name.as_str().to_string(),
            language,
            country: country.code().to_string(),
            roles: vec![Role::AccountAdministrator],
        },
        InvitationEmail::PurchasingAccountAdmin {
            org_name: org_name.as_str(),
            agreement: agreement.as_str(),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(agreement_id)
}

/// The agreements of one organization (the caller has checked access).
pub(crate) async fn of_org<'c, E>(conn: E, org_id: i64) -> Result<Vec<AgreementView>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT a.id, a.number, a.created_at, pa.id, pa.number, pa.name, pa.admin_email \
         FROM agreements a LEFT JOIN purchasing_accounts pa ON pa.agreement_id = a.id \
         WHERE a.org_id = $1 ORDER BY a.number, pa.number",
    )
    .bind(org_id)
    .fetch_all(conn)
    .await?;
    let mut out: Vec<AgreementView> = Vec::new();
    for r in rows {
        let id: i64 = r.get(0);
        if out.last().map(|a| a.id) != Some(id) {
            out.push(AgreementView {
                id,
                number: r.get(1),
                created_at: domain::Timestamp::from_millis(r.get(2)),
                purchasing_accounts: Vec::new(),
            });
        }
        if let Some(pa_id) = r.get::<Option<i64>, _>(3) {
            let last = out.last_mut().expect("pushed above");
            last.purchasing_accounts.push(PurchasingAccountView {
                id: pa_id,
                number: r.get(4),
                name: r.get(5),
                admin_email: r.get(6),
            });
        }
    }
    Ok(out)
}

/// The signed-in customer's own agreements.
#[tracing::instrument(name = "accounts.agreements.list_agreements", skip_all, fields(actor = actor.user_id))]
pub async fn list_agreements(svc: &Services, actor: &Actor) -> Result<Vec<AgreementView>> {
    actor.require(Permission::ViewAgreements)?;
    of_org(svc.db.pool(), actor.org_id).await
}

/// Every organization on the platform (provider only).
#[tracing::instrument(name = "accounts.agreements.list_organizations", skip_all, fields(actor = actor.user_id))]
pub async fn list_organizations(svc: &Services, actor: &Actor) -> Result<Vec<OrganizationView>> {
    actor.require(Permission::ManagePlatform)?;
    let rows = sqlx::query(
        "SELECT o.id, o.name, o.kind, o.country, (SELECT COUNT(*) FROM users u WHERE u.org_id = o.id) \
         FROM organizations o ORDER BY o.kind, o.name",
    )
    .fetch_all(svc.db.pool())
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(OrganizationView {
                id: r.get(0),
                name: r.get(1),
                kind: parse_kind(&r.get::<String, _>(2))?,
                country: r.get(3),
                users: r.get(4),
            })
        })
        .collect()
}

/// Inserts an organization, inside the caller's transaction.
pub(crate) async fn insert_organization(
    tx: &mut Tx,
    name: &str,
    kind: OrgKind,
    country: &str,
    now: Timestamp,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO organizations (name, kind, country, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(name)
    .bind(kind_code(kind))
    .bind(country)
    .bind(now.millis())
    .fetch_one(&mut **tx)
    .await?)
}
