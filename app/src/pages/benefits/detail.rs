//! R-SAB-04…09: a benefit's details page — the same figures and
//! identifiers as the list, instructions, eligible domains, benefit users
//! (add, select → Actions → delete / resend instructions), links to the
//! calculation and the CSV history, and on Planning Services / Training
//! Vouchers the conversion forms; on Training Vouchers the assigned vouchers
//! (assign, revoke; R-SAB-11).

use domain::benefit_views::{BenefitDetail, BenefitUserView};
use domain::benefits::BenefitKind;
use domain::Language;
use leptos::prelude::*;

use super::conversion::{ConversionForm, Direction};
use super::text::Msg;
use super::{figures, Identifiers};
use crate::api::benefits::{
    get_benefit_detail, AddBenefitUser, AssignTrainingVoucher, ConvertBenefit, EditBenefitUser,
    RemoveBenefitUser, ResendBenefitInstructions, ReverseBenefit, RevokeTrainingVoucher,
};
use crate::components::forms::{action_error, FieldErrors, FormErrors};
use crate::i18n::{use_lang, Lang};
use crate::pages::{error_view, route_id, signed_in, to_login};

/// The server actions of the page; any of them refreshes the details.
#[derive(Clone, Copy)]
struct Actions {
    add: ServerAction<AddBenefitUser>,
    remove: ServerAction<RemoveBenefitUser>,
    resend: ServerAction<ResendBenefitInstructions>,
    convert: ServerAction<ConvertBenefit>,
    reverse: ServerAction<ReverseBenefit>,
    edit: ServerAction<EditBenefitUser>,
    assign: ServerAction<AssignTrainingVoucher>,
    revoke: ServerAction<RevokeTrainingVoucher>,
}

#[component]
pub fn Detail() -> impl IntoView {
    let lang = use_lang();
    if signed_in().is_none() {
        return to_login();
    }
    let id = route_id("id");
    let actions = Actions {
        add: ServerAction::new(),
        remove: ServerAction::new(),
        resend: ServerAction::new(),
        convert: ServerAction::new(),
        reverse: ServerAction::new(),
        edit: ServerAction::new(),
        assign: ServerAction::new(),
        revoke: ServerAction::new(),
    };
    let detail = Resource::new(
        move || {
            (
                id(),
                actions.add.version().get(),
                actions.remove.version().get(),
                actions.convert.version().get(),
                actions.reverse.version().get(),
                (
                    actions.edit.version().get(),
                    actions.assign.version().get(),
                    actions.revoke.version().get(),
                ),
            )
        },
        |(id, ..)| get_benefit_detail(id),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => page(lang, d, actions),
                    Err(e) => error_view(e),
                }
            })}
        </Suspense>
    }
    .into_any()
}

