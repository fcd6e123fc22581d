//! The use cases' error type. Every variant maps to one HTTP status and one
//! stable code; a database failure is never turned into "not found".

use domain::FieldError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not signed in")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("too many attempts, try again later")]
    RateLimited,
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A ledger entry found no invoice to be written on (R-BIL-01): the
    /// change it billed was rolled back with it rather than committed unbilled.
    #[error("a ledger entry found no invoice; the change was rolled back")]
    InvoiceMissing,
    #[error("internal error: {0}")]
    Internal(String),
}

/// A refused commit of a preview (R-SUB-10, R-SUB-22), shown on its form.
impl From<domain::PreviewError> for Error {
    fn from(e: domain::PreviewError) -> Error {
        Error::Invalid(vec![e.field_error()])
    }
}

impl Error {
    /// One invalid field.
    pub fn field(field: &str, code: &impl domain::ErrorCode) -> Error {
        Error::Invalid(vec![FieldError::new(field, code)])
    }

    pub fn field_code(field: &str, code: &str) -> Error {
        Error::Invalid(vec![FieldError::from_code(field, code)])
    }

    pub fn status(&self) -> u16 {
        match self {
            Error::Unauthenticated => 401,
            Error::Forbidden => 403,
            Error::NotFound => 404,
            Error::Invalid(_) => 422,
            Error::Conflict(_) => 409,
            Error::RateLimited => 429,
            Error::Database(_) | Error::InvoiceMissing | Error::Internal(_) => 500,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Collects field errors while parsing a form, so the user sees all of them at once.
#[derive(Default)]
pub struct Fields(Vec<FieldError>);

impl Fields {
    pub fn check<T, E: domain::ErrorCode>(
        &mut self,
        field: &str,
        parsed: std::result::Result<T, E>,
    ) -> Option<T> {
        match parsed {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(FieldError::new(field, &e));
                None
            }
        }
    }

    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    pub fn finish(self) -> Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(self.0))
        }
    }
}

pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}
