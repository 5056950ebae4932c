//! Loading one RSA key from what [`crate::input::sniff`] found: PKCS#8 (plain or
//! encrypted), PKCS#1 and SPKI blocks, as PEM or DER, each parsed through the
//! `pkcs8`/`pkcs1`/`spki` crates and `rsa`'s validating constructors.
//!
//! A JWK (JSON) is read by `key/jwk.rs`, the same for every caller; an EC or
//! Ed25519 JWK is refused here as those keys are in PEM or DER.
//!
//! Refuses, naming the origin and what was expected: anything that is not a
//! single RSA key (EC and Ed25519 keys, certificates, other PEM labels), keys
//! under [`MIN_LOAD_BITS`] and inconsistent keys; key-derivation costs above
//! the caps of `key/kdf.rs` before anything is derived.

use pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use zeroize::Zeroizing;

use super::kdf::check_kdf_cost;
use super::{
    Encryption, Format, Key, KeyAlgorithm, LoadedKey, MIN_LOAD_BITS, PrivateKey, PublicKey, legacy,
    modulus_bits, uint_bits,
};
use crate::error::{Encrypted, Error, Expected, InputError, Invalid, KeyError, Origin, Result};
use crate::input::{self, Block, Input};
use crate::secret::Secret;

/// Loads one RSA key from an input (EC and Ed25519 keys are refused): what the
/// RSA-only parts of the crate read; [`super::load`] reads every algorithm.
///
/// # Errors
/// [`Error::Input`] or [`Error::Key`] when the input is not a single RSA key (with what was found
/// instead), [`Error::WrongPassphrase`] when decryption fails, and
/// [`Error::NeedsPassphrase`] when the key is encrypted and `passphrase` is `None`.
pub(crate) fn load_rsa(input: &Input, passphrase: Option<&Secret>) -> Result<LoadedKey> {
    load_as(input, passphrase, Expected::Key)
}

/// [`load_rsa`] for a caller that needs `expected` (a private key, a key or a
/// certificate, …): every input error names it.
pub(crate) fn load_as(
    input: &Input,
    passphrase: Option<&Secret>,
    expected: Expected,
) -> Result<LoadedKey> {
    let origin = input.origin();
    if super::jwk::is_json(input) {
        return super::jwk::load(input, expected)?.try_map(|key| match key {
            super::AnyKey::Rsa(key) => Ok(key),
            super::AnyKey::Curve(key) => Err(Error::unexpected(
                origin,
                expected,
                match key.public_key().curve() {
                    super::Curve::Ed25519 => KeyError::EdwardsKey,
                    _ => KeyError::EcKey,
                },
            )),
        });
    }
    let (blocks, encoding, repairs) = match input::sniff(input, expected)? {
        input::Sniffed::Blocks {
            blocks,
            encoding,
            repairs,
        } => (blocks, encoding, repairs),
        input::Sniffed::Jwt => return Err(Error::unexpected(origin, expected, InputError::Jwt)),
    };
    let found = one_key(&blocks, origin, expected, |block| {
        load_block(block, origin, expected, passphrase).map(Some)
    })?;
    match found {
        Some((key, _, _)) if key.bits() < MIN_LOAD_BITS => Err(Error::unexpected(
            origin,
            expected,
            KeyError::SmallKey { bits: key.bits() },
        )),
        Some(read) => Ok(LoadedKey::read(read, encoding, repairs)),
        None => Err(Error::unexpected(origin, expected, InputError::Empty)),
    }
}

/// A key read from one block: the key, its format and how it was encrypted.
pub(super) type Read<K> = (K, Format, Option<Encryption>);

