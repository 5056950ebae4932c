//! Raw signature commands: sign, verify.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use keysmith::jwt::Algorithm;

use super::{OutputArgs, PassphraseArgs};

/// An algorithm of a raw signature: RS*/PS* for RSA keys, ES256/ES384/ES512 for
/// EC keys on P-256/P-384/P-521, EdDSA for Ed25519 keys (the key decides).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawAlgorithm(pub Algorithm);

impl TryFrom<Algorithm> for RawAlgorithm {
    type Error = Algorithm;

    fn try_from(algorithm: Algorithm) -> Result<RawAlgorithm, Algorithm> {
        if Algorithm::HMAC.contains(&algorithm) {
            Err(algorithm)
        } else {
            Ok(RawAlgorithm(algorithm))
        }
    }
}

/// How an ECDSA signature is written or read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, ValueEnum)]
pub enum SignatureFormat {
    /// ASN.1 DER, as `openssl dgst -sign` writes it.
    #[default]
    Der,
    /// The fixed-size r‖s of JOSE and IEEE P1363.
    Jose,
}

impl From<SignatureFormat> for keysmith::key::SignatureEncoding {
    fn from(format: SignatureFormat) -> keysmith::key::SignatureEncoding {
        match format {
            SignatureFormat::Der => keysmith::key::SignatureEncoding::Der,
            SignatureFormat::Jose => keysmith::key::SignatureEncoding::Jose,
        }
    }
}

// `keysmith sign`.
#[derive(Debug, Args)]
pub struct SignArgs {
    /// The file whose exact bytes to sign; `-` for standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The private key: RSA, EC or Ed25519 (any form, encrypted included).
    #[arg(long, value_name = "PRIVATE_KEY")]
    pub key: PathBuf,
    /// Signature algorithm: RS256 (the default for RSA keys) … PS512; an EC or
    /// Ed25519 key has one (ES256, ES384, ES512, EdDSA), its default.
    #[arg(long, value_name = "ALG", value_parser = super::alg::<RawAlgorithm>())]
    pub alg: Option<RawAlgorithm>,
    /// ECDSA signature encoding: DER (as openssl dgst writes it) or jose (r‖s).
    #[arg(long, value_enum, default_value_t = SignatureFormat::Der)]
    pub format: SignatureFormat,
    /// Write the raw signature bytes instead of Base64 (use with -o FILE).
    #[arg(long)]
    pub raw: bool,
    #[command(flatten)]
    pub out: OutputArgs,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

// `keysmith verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The signed file; `-` for standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The RSA, EC or Ed25519 key or X.509 certificate to verify with (a private
    /// key's public half is used).
    #[arg(long, value_name = "KEY_OR_CERT")]
    pub key: PathBuf,
    /// The signature: Base64 text, or @FILE.
    ///
    /// @FILE holds the raw signature bytes (when the file is exactly as long as the
    /// modulus) or Base64 text. An empty signature is invalid (exit 1).
    #[arg(long, value_name = "B64|@FILE", allow_hyphen_values = true)]
    pub signature: String,
    /// Signature algorithm: RS256 (the default for RSA keys) … PS512; an EC or
    /// Ed25519 key has one (ES256, ES384, ES512, EdDSA), its default.
    #[arg(long, value_name = "ALG", value_parser = super::alg::<RawAlgorithm>())]
    pub alg: Option<RawAlgorithm>,
    /// ECDSA signature encoding: DER (as openssl dgst writes it) or jose (r‖s).
    #[arg(long, value_enum, default_value_t = SignatureFormat::Der)]
    pub format: SignatureFormat,
    /// Print a JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

#[cfg(test)]
mod tests {
    use crate::cli::{Cli, Command, parse};
    use clap::Parser;
    use keysmith::jwt::Algorithm;

    use super::{RawAlgorithm, SignatureFormat};

