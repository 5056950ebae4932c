//! The credential helper: a [`Profile`], a [`Client`] and a [`Store`] composed
//! into [`get`], which `keysmith token get` is.
//!
//! The ladder: a cached access token is used until it comes within the skew of
//! its expiry (the profile's `skew`, at most a fifth of the token's lifetime);
//! then the refresh token, when the profile and the cache have one; then a
//! login. A refused refresh falls back to a login (and its refresh token is never
//! sent again); a refused login drops the cache entry. When the endpoint cannot
//! be reached but the cached token has not expired, that token is returned with
//! a warning. The store's lock is held from reading the entry to writing it, so
//! however many processes ask at once, one request is made.
//!
//! Invariants: a token that fails `expect_thumbprint` is never cached; messages
//! never hold a secret or a token.

use std::fmt;
use std::path::{Path, PathBuf};

use hmac::{Hmac, KeyInit, Mac};
use serde::Serialize;
use sha2::Sha256;

#[cfg(feature = "net")]
use super::State;
use super::Status;
#[cfg(feature = "net")]
use super::cache::Clock;
#[cfg(feature = "net")]
use super::client::{Answer, Client};
use super::profile::{Body, Identity, Profile, Scheme, SecretRef};
#[cfg(feature = "net")]
use super::store::Entry;
use super::store::Key;
#[cfg(feature = "net")]
use super::store::Store;
use super::variables::Variables;
use crate::error::Result;
#[cfg(feature = "net")]
use crate::error::{ConfigProblem, Error, HttpError, ProfileError};
#[cfg(feature = "net")]
use crate::time::Timestamp;

/// The configuration file to read: `explicit` (a flag), else `$KEYSMITH_CONFIG`,
/// else `./keysmith.toml` when it exists, else `$XDG_CONFIG_HOME/keysmith/config.toml`,
/// else `HOME/.config/keysmith/config.toml`. The caller passes the variables.
pub fn config_path(
    explicit: Option<&Path>,
    keysmith_config: Option<PathBuf>,
    xdg_config_home: Option<PathBuf>,
    home: Option<PathBuf>,
) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    if let Some(p) = keysmith_config.filter(|p| !p.as_os_str().is_empty()) {
        return Some(p);
    }
    let local = PathBuf::from("keysmith.toml");
    if local.is_file() {
        return Some(local);
    }
    if let Some(x) = xdg_config_home.filter(|p| p.is_absolute()) {
        return Some(x.join("keysmith").join("config.toml"));
    }
    home.map(|h| h.join(".config").join("keysmith").join("config.toml"))
}

/// The cache directory: `$KEYSMITH_CACHE_DIR`, else `$XDG_CACHE_HOME/keysmith`,
/// else `HOME/.cache/keysmith`. The caller passes the variables.
pub fn cache_dir(
    keysmith_cache_dir: Option<PathBuf>,
    xdg_cache_home: Option<PathBuf>,
    home: Option<PathBuf>,
) -> Option<PathBuf> {
    if let Some(d) = keysmith_cache_dir.filter(|p| !p.as_os_str().is_empty()) {
        return Some(d);
    }
    if let Some(x) = xdg_cache_home.filter(|p| p.is_absolute()) {
        return Some(x.join("keysmith"));
    }
    home.map(|h| h.join(".cache").join("keysmith"))
}

