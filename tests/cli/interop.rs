//! openssl ⇄ keysmith, in both directions, with the real `openssl` binary.
//!
//! These tests fail (never skip) when `openssl` is missing; `.ci/run` installs it.

use std::path::PathBuf;

use crate::util::{
    coreutils_base64, fx, json, openssl, openssl_ok, passphrase_file, path_str, read, run, run_in,
    stdout_clean, stdout_json,
};

/// `openssl … -noout -modulus` without its `Modulus=` prefix.
fn openssl_modulus(args: &[&str]) -> String {
    let out = String::from_utf8(openssl_ok(args)).unwrap();
    out.trim()
        .strip_prefix("Modulus=")
        .unwrap_or_else(|| panic!("unexpected openssl output {out:?}"))
        .to_owned()
}

/// The private keys openssl made, and the `-inform` they need.
const OPENSSL_PRIVATE_KEYS: [(&str, &str); 11] = [
    ("rsa2048-pkcs8.pem", "PEM"),
    ("rsa2048-pkcs8.der", "DER"),
    ("rsa2048-pkcs1.pem", "PEM"),
    ("rsa2048-pkcs1.der", "DER"),
    ("rsa2048b-pkcs8.pem", "PEM"),
    ("rsa2048-e3-pkcs8.pem", "PEM"),
    ("rsa1024-pkcs8.pem", "PEM"),
    ("rsa3072-pkcs8.pem", "PEM"),
    ("rsa4096-pkcs1.pem", "PEM"),
    ("ca-root.key.pem", "PEM"),
    ("ca-intermediate.key.pem", "PEM"),
];

#[test]
fn interop_openssl_accepts_what_keygen_writes() {
    let pass = passphrase_file();
    let variants: [(&str, &[&str]); 5] = [
        ("pem", &[]),
        ("der", &["--der"]),
        ("pkcs1", &["--format", "pkcs1"]),
        ("pkcs1-der", &["--format", "pkcs1", "--der"]),
        ("encrypted", &["--encrypt", "--passphrase-file", &pass]),
    ];
    for (name, flags) in variants {
        let dir = tempfile::tempdir().unwrap();
        let der = flags.contains(&"--der");
        let inform = if der { "DER" } else { "PEM" };
        let mut args = vec!["keygen"];
        args.extend_from_slice(flags);
        stdout_clean(&run_in(dir.path(), &args));
        let private = path_str(&dir.path().join("private_key.pem"));
        let public = dir.path().join("public_key.pem");
        let passin = format!("file:{pass}");

        let mut check = vec![
            "pkey", "-check", "-noout", "-in", &private, "-inform", inform,
        ];
        if name == "encrypted" {
            check.extend(["-passin", &passin]);
        }
        let checked = String::from_utf8(openssl_ok(&check)).unwrap();
        assert!(checked.contains("Key is valid"), "{name}: {checked}");

        let mut pubout = vec!["pkey", "-in", &private, "-inform", inform, "-pubout"];
        if der {
            pubout.extend(["-outform", "DER"]);
        }
        if name == "encrypted" {
            pubout.extend(["-passin", &passin]);
        }
        assert_eq!(openssl_ok(&pubout), read(&public), "{name}");

        let text = if der {
            String::from_utf8(openssl_ok(&[
                "pkey",
                "-pubin",
                "-in",
                &path_str(&public),
                "-inform",
                "DER",
                "-noout",
                "-text",
            ]))
            .unwrap()
        } else {
            String::from_utf8(openssl_ok(&[
                "pkey",
                "-pubin",
                "-in",
                &path_str(&public),
                "-noout",
                "-text",
            ]))
            .unwrap()
        };
        assert!(text.contains("Public-Key: (2048 bit)"), "{name}: {text}");
        assert!(text.contains("Exponent: 65537 (0x10001)"), "{name}: {text}");
    }
}

#[test]
fn interop_openssl_rsa_check_accepts_keygen_pkcs1() {
    let dir = tempfile::tempdir().unwrap();
    stdout_clean(&run_in(dir.path(), &["keygen", "--format", "pkcs1"]));
    let private = path_str(&dir.path().join("private_key.pem"));
    assert!(read(&private).starts_with(b"-----BEGIN RSA PRIVATE KEY-----\n"));
    let out = String::from_utf8(openssl_ok(&["rsa", "-check", "-noout", "-in", &private])).unwrap();
    assert_eq!(out, "RSA key ok\n");
}

