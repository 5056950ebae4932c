//! EC (P-256/P-384/P-521) and Ed25519 keys and ES*/EdDSA tokens (issue 13):
//! key forms against openssl, tokens against PyJWT, and the attacks the issue
//! names. Fixtures and their openssl/PyJWT commands: testdata/README.md, "EC and
//! Ed25519 keys, certificates and tokens".

use crate::util::*;

/// `--now` inside every fixture token's lifetime.
const NOW: &str = "1767225700";

/// (curve key, its SPKI, its algorithm, the PyJWT token it signed).
const CURVES: [(&str, &str, &str, &str); 4] = [
    ("ec-p256.pem", "ec-p256-pub.pem", "ES256", "jwt-es256.txt"),
    ("ec-p384.pem", "ec-p384-pub.pem", "ES384", "jwt-es384.txt"),
    ("ec-p521.pem", "ec-p521-pub.pem", "ES512", "jwt-es512.txt"),
    ("ed25519.pem", "ed25519-pub.pem", "EdDSA", "jwt-eddsa.txt"),
];

fn token(name: &str) -> String {
    String::from_utf8(fixture_bytes(name))
        .unwrap()
        .trim()
        .to_owned()
}

fn verify_json(token: &str, key: &str, extra: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut args = vec!["jwt", "verify", token, "--key", key, "--now", NOW, "--json"];
    args.extend(extra);
    let out = run(&args);
    (exit_code(&out), json(&out))
}

// --- keys ---------------------------------------------------------------------

#[test]
fn issue_13_pubkey_is_byte_identical_to_openssl_for_every_form() {
    let pass = passphrase_file();
    for name in [
        "ec-p256.pem",
        "ec-p256-pkcs8.der",
        "ec-p256-sec1.pem",
        "ec-p256-sec1.der",
        "ec-p256-pkcs8-enc.pem",
        "ec-p256-pub.der",
        "ec-p384-sec1.pem",
        "ec-p521.pem",
        "ed25519.pem",
        "ed25519-pkcs8.der",
        "ed25519-pkcs8-enc.pem",
        "ed25519-pub.der",
    ] {
        let public = name.contains("pub");
        let mut args = vec!["pkey", "-in", fixture_str(name), "-passin"];
        let passin = format!("file:{pass}");
        args.push(&passin);
        if name.ends_with(".der") {
            args.extend(["-inform", "DER"]);
        }
        if public {
            args.push("-pubin");
        }
        args.push("-pubout");
        let want = openssl_ok(&args);
        let got = stdout_clean(&run(&["pubkey", &fx(name), "--passphrase-file", &pass]));
        assert_eq!(got, want, "{name}");
        let der = stdout_clean(&run(&[
            "pubkey",
            &fx(name),
            "--der",
            "--passphrase-file",
            &pass,
        ]));
        args.extend(["-outform", "DER"]);
        assert_eq!(der, openssl_ok(&args), "{name} (DER)");
    }
}

fn fixture_str(name: &str) -> &'static str {
    Box::leak(fx(name).into_boxed_str())
}

