//! Users of the signed-in organization (R-ORG-07/08/09).

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::*;
use crate::error::AppError;

pub use domain::views::{InviteRow, UsersPage};

/// The organization's users whose name or email contains `q` (all for
/// none), and its pending invitations.
#[server(endpoint = "list_users")]
pub async fn list_users(q: Option<String>) -> Result<UsersPage, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::accounts::users::list_users(&svc, &actor, q.as_deref())
        .await
        .map_err(fail)
}

#[server(endpoint = "invite_users")]
pub async fn invite_users(rows: Vec<InviteRow>) -> Result<usize, AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::accounts::users::invite_users(&svc, &actor, &rows)
        .await
        .map_err(fail)
}

/// `roles[]`: a form sends no `roles` at all when no box is checked.
#[server(endpoint = "set_user_roles")]
pub async fn set_user_roles(
    user_id: i64,
    #[server(default)] roles: Vec<String>,
) -> Result<(), AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::accounts::users::set_roles(&svc, &actor, user_id, &roles)
        .await
        .map_err(fail)
}

#[server(endpoint = "remove_user")]
pub async fn remove_user(user_id: i64) -> Result<(), AppError> {
    let (svc, actor) = (services()?, actor().await?);
    backend::accounts::users::remove_user(&svc, &actor, user_id)
        .await
        .map_err(fail)
}
