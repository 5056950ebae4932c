//! sign, verify.

use keysmith::codec::{Base64Variant, base64_encode};
use keysmith::file::Mode;
use keysmith::input::Input;
use keysmith::sign::{self, SignatureVerification};
use keysmith::{Expected, Origin, key};

use super::{CmdResult, Sink, load_private_key, print_json, report_repairs, with_passphrase};
use crate::Outcome;
use crate::cli::{SignArgs, VerifyArgs};

/// `keysmith sign`.
pub fn sign(args: SignArgs) -> CmdResult {
    let (input, private) = load_private_key(&args.key, &args.passphrase)?;
    // The signer refuses a small key, naming its file, before the message is read.
    let signer = sign::RsaSigner::new(private, input.origin())?;
    let message = Input::read(&args.file)?;
    let signature = signer.sign(args.alg, message.bytes())?;
    let bytes = if args.raw {
        signature
    } else {
        let mut text = base64_encode(&signature, Base64Variant::Standard);
        text.push('\n');
        text.into_bytes()
    };
    Sink::from_option(args.output.as_deref()).write(&bytes, Mode::Public, args.force)?;
    Ok(Outcome::Pass)
}

/// `keysmith verify`.
pub fn verify(args: VerifyArgs) -> CmdResult {
    let input = Input::read(&args.key)?;
    let (loaded, _) = with_passphrase(&args.passphrase, input.origin(), |p| {
        keysmith::cert::load_verifying_key(&input, p)
    })?;
    report_repairs(input.origin().clone(), &loaded.repairs);
    let public = loaded.key.public_key();
    sign::check_key_size(public, input.origin(), Expected::PublicKey)?;
    let modulus_len = key::modulus_bits(public).div_ceil(8);
    let signature = match args.signature.strip_prefix('@') {
        Some(path) => {
            let file = Input::read(path)?;
            sign::decode_signature(file.bytes(), true, modulus_len, file.origin())?
        }
        None => sign::decode_signature(
            args.signature.as_bytes(),
            false,
            modulus_len,
            &Origin::Argument("--signature"),
        )?,
    };
    let message = Input::read(&args.file)?;
    let verification = SignatureVerification::new(public, args.alg, message.bytes(), &signature)?;
    if args.json {
        print_json(&verification)?;
    } else {
        outln!(
            "signature: {} ({}, key sha256:{})",
            if verification.valid {
                "VALID"
            } else {
                "INVALID"
            },
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
