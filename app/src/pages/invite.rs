//! R-ORG-08: invite several people in one form ("Invite another user").
//! The server parses every row and answers next to each field; only roles
//! the inviter may grant are offered.

use domain::views::InviteRow;
use domain::{can_grant, Language, Permission, Role};
use leptos::prelude::*;

use super::{signed_in, to_login};
use crate::api::users::InviteUsers;
use crate::components::forms::{action_error, FieldErrors, FormErrors};
use crate::i18n::{use_lang, Msg};

#[derive(Clone, Copy)]
struct RowState {
    key: usize,
    email: RwSignal<String>,
    name: RwSignal<String>,
    language: RwSignal<String>,
    country: RwSignal<String>,
    roles: RwSignal<Vec<Role>>,
}

impl RowState {
    fn new(key: usize) -> Self {
        RowState {
            key,
            email: RwSignal::new(String::new()),
            name: RwSignal::new(String::new()),
            language: RwSignal::new(Language::En.code().to_string()),
            country: RwSignal::new(String::new()),
            roles: RwSignal::new(Vec::new()),
        }
    }

    fn to_input(self) -> InviteRow {
        InviteRow {
            email: self.email.get_untracked(),
            name: self.name.get_untracked(),
            language: self.language.get_untracked(),
            country: self.country.get_untracked(),
            roles: self
                .roles
                .get_untracked()
                .iter()
                .map(|r| r.code().to_string())
                .collect(),
        }
    }
}

#[component]
pub fn InvitePage() -> impl IntoView {
    let lang = use_lang();
    let Some(me) = signed_in() else {
        return to_login();
    };
    if !me.can(Permission::InviteUsers) {
        return super::error_view(crate::error::AppError::Forbidden);
    }
    let grantable: Vec<Role> = Role::roles_for(me.org_kind)
        .into_iter()
        .filter(|r| can_grant(&me.roles, *r))
        .collect();
    view! {
        <section class="card">
            <h1>{lang.t(Msg::InviteUsers)}</h1>
            <p class="hint">{lang.t(Msg::InviteHint)}</p>
            <InviteForm grantable />
            <p><a href="/users">{lang.t(Msg::NavUsers)}</a></p>
        </section>
    }
    .into_any()
}

/// The rows of people to invite; the form stays for the next invitations.
#[island]
fn InviteForm(grantable: Vec<Role>) -> impl IntoView {
    let lang = use_lang();
    let grantable = StoredValue::new(grantable);
    let next_key = StoredValue::new(1usize);
    let rows = RwSignal::new(vec![RowState::new(0)]);
    let invite = ServerAction::<InviteUsers>::new();
    let error = action_error(invite);
    let sent = move || match invite.value().get() {
        Some(Ok(n)) => Some(n),
        _ => None,
    };
    Effect::new(move |_| {
        if sent().is_some() {
            rows.set(vec![RowState::new(next_key.get_value())]);
            next_key.update_value(|k| *k += 1);
        }
    });
    let add_row = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        rows.update(|r| r.push(RowState::new(key)));
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = rows
            .get_untracked()
            .into_iter()
            .map(RowState::to_input)
            .collect();
        invite.dispatch(InviteUsers { rows: input });
    };
    view! {
            {move || sent().map(|n| view! {
                <p class="notice" role="status" data-testid="invite-sent">{lang.t(Msg::InvitationsSent)} ": " {n}</p>
            })}
            <form on:submit=submit>
                <For each=move || rows.get().into_iter().enumerate() key=|(_, r)| r.key let:((index, row))>
                    <InviteRowFields index row grantable=grantable.get_value() error />
                </For>
                <FormErrors error fields=&[] />
                <div class="row">
                    <button type="button" class="secondary" on:click=add_row>{lang.t(Msg::InviteAnother)}</button>
                    <button type="submit" disabled=move || invite.pending().get()>{lang.t(Msg::Invite)}</button>
                </div>
            </form>
    }
}

#[component]
fn InviteRowFields(
    index: usize,
    row: RowState,
    grantable: Vec<Role>,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let field = move |name: &str| format!("rows.{index}.{name}");
    view! {
        <fieldset class="invite-row" data-testid=format!("invite-row-{index}")>
            <legend>{lang.t(Msg::Person)} " " {index + 1}</legend>
            <label>
                {lang.t(Msg::EmailAddress)}
                <input type="email" name="email" prop:value=move || row.email.get() on:input=move |ev| row.email.set(event_target_value(&ev)) />
            </label>
            <FieldErrors error field=field("email") />
            <label>
                {lang.t(Msg::FullName)}
                <input type="text" name="name" prop:value=move || row.name.get() on:input=move |ev| row.name.set(event_target_value(&ev)) />
            </label>
            <FieldErrors error field=field("name") />
            <label>
                {lang.t(Msg::PreferredLanguage)}
                <select name="language" on:change=move |ev| row.language.set(event_target_value(&ev))>
                    {Language::ALL
                        .into_iter()
                        .map(|l| view! { <option value=l.code() selected=move || row.language.get() == l.code()>{l.native_name()}</option> })
                        .collect_view()}
                </select>
            </label>
            <label>
                {lang.t(Msg::Country)}
                <select name="country" on:change=move |ev| row.country.set(event_target_value(&ev))>
                    <option value="">{lang.t(Msg::ChooseCountry)}</option>
                    {domain::Country::all()
                        .iter()
                        .map(|(code, _, _)| {
                            let label = domain::Country::parse(code).map(|c| c.name(lang.0)).unwrap_or(code);
                            view! { <option value=*code>{label}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <FieldErrors error field=field("country") />
            <fieldset class="roles">
                <legend>{lang.t(Msg::Roles)}</legend>
                {grantable
                    .into_iter()
                    .map(|role| {
                        view! {
                            <label class="checkbox">
                                <input
                                    type="checkbox"
                                    name="roles"
                                    value=role.code()
                                    prop:checked=move || row.roles.get().contains(&role)
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        row.roles.update(|rs| {
                                            rs.retain(|r| *r != role);
                                            if on {
                                                rs.push(role);
                                            }
                                        });
                                    }
                                />
                                {lang.role(role)}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <FieldErrors error field=field("roles") />
        </fieldset>
    }
}
