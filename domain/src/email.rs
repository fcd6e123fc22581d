//! Work email addresses: the identity people are invited with and sign in
//! with (R-ORG-02, R-ORG-05, R-ORG-06, R-ORG-08).

use crate::{DomainName, DomainNameError};

/// A validated email address in canonical form: trimmed, lower-cased, with the
/// domain part IDNA-normalised to ASCII.
///
/// One canonical form means "Ann@Contoso.com" at invitation and
/// "ann@contoso.com" at sign-in are the same account, and the domain part can
/// be compared directly with associated domains (R-ORG-10).
#[derive(
    Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

/// Why an email address was rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EmailError {
    #[error("the email address is empty")]
    Empty,
    #[error("the email address is longer than 254 characters")]
    TooLong,
    #[error("the email address is not valid")]
    Invalid,
}

crate::error_codes! {
    EmailError {
        Self::Empty => "email_empty",
        Self::TooLong => "email_too_long",
        Self::Invalid => "email_invalid",
    }
}

/// The SMTP limit on a forward path (RFC 5321 §4.5.3.1.3, minus the brackets).
const MAX_LEN: usize = 254;
/// The SMTP limit on the local part (RFC 5321 §4.5.3.1.1).
const MAX_LOCAL_LEN: usize = 64;
/// Characters that only appear in a local part when it is quoted
/// (RFC 5322 "specials"); quoted local parts are not supported because no
/// real work address needs them and they complicate matching.
const SPECIALS: &[char] = &['"', '(', ')', ',', ':', ';', '<', '>', '[', ']', '\\', '@'];

impl Email {
    /// Validates and canonicalises an email address.
    ///
    /// Requires exactly one `@`; a local part of 1–64 characters without
    /// whitespace, control characters, quotes or other specials, and without
    /// leading, trailing or doubled dots; and a domain part that is a valid
    /// [`DomainName`].
    pub fn parse(s: &str) -> Result<Email, EmailError> {
        let trimmed = s.trim();
        if trimmed.is_empty() {
            return Err(EmailError::Empty);
        }
        if trimmed.chars().count() > MAX_LEN {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = trimmed.split_once('@').ok_or(EmailError::Invalid)?;
        // Validate the lower-cased form: lower-casing can change the length
        // ("İ" becomes two chars), and the stored form must re-parse.
        let local = local.to_lowercase();
        if !is_valid_local_part(&local) || domain.chars().any(char::is_whitespace) {
            return Err(EmailError::Invalid);
        }
        let domain = DomainName::parse(domain).map_err(|e| match e {
            DomainNameError::TooLong => EmailError::TooLong,
            _ => EmailError::Invalid,
        })?;
        // IDNA conversion can lengthen the domain, so check again.
        let email = format!("{local}@{}", domain.as_str());
        if email.chars().count() > MAX_LEN {
            return Err(EmailError::TooLong);
        }
        Ok(Email(email))
    }

    /// The canonical address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The canonical ASCII domain part, comparable with a [`DomainName`].
    pub fn domain(&self) -> &str {
        self.split().1
    }

    /// The lower-cased part before the `@`.
    pub fn local_part(&self) -> &str {
        self.split().0
    }

    fn split(&self) -> (&str, &str) {
        // `parse` guarantees exactly one '@'.
        self.0.split_once('@').unwrap_or((&self.0, ""))
    }
}

fn is_valid_local_part(local: &str) -> bool {
    (1..=MAX_LOCAL_LEN).contains(&local.chars().count())
        && !local
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || SPECIALS.contains(&c))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
}

