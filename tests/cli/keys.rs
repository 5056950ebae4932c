//! keygen, pubkey and convert.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::util::*;

/// Uppercase hex SHA-256 of a file's SPKI DER, computed from the public key file.
fn spki_sha256_of(public_pem: &Path) -> String {
    let der = openssl_ok(&[
        "pkey",
        "-pubin",
        "-in",
        &public_pem.display().to_string(),
        "-outform",
        "DER",
    ]);
    Sha256::digest(&der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect()
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn path_str(path: &Path) -> String {
    path.display().to_string()
}

/// `keysmith pubkey KEY [args…]` must succeed; returns stdout.
fn pubkey_of(key: &Path, extra: &[&str]) -> Vec<u8> {
    let key = path_str(key);
    let mut args = vec!["pubkey", key.as_str()];
    args.extend_from_slice(extra);
    stdout_clean(&run(&args))
}

// ---------------------------------------------------------------- keygen

#[test]
fn keygen_writes_default_files_with_modes() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["keygen"]);
    let text = String::from_utf8(stdout_clean(&out)).unwrap();
    let private = dir.path().join("private_key.pem");
    let public = dir.path().join("public_key.pem");
    assert_eq!(mode(&private), 0o600);
    assert_public_mode(&public);
    let private_pem = String::from_utf8(read(&private)).unwrap();
    assert!(private_pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    assert!(private_pem.ends_with("-----END PRIVATE KEY-----\n"));
    let public_pem = String::from_utf8(read(&public)).unwrap();
    assert!(public_pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
    assert!(public_pem.ends_with("-----END PUBLIC KEY-----\n"));
    // The public file is the public half of the private file.
    assert_eq!(pubkey_of(&private, &[]), public_pem.as_bytes());
    assert_eq!(
        text,
        format!(
            "private key: private_key.pem (mode 0600)\n\
             public key:  public_key.pem\n\
             bits:        2048\n\
             spki sha256: {}\n",
            spki_sha256_of(&public)
        )
    );
}

#[test]
fn keygen_json_reports_paths_bits_and_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["keygen", "--json"]);
    assert_eq!(stderr_of(&out), "");
    let json = stdout_json(&out);
    let public = dir.path().join("public_key.pem");
    assert_eq!(
        json,
        serde_json::json!({
            "private_key": "private_key.pem",
            "public_key": "public_key.pem",
            "bits": 2048,
            "format": "pkcs8",
            "encoding": "pem",
            "encrypted": false,
            "spki_sha256": spki_sha256_of(&public),
        })
    );
}

#[test]
fn keygen_bits_3072() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["keygen", "--bits", "3072", "--json"]);
    assert_eq!(stdout_json(&out)["bits"], 3072);
    let inspect = run(&[
        "inspect",
        "--json",
        &path_str(&dir.path().join("public_key.pem")),
    ]);
    assert_eq!(stdout_json(&inspect)["bits"], 3072);
}

#[test]
fn keygen_refuses_sizes_other_than_2048_3072_4096() {
    let dir = tempfile::tempdir().unwrap();
    for bits in ["1024", "512", "2047", "8192", "0"] {
        let out = run_in(dir.path(), &["keygen", "--bits", bits]);
        assert_error_exact(
            &out,
            "argument --bits: RSA key size must be 2048, 3072 or 4096 bits",
        );
    }
    let out = run_in(dir.path(), &["keygen", "--bits", "big"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("invalid value 'big'"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn keygen_writes_to_given_paths() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("keys")).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "keygen",
            "--private",
            "keys/svc.key",
            "--public",
            "keys/svc.pub",
        ],
    );
    let text = String::from_utf8(stdout_clean(&out)).unwrap();
    assert!(text.starts_with("private key: keys/svc.key (mode 0600)\npublic key:  keys/svc.pub\n"));
    assert_eq!(mode(&dir.path().join("keys/svc.key")), 0o600);
    assert!(!dir.path().join("private_key.pem").exists());
    assert!(!dir.path().join("public_key.pem").exists());
    assert_eq!(
        pubkey_of(&dir.path().join("keys/svc.key"), &[]),
        read(&dir.path().join("keys/svc.pub"))
    );
}

