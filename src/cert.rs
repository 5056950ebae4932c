//! X.509 certificates: loading (single, PEM bundle, DER, PKCS#12), thumbprints,
//! the `inspect` report, and the RSA public key a certificate carries.
//!
//! Inputs come through [`crate::input`] only; this module decides whether the
//! blocks found are certificates ([`detect`]) and turns them into
//! [`Certificate`]s. A `Certificate` is its DER plus its subject, found by
//! walking only the outer structure, so that thumbprints of a 10,000-certificate
//! bundle never pay for full X.509 parses; [`CertificateSummary::new`] parses fully with
//! `x509-parser`. PKCS#12 files are opened by [`pkcs12`].
//!
//! Refuses: inputs with no certificate (naming what was found instead).
//! Invariant: every `Certificate` has passed the outer-structure check, so its
//! subject is known and its thumbprint is that of a certificate-shaped DER.

pub mod check;
mod name;
pub mod pkcs12;
mod thumbprint;

use serde::Serialize;
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::GeneralName;
use x509_parser::prelude::FromDer;
use x509_parser::public_key::PublicKey as ParsedKey;

use crate::error::{Error, Expected, Found, Origin, Result};
use crate::input::{self, Block, Input, Repair, Sniffed};
use crate::key::{self, Key, KeyAlgorithm, PublicKey};
use crate::secret::Secret;
use crate::time::Timestamp;

pub use thumbprint::{Form, HashAlgorithm, Listing, Thumbprint, normalise};

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
    /// A certificate from its DER.
    ///
    /// Checks the outer structure (certificate, to-be-signed part, subject
    /// name) without a full X.509 parse; [`CertificateSummary::new`] parses the rest.
    ///
    /// # Errors
    /// [`Error::Unexpected`] with [`Found::MalformedDer`] when the bytes are not
    /// shaped like a certificate.
    ///
    /// # Example
    /// ```
    /// use keysmith::cert::Certificate;
    /// use keysmith::Origin;
    /// let der = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/client.der"))?;
    /// let cert = Certificate::from_der(&der, Origin::Argument("client.der"))?;
    /// assert_eq!(cert.subject(), "CN=client.example.com,O=Example Client Ltd,C=GB");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_der(der: &[u8], origin: Origin) -> Result<Certificate> {
        Certificate::from_der_vec(der.to_vec(), origin)
    }

    /// [`Certificate::from_der`] taking the bytes by value (no copy).
    pub(crate) fn from_der_vec(der: Vec<u8>, origin: Origin) -> Result<Certificate> {
        let malformed = || Error::unexpected(&origin, Expected::Certificate, Found::MalformedDer);
        let subject_der = name::subject_der(&der).ok_or_else(malformed)?;
        let subject = name::rfc4514_der(subject_der).ok_or_else(malformed)?;
        Ok(Certificate {
            der,
            subject,
            origin,
        })
    }

    /// The certificate's DER, exactly as it was read (the credential helper's
    /// client certificate; unused without the `net` feature).
    #[cfg_attr(not(feature = "net"), allow(dead_code))]
    pub(crate) fn as_der(&self) -> &[u8] {
        &self.der
    }

    /// The subject as an RFC 4514 string (`CN=…,O=…,C=…`, last RDN first).
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// The file (or stream) the certificate came from.
    pub fn origin(&self) -> &Origin {
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
                Found::MalformedDer,
            )),
        }
    }

    /// The SubjectPublicKeyInfo DER the certificate carries.
    ///
    /// # Errors
    /// As [`CertificateSummary::new`] when the certificate does not parse.
    pub fn spki_der(&self) -> Result<Vec<u8>> {
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
/// `None` for keys, JWTs and anything else. This is how `inspect` decides to
/// describe certificates; it does not decrypt or fully parse anything.
///
/// # Example
/// ```
/// use keysmith::cert::{self, Container};
/// use keysmith::input::{sniff, Input};
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/client.p12");
/// let sniffed = sniff(&Input::read(path)?, keysmith::Expected::Certificate)?;
/// assert_eq!(cert::detect(&sniffed), Some(Container::Pkcs12));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn detect(sniffed: &Sniffed) -> Option<Container> {
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

/// Certificates as they were read from one input.
#[derive(Clone, Debug)]
pub struct LoadedCertificates {
    /// The certificates, in file order.
    pub certificates: Vec<Certificate>,
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
    /// [`Error::Unexpected`] with [`Found::Empty`] when there is no certificate.
    pub fn leaf(&self, origin: &Origin, expected: Expected) -> Result<&Certificate> {
        self.certificates
            .first()
            .ok_or_else(|| Error::unexpected(origin, expected, Found::Empty))
    }
}

/// Loads every certificate of an input: a PEM certificate or bundle, a DER
/// certificate, or a PKCS#12 file (which needs `passphrase`; without one the
/// empty passphrase is tried, as many exported files use it).
///
/// Non-certificate PEM blocks next to certificates (a key in the same file) are
/// skipped. [`scan`] does the same one certificate at a time.
///
/// # Errors
/// [`Error::Unexpected`] when the input holds no certificate (saying what it
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

/// One certificate as [`scan`] shows it, borrowed for the duration of one call.
#[derive(Clone, Copy, Debug)]
pub struct Seen<'a> {
    /// The certificate's DER, exactly as it was read.
    pub der: &'a [u8],
    /// The subject as an RFC 4514 string.
    pub subject: &'a str,
}

