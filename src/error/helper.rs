//! The credential helper's domains: its configuration file and profiles
//! ([`ProfileError`], [`ConfigProblem`]), the token endpoint ([`HttpError`])
//! and the token cache ([`CacheError`]), each wrapped by its own [`Error`]
//! variant and reached through `From`.
//!
//! Invariants as in `error.rs`; none holds a secret or a token.

use std::fmt;
use std::path::PathBuf;

use super::Error;
use crate::text::{Escaped, escape_path};

/// Why a profile's configuration was refused.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigProblem {
    /// The TOML parser's (or the schema's) complaint.
    Toml(String),
    /// A password, passphrase or token written in the file (it must come from a
    /// file or a variable: `*_file`/`*_env`, `{ file = … }`, `{ env = … }`).
    LiteralSecret,
    /// This key cannot be given together with another.
    Conflict(&'static str),
    /// This key needs another.
    Needs(&'static str),
    /// The key is required.
    Missing,
    /// A Basic user name with `:`.
    UserWithColon,
    /// `scheme` is neither `Bearer` nor `Token`.
    Scheme,
    /// `http://` to a host that is not loopback.
    PlainHttp,
    /// Not an `https://` URL.
    Url,
    /// A value of the wrong type.
    BadValue,
    /// A reference table with more than one key.
    OneReference,
    /// `refresh_token = true` outside `refresh`.
    RefreshOnly,
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigProblem::Toml(m) => write!(f, "{}", Escaped(m.trim())),
            ConfigProblem::LiteralSecret => {
                f.write_str("a secret cannot be written in the configuration")
            }
            ConfigProblem::Conflict(other) => write!(f, "cannot be given with {other}"),
            ConfigProblem::Needs(other) => write!(f, "needs {other}"),
            ConfigProblem::Missing => f.write_str("is required"),
            ConfigProblem::UserWithColon => f.write_str("a Basic user name cannot contain ':'"),
            ConfigProblem::Scheme => f.write_str("expected \"Bearer\" or \"Token\""),
            ConfigProblem::PlainHttp => f.write_str(
                "plain http is allowed only to a loopback address (127.0.0.1, ::1, localhost)",
            ),
            ConfigProblem::Url => f.write_str("expected an https:// URL"),
            ConfigProblem::BadValue => f.write_str("value of the wrong type"),
            ConfigProblem::OneReference => f.write_str(
                "a reference table has exactly one of env, file, public_key_base64, refresh_token",
            ),
            ConfigProblem::RefreshOnly => {
                f.write_str("refresh_token is allowed only inside refresh")
            }
        }
    }
}

/// What stopped the credential helper in its configuration: the file, a
/// profile, or a value a profile reads.
#[non_exhaustive]
#[derive(Debug)]
pub enum ProfileError {
    /// The configuration file or a profile in it was refused.
    Config {
        /// The configuration file.
        file: PathBuf,
        /// The profile, when the problem is inside one.
        profile: Option<String>,
        /// The key, dotted (`basic.password`).
        key: Option<String>,
        /// What is wrong.
        problem: ConfigProblem,
    },
    /// The configuration file has no such profile.
    NoProfile {
        /// The configuration file.
        file: PathBuf,
        /// The profile asked for.
        profile: String,
    },
    /// An environment variable a profile reads is not set.
    MissingEnv {
        /// Its name.
        variable: String,
    },
    /// A value read from a file or variable is not UTF-8.
    NotUtf8,
    /// A refresh request needs the refresh token and there is none.
    NoRefreshToken,
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileError::Config {
                file,
                profile,
                key,
                problem,
            } => {
                write!(f, "{}", escape_path(file))?;
                if let Some(p) = profile {
                    write!(f, ": profile '{}'", Escaped(p))?;
                }
                if let Some(k) = key {
                    write!(f, ", key '{}'", Escaped(k))?;
                }
                write!(f, ": {problem}")
            }
            ProfileError::NoProfile { file, profile } => write!(
                f,
                "{}: no profile '{}' (expected a [profile.{}] table)",
                escape_path(file),
                Escaped(profile),
                Escaped(profile)
            ),
            ProfileError::MissingEnv { variable } => {
                write!(f, "environment variable {} is not set", Escaped(variable))
            }
            ProfileError::NotUtf8 => {
                f.write_str("a value read from a file or variable is not UTF-8")
            }
            ProfileError::NoRefreshToken => {
                f.write_str("the refresh request needs a refresh token and none is cached")
            }
        }
    }
}

