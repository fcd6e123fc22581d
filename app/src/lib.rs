//! The Business Center UI: server-rendered on first load, hydrated in the
//! browser. Server functions live in `api`, screens in `pages`; every rule
//! they need comes from the `domain` crate.

// Nested views build deep types; the release (wasm) build needs more room.
#![recursion_limit = "256"]

pub mod api;
pub mod assets;
pub mod components;
pub mod error;
pub mod i18n;
pub mod pages;
pub mod session;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::components::layout::Layout;
use domain::Language;

use crate::i18n::Lang;
use crate::pages::*;
use crate::session::SessionInfo;

/// The HTML document around the app (server only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.ico" />
                <link rel="stylesheet" id="leptos" href=assets::stylesheet_href(&options) />
                <AutoReload options=options.clone() />
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The Content-Security-Policy: scripts only from this origin, inline ones
/// only with this response's nonce (Leptos puts it on every script it writes).
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let inline = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'{inline} 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(res)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        if let Ok(value) =
            http::HeaderValue::from_str(&content_security_policy(Some(&nonce.to_string())))
        {
            res.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
    // Read once per page load; sign-in, sign-out and a language change reload the page.
    let session: SessionResource = Resource::new_blocking(|| (), |_| api::auth::get_session());
    provide_context(session);
    // The routes sit outside any Suspense so the server can list them.
    view! {
        <Router>
            <Layout>
                <Routes fallback=move || view! { <WithSession><NotFound /></WithSession> }>
                    <Route path=path!("/") view=|| page(dashboard::Dashboard) ssr=SsrMode::Async />
                    <Route path=path!("/login") view=|| page(login::LoginPage) ssr=SsrMode::Async />
                    <Route path=path!("/invitations/resend") view=|| page(invitation::Resend) ssr=SsrMode::Async />
                    <Route path=path!("/invitations/:token") view=|| page(invitation::Accept) ssr=SsrMode::Async />
                    <Route path=path!("/agreements") view=|| page(agreements::Agreements) ssr=SsrMode::Async />
                    <Route path=path!("/accounts/:id/domains") view=|| page(domains::Domains) ssr=SsrMode::Async />
                    <Route path=path!("/users") view=|| page(users::Users) ssr=SsrMode::Async />
                    <Route path=path!("/settings/api-tokens") view=|| page(api_tokens::ApiTokens) ssr=SsrMode::Async />
                    <Route path=path!("/users/invite") view=|| page(invite::InvitePage) ssr=SsrMode::Async />
                    <Route path=path!("/profile") view=|| page(profile::Profile) ssr=SsrMode::Async />
                    <Route path=path!("/partners") view=|| page(partners::Partners) ssr=SsrMode::Async />
                    <Route path=path!("/customers") view=|| page(customers::Customers) ssr=SsrMode::Async />
                    <Route path=path!("/customers/:id") view=|| page(customers::Customer) ssr=SsrMode::Async />
                    <Route path=path!("/organizations") view=|| page(organizations::Organizations) ssr=SsrMode::Async />
                    <Route path=path!("/audit") view=|| page(audit::Audit) ssr=SsrMode::Async />
                    <Route path=path!("/mailbox") view=|| page(mailbox::MailboxPage) ssr=SsrMode::Async />
                    <Route path=path!("/subscriptions") view=|| page(subscriptions::SubscriptionList) ssr=SsrMode::Async />
                    <Route path=path!("/subscriptions/:id") view=|| page(subscriptions::detail::SubscriptionPage) ssr=SsrMode::Async />
                    <Route path=path!("/customers/:id/subscriptions") view=|| page(subscriptions::SubscriptionList) ssr=SsrMode::Async />
                    <Route path=path!("/customers/:id/add-subscription") view=|| page(subscriptions::catalog::AddSubscription) ssr=SsrMode::Async />
                    <Route path=path!("/customers/:id/orders") view=|| page(subscriptions::orders::OrderHistory) ssr=SsrMode::Async />
                    <Route path=path!("/orders") view=|| page(subscriptions::orders::OrderHistory) ssr=SsrMode::Async />
                    <Route path=path!("/orders/:id") view=|| page(subscriptions::orders::OrderPage) ssr=SsrMode::Async />
                    <Route path=path!("/customers/:id/invoices") view=|| page(subscriptions::invoices::Invoices) ssr=SsrMode::Async />
                    <Route path=path!("/invoices") view=|| page(subscriptions::invoices::Invoices) ssr=SsrMode::Async />
                    <Route path=path!("/invoices/:id") view=|| page(subscriptions::invoices::InvoicePage) ssr=SsrMode::Async />
                    <Route path=path!("/customers/:id/software") view=|| page(software::SoftwareList) ssr=SsrMode::Async />
                    <Route path=path!("/software") view=|| page(software::SoftwareList) ssr=SsrMode::Async />
                    <Route path=path!("/customers/:id/software/support") view=|| page(support::NewSupportRequest) ssr=SsrMode::Async />
                    <Route path=path!("/membership") view=|| page(membership::MembershipBenefits) ssr=SsrMode::Async />
                    <Route path=path!("/support-requests") view=|| page(support::SupportRequests) ssr=SsrMode::Async />
                    <Route path=path!("/support-requests/:id") view=|| page(support::SupportRequestPage) ssr=SsrMode::Async />
                    <Route path=path!("/activity-log") view=|| page(software_activity::ActivityLog) ssr=SsrMode::Async />
                    <Route path=path!("/download-unavailable") view=|| page(software::DownloadUnavailable) ssr=SsrMode::Async />
                    <Route path=path!("/admin/clock") view=|| page(subscriptions::clock::TestClockPage) ssr=SsrMode::Async />
                    <Route path=path!("/admin/operations") view=|| page(operations::OperationsPage) ssr=SsrMode::Async />
                    <Route path=path!("/inventory") view=|| page(benefits::inventory::Inventory) ssr=SsrMode::Async />
                    <Route path=path!("/benefits/:id") view=|| page(benefits::detail::Detail) ssr=SsrMode::Async />
                    <Route path=path!("/benefits/:id/calculation") view=|| page(benefits::calculation::Calculation) ssr=SsrMode::Async />
                    <Route path=path!("/transfers") view=|| page(transfers::Transfers) ssr=SsrMode::Async />
                    <Route path=path!("/transfers/:id") view=|| page(transfers::TransferPage) ssr=SsrMode::Async />
                    <Route path=path!("/partner-benefits") view=|| page(benefits::permissions::PartnerPermissions) ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}

pub type SessionResource = Resource<Result<SessionInfo, error::AppError>>;

/// A page, rendered once the session (user, language) is known.
fn page<V: IntoView + 'static>(view: fn() -> V) -> impl IntoView {
    view! { <WithSession>{move || view()}</WithSession> }
}

