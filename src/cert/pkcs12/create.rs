//! Writing PKCS#12 (`.pfx`/`.p12`) files: a certificate, its chain and its
//! private key under one passphrase.
//!
//! The container is `p12-keystore`'s writer: [`Encryption::Modern`] is OpenSSL
//! 3's default (PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC for the key and the
//! certificates, a SHA-256 MAC), [`Encryption::Legacy`] is what Windows Server
//! 2016 and Java 8 read (pbeWithSHAAnd3-KeyTripleDES-CBC, a SHA-1 MAC). The key
//! and the leaf certificate carry the same local key id (the leaf's SHA-1
//! thumbprint, as openssl sets it), so Windows pairs them, and by default the
//! same friendly name (the leaf's subject).
//!
//! Refuses: a key that is not the leaf certificate's, and a passphrase that is
//! not UTF-8 (PKCS#12 passwords are Unicode text).
//! Invariant: the key leaves this module only encrypted inside the file. Its
//! PKCS#8 DER is made in a zeroizing buffer, but `p12_keystore::PrivateKey::from_der`
//! copies it into a plain `Vec` that is not zeroized when dropped: one unzeroized
//! copy of the key lives in memory while the file is built.

use p12_keystore::{EncryptionAlgorithm, KeyStore, KeyStoreEntry, MacAlgorithm, PrivateKeyChain};
use rsa::pkcs8::EncodePrivateKey;
use zeroize::Zeroizing;

use super::super::{Certificate, HashAlgorithm};
use crate::error::{Error, Invalid, Origin, Result};
use crate::key::AnyPrivateKey;
use crate::secret::Secret;

/// How a PKCS#12 file is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encryption {
    /// AES-256-CBC with PBKDF2-HMAC-SHA256, SHA-256 MAC (OpenSSL 3's default).
    Modern,
    /// 3DES (pbeWithSHAAnd3-KeyTripleDES-CBC), SHA-1 MAC: Windows Server 2016, Java 8.
    Legacy,
}

/// Key-derivation iterations for the encryption and the MAC (OpenSSL 3's default).
const ITERATIONS: u32 = 2048;

/// The friendly name given when the caller gives none and the leaf has no subject.
const DEFAULT_NAME: &str = "keysmith";

/// Makes a PKCS#12 file of `certificates` (the leaf first, then its chain) and
/// the leaf's private `key`, protected by `passphrase`.
///
/// `name` is the friendly name of the key (Windows and Java show it); the leaf
/// certificate carries its subject as its friendly name, and `None` gives the
/// key that name too.
///
/// # Errors
/// [`Error::Invalid`] with [`Invalid::KeyNotCertificate`] (naming `key_origin`)
/// when `key` is not the leaf's; [`Invalid::Pkcs12Passphrase`] (naming
/// `passphrase_origin`) when the passphrase is not UTF-8; [`Error::Crypto`] when
/// building the file fails.
///
/// # Example
/// ```
/// use keysmith::cert::{self, pkcs12};
/// use keysmith::{input::Input, key, Origin, Secret};
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let certs = cert::load(&Input::read(format!("{dir}/testdata/client.pem"))?, None)?;
/// let key = key::load_private(&Input::read(format!("{dir}/testdata/rsa2048-pkcs8.pem"))?, None)?.key;
/// let passphrase = Secret::new(b"correct horse".to_vec());
/// let pfx = pkcs12::create(&certs.certificates, &key, &Origin::Argument("key"),
///     &passphrase, &Origin::Argument("passphrase"), None, pkcs12::Encryption::Modern)?;
/// let input = Input::from_bytes(Origin::Argument("pfx"), pfx.to_vec());
/// let opened = pkcs12::open(&input, Some(&passphrase))?;
/// assert_eq!(opened.certificates.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[allow(clippy::too_many_arguments)]
pub fn create(
    certificates: &[Certificate],
    key: &AnyPrivateKey,
    key_origin: &Origin,
    passphrase: &Secret,
    passphrase_origin: &Origin,
    name: Option<&str>,
    encryption: Encryption,
) -> Result<Zeroizing<Vec<u8>>> {
    let failed = || Error::Crypto {
        operation: "writing the PKCS#12 file",
    };
    let mismatch = || Error::Invalid {
        origin: key_origin.clone(),
        reason: Invalid::KeyNotCertificate,
    };
    let leaf = certificates.first().ok_or_else(mismatch)?;
    if leaf.spki_der()? != key.public_key().to_spki_der()? {
        return Err(mismatch());
    }
    let password = std::str::from_utf8(passphrase.expose()).map_err(|_| Error::Invalid {
        origin: passphrase_origin.clone(),
        reason: Invalid::Pkcs12Passphrase,
    })?;
    let pkcs8: Zeroizing<Vec<u8>> = match key {
        AnyPrivateKey::Rsa(key) => Zeroizing::new(
            key.to_pkcs8_der()
                .map_err(|_| failed())?
                .as_bytes()
                .to_vec(),
        ),
        AnyPrivateKey::Curve(key) => key.to_pkcs8_der()?,
    };
    let private = p12_keystore::PrivateKey::from_der(&pkcs8).map_err(|_| failed())?;
    let chain = certificates
        .iter()
        .map(|c| p12_keystore::Certificate::from_der(c.as_der()))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|_| failed())?;
    let local_key_id = leaf.thumbprint(HashAlgorithm::Sha1).as_bytes().to_vec();
    // p12-keystore names the certificate by its subject; by default the key
    // gets the same friendly name.
    let subject = chain.first().map(|c| c.subject().to_owned());
    let name = name.or(subject.as_deref()).unwrap_or(DEFAULT_NAME);
    let mut store = KeyStore::new();
    store.add_entry(
        name,
        KeyStoreEntry::PrivateKeyChain(PrivateKeyChain::new(local_key_id, private, chain)),
    );
    let (cipher, mac) = match encryption {
        Encryption::Modern => (
            EncryptionAlgorithm::PbeWithHmacSha256AndAes256,
            MacAlgorithm::HmacSha256,
        ),
        Encryption::Legacy => (
            EncryptionAlgorithm::PbeWithShaAnd3KeyTripleDesCbc,
            MacAlgorithm::HmacSha1,
        ),
    };
    let bytes = store
        .writer(password)
        .encryption_algorithm(cipher)
        .encryption_iterations(ITERATIONS)
        .mac_algorithm(mac)
        .mac_iterations(ITERATIONS)
        .write()
        .map_err(|_| failed())?;
    Ok(Zeroizing::new(bytes))
}
