//! The command-line advice a library error deserves ("use --force to replace it").
//!
//! The library names no flag and gives no advice: it says what went wrong and
//! where. This module picks, by the error's variant (never its text), the flag
//! or command that would help, and `cmd::Failure` prints it after the message.

use keysmith::{Error, Found, Invalid};

/// The advice for `err`, if the command line can offer any.
pub fn hint(err: &Error) -> Option<&'static str> {
    match err {
        Error::Exists { .. } => Some("use --force to replace it"),
        Error::Unexpected {
            found: Found::EncryptedKey,
            ..
        }
        | Error::Pkcs12Passphrase { .. } => Some("give --passphrase-file or --passphrase-env"),
        Error::Invalid {
            reason: Invalid::SecretLooksLikeKey,
            ..
        } => Some("use --key for RSA keys"),
        Error::Invalid {
            reason: Invalid::PrivateKeyRefused,
            ..
        } => Some("run 'keysmith pubkey' to get its public key and use that"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use keysmith::{Expected, Origin};

    #[test]
    fn hint_names_the_flag_for_each_advised_error() {
        let exists = Error::Exists {
            path: "k.pem".into(),
        };
        assert_eq!(hint(&exists), Some("use --force to replace it"));
        let encrypted = Error::Unexpected {
            origin: Origin::Stdin,
            expected: Expected::PrivateKey,
            found: Found::EncryptedKey,
        };
        assert_eq!(
            hint(&encrypted),
            Some("give --passphrase-file or --passphrase-env")
        );
        let pkcs12 = Error::Pkcs12Passphrase {
            origin: Origin::Stdin,
        };
        assert_eq!(hint(&pkcs12), hint(&encrypted));
        let small = Error::Unexpected {
            origin: Origin::Stdin,
            expected: Expected::PrivateKey,
            found: Found::SmallKey { bits: 1024 },
        };
        assert_eq!(hint(&small), None);
    }
}
