//! sign, verify.

use keysmith::Origin;
use keysmith::codec::{Base64Variant, base64_encode};
use keysmith::file::Mode;
use keysmith::input::Input;
use keysmith::sign::{self, SignatureVerification};

use super::{CmdResult, Sink, load_any_private_key, print_json, report_repairs, with_passphrase};
use crate::Outcome;
use crate::cli::sign::RawAlgorithm;
use crate::cli::{SignArgs, VerifyArgs};
use keysmith::jwt::Algorithm;
use keysmith::key::{AnyKey, AnyPrivateKey, CurveKey, SignatureEncoding};
use keysmith::sign::RsaAlgorithm;

fn does_not_fit() -> keysmith::Error {
    keysmith::Error::Invalid {
        origin: Origin::Argument("--alg"),
        reason: keysmith::Invalid::AlgorithmForKey,
    }
}

/// The RSA algorithm `--alg` names (RS256 when it names none).
fn rsa_algorithm(alg: Option<RawAlgorithm>) -> Result<RsaAlgorithm, keysmith::Error> {
    match alg {
        None => Ok(RsaAlgorithm::RS256),
        Some(RawAlgorithm(a)) => RsaAlgorithm::try_from(a).map_err(|_| does_not_fit()),
    }
}

/// `--alg` for a curve key: absent, or the curve's one algorithm.
fn check_curve_algorithm(alg: Option<RawAlgorithm>, own: Algorithm) -> Result<(), keysmith::Error> {
    match alg {
        Some(RawAlgorithm(a)) if a != own => Err(does_not_fit()),
        _ => Ok(()),
    }
}

/// `keysmith sign`.
pub fn sign(args: SignArgs) -> CmdResult {
    let (input, private) = load_any_private_key(&args.key, &args.passphrase)?;
    let encoding = SignatureEncoding::from(args.format);
    let signature = match private {
        AnyPrivateKey::Rsa(private) => {
            let alg = rsa_algorithm(args.alg)?;
            // The signer refuses a small key, naming its file, before the message is read.
            let signer = sign::RsaSigner::new(*private, input.origin())?;
            let message = Input::read(&args.file)?;
            signer.sign(alg, message.bytes())?
        }
        AnyPrivateKey::Curve(private) => {
            check_curve_algorithm(args.alg, private.curve().algorithm())?;
            let message = Input::read(&args.file)?;
            private.sign(message.bytes(), encoding)
        }
    };
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

/// `keysmith verify`.
pub fn verify(args: VerifyArgs) -> CmdResult {
    let input = Input::read(&args.key)?;
    let (loaded, _) = with_passphrase(&args.passphrase, input.origin(), |p| {
        keysmith::cert::load_verifying_key(&input, p)
    })?;
    report_repairs(input.origin().clone(), &loaded.repairs);
    let rsa = match &loaded.key {
        AnyKey::Rsa(k) => k,
        AnyKey::Curve(k) => return verify_curve(&args, k),
    };
    let alg = rsa_algorithm(args.alg)?;
    let verifier = sign::RsaVerifier::checked(rsa.public_key().clone(), input.origin())?;
    let public = verifier.as_public_key();
    let modulus_len = verifier.signature_len();
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
    let verification = SignatureVerification::new(public, alg, message.bytes(), &signature)?;
    render_verification(
        args.json,
        &verification,
        verification.valid,
        &verification.algorithm,
        &verification.key_sha256,
    )
}

/// `keysmith verify` with an EC or Ed25519 key.
fn verify_curve(args: &VerifyArgs, key: &CurveKey) -> CmdResult {
    let public = key.public_key();
    check_curve_algorithm(args.alg, public.curve().algorithm())?;
    let encoding = SignatureEncoding::from(args.format);
    let signature = match args.signature.strip_prefix('@') {
        Some(path) => {
            let file = Input::read(path)?;
            sign::decode_curve_signature(file.bytes(), true, &public, encoding, file.origin())?
        }
        None => sign::decode_curve_signature(
            args.signature.as_bytes(),
            false,
            &public,
            encoding,
            &Origin::Argument("--signature"),
        )?,
    };
    let message = Input::read(&args.file)?;
    let verification =
        sign::CurveSignatureVerification::new(&public, encoding, message.bytes(), &signature)?;
    render_verification(
        args.json,
        &verification,
        verification.valid,
        &verification.algorithm,
        &verification.key_sha256,
    )
}

/// The verdict of `keysmith verify`, for a key of any algorithm: the report as
/// JSON, or one line; exit 1 when the signature is invalid.
fn render_verification(
    json: bool,
    report: &impl serde::Serialize,
    valid: bool,
    algorithm: &dyn std::fmt::Display,
    key_sha256: &dyn std::fmt::Display,
) -> CmdResult {
    if json {
        print_json(report)?;
    } else {
        let verdict = if valid { "VALID" } else { "INVALID" };
        outln!("signature: {verdict} ({algorithm}, key sha256:{key_sha256})")?;
    }
    Ok(if valid {
        Outcome::Pass
    } else {
        Outcome::Reject
    })
}
