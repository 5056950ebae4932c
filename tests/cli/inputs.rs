//! Bad inputs for every command that reads a key: exit 2 and one clear line
//! naming the file and what was found.

use crate::util::*;

/// The key-reading commands, each with its arguments before and after the file.
fn key_readers(file: &str) -> Vec<Vec<String>> {
    let s = |v: &[&str]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    vec![
        s(&["pubkey", file]),
        s(&["inspect", file]),
        s(&["inspect", "--json", file]),
        s(&["convert", file, "--to", "pkcs8"]),
    ]
}

/// Runs every key reader on `name` and pins `{path}: expected a key, found {found}`;
/// `payload paymentsgate` must say the same with "an RSA public key".
fn assert_refused_everywhere(path: &str, found: &str) {
    for args in key_readers(path) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(&args);
        assert_error_exact(&out, &format!("{path}: expected a key, found {found}"));
    }
    let out = run(&[
        "payload",
        "paymentsgate",
        "--account-id",
        UUID,
        "--public-key",
        path,
    ]);
    assert_error_exact(
        &out,
        &format!("{path}: expected an RSA public key, found {found}"),
    );
}

const UUID: &str = "3f1c2a9e-1111-4222-8333-444455556666";

#[test]
fn input_truncated_pem_is_refused() {
    assert_refused_everywhere(
        &fx("bad-truncated.pem"),
        "a truncated PEM block (no END line)",
    );
}

#[test]
fn input_corrupt_base64_is_refused() {
    assert_refused_everywhere(
        &fx("bad-corrupt-base64.pem"),
        "a PEM block whose body is not valid Base64",
    );
}

#[test]
fn input_wrong_label_is_refused() {
    assert_refused_everywhere(
        &fx("bad-wrong-label.pem"),
        "a PEM block labelled 'CERTIFICATE REQUEST'",
    );
}

/// Issue 13: EC and Ed25519 keys are read by every key reader; the Paymentsgate
/// payload, an RSA key's, still refuses them.
#[test]
fn issue_13_input_ec_and_ed25519_keys_are_read_but_not_sent_as_paymentsgate_keys() {
    for (name, found) in [
        (
            "ec-p256.pem",
            "an elliptic-curve (EC) key, where only an RSA key will do",
        ),
        (
            "ec-p256-pub.pem",
            "an elliptic-curve (EC) key, where only an RSA key will do",
        ),
        (
            "ed25519.pem",
            "an Ed25519/Ed448 key, where only an RSA key will do",
        ),
        (
            "ed25519-pub.pem",
            "an Ed25519/Ed448 key, where only an RSA key will do",
        ),
    ] {
        let path = fx(name);
        for args in key_readers(&path) {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let out = run(&args);
            assert_eq!(exit_code(&out), Some(0), "{args:?}: {}", stderr_of(&out));
        }
        let out = run(&[
            "payload",
            "paymentsgate",
            "--account-id",
            UUID,
            "--public-key",
            &path,
        ]);
        assert_error_exact(
            &out,
            &format!("{path}: expected an RSA public key, found {found}"),
        );
    }
}

/// Issue 13: a key on a curve keysmith does not handle is refused by every
/// key reader, naming the curve's OID.
#[test]
fn issue_13_input_other_curves_are_refused() {
    let path = fx("ec-secp256k1.pem");
    for args in key_readers(&path) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_error_exact(
            &run(&args),
            &format!(
                "{path}: expected a key, found a key of algorithm 1.3.132.0.10, which keysmith does not handle (it handles RSA, EC P-256/P-384/P-521 and Ed25519)"
            ),
        );
    }
}

#[test]
fn input_empty_file_is_refused() {
    assert_refused_everywhere(&fx("empty.txt"), "an empty input");
}

#[test]
fn input_garbage_is_refused() {
    assert_refused_everywhere(&fx("garbage.bin"), "data that is not PEM, DER or Base64");
    // A passphrase file given where a key is expected.
    assert_refused_everywhere(
        &fx("wrong-passphrase.txt"),
        "data that is not PEM, DER or Base64",
    );
}

