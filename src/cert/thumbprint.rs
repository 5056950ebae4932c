//! Certificate thumbprints: the SHA-1 or SHA-256 of a certificate's DER.
//!
//! A [`Thumbprint`] is computed from DER ([`Certificate::thumbprint`](super::Certificate::thumbprint)), parsed from any
//! display form people paste ([`Thumbprint::parse`]), compared (`==`, which
//! includes the hash algorithm), and rendered in every form partners ask for
//! ([`Form`]): uppercase hex as Windows and M2M banking APIs show it, lowercase,
//! colon-separated as `openssl x509 -fingerprint` prints it, Base64, and the
//! unpadded base64url that JWT `x5t`/`x5t#S256` headers carry.
//!
//! Invariant: the algorithm follows from the length (20 bytes SHA-1, 32 bytes
//! SHA-256), so a parsed thumbprint always knows which hash it is. Hashing is the
//! `sha1`/`sha2` crates'; hex and Base64 come from `encode`/`base64`.

use std::fmt::{self, Write as _};
use std::str::FromStr;

use serde::Serialize;
use sha1::Sha1;
use sha2::{Digest, Sha256};

use crate::codec::{self, Base64Variant};
use crate::error::{Error, Invalid, Origin, Result};

/// The hash a thumbprint is made with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HashAlgorithm {
    /// SHA-1 (20 bytes): the thumbprint Windows, Azure and M2M banking APIs use.
    Sha1,
    /// SHA-256 (32 bytes).
    Sha256,
}

impl HashAlgorithm {
    /// Digest length in bytes.
    pub(crate) const fn digest_len(self) -> usize {
        match self {
            HashAlgorithm::Sha1 => 20,
            HashAlgorithm::Sha256 => 32,
        }
    }

    /// The JSON field name and lowercase name: `sha1` or `sha256`.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            HashAlgorithm::Sha1 => "sha1",
            HashAlgorithm::Sha256 => "sha256",
        }
    }

    fn from_len(len: usize) -> Option<HashAlgorithm> {
        match len {
            20 => Some(HashAlgorithm::Sha1),
            32 => Some(HashAlgorithm::Sha256),
            _ => None,
        }
    }
}

/// How to write a thumbprint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Form {
    /// Uppercase hex without separators: `F23E122D…` (Windows, Azure, M2M partners).
    Hex,
    /// Lowercase hex without separators.
    HexLower,
    /// Uppercase hex with colons: `F2:3E:12:…` (as `openssl x509 -fingerprint`).
    Colons,
    /// Lowercase hex with colons.
    ColonsLower,
    /// Standard Base64, padded.
    Base64,
    /// Unpadded base64url, as a JWT `x5t` (SHA-1) or `x5t#S256` (SHA-256) header.
    X5t,
}

impl Form {
    /// Every form, for the tests that try them all.
    #[cfg(test)]
    pub(crate) const ALL: [Form; 6] = [
        Form::Hex,
        Form::HexLower,
        Form::Colons,
        Form::ColonsLower,
        Form::Base64,
        Form::X5t,
    ];
}

/// A certificate thumbprint: a SHA-1 or SHA-256 digest of the certificate's DER.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Thumbprint {
    algorithm: HashAlgorithm,
    bytes: [u8; 32],
}

impl fmt::Debug for Thumbprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Thumbprint({}:{self})", self.algorithm.name())
    }
}

/// Uppercase hex without separators, the form M2M partners show.
impl fmt::Display for Thumbprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&codec::hex_upper(self.as_bytes()))
    }
}

impl Thumbprint {
    /// The thumbprint of DER bytes (the certificate exactly as encoded); a
    /// library user takes it from [`super::Certificate::thumbprint`].
    pub(crate) fn of(der: &[u8], algorithm: HashAlgorithm) -> Thumbprint {
        let mut bytes = [0u8; 32];
        match algorithm {
            HashAlgorithm::Sha1 => {
                let digest = Sha1::digest(der);
                for (slot, b) in bytes.iter_mut().zip(digest.iter()) {
                    *slot = *b;
                }
            }
            HashAlgorithm::Sha256 => {
                let digest = Sha256::digest(der);
                for (slot, b) in bytes.iter_mut().zip(digest.iter()) {
                    *slot = *b;
                }
            }
        }
        Thumbprint { algorithm, bytes }
    }

