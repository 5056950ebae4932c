//! `keysmith jwt decode | verify | sign`.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Subcommand, ValueEnum};
use keysmith::codec::SecretEncoding;
use keysmith::jwt::Algorithm;

use super::{NowArgs, PassphraseArgs};

/// JWT subcommands.
#[derive(Debug, Subcommand)]
// Each subcommand's flags are built only when that subcommand runs (start-up
// time). Its args struct has a plain comment, not a doc comment: applied that
// late, a doc comment would replace the summary below in `--help`.
#[command(defer = true)]
pub enum JwtCommand {
    /// Show a token's header, claims and times; the signature is NOT checked.
    Decode(JwtDecodeArgs),
    /// Check a token's signature and claims with a key, certificate, JWK Set or secret.
    Verify(Box<JwtVerifyArgs>),
    /// Sign claims with a private key or a secret and print the token.
    Sign(Box<JwtSignArgs>),
}

/// How `--secret…` text is encoded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum SecretEncodingArg {
    /// The bytes as given.
    #[default]
    Utf8,
    /// Standard Base64.
    Base64,
    /// base64url (as a JWK's `k`).
    Base64url,
    /// Hex.
    Hex,
}

impl From<SecretEncodingArg> for SecretEncoding {
    fn from(e: SecretEncodingArg) -> SecretEncoding {
        match e {
            SecretEncodingArg::Utf8 => SecretEncoding::Utf8,
            SecretEncodingArg::Base64 => SecretEncoding::Base64,
            SecretEncodingArg::Base64url => SecretEncoding::Base64Url,
            SecretEncodingArg::Hex => SecretEncoding::Hex,
        }
    }
}

// HMAC secret sources
// (Flattened into deferred subcommands: a doc comment would become their summary.)
#[derive(Debug, Default, Args)]
pub struct SecretArgs {
    /// HMAC secret on the command line (for debugging: it shows in `ps` and shell history).
    #[arg(long, value_name = "SECRET", conflicts_with_all = ["secret_file", "secret_env"])]
    pub secret: Option<String>,
    /// Read the HMAC secret from FILE (any bytes; one trailing newline is dropped).
    #[arg(long, value_name = "FILE", conflicts_with = "secret_env")]
    pub secret_file: Option<PathBuf>,
    /// Read the HMAC secret from environment variable VAR (one trailing newline is dropped).
    #[arg(long, value_name = "VAR")]
    pub secret_env: Option<String>,
    /// How the secret is written.
    #[arg(long, value_enum, value_name = "ENCODING", default_value_t)]
    pub secret_encoding: SecretEncodingArg,
    /// Keep a trailing newline of --secret-file/--secret-env.
    #[arg(long)]
    pub keep_newline: bool,
}

// `keysmith jwt decode`.
#[derive(Debug, Args)]
pub struct JwtDecodeArgs {
    /// The token itself, a file holding it, or `-` for standard input (`Bearer ` is ignored).
    #[arg(value_name = "TOKEN")]
    pub token: String,
    /// Print a JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub now: NowArgs,
}

// `keysmith jwt verify`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("verifying_key").required(true)
    .args(["key", "jwks", "secret", "secret_file", "secret_env"])))]
pub struct JwtVerifyArgs {
    /// The token itself, a file holding it, or `-` for standard input (`Bearer ` is ignored).
    #[arg(value_name = "TOKEN")]
    pub token: String,
    /// RSA public or private key (any form), certificate, or a JWK (JSON).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["jwks", "secret", "secret_file", "secret_env"])]
    pub key: Option<PathBuf>,
    /// JWK Set (JSON); the key is chosen by the token's `kid`.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["secret", "secret_file", "secret_env"])]
    pub jwks: Option<PathBuf>,
    #[command(flatten)]
    pub secret: SecretArgs,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
    /// Allow only this algorithm (repeatable); narrows what the key allows, never widens it.
    #[arg(long, value_name = "ALG", value_parser = super::alg::<Algorithm>())]
    pub alg: Vec<Algorithm>,
    /// Seconds of clock skew allowed for exp and nbf.
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    pub leeway: u64,
    /// Do not judge `exp`.
    #[arg(long)]
    pub ignore_exp: bool,
    /// Require `aud` to be (or contain) this audience.
    #[arg(long, value_name = "AUDIENCE")]
    pub aud: Option<String>,
    /// Require `iss` to be this issuer.
    #[arg(long, value_name = "ISSUER")]
    pub iss: Option<String>,
    /// Require this claim to be present (repeatable).
    #[arg(long, value_name = "CLAIM")]
    pub require: Vec<String>,
    /// Require the token's x5t / x5t#S256 header or `thumbprint` claim to name this certificate.
    ///
    /// A certificate file, or its thumbprint as pasted: SHA-1 or SHA-256 hex in any case,
    /// with colons, spaces or the invisible U+200E/U+FEFF, or the x5t base64url form.
    /// A single value is compared with the fields of its own hash only.
    #[arg(long, value_name = "CERT|THUMBPRINT")]
    pub expect_thumbprint: Option<String>,
    /// Print a JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub now: NowArgs,
}

