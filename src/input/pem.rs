//! PEM armour: locating blocks (any label, text around them), the legacy
//! `Proc-Type`/`DEK-Info` headers, and decoding bodies through `pem-rfc7468` and
//! the `base64` crate.

use zeroize::Zeroizing;

use super::repair::rewrite;
use super::sniff::Visit;
use super::{Block, Repair};
use crate::error::{Error, Expected, InputError, Origin, Result};

/// One PEM block located in text: its label and its raw body (between the
/// BEGIN and END lines, headers and line breaks included), not yet decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PemBlock<'a> {
    label: &'a [u8],
    body: &'a [u8],
}

/// The PEM blocks of `text` in order, found lazily: each `next` finds one
/// BEGIN line and its matching END line. Text around the blocks is skipped.
/// An error (a BEGIN without its END) ends the iteration.
pub(crate) fn pem_blocks(text: &[u8]) -> PemBlocks<'_> {
    PemBlocks {
        rest: text,
        failed: false,
        begin: memchr::memmem::Finder::new(BEGIN),
        dashes: memchr::memmem::Finder::new(DASHES),
    }
}

/// The iterator [`pem_blocks`] returns.
pub(crate) struct PemBlocks<'a> {
    rest: &'a [u8],
    failed: bool,
    begin: memchr::memmem::Finder<'static>,
    dashes: memchr::memmem::Finder<'static>,
}

pub(super) const BEGIN: &[u8] = b"-----BEGIN ";
pub(super) const END: &[u8] = b"-----END ";
const DASHES: &[u8] = b"-----";

/// `text` starts with `-----END <label>-----`.
fn is_end_line(text: &[u8], label: &[u8]) -> bool {
    text.strip_prefix(END)
        .and_then(|t| t.strip_prefix(label))
        .is_some_and(|t| t.starts_with(DASHES))
}

impl<'a> Iterator for PemBlocks<'a> {
    type Item = std::result::Result<PemBlock<'a>, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let start = self.begin.find(self.rest)?;
        let result = self.next_from(start);
        self.failed = result.is_err();
        Some(result)
    }
}

impl<'a> PemBlocks<'a> {
    fn next_from(&mut self, start: usize) -> std::result::Result<PemBlock<'a>, InputError> {
        let after_begin = self.rest.get(start + BEGIN.len()..).unwrap_or_default();
        let label_end = self
            .dashes
            .find(after_begin)
            .ok_or(InputError::TruncatedPem)?;
        let label = after_begin
            .get(..label_end)
            .unwrap_or_default()
            .trim_ascii();
        let body_and_rest = after_begin
            .get(label_end + DASHES.len()..)
            .unwrap_or_default();
        // The Base64 body holds no '-': the first one (a fast memchr) is usually
        // where the END line starts.
        let at_dash = memchr::memchr(b'-', body_and_rest)
            .filter(|&i| is_end_line(body_and_rest.get(i..).unwrap_or_default(), label));
        let end = at_dash.or_else(|| {
            memchr::memmem::find_iter(body_and_rest, END)
                .find(|&i| is_end_line(body_and_rest.get(i..).unwrap_or_default(), label))
        });
        let Some(end) = end else {
            if let Some(other) = memchr::memmem::find(body_and_rest, END) {
                let tail = body_and_rest.get(other + END.len()..).unwrap_or_default();
                let other_label = memchr::memmem::find(tail, DASHES)
                    .and_then(|i| tail.get(..i))
                    .unwrap_or(tail);
                if other_label != label {
                    return Err(InputError::PemLabel(
                        String::from_utf8_lossy(label).into_owned(),
                    ));
                }
            }
            return Err(InputError::TruncatedPem);
        };
        let body = body_and_rest.get(..end).unwrap_or_default();
        let end_line = END.len() + label.len() + DASHES.len();
        self.rest = body_and_rest.get(end + end_line..).unwrap_or_default();
        Ok(PemBlock { label, body })
    }
}

/// Buffers reused from one PEM block to the next.
#[derive(Default)]
struct Buffers {
    /// The Base64 body of a certificate without line breaks (public data).
    compact: Vec<u8>,
    /// The DER of a certificate (public data).
    der: Vec<u8>,
}

