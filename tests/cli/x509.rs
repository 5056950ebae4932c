//! `csr`, `inspect` of a CSR, `cert self-signed` and `cert sign`, checked by openssl
//! (issue 14: <https://github.com/keysmith/keysmith/issues/14>).

use std::path::{Path, PathBuf};

use crate::util::*;

/// A fresh 2048-bit key made by openssl (keysmith never makes its own fixtures).
fn openssl_key(dir: &Path, name: &str) -> String {
    let path = dir.join(name).display().to_string();
    openssl_ok(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:2048",
        "-out",
        &path,
    ]);
    path
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

/// The subject of a CSR or certificate as openssl shows it, with string types.
fn openssl_subject(kind: &str, file: &str) -> String {
    let out = openssl_ok(&[
        kind,
        "-in",
        file,
        "-noout",
        "-subject",
        "-nameopt",
        "multiline,show_type,utf8,-esc_msb",
    ]);
    String::from_utf8(out).unwrap()
}

#[test]
fn issue_14_csr_is_verified_by_openssl_with_subject_and_sans() {
    let dir = tempfile::tempdir().unwrap();
    let csr = path(dir.path(), "client.csr");
    stdout_clean(&run(&[
        "csr",
        "--key",
        &fx("rsa2048-pkcs8.pem"),
        "--subject",
        "/C=GB/O=Example Ltd/CN=client.example.com",
        "--san",
        "dns:client.example.com",
        "--san",
        "ip:192.0.2.10",
        "--san",
        "ip:2001:db8::1",
        "--san",
        "email:ops@example.com",
        "--san",
        "uri:spiffe://example.com/client",
        "-o",
        &csr,
    ]));
    assert_public_mode(Path::new(&csr));
    let text = openssl(&["req", "-in", &csr, "-verify", "-noout", "-text"]);
    let stderr = String::from_utf8_lossy(&text.stderr);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(text.status.success(), "{stderr}");
    assert!(stderr.contains("verify OK"), "{stderr}");
    assert!(
        stdout.contains("Subject: C = GB, O = Example Ltd, CN = client.example.com"),
        "{stdout}"
    );
    assert!(stdout.contains("Signature Algorithm: sha256WithRSAEncryption"));
    assert!(
        stdout.contains(
            "DNS:client.example.com, IP Address:192.0.2.10, IP Address:2001:DB8:0:0:0:0:0:1, \
             email:ops@example.com, URI:spiffe://example.com/client"
        ),
        "{stdout}"
    );
    // The key in the request is the key given.
    let modulus = |args: &[&str]| String::from_utf8(openssl_ok(args)).unwrap();
    assert_eq!(
        modulus(&["req", "-in", &csr, "-noout", "-modulus"]),
        modulus(&["rsa", "-in", &fx("rsa2048-pkcs8.pem"), "-noout", "-modulus"])
    );
}

#[test]
fn issue_14_csr_goes_to_stdout_and_refuses_bad_names() {
    let pem = stdout_clean(&run(&[
        "csr",
        "--key",
        &fx("rsa2048-pkcs1.pem"),
        "--subject",
        "CN=a",
    ]));
    assert!(pem.starts_with(b"-----BEGIN CERTIFICATE REQUEST-----\n"));
    let out = run(&[
        "csr",
        "--key",
        &fx("rsa2048-pkcs1.pem"),
        "--subject",
        "CN=a,XX=b",
    ]);
    assert_error_exact(
        &out,
        "argument --subject: expected a distinguished name such as \
         CN=client.example.com,O=Example Ltd,C=GB or /C=GB/O=Example Ltd/CN=client.example.com",
    );
    let out = run(&[
        "csr",
        "--key",
        &fx("rsa2048-pkcs1.pem"),
        "--subject",
        "CN=a",
        "--san",
        "host:a",
    ]);
    assert_error_exact(
        &out,
        "argument --san: expected a subject alternative name dns:NAME, ip:ADDRESS, \
         email:ADDRESS or uri:URI (ASCII; IPv4 or IPv6)",
    );
    let out = run(&["csr", "--key", &fx("client.pem"), "--subject", "CN=a"]);
    assert_error(&out, "expected a private key, found a certificate");
}

