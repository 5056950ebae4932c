//! `pkcs12 create` and `check --cert --expires-within` (issue 14:
//! <https://github.com/keysmith/keysmith/issues/14>).

use std::path::Path;

use crate::util::*;

/// `client.pem` expires at 2028-01-01T00:00:00Z.
const CLIENT_NOT_AFTER: i64 = 1_830_297_600;

fn create(dir: &Path, name: &str, extra: &[&str]) -> (String, std::process::Output) {
    let out_path = dir.join(name).display().to_string();
    let pass = passphrase_file();
    let (cert, key) = (fx("client.pem"), fx("rsa2048-pkcs8.pem"));
    let args = [
        &[
            "pkcs12",
            "create",
            "--cert",
            &cert,
            "--key",
            &key,
            "-o",
            &out_path,
            "--passphrase-file",
            &pass,
        ][..],
        extra,
    ]
    .concat();
    let out = run(&args);
    (out_path, out)
}

fn openssl_info(pfx: &str, extra: &[&str]) -> String {
    let pass = format!("file:{}", passphrase_file());
    let args = [
        &["pkcs12", "-in", pfx, "-info", "-noout", "-passin", &pass][..],
        extra,
    ]
    .concat();
    let out = openssl(&args);
    assert!(out.status.success(), "{}", stderr_of(&out));
    // openssl prints the -info lines on stderr.
    stderr_of(&out) + &String::from_utf8_lossy(&out.stdout)
}

/// What Python `cryptography`'s `load_pkcs12` finds: key size, leaf subject,
/// friendly name, number of chain certificates.
fn python_load(pfx: &str) -> String {
    let script = "import sys\n\
from cryptography.hazmat.primitives.serialization import pkcs12\n\
p = pkcs12.load_pkcs12(open(sys.argv[1], 'rb').read(), open(sys.argv[2], 'rb').read().rstrip(b'\\n'))\n\
print(p.key.key_size, p.cert.certificate.subject.rfc4514_string(), p.cert.friendly_name, len(p.additional_certs))\n";
    let out = std::process::Command::new("python3")
        .args(["-c", script, pfx, &passphrase_file()])
        .output()
        .expect("python3 with cryptography must be installed (.ci/run installs it)");
    assert!(out.status.success(), "{}", stderr_of(&out));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn issue_14_pkcs12_create_writes_openssl3_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let (pfx, out) = create(
        dir.path(),
        "client.p12",
        &["--chain", &fx("ca-intermediate.pem")],
    );
    assert_eq!(stdout_clean(&out), b"");
    assert_eq!(mode(Path::new(&pfx)), 0o600);
    let info = openssl_info(&pfx, &[]);
    for expected in [
        "MAC: sha256, Iteration 2048",
        "PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256",
        "Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256",
    ] {
        assert!(info.contains(expected), "{expected:?} not in {info}");
    }
    // Key and leaf share the local key id (the leaf's SHA-1 thumbprint), so
    // Windows pairs them.
    let pass = format!("file:{}", passphrase_file());
    let pem = String::from_utf8(openssl_ok(&[
        "pkcs12", "-in", &pfx, "-nodes", "-passin", &pass,
    ]))
    .unwrap();
    let key_id = "localKeyID: F2 3E 12 2D 38 4B D7 1D 3B DF 00 BB BA 4D 2C E7 D0 11 75 69";
    assert_eq!(pem.matches(key_id).count(), 2, "{pem}");
    // Key and leaf carry one friendly name, the leaf's subject (the chain
    // certificate its own).
    let leaf_name = "friendlyName: C=GB, O=Example Client Ltd, CN=client.example.com";
    assert_eq!(pem.matches(leaf_name).count(), 2, "{pem}");
    let python = python_load(&pfx);
    assert!(
        python.starts_with("2048 CN=client.example.com,O=Example Client Ltd,C=GB b'"),
        "{python}"
    );
    assert!(python.ends_with("' 1\n"), "one chain certificate: {python}");
    // keysmith reads it back: the thumbprints are those of the inputs.
    let listed = stdout_clean(&run(&[
        "thumbprint",
        &pfx,
        "--passphrase-file",
        &passphrase_file(),
    ]));
    let listed = String::from_utf8(listed).unwrap();
    assert!(listed.starts_with("F23E122D384BD71D3BDF00BBBA4D2CE7D0117569  CN=client.example.com"));
    assert_eq!(listed.lines().count(), 2);
    let report = stdout_json(&run(&[
        "pkcs12",
        &pfx,
        "--passphrase-file",
        &passphrase_file(),
        "--json",
    ]));
    assert_eq!(report["private_keys"].as_array().unwrap().len(), 1);
}

