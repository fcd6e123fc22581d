//! Secrets at rest (product keys, download tokens): ChaCha20-Poly1305 under
//! a key derived from the deployment secret, bound to what the value
//! belongs to (the associated data names the row), so that a database dump
//! alone reveals none and a sealed value copied to another row does not
//! open.

use base64::Engine;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, CHACHA20_POLY1305, NONCE_LEN};

use crate::error::{Error, Result};
use crate::secret::Secret;

fn key(secret: &Secret) -> LessSafeKey {
    use hmac::Mac;
    let bytes = secret.mac("software sealing").finalize().into_bytes();
    LessSafeKey::new(UnboundKey::new(&CHACHA20_POLY1305, &bytes).expect("a 32-byte key"))
}

/// `plain` sealed for `context`: base64url of nonce ‖ ciphertext ‖ tag.
pub(crate) fn seal(secret: &Secret, context: &str, plain: &str) -> Result<String> {
    let mut nonce = [0u8; NONCE_LEN];
    getrandom::getrandom(&mut nonce).map_err(|e| Error::Internal(e.to_string()))?;
    let mut data = plain.as_bytes().to_vec();
    key(secret)
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(context.as_bytes()),
            &mut data,
        )
        .map_err(|_| Error::Internal("sealing failed".into()))?;
    let mut out = nonce.to_vec();
    out.extend(data);
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(out))
}

/// What [`seal`] sealed for `context`; anything else (another context,
/// another secret, altered bytes) is a fault.
pub(crate) fn open(secret: &Secret, context: &str, sealed: &str) -> Result<String> {
    let fault = || Error::Internal(format!("a sealed value of {context} does not open"));
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(sealed)
        .map_err(|_| fault())?;
    if bytes.len() < NONCE_LEN {
        return Err(fault());
    }
    let (nonce, data) = bytes.split_at(NONCE_LEN);
    let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| fault())?;
    let mut data = data.to_vec();
    let plain = key(secret)
        .open_in_place(nonce, Aad::from(context.as_bytes()), &mut data)
        .map_err(|_| fault())?;
    String::from_utf8(plain.to_vec()).map_err(|_| fault())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sealed key opens only with its secret and its context, and its
    /// text shows nowhere in what is stored.
    #[test]
    fn a_sealed_value_opens_only_with_its_secret_and_context() {
        let secret = Secret::given(&"s".repeat(32)).unwrap();
        let other = Secret::given(&"t".repeat(32)).unwrap();
        let key = "BCDFG-HJKMP-QRTVW-XY234-6789B";
        let sealed = seal(&secret, "software key 7", key).unwrap();
        assert!(!sealed.contains("BCDFG"));
        assert_ne!(
            sealed,
            seal(&secret, "software key 7", key).unwrap(),
            "a fresh nonce each time"
        );
        assert_eq!(open(&secret, "software key 7", &sealed).unwrap(), key);
        assert!(open(&secret, "software key 8", &sealed).is_err());
        assert!(open(&other, "software key 7", &sealed).is_err());
        let mut altered = sealed.into_bytes();
        altered[20] ^= 1;
        assert!(open(
            &secret,
            "software key 7",
            &String::from_utf8(altered).unwrap()
        )
        .is_err());
    }
}
