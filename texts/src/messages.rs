//! The `messages!` table: one associated constant per text, so that only
//! the texts code actually uses are linked into the browser bundle.

/// A table of texts: `Key => "English", "zh-TW";`, with `, ja: "…"` where
/// the Japanese is written (elsewhere it falls back to English). A column
/// `lang: "…"` calls `Text::lang`, so a new language needs no change here.
///
/// `Name for Enum { … }` keys the table by the variants of `Enum` and adds
/// `Name::of(variant)`: a variant without a text does not compile.
///
/// In tests, `Name::ALL` lists every key with its text (kept out of the
/// build so that it does not link every text).
///
/// `const NAME { "code" => "English", "zh-TW"; … }` is a table looked up by
/// a string at run time (an error code's text): a `&[(code, Text)]`.
#[macro_export]
macro_rules! messages {
    ($name:ident { $($key:ident => $en:expr, $zh:expr $(, $lang:ident: $text:expr)*;)* }) => {
        pub struct $name;

        #[allow(non_upper_case_globals)]
        impl $name {
            $(pub const $key: $crate::Text = $crate::Text::new($en, $zh)$(.$lang($text))*;)*

            #[cfg(test)]
            pub const ALL: &'static [(&'static str, $crate::Text)] =
                &[$((stringify!($key), $name::$key)),*];
        }
    };
    ($vis:vis const $name:ident { $($code:literal => $en:expr, $zh:expr $(, $lang:ident: $text:expr)*;)* }) => {
        $vis const $name: &[(&str, $crate::Text)] =
            &[$(($code, $crate::Text::new($en, $zh)$(.$lang($text))*)),*];
    };
    ($name:ident for $enum:ident { $($key:ident => $en:expr, $zh:expr $(, $lang:ident: $text:expr)*;)* }) => {
        $crate::messages! { $name { $($key => $en, $zh $(, $lang: $text)*;)* } }

        impl $name {
            pub const fn of(value: $enum) -> $crate::Text {
                match value {
                    $($enum::$key => $name::$key,)*
                }
            }
        }
    };
}
