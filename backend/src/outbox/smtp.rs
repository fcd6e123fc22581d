//! The SMTP client: TLS by rustls (implicit TLS or a required STARTTLS; see
//! `smtp_url` for `BC_SMTP_URL`), certificates checked against the system's
//! trust store plus, optionally, one more CA (`BC_SMTP_CA_FILE`, for a relay
//! with a private CA). Plain text only to this machine.

use lettre::message::{header::ContentType, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::delivery::Claim;
use super::smtp_url::{self, Security};
use crate::error::{Error, Result};

pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The right-hand side of the `Message-ID`s: the sender's domain.
    id_domain: String,
}

/// Why one message was not sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// This message cannot be delivered; trying again will not help.
    Rejected(String),
    /// This message failed for a passing reason (a greylisting 4xx).
    Deferred(String),
    /// The relay could not be reached, or refused the connection or our
    /// credentials: a fault of the set-up, not of this message.
    RelayUnavailable(String),
}

impl Smtp {
    /// `url` is `BC_SMTP_URL`; `from` is `BC_MAIL_FROM`; `extra_ca_pem` the
    /// contents of `BC_SMTP_CA_FILE`, if set.
    pub fn new(url: &str, from: &str, extra_ca_pem: Option<&[u8]>) -> Result<Smtp> {
        let url = smtp_url::parse(url).map_err(|e| Error::Internal(format!("BC_SMTP_URL: {e}")))?;
        let tls = |host: &str| -> Result<TlsParameters> {
            let mut params = TlsParameters::builder(host.to_string());
            if let Some(pem) = extra_ca_pem {
                let ca = Certificate::from_pem(pem)
                    .map_err(|e| Error::Internal(format!("BC_SMTP_CA_FILE: {e}")))?;
                params = params.add_root_certificate(ca);
            }
            params
                .build_rustls()
                .map_err(|e| Error::Internal(format!("SMTP TLS set-up: {e}")))
        };
        let tls = match url.security {
            Security::Plain => Tls::None,
            Security::StartTls => Tls::Required(tls(&url.host)?),
            Security::ImplicitTls => Tls::Wrapper(tls(&url.host)?),
        };
        let timeout = domain::delivery::SEND_TIMEOUT.to_std();
        // "dangerous" only in that the TLS mode is ours to choose, above.
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&url.host)
            .port(url.port)
            .tls(tls)
            .timeout(Some(timeout));
        if let Some((user, password)) = url.credentials {
            builder = builder.credentials(Credentials::new(user, password));
        }
        let from: Mailbox = from
            .parse()
            .map_err(|e| Error::Internal(format!("BC_MAIL_FROM: {e}")))?;
        Ok(Smtp {
            transport: builder.build(),
            id_domain: from.email.domain().to_string(),
            from,
        })
    }

    /// One conversation with the relay for one message.
    pub async fn send(&self, claim: &Claim) -> Result<(), SendError> {
        let to: Mailbox = claim.to.parse().map_err(|e| {
            SendError::Rejected(format!("the recipient address does not parse: {e}"))
        })?;
        let email = lettre::Message::builder()
            .from(self.from.clone())
            .to(to)
            // The same on every attempt, so a receiver can tell a repeat.
            .message_id(Some(format!(
                "<outbox.{}.{}@{}>",
                claim.id,
                claim.created_at.millis(),
                self.id_domain
            )))
            .subject(claim.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(claim.body.clone())
            .map_err(|e| SendError::Rejected(format!("the message cannot be built: {e}")))?;
        self.transport
            .send(email)
            .await
            .map(|_| ())
            .map_err(classify)
    }
}

/// Reply codes that concern the session, not the message: the relay is
/// closing (421) or will not take our credentials (530, 534, 535, 538).
const SESSION_CODES: [&str; 5] = ["421", "530", "534", "535", "538"];

fn classify(e: lettre::transport::smtp::Error) -> SendError {
    let code = e.status().map(|c| c.to_string());
    let text = e.to_string();
    if code.as_deref().is_some_and(|c| SESSION_CODES.contains(&c)) {
        SendError::RelayUnavailable(text)
    } else if e.is_permanent() {
        SendError::Rejected(text)
    } else if e.is_transient() {
        SendError::Deferred(text)
    } else {
        // Connection refused, DNS, TLS (an untrusted certificate), timeouts.
        SendError::RelayUnavailable(text)
    }
}
