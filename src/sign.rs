//! Raw RSA signatures over bytes: RS256/384/512 (PKCS#1 v1.5) and PS256/384/512
//! (PSS, MGF1 with the same hash, salt as long as the digest).
//!
//! [`RsaAlgorithm`] has no "none" and no HMAC member: it names only what an RSA
//! key can do. PKCS#1 v1.5 signing is deterministic, so RS* output equals
//! `openssl dgst -shaN -sign`. SignatureVerification never errors: a malformed or empty
//! signature is simply not valid. Signing refuses keys under 2048 bits.
//!
//! SignatureVerification keys come in any form [`crate::key::load`] reads, or as an X.509
//! certificate whose public key is used ([`crate::cert::load_verifying_key`]). Signatures
//! given by a user are decoded by [`decode_signature`]: Base64 text, or raw bytes
//! exactly as long as the modulus.
//!
//! The arithmetic is `rsa`'s (pure Rust) by default, aws-lc's with the `aws-lc`
//! feature; `sign/backend.rs` alone makes that choice, and both give the same
//! verdicts and the same PKCS#1 v1.5 signatures. [`RsaVerifier`] and [`RsaSigner`]
//! prepare a key once for many operations.

mod backend;
mod curve;

use rsa::{PrivateKey, PublicKey};
use serde::Serialize;

pub use crate::algorithm::RsaAlgorithm;
use crate::error::{Error, Expected, InputError, KeyError, Origin, Result};
use crate::key::{self, modulus_bits};
pub use curve::{CurveSignatureVerification, decode_curve_signature};

/// The smallest RSA key keysmith signs or verifies with.
pub const MIN_BITS: usize = 2048;

/// Signs `message` with `key`, which came from `origin` (named if it is refused).
///
/// # Errors
/// [`Error::Key`] with [`KeyError::SmallKey`] for keys under 2048 bits;
/// [`Error::Crypto`] if the RSA operation fails.
///
/// # Example
/// ```
/// use keysmith::input::Input;
/// use keysmith::sign::{sign, verify, RsaAlgorithm};
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let input = Input::read(format!("{dir}/testdata/rsa2048-pkcs8.pem"))?;
/// let keysmith::key::AnyPrivateKey::Rsa(key) = keysmith::key::load_private(&input, None)?.key else { panic!() };
/// let sig = sign(&key, input.origin(), RsaAlgorithm::PS256, b"hello")?;
/// assert!(verify(key.as_public_key(), RsaAlgorithm::PS256, b"hello", &sig));
/// assert!(!verify(key.as_public_key(), RsaAlgorithm::PS256, b"hullo", &sig));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sign(
    key: &PrivateKey,
    origin: &Origin,
    algorithm: RsaAlgorithm,
    message: &[u8],
) -> Result<Vec<u8>> {
    check_key_size(key.as_public_key(), origin, Expected::PrivateKey)?;
    backend::Private::new(key).sign(key, algorithm, message)
}

/// Refuses a key under [`MIN_BITS`] for signatures, naming where it came from
/// and what was `expected` of it.
pub(crate) fn check_key_size(key: &PublicKey, origin: &Origin, expected: Expected) -> Result<()> {
    let bits = modulus_bits(key);
    if bits < MIN_BITS {
        return Err(Error::unexpected(
            origin,
            expected,
            KeyError::SmallKey { bits },
        ));
    }
    Ok(())
}

/// Whether `signature` is a valid `algorithm` signature of `message` under `key`.
///
/// Keys under 2048 bits never verify. The signature must be exactly the modulus
/// size; anything else is invalid. To check many signatures with one key, build
/// an [`RsaVerifier`] once.
pub fn verify(key: &PublicKey, algorithm: RsaAlgorithm, message: &[u8], signature: &[u8]) -> bool {
    if modulus_bits(key) < MIN_BITS {
        return false;
    }
    backend::Public::new(key).verify(key, algorithm, message, signature)
}

/// An RSA public key prepared once for many verifications.
///
/// With the `aws-lc` feature the key is parsed into aws-lc once (per algorithm)
/// rather than on every call; without it this is the key itself. Verdicts are the
/// same as [`verify`]'s in both builds.
///
/// # Example
/// ```
/// use keysmith::input::Input;
/// use keysmith::sign::{RsaAlgorithm, RsaSigner};
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let input = Input::read(format!("{dir}/testdata/rsa2048-pkcs8.pem"))?;
/// let keysmith::key::AnyPrivateKey::Rsa(key) = keysmith::key::load_private(&input, None)?.key else { panic!() };
/// let signer = RsaSigner::new(*key, input.origin())?;
/// let verifier = signer.to_verifier();
/// let sig = signer.sign(RsaAlgorithm::RS256, b"hello")?;
/// assert!(verifier.verify(RsaAlgorithm::RS256, b"hello", &sig));
/// assert!(!verifier.verify(RsaAlgorithm::PS256, b"hello", &sig));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct RsaVerifier {
    key: PublicKey,
    /// `None` for keys under 2048 bits, which verify nothing.
    backend: Option<backend::Public>,
}

