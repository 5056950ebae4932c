//! TokenVerification: structure, algorithm, key, signature, then claims.
//!
//! The order is fixed and the first failure is the [`TokenVerification`]'s `reason`
//! (the first of its `rejections`):
//! `malformed` → `alg-not-allowed` → `no-matching-key` → `bad-signature` →
//! `expired` → `not-yet-valid` → `wrong-audience` → `wrong-issuer` →
//! `missing-claim` → `thumbprint-mismatch`. Claims are only judged once the
//! signature holds (unsigned claims mean nothing), and then every claim check
//! runs, so an expired token with a good signature reports both.
//!
//! The allowed algorithms are the key's (RSA: RS*/PS*, secret: HS*), narrowed by
//! the key's JWK `alg` and by [`Policy::algorithms`]; the header only selects
//! among them. A `crit` header is refused (keysmith implements no extensions).
//! `jku`, `jwk`, `x5u` and `x5c` headers are ignored: keys come only from the
//! caller. The clock is the `now` argument.

use serde::Serialize;
use serde_json::{Map, Value};

use super::decode::{Jws, Times, Token, parse_token};
use super::key::{Jwk, Jwks, KeyLabel, VerifyingKey};
use super::{Algorithm, ExpectedThumbprint};
use crate::cert::{HashAlgorithm, Thumbprint};
use crate::error::Malformed;
use crate::input::Input;
use crate::secret::Secret;
use crate::time::Timestamp;

/// Why a token was rejected (the SPEC's `reason` codes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rejection {
    /// The token is not a well-formed JWT (or has an unsupported `crit`).
    Malformed,
    /// The header's `alg` is not one the key and policy allow (`none` never is).
    AlgNotAllowed,
    /// No key matches the token's `kid`.
    NoMatchingKey,
    /// The signature does not verify.
    BadSignature,
    /// `now >= exp + leeway`.
    Expired,
    /// `now + leeway < nbf`.
    NotYetValid,
    /// `aud` does not contain the expected audience.
    WrongAudience,
    /// `iss` is not the expected issuer.
    WrongIssuer,
    /// A required claim is absent.
    MissingClaim,
    /// The token's `x5t`/`x5t#S256`/`thumbprint` does not match the certificate.
    ThumbprintMismatch,
}

impl Rejection {
    /// The code: `bad-signature`, `expired`, ….
    pub const fn code(self) -> &'static str {
        match self {
            Rejection::Malformed => "malformed",
            Rejection::AlgNotAllowed => "alg-not-allowed",
            Rejection::NoMatchingKey => "no-matching-key",
            Rejection::BadSignature => "bad-signature",
            Rejection::Expired => "expired",
            Rejection::NotYetValid => "not-yet-valid",
            Rejection::WrongAudience => "wrong-audience",
            Rejection::WrongIssuer => "wrong-issuer",
            Rejection::MissingClaim => "missing-claim",
            Rejection::ThumbprintMismatch => "thumbprint-mismatch",
        }
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// What a verification demands beyond a good signature.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    /// Allow only these algorithms (empty: all the key allows). Never widens.
    pub algorithms: Vec<Algorithm>,
    /// Seconds of clock skew allowed for `exp` and `nbf` (default 0).
    pub leeway: u64,
    /// Do not judge `exp`.
    pub ignore_exp: bool,
    /// `aud` must be (or contain) this value.
    pub audience: Option<String>,
    /// `iss` must be this value.
    pub issuer: Option<String>,
    /// Claims that must be present.
    pub required: Vec<String>,
    /// The certificate the token's `x5t`/`x5t#S256` header or `thumbprint` claim must name.
    pub thumbprint: Option<ExpectedThumbprint>,
}

/// What became of a claim the token carries. Serialises as `passed`, `failed`
/// or `not-checked`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckStatus {
    /// It was checked and held.
    Passed,
    /// It was checked and failed, for this reason.
    Failed(Rejection),
    /// The token carries it but the policy asked nothing of it (no audience, issuer or
    /// thumbprint was given, or `exp` is ignored), so it vouches for nothing.
    NotChecked,
}

