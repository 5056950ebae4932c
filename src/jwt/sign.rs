//! Signing: claims in, compact JWT out.
//!
//! The header is built here, never taken from the caller as raw JSON: `alg`
//! (which must fit the key), `typ` (default `JWT`), and optionally `kid` and
//! `x5t`. [`Claims`] assembles the payload from a JSON object, `key=value` pairs
//! (numbers and booleans typed) and the time claims relative to a given `now`.

use serde_json::{Map, Value};

use super::Algorithm;
use super::key::{Signing, SigningKey, hmac_tag};
use crate::codec::{Base64Variant, base64_encode};
use crate::error::{Error, Expected, InputError, Invalid, Origin, Result};
use crate::time::Timestamp;

/// Optional header parameters for [`sign`].
#[derive(Clone, Debug, Default)]
pub struct HeaderOptions {
    /// `typ`; `None` writes `JWT`.
    pub typ: Option<String>,
    /// `kid`, the key id a verifier looks up.
    pub kid: Option<String>,
    /// `x5t`, the base64url SHA-1 thumbprint of the signer's certificate.
    pub x5t: Option<String>,
}

/// Signs `claims` with `key` using `alg`, the algorithm asked for and where it
/// came from (named if it does not fit the key), or the key's default (RS256 /
/// HS256) when `alg` is `None`.
///
/// # Errors
/// [`Error::Invalid`] with [`Invalid::AlgorithmForKey`] when `alg` does not fit the
/// key; [`Error::Crypto`] if signing fails.
///
/// # Example
/// ```
/// use keysmith::jwt::{self, Claims, HeaderOptions, SigningKey};
/// use keysmith::{Origin, Secret};
/// let key = SigningKey::hmac(&Secret::new("TESTJWT"), keysmith::codec::SecretEncoding::Utf8, &Origin::Argument("secret"))?;
/// let mut claims = Claims::default();
/// claims.set_pair("user_id=12345", &Origin::Argument("claim"))?;
/// let token = jwt::sign(&key, None, &HeaderOptions::default(), claims.as_map())?;
/// assert_eq!(token, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoxMjM0NX0.seLwKeYEFItYgQdRZLtL5sP5q__zRD_AZscDBf859xE");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sign(
    key: &SigningKey,
    alg: Option<(Algorithm, &Origin)>,
    options: &HeaderOptions,
    claims: &Map<String, Value>,
) -> Result<String> {
    let alg = match alg {
        None => key.default_algorithm(),
        Some((alg, _)) if key.algorithms().contains(&alg) => alg,
        Some((_, origin)) => {
            return Err(Error::Invalid {
                origin: origin.clone(),
                reason: Invalid::AlgorithmForKey,
            });
        }
    };
    let mut header = Map::new();
    header.insert("alg".to_owned(), Value::from(alg.name()));
    header.insert(
        "typ".to_owned(),
        Value::from(options.typ.clone().unwrap_or_else(|| "JWT".to_owned())),
    );
    if let Some(kid) = &options.kid {
        header.insert("kid".to_owned(), Value::from(kid.clone()));
    }
    if let Some(x5t) = &options.x5t {
        header.insert("x5t".to_owned(), Value::from(x5t.clone()));
    }
    let encode = |map: &Map<String, Value>| -> Result<String> {
        let json = serde_json::to_vec(map).map_err(|_| Error::Crypto {
            operation: "encoding the claims",
        })?;
        Ok(base64_encode(&json, Base64Variant::UrlNoPad))
    };
    let mut token = encode(&header)?;
    token.push('.');
    token.push_str(&encode(claims)?);
    let signature = match &key.0 {
        Signing::Rsa(k) => {
            let rsa_alg = alg.as_rsa().ok_or(Error::Crypto {
                operation: "signing",
            })?;
            k.sign(rsa_alg, token.as_bytes())?
        }
        Signing::Hmac(secret) => {
            hmac_tag(alg, secret.expose(), token.as_bytes()).ok_or(Error::Crypto {
                operation: "signing",
            })?
        }
        Signing::Curve(k) => {
            if k.curve().algorithm() != alg {
                return Err(Error::Crypto {
                    operation: "signing",
                });
            }
            k.sign(token.as_bytes(), crate::key::SignatureEncoding::Jose)
        }
    };
    token.push('.');
    token.push_str(&base64_encode(&signature, Base64Variant::UrlNoPad));
    Ok(token)
}

/// A duration as `3600`, `90s`, `30m`, `24h` or `2d` (a leading `-` for the past),
/// in seconds.
///
/// # Errors
/// [`Error::Invalid`] with [`Invalid::Duration`], naming `origin`.
///
/// # Example
/// ```
/// use keysmith::jwt::parse_duration;
/// use keysmith::Origin;
/// let o = Origin::Argument("exp");
/// assert_eq!(parse_duration("30m", &o)?, 1800);
/// assert_eq!(parse_duration("2d", &o)?, 172800);
/// assert_eq!(parse_duration("-5m", &o)?, -300);
/// assert!(parse_duration("1w", &o).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn parse_duration(text: &str, origin: &Origin) -> Result<i64> {
    let invalid = || Error::Invalid {
        origin: origin.clone(),
        reason: Invalid::Duration,
    };
    let text = text.trim();
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (digits, unit) = match body.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (body.get(..i).unwrap_or(""), Some(c)),
        _ => (body, None),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    let n: i64 = digits.parse().map_err(|_| invalid())?;
    let scale = match unit {
        None | Some('s') => 1,
        Some('m') => 60,
        Some('h') => 3_600,
        Some('d') => 86_400,
        Some(_) => return Err(invalid()),
    };
    let seconds = n.checked_mul(scale).ok_or_else(invalid)?;
    Ok(if negative { -seconds } else { seconds })
}

