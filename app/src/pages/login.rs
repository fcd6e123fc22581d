//! R-ORG-06: sign in with the work email and password.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use super::signed_in;
use crate::api::auth::Login;
use crate::components::forms::{action_error, reload_on_success, FieldErrors, FormErrors};
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

#[island]
fn LoginForm() -> impl IntoView {
    let lang = use_lang();
    let login = ServerAction::<Login>::new();
    reload_on_success(login, Some("/".into()));
    let error = action_error(login);
    view! {
            <ActionForm action=login>
                <label>
                    {lang.t(Msg::WorkEmail)}
                    <input type="email" name="email" autocomplete="username" required />
                </label>
                <FieldErrors error field="email".to_string() />
                <label>
                    {lang.t(Msg::Password)}
                    <input type="password" name="password" autocomplete="current-password" required />
                </label>
                <FormErrors error fields=&["email"] />
                <button type="submit" disabled=move || login.pending().get()>{lang.t(Msg::SignIn)}</button>
            </ActionForm>
    }
}
