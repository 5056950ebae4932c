//! pkcs12: listing and extracting PKCS#12 files.

use std::os::unix::fs::PermissionsExt;

use crate::cert::{CLIENT, CLIENT_SHA1, INTERMEDIATE, NOW, ROOT};
use crate::util::*;

#[test]
fn pkcs12_lists_subject_expiry_and_thumbprint() {
    let out = run(&[
        "pkcs12",
        &fx("client.p12"),
        "--passphrase-file",
        &fx("passphrase.txt"),
        "--now",
        NOW,
    ]);
    assert_eq!(
        stdout_ok(&out),
        format!(
            "subject:     {CLIENT}\n\
             expires:     2028-01-01T00:00:00Z, in 11 months\n\
             thumbprint:  {CLIENT_SHA1}\n\
             \n\
             subject:     {INTERMEDIATE}\n\
             expires:     2036-01-01T00:00:00Z, in 8 years\n\
             thumbprint:  61EE4EF2A9A5B59518075018E31695832DA0349F\n\
             \n\
             subject:     {ROOT}\n\
             expires:     2036-01-01T00:00:00Z, in 8 years\n\
             thumbprint:  B4A082C82047CB0D28D6D5D65287636D4875C8CD\n\
             \n\
             private key: rsa 2048-bit, matches {CLIENT}\n"
        )
    );
}

#[test]
fn pkcs12_json_lists_certificates_and_keys() {
    let out = run(&[
        "pkcs12",
        &fx("client-legacy.p12"),
        "--passphrase-file",
        &fx("passphrase.txt"),
        "--json",
        "--now",
        NOW,
    ]);
    stdout_ok(&out);
    let v = json(&out);
    assert_eq!(
        v["certificates"][0],
        serde_json::json!({"subject": CLIENT, "not_after": "2028-01-01T00:00:00Z", "expired": false, "sha1": CLIENT_SHA1})
    );
    assert_eq!(
        v["private_keys"],
        serde_json::json!([{"algorithm": "rsa", "bits": 2048, "certificate": CLIENT, "friendly_name": "client"}])
    );
}

#[test]
fn pkcs12_extracts_certificates_and_a_0600_key_openssl_reads() {
    for file in ["client.p12", "client-legacy.p12"] {
        let dir = tempfile::tempdir().unwrap();
        let cert = dir.path().join("cert.pem");
        let key = dir.path().join("key.pem");
        let out = run(&[
            "pkcs12",
            &fx(file),
            "--passphrase-file",
            &fx("passphrase.txt"),
            "--cert-out",
            cert.to_str().unwrap(),
            "--key-out",
            key.to_str().unwrap(),
            "--now",
            NOW,
        ]);
        let text = stdout_ok(&out);
        assert!(text.ends_with(&format!(
            "wrote {} (3 certificates)\nwrote {} (private key, mode 0600)\n",
            cert.display(),
            key.display()
        )));
        assert_eq!(
            std::fs::read(&cert).unwrap(),
            std::fs::read(fixture("bundle-3certs.pem")).unwrap()
        );
        let mode = std::fs::metadata(&key).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{file}");
        let theirs = openssl_ok(&["pkey", "-in", key.to_str().unwrap()]);
        let original = openssl_ok(&["pkey", "-in", &fx("rsa2048-pkcs8.pem")]);
        assert_eq!(theirs, original, "{file}");
    }
}

#[test]
fn pkcs12_refuses_to_overwrite_without_force_and_keeps_0600_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key.pem");
    std::fs::write(&key, "old").unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let args = [
        "pkcs12",
        &fx("client.p12"),
        "--passphrase-file",
        &fx("passphrase.txt"),
        "--key-out",
        key.to_str().unwrap(),
    ];
    let out = run(&args);
    assert_error(
        &out,
        &format!(
            "error: {} already exists; use --force to replace it",
            key.display()
        ),
    );
    assert_eq!(std::fs::read(&key).unwrap(), b"old");
    let mut forced = args.to_vec();
    forced.push("--force");
    stdout_ok(&run(&forced));
    let mode = std::fs::metadata(&key).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(
        std::fs::read_to_string(&key)
            .unwrap()
            .starts_with("-----BEGIN PRIVATE KEY-----\n")
    );
}

#[test]
fn pkcs12_without_a_key_refuses_key_out() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key.pem");
    let out = run(&[
        "pkcs12",
        &fx("client-nokey.p12"),
        "--passphrase-file",
        &fx("passphrase.txt"),
        "--key-out",
        key.to_str().unwrap(),
    ]);
    assert_error(
        &out,
        &format!(
            "{}: expected a private key, found a PKCS#12 file without a private key",
            fx("client-nokey.p12")
        ),
    );
    assert!(!key.exists());
    let out = run(&[
        "pkcs12",
        &fx("client-nokey.p12"),
        "--passphrase-file",
        &fx("passphrase.txt"),
        "--now",
        NOW,
    ]);
    assert!(stdout_ok(&out).ends_with("\nprivate key: none\n"));
}