/// The cache key of a profile: its name and an HMAC-SHA-256, under the store's
/// secret naming key ([`Store::naming_key`]), of its endpoint and credentials as
/// they resolve now (URL, method, headers, body, Basic user and password, client
/// certificate files and passphrase, refresh URL). Changing any of them is a
/// cache miss; without the naming key, a name cannot be confirmed by guessing
/// the credentials.
///
/// # Errors
/// A value that cannot be resolved (a missing file or variable).
#[cfg_attr(not(feature = "net"), allow(dead_code))]
pub(crate) fn cache_key(
    profile: &Profile,
    variables: &dyn Variables,
    naming_key: &[u8],
) -> Result<Key> {
    let mut h = <Hmac<Sha256> as KeyInit>::new_from_slice(naming_key).map_err(|_| {
        crate::Error::Crypto {
            operation: "keying the cache names",
        }
    })?;
    let mut put = |label: &str, bytes: &[u8]| {
        h.update(label.as_bytes());
        h.update(&(bytes.len() as u64).to_be_bytes());
        h.update(bytes);
    };
    put("keysmith-token-cache/2", b"");
    if let Some(login) = &profile.login {
        put("url", login.url.as_bytes());
        put("method", login.method().as_bytes());
        for (k, v) in &login.headers {
            put("header", k.as_bytes());
            put("value", v.resolve(None, variables)?.to_string().as_bytes());
        }
        match &login.body {
            Some(Body::Json(fields)) | Some(Body::Form(fields)) => {
                for (k, v) in fields {
                    put("field", k.as_bytes());
                    put("value", v.resolve(None, variables)?.to_string().as_bytes());
                }
            }
            None => {}
        }
    }
    if let Some(basic) = &profile.basic {
        put("user", basic.user.as_bytes());
        put("password", basic.password.read(variables)?.expose());
    }
    let mut secret = |r: &Option<SecretRef>| -> Result<()> {
        if let Some(r) = r {
            put("passphrase", r.read(variables)?.expose());
        }
        Ok(())
    };
    match &profile.identity {
        Some(Identity::Pkcs12 { path, passphrase }) => {
            secret(passphrase)?;
            put("pkcs12", path.as_os_str().as_encoded_bytes());
        }
        Some(Identity::Pem {
            cert,
            key,
            passphrase,
        }) => {
            secret(passphrase)?;
            put("cert", cert.as_os_str().as_encoded_bytes());
            put("key", key.as_os_str().as_encoded_bytes());
        }
        None => {}
    }
    if let Some(refresh) = &profile.refresh {
        put("refresh", refresh.url.as_bytes());
    }
    let digest = h.finalize().into_bytes();
    Ok(Key {
        profile: profile.name.clone(),
        hash: crate::codec::hex_upper(digest.get(..16).unwrap_or_default()).to_ascii_lowercase(),
    })
}

/// A token to use.
///
/// Serialised with SPEC.md's field names: `profile`, `access_token`, `scheme`,
/// then the status's `expires_at`, `seconds_left` and `source` (each `null` for
/// a static token), `from_cache`, `refreshed` and the status's `refresh_token`.
#[derive(Clone, PartialEq, Eq)]
pub struct Got {
    /// The profile.
    pub profile: String,
    /// The access token.
    pub access_token: String,
    /// `Bearer` or `Token`.
    pub scheme: Scheme,
    /// The token's status when [`get`] started; `None` for a static token,
    /// which never expires.
    pub status: Option<Status>,
    /// Whether no request was made.
    pub from_cache: bool,
    /// Whether a refresh token obtained it.
    pub refreshed: bool,
    /// Why a cached token is returned although a new one was due.
    pub warning: Option<String>,
}

impl Serialize for Got {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let status = self.status.as_ref();
        let mut s = serializer.serialize_struct("Got", 9)?;
        s.serialize_field("profile", &self.profile)?;
        s.serialize_field("access_token", &self.access_token)?;
        s.serialize_field("scheme", &self.scheme)?;
        s.serialize_field("expires_at", &status.map(|s| s.expires_at))?;
        s.serialize_field("seconds_left", &status.map(|s| s.seconds_left))?;
        s.serialize_field("source", &status.map(|s| s.source))?;
        s.serialize_field("from_cache", &self.from_cache)?;
        s.serialize_field("refreshed", &self.refreshed)?;
        s.serialize_field("refresh_token", &status.and_then(|s| s.refresh_token))?;
        s.end()
    }
}

impl fmt::Debug for Got {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Got")
            .field("profile", &self.profile)
            .field("status", &self.status)
            .field("from_cache", &self.from_cache)
            .field("refreshed", &self.refreshed)
            .finish_non_exhaustive()
    }
}

/// How [`get`] runs.
#[cfg(feature = "net")]
#[derive(Clone, Copy)]
pub struct GetOptions<'a> {
    /// The clock: the cache is judged at its time when `get` starts, and an
    /// answer is stamped with its time when the answer arrives (what a relative
    /// `expires_in` counts from). [`SystemClock`](super::SystemClock), or a
    /// [`Timestamp`] to judge and stamp at that fixed time.
    pub clock: &'a dyn Clock,
    /// Ignore a cached access token (a refresh token is still used).
    pub force_refresh: bool,
    /// Where the profile's `env` references are looked up.
    pub variables: &'a dyn Variables,
}

