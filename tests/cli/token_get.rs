//! `keysmith token get`, `token list`, `token forget` against a real HTTPS
//! partner on 127.0.0.1 (`tests/partner_server.py`, certificates in
//! `testdata/token/`), which logs every request it receives.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use crate::util::{assert_error, assert_error_exact, fixture, keysmith, stdout_ok};

/// The password the partner expects (Basic, merchant login, Stamps token).
pub(crate) const PASSWORD: &str = "s3cret-pa55word";

/// A running partner server and a directory with its configuration and cache.
pub(crate) struct Partner {
    child: Child,
    port: u16,
    pub(crate) dir: tempfile::TempDir,
}

impl Drop for Partner {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Partner {
    pub(crate) fn start() -> Partner {
        Partner::start_with("server.pem")
    }

    /// Starts the server with `cert` (a file in testdata/token/) as its certificate.
    pub(crate) fn start_with(cert: &str) -> Partner {
        Partner::launch(&[cert])
    }

    /// Starts a server whose TLS handshake requires a client certificate.
    pub(crate) fn start_requiring_client_cert() -> Partner {
        Partner::launch(&["server.pem", "require-client-cert"])
    }

    pub(crate) fn launch(args: &[&str]) -> Partner {
        let dir = tempfile::tempdir().unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/partner_server.py");
        let mut child = Command::new("python3")
            .arg(script)
            .arg(dir.path())
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs the partner server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().parse().expect("the server prints its port");
        let partner = Partner { child, port, dir };
        std::fs::write(partner.path("pw"), format!("{PASSWORD}\n")).unwrap();
        std::fs::write(partner.path("wrong-pw"), "guess\n").unwrap();
        partner.config("");
        partner
    }

    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("https://127.0.0.1:{}{path}", self.port)
    }

    /// Writes `keysmith.toml` with the seed profiles plus `extra`.
    pub(crate) fn config(&self, extra: &str) {
        let ca = fixture("token/ca.pem").display().to_string();
        let p12 = fixture("token/client.p12").display().to_string();
        let cert = fixture("token/client.pem").display().to_string();
        let key = fixture("token/client.key.pem").display().to_string();
        let passphrase = fixture("passphrase.txt").display().to_string();
        let public = fixture("rsa2048-spki.pem").display().to_string();
        let text = format!(
            r#"
[profile.oauth]
url   = "{oauth}"
form  = {{ grant_type = "client_credentials", scope = "payments" }}
basic = {{ user = "my-client", password_file = "pw" }}
ca_file = "{ca}"

[profile.paymentsgate]
url  = "{pg}"
json = {{ account_id = "00000000-0000-4000-0000-000000000000", public_key = {{ public_key_base64 = "{public}" }} }}
ca_file = "{ca}"

[profile.m2m]
url    = "{m2m}"
method = "GET"
basic  = {{ user = "client-42", password_file = "pw" }}
client_pkcs12 = "{p12}"
passphrase_file = "{passphrase}"
expect_thumbprint = true
ca_file = "{ca}"

[profile.m2m-pem]
url    = "{m2m}"
method = "GET"
basic  = {{ user = "client-42", password_file = "pw" }}
client_cert = "{cert}"
client_key  = "{key}"
passphrase_file = "{passphrase}"
expect_thumbprint = true
ca_file = "{ca}"

[profile.merchant]
url     = "{login}"
headers = {{ merchant_id = "b34555b7-dca4-5ec1-ade3-64a3ad545310" }}
json    = {{ token = "owner@example.com", password = {{ env = "MERCHANT_PASSWORD" }} }}
refresh = {{ url = "{refresh}", json = {{ refreshToken = {{ refresh_token = true }} }} }}
ca_file = "{ca}"

[profile.stamps]
url  = "{stamps}"
json = {{ token = {{ file = "pw" }}, crm_merchant_id = 1 }}
ca_file = "{ca}"
{extra}
"#,
            oauth = self.url("/oauth/token"),
            pg = self.url("/paymentsgate/auth/token"),
            m2m = self.url("/m2m/authorize"),
            login = self.url("/merchant/login"),
            refresh = self.url("/merchant/refresh"),
            stamps = self.url("/stamps/get-access-token/"),
        );
        std::fs::write(self.path("keysmith.toml"), text).unwrap();
    }

