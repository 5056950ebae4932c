//! JSON Web Tokens: decode, verify and sign compact JWS tokens.
//!
//! [`decode`] parses a compact token strictly: exactly three segments,
//! base64url without padding, a JSON object header with an `alg` string, a JSON
//! object payload, no duplicate members, numeric `exp`/`nbf`. It judges nothing:
//! a decoded [`Token`] is only well formed.
//!
//! Invariants of this module:
//! - [`Algorithm`] has no `none` member, so an unsigned token can never verify.
//! - The algorithms a verification allows come from the key: an RSA key allows
//!   RS*/PS*, an HMAC secret HS*. A caller's allow-list can only narrow that set
//!   and the token's header never widens it.
//! - Header parameters that point elsewhere (`jku`, `jwk`, `x5u`) are never
//!   fetched or trusted, and `kid` is only a lookup key, never a path.
//! - The clock is a parameter; nothing here reads the system time.

mod decode;
mod key;
mod sign;
mod verify;

use crate::cert::{Certificate, HashAlgorithm, Thumbprint};
use crate::error::{Expected, Result};
use crate::input::Input;

pub use crate::algorithm::Algorithm;
pub use crate::error::{Malformed, Segment};
#[cfg(test)]
pub(crate) use decode::Jws;
pub(crate) use decode::parse;
pub use decode::{Decoded, Times, Token, decode};
pub(crate) use key::Jwk;
#[cfg(all(test, feature = "aws-lc"))]
pub(crate) use key::Verifying;
pub use key::{KeyLabel, KeyWarning, SigningKey, VerifyingKey};
pub use sign::{Claims, HeaderOptions, parse_duration, sign};
pub(crate) use verify::token_check;
pub use verify::{CheckStatus, ClaimCheck, Policy, Rejection, TokenVerification, Verifier};

/// `text` without surrounding whitespace and without an HTTP `Bearer ` prefix
/// (in any case), as tokens are often pasted from an `Authorization` header.
///
/// # Example
/// ```
/// use keysmith::jwt::strip_bearer;
/// assert_eq!(strip_bearer(" bearer a.b.c\n"), "a.b.c");
/// assert_eq!(strip_bearer("Bearerx a"), "Bearerx a");
/// ```
pub fn strip_bearer(text: &str) -> &str {
    let text = text.trim();
    match text.get(..7) {
        Some(prefix) if prefix.eq_ignore_ascii_case("bearer ") => {
            text.get(7..).unwrap_or_default().trim()
        }
        _ => text,
    }
}

/// The SHA-1 and SHA-256 thumbprints of a certificate (hashes of its DER), as
/// JWT `x5t` / `x5t#S256` headers and `thumbprint` claims carry them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Thumbprints {
    /// SHA-1 of the DER.
    pub(crate) sha1: Thumbprint,
    /// SHA-256 of the DER.
    pub(crate) sha256: Thumbprint,
}

impl Thumbprints {
    /// Both thumbprints of a certificate.
    pub(crate) fn of(certificate: &Certificate) -> Thumbprints {
        Thumbprints {
            sha1: certificate.thumbprint(HashAlgorithm::Sha1),
            sha256: certificate.thumbprint(HashAlgorithm::Sha256),
        }
    }
}

/// The certificate a token's `x5t`/`x5t#S256` header or `thumbprint` claim must
/// name ([`Policy::thumbprint`]): a certificate, whose two thumbprints are both
/// known so every field is compared ([`ExpectedThumbprint::from_input`]), or one
/// thumbprint as a partner hands it over, SHA-1 or SHA-256, which only the fields
/// of the same hash can be compared with (`ExpectedThumbprint::from(thumbprint)`).
///
/// # Example
/// ```
/// use keysmith::cert::Thumbprint;
/// use keysmith::jwt::{ExpectedThumbprint, Policy};
/// use keysmith::Origin;
/// let pasted = Thumbprint::parse("F23E122D384BD71D3BDF00BBBA4D2CE7D0117569", Origin::Argument("thumbprint"))?;
/// let policy = Policy { thumbprint: Some(ExpectedThumbprint::from(pasted)), ..Policy::default() };
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedThumbprint(Wanted);

