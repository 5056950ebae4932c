//! The only reader of user input, and the format sniffer.
//!
//! [`Input::read`] takes a path or `-` (standard input) and keeps the bytes with
//! their [`Origin`]. [`sniff`] decides what the bytes are: PEM blocks (any label,
//! LF or CRLF, text around the blocks, no final newline), DER, one line of Base64
//! of either, or a compact JWT. It also repairs the broken forms keys take in
//! environment variables and JSON: PEM squashed onto one line, and PEM with
//! literal `\n` sequences. Each repair is reported as a [`Repair`] so that the
//! caller can warn.
//!
//! This module never decodes Base64 or PEM by hand: it locates and normalises the
//! armour (glue), then hands a canonical block to `pem-rfc7468`, and Base64 text
//! to the `base64` crate. It never panics on any input.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use base64::Engine;
use serde::Serialize;
use zeroize::Zeroizing;

use crate::error::{Error, Expected, Found, Origin, Result};

/// Inputs larger than this are refused (keys, certificates and tokens are small).
pub const MAX_INPUT: u64 = 64 * 1024 * 1024;

/// Bytes read from a file, standard input or an argument, with where they came from.
#[derive(Clone)]
pub struct Input {
    origin: Origin,
    bytes: Zeroizing<Vec<u8>>,
    modified: Option<SystemTime>,
}

impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Input")
            .field("origin", &self.origin)
            .field("len", &self.bytes.len())
            .finish_non_exhaustive()
    }
}

impl Input {
    /// Reads a file, or standard input when `path` is `-`.
    ///
    /// # Errors
    /// [`Error::Read`] when the file cannot be opened or read, or is larger than
    /// [`MAX_INPUT`].
    ///
    /// # Example
    /// ```
    /// let input = keysmith::input::Input::read(concat!(
    ///     env!("CARGO_MANIFEST_DIR"),
    ///     "/testdata/rsa2048-spki.pem"
    /// ))?;
    /// assert!(input.bytes().starts_with(b"-----BEGIN PUBLIC KEY-----"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read(path: impl AsRef<Path>) -> Result<Input> {
        let path = path.as_ref();
        if path == Path::new("-") {
            let origin = Origin::Stdin;
            let bytes = read_limited(std::io::stdin().lock(), &origin, 0)?;
            return Ok(Input {
                origin,
                bytes,
                modified: None,
            });
        }
        let origin = Origin::Path(PathBuf::from(path));
        let file = std::fs::File::open(path).map_err(|source| Error::Read {
            origin: origin.clone(),
            source,
        })?;
        let metadata = file.metadata().ok();
        let modified = metadata.as_ref().and_then(|m| m.modified().ok());
        let size = metadata.map_or(0, |m| m.len().min(MAX_INPUT));
        let bytes = read_limited(file, &origin, size)?;
        Ok(Input {
            origin,
            bytes,
            modified,
        })
    }

    /// Wraps bytes that did not come from a file (an argument, an environment variable).
    pub fn from_bytes(origin: Origin, bytes: impl Into<Vec<u8>>) -> Input {
        Input {
            origin,
            bytes: Zeroizing::new(bytes.into()),
            modified: None,
        }
    }

    /// Where the bytes came from.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The exact bytes read.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The file's modification time; `None` for standard input and arguments.
    pub fn modified(&self) -> Option<SystemTime> {
        self.modified
    }
}

/// Reads at most [`MAX_INPUT`] bytes. `size_hint` (the file size) sizes the buffer
/// up front, so it is not reallocated (which would leave unzeroized copies behind).
fn read_limited(reader: impl Read, origin: &Origin, size_hint: u64) -> Result<Zeroizing<Vec<u8>>> {
    let capacity = usize::try_from(size_hint).unwrap_or(0).saturating_add(1);
    let mut bytes = Zeroizing::new(Vec::with_capacity(capacity));
    reader
        .take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Read {
            origin: origin.clone(),
            source,
        })?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(Error::Read {
            origin: origin.clone(),
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "input larger than 64 MiB",
            ),
        });
    }
    Ok(bytes)
}

/// How the structures in an input were encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    /// PEM text (`-----BEGIN …-----`).
    Pem,
    /// Binary DER.
    Der,
}

/// A broken form that was read anyway; callers warn about it on stderr.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repair {
    /// PEM squashed onto one line (newlines replaced by spaces or removed).
    SquashedPem,
    /// PEM with literal `\n` sequences instead of newlines (from JSON or an env var).
    EscapedNewlines,
    /// The whole input was one Base64 string wrapping the PEM or DER.
    Base64Wrapped,
}

impl std::fmt::Display for Repair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Repair::SquashedPem => "PEM was squashed onto one line; line breaks were restored",
            Repair::EscapedNewlines => {
                "PEM had literal \\n sequences instead of line breaks; they were replaced"
            }
            Repair::Base64Wrapped => "input was Base64 text; it was decoded first",
        })
    }
}

