//! Keys of every algorithm keysmith handles — RSA, EC P-256/P-384/P-521 and
//! Ed25519 — loaded through the one sniffer: [`load`], [`load_private`],
//! and [`AnyKey::public_key`], [`AnyPublicKey::fingerprint`].
//!
//! A JWK or a one-key JWK Set (JSON) is read by `key/jwk.rs` as its public key.
//! RSA keys go through the RSA loader of `key/load.rs` (its checks, its errors). An
//! input that it finds to be an EC or Ed25519 key (or DER it cannot place:
//! SEC1) is read here: PKCS#8 (plain or encrypted), SEC1 `EC PRIVATE KEY` (also
//! with the legacy PEM encryption) and SPKI. A key on another curve is refused
//! with its curve's OID.
//!
//! [`AnyPrivateKey`] is the private key of any algorithm that can sign: what a
//! CSR, a certificate or a token is signed with.

use super::curve::{ReadPrivate, Refused, is_sec1};
use super::load::{Read, decrypt_pkcs8, one_key};
use super::{
    Fingerprint, Format, Key, LoadedKey, PrivateKey, PublicKey, der_label, legacy, load_as,
};
use crate::error::{Error, Expected, InputError, KeyError, Origin, Result};
use crate::input::{self, Block, Input};
use crate::key::{Curve, CurvePrivateKey, CurvePublicKey};
use crate::secret::Secret;

/// An EC or Ed25519 key, private or public.
#[derive(Clone, Debug)]
pub enum CurveKey {
    /// A private key.
    Private {
        /// The key.
        key: Box<CurvePrivateKey>,
        /// Whether the public key stored beside it (if any) is its own.
        consistent: bool,
    },
    /// A public key.
    Public(CurvePublicKey),
}

impl CurveKey {
    /// The public key (the public half of a private key).
    pub(crate) fn public_key(&self) -> CurvePublicKey {
        match self {
            CurveKey::Private { key, .. } => key.public_key(),
            CurveKey::Public(k) => k.clone(),
        }
    }
}

/// A key of any algorithm keysmith handles.
#[derive(Clone, Debug)]
pub enum AnyKey {
    /// An RSA key.
    Rsa(Key),
    /// An EC or Ed25519 key.
    Curve(CurveKey),
}

/// A public key of any algorithm keysmith handles.
#[derive(Clone, Debug, PartialEq)]
pub enum AnyPublicKey {
    /// An RSA public key.
    Rsa(PublicKey),
    /// An EC or Ed25519 public key.
    Curve(CurvePublicKey),
}

/// A private key of any algorithm keysmith handles: the key that signs.
#[derive(Clone, Debug)]
pub enum AnyPrivateKey {
    /// An RSA private key.
    Rsa(Box<PrivateKey>),
    /// An EC or Ed25519 private key.
    Curve(Box<CurvePrivateKey>),
}

impl AnyKey {
    /// The public key (the public half of a private key).
    pub fn public_key(&self) -> AnyPublicKey {
        match self {
            AnyKey::Rsa(k) => AnyPublicKey::Rsa(k.public_key().clone()),
            AnyKey::Curve(k) => AnyPublicKey::Curve(k.public_key()),
        }
    }

    /// Whether this is a private key.
    pub fn is_private(&self) -> bool {
        matches!(
            self,
            AnyKey::Rsa(Key::Private(_)) | AnyKey::Curve(CurveKey::Private { .. })
        )
    }
}

impl From<AnyPublicKey> for AnyKey {
    fn from(public: AnyPublicKey) -> AnyKey {
        match public {
            AnyPublicKey::Rsa(k) => AnyKey::Rsa(Key::Public(k)),
            AnyPublicKey::Curve(k) => AnyKey::Curve(CurveKey::Public(k)),
        }
    }
}

impl AnyPrivateKey {
    /// The public half.
    pub fn public_key(&self) -> AnyPublicKey {
        match self {
            AnyPrivateKey::Rsa(k) => AnyPublicKey::Rsa(k.as_public_key().clone()),
            AnyPrivateKey::Curve(k) => AnyPublicKey::Curve(k.public_key()),
        }
    }

