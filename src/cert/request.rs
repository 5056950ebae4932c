//! PKCS#10 certificate signing requests: make one with a private key
//! (`openssl req -new -key … -subj …`), read one, check its signature, and
//! describe it for `inspect`.
//!
//! Requests are built and parsed with `x509-cert` (its `builder`), signed through
//! the `signature` traits (RSA PKCS#1 v1.5 with SHA-256, ECDSA, Ed25519). Reading accepts a
//! PEM `CERTIFICATE REQUEST` / `NEW CERTIFICATE REQUEST` block or DER.
//!
//! Refuses: inputs holding no request (naming what they hold instead).
//! Invariant: a [`CertificateRequest`] holds DER that parses as a `CertReq`.

use der::asn1::ObjectIdentifier;
use der::{Decode, Encode, EncodePem};
use serde::Serialize;
use x509_cert::builder::{Builder, RequestBuilder};
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::request::CertReq;

use super::dn::DistinguishedName;
use super::san::AltName;
use super::signer;
use crate::algorithm::Sha2;
use crate::error::{Error, Expected, InputError, Origin, Result};
use crate::input::{self, Input, Repair, Sniffed};
use crate::key::{AnyPrivateKey, Curve, CurvePublicKey, KeyAlgorithm, SignatureEncoding};

/// The PEM labels of a request (`NEW …` is what old openssl and Windows write).
const LABELS: [&str; 2] = ["CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"];

/// A PKCS#10 certificate signing request.
#[derive(Clone, Debug)]
pub struct CertificateRequest {
    request: CertReq,
    origin: Origin,
}

/// Whether a request's signature verifies with the key it carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequestSignature {
    /// It verifies.
    Valid,
    /// It does not verify: the request was altered or signed by another key.
    Invalid,
    /// It is made with an algorithm keysmith does not verify (EC, Ed25519, PSS).
    Unsupported,
}

