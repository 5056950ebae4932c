//! Secrets: passphrases, passwords and HMAC keys.
//!
//! A [`Secret`] owns its bytes in a `Zeroizing` buffer (wiped on drop), prints as
//! `Secret(..)` in `Debug`, and has no `Display` or `Serialize`, so it cannot end up
//! in output or logs by accident.
//!
//! Two file rules: a passphrase file is read exactly as openssl's `-passin file:`
//! reads it (the first line, see [`Input::into_passphrase`](crate::input::Input::into_passphrase)), so a key
//! encrypted by one tool opens in the other with the same file; an HMAC secret or
//! a password file keeps all its bytes but one trailing newline. A passphrase that
//! is to encrypt must not be empty ([`Secret::for_encryption`]).
//!
//! A leaf: reading a secret from a file is the input module's job
//! ([`crate::input::Input::into_secret`], [`crate::input::Input::into_passphrase`]).

use zeroize::Zeroizing;

use crate::error::{Error, Invalid, Origin, Result};

/// The most bytes openssl's `file:` passphrase source reads: its line buffer
/// holds 1024 bytes with the terminating NUL (`APP_PASS_LEN` in `apps/lib/apps.c`).
const OPENSSL_PASS_MAX: usize = 1023;

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
    pub(crate) fn from_value(bytes: &[u8], keep_newline: bool) -> Secret {
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

    /// Takes the bytes of a passphrase file as openssl's `-passin file:` does:
    /// the first line without its `\n` (a `\r` before it stays, as does any
    /// trailing space), cut at the first NUL byte and after 1023 bytes.
    pub(crate) fn from_passphrase_bytes(bytes: &[u8]) -> Secret {
        let head = bytes.get(..OPENSSL_PASS_MAX).unwrap_or(bytes);
        let end = head
            .iter()
            .position(|&b| b == b'\n' || b == 0)
            .unwrap_or(head.len());
        Secret::new(head.get(..end).unwrap_or(head).to_vec())
    }

    /// Checks that this passphrase can encrypt a key: it must not be empty.
    ///
    /// # Errors
    /// [`crate::Error::Invalid`] with [`Invalid::EmptyPassphrase`], naming `origin`
    /// (the file, variable or prompt the passphrase came from), when it is empty.
    ///
    /// # Example
    /// ```
    /// use keysmith::{Origin, Secret};
    /// let err = Secret::new("").for_encryption(&Origin::Env("PASS".into())).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "environment variable PASS: the passphrase is empty; an encrypted key needs a non-empty passphrase"
    /// );
    /// assert!(Secret::new("pw").for_encryption(&Origin::Prompt).is_ok());
    /// ```
    pub fn for_encryption(self, origin: &Origin) -> Result<Secret> {
        if self.is_empty() {
            return Err(Error::Invalid {
                origin: origin.clone(),
                reason: Invalid::EmptyPassphrase,
            });
        }
        Ok(self)
    }

    /// The secret bytes. Callers must not print or store them.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// Whether the secret has no bytes.
    pub(crate) fn is_empty(&self) -> bool {
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

    /// Issue 10: openssl's `-passin file:` keeps `\r` and trailing spaces, stops
    /// at the first `\n` or NUL, and reads at most 1023 bytes.
    #[test]
    fn issue_10_passphrase_file_follows_openssl() {
        let read = |b: &[u8]| Secret::from_passphrase_bytes(b).expose().to_vec();
        assert_eq!(read(b"abc\r\n"), b"abc\r");
        assert_eq!(read(b"pw \r\nsecond line\n"), b"pw \r");
        assert_eq!(read(b"abc\nxyz\n"), b"abc");
        assert_eq!(read(b"abc \n"), b"abc ");
        assert_eq!(read(b"ab\0c\n"), b"ab");
        assert_eq!(read(b"abc"), b"abc");
        assert_eq!(read(b"\n"), b"");
        assert_eq!(read(&[b'a'; 2000]), vec![b'a'; 1023]);
    }

    #[test]
    fn issue_10_empty_passphrase_cannot_encrypt() {
        let err = Secret::new("")
            .for_encryption(&Origin::Path("p.txt".into()))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "p.txt: the passphrase is empty; an encrypted key needs a non-empty passphrase"
        );
    }

    #[test]
    fn secret_debug_is_redacted() {
        assert_eq!(format!("{:?}", Secret::new("hunter2")), "Secret(..)");
    }
}
