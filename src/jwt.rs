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

use crate::cert::{Certificate, Form, HashAlgorithm, Thumbprint};
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
pub use key::{KeyLabel, KeyWarning, SigningKey, VerifyingKey, hmac_secret};
pub use sign::{Claims, HeaderOptions, parse_duration, sign};
pub use verify::{
    CheckStatus, ClaimCheck, Policy, Rejection, TokenVerification, Verifier, token_check,
};

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
pub struct Thumbprints {
    /// SHA-1 of the DER.
    pub sha1: Thumbprint,
    /// SHA-256 of the DER.
    pub sha256: Thumbprint,
}

impl Thumbprints {
    /// Both thumbprints of a certificate.
    pub(crate) fn of(certificate: &Certificate) -> Thumbprints {
        Thumbprints {
            sha1: certificate.thumbprint(HashAlgorithm::Sha1),
            sha256: certificate.thumbprint(HashAlgorithm::Sha256),
        }
    }

    /// The first certificate in an input (PEM, DER or a bundle).
    ///
    /// # Errors
    /// As [`crate::cert::load`]: [`Error::Input`](crate::Error::Input) with [`Expected::Certificate`]
    /// when there is none.
    ///
    /// # Example
    /// ```
    /// use keysmith::input::Input;
    /// use keysmith::jwt::Thumbprints;
    /// let t = Thumbprints::from_input(&Input::read(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/client.pem"))?)?;
    /// assert_eq!(t.sha1.to_string(), "F23E122D384BD71D3BDF00BBBA4D2CE7D0117569");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_input(input: &Input) -> Result<Thumbprints> {
        let loaded = crate::cert::load(input, None)?;
        Ok(Thumbprints::of(
            loaded.leaf(input.origin(), Expected::Certificate)?,
        ))
    }

    /// `x5t`: unpadded base64url of the SHA-1 thumbprint.
    pub fn x5t(&self) -> String {
        self.sha1.render(Form::X5t).to_string()
    }
}

/// The certificate a token's `x5t`/`x5t#S256` header or `thumbprint` claim must name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExpectedThumbprint {
    /// A certificate: both of its thumbprints are known, so every field is compared.
    Certificate(Thumbprints),
    /// One thumbprint as a partner hands it over (SHA-1 or SHA-256): only the fields
    /// of the same hash can be compared with it.
    Value(Thumbprint),
}

impl ExpectedThumbprint {
    /// The expected thumbprint for `algorithm`, when it is known.
    pub(crate) fn get(&self, algorithm: HashAlgorithm) -> Option<&Thumbprint> {
        match (self, algorithm) {
            (ExpectedThumbprint::Certificate(t), HashAlgorithm::Sha1) => Some(&t.sha1),
            (ExpectedThumbprint::Certificate(t), HashAlgorithm::Sha256) => Some(&t.sha256),
            (ExpectedThumbprint::Value(t), a) => (t.algorithm() == a).then_some(t),
        }
    }

    /// What a report shows as expected: the certificate's SHA-1, or the value given.
    pub(crate) fn shown(&self) -> &Thumbprint {
        match self {
            ExpectedThumbprint::Certificate(t) => &t.sha1,
            ExpectedThumbprint::Value(t) => t,
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
        let expected = ExpectedThumbprint::Value(pasted);
        assert_eq!(expected.get(HashAlgorithm::Sha1), Some(&pasted));
        assert_eq!(expected.get(HashAlgorithm::Sha256), None);
    }
}
