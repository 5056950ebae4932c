//! Token lifetimes: when does a token expire, and is it still good to use?
//!
//! [`Response`] reads what a token endpoint returned, in the shapes partners use:
//! a bare token (JWT or opaque), or JSON with `access_token` / `accessToken` /
//! `token` (at the top or under `data`), `expires_in` / `expiresIn` (a number or a
//! numeric string; relative seconds, or an absolute Unix time when ≥ 10^9) and
//! `refresh_token` / `refreshToken`. [`Status`] judges it at a given `now`.
//! [`TokenCache`] keeps a token for a program and fetches a new one once, however
//! many threads ask, when the old one comes within the skew of expiry.
//!
//! Invariants: the expiry is never guessed. The access token's own JWT `exp` wins
//! over the response fields (it is what the server will check); without either the
//! answer is an error ([`TokenResponseError::NoExpiry`]). A token is `valid` only while more than
//! the skew is left; at its expiry it is `expired`. The library never reads the
//! clock here: `now` and the receipt time are arguments (only [`SystemClock`] reads
//! it, for the cache). Tokens are credentials: `Debug` never shows them.

mod cache;
#[cfg(feature = "net")]
mod client;
mod helper;
mod profile;
#[cfg(feature = "net")]
mod service;
mod store;
mod variables;

pub use cache::{Clock, Fetched, SystemClock, TokenCache};
#[cfg(feature = "net")]
pub use helper::{GetOptions, get};
pub use helper::{Got, cache_dir, config_path};
pub use profile::{
    Basic, Body, Identity, Profile, Request, Scheme, SecretRef, Value as ProfileValue,
    names as profile_names,
};
#[cfg(feature = "net")]
pub use service::{MemoryStore, ProfileCache};
pub use store::{Entry, FileLock, FileStore, Key, Listed, Store};
pub use variables::{NoVariables, Variables};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Error, Expected, InputError, Origin, Result, TokenResponseError};
use crate::input::Input;
use crate::time::Timestamp;

/// The skew keysmith uses unless told otherwise: refresh a minute before expiry.
pub const DEFAULT_SKEW: u32 = 60;

/// An `expires_in` at or above this is an absolute Unix time, not a duration
/// (10^9 s is almost 32 years, and 2001-09-09 as a date).
const ABSOLUTE_THRESHOLD: i64 = 1_000_000_000;

/// Whether a token is still good to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// More than the skew is left.
    Valid,
    /// Not expired yet, but within the skew of expiry: fetch a new one now.
    Refresh,
    /// At or past its expiry.
    Expired,
}

impl State {
    /// The state at `now` of a token expiring at `expires_at`, with `skew` seconds
    /// of margin: `valid` while `now < expires_at - skew`, `expired` from
    /// `expires_at` on, `refresh` in between.
    ///
    /// # Example
    /// ```
    /// use keysmith::time::Timestamp;
    /// use keysmith::token::State;
    /// let exp = Timestamp::from_unix(1000);
    /// assert_eq!(State::at(exp, Timestamp::from_unix(939), 60), State::Valid);
    /// assert_eq!(State::at(exp, Timestamp::from_unix(940), 60), State::Refresh);
    /// assert_eq!(State::at(exp, Timestamp::from_unix(1000), 60), State::Expired);
    /// ```
    pub fn at(expires_at: Timestamp, now: Timestamp, skew: u32) -> State {
        let left = i128::from(expires_at.as_unix()) - i128::from(now.as_unix());
        if left <= 0 {
            State::Expired
        } else if left <= i128::from(skew) {
            State::Refresh
        } else {
            State::Valid
        }
    }

    /// `valid`, `refresh` or `expired`.
    pub const fn name(self) -> &'static str {
        match self {
            State::Valid => "valid",
            State::Refresh => "refresh",
            State::Expired => "expired",
        }
    }
}

