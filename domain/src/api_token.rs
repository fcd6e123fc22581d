//! R-API-01: API tokens. A token's secret is `bc_live_` + 32 random base62
//! characters + a 6-character base62 CRC-32 of those: the prefix lets
//! secret scanners recognize a leaked token, the checksum lets them (and
//! the server, before any database read) tell a real one from a typo. A
//! token carries some of its creator's own roles, never more, and expires.

use serde::{Deserialize, Serialize};

use crate::field_error::FieldError;
use crate::roles::{Permission, PermissionSet, Role};
use crate::time::{Span, Timestamp};

pub const TOKEN_PREFIX: &str = "bc_live_";
const BODY_LEN: usize = 32;
const CHECK_LEN: usize = 6;
const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/// The name a token is given, at most this many characters.
pub const TOKEN_NAME_MAX: usize = 80;
/// A token lives 1 to 366 days.
pub const TOKEN_DAYS_MAX: u32 = 366;
/// How many characters of the secret the list shows, after the prefix.
const SHOWN_LEN: usize = 4;

/// A well-formed secret (prefix, length, alphabet and checksum checked).
#[derive(Clone, PartialEq, Eq)]
pub struct TokenSecret(String);

impl std::fmt::Debug for TokenSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TokenSecret({}…)", self.shown())
    }
}

impl TokenSecret {
    /// A secret from random bytes: each byte below 248 (= 4 × 62) gives one
    /// character, so every character is equally likely; `None` when the
    /// bytes run out first (ask for more).
    pub fn from_random(bytes: &[u8]) -> Option<TokenSecret> {
        let body: String = bytes
            .iter()
            .filter(|b| **b < 248)
            .take(BODY_LEN)
            .map(|b| ALPHABET[usize::from(*b % 62)] as char)
            .collect();
        (body.len() == BODY_LEN)
            .then(|| TokenSecret(format!("{TOKEN_PREFIX}{body}{}", checksum(&body))))
    }

    /// Parses what a client sent; anything else is [`ApiTokenError::Malformed`].
    pub fn parse(s: &str) -> Result<TokenSecret, ApiTokenError> {
        let rest = s
            .strip_prefix(TOKEN_PREFIX)
            .ok_or(ApiTokenError::Malformed)?;
        if rest.len() != BODY_LEN + CHECK_LEN || !rest.bytes().all(|b| ALPHABET.contains(&b)) {
            return Err(ApiTokenError::Malformed);
        }
        let (body, check) = rest.split_at(BODY_LEN);
        if checksum(body) != check {
            return Err(ApiTokenError::Malformed);
        }
        Ok(TokenSecret(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What a list shows of it: `bc_live_AbCd`.
    pub fn shown(&self) -> &str {
        &self.0[..TOKEN_PREFIX.len() + SHOWN_LEN]
    }
}

/// CRC-32 (IEEE, as zlib computes it) of `body`, as 6 base62 digits.
fn checksum(body: &str) -> String {
    let mut crc: u32 = !0;
    for byte in body.bytes() {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    let mut n = !crc;
    let mut digits = [b'0'; CHECK_LEN];
    for d in digits.iter_mut().rev() {
        *d = ALPHABET[(n % 62) as usize];
        n /= 62;
    }
    String::from_utf8(digits.to_vec()).expect("base62 digits are ASCII")
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ApiTokenError {
    #[error("the token is not a Business Center API token")]
    Malformed,
    #[error("give the token a name of at most {TOKEN_NAME_MAX} characters")]
    NameInvalid,
    #[error("choose at least one role")]
    NoRoles,
    #[error("a token cannot carry a role you do not hold")]
    RoleNotHeld { role: Role },
    #[error("a token lives 1 to {TOKEN_DAYS_MAX} days")]
    DaysInvalid,
}

crate::error_codes! {
    ApiTokenError {
        Self::Malformed => "api_token_malformed",
        Self::NameInvalid => "api_token_name_invalid",
        Self::NoRoles => "api_token_roles_empty",
        Self::RoleNotHeld { .. } => "api_token_role_not_held",
        Self::DaysInvalid => "api_token_days_invalid",
    }
}

/// The longest `Idempotency-Key` accepted (the draft leaves it to the server).
pub const IDEMPOTENCY_KEY_MAX: usize = 255;

/// R-API-02: an `Idempotency-Key` is 1 to 255 visible ASCII characters.
pub fn is_idempotency_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= IDEMPOTENCY_KEY_MAX && key.bytes().all(|b| b.is_ascii_graphic())
}

/// Who may create and revoke their organization's tokens: its administrators.
pub fn may_manage_tokens(permissions: PermissionSet) -> bool {
    permissions.has(Permission::ManageUsers)
}

/// The create form as posted: role codes as checked, days as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiTokenForm {
    pub name: String,
    #[serde(default)]
    pub roles: Vec<String>,
    pub days: String,
}

/// A valid request for a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenRequest {
    pub name: String,
    pub roles: Vec<Role>,
    pub expires_at: Timestamp,
}

/// Checks the create form against the creator's own roles: every field's
/// error at once, in the form's order.
pub fn parse_token_request(
    form: &ApiTokenForm,
    held: &[Role],
    now: Timestamp,
) -> Result<TokenRequest, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = form.name.trim();
    if name.is_empty()
        || name.chars().count() > TOKEN_NAME_MAX
        || name.chars().any(char::is_control)
    {
        errors.push(FieldError::new("name", &ApiTokenError::NameInvalid));
    }
    let mut roles = Vec::new();
    for code in &form.roles {
        match Role::parse(code).filter(|r| held.contains(r)) {
            Some(role) if !roles.contains(&role) => roles.push(role),
            Some(_) => {}
            None => {
                let error =
                    FieldError::new("roles", &ApiTokenError::RoleNotHeld { role: Role::ALL[0] });
                errors.push(error.with("role", code.clone()));
            }
        }
    }
    if form.roles.is_empty() {
        errors.push(FieldError::new("roles", &ApiTokenError::NoRoles));
    }
    let days = form
        .days
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|d| (1..=TOKEN_DAYS_MAX).contains(d));
    if days.is_none() {
        errors.push(FieldError::new("days", &ApiTokenError::DaysInvalid));
    }
    match days {
        Some(days) if errors.is_empty() => {
            roles.sort();
            Ok(TokenRequest {
                name: name.to_string(),
                roles,
                expires_at: now.plus(Span::days(i64::from(days))),
            })
        }
        _ => Err(errors),
    }
}

