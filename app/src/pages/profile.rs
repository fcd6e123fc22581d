//! R-ORG-09: My profile: roles, language, country; the language is also the
//! language of the user's emails.

use domain::Language;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::{signed_in, to_login};
use crate::api::auth::SetLanguage;
use crate::components::forms::{language_options, FormErrors, ServerForm};
use crate::i18n::{use_lang, Msg};

#[component]
pub fn Profile() -> impl IntoView {
    let lang = use_lang();
    let Some(user) = signed_in() else {
        return to_login();
    };
    let roles = lang.roles(&user.roles);
    let country = domain::Country::parse(&user.country)
        .map(|c| lang.country(c).to_string())
        .unwrap_or(user.country.clone());
    view! {
        <section class="card narrow">
            <h1>{lang.t(Msg::MyProfile)}</h1>
            <dl class="facts">
                <dt>{lang.t(Msg::FullName)}</dt>
                <dd>{user.name.clone()}</dd>
                <dt>{lang.t(Msg::EmailAddress)}</dt>
                <dd>{user.email.clone()}</dd>
                <dt>{lang.t(Msg::Organization)}</dt>
                <dd>{user.org_name.clone()}</dd>
                <dt>{lang.t(Msg::Roles)}</dt>
                <dd data-testid="profile-roles">{roles}</dd>
                <dt>{lang.t(Msg::Country)}</dt>
                <dd>{country}</dd>
            </dl>
            <LanguageForm current=user.language />
        </section>
    }
    .into_any()
}

#[component]
fn LanguageForm(current: Language) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ServerForm action=SetLanguage::PATH done="/profile">
            <label>
                {lang.t(Msg::PreferredLanguage)}
                <select name="language" data-testid="profile-language">
                    {language_options(Some(current))}
                </select>
            </label>
            <p class="hint">{lang.t(Msg::LanguageHint)}</p>
            <FormErrors />
            <button type="submit">{lang.t(Msg::Save)}</button>
        </ServerForm>
    }
}