    /// The curve of an EC or Ed25519 key; `None` for RSA.
    pub(crate) fn curve(&self) -> Option<Curve> {
        match self {
            AnyPrivateKey::Rsa(_) => None,
            AnyPrivateKey::Curve(k) => Some(k.curve()),
        }
    }
}

impl AnyPublicKey {
    /// The SubjectPublicKeyInfo DER.
    ///
    /// # Errors
    /// [`Error::Crypto`] if encoding fails.
    pub(crate) fn to_spki_der(&self) -> Result<Vec<u8>> {
        match self {
            AnyPublicKey::Rsa(k) => super::spki_der(k),
            AnyPublicKey::Curve(k) => k.to_spki_der(),
        }
    }

    /// The SHA-256 of the SPKI DER.
    ///
    /// # Errors
    /// [`Error::Crypto`] if the key cannot be encoded.
    pub fn fingerprint(&self) -> Result<Fingerprint> {
        use sha2::{Digest, Sha256};
        Ok(Fingerprint::from_digest(
            Sha256::digest(self.to_spki_der()?).into(),
        ))
    }
}

/// Loads one key of any algorithm keysmith handles.
///
/// # Errors
/// [`Error::Input`] or [`Error::Key`] when the input is not a single key keysmith
/// handles (with what was found instead: an EC key on another curve is
/// [`KeyError::OtherAlgorithm`] with the curve's OID, an RSA key under
/// 1024 bits or with parts that do not agree is refused),
/// [`Error::WrongPassphrase`] when decryption fails, and
/// [`Error::NeedsPassphrase`] when the key is encrypted and `passphrase` is `None`.
///
/// # Example
/// ```
/// use keysmith::input::Input;
/// use keysmith::key::{self, AnyKey, Curve, CurveKey, Format};
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let loaded = key::load(&Input::read(format!("{dir}/testdata/ec-p256-sec1.pem"))?, None)?;
/// assert_eq!(loaded.format, Format::Sec1);
/// let AnyKey::Curve(CurveKey::Private { key, consistent }) = loaded.key else { panic!() };
/// assert_eq!((key.curve(), consistent), (Curve::P256, true));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load(input: &Input, passphrase: Option<&Secret>) -> Result<LoadedKey<AnyKey>> {
    load_any_as(input, passphrase, Expected::Key)
}

/// [`load`] naming `expected` in its errors.
pub(crate) fn load_any_as(
    input: &Input,
    passphrase: Option<&Secret>,
    expected: Expected,
) -> Result<LoadedKey<AnyKey>> {
    if super::jwk::is_json(input) {
        return super::jwk::load(input, expected);
    }
    if let Some(loaded) = load_encrypted_pkcs8(input, passphrase, expected)? {
        return Ok(loaded);
    }
    match load_as(input, passphrase, expected) {
        Ok(loaded) => Ok(loaded.map(AnyKey::Rsa)),
        Err(
            rsa_error @ (Error::Key {
                found: KeyError::EcKey | KeyError::EdwardsKey,
                ..
            }
            | Error::Input {
                found: InputError::MalformedDer,
                ..
            }),
        ) => match load_curve(input, passphrase, expected)? {
            Some(loaded) => Ok(loaded),
            None => Err(rsa_error),
        },
        Err(e) => Err(e),
    }
}

/// An input whose one structure is an encrypted PKCS#8 key: decrypted here,
/// once (the key derivation is the slow part, by design), and the plaintext
/// read by its algorithm OID; `Ok(None)` for any other input. Without this the
/// RSA loader would decrypt an EC or Ed25519 key only to find it is not RSA,
/// and the curve loader decrypt it again.
fn load_encrypted_pkcs8(
    input: &Input,
    passphrase: Option<&Secret>,
    expected: Expected,
) -> Result<Option<LoadedKey<AnyKey>>> {
    let Ok(input::Sniffed::Blocks {
        blocks,
        encoding,
        repairs,
    }) = input::sniff(input, expected)
    else {
        return Ok(None);
    };
    let [block] = blocks.as_slice() else {
        return Ok(None);
    };
    let label = block.label.as_deref().or_else(|| der_label(&block.der));
    if block.dek_info.is_some() || label != Some("ENCRYPTED PRIVATE KEY") {
        return Ok(None);
    }
    let (mut plain, scheme) = decrypt_pkcs8(&block.der, input.origin(), expected, passphrase)?;
    let plain = Input::from_bytes(input.origin().clone(), std::mem::take(&mut *plain));
    let loaded = load_any_as(&plain, None, expected)?;
    Ok(Some(LoadedKey {
        key: loaded.key,
        format: loaded.format,
        encoding,
        encrypted: true,
        encryption: Some(scheme),
        repairs,
    }))
}