impl Serialize for CheckStatus {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(match self {
            CheckStatus::Passed => "passed",
            CheckStatus::Failed(_) => "failed",
            CheckStatus::NotChecked => "not-checked",
        })
    }
}

/// One claim check. Serialises with SPEC.md's field names: `claim`, `passed`
/// (checked and held), `status`, `reason` (the rejection when it failed),
/// `value`, `expected`.
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimCheck {
    /// The claim or header checked (`exp`, `aud`, `x5t`, …).
    pub claim: String,
    /// Passed, failed (and why), or not checked.
    pub status: CheckStatus,
    /// The token's value (`null` when absent).
    pub value: Option<Value>,
    /// What was expected, when the check compares with a value.
    pub expected: Option<Value>,
}

impl Serialize for ClaimCheck {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Shape<'a> {
            claim: &'a str,
            passed: bool,
            status: CheckStatus,
            reason: Option<Rejection>,
            value: &'a Option<Value>,
            expected: &'a Option<Value>,
        }
        Shape {
            claim: &self.claim,
            passed: self.status == CheckStatus::Passed,
            status: self.status,
            reason: match self.status {
                CheckStatus::Failed(why) => Some(why),
                _ => None,
            },
            value: &self.value,
            expected: &self.expected,
        }
        .serialize(serializer)
    }
}

/// The outcome of [`Verifier::verify`]. Serialises with SPEC.md's field names:
/// `valid` (no rejection), `reason` (the first rejection), `alg` (the header's,
/// as written), then the fields below.
#[derive(Clone, Debug)]
pub struct TokenVerification {
    /// Every failure, in the fixed order; empty when the token is valid (every
    /// check held), and the first is the `reason` reports give.
    pub rejections: Vec<Rejection>,
    /// The header (`None` when malformed).
    pub header: Option<Map<String, Value>>,
    /// The claims (`None` when malformed).
    pub payload: Option<Map<String, Value>>,
    /// `true`/`false` when the signature was checked, `None` when it never was.
    pub signature_valid: Option<bool>,
    /// The key that verified: `sha256:<SPKI SHA-256>` or `secret`.
    pub key: Option<KeyLabel>,
    /// The time claims at `now` (`None` when malformed).
    pub times: Option<Times>,
    /// One entry per claim checked, and one per claim the token carries that nothing
    /// checked (`aud` without an audience, …) with [`CheckStatus::NotChecked`]; empty
    /// unless the signature holds.
    pub checks: Vec<ClaimCheck>,
    /// What made the token malformed.
    pub malformed: Option<Malformed>,
}

impl Serialize for TokenVerification {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Shape<'a> {
            valid: bool,
            reason: Option<Rejection>,
            alg: Option<&'a str>,
            header: &'a Option<Map<String, Value>>,
            payload: &'a Option<Map<String, Value>>,
            signature_valid: Option<bool>,
            key: Option<KeyLabel>,
            times: Option<Times>,
            checks: &'a [ClaimCheck],
        }
        Shape {
            valid: self.rejections.is_empty(),
            reason: self.rejections.first().copied(),
            alg: self.alg(),
            header: &self.header,
            payload: &self.payload,
            signature_valid: self.signature_valid,
            key: self.key,
            times: self.times,
            checks: &self.checks,
        }
        .serialize(serializer)
    }
}

impl TokenVerification {
    fn new() -> TokenVerification {
        TokenVerification {
            rejections: Vec::new(),
            header: None,
            payload: None,
            signature_valid: None,
            key: None,
            times: None,
            checks: Vec::new(),
            malformed: None,
        }
    }

    fn reject(&mut self, why: Rejection) {
        self.rejections.push(why);
    }

    /// The header's `alg` as written (`None` when malformed).
    pub(crate) fn alg(&self) -> Option<&str> {
        self.header
            .as_ref()
            .and_then(|h| h.get("alg"))
            .and_then(Value::as_str)
    }
}

