//! [`convert`]: a loaded key re-encoded in the form asked for, or a typed
//! refusal ([`Unfit`]) when that form does not fit the key. The one place that
//! knows which key can be written how: PKCS#8 (SPKI for a public key) for every
//! key, PKCS#1 for RSA keys, SEC1 for EC private keys, encryption for PKCS#8
//! private keys only.

use zeroize::Zeroizing;

use super::encode::{JSON_OUTPUT, encode_curve_private, encode_rsa_private};
use super::{AnyKey, CurveKey, Format, Key, KeyAlgorithm, PrivateFormat, Protection, PublicFormat};
use crate::error::{Error, Expected, KeyError, Origin};
use crate::input::Encoding;
use crate::secret::Secret;

/// Why a key cannot be written in the form asked of [`convert`]: the
/// [`KeyError::Unfit`] of an [`Error::Key`].
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unfit {
    /// Encryption was to be added or removed, but the key is a public key,
    /// which is never encrypted.
    PublicKeyProtection,
    /// The key was to be written encrypted in this format (PKCS#1 or SEC1);
    /// keysmith encrypts PKCS#8 only.
    Encrypted(Format),
    /// The key has no such form: PKCS#1 is for RSA keys, SEC1 for EC private
    /// keys, and an EC or Ed25519 public key has SPKI only.
    Form {
        /// The format asked for.
        format: Format,
        /// The key's algorithm: RSA, EC or Ed25519.
        algorithm: KeyAlgorithm,
        /// Whether the key is a private key.
        private: bool,
    },
}

/// How reports name a format.
fn format_name(format: Format) -> &'static str {
    match format {
        Format::Pkcs8 => "PKCS#8",
        Format::Pkcs1 => "PKCS#1",
        Format::Spki => "SPKI",
        Format::Sec1 => "SEC1",
        Format::Jwk => "JWK",
    }
}

impl std::fmt::Display for Unfit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unfit::PublicKeyProtection => {
                f.write_str("a public key, which is never encrypted or decrypted")
            }
            Unfit::Encrypted(format) => write!(
                f,
                "a private key to be written encrypted as {}, which keysmith does not \
                 encrypt (it encrypts PKCS#8)",
                format_name(*format)
            ),
            Unfit::Form {
                format,
                algorithm,
                private,
            } => {
                let name = match algorithm {
                    KeyAlgorithm::Rsa => "an RSA",
                    KeyAlgorithm::Ec => "an EC",
                    KeyAlgorithm::Ed25519 => "an Ed25519",
                    _ => "a",
                };
                let kind = if *private { "private" } else { "public" };
                write!(
                    f,
                    "{name} {kind} key, which has no {} form",
                    format_name(*format)
                )
            }
        }
    }
}