#[test]
fn keygen_pkcs1_format() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["keygen", "--format", "pkcs1", "--json"]);
    assert_eq!(stdout_json(&out)["format"], "pkcs1");
    let private = dir.path().join("private_key.pem");
    assert!(read(&private).starts_with(b"-----BEGIN RSA PRIVATE KEY-----\n"));
    assert_eq!(mode(&private), 0o600);
    let json = stdout_json(&run(&["inspect", "--json", &path_str(&private)]));
    assert_eq!(json["format"], "pkcs1");
    assert_eq!(json["kind"], "rsa-private-key");
    assert!(read(&dir.path().join("public_key.pem")).starts_with(b"-----BEGIN PUBLIC KEY-----\n"));
}

#[test]
fn keygen_der_writes_both_files_as_der() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(
        dir.path(),
        &[
            "keygen",
            "--der",
            "--private",
            "k.der",
            "--public",
            "p.der",
            "--json",
        ],
    );
    let json = stdout_json(&out);
    assert_eq!(json["encoding"], "der");
    assert_eq!(json["format"], "pkcs8");
    let private = dir.path().join("k.der");
    let public = dir.path().join("p.der");
    assert_eq!(read(&private).first(), Some(&0x30));
    assert_eq!(read(&public).first(), Some(&0x30));
    assert_eq!(mode(&private), 0o600);
    let inspected = stdout_json(&run(&["inspect", "--json", &path_str(&private)]));
    assert_eq!(inspected["format"], "pkcs8");
    assert_eq!(inspected["encoding"], "der");
    assert_eq!(pubkey_of(&private, &["--der"]), read(&public));
    let inspected = stdout_json(&run(&["inspect", "--json", &path_str(&public)]));
    assert_eq!(inspected["format"], "spki");
    assert_eq!(inspected["spki_sha256"], json["spki_sha256"]);
}

