//! inspect for keys: text, --json and --fix.

use serde_json::json;

use crate::util::*;

/// `openssl rsa -noout -modulus` of the rsa2048 key (testdata/README.md).
const RSA2048_MODULUS: &str = "B86B393BE0BB4D88A48BC163820A27C6C8E96B31B2776D867DAA775C62EBC715FE35A2B22926574B8C7746E87E9F1B7DE1B9FA7F98DBF7F859E465C01D3B2F9B6187BCAC9B3FBD70F6E6472BA92A68F50F6C41EF669F412D65F0247BB8440701B20781C373ED422ACA3364490374CD23CCFDCCC68DACF9BA5859930E9E80A7AE8E2DB0C16490EBC072CB47D051638E7464986F3F68B33A34BF9E38E10775D9F45633B5C37D5D0DD6BA27459265AC636A2705CE82C643B968ECF07FAE258B0852580E72A38E5393CFCCBAD58950BE1E53CDB4C635DFD9D95A45366FB363B3F92635B5F8E062CF408F15E36F5624DC86973BB79A019A0E8897A9B4980F08ADF3CF";

/// SPKI SHA-256 of the rsa2048 key (testdata/README.md), uppercase.
const RSA2048_SPKI_SHA256: &str =
    "3E225AC8590E649C3AC6FDF8BC379D0BE0590F6DD8494D5F1DC1C1C04F9F19CE";

fn inspect_json(name: &str) -> serde_json::Value {
    let out = run(&[
        "inspect",
        "--json",
        &fx(name),
        "--passphrase-file",
        &passphrase_file(),
    ]);
    let json = stdout_json(&out);
    assert_one_list_of_warnings(&out, &json);
    json
}

/// The warnings on stderr are exactly the JSON report's `warnings`, in order.
fn assert_one_list_of_warnings(out: &std::process::Output, json: &serde_json::Value) {
    let stderr = stderr_of(out);
    let printed: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("warning: "))
        .collect();
    let reported: Vec<&str> = json["warnings"]
        .as_array()
        .map(|w| w.iter().filter_map(|w| w.as_str()).collect())
        .unwrap_or_default();
    let (mut printed_sorted, mut reported_sorted) = (printed.clone(), reported.clone());
    printed_sorted.sort_unstable();
    reported_sorted.sort_unstable();
    assert_eq!(
        printed_sorted, reported_sorted,
        "stderr: {stderr}\njson: {json}"
    );
}

/// The JSON of the rsa2048 key in a given form.
fn rsa2048(kind: &str, format: &str, encoding: &str, encrypted: bool) -> serde_json::Value {
    let mut v = json!({
        "kind": kind,
        "format": format,
        "encoding": encoding,
        "encrypted": encrypted,
        "encryption": if encrypted { json!("pbes2") } else { json!(null) },
        "bits": 2048,
        "public_exponent": 65537,
        "modulus": RSA2048_MODULUS,
        "spki_sha256": RSA2048_SPKI_SHA256,
        "warnings": [],
    });
    if kind == "rsa-private-key" {
        v["consistent"] = json!(true);
    }
    v
}

