//! The one signer certificates and requests are made with, for any private key
//! keysmith holds: RSA (PKCS#1 v1.5 with SHA-256, `sha256WithRSAEncryption`),
//! ECDSA on P-256/P-384/P-521 with SHA-256/384/512 (`ecdsa-with-SHA*`, DER
//! signatures) and Ed25519 (`id-Ed25519`).
//!
//! `x509-cert`'s builders drive it through the `signature` traits: [`Signer`]
//! is a `Keypair` whose verifying key is the SPKI, names its own
//! AlgorithmIdentifier, and signs through `rsa` and
//! [`CurvePrivateKey::sign`](crate::key::CurvePrivateKey::sign).
//!
//! Invariant: nothing here computes a signature by hand; the algorithm named is
//! the one the key signs with (the curve decides the hash, as openssl does).

use der::asn1::{BitString, ObjectIdentifier};
use rsa::signature::{self, Keypair};
use spki::{AlgorithmIdentifierOwned, Document, DynSignatureAlgorithmIdentifier, EncodePublicKey};

use crate::error::{Error, Result};
use crate::key::{AnyPrivateKey, Curve, SignatureEncoding};

const SHA256_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const ECDSA_WITH_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3");
const ECDSA_WITH_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.4");
const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");

/// The signature algorithm a key of `curve` (`None`: RSA) signs certificates with.
pub(crate) fn algorithm(curve: Option<Curve>) -> ObjectIdentifier {
    match curve {
        None => SHA256_WITH_RSA,
        Some(Curve::P256) => ECDSA_WITH_SHA256,
        Some(Curve::P384) => ECDSA_WITH_SHA384,
        Some(Curve::P521) => ECDSA_WITH_SHA512,
        Some(Curve::Ed25519) => ED25519,
    }
}

/// A private key ready to sign a certificate or request.
pub(crate) struct Signer<'a> {
    key: &'a AnyPrivateKey,
    spki: Spki,
}

impl<'a> Signer<'a> {
    /// The signer of `key`.
    pub(crate) fn new(key: &'a AnyPrivateKey) -> Result<Signer<'a>> {
        Ok(Signer {
            key,
            spki: Spki(key.public_key().to_spki_der()?),
        })
    }

    /// The SubjectPublicKeyInfo DER of the key.
    pub(crate) fn spki_der(&self) -> &[u8] {
        &self.spki.0
    }
}

/// A public key as its SPKI DER: the signer's verifying key.
#[derive(Clone, Debug)]
pub(crate) struct Spki(Vec<u8>);

impl EncodePublicKey for Spki {
    fn to_public_key_der(&self) -> spki::Result<Document> {
        Ok(Document::try_from(self.0.as_slice())?)
    }
}

impl Keypair for Signer<'_> {
    type VerifyingKey = Spki;

    fn verifying_key(&self) -> Spki {
        self.spki.clone()
    }
}

impl DynSignatureAlgorithmIdentifier for Signer<'_> {
    fn signature_algorithm_identifier(&self) -> spki::Result<AlgorithmIdentifierOwned> {
        let oid = algorithm(self.key.curve());
        // RSA's PKCS#1 v1.5 identifiers carry NULL parameters; ECDSA's and
        // Ed25519's carry none (RFC 4055, RFC 5758, RFC 8410).
        let parameters = match self.key {
            AnyPrivateKey::Rsa(_) => Some(der::asn1::Any::from(der::asn1::Null)),
            AnyPrivateKey::Curve(_) => None,
        };
        Ok(AlgorithmIdentifierOwned { oid, parameters })
    }
}

/// A signature's bytes, as the certificate's BIT STRING carries them.
pub(crate) struct Signature(Vec<u8>);

impl spki::SignatureBitStringEncoding for Signature {
    fn to_bitstring(&self) -> der::Result<BitString> {
        BitString::from_bytes(&self.0)
    }
}

impl signature::Signer<Signature> for Signer<'_> {
    fn try_sign(&self, message: &[u8]) -> std::result::Result<Signature, signature::Error> {
        Ok(Signature(match self.key {
            AnyPrivateKey::Rsa(key) => {
                let signer = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new((**key).clone());
                let signature: rsa::pkcs1v15::Signature = signer.try_sign(message)?;
                Box::<[u8]>::from(signature).into_vec()
            }
            AnyPrivateKey::Curve(key) => key.sign(message, SignatureEncoding::Der),
        }))
    }
}

/// The error for a builder that failed while `operation`.
pub(crate) fn failed(operation: &'static str) -> Error {
    Error::Crypto { operation }
}