// `keysmith jwt sign`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("signing_key").required(true)
    .args(["key", "secret", "secret_file", "secret_env"])))]
pub struct JwtSignArgs {
    /// RSA private key (PKCS#8, PKCS#1, encrypted PKCS#8; PEM or DER).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["secret", "secret_file", "secret_env"])]
    pub key: Option<PathBuf>,
    #[command(flatten)]
    pub secret: SecretArgs,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
    /// Algorithm (default RS256 for keys, HS256 for secrets).
    #[arg(long, value_name = "ALG", value_parser = super::alg::<Algorithm>())]
    pub alg: Option<Algorithm>,
    /// Claims as a JSON object, `@FILE`, or `-` for standard input.
    #[arg(long, value_name = "JSON")]
    pub claims: Option<String>,
    /// One claim as key=value (repeatable); numbers and true/false are typed.
    #[arg(long, value_name = "KEY=VALUE")]
    pub claim: Vec<String>,
    /// Expire after DURATION: 3600, 90s, 30m, 24h, 2d (exp = now + DURATION).
    #[arg(long, value_name = "DURATION")]
    pub exp: Option<String>,
    /// Not valid before now + DURATION (`0` = now; `-5m` backdates for clock skew).
    #[arg(long, value_name = "DURATION", allow_hyphen_values = true)]
    pub nbf: Option<String>,
    /// Do not add `iat` (issued at = now).
    #[arg(long)]
    pub no_iat: bool,
    /// Key id header (`kid`).
    #[arg(long, value_name = "KID")]
    pub kid: Option<String>,
    /// Add the `x5t` header: the SHA-1 thumbprint of this certificate.
    #[arg(long, value_name = "CERT")]
    pub x5t: Option<PathBuf>,
    /// Type header (`typ`, default JWT).
    #[arg(long, value_name = "TYP")]
    pub typ: Option<String>,
    #[command(flatten)]
    pub now: NowArgs,
}

#[cfg(test)]
mod tests {
    use crate::cli::{Cli, Command};
    use clap::Parser;

    use super::*;

    fn parse(args: &[&str]) -> Result<JwtCommand, clap::Error> {
        let mut full = vec!["keysmith", "jwt"];
        full.extend_from_slice(args);
        Cli::try_parse_from(full).map(|cli| match cli.command {
            Command::Jwt(c) => c,
            other => panic!("{other:?}"),
        })
    }

    fn verify(args: &[&str]) -> JwtVerifyArgs {
        let mut full = vec!["verify", "t"];
        full.extend_from_slice(args);
        match parse(&full).unwrap() {
            JwtCommand::Verify(a) => *a,
            other => panic!("{other:?}"),
        }
    }

