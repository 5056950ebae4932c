//! Commands that make X.509 objects: csr, cert self-signed, cert sign, pkcs12 create.

use std::marker::PhantomData;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{NowArgs, PassphraseArgs};

// `keysmith csr`.
#[derive(Debug, Args)]
pub struct CsrArgs {
    #[command(flatten)]
    pub name: NameArgs<Request>,
    #[command(flatten)]
    pub write: WriteArgs<Request>,
}

// What a request or certificate names, and the key that signs it (flattened:
// a doc comment would become the summary), with the help `M` gives them.
#[derive(Debug, Args)]
pub struct NameArgs<M: Named> {
    #[arg(long, value_name = "PRIVATE_KEY", help = M::KEY)]
    pub key: PathBuf,
    #[arg(long, value_name = "DN", help = M::SUBJECT)]
    pub subject: String,
    /// A subject alternative name: dns:NAME, ip:ADDRESS, email:ADDRESS or uri:URI (repeatable).
    #[arg(long = "san", value_name = "KIND:VALUE")]
    pub san: Vec<String>,
    #[arg(skip)]
    named: PhantomData<M>,
}

// Where the request or certificate a command makes goes, and the passphrase of
// the key that signs it (flattened), with the help `M` gives them.
#[derive(Debug, Args)]
pub struct WriteArgs<M: Made> {
    #[arg(short = 'o', long, value_name = "FILE", help = M::OUTPUT)]
    pub output: Option<PathBuf>,
    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
    #[arg(skip)]
    made: PhantomData<M>,
}

/// What a command makes, as the help of its [`WriteArgs`] says it.
pub trait Made {
    /// The help of `--output`.
    const OUTPUT: &'static str;
}

/// What a command names and signs with, as the help of its [`NameArgs`] says it.
pub trait Named: Made {
    /// The help of `--key`.
    const KEY: &'static str;
    /// The help of `--subject`.
    const SUBJECT: &'static str;
}

/// `csr` makes a certificate signing request.
#[derive(Debug)]
pub struct Request;

impl Made for Request {
    const OUTPUT: &'static str = "Write the request (PEM) to FILE instead of standard output";
}

impl Named for Request {
    const KEY: &'static str = "The private key to sign the request with (any form; encrypted \
                               keys take --passphrase-file/-env)";
    const SUBJECT: &'static str = "The subject: RFC 4514 (CN=client.example.com,O=Example Ltd,\
                                   C=GB) or openssl's /C=GB/O=…/CN=…";
}

/// `cert self-signed` makes a certificate that its own key signs.
#[derive(Debug)]
pub struct SelfSigned;

impl Made for SelfSigned {
    const OUTPUT: &'static str = Issued::OUTPUT;
}

impl Named for SelfSigned {
    const KEY: &'static str = "The private key of the certificate, which also signs it";
    const SUBJECT: &'static str =
        "The subject (and issuer): RFC 4514 or openssl's /C=GB/O=…/CN=… form";
}

/// `cert sign` makes a certificate that a CA's key signs.
#[derive(Debug)]
pub struct Issued;

impl Made for Issued {
    const OUTPUT: &'static str = "Write the certificate (PEM) to FILE instead of standard output";
}

/// `keysmith cert …`.
#[derive(Debug, Subcommand)]
pub enum CertCommand {
    /// Make a self-signed certificate (sandboxes, mutual-TLS tests, a test CA with --ca).
    SelfSigned(SelfSignedArgs),
    /// Issue a certificate from a CSR with a small test CA.
    Sign(CertSignArgs),
}

// How long a certificate is valid (flattened: a doc comment would become the summary).
#[derive(Debug, Args)]
pub struct ValidityArgs {
    /// Valid for DAYS days from --now (default 365).
    #[arg(long, value_name = "DAYS", conflicts_with = "not_after")]
    pub days: Option<u32>,
    /// Valid until this time: RFC 3339 (2030-01-31T00:00:00Z) or Unix seconds.
    #[arg(long, value_name = "TIME")]
    pub not_after: Option<String>,
    #[command(flatten)]
    pub now: NowArgs,
}

// `keysmith cert self-signed`.
#[derive(Debug, Args)]
pub struct SelfSignedArgs {
    #[command(flatten)]
    pub name: NameArgs<SelfSigned>,
    /// Make a CA certificate (CA:TRUE, keyCertSign) that `cert sign` can issue with.
    #[arg(long)]
    pub ca: bool,
    /// With --ca: how many intermediate CAs may follow it (basicConstraints pathlen).
    #[arg(long, value_name = "N", requires = "ca")]
    pub pathlen: Option<u8>,
    #[command(flatten)]
    pub validity: ValidityArgs,
    #[command(flatten)]
    pub write: WriteArgs<SelfSigned>,
}

// `keysmith cert sign`.
#[derive(Debug, Args)]
pub struct CertSignArgs {
    /// The certificate signing request (PEM or DER); `-` for standard input.
    #[arg(value_name = "CSR")]
    pub csr: PathBuf,
    /// The CA certificate (made with `cert self-signed --ca`, or any CA's).
    #[arg(long, value_name = "CERT")]
    pub ca_cert: PathBuf,
    /// The CA's private key (encrypted keys take --passphrase-file/-env).
    #[arg(long, value_name = "PRIVATE_KEY")]
    pub ca_key: PathBuf,
    /// A TLS client certificate only (extendedKeyUsage clientAuth).
    #[arg(long, conflicts_with = "server")]
    pub client: bool,
    /// A TLS server certificate only (extendedKeyUsage serverAuth).
    #[arg(long)]
    pub server: bool,
    #[command(flatten)]
    pub validity: ValidityArgs,
    #[command(flatten)]
    pub write: WriteArgs<Issued>,
}

