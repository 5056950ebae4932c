//! b64: encode, --url, -d.

use crate::util::*;

/// `base64 -w0 FILE` from coreutils (fails, never skips, when missing).
const FILES: [&str; 6] = [
    "empty.txt",
    "garbage.bin",
    "msg-hello.txt",
    "msg-1mb.bin",
    "rsa2048-spki.pem",
    "rsa2048-spki.der",
];

#[test]
fn b64_equals_base64_w0_plus_newline() {
    for name in FILES {
        let out = run(&["b64", &fx(name)]);
        let expected = format!("{}\n", coreutils_base64(fx(name)));
        assert_eq!(
            String::from_utf8(stdout_clean(&out)).unwrap(),
            expected,
            "{name}"
        );
    }
}

#[test]
fn b64_of_the_spki_pem_is_the_fixture() {
    let out = run(&["b64", &fx("rsa2048-spki.pem")]);
    assert_eq!(stdout_clean(&out), fixture_bytes("rsa2048-spki-pem.b64"));
    let out = run(&["b64", &fx("rsa2048-spki.der")]);
    assert_eq!(stdout_clean(&out), fixture_bytes("rsa2048-spki-der.b64"));
}

#[test]
fn b64_url_is_unpadded_base64url() {
    for name in FILES {
        let out = run(&["b64", "--url", &fx(name)]);
        let expected: String = coreutils_base64(fx(name))
            .chars()
            .filter(|&c| c != '=')
            .map(|c| match c {
                '+' => '-',
                '/' => '_',
                c => c,
            })
            .collect();
        assert_eq!(
            String::from_utf8(stdout_clean(&out)).unwrap(),
            format!("{expected}\n"),
            "{name}"
        );
    }
    let out = run_stdin(&["b64", "--url", "-"], b"\xfb\xff".to_vec());
    assert_eq!(stdout_clean(&out), b"-_8\n");
}

#[test]
fn b64_decode_round_trips() {
    for name in FILES {
        for url in [false, true] {
            let mut args = vec!["b64"];
            if url {
                args.push("--url");
            }
            let encoded = stdout_clean(&run(&[&args[..], &[&*fx(name)]].concat()));
            let decoded = run_stdin(&[&args[..], &["-d", "-"]].concat(), encoded);
            assert_eq!(
                stdout_clean(&decoded),
                fixture_bytes(name),
                "{name} url={url}"
            );
        }
    }
}

#[test]
fn b64_decode_accepts_wrapped_base64_and_file_argument() {
    // `base64` without -w0 wraps at 76 columns.
    let out = std::process::Command::new("base64")
        .arg(fx("msg-1mb.bin"))
        .output()
        .expect("coreutils base64 must be installed");
    let decoded = run_stdin(&["b64", "--decode", "-"], out.stdout);
    assert_eq!(stdout_clean(&decoded), fixture_bytes("msg-1mb.bin"));
    let decoded = run(&["b64", "-d", &fx("rsa2048-spki-der.b64")]);
    assert_eq!(stdout_clean(&decoded), fixture_bytes("rsa2048-spki.der"));
}

#[test]
fn b64_decode_refuses_bad_base64() {
    for (args, text) in [
        (&["b64", "-d", "-"][..], &b"not base64!\n"[..]),
        (&["b64", "-d", "-"], b"QUJD=x"),
        (&["b64", "-d", "--url", "-"], b"+/8="),
        (&["b64", "-d", "-"], b"-_8"),
    ] {
        let out = run_stdin(args, text.to_vec());
        assert_error_exact(
            &out,
            "standard input: expected Base64 text, found invalid Base64",
        );
    }
    let path = fx("garbage.bin");
    let out = run(&["b64", "-d", &path]);
    assert_error_exact(
        &out,
        &format!("{path}: expected Base64 text, found invalid Base64"),
    );
}

#[test]
fn b64_decode_of_empty_input_is_empty() {
    let out = run(&["b64", "-d", &fx("empty.txt")]);
    assert_eq!(stdout_clean(&out), b"");
}

// Issue 10 §4.1: `b64` of a private key, and `b64 -d` of Base64 that decodes to
// one, print it to a terminal only with `-o -`, as `convert` does.
#[test]
fn issue_10_b64_refuses_to_print_a_private_key_to_a_terminal() {
    let refusal = "error: refusing to print a private key to the terminal; \
                   use -o FILE, or -o - to print it anyway\n";
    let dir = tempfile::tempdir().unwrap();
    let b64_der = dir.path().join("key.b64");
    std::fs::write(&b64_der, coreutils_base64(fixture("rsa2048-pkcs8.der"))).unwrap();
    let b64_der = path_str(&b64_der);
    let encrypted = fx("rsa2048-pkcs8-enc-aes256.pem");
    let pkcs1 = fx("rsa2048-pkcs1.der");
    let refused: [&[&str]; 4] = [
        &["b64", &encrypted],
        &["b64", "--url", &pkcs1],
        &["b64", "-d", &b64_der],
        &["b64", "-d", &fx("rsa2048-spki-pem.b64")],
    ];
    for args in refused.iter().take(3) {
        let (code, shown) = on_terminal(b"", args);
        assert_eq!((code, shown.as_str()), (Some(2), refusal), "{args:?}");
        let mut explicit = args.to_vec();
        explicit.extend(["-o", "-"]);
        let (code, shown) = on_terminal(b"", &explicit);
        assert_eq!(code, Some(0), "{explicit:?}: {shown}");
        assert!(!shown.starts_with("error:"), "{shown}");
    }
    // A public key is fine on a terminal.
    let (code, shown) = on_terminal(b"", refused[3]);
    assert_eq!(code, Some(0), "{shown}");
    assert_eq!(shown.as_bytes(), fixture_bytes("rsa2048-spki.pem"));
    // To a file, the private key gets mode 0600.
    let out = dir.path().join("key.der");
    stdout_clean(&run(&["b64", "-d", &b64_der, "-o", &path_str(&out)]));
    assert_eq!(read(&out), fixture_bytes("rsa2048-pkcs8.der"));
    assert_eq!(mode(&out), 0o600);
}

// A PKCS#12 file is private key material: `b64` keeps it off a terminal and
// writes it with mode 0600.
#[test]
fn issue_10_b64_treats_pkcs12_as_a_private_key() {
    let refusal = "error: refusing to print a private key to the terminal; \
                   use -o FILE, or -o - to print it anyway\n";
    let p12 = fx("client.p12");
    let (code, shown) = on_terminal(b"", &["b64", &p12]);
    assert_eq!((code, shown.as_str()), (Some(2), refusal));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("client.b64");
    stdout_clean(&run(&["b64", &p12, "-o", &path_str(&out)]));
    assert_eq!(mode(&out), 0o600);
    let back = dir.path().join("client.p12");
    stdout_clean(&run(&[
        "b64",
        "-d",
        &path_str(&out),
        "-o",
        &path_str(&back),
    ]));
    assert_eq!(read(&back), fixture_bytes("client.p12"));
    assert_eq!(mode(&back), 0o600);
}
