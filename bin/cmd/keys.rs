//! keygen, pubkey, convert, inspect (keys), b64, payload.

use std::io::IsTerminal;
use std::path::Path;

use keysmith::codec::{self, Base64Variant};
use keysmith::file::Mode;
use keysmith::input::{Encoding, Input};
use keysmith::inspect::Subject;
use keysmith::key::{self, AnyKey, Key, KeySummary, KeygenOptions, PrivateFormat, Protection};
use keysmith::partner;
use keysmith::text::{escape, escape_path};

use super::{
    CmdResult, Failure, Sink, encryption_passphrase, load_any_key, passphrase_origin, print_json,
    warn, with_passphrase,
};
use crate::Outcome;
use crate::cli::keys::{KeyFormat, PaymentsgateArgs};
use crate::cli::{B64Args, ConvertArgs, InspectArgs, KeygenArgs, PubkeyArgs};
use crate::hint::Asked;

fn encoding(der: bool) -> Encoding {
    if der { Encoding::Der } else { Encoding::Pem }
}

fn need_passphrase(args: &crate::cli::PassphraseArgs) -> Result<keysmith::Secret, Failure> {
    encryption_passphrase(args)?.ok_or_else(|| {
        Failure::Usage(
            "--encrypt needs a passphrase: give --passphrase-file or --passphrase-env".to_owned(),
        )
    })
}

/// `keysmith keygen`.
pub fn keygen(args: KeygenArgs) -> CmdResult {
    let bits = key::Bits::new(args.bits, &keysmith::Origin::Argument("--bits"))?;
    let curve = args.key_type.curve();
    for path in [&args.private, &args.public] {
        if path.as_os_str() == "-" {
            return Err(Failure::Usage(
                "keygen writes files, not standard output: give --private and --public \
                 file paths (./- for a file named -)"
                    .to_owned(),
            ));
        }
        // Decide before writing: a report that cannot be printed must not
        // follow two files already written.
        if args.json && path.to_str().is_none() {
            return Err(Failure::Usage(format!(
                "--json cannot hold the path {} (it is not UTF-8); \
                 rename it or leave out --json",
                path.display()
            )));
        }
    }
    let format = match (args.format, args.encrypt) {
        (KeyFormat::Pkcs8, false) => PrivateFormat::Pkcs8,
        (KeyFormat::Pkcs8, true) => {
            PrivateFormat::EncryptedPkcs8(need_passphrase(&args.passphrase)?)
        }
        (KeyFormat::Pkcs1, false) => PrivateFormat::Pkcs1,
        (KeyFormat::Pkcs1, true) => {
            return Err(Failure::Usage(
                "PKCS#1 keys cannot be encrypted by keysmith; use --format pkcs8 (the default) \
                 with --encrypt"
                    .to_owned(),
            ));
        }
        (KeyFormat::Sec1, _) => {
            return Err(Failure::Usage(
                "keygen writes PKCS#8 (or, for RSA, PKCS#1); make a SEC1 key with \
                 keysmith convert KEY --to sec1"
                    .to_owned(),
            ));
        }
    };
    if curve.is_some() && args.format == KeyFormat::Pkcs1 {
        return Err(Failure::Usage(
            "PKCS#1 is for RSA keys; EC and Ed25519 keys are written as PKCS#8".to_owned(),
        ));
    }
    let options = KeygenOptions {
        curve,
        bits,
        private_path: args.private,
        public_path: args.public,
        format,
        encoding: encoding(args.der),
        force: args.force,
    };
    let show_spinner = bits.get() >= 3072 && std::io::stderr().is_terminal();
    let report = super::with_spinner(show_spinner, "generating a key", || key::keygen(&options))?;
    if args.json {
        print_json(&report)?;
    } else {
        outln!(
            "private key: {} (mode 0600{})",
            escape_path(&report.private_key),
            if report.encrypted { ", encrypted" } else { "" }
        )?;
        outln!("public key:  {}", escape_path(&report.public_key))?;
        match report.curve {
            Some(curve) => outln!("curve:       {curve}")?,
            None => outln!("bits:        {}", report.bits)?,
        }
        outln!("spki sha256: {}", report.spki_sha256)?;
    }
    Ok(Outcome::Pass)
}

