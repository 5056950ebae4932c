//! JWT throughput, in process, one thread, keys parsed once.
//!
//! `rsa_primitive_rs256_verify` is rsa 0.10's own PKCS#1 v1.5 SHA-256 verify of
//! the same signing input, the floor `jwt_rs256_verify` (decode + algorithm and
//! key checks + signature + claims) is compared against. With `--features aws-lc`
//! the `jwt_rs256_*` benches go through aws-lc while the primitive stays rsa's.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use keysmith::input::Input;
use keysmith::jwt::{self, Claims, HeaderOptions, SigningKey, Verifier};
use keysmith::key::AnyPrivateKey;
use keysmith::time::Timestamp;
use keysmith::{Origin, Secret};

fn testdata(name: &str) -> String {
    format!("{}/testdata/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn benches(c: &mut Criterion) {
    let input = Input::read(testdata("rsa2048-pkcs8.pem")).expect("fixture");
    let keysmith::key::AnyPrivateKey::Rsa(private) =
        keysmith::key::load_private(&input, None).expect("key").key
    else {
        panic!("the fixture is an RSA key");
    };
    let public = private.as_public_key().clone();
    let rsa = SigningKey::from_private(
        AnyPrivateKey::Rsa(private.clone()),
        &Origin::Argument("bench"),
    )
    .expect("key");
    let hmac = SigningKey::hmac(
        &Secret::new("a shared secret of 32 bytes, ok!"),
        keysmith::codec::SecretEncoding::Utf8,
        &Origin::Argument("bench"),
    )
    .expect("secret");
    let now = Timestamp::from_unix(1_790_000_000);
    let mut claims = Claims::from_json(
        br#"{"sub":"client-42","iss":"https://auth.example.com","aud":"https://api.example.com"}"#,
        &Origin::Argument("bench"),
    )
    .expect("claims");
    claims.set_times(now, Some(1800), None, true);
    let options = HeaderOptions {
        kid: Some("key-1".into()),
        ..HeaderOptions::default()
    };
    let rs256 = jwt::sign(&rsa, None, &options, claims.as_map()).expect("sign");
    let hs256 = jwt::sign(&hmac, None, &options, claims.as_map()).expect("sign");
    let rs_verifier = Verifier::new(rsa.verifying_key());
    let hs_verifier = Verifier::new(hmac.verifying_key());
    assert!(rs_verifier.verify(&rs256, now).rejections.is_empty());
    assert!(hs_verifier.verify(&hs256, now).rejections.is_empty());

    let token = jwt::decode(&rs256, &Origin::Argument("bench")).expect("decode");
    let (message, signature) = (token.signing_input().to_vec(), token.signature().to_vec());
    c.bench_function("rsa_primitive_rs256_verify", |b| {
        b.iter(|| {
            black_box(&public)
                .pkcs1v15_verify::<sha2::Sha256>(black_box(&message), black_box(&signature))
                .is_ok()
        })
    });
    c.bench_function("jwt_rs256_verify", |b| {
        b.iter(|| {
            rs_verifier
                .verify(black_box(&rs256), now)
                .rejections
                .is_empty()
        })
    });
    c.bench_function("jwt_rs256_sign", |b| {
        b.iter(|| jwt::sign(&rsa, None, &options, black_box(claims.as_map())))
    });
    c.bench_function("jwt_hs256_decode_only", |b| {
        b.iter(|| jwt::decode(black_box(&hs256), &Origin::Argument("bench")))
    });
    c.bench_function("jwt_hs256_verify", |b| {
        b.iter(|| {
            hs_verifier
                .verify(black_box(&hs256), now)
                .rejections
                .is_empty()
        })
    });
}

criterion_group!(jwt_benches, benches);
criterion_main!(jwt_benches);
