//! Support requests for a refund (R-SW-08). When the cancel dialog cannot
//! cancel an order (its 60 days have passed, or the catalog marks a product
//! "support only"), it links here: the partner asks the provider's operators
//! for the refund, with the order and the amount it asks for, and may attach
//! evidence; the operators answer, and the partner sees the status.

use serde::{Deserialize, Serialize};

use crate::account::PersonName;
use crate::email::Email;
use crate::error::ErrorCode;
use crate::field_error::FieldError;
use crate::money::{Currency, Money};

/// A fieldless enum whose values are stored and posted as stable codes.
macro_rules! coded {
    ($(#[$meta:meta])* pub enum $name:ident { $($variant:ident => $code:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $(#[serde(rename = $code)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            pub fn parse(code: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.code() == code)
            }
        }
    };
}

coded! {
    /// Why a request is filed: a partner's refund of a purchase on behalf
    /// of a customer (the support form's one type, R-SW-08), or the
    /// cancellation of a membership benefits package with its refund
    /// (R-MPN-07, filed by the Benefits page).
    pub enum IssueType {
        CspRefund => "csp_purchase_refund",
        MembershipRefund => "membership_refund",
    }
}

coded! {
    /// How much the customer's business is affected.
    pub enum Impact {
        Critical => "critical",
        Moderate => "moderate",
        Minimal => "minimal",
    }
}

coded! {
    /// Where a request stands: filed (`Open`), being looked at, or closed
    /// with an answer either way.
    pub enum SupportStatus {
        Open => "open",
        InProgress => "in_progress",
        Resolved => "resolved",
        Declined => "declined",
    }
}

impl SupportStatus {
    pub fn is_closed(self) -> bool {
        matches!(self, SupportStatus::Resolved | SupportStatus::Declined)
    }
}

/// Why a request (or one of its attachments) is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SupportRequestError {
    #[error("choose the issue type")]
    IssueTypeUnknown,
    #[error("choose the impact")]
    ImpactUnknown,
    #[error("enter a title")]
    TitleMissing,
    #[error("the title is longer than 120 characters")]
    TitleTooLong,
    #[error("enter the customer's tenant or domain")]
    TenantMissing,
    #[error("enter the reason for the refund")]
    ReasonMissing,
    #[error("enter the amount as a number with at most the currency's decimals")]
    AmountInvalid,
    #[error("the amount is more than the order's refundable amount")]
    AmountTooHigh,
    #[error("enter a description")]
    DescriptionMissing,
    #[error("the text is too long")]
    TextTooLong,
    #[error("enter a phone number of 7 to 15 digits")]
    PhoneInvalid,
    #[error("at most 3 attachments")]
    TooManyAttachments,
    #[error("an attachment is empty")]
    AttachmentEmpty,
    #[error("an attachment is larger than 2 MiB")]
    AttachmentTooLarge,
    #[error("attachments must be PDF, PNG, JPEG or plain text")]
    AttachmentType,
    #[error("the attachment's file name is not allowed")]
    AttachmentName,
}

crate::error_codes! {
    SupportRequestError {
        Self::IssueTypeUnknown => "support_issue_type_unknown",
        Self::ImpactUnknown => "support_impact_unknown",
        Self::TitleMissing => "support_title_missing",
        Self::TitleTooLong => "support_title_too_long",
        Self::TenantMissing => "support_tenant_missing",
        Self::ReasonMissing => "support_reason_missing",
        Self::AmountInvalid => "support_amount_invalid",
        Self::AmountTooHigh => "support_amount_too_high",
        Self::DescriptionMissing => "support_description_missing",
        Self::TextTooLong => "support_text_too_long",
        Self::PhoneInvalid => "support_phone_invalid",
        Self::TooManyAttachments => "support_too_many_attachments",
        Self::AttachmentEmpty => "support_attachment_empty",
        Self::AttachmentTooLarge => "support_attachment_too_large",
        Self::AttachmentType => "support_attachment_type",
        Self::AttachmentName => "support_attachment_name",
    }
}

pub const TITLE_MAX_CHARS: usize = 120;
/// The limit of the other free texts (tenant, reason, description).
pub const TEXT_MAX_CHARS: usize = 4000;

/// What the support form posts (R-SW-08), as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportRequestForm {
    pub order_id: i64,
    pub issue_type: String,
    pub impact: String,
    pub title: String,
    /// The customer's tenant or domain.
    pub tenant: String,
    pub reason: String,
    /// The amount requested, as a decimal in the order's currency.
    pub amount: String,
    pub description: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
}

/// A request whose every field is valid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupportRequest {
    pub order_id: i64,
    pub issue_type: IssueType,
    pub impact: Impact,
    pub title: String,
    pub tenant: String,
    pub reason: String,
    pub amount: Money,
    pub description: String,
    pub contact_name: PersonName,
    pub contact_email: Email,
    pub contact_phone: Phone,
}

