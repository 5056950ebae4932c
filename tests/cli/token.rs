//! basic-auth and token status on every partner response shape.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::util::{assert_error, assert_error_exact, fixture, fx, keysmith, run, stdout_ok};

/// Exit code and stdout of `token status FILE --json …`.
fn status_json(file: &str, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec!["token", "status", file, "--json"];
    args.extend_from_slice(extra);
    let out = run(&args);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        out.status.code().unwrap(),
        serde_json::from_slice(&out.stdout).unwrap(),
    )
}

/// Checks the state, exit code and seconds left at `now`.
fn assert_state(file: &str, received_at: &str, now: i64, state: &str, seconds_left: i64) {
    let now_arg = now.to_string();
    let (code, json) = status_json(file, &["--received-at", received_at, "--now", &now_arg]);
    assert_eq!(json["state"], state, "{file} at {now}: {json}");
    assert_eq!(json["seconds_left"], seconds_left, "{file} at {now}");
    assert_eq!(
        code,
        if state == "valid" { 0 } else { 1 },
        "{file} at {now}"
    );
}

const RECEIVED: &str = "1790000000";

#[test]
fn token_status_refresh_response_uses_the_access_token_exp() {
    // exp 1790001800 beats expires_in 3600; the refresh token (a JWT) expires 1790172800.
    let file = fx("refresh-response.json");
    assert_state(&file, RECEIVED, 1_790_000_000, "valid", 1800);
    assert_state(&file, RECEIVED, 1_790_001_740, "refresh", 60);
    assert_state(&file, RECEIVED, 1_790_001_800, "expired", 0);
    let (_, json) = status_json(&file, &["--received-at", RECEIVED, "--now", "1790000000"]);
    assert_eq!(
        json,
        serde_json::json!({
            "state": "valid",
            "expires_at": "2026-09-21T14:43:20Z",
            "seconds_left": 1800,
            "source": "jwt-exp",
            "refresh_token": {"present": true, "expires_at": "2026-09-23T14:13:20Z"}
        })
    );
}

#[test]
fn token_status_m2m_string_expires_in_counts_from_receipt() {
    let file = fx("m2m-response.json");
    assert_state(&file, RECEIVED, 1_790_000_100, "valid", 200);
    assert_state(&file, RECEIVED, 1_790_000_250, "refresh", 50);
    assert_state(&file, RECEIVED, 1_790_000_301, "expired", -1);
    let (_, json) = status_json(&file, &["--received-at", RECEIVED, "--now", "1790000100"]);
    assert_eq!(json["source"], "expires_in");
    assert_eq!(json["expires_at"], "2026-09-21T14:18:20Z");
    assert_eq!(json["refresh_token"], serde_json::Value::Null);
}

#[test]
fn token_status_paymentsgate_opaque_tokens() {
    let file = fx("paymentsgate-response.json");
    assert_state(&file, RECEIVED, 1_790_000_000, "valid", 3600);
    assert_state(&file, RECEIVED, 1_790_003_545, "refresh", 55);
    assert_state(&file, RECEIVED, 1_790_007_200, "expired", -3600);
    let (_, json) = status_json(&file, &["--received-at", RECEIVED, "--now", "1790000000"]);
    assert_eq!(json["source"], "expires_in");
    assert_eq!(
        json["refresh_token"],
        serde_json::json!({"present": true, "expires_at": null})
    );
}

#[test]
fn token_status_merchant_absolute_expires_in() {
    // expiresIn 1707241515 is an absolute time; --received-at does not move it.
    let file = fx("merchant-response.json");
    assert_state(&file, RECEIVED, 1_707_240_000, "valid", 1515);
    assert_state(&file, "0", 1_707_241_500, "refresh", 15);
    assert_state(&file, RECEIVED, 1_790_000_000, "expired", -82_758_485);
    let (_, json) = status_json(&file, &["--now", "1707240000"]);
    assert_eq!(json["source"], "expires_at");
    assert_eq!(json["expires_at"], "2024-02-06T17:45:15Z");
}

#[test]
fn token_status_upu_gateway_jwt_valid_24h() {
    let file = fx("upu-token.txt");
    assert_state(&file, RECEIVED, 1_790_000_000, "valid", 86_400);
    assert_state(&file, RECEIVED, 1_790_086_399, "refresh", 1);
    assert_state(&file, RECEIVED, 1_790_090_000, "expired", -3600);
}

