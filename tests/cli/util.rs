//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Output;

/// A `keysmith` command for the binary under test.
pub fn keysmith() -> assert_cmd::Command {
    assert_cmd::cargo::cargo_bin_cmd!("keysmith")
}

/// Path of a fixture in `testdata/`.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(name)
}

/// Fixture path as a `String` for argument lists.
pub fn fx(name: &str) -> String {
    fixture(name).display().to_string()
}

/// Runs `keysmith args…`, returning the output.
pub fn run(args: &[&str]) -> Output {
    keysmith().args(args).output().expect("keysmith runs")
}

/// Runs `keysmith args…` in `dir`.
pub fn run_in(dir: &std::path::Path, args: &[&str]) -> Output {
    keysmith()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("keysmith runs")
}

/// Asserts a usage/input failure: exit 2, one `error:` line, no panic, empty stdout.
pub fn assert_error(out: &Output, contains: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(
        stderr.starts_with("error: ") || stderr.contains("\nerror: "),
        "stderr: {stderr}"
    );
    assert!(
        stderr.contains(contains),
        "stderr {stderr:?} lacks {contains:?}"
    );
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
    assert!(
        out.stdout.is_empty(),
        "stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Asserts success and returns stdout as text.
pub fn stdout_ok(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs the real `openssl`; fails the test (never skips) when it is missing.
pub fn openssl(args: &[&str]) -> Output {
    std::process::Command::new("openssl")
        .args(args)
        .output()
        .expect("openssl must be installed for interop tests (.ci/run installs it)")
}

/// Like [`openssl`] but asserts success and returns stdout.
pub fn openssl_ok(args: &[&str]) -> Vec<u8> {
    let out = openssl(args);
    assert!(
        out.status.success(),
        "openssl {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}