#[derive(Clone, Debug)]
enum Keys {
    // Boxed: a JWK holds a whole key (an RSA verifier, an EC point), a set a Vec.
    One(Box<Jwk>),
    Set(Jwks),
}

/// Checks tokens against a key (or a JWK Set) and a [`Policy`].
#[derive(Clone, Debug)]
pub struct Verifier {
    keys: Keys,
    policy: Policy,
}

impl Verifier {
    /// A verifier for one key; the token's `kid` is ignored.
    ///
    /// # Example
    /// ```
    /// use keysmith::jwt::{Policy, Rejection, Verifier, VerifyingKey};
    /// use keysmith::time::Timestamp;
    /// use keysmith::{Origin, Secret};
    /// let token = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/jwt-hs256-stamps.txt"))?;
    /// let key = VerifyingKey::hmac(&Secret::new("TESTJWT"), keysmith::codec::SecretEncoding::Utf8, &Origin::Argument("secret"))?;
    /// let verifier = Verifier::new(key);
    /// let v = verifier.verify(&token, Timestamp::from_unix(1790000000));
    /// assert_eq!(v.signature_valid, Some(true));
    /// assert_eq!(v.rejections, [Rejection::Expired]);
    /// let v = verifier.verify(&token, Timestamp::from_unix(1657300000));
    /// assert!(v.rejections.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(key: VerifyingKey) -> Verifier {
        Verifier::from_jwk(Jwk::new(key))
    }

    /// A verifier for one JWK: its `alg` restricts the algorithms; its `kid` is not compared.
    pub(crate) fn from_jwk(jwk: Jwk) -> Verifier {
        Verifier {
            keys: Keys::One(Box::new(jwk)),
            policy: Policy::default(),
        }
    }

    /// A verifier for the one key in an input: an RSA, EC or Ed25519 key in any
    /// form [`crate::key::load`] reads (a private key verifies with its public
    /// half), an X.509 certificate (its public key), a JWK, or a JWK Set holding
    /// one key. A JWK's `alg` restricts the algorithms; its `kid` is not compared.
    ///
    /// # Errors
    /// What [`crate::key::load`] reports; [`KeyError::SmallKey`](crate::KeyError::SmallKey)
    /// under 2048 bits; for a JWK, [`InputError::BadJson`](crate::InputError::BadJson)
    /// for a wrong shape, [`JwtError::JwkType`](crate::JwtError::JwkType) for a key
    /// type keysmith cannot verify with, [`JwtError::JwkNotForSigning`](crate::JwtError::JwkNotForSigning)
    /// when its `use` is not `sig` or its `key_ops` lack `verify`/`sign`, and
    /// [`InputError::SeveralKeys`](crate::InputError::SeveralKeys) for a set of several keys.
    ///
    /// # Example
    /// ```
    /// use keysmith::input::Input;
    /// use keysmith::jwt::{Algorithm, Verifier};
    /// let dir = env!("CARGO_MANIFEST_DIR");
    /// let verifier = Verifier::from_input(&Input::read(format!("{dir}/testdata/client.pem"))?, None)?;
    /// assert_eq!(verifier.algorithms(), Algorithm::RSA);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_input(input: &Input, passphrase: Option<&Secret>) -> crate::Result<Verifier> {
        Ok(Verifier::from_jwk(Jwk::from_input(input, passphrase)?))
    }

    /// A verifier for a JWK Set (`{"keys": [...]}`): the key is chosen by the
    /// token's `kid` (only ever compared with the keys' `kid` strings); a token
    /// without `kid` is accepted only when exactly one key allows its algorithm.
    /// Keys keysmith cannot verify with (encryption keys, unknown types) are left out.
    ///
    /// # Errors
    /// [`Error::Input`](crate::Error::Input) with [`InputError::BadJson`](crate::InputError::BadJson)
    /// when it is not a JWK Set, the errors of [`Verifier::from_input`] for a broken
    /// key, and [`JwtError::NoUsableJwk`](crate::JwtError::NoUsableJwk) when no key is left.
    ///
    /// # Example
    /// ```
    /// use keysmith::input::Input;
    /// use keysmith::jwt::{Algorithm, Verifier};
    /// let set = Input::read(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/jwks.json"))?;
    /// let verifier = Verifier::from_jwks(&set)?;
    /// assert!(verifier.algorithms().contains(&Algorithm::RS256));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_jwks(input: &Input) -> crate::Result<Verifier> {
        Ok(Verifier {
            keys: Keys::Set(Jwks::from_input(input)?),
            policy: Policy::default(),
        })
    }

    /// Sets the policy.
    #[must_use]
    pub fn with_policy(mut self, policy: Policy) -> Verifier {
        self.policy = policy;
        self
    }

    /// The algorithms any of the keys allows under the policy (empty: nothing can pass).
    pub fn algorithms(&self) -> Vec<Algorithm> {
        Algorithm::ALL
            .into_iter()
            .filter(|a| self.candidates().any(|k| self.allows(k, *a)))
            .collect()
    }

    fn candidates(&self) -> impl Iterator<Item = &Jwk> {
        let keys: &[Jwk] = match &self.keys {
            Keys::One(k) => std::slice::from_ref(k.as_ref()),
            Keys::Set(set) => set.keys(),
        };
        keys.iter()
    }

    fn allows(&self, key: &Jwk, alg: Algorithm) -> bool {
        key.algorithms().contains(&alg)
            && (self.policy.algorithms.is_empty() || self.policy.algorithms.contains(&alg))
    }

    /// Checks a token's structure, algorithm, key and signature (not its claims).
    /// Works on any JWS payload.
    ///
    /// # Errors
    /// The [`Rejection`] (`malformed` for an unsupported `crit`, `alg-not-allowed`,
    /// `no-matching-key`, `bad-signature`).
    #[cfg(test)]
    pub(crate) fn verify_signature(
        &self,
        jws: &Jws,
    ) -> Result<(Algorithm, &VerifyingKey), Rejection> {
        self.check_signature(jws)
            .map(|(alg, jwk)| (alg, jwk.key()))
            .map_err(|(why, _)| why)
    }

    /// The signature check; a `malformed` rejection says what is malformed.
    fn check_signature(
        &self,
        jws: &Jws,
    ) -> Result<(Algorithm, &Jwk), (Rejection, Option<Malformed>)> {
        if jws.header().contains_key("crit") {
            return Err((Rejection::Malformed, Some(Malformed::UnsupportedCritical)));
        }
        let alg = jws.algorithm().ok_or((Rejection::AlgNotAllowed, None))?;
        if !self.candidates().any(|k| self.allows(k, alg)) {
            return Err((Rejection::AlgNotAllowed, None));
        }
        let key = match &self.keys {
            Keys::One(k) => k,
            Keys::Set(set) => match jws.kid() {
                Some(kid) => set
                    .keys()
                    .iter()
                    .find(|k| k.kid() == Some(kid))
                    .ok_or((Rejection::NoMatchingKey, None))?,
                None => {
                    let mut fitting = set.keys().iter().filter(|k| self.allows(k, alg));
                    match (fitting.next(), fitting.next()) {
                        (Some(k), None) => k,
                        _ => return Err((Rejection::NoMatchingKey, None)),
                    }
                }
            },
        };
        if !self.allows(key, alg) {
            return Err((Rejection::AlgNotAllowed, None));
        }
        // ES*/EdDSA signatures have one size (JOSE `r‖s`): any other, a DER
        // signature among them, is not a signature of this algorithm at all.
        if let Some(expected) = key.key().signature_len() {
            let found = jws.signature().len();
            if found != expected {
                return Err((
                    Rejection::Malformed,
                    Some(Malformed::SignatureLength { expected, found }),
                ));
            }
        }
        if key.verify(alg, jws.signing_input(), jws.signature()) {
            Ok((alg, key))
        } else {
            Err((Rejection::BadSignature, None))
        }
    }

    /// Verifies a compact JWT at `now`. Never fails: a malformed token is a
    /// rejection with reason `malformed`.
    pub fn verify(&self, text: &str, now: Timestamp) -> TokenVerification {
        let mut v = TokenVerification::new();
        let token = match parse_token(text) {
            Ok(t) => t,
            Err(why) => {
                v.malformed = Some(why);
                v.reject(Rejection::Malformed);
                return v;
            }
        };
        v.times = Some(token.times(now));
        match self.check_signature(token.jws()) {
            Ok((_, key)) => {
                v.signature_valid = Some(true);
                v.key = Some(key.label());
            }
            Err((why, malformed)) => {
                v.malformed = malformed;
                if why == Rejection::BadSignature {
                    v.signature_valid = Some(false);
                }
                v.reject(why);
                let (header, payload) = token.into_parts();
                v.header = Some(header);
                v.payload = Some(payload);
                return v;
            }
        }
        self.check_claims(&token, now, &mut v);
        let (header, payload) = token.into_parts();
        v.header = Some(header);
        v.payload = Some(payload);
        v
    }

    fn check_claims(&self, token: &Token, now: Timestamp, v: &mut TokenVerification) {
        let p = &self.policy;
        let leeway = i64::try_from(p.leeway).unwrap_or(i64::MAX);
        let claim = |name: &str| token.payload().get(name).cloned();
        let record = |v: &mut TokenVerification,
                      name: &str,
                      failure: Option<Rejection>,
                      value: Option<Value>,
                      expected: Option<Value>| {
            if let Some(why) = failure {
                v.reject(why);
            }
            v.checks.push(ClaimCheck {
                claim: name.to_owned(),
                status: failure.map_or(CheckStatus::Passed, CheckStatus::Failed),
                value,
                expected,
            });
        };
        // A claim the token carries that the policy asks nothing of.
        let unchecked = |v: &mut TokenVerification, name: &str, value: Option<Value>| {
            if let Some(value) = value {
                v.checks.push(ClaimCheck {
                    claim: name.to_owned(),
                    status: CheckStatus::NotChecked,
                    value: Some(value),
                    expected: None,
                });
            }
        };
        if p.ignore_exp {
            unchecked(v, "exp", claim("exp"));
        }
        if let (Some(exp), false) = (token.exp(), p.ignore_exp) {
            let expired = now >= exp.add_seconds(leeway);
            record(
                v,
                "exp",
                expired.then_some(Rejection::Expired),
                claim("exp"),
                None,
            );
        }
        if let Some(nbf) = token.nbf() {
            let early = now.add_seconds(leeway) < nbf;
            record(
                v,
                "nbf",
                early.then_some(Rejection::NotYetValid),
                claim("nbf"),
                None,
            );
        }
        if let Some(aud) = &p.audience {
            let ok = match token.payload().get("aud") {
                Some(Value::String(s)) => s == aud,
                Some(Value::Array(items)) => items.iter().any(|i| i == aud.as_str()),
                _ => false,
            };
            let expected = Some(Value::String(aud.clone()));
            record(
                v,
                "aud",
                (!ok).then_some(Rejection::WrongAudience),
                claim("aud"),
                expected,
            );
        } else {
            unchecked(v, "aud", claim("aud"));
        }
        if let Some(iss) = &p.issuer {
            let ok = token
                .payload()
                .get("iss")
                .is_some_and(|i| i == iss.as_str());
            let expected = Some(Value::String(iss.clone()));
            record(
                v,
                "iss",
                (!ok).then_some(Rejection::WrongIssuer),
                claim("iss"),
                expected,
            );
        } else {
            unchecked(v, "iss", claim("iss"));
        }
        for name in &p.required {
            let present = token.payload().get(name).is_some_and(|x| !x.is_null());
            record(
                v,
                name,
                (!present).then_some(Rejection::MissingClaim),
                claim(name),
                None,
            );
        }
        let carried = [
            ("x5t", token.header().get("x5t")),
            ("x5t#S256", token.header().get("x5t#S256")),
            ("thumbprint", token.payload().get("thumbprint")),
        ];
        match &p.thumbprint {
            Some(expected) => {
                for (name, value, verdict) in thumbprint_checks(&carried, expected) {
                    let want = Some(Value::String(expected.shown().to_string()));
                    match verdict {
                        Some(ok) => record(
                            v,
                            name,
                            (!ok).then_some(Rejection::ThumbprintMismatch),
                            value,
                            want,
                        ),
                        None => unchecked(v, name, value),
                    }
                }
            }
            None => {
                for (name, value) in carried {
                    unchecked(v, name, value.cloned());
                }
            }
        }
    }
}

