//! Project Wycheproof RSA signature vectors (PKCS#1 v1.5 2048-bit with SHA-256/384/512,
//! PSS 2048-bit SHA-256 MGF1 salt 32) through the library: every `valid` signature is
//! accepted and every `invalid` one rejected. `acceptable` cases (legacy encodings a
//! verifier may take or refuse) are pinned to what keysmith does: the three
//! `MissingNull` cases (tcId 8 of each PKCS#1 file, a DigestInfo without the NULL
//! parameters) are rejected, as a strict verifier does.
//!
//! The groups with public exponent 3 (`SmallPublicKey`: two in the SHA-256 file, one
//! in the SHA-512 file, one `valid` test each) load and verify: rsa 0.10 accepts
//! exponents from 2 up, so none is skipped.
//!
//! The vectors live in `../shared/vectors/wycheproof/` (Apache-2.0, see its README)
//! and are read from there, never copied.

use keysmith::Origin;
use keysmith::input::Input;
use keysmith::key;
use keysmith::sign::{RsaAlgorithm, verify};
use serde_json::Value;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/vectors/wycheproof/");

fn hex(text: &str) -> Vec<u8> {
    assert!(text.len() % 2 == 0, "odd hex length");
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Tally {
    valid: usize,
    invalid: usize,
    acceptable_accepted: usize,
    acceptable_rejected: usize,
    small_exponent_groups: usize,
}

fn run(file: &str, algorithm: RsaAlgorithm) -> Tally {
    let text = std::fs::read_to_string(format!("{DIR}{file}"))
        .unwrap_or_else(|e| panic!("{DIR}{file}: {e} (the shared Wycheproof vectors must exist)"));
    let doc: Value = serde_json::from_str(&text).unwrap();
    let mut tally = Tally::default();
    let mut seen = 0;
    for group in doc["testGroups"].as_array().unwrap() {
        assert_eq!(group["keySize"], 2048);
        let pem = group["publicKeyPem"].as_str().unwrap();
        let input = Input::from_bytes(Origin::Argument("publicKeyPem"), pem);
        // Every group loads, including the e = 3 (SmallPublicKey) ones: rsa 0.10
        // accepts exponents from 2 up.
        let loaded =
            key::load(&input, None).unwrap_or_else(|e| panic!("{file}: group key refused: {e}"));
        let public = loaded.key.public_key();
        if key::public_exponent(public) == Some(3) {
            tally.small_exponent_groups += 1;
        }
        for test in group["tests"].as_array().unwrap() {
            seen += 1;
            let id = &test["tcId"];
            let msg = hex(test["msg"].as_str().unwrap());
            let sig = hex(test["sig"].as_str().unwrap());
            let accepted = verify(public, algorithm, &msg, &sig);
            match test["result"].as_str().unwrap() {
                "valid" => {
                    assert!(accepted, "{file} tcId {id} is valid but was rejected");
                    tally.valid += 1;
                }
                "invalid" => {
                    assert!(
                        !accepted,
                        "{file} tcId {id} is invalid but was accepted ({})",
                        test["comment"]
                    );
                    tally.invalid += 1;
                }
                "acceptable" if accepted => tally.acceptable_accepted += 1,
                "acceptable" => tally.acceptable_rejected += 1,
                other => panic!("{file} tcId {id}: unknown result {other}"),
            }
        }
    }
    assert_eq!(seen, doc["numberOfTests"].as_u64().unwrap() as usize);
    tally
}

#[test]
fn wycheproof_rsa_pkcs1v15_2048_sha256() {
    let t = run("rsa_signature_2048_sha256_test.json", RsaAlgorithm::RS256);
    assert_eq!(
        t,
        Tally {
            valid: 9,
            invalid: 249,
            acceptable_accepted: 0,
            acceptable_rejected: 1,
            small_exponent_groups: 2,
        }
    );
}

#[test]
fn wycheproof_rsa_pkcs1v15_2048_sha384() {
    let t = run("rsa_signature_2048_sha384_test.json", RsaAlgorithm::RS384);
    assert_eq!(
        t,
        Tally {
            valid: 7,
            invalid: 250,
            acceptable_accepted: 0,
            acceptable_rejected: 1,
            small_exponent_groups: 0,
        }
    );
}

#[test]
fn wycheproof_rsa_pkcs1v15_2048_sha512() {
    let t = run("rsa_signature_2048_sha512_test.json", RsaAlgorithm::RS512);
    assert_eq!(
        t,
        Tally {
            valid: 8,
            invalid: 250,
            acceptable_accepted: 0,
            acceptable_rejected: 1,
            small_exponent_groups: 1,
        }
    );
}

#[test]
fn wycheproof_rsa_pss_2048_sha256_mgf1_32() {
    let t = run("rsa_pss_2048_sha256_mgf1_32_test.json", RsaAlgorithm::PS256);
    assert_eq!(
        t,
        Tally {
            valid: 63,
            invalid: 45,
            acceptable_accepted: 0,
            acceptable_rejected: 0,
            small_exponent_groups: 0,
        }
    );
}
