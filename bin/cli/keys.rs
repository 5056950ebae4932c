//! Key commands: keygen, pubkey, convert, inspect, b64, payload.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::{NowArgs, OutputArgs, PassphraseArgs};

/// Private key container format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KeyFormat {
    /// PKCS#8 (`BEGIN PRIVATE KEY`), as `openssl genpkey` writes.
    Pkcs8,
    /// PKCS#1 (`BEGIN RSA PRIVATE KEY`), the traditional form.
    Pkcs1,
    /// SEC1 (`BEGIN EC PRIVATE KEY`), the traditional form of EC private keys.
    Sec1,
}

/// The kind of key pair `keygen` makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KeyType {
    /// RSA of --bits bits.
    Rsa,
    /// EC on NIST P-256 (ES256).
    P256,
    /// EC on NIST P-384 (ES384).
    P384,
    /// EC on NIST P-521 (ES512).
    P521,
    /// Ed25519 (EdDSA).
    Ed25519,
}

impl KeyType {
    /// The curve of an EC or Ed25519 type; `None` for RSA.
    pub fn curve(self) -> Option<keysmith::key::Curve> {
        use keysmith::key::Curve;
        match self {
            KeyType::Rsa => None,
            KeyType::P256 => Some(Curve::P256),
            KeyType::P384 => Some(Curve::P384),
            KeyType::P521 => Some(Curve::P521),
            KeyType::Ed25519 => Some(Curve::Ed25519),
        }
    }
}

// `keysmith keygen`.
#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// The kind of key pair: RSA (default), EC on P-256/P-384/P-521, or Ed25519.
    #[arg(long = "type", value_enum, default_value_t = KeyType::Rsa)]
    pub key_type: KeyType,
    /// RSA key size in bits: 2048, 3072 or 4096.
    #[arg(long, default_value_t = 2048)]
    pub bits: usize,
    /// Where to write the private key.
    #[arg(long, value_name = "PATH", default_value = "private_key.pem")]
    pub private: PathBuf,
    /// Where to write the public key (SPKI).
    #[arg(long, value_name = "PATH", default_value = "public_key.pem")]
    pub public: PathBuf,
    /// Private key format.
    #[arg(long, value_enum, default_value_t = KeyFormat::Pkcs8)]
    pub format: KeyFormat,
    /// Write DER instead of PEM.
    #[arg(long)]
    pub der: bool,
    /// Encrypt the private key (PKCS#8, PBES2 PBKDF2-SHA256 + AES-256-CBC).
    ///
    /// The passphrase comes from --passphrase-file, --passphrase-env or a prompt.
    #[arg(long)]
    pub encrypt: bool,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
    /// Replace existing files (the private key is still written with mode 0600).
    #[arg(long)]
    pub force: bool,
    /// Print a JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

// `keysmith jwk`.
#[derive(Debug, Args)]
pub struct JwkArgs {
    /// Keys or certificates (any form, also a JWK; `-` for standard input). Only
    /// the public half of a private key is ever printed.
    #[arg(value_name = "KEY", required = true)]
    pub keys: Vec<PathBuf>,
    /// Print one bare JWK instead of a JWK Set (one KEY only).
    #[arg(long)]
    pub single: bool,
    /// The `kid` (one KEY only); default: the RFC 7638 thumbprint.
    #[arg(long, value_name = "NAME")]
    pub kid: Option<String>,
    /// The `alg` member; it must be an algorithm the key allows.
    #[arg(long, value_name = "ALG", value_parser = super::alg::<keysmith::jwt::Algorithm>())]
    pub alg: Option<keysmith::jwt::Algorithm>,
    /// The `use` member.
    #[arg(long = "use", value_enum, value_name = "USE")]
    pub key_use: Option<KeyUse>,
    /// Print each key's RFC 7638 thumbprint (SHA-256, base64url) alone, one a line.
    #[arg(long, conflicts_with_all = ["single", "kid", "alg", "key_use"])]
    pub thumbprint: bool,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

/// A JWK's `use`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KeyUse {
    /// Signatures.
    Sig,
}

