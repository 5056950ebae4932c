//! What partners' requests need: HTTP Basic credentials and the Paymentsgate
//! service-account payload.
//!
//! The Paymentsgate body carries only a public key: [`paymentsgate_payload`] is
//! given bytes produced by [`crate::key::convert`], never a private key.
//! Basic credentials ([`basic_auth`]) are as secret as the password, so they are
//! returned in a zeroizing buffer.

use serde::Serialize;
use zeroize::Zeroizing;

use crate::codec::{self, Base64Variant};
use crate::error::{Error, Invalid, Origin, Result};
use crate::secret::Secret;

/// The Paymentsgate service-account token request body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PaymentsgatePayload {
    /// The account id the partner issued.
    pub account_id: String,
    /// Base64 (standard, padded) of the SPKI public key PEM with LF line endings.
    pub public_key: String,
}

/// Builds the Paymentsgate body from the public key PEM bytes.
///
/// # Example
/// ```
/// use keysmith::partner::paymentsgate_payload;
/// let p = paymentsgate_payload("acc-1", b"-----BEGIN PUBLIC KEY-----\n");
/// assert_eq!(p.public_key, "LS0tLS1CRUdJTiBQVUJMSUMgS0VZLS0tLS0K");
/// ```
pub fn paymentsgate_payload(account_id: &str, public_key_pem: &[u8]) -> PaymentsgatePayload {
    PaymentsgatePayload {
        account_id: account_id.to_owned(),
        public_key: codec::base64_encode(public_key_pem, Base64Variant::Standard),
    }
}

/// Something about a Paymentsgate request worth a warning; the payload is built
/// all the same.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub enum PaymentsgateWarning {
    /// The account id is not a UUID, as Paymentsgate's usually are.
    AccountIdNotUuid {
        /// The account id given.
        account_id: String,
    },
    /// The key is smaller than the 2048 bits Paymentsgate asks for.
    SmallKey {
        /// The key's modulus size.
        bits: usize,
    },
}

impl std::fmt::Display for PaymentsgateWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PaymentsgateWarning::AccountIdNotUuid { account_id } => write!(
                f,
                "account id '{}' is not a UUID; Paymentsgate account ids usually are",
                crate::text::Escaped(account_id)
            ),
            PaymentsgateWarning::SmallKey { bits } => {
                write!(f, "{bits}-bit key; Paymentsgate asks for 2048 bits")
            }
        }
    }
}

impl From<PaymentsgateWarning> for String {
    fn from(warning: PaymentsgateWarning) -> String {
        warning.to_string()
    }
}

/// What is worth a warning in a Paymentsgate request for `account_id` and a
/// public key of `bits` bits.
///
/// # Example
/// ```
/// use keysmith::partner::{PaymentsgateWarning, paymentsgate_warnings};
/// let warnings = paymentsgate_warnings("acc-1", 2048);
/// assert_eq!(warnings, [PaymentsgateWarning::AccountIdNotUuid { account_id: "acc-1".into() }]);
/// assert!(paymentsgate_warnings("8c5f6a1e-2b3d-4c5e-9f70-112233445566", 4096).is_empty());
/// ```
pub fn paymentsgate_warnings(account_id: &str, bits: usize) -> Vec<PaymentsgateWarning> {
    let mut warnings = Vec::new();
    if !is_uuid(account_id) {
        warnings.push(PaymentsgateWarning::AccountIdNotUuid {
            account_id: account_id.to_owned(),
        });
    }
    if bits < 2048 {
        warnings.push(PaymentsgateWarning::SmallKey { bits });
    }
    warnings
}

/// The HTTP Basic credentials `Basic base64(user:password)` (RFC 7617).
///
/// The password's bytes are used as they are (RFC 7617 recommends UTF-8); the
/// result is as secret as the password and is wiped when dropped. `origin` is
/// where the user name came from, for the error.
///
/// # Errors
/// [`Error::Invalid`] with [`Invalid::UserWithColon`] when `user` contains `:`,
/// which the receiver could not tell from the separator.
///
/// # Example
/// ```
/// use keysmith::partner::basic_auth;
/// use keysmith::{Origin, Secret};
/// let origin = Origin::Env("USER".into());
/// // RFC 7617 §2's example.
/// let credentials = basic_auth("Aladdin", &Secret::new("open sesame"), &origin)?;
/// assert_eq!(credentials.as_str(), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
/// assert!(basic_auth("a:b", &Secret::new("pw"), &origin).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn basic_auth(user: &str, password: &Secret, origin: &Origin) -> Result<Zeroizing<String>> {
    if user.contains(':') {
        return Err(Error::Invalid {
            origin: origin.clone(),
            reason: Invalid::UserWithColon,
        });
    }
    let mut pair = Zeroizing::new(Vec::with_capacity(user.len() + 1 + password.expose().len()));
    pair.extend_from_slice(user.as_bytes());
    pair.push(b':');
    pair.extend_from_slice(password.expose());
    let mut header = Zeroizing::new(String::with_capacity(6 + pair.len().div_ceil(3) * 4));
    header.push_str("Basic ");
    codec::base64_encode_into(&pair, &mut header);
    Ok(header)
}

/// Whether `id` is a UUID in the usual 8-4-4-4-12 hex form.
pub(crate) fn is_uuid(id: &str) -> bool {
    let groups: Vec<&str> = id.split('-').collect();
    let lengths = [8, 4, 4, 4, 12];
    groups.len() == lengths.len()
        && groups
            .iter()
            .zip(lengths)
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user() -> Origin {
        Origin::Argument("user")
    }

    #[test]
    fn is_uuid_accepts_only_8_4_4_4_12() {
        assert!(is_uuid("123e4567-e89b-12d3-a456-426614174000"));
        assert!(!is_uuid("123e4567e89b12d3a456426614174000"));
        assert!(!is_uuid("acct-42"));
    }

    #[test]
    fn basic_auth_refuses_colon_in_user() {
        let err = basic_auth("client:1", &Secret::new("pw"), &user()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "argument user: a user name must not contain ':' (RFC 7617)"
        );
    }

    /// Issue 11: the library names no flag; the caller says where the user
    /// name came from.
    #[test]
    fn issue_11_basic_auth_names_the_callers_origin() {
        let origin = Origin::Env("PARTNER_USER".into());
        let err = basic_auth("a:b", &Secret::new("pw"), &origin).unwrap_err();
        assert_eq!(
            err.to_string(),
            "environment variable PARTNER_USER: a user name must not contain ':' (RFC 7617)"
        );
    }

    #[test]
    fn basic_auth_keeps_colons_and_bytes_of_the_password() {
        let auth = |u: &str, p: Secret| basic_auth(u, &p, &user()).unwrap().to_string();
        assert_eq!(auth("u", Secret::new("p:w")), "Basic dTpwOnc=");
        assert_eq!(auth("", Secret::new(vec![0xff])), "Basic Ov8=");
        assert_eq!(auth("jürgen", Secret::new("")), "Basic asO8cmdlbjo=");
    }
}