/// Where an expiry came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum Source {
    /// The access token's JWT `exp` claim.
    #[serde(rename = "jwt-exp")]
    JwtExp,
    /// A relative `expires_in`/`expiresIn`, counted from the receipt time.
    #[serde(rename = "expires_in")]
    ExpiresIn,
    /// An `expires_in`/`expiresIn` holding an absolute Unix time.
    #[serde(rename = "expires_at")]
    ExpiresAt,
}

impl Source {
    /// `jwt-exp`, `expires_in` or `expires_at`.
    pub const fn name(self) -> &'static str {
        match self {
            Source::JwtExp => "jwt-exp",
            Source::ExpiresIn => "expires_in",
            Source::ExpiresAt => "expires_at",
        }
    }
}

/// The lifetime a response states beside the token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lifetime {
    /// Seconds from when the response was received.
    Seconds(i64),
    /// An absolute time.
    Until(Timestamp),
}

/// What a token endpoint returned: the access token, its stated lifetime and the
/// refresh token.
#[derive(Clone)]
pub struct Response {
    origin: Origin,
    access_token: String,
    lifetime: Option<Lifetime>,
    refresh_token: Option<String>,
}

impl std::fmt::Debug for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("origin", &self.origin)
            .field("lifetime", &self.lifetime)
            .field("refresh_token", &self.refresh_token.as_ref().map(|_| ".."))
            .finish_non_exhaustive()
    }
}

const TOKEN_FIELDS: [&str; 3] = ["access_token", "accessToken", "token"];
const LIFETIME_FIELDS: [&str; 2] = ["expires_in", "expiresIn"];
const REFRESH_FIELDS: [&str; 2] = ["refresh_token", "refreshToken"];

