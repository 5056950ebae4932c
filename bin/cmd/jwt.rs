//! `keysmith jwt decode | verify | sign`, and `inspect` of a JWT: flags → library → text.

use std::fmt::Write as _;
use std::path::Path;

use keysmith::cert::{Form, HashAlgorithm, Thumbprint};
use keysmith::input::Input;
use keysmith::jwt::{
    self, CheckStatus, Claims, ExpectedThumbprint, HeaderOptions, Policy, Rejection, SigningKey,
    Token, TokenVerification, Verifier, VerifyingKey,
};
use keysmith::text::{Escaped, escape};
use keysmith::time::Timestamp;
use keysmith::{Expected, InputError, Origin, Secret};

use super::{CmdResult, Failure, load_any_private_key, now, print_json, warn, with_passphrase};
use crate::Outcome;
use crate::cli::InspectArgs;
use crate::cli::jwt::{JwtCommand, JwtDecodeArgs, JwtSignArgs, JwtVerifyArgs, SecretArgs};

/// Runs a `keysmith jwt` subcommand.
pub fn run(command: JwtCommand) -> CmdResult {
    match command {
        JwtCommand::Decode(args) => decode(args),
        JwtCommand::Verify(args) => verify(*args),
        JwtCommand::Sign(args) => sign(*args),
    }
}

/// Whether a TOKEN argument is the token itself rather than a file name: it is
/// not an existing file, has no path separator, and starts like a token or has
/// token dots.
fn is_literal_token(arg: &str) -> bool {
    let t = keysmith::jwt::strip_bearer(arg);
    !Path::new(arg).is_file()
        && !t.contains(['/', '\\'])
        && (t.starts_with("ey") || t.matches('.').count() >= 2)
}

/// The token text from TOKEN (the token, a file, or `-`) and where it came from.
pub fn read_token(arg: &str) -> Result<(String, Origin), Failure> {
    let input = if arg != "-" && is_literal_token(arg) {
        Input::from_bytes(Origin::Argument("TOKEN"), arg.as_bytes())
    } else {
        Input::read(arg)?
    };
    let origin = input.origin().clone();
    let text = String::from_utf8(input.bytes().to_vec()).map_err(|_| keysmith::Error::Input {
        origin: origin.clone(),
        expected: Expected::Jwt,
        found: InputError::Unrecognised,
    })?;
    Ok((text, origin))
}

/// Pretty JSON for text output. serde_json escapes C0 controls inside strings
/// and keys but leaves DEL, C1 and bidirectional overrides as they are: each
/// line is escaped too (JSON's own line breaks are kept).
fn pretty(value: &impl serde::Serialize) -> String {
    let json = serde_json::to_string_pretty(value).unwrap_or_default();
    json.lines().map(escape).collect::<Vec<_>>().join("\n")
}

/// Header, payload and times as text (shared by `jwt decode` and `inspect`).
fn describe(token: &Token, now: Timestamp) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "header:\n{}", pretty(token.header()));
    let _ = writeln!(out, "payload:\n{}", pretty(token.payload()));
    let times = token.times(now);
    if let Some(exp) = times.exp {
        let mark = if times.expired { " (EXPIRED)" } else { "" };
        let _ = writeln!(out, "exp: {}{mark}", exp.describe(now));
    }
    if let Some(iat) = times.iat {
        let _ = writeln!(out, "iat: {}", iat.describe(now));
    }
    if let Some(nbf) = times.nbf {
        let mark = if now < nbf { " (NOT YET VALID)" } else { "" };
        let _ = writeln!(out, "nbf: {}{mark}", nbf.describe(now));
    }
    out
}

/// `keysmith jwt decode`.
fn decode(args: JwtDecodeArgs) -> CmdResult {
    let (text, origin) = read_token(&args.token)?;
    let token = jwt::decode(&text, &origin)?;
    let now = now(&args.now);
    if args.json {
        print_json(&token.report(now))?;
    } else {
        out!("{}", describe(&token, now))?;
        outln!("signature: NOT CHECKED")?;
    }
    Ok(Outcome::Pass)
}

