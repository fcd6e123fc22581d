//! What the form listener does to a page after the server answered,
//! done to the page's HTML on the server (`enhance.rs` is the browser's
//! copy of these decisions): the user's input back in the form's fields,
//! each error in its field's slot with the field marked `aria-invalid`
//! and described by it, the first one focused (`autofocus`), a secret shown
//! in its box.
//!
//! Two passes over the page with a streaming rewriter: the first finds the
//! form that was posted (its action, and its hidden fields equal to the
//! posted ones, among several forms to one server function) and which
//! field each error slot follows; the second marks it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use app::error::AppError;
use app::i18n::Lang;

use super::PAGE_FIELD;
use domain::{FieldError, Language};
use lol_html::html_content::{ContentType, Element};
use lol_html::{element, rewrite_str, RewriteStrSettings};

/// A form as the browser posted it.
pub struct Posted {
    /// The server function's path.
    pub action: String,
    pub fields: Vec<(String, String)>,
}

pub enum Outcome {
    /// The page with its marks.
    Rewritten(String),
    /// The posted form names this code in `data-reload-on`.
    Reload(String),
}

/// The page after an error.
pub fn refused(html: &str, url: &str, posted: &Posted, error: &AppError) -> Outcome {
    let scan = Scan::of(html);
    let form = scan.posted_form(posted);
    let messages = error.messages();
    if let Some(code) = form.and_then(|f| {
        messages
            .iter()
            .map(|e| e.code.clone())
            .find(|code| f.reload_on.split_whitespace().any(|c| c == code))
    }) {
        return Outcome::Reload(code);
    }
    let lang = Lang(scan.language);
    let marks = Marks {
        form: form.map(|f| f.index),
        posted,
        errors: messages
            .iter()
            .map(|e| (slot_for(form, e), lang.error(e), e.field.clone()))
            .collect(),
        invalid: form
            .map(|f| f.invalid_controls(&messages))
            .unwrap_or_default(),
        own_slot: form.is_some_and(|f| f.slots.iter().any(|s| s.field.is_empty())),
        answer: None,
    };
    Outcome::Rewritten(marks.apply(html, url))
}

/// The page after success of a form that shows its answer in place
/// (`data-answer-into`); `None` for any other form.
pub fn answered(html: &str, url: &str, posted: &Posted, answer: &str) -> Option<String> {
    let scan = Scan::of(html);
    let form = scan.posted_form(posted)?;
    let into = form.answer_into.clone()?;
    let text: String = serde_json::from_str(answer).unwrap_or_else(|_| answer.to_string());
    let marks = Marks {
        form: None,
        posted,
        errors: Vec::new(),
        invalid: HashMap::new(),
        own_slot: true,
        answer: Some((into, text)),
    };
    Some(marks.apply(html, url))
}

/// The slot an error goes to: its field's, when the form has one, else the
/// form's own (`""`).
fn slot_for(form: Option<&FormScan>, e: &FieldError) -> String {
    match form {
        Some(f) if f.slots.iter().any(|s| s.field == e.field) => e.field.clone(),
        _ => String::new(),
    }
}

/// What the first pass learns of a page.
#[derive(Default)]
struct Scan {
    language: Language,
    forms: Vec<FormScan>,
}

#[derive(Default)]
struct FormScan {
    index: usize,
    action: String,
    /// Submit buttons' own server functions.
    formactions: Vec<String>,
    hidden: Vec<(String, String)>,
    reload_on: String,
    answer_into: Option<String>,
    slots: Vec<SlotScan>,
    /// The last field seen (its place among the form's controls), for the
    /// slot that follows it.
    last_control: Option<usize>,
    controls: usize,
}

struct SlotScan {
    field: String,
    /// The slot's id: its own, or the one the second pass gives it.
    id: String,
    /// The field it follows.
    control: Option<usize>,
}