#[test]
fn token_status_bare_jwt_text_output() {
    let out = run(&[
        "token",
        "status",
        &fx("jwt-rs256-valid.txt"),
        "--now",
        "1790000100",
    ]);
    assert_eq!(
        stdout_ok(&out),
        "state:         valid\n\
         expires at:    2026-09-21T14:43:20Z, in 28 minutes\n\
         seconds left:  1700\n\
         source:        jwt-exp (the access token's exp claim)\n\
         refresh token: none\n"
    );
    let out = run(&[
        "token",
        "status",
        &fx("jwt-rs256-valid.txt"),
        "--now",
        "1790001790",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("state:         refresh\n"));
    let out = run(&[
        "token",
        "status",
        &fx("jwt-rs256-expired.txt"),
        "--now",
        "1790000000",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("state:         expired\n"));
}

#[test]
fn token_status_text_for_responses() {
    let out = run(&[
        "token",
        "status",
        &fx("paymentsgate-response.json"),
        "--received-at",
        RECEIVED,
        "--now",
        "1790003600",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "state:         expired\n\
         expires at:    2026-09-21T15:13:20Z, now\n\
         seconds left:  0\n\
         source:        expires_in (expires_in, counted from when the response was received)\n\
         refresh token: present (opaque, expiry unknown)\n"
    );
    let out = run(&[
        "token",
        "status",
        &fx("refresh-response.json"),
        "--now",
        "1790000000",
    ]);
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .ends_with("refresh token: expires 2026-09-23T14:13:20Z, in 2 days\n")
    );
}

#[test]
fn token_status_skew_flag_moves_the_refresh_window() {
    let file = fx("m2m-response.json");
    let (code, json) = status_json(
        &file,
        &[
            "--received-at",
            RECEIVED,
            "--now",
            "1790000100",
            "--skew",
            "200",
        ],
    );
    assert_eq!((code, json["state"].as_str()), (1, Some("refresh")));
    let (code, json) = status_json(
        &file,
        &[
            "--received-at",
            RECEIVED,
            "--now",
            "1790000299",
            "--skew",
            "0",
        ],
    );
    assert_eq!((code, json["state"].as_str()), (0, Some("valid")));
}

fn copy_with_mtime(dir: &Path, name: &str, mtime: u64) -> PathBuf {
    let dest = dir.join(name);
    std::fs::copy(fixture(name), &dest).unwrap();
    let file = std::fs::File::options().write(true).open(&dest).unwrap();
    file.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(mtime))
        .unwrap();
    dest
}

#[test]
fn token_status_counts_from_the_file_time_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy_with_mtime(dir.path(), "m2m-response.json", 1_790_000_000);
    let (code, json) = status_json(file.to_str().unwrap(), &["--now", "1790000100"]);
    assert_eq!(code, 0);
    assert_eq!(json["seconds_left"], 200);
    // --received-at wins over the file time.
    let (_, json) = status_json(
        file.to_str().unwrap(),
        &["--now", "1790000100", "--received-at", "1790000050"],
    );
    assert_eq!(json["seconds_left"], 250);
}

// Issue 10 §7: a copied file gets a new modification time and silently looks fresh; the text
// says when expires_in was counted from it.
#[test]
fn issue_10_token_status_says_when_it_counts_from_the_file_time() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy_with_mtime(dir.path(), "m2m-response.json", 1_790_000_000);
    let out = run(&[
        "token",
        "status",
        file.to_str().unwrap(),
        "--now",
        "1790000100",
    ]);
    assert_eq!(
        stdout_ok(&out),
        "state:         valid\n\
         expires at:    2026-09-21T14:18:20Z, in 3 minutes\n\
         seconds left:  200\n\
         source:        expires_in (expires_in, counted from the file's modification time, \
         2026-09-21T14:13:20Z; give --received-at to set it)\n\
         refresh token: none\n"
    );
    // Given --received-at, or an expiry that does not depend on it: no such words.
    let out = run(&[
        "token",
        "status",
        file.to_str().unwrap(),
        "--now",
        "1790000100",
        "--received-at",
        "1790000000",
    ]);
    assert!(!stdout_ok(&out).contains("modification time"));
    let jwt = copy_with_mtime(dir.path(), "refresh-response.json", 1_790_000_000);
    let out = run(&[
        "token",
        "status",
        jwt.to_str().unwrap(),
        "--now",
        "1790000100",
    ]);
    assert!(!stdout_ok(&out).contains("modification time"));
}

