//! csr, cert self-signed, cert sign, pkcs12 create, check --expires-within, and
//! `inspect` of a certificate signing request.

use std::path::Path;

use keysmith::cert::{
    self, AltName, CertificateRequest, DistinguishedName, ExpiryStatus, RequestSignature,
    RequestSummary, Role, Validity, pkcs12,
};
use keysmith::file::{self, Mode};
use keysmith::input::Input;
use keysmith::key::AnyPrivateKey;
use keysmith::text::Escaped;
use keysmith::time::Timestamp;
use keysmith::{Expected, Origin};

use super::{
    CmdResult, Failure, Sink, encryption_passphrase, load_any_private_key, now, print_json,
    report_repairs, with_passphrase,
};
use crate::Outcome;
use crate::cli::cert::CheckArgs;
use crate::cli::x509::{
    CertSignArgs, CsrArgs, Made, NameArgs, Named, Pkcs12CreateArgs, SelfSignedArgs, ValidityArgs,
    WriteArgs,
};
use crate::cli::{InspectArgs, PassphraseArgs};

/// The subject and alternative names of the command line.
fn names<M: Named>(name: &NameArgs<M>) -> Result<(DistinguishedName, Vec<AltName>), Failure> {
    let subject = DistinguishedName::parse(&name.subject, &Origin::Argument("--subject"))?;
    let alt_names = name
        .san
        .iter()
        .map(|s| AltName::parse(s, &Origin::Argument("--san")))
        .collect::<keysmith::Result<Vec<_>>>()?;
    Ok((subject, alt_names))
}

/// The key that signs a request or a self-signed certificate, read once no
/// output names an input.
fn signing_key<M: Named>(
    name: &NameArgs<M>,
    write: &WriteArgs<M>,
) -> Result<AnyPrivateKey, Failure> {
    refuse_output_over_input(
        write.output.as_deref(),
        &[Some(&name.key), write.passphrase.passphrase_file.as_deref()],
    )?;
    Ok(load_any_private_key(&name.key, &write.passphrase)?.1)
}

/// `--days` (default 365) or `--not-after`, from `--now`.
fn validity(args: &ValidityArgs) -> Result<Validity, Failure> {
    let now = now(&args.now);
    Ok(match &args.not_after {
        Some(text) => {
            let origin = Origin::Argument("--not-after");
            Validity::until(now, Timestamp::parse(text, &origin)?, &origin)?
        }
        None => Validity::days(now, args.days.unwrap_or(365), &Origin::Argument("--days"))?,
    })
}

/// Writes a certificate or request (PEM) to `--output` or standard output.
fn write_pem<M: Made>(pem: &str, write: &WriteArgs<M>) -> CmdResult {
    Sink::from_option(write.output.as_deref()).write(pem.as_bytes(), Mode::Public, write.force)?;
    Ok(Outcome::Pass)
}

/// Refuses an output file (not `-`) that names one of the command's inputs
/// (`None`: an input not given), before anything is read or asked for.
fn refuse_output_over_input(
    output: Option<&Path>,
    inputs: &[Option<&Path>],
) -> Result<(), Failure> {
    if let Some(output) = output.filter(|p| *p != Path::new("-")) {
        let inputs: Vec<&Path> = inputs.iter().flatten().copied().collect();
        file::check_inputs(&[output], &inputs)?;
    }
    Ok(())
}

/// `keysmith csr`.
pub fn csr(args: CsrArgs) -> CmdResult {
    let (subject, alt_names) = names(&args.name)?;
    let key = signing_key(&args.name, &args.write)?;
    let request = CertificateRequest::new(&key, &subject, &alt_names)?;
    write_pem(&request.to_pem()?, &args.write)
}

