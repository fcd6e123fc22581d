//! The provider's first Platform Administrator (`server create-admin`): the
//! only way into a new production database, which has no demo accounts.

use domain::{Email, Language, Role};

use super::invitations::{self, Invitee};
use crate::error::{Code, Error, Result};
use crate::services::Services;

/// The provider organization's name when `create-admin` creates it.
pub const PROVIDER_NAME: &str = "Business Center Operations";

/// What `create-admin` made: the invitation link, shown once.
#[derive(Debug)]
pub struct FirstAdminInvitation {
    pub email: String,
    pub link: String,
    /// An earlier `create-admin` link that nobody used was replaced.
    pub replaced_earlier: bool,
}

/// Invites `email` as the provider's Platform Administrator, creating the
/// provider organization if the database has none. Refused once a Platform
/// Administrator exists: from then on, they invite. Run again before anyone
/// accepted, it replaces the earlier link (a lost link is not a lock-out).
///
/// Safe when two run at once, on PostgreSQL as on SQLite: the provider row
/// is created or taken by one upsert (a unique index allows one provider,
/// and the upsert locks its row), so the second run waits for the first and
/// then sees its invitation. Open invitations are superseded before the
/// administrator check, so an accept that races with this either commits
/// first (and this sees the new administrator) or finds its link superseded.
pub async fn invite_first_admin(svc: &Services, email: &str) -> Result<FirstAdminInvitation> {
    let email = Email::parse(email).map_err(|e| Error::field("email", &e))?;
    let now = svc.now().await?;
    let mut tx = svc.db.begin().await?;
    let org_id: i64 = sqlx::query_scalar(
        "INSERT INTO organizations (name, kind, country, created_at) VALUES ($1, 'provider', '', $2) \
         ON CONFLICT (kind) WHERE kind = 'provider' DO UPDATE SET name = organizations.name \
         RETURNING id",
    )
    .bind(PROVIDER_NAME)
    .bind(now.millis())
    .fetch_one(&mut *tx)
    .await?;
    let superseded = sqlx::query(
        "UPDATE invitations SET superseded_at = $1 WHERE org_id = $2 \
         AND used_at IS NULL AND superseded_at IS NULL",
    )
    .bind(now.millis())
    .bind(org_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let admins: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM users u JOIN user_roles r ON r.user_id = u.id \
         WHERE u.org_id = $1 AND r.role = $2",
    )
    .bind(org_id)
    .bind(Role::ProviderAdministrator.code())
    .fetch_one(&mut *tx)
    .await?;
    if admins > 0 {
        return Err(Error::Conflict(Code::PlatformAdminExists));
    }
    let (_, link) = invitations::insert(
        svc,
        &mut tx,
        None,
        &Invitee {
            org_id,
            purchasing_account_id: None,
            email: email.clone(),
            // The accept form asks for both.
            name: String::new(),
            language: Language::En,
            country: String::new(),
            roles: vec![Role::ProviderAdministrator],
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(FirstAdminInvitation {
        email: email.as_str().to_string(),
        link,
        replaced_earlier: superseded > 0,
    })
}