impl Seen<'_> {
    /// The thumbprint: the hash of the DER.
    pub fn thumbprint(&self, algorithm: HashAlgorithm) -> Thumbprint {
        Thumbprint::of(self.der, algorithm)
    }
}

/// What held the certificates [`scan`] showed.
#[derive(Clone, Debug)]
pub struct Scanned {
    /// What held them.
    pub container: Container,
    /// Broken forms that were repaired while reading.
    pub repairs: Vec<Repair>,
}

/// [`load`] one certificate at a time: calls `visit` with each certificate in
/// file order, so that a bundle of any size is read with one certificate
/// decoded at a time (the thumbprints of a large bundle never hold it all).
///
/// # Errors
/// As [`load`]; an error from `visit` stops the scan and is returned as is.
/// Certificates visited before an error stay visited.
///
/// # Example
/// ```
/// use keysmith::cert::{self, HashAlgorithm};
/// use keysmith::input::Input;
/// let input = Input::read(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/bundle-3certs.pem"))?;
/// let mut subjects = Vec::new();
/// cert::scan(&input, None, |seen| {
///     subjects.push(seen.subject.to_owned());
///     Ok(())
/// })?;
/// assert_eq!(subjects[2], "CN=Keysmith Test Root CA,O=Keysmith Test,C=GB");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn scan(
    input: &Input,
    passphrase: Option<&Secret>,
    visit: impl FnMut(Seen<'_>) -> Result<()>,
) -> Result<Scanned> {
    let run = |blocks: &mut dyn FnMut(Block<'_>) -> Result<()>| {
        input::scan(input, Expected::Certificate, blocks)
    };
    match scan_with(input.origin(), passphrase, run, visit)? {
        Ok(scanned) => Ok(scanned),
        Err(NoCertificate { first_label }) => Err(not_a_certificate(input, first_label)),
    }
}

