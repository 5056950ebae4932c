//! The command-line advice a library error deserves ("use --force to replace it").
//!
//! The library names no flag and gives no advice: it says what went wrong and
//! where. This module picks, by the error's variant (never its text), the flag
//! or command that would help, and `cmd::Failure` prints it after the message.

use std::borrow::Cow;

use keysmith::text::escape_path;
use keysmith::{CacheError, ConfigProblem, Error, Invalid, KeyError, ProfileError};

/// The advice for `err`, if the command line can offer any.
pub fn hint(err: &Error) -> Option<Cow<'static, str>> {
    let fixed = match err {
        Error::Exists { .. } => "use --force to replace it",
        Error::NeedsPassphrase { .. } => "give --passphrase-file or --passphrase-env",
        Error::Invalid {
            reason: Invalid::SecretLooksLikeKey,
            ..
        } => "use --key for RSA keys",
        Error::Invalid {
            reason: Invalid::PrivateKeyRefused,
            ..
        } => "run 'keysmith pubkey' to get its public key and use that",
        Error::Invalid {
            reason: Invalid::NotCa,
            ..
        } => "make a test CA with 'keysmith cert self-signed --ca'",
        Error::Cache(CacheError::DirMode { path, .. }) => {
            return Some(format!("run: chmod 700 {}", escape_path(path)).into());
        }
        Error::Cache(CacheError::NoDir) => "set one of them",
        Error::Profile(ProfileError::Config {
            problem: ConfigProblem::PlainHttp,
            ..
        }) => "use https",
        Error::Profile(ProfileError::Config {
            problem: ConfigProblem::LiteralSecret,
            ..
        }) => "read it from a file or a variable (`*_file`/`*_env`, `{ file = … }`, `{ env = … }`)",
        _ => return None,
    };
    Some(Cow::Borrowed(fixed))
}

/// Which command asked for a key form: their flags differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Asked {
    /// `convert --to …`.
    Convert,
    /// `pubkey --pkcs1`.
    Pubkey,
}

/// The whole message for a key asked for in a form it does not have
/// ([`keysmith::key::Unfit`]), with the flags that would work; `None` for any
/// other error.
pub fn unfit(err: &Error, asked: Asked) -> Option<&'static str> {
    use keysmith::key::{Format, KeyAlgorithm, Unfit};
    let Error::Key {
        found: KeyError::Unfit(why),
        ..
    } = err
    else {
        return None;
    };
    Some(match (why, asked) {
        (Unfit::PublicKeyProtection, _) => {
            "--encrypt and --decrypt apply to private keys; this is a public key"
        }
        (Unfit::Encrypted(Format::Pkcs1), _) => {
            "PKCS#1 keys cannot be encrypted by keysmith; use --to pkcs8, \
             or --decrypt to write the key unencrypted"
        }
        (Unfit::Encrypted(_), _) => {
            "SEC1 keys cannot be encrypted by keysmith; use --to pkcs8, \
             or --decrypt to write the key unencrypted"
        }
        (Unfit::Form { .. }, Asked::Pubkey) => {
            "--pkcs1 applies to RSA keys; EC and Ed25519 public keys are SPKI only"
        }
        (
            Unfit::Form {
                format: Format::Sec1,
                algorithm: KeyAlgorithm::Rsa,
                ..
            },
            _,
        ) => "SEC1 is for EC keys: use --to pkcs8 or --to pkcs1 for an RSA key",
        (Unfit::Form { private: false, .. }, _) => {
            "EC and Ed25519 public keys have one form, SPKI: use --to pkcs8"
        }
        (
            Unfit::Form {
                format: Format::Sec1,
                ..
            },
            _,
        ) => "Ed25519 keys have no SEC1 form: use --to pkcs8",
        (Unfit::Form { .. }, _) => "PKCS#1 is for RSA keys: use --to pkcs8 or (EC keys) --to sec1",
        _ => return None,
    })
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
        assert_eq!(hint(&exists).as_deref(), Some("use --force to replace it"));
        let encrypted = Error::NeedsPassphrase {
            origin: Origin::Stdin,
            expected: Expected::PrivateKey,
            encrypted: Encrypted::PrivateKey,
        };
        assert_eq!(
            hint(&encrypted).as_deref(),
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

    #[test]
    fn hint_gives_the_cache_advice_the_library_leaves_out() {
        let open = Error::Cache(CacheError::DirMode {
            path: "/tmp/c\x1b".into(),
            mode: 0o755,
        });
        assert_eq!(hint(&open).as_deref(), Some("run: chmod 700 /tmp/c\\u001b"));
        assert_eq!(
            format!("{open}"),
            "cache directory /tmp/c\\u001b has mode 755, so other users may read or change its tokens"
        );
        let none = Error::Cache(CacheError::NoDir);
        assert_eq!(hint(&none).as_deref(), Some("set one of them"));
    }

    #[test]
    fn issue_11_literal_secret_advice_is_the_command_lines() {
        let literal = Error::Profile(ProfileError::Config {
            file: "k.toml".into(),
            profile: Some("x".to_owned()),
            key: Some("basic.password".to_owned()),
            problem: ConfigProblem::LiteralSecret,
        });
        assert_eq!(
            literal.to_string(),
            "k.toml: profile 'x', key 'basic.password': a secret cannot be written in the configuration"
        );
        assert_eq!(
            hint(&literal).as_deref(),
            Some(
                "read it from a file or a variable (`*_file`/`*_env`, `{ file = … }`, `{ env = … }`)"
            )
        );
    }
}