/// One structure found in an input: a PEM block or a DER blob.
#[derive(Clone)]
pub struct Block {
    /// The PEM label (`PRIVATE KEY`, `CERTIFICATE`, …); `None` for DER input.
    pub label: Option<String>,
    /// The DER bytes (empty for a legacy encrypted PEM block, which is not decoded).
    pub der: Zeroizing<Vec<u8>>,
    /// The PEM block carried a `Proc-Type: 4,ENCRYPTED` header (traditional OpenSSL encryption).
    pub legacy_encrypted: bool,
}

impl std::fmt::Debug for Block {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Block")
            .field("label", &self.label)
            .field("der_len", &self.der.len())
            .field("legacy_encrypted", &self.legacy_encrypted)
            .finish()
    }
}

/// What an input turned out to be.
#[derive(Clone, Debug)]
pub enum Content {
    /// PEM blocks in file order, or one DER blob.
    Blocks(Vec<Block>),
    /// A compact JWT (a leading `Bearer ` and surrounding whitespace removed).
    Jwt(String),
}

/// The result of [`sniff`].
#[derive(Clone, Debug)]
pub struct Sniffed {
    /// The structures found.
    pub content: Content,
    /// PEM or DER (Base64 text counts as the encoding it wrapped).
    pub encoding: Encoding,
    /// Broken forms that were repaired.
    pub repairs: Vec<Repair>,
}

/// Decides what an input holds.
///
/// # Errors
/// [`Error::Unexpected`] with [`Found::Empty`], [`Found::TruncatedPem`],
/// [`Found::BadPemBody`] or [`Found::Unrecognised`] when the bytes are none of the
/// supported forms.
///
/// # Example
/// ```
/// use keysmith::input::{sniff, Content, Input, Repair};
/// use keysmith::Origin;
/// let pem = std::fs::read_to_string(concat!(
///     env!("CARGO_MANIFEST_DIR"),
///     "/testdata/rsa2048-spki.pem"
/// ))?;
/// let escaped = pem.replace('\n', "\\n");
/// let sniffed = sniff(&Input::from_bytes(Origin::Argument("--key"), escaped))?;
/// assert_eq!(sniffed.repairs, vec![Repair::EscapedNewlines]);
/// assert!(matches!(sniffed.content, Content::Blocks(ref b) if b.len() == 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sniff(input: &Input) -> Result<Sniffed> {
    sniff_bytes(input.bytes(), input.origin(), true)
}

fn sniff_bytes(bytes: &[u8], origin: &Origin, allow_base64: bool) -> Result<Sniffed> {
    let unexpected = |found| Error::unexpected(origin, Expected::Anything, found);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(unexpected(Found::Empty));
    }
    if find(bytes, b"-----BEGIN ").is_some() {
        return sniff_pem(bytes, origin);
    }
    if bytes.first() == Some(&0x30) {
        return Ok(Sniffed {
            content: Content::Blocks(vec![Block {
                label: None,
                der: Zeroizing::new(bytes.to_vec()),
                legacy_encrypted: false,
            }]),
            encoding: Encoding::Der,
            repairs: Vec::new(),
        });
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(unexpected(Found::Unrecognised));
    };
    let text = text.trim();
    if let Some(token) = as_jwt(text) {
        return Ok(Sniffed {
            content: Content::Jwt(token.to_owned()),
            encoding: Encoding::Pem,
            repairs: Vec::new(),
        });
    }
    if allow_base64 {
        if let Some(decoded) = decode_base64_text(text) {
            if decoded.first() == Some(&0x30) || find(&decoded, b"-----BEGIN ").is_some() {
                let mut inner = sniff_bytes(&decoded, origin, false)?;
                inner.repairs.insert(0, Repair::Base64Wrapped);
                return Ok(inner);
            }
        }
    }
    Err(unexpected(Found::Unrecognised))
}

/// Returns the token when `text` (already trimmed) is a compact JWT, tolerating `Bearer `.
fn as_jwt(text: &str) -> Option<&str> {
    let token = text
        .strip_prefix("Bearer ")
        .or_else(|| text.strip_prefix("bearer "))
        .unwrap_or(text)
        .trim();
    let is_b64url = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '=';
    let parts: Vec<&str> = token.split('.').collect();
    let looks = parts.len() == 3
        && token.starts_with("eyJ")
        && parts.iter().all(|p| p.chars().all(is_b64url));
    looks.then_some(token)
}

