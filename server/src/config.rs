//! Typed configuration from `BC_…` environment variables. Secrets (the
//! database password, the SMTP URL, `BC_SECRET`) are never logged as given.
//! Production is the default: demo data and the open mailbox only when
//! asked for.

use std::net::SocketAddr;

use backend::services::is_https;

use crate::proxies::TrustedProxies;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Demo data, the local mailbox and the movable test clock.
    Demo,
    Production,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub addr: SocketAddr,
    /// `scheme://host[:port][/path]` without a trailing slash; the scheme
    /// in lower case.
    pub public_url: String,
    pub mode: Mode,
    pub trusted_proxies: TrustedProxies,
    pub smtp_url: Option<String>,
    /// A PEM file of one more CA to trust for the SMTP relay.
    pub smtp_ca_file: Option<String>,
    pub mail_from: String,
    /// `BC_SECRET`, the signing key; unset, the database keeps one.
    pub secret: Option<backend::Secret>,
    /// Who may read `/metrics`: with `BC_METRICS_TOKEN`, its bearers; else
    /// only this machine.
    pub metrics_access: crate::MetricsAccess,
}

impl Config {
    /// `default_addr` comes from the Leptos settings (cargo-leptos `site-addr`).
    pub fn from_env(default_addr: SocketAddr) -> Result<Config, String> {
        Config::from_vars(|name| std::env::var(name).ok(), default_addr)
    }

    /// The same, reading the variables through `var` (tests pass a map).
    pub fn from_vars(
        var: impl Fn(&str) -> Option<String>,
        default_addr: SocketAddr,
    ) -> Result<Config, String> {
        let var = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        let addr = match var("BC_ADDR") {
            Some(a) => a.parse().map_err(|e| format!("BC_ADDR={a}: {e}"))?,
            None => default_addr,
        };
        let mode = match var("BC_MODE").as_deref().map(str::trim) {
            None | Some("production") => Mode::Production,
            Some("demo") => Mode::Demo,
            Some(other) => return Err(format!("BC_MODE={other}: expected production or demo")),
        };
        let public_url = match var("BC_PUBLIC_URL") {
            Some(url) => public_url(&url)?,
            None => format!("http://{addr}"),
        };
        // Demo accounts have a published password and the mailbox shows
        // every invitation link: never on a public (https) address.
        if mode == Mode::Demo && is_https(&public_url) {
            return Err(format!(
                "BC_MODE=demo refuses to serve the public address {public_url}: \
                 demo accounts have a published password (use BC_MODE=production)"
            ));
        }
        let trusted_proxies = match var("BC_TRUSTED_PROXIES") {
            Some(list) => {
                TrustedProxies::parse(&list).map_err(|e| format!("BC_TRUSTED_PROXIES: {e}"))?
            }
            None => TrustedProxies::none(),
        };
        Ok(Config {
            database_url: var("BC_DATABASE_URL")
                .unwrap_or_else(|| "sqlite://data/business-center.db".into()),
            public_url,
            addr,
            mode,
            trusted_proxies,
            smtp_url: var("BC_SMTP_URL"),
            smtp_ca_file: var("BC_SMTP_CA_FILE"),
            metrics_access: crate::MetricsAccess::from_token(var("BC_METRICS_TOKEN"))?,
            mail_from: var("BC_MAIL_FROM")
                .unwrap_or_else(|| "Business Center <no-reply@localhost>".into()),
            secret: var("BC_SECRET")
                .map(|s| backend::Secret::given(&s).map_err(|e| e.to_string()))
                .transpose()?,
        })
    }
}

/// `BC_PUBLIC_URL`, checked: http or https (any case) and a host.
fn public_url(url: &str) -> Result<String, String> {
    let url = url.trim().trim_end_matches('/');
    let invalid = || format!("BC_PUBLIC_URL={url}: expected http://host[:port] or https://…");
    let (scheme, rest) = url.split_once("://").ok_or_else(invalid)?;
    let scheme = scheme.to_ascii_lowercase();
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if !matches!(scheme.as_str(), "http" | "https") || host.is_empty() || host.contains('@') {
        return Err(invalid());
    }
    Ok(format!("{scheme}://{rest}"))
}

