//! The common shape of domain errors.

/// Every domain error has a stable machine code (snake_case, e.g. `"email_invalid"`).
///
/// The UI's i18n tables and the API are keyed by this code rather than by the
/// English `Display` text, so wording can change without breaking either.
pub trait ErrorCode {
    /// The stable snake_case code of this error.
    fn code(&self) -> &'static str;
}
