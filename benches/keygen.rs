//! RSA key generation in process: `key::generate(Bits::B2048)`, the call behind
//! `keysmith keygen` (it searches for primes on every core).
//!
//! The time to find primes varies a lot from key to key, so compare medians over
//! many keys (criterion's `estimates.json` has the median): each sample is one
//! key (flat sampling, a short target time so that no sample makes more).
//! `KEYGEN_SAMPLES` sets the number of keys (default 30, at least 10).

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use keysmith::key::{self, Bits};

fn benches(c: &mut Criterion) {
    let samples = std::env::var("KEYGEN_SAMPLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30_usize)
        .max(10);
    let mut group = c.benchmark_group("keygen");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(samples)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_millis(1));
    group.bench_function("rsa2048", |b| {
        b.iter(|| key::generate(black_box(Bits::B2048)).expect("keygen"))
    });
    group.finish();
}

criterion_group!(keygen_benches, benches);
criterion_main!(keygen_benches);
