//! keygen.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::util::*;

/// Uppercase hex SHA-256 of a file's SPKI DER, computed from the public key file.
fn spki_sha256_of(public_pem: &Path) -> String {
    let der = openssl_ok(&[
        "pkey",
        "-pubin",
        "-in",
        &public_pem.display().to_string(),
        "-outform",
        "DER",
    ]);
    Sha256::digest(&der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect()
}

#[test]
fn keygen_writes_default_files_with_modes() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["keygen"]);
    let text = String::from_utf8(stdout_clean(&out)).unwrap();
    let private = dir.path().join("private_key.pem");
    let public = dir.path().join("public_key.pem");
    assert_eq!(mode(&private), 0o600);
    assert_public_mode(&public);
    let private_pem = String::from_utf8(read(&private)).unwrap();
    assert!(private_pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    assert!(private_pem.ends_with("-----END PRIVATE KEY-----\n"));
    let public_pem = String::from_utf8(read(&public)).unwrap();
    assert!(public_pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
    assert!(public_pem.ends_with("-----END PUBLIC KEY-----\n"));
    // The public file is the public half of the private file.
    assert_eq!(pubkey_of(&private, &[]), public_pem.as_bytes());
    assert_eq!(
        text,
        format!(
            "private key: private_key.pem (mode 0600)\n\
             public key:  public_key.pem\n\
             bits:        2048\n\
             spki sha256: {}\n",
            spki_sha256_of(&public)
        )
    );
}

#[test]
fn keygen_json_reports_paths_bits_and_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["keygen", "--json"]);
    assert_eq!(stderr_of(&out), "");
    let json = stdout_json(&out);
    let public = dir.path().join("public_key.pem");
    assert_eq!(
        json,
        serde_json::json!({
            "private_key": "private_key.pem",
            "public_key": "public_key.pem",
            "bits": 2048,
            "format": "pkcs8",
            "encoding": "pem",
            "encrypted": false,
            "spki_sha256": spki_sha256_of(&public),
        })
    );
}

#[test]
fn keygen_bits_3072() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["keygen", "--bits", "3072", "--json"]);
    assert_eq!(stdout_json(&out)["bits"], 3072);
    let inspect = run(&[
        "inspect",
        "--json",
        &path_str(&dir.path().join("public_key.pem")),
    ]);
    assert_eq!(stdout_json(&inspect)["bits"], 3072);
}

#[test]
fn keygen_refuses_sizes_other_than_2048_3072_4096() {
    let dir = tempfile::tempdir().unwrap();
    for bits in ["1024", "512", "2047", "8192", "0"] {
        let out = run_in(dir.path(), &["keygen", "--bits", bits]);
        assert_error_exact(
            &out,
            "argument --bits: RSA key size must be 2048, 3072 or 4096 bits",
        );
    }
    let out = run_in(dir.path(), &["keygen", "--bits", "big"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("invalid value 'big'"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn keygen_writes_to_given_paths() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("keys")).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "keygen",
            "--private",
            "keys/svc.key",
            "--public",
            "keys/svc.pub",
        ],
    );
    let text = String::from_utf8(stdout_clean(&out)).unwrap();
    assert!(text.starts_with("private key: keys/svc.key (mode 0600)\npublic key:  keys/svc.pub\n"));
    assert_eq!(mode(&dir.path().join("keys/svc.key")), 0o600);
    assert!(!dir.path().join("private_key.pem").exists());
    assert!(!dir.path().join("public_key.pem").exists());
    assert_eq!(
        pubkey_of(&dir.path().join("keys/svc.key"), &[]),
        read(dir.path().join("keys/svc.pub"))
    );
}

#[test]
fn keygen_pkcs1_format() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["keygen", "--format", "pkcs1", "--json"]);
    assert_eq!(stdout_json(&out)["format"], "pkcs1");
    let private = dir.path().join("private_key.pem");
    assert!(read(&private).starts_with(b"-----BEGIN RSA PRIVATE KEY-----\n"));
    assert_eq!(mode(&private), 0o600);
    let json = stdout_json(&run(&["inspect", "--json", &path_str(&private)]));
    assert_eq!(json["format"], "pkcs1");
    assert_eq!(json["kind"], "rsa-private-key");
    assert!(read(dir.path().join("public_key.pem")).starts_with(b"-----BEGIN PUBLIC KEY-----\n"));
}

