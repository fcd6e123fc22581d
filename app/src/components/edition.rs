//! The version, language and file type/OS to pick of a product (R-SW-03,
//! R-SAB-11, R-MPN-02): three selects of a GET form, as the Software page,
//! a download benefit and a membership package's software all show them.

use domain::Editions;
use leptos::prelude::*;

use crate::i18n::{use_lang, SwMsg};

/// The selects, `chosen` (version, language, file type) preselected;
/// their test ids are `{prefix}-version` and so on.
pub fn edition_selects(
    editions: &Editions,
    chosen: (&str, &str, &str),
    prefix: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    let select = |name: &'static str,
                  label: &'static str,
                  values: Vec<(String, String)>,
                  chosen: &str| {
        let options = values
            .into_iter()
            .map(|(v, text)| {
                let selected = v == chosen;
                view! { <option value=v selected=selected>{text}</option> }
            })
            .collect_view();
        view! { <label>{label}<select name=name data-testid=format!("{prefix}-{name}")>{options}</select></label> }
    };
    let same = |v: &[String]| v.iter().map(|x| (x.clone(), x.clone())).collect();
    let types = editions
        .file_types
        .iter()
        .map(|t| (t.code().to_string(), lang.file_type(*t).to_string()))
        .collect();
    view! {
        {select("version", lang.t(SwMsg::Version), same(&editions.versions), chosen.0)}
        {select("language", lang.t(SwMsg::Language), same(&editions.languages), chosen.1)}
        {select("file_type", lang.t(SwMsg::FileTypeOs), types, chosen.2)}
    }
}
