//! Reading a public key from a JSON Web Key (RFC 7517): `kty` `RSA` (`n`, `e`),
//! `EC` (`crv` P-256/P-384/P-521, `x`, `y`, RFC 7518 §6.2) and `OKP` (`crv`
//! Ed25519, `x`, RFC 8037 §2), alone or as the one key of a JWK Set.
//!
//! Invariant: only the public members are read. A private JWK (`d`, `p`, `q`,
//! …) yields its public half, as `openssl pkey -pubout` and `step crypto jwk
//! public` do, so its private members can never be written back. An HMAC
//! secret (`kty` `oct`) is no public key and is left to the JWT verifier
//! ([`public_key`] returns `None`); a JWK Set holding several keys is refused,
//! since nothing says which one is meant.

use rsa::BoxedUint;
use serde_json::{Map, Value};

use super::{AnyKey, AnyPublicKey, CurveKey, Format, Key, LoadedKey, MIN_LOAD_BITS, PublicKey};
use crate::error::{Error, Expected, InputError, JwtError, KeyError, Origin, Result};
use crate::input::{Encoding, Input};
use crate::key::{Curve, CurvePublicKey};

/// Whether the input is JSON text (an object), which only a JWK can be among
/// the key forms keysmith reads.
pub(crate) fn is_json(input: &Input) -> bool {
    input.bytes().trim_ascii_start().starts_with(b"{")
}

/// The public key of a JWK object; `Ok(None)` for an HMAC secret (`oct`).
///
/// # Errors
/// [`Error::Input`] with [`InputError::BadJson`] for a missing member,
/// [`InputError::BadBase64`] for a member that is not base64url,
/// [`InputError::MalformedDer`] for a point or modulus that is no key;
/// [`Error::Jwt`] with [`JwtError::JwkType`] for another `kty` or `crv`;
/// [`KeyError::SmallKey`] for an RSA modulus under [`MIN_LOAD_BITS`].
pub(crate) fn public_key(
    map: &Map<String, Value>,
    origin: &Origin,
    expected: Expected,
) -> Result<Option<AnyPublicKey>> {
    let unexpected = |found: InputError| Error::unexpected(origin, expected, found);
    let text = |name: &str| map.get(name).and_then(Value::as_str);
    let b64 = |name: &str| -> Result<Vec<u8>> {
        let t = text(name).ok_or_else(|| unexpected(InputError::BadJson))?;
        crate::codec::base64url_decode(t.as_bytes())
            .ok_or_else(|| unexpected(InputError::BadBase64))
    };
    let key = match text("kty") {
        Some("RSA") => {
            let n = BoxedUint::from_be_slice_vartime(&b64("n")?);
            let e = BoxedUint::from_be_slice_vartime(&b64("e")?);
            let bits = usize::try_from(n.bit_width_vartime()).unwrap_or(usize::MAX);
            if bits < MIN_LOAD_BITS {
                return Err(Error::unexpected(
                    origin,
                    expected,
                    KeyError::SmallKey { bits },
                ));
            }
            let public = PublicKey::new(n, e).map_err(|_| unexpected(InputError::MalformedDer))?;
            AnyPublicKey::Rsa(public)
        }
        Some("oct") => return Ok(None),
        Some("EC") => {
            let curve = text("crv")
                .and_then(Curve::from_name)
                .filter(|c| c.is_ecdsa())
                .ok_or_else(|| Error::unexpected(origin, expected, JwtError::JwkType))?;
            // RFC 7518 §6.2.1: x and y each exactly the field size.
            let (x, y) = (b64("x")?, b64("y")?);
            let size = curve.signature_len() / 2;
            if x.len() != size || y.len() != size {
                return Err(unexpected(InputError::MalformedDer));
            }
            let point = [&[4u8][..], &x, &y].concat();
            let public = CurvePublicKey::from_point(curve, &point)
                .ok_or_else(|| unexpected(InputError::MalformedDer))?;
            AnyPublicKey::Curve(public)
        }
        Some("OKP") if text("crv") == Some("Ed25519") => {
            let public = CurvePublicKey::from_point(Curve::Ed25519, &b64("x")?)
                .ok_or_else(|| unexpected(InputError::MalformedDer))?;
            AnyPublicKey::Curve(public)
        }
        Some("OKP") => {
            return Err(Error::unexpected(origin, expected, KeyError::EdwardsKey));
        }
        _ => return Err(Error::unexpected(origin, expected, JwtError::JwkType)),
    };
    Ok(Some(key))
}

