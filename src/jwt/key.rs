//! Key material for JWTs: RSA, EC and Ed25519 keys, HMAC secrets, JWKs and JWK Sets.
//!
//! A [`VerifyingKey`] or [`SigningKey`] decides which algorithms it allows by its
//! variant: RSA allows RS*/PS*, an HMAC secret HS*, an EC key the one ES* of its
//! curve (P-256 ES256, P-384 ES384, P-521 ES512), an Ed25519 key EdDSA. Constructors refuse RSA keys
//! under 2048 bits, empty secrets, and secrets that look like a PEM key or
//! certificate (the RS256→HS256 confusion attack hands the public key PEM to an
//! HMAC verifier). JWKs are converted with `rsa`'s own constructor from their
//! base64url `n`/`e`; a JWK's `alg`, `use` and `key_ops` are honoured.

use hmac::{Hmac, KeyInit, Mac};
use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Sha256, Sha384, Sha512};

use super::Algorithm;
use crate::algorithm::Sha2;
use crate::error::{Error, Expected, InputError, Invalid, JwtError, KeyError, Origin, Result};
use crate::input::Input;
use crate::key::{
    self, AnyPrivateKey, AnyPublicKey, CurvePrivateKey, CurvePublicKey, PrivateKey, PublicKey,
    SignatureEncoding,
};
use crate::secret::Secret;
use crate::sign::{RsaSigner, RsaVerifier};

/// The key that verified a token, as reports name it. `Display` and `Serialize`
/// give `sha256:<SPKI SHA-256, uppercase hex>` for an RSA key and `secret` for
/// an HMAC secret.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyLabel {
    /// An RSA key, by its fingerprint.
    Rsa(key::Fingerprint),
    /// An RSA key whose SPKI could not be encoded (`rsa`).
    UnnamedRsa,
    /// An HMAC secret.
    Secret,
    /// An EC or Ed25519 key, by its SPKI SHA-256 fingerprint.
    Curve(key::Fingerprint),
}

impl std::fmt::Display for KeyLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyLabel::Rsa(fingerprint) | KeyLabel::Curve(fingerprint) => {
                write!(f, "sha256:{fingerprint}")
            }
            KeyLabel::UnnamedRsa => f.write_str("rsa"),
            KeyLabel::Secret => f.write_str("secret"),
        }
    }
}

impl serde::Serialize for KeyLabel {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A key that checks JWT signatures: an RSA public key of at least 2048 bits
/// (RS*/PS*), an HMAC secret (HS*), an EC key (the ES* of its curve) or an
/// Ed25519 key (EdDSA). Only [`VerifyingKey::hmac`] and
/// [`VerifyingKey::from_public`] make one, so every key keeps those rules.
#[derive(Clone, Debug)]
pub struct VerifyingKey(pub(crate) Verifying);

/// The kinds of [`VerifyingKey`].
#[derive(Clone, Debug)]
pub(crate) enum Verifying {
    /// An RSA public key of at least 2048 bits, prepared for verification.
    Rsa(Box<RsaVerifier>),
    /// An HMAC secret, checked by [`checked_secret`].
    Hmac(Secret),
    /// An EC or Ed25519 key.
    Curve(CurvePublicKey),
}

/// A key that signs JWTs: an RSA private key of at least 2048 bits (RS*/PS*;
/// default RS256), an HMAC secret (HS*; default HS256), an EC key (the ES* of
/// its curve) or an Ed25519 key (EdDSA). Only [`SigningKey::hmac`] and
/// [`SigningKey::from_private`] make one, so every key keeps those rules.
#[derive(Clone, Debug)]
pub struct SigningKey(pub(crate) Signing);

/// The kinds of [`SigningKey`].
#[derive(Clone, Debug)]
pub(crate) enum Signing {
    /// An RSA private key of at least 2048 bits, prepared for signing.
    Rsa(Box<RsaSigner>),
    /// An HMAC secret, checked by [`checked_secret`].
    Hmac(Secret),
    /// An EC or Ed25519 key.
    Curve(Box<CurvePrivateKey>),
}

/// The one algorithm a curve key allows, as a slice.
fn curve_algorithms(curve: key::Curve) -> &'static [Algorithm] {
    match curve {
        key::Curve::P256 => &[Algorithm::ES256],
        key::Curve::P384 => &[Algorithm::ES384],
        key::Curve::P521 => &[Algorithm::ES512],
        key::Curve::Ed25519 => &[Algorithm::EdDSA],
    }
}

