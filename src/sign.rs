//! Raw signatures over bytes, with a key of any algorithm keysmith handles:
//! RS256/384/512 (PKCS#1 v1.5) and PS256/384/512 (PSS, MGF1 with the same hash,
//! salt as long as the digest) with RSA keys, ES256/384/512 with EC keys on
//! P-256/P-384/P-521, EdDSA with Ed25519 keys.
//!
//! One [`Scheme`] says how a signature is made or read: the algorithm asked for
//! (the key decides; a request can only narrow, and an algorithm the key cannot
//! use is refused) and the encoding of ECDSA signatures (DER, as `openssl dgst
//! -sign` writes it, or JOSE's fixed-size `r‖s`). A [`Signer`] and a [`Verifier`]
//! prepare a key once for that scheme: both refuse RSA keys under 2048 bits.
//! A verification never errors: a malformed or empty signature is simply not
//! valid ([`Verification`]). PKCS#1 v1.5 signing is deterministic, so RS* output
//! equals `openssl dgst -shaN -sign`.
//!
//! Signatures given by a user are decoded by [`Verifier::decode_signature`]:
//! Base64 text, or (from a file) the raw bytes when they have the key's
//! signature form.
//!
//! The RSA arithmetic is `rsa`'s (pure Rust) by default, aws-lc's with the
//! `aws-lc` feature; `sign/backend.rs` alone makes that choice, and both give the
//! same verdicts and the same PKCS#1 v1.5 signatures. `RsaSigner` and
//! `RsaVerifier` are the prepared RSA keys (`sign/rsa_key.rs`) that the JWT keys
//! hold too; they stay inside the crate.

mod backend;
mod rsa_key;

use serde::Serialize;

use crate::algorithm::Algorithm;
pub(crate) use crate::algorithm::RsaAlgorithm;
use crate::error::{Error, Expected, InputError, Invalid, Origin, Result};
use crate::key::{AnyPrivateKey, AnyPublicKey, Curve, CurvePrivateKey, CurvePublicKey};
use crate::key::{Fingerprint, SignatureEncoding};
pub(crate) use rsa_key::{RsaSigner, RsaVerifier};

/// How a raw signature is made or read: the algorithm and the ECDSA encoding.
///
/// The default asks for no algorithm (the key's own: RS256 for RSA, ES256,
/// ES384, ES512 or EdDSA for the curve) and DER-encoded ECDSA signatures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scheme {
    /// The algorithm asked for and where it came from (named if the key cannot
    /// use it); `None` for the key's default.
    pub algorithm: Option<(Algorithm, Origin)>,
    /// How ECDSA signatures are encoded; RSA and Ed25519 signatures have one form.
    pub encoding: SignatureEncoding,
}

impl Scheme {
    /// The RSA algorithm asked for (RS256 when none is).
    fn rsa_algorithm(&self) -> Result<RsaAlgorithm> {
        match &self.algorithm {
            None => Ok(RsaAlgorithm::RS256),
            Some((alg, origin)) => RsaAlgorithm::try_from(*alg).map_err(|_| does_not_fit(origin)),
        }
    }

    /// The one algorithm of a key on `curve`, unless another is asked for.
    fn curve_algorithm(&self, curve: Curve) -> Result<Algorithm> {
        let own = curve.algorithm();
        match &self.algorithm {
            Some((alg, origin)) if *alg != own => Err(does_not_fit(origin)),
            _ => Ok(own),
        }
    }
}

/// The algorithm that came from `origin` is not one the key can use.
fn does_not_fit(origin: &Origin) -> Error {
    Error::Invalid {
        origin: origin.clone(),
        reason: Invalid::AlgorithmForKey,
    }
}

/// A private key of any algorithm prepared to make raw signatures with one
/// [`Scheme`].
///
/// # Example
/// ```
/// use keysmith::input::Input;
/// use keysmith::jwt::Algorithm;
/// use keysmith::sign::{Scheme, Signer, Verifier};
/// use keysmith::Origin;
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let input = Input::read(format!("{dir}/testdata/rsa2048-pkcs8.pem"))?;
/// let key = keysmith::key::load_private(&input, None)?.key;
/// let scheme = Scheme { algorithm: Some((Algorithm::PS256, Origin::Argument("alg"))), ..Scheme::default() };
/// let verifier = Verifier::new(key.public_key(), input.origin(), &scheme)?;
/// let signer = Signer::new(key, input.origin(), &scheme)?; // the key moves in: one copy
/// let sig = signer.sign(b"hello")?;
/// assert!(verifier.verify(b"hello", &sig).valid);
/// assert!(!verifier.verify(b"hullo", &sig).valid);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Signer {
    key: PreparedPrivate,
    encoding: SignatureEncoding,
}

#[derive(Clone, Debug)]
enum PreparedPrivate {
    Rsa(Box<RsaSigner>, RsaAlgorithm),
    Curve(Box<CurvePrivateKey>),
}

impl Signer {
    /// Prepares `key`, which came from `origin`, to sign as `scheme` says.
    ///
    /// # Errors
    /// [`Error::Invalid`] with [`Invalid::AlgorithmForKey`] (naming the
    /// algorithm's origin) when the key cannot use the algorithm asked for;
    /// [`Error::Key`] with [`crate::KeyError::SmallKey`] for RSA keys under 2048 bits.
    pub fn new(key: AnyPrivateKey, origin: &Origin, scheme: &Scheme) -> Result<Signer> {
        let key = match key {
            AnyPrivateKey::Rsa(k) => {
                let alg = scheme.rsa_algorithm()?;
                PreparedPrivate::Rsa(Box::new(RsaSigner::new(*k, origin)?), alg)
            }
            AnyPrivateKey::Curve(k) => {
                scheme.curve_algorithm(k.curve())?;
                PreparedPrivate::Curve(k)
            }
        };
        Ok(Signer {
            key,
            encoding: scheme.encoding,
        })
    }