#[test]
fn issue_14_csr_never_replaces_a_file_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let csr = path(dir.path(), "a.csr");
    std::fs::write(&csr, "keep").unwrap();
    let args = [
        "csr",
        "--key",
        &fx("rsa2048-pkcs8.pem"),
        "--subject",
        "CN=a",
        "-o",
        &csr,
    ];
    assert_error(&run(&args), "already exists; use --force to replace it");
    assert_eq!(std::fs::read(&csr).unwrap(), b"keep");
    stdout_clean(&run(&[&args[..], &["--force"]].concat()));
    assert!(read(&csr).starts_with(b"-----BEGIN CERTIFICATE REQUEST-----"));
}

/// Every DN openssl's `req -subj` accepts, keysmith accepts and encodes the same
/// way (string types included); openssl's RFC 2253 rendering reads back too.
#[test]
fn issue_14_any_dn_openssl_accepts_keysmith_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let key = fx("rsa2048-pkcs8.pem");
    let subjects = [
        "/CN=client.example.com",
        "/C=GB/ST=London/L=London/O=Example Ltd/OU=IT/CN=client.example.com",
        "/C=DE/O=Müller \\/ Söhne GmbH/CN=Zoë 東京",
        "/O=A, B and C/OU=x+CN=multi-valued",
        "/CN=a\\+b=c/emailAddress=ops@example.com",
        "/DC=com/DC=example/UID=jsmith/CN=John Smith",
        "/serialNumber=12 34/title=Dr/GN=Jane/SN=Doe/CN=Jane Doe",
        "/CN=#not hex/O=quote\"s; and <angles>",
        "/CN= padded /O=x",
        "/countryName=GB/commonName=long names",
        "/2.5.4.10=dotted OID/CN=x",
        "/C=GB/O=/CN=empty value skipped",
        "/businessCategory=Private Organization/jurisdictionC=GB/CN=ev.example.com",
    ];
    for (i, subject) in subjects.iter().enumerate() {
        let theirs = path(dir.path(), &format!("openssl-{i}.csr"));
        let ours = path(dir.path(), &format!("keysmith-{i}.csr"));
        let made = openssl(&[
            "req", "-new", "-utf8", "-key", &key, "-subj", subject, "-out", &theirs,
        ]);
        assert!(
            made.status.success(),
            "openssl refused {subject}: {}",
            stderr_of(&made)
        );
        stdout_ok(&run(&[
            "csr",
            "--key",
            &key,
            "--subject",
            subject,
            "-o",
            &ours,
        ]));
        let expected = openssl_subject("req", &theirs);
        assert_eq!(openssl_subject("req", &ours), expected, "{subject}");
        // openssl's own RFC 2253 rendering of the name is read back to the same name.
        let rfc2253 = String::from_utf8(openssl_ok(&[
            "req", "-in", &theirs, "-noout", "-subject", "-nameopt", "RFC2253",
        ]))
        .unwrap();
        let rfc2253 = rfc2253
            .trim_end_matches('\n')
            .trim_start_matches("subject=");
        let again = path(dir.path(), &format!("rfc2253-{i}.csr"));
        stdout_ok(&run(&[
            "csr",
            "--key",
            &key,
            "--subject",
            rfc2253,
            "-o",
            &again,
        ]));
        assert_eq!(openssl_subject("req", &again), expected, "{rfc2253}");
    }
}

