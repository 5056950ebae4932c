//! `csr`, `cert self-signed`, `cert sign` and `pkcs12 create` with EC (P-256,
//! P-384, P-521) and Ed25519 keys, checked by openssl (issue 14:
//! <https://github.com/keysmith/keysmith/issues/14>).

use std::path::Path;

use crate::util::*;

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

fn text(kind: &str, file: &str) -> String {
    String::from_utf8(openssl_ok(&[kind, "-in", file, "-noout", "-text"])).unwrap()
}

/// Each curve's key signs a CSR that openssl verifies, with the signature
/// algorithm openssl would pick, and keysmith's own `inspect` checks it.
#[test]
fn issue_14_csr_with_ec_and_ed25519_keys_verifies_in_openssl() {
    let dir = tempfile::tempdir().unwrap();
    for (key, algorithm, bits) in [
        ("ec-p256.pem", "ecdsa-with-SHA256", 256),
        ("ec-p384.pem", "ecdsa-with-SHA384", 384),
        ("ec-p521.pem", "ecdsa-with-SHA512", 521),
        ("ed25519.pem", "ED25519", 256),
    ] {
        let csr = path(dir.path(), &format!("{key}.csr"));
        stdout_clean(&run(&[
            "csr",
            "--key",
            &fx(key),
            "--subject",
            "CN=client.example.com",
            "--san",
            "dns:client.example.com",
            "-o",
            &csr,
        ]));
        let out = openssl(&["req", "-in", &csr, "-verify", "-noout"]);
        assert!(
            stderr_of(&out).contains("verify OK"),
            "{key}: {}",
            stderr_of(&out)
        );
        assert!(
            text("req", &csr).contains(&format!("Signature Algorithm: {algorithm}")),
            "{key}"
        );
        let report = stdout_json(&run(&["inspect", "--json", &csr]));
        assert_eq!(report["signature"], "valid", "{key}");
        assert_eq!(report["key_bits"], bits, "{key}");
    }
}

/// openssl signs an EC request with SHA-256 whatever the curve (or with the
/// hash `-sha*` names): keysmith verifies ECDSA with the hash the signature
/// algorithm names, so `inspect` and `cert sign` accept these requests, and
/// refuse one whose signed bytes were altered.
#[test]
fn openssl_ec_requests_with_any_sha2_verify_and_are_signed() {
    let dir = tempfile::tempdir().unwrap();
    let ca_cert = path(dir.path(), "ca.pem");
    let ca_key = fx("rsa2048-pkcs8.pem");
    stdout_clean(&run(&[
        "cert",
        "self-signed",
        "--key",
        &ca_key,
        "--subject",
        "CN=CA",
        "--ca",
        "-o",
        &ca_cert,
    ]));
    let cases = [
        ("ec-p384.pem", None, "ecdsa-with-SHA256"),
        ("ec-p521.pem", None, "ecdsa-with-SHA256"),
        ("ec-p384.pem", Some("-sha512"), "ecdsa-with-SHA512"),
        ("ec-p256.pem", Some("-sha384"), "ecdsa-with-SHA384"),
    ];
    for (i, (key, hash, algorithm)) in cases.into_iter().enumerate() {
        let csr = path(dir.path(), &format!("{i}.csr"));
        let key = fx(key);
        let mut args = vec!["req", "-new", "-key", &key, "-subj", "/CN=ec.example.com"];
        args.extend(hash);
        args.extend(["-out", &csr]);
        openssl_ok(&args);
        assert!(text("req", &csr).contains(&format!("Signature Algorithm: {algorithm}")));
        let report = stdout_json(&run(&["inspect", "--json", &csr]));
        assert_eq!(report["signature"], "valid", "{key} {hash:?}");
        let cert = path(dir.path(), &format!("{i}.pem"));
        stdout_clean(&run(&[
            "cert",
            "sign",
            &csr,
            "--ca-cert",
            &ca_cert,
            "--ca-key",
            &ca_key,
            "-o",
            &cert,
        ]));
        assert!(
            openssl(&["verify", "-CAfile", &ca_cert, &cert])
                .status
                .success()
        );
    }
    // The same request with one letter of its subject changed.
    let mut der = openssl_ok(&["req", "-in", &path(dir.path(), "0.csr"), "-outform", "DER"]);
    let at = der
        .windows(14)
        .position(|w| w == b"ec.example.com")
        .unwrap();
    der[at] = b'f';
    let tampered = path(dir.path(), "tampered.der");
    std::fs::write(&tampered, &der).unwrap();
    let out = run(&["inspect", "--json", &tampered]);
    assert_eq!(exit_code(&out), Some(1));
    assert_eq!(json(&out)["signature"], "invalid");
    let out = run(&[
        "cert",
        "sign",
        &tampered,
        "--ca-cert",
        &ca_cert,
        "--ca-key",
        &ca_key,
        "-o",
        &path(dir.path(), "tampered.pem"),
    ]);
    assert_error(&out, "whose signature does not verify with its key");
}

