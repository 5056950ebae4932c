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
        return Err(too_large(origin));
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
    /// The DER bytes; for a legacy encrypted PEM block, the encrypted bytes.
    pub der: Zeroizing<Vec<u8>>,
    /// The `DEK-Info` header value (`AES-256-CBC,<hex IV>`) of a block that
    /// carried `Proc-Type: 4,ENCRYPTED` (traditional OpenSSL encryption).
    pub dek_info: Option<String>,
}

impl std::fmt::Debug for Block {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Block")
            .field("label", &self.label)
            .field("der_len", &self.der.len())
            .field("dek_info", &self.dek_info)
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

/// One structure as [`scan`] shows it: borrowed for the duration of one call.
#[derive(Clone, Copy)]
pub struct BlockRef<'a> {
    /// The PEM label (`PRIVATE KEY`, `CERTIFICATE`, …); `None` for DER input.
    pub label: Option<&'a str>,
    /// The DER bytes; for a legacy encrypted PEM block, the encrypted bytes.
    pub der: &'a [u8],
    /// The `DEK-Info` header value (`AES-256-CBC,<hex IV>`) of a block that
    /// carried `Proc-Type: 4,ENCRYPTED` (traditional OpenSSL encryption).
    pub dek_info: Option<&'a str>,
}

impl std::fmt::Debug for BlockRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlockRef")
            .field("label", &self.label)
            .field("der_len", &self.der.len())
            .field("dek_info", &self.dek_info)
            .finish()
    }
}

impl BlockRef<'_> {
    /// An owned copy (the DER in a zeroizing buffer).
    pub fn to_block(&self) -> Block {
        Block {
            label: self.label.map(str::to_owned),
            der: Zeroizing::new(self.der.to_vec()),
            dek_info: self.dek_info.map(str::to_owned),
        }
    }
}

/// What [`scan`] found besides the blocks it showed.
#[derive(Clone, Debug)]
pub enum Scanned {
    /// PEM blocks or one DER blob, all passed to the visitor.
    Blocks {
        /// PEM or DER (Base64 text counts as the encoding it wrapped).
        encoding: Encoding,
        /// Broken forms that were repaired.
        repairs: Vec<Repair>,
    },
    /// A compact JWT (a leading `Bearer ` and surrounding whitespace removed);
    /// the visitor was not called.
    Jwt(String),
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

type Visit<'v> = dyn FnMut(BlockRef<'_>) -> Result<()> + 'v;

fn scan_bytes(
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
    crate::encode::base64_decode_any(text.as_bytes())
}

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

const BEGIN: &[u8] = b"-----BEGIN ";
const END: &[u8] = b"-----END ";
const DASHES: &[u8] = b"-----";

/// `text` starts with `-----END <label>-----`.
fn is_end_line(text: &[u8], label: &[u8]) -> bool {
    text.strip_prefix(END)
        .and_then(|t| t.strip_prefix(label))
        .is_some_and(|t| t.starts_with(DASHES))
}

impl<'a> Iterator for PemBlocks<'a> {
    type Item = std::result::Result<PemBlock<'a>, Found>;

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
    fn next_from(&mut self, start: usize) -> std::result::Result<PemBlock<'a>, Found> {
        let after_begin = self.rest.get(start + BEGIN.len()..).unwrap_or_default();
        let label_end = self.dashes.find(after_begin).ok_or(Found::TruncatedPem)?;
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
                    return Err(Found::PemLabel(String::from_utf8_lossy(label).into_owned()));
                }
            }
            return Err(Found::TruncatedPem);
        };
        let body = body_and_rest.get(..end).unwrap_or_default();
        let end_line = END.len() + label.len() + DASHES.len();
        self.rest = body_and_rest.get(end + end_line..).unwrap_or_default();
        Ok(PemBlock { label, body })
    }
}

/// Replaces `from` with `to` everywhere in `text`.
fn replace(text: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut last = 0;
    for at in memchr::memmem::find_iter(text, from) {
        out.extend_from_slice(text.get(last..at).unwrap_or_default());
        out.extend_from_slice(to);
        last = at + from.len();
    }
    out.extend_from_slice(text.get(last..).unwrap_or_default());
    out
}