#[test]
fn issue_14_inspect_describes_a_csr_and_its_signature() {
    let out = run(&["inspect", &fx("csr-rsa2048.pem")]);
    assert_eq!(
        stdout_clean(&out),
        b"kind:       certificate signing request (PKCS#10)\n\
subject:    CN=client.example.com,O=Example Ltd,C=GB\n\
alt names:  DNS:client.example.com, IP:192.0.2.10\n\
key:        rsa 2048 bits\n\
extensions: subjectAltName\n\
signature:  valid (verifies with the request's key)\n"
    );
    let out = run(&["inspect", "--json", &fx("csr-rsa2048-badsig.pem")]);
    assert_eq!(exit_code(&out), Some(1), "a bad signature is a 'no'");
    let report = json(&out);
    assert_eq!(report["kind"], "certificate-request");
    assert_eq!(report["signature"], "invalid");
    assert_eq!(report["requested_extensions"][0], "subjectAltName");
    assert_eq!(report["key_bits"], 2048);
    // DER from standard input reads as well.
    let der = openssl_ok(&["req", "-in", &fx("csr-rsa2048.pem"), "-outform", "DER"]);
    let out = run_stdin(&["inspect", "--json", "-"], der);
    assert_eq!(stdout_json(&out)["signature"], "valid");
}

/// A test CA: a key by openssl, its certificate by `cert self-signed --ca`.
struct Ca {
    key: String,
    cert: String,
}

fn make_ca(dir: &Path) -> Ca {
    let key = openssl_key(dir, "ca.key");
    let cert = path(dir, "ca.pem");
    stdout_clean(&run(&[
        "cert",
        "self-signed",
        "--key",
        &key,
        "--subject",
        "CN=Keysmith Test CA,O=Example Ltd,C=GB",
        "--ca",
        "--pathlen",
        "0",
        "--days",
        "30",
        "-o",
        &cert,
    ]));
    Ca { key, cert }
}

/// A key and a CSR for `cn`, both made by keysmith's `csr` from an openssl key.
fn make_csr(dir: &Path, cn: &str, sans: &[&str]) -> (String, String) {
    let key = openssl_key(dir, &format!("{cn}.key"));
    let csr = path(dir, &format!("{cn}.csr"));
    let mut args = vec!["csr", "--key", &key, "--subject", cn, "-o", &csr];
    for san in sans {
        args.extend(["--san", san]);
    }
    let args: Vec<&str> = args.iter().map(|s| &**s).collect();
    stdout_clean(&run(&args));
    (key, csr)
}

fn sign(dir: &Path, ca: &Ca, csr: &str, name: &str, extra: &[&str]) -> String {
    let cert = path(dir, name);
    let args = [
        &[
            "cert",
            "sign",
            csr,
            "--ca-cert",
            &ca.cert,
            "--ca-key",
            &ca.key,
            "-o",
            &cert,
        ][..],
        extra,
    ]
    .concat();
    stdout_clean(&run(&args));
    cert
}

fn x509_text(cert: &str) -> String {
    String::from_utf8(openssl_ok(&["x509", "-in", cert, "-noout", "-text"])).unwrap()
}

fn verify(ca: &Ca, cert: &str, purpose: &str) -> bool {
    openssl(&["verify", "-CAfile", &ca.cert, "-purpose", purpose, cert])
        .status
        .success()
}

