//! Passphrases, passwords and secrets: where they come from, what is refused, and
//! that a closed or full output never makes keysmith panic. Issue 10.

use std::io::{Read, Write};
use std::process::Stdio;

use crate::util::*;

/// A file in `dir` holding `bytes`, as a path string.
fn write_file(dir: &std::path::Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path_str(&path)
}

// Issue 10 §4.3: a `*-env` flag's argument may be the secret itself, typed where
// the variable's name belongs; it is never echoed.
#[test]
fn issue_10_env_flag_argument_is_never_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let key = fx("rsa2048-pkcs8-enc-aes256.pem");
    let runs: [(&[&str], &str); 5] = [
        (
            &[
                "convert",
                &key,
                "--to",
                "pkcs8",
                "--passphrase-env",
                "hunter2",
            ],
            "--passphrase-env",
        ),
        (
            &["keygen", "--encrypt", "--passphrase-env", "hunter2"],
            "--passphrase-env",
        ),
        (
            &["basic-auth", "--user", "u", "--password-env", "hunter2"],
            "--password-env",
        ),
        (
            &[
                "jwt",
                "verify",
                "a.b.c",
                "--secret-env",
                "hunter2",
                "--now",
                "0",
            ],
            "--secret-env",
        ),
        (
            &["jwt", "sign", "--secret-env", "hunter2", "--alg", "HS256"],
            "--secret-env",
        ),
    ];
    for (args, flag) in runs {
        let out = keysmith()
            .current_dir(dir.path())
            .env_remove("hunter2")
            .args(args)
            .output()
            .unwrap();
        assert_error_exact(&out, &format!("the variable given to {flag} is not set"));
        assert!(!stderr_of(&out).contains("hunter2"), "{}", stderr_of(&out));
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

// Issue 10 §4.2: `--encrypt` refuses an empty passphrase, wherever it came from,
// and writes nothing.
#[test]
fn issue_10_encrypt_refuses_an_empty_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write_file(dir.path(), "empty.txt", b"");
    let newline = write_file(dir.path(), "newline.txt", b"\n");
    let private = path_str(&dir.path().join("k.pem"));
    let public = path_str(&dir.path().join("k.pub"));
    let message = "the passphrase is empty; an encrypted key needs a non-empty passphrase";
    for file in [&empty, &newline] {
        let keygen = [
            "keygen",
            "--encrypt",
            "--private",
            &private,
            "--public",
            &public,
            "--passphrase-file",
            file,
        ];
        assert_error_exact(&run(&keygen), &format!("{file}: {message}"));
        let convert = [
            "convert",
            &fx("rsa2048-pkcs8.pem"),
            "--to",
            "pkcs8",
            "--encrypt",
            "-o",
            &private,
            "--passphrase-file",
            file,
        ];
        assert_error_exact(&run(&convert), &format!("{file}: {message}"));
        let new_passphrase = [
            "convert",
            &fx("rsa2048-pkcs8-enc-aes256.pem"),
            "--to",
            "pkcs8",
            "--encrypt",
            "-o",
            &private,
            "--passphrase-file",
            &passphrase_file(),
            "--new-passphrase-file",
            file,
        ];
        assert_error_exact(&run(&new_passphrase), &format!("{file}: {message}"));
    }
    let out = keysmith()
        .env("KS_EMPTY_PASSPHRASE", "")
        .args([
            "convert",
            &fx("rsa2048-pkcs8.pem"),
            "--to",
            "pkcs8",
            "--encrypt",
            "-o",
            &private,
            "--passphrase-env",
            "KS_EMPTY_PASSPHRASE",
        ])
        .output()
        .unwrap();
    assert_error_exact(
        &out,
        &format!("environment variable KS_EMPTY_PASSPHRASE: {message}"),
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

// Issue 10 §4.2: the terminal prompt asks twice when encrypting; a mismatch and an
// empty answer are errors.
#[test]
fn issue_10_encrypt_prompt_asks_twice() {
    let dir = tempfile::tempdir().unwrap();
    let target = path_str(&dir.path().join("enc.pem"));
    let convert = [
        "convert",
        &fx("rsa2048-pkcs8.pem"),
        "--to",
        "pkcs8",
        "--encrypt",
        "-o",
        &target,
    ];
    let (code, screen) = on_terminal(b"one\ntwo\n", &convert);
    assert_eq!(code, Some(2), "{screen}");
    assert!(
        screen.ends_with("error: the passphrases typed do not match\n"),
        "{screen}"
    );
    assert!(!dir.path().join("enc.pem").exists());

    let (code, screen) = on_terminal(b"\n\n", &convert);
    assert_eq!(code, Some(2), "{screen}");
    assert!(
        screen.ends_with(
            "error: the passphrase typed: the passphrase is empty; \
             an encrypted key needs a non-empty passphrase\n"
        ),
        "{screen}"
    );

    let (code, screen) = on_terminal(b"s3cret pass\ns3cret pass\n", &convert);
    assert_eq!(code, Some(0), "{screen}");
    // Both prompts appear. What was typed may be echoed by the terminal before
    // keysmith turns echo off (the input is queued before the process starts),
    // so only the prompts' order is asserted.
    let first = screen.find("Passphrase: ").expect("first prompt");
    let second = screen.find("Confirm passphrase: ").expect("second prompt");
    assert!(first < second, "{screen}");
    let pass = write_file(dir.path(), "pass.txt", b"s3cret pass\n");
    assert_eq!(
        pubkey_of(&dir.path().join("enc.pem"), &["--passphrase-file", &pass]),
        fixture_bytes("rsa2048-spki.pem")
    );
}

// Issue 10 §4.2: Ctrl-C at the passphrase prompt leaves the terminal echoing.
// rpassword reads Ctrl-C as a character with echo off and raises SIGINT before
// restoring the terminal; without a handler that killed keysmith with echo off.
#[test]
fn issue_10_ctrl_c_at_the_prompt_restores_echo() {
    let dir = tempfile::tempdir().unwrap();
    let target = path_str(&dir.path().join("enc.pem"));
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let tty_file = dir.path().join("tty");
    let command = format!(
        "tty > {}; {} convert {} --to pkcs8 --encrypt -o {}; echo \"status=$?\"; stty -a",
        quote(&path_str(&tty_file)),
        quote(env!("CARGO_BIN_EXE_keysmith")),
        quote(&fx("rsa2048-pkcs8.pem")),
        quote(&target),
    );
    let mut child = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("util-linux script must be installed");
    // Type Ctrl-C once the prompt shows and echo is off: then the terminal passes
    // it on as a character, as it does when a person types it at the prompt.
    let mut stdout = child.stdout.take().unwrap();
    let mut seen = Vec::new();
    let mut chunk = [0u8; 256];
    while !String::from_utf8_lossy(&seen).contains("Passphrase: ") {
        let n = stdout.read(&mut chunk).unwrap();
        assert!(n > 0, "{}", String::from_utf8_lossy(&seen));
        seen.extend_from_slice(&chunk[..n]);
    }
    let tty = String::from_utf8(read(&tty_file)).unwrap();
    let echo_is_off = || {
        let out = std::process::Command::new("stty")
            .args(["-F", tty.trim(), "-a"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .any(|w| w == "-echo")
    };
    for _ in 0..500 {
        if echo_is_off() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(echo_is_off(), "the prompt never turned echo off");
    child.stdin.take().unwrap().write_all(b"\x03").unwrap();
    stdout.read_to_end(&mut seen).unwrap();
    let out = std::process::Output {
        status: child.wait().unwrap(),
        stdout: seen,
        stderr: Vec::new(),
    };
    let screen = String::from_utf8_lossy(&out.stdout);
    // Killed by SIGINT, as the default action would: the shell reports 130.
    assert!(screen.contains("status=130"), "{screen}");
    let words: Vec<&str> = screen.split_whitespace().collect();
    assert!(words.contains(&"echo"), "{screen}");
    assert!(!words.contains(&"-echo"), "{screen}");
    assert!(!dir.path().join("enc.pem").exists());
}

/// Encrypts the fixture key with openssl and a passphrase file.
fn openssl_encrypt(pass: &str, out: &str) {
    openssl_ok(&[
        "pkcs8",
        "-topk8",
        "-v2",
        "aes-256-cbc",
        "-in",
        &fx("rsa2048-pkcs8.pem"),
        "-passout",
        &format!("file:{pass}"),
        "-out",
        out,
    ]);
}

// Issue 10 §4.4: passphrase files mean what openssl's `-passin file:` means: the
// first line, without `\n` but with a `\r` or trailing space, up to a NUL byte.
#[test]
fn issue_10_passphrase_files_match_openssl_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let files: [(&str, &[u8]); 4] = [
        ("crlf", b"abc\r\n"),
        ("two-lines", b"abc\nsecond\n"),
        ("trailing-space", b"abc \n"),
        ("nul", b"ab\0c\n"),
    ];
    for (name, bytes) in files {
        let pass = write_file(dir.path(), &format!("{name}.txt"), bytes);
        // openssl encrypts, keysmith opens.
        let by_openssl = path_str(&dir.path().join(format!("{name}-openssl.pem")));
        openssl_encrypt(&pass, &by_openssl);
        assert_eq!(
            pubkey_of(
                std::path::Path::new(&by_openssl),
                &["--passphrase-file", &pass]
            ),
            fixture_bytes("rsa2048-spki.pem"),
            "{name}"
        );
        // keysmith encrypts, openssl opens.
        let by_keysmith = path_str(&dir.path().join(format!("{name}-keysmith.pem")));
        stdout_clean(&run(&[
            "convert",
            &fx("rsa2048-pkcs8.pem"),
            "--to",
            "pkcs8",
            "--encrypt",
            "--passphrase-file",
            &pass,
            "-o",
            &by_keysmith,
        ]));
        let public = openssl_ok(&[
            "pkey",
            "-in",
            &by_keysmith,
            "-passin",
            &format!("file:{pass}"),
            "-pubout",
        ]);
        assert_eq!(public, fixture_bytes("rsa2048-spki.pem"), "{name}");
    }
}

// Issue 10 §4.7: a warning that cannot be written (stderr is full) changes nothing.
#[test]
fn issue_10_full_stderr_with_a_warning_does_not_panic() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_keysmith"))
        .args([
            "payload",
            "paymentsgate",
            "--account-id",
            "not-a-uuid",
            "--public-key",
            &fx("rsa2048-spki.pem"),
        ])
        .stderr(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.starts_with(b"{"));
}

// Issue 10 §4.7: a full stdout is an error (exit 2) said on stderr.
#[test]
fn issue_10_full_stdout_is_an_error() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_keysmith"))
        .args(["b64", &fx("msg-hello.txt")])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr_of(&out),
        "error: cannot write standard output: No space left on device (os error 28)\n"
    );
}

// Issue 10 §4.7: `keysmith completions fish | head -c1` must not panic.
#[test]
fn issue_10_completions_to_a_closed_pipe_do_not_panic() {
    for shell in ["fish", "bash", "zsh"] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_keysmith"))
            .args(["completions", shell])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before keysmith writes anything.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
        assert_eq!(stderr_of(&out), "");
    }
}

