//! The signers certificates and requests are made with: `rsa`'s PKCS#1 v1.5
//! SHA-256 `SigningKey`, which `x509-cert`'s builders drive through the
//! `signature` traits (and which names its own AlgorithmIdentifier).
//!
//! Invariant: nothing here signs by hand; the key is cloned into the signer and
//! wiped with it (`rsa` zeroizes private keys on drop).

use rsa::pkcs1v15::SigningKey;
use sha2::Sha256;

use crate::key::PrivateKey;

/// The RSA PKCS#1 v1.5 SHA-256 signer of `key` (`sha256WithRSAEncryption`).
pub(crate) fn rsa_sha256(key: &PrivateKey) -> SigningKey<Sha256> {
    SigningKey::new(key.clone())
}
