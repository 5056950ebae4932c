//! Keys in the legacy encryptions OpenSSL 3 still reads (traditional
//! `Proc-Type: 4,ENCRYPTED` PEM, PKCS#8 PBES1 and the PKCS#12 PBE schemes):
//! keysmith reads them as openssl does, names the scheme and warns, and writes
//! only PBES2. Regression tests for issue 10 §5 (and the small-key and EC
//! PKCS#12 items found with it).

use crate::util::*;

/// Every legacy fixture (made by openssl from `rsa2048-pkcs8.pem`, see
/// testdata/README.md), with the scheme keysmith names in JSON and text.
const LEGACY: [(&str, &str, &str); 14] = [
    (
        "rsa2048-pkcs1-enc-aes128.pem",
        "pem-aes-128-cbc",
        "PEM AES-128-CBC",
    ),
    (
        "rsa2048-pkcs1-enc-aes192.pem",
        "pem-aes-192-cbc",
        "PEM AES-192-CBC",
    ),
    (
        "rsa2048-pkcs1-enc.pem",
        "pem-aes-256-cbc",
        "PEM AES-256-CBC",
    ),
    (
        "rsa2048-pkcs1-enc-des3.pem",
        "pem-des-ede3-cbc",
        "PEM DES-EDE3-CBC",
    ),
    ("rsa2048-pkcs1-enc-des.pem", "pem-des-cbc", "PEM DES-CBC"),
    (
        "rsa2048-pkcs8-pbes1-sha1-3des.pem",
        "pbe-sha1-3des",
        "PBE-SHA1-3DES",
    ),
    (
        "rsa2048-pkcs8-pbes1-sha1-3des.der",
        "pbe-sha1-3des",
        "PBE-SHA1-3DES",
    ),
    (
        "rsa2048-pkcs8-pbes1-sha1-2des.pem",
        "pbe-sha1-2des",
        "PBE-SHA1-2DES",
    ),
    (
        "rsa2048-pkcs8-pbes1-sha1-rc2-40.pem",
        "pbe-sha1-rc2-40",
        "PBE-SHA1-RC2-40",
    ),
    (
        "rsa2048-pkcs8-pbes1-sha1-rc2-128.pem",
        "pbe-sha1-rc2-128",
        "PBE-SHA1-RC2-128",
    ),
    (
        "rsa2048-pkcs8-pbes1-md5-des.pem",
        "pbe-md5-des",
        "PBE-MD5-DES",
    ),
    (
        "rsa2048-pkcs8-pbes1-sha1-des.pem",
        "pbe-sha1-des",
        "PBE-SHA1-DES",
    ),
    (
        "rsa2048-pkcs8-pbes1-md5-rc2-64.pem",
        "pbe-md5-rc2-64",
        "PBE-MD5-RC2-64",
    ),
    (
        "rsa2048-pkcs8-pbes1-sha1-rc2-64.pem",
        "pbe-sha1-rc2-64",
        "PBE-SHA1-RC2-64",
    ),
];

/// `openssl pkey -pubout` of an encrypted key; the legacy provider is loaded
/// for the DES and RC2 schemes, which OpenSSL 3 keeps there.
fn openssl_pubout(path: &str, inform: &str) -> Vec<u8> {
    let passin = format!("file:{}", passphrase_file());
    openssl_ok(&[
        "pkey",
        "-provider",
        "legacy",
        "-provider",
        "default",
        "-in",
        path,
        "-inform",
        inform,
        "-passin",
        &passin,
        "-pubout",
    ])
}

fn inform(name: &str) -> &'static str {
    if name.ends_with(".der") { "DER" } else { "PEM" }
}

/// Issue 10 §5: every legacy form openssl reads gives the same public key.
#[test]
fn issue_10_legacy_keys_pubkey_equals_openssl_pubout() {
    for (name, _, _) in LEGACY {
        let path = fx(name);
        let ours = stdout_clean(&run(&[
            "pubkey",
            "--passphrase-file",
            &passphrase_file(),
            &path,
        ]));
        assert_eq!(ours, openssl_pubout(&path, inform(name)), "{name}");
    }
}

#[test]
fn issue_10_legacy_keys_with_a_wrong_passphrase_say_wrong_passphrase() {
    for (name, _, _) in LEGACY {
        let path = fx(name);
        let out = run(&[
            "pubkey",
            "--passphrase-file",
            &fx("wrong-passphrase.txt"),
            &path,
        ]);
        assert_error_exact(
            &out,
            &format!("{path}: wrong passphrase (decryption failed)"),
        );
    }
}

