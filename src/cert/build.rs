//! Certificates keysmith issues: self-signed ones (sandboxes, mutual-TLS tests,
//! a small test CA) and ones a test CA issues from a certificate signing request.
//!
//! Built with `x509-cert`'s `CertificateBuilder` and a profile of our own
//! (a [`Validity`] and a [`Role`]), signed through the `signature` traits: RSA PKCS#1 v1.5 with
//! SHA-256, ECDSA with the curve's hash, or Ed25519. Every certificate is
//! version 3 with a random positive 128-bit serial, subject and authority key identifiers (SHA-1 of the public key bits,
//! RFC 5280 §4.2.1.2 method 1; the authority's is taken from the CA certificate
//! when it has one), a critical basicConstraints (`CA:TRUE`, with the path
//! length when given, for a CA), a critical keyUsage (digitalSignature, and
//! keyEncipherment for an RSA key; keyCertSign and cRLSign for a CA) and, for
//! an end entity, an
//! extendedKeyUsage of clientAuth and/or serverAuth.
//!
//! Refuses: a validity of zero days or one that ends before it starts, a request
//! whose signature does not verify (or cannot be checked), a CA certificate that
//! is not a CA's, and a CA key that is not the CA certificate's.
//!
//! Invariant: `now` is an argument; nothing here reads the clock.

use der::asn1::{ObjectIdentifier, OctetString};
use der::flagset::FlagSet;
use der::{Decode, Encode};
use x509_cert::builder::profile::BuilderProfile;
use x509_cert::builder::{Builder, CertificateBuilder};
use x509_cert::certificate::TbsCertificate;
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages,
    SubjectKeyIdentifier,
};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::{SubjectPublicKeyInfo, SubjectPublicKeyInfoRef};
use x509_cert::time::{Time, Validity as X509Validity};

use super::Certificate;
use super::dn::DistinguishedName;
use super::request::{CertificateRequest, RequestSignature, alt_name_extension};
use super::san::AltName;
use super::signer::{self, Signer};
use crate::error::{Error, Expected, InputError, Invalid, Origin, RequestError, Result};
use crate::key::AnyPrivateKey;
use crate::time::Timestamp;

const SECONDS_PER_DAY: i64 = 86_400;

/// 9999-12-31T23:59:59Z, the last time an X.509 GeneralizedTime can hold.
const LAST_X509_TIME: Timestamp = Timestamp::from_unix(253_402_300_799);

/// When a certificate is valid: from `not_before` to `not_after`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Validity {
    not_before: Timestamp,
    not_after: Timestamp,
}

impl Validity {
    /// Valid from `now` for `days` days.
    ///
    /// # Errors
    /// [`Error::Invalid`] with [`Invalid::Days`] (naming `origin`) for zero days.
    ///
    /// # Example
    /// ```
    /// use keysmith::cert::Validity;
    /// use keysmith::{time::Timestamp, Origin};
    /// let now = Timestamp::from_unix(0);
    /// let year = Validity::days(now, 365, &Origin::Argument("days"))?;
    /// assert_eq!(year, Validity::until(now, Timestamp::from_unix(365 * 86_400), &Origin::Argument("not after"))?);
    /// assert!(Validity::days(Timestamp::from_unix(0), 0, &Origin::Argument("days")).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn days(now: Timestamp, days: u32, origin: &Origin) -> Result<Validity> {
        if days == 0 {
            return Err(Error::Invalid {
                origin: origin.clone(),
                reason: Invalid::Days,
            });
        }
        Validity::until(
            now,
            now.add_seconds(i64::from(days).saturating_mul(SECONDS_PER_DAY)),
            origin,
        )
    }

    /// Valid from `now` until `not_after`.
    ///
    /// # Errors
    /// [`Error::Invalid`] with [`Invalid::ValidityOrder`] (naming `origin`) when
    /// `not_after` is not later than `now`, with [`Invalid::ValidityRange`] when
    /// it is after 9999-12-31T23:59:59Z (the last time X.509 can encode).
    pub fn until(now: Timestamp, not_after: Timestamp, origin: &Origin) -> Result<Validity> {
        if not_after > LAST_X509_TIME {
            return Err(Error::Invalid {
                origin: origin.clone(),
                reason: Invalid::ValidityRange,
            });
        }
        if not_after <= now {
            return Err(Error::Invalid {
                origin: origin.clone(),
                reason: Invalid::ValidityOrder,
            });
        }
        Ok(Validity {
            not_before: now,
            not_after,
        })
    }

    fn to_x509(self) -> Option<X509Validity> {
        let time = |t: Timestamp| {
            let seconds = u64::try_from(t.as_unix()).ok()?;
            let date =
                der::DateTime::from_unix_duration(std::time::Duration::from_secs(seconds)).ok()?;
            Some(Time::from(date))
        };
        Some(X509Validity::new(
            time(self.not_before)?,
            time(self.not_after)?,
        ))
    }
}