    fn sign(args: &[&str]) -> JwtSignArgs {
        let mut full = vec!["sign"];
        full.extend_from_slice(args);
        match parse(&full).unwrap() {
            JwtCommand::Sign(a) => *a,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn decode_takes_token_json_and_now() {
        let JwtCommand::Decode(a) = parse(&["decode", "-", "--json", "--now", "5"]).unwrap() else {
            panic!()
        };
        assert_eq!((a.token.as_str(), a.json, a.now.now), ("-", true, Some(5)));
    }

    #[test]
    fn verify_needs_exactly_one_key_source() {
        assert!(parse(&["verify", "t"]).is_err());
        assert!(parse(&["verify", "t", "--key", "k", "--secret", "s"]).is_err());
        assert!(parse(&["verify", "t", "--key", "k", "--jwks", "j"]).is_err());
        assert!(parse(&["verify", "t", "--secret", "s", "--secret-env", "S"]).is_err());
        assert_eq!(verify(&["--key", "k"]).key, Some(PathBuf::from("k")));
        assert_eq!(verify(&["--jwks", "j"]).jwks, Some(PathBuf::from("j")));
        assert_eq!(
            verify(&["--secret-env", "S"]).secret.secret_env.as_deref(),
            Some("S")
        );
        let a = verify(&[
            "--secret-file",
            "f",
            "--keep-newline",
            "--secret-encoding",
            "base64url",
        ]);
        assert!(a.secret.keep_newline);
        assert_eq!(a.secret.secret_encoding, SecretEncodingArg::Base64url);
        assert_eq!(
            verify(&["--secret", "s"]).secret.secret.as_deref(),
            Some("s")
        );
        let a = verify(&["--key", "k", "--passphrase-file", "p"]);
        assert_eq!(a.passphrase.passphrase_file, Some(PathBuf::from("p")));
    }

    #[test]
    fn verify_policy_flags() {
        let a = verify(&[
            "--secret",
            "s",
            "--alg",
            "HS256",
            "--alg",
            "HS512",
            "--leeway",
            "30",
            "--ignore-exp",
            "--aud",
            "A",
            "--iss",
            "I",
            "--require",
            "sub",
            "--require",
            "jti",
            "--expect-thumbprint",
            "c.pem",
            "--json",
            "--now",
            "-1",
        ]);
        assert_eq!(a.alg, [Algorithm::HS256, Algorithm::HS512]);
        assert_eq!(a.leeway, 30);
        assert!(a.ignore_exp && a.json);
        assert_eq!((a.aud.as_deref(), a.iss.as_deref()), (Some("A"), Some("I")));
        assert_eq!(a.require, ["sub", "jti"]);
        assert_eq!(a.expect_thumbprint.as_deref(), Some("c.pem"));
        assert_eq!(a.now.now, Some(-1));
        assert_eq!(verify(&["--secret", "s"]).leeway, 0);
    }

    #[test]
    fn alg_none_and_unknown_names_are_refused() {
        for bad in ["none", "None", "ES256K", "RS256 ", ""] {
            assert!(
                parse(&["verify", "t", "--secret", "s", "--alg", bad]).is_err(),
                "{bad}"
            );
            assert!(
                parse(&["sign", "--secret", "s", "--alg", bad]).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn alg_accepts_any_case() {
        let a = verify(&["--secret", "s", "--alg", "hs256", "--alg", "Ps512"]);
        assert_eq!(a.alg, [Algorithm::HS256, Algorithm::PS512]);
        let a = sign(&["--secret", "s", "--alg", "rs384"]);
        assert_eq!(a.alg, Some(Algorithm::RS384));
    }

    #[test]
    fn sign_flags() {
        assert!(parse(&["sign"]).is_err());
        let a = sign(&[
            "--key",
            "k.pem",
            "--passphrase-env",
            "P",
            "--alg",
            "PS384",
            "--claims",
            "@c.json",
            "--claim",
            "a=1",
            "--claim",
            "b=x",
            "--exp",
            "30m",
            "--nbf",
            "-5m",
            "--no-iat",
            "--kid",
            "key-1",
            "--x5t",
            "client.pem",
            "--typ",
            "at+jwt",
            "--now",
            "100",
        ]);
        assert_eq!(a.key, Some(PathBuf::from("k.pem")));
        assert_eq!(a.passphrase.passphrase_env.as_deref(), Some("P"));
        assert_eq!(a.alg, Some(Algorithm::PS384));
        assert_eq!(a.claims.as_deref(), Some("@c.json"));
        assert_eq!(a.claim, ["a=1", "b=x"]);
        assert_eq!(
            (a.exp.as_deref(), a.nbf.as_deref()),
            (Some("30m"), Some("-5m"))
        );
        assert!(a.no_iat);
        assert_eq!(
            (a.kid.as_deref(), a.typ.as_deref()),
            (Some("key-1"), Some("at+jwt"))
        );
        assert_eq!(a.x5t, Some(PathBuf::from("client.pem")));
        assert_eq!(a.now.now, Some(100));
        let a = sign(&["--secret-file", "s", "--secret-encoding", "hex"]);
        assert_eq!(a.secret.secret_file, Some(PathBuf::from("s")));
        assert!(parse(&["sign", "--key", "k", "--secret", "s"]).is_err());
    }
}
