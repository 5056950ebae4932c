//! X.509 certificates: loading (single, PEM bundle, DER, PKCS#12), thumbprints,
//! the `inspect` report, and the RSA public key a certificate carries.
//!
//! Inputs come through [`crate::input`] only; this module decides whether the
//! blocks found are certificates (`detect`) and turns them into
//! [`Certificate`]s. A `Certificate` is its DER plus its subject, found by
//! walking only the outer structure, so that thumbprints of a 10,000-certificate
//! bundle never pay for full X.509 parses; [`CertificateSummary::new`] parses fully with
//! `x509-parser`. PKCS#12 files are opened by [`pkcs12`].
//!
//! Refuses: inputs with no certificate (naming what was found instead).
//! Invariant: every `Certificate` has passed the outer-structure check, so its
//! subject is known and its thumbprint is that of a certificate-shaped DER.

mod build;
pub mod check;
mod dn;
mod expiry;
mod name;
pub mod pkcs12;
mod request;
mod san;
mod scan;
mod signer;
mod summary;
mod thumbprint;

use serde::Serialize;
use x509_parser::certificate::X509Certificate;
use x509_parser::prelude::FromDer;

use crate::error::{Error, Expected, InputError, Origin, Result};
use crate::input::{Block, Input, Repair, Sniffed};
use crate::key::{self, Key, PublicKey};
use crate::secret::Secret;

pub use build::{Role, Validity, self_signed, sign_request};
pub use dn::DistinguishedName;
pub use expiry::{Expiry, ExpiryStatus, expiry};
pub(crate) use request::is_request;
pub use request::{
    CertificateRequest, LoadedRequest, RequestSignature, RequestSummary, load_request,
};
pub use san::AltName;
pub(crate) use scan::scan;
pub use scan::{Seen, scan_file};
pub use summary::CertificateSummary;
pub(crate) use summary::{key_description, key_usage};
pub use thumbprint::{Form, HashAlgorithm, Listing, Thumbprint};

/// One X.509 certificate: its exact DER, its subject, and where it came from.
#[derive(Clone)]
pub struct Certificate {
    der: Vec<u8>,
    subject: String,
    origin: Origin,
}

impl std::fmt::Debug for Certificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Certificate")
            .field("subject", &self.subject)
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

impl Certificate {
    /// A certificate from its DER (a library user reads DER with [`load`]).
    ///
    /// Checks the outer structure (certificate, to-be-signed part, subject
    /// name) without a full X.509 parse; [`CertificateSummary::new`] parses the rest.
    ///
    /// # Errors
    /// [`Error::Input`] with [`InputError::MalformedDer`] when the bytes are not
    /// shaped like a certificate.
    pub(crate) fn from_der(der: &[u8], origin: Origin) -> Result<Certificate> {
        Certificate::from_der_vec(der.to_vec(), origin)
    }

    /// [`Certificate::from_der`] taking the bytes by value (no copy).
    pub(crate) fn from_der_vec(der: Vec<u8>, origin: Origin) -> Result<Certificate> {
        let malformed =
            || Error::unexpected(&origin, Expected::Certificate, InputError::MalformedDer);
        let subject_der = name::subject_der(&der).ok_or_else(malformed)?;
        let subject = name::rfc4514_der(subject_der).ok_or_else(malformed)?;
        Ok(Certificate {
            der,
            subject,
            origin,
        })
    }

    /// The certificate's DER, exactly as it was read (the credential helper's
    /// client certificate, the CA certificate that issues one).
    pub(crate) fn as_der(&self) -> &[u8] {
        &self.der
    }

    /// The subject as an RFC 4514 string (`CN=…,O=…,C=…`, last RDN first).
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// The file (or stream) the certificate came from.
    pub(crate) fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The thumbprint: the hash of the DER.
    pub fn thumbprint(&self, algorithm: HashAlgorithm) -> Thumbprint {
        Thumbprint::of(&self.der, algorithm)
    }

