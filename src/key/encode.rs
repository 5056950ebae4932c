//! Writing keys: SPKI/PKCS#1 public keys, PKCS#8/PKCS#1/SEC1 private keys, PEM or DER,
//! and PKCS#8 encryption (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC) through the
//! `pkcs1`/`pkcs8` crates. PEM uses LF line endings, as openssl writes it.

use pkcs1::{EncodeRsaPrivateKey, EncodeRsaPublicKey};
use pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
use rand::TryRng;
use rand::rngs::SysRng;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::{AnyPrivateKey, AnyPublicKey, CurvePrivateKey, Format, PrivateKey, PublicKey};
use crate::error::{Error, Expected, KeyError, Origin, Result};
use crate::input::Encoding;
use crate::secret::Secret;

/// SPKI DER of an RSA public key.
///
/// # Errors
/// [`Error::Crypto`] if encoding fails (it does not for keys `rsa` accepted).
pub(crate) fn spki_der(key: &PublicKey) -> Result<Vec<u8>> {
    key.to_public_key_der()
        .map(|d| d.as_bytes().to_vec())
        .map_err(|_| Error::Crypto {
            operation: "encoding the public key",
        })
}

/// The SHA-256 of a public key's SPKI DER: the key's fingerprint. `Display` and
/// `Serialize` give it as uppercase hex.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Fingerprint([u8; 32]);

impl Fingerprint {
    /// The fingerprint of an RSA public key (of any key:
    /// [`AnyPublicKey::fingerprint`]).
    ///
    /// # Errors
    /// As [`spki_der`].
    pub(crate) fn of(key: &PublicKey) -> Result<Fingerprint> {
        Ok(Fingerprint(Sha256::digest(spki_der(key)?).into()))
    }

    /// A fingerprint from the SHA-256 of an SPKI DER.
    pub(crate) fn from_digest(digest: [u8; 32]) -> Fingerprint {
        Fingerprint(digest)
    }
}

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::codec::hex_upper(&self.0))
    }
}

impl serde::Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Output form of a public key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PublicFormat {
    /// `BEGIN PUBLIC KEY` (SubjectPublicKeyInfo), what `openssl rsa -pubout` writes.
    Spki,
    /// `BEGIN RSA PUBLIC KEY` (PKCS#1).
    Pkcs1,
}

/// Encodes a public key as PEM (LF line endings, as openssl writes it) or DER.
///
/// # Errors
/// [`Error::Crypto`] if encoding fails, also for [`PublicFormat::Pkcs1`] of an
/// EC or Ed25519 key (PKCS#1 is a form of RSA keys only).
pub(crate) fn encode_public(
    key: &AnyPublicKey,
    format: PublicFormat,
    encoding: Encoding,
) -> Result<Vec<u8>> {
    match (key, format, encoding) {
        (AnyPublicKey::Rsa(k), _, _) => encode_rsa_public(k, format, encoding),
        (AnyPublicKey::Curve(k), PublicFormat::Spki, Encoding::Pem) => k.to_spki_pem(),
        (AnyPublicKey::Curve(k), PublicFormat::Spki, Encoding::Der) => k.to_spki_der(),
        (AnyPublicKey::Curve(_), PublicFormat::Pkcs1, _) => Err(Error::Crypto {
            operation: "encoding an EC or Ed25519 public key as PKCS#1, an RSA form",
        }),
        (AnyPublicKey::Curve(_), _, Encoding::Json) => Err(Error::Crypto {
            operation: JSON_OUTPUT,
        }),
    }
}

/// [`encode_public`] of an RSA public key.
pub(crate) fn encode_rsa_public(
    key: &PublicKey,
    format: PublicFormat,
    encoding: Encoding,
) -> Result<Vec<u8>> {
    let fail = |_| Error::Crypto {
        operation: "encoding the public key",
    };
    match (format, encoding) {
        (PublicFormat::Spki, Encoding::Pem) => key
            .to_public_key_pem(LineEnding::LF)
            .map(String::into_bytes)
            .map_err(|_| fail(())),
        (PublicFormat::Spki, Encoding::Der) => spki_der(key),
        (PublicFormat::Pkcs1, Encoding::Pem) => key
            .to_pkcs1_pem(LineEnding::LF)
            .map(String::into_bytes)
            .map_err(|_| fail(())),
        (PublicFormat::Pkcs1, Encoding::Der) => key
            .to_pkcs1_der()
            .map(|d| d.as_bytes().to_vec())
            .map_err(|_| fail(())),
        (_, Encoding::Json) => Err(Error::Crypto {
            operation: JSON_OUTPUT,
        }),
    }
}

