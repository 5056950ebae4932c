//! A JWK is read wherever a public key is (SPEC: "Every command that reads a
//! public key also reads a JWK"): `verify --key`, `check --public`, `inspect`
//! and `pubkey`. The JWKs are PyJWT's `to_jwk` of existing keys (testdata/README.md,
//! "JWKs read as keys").

use crate::util::*;

/// (public JWK, the matching private key, what `inspect --json` calls it).
const JWKS: [(&str, &str, &str); 3] = [
    (
        "rsa2048-pub-jwk.json",
        "rsa2048-pkcs8.pem",
        "rsa-public-key",
    ),
    ("ec-p256-pub-jwk.json", "ec-p256.pem", "ec-public-key"),
    ("ed25519-pub-jwk.json", "ed25519.pem", "ed25519-public-key"),
];

/// openssl's signature of `msg-hello.txt` with `private`, as a file.
fn openssl_signature(private: &str, dir: &std::path::Path) -> std::path::PathBuf {
    let out = dir.join(format!("{private}.sig"));
    let msg = fx("msg-hello.txt");
    let args: Vec<&str> = if private.starts_with("ed25519") {
        vec!["pkeyutl", "-sign", "-rawin", "-inkey"]
    } else {
        vec!["dgst", "-sha256", "-sign"]
    };
    let (key, out_s) = (fx(private), path_str(&out));
    let mut args = args;
    if private.starts_with("ed25519") {
        args.extend([key.as_str(), "-in", msg.as_str(), "-out", out_s.as_str()]);
    } else {
        args.extend([key.as_str(), "-out", out_s.as_str(), msg.as_str()]);
    }
    openssl_ok(&args);
    out
}

#[test]
fn jwk_verify_takes_a_jwk_key_for_openssl_signatures() {
    let dir = tempfile::tempdir().unwrap();
    for (jwk, private, _) in JWKS {
        let sig = format!("@{}", path_str(&openssl_signature(private, dir.path())));
        let msg = fx("msg-hello.txt");
        let v = stdout_json(&run(&[
            "verify",
            &msg,
            "--key",
            &fx(jwk),
            "--signature",
            &sig,
            "--json",
        ]));
        assert_eq!(v["valid"], true, "{jwk}");
        // The same signature over other bytes is invalid, not an error.
        let other = fx("msg-empty.bin");
        let out = run(&["verify", &other, "--key", &fx(jwk), "--signature", &sig]);
        assert_eq!(exit_code(&out), Some(1), "{jwk}: {}", stderr_of(&out));
    }
}

#[test]
fn jwk_check_public_matches_its_private_key_only() {
    for (jwk, private, _) in JWKS {
        let out = stdout_ok(&run(&[
            "check",
            "--key",
            &fx(private),
            "--public",
            &fx(jwk),
        ]));
        assert_eq!(
            out, "ok    key-matches-public-key: the public key is this private key's\n",
            "{jwk}"
        );
    }
    let out = run(&[
        "check",
        "--key",
        &fx("rsa2048b-pkcs8.pem"),
        "--public",
        &fx("rsa2048-pub-jwk.json"),
    ]);
    assert_eq!(exit_code(&out), Some(1), "{}", stderr_of(&out));
}

#[test]
fn jwk_inspect_describes_the_key_it_holds() {
    for (jwk, private, kind) in JWKS {
        let v = stdout_json(&run(&["inspect", &fx(jwk), "--json"]));
        assert_eq!(v["kind"], kind, "{jwk}");
        assert_eq!(v["format"], "jwk", "{jwk}");
        assert_eq!(v["encoding"], "json", "{jwk}");
        let of_key = stdout_json(&run(&["inspect", &fx(private), "--json"]));
        assert_eq!(v["spki_sha256"], of_key["spki_sha256"], "{jwk}");
    }
    let text = stdout_ok(&run(&["inspect", &fx("ed25519-pub-jwk.json")]));
    assert!(
        text.starts_with("kind:            Ed25519 public key (JWK, JSON)\n"),
        "{text}"
    );
}

#[test]
fn jwk_pubkey_is_byte_identical_to_openssl() {
    for (jwk, private, _) in JWKS {
        let want = openssl_ok(&["pkey", "-in", &fx(private), "-pubout"]);
        assert_eq!(stdout_clean(&run(&["pubkey", &fx(jwk)])), want, "{jwk}");
        let der = openssl_ok(&["pkey", "-in", &fx(private), "-pubout", "-outform", "DER"]);
        assert_eq!(
            stdout_clean(&run(&["pubkey", &fx(jwk), "--der"])),
            der,
            "{jwk}"
        );
    }
}

/// A private JWK gives its public half, as `openssl pkey -pubout` and `step
/// crypto jwk public` do: `d` is never read, so never printed back.
#[test]
fn jwk_private_members_are_never_printed() {
    let private = fx("ec-p256-private-jwk.json");
    let want = openssl_ok(&["pkey", "-in", &fx("ec-p256.pem"), "-pubout"]);
    assert_eq!(stdout_clean(&run(&["pubkey", &private])), want);
    let d = "M2sqxBJUBjIpAecAmk8_2gO2RYeeZMW0LVkBcan2cls";
    for args in [
        vec!["inspect", private.as_str()],
        vec!["inspect", private.as_str(), "--json"],
        vec!["inspect", private.as_str(), "--fix"],
        vec!["jwk", private.as_str()],
    ] {
        let out = run(&args);
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            stderr_of(&out)
        );
        assert!(!all.contains(d), "{args:?}: {all}");
    }
}

#[test]
fn jwk_set_of_one_key_is_read_and_of_several_refused() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one.json");
    let jwk = String::from_utf8(fixture_bytes("ec-p256-pub-jwk.json")).unwrap();
    std::fs::write(&one, format!("{{\"keys\":[{}]}}", jwk.trim())).unwrap();
    let want = openssl_ok(&["pkey", "-in", &fx("ec-p256.pem"), "-pubout"]);
    assert_eq!(stdout_clean(&run(&["pubkey", &path_str(&one)])), want);
    let out = run(&["pubkey", &fx("jwks.json")]);
    assert_eq!(exit_code(&out), Some(2));
    assert!(
        stderr_of(&out).contains("found several keys"),
        "{}",
        stderr_of(&out)
    );
}