/// The roles a token acts with now: those it was given that its creator
/// still holds, so a creator who lost a role takes it from their tokens.
pub fn acting_roles(token_roles: &[Role], creator_roles: &[Role]) -> Vec<Role> {
    token_roles
        .iter()
        .copied()
        .filter(|r| creator_roles.contains(r))
        .collect()
}

/// Where a token stands at `now`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TokenStatus {
    Live,
    Expired,
    Revoked,
}

pub fn token_status(
    expires_at: Timestamp,
    revoked_at: Option<Timestamp>,
    now: Timestamp,
) -> TokenStatus {
    if revoked_at.is_some_and(|r| r <= now) {
        TokenStatus::Revoked
    } else if now >= expires_at {
        TokenStatus::Expired
    } else {
        TokenStatus::Live
    }
}

/// A token as its organization's administrators see it (never the secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiTokenView {
    pub id: i64,
    pub name: String,
    /// The secret's first characters, to tell tokens apart: `bc_live_AbCd`.
    pub shown: String,
    pub roles: Vec<Role>,
    pub created_by: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
    pub status: TokenStatus,
}

/// A new token: its secret, shown this once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedToken {
    pub token: ApiTokenView,
    pub secret: String,
}

/// The tokens page: the list, and the roles a new token may carry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiTokensPage {
    pub tokens: Vec<ApiTokenView>,
    pub roles: Vec<Role>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ms: i64) -> Timestamp {
        Timestamp::from_millis(ms)
    }

    #[test]
    fn r_api_01_the_secret_is_prefixed_and_checksummed() {
        let bytes: Vec<u8> = (0..=255).collect();
        let secret = TokenSecret::from_random(&bytes).expect("enough bytes");
        // Bytes 0..=31 map to the first 32 base62 digits.
        assert_eq!(
            &secret.as_str()[..TOKEN_PREFIX.len() + BODY_LEN],
            "bc_live_0123456789ABCDEFGHIJKLMNOPQRSTUV"
        );
        assert_eq!(secret.as_str().len(), 8 + 32 + 6);
        assert_eq!(TokenSecret::parse(secret.as_str()), Ok(secret.clone()));
        assert_eq!(secret.shown(), "bc_live_0123");
    }

    #[test]
    fn r_api_01_the_checksum_is_zlib_crc32_in_base62() {
        // The standard CRC-32 check value: CRC-32("123456789") = 0xCBF43926
        // = 3,421,780,262 = 3·62⁵ + 45·62⁴ + 35·62³ + 27·62² + 22·62 + 14,
        // digits "3", "j", "Z", "R", "M", "E".
        assert_eq!(checksum("123456789"), "3jZRME");
    }

    #[test]
    fn r_api_01_a_mistyped_or_foreign_secret_is_malformed() {
        let secret = TokenSecret::from_random(&[7u8; 40]).expect("enough bytes");
        let s = secret.as_str();
        let typo = format!("{}{}", &s[..20], if &s[20..21] == "7" { "8" } else { "7" }) + &s[21..];
        assert_eq!(TokenSecret::parse(&typo), Err(ApiTokenError::Malformed));
        assert_eq!(
            TokenSecret::parse(&s.replace("bc_live_", "bc_test_")),
            Err(ApiTokenError::Malformed)
        );
        assert_eq!(
            TokenSecret::parse(&s[..s.len() - 1]),
            Err(ApiTokenError::Malformed)
        );
        assert_eq!(TokenSecret::parse(""), Err(ApiTokenError::Malformed));
    }

    #[test]
    fn r_api_01_bytes_of_248_and_above_are_skipped_so_no_digit_is_favoured() {
        let mut bytes = vec![255u8, 248];
        bytes.extend([61u8; 32]);
        let secret = TokenSecret::from_random(&bytes).expect("32 usable bytes");
        assert!(secret.as_str()[8..40].bytes().all(|b| b == b'z'));
        assert_eq!(TokenSecret::from_random(&[250u8; 64]), None);
    }

    fn form(name: &str, roles: &[&str], days: &str) -> ApiTokenForm {
        ApiTokenForm {
            name: name.into(),
            roles: roles.iter().map(|r| r.to_string()).collect(),
            days: days.into(),
        }
    }

    #[test]
    fn r_api_01_a_token_carries_only_roles_its_creator_holds() {
        let held = [Role::AdminAgent, Role::GlobalAdministrator];
        let now = at(1_000);
        let ok =
            parse_token_request(&form(" CI ", &["admin_agent"], "30"), &held, now).expect("valid");
        assert_eq!(ok.name, "CI");
        assert_eq!(ok.roles, vec![Role::AdminAgent]);
        assert_eq!(ok.expires_at, at(1_000 + 30 * 86_400_000));
        let errors =
            parse_token_request(&form("CI", &["billing_admin"], "30"), &held, now).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            (errors[0].field.as_str(), errors[0].code.as_str()),
            ("roles", "api_token_role_not_held")
        );
        assert_eq!(errors[0].param("role"), Some("billing_admin"));
    }

    #[test]
    fn r_api_01_every_field_error_at_once() {
        let errors =
            parse_token_request(&form("", &[], "367"), &[Role::GlobalAdministrator], at(0))
                .unwrap_err();
        let codes: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                ("name", "api_token_name_invalid"),
                ("roles", "api_token_roles_empty"),
                ("days", "api_token_days_invalid")
            ]
        );
        for days in ["0", "-1", "x", ""] {
            assert!(parse_token_request(
                &form("a", &["global_administrator"], days),
                &[Role::GlobalAdministrator],
                at(0)
            )
            .is_err());
        }
        assert!(parse_token_request(
            &form("a", &["global_administrator"], "366"),
            &[Role::GlobalAdministrator],
            at(0)
        )
        .is_ok());
    }

    #[test]
    fn r_api_01_a_creator_who_lost_a_role_takes_it_from_their_tokens() {
        let token = [Role::AdminAgent, Role::BillingAdmin];
        assert_eq!(
            acting_roles(&token, &[Role::BillingAdmin, Role::SalesAgent]),
            vec![Role::BillingAdmin]
        );
        assert!(acting_roles(&token, &[]).is_empty());
    }

    #[test]
    fn r_api_02_an_idempotency_key_is_1_to_255_visible_ascii_characters() {
        assert!(is_idempotency_key("7d0e9a52-seats-35"));
        assert!(is_idempotency_key(&"k".repeat(255)));
        assert!(!is_idempotency_key(&"k".repeat(256)));
        assert!(!is_idempotency_key(""));
        assert!(!is_idempotency_key("a b"));
        assert!(!is_idempotency_key("schlüssel"));
    }

    #[test]
    fn r_api_01_status_at_the_expiry_and_after_revoking() {
        let expires = at(10_000);
        assert_eq!(token_status(expires, None, at(9_999)), TokenStatus::Live);
        assert_eq!(
            token_status(expires, None, at(10_000)),
            TokenStatus::Expired
        );
        assert_eq!(
            token_status(expires, Some(at(5_000)), at(5_000)),
            TokenStatus::Revoked
        );
        assert_eq!(
            token_status(expires, Some(at(5_000)), at(4_999)),
            TokenStatus::Live
        );
    }
}
