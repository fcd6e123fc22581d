//! R-ORG-10: domains of a purchasing account, listed in the canonical form
//! they are stored in. The server parses a new name (IDNA included) and
//! answers next to the field; the browser does not carry the IDNA tables.

use domain::Permission;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::{error_view, route_id, signed_in, to_login};
use crate::api::agreements::{list_domains, AddDomain, RemoveDomain};
use crate::components::forms::{FieldErrors, FormErrors, ServerForm};
use crate::i18n::{use_lang, Msg};

#[component]
pub fn Domains() -> impl IntoView {
    let lang = use_lang();
    let Some(user) = signed_in() else {
        return to_login();
    };
    let account_id = route_id("id");
    let domains = Resource::new(account_id, list_domains);
    let can_manage = user.can(Permission::ManageDomains);
    view! {
        <section class="card">
            <h1>{lang.t(Msg::Domains)}</h1>
            <p class="hint">{lang.t(Msg::DomainsHint)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match domains.await {
                        Ok(list) if list.is_empty() => view! { <p>{lang.t(Msg::NoDomains)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="list" data-testid="domains">
                                {list
                                    .into_iter()
                                    .map(|d| {
                                        view! {
                                            <li>
                                                <span>{d.name}</span>
                                                {can_manage.then(|| view! { <RemoveDomainButton domain_id=d.id /> })}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(e) => error_view(e),
                    }
                })}
            </Suspense>
            {can_manage.then(|| view! { <AddDomainForm account_id=account_id() /> })}
        </section>
    }
    .into_any()
}

#[component]
fn RemoveDomainButton(domain_id: i64) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ServerForm action=RemoveDomain::PATH>
            <input type="hidden" name="domain_id" value=domain_id />
            <button type="submit" class="link danger">{lang.t(Msg::Remove)}</button>
        </ServerForm>
    }
}

#[component]
fn AddDomainForm(account_id: i64) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ServerForm action=AddDomain::PATH>
            <input type="hidden" name="account_id" value=account_id />
            <label>
                {lang.t(Msg::AddDomain)}
                <input type="text" name="domain" placeholder="contoso.com" required />
            </label>
            <FieldErrors field="domain" />
            <FormErrors />
            <button type="submit">{lang.t(Msg::Add)}</button>
        </ServerForm>
    }
}
