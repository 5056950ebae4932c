//! Text encodings of bytes: hex, Base64 in every alphabet, and the encodings a
//! secret may be given in.
//!
//! A leaf: it owns the choice of alphabet, padding and whitespace rules, and
//! leaves the work to the `base64` and `base16ct` crates (nothing is encoded or
//! decoded by hand here). It imports nothing from the rest of keysmith, so that
//! every other module may use it; callers turn a `None` into the error their
//! input deserves. Decoders that may see key material or secrets return
//! zeroizing buffers.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use zeroize::Zeroizing;

/// Which Base64 alphabet to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base64Variant {
    /// RFC 4648 §4: `+/`, padded (what `base64 -w0` prints).
    Standard,
    /// RFC 4648 §5: `-_`, unpadded (JWT segments, `x5t`).
    UrlNoPad,
}

/// How a secret given as text is encoded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SecretEncoding {
    /// The bytes as given.
    #[default]
    Utf8,
    /// Standard Base64 (padding optional).
    Base64,
    /// base64url (padding optional), as a JWK's `k`.
    Base64Url,
    /// Hex, either case.
    Hex,
}

/// Uppercase hex without separators (`608378BF…`).
pub(crate) fn hex_upper(bytes: &[u8]) -> String {
    base16ct::upper::encode_string(bytes)
}

/// Decodes hex in either case, ignoring whitespace and `:` separators
/// (`AB:CD`, as openssl prints fingerprints), into a zeroizing buffer (the
/// text may be a secret). `None` unless the digits come in pairs.
pub(crate) fn hex_decode(text: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let digits: Zeroizing<Vec<u8>> = Zeroizing::new(
        text.iter()
            .copied()
            .filter(|b| !b.is_ascii_whitespace() && *b != b':')
            .collect(),
    );
    base16ct::mixed::decode_vec(digits.as_slice())
        .ok()
        .map(Zeroizing::new)
}

/// Decodes hex in either case, nothing but the digits (a PEM `DEK-Info` IV).
pub(crate) fn hex_decode_exact(text: &[u8]) -> Option<Vec<u8>> {
    base16ct::mixed::decode_vec(text).ok()
}

/// `text` without its whitespace, in a zeroizing buffer.
fn without_whitespace(text: &[u8]) -> Zeroizing<Vec<u8>> {
    Zeroizing::new(
        text.iter()
            .copied()
            .filter(|b| !b.is_ascii_whitespace())
            .collect(),
    )
}

/// `text` without its trailing `=` padding.
fn unpadded(text: &[u8]) -> &[u8] {
    let end = text.iter().rposition(|&b| b != b'=').map_or(0, |i| i + 1);
    text.get(..end).unwrap_or_default()
}

/// Decodes Base64 in either alphabet (standard `+/` or URL-safe `-_`), padded
/// or not, ignoring whitespace, into a zeroizing buffer (the text may be key
/// material). Empty text decodes to nothing; `None` when it is not Base64.
pub(crate) fn base64_decode_any(text: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let compact = without_whitespace(text);
    let bare = unpadded(&compact);
    STANDARD_NO_PAD
        .decode(bare)
        .or_else(|_| URL_SAFE_NO_PAD.decode(bare))
        .ok()
        .map(Zeroizing::new)
}

/// Base64 of `bytes` on one line, no wrapping.
///
/// # Example
/// ```
/// use keysmith::codec::{base64_encode, Base64Variant};
/// assert_eq!(base64_encode(b"\xfb\xff", Base64Variant::Standard), "+/8=");
/// assert_eq!(base64_encode(b"\xfb\xff", Base64Variant::UrlNoPad), "-_8");
/// ```
pub fn base64_encode(bytes: &[u8], variant: Base64Variant) -> String {
    match variant {
        Base64Variant::Standard => STANDARD.encode(bytes),
        Base64Variant::UrlNoPad => URL_SAFE_NO_PAD.encode(bytes),
    }
}

/// Appends standard, padded Base64 of `bytes` to `out` (which may be a
/// zeroizing buffer: nothing is copied elsewhere).
pub(crate) fn base64_encode_into(bytes: &[u8], out: &mut String) {
    STANDARD.encode_string(bytes, out);
}

/// Decodes Base64 text in the chosen alphabet, ignoring whitespace and line
/// breaks; standard accepts missing padding, URL-safe accepts padding. `None`
/// when the text is not valid in that alphabet.
pub(crate) fn base64_decode(text: &[u8], variant: Base64Variant) -> Option<Zeroizing<Vec<u8>>> {
    let compact = without_whitespace(text);
    match variant {
        Base64Variant::Standard => STANDARD
            .decode(compact.as_slice())
            .or_else(|_| STANDARD_NO_PAD.decode(compact.as_slice()))
            .ok()
            .map(Zeroizing::new),
        Base64Variant::UrlNoPad => base64url_decode(&compact).map(Zeroizing::new),
    }
}

