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
