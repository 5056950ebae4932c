//! The `inspect` report of a certificate: names, validity, key, extensions and
//! thumbprints, from a full `x509-parser` parse.

use serde::Serialize;
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::GeneralName;
use x509_parser::public_key::PublicKey as ParsedKey;

use super::{Certificate, HashAlgorithm, Thumbprint, name};
use crate::error::{Error, Expected, InputError, Origin, Result};
use crate::key::KeyAlgorithm;
use crate::time::Timestamp;

/// What `inspect` reports about a certificate (its JSON field names are the
/// SPEC's; the JSON is tagged `"kind": "certificate"`).
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename = "certificate")]
pub struct CertificateSummary {
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
    /// [`Error::Input`] with [`InputError::MalformedDer`] when the certificate
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
        .map_err(|_| Error::unexpected(origin, Expected::Certificate, InputError::MalformedDer))?;
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

    #[test]
    fn serial_hex_matches_openssl() {
        assert_eq!(serial_hex(&[0]), "00");
        assert_eq!(serial_hex(&[0x00, 0x8f, 0x01]), "8F01");
        assert_eq!(serial_hex(&[0x10, 0x01]), "1001");
        assert_eq!(serial_hex(&[]), "");
    }
}