#[test]
fn keygen_der_writes_both_files_as_der() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(
        dir.path(),
        &[
            "keygen",
            "--der",
            "--private",
            "k.der",
            "--public",
            "p.der",
            "--json",
        ],
    );
    let json = stdout_json(&out);
    assert_eq!(json["encoding"], "der");
    assert_eq!(json["format"], "pkcs8");
    let private = dir.path().join("k.der");
    let public = dir.path().join("p.der");
    assert_eq!(read(&private).first(), Some(&0x30));
    assert_eq!(read(&public).first(), Some(&0x30));
    assert_eq!(mode(&private), 0o600);
    let inspected = stdout_json(&run(&["inspect", "--json", &path_str(&private)]));
    assert_eq!(inspected["format"], "pkcs8");
    assert_eq!(inspected["encoding"], "der");
    assert_eq!(pubkey_of(&private, &["--der"]), read(&public));
    let inspected = stdout_json(&run(&["inspect", "--json", &path_str(&public)]));
    assert_eq!(inspected["format"], "spki");
    assert_eq!(inspected["spki_sha256"], json["spki_sha256"]);
}

#[test]
fn keygen_encrypt_with_passphrase_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(
        dir.path(),
        &[
            "keygen",
            "--encrypt",
            "--passphrase-file",
            &passphrase_file(),
        ],
    );
    let text = String::from_utf8(stdout_clean(&out)).unwrap();
    assert!(text.starts_with("private key: private_key.pem (mode 0600, encrypted)\n"));
    let private = dir.path().join("private_key.pem");
    assert!(read(&private).starts_with(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
    assert_eq!(mode(&private), 0o600);
    assert_eq!(
        pubkey_of(&private, &["--passphrase-file", &passphrase_file()]),
        read(dir.path().join("public_key.pem"))
    );
    let json = stdout_json(&run(&[
        "inspect",
        "--json",
        &path_str(&private),
        "--passphrase-file",
        &passphrase_file(),
    ]));
    assert_eq!(json["encrypted"], true);
    assert_eq!(json["consistent"], true);
}

#[test]
fn keygen_encrypt_with_passphrase_env() {
    let dir = tempfile::tempdir().unwrap();
    let out = keysmith()
        .current_dir(dir.path())
        .env("KEYSMITH_TEST_PASS", "s3cret phrase")
        .args([
            "keygen",
            "--encrypt",
            "--passphrase-env",
            "KEYSMITH_TEST_PASS",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(stdout_json(&out)["encrypted"], true);
    let private = dir.path().join("private_key.pem");
    let public = keysmith()
        .env("KEYSMITH_TEST_PASS", "s3cret phrase")
        .args([
            "pubkey",
            &path_str(&private),
            "--passphrase-env",
            "KEYSMITH_TEST_PASS",
        ])
        .output()
        .unwrap();
    assert_eq!(
        stdout_clean(&public),
        read(dir.path().join("public_key.pem"))
    );
    // The passphrase file holds a different passphrase.
    let wrong = run(&[
        "pubkey",
        &path_str(&private),
        "--passphrase-file",
        &passphrase_file(),
    ]);
    assert_error_exact(
        &wrong,
        &format!(
            "{}: wrong passphrase (decryption failed)",
            private.display()
        ),
    );
}

#[test]
fn keygen_encrypt_without_passphrase_source_fails_without_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["keygen", "--encrypt"]);
    assert_error_exact(
        &out,
        "--encrypt needs a passphrase: give --passphrase-file or --passphrase-env",
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn keygen_encrypt_with_unset_env_fails() {
    let dir = tempfile::tempdir().unwrap();
    let out = keysmith()
        .current_dir(dir.path())
        .env_remove("KEYSMITH_UNSET_VAR")
        .args([
            "keygen",
            "--encrypt",
            "--passphrase-env",
            "KEYSMITH_UNSET_VAR",
        ])
        .output()
        .unwrap();
    assert_error_exact(&out, "the variable given to --passphrase-env is not set");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn keygen_encrypt_refuses_pkcs1() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(
        dir.path(),
        &[
            "keygen",
            "--encrypt",
            "--format",
            "pkcs1",
            "--passphrase-file",
            &passphrase_file(),
        ],
    );
    assert_error_exact(
        &out,
        "PKCS#1 keys cannot be encrypted by keysmith; use --format pkcs8 (the default) with --encrypt",
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn keygen_refuses_to_overwrite_without_force() {
    for existing in ["private_key.pem", "public_key.pem"] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(existing);
        std::fs::write(&path, b"keep me\n").unwrap();
        let out = run_in(dir.path(), &["keygen"]);
        assert_error_exact(
            &out,
            &format!("{existing} already exists; use --force to replace it"),
        );
        assert_eq!(read(&path), b"keep me\n");
        // Nothing else was written either.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}

#[test]
fn keygen_force_replaces_world_readable_file_with_0600() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let private = dir.path().join("private_key.pem");
    let public = dir.path().join("public_key.pem");
    for path in [&private, &public] {
        std::fs::write(path, b"old\n").unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let out = run_in(dir.path(), &["keygen", "--force"]);
    stdout_clean(&out);
    assert_eq!(mode(&private), 0o600);
    assert_public_mode(&public);
    assert!(read(&private).starts_with(b"-----BEGIN PRIVATE KEY-----\n"));
    assert_eq!(pubkey_of(&private, &[]), read(&public));
    // No temporary files are left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn keygen_refuses_the_same_file_for_both_keys() {
    let dir = tempfile::tempdir().unwrap();
    for (private, public) in [("k.pem", "k.pem"), ("k.pem", "./k.pem")] {
        for force in [false, true] {
            let mut args = vec!["keygen", "--private", private, "--public", public];
            if force {
                args.push("--force");
            }
            assert_error_exact(
                &run_in(dir.path(), &args),
                &format!(
                    "{public} names the same file as {private}; \
                     one output would replace the other"
                ),
            );
            assert!(!dir.path().join("k.pem").exists());
        }
    }
}

#[test]
fn keygen_leaves_no_private_key_when_the_public_key_cannot_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(
        dir.path(),
        &["keygen", "--public", "missing-dir/public_key.pem"],
    );
    assert_error(&out, "cannot write missing-dir/public_key.pem");
    assert!(!dir.path().join("private_key.pem").exists());
}

#[test]
fn keygen_spinner_only_on_a_terminal() {
    // stderr is a pipe here: no spinner, nothing on stderr at all.
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["keygen", "--bits", "3072"]);
    stdout_ok(&out);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn keygen_spinner_shows_on_a_terminal_for_large_keys() {
    let dir = tempfile::tempdir().unwrap();
    let private = path_str(&dir.path().join("k.pem"));
    let public = path_str(&dir.path().join("p.pem"));
    let (code, screen) = on_terminal(
        b"",
        &[
            "keygen",
            "--bits",
            "3072",
            "--private",
            &private,
            "--public",
            &public,
        ],
    );
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains("generating a key…"), "{screen:?}");
    assert!(screen.contains("bits:        3072"), "{screen}");
}

/// The files directly in `dir`, sorted (temporary files included).
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A directory holding an old key pair that a failed `keygen --force` must keep.
fn old_pair() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("private_key.pem"), b"old private\n").unwrap();
    std::fs::write(dir.path().join("public_key.pem"), b"old public\n").unwrap();
    dir
}

fn assert_old_pair(dir: &Path) {
    assert_eq!(read(dir.join("private_key.pem")), b"old private\n");
    assert_eq!(read(dir.join("public_key.pem")), b"old public\n");
}

// Regression, issue 10 §2 (a command does everything or changes nothing).
#[test]
fn issue_10_keygen_force_keeps_the_old_pair_when_the_public_path_is_a_directory() {
    let dir = old_pair();
    std::fs::create_dir(dir.path().join("pubdir")).unwrap();
    let out = run_in(dir.path(), &["keygen", "--force", "--public", "pubdir"]);
    assert_error_exact(&out, "cannot write pubdir: is a directory");
    assert_old_pair(dir.path());
    assert_eq!(
        names_in(dir.path()),
        ["private_key.pem", "pubdir", "public_key.pem"]
    );
    assert!(names_in(&dir.path().join("pubdir")).is_empty());
}

// Regression, issue 10 §2 (a command does everything or changes nothing).
// A read-only directory would show the same, but only to a non-root user: a path
// under a regular file fails the same way (no temporary file can be made) for root too.
#[test]
fn issue_10_keygen_force_keeps_the_old_pair_when_the_public_path_is_under_a_file() {
    let dir = old_pair();
    std::fs::write(dir.path().join("plain"), b"a file\n").unwrap();
    let out = run_in(
        dir.path(),
        &["keygen", "--force", "--public", "plain/public_key.pem"],
    );
    assert_error(&out, "cannot write plain/public_key.pem: ");
    assert_eq!(stderr_of(&out).lines().count(), 1);
    assert_old_pair(dir.path());
    assert_eq!(
        names_in(dir.path()),
        ["plain", "private_key.pem", "public_key.pem"]
    );
}

// Regression, issue 10 §2 (a command does everything or changes nothing).
#[test]
fn issue_10_keygen_refuses_one_file_through_a_symlinked_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::os::unix::fs::symlink("sub", dir.path().join("lnk")).unwrap();
    for force in [false, true] {
        let mut args = vec!["keygen", "--private", "sub/a", "--public", "lnk/a"];
        if force {
            args.push("--force");
        }
        assert_error_exact(
            &run_in(dir.path(), &args),
            "lnk/a names the same file as sub/a; one output would replace the other",
        );
        assert!(names_in(&dir.path().join("sub")).is_empty());
    }
}

// Regression, issue 10 §2 (a command does everything or changes nothing).
#[test]
fn issue_10_keygen_refuses_one_file_through_dot_dot() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let out = run_in(
        dir.path(),
        &["keygen", "--private", "sub/../k.pem", "--public", "k.pem"],
    );
    assert_error_exact(
        &out,
        "k.pem names the same file as sub/../k.pem; one output would replace the other",
    );
    assert_eq!(names_in(dir.path()), ["sub"]);
}