impl CertificateRequest {
    /// Makes a request for `subject` (and `alt_names`, as a requested
    /// subjectAltName extension) signed by `key`: RSA PKCS#1 v1.5 with SHA-256,
    /// ECDSA with the curve's hash (SHA-256/384/512), or Ed25519.
    ///
    /// # Errors
    /// [`Error::Crypto`] when signing or encoding fails.
    ///
    /// # Example
    /// ```
    /// use keysmith::cert::{AltName, CertificateRequest, DistinguishedName, RequestSignature, RequestSummary};
    /// use keysmith::{input::Input, key, Origin};
    /// let input = Input::read(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/rsa2048-pkcs8.pem"))?;
    /// let key = key::load_private(&input, None)?.key;
    /// let subject: DistinguishedName = "CN=client.example.com,O=Example Ltd,C=GB".parse()?;
    /// let san = AltName::parse("dns:client.example.com", &Origin::Argument("alternative name"))?;
    /// let request = CertificateRequest::new(&key, &subject, &[san])?;
    /// assert_eq!(RequestSummary::new(&request).signature, RequestSignature::Valid);
    /// assert!(request.to_pem()?.starts_with("-----BEGIN CERTIFICATE REQUEST-----"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        key: &AnyPrivateKey,
        subject: &DistinguishedName,
        alt_names: &[AltName],
    ) -> Result<CertificateRequest> {
        let failed = || signer::failed("making the certificate request");
        let mut builder = RequestBuilder::new(subject.as_name().clone()).map_err(|_| failed())?;
        if let Some(extension) = alt_name_extension(alt_names)? {
            builder.add_extension(extension).map_err(|_| failed())?;
        }
        let signer = signer::Signer::new(key)?;
        let request = builder
            .build::<_, signer::Signature>(&signer)
            .map_err(|_| failed())?;
        Ok(CertificateRequest {
            request,
            origin: Origin::Argument("certificate request"),
        })
    }

    /// A request from its DER (a library user reads DER with [`load_request`]).
    ///
    /// # Errors
    /// [`Error::Input`] with [`InputError::MalformedDer`] when the bytes are not a request.
    pub(crate) fn from_der(der: &[u8], origin: Origin) -> Result<CertificateRequest> {
        let request = CertReq::from_der(der).map_err(|_| {
            Error::unexpected(
                &origin,
                Expected::CertificateRequest,
                InputError::MalformedDer,
            )
        })?;
        Ok(CertificateRequest { request, origin })
    }

    /// The request as PEM (`CERTIFICATE REQUEST`, LF line ends).
    ///
    /// # Errors
    /// [`Error::Crypto`] when encoding fails.
    pub fn to_pem(&self) -> Result<String> {
        self.request
            .to_pem(der::pem::LineEnding::LF)
            .map_err(|_| Error::Crypto {
                operation: "encoding the certificate request",
            })
    }

    /// Where the request came from.
    pub(crate) fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The subject the request asks for ([`RequestSummary::subject`] as text).
    pub(crate) fn subject(&self) -> DistinguishedName {
        DistinguishedName::from_name(self.request.info.subject.clone())
    }

    /// The DER of the public key the request carries (SubjectPublicKeyInfo).
    pub(crate) fn spki_der(&self) -> Result<Vec<u8>> {
        self.request.info.public_key.to_der().map_err(|_| {
            Error::unexpected(
                &self.origin,
                Expected::CertificateRequest,
                InputError::MalformedDer,
            )
        })
    }

    /// The request's `x509-cert` form, for issuing a certificate from it.
    pub(crate) fn as_request(&self) -> &CertReq {
        &self.request
    }

    /// The extensions the request asks for (`extensionRequest` attributes).
    pub(crate) fn requested_extensions(&self) -> Vec<Extension> {
        self.request
            .info
            .attributes
            .iter()
            .filter(|a| a.oid == EXTENSION_REQUEST)
            .flat_map(|a| a.values.iter())
            .filter_map(|value| value.decode_as::<Vec<Extension>>().ok())
            .flatten()
            .collect()
    }

    /// Whether the signature verifies with the request's own public key
    /// ([`RequestSummary::signature`]).
    ///
    /// RSA PKCS#1 v1.5 with SHA-256, SHA-384 or SHA-512, ECDSA on P-256/384/521
    /// with SHA-256/384/512 and Ed25519 are checked; other algorithms are
    /// [`RequestSignature::Unsupported`].
    pub(crate) fn verify(&self) -> RequestSignature {
        use rsa::pkcs1v15::{Signature, VerifyingKey};
        use rsa::signature::Verifier;
        let (Ok(spki), Ok(signed)) = (self.spki_der(), self.request.info.to_der()) else {
            return RequestSignature::Invalid;
        };
        let Some(signature_bytes) = self.request.signature.as_bytes() else {
            return RequestSignature::Invalid;
        };
        let algorithm = self.request.algorithm.oid.to_string();
        let verified = if let Ok(public) =
            crate::key::public_key_from_spki(&spki, &self.origin, Expected::CertificateRequest)
        {
            let Ok(signature) = Signature::try_from(signature_bytes) else {
                return RequestSignature::Invalid;
            };
            match algorithm.as_str() {
                SHA256_WITH_RSA => VerifyingKey::<sha2::Sha256>::new(public)
                    .verify(&signed, &signature)
                    .is_ok(),
                SHA384_WITH_RSA => VerifyingKey::<sha2::Sha384>::new(public)
                    .verify(&signed, &signature)
                    .is_ok(),
                SHA512_WITH_RSA => VerifyingKey::<sha2::Sha512>::new(public)
                    .verify(&signed, &signature)
                    .is_ok(),
                _ => return RequestSignature::Unsupported,
            }
        } else if let Ok(public) = CurvePublicKey::from_spki_der(&spki) {
            // ECDSA with the hash the algorithm names, on any curve: openssl
            // signs a P-384 request with SHA-256 unless told otherwise.
            let hash = match algorithm.as_str() {
                ECDSA_WITH_SHA256 => Some(Sha2::Sha256),
                ECDSA_WITH_SHA384 => Some(Sha2::Sha384),
                ECDSA_WITH_SHA512 => Some(Sha2::Sha512),
                _ => None,
            };
            let ed25519 = signer::algorithm(Some(Curve::Ed25519)).to_string();
            match (public.curve(), hash) {
                (Curve::Ed25519, None) if algorithm == ed25519 => {
                    public.verify(&signed, signature_bytes, SignatureEncoding::Der)
                }
                (Curve::Ed25519, _) | (_, None) => return RequestSignature::Unsupported,
                (_, Some(hash)) => public.verify_ecdsa_with(hash, &signed, signature_bytes),
            }
        } else {
            return RequestSignature::Unsupported;
        };
        if verified {
            RequestSignature::Valid
        } else {
            RequestSignature::Invalid
        }
    }
}