/// What [`Encoding::Json`] asked of a PEM/DER encoder says: JWKs are written by
/// [`crate::jwk`].
pub(crate) const JSON_OUTPUT: &str = "encoding a key as JSON (a JWK is written as a JWK)";

/// Output form of a private key. Only PKCS#8 carries a passphrase: keysmith
/// encrypts PKCS#8 only, so an encrypted PKCS#1 key cannot even be asked for.
#[derive(Clone, Debug)]
pub enum PrivateFormat {
    /// `BEGIN PRIVATE KEY` (PKCS#8), what `openssl genpkey` writes.
    Pkcs8,
    /// `BEGIN ENCRYPTED PRIVATE KEY`: PKCS#8 encrypted with this passphrase.
    EncryptedPkcs8(Secret),
    /// `BEGIN RSA PRIVATE KEY` (PKCS#1, RSA keys only), never encrypted.
    Pkcs1,
    /// `BEGIN EC PRIVATE KEY` (SEC1, EC keys only), never encrypted.
    Sec1,
}

impl PrivateFormat {
    /// The format reported for a key written this way.
    pub(crate) fn format(&self) -> Format {
        match self {
            PrivateFormat::Pkcs8 | PrivateFormat::EncryptedPkcs8(_) => Format::Pkcs8,
            PrivateFormat::Pkcs1 => Format::Pkcs1,
            PrivateFormat::Sec1 => Format::Sec1,
        }
    }

    /// Whether a key written this way is encrypted.
    pub(crate) fn is_encrypted(&self) -> bool {
        matches!(self, PrivateFormat::EncryptedPkcs8(_))
    }
}

/// What re-encoding a private key does with its encryption.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protection {
    /// An encrypted key stays encrypted, a plain one plain.
    Keep,
    /// The key is written unencrypted.
    Decrypt,
    /// The key is written encrypted, also when it was not.
    Encrypt,
}

impl Protection {
    /// Whether a key that `was_encrypted` is written encrypted.
    pub(crate) fn encrypts(self, was_encrypted: bool) -> bool {
        match self {
            Protection::Keep => was_encrypted,
            Protection::Decrypt => false,
            Protection::Encrypt => true,
        }
    }
}

/// Encodes a private key as PEM or DER in `format`.
///
/// Encryption ([`PrivateFormat::EncryptedPkcs8`]) is PKCS#8 PBES2 with
/// PBKDF2-HMAC-SHA256 (600 000 iterations, random 16-byte salt) and AES-256-CBC,
/// which `openssl pkey -passin` reads.
///
/// # Errors
/// [`Error::Crypto`] if encoding fails, also for SEC1 of an RSA key;
/// [`Error::Key`] naming `origin` for a form the key's algorithm does not have:
/// [`KeyError::EcKey`] for PKCS#1 of an EC key, [`KeyError::EdwardsKey`] for
/// PKCS#1 or SEC1 of an Ed25519 key.
///
/// # Security
/// The returned bytes are private key material, wiped when dropped.
pub(crate) fn encode_private(
    key: &AnyPrivateKey,
    format: &PrivateFormat,
    encoding: Encoding,
    origin: &Origin,
) -> Result<Zeroizing<Vec<u8>>> {
    match key {
        AnyPrivateKey::Rsa(k) => encode_rsa_private(k, format, encoding),
        AnyPrivateKey::Curve(k) => encode_curve_private(k, format, encoding, origin),
    }
}