/// The one key among `blocks`, each read by `read` (`Ok(None)` for a block that
/// holds no key of its kind): `Ok(None)` when there is none, the first block's
/// error when none could be read but one failed, and
/// [`InputError::SeveralKeys`] for more than one.
pub(super) fn one_key<K>(
    blocks: &[Block],
    origin: &Origin,
    expected: Expected,
    mut read: impl FnMut(&Block) -> Result<Option<Read<K>>>,
) -> Result<Option<Read<K>>> {
    let mut found = None;
    let mut first_error = None;
    for block in blocks {
        match read(block) {
            Ok(None) => {}
            Ok(Some(k)) if found.is_none() => found = Some(k),
            Ok(Some(_)) => {
                return Err(Error::unexpected(origin, expected, InputError::SeveralKeys));
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    match (found, first_error) {
        (Some(read), _) => Ok(Some(read)),
        (None, Some(e)) => Err(e),
        (None, None) => Ok(None),
    }
}

/// Loads a key to write back repaired with [`LoadedKey::to_pem`]: the broken
/// forms keysmith repairs while reading (squashed PEM, escaped newlines, a
/// legacy encryption) are repaired for RSA keys. An EC or Ed25519 key is
/// refused as an RSA-only reader refuses it, before anything is decrypted.
///
/// # Errors
/// As [`super::load`]; [`Error::Key`] with [`KeyError::EcKey`] or
/// [`KeyError::EdwardsKey`] for an EC or Ed25519 key.
///
/// # Example
/// ```
/// use keysmith::input::Input;
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let input = Input::read(format!("{dir}/testdata/ec-p256.pem"))?;
/// assert!(keysmith::key::load_for_repair(&input, None).is_err());
/// let input = Input::read(format!("{dir}/testdata/rsa2048-pkcs8.pem"))?;
/// let pem = keysmith::key::load_for_repair(&input, None)?.to_pem(None)?;
/// assert!(pem.starts_with(b"-----BEGIN PRIVATE KEY-----\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load_for_repair(input: &Input, passphrase: Option<&Secret>) -> Result<LoadedKey> {
    load_rsa(input, passphrase)
}

/// Loads an RSA private key; a public key is refused.
///
/// # Errors
/// As [`load_rsa`], and [`Error::Input`] with [`InputError::PublicKey`] for a public key.
pub(crate) fn load_rsa_private(
    input: &Input,
    passphrase: Option<&Secret>,
) -> Result<LoadedKey<PrivateKey>> {
    load_as(input, passphrase, Expected::PrivateKey)?.try_map(|key| match key {
        Key::Private(key) => Ok(*key),
        Key::Public(_) => Err(Error::unexpected(
            input.origin(),
            Expected::PrivateKey,
            InputError::PublicKey,
        )),
    })
}

/// Loads an RSA public key to send somewhere; a private key is refused, and so
/// are EC and Ed25519 keys (what partners take this way is an RSA key).
///
/// # Errors
/// As [`super::load`], and [`Error::Invalid`] with [`Invalid::PrivateKeyRefused`] for a
/// private key (encrypted or not), so that a private key is never sent anywhere.
pub fn load_public_only(input: &Input) -> Result<LoadedKey> {
    let refuse = || Error::Invalid {
        origin: input.origin().clone(),
        reason: Invalid::PrivateKeyRefused,
    };
    match load_as(input, None, Expected::RsaPublicKey) {
        Ok(LoadedKey {
            key: Key::Private(_),
            ..
        }) => Err(refuse()),
        Ok(loaded) => Ok(loaded),
        Err(Error::NeedsPassphrase { .. }) => Err(refuse()),
        Err(e) => Err(e),
    }
}

fn load_block(
    block: &Block,
    origin: &Origin,
    expected: Expected,
    passphrase: Option<&Secret>,
) -> Result<Read<Key>> {
    let der: &[u8] = &block.der;
    if let Some(dek_info) = &block.dek_info {
        return match block.label.as_deref() {
            Some("RSA PRIVATE KEY") => {
                let (plain, scheme) =
                    legacy::decrypt_pem(dek_info, der, origin, expected, passphrase)?;
                private_from_pkcs1(&plain, origin, expected)
                    .map(|k| (k, Format::Pkcs1, Some(scheme)))
            }
            Some("EC PRIVATE KEY") => Err(Error::unexpected(origin, expected, KeyError::EcKey)),
            Some(other) => Err(Error::unexpected(
                origin,
                expected,
                InputError::PemLabel(other.to_owned()),
            )),
            None => Err(Error::unexpected(
                origin,
                expected,
                InputError::MalformedDer,
            )),
        };
    }
    let label = match block.label.as_deref() {
        Some(label) => label,
        None => der_label(der)
            .ok_or_else(|| Error::unexpected(origin, expected, InputError::MalformedDer))?,
    };
    match label {
        "PRIVATE KEY" => {
            private_from_pkcs8(der, origin, expected).map(|k| (k, Format::Pkcs8, None))
        }
        "ENCRYPTED PRIVATE KEY" => {
            let (plain, scheme) = decrypt_pkcs8(der, origin, expected, passphrase)?;
            private_from_pkcs8(&plain, origin, expected).map(|k| (k, Format::Pkcs8, Some(scheme)))
        }
        "RSA PRIVATE KEY" => {
            private_from_pkcs1(der, origin, expected).map(|k| (k, Format::Pkcs1, None))
        }
        "PUBLIC KEY" => {
            public_from_spki(der, origin, expected).map(|k| (Key::Public(k), Format::Spki, None))
        }
        "RSA PUBLIC KEY" => {
            public_from_pkcs1(der, origin, expected).map(|k| (Key::Public(k), Format::Pkcs1, None))
        }
        "CERTIFICATE" | "TRUSTED CERTIFICATE" | "X509 CERTIFICATE" => {
            Err(Error::unexpected(origin, expected, InputError::Certificate))
        }
        "EC PRIVATE KEY" | "EC PUBLIC KEY" | "EC PARAMETERS" => {
            Err(Error::unexpected(origin, expected, KeyError::EcKey))
        }
        other => Err(Error::unexpected(
            origin,
            expected,
            InputError::PemLabel(other.to_owned()),
        )),
    }
}

/// The PEM label of the key structure that bare DER holds: each structure is
/// tried in turn and the first that parses decides (private ones first).
pub(crate) fn der_label(der: &[u8]) -> Option<&'static str> {
    use der::Decode;
    if pkcs8::PrivateKeyInfoRef::from_der(der).is_ok() {
        Some("PRIVATE KEY")
    } else if pkcs8::EncryptedPrivateKeyInfoRef::from_der(der).is_ok() || legacy::is_pbe(der) {
        Some("ENCRYPTED PRIVATE KEY")
    } else if spki::SubjectPublicKeyInfoRef::from_der(der).is_ok() {
        Some("PUBLIC KEY")
    } else if pkcs1::RsaPrivateKeyRef::from_der(der).is_ok() {
        Some("RSA PRIVATE KEY")
    } else if pkcs1::RsaPublicKeyRef::from_der(der).is_ok() {
        Some("RSA PUBLIC KEY")
    } else if x509_parser::parse_x509_certificate(der).is_ok() {
        Some("CERTIFICATE")
    } else {
        None
    }
}

fn check_algorithm(oid: &str, origin: &Origin, expected: Expected) -> Result<()> {
    let found = match KeyAlgorithm::from_oid(oid) {
        KeyAlgorithm::Rsa => return Ok(()),
        KeyAlgorithm::Ec => KeyError::EcKey,
        a if a.is_edwards() => KeyError::EdwardsKey,
        _ => KeyError::OtherAlgorithm(oid.to_owned()),
    };
    Err(Error::unexpected(origin, expected, found))
}

fn private_from_pkcs8(der: &[u8], origin: &Origin, expected: Expected) -> Result<Key> {
    use der::Decode;
    let info = pkcs8::PrivateKeyInfoRef::from_der(der)
        .map_err(|_| Error::unexpected(origin, expected, InputError::MalformedDer))?;
    check_algorithm(&info.algorithm.oid.to_string(), origin, expected)?;
    private_from_pkcs1(info.private_key.as_bytes(), origin, expected)
}

fn private_from_pkcs1(der: &[u8], origin: &Origin, expected: Expected) -> Result<Key> {
    use der::Decode;
    match PrivateKey::from_pkcs1_der(der) {
        Ok(k) => Ok(Key::Private(Box::new(k))),
        Err(_) => {
            let unexpected = |found| Error::unexpected(origin, expected, found);
            Err(match pkcs1::RsaPrivateKeyRef::from_der(der) {
                Ok(raw) => unexpected(size_or(
                    uint_bits(raw.modulus.as_bytes()),
                    KeyError::InconsistentKey,
                )),
                Err(_) => Error::unexpected(origin, expected, InputError::MalformedDer),
            })
        }
    }
}

fn public_from_spki(der: &[u8], origin: &Origin, expected: Expected) -> Result<PublicKey> {
    use der::Decode;
    let info = spki::SubjectPublicKeyInfoRef::from_der(der)
        .map_err(|_| Error::unexpected(origin, expected, InputError::MalformedDer))?;
    check_algorithm(&info.algorithm.oid.to_string(), origin, expected)?;
    let Some(bytes) = info.subject_public_key.as_bytes() else {
        return Err(Error::unexpected(
            origin,
            expected,
            InputError::MalformedDer,
        ));
    };
    public_from_pkcs1(bytes, origin, expected)
}

/// The RSA public key of a DER SubjectPublicKeyInfo, such as a certificate's,
/// with the checks [`load_rsa`] makes (RSA, at least [`MIN_LOAD_BITS`]) and its
/// errors, naming `expected`; nothing is sniffed.
pub(crate) fn public_key_from_spki(
    der: &[u8],
    origin: &Origin,
    expected: Expected,
) -> Result<PublicKey> {
    let key = public_from_spki(der, origin, expected)?;
    let bits = modulus_bits(&key);
    if bits < MIN_LOAD_BITS {
        return Err(Error::unexpected(
            origin,
            expected,
            KeyError::SmallKey { bits },
        ));
    }
    Ok(key)
}

fn public_from_pkcs1(der: &[u8], origin: &Origin, expected: Expected) -> Result<PublicKey> {
    use der::Decode;
    match PublicKey::from_pkcs1_der(der) {
        Ok(k) => Ok(k),
        Err(_) => {
            let malformed = Error::unexpected(origin, expected, InputError::MalformedDer);
            Err(match pkcs1::RsaPublicKeyRef::from_der(der) {
                Ok(raw) => match uint_bits(raw.modulus.as_bytes()) {
                    bits if bits < MIN_LOAD_BITS => {
                        Error::unexpected(origin, expected, KeyError::SmallKey { bits })
                    }
                    _ => malformed,
                },
                Err(_) => malformed,
            })
        }
    }
}

fn size_or(bits: usize, otherwise: KeyError) -> KeyError {
    if bits < MIN_LOAD_BITS {
        KeyError::SmallKey { bits }
    } else {
        otherwise
    }
}

#[cfg(test)]
thread_local! {
    /// How many PBES2 decryptions this thread has started (for the tests that
    /// a key is decrypted once).
    pub(super) static PBES2_DECRYPTIONS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Decrypts an `EncryptedPrivateKeyInfo` (PBES2, or a legacy PBE scheme) to
/// the `PrivateKeyInfo` DER, with the scheme it used.
pub(super) fn decrypt_pkcs8(
    der: &[u8],
    origin: &Origin,
    expected: Expected,
    passphrase: Option<&Secret>,
) -> Result<(Zeroizing<Vec<u8>>, Encryption)> {
    use der::Decode;
    if legacy::is_pbe(der) {
        return legacy::decrypt_pbe(der, origin, expected, passphrase);
    }
    let info = pkcs8::EncryptedPrivateKeyInfoRef::from_der(der).map_err(|_| {
        // The outer SEQUENCE parses but the scheme does not: Camellia, RC4, …
        match der::asn1::AnyRef::from_der(der) {
            Ok(_) => Error::unexpected(origin, expected, KeyError::UnsupportedEncryption),
            Err(_) => Error::unexpected(origin, expected, InputError::MalformedDer),
        }
    })?;
    let Some(passphrase) = passphrase else {
        return Err(Error::encrypted(origin, expected, Encrypted::PrivateKey));
    };
    check_kdf_cost(&info.encryption_algorithm, origin, expected)?;
    #[cfg(test)]
    PBES2_DECRYPTIONS.with(|n| n.set(n.get() + 1));
    let wrong = || Error::WrongPassphrase {
        origin: origin.clone(),
    };
    let doc = info.decrypt(passphrase.expose()).map_err(|_| wrong())?;
    let plain = Zeroizing::new(doc.as_bytes().to_vec());
    // Padding that happens to check out under a wrong passphrase leaves bytes
    // that are not a PrivateKeyInfo: that is a wrong passphrase too.
    if pkcs8::PrivateKeyInfoRef::from_der(&plain).is_err() {
        return Err(wrong());
    }
    Ok((plain, Encryption::Pbes2))
}
