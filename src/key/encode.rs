//! Writing keys: SPKI/PKCS#1 public keys, PKCS#8/PKCS#1 private keys, PEM or DER,
//! and PKCS#8 encryption (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC) through the
//! `pkcs1`/`pkcs8` crates. PEM uses LF line endings, as openssl writes it.

use pkcs1::{EncodeRsaPrivateKey, EncodeRsaPublicKey};
use pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
use rand::TryRng;
use rand::rngs::SysRng;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::{PrivateKey, PublicKey};
use crate::error::{Error, Invalid, Origin, Result};
use crate::input::Encoding;
use crate::secret::Secret;

/// SPKI DER of a public key.
///
/// # Errors
/// [`Error::Crypto`] if encoding fails (it does not for keys `rsa` accepted).
pub fn spki_der(key: &PublicKey) -> Result<Vec<u8>> {
    key.to_public_key_der()
        .map(|d| d.as_bytes().to_vec())
        .map_err(|_| Error::Crypto {
            operation: "encoding the public key",
        })
}

/// SHA-256 of the SPKI DER: the key's fingerprint.
///
/// # Errors
/// As [`spki_der`].
pub fn spki_sha256(key: &PublicKey) -> Result<[u8; 32]> {
    Ok(Sha256::digest(spki_der(key)?).into())
}

/// Output form of a public key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PublicFormat {
    /// `BEGIN PUBLIC KEY` (SubjectPublicKeyInfo), what `openssl rsa -pubout` writes.
    Spki,
    /// `BEGIN RSA PUBLIC KEY` (PKCS#1).
    Pkcs1,
}

/// Encodes a public key as PEM (LF line endings, as openssl writes it) or DER.
///
/// # Errors
/// [`Error::Crypto`] if encoding fails.
///
/// # Example
/// ```
/// use keysmith::input::{Encoding, Input};
/// use keysmith::key::{self, PublicFormat};
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let private = Input::read(format!("{dir}/testdata/rsa2048-pkcs8.pem"))?;
/// let loaded = key::load(&private, None)?;
/// let pem = key::encode_public(loaded.key.public_key(), PublicFormat::Spki, Encoding::Pem)?;
/// assert_eq!(pem, std::fs::read(format!("{dir}/testdata/rsa2048-spki.pem"))?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn encode_public(key: &PublicKey, format: PublicFormat, encoding: Encoding) -> Result<Vec<u8>> {
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
    }
}

/// Output form of a private key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrivateFormat {
    /// `BEGIN PRIVATE KEY` (PKCS#8), what `openssl genpkey` writes.
    Pkcs8,
    /// `BEGIN RSA PRIVATE KEY` (PKCS#1).
    Pkcs1,
}

/// Encodes a private key as PEM or DER, encrypted when `passphrase` is given.
///
/// Encryption is PKCS#8 PBES2 with PBKDF2-HMAC-SHA256 (600 000 iterations, random
/// 16-byte salt) and AES-256-CBC, which `openssl pkey -passin` reads.
///
/// # Errors
/// [`Error::Invalid`] with [`Invalid::Conflict`] for encrypted PKCS#1 (only PKCS#8
/// can be encrypted), [`Error::Crypto`] if encoding fails.
///
/// # Security
/// The returned bytes are private key material, wiped when dropped.
pub fn encode_private(
    key: &PrivateKey,
    format: PrivateFormat,
    encoding: Encoding,
    passphrase: Option<&Secret>,
) -> Result<Zeroizing<Vec<u8>>> {
    let fail = || Error::Crypto {
        operation: "encoding the private key",
    };
    let bytes = match (format, encoding, passphrase) {
        (PrivateFormat::Pkcs1, _, Some(_)) => {
            return Err(Error::Invalid {
                origin: Origin::Argument("--encrypt"),
                reason: Invalid::Conflict,
            });
        }
        (PrivateFormat::Pkcs8, Encoding::Pem, None) => {
            let pem = key.to_pkcs8_pem(LineEnding::LF).map_err(|_| fail())?;
            pem.as_bytes().to_vec()
        }
        (PrivateFormat::Pkcs8, Encoding::Der, None) => {
            key.to_pkcs8_der().map_err(|_| fail())?.as_bytes().to_vec()
        }
        (PrivateFormat::Pkcs8, Encoding::Pem, Some(p)) => {
            let pem = encrypt_pkcs8(key, p)?
                .to_pem(
                    <pkcs8::EncryptedPrivateKeyInfoRef<'_> as der::pem::PemLabel>::PEM_LABEL,
                    LineEnding::LF,
                )
                .map_err(|_| fail())?;
            pem.as_bytes().to_vec()
        }
        (PrivateFormat::Pkcs8, Encoding::Der, Some(p)) => {
            encrypt_pkcs8(key, p)?.as_bytes().to_vec()
        }
        (PrivateFormat::Pkcs1, Encoding::Pem, None) => {
            let pem = key.to_pkcs1_pem(LineEnding::LF).map_err(|_| fail())?;
            pem.as_bytes().to_vec()
        }
        (PrivateFormat::Pkcs1, Encoding::Der, None) => {
            key.to_pkcs1_der().map_err(|_| fail())?.as_bytes().to_vec()
        }
    };
    Ok(Zeroizing::new(bytes))
}

/// PBKDF2 iterations for keys keysmith encrypts (OWASP's figure for PBKDF2-HMAC-SHA256).
pub(super) const PBKDF2_ITERATIONS: u32 = 600_000;

/// Encrypted PKCS#8 DER: PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC, the scheme
/// `openssl pkcs8 -topk8 -v2 aes-256-cbc` writes. (The `pkcs8` crate's default is
/// scrypt, which older readers of encrypted keys do not support.)
fn encrypt_pkcs8(key: &PrivateKey, passphrase: &Secret) -> Result<der::SecretDocument> {
    let fail = || Error::Crypto {
        operation: "encrypting the private key",
    };
    let plain = key.to_pkcs8_der().map_err(|_| fail())?;
    let info = pkcs8::PrivateKeyInfoRef::try_from(plain.as_bytes()).map_err(|_| fail())?;
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
