//! The crate-wide error type.
//!
//! Every failure that stops an operation is an [`Error`]: the input could not be
//! read, it was not what the operation needs, a passphrase was wrong, a file could
//! not be written. A check that says "no" (a bad signature, an expired token) is
//! *not* an error; those are reported as data by the modules that check.
//!
//! Invariants: messages are lowercase without a trailing period, name where the
//! input came from ([`Origin`]) and what was expected, and never contain secret
//! bytes. No variant holds text built by formatting. Every value that came from
//! an input (a path, a variable name, a PEM label) is shown through
//! [`crate::text`], so a message is one line that no input can forge.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::text::{Escaped, escape_path};

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where an input came from, for error messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A file on disk.
    Path(PathBuf),
    /// Standard input (`-`).
    Stdin,
    /// A value given directly rather than read from a file, named by the caller:
    /// a command-line program passes its flag (`"--bits"`), a library caller the
    /// value's role. The library never names a flag.
    Argument(&'static str),
    /// An environment variable, by name.
    Env(String),
    /// What was typed at a terminal prompt.
    Prompt,
}

impl Origin {
    /// The origin of a path argument: `-` is standard input, anything else a file.
    pub fn from_path(path: &Path) -> Origin {
        if path == Path::new("-") {
            Origin::Stdin
        } else {
            Origin::Path(path.to_path_buf())
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Path(p) => f.write_str(&escape_path(p)),
            Origin::Stdin => f.write_str("standard input"),
            Origin::Argument(name) => write!(f, "argument {name}"),
            Origin::Env(name) => write!(f, "environment variable {}", Escaped(name)),
            Origin::Prompt => f.write_str("the passphrase typed"),
        }
    }
}

/// What an operation needed to find in its input.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// An RSA private key.
    PrivateKey,
    /// An RSA public key (a private key is refused).
    PublicKey,
    /// Any RSA key, private or public.
    Key,
    /// An RSA key or an X.509 certificate.
    KeyOrCertificate,
    /// An X.509 certificate.
    Certificate,
    /// A PKCS#12 (`.pfx`/`.p12`) file.
    Pkcs12,
    /// A compact JWT (`header.payload.signature`).
    Jwt,
    /// A key, a certificate or a JWT.
    Anything,
    /// Base64 text.
    Base64,
    /// A JSON document.
    Json,
    /// A secret (passphrase, password or HMAC key).
    Secret,
    /// A raw signature (Base64 text or the raw bytes).
    Signature,
    /// A token, or a token endpoint's JSON response.
    TokenResponse,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Expected::PrivateKey => "an RSA private key",
            Expected::PublicKey => "an RSA public key",
            Expected::Key => "an RSA key",
            Expected::KeyOrCertificate => "an RSA key or a certificate",
            Expected::Certificate => "an X.509 certificate",
            Expected::Pkcs12 => "a PKCS#12 file",
            Expected::Jwt => "a JWT",
            Expected::Anything => "a key, a certificate or a JWT",
            Expected::Base64 => "Base64 text",
            Expected::Json => "a JSON document",
            Expected::Secret => "a secret",
            Expected::Signature => "a signature (Base64 text or raw bytes)",
            Expected::TokenResponse => "a token or a token endpoint response",
        })
    }
}

