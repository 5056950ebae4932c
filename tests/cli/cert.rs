//! thumbprint and inspect of certificates; shared certificate test values.

use crate::util::*;

/// 2027-01-15T08:00:00Z: client.pem is valid, client-expired.pem has expired,
/// client-notyet.pem is not yet valid.
pub const NOW: &str = "1800000000";

pub const CLIENT_SHA1: &str = "F23E122D384BD71D3BDF00BBBA4D2CE7D0117569";
pub const CLIENT_SHA256: &str = "60DD49457E6CFD4411353C1674606652C26EB6B384D64DF2600C4998C063F89F";
pub const CLIENT: &str = "CN=client.example.com,O=Example Client Ltd,C=GB";
pub const INTERMEDIATE: &str = "CN=Keysmith Test Intermediate CA,O=Keysmith Test,C=GB";
pub const ROOT: &str = "CN=Keysmith Test Root CA,O=Keysmith Test,C=GB";

/// The fingerprints testdata/README.md records (from `openssl x509 -fingerprint`).
const FINGERPRINTS: [(&str, &str, &str); 9] = [
    (
        "ca-root.pem",
        "B4:A0:82:C8:20:47:CB:0D:28:D6:D5:D6:52:87:63:6D:48:75:C8:CD",
        "0E:CA:29:AE:17:4E:AB:EA:88:EF:61:C9:C2:54:23:61:3A:6D:13:B3:C5:87:53:3E:40:66:EE:5F:DA:3F:C9:51",
    ),
    (
        "ca-intermediate.pem",
        "61:EE:4E:F2:A9:A5:B5:95:18:07:50:18:E3:16:95:83:2D:A0:34:9F",
        "31:40:18:62:E1:AB:C6:DC:E7:0A:D3:D0:00:4F:2A:6E:CB:80:5D:B4:15:A1:4C:6D:1C:29:3F:B3:05:A1:E6:55",
    ),
    (
        "client.pem",
        "F2:3E:12:2D:38:4B:D7:1D:3B:DF:00:BB:BA:4D:2C:E7:D0:11:75:69",
        "60:DD:49:45:7E:6C:FD:44:11:35:3C:16:74:60:66:52:C2:6E:B6:B3:84:D6:4D:F2:60:0C:49:98:C0:63:F8:9F",
    ),
    (
        "client.der",
        "F2:3E:12:2D:38:4B:D7:1D:3B:DF:00:BB:BA:4D:2C:E7:D0:11:75:69",
        "60:DD:49:45:7E:6C:FD:44:11:35:3C:16:74:60:66:52:C2:6E:B6:B3:84:D6:4D:F2:60:0C:49:98:C0:63:F8:9F",
    ),
    (
        "client-nodigsig.pem",
        "A5:C6:60:C9:FF:42:D3:6C:04:8C:5A:C5:FE:90:D5:CC:B9:EB:33:74",
        "86:6B:D9:9F:D1:06:E1:82:9A:21:2E:3F:99:E7:8B:89:E5:74:8F:6D:85:97:91:12:DF:B9:DD:58:2D:7A:69:48",
    ),
    (
        "client-expired.pem",
        "70:24:6B:7A:B8:13:70:70:A1:D2:C4:DC:87:89:1D:3D:D0:E7:09:58",
        "4B:D8:FE:6D:30:76:5A:51:A7:87:56:3B:FD:BE:03:5A:75:C3:2F:A4:9B:BB:92:22:73:6D:2E:05:17:23:7C:84",
    ),
    (
        "client-notyet.pem",
        "66:92:BE:95:C8:03:1C:AF:25:2E:7D:83:53:22:24:AE:AB:84:CE:F2",
        "2A:E0:0B:91:C5:1F:8E:84:D1:4E:AA:67:D6:34:70:FB:4D:4A:7E:99:D0:25:56:0C:EB:F0:90:22:E6:AD:D0:65",
    ),
    (
        "selfsigned.pem",
        "3C:19:27:C3:55:49:EF:C4:3D:4B:C7:CB:2C:C6:1D:5E:C3:F7:48:47",
        "03:A3:C3:D2:5E:BF:22:87:80:35:CA:F7:52:AD:51:33:B9:82:1E:8A:43:67:87:4B:B2:FE:BB:C4:3F:3A:3E:2E",
    ),
    (
        "ec-cert.pem",
        "B0:BF:0A:D0:21:DE:B3:7F:64:B7:6E:BB:1A:3E:97:3C:6F:DD:F5:D9",
        "44:22:65:E7:64:71:D9:5A:B0:CA:FE:44:00:04:E6:D5:28:6B:78:57:95:9C:E4:B7:0D:CF:38:45:17:86:03:A9",
    ),
];