use crate::codec::SecretEncoding;

/// Decodes a secret given as text and checks that it can be an HMAC key (the
/// rules of [`VerifyingKey::hmac`]).
pub(crate) fn hmac_secret(
    raw: &Secret,
    encoding: SecretEncoding,
    origin: &Origin,
) -> Result<Secret> {
    let found = match encoding {
        SecretEncoding::Hex => InputError::BadHex,
        _ => InputError::BadBase64,
    };
    let bytes = crate::codec::decode_secret(raw.expose(), encoding)
        .ok_or_else(|| Error::unexpected(origin, Expected::Secret, found))?;
    let bytes = Secret::new(bytes.as_slice());
    checked_secret(bytes, origin)
}

/// Whether secret bytes are in fact a key or a certificate (the RS256→HS256
/// confusion hands a public key to an HMAC verifier): anything the input sniffer
/// sees as a key or certificate (PEM, DER, Base64 of either), PEM armour even when
/// broken, JSON with a `kty` member (a JWK, escapes decoded) or a JWK Set, and an
/// OpenSSH public key line.
fn looks_like_key(bytes: &[u8], origin: &Origin) -> bool {
    let has_pem_armour = memchr::memmem::find(bytes, b"-----BEGIN ").is_some();
    let text = bytes.trim_ascii_start();
    let is_ssh_line = [
        &b"ssh-rsa "[..],
        b"ssh-ed25519 ",
        b"ssh-dss ",
        b"ecdsa-sha2-",
        b"sk-ssh-ed25519@openssh.com ",
        b"sk-ecdsa-sha2-",
    ]
    .iter()
    .any(|prefix| text.starts_with(prefix));
    has_pem_armour
        || is_ssh_line
        || is_jwk_json(text)
        || crate::inspect::material(&Input::from_bytes(origin.clone(), bytes)).is_some()
}

/// JSON with a `kty` member, or a JWK Set (`keys` holding such objects).
fn is_jwk_json(text: &[u8]) -> bool {
    if !text.starts_with(b"{") {
        return false;
    }
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(text) else {
        return false;
    };
    let is_jwk = |v: &Value| v.as_object().is_some_and(|m| m.contains_key("kty"));
    map.contains_key("kty")
        || map
            .get("keys")
            .and_then(Value::as_array)
            .is_some_and(|keys| keys.iter().any(is_jwk))
}

fn checked_secret(secret: Secret, origin: &Origin) -> Result<Secret> {
    let invalid = |reason| Error::Invalid {
        origin: origin.clone(),
        reason,
    };
    if secret.is_empty() {
        return Err(invalid(Invalid::EmptySecret));
    }
    if looks_like_key(secret.expose(), origin) {
        return Err(invalid(Invalid::SecretLooksLikeKey));
    }
    Ok(secret)
}

impl VerifyingKey {
    /// An RSA public key.
    ///
    /// # Errors
    /// [`Error::Key`] with [`KeyError::SmallKey`] for keys under 2048 bits.
    pub(crate) fn rsa(key: PublicKey, origin: &Origin) -> Result<VerifyingKey> {
        Ok(VerifyingKey(Verifying::Rsa(Box::new(
            RsaVerifier::checked(key, origin)?,
        ))))
    }

