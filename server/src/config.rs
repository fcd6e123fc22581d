//! Typed configuration from `BC_…` environment variables. Secrets (the
//! database password, the SMTP URL) are never logged as given.

use std::net::SocketAddr;

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
    pub public_url: String,
    pub mode: Mode,
    pub smtp_url: Option<String>,
    /// A PEM file of one more CA to trust for the SMTP relay.
    pub smtp_ca_file: Option<String>,
    pub mail_from: String,
    /// Who may read `/metrics`: with `BC_METRICS_TOKEN`, its bearers; else
    /// only this machine.
    pub metrics_access: crate::MetricsAccess,
}

impl Config {
    /// `default_addr` comes from the Leptos settings (cargo-leptos `site-addr`).
    pub fn from_env(default_addr: SocketAddr) -> Result<Config, String> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let addr = match var("BC_ADDR") {
            Some(a) => a.parse().map_err(|e| format!("BC_ADDR={a}: {e}"))?,
            None => default_addr,
        };
        let mode = match var("BC_MODE").as_deref() {
            None | Some("demo") => Mode::Demo,
            Some("production") => Mode::Production,
            Some(other) => return Err(format!("BC_MODE={other}: expected demo or production")),
        };
        Ok(Config {
            database_url: var("BC_DATABASE_URL")
                .unwrap_or_else(|| "sqlite://data/business-center.db".into()),
            public_url: var("BC_PUBLIC_URL").unwrap_or_else(|| format!("http://{addr}")),
            addr,
            mode,
            smtp_url: var("BC_SMTP_URL"),
            smtp_ca_file: var("BC_SMTP_CA_FILE"),
            metrics_access: crate::MetricsAccess::from_token(var("BC_METRICS_TOKEN"))?,
            mail_from: var("BC_MAIL_FROM")
                .unwrap_or_else(|| "Business Center <no-reply@localhost>".into()),
        })
    }
}