#[test]
fn inspect_json_describes_every_form_of_a_key() {
    let private = "rsa-private-key";
    let public = "rsa-public-key";
    let cases = [
        ("rsa2048-pkcs8.pem", private, "pkcs8", "pem", false),
        ("rsa2048-pkcs8.der", private, "pkcs8", "der", false),
        ("rsa2048-pkcs1.pem", private, "pkcs1", "pem", false),
        ("rsa2048-pkcs1.der", private, "pkcs1", "der", false),
        ("rsa2048-pkcs8-crlf.pem", private, "pkcs8", "pem", false),
        ("rsa2048-pkcs8-escaped.txt", private, "pkcs8", "pem", false),
        (
            "rsa2048-pkcs8-enc-aes256.pem",
            private,
            "pkcs8",
            "pem",
            true,
        ),
        (
            "rsa2048-pkcs8-enc-aes256.der",
            private,
            "pkcs8",
            "der",
            true,
        ),
        (
            "rsa2048-pkcs8-enc-aes128-sha1.pem",
            private,
            "pkcs8",
            "pem",
            true,
        ),
        ("rsa2048-pkcs8-enc-des3.pem", private, "pkcs8", "pem", true),
        ("rsa2048-spki.pem", public, "spki", "pem", false),
        ("rsa2048-spki.der", public, "spki", "der", false),
        ("rsa2048-pkcs1-pub.pem", public, "pkcs1", "pem", false),
        ("rsa2048-pkcs1-pub.der", public, "pkcs1", "der", false),
        ("rsa2048-spki-crlf.pem", public, "spki", "pem", false),
        ("rsa2048-spki-oneline.pem", public, "spki", "pem", false),
        ("rsa2048-spki-escaped.txt", public, "spki", "pem", false),
        ("rsa2048-spki-junk.pem", public, "spki", "pem", false),
        ("rsa2048-spki-nonewline.pem", public, "spki", "pem", false),
        ("rsa2048-spki-der.b64", public, "spki", "der", false),
        ("rsa2048-spki-pem.b64", public, "spki", "pem", false),
    ];
    for (name, kind, format, encoding, encrypted) in cases {
        // A repaired form also has the repair's warning (`inspect_json` checks it is the
        // one printed on stderr).
        let mut got = inspect_json(name);
        let warnings = got["warnings"].take();
        got["warnings"] = json!([]);
        assert_eq!(got, rsa2048(kind, format, encoding, encrypted), "{name}");
        let repair = if name.contains("escaped") {
            vec![format!(
                "{}: PEM had literal \\n sequences instead of line breaks; they were replaced",
                fx(name)
            )]
        } else if name.contains("oneline") {
            vec![format!(
                "{}: PEM was squashed onto one line; line breaks were restored",
                fx(name)
            )]
        } else {
            vec![]
        };
        assert_eq!(warnings, json!(repair), "{name}");
    }
}

#[test]
fn inspect_json_other_sizes() {
    for (name, bits) in [
        ("rsa3072-pkcs8.pem", 3072),
        ("rsa3072-spki.pem", 3072),
        ("rsa4096-pkcs1.der", 4096),
        ("rsa4096-pkcs8-enc-aes256.pem", 4096),
        ("rsa4096-spki.der", 4096),
    ] {
        let json = inspect_json(name);
        assert_eq!(json["bits"], bits, "{name}");
        assert_eq!(json["warnings"], json!([]), "{name}");
        let modulus = json["modulus"].as_str().unwrap();
        assert_eq!(modulus.len(), bits / 4, "{name}");
    }
    assert_eq!(
        inspect_json("rsa4096-spki.pem")["spki_sha256"],
        "87E3DDC05E3B956B429D98BCBEE9951BCC406E95AC0D7413F557B3DA72B321DA"
    );
}

#[test]
fn inspect_warns_about_small_keys() {
    let json = inspect_json("rsa1024-pkcs8.pem");
    assert_eq!(json["bits"], 1024);
    assert_eq!(
        json["spki_sha256"],
        "A045D57607EFCD7DE10A5B257512E4D88982B9076186103EF0A0BB5C005867FA"
    );
    assert_eq!(
        json["modulus"],
        "C163A1D4EDF4DF83274E4619F294EDA0A250F7455BCA9362BE5503F42B37008F9445DD9EBD474B69D2C818F2A3847B8F654ED38A7BFD0B05C90DF74084AC4D81F0182B9293D37D21005ECBD9000524E7638160D56F16FFEA6C161CF3749DE26F8311230D9F93F01D19D1B2D5D44A72E4A1AB68E30C9D3D9ED2477B808B69C883"
    );
    assert_eq!(
        json["warnings"],
        json!(["1024-bit key: under 2048 bits, which partners and current guidance reject"])
    );
    let out = run(&["inspect", &fx("rsa1024-pkcs8.pem")]);
    let text = stdout_ok(&out);
    assert!(text.contains(
        "\nwarning:         1024-bit key: under 2048 bits, which partners and current guidance reject\n"
    ));
}

