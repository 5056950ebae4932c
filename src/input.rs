//! The only reader of user input, and the format sniffer.
//!
//! [`Input::read`] takes a path or `-` (standard input) and keeps the bytes with
//! their [`Origin`](crate::Origin). [`sniff`](fn@sniff) decides what the bytes are: PEM blocks (any label,
//! LF or CRLF, text around the blocks, no final newline), DER, one line of Base64
//! of either, or a compact JWT. It also repairs the broken forms keys take in
//! environment variables and JSON: PEM squashed onto one line, and PEM with
//! literal `\n` sequences. Each repair is reported as a [`Repair`] so that the
//! caller can warn. The caller says what it expects ([`crate::Expected`]), so
//! an error already names it.
//!
//! One job per file: `input/read.rs` (bounded reading, one open path for `-`
//! and files), `input/sniff.rs` (what the bytes are), `input/pem.rs` (PEM
//! armour, including the legacy `Proc-Type`/`DEK-Info` headers) and
//! `input/repair.rs` (the broken forms). Every result is a [`Sniffed`] of
//! [`Block`]s.
//!
//! This module never decodes Base64 or PEM by hand: it locates and normalises the
//! armour (glue), then hands a canonical block to `pem-rfc7468`, and Base64 text
//! to [`crate::codec`]. It never panics on any input.

use std::borrow::Cow;

use serde::Serialize;
use zeroize::Zeroize;

use crate::secret::Secret;

mod pem;
mod read;
mod repair;
mod sniff;
#[cfg(test)]
mod tests;

pub use read::Input;
pub(crate) use read::scan_file;
pub use repair::Repair;
pub(crate) use sniff::scan;
pub use sniff::sniff;

/// How the structures in an input were encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    /// PEM text (`-----BEGIN …-----`).
    Pem,
    /// Binary DER.
    Der,
    /// JSON text (a JSON Web Key).
    Json,
}

/// One structure found in an input: a PEM block or a DER blob.
///
/// `scan` shows blocks borrowed for one call (`Block<'_>`); [`sniff`](fn@sniff) keeps
/// them (`Block<'static>`). Owned DER is wiped when the block is dropped.
#[derive(Clone)]
pub struct Block<'a> {
    /// The PEM label (`PRIVATE KEY`, `CERTIFICATE`, …); `None` for DER input.
    pub label: Option<Cow<'a, str>>,
    /// The DER bytes; for a legacy encrypted PEM block, the encrypted bytes.
    pub der: Cow<'a, [u8]>,
    /// The `DEK-Info` header value (`AES-256-CBC,<hex IV>`) of a block that
    /// carried `Proc-Type: 4,ENCRYPTED` (traditional OpenSSL encryption).
    pub dek_info: Option<Cow<'a, str>>,
}

impl<'a> Block<'a> {
    /// A block borrowing its parts.
    pub(crate) fn borrowed(
        label: Option<&'a str>,
        der: &'a [u8],
        dek_info: Option<&'a str>,
    ) -> Self {
        Block {
            label: label.map(Cow::Borrowed),
            der: Cow::Borrowed(der),
            dek_info: dek_info.map(Cow::Borrowed),
        }
    }

    /// The PEM label, if any.
    pub(crate) fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }

    /// An owned copy, to keep past the scan.
    pub(crate) fn to_owned_block(&self) -> Block<'static> {
        Block {
            label: self.label.as_deref().map(|l| Cow::Owned(l.to_owned())),
            der: Cow::Owned(self.der.to_vec()),
            dek_info: self.dek_info.as_deref().map(|d| Cow::Owned(d.to_owned())),
        }
    }
}

impl Drop for Block<'_> {
    fn drop(&mut self) {
        // The DER of a key block is key material.
        if let Cow::Owned(der) = &mut self.der {
            der.zeroize();
        }
    }
}

impl std::fmt::Debug for Block<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Block")
            .field("label", &self.label)
            .field("der_len", &self.der.len())
            .field("dek_info", &self.dek_info)
            .finish()
    }
}

/// What an input holds, as [`sniff`](fn@sniff) (with its blocks, `B = Vec<Block>`) and
/// `scan` (which showed the blocks to its visitor, `B = ()`) find it.
#[derive(Clone, Debug)]
pub enum Sniffed<B = Vec<Block<'static>>> {
    /// PEM blocks in file order, or one DER blob.
    Blocks {
        /// The structures found.
        blocks: B,
        /// PEM or DER (Base64 text counts as the encoding it wrapped).
        encoding: Encoding,
        /// Broken forms that were repaired.
        repairs: Vec<Repair>,
    },
    /// A compact JWT (perhaps after an HTTP `Bearer ` prefix); no block was
    /// shown. [`crate::jwt::decode`] reads it.
    Jwt,
}

#[cfg(test)]
impl<B> Sniffed<B> {
    /// The repairs made; none for a JWT.
    pub(crate) fn repairs(&self) -> &[Repair] {
        match self {
            Sniffed::Blocks { repairs, .. } => repairs,
            Sniffed::Jwt => &[],
        }
    }
}

/// Secrets read from an input (a passphrase or password file, standard input).
impl Input {
    /// The input as a secret value (an HMAC key, a password): all its bytes
    /// but one trailing newline (`\n` or `\r\n`), unless `keep_newline` is set.
    ///
    /// # Example
    /// ```
    /// use keysmith::input::Input;
    /// let pass = Input::read(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/passphrase.txt"))?
    ///     .into_secret(false);
    /// assert_eq!(pass.expose(), b"correct horse");
    /// assert_eq!(format!("{pass:?}"), "Secret(..)");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_secret(self, keep_newline: bool) -> Secret {
        Secret::from_value(self.bytes(), keep_newline)
    }

    /// The input as a passphrase, read by openssl's `-passin file:` rule: the
    /// first line without its `\n` (a `\r` before it stays, as does any
    /// trailing space), cut at the first NUL byte and after 1023 bytes.
    ///
    /// # Example
    /// ```
    /// use keysmith::input::Input;
    /// let pass = Input::read(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/passphrase.txt"))?
    ///     .into_passphrase();
    /// assert_eq!(pass.expose(), b"correct horse");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_passphrase(self) -> Secret {
        Secret::from_passphrase_bytes(self.bytes())
    }
}
