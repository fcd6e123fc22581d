//! The demo test clock (provider administrators): move business time
//! forward by days and minutes; the billing job runs right after. In
//! production the page does not exist.

use domain::test_clock::{MAX_ADVANCE_DAYS, MAX_ADVANCE_MINUTES};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::super::{signed_in, to_login};
use crate::api::subscriptions::AdvanceTestClock;
use crate::components::forms::{FieldErrors, FormErrors, ServerForm};
use crate::i18n::{use_lang, SMsg};
use crate::session::SessionInfo;
use crate::NotFound;

#[component]
pub fn TestClockPage() -> impl IntoView {
    let lang = use_lang();
    let info = expect_context::<SessionInfo>();
    if !info.demo_mode {
        return view! { <NotFound /> }.into_any();
    }
    if signed_in().is_none() {
        return to_login();
    }
    let clock = info.test_clock;
    view! {
        <section class="card">
            <h1>{lang.t(SMsg::TestClock)}</h1>
            <p class="hint">{lang.t(SMsg::TestClockHint)}</p>
            {clock.map(|c| view! {
                <p data-testid="clock-now" data-millis=c.now.millis()>{lang.t(SMsg::SimulatedNow)} ": " {lang.datetime(c.now)} " (" {lang.t(SMsg::Offset)} " +" {c.offset_days} " " {lang.t(SMsg::Days)} ")"</p>
            })}
            <AdvanceForm />
        </section>
    }
    .into_any()
}

#[component]
fn AdvanceForm() -> impl IntoView {
    let lang = use_lang();
    view! {
        <ServerForm action=AdvanceTestClock::PATH done="/admin/clock">
            <label>
                {lang.t(SMsg::AdvanceDays)}
                <input type="number" name="days" min="0" max=MAX_ADVANCE_DAYS value="1" data-testid="clock-days" />
            </label>
            <FieldErrors field="days" />
            <label>
                {lang.t(SMsg::AdvanceMinutes)}
                <input type="number" name="minutes" min="0" max=MAX_ADVANCE_MINUTES value="0" data-testid="clock-minutes" />
            </label>
            <FieldErrors field="minutes" />
            <FormErrors />
            <button type="submit" data-testid="clock-advance">{lang.t(SMsg::Advance)}</button>
        </ServerForm>
    }
}