#[test]
fn issue_10_legacy_keys_without_a_passphrase_ask_for_one() {
    for (name, _, _) in LEGACY {
        let path = fx(name);
        let out = keysmith().arg("pubkey").arg(&path).output().unwrap();
        assert_error(&out, "found an encrypted private key and no passphrase");
    }
}

#[test]
fn issue_10_inspect_names_the_legacy_scheme_and_warns() {
    for (name, json_name, text_name) in LEGACY {
        let path = fx(name);
        let command = format!(
            "re-encrypt it with PBES2: keysmith convert {path} --to pkcs8 --encrypt \
             --passphrase-file FILE -o NEW.pem"
        );
        let out = run(&[
            "inspect",
            "--json",
            "--passphrase-file",
            &passphrase_file(),
            &path,
        ]);
        let report = stdout_json(&out);
        assert_eq!(report["encrypted"], true, "{name}");
        assert_eq!(report["encryption"], json_name, "{name}");
        assert_eq!(report["bits"], 2048, "{name}");
        let warning = format!("encrypted with {text_name}, a weak legacy scheme; {command}");
        assert_eq!(report["warnings"], serde_json::json!([warning]), "{name}");
        // One list, both places: stderr holds the report's warnings as they are.
        assert_eq!(stderr_of(&out), format!("warning: {warning}\n"), "{name}");

        let out = run(&["inspect", "--passphrase-file", &passphrase_file(), &path]);
        let text = stdout_ok(&out);
        let line = format!("\nencryption:      {text_name} (legacy)\n");
        assert!(text.contains(&line), "{name}: {text}");
        assert!(
            text.contains(&format!("warning:         {warning}\n")),
            "{text}"
        );
    }
}

#[test]
fn issue_10_inspect_calls_pbes2_by_its_name_without_a_warning() {
    let path = fx("rsa2048-pkcs8-enc-aes256.pem");
    let out = run(&[
        "inspect",
        "--json",
        "--passphrase-file",
        &passphrase_file(),
        &path,
    ]);
    let report = stdout_json(&out);
    assert_eq!(report["encryption"], "pbes2");
    assert_eq!(report["warnings"], serde_json::json!([]));
    assert_eq!(stderr_of(&out), "");
    let report = stdout_json(&run(&["inspect", "--json", &fx("rsa2048-pkcs8.pem")]));
    assert_eq!(report["encryption"], serde_json::Value::Null);
}

/// The command the warning gives works as printed, writes PBES2, and openssl
/// reads the result with the same passphrase; `--decrypt` writes plain PKCS#8.
#[test]
fn issue_10_convert_reencrypts_legacy_keys_with_pbes2() {
    let dir = tempfile::tempdir().unwrap();
    for (i, (name, _, _)) in LEGACY.into_iter().enumerate() {
        let path = fx(name);
        let new = path_str(&dir.path().join(format!("new-{i}.pem")));
        let out = run(&[
            "convert",
            &path,
            "--to",
            "pkcs8",
            "--encrypt",
            "--passphrase-file",
            &passphrase_file(),
            "-o",
            &new,
        ]);
        stdout_clean(&out);
        let asn1 = String::from_utf8(openssl_ok(&["asn1parse", "-in", &new])).unwrap();
        assert!(asn1.contains(":PBES2"), "{name}: {asn1}");
        assert!(asn1.contains(":PBKDF2"), "{name}: {asn1}");
        let expected = openssl_pubout(&path, inform(name));
        assert_eq!(openssl_pubout(&new, "PEM"), expected, "{name}");

        let plain = path_str(&dir.path().join(format!("plain-{i}.pem")));
        stdout_clean(&run(&[
            "convert",
            &path,
            "--to",
            "pkcs8",
            "--decrypt",
            "--passphrase-file",
            &passphrase_file(),
            "-o",
            &plain,
        ]));
        assert!(read(&plain).starts_with(b"-----BEGIN PRIVATE KEY-----\n"));
        let ours = openssl_ok(&["pkey", "-in", &plain, "-pubout"]);
        assert_eq!(ours, expected, "{name}");
    }
}

