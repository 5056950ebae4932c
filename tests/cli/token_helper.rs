//! `keysmith token get` under stress and in process: killed mid-run, its argv,
//! the keyed cache names, `token list`/`forget --config`, and the library's
//! `ProfileCache` — all against the real HTTPS partner of `token_get`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use keysmith::token::Profile;
#[cfg(feature = "net")]
use keysmith::token::{FileStore, MemoryStore, NoVariables, ProfileCache};
#[cfg(feature = "net")]
use keysmith::{Error, HttpError, ProfileError};

use crate::token_get::{PASSWORD, Partner, stderr};
use crate::util::{assert_error, stdout_ok};

/// Starts `keysmith ARGS` in the partner's directory, as `Partner::cmd` runs it.
fn spawn(p: &Partner, args: &[&str]) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin!("keysmith"))
        .current_dir(p.dir.path())
        .env("KEYSMITH_CACHE_DIR", p.path("cache"))
        .env("MERCHANT_PASSWORD", PASSWORD)
        .env_remove("KEYSMITH_CONFIG")
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Waits until the partner has received `n` requests.
fn until_requests(p: &Partner, n: usize) {
    let start = Instant::now();
    while p.requests().len() < n {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no request arrived"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Every file of the cache directory is a whole entry, a lock, the naming key
/// or a temporary of the atomic write; returns the entries' access tokens.
fn check_cache(dir: &Path) -> Vec<String> {
    let mut tokens = Vec::new();
    for file in std::fs::read_dir(dir).unwrap() {
        let path = file.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let bytes = std::fs::read(&path).unwrap();
        if name.ends_with(".json") {
            let entry: serde_json::Value = serde_json::from_slice(&bytes)
                .unwrap_or_else(|e| panic!("{name} is not a whole entry ({e}): {bytes:?}"));
            assert_eq!(entry["format"], "keysmith-token-cache/1", "{name}");
            tokens.push(entry["access_token"].as_str().unwrap().to_owned());
        } else if name == "names.key" {
            assert_eq!(bytes.len(), 32, "a half-written naming key");
        } else {
            assert!(
                name.ends_with(".lock")
                    || (name.starts_with(".keysmith-") && name.ends_with(".tmp")),
                "unexpected file {name}"
            );
        }
    }
    tokens
}

/// The profiles `token list --json` reports with a cache entry.
fn listed(p: &Partner) -> Vec<(String, String)> {
    let out = stdout_ok(&p.run(&["token", "list", "--json"]));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    rows.iter()
        .filter(|r| r["state"] != "none")
        .map(|r| {
            (
                r["profile"].as_str().unwrap().to_owned(),
                r["state"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn issue_12_kill_9_never_leaves_a_half_written_cache_file() {
    let p = Partner::start();
    stdout_ok(&p.run(&["token", "get", "oauth"]));
    let file = p.cache_files().remove(0);
    let before = std::fs::read(&file).unwrap();
    // Killed while the partner stalls: the entry is untouched, the lock released.
    p.control(r#"{"stall": 30}"#);
    let mut child = spawn(&p, &["token", "get", "oauth", "--force-refresh"]);
    until_requests(&p, 2);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(std::fs::read(&file).unwrap(), before);
    p.control("{}");
    // Killed at every moment of a whole run, answer and write included.
    let started = Instant::now();
    let mut delay = Duration::ZERO;
    while delay < Duration::from_millis(60) {
        let mut child = spawn(&p, &["token", "get", "oauth", "--force-refresh"]);
        std::thread::sleep(delay);
        let _ = child.kill();
        child.wait().unwrap();
        let tokens = check_cache(&p.path("cache"));
        assert!(tokens.len() <= 1, "{tokens:?}");
        assert!(tokens.iter().all(|t| t.starts_with("oa-")), "{tokens:?}");
        delay += Duration::from_micros(750);
    }
    assert!(started.elapsed() < Duration::from_secs(60));
    // Temporaries left by a kill are not entries; the cache still works.
    assert_eq!(listed(&p), [("oauth".to_owned(), "valid".to_owned())]);
    let token = stdout_ok(&p.run(&["token", "get", "oauth"]));
    assert!(token.starts_with("oa-"), "{token}");
}

/// The cache directory's file names and the bytes of its entries.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            let bytes = if name.ends_with(".json") {
                std::fs::read(&path).unwrap_or_default()
            } else {
                Vec::new()
            };
            (name, bytes)
        })
        .collect();
    files.sort();
    files
}

/// `kill -9` in the middle of writing the cache, made certain rather than
/// lucky: under strace every write and fsync waits 150 ms, and keysmith is
/// killed once the cache directory starts to change (a temporary file, or the
/// entry itself), then a little later in each round, through every step of the
/// write (content, flush, move into place).
#[cfg(target_os = "linux")]
#[test]
fn issue_12_kill_9_while_writing_the_cache_leaves_whole_files() {
    let p = Partner::start();
    stdout_ok(&p.run(&["token", "get", "oauth"]));
    let dir = p.path("cache");
    let bin = assert_cmd::cargo::cargo_bin!("keysmith");
    let mut killed = 0;
    for extra in [0, 60, 120, 180, 240, 320, 400, 500] {
        let before = snapshot(&dir);
        let mut tracer = Command::new("strace")
            .args(["-f", "-o", "/dev/null", "-e", "trace=write,fsync,fdatasync"])
            .args(["-e", "inject=write,fsync,fdatasync:delay_enter=150000"])
            .arg(bin)
            .args(["token", "get", "oauth", "--force-refresh"])
            .current_dir(p.dir.path())
            .env("KEYSMITH_CACHE_DIR", &dir)
            .env_remove("HTTPS_PROXY")
            .env_remove("https_proxy")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("strace runs (apt-get install strace)");
        let tracer_pid = tracer.id();
        let start = Instant::now();
        while snapshot(&dir) == before {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "the cache never changed"
            );
            if tracer.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_micros(500));
        }
        std::thread::sleep(Duration::from_millis(extra));
        // keysmith is strace's child (read now: strace may start helpers first).
        let children =
            std::fs::read_to_string(format!("/proc/{tracer_pid}/task/{tracer_pid}/children"))
                .unwrap_or_default();
        for pid in children.split_whitespace() {
            let _ = Command::new("kill").args(["-KILL", pid]).output();
        }
        let status = tracer.wait().unwrap();
        if !status.success() {
            killed += 1;
        }
        let tokens = check_cache(&dir);
        assert!(
            tokens.len() == 1 && tokens[0].starts_with("oa-"),
            "after a kill {extra} ms into the write: {tokens:?}"
        );
    }
    assert!(
        killed >= 4,
        "only {killed} runs were killed before they ended"
    );
    assert_eq!(listed(&p), [("oauth".to_owned(), "valid".to_owned())]);
    // The temporaries the kills left are removed by a later write once they are old.
    let temporaries = || -> Vec<PathBuf> {
        std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|f| f.extension().is_some_and(|e| e == "tmp"))
            .collect()
    };
    let left = temporaries();
    assert!(!left.is_empty(), "the kills left no temporary file");
    let touched = Command::new("touch")
        .args(["-d", "2 hours ago"])
        .args(&left)
        .status()
        .unwrap();
    assert!(touched.success());
    stdout_ok(&p.run(&["token", "get", "oauth", "--force-refresh"]));
    assert!(temporaries().is_empty(), "{:?}", temporaries());
}

#[cfg(target_os = "linux")]
#[test]
fn issue_12_no_secret_in_the_command_line_of_a_running_get() {
    let p = Partner::start();
    // Tokens that a stalled run will have cached beside it.
    let merchant = stdout_ok(&p.run(&["token", "get", "merchant"]));
    p.control(r#"{"stall": 30}"#);
    let secrets = [
        PASSWORD,
        "correct horse", // the PKCS#12 and key passphrase
        merchant.trim(),
        "Basic ",
    ];
    for (round, profile) in ["m2m", "merchant", "oauth"].iter().enumerate() {
        let mut child = spawn(&p, &["token", "get", profile, "--force-refresh"]);
        until_requests(&p, 2 + round);
        let pid = child.id();
        let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap();
        let args: Vec<String> = cmdline
            .split(|b| *b == 0)
            .filter(|a| !a.is_empty())
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        assert_eq!(args[1..], ["token", "get", profile, "--force-refresh"]);
        let text = args.join(" ");
        for secret in secrets {
            assert!(!text.contains(secret), "argv holds {secret:?}: {text}");
        }
        // keysmith starts no other process that could carry them.
        let children =
            std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
        assert!(children.trim().is_empty(), "child processes: {children}");
        child.kill().unwrap();
        child.wait().unwrap();
    }
}

#[test]
fn issue_12_cache_names_are_keyed_per_directory_and_stable() {
    let p = Partner::start();
    let name = |dir: &str| -> (PathBuf, String) {
        let out = p
            .cmd()
            .env("KEYSMITH_CACHE_DIR", p.path(dir))
            .args(["token", "get", "oauth"])
            .output()
            .unwrap();
        let token = stdout_ok(&out);
        let files: Vec<PathBuf> = std::fs::read_dir(p.path(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|f| f.extension().is_some_and(|e| e == "json"))
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        (files[0].clone(), token)
    };
    let (a, token_a) = name("a");
    let (b, token_b) = name("b");
    assert_ne!(token_a, token_b, "two caches, two logins");
    // The same profile and credentials, named differently in two directories.
    assert_ne!(a.file_name(), b.file_name());
    assert!(
        a.file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("oauth-")
    );
    // Stable across runs: the next run finds the entry and makes no request.
    assert_eq!(name("a"), (a.clone(), token_a));
    assert_eq!(p.requests().len(), 2);
    // Without the naming key, the old name is not found again.
    std::fs::remove_file(p.path("a/names.key")).unwrap();
    let (renamed, token) = name("a2");
    assert_ne!(token, name("b").1);
    assert!(renamed.exists());
    let out = p
        .cmd()
        .env("KEYSMITH_CACHE_DIR", p.path("a"))
        .args(["token", "get", "oauth", "--json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&stdout_ok(&out)).unwrap();
    assert_eq!(json["from_cache"], false, "a new key names a new entry");
}

#[test]
fn issue_12_list_and_forget_take_config() {
    let p = Partner::start();
    stdout_ok(&p.run(&["token", "get", "oauth"]));
    // Another directory: no ./keysmith.toml, so the configuration comes from --config.
    let elsewhere = tempfile::tempdir().unwrap();
    let config = p.path("keysmith.toml");
    let config = config.to_str().unwrap();
    let run = |args: &[&str]| {
        p.cmd()
            .current_dir(elsewhere.path())
            .env_remove("XDG_CONFIG_HOME")
            .env("HOME", elsewhere.path())
            .args(args)
            .output()
            .unwrap()
    };
    let rows = |out: &std::process::Output| -> Vec<(String, String)> {
        let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout_ok(out)).unwrap();
        rows.iter()
            .map(|r| {
                (
                    r["profile"].as_str().unwrap().to_owned(),
                    r["state"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    // Without a configuration: the cache alone.
    assert_eq!(
        rows(&run(&["token", "list", "--json"])),
        [("oauth".to_owned(), "valid".to_owned())]
    );
    // With it: every profile, those without an entry as `none`.
    let all = rows(&run(&["token", "list", "--json", "--config", config]));
    assert_eq!(all.len(), 6, "{all:?}");
    assert!(all.contains(&("oauth".to_owned(), "valid".to_owned())));
    assert!(all.contains(&("stamps".to_owned(), "none".to_owned())));
    // An explicit --config must be readable.
    assert_error(
        &run(&["token", "list", "--config", "missing.toml"]),
        "missing.toml",
    );
    // forget: a typo is an error when a configuration says which names exist …
    assert_error(
        &run(&["token", "forget", "oauht", "--config", config]),
        "no profile 'oauht'",
    );
    // … a configured profile without an entry is not, nor is any name without one.
    stdout_ok(&run(&["token", "forget", "stamps", "--config", config]));
    stdout_ok(&run(&["token", "forget", "oauht"]));
    assert_eq!(p.cache_files().len(), 1);
    let out = run(&["token", "forget", "oauth", "--config", config]);
    assert!(out.status.success());
    assert_eq!(stderr(&out), "forgot 1 cache entry\n");
    assert!(p.cache_files().is_empty());
}

#[cfg(feature = "net")]
#[test]
fn issue_12_profile_cache_serves_many_threads_with_one_request() {
    let p = Partner::start();
    let text = std::fs::read_to_string(p.path("keysmith.toml")).unwrap();
    let profile = |name: &str| Profile::from_toml(&text, &p.path("keysmith.toml"), name).unwrap();
    let cache = ProfileCache::from_profile(profile("oauth"), MemoryStore::new(), NoVariables);
    let start = std::sync::Barrier::new(32);
    let tokens: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..32)
            .map(|_| {
                s.spawn(|| {
                    start.wait();
                    cache.get().unwrap()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(tokens.iter().all(|t| t == "oa-1"), "{tokens:?}");
    assert_eq!(cache.get().unwrap(), "oa-1");
    assert_eq!(p.requests().len(), 1);

    // With the file cache and the caller's variables: the command line then
    // finds the same entry (same directory key, same credentials) and makes no
    // request.
    let variables =
        std::collections::BTreeMap::from([("MERCHANT_PASSWORD".to_owned(), PASSWORD.to_owned())]);
    let store = FileStore::open(p.path("cache")).unwrap();
    let merchant = ProfileCache::from_profile(profile("merchant"), store, variables);
    let token = merchant.get().unwrap();
    assert!(token.starts_with("ma-"), "{token}");
    assert_eq!(p.requests().len(), 2);
    assert_eq!(
        stdout_ok(&p.run(&["token", "get", "merchant"])),
        format!("{token}\n")
    );
    assert_eq!(p.requests().len(), 2);

    // A refused login is an error of the fetch, with the partner's message.
    let wrong =
        std::collections::BTreeMap::from([("MERCHANT_PASSWORD".to_owned(), "guess".to_owned())]);
    let refused = ProfileCache::from_profile(profile("merchant"), MemoryStore::new(), wrong);
    match refused.get().as_ref().map_err(|e| &**e) {
        Err(Error::Http(HttpError::Refused {
            status: 401,
            message,
        })) => {
            assert!(
                message
                    .as_deref()
                    .unwrap()
                    .contains("Invalid email or password")
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    // An unset variable is an error, not an empty password sent.
    let unset = ProfileCache::from_profile(profile("merchant"), MemoryStore::new(), NoVariables);
    assert!(matches!(
        unset.get().as_ref().map_err(|e| &**e),
        Err(Error::Profile(ProfileError::MissingEnv { variable })) if variable == "MERCHANT_PASSWORD"
    ));
    assert_eq!(p.requests().len(), 3);
}

/// Every profile README shows parses as shown (README's `toml` blocks of the
/// credential helper section), and the SPEC's keys they use are all known.
#[test]
fn issue_12_readme_profiles_parse_as_shown() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find("## The credential helper")
        .expect("README has the credential helper section");
    let section = &readme[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let mut blocks = 0;
    let mut profiles = Vec::new();
    for block in section.split("```toml\n").skip(1) {
        let text = &block[..block.find("```").unwrap()];
        blocks += 1;
        let file = Path::new("/etc/keysmith/config.toml");
        for name in keysmith::token::profile_names(text, file).unwrap() {
            let parsed = Profile::from_toml(text, file, &name);
            assert!(parsed.is_ok(), "README profile {name}: {:?}", parsed.err());
            profiles.push(name);
        }
    }
    assert!(blocks >= 5, "{blocks} toml blocks");
    for seed in [
        "paymentsgate",
        "m2m",
        "merchant",
        "stamps",
        "stamps-static",
        "oauth",
    ] {
        assert!(
            profiles.iter().any(|p| p == seed),
            "README lacks {seed}: {profiles:?}"
        );
    }
}

/// A relative `expires_in` counts from when the answer arrived, not from when
/// keysmith started; with `--now` both are that time.
#[test]
fn issue_12_expires_in_counts_from_the_arrival_of_the_answer() {
    let p = Partner::start();
    p.control(r#"{"stall": 2}"#);
    let started = crate::token_get::now();
    let out = stdout_ok(&p.run(&["token", "get", "oauth", "--json"]));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let expires_at = time_of(json["expires_at"].as_str().unwrap());
    // The partner answered 2 s after the start; its expires_in is 3600.
    assert!(
        expires_at >= started + 3602,
        "{expires_at} < {started} + 3602"
    );
    // --now stamps the receipt at that time, however long the answer took.
    let fixed = (started + 100).to_string();
    let out = stdout_ok(&p.run(&[
        "token",
        "get",
        "oauth",
        "--json",
        "--force-refresh",
        "--now",
        &fixed,
    ]));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        time_of(json["expires_at"].as_str().unwrap()),
        started + 100 + 3600
    );
    assert_eq!(json["seconds_left"], 3600);
}

/// Unix seconds of an RFC 3339 time (GNU date does the arithmetic).
fn time_of(rfc3339: &str) -> i64 {
    let out = std::process::Command::new("date")
        .args(["-u", "-d", rfc3339, "+%s"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}