/// What a certificate is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A CA that signs certificates (`CA:TRUE`, keyCertSign), with an optional
    /// path length constraint.
    Ca {
        /// How many intermediate CAs may follow (`pathlen`).
        path_length: Option<u8>,
    },
    /// A TLS client (extendedKeyUsage clientAuth).
    Client,
    /// A TLS server (extendedKeyUsage serverAuth).
    Server,
    /// Both a TLS client and a server (clientAuth and serverAuth).
    ClientAndServer,
}

/// `x509-cert`'s side of a [`Validity`] and a [`Role`]: names and extensions.
struct Extensions<'a> {
    subject: Name,
    issuer: Name,
    role: Role,
    alt_names: Option<Extension>,
    /// The authority key identifier from the CA certificate, if it has one.
    authority_key_id: Option<&'a [u8]>,
}

impl BuilderProfile for Extensions<'_> {
    fn get_issuer(&self, _subject: &Name) -> Name {
        self.issuer.clone()
    }

    fn get_subject(&self) -> Name {
        self.subject.clone()
    }

    fn build_extensions(
        &self,
        spk: SubjectPublicKeyInfoRef<'_>,
        issuer_spk: SubjectPublicKeyInfoRef<'_>,
        _tbs: &TbsCertificate,
    ) -> x509_cert::builder::Result<Vec<Extension>> {
        let ca = matches!(self.role, Role::Ca { .. });
        let mut extensions = Vec::with_capacity(6);
        let basic = match self.role {
            Role::Ca { path_length } => BasicConstraints {
                ca: true,
                path_len_constraint: path_length,
            },
            _ => BasicConstraints {
                ca: false,
                path_len_constraint: None,
            },
        };
        extensions.push(extension(BASIC_CONSTRAINTS, true, &basic)?);
        // keyEncipherment only for RSA keys (TLS 1.2 RSA key exchange); an EC or
        // Ed25519 key cannot encipher (RFC 8410 §5 forbids it for Ed25519).
        let usage: FlagSet<KeyUsages> = if ca {
            KeyUsages::DigitalSignature | KeyUsages::KeyCertSign | KeyUsages::CRLSign
        } else if spk.algorithm.oid == RSA_ENCRYPTION {
            KeyUsages::DigitalSignature | KeyUsages::KeyEncipherment
        } else {
            KeyUsages::DigitalSignature.into()
        };
        extensions.push(extension(KEY_USAGE, true, &KeyUsage(usage))?);
        let purposes = match self.role {
            Role::Ca { .. } => vec![],
            Role::Client => vec![CLIENT_AUTH],
            Role::Server => vec![SERVER_AUTH],
            Role::ClientAndServer => vec![SERVER_AUTH, CLIENT_AUTH],
        };
        if !purposes.is_empty() {
            extensions.push(extension(
                EXTENDED_KEY_USAGE,
                false,
                &ExtendedKeyUsage(purposes),
            )?);
        }
        let subject_key_id = SubjectKeyIdentifier::try_from(spk)?;
        extensions.push(extension(SUBJECT_KEY_ID, false, &subject_key_id)?);
        let authority_key_id = match self.authority_key_id {
            Some(id) => OctetString::new(id)?,
            None => SubjectKeyIdentifier::try_from(issuer_spk)?.0,
        };
        let authority = AuthorityKeyIdentifier {
            key_identifier: Some(authority_key_id),
            authority_cert_issuer: None,
            authority_cert_serial_number: None,
        };
        extensions.push(extension(AUTHORITY_KEY_ID, false, &authority)?);
        if let Some(alt_names) = &self.alt_names {
            extensions.push(alt_names.clone());
        }
        Ok(extensions)
    }
}