#[test]
fn inspect_warns_about_exponent_3() {
    let json = inspect_json("rsa2048-e3-pkcs8.pem");
    assert_eq!(json["public_exponent"], 3);
    assert_eq!(json["consistent"], true);
    assert_eq!(
        json["spki_sha256"],
        "89D10FFE888BE0F91E96FCC10FBE5FE7EFD92B20A71D535BE6F7F1565A277AE2"
    );
    assert_eq!(
        json["warnings"],
        json!(["public exponent is not 65537; some libraries refuse such keys"])
    );
    let text = stdout_ok(&run(&["inspect", &fx("rsa2048-e3-pkcs8.pem")]));
    assert!(text.contains("\npublic exponent: 3\n"));
    assert!(text.contains(
        "\nwarning:         public exponent is not 65537; some libraries refuse such keys\n"
    ));
}

#[test]
fn inspect_text_for_a_public_key() {
    let path = fx("rsa2048-spki.pem");
    let out = run(&["inspect", &path]);
    assert_eq!(
        String::from_utf8(stdout_clean(&out)).unwrap(),
        format!(
            "kind:            RSA public key (SPKI, PEM)\n\
             bits:            2048\n\
             public exponent: 65537\n\
             modulus:         {RSA2048_MODULUS}\n\
             spki sha256:     {RSA2048_SPKI_SHA256}\n\
             convert with:\n  \
             keysmith convert {path} --to pkcs8{pad}  # BEGIN PUBLIC KEY (SPKI)\n  \
             keysmith convert {path} --to pkcs1{pad}  # BEGIN RSA PUBLIC KEY\n  \
             keysmith convert {path} --to pkcs8 --der -o {der}  # DER\n",
            der = fx("rsa2048-spki-spki.der"),
            pad = " ".repeat(" --der -o ".len() + fx("rsa2048-spki-spki.der").len()),
        )
    );
}

/// `convert with:` lines: two spaces, the commands padded to one width, `  # ` and the comment.
fn aligned(hints: &[(String, &str)]) -> String {
    let width = hints.iter().map(|(c, _)| c.chars().count()).max().unwrap();
    hints
        .iter()
        .map(|(command, what)| format!("  {command:width$}  # {what}\n"))
        .collect()
}

#[test]
fn inspect_text_for_a_private_key() {
    let path = fx("rsa2048-pkcs1.der");
    let stem = fx("rsa2048-pkcs1");
    let out = run(&["inspect", &path]);
    assert_eq!(
        String::from_utf8(stdout_clean(&out)).unwrap(),
        format!(
            "kind:            RSA private key (PKCS#1, DER)\n\
             bits:            2048\n\
             public exponent: 65537\n\
             modulus:         {RSA2048_MODULUS}\n\
             spki sha256:     {RSA2048_SPKI_SHA256}\n\
             consistent:      yes (p·q = n, e·d ≡ 1)\n\
             convert with:\n{}",
            aligned(&[
                (format!("keysmith pubkey {path}"), "BEGIN PUBLIC KEY"),
                (
                    format!("keysmith convert {path} --to pkcs8 -o {stem}-pkcs8.pem"),
                    "BEGIN PRIVATE KEY"
                ),
                (
                    format!("keysmith convert {path} --to pkcs1 -o {stem}-pkcs1.pem"),
                    "BEGIN RSA PRIVATE KEY"
                ),
                (
                    format!("keysmith convert {path} --to pkcs8 --der -o {stem}-pkcs8.der"),
                    "DER"
                ),
                (
                    format!("keysmith convert {path} --to pkcs8 --encrypt -o {stem}-encrypted.pem"),
                    "BEGIN ENCRYPTED PRIVATE KEY (asks for a passphrase)"
                ),
            ]),
        )
    );
}

/// Runs the shell line `command` on a terminal (util-linux `script`) in `dir`, with the
/// `keysmith` under test first on `PATH`, typing `typed`.
fn on_terminal_in(dir: &std::path::Path, typed: &[u8], command: &str) -> (Option<i32>, String) {
    let binary = std::path::Path::new(env!("CARGO_BIN_EXE_keysmith"));
    let path = std::env::join_paths(
        std::iter::once(binary.parent().unwrap().to_path_buf()).chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )),
    )
    .unwrap();
    let out = assert_cmd::Command::new("script")
        .args(["-qec", command, "/dev/null"])
        .current_dir(dir)
        .env("PATH", path)
        .write_stdin(typed.to_vec())
        .output()
        .expect("util-linux script must be installed (.ci/run installs it)");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n"),
    )
}