/// Parses the form for an order whose currency is `currency` and of which
/// `refundable` is still unrefunded: every field's error at once. The
/// amount is more than zero and at most `refundable`.
pub fn parse_support_request(
    form: &SupportRequestForm,
    refundable: Money,
) -> Result<SupportRequest, Vec<FieldError>> {
    // The form files refunds on behalf of a customer; a package's
    // cancellation is filed by the Benefits page (R-MPN-07).
    let issue_type = IssueType::parse(&form.issue_type)
        .filter(|t| *t == IssueType::CspRefund)
        .ok_or(SupportRequestError::IssueTypeUnknown);
    let impact = Impact::parse(&form.impact).ok_or(SupportRequestError::ImpactUnknown);
    let title = text(
        &form.title,
        TITLE_MAX_CHARS,
        SupportRequestError::TitleMissing,
    )
    .map_err(|e| match e {
        SupportRequestError::TextTooLong => SupportRequestError::TitleTooLong,
        e => e,
    });
    let tenant = text(
        &form.tenant,
        TEXT_MAX_CHARS,
        SupportRequestError::TenantMissing,
    );
    let reason = text(
        &form.reason,
        TEXT_MAX_CHARS,
        SupportRequestError::ReasonMissing,
    );
    let description = text(
        &form.description,
        TEXT_MAX_CHARS,
        SupportRequestError::DescriptionMissing,
    );
    let amount = match parse_amount(&form.amount, refundable.currency) {
        Some(a) if a.minor > refundable.minor => Err(SupportRequestError::AmountTooHigh),
        Some(a) if a.minor > 0 => Ok(a),
        _ => Err(SupportRequestError::AmountInvalid),
    };
    let contact_name = PersonName::parse(&form.contact_name);
    let contact_email = Email::parse(&form.contact_email);
    let contact_phone = Phone::parse(&form.contact_phone);
    let errors: Vec<FieldError> = [
        ("issue_type", refusal(&issue_type)),
        ("impact", refusal(&impact)),
        ("title", refusal(&title)),
        ("tenant", refusal(&tenant)),
        ("reason", refusal(&reason)),
        (
            "amount",
            refusal(&amount).map(|e| match amount {
                Err(SupportRequestError::AmountTooHigh) => e.with("max", refundable.to_string()),
                _ => e,
            }),
        ),
        ("description", refusal(&description)),
        ("contact_name", refusal(&contact_name)),
        ("contact_email", refusal(&contact_email)),
        ("contact_phone", refusal(&contact_phone)),
    ]
    .into_iter()
    .filter_map(|(field, e)| {
        e.map(|e| FieldError {
            field: field.into(),
            ..e
        })
    })
    .collect();
    match (
        issue_type,
        impact,
        title,
        tenant,
        reason,
        amount,
        description,
        contact_name,
        contact_email,
        contact_phone,
    ) {
        (
            Ok(issue_type),
            Ok(impact),
            Ok(title),
            Ok(tenant),
            Ok(reason),
            Ok(amount),
            Ok(description),
            Ok(contact_name),
            Ok(contact_email),
            Ok(contact_phone),
        ) => Ok(SupportRequest {
            order_id: form.order_id,
            issue_type,
            impact,
            title,
            tenant,
            reason,
            amount,
            description,
            contact_name,
            contact_email,
            contact_phone,
        }),
        _ => Err(errors),
    }
}

/// The error of `r`, for no field yet.
fn refusal<T, E: ErrorCode>(r: &Result<T, E>) -> Option<FieldError> {
    r.as_ref().err().map(|e| FieldError::new("", e))
}

/// R-SW-08: what a purchase that `paid` can still be refunded: less the
/// credit (minor units) its cancel gave, if any; never below zero.
pub fn not_credited(paid: Money, credit: Option<i64>) -> Money {
    Money::new((paid.minor - credit.unwrap_or(0)).max(0), paid.currency)
}

/// A required free text: trimmed, 1..=`max` characters, no control
/// characters but line breaks and tabs (they are stripped otherwise).
fn text(s: &str, max: usize, missing: SupportRequestError) -> Result<String, SupportRequestError> {
    let s: String = s
        .trim()
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect();
    if s.is_empty() {
        Err(missing)
    } else if s.chars().count() > max {
        Err(SupportRequestError::TextTooLong)
    } else {
        Ok(s)
    }
}

/// `"1234.5"` in a currency with 2 decimals is 123 450 minor units; no
/// sign, no grouping, at most the currency's decimals. `None` otherwise.
pub fn parse_amount(s: &str, currency: Currency) -> Option<Money> {
    let s = s.trim();
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = currency.minor_digits() as usize;
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || int.len() > 12 || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    if frac.len() > digits || (s.contains('.') && frac.is_empty()) {
        return None;
    }
    let scale = 10i64.pow(digits as u32);
    let frac_minor = if frac.is_empty() {
        0
    } else {
        frac.parse::<i64>().ok()? * 10i64.pow((digits - frac.len()) as u32)
    };
    Some(Money::new(
        int.parse::<i64>().ok()? * scale + frac_minor,
        currency,
    ))
}