    /// An HMAC secret given as text in `encoding` (the bytes as given, Base64,
    /// base64url or hex), which came from `origin`.
    ///
    /// # Errors
    /// [`Error::Input`] with [`InputError::BadBase64`] or [`InputError::BadHex`]
    /// when the text does not decode; [`Error::Invalid`] with
    /// [`Invalid::EmptySecret`] for an empty secret and
    /// [`Invalid::SecretLooksLikeKey`] for bytes that look like a key or a
    /// certificate (PEM, DER, Base64 of either, a JWK, an SSH key): the RS256→HS256
    /// confusion hands a public key to an HMAC verifier.
    ///
    /// # Example
    /// ```
    /// use keysmith::codec::SecretEncoding;
    /// use keysmith::jwt::VerifyingKey;
    /// use keysmith::{Origin, Secret};
    /// let origin = Origin::Argument("secret");
    /// assert!(VerifyingKey::hmac(&Secret::new("6869"), SecretEncoding::Hex, &origin).is_ok());
    /// let err = VerifyingKey::hmac(&Secret::new(""), SecretEncoding::Utf8, &origin).unwrap_err();
    /// assert_eq!(err.to_string(), "argument secret: the secret is empty");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn hmac(
        secret: &Secret,
        encoding: SecretEncoding,
        origin: &Origin,
    ) -> Result<VerifyingKey> {
        Ok(VerifyingKey(Verifying::Hmac(hmac_secret(
            secret, encoding, origin,
        )?)))
    }

    /// A public key of any algorithm (a loaded key's [`key::AnyKey::public_key`]):
    /// RSA, EC or Ed25519; it came from `origin`, named if it is refused.
    ///
    /// # Errors
    /// [`Error::Key`] with [`KeyError::SmallKey`] for RSA keys under 2048 bits.
    ///
    /// # Example
    /// ```
    /// use keysmith::input::Input;
    /// use keysmith::jwt::{Algorithm, Verifier, VerifyingKey};
    /// let input = Input::read(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/ec-p256-pub.pem"))?;
    /// let public = keysmith::key::load(&input, None)?.key.public_key();
    /// let key = VerifyingKey::from_public(public, input.origin())?;
    /// assert_eq!(Verifier::new(key).algorithms(), [Algorithm::ES256]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_public(key: AnyPublicKey, origin: &Origin) -> Result<VerifyingKey> {
        match key {
            AnyPublicKey::Rsa(k) => VerifyingKey::rsa(k, origin),
            AnyPublicKey::Curve(k) => Ok(VerifyingKey(Verifying::Curve(k))),
        }
    }

    /// The public key; `None` for an HMAC secret.
    pub(crate) fn public_key(&self) -> Option<AnyPublicKey> {
        match &self.0 {
            Verifying::Rsa(k) => Some(AnyPublicKey::Rsa(k.as_public_key().clone())),
            Verifying::Hmac(_) => None,
            Verifying::Curve(k) => Some(AnyPublicKey::Curve(k.clone())),
        }
    }

    /// The algorithms this kind of key allows.
    pub(crate) fn algorithms(&self) -> &'static [Algorithm] {
        match &self.0 {
            Verifying::Rsa(_) => &Algorithm::RSA,
            Verifying::Hmac(_) => &Algorithm::HMAC,
            Verifying::Curve(k) => curve_algorithms(k.curve()),
        }
    }

    /// What names this key in a report: its fingerprint, or that it is a secret.
    pub(crate) fn label(&self) -> KeyLabel {
        match &self.0 {
            Verifying::Rsa(k) => match key::Fingerprint::of(k.as_public_key()) {
                Ok(fingerprint) => KeyLabel::Rsa(fingerprint),
                Err(_) => KeyLabel::UnnamedRsa,
            },
            Verifying::Hmac(_) => KeyLabel::Secret,
            Verifying::Curve(k) => match key::AnyPublicKey::Curve(k.clone()).fingerprint() {
                Ok(fingerprint) => KeyLabel::Curve(fingerprint),
                Err(_) => KeyLabel::Secret,
            },
        }
    }

    /// Whether `signature` is a valid `alg` signature of `message`. An algorithm
    /// this kind of key does not allow never verifies. MACs compare in constant time;
    /// ECDSA signatures are JOSE's fixed-size `r‖s` (a DER signature never verifies).
    pub fn verify(&self, alg: Algorithm, message: &[u8], signature: &[u8]) -> bool {
        match (&self.0, alg.as_rsa()) {
            (Verifying::Rsa(k), Some(rsa_alg)) => k.verify(rsa_alg, message, signature),
            (Verifying::Hmac(secret), None) if alg.is_hmac() => KeyedMac::new(alg, secret.expose())
                .is_some_and(|mac| mac.verify(message, signature)),
            (Verifying::Curve(k), None) if k.curve().algorithm() == alg => {
                k.verify(message, signature, SignatureEncoding::Jose)
            }
            _ => false,
        }
    }

    /// The size every `alg` signature of this key has, when the algorithm fixes
    /// one (ES*, EdDSA: `r‖s` or the Ed25519 signature); a signature of another
    /// size is malformed rather than wrong.
    pub(crate) fn signature_len(&self) -> Option<usize> {
        match &self.0 {
            Verifying::Curve(k) => Some(k.curve().signature_len()),
            _ => None,
        }
    }
}

