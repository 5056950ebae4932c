//! thumbprint, pkcs12, check, inspect (certificates).

use std::path::Path;

use keysmith::cert::{self, Form, HashAlgorithm, Listing, Thumbprint, check, pkcs12};
use keysmith::file::{self, Mode};
use keysmith::input::Input;
use keysmith::key;
use keysmith::text::{Escaped, escape, escape_path};
use keysmith::time::Timestamp;
use keysmith::{Expected, Origin};

use super::{CmdResult, Failure, Sink, now, print_json, report_repairs, with_passphrase};
use crate::Outcome;
use crate::cli::InspectArgs;
use crate::cli::PassphraseArgs;
use crate::cli::cert::{CheckArgs, Pkcs12Args, ThumbprintArgs, ThumbprintFormat};

/// Reads every certificate of one file (PEM, DER, bundle or PKCS#12).
fn load_certificates(
    path: &Path,
    args: &PassphraseArgs,
) -> Result<cert::LoadedCertificates, Failure> {
    let input = Input::read(path)?;
    load_input(&input, args)
}

fn load_input(input: &Input, args: &PassphraseArgs) -> Result<cert::LoadedCertificates, Failure> {
    let (loaded, _) = with_passphrase(args, input.origin(), |p| cert::load(input, p))?;
    report_repairs(input.origin().clone(), &loaded.repairs);
    Ok(loaded)
}

fn form(args: &ThumbprintArgs) -> Result<Form, Failure> {
    match (args.format, args.colons, args.lower) {
        (ThumbprintFormat::Hex, false, false) => Ok(Form::Hex),
        (ThumbprintFormat::Hex, false, true) => Ok(Form::HexLower),
        (ThumbprintFormat::Hex, true, false) => Ok(Form::Colons),
        (ThumbprintFormat::Hex, true, true) => Ok(Form::ColonsLower),
        (ThumbprintFormat::Base64, false, false) => Ok(Form::Base64),
        (ThumbprintFormat::X5t, false, false) => Ok(Form::X5t),
        _ => Err(Failure::Usage(
            "--colons and --lower apply to hex; they cannot be combined with --format base64 or x5t"
                .to_owned(),
        )),
    }
}

/// `keysmith thumbprint`.
pub fn thumbprint(args: ThumbprintArgs) -> CmdResult {
    let form = form(&args)?;
    if let Some(hex) = &args.to_x5t {
        let t = Thumbprint::parse(hex, Origin::Argument("--to-x5t"))?;
        outln!("{}", t.render(Form::X5t))?;
        return Ok(Outcome::Pass);
    }
    let expected = args
        .expect
        .as_deref()
        .map(|e| Thumbprint::parse(e, Origin::Argument("--expect")))
        .transpose()?;
    let algorithm = if args.sha256 {
        HashAlgorithm::Sha256
    } else {
        HashAlgorithm::Sha1
    };
    if let Some(e) = &expected
        && args.sha256
        && e.algorithm() != HashAlgorithm::Sha256
    {
        return Err(Failure::Usage(
            "--expect holds a SHA-1 thumbprint (40 hex digits) but --sha256 was given".to_owned(),
        ));
    }
    if expected.is_none() && !args.json {
        return write_thumbprints(&args, algorithm, form);
    }
    let mut listings = Vec::new();
    for path in &args.certs {
        let loaded = load_certificates(path, &args.passphrase)?;
        let file = path.display().to_string();
        listings.extend(
            loaded
                .certificates
                .iter()
                .map(|c| Listing::new(c, &file, algorithm, form, expected.as_ref())),
        );
    }
    let matched = listings.iter().any(|l| l.matches == Some(true));
    match &expected {
        _ if args.json => print_json(&listings)?,
        Some(e) => out!("{}", expect_listing(&listings, e, form))?,
        // The plain listing was written by write_thumbprints above.
        None => {}
    }
    Ok(match expected {
        Some(_) if !matched => Outcome::Reject,
        _ => Outcome::Pass,
    })
}

/// The plain listing (`THUMBPRINT  subject` per certificate, or the bare
/// thumbprint when there is only one), one certificate at a time: a large
/// bundle is never held decoded. The lines are kept (about 100 bytes per
/// certificate) and written at the end, so that an error in any file leaves
/// standard output empty.
fn write_thumbprints(args: &ThumbprintArgs, algorithm: HashAlgorithm, form: Form) -> CmdResult {
    use std::fmt::Write as _;
    let mut lines = String::new();
    let mut count = 0usize;
    // The length of the first thumbprint: a single certificate prints only that.
    let mut first_len = 0;
    for path in &args.certs {
        let origin = Origin::from_path(path);
        let (scanned, _) = with_passphrase(&args.passphrase, &origin, |p| {
            cert::scan_file(path, p, |seen| {
                let _ = write!(lines, "{}", seen.thumbprint(algorithm).render(form));
                if count == 0 {
                    first_len = lines.len();
                }
                count += 1;
                lines.push_str("  ");
                lines.push_str(&escape(seen.subject));
                lines.push('\n');
                Ok(())
            })
        })?;
        report_repairs(origin, &scanned.repairs);
    }
    if count == 1 {
        lines.truncate(first_len);
        lines.push('\n');
    }
    out!("{lines}")?;
    Ok(Outcome::Pass)
}