    /// PEM (`BEGIN CERTIFICATE`, LF line endings, 64 columns), as openssl writes it.
    ///
    /// # Errors
    /// [`Error::Crypto`] if the PEM encoder refuses (it does not for a certificate).
    pub fn to_pem(&self) -> Result<String> {
        pem_rfc7468::encode_string("CERTIFICATE", pem_rfc7468::LineEnding::LF, &self.der).map_err(
            |_| Error::Crypto {
                operation: "encoding the certificate as PEM",
            },
        )
    }

    /// The full X.509 parse.
    pub(crate) fn parsed(&self) -> Result<X509Certificate<'_>> {
        match X509Certificate::from_der(&self.der) {
            Ok(([], cert)) => Ok(cert),
            _ => Err(Error::unexpected(
                &self.origin,
                Expected::Certificate,
                InputError::MalformedDer,
            )),
        }
    }

    /// The SubjectPublicKeyInfo DER the certificate carries.
    ///
    /// # Errors
    /// As [`CertificateSummary::new`] when the certificate does not parse.
    pub(crate) fn spki_der(&self) -> Result<Vec<u8>> {
        Ok(self.parsed()?.public_key().raw.to_vec())
    }
}

/// What holds the certificates of an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Container {
    /// PEM `CERTIFICATE` blocks (one certificate or a bundle).
    Pem,
    /// One DER certificate.
    Der,
    /// A PKCS#12 (`.pfx`/`.p12`) file.
    Pkcs12,
}

/// Whether a sniffed input holds certificates, and in what.
///
/// `None` for keys, JWTs and anything else. This is how
/// [`crate::inspect::classify`] tells certificates (its public face); it does
/// not decrypt or fully parse anything.
pub(crate) fn detect(sniffed: &Sniffed) -> Option<Container> {
    let Sniffed::Blocks { blocks, .. } = sniffed else {
        return None;
    };
    if blocks.iter().any(is_certificate_block) {
        return Some(Container::Pem);
    }
    match blocks.as_slice() {
        [block] if block.label.is_none() && name::subject_der(&block.der).is_some() => {
            Some(Container::Der)
        }
        [block] if is_pkcs12_block(block) => Some(Container::Pkcs12),
        _ => None,
    }
}

fn is_certificate_block(block: &Block) -> bool {
    is_certificate_label(block.label.as_deref())
}

fn is_certificate_label(label: Option<&str>) -> bool {
    matches!(
        label,
        Some("CERTIFICATE" | "TRUSTED CERTIFICATE" | "X509 CERTIFICATE")
    )
}

pub(crate) fn is_pkcs12_block(block: &Block) -> bool {
    match block.label.as_deref() {
        None => pkcs12::is_pkcs12(&block.der),
        Some(label) => label == "PKCS12" && pkcs12::is_pkcs12(&block.der),
    }
}

/// Certificates as they were read from one input: from [`load`], which holds
/// them, or from [`scan_file`] (`C` is `()`), which showed them one at a time.
#[derive(Clone, Debug)]
pub struct LoadedCertificates<C = Vec<Certificate>> {
    /// The certificates, in file order.
    pub certificates: C,
    /// What held them.
    pub container: Container,
    /// Broken forms that were repaired while reading.
    pub repairs: Vec<Repair>,
}

impl LoadedCertificates {
    /// The leaf of the bundle: its first certificate (openssl and servers put the
    /// leaf first). `origin` and `expected` name the input in the error.
    ///
    /// # Errors
    /// [`Error::Input`] with [`InputError::Empty`] when there is no certificate.
    pub fn leaf(&self, origin: &Origin, expected: Expected) -> Result<&Certificate> {
        self.certificates
            .first()
            .ok_or_else(|| Error::unexpected(origin, expected, InputError::Empty))
    }
}