impl RsaVerifier {
    /// Prepares `key`. A key under 2048 bits is taken, but verifies nothing.
    pub fn new(key: PublicKey) -> RsaVerifier {
        let backend = (modulus_bits(&key) >= MIN_BITS).then(|| backend::Public::new(&key));
        RsaVerifier { key, backend }
    }

    /// Prepares `key`, which came from `origin`, refusing a key under
    /// [`MIN_BITS`]: a caller that verifies with a key it was given says so,
    /// naming the key's file, rather than calling every signature invalid.
    ///
    /// # Errors
    /// [`Error::Key`] with [`KeyError::SmallKey`] (expected [`Expected::PublicKey`]).
    ///
    /// # Example
    /// ```
    /// use keysmith::input::Input;
    /// use keysmith::sign::RsaVerifier;
    /// let dir = env!("CARGO_MANIFEST_DIR");
    /// let small = Input::read(format!("{dir}/testdata/rsa1024-pkcs8.pem"))?;
    /// let keysmith::key::AnyPrivateKey::Rsa(key) = keysmith::key::load_private(&small, None)?.key else { panic!() };
    /// assert!(RsaVerifier::checked(key.to_public_key(), small.origin()).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checked(key: PublicKey, origin: &Origin) -> Result<RsaVerifier> {
        check_key_size(&key, origin, Expected::PublicKey)?;
        Ok(RsaVerifier::new(key))
    }

    /// The key.
    pub fn as_public_key(&self) -> &PublicKey {
        &self.key
    }

    /// The length in bytes of this key's signatures (of its modulus).
    pub fn signature_len(&self) -> usize {
        modulus_bits(&self.key).div_ceil(8)
    }

    /// [`verify`] with this key.
    pub fn verify(&self, algorithm: RsaAlgorithm, message: &[u8], signature: &[u8]) -> bool {
        self.backend
            .as_ref()
            .is_some_and(|b| b.verify(&self.key, algorithm, message, signature))
    }
}

/// An RSA private key prepared once for many signatures.
///
/// With the `aws-lc` feature the key is handed to aws-lc once, as PKCS#8, and
/// checked there; without it this is the key itself. Signatures are those of
/// [`sign`] (PKCS#1 v1.5 ones byte for byte) in both builds.
#[derive(Clone, Debug)]
pub struct RsaSigner {
    key: PrivateKey,
    backend: backend::Private,
}

impl RsaSigner {
    /// Prepares `key`, which came from `origin` (named if it is refused).
    ///
    /// # Errors
    /// [`Error::Key`] with [`KeyError::SmallKey`] for keys under 2048 bits.
    pub fn new(key: PrivateKey, origin: &Origin) -> Result<RsaSigner> {
        check_key_size(key.as_public_key(), origin, Expected::PrivateKey)?;
        let backend = backend::Private::new(&key);
        Ok(RsaSigner { key, backend })
    }

    /// An [`RsaVerifier`] for this key's signatures.
    pub fn to_verifier(&self) -> RsaVerifier {
        RsaVerifier::new(self.key.as_public_key().clone())
    }

    /// [`sign`] with this key.
    ///
    /// # Errors
    /// [`Error::Crypto`] if the RSA operation fails.
    pub fn sign(&self, algorithm: RsaAlgorithm, message: &[u8]) -> Result<Vec<u8>> {
        self.backend.sign(&self.key, algorithm, message)
    }
}

/// The verdict on one signature, with what it was checked against.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SignatureVerification {
    /// Whether the signature is valid.
    pub valid: bool,
    /// The algorithm it was checked with.
    pub algorithm: RsaAlgorithm,
    /// SHA-256 of the verifying key's SPKI DER, uppercase hex.
    pub key_sha256: key::Fingerprint,
}