// `keysmith pkcs12 …` (a doc comment would replace the summary of `pkcs12`).
#[derive(Debug, Subcommand)]
pub enum Pkcs12Command {
    /// Write a .pfx/.p12 from a certificate (and chain) and its private key.
    Create(Pkcs12CreateArgs),
}

// `keysmith pkcs12 create`.
#[derive(Debug, Args)]
pub struct Pkcs12CreateArgs {
    /// The certificate (the first of a bundle is the leaf; the others join the chain).
    #[arg(long, value_name = "CERT")]
    pub cert: PathBuf,
    /// CA certificates to add after the leaf (a PEM bundle).
    #[arg(long, value_name = "FILE")]
    pub chain: Option<PathBuf>,
    /// The certificate's private key (encrypted keys take --key-passphrase-file).
    #[arg(long, value_name = "PRIVATE_KEY")]
    pub key: PathBuf,
    /// The .pfx/.p12 to write (mode 0600).
    #[arg(short = 'o', long, value_name = "OUT.p12")]
    pub output: PathBuf,
    /// The passphrase that protects the .pfx: the first line of FILE (else asked twice on a terminal).
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// The passphrase that protects the .pfx: environment variable VAR.
    #[arg(long, value_name = "VAR", conflicts_with = "passphrase_file")]
    pub passphrase_env: Option<String>,
    /// The passphrase of an encrypted --key: the first line of FILE.
    #[arg(long, value_name = "FILE")]
    pub key_passphrase_file: Option<PathBuf>,
    /// The friendly name of the key, which Windows and Java show (default: the certificate's subject).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// 3DES and a SHA-1 MAC, for Windows Server 2016 and Java 8 (default: AES-256, SHA-256 MAC).
    #[arg(long)]
    pub legacy: bool,
    /// Replace an existing output file (still written with mode 0600).
    #[arg(long)]
    pub force: bool,
}

#[cfg(test)]
mod tests {
    use crate::cli::Command;

    fn parse(args: &[&str]) -> Result<Command, clap::Error> {
        crate::cli::try_parse(args)
    }

    #[test]
    fn csr_takes_key_subject_sans_and_output() {
        let Command::Csr(a) = parse(&[
            "csr",
            "--key",
            "k.pem",
            "--subject",
            "/CN=a",
            "--san",
            "dns:a",
            "--san",
            "ip:::1",
            "-o",
            "a.csr",
            "--force",
        ])
        .unwrap() else {
            panic!("csr")
        };
        assert_eq!(a.name.key.to_str(), Some("k.pem"));
        assert_eq!(a.name.subject, "/CN=a");
        assert_eq!(a.name.san, ["dns:a", "ip:::1"]);
        assert!(a.write.output.is_some() && a.write.force);
        assert!(parse(&["csr", "--key", "k.pem"]).is_err());
    }

    #[test]
    fn self_signed_takes_days_or_not_after_and_pathlen_with_ca() {
        let Command::Cert(super::CertCommand::SelfSigned(a)) = parse(&[
            "cert",
            "self-signed",
            "--key",
            "k.pem",
            "--subject",
            "CN=ca",
            "--ca",
            "--pathlen",
            "0",
            "--days",
            "30",
            "--now",
            "5",
        ])
        .unwrap() else {
            panic!("self-signed")
        };
        assert!(a.ca && a.pathlen == Some(0) && a.validity.days == Some(30));
        assert_eq!(
            (a.name.key.to_str(), a.name.subject.as_str()),
            (Some("k.pem"), "CN=ca")
        );
        assert_eq!(a.validity.now.now, Some(5));
        let base = ["cert", "self-signed", "--key", "k", "--subject", "CN=a"];
        assert!(parse(&[&base[..], &["--pathlen", "1"]].concat()).is_err());
        assert!(
            parse(
                &[
                    &base[..],
                    &["--days", "1", "--not-after", "2030-01-01T00:00:00Z"]
                ]
                .concat()
            )
            .is_err()
        );
        assert!(parse(&[&base[..], &["--days", "-1"]].concat()).is_err());
    }

    #[test]
    fn sign_takes_csr_ca_and_one_purpose() {
        let Command::Cert(super::CertCommand::Sign(a)) = parse(&[
            "cert",
            "sign",
            "a.csr",
            "--ca-cert",
            "ca.pem",
            "--ca-key",
            "ca.key",
            "--client",
            "--passphrase-env",
            "P",
        ])
        .unwrap() else {
            panic!("sign")
        };
        assert!(a.client && !a.server);
        let base = ["cert", "sign", "a.csr", "--ca-cert", "c", "--ca-key", "k"];
        assert!(parse(&[&base[..], &["--client", "--server"]].concat()).is_err());
        assert!(parse(&["cert", "sign", "a.csr", "--ca-cert", "c"]).is_err());
    }

    #[test]
    fn pkcs12_create_needs_cert_key_output_and_passphrase() {
        let Command::Pkcs12(a) = parse(&[
            "pkcs12",
            "create",
            "--cert",
            "c.pem",
            "--key",
            "k.pem",
            "-o",
            "o.p12",
            "--passphrase-file",
            "p.txt",
            "--legacy",
            "--chain",
            "ca.pem",
        ])
        .unwrap() else {
            panic!("pkcs12")
        };
        let Some(super::Pkcs12Command::Create(c)) = a.command else {
            panic!("create")
        };
        assert!(c.legacy && c.chain.is_some());
        assert!(parse(&["pkcs12", "create", "--cert", "c", "--key", "k"]).is_err());
        // The listing form still takes a file.
        let Command::Pkcs12(a) = parse(&["pkcs12", "c.p12"]).unwrap() else {
            panic!("pkcs12")
        };
        assert!(a.command.is_none() && a.file.is_some());
    }
}