/// [`scan`] of a file (or `-`), read with [`input::scan_file`]: a large PEM
/// bundle is read and decoded a window at a time, never whole.
///
/// # Errors
/// As [`Input::read`] and [`scan`].
///
/// # Example
/// ```
/// use keysmith::cert::{self, HashAlgorithm};
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/client.pem");
/// let mut thumbprints = Vec::new();
/// cert::scan_file(path, None, |seen| {
///     thumbprints.push(seen.thumbprint(HashAlgorithm::Sha1).to_string());
///     Ok(())
/// })?;
/// assert_eq!(thumbprints, ["F23E122D384BD71D3BDF00BBBA4D2CE7D0117569"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn scan_file(
    path: impl AsRef<std::path::Path>,
    passphrase: Option<&Secret>,
    visit: impl FnMut(Seen<'_>) -> Result<()>,
) -> Result<Scanned> {
    let path = path.as_ref();
    let origin = Origin::Path(path.to_owned());
    if path == std::path::Path::new("-") {
        return scan(&Input::read(path)?, passphrase, visit);
    }
    let run = |blocks: &mut dyn FnMut(Block<'_>) -> Result<()>| {
        input::scan_file(path, Expected::Certificate, blocks)
    };
    match scan_with(&origin, passphrase, run, visit)? {
        Ok(scanned) => Ok(scanned),
        // Rare and small: read the file again to say what it holds.
        Err(NoCertificate { first_label }) => {
            Err(not_a_certificate(&Input::read(path)?, first_label))
        }
    }
}

/// An input without certificates, and the label of its first block.
struct NoCertificate {
    first_label: Option<String>,
}