/// `keysmith cert self-signed`.
pub fn self_signed(args: SelfSignedArgs) -> CmdResult {
    let (subject, alt_names) = names(&args.name)?;
    let validity = validity(&args.validity)?;
    let role = if args.ca {
        Role::Ca {
            path_length: args.pathlen,
        }
    } else {
        Role::ClientAndServer
    };
    let key = signing_key(&args.name, &args.write)?;
    let certificate = cert::self_signed(&key, &subject, &alt_names, validity, role)?;
    write_pem(&certificate.to_pem()?, &args.write)
}

/// `keysmith cert sign`.
pub fn sign(args: CertSignArgs) -> CmdResult {
    let validity = validity(&args.validity)?;
    let role = match (args.client, args.server) {
        (true, _) => Role::Client,
        (false, true) => Role::Server,
        (false, false) => Role::ClientAndServer,
    };
    refuse_output_over_input(
        args.write.output.as_deref(),
        &[
            Some(&args.csr),
            Some(&args.ca_cert),
            Some(&args.ca_key),
            args.write.passphrase.passphrase_file.as_deref(),
        ],
    )?;
    let request_input = Input::read(&args.csr)?;
    let loaded = cert::load_request(&request_input)?;
    report_repairs(request_input.origin().clone(), &loaded.repairs);
    let ca_input = Input::read(&args.ca_cert)?;
    let cas = cert::load(&ca_input, None)?;
    report_repairs(ca_input.origin().clone(), &cas.repairs);
    let ca = cas.leaf(ca_input.origin(), Expected::Certificate)?;
    let (ca_key_input, ca_key) = load_any_private_key(&args.ca_key, &args.write.passphrase)?;
    let certificate = cert::sign_request(
        &loaded.request,
        ca,
        &ca_key,
        ca_key_input.origin(),
        validity,
        role,
    )?;
    write_pem(&certificate.to_pem()?, &args.write)
}

/// `keysmith pkcs12 create`.
pub fn pkcs12_create(args: Pkcs12CreateArgs) -> CmdResult {
    // A .pfx is binary: it goes to a file, never to standard output.
    if args.output == Path::new("-") {
        return Err(Failure::Usage(
            "a .pfx is binary and is not written to standard output; give -o FILE".to_owned(),
        ));
    }
    // Refuse an existing output, or one that names an input, before asking
    // for anything.
    file::check(&[args.output.as_path()], args.force)?;
    refuse_output_over_input(
        Some(&args.output),
        &[
            Some(&args.cert),
            args.chain.as_deref(),
            Some(&args.key),
            args.key_passphrase_file.as_deref(),
            args.passphrase_file.as_deref(),
        ],
    )?;
    let cert_input = Input::read(&args.cert)?;
    let mut certificates = cert::load(&cert_input, None)?;
    report_repairs(cert_input.origin().clone(), &certificates.repairs);
    if let Some(chain) = &args.chain {
        let chain_input = Input::read(chain)?;
        let loaded = cert::load(&chain_input, None)?;
        report_repairs(chain_input.origin().clone(), &loaded.repairs);
        certificates.certificates.extend(loaded.certificates);
    }
    let key_passphrase = PassphraseArgs {
        passphrase_file: args.key_passphrase_file.clone(),
        passphrase_env: None,
    };
    // The .pfx passphrase flags are --passphrase-file/-env here; an encrypted
    // key's is --key-passphrase-file, which the general hint would not name.
    let (key_input, key) = match load_any_private_key(&args.key, &key_passphrase) {
        Err(Failure::Library(e)) if e.needs_passphrase() => {
            return Err(Failure::Usage(format!("{e}; give --key-passphrase-file")));
        }
        other => other?,
    };
    let passphrase_args = PassphraseArgs {
        passphrase_file: args.passphrase_file.clone(),
        passphrase_env: args.passphrase_env.clone(),
    };
    let passphrase_origin = super::passphrase_origin(&passphrase_args);
    let Some(passphrase) = encryption_passphrase(&passphrase_args)? else {
        return Err(Failure::Usage(
            "the .pfx needs a passphrase: give --passphrase-file or --passphrase-env".to_owned(),
        ));
    };
    let encryption = if args.legacy {
        pkcs12::Encryption::Legacy
    } else {
        pkcs12::Encryption::Modern
    };
    let pfx = pkcs12::create(
        &certificates.certificates,
        &key,
        key_input.origin(),
        &passphrase,
        &passphrase_origin,
        args.name.as_deref(),
        encryption,
    )?;
    let output = file::Output {
        path: &args.output,
        bytes: &pfx,
        mode: Mode::Private,
    };
    file::write_all(&[output], args.force)?;
    Ok(Outcome::Pass)
}