    #[test]
    fn sign_defaults() {
        let Command::Sign(a) = parse(&["sign", "m.bin", "--key", "k.pem"]) else {
            panic!("sign")
        };
        assert_eq!(a.file.to_str(), Some("m.bin"));
        assert_eq!(a.key.to_str(), Some("k.pem"));
        assert_eq!(a.alg, None);
        assert_eq!(a.format, SignatureFormat::Der);
        assert!(!a.raw && !a.out.force);
        assert!(a.out.output.is_none());
    }

    #[test]
    fn sign_flags() {
        let Command::Sign(a) = parse(&[
            "sign",
            "-",
            "--key",
            "k.pem",
            "--alg",
            "PS512",
            "--raw",
            "-o",
            "s.bin",
            "--force",
            "--passphrase-file",
            "p.txt",
        ]) else {
            panic!("sign")
        };
        assert_eq!(a.alg, Some(RawAlgorithm(Algorithm::PS512)));
        assert!(a.raw && a.out.force);
        assert_eq!(a.out.output.unwrap().to_str(), Some("s.bin"));
        assert_eq!(
            a.passphrase.passphrase_file.unwrap().to_str(),
            Some("p.txt")
        );
        let Command::Sign(a) = parse(&["sign", "m", "--key", "k", "--passphrase-env", "P"]) else {
            panic!("sign")
        };
        assert_eq!(a.passphrase.passphrase_env.as_deref(), Some("P"));
    }

    #[test]
    fn sign_requires_key_and_refuses_unknown_alg() {
        assert!(Cli::try_parse_from(["keysmith", "sign", "m"]).is_err());
        for bad in ["none", "HS256", "ES256K"] {
            assert!(
                Cli::try_parse_from(["keysmith", "sign", "m", "--key", "k", "--alg", bad]).is_err()
            );
        }
    }

    #[test]
    fn alg_accepts_every_rsa_name() {
        for alg in Algorithm::RSA.into_iter().chain([
            Algorithm::ES256,
            Algorithm::ES384,
            Algorithm::ES512,
            Algorithm::EdDSA,
        ]) {
            let Command::Sign(a) = parse(&["sign", "m", "--key", "k", "--alg", alg.name()]) else {
                panic!("sign")
            };
            assert_eq!(a.alg, Some(RawAlgorithm(alg)));
        }
        let Command::Sign(a) = parse(&["sign", "m", "--key", "k", "--alg", "ps384"]) else {
            panic!("sign")
        };
        assert_eq!(a.alg, Some(RawAlgorithm(Algorithm::PS384)));
        let Command::Sign(a) = parse(&["sign", "m", "--key", "k", "--format", "jose"]) else {
            panic!("sign")
        };
        assert_eq!(a.format, SignatureFormat::Jose);
    }

    #[test]
    fn verify_flags() {
        let Command::Verify(a) = parse(&[
            "verify",
            "m.bin",
            "--key",
            "cert.pem",
            "--signature",
            "@sig.bin",
            "--alg",
            "RS384",
            "--json",
            "--passphrase-env",
            "P",
        ]) else {
            panic!("verify")
        };
        assert_eq!(a.signature, "@sig.bin");
        assert_eq!(a.alg, Some(RawAlgorithm(Algorithm::RS384)));
        assert!(a.json);
        assert_eq!(a.passphrase.passphrase_env.as_deref(), Some("P"));
        let Command::Verify(a) = parse(&["verify", "m", "--key", "k", "--signature", ""]) else {
            panic!("verify")
        };
        assert_eq!(a.signature, "");
        assert_eq!(a.alg, None);
        assert!(!a.json);
    }

    #[test]
    fn verify_requires_key_and_signature() {
        assert!(Cli::try_parse_from(["keysmith", "verify", "m", "--key", "k"]).is_err());
        assert!(Cli::try_parse_from(["keysmith", "verify", "m", "--signature", "AA=="]).is_err());
        // A Base64 signature may start with '-' (base64url).
        assert!(
            Cli::try_parse_from([
                "keysmith",
                "verify",
                "m",
                "--key",
                "k",
                "--signature",
                "-_8"
            ])
            .is_ok()
        );
    }
}