fn bare(colons: &str) -> String {
    colons.replace(':', "")
}

// ---------------------------------------------------------------- thumbprint

#[test]
fn thumbprint_of_one_certificate_is_the_bare_uppercase_sha1() {
    let out = run(&["thumbprint", &fx("client.pem")]);
    assert_eq!(stdout_ok(&out), format!("{CLIENT_SHA1}\n"));
}

#[test]
fn thumbprint_matches_readme_for_every_fixture() {
    for (file, sha1, sha256) in FINGERPRINTS {
        let out = run(&["thumbprint", &fx(file)]);
        assert_eq!(stdout_ok(&out), format!("{}\n", bare(sha1)), "{file}");
        let out = run(&["thumbprint", "--sha256", &fx(file)]);
        assert_eq!(stdout_ok(&out), format!("{}\n", bare(sha256)), "{file}");
        let out = run(&["thumbprint", "--sha256", "--colons", &fx(file)]);
        assert_eq!(stdout_ok(&out), format!("{sha256}\n"), "{file}");
    }
}

#[test]
fn thumbprint_lists_a_bundle_in_file_order() {
    let out = run(&["thumbprint", &fx("bundle-3certs.pem")]);
    assert_eq!(
        stdout_ok(&out),
        format!(
            "{CLIENT_SHA1}  {CLIENT}\n\
             61EE4EF2A9A5B59518075018E31695832DA0349F  {INTERMEDIATE}\n\
             B4A082C82047CB0D28D6D5D65287636D4875C8CD  {ROOT}\n"
        )
    );
}

/// A bundle over a mebibyte is read a window at a time; its listing is the
/// small bundle's, repeated.
#[test]
fn thumbprint_lists_a_large_bundle_like_a_small_one() {
    let bundle = std::fs::read(fixture("bundle-3certs.pem")).unwrap();
    let copies = (3 << 20) / bundle.len();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.pem");
    std::fs::write(&path, bundle.repeat(copies)).unwrap();
    let small = stdout_ok(&run(&["thumbprint", &fx("bundle-3certs.pem")]));
    let big = stdout_ok(&run(&["thumbprint", path.to_str().unwrap()]));
    assert!(big == small.repeat(copies), "{} lines", big.lines().count());
}

