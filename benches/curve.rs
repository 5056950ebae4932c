//! ES256 and EdDSA throughput, in process, one thread, keys parsed once: the JWT
//! path (decode + algorithm and key checks + signature + claims) and the raw
//! signature of the same signing input, for comparison with
//! `openssl speed ecdsap256 ed25519` (README, "Benchmarks").

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use keysmith::Origin;
use keysmith::input::Input;
use keysmith::jwt::{self, Claims, HeaderOptions, SigningKey, Verifier};
use keysmith::key::{AnyPrivateKey, SignatureEncoding};
use keysmith::time::Timestamp;

fn testdata(name: &str) -> String {
    format!("{}/testdata/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn private(name: &str) -> AnyPrivateKey {
    let input = Input::read(testdata(name)).expect("fixture");
    keysmith::key::load_private(&input, None).expect("key").key
}

fn benches(c: &mut Criterion) {
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
    for (name, file) in [("es256", "ec-p256.pem"), ("eddsa", "ed25519.pem")] {
        let AnyPrivateKey::Curve(raw) = private(file) else {
            panic!("{file}: not a curve key");
        };
        let key = SigningKey::from_private(
            AnyPrivateKey::Curve(raw.clone()),
            &Origin::Argument("bench"),
        )
        .expect("key");
        let token = jwt::sign(&key, None, &options, claims.as_map()).expect("sign");
        let verifier = Verifier::new(key.verifying_key());
        assert!(verifier.verify(&token, now).rejections.is_empty());
        let decoded = jwt::decode(&token, &Origin::Argument("bench")).expect("decode");
        let (message, signature) = (
            decoded.signing_input().to_vec(),
            decoded.signature().to_vec(),
        );
        let public = raw.public_key();
        assert!(public.verify(&message, &signature, SignatureEncoding::Jose));
        c.bench_function(&format!("raw_{name}_verify"), |b| {
            b.iter(|| {
                public.verify(
                    black_box(&message),
                    black_box(&signature),
                    SignatureEncoding::Jose,
                )
            })
        });
        c.bench_function(&format!("raw_{name}_sign"), |b| {
            b.iter(|| raw.sign(black_box(&message), SignatureEncoding::Jose))
        });
        c.bench_function(&format!("jwt_{name}_verify"), |b| {
            b.iter(|| {
                verifier
                    .verify(black_box(&token), now)
                    .rejections
                    .is_empty()
            })
        });
        c.bench_function(&format!("jwt_{name}_sign"), |b| {
            b.iter(|| jwt::sign(&key, None, &options, black_box(claims.as_map())))
        });
    }
}

criterion_group!(curve, benches);
criterion_main!(curve);