// Issue 10 §4.6: any key or certificate is refused as an HMAC secret, by
// `jwt verify` and `jwt sign`: DER, Base64 of DER (also the bare body of a PEM,
// and DER given with `--secret-encoding base64`), an OpenSSH line, a JWK however
// its member names are escaped, a JWK Set.
#[test]
fn issue_10_keys_and_certificates_are_refused_as_hmac_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let pem = String::from_utf8(fixture_bytes("rsa2048-spki.pem")).unwrap();
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let body_lines: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .map(|l| format!("{l}\n"))
        .collect();
    let body_one_line = write_file(dir.path(), "body-one-line.txt", body.as_bytes());
    let body_multi_line = write_file(dir.path(), "body-lines.txt", body_lines.as_bytes());
    let jwks = write_file(
        dir.path(),
        "jwks.json",
        format!(
            "{{\"keys\": [{}]}}",
            String::from_utf8(fixture_bytes("rfc7515-a2-jwk.json")).unwrap()
        )
        .as_bytes(),
    );
    let cases: Vec<(String, &str)> = vec![
        (fx("rsa2048-spki.der"), "utf8"),
        (fx("rsa2048-pkcs1-pub.der"), "utf8"),
        (fx("rsa2048-pkcs8.der"), "utf8"),
        (fx("client.der"), "utf8"),
        (body_one_line.clone(), "utf8"),
        (body_multi_line, "utf8"),
        (fx("rsa2048-spki-der.b64"), "utf8"),
        (fx("rsa2048-spki-der.b64"), "base64"),
        (body_one_line, "base64"),
        (fx("rsa2048-ssh.pub"), "utf8"),
        (fx("rfc7515-a2-jwk-escaped-kty.json"), "utf8"),
        (jwks, "utf8"),
    ];
    let message = "this looks like a key or certificate (PEM, DER, Base64, JWK or SSH), \
                   not an HMAC secret; use --key for RSA keys";
    for (file, encoding) in &cases {
        let common = ["--secret-file", file, "--secret-encoding", encoding];
        let mut verify = vec!["jwt", "verify", "a.b.c", "--now", "0"];
        verify.extend(common);
        assert_error_exact(&run(&verify), &format!("{file}: {message}"));
        let mut sign = vec!["jwt", "sign", "--alg", "HS256"];
        sign.extend(common);
        assert_error_exact(&run(&sign), &format!("{file}: {message}"));
    }
    // Secrets that merely start like DER or Base64 are still secrets.
    for secret in [
        "0123456789abcdef0123456789abcdef",
        "MIIBIjANBgkqhkiG9w0B",
        "{\"a\":1}",
    ] {
        let out = run(&["jwt", "sign", "--alg", "HS256", "--secret", secret]);
        assert_eq!(exit_code(&out), Some(0), "{secret}: {}", stderr_of(&out));
    }
}

