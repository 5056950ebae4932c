//! convert, and the rule that private keys reach a terminal only with `-o -`.

use crate::util::*;

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
    // A real key, so that each case fails for its own reason, not a missing file.
    let key = fx("rsa2048-pkcs8.pem");
    for (args, message) in [
        (
            &["convert", &key][..],
            "error: the following required arguments were not provided:",
        ),
        (
            &["convert", &key, "--to", "pkcs12"],
            "error: invalid value 'pkcs12' for '--to <TO>'",
        ),
        (
            &["convert", &key, "--to", "pkcs8", "--encrypt", "--decrypt"],
            "error: the argument '--encrypt' cannot be used with '--decrypt'",
        ),
        // A new passphrase and --decrypt ask for opposite things.
        (
            &[
                "convert",
                &key,
                "--to",
                "pkcs8",
                "--decrypt",
                "--new-passphrase-file",
                "p.txt",
            ],
            "error: the argument '--decrypt' cannot be used with '--new-passphrase-file <FILE>'",
        ),
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr_of(&out).starts_with(message),
            "{args:?}: {}",
            stderr_of(&out)
        );
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
fn convert_asks_once_and_keeps_the_encryption_with_that_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("still-encrypted.pem");
    let (code, shown) = on_terminal(
        b"correct horse\n",
        &[
            "convert",
            &fx("rsa2048-pkcs8-enc-aes256.der"),
            "--to",
            "pkcs8",
            "-o",
            &path_str(&target),
        ],
    );
    assert_eq!(code, Some(0), "{shown}");
    assert_eq!(shown.matches("Passphrase: ").count(), 1, "{shown}");
    assert!(read(&target).starts_with(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
    assert_eq!(
        pubkey_of(&target, &["--passphrase-file", &passphrase_file()]),
        fixture_bytes("rsa2048-spki.pem")
    );
}

/// `--passphrase-env` takes the value exactly as openssl's `-passin env:` does,
/// a trailing newline included: a key encrypted by either tool with `P=$'pw\n'`
/// opens in the other.
#[test]
fn issue_10_passphrase_env_is_taken_as_openssl_takes_it() {
    let dir = tempfile::tempdir().unwrap();
    let by_openssl = dir.path().join("by-openssl.pem");
    let made = std::process::Command::new("openssl")
        .env("P", "pw\n")
        .args([
            "pkcs8",
            "-topk8",
            "-v2",
            "aes-256-cbc",
            "-passout",
            "env:P",
            "-in",
        ])
        .arg(fixture("rsa2048-pkcs8.pem"))
        .arg("-out")
        .arg(&by_openssl)
        .output()
        .expect("openssl must be installed for interop tests");
    assert!(made.status.success(), "{made:?}");
    let out = keysmith()
        .env("P", "pw\n")
        .args(["pubkey", &path_str(&by_openssl), "--passphrase-env", "P"])
        .output()
        .unwrap();
    assert_eq!(
        stdout_ok(&out).as_bytes(),
        fixture_bytes("rsa2048-spki.pem")
    );

    let by_keysmith = dir.path().join("by-keysmith.pem");
    let out = keysmith()
        .env("P", "pw\n")
        .args([
            "convert",
            &fx("rsa2048-pkcs8.pem"),
            "--to",
            "pkcs8",
            "--encrypt",
        ])
        .args(["--passphrase-env", "P", "-o", &path_str(&by_keysmith)])
        .output()
        .unwrap();
    stdout_ok(&out);
    let opened = |passin: &str| {
        std::process::Command::new("openssl")
            .env("P", "pw\n")
            .args(["pkey", "-pubout", "-passin", passin, "-in"])
            .arg(&by_keysmith)
            .output()
            .unwrap()
    };
    let out = opened("env:P");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(out.stdout, fixture_bytes("rsa2048-spki.pem"));
    // Without the newline, it is another passphrase.
    assert!(!opened("pass:pw").status.success());
}

/// Issue 11: which form fits which key is decided by the library; every
/// refusal keeps the message (and flag advice) the command line printed before.
#[test]
fn issue_11_every_form_refusal_keeps_its_message() {
    let pass = passphrase_file();
    let cases: [(&[&str], &str); 8] = [
        (
            &["convert", "rsa2048-pkcs8.pem", "--to", "sec1"],
            "SEC1 is for EC keys: use --to pkcs8 or --to pkcs1 for an RSA key",
        ),
        (
            &["convert", "rsa2048-spki.pem", "--to", "sec1"],
            "SEC1 is for EC keys: use --to pkcs8 or --to pkcs1 for an RSA key",
        ),
        (
            &["convert", "ec-p256-pub.pem", "--to", "pkcs1"],
            "EC and Ed25519 public keys have one form, SPKI: use --to pkcs8",
        ),
        (
            &["convert", "ed25519-pub.pem", "--to", "sec1"],
            "EC and Ed25519 public keys have one form, SPKI: use --to pkcs8",
        ),
        (
            &["convert", "ec-p256.pem", "--to", "pkcs1"],
            "PKCS#1 is for RSA keys: use --to pkcs8 or (EC keys) --to sec1",
        ),
        (
            &["convert", "ed25519.pem", "--to", "sec1"],
            "Ed25519 keys have no SEC1 form: use --to pkcs8",
        ),
        (
            &[
                "convert",
                "ec-p256.pem",
                "--to",
                "sec1",
                "--encrypt",
                "--passphrase-file",
                &pass,
            ],
            "SEC1 keys cannot be encrypted by keysmith; use --to pkcs8, or --decrypt to write the key unencrypted",
        ),
        (
            &["pubkey", "ed25519.pem", "--pkcs1"],
            "--pkcs1 applies to RSA keys; EC and Ed25519 public keys are SPKI only",
        ),
    ];
    for (args, message) in cases {
        let key = fx(args[1]);
        let mut all = vec![args[0], key.as_str()];
        all.extend_from_slice(&args[2..]);
        let out = run(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_error_exact(&out, message);
    }
}
