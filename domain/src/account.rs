//! What a person enters when creating or editing an organizational account:
//! name, password, language and country/region (R-ORG-05, R-ORG-08, R-ORG-09).

use std::fmt;

/// A person's display name: trimmed, 1–100 characters, no control characters.
///
/// Names are free text (any script, any order of given/family name); only
/// characters that would corrupt how the name is shown are refused.
#[derive(
    Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

/// Why a name was rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PersonNameError {
    #[error("the name is empty")]
    Empty,
    #[error("the name is longer than 100 characters")]
    TooLong,
    #[error("the name contains characters that are not allowed")]
    Invalid,
}

crate::error_codes! {
    PersonNameError {
        Self::Empty => "name_empty",
        Self::TooLong => "name_too_long",
        Self::Invalid => "name_invalid",
    }
}

const MAX_NAME_CHARS: usize = 100;

impl PersonName {
    /// Trims, then requires 1–100 characters and no control characters.
    ///
    /// Bidirectional override/isolate characters count as control characters
    /// here: they could make a name display as something else in lists and
    /// audit logs.
    pub fn parse(s: &str) -> Result<PersonName, PersonNameError> {
        let s = s.trim();
        if s.is_empty() {
            Err(PersonNameError::Empty)
        } else if s.chars().count() > MAX_NAME_CHARS {
            Err(PersonNameError::TooLong)
        } else if s.chars().any(|c| c.is_control() || is_bidi_control(c)) {
            Err(PersonNameError::Invalid)
        } else {
            Ok(Self(s.to_owned()))
        }
    }

    /// The trimmed name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

validated_string!(PersonName, PersonNameError);

/// A new password that meets the length policy.
///
/// Deliberately has no `Serialize` and no `Display`, and its `Debug` output is
/// masked, so it cannot end up in a response, a log line or a panic message by
/// accident. Use [`Password::expose`] only to hash it.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

/// Why a new password was rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PasswordError {
    #[error("the password must be at least 12 characters")]
    TooShort,
    #[error("the password must be at most 128 characters")]
    TooLong,
    #[error("the passwords do not match")]
    Mismatch,
}

crate::error_codes! {
    PasswordError {
        Self::TooShort => "password_too_short",
        Self::TooLong => "password_too_long",
        Self::Mismatch => "password_mismatch",
    }
}

const MIN_PASSWORD_CHARS: usize = 12;
const MAX_PASSWORD_CHARS: usize = 128;

impl Password {
    /// Requires 12–128 characters (Unicode scalar values, not bytes, so a
    /// Chinese passphrase is measured the way its owner counts it).
    ///
    /// The input is NOT trimmed: spaces are legitimate password characters and
    /// silently removing them would lock people out.
    pub fn parse(s: &str) -> Result<Password, PasswordError> {
        match s.chars().count() {
            n if n < MIN_PASSWORD_CHARS => Err(PasswordError::TooShort),
            n if n > MAX_PASSWORD_CHARS => Err(PasswordError::TooLong),
            _ => Ok(Self(s.to_owned())),
        }
    }

    /// The plain text, for hashing only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// Validates a new password and its confirmation (R-ORG-05).
///
/// Length is checked first so the user learns about the policy before being
/// told the two fields differ.
pub fn parse_new_password(password: &str, confirm: &str) -> Result<Password, PasswordError> {
    let parsed = Password::parse(password)?;
    if password == confirm {
        Ok(parsed)
    } else {
        Err(PasswordError::Mismatch)
    }
}

/// The languages of the UI and of the emails a user receives (R-ORG-08, R-ORG-09).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, Default,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Language {
    /// English, also the fallback when nothing better is known.
    #[default]
    En,
    /// Traditional Chinese as used in Taiwan.
    ZhTw,
    /// Japanese: so far the sign-in, dashboard and subscription pages and the
    /// invitation email; every other text falls back to English.
    Ja,
}

impl Language {
    /// Every supported language, in the order a picker shows them.
    pub const ALL: [Language; 3] = [Language::En, Language::ZhTw, Language::Ja];

