//! payload paymentsgate.

use crate::util::*;

const UUID: &str = "3f1c2a9e-1111-4222-8333-444455556666";

/// Base64 (`base64 -w0`) of openssl's `rsa2048-spki.pem`.
fn expected_public_key() -> String {
    String::from_utf8(fixture_bytes("rsa2048-spki-pem.b64"))
        .unwrap()
        .trim_end()
        .to_owned()
}

fn payload(args: &[&str]) -> std::process::Output {
    let mut all = vec!["payload", "paymentsgate"];
    all.extend_from_slice(args);
    run(&all)
}

#[test]
fn payload_public_key_is_base64_of_the_openssl_pem() {
    let out = payload(&[
        "--account-id",
        UUID,
        "--public-key",
        &fx("rsa2048-spki.pem"),
    ]);
    assert_eq!(
        String::from_utf8(stdout_clean(&out)).unwrap(),
        format!(
            "{{\"account_id\":\"{UUID}\",\"public_key\":\"{}\"}}\n",
            expected_public_key()
        )
    );
}

#[test]
fn payload_normalises_every_public_form() {
    for name in [
        "rsa2048-spki.der",
        "rsa2048-pkcs1-pub.pem",
        "rsa2048-pkcs1-pub.der",
        "rsa2048-spki-crlf.pem",
        "rsa2048-spki-oneline.pem",
        "rsa2048-spki-escaped.txt",
        "rsa2048-spki-junk.pem",
        "rsa2048-spki-nonewline.pem",
        "rsa2048-spki-der.b64",
        "rsa2048-spki-pem.b64",
    ] {
        let out = payload(&["--account-id", UUID, "--public-key", &fx(name)]);
        let json = stdout_json(&out);
        assert_eq!(json["public_key"], expected_public_key(), "{name}");
        assert_eq!(json["account_id"], UUID, "{name}");
        let stderr = stderr_of(&out);
        assert!(
            stderr.lines().all(|l| l.starts_with("warning: ")),
            "{name}: {stderr}"
        );
    }
}

#[test]
fn payload_warns_about_repaired_input() {
    let path = fx("rsa2048-spki-oneline.pem");
    let out = payload(&["--account-id", UUID, "--public-key", &path]);
    stdout_json(&out);
    assert_eq!(
        stderr_of(&out),
        format!("warning: {path}: PEM was squashed onto one line; line breaks were restored\n")
    );
}

#[test]
fn payload_reads_public_key_pem_in_current_directory_by_default() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("rsa2048-spki.pem"),
        dir.path().join("public_key.pem"),
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &["payload", "paymentsgate", "--account-id", UUID],
    );
    assert_eq!(stdout_json(&out)["public_key"], expected_public_key());
    assert_eq!(stderr_of(&out), "");
}

#[test]
fn payload_default_file_missing_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(
        dir.path(),
        &["payload", "paymentsgate", "--account-id", UUID],
    );
    assert_error_exact(
        &out,
        "cannot read public_key.pem: No such file or directory (os error 2)",
    );
}

#[test]
fn payload_reads_standard_input() {
    let out = run_stdin(
        &[
            "payload",
            "paymentsgate",
            "--account-id",
            UUID,
            "--public-key",
            "-",
        ],
        fixture_bytes("rsa2048-spki.der"),
    );
    assert_eq!(stdout_json(&out)["public_key"], expected_public_key());
}

#[test]
fn payload_warns_when_account_id_is_not_a_uuid() {
    let out = payload(&[
        "--account-id",
        "acct-42",
        "--public-key",
        &fx("rsa2048-spki.pem"),
    ]);
    let json = stdout_json(&out);
    assert_eq!(json["account_id"], "acct-42");
    assert_eq!(json["public_key"], expected_public_key());
    assert_eq!(
        stderr_of(&out),
        "warning: account id 'acct-42' is not a UUID; Paymentsgate account ids usually are\n"
    );
    // Upper-case UUIDs are UUIDs.
    let out = payload(&[
        "--account-id",
        "3F1C2A9E-1111-4222-8333-444455556666",
        "--public-key",
        &fx("rsa2048-spki.pem"),
    ]);
    stdout_clean(&out);
}

