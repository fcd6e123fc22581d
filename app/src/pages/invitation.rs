//! The public invitation pages: accept (R-ORG-05), the expiry page (R-ORG-03)
//! and the resend form (R-ORG-04).

use domain::{parse_new_password, Country, FieldError};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::error_view;
use crate::api::invitations::{
    invitation_link, AcceptInvitation, InvitationState, ResendInvitation,
};
use crate::components::forms::{action_error, reload_on_success, FieldErrors, FormErrors};
use crate::i18n::{use_lang, Lang, Msg};

#[component]
pub fn Accept() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let state = Resource::new(token, invitation_link);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match state.await {
                    Ok(InvitationState::Valid { email, name, country, org_name, expires_at }) => {
                        view! { <AcceptForm token=token() email name country org_name expires_at /> }.into_any()
                    }
                    Ok(other) => view! { <LinkProblem state=other /> }.into_any(),
                    Err(e) => error_view(e),
                }
            })}
        </Suspense>
    }
}

#[island]
fn AcceptForm(
    token: String,
    email: String,
    name: String,
    country: String,
    org_name: String,
    expires_at: domain::Timestamp,
) -> impl IntoView {
    let lang = use_lang();
    let accept = ServerAction::<AcceptInvitation>::new();
    reload_on_success(accept, Some("/".into()));
    let server_error = action_error(accept);
    // Checked as the user types with the same rule the server applies.
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let live_password_error = Signal::derive(move || {
        let (p, c) = (password.get(), confirm.get());
        if p.is_empty() || c.is_empty() {
            return None;
        }
        parse_new_password(&p, &c)
            .err()
            .map(|e| crate::error::AppError::Invalid(vec![FieldError::new("password", &e)]))
    });
    let error = Signal::derive(move || server_error.get().or_else(|| live_password_error.get()));
    view! {
        <section class="card narrow">
            <h1>{lang.t(Msg::CreateAccountTitle)}</h1>
            <p class="hint">{org_name}</p>
            <p class="hint" data-testid="link-expires">{lang.t(Msg::LinkExpires)} " " {lang.datetime(expires_at)}</p>
            <ActionForm action=accept>
                <input type="hidden" name="token" value=token />
                <p class="readonly-email" data-testid="invited-email">{email}</p>
                <p class="hint">{lang.t(Msg::NotYou)}</p>
                <label>
                    {lang.t(Msg::FullName)}
                    <input type="text" name="name" value=name autocomplete="name" required />
                </label>
                <FieldErrors error field="name".to_string() />
                <label>
                    {lang.t(Msg::CreatePassword)}
                    <input
                        type="password"
                        name="password"
                        autocomplete="new-password"
                        required
                        on:input=move |ev| password.set(event_target_value(&ev))
                    />
                </label>
                <p class="hint">{lang.t(Msg::PasswordRule)}</p>
                <label>
                    {lang.t(Msg::ConfirmPassword)}
                    <input
                        type="password"
                        name="confirm_password"
                        autocomplete="new-password"
                        required
                        on:input=move |ev| confirm.set(event_target_value(&ev))
                    />
                </label>
                <FieldErrors error field="password".to_string() />
                <CountrySelect name="country" selected=country lang />
                <FieldErrors error field="country".to_string() />
                <label class="checkbox">
                    <input type="checkbox" name="accept_terms" value="yes" />
                    {lang.t(Msg::AcceptTerms)}
                </label>
                <FieldErrors error field="accept_terms".to_string() />
                <FormErrors error fields=&["name", "password", "country", "accept_terms"] />
                <button type="submit" disabled=move || accept.pending().get()>{lang.t(Msg::Start)}</button>
            </ActionForm>
        </section>
    }
}

/// A country picker filled from the rules crate's list.
#[component]
pub fn CountrySelect(name: &'static str, selected: String, lang: Lang) -> impl IntoView {
    view! {
        <label>
            {lang.t(Msg::Country)}
            <select name=name required>
                <option value="" selected=selected.is_empty()>{lang.t(Msg::ChooseCountry)}</option>
                {Country::all()
                    .iter()
                    .map(|(code, _, _)| {
                        let label = Country::parse(code).map(|c| c.name(lang.0)).unwrap_or(code);
                        view! { <option value=*code selected=*code == selected>{label}</option> }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

#[component]
fn LinkProblem(state: InvitationState) -> impl IntoView {
    let lang = use_lang();
    let (title, text, detail) = match state {
        InvitationState::Expired { expired_at } => (
            Msg::InvitationExpiredTitle,
            Msg::InvitationExpiredText,
            Some(format!(
                "{} {}",
                lang.t(Msg::ExpiredAt),
                lang.datetime(expired_at)
            )),
        ),
        InvitationState::Used => (Msg::InvitationUsedTitle, Msg::InvitationUsedText, None),
        InvitationState::Superseded => (
            Msg::InvitationSupersededTitle,
            Msg::InvitationSupersededText,
            None,
        ),
        _ => (
            Msg::InvitationUnknownTitle,
            Msg::InvitationUnknownText,
            None,
        ),
    };
    view! {
        <section class="card narrow" data-testid="invitation-problem">
            <h1>{lang.t(title)}</h1>
            <p>{lang.t(text)}</p>
            {detail.map(|d| view! { <p class="hint">{d}</p> })}
            <p>
                <a href="/invitations/resend">{lang.t(Msg::RequestNewInvitation)}</a>
                " · "
                <a href="/login">{lang.t(Msg::SignIn)}</a>
            </p>
        </section>
    }
}

#[component]
pub fn Resend() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card narrow">
            <h1>{lang.t(Msg::ResendTitle)}</h1>
            <p class="hint">{lang.t(Msg::ResendHint)}</p>
            <ResendForm />
        </section>
    }
}

#[island]
fn ResendForm() -> impl IntoView {
    let lang = use_lang();
    let resend = ServerAction::<ResendInvitation>::new();
    let error = action_error(resend);
    let done = move || matches!(resend.value().get(), Some(Ok(())));
    view! {
            <Show when=done>
                <p class="notice" role="status" data-testid="resend-answer">{lang.t(Msg::ResendNeutral)}</p>
            </Show>
            <ActionForm action=resend>
                <label>
                    {lang.t(Msg::EmailAddress)}
                    <input type="email" name="email" required />
                </label>
                <FieldErrors error field="email".to_string() />
                <label>
                    {lang.t(Msg::AgreementNumber)}
                    <input type="text" name="agreement_number" inputmode="numeric" required />
                </label>
                <FieldErrors error field="agreement_number".to_string() />
                <label>
                    {lang.t(Msg::PurchasingAccountNumber)}
                    <input type="text" name="purchasing_account_number" inputmode="numeric" required />
                </label>
                <FieldErrors error field="purchasing_account_number".to_string() />
                <FormErrors error fields=&["email", "agreement_number", "purchasing_account_number"] />
                <button type="submit" disabled=move || resend.pending().get()>{lang.t(Msg::Submit)}</button>
            </ActionForm>
    }
}