impl Scan {
    fn of(html: &str) -> Scan {
        let scan = Rc::new(RefCell::new(Scan::default()));
        let on = |s: &Rc<RefCell<Scan>>| s.clone();
        let (html_el, form, control, slot) = (on(&scan), on(&scan), on(&scan), on(&scan));
        let (hidden, button) = (on(&scan), on(&scan));
        let handlers = vec![
            element!("html[lang]", move |el| {
                if let Some(lang) = el.get_attribute("lang").and_then(|l| Language::parse(&l)) {
                    html_el.borrow_mut().language = lang;
                }
                Ok(())
            }),
            element!("form", move |el| {
                let mut s = form.borrow_mut();
                let index = s.forms.len();
                s.forms.push(FormScan {
                    index,
                    action: attr(el, "action"),
                    reload_on: attr(el, "data-reload-on"),
                    answer_into: el.get_attribute("data-answer-into"),
                    ..FormScan::default()
                });
                Ok(())
            }),
            element!("form input, form select, form textarea", move |el| {
                if let Some(f) = control.borrow_mut().forms.last_mut() {
                    let n = f.controls;
                    f.controls += 1;
                    if is_field(el) {
                        f.last_control = Some(n);
                    }
                }
                Ok(())
            }),
            element!("form input[type=hidden]", move |el| {
                if let Some(f) = hidden.borrow_mut().forms.last_mut() {
                    f.hidden
                        .push((attr(el, "name"), unescape(&attr(el, "value"))));
                }
                Ok(())
            }),
            element!("form [formaction]", move |el| {
                if let Some(f) = button.borrow_mut().forms.last_mut() {
                    f.formactions.push(attr(el, "formaction"));
                }
                Ok(())
            }),
            element!("form [data-errors-for]", move |el| {
                if let Some(f) = slot.borrow_mut().forms.last_mut() {
                    let id = el
                        .get_attribute("id")
                        .unwrap_or_else(|| format!("form-errors-{}-{}", f.index, f.slots.len()));
                    f.slots.push(SlotScan {
                        field: attr(el, "data-errors-for"),
                        id,
                        control: f.last_control,
                    });
                }
                Ok(())
            }),
        ];
        // A page the rewriter cannot read is left unmarked.
        let _ = rewrite_str(html, settings(handlers));
        Rc::try_unwrap(scan)
            .map(RefCell::into_inner)
            .unwrap_or_default()
    }

    /// The form that was posted: one to its server function whose hidden
    /// fields the post carries, most of them matching (the page's list has
    /// a form per row, told apart by an id).
    fn posted_form(&self, posted: &Posted) -> Option<&FormScan> {
        self.forms
            .iter()
            .filter(|f| f.action == posted.action || f.formactions.contains(&posted.action))
            .filter_map(|f| {
                let mut matching = 0;
                for (name, value) in &f.hidden {
                    let sent = posted.fields.iter().find(|(n, _)| n == name);
                    match sent {
                        Some((_, v)) if v == value => matching += 1,
                        // An id tells the forms of a list apart; another
                        // value the page writes afresh (a pin), or the
                        // layer took out (`done`).
                        _ if is_id(name) && !value.is_empty() => return None,
                        _ => {}
                    }
                }
                Some((matching, f))
            })
            .max_by_key(|(matching, f)| (*matching, std::cmp::Reverse(f.index)))
            .map(|(_, f)| f)
    }
}

impl FormScan {
    /// The controls to mark invalid, with the slot that describes each.
    fn invalid_controls(&self, errors: &[FieldError]) -> HashMap<usize, String> {
        let mut marked = HashMap::new();
        for e in errors {
            if let Some(s) = self
                .slots
                .iter()
                .find(|s| s.field == e.field && !e.field.is_empty())
            {
                if let Some(control) = s.control {
                    marked.entry(control).or_insert_with(|| s.id.clone());
                }
            }
        }
        marked
    }
}

/// What the second pass writes.
struct Marks<'a> {
    /// The posted form's place among the page's forms.
    form: Option<usize>,
    posted: &'a Posted,
    /// (slot, text, field) of each error, in the error's order.
    errors: Vec<(String, String, String)>,
    invalid: HashMap<usize, String>,
    /// The form has a slot for errors of no field.
    own_slot: bool,
    /// The field id and text of an answer shown in place.
    answer: Option<(String, String)>,
}

/// Where the second pass is in the page.
#[derive(Default)]
struct Cursor {
    form: Option<usize>,
    control: usize,
    slot: usize,
    /// Values of each field name already put back, for repeated names.
    used: HashMap<String, usize>,
    select: Option<String>,
    focused: bool,
    errors_placed: Vec<bool>,
}

impl Cursor {
    /// Counts a control of the current form: its place there when the form
    /// is the posted one (`target`), else `None`.
    fn next_control(&mut self, target: Option<usize>) -> Option<usize> {
        let n = self.control;
        self.control += 1;
        (target.is_some() && self.form == target).then_some(n)
    }
}