impl Response {
    /// Reads a bare token (JWT or opaque, `Bearer ` prefix allowed) or a JSON
    /// token endpoint response.
    ///
    /// # Errors
    /// Expected [`Expected::TokenResponse`]: [`Error::Input`] with
    /// [`InputError::Empty`], [`InputError::BadJson`], or [`InputError::Unrecognised`]
    /// for text that is not one token; [`Error::TokenResponse`] with
    /// [`TokenResponseError::NoToken`] or [`TokenResponseError::BadLifetime`];
    /// [`Error::Jwt`] with [`crate::JwtError::Malformed`] (expected [`Expected::Jwt`]) for an
    /// access or refresh token that is a JWT but not a well-formed one.
    ///
    /// # Example
    /// ```
    /// use keysmith::input::Input;
    /// use keysmith::time::Timestamp;
    /// use keysmith::token::{Response, Source};
    /// let dir = env!("CARGO_MANIFEST_DIR");
    /// let r = Response::parse(&Input::read(format!("{dir}/testdata/m2m-response.json"))?)?;
    /// let (expires_at, source) = r.expiry(Timestamp::from_unix(1_000)).unwrap();
    /// assert_eq!((expires_at.as_unix(), source), (1_300, Source::ExpiresIn));
    /// assert!(r.refresh_token().is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse(input: &Input) -> Result<Response> {
        let origin = input.origin();
        let unexpected = |found| Error::unexpected(origin, Expected::TokenResponse, found);
        let text = std::str::from_utf8(input.bytes())
            .map_err(|_| unexpected(InputError::Unrecognised))?
            .trim();
        if text.is_empty() {
            return Err(unexpected(InputError::Empty));
        }
        if text.starts_with('{') {
            let value: Value =
                serde_json::from_str(text).map_err(|_| unexpected(InputError::BadJson))?;
            let Value::Object(object) = value else {
                return Err(unexpected(InputError::BadJson));
            };
            return Response::from_json(&object, origin);
        }
        let token = crate::jwt::strip_bearer(text);
        if token.is_empty() || token.contains(char::is_whitespace) {
            return Err(unexpected(InputError::Unrecognised));
        }
        check_jwt(token, origin)?;
        Ok(Response {
            origin: origin.clone(),
            access_token: token.to_owned(),
            lifetime: None,
            refresh_token: None,
        })
    }

    /// Reads a parsed JSON response object.
    ///
    /// # Errors
    /// As [`Response::parse`].
    pub(crate) fn from_json(object: &Map<String, Value>, origin: &Origin) -> Result<Response> {
        let unexpected = |found| Error::unexpected(origin, Expected::TokenResponse, found);
        let data = match object.get("data") {
            Some(Value::Object(data)) => Some(data),
            _ => None,
        };
        let field = |names: &[&str]| -> Option<&Value> {
            [Some(object), data]
                .into_iter()
                .flatten()
                .flat_map(|o| names.iter().filter_map(|n| o.get(*n)))
                .find(|v| !v.is_null())
        };
        let access_token = match field(&TOKEN_FIELDS) {
            Some(Value::String(t)) if !t.trim().is_empty() => {
                crate::jwt::strip_bearer(t.trim()).to_owned()
            }
            _ => return Err(unexpected(TokenResponseError::NoToken)),
        };
        let lifetime = match field(&LIFETIME_FIELDS) {
            None => None,
            Some(v) => {
                Some(lifetime(v).ok_or_else(|| unexpected(TokenResponseError::BadLifetime))?)
            }
        };
        let refresh_token = match field(&REFRESH_FIELDS) {
            Some(Value::String(t)) if !t.trim().is_empty() => Some(t.trim().to_owned()),
            _ => None,
        };
        check_jwt(&access_token, origin)?;
        if let Some(refresh) = &refresh_token {
            check_jwt(refresh, origin)?;
        }
        Ok(Response {
            origin: origin.clone(),
            access_token,
            lifetime,
            refresh_token,
        })
    }

    /// The access token. It is a credential: do not log it.
    pub fn access_token(&self) -> &str {
        &self.access_token
    }

    /// The refresh token, if the response had one. It is a credential.
    pub fn refresh_token(&self) -> Option<&str> {
        self.refresh_token.as_deref()
    }

    /// When the access token expires and where that came from: its JWT `exp`,
    /// else the stated lifetime (relative lifetimes count from `received_at`).
    /// `None` when neither tells.
    ///
    /// # Example
    /// ```
    /// use keysmith::input::Input;
    /// use keysmith::time::Timestamp;
    /// use keysmith::token::{Response, Source};
    /// let dir = env!("CARGO_MANIFEST_DIR");
    /// let r = Response::parse(&Input::read(format!("{dir}/testdata/merchant-response.json"))?)?;
    /// let (expires_at, source) = r.expiry(Timestamp::from_unix(0)).unwrap();
    /// assert_eq!((expires_at.as_unix(), source), (1707241515, Source::ExpiresAt));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn expiry(&self, received_at: Timestamp) -> Option<(Timestamp, Source)> {
        if let Some(exp) = jwt_exp(&self.access_token) {
            return Some((exp, Source::JwtExp));
        }
        match self.lifetime? {
            Lifetime::Seconds(s) => Some((received_at.add_seconds(s), Source::ExpiresIn)),
            Lifetime::Until(t) => Some((t, Source::ExpiresAt)),
        }
    }

    fn no_expiry(&self) -> Error {
        Error::unexpected(
            &self.origin,
            Expected::TokenResponse,
            TokenResponseError::NoExpiry,
        )
    }

    /// The access token with its expiry, as [`TokenCache`] keeps it.
    ///
    /// # Errors
    /// [`Error::TokenResponse`] with [`TokenResponseError::NoExpiry`] when nothing tells the expiry.
    ///
    /// # Example
    /// ```
    /// use keysmith::input::Input;
    /// use keysmith::time::Timestamp;
    /// use keysmith::token::Response;
    /// let dir = env!("CARGO_MANIFEST_DIR");
    /// let r = Response::parse(&Input::read(format!("{dir}/testdata/paymentsgate-response.json"))?)?;
    /// let fetched = r.to_fetched(Timestamp::from_unix(1_800_000_000))?;
    /// assert_eq!(fetched.expires_at.as_unix(), 1_800_003_600);
    /// assert!(fetched.token.starts_with("opaque-"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_fetched(&self, received_at: Timestamp) -> Result<Fetched<String>> {
        let (expires_at, _) = self.expiry(received_at).ok_or_else(|| self.no_expiry())?;
        Ok(Fetched {
            token: self.access_token.clone(),
            expires_at,
        })
    }
}