#[test]
fn interop_pubkey_equals_openssl_pubout() {
    for (name, inform) in OPENSSL_PRIVATE_KEYS {
        let key = fx(name);
        for (ours, theirs) in [
            (&[][..], &["-pubout"][..]),
            (&["--der"], &["-pubout", "-outform", "DER"]),
            (&["--pkcs1"], &["-RSAPublicKey_out"]),
            (
                &["--pkcs1", "--der"],
                &["-RSAPublicKey_out", "-outform", "DER"],
            ),
        ] {
            let mut args = vec!["pubkey", key.as_str()];
            args.extend_from_slice(ours);
            let mut openssl_args = vec!["rsa", "-in", &key, "-inform", inform];
            openssl_args.extend_from_slice(theirs);
            assert_eq!(
                stdout_clean(&run(&args)),
                openssl_ok(&openssl_args),
                "{name} {ours:?}"
            );
        }
    }
}

#[test]
fn interop_pubkey_of_encrypted_keys_equals_openssl_pubout() {
    let passin = format!("file:{}", passphrase_file());
    for name in [
        "rsa2048-pkcs8-enc-aes256.pem",
        "rsa2048-pkcs8-enc-aes256.der",
        "rsa2048-pkcs8-enc-aes128-sha1.pem",
        "rsa2048-pkcs8-enc-des3.pem",
        "rsa4096-pkcs8-enc-aes256.pem",
    ] {
        let key = fx(name);
        let ours = stdout_clean(&run(&[
            "pubkey",
            &key,
            "--passphrase-file",
            &passphrase_file(),
        ]));
        let theirs = openssl_ok(&["pkey", "-in", &key, "-passin", &passin, "-pubout"]);
        assert_eq!(ours, theirs, "{name}");
    }
}

/// `inspect --json KEY`: exit 0, and stderr holds exactly the report's warnings (a key
/// with e = 3 draws one).
fn inspect_json(key: &str) -> serde_json::Value {
    let out = run(&["inspect", "--json", key]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "keysmith inspect {key}: {stderr}"
    );
    let report = json(&out);
    let warned: Vec<serde_json::Value> = stderr
        .lines()
        .map(|l| {
            l.strip_prefix("warning: ")
                .unwrap_or_else(|| panic!("{key}: {l}"))
        })
        .map(|w| w.into())
        .collect();
    assert_eq!(
        report["warnings"],
        serde_json::Value::Array(warned),
        "{key}"
    );
    report
}

#[test]
fn interop_inspect_modulus_equals_openssl_modulus() {
    for (name, inform) in OPENSSL_PRIVATE_KEYS {
        let key = fx(name);
        let report = inspect_json(&key);
        let expected =
            openssl_modulus(&["rsa", "-in", &key, "-inform", inform, "-noout", "-modulus"]);
        assert_eq!(report["modulus"], expected, "{name}");
        assert_eq!(report["consistent"], true, "{name}");
    }
    for (name, inform) in [
        ("rsa2048-spki.pem", "PEM"),
        ("rsa2048-spki.der", "DER"),
        ("rsa3072-spki.pem", "PEM"),
        ("rsa4096-spki.der", "DER"),
        ("rsa2048b-spki.pem", "PEM"),
    ] {
        let key = fx(name);
        let report = stdout_json(&run(&["inspect", "--json", &key]));
        let expected = openssl_modulus(&[
            "rsa", "-pubin", "-in", &key, "-inform", inform, "-noout", "-modulus",
        ]);
        assert_eq!(report["modulus"], expected, "{name}");
    }
}

#[test]
fn interop_inspect_reads_keys_openssl_generates_now() {
    let dir = tempfile::tempdir().unwrap();
    let key = path_str(&dir.path().join("k.pem"));
    openssl_ok(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:2048",
        "-out",
        &key,
    ]);
    let report = stdout_json(&run(&["inspect", "--json", &key]));
    assert_eq!(report["bits"], 2048);
    assert_eq!(report["consistent"], true);
    assert_eq!(report["format"], "pkcs8");
    assert_eq!(
        report["modulus"],
        openssl_modulus(&["rsa", "-in", &key, "-noout", "-modulus"])
    );
}

/// The PBES2 parameters `openssl asn1parse` shows for an encrypted PKCS#8 file.
fn assert_pbkdf2_sha256_aes256(path: &str, inform: &str) {
    let parsed =
        String::from_utf8(openssl_ok(&["asn1parse", "-in", path, "-inform", inform])).unwrap();
    for expected in [":PBES2", ":PBKDF2", ":hmacWithSHA256", ":aes-256-cbc"] {
        assert!(parsed.contains(expected), "{path}: {parsed}");
    }
}

