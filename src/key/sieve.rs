//! The sieve in front of the prime search.
//!
//! Most of the time of key generation goes into primality tests of numbers that
//! turn out composite. A [`Window`] takes a random odd start `b` and the odd numbers
//! b, b + 2, …, b + 2·([`WINDOW`] − 1) after it, and strikes out every one with an
//! odd prime factor below [`BOUND`] (2^18) before any of them is tested. Per small
//! prime p that costs one remainder and a few steps of `WINDOW / p`; the remainders
//! come from one single-limb division of `b` per group of primes whose product fits
//! a limb ([`SmallPrimes`]). `crypto-primes`' own sieve stops at its 2 047th prime
//! (17 863), which leaves about 41 Baillie–PSW tests per 1024-bit prime on average;
//! sieving to 2^18 leaves about 32 (39 and 28 measured over 60 primes each).
//!
//! Every number the sieve lets through is still decided by
//! `crypto_primes::is_prime`, so a fault here cannot admit a composite; it could
//! drop primes and so skew which primes are picked, which is what the tests below
//! hold it to (the survivors are exactly the numbers without a small factor).
//! Numbers that would outgrow the requested bit length are not yielded. As with
//! any incremental search (`crypto-primes`' sieve and OpenSSL's both work this
//! way) a prime is picked with a probability proportional to the gap before it,
//! which leaves ample entropy in the key.
//!
//! Timing: like `crypto-primes`' sieve and OpenSSL's, this one is not constant
//! time. How many candidates get tested, and which word of the 512-byte window
//! each small prime marks, depend on the secret start; so does the time of the
//! final Lucas test in `crypto-primes`, which works in variable time on the prime
//! it accepts. Learning from that takes an observer on the same machine timing
//! the few milliseconds of the search; the key arithmetic afterwards (`rsa`,
//! `crypto-bigint`) is constant time.

use std::sync::OnceLock;

use crypto_bigint::{Limb, NonZero, Reciprocal, Word};
use rsa::BoxedUint;

/// Odd primes below this bound are sieved out.
pub(super) const BOUND: u32 = 1 << 18;

/// Odd numbers per window: about 11 primes are expected among 4 096 odd 1024-bit
/// numbers, so a window without one (probability near e^−11) is rare, and the
/// search then draws a new start.
pub(super) const WINDOW: usize = 4096;

/// A group of small primes whose product fits one limb, with that product's
/// reciprocal for a fast remainder.
#[derive(Debug)]
struct Group {
    reciprocal: Reciprocal,
    primes: Vec<u32>,
}

/// The odd primes below [`BOUND`], in groups ([`Group`]).
#[derive(Debug)]
pub(super) struct SmallPrimes {
    groups: Vec<Group>,
}

impl SmallPrimes {
    /// The table, built on first use (about a millisecond) and shared by all threads.
    pub(super) fn shared() -> &'static SmallPrimes {
        static TABLE: OnceLock<SmallPrimes> = OnceLock::new();
        TABLE.get_or_init(|| SmallPrimes::below(BOUND))
    }

    /// The odd primes below `bound`, by the sieve of Eratosthenes, grouped so that
    /// each group's product fits a limb.
    fn below(bound: u32) -> SmallPrimes {
        let mut groups = Vec::new();
        let mut primes = Vec::new();
        let mut product: u128 = 1;
        for p in odd_primes_below(bound) {
            let grown = product * u128::from(p);
            if grown > u128::from(Word::MAX) {
                groups.extend(Group::new(product, std::mem::take(&mut primes)));
                product = u128::from(p);
            } else {
                product = grown;
            }
            primes.push(p);
        }
        groups.extend(Group::new(product, primes));
        SmallPrimes { groups }
    }

    /// How many primes the table holds.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.groups.iter().map(|g| g.primes.len()).sum()
    }
}