#[test]
fn issue_14_pkcs12_create_legacy_is_3des_with_a_sha1_mac() {
    let dir = tempfile::tempdir().unwrap();
    let (pfx, out) = create(dir.path(), "legacy.pfx", &["--legacy", "--name", "partner"]);
    stdout_clean(&out);
    let info = openssl_info(&pfx, &[]);
    for expected in [
        "MAC: sha1, Iteration 2048",
        "PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048",
        "Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048",
    ] {
        assert!(info.contains(expected), "{expected:?} not in {info}");
    }
    let pass = format!("file:{}", passphrase_file());
    let pem = String::from_utf8(openssl_ok(&[
        "pkcs12", "-in", &pfx, "-nodes", "-passin", &pass,
    ]))
    .unwrap();
    assert!(pem.contains("friendlyName: partner"), "{pem}");
    assert!(python_load(&pfx).starts_with("2048 CN=client.example.com"));
    let check = run(&[
        "check",
        "--key",
        &fx("rsa2048-pkcs8.pem"),
        "--cert",
        &pfx,
        "--passphrase-file",
        &passphrase_file(),
        "--now",
        "1800000000",
    ]);
    stdout_clean(&check);
}

#[test]
fn issue_14_pkcs12_create_never_replaces_without_force_and_keeps_0600() {
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("out.p12");
    std::fs::write(&existing, "old").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&existing, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let (_, out) = create(dir.path(), "out.p12", &[]);
    assert_error_exact(
        &out,
        &format!(
            "{} already exists; use --force to replace it",
            existing.display()
        ),
    );
    assert_eq!(std::fs::read(&existing).unwrap(), b"old");
    let (pfx, out) = create(dir.path(), "out.p12", &["--force"]);
    stdout_clean(&out);
    assert_eq!(mode(Path::new(&pfx)), 0o600);
    assert!(openssl_info(&pfx, &[]).contains("MAC: sha256"));
}

#[test]
fn issue_14_pkcs12_create_refuses_a_foreign_key_and_an_empty_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("x.p12").display().to_string();
    let out = run(&[
        "pkcs12",
        "create",
        "--cert",
        &fx("client.pem"),
        "--key",
        &fx("rsa2048-e3-pkcs8.pem"),
        "-o",
        &out_path,
        "--passphrase-file",
        &passphrase_file(),
    ]);
    assert_error_exact(
        &out,
        &format!(
            "{}: this private key does not belong to the certificate",
            fx("rsa2048-e3-pkcs8.pem")
        ),
    );
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "\n").unwrap();
    let out = run(&[
        "pkcs12",
        "create",
        "--cert",
        &fx("client.pem"),
        "--key",
        &fx("rsa2048-pkcs8.pem"),
        "-o",
        &out_path,
        "--passphrase-file",
        &path_str(&empty),
    ]);
    assert_error(&out, "the passphrase is empty");
    // An encrypted key without its passphrase: the advice names the key's flag.
    let out = run(&[
        "pkcs12",
        "create",
        "--cert",
        &fx("client.pem"),
        "--key",
        &fx("rsa2048-pkcs8-enc-aes256.pem"),
        "-o",
        &out_path,
        "--passphrase-file",
        &passphrase_file(),
    ]);
    assert_error(&out, "; give --key-passphrase-file");
    assert!(
        !Path::new(&out_path).exists(),
        "a failed command writes nothing"
    );
    let out = run(&[
        "pkcs12",
        "create",
        "--cert",
        &fx("client.pem"),
        "--key",
        &fx("rsa2048-pkcs8-enc-aes256.pem"),
        "-o",
        &out_path,
        "--passphrase-file",
        &passphrase_file(),
        "--key-passphrase-file",
        &passphrase_file(),
    ]);
    stdout_clean(&out);
    assert_eq!(mode(Path::new(&out_path)), 0o600);
}

