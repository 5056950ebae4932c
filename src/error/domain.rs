//! What was found instead of what an operation needed, one enum per domain:
//! the input's shape ([`InputError`]), keys ([`KeyError`]), PKCS#12 files
//! ([`Pkcs12Error`]), JWTs and JWKs ([`JwtError`], [`Malformed`]) and token
//! endpoint responses ([`TokenResponseError`]) and certificate signing requests
//! ([`RequestError`]). Each is wrapped by its own
//! [`Error`] variant, with the input's [`Origin`] and what was [`Expected`].
//!
//! Invariants as in `error.rs`: lowercase messages without a trailing period,
//! input values escaped through [`crate::text`], no secret bytes.

use std::fmt;

use super::{Error, Expected, Origin};
use crate::text::Escaped;

/// What an input holds, or how its shape is broken, when that is not what the
/// operation needs: the input domain of [`Error::Input`].
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    /// Nothing at all (zero bytes or only whitespace).
    Empty,
    /// Bytes that are neither PEM, DER, Base64 nor a JWT.
    Unrecognised,
    /// A PEM block whose `END` line is missing.
    TruncatedPem,
    /// A PEM block whose body is not valid Base64.
    BadPemBody,
    /// A PEM block with a label this operation does not handle.
    PemLabel(String),
    /// DER that does not parse as the structure its label promises.
    MalformedDer,
    /// Text that is not valid Base64.
    BadBase64,
    /// Text that is not hex digits in pairs.
    BadHex,
    /// JSON that does not parse, or has the wrong shape.
    BadJson,
    /// An X.509 certificate.
    Certificate,
    /// An RSA private key.
    PrivateKey,
    /// An RSA public key.
    PublicKey,
    /// A JWT.
    Jwt,
    /// More than one key where one was expected.
    SeveralKeys,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Empty => f.write_str("an empty input"),
            InputError::Unrecognised => f.write_str("data that is not PEM, DER or Base64"),
            InputError::TruncatedPem => f.write_str("a truncated PEM block (no END line)"),
            InputError::BadPemBody => f.write_str("a PEM block whose body is not valid Base64"),
            InputError::PemLabel(label) => {
                write!(f, "a PEM block labelled '{}'", Escaped(label))
            }
            InputError::MalformedDer => f.write_str("malformed DER"),
            InputError::BadBase64 => f.write_str("invalid Base64"),
            InputError::BadHex => f.write_str("invalid hex (expected pairs of hex digits)"),
            InputError::BadJson => f.write_str("invalid JSON"),
            InputError::Certificate => f.write_str("a certificate"),
            InputError::PrivateKey => f.write_str("a private key"),
            InputError::PublicKey => f.write_str("a public key"),
            InputError::Jwt => f.write_str("a JWT"),
            InputError::SeveralKeys => f.write_str("several keys"),
        }
    }
}

/// What is wrong with a key that was found: the key domain of [`Error::Key`].
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyError {
    /// An elliptic-curve key where only an RSA key will do.
    EcKey,
    /// An Ed25519 or Ed448 key.
    EdwardsKey,
    /// A key of another algorithm, by OID.
    OtherAlgorithm(String),
    /// An RSA key smaller than keysmith accepts.
    SmallKey {
        /// Modulus size of the key found.
        bits: usize,
    },
    /// An RSA private key whose parts do not agree (p·q ≠ n or e·d ≢ 1).
    InconsistentKey,
    /// An encrypted private key in a scheme keysmith cannot decrypt (Camellia, RC4, …).
    UnsupportedEncryption,
    /// An encrypted key whose PBKDF2 iteration count is absurd.
    ExcessiveKdfCost,
    /// A key in a legacy encryption (PBES1, PKCS#12 PBE) whose iteration count
    /// is above what keysmith derives.
    ExcessivePbeIterations {
        /// The largest count keysmith derives.
        max: u32,
    },
    /// An encrypted key whose scrypt parameters cost more than keysmith allows.
    ScryptCost {
        /// The CPU/memory cost `N`.
        n: u64,
        /// The block size `r`.
        r: u16,
        /// The parallelization `p`.
        p: u16,
    },
    /// A key asked for in a form it does not have.
    Unfit(crate::key::Unfit),
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::EcKey => {
                f.write_str("an elliptic-curve (EC) key, where only an RSA key will do")
            }
            KeyError::EdwardsKey => {
                f.write_str("an Ed25519/Ed448 key, where only an RSA key will do")
            }
            KeyError::OtherAlgorithm(oid) => write!(
                f,
                "a key of algorithm {}, which keysmith does not handle \
                 (it handles RSA, EC P-256/P-384/P-521 and Ed25519)",
                Escaped(oid)
            ),
            KeyError::SmallKey { bits } => {
                write!(f, "a {bits}-bit RSA key, too small to be safe")
            }
            KeyError::InconsistentKey => {
                f.write_str("an inconsistent RSA private key (p·q ≠ n or e·d ≢ 1)")
            }
            KeyError::UnsupportedEncryption => f.write_str(
                "an encrypted private key in a scheme keysmith cannot decrypt \
                 (PBES2 with AES-CBC or DES-EDE3, PBES1, the PKCS#12 PBE schemes and \
                 PEM AES/DES-CBC are supported); re-encrypt it with \
                 'openssl pkcs8 -topk8 -v2 aes-256-cbc -in KEY -out key-pkcs8.pem'",
            ),
            KeyError::ExcessiveKdfCost => f.write_str(
                "an encrypted key whose key-derivation cost is absurdly high \
                 (more than 10 000 000 PBKDF2 iterations); refusing to try",
            ),
            KeyError::ExcessivePbeIterations { max } => write!(
                f,
                "a legacy-encrypted key whose key derivation asks for more than {max} \
                 iterations; refusing to try"
            ),
            KeyError::ScryptCost { n, r, p } => {
                let mib = (128u128 * u128::from(*n) * u128::from(*r) * u128::from(*p)) >> 20;
                write!(
                    f,
                    "an encrypted key whose scrypt parameters (N={n}, r={r}, p={p}) \
                     cost {mib} MiB (128·N·r·p), more than the 256 MiB keysmith allows; \
                     refusing to try"
                )
            }
            KeyError::Unfit(why) => write!(f, "{why}"),
        }
    }
}