impl SignatureVerification {
    /// Verifies `signature` over `message` ([`verify`]) and records what it used.
    ///
    /// # Errors
    /// [`Error::Crypto`] only if the key cannot be encoded for its fingerprint.
    ///
    /// # Example
    /// ```
    /// use keysmith::input::Input;
    /// use keysmith::sign::{RsaAlgorithm, SignatureVerification};
    /// let dir = env!("CARGO_MANIFEST_DIR");
    /// let key = keysmith::key::load(&Input::read(format!("{dir}/testdata/rsa2048-spki.pem"))?, None)?;
    /// let keysmith::key::AnyPublicKey::Rsa(public) = key.key.public_key() else { panic!() };
    /// let v = SignatureVerification::new(&public, RsaAlgorithm::RS256, b"m", b"")?;
    /// assert!(!v.valid);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        key: &PublicKey,
        algorithm: RsaAlgorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<SignatureVerification> {
        Ok(SignatureVerification {
            valid: verify(key, algorithm, message, signature),
            algorithm,
            key_sha256: key::Fingerprint::of(key)?,
        })
    }
}

/// Decodes a signature a user gave.
///
/// `text` is Base64 (standard, or base64url as JWTs carry it; whitespace ignored).
/// With `from_file`, bytes exactly `modulus_len` long are taken as the raw
/// signature; other file contents are Base64 text. Empty input decodes to an
/// empty signature, which [`verify`] rejects: an empty signature is invalid, not
/// an error.
///
/// # Errors
/// [`Error::Input`] with [`InputError::BadBase64`] when the text is not Base64.
///
/// # Example
/// ```
/// use keysmith::sign::decode_signature;
/// use keysmith::Origin;
/// let origin = Origin::Argument("signature");
/// assert_eq!(decode_signature(b"AQID", false, 256, &origin)?, vec![1, 2, 3]);
/// assert_eq!(decode_signature(b"", false, 256, &origin)?, Vec::<u8>::new());
/// assert_eq!(decode_signature(&[7; 256], true, 256, &origin)?, vec![7; 256]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn decode_signature(
    bytes: &[u8],
    from_file: bool,
    modulus_len: usize,
    origin: &Origin,
) -> Result<Vec<u8>> {
    if from_file && bytes.len() == modulus_len {
        return Ok(bytes.to_vec());
    }
    crate::codec::base64_decode_any(bytes)
        .map(|decoded| decoded.to_vec())
        .ok_or_else(|| Error::unexpected(origin, Expected::Signature, InputError::BadBase64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::Base64Variant;
    use crate::input::Input;
    use proptest::prelude::*;

    fn key() -> PrivateKey {
        let input = Input::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/testdata/rsa2048-pkcs8.pem"
        ))
        .unwrap();
        crate::key::load_rsa_private(&input, None).unwrap().key
    }

    #[test]
    fn verify_rejects_empty_and_truncated_signatures() {
        let k = key();
        let sig = sign(&k, &Origin::Stdin, RsaAlgorithm::RS256, b"m").unwrap();
        assert!(verify(k.as_public_key(), RsaAlgorithm::RS256, b"m", &sig));
        assert!(!verify(k.as_public_key(), RsaAlgorithm::RS256, b"m", &[]));
        assert!(!verify(
            k.as_public_key(),
            RsaAlgorithm::RS256,
            b"m",
            &sig[1..]
        ));
        assert!(!verify(k.as_public_key(), RsaAlgorithm::RS384, b"m", &sig));
        assert!(!verify(k.as_public_key(), RsaAlgorithm::PS256, b"m", &sig));
    }

    #[test]
    fn decode_signature_forms() {
        let origin = Origin::Argument("signature");
        let raw: Vec<u8> = (0..=255).collect();
        let text = crate::codec::base64_encode(&raw, Base64Variant::Standard);
        // A file of exactly the modulus size is raw, even if it happens to be Base64 text.
        assert_eq!(decode_signature(&raw, true, 256, &origin).unwrap(), raw);
        assert_eq!(
            decode_signature(format!("{text}\n").as_bytes(), true, 256, &origin).unwrap(),
            raw
        );
        let url = crate::codec::base64_encode(&raw, Base64Variant::UrlNoPad);
        assert_eq!(
            decode_signature(url.as_bytes(), false, 256, &origin).unwrap(),
            raw
        );
        assert_eq!(decode_signature(b" \n", true, 256, &origin).unwrap(), b"");
        let err = decode_signature(&raw[..255], true, 256, &origin).unwrap_err();
        assert_eq!(
            err.to_string(),
            "argument signature: expected a signature (Base64 text or raw bytes), found invalid Base64"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn sign_then_verify(message in proptest::collection::vec(any::<u8>(), 0..256), i in 0usize..6) {
            let k = key();
            let alg = RsaAlgorithm::ALL[i];
            let sig = sign(&k, &Origin::Stdin, alg, &message).unwrap();
            prop_assert!(verify(k.as_public_key(), alg, &message, &sig));
            let mut flipped = sig.clone();
            flipped[0] ^= 1;
            prop_assert!(!verify(k.as_public_key(), alg, &message, &flipped));
        }
    }
}
