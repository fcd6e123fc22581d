//! The browser half of `forms::ServerForm`: one listener for every form.
//!
//! A form marked `data-enhance` is sent with `fetch`, URL-encoded exactly as
//! the browser itself would send it (the server function decodes both the
//! same way). While it is under way the form is `aria-busy` and a second
//! submit is ignored. On success the browser loads the `data-done` page; on
//! an error the user's input stays, each error appears in its slot (the
//! field `aria-invalid` and described by it, the first one focused), and the
//! form gets a [`REFUSED`] event (a preview island inside it pins afresh).
//! An error whose code the form names in `data-reload-on` instead loads the
//! page again with `?refused=<code>`: what the form was built from changed
//! on the server, and the page shows it as it is now. One copy of this code
//! stands in for an island, an action and a JSON decoder per form in the
//! browser bundle.

use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, Event, FormData, HtmlElement, HtmlFormElement, Response, SubmitEvent};

use crate::components::forms::{done_page, refused_page, DONE_FIELD};
use crate::error::AppError;
use crate::i18n::use_lang;

/// The event a form gets when the server refused it.
pub const REFUSED: &str = "refused";

/// Calls `then` whenever the server refuses the form `inside` is in.
pub fn on_refused(inside: &Element, then: impl Fn() + 'static) {
    let Some(form) = inside.closest("form").ok().flatten() else {
        return;
    };
    let listener = Closure::<dyn Fn(Event)>::new(move |_: Event| then());
    let _ = form.add_event_listener_with_callback(REFUSED, listener.as_ref().unchecked_ref());
    // The listener lives as long as the form's page.
    listener.forget();
}

/// Installs the listeners on the document; called once, when the page loads.
pub fn enhance_forms() {
    let on_submit = Closure::<dyn Fn(SubmitEvent)>::new(|ev: SubmitEvent| {
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        let submitter = ev.submitter();
        // A `formmethod="get"` button navigates, as it would without wasm.
        let navigates = submitter
            .as_ref()
            .and_then(|s| s.get_attribute("formmethod"))
            .is_some_and(|m| m.eq_ignore_ascii_case("get"));
        if !form.has_attribute("data-enhance") || navigates {
            return;
        }
        ev.prevent_default();
        if form.has_attribute("aria-busy") {
            return;
        }
        let _ = form.set_attribute("aria-busy", "true");
        leptos::task::spawn_local(submit(form, submitter));
    });
    // A page restored from the back/forward cache kept its busy forms.
    let on_pageshow = Closure::<dyn Fn(Event)>::new(|_: Event| {
        for form in elements(document().query_selector_all("form[aria-busy]")) {
            let _ = form.remove_attribute("aria-busy");
        }
    });
    let _ =
        document().add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
    let _ =
        window().add_event_listener_with_callback("pageshow", on_pageshow.as_ref().unchecked_ref());
    // The listeners live as long as the page.
    on_submit.forget();
    on_pageshow.forget();
}

async fn submit(form: HtmlFormElement, submitter: Option<HtmlElement>) {
    let pick = |name: &str| {
        submitter
            .as_ref()
            .and_then(|s| s.get_attribute(name))
            .or_else(|| form.get_attribute(name))
    };
    let action = pick("formaction")
        .or_else(|| pick("action"))
        .unwrap_or_default();
    let done = pick("data-done");
    let outcome = match encode(&form, submitter.as_ref()) {
        Some(Body::UrlEncoded(body)) => post(&action, body).await,
        // Files go as the browser would send them (the server's own
        // multipart route, not a server function).
        Some(Body::Multipart(data)) => send(&action, &data, None).await,
        None => Err(AppError::Transport("form".into())),
    };
    match outcome {
        Ok(answer) => {
            if let Some(id) = form.get_attribute("data-answer-into") {
                show_answer(&form, &id, &answer);
                return;
            }
            // The form stays busy: the page is being replaced.
            let (path, search) = here();
            let page = done_page(done.as_deref(), &answer, &path, &search);
            let _ = window().location().set_href(&page);
        }
        Err(error) => {
            if let Some(code) = reload_code(&form, &error) {
                let (path, search) = here();
                let _ = window()
                    .location()
                    .set_href(&refused_page(&path, &search, &code));
                return;
            }
            let _ = form.remove_attribute("aria-busy");
            show_errors(&form, &error);
            if let Ok(event) = Event::new(REFUSED) {
                let _ = form.dispatch_event(&event);
            }
        }
    }
}

