//! EC (P-256, P-384, P-521) and Ed25519 keys: [`Curve`], [`CurvePublicKey`] and
//! [`CurvePrivateKey`], read from PKCS#8, SEC1 (`EC PRIVATE KEY`) and SPKI DER,
//! written as PKCS#8, SEC1 and SPKI, and used to sign and verify.
//!
//! All parsing, encoding and arithmetic is done by the RustCrypto crates (`p256`,
//! `p384`, `p521`, `ecdsa`, `ed25519-dalek`, `sec1`, `pkcs8`, `spki`); this module
//! only dispatches on the curve. A point that is not on its curve, a scalar out
//! of range, or a curve other than these four is refused when the key is read.
//! ECDSA signatures are either DER (as `openssl dgst` writes them) or the
//! fixed-size `r‖s` of JOSE ([`SignatureEncoding`]); Ed25519 has one form, 64
//! bytes, and is verified strictly (RFC 8032: canonical `S`, no small-order key).

use der::Decode;
use ecdsa::signature::{Signer, Verifier};
use pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey, LineEnding};
use serde::Serialize;
use zeroize::Zeroizing;

use crate::error::{Error, Expected, InputError, KeyError, Origin, Result};

/// Why bytes are not a usable EC or Ed25519 key: malformed (or a point off its
/// curve), or a key of another curve or algorithm (by OID).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// DER that is not the structure, or a point or scalar out of range.
    Malformed,
    /// Another curve or algorithm, by its OID.
    Other(String),
}

impl Refused {
    /// The error for the input from `origin`.
    pub(crate) fn at(self, origin: &Origin, expected: Expected) -> Error {
        match self {
            Refused::Malformed => Error::unexpected(origin, expected, InputError::MalformedDer),
            Refused::Other(oid) => {
                Error::unexpected(origin, expected, KeyError::OtherAlgorithm(oid))
            }
        }
    }
}

/// A curve keysmith signs and verifies with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Curve {
    /// NIST P-256 (secp256r1, prime256v1): ES256.
    #[serde(rename = "P-256")]
    P256,
    /// NIST P-384 (secp384r1): ES384.
    #[serde(rename = "P-384")]
    P384,
    /// NIST P-521 (secp521r1): ES512.
    #[serde(rename = "P-521")]
    P521,
    /// Ed25519 (RFC 8032): EdDSA.
    Ed25519,
}

/// OID of `id-ecPublicKey`, the algorithm of every EC key.
pub(crate) const EC_PUBLIC_KEY_OID: &str = "1.2.840.10045.2.1";
/// OID of Ed25519.
pub(crate) const ED25519_OID: &str = "1.3.101.112";

impl Curve {
    /// All four.
    pub(crate) const ALL: [Curve; 4] = [Curve::P256, Curve::P384, Curve::P521, Curve::Ed25519];

    /// The name JOSE (`crv`) and openssl use: `P-256`, `P-384`, `P-521`, `Ed25519`.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
            Curve::Ed25519 => "Ed25519",
        }
    }

    /// The curve a JWK `crv` names (exactly, case-sensitive).
    pub(crate) fn from_name(name: &str) -> Option<Curve> {
        Curve::ALL.into_iter().find(|c| c.name() == name)
    }

    /// The named-curve OID of an EC curve (`None` for Ed25519, whose algorithm
    /// OID is the curve).
    pub(crate) const fn ec_oid(self) -> Option<&'static str> {
        match self {
            Curve::P256 => Some("1.2.840.10045.3.1.7"),
            Curve::P384 => Some("1.3.132.0.34"),
            Curve::P521 => Some("1.3.132.0.35"),
            Curve::Ed25519 => None,
        }
    }

    /// The EC curve a named-curve OID names.
    pub(crate) fn from_ec_oid(oid: &str) -> Option<Curve> {
        [Curve::P256, Curve::P384, Curve::P521]
            .into_iter()
            .find(|c| c.ec_oid() == Some(oid))
    }

    /// Whether this is an ECDSA curve (not Ed25519).
    pub(crate) const fn is_ecdsa(self) -> bool {
        !matches!(self, Curve::Ed25519)
    }

    /// The size of the curve's order in bits (ed25519: 255).
    pub(crate) const fn bits(self) -> usize {
        match self {
            Curve::P256 => 256,
            Curve::P384 => 384,
            Curve::P521 => 521,
            Curve::Ed25519 => 255,
        }
    }

    /// The one JWS algorithm a key on this curve signs with: ES256 for P-256,
    /// ES384 for P-384, ES512 for P-521, EdDSA for Ed25519.
    pub const fn algorithm(self) -> crate::algorithm::Algorithm {
        use crate::algorithm::Algorithm;
        match self {
            Curve::P256 => Algorithm::ES256,
            Curve::P384 => Algorithm::ES384,
            Curve::P521 => Algorithm::ES512,
            Curve::Ed25519 => Algorithm::EdDSA,
        }
    }

    /// The size of a fixed-size (JOSE `r‖s`, or Ed25519) signature in bytes.
    pub(crate) const fn signature_len(self) -> usize {
        match self {
            Curve::P256 | Curve::Ed25519 => 64,
            Curve::P384 => 96,
            Curve::P521 => 132,
        }
    }
}

