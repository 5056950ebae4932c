//! What `inspect` says about a key, including an RSA private key whose parts do
//! not agree and an RSA key too small to use (both of which [`super::load`] refuses).

use der::Decode;
use serde::Serialize;
use zeroize::Zeroizing;

use super::{
    Curve, CurveKey, Encryption, Format, Key, KeyAlgorithm, LoadedKey, MIN_LOAD_BITS, PublicKey,
    legacy, load::decrypt_pkcs8, modulus_bits, modulus_hex, public_exponent,
};
use crate::error::{Error, Expected, KeyError, Result};
use crate::input::{self, Encoding, Input};
use crate::secret::Secret;

/// What `inspect` reports about a key of any algorithm. Its JSON is the SPEC's:
/// `kind` (`rsa-private-key`, `ec-public-key`, `ed25519-private-key`, …), then for
/// RSA keys `bits`, `public_exponent` and `modulus`, for EC and Ed25519 keys
/// `curve`, `bits` and `public_key`.
#[derive(Clone, Debug)]
pub struct KeySummary {
    /// [`KeyAlgorithm::Rsa`], [`KeyAlgorithm::Ec`] or [`KeyAlgorithm::Ed25519`].
    pub algorithm: KeyAlgorithm,
    /// Whether this is a private key.
    pub private: bool,
    /// `pkcs8`, `pkcs1`, `sec1`, `spki` or `jwk`.
    pub format: Format,
    /// `pem`, `der` or `json`.
    pub encoding: Encoding,
    /// Whether the key was encrypted.
    pub encrypted: bool,
    /// How it was encrypted (`pbes2`, `pem-des-ede3-cbc`, `pbe-sha1-3des`, …;
    /// `null` when it was not).
    pub encryption: Option<Encryption>,
    /// The curve of an EC or Ed25519 key (`None` for RSA).
    pub curve: Option<Curve>,
    /// Modulus size, or the size of the curve, in bits.
    pub bits: usize,
    /// The public exponent of an RSA key (`None` if it does not fit in 64 bits,
    /// and for other keys).
    pub public_exponent: Option<u64>,
    /// The public key as uppercase hex: the modulus of an RSA key (as `openssl
    /// rsa -noout -modulus`, JSON `modulus`), the public point of an EC key
    /// (SEC1 uncompressed) or the 32 bytes of an Ed25519 key.
    pub public_key: String,
    /// Uppercase hex SHA-256 of the SPKI DER.
    pub spki_sha256: super::Fingerprint,
    /// For private keys: whether the parts agree (RSA: p·q = n and e·d ≡ 1; EC and
    /// Ed25519: the public key stored with it, if any, is its own).
    pub consistent: Option<bool>,
    /// Weak parameters: under 2048 bits, e ≠ 65537, parts that do not agree.
    pub warnings: Vec<Weakness>,
    /// Broken forms repaired while reading (for the caller's warnings; not in JSON).
    pub repairs: Vec<input::Repair>,
}

impl Serialize for KeySummary {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let side = if self.private { "private" } else { "public" };
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("kind", &format!("{}-{side}-key", self.algorithm.name()))?;
        map.serialize_entry("format", &self.format)?;
        map.serialize_entry("encoding", &self.encoding)?;
        map.serialize_entry("encrypted", &self.encrypted)?;
        map.serialize_entry("encryption", &self.encryption)?;
        match self.curve {
            None => {
                map.serialize_entry("bits", &self.bits)?;
                map.serialize_entry("public_exponent", &self.public_exponent)?;
                map.serialize_entry("modulus", &self.public_key)?;
            }
            Some(curve) => {
                map.serialize_entry("curve", &curve)?;
                map.serialize_entry("bits", &self.bits)?;
                map.serialize_entry("public_key", &self.public_key)?;
            }
        }
        map.serialize_entry("spki_sha256", &self.spki_sha256)?;
        if let Some(consistent) = self.consistent {
            map.serialize_entry("consistent", &consistent)?;
        }
        map.serialize_entry("warnings", &self.warnings)?;
        map.end()
    }
}

/// A warning about a key that [`inspect`] describes all the same; the JSON report
/// shows it as its message.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub enum Weakness {
    /// Under 2048 bits, which partners and current guidance reject.
    SmallKey {
        /// The modulus size.
        bits: usize,
    },
    /// A public exponent other than 65537.
    PublicExponent,
    /// A private key whose parts do not agree (p·q ≠ n or e·d ≢ 1).
    Inconsistent,
}

impl std::fmt::Display for Weakness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Weakness::SmallKey { bits } => write!(
                f,
                "{bits}-bit key: under 2048 bits, which partners and current guidance reject"
            ),
            Weakness::PublicExponent => {
                f.write_str("public exponent is not 65537; some libraries refuse such keys")
            }
            Weakness::Inconsistent => f.write_str(
                "private key is inconsistent (p·q ≠ n or e·d ≢ 1): it cannot sign; \
                 openssl rsa -check reports the same",
            ),
        }
    }
}