/// `keysmith pubkey`: SPKI (or, for RSA, PKCS#1), as `openssl pkey -pubout` writes it.
pub fn pubkey(args: PubkeyArgs) -> CmdResult {
    let (_, loaded, _) = load_any_key(&args.key, &args.passphrase)?;
    let to = if args.pkcs1 {
        key::Format::Pkcs1
    } else {
        key::Format::Spki
    };
    let public = AnyKey::from(loaded.key.public_key());
    let origin = keysmith::Origin::from_path(&args.key);
    let bytes = key::convert(
        &public,
        false,
        to,
        Protection::Keep,
        encoding(args.der),
        &origin,
        public_only,
    )
    .map_err(|f| unfit(f, Asked::Pubkey))?;
    Sink::from_option(args.output.as_deref()).write(&bytes, Mode::Public, args.force)?;
    Ok(Outcome::Pass)
}

/// `keysmith convert`: PKCS#8 ⇄ PKCS#1 (RSA) or SEC1 (EC), PEM ⇄ DER, encrypt or decrypt.
pub fn convert(args: ConvertArgs) -> CmdResult {
    let (_, loaded, used) = load_any_key(&args.key, &args.passphrase)?;
    let protection = if args.decrypt {
        Protection::Decrypt
    } else if args.encrypt || (args.new_passphrase_file.is_some() && loaded.key.is_private()) {
        // A new passphrase for a public key is ignored, as it always was.
        Protection::Encrypt
    } else {
        Protection::Keep
    };
    let to = match args.to {
        KeyFormat::Pkcs8 => key::Format::Pkcs8,
        KeyFormat::Pkcs1 => key::Format::Pkcs1,
        KeyFormat::Sec1 => key::Format::Sec1,
    };
    let origin = keysmith::Origin::from_path(&args.key);
    let bytes = key::convert(
        &loaded.key,
        loaded.encrypted,
        to,
        protection,
        encoding(args.der),
        &origin,
        || convert_passphrase(&args, used),
    )
    .map_err(|f| unfit(f, Asked::Convert))?;
    let mode = if loaded.key.is_private() {
        Mode::Private
    } else {
        Mode::Public
    };
    Sink::from_option(args.out.output.as_deref()).write(&bytes, mode, args.out.force)?;
    Ok(Outcome::Pass)
}

/// The passphrase for writing a public key: never asked for, as a public key is
/// never encrypted.
fn public_only() -> Result<keysmith::Secret, Failure> {
    Err(Failure::Usage(
        "a public key is written unencrypted".to_owned(),
    ))
}

/// A key form refusal as the command line words it (with its flags), any other
/// failure as it is.
fn unfit(failure: Failure, asked: Asked) -> Failure {
    match failure {
        Failure::Library(e) => match crate::hint::unfit(&e, asked) {
            Some(message) => Failure::Usage(message.to_owned()),
            None => Failure::Library(e),
        },
        usage @ Failure::Usage(_) => usage,
    }
}

/// The passphrase `convert` encrypts with: `--new-passphrase-file`, else the one
/// that opened the input (asked for at most once), else one asked for now.
fn convert_passphrase(
    args: &ConvertArgs,
    used: Option<keysmith::Secret>,
) -> Result<keysmith::Secret, Failure> {
    if let Some(file) = &args.new_passphrase_file {
        let origin = keysmith::Origin::from_path(file);
        return Ok(Input::read(file)?
            .into_passphrase()
            .for_encryption(&origin)?);
    }
    match used {
        Some(p) if args.encrypt => Ok(p.for_encryption(&passphrase_origin(&args.passphrase))?),
        Some(p) => Ok(p),
        None => need_passphrase(&args.passphrase),
    }
}

/// `keysmith inspect` for keys.
pub fn inspect_key(args: &InspectArgs, input: &Input) -> CmdResult {
    if args.fix {
        // --fix re-encrypts with the passphrase that opened the key.
        let (loaded, used) = with_passphrase(&args.passphrase, input.origin(), |p| {
            key::load_for_repair(input, p)
        })?;
        super::report_repairs(input.origin().clone(), &loaded.repairs);
        let sink = Sink::from_option(args.output.as_deref());
        return fix(&loaded, used.as_ref(), &sink, args.force);
    }
    let (summary, _) =
        with_passphrase(&args.passphrase, input.origin(), |p| key::inspect(input, p))?;
    super::report_repairs(input.origin().clone(), &summary.repairs);
    if let Some(curve) = summary.curve {
        let text = super::curve::render(&summary, curve, &args.file);
        return show_key(args.json, &summary, &text, summary.consistent);
    }
    // The command line's advice for a legacy encryption: print_json adds the
    // warnings printed on stderr to the report's own.
    let advice = summary
        .encryption
        .filter(|e| e.is_legacy())
        .map(|scheme| legacy_encryption_warning(scheme, summary.bits, &args.file));
    if let Some(advice) = &advice {
        if args.json {
            warn(advice);
        } else {
            warn(format_args!("{}: {advice}", input.origin()));
        }
    }
    let text = if args.json {
        String::new()
    } else {
        render_summary(&summary, advice.as_deref(), &args.file, &args.passphrase)
    };
    show_key(args.json, &summary, &text, summary.consistent)
}

