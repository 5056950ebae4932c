//! basic-auth, token status.

use keysmith::Origin;
use keysmith::input::Input;
use keysmith::partner::basic_auth as basic_credentials;
use keysmith::time::Timestamp;
use keysmith::token::{self, Options, Source, Status};

use super::{Ask, CmdResult, Failure, FileRule, Source as SecretSource, now, print_json, secret};
use crate::Outcome;
use crate::cli::BasicAuthArgs;
use crate::cli::token::TokenStatusArgs;

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
            mtime.to_rfc3339()
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
