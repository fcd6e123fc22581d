//! The provider's view: every organization, and creating an agreement, which
//! invites its purchasing account administrator (R-ORG-02).

use domain::views::NewAgreementForm;
use domain::{Language, OrgKind};
use leptos::prelude::*;

use super::{error_view, signed_in, to_login};
use crate::api::agreements::{list_organizations, CreateAgreement};
use crate::components::forms::{
    action_error, language_options, reload_on_success, FieldErrors, FormErrors,
};
use crate::i18n::{use_lang, Msg};
use leptos_router::hooks::use_query_map;

const FIELDS: &[&str] = &[
    "org_name",
    "country",
    "agreement_number",
    "purchasing_account_number",
    "purchasing_account_name",
    "admin_email",
    "admin_name",
];

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

#[island]
fn CreateAgreementPanel() -> impl IntoView {
    let lang = use_lang();
    let create = ServerAction::<CreateAgreement>::new();
    reload_on_success(create, Some("/organizations?created=1".into()));
    let error = action_error(create);
    let form = RwSignal::new(NewAgreementForm {
        admin_language: Language::En.code().to_string(),
        ..Default::default()
    });
    let input = move |label: Msg,
                      field: &'static str,
                      get: fn(&NewAgreementForm) -> String,
                      set: fn(&mut NewAgreementForm, String)| {
        view! {
            <label>
                {lang.t(label)}
                <input type="text" name=field prop:value=move || get(&form.get()) on:input=move |ev| form.update(|f| set(f, event_target_value(&ev))) />
            </label>
            <FieldErrors error field=field.to_string() />
        }
    };
    view! {
            <form on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                create.dispatch(CreateAgreement { form: form.get_untracked() });
            }>
                {input(Msg::Organization, "org_name", |f| f.org_name.clone(), |f, v| f.org_name = v)}
                {input(Msg::CountryCode, "country", |f| f.country.clone(), |f, v| f.country = v)}
                {input(Msg::AgreementNumber, "agreement_number", |f| f.agreement_number.clone(), |f, v| f.agreement_number = v)}
                {input(Msg::PurchasingAccountNumber, "purchasing_account_number", |f| f.purchasing_account_number.clone(), |f, v| f.purchasing_account_number = v)}
                {input(Msg::PurchasingAccountName, "purchasing_account_name", |f| f.purchasing_account_name.clone(), |f, v| f.purchasing_account_name = v)}
                {input(Msg::PurchasingAccountAdmin, "admin_email", |f| f.admin_email.clone(), |f, v| f.admin_email = v)}
                {input(Msg::FullName, "admin_name", |f| f.admin_name.clone(), |f, v| f.admin_name = v)}
                <label>
                    {lang.t(Msg::PreferredLanguage)}
                    <select on:change=move |ev| form.update(|f| f.admin_language = event_target_value(&ev))>
                        {language_options(None)}
                    </select>
                </label>
                <FormErrors error fields=FIELDS />
                <button type="submit">{lang.t(Msg::CreateAgreement)}</button>
            </form>
    }
}