/// The scan behind [`scan`] and [`scan_file`]: `run` shows the blocks.
fn scan_with(
    origin: &Origin,
    passphrase: Option<&Secret>,
    run: impl FnOnce(&mut dyn FnMut(Block<'_>) -> Result<()>) -> Result<Sniffed<()>>,
    visit: impl FnMut(Seen<'_>) -> Result<()>,
) -> Result<std::result::Result<Scanned, NoCertificate>> {
    let mut visit = visit;
    let mut subject = String::new();
    let mut pem_certificates = false;
    let mut der_certificate = false;
    let mut blocks = 0usize;
    let mut first_label: Option<String> = None;
    // A PKCS#12 file (one DER blob or one `PKCS12` block) is opened after the
    // scan, once it is known to be alone: it holds a key, hence the wiping copy.
    let mut pkcs12_der: Option<zeroize::Zeroizing<Vec<u8>>> = None;
    let scanned = run(&mut |block| {
        let (label, der) = (block.label(), &*block.der);
        blocks += 1;
        if blocks == 1 {
            first_label = label.map(str::to_owned);
        }
        let malformed = || Error::unexpected(origin, Expected::Certificate, Found::MalformedDer);
        let certificate = if is_certificate_label(label) {
            pem_certificates = true;
            Some(name::subject_der(der).ok_or_else(malformed)?)
        } else if label.is_none() {
            name::subject_der(der)
        } else {
            None
        };
        if let Some(subject_der) = certificate {
            der_certificate |= label.is_none();
            subject.clear();
            if !name::rfc4514_der_into(subject_der, &mut subject) {
                return Err(malformed());
            }
            return visit(Seen {
                der,
                subject: &subject,
            });
        }
        let pkcs12_label = matches!(label, None | Some("PKCS12"));
        if blocks == 1 && pkcs12_label && pkcs12::is_pkcs12(der) {
            pkcs12_der = Some(zeroize::Zeroizing::new(der.to_vec()));
        }
        Ok(())
    })?;
    let repairs = match scanned {
        Sniffed::Blocks { repairs, .. } => repairs,
        Sniffed::Jwt => {
            return Err(Error::unexpected(origin, Expected::Certificate, Found::Jwt));
        }
    };
    let container = if pem_certificates {
        Container::Pem
    } else if der_certificate {
        Container::Der
    } else if let (Some(der), 1) = (&pkcs12_der, blocks) {
        for certificate in pkcs12::open_der(der, origin, passphrase)?.certificates {
            visit(Seen {
                der: &certificate.der,
                subject: &certificate.subject,
            })?;
        }
        Container::Pkcs12
    } else {
        return Ok(Err(NoCertificate { first_label }));
    };
    Ok(Ok(Scanned { container, repairs }))
}

/// The error for an input without certificates: what it holds instead.
fn not_a_certificate(input: &Input, first_label: Option<String>) -> Error {
    let found = match key::load(input, None) {
        Ok(loaded) if loaded.key.kind() == key::Kind::Private => Found::PrivateKey,
        Ok(_) => Found::PublicKey,
        Err(Error::Unexpected {
            found: Found::EncryptedKey,
            ..
        }) => Found::PrivateKey,
        Err(Error::Unexpected { found, .. }) if found != Found::MalformedDer => found,
        _ => match first_label {
            Some(label) => Found::PemLabel(label),
            None => Found::MalformedDer,
        },
    };
    Error::unexpected(input.origin(), Expected::Certificate, found)
}

/// The RSA public key of a certificate (to verify what its owner signed).
///
/// # Errors
/// [`Error::Unexpected`] with [`Found::EcKey`], [`Found::EdwardsKey`] or
/// [`Found::OtherAlgorithm`] when the certificate's key is not RSA, and
/// [`Found::SmallKey`] below 1024 bits.
///
/// # Example
/// ```
/// use keysmith::{cert, input::Input, key};
/// let input = Input::read(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/client.pem"))?;
/// let loaded = cert::load(&input, None)?;
/// let public = cert::public_key(&loaded.certificates[0])?;
/// assert_eq!(key::modulus_bits(&public), 2048);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn public_key(certificate: &Certificate) -> Result<PublicKey> {
    public_key_as(certificate, Expected::PublicKey)
}

/// [`public_key`] for a caller that needs `expected`, for the errors.
fn public_key_as(certificate: &Certificate, expected: Expected) -> Result<PublicKey> {
    key::public_key_from_spki(&certificate.spki_der()?, &certificate.origin, expected)
}

/// Loads the key to verify with: any RSA key (a private key's public half), or the
/// public key of a certificate (the first certificate of a bundle or PKCS#12 file).
///
/// # Errors
/// As [`key::load`] and [`load`]; a certificate whose key is not RSA is refused
/// with what it is.
///
/// # Example
/// ```
/// use keysmith::input::Input;
/// use keysmith::cert::load_verifying_key;
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let from_cert = load_verifying_key(&Input::read(format!("{dir}/testdata/client.pem"))?, None)?;
/// assert_eq!(from_cert.key.bits(), 2048);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load_verifying_key(input: &Input, passphrase: Option<&Secret>) -> Result<key::LoadedKey> {
    match key::load_as(input, passphrase, Expected::KeyOrCertificate) {
        Err(Error::Unexpected {
            found: Found::Certificate,
            ..
        }) => {
            let loaded = load(input, passphrase)?;
            let first = loaded.leaf(input.origin(), Expected::KeyOrCertificate)?;
            let public = public_key_as(first, Expected::KeyOrCertificate)?;
            Ok(key::LoadedKey {
                key: Key::Public(public),
                format: key::Format::Spki,
                encoding: match loaded.container {
                    Container::Pem => crate::input::Encoding::Pem,
                    _ => crate::input::Encoding::Der,
                },
                encrypted: false,
                encryption: None,
                repairs: loaded.repairs,
            })
        }
        other => other,
    }
}

/// What `inspect` reports about a certificate (`--json` field names are the SPEC's).
#[derive(Clone, Debug, Serialize)]
pub struct CertificateSummary {
    /// Always `certificate`.
    pub kind: &'static str,
    /// RFC 4514 subject.
    pub subject: String,
    /// RFC 4514 issuer.
    pub issuer: String,
    /// Serial number, uppercase hex as `openssl x509 -serial` prints it (`00` for zero).
    pub serial: String,
    /// Start of validity.
    pub not_before: Timestamp,
    /// End of validity.
    pub not_after: Timestamp,
    /// `now` is after `not_after`.
    pub expired: bool,
    /// `now` is before `not_before`.
    pub not_yet_valid: bool,
    /// `rsa`, `ec`, `ed25519`, `ed448`, `dsa`, … or the algorithm's OID.
    pub key_algorithm: KeyAlgorithm,
    /// Key size: the RSA modulus bits, or the curve size.
    pub key_bits: usize,
    /// Subject alternative names as openssl prints them (`DNS:…`, `IP:…`, `email:…`).
    pub subject_alt_names: Vec<String>,
    /// keyUsage bits (`digitalSignature`, …); `null` when the extension is absent.
    pub key_usage: Option<Vec<&'static str>>,
    /// SHA-1 thumbprint, uppercase hex.
    pub sha1: Thumbprint,
    /// SHA-256 thumbprint, uppercase hex.
    pub sha256: Thumbprint,
}

impl CertificateSummary {
    /// Describes a certificate as of `now`.
    ///
    /// # Errors
    /// [`Error::Unexpected`] with [`Found::MalformedDer`] when the certificate
    /// does not parse as X.509.
    ///
    /// # Example
    /// ```
    /// use keysmith::{cert, input::Input, time::Timestamp};
    /// let input = Input::read(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/selfsigned.pem"))?;
    /// let loaded = cert::load(&input, None)?;
    /// let summary = cert::CertificateSummary::new(&loaded.certificates[0], Timestamp::from_unix(1_800_000_000))?;
    /// assert_eq!(summary.serial, "00");
    /// assert!(!summary.expired);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(certificate: &Certificate, now: Timestamp) -> Result<CertificateSummary> {
        let parsed = certificate.parsed()?;
        let validity = parsed.validity();
        let not_before = Timestamp::from_unix(validity.not_before.timestamp());
        let not_after = Timestamp::from_unix(validity.not_after.timestamp());
        let (key_algorithm, key_bits) = key_description(&parsed);
        Ok(CertificateSummary {
            kind: "certificate",
            subject: certificate.subject.clone(),
            issuer: name::rfc4514_der(parsed.issuer().as_raw()).unwrap_or_default(),
            serial: serial_hex(parsed.raw_serial()),
            not_before,
            not_after,
            expired: now > not_after,
            not_yet_valid: now < not_before,
            key_algorithm,
            key_bits,
            subject_alt_names: alt_names(&parsed),
            key_usage: key_usage(&parsed, &certificate.origin)?,
            sha1: certificate.thumbprint(HashAlgorithm::Sha1),
            sha256: certificate.thumbprint(HashAlgorithm::Sha256),
        })
    }
}