// `keysmith pubkey`.
#[derive(Debug, Args)]
pub struct PubkeyArgs {
    /// The private key (any form; `-` for standard input).
    #[arg(value_name = "PRIVATE_KEY")]
    pub key: PathBuf,
    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write `BEGIN RSA PUBLIC KEY` (PKCS#1) instead of SPKI.
    #[arg(long)]
    pub pkcs1: bool,
    /// Write DER instead of PEM.
    #[arg(long)]
    pub der: bool,
    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

// `keysmith convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The key to convert (any form; `-` for standard input).
    #[arg(value_name = "KEY")]
    pub key: PathBuf,
    /// Target format. Public keys: pkcs8 writes SPKI (`BEGIN PUBLIC KEY`).
    #[arg(long, value_enum)]
    pub to: KeyFormat,
    /// Write DER instead of PEM.
    #[arg(long)]
    pub der: bool,
    /// Encrypt the private key (PKCS#8 only).
    #[arg(long, conflicts_with = "decrypt")]
    pub encrypt: bool,
    /// Write the private key unencrypted (the input may be encrypted).
    #[arg(long)]
    pub decrypt: bool,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
    /// Passphrase file for the output when --encrypt re-encrypts an encrypted input
    /// (read as --passphrase-file is).
    #[arg(long, value_name = "FILE", conflicts_with = "decrypt")]
    pub new_passphrase_file: Option<PathBuf>,
}

// `keysmith inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// A key, certificate (or bundle) or JWT file; `-` for standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Further certificate files, described together with the first (JSON: an array).
    #[arg(value_name = "FILE")]
    pub more_files: Vec<PathBuf>,
    /// Print a JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// For a key: print the canonical PEM of what was read (repairs broken forms).
    #[arg(long)]
    pub fix: bool,
    /// With --fix: write the canonical PEM to FILE instead of standard output.
    ///
    /// A private key goes to standard output only with `-o -`; files holding one get mode 0600.
    #[arg(short, long, value_name = "FILE", requires = "fix")]
    pub output: Option<PathBuf>,
    /// With --fix -o FILE: replace an existing file.
    #[arg(long, requires = "output")]
    pub force: bool,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
    #[command(flatten)]
    pub now: NowArgs,
}

// `keysmith b64`.
#[derive(Debug, Args)]
pub struct B64Args {
    /// The file whose exact bytes to encode; `-` for standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Use base64url without padding.
    #[arg(long)]
    pub url: bool,
    /// Decode instead of encode (writes raw bytes to standard output).
    #[arg(short, long)]
    pub decode: bool,
    #[command(flatten)]
    pub out: OutputArgs,
}

/// `keysmith payload …`.
#[derive(Debug, Subcommand)]
pub enum PayloadCommand {
    /// The Paymentsgate token request body: {"account_id", "public_key"}.
    Paymentsgate(PaymentsgateArgs),
}

/// `keysmith payload paymentsgate`.
#[derive(Debug, Args)]
pub struct PaymentsgateArgs {
    /// The account id Paymentsgate issued (a UUID).
    #[arg(long, value_name = "ID")]
    pub account_id: String,
    /// The RSA public key (any form); a private key is refused.
    #[arg(long, value_name = "FILE", default_value = "public_key.pem")]
    pub public_key: PathBuf,
}

#[cfg(test)]
mod tests {
    use crate::cli::{Cli, Command, parse};
    use clap::Parser;

    #[test]
    fn jwk_flags() {
        let Command::Jwk(a) = parse(&["jwk", "a.pem", "b.pem"]) else {
            panic!("jwk")
        };
        assert_eq!(a.keys.len(), 2);
        assert!(!a.single && !a.thumbprint && a.kid.is_none() && a.alg.is_none());
        let Command::Jwk(a) = parse(&[
            "jwk", "a.pem", "--single", "--kid", "k1", "--alg", "es256", "--use", "sig",
        ]) else {
            panic!("jwk")
        };
        assert!(a.single);
        assert_eq!(a.kid.as_deref(), Some("k1"));
        assert_eq!(a.alg, Some(keysmith::jwt::Algorithm::ES256));
        assert_eq!(a.key_use, Some(super::KeyUse::Sig));
        assert!(crate::cli::try_parse(&["jwk"]).is_err());
        assert!(crate::cli::try_parse(&["jwk", "a", "--thumbprint", "--kid", "x"]).is_err());
        assert!(crate::cli::try_parse(&["jwk", "a", "--use", "enc"]).is_err());
    }

