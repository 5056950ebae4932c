//! The command-line advice a library error deserves ("use --force to replace it").
//!
//! The library names no flag and gives no advice: it says what went wrong and
//! where. This module picks, by the error's variant (never its text), the flag
//! or command that would help, and `cmd::Failure` prints it after the message.

use keysmith::{Error, Invalid};

/// The advice for `err`, if the command line can offer any.
pub fn hint(err: &Error) -> Option<&'static str> {
    match err {
        Error::Exists { .. } => Some("use --force to replace it"),
        Error::NeedsPassphrase { .. } => Some("give --passphrase-file or --passphrase-env"),
        Error::Invalid {
            reason: Invalid::SecretLooksLikeKey,
            ..
        } => Some("use --key for RSA keys"),
        Error::Invalid {
            reason: Invalid::PrivateKeyRefused,
            ..
        } => Some("run 'keysmith pubkey' to get its public key and use that"),
        Error::Invalid {
            reason: Invalid::NotCa,
            ..
        } => Some("make a test CA with 'keysmith cert self-signed --ca'"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use keysmith::{Encrypted, Expected, KeyError, Origin};

    #[test]
    fn hint_names_the_flag_for_each_advised_error() {
        let exists = Error::Exists {
            path: "k.pem".into(),
        };
        assert_eq!(hint(&exists), Some("use --force to replace it"));
        let encrypted = Error::NeedsPassphrase {
            origin: Origin::Stdin,
            expected: Expected::PrivateKey,
            encrypted: Encrypted::PrivateKey,
        };
        assert_eq!(
            hint(&encrypted),
            Some("give --passphrase-file or --passphrase-env")
        );
        let pkcs12 = Error::NeedsPassphrase {
            origin: Origin::Stdin,
            expected: Expected::Pkcs12,
            encrypted: Encrypted::Pkcs12,
        };
        assert_eq!(hint(&pkcs12), hint(&encrypted));
        let small = Error::Key {
            origin: Origin::Stdin,
            expected: Expected::PrivateKey,
            found: KeyError::SmallKey { bits: 1024 },
        };
        assert_eq!(hint(&small), None);
    }
}
