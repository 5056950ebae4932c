//! Tests of the input module as a whole.

use super::read::WINDOW;
use super::repair::replace;
use super::*;
use crate::error::{Expected, Origin, Result};
use proptest::prelude::*;

fn sniff_str(s: &str) -> Result<Sniffed> {
    sniff(
        &Input::from_bytes(Origin::Argument("test"), s.as_bytes()),
        Expected::Anything,
    )
}

/// The blocks of a sniffed input; panics on a JWT.
fn blocks(s: Sniffed) -> Vec<Block<'static>> {
    let Sniffed::Blocks { blocks, .. } = s else {
        panic!("blocks")
    };
    blocks
}

/// The encoding of a sniffed input; panics on a JWT.
fn encoding(s: &Sniffed) -> Encoding {
    let Sniffed::Blocks { encoding, .. } = s else {
        panic!("blocks")
    };
    *encoding
}

const PEM: &str = "-----BEGIN PUBLIC KEY-----\nMAA=\n-----END PUBLIC KEY-----\n";

#[test]
fn sniff_reads_plain_pem_without_repairs() {
    let s = sniff_str(PEM).unwrap();
    assert!(s.repairs().is_empty());
    let b = blocks(s);
    assert_eq!(b[0].label.as_deref(), Some("PUBLIC KEY"));
    assert_eq!(&b[0].der[..], &[0x30, 0x00]);
}

#[test]
fn sniff_repairs_squashed_and_escaped_pem() {
    let s = sniff_str("-----BEGIN PUBLIC KEY----- MAA= -----END PUBLIC KEY-----").unwrap();
    assert_eq!(s.repairs(), vec![Repair::SquashedPem]);
    let s = sniff_str(&format!("\"{}\"", PEM.replace('\n', "\\n"))).unwrap();
    assert_eq!(s.repairs(), vec![Repair::EscapedNewlines]);
}

#[test]
fn sniff_handles_crlf_junk_and_no_final_newline() {
    let text = format!("my key:\r\n{}trailing", PEM.replace('\n', "\r\n"));
    let s = sniff_str(text.trim_end_matches('\n')).unwrap();
    assert!(s.repairs().is_empty());
}

#[test]
fn sniff_reports_truncated_and_empty() {
    let err = sniff_str("-----BEGIN PUBLIC KEY-----\nMAA=\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "argument test: expected a key, a certificate or a JWT, found a truncated PEM block (no END line)"
    );
    let err = sniff_str(" \n").unwrap_err();
    assert!(err.to_string().ends_with("found an empty input"));
}

/// Issue 11: the sniffer's errors name what the caller expected, so no layer
/// above rewrites them.
#[test]
fn issue_11_sniff_and_scan_name_what_was_expected() {
    let empty = Input::from_bytes(Origin::Stdin, " \n");
    let err = sniff(&empty, Expected::Certificate).unwrap_err();
    assert_eq!(
        err.to_string(),
        "standard input: expected an X.509 certificate, found an empty input"
    );
    let truncated = Input::from_bytes(Origin::Stdin, "-----BEGIN PUBLIC KEY-----\nMAA=\n");
    let err = scan(&truncated, Expected::PublicKey, |_| Ok(())).unwrap_err();
    assert_eq!(
        err.to_string(),
        "standard input: expected a public key, found a truncated PEM block (no END line)"
    );
}

#[test]
fn sniff_decodes_base64_of_pem_and_der() {
    let s = sniff_str("MAA=").unwrap();
    assert_eq!(encoding(&s), Encoding::Der);
    assert_eq!(s.repairs(), vec![Repair::Base64Wrapped]);
    let b64 = crate::codec::base64_encode(PEM.as_bytes(), crate::codec::Base64Variant::Standard);
    let s = sniff_str(&b64).unwrap();
    assert_eq!(encoding(&s), Encoding::Pem);
}

#[test]
fn sniff_decodes_certificate_blocks_like_other_blocks() {
    let cert = "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";
    let s = sniff_str(&format!("{cert}{cert}")).unwrap();
    let b = blocks(s);
    assert_eq!(b.len(), 2);
    assert_eq!(&b[1].der[..], &[0x30, 0x00]);
    let err =
        sniff_str("-----BEGIN CERTIFICATE-----\nMA!A=\n-----END CERTIFICATE-----\n").unwrap_err();
    assert!(
        err.to_string()
            .ends_with("found a PEM block whose body is not valid Base64")
    );
}

/// Issue 10 §5: the `Proc-Type`/`DEK-Info` headers are read and the body
/// after them decoded; other headers are refused as before.
#[test]
fn sniff_reads_legacy_encryption_headers() {
    let pem = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\
               DEK-Info: DES-CBC,0011223344556677\n\nMAA=\n-----END RSA PRIVATE KEY-----\n";
    for text in [pem.to_owned(), pem.replace('\n', "\r\n")] {
        let b = blocks(sniff_str(&text).unwrap());
        assert_eq!(b[0].dek_info.as_deref(), Some("DES-CBC,0011223344556677"));
        assert_eq!(&b[0].der[..], &[0x30, 0x00]);
    }
    for bad in [
        pem.replace("Proc-Type: 4,ENCRYPTED\n", ""),
        pem.replace("DEK-Info", "X-Info"),
        pem.replace("Proc-Type: 4,ENCRYPTED", "Comment: hello"),
    ] {
        let err = sniff_str(&bad).unwrap_err();
        assert!(
            err.to_string().ends_with("not valid Base64"),
            "{bad}: {err}"
        );
    }
}