impl Marks<'_> {
    fn apply(&self, html: &str, url: &str) -> String {
        let at = Rc::new(RefCell::new(Cursor {
            errors_placed: vec![false; self.errors.len()],
            form: None,
            ..Cursor::default()
        }));
        let forms_seen = Rc::new(RefCell::new(0usize));
        let base = format!("<base href=\"{}\">", escape(url));
        let page_field = format!(
            "<input type=\"hidden\" name=\"{PAGE_FIELD}\" value=\"{}\">",
            escape(url)
        );
        let on = |c: &Rc<RefCell<Cursor>>| c.clone();
        let (form_at, input_at, select_at, option_at, area_at, slot_at) =
            (on(&at), on(&at), on(&at), on(&at), on(&at), on(&at));
        // For a form without a slot of its own, its errors of no field.
        let own: Vec<usize> = (0..self.errors.len())
            .filter(|&i| self.errors[i].0.is_empty())
            .collect();
        let form_errors = self.slot_html_of(&own);
        let mut handlers = vec![
            // The page answers the form's post, at the server function's
            // address: its relative links are the page's own, and its forms
            // name it (`PAGE_FIELD`).
            element!("head", move |el| {
                el.prepend(&base, ContentType::Html);
                Ok(())
            }),
            // Every form of it says which page it is on.
            element!("form[method=post]", move |el| {
                el.prepend(&page_field, ContentType::Html);
                Ok(())
            }),
            element!("form", move |el| {
                let mut n = forms_seen.borrow_mut();
                let mut c = form_at.borrow_mut();
                c.form = Some(*n);
                c.control = 0;
                c.slot = 0;
                *n += 1;
                if Some(*n - 1) == self.form && !self.own_slot && !form_errors.is_empty() {
                    let slot =
                        format!("<div class=\"errors\" data-errors-for=\"\">{form_errors}</div>");
                    el.append(&slot, ContentType::Html);
                }
                Ok(())
            }),
            element!("form input", move |el| {
                let mut c = input_at.borrow_mut();
                if let Some(n) = c.next_control(self.form) {
                    self.restore_input(el, &mut c);
                    self.mark(el, n, &mut c);
                }
                Ok(())
            }),
            element!("form select", move |el| {
                let mut c = select_at.borrow_mut();
                c.select = el.get_attribute("name");
                if let Some(n) = c.next_control(self.form) {
                    self.mark(el, n, &mut c);
                }
                Ok(())
            }),
            element!("form select option", move |el| {
                let c = option_at.borrow();
                let Some(name) = c
                    .select
                    .clone()
                    .filter(|_| c.form == self.form && self.form.is_some())
                else {
                    return Ok(());
                };
                let values = self.values(&name);
                if !values.is_empty() {
                    let value = unescape(&attr(el, "value"));
                    if values.contains(&value.as_str()) {
                        let _ = el.set_attribute("selected", "");
                    } else {
                        el.remove_attribute("selected");
                    }
                }
                Ok(())
            }),
            element!("form textarea", move |el| {
                let mut c = area_at.borrow_mut();
                if let Some(n) = c.next_control(self.form) {
                    if let Some(value) = self.next_value(&attr(el, "name"), &mut c) {
                        el.set_inner_content(&value, ContentType::Text);
                    }
                    self.mark(el, n, &mut c);
                }
                Ok(())
            }),
            element!("form [data-errors-for]", move |el| {
                let mut c = slot_at.borrow_mut();
                let n = c.slot;
                c.slot += 1;
                if c.form != self.form || self.form.is_none() {
                    return Ok(());
                }
                let field = attr(el, "data-errors-for");
                let placed: Vec<usize> = (0..self.errors.len())
                    .filter(|&i| self.errors[i].0 == field && !c.errors_placed[i])
                    .collect();
                if placed.is_empty() {
                    return Ok(());
                }
                if el.get_attribute("id").is_none() {
                    let _ =
                        el.set_attribute("id", &format!("form-errors-{}-{n}", c.form.unwrap_or(0)));
                }
                el.append(&self.slot_html_of(&placed), ContentType::Html);
                // A slot that describes a field: the field took the focus.
                let id = attr(el, "id");
                let describes = self.invalid.values().any(|slot| *slot == id);
                if !c.focused && !describes {
                    let _ = el.set_attribute("tabindex", "-1");
                    let _ = el.set_attribute("autofocus", "");
                    c.focused = true;
                }
                for i in placed {
                    c.errors_placed[i] = true;
                }
                Ok(())
            }),
        ];
        if self.form.is_none() && !self.errors.is_empty() {
            // The form is not on the page (any more): its errors open the
            // page's content.
            let all: Vec<usize> = (0..self.errors.len()).collect();
            let notice = format!(
                "<div class=\"errors\" tabindex=\"-1\" autofocus>{}</div>",
                self.slot_html_of(&all)
            );
            handlers.push(element!("main", move |el| {
                el.prepend(&notice, ContentType::Html);
                Ok(())
            }));
        }
        if let Some((id, text)) = &self.answer {
            let field = format!("[id=\"{}\"]", escape(id));
            let shown = text.clone();
            let box_selector = format!("[data-answer-box=\"{}\"]", escape(id));
            handlers.push(element!(field, move |el| {
                let _ = el.set_attribute("value", &escape_amp(&shown));
                let _ = el.set_attribute("autofocus", "");
                Ok(())
            }));
            handlers.push(element!(box_selector, |el| {
                el.remove_attribute("hidden");
                Ok(())
            }));
        }
        rewrite_str(html, settings(handlers)).unwrap_or_else(|_| html.to_string())
    }

    fn slot_html_of(&self, indices: &[usize]) -> String {
        indices
            .iter()
            .map(|&i| {
                let (slot, text, field) = &self.errors[i];
                let class = if slot.is_empty() {
                    "form-error"
                } else {
                    "field-error"
                };
                format!(
                    "<p class=\"{class}\" role=\"alert\" data-field=\"{}\">{}</p>",
                    escape(field),
                    escape(text)
                )
            })
            .collect()
    }

    /// The posted values of field `name`.
    fn values(&self, name: &str) -> Vec<&str> {
        self.posted
            .fields
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The next posted value of `name` not yet put back.
    fn next_value(&self, name: &str, c: &mut Cursor) -> Option<String> {
        let used = c.used.entry(name.to_string()).or_default();
        let value = self.values(name).get(*used).map(|v| v.to_string());
        *used += 1;
        value
    }

    /// A text field gets what was typed; a box is checked as it was sent.
    /// Passwords are typed again; hidden fields stay as the page writes
    /// them (a fresh pin).
    fn restore_input(&self, el: &mut Element, c: &mut Cursor) {
        let kind = el.get_attribute("type").unwrap_or_else(|| "text".into());
        let name = attr(el, "name");
        match kind.as_str() {
            "hidden" | "password" | "submit" | "button" | "reset" | "image" | "file" => {}
            "checkbox" | "radio" => {
                let value = el
                    .get_attribute("value")
                    .map(|v| unescape(&v))
                    .unwrap_or_else(|| "on".into());
                if self.values(&name).contains(&value.as_str()) {
                    let _ = el.set_attribute("checked", "");
                } else {
                    el.remove_attribute("checked");
                }
            }
            _ => {
                if let Some(value) = self.next_value(&name, c) {
                    let _ = el.set_attribute("value", &escape_amp(&value));
                }
            }
        }
    }

    /// An invalid field points to its errors; the first gets the focus.
    fn mark(&self, el: &mut Element, n: usize, c: &mut Cursor) {
        if let Some(slot) = self.invalid.get(&n) {
            let _ = el.set_attribute("aria-invalid", "true");
            let _ = el.set_attribute("aria-describedby", slot);
            if !c.focused {
                let _ = el.set_attribute("autofocus", "");
                c.focused = true;
            }
        }
    }
}

fn settings<'h>(
    handlers: Vec<(
        std::borrow::Cow<'static, lol_html::Selector>,
        lol_html::ElementContentHandlers<'h>,
    )>,
) -> RewriteStrSettings<'h, 'static> {
    RewriteStrSettings {
        element_content_handlers: handlers,
        ..RewriteStrSettings::new()
    }
}

fn attr(el: &Element, name: &str) -> String {
    el.get_attribute(name).unwrap_or_default()
}

/// A control the user fills in (not a hidden field or a button).
fn is_field(el: &Element) -> bool {
    let kind = el.get_attribute("type").unwrap_or_default();
    !matches!(
        kind.as_str(),
        "hidden" | "submit" | "button" | "reset" | "image"
    )
}

/// A hidden field that says which record a form is about.
fn is_id(name: &str) -> bool {
    name == "id" || name.ends_with("_id") || name.ends_with("_id]")
}

/// Text for HTML (content or a quoted attribute).
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An attribute value for the rewriter, which escapes `"` itself but not `&`.
fn escape_amp(text: &str) -> String {
    text.replace('&', "&amp;")
}

/// An attribute value as the page wrote it, without its entities.
fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}