#[cfg(feature = "net")]
impl std::fmt::Debug for GetOptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GetOptions")
            .field("now", &self.clock.now())
            .field("force_refresh", &self.force_refresh)
            .finish_non_exhaustive()
    }
}

/// The token of `profile`: from `store` while it is good, else refreshed, else
/// from a new login; see the module documentation for the ladder.
///
/// # Errors
/// Configuration and input errors, an endpoint that cannot be reached (when no
/// cached token is alive), a redirect, an answer without a token, a cache that
/// cannot be used. The partner refusing the credentials (HTTP 400/401/403 to the
/// login) is [`HttpError::Refused`]; a token that does not name the client
/// certificate (`expect_thumbprint`) is [`HttpError::ThumbprintMismatch`] and is
/// not cached.
///
/// # Example
/// A service that keeps tokens in its own directory:
/// ```no_run
/// use std::path::Path;
/// use keysmith::token::{self, FileStore, GetOptions, Profile, SystemClock};
/// let text = std::fs::read_to_string("keysmith.toml")?;
/// let profile = Profile::from_toml(&text, Path::new("keysmith.toml"), "m2m")?;
/// let store = FileStore::open("/var/cache/my-service/tokens")?;
/// // `env` references read the process environment; a service may pass its own map.
/// let variables = |name: &str| std::env::var_os(name);
/// let options = GetOptions { clock: &SystemClock, force_refresh: false, variables: &variables };
/// let got = token::get(&profile, &store, &options)?;
/// println!("Authorization: {} {}", got.scheme.name(), got.access_token);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg(feature = "net")]
pub fn get<S: Store>(profile: &Profile, store: &S, options: &GetOptions<'_>) -> Result<Got> {
    let now = options.clock.now();
    if let Some(value) = &profile.static_token {
        let token = value.resolve(None, options.variables)?;
        let token = token.as_str().unwrap_or_default().trim().to_owned();
        return Ok(Got {
            profile: profile.name.clone(),
            access_token: token,
            scheme: profile.scheme,
            status: None,
            from_cache: true,
            refreshed: false,
            warning: None,
        });
    }
    let key = cache_key(profile, options.variables, &store.naming_key()?)?;
    let _lock = store.lock(&key)?;
    let mut entry = store.load(&key)?;
    if let Some(e) = &entry
        && !options.force_refresh
        && e.state(now, profile.skew) == State::Valid
    {
        return Ok(got(profile, e, now, true, false, None));
    }
    let client = Client::new(profile, options.variables)?;
    // The refresh token, when the profile and the cache have one.
    let mut answer = None;
    if let (Some(request), Some(e)) = (&profile.refresh, &entry)
        && let Some(refresh_token) = e.usable_refresh_token(now)
    {
        match client.send(
            profile,
            request,
            Some(refresh_token),
            options.clock,
            options.variables,
        ) {
            Ok(Answer::Token {
                response,
                received_at,
            }) => answer = Some((response, received_at, true)),
            Ok(Answer::Refused { .. }) => {
                // Never send a refused refresh token again.
                let mut kept = e.clone();
                kept.refresh_token = None;
                kept.refresh_expires_at = None;
                store.save(&key, &kept)?;
                entry = Some(kept);
            }
            Err(error @ Error::Http(HttpError::Unreachable { .. })) => {
                return fallback(profile, entry.as_ref(), now, error);
            }
            Err(error) => return Err(error),
        }
    }
    let (response, received_at, refreshed) = match answer {
        Some(a) => a,
        None => {
            let Some(login) = &profile.login else {
                return Err(ProfileError::Config {
                    file: profile.file.clone().unwrap_or_default(),
                    profile: Some(profile.name.clone()),
                    key: Some("url".to_owned()),
                    problem: ConfigProblem::Missing,
                }
                .into());
            };
            match client.send(profile, login, None, options.clock, options.variables) {
                Ok(Answer::Token {
                    response,
                    received_at,
                }) => (response, received_at, false),
                Ok(Answer::Refused { status, message }) => {
                    store.remove(&key)?;
                    return Err(HttpError::Refused { status, message }.into());
                }
                Err(error @ Error::Http(HttpError::Unreachable { .. })) => {
                    return fallback(profile, entry.as_ref(), now, error);
                }
                Err(error) => return Err(error),
            }
        }
    };
    let url = profile
        .login
        .as_ref()
        .map(|l| l.url.clone())
        .unwrap_or_default();
    // The token goes into a header line: nothing may end that line early.
    let token = response.access_token();
    let printable =
        !token.is_empty() && !token.chars().any(|c| c.is_whitespace() || c.is_control());
    let unusable = |error: Error| -> Error {
        HttpError::Answer {
            url: url.clone(),
            error: Box::new(error),
        }
        .into()
    };
    let origin = crate::Origin::Argument("the token endpoint's answer");
    let expected = crate::Expected::TokenResponse;
    let (expires_at, source) = match response.expiry(received_at).filter(|_| printable) {
        Some(e) => e,
        None if !printable => {
            let found = crate::InputError::Unrecognised;
            return Err(unusable(Error::unexpected(&origin, expected, found)));
        }
        None => {
            let found = crate::TokenResponseError::NoExpiry;
            return Err(unusable(Error::unexpected(&origin, expected, found)));
        }
    };
    if profile.expect_thumbprint {
        if let Some(thumbprint) = client.client_thumbprint() {
            if !names_certificate(response.access_token(), thumbprint) {
                return Err(HttpError::ThumbprintMismatch.into());
            }
        } else {
            return Err(HttpError::ThumbprintMismatch.into());
        }
    }
    // A refresh answer without a new refresh token keeps the old one.
    let refresh_token = response.refresh_token().map(str::to_owned).or_else(|| {
        if refreshed {
            entry.as_ref().and_then(|e| e.refresh_token.clone())
        } else {
            None
        }
    });
    let new = Entry::new(
        &profile.name,
        response.access_token().to_owned(),
        expires_at,
        source,
        refresh_token,
        received_at,
    );
    store.save(&key, &new)?;
    Ok(got(profile, &new, now, false, refreshed, None))
}

