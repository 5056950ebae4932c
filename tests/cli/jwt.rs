//! jwt decode, jwt verify, jwt sign, inspect of a JWT; PyJWT interop; attacks.

use std::io::Write;
use std::process::Output;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::util::*;

const STAMPS: &str = "jwt-hs256-stamps.txt";
const EXPIRED_NOW: &str = "1790000000";
const VALID_NOW: &str = "1790000100";
const ALGS: [&str; 9] = [
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
];
const HMAC_SECRET: &str = "a shared secret of at least sixty-four bytes, for HS512 keys!!!!";

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// `jwt verify TOKEN --json …` and its reason, asserting it is never exit 0.
fn rejected(token: &str, key_args: &[&str]) -> String {
    let mut args = vec!["jwt", "verify", token, "--json", "--now", VALID_NOW];
    args.extend_from_slice(key_args);
    let out = run(&args);
    assert_eq!(
        exit_code(&out),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    assert_eq!(v["valid"], false);
    v["reason"].as_str().unwrap().to_owned()
}

fn read(name: &str) -> String {
    std::fs::read_to_string(fixture(name))
        .unwrap()
        .trim()
        .to_owned()
}

fn python(script: &str, args: &[&str]) -> String {
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 must be installed for interop tests (.ci/run installs it)");
    assert!(
        out.status.success(),
        "python failed (PyJWT and cryptography are needed; .ci/run installs them): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

// --- decode ---------------------------------------------------------------

#[test]
fn decode_prints_header_payload_times_and_not_checked() {
    let out = run(&["jwt", "decode", &fx(STAMPS), "--now", EXPIRED_NOW]);
    assert_eq!(
        stdout_ok(&out),
        r#"header:
{
  "alg": "HS256",
  "typ": "JWT"
}
payload:
{
  "token_type": "access",
  "exp": 1657332616,
  "iat": 1657329016,
  "jti": "8a3a6a5e6d1c4b0f9d4a2b1c3e5f7a9b",
  "user_id": 12345,
  "merchant_id": 67890
}
exp: 2022-07-09T02:10:16Z, 4 years ago (EXPIRED)
iat: 2022-07-09T01:10:16Z, 4 years ago
signature: NOT CHECKED
"#
    );
}

#[test]
fn decode_json_has_times_and_signature_not_checked() {
    let token = read(STAMPS);
    let out = run(&[
        "jwt",
        "decode",
        &format!("Bearer {token}"),
        "--json",
        "--now",
        "1657300000",
    ]);
    let v = json(&out);
    assert_eq!(exit_code(&out), Some(0));
    assert_eq!(v["signature"], "not-checked");
    assert_eq!(v["header"]["alg"], "HS256");
    assert_eq!(v["payload"]["user_id"], 12345);
    assert_eq!(
        v["times"],
        serde_json::json!({"exp": "2022-07-09T02:10:16Z", "iat": "2022-07-09T01:10:16Z", "nbf": null, "expired": false})
    );
}

#[test]
fn decode_takes_a_bearer_prefix_in_any_case_as_token_status_does() {
    let token = read(STAMPS);
    for prefix in ["Bearer ", "bearer ", "BEARER ", "  Bearer   "] {
        let arg = format!("{prefix}{token}");
        let out = run(&["jwt", "decode", &arg, "--json", "--now", "1657300000"]);
        assert_eq!(exit_code(&out), Some(0), "{prefix:?}: {}", stderr_of(&out));
        assert_eq!(json(&out)["payload"]["user_id"], 12345, "{prefix:?}");
        let out = run_stdin(&["jwt", "decode", "-", "--json"], arg.clone());
        assert_eq!(
            exit_code(&out),
            Some(0),
            "{prefix:?} on stdin: {}",
            stderr_of(&out)
        );
    }
}

#[test]
fn decode_reads_stdin_and_malformed_is_exit_2() {
    let out = keysmith()
        .args(["jwt", "decode", "-", "--json", "--now", "0"])
        .write_stdin(format!("  {}\n", read(STAMPS)))
        .output()
        .unwrap();
    assert_eq!(json(&out)["payload"]["merchant_id"], 67890);
    let out = run(&["jwt", "decode", "eyJhbGciOiJIUzI1NiJ9.e30"]);
    assert_error(
        &out,
        "argument TOKEN: expected a JWT, found a malformed JWT: expected 3 dot-separated segments, found 2",
    );
    assert_error(
        &run(&["jwt", "decode", "missing/token.txt"]),
        "cannot read missing/token.txt",
    );
    let out = run(&["jwt", "decode", "eyJhbGciOiJIUzI1NiJ9.e30=.x"]);
    assert_error(
        &out,
        "argument TOKEN: expected a JWT, found a malformed JWT: the payload has '=' padding (base64url without padding expected)",
    );
}

#[test]
fn inspect_describes_a_jwt() {
    let out = run(&["inspect", &fx(STAMPS), "--json", "--now", EXPIRED_NOW]);
    let v = json(&out);
    assert_eq!(exit_code(&out), Some(0));
    assert_eq!(v["kind"], "jwt");
    assert_eq!(v["header"]["typ"], "JWT");
    assert_eq!(v["payload"]["jti"], "8a3a6a5e6d1c4b0f9d4a2b1c3e5f7a9b");
    assert_eq!(v["times"]["exp"], "2022-07-09T02:10:16Z");
    assert_eq!(v["times"]["expired"], true);
    let text = stdout_ok(&run(&["inspect", &fx(STAMPS), "--now", EXPIRED_NOW]));
    assert!(text.starts_with("kind: jwt\nheader:\n"), "{text}");
    assert!(text.contains("exp: 2022-07-09T02:10:16Z, 4 years ago (EXPIRED)\n"));
}

// --- verify: the partner tokens ------------------------------------------

#[test]
fn verify_stamps_token_is_expired_with_valid_signature() {
    let args = [
        "jwt",
        "verify",
        &fx(STAMPS),
        "--secret",
        "TESTJWT",
        "--now",
        EXPIRED_NOW,
    ];
    let out = run(&args);
    assert_eq!(exit_code(&out), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "signature: VALID (HS256, secret)\n\
         exp: 2022-07-09T02:10:16Z, 4 years ago: EXPIRED\n\
         iat: 2022-07-09T01:10:16Z, 4 years ago\n\
         result: REJECTED (expired)\n"
    );
    let mut with_json = args.to_vec();
    with_json.push("--json");
    let v = json(&run(&with_json));
    assert_eq!(
        (v["valid"].clone(), v["reason"].clone()),
        (false.into(), "expired".into())
    );
    assert_eq!(v["signature_valid"], true);
    assert_eq!(v["alg"], "HS256");
    assert_eq!(v["checks"][0]["claim"], "exp");
}

#[test]
fn verify_stamps_token_passes_with_ignore_exp_or_earlier_now() {
    let s = fx(STAMPS);
    stdout_ok(&run(&[
        "jwt",
        "verify",
        &s,
        "--secret",
        "TESTJWT",
        "--ignore-exp",
        "--now",
        EXPIRED_NOW,
    ]));
    stdout_ok(&run(&[
        "jwt",
        "verify",
        &s,
        "--secret",
        "TESTJWT",
        "--now",
        "1657300000",
    ]));
}

#[test]
fn verify_secret_from_file_env_and_encodings() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("secret");
    std::fs::write(&file, "TESTJWT\n").unwrap();
    let f = file.display().to_string();
    let s = fx(STAMPS);
    stdout_ok(&run(&[
        "jwt",
        "verify",
        &s,
        "--secret-file",
        &f,
        "--ignore-exp",
    ]));
    let out = run(&[
        "jwt",
        "verify",
        &s,
        "--secret-file",
        &f,
        "--keep-newline",
        "--ignore-exp",
        "--json",
    ]);
    assert_eq!(exit_code(&out), Some(1));
    assert_eq!(json(&out)["reason"], "bad-signature");
    let out = keysmith()
        .args([
            "jwt",
            "verify",
            &s,
            "--secret-env",
            "STAMPS_SECRET",
            "--secret-encoding",
            "hex",
            "--ignore-exp",
        ])
        .env("STAMPS_SECRET", "544553544a5754\n")
        .output()
        .unwrap();
    stdout_ok(&out);
    stdout_ok(&run(&[
        "jwt",
        "verify",
        &s,
        "--secret",
        "VEVTVEpXVA==",
        "--secret-encoding",
        "base64",
        "--ignore-exp",
    ]));
}

#[test]
fn verify_secret_file_need_not_be_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let secret = [0xffu8, 0x00, 0xfe, 0x80, 0x7f];
    let file = dir.path().join("secret.bin");
    std::fs::write(&file, secret).unwrap();
    let input = format!("{}.{}", b64(br#"{"alg":"HS256"}"#), b64(br#"{"sub":"x"}"#));
    let tag = {
        use hmac::{KeyInit, Mac};
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&secret).unwrap();
        mac.update(input.as_bytes());
        mac.finalize().into_bytes()
    };
    let token = format!("{input}.{}", b64(&tag));
    stdout_ok(&run(&[
        "jwt",
        "verify",
        &token,
        "--secret-file",
        &file.display().to_string(),
    ]));
}

#[test]
fn verify_rfc7515_examples() {
    let a1 = read("rfc7515-a1-key.txt");
    let out = run(&[
        "jwt",
        "verify",
        &fx("rfc7515-a1-hs256.txt"),
        "--secret",
        &a1,
        "--secret-encoding",
        "base64url",
        "--now",
        "1300000000",
    ]);
    assert!(stdout_ok(&out).starts_with("signature: VALID (HS256, secret)\n"));
    let out = run(&[
        "jwt",
        "verify",
        &fx("rfc7515-a2-rs256.txt"),
        "--key",
        &fx("rfc7515-a2-jwk.json"),
        "--now",
        "1300000000",
    ]);
    assert!(stdout_ok(&out).starts_with("signature: VALID (RS256, key sha256:"));
    // Their exp (1300819380) is long past.
    let out = run(&[
        "jwt",
        "verify",
        &fx("rfc7515-a2-rs256.txt"),
        "--key",
        &fx("rfc7515-a2-jwk.json"),
    ]);
    assert_eq!(exit_code(&out), Some(1));
}

#[test]
fn verify_rs256_with_certificate_and_thumbprint() {
    let out = run(&[
        "jwt",
        "verify",
        &fx("jwt-rs256-valid.txt"),
        "--key",
        &fx("client.pem"),
        "--expect-thumbprint",
        &fx("client.pem"),
        "--iss",
        "https://auth.example.com",
        "--aud",
        "https://api.example.com",
        "--require",
        "sub",
        "--now",
        VALID_NOW,
    ]);
    assert_eq!(
        stdout_ok(&out),
        "signature: VALID (RS256, key sha256:3E225AC8590E649C3AC6FDF8BC379D0BE0590F6DD8494D5F1DC1C1C04F9F19CE)\n\
         exp: 2026-09-21T14:43:20Z, in 28 minutes: ok\n\
         aud: \"https://api.example.com\": ok\n\
         iss: \"https://auth.example.com\": ok\n\
         sub: \"client-42\": ok\n\
         thumbprint: \"F23E122D384BD71D3BDF00BBBA4D2CE7D0117569\": ok\n\
         iat: 2026-09-21T14:13:20Z, 1 minute ago\n\
         result: VALID\n"
    );
    stdout_ok(&run(&[
        "jwt",
        "verify",
        &fx("jwt-rs256-x5t.txt"),
        "--key",
        &fx("client.der"),
        "--expect-thumbprint",
        &fx("client.der"),
        "--now",
        VALID_NOW,
    ]));
    let reason = rejected(
        &fx("jwt-rs256-valid.txt"),
        &[
            "--key",
            &fx("rsa2048-spki.pem"),
            "--expect-thumbprint",
            &fx("client-expired.pem"),
        ],
    );
    assert_eq!(reason, "thumbprint-mismatch");
}

#[test]
fn verify_claim_failures_have_their_reasons() {
    let t = fx("jwt-rs256-valid.txt");
    let k = fx("rsa2048-pkcs8.pem");
    assert_eq!(
        rejected(&t, &["--key", &k, "--aud", "https://other.example.com"]),
        "wrong-audience"
    );
    assert_eq!(
        rejected(&t, &["--key", &k, "--iss", "https://evil.example.com"]),
        "wrong-issuer"
    );
    assert_eq!(
        rejected(&t, &["--key", &k, "--require", "jti"]),
        "missing-claim"
    );
    let out = run(&[
        "jwt",
        "verify",
        &t,
        "--key",
        &k,
        "--now",
        "1790001801",
        "--leeway",
        "60",
    ]);
    stdout_ok(&out);
    assert_eq!(
        rejected(&fx("jwt-rs256-expired.txt"), &["--key", &k]),
        "expired"
    );
    stdout_ok(&run(&[
        "jwt",
        "verify",
        &fx("jwt-ps256.txt"),
        "--key",
        &k,
        "--alg",
        "PS256",
        "--now",
        VALID_NOW,
    ]));
    assert_eq!(
        rejected(&fx("jwt-ps256.txt"), &["--key", &k, "--alg", "RS256"]),
        "alg-not-allowed"
    );
}

#[test]
fn verify_jwks_by_kid() {
    stdout_ok(&run(&[
        "jwt",
        "verify",
        &fx("jwt-rs256-valid.txt"),
        "--jwks",
        &fx("jwks.json"),
        "--now",
        VALID_NOW,
    ]));
    stdout_ok(&run(&[
        "jwt",
        "verify",
        &fx("upu-token.txt"),
        "--jwks",
        &fx("jwks.json"),
        "--now",
        VALID_NOW,
    ]));
    // No kid, and the set holds two RSA keys.
    assert_eq!(
        rejected(&fx("jwt-rs256-x5t.txt"), &["--jwks", &fx("jwks.json")]),
        "no-matching-key"
    );
    // Both keys in the set say "alg": "RS256".
    assert_eq!(
        rejected(&fx("jwt-ps256.txt"), &["--jwks", &fx("jwks.json")]),
        "alg-not-allowed"
    );
}

#[test]
fn verify_unusable_keys_are_exit_2() {
    let s = fx(STAMPS);
    assert_error(
        &run(&[
            "jwt",
            "verify",
            &s,
            "--secret-file",
            &fx("rsa2048-spki.pem"),
        ]),
        "this looks like a key or certificate (PEM, DER, Base64, JWK or SSH), not an HMAC secret",
    );
    assert_error(
        &run(&["jwt", "verify", &s, "--secret", ""]),
        "argument --secret: the secret is empty",
    );
    assert_error(
        &run(&[
            "jwt",
            "verify",
            &fx("jwt-rs256-valid.txt"),
            "--key",
            &fx("rsa1024-pkcs8.pem"),
        ]),
        "found a 1024-bit RSA key, too small to be safe",
    );
    // Issue 13: EC keys verify ES256 tokens; a key on another curve is unusable.
    assert_error(
        &run(&["jwt", "verify", &s, "--key", &fx("ec-secp256k1.pem")]),
        "found a key of algorithm 1.3.132.0.10, which keysmith does not handle (it handles RSA, EC P-256/P-384/P-521 and Ed25519)",
    );
    assert_error(
        &run(&[
            "jwt",
            "verify",
            &s,
            "--key",
            &fx("rsa2048-spki.pem"),
            "--alg",
            "HS256",
        ]),
        "--alg allows nothing this key can verify",
    );
    let out = run(&["jwt", "verify", &s, "--secret", "x", "--alg", "none"]);
    assert_eq!(exit_code(&out), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("'none' is never accepted"));
}

// --- attacks ----------------------------------------------------------------

#[test]
fn attack_alg_none_is_rejected() {
    for alg in ["none", "None", "NONE"] {
        let token = format!(
            "{}.{}.",
            b64(format!(r#"{{"alg":"{alg}"}}"#).as_bytes()),
            b64(br#"{"sub":"admin"}"#)
        );
        assert_eq!(
            rejected(&token, &["--secret", "TESTJWT"]),
            "alg-not-allowed"
        );
        assert_eq!(
            rejected(&token, &["--key", &fx("rsa2048-spki.pem")]),
            "alg-not-allowed"
        );
    }
}

#[test]
fn attack_alg_confusion_is_rejected() {
    // HS256 keyed with the RSA public key's PEM bytes, as jwt-cli would accept.
    let pem = std::fs::read(fixture("rsa2048-spki.pem")).unwrap();
    let input = format!(
        "{}.{}",
        b64(br#"{"alg":"HS256","typ":"JWT"}"#),
        b64(br#"{"sub":"admin"}"#)
    );
    let tag = {
        use hmac::{KeyInit, Mac};
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&pem).unwrap();
        mac.update(input.as_bytes());
        mac.finalize().into_bytes()
    };
    let token = format!("{input}.{}", b64(&tag));
    assert_eq!(
        rejected(&token, &["--key", &fx("rsa2048-spki.pem")]),
        "alg-not-allowed"
    );
    let out = run(&["jwt", "verify", &token, "--key", &fx("rsa2048-spki.pem")]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with(
        "signature: INVALID (alg-not-allowed: HS256; allowed: RS256, RS384, RS512, PS256, PS384, PS512)\n"
    ));
}

#[test]
fn attack_tampering_splicing_and_wrong_key_are_bad_signatures() {
    let good = read("jwt-rs256-valid.txt");
    let parts: Vec<&str> = good.split('.').collect();
    let key = ["--key", &fx("rsa2048-spki.pem")];
    let tampered_payload = b64(br#"{"sub":"admin","exp":1790001800}"#);
    let tampered = format!("{}.{tampered_payload}.{}", parts[0], parts[2]);
    assert_eq!(rejected(&tampered, &key), "bad-signature");
    let other = read("upu-token.txt");
    let spliced = format!(
        "{}.{}.{}",
        parts[0],
        parts[1],
        other.split('.').nth(2).unwrap()
    );
    assert_eq!(rejected(&spliced, &key), "bad-signature");
    assert_eq!(
        rejected(&good, &["--key", &fx("rsa2048b-spki.pem")]),
        "bad-signature"
    );
    let out = run(&[
        "jwt",
        "verify",
        &good,
        "--key",
        &fx("rsa2048b-spki.pem"),
        "--now",
        VALID_NOW,
    ]);
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .starts_with("signature: INVALID (bad-signature, RS256)\n")
    );
}

#[test]
fn attack_malformed_tokens_are_rejections() {
    let h = b64(br#"{"alg":"HS256"}"#);
    let p = b64(br#"{"sub":"x"}"#);
    let cases = [
        format!("{h}.{p}.abc.def"),
        format!("{h}.{p}x.sig="),
        format!("{h}=.{p}.c2ln"),
        format!("{h}.{p}.c2l*"),
        format!("{}.{p}.c2ln", b64(b"not json")),
        format!("{}.{p}.c2ln", b64(b"[1,2]")),
        format!("{h}.{}.c2ln", b64(br#"{"exp":"tomorrow"}"#)),
    ];
    for token in &cases {
        assert_eq!(
            rejected(token, &["--secret", "TESTJWT"]),
            "malformed",
            "{token}"
        );
    }
    let out = run(&["jwt", "verify", &cases[0], "--secret", "TESTJWT"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "signature: INVALID (malformed: expected 3 dot-separated segments, found 4)\nresult: REJECTED (malformed)\n"
    );
    // Two segments given as a file holding them.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.txt");
    std::fs::write(&file, format!("{h}.{p}\n")).unwrap();
    assert_eq!(
        rejected(&file.display().to_string(), &["--secret", "TESTJWT"]),
        "malformed"
    );
}

#[test]
fn attack_huge_header_and_unknown_crit_are_malformed() {
    let huge = format!(r#"{{"alg":"HS256","pad":"{}"}}"#, "A".repeat(1 << 20));
    let token = format!("{}.{}.c2ln", b64(huge.as_bytes()), b64(b"{}"));
    let out = keysmith()
        .args(["jwt", "verify", "-", "--secret", "k", "--json"])
        .write_stdin(token)
        .output()
        .unwrap();
    assert_eq!(exit_code(&out), Some(1));
    assert_eq!(json(&out)["reason"], "malformed");
    let crit = format!(
        "{}.{}.c2ln",
        b64(br#"{"alg":"HS256","crit":["b64"],"b64":false}"#),
        b64(b"{}")
    );
    assert_eq!(rejected(&crit, &["--secret", "k"]), "malformed");
}

#[test]
fn attack_key_url_headers_and_kid_paths_are_not_followed() {
    // Signed by an attacker's key, pointing at it in every way a header can.
    let dir = tempfile::tempdir().unwrap();
    let jwk = python(
        "import json,sys; from jwt.algorithms import RSAAlgorithm; from cryptography.hazmat.primitives.serialization import load_pem_public_key; \
         print(RSAAlgorithm.to_jwk(load_pem_public_key(open(sys.argv[1],'rb').read())))",
        &[&fx("rsa2048b-spki.pem")],
    );
    let claims = r#"{"sub":"admin"}"#;
    let header = format!(
        r#"{{"jku":"https://attacker.example/jwks.json","x5u":"https://attacker.example/cert.pem","jwk":{},"kid":"{}"}}"#,
        jwk.trim(),
        fixture("rsa2048b-spki.pem").display()
    );
    let token = python(
        "import jwt,json,sys; print(jwt.encode(json.loads(sys.argv[2]), open(sys.argv[1],'rb').read(), algorithm='RS256', headers=json.loads(sys.argv[3])))",
        &[&fx("rsa2048b-pkcs8.pem"), claims, &header],
    );
    let token = token.trim();
    assert_eq!(
        rejected(token, &["--key", &fx("rsa2048-spki.pem")]),
        "bad-signature"
    );
    assert_eq!(
        rejected(token, &["--jwks", &fx("jwks.json")]),
        "no-matching-key"
    );
    let _ = dir;
}

// --- sign -----------------------------------------------------------------------

#[test]
fn sign_hs256_matches_pyjwt_byte_for_byte() {
    let out = run(&[
        "jwt",
        "sign",
        "--secret",
        "TESTJWT",
        "--claim",
        "user_id=12345",
        "--no-iat",
    ]);
    assert_eq!(
        stdout_ok(&out),
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoxMjM0NX0.seLwKeYEFItYgQdRZLtL5sP5q__zRD_AZscDBf859xE\n"
    );
}

#[test]
fn sign_builds_claims_and_header() {
    let out = run(&[
        "jwt",
        "sign",
        "--key",
        &fx("rsa2048-pkcs8-enc-aes256.pem"),
        "--passphrase-file",
        &fx("passphrase.txt"),
        "--claims",
        r#"{"sub":"client-42","scope":"read"}"#,
        "--claim",
        "admin=false",
        "--claim",
        "n=7",
        "--exp",
        "30m",
        "--nbf",
        "-1m",
        "--kid",
        "key-1",
        "--x5t",
        &fx("client.pem"),
        "--typ",
        "at+jwt",
        "--now",
        "1790000000",
    ]);
    let token = stdout_ok(&out);
    let v = json(&run(&[
        "jwt",
        "decode",
        token.trim(),
        "--json",
        "--now",
        "1790000000",
    ]));
    assert_eq!(
        v["header"],
        serde_json::json!({"alg": "RS256", "typ": "at+jwt", "kid": "key-1", "x5t": "8j4SLThL1x073wC7uk0s59ARdWk"})
    );
    assert_eq!(
        v["payload"],
        serde_json::json!({"sub": "client-42", "scope": "read", "admin": false, "n": 7, "iat": 1790000000, "nbf": 1789999940, "exp": 1790001800})
    );
    stdout_ok(&run(&[
        "jwt",
        "verify",
        token.trim(),
        "--jwks",
        &fx("jwks.json"),
        "--expect-thumbprint",
        &fx("client.pem"),
        "--now",
        "1790000000",
    ]));
}

#[test]
fn sign_claims_from_file_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("claims.json");
    std::fs::write(&file, r#"{"sub":"f"}"#).unwrap();
    let token = stdout_ok(&run(&[
        "jwt",
        "sign",
        "--secret",
        HMAC_SECRET,
        "--claims",
        &format!("@{}", file.display()),
        "--no-iat",
    ]));
    assert_eq!(
        json(&run(&["jwt", "decode", token.trim(), "--json"]))["payload"],
        serde_json::json!({"sub": "f"})
    );
    let out = keysmith()
        .args([
            "jwt",
            "sign",
            "--secret",
            HMAC_SECRET,
            "--claims",
            "-",
            "--no-iat",
        ])
        .write_stdin(r#"{"sub":"s"}"#)
        .output()
        .unwrap();
    let token = stdout_ok(&out);
    assert_eq!(
        json(&run(&["jwt", "decode", token.trim(), "--json"]))["payload"],
        serde_json::json!({"sub": "s"})
    );
}

#[test]
fn sign_refuses_bad_inputs() {
    assert_error(
        &run(&["jwt", "sign", "--key", &fx("rsa2048-spki.pem")]),
        "expected a private key, found a public key",
    );
    assert_error(
        &run(&["jwt", "sign", "--secret", HMAC_SECRET, "--alg", "RS256"]),
        "argument --alg: this algorithm does not fit the key",
    );
    assert_error(
        &run(&["jwt", "sign", "--secret", HMAC_SECRET, "--exp", "1w"]),
        "argument --exp: expected a duration such as 3600, 30m, 24h or 2d",
    );
    assert_error(
        &run(&["jwt", "sign", "--secret", HMAC_SECRET, "--claims", "[1]"]),
        "argument --claims: expected a JSON document, found invalid JSON",
    );
    assert_error(
        &run(&["jwt", "sign", "--secret", HMAC_SECRET, "--claim", "novalue"]),
        "argument --claim: expected a claim as key=value",
    );
    assert_error(
        &run(&["jwt", "sign", "--secret-file", &fx("client.pem")]),
        "not an HMAC secret",
    );
    let out = run(&["jwt", "sign", "--secret", "TESTJWT", "--no-iat"]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(
            "warning: the secret is 7 bytes; RFC 7518 asks for at least 32 bytes for HS256"
        )
    );
}

#[test]
fn tokens_longer_than_argv_are_read_from_files_and_stdin() {
    let big = "x".repeat(1 << 20);
    let token = stdout_ok(&run_big_claims(&big));
    assert!(token.len() > 1 << 20);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.txt");
    std::fs::write(&file, &token).unwrap();
    stdout_ok(&run(&[
        "jwt",
        "verify",
        &file.display().to_string(),
        "--secret",
        HMAC_SECRET,
    ]));
    let out = keysmith()
        .args(["jwt", "verify", "-", "--secret", HMAC_SECRET])
        .write_stdin(token)
        .output()
        .unwrap();
    stdout_ok(&out);
}

fn run_big_claims(big: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("claims.json");
    let mut f = std::fs::File::create(&file).unwrap();
    write!(f, r#"{{"blob":"{big}"}}"#).unwrap();
    run(&[
        "jwt",
        "sign",
        "--secret",
        HMAC_SECRET,
        "--claims",
        &format!("@{}", file.display()),
        "--no-iat",
    ])
}

// --- interop with PyJWT ------------------------------------------------------------

const PYJWT_SIGN: &str = "import jwt,sys\n\
key = open(sys.argv[1],'rb').read() if sys.argv[2].startswith(('RS','PS')) else sys.argv[3].encode()\n\
print(jwt.encode({'sub':'pyjwt','n':1}, key, algorithm=sys.argv[2], headers={'kid':'key-1'}))";

const PYJWT_VERIFY: &str = "import jwt,sys\n\
key = open(sys.argv[1],'rb').read() if sys.argv[2].startswith(('RS','PS')) else sys.argv[3].encode()\n\
print(jwt.decode(sys.stdin.read().strip(), key, algorithms=[sys.argv[2]], options={'verify_exp': True})['sub'])";

#[test]
fn interop_pyjwt_tokens_verify_in_keysmith() {
    for alg in ALGS {
        let token = python(PYJWT_SIGN, &[&fx("rsa2048-pkcs8.pem"), alg, HMAC_SECRET]);
        let key: Vec<&str> = if alg.starts_with('H') {
            vec!["--secret", HMAC_SECRET]
        } else {
            vec!["--key", &fx_static("rsa2048-spki.pem")]
        };
        let mut args = vec!["jwt", "verify", token.trim(), "--alg", alg, "--json"];
        args.extend(key);
        let out = run(&args);
        let v = json(&out);
        assert_eq!(exit_code(&out), Some(0), "{alg}: {v}");
        assert_eq!(v["alg"], alg);
        assert_eq!(v["payload"]["sub"], "pyjwt");
    }
}

fn fx_static(name: &str) -> &'static str {
    Box::leak(fx(name).into_boxed_str())
}

#[test]
fn interop_keysmith_tokens_verify_in_pyjwt() {
    for alg in ALGS {
        let mut args = vec![
            "jwt",
            "sign",
            "--alg",
            alg,
            "--claim",
            "sub=keysmith",
            "--no-iat",
        ];
        if alg.starts_with('H') {
            args.extend(["--secret", HMAC_SECRET]);
        } else {
            args.extend(["--key", fx_static("rsa2048-pkcs1.pem")]);
        }
        let token = stdout_ok(&run(&args));
        let out = std::process::Command::new("python3")
            .args([
                "-c",
                PYJWT_VERIFY,
                &fx("rsa2048-spki.pem"),
                alg,
                HMAC_SECRET,
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("python3 must be installed for interop tests (.ci/run installs it)");
        let mut child = out;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(token.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{alg}: PyJWT refused: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout), "keysmith\n", "{alg}");
    }
}

#[test]
fn jwt_verify_asks_for_the_passphrase_of_an_encrypted_key_on_a_terminal() {
    let token = std::fs::read_to_string(fixture("jwt-rs256-valid.txt")).unwrap();
    let (code, shown) = on_terminal(
        b"correct horse\n",
        &[
            "jwt",
            "verify",
            token.trim(),
            "--key",
            &fx("rsa2048-pkcs8-enc-aes256.pem"),
            "--ignore-exp",
        ],
    );
    assert_eq!(shown.matches("Passphrase: ").count(), 1, "{shown}");
    assert_eq!(code, Some(0), "{shown}");
}

#[test]
fn a_secret_that_is_not_hex_says_so() {
    for bad in ["6g", "686", "zz"] {
        assert_error_exact(
            &run(&[
                "jwt",
                "sign",
                "--secret",
                bad,
                "--secret-encoding",
                "hex",
                "--claim",
                "a=1",
            ]),
            "argument --secret: expected a secret, found invalid hex (expected pairs of hex digits)",
        );
    }
}

// Issue 10 §7: `--expect-thumbprint F23E…` said "cannot read F23E…"; it takes a certificate
// file or the thumbprint as pasted, as `thumbprint --expect` does.
#[test]
fn issue_10_verify_expect_thumbprint_takes_a_pasted_value() {
    let verify = |expect: &str| {
        run(&[
            "jwt",
            "verify",
            &fx("jwt-rs256-valid.txt"),
            "--key",
            &fx("client.pem"),
            "--expect-thumbprint",
            expect,
            "--now",
            VALID_NOW,
        ])
    };
    for pasted in [
        "F23E122D384BD71D3BDF00BBBA4D2CE7D0117569",
        "f2:3e:12:2d:38:4b:d7:1d:3b:df:00:bb:ba:4d:2c:e7:d0:11:75:69",
        "\u{200e}f2 3e 12 2d 38 4b d7 1d 3b df 00 bb ba 4d 2c e7 d0 11 75 69\u{feff}",
        "8j4SLThL1x073wC7uk0s59ARdWk",
    ] {
        let out = verify(pasted);
        assert!(
            stdout_ok(&out)
                .contains("thumbprint: \"F23E122D384BD71D3BDF00BBBA4D2CE7D0117569\": ok\n"),
            "{pasted}"
        );
    }
    // Another certificate's value is a mismatch, naming the value given.
    let out = verify("3C:19:27:C3:55:49:EF:C4:3D:4B:C7:CB:2C:C6:1D:5E:C3:F7:48:47");
    assert_eq!(exit_code(&out), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains(
        "thumbprint: \"F23E122D384BD71D3BDF00BBBA4D2CE7D0117569\": THUMBPRINT MISMATCH \
         (expected \"3C1927C35549EFC43D4BC7CB2CC61D5EC3F74847\")\n"
    ));
    // A SHA-256 value cannot be compared with the token's SHA-1 claim: not a match.
    let out = verify("60DD49457E6CFD4411353C1674606652C26EB6B384D64DF2600C4998C063F89F");
    assert_eq!(exit_code(&out), Some(1));
    assert_eq!(
        json(&verify_json_with_thumbprint(
            "60DD49457E6CFD4411353C1674606652C26EB6B384D64DF2600C4998C063F89F"
        ))["reason"],
        "thumbprint-mismatch"
    );
    // Neither a file nor a thumbprint.
    assert_error_exact(
        &verify("F23E"),
        "--expect-thumbprint \"F23E\" is neither a certificate file nor a thumbprint \
         (SHA-1: 40 hex digits, SHA-256: 64, or an x5t value)",
    );
    // The x5t header of jwt-rs256-x5t.txt against a pasted SHA-1 value.
    let out = run(&[
        "jwt",
        "verify",
        &fx("jwt-rs256-x5t.txt"),
        "--key",
        &fx("client.pem"),
        "--expect-thumbprint",
        "f23e122d384bd71d3bdf00bbba4d2ce7d0117569",
        "--now",
        VALID_NOW,
    ]);
    assert!(stdout_ok(&out).contains("x5t: \"8j4SLThL1x073wC7uk0s59ARdWk\": ok\n"));
}

fn verify_json_with_thumbprint(expect: &str) -> Output {
    run(&[
        "jwt",
        "verify",
        &fx("jwt-rs256-valid.txt"),
        "--key",
        &fx("client.pem"),
        "--expect-thumbprint",
        expect,
        "--now",
        VALID_NOW,
        "--json",
    ])
}

// Issue 10 §7: a token's aud (and iss, thumbprint, an ignored exp) passed without a word when
// nothing asked for it.
#[test]
fn issue_10_verify_shows_every_claim_it_did_not_check() {
    let out = run(&[
        "jwt",
        "verify",
        &fx("jwt-rs256-valid.txt"),
        "--key",
        &fx("client.pem"),
        "--now",
        VALID_NOW,
    ]);
    assert_eq!(
        stdout_ok(&out),
        "signature: VALID (RS256, key sha256:3E225AC8590E649C3AC6FDF8BC379D0BE0590F6DD8494D5F1DC1C1C04F9F19CE)\n\
         exp: 2026-09-21T14:43:20Z, in 28 minutes: ok\n\
         aud: \"https://api.example.com\" (not checked: give --aud)\n\
         iss: \"https://auth.example.com\" (not checked: give --iss)\n\
         thumbprint: \"F23E122D384BD71D3BDF00BBBA4D2CE7D0117569\" (not checked: give --expect-thumbprint)\n\
         iat: 2026-09-21T14:13:20Z, 1 minute ago\n\
         result: VALID\n"
    );
    let out = run(&[
        "jwt",
        "verify",
        &fx("jwt-rs256-x5t.txt"),
        "--key",
        &fx("client.pem"),
        "--ignore-exp",
        "--json",
        "--now",
        VALID_NOW,
    ]);
    assert_eq!(exit_code(&out), Some(0));
    let checks = &json(&out)["checks"];
    assert_eq!(
        checks,
        &serde_json::json!([
            {"claim": "exp", "passed": false, "status": "not-checked", "reason": null,
             "value": 1790001800, "expected": null},
            {"claim": "x5t", "passed": false, "status": "not-checked", "reason": null,
             "value": "8j4SLThL1x073wC7uk0s59ARdWk", "expected": null},
        ])
    );
}

/// A verdict survives a full standard output: the write failure is one `error:`
/// line on stderr, and the exit code stays the verdict's (1 for an expired token,
/// 0 for a valid one).
#[test]
fn issue_10_jwt_verify_keeps_its_verdict_on_a_full_stdout() {
    let cases = [
        (fx("jwt-rs256-expired.txt"), None, 1),
        (fx("jwt-rs256-valid.txt"), Some("1790000100"), 0),
    ];
    let key = fx("client.pem");
    for (token, now, code) in &cases {
        for json in [false, true] {
            let full = std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap();
            let mut args = vec!["jwt", "verify", token.as_str(), "--key", &key];
            args.extend(now.iter().flat_map(|n| ["--now", *n]));
            if json {
                args.push("--json");
            }
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_keysmith"))
                .args(&args)
                .stdout(full)
                .output()
                .unwrap();
            assert_eq!(exit_code(&out), Some(*code), "{args:?}");
            let stderr = stderr_of(&out);
            assert!(
                stderr.starts_with("error: cannot write standard output: ")
                    && stderr.lines().count() == 1,
                "{stderr}"
            );
        }
    }
}

/// Issue 11: `jwt sign` and `jwt verify` read `--alg` in any case, as `sign`
/// does, and the token's header carries the canonical name.
#[test]
fn issue_11_alg_reads_any_case_and_prints_uppercase() {
    let token = stdout_ok(&run(&[
        "jwt",
        "sign",
        "--secret",
        HMAC_SECRET,
        "--alg",
        "hs384",
    ]));
    let header = token.split('.').next().unwrap_or_default();
    let header = URL_SAFE_NO_PAD.decode(header).expect("base64url header");
    assert_eq!(header, br#"{"alg":"HS384","typ":"JWT"}"#);
    let out = run(&[
        "jwt",
        "verify",
        token.trim(),
        "--secret",
        HMAC_SECRET,
        "--alg",
        "Hs384",
    ]);
    assert_eq!(exit_code(&out), Some(0), "{}", stderr_of(&out));
    assert_error(
        &run(&[
            "jwt",
            "verify",
            token.trim(),
            "--secret",
            HMAC_SECRET,
            "--alg",
            "es256",
        ]),
        // Issue 13: ES256 is an algorithm keysmith knows now, but not a secret's.
        "error: --alg allows nothing this key can verify",
    );
    assert_error(
        &run(&[
            "jwt",
            "verify",
            token.trim(),
            "--secret",
            HMAC_SECRET,
            "--alg",
            "es256k",
        ]),
        "error: invalid value 'es256k' for '--alg <ALG>': expected one of HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA",
    );
}