// Regression, issue 10 §2 (a command does everything or changes nothing).
#[test]
fn issue_10_keygen_writes_names_near_the_file_system_limit() {
    let dir = tempfile::tempdir().unwrap();
    let private = "p".repeat(250);
    let public = "q".repeat(250);
    let out = run_in(
        dir.path(),
        &["keygen", "--private", &private, "--public", &public],
    );
    stdout_clean(&out);
    assert_eq!(mode(&dir.path().join(&private)), 0o600);
    assert_eq!(
        pubkey_of(&dir.path().join(&private), &[]),
        read(dir.path().join(&public))
    );
    assert_eq!(names_in(dir.path()), [private, public]);
}

// Regression, issue 10 §2 (a command does everything or changes nothing).
#[test]
fn issue_10_keygen_refuses_dash_for_either_key() {
    for flag in ["--private", "--public"] {
        let dir = tempfile::tempdir().unwrap();
        let out = run_in(dir.path(), &["keygen", flag, "-"]);
        assert_error_exact(
            &out,
            "keygen writes files, not standard output: give --private and --public \
             file paths (./- for a file named -)",
        );
        assert!(names_in(dir.path()).is_empty());
    }
}

// Regression, issue 10 §2 (a command does everything or changes nothing).
#[test]
fn issue_10_keygen_json_refuses_a_non_utf8_path_before_writing() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let private = std::ffi::OsStr::from_bytes(b"k\xff.pem");
    let out = keysmith()
        .current_dir(dir.path())
        .arg("keygen")
        .arg("--json")
        .arg("--private")
        .arg(private)
        .output()
        .unwrap();
    assert_error_exact(
        &out,
        "--json cannot hold the path k\u{FFFD}.pem (it is not UTF-8); \
         rename it or leave out --json",
    );
    assert!(names_in(dir.path()).is_empty());
}