// Issue 10 §7: the "convert with" hints omitted the passphrase and --decrypt of an encrypted
// key (the --to pkcs1 one failed) and printed private keys to the terminal, which convert
// refuses. Every hint printed for a plain and an encrypted key is run, on a terminal, as printed.
#[test]
fn issue_10_inspect_convert_hints_run_as_printed() {
    for (key, options) in [
        ("rsa2048-pkcs1.der", &[][..]),
        (
            "rsa2048-pkcs8-enc-aes256.pem",
            &["--passphrase-file", "passphrase.txt"][..],
        ),
        ("rsa2048-spki.pem", &[][..]),
    ] {
        let dir = tempfile::tempdir().unwrap();
        for name in [key, "passphrase.txt"] {
            std::fs::copy(fixture(name), dir.path().join(name)).unwrap();
        }
        let out = keysmith()
            .current_dir(dir.path())
            .args([&["inspect", key][..], options].concat())
            .output()
            .unwrap();
        let text = stdout_ok(&out);
        let (_, hints) = text.split_once("convert with:\n").expect(&text);
        let hints: Vec<&str> = hints.lines().map(str::trim).collect();
        assert!(hints.len() >= 3, "{key}: {text}");
        for hint in hints {
            let (command, what) = hint.split_once("  # ").expect(hint);
            let command = command.trim_end();
            let (code, shown) =
                on_terminal_in(dir.path(), b"correct horse\ncorrect horse\n", command);
            assert_eq!(code, Some(0), "{key}: `{command}`:\n{shown}");
            // It writes what its comment says.
            let written = match command.split_once(" -o ") {
                Some((_, path)) => std::fs::read(dir.path().join(path)).expect(command),
                None => shown.into_bytes(),
            };
            match what.strip_prefix("BEGIN ") {
                Some(label) => {
                    let label = label.split(" (").next().unwrap();
                    let header = format!("-----BEGIN {label}-----\n");
                    let written = String::from_utf8_lossy(&written);
                    assert!(written.contains(&header), "{key}: `{command}`: {written}");
                }
                None => assert_eq!(written.first(), Some(&0x30), "{key}: `{command}`: DER"),
            }
        }
    }
}

#[test]
fn inspect_text_says_encrypted() {
    let out = run(&[
        "inspect",
        &fx("rsa2048-pkcs8-enc-aes256.pem"),
        "--passphrase-file",
        &passphrase_file(),
    ]);
    let text = String::from_utf8(stdout_clean(&out)).unwrap();
    assert!(text.starts_with("kind:            RSA private key (PKCS#8, PEM, encrypted)\n"));
}

#[test]
fn inspect_reads_standard_input() {
    let out = run_stdin(
        &["inspect", "--json", "-"],
        fixture_bytes("rsa2048-spki.der"),
    );
    assert_eq!(
        stdout_json(&out),
        rsa2048("rsa-public-key", "spki", "der", false)
    );
}

#[test]
fn inspect_reports_repairs_on_stderr() {
    for (name, repair) in [
        (
            "rsa2048-spki-oneline.pem",
            "PEM was squashed onto one line; line breaks were restored",
        ),
        (
            "rsa2048-spki-escaped.txt",
            "PEM had literal \\n sequences instead of line breaks; they were replaced",
        ),
    ] {
        let out = run(&["inspect", "--json", &fx(name)]);
        stdout_json(&out);
        assert_eq!(
            stderr_of(&out),
            format!("warning: {}: {repair}\n", fx(name))
        );
    }
}

#[test]
fn inspect_encrypted_without_passphrase_names_the_flags() {
    let out = run(&["inspect", &fx("rsa2048-pkcs8-enc-aes256.der")]);
    assert_error_exact(
        &out,
        &format!(
            "{}: expected a key, found an encrypted private key and no passphrase; \
             give --passphrase-file or --passphrase-env",
            fx("rsa2048-pkcs8-enc-aes256.der")
        ),
    );
}