    /// The BCP 47 tag: `"en"`, `"zh-TW"` or `"ja-JP"`.
    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::ZhTw => "zh-TW",
            Self::Ja => "ja-JP",
        }
    }

    /// Maps a BCP 47 tag to a supported language, case-insensitively
    /// (`_` is accepted for `-`, as in POSIX locales).
    ///
    /// Any English variant is English, any Japanese one Japanese. Chinese is Traditional Chinese when the
    /// tag says Hant or names a region that writes it (TW, HK, MO); plain `zh`
    /// and Simplified (`zh-CN`, `zh-Hans`) are not supported, so they map to
    /// `None` rather than to a script the reader may not expect.
    pub fn parse(s: &str) -> Option<Language> {
        let tag = s.trim().to_ascii_lowercase().replace('_', "-");
        let mut subtags = tag.split('-');
        match subtags.next()? {
            "en" => Some(Self::En),
            "ja" => Some(Self::Ja),
            "zh" => {
                let rest: Vec<&str> = subtags.collect();
                let traditional = rest
                    .iter()
                    .any(|t| matches!(*t, "hant" | "tw" | "hk" | "mo"));
                (traditional && !rest.contains(&"hans")).then_some(Self::ZhTw)
            }
            _ => None,
        }
    }

    /// The language's name in itself, as a language picker shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::ZhTw => "繁體中文",
            Self::Ja => "日本語",
        }
    }

    /// Picks the language for a visitor from an HTTP `Accept-Language` header:
    /// the supported tag with the highest q-value (earlier wins ties), else
    /// English. Entries with `q=0` or a malformed q-value are ignored.
    pub fn from_accept_language(header: &str) -> Language {
        header
            .split(',')
            .enumerate()
            .filter_map(|(position, item)| {
                let mut parts = item.split(';');
                let language = Self::parse(parts.next()?)?;
                let q = match parts.find_map(|p| {
                    let p = p.trim();
                    p.strip_prefix("q=").or_else(|| p.strip_prefix("Q="))
                }) {
                    Some(value) => parse_q_value(value.trim())?,
                    None => 1000,
                };
                (q > 0).then_some((q, position, language))
            })
            .min_by_key(|&(q, position, _)| (std::cmp::Reverse(q), position))
            .map_or(Self::En, |(_, _, language)| language)
    }
}

/// An HTTP q-value (RFC 9110 §12.4.2) in thousandths, avoiding floats:
/// `"0.8"` → 800, `"1"` → 1000.
fn parse_q_value(s: &str) -> Option<u16> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let frac = frac
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0u16, |acc, b| acc * 10 + u16::from(b - b'0'));
    match int {
        "0" => Some(frac),
        "1" if frac == 0 => Some(1000),
        _ => None,
    }
}

/// A country or region (ISO 3166-1 alpha-2) from the built-in list (R-ORG-05).
///
/// A closed list rather than free text, because later rules (e.g. EU/EFTA
/// treatment) key on the code. Serialises as the code, e.g. `"TW"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", into = "String")]
// On the wire as its code (serde `into = "String"`).
#[cfg_attr(feature = "openapi", schema(value_type = String))]
// An entry of the list: `&&str`, since serde would tie a plain `&str` field
// to the lifetime of the input it deserializes from.
pub struct Country(&'static &'static str);

/// Why a country code was rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CountryError {
    #[error("unknown country or region")]
    Unknown,
}

crate::error_codes! {
    CountryError {
        Self::Unknown => "country_unknown",
    }
}

/// Sorted by code (a test checks this) so lookups can binary-search; the
/// names are texts (the `texts` crate).
const COUNTRIES: &[&str] = &[
    "AE", "AR", "AT", "AU", "BE", "BG", "BR", "CA", "CH", "CL", "CN", "CO", "CY", "CZ", "DE", "DK",
    "EE", "EG", "ES", "FI", "FR", "GB", "GR", "HK", "HR", "HU", "ID", "IE", "IL", "IN", "IS", "IT",
    "JP", "KE", "KR", "LI", "LT", "LU", "LV", "MO", "MT", "MX", "MY", "NG", "NL", "NO", "NZ", "PE",
    "PH", "PL", "PT", "RO", "SA", "SE", "SG", "SI", "SK", "TH", "TR", "TW", "UA", "US", "VN", "ZA",
];

impl Country {
    /// Looks up an ISO 3166-1 alpha-2 code, ignoring case and surrounding
    /// whitespace (`" tw "` is Taiwan).
    pub fn parse(s: &str) -> Result<Country, CountryError> {
        let code = s.trim().to_ascii_uppercase();
        COUNTRIES
            .binary_search_by(|entry| entry.cmp(&code.as_str()))
            .map(|i| Country(&COUNTRIES[i]))
            .map_err(|_| CountryError::Unknown)
    }