/// Puts the answer (a JSON string) into the field `id`, shows its container
/// (`data-answer-box=id`) and empties the form: it did its work.
fn show_answer(form: &HtmlFormElement, id: &str, answer: &str) {
    let _ = form.remove_attribute("aria-busy");
    form.reset();
    for old in elements(form.query_selector_all("[data-errors-for] > *")) {
        old.remove();
    }
    let Some(field) = document().get_element_by_id(id) else {
        return;
    };
    let text: String = leptos::serde_json::from_str(answer).unwrap_or_else(|_| answer.to_string());
    let _ = field.set_attribute("value", &text);
    if let Ok(input) = field.clone().dyn_into::<web_sys::HtmlInputElement>() {
        input.set_value(&text);
        input.select();
    }
    if let Ok(Some(container)) = document().query_selector(&format!("[data-answer-box=\"{id}\"]")) {
        let _ = container.remove_attribute("hidden");
    }
    let _ = field.dyn_into::<HtmlElement>().map(|f| f.focus());
}

/// The code of `error` that the form's `data-reload-on` names, if any.
fn reload_code(form: &HtmlFormElement, error: &AppError) -> Option<String> {
    let listed = form.get_attribute("data-reload-on")?;
    error
        .messages()
        .into_iter()
        .map(|e| e.code)
        .find(|code| listed.split_whitespace().any(|c| c == code))
}

/// The current page's path and query (with its `?`).
fn here() -> (String, String) {
    let location = window().location();
    let path = location.pathname().unwrap_or_else(|_| "/".into());
    (path, location.search().unwrap_or_default())
}

enum Body {
    UrlEncoded(String),
    Multipart(FormData),
}

/// The form's fields, and the submit button's own name and value, as
/// `application/x-www-form-urlencoded`, or as `multipart/form-data` when
/// the form says so (it has files).
fn encode(form: &HtmlFormElement, submitter: Option<&HtmlElement>) -> Option<Body> {
    let data = FormData::new_with_form(form).ok()?;
    // Where to go next is read from `data-done` here, not sent.
    data.delete(DONE_FIELD);
    if let Some(s) = submitter {
        if let (Some(name), Some(value)) = (s.get_attribute("name"), s.get_attribute("value")) {
            if name != DONE_FIELD {
                data.append_with_str(&name, &value).ok()?;
            }
        }
    }
    if form.enctype() == "multipart/form-data" {
        return Some(Body::Multipart(data));
    }
    let params = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
    Some(Body::UrlEncoded(String::from(params.to_string())))
}

/// Posts `body` (URL-encoded) to the server function at `url`; its answer
/// as text, or its error. Islands call server functions through this too,
/// rather than through the generated client, which the bundle then lacks.
pub async fn post(url: &str, body: String) -> Result<String, AppError> {
    send(
        url,
        &JsValue::from_str(&body),
        Some("application/x-www-form-urlencoded"),
    )
    .await
}

/// Posts `body` with `content_type` (`None`: the browser's own, as for
/// `FormData`).
async fn send(url: &str, body: &JsValue, content_type: Option<&str>) -> Result<String, AppError> {
    let transport = |e: JsValue| AppError::Transport(format!("{e:?}"));
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(body);
    let headers = web_sys::Headers::new().map_err(transport)?;
    if let Some(content_type) = content_type {
        headers
            .set("Content-Type", content_type)
            .map_err(transport)?;
    }
    headers
        .set("Accept", "application/json")
        .map_err(transport)?;
    init.set_headers(&headers);
    let response: Response = JsFuture::from(window().fetch_with_str_and_init(url, &init))
        .await
        .map_err(transport)?
        .unchecked_into();
    let text = JsFuture::from(response.text().map_err(transport)?)
        .await
        .map_err(transport)?
        .as_string()
        .unwrap_or_default();
    if response.ok() {
        Ok(text)
    } else {
        Err(leptos::serde_json::from_str(&text).unwrap_or(AppError::Transport(text)))
    }
}