fn page(lang: Lang, d: BenefitDetail, actions: Actions) -> AnyView {
    let b = d.benefit.clone();
    let kind = b.kind;
    let converted = move || {
        matches!(actions.convert.value().get(), Some(Ok(_)))
            || matches!(actions.reverse.value().get(), Some(Ok(_)))
    };
    let conversion = match (d.conversion, d.can_manage, kind) {
        (Some(bal), true, BenefitKind::PlanningServices) => Some((bal, Direction::Convert)),
        (Some(bal), true, BenefitKind::TrainingVouchers) => Some((bal, Direction::Reverse)),
        _ => None,
    }
    .map(|(balances, direction)| {
        view! {
            <ConversionForm
                account_id=d.account.id
                balances
                direction
                convert_action=actions.convert
                reverse_action=actions.reverse
            />
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
    let users = kind.has_users().then(|| users(lang, &d, actions));
    let vouchers = (kind == BenefitKind::TrainingVouchers).then(|| vouchers(lang, &d, actions));
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
            <Show when=converted>
                <p class="notice" role="status" data-testid="converted">{lang.b(Msg::Converted)}</p>
            </Show>
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

fn users(lang: Lang, d: &BenefitDetail, actions: Actions) -> impl IntoView {
    let selected = RwSignal::new(None::<i64>);
    let editing = RwSignal::new(None::<BenefitUserView>);
    let all_users = StoredValue::new(d.users.clone());
    let edit_error = action_error(actions.edit);
    let saved = move || matches!(actions.edit.value().get(), Some(Ok(())));
    let add_error = action_error(actions.add);
    let remove_error = action_error(actions.remove);
    let resend_error = action_error(actions.resend);
    let resent = move || matches!(actions.resend.value().get(), Some(Ok(())));
    let instructions = d.benefit.kind.has_user_instructions();
    let benefit_id = d.benefit.id;
    let rows = d
        .users
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
    let none = move || selected.get().is_none();
    view! {
        <section class="card" data-testid="benefit-users">
            <h2>{lang.b(Msg::BenefitUsers)}</h2>
            <FormErrors error=remove_error fields=&[] />
            <FormErrors error=resend_error fields=&[] />
            <Show when=resent>
                <p class="notice" role="status">{lang.b(Msg::InstructionsSent)}</p>
            </Show>
            <Show when=saved>
                <p class="notice" role="status" data-testid="user-saved">{lang.b(Msg::UserSaved)}</p>
            </Show>
            {if d.users.is_empty() {
                view! { <p>{lang.b(Msg::NoUsers)}</p> }.into_any()
            } else {
                view! {
                    <table>
                        <thead><tr><th></th><th>{lang.b(Msg::Email)}</th><th>{lang.b(Msg::Name)}</th><th>{lang.b(Msg::Language)}</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }.into_any()
            }}
            {d.can_manage.then(|| view! {
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
                        on:click=move |_| if let Some(user_id) = selected.get() { actions.remove.dispatch(RemoveBenefitUser { user_id }); }>
                        {lang.b(Msg::DeleteUser)}
                    </button>
                    {instructions.then(|| view! {
                        <button class="link" disabled=none
                            on:click=move |_| if let Some(user_id) = selected.get() { actions.resend.dispatch(ResendBenefitInstructions { user_id }); }>
                            {lang.b(Msg::ResendInstructions)}
                        </button>
                    })}
                </details>
                {move || editing.get().map(|u| edit_form(lang, u, actions.edit, editing))}
                <FormErrors error=edit_error fields=&["email", "name"] />
                <h3>{lang.b(Msg::AddUser)}</h3>
                <ActionForm action=actions.add>
                    <input type="hidden" name="benefit_id" value=benefit_id />
                    <label>{lang.b(Msg::Email)}<input type="email" name="email" required /></label>
                    <FieldErrors error=add_error field="email".to_string() />
                    <label>{lang.b(Msg::Name)}<input type="text" name="name" required /></label>
                    <FieldErrors error=add_error field="name".to_string() />
                    <label>
                        {lang.b(Msg::Language)}
                        <select name="language">
                            {Language::ALL.into_iter().map(|l| view! { <option value=l.code() selected=l == lang.0>{l.native_name()}</option> }).collect_view()}
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
                        {Language::ALL.into_iter().map(|l| view! { <option value=l.code() selected=l == u.language>{l.native_name()}</option> }).collect_view()}
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
fn vouchers(lang: Lang, d: &BenefitDetail, actions: Actions) -> impl IntoView {
    let assign_error = action_error(actions.assign);
    let revoke_error = action_error(actions.revoke);
    let assigned = move || matches!(actions.assign.value().get(), Some(Ok(_)));
    let revoked = move || matches!(actions.revoke.value().get(), Some(Ok(())));
    let manage = d.can_manage && !d.benefit.expired;
    let benefit_id = d.benefit.id;
    let rows = d
        .vouchers
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
                                on:click=move |_| { actions.revoke.dispatch(RevokeTrainingVoucher { voucher_id }); }>
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
            <Show when=assigned>
                <p class="notice" role="status" data-testid="voucher-assigned">{lang.b(Msg::VoucherAssigned)}</p>
            </Show>
            <Show when=revoked>
                <p class="notice" role="status" data-testid="voucher-revoked">{lang.b(Msg::VoucherRevoked)}</p>
            </Show>
            {if d.vouchers.is_empty() {
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
                <ActionForm action=actions.assign attr:data-testid="assign-voucher">
                    <input type="hidden" name="benefit_id" value=benefit_id />
                    <label>{lang.b(Msg::Email)}<input type="email" name="email" required /></label>
                    <FieldErrors error=assign_error field="email".to_string() />
                    <label>{lang.b(Msg::Name)}<input type="text" name="name" required /></label>
                    <FieldErrors error=assign_error field="name".to_string() />
                    <label>
                        {lang.b(Msg::Language)}
                        <select name="language">
                            {Language::ALL.into_iter().map(|l| view! { <option value=l.code() selected=l == lang.0>{l.native_name()}</option> }).collect_view()}
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
