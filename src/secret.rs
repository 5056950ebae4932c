//! Secrets: passphrases, passwords and HMAC keys.
//!
//! A [`Secret`] owns its bytes in a `Zeroizing` buffer (wiped on drop), prints as
//! `Secret(..)` in `Debug`, and has no `Display` or `Serialize`, so it cannot end up
//! in output or logs by accident. Reading a secret from a file drops one trailing
//! newline, as openssl's `file:` source does, unless the caller asks to keep it.

use std::path::Path;

use zeroize::Zeroizing;

use crate::error::Result;
use crate::input::Input;

/// Secret bytes, zeroized on drop and never printed.
#[derive(Clone)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

impl Secret {
    /// Wraps bytes as they are.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Secret {
        Secret(Zeroizing::new(bytes.into()))
    }

    /// Takes a value read from a file or an environment variable: one trailing
    /// newline (`\n` or `\r\n`) is dropped unless `keep_newline` is set.
    pub fn from_value(bytes: &[u8], keep_newline: bool) -> Secret {
        let mut end = bytes.len();
        if !keep_newline {
            if bytes.ends_with(b"\r\n") {
                end -= 2;
            } else if bytes.ends_with(b"\n") {
                end -= 1;
            }
        }
        Secret::new(bytes.get(..end).unwrap_or(bytes).to_vec())
    }

    /// Reads a secret from a file (or `-` for standard input), dropping one trailing
    /// newline unless `keep_newline` is set.
    ///
    /// # Errors
    /// [`crate::Error::Read`] when the file cannot be read.
    ///
    /// # Example
    /// ```
    /// use keysmith::Secret;
    /// let pass = Secret::from_file(
    ///     concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/passphrase.txt"),
    ///     false,
    /// )?;
    /// assert_eq!(pass.expose(), b"correct horse");
    /// assert_eq!(format!("{pass:?}"), "Secret(..)");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_file(path: impl AsRef<Path>, keep_newline: bool) -> Result<Secret> {
        let input = Input::read(path)?;
        Ok(Secret::from_value(input.bytes(), keep_newline))
    }

    /// The secret bytes. Callers must not print or store them.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// Whether the secret has no bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_drops_exactly_one_trailing_newline() {
        assert_eq!(Secret::from_value(b"pw\n\n", false).expose(), b"pw\n");
        assert_eq!(Secret::from_value(b"pw\r\n", false).expose(), b"pw");
        assert_eq!(Secret::from_value(b"pw\n", true).expose(), b"pw\n");
        assert_eq!(Secret::from_value(b"", false).expose(), b"");
    }

    #[test]
    fn secret_debug_is_redacted() {
        assert_eq!(format!("{:?}", Secret::new("hunter2")), "Secret(..)");
    }
}