#[test]
fn pkcs12_wrong_passphrase_exits_2_with_a_clear_message() {
    let out = run(&[
        "pkcs12",
        &fx("client-legacy.p12"),
        "--passphrase-file",
        &fx("wrong-passphrase.txt"),
    ]);
    assert_error(
        &out,
        &format!(
            "error: {}: wrong passphrase (decryption failed)",
            fx("client-legacy.p12")
        ),
    );
}

#[test]
fn pkcs12_refuses_a_certificate() {
    let out = run(&[
        "pkcs12",
        &fx("client.der"),
        "--passphrase-file",
        &fx("passphrase.txt"),
    ]);
    assert_error(
        &out,
        "client.der: expected a PKCS#12 file, found malformed DER",
    );
}

#[test]
fn pkcs12_passphrase_that_is_not_utf8_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let pass = dir.path().join("latin1.txt");
    std::fs::write(&pass, b"caf\xe9\n").unwrap();
    let p12 = fx("client.p12");
    assert_error_exact(
        &run(&["pkcs12", &p12, "--passphrase-file", &path_str(&pass)]),
        &format!("{p12}: a PKCS#12 passphrase must be UTF-8 text"),
    );
}

/// `pkcs12 client.p12 --cert-out CERT --key-out KEY [--force]`, run in `dir`.
fn extract_in(dir: &std::path::Path, cert: &str, key: &str, force: bool) -> std::process::Output {
    let file = fx("client.p12");
    let passphrase = fx("passphrase.txt");
    let mut args = vec![
        "pkcs12",
        &file,
        "--passphrase-file",
        &passphrase,
        "--cert-out",
        cert,
        "--key-out",
        key,
    ];
    if force {
        args.push("--force");
    }
    run_in(dir, &args)
}

// Regression, issue 10 §2 (a command does everything or changes nothing).
#[test]
fn issue_10_pkcs12_refuses_hard_links_to_one_file_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("out.pem"), b"old\n").unwrap();
    std::fs::hard_link(dir.path().join("out.pem"), dir.path().join("link.pem")).unwrap();
    let out = extract_in(dir.path(), "out.pem", "link.pem", true);
    assert_error_exact(
        &out,
        "link.pem names the same file as out.pem; one output would replace the other",
    );
    assert_eq!(read(dir.path().join("out.pem")), b"old\n");
    assert_eq!(read(dir.path().join("link.pem")), b"old\n");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

// Regression, issue 10 §2 (a command does everything or changes nothing).
#[test]
fn issue_10_pkcs12_refuses_one_new_file_through_dot_dot_and_symlinks() {
    for (cert, key) in [
        ("sub/../out.pem", "out.pem"),
        ("sub/out.pem", "lnk/out.pem"),
    ] {
        for force in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            std::fs::create_dir(dir.path().join("sub")).unwrap();
            std::os::unix::fs::symlink("sub", dir.path().join("lnk")).unwrap();
            let out = extract_in(dir.path(), cert, key, force);
            assert_error_exact(
                &out,
                &format!("{key} names the same file as {cert}; one output would replace the other"),
            );
            assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
            assert_eq!(
                std::fs::read_dir(dir.path().join("sub")).unwrap().count(),
                0
            );
        }
    }
}

// Regression, issue 10 §2 (a command does everything or changes nothing).
#[test]
fn issue_10_pkcs12_writes_nothing_when_the_key_cannot_be_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cert.pem"), b"old cert\n").unwrap();
    std::fs::write(dir.path().join("plain"), b"a file\n").unwrap();
    std::fs::create_dir(dir.path().join("keydir")).unwrap();
    for key in ["plain/key.pem", "keydir"] {
        let out = extract_in(dir.path(), "cert.pem", key, true);
        assert_error(&out, &format!("cannot write {key}: "));
        assert_eq!(stderr_of(&out).lines().count(), 1);
        assert_eq!(read(dir.path().join("cert.pem")), b"old cert\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
    }
}

/// A PKCS#12 file whose MAC and encrypted parts ask for 6 000 000 iterations
/// each is refused before anything is derived, by every command that opens it,
/// with or without a passphrase.
#[test]
fn issue_10_pkcs12_kdf_cost_is_capped() {
    let p12 = fx("client-iter-6m.p12");
    let pass = passphrase_file();
    for args in [
        vec!["pkcs12", p12.as_str(), "--passphrase-file", pass.as_str()],
        vec!["pkcs12", p12.as_str()],
        vec![
            "thumbprint",
            p12.as_str(),
            "--passphrase-file",
            pass.as_str(),
        ],
    ] {
        let started = std::time::Instant::now();
        let out = run(&args);
        assert_error(
            &out,
            "found a PKCS#12 file whose MAC and encryption ask for an absurdly high \
             key-derivation cost",
        );
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "{args:?}"
        );
    }
}
