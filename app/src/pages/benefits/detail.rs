//! R-SAB-04…09: a benefit's details page — the same figures and
//! identifiers as the list, instructions, eligible domains, benefit users
//! (add, select → Actions → delete / resend instructions), links to the
//! calculation and the CSV history, and on Planning Services / Training
//! Vouchers the conversion forms; on Training Vouchers the assigned vouchers
//! (assign, revoke; R-SAB-11); on a download benefit its software (R-SAB-11).
//!
//! The page is rendered on the server, forms included; the conversion
//! preview is an island. A committed action loads the page again with
//! `?done=<what>`, and the page says so.

use domain::benefit_views::{BenefitDetail, BenefitUserView, VoucherView};
use domain::benefits::{BenefitKind, BenefitUnit};
use domain::Language;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

use super::conversion::{ConversionForm, Direction};
use super::software::{BenefitSoftware, Picked};
use super::{figures, Identifiers};
use crate::api::benefits::{
    get_benefit_detail, AddBenefitUser, AssignTrainingVoucher, EditBenefitUser, RemoveBenefitUser,
    ResendBenefitInstructions, RevokeTrainingVoucher,
};
use crate::components::forms::{language_options, FieldErrors, FormErrors, ServerForm, DONE_FIELD};
use crate::i18n::{use_lang, BMsg, Lang};
use crate::pages::{error_view, route_id, signed_in, to_login};

