//! `BC_SMTP_URL`, read once at start:
//!
//! | scheme | connection | default port |
//! |---|---|---|
//! | `smtps://` | TLS from the first byte (implicit TLS) | 465 |
//! | `smtp+starttls://` | plain, then `STARTTLS`, required before anything is sent | 587 |
//! | `smtp://` | plain text: only to this machine (`localhost`, `127.0.0.1`, `::1`) | 25 |
//!
//! Credentials are the URL's user and password, percent-decoded
//! (`smtps://mailer%40example.com:p%40ss@mail.example.com`). No error
//! message repeats the password.

use std::net::IpAddr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Security {
    Plain,
    StartTls,
    ImplicitTls,
}

#[derive(Clone, PartialEq, Eq)]
pub struct SmtpUrl {
    pub security: Security,
    pub host: String,
    pub port: u16,
    /// User and password.
    pub credentials: Option<(String, String)>,
}

impl std::fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpUrl")
            .field("security", &self.security)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.credentials.as_ref().map(|(user, _)| user))
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SmtpUrlError {
    #[error("expected smtps://, smtp+starttls:// or smtp:// (to localhost only)")]
    Scheme,
    #[error("not a URL: {0}")]
    Syntax(String),
    #[error("no host")]
    NoHost,
    #[error("smtp:// sends mail and passwords in plain text: only to localhost; use smtps:// or smtp+starttls:// for {0}")]
    PlainToRemote(String),
    #[error("a user name or password that is not valid UTF-8 after percent-decoding")]
    Credentials,
    #[error(
        "unexpected path, query or fragment: the URL names only the server and the credentials"
    )]
    Extra,
}

pub fn parse(url: &str) -> Result<SmtpUrl, SmtpUrlError> {
    let (scheme, _) = url.split_once("://").ok_or(SmtpUrlError::Scheme)?;
    let (security, default_port) = match scheme.to_ascii_lowercase().as_str() {
        "smtps" => (Security::ImplicitTls, 465),
        "smtp+starttls" => (Security::StartTls, 587),
        "smtp" => (Security::Plain, 25),
        _ => return Err(SmtpUrlError::Scheme),
    };
    // The url crate's own message never contains the input.
    let parsed = url::Url::parse(url).map_err(|e| SmtpUrlError::Syntax(e.to_string()))?;
    if !matches!(parsed.path(), "" | "/") || parsed.query().is_some() || parsed.fragment().is_some()
    {
        return Err(SmtpUrlError::Extra);
    }
    let host = match parsed.host() {
        Some(url::Host::Ipv6(ip)) => ip.to_string(),
        Some(host) => host.to_string(),
        None => return Err(SmtpUrlError::NoHost),
    };
    if host.is_empty() {
        return Err(SmtpUrlError::NoHost);
    }
    if security == Security::Plain && !is_local(&host) {
        return Err(SmtpUrlError::PlainToRemote(host));
    }
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8()
            .map(|d| d.into_owned())
            .map_err(|_| SmtpUrlError::Credentials)
    };
    let credentials = match (parsed.username(), parsed.password()) {
        ("", None) => None,
        (user, password) => Some((decode(user)?, decode(password.unwrap_or_default())?)),
    };
    Ok(SmtpUrl {
        security,
        host,
        port: parsed.port().unwrap_or(default_port),
        credentials,
    })
}

fn is_local(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<IpAddr>()
            .is_ok_and(|ip: IpAddr| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_not_01_schemes_choose_the_connection_and_default_port() {
        let u = parse("smtps://mail.example.com").unwrap();
        assert_eq!(
            (u.security, u.host.as_str(), u.port),
            (Security::ImplicitTls, "mail.example.com", 465)
        );
        let u = parse("smtp+starttls://mail.example.com").unwrap();
        assert_eq!((u.security, u.port), (Security::StartTls, 587));
        let u = parse("SMTPS://mail.example.com:2465/").unwrap();
        assert_eq!((u.security, u.port), (Security::ImplicitTls, 2465));
        let u = parse("smtp://localhost").unwrap();
        assert_eq!(
            (u.security, u.port, u.credentials),
            (Security::Plain, 25, None)
        );
    }

    #[test]
    fn r_not_01_plain_text_only_to_this_machine() {
        for local in [
            "smtp://localhost:2525",
            "smtp://127.0.0.1",
            "smtp://127.0.0.2:25",
            "smtp://[::1]:25",
        ] {
            assert_eq!(parse(local).unwrap().security, Security::Plain, "{local}");
        }
        assert_eq!(parse("smtp://[::1]:25").unwrap().host, "::1");
        for remote in [
            "smtp://mail.example.com",
            "smtp://10.0.0.5:25",
            "smtp://localhost.example.com",
        ] {
            assert!(
                matches!(parse(remote), Err(SmtpUrlError::PlainToRemote(_))),
                "{remote}"
            );
        }
    }

    #[test]
    fn r_not_01_credentials_are_percent_decoded() {
        let u = parse("smtps://mailer%40example.com:p%40ss%3Aw%2Ford@mail.example.com").unwrap();
        assert_eq!(
            u.credentials,
            Some(("mailer@example.com".into(), "p@ss:w/ord".into()))
        );
        // Its Debug (logged with the configuration) hides the password.
        assert!(!format!("{u:?}").contains("p@ss"));
        let u = parse("smtp+starttls://apikey@mail.example.com").unwrap();
        assert_eq!(u.credentials, Some(("apikey".into(), String::new())));
        let u = parse("smtps://u:s%C3%A9cret@mail.example.com").unwrap();
        assert_eq!(u.credentials.unwrap().1, "sécret");
        assert_eq!(
            parse("smtps://u:%FF@mail.example.com"),
            Err(SmtpUrlError::Credentials)
        );
    }

    #[test]
    fn r_not_01_bad_urls_are_refused_without_repeating_the_password() {
        for (url, expected) in [
            ("mail.example.com:25", SmtpUrlError::Scheme),
            ("imap://mail.example.com", SmtpUrlError::Scheme),
            ("smtps://", SmtpUrlError::NoHost),
            ("smtp+starttls://mail.example.com/x", SmtpUrlError::Extra),
            ("smtp://mail.example.com?tls=required", SmtpUrlError::Extra),
        ] {
            assert_eq!(parse(url), Err(expected), "{url}");
        }
        let e = parse("smtps://u:hunter2@mail.example.com:99999").unwrap_err();
        assert!(matches!(e, SmtpUrlError::Syntax(_)));
        assert!(!e.to_string().contains("hunter2"), "{e}");
        let e = parse("smtp://u:hunter2@mail.example.com").unwrap_err();
        assert!(!e.to_string().contains("hunter2"), "{e}");
    }
}