/// Loads a private key of any algorithm; a public key is refused.
///
/// # Errors
/// As [`load`], and [`InputError::PublicKey`] for a public key.
pub fn load_private(
    input: &Input,
    passphrase: Option<&Secret>,
) -> Result<LoadedKey<AnyPrivateKey>> {
    load_any_as(input, passphrase, Expected::PrivateKey)?.try_map(|key| match key {
        AnyKey::Rsa(Key::Private(k)) => Ok(AnyPrivateKey::Rsa(k)),
        AnyKey::Curve(CurveKey::Private { key, .. }) => Ok(AnyPrivateKey::Curve(key)),
        AnyKey::Rsa(Key::Public(_)) | AnyKey::Curve(CurveKey::Public(_)) => Err(Error::unexpected(
            input.origin(),
            Expected::PrivateKey,
            InputError::PublicKey,
        )),
    })
}

/// The EC or Ed25519 key the input holds: `Ok(None)` when it holds none (the
/// caller's RSA error stands), an error when one is there but cannot be read.
fn load_curve(
    input: &Input,
    passphrase: Option<&Secret>,
    expected: Expected,
) -> Result<Option<LoadedKey<AnyKey>>> {
    let origin = input.origin();
    let input::Sniffed::Blocks {
        blocks,
        encoding,
        repairs,
    } = input::sniff(input, expected)?
    else {
        return Ok(None);
    };
    let found = one_key(&blocks, origin, expected, |block| {
        curve_block(block, origin, expected, passphrase)
    })?;
    Ok(found.map(|(key, format, encryption)| {
        LoadedKey::read((AnyKey::Curve(key), format, encryption), encoding, repairs)
    }))
}

fn private((read, format, encryption): Read<ReadPrivate>) -> Read<CurveKey> {
    (
        CurveKey::Private {
            key: Box::new(read.key),
            consistent: read.consistent,
        },
        format,
        encryption,
    )
}

/// One block as an EC or Ed25519 key; `Ok(None)` for a block that is none.
fn curve_block(
    block: &Block,
    origin: &Origin,
    expected: Expected,
    passphrase: Option<&Secret>,
) -> Result<Option<Read<CurveKey>>> {
    let refused = |r: Refused| r.at(origin, expected);
    let der: &[u8] = &block.der;
    if let Some(dek_info) = &block.dek_info {
        if block.label.as_deref() != Some("EC PRIVATE KEY") {
            return Ok(None);
        }
        let (plain, scheme) = legacy::decrypt_pem(dek_info, der, origin, expected, passphrase)?;
        let read = CurvePrivateKey::from_sec1_der(&plain).map_err(|_| Error::WrongPassphrase {
            origin: origin.clone(),
        })?;
        return Ok(Some(private((read, Format::Sec1, Some(scheme)))));
    }
    let label = match block.label.as_deref() {
        Some(label) => label,
        None => match der_label(der) {
            Some(label) => label,
            None if is_sec1(der) => "EC PRIVATE KEY",
            None => return Ok(None),
        },
    };
    let read = match label {
        "EC PRIVATE KEY" => CurvePrivateKey::from_sec1_der(der)
            .map(|k| private((k, Format::Sec1, None)))
            .map_err(refused)?,
        "PRIVATE KEY" => match CurvePrivateKey::from_pkcs8_der(der) {
            Ok(k) => private((k, Format::Pkcs8, None)),
            Err(Refused::Other(oid)) if is_not_curve(&oid) => return Ok(None),
            Err(r) => return Err(refused(r)),
        },
        "ENCRYPTED PRIVATE KEY" => {
            let (plain, scheme) = decrypt_pkcs8(der, origin, expected, passphrase)?;
            match CurvePrivateKey::from_pkcs8_der(&plain) {
                Ok(k) => private((k, Format::Pkcs8, Some(scheme))),
                Err(Refused::Other(oid)) if is_not_curve(&oid) => return Ok(None),
                Err(r) => return Err(refused(r)),
            }
        }
        "PUBLIC KEY" => match CurvePublicKey::from_spki_der(der) {
            Ok(k) => (CurveKey::Public(k), Format::Spki, None),
            Err(Refused::Other(oid)) if is_not_curve(&oid) => return Ok(None),
            Err(r) => return Err(refused(r)),
        },
        _ => return Ok(None),
    };
    Ok(Some(read))
}

