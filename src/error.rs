//! The crate-wide error type.
//!
//! Every failure that stops an operation is an [`Error`]: the input could not be
//! read, it was not what the operation needs, a passphrase was wrong, a file could
//! not be written. An input that is not what the operation needs is told in the
//! variant of its domain, which wraps that domain's enum (`error/domain.rs`): the
//! input's shape, a key, a PKCS#12 file, a JWT or JWK, a token response — in the
//! way rustls's `Error::InvalidCertificate` wraps a `CertificateError`. No layer
//! rewrites another's error, and "needs a passphrase" is one variant,
//! [`Error::NeedsPassphrase`], whatever is encrypted. A check that says "no" (a bad signature, an expired token) is
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

mod domain;
mod helper;

pub(crate) use domain::Unexpected;
pub use domain::{
    Encrypted, InputError, JwtError, KeyError, Malformed, Pkcs12Error, RequestError, Segment,
    TokenResponseError,
};
pub use helper::{CacheError, ConfigProblem, HttpError, ProfileError};

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
    /// a command-line program passes the name of its option, a library caller
    /// the value's role. The library never names an option itself.
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
    /// A private key (RSA, EC or Ed25519).
    PrivateKey,
    /// A public key (RSA, EC or Ed25519).
    PublicKey,
    /// An RSA public key, where no other algorithm will do (a private key is refused).
    RsaPublicKey,
    /// Any key, private or public.
    Key,
    /// A key or an X.509 certificate.
    KeyOrCertificate,
    /// An X.509 certificate.
    Certificate,
    /// A PKCS#10 certificate signing request.
    CertificateRequest,
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
            Expected::PrivateKey => "a private key",
            Expected::PublicKey => "a public key",
            Expected::RsaPublicKey => "an RSA public key",
            Expected::Key => "a key",
            Expected::KeyOrCertificate => "a key or a certificate",
            Expected::Certificate => "an X.509 certificate",
            Expected::CertificateRequest => "a certificate signing request (PKCS#10)",
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
    /// Options that cannot be combined.
    Conflict,
    /// A PKCS#12 passphrase that is not UTF-8 (PKCS#12 passwords are Unicode text).
    Pkcs12Passphrase,
    /// A JWT algorithm that the key cannot use (RSA keys: RS*/PS*; secrets: HS*).
    AlgorithmForKey,
    /// A `key=value` claim without `=` or with an empty key.
    ClaimPair,
    /// Text that is not a distinguished name (RFC 4514 or openssl's `/C=…/CN=…`).
    DistinguishedName,
    /// A subject alternative name that is not `dns:`, `ip:`, `email:` or `uri:` and a value.
    AltName,
    /// A certificate validity of zero days.
    Days,
    /// A certificate whose end of validity is not after its start.
    ValidityOrder,
    /// A certificate whose end of validity is after 9999-12-31T23:59:59Z, the
    /// last time X.509 can encode.
    ValidityRange,
    /// A CA private key that does not belong to the CA certificate.
    CaKeyMismatch,
    /// A private key that does not belong to the certificate it is paired with.
    KeyNotCertificate,
    /// A time that is neither Unix seconds nor RFC 3339.
    Time,
    /// A certificate used as a CA that is not a CA certificate.
    NotCa,
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
            Invalid::Conflict => "these options cannot be combined",
            Invalid::Pkcs12Passphrase => "a PKCS#12 passphrase must be UTF-8 text",
            Invalid::AlgorithmForKey => {
                "this algorithm does not fit the key (RSA keys use RS256/384/512 and \
                 PS256/384/512, secrets HS256/384/512, EC keys ES256 (P-256), ES384 \
                 (P-384) or ES512 (P-521), Ed25519 keys EdDSA)"
            }
            Invalid::ClaimPair => "expected a claim as key=value",
            Invalid::DistinguishedName => {
                "expected a distinguished name such as CN=client.example.com,O=Example Ltd,C=GB \
                 or /C=GB/O=Example Ltd/CN=client.example.com"
            }
            Invalid::AltName => {
                "expected a subject alternative name dns:NAME, ip:ADDRESS, email:ADDRESS or uri:URI \
                 (ASCII; IPv4 or IPv6)"
            }
            Invalid::Days => "a certificate must be valid for at least one day",
            Invalid::ValidityOrder => "the end of validity must be later than its start",
            Invalid::ValidityRange => "the end of validity is out of range (after 9999-12-31)",
            Invalid::CaKeyMismatch => "this private key does not belong to the CA certificate",
            Invalid::KeyNotCertificate => "this private key does not belong to the certificate",
            Invalid::Time => "expected a time as Unix seconds or RFC 3339 (2030-01-31T00:00:00Z)",
            Invalid::NotCa => {
                "this is not a CA certificate (basicConstraints CA:TRUE and keyCertSign)"
            }
        })
    }
}

