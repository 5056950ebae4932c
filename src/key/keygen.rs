//! `keygen`: generate a pair and write both files or neither, the private key
//! with mode 0600.

use serde::Serialize;

use super::{AnyPrivateKey, Curve, CurvePrivateKey, Fingerprint};
use super::{
    Bits, Format, PrivateFormat, PublicFormat, encode_private, encode_public, generate,
    modulus_bits,
};
use crate::file::{Mode, Output};

use crate::error::{Error, Invalid, Origin, Result};
use crate::input::Encoding;

/// What `keygen` writes.
#[derive(Clone, Debug)]
pub struct KeygenOptions {
    /// The curve of an EC or Ed25519 pair; `None` for RSA of [`KeygenOptions::bits`].
    pub curve: Option<Curve>,
    /// Key size.
    pub bits: Bits,
    /// Private key path.
    pub private_path: std::path::PathBuf,
    /// Public key path (always SPKI).
    pub public_path: std::path::PathBuf,
    /// Private key format, and the passphrase when it is encrypted.
    pub format: PrivateFormat,
    /// PEM or DER for both files.
    pub encoding: Encoding,
    /// Replace existing files.
    pub force: bool,
}

/// What `keygen` reports.
#[derive(Clone, Debug, Serialize)]
pub struct KeygenReport {
    /// The curve of an EC or Ed25519 pair (not in JSON for RSA).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub curve: Option<Curve>,
    /// Where the private key was written (mode 0600).
    pub private_key: std::path::PathBuf,
    /// Where the public key was written.
    pub public_key: std::path::PathBuf,
    /// Modulus size.
    pub bits: usize,
    /// Private key format.
    pub format: Format,
    /// `pem` or `der`.
    pub encoding: Encoding,
    /// Whether the private key is encrypted.
    pub encrypted: bool,
    /// Uppercase hex SHA-256 of the public key's SPKI DER.
    pub spki_sha256: Fingerprint,
}

/// Generates a key pair and writes both files or neither: the private key with
/// mode 0600, the public key as SPKI (see [`crate::file::write_all`]).
///
/// The paths are checked before the (slow) generation, so a refusal costs
/// nothing; a failure while writing leaves any old pair as it was.
///
/// # Errors
/// [`Error::Exists`] when a file exists and `force` is false,
/// [`Error::SameFile`] when both paths name one file (also through `..`,
/// symbolic links or hard links), [`Error::Write`], [`Error::Invalid`] for an
/// empty passphrase ([`crate::Invalid::EmptyPassphrase`]; check it with
/// [`crate::Secret::for_encryption`] to name where it came from), [`Error::Crypto`].
///
/// [`Error::Exists`]: crate::Error::Exists
/// [`Error::SameFile`]: crate::Error::SameFile
/// [`Error::Write`]: crate::Error::Write
/// [`Error::Invalid`]: crate::Error::Invalid
/// [`Error::Crypto`]: crate::Error::Crypto
pub fn keygen(options: &KeygenOptions) -> Result<KeygenReport> {
    if let PrivateFormat::EncryptedPkcs8(passphrase) = &options.format {
        passphrase
            .clone()
            .for_encryption(&Origin::Argument("passphrase"))?;
    }
    let paths = [
        options.private_path.as_path(),
        options.public_path.as_path(),
    ];
    crate::file::check(&paths, options.force)?;
    // EC and Ed25519 keys are written as PKCS#8, as `openssl genpkey` does; RSA
    // keys as PKCS#8 or PKCS#1.
    let written = options.format.format();
    if written == Format::Sec1 || (options.curve.is_some() && written != Format::Pkcs8) {
        return Err(Error::Invalid {
            origin: Origin::Argument("format"),
            reason: Invalid::Conflict,
        });
    }
    let (key, bits) = match options.curve {
        None => {
            let key = generate(options.bits)?;
            let bits = modulus_bits(key.as_public_key());
            (AnyPrivateKey::Rsa(Box::new(key)), bits)
        }
        Some(curve) => (
            AnyPrivateKey::Curve(Box::new(CurvePrivateKey::generate(curve)?)),
            curve.bits(),
        ),
    };
    let private = encode_private(
        &key,
        &options.format,
        options.encoding,
        &Origin::Argument("format"),
    )?;
    let public_key = key.public_key();
    let public = encode_public(&public_key, PublicFormat::Spki, options.encoding)?;
    let spki_sha256 = public_key.fingerprint()?;
    // Both files or neither: an old pair survives any failure as it was.
    crate::file::write_all(
        &[
            Output {
                path: &options.private_path,
                bytes: &private,
                mode: Mode::Private,
            },
            Output {
                path: &options.public_path,
                bytes: &public,
                mode: Mode::Public,
            },
        ],
        options.force,
    )?;
    Ok(KeygenReport {
        private_key: options.private_path.clone(),
        public_key: options.public_path.clone(),
        curve: options.curve,
        bits,
        format: options.format.format(),
        encoding: options.encoding,
        encrypted: options.format.is_encrypted(),
        spki_sha256,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keygen_writes_a_curve_pair_that_loads() {
        let dir = tempfile::tempdir().unwrap();
        for curve in Curve::ALL {
            let options = KeygenOptions {
                curve: Some(curve),
                bits: Bits::B2048,
                private_path: dir.path().join(format!("{curve}.pem")),
                public_path: dir.path().join(format!("{curve}.pub")),
                format: PrivateFormat::Pkcs8,
                encoding: Encoding::Pem,
                force: false,
            };
            let report = keygen(&options).unwrap();
            assert_eq!((report.curve, report.bits), (Some(curve), curve.bits()));
            let private = crate::input::Input::read(&options.private_path).unwrap();
            let loaded = super::super::load_private(&private, None).unwrap();
            assert_eq!(loaded.key.curve(), Some(curve));
            let public = crate::input::Input::read(&options.public_path).unwrap();
            let public = super::super::load(&public, None).unwrap();
            assert_eq!(public.key.public_key(), loaded.key.public_key());
        }
    }

    #[test]
    fn keygen_refuses_one_path_for_both_keys_even_with_force() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.pem");
        std::fs::write(&path, b"an older private key").unwrap();
        let options = KeygenOptions {
            curve: None,
            bits: Bits::B2048,
            private_path: path.clone(),
            public_path: dir.path().join(".").join("k.pem"),
            format: PrivateFormat::Pkcs8,
            encoding: Encoding::Pem,
            force: true,
        };
        let err = keygen(&options).unwrap_err();
        assert!(matches!(err, Error::SameFile { .. }));
        assert_eq!(std::fs::read(&path).unwrap(), b"an older private key");
    }

    /// Issue 10: the library refuses an empty passphrase before generating.
    #[test]
    fn issue_10_keygen_refuses_an_empty_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let options = KeygenOptions {
            curve: None,
            bits: Bits::B2048,
            private_path: dir.path().join("k.pem"),
            public_path: dir.path().join("k.pub"),
            format: PrivateFormat::EncryptedPkcs8(crate::Secret::new("")),
            encoding: Encoding::Pem,
            force: false,
        };
        let err = keygen(&options).unwrap_err();
        assert_eq!(
            err.to_string(),
            "argument passphrase: the passphrase is empty; an encrypted key needs a non-empty passphrase"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