/// Serial as openssl prints it: uppercase hex, no sign-padding zero byte, `00` for zero.
fn serial_hex(raw: &[u8]) -> String {
    let start = raw
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(raw.len().saturating_sub(1));
    crate::codec::hex_upper(raw.get(start..).unwrap_or(raw))
}

pub(crate) fn key_description(parsed: &X509Certificate<'_>) -> (KeyAlgorithm, usize) {
    let spki = parsed.public_key();
    let algorithm = KeyAlgorithm::from_oid(&spki.algorithm.algorithm.to_id_string());
    let parameter = spki
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.as_oid().ok())
        .map(|o| o.to_id_string());
    let bits = match (&algorithm, spki.parsed()) {
        (_, Ok(ParsedKey::RSA(rsa))) => {
            return (KeyAlgorithm::Rsa, crate::key::uint_bits(rsa.modulus));
        }
        (KeyAlgorithm::Ec, parsed) => match parameter.as_deref() {
            Some("1.2.840.10045.3.1.7" | "1.3.132.0.10") => 256,
            Some("1.3.132.0.34") => 384,
            Some("1.3.132.0.35") => 521,
            _ => parsed.map(|k| k.key_size()).unwrap_or(0),
        },
        (KeyAlgorithm::Ed25519, _) => 256,
        (KeyAlgorithm::Ed448, _) => 456,
        (_, parsed) => parsed.map(|k| k.key_size()).unwrap_or(0),
    };
    (algorithm, bits)
}

