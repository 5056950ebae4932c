//! `keysmith check`: does a private key belong with a certificate or public key,
//! and is the certificate usable for signing now?
//!
//! Each relation is one [`ConsistencyCheck`] (a name, a verdict and a sentence saying why);
//! a [`Report`] is the list of them, made by [`key_against`] from what the key
//! is checked against (a certificate, a public key, a token that must verify
//! with the key). A failed check is data, not an error: errors are for inputs
//! that cannot be read.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::{Certificate, CertificateSummary};
use crate::error::{Origin, Result};
use crate::key::{AnyPrivateKey, AnyPublicKey, CurvePublicKey};
use crate::time::Timestamp;

/// One relation checked, with its verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConsistencyCheck {
    /// What was checked, e.g. `key-matches-certificate`.
    pub name: &'static str,
    /// Whether it holds.
    pub ok: bool,
    /// Why, in one sentence.
    pub detail: String,
}

/// The checks made, in order. Serialises as `{"ok": bool, "checks": [...]}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    checks: Vec<ConsistencyCheck>,
}

impl Report {
    /// An empty report.
    pub(crate) fn new() -> Report {
        Report::default()
    }

    /// Appends a check.
    pub(crate) fn push(&mut self, check: ConsistencyCheck) {
        self.checks.push(check);
    }

    /// The checks, in the order they were made.
    pub fn checks(&self) -> &[ConsistencyCheck] {
        &self.checks
    }

    /// Every check holds (and there is at least one).
    pub fn is_ok(&self) -> bool {
        !self.checks.is_empty() && self.checks.iter().all(|c| c.ok)
    }
}

impl Serialize for Report {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("Report", 2)?;
        out.serialize_field("ok", &self.is_ok())?;
        out.serialize_field("checks", &self.checks)?;
        out.end()
    }
}

/// `key-matches-certificate`: the certificate carries this private key's public
/// key (for an EC or Ed25519 key: the same point).
pub(crate) fn key_matches_certificate(
    key: &AnyPrivateKey,
    certificate: &Certificate,
) -> ConsistencyCheck {
    let name = "key-matches-certificate";
    let subject = certificate.subject();
    let ok = match key {
        AnyPrivateKey::Rsa(key) => match super::public_key(certificate) {
            Ok(public) => public == key.to_public_key(),
            Err(_) => {
                let algorithm = certificate.parsed().map_or_else(
                    |_| "unreadable".to_owned(),
                    |parsed| super::key_description(&parsed).0.to_string(),
                );
                return ConsistencyCheck {
                    name,
                    ok: false,
                    detail: format!(
                        "the certificate ({subject}) has an {algorithm} public key; the private key is RSA"
                    ),
                };
            }
        },
        AnyPrivateKey::Curve(key) => {
            let theirs = certificate
                .spki_der()
                .ok()
                .and_then(|der| CurvePublicKey::from_spki_der(&der).ok());
            theirs.as_ref() == Some(&key.public_key())
        }
    };
    ConsistencyCheck {
        name,
        ok,
        detail: if ok {
            format!("the certificate ({subject}) holds this private key's public key")
        } else {
            format!(
                "the certificate ({subject}) holds a different public key than this private key's"
            )
        },
    }
}

/// `key-matches-public-key`: the public key is this private key's.
pub(crate) fn key_matches_public_key(
    key: &AnyPrivateKey,
    public: &AnyPublicKey,
) -> ConsistencyCheck {
    let ok = key.public_key() == *public;
    ConsistencyCheck {
        name: "key-matches-public-key",
        ok,
        detail: if ok {
            "the public key is this private key's".to_owned()
        } else {
            "the public key belongs to a different private key".to_owned()
        },
    }
}

/// `certificate-valid`: `now` lies within the certificate's validity period.
///
/// # Errors
/// As [`CertificateSummary::new`], when the certificate does not parse.
pub(crate) fn validity(certificate: &Certificate, now: Timestamp) -> Result<ConsistencyCheck> {
    let s = CertificateSummary::new(certificate, now)?;
    let (ok, detail) = if s.expired {
        (false, format!("expired on {}", s.not_after.describe(now)))
    } else if s.not_yet_valid {
        (
            false,
            format!("not valid before {}", s.not_before.describe(now)),
        )
    } else {
        (
            true,
            format!(
                "valid from {} until {}",
                s.not_before.to_rfc3339(),
                s.not_after.describe(now)
            ),
        )
    };
    Ok(ConsistencyCheck {
        name: "certificate-valid",
        ok,
        detail,
    })
}