#[test]
fn issue_14_expires_within_one_line_per_certificate() {
    let now = (CLIENT_NOT_AFTER - 20 * 86_400).to_string();
    let out = run(&[
        "check",
        "--cert",
        &fx("bundle-3certs.pem"),
        "--expires-within",
        "30d",
        "--now",
        &now,
    ]);
    assert_eq!(exit_code(&out), Some(1), "{}", stderr_of(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "EXPIRES  F23E122D384BD71D3BDF00BBBA4D2CE7D0117569  not after 2028-01-01T00:00:00Z, in 20 days  CN=client.example.com,O=Example Client Ltd,C=GB\n\
ok       61EE4EF2A9A5B59518075018E31695832DA0349F  not after 2036-01-01T00:00:00Z, in 8 years  CN=Keysmith Test Intermediate CA,O=Keysmith Test,C=GB\n\
ok       B4A082C82047CB0D28D6D5D65287636D4875C8CD  not after 2036-01-01T00:00:00Z, in 8 years  CN=Keysmith Test Root CA,O=Keysmith Test,C=GB\n"
    );
    // 12h and plain seconds; the boundary is openssl x509 -checkend's.
    let at = |seconds_before: i64, within: &str| {
        let now = (CLIENT_NOT_AFTER - seconds_before).to_string();
        let out = run(&[
            "check",
            "--cert",
            &fx("client.pem"),
            "--expires-within",
            within,
            "--now",
            &now,
        ]);
        exit_code(&out)
    };
    assert_eq!(at(12 * 3600 + 1, "12h"), Some(0));
    assert_eq!(at(12 * 3600, "12h"), Some(1));
    assert_eq!(at(3601, "3600"), Some(0));
    assert_eq!(at(3600, "3600"), Some(1));
    assert_eq!(at(-1, "0"), Some(1), "an expired certificate");
}

#[test]
fn issue_14_expires_within_reads_pfx_and_prints_json() {
    let now = (CLIENT_NOT_AFTER + 86_400).to_string();
    let out = run(&[
        "check",
        "--cert",
        &fx("client.p12"),
        "--passphrase-file",
        &passphrase_file(),
        "--expires-within",
        "30d",
        "--now",
        &now,
        "--json",
    ]);
    assert_eq!(exit_code(&out), Some(1));
    let report = json(&out);
    let first = &report[0];
    assert_eq!(first["status"], "expired");
    assert_eq!(first["seconds_left"], -86_400);
    assert_eq!(first["not_after"], "2028-01-01T00:00:00Z");
    assert_eq!(first["ok"], false);
    assert_eq!(report.as_array().unwrap().len(), 3);
    assert_eq!(report[2]["status"], "ok");
}

#[test]
fn issue_14_expires_within_usage_errors() {
    let out = run(&[
        "check",
        "--cert",
        &fx("client.pem"),
        "--expires-within",
        "1w",
    ]);
    assert_error_exact(
        &out,
        "argument --expires-within: expected a duration such as 3600, 30m, 24h or 2d",
    );
    let out = run(&["check", "--expires-within", "30d"]);
    assert_eq!(exit_code(&out), Some(2));
    let out = run(&[
        "check",
        "--cert",
        &fx("client.pem"),
        "--key",
        &fx("rsa2048-pkcs8.pem"),
        "--expires-within",
        "30d",
    ]);
    assert_eq!(
        exit_code(&out),
        Some(2),
        "--key and --expires-within are two commands"
    );
}

/// A .pfx with no certificate (`openssl pkcs12 -export -nocerts`) has nothing to
/// judge: an error (exit 2), never a silent pass.
#[test]
fn expires_within_of_a_file_without_certificates_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let pfx = dir.path().join("key-only.p12").display().to_string();
    openssl_ok(&[
        "pkcs12",
        "-export",
        "-nocerts",
        "-inkey",
        &fx("rsa2048-pkcs8.pem"),
        "-passout",
        "pass:",
        "-out",
        &pfx,
    ]);
    let out = run(&["check", "--cert", &pfx, "--expires-within", "30d"]);
    assert_eq!(exit_code(&out), Some(2));
    assert!(out.stdout.is_empty());
    assert_error(&out, "expected an X.509 certificate");
}

/// `-o -` would write a file named `-`; a .pfx is binary and has no place on
/// standard output, so it is a usage error and nothing is written.
#[test]
fn pkcs12_create_refuses_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let pass = passphrase_file();
    let out = run_in(
        dir.path(),
        &[
            "pkcs12",
            "create",
            "--cert",
            &fx("client.pem"),
            "--key",
            &fx("rsa2048-pkcs8.pem"),
            "--passphrase-file",
            &pass,
            "-o",
            "-",
        ],
    );
    assert_error_exact(
        &out,
        "a .pfx is binary and is not written to standard output; give -o FILE",
    );
    assert!(out.stdout.is_empty());
    assert!(!dir.path().join("-").exists());
}

/// The .pfx never replaces one of its own inputs, even with --force.
#[test]
fn pkcs12_create_refuses_an_output_that_is_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("c.pem"), dir.path().join("k.pem"));
    std::fs::copy(fixture("client.pem"), &cert).unwrap();
    std::fs::copy(fixture("rsa2048-pkcs8.pem"), &key).unwrap();
    let pass = dir.path().join("pass.txt");
    std::fs::copy(passphrase_file(), &pass).unwrap();
    let link = dir.path().join("link.pem");
    std::fs::hard_link(&key, &link).unwrap();
    let (cert, key, pass, link) = (
        path_str(&cert),
        path_str(&key),
        path_str(&pass),
        path_str(&link),
    );
    let before = (read(&cert), read(&key), read(&pass));
    for (output, input) in [(&cert, &cert), (&key, &key), (&link, &key), (&pass, &pass)] {
        let out = run(&[
            "pkcs12",
            "create",
            "--cert",
            &cert,
            "--key",
            &key,
            "--passphrase-file",
            &pass,
            "-o",
            output,
            "--force",
        ]);
        assert_error_exact(
            &out,
            &format!(
                "{output} names the same file as the input {input}; \
                 writing it would replace what is read"
            ),
        );
    }
    assert_eq!((read(&cert), read(&key), read(&pass)), before);
}
