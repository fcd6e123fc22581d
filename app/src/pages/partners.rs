//! R-ORG-12 (customer side): partner relationship requests to accept or
//! reject, and accepted ones to end.

use domain::views::RelationshipStatus;
use domain::Permission;
use leptos::prelude::*;

use super::{error_view, signed_in, to_login};
use crate::api::relationships::{list_relationships, DecideRelationship};
use crate::components::forms::{action_error, FormErrors};
use crate::i18n::{use_lang, Msg};

#[component]
pub fn Partners() -> impl IntoView {
    let lang = use_lang();
    let Some(user) = signed_in() else {
        return to_login();
    };
    let decide = ServerAction::<DecideRelationship>::new();
    let list = Resource::new(move || decide.version().get(), |_| list_relationships());
    let error = action_error(decide);
    let can_decide = user.can(Permission::ManageRelationships);
    view! {
        <section class="card">
            <h1>{lang.t(Msg::NavPartners)}</h1>
            <p class="hint">{lang.t(Msg::PartnersHint)}</p>
            <FormErrors error fields=&[] />
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) if list.is_empty() => view! { <p>{lang.t(Msg::NoPartners)}</p> }.into_any(),
                        Ok(list) => view! {
                            <table data-testid="relationships">
                                <thead>
                                    <tr>
                                        <th>{lang.t(Msg::Organization)}</th>
                                        <th>{lang.t(Msg::Status)}</th>
                                        <th>{lang.t(Msg::RequestedAt)}</th>
                                        <th></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .into_iter()
                                        .map(|r| {
                                            let id = r.id;
                                            let act = move |decision: RelationshipStatus| {
                                                decide.dispatch(DecideRelationship { id, decision });
                                            };
                                            let actions = match (can_decide, r.status) {
                                                (true, RelationshipStatus::Pending) => view! {
                                                    <button on:click=move |_| act(RelationshipStatus::Accepted)>{lang.t(Msg::Accept)}</button>
                                                    <button class="secondary" on:click=move |_| act(RelationshipStatus::Rejected)>{lang.t(Msg::Reject)}</button>
                                                }
                                                .into_any(),
                                                (true, RelationshipStatus::Accepted) => view! {
                                                    <button class="link danger" on:click=move |_| act(RelationshipStatus::Ended)>{lang.t(Msg::EndRelationship)}</button>
                                                }
                                                .into_any(),
                                                _ => ().into_any(),
                                            };
                                            let org = r.org_name.clone();
                                            view! {
                                                <tr data-org=org>
                                                    <td>{r.org_name}</td>
                                                    <td>{lang.relationship(r.status)}</td>
                                                    <td>{lang.datetime(r.requested_at)}</td>
                                                    <td class="actions">{actions}</td>
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