impl std::fmt::Display for Curve {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// How an ECDSA signature is encoded; Ed25519 signatures have one form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SignatureEncoding {
    /// An ASN.1 `Ecdsa-Sig-Value` (DER), as `openssl dgst -sign` writes it.
    #[default]
    Der,
    /// The fixed-size `r‖s` of JOSE (RFC 7518 §3.4) and IEEE P1363.
    Jose,
}

/// The public key of an EC or Ed25519 key pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CurvePublicKey {
    /// A P-256 public key.
    P256(p256::ecdsa::VerifyingKey),
    /// A P-384 public key.
    P384(p384::ecdsa::VerifyingKey),
    /// A P-521 public key.
    P521(p521::ecdsa::VerifyingKey),
    /// An Ed25519 public key.
    Ed25519(ed25519_dalek::VerifyingKey),
}

/// An EC or Ed25519 private key. Its `Debug` names the curve only; the
/// secret scalar is zeroized when dropped (the crates' own `Drop`).
#[derive(Clone)]
pub enum CurvePrivateKey {
    /// A P-256 private key.
    P256(p256::ecdsa::SigningKey),
    /// A P-384 private key.
    P384(p384::ecdsa::SigningKey),
    /// A P-521 private key.
    P521(p521::ecdsa::SigningKey),
    /// An Ed25519 private key.
    Ed25519(ed25519_dalek::SigningKey),
}

impl std::fmt::Debug for CurvePrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CurvePrivateKey({}, ..)", self.curve())
    }
}

fn encoding_failed<E>(_: E) -> Error {
    Error::Crypto {
        operation: "encoding the key",
    }
}

/// ECDSA verification in either encoding, for one curve's crate (a macro: the
/// generic bounds of `ecdsa` would say the same at far greater length).
macro_rules! ecdsa_verify {
    ($curve:ident, $key:expr, $message:expr, $signature:expr, $encoding:expr) => {
        match $encoding {
            SignatureEncoding::Jose => $curve::ecdsa::Signature::from_slice($signature)
                .is_ok_and(|sig| $key.verify($message, &sig).is_ok()),
            SignatureEncoding::Der => $curve::ecdsa::DerSignature::from_bytes($signature)
                .is_ok_and(|sig| $key.verify($message, &sig).is_ok()),
        }
    };
}

