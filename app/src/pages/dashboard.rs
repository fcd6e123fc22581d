//! The home page after sign-in: who you are and what you can do here.

use domain::{OrgKind, Permission};
use leptos::prelude::*;

use super::{signed_in, to_login};
use crate::i18n::{use_lang, Msg, Text};

#[component]
pub fn Dashboard() -> impl IntoView {
    let lang = use_lang();
    let Some(user) = signed_in() else {
        return to_login();
    };
    let mut tiles: Vec<(&'static str, Text, Text)> = Vec::new();
    match user.org_kind {
        OrgKind::Customer if user.can(Permission::ViewAgreements) => {
            tiles.push(("/agreements", Msg::NavAgreements, Msg::TileAgreements));
            tiles.push(("/partners", Msg::NavPartners, Msg::TilePartners));
        }
        OrgKind::Partner if user.can(Permission::ViewCustomers) => {
            tiles.push(("/customers", Msg::NavCustomers, Msg::TileCustomers));
        }
        OrgKind::Provider if user.can(Permission::ManagePlatform) => {
            tiles.push((
                "/organizations",
                Msg::NavOrganizations,
                Msg::TileOrganizations,
            ));
        }
        _ => {}
    }
    if user.can(Permission::ManageUsers) || user.can(Permission::InviteUsers) {
        tiles.push(("/users", Msg::NavUsers, Msg::TileUsers));
    }
    if user.can(Permission::ViewAuditLog) {
        tiles.push(("/audit", Msg::NavAudit, Msg::TileAudit));
    }
    tiles.push(("/profile", Msg::MyProfile, Msg::TileProfile));
    let roles = lang.roles(&user.roles);
    view! {
        <section class="card">
            <h1>{lang.t(Msg::Welcome)} ", " {user.name.clone()}</h1>
            <p data-testid="dashboard-org">{user.org_name.clone()}</p>
            <p data-testid="dashboard-roles">{lang.t(Msg::YourRoles)} ": " {roles}</p>
        </section>
        <div class="tiles">
            {tiles
                .into_iter()
                .map(|(href, title, text)| {
                    view! {
                        <a class="tile" href=href>
                            <h2>{lang.t(title)}</h2>
                            <p>{lang.t(text)}</p>
                        </a>
                    }
                })
                .collect_view()}
        </div>
    }
    .into_any()
}