#[test]
fn issue_13_inspect_describes_curve_keys() {
    for (name, kind, format, curve, spki) in [
        (
            "ec-p256-sec1.der",
            "ec-private-key",
            "sec1",
            "P-256",
            "5AB54A376C4B2768EF13C461A39204D2195A205BFF98A174CB201C845CA7B1B3",
        ),
        (
            "ec-p384-pub.pem",
            "ec-public-key",
            "spki",
            "P-384",
            "D12472C35E36AB0E326C65E43C49D1D59DD36AF52D597CCA8D687B1193E8AD09",
        ),
        (
            "ec-p521.pem",
            "ec-private-key",
            "pkcs8",
            "P-521",
            "274FED1C8889BA1C1BFA01AF5109B340B95AB22056DCA30F9DE9D1A1173A869F",
        ),
        (
            "ed25519.pem",
            "ed25519-private-key",
            "pkcs8",
            "Ed25519",
            "48017D3EF0B4A80F520D278E1550103D9A55E221552F2292DAE2F88A48C5EEC7",
        ),
    ] {
        let v = stdout_json(&run(&["inspect", &fx(name), "--json"]));
        assert_eq!(v["kind"], kind, "{name}");
        assert_eq!(v["format"], format, "{name}");
        assert_eq!(v["curve"], curve, "{name}");
        assert_eq!(v["spki_sha256"], spki, "{name}");
        assert_eq!(
            v["consistent"].as_bool(),
            kind.ends_with("private-key").then_some(true),
            "{name}"
        );
    }
    // The public point is the one openssl prints (testdata/README.md).
    let v = stdout_json(&run(&["inspect", &fx("ed25519-pub.der"), "--json"]));
    assert_eq!(
        v["public_key"],
        "47AA2A3FCE944227072CC4158311DA2319923BC7ADFD893DF9BFE21DAC06F4CE"
    );
    let text = stdout_ok(&run(&["inspect", &fx("ec-p256-sec1.pem")]));
    assert!(
        text.starts_with(
            "kind:            EC private key (SEC1, PEM)\ncurve:           P-256 (256 bits)\n"
        ),
        "{text}"
    );
}

#[test]
fn issue_13_other_curves_are_refused_with_their_oid() {
    assert_error(
        &run(&["inspect", &fx("ec-secp256k1.pem")]),
        "a key of algorithm 1.3.132.0.10, which keysmith does not handle (it handles RSA, EC P-256/P-384/P-521 and Ed25519)",
    );
}

#[test]
fn issue_13_keygen_types_pass_openssl_pkey_check() {
    let dir = tempfile::tempdir().unwrap();
    for (kind, curve) in [
        ("p256", "P-256"),
        ("p384", "P-384"),
        ("p521", "P-521"),
        ("ed25519", "Ed25519"),
    ] {
        let private = dir.path().join(format!("{kind}.pem"));
        let public = dir.path().join(format!("{kind}.pub"));
        let out = run(&[
            "keygen",
            "--type",
            kind,
            "--private",
            &path_str(&private),
            "--public",
            &path_str(&public),
            "--json",
        ]);
        let v = stdout_json(&out);
        assert_eq!(v["curve"], curve);
        assert_eq!(mode(&private), 0o600);
        openssl_ok(&["pkey", "-in", &path_str(&private), "-check", "-noout"]);
        let want = openssl_ok(&["pkey", "-in", &path_str(&private), "-pubout"]);
        assert_eq!(read(&public), want, "{kind}");
    }
}

#[test]
fn issue_13_convert_between_pkcs8_and_sec1_as_openssl_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let sec1 = dir.path().join("k-sec1.pem");
    stdout_ok(&run(&[
        "convert",
        &fx("ec-p256.pem"),
        "--to",
        "sec1",
        "-o",
        &path_str(&sec1),
    ]));
    assert_eq!(read(&sec1), fixture_bytes("ec-p256-sec1.pem"));
    assert_eq!(mode(&sec1), 0o600);
    let der = dir.path().join("k.der");
    stdout_ok(&run(&[
        "convert",
        &path_str(&sec1),
        "--to",
        "pkcs8",
        "--der",
        "-o",
        &path_str(&der),
    ]));
    assert_eq!(read(&der), fixture_bytes("ec-p256-pkcs8.der"));
    let enc = dir.path().join("k-enc.pem");
    let pass = passphrase_file();
    stdout_ok(&run(&[
        "convert",
        &fx("ed25519.pem"),
        "--to",
        "pkcs8",
        "--encrypt",
        "--passphrase-file",
        &pass,
        "-o",
        &path_str(&enc),
    ]));
    let plain = openssl_ok(&[
        "pkey",
        "-in",
        &path_str(&enc),
        "-passin",
        &format!("file:{pass}"),
    ]);
    assert_eq!(plain, fixture_bytes("ed25519.pem"));
    assert_error(
        &run(&["convert", &fx("ed25519.pem"), "--to", "sec1"]),
        "Ed25519 keys have no SEC1 form",
    );
}