const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const BASIC_CONSTRAINTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.19");
const KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.15");
const EXTENDED_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.37");
const SUBJECT_KEY_ID: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.14");
const AUTHORITY_KEY_ID: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.35");
const SUBJECT_ALT_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.17");
const SERVER_AUTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.1");
const CLIENT_AUTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.2");

fn extension(id: ObjectIdentifier, critical: bool, value: &impl Encode) -> der::Result<Extension> {
    Ok(Extension {
        extn_id: id,
        critical,
        extn_value: OctetString::new(value.to_der()?)?,
    })
}

/// A random positive serial of 128 bits (16 bytes, the first non-zero).
fn serial() -> Result<SerialNumber> {
    let mut rng = rand::rng();
    SerialNumber::generate_with_prefix(&[], 16, &mut rng).map_err(|_| Error::Crypto {
        operation: "making a serial number",
    })
}

fn issue(
    extensions: Extensions<'_>,
    validity: Validity,
    subject_key: SubjectPublicKeyInfo<der::asn1::Any, der::asn1::BitString>,
    signer: &Signer<'_>,
) -> Result<Certificate> {
    let failed = || signer::failed("issuing the certificate");
    let validity = validity.to_x509().ok_or(Error::Invalid {
        origin: Origin::Argument("validity"),
        reason: Invalid::ValidityOrder,
    })?;
    let builder = CertificateBuilder::new(extensions, serial()?, validity, subject_key)
        .map_err(|_| failed())?;
    let certificate = builder
        .build::<_, signer::Signature>(signer)
        .map_err(|_| failed())?;
    let der = certificate.to_der().map_err(|_| failed())?;
    Certificate::from_der_vec(der, Origin::Argument("certificate"))
}

/// Makes a certificate for `key`, signed by `key` itself: issuer = subject,
/// valid for `validity`, for `role`.
///
/// # Errors
/// [`Error::Crypto`] when signing or encoding fails.
///
/// # Example
/// ```
/// use keysmith::cert::{self, DistinguishedName, Role, Validity};
/// use keysmith::{input::Input, key, time::Timestamp, Origin};
/// let input = Input::read(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/rsa2048-pkcs8.pem"))?;
/// let key = key::load_private(&input, None)?.key;
/// let subject: DistinguishedName = "CN=sandbox.example.com".parse()?;
/// let now = Timestamp::from_unix(1_800_000_000);
/// let validity = Validity::days(now, 30, &Origin::Argument("days"))?;
/// let certificate = cert::self_signed(&key, &subject, &[], validity, Role::ClientAndServer)?;
/// assert_eq!(certificate.subject(), "CN=sandbox.example.com");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn self_signed(
    key: &AnyPrivateKey,
    subject: &DistinguishedName,
    alt_names: &[AltName],
    validity: Validity,
    role: Role,
) -> Result<Certificate> {
    let signer = Signer::new(key)?;
    let spki = SubjectPublicKeyInfo::from_der(signer.spki_der())
        .map_err(|_| signer::failed("encoding the public key"))?;
    let extensions = Extensions {
        subject: subject.as_name().clone(),
        issuer: subject.as_name().clone(),
        role,
        alt_names: alt_name_extension(alt_names)?,
        authority_key_id: None,
    };
    issue(extensions, validity, spki, &signer)
}