#[test]
fn payload_account_id_is_json_escaped() {
    let out = payload(&[
        "--account-id",
        "a\"b\\c",
        "--public-key",
        &fx("rsa2048-spki.pem"),
    ]);
    let text = stdout_ok(&out);
    assert!(
        text.starts_with("{\"account_id\":\"a\\\"b\\\\c\","),
        "{text}"
    );
    assert_eq!(stdout_json(&out)["account_id"], "a\"b\\c");
}

#[test]
fn payload_warns_about_1024_bit_keys() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("rsa1024-spki.pem");
    openssl_ok(&[
        "pkey",
        "-in",
        &fx("rsa1024-pkcs8.pem"),
        "-pubout",
        "-out",
        &public.display().to_string(),
    ]);
    let path = public.display().to_string();
    let out = payload(&["--account-id", UUID, "--public-key", &path]);
    let json = stdout_json(&out);
    let expected = encode_std(&std::fs::read(&public).unwrap());
    assert_eq!(json["public_key"], expected);
    assert_eq!(
        stderr_of(&out),
        format!("warning: {path}: 1024-bit key; Paymentsgate asks for 2048 bits\n")
    );
}

fn encode_std(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Every line of a PEM body, and the Base64 of the whole file: none of them may
/// appear in what keysmith prints when refusing a private key.
fn secret_fragments(name: &str) -> Vec<String> {
    let bytes = fixture_bytes(name);
    let mut fragments = vec![encode_std(&bytes)];
    if let Ok(text) = std::str::from_utf8(&bytes) {
        fragments.extend(
            text.lines()
                .map(|l| l.trim().replace("\\n", ""))
                .filter(|l| !l.is_empty() && !l.starts_with("-----")),
        );
        // The escaped fixture is one line: split it at its literal `\n`s.
        fragments.extend(
            text.split("\\n")
                .map(str::trim)
                .filter(|l| l.len() > 8 && !l.starts_with("-----"))
                .map(str::to_owned),
        );
    }
    // 24 characters of Base64 of any 18-byte window of the DER would also leak.
    let der = std::fs::read(fixture("rsa2048-pkcs8.der")).unwrap();
    fragments.extend(der.chunks(18).map(encode_std));
    fragments
}

#[test]
fn payload_refuses_private_keys_without_echoing_them() {
    for name in [
        "rsa2048-pkcs8.pem",
        "rsa2048-pkcs8.der",
        "rsa2048-pkcs1.pem",
        "rsa2048-pkcs1.der",
        "rsa2048-pkcs8-crlf.pem",
        "rsa2048-pkcs8-escaped.txt",
        "rsa2048-pkcs8-enc-aes256.pem",
        "rsa2048-pkcs8-enc-aes256.der",
        "rsa2048-pkcs8-enc-des3.pem",
        "rsa4096-pkcs8.pem",
    ] {
        let path = fx(name);
        let out = payload(&["--account-id", UUID, "--public-key", &path]);
        assert_error_exact(
            &out,
            &format!(
                "{path}: this is a private key, which must never be sent; \
                 run 'keysmith pubkey' to get its public key and use that"
            ),
        );
        let printed = format!("{}{}", stdout_ok_or_err(&out), stderr_of(&out));
        for fragment in secret_fragments(name) {
            assert!(
                !printed.contains(&fragment),
                "{name}: output contains key material {fragment:?}"
            );
        }
    }
}

#[test]
fn payload_refuses_private_key_on_standard_input() {
    let out = run_stdin(
        &[
            "payload",
            "paymentsgate",
            "--account-id",
            UUID,
            "--public-key",
            "-",
        ],
        fixture_bytes("rsa2048-pkcs8.pem"),
    );
    assert_error_exact(
        &out,
        "standard input: this is a private key, which must never be sent; \
         run 'keysmith pubkey' to get its public key and use that",
    );
}

fn stdout_ok_or_err(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn payload_requires_account_id() {
    let out = payload(&["--public-key", &fx("rsa2048-spki.pem")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("--account-id"));
    assert!(out.stdout.is_empty());
}