const SHA256_WITH_RSA: &str = "1.2.840.113549.1.1.11";
const SHA384_WITH_RSA: &str = "1.2.840.113549.1.1.12";
const SHA512_WITH_RSA: &str = "1.2.840.113549.1.1.13";
const ECDSA_WITH_SHA256: &str = "1.2.840.10045.4.3.2";
const ECDSA_WITH_SHA384: &str = "1.2.840.10045.4.3.3";
const ECDSA_WITH_SHA512: &str = "1.2.840.10045.4.3.4";

/// PKCS#9 extensionRequest, the attribute that carries requested extensions.
const EXTENSION_REQUEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.14");

/// The subjectAltName extension for `alt_names`; `None` when there are none.
pub(crate) fn alt_name_extension(alt_names: &[AltName]) -> Result<Option<Extension>> {
    if alt_names.is_empty() {
        return Ok(None);
    }
    let failed = || Error::Crypto {
        operation: "encoding the subject alternative names",
    };
    let names: Vec<GeneralName> = alt_names
        .iter()
        .map(AltName::to_general_name)
        .collect::<Option<_>>()
        .ok_or_else(failed)?;
    let value = SubjectAltName(names).to_der().map_err(|_| failed())?;
    Ok(Some(Extension {
        extn_id: ObjectIdentifier::new_unwrap("2.5.29.17"),
        critical: false,
        extn_value: der::asn1::OctetString::new(value).map_err(|_| failed())?,
    }))
}

/// Loads one certificate signing request (PEM or DER).
///
/// # Errors
/// [`Error::Input`] when the input holds no request (with what it holds
/// instead) or a malformed one.
///
/// # Example
/// ```
/// use keysmith::cert::{self, RequestSignature};
/// use keysmith::input::Input;
/// let input = Input::read(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/csr-rsa2048.pem"))?;
/// let loaded = cert::load_request(&input)?;
/// assert_eq!(cert::RequestSummary::new(&loaded.request).signature, RequestSignature::Valid);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load_request(input: &Input) -> Result<LoadedRequest> {
    let origin = input.origin();
    let Sniffed::Blocks {
        blocks, repairs, ..
    } = input::sniff(input, Expected::CertificateRequest)?
    else {
        return Err(Error::unexpected(
            origin,
            Expected::CertificateRequest,
            InputError::Jwt,
        ));
    };
    let block = match blocks.as_slice() {
        [block] if block.label.is_none() => block,
        _ => blocks
            .iter()
            .find(|b| b.label.as_deref().is_some_and(|l| LABELS.contains(&l)))
            .ok_or_else(|| {
                let found = match blocks.first().and_then(|b| b.label.as_deref()) {
                    Some("CERTIFICATE") => InputError::Certificate,
                    Some(label) => InputError::PemLabel(label.to_owned()),
                    None => InputError::Empty,
                };
                Error::unexpected(origin, Expected::CertificateRequest, found)
            })?,
    };
    Ok(LoadedRequest {
        request: CertificateRequest::from_der(&block.der, origin.clone())?,
        repairs,
    })
}

/// Whether sniffed blocks hold a certificate signing request (for `inspect`).
pub(crate) fn is_request(sniffed: &Sniffed) -> bool {
    let Sniffed::Blocks { blocks, .. } = sniffed else {
        return false;
    };
    // A block whose body is not a request (a key relabelled) is left to the
    // key loader, which names the label it does not handle.
    blocks.iter().any(|b| {
        let labelled = match b.label.as_deref() {
            Some(label) => LABELS.contains(&label),
            None => blocks.len() == 1,
        };
        labelled && CertReq::from_der(&b.der).is_ok()
    })
}

/// A request as it was read.
#[derive(Clone, Debug)]
pub struct LoadedRequest {
    /// The request.
    pub request: CertificateRequest,
    /// Broken forms that were repaired while reading.
    pub repairs: Vec<Repair>,
}

/// What `inspect` reports about a certificate signing request (its JSON is
/// tagged `"kind": "certificate-request"`).
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename = "certificate-request")]
pub struct RequestSummary {
    /// The subject asked for, RFC 4514.
    pub subject: String,
    /// The subject alternative names asked for (`DNS:…`, `IP:…`, `email:…`, `URI:…`).
    pub subject_alt_names: Vec<String>,
    /// The algorithm of the key.
    pub key_algorithm: KeyAlgorithm,
    /// The key size in bits (0 when unknown).
    pub key_bits: usize,
    /// The requested extensions, by name (`subjectAltName`, `keyUsage`, …) or OID.
    pub requested_extensions: Vec<String>,
    /// Whether the signature verifies with the request's key.
    pub signature: RequestSignature,
}

