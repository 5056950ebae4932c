//! EC and Ed25519 keys in pubkey, convert and inspect: what differs from RSA
//! keys (SEC1 instead of PKCS#1, a curve instead of a modulus).

use std::path::Path;

use keysmith::file::Mode;
use keysmith::input::Encoding;
use keysmith::key::{self, AnyKey, CurveKey, CurveKeySummary, Format, LoadedKey};

use super::{CmdResult, Failure, Sink, print_json};
use crate::Outcome;
use crate::cli::keys::KeyFormat;
use crate::cli::{ConvertArgs, InspectArgs, PubkeyArgs};

/// `pubkey` of an EC or Ed25519 key: SPKI, as `openssl pkey -pubout` writes it.
pub fn pubkey(args: &PubkeyArgs, key: &CurveKey) -> CmdResult {
    if args.pkcs1 {
        return Err(Failure::Usage(
            "--pkcs1 applies to RSA keys; EC and Ed25519 public keys are SPKI only".to_owned(),
        ));
    }
    let public = key.public_key();
    let bytes = if args.der {
        public.to_spki_der()?
    } else {
        public.to_spki_pem()?
    };
    Sink::from_option(args.output.as_deref()).write(&bytes, Mode::Public, args.force)?;
    Ok(Outcome::Pass)
}

/// `convert` of an EC or Ed25519 key: PKCS#8 ⇄ SEC1, PEM ⇄ DER, encrypt or decrypt.
pub fn convert(
    args: &ConvertArgs,
    loaded: &LoadedKey<AnyKey>,
    key: &CurveKey,
    passphrase: impl FnOnce() -> Result<keysmith::Secret, Failure>,
) -> CmdResult {
    let encoding = if args.der {
        Encoding::Der
    } else {
        Encoding::Pem
    };
    let sink = Sink::from_option(args.out.output.as_deref());
    match key {
        CurveKey::Public(public) => {
            if args.encrypt || args.decrypt {
                return Err(Failure::Usage(
                    "--encrypt and --decrypt apply to private keys; this is a public key"
                        .to_owned(),
                ));
            }
            if args.to != KeyFormat::Pkcs8 {
                return Err(Failure::Usage(
                    "EC and Ed25519 public keys have one form, SPKI: use --to pkcs8".to_owned(),
                ));
            }
            let bytes = match encoding {
                Encoding::Der => public.to_spki_der()?,
                _ => public.to_spki_pem()?,
            };
            sink.write(&bytes, Mode::Public, args.out.force)?;
        }
        CurveKey::Private { key: private, .. } => {
            let encrypt = if args.decrypt {
                false
            } else {
                args.encrypt || args.new_passphrase_file.is_some() || loaded.encrypted
            };
            let format = match (args.to, private.curve().is_ecdsa(), encrypt) {
                (KeyFormat::Pkcs8, _, _) => Format::Pkcs8,
                (KeyFormat::Sec1, true, false) => Format::Sec1,
                (KeyFormat::Sec1, true, true) => {
                    return Err(Failure::Usage(
                        "SEC1 keys cannot be encrypted by keysmith; use --to pkcs8, or \
                         --decrypt to write the key unencrypted"
                            .to_owned(),
                    ));
                }
                (KeyFormat::Sec1, false, _) => {
                    return Err(Failure::Usage(
                        "Ed25519 keys have no SEC1 form: use --to pkcs8".to_owned(),
                    ));
                }
                (KeyFormat::Pkcs1, _, _) => {
                    return Err(Failure::Usage(
                        "PKCS#1 is for RSA keys: use --to pkcs8 or (EC keys) --to sec1".to_owned(),
                    ));
                }
            };
            let secret = if encrypt { Some(passphrase()?) } else { None };
            let origin = keysmith::Origin::from_path(&args.key);
            let bytes =
                key::encode_curve_private(private, format, secret.as_ref(), encoding, &origin)?;
            sink.write(&bytes, Mode::Private, args.out.force)?;
        }
    }
    Ok(Outcome::Pass)
}

/// `inspect` of an EC or Ed25519 key.
pub fn inspect(args: &InspectArgs, summary: &CurveKeySummary) -> CmdResult {
    if args.json {
        print_json(summary)?;
    } else {
        out!("{}", render(summary, &args.file))?;
    }
    Ok(match summary.consistent {
        Some(false) => Outcome::Reject,
        _ => Outcome::Pass,
    })
}

fn render(s: &CurveKeySummary, file: &Path) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let private = s.kind.ends_with("private-key");
    let kind = match (s.curve, private) {
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
    let enc = match s.encoding {
        Encoding::Pem => "PEM",
        Encoding::Der => "DER",
        Encoding::Json => "JSON",
    };
    let encrypted = if s.encrypted { ", encrypted" } else { "" };
    let _ = writeln!(out, "kind:            {kind} ({format}, {enc}{encrypted})");
    if let Some(scheme) = s.encryption {
        let _ = writeln!(out, "encryption:      {scheme}");
    }
    let _ = writeln!(out, "curve:           {} ({} bits)", s.curve, s.bits);
    let _ = writeln!(out, "public key:      {}", s.public_key);
    let _ = writeln!(out, "spki sha256:     {}", s.spki_sha256);
    if let Some(c) = s.consistent {
        let verdict = if c {
            "yes (the stored public key is its own)"
        } else {
            "NO (the stored public key is another key's)"
        };
        let _ = writeln!(out, "consistent:      {verdict}");
    }
    let file = super::keys::shell_word(&file.display().to_string());
    let _ = writeln!(out, "convert with:");
    if private {
        if s.curve.is_ecdsa() && s.format != Format::Sec1 {
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