#[component]
pub fn Detail() -> impl IntoView {
    let lang = use_lang();
    if signed_in().is_none() {
        return to_login();
    }
    let id = route_id("id");
    let (done, editing, picked) = use_query_map().with_untracked(|q| {
        let editing = q
            .get("edit")
            .and(q.get("user_id"))
            .and_then(|id| id.parse().ok());
        let picked = Picked {
            product: q.get("product"),
            version: q.get("version").unwrap_or_default(),
            language: q.get("language").unwrap_or_default(),
            file_type: q.get("file_type").unwrap_or_default(),
        };
        (q.get("done"), editing, picked)
    });
    let detail = Resource::new(id, get_benefit_detail);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let (done, picked) = (done.clone(), picked.clone());
                Suspend::new(async move {
                    match detail.await {
                        Ok(d) => page(lang, d, done, editing, picked),
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
        "converted" => (BMsg::Converted, "converted"),
        "user_saved" => (BMsg::UserSaved, "user-saved"),
        "user_added" => (BMsg::UserAdded, "user-added"),
        "user_removed" => (BMsg::UserRemoved, "user-removed"),
        "instructions_sent" => (BMsg::InstructionsSent, "instructions-sent"),
        "voucher_assigned" => (BMsg::VoucherAssigned, "voucher-assigned"),
        "voucher_revoked" => (BMsg::VoucherRevoked, "voucher-revoked"),
        "link_made" => (BMsg::LinkMade, "link-made"),
        _ => return None,
    };
    Some(view! { <p class="notice" role="status" data-testid=testid>{lang.t(msg)}</p> })
}

/// `editing`: the benefit user whose edit form is open; `picked`: the
/// software edition a download benefit's "Submit" picked.
fn page(
    lang: Lang,
    d: BenefitDetail,
    done: Option<String>,
    editing: Option<i64>,
    picked: Picked,
) -> AnyView {
    let b = d.benefit.clone();
    let kind = b.kind;
    let conversion = match (d.conversion, d.can_manage, kind) {
        (Some(bal), true, BenefitKind::PlanningServices) => Some((bal, Direction::Convert)),
        (Some(bal), true, BenefitKind::TrainingVouchers) => Some((bal, Direction::Reverse)),
        _ => None,
    }
    .map(|(balances, direction)| {
        view! {
            <ConversionForm account_id=d.account.id balances direction />
        }
    });
    let domains = kind.needs_eligible_domain().then(|| {
        let manage = format!("/accounts/{}/domains", d.account.id);
        view! {
            <h2>{lang.t(BMsg::EligibleDomains)}</h2>
            <p class="hint">{lang.t(BMsg::EligibleDomainsHint)}</p>
            {if d.domains.is_empty() {
                view! { <p>{lang.t(BMsg::NoDomains)}</p> }.into_any()
            } else {
                view! { <ul class="list" data-testid="eligible-domains">{d.domains.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul> }.into_any()
            }}
            <p><a href=manage>{lang.t(BMsg::ManageDomains)}</a></p>
        }
    });
    let end_user = kind.has_user_instructions().then(|| {
        view! {
            <details>
                <summary>{lang.t(BMsg::EndUserInstructions)}</summary>
                <p>{lang.t(BMsg::EndUserInstructionsText)}</p>
                <p><code>{b.program_code.clone().unwrap_or_default()}</code></p>
            </details>
        }
    });
    let users = kind.has_users().then(|| {
        view! {
            <BenefitUsers
                benefit_id=b.id
                users=d.users.clone()
                can_manage=d.can_manage
                instructions=kind.has_user_instructions()
                editing=d.users.iter().find(|u| Some(u.id) == editing).cloned()
            />
        }
    });
    let vouchers = (kind == BenefitKind::TrainingVouchers).then(|| {
        view! {
            <Vouchers benefit_id=b.id vouchers=d.vouchers.clone() manage=d.can_manage && !b.expired />
        }
    });
    let software = (kind.unit() == BenefitUnit::DownloadsAvailable).then(|| {
        view! { <BenefitSoftware benefit_id=b.id picked /> }
    });
    let calc = format!("/benefits/{}/calculation", b.id);
    let export = format!("/exports/benefits/{}/transactions.csv", b.id);
    let back = format!(
        "/inventory?customer={}&account={}&tab=benefits",
        d.account.customer_id, d.account.id
    );
    view! {
        <section class="card" data-kind=kind.code()>
            <p><a href=back>{lang.t(BMsg::TabBenefits)}</a></p>
            <h1>{lang.benefit(kind)}</h1>
            <p class="muted">{format!("{} {} — {}", d.account.number, d.account.name, d.account.customer_name)}</p>
            <p>{lang.benefit_description(kind)}</p>
            <p data-testid="figures"><strong>{figures(lang, &b)}</strong></p>
            <Identifiers benefit=b.clone() />
            {notice(lang, done)}
            <h2>{lang.t(BMsg::AdminInstructions)}</h2>
            <p>{lang.t(BMsg::AdminInstructionsText)}</p>
            {end_user}
            {domains}
            <p class="row-between">
                <a href=calc data-testid="view-calculation">{lang.t(BMsg::ViewCalculation)}</a>
                <a class="button secondary" href=export download data-testid="export-history">{lang.t(BMsg::ExportHistory)}</a>
            </p>
        </section>
        {software}
        {conversion}
        {users}
        {vouchers}
    }
    .into_any()
}

/// R-SAB-05: the benefit's users: select one → Actions → edit / delete /
/// resend instructions, and "Add user". "Edit user" loads the page again
/// with the selected `?user_id=…&edit=1`, which shows the prefilled form.
#[component]
fn BenefitUsers(
    benefit_id: i64,
    users: Vec<BenefitUserView>,
    can_manage: bool,
    instructions: bool,
    editing: Option<BenefitUserView>,
) -> impl IntoView {
    let lang = use_lang();
    let rows = users
        .iter()
        .map(|u| {
            view! {
                <tr data-email=u.email.clone()>
                    <td>
                        {can_manage.then(|| view! {
                            <input type="radio" name="user_id" value=u.id required aria-label=lang.t(BMsg::SelectUser) />
                        })}
                    </td>
                    <td>{u.email.clone()}</td>
                    <td>{u.name.clone()}</td>
                    <td>{u.language.native_name()}</td>
                </tr>
            }
        })
        .collect_view();
    let table = if users.is_empty() {
        view! { <p>{lang.t(BMsg::NoUsers)}</p> }.into_any()
    } else {
        view! {
            <table>
                <thead><tr><th></th><th>{lang.t(BMsg::Email)}</th><th>{lang.t(BMsg::Name)}</th><th>{lang.t(BMsg::Language)}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    let actions = can_manage.then(|| view! {
        <details class="actions-menu">
            <summary>{lang.t(BMsg::Actions)}</summary>
            <button type="submit" class="link" formmethod="get" formaction="" name="edit" value="1" data-testid="edit-user">
                {lang.t(BMsg::EditUser)}
            </button>
            <button type="submit" class="link danger">{lang.t(BMsg::DeleteUser)}</button>
            {instructions.then(|| view! {
                <button type="submit" class="link" formaction=ResendBenefitInstructions::PATH
                    data-done="?done=instructions_sent" name=DONE_FIELD value="?done=instructions_sent">
                    {lang.t(BMsg::ResendInstructions)}
                </button>
            })}
        </details>
    });
    let manage = can_manage.then(|| {
        view! {
            {editing.map(|u| edit_form(lang, u))}
            <h3>{lang.t(BMsg::AddUser)}</h3>
            <ServerForm action=AddBenefitUser::PATH done="?done=user_added">
                <input type="hidden" name="benefit_id" value=benefit_id />
                <PersonFields email=String::new() name=String::new() language=lang.0 />
                <FormErrors />
                <button type="submit">{lang.t(BMsg::AddUser)}</button>
            </ServerForm>
        }
    });
    view! {
        <section class="card" data-testid="benefit-users">
            <h2>{lang.t(BMsg::BenefitUsers)}</h2>
            // The selected user goes to the button pressed: delete (the
            // form's own action), resend instructions, or edit.
            <ServerForm action=RemoveBenefitUser::PATH done="?done=user_removed">
                <FormErrors />
                {table}
                {actions}
            </ServerForm>
            {manage}
        </section>
    }
}

/// A person's email, name and language, as a benefit user or a voucher's
/// holder: new (empty) or prefilled.
#[component]
fn PersonFields(email: String, name: String, language: Language) -> impl IntoView {
    let lang = use_lang();
    view! {
        <label>{lang.t(BMsg::Email)}<input type="email" name="email" required value=email /></label>
        <FieldErrors field="email" />
        <label>{lang.t(BMsg::Name)}<input type="text" name="name" required value=name /></label>
        <FieldErrors field="name" />
        <label>
            {lang.t(BMsg::Language)}
            <select name="language">{language_options(Some(language))}</select>
        </label>
    }
}

/// R-SAB-05: Actions → Edit user, prefilled with the selected user.
fn edit_form(lang: Lang, u: BenefitUserView) -> impl IntoView {
    view! {
        <div class="card" data-testid="edit-user-form">
            <h3>{lang.t(BMsg::EditUser)}</h3>
            <ServerForm action=EditBenefitUser::PATH done="?done=user_saved">
                <input type="hidden" name="user_id" value=u.id />
                <PersonFields email=u.email name=u.name language=u.language />
                <FormErrors />
                <button type="submit">{lang.t(BMsg::SaveUser)}</button>
                " "
                <a class="button secondary" href="?">{lang.t(BMsg::Cancel)}</a>
            </ServerForm>
        </div>
    }
}

/// R-SAB-11: the assigned training vouchers with Revoke, and "Assign".
#[component]
fn Vouchers(benefit_id: i64, vouchers: Vec<VoucherView>, manage: bool) -> impl IntoView {
    let lang = use_lang();
    let empty = vouchers.is_empty();
    let rows = vouchers
        .into_iter()
        .map(|v| {
            view! {
                <tr data-email=v.email.clone() data-testid="voucher-row">
                    <td><code>{v.code.clone()}</code></td>
                    <td>{v.email.clone()}</td>
                    <td>{v.name.clone()}</td>
                    <td>{v.days}</td>
                    <td>{lang.datetime(v.assigned_at)}</td>
                    <td>
                        {manage.then(|| view! {
                            <ServerForm action=RevokeTrainingVoucher::PATH done="?done=voucher_revoked">
                                <input type="hidden" name="voucher_id" value=v.id />
                                <button type="submit" class="link danger" data-testid="revoke-voucher">{lang.t(BMsg::Revoke)}</button>
                                <FormErrors />
                            </ServerForm>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="training-vouchers">
            <h2>{lang.t(BMsg::Vouchers)}</h2>
            <p class="hint">{lang.t(BMsg::VouchersHint)}</p>
            {if empty {
                view! { <p>{lang.t(BMsg::NoVouchers)}</p> }.into_any()
            } else {
                view! {
                    <table>
                        <thead><tr>
                            <th>{lang.t(BMsg::Voucher)}</th><th>{lang.t(BMsg::Email)}</th><th>{lang.t(BMsg::Name)}</th>
                            <th>{lang.t(BMsg::TrainingDaysCol)}</th><th>{lang.t(BMsg::Assigned)}</th><th></th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }.into_any()
            }}
            {manage.then(|| view! {
                <h3>{lang.t(BMsg::AssignVoucher)}</h3>
                <ServerForm action=AssignTrainingVoucher::PATH done="?done=voucher_assigned" attr:data-testid="assign-voucher">
                    <input type="hidden" name="benefit_id" value=benefit_id />
                    <PersonFields email=String::new() name=String::new() language=lang.0 />
                    <label>{lang.t(BMsg::TrainingDaysCol)}<input type="text" inputmode="numeric" name="days" autocomplete="off" required /></label>
                    <FieldErrors field="days" />
                    <FormErrors />
                    <button type="submit">{lang.t(BMsg::Assign)}</button>
                </ServerForm>
            })}
        </section>
    }
}