/// Prints what `inspect` says about a key, as JSON or as `text`; a key whose
/// parts do not agree is a check that said no.
fn show_key(
    json: bool,
    summary: &impl serde::Serialize,
    text: &str,
    consistent: Option<bool>,
) -> CmdResult {
    if json {
        print_json(summary)?;
    } else {
        out!("{text}")?;
    }
    Ok(match consistent {
        Some(false) => Outcome::Reject,
        _ => Outcome::Pass,
    })
}

/// The warning for a key in a weak legacy encryption, with the command that
/// re-encrypts it with PBES2 (or, for a key too small to keep, `keygen`).
fn legacy_encryption_warning(scheme: key::Encryption, bits: usize, file: &Path) -> String {
    if bits < key::Bits::B2048.get() {
        return format!(
            "encrypted with {scheme}, a weak legacy scheme; a {bits}-bit key is too small \
             to keep: generate a new key pair with keysmith keygen"
        );
    }
    format!(
        "encrypted with {scheme}, a weak legacy scheme; re-encrypt it with PBES2: \
         keysmith convert {} --to pkcs8 --encrypt --passphrase-file FILE -o NEW.pem",
        shell_word(&file.display().to_string())
    )
}

fn fix(
    loaded: &key::LoadedKey,
    passphrase: Option<&keysmith::Secret>,
    sink: &Sink<'_>,
    force: bool,
) -> CmdResult {
    // `inspect --fix > key.pem` would leave the key in a file the shell made with
    // its umask (0644): a private key goes to any standard output only with `-o -`.
    let private = matches!(loaded.key, Key::Private(_));
    if private
        && matches!(sink, Sink::Stdout { explicit: false })
        && !std::io::stdout().is_terminal()
    {
        return Err(Failure::Usage(
            "refusing to print a private key to standard output, where a shell \
             redirection would make a file others can read; use -o FILE (written \
             with mode 0600), or -o - to print it anyway"
                .to_owned(),
        ));
    }
    let mode = if private { Mode::Private } else { Mode::Public };
    sink.write(&loaded.to_pem(passphrase)?, mode, force)?;
    Ok(Outcome::Pass)
}

fn render_summary(
    s: &KeySummary,
    advice: Option<&str>,
    file: &Path,
    passphrase: &crate::cli::PassphraseArgs,
) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let kind = if s.private {
        "RSA private key"
    } else {
        "RSA public key"
    };
    let format = match s.format {
        key::Format::Pkcs8 if s.private => "PKCS#8",
        key::Format::Pkcs8 | key::Format::Spki => "SPKI",
        key::Format::Pkcs1 => "PKCS#1",
        key::Format::Sec1 => "SEC1",
        key::Format::Jwk => "JWK",
    };
    kind_line(&mut out, kind, format, s.encoding, s.encrypted);
    if let Some(scheme) = s.encryption {
        let legacy = if scheme.is_legacy() { " (legacy)" } else { "" };
        let _ = writeln!(out, "encryption:      {scheme}{legacy}");
    }
    let _ = writeln!(out, "bits:            {}", s.bits);
    match s.public_exponent {
        Some(e) => {
            let _ = writeln!(out, "public exponent: {e}");
        }
        None => {
            let _ = writeln!(out, "public exponent: (larger than 64 bits)");
        }
    }
    let _ = writeln!(out, "modulus:         {}", s.public_key);
    let verdicts = ("yes (p·q = n, e·d ≡ 1)", "NO");
    fingerprint_lines(&mut out, &s.spki_sha256, s.consistent, verdicts);
    for w in s
        .warnings
        .iter()
        .map(ToString::to_string)
        .chain(advice.map(str::to_owned))
    {
        let _ = writeln!(out, "warning:         {}", escape(&w));
    }
    if s.bits < key::Bits::B2048.get() {
        // Converting keeps the key, and keysmith refuses keys under 1024 bits.
        let _ = writeln!(out, "replace with:");
        let _ = writeln!(
            out,
            "  keysmith keygen  # a new 2048-bit key pair: a {}-bit key is too small to use",
            s.bits
        );
        return out;
    }
    let _ = writeln!(out, "convert with:");
    for line in convert_hints(s, file, passphrase) {
        let _ = writeln!(out, "  {line}");
    }
    out
}

