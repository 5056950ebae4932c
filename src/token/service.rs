//! The credential helper in process: a [`TokenCache`] whose fetch is [`get`]
//! for one [`Profile`], and a [`MemoryStore`] for services that keep no files.
//!
//! A [`ProfileCache`] serves many threads: the cached token while it is valid,
//! else one run of the helper's ladder (refresh token, else login) however many
//! threads ask at once. With a [`FileStore`](super::FileStore) it shares the
//! `keysmith token get` cache, locks included, with other processes.
//!
//! Invariants: a refusal or a token that fails `expect_thumbprint` is an error of
//! the fetch, never a cached token; the fetch error never holds a secret.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use zeroize::Zeroizing;

use super::cache::{Fetched, SystemClock, TokenCache};
use super::helper::{GetOptions, get};
use super::profile::Profile;
use super::store::{Entry, Key, Store};
use super::variables::Variables;
use crate::error::{Error, Result};

/// The fetch of a [`ProfileCache`].
pub(crate) type ProfileFetch = Box<dyn Fn() -> Result<Fetched<String>, Arc<Error>> + Send + Sync>;

/// A thread-safe token cache for one profile; see [`TokenCache::from_profile`].
pub type ProfileCache = TokenCache<String, Arc<Error>, ProfileFetch>;

impl ProfileCache {
    /// A cache of `profile`'s token for a whole program: each fetch is one
    /// [`get`] with `store` (a [`MemoryStore`], or the [`FileStore`](super::FileStore)
    /// that `keysmith token get` shares) and `variables` for its `env`
    /// references. The skew is the profile's.
    ///
    /// # Errors
    /// [`get`](TokenCache::get) returns the helper's errors; a refused login is
    /// [`HttpError::Refused`](crate::HttpError::Refused), a token that does not name the client
    /// certificate [`HttpError::ThumbprintMismatch`](crate::HttpError::ThumbprintMismatch).
    ///
    /// # Example
    /// A service that calls a partner from many threads:
    /// ```no_run
    /// use std::path::Path;
    /// use std::sync::Arc;
    /// use keysmith::token::{MemoryStore, Profile, ProfileCache};
    ///
    /// struct PartnerApi {
    ///     tokens: ProfileCache,
    /// }
    ///
    /// impl PartnerApi {
    ///     fn authorization(&self) -> Result<String, Arc<keysmith::Error>> {
    ///         // Cached until within the skew of expiry; then one request, however
    ///         // many threads ask at that moment.
    ///         Ok(format!("Bearer {}", self.tokens.get()?))
    ///     }
    /// }
    ///
    /// let text = std::fs::read_to_string("keysmith.toml")?;
    /// let profile = Profile::from_toml(&text, Path::new("keysmith.toml"), "oauth")?;
    /// // The client secret of `password_env = "CLIENT_SECRET"` comes from the
    /// // process environment here; a map of the service's secrets works too.
    /// let variables = |name: &str| std::env::var_os(name);
    /// let api = Arc::new(PartnerApi {
    ///     tokens: ProfileCache::from_profile(profile, MemoryStore::new(), variables),
    /// });
    /// let workers: Vec<_> = (0..8)
    ///     .map(|_| {
    ///         let api = Arc::clone(&api);
    ///         std::thread::spawn(move || api.authorization())
    ///     })
    ///     .collect();
    /// for w in workers {
    ///     let _header = w.join().expect("worker")?;
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_profile<S, V>(profile: Profile, store: S, variables: V) -> ProfileCache
    where
        S: Store + Send + Sync + 'static,
        V: Variables + Send + 'static,
    {
        let skew = profile.skew;
        let fetch = move || -> Result<Fetched<String>, Arc<Error>> {
            let options = GetOptions {
                clock: &SystemClock,
                force_refresh: false,
                variables: &variables,
            };
            let got = get(&profile, &store, &options).map_err(Arc::new)?;
            let expires_at = match got.status {
                Some(status) => status.expires_at,
                // A static token does not expire.
                None => crate::time::Timestamp::from_unix(i64::MAX),
            };
            Ok(Fetched {
                token: got.access_token,
                expires_at,
            })
        };
        TokenCache::new(Box::new(fetch) as ProfileFetch).with_skew(skew)
    }
}

/// A [`Store`] in memory, for a service that keeps its tokens only while it runs
/// (the refresh token included, so a refresh needs no new login).
///
/// Its lock keeps nobody out: a [`ProfileCache`] already runs one fetch at a
/// time. Share one `MemoryStore` between caches only if they never fetch the
/// same profile at once.
#[derive(Default)]
pub struct MemoryStore {
    entries: Mutex<HashMap<String, Entry>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }
}

impl std::fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        f.debug_struct("MemoryStore")
            .field("entries", &entries.len())
            .finish()
    }
}

impl Store for MemoryStore {
    type Lock = ();

    fn lock(&self, _: &Key) -> Result<()> {
        Ok(())
    }

    fn load(&self, key: &Key) -> Result<Option<Entry>> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(entries.get(&name(key)).cloned())
    }

    fn save(&self, key: &Key, entry: &Entry) -> Result<()> {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.insert(name(key), entry.clone());
        Ok(())
    }

    fn remove(&self, key: &Key) -> Result<()> {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.remove(&name(key));
        Ok(())
    }

    /// A fixed key: the names never leave the process.
    fn naming_key(&self) -> Result<Zeroizing<Vec<u8>>> {
        Ok(Zeroizing::new(vec![0; 32]))
    }
}

fn name(key: &Key) -> String {
    format!("{}\0{}", key.profile, key.hash)
}
