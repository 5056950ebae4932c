//! Credential-helper profiles: how to obtain a partner's access token.
//!
//! A [`Profile`] is read from one `[profile.NAME]` table of a TOML file
//! ([`Profile::from_toml`]) or built in code. It holds *references* to secrets
//! (a file, an environment variable), never a secret itself: a literal
//! `password`, `passphrase`, `client_secret` or `static_token` is refused, and so
//! is any key this module does not know. Values are resolved only when a request
//! is made ([`Value::resolve`]).
//!
//! Invariants: every error names the configuration file, the profile and the
//! key; relative paths are relative to the configuration file's directory; a URL
//! is `https`, or plain `http` to a loopback address only.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value as Json;

use super::variables::Variables;
use crate::error::{ConfigProblem, Error, ProfileError, Result};
use crate::input::Encoding;
use crate::input::Input;
use crate::key::{self, PublicFormat};
use crate::secret::Secret;

/// Keys whose literal value would be a secret written into the configuration.
const SECRET_KEYS: [&str; 5] = [
    "password",
    "passphrase",
    "client_secret",
    "static_token",
    "secret",
];

/// A value in `headers`, `json` or `form`: a literal or a reference.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A literal (string, number, boolean, array).
    Literal(Json),
    /// `{ env = "VAR" }`: the variable's value.
    Env(String),
    /// `{ file = "PATH" }`: the file's content less one trailing newline.
    File(PathBuf),
    /// `{ public_key_base64 = "PATH" }`: Base64 of the SPKI PEM of that public key.
    PublicKeyBase64(PathBuf),
    /// `{ refresh_token = true }`: the cached refresh token (only in `refresh`).
    RefreshToken,
    /// A nested JSON object.
    Object(Vec<(String, Value)>),
}

/// Where a secret comes from: a file (one trailing newline dropped) or a variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretRef {
    /// Read from this file.
    File(PathBuf),
    /// Read from this environment variable.
    Env(String),
}

/// HTTP Basic credentials (RFC 7617).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Basic {
    /// The user (client id).
    pub user: String,
    /// Where the password comes from.
    pub password: SecretRef,
}

/// The client certificate for mutual TLS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Identity {
    /// A PKCS#12 file and its passphrase.
    Pkcs12 {
        /// The `.p12`/`.pfx` file.
        path: PathBuf,
        /// Its passphrase (none: the empty one).
        passphrase: Option<SecretRef>,
    },
    /// A PEM certificate (chain) and its private key, perhaps encrypted.
    Pem {
        /// The certificate file.
        cert: PathBuf,
        /// The private key file.
        key: PathBuf,
        /// The key's passphrase.
        passphrase: Option<SecretRef>,
    },
}

/// A request body.
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    /// A JSON object.
    Json(Vec<(String, Value)>),
    /// An `application/x-www-form-urlencoded` form.
    Form(Vec<(String, Value)>),
}

/// One HTTP request: the login, or the refresh.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// The endpoint.
    pub url: String,
    /// The method; `None` means POST with a body, else GET.
    pub method: Option<String>,
    /// Extra headers.
    pub headers: Vec<(String, Value)>,
    /// The body.
    pub body: Option<Body>,
}

impl Request {
    /// The method this request uses.
    pub fn method(&self) -> &str {
        match (&self.method, &self.body) {
            (Some(m), _) => m,
            (None, Some(_)) => "POST",
            (None, None) => "GET",
        }
    }
}

/// The scheme of the `Authorization` header the token goes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Scheme {
    /// `Authorization: Bearer TOKEN` (RFC 6750).
    Bearer,
    /// `Authorization: Token TOKEN` (Django REST framework style).
    Token,
}

impl Scheme {
    /// `Bearer` or `Token`.
    pub const fn name(self) -> &'static str {
        match self {
            Scheme::Bearer => "Bearer",
            Scheme::Token => "Token",
        }
    }
}

