//! Helpers shared by the integration tests.

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

/// `base64 -w0 FILE` by coreutils, the command partner docs give.
pub fn coreutils_base64(path: impl AsRef<std::path::Path>) -> String {
    let out = std::process::Command::new("base64")
        .arg("-w0")
        .arg(path.as_ref())
        .output()
        .expect("coreutils base64 must be installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
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

/// Like [`assert_error`], and the last stderr line is exactly `error: {message}`.
pub fn assert_error_exact(out: &Output, message: &str) {
    assert_error(out, message);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.lines().last(),
        Some(format!("error: {message}").as_str()),
        "stderr: {stderr}"
    );
}

/// Standard error as text.
pub fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts success with nothing on stderr, and returns stdout as bytes.
pub fn stdout_clean(out: &Output) -> Vec<u8> {
    stdout_ok(out);
    assert_eq!(stderr_of(out), "", "unexpected stderr");
    out.stdout.clone()
}

/// Runs `keysmith args…` with `input` on standard input.
pub fn run_stdin(args: &[&str], input: impl Into<Vec<u8>>) -> Output {
    keysmith()
        .args(args)
        .write_stdin(input.into())
        .output()
        .expect("keysmith runs")
}

/// The permission bits of a file (`0o600`, `0o644`, …).
pub fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("file exists")
        .permissions()
        .mode()
        & 0o777
}

/// Asserts a public file's mode: readable and writable by its owner, writable by
/// nobody else (0644 under the usual umask).
pub fn assert_public_mode(path: &std::path::Path) {
    let m = mode(path);
    assert_eq!(m & 0o600, 0o600, "{}: mode {m:o}", path.display());
    assert_eq!(m & 0o133, 0, "{}: mode {m:o}", path.display());
}

/// The bytes of a fixture.
pub fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).expect("fixture exists")
}

/// The exit code, after checking that the run did not panic.
pub fn exit_code(out: &Output) -> Option<i32> {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
    out.status.code()
}

/// Stdout as one JSON value, whatever the exit code (a "no" prints JSON too).
pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// Parses stdout as one JSON value.
pub fn stdout_json(out: &Output) -> serde_json::Value {
    let text = stdout_ok(out);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {text}"))
}

/// The passphrase file every encrypted fixture uses (`correct horse`).
pub fn passphrase_file() -> String {
    fx("passphrase.txt")
}

/// Runs `keysmith args…` on a pseudo-terminal (through util-linux `script`), typing
/// `typed` into it; returns the exit code and what the terminal showed (LF endings).
pub fn on_terminal(typed: &[u8], args: &[&str]) -> (Option<i32>, String) {
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let mut command = quote(env!("CARGO_BIN_EXE_keysmith"));
    for a in args {
        command.push(' ');
        command.push_str(&quote(a));
    }
    let out = assert_cmd::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .write_stdin(typed.to_vec())
        .output()
        .expect("util-linux script must be installed (.ci/run installs it)");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n"),
    )
}

/// Reads a file the test expects to exist.
pub fn read(path: impl AsRef<std::path::Path>) -> Vec<u8> {
    let path = path.as_ref();
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A path as a `String` for argument lists.
pub fn path_str(path: &std::path::Path) -> String {
    path.display().to_string()
}

/// `keysmith pubkey KEY [args…]` must succeed cleanly; returns stdout.
pub fn pubkey_of(key: &std::path::Path, extra: &[&str]) -> Vec<u8> {
    let key = path_str(key);
    let mut args = vec!["pubkey", key.as_str()];
    args.extend_from_slice(extra);
    stdout_clean(&run(&args))
}
