//! Unit tests for verification: RFC 7515 examples, policy, attacks, Wycheproof JWS.

use super::*;
use crate::Origin;
use crate::input::Input;
use crate::jwt::{Claims, HeaderOptions, Jws, SigningKey, sign};
use crate::secret::Secret;
use proptest::prelude::*;

use crate::test_fixture::path as testdata;

fn read(name: &str) -> String {
    std::fs::read_to_string(testdata(name)).unwrap()
}

fn rsa_signer() -> SigningKey {
    let input = Input::read(testdata("rsa2048-pkcs8.pem")).unwrap();
    let key = crate::key::load_rsa_private(&input, None).unwrap().key;
    SigningKey::rsa(key, &Origin::Argument("key")).unwrap()
}

fn rsa_verifier() -> Verifier {
    let input = Input::read(testdata("rsa2048-spki.pem")).unwrap();
    Verifier::from_input(&input, None).unwrap()
}

fn secret(s: &str) -> VerifyingKey {
    VerifyingKey::hmac(
        &Secret::new(s),
        crate::codec::SecretEncoding::Utf8,
        &Origin::Argument("secret"),
    )
    .unwrap()
}

const RFC_NOW: Timestamp = Timestamp::from_unix(1_300_000_000);

#[test]
fn rfc7515_a1_hs256_verifies_with_its_jwk_k() {
    let k = VerifyingKey::hmac(
        &Secret::new(read("rfc7515-a1-key.txt")),
        crate::codec::SecretEncoding::Base64Url,
        &Origin::Argument("secret"),
    )
    .unwrap();
    let v = Verifier::new(k);
    let token = read("rfc7515-a1-hs256.txt");
    let r = v.verify(&token, RFC_NOW);
    assert!(r.rejections.is_empty(), "{r:?}");
    assert_eq!(r.key, Some(KeyLabel::Secret));
    // The example's exp (1300819380) is long past.
    let r = v.verify(&token, Timestamp::from_unix(1_300_819_380));
    assert_eq!(r.rejections.first().copied(), Some(Rejection::Expired));
    assert_eq!(r.signature_valid, Some(true));
}

#[test]
fn rfc7515_a2_rs256_verifies_with_its_jwk() {
    let jwk =
        Jwk::from_input(&Input::read(testdata("rfc7515-a2-jwk.json")).unwrap(), None).unwrap();
    let r = Verifier::from_jwk(jwk).verify(&read("rfc7515-a2-rs256.txt"), RFC_NOW);
    assert!(r.rejections.is_empty(), "{r:?}");
    assert_eq!(r.alg(), Some("RS256"));
}

#[test]
fn verify_reports_expired_with_good_signature() {
    let v = Verifier::new(secret("TESTJWT"));
    let token = read("jwt-hs256-stamps.txt");
    let r = v.verify(&token, Timestamp::from_unix(1_790_000_000));
    assert!(!r.rejections.is_empty());
    assert_eq!(r.signature_valid, Some(true));
    assert_eq!(r.rejections.first().copied(), Some(Rejection::Expired));
    assert_eq!(r.checks.len(), 1);
    assert_eq!(r.checks[0].claim, "exp");
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["reason"], "expired");
    assert_eq!(json["checks"][0]["reason"], "expired");
    let ignoring = v.clone().with_policy(Policy {
        ignore_exp: true,
        ..Policy::default()
    });
    assert!(
        ignoring
            .verify(&token, Timestamp::from_unix(1_790_000_000))
            .rejections
            .is_empty()
    );
}

#[test]
fn verify_expiry_boundary_and_leeway() {
    let v = Verifier::new(secret("TESTJWT"));
    let token = read("jwt-hs256-stamps.txt");
    let exp = 1_657_332_616;
    assert!(
        v.verify(&token, Timestamp::from_unix(exp - 1))
            .rejections
            .is_empty()
    );
    assert!(
        !v.verify(&token, Timestamp::from_unix(exp))
            .rejections
            .is_empty()
    );
    let lenient = v.with_policy(Policy {
        leeway: 60,
        ..Policy::default()
    });
    assert!(
        lenient
            .verify(&token, Timestamp::from_unix(exp + 59))
            .rejections
            .is_empty()
    );
    assert!(
        !lenient
            .verify(&token, Timestamp::from_unix(exp + 60))
            .rejections
            .is_empty()
    );
}

