//! R-ORG-07/08: the organization's users, their roles, and open invitations.
//! Role choices offered are the ones the signed-in user may grant.

use domain::{can_edit_roles, grantable_roles, Permission, Role};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use super::{error_view, signed_in, to_login};
use crate::api::users::{list_users, RemoveUser, SetUserRoles};
use crate::components::forms::{FormErrors, ServerForm};
use crate::i18n::{use_lang, Msg};
use crate::session::UserInfo;
use domain::views::UserView;

#[component]
pub fn Users() -> impl IntoView {
    let lang = use_lang();
    let Some(me) = signed_in() else {
        return to_login();
    };
    let q = move || {
        use_query_map()
            .read()
            .get("q")
            .filter(|q| !q.trim().is_empty())
    };
    let page = Resource::new(q, list_users);
    let can_invite = me.can(Permission::InviteUsers);
    let me = StoredValue::new(me);
    view! {
        <section class="card">
            <div class="row-between">
                <h1>{lang.t(Msg::NavUsers)}</h1>
                {can_invite.then(|| view! { <a class="button" href="/users/invite">{lang.t(Msg::InviteUsers)}</a> })}
            </div>
            // Filtered on the server: a plain GET form.
            <form method="get" role="search" class="row">
                <label>
                    {lang.t(Msg::FindUsers)}
                    <input type="search" name="q" value=q().unwrap_or_default() data-testid="users-filter" />
                </label>
                <button type="submit" class="secondary">{lang.t(Msg::Find)}</button>
            </form>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! {
                            <table data-testid="users">
                                <thead>
                                    <tr>
                                        <th>{lang.t(Msg::FullName)}</th>
                                        <th>{lang.t(Msg::EmailAddress)}</th>
                                        <th>{lang.t(Msg::Roles)}</th>
                                        <th></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {page
                                        .users
                                        .into_iter()
                                        .map(|u| view! { <UserRow user=u me=me.get_value() /> })
                                        .collect_view()}
                                </tbody>
                            </table>
                            <h2>{lang.t(Msg::PendingInvitations)}</h2>
                            {if page.pending.is_empty() {
                                view! { <p>{lang.t(Msg::NoPendingInvitations)}</p> }.into_any()
                            } else {
                                view! {
                                    <table data-testid="pending-invitations">
                                        <thead>
                                            <tr>
                                                <th>{lang.t(Msg::EmailAddress)}</th>
                                                <th>{lang.t(Msg::Roles)}</th>
                                                <th>{lang.t(Msg::ExpiresAt)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {page
                                                .pending
                                                .into_iter()
                                                .map(|p| {
                                                    let roles = lang.roles(&p.roles);
                                                    let expiry = if p.expired {
                                                        format!("{} ({})", lang.datetime(p.expires_at), lang.t(Msg::Expired))
                                                    } else {
                                                        lang.datetime(p.expires_at)
                                                    };
                                                    view! {
                                                        <tr>
                                                            <td>{p.email}</td>
                                                            <td>{roles}</td>
                                                            <td>{expiry}</td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                }
                                .into_any()
                            }}
                        }
                        .into_any(),
                        Err(e) => error_view(e),
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
fn UserRow(user: UserView, me: UserInfo) -> impl IntoView {
    let can_manage = me.can(Permission::ManageUsers)
        && can_edit_roles(&me.roles, me.user_id == user.id, &user.roles);
    let grantable = grantable_roles(&me.roles);
    let email = user.email.clone();
    view! {
        <tr data-email=email>
            <td>{user.name}</td>
            <td>{user.email.clone()}</td>
            <td><RolesCell user_id=user.id roles=user.roles grantable can_manage /></td>
            <td class="actions">{can_manage.then(|| view! { <RemoveUserButton user_id=user.id /> })}</td>
        </tr>
    }
}

/// The user's roles, and for a manager the editor of the roles they may grant.
#[component]
fn RolesCell(
    user_id: i64,
    roles: Vec<Role>,
    grantable: Vec<Role>,
    can_manage: bool,
) -> impl IntoView {
    let lang = use_lang();
    let roles_text = lang.roles(&roles);
    let editor = can_manage.then(|| {
        let boxes = grantable
            .into_iter()
            .map(|role| {
                view! {
                    <label class="checkbox">
                        <input type="checkbox" name="roles[]" value=role.code() checked=roles.contains(&role) />
                        {lang.role(role)}
                    </label>
                }
            })
            .collect_view();
        view! {
            <details class="inline-editor">
                <summary class="link">{lang.t(Msg::EditRoles)}</summary>
                <ServerForm action=SetUserRoles::PATH>
                    <input type="hidden" name="user_id" value=user_id />
                    <fieldset class="roles">{boxes}</fieldset>
                    <FormErrors />
                    <button type="submit">{lang.t(Msg::Save)}</button>
                </ServerForm>
            </details>
        }
    });
    view! { {roles_text} {editor} }
}

#[component]
fn RemoveUserButton(user_id: i64) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ServerForm action=RemoveUser::PATH>
            <input type="hidden" name="user_id" value=user_id />
            <button type="submit" class="link danger">{lang.t(Msg::Remove)}</button>
            <FormErrors />
        </ServerForm>
    }
}