/// Shows each error in the slot for its field, or in the form's own slot.
fn show_errors(form: &HtmlFormElement, error: &AppError) {
    let lang = use_lang();
    for old in elements(form.query_selector_all("[data-errors-for] > *")) {
        old.remove();
    }
    for marked in elements(form.query_selector_all("[aria-invalid]")) {
        let _ = marked.remove_attribute("aria-invalid");
        let _ = marked.remove_attribute("aria-describedby");
    }
    let mut first: Option<HtmlElement> = None;
    for e in &error.messages() {
        let field_slot = (!e.field.is_empty())
            .then(|| slot(form, &e.field))
            .flatten();
        let (slot, class) = match field_slot {
            Some(s) => (s, "field-error"),
            None => (form_slot(form), "form-error"),
        };
        let Ok(p) = document().create_element("p") else {
            continue;
        };
        let _ = p.set_attribute("class", class);
        let _ = p.set_attribute("role", "alert");
        let _ = p.set_attribute("data-field", &e.field);
        p.set_text_content(Some(&lang.error(e)));
        let _ = slot.append_child(&p);
        // The field points to its errors, and the first one gets the focus
        // (the form's own errors when no field has one).
        let target = match control_of(&slot) {
            Some(control) => {
                let _ = control.set_attribute("aria-invalid", "true");
                let _ = control.set_attribute("aria-describedby", &slot_id(&slot));
                Some(control)
            }
            None => {
                let _ = slot.set_attribute("tabindex", "-1");
                Some(slot.clone())
            }
        };
        if first.is_none() {
            first = target.and_then(|t| t.dyn_into::<HtmlElement>().ok());
        }
    }
    if let Some(first) = first {
        let _ = first.focus();
    }
}

/// The form control a field's error slot follows (`<label>…<input></label>`
/// then the slot, or a fieldset of boxes).
fn control_of(slot: &Element) -> Option<Element> {
    let before = slot.previous_element_sibling()?;
    if before.matches("input, select, textarea").unwrap_or(false) {
        return Some(before);
    }
    before
        .query_selector("input:not([type=hidden]), select, textarea")
        .ok()
        .flatten()
}

/// The slot's id, given one if it has none.
fn slot_id(slot: &Element) -> String {
    if !slot.id().is_empty() {
        return slot.id();
    }
    thread_local! {
        static NEXT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    }
    let id = NEXT.with(|n| {
        n.set(n.get() + 1);
        format!("form-errors-{}", n.get())
    });
    slot.set_id(&id);
    id
}

/// The elements of a `query_selector_all` answer.
fn elements(list: Result<web_sys::NodeList, JsValue>) -> impl Iterator<Item = Element> {
    let list = list.ok();
    let len = list.as_ref().map_or(0, |l| l.length());
    (0..len).filter_map(move |i| list.as_ref()?.item(i)?.dyn_into::<Element>().ok())
}

fn slot(form: &HtmlFormElement, field: &str) -> Option<Element> {
    form.query_selector(&format!("[data-errors-for=\"{field}\"]"))
        .ok()
        .flatten()
}

/// The form's slot for errors of no field; made at its end if it has none.
fn form_slot(form: &HtmlFormElement) -> Element {
    slot(form, "").unwrap_or_else(|| {
        let div = document().create_element("div").expect("a div");
        let _ = div.set_attribute("class", "errors");
        let _ = div.set_attribute("data-errors-for", "");
        let _ = form.append_child(&div);
        div
    })
}