/// What was found instead of what was expected.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
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
    /// An elliptic-curve key (keysmith handles RSA only).
    EcKey,
    /// An Ed25519 or Ed448 key.
    EdwardsKey,
    /// A key of another algorithm, by OID.
    OtherAlgorithm(String),
    /// An X.509 certificate.
    Certificate,
    /// An RSA private key.
    PrivateKey,
    /// An RSA public key.
    PublicKey,
    /// A JWT.
    Jwt,
    /// An RSA key smaller than keysmith accepts.
    SmallKey {
        /// Modulus size of the key found.
        bits: usize,
    },
    /// An RSA private key whose parts do not agree (p·q ≠ n or e·d ≢ 1).
    InconsistentKey,
    /// An encrypted private key, but no passphrase was given.
    EncryptedKey,
    /// JSON that does not parse, or has the wrong shape.
    BadJson,
    /// More than one key where one was expected.
    SeveralKeys,
    /// An encrypted key whose PBKDF2 iteration count is absurd.
    ExcessiveKdfCost,
    /// A key in a legacy encryption (PBES1, PKCS#12 PBE) whose iteration count
    /// is above what keysmith derives.
    ExcessivePbeIterations {
        /// The largest count keysmith derives.
        max: u32,
    },
    /// A PKCS#12 file whose MAC and encrypted parts together ask for more
    /// key-derivation work than keysmith does for one file.
    ExcessivePkcs12Cost,
    /// An encrypted key whose scrypt parameters cost more than keysmith allows.
    ScryptCost {
        /// The CPU/memory cost `N`.
        n: u64,
        /// The block size `r`.
        r: u16,
        /// The parallelization `p`.
        p: u16,
    },
    /// An encrypted private key in a scheme keysmith cannot decrypt (Camellia, RC4, …).
    UnsupportedEncryption,
    /// A JSON response without an `access_token`, `accessToken` or `token` field.
    NoToken,
    /// A token whose expiry cannot be told: not a JWT with `exp`, and no
    /// `expires_in`/`expiresIn` beside it.
    NoExpiry,
    /// An `expires_in`/`expiresIn` that is not a non-negative whole number of seconds.
    BadLifetime,
    /// A JWT that is not well formed, and why.
    MalformedJwt(Malformed),
    /// A PKCS#12 file using an encryption or MAC algorithm keysmith cannot read.
    UnsupportedPkcs12,
    /// A PKCS#12 file without a private key.
    Pkcs12WithoutKey,
    /// A JWK whose `use` or `key_ops` does not allow verifying signatures.
    JwkNotForSigning,
    /// A JWK of a key type keysmith does not handle (not `RSA` or `oct`).
    JwkType,
    /// A JWK Set with no key keysmith can use.
    NoUsableJwk,
    /// Text that is not hex digits in pairs.
    BadHex,
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::Empty => f.write_str("an empty input"),
            Found::Unrecognised => f.write_str("data that is not PEM, DER or Base64"),
            Found::TruncatedPem => f.write_str("a truncated PEM block (no END line)"),
            Found::BadPemBody => f.write_str("a PEM block whose body is not valid Base64"),
            Found::PemLabel(label) => write!(f, "a PEM block labelled '{}'", Escaped(label)),
            Found::MalformedDer => f.write_str("malformed DER"),
            Found::BadBase64 => f.write_str("invalid Base64"),
            Found::BadHex => f.write_str("invalid hex (expected pairs of hex digits)"),
            Found::EcKey => f.write_str("an elliptic-curve (EC) key; keysmith handles RSA keys"),
            Found::EdwardsKey => f.write_str("an Ed25519/Ed448 key; keysmith handles RSA keys"),
            Found::OtherAlgorithm(oid) => {
                write!(f, "a key of algorithm {}, not RSA", Escaped(oid))
            }
            Found::Certificate => f.write_str("a certificate"),
            Found::PrivateKey => f.write_str("a private key"),
            Found::PublicKey => f.write_str("a public key"),
            Found::Jwt => f.write_str("a JWT"),
            Found::SmallKey { bits } => write!(f, "a {bits}-bit RSA key, too small to be safe"),
            Found::InconsistentKey => {
                f.write_str("an inconsistent RSA private key (p·q ≠ n or e·d ≢ 1)")
            }
            Found::EncryptedKey => f.write_str("an encrypted private key and no passphrase"),
            Found::BadJson => f.write_str("invalid JSON"),
            Found::SeveralKeys => f.write_str("several keys"),
            Found::UnsupportedEncryption => f.write_str(
                "an encrypted private key in a scheme keysmith cannot decrypt \
                 (PBES2 with AES-CBC or DES-EDE3, PBES1, the PKCS#12 PBE schemes and \
                 PEM AES/DES-CBC are supported); re-encrypt it with \
                 'openssl pkcs8 -topk8 -v2 aes-256-cbc -in KEY -out key-pkcs8.pem'",
            ),
            Found::ExcessiveKdfCost => f.write_str(
                "an encrypted key whose key-derivation cost is absurdly high \
                 (more than 10 000 000 PBKDF2 iterations); refusing to try",
            ),
            Found::ExcessivePbeIterations { max } => write!(
                f,
                "a legacy-encrypted key whose key derivation asks for more than {max} \
                 iterations; refusing to try"
            ),
            Found::ExcessivePkcs12Cost => f.write_str(
                "a PKCS#12 file whose MAC and encryption ask for an absurdly high \
                 key-derivation cost (more than 10 000 000 PBKDF2 iterations in all, \
                 or 1 000 000 for one legacy derivation); refusing to try",
            ),
            Found::ScryptCost { n, r, p } => {
                let mib = (128u128 * u128::from(*n) * u128::from(*r) * u128::from(*p)) >> 20;
                write!(
                    f,
                    "an encrypted key whose scrypt parameters (N={n}, r={r}, p={p}) \
                     cost {mib} MiB (128·N·r·p), more than the 256 MiB keysmith allows; \
                     refusing to try"
                )
            }
            Found::NoToken => {
                f.write_str("JSON without an access_token, accessToken or token field")
            }
            Found::NoExpiry => f.write_str(
                "a token whose expiry cannot be told (no JWT exp claim and no \
                 expires_in or expiresIn field)",
            ),
            Found::BadLifetime => {
                f.write_str("an expires_in/expiresIn that is not a whole number of seconds")
            }
            Found::MalformedJwt(why) => write!(f, "a malformed JWT: {why}"),
            Found::UnsupportedPkcs12 => {
                f.write_str("a PKCS#12 file with an unsupported encryption or MAC algorithm")
            }
            Found::Pkcs12WithoutKey => f.write_str("a PKCS#12 file without a private key"),
            Found::JwkNotForSigning => {
                f.write_str("a JWK whose 'use' or 'key_ops' does not allow signatures")
            }
            Found::JwkType => f.write_str("a JWK whose 'kty' is neither RSA nor oct"),
            Found::NoUsableJwk => f.write_str("a JWK Set without a usable RSA or oct signing key"),
        }
    }
}

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
        }
    }
}

