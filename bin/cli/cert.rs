//! Certificate commands: thumbprint, pkcs12, check.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{NowArgs, PassphraseArgs};

/// How `thumbprint` writes the hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ThumbprintFormat {
    /// Hex (uppercase, no separators, unless --lower / --colons).
    Hex,
    /// Standard Base64, padded.
    Base64,
    /// Unpadded base64url, as JWT `x5t` / `x5t#S256` headers carry it.
    X5t,
}

// `keysmith thumbprint`.
#[derive(Debug, Args)]
pub struct ThumbprintArgs {
    /// Certificates: PEM, DER, PEM bundles, PKCS#12 (.pfx/.p12); `-` for standard input.
    #[arg(value_name = "CERT", required_unless_present = "to_x5t")]
    pub certs: Vec<PathBuf>,
    /// SHA-256 instead of SHA-1.
    #[arg(long)]
    pub sha256: bool,
    /// Hex with colons between bytes (F2:3E:…), as openssl prints fingerprints.
    #[arg(long)]
    pub colons: bool,
    /// Lowercase hex.
    #[arg(long)]
    pub lower: bool,
    /// Output encoding of the hash.
    #[arg(long, value_enum, default_value_t = ThumbprintFormat::Hex)]
    pub format: ThumbprintFormat,
    /// Convert a hex thumbprint (any case, colons, spaces) to x5t; no certificate needed.
    #[arg(long, value_name = "HEX", conflicts_with_all = ["certs", "expect", "json"])]
    pub to_x5t: Option<String>,
    /// Exit 0 when a certificate has this thumbprint, 1 otherwise (printing both).
    ///
    /// Case, colons, spaces and the invisible U+200E/U+FEFF characters copied from
    /// the Windows certificate dialog are ignored. A 64-digit value compares SHA-256.
    #[arg(long, value_name = "THUMBPRINT")]
    pub expect: Option<String>,
    /// Print a JSON array of {"sha1"|"sha256", "subject", "file"}.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

// `keysmith pkcs12`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct Pkcs12Args {
    // `pkcs12 create`: write a .pfx instead of reading one.
    #[command(subcommand)]
    pub command: Option<super::x509::Pkcs12Command>,
    /// The PKCS#12 file (.pfx/.p12; modern AES or legacy RC2/3DES); `-` for standard input.
    #[arg(value_name = "FILE", required = true)]
    pub file: Option<PathBuf>,
    /// Write the certificates (leaf first, as in the file) to PATH as PEM.
    #[arg(long, value_name = "PATH")]
    pub cert_out: Option<PathBuf>,
    /// Write the private key to PATH as unencrypted PKCS#8 PEM (mode 0600).
    #[arg(long, value_name = "PATH")]
    pub key_out: Option<PathBuf>,
    /// Replace existing output files (the key is still written with mode 0600).
    #[arg(long)]
    pub force: bool,
    /// Print a JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

// How a command reads its inputs (the passphrase of an encrypted key or PKCS#12
// file) and when it judges them (--now). Flattened: a doc comment would become
// the summary of the commands.
#[derive(Debug, Args)]
pub struct ReadArgs {
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
    #[command(flatten)]
    pub now: NowArgs,
}

// `keysmith check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The private key (any form; encrypted keys take --passphrase-file/-env).
    #[arg(
        long,
        value_name = "PRIVATE_KEY",
        required_unless_present = "expires_within"
    )]
    pub key: Option<PathBuf>,
    /// The certificate that should carry the key's public key (a bundle: its first certificate).
    #[arg(long, value_name = "CERT", conflicts_with = "public")]
    pub cert: Option<PathBuf>,
    /// With --cert and no --key: exit 1 when any certificate (of a bundle or .pfx) expires
    /// within DURATION of --now (30d, 12h, 3600), as `openssl x509 -checkend` does.
    #[arg(
        long,
        value_name = "DURATION",
        requires = "cert",
        conflicts_with_all = ["key", "public", "token"]
    )]
    pub expires_within: Option<String>,
    /// The public key that should be the key's.
    #[arg(long, value_name = "PUBLIC_KEY")]
    pub public: Option<PathBuf>,
    /// A JWT (compact token, a file, or `-`) that must verify with the key.
    ///
    /// The signature and the time claims are checked at --now, as `jwt verify` does.
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Print a JSON object {"ok", "checks": [{"name", "ok", "detail"}]}.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[cfg(test)]
mod tests {
    use crate::cli::Command;

