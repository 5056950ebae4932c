//! Text output escapes control characters in every value that came from an
//! input (SPEC "Precise rules"): a token, a certificate name or a file name
//! cannot forge or hide a verdict line. `--json` stays plain JSON.

use std::process::Output;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::util::*;

/// The subject of `cert-control-chars.pem` as keysmith shows it (RFC 4514, escaped).
const EVIL_SUBJECT: &str = r"CN=evil\r\u001b[2KF23E122D  CN=client.example.com\nresult: VALID\u001b[8m,O=bidi\u202eKO\u2066 c1\u009b2K";
const EVIL_SHA1: &str = "93F604781D7EB2F17C9E1E9E3DDC641D7579EFE0";
const SECRET: &str = "a shared secret of at least sixty-four bytes, for HS512 keys!!!!";

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// An HS256 token over `header` and `payload` (JSON text), signed with [`SECRET`].
fn hs256(header: &str, payload: &str) -> String {
    use hmac::{KeyInit, Mac};
    let input = format!("{}.{}", b64(header.as_bytes()), b64(payload.as_bytes()));
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(input.as_bytes());
    format!("{input}.{}", b64(&mac.finalize().into_bytes()))
}

/// Fails when `text` holds a character a terminal acts on: a control character
/// other than the line feeds that end its lines, or a bidirectional override.
#[track_caller]
fn assert_inert(text: &str) {
    for c in text.chars() {
        let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        assert!(
            c == '\n' || !(c.is_control() || bidi),
            "raw {c:?} in {text:?}"
        );
    }
}