// --- JWTs -----------------------------------------------------------------------

#[test]
fn issue_13_pyjwt_tokens_verify_with_every_key_form() {
    for (private, public, alg, name) in CURVES {
        let token = token(name);
        for key in [private, public] {
            let (code, v) = verify_json(&token, &fx(key), &[]);
            assert_eq!(code, Some(0), "{name} with {key}: {v}");
            assert_eq!(v["alg"], alg);
        }
    }
    for (name, key) in [
        ("jwt-es256.txt", "ec-p256-sec1.der"),
        ("jwt-es384.txt", "ec-p384-cert.pem"),
        ("jwt-eddsa.txt", "ed25519-cert.pem"),
        ("jwt-eddsa.txt", "ed25519-pub.der"),
    ] {
        let (code, v) = verify_json(&token(name), &fx(key), &[]);
        assert_eq!(code, Some(0), "{name} with {key}: {v}");
    }
    // A JWK Set picks the key by kid.
    for name in ["jwt-es256.txt", "jwt-eddsa.txt"] {
        let out = run(&[
            "jwt",
            "verify",
            &token(name),
            "--jwks",
            &fx("jwks-partner.json"),
            "--now",
            NOW,
        ]);
        assert_eq!(exit_code(&out), Some(0), "{}", stderr_of(&out));
    }
}

const PYJWT_VERIFY: &str = "import jwt,sys\n\
from cryptography.hazmat.primitives.serialization import load_pem_public_key\n\
key = load_pem_public_key(open(sys.argv[1],'rb').read())\n\
print(jwt.decode(sys.stdin.read().strip(), key, algorithms=[sys.argv[2]])['sub'])";