/// The first line `inspect` prints about a key: what it is, in which form.
pub(super) fn kind_line(
    out: &mut String,
    kind: &str,
    format: &str,
    encoding: Encoding,
    encrypted: bool,
) {
    use std::fmt::Write as _;
    let enc = match encoding {
        Encoding::Pem => "PEM",
        Encoding::Der => "DER",
        Encoding::Json => "JSON",
    };
    let encrypted = if encrypted { ", encrypted" } else { "" };
    let _ = writeln!(out, "kind:            {kind} ({format}, {enc}{encrypted})");
}

/// The fingerprint line `inspect` prints about a key and, for a private key,
/// whether its parts agree (`verdicts`: what to say when they do, when not).
pub(super) fn fingerprint_lines(
    out: &mut String,
    spki_sha256: &key::Fingerprint,
    consistent: Option<bool>,
    (yes, no): (&str, &str),
) {
    use std::fmt::Write as _;
    let _ = writeln!(out, "spki sha256:     {spki_sha256}");
    if let Some(c) = consistent {
        let _ = writeln!(out, "consistent:      {}", if c { yes } else { no });
    }
}

/// A path as a shell word: as it is when it needs no quoting, else in single quotes
/// (control characters escaped, as in all text output: such a name cannot be typed anyway).
pub(super) fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./+:,=@%".contains(c));
    if plain {
        text.to_owned()
    } else {
        format!("'{}'", escape(&text.replace('\'', r"'\''")))
    }
}

