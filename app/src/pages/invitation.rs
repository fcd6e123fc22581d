//! The public invitation pages: accept (R-ORG-05), the expiry page (R-ORG-03)
//! and the resend form (R-ORG-04).

use domain::{parse_new_password, Country, FieldError};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::error_view;
use crate::api::invitations::{
    invitation_link, AcceptInvitation, InvitationState, ResendInvitation,
};
use crate::components::forms::{FieldErrors, FormErrors, ServerForm};
use crate::i18n::{use_lang, Lang, Msg, Text};

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

#[component]
fn AcceptForm(
    token: String,
    email: String,
    name: String,
    country: String,
    org_name: String,
    expires_at: domain::Timestamp,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card narrow">
            <h1>{lang.t(Msg::CreateAccountTitle)}</h1>
            <p class="hint">{org_name}</p>
            <p class="hint" data-testid="link-expires">{lang.t(Msg::LinkExpires)} " " {lang.datetime(expires_at)}</p>
            <ServerForm action=AcceptInvitation::PATH done="/">
                <input type="hidden" name="token" value=token />
                <p class="readonly-email" data-testid="invited-email">{email}</p>
                <p class="hint">{lang.t(Msg::NotYou)}</p>
                <label>
                    {lang.t(Msg::FullName)}
                    <input type="text" name="name" value=name autocomplete="name" required />
                </label>
                <FieldErrors field="name" />
                <PasswordFields />
                <FieldErrors field="password" />
                <CountrySelect name="country" selected=country lang />
                <FieldErrors field="country" />
                <label class="checkbox">
                    <input type="checkbox" name="accept_terms" value="yes" />
                    {lang.t(Msg::AcceptTerms)}
                </label>
                <FieldErrors field="accept_terms" />
                <FormErrors />
                <button type="submit">{lang.t(Msg::Start)}</button>
            </ServerForm>
        </section>
    }
}

/// The new password twice, checked as the user types with the same rule the
/// server applies.
#[island]
fn PasswordFields() -> impl IntoView {
    let lang = use_lang();
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let live_error = move || {
        let (p, c) = (password.get(), confirm.get());
        if p.is_empty() || c.is_empty() {
            return None;
        }
        parse_new_password(&p, &c).err().map(|e| {
            let text = lang.error(&FieldError::new("password", &e));
            view! { <p class="field-error" role="alert" data-field="password">{text}</p> }
        })
    };
    let input = move |label: Text, name: &'static str, typed: RwSignal<String>| {
        view! {
            <label>
                {lang.t(label)}
                <input type="password" name=name autocomplete="new-password" required
                    on:input=move |ev| typed.set(event_target_value(&ev)) />
            </label>
        }
    };
    view! {
        {input(Msg::CreatePassword, "password", password)}
        <p class="hint">{lang.t(Msg::PasswordRule)}</p>
        {input(Msg::ConfirmPassword, "confirm_password", confirm)}
        {live_error}
    }
}

/// A country picker filled from the rules crate's list.
#[component]
pub fn CountrySelect(#[prop(into)] name: String, selected: String, lang: Lang) -> impl IntoView {
    view! {
        <label>
            {lang.t(Msg::Country)}
            <select name=name required>
                <option value="" selected=selected.is_empty()>{lang.t(Msg::ChooseCountry)}</option>
                {Country::all()
                    .iter()
                    .map(|code| {
                        let label = Country::parse(code).map(|c| lang.country(c)).unwrap_or(code);
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

#[component]
fn ResendForm() -> impl IntoView {
    let lang = use_lang();
    let sent = use_query_map().with_untracked(|q| q.get("sent").is_some());
    view! {
            {sent.then(|| view! {
                <p class="notice" role="status" data-testid="resend-answer">{lang.t(Msg::ResendNeutral)}</p>
            })}
            <ServerForm action=ResendInvitation::PATH done="?sent=1">
                <label>
                    {lang.t(Msg::EmailAddress)}
                    <input type="email" name="email" required />
                </label>
                <FieldErrors field="email" />
                <label>
                    {lang.t(Msg::AgreementNumber)}
                    <input type="text" name="agreement_number" inputmode="numeric" required />
                </label>
                <FieldErrors field="agreement_number" />
                <label>
                    {lang.t(Msg::PurchasingAccountNumber)}
                    <input type="text" name="purchasing_account_number" inputmode="numeric" required />
                </label>
                <FieldErrors field="purchasing_account_number" />
                <FormErrors />
                <button type="submit">{lang.t(Msg::Submit)}</button>
            </ServerForm>
    }
}