#[test]
fn issue_13_keysmith_tokens_verify_in_pyjwt() {
    for (private, public, alg, _) in CURVES {
        for key in [private, "ec-p256-sec1.pem"] {
            if key == "ec-p256-sec1.pem" && alg != "ES256" {
                continue;
            }
            let token = stdout_ok(&run(&[
                "jwt",
                "sign",
                "--key",
                &fx(key),
                "--claim",
                "sub=keysmith",
                "--exp",
                "1h",
            ]));
            let header = stdout_json(&run(&["jwt", "decode", token.trim(), "--json"]));
            assert_eq!(header["header"]["alg"], alg);
            let out = std::process::Command::new("python3")
                .args(["-c", PYJWT_VERIFY, &fx(public), alg])
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .and_then(|mut child| {
                    use std::io::Write;
                    child.stdin.take().unwrap().write_all(token.as_bytes())?;
                    child.wait_with_output()
                })
                .expect("python3 runs");
            assert!(
                out.status.success(),
                "{alg}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "keysmith");
        }
    }
}

#[test]
fn issue_13_the_key_decides_the_algorithm() {
    // An ES256 token with an RSA key, with a P-384 key, with an Ed25519 key.
    for key in ["rsa2048-spki.pem", "ec-p384-pub.pem", "ed25519-pub.pem"] {
        let (code, v) = verify_json(&token("jwt-es256.txt"), &fx(key), &[]);
        assert_eq!(
            (code, &v["reason"]),
            (Some(1), &"alg-not-allowed".into()),
            "{key}"
        );
    }
    // An RS256 token with an EC key.
    let (code, v) = verify_json(&token("jwt-rs256-valid.txt"), &fx("ec-p256.pem"), &[]);
    assert_eq!((code, &v["reason"]), (Some(1), &"alg-not-allowed".into()));
    // --alg narrows: ES256 is the P-256 key's only algorithm, so ES384 leaves none.
    assert_error(
        &run(&[
            "jwt",
            "verify",
            &token("jwt-es256.txt"),
            "--key",
            &fx("ec-p256.pem"),
            "--alg",
            "ES384",
        ]),
        "--alg allows nothing this key can verify",
    );
    let (code, v) = verify_json(
        &token("jwt-es256.txt"),
        &fx("ec-p256.pem"),
        &["--alg", "es256"],
    );
    assert_eq!(code, Some(0), "{v}");
    // Signing: the key's algorithm by default; another is refused.
    assert_error(
        &run(&["jwt", "sign", "--key", &fx("ec-p256.pem"), "--alg", "RS256"]),
        "argument --alg: this algorithm does not fit the key",
    );
    assert_error(
        &run(&["jwt", "sign", "--key", &fx("ed25519.pem"), "--alg", "ES256"]),
        "argument --alg: this algorithm does not fit the key",
    );
}

/// The token with its signature segment replaced.
fn with_signature(token: &str, signature: &[u8]) -> String {
    use base64::Engine as _;
    let cut = token.rfind('.').unwrap();
    format!(
        "{}.{}",
        &token[..cut],
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(signature)
    )
}

fn signature_of(token: &str) -> Vec<u8> {
    use base64::Engine as _;
    let cut = token.rfind('.').unwrap();
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(&token[cut + 1..])
        .unwrap()
}

#[test]
fn issue_13_attacks_are_rejected_with_the_right_reason() {
    let es256 = token("jwt-es256.txt");
    let sig = signature_of(&es256);
    assert_eq!(sig.len(), 64);
    // The same signature in DER (as openssl dgst writes it): malformed.
    let (r, s) = sig.split_at(32);
    let int = |v: &[u8]| {
        let v: Vec<u8> = v.iter().copied().skip_while(|b| *b == 0).collect();
        let mut out = vec![0x02];
        let pad = v.first().is_some_and(|b| b & 0x80 != 0);
        out.push((v.len() + usize::from(pad)) as u8);
        if pad {
            out.push(0);
        }
        out.extend(v);
        out
    };
    let body = [int(r), int(s)].concat();
    let der = [vec![0x30, body.len() as u8], body].concat();
    for (what, signature) in [
        ("DER", der),
        ("one byte short", sig[..63].to_vec()),
        ("one byte long", [sig.as_slice(), &[0]].concat()),
        ("empty", Vec::new()),
    ] {
        let forged = with_signature(&es256, &signature);
        let (code, v) = verify_json(&forged, &fx("ec-p256.pem"), &[]);
        assert_eq!(
            (code, &v["reason"]),
            (Some(1), &"malformed".into()),
            "{what}"
        );
        // The text says what is malformed: the length, not the header.
        let out = run(&[
            "jwt",
            "verify",
            &forged,
            "--key",
            &fx("ec-p256.pem"),
            "--now",
            NOW,
        ]);
        assert_eq!(exit_code(&out), Some(1), "{what}");
        let line = format!(
            "signature: INVALID (malformed: the signature is {} bytes; \
             this key's signatures are 64 bytes (r||s, not DER))\n",
            signature.len()
        );
        assert!(
            String::from_utf8_lossy(&out.stdout).starts_with(&line),
            "{what}"
        );
    }
    // r = 0 and s = 0, and r‖s with either zero: a bad signature.
    for signature in [
        vec![0u8; 64],
        [&[0u8; 32][..], s].concat(),
        [r, &[0u8; 32][..]].concat(),
    ] {
        let (code, v) = verify_json(&with_signature(&es256, &signature), &fx("ec-p256.pem"), &[]);
        assert_eq!((code, &v["reason"]), (Some(1), &"bad-signature".into()));
    }
    // A flipped bit in the signature.
    let mut flipped = sig.clone();
    flipped[10] ^= 1;
    let (code, v) = verify_json(&with_signature(&es256, &flipped), &fx("ec-p256.pem"), &[]);
    assert_eq!((code, &v["reason"]), (Some(1), &"bad-signature".into()));
    // HS256 keyed with the EC public key's bytes (PEM, DER): refused as a secret.
    for key in ["ec-p256-pub.pem", "ed25519-pub.pem"] {
        let pem = String::from_utf8(fixture_bytes(key)).unwrap();
        let forged = stdout_ok(&run(&[
            "jwt",
            "sign",
            "--secret",
            "x",
            "--claim",
            "sub=forged",
        ]));
        let out = run(&["jwt", "verify", forged.trim(), "--secret", &pem]);
        assert_error(&out, "");
        let out = run(&["jwt", "verify", forged.trim(), "--secret-file", &fx(key)]);
        assert_error(&out, "");
    }
}

#[test]
fn issue_13_a_jwk_with_a_point_off_its_curve_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let jwks: serde_json::Value =
        serde_json::from_slice(&fixture_bytes("jwks-partner.json")).unwrap();
    let mut jwk = jwks["keys"][0].clone();
    // Another y: the point (x, y') is not on P-256.
    jwk["y"] = "rVA-DCqkDi2s0GqgIzxBu2cAlu99aJkI6D2LxWbKEU4".into();
    let path = dir.path().join("jwk.json");
    std::fs::write(&path, jwk.to_string()).unwrap();
    let out = run(&[
        "jwt",
        "verify",
        &token("jwt-es256.txt"),
        "--key",
        &path_str(&path),
        "--now",
        NOW,
    ]);
    assert_error(&out, "malformed DER");
    // The JWK as it was verifies.
    std::fs::write(&path, jwks["keys"][0].to_string()).unwrap();
    let (code, v) = verify_json(&token("jwt-es256.txt"), &path_str(&path), &[]);
    assert_eq!(code, Some(0), "{v}");
}