/// The origin (`scheme://host[:port]`, in lower case, without the scheme's
/// default port) that a browser sends in `Origin` for pages under `url`.
pub fn origin_of(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let scheme = scheme.to_ascii_lowercase();
    let authority = rest
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    let authority = authority.strip_suffix(default_port).unwrap_or(&authority);
    format!("{scheme}://{authority}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, String> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_vars(
            |name| vars.get(name).cloned(),
            "127.0.0.1:3000".parse().unwrap(),
        )
    }

    #[test]
    fn production_is_the_default() {
        let c = config(&[]).unwrap();
        assert_eq!(c.mode, Mode::Production);
        assert_eq!(c.public_url, "http://127.0.0.1:3000");
        assert_eq!(c.database_url, "sqlite://data/business-center.db");
        assert!(c.trusted_proxies.is_empty());
        assert_eq!(config(&[("BC_MODE", " ")]).unwrap().mode, Mode::Production);
        assert_eq!(
            config(&[("BC_MODE", "production")]).unwrap().mode,
            Mode::Production
        );
        assert_eq!(config(&[("BC_MODE", "demo")]).unwrap().mode, Mode::Demo);
        assert!(config(&[("BC_MODE", "Demo!")]).is_err());
    }

    #[test]
    fn demo_mode_refuses_a_public_https_address() {
        for url in [
            "https://bc.example.com",
            "HTTPS://bc.example.com/",
            "Https://x",
        ] {
            let refused = config(&[("BC_MODE", "demo"), ("BC_PUBLIC_URL", url)]);
            assert!(refused.is_err(), "{url}");
            let production = config(&[("BC_PUBLIC_URL", url)]).unwrap();
            assert_eq!(production.mode, Mode::Production);
            assert!(is_https(&production.public_url), "{url}");
        }
        let local = config(&[
            ("BC_MODE", "demo"),
            ("BC_PUBLIC_URL", "http://localhost:3000"),
        ]);
        assert_eq!(local.unwrap().public_url, "http://localhost:3000");
    }

    #[test]
    fn public_url_is_checked_and_normalized() {
        let c = config(&[("BC_PUBLIC_URL", "HTTPS://Portal.Example.com/bc/")]).unwrap();
        assert_eq!(c.public_url, "https://Portal.Example.com/bc");
        for bad in ["portal.example.com", "ftp://x", "https://", "https://u:p@x"] {
            assert!(config(&[("BC_PUBLIC_URL", bad)]).is_err(), "{bad}");
        }
    }

    #[test]
    fn origin_is_what_a_browser_sends() {
        assert_eq!(
            origin_of("https://Portal.Example.com/bc"),
            "https://portal.example.com"
        );
        assert_eq!(origin_of("https://x.example:443"), "https://x.example");
        assert_eq!(
            origin_of("https://x.example:8443/"),
            "https://x.example:8443"
        );
        assert_eq!(origin_of("http://127.0.0.1:80"), "http://127.0.0.1");
        assert_eq!(origin_of("http://127.0.0.1:3000"), "http://127.0.0.1:3000");
    }

    #[test]
    fn trusted_proxies_are_read() {
        let c = config(&[("BC_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.7")]).unwrap();
        assert!(c.trusted_proxies.contains("10.1.2.3".parse().unwrap()));
        assert!(c.trusted_proxies.contains("192.168.1.7".parse().unwrap()));
        assert!(!c.trusted_proxies.contains("192.168.1.8".parse().unwrap()));
        assert!(config(&[("BC_TRUSTED_PROXIES", "10.0.0.0/33")]).is_err());
    }
}
