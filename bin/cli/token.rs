//! Token commands: basic-auth (the credentials of a token request), token status.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::NowArgs;

// `keysmith basic-auth`.
#[derive(Debug, Args)]
pub struct BasicAuthArgs {
    /// The user name (client id); it must not contain ':'.
    #[arg(long, value_name = "USER")]
    pub user: String,
    /// Read the password from FILE (one trailing newline is dropped).
    #[arg(long, value_name = "FILE", conflicts_with = "password_env")]
    pub password_file: Option<PathBuf>,
    /// Read the password from environment variable VAR.
    ///
    /// Without --password-file or --password-env, the password is asked for on the terminal.
    #[arg(long, value_name = "VAR")]
    pub password_env: Option<String>,
    /// Print the whole header line: `Authorization: Basic …`.
    #[arg(long)]
    pub header: bool,
}

/// `keysmith token …`.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Whether a token (or a token endpoint's JSON response) is still good to use.
    ///
    /// Exit 0 when valid, 1 when it should be refreshed or has expired.
    Status(TokenStatusArgs),
    /// Print a partner's access token, from the cache or from its token endpoint.
    ///
    /// The profile (TOML) says how to log in and refresh. The token is cached
    /// (0600 files in a 0700 directory) until it comes within the skew of its
    /// expiry. Exit 0 token printed, 1 the partner refused the credentials or
    /// the token failed expect_thumbprint, 2 configuration, input, network or
    /// TLS errors. Example: curl -K <(keysmith token get m2m --curl-config) URL
    Get(TokenGetArgs),
    /// Show each cached profile's state (valid, refresh, expired), never a token.
    List(TokenListArgs),
    /// Delete a profile's cache entry, or all of them.
    Forget(TokenForgetArgs),
}

/// `keysmith token get`.
#[derive(Debug, Args)]
pub struct TokenGetArgs {
    /// The profile: a [profile.NAME] table of the configuration file.
    #[arg(value_name = "PROFILE")]
    pub profile: String,
    /// The configuration file.
    ///
    /// Default: $KEYSMITH_CONFIG, ./keysmith.toml, $XDG_CONFIG_HOME/keysmith/config.toml,
    /// ~/.config/keysmith/config.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print `Authorization: Bearer TOKEN` (or `Token`), for tools that read a header file.
    #[arg(long, conflicts_with_all = ["curl_config", "json"])]
    pub header: bool,
    /// Print `header = "Authorization: Bearer TOKEN"` for `curl -K -`.
    #[arg(long, conflicts_with = "json")]
    pub curl_config: bool,
    /// Print a JSON object with the token and its expiry.
    #[arg(long)]
    pub json: bool,
    /// Ignore a cached access token (a cached refresh token is still used).
    #[arg(long)]
    pub force_refresh: bool,
    #[command(flatten)]
    pub now: NowArgs,
}

/// `keysmith token list`.
#[derive(Debug, Args)]
pub struct TokenListArgs {
    /// The configuration file: its profiles without a cache entry are listed as `none`,
    /// and each profile's own skew judges its entry.
    ///
    /// Default: as for `token get`; a missing default file lists the cache alone.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub now: NowArgs,
    /// Print a JSON array instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `keysmith token forget`.
#[derive(Debug, Args)]
pub struct TokenForgetArgs {
    /// The profile whose cache entry to delete.
    #[arg(
        value_name = "PROFILE",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub profile: Option<String>,
    /// Delete every cache entry.
    #[arg(long)]
    pub all: bool,
    /// The configuration file: a PROFILE that is neither in it nor in the cache is an error.
    ///
    /// Default: as for `token get`; without any file, any name is accepted.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// `keysmith token status`.
#[derive(Debug, Args)]
pub struct TokenStatusArgs {
    /// A bare JWT, or the JSON the token endpoint returned; `-` for standard input.
    #[arg(value_name = "RESPONSE")]
    pub response: PathBuf,
    /// When the response was received (Unix seconds); a relative expires_in counts from here.
    ///
    /// Default: the file's modification time, or now for standard input.
    #[arg(long, value_name = "UNIX", allow_negative_numbers = true)]
    pub received_at: Option<i64>,
    /// Report `refresh` when the token expires within this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub skew: u32,
    #[command(flatten)]
    pub now: NowArgs,
    /// Print a JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

#[cfg(test)]
mod tests {
    use super::TokenCommand;
    use crate::cli::{Cli, Command, parse};
    use clap::Parser;