    /// A thumbprint from its raw digest bytes (20 for SHA-1, 32 for SHA-256).
    ///
    /// # Errors
    /// [`Error::Invalid`] with [`Invalid::Thumbprint`] for any other length.
    pub(crate) fn from_bytes(bytes: &[u8], origin: Origin) -> Result<Thumbprint> {
        let Some(algorithm) = HashAlgorithm::from_len(bytes.len()) else {
            return Err(Error::Invalid {
                origin,
                reason: Invalid::Thumbprint,
            });
        };
        let mut out = [0u8; 32];
        for (slot, b) in out.iter_mut().zip(bytes) {
            *slot = *b;
        }
        Ok(Thumbprint {
            algorithm,
            bytes: out,
        })
    }

    /// Parses a thumbprint as people paste it.
    ///
    /// Hex in either case, with or without colons or spaces, with the invisible
    /// U+200E/U+FEFF (and other Unicode format characters) that Windows'
    /// certificate dialog slips into copied thumbprints, and with openssl's
    /// `SHA1 Fingerprint=` prefix; also Base64 and base64url (`x5t`). The length
    /// decides the algorithm: 20 bytes SHA-1, 32 bytes SHA-256.
    ///
    /// # Errors
    /// [`Error::Invalid`] with [`Invalid::Thumbprint`], naming `origin`, when the
    /// text is none of these forms.
    ///
    /// # Example
    /// ```
    /// use keysmith::cert::Thumbprint;
    /// use keysmith::Origin;
    /// let pasted = "\u{200e}f2 3e 12 2d 38 4b d7 1d 3b df 00 bb ba 4d 2c e7 d0 11 75 69";
    /// let t = Thumbprint::parse(pasted, Origin::Argument("expect"))?;
    /// assert_eq!(t.to_string(), "F23E122D384BD71D3BDF00BBBA4D2CE7D0117569");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse(text: &str, origin: Origin) -> Result<Thumbprint> {
        let invalid = || Error::Invalid {
            origin: origin.clone(),
            reason: Invalid::Thumbprint,
        };
        let compact = normalise(text);
        let bytes = if is_hex_thumbprint(&compact) {
            crate::codec::hex_decode(compact.as_bytes())
                .ok_or_else(invalid)?
                .to_vec()
        } else {
            crate::codec::base64_decode_any(compact.as_bytes())
                .filter(|bytes| !bytes.is_empty())
                .ok_or_else(invalid)?
                .to_vec()
        };
        Thumbprint::from_bytes(&bytes, origin.clone())
    }

    /// SHA-1 or SHA-256.
    pub fn algorithm(&self) -> HashAlgorithm {
        self.algorithm
    }

    /// The raw digest bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.algorithm.digest_len()).unwrap_or(&[])
    }

    /// The thumbprint written in `form`: a `Display` value, so that it is
    /// written into a buffer or stream without an allocation of its own
    /// (`.to_string()` for a `String`).
    ///
    /// # Example
    /// ```
    /// use keysmith::cert::{Form, Thumbprint};
    /// let t: Thumbprint = "F23E122D384BD71D3BDF00BBBA4D2CE7D0117569".parse()?;
    /// assert_eq!(t.render(Form::Colons).to_string(), "F2:3E:12:2D:38:4B:D7:1D:3B:DF:00:BB:BA:4D:2C:E7:D0:11:75:69");
    /// assert_eq!(t.render(Form::X5t).to_string(), "8j4SLThL1x073wC7uk0s59ARdWk");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn render(&self, form: Form) -> impl fmt::Display + '_ {
        Rendered {
            thumbprint: self,
            form,
        }
    }
}

/// A thumbprint in one [`Form`], as [`Thumbprint::render`] writes it.
struct Rendered<'a> {
    thumbprint: &'a Thumbprint,
    form: Form,
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bytes = self.thumbprint.as_bytes();
        let digits: &[u8; 16] = match self.form {
            Form::HexLower | Form::ColonsLower => b"0123456789abcdef",
            _ => b"0123456789ABCDEF",
        };
        let colons = matches!(self.form, Form::Colons | Form::ColonsLower);
        match self.form {
            Form::Base64 => f.write_str(&codec::base64_encode(bytes, Base64Variant::Standard)),
            Form::X5t => f.write_str(&codec::base64_encode(bytes, Base64Variant::UrlNoPad)),
            Form::Hex | Form::HexLower | Form::Colons | Form::ColonsLower => {
                for (i, b) in bytes.iter().enumerate() {
                    if colons && i > 0 {
                        f.write_char(':')?;
                    }
                    for nibble in [b >> 4, b & 0x0f] {
                        // invariant: a nibble is < 16, the table's length.
                        let digit = digits.get(usize::from(nibble)).copied().unwrap_or(b'?');
                        f.write_char(char::from(digit))?;
                    }
                }
                Ok(())
            }
        }
    }
}

