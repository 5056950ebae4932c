//! pubkey.

use crate::util::*;

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
            "{}: expected a key, found an encrypted private key and no passphrase; \
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

#[test]
fn pubkey_refuses_an_absurd_kdf_cost_before_deriving_anything() {
    let key = fx("rsa2048-pkcs8-enc-20m-iter.pem");
    assert_error_exact(
        &run(&["pubkey", &key, "--passphrase-file", &passphrase_file()]),
        &format!(
            "{key}: expected a key, found an encrypted key whose key-derivation cost is \
             absurdly high (more than 10 000 000 PBKDF2 iterations); refusing to try"
        ),
    );
}
