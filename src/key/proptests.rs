//! Property tests: encoding round trips keep the key, and no mutation of a real
//! key file makes [`load_rsa`] panic.
//!
//! Keys come from the openssl fixtures (2048 and 4096 bits); generating keys per
//! case would be far too slow.

use std::sync::OnceLock;

use proptest::prelude::*;

use pkcs1::EncodeRsaPrivateKey;

use super::*;
use super::{
    encode_rsa_private as encode_private, encode_rsa_public as encode_public, load_rsa as load,
    load_rsa_private as load_private,
};
use crate::input::Input;
use crate::secret::Secret;

use crate::test_fixture::path as fixture_path;

use crate::test_fixture::bytes as fixture_bytes;

/// The 2048- and 4096-bit fixture keys, loaded once.
fn keys() -> &'static [PrivateKey; 2] {
    static KEYS: OnceLock<[PrivateKey; 2]> = OnceLock::new();
    KEYS.get_or_init(|| {
        let load = |name: &str| {
            let input = Input::read(fixture_path(name)).unwrap();
            load_private(&input, None).unwrap().key
        };
        [load("rsa2048-pkcs8.pem"), load("rsa4096-pkcs8.pem")]
    })
}

fn passphrase() -> Secret {
    Secret::new("correct horse")
}

/// One re-encoding step: format (encrypted PKCS#8 included) and encoding.
#[derive(Clone, Debug)]
struct Step {
    format: PrivateFormat,
    encoding: Encoding,
}

fn step() -> impl Strategy<Value = Step> {
    (
        // Encryption costs 600 000 PBKDF2 rounds each way: keep it occasional.
        prop_oneof![
            4 => Just(PrivateFormat::Pkcs8),
            1 => Just(PrivateFormat::EncryptedPkcs8(passphrase())),
            5 => Just(PrivateFormat::Pkcs1),
        ],
        prop_oneof![Just(Encoding::Pem), Just(Encoding::Der)],
    )
        .prop_map(|(format, encoding)| Step { format, encoding })
}

fn private_pkcs1_der(key: &PrivateKey) -> Vec<u8> {
    key.to_pkcs1_der().unwrap().as_bytes().to_vec()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Any sequence of PKCS#8 ⇄ PKCS#1, PEM ⇄ DER and encrypt/decrypt re-encodings,
    /// each read back through `load`, ends with the key it started from; each step
    /// is reported with the format, encoding and encryption it was written in.
    #[test]
    fn private_key_survives_any_sequence_of_encodings(
        which in 0usize..2,
        steps in proptest::collection::vec(step(), 1..5),
    ) {
        let original = &keys()[which];
        let pass = passphrase();
        let mut current = original.clone();
        for s in &steps {
            let bytes = encode_private(&current, &s.format, s.encoding).unwrap();
            match s.encoding {
                Encoding::Pem => prop_assert!(bytes.starts_with(b"-----BEGIN ")),
                Encoding::Der => prop_assert_eq!(bytes.first(), Some(&0x30)),
                Encoding::Json => prop_assert!(false, "no step encodes JSON"),
            }
            let input = Input::from_bytes(Origin::Argument("test"), bytes.to_vec());
            let loaded = load(&input, Some(&pass)).unwrap();
            prop_assert_eq!(loaded.format, s.format.format());
            prop_assert_eq!(loaded.encoding, s.encoding);
            prop_assert_eq!(loaded.encrypted, s.format.is_encrypted());
            prop_assert!(loaded.repairs.is_empty());
            let Key::Private(k) = loaded.key else {
                return Err(TestCaseError::fail("a private key was read back as public"));
            };
            current = *k;
        }
        prop_assert_eq!(private_pkcs1_der(&current), private_pkcs1_der(original));
    }

    /// The same for public keys: SPKI ⇄ PKCS#1, PEM ⇄ DER.
    #[test]
    fn public_key_survives_any_sequence_of_encodings(
        which in 0usize..2,
        steps in proptest::collection::vec(
            (
                prop_oneof![Just(PublicFormat::Spki), Just(PublicFormat::Pkcs1)],
                prop_oneof![Just(Encoding::Pem), Just(Encoding::Der)],
            ),
            1..6,
        ),
    ) {
        let original = keys()[which].to_public_key();
        let mut current = original.clone();
        for (format, encoding) in &steps {
            let bytes = encode_public(&current, *format, *encoding).unwrap();
            let loaded = load(&Input::from_bytes(Origin::Stdin, bytes), None).unwrap();
            let expected_format = match format {
                PublicFormat::Spki => Format::Spki,
                PublicFormat::Pkcs1 => Format::Pkcs1,
            };
            prop_assert_eq!(loaded.format, expected_format);
            prop_assert_eq!(loaded.encoding, *encoding);
            let Key::Public(k) = loaded.key else {
                return Err(TestCaseError::fail("a public key was read back as private"));
            };
            current = k;
        }
        prop_assert_eq!(current, original);
    }
}

