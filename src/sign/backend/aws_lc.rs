//! The aws-lc backend (feature `aws-lc`): aws-lc-rs, keys parsed once.
//!
//! Public keys go to aws-lc as SPKI DER ([`crate::key::spki_der`]) and are parsed
//! lazily, once per algorithm, into a `ParsedPublicKey` (aws-lc-rs ties a parsed
//! key to one algorithm). Private keys go as PKCS#8 DER into an `RsaKeyPair`,
//! parsed and checked once (aws-lc refuses inconsistent keys). A key aws-lc
//! refuses yields `None` here, and the caller falls back to the pure-Rust path.
//!
//! # Security
//! The `*_2048_8192_*` parameters refuse keys outside 2048–8192 bits, as `rsa`
//! does (its default maximum is 8192). PSS uses aws-lc-rs's default salt length,
//! `RSA_PSS_SALTLEN_DIGEST`: signing uses a salt as long as the digest and
//! verifying *requires* exactly that length (aws-lc does not recover the salt
//! length from the signature, as `RSA_PSS_SALTLEN_AUTO` would), with MGF1 over
//! the same hash: the rule keysmith's pure-Rust verifier applies. Public keys must
//! have an odd exponent 3 ≤ e < 2^33 in both libraries.

use std::sync::{Arc, OnceLock};

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{self, ParsedPublicKey, RsaEncoding, RsaKeyPair, RsaParameters};
use pkcs8::EncodePrivateKey;

use crate::algorithm::{RsaPadding, Sha2};
use crate::error::{Error, Result};
use crate::key::{self, PrivateKey, PublicKey};
use crate::sign::RsaAlgorithm;

fn parameters(algorithm: RsaAlgorithm) -> &'static RsaParameters {
    match (algorithm.padding(), algorithm.hash()) {
        (RsaPadding::Pkcs1v15, Sha2::Sha256) => &signature::RSA_PKCS1_2048_8192_SHA256,
        (RsaPadding::Pkcs1v15, Sha2::Sha384) => &signature::RSA_PKCS1_2048_8192_SHA384,
        (RsaPadding::Pkcs1v15, Sha2::Sha512) => &signature::RSA_PKCS1_2048_8192_SHA512,
        (RsaPadding::Pss, Sha2::Sha256) => &signature::RSA_PSS_2048_8192_SHA256,
        (RsaPadding::Pss, Sha2::Sha384) => &signature::RSA_PSS_2048_8192_SHA384,
        (RsaPadding::Pss, Sha2::Sha512) => &signature::RSA_PSS_2048_8192_SHA512,
    }
}

fn encoding(algorithm: RsaAlgorithm) -> &'static dyn RsaEncoding {
    match (algorithm.padding(), algorithm.hash()) {
        (RsaPadding::Pkcs1v15, Sha2::Sha256) => &signature::RSA_PKCS1_SHA256,
        (RsaPadding::Pkcs1v15, Sha2::Sha384) => &signature::RSA_PKCS1_SHA384,
        (RsaPadding::Pkcs1v15, Sha2::Sha512) => &signature::RSA_PKCS1_SHA512,
        (RsaPadding::Pss, Sha2::Sha256) => &signature::RSA_PSS_SHA256,
        (RsaPadding::Pss, Sha2::Sha384) => &signature::RSA_PSS_SHA384,
        (RsaPadding::Pss, Sha2::Sha512) => &signature::RSA_PSS_SHA512,
    }
}

/// A public key for aws-lc: its SPKI DER and, per algorithm, the parsed key
/// (`None` inside once aws-lc refused it). Clones share the parsed keys.
#[derive(Clone)]
pub(crate) struct Public(Arc<PublicParts>);

struct PublicParts {
    spki: Option<Vec<u8>>,
    parsed: [OnceLock<Option<ParsedPublicKey>>; 6],
}

impl std::fmt::Debug for Public {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("aws_lc::Public(..)")
    }
}

impl Public {
    pub(crate) fn new(key: &PublicKey) -> Public {
        Public(Arc::new(PublicParts {
            spki: key::spki_der(key).ok(),
            parsed: Default::default(),
        }))
    }

    /// The verdict, or `None` when aws-lc refuses the key.
    pub(crate) fn verify(
        &self,
        algorithm: RsaAlgorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Option<bool> {
        let slot = RsaAlgorithm::ALL
            .iter()
            .position(|a| *a == algorithm)
            .and_then(|i| self.0.parsed.get(i))?;
        let parsed = slot
            .get_or_init(|| {
                let spki = self.0.spki.as_deref()?;
                ParsedPublicKey::new(parameters(algorithm), spki).ok()
            })
            .as_ref()?;
        Some(parsed.verify_sig(message, signature).is_ok())
    }
}

/// A private key for aws-lc, or `None` inside when aws-lc refused it.
#[derive(Clone)]
pub(crate) struct Private(Option<Arc<RsaKeyPair>>);

impl std::fmt::Debug for Private {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("aws_lc::Private(..)")
    }
}

impl Private {
    pub(crate) fn new(key: &PrivateKey) -> Private {
        // The PKCS#8 document is zeroized when dropped.
        let pair = key
            .to_pkcs8_der()
            .ok()
            .and_then(|der| RsaKeyPair::from_pkcs8(der.as_bytes()).ok());
        Private(pair.map(Arc::new))
    }

    /// The signature, or `None` when aws-lc refused the key.
    pub(crate) fn sign(&self, algorithm: RsaAlgorithm, message: &[u8]) -> Option<Result<Vec<u8>>> {
        let pair = self.0.as_ref()?;
        let mut signature = vec![0; pair.public_modulus_len()];
        // aws-lc draws PSS salts from its own generator; the argument is ignored.
        let result = pair
            .sign(
                encoding(algorithm),
                &SystemRandom::new(),
                message,
                &mut signature,
            )
            .map(|()| signature)
            .map_err(|_| Error::Crypto {
                operation: "signing",
            });
        Some(result)
    }
}
