//! basic-auth, token status.

use keysmith::Origin;
use keysmith::input::Input;
use keysmith::partner::basic_auth as basic_credentials;
use keysmith::time::Timestamp;
use keysmith::token::{self, Options, Source, Status};

use super::{Ask, CmdResult, Failure, FileRule, Source as SecretSource, now, print_json, secret};
use crate::Outcome;
use crate::cli::BasicAuthArgs;
use crate::cli::token::{TokenForgetArgs, TokenGetArgs, TokenListArgs, TokenStatusArgs};
use keysmith::text::Escaped;

/// `keysmith basic-auth`.
pub fn basic_auth(args: BasicAuthArgs) -> CmdResult {
    let source = SecretSource {
        file: args.password_file.as_deref(),
        env: args.password_env.as_deref(),
        env_flag: "--password-env",
        rule: FileRule::Value {
            keep_newline: false,
        },
    };
    let (password, _) = secret(&source, Ask::Once("Password: "))?.ok_or_else(|| {
        Failure::Usage(
            "basic-auth needs a password: give --password-file or --password-env \
             (or run it on a terminal to be asked)"
                .to_owned(),
        )
    })?;
    let credentials = basic_credentials(&args.user, &password, &Origin::Argument("--user"))?;
    if args.header {
        outln!("Authorization: {}", credentials.as_str())?;
    } else {
        outln!("{}", credentials.as_str())?;
    }
    Ok(Outcome::Pass)
}

/// `keysmith token status`.
pub fn status(args: TokenStatusArgs) -> CmdResult {
    let now = now(&args.now);
    let input = Input::read(&args.response)?;
    let status = token::status(
        &input,
        &Options {
            now,
            received_at: args.received_at.map(Timestamp::from_unix),
            skew: args.skew,
        },
    )?;
    // The default receipt time of a relative lifetime is the file's modification time, which a
    // copy or a checkout resets: the text says when that default was used.
    let counted_from_mtime = match (args.received_at, status.source) {
        (None, Source::ExpiresIn) => input.modified().map(Timestamp::from_system_time),
        _ => None,
    };
    if args.json {
        print_json(&status)?;
    } else {
        out!("{}", render(&status, now, counted_from_mtime))?;
    }
    Ok(match status.state {
        token::State::Valid => Outcome::Pass,
        token::State::Refresh | token::State::Expired => Outcome::Reject,
    })
}

fn render(status: &Status, now: Timestamp, counted_from_mtime: Option<Timestamp>) -> String {
    let source = match (status.source, counted_from_mtime) {
        (Source::JwtExp, _) => "the access token's exp claim".to_owned(),
        (Source::ExpiresIn, None) => {
            "expires_in, counted from when the response was received".to_owned()
        }
        (Source::ExpiresIn, Some(mtime)) => format!(
            "expires_in, counted from the file's modification time, {}; \
             give --received-at to set it",
            mtime
        ),
        (Source::ExpiresAt, _) => "expires_in, an absolute Unix time".to_owned(),
    };
    let refresh = match status.refresh_token {
        None => "none".to_owned(),
        Some(token::Refresh {
            expires_at: Some(t),
            ..
        }) => format!("expires {}", t.describe(now)),
        Some(token::Refresh {
            expires_at: None, ..
        }) => "present (opaque, expiry unknown)".to_owned(),
    };
    format!(
        "state:         {}\nexpires at:    {}\nseconds left:  {}\nsource:        {} ({source})\nrefresh token: {refresh}\n",
        status.state.name(),
        status.expires_at.describe(now),
        status.seconds_left,
        status.source.name(),
    )
}

/// The process's environment variable `name`: what a profile's `env` references read.
#[cfg(feature = "net")]
fn process_variable(name: &str) -> Option<std::ffi::OsString> {
    std::env::var_os(name)
}

/// The process's environment variable `name` as a path, when set.
fn env_path(name: &str) -> Option<std::path::PathBuf> {
    std::env::var_os(name).map(std::path::PathBuf::from)
}

fn cache_store() -> keysmith::Result<token::FileStore> {
    let dir = token::cache_dir(
        env_path("KEYSMITH_CACHE_DIR"),
        env_path("XDG_CACHE_HOME"),
        env_path("HOME"),
    )
    .ok_or(keysmith::CacheError::NoDir)?;
    token::FileStore::open(dir)
}

fn config_file(explicit: Option<&std::path::Path>) -> Option<std::path::PathBuf> {
    token::config_path(
        explicit,
        env_path("KEYSMITH_CONFIG"),
        env_path("XDG_CONFIG_HOME"),
        env_path("HOME"),
    )
}

