//! The five tabs of one package (R-MPN-02 … 06), and the marketing contact
//! above the go-to-market tab. Each benefit is a `<details>` row: its
//! summary says what is used and left, its body holds the actions.

use domain::mpn::GoToMarketStatus;
use domain::mpn_views::{
    AssignableView, AssignmentView, BenefitsPage, PackageView, SoftwareBenefitView,
};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::alternate::UserAndAlternate;
use super::Query;
use crate::api::mpn::{
    ActivateCloudUsage, ActivateGoToMarket, AssignPackageBenefit, GetPackageDownload,
    RemovePackageAssignment, RequestAdvisoryHours, SetMarketingContact, TakePackageKey,
};
use crate::components::edition::edition_selects;
use crate::components::forms::{language_options, FieldErrors, FormErrors, ServerForm};
use crate::components::from_server::FromServer;
use crate::i18n::{Lang, MMsg, SwMsg};
use crate::pages::software::Link;

/// "Get key" for a software benefit or a license-based subscription.
/// Only a software benefit's key ends the refund (`warn`: the page says so
/// before the key is revealed).
fn take_key(lang: Lang, purchase: i64, benefit: &str, warn: bool) -> AnyView {
    let tab = if warn { "software" } else { "cloud" };
    let benefit = benefit.to_string();
    view! {
        <ServerForm action=TakePackageKey::PATH done=format!("?tab={tab}&done=1")>
            <input type="hidden" name="purchase_id" value=purchase />
            <input type="hidden" name="benefit_id" value=benefit />
            {warn.then(|| view! { <p class="warning" role="note" data-testid="mpn-key-warning">{lang.t(MMsg::KeyWarning)}</p> })}
            <FormErrors />
            <button type="submit" data-testid="mpn-get-key">{lang.t(MMsg::GetKey)}</button>
        </ServerForm>
    }
    .into_any()
}

pub(super) fn software(
    lang: Lang,
    p: &BenefitsPage,
    pkg: &PackageView,
    q: &Query,
    live: bool,
) -> AnyView {
    pkg.software
        .iter()
        .map(|s| {
            let picked = q.purchase == Some(pkg.id) && q.product == s.product_id;
            let body = match (&s.key, p.can_assign && live) {
                (Some(key), _) => view! {
                    <dl class="facts">
                        <dt>{lang.t(SwMsg::ProductKey)}</dt><dd><code data-testid="mpn-key">{key.clone()}</code></dd>
                        <dt>{lang.t(SwMsg::KeyInstructions)}</dt><dd>{s.key_instructions.clone()}</dd>
                    </dl>
                    {live.then(|| download(lang, pkg.id, s, q, picked))}
                }
                .into_any(),
                (None, true) => take_key(lang, pkg.id, &s.product_id, true),
                (None, false) => ().into_any(),
            };
            let links = s.links.iter().cloned().map(|link| view! { <Link link /> }).collect_view();
            let taken = s.key_taken_at.map(|at| lang.m_fill(MMsg::KeyTakenOn, &[&lang.datetime(at)]));
            view! {
                <details class="benefit-row" data-testid="mpn-software" data-product=s.product_id.clone() open=picked>
                    <summary>
                        <strong>{s.name.clone()}</strong>
                        {format!(" · {} {}", s.licenses, lang.t(MMsg::Licenses))}
                        {taken.map(|t| view! { " · " <span class="hint">{t}</span> })}
                    </summary>
                    {body}
                    {(!s.links.is_empty()).then(|| view! { <ul class="links" data-testid="download-links">{links}</ul> })}
                </details>
            }
        })
        .collect_view()
        .into_any()
}