/// Loads every certificate of an input: a PEM certificate or bundle, a DER
/// certificate, or a PKCS#12 file (which needs `passphrase`; without one the
/// empty passphrase is tried, as many exported files use it).
///
/// Non-certificate PEM blocks next to certificates (a key in the same file) are
/// skipped. [`scan_file`] does the same one certificate at a time.
///
/// # Errors
/// [`Error::Input`] when the input holds no certificate (saying what it
/// holds instead), or a certificate is malformed; [`Error::WrongPassphrase`] and
/// the other errors of [`pkcs12::open`] for PKCS#12 files.
///
/// # Example
/// ```
/// use keysmith::cert;
/// use keysmith::input::Input;
/// let input = Input::read(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/bundle-3certs.pem"))?;
/// let loaded = cert::load(&input, None)?;
/// let subjects: Vec<&str> = loaded.certificates.iter().map(|c| c.subject()).collect();
/// assert_eq!(subjects[2], "CN=Keysmith Test Root CA,O=Keysmith Test,C=GB");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load(input: &Input, passphrase: Option<&Secret>) -> Result<LoadedCertificates> {
    let origin = input.origin();
    let mut certificates = Vec::new();
    let scanned = scan(input, passphrase, |seen| {
        certificates.push(Certificate {
            der: seen.der.to_vec(),
            subject: seen.subject.to_owned(),
            origin: origin.clone(),
        });
        Ok(())
    })?;
    Ok(LoadedCertificates {
        certificates,
        container: scanned.container,
        repairs: scanned.repairs,
    })
}

/// The RSA public key of a certificate (to match it with a private key); a
/// library user takes a certificate's key of any algorithm with
/// [`load_verifying_key`].
///
/// # Errors
/// [`Error::Key`] with [`crate::KeyError::EcKey`], [`crate::KeyError::EdwardsKey`] or
/// [`crate::KeyError::OtherAlgorithm`] when the certificate's key is not RSA, and
/// [`crate::KeyError::SmallKey`] below 1024 bits.
pub(crate) fn public_key(certificate: &Certificate) -> Result<PublicKey> {
    public_key_as(certificate, Expected::RsaPublicKey)
}

/// [`public_key`] for a caller that needs `expected`, for the errors.
fn public_key_as(certificate: &Certificate, expected: Expected) -> Result<PublicKey> {
    key::public_key_from_spki(&certificate.spki_der()?, &certificate.origin, expected)
}

/// Loads the key to verify with: an RSA, EC or Ed25519 key (a private key's
/// public half is what verifies), or the public key of a certificate (the first
/// certificate of a bundle or PKCS#12 file).
///
/// # Errors
/// As [`key::load`] and [`load`]; a certificate whose key keysmith does not
/// handle is refused with what it is.
///
/// # Example
/// ```
/// use keysmith::input::Input;
/// use keysmith::cert::load_verifying_key;
/// use keysmith::key::{AnyPublicKey, Curve};
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let loaded = load_verifying_key(&Input::read(format!("{dir}/testdata/ed25519-cert.pem"))?, None)?;
/// let AnyPublicKey::Curve(public) = loaded.key.public_key() else { panic!() };
/// assert_eq!(public.curve(), Curve::Ed25519);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load_verifying_key(
    input: &Input,
    passphrase: Option<&Secret>,
) -> Result<key::LoadedKey<key::AnyKey>> {
    match key::load_any_as(input, passphrase, Expected::KeyOrCertificate) {
        Err(Error::Input {
            found: InputError::Certificate,
            ..
        }) => {
            let loaded = load(input, passphrase)?;
            let first = loaded.leaf(input.origin(), Expected::KeyOrCertificate)?;
            let key = match key::CurvePublicKey::from_spki_der(&first.spki_der()?) {
                Ok(curve) => key::AnyKey::Curve(key::CurveKey::Public(curve)),
                Err(_) => key::AnyKey::Rsa(Key::Public(public_key_as(
                    first,
                    Expected::KeyOrCertificate,
                )?)),
            };
            let encoding = match loaded.container {
                Container::Pem => crate::input::Encoding::Pem,
                _ => crate::input::Encoding::Der,
            };
            let read = (key, key::Format::Spki, None);
            Ok(key::LoadedKey::read(read, encoding, loaded.repairs))
        }
        other => other,
    }
}

#[cfg(test)]
mod tests;
