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

use serde::Serialize;

use crate::cert::{Certificate, Form, HashAlgorithm, Thumbprint};
use crate::error::{Expected, Result};
use crate::input::Input;
use crate::sign::RsaAlgorithm;

pub use crate::error::{Malformed, Segment};
pub use decode::{Decoded, Inspection, Jws, MAX_HEADER_LEN, Times, Token, decode, decode_from};
pub use key::{
    Jwk, Jwks, KeyLabel, KeyWarning, SecretEncoding, SigningKey, VerifyingKey, hmac_secret,
};
pub use sign::{Claims, HeaderOptions, parse_duration, sign};
pub use verify::{Check, CheckStatus, Policy, Rejection, Verification, Verifier, token_check};

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

/// A JWS signature algorithm keysmith signs and verifies (RFC 7518 names).
///
/// There is deliberately no `none`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Algorithm {
    /// HMAC with SHA-256.
    HS256,
    /// HMAC with SHA-384.
    HS384,
    /// HMAC with SHA-512.
    HS512,
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    RS256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    RS384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    RS512,
    /// RSASSA-PSS with SHA-256 (MGF1-SHA-256, 32-byte salt).
    PS256,
    /// RSASSA-PSS with SHA-384 (MGF1-SHA-384, 48-byte salt).
    PS384,
    /// RSASSA-PSS with SHA-512 (MGF1-SHA-512, 64-byte salt).
    PS512,
}

impl Algorithm {
    /// All nine, HMAC first.
    pub const ALL: [Algorithm; 9] = [
        Algorithm::HS256,
        Algorithm::HS384,
        Algorithm::HS512,
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
    ];

    /// The HMAC algorithms, which a secret allows.
    pub const HMAC: [Algorithm; 3] = [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512];

    /// The RSA algorithms, which an RSA key allows.
    pub const RSA: [Algorithm; 6] = [
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
    ];

    /// The JOSE name (`HS256`…).
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::HS256 => "HS256",
            Algorithm::HS384 => "HS384",
            Algorithm::HS512 => "HS512",
            Algorithm::RS256 => "RS256",
            Algorithm::RS384 => "RS384",
            Algorithm::RS512 => "RS512",
            Algorithm::PS256 => "PS256",
            Algorithm::PS384 => "PS384",
            Algorithm::PS512 => "PS512",
        }
    }

    /// Parses a JOSE name exactly (case-sensitive); `none` and unknown names give `None`.
    ///
    /// # Example
    /// ```
    /// use keysmith::jwt::Algorithm;
    /// assert_eq!(Algorithm::from_name("PS384"), Some(Algorithm::PS384));
    /// assert_eq!(Algorithm::from_name("none"), None);
    /// assert_eq!(Algorithm::from_name("hs256"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The RSA signature algorithm, for RS*/PS*; `None` for HMAC.
    pub const fn as_rsa(self) -> Option<RsaAlgorithm> {
        match self {
            Algorithm::RS256 => Some(RsaAlgorithm::RS256),
            Algorithm::RS384 => Some(RsaAlgorithm::RS384),
            Algorithm::RS512 => Some(RsaAlgorithm::RS512),
            Algorithm::PS256 => Some(RsaAlgorithm::PS256),
            Algorithm::PS384 => Some(RsaAlgorithm::PS384),
            Algorithm::PS512 => Some(RsaAlgorithm::PS512),
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => None,
        }
    }

    /// Whether this is an HMAC algorithm (HS*).
    pub const fn is_hmac(self) -> bool {
        self.as_rsa().is_none()
    }
}

impl std::fmt::Display for Algorithm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
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
    pub fn of(certificate: &Certificate) -> Thumbprints {
        Thumbprints {
            sha1: certificate.thumbprint(HashAlgorithm::Sha1),
            sha256: certificate.thumbprint(HashAlgorithm::Sha256),
        }
    }

    /// The first certificate in an input (PEM, DER or a bundle).
    ///
    /// # Errors
    /// As [`crate::cert::load`]: [`Error::Unexpected`](crate::Error::Unexpected) with [`Expected::Certificate`]
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
        self.sha1.render(Form::X5t)
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
    ///
    /// # Example
    /// ```
    /// use keysmith::cert::{HashAlgorithm, Thumbprint};
    /// use keysmith::jwt::ExpectedThumbprint;
    /// use keysmith::Origin;
    /// let pasted = Thumbprint::parse("f2:3e:12:2d:38:4b:d7:1d:3b:df:00:bb:ba:4d:2c:e7:d0:11:75:69", Origin::Argument("thumbprint"))?;
    /// let expected = ExpectedThumbprint::Value(pasted);
    /// assert_eq!(expected.get(HashAlgorithm::Sha1), Some(&pasted));
    /// assert_eq!(expected.get(HashAlgorithm::Sha256), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get(&self, algorithm: HashAlgorithm) -> Option<&Thumbprint> {
        match (self, algorithm) {
            (ExpectedThumbprint::Certificate(t), HashAlgorithm::Sha1) => Some(&t.sha1),
            (ExpectedThumbprint::Certificate(t), HashAlgorithm::Sha256) => Some(&t.sha256),
            (ExpectedThumbprint::Value(t), a) => (t.algorithm() == a).then_some(t),
        }
    }

    /// What a report shows as expected: the certificate's SHA-1, or the value given.
    pub fn shown(&self) -> &Thumbprint {
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
    fn algorithm_names_round_trip_and_none_is_absent() {
        for a in Algorithm::ALL {
            assert_eq!(Algorithm::from_name(a.name()), Some(a));
        }
        for bad in ["none", "None", "NONE", "", "RS256 ", "ES256", "HS1"] {
            assert_eq!(Algorithm::from_name(bad), None, "{bad}");
        }
        assert!(Algorithm::HMAC.iter().all(|a| a.is_hmac()));
        assert!(Algorithm::RSA.iter().all(|a| !a.is_hmac()));
    }
}