/// Applies the replacements in order; copies that are replaced are wiped
/// (the text may hold key material).
fn rewrite(text: &mut std::borrow::Cow<'_, [u8]>, replacements: &[(&[u8], &[u8])]) {
    for (from, to) in replacements {
        let replaced = replace(text, from, to);
        if let std::borrow::Cow::Owned(old) = std::mem::replace(text, replaced.into()) {
            drop(Zeroizing::new(old));
        }
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

fn scan_pem(bytes: &[u8], origin: &Origin, visit: &mut Visit<'_>) -> Result<Vec<Repair>> {
    let mut state = PemScan::default();
    state.window(bytes, origin, visit)?;
    state.finish(origin)
}

/// The state of a PEM scan that goes through the text window by window (each
/// window ending where a BEGIN line starts); the whole text is one window.
#[derive(Default)]
struct PemScan {
    repairs: Vec<Repair>,
    buffers: Buffers,
    /// Decided by the first window: whether the first block had no real line
    /// breaks, so that literal `\n` sequences are escaped newlines.
    escaped: Option<bool>,
    found: bool,
}

impl PemScan {
    fn window(&mut self, bytes: &[u8], origin: &Origin, visit: &mut Visit<'_>) -> Result<()> {
        let unexpected = |found| Error::unexpected(origin, Expected::Anything, found);
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
                decode_block(&label, block.body, origin, repairs, buffers, visit)
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

    fn finish(self, origin: &Origin) -> Result<Vec<Repair>> {
        if !self.found {
            return Err(Error::unexpected(
                origin,
                Expected::Anything,
                Found::TruncatedPem,
            ));
        }
        Ok(self.repairs)
    }
}

/// How much of a file [`scan_file`] reads at a time.
const WINDOW: usize = 1 << 20;

/// [`scan`] of a file (or standard input, `-`), reading a large PEM file in
/// windows of 1 MiB that end where a BEGIN line starts, so that neither the
/// text nor the decoded blocks of a large bundle are ever held whole.
///
/// Anything else (small files, DER, Base64 text, JWTs, standard input) is read
/// whole, exactly as [`Input::read`] does, and scanned as [`scan`] does.
///
/// # Errors
/// As [`Input::read`] and [`scan`].
///
/// # Example
/// ```
/// use keysmith::input::scan_file;
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/bundle-3certs.pem");
/// let mut count = 0;
/// scan_file(path, |_| {
///     count += 1;
///     Ok(())
/// })?;
/// assert_eq!(count, 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn scan_file(
    path: impl AsRef<Path>,
    visit: impl FnMut(BlockRef<'_>) -> Result<()>,
) -> Result<Scanned> {
    let path = path.as_ref();
    let mut visit = visit;
    if path == Path::new("-") {
        let input = Input::read(path)?;
        return scan_bytes(input.bytes(), input.origin(), true, &mut visit);
    }
    let origin = Origin::Path(PathBuf::from(path));
    let read_error = |source| Error::Read {
        origin: origin.clone(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(read_error)?;
    let size = file.metadata().map_or(0, |m| m.len().min(MAX_INPUT));
    if size <= WINDOW as u64 {
        // Small (or of unknown size): one read into a buffer of its size.
        let bytes = read_limited(&mut file, &origin, size)?;
        return scan_bytes(&bytes, &origin, true, &mut visit);
    }
    let mut window = Zeroizing::new(Vec::with_capacity(WINDOW + 1));
    let mut eof = fill(&mut file, &mut window, WINDOW, &origin)?;
    let mut total = window.len();
    if eof || memchr::memmem::find(&window, BEGIN).is_none() {
        let rest = read_limited(&mut file, &origin, size.saturating_sub(total as u64))?;
        let mut whole = Zeroizing::new(Vec::with_capacity(window.len() + rest.len()));
        whole.extend_from_slice(&window);
        whole.extend_from_slice(&rest);
        if whole.len() as u64 > MAX_INPUT {
            return Err(too_large(&origin));
        }
        return scan_bytes(&whole, &origin, true, &mut visit);
    }
    let last_begin = memchr::memmem::FinderRev::new(BEGIN);
    let mut state = PemScan::default();
    loop {
        // Everything before the last BEGIN line is whole blocks (at the end of
        // the file, everything is).
        let cut = if eof {
            window.len()
        } else {
            last_begin.rfind(&window[..]).unwrap_or(0)
        };
        if cut > 0 {
            state.window(window.get(..cut).unwrap_or_default(), &origin, &mut visit)?;
            window.drain(..cut);
        }
        if eof {
            break;
        }
        let before = window.len();
        eof = fill(&mut file, &mut window, before + WINDOW, &origin)?;
        total += window.len() - before;
        if total as u64 > MAX_INPUT {
            return Err(too_large(&origin));
        }
    }
    Ok(Scanned::Blocks {
        encoding: Encoding::Pem,
        repairs: state.finish(&origin)?,
    })
}

/// Reads until `buffer` holds `target` bytes; `true` at the end of the file.
/// A buffer that must grow is copied into a larger one and the old one wiped.
fn fill(
    file: &mut std::fs::File,
    buffer: &mut Zeroizing<Vec<u8>>,
    target: usize,
    origin: &Origin,
) -> Result<bool> {
    if buffer.capacity() < target {
        let mut larger = Zeroizing::new(Vec::with_capacity(target));
        larger.extend_from_slice(buffer);
        *buffer = larger;
    }
    while buffer.len() < target {
        let wanted = (target - buffer.len()) as u64;
        match (&mut *file).take(wanted).read_to_end(buffer) {
            Ok(0) => return Ok(true),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(source) => {
                return Err(Error::Read {
                    origin: origin.clone(),
                    source,
                });
            }
        }
    }
    Ok(false)
}

fn too_large(origin: &Origin) -> Error {
    Error::Read {
        origin: origin.clone(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, "input larger than 64 MiB"),
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

/// Decodes certificate Base64 into `der` (grown, never shrunk, so that it is
/// not cleared for every certificate); the length decoded.
fn decode_certificate(base64: &[u8], der: &mut Vec<u8>) -> Option<usize> {
    use base64::engine::general_purpose::STANDARD;
    let needed = base64::decoded_len_estimate(base64.len());
    if der.len() < needed {
        der.resize(needed, 0);
    }
    STANDARD.decode_slice(base64, der).ok()
}

fn decode_block(
    label: &str,
    body: &[u8],
    origin: &Origin,
    repairs: &mut Vec<Repair>,
    buffers: &mut Buffers,
    visit: &mut Visit<'_>,
) -> Result<()> {
    let unexpected = |found| Error::unexpected(origin, Expected::Anything, found);
    let trimmed = body.trim_ascii();
    if memchr::memchr(b':', trimmed).is_some() {
        // RFC 1421 encapsulated headers: only the traditional OpenSSL encryption
        // ones are understood; the Base64 after them is decoded as any key's.
        let (dek_info, rest) =
            legacy_headers(trimmed).ok_or_else(|| unexpected(Found::BadPemBody))?;
        let der = decode_key_body(label, rest).ok_or_else(|| unexpected(Found::BadPemBody))?;
        return visit(BlockRef {
            label: Some(label),
            der: &der,
            dek_info: Some(dek_info),
        });
    }
    let squashed = memchr::memchr(b'\n', body).is_none() && !trimmed.is_empty();
    if squashed && !repairs.contains(&Repair::SquashedPem) {
        repairs.push(Repair::SquashedPem);
    }
    if !trimmed.is_ascii() {
        return Err(unexpected(Found::BadPemBody));
    }
    // Certificates are public: the fast Base64 decoder and reused buffers are
    // fine for them, and they keep thumbprints of large bundles quick.
    // Everything else (keys) goes through pem-rfc7468, whose Base64 runs in
    // constant time, in buffers of its own that are wiped after use.
    if label.ends_with("CERTIFICATE") {
        let Buffers { compact, der } = buffers;
        compact.clear();
        compact_lines_into(trimmed, compact);
        let len = match decode_certificate(compact, der) {
            Some(len) => len,
            None => {
                compact.clear();
                compact_all_into(trimmed, compact);
                decode_certificate(compact, der).ok_or_else(|| unexpected(Found::BadPemBody))?
            }
        };
        return visit(BlockRef {
            label: Some(label),
            der: der.get(..len).unwrap_or_default(),
            dek_info: None,
        });
    }
    let der = decode_key_body(label, trimmed).ok_or_else(|| unexpected(Found::BadPemBody))?;
    visit(BlockRef {
        label: Some(label),
        der: &der,
        dek_info: None,
    })
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

#[cfg(test)]
mod tests {
    #[test]
    fn strip_bearer_takes_the_prefix_in_any_case() {
        for text in [
            "Bearer a.b.c",
            "bearer a.b.c",
            "BEARER a.b.c",
            " Bearer  a.b.c \n",
            "a.b.c",
        ] {
            assert_eq!(strip_bearer(text), "a.b.c", "{text:?}");
        }
        assert_eq!(strip_bearer("Bearer"), "Bearer");
        assert_eq!(strip_bearer("Bearerx a"), "Bearerx a");
        assert_eq!(strip_bearer("Bé"), "Bé");
    }

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

    /// Issue 10 §5: the `Proc-Type`/`DEK-Info` headers are read and the body
    /// after them decoded; other headers are refused as before.
    #[test]
    fn sniff_reads_legacy_encryption_headers() {
        let pem = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\
                   DEK-Info: DES-CBC,0011223344556677\n\nMAA=\n-----END RSA PRIVATE KEY-----\n";
        for text in [pem.to_owned(), pem.replace('\n', "\r\n")] {
            let Content::Blocks(b) = sniff_str(&text).unwrap().content else {
                panic!("blocks")
            };
            assert_eq!(b[0].dek_info.as_deref(), Some("DES-CBC,0011223344556677"));
            assert_eq!(&b[0].der[..], &[0x30, 0x00]);
        }
        for bad in [
            pem.replace("Proc-Type: 4,ENCRYPTED\n", ""),
            pem.replace("DEK-Info", "X-Info"),
            pem.replace("Proc-Type: 4,ENCRYPTED", "Comment: hello"),
        ] {
            let err = sniff_str(&bad).unwrap_err();
            assert!(
                err.to_string().ends_with("not valid Base64"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn sniff_recognises_jwt_with_bearer() {
        let s = sniff_str("Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc\n").unwrap();
        assert!(matches!(s.content, Content::Jwt(ref t) if t == "eyJhbGciOiJIUzI1NiJ9.e30.abc"));
    }

    /// Labels and DER of the blocks a scan visited, and its repairs.
    type Visited = (Vec<(Option<String>, Vec<u8>)>, Vec<Repair>);

    fn blocks_of(
        scan: impl FnOnce(&mut dyn FnMut(BlockRef<'_>) -> Result<()>) -> Result<Scanned>,
    ) -> Visited {
        let mut blocks = Vec::new();
        let scanned = scan(&mut |b| {
            blocks.push((b.label.map(str::to_owned), b.der.to_vec()));
            Ok(())
        })
        .unwrap();
        let Scanned::Blocks { repairs, .. } = scanned else {
            panic!("blocks")
        };
        (blocks, repairs)
    }

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/testdata/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    /// A file over the window size is read window by window; the blocks and
    /// repairs are those of the whole text, also with CRLF line endings and with
    /// a key and junk between the certificates.
    #[test]
    fn scan_file_windows_agree_with_the_whole_text() {
        let bundle = fixture("bundle-3certs.pem");
        let key = fixture("rsa2048-pkcs8.pem");
        let mut one = bundle.clone();
        one.extend_from_slice(b"junk between blocks\n");
        one.extend_from_slice(&key);
        let copies = WINDOW / one.len() * 2 + 1;
        let dir = tempfile::tempdir().unwrap();
        for crlf in [false, true] {
            let mut text = one.repeat(copies);
            if crlf {
                text = replace(&text, b"\n", b"\r\n");
            }
            assert!(text.len() > 2 * WINDOW);
            let path = dir.path().join("big.pem");
            std::fs::write(&path, &text).unwrap();
            let whole = Input::from_bytes(Origin::Path(path.clone()), text);
            let (expected, _) = blocks_of(|v| scan(&whole, v));
            let (windowed, repairs) = blocks_of(|v| scan_file(&path, v));
            assert_eq!(windowed.len(), copies * 4);
            assert!(windowed == expected, "crlf: {crlf}");
            assert!(repairs.is_empty());
        }
    }

    #[test]
    fn scan_file_reports_a_truncated_last_block_of_a_large_file() {
        let mut text = fixture("bundle-3certs.pem").repeat(WINDOW / 1000);
        text.extend_from_slice(b"-----BEGIN CERTIFICATE-----\nMAA=\n");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.pem");
        std::fs::write(&path, &text).unwrap();
        let err = scan_file(&path, |_| Ok(())).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("found a truncated PEM block (no END line)"),
            "{err}"
        );
    }

    /// Certificates wrapped at other widths, or squashed onto one line, decode
    /// as the usual 64-column layout does.
    #[test]
    fn scan_decodes_certificates_in_any_layout() {
        let pem = String::from_utf8(fixture("client.pem")).unwrap();
        let (expected, _) = blocks_of(|v| scan(&Input::from_bytes(Origin::Stdin, pem.clone()), v));
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        let wrapped = |width: usize, sep: &str| {
            let lines: Vec<&str> = body
                .as_bytes()
                .chunks(width)
                .map(|c| std::str::from_utf8(c).unwrap())
                .collect();
            format!(
                "-----BEGIN CERTIFICATE-----{sep}{}{sep}-----END CERTIFICATE-----\n",
                lines.join(sep)
            )
        };
        for (width, sep) in [
            (76, "\n"),
            (64, " "),
            (63, "\n"),
            (64, "\n  "),
            (10_000, "\n"),
        ] {
            let text = wrapped(width, sep);
            let (blocks, _) =
                blocks_of(|v| scan(&Input::from_bytes(Origin::Stdin, text.clone()), v));
            assert!(blocks == expected, "width {width} sep {sep:?}");
        }
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