/// The `convert with:` lines of `inspect`: commands that work as printed, also on a
/// terminal (a private key is written with `-o`, never printed) and for an encrypted
/// key (the passphrase option `inspect` was given; `--decrypt` where the output cannot
/// be encrypted). Each ends with a comment naming what it writes.
fn convert_hints(
    s: &KeySummary,
    file: &Path,
    passphrase: &crate::cli::PassphraseArgs,
) -> Vec<String> {
    let f = shell_word(&file.display().to_string());
    // Outputs go beside the input: `dir/key.pem` → `dir/key-pkcs1.pem`.
    let output = |suffix: &str| {
        let stem = file
            .file_stem()
            .filter(|_| file != Path::new("-"))
            .map_or_else(|| "key".into(), |s| s.to_string_lossy().into_owned());
        let name = format!("{stem}-{suffix}");
        let path = match file.parent() {
            Some(dir) if file != Path::new("-") && !dir.as_os_str().is_empty() => dir.join(name),
            _ => name.into(),
        };
        shell_word(&path.display().to_string())
    };
    let mut hints: Vec<(String, &str)> = Vec::new();
    if s.private {
        let pass = match (&passphrase.passphrase_file, &passphrase.passphrase_env) {
            _ if !s.encrypted => String::new(),
            (Some(path), _) => {
                format!(
                    " --passphrase-file {}",
                    shell_word(&path.display().to_string())
                )
            }
            (None, Some(var)) => format!(" --passphrase-env {}", shell_word(var)),
            // Asked for on the terminal: `convert` asks again.
            (None, None) => String::new(),
        };
        let convert = format!("keysmith convert {f}{pass}");
        hints.push((format!("keysmith pubkey {f}{pass}"), "BEGIN PUBLIC KEY"));
        // The options of each `convert`, where it writes, what it writes.
        let converts: [(&str, &str, &'static str); 4] = if s.encrypted {
            [
                (
                    "--to pkcs8",
                    "pkcs8.pem",
                    "BEGIN ENCRYPTED PRIVATE KEY (same passphrase)",
                ),
                (
                    "--to pkcs8 --decrypt",
                    "decrypted.pem",
                    "BEGIN PRIVATE KEY (not encrypted)",
                ),
                (
                    "--to pkcs1 --decrypt",
                    "pkcs1.pem",
                    "BEGIN RSA PRIVATE KEY (not encrypted)",
                ),
                ("--to pkcs8 --der", "pkcs8.der", "DER (same passphrase)"),
            ]
        } else {
            [
                ("--to pkcs8", "pkcs8.pem", "BEGIN PRIVATE KEY"),
                ("--to pkcs1", "pkcs1.pem", "BEGIN RSA PRIVATE KEY"),
                ("--to pkcs8 --der", "pkcs8.der", "DER"),
                (
                    "--to pkcs8 --encrypt",
                    "encrypted.pem",
                    "BEGIN ENCRYPTED PRIVATE KEY (asks for a passphrase)",
                ),
            ]
        };
        for (options, suffix, what) in converts {
            hints.push((format!("{convert} {options} -o {}", output(suffix)), what));
        }
    } else {
        hints.push((
            format!("keysmith convert {f} --to pkcs8"),
            "BEGIN PUBLIC KEY (SPKI)",
        ));
        hints.push((
            format!("keysmith convert {f} --to pkcs1"),
            "BEGIN RSA PUBLIC KEY",
        ));
        hints.push((
            format!(
                "keysmith convert {f} --to pkcs8 --der -o {}",
                output("spki.der")
            ),
            "DER",
        ));
    }
    let width = hints
        .iter()
        .map(|(c, _)| c.chars().count())
        .max()
        .unwrap_or(0);
    hints
        .into_iter()
        .map(|(command, what)| format!("{command:width$}  # {what}"))
        .collect()
}

/// `keysmith inspect`: dispatches on what the input is.
pub fn inspect(args: InspectArgs) -> CmdResult {
    let input = Input::read(&args.file)?;
    if !args.more_files.is_empty() {
        return super::cert::inspect(&args, input);
    }
    match keysmith::inspect::classify(&input) {
        Subject::Jwt => super::jwt::inspect(&args, &input),
        Subject::Certificates(_) => super::cert::inspect(&args, input),
        Subject::CertificateRequest => super::x509::inspect_request(&args, &input),
        _ => inspect_key(&args, &input),
    }
}

/// `keysmith b64`. What holds a private key — the input when encoding, the
/// decoded bytes when decoding — reaches a terminal only with `-o -`.
pub fn b64(args: B64Args) -> CmdResult {
    let input = Input::read(&args.file)?;
    let variant = if args.url {
        Base64Variant::UrlNoPad
    } else {
        Base64Variant::Standard
    };
    let mode = |bytes: &Input| match keysmith::inspect::material(bytes) {
        Some(keysmith::inspect::Material::PrivateKey) => Mode::Private,
        _ => Mode::Public,
    };
    let sink = Sink::from_option(args.out.output.as_deref());
    if args.decode {
        let decoded = input.decode_base64(variant)?;
        sink.write(decoded.bytes(), mode(&decoded), args.out.force)?;
    } else {
        let mut text = codec::base64_encode(input.bytes(), variant);
        text.push('\n');
        sink.write(text.as_bytes(), mode(&input), args.out.force)?;
    }
    Ok(Outcome::Pass)
}

/// `keysmith payload paymentsgate`.
pub fn paymentsgate(args: PaymentsgateArgs) -> CmdResult {
    let input = Input::read(&args.public_key)?;
    let loaded = key::load_public_only(&input)?;
    super::report_repairs(input.origin().clone(), &loaded.repairs);
    for warning in partner::paymentsgate_warnings(&args.account_id, loaded.key.bits()) {
        match warning {
            partner::PaymentsgateWarning::SmallKey { .. } => {
                warn(format_args!("{}: {warning}", input.origin()));
            }
            _ => warn(warning),
        }
    }
    let public = AnyKey::Rsa(Key::Public(loaded.key.public_key().clone()));
    let pem = key::convert(
        &public,
        false,
        key::Format::Spki,
        Protection::Keep,
        Encoding::Pem,
        input.origin(),
        public_only,
    )?;
    let payload = partner::paymentsgate_payload(&args.account_id, &pem);
    let text = serde_json::to_string(&payload)
        .map_err(|e| Failure::Usage(format!("cannot encode JSON: {e}")))?;
    outln!("{text}")?;
    Ok(Outcome::Pass)
}