/// `inspect` of a JWT.
pub fn inspect(args: &InspectArgs, input: &Input) -> CmdResult {
    let text = String::from_utf8_lossy(input.bytes());
    let token = jwt::decode(&text, input.origin())?;
    let now = now(&args.now);
    if args.json {
        print_json(&token.inspection(now))?;
    } else {
        outln!("kind: jwt")?;
        out!("{}", describe(&token, now))?;
        outln!("signature: NOT CHECKED (use 'keysmith jwt verify')")?;
    }
    Ok(Outcome::Pass)
}

/// The HMAC secret from `--secret`, `--secret-file` or `--secret-env`, as given,
/// and where it came from.
fn hmac_secret(args: &SecretArgs) -> Result<Option<(Secret, Origin)>, Failure> {
    let (raw, origin) = if let Some(value) = &args.secret {
        (Secret::new(value.as_bytes()), Origin::Argument("--secret"))
    } else {
        let source = super::Source {
            file: args.secret_file.as_deref(),
            env: args.secret_env.as_deref(),
            env_flag: "--secret-env",
            rule: super::FileRule::Value {
                keep_newline: args.keep_newline,
            },
        };
        match super::secret(&source, super::Ask::Never)? {
            Some(found) => found,
            None => return Ok(None),
        }
    };
    Ok(Some((raw, origin)))
}

fn no_key() -> Failure {
    Failure::Usage("give --key, --jwks or a --secret… option".to_owned())
}

/// `keysmith jwt verify`.
fn verify(args: JwtVerifyArgs) -> CmdResult {
    let now = now(&args.now);
    let verifier = if let Some(path) = &args.key {
        let input = Input::read(path)?;
        let (verifier, _) = with_passphrase(&args.passphrase, input.origin(), |p| {
            Verifier::from_input(&input, p)
        })?;
        warn_certificate_validity(&input, now);
        verifier
    } else if let Some(path) = &args.jwks {
        Verifier::from_jwks(&Input::read(path)?)?
    } else {
        let (secret, origin) = hmac_secret(&args.secret)?.ok_or_else(no_key)?;
        let encoding = args.secret.secret_encoding.into();
        Verifier::new(VerifyingKey::hmac(&secret, encoding, &origin)?)
    };
    let thumbprint = match &args.expect_thumbprint {
        Some(value) => Some(expected_thumbprint(value)?),
        None => None,
    };
    let verifier = verifier.with_policy(Policy {
        algorithms: args.alg.clone(),
        leeway: args.leeway,
        ignore_exp: args.ignore_exp,
        audience: args.aud.clone(),
        issuer: args.iss.clone(),
        required: args.require.clone(),
        thumbprint,
    });
    if verifier.algorithms().is_empty() {
        return Err(Failure::Usage(
            "--alg allows nothing this key can verify (RSA keys: RS*/PS*; secrets: HS*; \
             EC keys: ES256 on P-256, ES384 on P-384, ES512 on P-521; Ed25519 keys: EdDSA)"
                .to_owned(),
        ));
    }
    let (text, _) = read_token(&args.token)?;
    let report = verifier.verify(&text, now);
    let printed = if args.json {
        print_json(&report)
    } else {
        out!("{}", render_verification(&report, &verifier, now))
    };
    // The verdict stands when its report cannot be written (a full disk): the
    // failure is said on stderr, and the exit code stays the verdict's.
    if let Err(failure) = printed {
        super::report_failure(&failure);
    }
    Ok(if report.rejections.is_empty() {
        Outcome::Pass
    } else {
        Outcome::Reject
    })
}

/// `--expect-thumbprint`: a certificate file when one exists by that name (or `-`), else a
/// thumbprint as pasted (hex in any case, colons, spaces, U+200E/U+FEFF, or x5t base64url).
fn expected_thumbprint(value: &str) -> Result<ExpectedThumbprint, Failure> {
    if value == "-" || Path::new(value).exists() {
        return Ok(ExpectedThumbprint::from_input(&Input::read(value)?)?);
    }
    Thumbprint::parse(value, Origin::Argument("--expect-thumbprint"))
        .map(ExpectedThumbprint::from)
        .map_err(|_| {
            Failure::Usage(format!(
                "--expect-thumbprint \"{}\" is neither a certificate file nor a thumbprint \
                 (SHA-1: 40 hex digits, SHA-256: 64, or an x5t value)",
                escape(value)
            ))
        })
}