/// Issues a certificate for `request` from a test CA: `ca_certificate` and its
/// private key `ca_key`, valid for `validity`, for `role`. The subject and the subjectAltName come from the
/// request; every other requested extension is the CA's to decide and is left out.
///
/// # Errors
/// [`Error::Request`] with [`RequestError::BadSignature`] when the request's
/// signature does not verify, or [`RequestError::UnsupportedSignature`] when
/// keysmith cannot check it (so the requester's hold of the key is unproven);
/// [`Error::Invalid`] with [`Invalid::CaKeyMismatch`] (naming `ca_key_origin`)
/// when `ca_key` is not the key of `ca_certificate`, and [`Invalid::NotCa`]
/// when `ca_certificate` is not a CA's (basicConstraints `CA:TRUE`, and
/// keyCertSign when it has a keyUsage).
pub fn sign_request(
    request: &CertificateRequest,
    ca_certificate: &Certificate,
    ca_key: &AnyPrivateKey,
    ca_key_origin: &Origin,
    validity: Validity,
    role: Role,
) -> Result<Certificate> {
    match request.verify() {
        RequestSignature::Valid => {}
        RequestSignature::Invalid => {
            return Err(Error::unexpected(
                request.origin(),
                Expected::CertificateRequest,
                RequestError::BadSignature,
            ));
        }
        RequestSignature::Unsupported => {
            return Err(Error::unexpected(
                request.origin(),
                Expected::CertificateRequest,
                RequestError::UnsupportedSignature,
            ));
        }
    }
    let malformed_ca = || {
        Error::unexpected(
            ca_certificate.origin(),
            Expected::Certificate,
            InputError::MalformedDer,
        )
    };
    let ca =
        x509_cert::Certificate::from_der(ca_certificate.as_der()).map_err(|_| malformed_ca())?;
    let is_ca = ca
        .tbs_certificate()
        .get_extension::<BasicConstraints>()
        .ok()
        .flatten()
        .is_some_and(|(_, basic)| basic.ca);
    let may_sign = ca
        .tbs_certificate()
        .get_extension::<KeyUsage>()
        .ok()
        .flatten()
        .is_none_or(|(_, usage)| usage.key_cert_sign());
    if !is_ca || !may_sign {
        return Err(Error::Invalid {
            origin: ca_certificate.origin().clone(),
            reason: Invalid::NotCa,
        });
    }
    let ca_spki = ca
        .tbs_certificate()
        .subject_public_key_info()
        .to_der()
        .map_err(|_| malformed_ca())?;
    let signer = Signer::new(ca_key)?;
    if signer.spki_der() != ca_spki.as_slice() {
        return Err(Error::Invalid {
            origin: ca_key_origin.clone(),
            reason: Invalid::CaKeyMismatch,
        });
    }
    let ca_key_id = ca
        .tbs_certificate()
        .get_extension::<SubjectKeyIdentifier>()
        .ok()
        .flatten()
        .map(|(_, id)| id.0.as_bytes().to_vec());
    let requested_alt_names = request
        .requested_extensions()
        .into_iter()
        .find(|e| e.extn_id == SUBJECT_ALT_NAME)
        .map(|e| Extension {
            critical: false,
            ..e
        });
    let extensions = Extensions {
        subject: request.as_request().info.subject.clone(),
        issuer: ca.tbs_certificate().subject().clone(),
        role,
        alt_names: requested_alt_names,
        authority_key_id: ca_key_id.as_deref(),
    };
    let subject_key = request.as_request().info.public_key.clone();
    issue(extensions, validity, subject_key, &signer)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The last second X.509 can encode is a valid end; one more is out of
    /// range, not "earlier than the start".
    #[test]
    fn validity_ends_at_9999_12_31() {
        let origin = Origin::Argument("validity");
        let now = Timestamp::from_unix(1_800_000_000);
        let last = Validity::until(now, LAST_X509_TIME, &origin).unwrap();
        assert!(last.to_x509().is_some());
        for end in [
            LAST_X509_TIME.add_seconds(1),
            Timestamp::from_unix(9_999_999_999_999),
        ] {
            let err = Validity::until(now, end, &origin).unwrap_err();
            assert!(
                matches!(
                    err,
                    Error::Invalid {
                        reason: Invalid::ValidityRange,
                        ..
                    }
                ),
                "{err}"
            );
        }
        let err = Validity::days(now, u32::MAX, &origin).unwrap_err();
        assert!(matches!(
            err,
            Error::Invalid {
                reason: Invalid::ValidityRange,
                ..
            }
        ));
    }
}