/// ECDSA verification of a DER signature with a named SHA-2 hash, through the
/// `ecdsa` crate's digest API (the hash need not be the curve's own).
macro_rules! ecdsa_verify_with {
    ($curve:ident, $key:expr, $hash:expr, $message:expr, $signature:expr) => {{
        use ecdsa::signature::DigestVerifier;
        let Ok(sig) = $curve::ecdsa::DerSignature::from_bytes($signature) else {
            return false;
        };
        let update = |d: &mut dyn sha2::digest::DynDigest| {
            d.update($message);
            Ok(())
        };
        match $hash {
            crate::algorithm::Sha2::Sha256 => {
                DigestVerifier::<sha2::Sha256, _>::verify_digest($key, |d| update(d), &sig)
            }
            crate::algorithm::Sha2::Sha384 => {
                DigestVerifier::<sha2::Sha384, _>::verify_digest($key, |d| update(d), &sig)
            }
            crate::algorithm::Sha2::Sha512 => {
                DigestVerifier::<sha2::Sha512, _>::verify_digest($key, |d| update(d), &sig)
            }
        }
        .is_ok()
    }};
}

impl CurvePublicKey {
    /// The curve.
    pub fn curve(&self) -> Curve {
        match self {
            CurvePublicKey::P256(_) => Curve::P256,
            CurvePublicKey::P384(_) => Curve::P384,
            CurvePublicKey::P521(_) => Curve::P521,
            CurvePublicKey::Ed25519(_) => Curve::Ed25519,
        }
    }

    /// The public point: SEC1 uncompressed (`04‖x‖y`) for EC, the 32 bytes of
    /// RFC 8032 for Ed25519 (what `openssl pkey -text` prints as `pub:`).
    pub(crate) fn point(&self) -> Vec<u8> {
        match self {
            CurvePublicKey::P256(k) => k.to_sec1_point(false).as_bytes().to_vec(),
            CurvePublicKey::P384(k) => k.to_sec1_point(false).as_bytes().to_vec(),
            CurvePublicKey::P521(k) => k.to_sec1_point(false).as_bytes().to_vec(),
            CurvePublicKey::Ed25519(k) => k.as_bytes().to_vec(),
        }
    }

    /// The public key of a curve from its point (SEC1, compressed or not, for
    /// EC; the 32 bytes for Ed25519); `None` when it is not a point of the curve.
    pub(crate) fn from_point(curve: Curve, point: &[u8]) -> Option<CurvePublicKey> {
        match curve {
            Curve::P256 => p256::ecdsa::VerifyingKey::from_sec1_bytes(point)
                .ok()
                .map(CurvePublicKey::P256),
            Curve::P384 => p384::ecdsa::VerifyingKey::from_sec1_bytes(point)
                .ok()
                .map(CurvePublicKey::P384),
            Curve::P521 => p521::ecdsa::VerifyingKey::from_sec1_bytes(point)
                .ok()
                .map(CurvePublicKey::P521),
            Curve::Ed25519 => <&[u8; 32]>::try_from(point)
                .ok()
                .and_then(|b| ed25519_dalek::VerifyingKey::from_bytes(b).ok())
                .map(CurvePublicKey::Ed25519),
        }
    }

    /// Reads a DER SubjectPublicKeyInfo of an EC or Ed25519 key.
    ///
    /// # Errors
    /// [`Refused::Malformed`] for DER that is no SPKI or a point off its curve,
    /// [`Refused::Other`] with the OID of another curve or algorithm.
    pub(crate) fn from_spki_der(der: &[u8]) -> std::result::Result<CurvePublicKey, Refused> {
        let info = spki::SubjectPublicKeyInfoRef::from_der(der).map_err(|_| Refused::Malformed)?;
        let curve = spki_curve(&info.algorithm)?;
        let bytes = info
            .subject_public_key
            .as_bytes()
            .ok_or(Refused::Malformed)?;
        CurvePublicKey::from_point(curve, bytes).ok_or(Refused::Malformed)
    }

    /// The SubjectPublicKeyInfo DER, as `openssl pkey -pubout -outform DER` writes it.
    ///
    /// # Errors
    /// [`Error::Crypto`] if encoding fails (it does not for a key that was read).
    pub(crate) fn to_spki_der(&self) -> Result<Vec<u8>> {
        let doc = match self {
            CurvePublicKey::P256(k) => k.to_public_key_der(),
            CurvePublicKey::P384(k) => k.to_public_key_der(),
            CurvePublicKey::P521(k) => k.to_public_key_der(),
            CurvePublicKey::Ed25519(k) => k.to_public_key_der(),
        };
        doc.map(|d| d.as_bytes().to_vec()).map_err(encoding_failed)
    }