/// Output is written once everything has been read: an error in a later file
/// (or late in a large one) leaves standard output empty.
#[test]
fn thumbprint_error_in_a_later_file_prints_nothing() {
    let bundle = std::fs::read(fixture("bundle-3certs.pem")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.pem");
    let mut text = bundle.repeat((2 << 20) / bundle.len());
    text.extend_from_slice(b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    std::fs::write(&path, text).unwrap();
    let out = run(&["thumbprint", &fx("client.pem"), path.to_str().unwrap()]);
    assert_error(
        &out,
        "big.pem: expected an X.509 certificate, found malformed DER",
    );
}

#[test]
fn thumbprint_lists_many_files_with_subjects() {
    let out = run(&["thumbprint", &fx("client.der"), &fx("selfsigned.pem")]);
    assert_eq!(
        stdout_ok(&out),
        format!(
            "{CLIENT_SHA1}  {CLIENT}\n3C1927C35549EFC43D4BC7CB2CC61D5EC3F74847  CN=selfsigned.example.com\n"
        )
    );
}

#[test]
fn thumbprint_reads_standard_input() {
    let pem = std::fs::read(fixture("client.pem")).unwrap();
    let out = keysmith()
        .args(["thumbprint", "-"])
        .write_stdin(pem)
        .output()
        .unwrap();
    assert_eq!(stdout_ok(&out), format!("{CLIENT_SHA1}\n"));
}

#[test]
fn thumbprint_renders_lower_colons_base64_and_x5t() {
    let cases: [(&[&str], &str); 5] = [
        (&["--lower"], "f23e122d384bd71d3bdf00bbba4d2ce7d0117569"),
        (
            &["--colons"],
            "F2:3E:12:2D:38:4B:D7:1D:3B:DF:00:BB:BA:4D:2C:E7:D0:11:75:69",
        ),
        (
            &["--colons", "--lower"],
            "f2:3e:12:2d:38:4b:d7:1d:3b:df:00:bb:ba:4d:2c:e7:d0:11:75:69",
        ),
        (&["--format", "base64"], "8j4SLThL1x073wC7uk0s59ARdWk="),
        (&["--format", "x5t"], "8j4SLThL1x073wC7uk0s59ARdWk"),
    ];
    let path = fx("client.pem");
    for (flags, want) in cases {
        let mut args = vec!["thumbprint"];
        args.extend_from_slice(flags);
        args.push(&path);
        assert_eq!(stdout_ok(&run(&args)), format!("{want}\n"), "{flags:?}");
    }
    let out = run(&[
        "thumbprint",
        "--sha256",
        "--format",
        "x5t",
        &fx("client.pem"),
    ]);
    assert_eq!(
        stdout_ok(&out),
        "YN1JRX5s_UQRNTwWdGBmUsJutrOE1k3yYAxJmMBj-J8\n"
    );
}

#[test]
fn thumbprint_refuses_colons_with_base64() {
    let out = run(&[
        "thumbprint",
        "--colons",
        "--format",
        "base64",
        &fx("client.pem"),
    ]);
    assert_error(&out, "--colons and --lower apply to hex");
}

#[test]
fn thumbprint_to_x5t_converts_pasted_hex() {
    for hex in [
        CLIENT_SHA1,
        "f2:3e:12:2d:38:4b:d7:1d:3b:df:00:bb:ba:4d:2c:e7:d0:11:75:69",
        "\u{200e}f2 3e 12 2d 38 4b d7 1d 3b df 00 bb ba 4d 2c e7 d0 11 75 69",
    ] {
        let out = run(&["thumbprint", "--to-x5t", hex]);
        assert_eq!(stdout_ok(&out), "8j4SLThL1x073wC7uk0s59ARdWk\n", "{hex:?}");
    }
    let out = run(&["thumbprint", "--to-x5t", &bare(FINGERPRINTS[2].2)]);
    assert_eq!(
        stdout_ok(&out),
        "YN1JRX5s_UQRNTwWdGBmUsJutrOE1k3yYAxJmMBj-J8\n"
    );
}

#[test]
fn thumbprint_to_x5t_refuses_bad_hex() {
    let out = run(&["thumbprint", "--to-x5t", "F23E12"]);
    assert_error(
        &out,
        "error: argument --to-x5t: expected a hex thumbprint of 20 (SHA-1) or 32 (SHA-256) bytes",
    );
}

#[test]
fn thumbprint_expect_accepts_every_pasted_form() {
    for expected in [
        CLIENT_SHA1.to_owned(),
        CLIENT_SHA1.to_ascii_lowercase(),
        FINGERPRINTS[2].1.to_owned(),
        "f2 3e 12 2d 38 4b d7 1d 3b df 00 bb ba 4d 2c e7 d0 11 75 69".to_owned(),
        format!("\u{200e}{}", CLIENT_SHA1.to_ascii_lowercase()),
        format!("\u{feff}{CLIENT_SHA1}\u{200e}"),
    ] {
        let out = run(&["thumbprint", &fx("client.pem"), "--expect", &expected]);
        assert_eq!(
            stdout_ok(&out),
            format!("match     {CLIENT_SHA1}  {CLIENT}\n"),
            "{expected:?}"
        );
    }
}

#[test]
fn thumbprint_expect_matches_any_certificate_of_a_bundle() {
    let out = run(&[
        "thumbprint",
        &fx("bundle-3certs.pem"),
        "--expect",
        FINGERPRINTS[0].1,
    ]);
    assert_eq!(
        stdout_ok(&out),
        format!("match     B4A082C82047CB0D28D6D5D65287636D4875C8CD  {ROOT}\n")
    );
}

#[test]
fn thumbprint_expect_mismatch_prints_both_and_exits_1() {
    let out = run(&[
        "thumbprint",
        &fx("client.pem"),
        "--expect",
        FINGERPRINTS[7].1,
    ]);
    assert_eq!(exit_code(&out), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "expected  3C1927C35549EFC43D4BC7CB2CC61D5EC3F74847\nactual    {CLIENT_SHA1}  {CLIENT}\n"
        )
    );
}

#[test]
fn thumbprint_expect_sha256_value_compares_sha256() {
    let out = run(&[
        "thumbprint",
        &fx("client.der"),
        "--expect",
        FINGERPRINTS[3].2,
    ]);
    assert_eq!(
        stdout_ok(&out),
        format!("match     {CLIENT_SHA256}  {CLIENT}\n")
    );
    let out = run(&[
        "thumbprint",
        "--sha256",
        &fx("client.der"),
        "--expect",
        CLIENT_SHA1,
    ]);
    assert_error(
        &out,
        "--expect holds a SHA-1 thumbprint (40 hex digits) but --sha256 was given",
    );
}

#[test]
fn thumbprint_expect_refuses_malformed_values() {
    let out = run(&["thumbprint", &fx("client.pem"), "--expect", "F23E122D"]);
    assert_error(
        &out,
        "error: argument --expect: expected a hex thumbprint of 20 (SHA-1) or 32 (SHA-256) bytes",
    );
}

#[test]
fn thumbprint_json_is_an_array_of_hash_subject_file() {
    let out = run(&[
        "thumbprint",
        "--json",
        &fx("bundle-3certs.pem"),
        &fx("ec-cert.pem"),
    ]);
    stdout_ok(&out);
    let value = json(&out);
    let items = value.as_array().unwrap();
    assert_eq!(items.len(), 4);
    assert_eq!(
        items[0],
        serde_json::json!({"sha1": CLIENT_SHA1, "subject": CLIENT, "file": fx("bundle-3certs.pem")})
    );
    assert_eq!(items[3]["file"], fx("ec-cert.pem"));
    let out = run(&["thumbprint", "--json", "--sha256", &fx("client.pem")]);
    assert_eq!(
        json(&out),
        serde_json::json!([{"sha256": CLIENT_SHA256, "subject": CLIENT, "file": fx("client.pem")}])
    );
    let out = run(&[
        "thumbprint",
        "--json",
        &fx("client.pem"),
        "--expect",
        "00".repeat(20).as_str(),
    ]);
    assert_eq!(exit_code(&out), Some(1));
    assert_eq!(json(&out)[0]["matches"], false);
}

#[test]
fn thumbprint_reads_modern_and_legacy_pkcs12() {
    for file in ["client.p12", "client-legacy.p12", "client-nokey.p12"] {
        let out = run(&[
            "thumbprint",
            &fx(file),
            "--passphrase-file",
            &fx("passphrase.txt"),
        ]);
        let text = stdout_ok(&out);
        assert_eq!(text.lines().count(), 3, "{file}");
        assert!(
            text.starts_with(&format!("{CLIENT_SHA1}  {CLIENT}\n")),
            "{file}: {text}"
        );
    }
    let out = keysmith()
        .args([
            "thumbprint",
            &fx("client-legacy.p12"),
            "--passphrase-env",
            "P12_PASS",
        ])
        .env("P12_PASS", "correct horse")
        .output()
        .unwrap();
    assert!(stdout_ok(&out).starts_with(CLIENT_SHA1));
}

#[test]
fn thumbprint_pkcs12_wrong_passphrase_exits_2() {
    for file in ["client.p12", "client-legacy.p12"] {
        let out = run(&[
            "thumbprint",
            &fx(file),
            "--passphrase-file",
            &fx("wrong-passphrase.txt"),
        ]);
        assert_error(
            &out,
            &format!("error: {}: wrong passphrase (decryption failed)", fx(file)),
        );
    }
}

#[test]
fn thumbprint_pkcs12_without_passphrase_says_how_to_give_one() {
    let out = run(&["thumbprint", &fx("client.p12")]);
    assert_error(
        &out,
        &format!(
            "error: {}: PKCS#12 file needs its passphrase; give --passphrase-file or --passphrase-env",
            fx("client.p12")
        ),
    );
    let out = run(&[
        "thumbprint",
        &fx("client.p12"),
        "--passphrase-env",
        "KEYSMITH_UNSET_VAR",
    ]);
    assert_error(
        &out,
        "error: the variable given to --passphrase-env is not set",
    );
}

#[test]
fn thumbprint_refuses_what_is_not_a_certificate() {
    let cases = [
        (
            "rsa2048-pkcs8.pem",
            "expected an X.509 certificate, found a private key",
        ),
        (
            "rsa2048-spki.pem",
            "expected an X.509 certificate, found a public key",
        ),
        (
            "rsa2048-pkcs8-enc-aes256.pem",
            "expected an X.509 certificate, found a private key",
        ),
        (
            "empty.txt",
            "expected an X.509 certificate, found an empty input",
        ),
        (
            "garbage.bin",
            "expected an X.509 certificate, found data that is not PEM, DER or Base64",
        ),
        (
            "jwt-rs256-valid.txt",
            "expected an X.509 certificate, found a JWT",
        ),
        (
            "bad-wrong-label.pem",
            "expected an X.509 certificate, found a PEM block labelled 'CERTIFICATE REQUEST'",
        ),
    ];
    for (file, message) in cases {
        let out = run(&["thumbprint", &fx(file)]);
        assert_error(&out, &format!("error: {}: {message}", fx(file)));
    }
    let out = run(&["thumbprint", "/nonexistent/cert.pem"]);
    assert_error(
        &out,
        "error: cannot read /nonexistent/cert.pem: No such file or directory",
    );
}

#[test]
fn thumbprint_refuses_a_truncated_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let der = std::fs::read(fixture("client.der")).unwrap();
    let path = dir.path().join("cut.der");
    std::fs::write(&path, &der[..der.len() - 10]).unwrap();
    let out = run(&["thumbprint", path.to_str().unwrap()]);
    assert_error(
        &out,
        "cut.der: expected an X.509 certificate, found malformed DER",
    );
}

