use super::*;

fn arg() -> Origin {
    Origin::Argument("secret")
}

/// Issue 11: the verifying key is a typed label that reads as before
/// (`sha256:<HEX>` or `secret`), in text and in JSON.
#[test]
fn issue_11_key_label_reads_as_before() {
    let input = Input::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/rsa2048-spki.pem"
    ))
    .unwrap();
    let loaded = key::load_rsa(&input, None).unwrap();
    let public = loaded.key.public_key().clone();
    let label = VerifyingKey::rsa(public.clone(), input.origin())
        .unwrap()
        .label();
    let hex = key::Fingerprint::of(&public).unwrap();
    assert_eq!(label.to_string(), format!("sha256:{hex}"));
    assert_eq!(
        serde_json::to_value(label).unwrap(),
        Value::from(format!("sha256:{hex}"))
    );
    let secret = VerifyingKey::hmac(
        &Secret::new("s3cret"),
        crate::codec::SecretEncoding::Utf8,
        &arg(),
    )
    .unwrap();
    assert_eq!(secret.label(), KeyLabel::Secret);
    assert_eq!(serde_json::to_value(secret.label()).unwrap(), "secret");
}

#[test]
fn hmac_secret_decodes_every_encoding() {
    let s = |t: &str, e| hmac_secret(&Secret::new(t), e, &arg()).map(|s| s.expose().to_vec());
    assert_eq!(s("TESTJWT", SecretEncoding::Utf8).unwrap(), b"TESTJWT");
    assert_eq!(s("aGk=", SecretEncoding::Base64).unwrap(), b"hi");
    assert_eq!(s("aGk", SecretEncoding::Base64).unwrap(), b"hi");
    assert_eq!(s("-_8", SecretEncoding::Base64Url).unwrap(), [0xfb, 0xff]);
    assert_eq!(s("FBff\n", SecretEncoding::Hex).unwrap(), [0xfb, 0xff]);
    assert!(s("fbf", SecretEncoding::Hex).is_err());
    assert!(s("a!", SecretEncoding::Base64Url).is_err());
}

#[test]
fn hmac_secret_refuses_empty_and_pem() {
    let err = hmac_secret(&Secret::new(""), SecretEncoding::Utf8, &arg()).unwrap_err();
    assert_eq!(err.to_string(), "argument secret: the secret is empty");
    let pem = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/rsa2048-spki.pem"
    ))
    .unwrap();
    let err = hmac_secret(&Secret::new(pem), SecretEncoding::Utf8, &arg()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "argument secret: this looks like a key or certificate (PEM, DER, Base64, JWK or SSH), not an HMAC secret"
    );
}

#[test]
fn jwk_honours_use_key_ops_and_alg() {
    let o = Origin::Argument("key");
    let oct = |extra: &str| {
        let v: Value =
            serde_json::from_str(&format!(r#"{{"kty":"oct","k":"c2VjcmV0"{extra}}}"#)).unwrap();
        Jwk::from_json(&v, &o)
    };
    assert_eq!(oct("").unwrap().algorithms(), &Algorithm::HMAC);
    assert_eq!(
        oct(r#","alg":"HS384""#).unwrap().algorithms(),
        &[Algorithm::HS384]
    );
    assert!(oct(r#","alg":"RS256""#).unwrap().algorithms().is_empty());
    assert!(matches!(
        oct(r#","use":"enc""#),
        Err(Error::Jwt {
            found: JwtError::JwkNotForSigning,
            ..
        })
    ));
    assert!(matches!(
        oct(r#","key_ops":["encrypt"]"#),
        Err(Error::Jwt {
            found: JwtError::JwkNotForSigning,
            ..
        })
    ));
    assert!(oct(r#","key_ops":["verify"]"#).is_ok());
}

#[test]
fn jwk_refuses_small_rsa_keys() {
    let v = serde_json::json!({"kty": "RSA", "n": crate::codec::base64_encode(&[0xc1u8; 128], crate::codec::Base64Variant::UrlNoPad), "e": "AQAB"});
    let err = Jwk::from_json(&v, &Origin::Argument("key")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "argument key: expected a public key, found a 1024-bit RSA key, too small to be safe"
    );
}
