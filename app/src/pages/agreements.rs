//! R-ORG-01: the organization's agreements and purchasing accounts.

use leptos::prelude::*;

use super::{error_view, signed_in, to_login};
use crate::api::agreements::list_agreements;
use crate::i18n::{use_lang, Msg};

#[component]
pub fn Agreements() -> impl IntoView {
    let lang = use_lang();
    if signed_in().is_none() {
        return to_login();
    }
    let agreements = Resource::new(|| (), |_| list_agreements());
    view! {
        <section class="card">
            <h1>{lang.t(Msg::NavAgreements)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match agreements.await {
                        Ok(list) if list.is_empty() => view! { <p>{lang.t(Msg::NoAgreements)}</p> }.into_any(),
                        Ok(list) => view! {
                            <table data-testid="agreements">
                                <thead>
                                    <tr>
                                        <th>{lang.t(Msg::AgreementNumber)}</th>
                                        <th>{lang.t(Msg::PurchasingAccountNumber)}</th>
                                        <th>{lang.t(Msg::PurchasingAccountName)}</th>
                                        <th>{lang.t(Msg::PurchasingAccountAdmin)}</th>
                                        <th></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .into_iter()
                                        .flat_map(|a| {
                                            let number = a.number.clone();
                                            a.purchasing_accounts.into_iter().map(move |pa| (number.clone(), pa))
                                        })
                                        .map(|(number, pa)| {
                                            view! {
                                                <tr>
                                                    <td>{number}</td>
                                                    <td>{pa.number}</td>
                                                    <td>{pa.name}</td>
                                                    <td>{pa.admin_email}</td>
                                                    <td>
                                                        <a href=format!("/accounts/{}/domains", pa.id)>{lang.t(Msg::Domains)}</a>
                                                    </td>
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
    }
    .into_any()
}