/// Every certificate of the system trust store: keysmith's SHA-1 and SHA-256
/// equal `openssl x509 -fingerprint`'s, certificate by certificate.
#[test]
fn thumbprint_matches_openssl_for_the_system_bundle() {
    let bundle_path = "/etc/ssl/certs/ca-certificates.crt";
    let bundle = std::fs::read_to_string(bundle_path)
        .expect("the system CA bundle must exist (.ci/run installs ca-certificates)");
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (i, chunk) in bundle.split("-----END CERTIFICATE-----").enumerate() {
        let Some(start) = chunk.find("-----BEGIN CERTIFICATE-----") else {
            continue;
        };
        let path = dir.path().join(format!("{i}.pem"));
        std::fs::write(
            &path,
            format!("{}-----END CERTIFICATE-----\n", &chunk[start..]),
        )
        .unwrap();
        files.push(path);
    }
    assert!(files.len() > 50, "only {} certificates", files.len());
    let ours = |flag: &str| -> Vec<String> {
        let mut args = vec!["thumbprint", "--json", flag, bundle_path];
        args.retain(|a| !a.is_empty());
        let out = run(&args);
        stdout_ok(&out);
        let key = if flag.is_empty() { "sha1" } else { "sha256" };
        json(&out)
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v[key].as_str().unwrap().to_owned())
            .collect()
    };
    let (sha1, sha256) = (ours(""), ours("--sha256"));
    assert_eq!(sha1.len(), files.len());
    for (i, path) in files.iter().enumerate() {
        for (digest, ours) in [("-sha1", &sha1[i]), ("-sha256", &sha256[i])] {
            let text = openssl_ok(&[
                "x509",
                "-in",
                path.to_str().unwrap(),
                "-noout",
                "-fingerprint",
                digest,
            ]);
            let text = String::from_utf8(text).unwrap();
            let theirs = text.trim().rsplit('=').next().unwrap().replace(':', "");
            assert_eq!(ours, &theirs, "certificate {i} {digest}");
        }
    }
}