/// [`encode_private`] of an RSA private key.
pub(crate) fn encode_rsa_private(
    key: &PrivateKey,
    format: &PrivateFormat,
    encoding: Encoding,
) -> Result<Zeroizing<Vec<u8>>> {
    let fail = || Error::Crypto {
        operation: "encoding the private key",
    };
    let bytes = match (format, encoding) {
        (PrivateFormat::Pkcs8, Encoding::Pem) => {
            let pem = key.to_pkcs8_pem(LineEnding::LF).map_err(|_| fail())?;
            pem.as_bytes().to_vec()
        }
        (PrivateFormat::Pkcs8, Encoding::Der) => {
            key.to_pkcs8_der().map_err(|_| fail())?.as_bytes().to_vec()
        }
        (PrivateFormat::EncryptedPkcs8(p), Encoding::Pem) => {
            let pem = encrypt_pkcs8(key, p)?
                .to_pem(
                    <pkcs8::EncryptedPrivateKeyInfoRef<'_> as der::pem::PemLabel>::PEM_LABEL,
                    LineEnding::LF,
                )
                .map_err(|_| fail())?;
            pem.as_bytes().to_vec()
        }
        (PrivateFormat::EncryptedPkcs8(p), Encoding::Der) => {
            encrypt_pkcs8(key, p)?.as_bytes().to_vec()
        }
        (PrivateFormat::Pkcs1, Encoding::Pem) => {
            let pem = key.to_pkcs1_pem(LineEnding::LF).map_err(|_| fail())?;
            pem.as_bytes().to_vec()
        }
        (PrivateFormat::Pkcs1, Encoding::Der) => {
            key.to_pkcs1_der().map_err(|_| fail())?.as_bytes().to_vec()
        }
        (PrivateFormat::Sec1, _) => {
            return Err(Error::Crypto {
                operation: "encoding an RSA private key as SEC1, an EC form",
            });
        }
        (_, Encoding::Json) => {
            return Err(Error::Crypto {
                operation: JSON_OUTPUT,
            });
        }
    };
    Ok(Zeroizing::new(bytes))
}

/// [`encode_private`] of an EC or Ed25519 private key.
pub(super) fn encode_curve_private(
    key: &CurvePrivateKey,
    format: &PrivateFormat,
    encoding: Encoding,
    origin: &Origin,
) -> Result<Zeroizing<Vec<u8>>> {
    let not_its_form = || {
        let found = if key.curve().is_ecdsa() {
            KeyError::EcKey
        } else {
            KeyError::EdwardsKey
        };
        Error::unexpected(origin, Expected::PrivateKey, found)
    };
    let (der, label): (Zeroizing<Vec<u8>>, &str) = match format {
        PrivateFormat::Pkcs1 => return Err(not_its_form()),
        PrivateFormat::Sec1 => match key.to_sec1_der()? {
            Some(der) => (der, "EC PRIVATE KEY"),
            None => return Err(not_its_form()),
        },
        PrivateFormat::EncryptedPkcs8(p) => {
            let doc = encrypt_pkcs8_der(&key.to_pkcs8_der()?, p)?;
            (
                Zeroizing::new(doc.as_bytes().to_vec()),
                "ENCRYPTED PRIVATE KEY",
            )
        }
        PrivateFormat::Pkcs8 => (key.to_pkcs8_der()?, "PRIVATE KEY"),
    };
    match encoding {
        Encoding::Der => Ok(der),
        Encoding::Pem => pem_rfc7468::encode_string(label, pem_rfc7468::LineEnding::LF, &der)
            .map(|s| Zeroizing::new(s.into_bytes()))
            .map_err(|_| Error::Crypto {
                operation: "encoding the private key",
            }),
        Encoding::Json => Err(Error::Crypto {
            operation: JSON_OUTPUT,
        }),
    }
}

impl super::LoadedKey {
    /// The key as PEM in the form it was read, with whatever was repaired while
    /// reading it fixed: a public key as SPKI or PKCS#1, a private key as PKCS#8 or
    /// PKCS#1. An encrypted key stays encrypted with `passphrase`, the one that
    /// opened it; keysmith encrypts PKCS#8 only, so an encrypted PKCS#1 key (legacy
    /// PEM encryption) becomes PBES2 PKCS#8.
    ///
    /// # Errors
    /// [`Error::Crypto`] if encoding fails, or if the key was encrypted and no
    /// `passphrase` is given.
    ///
    /// # Security
    /// For a private key the returned bytes are key material, wiped when dropped.
    pub fn to_pem(&self, passphrase: Option<&Secret>) -> Result<Zeroizing<Vec<u8>>> {
        match &self.key {
            super::Key::Public(public) => {
                let format = match self.format {
                    Format::Pkcs1 => PublicFormat::Pkcs1,
                    Format::Pkcs8 | Format::Spki | Format::Sec1 | Format::Jwk => PublicFormat::Spki,
                };
                encode_rsa_public(public, format, Encoding::Pem).map(Zeroizing::new)
            }
            super::Key::Private(private) => {
                let format = match (self.encrypted, passphrase, self.format) {
                    (false, _, Format::Pkcs1) => PrivateFormat::Pkcs1,
                    (false, _, Format::Pkcs8 | Format::Spki | Format::Sec1 | Format::Jwk) => {
                        PrivateFormat::Pkcs8
                    }
                    (true, Some(p), _) => PrivateFormat::EncryptedPkcs8(p.clone()),
                    (true, None, _) => {
                        return Err(Error::Crypto {
                            operation: "re-encrypting a key without its passphrase",
                        });
                    }
                };
                encode_rsa_private(private, &format, Encoding::Pem)
            }
        }
    }
}

