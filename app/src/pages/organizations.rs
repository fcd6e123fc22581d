//! The provider's view: every organization, and creating an agreement, which
//! invites its purchasing account administrator (R-ORG-02).

use domain::{Language, OrgKind};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::{error_view, signed_in, to_login};
use crate::api::agreements::{list_organizations, CreateAgreement};
use crate::components::forms::{language_options, FieldErrors, FormErrors, ServerForm};
use crate::i18n::{use_lang, Msg, Text};
use leptos_router::hooks::use_query_map;

#[component]
pub fn Organizations() -> impl IntoView {
    let lang = use_lang();
    if signed_in().is_none() {
        return to_login();
    }
    let list = Resource::new(|| (), |_| list_organizations());
    // The form reloads the page with `?created=1` once the agreement is stored.
    let created = use_query_map().read_untracked().get("created").is_some();
    view! {
        <section class="card">
            <h1>{lang.t(Msg::NavOrganizations)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) => view! {
                            <table data-testid="organizations">
                                <thead>
                                    <tr>
                                        <th>{lang.t(Msg::Organization)}</th>
                                        <th>{lang.t(Msg::Kind)}</th>
                                        <th>{lang.t(Msg::Country)}</th>
                                        <th>{lang.t(Msg::NavUsers)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .into_iter()
                                        .map(|o| {
                                            let kind = match o.kind {
                                                OrgKind::Customer => Msg::KindCustomer,
                                                OrgKind::Partner => Msg::KindPartner,
                                                OrgKind::Provider => Msg::KindProvider,
                                            };
                                            view! {
                                                <tr>
                                                    <td>{o.name}</td>
                                                    <td>{lang.t(kind)}</td>
                                                    <td>{o.country}</td>
                                                    <td>{o.users}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                        .into_any(),
                        Err(e) => error_view(e),
                    }
                })}
            </Suspense>
        </section>
        <section class="card">
            <h2>{lang.t(Msg::NewAgreement)}</h2>
            <p class="hint">{lang.t(Msg::NewAgreementHint)}</p>
            {created.then(|| view! { <p class="notice" role="status">{lang.t(Msg::AgreementCreated)}</p> })}
            <CreateAgreementPanel />
        </section>
    }
    .into_any()
}

#[component]
fn CreateAgreementPanel() -> impl IntoView {
    let lang = use_lang();
    // `form[…]`: the server function's one argument, `NewAgreementForm`.
    let input = move |label: Text, field: &'static str| {
        view! {
            <label>
                {lang.t(label)}
                <input type="text" name=format!("form[{field}]") />
            </label>
            <FieldErrors field />
        }
    };
    view! {
            <ServerForm action=CreateAgreement::PATH done="/organizations?created=1">
                {input(Msg::Organization, "org_name")}
                {input(Msg::CountryCode, "country")}
                {input(Msg::AgreementNumber, "agreement_number")}
                {input(Msg::PurchasingAccountNumber, "purchasing_account_number")}
                {input(Msg::PurchasingAccountName, "purchasing_account_name")}
                {input(Msg::PurchasingAccountAdmin, "admin_email")}
                {input(Msg::FullName, "admin_name")}
                <label>
                    {lang.t(Msg::PreferredLanguage)}
                    <select name="form[admin_language]">
                        {language_options(Some(Language::En))}
                    </select>
                </label>
                <FormErrors />
                <button type="submit">{lang.t(Msg::CreateAgreement)}</button>
            </ServerForm>
    }
}