pub(super) fn scan_pem(
    bytes: &[u8],
    origin: &Origin,
    expected: Expected,
    visit: &mut Visit<'_>,
) -> Result<Vec<Repair>> {
    let mut state = PemScan::new(expected);
    state.window(bytes, origin, visit)?;
    state.finish(origin)
}

/// The state of a PEM scan that goes through the text window by window (each
/// window ending where a BEGIN line starts); the whole text is one window.
pub(super) struct PemScan {
    /// What the caller needs, for the errors.
    expected: Expected,
    repairs: Vec<Repair>,
    buffers: Buffers,
    /// Decided by the first window: whether the first block had no real line
    /// breaks, so that literal `\n` sequences are escaped newlines.
    escaped: Option<bool>,
    found: bool,
}

impl PemScan {
    pub(super) fn new(expected: Expected) -> PemScan {
        PemScan {
            expected,
            repairs: Vec::new(),
            buffers: Buffers::default(),
            escaped: None,
            found: false,
        }
    }

    pub(super) fn window(
        &mut self,
        bytes: &[u8],
        origin: &Origin,
        visit: &mut Visit<'_>,
    ) -> Result<()> {
        let expected = self.expected;
        let unexpected = |found| Error::unexpected(origin, expected, found);
        // Borrowed unless a repair rewrites it: a large bundle is not copied. Text
        // that is not UTF-8 is fine around the blocks; inside one it is refused.
        let mut text = std::borrow::Cow::Borrowed(bytes);
        if memchr::memchr(b'\r', &text).is_some() {
            rewrite(&mut text, &[(b"\r\n", b"\n"), (b"\r", b"\n")]);
        }
        let escaped = *self.escaped.get_or_insert_with(|| {
            let begin = memchr::memmem::find(&text, BEGIN).unwrap_or(0);
            // Only a block without real line breaks was escaped.
            let after = text.get(begin..).unwrap_or_default();
            let block_end = memchr::memmem::find(after, END).unwrap_or(after.len());
            let block = after.get(..block_end).unwrap_or_default();
            memchr::memchr(b'\n', block.trim_ascii_end()).is_none()
        });
        if escaped && memchr::memmem::find(&text, b"\\n").is_some() {
            rewrite(&mut text, &[(b"\\r\\n", b"\n"), (b"\\n", b"\n")]);
            if !self.repairs.contains(&Repair::EscapedNewlines) {
                self.repairs.push(Repair::EscapedNewlines);
            }
        }
        let mut result = Ok(());
        for block in pem_blocks(&text) {
            result = block.map_err(unexpected).and_then(|block| {
                let label = String::from_utf8_lossy(block.label);
                let (repairs, buffers) = (&mut self.repairs, &mut self.buffers);
                decode_block(
                    &label,
                    block.body,
                    (origin, expected),
                    repairs,
                    buffers,
                    visit,
                )
            });
            if result.is_err() {
                break;
            }
            self.found = true;
        }
        // The rewritten copies may hold key material: wipe them.
        if let std::borrow::Cow::Owned(owned) = text {
            drop(Zeroizing::new(owned));
        }
        result
    }

    pub(super) fn finish(self, origin: &Origin) -> Result<Vec<Repair>> {
        if !self.found {
            return Err(Error::unexpected(
                origin,
                self.expected,
                InputError::TruncatedPem,
            ));
        }
        Ok(self.repairs)
    }
}

/// Appends the Base64 body without its line breaks to `out`: each line trimmed
/// and copied whole. Whitespace inside a line (squashed PEM) is left for the
/// decoder to refuse; [`compact_all_into`] then removes it byte by byte.
fn compact_lines_into(body: &[u8], out: &mut Vec<u8>) {
    out.reserve(body.len());
    // The usual layout first: 64 characters and a line feed, as openssl writes.
    let mut rest = body;
    while let Some((line, tail)) = rest.split_at_checked(65) {
        match line.split_last() {
            Some((b'\n', text)) => out.extend_from_slice(text),
            _ => break,
        }
        rest = tail;
    }
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', rest).chain(std::iter::once(rest.len())) {
        out.extend_from_slice(rest.get(start..end).unwrap_or_default().trim_ascii());
        start = end + 1;
    }
}