#[test]
fn inspect_wrong_passphrase_fails() {
    let out = run(&[
        "inspect",
        &fx("rsa2048-pkcs8-enc-aes256.pem"),
        "--passphrase-file",
        &fx("wrong-passphrase.txt"),
    ]);
    assert_error_exact(
        &out,
        &format!(
            "{}: wrong passphrase (decryption failed)",
            fx("rsa2048-pkcs8-enc-aes256.pem")
        ),
    );
}

#[test]
fn inspect_fix_prints_canonical_public_pem() {
    let expected = fixture_bytes("rsa2048-spki.pem");
    for name in [
        "rsa2048-spki.pem",
        "rsa2048-spki-oneline.pem",
        "rsa2048-spki-escaped.txt",
        "rsa2048-spki-crlf.pem",
        "rsa2048-spki-junk.pem",
        "rsa2048-spki-nonewline.pem",
        "rsa2048-spki.der",
        "rsa2048-spki-der.b64",
        "rsa2048-spki-pem.b64",
    ] {
        let out = run(&["inspect", "--fix", &fx(name)]);
        assert_eq!(stdout_ok(&out).as_bytes(), expected, "{name}");
        assert!(!stderr_of(&out).contains("error"), "{name}");
    }
    let out = run(&["inspect", "--fix", &fx("rsa2048-pkcs1-pub.der")]);
    assert_eq!(stdout_clean(&out), fixture_bytes("rsa2048-pkcs1-pub.pem"));
}

#[test]
fn inspect_fix_prints_canonical_private_pem() {
    for (name, expected) in [
        ("rsa2048-pkcs8-escaped.txt", "rsa2048-pkcs8.pem"),
        ("rsa2048-pkcs8-crlf.pem", "rsa2048-pkcs8.pem"),
        ("rsa2048-pkcs8.der", "rsa2048-pkcs8.pem"),
        ("rsa2048-pkcs1.der", "rsa2048-pkcs1.pem"),
        ("rsa4096-pkcs8.der", "rsa4096-pkcs8.pem"),
    ] {
        let out = run(&["inspect", "--fix", &fx(name), "-o", "-"]);
        assert_eq!(
            stdout_ok(&out).as_bytes(),
            fixture_bytes(expected),
            "{name}"
        );
    }
}

#[test]
fn inspect_fix_of_an_oneline_private_key_from_an_env_file() {
    let pem = String::from_utf8(fixture_bytes("rsa2048-pkcs1.pem")).unwrap();
    let squashed = format!("{}\n", pem.trim_end().replace('\n', " "));
    let out = run_stdin(&["inspect", "--fix", "-", "-o", "-"], squashed);
    assert_eq!(
        stdout_ok(&out).as_bytes(),
        fixture_bytes("rsa2048-pkcs1.pem")
    );
    assert_eq!(
        stderr_of(&out),
        "warning: standard input: PEM was squashed onto one line; line breaks were restored\n"
    );
}