impl FromStr for Thumbprint {
    type Err = Error;

    /// [`Thumbprint::parse`] with the origin `argument thumbprint`.
    fn from_str(text: &str) -> Result<Thumbprint> {
        Thumbprint::parse(text, Origin::Argument("thumbprint"))
    }
}

impl Serialize for Thumbprint {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// One certificate in `thumbprint` output: serialises as
/// `{"sha1"|"sha256": "<rendered>", "subject", "file"}` (plus `"matches"` when a
/// thumbprint was expected).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listing {
    /// The certificate's thumbprint.
    pub thumbprint: Thumbprint,
    /// How to write it.
    pub form: Form,
    /// The certificate's RFC 4514 subject.
    pub subject: String,
    /// The file it came from, as given (`-` for standard input).
    pub file: String,
    /// Whether it equals the expected thumbprint, when one was given.
    pub matches: Option<bool>,
}

impl Listing {
    /// The listing of one certificate: its thumbprint with `algorithm` (or the
    /// expected thumbprint's algorithm), and whether it matches `expected`.
    pub fn new(
        certificate: &super::Certificate,
        file: &str,
        algorithm: HashAlgorithm,
        form: Form,
        expected: Option<&Thumbprint>,
    ) -> Listing {
        let algorithm = expected.map_or(algorithm, |e| e.algorithm());
        let thumbprint = certificate.thumbprint(algorithm);
        Listing {
            thumbprint,
            form,
            subject: certificate.subject().to_owned(),
            file: file.to_owned(),
            matches: expected.map(|e| *e == thumbprint),
        }
    }
}

impl Serialize for Listing {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let fields = if self.matches.is_some() { 4 } else { 3 };
        let mut out = s.serialize_struct("Listing", fields)?;
        out.serialize_field(
            self.thumbprint.algorithm().name(),
            &self.thumbprint.render(self.form).to_string(),
        )?;
        out.serialize_field("subject", &self.subject)?;
        out.serialize_field("file", &self.file)?;
        if let Some(matches) = self.matches {
            out.serialize_field("matches", &matches)?;
        }
        out.end()
    }
}

/// Unicode format characters that copy-paste carries along invisibly: bidi marks
/// (U+200E from Windows' certificate dialog), zero-width characters, the BOM.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
            | '\u{00AD}'
    )
}

/// The text of a pasted thumbprint with everything that is not the value removed.
///
/// Drops whitespace, colons and invisible format characters (U+200E, U+FEFF, …),
/// and an openssl `… Fingerprint=` prefix; hex of a SHA-1 or SHA-256 length is
/// uppercased. Base64 text keeps its case. Applying it twice changes nothing.
fn normalise(text: &str) -> String {
    let compact: String = text
        .chars()
        .filter(|&c| !(c.is_whitespace() || c == ':' || is_invisible(c)))
        .collect();
    let value = match compact.to_ascii_lowercase().rfind("fingerprint=") {
        Some(at) => compact.get(at + "fingerprint=".len()..).unwrap_or(""),
        None => &compact,
    };
    if is_hex_thumbprint(value) {
        value.to_ascii_uppercase()
    } else {
        value.to_owned()
    }
}