fn read_config(path: &std::path::Path) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|source| {
        Failure::Library(keysmith::Error::Read {
            origin: keysmith::Origin::Path(path.to_path_buf()),
            source,
        })
    })
}

/// `keysmith token get`.
pub fn get(args: TokenGetArgs) -> CmdResult {
    let path = config_file(args.config.as_deref()).ok_or_else(|| {
        Failure::Usage(
            "no configuration file: give --config FILE or set KEYSMITH_CONFIG".to_owned(),
        )
    })?;
    let text = read_config(&path)?;
    let profile = token::Profile::from_toml(&text, &path, &args.profile)?;
    let got = match fetch(&profile, &args) {
        Ok(got) => got,
        // A refusal is the partner saying no: exit 1, the message naming the profile.
        Err(Failure::Library(
            e @ keysmith::Error::Http(
                keysmith::HttpError::Refused { .. } | keysmith::HttpError::ThumbprintMismatch,
            ),
        )) => {
            super::to_stderr(format_args!("error: {}: {e}\n", Escaped(&args.profile)));
            return Ok(Outcome::Reject);
        }
        Err(e) => return Err(e),
    };
    if let Some(w) = &got.warning {
        super::warn(w);
    }
    let header = format!("Authorization: {} {}", got.scheme.name(), got.access_token);
    if args.json {
        print_json(&got)?;
    } else if args.header {
        outln!("{header}")?;
    } else if args.curl_config {
        let quoted = header.replace('\\', "\\\\").replace('"', "\\\"");
        outln!("header = \"{quoted}\"")?;
    } else {
        outln!("{}", got.access_token)?;
    }
    Ok(Outcome::Pass)
}

#[cfg(feature = "net")]
fn fetch(profile: &token::Profile, args: &TokenGetArgs) -> Result<token::Got, Failure> {
    let store = cache_store()?;
    // --now judges and stamps at that time; else the system clock, read when
    // the answer arrives for what a relative expires_in counts from.
    let fixed = args.now.now.map(Timestamp::from_unix);
    let options = token::GetOptions {
        clock: match &fixed {
            Some(t) => t,
            None => &token::SystemClock,
        },
        force_refresh: args.force_refresh,
        variables: &process_variable,
    };
    Ok(token::get(profile, &store, &options)?)
}

#[cfg(not(feature = "net"))]
fn fetch(_: &token::Profile, _: &TokenGetArgs) -> Result<token::Got, Failure> {
    Err(Failure::Usage(
        "this keysmith was built without network support".to_owned(),
    ))
}

/// The configuration's text, when there is one: an explicit `--config` must be
/// readable; a default file that does not exist is no configuration.
fn optional_config(
    explicit: Option<&std::path::Path>,
) -> Result<Option<(std::path::PathBuf, String)>, Failure> {
    match config_file(explicit) {
        Some(path) if explicit.is_some() || path.is_file() => {
            let text = read_config(&path)?;
            Ok(Some((path, text)))
        }
        _ => Ok(None),
    }
}

/// `keysmith token list`.
pub fn list(args: TokenListArgs) -> CmdResult {
    let now = now(&args.now);
    let store = cache_store()?;
    let config = optional_config(args.config.as_deref())?;
    let rows = store.list(
        now,
        config
            .as_ref()
            .map(|(path, text)| (text.as_str(), path.as_path())),
    )?;
    if args.json {
        print_json(&rows)?;
    } else {
        for r in &rows {
            outln!(
                "{:<20} {:<8} {}{}",
                Escaped(&r.profile),
                r.status.map_or("none", |s| s.state.name()),
                r.status
                    .map_or_else(|| "-".to_owned(), |s| s.expires_at.to_string()),
                if r.status.is_some_and(|s| s.refresh_token.is_some()) {
                    "  refresh token held"
                } else {
                    ""
                }
            )?;
        }
    }
    Ok(Outcome::Pass)
}

/// `keysmith token forget`.
pub fn forget(args: TokenForgetArgs) -> CmdResult {
    let store = cache_store()?;
    let profile = if args.all {
        None
    } else {
        args.profile.as_deref()
    };
    let count = store.forget(profile)?;
    // A name that is neither cached nor configured is most likely a typo.
    if let (Some(name), 0) = (profile, count)
        && let Some((path, text)) = optional_config(args.config.as_deref())?
        && !token::profile_names(&text, &path)?
            .iter()
            .any(|n| n == name)
    {
        return Err(keysmith::Error::from(keysmith::ProfileError::NoProfile {
            file: path,
            profile: name.to_owned(),
        })
        .into());
    }
    super::to_stderr(format_args!(
        "forgot {count} cache entr{}\n",
        if count == 1 { "y" } else { "ies" }
    ));
    Ok(Outcome::Pass)
}
