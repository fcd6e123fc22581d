//! R-MPN-05, R-MPN-06: the user to assign and the alternate email their
//! instructions also go to, which must not be the user's account email —
//! said next to the field as it is typed, by the rules crate's comparison
//! (`domain::mpn::same_as_account`), before the server checks it again.

use domain::mpn::{same_as_account, MpnError};
use domain::mpn_views::UserOption;
use domain::FieldError;
use leptos::prelude::*;

use crate::components::forms::FieldErrors;
use crate::components::from_server::FromServer;
use crate::i18n::{use_lang, MMsg};

#[island]
pub fn UserAndAlternate(
    users: FromServer<Vec<UserOption>>,
    selected: Option<i64>,
    alternate: String,
    /// `form[…]` names: the user's and the email's.
    user_field: String,
    email_field: String,
) -> impl IntoView {
    let lang = use_lang();
    let FromServer(users) = users;
    let users = StoredValue::new(users);
    let chosen = RwSignal::new(
        selected
            .or_else(|| users.with_value(|u| u.first().map(|u| u.id)))
            .unwrap_or(0),
    );
    let typed = RwSignal::new(alternate.clone());
    let same = move || {
        users.with_value(|u| {
            u.iter()
                .find(|u| u.id == chosen.get())
                .is_some_and(|u| same_as_account(&u.email, &typed.get()))
        })
    };
    let options = users.with_value(|u| {
        u.iter()
            .map(|u| {
                let label = format!("{} <{}>", u.name, u.email);
                view! { <option value=u.id selected=Some(u.id) == selected>{label}</option> }
            })
            .collect_view()
    });
    view! {
        <label>{lang.t(MMsg::User)}
            <select name=format!("form[{user_field}]") data-testid="mpn-user"
                on:change=move |ev| chosen.set(event_target_value(&ev).parse().unwrap_or(0))>
                {options}
            </select>
        </label>
        <FieldErrors field=user_field.clone() />
        <label>{lang.t(MMsg::AlternateEmail)}
            <input type="email" name=format!("form[{email_field}]") required value=alternate
                aria-invalid=move || same().then_some("true") data-testid="mpn-alternate-email"
                on:input=move |ev| typed.set(event_target_value(&ev)) />
        </label>
        {move || same().then(|| view! {
            <p class="field-error" role="alert" data-testid="mpn-alternate-same">
                {lang.error(&FieldError::new("", &MpnError::AlternateSameAsAccount))}
            </p>
        })}
        <FieldErrors field=email_field.clone() />
        <p class="hint">{lang.t(MMsg::AlternateHint)}</p>
    }
}