/// What is wrong with a PKCS#12 file: the domain of [`Error::Pkcs12`].
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pkcs12Error {
    /// A PKCS#12 file using an encryption or MAC algorithm keysmith cannot read.
    Unsupported,
    /// A PKCS#12 file without a private key.
    WithoutKey,
    /// A PKCS#12 file whose MAC and encrypted parts together ask for more
    /// key-derivation work than keysmith does for one file.
    ExcessiveCost,
}

impl fmt::Display for Pkcs12Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Pkcs12Error::Unsupported => {
                "a PKCS#12 file with an unsupported encryption or MAC algorithm"
            }
            Pkcs12Error::WithoutKey => "a PKCS#12 file without a private key",
            Pkcs12Error::ExcessiveCost => {
                "a PKCS#12 file whose MAC and encryption ask for an absurdly high \
                 key-derivation cost (more than 10 000 000 PBKDF2 iterations in all, \
                 or 1 000 000 for one legacy derivation); refusing to try"
            }
        })
    }
}

/// What is wrong with a JWT or a JWK: the domain of [`Error::Jwt`].
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JwtError {
    /// A JWT that is not well formed, and why.
    Malformed(Malformed),
    /// A JWK whose `use` or `key_ops` does not allow verifying signatures.
    JwkNotForSigning,
    /// A JWK of a key type keysmith does not handle (not `RSA` or `oct`).
    JwkType,
    /// A JWK Set with no key keysmith can use.
    NoUsableJwk,
}

impl fmt::Display for JwtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JwtError::Malformed(why) => write!(f, "a malformed JWT: {why}"),
            JwtError::JwkNotForSigning => {
                f.write_str("a JWK whose 'use' or 'key_ops' does not allow signatures")
            }
            JwtError::JwkType => f.write_str("a JWK whose 'kty' is neither RSA nor oct"),
            JwtError::NoUsableJwk => {
                f.write_str("a JWK Set without a usable RSA or oct signing key")
            }
        }
    }
}

/// What is wrong with a token endpoint's response: the domain of
/// [`Error::TokenResponse`].
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenResponseError {
    /// A JSON response without an `access_token`, `accessToken` or `token` field.
    NoToken,
    /// A token whose expiry cannot be told: not a JWT with `exp`, and no
    /// `expires_in`/`expiresIn` beside it.
    NoExpiry,
    /// An `expires_in`/`expiresIn` that is not a non-negative whole number of seconds.
    BadLifetime,
}

impl fmt::Display for TokenResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TokenResponseError::NoToken => {
                "JSON without an access_token, accessToken or token field"
            }
            TokenResponseError::NoExpiry => {
                "a token whose expiry cannot be told (no JWT exp claim and no \
                 expires_in or expiresIn field)"
            }
            TokenResponseError::BadLifetime => {
                "an expires_in/expiresIn that is not a whole number of seconds"
            }
        })
    }
}

