//! Format sniffing: what the bytes of an input are (PEM, DER, Base64 of either,
//! or a compact JWT).

use zeroize::Zeroizing;

use super::pem::scan_pem;
use super::{BlockRef, Content, Encoding, Input, Repair, Scanned, Sniffed};
use crate::error::{Error, Expected, Found, Origin, Result};

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
    let mut blocks = Vec::new();
    let scanned = scan(input, |block| {
        blocks.push(block.to_block());
        Ok(())
    })?;
    Ok(match scanned {
        Scanned::Blocks { encoding, repairs } => Sniffed {
            content: Content::Blocks(blocks),
            encoding,
            repairs,
        },
        Scanned::Jwt(token) => Sniffed {
            content: Content::Jwt(token),
            encoding: Encoding::Pem,
            repairs: Vec::new(),
        },
    })
}

/// [`sniff`] one block at a time: calls `visit` with each structure in file
/// order, decoding a PEM block only when the previous one has been visited, so
/// that a large bundle is never held decoded at once. Certificate blocks are
/// decoded into one reused buffer; every other block into its own zeroizing one.
///
/// # Errors
/// As [`sniff`]; an error from `visit` stops the scan and is returned as is.
/// Blocks visited before an error stay visited.
///
/// # Example
/// ```
/// use keysmith::input::{scan, Input};
/// let input = Input::read(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/bundle-3certs.pem"))?;
/// let mut sizes = Vec::new();
/// scan(&input, |block| {
///     sizes.push(block.der.len());
///     Ok(())
/// })?;
/// assert_eq!(sizes.len(), 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn scan(input: &Input, visit: impl FnMut(BlockRef<'_>) -> Result<()>) -> Result<Scanned> {
    let mut visit = visit;
    scan_bytes(input.bytes(), input.origin(), true, &mut visit)
}

pub(super) type Visit<'v> = dyn FnMut(BlockRef<'_>) -> Result<()> + 'v;

pub(super) fn scan_bytes(
    bytes: &[u8],
    origin: &Origin,
    allow_base64: bool,
    visit: &mut Visit<'_>,
) -> Result<Scanned> {
    let unexpected = |found| Error::unexpected(origin, Expected::Anything, found);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(unexpected(Found::Empty));
    }
    if memchr::memmem::find(bytes, b"-----BEGIN ").is_some() {
        let repairs = scan_pem(bytes, origin, visit)?;
        return Ok(Scanned::Blocks {
            encoding: Encoding::Pem,
            repairs,
        });
    }
    if bytes.first() == Some(&0x30) {
        visit(BlockRef {
            label: None,
            der: bytes,
            dek_info: None,
        })?;
        return Ok(Scanned::Blocks {
            encoding: Encoding::Der,
            repairs: Vec::new(),
        });
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(unexpected(Found::Unrecognised));
    };
    let text = text.trim();
    if let Some(token) = as_jwt(text) {
        return Ok(Scanned::Jwt(token.to_owned()));
    }
    if allow_base64 {
        if let Some(decoded) = decode_base64_text(text) {
            if decoded.first() == Some(&0x30)
                || memchr::memmem::find(&decoded, b"-----BEGIN ").is_some()
            {
                let mut inner = scan_bytes(&decoded, origin, false, visit)?;
                if let Scanned::Blocks { repairs, .. } = &mut inner {
                    repairs.insert(0, Repair::Base64Wrapped);
                }
                return Ok(inner);
            }
        }
    }
    Err(unexpected(Found::Unrecognised))
}

/// `text` without surrounding whitespace and without an HTTP `Bearer ` prefix
/// (in any case), as tokens are often pasted from an `Authorization` header.
pub fn strip_bearer(text: &str) -> &str {
    let text = text.trim();
    match text.get(..7) {
        Some(prefix) if prefix.eq_ignore_ascii_case("bearer ") => {
            text.get(7..).unwrap_or_default().trim()
        }
        _ => text,
    }
}

/// Returns the token when `text` (already trimmed) is a compact JWT, tolerating `Bearer `.
fn as_jwt(text: &str) -> Option<&str> {
    let token = strip_bearer(text);
    let is_b64url = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '=';
    let parts: Vec<&str> = token.split('.').collect();
    let looks = parts.len() == 3
        && token.starts_with("eyJ")
        && parts.iter().all(|p| p.chars().all(is_b64url));
    looks.then_some(token)
}

/// Decodes one Base64 string (standard or URL-safe, padded or not, whitespace
/// ignored); `None` for blank text.
fn decode_base64_text(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    if text.trim().is_empty() {
        return None;
    }
    crate::codec::base64_decode_any(text.as_bytes())
}
