//! keysmith: the credential chores of API integrations, done right.
//!
//! Everything the `keysmith` command does is a library call first; the binary
//! only parses flags, calls these functions and prints. The modules:
//!
//! - [`input`]: the only reader of keys, certificates and tokens (a path, `-` for
//!   standard input, or bytes), with format sniffing, PEM and repairs.
//! - [`codec`]: hex and Base64 in every alphabet, and the encodings a secret may
//!   be given in.
//! - [`key`]: RSA, EC (P-256, P-384, P-521) and Ed25519 keys: generate, load
//!   (PKCS#1, PKCS#8, SEC1, SPKI, JWK, encrypted), encode, inspect, fingerprints;
//!   [`key::KeyAlgorithm`] names any key's algorithm.
//! - [`cert`]: X.509 certificates, bundles and PKCS#12 files: thumbprints,
//!   key/certificate checks, expiry; CSRs, certificates and PKCS#12 files made.
//! - [`inspect`]: what an input holds (a key, certificates, a CSR, a JWT), told
//!   from its shape without decrypting it.
//! - [`sign`]: raw signatures over bytes, with a key of any algorithm.
//! - [`jwt`]: decode, verify and sign compact JWS tokens; [`jwt::Algorithm`] is
//!   the one list of algorithms.
//! - [`jwk`]: public keys published as JWKs and JWK Sets, RFC 7638 thumbprints.
//! - [`token`]: the credential helper: partner profiles, the token request,
//!   token lifetimes, the on-disk cache and the thread-safe [`token::TokenCache`].
//! - [`partner`]: what partners' requests need (Basic auth, the Paymentsgate
//!   payload).
//! - [`mod@file`]: the one writer: atomic, all-or-nothing, private keys mode 0600.
//! - [`text`]: input-derived text made safe to show on a terminal.
//! - [`time`]: [`time::Timestamp`], RFC 3339 and relative times.
//!
//! [`Error`], [`Origin`] and [`Secret`] are re-exported at the root.
//!
//! What the library touches: it reads the files and standard input its callers
//! name (through [`input::Input`]) and writes only the files they name (through
//! [`mod@file`]); it draws from the operating system's random number generator
//! to make keys, salts and IVs. It reads no environment variable and no terminal,
//! and never prints. It reads the clock only where asked to: [`time::Timestamp::now`],
//! which [`token::SystemClock`] (the default clock of a [`token::TokenCache`])
//! calls; every other judgement of time takes `now` as an argument.
//!
//! ```
//! use keysmith::input::Input;
//! use keysmith::key;
//! let input = Input::read(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/rsa2048-spki.pem"))?;
//! let loaded = key::load(&input, None)?;
//! assert_eq!(loaded.format, key::Format::Spki);
//! assert!(!loaded.key.is_private());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod algorithm;
pub mod cert;
pub mod codec;
mod error;
pub mod file;
pub mod input;
pub mod inspect;
pub mod jwk;
pub mod jwt;
pub mod key;
pub mod partner;
mod secret;
pub mod sign;
#[cfg(test)]
mod test_fixture;
pub mod text;
pub mod time;
pub mod token;

pub use error::{
    CacheError, ConfigProblem, Encrypted, Error, Expected, HttpError, InputError, Invalid,
    JwtError, KeyError, Origin, Pkcs12Error, ProfileError, RequestError, Result,
    TokenResponseError,
};
pub use secret::Secret;