/// A tmpfs mounted on a fresh directory, unmounted when dropped (also when the
/// test fails).
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    /// `None` when mounting is not permitted (not root, or a container without
    /// CAP_SYS_ADMIN).
    fn mount(size: &str) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().unwrap();
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?;
        status.success().then_some(SmallDisk { dir })
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.dir.path())
            .status();
    }
}

// Regression, issue 10 §2 (a command does everything or changes nothing): on a
// full disk (a 12 KiB tmpfs: three pages, two taken by the old pair) the new
// private key's temporary file fits and the public key's does not.
#[test]
fn issue_10_keygen_force_keeps_the_old_pair_on_a_full_disk() {
    let Some(disk) = SmallDisk::mount("12k") else {
        println!("note: skipped: mounting a tmpfs is not permitted here (CI runs as root)");
        return;
    };
    let dir = disk.dir.path();
    std::fs::write(dir.join("private_key.pem"), b"old private\n").unwrap();
    std::fs::write(dir.join("public_key.pem"), b"old public\n").unwrap();
    let out = run_in(dir, &["keygen", "--force"]);
    assert_error_exact(
        &out,
        "cannot write public_key.pem: No space left on device (os error 28)",
    );
    assert_old_pair(dir);
    assert_eq!(names_in(dir), ["private_key.pem", "public_key.pem"]);
}