/// Every key reader but `inspect`, which describes small keys (SPEC; see legacy.rs).
#[test]
fn input_512_bit_keys_are_refused() {
    for name in ["rsa512-pkcs8.pem", "rsa512-spki.pem"] {
        let path = fx(name);
        let found = "a 512-bit RSA key, too small to be safe";
        for args in key_readers(&path) {
            if args[0] == "inspect" {
                continue;
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let out = run(&args);
            assert_error_exact(&out, &format!("{path}: expected a key, found {found}"));
        }
        let out = run(&[
            "payload",
            "paymentsgate",
            "--account-id",
            UUID,
            "--public-key",
            &path,
        ]);
        assert_error_exact(
            &out,
            &format!("{path}: expected an RSA public key, found {found}"),
        );
    }
}

#[test]
fn input_legacy_encrypted_pem_without_a_passphrase_asks_for_one() {
    let found = "an encrypted private key and no passphrase; \
                 give --passphrase-file or --passphrase-env";
    for args in key_readers(&fx("rsa2048-pkcs1-enc.pem")) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = keysmith().args(&args).output().unwrap();
        assert_error(&out, found);
    }
}

#[test]
fn input_certificate_where_a_key_is_expected() {
    for name in ["client.pem", "client.der", "bundle-3certs.pem"] {
        let path = fx(name);
        let out = run(&["pubkey", &path]);
        assert_error_exact(
            &out,
            &format!("{path}: expected a key, found a certificate"),
        );
        let out = run(&["convert", &path, "--to", "pkcs1"]);
        assert_error_exact(
            &out,
            &format!("{path}: expected a key, found a certificate"),
        );
        let out = run(&[
            "payload",
            "paymentsgate",
            "--account-id",
            UUID,
            "--public-key",
            &path,
        ]);
        assert_error_exact(
            &out,
            &format!("{path}: expected an RSA public key, found a certificate"),
        );
    }
}

#[test]
fn input_jwt_where_a_key_is_expected() {
    let path = fx("jwt-rs256-valid.txt");
    let out = run(&["pubkey", &path]);
    assert_error_exact(&out, &format!("{path}: expected a key, found a JWT"));
}

#[test]
fn input_two_keys_in_one_file_are_refused() {
    let mut both = fixture_bytes("rsa2048-spki.pem");
    both.extend(fixture_bytes("rsa2048b-spki.pem"));
    for args in [
        &["pubkey", "-"][..],
        &["inspect", "-"],
        &["convert", "-", "--to", "pkcs1"],
    ] {
        let out = run_stdin(args, both.clone());
        assert_error_exact(&out, "standard input: expected a key, found several keys");
    }
}

#[test]
fn input_key_with_its_certificate_reads_the_key() {
    let mut both = fixture_bytes("rsa2048-pkcs8.pem");
    both.extend(fixture_bytes("client.pem"));
    let out = run_stdin(&["pubkey", "-"], both);
    assert_eq!(stdout_clean(&out), fixture_bytes("rsa2048-spki.pem"));
}

#[test]
fn input_missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing.pem").display().to_string();
    for args in key_readers(&path) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_error_exact(
            &run(&args),
            &format!("cannot read {path}: No such file or directory (os error 2)"),
        );
    }
    let out = run(&[
        "payload",
        "paymentsgate",
        "--account-id",
        UUID,
        "--public-key",
        &path,
    ]);
    assert_error_exact(
        &out,
        &format!("cannot read {path}: No such file or directory (os error 2)"),
    );
    let out = run(&["b64", &path]);
    assert_error_exact(
        &out,
        &format!("cannot read {path}: No such file or directory (os error 2)"),
    );
}

#[test]
fn input_directory_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().display().to_string();
    for args in key_readers(&path) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_error_exact(
            &run(&args),
            &format!("cannot read {path}: Is a directory (os error 21)"),
        );
    }
    let out = run(&["b64", &path]);
    assert_error_exact(
        &out,
        &format!("cannot read {path}: Is a directory (os error 21)"),
    );
}

#[test]
fn input_errors_on_standard_input_say_standard_input() {
    let out = run_stdin(&["pubkey", "-"], Vec::new());
    assert_error_exact(&out, "standard input: expected a key, found an empty input");
    let out = run_stdin(&["inspect", "-"], fixture_bytes("garbage.bin"));
    assert_error_exact(
        &out,
        "standard input: expected a key, found data that is not PEM, DER or Base64",
    );
}