impl From<Weakness> for String {
    fn from(warning: Weakness) -> String {
        warning.to_string()
    }
}

impl KeySummary {
    /// Describes a loaded RSA key.
    ///
    /// # Errors
    /// [`Error::Crypto`] if the public key cannot be encoded.
    pub(crate) fn new<K>(loaded: &LoadedKey<K>, key: &Key) -> Result<KeySummary> {
        let public = key.public_key();
        let bits = modulus_bits(public);
        let public_exponent = public_exponent(public);
        let mut warnings = Vec::new();
        if bits < 2048 {
            warnings.push(Weakness::SmallKey { bits });
        }
        if public_exponent != Some(65537) {
            warnings.push(Weakness::PublicExponent);
        }
        let consistent = match key {
            Key::Private(k) => Some(k.validate().is_ok()),
            Key::Public(_) => None,
        };
        Ok(KeySummary {
            algorithm: KeyAlgorithm::Rsa,
            private: matches!(key, Key::Private(_)),
            format: loaded.format,
            encoding: loaded.encoding,
            encrypted: loaded.encrypted,
            encryption: loaded.encryption,
            curve: None,
            bits,
            public_exponent,
            public_key: modulus_hex(public),
            spki_sha256: super::Fingerprint::of(public)?,
            consistent,
            warnings,
            repairs: loaded.repairs.clone(),
        })
    }

    /// Describes a loaded EC or Ed25519 key.
    ///
    /// # Errors
    /// [`Error::Crypto`] if the public key cannot be encoded.
    fn curve<K>(loaded: &LoadedKey<K>, key: &CurveKey) -> Result<KeySummary> {
        let public = key.public_key();
        let curve = public.curve();
        Ok(KeySummary {
            algorithm: if curve.is_ecdsa() {
                KeyAlgorithm::Ec
            } else {
                KeyAlgorithm::Ed25519
            },
            private: matches!(key, CurveKey::Private { .. }),
            format: loaded.format,
            encoding: loaded.encoding,
            encrypted: loaded.encrypted,
            encryption: loaded.encryption,
            curve: Some(curve),
            bits: curve.bits(),
            public_exponent: None,
            public_key: crate::codec::hex_upper(&public.point()),
            spki_sha256: super::AnyPublicKey::Curve(public).fingerprint()?,
            consistent: match key {
                CurveKey::Private { consistent, .. } => Some(*consistent),
                CurveKey::Public(_) => None,
            },
            warnings: Vec::new(),
            repairs: loaded.repairs.clone(),
        })
    }
}

/// Describes a key of any algorithm keysmith reads for `inspect`: the key is
/// loaded (and decrypted) once, then described by its algorithm. An RSA private
/// key whose parts do not agree, which [`super::load`] refuses, is described with
/// `consistent: false`; an RSA key under 1024 bits, which [`super::load`]
/// refuses too, with a warning (and `consistent: null`, as `rsa` does not take
/// such a private key apart).
///
/// # Errors
/// As [`super::load`], except that an RSA key that is inconsistent or too
/// small to use ([`KeyError::InconsistentKey`], [`KeyError::SmallKey`]) is described.
///
/// # Example
/// ```
/// use keysmith::input::Input;
/// use keysmith::key::{self, Curve};
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let bad = Input::read(format!("{dir}/testdata/rsa2048-inconsistent.pem"))?;
/// assert_eq!(key::inspect(&bad, None)?.consistent, Some(false));
/// let ec = Input::read(format!("{dir}/testdata/ec-p256.pem"))?;
/// assert_eq!(key::inspect(&ec, None)?.curve, Some(Curve::P256));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn inspect(input: &Input, passphrase: Option<&Secret>) -> Result<KeySummary> {
    match super::load(input, passphrase) {
        Ok(loaded) => match &loaded.key {
            super::AnyKey::Curve(k) => KeySummary::curve(&loaded, k),
            super::AnyKey::Rsa(k) => KeySummary::new(&loaded, k),
        },
        Err(Error::Key {
            found: found @ (KeyError::InconsistentKey | KeyError::SmallKey { .. }),
            ..
        }) => raw_summary(input, passphrase, found),
        Err(e) => Err(e),
    }
}

