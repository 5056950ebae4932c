//! RSA-2048 signatures and HMAC through the library API, keys prepared once: the
//! same bench runs with and without `--features aws-lc`, and its figures compare
//! with `openssl speed -seconds 3 rsa2048` (sign/s and verify/s; see README).
//!
//! With the feature, `hmac_hs256_*` also measures aws-lc-rs's HMAC next to the
//! `hmac` crate's, the figures that decided whether HMAC goes through aws-lc.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit, Mac};
use keysmith::Origin;
use keysmith::input::Input;
use keysmith::jwt::Algorithm;
use keysmith::sign::{Scheme, Signer, Verifier};
use sha2::Sha256;

/// A JWT signing input's size (header + claims, base64url).
const MESSAGE: &[u8] = &[b'x'; 300];
const SECRET: &[u8] = b"a shared secret of 32 bytes, ok!";

fn benches(c: &mut Criterion) {
    let path = format!("{}/testdata/rsa2048-pkcs8.pem", env!("CARGO_MANIFEST_DIR"));
    let input = Input::read(path).expect("fixture");
    let key = keysmith::key::load_private(&input, None).expect("key").key;
    for alg in [Algorithm::RS256, Algorithm::PS256] {
        let scheme = Scheme {
            algorithm: Some((alg, Origin::Argument("alg"))),
            ..Scheme::default()
        };
        let signer = Signer::new(key.clone(), input.origin(), &scheme).expect("a 2048-bit key");
        let verifier = Verifier::new(key.public_key(), input.origin(), &scheme).expect("verifier");
        let signature = signer.sign(MESSAGE).expect("sign");
        c.bench_function(
            &format!("rsa2048_{}_sign", alg.name().to_lowercase()),
            |b| b.iter(|| signer.sign(black_box(MESSAGE))),
        );
        c.bench_function(
            &format!("rsa2048_{}_verify", alg.name().to_lowercase()),
            |b| b.iter(|| verifier.verify(black_box(MESSAGE), black_box(&signature))),
        );
    }

    let keyed = <Hmac<Sha256> as KeyInit>::new_from_slice(SECRET).expect("key");
    let tag = keyed.clone().chain_update(MESSAGE).finalize().into_bytes();
    c.bench_function("hmac_hs256_verify_hmac_crate", |b| {
        b.iter(|| {
            let mut mac = keyed.clone();
            mac.update(black_box(MESSAGE));
            mac.verify_slice(black_box(&tag)).is_ok()
        })
    });
    #[cfg(feature = "aws-lc")]
    {
        let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, SECRET);
        c.bench_function("hmac_hs256_verify_aws_lc", |b| {
            b.iter(|| aws_lc_rs::hmac::verify(&key, black_box(MESSAGE), black_box(&tag)).is_ok())
        });
    }
}

criterion_group! {
    name = sign_benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = benches
}
criterion_main!(sign_benches);