/// What is wrong with a certificate signing request that was found: the
/// request domain of [`Error::Request`].
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestError {
    /// A request whose signature does not verify with the key it carries.
    BadSignature,
    /// A request signed with an algorithm keysmith does not verify.
    UnsupportedSignature,
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RequestError::BadSignature => {
                "a certificate signing request whose signature does not verify with its key"
            }
            RequestError::UnsupportedSignature => {
                "a certificate signing request whose signature keysmith cannot check \
                 (RSA PKCS#1 v1.5 and ECDSA with SHA-256, SHA-384 or SHA-512, and Ed25519 \
                 are checked)"
            }
        })
    }
}

/// What is encrypted when [`Error::NeedsPassphrase`] asks for a passphrase.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encrypted {
    /// An encrypted private key (PKCS#8, or PKCS#1 with PEM encryption).
    PrivateKey,
    /// A PKCS#12 file that the empty passphrase does not open.
    Pkcs12,
}

/// A fact of one domain that makes an input not what an operation needs:
/// [`Error::unexpected`] puts it into that domain's [`Error`] variant.
pub(crate) trait Unexpected {
    /// The error for this fact about the input from `origin`.
    fn at(self, origin: Origin, expected: Expected) -> Error;
}

macro_rules! unexpected_in {
    ($($domain:ident => $variant:ident),* $(,)?) => {$(
        impl Unexpected for $domain {
            fn at(self, origin: Origin, expected: Expected) -> Error {
                Error::$variant {
                    origin,
                    expected,
                    found: self,
                }
            }
        }
    )*};
}

unexpected_in!(
    InputError => Input,
    KeyError => Key,
    Pkcs12Error => Pkcs12,
    JwtError => Jwt,
    TokenResponseError => TokenResponse,
    RequestError => Request,
);

/// One of the three segments of a compact JWT.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segment {
    /// The JOSE header (first segment).
    Header,
    /// The claims (second segment).
    Payload,
    /// The signature (third segment).
    Signature,
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Segment::Header => "header",
            Segment::Payload => "payload",
            Segment::Signature => "signature",
        })
    }
}

/// What is wrong with a JWT that is not well formed.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Malformed {
    /// Not exactly three dot-separated segments.
    Segments {
        /// How many segments there were.
        found: usize,
    },
    /// A segment carries `=` padding (JWS uses unpadded base64url).
    Padding(Segment),
    /// A segment is not base64url (wrong alphabet, bad length or trailing bits).
    Base64(Segment),
    /// The header or payload is not JSON.
    Json(Segment),
    /// The header or payload is JSON but not an object.
    NotObject(Segment),
    /// The header or payload has the same member twice.
    DuplicateMember(Segment),
    /// The header has no `alg` string.
    MissingAlg,
    /// A time claim (`exp`, `nbf`, `iat`) is not a number.
    TimeNotNumeric(&'static str),
    /// The header's `kid` is not a string.
    KidNotString,
    /// The header is larger than any real header (a denial-of-service attempt).
    HeaderTooLarge,
    /// The header's `crit` names extensions keysmith does not understand (or is not
    /// a non-empty array of names).
    UnsupportedCritical,
    /// The signature's length is not the one size the key's algorithm has (an
    /// ES*/EdDSA signature is JOSE `r‖s`; a DER signature has another length).
    SignatureLength {
        /// The length the key's signatures have, in bytes.
        expected: usize,
        /// The length of the token's signature, in bytes.
        found: usize,
    },
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Malformed::Segments { found } => {
                write!(f, "expected 3 dot-separated segments, found {found}")
            }
            Malformed::Padding(s) => write!(
                f,
                "the {s} has '=' padding (base64url without padding expected)"
            ),
            Malformed::Base64(s) => write!(f, "the {s} is not valid base64url"),
            Malformed::Json(s) => write!(f, "the {s} is not JSON"),
            Malformed::NotObject(s) => write!(f, "the {s} is not a JSON object"),
            Malformed::DuplicateMember(s) => write!(f, "the {s} has a duplicate member"),
            Malformed::MissingAlg => f.write_str("the header has no 'alg'"),
            Malformed::KidNotString => f.write_str("the header's 'kid' is not a string"),
            Malformed::TimeNotNumeric(claim) => write!(f, "the '{claim}' claim is not a number"),
            Malformed::HeaderTooLarge => f.write_str("the header is larger than 64 KiB"),
            Malformed::UnsupportedCritical => {
                f.write_str("the header's 'crit' lists extensions keysmith does not support")
            }
            Malformed::SignatureLength { expected, found } => write!(
                f,
                "the signature is {found} bytes; this key's signatures are {expected} bytes (r||s, not DER)"
            ),
        }
    }
}