/// Loads the public key of a JWK, or of the one key of a JWK Set.
///
/// # Errors
/// As [`public_key`]; [`InputError::BadJson`] for JSON that is no JWK or JWK
/// Set, [`InputError::SeveralKeys`] for a set of more than one key,
/// [`InputError::Empty`] for an empty set, and [`InputError::PrivateKey`] for
/// an HMAC secret, which is never read as a key.
pub(crate) fn load(input: &Input, expected: Expected) -> Result<LoadedKey<AnyKey>> {
    let origin = input.origin();
    let unexpected = |found: InputError| Error::unexpected(origin, expected, found);
    let value: Value =
        serde_json::from_slice(input.bytes()).map_err(|_| unexpected(InputError::BadJson))?;
    let object = match value.get("keys") {
        Some(Value::Array(keys)) => match keys.as_slice() {
            [one] => one,
            [] => return Err(unexpected(InputError::Empty)),
            _ => return Err(unexpected(InputError::SeveralKeys)),
        },
        Some(_) => return Err(unexpected(InputError::BadJson)),
        None => &value,
    };
    let Value::Object(map) = object else {
        return Err(unexpected(InputError::BadJson));
    };
    let key = match public_key(map, origin, expected)? {
        Some(AnyPublicKey::Rsa(k)) => AnyKey::Rsa(Key::Public(k)),
        Some(AnyPublicKey::Curve(k)) => AnyKey::Curve(CurveKey::Public(k)),
        None => return Err(unexpected(InputError::PrivateKey)),
    };
    Ok(LoadedKey {
        key,
        format: Format::Jwk,
        encoding: Encoding::Json,
        encrypted: false,
        encryption: None,
        repairs: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixture::input as fixture;

    #[test]
    fn jwk_load_reads_the_public_half_of_each_kind() {
        for (name, pem) in [
            ("rsa2048-pub-jwk.json", "rsa2048-spki.pem"),
            ("ec-p256-pub-jwk.json", "ec-p256-pub.pem"),
            ("ed25519-pub-jwk.json", "ed25519-pub.pem"),
            ("ec-p256-private-jwk.json", "ec-p256-pub.pem"),
        ] {
            let loaded = load(&fixture(name), Expected::PublicKey).unwrap();
            assert!(!loaded.key.is_private(), "{name}");
            assert_eq!(
                (loaded.format, loaded.encoding),
                (Format::Jwk, Encoding::Json)
            );
            let want = super::super::load(&fixture(pem), None).unwrap();
            assert_eq!(loaded.key.public_key(), want.key.public_key(), "{name}");
        }
    }

    #[test]
    fn jwk_load_refuses_secrets_and_sets_of_several_keys() {
        let origin = Origin::Argument("key");
        let secret = Input::from_bytes(origin.clone(), br#"{"kty":"oct","k":"c2VjcmV0"}"#.to_vec());
        assert!(matches!(
            load(&secret, Expected::PublicKey),
            Err(Error::Input {
                found: InputError::PrivateKey,
                ..
            })
        ));
        assert!(matches!(
            load(&fixture("jwks.json"), Expected::PublicKey),
            Err(Error::Input {
                found: InputError::SeveralKeys,
                ..
            })
        ));
        let empty = Input::from_bytes(origin, br#"{"keys":[]}"#.to_vec());
        assert!(matches!(
            load(&empty, Expected::PublicKey),
            Err(Error::Input {
                found: InputError::Empty,
                ..
            })
        ));
    }
}