/// Every thumbprint the token carries and whether it names `expected`: `None` for a
/// field of the other hash than a single expected value's, which cannot be compared.
/// A token carrying nothing comparable gives one failed `thumbprint` entry.
fn thumbprint_checks(
    carried: &[(&'static str, Option<&Value>)],
    expected: &ExpectedThumbprint,
) -> Vec<(&'static str, Option<Value>, Option<bool>)> {
    let origin = || crate::Origin::Argument("token");
    // x5t headers are unpadded base64url of the digest; the claim is hex as people copy it.
    let parsed = |v: &Value| v.as_str().and_then(|s| Thumbprint::parse(s, origin()).ok());
    let mut out = Vec::new();
    for &(name, value) in carried {
        let Some(value) = value else { continue };
        let verdict = match name {
            "x5t" => expected
                .get(HashAlgorithm::Sha1)
                .map(|want| parsed(value).as_ref() == Some(want)),
            "x5t#S256" => expected
                .get(HashAlgorithm::Sha256)
                .map(|want| parsed(value).as_ref() == Some(want)),
            // The claim holds either hash; text that is no thumbprint names nothing.
            _ => match parsed(value) {
                Some(t) => expected.get(t.algorithm()).map(|want| *want == t),
                None => Some(false),
            },
        };
        out.push((name, Some(value.clone()), verdict));
    }
    if !out.iter().any(|(_, _, verdict)| verdict.is_some()) {
        out.push(("thumbprint", None, Some(false)));
    }
    out
}

/// Whether `token` verifies with `key` (signature and time claims at `now`, no
/// leeway), as one [`crate::cert::check::ConsistencyCheck`] named `token-verifies`. The key
/// came from `origin`, named if it is refused. Public through
/// [`crate::cert::check::key_against`].
///
/// # Errors
/// [`Error`](crate::Error) when the key cannot verify JWTs at all (under 2048 bits).
pub(crate) fn token_check(
    key: &crate::key::AnyPublicKey,
    origin: &crate::Origin,
    token: &str,
    now: Timestamp,
) -> crate::Result<crate::cert::check::ConsistencyCheck> {
    token_check_with(VerifyingKey::from_public(key.clone(), origin)?, token, now)
}

fn token_check_with(
    key: VerifyingKey,
    token: &str,
    now: Timestamp,
) -> crate::Result<crate::cert::check::ConsistencyCheck> {
    let verifier = Verifier::new(key);
    let v = verifier.verify(token, now);
    let alg = v.alg().unwrap_or("?");
    let valid = v.rejections.is_empty();
    let detail = match (valid, v.rejections.first(), v.signature_valid) {
        (true, _, _) => format!("the token verifies with this key ({alg}) and is valid now"),
        (false, Some(reason), Some(true)) => {
            format!("the signature verifies ({alg}) but the token is rejected: {reason}")
        }
        (false, Some(reason), _) => format!("the token is rejected: {reason}"),
        (false, None, _) => "the token is rejected".to_owned(),
    };
    Ok(crate::cert::check::ConsistencyCheck {
        name: "token-verifies",
        ok: valid,
        detail,
    })
}

#[cfg(test)]
mod tests;