#[test]
fn issue_14_self_signed_ca_has_the_extensions_openssl_expects() {
    let dir = tempfile::tempdir().unwrap();
    let ca = make_ca(dir.path());
    let text = x509_text(&ca.cert);
    for expected in [
        "Version: 3 (0x2)",
        "Issuer: C = GB, O = Example Ltd, CN = Keysmith Test CA",
        "Subject: C = GB, O = Example Ltd, CN = Keysmith Test CA",
        "X509v3 Basic Constraints: critical\n                CA:TRUE, pathlen:0",
        "X509v3 Key Usage: critical\n                Digital Signature, Certificate Sign, CRL Sign",
        "X509v3 Subject Key Identifier",
        "X509v3 Authority Key Identifier",
        "Signature Algorithm: sha256WithRSAEncryption",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
    assert!(!text.contains("Extended Key Usage"), "a CA carries no EKU");
    // openssl accepts it as its own trust anchor.
    assert!(
        openssl(&["verify", "-CAfile", &ca.cert, &ca.cert])
            .status
            .success()
    );
    // 30 days from --now's default, the system clock: checked with -checkend.
    assert!(
        openssl(&["x509", "-in", &ca.cert, "-noout", "-checkend", "2500000"])
            .status
            .success()
    );
    assert!(
        !openssl(&["x509", "-in", &ca.cert, "-noout", "-checkend", "2600000"])
            .status
            .success()
    );
}

#[test]
fn issue_14_serials_are_random_positive_and_128_bits() {
    let dir = tempfile::tempdir().unwrap();
    let key = fx("rsa2048-pkcs8.pem");
    let mut serials = Vec::new();
    for i in 0..4 {
        let cert = path(dir.path(), &format!("{i}.pem"));
        stdout_clean(&run(&[
            "cert",
            "self-signed",
            "--key",
            &key,
            "--subject",
            "CN=a",
            "-o",
            &cert,
        ]));
        let serial =
            String::from_utf8(openssl_ok(&["x509", "-in", &cert, "-noout", "-serial"])).unwrap();
        let hex = serial.trim().trim_start_matches("serial=").to_owned();
        // 16 bytes, the first non-zero: 32 hex digits (openssl prints each
        // byte as two digits and no sign byte).
        assert_eq!(hex.len(), 32, "{hex}");
        serials.push(hex);
    }
    serials.sort();
    serials.dedup();
    assert_eq!(serials.len(), 4, "serials repeat");
    // Positive: asn1parse shows no negative INTEGER.
    let der = openssl_ok(&["x509", "-in", &path(dir.path(), "0.pem"), "-outform", "DER"]);
    let der_path = path(dir.path(), "0.der");
    std::fs::write(&der_path, der).unwrap();
    let parsed = String::from_utf8(openssl_ok(&[
        "asn1parse",
        "-inform",
        "DER",
        "-in",
        &der_path,
    ]))
    .unwrap();
    // The version is the first INTEGER, the serial the second.
    let serial_line = parsed
        .lines()
        .filter(|l| l.contains("INTEGER"))
        .nth(1)
        .unwrap();
    assert!(!serial_line.contains(":-"), "{serial_line}");
}

#[test]
fn issue_14_cert_sign_issues_client_and_server_certificates_openssl_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let ca = make_ca(dir.path());
    let (_, client_csr) = make_csr(
        dir.path(),
        "CN=client.example.com",
        &["dns:client.example.com"],
    );
    let (_, server_csr) = make_csr(
        dir.path(),
        "CN=localhost",
        &["dns:localhost", "ip:127.0.0.1"],
    );
    let client = sign(dir.path(), &ca, &client_csr, "client.pem", &["--client"]);
    let server = sign(dir.path(), &ca, &server_csr, "server.pem", &["--server"]);
    let both = sign(dir.path(), &ca, &client_csr, "both.pem", &[]);
    assert!(verify(&ca, &client, "sslclient"));
    assert!(
        !verify(&ca, &client, "sslserver"),
        "--client is clientAuth only"
    );
    assert!(verify(&ca, &server, "sslserver"));
    assert!(
        !verify(&ca, &server, "sslclient"),
        "--server is serverAuth only"
    );
    assert!(verify(&ca, &both, "sslclient") && verify(&ca, &both, "sslserver"));
    let text = x509_text(&server);
    for expected in [
        "Issuer: C = GB, O = Example Ltd, CN = Keysmith Test CA",
        "Subject: CN = localhost",
        "X509v3 Basic Constraints: critical\n                CA:FALSE",
        "X509v3 Key Usage: critical\n                Digital Signature, Key Encipherment",
        "X509v3 Extended Key Usage: \n                TLS Web Server Authentication",
        "X509v3 Subject Alternative Name: \n                DNS:localhost, IP Address:127.0.0.1",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
    // The authority key identifier is the CA's subject key identifier.
    let ski = |text: &str, label: &str| {
        let at = text.find(label).unwrap();
        text[at..].lines().nth(1).unwrap().trim().to_owned()
    };
    assert_eq!(
        ski(&text, "X509v3 Authority Key Identifier"),
        ski(&x509_text(&ca.cert), "X509v3 Subject Key Identifier")
    );
    // keysmith reads back what it wrote.
    let report = stdout_json(&run(&["inspect", "--json", &server]));
    assert_eq!(report["issuer"], "CN=Keysmith Test CA,O=Example Ltd,C=GB");
    assert_eq!(report["subject_alt_names"][1], "IP:127.0.0.1");
}

#[test]
fn issue_14_cert_sign_refuses_a_bad_csr_and_a_foreign_ca_key() {
    let dir = tempfile::tempdir().unwrap();
    let ca = make_ca(dir.path());
    let out_path = path(dir.path(), "out.pem");
    let out = run(&[
        "cert",
        "sign",
        &fx("csr-rsa2048-badsig.pem"),
        "--ca-cert",
        &ca.cert,
        "--ca-key",
        &ca.key,
        "-o",
        &out_path,
    ]);
    assert_error_exact(
        &out,
        &format!(
            "{}: expected a certificate signing request (PKCS#10), found a certificate \
             signing request whose signature does not verify with its key",
            fx("csr-rsa2048-badsig.pem")
        ),
    );
    let out = run(&[
        "cert",
        "sign",
        &fx("csr-rsa2048.pem"),
        "--ca-cert",
        &ca.cert,
        "--ca-key",
        &fx("rsa2048-pkcs8.pem"),
        "-o",
        &out_path,
    ]);
    assert_error_exact(
        &out,
        &format!(
            "{}: this private key does not belong to the CA certificate",
            fx("rsa2048-pkcs8.pem")
        ),
    );
    let out = run(&[
        "cert",
        "sign",
        &fx("client.pem"),
        "--ca-cert",
        &ca.cert,
        "--ca-key",
        &ca.key,
    ]);
    assert_error(
        &out,
        "expected a certificate signing request (PKCS#10), found a certificate",
    );
    // A certificate that is not a CA's cannot issue, even with its own key.
    let out = run(&[
        "cert",
        "sign",
        &fx("csr-rsa2048.pem"),
        "--ca-cert",
        &fx("client.pem"),
        "--ca-key",
        &fx("rsa2048-pkcs8.pem"),
        "-o",
        &out_path,
    ]);
    assert_error_exact(
        &out,
        &format!(
            "{}: this is not a CA certificate (basicConstraints CA:TRUE and keyCertSign); \
             make a test CA with 'keysmith cert self-signed --ca'",
            fx("client.pem")
        ),
    );
    // An RSA-PSS request (openssl -sigopt rsa_padding_mode:pss) is described,
    // but keysmith does not check PSS, so it does not issue from it.
    let ec_csr = path(dir.path(), "pss.csr");
    openssl_ok(&[
        "req",
        "-new",
        "-key",
        &fx("rsa2048-pkcs8.pem"),
        "-sigopt",
        "rsa_padding_mode:pss",
        "-subj",
        "/CN=pss.example.com",
        "-out",
        &ec_csr,
    ]);
    let report = stdout_json(&run(&["inspect", "--json", &ec_csr]));
    assert_eq!(report["key_algorithm"], "rsa");
    assert_eq!(report["signature"], "unsupported");
    let out = run(&[
        "cert",
        "sign",
        &ec_csr,
        "--ca-cert",
        &ca.cert,
        "--ca-key",
        &ca.key,
        "-o",
        &out_path,
    ]);
    assert_error(&out, "whose signature keysmith cannot check");
    assert!(
        !PathBuf::from(&out_path).exists(),
        "a failed command writes nothing"
    );
}

#[test]
fn issue_14_validity_days_zero_and_reversed_are_usage_errors() {
    let key = fx("rsa2048-pkcs8.pem");
    let base = ["cert", "self-signed", "--key", &key, "--subject", "CN=a"];
    assert_error_exact(
        &run(&[&base[..], &["--days", "0"]].concat()),
        "argument --days: a certificate must be valid for at least one day",
    );
    assert_error_exact(
        &run(&[
            &base[..],
            &["--now", "1800000000", "--not-after", "2020-01-01T00:00:00Z"],
        ]
        .concat()),
        "argument --not-after: the end of validity must be later than its start",
    );
    // Past 9999-12-31 (what X.509 can encode) is out of range, not "too early".
    assert_error_exact(
        &run(&[&base[..], &["--days", "4294967295"]].concat()),
        "argument --days: the end of validity is out of range (after 9999-12-31)",
    );
    assert_error_exact(
        &run(&[&base[..], &["--not-after", "9999999999999"]].concat()),
        "argument --not-after: the end of validity is out of range (after 9999-12-31)",
    );
    assert_error_exact(
        &run(&[&base[..], &["--not-after", "soon"]].concat()),
        "argument --not-after: expected a time as Unix seconds or RFC 3339 (2030-01-31T00:00:00Z)",
    );
    // --now and --not-after fix the validity exactly.
    let pem = stdout_clean(&run(&[
        &base[..],
        &["--now", "1800000000", "--not-after", "1800086400"],
    ]
    .concat()));
    let report = stdout_json(&run_stdin(
        &["inspect", "--json", "-", "--now", "1800000000"],
        pem,
    ));
    assert_eq!(report["not_before"], "2027-01-15T08:00:00Z");
    assert_eq!(report["not_after"], "2027-01-16T08:00:00Z");
}

/// Mutual TLS with openssl on 127.0.0.1: `s_server -Verify` accepts the client
/// certificate `cert sign --client` issued, `s_client` the server's; a client
/// certificate issued `--server` is refused (so the test can fail).
#[test]
fn issue_14_mutual_tls_round_trip_with_openssl() {
    let dir = tempfile::tempdir().unwrap();
    let ca = make_ca(dir.path());
    let (client_key, client_csr) = make_csr(dir.path(), "CN=client.example.com", &[]);
    let (server_key, server_csr) = make_csr(dir.path(), "CN=localhost", &["ip:127.0.0.1"]);
    let client = sign(dir.path(), &ca, &client_csr, "client.pem", &["--client"]);
    let wrong_client = sign(dir.path(), &ca, &client_csr, "wrong.pem", &["--server"]);
    let server = sign(dir.path(), &ca, &server_csr, "server.pem", &["--server"]);
    assert!(handshake(&ca, &server, &server_key, &client, &client_key));
    assert!(!handshake(
        &ca,
        &server,
        &server_key,
        &wrong_client,
        &client_key
    ));
}

/// One TLS 1.3 handshake between `openssl s_server -Verify 1` and `s_client`;
/// whether both sides verified the other.
fn handshake(ca: &Ca, server: &str, server_key: &str, client: &str, client_key: &str) -> bool {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
        .to_string();
    let mut s_server = Command::new("openssl")
        .args([
            "s_server",
            "-accept",
            &format!("127.0.0.1:{port}"),
            "-cert",
            server,
            "-key",
            server_key,
            "-CAfile",
            &ca.cert,
            "-Verify",
            "1",
            "-verify_return_error",
            "-naccept",
            "1",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("openssl s_server runs");
    let mut verified = false;
    for _ in 0..50 {
        let mut s_client = Command::new("openssl")
            .args([
                "s_client",
                "-connect",
                &format!("127.0.0.1:{port}"),
                "-cert",
                client,
                "-key",
                client_key,
                "-CAfile",
                &ca.cert,
                "-verify_return_error",
                "-verify_ip",
                "127.0.0.1",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let _ = s_client.stdin.take().unwrap().write_all(b"ping\n");
        let out = s_client.wait_with_output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let err = String::from_utf8_lossy(&out.stderr);
        if err.contains("Connection refused") || err.contains("connect:errno") {
            std::thread::sleep(std::time::Duration::from_millis(100));
            continue;
        }
        verified = text.contains("Verify return code: 0 (ok)");
        break;
    }
    let _ = s_server.kill();
    let server_out = s_server.wait_with_output().unwrap();
    let server_text = String::from_utf8_lossy(&server_out.stdout).into_owned()
        + &String::from_utf8_lossy(&server_out.stderr);
    // s_server prints the client's subject once it has verified the client.
    verified
        && server_text.contains("subject=CN = client.example.com")
        && !server_text.contains("verify error")
}

/// `check --expires-within N` draws openssl `x509 -checkend N`'s boundary: a
/// certificate whose notAfter is exactly now + N "will expire" (exit 1).
#[test]
fn expires_within_boundary_matches_openssl_checkend() {
    let dir = tempfile::tempdir().unwrap();
    let key = openssl_key(dir.path(), "k.pem");
    let cert = path(dir.path(), "c.pem");
    let unix_now = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
    };
    let t = unix_now();
    let (start, end) = ((t - 10).to_string(), (t + 100).to_string());
    stdout_clean(&run(&[
        "cert",
        "self-signed",
        "--key",
        &key,
        "--subject",
        "CN=boundary",
        "--now",
        &start,
        "--not-after",
        &end,
        "-o",
        &cert,
    ]));
    let check = |within: i64, now: i64| {
        exit_code(&run(&[
            "check",
            "--cert",
            &cert,
            "--expires-within",
            &within.to_string(),
            "--now",
            &now.to_string(),
        ]))
    };
    assert_eq!(check(100, t), Some(1), "notAfter == now + 100");
    assert_eq!(check(99, t), Some(0));
    // openssl reads the clock: ask it for the exact boundary, and trust the
    // answer only when the clock did not tick meanwhile.
    for _ in 0..5 {
        let before = unix_now();
        let left = t + 100 - before;
        let at = openssl(&[
            "x509",
            "-in",
            &cert,
            "-noout",
            "-checkend",
            &left.to_string(),
        ]);
        let below = openssl(&[
            "x509",
            "-in",
            &cert,
            "-noout",
            "-checkend",
            &(left - 1).to_string(),
        ]);
        if unix_now() != before {
            continue;
        }
        assert_eq!(
            exit_code(&at),
            Some(1),
            "openssl: notAfter == now + N will expire"
        );
        assert_eq!(exit_code(&below), Some(0));
        assert_eq!(check(left, before), exit_code(&at));
        assert_eq!(check(left - 1, before), exit_code(&below));
        return;
    }
    panic!("the clock ticked during every openssl run");
}

/// An output that names one of the command's own inputs (by `..`, a symbolic
/// link or a hard link too) is refused, even with --force, and the input is
/// left as it was: `csr --key k.pem -o k.pem --force` used to replace the key.
#[test]
fn outputs_never_replace_their_own_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let key = openssl_key(dir.path(), "k.pem");
    let key_bytes = read(&key);
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let dotdot = dir.path().join("sub/../k.pem").display().to_string();
    let symlink = path(dir.path(), "symlink.pem");
    std::os::unix::fs::symlink(&key, &symlink).unwrap();
    let hard = path(dir.path(), "hard.pem");
    std::fs::hard_link(&key, &hard).unwrap();
    let ca = make_ca(dir.path());
    let ca_bytes = (read(&ca.key), read(&ca.cert));
    let (_, csr) = make_csr(dir.path(), "CN=leaf", &[]);
    let csr_bytes = read(&csr);
    let refused = |args: &[&str], output: &str, input: &str| {
        let out = run(&[args, &["-o", output, "--force"]].concat());
        assert_error(&out, &format!("names the same file as the input {input}"));
    };
    for output in [&key, &dotdot, &symlink, &hard] {
        refused(&["csr", "--key", &key, "--subject", "CN=a"], output, &key);
        refused(
            &["cert", "self-signed", "--key", &key, "--subject", "CN=a"],
            output,
            &key,
        );
        assert_eq!(read(&key), key_bytes, "{output}");
    }
    let sign = [
        "cert",
        "sign",
        &csr,
        "--ca-cert",
        &ca.cert,
        "--ca-key",
        &ca.key,
    ];
    refused(&sign, &csr, &csr);
    refused(&sign, &ca.cert, &ca.cert);
    refused(&sign, &ca.key, &ca.key);
    assert_eq!(read(&csr), csr_bytes);
    assert_eq!((read(&ca.key), read(&ca.cert)), ca_bytes);
    // Another file is written as before.
    stdout_clean(&run(
        &[&sign[..], &["-o", &path(dir.path(), "leaf.pem")]].concat()
    ));
}