/// `digital-signature`: the keyUsage extension allows digitalSignature. A
/// certificate without keyUsage allows every usage (RFC 5280 §4.2.1.3), and the
/// detail says so.
///
/// # Errors
/// As [`CertificateSummary::new`], when the certificate does not parse.
pub(crate) fn digital_signature(certificate: &Certificate) -> Result<ConsistencyCheck> {
    let parsed = certificate.parsed()?;
    let (ok, detail) = match super::key_usage(&parsed, certificate.origin())? {
        None => (
            true,
            "no keyUsage extension, so every usage is allowed (RFC 5280)".to_owned(),
        ),
        Some(bits) if bits.contains(&"digitalSignature") => (
            true,
            format!("keyUsage allows digitalSignature ({})", bits.join(", ")),
        ),
        Some(bits) if bits.is_empty() => (false, "keyUsage is empty".to_owned()),
        Some(bits) => (
            false,
            format!(
                "keyUsage is {}; digitalSignature is not allowed",
                bits.join(", ")
            ),
        ),
    };
    Ok(ConsistencyCheck {
        name: "digital-signature",
        ok,
        detail,
    })
}

/// Checks a private key against what it should belong with, in this order:
/// a `certificate` (three checks: `key-matches-certificate`,
/// `certificate-valid` at `now`, `digital-signature`), a `public_key`
/// (`key-matches-public-key`) and a `token` that must verify with the key
/// (`token-verifies`: its signature and time claims at `now`, no leeway). The key came from
/// `key_origin`, named if it is refused. With none of the three the report is
/// empty, and not ok.
///
/// # Errors
/// As [`CertificateSummary::new`], when the certificate does not parse; as
/// a key that cannot verify JWTs at all (under 2048 bits) when a token is given.
///
/// # Example
/// ```
/// use keysmith::{cert, input::Input, key, time::Timestamp};
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata");
/// let certificate = cert::load(&Input::read(format!("{dir}/client-nodigsig.pem"))?, None)?.certificates.remove(0);
/// let input = Input::read(format!("{dir}/rsa2048-pkcs8.pem"))?;
/// let private = key::load_private(&input, None)?.key;
/// let now = Timestamp::from_unix(1_800_000_000);
/// let report = cert::check::key_against(&private, input.origin(), Some(&certificate), None, None, now)?;
/// let verdicts: Vec<(&str, bool)> = report.checks().iter().map(|c| (c.name, c.ok)).collect();
/// assert_eq!(verdicts, [("key-matches-certificate", true), ("certificate-valid", true), ("digital-signature", false)]);
/// assert!(!report.is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn key_against(
    key: &AnyPrivateKey,
    key_origin: &Origin,
    certificate: Option<&Certificate>,
    public_key: Option<&AnyPublicKey>,
    token: Option<&str>,
    now: Timestamp,
) -> Result<Report> {
    let mut report = Report::new();
    if let Some(certificate) = certificate {
        report.push(key_matches_certificate(key, certificate));
        report.push(validity(certificate, now)?);
        report.push(digital_signature(certificate)?);
    }
    if let Some(public) = public_key {
        report.push(key_matches_public_key(key, public));
    }
    if let Some(token) = token {
        report.push(crate::jwt::token_check(
            &key.public_key(),
            key_origin,
            token,
            now,
        )?);
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn certificate(name: &str) -> Certificate {
        super::super::load(&crate::test_fixture::input(name), None)
            .unwrap()
            .certificates
            .remove(0)
    }

    const NOW: Timestamp = Timestamp::from_unix(1_800_000_000);

    /// Issue 13: EC and Ed25519 keys match their certificates, not others.
    #[test]
    fn issue_13_curve_keys_match_their_certificates() {
        let key = |name| {
            crate::key::load_private(&crate::test_fixture::input(name), None)
                .unwrap()
                .key
        };
        for (private, cert, ok) in [
            ("ec-p256-sec1.pem", "ec-cert.pem", true),
            ("ec-p384.pem", "ec-p384-cert.pem", true),
            ("ed25519.pem", "ed25519-cert.pem", true),
            ("ec-p384.pem", "ec-cert.pem", false),
            ("ed25519.pem", "client.pem", false),
        ] {
            let check = key_matches_certificate(&key(private), &certificate(cert));
            assert_eq!(check.ok, ok, "{private} {cert}: {}", check.detail);
        }
    }

    /// Issue 11: an RSA key against a certificate of another RSA key, and
    /// against an EC certificate, is a failed check that says why.
    #[test]
    fn issue_11_key_against_another_certificate_fails_and_says_why() {
        let key = crate::key::load_private(&crate::test_fixture::input("rsa2048b-pkcs8.pem"), None)
            .unwrap()
            .key;
        let origin = Origin::Argument("key");
        let report = key_against(
            &key,
            &origin,
            Some(&certificate("client.pem")),
            None,
            None,
            NOW,
        )
        .unwrap();
        assert_eq!(report.checks().len(), 3);
        assert!(!report.checks()[0].ok);
        let report = key_against(
            &key,
            &origin,
            Some(&certificate("ec-cert.pem")),
            None,
            None,
            NOW,
        )
        .unwrap();
        assert!(
            report.checks()[0]
                .detail
                .contains("has an ec public key; the private key is RSA"),
            "{}",
            report.checks()[0].detail
        );
        let empty = key_against(&key, &origin, None, None, None, NOW).unwrap();
        assert!(empty.checks().is_empty() && !empty.is_ok());
    }

    /// A token signed by the key verifies (one `token-verifies` check); one
    /// signed by another key does not, and the check says why.
    #[test]
    fn issue_11_key_against_a_token() {
        let token =
            std::fs::read_to_string(crate::test_fixture::path("jwt-rs256-valid.txt")).unwrap();
        let now = Timestamp::from_unix(1_790_000_100);
        let origin = Origin::Argument("key");
        let signer =
            crate::key::load_private(&crate::test_fixture::input("rsa2048-pkcs8.pem"), None)
                .unwrap()
                .key;
        let report = key_against(&signer, &origin, None, None, Some(token.trim()), now).unwrap();
        let checks = report.checks();
        assert_eq!(checks.len(), 1);
        assert_eq!(checks[0].name, "token-verifies");
        assert!(report.is_ok(), "{}", checks[0].detail);
        let other =
            crate::key::load_private(&crate::test_fixture::input("rsa2048b-pkcs8.pem"), None)
                .unwrap()
                .key;
        let report = key_against(&other, &origin, None, None, Some(token.trim()), now).unwrap();
        assert!(!report.is_ok());
        assert_eq!(
            report.checks()[0].detail,
            "the token is rejected: bad-signature"
        );
    }

    #[test]
    fn validity_explains_expired_and_not_yet_valid() {
        let c = validity(&certificate("client-expired.pem"), NOW).unwrap();
        assert_eq!(
            (c.ok, c.detail.as_str()),
            (false, "expired on 2021-01-01T00:00:00Z, 6 years ago")
        );
        let c = validity(&certificate("client-notyet.pem"), NOW).unwrap();
        assert_eq!(
            (c.ok, c.detail.as_str()),
            (false, "not valid before 2035-01-01T00:00:00Z, in 7 years")
        );
        let c = validity(&certificate("client.pem"), NOW).unwrap();
        assert!(c.ok, "{}", c.detail);
    }

    #[test]
    fn report_serialises_verdict_and_checks() {
        let mut report = Report::new();
        assert!(!report.is_ok());
        report.push(ConsistencyCheck {
            name: "x",
            ok: true,
            detail: "fine".to_owned(),
        });
        assert_eq!(
            serde_json::to_string(&report).unwrap(),
            r#"{"ok":true,"checks":[{"name":"x","ok":true,"detail":"fine"}]}"#
        );
    }
}