/// A lifetime from a JSON number or numeric string: whole, non-negative seconds.
fn lifetime(value: &Value) -> Option<Lifetime> {
    let seconds = match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        })?,
        Value::String(s) => s.trim().parse::<i64>().ok()?,
        _ => return None,
    };
    match seconds {
        s if s < 0 => None,
        s if s >= ABSOLUTE_THRESHOLD => Some(Lifetime::Until(Timestamp::from_unix(s))),
        s => Some(Lifetime::Seconds(s)),
    }
}

/// A token the input sniffer takes for a JWT must be a well-formed one: a
/// malformed JWT (an `exp`, `nbf` or `iat` that is not a number…) is an error,
/// never an opaque token whose expiry falls back to `expires_in`.
fn check_jwt(token: &str, origin: &Origin) -> Result<()> {
    let input = Input::from_bytes(origin.clone(), token.as_bytes());
    if let Ok(crate::input::Sniffed::Jwt) = crate::input::sniff(&input, Expected::Jwt) {
        crate::jwt::decode(token, origin)?;
    }
    Ok(())
}

/// The `exp` claim of a token that is a JWT; `None` for opaque tokens and for
/// JWTs without `exp` (or not well formed). The one place token lifetimes look
/// inside a JWT.
fn jwt_exp(token: &str) -> Option<Timestamp> {
    crate::jwt::parse(token).and_then(|t| t.exp())
}

/// The refresh token's part of a [`Status`]: there is one.
///
/// Serialised as `{"present": true, "expires_at": …}` (SPEC.md's shape; a
/// [`Status`] without a refresh token has `null` instead).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refresh {
    /// The refresh token's own JWT `exp`; `None` when it is opaque.
    pub expires_at: Option<Timestamp>,
}

impl Serialize for Refresh {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Refresh", 2)?;
        s.serialize_field("present", &true)?;
        s.serialize_field("expires_at", &self.expires_at)?;
        s.end()
    }
}

/// How to judge a response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// The time to judge at.
    pub now: Timestamp,
    /// When the response was received; `None` takes the file's modification time,
    /// or `now` for input without one (standard input).
    pub received_at: Option<Timestamp>,
    /// Seconds before expiry from which a token is due for `refresh`.
    pub skew: u32,
}

/// A token's status at some time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Status {
    /// `valid`, `refresh` or `expired`.
    pub state: State,
    /// When the access token expires.
    pub expires_at: Timestamp,
    /// Seconds from `now` to the expiry (negative once expired).
    pub seconds_left: i64,
    /// Where the expiry came from.
    pub source: Source,
    /// The refresh token, when the response had one.
    pub refresh_token: Option<Refresh>,
}

impl Status {
    /// Judges `response` at `now` ([`status`] reads the response first).
    ///
    /// # Errors
    /// [`Error::TokenResponse`] with [`TokenResponseError::NoExpiry`] when nothing tells the
    /// expiry (an opaque token without `expires_in`): keysmith never guesses.
    pub(crate) fn new(
        response: &Response,
        received_at: Timestamp,
        now: Timestamp,
        skew: u32,
    ) -> Result<Status> {
        let (expires_at, source) = response
            .expiry(received_at)
            .ok_or_else(|| response.no_expiry())?;
        let refresh_token = response.refresh_token().map(|t| Refresh {
            expires_at: jwt_exp(t),
        });
        Ok(Status {
            state: State::at(expires_at, now, skew),
            expires_at,
            seconds_left: expires_at.as_unix().saturating_sub(now.as_unix()),
            source,
            refresh_token,
        })
    }
}