/// [`KeySummary`] of the first key block that parses structurally but that `rsa`
/// refuses (`why`: [`KeyError::InconsistentKey`] or [`KeyError::SmallKey`]); its
/// public half is built from n and e alone.
fn raw_summary(input: &Input, passphrase: Option<&Secret>, why: KeyError) -> Result<KeySummary> {
    let origin = input.origin();
    let refused = || Error::unexpected(origin, Expected::Key, why.clone());
    let input::Sniffed::Blocks {
        blocks,
        encoding,
        repairs,
    } = input::sniff(input, Expected::Key)?
    else {
        return Err(refused());
    };
    for block in &blocks {
        let Some(raw) = raw_parts(block, origin, passphrase)? else {
            continue;
        };
        let width = |b: &[u8]| u32::try_from(b.len() * 8).unwrap_or(u32::MAX);
        let n = rsa::BoxedUint::from_be_slice(&raw.n, width(&raw.n)).map_err(|_| refused())?;
        let e = rsa::BoxedUint::from_be_slice(&raw.e, width(&raw.e)).map_err(|_| refused())?;
        // Only described, never used: `rsa`'s size limits do not apply.
        let public = PublicKey::new_unchecked(n, e);
        let loaded = LoadedKey {
            key: Key::Public(public),
            format: raw.format,
            encoding,
            encrypted: raw.encryption.is_some(),
            encryption: raw.encryption,
            repairs: repairs.clone(),
        };
        let mut summary = KeySummary::new(&loaded, &loaded.key)?;
        summary.private = raw.private;
        if raw.private && modulus_bits(loaded.key.public_key()) >= MIN_LOAD_BITS {
            summary.consistent = Some(false);
            summary.warnings.push(Weakness::Inconsistent);
        }
        return Ok(summary);
    }
    Err(refused())
}

/// The modulus and public exponent of a key block, read structurally.
struct RawParts {
    private: bool,
    format: Format,
    encryption: Option<Encryption>,
    n: Vec<u8>,
    e: Vec<u8>,
}

/// n and e of an RSA key block without `rsa`'s checks; `None` when the block
/// is not an RSA key. Encrypted blocks are decrypted (a wrong passphrase is an error).
fn raw_parts(
    block: &input::Block,
    origin: &crate::error::Origin,
    passphrase: Option<&Secret>,
) -> Result<Option<RawParts>> {
    let der: &[u8] = &block.der;
    // Bare DER: the label of the structure it holds, as `load` decides it.
    let label = block.label.as_deref().or_else(|| super::der_label(der));
    let (private, format, encryption): (Zeroizing<Vec<u8>>, Format, Option<Encryption>) =
        match (label, &block.dek_info) {
            (Some("RSA PRIVATE KEY"), Some(dek_info)) => {
                let (plain, scheme) =
                    legacy::decrypt_pem(dek_info, der, origin, Expected::Key, passphrase)?;
                (plain, Format::Pkcs1, Some(scheme))
            }
            (_, Some(_)) => return Ok(None),
            (Some("RSA PRIVATE KEY"), None) => (Zeroizing::new(der.to_vec()), Format::Pkcs1, None),
            (Some("PRIVATE KEY"), None) => match pkcs8_private_key(der) {
                Some(pkcs1) => (pkcs1, Format::Pkcs8, None),
                None => return Ok(None),
            },
            (Some("ENCRYPTED PRIVATE KEY"), None) => {
                let (plain, scheme) = decrypt_pkcs8(der, origin, Expected::Key, passphrase)?;
                match pkcs8_private_key(&plain) {
                    Some(pkcs1) => (pkcs1, Format::Pkcs8, Some(scheme)),
                    None => return Ok(None),
                }
            }
            (Some("PUBLIC KEY"), None) => {
                let Ok(info) = spki::SubjectPublicKeyInfoRef::from_der(der) else {
                    return Ok(None);
                };
                if KeyAlgorithm::from_oid(&info.algorithm.oid.to_string()) != KeyAlgorithm::Rsa {
                    return Ok(None);
                }
                let bytes = info.subject_public_key.as_bytes().unwrap_or_default();
                return Ok(raw_public(bytes, Format::Spki));
            }
            (Some("RSA PUBLIC KEY"), None) => return Ok(raw_public(der, Format::Pkcs1)),
            _ => return Ok(None),
        };
    let Ok(raw) = pkcs1::RsaPrivateKeyRef::from_der(&private) else {
        return Ok(None);
    };
    Ok(Some(RawParts {
        private: true,
        format,
        encryption,
        n: raw.modulus.as_bytes().to_vec(),
        e: raw.public_exponent.as_bytes().to_vec(),
    }))
}

/// The PKCS#1 key inside an RSA `PrivateKeyInfo`.
fn pkcs8_private_key(der: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let info = pkcs8::PrivateKeyInfoRef::from_der(der).ok()?;
    (KeyAlgorithm::from_oid(&info.algorithm.oid.to_string()) == KeyAlgorithm::Rsa)
        .then(|| Zeroizing::new(info.private_key.as_bytes().to_vec()))
}

fn raw_public(pkcs1: &[u8], format: Format) -> Option<RawParts> {
    let raw = pkcs1::RsaPublicKeyRef::from_der(pkcs1).ok()?;
    Some(RawParts {
        private: false,
        format,
        encryption: None,
        n: raw.modulus.as_bytes().to_vec(),
        e: raw.public_exponent.as_bytes().to_vec(),
    })
}