    /// The SubjectPublicKeyInfo PEM (`BEGIN PUBLIC KEY`, LF line endings),
    /// byte-identical to `openssl pkey -pubout`.
    ///
    /// # Errors
    /// As [`CurvePublicKey::to_spki_der`].
    pub(crate) fn to_spki_pem(&self) -> Result<Vec<u8>> {
        let der = self.to_spki_der()?;
        let doc = spki::Document::try_from(der.as_slice()).map_err(encoding_failed)?;
        doc.to_pem("PUBLIC KEY", LineEnding::LF)
            .map(String::into_bytes)
            .map_err(encoding_failed)
    }

    /// Whether `signature` is a valid signature of `message`: ECDSA with the
    /// curve's hash (SHA-256, SHA-384, SHA-512) in `encoding`, or Ed25519
    /// (strict, `encoding` ignored). A signature of the wrong size or form, or
    /// with `r` or `s` zero or out of range, never verifies.
    pub fn verify(&self, message: &[u8], signature: &[u8], encoding: SignatureEncoding) -> bool {
        match self {
            CurvePublicKey::P256(k) => ecdsa_verify!(p256, k, message, signature, encoding),
            CurvePublicKey::P384(k) => ecdsa_verify!(p384, k, message, signature, encoding),
            CurvePublicKey::P521(k) => ecdsa_verify!(p521, k, message, signature, encoding),
            CurvePublicKey::Ed25519(k) => ed25519_dalek::Signature::from_slice(signature)
                .is_ok_and(|sig| k.verify_strict(message, &sig).is_ok()),
        }
    }
}

impl CurvePublicKey {
    /// Whether `signature` (DER) is a valid ECDSA signature of `message` hashed
    /// with `hash`, whatever the curve (openssl signs a P-384 request with
    /// SHA-256 by default). Always `false` for Ed25519, which names no hash.
    pub(crate) fn verify_ecdsa_with(
        &self,
        hash: crate::algorithm::Sha2,
        message: &[u8],
        signature: &[u8],
    ) -> bool {
        match self {
            CurvePublicKey::P256(k) => ecdsa_verify_with!(p256, k, hash, message, signature),
            CurvePublicKey::P384(k) => ecdsa_verify_with!(p384, k, hash, message, signature),
            CurvePublicKey::P521(k) => ecdsa_verify_with!(p521, k, hash, message, signature),
            CurvePublicKey::Ed25519(_) => false,
        }
    }
}

/// The curve an SPKI or PKCS#8 `AlgorithmIdentifier` names.
fn spki_curve(algorithm: &spki::AlgorithmIdentifierRef<'_>) -> std::result::Result<Curve, Refused> {
    let oid = algorithm.oid.to_string();
    match oid.as_str() {
        ED25519_OID => Ok(Curve::Ed25519),
        EC_PUBLIC_KEY_OID => {
            let named = algorithm
                .parameters_oid()
                .map_err(|_| Refused::Malformed)?
                .to_string();
            Curve::from_ec_oid(&named).ok_or(Refused::Other(named))
        }
        _ => Err(Refused::Other(oid)),
    }
}

/// A private key as read, and whether the public key stored beside it (SEC1's
/// `publicKey`, PKCS#8 v2's) is the one its scalar makes (true when none is).
pub(crate) struct ReadPrivate {
    pub(crate) key: CurvePrivateKey,
    pub(crate) consistent: bool,
}