impl Group {
    /// `None` only for an empty group (product 1 is never built from primes) or a
    /// product that does not fit a limb, which `SmallPrimes::below` rules out.
    fn new(product: u128, primes: Vec<u32>) -> Option<Group> {
        if primes.is_empty() {
            return None;
        }
        let word = Word::try_from(product).ok()?;
        let divisor = NonZero::new(Limb(word)).into_option()?;
        Some(Group {
            reciprocal: Reciprocal::new(divisor),
            primes,
        })
    }
}

/// The odd primes below `bound` (3, 5, 7, …), sieve of Eratosthenes over odd numbers.
fn odd_primes_below(bound: u32) -> Vec<u32> {
    // composite[i] is for the odd number 2i + 1.
    let half = usize::try_from(bound / 2).unwrap_or(0);
    let mut composite = vec![false; half];
    let mut primes = Vec::new();
    for i in 1..half {
        if composite.get(i).copied().unwrap_or(true) {
            continue;
        }
        let p = 2 * i + 1;
        if let Ok(p32) = u32::try_from(p) {
            primes.push(p32);
        }
        // Odd multiples of p from p², step 2p: indices (p² − 1)/2, then + p.
        let first = p.saturating_mul(p) / 2;
        for slot in composite.iter_mut().skip(first).step_by(p) {
            *slot = true;
        }
    }
    primes
}

/// The odd numbers of one window that survive the sieve, in increasing order.
#[derive(Debug)]
pub(super) struct Window {
    start: BoxedUint,
    /// Bit j set: start + 2j has a small factor. 512 bytes, eight cache lines.
    struck: [u64; WINDOW / 64],
    next: usize,
    max_bits: u32,
}

impl Window {
    /// Sieves the window of [`WINDOW`] odd numbers from `start` (made odd if it is
    /// not); numbers longer than `max_bits` bits are never yielded.
    pub(super) fn new(start: BoxedUint, max_bits: u32, table: &SmallPrimes) -> Window {
        let start = start | BoxedUint::one();
        let mut struck = [0u64; WINDOW / 64];
        for group in &table.groups {
            #[allow(
                clippy::useless_conversion,
                reason = "a limb is 32 bits on 32-bit targets"
            )]
            let r = u64::from(start.rem_limb_with_reciprocal(&group.reciprocal).0);
            for &p in &group.primes {
                let p = u64::from(p);
                // start + 2j ≡ 0 (mod p)  ⇔  j ≡ −start · 2⁻¹ (mod p), and 2⁻¹ = (p + 1)/2.
                let minus_start = (p - r % p) % p;
                let first = minus_start * p.div_ceil(2) % p;
                let (Ok(mut j), Ok(step)) = (usize::try_from(first), usize::try_from(p)) else {
                    continue;
                };
                while j < WINDOW {
                    if let Some(word) = struck.get_mut(j / 64) {
                        *word |= 1 << (j % 64);
                    }
                    j += step;
                }
            }
        }
        Window {
            start,
            struck,
            next: 0,
            max_bits,
        }
    }
}

impl Iterator for Window {
    type Item = BoxedUint;

