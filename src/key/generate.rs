//! Key generation on all cores.
//!
//! Generating an RSA key is a search for two random primes. Here every core
//! searches (random windows sieved by [`super::sieve`], then `crypto-primes`'
//! Baillie–PSW test, the one `rsa` itself uses), the first two acceptable primes
//! win, and `rsa`'s own constructor
//! ([`PrivateKey::from_p_q`]) derives d and validates the key. The properties of
//! `rsa`'s generator are kept, plus one: each prime has exactly half the bits with
//! the top two set (so n has exactly the requested size), e = 65537 is coprime to
//! p−1 and q−1 (else the constructor fails and the search goes on), p ≠ q, and
//! |p − q| > 2^(bits/2 − 100) (FIPS 186-5 A.1.3).

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use crypto_primes::hazmat::{SetBits, random_odd_integer};
use crypto_primes::{Flavor, is_prime};
use rsa::{BoxedUint, PrivateKey};

use super::sieve::{SmallPrimes, Window};
use super::{Bits, modulus_bits};
use crate::error::{Error, Result};

const E: u64 = 65537;

fn rng_failure() -> Error {
    Error::Crypto {
        operation: "generating the key",
    }
}

/// Searches for one prime of `bits` bits with the top two bits set; `None` when
/// `stop` is raised first.
fn search_prime(bits: NonZeroU32, stop: &AtomicBool) -> Option<BoxedUint> {
    let mut rng = rand::rng();
    let table = SmallPrimes::shared();
    while !stop.load(Ordering::Relaxed) {
        let start: BoxedUint = random_odd_integer::<BoxedUint, _>(&mut rng, bits, SetBits::TwoMsb)
            .ok()?
            .get();
        for candidate in Window::new(start, bits.get(), table) {
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            if is_prime(Flavor::Any, &candidate) {
                return Some(candidate);
            }
        }
    }
    None
}

/// Whether |p − q| is large enough (FIPS 186-5 A.1.3: more than 2^(bits/2 − 100)).
fn far_enough(p: &BoxedUint, q: &BoxedUint, half_bits: u32) -> bool {
    let diff = if p > q {
        p.wrapping_sub(q)
    } else {
        q.wrapping_sub(p)
    };
    diff.bit_width() > half_bits.saturating_sub(100)
}

/// Generates a key with `threads` searchers (at least one).
pub(crate) fn generate(bits: Bits, threads: usize) -> Result<PrivateKey> {
    let half = u32::try_from(bits.get() / 2).map_err(|_| rng_failure())?;
    let half_nz = NonZeroU32::new(half).ok_or_else(rng_failure)?;
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel::<BoxedUint>();
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            let tx = tx.clone();
            let stop = &stop;
            scope.spawn(move || {
                while let Some(p) = search_prime(half_nz, stop) {
                    if tx.send(p).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let result = assemble(&rx, half, bits);
        stop.store(true, Ordering::Relaxed);
        result
    })
}

/// Takes primes as they arrive until two of them make a valid key.
fn assemble(rx: &mpsc::Receiver<BoxedUint>, half: u32, bits: Bits) -> Result<PrivateKey> {
    let mut pending: Option<BoxedUint> = None;
    for prime in rx.iter() {
        let Some(first) = pending.take() else {
            pending = Some(prime);
            continue;
        };
        if first == prime || !far_enough(&first, &prime, half) {
            pending = Some(prime);
            continue;
        }
        match PrivateKey::from_p_q(first.clone(), prime.clone(), BoxedUint::from(E)) {
            Ok(key) if modulus_bits(key.as_public_key()) == bits.get() => return Ok(key),
            // e shares a factor with p−1 or q−1 (or, impossibly, n is short):
            // drop the pair's newer prime and keep searching.
            _ => pending = Some(first),
        }
    }
    Err(rng_failure())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generate_parallel_makes_valid_2048_bit_keys() {
        for threads in [1, 2, 3] {
            let key = generate(Bits::B2048, threads).unwrap();
            assert_eq!(modulus_bits(key.as_public_key()), 2048);
            key.validate().unwrap();
        }
    }

    #[test]
    fn far_enough_rejects_close_primes() {
        let p = BoxedUint::from(1_000_003u64);
        let q = BoxedUint::from(1_000_033u64);
        assert!(!far_enough(&p, &q, 120));
        assert!(far_enough(&p, &q, 100));
    }
}