#[test]
fn keygen_encrypt_with_passphrase_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(
        dir.path(),
        &[
            "keygen",
            "--encrypt",
            "--passphrase-file",
            &passphrase_file(),
        ],
    );
    let text = String::from_utf8(stdout_clean(&out)).unwrap();
    assert!(text.starts_with("private key: private_key.pem (mode 0600, encrypted)\n"));
    let private = dir.path().join("private_key.pem");
    assert!(read(&private).starts_with(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
    assert_eq!(mode(&private), 0o600);
    assert_eq!(
        pubkey_of(&private, &["--passphrase-file", &passphrase_file()]),
        read(&dir.path().join("public_key.pem"))
    );
    let json = stdout_json(&run(&[
        "inspect",
        "--json",
        &path_str(&private),
        "--passphrase-file",
        &passphrase_file(),
    ]));
    assert_eq!(json["encrypted"], true);
    assert_eq!(json["consistent"], true);
}

#[test]
fn keygen_encrypt_with_passphrase_env() {
    let dir = tempfile::tempdir().unwrap();
    let out = keysmith()
        .current_dir(dir.path())
        .env("KEYSMITH_TEST_PASS", "s3cret phrase")
        .args([
            "keygen",
            "--encrypt",
            "--passphrase-env",
            "KEYSMITH_TEST_PASS",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(stdout_json(&out)["encrypted"], true);
    let private = dir.path().join("private_key.pem");
    let public = keysmith()
        .env("KEYSMITH_TEST_PASS", "s3cret phrase")
        .args([
            "pubkey",
            &path_str(&private),
            "--passphrase-env",
            "KEYSMITH_TEST_PASS",
        ])
        .output()
        .unwrap();
    assert_eq!(
        stdout_clean(&public),
        read(&dir.path().join("public_key.pem"))
    );
    // The passphrase file holds a different passphrase.
    let wrong = run(&[
        "pubkey",
        &path_str(&private),
        "--passphrase-file",
        &passphrase_file(),
    ]);
    assert_error_exact(
        &wrong,
        &format!(
            "{}: wrong passphrase (decryption failed)",
            private.display()
        ),
    );
}

#[test]
fn keygen_encrypt_without_passphrase_source_fails_without_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["keygen", "--encrypt"]);
    assert_error_exact(
        &out,
        "--encrypt needs a passphrase: give --passphrase-file or --passphrase-env",
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn keygen_encrypt_with_unset_env_fails() {
    let dir = tempfile::tempdir().unwrap();
    let out = keysmith()
        .current_dir(dir.path())
        .env_remove("KEYSMITH_UNSET_VAR")
        .args([
            "keygen",
            "--encrypt",
            "--passphrase-env",
            "KEYSMITH_UNSET_VAR",
        ])
        .output()
        .unwrap();
    assert_error_exact(&out, "environment variable KEYSMITH_UNSET_VAR is not set");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn keygen_encrypt_refuses_pkcs1() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(
        dir.path(),
        &[
            "keygen",
            "--encrypt",
            "--format",
            "pkcs1",
            "--passphrase-file",
            &passphrase_file(),
        ],
    );
    assert_error_exact(
        &out,
        "PKCS#1 keys cannot be encrypted by keysmith; use --format pkcs8 (the default) with --encrypt",
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn keygen_refuses_to_overwrite_without_force() {
    for existing in ["private_key.pem", "public_key.pem"] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(existing);
        std::fs::write(&path, b"keep me\n").unwrap();
        let out = run_in(dir.path(), &["keygen"]);
        assert_error_exact(
            &out,
            &format!("{existing} already exists; use --force to replace it"),
        );
        assert_eq!(read(&path), b"keep me\n");
        // Nothing else was written either.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}

#[test]
fn keygen_force_replaces_world_readable_file_with_0600() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let private = dir.path().join("private_key.pem");
    let public = dir.path().join("public_key.pem");
    for path in [&private, &public] {
        std::fs::write(path, b"old\n").unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let out = run_in(dir.path(), &["keygen", "--force"]);
    stdout_clean(&out);
    assert_eq!(mode(&private), 0o600);
    assert_public_mode(&public);
    assert!(read(&private).starts_with(b"-----BEGIN PRIVATE KEY-----\n"));
    assert_eq!(pubkey_of(&private, &[]), read(&public));
    // No temporary files are left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

// ---------------------------------------------------------------- pubkey

/// Every private form of the rsa2048 key, and the passphrase it needs.
const RSA2048_PRIVATE_FORMS: [&str; 9] = [
    "rsa2048-pkcs8.pem",
    "rsa2048-pkcs8.der",
    "rsa2048-pkcs1.pem",
    "rsa2048-pkcs1.der",
    "rsa2048-pkcs8-crlf.pem",
    "rsa2048-pkcs8-enc-aes256.pem",
    "rsa2048-pkcs8-enc-aes256.der",
    "rsa2048-pkcs8-enc-aes128-sha1.pem",
    "rsa2048-pkcs8-enc-des3.pem",
];

#[test]
fn pubkey_of_every_private_form_equals_openssl_spki() {
    let expected = fixture_bytes("rsa2048-spki.pem");
    for name in RSA2048_PRIVATE_FORMS {
        let out = run(&["pubkey", &fx(name), "--passphrase-file", &passphrase_file()]);
        assert_eq!(stdout_clean(&out), expected, "{name}");
    }
}

#[test]
fn pubkey_of_unencrypted_forms_needs_no_passphrase() {
    let expected = fixture_bytes("rsa2048-spki.pem");
    for name in RSA2048_PRIVATE_FORMS
        .iter()
        .filter(|n| !n.contains("-enc-"))
    {
        assert_eq!(
            stdout_clean(&run(&["pubkey", &fx(name)])),
            expected,
            "{name}"
        );
    }
}

#[test]
fn pubkey_repairs_escaped_pem_with_a_warning() {
    let out = run(&["pubkey", &fx("rsa2048-pkcs8-escaped.txt")]);
    assert_eq!(
        stdout_ok(&out).as_bytes(),
        fixture_bytes("rsa2048-spki.pem")
    );
    assert_eq!(
        stderr_of(&out),
        format!(
            "warning: {}: PEM had literal \\n sequences instead of line breaks; they were replaced\n",
            fx("rsa2048-pkcs8-escaped.txt")
        )
    );
}

#[test]
fn pubkey_reads_standard_input() {
    let out = run_stdin(&["pubkey", "-"], fixture_bytes("rsa2048-pkcs1.pem"));
    assert_eq!(stdout_clean(&out), fixture_bytes("rsa2048-spki.pem"));
    let out = run_stdin(
        &["pubkey", "-", "--passphrase-file", &passphrase_file()],
        fixture_bytes("rsa2048-pkcs8-enc-aes256.der"),
    );
    assert_eq!(stdout_clean(&out), fixture_bytes("rsa2048-spki.pem"));
}

#[test]
fn pubkey_pkcs1_and_der_outputs_equal_openssl() {
    for (bits, key) in [(2048, "rsa2048-pkcs8.pem"), (4096, "rsa4096-pkcs1.der")] {
        for (flags, expected) in [
            (&[][..], format!("rsa{bits}-spki.pem")),
            (&["--pkcs1"][..], format!("rsa{bits}-pkcs1-pub.pem")),
            (&["--der"][..], format!("rsa{bits}-spki.der")),
            (
                &["--der", "--pkcs1"][..],
                format!("rsa{bits}-pkcs1-pub.der"),
            ),
        ] {
            assert_eq!(
                pubkey_of(&fixture(key), flags),
                fixture_bytes(&expected),
                "{key} {flags:?}"
            );
        }
    }
}

#[test]
fn pubkey_of_a_public_key_normalises_it() {
    for name in [
        "rsa2048-spki.der",
        "rsa2048-pkcs1-pub.pem",
        "rsa2048-pkcs1-pub.der",
        "rsa2048-spki-crlf.pem",
        "rsa2048-spki-junk.pem",
    ] {
        assert_eq!(
            pubkey_of(&fixture(name), &[]),
            fixture_bytes("rsa2048-spki.pem"),
            "{name}"
        );
    }
}

#[test]
fn pubkey_writes_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("pub.pem");
    let out = run(&["pubkey", &fx("rsa2048-pkcs8.pem"), "-o", &path_str(&target)]);
    assert_eq!(stdout_clean(&out), b"");
    assert_eq!(read(&target), fixture_bytes("rsa2048-spki.pem"));
    assert_public_mode(&target);

    // An existing file is kept unless --force is given.
    let out = run(&["pubkey", &fx("rsa4096-pkcs8.pem"), "-o", &path_str(&target)]);
    assert_error_exact(
        &out,
        &format!(
            "{} already exists; use --force to replace it",
            target.display()
        ),
    );
    assert_eq!(read(&target), fixture_bytes("rsa2048-spki.pem"));
    let out = run(&[
        "pubkey",
        &fx("rsa4096-pkcs8.pem"),
        "-o",
        &path_str(&target),
        "--force",
    ]);
    stdout_clean(&out);
    assert_eq!(read(&target), fixture_bytes("rsa4096-spki.pem"));

    // `-o -` is standard output.
    let out = run(&["pubkey", &fx("rsa2048-pkcs8.pem"), "-o", "-"]);
    assert_eq!(stdout_clean(&out), fixture_bytes("rsa2048-spki.pem"));
}

#[test]
fn pubkey_wrong_passphrase_fails() {
    for key in ["rsa2048-pkcs8-enc-aes256.pem", "rsa2048-pkcs8-enc-des3.pem"] {
        let out = run(&[
            "pubkey",
            &fx(key),
            "--passphrase-file",
            &fx("wrong-passphrase.txt"),
        ]);
        assert_error_exact(
            &out,
            &format!("{}: wrong passphrase (decryption failed)", fx(key)),
        );
    }
}

#[test]
fn pubkey_encrypted_key_without_passphrase_names_the_flags() {
    let out = run(&["pubkey", &fx("rsa2048-pkcs8-enc-aes256.pem")]);
    assert_error_exact(
        &out,
        &format!(
            "{}: expected an RSA key, found an encrypted private key and no passphrase; \
             give --passphrase-file or --passphrase-env",
            fx("rsa2048-pkcs8-enc-aes256.pem")
        ),
    );
}

#[test]
fn pubkey_passphrase_file_missing_fails() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.txt");
    let out = run(&[
        "pubkey",
        &fx("rsa2048-pkcs8-enc-aes256.pem"),
        "--passphrase-file",
        &path_str(&missing),
    ]);
    assert_error_exact(
        &out,
        &format!(
            "cannot read {}: No such file or directory (os error 2)",
            missing.display()
        ),
    );
}

// ---------------------------------------------------------------- convert

#[test]
fn convert_round_trips_match_openssl_fixtures() {
    for bits in [2048, 4096] {
        let f = |s: &str| format!("rsa{bits}-{s}");
        let cases: [(String, &[&str], String); 10] = [
            (f("pkcs8.pem"), &["--to", "pkcs1"], f("pkcs1.pem")),
            (f("pkcs1.pem"), &["--to", "pkcs8"], f("pkcs8.pem")),
            (f("pkcs8.pem"), &["--to", "pkcs8", "--der"], f("pkcs8.der")),
            (f("pkcs8.der"), &["--to", "pkcs8"], f("pkcs8.pem")),
            (f("pkcs1.der"), &["--to", "pkcs1"], f("pkcs1.pem")),
            (f("pkcs1.pem"), &["--to", "pkcs1", "--der"], f("pkcs1.der")),
            (f("pkcs8.der"), &["--to", "pkcs1", "--der"], f("pkcs1.der")),
            (f("spki.pem"), &["--to", "pkcs1"], f("pkcs1-pub.pem")),
            (f("pkcs1-pub.der"), &["--to", "pkcs8"], f("spki.pem")),
            (
                f("spki.der"),
                &["--to", "pkcs1", "--der"],
                f("pkcs1-pub.der"),
            ),
        ];
        for (input, flags, expected) in cases {
            let input_path = fx(&input);
            let mut args = vec!["convert", input_path.as_str()];
            args.extend_from_slice(flags);
            assert_eq!(
                stdout_clean(&run(&args)),
                fixture_bytes(&expected),
                "{input} {flags:?}"
            );
        }
    }
}

#[test]
fn convert_decrypts_openssl_encrypted_keys() {
    for name in [
        "rsa2048-pkcs8-enc-aes256.pem",
        "rsa2048-pkcs8-enc-aes256.der",
        "rsa2048-pkcs8-enc-aes128-sha1.pem",
        "rsa2048-pkcs8-enc-des3.pem",
    ] {
        for (to, expected) in [
            ("pkcs8", "rsa2048-pkcs8.pem"),
            ("pkcs1", "rsa2048-pkcs1.pem"),
        ] {
            let out = run(&[
                "convert",
                &fx(name),
                "--to",
                to,
                "--decrypt",
                "--passphrase-file",
                &passphrase_file(),
            ]);
            assert_eq!(stdout_clean(&out), fixture_bytes(expected), "{name} {to}");
        }
    }
    let out = run(&[
        "convert",
        &fx("rsa4096-pkcs8-enc-aes256.pem"),
        "--to",
        "pkcs8",
        "--decrypt",
        "--der",
        "--passphrase-file",
        &passphrase_file(),
    ]);
    assert_eq!(stdout_clean(&out), fixture_bytes("rsa4096-pkcs8.der"));
}

#[test]
fn convert_encrypt_then_decrypt_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    for (der, source) in [(false, "rsa2048-pkcs1.pem"), (true, "rsa2048-pkcs8.der")] {
        let encrypted = dir.path().join(if der { "enc.der" } else { "enc.pem" });
        let mut args = vec![
            "convert".to_owned(),
            fx(source),
            "--to".into(),
            "pkcs8".into(),
            "--encrypt".into(),
            "--passphrase-file".into(),
            passphrase_file(),
            "-o".into(),
            path_str(&encrypted),
        ];
        if der {
            args.push("--der".into());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_eq!(stdout_clean(&run(&args)), b"");
        assert_eq!(mode(&encrypted), 0o600);
        let bytes = read(&encrypted);
        if der {
            assert_eq!(bytes.first(), Some(&0x30));
        } else {
            assert!(bytes.starts_with(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
        }
        let json = stdout_json(&run(&[
            "inspect",
            "--json",
            &path_str(&encrypted),
            "--passphrase-file",
            &passphrase_file(),
        ]));
        assert_eq!(json["encrypted"], true);
        assert_eq!(json["encoding"], if der { "der" } else { "pem" });
        let out = run(&[
            "convert",
            &path_str(&encrypted),
            "--to",
            "pkcs8",
            "--decrypt",
            "--passphrase-file",
            &passphrase_file(),
        ]);
        assert_eq!(stdout_clean(&out), fixture_bytes("rsa2048-pkcs8.pem"));
    }
}

#[test]
fn convert_encrypt_with_passphrase_env() {
    let out = keysmith()
        .env("KEYSMITH_TEST_PASS", "correct horse")
        .args([
            "convert",
            &fx("rsa2048-pkcs8.pem"),
            "--to",
            "pkcs8",
            "--encrypt",
            "--passphrase-env",
            "KEYSMITH_TEST_PASS",
        ])
        .output()
        .unwrap();
    let encrypted = stdout_clean(&out);
    // passphrase.txt holds the same passphrase plus a newline, which is dropped.
    let out = run_stdin(
        &["pubkey", "-", "--passphrase-file", &passphrase_file()],
        encrypted,
    );
    assert_eq!(stdout_clean(&out), fixture_bytes("rsa2048-spki.pem"));
}

#[test]
fn convert_keeps_encryption_of_an_encrypted_input() {
    let out = run(&[
        "convert",
        &fx("rsa2048-pkcs8-enc-des3.pem"),
        "--to",
        "pkcs8",
        "--passphrase-file",
        &passphrase_file(),
    ]);
    let converted = stdout_clean(&out);
    assert!(converted.starts_with(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
    let out = run_stdin(
        &[
            "convert",
            "-",
            "--to",
            "pkcs8",
            "--decrypt",
            "--passphrase-file",
            &passphrase_file(),
        ],
        converted,
    );
    assert_eq!(stdout_clean(&out), fixture_bytes("rsa2048-pkcs8.pem"));
}

#[test]
fn convert_new_passphrase_file_re_encrypts() {
    let dir = tempfile::tempdir().unwrap();
    let new_pass = dir.path().join("new.txt");
    std::fs::write(&new_pass, "another passphrase\n").unwrap();
    let target = dir.path().join("re.pem");
    let out = run(&[
        "convert",
        &fx("rsa2048-pkcs8-enc-aes256.pem"),
        "--to",
        "pkcs8",
        "--encrypt",
        "--passphrase-file",
        &passphrase_file(),
        "--new-passphrase-file",
        &path_str(&new_pass),
        "-o",
        &path_str(&target),
    ]);
    stdout_clean(&out);
    assert_eq!(mode(&target), 0o600);
    assert_eq!(
        pubkey_of(&target, &["--passphrase-file", &path_str(&new_pass)]),
        fixture_bytes("rsa2048-spki.pem")
    );
    let out = run(&[
        "pubkey",
        &path_str(&target),
        "--passphrase-file",
        &passphrase_file(),
    ]);
    assert_error_exact(
        &out,
        &format!("{}: wrong passphrase (decryption failed)", target.display()),
    );
}

#[test]
fn convert_private_output_file_is_0600_public_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let private = dir.path().join("k1.pem");
    stdout_clean(&run(&[
        "convert",
        &fx("rsa2048-pkcs8.pem"),
        "--to",
        "pkcs1",
        "-o",
        &path_str(&private),
    ]));
    assert_eq!(mode(&private), 0o600);
    assert_eq!(read(&private), fixture_bytes("rsa2048-pkcs1.pem"));
    let public = dir.path().join("p1.pem");
    stdout_clean(&run(&[
        "convert",
        &fx("rsa2048-spki.pem"),
        "--to",
        "pkcs1",
        "-o",
        &path_str(&public),
    ]));
    assert_public_mode(&public);
    assert_eq!(read(&public), fixture_bytes("rsa2048-pkcs1-pub.pem"));
}

#[test]
fn convert_force_replaces_world_readable_file_with_0600() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("key.pem");
    std::fs::write(&target, b"old\n").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();
    let args = [
        "convert",
        &fx("rsa2048-pkcs8.pem"),
        "--to",
        "pkcs1",
        "-o",
        &path_str(&target),
    ];
    assert_error_exact(
        &run(&args),
        &format!(
            "{} already exists; use --force to replace it",
            target.display()
        ),
    );
    assert_eq!(read(&target), b"old\n");
    let mut forced = args.to_vec();
    forced.push("--force");
    stdout_clean(&run(&forced));
    assert_eq!(mode(&target), 0o600);
    assert_eq!(read(&target), fixture_bytes("rsa2048-pkcs1.pem"));
}

#[test]
fn convert_dash_o_dash_prints_the_private_key() {
    let out = run(&[
        "convert",
        &fx("rsa2048-pkcs1.pem"),
        "--to",
        "pkcs8",
        "-o",
        "-",
    ]);
    assert_eq!(stdout_clean(&out), fixture_bytes("rsa2048-pkcs8.pem"));
}

#[test]
fn convert_refuses_impossible_combinations() {
    let pass = passphrase_file();
    let cases: [(&[&str], &str); 5] = [
        (
            &[
                "rsa2048-pkcs8.pem",
                "--to",
                "pkcs1",
                "--encrypt",
                "--passphrase-file",
                &pass,
            ],
            "PKCS#1 keys cannot be encrypted by keysmith; use --to pkcs8, or --decrypt to write the key unencrypted",
        ),
        (
            &[
                "rsa2048-pkcs8-enc-aes256.pem",
                "--to",
                "pkcs1",
                "--passphrase-file",
                &pass,
            ],
            "PKCS#1 keys cannot be encrypted by keysmith; use --to pkcs8, or --decrypt to write the key unencrypted",
        ),
        (
            &["rsa2048-spki.pem", "--to", "pkcs1", "--encrypt"],
            "--encrypt and --decrypt apply to private keys; this is a public key",
        ),
        (
            &["rsa2048-spki.pem", "--to", "pkcs8", "--decrypt"],
            "--encrypt and --decrypt apply to private keys; this is a public key",
        ),
        (
            &["rsa2048-pkcs8.pem", "--to", "pkcs8", "--encrypt"],
            "--encrypt needs a passphrase: give --passphrase-file or --passphrase-env",
        ),
    ];
    for (args, message) in cases {
        let key = fx(args[0]);
        let mut all = vec!["convert", key.as_str()];
        all.extend_from_slice(&args[1..]);
        assert_error_exact(&run(&all), message);
    }
}

#[test]
fn convert_usage_errors_exit_2() {
    for args in [
        &["convert", "k.pem"][..],
        &["convert", "k.pem", "--to", "pkcs12"],
        &[
            "convert",
            "k.pem",
            "--to",
            "pkcs8",
            "--encrypt",
            "--decrypt",
        ],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr_of(&out).starts_with("error: "), "{args:?}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn convert_refuses_to_print_a_private_key_to_a_terminal() {
    let key = fx("rsa2048-pkcs8.pem");
    let (code, shown) = on_terminal(b"", &["convert", &key, "--to", "pkcs1"]);
    assert_eq!(code, Some(2), "{shown}");
    assert_eq!(
        shown,
        "error: refusing to print a private key to the terminal; use -o FILE, or -o - to print it anyway\n"
    );
    let (code, shown) = on_terminal(b"", &["convert", &key, "--to", "pkcs1", "-o", "-"]);
    assert_eq!(code, Some(0), "{shown}");
    assert_eq!(shown.as_bytes(), fixture_bytes("rsa2048-pkcs1.pem"));
    // Public keys are fine on a terminal.
    let (code, shown) = on_terminal(b"", &["pubkey", &key]);
    assert_eq!(code, Some(0), "{shown}");
    assert_eq!(shown.as_bytes(), fixture_bytes("rsa2048-spki.pem"));
}

#[test]
fn keygen_refuses_the_same_file_for_both_keys() {
    let dir = tempfile::tempdir().unwrap();
    for (private, public) in [("k.pem", "k.pem"), ("k.pem", "./k.pem")] {
        for force in [false, true] {
            let mut args = vec!["keygen", "--private", private, "--public", public];
            if force {
                args.push("--force");
            }
            assert_error_exact(
                &run_in(dir.path(), &args),
                "--private and --public name the same file (k.pem); \
                 the public key would replace the private key",
            );
            assert!(!dir.path().join("k.pem").exists());
        }
    }
}