fn is_hex_thumbprint(text: &str) -> bool {
    (text.len() == 40 || text.len() == 64) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const CLIENT_SHA1: &str = "F23E122D384BD71D3BDF00BBBA4D2CE7D0117569";

    fn parse(text: &str) -> Result<Thumbprint> {
        Thumbprint::parse(text, Origin::Argument("expect"))
    }

    #[test]
    fn thumbprint_parses_every_pasted_form() {
        let want = parse(CLIENT_SHA1).unwrap();
        assert_eq!(want.algorithm(), HashAlgorithm::Sha1);
        for text in [
            "f23e122d384bd71d3bdf00bbba4d2ce7d0117569",
            "F2:3E:12:2D:38:4B:D7:1D:3B:DF:00:BB:BA:4D:2C:E7:D0:11:75:69",
            "f2 3e 12 2d 38 4b d7 1d 3b df 00 bb ba 4d 2c e7 d0 11 75 69",
            "\u{200e}f2 3e 12 2d 38 4b d7 1d 3b df 00 bb ba 4d 2c e7 d0 11 75 69",
            "\u{feff}F23E122D384BD71D3BDF00BBBA4D2CE7D0117569\n",
            "SHA1 Fingerprint=F2:3E:12:2D:38:4B:D7:1D:3B:DF:00:BB:BA:4D:2C:E7:D0:11:75:69",
            "8j4SLThL1x073wC7uk0s59ARdWk",
            "8j4SLThL1x073wC7uk0s59ARdWk=",
        ] {
            assert_eq!(parse(text).unwrap(), want, "{text:?}");
        }
    }

    #[test]
    fn thumbprint_refuses_wrong_lengths_and_text() {
        for text in [
            "",
            "F23E",
            "F23E122D384BD71D3BDF00BBBA4D2CE7D01175",
            "not a thumbprint",
        ] {
            let err = parse(text).unwrap_err();
            assert_eq!(
                err.to_string(),
                "argument expect: expected a hex thumbprint of 20 (SHA-1) or 32 (SHA-256) bytes"
            );
        }
    }

    #[test]
    fn normalise_drops_the_openssl_prefix_and_invisible_characters() {
        assert_eq!(
            normalise(
                "\u{feff}sha1 Fingerprint=f2:3e:12:2d:38:4b:d7:1d:3b:df:00:bb:ba:4d:2c:e7:d0:11:75:69"
            ),
            CLIENT_SHA1
        );
    }

    #[test]
    fn thumbprint_algorithm_is_part_of_equality() {
        let sha256 = parse(&"AB".repeat(32)).unwrap();
        assert_eq!(sha256.algorithm(), HashAlgorithm::Sha256);
        assert_ne!(parse(&"AB".repeat(20)).unwrap(), sha256);
    }

    #[test]
    fn thumbprint_renders_every_form() {
        let t = parse(CLIENT_SHA1).unwrap();
        assert_eq!(t.render(Form::Hex).to_string(), CLIENT_SHA1);
        assert_eq!(
            t.render(Form::HexLower).to_string(),
            CLIENT_SHA1.to_ascii_lowercase()
        );
        assert_eq!(
            t.render(Form::ColonsLower).to_string(),
            "f2:3e:12:2d:38:4b:d7:1d:3b:df:00:bb:ba:4d:2c:e7:d0:11:75:69"
        );
        assert_eq!(
            t.render(Form::Base64).to_string(),
            "8j4SLThL1x073wC7uk0s59ARdWk="
        );
        assert_eq!(format!("{t:?}"), format!("Thumbprint(sha1:{CLIENT_SHA1})"));
    }

    fn any_thumbprint() -> impl Strategy<Value = Thumbprint> {
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 20),
            proptest::collection::vec(any::<u8>(), 32)
        ]
        .prop_map(|bytes| Thumbprint::from_bytes(&bytes, Origin::Argument("test")).unwrap())
    }

    proptest! {
        #[test]
        fn thumbprint_parse_inverts_render(t in any_thumbprint()) {
            for form in Form::ALL {
                prop_assert_eq!(parse(&t.render(form).to_string()).unwrap(), t, "{:?}", form);
            }
        }

        #[test]
        fn thumbprint_parse_survives_pasting_noise(t in any_thumbprint(), noise in "[ :\u{200e}\u{feff}]{0,3}") {
            let pasted = format!("{noise}{}{noise}", t.render(Form::ColonsLower));
            prop_assert_eq!(parse(&pasted).unwrap(), t);
        }

        #[test]
        fn normalise_is_idempotent(text in "[0-9a-fA-F: \u{200e}\u{feff}=+/_-]{0,80}|(?i:fingerprint=)[0-9a-f:]{0,70}") {
            let once = normalise(&text);
            prop_assert_eq!(normalise(&once), once);
        }

        #[test]
        fn normalise_is_idempotent_on_any_text(text in any::<String>()) {
            let once = normalise(&text);
            prop_assert_eq!(normalise(&once), once);
        }
    }
}
