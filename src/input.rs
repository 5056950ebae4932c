//! The only reader of user input, and the format sniffer.
//!
//! [`Input::read`] takes a path or `-` (standard input) and keeps the bytes with
//! their [`Origin`](crate::Origin). [`sniff`] decides what the bytes are: PEM blocks (any label,
//! LF or CRLF, text around the blocks, no final newline), DER, one line of Base64
//! of either, or a compact JWT. It also repairs the broken forms keys take in
//! environment variables and JSON: PEM squashed onto one line, and PEM with
//! literal `\n` sequences. Each repair is reported as a [`Repair`] so that the
//! caller can warn.
//!
//! This module never decodes Base64 or PEM by hand: it locates and normalises the
//! armour (glue), then hands a canonical block to `pem-rfc7468`, and Base64 text
//! to the `base64` crate. It never panics on any input.

use serde::Serialize;
use zeroize::Zeroizing;

use crate::secret::Secret;

mod pem;
mod read;
mod repair;
mod sniff;
#[cfg(test)]
mod tests;

pub use read::{Input, MAX_INPUT, scan_file};
pub use repair::Repair;
pub use sniff::{scan, sniff, strip_bearer};

/// How the structures in an input were encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    /// PEM text (`-----BEGIN …-----`).
    Pem,
    /// Binary DER.
    Der,
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

    /// The input as a passphrase, read by openssl's `-passin file:` rule (the
    /// first line), see [`Secret::from_passphrase_bytes`].
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