/// How to obtain one partner's token.
#[derive(Clone, Debug, PartialEq)]
pub struct Profile {
    /// The profile's name.
    pub name: String,
    /// The configuration file it came from (for messages), if any.
    pub file: Option<PathBuf>,
    /// The login request (`None` for a `static_token` profile).
    pub login: Option<Request>,
    /// HTTP Basic credentials sent with the login.
    pub basic: Option<Basic>,
    /// The client certificate.
    pub identity: Option<Identity>,
    /// Certificates trusted in addition to the system roots.
    pub ca_file: Option<PathBuf>,
    /// The refresh request, which may use [`Value::RefreshToken`].
    pub refresh: Option<Request>,
    /// The header scheme.
    pub scheme: Scheme,
    /// Seconds before expiry at which a new token is obtained (capped at a fifth
    /// of the token's lifetime).
    pub skew: u32,
    /// Whether the token must name the client certificate.
    pub expect_thumbprint: bool,
    /// How long one request may take.
    pub timeout: Duration,
    /// A permanent token: no request at all.
    pub static_token: Option<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    profile: BTreeMap<String, toml::Table>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    url: Option<String>,
    method: Option<String>,
    headers: Option<toml::Table>,
    json: Option<toml::Table>,
    form: Option<toml::Table>,
    basic: Option<RawBasic>,
    client_pkcs12: Option<PathBuf>,
    client_cert: Option<PathBuf>,
    client_key: Option<PathBuf>,
    passphrase_file: Option<PathBuf>,
    passphrase_env: Option<String>,
    ca_file: Option<PathBuf>,
    refresh: Option<RawRefresh>,
    scheme: Option<String>,
    skew: Option<u32>,
    expect_thumbprint: Option<bool>,
    timeout: Option<u64>,
    static_token: Option<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBasic {
    user: String,
    password_file: Option<PathBuf>,
    password_env: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRefresh {
    url: String,
    method: Option<String>,
    headers: Option<toml::Table>,
    json: Option<toml::Table>,
    form: Option<toml::Table>,
}

/// Names the file, the profile and the key of a configuration error.
struct Context<'a> {
    file: &'a Path,
    profile: &'a str,
}

impl Context<'_> {
    fn error(&self, key: &str, problem: ConfigProblem) -> Error {
        ProfileError::Config {
            file: self.file.to_path_buf(),
            profile: Some(self.profile.to_owned()),
            key: Some(key.to_owned()),
            problem,
        }
        .into()
    }

    fn path(&self, p: PathBuf) -> PathBuf {
        if p.is_absolute() {
            p
        } else {
            self.file.parent().unwrap_or(Path::new(".")).join(p)
        }
    }
}

/// The names of the profiles a configuration text defines, in order.
///
/// # Errors
/// [`ProfileError::Config`] when the text is not TOML with `[profile.NAME]` tables.
pub fn names(text: &str, file: &Path) -> Result<Vec<String>> {
    Ok(parse_file(text, file)?.profile.into_keys().collect())
}

fn parse_file(text: &str, file: &Path) -> Result<RawFile> {
    let parsed = toml::from_str(text).map_err(|e| ProfileError::Config {
        file: file.to_path_buf(),
        profile: None,
        key: None,
        problem: ConfigProblem::Toml(e.message().to_owned()),
    })?;
    Ok(parsed)
}