/// An HMAC state keyed with one secret for one HS* algorithm. [`KeyedMac::new`]
/// is the only place an HS* name is matched to its hash.
#[derive(Clone)]
pub(crate) enum KeyedMac {
    Sha256(Hmac<Sha256>),
    Sha384(Hmac<Sha384>),
    Sha512(Hmac<Sha512>),
}

impl std::fmt::Debug for KeyedMac {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyedMac(..)")
    }
}

impl KeyedMac {
    /// The state for `alg` keyed with `key`; `None` for an RSA algorithm.
    pub(crate) fn new(alg: Algorithm, key: &[u8]) -> Option<KeyedMac> {
        if !alg.is_hmac() {
            return None;
        }
        Some(match alg.hash() {
            Sha2::Sha256 => KeyedMac::Sha256(<Hmac<Sha256> as KeyInit>::new_from_slice(key).ok()?),
            Sha2::Sha384 => KeyedMac::Sha384(<Hmac<Sha384> as KeyInit>::new_from_slice(key).ok()?),
            Sha2::Sha512 => KeyedMac::Sha512(<Hmac<Sha512> as KeyInit>::new_from_slice(key).ok()?),
        })
    }

    /// The tag of `message`.
    pub(crate) fn tag(&self, message: &[u8]) -> Vec<u8> {
        fn run<M: Mac + Clone>(mac: &M, message: &[u8]) -> Vec<u8> {
            let mut mac = mac.clone();
            mac.update(message);
            mac.finalize().into_bytes().to_vec()
        }
        match self {
            KeyedMac::Sha256(m) => run(m, message),
            KeyedMac::Sha384(m) => run(m, message),
            KeyedMac::Sha512(m) => run(m, message),
        }
    }

    /// Whether `tag` is the tag of `message`, compared in constant time.
    pub(crate) fn verify(&self, message: &[u8], tag: &[u8]) -> bool {
        fn run<M: Mac + Clone>(mac: &M, message: &[u8], tag: &[u8]) -> bool {
            let mut mac = mac.clone();
            mac.update(message);
            mac.verify_slice(tag).is_ok()
        }
        match self {
            KeyedMac::Sha256(m) => run(m, message, tag),
            KeyedMac::Sha384(m) => run(m, message, tag),
            KeyedMac::Sha512(m) => run(m, message, tag),
        }
    }
}

/// The HMAC tag of `message` under `key`; `None` for an RSA algorithm.
pub(crate) fn hmac_tag(alg: Algorithm, key: &[u8], message: &[u8]) -> Option<Vec<u8>> {
    KeyedMac::new(alg, key).map(|mac| mac.tag(message))
}

/// A weakness of a signing key worth a warning; `Display` and `Serialize` give
/// the warning's text.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub enum KeyWarning {
    /// An HMAC secret shorter than RFC 7518 asks for `alg`.
    ShortSecret {
        /// The secret's length in bytes.
        len: usize,
        /// The length RFC 7518 asks for.
        minimum: usize,
        /// The algorithm it signs with.
        alg: Algorithm,
    },
}

impl std::fmt::Display for KeyWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyWarning::ShortSecret { len, minimum, alg } => write!(
                f,
                "the secret is {len} bytes; RFC 7518 asks for at least {minimum} bytes for {alg}"
            ),
        }
    }
}

impl From<KeyWarning> for String {
    fn from(warning: KeyWarning) -> String {
        warning.to_string()
    }
}