#[test]
fn token_status_reads_standard_input_counting_from_now() {
    let body = std::fs::read(fixture("m2m-response.json")).unwrap();
    let out = keysmith()
        .args(["token", "status", "-", "--json", "--now", "1790000000"])
        .write_stdin(body)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json["seconds_left"], 300);
    // A bare JWT with a Bearer prefix, as copied from a header.
    let token = std::fs::read_to_string(fixture("upu-token.txt")).unwrap();
    let out = keysmith()
        .args(["token", "status", "-", "--json", "--now", "1790000000"])
        .write_stdin(format!("Bearer {token}"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn token_status_errors() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, body: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        p.display().to_string()
    };
    let opaque = write("opaque.txt", "opaque-token-without-lifetime\n");
    assert_error(
        &run(&["token", "status", &opaque, "--now", "0"]),
        "opaque.txt: expected a token or a token endpoint response, found a token whose expiry \
         cannot be told (no JWT exp claim and no expires_in or expiresIn field)",
    );
    let no_exp = write("no-exp.json", r#"{"access_token": "opaque"}"#);
    assert_error(
        &run(&["token", "status", &no_exp]),
        "found a token whose expiry cannot be told",
    );
    let no_token = write("no-token.json", r#"{"expires_in": 300}"#);
    assert_error(
        &run(&["token", "status", &no_token]),
        "found JSON without an access_token, accessToken or token field",
    );
    let bad = write(
        "bad.json",
        r#"{"access_token": "x", "expires_in": "5 minutes"}"#,
    );
    assert_error(
        &run(&["token", "status", &bad]),
        "found an expires_in/expiresIn that is not a whole number of seconds",
    );
    let broken = write("broken.json", r#"{"access_token": "#);
    assert_error(&run(&["token", "status", &broken]), "found invalid JSON");
    let empty = write("empty.json", "");
    assert_error(&run(&["token", "status", &empty]), "found an empty input");
    assert_error(
        &run(&["token", "status", "/nonexistent/r.json"]),
        "cannot read /nonexistent/r.json",
    );
    let usage = run(&[
        "token",
        "status",
        &fx("m2m-response.json"),
        "--skew",
        "soon",
    ]);
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn basic_auth_from_a_password_file() {
    let dir = tempfile::tempdir().unwrap();
    let pw = dir.path().join("pw.txt");
    std::fs::write(&pw, "open sesame\n").unwrap();
    let pw = pw.display().to_string();
    let out = run(&["basic-auth", "--user", "Aladdin", "--password-file", &pw]);
    assert_eq!(stdout_ok(&out), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\n");
    let out = run(&[
        "basic-auth",
        "--user",
        "Aladdin",
        "--password-file",
        &pw,
        "--header",
    ]);
    assert_eq!(
        stdout_ok(&out),
        "Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\n"
    );
}

#[test]
fn basic_auth_from_an_environment_variable() {
    let out = keysmith()
        .env("KS_TEST_PASSWORD", "s3cr:t")
        .args([
            "basic-auth",
            "--user",
            "client-42",
            "--password-env",
            "KS_TEST_PASSWORD",
        ])
        .output()
        .unwrap();
    // printf 'client-42:s3cr:t' | base64
    assert_eq!(stdout_ok(&out), "Basic Y2xpZW50LTQyOnMzY3I6dA==\n");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("s3cr"));
}

#[test]
fn basic_auth_errors() {
    assert_error(
        &run(&[
            "basic-auth",
            "--user",
            "a:b",
            "--password-file",
            &fx("passphrase.txt"),
        ]),
        "argument --user: a user name must not contain ':' (RFC 7617)",
    );
    // Standard input is not a terminal here, so there is no prompt to fall back on.
    assert_error(
        &run(&["basic-auth", "--user", "u"]),
        "basic-auth needs a password: give --password-file or --password-env",
    );
    assert_error(
        &run(&[
            "basic-auth",
            "--user",
            "u",
            "--password-env",
            "KS_TEST_UNSET_VARIABLE",
        ]),
        "the variable given to --password-env is not set",
    );
    assert_error(
        &run(&[
            "basic-auth",
            "--user",
            "u",
            "--password-file",
            "/nonexistent/pw",
        ]),
        "cannot read /nonexistent/pw",
    );
}

/// Issue 11: the library states why there is no cache directory; the advice
/// (which variable to set) is the command line's hint after it.
#[test]
fn issue_11_no_cache_directory_states_the_fact_then_the_hint() {
    let out = keysmith()
        .args(["token", "list"])
        .env_remove("KEYSMITH_CACHE_DIR")
        .env_remove("XDG_CACHE_HOME")
        .env_remove("HOME")
        .env_remove("KEYSMITH_CONFIG")
        .output()
        .unwrap();
    assert_error_exact(
        &out,
        "no cache directory: none of KEYSMITH_CACHE_DIR, XDG_CACHE_HOME (absolute) or HOME is set; \
         set one of them",
    );
}