#[test]
fn verify_checks_claims_in_order_and_reports_all() {
    let key = rsa_signer();
    let mut claims = Claims::from_json(br#"{"iss":"a","aud":["x","y"]}"#, &Origin::Stdin).unwrap();
    claims.set_times(Timestamp::from_unix(1000), Some(100), Some(50), true);
    let token = sign(&key, None, &HeaderOptions::default(), claims.as_map()).unwrap();
    let v = rsa_verifier().with_policy(Policy {
        audience: Some("z".into()),
        issuer: Some("b".into()),
        required: vec!["sub".into(), "iat".into()],
        ..Policy::default()
    });
    let r = v.verify(&token, Timestamp::from_unix(1000));
    assert_eq!(r.rejections.first().copied(), Some(Rejection::NotYetValid));
    assert_eq!(
        r.rejections,
        [
            Rejection::NotYetValid,
            Rejection::WrongAudience,
            Rejection::WrongIssuer,
            Rejection::MissingClaim
        ]
    );
    let claims: Vec<(&str, bool)> = r
        .checks
        .iter()
        .map(|c| (c.claim.as_str(), c.status == CheckStatus::Passed))
        .collect();
    assert_eq!(
        claims,
        [
            ("exp", true),
            ("nbf", false),
            ("aud", false),
            ("iss", false),
            ("sub", false),
            ("iat", true)
        ]
    );
    let ok = rsa_verifier().with_policy(Policy {
        audience: Some("y".into()),
        issuer: Some("a".into()),
        ..Policy::default()
    });
    assert!(
        ok.verify(&token, Timestamp::from_unix(1050))
            .rejections
            .is_empty()
    );
}

#[test]
fn verify_thumbprint_from_header_or_claim() {
    use crate::jwt::{ExpectedThumbprint, Thumbprints};
    let thumbprints = |name: &str| {
        let input = Input::read(testdata(name)).unwrap();
        let loaded = crate::cert::load(&input, None).unwrap();
        Thumbprints::of(
            loaded
                .leaf(input.origin(), crate::Expected::Certificate)
                .unwrap(),
        )
    };
    let cert = thumbprints("client.pem");
    let other = thumbprints("selfsigned.pem");
    let policy = |t| Policy {
        thumbprint: Some(t),
        ignore_exp: true,
        ..Policy::default()
    };
    for expected in [
        ExpectedThumbprint::certificate(cert.clone()),
        ExpectedThumbprint::from(cert.sha1),
    ] {
        for file in ["jwt-rs256-x5t.txt", "jwt-rs256-valid.txt"] {
            let token = read(file);
            let r = rsa_verifier()
                .with_policy(policy(expected.clone()))
                .verify(&token, RFC_NOW);
            assert!(r.rejections.is_empty(), "{file}: {r:?}");
        }
    }
    for file in ["jwt-rs256-x5t.txt", "jwt-rs256-valid.txt"] {
        for wrong in [
            ExpectedThumbprint::certificate(other.clone()),
            ExpectedThumbprint::from(other.sha1),
        ] {
            let r = rsa_verifier()
                .with_policy(policy(wrong))
                .verify(&read(file), RFC_NOW);
            assert_eq!(
                r.rejections.first().copied(),
                Some(Rejection::ThumbprintMismatch),
                "{file}"
            );
        }
    }
    let r = rsa_verifier()
        .with_policy(policy(ExpectedThumbprint::certificate(cert.clone())))
        .verify(&read("jwt-ps256.txt"), RFC_NOW);
    assert_eq!(
        r.rejections.first().copied(),
        Some(Rejection::ThumbprintMismatch)
    );
    let thumbprint = r.checks.iter().find(|c| c.claim == "thumbprint").unwrap();
    assert_eq!(thumbprint.value, None);
    // A SHA-256 value cannot be compared with an x5t (SHA-1): that header is not
    // checked, and with nothing else to compare the token is rejected.
    let r = rsa_verifier()
        .with_policy(policy(ExpectedThumbprint::from(cert.sha256)))
        .verify(&read("jwt-rs256-x5t.txt"), RFC_NOW);
    assert_eq!(
        r.rejections.first().copied(),
        Some(Rejection::ThumbprintMismatch)
    );
    assert_eq!(
        statuses(&r),
        [
            ("exp", CheckStatus::NotChecked),
            ("x5t", CheckStatus::NotChecked),
            (
                "thumbprint",
                CheckStatus::Failed(Rejection::ThumbprintMismatch)
            ),
        ]
    );
}

/// Each check's claim and status, in report order.
fn statuses(r: &TokenVerification) -> Vec<(&str, CheckStatus)> {
    r.checks
        .iter()
        .map(|c| (c.claim.as_str(), c.status))
        .collect()
}

// Issue 10 §7: a token's aud passed silently when no audience was asked for.
#[test]
fn issue_10_verify_reports_claims_it_did_not_check() {
    let token = read("jwt-rs256-valid.txt");
    let now = Timestamp::from_unix(1_790_000_100);
    let r = rsa_verifier().verify(&token, now);
    assert!(r.rejections.is_empty(), "{r:?}");
    let passed: Vec<(&str, CheckStatus, bool)> = r
        .checks
        .iter()
        .map(|c| (c.claim.as_str(), c.status, c.status == CheckStatus::Passed))
        .collect();
    assert_eq!(
        passed,
        [
            ("exp", CheckStatus::Passed, true),
            ("aud", CheckStatus::NotChecked, false),
            ("iss", CheckStatus::NotChecked, false),
            ("thumbprint", CheckStatus::NotChecked, false),
        ]
    );
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["checks"][0]["passed"], true);
    assert_eq!(json["checks"][1]["passed"], false);
    assert_eq!(json["checks"][1]["reason"], Value::Null);
    assert_eq!(json["checks"][1]["status"], "not-checked");
    assert_eq!(json["checks"][1]["value"], "https://api.example.com");
    // Asked for, they are checked; an ignored exp is not.
    let r = rsa_verifier()
        .with_policy(Policy {
            audience: Some("https://api.example.com".into()),
            issuer: Some("https://auth.example.com".into()),
            ignore_exp: true,
            ..Policy::default()
        })
        .verify(&token, now);
    assert_eq!(
        statuses(&r),
        [
            ("exp", CheckStatus::NotChecked),
            ("aud", CheckStatus::Passed),
            ("iss", CheckStatus::Passed),
            ("thumbprint", CheckStatus::NotChecked),
        ]
    );
}