/// Decodes one Base64 string (standard or URL-safe, padded or not, whitespace ignored).
fn decode_base64_text(text: &str) -> Option<Vec<u8>> {
    let compact: String = text.split_ascii_whitespace().collect();
    if compact.is_empty() {
        return None;
    }
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    STANDARD
        .decode(&compact)
        .ok()
        .or_else(|| URL_SAFE_NO_PAD.decode(compact.trim_end_matches('=')).ok())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn sniff_pem(bytes: &[u8], origin: &Origin) -> Result<Sniffed> {
    let unexpected = |found| Error::unexpected(origin, Expected::Anything, found);
    let mut repairs = Vec::new();
    // Borrowed unless a repair rewrites it: a large bundle is not copied.
    let mut text = match std::str::from_utf8(bytes) {
        Ok(valid) => std::borrow::Cow::Borrowed(valid),
        Err(_) => String::from_utf8_lossy(bytes),
    };
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n").into();
    }
    if text.contains("\\n") && text.contains("-----BEGIN ") {
        let begin = text.find("-----BEGIN ").unwrap_or(0);
        // Only a block without real line breaks was escaped.
        let after = text.get(begin..).unwrap_or("");
        let block_end = after.find("-----END ").unwrap_or(after.len());
        let block = after.get(..block_end).unwrap_or("");
        if !block.trim_end().contains('\n') {
            text = text.replace("\\r\\n", "\n").replace("\\n", "\n").into();
            repairs.push(Repair::EscapedNewlines);
        }
    }
    let mut blocks = Vec::new();
    let mut rest: &str = &text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after_begin = rest.get(start + "-----BEGIN ".len()..).unwrap_or("");
        let Some(label_end) = after_begin.find("-----") else {
            return Err(unexpected(Found::TruncatedPem));
        };
        let label = after_begin.get(..label_end).unwrap_or("").trim().to_owned();
        let body_and_rest = after_begin.get(label_end + 5..).unwrap_or("");
        let end_marker = format!("-----END {label}-----");
        // The Base64 body holds no '-': the first one (a fast memchr) is usually
        // where the END line starts.
        let first_dash = body_and_rest.find('-');
        let at_dash = first_dash.filter(|&i| {
            body_and_rest
                .get(i..)
                .is_some_and(|t| t.starts_with(&end_marker))
        });
        let Some(end) = at_dash.or_else(|| body_and_rest.find(&end_marker)) else {
            if let Some(other) = body_and_rest.find("-----END ") {
                let other_label = body_and_rest
                    .get(other + 9..)
                    .and_then(|s| s.split("-----").next())
                    .unwrap_or("")
                    .to_owned();
                if other_label != label {
                    return Err(unexpected(Found::PemLabel(label)));
                }
            }
            return Err(unexpected(Found::TruncatedPem));
        };
        let body = body_and_rest.get(..end).unwrap_or("");
        rest = body_and_rest.get(end + end_marker.len()..).unwrap_or("");
        blocks.push(decode_block(&label, body, origin, &mut repairs)?);
    }
    if blocks.is_empty() {
        return Err(unexpected(Found::TruncatedPem));
    }
    Ok(Sniffed {
        content: Content::Blocks(blocks),
        encoding: Encoding::Pem,
        repairs,
    })
}

