//! check: a private key against a certificate or public key.

use crate::cert::{CLIENT, NOW};
use crate::util::*;

fn check(cert: &str) -> std::process::Output {
    run(&[
        "check",
        "--key",
        &fx("rsa2048-pkcs8.pem"),
        "--cert",
        &fx(cert),
        "--now",
        NOW,
    ])
}

#[test]
fn check_passes_a_matching_valid_signing_certificate() {
    let out = check("client.pem");
    assert_eq!(
        stdout_ok(&out),
        format!(
            "ok    key-matches-certificate: the certificate ({CLIENT}) holds this private key's public key\n\
             ok    certificate-valid: valid from 2026-01-01T00:00:00Z until 2028-01-01T00:00:00Z, in 11 months\n\
             ok    digital-signature: keyUsage allows digitalSignature (digitalSignature)\n"
        )
    );
}

#[test]
fn check_fails_each_broken_relation_with_exit_1() {
    let cases = [
        (
            "client-nodigsig.pem",
            "FAIL  digital-signature: keyUsage is keyEncipherment; digitalSignature is not allowed",
        ),
        (
            "client-expired.pem",
            "FAIL  certificate-valid: expired on 2021-01-01T00:00:00Z, 6 years ago",
        ),
        (
            "client-notyet.pem",
            "FAIL  certificate-valid: not valid before 2035-01-01T00:00:00Z, in 7 years",
        ),
        (
            "selfsigned.pem",
            "FAIL  key-matches-certificate: the certificate (CN=selfsigned.example.com) holds a different public key than this private key's",
        ),
        (
            "ec-cert.pem",
            "FAIL  key-matches-certificate: the certificate (CN=ec.example.com) has an ec public key; the private key is RSA",
        ),
    ];
    for (cert, line) in cases {
        let out = check(cert);
        assert_eq!(exit_code(&out), Some(1), "{cert}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(text.lines().count(), 3, "{text}");
        assert!(text.lines().any(|l| l == line), "{cert}: {text}");
    }
}

#[test]
fn check_json_lists_the_checks() {
    let out = run(&[
        "check",
        "--key",
        &fx("rsa2048b-pkcs8.pem"),
        "--cert",
        &fx("selfsigned.pem"),
        "--now",
        NOW,
        "--json",
    ]);
    stdout_ok(&out);
    let v = json(&out);
    assert_eq!(v["ok"], true);
    let names: Vec<&str> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "key-matches-certificate",
            "certificate-valid",
            "digital-signature"
        ]
    );
}

#[test]
fn check_compares_a_key_with_a_public_key() {
    let out = run(&[
        "check",
        "--key",
        &fx("rsa2048-pkcs1.pem"),
        "--public",
        &fx("rsa2048-spki.pem"),
    ]);
    assert_eq!(
        stdout_ok(&out),
        "ok    key-matches-public-key: the public key is this private key's\n"
    );
    let out = run(&[
        "check",
        "--key",
        &fx("rsa2048-pkcs8.pem"),
        "--public",
        &fx("rsa2048b-spki.pem"),
        "--json",
    ]);
    assert_eq!(exit_code(&out), Some(1));
    assert_eq!(json(&out)["ok"], false);
}

#[test]
fn check_reads_encrypted_keys_and_pkcs12_certificates() {
    let out = run(&[
        "check",
        "--key",
        &fx("rsa2048-pkcs8-enc-aes256.pem"),
        "--cert",
        &fx("client.p12"),
        "--passphrase-file",
        &fx("passphrase.txt"),
        "--now",
        NOW,
    ]);
    assert_eq!(stdout_ok(&out).lines().count(), 3);
}

#[test]
fn check_refuses_a_public_key_as_key_and_nothing_to_compare() {
    let out = run(&[
        "check",
        "--key",
        &fx("rsa2048-spki.pem"),
        "--cert",
        &fx("client.pem"),
    ]);
    assert_error(
        &out,
        &format!(
            "error: {}: expected a private key, found a public key",
            fx("rsa2048-spki.pem")
        ),
    );
    let out = run(&["check", "--key", &fx("rsa2048-pkcs8.pem")]);
    assert_error(
        &out,
        "error: nothing to check the key against: give --cert CERT, --public PUBLIC_KEY or --token TOKEN",
    );
    let out = run(&[
        "check",
        "--key",
        &fx("rsa2048-pkcs8.pem"),
        "--cert",
        &fx("rsa2048-spki.pem"),
    ]);
    assert_error(&out, "expected an X.509 certificate, found a public key");
}

fn check_token(key: &str, token: &str, now: &str) -> std::process::Output {
    run(&[
        "check",
        "--key",
        &fx(key),
        "--token",
        &fx(token),
        "--now",
        now,
    ])
}

#[test]
fn check_token_passes_when_the_token_verifies_with_the_key() {
    let out = check_token("rsa2048-pkcs8.pem", "jwt-rs256-valid.txt", "1790000100");
    assert_eq!(
        stdout_ok(&out),
        "ok    token-verifies: the token verifies with this key (RS256) and is valid now\n"
    );
}

#[test]
fn check_token_fails_for_an_expired_token_saying_the_signature_is_good() {
    let out = check_token("rsa2048-pkcs8.pem", "jwt-rs256-expired.txt", "1790000100");
    assert_eq!(exit_code(&out), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "FAIL  token-verifies: the signature verifies (RS256) but the token is rejected: expired\n"
    );
}

#[test]
fn check_token_fails_with_another_key() {
    let out = check_token("rsa2048b-pkcs8.pem", "jwt-rs256-valid.txt", "1790000100");
    assert_eq!(exit_code(&out), Some(1));
    let v = json(&run(&[
        "check",
        "--key",
        &fx("rsa2048b-pkcs8.pem"),
        "--token",
        &fx("jwt-rs256-valid.txt"),
        "--now",
        "1790000100",
        "--json",
    ]));
    assert_eq!(v["ok"], false);
    assert_eq!(v["checks"][0]["name"], "token-verifies");
    assert_eq!(
        v["checks"][0]["detail"],
        "the token is rejected: bad-signature"
    );
}

#[test]
fn check_cert_and_token_together_report_every_relation() {
    let out = run(&[
        "check",
        "--key",
        &fx("rsa2048-pkcs8.pem"),
        "--cert",
        &fx("client.pem"),
        "--token",
        &fx("jwt-rs256-valid.txt"),
        "--now",
        "1790000100",
    ]);
    let text = stdout_ok(&out);
    assert_eq!(text.lines().count(), 4, "{text}");
    assert!(text.lines().all(|l| l.starts_with("ok ")), "{text}");
}