/// Why the text output says a claim was not checked, and how to check it.
fn not_checked_hint(claim: &str) -> &'static str {
    match claim {
        "aud" => "give --aud",
        "iss" => "give --iss",
        "exp" => "--ignore-exp",
        "x5t" | "x5t#S256" | "thumbprint" => "give --expect-thumbprint",
        _ => "nothing asked for it",
    }
}

/// When `--key` is a certificate (PEM or DER) that is not valid at `now`, says so
/// on stderr: its key still verifies the token, as of `now`.
fn warn_certificate_validity(input: &Input, now: Timestamp) {
    use keysmith::cert::{self, Container};
    use keysmith::inspect::{Subject, classify};
    if !matches!(
        classify(input),
        Subject::Certificates(Container::Pem | Container::Der)
    ) {
        return;
    }
    let Ok(loaded) = cert::load(input, None) else {
        return;
    };
    let leaf = loaded.leaf(input.origin(), keysmith::Expected::Certificate);
    let Ok(summary) = leaf.and_then(|c| cert::CertificateSummary::new(c, now)) else {
        return;
    };
    if summary.expired {
        warn(format_args!(
            "{}: the certificate expired at {}; its key was used all the same",
            input.origin(),
            summary.not_after
        ));
    } else if summary.not_yet_valid {
        warn(format_args!(
            "{}: the certificate is not valid before {}; its key was used all the same",
            input.origin(),
            summary.not_before
        ));
    }
}

fn render_verification(v: &TokenVerification, verifier: &Verifier, now: Timestamp) -> String {
    let mut out = String::new();
    let alg = Escaped(
        v.header
            .as_ref()
            .and_then(|h| h.get("alg"))
            .and_then(|a| a.as_str())
            .unwrap_or("?"),
    );
    let reason = v.rejections.first().copied();
    match (v.signature_valid, reason) {
        (Some(true), _) => {
            let key = match v.key {
                Some(k @ jwt::KeyLabel::Rsa(_)) => format!("key {k}"),
                Some(k) => k.to_string(),
                None => "key".to_owned(),
            };
            let _ = writeln!(out, "signature: VALID ({alg}, {key})");
        }
        (_, Some(Rejection::Malformed)) => {
            let why = v.malformed.map(|m| m.to_string()).unwrap_or_default();
            let _ = writeln!(out, "signature: INVALID (malformed: {why})");
        }
        (_, Some(Rejection::AlgNotAllowed)) => {
            let allowed: Vec<&str> = verifier.algorithms().iter().map(|a| a.name()).collect();
            let _ = writeln!(
                out,
                "signature: INVALID (alg-not-allowed: {alg}; allowed: {})",
                allowed.join(", ")
            );
        }
        (_, Some(Rejection::NoMatchingKey)) => {
            let kid = v.header.as_ref().and_then(|h| h.get("kid")).map_or_else(
                || "no kid".to_owned(),
                |k| format!("kid {}", escape(&k.to_string())),
            );
            let _ = writeln!(out, "signature: INVALID (no-matching-key: {kid})");
        }
        (_, reason) => {
            let code = reason.map_or("bad-signature", Rejection::code);
            let _ = writeln!(out, "signature: INVALID ({code}, {alg})");
        }
    }
    for check in &v.checks {
        let shown = match (check.claim.as_str(), &check.value) {
            ("exp" | "nbf", Some(value)) => value
                .as_i64()
                .map(|t| Timestamp::from_unix(t).describe(now))
                .unwrap_or_else(|| value.to_string()),
            (_, Some(value)) => value.to_string(),
            (_, None) => "absent".to_owned(),
        };
        let shown = escape(&shown);
        if check.status == CheckStatus::NotChecked {
            let hint = not_checked_hint(&check.claim);
            let claim = Escaped(&check.claim);
            let _ = writeln!(out, "{claim}: {shown} (not checked: {hint})");
            continue;
        }
        let verdict = match check.status {
            CheckStatus::Failed(r) => r.code().replace('-', " ").to_uppercase(),
            _ => "ok".to_owned(),
        };
        let expected = match (&check.expected, check.status) {
            (Some(e), CheckStatus::Failed(_)) => format!(" (expected {})", escape(&e.to_string())),
            _ => String::new(),
        };
        let claim = Escaped(&check.claim);
        let _ = writeln!(out, "{claim}: {shown}: {verdict}{expected}");
    }
    if v.signature_valid == Some(true)
        && let Some(iat) = v.times.and_then(|t| t.iat)
    {
        let _ = writeln!(out, "iat: {}", iat.describe(now));
    }
    match reason {
        None => out.push_str("result: VALID\n"),
        Some(r) => {
            let _ = writeln!(out, "result: REJECTED ({r})");
        }
    }
    out
}

