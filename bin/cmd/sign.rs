//! sign, verify.

use keysmith::Origin;
use keysmith::codec::{Base64Variant, base64_encode};
use keysmith::file::Mode;
use keysmith::input::Input;
use keysmith::sign::{Scheme, Signer, Verifier};

use super::{CmdResult, Sink, load_any_private_key, print_json, report_repairs, with_passphrase};
use crate::Outcome;
use crate::cli::sign::{RawAlgorithm, SignatureFormat};
use crate::cli::{SignArgs, VerifyArgs};

/// The scheme `--alg` and `--format` ask for.
fn scheme(alg: Option<RawAlgorithm>, format: SignatureFormat) -> Scheme {
    Scheme {
        algorithm: alg.map(|RawAlgorithm(a)| (a, Origin::Argument("--alg"))),
        encoding: format.into(),
    }
}

/// `keysmith sign`.
pub fn sign(args: SignArgs) -> CmdResult {
    let (input, private) = load_any_private_key(&args.key, &args.passphrase)?;
    // The signer refuses an algorithm the key cannot use, or a small key (naming
    // its file), before the message is read.
    let signer = Signer::new(private, input.origin(), &scheme(args.alg, args.format))?;
    let message = Input::read(&args.file)?;
    let signature = signer.sign(message.bytes())?;
    let bytes = if args.raw {
        signature
    } else {
        let mut text = base64_encode(&signature, Base64Variant::Standard);
        text.push('\n');
        text.into_bytes()
    };
    Sink::from_option(args.out.output.as_deref()).write(&bytes, Mode::Public, args.out.force)?;
    Ok(Outcome::Pass)
}

/// `keysmith verify`: the report as JSON, or one line; exit 1 when the
/// signature is invalid.
pub fn verify(args: VerifyArgs) -> CmdResult {
    let input = Input::read(&args.key)?;
    let (loaded, _) = with_passphrase(&args.passphrase, input.origin(), |p| {
        keysmith::cert::load_verifying_key(&input, p)
    })?;
    report_repairs(input.origin().clone(), &loaded.repairs);
    let verifier = Verifier::new(
        loaded.key.public_key(),
        input.origin(),
        &scheme(args.alg, args.format),
    )?;
    let signature = match args.signature.strip_prefix('@') {
        Some(path) => {
            let file = Input::read(path)?;
            verifier.decode_signature(file.bytes(), true, file.origin())?
        }
        None => verifier.decode_signature(
            args.signature.as_bytes(),
            false,
            &Origin::Argument("--signature"),
        )?,
    };
    let message = Input::read(&args.file)?;
    let verification = verifier.verify(message.bytes(), &signature);
    if args.json {
        print_json(&verification)?;
    } else {
        let verdict = if verification.valid {
            "VALID"
        } else {
            "INVALID"
        };
        outln!(
            "signature: {verdict} ({}, key sha256:{})",
            verification.algorithm,
            verification.key_sha256
        )?;
    }
    Ok(if verification.valid {
        Outcome::Pass
    } else {
        Outcome::Reject
    })
}
