//! Encodings of bytes for people and partners: hex, Base64, Basic auth, partner
//! payloads.
//!
//! Base64 is the `base64` crate's; this module only chooses the alphabet and
//! padding, and builds the request bodies partners ask for. The Paymentsgate body
//! carries only a public key: [`paymentsgate_payload`] is given bytes produced by
//! [`crate::key::encode_public`], never a private key. Basic credentials
//! ([`basic_auth`]) are as secret as the password, so they are returned in a
//! zeroizing buffer.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde::Serialize;

use zeroize::Zeroizing;

use crate::error::{Error, Expected, Found, Invalid, Origin, Result};
use crate::secret::Secret;

/// Uppercase hex without separators (`608378BF…`).
pub fn hex_upper(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02X}");
    }
    out
}

/// Decodes hex in either case, ignoring whitespace and `:` separators
/// (`AB:CD`, as openssl prints fingerprints), into a zeroizing buffer (the
/// text may be a secret). `None` unless the digits come in pairs.
///
/// # Example
/// ```
/// use keysmith::encode::hex_decode;
/// assert_eq!(hex_decode(b"6869").as_deref().map(|v| v.as_slice()), Some(&b"hi"[..]));
/// assert_eq!(hex_decode(b"68:69").as_deref().map(|v| v.as_slice()), Some(&b"hi"[..]));
/// assert_eq!(hex_decode(b"686"), None);
/// ```
pub fn hex_decode(text: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
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

/// Decodes Base64 in either alphabet (standard `+/` or URL-safe `-_`), padded
/// or not, ignoring whitespace, into a zeroizing buffer (the text may be key
/// material). Empty text decodes to nothing; `None` when it is not Base64.
///
/// # Example
/// ```
/// use keysmith::encode::base64_decode_any;
/// for text in ["+/8=", "+/8", "-_8", " -_8=\n"] {
///     assert_eq!(base64_decode_any(text.as_bytes()).unwrap().as_slice(), [0xfb, 0xff]);
/// }
/// assert!(base64_decode_any(b"+_8").is_none());
/// ```
pub fn base64_decode_any(text: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    use base64::engine::general_purpose::STANDARD_NO_PAD;
    let compact: Zeroizing<Vec<u8>> = Zeroizing::new(
        text.iter()
            .copied()
            .filter(|b| !b.is_ascii_whitespace())
            .collect(),
    );
    let end = compact
        .iter()
        .rposition(|&b| b != b'=')
        .map_or(0, |i| i + 1);
    let bare = compact.get(..end)?;
    STANDARD_NO_PAD
        .decode(bare)
        .or_else(|_| URL_SAFE_NO_PAD.decode(bare))
        .ok()
        .map(Zeroizing::new)
}

/// Which Base64 alphabet to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base64Variant {
    /// RFC 4648 §4: `+/`, padded (what `base64 -w0` prints).
    Standard,
    /// RFC 4648 §5: `-_`, unpadded (JWT segments, `x5t`).
    UrlNoPad,
}

/// Base64 of `bytes` on one line, no wrapping.
///
/// # Example
/// ```
/// use keysmith::encode::{base64_encode, Base64Variant};
/// assert_eq!(base64_encode(b"\xfb\xff", Base64Variant::Standard), "+/8=");
/// assert_eq!(base64_encode(b"\xfb\xff", Base64Variant::UrlNoPad), "-_8");
/// ```
pub fn base64_encode(bytes: &[u8], variant: Base64Variant) -> String {
    match variant {
        Base64Variant::Standard => STANDARD.encode(bytes),
        Base64Variant::UrlNoPad => URL_SAFE_NO_PAD.encode(bytes),
    }
}

/// Decodes Base64 text; surrounding whitespace and line breaks are ignored.
///
/// # Errors
/// [`Error::Unexpected`] with [`Found::BadBase64`] when the text is not valid in
/// the chosen alphabet (standard accepts missing padding; URL-safe accepts padding).
pub fn base64_decode(text: &[u8], variant: Base64Variant, origin: &Origin) -> Result<Vec<u8>> {
    let compact: Vec<u8> = text
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    let decoded = match variant {
        Base64Variant::Standard => STANDARD
            .decode(&compact)
            .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(&compact)),
        Base64Variant::UrlNoPad => {
            let end = compact
                .iter()
                .rposition(|&b| b != b'=')
                .map_or(0, |i| i + 1);
            URL_SAFE_NO_PAD.decode(compact.get(..end).unwrap_or(&[]))
        }
    };
    decoded.map_err(|_| Error::unexpected(origin, Expected::Base64, Found::BadBase64))
}

