//! R-SAB-04…09: a benefit's details page — the same figures and
//! identifiers as the list, instructions, eligible domains, benefit users
//! (add, select → Actions → delete / resend instructions), links to the
//! calculation and the CSV history, and on Planning Services / Training
//! Vouchers the conversion forms; on Training Vouchers the assigned vouchers
//! (assign, revoke; R-SAB-11).
//!
//! The page is rendered on the server; the forms are islands. A committed
//! action loads the page again with `?done=<what>`, and the page says so.

use domain::benefit_views::{BenefitDetail, BenefitUserView, VoucherView};
use domain::benefits::BenefitKind;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::conversion::{ConversionForm, Direction};
use super::text::Msg;
use super::{figures, Identifiers};
use crate::api::benefits::{
    get_benefit_detail, AddBenefitUser, AssignTrainingVoucher, EditBenefitUser, RemoveBenefitUser,
    ResendBenefitInstructions, RevokeTrainingVoucher,
};
use crate::components::forms::{
    action_error, language_options, reload_with_notice, FieldErrors, FormErrors,
};
use crate::components::from_server::FromServer;
use crate::i18n::{use_lang, Lang};
use crate::pages::{error_view, route_id, signed_in, to_login};

#[component]
pub fn Detail() -> impl IntoView {
    let lang = use_lang();
    if signed_in().is_none() {
        return to_login();
    }
    let id = route_id("id");
    let done = use_query_map().read_untracked().get("done");
    let detail = Resource::new(id, get_benefit_detail);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let done = done.clone();
                Suspend::new(async move {
                    match detail.await {
                        Ok(d) => page(lang, d, done),
                        Err(e) => error_view(e),
                    }
                })
            }}
        </Suspense>
    }
    .into_any()
}

/// What the last committed action did, from `?done=`.
fn notice(lang: Lang, done: Option<String>) -> Option<impl IntoView> {
    let (msg, testid) = match done.as_deref()? {
        "converted" => (Msg::Converted, "converted"),
        "user_saved" => (Msg::UserSaved, "user-saved"),
        "user_added" => (Msg::UserAdded, "user-added"),
        "user_removed" => (Msg::UserRemoved, "user-removed"),
        "instructions_sent" => (Msg::InstructionsSent, "instructions-sent"),
        "voucher_assigned" => (Msg::VoucherAssigned, "voucher-assigned"),
        "voucher_revoked" => (Msg::VoucherRevoked, "voucher-revoked"),
        _ => return None,
    };
    Some(view! { <p class="notice" role="status" data-testid=testid>{lang.b(msg)}</p> })
}