/// Appends the Base64 body without any whitespace to `out`.
fn compact_all_into(body: &[u8], out: &mut Vec<u8>) {
    out.reserve(body.len());
    out.extend(body.iter().filter(|b| !b.is_ascii_whitespace()));
}

fn decode_block(
    label: &str,
    body: &[u8],
    (origin, expected): (&Origin, Expected),
    repairs: &mut Vec<Repair>,
    buffers: &mut Buffers,
    visit: &mut Visit<'_>,
) -> Result<()> {
    let unexpected = |found| Error::unexpected(origin, expected, found);
    let trimmed = body.trim_ascii();
    if memchr::memchr(b':', trimmed).is_some() {
        // RFC 1421 encapsulated headers: only the traditional OpenSSL encryption
        // ones are understood; the Base64 after them is decoded as any key's.
        let (dek_info, rest) =
            legacy_headers(trimmed).ok_or_else(|| unexpected(InputError::BadPemBody))?;
        let der = decode_key_body(label, rest).ok_or_else(|| unexpected(InputError::BadPemBody))?;
        return visit(Block::borrowed(Some(label), &der, Some(dek_info)));
    }
    let squashed = memchr::memchr(b'\n', body).is_none() && !trimmed.is_empty();
    if squashed && !repairs.contains(&Repair::SquashedPem) {
        repairs.push(Repair::SquashedPem);
    }
    if !trimmed.is_ascii() {
        return Err(unexpected(InputError::BadPemBody));
    }
    // Certificates are public: the fast Base64 decoder and reused buffers are
    // fine for them, and they keep thumbprints of large bundles quick.
    // Everything else (keys) goes through pem-rfc7468, whose Base64 runs in
    // constant time, in buffers of its own that are wiped after use.
    if label.ends_with("CERTIFICATE") {
        let Buffers { compact, der } = buffers;
        compact.clear();
        compact_lines_into(trimmed, compact);
        let len = match crate::codec::base64_decode_into(compact, der) {
            Some(len) => len,
            None => {
                compact.clear();
                compact_all_into(trimmed, compact);
                crate::codec::base64_decode_into(compact, der)
                    .ok_or_else(|| unexpected(InputError::BadPemBody))?
            }
        };
        return visit(Block::borrowed(
            Some(label),
            der.get(..len).unwrap_or_default(),
            None,
        ));
    }
    let der = decode_key_body(label, trimmed).ok_or_else(|| unexpected(InputError::BadPemBody))?;
    visit(Block::borrowed(Some(label), &der, None))
}

/// The `DEK-Info` value of a block whose headers say `Proc-Type: 4,ENCRYPTED`,
/// and the text after the headers; `None` for any other headers, or when the
/// `DEK-Info` header is missing or not ASCII.
fn legacy_headers(body: &[u8]) -> Option<(&str, &[u8])> {
    let mut encrypted = false;
    let mut dek_info = None;
    let mut rest = body;
    while let Some(line) = rest.split(|&b| b == b'\n').next() {
        let Some(colon) = memchr::memchr(b':', line) else {
            break;
        };
        let name = line.get(..colon).unwrap_or_default().trim_ascii();
        let value = line.get(colon + 1..).unwrap_or_default().trim_ascii();
        if name.eq_ignore_ascii_case(b"Proc-Type") {
            encrypted = value == b"4,ENCRYPTED";
        } else if name.eq_ignore_ascii_case(b"DEK-Info") {
            dek_info = std::str::from_utf8(value).ok();
        }
        rest = rest.get(line.len() + 1..).unwrap_or_default();
    }
    match (encrypted, dek_info) {
        (true, Some(dek_info)) if dek_info.is_ascii() => Some((dek_info, rest)),
        _ => None,
    }
}

/// Decodes the Base64 body of a key block through `pem-rfc7468` (constant-time
/// Base64), in buffers that are wiped after use; `None` when it is not Base64.
fn decode_key_body(label: &str, body: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let mut compact = Zeroizing::new(Vec::new());
    compact_all_into(body, &mut compact);
    if !compact.is_ascii() {
        return None;
    }
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
    let (_, der) = pem_rfc7468::decode_vec(canonical.as_bytes()).ok()?;
    Some(Zeroizing::new(der))
}