    /// The upper-case alpha-2 code, e.g. `"TW"`.
    pub fn code(self) -> &'static str {
        self.0
    }

    /// Every supported country's code, sorted.
    pub fn all() -> &'static [&'static str] {
        COUNTRIES
    }
}

impl TryFrom<String> for Country {
    type Error = CountryError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Country> for String {
    fn from(c: Country) -> String {
        c.code().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::deserialize_string;
    use crate::ErrorCode;
    use proptest::prelude::*;

    #[test]
    fn r_org_05_person_name_rules() {
        assert_eq!(PersonName::parse("  Ann Lee ").unwrap().as_str(), "Ann Lee");
        assert_eq!(PersonName::parse("王小明").unwrap().to_string(), "王小明");
        assert_eq!(PersonName::parse(""), Err(PersonNameError::Empty));
        assert_eq!(PersonName::parse(" \t\n"), Err(PersonNameError::Empty));
        assert!(PersonName::parse(&"名".repeat(100)).is_ok());
        assert_eq!(
            PersonName::parse(&"名".repeat(101)),
            Err(PersonNameError::TooLong)
        );
        for bad in ["Ann\u{0}Lee", "Ann\nLee", "Ann\u{7f}", "Ann\u{202E}eeL"] {
            assert_eq!(
                PersonName::parse(bad),
                Err(PersonNameError::Invalid),
                "{bad:?}"
            );
        }
        assert!(deserialize_string::<PersonName>("").is_err());
        assert_eq!(PersonNameError::TooLong.code(), "name_too_long");
    }

    #[test]
    fn r_org_05_password_length_is_counted_in_chars() {
        assert_eq!(
            Password::parse("a".repeat(11).as_str()),
            Err(PasswordError::TooShort)
        );
        assert!(Password::parse(&"a".repeat(12)).is_ok());
        assert!(Password::parse(&"a".repeat(128)).is_ok());
        assert_eq!(
            Password::parse(&"a".repeat(129)),
            Err(PasswordError::TooLong)
        );
        // 12 chars but 36 bytes; 11 chars of 3 bytes each is still too short.
        assert!(Password::parse(&"密".repeat(12)).is_ok());
        assert_eq!(
            Password::parse(&"密".repeat(11)),
            Err(PasswordError::TooShort)
        );
        assert_eq!(
            Password::parse(&"密".repeat(129)),
            Err(PasswordError::TooLong)
        );
    }

    #[test]
    fn r_org_05_password_is_not_trimmed_nor_leaked() {
        let p = Password::parse("  twelve chars  ").unwrap();
        assert_eq!(p.expose(), "  twelve chars  ");
        assert_eq!(format!("{p:?}"), "Password(***)");
        assert!(Password::parse("   short   ").is_err());
    }

    #[test]
    fn r_org_05_new_password_checks_length_then_match() {
        let good = "correct horse battery";
        assert_eq!(parse_new_password(good, good).unwrap().expose(), good);
        assert_eq!(
            parse_new_password(good, "other"),
            Err(PasswordError::Mismatch)
        );
        assert_eq!(
            parse_new_password(good, &format!("{good} ")),
            Err(PasswordError::Mismatch)
        );
        assert_eq!(
            parse_new_password("short", "other"),
            Err(PasswordError::TooShort)
        );
        assert_eq!(PasswordError::Mismatch.code(), "password_mismatch");
        assert_eq!(PasswordError::TooShort.code(), "password_too_short");
        assert_eq!(PasswordError::TooLong.code(), "password_too_long");
    }

    #[test]
    fn r_org_09_language_codes_round_trip() {
        for lang in Language::ALL {
            assert_eq!(Language::parse(lang.code()), Some(lang));
        }
        assert_eq!(Language::default(), Language::En);
        assert_eq!(Language::En.native_name(), "English");
        assert_eq!(Language::ZhTw.native_name(), "繁體中文");
        assert_eq!(Language::Ja.native_name(), "日本語");
    }

    #[test]
    fn r_org_09_language_parse_accepts_variants() {
        for (tag, lang) in [
            ("en", Language::En),
            ("EN", Language::En),
            ("en-US", Language::En),
            ("en-gb", Language::En),
            ("zh-TW", Language::ZhTw),
            ("zh-tw", Language::ZhTw),
            ("ZH_TW", Language::ZhTw),
            ("zh-Hant", Language::ZhTw),
            ("zh-Hant-TW", Language::ZhTw),
            ("zh-HK", Language::ZhTw),
            ("ja", Language::Ja),
            ("ja-JP", Language::Ja),
            ("JA_jp", Language::Ja),
        ] {
            assert_eq!(Language::parse(tag), Some(lang), "{tag}");
        }
        for tag in [
            "",
            "zh",
            "zh-CN",
            "zh-Hans",
            "zh-Hans-TW",
            "fr",
            "english",
            "*",
        ] {
            assert_eq!(Language::parse(tag), None, "{tag}");
        }
    }

    #[test]
    fn r_org_09_language_from_accept_language() {
        use Language::*;
        for (header, lang) in [
            ("", En),
            ("zh-TW,zh;q=0.9,en-US;q=0.8,en;q=0.7", ZhTw),
            ("en-US,en;q=0.9,zh-TW;q=0.8", En),
            ("fr-FR, zh-Hant;q=0.5, en;q=0.4", ZhTw),
            ("en;q=0.4, zh-TW;q=0.5", ZhTw),
            ("en;q=0.5, zh-TW;q=0.5", En),
            ("zh-TW;q=0, en;q=0.1", En),
            ("zh-CN, de", En),
            ("zh-TW;q=2, fr", En),
            ("zh-TW ; Q=1.000", ZhTw),
            ("ja,en-US;q=0.9", Ja),
            ("en;q=0.9, ja-JP;q=0.8", En),
            ("*", En),
            (",,;;", En),
        ] {
            assert_eq!(Language::from_accept_language(header), lang, "{header}");
        }
    }

    #[test]
    fn q_values() {
        assert_eq!(parse_q_value("1"), Some(1000));
        assert_eq!(parse_q_value("1.000"), Some(1000));
        assert_eq!(parse_q_value("0.8"), Some(800));
        assert_eq!(parse_q_value("0.123"), Some(123));
        assert_eq!(parse_q_value("0"), Some(0));
        for bad in ["", "1.5", "0.1234", "2", "-1", "0.x", ".5"] {
            assert_eq!(parse_q_value(bad), None, "{bad}");
        }
    }

    #[test]
    fn r_org_05_country_list_is_sorted_unique_and_complete() {
        let codes = Country::all();
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
        assert!(codes
            .iter()
            .all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())));
        for required in [
            "TW", "AU", "DE", "US", "GB", "JP", "KR", "CN", "HK", "SG", "FR", "NL", "IT", "ES",
            "SE", "NO", "FI", "DK", "IE", "CH", "AT", "BE", "PL", "PT", "CZ", "NZ", "CA", "MX",
            "BR", "IN", "TH", "VN", "MY", "PH", "ID", "IS", "LI",
        ] {
            assert!(codes.contains(&required), "{required}");
        }
    }

    #[test]
    fn r_org_05_country_parse() {
        assert_eq!(Country::parse(" tw ").unwrap().code(), "TW");
        for bad in ["", "XX", "TWN", "Taiwan", "T"] {
            assert_eq!(Country::parse(bad), Err(CountryError::Unknown), "{bad:?}");
        }
        assert_eq!(CountryError::Unknown.code(), "country_unknown");
    }

    #[test]
    fn r_org_05_country_serde_is_the_code() {
        let c: Country = deserialize_string("nl").unwrap();
        assert_eq!(c, Country::parse("NL").unwrap());
        assert_eq!(String::from(c), "NL");
        assert!(deserialize_string::<Country>("ZZ").is_err());
    }

    proptest! {
        #[test]
        fn every_listed_country_parses_to_itself(i in 0..COUNTRIES.len()) {
            let code = COUNTRIES[i];
            let c = Country::parse(&code.to_lowercase()).unwrap();
            prop_assert_eq!(c.code(), code);
        }

        #[test]
        fn password_policy_matches_char_count(s in "\\PC{0,140}") {
            let n = s.chars().count();
            prop_assert_eq!(Password::parse(&s).is_ok(), (12..=128).contains(&n));
        }
    }
}