/// The claims of a token being signed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Claims {
    map: Map<String, Value>,
}

impl Claims {
    /// Claims from a JSON object.
    ///
    /// # Errors
    /// [`Error::Input`] with [`InputError::BadJson`] when it is not a JSON object.
    pub fn from_json(bytes: &[u8], origin: &Origin) -> Result<Claims> {
        match serde_json::from_slice::<Value>(bytes) {
            Ok(Value::Object(map)) => Ok(Claims { map }),
            _ => Err(Error::unexpected(
                origin,
                Expected::Json,
                InputError::BadJson,
            )),
        }
    }

    /// Sets one claim from `key=value`: integers, decimals, `true` and `false`
    /// become JSON numbers and booleans; anything else is a string.
    ///
    /// # Errors
    /// [`Error::Invalid`] with [`Invalid::ClaimPair`] without `=` or with an empty key.
    pub fn set_pair(&mut self, pair: &str, origin: &Origin) -> Result<()> {
        let Some((key, value)) = pair.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            return Err(Error::Invalid {
                origin: origin.clone(),
                reason: Invalid::ClaimPair,
            });
        };
        let typed = match serde_json::from_str::<Value>(value) {
            Ok(v @ (Value::Number(_) | Value::Bool(_))) => v,
            _ => Value::String(value.to_owned()),
        };
        self.map.insert(key.to_owned(), typed);
        Ok(())
    }

    /// Sets the time claims relative to `now`: `exp = now + exp`, `nbf = now + nbf`
    /// (these replace given values), and `iat = now` when `iat` is set and no `iat`
    /// was given.
    pub fn set_times(&mut self, now: Timestamp, exp: Option<i64>, nbf: Option<i64>, iat: bool) {
        if iat && !self.map.contains_key("iat") {
            self.map
                .insert("iat".to_owned(), Value::from(now.as_unix()));
        }
        if let Some(d) = nbf {
            self.map
                .insert("nbf".to_owned(), Value::from(now.add_seconds(d).as_unix()));
        }
        if let Some(d) = exp {
            self.map
                .insert("exp".to_owned(), Value::from(now.add_seconds(d).as_unix()));
        }
    }

    /// The claims as a JSON object.
    pub fn as_map(&self) -> &Map<String, Value> {
        &self.map
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Secret;

    #[test]
    fn claims_type_numbers_and_booleans() {
        let o = Origin::Argument("claim");
        let mut c = Claims::default();
        for pair in [
            "n=42", "f=1.5", "b=true", "s=hello", "q=\"42\"", "e=", "eq=a=b",
        ] {
            c.set_pair(pair, &o).unwrap();
        }
        assert_eq!(
            Value::Object(c.as_map().clone()),
            serde_json::json!({"n": 42, "f": 1.5, "b": true, "s": "hello", "q": "\"42\"", "e": "", "eq": "a=b"})
        );
        let err = c.set_pair("=x", &o).unwrap_err();
        assert_eq!(
            err.to_string(),
            "argument claim: expected a claim as key=value"
        );
        assert!(c.set_pair("novalue", &o).is_err());
    }

    #[test]
    fn claims_times_are_relative_to_now() {
        let mut c = Claims::from_json(br#"{"iat": 5, "exp": 6}"#, &Origin::Stdin).unwrap();
        c.set_times(Timestamp::from_unix(1000), Some(1800), Some(-60), true);
        assert_eq!(
            Value::Object(c.as_map().clone()),
            serde_json::json!({"iat": 5, "exp": 2800, "nbf": 940})
        );
        assert!(Claims::from_json(b"[1]", &Origin::Stdin).is_err());
    }

    #[test]
    fn sign_refuses_algorithm_of_other_key_kind() {
        let key = SigningKey::hmac(
            &Secret::new("s3cret"),
            crate::codec::SecretEncoding::Utf8,
            &Origin::Argument("secret"),
        )
        .unwrap();
        let err = sign(
            &key,
            Some((Algorithm::RS256, &Origin::Argument("alg"))),
            &HeaderOptions::default(),
            &Map::new(),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("argument alg: this algorithm does not fit the key")
        );
    }

    #[test]
    fn parse_duration_rejects_garbage() {
        let o = Origin::Argument("exp");
        for bad in ["", "m", "1.5h", "10y", "--1", "1 h", "99999999999999999999"] {
            assert!(parse_duration(bad, &o).is_err(), "{bad}");
        }
        assert_eq!(parse_duration("3600", &o).unwrap(), 3600);
        assert_eq!(parse_duration("24h", &o).unwrap(), 86400);
    }
}