impl Profile {
    /// Reads the profile `name` from the TOML `text` of the configuration `file`.
    ///
    /// # Errors
    /// [`ProfileError::Config`] naming the file, the profile and the key: not
    /// TOML, an unknown key, a literal secret, a missing or contradictory key, an
    /// `http://` URL to a host that is not loopback; [`ProfileError::NoProfile`]
    /// when the file has no such profile.
    ///
    /// # Example
    /// ```
    /// use std::path::Path;
    /// use keysmith::token::Profile;
    /// let toml = r#"
    /// [profile.oauth]
    /// url   = "https://auth.partner.example/oauth2/token"
    /// form  = { grant_type = "client_credentials" }
    /// basic = { user = "my-client", password_env = "CLIENT_SECRET" }
    /// "#;
    /// let p = Profile::from_toml(toml, Path::new("keysmith.toml"), "oauth")?;
    /// assert_eq!(p.login.unwrap().method(), "POST");
    /// let literal = "[profile.x]\nurl = \"https://a.example/\"\nbasic = { user = \"u\", password = \"pw\" }";
    /// let err = Profile::from_toml(literal, Path::new("k.toml"), "x").unwrap_err();
    /// assert!(err.to_string().contains("basic.password"));
    /// # Ok::<(), keysmith::Error>(())
    /// ```
    pub fn from_toml(text: &str, file: &Path, name: &str) -> Result<Profile> {
        let mut raw = parse_file(text, file)?;
        let table = raw
            .profile
            .remove(name)
            .ok_or_else(|| ProfileError::NoProfile {
                file: file.to_path_buf(),
                profile: name.to_owned(),
            })?;
        let cx = Context {
            file,
            profile: name,
        };
        refuse_literal_secrets(&table, "", &cx)?;
        let raw: RawProfile = RawProfile::deserialize(toml::Value::Table(table)).map_err(|e| {
            ProfileError::Config {
                file: file.to_path_buf(),
                profile: Some(name.to_owned()),
                key: None,
                problem: ConfigProblem::Toml(e.message().to_owned()),
            }
        })?;
        build(raw, &cx)
    }
}

/// Refuses `password = "…"` and its kind anywhere in the profile.
fn refuse_literal_secrets(table: &toml::Table, prefix: &str, cx: &Context<'_>) -> Result<()> {
    for (key, value) in table {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::Table(t) => refuse_literal_secrets(t, &path, cx)?,
            toml::Value::String(_) if SECRET_KEYS.contains(&key.to_ascii_lowercase().as_str()) => {
                return Err(cx.error(&path, ConfigProblem::LiteralSecret));
            }
            _ => {}
        }
    }
    Ok(())
}

