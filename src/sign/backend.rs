//! The one place that decides which library does the RSA arithmetic.
//!
//! Without the `aws-lc` feature every signature goes through `rsa` (pure Rust,
//! `rust.rs`). With it, signatures go through aws-lc-rs (`aws_lc.rs`), with keys
//! parsed into aws-lc objects once per `Public`/`Private`; a key aws-lc
//! refuses to load falls back to the pure-Rust path, so both builds give the same
//! verdict on every key and signature (the differential tests in
//! `backend/tests.rs` hold them to that).
//!
//! Callers (`RsaVerifier` and `RsaSigner`) have already refused keys under
//! `MIN_BITS`; this module adds no rule of its own.

#[cfg(feature = "aws-lc")]
mod aws_lc;
mod rust;
#[cfg(all(test, feature = "aws-lc"))]
mod tests;

use crate::error::Result;
use crate::key::{PrivateKey, PublicKey};

use super::RsaAlgorithm;

/// What the active backend keeps for one public key.
#[derive(Clone, Debug)]
pub(crate) struct Public {
    #[cfg(feature = "aws-lc")]
    aws_lc: aws_lc::Public,
}

impl Public {
    /// Prepares `key` (cheap: aws-lc parses it lazily, once per algorithm).
    pub(crate) fn new(key: &PublicKey) -> Public {
        let _ = key;
        Public {
            #[cfg(feature = "aws-lc")]
            aws_lc: aws_lc::Public::new(key),
        }
    }

    /// Whether `signature` is valid; `key` is the key this was prepared from.
    pub(crate) fn verify(
        &self,
        key: &PublicKey,
        algorithm: RsaAlgorithm,
        message: &[u8],
        signature: &[u8],
    ) -> bool {
        #[cfg(feature = "aws-lc")]
        if let Some(valid) = self.aws_lc.verify(algorithm, message, signature) {
            return valid;
        }
        rust::verify(key, algorithm, message, signature)
    }
}

/// What the active backend keeps for one private key.
#[derive(Clone, Debug)]
pub(crate) struct Private {
    #[cfg(feature = "aws-lc")]
    aws_lc: aws_lc::Private,
}

impl Private {
    /// Prepares `key` (with aws-lc: encodes it as PKCS#8 and parses it once).
    pub(crate) fn new(key: &PrivateKey) -> Private {
        let _ = key;
        Private {
            #[cfg(feature = "aws-lc")]
            aws_lc: aws_lc::Private::new(key),
        }
    }

    /// Signs `message`; `key` is the key this was prepared from.
    pub(crate) fn sign(
        &self,
        key: &PrivateKey,
        algorithm: RsaAlgorithm,
        message: &[u8],
    ) -> Result<Vec<u8>> {
        #[cfg(feature = "aws-lc")]
        if let Some(signature) = self.aws_lc.sign(algorithm, message) {
            return signature;
        }
        rust::sign(key, algorithm, message)
    }
}