    /// The signature of `message`.
    ///
    /// # Errors
    /// [`Error::Crypto`] if the RSA operation fails.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>> {
        match &self.key {
            PreparedPrivate::Rsa(signer, alg) => signer.sign(*alg, message),
            PreparedPrivate::Curve(key) => Ok(key.sign(message, self.encoding)),
        }
    }
}

/// A public key of any algorithm prepared to check raw signatures made with
/// one [`Scheme`].
///
/// # Example
/// ```
/// use keysmith::input::Input;
/// use keysmith::sign::{Scheme, Verifier};
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let input = Input::read(format!("{dir}/testdata/rsa2048-spki.pem"))?;
/// let key = keysmith::key::load(&input, None)?.key.public_key();
/// let verifier = Verifier::new(key, input.origin(), &Scheme::default())?;
/// let signature = verifier.decode_signature(b"", false, input.origin())?;
/// let v = verifier.verify(b"m", &signature);
/// assert!(!v.valid);
/// assert_eq!(v.algorithm.name(), "RS256");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Verifier {
    key: PreparedPublic,
    encoding: SignatureEncoding,
    algorithm: Algorithm,
    key_sha256: Fingerprint,
}

#[derive(Clone, Debug)]
enum PreparedPublic {
    Rsa(Box<RsaVerifier>, RsaAlgorithm),
    Curve(CurvePublicKey),
}

impl Verifier {
    /// Prepares `key`, which came from `origin`, to verify as `scheme` says.
    ///
    /// # Errors
    /// [`Error::Invalid`] with [`Invalid::AlgorithmForKey`] (naming the
    /// algorithm's origin) when the key cannot use the algorithm asked for;
    /// [`Error::Key`] with [`crate::KeyError::SmallKey`] for RSA keys under 2048
    /// bits (a key given to verify with is refused, naming its file, rather than
    /// every signature called invalid); [`Error::Crypto`] if the key cannot be
    /// encoded for its fingerprint.
    pub fn new(key: AnyPublicKey, origin: &Origin, scheme: &Scheme) -> Result<Verifier> {
        let key_sha256 = key.fingerprint()?;
        let (key, algorithm) = match key {
            AnyPublicKey::Rsa(k) => {
                let alg = scheme.rsa_algorithm()?;
                let verifier = RsaVerifier::checked(k, origin)?;
                (
                    PreparedPublic::Rsa(Box::new(verifier), alg),
                    alg.algorithm(),
                )
            }
            AnyPublicKey::Curve(k) => {
                let alg = scheme.curve_algorithm(k.curve())?;
                (PreparedPublic::Curve(k), alg)
            }
        };
        Ok(Verifier {
            key,
            encoding: scheme.encoding,
            algorithm,
            key_sha256,
        })
    }

    /// Decodes a signature a user gave, which came from `origin`.
    ///
    /// `bytes` are Base64 text (standard, or base64url as JWTs carry it;
    /// whitespace ignored). With `from_file`, bytes in the key's raw signature
    /// form are taken as they are: for RSA exactly as long as the modulus, for
    /// Ed25519 and JOSE-encoded ECDSA exactly the curve's size, for DER-encoded
    /// ECDSA one DER `SEQUENCE` (what `openssl dgst -sign` writes). Empty input
    /// decodes to an empty signature, which never verifies: an empty signature is
    /// invalid, not an error.
    ///
    /// # Errors
    /// [`Error::Input`] with [`InputError::BadBase64`] when the text is not Base64.
    pub fn decode_signature(
        &self,
        bytes: &[u8],
        from_file: bool,
        origin: &Origin,
    ) -> Result<Vec<u8>> {
        let raw = match &self.key {
            PreparedPublic::Rsa(verifier, _) => bytes.len() == verifier.signature_len(),
            PreparedPublic::Curve(key) => {
                let curve = key.curve();
                match (curve.is_ecdsa(), self.encoding) {
                    (true, SignatureEncoding::Der) => is_one_der_sequence(bytes),
                    _ => bytes.len() == curve.signature_len(),
                }
            }
        };
        if from_file && raw {
            return Ok(bytes.to_vec());
        }
        crate::codec::base64_decode_any(bytes)
            .map(|decoded| decoded.to_vec())
            .ok_or_else(|| Error::unexpected(origin, Expected::Signature, InputError::BadBase64))
    }

    /// The verdict on `signature` over `message`.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Verification {
        let valid = match &self.key {
            PreparedPublic::Rsa(verifier, alg) => verifier.verify(*alg, message, signature),
            PreparedPublic::Curve(key) => key.verify(message, signature, self.encoding),
        };
        Verification {
            valid,
            algorithm: self.algorithm,
            key_sha256: self.key_sha256,
        }
    }
}

/// Whether `bytes` are exactly one DER `SEQUENCE` (Base64 text never starts
/// with the byte 0x30 followed by its own length).
fn is_one_der_sequence(bytes: &[u8]) -> bool {
    use der::Decode;
    bytes.first() == Some(&0x30) && der::asn1::AnyRef::from_der(bytes).is_ok()
}

/// The verdict on one signature, with what it was checked against.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Whether the signature is valid.
    pub valid: bool,
    /// The algorithm it was checked with.
    pub algorithm: Algorithm,
    /// SHA-256 of the verifying key's SPKI DER, uppercase hex.
    pub key_sha256: Fingerprint,
}

#[cfg(test)]
mod tests;