fn stdout_text(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Asserts that stderr is exactly one line, `prefix` + `rest`.
#[track_caller]
fn assert_one_line(out: &Output, prefix: &str, rest: &str) {
    let stderr = stderr_of(out);
    assert_inert(&stderr);
    assert_eq!(stderr, format!("{prefix}{rest}\n"));
}

// Issue 10 §3: a forged `alg` made `jwt verify` look valid on a terminal.
#[test]
fn issue_10_jwt_verify_escapes_a_forged_alg() {
    let alg = "HS256\r\u{1b}[2Ksignature: VALID (HS256, secret)\nresult: VALID\u{1b}[8m";
    let header = serde_json::json!({ "alg": alg, "typ": "JWT" }).to_string();
    let token = format!("{}.{}.c2ln", b64(header.as_bytes()), b64(b"{}"));
    let out = run(&["jwt", "verify", &token, "--secret", SECRET]);
    assert_eq!(exit_code(&out), Some(1));
    let text = stdout_text(&out);
    assert_inert(&text);
    assert_eq!(
        text,
        "signature: INVALID (alg-not-allowed: \
         HS256\\r\\u001b[2Ksignature: VALID (HS256, secret)\\nresult: VALID\\u001b[8m; \
         allowed: HS256, HS384, HS512)\n\
         result: REJECTED (alg-not-allowed)\n"
    );
    // --json is plain JSON: the value round-trips exactly.
    let out = run(&["jwt", "verify", &token, "--secret", SECRET, "--json"]);
    assert_eq!(exit_code(&out), Some(1));
    assert_eq!(json(&out)["alg"], alg);
}

#[test]
fn issue_10_jwt_verify_escapes_kid_and_claims() {
    // A kid no key has: the no-matching-key line shows it.
    let header = r#"{"alg":"RS256","kid":"k\u001b[2K\u009b2K\u202eDILAV"}"#;
    let token = format!("{}.{}.c2ln", b64(header.as_bytes()), b64(b"{}"));
    let out = run(&["jwt", "verify", &token, "--jwks", &fx("jwks.json")]);
    assert_eq!(exit_code(&out), Some(1));
    let text = stdout_text(&out);
    assert_inert(&text);
    assert!(
        text.starts_with(
            "signature: INVALID (no-matching-key: kid \"k\\u001b[2K\\u009b2K\\u202eDILAV\")\n"
        ),
        "{text}"
    );
    // A good signature, then claims whose values carry C1 and bidi controls
    // (which JSON leaves as they are) and a claim name with an ESC.
    let token = hs256(
        r#"{"alg":"HS256"}"#,
        r#"{"aud":"api\u009b2K\u202e","iss":"me","x\u001b[8m":1}"#,
    );
    let out = run(&[
        "jwt",
        "verify",
        &token,
        "--secret",
        SECRET,
        "--aud",
        "api",
        "--require",
        "x\u{1b}[8m",
    ]);
    assert_eq!(exit_code(&out), Some(1));
    let text = stdout_text(&out);
    assert_inert(&text);
    assert!(
        text.contains("aud: \"api\\u009b2K\\u202e\": WRONG AUDIENCE (expected \"api\")\n"),
        "{text}"
    );
    assert!(text.contains("x\\u001b[8m: 1: ok\n"), "{text}");
    assert!(
        text.ends_with("result: REJECTED (wrong-audience)\n"),
        "{text}"
    );
}

#[test]
fn issue_10_jwt_decode_and_inspect_escape_header_and_payload() {
    let token = hs256(
        r#"{"alg":"HS256","\u009b2K\u202ekid":"a\u202eb"}"#,
        "{\"sub\":\"x\u{7f}\u{85}y\",\"n\":1}",
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token.txt");
    std::fs::write(&file, &token).unwrap();
    let file = path_str(&file);
    let runs: [&[&str]; 2] = [
        &["jwt", "decode", &token],
        &["inspect", &file, "--now", "0"],
    ];
    for args in runs {
        let text = stdout_ok(&run(args));
        assert_inert(&text);
        assert!(
            text.contains("  \"\\u009b2K\\u202ekid\": \"a\\u202eb\"\n"),
            "{text}"
        );
        assert!(
            text.contains("  \"sub\": \"x\\u007f\\u0085y\",\n"),
            "{text}"
        );
    }
    // --json keeps the values exactly.
    let out = run(&["jwt", "decode", &token, "--json"]);
    let value = stdout_json(&out);
    assert_eq!(value["header"]["\u{9b}2K\u{202e}kid"], "a\u{202e}b");
    assert_eq!(value["payload"]["sub"], "x\u{7f}\u{85}y");
}

// Issue 10 §3: a certificate's subject or SAN could forge thumbprint lines.
#[test]
fn issue_10_thumbprint_escapes_the_subject() {
    let out = run(&[
        "thumbprint",
        &fx("cert-control-chars.pem"),
        &fx("client.pem"),
    ]);
    let text = stdout_ok(&out);
    assert_inert(&text);
    assert_eq!(
        text,
        format!(
            "{EVIL_SHA1}  {EVIL_SUBJECT}\n\
             F23E122D384BD71D3BDF00BBBA4D2CE7D0117569  CN=client.example.com,O=Example Client Ltd,C=GB\n"
        )
    );
    let out = run(&[
        "thumbprint",
        &fx("cert-control-chars.pem"),
        "--expect",
        "F23E122D384BD71D3BDF00BBBA4D2CE7D0117569",
    ]);
    assert_eq!(exit_code(&out), Some(1));
    let text = stdout_text(&out);
    assert_inert(&text);
    assert_eq!(
        text,
        format!(
            "expected  F23E122D384BD71D3BDF00BBBA4D2CE7D0117569\nactual    {EVIL_SHA1}  {EVIL_SUBJECT}\n"
        )
    );
    // --json holds the subject as it is.
    let out = run(&["thumbprint", &fx("cert-control-chars.pem"), "--json"]);
    let value = stdout_json(&out);
    assert!(
        value[0]["subject"]
            .as_str()
            .unwrap()
            .starts_with("CN=evil\r\u{1b}[2K"),
        "{value}"
    );
}

#[test]
fn issue_10_inspect_escapes_subject_issuer_and_alt_names() {
    let text = stdout_ok(&run(&[
        "inspect",
        &fx("cert-control-chars.pem"),
        "--now",
        "1790000000",
    ]));
    assert_inert(&text);
    assert!(
        text.contains(&format!("\nsubject:     {EVIL_SUBJECT}\n")),
        "{text}"
    );
    assert!(
        text.contains(&format!("\nissuer:      {EVIL_SUBJECT}\n")),
        "{text}"
    );
    assert!(
        text.contains(
            "\nalt names:   DNS:ok.example.com\\r\\u001b[2Kforged.example.com\\u001b[8m\n"
        ),
        "{text}"
    );
    let out = run(&["inspect", &fx("cert-control-chars.pem"), "--json"]);
    let value = stdout_json(&out);
    assert_eq!(
        value["subject_alt_names"][0],
        "DNS:ok.example.com\r\u{1b}[2Kforged.example.com\u{1b}[8m"
    );
}

#[test]
fn issue_10_check_escapes_the_certificate_subject() {
    let out = run(&[
        "check",
        "--key",
        &fx("rsa2048-pkcs8.pem"),
        "--cert",
        &fx("cert-control-chars.pem"),
        "--now",
        "1790000000",
    ]);
    let text = stdout_ok(&out);
    assert_inert(&text);
    assert!(
        text.starts_with(&format!(
            "ok    key-matches-certificate: the certificate ({EVIL_SUBJECT}) holds this private key's public key\n"
        )),
        "{text}"
    );
}

#[test]
fn issue_10_pkcs12_listing_escapes_subjects_and_paths() {
    let dir = tempfile::tempdir().unwrap();
    let cert_out = dir.path().join("chain\n\u{1b}[2Kwrote key.pem");
    let out = run(&[
        "pkcs12",
        &fx("cert-control-chars.p12"),
        "--passphrase-file",
        &passphrase_file(),
        "--cert-out",
        &path_str(&cert_out),
        "--now",
        "1790000000",
    ]);
    let text = stdout_ok(&out);
    assert_inert(&text);
    assert!(
        text.starts_with(&format!("subject:     {EVIL_SUBJECT}\n")),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "\nprivate key: rsa 2048-bit, matches {EVIL_SUBJECT}\n"
        )),
        "{text}"
    );
    assert!(
        text.ends_with(&format!(
            "\nwrote {}/chain\\n\\u001b[2Kwrote key.pem (1 certificate)\n",
            dir.path().display()
        )),
        "{text}"
    );
    assert!(cert_out.is_file());
}

