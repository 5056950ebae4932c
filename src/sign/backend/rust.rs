//! The pure-Rust backend: `rsa` 0.10 with `sha2`. Always compiled: it is the
//! default, and the fallback for keys aws-lc refuses.

use sha2::{Sha256, Sha384, Sha512};

use crate::algorithm::{RsaPadding, Sha2};
use crate::error::{Error, Result};
use crate::key::{PrivateKey, PublicKey};
use crate::sign::RsaAlgorithm;

pub(crate) fn sign(key: &PrivateKey, algorithm: RsaAlgorithm, message: &[u8]) -> Result<Vec<u8>> {
    let result = match (algorithm.padding(), algorithm.hash()) {
        (RsaPadding::Pkcs1v15, Sha2::Sha256) => key.pkcs1v15_sign::<Sha256>(message),
        (RsaPadding::Pkcs1v15, Sha2::Sha384) => key.pkcs1v15_sign::<Sha384>(message),
        (RsaPadding::Pkcs1v15, Sha2::Sha512) => key.pkcs1v15_sign::<Sha512>(message),
        (RsaPadding::Pss, Sha2::Sha256) => key.pss_sign::<Sha256>(message),
        (RsaPadding::Pss, Sha2::Sha384) => key.pss_sign::<Sha384>(message),
        (RsaPadding::Pss, Sha2::Sha512) => key.pss_sign::<Sha512>(message),
    };
    result.map_err(|_| Error::Crypto {
        operation: "signing",
    })
}

pub(crate) fn verify(
    key: &PublicKey,
    algorithm: RsaAlgorithm,
    message: &[u8],
    signature: &[u8],
) -> bool {
    let result = match (algorithm.padding(), algorithm.hash()) {
        (RsaPadding::Pkcs1v15, Sha2::Sha256) => key.pkcs1v15_verify::<Sha256>(message, signature),
        (RsaPadding::Pkcs1v15, Sha2::Sha384) => key.pkcs1v15_verify::<Sha384>(message, signature),
        (RsaPadding::Pkcs1v15, Sha2::Sha512) => key.pkcs1v15_verify::<Sha512>(message, signature),
        (RsaPadding::Pss, Sha2::Sha256) => key.pss_verify::<Sha256>(message, signature),
        (RsaPadding::Pss, Sha2::Sha384) => key.pss_verify::<Sha384>(message, signature),
        (RsaPadding::Pss, Sha2::Sha512) => key.pss_verify::<Sha512>(message, signature),
    };
    result.is_ok()
}