    /// Makes the server fail, redirect, stall… (`{}` for normal service).
    pub(crate) fn control(&self, json: &str) {
        std::fs::write(self.path("control.json"), json).unwrap();
    }

    /// The requests the server received, oldest first.
    pub(crate) fn requests(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(self.path("requests.log"))
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    pub(crate) fn cmd(&self) -> assert_cmd::Command {
        let mut cmd = keysmith();
        cmd.current_dir(self.dir.path())
            .env("KEYSMITH_CACHE_DIR", self.path("cache"))
            .env("MERCHANT_PASSWORD", PASSWORD)
            .env_remove("KEYSMITH_CONFIG")
            .env_remove("HTTPS_PROXY")
            .env_remove("https_proxy")
            .env_remove("ALL_PROXY")
            .env_remove("all_proxy");
        cmd
    }

    pub(crate) fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().unwrap()
    }

    /// The cache files (not the lock files).
    pub(crate) fn cache_files(&self) -> Vec<PathBuf> {
        let Ok(dir) = std::fs::read_dir(self.path("cache")) else {
            return Vec::new();
        };
        let mut files: Vec<PathBuf> = dir
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        files
    }
}

pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

pub(crate) fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn issue_12_first_get_makes_one_request_and_prints_only_the_token() {
    let p = Partner::start();
    let out = p.run(&["token", "get", "oauth"]);
    assert_eq!(stdout_ok(&out), "oa-1\n");
    assert_eq!(p.requests().len(), 1);
    let r = &p.requests()[0];
    assert_eq!(r["body"], "grant_type=client_credentials&scope=payments");
    // The second call is served from the cache.
    assert_eq!(stdout_ok(&p.run(&["token", "get", "oauth"])), "oa-1\n");
    assert_eq!(p.requests().len(), 1);
    // --header, --curl-config, --json.
    assert_eq!(
        stdout_ok(&p.run(&["token", "get", "oauth", "--header"])),
        "Authorization: Bearer oa-1\n"
    );
    assert_eq!(
        stdout_ok(&p.run(&["token", "get", "oauth", "--curl-config"])),
        "header = \"Authorization: Bearer oa-1\"\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout_ok(&p.run(&["token", "get", "oauth", "--json"]))).unwrap();
    assert_eq!(json["access_token"], "oa-1");
    assert_eq!(json["from_cache"], true);
    assert_eq!(json["source"], "expires_in");
    assert_eq!(json["refresh_token"], serde_json::Value::Null);
    assert_eq!(p.requests().len(), 1);
    // --force-refresh logs in again.
    assert_eq!(
        stdout_ok(&p.run(&["token", "get", "oauth", "--force-refresh"])),
        "oa-2\n"
    );
    assert_eq!(p.requests().len(), 2);
}

#[test]
fn issue_12_seed_partners_log_in() {
    let p = Partner::start();
    assert_eq!(
        stdout_ok(&p.run(&["token", "get", "paymentsgate"])),
        "pg-1\n"
    );
    let body: serde_json::Value =
        serde_json::from_str(p.requests()[0]["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        body["public_key"].as_str().unwrap(),
        crate::util::coreutils_base64(fixture("rsa2048-spki.pem"))
    );
    assert_eq!(stdout_ok(&p.run(&["token", "get", "stamps"])), "st-3\n");
    let merchant = stdout_ok(&p.run(&["token", "get", "merchant"]));
    assert!(merchant.starts_with("ma-"), "{merchant}");
    assert_eq!(
        p.requests()[2]["merchant_id"],
        "b34555b7-dca4-5ec1-ade3-64a3ad545310"
    );
}

#[test]
fn issue_12_within_skew_refreshes_and_never_sends_a_rotated_refresh_token_twice() {
    let p = Partner::start();
    let first = stdout_ok(&p.run(&["token", "get", "merchant"]));
    // expiresIn is absolute: 30 minutes from the server's clock.
    let within_skew = (now() + 1800 - 30).to_string();
    let second = stdout_ok(&p.run(&["token", "get", "merchant", "--now", &within_skew]));
    assert_ne!(first, second);
    // The refreshed token was received at --now, 30 s before its expiry: its
    // skew is a fifth of that lifetime, 6 s.
    let later = (now() + 1800 - 3).to_string();
    let third = stdout_ok(&p.run(&["token", "get", "merchant", "--now", &later]));
    assert_ne!(second, third);
    let requests = p.requests();
    let paths: Vec<&str> = requests
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["/merchant/login", "/merchant/refresh", "/merchant/refresh"]
    );
    let sent: Vec<String> = requests[1..]
        .iter()
        .map(|r| {
            let body: serde_json::Value =
                serde_json::from_str(r["body"].as_str().unwrap()).unwrap();
            body["refreshToken"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_ne!(sent[0], sent[1], "a rotated refresh token was sent twice");
}

#[test]
fn issue_12_refused_refresh_falls_back_to_login() {
    let p = Partner::start();
    stdout_ok(&p.run(&["token", "get", "merchant"]));
    let cache = p.cache_files();
    let old = std::fs::read(&cache[0]).unwrap();
    let within_skew = (now() + 1800 - 30).to_string();
    stdout_ok(&p.run(&["token", "get", "merchant", "--now", &within_skew]));
    // Put back the entry whose refresh token was used: the partner refuses it.
    std::fs::write(&cache[0], old).unwrap();
    let out = p.run(&["token", "get", "merchant", "--now", &within_skew]);
    stdout_ok(&out);
    let paths: Vec<String> = p
        .requests()
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        paths,
        [
            "/merchant/login",
            "/merchant/refresh",
            "/merchant/refresh",
            "/merchant/login"
        ]
    );
}

#[test]
fn issue_12_refused_login_exits_1_with_the_partner_message_and_no_secret() {
    let p = Partner::start();
    p.config(&format!(
        "[profile.bad]\nurl = \"{}\"\nform = {{ grant_type = \"client_credentials\" }}\nbasic = {{ user = \"my-client\", password_file = \"wrong-pw\" }}\nca_file = \"{}\"\n",
        p.url("/oauth/token"),
        fixture("token/ca.pem").display()
    ));
    let out = p.run(&["token", "get", "bad"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(
        err.contains("HTTP 401") && err.contains("invalid_client: Client authentication failed"),
        "{err}"
    );
    assert!(
        !err.contains("guess") && !err.contains("bXktY2xpZW50"),
        "{err}"
    );
    assert!(p.cache_files().is_empty());
    // The merchant's message has a control character: escaped.
    let out = p
        .cmd()
        .env("MERCHANT_PASSWORD", "nope-nope")
        .args(["token", "get", "merchant"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(r"Invalid email or password\u001b[31m"),
        "{err}"
    );
    assert!(
        !err.contains("nope-nope") && !err.contains('\u{1b}'),
        "{err}"
    );
}

#[test]
fn issue_12_a_refused_login_drops_the_cache_entry() {
    let p = Partner::start();
    stdout_ok(&p.run(&["token", "get", "stamps"]));
    assert_eq!(p.cache_files().len(), 1);
    p.control(r#"{"status": 401, "body": {"message": "account disabled"}}"#);
    let out = p.run(&["token", "get", "stamps", "--force-refresh"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("account disabled"));
    assert!(p.cache_files().is_empty());
}

#[cfg(unix)]
#[test]
fn issue_12_cache_is_private_under_umask_000_and_holds_no_secret() {
    use std::os::unix::fs::PermissionsExt;
    let p = Partner::start();
    let bin = assert_cmd::cargo::cargo_bin!("keysmith");
    let out = Command::new("sh")
        .current_dir(p.dir.path())
        .env("KEYSMITH_CACHE_DIR", p.path("cache"))
        .env("MERCHANT_PASSWORD", PASSWORD)
        .arg("-c")
        .arg(r#"umask 000 && "$0" token get m2m && "$0" token get merchant"#)
        .arg(bin)
        .output()
        .unwrap();
    stdout_ok(&out);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&p.path("cache")), 0o700);
    let entries: Vec<PathBuf> = std::fs::read_dir(p.path("cache"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    // Two entries, their locks, and the key of the names.
    assert_eq!(entries.len(), 5, "{entries:?}");
    assert!(entries.contains(&p.path("cache/names.key")), "{entries:?}");
    for file in &entries {
        assert_eq!(mode(file), 0o600, "{}", file.display());
        let text = String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned();
        for secret in [PASSWORD, "correct horse", "PRIVATE KEY"] {
            assert!(!text.contains(secret), "{} holds {secret}", file.display());
        }
    }
    // An existing directory others may read is refused, naming the chmod (the
    // library states the mode; the `run: chmod 700` advice is the binary's hint).
    std::fs::set_permissions(p.path("cache"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = p.run(&["token", "get", "m2m"]);
    let cache = p.path("cache");
    let cache = cache.display();
    assert_error_exact(
        &out,
        &format!(
            "cache directory {cache} has mode 755, so other users may read or change its tokens; \
             run: chmod 700 {cache}"
        ),
    );
}

#[test]
fn issue_12_a_corrupt_or_foreign_cache_file_is_a_miss() {
    let p = Partner::start();
    stdout_ok(&p.run(&["token", "get", "oauth"]));
    let file = p.cache_files().remove(0);
    std::fs::write(&file, b"{\"format\": \"keysmith-token-cache/1\", \"access").unwrap();
    assert_eq!(stdout_ok(&p.run(&["token", "get", "oauth"])), "oa-2\n");
    std::fs::write(&file, b"[1, 2, 3]").unwrap();
    assert_eq!(stdout_ok(&p.run(&["token", "get", "oauth"])), "oa-3\n");
    assert_eq!(stdout_ok(&p.run(&["token", "get", "oauth"])), "oa-3\n");
    assert_eq!(p.requests().len(), 3);
}

#[test]
fn issue_12_8_and_32_processes_at_once_make_one_request() {
    let p = Partner::start();
    for (round, count) in [(1, 8), (2, 32)] {
        stdout_ok(&p.run(&["token", "forget", "--all"]));
        at_once(&p, count, &format!("oa-{round}\n"));
        assert_eq!(p.requests().len(), round);
    }
}

/// Starts `count` `token get oauth` processes together; each must print `expected`.
fn at_once(p: &Partner, count: usize, expected: &str) {
    let bin = assert_cmd::cargo::cargo_bin!("keysmith");
    let children: Vec<Child> = (0..count)
        .map(|_| {
            Command::new(bin)
                .current_dir(p.dir.path())
                .env("KEYSMITH_CACHE_DIR", p.path("cache"))
                .args(["token", "get", "oauth"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(stdout_ok(&out), expected);
    }
}

#[test]
fn issue_12_mutual_tls_from_pkcs12_and_from_pem_with_encrypted_key() {
    let p = Partner::start();
    for profile in ["m2m", "m2m-pem"] {
        let token = stdout_ok(&p.run(&["token", "get", profile]));
        let out = p.run(&["jwt", "decode", "--json", token.trim()]);
        let json: serde_json::Value = serde_json::from_str(&stdout_ok(&out)).unwrap();
        assert_eq!(
            json["payload"]["thumbprint"],
            "66061665C16AD1136E194F0A0A7A8B1A29303977"
        );
    }
    let requests = p.requests();
    assert!(requests.iter().all(|r| r["client_cert"] == true));
    // A wrong passphrase is an input error.
    p.config(&format!(
        "[profile.badpass]\nurl = \"{}\"\nclient_pkcs12 = \"{}\"\npassphrase_file = \"wrong-pw\"\nca_file = \"{}\"\n",
        p.url("/m2m/authorize"),
        fixture("token/client.p12").display(),
        fixture("token/ca.pem").display()
    ));
    assert_error(&p.run(&["token", "get", "badpass"]), "wrong passphrase");
}

#[test]
fn issue_12_untrusted_server_and_wrong_host_are_errors() {
    let p = Partner::start();
    p.config(&format!(
        "[profile.untrusted]\nurl = \"{}\"\nform = {{ grant_type = \"client_credentials\" }}\nbasic = {{ user = \"my-client\", password_file = \"pw\" }}\n",
        p.url("/oauth/token"),
    ));
    assert_error(&p.run(&["token", "get", "untrusted"]), "UnknownIssuer");
    let wrong = Partner::start_with("server-wrong-host.pem");
    assert_error(
        &wrong.run(&["token", "get", "oauth"]),
        "certificate not valid for name",
    );
    assert!(p.requests().is_empty() && wrong.requests().is_empty());
}

#[test]
fn issue_12_expect_thumbprint_mismatch_exits_1_and_caches_nothing() {
    let p = Partner::start();
    p.control(r#"{"thumbprint": "wrong"}"#);
    let out = p.run(&["token", "get", "m2m"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("expect_thumbprint"));
    assert!(p.cache_files().is_empty());
}

#[test]
fn issue_12_endpoint_down_while_the_cached_token_lives() {
    let p = Partner::start();
    stdout_ok(&p.run(&["token", "get", "oauth"]));
    p.control(r#"{"status": 503}"#);
    let out = p.run(&["token", "get", "oauth", "--force-refresh"]);
    assert_eq!(stdout_ok(&out), "oa-1\n");
    let err = stderr(&out);
    assert!(
        err.starts_with("warning: ") && err.contains("HTTP 503"),
        "{err}"
    );
    // Once it has expired: an error.
    let later = (now() + 3700).to_string();
    assert_error(
        &p.run(&["token", "get", "oauth", "--now", &later]),
        "HTTP 503",
    );
    // A stall past the timeout is the same.
    p.control(r#"{"stall": 5}"#);
    p.config(&format!(
        "[profile.slow]\nurl = \"{}\"\nform = {{ grant_type = \"client_credentials\" }}\nbasic = {{ user = \"my-client\", password_file = \"pw\" }}\nca_file = \"{}\"\ntimeout = 1\n",
        p.url("/oauth/token"),
        fixture("token/ca.pem").display()
    ));
    let start = std::time::Instant::now();
    let out = p.run(&["token", "get", "slow"]);
    assert_error(&out, "cannot get a token");
    assert!(start.elapsed().as_secs() < 4, "{:?}", start.elapsed());
}

#[test]
fn issue_12_redirects_are_errors_naming_the_location() {
    let p = Partner::start();
    p.control(r#"{"redirect": "https://elsewhere.example/token"}"#);
    assert_error(
        &p.run(&["token", "get", "oauth"]),
        "redirect to https://elsewhere.example/token",
    );
    assert_eq!(p.requests().len(), 1);
}

#[test]
fn issue_12_profile_refusals() {
    let p = Partner::start();
    p.config(
        "[profile.plain]\nurl = \"http://partner.example/token\"\n\
         [profile.literal]\nurl = \"https://a.example/\"\nbasic = { user = \"u\", password = \"hunter2\" }\n\
         [profile.unknown]\nurl = \"https://a.example/\"\ncolour = \"red\"\n",
    );
    let out = p.run(&["token", "get", "plain"]);
    assert_error(
        &out,
        "profile 'plain', key 'url': plain http is allowed only to a loopback",
    );
    let out = p.run(&["token", "get", "literal"]);
    assert_error(
        &out,
        "keysmith.toml: profile 'literal', key 'basic.password'",
    );
    // Issue 11: the advice comes from the command line now; the line is unchanged.
    assert!(
        stderr(&out).ends_with(
            "keysmith.toml: profile 'literal', key 'basic.password': a secret cannot be \
             written in the configuration; read it from a file or a variable \
             (`*_file`/`*_env`, `{ file = … }`, `{ env = … }`)\n"
        ),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("hunter2"));
    assert_error(&p.run(&["token", "get", "unknown"]), "colour");
    assert_error(&p.run(&["token", "get", "nosuch"]), "no profile 'nosuch'");
    assert!(p.requests().is_empty());
}

#[test]
fn issue_12_list_and_forget() {
    let p = Partner::start();
    stdout_ok(&p.run(&["token", "get", "oauth"]));
    stdout_ok(&p.run(&["token", "get", "merchant"]));
    let out = stdout_ok(&p.run(&["token", "list", "--json"]));
    assert!(!out.contains("oa-1") && !out.contains("ma-"), "{out}");
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    let state = |name: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["profile"] == name)
            .map(|r| {
                (
                    r["state"].as_str().unwrap().to_owned(),
                    r["refresh_token"] == true,
                )
            })
    };
    assert_eq!(state("oauth"), Some(("valid".to_owned(), false)));
    assert_eq!(state("merchant"), Some(("valid".to_owned(), true)));
    assert_eq!(state("stamps"), Some(("none".to_owned(), false)));
    stdout_ok(&p.run(&["token", "forget", "oauth"]));
    assert_eq!(p.cache_files().len(), 1);
    stdout_ok(&p.run(&["token", "forget", "--all"]));
    assert!(p.cache_files().is_empty());
}

#[test]
fn issue_12_curl_config_authenticates_with_real_curl() {
    let p = Partner::start();
    let config = stdout_ok(&p.run(&["token", "get", "oauth", "--curl-config"]));
    let mut curl = Command::new("curl")
        .args(["-sS", "--fail", "--cacert"])
        .arg(fixture("token/ca.pem"))
        .args(["-K", "-", &p.url("/api/hello")])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("curl must be installed");
    curl.stdin
        .take()
        .unwrap()
        .write_all(config.as_bytes())
        .unwrap();
    let out = curl.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        r#"{"hello": "world"}"#
    );
    assert_eq!(p.requests().last().unwrap()["authorization"], "Bearer oa-1");
}

#[test]
fn issue_12_server_requiring_a_client_certificate() {
    let p = Partner::start_requiring_client_cert();
    // With the certificate: a token.
    stdout_ok(&p.run(&["token", "get", "m2m"]));
    assert_eq!(p.requests().len(), 1);
    // Without one, the handshake fails: exit 2, saying so, nothing cached.
    p.config(&format!(
        "[profile.nocert]\nurl = \"{}\"\nmethod = \"GET\"\nbasic = {{ user = \"client-42\", password_file = \"pw\" }}\nca_file = \"{}\"\n",
        p.url("/m2m/authorize"),
        fixture("token/ca.pem").display()
    ));
    let out = p.run(&["token", "get", "nocert"]);
    assert_error(
        &out,
        "the server requires a client certificate and the profile gives none",
    );
    // A wrong passphrase fails before any connection.
    p.config(&format!(
        "[profile.badpass]\nurl = \"{}\"\nmethod = \"GET\"\nclient_pkcs12 = \"{}\"\npassphrase_file = \"wrong-pw\"\nca_file = \"{}\"\n",
        p.url("/m2m/authorize"),
        fixture("token/client.p12").display(),
        fixture("token/ca.pem").display()
    ));
    assert_error(&p.run(&["token", "get", "badpass"]), "wrong passphrase");
    // A server certificate keysmith does not trust (no ca_file): refused before
    // the client certificate is ever shown.
    p.config(&format!(
        "[profile.untrusted]\nurl = \"{}\"\nmethod = \"GET\"\nclient_pkcs12 = \"{}\"\npassphrase_file = \"{}\"\n",
        p.url("/m2m/authorize"),
        fixture("token/client.p12").display(),
        fixture("passphrase.txt").display()
    ));
    assert_error(
        &p.run(&["token", "get", "untrusted"]),
        "the server's certificate is not issued by a trusted authority",
    );
    assert_eq!(p.requests().len(), 1, "no request passed the handshake");
    assert_eq!(p.cache_files().len(), 1);
    // A certificate for another host name.
    let wrong = Partner::launch(&["server-wrong-host.pem", "require-client-cert"]);
    assert_error(
        &wrong.run(&["token", "get", "m2m"]),
        "the server's certificate is not valid for this host name",
    );
    assert!(wrong.requests().is_empty() && wrong.cache_files().is_empty());
}
