//! Where a profile's `env = "VAR"`, `password_env` and `passphrase_env`
//! references are looked up.
//!
//! The library never reads the process environment itself: the caller passes a
//! [`Variables`] — the command line passes its own environment, a service may
//! pass a map of its secrets, a test a fixed table.

use std::collections::{BTreeMap, HashMap};
use std::ffi::OsString;

/// A lookup of named values for a profile's `env` references.
///
/// Closures `Fn(&str) -> Option<OsString>` and maps from names to strings are
/// `Variables`.
///
/// # Example
/// ```
/// use std::collections::BTreeMap;
/// use keysmith::token::Variables;
/// // The process environment, as the command line uses it:
/// let process = |name: &str| std::env::var_os(name);
/// assert!(process.var("KEYSMITH_SURELY_UNSET_VARIABLE").is_none());
/// // A service's own secrets:
/// let secrets = BTreeMap::from([("CLIENT_SECRET".to_owned(), "s3cret".to_owned())]);
/// assert_eq!(secrets.var("CLIENT_SECRET").unwrap(), "s3cret");
/// ```
pub trait Variables: Sync {
    /// The value of `name`, or `None` when it is not set.
    fn var(&self, name: &str) -> Option<OsString>;
}

impl<F> Variables for F
where
    F: Fn(&str) -> Option<OsString> + Sync,
{
    fn var(&self, name: &str) -> Option<OsString> {
        self(name)
    }
}

impl<S: std::hash::BuildHasher + Sync> Variables for HashMap<String, String, S> {
    fn var(&self, name: &str) -> Option<OsString> {
        self.get(name).map(OsString::from)
    }
}

impl Variables for BTreeMap<String, String> {
    fn var(&self, name: &str) -> Option<OsString> {
        self.get(name).map(OsString::from)
    }
}

/// No variables at all: every `env` reference is unset.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoVariables;

impl Variables for NoVariables {
    fn var(&self, _: &str) -> Option<OsString> {
        None
    }
}