// Issue 10 §4.5: scrypt parameters from a hostile file are refused before any
// derivation (N=2^20, r=32, p=16 took minutes and gigabytes before), with the
// reason; openssl's own scrypt default opens.
#[test]
fn issue_10_scrypt_cost_is_capped_before_deriving() {
    let pass = passphrase_file();
    let opened = run(&[
        "pubkey",
        &fx("rsa2048-pkcs8-enc-scrypt.pem"),
        "--passphrase-file",
        &pass,
    ]);
    assert_eq!(stdout_clean(&opened), fixture_bytes("rsa2048-spki.pem"));
    for (name, n, r, p, mib) in [
        (
            "rsa2048-pkcs8-enc-scrypt-huge.pem",
            1_048_576,
            32,
            16,
            65536,
        ),
        ("rsa2048-pkcs8-enc-scrypt-320mib.pem", 65536, 8, 5, 320),
    ] {
        let key = fx(name);
        for command in ["pubkey", "inspect"] {
            let out = run(&[command, &key, "--passphrase-file", &pass]);
            assert_error_exact(
                &out,
                &format!(
                    "{key}: expected a key, found an encrypted key whose scrypt \
                     parameters (N={n}, r={r}, p={p}) cost {mib} MiB (128·N·r·p), more than \
                     the 256 MiB keysmith allows; refusing to try"
                ),
            );
        }
    }
}

