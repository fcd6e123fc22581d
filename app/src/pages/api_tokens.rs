//! R-API-01: Settings → API tokens. An administrator names a token, picks
//! which of their own roles it carries and how long it lives; the secret is
//! shown once, on this page, in the answer to the create form (never in a
//! URL or the database). The list shows each token's last use; revoking
//! takes effect on its next request.

use domain::api_token::{ApiTokenView, TOKEN_DAYS_MAX, TOKEN_NAME_MAX};
use domain::Role;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::{error_view, signed_in, to_login};
use crate::api::tokens::{load_api_tokens, CreateApiToken, RevokeApiToken, TokenStatus};
use crate::components::forms::{FieldErrors, FormErrors, ServerForm};
use crate::i18n::{use_lang, AMsg};

#[component]
pub fn ApiTokens() -> impl IntoView {
    let lang = use_lang();
    if signed_in().is_none() {
        return to_login();
    }
    let page = Resource::new(|| (), |_| load_api_tokens());
    view! {
        <section class="card">
            <h1>{lang.t(AMsg::NavApiTokens)}</h1>
            <p class="hint">{lang.t(AMsg::Hint)} " " <a href="/api/v1">{lang.t(AMsg::Reference)}</a></p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! {
                            <TokenList tokens=page.tokens />
                            <NewTokenForm roles=page.roles />
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
fn TokenList(tokens: Vec<ApiTokenView>) -> impl IntoView {
    let lang = use_lang();
    if tokens.is_empty() {
        return view! { <p>{lang.t(AMsg::None)}</p> }.into_any();
    }
    let rows = tokens
        .into_iter()
        .map(|t| {
            let last_used = t
                .last_used_at
                .map_or_else(|| lang.t(AMsg::Never).to_string(), |at| lang.datetime(at));
            let revoke = (t.status == TokenStatus::Live).then(|| {
                view! {
                    <ServerForm action=RevokeApiToken::PATH>
                        <input type="hidden" name="token_id" value=t.id />
                        <button type="submit" class="link danger">{lang.t(AMsg::Revoke)}</button>
                        <FormErrors />
                    </ServerForm>
                }
            });
            view! {
                <tr data-token=t.id>
                    <td>{t.name}</td>
                    <td><code>{format!("{}…", t.shown)}</code></td>
                    <td>{lang.roles(&t.roles)}</td>
                    <td>{t.created_by}</td>
                    <td class="nowrap">{lang.datetime(t.created_at)}</td>
                    <td class="nowrap">{lang.datetime(t.expires_at)}</td>
                    <td class="nowrap" data-testid="last-used">{last_used}</td>
                    <td data-testid="token-status">{lang.token_status(t.status)}</td>
                    <td class="actions">{revoke}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table data-testid="api-tokens">
            <thead>
                <tr>
                    <th>{lang.t(AMsg::Name)}</th>
                    <th>{lang.t(AMsg::Token)}</th>
                    <th>{lang.t(AMsg::Roles)}</th>
                    <th>{lang.t(AMsg::CreatedBy)}</th>
                    <th>{lang.t(AMsg::Created)}</th>
                    <th>{lang.t(AMsg::Expires)}</th>
                    <th>{lang.t(AMsg::LastUsed)}</th>
                    <th>{lang.t(AMsg::Status)}</th>
                    <th></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

#[component]
fn NewTokenForm(roles: Vec<Role>) -> impl IntoView {
    let lang = use_lang();
    let boxes = roles
        .into_iter()
        .map(|role| {
            view! {
                <label class="checkbox">
                    <input type="checkbox" name="roles[]" value=role.code() />
                    {lang.role(role)}
                </label>
            }
        })
        .collect_view();
    view! {
        <h2>{lang.t(AMsg::NewToken)}</h2>
        <ServerForm action=CreateApiToken::PATH answer_into="new-token-secret">
            <label>
                {lang.t(AMsg::Name)}
                <input type="text" name="name" maxlength=TOKEN_NAME_MAX required data-testid="token-name" />
            </label>
            <FieldErrors field="name" />
            <fieldset class="roles">
                <legend>{lang.t(AMsg::Roles)}</legend>
                {boxes}
            </fieldset>
            <FieldErrors field="roles" />
            <label>
                {lang.t(AMsg::Days)}
                <input type="number" name="days" min="1" max=TOKEN_DAYS_MAX value="90" required data-testid="token-days" />
            </label>
            <FieldErrors field="days" />
            <FormErrors />
            <button type="submit" data-testid="create-token">{lang.t(AMsg::Create)}</button>
        </ServerForm>
        <div class="notice" hidden=true data-answer-box="new-token-secret" data-testid="token-secret-box">
            <label>
                {lang.t(AMsg::Secret)}
                <input type="text" id="new-token-secret" readonly data-testid="token-secret" />
            </label>
            <a class="button" href="/settings/api-tokens">{lang.t(AMsg::Done)}</a>
        </div>
    }
}
