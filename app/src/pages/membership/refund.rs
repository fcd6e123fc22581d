//! "Cancel with refund" (R-MPN-07): whether the package can be refunded and
//! why not ("a key was taken on …", "the 30 days ended on …"), previewed by
//! the rule the server commits with, at the time the server signed; the
//! request goes to the provider's operators as a service request. Nothing
//! in the dialog changes the figure, so it is rendered with the page (no
//! island): the commit refuses one that differs.

use domain::mpn::{plan_package_refund, RefundRefusal};
use domain::mpn_views::RefundDialog;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::mpn::RequestPackageRefund;
use crate::components::forms::{FormErrors, ServerForm};
use crate::i18n::{use_lang, MMsg};

#[component]
pub fn RefundPanel(dialog: RefundDialog) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="refund" data-testid="mpn-refund">
            <h3>{lang.t(MMsg::CancelPackage)}</h3>
            <p class="hint">{lang.t(MMsg::CancelHint)}</p>
            <ServerForm action=RequestPackageRefund::PATH done="?tab=software&done=1">
                <RefundPreview dialog />
                <FormErrors />
            </ServerForm>
        </div>
    }
}

#[component]
fn RefundPreview(dialog: RefundDialog) -> impl IntoView {
    let d = dialog;
    let lang = use_lang();
    let plan = plan_package_refund(d.paid, d.purchased_at, d.first_key_at, d.as_of);
    let (text, expected) = match plan {
        Ok(refund) => (
            format!("{}: {refund}", lang.t(MMsg::Refund)),
            Some(refund.minor),
        ),
        Err(RefundRefusal::KeyTaken { at }) => {
            (lang.m_fill(MMsg::NoRefundKey, &[&lang.datetime(at)]), None)
        }
        Err(RefundRefusal::WindowPassed { ended_at }) => (
            lang.m_fill(MMsg::NoRefundWindow, &[&lang.datetime(ended_at)]),
            None,
        ),
    };
    view! {
        <input type="hidden" name="form[purchase_id]" value=d.purchase_id />
        <input type="hidden" name="form[pin]" value=d.pin.clone() />
        <input type="hidden" name="form[expected]" value=expected.unwrap_or_default() />
        <p class="preview" aria-live="polite" data-testid="mpn-refund-preview"
            data-refundable=expected.is_some().to_string()>{text}</p>
        <button type="submit" class="danger" data-testid="mpn-request-cancel" disabled=expected.is_none()>
            {lang.t(MMsg::RequestCancel)}
        </button>
    }
}