#[test]
fn decode_base64_rejects_bad_text() {
    let input = Input::from_bytes(Origin::Stdin, "a!b");
    let err = input
        .decode_base64(crate::codec::Base64Variant::Standard)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "standard input: expected Base64 text, found invalid Base64"
    );
}

#[test]
fn sniff_recognises_jwt_with_bearer() {
    let s = sniff_str("Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc\n").unwrap();
    assert!(matches!(s, Sniffed::Jwt));
}

/// Labels and DER of the blocks a scan visited, and its repairs.
type Visited = (Vec<(Option<String>, Vec<u8>)>, Vec<Repair>);

fn blocks_of(
    scan: impl FnOnce(&mut dyn FnMut(Block<'_>) -> Result<()>) -> Result<Sniffed<()>>,
) -> Visited {
    let mut visited = Vec::new();
    let scanned = scan(&mut |b| {
        visited.push((b.label().map(str::to_owned), b.der.to_vec()));
        Ok(())
    })
    .unwrap();
    let Sniffed::Blocks { repairs, .. } = scanned else {
        panic!("blocks")
    };
    (visited, repairs)
}

use crate::test_fixture::bytes as fixture;

/// A file over the window size is read window by window; the blocks and
/// repairs are those of the whole text, also with CRLF line endings and with
/// a key and junk between the certificates.
#[test]
fn scan_file_windows_agree_with_the_whole_text() {
    let bundle = fixture("bundle-3certs.pem");
    let key = fixture("rsa2048-pkcs8.pem");
    let mut one = bundle.clone();
    one.extend_from_slice(b"junk between blocks\n");
    one.extend_from_slice(&key);
    let copies = WINDOW / one.len() * 2 + 1;
    let dir = tempfile::tempdir().unwrap();
    for crlf in [false, true] {
        let mut text = one.repeat(copies);
        if crlf {
            text = replace(&text, b"\n", b"\r\n");
        }
        assert!(text.len() > 2 * WINDOW);
        let path = dir.path().join("big.pem");
        std::fs::write(&path, &text).unwrap();
        let whole = Input::from_bytes(Origin::Path(path.clone()), text);
        let (expected, _) = blocks_of(|v| scan(&whole, Expected::Anything, v));
        let (windowed, repairs) = blocks_of(|v| scan_file(&path, Expected::Anything, v));
        assert_eq!(windowed.len(), copies * 4);
        assert!(windowed == expected, "crlf: {crlf}");
        assert!(repairs.is_empty());
    }
}

#[test]
fn scan_file_reports_a_truncated_last_block_of_a_large_file() {
    let mut text = fixture("bundle-3certs.pem").repeat(WINDOW / 1000);
    text.extend_from_slice(b"-----BEGIN CERTIFICATE-----\nMAA=\n");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.pem");
    std::fs::write(&path, &text).unwrap();
    let err = scan_file(&path, Expected::Anything, |_| Ok(())).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("found a truncated PEM block (no END line)"),
        "{err}"
    );
}

/// Certificates wrapped at other widths, or squashed onto one line, decode
/// as the usual 64-column layout does.
#[test]
fn scan_decodes_certificates_in_any_layout() {
    let pem = String::from_utf8(fixture("client.pem")).unwrap();
    let (expected, _) = blocks_of(|v| {
        scan(
            &Input::from_bytes(Origin::Stdin, pem.clone()),
            Expected::Anything,
            v,
        )
    });
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let wrapped = |width: usize, sep: &str| {
        let lines: Vec<&str> = body
            .as_bytes()
            .chunks(width)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        format!(
            "-----BEGIN CERTIFICATE-----{sep}{}{sep}-----END CERTIFICATE-----\n",
            lines.join(sep)
        )
    };
    for (width, sep) in [
        (76, "\n"),
        (64, " "),
        (63, "\n"),
        (64, "\n  "),
        (10_000, "\n"),
    ] {
        let text = wrapped(width, sep);
        let (blocks, _) = blocks_of(|v| {
            scan(
                &Input::from_bytes(Origin::Stdin, text.clone()),
                Expected::Anything,
                v,
            )
        });
        assert!(blocks == expected, "width {width} sep {sep:?}");
    }
}

proptest! {
    #[test]
    fn sniff_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = sniff(&Input::from_bytes(Origin::Stdin, bytes), Expected::Anything);
    }

    #[test]
    fn sniff_never_panics_on_pem_like_text(body in "[A-Za-z0-9+/=\\\\n \r\n:-]{0,200}", label in "[A-Z ]{0,20}") {
        let text = format!("-----BEGIN {label}-----{body}-----END {label}-----");
        let _ = sniff_str(&text);
    }
}
