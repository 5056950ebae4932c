use super::kdf::{KdfBudget, check_kdf_cost};
use super::*;
use super::{
    encode_rsa_private as encode_private, load_rsa as load, load_rsa_private as load_private,
};
use crate::error::{Encrypted, Expected, InputError, KeyError};
use crate::secret::Secret;

use crate::test_fixture::input as fixture;

#[test]
fn load_reads_every_form_of_the_same_key() {
    let reference = load(&fixture("rsa2048-spki.pem"), None).unwrap();
    let n = modulus_hex(reference.key.public_key());
    let pass = Secret::new("correct horse");
    for (name, format, encoding) in [
        ("rsa2048-pkcs8.pem", Format::Pkcs8, Encoding::Pem),
        ("rsa2048-pkcs8.der", Format::Pkcs8, Encoding::Der),
        ("rsa2048-pkcs1.pem", Format::Pkcs1, Encoding::Pem),
        ("rsa2048-pkcs1.der", Format::Pkcs1, Encoding::Der),
        ("rsa2048-spki.der", Format::Spki, Encoding::Der),
        ("rsa2048-pkcs1-pub.pem", Format::Pkcs1, Encoding::Pem),
        ("rsa2048-pkcs1-pub.der", Format::Pkcs1, Encoding::Der),
        ("rsa2048-pkcs8-enc-aes256.pem", Format::Pkcs8, Encoding::Pem),
        ("rsa2048-pkcs8-enc-aes256.der", Format::Pkcs8, Encoding::Der),
        (
            "rsa2048-pkcs8-enc-aes128-sha1.pem",
            Format::Pkcs8,
            Encoding::Pem,
        ),
        ("rsa2048-pkcs8-enc-des3.pem", Format::Pkcs8, Encoding::Pem),
        ("rsa2048-pkcs1-enc.pem", Format::Pkcs1, Encoding::Pem),
        ("rsa2048-pkcs1-enc-des.pem", Format::Pkcs1, Encoding::Pem),
        (
            "rsa2048-pkcs8-pbes1-md5-des.pem",
            Format::Pkcs8,
            Encoding::Pem,
        ),
        (
            "rsa2048-pkcs8-pbes1-sha1-3des.der",
            Format::Pkcs8,
            Encoding::Der,
        ),
        (
            "rsa2048-pkcs8-pbes1-sha1-rc2-40.pem",
            Format::Pkcs8,
            Encoding::Pem,
        ),
    ] {
        let loaded = load(&fixture(name), Some(&pass)).unwrap();
        assert_eq!(loaded.format, format, "{name}");
        assert_eq!(loaded.encoding, encoding, "{name}");
        assert_eq!(modulus_hex(loaded.key.public_key()), n, "{name}");
    }
}

#[test]
fn load_refuses_with_what_was_found() {
    let refusal = |name| match load(&fixture(name), None) {
        Err(e) => e,
        Ok(_) => panic!("{name} loaded"),
    };
    let key = |name| match refusal(name) {
        Error::Key { found, .. } => found,
        other => panic!("{name}: {other:?}"),
    };
    let input = |name| match refusal(name) {
        Error::Input { found, .. } => found,
        other => panic!("{name}: {other:?}"),
    };
    assert_eq!(key("ec-p256.pem"), KeyError::EcKey);
    assert_eq!(key("ed25519.pem"), KeyError::EdwardsKey);
    assert_eq!(key("rsa512-pkcs8.pem"), KeyError::SmallKey { bits: 512 });
    for name in [
        "rsa2048-pkcs1-enc.pem",
        "rsa2048-pkcs8-pbes1-sha1-3des.pem",
        "rsa2048-pkcs8-enc-aes256.pem",
    ] {
        assert!(
            matches!(
                refusal(name),
                Error::NeedsPassphrase {
                    encrypted: Encrypted::PrivateKey,
                    ..
                }
            ),
            "{name}"
        );
    }
    assert_eq!(input("empty.txt"), InputError::Empty);
    assert_eq!(input("bad-truncated.pem"), InputError::TruncatedPem);
    assert_eq!(input("bad-corrupt-base64.pem"), InputError::BadPemBody);
    let pass = Secret::new("correct horse");
    match load(&fixture("rsa2048-pkcs8-enc-20m-iter.pem"), Some(&pass)) {
        Err(Error::Key { found, .. }) => assert_eq!(found, KeyError::ExcessiveKdfCost),
        other => panic!("20m iterations: {other:?}"),
    }
}