#[test]
fn inspect_fix_keeps_an_encrypted_key_encrypted() {
    let out = run(&[
        "inspect",
        "--fix",
        &fx("rsa2048-pkcs8-enc-aes256.der"),
        "--passphrase-file",
        &passphrase_file(),
        "-o",
        "-",
    ]);
    let fixed = stdout_clean(&out);
    assert!(fixed.starts_with(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
    let out = run_stdin(
        &["pubkey", "-", "--passphrase-file", &passphrase_file()],
        fixed,
    );
    assert_eq!(stdout_clean(&out), fixture_bytes("rsa2048-spki.pem"));
}

#[test]
fn inspect_fix_writes_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("fixed.pem");
    let path = target.display().to_string();
    let out = run(&[
        "inspect",
        "--fix",
        &fx("rsa2048-pkcs8-escaped.txt"),
        "-o",
        &path,
    ]);
    assert_eq!(stdout_ok(&out), "");
    assert_eq!(
        std::fs::read(&target).unwrap(),
        fixture_bytes("rsa2048-pkcs8.pem")
    );
    assert_eq!(mode(&target), 0o600);
    let again = run(&["inspect", "--fix", &fx("rsa2048-pkcs8.der"), "-o", &path]);
    assert_error_exact(
        &again,
        &format!("{path} already exists; use --force to replace it"),
    );
    let forced = run(&[
        "inspect",
        "--fix",
        &fx("rsa2048-pkcs1.der"),
        "-o",
        &path,
        "--force",
    ]);
    stdout_clean(&forced);
    assert_eq!(
        std::fs::read(&target).unwrap(),
        fixture_bytes("rsa2048-pkcs1.pem")
    );
    assert_eq!(mode(&target), 0o600);
    let public = dir.path().join("fixed-pub.pem");
    let out = run(&[
        "inspect",
        "--fix",
        &fx("rsa2048-spki-oneline.pem"),
        "-o",
        &public.display().to_string(),
    ]);
    assert_eq!(stdout_ok(&out), "");
    assert_eq!(
        std::fs::read(&public).unwrap(),
        fixture_bytes("rsa2048-spki.pem")
    );
    assert_public_mode(&public);
}

#[test]
fn inspect_fix_refuses_to_print_a_private_key_to_a_terminal() {
    let key = fx("rsa2048-pkcs8-escaped.txt");
    let (code, shown) = on_terminal(b"", &["inspect", "--fix", &key]);
    assert_eq!(code, Some(2), "{shown}");
    assert!(
        shown.ends_with(
            "error: refusing to print a private key to the terminal; use -o FILE, or -o - to print it anyway\n"
        ),
        "{shown}"
    );
    let (code, shown) = on_terminal(b"", &["inspect", "--fix", &key, "-o", "-"]);
    assert_eq!(code, Some(0), "{shown}");
    assert!(
        shown.ends_with(std::str::from_utf8(&fixture_bytes("rsa2048-pkcs8.pem")).unwrap()),
        "{shown}"
    );
}

// Issue 10 §7: `inspect --fix > key.pem` left the private key in a 0644 file the shell made.
#[test]
fn issue_10_inspect_fix_refuses_a_private_key_to_any_standard_output_without_dash_o() {
    let pass = passphrase_file();
    let plain = fx("rsa2048-pkcs8-escaped.txt");
    let encrypted = fx("rsa2048-pkcs8-enc-aes256.der");
    for key in [
        vec!["inspect", "--fix", &plain],
        vec!["inspect", "--fix", &encrypted, "--passphrase-file", &pass],
    ] {
        assert_error_exact(
            &run(&key),
            "refusing to print a private key to standard output, where a shell redirection \
             would make a file others can read; use -o FILE (written with mode 0600), \
             or -o - to print it anyway",
        );
        let with_dash_o = [key.as_slice(), &["-o", "-"]].concat();
        assert!(stdout_ok(&run(&with_dash_o)).contains("PRIVATE KEY-----\n"));
    }
    // A public key is no secret: it still goes to standard output as it is.
    let out = run(&["inspect", "--fix", &fx("rsa2048-spki-escaped.txt")]);
    assert_eq!(
        stdout_ok(&out).as_bytes(),
        fixture_bytes("rsa2048-spki.pem")
    );
}

#[test]
fn inspect_fix_re_encrypts_with_a_prompted_passphrase() {
    let (code, shown) = on_terminal(
        b"correct horse\n",
        &[
            "inspect",
            "--fix",
            &fx("rsa2048-pkcs8-enc-aes256.der"),
            "-o",
            "-",
        ],
    );
    assert_eq!(code, Some(0), "{shown}");
    assert!(shown.contains("Passphrase: "), "{shown}");
    assert!(
        shown.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"),
        "{shown}"
    );
    assert!(!shown.contains("-----BEGIN PRIVATE KEY-----"), "{shown}");
}

#[test]
fn inspect_reports_an_inconsistent_key_in_any_form_and_exits_1() {
    let warning = "private key is inconsistent (p·q ≠ n or e·d ≢ 1): it cannot sign; openssl rsa -check reports the same";
    for (name, format, encoding) in [
        ("rsa2048-inconsistent.pem", "pkcs1", "pem"),
        ("rsa2048-inconsistent-pkcs8.der", "pkcs8", "der"),
    ] {
        let out = run(&["inspect", &fx(name), "--json"]);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr_of(&out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["kind"], "rsa-private-key", "{name}");
        assert_eq!(
            (&v["format"], &v["encoding"]),
            (&json!(format), &json!(encoding))
        );
        assert_eq!(v["consistent"], false, "{name}");
        // The public half is the rsa2048 key's.
        assert_eq!(
            v["spki_sha256"],
            "3E225AC8590E649C3AC6FDF8BC379D0BE0590F6DD8494D5F1DC1C1C04F9F19CE"
        );
        assert_eq!(v["warnings"], json!([warning]), "{name}");
        let out = run(&["inspect", &fx(name)]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("\nconsistent:      NO\n"), "{text}");
    }
}

// Issue 10 §7: `--json` had empty `warnings` while stderr warned (a repaired PEM), and a weak
// key's warning was in the JSON but never on stderr. One list, both places, in every command
// with --json that warns.
#[test]
fn issue_10_json_warnings_are_the_warnings_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    // A certificate and a public key squashed onto one line, as pasted into a JSON config.
    let squash = |name: &str| {
        let pem = String::from_utf8(fixture_bytes(name)).unwrap();
        let path = dir.path().join(format!("oneline-{name}"));
        std::fs::write(&path, format!("{}\n", pem.trim_end().replace('\n', " "))).unwrap();
        path.display().to_string()
    };
    let cert = squash("client.pem");
    let public = squash("rsa2048-spki.pem");
    let squashed =
        |path: &str| format!("{path}: PEM was squashed onto one line; line breaks were restored");
    let weak = "1024-bit key: under 2048 bits, which partners and current guidance reject";
    let pass = passphrase_file();
    for (args, expected) in [
        (vec!["inspect", "--json", &cert], vec![squashed(&cert)]),
        (vec!["inspect", "--json", &public], vec![squashed(&public)]),
        (
            vec!["inspect", "--json", &cert, &cert],
            vec![squashed(&cert), squashed(&cert)],
        ),
        (vec!["thumbprint", "--json", &cert], vec![squashed(&cert)]),
        (
            vec!["inspect", "--json", &fx("rsa1024-pkcs8.pem")],
            vec![weak.to_owned()],
        ),
        (
            vec![
                "check",
                "--json",
                "--key",
                &fx("rsa2048-pkcs8-enc-aes256.pem"),
                "--passphrase-file",
                &pass,
                "--public",
                &public,
            ],
            vec![squashed(&public)],
        ),
    ] {
        let out = run(&args);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            stderr_of(&out)
        );
        let json = stdout_json(&out);
        let printed: Vec<String> = stderr_of(&out)
            .lines()
            .filter_map(|l| l.strip_prefix("warning: ").map(str::to_owned))
            .collect();
        assert_eq!(printed, expected, "{args:?}");
        // An array report (several certificates) carries them in each element.
        let reports = match &json {
            serde_json::Value::Array(items) => items.clone(),
            one => vec![one.clone()],
        };
        for report in reports {
            assert_eq!(report["warnings"], json!(expected), "{args:?}: {json}");
        }
    }
}