/// Writes a key read by [`super::load`] (and `encrypted` if it was) in `to`
/// (PKCS#8, PKCS#1 or SEC1; SPKI and PKCS#8 both mean SPKI for a public key) as
/// PEM or DER, encrypted as `protection` says. `passphrase` is called only when
/// the output is encrypted (after every refusal), for the passphrase to encrypt
/// with.
///
/// # Errors
/// [`Error::Key`] with [`KeyError::Unfit`] naming `origin` when the key cannot
/// be written so; whatever `passphrase` returns; [`Error::Crypto`] if encoding fails (also for a JWK or JSON,
/// which [`crate::jwk`] writes).
///
/// # Security
/// For a private key the returned bytes are key material, wiped when dropped.
///
/// # Example
/// ```
/// use keysmith::{Error, KeyError};
/// use keysmith::input::{Encoding, Input};
/// use keysmith::key::{self, Format, Protection, Unfit};
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let input = Input::read(format!("{dir}/testdata/ec-p384-sec1.pem"))?;
/// let loaded = key::load(&input, None)?;
/// let no_passphrase = || Ok::<_, Error>(keysmith::Secret::new("not asked for"));
/// let sec1 = key::convert(&loaded.key, false, Format::Sec1, Protection::Keep,
///     Encoding::Pem, input.origin(), no_passphrase)?;
/// assert_eq!(sec1.as_slice(), input.bytes());
/// let refused = key::convert(&loaded.key, false, Format::Pkcs1, Protection::Keep,
///     Encoding::Pem, input.origin(), no_passphrase);
/// assert!(matches!(refused, Err(Error::Key { found: KeyError::Unfit(Unfit::Form { .. }), .. })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn convert<E: From<Error>>(
    key: &AnyKey,
    encrypted: bool,
    to: Format,
    protection: Protection,
    encoding: Encoding,
    origin: &Origin,
    passphrase: impl FnOnce() -> Result<Secret, E>,
) -> Result<Zeroizing<Vec<u8>>, E> {
    let (algorithm, private) = match key {
        AnyKey::Rsa(k) => (KeyAlgorithm::Rsa, matches!(k, Key::Private(_))),
        AnyKey::Curve(k) => (
            if k.public_key().curve().is_ecdsa() {
                KeyAlgorithm::Ec
            } else {
                KeyAlgorithm::Ed25519
            },
            matches!(k, CurveKey::Private { .. }),
        ),
    };
    let unfit = |why: Unfit| {
        E::from(Error::unexpected(
            origin,
            Expected::Key,
            KeyError::Unfit(why),
        ))
    };
    let not_its_form = || {
        unfit(Unfit::Form {
            format: to,
            algorithm: algorithm.clone(),
            private,
        })
    };
    if to == Format::Jwk || encoding == Encoding::Json {
        return Err(E::from(Error::Crypto {
            operation: JSON_OUTPUT,
        }));
    }
    if !private {
        if protection != Protection::Keep {
            return Err(unfit(Unfit::PublicKeyProtection));
        }
        let format = match (to, &algorithm) {
            (Format::Pkcs8 | Format::Spki, _) => PublicFormat::Spki,
            (Format::Pkcs1, KeyAlgorithm::Rsa) => PublicFormat::Pkcs1,
            _ => return Err(not_its_form()),
        };
        return Ok(Zeroizing::new(super::encode_public(
            &key.public_key(),
            format,
            encoding,
        )?));
    }
    let fits = match to {
        Format::Pkcs8 => true,
        Format::Pkcs1 => algorithm == KeyAlgorithm::Rsa,
        Format::Sec1 => algorithm == KeyAlgorithm::Ec,
        Format::Spki | Format::Jwk => false,
    };
    if !fits {
        return Err(not_its_form());
    }
    let encrypts = protection.encrypts(encrypted);
    let format = match to {
        Format::Pkcs8 if encrypts => PrivateFormat::EncryptedPkcs8(passphrase()?),
        _ if encrypts => return Err(unfit(Unfit::Encrypted(to))),
        Format::Pkcs1 => PrivateFormat::Pkcs1,
        Format::Sec1 => PrivateFormat::Sec1,
        _ => PrivateFormat::Pkcs8,
    };
    Ok(match key {
        AnyKey::Rsa(Key::Private(k)) => encode_rsa_private(k, &format, encoding)?,
        AnyKey::Curve(CurveKey::Private { key, .. }) => {
            encode_curve_private(key, &format, encoding, origin)?
        }
        AnyKey::Rsa(Key::Public(_)) | AnyKey::Curve(CurveKey::Public(_)) => {
            return Err(not_its_form());
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixture::input as fixture;

    fn refusal(name: &str, to: Format, protection: Protection) -> Option<Unfit> {
        let input = fixture(name);
        let pass = Secret::new("correct horse");
        let loaded = super::super::load(&input, Some(&pass)).unwrap();
        let out = convert(
            &loaded.key,
            loaded.encrypted,
            to,
            protection,
            Encoding::Pem,
            input.origin(),
            || Ok::<_, Error>(pass.clone()),
        );
        match out {
            Ok(_) => None,
            Err(Error::Key {
                found: KeyError::Unfit(why),
                ..
            }) => Some(why),
            Err(e) => panic!("{name}: {e}"),
        }
    }

    /// Issue 11: one call decides which form fits which key.
    #[test]
    fn issue_11_convert_refuses_each_form_a_key_does_not_have() {
        use Format::{Pkcs1, Pkcs8, Sec1};
        use Protection::{Decrypt, Encrypt, Keep};
        let form = |format, algorithm, private| {
            Some(Unfit::Form {
                format,
                algorithm,
                private,
            })
        };
        for (name, to, protection, expected) in [
            ("rsa2048-pkcs8.pem", Pkcs1, Keep, None),
            ("rsa2048-pkcs8.pem", Pkcs8, Encrypt, None),
            (
                "rsa2048-pkcs8.pem",
                Pkcs1,
                Encrypt,
                Some(Unfit::Encrypted(Pkcs1)),
            ),
            (
                "rsa2048-pkcs8-enc-aes256.pem",
                Pkcs1,
                Keep,
                Some(Unfit::Encrypted(Pkcs1)),
            ),
            ("rsa2048-pkcs8-enc-aes256.pem", Pkcs1, Decrypt, None),
            (
                "rsa2048-pkcs8.pem",
                Sec1,
                Keep,
                form(Sec1, KeyAlgorithm::Rsa, true),
            ),
            ("rsa2048-spki.pem", Pkcs1, Keep, None),
            (
                "rsa2048-spki.pem",
                Pkcs8,
                Encrypt,
                Some(Unfit::PublicKeyProtection),
            ),
            ("ec-p256.pem", Sec1, Keep, None),
            ("ec-p256.pem", Sec1, Encrypt, Some(Unfit::Encrypted(Sec1))),
            (
                "ec-p256.pem",
                Pkcs1,
                Keep,
                form(Pkcs1, KeyAlgorithm::Ec, true),
            ),
            (
                "ec-p256-pub.pem",
                Pkcs1,
                Keep,
                form(Pkcs1, KeyAlgorithm::Ec, false),
            ),
            (
                "ed25519.pem",
                Sec1,
                Keep,
                form(Sec1, KeyAlgorithm::Ed25519, true),
            ),
            ("ed25519-pkcs8-enc.pem", Pkcs8, Keep, None),
        ] {
            assert_eq!(
                refusal(name, to, protection),
                expected,
                "{name} {to:?} {protection:?}"
            );
        }
    }
}