/// The answer to `--expect`: the matching certificates, or the expected
/// thumbprint above every actual one.
fn expect_listing(listings: &[Listing], expected: &Thumbprint, form: Form) -> String {
    let matching: Vec<&Listing> = listings
        .iter()
        .filter(|l| l.matches == Some(true))
        .collect();
    let mut text = String::new();
    if matching.is_empty() {
        text.push_str(&format!("expected  {}\n", expected.render(form)));
        for l in listings {
            text.push_str(&format!(
                "actual    {}  {}\n",
                l.thumbprint.render(form),
                Escaped(&l.subject)
            ));
        }
    } else {
        for l in matching {
            text.push_str(&format!(
                "match     {}  {}\n",
                l.thumbprint.render(form),
                Escaped(&l.subject)
            ));
        }
    }
    text
}

/// `keysmith pkcs12`.
pub fn pkcs12(args: Pkcs12Args) -> CmdResult {
    let Some(file) = &args.file else {
        return Err(Failure::Usage("give the PKCS#12 file to read".to_owned()));
    };
    let input = Input::read(file)?;
    let (contents, _) = with_passphrase(&args.read.passphrase, input.origin(), |p| {
        pkcs12::open(&input, p)
    })?;
    let key_pem = match &args.key_out {
        Some(_) => Some(contents.single_key(input.origin())?.to_pem()?),
        None => None,
    };
    let now = now(&args.read.now);
    let summary = pkcs12::Pkcs12Summary::new(&contents, now)?;
    let cert_pem = match &args.cert_out {
        Some(_) => {
            let mut pem = String::new();
            for c in &contents.certificates {
                pem.push_str(&c.to_pem()?);
            }
            Some(pem)
        }
        None => None,
    };
    // Every output or none: the files are written together (refusing two
    // outputs that name one file), then standard output gets its share.
    let outputs: Vec<(&Path, &str, Mode)> = [
        (args.cert_out.as_deref(), cert_pem.as_deref(), Mode::Public),
        (
            args.key_out.as_deref(),
            key_pem.as_ref().map(|pem| pem.as_str()),
            Mode::Private,
        ),
    ]
    .into_iter()
    .filter_map(|(path, pem, mode)| Some((path?, pem?, mode)))
    .collect();
    let files: Vec<file::Output<'_>> = outputs
        .iter()
        .filter(|(path, _, _)| *path != Path::new("-"))
        .map(|&(path, pem, mode)| file::Output {
            path,
            bytes: pem.as_bytes(),
            mode,
        })
        .collect();
    file::write_all(&files, args.force)?;
    for &(path, pem, mode) in &outputs {
        if path == Path::new("-") {
            Sink::from_option(Some(path)).write(pem.as_bytes(), mode, args.force)?;
        }
    }
    let to_stdout = [&args.cert_out, &args.key_out]
        .into_iter()
        .flatten()
        .any(|p| p == Path::new("-"));
    if to_stdout {
        return Ok(Outcome::Pass);
    }
    if args.json {
        print_json(&summary)?;
        return Ok(Outcome::Pass);
    }
    for (i, c) in summary.certificates.iter().enumerate() {
        if i > 0 {
            outln!()?;
        }
        outln!("subject:     {}", Escaped(&c.subject))?;
        let expired = if c.expired { " (EXPIRED)" } else { "" };
        outln!("expires:     {}{expired}", c.not_after.describe(now))?;
        outln!("thumbprint:  {}", c.sha1)?;
    }
    if !summary.certificates.is_empty() {
        outln!()?;
    }
    if summary.private_keys.is_empty() {
        outln!("private key: none")?;
    }
    for k in &summary.private_keys {
        let bits = k.bits.map(|b| format!(" {b}-bit")).unwrap_or_default();
        // RSA, EC and Ed25519 keys are matched to certificates: say why another is not.
        let owner = match (&k.certificate, k.algorithm.name()) {
            (Some(subject), _) => format!("matches {}", Escaped(subject)),
            (None, "rsa" | "ec" | "ed25519") => "matches no certificate in the file".to_owned(),
            (None, other) => format!(
                "a key of algorithm {}; keysmith does not read it, \
                 so it is matched to no certificate",
                Escaped(other)
            ),
        };
        outln!("private key: {}{bits}, {owner}", k.algorithm)?;
    }
    if let Some(path) = &args.cert_out {
        outln!(
            "wrote {} ({} certificate{})",
            escape_path(path),
            contents.certificates.len(),
            if contents.certificates.len() == 1 {
                ""
            } else {
                "s"
            }
        )?;
    }
    if let Some(path) = &args.key_out {
        outln!("wrote {} (private key, mode 0600)", escape_path(path))?;
    }
    Ok(Outcome::Pass)
}