// --- raw signatures ---------------------------------------------------------------

#[test]
fn issue_13_raw_signatures_interoperate_with_openssl_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let msg = fx("msg-hello.txt");
    for (private, public, hash) in [
        ("ec-p256.pem", "ec-p256-pub.pem", "-sha256"),
        ("ec-p384-sec1.pem", "ec-p384-pub.pem", "-sha384"),
        ("ec-p521.pem", "ec-p521-pub.pem", "-sha512"),
    ] {
        // keysmith signs (DER, as openssl writes), openssl verifies.
        let ours = dir.path().join("ours.bin");
        stdout_ok(&run(&[
            "sign",
            &msg,
            "--key",
            &fx(private),
            "--raw",
            "-o",
            &path_str(&ours),
            "--force",
        ]));
        openssl_ok(&[
            "dgst",
            hash,
            "-verify",
            &fx(public),
            "-signature",
            &path_str(&ours),
            &msg,
        ]);
        // openssl signs, keysmith verifies (raw file, and Base64 text).
        let theirs = dir.path().join("theirs.bin");
        openssl_ok(&[
            "dgst",
            hash,
            "-sign",
            &fx(private),
            "-out",
            &path_str(&theirs),
            &msg,
        ]);
        let at = format!("@{}", path_str(&theirs));
        let out = stdout_ok(&run(&[
            "verify",
            &msg,
            "--key",
            &fx(public),
            "--signature",
            &at,
        ]));
        assert!(out.starts_with("signature: VALID (ES"), "{out}");
        let b64 = coreutils_base64(&theirs);
        let out = run(&[
            "verify",
            &msg,
            "--key",
            &fx(private),
            "--signature",
            b64.trim(),
        ]);
        assert_eq!(exit_code(&out), Some(0), "{}", stderr_of(&out));
        // A DER signature is not a JOSE one.
        let out = run(&[
            "verify",
            &msg,
            "--key",
            &fx(public),
            "--signature",
            b64.trim(),
            "--format",
            "jose",
        ]);
        assert_eq!(exit_code(&out), Some(1));
    }
    // Ed25519: openssl pkeyutl -rawin both ways.
    let ours = dir.path().join("ed.bin");
    stdout_ok(&run(&[
        "sign",
        &msg,
        "--key",
        &fx("ed25519.pem"),
        "--raw",
        "-o",
        &path_str(&ours),
    ]));
    openssl_ok(&[
        "pkeyutl",
        "-verify",
        "-pubin",
        "-inkey",
        &fx("ed25519-pub.pem"),
        "-rawin",
        "-in",
        &msg,
        "-sigfile",
        &path_str(&ours),
    ]);
    let theirs = dir.path().join("ed-theirs.bin");
    openssl_ok(&[
        "pkeyutl",
        "-sign",
        "-inkey",
        &fx("ed25519.pem"),
        "-rawin",
        "-in",
        &msg,
        "-out",
        &path_str(&theirs),
    ]);
    let at = format!("@{}", path_str(&theirs));
    let v = stdout_json(&run(&[
        "verify",
        &msg,
        "--key",
        &fx("ed25519-cert.pem"),
        "--signature",
        &at,
        "--json",
    ]));
    assert_eq!(v["valid"], true);
    assert_eq!(v["algorithm"], "EdDSA");
}