impl SigningKey {
    /// An RSA private key.
    ///
    /// # Errors
    /// [`Error::Key`] with [`KeyError::SmallKey`] for keys under 2048 bits.
    pub(crate) fn rsa(key: PrivateKey, origin: &Origin) -> Result<SigningKey> {
        Ok(SigningKey(Signing::Rsa(Box::new(RsaSigner::new(
            key, origin,
        )?))))
    }

    /// An HMAC secret given as text in `encoding`, which came from `origin`.
    ///
    /// # Errors
    /// As [`VerifyingKey::hmac`].
    pub fn hmac(secret: &Secret, encoding: SecretEncoding, origin: &Origin) -> Result<SigningKey> {
        Ok(SigningKey(Signing::Hmac(hmac_secret(
            secret, encoding, origin,
        )?)))
    }

    /// A private key of any algorithm: RSA, EC or Ed25519.
    ///
    /// # Errors
    /// [`Error::Key`] with [`KeyError::SmallKey`] for RSA keys under 2048 bits.
    pub fn from_private(key: AnyPrivateKey, origin: &Origin) -> Result<SigningKey> {
        match key {
            AnyPrivateKey::Rsa(k) => SigningKey::rsa(*k, origin),
            AnyPrivateKey::Curve(k) => Ok(SigningKey(Signing::Curve(k))),
        }
    }

    /// The algorithms this kind of key allows.
    pub(crate) fn algorithms(&self) -> &'static [Algorithm] {
        match &self.0 {
            Signing::Rsa(_) => &Algorithm::RSA,
            Signing::Hmac(_) => &Algorithm::HMAC,
            Signing::Curve(k) => curve_algorithms(k.curve()),
        }
    }

    /// RS256 for RSA keys, HS256 for secrets, the curve's one algorithm for EC
    /// and Ed25519 keys.
    pub fn default_algorithm(&self) -> Algorithm {
        match &self.0 {
            Signing::Rsa(_) => Algorithm::RS256,
            Signing::Hmac(_) => Algorithm::HS256,
            Signing::Curve(k) => k.curve().algorithm(),
        }
    }

    /// What is weak about signing with this key and `alg`; the token is signed
    /// all the same. An HMAC secret shorter than the hash (RFC 7518 §3.2) is.
    ///
    /// # Example
    /// ```
    /// use keysmith::codec::SecretEncoding;
    /// use keysmith::jwt::{Algorithm, KeyWarning, SigningKey};
    /// use keysmith::{Origin, Secret};
    /// let key = SigningKey::hmac(&Secret::new("short"), SecretEncoding::Utf8, &Origin::Argument("secret"))?;
    /// let warning = key.warning(Algorithm::HS256).unwrap();
    /// assert_eq!(warning, KeyWarning::ShortSecret { len: 5, minimum: 32, alg: Algorithm::HS256 });
    /// assert_eq!(
    ///     warning.to_string(),
    ///     "the secret is 5 bytes; RFC 7518 asks for at least 32 bytes for HS256"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn warning(&self, alg: Algorithm) -> Option<KeyWarning> {
        let Signing::Hmac(secret) = &self.0 else {
            return None;
        };
        let minimum = match alg {
            Algorithm::HS384 => 48,
            Algorithm::HS512 => 64,
            _ => 32,
        };
        let len = secret.expose().len();
        (len < minimum).then_some(KeyWarning::ShortSecret { len, minimum, alg })
    }

    /// The key that verifies this key's signatures.
    pub fn verifying_key(&self) -> VerifyingKey {
        VerifyingKey(match &self.0 {
            Signing::Rsa(k) => Verifying::Rsa(Box::new(k.to_verifier())),
            Signing::Hmac(s) => Verifying::Hmac(s.clone()),
            Signing::Curve(k) => Verifying::Curve(k.public_key()),
        })
    }
}

/// One JSON Web Key (RFC 7517) that keysmith can verify with: the key, with
/// what its JWK narrows (`kid`, `alg`). Any key a verifier reads becomes one.
#[derive(Clone, Debug)]
pub(crate) struct Jwk {
    kid: Option<String>,
    allowed: Vec<Algorithm>,
    key: VerifyingKey,
    /// [`VerifyingKey::label`], computed once (it hashes the SPKI).
    label: KeyLabel,
    /// For a secret: the HMAC states already keyed, cloned per verification.
    macs: Option<Box<KeyedMacs>>,
}