// ---------------------------------------------------------------- inspect

#[test]
fn inspect_certificate_json_has_the_spec_fields() {
    let out = run(&["inspect", &fx("client.pem"), "--json", "--now", NOW]);
    stdout_ok(&out);
    assert_eq!(
        json(&out),
        serde_json::json!({
            "kind": "certificate",
            "subject": CLIENT,
            "issuer": INTERMEDIATE,
            "serial": "1001",
            "not_before": "2026-01-01T00:00:00Z",
            "not_after": "2028-01-01T00:00:00Z",
            "expired": false,
            "not_yet_valid": false,
            "key_algorithm": "rsa",
            "key_bits": 2048,
            "subject_alt_names": ["DNS:client.example.com", "DNS:api.client.example.com"],
            "key_usage": ["digitalSignature"],
            "sha1": CLIENT_SHA1,
            "sha256": CLIENT_SHA256,
        })
    );
}

#[test]
fn inspect_handles_serial_zero_and_ec_keys() {
    let out = run(&["inspect", &fx("selfsigned.pem"), "--json", "--now", NOW]);
    let v = json(&out);
    assert_eq!(
        (v["serial"].as_str(), v["key_bits"].as_u64()),
        (Some("00"), Some(2048))
    );
    let out = run(&["inspect", &fx("ec-cert.pem"), "--json", "--now", NOW]);
    let v = json(&out);
    assert_eq!(v["key_algorithm"], "ec");
    assert_eq!(v["key_bits"], 256);
    assert_eq!(v["sha1"], bare(FINGERPRINTS[8].1));
}