/// A key under 2048 bits gets no `convert with:` hints (they fail as printed under
/// 1024 bits) and no re-encrypt advice: `inspect` advises a new key instead.
#[test]
fn issue_10_inspect_advises_a_new_key_for_small_keys() {
    for file in ["rsa512-pkcs8.pem", "rsa512-spki.pem", "rsa1024-pkcs8.pem"] {
        let text = stdout_ok(&run(&["inspect", &fx(file)]));
        assert!(!text.contains("convert"), "{text}");
        let bits = if file.starts_with("rsa512") {
            512
        } else {
            1024
        };
        assert!(
            text.ends_with(&format!(
                "replace with:\n  keysmith keygen  # a new 2048-bit key pair: \
                 a {bits}-bit key is too small to use\n"
            )),
            "{text}"
        );
    }
    // A small key in a legacy encryption: no re-encrypt advice either.
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("small.pem");
    let pass = passphrase_file();
    let made = openssl(&[
        "pkcs8",
        "-topk8",
        "-v1",
        "PBE-SHA1-3DES",
        "-in",
        &fx("rsa512-pkcs8.pem"),
        "-passout",
        &format!("file:{pass}"),
        "-out",
        key.to_str().unwrap(),
    ]);
    assert!(made.status.success(), "{made:?}");
    let out = run(&["inspect", key.to_str().unwrap(), "--passphrase-file", &pass]);
    let text = stdout_ok(&out);
    assert!(!text.contains("convert"), "{text}");
    assert!(
        text.contains(
            "a weak legacy scheme; a 512-bit key is too small to keep: \
             generate a new key pair with keysmith keygen\n"
        ),
        "{text}"
    );
    assert!(!stderr_of(&out).contains("convert"), "{}", stderr_of(&out));
}