/// Language → OS (a GET form), then the download link.
fn download(
    lang: Lang,
    purchase: i64,
    s: &SoftwareBenefitView,
    q: &Query,
    picked: bool,
) -> AnyView {
    let chosen = |v: &str| if picked { v.to_string() } else { String::new() };
    let (v, l, t) = (
        chosen(&q.version),
        chosen(&q.language),
        chosen(&q.file_type),
    );
    let (product, version, language, file_type) = (
        s.product_id.clone(),
        q.version.clone(),
        q.language.clone(),
        q.file_type.clone(),
    );
    let done = format!(
        "?tab=software&purchase={purchase}&product={product}&version={version}&language={language}&file_type={file_type}"
    );
    let get = picked.then(|| view! {
        <ServerForm action=GetPackageDownload::PATH done=done>
            <input type="hidden" name="form[purchase_id]" value=purchase />
            <input type="hidden" name="form[product_id]" value=product />
            <input type="hidden" name="form[version]" value=version />
            <input type="hidden" name="form[language]" value=language />
            <input type="hidden" name="form[file_type]" value=file_type />
            <FieldErrors field="version" />
            <FieldErrors field="language" />
            <FieldErrors field="file_type" />
            <FormErrors />
            <button type="submit" data-testid="mpn-get-download">{lang.t(MMsg::GetDownload)}</button>
        </ServerForm>
    });
    view! {
        <form method="get" class="inline-form">
            <fieldset>
                <legend>{lang.t(MMsg::PickDownload)}</legend>
                <input type="hidden" name="tab" value="software" />
                <input type="hidden" name="purchase" value=purchase />
                <input type="hidden" name="product" value=s.product_id.clone() />
                {edition_selects(&s.editions, (&v, &l, &t), "mpn-pick")}
                <button type="submit" data-testid="mpn-pick">{lang.t(SwMsg::Submit)}</button>
            </fieldset>
        </form>
        {get}
    }
    .into_any()
}

pub(super) fn cloud(lang: Lang, p: &BenefitsPage, pkg: &PackageView, live: bool) -> AnyView {
    pkg.cloud
        .iter()
        .map(|c| {
            let may = p.can_assign && live;
            let (pkg_id, c_id) = (pkg.id, c.id.clone());
            let body = match (c.kind, &c.user, &c.key) {
                (_, Some(user), _) => view! {
                    <p>{lang.t(MMsg::AssignedTo)} " " {user.user_name.clone()} ". " {lang.t(MMsg::CloudPortal)}</p>
                }
                .into_any(),
                (_, _, Some(key)) => view! {
                    <dl class="facts">
                        <dt>{lang.t(SwMsg::ProductKey)}</dt><dd><code data-testid="mpn-key">{key.clone()}</code></dd>
                    </dl>
                }
                .into_any(),
                (domain::mpn::CloudKind::UsageBased, None, None) if may => view! {
                    <ServerForm action=ActivateCloudUsage::PATH done="?tab=cloud&done=1">
                        <input type="hidden" name="purchase_id" value=pkg_id />
                        <input type="hidden" name="benefit_id" value=c_id />
                        <FormErrors />
                        <button type="submit" data-testid="mpn-assign-yourself">{lang.t(MMsg::AssignYourself)}</button>
                    </ServerForm>
                }
                .into_any(),
                (domain::mpn::CloudKind::LicenseBased, None, None) if may => {
                    take_key(lang, pkg.id, &c.id, false)
                }
                _ => ().into_any(),
            };
            view! {
                <details class="benefit-row" data-testid="mpn-cloud" data-benefit=c.id.clone()>
                    <summary>
                        <strong>{c.name.clone()}</strong>
                        {format!(" · {} · {}", lang.cloud_kind(c.kind), c.allowance)}
                    </summary>
                    <p class="hint">{c.instructions.clone()}</p>
                    {body}
                </details>
            }
        })
        .collect_view()
        .into_any()
}

/// The users of a benefit, each with "Remove".
fn assigned(lang: Lang, may: bool, list: &[AssignmentView], tab: &'static str) -> AnyView {
    list.iter()
        .map(|a| {
            let id = a.id;
            let remove = may.then(|| view! {
                <ServerForm action=RemovePackageAssignment::PATH done=format!("?tab={tab}&done=1")>
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class="link danger" data-testid="mpn-remove">{lang.t(MMsg::Remove)}</button>
                </ServerForm>
            });
            view! {
                <li data-testid="mpn-assignment">
                    {format!("{} <{}>", a.user_name, a.user_email)}
                    {a.alternate_email.clone().map(|e| format!(" · {e}"))}
                    " · " {lang.datetime(a.assigned_at)}
                    {remove}
                </li>
            }
        })
        .collect_view()
        .into_any()
}