/// Everything that can stop a keysmith operation.
///
/// An input that is not what the operation needs is reported in the variant of
/// the domain the problem belongs to ([`Error::Input`], [`Error::Key`],
/// [`Error::Pkcs12`], [`Error::Jwt`], [`Error::TokenResponse`]), each with the
/// input's [`Origin`], what was [`Expected`] and that domain's enum saying what
/// was found; every other variant is a failure of its own kind.
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
    /// The input's shape or content is not what the operation needs: not PEM,
    /// DER, Base64 or JSON, or another kind of thing than expected.
    Input {
        /// Where the input came from.
        origin: Origin,
        /// What the operation needed.
        expected: Expected,
        /// What it found.
        found: InputError,
    },
    /// The input holds a key keysmith refuses (algorithm, size, consistency,
    /// encryption scheme or cost).
    Key {
        /// Where the input came from.
        origin: Origin,
        /// What the operation needed.
        expected: Expected,
        /// What is wrong with the key.
        found: KeyError,
    },
    /// The input is a PKCS#12 file keysmith cannot use.
    Pkcs12 {
        /// Where the input came from.
        origin: Origin,
        /// What the operation needed.
        expected: Expected,
        /// What is wrong with the file.
        found: Pkcs12Error,
    },
    /// The input is a malformed JWT or an unusable JWK.
    Jwt {
        /// Where the input came from.
        origin: Origin,
        /// What the operation needed.
        expected: Expected,
        /// What is wrong with it.
        found: JwtError,
    },
    /// The input is a token endpoint's response without a usable token.
    TokenResponse {
        /// Where the input came from.
        origin: Origin,
        /// What the operation needed.
        expected: Expected,
        /// What is missing.
        found: TokenResponseError,
    },
    /// The input is a certificate signing request keysmith will not issue from.
    Request {
        /// Where the input came from.
        origin: Origin,
        /// What the operation needed.
        expected: Expected,
        /// What is wrong with the request.
        found: RequestError,
    },
    /// The input is encrypted and no passphrase was given (for a PKCS#12 file:
    /// the empty one failed). A caller with a terminal may ask for one and try
    /// again ([`Error::needs_passphrase`]).
    NeedsPassphrase {
        /// The encrypted input.
        origin: Origin,
        /// What the operation needed.
        expected: Expected,
        /// What is encrypted.
        encrypted: Encrypted,
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
    /// An output names one of the operation's own inputs (also through `..`,
    /// symbolic links or hard links): writing it would destroy what was read.
    OutputIsInput {
        /// The output.
        path: PathBuf,
        /// The input it names.
        input: PathBuf,
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
    /// The credential helper's configuration file or a profile was refused.
    Profile(ProfileError),
    /// The credential helper's token endpoint gave no token.
    Http(HttpError),
    /// The credential helper's token cache could not be used.
    Cache(CacheError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Read { origin, source } => write!(f, "cannot read {origin}: {source}"),
            Error::Input {
                origin,
                expected,
                found,
            } => write!(f, "{origin}: expected {expected}, found {found}"),
            Error::Key {
                origin,
                expected,
                found,
            } => write!(f, "{origin}: expected {expected}, found {found}"),
            Error::Pkcs12 {
                origin,
                expected,
                found,
            } => write!(f, "{origin}: expected {expected}, found {found}"),
            Error::Jwt {
                origin,
                expected,
                found,
            } => write!(f, "{origin}: expected {expected}, found {found}"),
            Error::TokenResponse {
                origin,
                expected,
                found,
            } => write!(f, "{origin}: expected {expected}, found {found}"),
            Error::Request {
                origin,
                expected,
                found,
            } => write!(f, "{origin}: expected {expected}, found {found}"),
            Error::NeedsPassphrase {
                origin,
                encrypted: Encrypted::Pkcs12,
                ..
            } => write!(f, "{origin}: PKCS#12 file needs its passphrase"),
            Error::NeedsPassphrase {
                origin,
                expected,
                encrypted: Encrypted::PrivateKey,
            } => write!(
                f,
                "{origin}: expected {expected}, found an encrypted private key and no passphrase"
            ),
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
            Error::OutputIsInput { path, input } => write!(
                f,
                "{} names the same file as the input {}; writing it would replace what is read",
                escape_path(path),
                escape_path(input)
            ),
            Error::Write { path, source } => {
                write!(f, "cannot write {}: {source}", escape_path(path))
            }
            Error::Crypto { operation } => write!(f, "cryptographic failure while {operation}"),
            Error::Profile(e) => write!(f, "{e}"),
            Error::Http(e) => write!(f, "{e}"),
            Error::Cache(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Read { source, .. } | Error::Write { source, .. } => Some(source),
            // The wrapped error's own message is this one's: its source is next.
            Error::Http(e) => std::error::Error::source(e),
            Error::Cache(e) => std::error::Error::source(e),
            _ => None,
        }
    }
}

impl Error {
    /// Whether the input is encrypted and no passphrase was given: an encrypted
    /// key, or a PKCS#12 file the empty passphrase does not open. A caller with a
    /// terminal may ask for one and try again.
    pub fn needs_passphrase(&self) -> bool {
        matches!(self, Error::NeedsPassphrase { .. })
    }

    /// The error for an input from `origin` that is not what was `expected`,
    /// in the variant of the domain `found` belongs to.
    pub(crate) fn unexpected(origin: &Origin, expected: Expected, found: impl Unexpected) -> Error {
        found.at(origin.clone(), expected)
    }

    /// [`Error::NeedsPassphrase`] for the input from `origin`.
    pub(crate) fn encrypted(origin: &Origin, expected: Expected, encrypted: Encrypted) -> Error {
        Error::NeedsPassphrase {
            origin: origin.clone(),
            expected,
            encrypted,
        }
    }

    /// The error for what an input that is not what was `expected` holds:
    /// [`Encrypted::PrivateKey`] without a passphrase, or what `self` found.
    /// `None` when `self` is not about what the input holds.
    pub(crate) fn expecting(self, expected: Expected) -> Option<Error> {
        Some(match self {
            Error::Input { origin, found, .. } => found.at(origin, expected),
            Error::Key { origin, found, .. } => found.at(origin, expected),
            Error::Pkcs12 { origin, found, .. } => found.at(origin, expected),
            Error::Jwt { origin, found, .. } => found.at(origin, expected),
            Error::TokenResponse { origin, found, .. } => found.at(origin, expected),
            Error::Request { origin, found, .. } => found.at(origin, expected),
            Error::NeedsPassphrase {
                origin, encrypted, ..
            } => Error::NeedsPassphrase {
                origin,
                expected,
                encrypted,
            },
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests;