    fn parse(args: &[&str]) -> Result<Command, clap::Error> {
        crate::cli::try_parse(args)
    }

    fn thumbprint(args: &[&str]) -> super::ThumbprintArgs {
        match parse(args).unwrap() {
            Command::Thumbprint(a) => a,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn thumbprint_takes_many_certs_and_flags() {
        let a = thumbprint(&[
            "thumbprint",
            "a.pem",
            "b.der",
            "--sha256",
            "--colons",
            "--lower",
            "--json",
        ]);
        assert_eq!(a.certs.len(), 2);
        assert!(a.sha256 && a.colons && a.lower && a.json);
        assert_eq!(a.format, super::ThumbprintFormat::Hex);
    }

    #[test]
    fn thumbprint_format_expect_and_passphrase() {
        let a = thumbprint(&[
            "thumbprint",
            "c.p12",
            "--format",
            "x5t",
            "--expect",
            "AB:CD",
            "--passphrase-file",
            "p.txt",
        ]);
        assert_eq!(a.format, super::ThumbprintFormat::X5t);
        assert_eq!(a.expect.as_deref(), Some("AB:CD"));
        assert!(a.passphrase.passphrase_file.is_some());
        let a = thumbprint(&[
            "thumbprint",
            "c.p12",
            "--passphrase-env",
            "P",
            "--format",
            "base64",
        ]);
        assert_eq!(a.format, super::ThumbprintFormat::Base64);
        assert!(parse(&["thumbprint", "c.pem", "--format", "octal"]).is_err());
    }

    #[test]
    fn thumbprint_to_x5t_needs_no_certificate() {
        let a = thumbprint(&["thumbprint", "--to-x5t", "F2:3E"]);
        assert_eq!(a.to_x5t.as_deref(), Some("F2:3E"));
        assert!(parse(&["thumbprint"]).is_err());
        assert!(parse(&["thumbprint", "c.pem", "--to-x5t", "F2"]).is_err());
    }

    #[test]
    fn pkcs12_takes_outputs_force_json_now() {
        let Command::Pkcs12(a) = parse(&[
            "pkcs12",
            "c.p12",
            "--passphrase-file",
            "p.txt",
            "--cert-out",
            "c.pem",
            "--key-out",
            "k.pem",
            "--force",
            "--json",
            "--now",
            "1800000000",
        ])
        .unwrap() else {
            panic!("pkcs12")
        };
        assert!(a.cert_out.is_some() && a.key_out.is_some() && a.force && a.json);
        assert_eq!(a.read.now.now, Some(1_800_000_000));
        assert_eq!(
            a.read.passphrase.passphrase_file.unwrap().to_str(),
            Some("p.txt")
        );
        assert!(parse(&["pkcs12"]).is_err());
    }

    #[test]
    fn inspect_takes_further_certificate_files() {
        let Command::Inspect(a) = parse(&["inspect", "a.pem", "b.pem", "c.der"]).unwrap() else {
            panic!("inspect")
        };
        assert_eq!(a.more_files.len(), 2);
    }

    #[test]
    fn check_takes_key_with_cert_or_public() {
        let Command::Check(a) = parse(&[
            "check", "--key", "k.pem", "--cert", "c.pem", "--now", "5", "--json",
        ])
        .unwrap() else {
            panic!("check")
        };
        assert!(a.cert.is_some() && a.public.is_none() && a.json);
        assert_eq!(a.read.now.now, Some(5));
        let Command::Check(a) = parse(&[
            "check",
            "--key",
            "k.pem",
            "--public",
            "p.pem",
            "--passphrase-env",
            "P",
        ])
        .unwrap() else {
            panic!("check")
        };
        assert!(a.public.is_some());
        assert_eq!(a.read.passphrase.passphrase_env.as_deref(), Some("P"));
        assert!(parse(&["check", "--key", "k", "--cert", "c", "--public", "p"]).is_err());
        assert!(parse(&["check", "--cert", "c"]).is_err());
    }

    #[test]
    fn check_takes_a_token() {
        let Command::Check(a) = parse(&["check", "--key", "k.pem", "--token", "t.jwt"]).unwrap()
        else {
            panic!("check")
        };
        assert_eq!(a.token.as_deref(), Some("t.jwt"));
    }
}
