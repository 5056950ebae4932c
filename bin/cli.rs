//! Command-line syntax: clap derive structs only. Each field's doc comment is its
//! `--help` text. Commands are grouped by area in `cli/*.rs`.

use std::ffi::OsStr;
use std::marker::PhantomData;
use std::path::PathBuf;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Arg, Args, Parser, Subcommand};
use keysmith::jwt::Algorithm;

pub mod cert;
pub mod jwt;
pub mod keys;
pub mod sign;
pub mod token;
pub mod x509;

pub use keys::{B64Args, ConvertArgs, InspectArgs, KeygenArgs, PayloadCommand, PubkeyArgs};
pub use sign::{SignArgs, VerifyArgs};
pub use token::{BasicAuthArgs, TokenCommand};

/// RSA keys, certificate thumbprints and JWTs for API integrations.
///
/// Exit codes: 0 success or valid; 1 a check said no; 2 usage or input error.
#[derive(Debug, Parser)]
#[command(name = "keysmith", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// keysmith's commands.
#[derive(Debug, Subcommand)]
// Each subcommand's flags are built only when that subcommand runs (start-up
// time). Its args struct has a plain comment, not a doc comment: applied that
// late, a doc comment would replace the summary below in `--help`.
#[command(defer = true)]
pub enum Command {
    /// Generate a key pair: RSA, EC or Ed25519 (private_key.pem, public_key.pem).
    Keygen(KeygenArgs),
    /// Print the public key of a private key (as `openssl rsa -pubout`).
    Pubkey(PubkeyArgs),
    /// Convert a key between PKCS#8 and PKCS#1, PEM and DER, encrypted and not.
    Convert(ConvertArgs),
    /// Describe a key, certificate or JWT (the format doctor).
    Inspect(InspectArgs),
    /// Base64 of a file's exact bytes, on one line (or decode with -d).
    B64(B64Args),
    /// Build a partner's token request body.
    #[command(subcommand)]
    Payload(PayloadCommand),
    /// Print shell completions.
    Completions(CompletionsArgs),
    /// Sign a file's bytes with an RSA, EC or Ed25519 private key; Base64 output.
    Sign(SignArgs),
    /// Verify a raw signature of a file with a key or certificate (exit 0/1).
    Verify(VerifyArgs),
    /// HTTP Basic credentials `Basic base64(user:password)` for a token request.
    BasicAuth(BasicAuthArgs),
    /// Token lifetimes: is the token still good to use?
    #[command(subcommand)]
    Token(TokenCommand),
    /// Certificate thumbprints (SHA-1 by default), as M2M banking APIs want them.
    Thumbprint(cert::ThumbprintArgs),
    /// List a PKCS#12 (.pfx/.p12) file and extract its certificates and key; `pkcs12 create` writes one.
    Pkcs12(cert::Pkcs12Args),
    /// Check that a private key matches a certificate or public key, and the certificate is usable.
    Check(cert::CheckArgs),
    /// Publish public keys as a JWK Set (or one JWK), or print RFC 7638 thumbprints.
    Jwk(keys::JwkArgs),
    /// Make a certificate signing request (PKCS#10), as `openssl req -new -key … -subj …`.
    Csr(x509::CsrArgs),
    /// Make certificates: self-signed, or issued from a CSR by a test CA.
    #[command(subcommand)]
    Cert(x509::CertCommand),
    /// Decode, verify and sign JWTs.
    #[command(subcommand)]
    Jwt(jwt::JwtCommand),
}

// Passphrase sources for encrypted private keys and PKCS#12 files
// (Flattened into deferred subcommands: a doc comment would become their summary.)
#[derive(Debug, Default, Args)]
pub struct PassphraseArgs {
    /// Read the passphrase from FILE: its first line, as openssl's `-passin file:` reads it.
    #[arg(long, value_name = "FILE", conflicts_with = "passphrase_env")]
    pub passphrase_file: Option<PathBuf>,
    /// Read the passphrase from environment variable VAR, exactly as it is (as openssl's `-passin env:`).
    #[arg(long, value_name = "VAR")]
    pub passphrase_env: Option<String>,
}

// `-o/--output` and `--force` for commands that write one file
// (Flattened into deferred subcommands: a doc comment would become their summary.)
#[derive(Debug, Default, Args)]
pub struct OutputArgs {
    /// Write to FILE instead of standard output. A private key goes to a terminal
    /// only with `-o -`; files holding one get mode 0600.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,
}

// `--now` for time-dependent commands
// (Flattened into deferred subcommands: a doc comment would become their summary.)
#[derive(Debug, Default, Args)]
pub struct NowArgs {
    /// Judge times as of this Unix time instead of the system clock.
    #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
    pub now: Option<i64>,
}