#[test]
fn verify_never_lets_the_header_widen_the_algorithms() {
    // alg confusion: an HS256 token keyed with the RSA public key's PEM bytes.
    let pem = std::fs::read(testdata("rsa2048-spki.pem")).unwrap();
    let header = crate::codec::base64_encode(
        br#"{"alg":"HS256","typ":"JWT"}"#,
        crate::codec::Base64Variant::UrlNoPad,
    );
    let input = format!("{header}.e30");
    let tag = crate::jwt::key::hmac_tag(Algorithm::HS256, &pem, input.as_bytes()).unwrap();
    let forged = format!(
        "{input}.{}",
        crate::codec::base64_encode(&tag, crate::codec::Base64Variant::UrlNoPad)
    );
    let r = rsa_verifier().verify(&forged, RFC_NOW);
    assert_eq!(
        r.rejections.first().copied(),
        Some(Rejection::AlgNotAllowed)
    );
    assert_eq!(r.signature_valid, None);
    // alg none, in any spelling.
    for alg in ["none", "None", "NONE", "nOnE"] {
        let h = crate::codec::base64_encode(
            format!(r#"{{"alg":"{alg}"}}"#).as_bytes(),
            crate::codec::Base64Variant::UrlNoPad,
        );
        let r = Verifier::new(secret("k")).verify(&format!("{h}.e30."), RFC_NOW);
        assert_eq!(
            r.rejections.first().copied(),
            Some(Rejection::AlgNotAllowed),
            "{alg}"
        );
    }
}

#[test]
fn verify_policy_narrows_algorithms() {
    let token = read("jwt-rs256-valid.txt");
    let v = rsa_verifier().with_policy(Policy {
        algorithms: vec![Algorithm::PS256],
        ..Policy::default()
    });
    assert_eq!(
        v.verify(&token, RFC_NOW).rejections.first().copied(),
        Some(Rejection::AlgNotAllowed)
    );
    let v = rsa_verifier().with_policy(Policy {
        algorithms: vec![Algorithm::HS256],
        ..Policy::default()
    });
    assert!(v.algorithms().is_empty());
}

#[test]
fn verify_jwks_picks_by_kid_only() {
    let set = Jwks::from_input(&Input::read(testdata("jwks.json")).unwrap()).unwrap();
    assert_eq!(set.keys().len(), 2);
    assert_eq!(set.keys()[0].kid(), Some("key-1"));
    let v = Verifier::from_jwks(&Input::read(testdata("jwks.json")).unwrap()).unwrap();
    let token = read("jwt-rs256-valid.txt");
    assert!(v.verify(&token, RFC_NOW).rejections.is_empty());
    // Same key, unknown kid (a path): never resolved anywhere.
    let key = rsa_signer();
    let opts = HeaderOptions {
        kid: Some("../../../../etc/passwd".into()),
        ..HeaderOptions::default()
    };
    let t = sign(&key, None, &opts, &serde_json::Map::new()).unwrap();
    assert_eq!(
        v.verify(&t, RFC_NOW).rejections.first().copied(),
        Some(Rejection::NoMatchingKey)
    );
    // No kid and two RSA keys in the set: ambiguous.
    let t = sign(
        &key,
        None,
        &HeaderOptions::default(),
        &serde_json::Map::new(),
    )
    .unwrap();
    assert_eq!(
        v.verify(&t, RFC_NOW).rejections.first().copied(),
        Some(Rejection::NoMatchingKey)
    );
    // kid of the other key: bad signature.
    let opts = HeaderOptions {
        kid: Some("key-2".into()),
        ..HeaderOptions::default()
    };
    let t = sign(&key, None, &opts, &serde_json::Map::new()).unwrap();
    assert_eq!(
        v.verify(&t, RFC_NOW).rejections.first().copied(),
        Some(Rejection::BadSignature)
    );
}

#[test]
fn verify_refuses_crit_and_ignores_key_urls() {
    let key = SigningKey::hmac(
        &Secret::new("k"),
        crate::codec::SecretEncoding::Utf8,
        &Origin::Argument("secret"),
    )
    .unwrap();
    let h = |json: &str| {
        crate::codec::base64_encode(json.as_bytes(), crate::codec::Base64Variant::UrlNoPad)
    };
    let signed = |header: &str| {
        let input = format!("{}.e30", h(header));
        let tag = crate::jwt::key::hmac_tag(Algorithm::HS256, b"k", input.as_bytes()).unwrap();
        format!(
            "{input}.{}",
            crate::codec::base64_encode(&tag, crate::codec::Base64Variant::UrlNoPad)
        )
    };
    let v = Verifier::new(key.verifying_key());
    let r = v.verify(
        &signed(r#"{"alg":"HS256","crit":["exp"],"exp":1}"#),
        RFC_NOW,
    );
    assert_eq!(r.rejections.first().copied(), Some(Rejection::Malformed));
    assert_eq!(r.malformed, Some(Malformed::UnsupportedCritical));
    // jku/jwk/x5u name other keys; they change nothing (the given key still decides).
    let r = v.verify(&signed(r#"{"alg":"HS256","jku":"https://attacker.example/jwks","x5u":"https://attacker.example/c","jwk":{"kty":"oct","k":"YQ"}}"#), RFC_NOW);
    assert!(r.rejections.is_empty());
    let other = Verifier::new(secret("other"));
    let r = other.verify(
        &signed(r#"{"alg":"HS256","jwk":{"kty":"oct","k":"aw"}}"#),
        RFC_NOW,
    );
    assert_eq!(r.rejections.first().copied(), Some(Rejection::BadSignature));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]
    #[test]
    fn sign_then_verify_every_algorithm(i in 0usize..9, sub in "[a-z]{0,12}", n in any::<i64>()) {
        let alg = Algorithm::ALL[i];
        let key = if alg.is_hmac() {
            SigningKey::hmac(&Secret::new("a shared secret"), crate::codec::SecretEncoding::Utf8, &Origin::Argument("secret")).unwrap()
        } else {
            rsa_signer()
        };
        let mut claims = Claims::default();
        claims.set_pair(&format!("sub={sub}"), &Origin::Argument("claim")).unwrap();
        claims.set_pair(&format!("n={n}"), &Origin::Argument("claim")).unwrap();
        let token = sign(&key, Some((alg, &Origin::Stdin)), &HeaderOptions::default(), claims.as_map()).unwrap();
        let v = Verifier::new(key.verifying_key());
        let r = v.verify(&token, RFC_NOW);
        prop_assert!(r.rejections.is_empty());
        prop_assert_eq!(r.alg(), Some(alg.name()));
        // One flipped signature bit never verifies.
        let mut sig = crate::jwt::parse(&token).unwrap().signature().to_vec();
        sig[0] ^= 1;
        let dot = token.rfind('.').unwrap();
        let tampered = format!("{}.{}", &token[..dot], crate::codec::base64_encode(&sig, crate::codec::Base64Variant::UrlNoPad));
        prop_assert_eq!(v.verify(&tampered, RFC_NOW).rejections.first().copied(), Some(Rejection::BadSignature));
    }

    #[test]
    fn verify_never_panics(text in "\\PC{0,200}") {
        let r = Verifier::new(secret("k")).verify(&text, RFC_NOW);
        prop_assert!(!r.rejections.is_empty());
    }
}

/// Wycheproof JWS labels that look wrong upstream (see testdata/README.md, "Wycheproof").
/// keysmith gives the strict RFC 7515 answer for these.
const WYCHEPROOF_EXCEPTIONS: [(u64, bool, &str); 8] = [
    // Issue 13: RFC 7520's P-521 key says "alg": "ES521", an algorithm that does not
    // exist (the RFC's typo for ES512); a JWK whose alg keysmith does not know allows
    // no algorithm, rather than being read as the one it was probably meant to be.
    (
        347,
        false,
        "ES512 token, JWK restricted to alg ES521 (no such algorithm): allows none",
    ),
    (
        351,
        false,
        "ES512 token, JWK restricted to alg ES521 (no such algorithm): allows none",
    ),
    (
        346,
        false,
        "PS384 token, group JWK restricted to alg PS256: the JWK's alg is honoured",
    ),
    (
        350,
        false,
        "PS384 token, group JWK restricted to alg PS256: the JWK's alg is honoured",
    ),
    (
        367,
        true,
        "byte-identical to the valid tcId 357; the promised padding is not there",
    ),
    (
        370,
        true,
        "byte-identical to the valid tcId 357; the promised padding is not there",
    ),
    (
        372,
        false,
        "a '?' inside the header segment is not base64url",
    ),
    (
        373,
        false,
        "a '?' inside the payload segment is not base64url",
    ),
];

#[test]
fn wycheproof_json_web_signature_vectors() {
    // Copied from Project Wycheproof with its licence; source commit and SHA-256
    // in testdata/README.md, "Wycheproof".
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/wycheproof/json_web_signature_test.json"
    );
    let text =
        std::fs::read_to_string(path).expect("testdata/wycheproof/json_web_signature_test.json");
    let doc: Value = serde_json::from_str(&text).unwrap();
    let (mut tested, mut ec, mut exceptions) = (0, 0, 0);
    let mut disagreements = Vec::new();
    for group in doc["testGroups"].as_array().unwrap() {
        let jwk = group.get("public").unwrap_or(&group["private"]);
        let tests = group["tests"].as_array().unwrap();
        if jwk["kty"] == "EC" {
            ec += tests.len();
        }
        let verifier = Jwk::from_json(jwk, &Origin::Argument("jwk"))
            .ok()
            .map(Verifier::from_jwk);
        for t in tests {
            let id = t["tcId"].as_u64().unwrap();
            let accepted = match (&verifier, t["jws"].as_str()) {
                (Some(v), Some(jws)) => Jws::parse(jws)
                    .ok()
                    .is_some_and(|jws| v.verify_signature(&jws).is_ok()),
                // No usable key, or the JSON serialisation (keysmith reads compact only).
                _ => false,
            };
            let expected = t["result"] == "valid";
            if let Some((_, strict, why)) = WYCHEPROOF_EXCEPTIONS.iter().find(|(e, _, _)| *e == id)
            {
                assert_eq!(accepted, *strict, "tcId {id}: {why}");
                exceptions += 1;
                continue;
            }
            if accepted != expected {
                disagreements.push(format!(
                    "tcId {id} ({}): {} (accepted: {accepted})",
                    group["comment"], t["comment"]
                ));
            }
            tested += 1;
        }
    }
    assert!(disagreements.is_empty(), "{disagreements:#?}");
    assert_eq!(exceptions, WYCHEPROOF_EXCEPTIONS.len());
    assert_eq!(
        tested + exceptions,
        doc["numberOfTests"].as_u64().unwrap() as usize
    );
    // Issue 13: the 43 EC cases, skipped before keysmith read EC keys, run now.
    assert_eq!((tested, ec, exceptions), (393, 43, 8), "counts changed");
}

/// Issue 13: RFC 7515 A.3 (ES256), A.4 (ES512) and RFC 8037 A.4 (EdDSA): the
/// RFCs' public JWKs verify the RFCs' signatures, and the JWS with one bit of
/// its signature changed does not.
#[test]
fn issue_13_rfc7515_a3_a4_and_rfc8037_a4_examples_verify() {
    let cases = [
        (
            r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#,
            "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q",
            Algorithm::ES256,
        ),
        (
            r#"{"kty":"EC","crv":"P-521","x":"AekpBQ8ST8a8VcfVOTNl353vSrDCLLJXmPk06wTjxrrjcBpXp5EOnYG_NjFZ6OvLFV1jSfS9tsz4qUxcWceqwQGk","y":"ADSmRA43Z1DSNx_RvcLI87cdL07l6jQyyBXMoxVg_l2Th-x3S1WDhjDly79ajL4Kkd0AZMaZmh9ubmf63e3kyMj2"}"#,
            "eyJhbGciOiJFUzUxMiJ9.UGF5bG9hZA.AdwMgeerwtHoh-l192l60hp9wAHZFVJbLfD_UxMi70cwnZOYaRI1bKPWROc-mZZqwqT2SI-KGDKB34XO0aw_7XdtAG8GaSwFKdCAPZgoXD2YBJZCPEX3xKpRwcdOO8KpEHwJjyqOgzDO7iKvU8vcnwNrmxYbSW9ERBXukOXolLzeO_Jn",
            Algorithm::ES512,
        ),
        (
            r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
            "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg",
            Algorithm::EdDSA,
        ),
    ];
    for (jwk, jws, alg) in cases {
        let value: Value = serde_json::from_str(jwk).unwrap();
        let verifier =
            Verifier::from_jwk(Jwk::from_json(&value, &Origin::Argument("jwk")).unwrap());
        let parsed = Jws::parse(jws).unwrap();
        assert_eq!(
            verifier.verify_signature(&parsed).map(|(a, _)| a),
            Ok(alg),
            "{alg}"
        );
        // One bit changed in the signature's last character.
        let mut bad = jws.to_owned();
        let last = bad.pop().unwrap();
        bad.push(if last == 'A' { 'B' } else { 'A' });
        let parsed = Jws::parse(&bad).unwrap();
        assert_eq!(
            verifier.verify_signature(&parsed).map(|(a, _)| a),
            Err(Rejection::BadSignature),
            "{alg}"
        );
    }
    // RFC 8037 A.3: the Ed25519 key's RFC 7638 thumbprint.
    let value: Value = serde_json::from_str(cases[2].0).unwrap();
    let key = Jwk::from_json(&value, &Origin::Argument("jwk"))
        .unwrap()
        .key()
        .public_key()
        .unwrap();
    assert_eq!(
        crate::jwk::thumbprint(&key),
        "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
    );
}

/// Issue 11: `valid`, `reason` and `alg` are derived from the rejections and the
/// header, and a failed check's reason from its status; the JSON keeps SPEC.md's
/// fields, in the same order, with the same values.
#[test]
fn issue_11_verification_json_derives_valid_reason_and_alg() {
    let token = read("jwt-rs256-valid.txt");
    let r = rsa_verifier()
        .with_policy(Policy {
            audience: Some("someone-else".into()),
            ..Policy::default()
        })
        .verify(&token, Timestamp::from_unix(1_790_000_100));
    let json = serde_json::to_value(&r).unwrap();
    let keys = member_names(&json);
    assert_eq!(
        keys,
        [
            "valid",
            "reason",
            "alg",
            "header",
            "payload",
            "signature_valid",
            "key",
            "times",
            "checks"
        ]
    );
    assert_eq!(json["valid"], false);
    assert_eq!(json["reason"], "wrong-audience");
    assert_eq!(json["alg"], "RS256");
    let aud = &json["checks"][1];
    let keys = member_names(aud);
    assert_eq!(
        keys,
        ["claim", "passed", "status", "reason", "value", "expected"]
    );
    assert_eq!(aud["claim"], "aud");
    assert_eq!(aud["passed"], false);
    assert_eq!(aud["status"], "failed");
    assert_eq!(aud["reason"], "wrong-audience");
    assert_eq!(aud["expected"], "someone-else");
    let malformed = serde_json::to_value(rsa_verifier().verify("a.b", RFC_NOW)).unwrap();
    assert_eq!(malformed["valid"], false);
    assert_eq!(malformed["reason"], "malformed");
    assert_eq!(malformed["alg"], Value::Null);
}

/// The member names of a JSON object, in order.
fn member_names(value: &serde_json::Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}