#[test]
fn issue_13_raw_jose_signatures_and_the_key_decides() {
    let msg = fx("msg-hello.txt");
    let sig = stdout_ok(&run(&[
        "sign",
        &msg,
        "--key",
        &fx("ec-p256-sec1.der"),
        "--format",
        "jose",
        "--alg",
        "es256",
    ]));
    let raw = base64_decode(sig.trim());
    assert_eq!(raw.len(), 64);
    let out = run(&[
        "verify",
        &msg,
        "--key",
        &fx("ec-p256-pub.pem"),
        "--signature",
        sig.trim(),
        "--format",
        "jose",
    ]);
    assert_eq!(exit_code(&out), Some(0), "{}", stderr_of(&out));
    assert_error(
        &run(&["sign", &msg, "--key", &fx("ec-p256.pem"), "--alg", "RS256"]),
        "argument --alg: this algorithm does not fit the key",
    );
    assert_error(
        &run(&[
            "sign",
            &msg,
            "--key",
            &fx("rsa2048-pkcs8.pem"),
            "--alg",
            "ES256",
        ]),
        "argument --alg: this algorithm does not fit the key",
    );
}

fn base64_decode(text: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap()
}

// --- keysmith jwk -------------------------------------------------------------------

#[test]
fn issue_13_jwk_thumbprint_of_rfc7638_example() {
    assert_eq!(
        stdout_clean(&run(&["jwk", "--thumbprint", &fx("rfc7638-jwk.json")])),
        b"NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs\n"
    );
}