/// `keysmith jwt sign`.
fn sign(args: JwtSignArgs) -> CmdResult {
    let key = if let Some(path) = &args.key {
        let (input, private) = load_any_private_key(path, &args.passphrase)?;
        SigningKey::from_private(private, input.origin())?
    } else {
        let (secret, origin) = hmac_secret(&args.secret)?.ok_or_else(no_key)?;
        let encoding = args.secret.secret_encoding.into();
        SigningKey::hmac(&secret, encoding, &origin)?
    };
    let alg = args.alg.unwrap_or_else(|| key.default_algorithm());
    if let Some(warning) = key.warning(alg) {
        warn(warning);
    }
    let now = now(&args.now);
    let mut claims = match args.claims.as_deref() {
        None => Claims::default(),
        Some(spec) => {
            let input = if let Some(path) = spec.strip_prefix('@') {
                Input::read(path)?
            } else if spec == "-" {
                Input::read("-")?
            } else {
                Input::from_bytes(Origin::Argument("--claims"), spec.as_bytes())
            };
            Claims::from_json(input.bytes(), input.origin())?
        }
    };
    for pair in &args.claim {
        claims.set_pair(pair, &Origin::Argument("--claim"))?;
    }
    let exp = args
        .exp
        .as_deref()
        .map(|d| jwt::parse_duration(d, &Origin::Argument("--exp")))
        .transpose()?;
    let nbf = args
        .nbf
        .as_deref()
        .map(|d| jwt::parse_duration(d, &Origin::Argument("--nbf")))
        .transpose()?;
    claims.set_times(now, exp, nbf, !args.no_iat);
    let x5t = match &args.x5t {
        Some(path) => {
            let input = Input::read(path)?;
            let loaded = keysmith::cert::load(&input, None)?;
            let leaf = loaded.leaf(input.origin(), Expected::Certificate)?;
            Some(
                leaf.thumbprint(HashAlgorithm::Sha1)
                    .render(Form::X5t)
                    .to_string(),
            )
        }
        None => None,
    };
    let options = HeaderOptions {
        typ: args.typ.clone(),
        kid: args.kid.clone(),
        x5t,
    };
    let token = jwt::sign(
        &key,
        Some((alg, &Origin::Argument("--alg"))),
        &options,
        claims.as_map(),
    )?;
    outln!("{token}")?;
    Ok(Outcome::Pass)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_tokens_are_told_from_paths() {
        assert!(is_literal_token("eyJhbGciOiJIUzI1NiJ9.e30.abc"));
        assert!(is_literal_token("Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc\n"));
        assert!(is_literal_token("a.b.c.d"));
        assert!(is_literal_token("eyJhbGciOiJIUzI1NiJ9.e30"));
        assert!(!is_literal_token("testdata/jwt-hs256-stamps.txt"));
        assert!(!is_literal_token("token.txt"));
        assert!(!is_literal_token("./a.b.c"));
    }
}
