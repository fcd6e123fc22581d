//! Preview pins (R-SUB-10, R-SUB-22). With a subscription's state the page
//! gets the business time its previews are computed at, and the
//! subscription's update count then, signed by the server (HMAC-SHA256 with
//! the deployment's [`Secret`]); a commit sends the pin back. A pin the
//! server did not sign for that subscription — forged, altered, backdated —
//! is refused, so a preview can only be priced at a time the server handed
//! out; `domain::preview` holds a signed pin to its rules (same version,
//! same UTC day, fresh).
//!
//! A pin reads `{pinned_at ms}.{version}.{MAC, base64url}`; the MAC covers
//! the subscription id as well. The figure is not in it: it depends on the
//! seat count typed in the browser (priced there, with no request), and the
//! server prices the commit again itself at the signed time and version.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use domain::{Pin, PreviewError, Timestamp};
use hmac::Mac;

use crate::secret::Secret;

/// The MAC's purpose label (see [`Secret::mac`]); a new format gets a new one.
const PURPOSE: &str = "preview-pin/1";

/// A transfer request's pin (R-SUB-28) covers the request's id instead: its
/// own label, so that neither kind of pin verifies as the other.
pub(crate) const TRANSFER_PURPOSE: &str = "transfer-pin/1";

fn mac(secret: &Secret, purpose: &str, id: i64, pin: Pin) -> hmac::Hmac<sha2::Sha256> {
    let mut mac = secret.mac(purpose);
    mac.update(format!("{id}.{}.{}", pin.pinned_at.millis(), pin.version).as_bytes());
    mac
}

/// The signed pin of `pin` for subscription `subscription_id`.
pub(crate) fn issue(secret: &Secret, subscription_id: i64, pin: Pin) -> String {
    issue_for(secret, PURPOSE, subscription_id, pin)
}

/// The signed pin of `pin` for `id` under `purpose`.
pub(crate) fn issue_for(secret: &Secret, purpose: &str, id: i64, pin: Pin) -> String {
    let tag = mac(secret, purpose, id, pin).finalize().into_bytes();
    format!(
        "{}.{}.{}",
        pin.pinned_at.millis(),
        pin.version,
        URL_SAFE_NO_PAD.encode(tag)
    )
}

/// What a pin for `subscription_id` says, if the server signed it (the MAC
/// is compared in constant time).
pub(crate) fn verify(
    secret: &Secret,
    subscription_id: i64,
    token: &str,
) -> Result<Pin, PreviewError> {
    verify_for(secret, PURPOSE, subscription_id, token)
}

/// What a pin for `id` under `purpose` says, if the server signed it.
pub(crate) fn verify_for(
    secret: &Secret,
    purpose: &str,
    id: i64,
    token: &str,
) -> Result<Pin, PreviewError> {
    let mut parts = token.trim().split('.');
    let (Some(at), Some(version), Some(tag), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(PreviewError::PinInvalid);
    };
    let (Ok(at), Ok(version), Ok(tag)) = (
        at.parse::<i64>(),
        version.parse::<u32>(),
        URL_SAFE_NO_PAD.decode(tag),
    ) else {
        return Err(PreviewError::PinInvalid);
    };
    let pin = Pin {
        pinned_at: Timestamp::from_millis(at),
        version,
    };
    mac(secret, purpose, id, pin)
        .verify_slice(&tag)
        .map_err(|_| PreviewError::PinInvalid)?;
    Ok(pin)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(fill: char) -> Secret {
        Secret::given(&fill.to_string().repeat(32)).unwrap()
    }

    const PIN: Pin = Pin {
        pinned_at: Timestamp::from_millis(1_774_951_080_000),
        version: 3,
    };

    #[test]
    fn r_sub_10_a_pin_verifies_for_its_subscription_under_its_secret_only() {
        let token = issue(&secret('a'), 42, PIN);
        assert!(token.starts_with("1774951080000.3."), "{token}");
        assert_eq!(verify(&secret('a'), 42, &token), Ok(PIN));
        assert_eq!(
            verify(&secret('a'), 43, &token),
            Err(PreviewError::PinInvalid)
        );
        assert_eq!(
            verify(&secret('b'), 42, &token),
            Err(PreviewError::PinInvalid)
        );
    }

    #[test]
    fn r_sub_10_a_backdated_or_altered_pin_is_refused() {
        let token = issue(&secret('a'), 42, PIN);
        let tag = token.rsplit('.').next().unwrap();
        let backdated = format!("{}.3.{tag}", PIN.pinned_at.millis() - 60_000);
        let other_version = format!("{}.2.{tag}", PIN.pinned_at.millis());
        // The MAC's first character changed: its first byte differs.
        let mut flipped = token.clone().into_bytes();
        let first = flipped.len() - tag.len();
        flipped[first] = if flipped[first] == b'A' { b'B' } else { b'A' };
        let flipped = String::from_utf8(flipped).unwrap();
        for bad in [
            backdated.as_str(),
            other_version.as_str(),
            flipped.as_str(),
            "",
            "1774951080000.3",
            "1774951080000.3.AAAA.x",
            "soon.3.AAAA",
        ] {
            assert_eq!(
                verify(&secret('a'), 42, bad),
                Err(PreviewError::PinInvalid),
                "{bad}"
            );
        }
    }
}