    fn next(&mut self) -> Option<BoxedUint> {
        while self.next < WINDOW {
            let offset = self.next;
            self.next += 1;
            let word = self.struck.get(offset / 64).copied().unwrap_or(u64::MAX);
            if (word >> (offset % 64)) & 1 == 1 {
                continue;
            }
            let offset = u64::try_from(offset).ok()?;
            let candidate = self.start.wrapping_add(BoxedUint::from(2 * offset));
            // wrapping_add keeps the precision of `start`: a carry out of it would
            // wrap, and a carry into a new top bit makes the number too long.
            if candidate < self.start || candidate.bit_width() > self.max_bits {
                return None;
            }
            return Some(candidate);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_holds_the_odd_primes_below_the_bound() {
        // π(2^18) = 23 000, less the prime 2.
        assert_eq!(SmallPrimes::below(BOUND).len(), 22_999);
        assert_eq!(odd_primes_below(30), [3, 5, 7, 11, 13, 17, 19, 23, 29]);
        let table = SmallPrimes::below(1000);
        for group in &table.groups {
            let product: u128 = group.primes.iter().map(|&p| u128::from(p)).product();
            assert!(product <= u128::from(Word::MAX));
        }
    }

    /// Trial division of a small number, independent of the sieve.
    fn has_odd_factor_below(n: u64, bound: u64) -> bool {
        (3..bound.min(n)).step_by(2).any(|d| n.is_multiple_of(d))
    }

    #[test]
    fn window_strikes_exactly_the_numbers_with_small_factors() {
        let bound = 1000;
        let table = SmallPrimes::below(1000);
        for start in [1_000_001u64, 77_777_777, 4_294_967_297, 12_345_678_901] {
            let window = Window::new(BoxedUint::from(start), 64, &table);
            let survivors: Vec<BoxedUint> = window.collect();
            let expected: Vec<BoxedUint> = (0..WINDOW as u64)
                .map(|j| (start | 1) + 2 * j)
                .filter(|&n| !has_odd_factor_below(n, bound))
                .map(BoxedUint::from)
                .collect();
            assert_eq!(survivors, expected, "start {start}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        /// Any start: the survivors are exactly the numbers without a factor below
        /// the bound, so no prime is ever struck out.
        #[test]
        fn window_agrees_with_trial_division(start in (1u64 << 40)..(1u64 << 62)) {
            let table = SmallPrimes::below(600);
            let survivors: Vec<BoxedUint> =
                Window::new(BoxedUint::from(start), 64, &table).collect();
            let expected: Vec<BoxedUint> = (0..WINDOW as u64)
                .map(|j| (start | 1) + 2 * j)
                .filter(|&n| !has_odd_factor_below(n, 600))
                .map(BoxedUint::from)
                .collect();
            proptest::prop_assert_eq!(survivors, expected);
        }
    }

    /// Real starts are 1024-bit, so the remainders go through every limb: check
    /// them against one `rem_limb` per small prime and candidate.
    #[test]
    fn window_of_a_1024_bit_start_agrees_with_division() {
        use crypto_primes::hazmat::{SetBits, random_odd_integer};
        let bound = 600;
        let table = SmallPrimes::below(bound);
        let divisors: Vec<NonZero<Limb>> = odd_primes_below(bound)
            .into_iter()
            .map(|p| NonZero::new(Limb::from(p)).unwrap())
            .collect();
        let mut rng = rand::rng();
        let bits = std::num::NonZeroU32::new(1024).unwrap();
        for _ in 0..3 {
            let start = random_odd_integer::<BoxedUint, _>(&mut rng, bits, SetBits::TwoMsb)
                .unwrap()
                .get();
            let survivors: Vec<BoxedUint> = Window::new(start.clone(), 1024, &table).collect();
            let expected: Vec<BoxedUint> = (0..WINDOW as u64)
                .map(|j| start.wrapping_add(BoxedUint::from(2 * j)))
                .take_while(|c| c >= &start)
                .filter(|c| divisors.iter().all(|&d| c.rem_limb(d) != Limb::ZERO))
                .collect();
            assert!(!expected.is_empty());
            assert_eq!(survivors, expected);
        }
    }

    #[test]
    fn window_near_the_top_of_the_precision_does_not_wrap() {
        // start = 2^1024 − 101: start + 2j passes 2^1024 after 50 steps, and a
        // wrapped sum (1, 3, 5, …) must not come out.
        let start = BoxedUint::max(1024).wrapping_sub(BoxedUint::from(100u64));
        let survivors: Vec<BoxedUint> =
            Window::new(start.clone(), 1024, SmallPrimes::shared()).collect();
        assert!(survivors.iter().all(|c| c >= &start));
        assert!(survivors.len() < 50);
    }

    #[test]
    fn window_never_yields_numbers_longer_than_asked() {
        // 2^20 − 101: the window runs past 2^20, so it must stop there.
        let start = (1u64 << 20) - 101;
        let window = Window::new(BoxedUint::from(start), 20, SmallPrimes::shared());
        let survivors: Vec<BoxedUint> = window.collect();
        assert!(!survivors.is_empty());
        assert!(survivors.iter().all(|c| c.bit_width() <= 20));
    }
}