/// The Paymentsgate service-account token request body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PaymentsgatePayload {
    /// The account id the partner issued.
    pub account_id: String,
    /// Base64 (standard, padded) of the SPKI public key PEM with LF line endings.
    pub public_key: String,
}

/// Builds the Paymentsgate body from the public key PEM bytes.
///
/// # Example
/// ```
/// use keysmith::encode::paymentsgate_payload;
/// let p = paymentsgate_payload("acc-1", b"-----BEGIN PUBLIC KEY-----\n");
/// assert_eq!(p.public_key, "LS0tLS1CRUdJTiBQVUJMSUMgS0VZLS0tLS0K");
/// ```
pub fn paymentsgate_payload(account_id: &str, public_key_pem: &[u8]) -> PaymentsgatePayload {
    PaymentsgatePayload {
        account_id: account_id.to_owned(),
        public_key: STANDARD.encode(public_key_pem),
    }
}

/// The HTTP Basic credentials `Basic base64(user:password)` (RFC 7617).
///
/// The password's bytes are used as they are (RFC 7617 recommends UTF-8); the
/// result is as secret as the password and is wiped when dropped.
///
/// # Errors
/// [`Error::Invalid`] with [`Invalid::UserWithColon`] when `user` contains `:`,
/// which the receiver could not tell from the separator.
///
/// # Example
/// ```
/// use keysmith::encode::basic_auth;
/// use keysmith::Secret;
/// // RFC 7617 §2's example.
/// let credentials = basic_auth("Aladdin", &Secret::new("open sesame"))?;
/// assert_eq!(credentials.as_str(), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
/// assert!(basic_auth("a:b", &Secret::new("pw")).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn basic_auth(user: &str, password: &Secret) -> Result<Zeroizing<String>> {
    if user.contains(':') {
        return Err(Error::Invalid {
            origin: Origin::Argument("--user"),
            reason: Invalid::UserWithColon,
        });
    }
    let mut pair = Zeroizing::new(Vec::with_capacity(user.len() + 1 + password.expose().len()));
    pair.extend_from_slice(user.as_bytes());
    pair.push(b':');
    pair.extend_from_slice(password.expose());
    let mut header = Zeroizing::new(String::with_capacity(6 + pair.len().div_ceil(3) * 4));
    header.push_str("Basic ");
    STANDARD.encode_string(&*pair, &mut header);
    Ok(header)
}

/// Whether `id` is a UUID in the usual 8-4-4-4-12 hex form.
pub fn is_uuid(id: &str) -> bool {
    let groups: Vec<&str> = id.split('-').collect();
    let lengths = [8, 4, 4, 4, 12];
    groups.len() == lengths.len()
        && groups
            .iter()
            .zip(lengths)
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
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
    fn is_uuid_accepts_only_8_4_4_4_12() {
        assert!(is_uuid("123e4567-e89b-12d3-a456-426614174000"));
        assert!(!is_uuid("123e4567e89b12d3a456426614174000"));
        assert!(!is_uuid("acct-42"));
    }

    #[test]
    fn basic_auth_refuses_colon_in_user() {
        let err = basic_auth("client:1", &Secret::new("pw")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "argument --user: a user name must not contain ':' (RFC 7617)"
        );
    }

    #[test]
    fn basic_auth_keeps_colons_and_bytes_of_the_password() {
        assert_eq!(
            basic_auth("u", &Secret::new("p:w")).unwrap().as_str(),
            "Basic dTpwOnc="
        );
        assert_eq!(
            basic_auth("", &Secret::new(vec![0xff])).unwrap().as_str(),
            "Basic Ov8="
        );
        assert_eq!(
            basic_auth("jürgen", &Secret::new("")).unwrap().as_str(),
            "Basic asO8cmdlbjo="
        );
    }

    #[test]
    fn base64_decode_rejects_bad_text() {
        let err = base64_decode(b"a!b", Base64Variant::Standard, &Origin::Stdin).unwrap_err();
        assert_eq!(
            err.to_string(),
            "standard input: expected Base64 text, found invalid Base64"
        );
    }

    proptest! {
        #[test]
        fn base64_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            for v in [Base64Variant::Standard, Base64Variant::UrlNoPad] {
                let text = base64_encode(&bytes, v);
                prop_assert!(!text.contains('\n'));
                prop_assert_eq!(base64_decode(text.as_bytes(), v, &Origin::Stdin).unwrap(), bytes.clone());
            }
        }
    }
}