#[test]
fn load_reports_wrong_passphrase() {
    for name in [
        "rsa2048-pkcs8-enc-aes256.pem",
        "rsa2048-pkcs1-enc-des3.pem",
        "rsa2048-pkcs8-pbes1-sha1-2des.pem",
        "rsa2048-pkcs8-pbes1-sha1-rc2-64.pem",
    ] {
        let err = load(&fixture(name), Some(&Secret::new("wrong"))).unwrap_err();
        assert!(
            matches!(err, Error::WrongPassphrase { .. }),
            "{name}: {err}"
        );
    }
}

/// Issue 10 §5: legacy encryptions are named, and only PBES2 is not legacy.
#[test]
fn issue_10_load_names_the_encryption() {
    let pass = Secret::new("correct horse");
    for (name, encryption) in [
        ("rsa2048-pkcs8.pem", None),
        ("rsa2048-pkcs8-enc-aes256.pem", Some(Encryption::Pbes2)),
        (
            "rsa2048-pkcs1-enc-aes192.pem",
            Some(Encryption::PemAes192Cbc),
        ),
        (
            "rsa2048-pkcs8-pbes1-sha1-rc2-128.pem",
            Some(Encryption::PbeSha1Rc2_128),
        ),
    ] {
        let loaded = load(&fixture(name), Some(&pass)).unwrap();
        assert_eq!(loaded.encryption, encryption, "{name}");
        assert_eq!(loaded.encrypted, encryption.is_some(), "{name}");
        assert_eq!(
            encryption.is_some_and(Encryption::is_legacy),
            encryption.is_some_and(|e| e != Encryption::Pbes2),
            "{name}"
        );
    }
}

#[test]
fn bits_refuses_small_and_odd_sizes() {
    let origin = Origin::Argument("size");
    assert!(Bits::new(1024, &origin).is_err());
    assert!(Bits::new(2047, &origin).is_err());
    assert_eq!(Bits::new(4096, &origin).unwrap().get(), 4096);
}

/// Issue 10: the PBKDF2 cap counts the PRF blocks the key needs, and the
/// scrypt cap is 128·N·r·p ≤ 256 MiB.
#[test]
fn issue_10_kdf_cost_is_capped_before_deriving() {
    use pkcs8::pkcs5::pbes2::{self, Kdf, Pbkdf2Params, Pbkdf2Prf, Salt, ScryptParams};
    let origin = Origin::Path("k.pem".into());
    let pbkdf2 = |prf, iterations| {
        let mut p = Pbkdf2Params::hmac_sha256(iterations, &[1; 16]).unwrap();
        p.prf = prf;
        pkcs8::pkcs5::EncryptionScheme::Pbes2(pbes2::Parameters {
            kdf: Kdf::Pbkdf2(p),
            encryption: pbes2::EncryptionScheme::Aes256Cbc { iv: [0; 16] },
        })
    };
    let scrypt = |log_n: u8, r: u16, p: u16| {
        pkcs8::pkcs5::EncryptionScheme::Pbes2(pbes2::Parameters {
            kdf: Kdf::Scrypt(ScryptParams {
                salt: Salt::new([1; 16]).unwrap(),
                cost_parameter: 1 << log_n,
                block_size: r,
                parallelization: p,
                key_length: None,
            }),
            encryption: pbes2::EncryptionScheme::Aes256Cbc { iv: [0; 16] },
        })
    };
    let cost = |scheme| match check_kdf_cost(&scheme, &origin, Expected::Key) {
        Ok(()) => None,
        Err(Error::Key { found, .. }) => Some(found),
        Err(e) => panic!("{e}"),
    };
    assert_eq!(cost(pbkdf2(Pbkdf2Prf::HmacWithSha256, 10_000_000)), None);
    assert_eq!(
        cost(pbkdf2(Pbkdf2Prf::HmacWithSha256, 10_000_001)),
        Some(KeyError::ExcessiveKdfCost)
    );
    // AES-256 from HMAC-SHA-1 (20-byte blocks) needs two blocks per iteration.
    assert_eq!(cost(pbkdf2(Pbkdf2Prf::HmacWithSha1, 5_000_000)), None);
    assert_eq!(
        cost(pbkdf2(Pbkdf2Prf::HmacWithSha1, 5_000_001)),
        Some(KeyError::ExcessiveKdfCost)
    );
    // SHA-384/512 iterations weigh five: 2 000 000 of them.
    for prf in [Pbkdf2Prf::HmacWithSha384, Pbkdf2Prf::HmacWithSha512] {
        assert_eq!(cost(pbkdf2(prf, 2_000_000)), None);
        assert_eq!(
            cost(pbkdf2(prf, 2_000_001)),
            Some(KeyError::ExcessiveKdfCost)
        );
    }
    assert_eq!(cost(scrypt(14, 8, 1)), None);
    assert_eq!(cost(scrypt(18, 8, 1)), None);
    assert_eq!(
        cost(scrypt(18, 8, 2)),
        Some(KeyError::ScryptCost {
            n: 1 << 18,
            r: 8,
            p: 2
        })
    );
}