/// Whether an OID that [`CurvePublicKey::from_spki_der`] refused is another
/// algorithm (RSA: not ours to report) rather than an unsupported curve.
fn is_not_curve(oid: &str) -> bool {
    oid == super::KeyAlgorithm::Rsa.oid()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Encoding;
    use crate::key::{Encryption, PrivateFormat};
    use crate::test_fixture::input as fixture;

    #[test]
    fn load_reads_every_form_of_each_curve_key() {
        let pass = Secret::new("correct horse");
        for (name, curve, format, encoding, private) in [
            (
                "ec-p256.pem",
                Curve::P256,
                Format::Pkcs8,
                Encoding::Pem,
                true,
            ),
            (
                "ec-p256-pkcs8.der",
                Curve::P256,
                Format::Pkcs8,
                Encoding::Der,
                true,
            ),
            (
                "ec-p256-sec1.pem",
                Curve::P256,
                Format::Sec1,
                Encoding::Pem,
                true,
            ),
            (
                "ec-p256-sec1.der",
                Curve::P256,
                Format::Sec1,
                Encoding::Der,
                true,
            ),
            (
                "ec-p256-pkcs8-enc.pem",
                Curve::P256,
                Format::Pkcs8,
                Encoding::Pem,
                true,
            ),
            (
                "ec-p256-pub.pem",
                Curve::P256,
                Format::Spki,
                Encoding::Pem,
                false,
            ),
            (
                "ec-p256-pub.der",
                Curve::P256,
                Format::Spki,
                Encoding::Der,
                false,
            ),
            (
                "ec-p384.pem",
                Curve::P384,
                Format::Pkcs8,
                Encoding::Pem,
                true,
            ),
            (
                "ec-p384-sec1.pem",
                Curve::P384,
                Format::Sec1,
                Encoding::Pem,
                true,
            ),
            (
                "ec-p384-pub.pem",
                Curve::P384,
                Format::Spki,
                Encoding::Pem,
                false,
            ),
            (
                "ec-p521.pem",
                Curve::P521,
                Format::Pkcs8,
                Encoding::Pem,
                true,
            ),
            (
                "ec-p521-sec1.pem",
                Curve::P521,
                Format::Sec1,
                Encoding::Pem,
                true,
            ),
            (
                "ec-p521-pub.pem",
                Curve::P521,
                Format::Spki,
                Encoding::Pem,
                false,
            ),
            (
                "ed25519.pem",
                Curve::Ed25519,
                Format::Pkcs8,
                Encoding::Pem,
                true,
            ),
            (
                "ed25519-pkcs8.der",
                Curve::Ed25519,
                Format::Pkcs8,
                Encoding::Der,
                true,
            ),
            (
                "ed25519-pkcs8-enc.pem",
                Curve::Ed25519,
                Format::Pkcs8,
                Encoding::Pem,
                true,
            ),
            (
                "ed25519-pub.pem",
                Curve::Ed25519,
                Format::Spki,
                Encoding::Pem,
                false,
            ),
            (
                "ed25519-pub.der",
                Curve::Ed25519,
                Format::Spki,
                Encoding::Der,
                false,
            ),
        ] {
            let loaded = load(&fixture(name), Some(&pass)).unwrap();
            assert_eq!(
                (loaded.format, loaded.encoding),
                (format, encoding),
                "{name}"
            );
            let AnyKey::Curve(key) = &loaded.key else {
                panic!("{name}: not a curve key");
            };
            assert_eq!(key.public_key().curve(), curve, "{name}");
            assert_eq!(loaded.key.is_private(), private, "{name}");
        }
    }

    #[test]
    fn load_keeps_rsa_and_its_errors() {
        let loaded = load(&fixture("rsa2048-pkcs8.pem"), None).unwrap();
        assert!(matches!(loaded.key, AnyKey::Rsa(Key::Private(_))));
        match load(&fixture("ec-secp256k1.pem"), None) {
            Err(Error::Key { found, .. }) => {
                assert_eq!(found, KeyError::OtherAlgorithm("1.3.132.0.10".to_owned()));
            }
            other => panic!("secp256k1: {other:?}"),
        }
        assert!(matches!(
            load(&fixture("ec-p256-pkcs8-enc.pem"), None),
            Err(Error::NeedsPassphrase { .. })
        ));
        assert!(matches!(
            load(&fixture("garbage.bin"), None),
            Err(Error::Input {
                found: InputError::Unrecognised,
                ..
            })
        ));
        assert!(matches!(
            load(
                &fixture("ec-p256-pkcs8-enc.pem"),
                Some(&Secret::new("wrong"))
            ),
            Err(Error::WrongPassphrase { .. })
        ));
    }

    #[test]
    fn load_decrypts_an_encrypted_pkcs8_key_once() {
        let pass = Secret::new("correct horse");
        for name in [
            "ec-p256-pkcs8-enc.pem",
            "ed25519-pkcs8-enc.pem",
            "rsa2048-pkcs8-enc-aes256.pem",
            "rsa2048-pkcs8-enc-aes256.der",
        ] {
            super::super::load::PBES2_DECRYPTIONS.with(|n| n.set(0));
            let loaded = load(&fixture(name), Some(&pass)).unwrap();
            assert!(loaded.encrypted && loaded.key.is_private(), "{name}");
            assert_eq!(loaded.encryption, Some(Encryption::Pbes2), "{name}");
            let decryptions = super::super::load::PBES2_DECRYPTIONS.with(std::cell::Cell::get);
            assert_eq!(decryptions, 1, "{name}");
        }
    }

    #[test]
    fn inspect_decrypts_an_encrypted_key_once() {
        let pass = Secret::new("correct horse");
        for (name, curve) in [
            ("ec-p256-pkcs8-enc.pem", true),
            ("ed25519-pkcs8-enc.pem", true),
            ("rsa2048-pkcs8-enc-aes256.pem", false),
        ] {
            super::super::load::PBES2_DECRYPTIONS.with(|n| n.set(0));
            let described = super::super::inspect(&fixture(name), Some(&pass)).unwrap();
            assert_eq!(described.curve.is_some(), curve, "{name}");
            let decryptions = super::super::load::PBES2_DECRYPTIONS.with(std::cell::Cell::get);
            assert_eq!(decryptions, 1, "{name}");
        }
    }

    #[test]
    fn encode_private_round_trips_a_curve_key() {
        let key = load_private(&fixture("ec-p384-sec1.pem"), None)
            .unwrap()
            .key;
        let origin = Origin::Argument("key");
        let encode = |format: &PrivateFormat, encoding| {
            super::super::encode_private(&key, format, encoding, &origin)
        };
        let sec1 = encode(&PrivateFormat::Sec1, Encoding::Pem).unwrap();
        assert_eq!(sec1.as_slice(), fixture("ec-p384-sec1.pem").bytes());
        let pass = Secret::new("pw");
        let enc = encode(&PrivateFormat::EncryptedPkcs8(pass.clone()), Encoding::Der).unwrap();
        let again = load_private(
            &Input::from_bytes(origin.clone(), enc.to_vec()),
            Some(&pass),
        )
        .unwrap();
        assert_eq!(again.key.public_key(), key.public_key());
        assert!(again.encrypted);
        match encode(&PrivateFormat::Pkcs1, Encoding::Pem) {
            Err(Error::Key { found, .. }) => assert_eq!(found, KeyError::EcKey),
            other => panic!("PKCS#1 of an EC key: {other:?}"),
        }
        let ed = load_private(&fixture("ed25519.pem"), None).unwrap().key;
        for format in [PrivateFormat::Pkcs1, PrivateFormat::Sec1] {
            match super::super::encode_private(&ed, &format, Encoding::Pem, &origin) {
                Err(Error::Key { found, .. }) => assert_eq!(found, KeyError::EdwardsKey),
                other => panic!("{format:?} of an Ed25519 key: {other:?}"),
            }
        }
    }
}
