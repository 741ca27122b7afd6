//! FNV-1a: the one hash for names that must never change between runs,
//! machines or versions (std's hasher may): regulation anchors, default
//! report folder names, and the search index's file buckets, which
//! `search.js` computes again in the browser with the same arithmetic.

/// 32-bit FNV-1a over a sequence of units (bytes or code points).
pub(crate) fn fnv1a32(units: impl IntoIterator<Item = u32>) -> u32 {
    units.into_iter().fold(2_166_136_261, |hash, unit| {
        (hash ^ unit).wrapping_mul(16_777_619)
    })
}

/// 64-bit FNV-1a over bytes.
pub(crate) fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ byte as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// SHA-256 in lower-case hex: what open data lists beside each file it
/// links to (attachments, the parts of split open data), so a reader can
/// prove the file they fetched is the one published.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_published_test_vectors() {
        assert_eq!(fnv1a32("a".bytes().map(u32::from)), 0xe40c292c);
        assert_eq!(fnv1a32("foobar".bytes().map(u32::from)), 0xbf9cf968);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