fn build(raw: RawProfile, cx: &Context<'_>) -> Result<Profile> {
    let identity = match (raw.client_pkcs12, raw.client_cert, raw.client_key) {
        (None, None, None) => None,
        (Some(p), None, None) => Some(Identity::Pkcs12 {
            path: cx.path(p),
            passphrase: None,
        }),
        (None, Some(cert), Some(key)) => Some(Identity::Pem {
            cert: cx.path(cert),
            key: cx.path(key),
            passphrase: None,
        }),
        (Some(_), _, _) => {
            return Err(cx.error("client_pkcs12", ConfigProblem::Conflict("client_cert")));
        }
        (None, Some(_), None) => {
            return Err(cx.error("client_cert", ConfigProblem::Needs("client_key")));
        }
        (None, None, Some(_)) => {
            return Err(cx.error("client_key", ConfigProblem::Needs("client_cert")));
        }
    };
    let passphrase = secret_ref(
        raw.passphrase_file,
        raw.passphrase_env,
        "passphrase_file",
        cx,
    )?;
    let identity = match (identity, passphrase) {
        (None, Some(_)) => {
            return Err(cx.error(
                "passphrase_file",
                ConfigProblem::Needs("client_pkcs12 or client_key"),
            ));
        }
        (Some(Identity::Pkcs12 { path, .. }), passphrase) => {
            Some(Identity::Pkcs12 { path, passphrase })
        }
        (Some(Identity::Pem { cert, key, .. }), passphrase) => Some(Identity::Pem {
            cert,
            key,
            passphrase,
        }),
        (None, None) => None,
    };
    let basic = match raw.basic {
        None => None,
        Some(b) => {
            if b.user.contains(':') {
                return Err(cx.error("basic.user", ConfigProblem::UserWithColon));
            }
            let password = secret_ref(b.password_file, b.password_env, "basic.password_file", cx)?
                .ok_or_else(|| {
                    cx.error(
                        "basic",
                        ConfigProblem::Needs("password_file or password_env"),
                    )
                })?;
            Some(Basic {
                user: b.user,
                password,
            })
        }
    };
    let scheme = match raw.scheme.as_deref() {
        None | Some("Bearer") => Scheme::Bearer,
        Some("Token") => Scheme::Token,
        Some(_) => return Err(cx.error("scheme", ConfigProblem::Scheme)),
    };
    let static_token = raw
        .static_token
        .map(|v| value(v, "static_token", false, cx))
        .transpose()?;
    let login = match raw.url {
        Some(url) => {
            check_url(&url, "url", cx)?;
            Some(Request {
                url,
                method: raw.method,
                headers: table(raw.headers, "headers", false, cx)?,
                body: body(raw.json, raw.form, "", false, cx)?,
            })
        }
        None if static_token.is_some() => None,
        None => return Err(cx.error("url", ConfigProblem::Missing)),
    };
    if static_token.is_some() && login.is_some() {
        return Err(cx.error("static_token", ConfigProblem::Conflict("url")));
    }
    let refresh = match raw.refresh {
        None => None,
        Some(r) => {
            check_url(&r.url, "refresh.url", cx)?;
            Some(Request {
                url: r.url,
                method: r.method,
                headers: table(r.headers, "refresh.headers", true, cx)?,
                body: body(r.json, r.form, "refresh.", true, cx)?,
            })
        }
    };
    Ok(Profile {
        name: cx.profile.to_owned(),
        file: Some(cx.file.to_path_buf()),
        login,
        basic,
        identity,
        ca_file: raw.ca_file.map(|p| cx.path(p)),
        refresh,
        scheme,
        skew: raw.skew.unwrap_or(super::DEFAULT_SKEW),
        expect_thumbprint: raw.expect_thumbprint.unwrap_or(false),
        timeout: Duration::from_secs(raw.timeout.unwrap_or(30).max(1)),
        static_token,
    })
}

fn secret_ref(
    file: Option<PathBuf>,
    env: Option<String>,
    key: &str,
    cx: &Context<'_>,
) -> Result<Option<SecretRef>> {
    match (file, env) {
        (Some(_), Some(_)) => Err(cx.error(key, ConfigProblem::Conflict("the _env key"))),
        (Some(f), None) => Ok(Some(SecretRef::File(cx.path(f)))),
        (None, Some(v)) => Ok(Some(SecretRef::Env(v))),
        (None, None) => Ok(None),
    }
}

fn check_url(url: &str, key: &str, cx: &Context<'_>) -> Result<()> {
    if url.starts_with("https://") {
        return Ok(());
    }
    let Some(rest) = url.strip_prefix("http://") else {
        return Err(cx.error(key, ConfigProblem::Url));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = match authority.rsplit_once('@') {
        Some((_, h)) => h,
        None => authority,
    };
    let host = if let Some(v6) = host.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host.split(':').next().unwrap_or("")
    };
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if loopback {
        Ok(())
    } else {
        Err(cx.error(key, ConfigProblem::PlainHttp))
    }
}

fn body(
    json: Option<toml::Table>,
    form: Option<toml::Table>,
    prefix: &str,
    in_refresh: bool,
    cx: &Context<'_>,
) -> Result<Option<Body>> {
    match (json, form) {
        (Some(_), Some(_)) => {
            Err(cx.error(&format!("{prefix}form"), ConfigProblem::Conflict("json")))
        }
        (Some(j), None) => Ok(Some(Body::Json(table(
            Some(j),
            &format!("{prefix}json"),
            in_refresh,
            cx,
        )?))),
        (None, Some(f)) => Ok(Some(Body::Form(table(
            Some(f),
            &format!("{prefix}form"),
            in_refresh,
            cx,
        )?))),
        (None, None) => Ok(None),
    }
}