fn alt_names(parsed: &X509Certificate<'_>) -> Vec<String> {
    let Ok(Some(san)) = parsed.subject_alternative_name() else {
        return Vec::new();
    };
    san.value
        .general_names
        .iter()
        .map(|name| match name {
            GeneralName::DNSName(n) => format!("DNS:{n}"),
            GeneralName::RFC822Name(n) => format!("email:{n}"),
            GeneralName::URI(n) => format!("URI:{n}"),
            GeneralName::IPAddress(bytes) => format!("IP:{}", ip_text(bytes)),
            GeneralName::DirectoryName(n) => {
                format!(
                    "DirName:{}",
                    name::rfc4514_der(n.as_raw()).unwrap_or_default()
                )
            }
            GeneralName::RegisteredID(oid) => format!("RID:{}", oid.to_id_string()),
            GeneralName::OtherName(oid, _) => format!("othername:{}", oid.to_id_string()),
            _ => "unsupported".to_owned(),
        })
        .collect()
}

fn ip_text(bytes: &[u8]) -> String {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
    match bytes.len() {
        4 => <[u8; 4]>::try_from(bytes)
            .map(|b| IpAddr::V4(Ipv4Addr::from(b)).to_string())
            .unwrap_or_default(),
        16 => <[u8; 16]>::try_from(bytes)
            .map(|b| IpAddr::V6(Ipv6Addr::from(b)).to_string())
            .unwrap_or_default(),
        _ => crate::codec::hex_upper(bytes),
    }
}