#[test]
fn issue_13_jwk_publishes_public_members_only() {
    let v = stdout_json(&run(&[
        "jwk",
        &fx("ec-p256.pem"),
        &fx("ed25519-pkcs8-enc.pem"),
        &fx("rsa2048-pkcs1.pem"),
        "--passphrase-file",
        &passphrase_file(),
    ]));
    let keys = v["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 3);
    let partner: serde_json::Value =
        serde_json::from_slice(&fixture_bytes("jwks-partner.json")).unwrap();
    // The same members PyJWT wrote for these keys.
    for (ours, theirs) in [
        (&keys[0], &partner["keys"][0]),
        (&keys[1], &partner["keys"][1]),
    ] {
        for member in ["kty", "crv", "x", "y"] {
            assert_eq!(ours.get(member), theirs.get(member), "{member}");
        }
    }
    assert_eq!(keys[2]["kty"], "RSA");
    assert_eq!(keys[2]["e"], "AQAB");
    for key in keys {
        for private in ["d", "p", "q", "dp", "dq", "qi", "k"] {
            assert!(key.get(private).is_none(), "{key}");
        }
        // kid defaults to the RFC 7638 thumbprint.
        assert_eq!(key["kid"].as_str().unwrap().len(), 43);
    }
    let one = stdout_json(&run(&[
        "jwk",
        &fx("ec-p384-pub.pem"),
        "--single",
        "--kid",
        "k1",
        "--alg",
        "ES384",
        "--use",
        "sig",
    ]));
    assert_eq!(
        (&one["kid"], &one["alg"], &one["use"], &one["crv"]),
        (
            &"k1".into(),
            &"ES384".into(),
            &"sig".into(),
            &"P-384".into()
        )
    );
    assert_error(
        &run(&["jwk", &fx("ec-p384-pub.pem"), "--alg", "ES256"]),
        "argument --alg: this algorithm does not fit the key",
    );
    assert_error(
        &run(&[
            "jwk",
            &fx("ec-p384-pub.pem"),
            &fx("ec-p256.pem"),
            "--single",
        ]),
        "--single and --kid describe one key",
    );
}

#[test]
fn issue_13_jwk_of_a_certificate_has_x5c_and_x5t_s256() {
    let v = stdout_json(&run(&["jwk", &fx("ec-cert.pem"), "--single"]));
    let der = openssl_ok(&["x509", "-in", &fx("ec-cert.pem"), "-outform", "DER"]);
    use base64::Engine as _;
    assert_eq!(
        v["x5c"][0],
        base64::engine::general_purpose::STANDARD.encode(&der)
    );
    // x5t#S256 is the certificate's SHA-256 fingerprint (testdata/README.md), base64url.
    let hex = "442265E76471D95AB0CAFE440004E6D5286B7857959CE4B70DCF3845178603A9";
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    assert_eq!(
        v["x5t#S256"],
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    );
}

#[test]
fn issue_13_published_jwks_verify_tokens_here_and_in_pyjwt() {
    let dir = tempfile::tempdir().unwrap();
    let set = dir.path().join("jwks.json");
    let text = stdout_ok(&run(&[
        "jwk",
        &fx("ed25519-pub.pem"),
        "--kid",
        "partner-eddsa",
    ]));
    std::fs::write(&set, &text).unwrap();
    let out = run(&[
        "jwt",
        "verify",
        &token("jwt-eddsa.txt"),
        "--jwks",
        &path_str(&set),
        "--now",
        NOW,
    ]);
    assert_eq!(exit_code(&out), Some(0), "{}", stderr_of(&out));
    let script = "import jwt,json,sys\n\
k = jwt.PyJWKSet.from_json(open(sys.argv[1]).read())['partner-eddsa'].key\n\
print(jwt.decode(open(sys.argv[2]).read().strip(), k, algorithms=['EdDSA'])['sub'])";
    let out = std::process::Command::new("python3")
        .args(["-c", script, &path_str(&set), &fx("jwt-eddsa.txt")])
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "client-42");
}

#[test]
fn issue_13_check_takes_curve_keys_certificates_and_tokens() {
    let out = run(&[
        "check",
        "--key",
        &fx("ec-p256-sec1.pem"),
        "--cert",
        &fx("ec-cert.pem"),
        "--token",
        &fx("jwt-es256.txt"),
        "--now",
        NOW,
        "--json",
    ]);
    let v = json(&out);
    assert_eq!(exit_code(&out), Some(0), "{v}");
    assert_eq!(v["checks"].as_array().unwrap().len(), 4);
    // Another curve's certificate and token: both FAIL, exit 1.
    let out = run(&[
        "check",
        "--key",
        &fx("ec-p384.pem"),
        "--cert",
        &fx("ec-cert.pem"),
        "--token",
        &fx("jwt-es256.txt"),
        "--now",
        NOW,
        "--json",
    ]);
    let v = json(&out);
    assert_eq!(exit_code(&out), Some(1), "{v}");
    let verdicts: Vec<bool> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["ok"].as_bool().unwrap())
        .collect();
    assert_eq!(verdicts, [false, true, true, false]);
}