#[test]
fn issue_10_kdf_budget_is_one_total() {
    use pkcs8::pkcs5::pbes2::{self, Kdf, Pbkdf2Params};
    let sha256 = |iterations| {
        pkcs8::pkcs5::EncryptionScheme::Pbes2(pbes2::Parameters {
            kdf: Kdf::Pbkdf2(Pbkdf2Params::hmac_sha256(iterations, &[1; 16]).unwrap()),
            encryption: pbes2::EncryptionScheme::Aes256Cbc { iv: [0; 16] },
        })
    };
    let mut budget = KdfBudget::default();
    assert_eq!(budget.spend_pbe(1_000_000), Ok(()));
    assert_eq!(budget.spend(&sha256(4_000_000)), Ok(()));
    assert_eq!(budget.spend(&sha256(5_000_000)), Ok(()));
    assert_eq!(budget.spend_pbe(1), Err(KeyError::ExcessiveKdfCost));
    let mut budget = KdfBudget::default();
    assert_eq!(
        budget.spend_pbe(1_000_001),
        Err(KeyError::ExcessivePbeIterations { max: 1_000_000 })
    );
}

#[test]
fn encode_private_encrypts_with_pbkdf2_sha256_aes256cbc() {
    use der::Decode;
    use pkcs8::pkcs5::pbes2::{EncryptionScheme, Pbkdf2Prf};
    let key = load_private(&fixture("rsa2048-pkcs8.pem"), None)
        .unwrap()
        .key;
    let pass = Secret::new("correct horse");
    let der = encode_private(
        &key,
        &PrivateFormat::EncryptedPkcs8(pass.clone()),
        Encoding::Der,
    )
    .unwrap();
    let info = pkcs8::EncryptedPrivateKeyInfoRef::from_der(&der).unwrap();
    let pbes2 = info.encryption_algorithm.pbes2().unwrap();
    let pbkdf2 = pbes2.kdf.pbkdf2().unwrap();
    assert_eq!(pbkdf2.prf, Pbkdf2Prf::HmacWithSha256);
    assert_eq!(pbkdf2.iteration_count, encode::PBKDF2_ITERATIONS);
    assert_eq!(pbkdf2.salt.as_ref().len(), 16);
    assert!(matches!(
        pbes2.encryption,
        EncryptionScheme::Aes256Cbc { .. }
    ));
    let pem = encode_private(
        &key,
        &PrivateFormat::EncryptedPkcs8(pass.clone()),
        Encoding::Pem,
    )
    .unwrap();
    assert!(pem.starts_with(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
}

#[test]
fn uint_bits_counts_leading_zeros() {
    assert_eq!(uint_bits(&[0, 0x01, 0xff]), 9);
    assert_eq!(uint_bits(&[]), 0);
    assert_eq!(uint_bits(&[0x80, 0]), 16);
}

/// Issue 11: a private key is returned once, with the form it was read in.
#[test]
fn issue_11_load_private_returns_the_key_once_with_its_form() {
    let loaded: LoadedKey<PrivateKey> = load_private(&fixture("rsa2048-pkcs1.pem"), None).unwrap();
    assert_eq!((loaded.format, loaded.encrypted), (Format::Pkcs1, false));
    assert_eq!(modulus_bits(loaded.key.as_public_key()), 2048);
}
