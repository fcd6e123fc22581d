//! Every text in every language, behind one mechanism that the browser
//! bundle and the server both compile.
//!
//! A [`Text`] holds one wording per language. English and zh-TW are
//! required (the constructor takes both); a later language is an
//! `Option`: without it the text falls back to English, on purpose and
//! visibly (the tests list what is untranslated). Adding a language is one
//! field, one builder (like [`Text::ja`]) and one arm in [`Text::own`] (the
//! compiler names it) here, then a `lang: "…"` column in the tables.

use domain::Language;

mod countries;
mod fill;
mod messages;

pub use countries::country_name;
pub use fill::fill;

/// One text in every language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    en: &'static str,
    zh: &'static str,
    /// Japanese; `None` falls back to English.
    ja: Option<&'static str>,
}

impl Text {
    pub const fn new(en: &'static str, zh: &'static str) -> Text {
        Text { en, zh, ja: None }
    }

    /// The Japanese wording of this text.
    pub const fn ja(self, ja: &'static str) -> Text {
        Text {
            ja: Some(ja),
            ..self
        }
    }

    /// The text in `lang`, or in English where `lang` has no wording yet.
    pub fn get(self, lang: Language) -> &'static str {
        self.own(lang).unwrap_or(self.en)
    }

    /// The text's own wording in `lang`; `None` where it falls back.
    pub fn own(self, lang: Language) -> Option<&'static str> {
        match lang {
            Language::En => Some(self.en),
            Language::ZhTw => Some(self.zh),
            Language::Ja => self.ja,
        }
    }
}

/// For the tests of a table: checks that no text is empty in any language
/// it has, and returns (and prints, for the translator) the keys that have
/// no wording of their own in `lang`.
pub fn untranslated(
    table: &str,
    all: &[(&'static str, Text)],
    lang: Language,
) -> Vec<&'static str> {
    for (key, text) in all {
        for l in Language::ALL {
            assert!(
                text.own(l).is_none_or(|t| !t.trim().is_empty()),
                "{table}::{key} is empty in {}",
                l.code()
            );
        }
    }
    let missing: Vec<&str> = all
        .iter()
        .filter(|(_, text)| text.own(lang).is_none())
        .map(|(key, _)| *key)
        .collect();
    if !missing.is_empty() {
        println!(
            "{table}: {} of {} texts fall back to English in {}: {}",
            missing.len(),
            all.len(),
            lang.code(),
            missing.join(", ")
        );
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_without_its_japanese_falls_back_to_english() {
        let text = Text::new("Sign in", "登入");
        assert_eq!(text.get(Language::En), "Sign in");
        assert_eq!(text.get(Language::ZhTw), "登入");
        assert_eq!(text.get(Language::Ja), "Sign in");
        assert_eq!(text.own(Language::Ja), None);
        let text = text.ja("サインイン");
        assert_eq!(text.get(Language::Ja), "サインイン");
    }
}
