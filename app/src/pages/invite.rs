//! R-ORG-08: invite several people in one form ("Invite another user").
//! The server parses every row and answers next to each field; only roles
//! the inviter may grant are offered.

use domain::{grantable_roles, Language, Permission, Role};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::invitation::CountrySelect;
use super::{signed_in, to_login};
use crate::api::users::InviteUsers;
use crate::components::forms::{language_options, FieldErrors, FormErrors, ServerForm};
use crate::i18n::{use_lang, Msg};
use leptos_router::hooks::use_query_map;

#[component]
pub fn InvitePage() -> impl IntoView {
    let lang = use_lang();
    let Some(me) = signed_in() else {
        return to_login();
    };
    if !me.can(Permission::InviteUsers) {
        return super::error_view(crate::error::AppError::Forbidden);
    }
    let grantable = grantable_roles(&me.roles);
    view! {
        <section class="card">
            <h1>{lang.t(Msg::InviteUsers)}</h1>
            <p class="hint">{lang.t(Msg::InviteHint)}</p>
            <InviteForm grantable />
            <p><a href="/users">{lang.t(Msg::NavUsers)}</a></p>
        </section>
    }
    .into_any()
}

/// The rows of people to invite; the form stays for the next invitations.
#[component]
fn InviteForm(grantable: Vec<Role>) -> impl IntoView {
    let lang = use_lang();
    let (sent, rows) = use_query_map().with_untracked(|q| {
        let sent = q.get("sent").and_then(|n| n.parse::<usize>().ok());
        // Without wasm, "Invite another user" is a link that adds a row.
        let rows = q.get("rows").and_then(|n| n.parse::<usize>().ok());
        (sent, rows.unwrap_or(1).clamp(1, MAX_ROWS))
    });
    view! {
        {sent.map(|n| view! {
            <p class="notice" role="status" data-testid="invite-sent">{lang.t(Msg::InvitationsSent)} ": " {n}</p>
        })}
        <ServerForm action=InviteUsers::PATH done="?sent={}">
            <InviteRows grantable start=rows />
            // Outside the island: hydration cannot walk a <noscript>'s content.
            <noscript>
                <a href=format!("?rows={}", (rows + 1).min(MAX_ROWS)) data-testid="invite-another-link">{lang.t(Msg::InviteAnother)}</a>
            </noscript>
            <FormErrors />
            <button type="submit">{lang.t(Msg::Invite)}</button>
        </ServerForm>
    }
}

/// The most rows one form takes.
const MAX_ROWS: usize = 20;

/// The rows, and "Invite another user", which adds one in the browser. The
/// button shows once hydrated; without wasm a link (in the form, above)
/// loads the form with one more row (`?rows=`).
#[island]
fn InviteRows(grantable: Vec<Role>, start: usize) -> impl IntoView {
    let lang = use_lang();
    let grantable = StoredValue::new(grantable);
    let rows = RwSignal::new(start);
    let ready = RwSignal::new(false);
    // Effects run only in the browser.
    Effect::new(move |_| ready.set(true));
    view! {
        <For each=move || 0..rows.get() key=|i| *i let:index>
            <InviteRowFields index grantable=grantable.get_value() />
        </For>
        <button type="button" class="secondary" hidden=move || !ready.get() || (rows.get() >= MAX_ROWS)
            on:click=move |_| rows.update(|n| *n += 1)>
            {lang.t(Msg::InviteAnother)}
        </button>
    }
}

/// One person: `rows[i][…]`, the server function's `Vec<InviteRow>`.
#[component]
fn InviteRowFields(index: usize, grantable: Vec<Role>) -> impl IntoView {
    let lang = use_lang();
    let name = move |field: &str| format!("rows[{index}][{field}]");
    let slot = move |field: &str| format!("rows.{index}.{field}");
    view! {
        <fieldset class="invite-row" data-testid=format!("invite-row-{index}")>
            <legend>{lang.t(Msg::Person)} " " {index + 1}</legend>
            <label>
                {lang.t(Msg::EmailAddress)}
                <input type="email" name=name("email") />
            </label>
            <FieldErrors field=slot("email") />
            <label>
                {lang.t(Msg::FullName)}
                <input type="text" name=name("name") />
            </label>
            <FieldErrors field=slot("name") />
            <label>
                {lang.t(Msg::PreferredLanguage)}
                <select name=name("language")>{language_options(Some(Language::En))}</select>
            </label>
            <CountrySelect name=name("country") selected=String::new() lang />
            <FieldErrors field=slot("country") />
            <fieldset class="roles">
                <legend>{lang.t(Msg::Roles)}</legend>
                {grantable
                    .into_iter()
                    .map(|role| view! {
                        <label class="checkbox">
                            <input type="checkbox" name=format!("rows[{index}][roles][]") value=role.code() />
                            {lang.role(role)}
                        </label>
                    })
                    .collect_view()}
            </fieldset>
            <FieldErrors field=slot("roles") />
        </fieldset>
    }
}