fn table(
    t: Option<toml::Table>,
    key: &str,
    in_refresh: bool,
    cx: &Context<'_>,
) -> Result<Vec<(String, Value)>> {
    let mut out = Vec::new();
    for (k, v) in t.unwrap_or_default() {
        let path = format!("{key}.{k}");
        out.push((k, value(v, &path, in_refresh, cx)?));
    }
    Ok(out)
}

fn value(v: toml::Value, key: &str, in_refresh: bool, cx: &Context<'_>) -> Result<Value> {
    let t = match v {
        toml::Value::Table(t) => t,
        other => {
            let json =
                serde_json::to_value(&other).map_err(|_| cx.error(key, ConfigProblem::BadValue))?;
            return Ok(Value::Literal(json));
        }
    };
    let reference = ["env", "file", "public_key_base64", "refresh_token"]
        .iter()
        .find(|k| t.contains_key(**k));
    let Some(&kind) = reference else {
        return Ok(Value::Object(table(Some(t), key, in_refresh, cx)?));
    };
    if t.len() != 1 {
        return Err(cx.error(key, ConfigProblem::OneReference));
    }
    let Some(inner) = t.get(kind) else {
        return Err(cx.error(key, ConfigProblem::OneReference));
    };
    let text = || {
        inner
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| cx.error(&format!("{key}.{kind}"), ConfigProblem::BadValue))
    };
    Ok(match kind {
        "env" => Value::Env(text()?),
        "file" => Value::File(cx.path(PathBuf::from(text()?))),
        "public_key_base64" => Value::PublicKeyBase64(cx.path(PathBuf::from(text()?))),
        _ => {
            if !in_refresh {
                return Err(cx.error(&format!("{key}.refresh_token"), ConfigProblem::RefreshOnly));
            }
            if inner.as_bool() != Some(true) {
                return Err(cx.error(&format!("{key}.refresh_token"), ConfigProblem::BadValue));
            }
            Value::RefreshToken
        }
    })
}

impl SecretRef {
    /// Reads the secret (a file loses one trailing newline); a variable is
    /// looked up in `variables`.
    ///
    /// # Errors
    /// [`Error::Read`] for an unreadable file, [`ProfileError::MissingEnv`]
    /// for an unset variable.
    #[cfg_attr(not(feature = "net"), allow(dead_code))]
    pub(crate) fn read(&self, variables: &dyn Variables) -> Result<Secret> {
        match self {
            SecretRef::File(p) => Ok(Input::read(p)?.into_secret(false)),
            SecretRef::Env(v) => {
                let value = variables.var(v).ok_or_else(|| ProfileError::MissingEnv {
                    variable: v.clone(),
                })?;
                Ok(Secret::from_value(value.as_encoded_bytes(), false))
            }
        }
    }
}

impl Value {
    /// The JSON value this stands for, reading files and `variables` now;
    /// `refresh_token` is the cached refresh token.
    ///
    /// # Errors
    /// An unreadable file, an unset variable, a file that is not UTF-8, a
    /// private key given as `public_key_base64`, a `refresh_token` reference
    /// without a refresh token.
    #[cfg_attr(not(feature = "net"), allow(dead_code))]
    pub(crate) fn resolve(
        &self,
        refresh_token: Option<&str>,
        variables: &dyn Variables,
    ) -> Result<Json> {
        Ok(match self {
            Value::Literal(j) => j.clone(),
            Value::Env(_) | Value::File(_) => {
                let secret = match self {
                    Value::Env(v) => SecretRef::Env(v.clone()).read(variables)?,
                    Value::File(p) => SecretRef::File(p.clone()).read(variables)?,
                    _ => unreachable_reference(),
                };
                let text =
                    std::str::from_utf8(secret.expose()).map_err(|_| ProfileError::NotUtf8)?;
                Json::String(text.to_owned())
            }
            Value::PublicKeyBase64(p) => {
                let input = Input::read(p)?;
                let loaded = key::load_public_only(&input)?;
                let pem = key::encode_rsa_public(
                    loaded.key.public_key(),
                    PublicFormat::Spki,
                    Encoding::Pem,
                )?;
                Json::String(crate::partner::paymentsgate_payload("", &pem).public_key)
            }
            Value::RefreshToken => Json::String(
                refresh_token
                    .ok_or(ProfileError::NoRefreshToken)?
                    .to_owned(),
            ),
            Value::Object(fields) => {
                let mut map = serde_json::Map::new();
                for (k, v) in fields {
                    map.insert(k.clone(), v.resolve(refresh_token, variables)?);
                }
                Json::Object(map)
            }
        })
    }
}