/// PBKDF2 iterations for keys keysmith encrypts (OWASP's figure for PBKDF2-HMAC-SHA256).
pub(super) const PBKDF2_ITERATIONS: u32 = 600_000;

/// Encrypted PKCS#8 DER: PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC, the scheme
/// `openssl pkcs8 -topk8 -v2 aes-256-cbc` writes. (The `pkcs8` crate's default is
/// scrypt, which older readers of encrypted keys do not support.)
fn encrypt_pkcs8(key: &PrivateKey, passphrase: &Secret) -> Result<der::SecretDocument> {
    let plain = key.to_pkcs8_der().map_err(|_| Error::Crypto {
        operation: "encrypting the private key",
    })?;
    encrypt_pkcs8_der(plain.as_bytes(), passphrase)
}

/// Encrypts a `PrivateKeyInfo` DER of any algorithm as [`encode_private`] does.
fn encrypt_pkcs8_der(plain: &[u8], passphrase: &Secret) -> Result<der::SecretDocument> {
    let fail = || Error::Crypto {
        operation: "encrypting the private key",
    };
    let info = pkcs8::PrivateKeyInfoRef::try_from(plain).map_err(|_| fail())?;
    // Straight from the operating system, so that a failing source is an error
    // here rather than a panic in a generator seeded from it.
    let (mut salt, mut iv) = ([0u8; 16], [0u8; 16]);
    SysRng.try_fill_bytes(&mut salt).map_err(|_| fail())?;
    SysRng.try_fill_bytes(&mut iv).map_err(|_| fail())?;
    let params = pkcs8::pkcs5::pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(
        PBKDF2_ITERATIONS,
        &salt,
        iv,
    )
    .map_err(|_| fail())?;
    info.encrypt_with_params(params, passphrase.expose())
        .map_err(|_| fail())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Input;
    use crate::key::{Key, load_rsa as load};

    fn fixture(name: &str) -> Input {
        Input::read(format!("{}/testdata/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    /// Issue 11: re-encoding keeps or drops encryption as asked, decided once.
    #[test]
    fn issue_11_protection_decides_whether_the_output_is_encrypted() {
        for was_encrypted in [false, true] {
            assert_eq!(Protection::Keep.encrypts(was_encrypted), was_encrypted);
            assert!(!Protection::Decrypt.encrypts(was_encrypted));
            assert!(Protection::Encrypt.encrypts(was_encrypted));
        }
    }

    /// Issue 11: a legacy-encrypted PKCS#1 key is rewritten as encrypted PKCS#8
    /// (keysmith encrypts nothing else); a plain one keeps its format.
    #[test]
    fn issue_11_to_pem_keeps_the_form_it_was_read_in() {
        let pass = Secret::new("correct horse");
        let legacy = load(&fixture("rsa2048-pkcs1-enc-aes128.pem"), Some(&pass)).unwrap();
        assert_eq!(legacy.format, Format::Pkcs1);
        let pem = legacy.to_pem(Some(&pass)).unwrap();
        assert!(pem.starts_with(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
        let again = load(
            &Input::from_bytes(crate::Origin::Stdin, pem.to_vec()),
            Some(&pass),
        );
        let again = again.unwrap();
        assert!(again.encrypted && again.format == Format::Pkcs8);
        assert!(legacy.to_pem(None).is_err());

        let plain = load(&fixture("rsa2048-pkcs1.pem"), None).unwrap();
        let pem = plain.to_pem(Some(&pass)).unwrap();
        assert!(pem.starts_with(b"-----BEGIN RSA PRIVATE KEY-----\n"));
        let public = load(&fixture("rsa2048-pkcs1-pub.pem"), None).unwrap();
        assert!(matches!(public.key, Key::Public(_)));
        let pem = public.to_pem(None).unwrap();
        assert!(pem.starts_with(b"-----BEGIN RSA PUBLIC KEY-----\n"));
    }
}