#[test]
fn inspect_judges_expiry_at_now() {
    let v = json(&run(&[
        "inspect",
        &fx("client-expired.pem"),
        "--json",
        "--now",
        NOW,
    ]));
    assert_eq!(
        (v["expired"].as_bool(), v["not_yet_valid"].as_bool()),
        (Some(true), Some(false))
    );
    let v = json(&run(&[
        "inspect",
        &fx("client-notyet.pem"),
        "--json",
        "--now",
        NOW,
    ]));
    assert_eq!(
        (v["expired"].as_bool(), v["not_yet_valid"].as_bool()),
        (Some(false), Some(true))
    );
}

#[test]
fn inspect_bundle_and_several_files_print_an_array() {
    let v = json(&run(&[
        "inspect",
        &fx("bundle-3certs.pem"),
        "--json",
        "--now",
        NOW,
    ]));
    let subjects: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["subject"].as_str().unwrap())
        .collect();
    assert_eq!(subjects, [CLIENT, INTERMEDIATE, ROOT]);
    let out = run(&[
        "inspect",
        &fx("client.der"),
        &fx("ec-cert.pem"),
        "--json",
        "--now",
        NOW,
    ]);
    stdout_ok(&out);
    assert_eq!(json(&out).as_array().unwrap().len(), 2);
}

#[test]
fn inspect_reads_pkcs12_with_a_passphrase() {
    let out = run(&[
        "inspect",
        &fx("client-legacy.p12"),
        "--passphrase-file",
        &fx("passphrase.txt"),
        "--json",
        "--now",
        NOW,
    ]);
    stdout_ok(&out);
    assert_eq!(json(&out)[0]["sha1"], CLIENT_SHA1);
}

#[test]
fn inspect_certificate_text_names_state_and_thumbprints() {
    let out = run(&["inspect", &fx("client-expired.pem"), "--now", NOW]);
    let text = stdout_ok(&out);
    assert!(
        text.starts_with("kind:        certificate (EXPIRED)\n"),
        "{text}"
    );
    assert!(
        text.contains(&format!("sha1:        {}\n", bare(FINGERPRINTS[5].1))),
        "{text}"
    );
}

#[test]
fn inspect_refuses_keys_among_several_certificate_files() {
    let out = run(&["inspect", &fx("client.pem"), &fx("rsa2048-spki.pem")]);
    assert_error(
        &out,
        &format!(
            "{}: expected an X.509 certificate, found a public key",
            fx("rsa2048-spki.pem")
        ),
    );
}

/// Runs keysmith on `input` (standard input) with standard output a pipe whose
/// reading end is closed before keysmith has read its input, so before it writes.
fn run_into_closed_pipe(args: &[&str], input: &[u8]) -> std::process::Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_keysmith"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input).unwrap();
    drop(stdin);
    child.wait_with_output().unwrap()
}

#[test]
fn thumbprint_verdict_survives_a_closed_pipe() {
    let bundle = fixture_bytes("bundle-3certs.pem");
    let wrong = "00".repeat(20);
    for (args, code) in [
        (vec!["thumbprint", "-", "--expect", &wrong], 1),
        (vec!["thumbprint", "-"], 0),
        (vec!["thumbprint", "-", "--expect", &wrong, "--json"], 1),
    ] {
        let out = run_into_closed_pipe(&args, &bundle);
        assert_eq!(out.status.code(), Some(code), "{args:?}");
        assert_eq!(stderr_of(&out), "", "{args:?}");
    }
}