    #[test]
    fn keygen_defaults_and_flags() {
        let Command::Keygen(a) = parse(&["keygen"]) else {
            panic!("keygen")
        };
        assert_eq!(a.bits, 2048);
        assert_eq!(a.key_type, super::KeyType::Rsa);
        assert_eq!(a.private.to_str(), Some("private_key.pem"));
        assert_eq!(a.public.to_str(), Some("public_key.pem"));
        let Command::Keygen(a) = parse(&[
            "keygen",
            "--bits",
            "4096",
            "--format",
            "pkcs1",
            "--der",
            "--force",
            "--json",
            "--private",
            "a",
            "--public",
            "b",
        ]) else {
            panic!("keygen")
        };
        assert!(a.der && a.force && a.json);
        assert_eq!(a.format, super::KeyFormat::Pkcs1);
        for (name, key_type) in [
            ("p256", super::KeyType::P256),
            ("p384", super::KeyType::P384),
            ("p521", super::KeyType::P521),
            ("ed25519", super::KeyType::Ed25519),
        ] {
            let Command::Keygen(a) = parse(&["keygen", "--type", name]) else {
                panic!("keygen")
            };
            assert_eq!(a.key_type, key_type);
        }
        assert!(crate::cli::try_parse(&["keygen", "--type", "dsa"]).is_err());
        let Command::Keygen(a) = parse(&["keygen", "--encrypt", "--passphrase-env", "P"]) else {
            panic!("keygen")
        };
        assert!(a.encrypt);
        assert_eq!(a.passphrase.passphrase_env.as_deref(), Some("P"));
    }

    #[test]
    fn pubkey_flags() {
        let Command::Pubkey(a) = parse(&["pubkey", "k.pem", "-o", "p.pem", "--pkcs1", "--der"])
        else {
            panic!("pubkey")
        };
        assert!(a.pkcs1 && a.der);
        assert_eq!(a.output.unwrap().to_str(), Some("p.pem"));
    }

    #[test]
    fn convert_requires_to_and_refuses_encrypt_with_decrypt() {
        assert!(Cli::try_parse_from(["keysmith", "convert", "k.pem"]).is_err());
        assert!(
            Cli::try_parse_from([
                "keysmith",
                "convert",
                "k.pem",
                "--to",
                "pkcs1",
                "--encrypt",
                "--decrypt"
            ])
            .is_err()
        );
        let Command::Convert(a) = parse(&["convert", "k.pem", "--to", "pkcs8", "--decrypt"]) else {
            panic!("convert")
        };
        assert!(a.decrypt);
    }

    #[test]
    fn inspect_b64_payload_flags() {
        let Command::Inspect(a) = parse(&["inspect", "-", "--json", "--fix", "--now", "5"]) else {
            panic!("inspect")
        };
        assert!(a.json && a.fix);
        assert_eq!(a.now.now, Some(5));
        let Command::Inspect(a) = parse(&["inspect", "k", "--fix", "-o", "out.pem", "--force"])
        else {
            panic!("inspect")
        };
        assert_eq!(a.output.unwrap().to_str(), Some("out.pem"));
        assert!(a.force);
        assert!(Cli::try_parse_from(["keysmith", "inspect", "k", "-o", "out.pem"]).is_err());
        assert!(Cli::try_parse_from(["keysmith", "inspect", "k", "--fix", "--force"]).is_err());
        let Command::B64(a) = parse(&["b64", "f", "--url", "-d"]) else {
            panic!("b64")
        };
        assert!(a.url && a.decode);
        assert!(a.out.output.is_none() && !a.out.force);
        let Command::B64(a) = parse(&["b64", "f", "-o", "-", "--force"]) else {
            panic!("b64")
        };
        assert_eq!(a.out.output.unwrap().to_str(), Some("-"));
        assert!(a.out.force);
        let Command::Payload(super::PayloadCommand::Paymentsgate(a)) =
            parse(&["payload", "paymentsgate", "--account-id", "x"])
        else {
            panic!("payload")
        };
        assert_eq!(a.public_key.to_str(), Some("public_key.pem"));
    }
}
