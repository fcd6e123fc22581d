//! What every page knows about the visitor: who is signed in, in which
//! organization with which roles, and the language to show.

use domain::{Language, OrgKind, Permission, Role};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInfo {
    pub user_id: i64,
    pub email: String,
    pub name: String,
    pub country: String,
    pub language: Language,
    pub org_id: i64,
    pub org_name: String,
    pub org_kind: OrgKind,
    pub roles: Vec<Role>,
}

impl UserInfo {
    /// Hides what the user cannot do; the server refuses it regardless.
    pub fn can(&self, permission: Permission) -> bool {
        domain::permissions_for(&self.roles).has(permission)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user: Option<UserInfo>,
    pub language: Language,
    pub demo_mode: bool,
    /// Demo mode: the simulated business time (banner).
    pub test_clock: Option<domain::subscription_views::TestClockView>,
}

#[cfg(feature = "ssr")]
impl From<backend::Actor> for UserInfo {
    fn from(a: backend::Actor) -> Self {
        UserInfo {
            user_id: a.user_id,
            email: a.email,
            name: a.name,
            country: a.country,
            language: a.language,
            org_id: a.org_id,
            org_name: a.org_name,
            org_kind: a.org_kind,
            roles: a.roles,
        }
    }
}
