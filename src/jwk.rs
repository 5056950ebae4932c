//! Publishing public keys as JSON Web Keys (RFC 7517): [`PublicJwk`] of an RSA,
//! EC or Ed25519 key (RFC 7518 §6, RFC 8037 §2), certificates adding `x5c` and
//! `x5t#S256`, JWK Sets, and the RFC 7638 thumbprint that is the default `kid`.
//!
//! Invariant: a [`PublicJwk`] is built from a public key only — a private key is
//! reduced to its public half before anything is written — so no private member
//! (`d`, `p`, `q`, `dp`, `dq`, `qi`, `k`) can ever be printed. An HMAC secret
//! (`kty` `oct`) is refused. Integers are base64url without padding: RSA's `n`
//! and `e` without leading zero bytes, EC's `x` and `y` the field's full size.

use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::algorithm::Algorithm;
use crate::codec::{Base64Variant, base64_encode};
use crate::error::{Error, Expected, InputError, Invalid, Origin, Result};
use crate::input::Input;
use crate::key::{AnyPublicKey, Curve};
use crate::secret::Secret;

/// A public key as a JWK: the key's members in RFC 7638 order, then `kid`,
/// `use`, `alg`, `x5c` and `x5t#S256` when set. Serializes as the JWK object.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(transparent)]
pub struct PublicJwk(Map<String, Value>);

/// What to add to a published JWK.
#[derive(Clone, Debug, Default)]
pub struct JwkOptions {
    /// The `kid`; the RFC 7638 thumbprint when `None`.
    pub kid: Option<String>,
    /// The `alg`, which must be one the key allows.
    pub alg: Option<Algorithm>,
    /// The `use` (`sig`).
    pub use_sig: bool,
}

fn b64url(bytes: &[u8]) -> Value {
    Value::from(base64_encode(bytes, Base64Variant::UrlNoPad))
}

fn unsigned(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or(&[])
}

/// The required members of a key's JWK (RFC 7638 §3.2), in lexicographic order.
fn required_members(key: &AnyPublicKey) -> Vec<(&'static str, Value)> {
    match key {
        AnyPublicKey::Rsa(k) => {
            use rsa::traits::PublicKeyParts;
            vec![
                ("e", b64url(unsigned(&k.e_bytes()))),
                ("kty", Value::from("RSA")),
                ("n", b64url(unsigned(&k.n_bytes()))),
            ]
        }
        AnyPublicKey::Curve(k) => {
            let point = k.point();
            match k.curve() {
                Curve::Ed25519 => vec![
                    ("crv", Value::from("Ed25519")),
                    ("kty", Value::from("OKP")),
                    ("x", b64url(&point)),
                ],
                curve => {
                    // SEC1 uncompressed: 04 ‖ x ‖ y, each the field's size.
                    let size = curve.signature_len() / 2;
                    let x = point.get(1..=size).unwrap_or(&[]);
                    let y = point.get(1 + size..).unwrap_or(&[]);
                    vec![
                        ("crv", Value::from(curve.name())),
                        ("kty", Value::from("EC")),
                        ("x", b64url(x)),
                        ("y", b64url(y)),
                    ]
                }
            }
        }
    }
}

/// The RFC 7638 JWK thumbprint of a public key: the base64url SHA-256 of its
/// required members in lexicographic order, without whitespace.
///
/// # Example
/// ```
/// use keysmith::input::Input;
/// use keysmith::jwk::{load_public, thumbprint};
/// let dir = env!("CARGO_MANIFEST_DIR");
/// // RFC 7638 §3.1's example key and thumbprint.
/// let (key, _) = load_public(&Input::read(format!("{dir}/testdata/rfc7638-jwk.json"))?, None)?;
/// assert_eq!(thumbprint(&key), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn thumbprint(key: &AnyPublicKey) -> String {
    let members: Vec<String> = required_members(key)
        .into_iter()
        .map(|(name, value)| format!("\"{name}\":{value}"))
        .collect();
    let canonical = format!("{{{}}}", members.join(","));
    base64_encode(
        &Sha256::digest(canonical.as_bytes()),
        Base64Variant::UrlNoPad,
    )
}

/// The algorithms a key allows (the key decides, as for JWTs).
fn allowed(key: &AnyPublicKey) -> Vec<Algorithm> {
    match key {
        AnyPublicKey::Rsa(_) => Algorithm::RSA.to_vec(),
        AnyPublicKey::Curve(k) => vec![k.curve().algorithm()],
    }
}