#[cfg(feature = "net")]
fn got(
    profile: &Profile,
    e: &Entry,
    now: Timestamp,
    from_cache: bool,
    refreshed: bool,
    warning: Option<String>,
) -> Got {
    Got {
        profile: profile.name.clone(),
        access_token: e.access_token.clone(),
        scheme: profile.scheme,
        status: Some(e.status(now, profile.skew)),
        from_cache,
        refreshed,
        warning,
    }
}

/// The cached token while it lives, with a warning; else the error.
#[cfg(feature = "net")]
fn fallback(profile: &Profile, entry: Option<&Entry>, now: Timestamp, error: Error) -> Result<Got> {
    match entry {
        Some(e) if e.expires_at > now.as_unix() => {
            let warning = format!(
                "{error}; using the cached token, which expires {}",
                Timestamp::from_unix(e.expires_at).describe(now)
            );
            Ok(got(profile, e, now, true, false, Some(warning)))
        }
        _ => Err(error),
    }
}

/// Whether the JWT `token` names the certificate whose SHA-1 is `sha1`: its
/// `thumbprint` claim (hex) or its `x5t` header (base64url).
#[cfg(feature = "net")]
fn names_certificate(token: &str, sha1: &[u8]) -> bool {
    let Some(jwt) = crate::jwt::parse(token) else {
        return false;
    };
    let hex = crate::codec::hex_upper(sha1);
    let claim = jwt
        .payload()
        .get("thumbprint")
        .and_then(|v| v.as_str())
        .map(|t| t.replace(':', "").to_ascii_uppercase() == hex);
    let x5t = jwt
        .header()
        .get("x5t")
        .and_then(|v| v.as_str())
        .map(|t| crate::codec::base64_encode(sha1, crate::codec::Base64Variant::UrlNoPad) == t);
    match (claim, x5t) {
        (None, None) => false,
        (c, x) => c.unwrap_or(true) && x.unwrap_or(true),
    }
}