/// A contact phone number as typed (`+886 2 1234-5678`): 7 to 15 digits
/// (E.164's most), an optional leading `+`, and spaces, dashes, dots and
/// parentheses between them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(s: &str) -> Result<Phone, SupportRequestError> {
        let s = s.trim();
        let body = s.strip_prefix('+').unwrap_or(s);
        let digits = body.bytes().filter(u8::is_ascii_digit).count();
        let allowed = body
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'-' | b'.' | b'(' | b')'));
        if allowed && (7..=15).contains(&digits) {
            Ok(Phone(s.to_string()))
        } else {
            Err(SupportRequestError::PhoneInvalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// R-SW-08's "optional attachments": at most this many per request …
pub const MAX_ATTACHMENTS: usize = 3;
/// … each at most 2 MiB.
pub const MAX_ATTACHMENT_BYTES: usize = 2 * 1024 * 1024;

coded! {
    /// The files a request may carry: what an operator can open safely.
    pub enum AttachmentKind {
        Pdf => "pdf",
        Png => "png",
        Jpeg => "jpeg",
        Text => "text",
    }
}

impl AttachmentKind {
    /// The type the file is served with.
    pub fn mime(self) -> &'static str {
        match self {
            AttachmentKind::Pdf => "application/pdf",
            AttachmentKind::Png => "image/png",
            AttachmentKind::Jpeg => "image/jpeg",
            AttachmentKind::Text => "text/plain; charset=utf-8",
        }
    }

    fn of_extension(ext: &str) -> Option<AttachmentKind> {
        match ext.to_ascii_lowercase().as_str() {
            "pdf" => Some(AttachmentKind::Pdf),
            "png" => Some(AttachmentKind::Png),
            "jpg" | "jpeg" => Some(AttachmentKind::Jpeg),
            "txt" | "csv" | "log" => Some(AttachmentKind::Text),
            _ => None,
        }
    }

    /// Whether `bytes` really are such a file (their first bytes; a text is
    /// UTF-8 without NUL).
    fn matches(self, bytes: &[u8]) -> bool {
        match self {
            AttachmentKind::Pdf => bytes.starts_with(b"%PDF-"),
            AttachmentKind::Png => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            AttachmentKind::Jpeg => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
            AttachmentKind::Text => !bytes.contains(&0) && std::str::from_utf8(bytes).is_ok(),
        }
    }
}

/// Checks one attachment: a plain file name (no path, no control
/// characters, ≤ 200 characters) whose extension names an allowed kind, 1
/// byte to 2 MiB, and content that is what the extension says. The kind
/// comes from both, so a renamed executable is refused.
pub fn check_attachment(name: &str, bytes: &[u8]) -> Result<AttachmentKind, SupportRequestError> {
    let plain = !name.is_empty()
        && name.chars().count() <= 200
        && !name.starts_with('.')
        && !name
            .chars()
            .any(|c| c.is_control() || matches!(c, '/' | '\\' | '"'));
    if !plain {
        return Err(SupportRequestError::AttachmentName);
    }
    if bytes.is_empty() {
        return Err(SupportRequestError::AttachmentEmpty);
    }
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(SupportRequestError::AttachmentTooLarge);
    }
    name.rsplit_once('.')
        .and_then(|(_, ext)| AttachmentKind::of_extension(ext))
        .filter(|kind| kind.matches(bytes))
        .ok_or(SupportRequestError::AttachmentType)
}

/// Why an operator's answer is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SupportAnswerError {
    #[error("the request is closed")]
    Closed,
    #[error("choose in progress, resolved or declined")]
    StatusInvalid,
    #[error("write the answer the partner will read")]
    AnswerMissing,
}

crate::error_codes! {
    SupportAnswerError {
        Self::Closed => "support_request_closed",
        Self::StatusInvalid => "support_status_invalid",
        Self::AnswerMissing => "support_answer_missing",
    }
}

/// An operator's answer to a request now at `from`: a new status other
/// than `Open` and a text; a closed request takes no more answers. Gives
/// the status and the trimmed answer.
pub fn answer_support_request(
    from: SupportStatus,
    to: &str,
    answer: &str,
) -> Result<(SupportStatus, String), FieldError> {
    if from.is_closed() {
        return Err(FieldError::new("", &SupportAnswerError::Closed));
    }
    let to = SupportStatus::parse(to)
        .filter(|s| *s != SupportStatus::Open)
        .ok_or_else(|| FieldError::new("status", &SupportAnswerError::StatusInvalid))?;
    let answer = text(
        answer,
        TEXT_MAX_CHARS,
        SupportRequestError::DescriptionMissing,
    )
    .map_err(|e| match e {
        SupportRequestError::TextTooLong => FieldError::new("answer", &e),
        _ => FieldError::new("answer", &SupportAnswerError::AnswerMissing),
    })?;
    Ok((to, answer))
}

#[cfg(test)]
mod tests;