impl CurvePrivateKey {
    /// A new key on `curve` from the operating system's random source.
    ///
    /// # Errors
    /// [`Error::Crypto`] when the random source fails.
    pub fn generate(curve: Curve) -> Result<CurvePrivateKey> {
        use elliptic_curve::Generate;
        use rand::TryRng;
        let failed = |_| Error::Crypto {
            operation: "drawing random bytes",
        };
        let mut rng = rand::rngs::SysRng;
        Ok(match curve {
            Curve::P256 => CurvePrivateKey::P256(
                p256::ecdsa::SigningKey::try_generate_from_rng(&mut rng).map_err(failed)?,
            ),
            Curve::P384 => CurvePrivateKey::P384(
                p384::ecdsa::SigningKey::try_generate_from_rng(&mut rng).map_err(failed)?,
            ),
            Curve::P521 => CurvePrivateKey::P521(
                p521::ecdsa::SigningKey::try_generate_from_rng(&mut rng).map_err(failed)?,
            ),
            Curve::Ed25519 => {
                // An Ed25519 private key is 32 random bytes (RFC 8032 §5.1.5).
                let mut seed = Zeroizing::new([0u8; 32]);
                rng.try_fill_bytes(seed.as_mut_slice()).map_err(failed)?;
                CurvePrivateKey::Ed25519(ed25519_dalek::SigningKey::from_bytes(&seed))
            }
        })
    }

    /// The curve.
    pub fn curve(&self) -> Curve {
        self.public_key().curve()
    }

    /// The public half.
    pub fn public_key(&self) -> CurvePublicKey {
        match self {
            CurvePrivateKey::P256(k) => CurvePublicKey::P256(*k.verifying_key()),
            CurvePrivateKey::P384(k) => CurvePublicKey::P384(*k.verifying_key()),
            CurvePrivateKey::P521(k) => CurvePublicKey::P521(*k.verifying_key()),
            CurvePrivateKey::Ed25519(k) => CurvePublicKey::Ed25519(k.verifying_key()),
        }
    }

    /// Signs `message`: ECDSA with the curve's hash and deterministic nonces
    /// (RFC 6979), in `encoding`; Ed25519 (64 bytes, `encoding` ignored).
    pub fn sign(&self, message: &[u8], encoding: SignatureEncoding) -> Vec<u8> {
        fn ec<S: AsRef<[u8]>, J: AsRef<[u8]>>(
            encoding: SignatureEncoding,
            jose: J,
            der: S,
        ) -> Vec<u8> {
            match encoding {
                SignatureEncoding::Jose => jose.as_ref().to_vec(),
                SignatureEncoding::Der => der.as_ref().to_vec(),
            }
        }
        match self {
            CurvePrivateKey::P256(k) => {
                let sig: p256::ecdsa::Signature = k.sign(message);
                ec(encoding, sig.to_bytes(), sig.to_der())
            }
            CurvePrivateKey::P384(k) => {
                let sig: p384::ecdsa::Signature = k.sign(message);
                ec(encoding, sig.to_bytes(), sig.to_der())
            }
            CurvePrivateKey::P521(k) => {
                let sig: p521::ecdsa::Signature = k.sign(message);
                ec(encoding, sig.to_bytes(), sig.to_der())
            }
            CurvePrivateKey::Ed25519(k) => k.sign(message).to_bytes().to_vec(),
        }
    }

    /// The PKCS#8 `PrivateKeyInfo` DER (as `openssl genpkey` writes it: SEC1
    /// with the public key inside for EC, RFC 8410 v1 for Ed25519).
    ///
    /// # Errors
    /// [`Error::Crypto`] if encoding fails.
    pub(crate) fn to_pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>> {
        let doc = match self {
            CurvePrivateKey::P256(k) => k.to_pkcs8_der(),
            CurvePrivateKey::P384(k) => k.to_pkcs8_der(),
            CurvePrivateKey::P521(k) => k.to_pkcs8_der(),
            // RFC 8410 v1, without the public key, as `openssl genpkey` writes
            // it: OpenSSL 3.0 refuses the v2 form ed25519-dalek writes.
            CurvePrivateKey::Ed25519(k) => ed25519_dalek::ed25519::pkcs8::KeypairBytes {
                secret_key: k.to_bytes(),
                public_key: None,
            }
            .to_pkcs8_der(),
        };
        doc.map(|d| Zeroizing::new(d.as_bytes().to_vec()))
            .map_err(encoding_failed)
    }

