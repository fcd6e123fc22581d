//! R-ORG-06: sign in with the work email and password.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::Redirect;

use super::signed_in;
use crate::api::auth::Login;
use crate::components::forms::{FieldErrors, FormErrors, ServerForm};
use crate::i18n::{use_lang, Msg};

#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    if signed_in().is_some() {
        return view! { <Redirect path="/" /> }.into_any();
    }
    view! {
        <section class="card narrow">
            <h1>{lang.t(Msg::SignInTitle)}</h1>
            <p class="hint">{lang.t(Msg::SignInHint)}</p>
            <LoginForm />
            <p>
                <a href="/invitations/resend">{lang.t(Msg::NoInvitationLink)}</a>
            </p>
        </section>
    }
    .into_any()
}

#[component]
fn LoginForm() -> impl IntoView {
    let lang = use_lang();
    view! {
            <ServerForm action=Login::PATH done="/">
                <label>
                    {lang.t(Msg::WorkEmail)}
                    <input type="email" name="email" autocomplete="username" required />
                </label>
                <FieldErrors field="email" />
                <label>
                    {lang.t(Msg::Password)}
                    <input type="password" name="password" autocomplete="current-password" required />
                </label>
                <FormErrors />
                <button type="submit">{lang.t(Msg::SignIn)}</button>
            </ServerForm>
    }
}