#[derive(Clone, Debug, PartialEq, Eq)]
enum Wanted {
    Certificate(Thumbprints),
    Value(Thumbprint),
}

impl From<Thumbprint> for ExpectedThumbprint {
    fn from(thumbprint: Thumbprint) -> ExpectedThumbprint {
        ExpectedThumbprint(Wanted::Value(thumbprint))
    }
}

impl ExpectedThumbprint {
    /// The first certificate in an input (PEM, DER or a bundle).
    ///
    /// # Errors
    /// As [`crate::cert::load`]: [`Error::Input`](crate::Error::Input) with [`Expected::Certificate`]
    /// when there is none.
    ///
    /// # Example
    /// ```
    /// use keysmith::input::Input;
    /// use keysmith::jwt::ExpectedThumbprint;
    /// let cert = Input::read(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/client.pem"))?;
    /// let pasted = keysmith::cert::Thumbprint::parse(
    ///     "F23E122D384BD71D3BDF00BBBA4D2CE7D0117569",
    ///     keysmith::Origin::Argument("thumbprint"),
    /// )?;
    /// // Both name client.pem, but a certificate also knows its SHA-256.
    /// assert_ne!(ExpectedThumbprint::from_input(&cert)?, ExpectedThumbprint::from(pasted));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_input(input: &Input) -> Result<ExpectedThumbprint> {
        let loaded = crate::cert::load(input, None)?;
        let leaf = loaded.leaf(input.origin(), Expected::Certificate)?;
        Ok(ExpectedThumbprint::certificate(Thumbprints::of(leaf)))
    }

    /// A certificate's thumbprints.
    pub(crate) fn certificate(thumbprints: Thumbprints) -> ExpectedThumbprint {
        ExpectedThumbprint(Wanted::Certificate(thumbprints))
    }

    /// The expected thumbprint for `algorithm`, when it is known.
    pub(crate) fn get(&self, algorithm: HashAlgorithm) -> Option<&Thumbprint> {
        match (&self.0, algorithm) {
            (Wanted::Certificate(t), HashAlgorithm::Sha1) => Some(&t.sha1),
            (Wanted::Certificate(t), HashAlgorithm::Sha256) => Some(&t.sha256),
            (Wanted::Value(t), a) => (t.algorithm() == a).then_some(t),
        }
    }

    /// What a report shows as expected: the certificate's SHA-1, or the value given.
    pub(crate) fn shown(&self) -> &Thumbprint {
        match &self.0 {
            Wanted::Certificate(t) => &t.sha1,
            Wanted::Value(t) => t,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_bearer_takes_the_prefix_in_any_case() {
        for text in [
            "Bearer a.b.c",
            "bearer a.b.c",
            "BEARER a.b.c",
            " Bearer  a.b.c \n",
            "a.b.c",
        ] {
            assert_eq!(strip_bearer(text), "a.b.c", "{text:?}");
        }
        assert_eq!(strip_bearer("Bearer"), "Bearer");
        assert_eq!(strip_bearer("Bearerx a"), "Bearerx a");
        assert_eq!(strip_bearer("Bé"), "Bé");
    }

    #[test]
    fn expected_thumbprint_value_gives_only_its_own_hash() {
        let pasted = Thumbprint::parse(
            "f2:3e:12:2d:38:4b:d7:1d:3b:df:00:bb:ba:4d:2c:e7:d0:11:75:69",
            crate::Origin::Argument("thumbprint"),
        )
        .unwrap();
        let expected = ExpectedThumbprint::from(pasted);
        assert_eq!(expected.get(HashAlgorithm::Sha1), Some(&pasted));
        assert_eq!(expected.get(HashAlgorithm::Sha256), None);
    }
}
