//! R-ORG-12 (customer side): partner relationship requests to accept or
//! reject, and accepted ones to end.

use domain::views::RelationshipStatus;
use domain::Permission;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::{error_view, signed_in, to_login};
use crate::api::relationships::{list_relationships, DecideRelationship};
use crate::components::forms::{FormErrors, ServerForm};
use crate::i18n::{use_lang, Msg};

#[component]
pub fn Partners() -> impl IntoView {
    let lang = use_lang();
    let Some(user) = signed_in() else {
        return to_login();
    };
    let list = Resource::new(|| (), |_| list_relationships());
    let can_decide = user.can(Permission::ManageRelationships);
    view! {
        <section class="card">
            <h1>{lang.t(Msg::NavPartners)}</h1>
            <p class="hint">{lang.t(Msg::PartnersHint)}</p>
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
                                            let actions = (can_decide
                                                && matches!(r.status, RelationshipStatus::Pending | RelationshipStatus::Accepted))
                                            .then(|| view! { <Decide id=r.id status=r.status /> });
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

/// Accept or reject a pending request; end an accepted relationship.
#[component]
fn Decide(id: i64, status: RelationshipStatus) -> impl IntoView {
    let lang = use_lang();
    // The button pressed sends the decision (`RelationshipStatus` by name).
    let buttons = if status == RelationshipStatus::Pending {
        view! {
            <button type="submit" name="decision" value="Accepted">{lang.t(Msg::Accept)}</button>
            <button type="submit" name="decision" value="Rejected" class="secondary">{lang.t(Msg::Reject)}</button>
        }
        .into_any()
    } else {
        view! {
            <button type="submit" name="decision" value="Ended" class="link danger">{lang.t(Msg::EndRelationship)}</button>
        }
        .into_any()
    };
    view! {
        <ServerForm action=DecideRelationship::PATH>
            <input type="hidden" name="id" value=id />
            {buttons}
            <FormErrors />
        </ServerForm>
    }
}
