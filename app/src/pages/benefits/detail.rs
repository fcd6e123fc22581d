//! R-SAB-04…09: a benefit's details page — the same figures and
//! identifiers as the list, instructions, eligible domains, benefit users
//! (add, select → Actions → delete / resend instructions), links to the
//! calculation and the CSV history, and on Planning Services / Training
//! Vouchers the conversion forms.

use domain::benefit_views::BenefitDetail;
use domain::benefits::BenefitKind;
use domain::Language;
use leptos::prelude::*;

use super::conversion::{ConversionForm, Direction};
use super::text::Msg;
use super::{figures, Identifiers};
use crate::api::benefits::{
    get_benefit_detail, AddBenefitUser, ConvertBenefit, RemoveBenefitUser,
    ResendBenefitInstructions, ReverseBenefit,
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
    };
    let detail = Resource::new(
        move || {
            (
                id(),
                actions.add.version().get(),
                actions.remove.version().get(),
                actions.convert.version().get(),
                actions.reverse.version().get(),
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
    }
    .into_any()
}

fn users(lang: Lang, d: &BenefitDetail, actions: Actions) -> impl IntoView {
    let selected = RwSignal::new(None::<i64>);
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
