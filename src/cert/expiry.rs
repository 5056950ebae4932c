//! Will a certificate expire soon? What `openssl x509 -checkend` and `step
//! certificate needs-renewal` answer, for each certificate of a file.
//!
//! A certificate "expires within" a duration when its notAfter is at most that
//! many seconds after `now` (an expired one does too): `openssl x509 -checkend N`
//! says "will expire" when notAfter == now + N. The verdict is data, not
//! an error; the caller maps "any expires within" to its exit code.
//!
//! Invariant: `now` is an argument; nothing here reads the clock.

use serde::Serialize;

use super::{Certificate, HashAlgorithm, Thumbprint};
use crate::error::Result;
use crate::time::Timestamp;

/// Where a certificate stands against a renewal horizon.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExpiryStatus {
    /// Valid past the horizon.
    Ok,
    /// Still valid, but expires within the horizon.
    ExpiresSoon,
    /// Already expired.
    Expired,
}

/// The expiry verdict for one certificate (its JSON field names; the JSON
/// adds `"ok"`, `true` when the status is [`ExpiryStatus::Ok`]).
#[derive(Clone, Debug)]
pub struct Expiry {
    /// The certificate's subject, RFC 4514.
    pub subject: String,
    /// Its SHA-1 thumbprint.
    pub sha1: Thumbprint,
    /// The last second it is valid.
    pub not_after: Timestamp,
    /// Seconds from `now` to notAfter (negative once expired).
    pub seconds_left: i64,
    /// The verdict.
    pub status: ExpiryStatus,
}

impl Serialize for Expiry {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = s.serialize_struct("Expiry", 6)?;
        out.serialize_field("subject", &self.subject)?;
        out.serialize_field("sha1", &self.sha1)?;
        out.serialize_field("not_after", &self.not_after)?;
        out.serialize_field("seconds_left", &self.seconds_left)?;
        out.serialize_field("status", &self.status)?;
        out.serialize_field("ok", &(self.status == ExpiryStatus::Ok))?;
        out.end()
    }
}

/// Judges `certificate` at `now` against a horizon of `within` seconds.
///
/// # Errors
/// [`crate::Error::Input`] when the certificate does not parse as X.509.
///
/// # Example
/// ```
/// use keysmith::cert::{self, ExpiryStatus};
/// use keysmith::{input::Input, time::Timestamp};
/// let input = Input::read(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/client.pem"))?;
/// let leaf = &cert::load(&input, None)?.certificates[0];
/// let now = Timestamp::from_unix(1_800_000_000);
/// let verdict = cert::expiry(leaf, now, 30 * 86_400)?;
/// assert_eq!(verdict.status, ExpiryStatus::Ok);
/// let far = cert::expiry(leaf, now, 100 * 365 * 86_400)?;
/// assert_eq!(far.status, ExpiryStatus::ExpiresSoon);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn expiry(certificate: &Certificate, now: Timestamp, within: i64) -> Result<Expiry> {
    let parsed = certificate.parsed()?;
    let not_after = Timestamp::from_unix(parsed.validity().not_after.timestamp());
    let seconds_left = not_after.as_unix().saturating_sub(now.as_unix());
    let status = if now > not_after {
        ExpiryStatus::Expired
    } else if seconds_left <= within {
        ExpiryStatus::ExpiresSoon
    } else {
        ExpiryStatus::Ok
    };
    Ok(Expiry {
        subject: certificate.subject().to_owned(),
        sha1: certificate.thumbprint(HashAlgorithm::Sha1),
        not_after,
        seconds_left,
        status,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Input;

    fn leaf() -> Certificate {
        let path = format!("{}/testdata/client.pem", env!("CARGO_MANIFEST_DIR"));
        let input = Input::read(path).unwrap();
        super::super::load(&input, None)
            .unwrap()
            .certificates
            .remove(0)
    }

    /// The boundary is the one `openssl x509 -checkend N` draws: "will expire"
    /// when notAfter <= now + N.
    #[test]
    fn expiry_boundary_is_inclusive_like_checkend() {
        let leaf = leaf();
        let not_after = expiry(&leaf, Timestamp::from_unix(0), 0).unwrap().not_after;
        let now = Timestamp::from_unix(not_after.as_unix() - 100);
        assert_eq!(expiry(&leaf, now, 99).unwrap().status, ExpiryStatus::Ok);
        assert_eq!(
            expiry(&leaf, now, 100).unwrap().status,
            ExpiryStatus::ExpiresSoon
        );
        let after = Timestamp::from_unix(not_after.as_unix() + 1);
        let verdict = expiry(&leaf, after, 0).unwrap();
        assert_eq!(verdict.status, ExpiryStatus::Expired);
        assert_eq!(verdict.seconds_left, -1);
        let json = serde_json::to_value(&verdict).unwrap();
        assert_eq!(
            (&json["status"], &json["ok"]),
            (&"expired".into(), &false.into())
        );
    }
}
