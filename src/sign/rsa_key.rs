//! RSA keys prepared once for many signatures: [`RsaSigner`] and [`RsaVerifier`],
//! which the raw-signature API and the JWT keys hold. Both refuse (or, for a
//! verifier built without an origin, never accept) keys under [`MIN_BITS`].
//!
//! With the `aws-lc` feature a key is parsed into aws-lc once rather than on
//! every call; without it the key itself is kept. Verdicts, and PKCS#1 v1.5
//! signatures byte for byte, are the same in both builds.

use super::backend;
use crate::algorithm::RsaAlgorithm;
use crate::error::{Error, Expected, KeyError, Origin, Result};
use crate::key::{PrivateKey, PublicKey, modulus_bits};

/// The smallest RSA key keysmith signs or verifies with.
pub(crate) const MIN_BITS: usize = 2048;

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

/// An RSA public key of at least 2048 bits, prepared once for many
/// verifications (RS256/384/512, PS256/384/512).
#[derive(Clone, Debug)]
pub(crate) struct RsaVerifier {
    key: PublicKey,
    /// `None` for keys under 2048 bits, which verify nothing.
    backend: Option<backend::Public>,
}

impl RsaVerifier {
    /// Prepares `key`. A key under 2048 bits is taken, but verifies nothing.
    pub(crate) fn new(key: PublicKey) -> RsaVerifier {
        let backend = (modulus_bits(&key) >= MIN_BITS).then(|| backend::Public::new(&key));
        RsaVerifier { key, backend }
    }

    /// Prepares `key`, which came from `origin`, refusing a key under
    /// [`MIN_BITS`]: a caller that verifies with a key it was given says so,
    /// naming the key's file, rather than calling every signature invalid.
    ///
    /// # Errors
    /// [`Error::Key`] with [`KeyError::SmallKey`] (expected [`Expected::PublicKey`]).
    pub(crate) fn checked(key: PublicKey, origin: &Origin) -> Result<RsaVerifier> {
        check_key_size(&key, origin, Expected::PublicKey)?;
        Ok(RsaVerifier::new(key))
    }

    /// The key.
    pub(crate) fn as_public_key(&self) -> &PublicKey {
        &self.key
    }

    /// The length in bytes of this key's signatures (of its modulus).
    pub(crate) fn signature_len(&self) -> usize {
        modulus_bits(&self.key).div_ceil(8)
    }

    /// Whether `signature` is a valid `algorithm` signature of `message`. The
    /// signature must be exactly the modulus size; anything else is invalid.
    pub(crate) fn verify(&self, algorithm: RsaAlgorithm, message: &[u8], signature: &[u8]) -> bool {
        self.backend
            .as_ref()
            .is_some_and(|b| b.verify(&self.key, algorithm, message, signature))
    }
}

/// An RSA private key of at least 2048 bits, prepared once for many signatures.
#[derive(Clone, Debug)]
pub(crate) struct RsaSigner {
    key: PrivateKey,
    backend: backend::Private,
}

impl RsaSigner {
    /// Prepares `key`, which came from `origin` (named if it is refused).
    ///
    /// # Errors
    /// [`Error::Key`] with [`KeyError::SmallKey`] for keys under 2048 bits.
    pub(crate) fn new(key: PrivateKey, origin: &Origin) -> Result<RsaSigner> {
        check_key_size(key.as_public_key(), origin, Expected::PrivateKey)?;
        let backend = backend::Private::new(&key);
        Ok(RsaSigner { key, backend })
    }

    /// An [`RsaVerifier`] for this key's signatures.
    pub(crate) fn to_verifier(&self) -> RsaVerifier {
        RsaVerifier::new(self.key.as_public_key().clone())
    }

    /// Signs `message` (PKCS#1 v1.5 signing is deterministic: RS* output equals
    /// `openssl dgst -shaN -sign`).
    ///
    /// # Errors
    /// [`Error::Crypto`] if the RSA operation fails.
    pub(crate) fn sign(&self, algorithm: RsaAlgorithm, message: &[u8]) -> Result<Vec<u8>> {
        self.backend.sign(&self.key, algorithm, message)
    }
}