validated_string!(Email, EmailError);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::deserialize_string;
    use crate::ErrorCode;
    use proptest::prelude::*;

    fn ok(s: &str) -> Email {
        Email::parse(s).unwrap()
    }

    fn err(s: &str) -> EmailError {
        Email::parse(s).unwrap_err()
    }

    #[test]
    fn r_org_06_email_is_canonical() {
        let e = ok("  Ann.Lee+bc@Contoso.COM ");
        assert_eq!(e.as_str(), "ann.lee+bc@contoso.com");
        assert_eq!(e.local_part(), "ann.lee+bc");
        assert_eq!(e.domain(), "contoso.com");
        assert_eq!(ok("ann@contoso.com"), ok("ANN@CONTOSO.COM"));
    }

    #[test]
    fn r_org_10_email_domain_is_idna_ascii() {
        let e = ok("Jörg@Bücher.Example");
        assert_eq!(e.as_str(), "jörg@xn--bcher-kva.example");
        assert_eq!(
            e.domain(),
            DomainName::parse("bücher.example").unwrap().as_str()
        );
    }

    #[test]
    fn email_errors() {
        assert_eq!(err(""), EmailError::Empty);
        assert_eq!(err(" \n "), EmailError::Empty);
        for bad in [
            "ann",
            "ann@",
            "@contoso.com",
            "ann@@contoso.com",
            "ann@bob@contoso.com",
            "ann lee@contoso.com",
            "ann@contoso .com",
            "ann@ contoso.com",
            "\"ann\"@contoso.com",
            "ann\u{7}@contoso.com",
            "ann,bob@contoso.com",
            "<ann@contoso.com>",
            ".ann@contoso.com",
            "ann.@contoso.com",
            "ann..lee@contoso.com",
            "ann@contoso",
            "ann@-contoso.com",
            "ann@192.168.0.1",
            "ann@[192.168.0.1]",
        ] {
            assert_eq!(err(bad), EmailError::Invalid, "{bad:?}");
        }
    }

    #[test]
    fn email_length_limits() {
        let local64 = "a".repeat(64);
        assert!(Email::parse(&format!("{local64}@contoso.com")).is_ok());
        assert_eq!(err(&format!("{local64}a@contoso.com")), EmailError::Invalid);

        // 64 + 1 + 189 = 254 is the longest allowed.
        let domain189 = format!("{}.{}.{}", "b".repeat(63), "c".repeat(63), "d".repeat(61));
        assert_eq!(ok(&format!("{local64}@{domain189}")).as_str().len(), 254);
        assert_eq!(err(&format!("{local64}@e{domain189}")), EmailError::TooLong);
        assert_eq!(err(&"a".repeat(300)), EmailError::TooLong);
    }

    #[test]
    fn email_conversions_validate() {
        let e: Email = deserialize_string("Ann@Contoso.com").unwrap();
        assert_eq!(e.to_string(), "ann@contoso.com");
        assert_eq!(String::from(e.clone()), "ann@contoso.com");
        assert_eq!(Email::try_from("ann@contoso.com".to_owned()), Ok(e.clone()));
        assert_eq!("ANN@contoso.com".parse::<Email>(), Ok(e));
        assert!(deserialize_string::<Email>("not an email").is_err());
        assert_eq!(EmailError::Invalid.code(), "email_invalid");
        assert_eq!(EmailError::Empty.code(), "email_empty");
        assert_eq!(EmailError::TooLong.code(), "email_too_long");
    }

    proptest! {
        #[test]
        fn parse_is_idempotent(input in "\\PC{0,40}") {
            if let Ok(first) = Email::parse(&input) {
                prop_assert_eq!(Email::parse(first.as_str()), Ok(first));
            }
        }

        #[test]
        fn generated_addresses_parse(
            local in "[A-Za-z0-9_+-]{1,20}(\\.[A-Za-z0-9_+-]{1,10})?",
            domain in "[A-Za-z0-9]{1,20}\\.[A-Za-z]{2,6}",
        ) {
            let e = Email::parse(&format!("{local}@{domain}"));
            prop_assert!(e.is_ok());
            let e = e.unwrap();
            prop_assert_eq!(e.local_part(), local.to_lowercase());
            prop_assert_eq!(e.domain(), domain.to_lowercase());
        }
    }
}