/// "Assign user", with the alternate email for a technical benefit.
fn assign_form(
    lang: Lang,
    p: &BenefitsPage,
    pkg: &PackageView,
    b: &AssignableView,
    tab: &'static str,
) -> AnyView {
    // A technical benefit's user comes with the alternate email.
    let fields = if b.technical.is_some() {
        let users = FromServer(p.users.clone());
        view! {
            <UserAndAlternate users selected=None alternate=String::new()
                user_field="user_id".to_string() email_field="alternate_email".to_string() />
        }
        .into_any()
    } else {
        let users = p
            .users
            .iter()
            .map(|u| view! { <option value=u.id>{format!("{} <{}>", u.name, u.email)}</option> })
            .collect_view();
        view! {
            <label>{lang.t(MMsg::User)} <select name="form[user_id]" data-testid="mpn-user">{users}</select></label>
            <FieldErrors field="user_id" />
        }
        .into_any()
    };
    let (pkg_id, benefit) = (pkg.id, b.id.clone());
    view! {
        <ServerForm action=AssignPackageBenefit::PATH done=format!("?tab={tab}&done=1")>
            <input type="hidden" name="form[purchase_id]" value=pkg_id />
            <input type="hidden" name="form[benefit_id]" value=benefit />
            {fields}
            <FormErrors />
            <button type="submit" data-testid="mpn-assign">{lang.t(MMsg::AssignUser)}</button>
        </ServerForm>
    }
    .into_any()
}

pub(super) fn visual_studio(
    lang: Lang,
    p: &BenefitsPage,
    pkg: &PackageView,
    live: bool,
) -> AnyView {
    let may = p.can_assign && live;
    pkg.visual_studio
        .iter()
        .map(|v| {
            let used = v.assignments.len().to_string();
            let left = v.left().to_string();
            view! {
                <details class="benefit-row" data-testid="mpn-vs" data-benefit=v.id.clone() data-left=v.left()>
                    <summary>
                        <strong>{v.name.clone()}</strong> " · " {lang.m_fill(MMsg::Used, &[&used, &left])}
                    </summary>
                    <ul>{assigned(lang, may, &v.assignments, "visual-studio")}</ul>
                    {(may && v.left() > 0).then(|| assign_form(lang, p, pkg, v, "visual-studio"))}
                </details>
            }
        })
        .collect_view()
        .into_any()
}

pub(super) fn technical(lang: Lang, p: &BenefitsPage, pkg: &PackageView, live: bool) -> AnyView {
    let may = p.can_assign && live;
    pkg.technical
        .iter()
        .map(|t| {
            let kind = t.technical.unwrap_or(domain::mpn::TechnicalKind::SupportIncidents);
            let unit = match kind {
                domain::mpn::TechnicalKind::SupportIncidents => lang.t(MMsg::Incidents),
                _ => lang.t(MMsg::Hours),
            };
            let advisory = (kind == domain::mpn::TechnicalKind::AdvisoryHours).then(|| {
                let held = lang.m_fill(MMsg::HoursHeld, &[&t.held.to_string(), &t.hours_left().to_string()]);
                let requests = t
                    .requests
                    .iter()
                    .map(|r| view! {
                        <li data-testid="mpn-advisory-request" data-status=r.status.code()>
                            {format!("{} · {} {} · {} – {} · ", r.topic, r.hours, lang.t(MMsg::Hours), r.preferred_from, r.preferred_to)}
                            {lang.advisory_status(r.status)}
                        </li>
                    })
                    .collect_view();
                view! {
                    <p data-testid="mpn-hours">{held}</p>
                    <ul>{requests}</ul>
                    {(may && t.hours_left() > 0).then(|| advisory_form(lang, pkg.id, &t.id, t.hours_left()))}
                }
            });
            view! {
                <details class="benefit-row" data-testid="mpn-technical" data-benefit=t.id.clone()>
                    <summary><strong>{lang.technical_kind(kind)}</strong> {format!(" · {} {unit}", t.amount)}</summary>
                    <ul>{assigned(lang, may, &t.assignments, "technical")}</ul>
                    {(may && t.left() > 0).then(|| assign_form(lang, p, pkg, t, "technical"))}
                    {advisory}
                </details>
            }
        })
        .collect_view()
        .into_any()
}