/// The HS256/384/512 states keyed with one secret, in [`Algorithm::HMAC`] order.
#[derive(Clone, Debug)]
struct KeyedMacs([KeyedMac; 3]);

impl KeyedMacs {
    fn new(key: &VerifyingKey) -> Option<Box<KeyedMacs>> {
        let Verifying::Hmac(secret) = &key.0 else {
            return None;
        };
        let [a, b, c] = Algorithm::HMAC.map(|alg| KeyedMac::new(alg, secret.expose()));
        Some(Box::new(KeyedMacs([a?, b?, c?])))
    }

    fn verify(&self, alg: Algorithm, message: &[u8], tag: &[u8]) -> bool {
        Algorithm::HMAC
            .iter()
            .zip(&self.0)
            .find(|(a, _)| **a == alg)
            .is_some_and(|(_, mac)| mac.verify(message, tag))
    }
}

impl Jwk {
    /// Wraps a key without a `kid` or `alg` restriction.
    pub(crate) fn new(key: VerifyingKey) -> Jwk {
        Jwk {
            kid: None,
            allowed: key.algorithms().to_vec(),
            label: key.label(),
            macs: KeyedMacs::new(&key),
            key,
        }
    }

    /// Parses a JWK object: `kty` `RSA` (`n`, `e`), `oct` (`k`), `EC` (`crv`
    /// P-256/P-384/P-521, `x`, `y`) or `OKP` (`crv` Ed25519, `x`). A private JWK's
    /// private members are ignored. `alg`, when present, is the only algorithm the
    /// key allows (an algorithm keysmith does not know allows none).
    ///
    /// # Errors
    /// [`Error::Input`] with [`InputError::BadJson`] for a wrong shape,
    /// [`JwtError::JwkType`] for other key types ([`KeyError::EcKey`] for EC),
    /// [`JwtError::JwkNotForSigning`] when `use` is not `sig` or `key_ops` lacks
    /// `verify`/`sign`, [`KeyError::SmallKey`] under 2048 bits.
    pub(crate) fn from_json(value: &Value, origin: &Origin) -> Result<Jwk> {
        let Value::Object(map) = value else {
            return Err(Error::unexpected(
                origin,
                Expected::Key,
                InputError::BadJson,
            ));
        };
        let text = |name: &str| map.get(name).and_then(Value::as_str);
        let b64 = |name: &str| -> Result<Vec<u8>> {
            let t = text(name)
                .ok_or_else(|| Error::unexpected(origin, Expected::Key, InputError::BadJson))?;
            crate::codec::base64url_decode(t.as_bytes())
                .ok_or_else(|| Error::unexpected(origin, Expected::Key, InputError::BadBase64))
        };
        if map.get("use").is_some_and(|u| u != "sig") || !key_ops_allow_signatures(map) {
            return Err(Error::unexpected(
                origin,
                Expected::Key,
                JwtError::JwkNotForSigning,
            ));
        }
        let key = match key::jwk_public_key(map, origin, Expected::Key)? {
            Some(key::AnyPublicKey::Rsa(public)) => VerifyingKey::rsa(public, origin)?,
            Some(key::AnyPublicKey::Curve(public)) => VerifyingKey(Verifying::Curve(public)),
            None => VerifyingKey(Verifying::Hmac(checked_secret(
                Secret::new(b64("k")?),
                origin,
            )?)),
        };
        let allowed = match map.get("alg") {
            None => key.algorithms().to_vec(),
            Some(alg) => key
                .algorithms()
                .iter()
                .copied()
                .filter(|a| alg == a.name())
                .collect(),
        };
        Ok(Jwk {
            kid: text("kid").map(str::to_owned),
            allowed,
            label: key.label(),
            macs: KeyedMacs::new(&key),
            key,
        })
    }