#[test]
fn interop_openssl_decrypts_keysmith_encryption() {
    let dir = tempfile::tempdir().unwrap();
    let pass = passphrase_file();
    let passin = format!("file:{pass}");
    for (file, der) in [("enc.pem", false), ("enc.der", true)] {
        let target = path_str(&dir.path().join(file));
        let mut args = vec![
            "convert",
            "--to",
            "pkcs8",
            "--encrypt",
            "--passphrase-file",
            &pass,
            "-o",
            &target,
        ];
        let source = fx("rsa2048-pkcs1.pem");
        args.insert(1, &source);
        if der {
            args.push("--der");
        }
        stdout_clean(&run(&args));
        let inform = if der { "DER" } else { "PEM" };
        assert_pbkdf2_sha256_aes256(&target, inform);
        let decrypted = openssl_ok(&[
            "pkey", "-in", &target, "-inform", inform, "-passin", &passin,
        ]);
        assert_eq!(decrypted, read(fx("rsa2048-pkcs8.pem")), "{file}");
        let wrong = openssl(&[
            "pkey",
            "-in",
            &target,
            "-inform",
            inform,
            "-passin",
            &format!("file:{}", fx("wrong-passphrase.txt")),
        ]);
        assert!(
            !wrong.status.success(),
            "{file}: openssl accepted the wrong passphrase"
        );
    }
}

#[test]
fn interop_openssl_decrypts_keygen_encryption_with_env_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let out = assert_cmd::cargo::cargo_bin_cmd!("keysmith")
        .current_dir(dir.path())
        .env("KEYSMITH_INTEROP_PASS", "pass phrase with spaces")
        .args([
            "keygen",
            "--encrypt",
            "--passphrase-env",
            "KEYSMITH_INTEROP_PASS",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let private = path_str(&dir.path().join("private_key.pem"));
    assert_pbkdf2_sha256_aes256(&private, "PEM");
    let public = openssl_ok(&[
        "pkey",
        "-in",
        &private,
        "-passin",
        "pass:pass phrase with spaces",
        "-pubout",
    ]);
    assert_eq!(public, read(dir.path().join("public_key.pem")));
}

#[test]
fn interop_keysmith_reads_openssl_encryption_schemes() {
    let dir = tempfile::tempdir().unwrap();
    let pass = passphrase_file();
    let passout = format!("file:{pass}");
    let expected = read(fx("rsa2048-spki.pem"));
    let source = fx("rsa2048-pkcs8.pem");
    let schemes: [(&str, &[&str]); 8] = [
        ("aes-128-cbc", &["-v2", "aes-128-cbc"]),
        ("aes-192-cbc", &["-v2", "aes-192-cbc"]),
        ("aes-256-cbc", &["-v2", "aes-256-cbc"]),
        ("des3", &["-v2", "des3"]),
        (
            "aes-256-sha1",
            &["-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA1"],
        ),
        (
            "aes-128-sha1",
            &["-v2", "aes-128-cbc", "-v2prf", "hmacWithSHA1"],
        ),
        (
            "aes-256-sha512",
            &["-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA512"],
        ),
        ("scrypt", &["-scrypt"]),
    ];
    for (name, flags) in schemes {
        for outform in ["PEM", "DER"] {
            let target = path_str(&dir.path().join(format!("{name}.{outform}")));
            let mut args = vec![
                "pkcs8", "-topk8", "-in", &source, "-passout", &passout, "-outform", outform,
                "-out", &target,
            ];
            args.extend_from_slice(flags);
            openssl_ok(&args);
            let ours = stdout_clean(&run(&["pubkey", &target, "--passphrase-file", &pass]));
            assert_eq!(ours, expected, "{name} {outform}");
            let report = stdout_json(&run(&[
                "inspect",
                "--json",
                &target,
                "--passphrase-file",
                &pass,
            ]));
            assert_eq!(report["encrypted"], true, "{name} {outform}");
            assert_eq!(
                report["encoding"],
                outform.to_lowercase(),
                "{name} {outform}"
            );
        }
    }
    // openssl 3's own defaults: `genpkey -aes-256-cbc` and `pkey -aes256`.
    let genpkey = path_str(&dir.path().join("genpkey.pem"));
    openssl_ok(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:2048",
        "-aes-256-cbc",
        "-pass",
        &passout,
        "-out",
        &genpkey,
    ]);
    let theirs = openssl_ok(&["pkey", "-in", &genpkey, "-passin", &passout, "-pubout"]);
    assert_eq!(
        stdout_clean(&run(&["pubkey", &genpkey, "--passphrase-file", &pass])),
        theirs
    );
    let pkey = path_str(&dir.path().join("pkey.pem"));
    openssl_ok(&[
        "pkey",
        "-in",
        &fx("rsa2048-pkcs8.pem"),
        "-aes256",
        "-passout",
        &passout,
        "-out",
        &pkey,
    ]);
    assert_eq!(
        stdout_clean(&run(&["pubkey", &pkey, "--passphrase-file", &pass])),
        expected
    );
}