/// `inspect --fix` keeps a legacy key encrypted, in the one scheme keysmith writes.
#[test]
fn issue_10_inspect_fix_of_a_legacy_pem_key_writes_pbes2_pkcs8() {
    let dir = tempfile::tempdir().unwrap();
    let new = path_str(&dir.path().join("fixed.pem"));
    let path = fx("rsa2048-pkcs1-enc-des3.pem");
    let out = run(&[
        "inspect",
        "--fix",
        "--passphrase-file",
        &passphrase_file(),
        &path,
        "-o",
        &new,
    ]);
    assert_eq!(exit_code(&out), Some(0), "{}", stderr_of(&out));
    assert!(read(&new).starts_with(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
    assert_eq!(openssl_pubout(&new, "PEM"), openssl_pubout(&path, "PEM"));
}

#[test]
fn issue_10_legacy_iteration_counts_are_capped() {
    let path = fx("rsa2048-pkcs8-pbes1-20m-iter.pem");
    let out = run(&["pubkey", "--passphrase-file", &passphrase_file(), &path]);
    assert_error_exact(
        &out,
        &format!(
            "{path}: expected a key, found a legacy-encrypted key whose key derivation \
             asks for more than 1000000 iterations; refusing to try"
        ),
    );
}

#[test]
fn issue_10_legacy_pem_with_an_unknown_cipher_is_refused_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let text = String::from_utf8(fixture_bytes("rsa2048-pkcs1-enc.pem")).unwrap();
    for (from, to, found) in [
        (
            "DEK-Info: AES-256-CBC,",
            "DEK-Info: AES-256-CFB,",
            "found an encrypted private key in a scheme keysmith cannot decrypt",
        ),
        (
            "DEK-Info: AES-256-CBC,",
            "DEK-Info: AES-256-CBC,00",
            "found a PEM block whose body is not valid Base64",
        ),
        (
            "DEK-Info: AES-256-CBC,",
            "X-Comment: AES-256-CBC,",
            "found a PEM block whose body is not valid Base64",
        ),
    ] {
        let path = dir.path().join("k.pem");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let out = run(&[
            "pubkey",
            "--passphrase-file",
            &passphrase_file(),
            &path_str(&path),
        ]);
        assert_error(&out, found);
    }
}

/// SPEC: `inspect` describes any RSA key, also one too small to use; the other
/// commands refuse keys under 2048 bits as before.
#[test]
fn issue_10_inspect_describes_a_512_bit_key_with_a_warning() {
    for (name, kind) in [
        ("rsa512-pkcs8.pem", "rsa-private-key"),
        ("rsa512-spki.pem", "rsa-public-key"),
    ] {
        let path = fx(name);
        let report = stdout_json(&run(&["inspect", "--json", &path]));
        assert_eq!(report["kind"], kind, "{name}");
        assert_eq!(report["bits"], 512, "{name}");
        let mut openssl_args = vec!["rsa", "-in", &path, "-noout", "-modulus"];
        if kind == "rsa-public-key" {
            openssl_args.push("-pubin");
        }
        let modulus = String::from_utf8(openssl_ok(&openssl_args)).unwrap();
        let modulus = modulus.trim().trim_start_matches("Modulus=");
        assert_eq!(report["modulus"], modulus, "{name}");
        assert_eq!(
            report["warnings"],
            serde_json::json!([
                "512-bit key: under 2048 bits, which partners and current guidance reject"
            ]),
            "{name}"
        );
        let text = stdout_ok(&run(&["inspect", &path]));
        assert!(text.contains("bits:            512\n"), "{text}");
        let out = run(&["pubkey", &path]);
        assert_error_exact(
            &out,
            &format!("{path}: expected a key, found a 512-bit RSA key, too small to be safe"),
        );
    }
}

/// An EC key is matched to its certificate by its public point, as an RSA key
/// is by its modulus (`ec-cert.pem` holds `ec-p256.pem`'s public key).
#[test]
fn issue_13_pkcs12_matches_an_ec_key_to_its_certificate() {
    let out = run(&[
        "pkcs12",
        "--passphrase-file",
        &passphrase_file(),
        &fx("ec.p12"),
    ]);
    let text = stdout_ok(&out);
    let subject = String::from_utf8(openssl_ok(&[
        "x509",
        "-in",
        &fx("ec-cert.pem"),
        "-noout",
        "-subject",
        "-nameopt",
        "RFC2253",
    ]))
    .unwrap();
    let subject = subject.trim().trim_start_matches("subject=");
    assert!(
        text.ends_with(&format!("private key: ec, matches {subject}\n")),
        "{text}"
    );
    assert!(!text.contains("RSA keys only"), "{text}");
}

/// A PKCS#12-PBE key (made by openssl) whose passphrase has a character beyond
/// the Basic Multilingual Plane: OpenSSL puts it in UTF-16 as a surrogate pair.
#[test]
fn issue_10_pkcs12_pbe_passphrase_beyond_the_bmp() {
    let out = run(&[
        "pubkey",
        &fx("rsa2048-pkcs8-pbe-emoji-pass.pem"),
        "--passphrase-file",
        &fx("passphrase-emoji.txt"),
    ]);
    assert_eq!(
        stdout_ok(&out).as_bytes(),
        read(fixture("rsa2048-spki.pem"))
    );
}