// Issue 10 §4.7: a closed standard output or a full standard error keeps the
// verdict: a rejection is still exit 1, an error still exit 2.
#[test]
fn issue_10_closed_or_full_outputs_keep_the_exit_code() {
    let expired = [
        "jwt",
        "verify",
        &fx("jwt-hs256-stamps.txt"),
        "--secret",
        "TESTJWT",
        "--now",
        "1790000000",
    ];
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_keysmith"))
        .args(expired)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert_eq!(stderr_of(&out), "");
    for (args, code) in [(&expired[..], 1), (&["pubkey", &fx("empty.txt")][..], 2)] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_keysmith"))
            .args(args)
            .stderr(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}");
    }
}

// A PKCS#12 file (raw or Base64) is private key material: refused as an HMAC
// secret, as the keys inside it would be.
#[test]
fn issue_10_pkcs12_is_not_an_hmac_secret() {
    let dir = tempfile::tempdir().unwrap();
    let b64 = dir.path().join("client.p12.b64");
    std::fs::write(&b64, coreutils_base64(fixture("client.p12"))).unwrap();
    let b64 = path_str(&b64);
    let message = "this looks like a key or certificate (PEM, DER, Base64, JWK or SSH), \
                   not an HMAC secret; use --key for RSA keys";
    let p12 = fx("client.p12");
    let legacy = fx("client-legacy.p12");
    for (file, encoding) in [
        (&p12, "utf8"),
        (&legacy, "utf8"),
        (&b64, "utf8"),
        (&b64, "base64"),
    ] {
        let common = ["--secret-file", file, "--secret-encoding", encoding];
        let mut sign = vec!["jwt", "sign", "--alg", "HS256"];
        sign.extend(common);
        assert_error_exact(&run(&sign), &format!("{file}: {message}"));
        let mut verify = vec!["jwt", "verify", "a.b.c", "--now", "0"];
        verify.extend(common);
        assert_error_exact(&run(&verify), &format!("{file}: {message}"));
    }
}