/// An RSA CA issues for EC and Ed25519 requests, an EC CA and an Ed25519 CA for
/// an RSA request; openssl verifies every chain for its purpose. A non-RSA
/// end-entity key gets no keyEncipherment.
#[test]
fn issue_14_cas_and_subjects_of_every_key_type_verify_in_openssl() {
    let dir = tempfile::tempdir().unwrap();
    let ca = |key: &str, name: &str| {
        let cert = path(dir.path(), name);
        stdout_clean(&run(&[
            "cert",
            "self-signed",
            "--key",
            &fx(key),
            "--subject",
            &format!("CN={name}"),
            "--ca",
            "-o",
            &cert,
        ]));
        cert
    };
    let csr = |key: &str, i: usize| {
        let csr = path(dir.path(), &format!("{i}-{key}.csr"));
        stdout_clean(&run(&[
            "csr",
            "--key",
            &fx(key),
            "--subject",
            "CN=localhost",
            "-o",
            &csr,
        ]));
        csr
    };
    let cases = [
        ("rsa2048-pkcs1.pem", "ec-p256.pem", "sslclient", "--client"),
        ("rsa2048-pkcs1.pem", "ed25519.pem", "sslclient", "--client"),
        ("ec-p384.pem", "rsa2048-pkcs8.pem", "sslserver", "--server"),
        ("ed25519.pem", "rsa2048-pkcs8.pem", "sslserver", "--server"),
        ("ec-p521.pem", "ec-p256.pem", "sslserver", "--server"),
    ];
    for (i, (ca_key, subject_key, purpose, flag)) in cases.into_iter().enumerate() {
        let ca_cert = ca(ca_key, &format!("ca-{i}.pem"));
        let request = csr(subject_key, i);
        let cert = path(dir.path(), &format!("cert-{i}.pem"));
        stdout_clean(&run(&[
            "cert",
            "sign",
            &request,
            "--ca-cert",
            &ca_cert,
            "--ca-key",
            &fx(ca_key),
            flag,
            "-o",
            &cert,
        ]));
        let out = openssl(&["verify", "-CAfile", &ca_cert, "-purpose", purpose, &cert]);
        assert!(
            out.status.success(),
            "{ca_key} → {subject_key}: {}",
            stderr_of(&out) + &String::from_utf8_lossy(&out.stdout)
        );
        let shown = text("x509", &cert);
        let encipher = shown.contains("Key Encipherment");
        assert_eq!(encipher, subject_key.starts_with("rsa"), "{shown}");
    }
}

/// EC and Ed25519 keys go into a .pfx that openssl and Python read; a key that
/// is not the certificate's is refused.
#[test]
fn issue_14_pkcs12_create_with_an_ec_key() {
    let dir = tempfile::tempdir().unwrap();
    let cert = path(dir.path(), "ec.pem");
    stdout_clean(&run(&[
        "cert",
        "self-signed",
        "--key",
        &fx("ec-p256.pem"),
        "--subject",
        "CN=ec.example.com",
        "-o",
        &cert,
    ]));
    let pfx = path(dir.path(), "ec.p12");
    stdout_clean(&run(&[
        "pkcs12",
        "create",
        "--cert",
        &cert,
        "--key",
        &fx("ec-p256.pem"),
        "-o",
        &pfx,
        "--passphrase-file",
        &passphrase_file(),
    ]));
    let pass = format!("file:{}", passphrase_file());
    let pem = String::from_utf8(openssl_ok(&[
        "pkcs12", "-in", &pfx, "-nodes", "-passin", &pass,
    ]))
    .unwrap();
    assert!(pem.contains("-----BEGIN PRIVATE KEY-----"), "{pem}");
    let key_pem = path(dir.path(), "key.pem");
    std::fs::write(&key_pem, &pem).unwrap();
    // The key that came out is the key that went in.
    assert_eq!(
        openssl_ok(&["pkey", "-in", &key_pem, "-pubout"]),
        openssl_ok(&["pkey", "-in", &fx("ec-p256.pem"), "-pubout"])
    );
    let out = run(&[
        "pkcs12",
        "create",
        "--cert",
        &cert,
        "--key",
        &fx("ed25519.pem"),
        "-o",
        &path(dir.path(), "x.p12"),
        "--passphrase-file",
        &passphrase_file(),
    ]);
    assert_error(&out, "this private key does not belong to the certificate");
}