fn page(lang: Lang, d: BenefitDetail, done: Option<String>) -> AnyView {
    let b = d.benefit.clone();
    let kind = b.kind;
    let conversion = match (d.conversion, d.can_manage, kind) {
        (Some(bal), true, BenefitKind::PlanningServices) => Some((bal, Direction::Convert)),
        (Some(bal), true, BenefitKind::TrainingVouchers) => Some((bal, Direction::Reverse)),
        _ => None,
    }
    .map(|(balances, direction)| {
        view! {
            <ConversionForm account_id=d.account.id balances=FromServer(balances) direction />
        }
    });
    let domains = kind.needs_eligible_domain().then(|| {
        let manage = format!("/accounts/{}/domains", d.account.id);
        view! {
            <h2>{lang.b(Msg::EligibleDomains)}</h2>
            <p class="hint">{lang.b(Msg::EligibleDomainsHint)}</p>
            {if d.domains.is_empty() {
                view! { <p>{lang.b(Msg::NoDomains)}</p> }.into_any()
            } else {
                view! { <ul class="list" data-testid="eligible-domains">{d.domains.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul> }.into_any()
            }}
            <p><a href=manage>{lang.b(Msg::ManageDomains)}</a></p>
        }
    });
    let end_user = kind.has_user_instructions().then(|| {
        view! {
            <details>
                <summary>{lang.b(Msg::EndUserInstructions)}</summary>
                <p>{lang.b(Msg::EndUserInstructionsText)}</p>
                <p><code>{b.program_code.clone().unwrap_or_default()}</code></p>
            </details>
        }
    });
    let users = kind.has_users().then(|| {
        view! {
            <BenefitUsers
                benefit_id=b.id
                users=FromServer(d.users.clone())
                can_manage=d.can_manage
                instructions=kind.has_user_instructions()
            />
        }
    });
    let vouchers = (kind == BenefitKind::TrainingVouchers).then(|| {
        view! {
            <Vouchers benefit_id=b.id vouchers=FromServer(d.vouchers.clone()) manage=d.can_manage && !b.expired />
        }
    });
    let calc = format!("/benefits/{}/calculation", b.id);
    let export = format!("/exports/benefits/{}/transactions.csv", b.id);
    let back = format!(
        "/inventory?customer={}&account={}&tab=benefits",
        d.account.customer_id, d.account.id
    );
    view! {
        <section class="card" data-kind=kind.code()>
            <p><a href=back>{lang.b(Msg::TabBenefits)}</a></p>
            <h1>{lang.benefit(kind)}</h1>
            <p class="muted">{format!("{} {} — {}", d.account.number, d.account.name, d.account.customer_name)}</p>
            <p>{lang.benefit_description(kind)}</p>
            <p data-testid="figures"><strong>{figures(lang, &b)}</strong></p>
            <Identifiers benefit=b.clone() />
            {notice(lang, done)}
            <h2>{lang.b(Msg::AdminInstructions)}</h2>
            <p>{lang.b(Msg::AdminInstructionsText)}</p>
            {end_user}
            {domains}
            <p class="row-between">
                <a href=calc data-testid="view-calculation">{lang.b(Msg::ViewCalculation)}</a>
                <a class="button secondary" href=export download data-testid="export-history">{lang.b(Msg::ExportHistory)}</a>
            </p>
        </section>
        {conversion}
        {users}
        {vouchers}
    }
    .into_any()
}

/// R-SAB-05: the benefit's users: select one → Actions → edit / delete /
/// resend instructions, and "Add user".
#[island]
fn BenefitUsers(
    benefit_id: i64,
    users: FromServer<Vec<BenefitUserView>>,
    can_manage: bool,
    instructions: bool,
) -> impl IntoView {
    let FromServer(users) = users;
    let lang = use_lang();
    let add = ServerAction::<AddBenefitUser>::new();
    let remove = ServerAction::<RemoveBenefitUser>::new();
    let resend = ServerAction::<ResendBenefitInstructions>::new();
    let edit = ServerAction::<EditBenefitUser>::new();
    reload_with_notice(add, "user_added");
    reload_with_notice(remove, "user_removed");
    reload_with_notice(resend, "instructions_sent");
    reload_with_notice(edit, "user_saved");
    let selected = RwSignal::new(None::<i64>);
    let editing = RwSignal::new(None::<BenefitUserView>);
    let edit_error = action_error(edit);
    let add_error = action_error(add);
    let remove_error = action_error(remove);
    let resend_error = action_error(resend);
    let empty = users.is_empty();
    let rows = users
        .iter()
        .map(|u| {
            let id = u.id;
            view! {
                <tr data-email=u.email.clone()>
                    <td>
                        <input type="radio" name="benefit-user" aria-label=lang.b(Msg::SelectUser)
                            on:change=move |_| selected.set(Some(id)) />
                    </td>
                    <td>{u.email.clone()}</td>
                    <td>{u.name.clone()}</td>
                    <td>{u.language.native_name()}</td>
                </tr>
            }
        })
        .collect_view();
    let all_users = StoredValue::new(users);
    let none = move || selected.get().is_none();
    view! {
        <section class="card" data-testid="benefit-users">
            <h2>{lang.b(Msg::BenefitUsers)}</h2>
            <FormErrors error=remove_error fields=&[] />
            <FormErrors error=resend_error fields=&[] />
            {if empty {
                view! { <p>{lang.b(Msg::NoUsers)}</p> }.into_any()
            } else {
                view! {
                    <table>
                        <thead><tr><th></th><th>{lang.b(Msg::Email)}</th><th>{lang.b(Msg::Name)}</th><th>{lang.b(Msg::Language)}</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }.into_any()
            }}
            {can_manage.then(|| view! {
                <details class="actions-menu">
                    <summary>{lang.b(Msg::Actions)}</summary>
                    <button class="link" disabled=none data-testid="edit-user"
                        on:click=move |_| {
                            let user = selected.get().and_then(|id| all_users.with_value(|all| all.iter().find(|u| u.id == id).cloned()));
                            editing.set(user);
                        }>
                        {lang.b(Msg::EditUser)}
                    </button>
                    <button class="link danger" disabled=none
                        on:click=move |_| if let Some(user_id) = selected.get() { remove.dispatch(RemoveBenefitUser { user_id }); }>
                        {lang.b(Msg::DeleteUser)}
                    </button>
                    {instructions.then(|| view! {
                        <button class="link" disabled=none
                            on:click=move |_| if let Some(user_id) = selected.get() { resend.dispatch(ResendBenefitInstructions { user_id }); }>
                            {lang.b(Msg::ResendInstructions)}
                        </button>
                    })}
                </details>
                {move || editing.get().map(|u| edit_form(lang, u, edit, editing))}
                <FormErrors error=edit_error fields=&["email", "name"] />
                <h3>{lang.b(Msg::AddUser)}</h3>
                <ActionForm action=add>
                    <input type="hidden" name="benefit_id" value=benefit_id />
                    <label>{lang.b(Msg::Email)}<input type="email" name="email" required /></label>
                    <FieldErrors error=add_error field="email".to_string() />
                    <label>{lang.b(Msg::Name)}<input type="text" name="name" required /></label>
                    <FieldErrors error=add_error field="name".to_string() />
                    <label>
                        {lang.b(Msg::Language)}
                        <select name="language">
                            {language_options(Some(lang.0))}
                        </select>
                    </label>
                    <FormErrors error=add_error fields=&["email", "name"] />
                    <button type="submit">{lang.b(Msg::AddUser)}</button>
                </ActionForm>
            })}
        </section>
    }
}

/// R-SAB-05: Actions → Edit user, prefilled with the selected user.
fn edit_form(
    lang: Lang,
    u: BenefitUserView,
    action: ServerAction<EditBenefitUser>,
    editing: RwSignal<Option<BenefitUserView>>,
) -> impl IntoView {
    let error = action_error(action);
    view! {
        <div class="card" data-testid="edit-user-form">
            <h3>{lang.b(Msg::EditUser)}</h3>
            <ActionForm action>
                <input type="hidden" name="user_id" value=u.id />
                <label>{lang.b(Msg::Email)}<input type="email" name="email" required value=u.email.clone() /></label>
                <FieldErrors error field="email".to_string() />
                <label>{lang.b(Msg::Name)}<input type="text" name="name" required value=u.name.clone() /></label>
                <FieldErrors error field="name".to_string() />
                <label>
                    {lang.b(Msg::Language)}
                    <select name="language">
                        {language_options(Some(u.language))}
                    </select>
                </label>
                <button type="submit">{lang.b(Msg::SaveUser)}</button>
                " "
                <button type="button" class="secondary" on:click=move |_| editing.set(None)>{lang.b(Msg::Cancel)}</button>
            </ActionForm>
        </div>
    }
}

/// R-SAB-11: the assigned training vouchers with Revoke, and "Assign".
#[island]
fn Vouchers(
    benefit_id: i64,
    vouchers: FromServer<Vec<VoucherView>>,
    manage: bool,
) -> impl IntoView {
    let FromServer(vouchers) = vouchers;
    let lang = use_lang();
    let assign = ServerAction::<AssignTrainingVoucher>::new();
    let revoke = ServerAction::<RevokeTrainingVoucher>::new();
    reload_with_notice(assign, "voucher_assigned");
    reload_with_notice(revoke, "voucher_revoked");
    let assign_error = action_error(assign);
    let revoke_error = action_error(revoke);
    let rows = vouchers
        .iter()
        .map(|v| {
            let voucher_id = v.id;
            view! {
                <tr data-email=v.email.clone() data-testid="voucher-row">
                    <td><code>{v.code.clone()}</code></td>
                    <td>{v.email.clone()}</td>
                    <td>{v.name.clone()}</td>
                    <td>{v.days}</td>
                    <td>{lang.datetime(v.assigned_at)}</td>
                    <td>
                        {manage.then(|| view! {
                            <button class="link danger" data-testid="revoke-voucher"
                                on:click=move |_| { revoke.dispatch(RevokeTrainingVoucher { voucher_id }); }>
                                {lang.b(Msg::Revoke)}
                            </button>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="training-vouchers">
            <h2>{lang.b(Msg::Vouchers)}</h2>
            <p class="hint">{lang.b(Msg::VouchersHint)}</p>
            <FormErrors error=revoke_error fields=&[] />
            {if vouchers.is_empty() {
                view! { <p>{lang.b(Msg::NoVouchers)}</p> }.into_any()
            } else {
                view! {
                    <table>
                        <thead><tr>
                            <th>{lang.b(Msg::Voucher)}</th><th>{lang.b(Msg::Email)}</th><th>{lang.b(Msg::Name)}</th>
                            <th>{lang.b(Msg::TrainingDaysCol)}</th><th>{lang.b(Msg::Assigned)}</th><th></th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }.into_any()
            }}
            {manage.then(|| view! {
                <h3>{lang.b(Msg::AssignVoucher)}</h3>
                <ActionForm action=assign attr:data-testid="assign-voucher">
                    <input type="hidden" name="benefit_id" value=benefit_id />
                    <label>{lang.b(Msg::Email)}<input type="email" name="email" required /></label>
                    <FieldErrors error=assign_error field="email".to_string() />
                    <label>{lang.b(Msg::Name)}<input type="text" name="name" required /></label>
                    <FieldErrors error=assign_error field="name".to_string() />
                    <label>
                        {lang.b(Msg::Language)}
                        <select name="language">
                            {language_options(Some(lang.0))}
                        </select>
                    </label>
                    <label>{lang.b(Msg::TrainingDaysCol)}<input type="text" inputmode="numeric" name="days" autocomplete="off" required /></label>
                    <FieldErrors error=assign_error field="days".to_string() />
                    <FormErrors error=assign_error fields=&["email", "name", "days"] />
                    <button type="submit">{lang.b(Msg::Assign)}</button>
                </ActionForm>
            })}
        </section>
    }
}