    /// The SEC1 `ECPrivateKey` DER (`BEGIN EC PRIVATE KEY`, as `openssl ec`
    /// writes it); `None` for Ed25519, which has no SEC1 form.
    ///
    /// # Errors
    /// [`Error::Crypto`] if encoding fails.
    pub(crate) fn to_sec1_der(&self) -> Result<Option<Zeroizing<Vec<u8>>>> {
        let der = match self {
            CurvePrivateKey::P256(k) => elliptic_curve::SecretKey::from(k).to_sec1_der(),
            CurvePrivateKey::P384(k) => elliptic_curve::SecretKey::from(k).to_sec1_der(),
            CurvePrivateKey::P521(k) => elliptic_curve::SecretKey::from(k).to_sec1_der(),
            CurvePrivateKey::Ed25519(_) => return Ok(None),
        };
        der.map(Some).map_err(encoding_failed)
    }

    /// Reads a PKCS#8 `PrivateKeyInfo` of an EC or Ed25519 key.
    pub(crate) fn from_pkcs8_der(der: &[u8]) -> std::result::Result<ReadPrivate, Refused> {
        let info = pkcs8::PrivateKeyInfoRef::from_der(der).map_err(|_| Refused::Malformed)?;
        let curve = spki_curve(&info.algorithm)?;
        let bad = |_| Refused::Malformed;
        let key = match curve {
            Curve::P256 => {
                CurvePrivateKey::P256(p256::ecdsa::SigningKey::from_pkcs8_der(der).map_err(bad)?)
            }
            Curve::P384 => {
                CurvePrivateKey::P384(p384::ecdsa::SigningKey::from_pkcs8_der(der).map_err(bad)?)
            }
            Curve::P521 => {
                CurvePrivateKey::P521(p521::ecdsa::SigningKey::from_pkcs8_der(der).map_err(bad)?)
            }
            Curve::Ed25519 => CurvePrivateKey::Ed25519(
                ed25519_dalek::SigningKey::from_pkcs8_der(der).map_err(bad)?,
            ),
        };
        // The public key stored beside the scalar: PKCS#8 v2's, or (EC) the
        // one inside the SEC1 structure.
        let stored = match info.public_key.as_ref().and_then(|b| b.as_bytes()) {
            Some(bytes) => Some(bytes.to_vec()),
            None if curve.is_ecdsa() => sec1::EcPrivateKey::from_der(info.private_key.as_bytes())
                .ok()
                .and_then(|sec1| sec1.public_key.map(<[u8]>::to_vec)),
            None => None,
        };
        let consistent = stored.is_none_or(|p| p == key.public_key().point());
        Ok(ReadPrivate { key, consistent })
    }

    /// Reads a SEC1 `ECPrivateKey` (it must name its curve).
    pub(crate) fn from_sec1_der(der: &[u8]) -> std::result::Result<ReadPrivate, Refused> {
        let sec1 = sec1::EcPrivateKey::from_der(der).map_err(|_| Refused::Malformed)?;
        let named = sec1
            .parameters
            .and_then(|p| p.named_curve())
            .ok_or(Refused::Malformed)?
            .to_string();
        let curve = Curve::from_ec_oid(&named).ok_or(Refused::Other(named))?;
        let bad = |_| Refused::Malformed;
        let key = match curve {
            Curve::P256 => CurvePrivateKey::P256(
                (&elliptic_curve::SecretKey::<p256::NistP256>::from_sec1_der(der).map_err(bad)?)
                    .into(),
            ),
            Curve::P384 => CurvePrivateKey::P384(
                (&elliptic_curve::SecretKey::<p384::NistP384>::from_sec1_der(der).map_err(bad)?)
                    .into(),
            ),
            Curve::P521 => CurvePrivateKey::P521(
                (&elliptic_curve::SecretKey::<p521::NistP521>::from_sec1_der(der).map_err(bad)?)
                    .into(),
            ),
            Curve::Ed25519 => return Err(Refused::Malformed),
        };
        let consistent = sec1
            .public_key
            .is_none_or(|p| p == key.public_key().point().as_slice());
        Ok(ReadPrivate { key, consistent })
    }
}

