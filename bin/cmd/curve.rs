//! EC and Ed25519 keys in inspect: what differs from RSA keys (SEC1 instead of
//! PKCS#1, a curve instead of a modulus); `keysmith jwk`.

use std::path::Path;

use keysmith::input::Encoding;
use keysmith::key::{self, Curve, Format, KeySummary};

use super::{CmdResult, Failure, print_json};
use crate::Outcome;

/// What `inspect` prints about an EC or Ed25519 key.
pub(super) fn render(s: &KeySummary, curve: Curve, file: &Path) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let private = s.private;
    let kind = match (curve, private) {
        (key::Curve::Ed25519, true) => "Ed25519 private key",
        (key::Curve::Ed25519, false) => "Ed25519 public key",
        (_, true) => "EC private key",
        (_, false) => "EC public key",
    };
    let format = match s.format {
        Format::Sec1 => "SEC1",
        Format::Pkcs8 => "PKCS#8",
        Format::Jwk => "JWK",
        _ => "SPKI",
    };
    super::keys::kind_line(&mut out, kind, format, s.encoding, s.encrypted);
    if let Some(scheme) = s.encryption {
        let _ = writeln!(out, "encryption:      {scheme}");
    }
    let _ = writeln!(out, "curve:           {curve} ({} bits)", s.bits);
    let _ = writeln!(out, "public key:      {}", s.public_key);
    let verdicts = (
        "yes (the stored public key is its own)",
        "NO (the stored public key is another key's)",
    );
    super::keys::fingerprint_lines(&mut out, &s.spki_sha256, s.consistent, verdicts);
    let file = super::keys::shell_word(&file.display().to_string());
    let _ = writeln!(out, "convert with:");
    if private {
        if s.algorithm == key::KeyAlgorithm::Ec && s.format != Format::Sec1 {
            let _ = writeln!(out, "  keysmith convert {file} --to sec1 -o KEY.pem");
        }
        if s.format != Format::Pkcs8 {
            let _ = writeln!(out, "  keysmith convert {file} --to pkcs8 -o KEY.pem");
        }
        let _ = writeln!(out, "  keysmith pubkey {file} -o PUBLIC.pem");
    } else {
        let other = if s.encoding == Encoding::Pem {
            "--der -o PUBLIC.der"
        } else {
            "-o PUBLIC.pem"
        };
        let _ = writeln!(out, "  keysmith convert {file} --to pkcs8 {other}");
    }
    out
}

/// `keysmith jwk`.
pub fn jwk(args: crate::cli::keys::JwkArgs) -> CmdResult {
    use keysmith::jwk::{JwkOptions, PublicJwk, PublicJwks, load_public, thumbprint};
    if args.keys.len() > 1 && (args.single || args.kid.is_some()) {
        return Err(Failure::Usage(
            "--single and --kid describe one key: give one KEY".to_owned(),
        ));
    }
    let options = JwkOptions {
        kid: args.kid.clone(),
        alg: args.alg,
        use_sig: args.key_use.is_some(),
    };
    // Read every key before printing anything: a failure prints nothing.
    let mut keys = Vec::new();
    for path in &args.keys {
        let input = keysmith::input::Input::read(path)?;
        let (read, _) =
            super::with_passphrase(&args.passphrase, input.origin(), |p| load_public(&input, p))?;
        keys.push(read);
    }
    if args.thumbprint {
        for (key, _) in &keys {
            outln!("{}", thumbprint(key))?;
        }
        return Ok(Outcome::Pass);
    }
    let mut jwks = Vec::new();
    for (key, certificates) in &keys {
        let chain: Vec<&[u8]> = certificates.iter().map(Vec::as_slice).collect();
        let jwk = PublicJwk::new(key, &chain, &options).map_err(|e| match e {
            keysmith::Error::Invalid { reason, .. } => keysmith::Error::Invalid {
                origin: keysmith::Origin::Argument("--alg"),
                reason,
            },
            other => other,
        })?;
        jwks.push(jwk);
    }
    match jwks.pop() {
        Some(one) if args.single && jwks.is_empty() => print_json(&one)?,
        Some(last) => {
            jwks.push(last);
            print_json(&PublicJwks { keys: jwks })?;
        }
        None => {}
    }
    Ok(Outcome::Pass)
}
