//! keysmith: the credential chores of API integrations, done right.
//!
//! Make RSA key pairs ([`key`]), turn a public key into the Base64 payload a
//! payment gateway wants ([`partner`]), and read every form keys arrive in
//! ([`input`]), writing private keys safely ([`mod@file`]).
//!
//! Everything the `keysmith` command does is a library call first; the binary only
//! parses flags, calls these functions and prints. The library never reads the
//! clock (time is a [`time::Timestamp`] argument), environment variables or the
//! terminal, and never prints.
//!
//! ```
//! use keysmith::input::Input;
//! use keysmith::key;
//! let input = Input::read(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/rsa2048-spki.pem"))?;
//! let loaded = key::load(&input, None)?;
//! assert_eq!(loaded.key.bits(), 2048);
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

pub use error::{Error, Expected, Found, Invalid, Origin, Result};
pub use secret::Secret;