/// Real key files in every form, to be mutated.
const MUTATED_FIXTURES: [&str; 12] = [
    "rsa2048-pkcs8.pem",
    "rsa2048-pkcs8.der",
    "rsa2048-pkcs1.pem",
    "rsa2048-pkcs1.der",
    "rsa2048-spki.pem",
    "rsa2048-spki.der",
    "rsa2048-pkcs1-pub.der",
    "rsa2048-pkcs8-enc-aes256.pem",
    "rsa2048-pkcs8-enc-aes256.der",
    "rsa2048-spki-escaped.txt",
    "rsa2048-spki-oneline.pem",
    "rsa2048-spki-der.b64",
];

fn fixtures() -> &'static Vec<Vec<u8>> {
    static BYTES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    BYTES.get_or_init(|| MUTATED_FIXTURES.iter().map(|n| fixture_bytes(n)).collect())
}

/// One change to a byte string; positions are taken modulo its length.
#[derive(Clone, Debug)]
enum Mutation {
    /// XOR one byte with a non-zero mask.
    Flip(usize, u8),
    /// Replace one byte.
    Set(usize, u8),
    /// Cut the input short.
    Truncate(usize),
    /// Insert a byte.
    Insert(usize, u8),
    /// Remove a byte.
    Remove(usize),
    /// Insert a piece of armour the PEM sniffer looks for.
    InsertToken(usize, &'static str),
}

/// Text the sniffer searches for, to insert at random places.
const TOKENS: [&str; 10] = [
    "-----BEGIN ",
    "-----END ",
    "-----",
    "\\n",
    "\r\n",
    "\n",
    "Proc-Type: 4,ENCRYPTED\n",
    ":",
    "\u{fffd}",
    "eyJ",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), 1u8..=255).prop_map(|(i, m)| Mutation::Flip(i, m)),
        2 => (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Set(i, b)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        1 => any::<usize>().prop_map(Mutation::Remove),
        2 => (any::<usize>(), proptest::sample::select(&TOKENS[..]))
            .prop_map(|(i, t)| Mutation::InsertToken(i, t)),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let len = bytes.len();
    if len == 0 {
        return;
    }
    match *m {
        Mutation::Flip(i, mask) => bytes[i % len] ^= mask,
        Mutation::Set(i, b) => bytes[i % len] = b,
        Mutation::Truncate(i) => bytes.truncate(i % len),
        Mutation::Insert(i, b) => bytes.insert(i % (len + 1), b),
        Mutation::Remove(i) => {
            bytes.remove(i % len);
        }
        Mutation::InsertToken(i, token) => {
            let at = i % (len + 1);
            bytes.splice(at..at, token.bytes());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    /// Byte flips, truncations, insertions and removals of real PEM and DER key
    /// files never make `load` panic, with or without a passphrase; and whatever
    /// `load` accepts is a `KeySummary` can describe.
    #[test]
    fn load_never_panics_on_mutated_fixtures(
        which in 0..MUTATED_FIXTURES.len(),
        mutations in proptest::collection::vec(mutation(), 1..4),
        with_passphrase in any::<bool>(),
    ) {
        let mut bytes = fixtures()[which].clone();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        let pass = passphrase();
        let input = Input::from_bytes(Origin::Stdin, bytes);
        if let Ok(loaded) = load(&input, with_passphrase.then_some(&pass)) {
            prop_assert!(loaded.key.bits() >= MIN_LOAD_BITS);
            let summary = KeySummary::new(&loaded, &loaded.key);
            prop_assert!(summary.is_ok());
        }
        let _ = load_public_only(&input);
    }
}