fn decode_block(
    label: &str,
    body: &str,
    origin: &Origin,
    repairs: &mut Vec<Repair>,
) -> Result<Block> {
    let unexpected = |found| Error::unexpected(origin, Expected::Anything, found);
    let trimmed = body.trim();
    let has_headers = trimmed.contains(':');
    if has_headers {
        let legacy = trimmed
            .lines()
            .any(|l| l.trim_start().starts_with("Proc-Type:") && l.contains("ENCRYPTED"));
        if legacy {
            return Ok(Block {
                label: Some(label.to_owned()),
                der: Zeroizing::new(Vec::new()),
                legacy_encrypted: true,
            });
        }
        return Err(unexpected(Found::BadPemBody));
    }
    let squashed = !body.contains('\n') && !trimmed.is_empty();
    if squashed && !repairs.contains(&Repair::SquashedPem) {
        repairs.push(Repair::SquashedPem);
    }
    if !trimmed.is_ascii() {
        return Err(unexpected(Found::BadPemBody));
    }
    // The Base64 body without whitespace (ASCII, so every byte is a character).
    let mut compact = Vec::with_capacity(trimmed.len());
    for piece in trimmed.as_bytes().split(u8::is_ascii_whitespace) {
        compact.extend_from_slice(piece);
    }
    // Certificates are public: the fast Base64 decoder is fine for them, and it
    // keeps thumbprints of large bundles quick. Everything else (keys) goes
    // through pem-rfc7468, whose Base64 runs in constant time.
    if label.ends_with("CERTIFICATE") {
        use base64::engine::general_purpose::STANDARD;
        let der = STANDARD
            .decode(&compact)
            .map_err(|_| unexpected(Found::BadPemBody))?;
        return Ok(Block {
            label: Some(label.to_owned()),
            der: Zeroizing::new(der),
            legacy_encrypted: false,
        });
    }
    let compact = Zeroizing::new(compact);
    // Canonical armour: the body without whitespace, wrapped at 64 columns.
    let mut canonical = String::with_capacity(compact.len() + compact.len() / 64 + 64);
    canonical.push_str("-----BEGIN ");
    canonical.push_str(label);
    canonical.push_str("-----\n");
    for line in compact.chunks(64) {
        canonical.push_str(std::str::from_utf8(line).unwrap_or(""));
        canonical.push('\n');
    }
    canonical.push_str("-----END ");
    canonical.push_str(label);
    canonical.push_str("-----\n");
    let canonical = Zeroizing::new(canonical);
    let (_, der) =
        pem_rfc7468::decode_vec(canonical.as_bytes()).map_err(|_| unexpected(Found::BadPemBody))?;
    Ok(Block {
        label: Some(label.to_owned()),
        der: Zeroizing::new(der),
        legacy_encrypted: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sniff_str(s: &str) -> Result<Sniffed> {
        sniff(&Input::from_bytes(Origin::Argument("test"), s.as_bytes()))
    }

    const PEM: &str = "-----BEGIN PUBLIC KEY-----\nMAA=\n-----END PUBLIC KEY-----\n";

    #[test]
    fn sniff_reads_plain_pem_without_repairs() {
        let s = sniff_str(PEM).unwrap();
        assert!(s.repairs.is_empty());
        let Content::Blocks(b) = s.content else {
            panic!("blocks")
        };
        assert_eq!(b[0].label.as_deref(), Some("PUBLIC KEY"));
        assert_eq!(&b[0].der[..], &[0x30, 0x00]);
    }

    #[test]
    fn sniff_repairs_squashed_and_escaped_pem() {
        let s = sniff_str("-----BEGIN PUBLIC KEY----- MAA= -----END PUBLIC KEY-----").unwrap();
        assert_eq!(s.repairs, vec![Repair::SquashedPem]);
        let s = sniff_str(&format!("\"{}\"", PEM.replace('\n', "\\n"))).unwrap();
        assert_eq!(s.repairs, vec![Repair::EscapedNewlines]);
    }

    #[test]
    fn sniff_handles_crlf_junk_and_no_final_newline() {
        let text = format!("my key:\r\n{}trailing", PEM.replace('\n', "\r\n"));
        let s = sniff_str(text.trim_end_matches('\n')).unwrap();
        assert!(s.repairs.is_empty());
    }

    #[test]
    fn sniff_reports_truncated_and_empty() {
        let err = sniff_str("-----BEGIN PUBLIC KEY-----\nMAA=\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "argument test: expected a key, a certificate or a JWT, found a truncated PEM block (no END line)"
        );
        let err = sniff_str(" \n").unwrap_err();
        assert!(err.to_string().ends_with("found an empty input"));
    }

    #[test]
    fn sniff_decodes_base64_of_pem_and_der() {
        let s = sniff_str("MAA=").unwrap();
        assert_eq!(s.encoding, Encoding::Der);
        assert_eq!(s.repairs, vec![Repair::Base64Wrapped]);
        let b64 = base64::engine::general_purpose::STANDARD.encode(PEM);
        let s = sniff_str(&b64).unwrap();
        assert_eq!(s.encoding, Encoding::Pem);
    }

    #[test]
    fn sniff_decodes_certificate_blocks_like_other_blocks() {
        let cert = "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";
        let s = sniff_str(&format!("{cert}{cert}")).unwrap();
        let Content::Blocks(b) = s.content else {
            panic!("blocks")
        };
        assert_eq!(b.len(), 2);
        assert_eq!(&b[1].der[..], &[0x30, 0x00]);
        let err = sniff_str("-----BEGIN CERTIFICATE-----\nMA!A=\n-----END CERTIFICATE-----\n")
            .unwrap_err();
        assert!(
            err.to_string()
                .ends_with("found a PEM block whose body is not valid Base64")
        );
    }

    #[test]
    fn sniff_recognises_jwt_with_bearer() {
        let s = sniff_str("Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc\n").unwrap();
        assert!(matches!(s.content, Content::Jwt(ref t) if t == "eyJhbGciOiJIUzI1NiJ9.e30.abc"));
    }

    proptest! {
        #[test]
        fn sniff_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = sniff(&Input::from_bytes(Origin::Stdin, bytes));
        }

        #[test]
        fn sniff_never_panics_on_pem_like_text(body in "[A-Za-z0-9+/=\\\\n \r\n:-]{0,200}", label in "[A-Z ]{0,20}") {
            let text = format!("-----BEGIN {label}-----{body}-----END {label}-----");
            let _ = sniff_str(&text);
        }
    }
}
