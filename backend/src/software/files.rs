//! The bytes behind a download: a file made for each product, version,
//! language and file type, the same on every server and every time, so the
//! page can show its size and SHA-256 before anyone downloads it. A readable
//! header, then a SHA-256 counter stream seeded by the file's name.

use sha2::{Digest, Sha256};

/// Every download file's size: 256 KiB.
pub(crate) const SIZE: usize = 256 * 1024;

/// The file named `name` (an [`domain::Edition::file_name`]).
pub(crate) fn bytes(name: &str) -> Vec<u8> {
    let mut out = format!(
        "Business Center demonstration download\nfile: {name}\nThis file stands in for the product's media.\n\n"
    )
    .into_bytes();
    let seed = Sha256::digest(name.as_bytes());
    let mut block = 0u64;
    while out.len() < SIZE {
        let mut h = Sha256::new();
        h.update(seed);
        h.update(block.to_be_bytes());
        out.extend_from_slice(&h.finalize());
        block += 1;
    }
    out.truncate(SIZE);
    out
}

/// The hex SHA-256 the page shows for a file.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same name makes the same bytes, another name others; always
    /// 262,144 bytes, starting with the readable header.
    #[test]
    fn a_file_is_made_alike_every_time_from_its_name() {
        let a = bytes("sql-server-2022-standard-perpetual_2022_en-US_iso.iso");
        assert_eq!(a.len(), 262_144);
        assert!(a.starts_with(b"Business Center demonstration download\nfile: sql-server-2022"));
        assert_eq!(
            a,
            bytes("sql-server-2022-standard-perpetual_2022_en-US_iso.iso")
        );
        assert_ne!(sha256_hex(&a), sha256_hex(&bytes("other.iso")));
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