/// Reads a token or token endpoint response and judges it at `options.now`.
///
/// # Errors
/// As [`Response::parse`]; [`Error::TokenResponse`] with
/// [`TokenResponseError::NoExpiry`] when nothing tells the expiry (an opaque
/// token without `expires_in`): keysmith never guesses.
///
/// # Example
/// ```
/// use keysmith::input::Input;
/// use keysmith::time::Timestamp;
/// use keysmith::token::{self, Options, State};
/// let dir = env!("CARGO_MANIFEST_DIR");
/// let input = Input::read(format!("{dir}/testdata/paymentsgate-response.json"))?;
/// let options = Options {
///     now: Timestamp::from_unix(1_800_003_600),
///     received_at: Some(Timestamp::from_unix(1_800_000_000)),
///     skew: 60,
/// };
/// let status = token::status(&input, &options)?;
/// assert_eq!(status.state, State::Expired);
/// assert_eq!(status.refresh_token.map(|r| r.expires_at), Some(None));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn status(input: &Input, options: &Options) -> Result<Status> {
    let response = Response::parse(input)?;
    let received_at = options
        .received_at
        .or_else(|| input.modified().map(Timestamp::from_system_time))
        .unwrap_or(options.now);
    Status::new(&response, received_at, options.now, options.skew)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Response> {
        Response::parse(&Input::from_bytes(Origin::Stdin, text))
    }

    use crate::test_fixture::input as fixture;

    const T0: i64 = 1_800_000_000;

    #[test]
    fn response_reads_every_field_spelling() {
        let r = parse(r#"{"access_token": "a", "expires_in": "300"}"#).unwrap();
        assert_eq!(
            (r.access_token(), r.lifetime),
            ("a", Some(Lifetime::Seconds(300)))
        );
        let r = parse(r#"{"accessToken": "b", "expiresIn": 3600, "refreshToken": "r"}"#).unwrap();
        assert_eq!(r.lifetime, Some(Lifetime::Seconds(3600)));
        assert_eq!(r.refresh_token(), Some("r"));
        let r = parse(r#"{"data": {"token": "c", "expiresIn": 1707241515}}"#).unwrap();
        assert_eq!(r.access_token(), "c");
        assert_eq!(
            r.lifetime,
            Some(Lifetime::Until(Timestamp::from_unix(1_707_241_515)))
        );
        let r =
            parse(r#"{"access_token": "d", "expires_in": 3600.0, "refresh_token": null}"#).unwrap();
        assert_eq!(r.lifetime, Some(Lifetime::Seconds(3600)));
        assert_eq!(r.refresh_token(), None);
        let r = parse("  Bearer e.f.g \n").unwrap();
        assert_eq!((r.access_token(), r.lifetime), ("e.f.g", None));
    }

    #[test]
    fn response_lifetime_threshold_is_ten_to_the_ninth() {
        let at = |n: i64| parse(&format!(r#"{{"token":"t","expires_in":{n}}}"#)).unwrap();
        assert_eq!(
            at(999_999_999).lifetime,
            Some(Lifetime::Seconds(999_999_999))
        );
        assert_eq!(
            at(1_000_000_000).lifetime,
            Some(Lifetime::Until(Timestamp::from_unix(1_000_000_000)))
        );
        assert_eq!(at(0).lifetime, Some(Lifetime::Seconds(0)));
    }

    #[test]
    fn response_refuses_what_is_not_a_token_response() {
        let message = |text: &str| parse(text).unwrap_err().to_string();
        let prefix = "standard input: expected a token or a token endpoint response, found ";
        assert_eq!(message(""), format!("{prefix}an empty input"));
        assert_eq!(message("{not json"), format!("{prefix}invalid JSON"));
        assert_eq!(
            message(r#"{"expires_in": 300}"#),
            format!("{prefix}JSON without an access_token, accessToken or token field")
        );
        assert_eq!(
            message("two words"),
            format!("{prefix}data that is not PEM, DER or Base64")
        );
        for bad in [r#""-5""#, "-5", r#""5m""#, "true", "1.5", "[1]"] {
            assert_eq!(
                message(&format!(r#"{{"token": "t", "expires_in": {bad}}}"#)),
                format!("{prefix}an expires_in/expiresIn that is not a whole number of seconds"),
                "{bad}"
            );
        }
    }

    #[test]
    fn status_without_expiry_is_an_error_not_a_guess() {
        let r = parse("opaque-token").unwrap();
        let err =
            Status::new(&r, Timestamp::from_unix(T0), Timestamp::from_unix(T0), 60).unwrap_err();
        assert_eq!(
            err.to_string(),
            "standard input: expected a token or a token endpoint response, found a token \
             whose expiry cannot be told (no JWT exp claim and no expires_in or expiresIn field)"
        );
    }

    #[test]
    fn status_states_around_the_skew() {
        let r = parse(r#"{"token": "t", "expires_in": 300}"#).unwrap();
        let at = |offset: i64| {
            Status::new(
                &r,
                Timestamp::from_unix(T0),
                Timestamp::from_unix(T0 + offset),
                60,
            )
            .unwrap()
        };
        assert_eq!((at(239).state, at(239).seconds_left), (State::Valid, 61));
        assert_eq!((at(240).state, at(240).seconds_left), (State::Refresh, 60));
        assert_eq!((at(299).state, at(299).seconds_left), (State::Refresh, 1));
        assert_eq!((at(300).state, at(300).seconds_left), (State::Expired, 0));
        assert_eq!(
            (at(400).state, at(400).seconds_left),
            (State::Expired, -100)
        );
        assert_eq!(at(0).source, Source::ExpiresIn);
        assert_eq!(at(0).expires_at, Timestamp::from_unix(T0 + 300));
    }

    #[test]
    fn status_prefers_the_jwt_exp_over_expires_in() {
        // expires_in says 3600 s; the access token's exp says 1790001800.
        let input = fixture("refresh-response.json");
        let s = status(
            &input,
            &Options {
                now: Timestamp::from_unix(1_790_000_000),
                received_at: Some(Timestamp::from_unix(1_790_000_000)),
                skew: 60,
            },
        )
        .unwrap();
        assert_eq!(s.source, Source::JwtExp);
        assert_eq!(s.expires_at, Timestamp::from_unix(1_790_001_800));
        assert_eq!(
            s.refresh_token,
            Some(Refresh {
                expires_at: Some(Timestamp::from_unix(1_790_172_800))
            })
        );
    }

    #[test]
    fn status_counts_from_the_file_time_by_default() {
        let input = fixture("m2m-response.json");
        let modified = Timestamp::from_system_time(input.modified().unwrap());
        let s = status(
            &input,
            &Options {
                now: modified,
                received_at: None,
                skew: 60,
            },
        )
        .unwrap();
        assert_eq!(s.expires_at, modified.add_seconds(300));
        // Without a file time (standard input) it counts from now.
        let stdin = Input::from_bytes(Origin::Stdin, input.bytes().to_vec());
        let now = Timestamp::from_unix(T0);
        let s = status(
            &stdin,
            &Options {
                now,
                received_at: None,
                skew: 60,
            },
        )
        .unwrap();
        assert_eq!((s.expires_at, s.seconds_left), (now.add_seconds(300), 300));
    }

    #[test]
    fn status_serialises_with_spec_field_names() {
        let r = parse(
            r#"{"data": {"accessToken": "t", "expiresIn": 1707241515, "refreshToken": "r"}}"#,
        )
        .unwrap();
        let s = Status::new(
            &r,
            Timestamp::from_unix(0),
            Timestamp::from_unix(1_707_241_415),
            60,
        )
        .unwrap();
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"state":"valid","expires_at":"2024-02-06T17:45:15Z","seconds_left":100,"source":"expires_at","refresh_token":{"present":true,"expires_at":null}}"#
        );
    }

    #[test]
    fn response_debug_hides_the_tokens() {
        let r =
            parse(r#"{"access_token": "SECRET-A", "refresh_token": "SECRET-R", "expires_in": 1}"#)
                .unwrap();
        let debug = format!("{r:?}");
        assert!(!debug.contains("SECRET"), "{debug}");
    }
}