#[test]
fn interop_unsupported_encryptions_are_refused_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    // RC4 is a stream cipher: OpenSSL 3 writes it, keysmith reads no RC4.
    let target = path_str(&dir.path().join("rc4.pem"));
    let passout = format!("file:{}", passphrase_file());
    openssl_ok(&[
        "pkcs8",
        "-topk8",
        "-provider",
        "legacy",
        "-provider",
        "default",
        "-in",
        &fx("rsa2048-pkcs8.pem"),
        "-v1",
        "PBE-SHA1-RC4-128",
        "-passout",
        &passout,
        "-out",
        &target,
    ]);
    let out = run(&["pubkey", &target, "--passphrase-file", &passphrase_file()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr.trim_end(),
        format!(
            "error: {target}: expected a key, found an encrypted private key in a scheme \
             keysmith cannot decrypt (PBES2 with AES-CBC or DES-EDE3, PBES1, the PKCS#12 PBE \
             schemes and PEM AES/DES-CBC are supported); re-encrypt it with 'openssl pkcs8 -topk8 -v2 aes-256-cbc -in KEY -out key-pkcs8.pem'"
        )
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn interop_openssl_reads_convert_and_pubkey_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let pkcs1_der = path_str(&dir.path().join("k1.der"));
    stdout_clean(&run(&[
        "convert",
        &fx("rsa2048-pkcs8.pem"),
        "--to",
        "pkcs1",
        "--der",
        "-o",
        &pkcs1_der,
    ]));
    let out = String::from_utf8(openssl_ok(&[
        "rsa", "-check", "-noout", "-in", &pkcs1_der, "-inform", "DER",
    ]))
    .unwrap();
    assert_eq!(out, "RSA key ok\n");

    let rsa_pub = path_str(&dir.path().join("rsapub.pem"));
    stdout_clean(&run(&[
        "pubkey",
        &fx("rsa4096-pkcs8.der"),
        "--pkcs1",
        "-o",
        &rsa_pub,
    ]));
    assert_eq!(
        openssl_ok(&["rsa", "-RSAPublicKey_in", "-in", &rsa_pub, "-pubout"]),
        read(fx("rsa4096-spki.pem"))
    );
}

/// `base64 -w0 FILE` from coreutils.
#[test]
fn interop_payload_matches_the_partner_docs_recipe() {
    // The partner's instructions: openssl genpkey, openssl rsa -pubout, base64.
    let dir = tempfile::tempdir().unwrap();
    let d: PathBuf = dir.path().to_path_buf();
    let private = path_str(&d.join("private_key.pem"));
    let public = d.join("public_key.pem");
    openssl_ok(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:2048",
        "-out",
        &private,
    ]);
    openssl_ok(&[
        "rsa",
        "-in",
        &private,
        "-pubout",
        "-out",
        &path_str(&public),
    ]);
    let id = "3f1c2a9e-1111-4222-8333-444455556666";
    let report = stdout_json(&run_in(
        &d,
        &["payload", "paymentsgate", "--account-id", id],
    ));
    assert_eq!(report["public_key"], coreutils_base64(&public));
    assert_eq!(report["account_id"], id);
    // The same bytes from keysmith's own keygen.
    let ours = tempfile::tempdir().unwrap();
    stdout_clean(&run_in(ours.path(), &["keygen"]));
    let report = stdout_json(&run_in(
        ours.path(),
        &["payload", "paymentsgate", "--account-id", id],
    ));
    assert_eq!(
        report["public_key"],
        coreutils_base64(ours.path().join("public_key.pem"))
    );
    let openssl_public = openssl_ok(&[
        "pkey",
        "-in",
        &path_str(&ours.path().join("private_key.pem")),
        "-pubout",
    ]);
    assert_eq!(openssl_public, read(ours.path().join("public_key.pem")));
}
