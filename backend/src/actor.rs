//! Who is acting: the signed-in user, their organization and roles. Every
//! use case takes an `Actor` and checks permissions, never role names.

use domain::{Language, OrgKind, Permission, PermissionSet, Role};
use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::db::Db;
use crate::error::{Error, Result};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: i64,
    pub email: String,
    pub name: String,
    pub language: Language,
    pub country: String,
    pub org_id: i64,
    pub org_name: String,
    pub org_kind: OrgKind,
    pub roles: Vec<Role>,
}

impl Actor {
    pub fn permissions(&self) -> PermissionSet {
        domain::permissions_for(&self.roles)
    }

    pub fn can(&self, permission: Permission) -> bool {
        self.permissions().has(permission)
    }

    pub fn require(&self, permission: Permission) -> Result<()> {
        if self.can(permission) {
            Ok(())
        } else {
            Err(Error::Forbidden)
        }
    }

    pub fn require_kind(&self, kind: OrgKind) -> Result<()> {
        if self.org_kind == kind {
            Ok(())
        } else {
            Err(Error::Forbidden)
        }
    }
}

pub(crate) fn parse_kind(kind: &str) -> Result<OrgKind> {
    match kind {
        "customer" => Ok(OrgKind::Customer),
        "partner" => Ok(OrgKind::Partner),
        "provider" => Ok(OrgKind::Provider),
        other => Err(Error::Internal(format!(
            "unknown organization kind {other}"
        ))),
    }
}

pub(crate) fn kind_code(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::Customer => "customer",
        OrgKind::Partner => "partner",
        OrgKind::Provider => "provider",
    }
}

async fn roles_in(conn: &mut sqlx::AnyConnection, user_id: i64) -> Result<Vec<Role>> {
    let codes: Vec<String> =
        sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role")
            .bind(user_id)
            .fetch_all(conn)
            .await?;
    let mut roles: Vec<Role> = codes.iter().filter_map(|c| Role::parse(c)).collect();
    roles.sort();
    Ok(roles)
}

pub(crate) async fn load(db: &Db, user_id: i64) -> Result<Option<Actor>> {
    load_in(&mut *db.pool().acquire().await?, user_id).await
}

/// [`load`] on a given connection (inside a write transaction: `&mut tx`).
pub(crate) async fn load_in(conn: &mut sqlx::AnyConnection, user_id: i64) -> Result<Option<Actor>> {
    let row = sqlx::query(
        "SELECT u.id, u.email, u.name, u.language, u.country, o.id, o.name, o.kind \
         FROM users u JOIN organizations o ON o.id = u.org_id WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let kind: String = row.get(7);
    Ok(Some(Actor {
        user_id: row.get(0),
        email: row.get(1),
        name: row.get(2),
        language: Language::parse(&row.get::<String, _>(3)).unwrap_or_default(),
        country: row.get(4),
        org_id: row.get(5),
        org_name: row.get(6),
        org_kind: parse_kind(&kind)?,
        roles: roles_in(conn, user_id).await?,
    }))
}
