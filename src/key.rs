//! Keys — RSA, EC P-256/P-384/P-521 and Ed25519: generation, loading from every
//! common form, encoding, fingerprints.
//!
//! [`load`] reads what [`crate::input::sniff`] found — PKCS#8 (plain, encrypted
//! with PBES2, or with the legacy PBES1 and PKCS#12 PBE schemes), PKCS#1 (`RSA
//! PRIVATE KEY`, also with the legacy `Proc-Type: 4,ENCRYPTED` PEM encryption, and
//! `RSA PUBLIC KEY`), SEC1 (`EC PRIVATE KEY`), SPKI and JWK, as PEM or DER — and
//! refuses, with a message naming the file, everything else: keys on other
//! curves, certificates, RSA keys under 1024 bits, inconsistent keys. The legacy
//! encryptions are read, never written (`key/legacy.rs`).
//! All parsing goes through the `pkcs8`/`pkcs1`/`sec1`/`spki` crates and the key
//! crates' own constructors, which validate every private key (for RSA
//! p·q = n, e·d ≡ 1).
//!
//! [`generate`] refuses sizes other than 2048, 3072 and 4096 bits.

use rsa::traits::PublicKeyParts;
use serde::Serialize;

use crate::codec::hex_upper;
use crate::error::{Error, Invalid, Origin, Result};
use crate::input::{Encoding, Repair};

mod algorithm;
mod any;
mod convert;
mod curve;
mod encode;
mod generate;
mod jwk;
mod kdf;
mod keygen;
mod legacy;
mod load;
mod sieve;
mod summary;

pub use algorithm::KeyAlgorithm;
pub(crate) use any::load_any_as;
pub use any::{AnyKey, AnyPrivateKey, AnyPublicKey, CurveKey, load, load_private};
pub use convert::{Unfit, convert};
pub use curve::{Curve, CurvePrivateKey, CurvePublicKey, SignatureEncoding};
pub use encode::{Fingerprint, PrivateFormat, Protection};
pub(crate) use encode::{PublicFormat, encode_private, encode_public};
// The credential helper's TLS client key is RSA (`token/client.rs`).
#[cfg_attr(not(feature = "net"), allow(unused_imports))]
pub(crate) use encode::encode_rsa_private;
pub(crate) use encode::{encode_rsa_public, spki_der};
pub(crate) use jwk::public_key as jwk_public_key;
pub(crate) use kdf::KdfBudget;
pub use kdf::MAX_PBKDF2_ITERATIONS;
pub use keygen::{KeygenOptions, KeygenReport, keygen};
pub use legacy::Encryption;
pub(crate) use legacy::MAX_PBE_ITERATIONS;
pub(crate) use load::{der_label, load_as, load_rsa, load_rsa_private, public_key_from_spki};
pub use load::{load_for_repair, load_public_only};
pub use summary::{KeySummary, Weakness, inspect};

pub use rsa::{PrivateKey, PublicKey};

/// The smallest modulus `rsa` will load; smaller keys are refused with [`KeyError::SmallKey`](crate::error::KeyError::SmallKey).
pub(crate) const MIN_LOAD_BITS: usize = 1024;

/// RSA key sizes keysmith generates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bits {
    /// 2048 bits (the default, and the minimum).
    B2048,
    /// 3072 bits.
    B3072,
    /// 4096 bits.
    B4096,
}

impl Bits {
    /// The size in bits.
    pub const fn get(self) -> usize {
        match self {
            Bits::B2048 => 2048,
            Bits::B3072 => 3072,
            Bits::B4096 => 4096,
        }
    }
}

impl Bits {
    /// The key size `bits`, which came from `origin` (named in the error).
    ///
    /// # Errors
    /// [`Error::Invalid`] with [`Invalid::KeyBits`] for any size but 2048, 3072, 4096.
    ///
    /// # Example
    /// ```
    /// use keysmith::{Origin, key::Bits};
    /// assert_eq!(Bits::new(3072, &Origin::Argument("bits"))?, Bits::B3072);
    /// assert!(Bits::new(1024, &Origin::Argument("bits")).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(bits: usize, origin: &Origin) -> Result<Bits> {
        match bits {
            2048 => Ok(Bits::B2048),
            3072 => Ok(Bits::B3072),
            4096 => Ok(Bits::B4096),
            _ => Err(Error::Invalid {
                origin: origin.clone(),
                reason: Invalid::KeyBits,
            }),
        }
    }
}