/// Issue 11: `inspect --fix` rewrites RSA keys only; with one key loader for
/// every algorithm, an EC or Ed25519 key (encrypted or not) is still refused
/// with the RSA loader's message, and nothing is written.
#[test]
fn issue_11_inspect_fix_refuses_ec_and_ed25519_keys_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("fixed.pem");
    let out = path_str(&out);
    let pass = passphrase_file();
    for (name, found) in [
        ("ec-p256.pem", "an elliptic-curve (EC) key"),
        ("ec-p256-pkcs8-enc.pem", "an elliptic-curve (EC) key"),
        ("ed25519-pub.pem", "an Ed25519/Ed448 key"),
    ] {
        let key = fx(name);
        let result = run(&[
            "inspect",
            "--fix",
            &key,
            "--passphrase-file",
            &pass,
            "-o",
            &out,
        ]);
        assert_eq!(exit_code(&result), Some(2), "{name}");
        assert_error_exact(
            &result,
            &format!("{key}: expected a key, found {found}, where only an RSA key will do"),
        );
        assert!(!dir.path().join("fixed.pem").exists(), "{name}");
    }
    // Without a passphrase: a key on a curve keysmith does not handle, and an EC
    // key in the legacy PEM encryption, are refused as EC keys before anything is
    // decrypted (no "needs a passphrase", no prompt).
    for name in ["ec-secp256k1.pem", "ec-p256-sec1-legacy-enc.pem"] {
        let key = fx(name);
        let result = run(&["inspect", "--fix", &key, "-o", &out]);
        assert_eq!(exit_code(&result), Some(2), "{name}");
        assert_error_exact(
            &result,
            &format!(
                "{key}: expected a key, found an elliptic-curve (EC) key, where only an RSA key will do"
            ),
        );
        assert!(!dir.path().join("fixed.pem").exists(), "{name}");
    }
}

/// Issue 11: one key report for every algorithm; its JSON keeps each
/// algorithm's fields in their order (RSA: exponent and modulus; EC and
/// Ed25519: curve and public point).
#[test]
fn issue_11_inspect_json_keeps_each_algorithms_field_order() {
    let head = ["kind", "format", "encoding", "encrypted", "encryption"];
    let rsa = ["bits", "public_exponent", "modulus", "spki_sha256"];
    let curve = ["curve", "bits", "public_key", "spki_sha256"];
    for (name, kind, middle, private) in [
        ("rsa2048-pkcs8.pem", "rsa-private-key", rsa, true),
        ("rsa2048-spki.pem", "rsa-public-key", rsa, false),
        ("ec-p256-sec1.pem", "ec-private-key", curve, true),
        ("ec-p384-pub.pem", "ec-public-key", curve, false),
        ("ed25519.pem", "ed25519-private-key", curve, true),
        ("ed25519-pub.pem", "ed25519-public-key", curve, false),
    ] {
        let out = run(&["inspect", "--json", &fx(name)]);
        let json = stdout_json(&out);
        let fields: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected: Vec<&str> = head.iter().chain(&middle).copied().collect();
        if private {
            expected.push("consistent");
        }
        expected.push("warnings");
        assert_eq!(fields, expected, "{name}");
        assert_eq!(json["kind"], kind, "{name}");
    }
}
