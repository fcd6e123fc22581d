//! R-ORG-10: domains of a purchasing account. The name is checked as it is
//! typed, with the rules crate's parser, and shown as it will be stored.

use domain::{DomainName, Permission};
use leptos::prelude::*;

use super::{error_view, route_id, signed_in, to_login};
use crate::api::agreements::{list_domains, AddDomain, RemoveDomain};
use crate::components::forms::{action_error, FieldErrors, FormErrors};
use crate::i18n::{use_lang, Msg};

#[component]
pub fn Domains() -> impl IntoView {
    let lang = use_lang();
    let Some(user) = signed_in() else {
        return to_login();
    };
    let account_id = route_id("id");
    let add = ServerAction::<AddDomain>::new();
    let remove = ServerAction::<RemoveDomain>::new();
    let domains = Resource::new(
        move || (account_id(), add.version().get(), remove.version().get()),
        |(id, _, _)| list_domains(id),
    );
    let error = action_error(add);
    let remove_error = action_error(remove);
    let typed = RwSignal::new(String::new());
    let preview = move || {
        let text = typed.get();
        if text.trim().is_empty() {
            return None;
        }
        Some(match DomainName::parse(&text) {
            Ok(name) => view! { <p class="hint" data-testid="domain-preview">{lang.t(Msg::DomainWillBe)} " " {name.to_string()}</p> }.into_any(),
            Err(e) => view! { <p class="field-error">{lang.error(&domain::FieldError::new("domain", &e))}</p> }.into_any(),
        })
    };
    let can_manage = user.can(Permission::ManageDomains);
    view! {
        <section class="card">
            <h1>{lang.t(Msg::Domains)}</h1>
            <p class="hint">{lang.t(Msg::DomainsHint)}</p>
            <FormErrors error=remove_error fields=&[] />
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
                                                {can_manage.then(|| view! {
                                                    <button class="link danger" on:click=move |_| { remove.dispatch(RemoveDomain { domain_id: d.id }); }>
                                                        {lang.t(Msg::Remove)}
                                                    </button>
                                                })}
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
            {can_manage.then(|| view! {
                <ActionForm action=add>
                    <input type="hidden" name="account_id" value=account_id />
                    <label>
                        {lang.t(Msg::AddDomain)}
                        <input type="text" name="domain" placeholder="contoso.com" required on:input=move |ev| typed.set(event_target_value(&ev)) />
                    </label>
                    {preview}
                    <FieldErrors error field="domain".to_string() />
                    <FormErrors error fields=&["domain"] />
                    <button type="submit">{lang.t(Msg::Add)}</button>
                </ActionForm>
            })}
        </section>
    }
    .into_any()
}