/// `keysmith check --cert CERT --expires-within DURATION`.
pub fn expires(args: CheckArgs) -> CmdResult {
    let (Some(path), Some(within)) = (&args.cert, &args.expires_within) else {
        return Err(Failure::Usage(
            "--expires-within needs --cert CERT".to_owned(),
        ));
    };
    let seconds = keysmith::jwt::parse_duration(within, &Origin::Argument("--expires-within"))?;
    if seconds < 0 {
        return Err(Failure::Usage(
            "--expires-within takes a duration that is not negative".to_owned(),
        ));
    }
    let now = now(&args.read.now);
    let input = Input::read(path)?;
    let (loaded, _) = with_passphrase(&args.read.passphrase, input.origin(), |p| {
        cert::load(&input, p)
    })?;
    report_repairs(input.origin().clone(), &loaded.repairs);
    // A file with no certificate (a key-only .pfx) is an error, not a pass.
    loaded.leaf(input.origin(), Expected::Certificate)?;
    let verdicts = loaded
        .certificates
        .iter()
        .map(|c| cert::expiry(c, now, seconds))
        .collect::<keysmith::Result<Vec<_>>>()?;
    if args.json {
        print_json(&verdicts)?;
    } else {
        for v in &verdicts {
            let verdict = match v.status {
                ExpiryStatus::Ok => "ok",
                ExpiryStatus::ExpiresSoon => "EXPIRES",
                ExpiryStatus::Expired => "EXPIRED",
            };
            outln!(
                "{verdict:<8} {}  not after {}  {}",
                v.sha1,
                v.not_after.describe(now),
                Escaped(&v.subject)
            )?;
        }
    }
    Ok(if verdicts.iter().all(|v| v.status == ExpiryStatus::Ok) {
        Outcome::Pass
    } else {
        Outcome::Reject
    })
}

/// `keysmith inspect` of a certificate signing request.
pub fn inspect_request(args: &InspectArgs, input: &Input) -> CmdResult {
    if args.fix {
        return Err(Failure::Usage(
            "--fix applies to keys; this is a certificate signing request".to_owned(),
        ));
    }
    let loaded = cert::load_request(input)?;
    report_repairs(input.origin().clone(), &loaded.repairs);
    let summary = RequestSummary::new(&loaded.request);
    if args.json {
        print_json(&summary)?;
    } else {
        outln!("kind:       certificate signing request (PKCS#10)")?;
        outln!("subject:    {}", Escaped(&summary.subject))?;
        if !summary.subject_alt_names.is_empty() {
            outln!(
                "alt names:  {}",
                Escaped(&summary.subject_alt_names.join(", "))
            )?;
        }
        outln!(
            "key:        {} {} bits",
            summary.key_algorithm,
            summary.key_bits
        )?;
        if !summary.requested_extensions.is_empty() {
            outln!(
                "extensions: {}",
                Escaped(&summary.requested_extensions.join(", "))
            )?;
        }
        let signature = match summary.signature {
            RequestSignature::Valid => "valid (verifies with the request's key)",
            RequestSignature::Invalid => "INVALID (does not verify with the request's key)",
            RequestSignature::Unsupported => "not checked (algorithm keysmith does not verify)",
        };
        outln!("signature:  {signature}")?;
    }
    Ok(match summary.signature {
        RequestSignature::Invalid => Outcome::Reject,
        _ => Outcome::Pass,
    })
}