impl PublicJwk {
    /// The JWK of `key`, with `certificates` (leaf first, DER) as `x5c` and the
    /// leaf's SHA-256 as `x5t#S256`.
    ///
    /// # Errors
    /// [`Error::Invalid`] with [`Invalid::AlgorithmForKey`] when `options.alg` is
    /// not one the key allows.
    pub fn new(
        key: &AnyPublicKey,
        certificates: &[&[u8]],
        options: &JwkOptions,
    ) -> Result<PublicJwk> {
        let mut map = Map::new();
        // kty first, as JWKs are usually written; then the other members.
        let members = required_members(key);
        for (name, value) in members.iter().filter(|(n, _)| *n == "kty") {
            map.insert((*name).to_owned(), value.clone());
        }
        for (name, value) in members.into_iter().filter(|(n, _)| *n != "kty") {
            map.insert(name.to_owned(), value);
        }
        let kid = options.kid.clone().unwrap_or_else(|| thumbprint(key));
        map.insert("kid".to_owned(), Value::from(kid));
        if options.use_sig {
            map.insert("use".to_owned(), Value::from("sig"));
        }
        if let Some(alg) = options.alg {
            if !allowed(key).contains(&alg) {
                return Err(Error::Invalid {
                    origin: Origin::Argument("alg"),
                    reason: Invalid::AlgorithmForKey,
                });
            }
            map.insert("alg".to_owned(), Value::from(alg.name()));
        }
        if let Some(leaf) = certificates.first() {
            let chain: Vec<Value> = certificates
                .iter()
                .map(|der| Value::from(base64_encode(der, Base64Variant::Standard)))
                .collect();
            map.insert("x5c".to_owned(), Value::Array(chain));
            map.insert("x5t#S256".to_owned(), b64url(&Sha256::digest(leaf)));
        }
        Ok(PublicJwk(map))
    }
}

/// A JWK Set of published keys: `{"keys": [...]}`.
#[derive(Clone, Debug, Serialize)]
pub struct PublicJwks {
    /// The keys, in the order given.
    pub keys: Vec<PublicJwk>,
}

/// Reads the public key of an input for publishing: any key keysmith reads (a
/// private key gives its public half), a certificate (its key; the DER of the
/// certificates is returned too, leaf first), or a JWK or one-key JWK Set.
///
/// # Errors
/// What [`crate::key::load`], [`crate::cert::load`] and
/// [`crate::jwt::Verifier::from_input`] report; an HMAC secret JWK (`oct`) is
/// [`InputError::PrivateKey`]: it is never published.
pub fn load_public(
    input: &Input,
    passphrase: Option<&Secret>,
) -> Result<(AnyPublicKey, Vec<Vec<u8>>)> {
    let origin = input.origin();
    if input.bytes().trim_ascii_start().starts_with(b"{") {
        let jwk = crate::jwt::Jwk::from_input(input, passphrase)?;
        let Some(key) = jwk.key().public_key() else {
            return Err(Error::unexpected(
                origin,
                Expected::PublicKey,
                InputError::PrivateKey,
            ));
        };
        return Ok((key, Vec::new()));
    }
    let loaded = crate::cert::load_verifying_key(input, passphrase)?;
    let certificates = if crate::inspect::classify(input) == crate::inspect::Subject::Key {
        Vec::new()
    } else {
        crate::cert::load(input, passphrase)?
            .certificates
            .iter()
            .map(|c| c.as_der().to_vec())
            .collect()
    };
    Ok((loaded.key.public_key(), certificates))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixture::input as fixture;

    #[test]
    fn rfc7638_example_thumbprint() {
        let (key, certs) = load_public(&fixture("rfc7638-jwk.json"), None).unwrap();
        assert!(certs.is_empty());
        assert_eq!(
            thumbprint(&key),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
    }

    #[test]
    fn jwks_round_trip_through_the_jwk_reader() {
        for name in [
            "ec-p256.pem",
            "ec-p384-pub.pem",
            "ec-p521-sec1.pem",
            "ed25519.pem",
            "rsa2048-pkcs8.pem",
        ] {
            let (key, _) = load_public(&fixture(name), None).unwrap();
            let jwk = PublicJwk::new(&key, &[], &JwkOptions::default()).unwrap();
            let text = serde_json::to_vec(&jwk).unwrap();
            for private in ["d", "p", "q", "dp", "dq", "qi", "k"] {
                assert!(!jwk.0.contains_key(private), "{name}: {private}");
            }
            let read = crate::jwt::Jwk::from_input(
                &Input::from_bytes(Origin::Argument("jwk"), text),
                None,
            )
            .unwrap();
            assert_eq!(read.kid(), Some(thumbprint(&key).as_str()), "{name}");
            let (again, _) = load_public(
                &Input::from_bytes(Origin::Argument("jwk"), serde_json::to_vec(&jwk).unwrap()),
                None,
            )
            .unwrap();
            assert_eq!(again, key, "{name}");
        }
    }

    #[test]
    fn the_partner_jwks_matches_pyjwt() {
        let set: Value = serde_json::from_slice(fixture("jwks-partner.json").bytes()).unwrap();
        for (name, theirs) in [
            ("ec-p256-pub.pem", &set["keys"][0]),
            ("ed25519-pub.pem", &set["keys"][1]),
        ] {
            let (key, _) = load_public(&fixture(name), None).unwrap();
            let ours = PublicJwk::new(&key, &[], &JwkOptions::default()).unwrap();
            for member in ["kty", "crv", "x", "y"] {
                assert_eq!(ours.0.get(member), theirs.get(member), "{name}: {member}");
            }
        }
    }

    #[test]
    fn alg_must_fit_the_key() {
        let (key, _) = load_public(&fixture("ec-p256.pem"), None).unwrap();
        let options = |alg| JwkOptions {
            alg: Some(alg),
            ..JwkOptions::default()
        };
        assert!(PublicJwk::new(&key, &[], &options(Algorithm::ES256)).is_ok());
        assert!(PublicJwk::new(&key, &[], &options(Algorithm::RS256)).is_err());
    }
}