/// keyUsage bit names as RFC 5280 spells them; `None` when the extension is absent.
pub(crate) fn key_usage(
    parsed: &X509Certificate<'_>,
    origin: &Origin,
) -> Result<Option<Vec<&'static str>>> {
    let usage = parsed
        .key_usage()
        .map_err(|_| Error::unexpected(origin, Expected::Certificate, Found::MalformedDer))?;
    Ok(usage.map(|ext| {
        let ku = ext.value;
        [
            (ku.digital_signature(), "digitalSignature"),
            (ku.non_repudiation(), "nonRepudiation"),
            (ku.key_encipherment(), "keyEncipherment"),
            (ku.data_encipherment(), "dataEncipherment"),
            (ku.key_agreement(), "keyAgreement"),
            (ku.key_cert_sign(), "keyCertSign"),
            (ku.crl_sign(), "cRLSign"),
            (ku.encipher_only(), "encipherOnly"),
            (ku.decipher_only(), "decipherOnly"),
        ]
        .into_iter()
        .filter_map(|(set, name)| set.then_some(name))
        .collect()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_fixture(name: &str) -> LoadedCertificates {
        load(&crate::test_fixture::input(name), None).unwrap()
    }

    const NOW: Timestamp = Timestamp::from_unix(1_800_000_000); // 2027-01-15

    fn verifying(name: &str) -> Result<key::LoadedKey> {
        let input = crate::test_fixture::input(name);
        let passphrase = Secret::new("correct horse");
        load_verifying_key(&input, Some(&passphrase))
    }

    #[test]
    fn verifying_key_from_keys_certificates_and_bundles() {
        let expected = crate::key::spki_der(
            crate::key::load_private(
                &Input::read(format!(
                    "{}/testdata/rsa2048-pkcs8.pem",
                    env!("CARGO_MANIFEST_DIR")
                ))
                .unwrap(),
                None,
            )
            .unwrap()
            .key
            .as_public_key(),
        )
        .unwrap();
        for name in [
            "rsa2048-spki.pem",
            "rsa2048-pkcs1-pub.der",
            "rsa2048-pkcs8-enc-aes256.pem",
            "client.pem",
            "client.der",
            "bundle-3certs.pem",
        ] {
            let loaded = verifying(name).unwrap();
            assert_eq!(
                crate::key::spki_der(loaded.key.public_key()).unwrap(),
                expected,
                "{name}"
            );
        }
    }

    #[test]
    fn verifying_key_refuses_what_is_not_an_rsa_key_or_certificate() {
        let message = |name: &str| verifying(name).unwrap_err().to_string();
        assert!(
            message("ec-cert.pem")
                .ends_with("expected an RSA key or a certificate, found an elliptic-curve (EC) key; keysmith handles RSA keys")
        );
        assert!(
            message("jwt-rs256-valid.txt")
                .ends_with("expected an RSA key or a certificate, found a JWT")
        );
        assert!(message("garbage.bin").contains("expected an RSA key or a certificate"));
    }

    #[test]
    fn load_reads_pem_der_and_bundles_in_file_order() {
        let pem = load_fixture("client.pem");
        let der = load_fixture("client.der");
        assert_eq!(pem.container, Container::Pem);
        assert_eq!(der.container, Container::Der);
        assert_eq!(pem.certificates[0].as_der(), der.certificates[0].as_der());
        let bundle = load_fixture("bundle-3certs.pem");
        let sha1: Vec<String> = bundle
            .certificates
            .iter()
            .map(|c| c.thumbprint(HashAlgorithm::Sha1).to_string())
            .collect();
        assert_eq!(
            sha1,
            [
                "F23E122D384BD71D3BDF00BBBA4D2CE7D0117569",
                "61EE4EF2A9A5B59518075018E31695832DA0349F",
                "B4A082C82047CB0D28D6D5D65287636D4875C8CD",
            ]
        );
    }

    #[test]
    fn load_names_what_it_found_instead() {
        let path = format!("{}/testdata/rsa2048-pkcs8.pem", env!("CARGO_MANIFEST_DIR"));
        let err = load(&Input::read(&path).unwrap(), None).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{path}: expected an X.509 certificate, found a private key")
        );
    }

    #[test]
    fn summary_describes_rsa_and_ec_certificates() {
        let rsa =
            CertificateSummary::new(&load_fixture("client.pem").certificates[0], NOW).unwrap();
        assert_eq!(rsa.serial, "1001");
        assert_eq!(
            rsa.issuer,
            "CN=Keysmith Test Intermediate CA,O=Keysmith Test,C=GB"
        );
        assert_eq!((rsa.key_algorithm.name(), rsa.key_bits), ("rsa", 2048));
        assert_eq!(
            rsa.subject_alt_names,
            ["DNS:client.example.com", "DNS:api.client.example.com"]
        );
        assert_eq!(rsa.key_usage, Some(vec!["digitalSignature"]));
        assert_eq!(rsa.not_after.to_rfc3339(), "2028-01-01T00:00:00Z");
        let ec =
            CertificateSummary::new(&load_fixture("ec-cert.pem").certificates[0], NOW).unwrap();
        assert_eq!((ec.key_algorithm.name(), ec.key_bits), ("ec", 256));
        assert_eq!(
            ec.sha1.to_string(),
            "B0BF0AD021DEB37F64B76EBB1A3E973C6FDDF5D9"
        );
    }

    #[test]
    fn summary_judges_validity_at_now() {
        let expired =
            CertificateSummary::new(&load_fixture("client-expired.pem").certificates[0], NOW)
                .unwrap();
        assert!(expired.expired && !expired.not_yet_valid);
        let notyet =
            CertificateSummary::new(&load_fixture("client-notyet.pem").certificates[0], NOW)
                .unwrap();
        assert!(!notyet.expired && notyet.not_yet_valid);
    }

    #[test]
    fn serial_hex_matches_openssl() {
        assert_eq!(serial_hex(&[0]), "00");
        assert_eq!(serial_hex(&[0x00, 0x8f, 0x01]), "8F01");
        assert_eq!(serial_hex(&[0x10, 0x01]), "1001");
        assert_eq!(serial_hex(&[]), "");
    }

    #[test]
    fn public_key_refuses_ec_certificates() {
        let ec = &load_fixture("ec-cert.pem").certificates[0];
        let err = public_key(ec).unwrap_err();
        assert!(err.to_string().ends_with("expected an RSA public key, found an elliptic-curve (EC) key; keysmith handles RSA keys"), "{err}");
    }

    /// Issue 11: the certificate's key is decoded from its SPKI, not re-sniffed.
    #[test]
    fn issue_11_public_key_is_the_certificates_spki() {
        let c = &load_fixture("client.pem").certificates[0];
        let public = public_key(c).unwrap();
        assert_eq!(
            crate::key::spki_der(&public).unwrap(),
            c.spki_der().unwrap()
        );
    }
}
