use super::*;
use crate::time::Timestamp;

fn load_fixture(name: &str) -> LoadedCertificates {
    load(&crate::test_fixture::input(name), None).unwrap()
}

const NOW: Timestamp = Timestamp::from_unix(1_800_000_000); // 2027-01-15

fn verifying(name: &str) -> Result<key::LoadedKey<key::AnyKey>> {
    let input = crate::test_fixture::input(name);
    let passphrase = Secret::new("correct horse");
    load_verifying_key(&input, Some(&passphrase))
}

#[test]
fn verifying_key_from_keys_certificates_and_bundles() {
    let expected = crate::key::load_private(
        &Input::read(format!(
            "{}/testdata/rsa2048-pkcs8.pem",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
        None,
    )
    .unwrap()
    .key
    .public_key()
    .to_spki_der()
    .unwrap();
    for name in [
        "rsa2048-spki.pem",
        "rsa2048-pkcs1-pub.der",
        "rsa2048-pkcs8-enc-aes256.pem",
        "client.pem",
        "client.der",
        "bundle-3certs.pem",
    ] {
        let loaded = verifying(name).unwrap();
        assert_eq!(
            loaded.key.public_key().to_spki_der().unwrap(),
            expected,
            "{name}"
        );
    }
}

#[test]
fn verifying_key_refuses_what_is_not_a_key_or_certificate() {
    let ec = verifying("ec-cert.pem").unwrap().key.public_key();
    assert!(
        matches!(&ec, key::AnyPublicKey::Curve(k) if k.curve() == key::Curve::P256),
        "{ec:?}"
    );
    let message = |name: &str| verifying(name).unwrap_err().to_string();
    assert!(
        message("jwt-rs256-valid.txt").ends_with("expected a key or a certificate, found a JWT")
    );
    assert!(message("garbage.bin").contains("expected a key or a certificate"));
}

#[test]
fn load_reads_pem_der_and_bundles_in_file_order() {
    let pem = load_fixture("client.pem");
    let der = load_fixture("client.der");
    assert_eq!(pem.container, Container::Pem);
    assert_eq!(der.container, Container::Der);
    assert_eq!(pem.certificates[0].as_der(), der.certificates[0].as_der());
    let bundle = load_fixture("bundle-3certs.pem");
    let sha1: Vec<String> = bundle
        .certificates
        .iter()
        .map(|c| c.thumbprint(HashAlgorithm::Sha1).to_string())
        .collect();
    assert_eq!(
        sha1,
        [
            "F23E122D384BD71D3BDF00BBBA4D2CE7D0117569",
            "61EE4EF2A9A5B59518075018E31695832DA0349F",
            "B4A082C82047CB0D28D6D5D65287636D4875C8CD",
        ]
    );
}

#[test]
fn load_names_what_it_found_instead() {
    let path = format!("{}/testdata/rsa2048-pkcs8.pem", env!("CARGO_MANIFEST_DIR"));
    let err = load(&Input::read(&path).unwrap(), None).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{path}: expected an X.509 certificate, found a private key")
    );
}

#[test]
fn summary_describes_rsa_and_ec_certificates() {
    let rsa = CertificateSummary::new(&load_fixture("client.pem").certificates[0], NOW).unwrap();
    assert_eq!(rsa.serial, "1001");
    assert_eq!(
        rsa.issuer,
        "CN=Keysmith Test Intermediate CA,O=Keysmith Test,C=GB"
    );
    assert_eq!((rsa.key_algorithm.name(), rsa.key_bits), ("rsa", 2048));
    assert_eq!(
        rsa.subject_alt_names,
        ["DNS:client.example.com", "DNS:api.client.example.com"]
    );
    assert_eq!(rsa.key_usage, Some(vec!["digitalSignature"]));
    assert_eq!(rsa.not_after.to_rfc3339(), "2028-01-01T00:00:00Z");
    let ec = CertificateSummary::new(&load_fixture("ec-cert.pem").certificates[0], NOW).unwrap();
    assert_eq!((ec.key_algorithm.name(), ec.key_bits), ("ec", 256));
    assert_eq!(
        ec.sha1.to_string(),
        "B0BF0AD021DEB37F64B76EBB1A3E973C6FDDF5D9"
    );
}

#[test]
fn summary_judges_validity_at_now() {
    let expired =
        CertificateSummary::new(&load_fixture("client-expired.pem").certificates[0], NOW).unwrap();
    assert!(expired.expired && !expired.not_yet_valid);
    let notyet =
        CertificateSummary::new(&load_fixture("client-notyet.pem").certificates[0], NOW).unwrap();
    assert!(!notyet.expired && notyet.not_yet_valid);
}

#[test]
fn public_key_refuses_ec_certificates() {
    let ec = &load_fixture("ec-cert.pem").certificates[0];
    let err = public_key(ec).unwrap_err();
    assert!(err.to_string().ends_with("expected an RSA public key, found an elliptic-curve (EC) key, where only an RSA key will do"), "{err}");
}

/// Issue 11: the certificate's key is decoded from its SPKI, not re-sniffed.
#[test]
fn issue_11_public_key_is_the_certificates_spki() {
    let c = &load_fixture("client.pem").certificates[0];
    let public = public_key(c).unwrap();
    assert_eq!(
        crate::key::spki_der(&public).unwrap(),
        c.spki_der().unwrap()
    );
}