impl RequestSummary {
    /// Describes a request.
    ///
    /// # Example
    /// ```
    /// use keysmith::cert::{self, RequestSummary};
    /// use keysmith::input::Input;
    /// let input = Input::read(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/csr-rsa2048.pem"))?;
    /// let summary = RequestSummary::new(&cert::load_request(&input)?.request);
    /// assert_eq!(summary.subject_alt_names, ["DNS:client.example.com", "IP:192.0.2.10"]);
    /// assert_eq!(summary.key_bits, 2048);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(request: &CertificateRequest) -> RequestSummary {
        let spki = &request.request.info.public_key;
        let key_algorithm = KeyAlgorithm::from_oid(&spki.algorithm.oid.to_string());
        let curve = spki
            .algorithm
            .parameters
            .as_ref()
            .and_then(|p| p.decode_as::<ObjectIdentifier>().ok())
            .map(|oid| oid.to_string());
        let key_bits = match (&key_algorithm, curve.as_deref()) {
            (KeyAlgorithm::Ec, Some("1.2.840.10045.3.1.7" | "1.3.132.0.10")) => 256,
            (KeyAlgorithm::Ec, Some("1.3.132.0.34")) => 384,
            (KeyAlgorithm::Ec, Some("1.3.132.0.35")) => 521,
            (KeyAlgorithm::Ed25519, _) => 256,
            (KeyAlgorithm::Ed448, _) => 456,
            _ => match request.spki_der() {
                Ok(der) => crate::key::public_key_from_spki(
                    &der,
                    &request.origin,
                    Expected::CertificateRequest,
                )
                .map_or(0, |k| crate::key::modulus_bits(&k)),
                Err(_) => 0,
            },
        };
        let extensions = request.requested_extensions();
        let subject_alt_names = extensions
            .iter()
            .filter(|e| e.extn_id.to_string() == "2.5.29.17")
            .filter_map(|e| SubjectAltName::from_der(e.extn_value.as_bytes()).ok())
            .flat_map(|san| san.0)
            .map(|name| general_name_text(&name))
            .collect();
        RequestSummary {
            subject: request.subject().to_string(),
            subject_alt_names,
            key_algorithm,
            key_bits,
            requested_extensions: extensions
                .iter()
                .map(|e| extension_name(&e.extn_id))
                .collect(),
            signature: request.verify(),
        }
    }
}

/// A `GeneralName` as openssl prints it.
fn general_name_text(name: &GeneralName) -> String {
    match name {
        GeneralName::DnsName(n) => format!("DNS:{n}"),
        GeneralName::Rfc822Name(n) => format!("email:{n}"),
        GeneralName::UniformResourceIdentifier(n) => format!("URI:{n}"),
        GeneralName::IpAddress(octets) => {
            let bytes = octets.as_bytes();
            let address = <[u8; 4]>::try_from(bytes)
                .map(|b| std::net::IpAddr::from(b).to_string())
                .or_else(|_| {
                    <[u8; 16]>::try_from(bytes).map(|b| std::net::IpAddr::from(b).to_string())
                })
                .unwrap_or_else(|_| crate::codec::hex_upper(bytes));
            format!("IP:{address}")
        }
        GeneralName::DirectoryName(n) => {
            format!("DirName:{}", DistinguishedName::from_name(n.clone()))
        }
        GeneralName::RegisteredId(oid) => format!("RID:{oid}"),
        _ => "othername".to_owned(),
    }
}

/// An extension's name as RFC 5280 spells it, or its OID.
pub(crate) fn extension_name(oid: &ObjectIdentifier) -> String {
    let text = oid.to_string();
    let name = match text.as_str() {
        "2.5.29.17" => "subjectAltName",
        "2.5.29.15" => "keyUsage",
        "2.5.29.37" => "extendedKeyUsage",
        "2.5.29.19" => "basicConstraints",
        "2.5.29.14" => "subjectKeyIdentifier",
        "2.5.29.35" => "authorityKeyIdentifier",
        _ => return text,
    };
    name.to_owned()
}