/// Why an argument value was refused.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invalid {
    /// An RSA key size keysmith does not generate.
    KeyBits,
    /// A Basic-auth user name containing `:` (RFC 7617).
    UserWithColon,
    /// A duration that is not `N`, `Nm`, `Nh`, `Nd` or `Ns`.
    Duration,
    /// A hex thumbprint with the wrong characters or length.
    Thumbprint,
    /// A value that is not an RSA public key: a private key was given.
    PrivateKeyRefused,
    /// Bytes that look like a key or certificate were given as an HMAC secret.
    SecretLooksLikeKey,
    /// An empty secret.
    EmptySecret,
    /// An empty passphrase given to encrypt a key.
    EmptyPassphrase,
    /// A value that should be a number.
    Number,
    /// Options that cannot be combined.
    Conflict,
    /// A PKCS#12 passphrase that is not UTF-8 (PKCS#12 passwords are Unicode text).
    Pkcs12Passphrase,
    /// A JWT algorithm that the key cannot use (RSA keys: RS*/PS*; secrets: HS*).
    AlgorithmForKey,
    /// A `key=value` claim without `=` or with an empty key.
    ClaimPair,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Invalid::KeyBits => "RSA key size must be 2048, 3072 or 4096 bits",
            Invalid::UserWithColon => "a user name must not contain ':' (RFC 7617)",
            Invalid::Duration => "expected a duration such as 3600, 30m, 24h or 2d",
            Invalid::Thumbprint => "expected a hex thumbprint of 20 (SHA-1) or 32 (SHA-256) bytes",
            Invalid::PrivateKeyRefused => "this is a private key, which must never be sent",
            Invalid::SecretLooksLikeKey => {
                "this looks like a key or certificate (PEM, DER, Base64, JWK or SSH), \
                 not an HMAC secret"
            }
            Invalid::EmptySecret => "the secret is empty",
            Invalid::EmptyPassphrase => {
                "the passphrase is empty; an encrypted key needs a non-empty passphrase"
            }
            Invalid::Number => "expected a number",
            Invalid::Conflict => "these options cannot be combined",
            Invalid::Pkcs12Passphrase => "a PKCS#12 passphrase must be UTF-8 text",
            Invalid::AlgorithmForKey => {
                "this algorithm does not fit the key (RSA keys use RS256/384/512 and \
                 PS256/384/512, secrets HS256/384/512)"
            }
            Invalid::ClaimPair => "expected a claim as key=value",
        })
    }
}