    /// Reads a verifying key: a key in any form, a certificate, or a JWK (JSON).
    ///
    /// # Errors
    /// As [`super::Verifier::from_input`].
    pub(crate) fn from_input(input: &Input, passphrase: Option<&Secret>) -> Result<Jwk> {
        let origin = input.origin();
        if input.bytes().trim_ascii_start().starts_with(b"{") {
            let value: Value = serde_json::from_slice(input.bytes())
                .map_err(|_| Error::unexpected(origin, Expected::Key, InputError::BadJson))?;
            if value.get("keys").is_some() {
                // A set given where one key was expected: use it only if it holds one key.
                let set = Jwks::from_json(&value, origin)?;
                return match set.keys.as_slice() {
                    [one] => Ok(one.clone()),
                    _ => Err(Error::unexpected(
                        origin,
                        Expected::Key,
                        InputError::SeveralKeys,
                    )),
                };
            }
            return Jwk::from_json(&value, origin);
        }
        let loaded = crate::cert::load_verifying_key(input, passphrase)?;
        Ok(Jwk::new(VerifyingKey::from_public(
            loaded.key.public_key(),
            origin,
        )?))
    }

    /// The key id, when the JWK has one.
    pub(crate) fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The key.
    pub(crate) fn key(&self) -> &VerifyingKey {
        &self.key
    }

    /// [`VerifyingKey::verify`], with HMAC keys prepared once.
    pub(crate) fn verify(&self, alg: Algorithm, message: &[u8], signature: &[u8]) -> bool {
        match &self.macs {
            Some(macs) => macs.verify(alg, message, signature),
            None => self.key.verify(alg, message, signature),
        }
    }

    /// [`VerifyingKey::label`] of the key.
    pub(crate) fn label(&self) -> KeyLabel {
        self.label
    }

    /// The algorithms this JWK allows (its key's kind, narrowed by its `alg`).
    pub(crate) fn algorithms(&self) -> &[Algorithm] {
        &self.allowed
    }
}

fn key_ops_allow_signatures(map: &Map<String, Value>) -> bool {
    match map.get("key_ops") {
        None => true,
        Some(Value::Array(ops)) => ops.iter().any(|op| op == "verify" || op == "sign"),
        Some(_) => false,
    }
}

/// A JWK Set (`{"keys": [...]}`): the keys a token's `kid` is looked up in.
///
/// Keys keysmith cannot use (EC, OKP, encryption keys) are left out; a `kid` is
/// only ever compared with the keys' `kid` strings.
#[derive(Clone, Debug)]
pub(crate) struct Jwks {
    keys: Vec<Jwk>,
}

impl Jwks {
    /// Parses a JWK Set document.
    ///
    /// # Errors
    /// As [`super::Verifier::from_jwks`].
    pub(crate) fn from_input(input: &Input) -> Result<Jwks> {
        let value: Value = serde_json::from_slice(input.bytes())
            .map_err(|_| Error::unexpected(input.origin(), Expected::Json, InputError::BadJson))?;
        Jwks::from_json(&value, input.origin())
    }

    /// [`Jwks::from_input`] for an already parsed document.
    ///
    /// # Errors
    /// As [`Jwks::from_input`].
    pub(crate) fn from_json(value: &Value, origin: &Origin) -> Result<Jwks> {
        let Some(Value::Array(entries)) = value.get("keys") else {
            return Err(Error::unexpected(
                origin,
                Expected::Json,
                InputError::BadJson,
            ));
        };
        let mut keys = Vec::new();
        for entry in entries {
            match Jwk::from_json(entry, origin) {
                Ok(jwk) => keys.push(jwk),
                Err(
                    Error::Key {
                        found: KeyError::EcKey | KeyError::EdwardsKey,
                        ..
                    }
                    | Error::Jwt {
                        found: JwtError::JwkType | JwtError::JwkNotForSigning,
                        ..
                    },
                ) => {}
                Err(e) => return Err(e),
            }
        }
        if keys.is_empty() {
            return Err(Error::unexpected(
                origin,
                Expected::Key,
                JwtError::NoUsableJwk,
            ));
        }
        Ok(Jwks { keys })
    }

    /// The usable keys, in document order.
    pub(crate) fn keys(&self) -> &[Jwk] {
        &self.keys
    }
}

#[cfg(test)]
mod tests;
