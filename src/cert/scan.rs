//! Certificates one at a time: [`scan_file`] (and, for an input already read,
//! `scan`) shows each certificate of an input (PEM bundle, DER, PKCS#12) in
//! file order, with one decoded at a time, so that the thumbprints of a large
//! bundle never hold it all.
//!
//! Refuses an input without certificates, naming what it holds instead.

use super::{
    Container, HashAlgorithm, LoadedCertificates, Thumbprint, is_certificate_label, name, pkcs12,
};
use crate::error::{Error, Expected, InputError, Origin, Result};
use crate::input::{self, Block, Input, Sniffed};
use crate::key;
use crate::secret::Secret;

/// One certificate as [`scan_file`] shows it, borrowed for the duration of one call.
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

/// [`load`](super::load) one certificate at a time: calls `visit` with each certificate in
/// file order, so that a bundle of any size is read with one certificate
/// decoded at a time (the thumbprints of a large bundle never hold it all).
///
/// # Errors
/// As [`load`](super::load); an error from `visit` stops the scan and is returned as is.
/// Certificates visited before an error stay visited.
pub(crate) fn scan(
    input: &Input,
    passphrase: Option<&Secret>,
    visit: impl FnMut(Seen<'_>) -> Result<()>,
) -> Result<LoadedCertificates<()>> {
    let run = |blocks: &mut dyn FnMut(Block<'_>) -> Result<()>| {
        input::scan(input, Expected::Certificate, blocks)
    };
    match scan_with(input.origin(), passphrase, run, visit)? {
        Ok(scanned) => Ok(scanned),
        Err(NoCertificate { first_label }) => Err(not_a_certificate(input, first_label)),
    }
}

/// [`load`](super::load) of a file (or `-`) one certificate at a time: calls
/// `visit` with each certificate in file order. A large PEM bundle is read and
/// decoded a window at a time, never whole, so
/// that the thumbprints of a bundle of any size never hold it all. What it
/// returns says what held the certificates, which were shown to `visit`.
///
/// # Errors
/// As [`Input::read`] and [`load`](super::load); an error from `visit` stops
/// the scan and is returned as is. Certificates visited before an error stay
/// visited.
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
) -> Result<LoadedCertificates<()>> {
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

/// The scan behind `scan` and [`scan_file`]: `run` shows the blocks.
fn scan_with(
    origin: &Origin,
    passphrase: Option<&Secret>,
    run: impl FnOnce(&mut dyn FnMut(Block<'_>) -> Result<()>) -> Result<Sniffed<()>>,
    visit: impl FnMut(Seen<'_>) -> Result<()>,
) -> Result<std::result::Result<LoadedCertificates<()>, NoCertificate>> {
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
        let malformed =
            || Error::unexpected(origin, Expected::Certificate, InputError::MalformedDer);
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
            return Err(Error::unexpected(
                origin,
                Expected::Certificate,
                InputError::Jwt,
            ));
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
    Ok(Ok(LoadedCertificates {
        certificates: (),
        container,
        repairs,
    }))
}

/// The error for an input without certificates: what it holds instead.
fn not_a_certificate(input: &Input, first_label: Option<String>) -> Error {
    let expected = Expected::Certificate;
    let holds = |found| Error::unexpected(input.origin(), expected, found);
    let by_label = || match first_label {
        Some(label) => holds(InputError::PemLabel(label)),
        None => holds(InputError::MalformedDer),
    };
    match key::load_rsa(input, None) {
        Ok(loaded) if matches!(loaded.key, key::Key::Private(_)) => holds(InputError::PrivateKey),
        Ok(_) => holds(InputError::PublicKey),
        Err(Error::NeedsPassphrase { .. }) => holds(InputError::PrivateKey),
        Err(Error::Input {
            found: InputError::MalformedDer,
            ..
        }) => by_label(),
        Err(e) => e.expecting(expected).unwrap_or_else(by_label),
    }
}