/// Env and File are matched just above; this arm cannot be reached.
#[cfg_attr(not(feature = "net"), allow(dead_code))]
fn unreachable_reference() -> Secret {
    Secret::new(Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Profile> {
        Profile::from_toml(text, Path::new("/etc/k.toml"), "p")
    }

    #[test]
    fn seed_profiles_parse() {
        let p = parse(
            r#"[profile.p]
url = "https://api.merchant.example/v2/auth/login"
headers = { merchant_id = "b3" }
json = { token = "owner@example.com", password = { env = "MERCHANT_PASSWORD" } }
refresh = { url = "https://api.merchant.example/v2/auth/refresh", json = { refreshToken = { refresh_token = true } } }
"#,
        )
        .unwrap();
        let login = p.login.unwrap();
        assert_eq!(login.method(), "POST");
        assert_eq!(
            login.body,
            Some(Body::Json(vec![
                ("password".into(), Value::Env("MERCHANT_PASSWORD".into())),
                ("token".into(), Value::Literal("owner@example.com".into())),
            ]))
        );
        assert!(
            matches!(p.refresh.unwrap().body, Some(Body::Json(ref f)) if f[0].1 == Value::RefreshToken)
        );
        let p = parse("[profile.p]\nurl = \"https://a.example/\"\nmethod = \"GET\"\nclient_pkcs12 = \"c.p12\"\npassphrase_file = \"s/p\"\n").unwrap();
        assert_eq!(
            p.identity,
            Some(Identity::Pkcs12 {
                path: "/etc/c.p12".into(),
                passphrase: Some(SecretRef::File("/etc/s/p".into()))
            })
        );
    }

    #[test]
    fn issue_12_refusals_name_file_profile_and_key() {
        let cases = [
            (
                "basic = { user = \"u\", password = \"pw\" }",
                "basic.password",
            ),
            ("passphrase = \"x\"", "passphrase"),
            ("json = { password = \"pw\" }", "json.password"),
            ("colour = \"red\"", "colour"),
            ("json = { a = { env = \"A\", file = \"f\" } }", "json.a"),
            (
                "json = { a = { refresh_token = true } }",
                "json.a.refresh_token",
            ),
        ];
        for (line, key) in cases {
            let text = format!("[profile.p]\nurl = \"https://a.example/\"\n{line}\n");
            let msg = parse(&text).unwrap_err().to_string();
            assert!(msg.starts_with("/etc/k.toml: profile 'p'"), "{msg}");
            assert!(msg.contains(key), "{msg} lacks {key}");
            assert!(!msg.contains("pw\""), "{msg}");
        }
        let msg = parse("[profile.p]\nstatic_token = \"abc\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("static_token") && !msg.contains("abc"),
            "{msg}"
        );
    }

    #[test]
    fn issue_12_plain_http_only_to_loopback() {
        for ok in [
            "http://127.0.0.1:8080/t",
            "http://localhost/t",
            "http://[::1]:1/t",
        ] {
            assert!(
                parse(&format!("[profile.p]\nurl = \"{ok}\"\n")).is_ok(),
                "{ok}"
            );
        }
        for bad in [
            "http://example.com/t",
            "http://127.0.0.1.evil.example/",
            "ftp://x/",
        ] {
            assert!(
                parse(&format!("[profile.p]\nurl = \"{bad}\"\n")).is_err(),
                "{bad}"
            );
        }
    }
}