/// Whether DER bytes are a SEC1 `ECPrivateKey` (for the sniffer's label of bare DER).
pub(crate) fn is_sec1(der: &[u8]) -> bool {
    sec1::EcPrivateKey::from_der(der).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn der(name: &str) -> Vec<u8> {
        crate::test_fixture::input(name).bytes().to_vec()
    }

    #[test]
    fn pkcs8_and_sec1_of_one_key_agree() {
        let a = CurvePrivateKey::from_pkcs8_der(&der("ec-p256-pkcs8.der")).unwrap();
        let b = CurvePrivateKey::from_sec1_der(&der("ec-p256-sec1.der")).unwrap();
        assert!(a.consistent && b.consistent);
        assert_eq!(a.key.public_key(), b.key.public_key());
        let spki = CurvePublicKey::from_spki_der(&der("ec-p256-pub.der")).unwrap();
        assert_eq!(spki, a.key.public_key());
        assert_eq!(spki.to_spki_der().unwrap(), der("ec-p256-pub.der"));
        assert_eq!(
            a.key.to_sec1_der().unwrap().unwrap().as_slice(),
            der("ec-p256-sec1.der").as_slice()
        );
    }

    #[test]
    fn sign_then_verify_in_both_encodings() {
        for curve in Curve::ALL {
            let key = CurvePrivateKey::generate(curve).unwrap();
            let public = key.public_key();
            for encoding in [SignatureEncoding::Der, SignatureEncoding::Jose] {
                let sig = key.sign(b"hello", encoding);
                assert!(public.verify(b"hello", &sig, encoding), "{curve}");
                assert!(!public.verify(b"hellO", &sig, encoding), "{curve}");
            }
            let jose = key.sign(b"m", SignatureEncoding::Jose);
            assert_eq!(jose.len(), curve.signature_len(), "{curve}");
            if curve.is_ecdsa() {
                // A DER signature is not a JOSE one, and the other way round.
                let der = key.sign(b"m", SignatureEncoding::Der);
                assert!(
                    !public.verify(b"m", &der, SignatureEncoding::Jose),
                    "{curve}"
                );
                assert!(
                    !public.verify(b"m", &jose, SignatureEncoding::Der),
                    "{curve}"
                );
                // r = s = 0 never verifies.
                let zero = vec![0; curve.signature_len()];
                assert!(
                    !public.verify(b"m", &zero, SignatureEncoding::Jose),
                    "{curve}"
                );
            }
        }
    }

    #[test]
    fn ed25519_pkcs8_is_written_as_openssl_writes_it() {
        let read = CurvePrivateKey::from_pkcs8_der(&der("ed25519-pkcs8.der")).unwrap();
        assert_eq!(
            read.key.to_pkcs8_der().unwrap().as_slice(),
            der("ed25519-pkcs8.der").as_slice()
        );
    }

    #[test]
    fn points_off_the_curve_are_refused() {
        let mut point = CurvePublicKey::from_spki_der(&der("ec-p256-pub.der"))
            .unwrap()
            .point();
        assert!(CurvePublicKey::from_point(Curve::P256, &point).is_some());
        // y + 1 (the last byte is not 0xff here): no longer on P-256.
        *point.last_mut().unwrap() ^= 1;
        assert!(CurvePublicKey::from_point(Curve::P256, &point).is_none());
        assert!(CurvePublicKey::from_point(Curve::P384, &point).is_none());
        let mut spki = der("ec-p256-pub.der");
        *spki.last_mut().unwrap() ^= 1;
        assert_eq!(
            CurvePublicKey::from_spki_der(&spki),
            Err(Refused::Malformed)
        );
    }

    #[test]
    fn other_curves_are_named_by_oid() {
        let pem = crate::test_fixture::input("ec-secp256k1.pem");
        let text = std::str::from_utf8(pem.bytes()).unwrap();
        let (_, doc) = pkcs8::SecretDocument::from_pem(text).unwrap();
        assert_eq!(
            CurvePrivateKey::from_pkcs8_der(doc.as_bytes()).err(),
            Some(Refused::Other("1.3.132.0.10".to_owned()))
        );
    }
}
