//! JWTs read strictly everywhere (time claims, `kid`, nested duplicates), and
//! `jwt verify` with a certificate outside its validity. Issue 10.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::util::*;

/// A compact JWT with these header and payload texts and a dummy signature.
fn token(header: &str, payload: &str) -> String {
    format!(
        "{}.{}.c2ln",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    )
}

// Issue 10 §4.8: a JWT access token with a malformed time claim makes the
// response malformed (exit 2); `expires_in` beside it is no fallback.
#[test]
fn issue_10_token_status_refuses_a_jwt_with_a_malformed_time_claim() {
    let dir = tempfile::tempdir().unwrap();
    let h = r#"{"alg":"HS256"}"#;
    for (payload, claim) in [
        (r#"{"exp":1000,"nbf":"x"}"#, "nbf"),
        (r#"{"exp":"1000"}"#, "exp"),
        (r#"{"exp":1000,"iat":"x"}"#, "iat"),
    ] {
        let jwt = token(h, payload);
        let message = format!("a malformed JWT: the '{claim}' claim is not a number");
        let response = dir.path().join("response.json");
        std::fs::write(
            &response,
            format!(r#"{{"access_token": "{jwt}", "expires_in": 3600}}"#),
        )
        .unwrap();
        let file = path_str(&response);
        assert_error_exact(
            &run(&["token", "status", &file, "--now", "0"]),
            &format!("{file}: expected a JWT, found {message}"),
        );
        // The bare token, and the same token as a refresh token.
        let bare = write_text(dir.path(), "bare.txt", &jwt);
        assert_error(&run(&["token", "status", &bare, "--now", "0"]), &message);
        std::fs::write(
            &response,
            format!(r#"{{"access_token": "opaque", "expires_in": 60, "refresh_token": "{jwt}"}}"#),
        )
        .unwrap();
        assert_error(&run(&["token", "status", &file, "--now", "0"]), &message);
        // `jwt decode` agrees.
        assert_error(&run(&["jwt", "decode", &jwt]), &message);
    }
    // A well-formed JWT still wins over expires_in, and an opaque token uses it.
    let good = token(h, r#"{"exp":1000,"nbf":5,"iat":5}"#);
    let response = write_text(
        dir.path(),
        "good.json",
        &format!(r#"{{"access_token": "{good}", "expires_in": 3600}}"#),
    );
    let out = run(&["token", "status", &response, "--now", "0", "--json"]);
    assert_eq!(stdout_json(&out)["source"], "jwt-exp");
}

fn write_text(dir: &std::path::Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path_str(&path)
}

// Issue 10 §6: a `kid` that is not a string is malformed (not absent), and so is
// a member twice in a nested object of the header or the payload.
#[test]
fn issue_10_non_string_kid_and_nested_duplicates_are_malformed() {
    let cases = [
        (
            token(r#"{"alg":"HS256","kid":7}"#, "{}"),
            "the header's 'kid' is not a string",
        ),
        (
            token(r#"{"alg":"HS256","kid":null}"#, "{}"),
            "the header's 'kid' is not a string",
        ),
        (
            token(r#"{"alg":"HS256","jwk":{"kty":"oct","kty":"RSA"}}"#, "{}"),
            "the header has a duplicate member",
        ),
        (
            token(
                r#"{"alg":"HS256"}"#,
                r#"{"sub":"a","roles":[{"name":"user","name":"admin"}]}"#,
            ),
            "the payload has a duplicate member",
        ),
    ];
    for (jwt, why) in &cases {
        assert_error_exact(
            &run(&["jwt", "decode", jwt]),
            &format!("argument TOKEN: expected a JWT, found a malformed JWT: {why}"),
        );
        let out = run(&[
            "jwt", "verify", jwt, "--secret", "s3cret", "--json", "--now", "0",
        ]);
        assert_eq!(exit_code(&out), Some(1), "{why}");
        assert_eq!(json(&out)["reason"], "malformed", "{why}");
        let out = run(&["jwt", "verify", jwt, "--secret", "s3cret", "--now", "0"]);
        assert_eq!(exit_code(&out), Some(1));
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).lines().next(),
            Some(format!("signature: INVALID (malformed: {why})").as_str())
        );
    }
}

// Issue 10 §6: `jwt verify --key CERT` with a certificate expired at `--now`
// verifies with its key and warns that the certificate expired.
#[test]
fn issue_10_verify_with_an_expired_certificate_warns() {
    let signed = run(&[
        "jwt",
        "sign",
        "--key",
        &fx("rsa2048-pkcs8.pem"),
        "--claim",
        "sub=a",
        "--no-iat",
    ]);
    let jwt = String::from_utf8(stdout_clean(&signed)).unwrap();
    let cert = fx("client-expired.pem");
    let out = run(&[
        "jwt",
        "verify",
        jwt.trim(),
        "--key",
        &cert,
        "--now",
        "1790000000",
        "--json",
    ]);
    assert_eq!(exit_code(&out), Some(0), "{}", stderr_of(&out));
    let warning = format!(
        "{cert}: the certificate expired at 2021-01-01T00:00:00Z; its key was used all the same"
    );
    assert_eq!(json(&out)["valid"], true);
    assert_eq!(json(&out)["warnings"], serde_json::json!([warning]));
    assert_eq!(stderr_of(&out), format!("warning: {warning}\n"));
    // Within its validity, no warning.
    let out = run(&[
        "jwt",
        "verify",
        jwt.trim(),
        "--key",
        &cert,
        "--now",
        "1600000000",
    ]);
    assert_eq!(exit_code(&out), Some(0));
    assert_eq!(stderr_of(&out), "");
}