/// Decodes base64url with or without padding, nothing else allowed (a JWK
/// member).
pub(crate) fn base64url_decode(text: &[u8]) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(unpadded(text)).ok()
}

/// Decodes base64url exactly as RFC 7515 §2 writes it in a JWS: no padding,
/// no whitespace, canonical trailing bits.
pub(crate) fn base64url_decode_strict(text: &[u8]) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text).ok()
}

/// Decodes standard Base64 into `out` (grown, never shrunk, so that a buffer
/// reused for many certificates is not cleared each time); the length decoded.
pub(crate) fn base64_decode_into(text: &[u8], out: &mut Vec<u8>) -> Option<usize> {
    let needed = base64::decoded_len_estimate(text.len());
    if out.len() < needed {
        out.resize(needed, 0);
    }
    STANDARD.decode_slice(text, out).ok()
}

/// Decodes a secret given as text. Text in Base64 or hex may carry surrounding
/// whitespace; UTF-8 text is taken byte for byte. `None` when the text is not in
/// the encoding.
pub(crate) fn decode_secret(text: &[u8], encoding: SecretEncoding) -> Option<Zeroizing<Vec<u8>>> {
    let trimmed = text.trim_ascii();
    match encoding {
        SecretEncoding::Utf8 => Some(Zeroizing::new(text.to_vec())),
        SecretEncoding::Base64 => {
            let bare = trimmed
                .strip_suffix(b"==")
                .or(trimmed.strip_suffix(b"="))
                .unwrap_or(trimmed);
            STANDARD_NO_PAD
                .decode(bare)
                .or_else(|_| STANDARD.decode(trimmed))
                .ok()
                .map(Zeroizing::new)
        }
        SecretEncoding::Base64Url => base64url_decode(trimmed).map(Zeroizing::new),
        SecretEncoding::Hex => hex_decode(trimmed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hex_upper_pads_each_byte() {
        assert_eq!(hex_upper(&[0x00, 0x0a, 0xff]), "000AFF");
    }

    #[test]
    fn hex_decode_takes_pairs_with_separators() {
        assert_eq!(
            hex_decode(b"6869").as_deref().map(Vec::as_slice),
            Some(&b"hi"[..])
        );
        assert_eq!(
            hex_decode(b"68:69").as_deref().map(Vec::as_slice),
            Some(&b"hi"[..])
        );
        assert_eq!(hex_decode(b"686"), None);
        assert_eq!(hex_decode_exact(b"68:69"), None);
        assert_eq!(hex_decode_exact(b"6869").as_deref(), Some(&b"hi"[..]));
    }

    #[test]
    fn base64_decode_any_takes_every_alphabet() {
        for text in ["+/8=", "+/8", "-_8", " -_8=\n"] {
            assert_eq!(
                base64_decode_any(text.as_bytes()).unwrap().as_slice(),
                [0xfb, 0xff]
            );
        }
        assert!(base64_decode_any(b"+_8").is_none());
    }

    #[test]
    fn base64_decode_rejects_bad_text() {
        assert!(base64_decode(b"a!b", Base64Variant::Standard).is_none());
    }

    #[test]
    fn base64url_strict_refuses_padding() {
        assert_eq!(
            base64url_decode_strict(b"-_8").as_deref(),
            Some(&[0xfb, 0xff][..])
        );
        assert_eq!(base64url_decode_strict(b"-_8="), None);
        assert_eq!(
            base64url_decode(b"-_8=").as_deref(),
            Some(&[0xfb, 0xff][..])
        );
    }

    #[test]
    fn decode_secret_follows_each_encoding() {
        let decode = |t: &[u8], e| decode_secret(t, e).map(|v| v.to_vec());
        assert_eq!(
            decode(b" hi\n", SecretEncoding::Utf8),
            Some(b" hi\n".to_vec())
        );
        assert_eq!(
            decode(b"aGk=\n", SecretEncoding::Base64),
            Some(b"hi".to_vec())
        );
        assert_eq!(
            decode(b"aGk", SecretEncoding::Base64Url),
            Some(b"hi".to_vec())
        );
        assert_eq!(decode(b" 6869 ", SecretEncoding::Hex), Some(b"hi".to_vec()));
        assert_eq!(decode(b"zz", SecretEncoding::Hex), None);
    }

    proptest! {
        #[test]
        fn base64_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            for v in [Base64Variant::Standard, Base64Variant::UrlNoPad] {
                let text = base64_encode(&bytes, v);
                prop_assert!(!text.contains('\n'));
                prop_assert_eq!(base64_decode(text.as_bytes(), v).unwrap().to_vec(), bytes.clone());
            }
            let mut into = Vec::new();
            let len = base64_decode_into(base64_encode(&bytes, Base64Variant::Standard).as_bytes(), &mut into);
            prop_assert_eq!(into.get(..len.unwrap()), Some(bytes.as_slice()));
        }
    }
}