/// Everything that can stop a keysmith operation.
#[non_exhaustive]
#[derive(Debug)]
pub enum Error {
    /// The input could not be read.
    Read {
        /// Where the input was to come from.
        origin: Origin,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The input was readable but was not what this operation needs.
    Unexpected {
        /// Where the input came from.
        origin: Origin,
        /// What the operation needed.
        expected: Expected,
        /// What it found.
        found: Found,
    },
    /// The passphrase did not decrypt the private key or PKCS#12 file.
    WrongPassphrase {
        /// The encrypted input.
        origin: Origin,
    },
    /// An argument value was refused.
    Invalid {
        /// The argument, or the input the value came from.
        origin: Origin,
        /// Why it was refused.
        reason: Invalid,
    },
    /// The output file exists and `force` was not given.
    Exists {
        /// The file that would have been overwritten.
        path: PathBuf,
    },
    /// Two outputs name one file (also through `..`, symbolic links or hard links).
    SameFile {
        /// The later output.
        path: PathBuf,
        /// The earlier output it names again.
        other: PathBuf,
    },
    /// The output could not be written.
    Write {
        /// The file being written.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A cryptographic operation failed (random number generator, encoding).
    Crypto {
        /// What was being done, e.g. "generating the key".
        operation: &'static str,
    },
    /// A PKCS#12 file needs a passphrase and none was given (the empty one failed).
    Pkcs12Passphrase {
        /// The PKCS#12 file.
        origin: Origin,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Read { origin, source } => write!(f, "cannot read {origin}: {source}"),
            Error::Unexpected {
                origin,
                expected,
                found,
            } => write!(f, "{origin}: expected {expected}, found {found}"),
            Error::WrongPassphrase { origin } => {
                write!(f, "{origin}: wrong passphrase (decryption failed)")
            }
            Error::Invalid { origin, reason } => write!(f, "{origin}: {reason}"),
            Error::Exists { path } => write!(f, "{} already exists", escape_path(path)),
            Error::SameFile { path, other } => write!(
                f,
                "{} names the same file as {}; one output would replace the other",
                escape_path(path),
                escape_path(other)
            ),
            Error::Write { path, source } => {
                write!(f, "cannot write {}: {source}", escape_path(path))
            }
            Error::Crypto { operation } => write!(f, "cryptographic failure while {operation}"),
            Error::Pkcs12Passphrase { origin } => {
                write!(f, "{origin}: PKCS#12 file needs its passphrase")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Read { source, .. } | Error::Write { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl Error {
    /// Whether the input is encrypted and no passphrase was given: an encrypted
    /// key, or a PKCS#12 file the empty passphrase does not open. A caller with a
    /// terminal may ask for one and try again.
    pub fn needs_passphrase(&self) -> bool {
        matches!(
            self,
            Error::Unexpected {
                found: Found::EncryptedKey,
                ..
            } | Error::Pkcs12Passphrase { .. }
        )
    }

    /// Shorthand for [`Error::Unexpected`].
    pub(crate) fn unexpected(origin: &Origin, expected: Expected, found: Found) -> Error {
        Error::Unexpected {
            origin: origin.clone(),
            expected,
            found,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_messages_name_origin_and_expectation() {
        let err = Error::unexpected(
            &Origin::Path("k.pem".into()),
            Expected::PrivateKey,
            Found::Certificate,
        );
        assert_eq!(
            err.to_string(),
            "k.pem: expected an RSA private key, found a certificate"
        );
        let err = Error::Exists {
            path: "private_key.pem".into(),
        };
        assert_eq!(err.to_string(), "private_key.pem already exists");
    }

    // Issue 10: a file name, variable name or PEM label cannot add a line or
    // an escape sequence to an error message.
    #[test]
    fn issue_10_error_messages_escape_input_values() {
        let err = Error::unexpected(
            &Origin::Path("k\n\u{1b}[2K.pem".into()),
            Expected::PrivateKey,
            Found::PemLabel("EVIL\r\u{202e}".to_owned()),
        );
        assert_eq!(
            err.to_string(),
            r"k\n\u001b[2K.pem: expected an RSA private key, found a PEM block labelled 'EVIL\r\u202e'"
        );
        let err = Error::Invalid {
            origin: Origin::Env("X\u{1b}]0;t\u{7}".to_owned()),
            reason: Invalid::EmptySecret,
        };
        assert_eq!(
            err.to_string(),
            r"environment variable X\u001b]0;t\u0007: the secret is empty"
        );
        let err = Error::Exists {
            path: "a\rb".into(),
        };
        assert_eq!(err.to_string(), r"a\rb already exists");
        let err = Error::Write {
            path: "a\tb".into(),
            source: std::io::Error::other("disk full"),
        };
        assert_eq!(err.to_string(), r"cannot write a\tb: disk full");
    }

    /// Issue 11: the library names no flag and gives no command-line advice;
    /// the caller's origin is the only name in a message.
    #[test]
    fn issue_11_messages_name_no_flag() {
        let origin = Origin::Argument("size");
        let errors = [
            Error::Exists {
                path: "k.pem".into(),
            },
            Error::unexpected(&Origin::Stdin, Expected::PrivateKey, Found::EncryptedKey),
            Error::Pkcs12Passphrase {
                origin: Origin::Stdin,
            },
            Error::Invalid {
                origin: Origin::Stdin,
                reason: Invalid::SecretLooksLikeKey,
            },
            Error::Invalid {
                origin: Origin::Stdin,
                reason: Invalid::PrivateKeyRefused,
            },
            Error::Invalid {
                origin: origin.clone(),
                reason: Invalid::KeyBits,
            },
        ];
        for err in errors {
            let text = err.to_string();
            assert!(!text.contains("--"), "{text}");
            assert!(!text.contains("keysmith "), "{text}");
        }
        assert_eq!(
            crate::key::Bits::new(1024, &origin)
                .unwrap_err()
                .to_string(),
            "argument size: RSA key size must be 2048, 3072 or 4096 bits"
        );
    }
}