/// Generates an RSA private key with public exponent 65537 from the OS random source.
///
/// # Errors
/// [`Error::Crypto`] when the random number generator fails.
///
/// The prime search runs on every core (see `key/generate.rs`); the key is built
/// and validated by `rsa`'s own constructor.
pub fn generate(bits: Bits) -> Result<PrivateKey> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    generate::generate(bits, threads)
}

/// How a key was (or will be) encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// PKCS#8 `PRIVATE KEY` / `ENCRYPTED PRIVATE KEY`.
    Pkcs8,
    /// PKCS#1 `RSA PRIVATE KEY` / `RSA PUBLIC KEY`.
    Pkcs1,
    /// X.509 SubjectPublicKeyInfo `PUBLIC KEY`.
    Spki,
    /// SEC1 `EC PRIVATE KEY` (EC private keys only).
    Sec1,
    /// A JSON Web Key (its public members only).
    Jwk,
}

/// An RSA key, private or public.
#[derive(Clone, Debug)]
pub enum Key {
    /// A private key (its public half is available).
    Private(Box<PrivateKey>),
    /// A public key.
    Public(PublicKey),
}

impl Key {
    /// The public key (the public half of a private key).
    pub fn public_key(&self) -> &PublicKey {
        match self {
            Key::Private(k) => k.as_public_key(),
            Key::Public(k) => k,
        }
    }

    /// Modulus size in bits.
    pub fn bits(&self) -> usize {
        modulus_bits(self.public_key())
    }
}

/// A key as it was read, with the form it was in. `K` is [`AnyKey`] from [`load`],
/// [`AnyPrivateKey`] from [`load_private`], [`Key`] (RSA) from
/// [`load_public_only`]: the key is held once, never cloned.
#[derive(Clone, Debug)]
pub struct LoadedKey<K = Key> {
    /// The key.
    pub key: K,
    /// PKCS#8, PKCS#1 or SPKI.
    pub format: Format,
    /// PEM or DER.
    pub encoding: Encoding,
    /// Whether it was encrypted.
    pub encrypted: bool,
    /// How it was encrypted (`None` when it was not).
    pub encryption: Option<Encryption>,
    /// Broken forms that were repaired while reading.
    pub repairs: Vec<Repair>,
}

impl<K> LoadedKey<K> {
    /// A key read as `read` says, from an input in `encoding`.
    pub(crate) fn read(
        (key, format, encryption): load::Read<K>,
        encoding: Encoding,
        repairs: Vec<Repair>,
    ) -> LoadedKey<K> {
        LoadedKey {
            key,
            format,
            encoding,
            encrypted: encryption.is_some(),
            encryption,
            repairs,
        }
    }

    /// The same form around another key (`f` of this one).
    pub(crate) fn map<T>(self, f: impl FnOnce(K) -> T) -> LoadedKey<T> {
        LoadedKey {
            key: f(self.key),
            format: self.format,
            encoding: self.encoding,
            encrypted: self.encrypted,
            encryption: self.encryption,
            repairs: self.repairs,
        }
    }

    /// [`LoadedKey::map`] with a conversion that can fail.
    pub(crate) fn try_map<T>(self, f: impl FnOnce(K) -> Result<T>) -> Result<LoadedKey<T>> {
        Ok(LoadedKey {
            key: f(self.key)?,
            format: self.format,
            encoding: self.encoding,
            encrypted: self.encrypted,
            encryption: self.encryption,
            repairs: self.repairs,
        })
    }
}

/// Bit length of a big-endian unsigned integer.
pub(crate) fn uint_bits(bytes: &[u8]) -> usize {
    let trimmed: &[u8] = match bytes.iter().position(|&b| b != 0) {
        Some(i) => bytes.get(i..).unwrap_or(&[]),
        None => return 0,
    };
    let lead = trimmed.first().map_or(0, |b| b.leading_zeros() as usize);
    trimmed.len() * 8 - lead
}

/// Modulus size in bits.
pub(crate) fn modulus_bits(key: &PublicKey) -> usize {
    uint_bits(&key.n_bytes())
}

/// The public exponent, when it fits in 64 bits.
pub(crate) fn public_exponent(key: &PublicKey) -> Option<u64> {
    let bytes = key.e_bytes();
    if uint_bits(&bytes) > 64 {
        return None;
    }
    Some(bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
}

/// The modulus as uppercase hex, as `openssl rsa -noout -modulus` prints it.
pub(crate) fn modulus_hex(key: &PublicKey) -> String {
    let bytes = key.n_bytes();
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(0);
    hex_upper(bytes.get(start..).unwrap_or(&[]))
}

#[cfg(test)]
mod proptests;

#[cfg(test)]
mod tests;