    #[test]
    fn basic_auth_flags() {
        let Command::BasicAuth(a) = parse(&["basic-auth", "--user", "client-1"]) else {
            panic!("basic-auth")
        };
        assert_eq!(a.user, "client-1");
        assert!(a.password_file.is_none() && a.password_env.is_none() && !a.header);
        let Command::BasicAuth(a) = parse(&[
            "basic-auth",
            "--user",
            "u",
            "--password-file",
            "pw.txt",
            "--header",
        ]) else {
            panic!("basic-auth")
        };
        assert_eq!(a.password_file.unwrap().to_str(), Some("pw.txt"));
        assert!(a.header);
        let Command::BasicAuth(a) = parse(&["basic-auth", "--user", "u", "--password-env", "PW"])
        else {
            panic!("basic-auth")
        };
        assert_eq!(a.password_env.as_deref(), Some("PW"));
    }

    #[test]
    fn basic_auth_requires_user_and_one_password_source() {
        assert!(Cli::try_parse_from(["keysmith", "basic-auth"]).is_err());
        assert!(
            Cli::try_parse_from([
                "keysmith",
                "basic-auth",
                "--user",
                "u",
                "--password-file",
                "f",
                "--password-env",
                "V"
            ])
            .is_err()
        );
        // There is no flag that takes the password itself.
        assert!(
            Cli::try_parse_from(["keysmith", "basic-auth", "--user", "u", "--password", "pw"])
                .is_err()
        );
    }

    #[test]
    fn token_list_and_forget_flags() {
        let Command::Token(TokenCommand::List(a)) = parse(&[
            "token", "list", "--config", "k.toml", "--json", "--now", "5",
        ]) else {
            panic!("token list")
        };
        assert_eq!(a.config.unwrap().to_str(), Some("k.toml"));
        assert!(a.json);
        assert_eq!(a.now.now, Some(5));
        let Command::Token(TokenCommand::Forget(a)) =
            parse(&["token", "forget", "m2m", "--config", "k.toml"])
        else {
            panic!("token forget")
        };
        assert_eq!(a.profile.as_deref(), Some("m2m"));
        assert_eq!(a.config.unwrap().to_str(), Some("k.toml"));
        assert!(!a.all);
        let Command::Token(TokenCommand::Forget(a)) = parse(&["token", "forget", "--all"]) else {
            panic!("token forget")
        };
        assert!(a.all && a.profile.is_none() && a.config.is_none());
        assert!(Cli::try_parse_from(["keysmith", "token", "forget"]).is_err());
        assert!(Cli::try_parse_from(["keysmith", "token", "forget", "x", "--all"]).is_err());
    }

    #[test]
    fn token_get_flags() {
        let Command::Token(TokenCommand::Get(a)) = parse(&[
            "token",
            "get",
            "m2m",
            "--config",
            "k.toml",
            "--force-refresh",
            "--now",
            "7",
            "--curl-config",
        ]) else {
            panic!("token get")
        };
        assert_eq!(a.profile, "m2m");
        assert_eq!(a.config.unwrap().to_str(), Some("k.toml"));
        assert!(a.force_refresh && a.curl_config && !a.header && !a.json);
        assert_eq!(a.now.now, Some(7));
        for pair in [
            ["--header", "--json"],
            ["--header", "--curl-config"],
            ["--curl-config", "--json"],
        ] {
            assert!(
                Cli::try_parse_from(["keysmith", "token", "get", "p", pair[0], pair[1]]).is_err(),
                "{pair:?}"
            );
        }
    }

    #[test]
    fn token_status_defaults() {
        let Command::Token(TokenCommand::Status(a)) = parse(&["token", "status", "r.json"]) else {
            panic!("token status")
        };
        assert_eq!(a.response.to_str(), Some("r.json"));
        assert_eq!(a.skew, 60);
        assert!(a.received_at.is_none() && a.now.now.is_none() && !a.json);
    }

    #[test]
    fn token_status_flags() {
        let Command::Token(TokenCommand::Status(a)) = parse(&[
            "token",
            "status",
            "-",
            "--received-at",
            "1790000000",
            "--skew",
            "120",
            "--now",
            "1790000100",
            "--json",
        ]) else {
            panic!("token status")
        };
        assert_eq!(a.received_at, Some(1_790_000_000));
        assert_eq!(a.skew, 120);
        assert_eq!(a.now.now, Some(1_790_000_100));
        assert!(a.json);
        assert!(Cli::try_parse_from(["keysmith", "token", "status", "r", "--skew", "-5"]).is_err());
        assert!(Cli::try_parse_from(["keysmith", "token", "status"]).is_err());
    }
}