// `keysmith completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write completions for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// The value parser of every `--alg`: a JOSE algorithm name in any case
/// (`ps256` reads as `PS256`; keysmith always prints the uppercase name), among
/// those `A` can hold (`Algorithm`: all; `RawAlgorithm`: all but HS*). `none`
/// is never accepted. `--help` and shell completions list the names.
#[derive(Clone, Copy)]
pub struct AlgorithmParser<A>(PhantomData<fn() -> A>);

/// The `value_parser` for an `--alg` that takes an `A`.
pub const fn alg<A>() -> AlgorithmParser<A> {
    AlgorithmParser(PhantomData)
}

impl<A> AlgorithmParser<A>
where
    A: TryFrom<Algorithm>,
{
    fn names() -> impl Iterator<Item = &'static str> {
        Algorithm::ALL
            .into_iter()
            .filter(|a| A::try_from(*a).is_ok())
            .map(Algorithm::name)
    }

    fn parse(name: &str) -> Result<A, String> {
        if name.eq_ignore_ascii_case("none") {
            return Err("'none' is never accepted".to_owned());
        }
        Algorithm::ALL
            .into_iter()
            .find(|a| a.name().eq_ignore_ascii_case(name))
            .and_then(|a| A::try_from(a).ok())
            .ok_or_else(|| {
                format!(
                    "expected one of {}",
                    Self::names().collect::<Vec<_>>().join(", ")
                )
            })
    }
}

impl<A> TypedValueParser for AlgorithmParser<A>
where
    A: TryFrom<Algorithm> + Clone + Send + Sync + 'static,
{
    type Value = A;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&Arg>,
        value: &OsStr,
    ) -> Result<A, clap::Error> {
        // The closure form formats the error as clap does for any parser:
        // "invalid value 'X' for '--alg <ALG>': expected one of …".
        (|name: &str| Self::parse(name)).parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(Self::names().map(PossibleValue::new)))
    }
}

/// Parses `keysmith ARGS…` for the flag tests beside each argument struct.
#[cfg(test)]
pub fn try_parse(args: &[&str]) -> Result<Command, clap::Error> {
    Cli::try_parse_from(std::iter::once("keysmith").chain(args.iter().copied()))
        .map(|cli| cli.command)
}

/// [`try_parse`] of arguments that must parse.
#[cfg(test)]
pub fn parse(args: &[&str]) -> Command {
    try_parse(args).unwrap()
}

#[cfg(test)]
mod tests {
    use super::AlgorithmParser;
    use super::sign::RawAlgorithm;
    use keysmith::jwt::Algorithm;

    #[test]
    fn alg_parser_is_case_insensitive_and_narrows_to_the_type() {
        assert_eq!(
            AlgorithmParser::<Algorithm>::parse("hs512"),
            Ok(Algorithm::HS512)
        );
        assert_eq!(
            AlgorithmParser::<RawAlgorithm>::parse("pS256"),
            Ok(RawAlgorithm(Algorithm::PS256))
        );
        assert_eq!(
            AlgorithmParser::<RawAlgorithm>::parse("HS256"),
            Err(
                "expected one of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, \
                 EdDSA"
                    .to_owned()
            )
        );
        // Issue 13: ES*/EdDSA are algorithms too (EdDSA in any case).
        assert_eq!(
            AlgorithmParser::<Algorithm>::parse("eddsa"),
            Ok(Algorithm::EdDSA)
        );
        assert_eq!(
            AlgorithmParser::<Algorithm>::parse("ES256K"),
            Err(
                "expected one of HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, \
                 ES256, ES384, ES512, EdDSA"
                    .to_owned()
            )
        );
        for none in ["none", "NONE", "None"] {
            assert_eq!(
                AlgorithmParser::<Algorithm>::parse(none),
                Err("'none' is never accepted".to_owned())
            );
        }
    }

    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    /// Deferred subcommands keep the summaries their variants give them.
    #[test]
    fn every_subcommand_help_starts_with_its_summary() {
        fn check(command: &mut clap::Command, path: &str) {
            command.build();
            for sub in command.get_subcommands_mut() {
                let path = format!("{path} {}", sub.get_name());
                sub.build();
                let about = sub.get_about().map(ToString::to_string).unwrap_or_default();
                assert!(
                    !about.is_empty() && !about.starts_with('`'),
                    "{path}: {about:?}"
                );
                check(sub, &path);
            }
        }
        check(&mut Cli::command(), "keysmith");
    }

    #[test]
    fn completions_takes_a_shell() {
        let cli = Cli::try_parse_from(["keysmith", "completions", "bash"]).unwrap();
        assert!(matches!(cli.command, Command::Completions(_)));
        assert!(Cli::try_parse_from(["keysmith", "completions", "tcsh"]).is_err());
    }

    #[test]
    fn passphrase_sources_conflict() {
        let r = Cli::try_parse_from([
            "keysmith",
            "pubkey",
            "k.pem",
            "--passphrase-file",
            "p",
            "--passphrase-env",
            "P",
        ]);
        assert!(r.is_err());
    }
}
