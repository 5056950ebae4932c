//! Format sniffing: what the bytes of an input are (PEM, DER, Base64 of either,
//! or a compact JWT).

use zeroize::Zeroizing;

use super::pem::scan_pem;
use super::{Block, Encoding, Input, Repair, Sniffed};
use crate::error::{Error, Expected, InputError, Origin, Result};

/// Decides what an input holds; `expected` is what the caller needs, for the
/// error.
///
/// # Errors
/// [`Error::Input`] with `expected` and [`InputError::Empty`],
/// [`InputError::TruncatedPem`], [`InputError::BadPemBody`] or [`InputError::Unrecognised`]
/// when the bytes are none of the supported forms.
///
/// # Example
/// ```
/// use keysmith::input::{sniff, Input, Repair, Sniffed};
/// use keysmith::{Expected, Origin};
/// let pem = std::fs::read_to_string(concat!(
///     env!("CARGO_MANIFEST_DIR"),
///     "/testdata/rsa2048-spki.pem"
/// ))?;
/// let escaped = pem.replace('\n', "\\n");
/// let sniffed = sniff(&Input::from_bytes(Origin::Stdin, escaped), Expected::Key)?;
/// let Sniffed::Blocks { blocks, repairs, .. } = sniffed else { panic!("not blocks") };
/// assert_eq!((blocks.len(), repairs), (1, vec![Repair::EscapedNewlines]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sniff(input: &Input, expected: Expected) -> Result<Sniffed> {
    let mut kept = Vec::new();
    let scanned = scan(input, expected, |block| {
        kept.push(block.to_owned_block());
        Ok(())
    })?;
    Ok(match scanned {
        Sniffed::Blocks {
            encoding, repairs, ..
        } => Sniffed::Blocks {
            blocks: kept,
            encoding,
            repairs,
        },
        Sniffed::Jwt => Sniffed::Jwt,
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
pub(crate) fn scan(
    input: &Input,
    expected: Expected,
    visit: impl FnMut(Block<'_>) -> Result<()>,
) -> Result<Sniffed<()>> {
    let mut visit = visit;
    scan_bytes(input.bytes(), input.origin(), expected, true, &mut visit)
}

pub(super) type Visit<'v> = dyn FnMut(Block<'_>) -> Result<()> + 'v;

pub(super) fn scan_bytes(
    bytes: &[u8],
    origin: &Origin,
    expected: Expected,
    allow_base64: bool,
    visit: &mut Visit<'_>,
) -> Result<Sniffed<()>> {
    let unexpected = |found| Error::unexpected(origin, expected, found);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(unexpected(InputError::Empty));
    }
    if memchr::memmem::find(bytes, b"-----BEGIN ").is_some() {
        let repairs = scan_pem(bytes, origin, expected, visit)?;
        return Ok(Sniffed::Blocks {
            blocks: (),
            encoding: Encoding::Pem,
            repairs,
        });
    }
    if bytes.first() == Some(&0x30) {
        visit(Block::borrowed(None, bytes, None))?;
        return Ok(Sniffed::Blocks {
            blocks: (),
            encoding: Encoding::Der,
            repairs: Vec::new(),
        });
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(unexpected(InputError::Unrecognised));
    };
    let text = text.trim();
    if is_jwt(text) {
        return Ok(Sniffed::Jwt);
    }
    if allow_base64
        && let Some(decoded) = decode_base64_text(text)
        && (decoded.first() == Some(&0x30)
            || memchr::memmem::find(&decoded, b"-----BEGIN ").is_some())
    {
        let mut inner = scan_bytes(&decoded, origin, expected, false, visit)?;
        if let Sniffed::Blocks { repairs, .. } = &mut inner {
            repairs.insert(0, Repair::Base64Wrapped);
        }
        return Ok(inner);
    }
    Err(unexpected(InputError::Unrecognised))
}

/// Whether `text` (already trimmed) is a compact JWT, perhaps pasted from an
/// `Authorization` header with its `Bearer ` prefix (in any case; the token
/// itself is read by [`crate::jwt`], which strips the prefix the same way).
fn is_jwt(text: &str) -> bool {
    let token = match text.get(..7) {
        Some(prefix) if prefix.eq_ignore_ascii_case("bearer ") => {
            text.get(7..).unwrap_or_default().trim()
        }
        _ => text,
    };
    let is_b64url = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '=';
    token.starts_with("eyJ")
        && token.split('.').count() == 3
        && token.split('.').all(|p| p.chars().all(is_b64url))
}

/// Decodes one Base64 string (standard or URL-safe, padded or not, whitespace
/// ignored); `None` for blank text.
fn decode_base64_text(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    if text.trim().is_empty() {
        return None;
    }
    crate::codec::base64_decode_any(text.as_bytes())
}
