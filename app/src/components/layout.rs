//! The frame of every page: brand, navigation by permission, the user menu
//! (R-ORG-09), the language switch for visitors, the demo banner.

use domain::{Language, OrgKind, Permission};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Html, Title};

use crate::api::auth::{Logout, SetLanguage};
use crate::components::forms::{language_options, ServerForm};
use crate::i18n::{use_lang, AMsg, Lang, MMsg, Msg, OMsg, SMsg, SupMsg, TMsg};
use crate::session::SessionInfo;
use crate::{provide_session, visitor_language, SessionResource};

/// The header needs the session; without one (the database is down) it is
/// the brand alone, and the page below shows the failure.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let session = expect_context::<SessionResource>();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match session.await {
                    Ok(info) => {
                        provide_session(info);
                        view! { <Header /> }.into_any()
                    }
                    Err(_) => {
                        provide_context(Lang(visitor_language()));
                        view! { <Brand /> }.into_any()
                    }
                }
            })}
        </Suspense>
        <main class="content">{children()}</main>
    }
}

/// The document's title and language, and the brand.
#[component]
fn Brand() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Html attr:lang=lang.0.code() />
        <Title text=lang.t(Msg::AppName) />
        <header class="topbar">
            <a class="brand" href="/">{lang.t(Msg::AppName)}</a>
        </header>
    }
}

/// Brand, navigation, user menu or language switch, demo banner; also the
/// document's title and language.
#[component]
fn Header() -> impl IntoView {
    let lang = use_lang();
    let info = expect_context::<SessionInfo>();
    let nav = info.user.clone().map(|user| {
        let mut links: Vec<(&'static str, &'static str)> = Vec::new();
        match user.org_kind {
            OrgKind::Customer => {
                if user.can(Permission::ViewAgreements) {
                    links.push(("/agreements", lang.t(Msg::NavAgreements)));
                    links.push(("/partners", lang.t(Msg::NavPartners)));
                }
                if user.can(Permission::ViewLicenses) || user.can(Permission::ViewOrders) {
                    links.push(("/subscriptions", lang.t(SMsg::NavSubscriptions)));
                }
            }
            OrgKind::Partner => {
                if user.can(Permission::ViewCustomers) {
                    links.push(("/customers", lang.t(Msg::NavCustomers)));
                    links.push(("/transfers", lang.t(TMsg::NavTransfers)));
                }
                // R-MPN-01: every partner user sees (and may buy) benefits.
                links.push(("/membership", lang.t(MMsg::Benefits)));
                if domain::may_get_keys_and_downloads(&user.roles)
                    || domain::mpn::may_assign(&user.roles)
                {
                    links.push(("/support-requests", lang.t(SupMsg::SupportRequests)));
                }
            }
            OrgKind::Provider => {
                if user.can(Permission::ManagePlatform) {
                    links.push(("/organizations", lang.t(Msg::NavOrganizations)));
                    links.push(("/admin/operations", lang.t(OMsg::NavOperations)));
                    links.push(("/support-requests", lang.t(SupMsg::SupportRequests)));
                }
                if user.can(Permission::AdvanceTestClock) && info.test_clock.is_some() {
                    links.push(("/admin/clock", lang.t(SMsg::NavTestClock)));
                }
            }
        }
        if user.org_kind == OrgKind::Customer
            && domain::permissions_for(&user.roles).can_view_inventory()
        {
            links.push(("/inventory", lang.t(Msg::NavInventory)));
        }
        if user.can(Permission::ManageUsers) || user.can(Permission::InviteUsers) {
            links.push(("/users", lang.t(Msg::NavUsers)));
        }
        if user.can(Permission::ViewAuditLog) {
            links.push(("/audit", lang.t(Msg::NavAudit)));
        }
        if domain::api_token::may_manage_tokens(domain::permissions_for(&user.roles)) {
            links.push(("/settings/api-tokens", lang.t(AMsg::NavApiTokens)));
        }
        view! {
            <nav class="main-nav" aria-label=lang.t(Msg::NavLabel)>
                {links
                    .into_iter()
                    .map(|(href, text)| view! { <a href=href>{text}</a> })
                    .collect_view()}
            </nav>
        }
    });
    let right = match info.user.clone() {
        Some(user) => {
            // R-SW-05: gear → "Activity log", for the partner roles that see it.
            let activity = user.org_kind == domain::OrgKind::Partner
                && user.can(domain::Permission::ViewActivityLog);
            view! { <UserMenu name=user.name org=user.org_name activity /> }.into_any()
        }
        None => view! { <LanguageSwitch current=info.language /> }.into_any(),
    };
    let demo = info.demo_mode.then(|| {
        view! {
            <div class="demo-banner" role="note">
                {lang.t(Msg::DemoBanner)} " " <a href="/mailbox">{lang.t(Msg::NavMailbox)}</a>
                {info.test_clock.clone().map(|c| view! {
                    " · " {lang.t(SMsg::SimulatedNow)} ": " <span data-testid="simulated-now">{lang.datetime(c.now)}</span>
                })}
            </div>
        }
    });
    view! {
        <Html attr:lang=lang.0.code() />
        <Title text=lang.t(Msg::AppName) />
        <header class="topbar">
            <a class="brand" href="/">{lang.t(Msg::AppName)}</a>
            {nav}
            <div class="spacer"></div>
            {right}
        </header>
        {demo}
    }
}

#[component]
fn UserMenu(name: String, org: String, activity: bool) -> impl IntoView {
    let lang = use_lang();
    view! {
        <details class="user-menu">
            <summary data-testid="user-menu">{name} <span class="org">{org}</span></summary>
            <div class="menu">
                <a href="/profile">{lang.t(Msg::MyProfile)}</a>
                {activity.then(|| view! { <a href="/activity-log">{lang.t(crate::i18n::SwMsg::ActivityLog)}</a> })}
                <ServerForm action=Logout::PATH done="/login">
                    <button type="submit" class="link">{lang.t(Msg::SignOut)}</button>
                </ServerForm>
            </div>
        </details>
    }
}

/// For signed-out visitors; signed-in users choose in My profile.
#[component]
pub fn LanguageSwitch(current: Language) -> impl IntoView {
    let lang = use_lang();
    view! {
        // A button, not a change of the select: Chrome fires `change` on
        // an arrow key, which would load the page on the first key press
        // (WCAG 3.2.2).
        <ServerForm action=SetLanguage::PATH>
            <label class="language-switch">
                <span class="sr-only">{lang.t(Msg::Language)}</span>
                <select name="language" data-testid="language-switch">
                    {language_options(Some(current))}
                </select>
            </label>
            <button type="submit" class="secondary" data-testid="language-apply">{lang.t(Msg::ChangeLanguage)}</button>
        </ServerForm>
    }
}