/// Renders its children with the session and the page language in context.
/// A session that cannot be read is shown as the failure it is (the 503
/// page while the database is down), never as a signed-out visitor.
#[component]
pub fn WithSession(children: ChildrenFn) -> impl IntoView {
    let session = expect_context::<SessionResource>();
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match session.await {
                    Ok(info) => {
                        provide_session(info);
                        children.read_value()().into_any()
                    }
                    Err(e) => {
                        provide_context(Lang(visitor_language()));
                        pages::error_view(e)
                    }
                }
            })}
        </Suspense>
    }
}

/// Puts the session and its language into context.
pub(crate) fn provide_session(info: SessionInfo) {
    provide_context(Lang(info.language));
    provide_context(info);
}

/// The language of a visitor whose session could not be read: their
/// language cookie or their browser's.
pub(crate) fn visitor_language() -> Language {
    #[cfg(feature = "ssr")]
    return api::context::visitor_language();
    #[cfg(not(feature = "ssr"))]
    i18n::use_lang().0
}

/// The 404 page (and status), also for the demo-only pages in production.
#[component]
pub(crate) fn NotFound() -> impl IntoView {
    pages::error_view(error::AppError::NotFound)
}

/// Marks the document once its islands are live, so tests (and people's
/// scripts) never click on markup that is not interactive yet. Leptos's
/// loader hydrates the islands right after `hydrate()` returns, in one chain
/// of microtasks; a zero timeout runs after that chain.
#[cfg(feature = "hydrate")]
pub fn mark_hydrated() {
    set_timeout(
        || {
            if let Some(body) = document().body() {
                let _ = body.set_attribute("data-hydrated", "true");
            }
        },
        std::time::Duration::ZERO,
    );
}