impl From<ProfileError> for Error {
    fn from(e: ProfileError) -> Error {
        Error::Profile(e)
    }
}

/// What stopped the credential helper at the token endpoint.
#[non_exhaustive]
#[derive(Debug)]
pub enum HttpError {
    /// The endpoint could not be reached: network, TLS, timeout, or HTTP 5xx.
    Unreachable {
        /// The endpoint.
        url: String,
        /// What happened.
        reason: String,
    },
    /// The endpoint answered with a redirect, which is never followed.
    Redirect {
        /// The endpoint.
        url: String,
        /// The 3xx status.
        status: u16,
        /// Where it pointed.
        location: Option<String>,
    },
    /// The endpoint answered with a status that is neither a token nor a refusal.
    Status {
        /// The endpoint.
        url: String,
        /// The status.
        status: u16,
    },
    /// A 2xx answer that holds no usable token.
    Answer {
        /// The endpoint.
        url: String,
        /// Why the answer was not a token.
        error: Box<crate::Error>,
    },
    /// The partner refused the credentials (HTTP 400/401/403 to the login).
    Refused {
        /// The HTTP status.
        status: u16,
        /// The partner's message, escaped and at most 300 characters.
        message: Option<String>,
    },
    /// The token does not name the client certificate (the profile's
    /// `expect_thumbprint`); it was not cached.
    ThumbprintMismatch,
    /// The client certificate or key could not be used for TLS.
    Tls {
        /// What the TLS library said.
        reason: String,
    },
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HttpError::Unreachable { url, reason } => write!(
                f,
                "cannot get a token from {}: {}",
                Escaped(url),
                Escaped(reason)
            ),
            HttpError::Redirect {
                url,
                status,
                location,
            } => write!(
                f,
                "{} answered HTTP {status}, a redirect to {}; redirects are not followed: put the new URL in the profile",
                Escaped(url),
                Escaped(location.as_deref().unwrap_or("(no Location)"))
            ),
            HttpError::Status { url, status } => write!(
                f,
                "{} answered HTTP {status}, which is neither a token nor a refusal",
                Escaped(url)
            ),
            HttpError::Answer { url, error } => {
                write!(
                    f,
                    "{} answered without a usable token: {error}",
                    Escaped(url)
                )
            }
            HttpError::Refused { status, message } => {
                write!(f, "the partner refused the credentials (HTTP {status})")?;
                match message {
                    Some(m) => write!(f, ": {m}"),
                    None => Ok(()),
                }
            }
            HttpError::ThumbprintMismatch => f.write_str(
                "the token does not name the client certificate (expect_thumbprint); it was not cached",
            ),
            HttpError::Tls { reason } => {
                write!(f, "cannot use the client certificate: {}", Escaped(reason))
            }
        }
    }
}

impl From<HttpError> for Error {
    fn from(e: HttpError) -> Error {
        Error::Http(e)
    }
}

/// What stopped the credential helper at its token cache.
#[non_exhaustive]
#[derive(Debug)]
pub enum CacheError {
    /// The cache directory or a file in it could not be used.
    Io {
        /// The directory or file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The cache directory is open to other users.
    DirMode {
        /// The directory.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// No cache directory: none of `KEYSMITH_CACHE_DIR`, an absolute
    /// `XDG_CACHE_HOME` or `HOME` is set.
    NoDir,
}

impl fmt::Display for CacheError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CacheError::Io { path, source } => {
                write!(f, "cache {}: {source}", escape_path(path))
            }
            CacheError::DirMode { path, mode } => write!(
                f,
                "cache directory {} has mode {mode:03o}, so other users may read or change its tokens",
                escape_path(path),
            ),
            CacheError::NoDir => f.write_str(
                "no cache directory: none of KEYSMITH_CACHE_DIR, XDG_CACHE_HOME (absolute) or HOME is set",
            ),
        }
    }
}

impl From<CacheError> for Error {
    fn from(e: CacheError) -> Error {
        Error::Cache(e)
    }
}

impl std::error::Error for ProfileError {}

impl std::error::Error for HttpError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            HttpError::Answer { error, .. } => Some(error.as_ref()),
            _ => None,
        }
    }
}

impl std::error::Error for CacheError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CacheError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
