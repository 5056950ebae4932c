//! Bulk check of parallel key generation: 1,000 keys, each validated by `rsa`,
//! every 50th also by `openssl pkey -check`. Slow, so ignored by default:
//!
//! ```sh
//! cargo test --release --test keygen_bulk -- --ignored
//! ```

use keysmith::Origin;
use keysmith::input::{Encoding, Input};
use keysmith::key::{self, AnyKey, Bits, Format, Key, Protection};

#[test]
#[ignore = "generates 1,000 keys; run with --release -- --ignored"]
fn keygen_makes_1000_valid_keys() {
    let dir = tempfile::tempdir().unwrap();
    let mut moduli = std::collections::HashSet::new();
    for i in 0..1000 {
        let k = key::generate(Bits::B2048).unwrap();
        k.validate().unwrap();
        let k = AnyKey::Rsa(Key::Private(Box::new(k)));
        let origin = Origin::Argument("generated");
        let encode = |encoding| {
            let never = || -> Result<keysmith::Secret, keysmith::Error> { unreachable!() };
            key::convert(
                &k,
                false,
                Format::Pkcs8,
                Protection::Keep,
                encoding,
                &origin,
                never,
            )
        };
        let der = encode(Encoding::Der).unwrap();
        let input = Input::from_bytes(origin.clone(), der.to_vec());
        let summary = key::inspect(&input, None).unwrap();
        assert_eq!(summary.algorithm, key::KeyAlgorithm::Rsa, "key {i}");
        assert_eq!(summary.bits, 2048);
        assert_eq!(summary.public_exponent, Some(65537));
        assert!(moduli.insert(summary.public_key), "duplicate key");
        if i % 50 == 0 {
            let pem = encode(Encoding::Pem).unwrap();
            let path = dir.path().join(format!("k{i}.pem"));
            std::fs::write(&path, &*pem).unwrap();
            let out = std::process::Command::new("openssl")
                .args(["pkey", "-check", "-noout", "-in"])
                .arg(&path)
                .output()
                .expect("openssl must be installed");
            assert!(out.status.success(), "openssl rejected key {i}");
        }
    }
}
