//! Who is acting: the signed-in user, their organization and roles. Every
//! use case takes an `Actor` and checks permissions, never role names.

use domain::{Language, OrgKind, Permission, PermissionSet, Role};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::sync::LazyLock;

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

/// An [`Actor`]'s columns, of `users u JOIN organizations o`, with the roles
/// as one comma-separated text: one row, so on SQLite one hand-off to its
/// thread (a request looks its actor up before anything else).
/// (`string_agg … ORDER BY` is PostgreSQL's, and SQLite's since 3.44.)
pub(crate) const COLUMNS: &str =
    "u.id, u.email, u.name, u.language, u.country, o.id, o.name, o.kind, \
     (SELECT string_agg(r.role, ',' ORDER BY r.role) FROM user_roles r WHERE r.user_id = u.id)";

/// Reads a row selected with [`COLUMNS`].
pub(crate) fn from_row(row: &AnyRow) -> Result<Actor> {
    let kind: String = row.try_get(7)?;
    let codes: Option<String> = row.try_get(8)?;
    let mut roles: Vec<Role> = codes
        .iter()
        .flat_map(|c| c.split(','))
        .filter_map(Role::parse)
        .collect();
    roles.sort();
    Ok(Actor {
        user_id: row.try_get(0)?,
        email: row.try_get(1)?,
        name: row.try_get(2)?,
        language: Language::parse(&row.try_get::<String, _>(3)?).unwrap_or_default(),
        country: row.try_get(4)?,
        org_id: row.try_get(5)?,
        org_name: row.try_get(6)?,
        org_kind: parse_kind(&kind)?,
        roles,
    })
}

static BY_ID: LazyLock<String> = LazyLock::new(|| {
    format!("SELECT {COLUMNS} FROM users u JOIN organizations o ON o.id = u.org_id WHERE u.id = $1")
});

pub(crate) async fn load(db: &Db, user_id: i64) -> Result<Option<Actor>> {
    let row = sqlx::query(&BY_ID)
        .bind(user_id)
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// [`load`] on a given connection (inside a write transaction: `&mut tx`).
pub(crate) async fn load_in(conn: &mut sqlx::AnyConnection, user_id: i64) -> Result<Option<Actor>> {
    let row = sqlx::query(&BY_ID)
        .bind(user_id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}