fn advisory_form(lang: Lang, purchase: i64, benefit: &str, left: u32) -> AnyView {
    let benefit = benefit.to_string();
    view! {
        <ServerForm action=RequestAdvisoryHours::PATH done="?tab=technical&done=1">
            <fieldset>
                <legend>{lang.t(MMsg::AdvisoryRequest)}</legend>
                <input type="hidden" name="purchase_id" value=purchase />
                <input type="hidden" name="form[benefit_id]" value=benefit />
                <label>{lang.t(MMsg::Topic)} <input name="form[topic]" required data-testid="mpn-topic" /></label>
                <FieldErrors field="topic" />
                <label>{lang.t(MMsg::Description)} <textarea name="form[description]" rows="3" required></textarea></label>
                <FieldErrors field="description" />
                <label>{lang.t(MMsg::PreferredFrom)} <input type="date" name="form[preferred_from]" required /></label>
                <label>{lang.t(MMsg::PreferredTo)} <input type="date" name="form[preferred_to]" required /></label>
                <FieldErrors field="preferred_to" />
                <label>{lang.t(MMsg::HoursRequested)}
                    <input type="number" name="form[hours]" min="1" max=left required data-testid="mpn-hours-requested" />
                </label>
                <FieldErrors field="hours" />
                <FormErrors />
                <button type="submit" data-testid="mpn-advisory-submit">{lang.t(MMsg::SubmitRequest)}</button>
            </fieldset>
        </ServerForm>
    }
    .into_any()
}

pub(super) fn marketing_contact(lang: Lang, p: &BenefitsPage) -> AnyView {
    let current = p.marketing_contact.clone();
    let shown = match &current {
        Some(c) => view! {
            <p data-testid="mpn-contact">{format!("{} · {} · {} · {}", c.user_name, c.alternate_email, c.phone, c.language.native_name())}</p>
        }
        .into_any(),
        None => view! { <p data-testid="mpn-no-contact">{lang.t(MMsg::NoContact)}</p> }.into_any(),
    };
    let selected = current.as_ref().map(|c| c.user_id);
    let alternate = current
        .as_ref()
        .map(|c| c.alternate_email.clone())
        .unwrap_or_default();
    let users = FromServer(p.users.clone());
    let form = p.can_go_to_market.then(|| view! {
        <ServerForm action=SetMarketingContact::PATH done="?tab=go-to-market&done=1">
            <UserAndAlternate users selected alternate
                user_field="user_id".to_string() email_field="alternate_email".to_string() />
            <label>{lang.t(MMsg::Phone)}
                <input type="tel" name="form[phone]" required data-testid="mpn-contact-phone"
                    value=current.as_ref().map(|c| c.phone.clone()) />
            </label>
            <FieldErrors field="phone" />
            <label>{lang.t(MMsg::PreferredLanguage)}
                <select name="form[language]">{language_options(current.as_ref().map(|c| c.language))}</select>
            </label>
            <FieldErrors field="language" />
            <FormErrors />
            <button type="submit" data-testid="mpn-contact-save">{lang.t(MMsg::AssignUser)}</button>
        </ServerForm>
    });
    view! {
        <section class="card" data-testid="mpn-marketing-contact">
            <h2>{lang.t(MMsg::MarketingContact)}</h2>
            <p class="hint">{lang.t(MMsg::MarketingHint)}</p>
            {shown}
            {form}
        </section>
    }
    .into_any()
}

pub(super) fn go_to_market(lang: Lang, p: &BenefitsPage, pkg: &PackageView, live: bool) -> AnyView {
    let rows = pkg
        .go_to_market
        .iter()
        .map(|g| {
            let (expiry, state) = match g.status {
                GoToMarketStatus::NotActivated => (String::new(), "not_activated"),
                GoToMarketStatus::Active { expires_at } => (lang.datetime(expires_at), "active"),
                GoToMarketStatus::Expired { expired_at } => (lang.datetime(expired_at), "expired"),
            };
            let (pkg_id, g_id) = (pkg.id, g.id.clone());
            let activate = (p.can_go_to_market && live && g.status == GoToMarketStatus::NotActivated).then(|| view! {
                <ServerForm action=ActivateGoToMarket::PATH done="?tab=go-to-market&done=1">
                    <input type="hidden" name="purchase_id" value=pkg_id />
                    <input type="hidden" name="benefit_id" value=g_id />
                    <FormErrors />
                    <button type="submit" data-testid="mpn-activate">{lang.t(MMsg::Activate)}</button>
                </ServerForm>
            });
            view! {
                <tr data-testid="mpn-gtm" data-benefit=g.id.clone() data-status=state>
                    <td>{g.name.clone()}</td>
                    <td>{lang.go_to_market_status(g.status)}</td>
                    <td class="nowrap">{expiry}</td>
                    <td>{activate}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table data-testid="mpn-gtm-table">
            <thead><tr>
                <th>{lang.t(MMsg::GoToMarket)}</th><th>{lang.t(MMsg::Status)}</th>
                <th>{lang.t(MMsg::Expiry)}</th><th><span class="sr-only">{lang.t(MMsg::Activate)}</span></th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
