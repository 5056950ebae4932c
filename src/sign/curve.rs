//! Raw ECDSA and Ed25519 signatures over bytes: the report of a verification
//! and the decoding of a signature a user gave. The signing and verifying
//! themselves are [`CurvePrivateKey::sign`] and [`CurvePublicKey::verify`].
//!
//! [`CurvePrivateKey::sign`]: crate::key::CurvePrivateKey::sign

use serde::Serialize;

use crate::algorithm::Algorithm;
use crate::error::{Error, Expected, InputError, Origin, Result};
use crate::key::{AnyPublicKey, CurvePublicKey, Fingerprint, SignatureEncoding};

/// The verdict on a raw EC or Ed25519 signature (JSON as for RSA's
/// [`super::SignatureVerification`]).
#[derive(Clone, Debug, Serialize)]
pub struct CurveSignatureVerification {
    /// Whether the signature is valid.
    pub valid: bool,
    /// The algorithm it was checked with (the key's: ES256, ES384, ES512, EdDSA).
    pub algorithm: Algorithm,
    /// SHA-256 of the verifying key's SPKI DER, uppercase hex.
    pub key_sha256: Fingerprint,
}

impl CurveSignatureVerification {
    /// Verifies `signature` over `message` with `key`, ECDSA signatures in `encoding`.
    ///
    /// # Errors
    /// [`Error::Crypto`] only if the key cannot be encoded for its fingerprint.
    pub fn new(
        key: &CurvePublicKey,
        encoding: SignatureEncoding,
        message: &[u8],
        signature: &[u8],
    ) -> Result<CurveSignatureVerification> {
        Ok(CurveSignatureVerification {
            valid: key.verify(message, signature, encoding),
            algorithm: key.curve().algorithm(),
            key_sha256: AnyPublicKey::Curve(key.clone()).fingerprint()?,
        })
    }
}

/// Decodes an EC or Ed25519 signature a user gave: Base64 text, or (from a
/// file) the raw bytes: a JOSE or Ed25519 signature of exactly the curve's
/// size, or one DER `SEQUENCE` (what `openssl dgst -sign` writes).
///
/// # Errors
/// [`Error::Input`] with [`InputError::BadBase64`] when the text is not Base64.
pub fn decode_curve_signature(
    bytes: &[u8],
    from_file: bool,
    key: &CurvePublicKey,
    encoding: SignatureEncoding,
    origin: &Origin,
) -> Result<Vec<u8>> {
    let curve = key.curve();
    let raw = match (curve.is_ecdsa(), encoding) {
        (true, SignatureEncoding::Der) => is_one_der_sequence(bytes),
        _ => bytes.len() == curve.signature_len(),
    };
    if from_file && raw {
        return Ok(bytes.to_vec());
    }
    crate::codec::base64_decode_any(bytes)
        .map(|decoded| decoded.to_vec())
        .ok_or_else(|| Error::unexpected(origin, Expected::Signature, InputError::BadBase64))
}

/// Whether `bytes` are exactly one DER `SEQUENCE` (Base64 text never starts
/// with the byte 0x30 followed by its own length).
fn is_one_der_sequence(bytes: &[u8]) -> bool {
    use der::Decode;
    bytes.first() == Some(&0x30) && der::asn1::AnyRef::from_der(bytes).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::{Curve, CurvePrivateKey};

    #[test]
    fn decode_curve_signature_reads_raw_der_jose_and_base64() {
        let origin = Origin::Argument("signature");
        for curve in Curve::ALL {
            let key = CurvePrivateKey::generate(curve).unwrap();
            let public = key.public_key();
            for encoding in [SignatureEncoding::Der, SignatureEncoding::Jose] {
                let sig = key.sign(b"m", encoding);
                let b64 = crate::codec::base64_encode(&sig, crate::codec::Base64Variant::Standard);
                for (bytes, from_file) in [
                    (&sig[..], true),
                    (b64.as_bytes(), true),
                    (b64.as_bytes(), false),
                ] {
                    let got = decode_curve_signature(bytes, from_file, &public, encoding, &origin)
                        .unwrap();
                    assert_eq!(got, sig, "{curve} {encoding:?}");
                    assert!(
                        CurveSignatureVerification::new(&public, encoding, b"m", &got)
                            .unwrap()
                            .valid
                    );
                }
            }
        }
    }
}