// Issue 10 §3: a file name with a newline made two `error:` lines.
#[test]
fn issue_10_file_names_make_one_escaped_error_line() {
    let dir = tempfile::tempdir().unwrap();
    let name = "k\nerror: forged\u{1b}[8m.pem";
    let shown = r"k\nerror: forged\u001b[8m.pem";
    let out = run_in(dir.path(), &["inspect", name]);
    assert_eq!(exit_code(&out), Some(2));
    assert_one_line(
        &out,
        "error: ",
        &format!("cannot read {shown}: No such file or directory (os error 2)"),
    );
    std::fs::write(dir.path().join(name), b"not a key").unwrap();
    let out = run_in(dir.path(), &["pubkey", name]);
    assert_eq!(exit_code(&out), Some(2));
    assert_one_line(
        &out,
        "error: ",
        &format!("{shown}: expected a key, found data that is not PEM, DER or Base64"),
    );
}

#[test]
fn issue_10_warnings_name_files_on_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let name = "squashed\r\u{1b}[2K.pem";
    std::fs::write(
        dir.path().join(name),
        fixture_bytes("rsa2048-spki-oneline.pem"),
    )
    .unwrap();
    let out = run_in(dir.path(), &["pubkey", name]);
    assert_eq!(exit_code(&out), Some(0));
    assert_eq!(out.stdout, fixture_bytes("rsa2048-spki.pem"));
    assert_one_line(
        &out,
        "warning: ",
        r"squashed\r\u001b[2K.pem: PEM was squashed onto one line; line breaks were restored",
    );
}

#[test]
fn issue_10_a_pem_label_is_escaped_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    // An END line with another label: the error names the BEGIN line's label.
    let pem = "-----BEGIN EVIL\u{1b}[2K\u{9b}-----\nMAA=\n-----END OTHER-----\n";
    std::fs::write(dir.path().join("label.pem"), pem).unwrap();
    let out = run_in(dir.path(), &["pubkey", "label.pem"]);
    assert_eq!(exit_code(&out), Some(2));
    assert_one_line(
        &out,
        "error: ",
        r"label.pem: expected a key, found a PEM block labelled 'EVIL\u001b[2K\u009b'",
    );
}

#[test]
fn issue_10_keygen_escapes_the_paths_it_reports() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(
        dir.path(),
        &[
            "keygen",
            "--private",
            "priv\r\u{1b}[2K.pem",
            "--public",
            "pub\n\u{202e}.pem",
        ],
    );
    let text = stdout_ok(&out);
    assert_inert(&text);
    assert!(
        text.starts_with(
            "private key: priv\\r\\u001b[2K.pem (mode 0600)\npublic key:  pub\\n\\u202e.pem\n"
        ),
        "{text}"
    );
    assert!(dir.path().join("priv\r\u{1b}[2K.pem").is_file());
    assert!(dir.path().join("pub\n\u{202e}.pem").is_file());
}

// A legacy-encrypted key under a file name that holds terminal controls: the
// re-encrypt advice `inspect` prints on stdout names the file as a quoted,
// escaped shell word, so the name cannot forge a line.
#[test]
fn issue_10_inspect_escapes_the_file_name_in_the_legacy_warning() {
    let dir = tempfile::tempdir().unwrap();
    let name = "ev il\u{1b}[2K\rresult: VALID.pem";
    let path = dir.path().join(name);
    std::fs::copy(fixture("rsa2048-pkcs1-enc-des3.pem"), &path).unwrap();
    let out = run(&[
        "inspect",
        path.to_str().unwrap(),
        "--passphrase-file",
        &passphrase_file(),
    ]);
    let text = stdout_ok(&out);
    assert_inert(&text);
    assert_inert(&stderr_of(&out));
    let quoted = format!(
        "'{}/ev il\\u001b[2K\\rresult: VALID.pem'",
        dir.path().display()
    );
    let warning = text
        .lines()
        .find(|l| l.starts_with("warning:"))
        .unwrap_or_else(|| panic!("no warning line in {text}"));
    assert!(
        warning.contains(&format!("keysmith convert {quoted} --to pkcs8")),
        "{warning}"
    );
    assert!(!text.lines().any(|l| l.starts_with("result:")), "{text}");
}