/// `keysmith check`.
pub fn check(args: CheckArgs) -> CmdResult {
    if args.cert.is_none() && args.public.is_none() && args.token.is_none() {
        return Err(Failure::Usage(
            "nothing to check the key against: give --cert CERT, --public PUBLIC_KEY \
             or --token TOKEN"
                .to_owned(),
        ));
    }
    let Some(key) = &args.key else {
        return Err(Failure::Usage("give the private key with --key".to_owned()));
    };
    let (key_input, private) = super::load_any_private_key(key, &args.read.passphrase)?;
    let now = now(&args.read.now);
    let certificate = match &args.cert {
        Some(path) => {
            let loaded = load_certificates(path, &args.read.passphrase)?;
            Some(
                loaded
                    .leaf(&Origin::from_path(path), Expected::Certificate)?
                    .clone(),
            )
        }
        None => None,
    };
    let public = match &args.public {
        Some(path) => {
            let input = Input::read(path)?;
            let public = key::load(&input, None)?;
            report_repairs(input.origin().clone(), &public.repairs);
            Some(public.key.public_key())
        }
        None => None,
    };
    let token = match &args.token {
        Some(token) => Some(super::jwt::read_token(token)?.0),
        None => None,
    };
    let report = check::key_against(
        &private,
        key_input.origin(),
        certificate.as_ref(),
        public.as_ref(),
        token.as_deref(),
        now,
    )?;
    if args.json {
        print_json(&report)?;
    } else {
        for c in report.checks() {
            let verdict = if c.ok { "ok" } else { "FAIL" };
            outln!("{verdict:<5} {}: {}", c.name, Escaped(&c.detail))?;
        }
    }
    Ok(if report.is_ok() {
        Outcome::Pass
    } else {
        Outcome::Reject
    })
}

/// `keysmith inspect` of certificates: the first file's input is already read.
pub fn inspect(args: &InspectArgs, first: Input) -> CmdResult {
    if args.fix {
        return Err(Failure::Usage(
            "--fix applies to keys; this is a certificate".to_owned(),
        ));
    }
    let now = now(&args.now);
    let mut summaries = Vec::new();
    let loaded = load_input(&first, &args.passphrase)?;
    for c in &loaded.certificates {
        summaries.push(cert::CertificateSummary::new(c, now)?);
    }
    for path in &args.more_files {
        for c in &load_certificates(path, &args.passphrase)?.certificates {
            summaries.push(cert::CertificateSummary::new(c, now)?);
        }
    }
    if args.json {
        match summaries.as_slice() {
            [one] => print_json(one)?,
            many => print_json(&many)?,
        }
    } else {
        for (i, s) in summaries.iter().enumerate() {
            if i > 0 {
                outln!()?;
            }
            out!("{}", render_summary(s, now))?;
        }
    }
    Ok(Outcome::Pass)
}

fn render_summary(s: &cert::CertificateSummary, now: Timestamp) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let state = if s.expired {
        "EXPIRED"
    } else if s.not_yet_valid {
        "NOT YET VALID"
    } else {
        "valid"
    };
    let _ = writeln!(out, "kind:        certificate ({state})");
    let _ = writeln!(out, "subject:     {}", Escaped(&s.subject));
    let _ = writeln!(out, "issuer:      {}", Escaped(&s.issuer));
    let _ = writeln!(out, "serial:      {}", s.serial);
    let _ = writeln!(out, "not before:  {}", s.not_before.describe(now));
    let _ = writeln!(out, "not after:   {}", s.not_after.describe(now));
    let _ = writeln!(out, "key:         {} {} bits", s.key_algorithm, s.key_bits);
    if !s.subject_alt_names.is_empty() {
        let names = s.subject_alt_names.join(", ");
        let _ = writeln!(out, "alt names:   {}", Escaped(&names));
    }
    match &s.key_usage {
        Some(bits) => {
            let _ = writeln!(out, "key usage:   {}", bits.join(", "));
        }
        None => {
            let _ = writeln!(out, "key usage:   (no keyUsage extension: any)");
        }
    }
    let _ = writeln!(out, "sha1:        {}", s.sha1);
    let _ = writeln!(out, "sha256:      {}", s.sha256);
    out
}
