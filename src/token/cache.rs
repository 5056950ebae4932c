//! A thread-safe cache for one access token, fetched again only when due.
//!
//! The cache hands out its token while [`State::at`] says `valid` (more than the
//! skew left). When the token is due, the first caller fetches a new one while
//! every other caller waits for that same fetch ("single flight"): many threads
//! asking at the same moment cause one request to the token endpoint. The outcome
//! of a fetch, success or failure, goes to every caller that waited for it; a
//! failure is not remembered, so the next call fetches again.
//!
//! Invariants: the fetch runs without the lock held; at most one fetch runs at a
//! time; a cached token is never handed out from `expires_at - skew` on. If the
//! fetch function panics, the waiters are woken and one of them fetches again. The
//! clock is a [`Clock`]; [`SystemClock`] is the only reader of the system clock in
//! the library besides [`Timestamp::now`], which it calls.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use super::{DEFAULT_SKEW, State};
use crate::time::Timestamp;

/// A source of the current time, so that tests can drive the cache.
pub trait Clock {
    /// The current time.
    fn now(&self) -> Timestamp;
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A fixed time is a clock that stands still (a time given by the caller, and tests).
impl Clock for Timestamp {
    fn now(&self) -> Timestamp {
        *self
    }
}

impl<C: Clock + ?Sized> Clock for &C {
    fn now(&self) -> Timestamp {
        (**self).now()
    }
}

impl<C: Clock + ?Sized> Clock for Arc<C> {
    fn now(&self) -> Timestamp {
        (**self).now()
    }
}

/// A token as the fetch function returns it, with when it expires.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetched<T> {
    /// The token (or whatever the caller wants to cache with it).
    pub token: T,
    /// When it expires, e.g. from [`super::Response::expiry`].
    pub expires_at: Timestamp,
}

/// Caches one token and fetches a new one, once, when it is due.
///
/// `fetch` is called without any lock held; `T` and `E` are cloned to hand the
/// outcome to every caller (wrap a non-`Clone` error in an `Arc`).
///
/// # Example
/// ```
/// use std::sync::atomic::{AtomicI64, AtomicU32, Ordering};
/// use std::sync::Arc;
/// use keysmith::time::Timestamp;
/// use keysmith::token::{Clock, Fetched, TokenCache};
///
/// /// A clock the test moves by hand.
/// struct FakeClock(AtomicI64);
/// impl Clock for FakeClock {
///     fn now(&self) -> Timestamp {
///         Timestamp::from_unix(self.0.load(Ordering::SeqCst))
///     }
/// }
///
/// let clock = Arc::new(FakeClock(AtomicI64::new(1_000)));
/// let fetches = AtomicU32::new(0);
/// let fetch = || {
///     // A real fetcher POSTs to the token endpoint and reads `expires_in`.
///     let n = fetches.fetch_add(1, Ordering::SeqCst) + 1;
///     Ok::<_, String>(Fetched {
///         token: format!("token-{n}"),
///         expires_at: clock.now().add_seconds(300),
///     })
/// };
/// let cache = TokenCache::new(fetch).with_clock(Arc::clone(&clock)).with_skew(60);
///
/// assert_eq!(cache.get()?, "token-1"); // first call fetches
/// clock.0.store(1_239, Ordering::SeqCst);
/// assert_eq!(cache.get()?, "token-1"); // 61 s left: still cached
/// clock.0.store(1_240, Ordering::SeqCst);
/// assert_eq!(cache.get()?, "token-2"); // within the skew: fetched again
/// assert_eq!(fetches.load(Ordering::SeqCst), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct TokenCache<T, E, F, C = SystemClock> {
    fetch: F,
    clock: C,
    skew: u32,
    slot: Mutex<Slot<T, E>>,
    finished: Condvar,
}

struct Slot<T, E> {
    /// The cached token.
    current: Option<Fetched<T>>,
    /// A fetch is running.
    in_flight: bool,
    /// How many fetches have ended (successfully, failing, or panicking).
    flights: u64,
    /// The outcome of the last fetch that ended; `None` if it panicked.
    last: Option<Result<T, E>>,
    /// Callers waiting for the running fetch.
    waiting: usize,
}

impl<T, E, F> TokenCache<T, E, F, SystemClock>
where
    F: Fn() -> Result<Fetched<T>, E>,
{
    /// An empty cache that calls `fetch` for tokens, judged by the system clock
    /// with a skew of [`DEFAULT_SKEW`] seconds.
    pub fn new(fetch: F) -> Self {
        TokenCache {
            fetch,
            clock: SystemClock,
            skew: DEFAULT_SKEW,
            slot: Mutex::new(Slot {
                current: None,
                in_flight: false,
                flights: 0,
                last: None,
                waiting: 0,
            }),
            finished: Condvar::new(),
        }
    }
}

impl<T, E, F, C> TokenCache<T, E, F, C> {
    /// The same cache judged by another clock.
    pub fn with_clock<C2: Clock>(self, clock: C2) -> TokenCache<T, E, F, C2> {
        TokenCache {
            fetch: self.fetch,
            clock,
            skew: self.skew,
            slot: self.slot,
            finished: self.finished,
        }
    }

    /// Fetch a new token once fewer than `skew` seconds are left.
    #[must_use]
    pub fn with_skew(mut self, skew: u32) -> Self {
        self.skew = skew;
        self
    }

    /// Forgets the cached token (say, after the server rejected it); the next
    /// [`get`](TokenCache::get) fetches.
    pub fn invalidate(&self) {
        lock(&self.slot).current = None;
    }
}

impl<T, E, F, C> TokenCache<T, E, F, C>
where
    T: Clone,
    E: Clone,
    F: Fn() -> Result<Fetched<T>, E>,
    C: Clock,
{
    /// The cached token while it is valid; otherwise the token of a new fetch,
    /// shared with every caller that asks while it runs.
    ///
    /// A token the fetch just returned goes to the callers of that fetch even if
    /// its whole lifetime is shorter than the skew (it is the newest there is);
    /// the next call then fetches again.
    ///
    /// # Errors
    /// The error of the fetch this call waited for (or ran). The cache keeps no
    /// failure: the next call fetches again.
    pub fn get(&self) -> Result<T, E> {
        let mut slot = lock(&self.slot);
        loop {
            if let Some(current) = &slot.current
                && State::at(current.expires_at, self.clock.now(), self.skew) == State::Valid
            {
                return Ok(current.token.clone());
            }
            if !slot.in_flight {
                break;
            }
            let flight = slot.flights;
            slot.waiting += 1;
            while slot.in_flight && slot.flights == flight {
                slot = self
                    .finished
                    .wait(slot)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            slot.waiting -= 1;
            if let Some(outcome) = &slot.last {
                return outcome.clone();
            }
            // The fetch panicked: look again, and fetch if nobody else does.
        }
        slot.in_flight = true;
        drop(slot);
        let flight = Flight {
            slot: &self.slot,
            finished: &self.finished,
            outcome: None,
        };
        let outcome = (self.fetch)();
        flight.end(outcome)
    }
}

impl<T, E, F, C: std::fmt::Debug> std::fmt::Debug for TokenCache<T, E, F, C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let slot = lock(&self.slot);
        f.debug_struct("TokenCache")
            .field("clock", &self.clock)
            .field("skew", &self.skew)
            .field("expires_at", &slot.current.as_ref().map(|c| c.expires_at))
            .field("in_flight", &slot.in_flight)
            .field("waiting", &slot.waiting)
            .finish_non_exhaustive()
    }
}

/// The lock, whether or not a thread panicked while holding it: the slot is
/// only changed in whole assignments, so it is always consistent.
fn lock<T, E>(slot: &Mutex<Slot<T, E>>) -> MutexGuard<'_, Slot<T, E>> {
    slot.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The running fetch. Ending it, or dropping it during a panic, wakes the waiters.
struct Flight<'a, T, E> {
    slot: &'a Mutex<Slot<T, E>>,
    finished: &'a Condvar,
    outcome: Option<Result<T, E>>,
}

impl<T: Clone, E: Clone> Flight<'_, T, E> {
    fn end(mut self, outcome: Result<Fetched<T>, E>) -> Result<T, E> {
        let result = match outcome {
            Ok(fetched) => {
                let token = fetched.token.clone();
                lock(self.slot).current = Some(fetched);
                Ok(token)
            }
            Err(e) => Err(e),
        };
        self.outcome = Some(result.clone());
        result
        // `self` drops here: the outcome is published and the waiters woken.
    }
}

impl<T, E> Drop for Flight<'_, T, E> {
    fn drop(&mut self) {
        let mut slot = lock(self.slot);
        slot.in_flight = false;
        slot.flights = slot.flights.wrapping_add(1);
        slot.last = self.outcome.take();
        drop(slot);
        self.finished.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Barrier;
    use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};

    /// A clock the test moves by hand.
    #[derive(Debug, Default)]
    struct FakeClock(AtomicI64);

    impl FakeClock {
        fn at(seconds: i64) -> Arc<FakeClock> {
            Arc::new(FakeClock(AtomicI64::new(seconds)))
        }
        fn set(&self, seconds: i64) {
            self.0.store(seconds, Ordering::SeqCst);
        }
    }

    impl Clock for FakeClock {
        fn now(&self) -> Timestamp {
            Timestamp::from_unix(self.0.load(Ordering::SeqCst))
        }
    }

    const THREADS: usize = 64;

    /// Waits (without sleeping on a timer) until `n` callers wait for the running fetch.
    fn until_waiting<T, E, F, C>(cache: &TokenCache<T, E, F, C>, n: usize) {
        while lock(&cache.slot).waiting != n {
            std::thread::yield_now();
        }
    }

    /// `THREADS` threads call `get` at once; once all but the fetching one
    /// wait for it, `gate` lets the fetch finish. Their outcomes, in spawn order.
    fn race<T, E, F, C>(cache: &TokenCache<T, E, F, C>, gate: &Barrier) -> Vec<Result<T, E>>
    where
        T: Clone + Send,
        E: Clone + Send,
        F: Fn() -> Result<Fetched<T>, E> + Sync,
        C: Clock + Sync,
    {
        let start = Barrier::new(THREADS);
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..THREADS)
                .map(|_| {
                    s.spawn(|| {
                        start.wait();
                        cache.get()
                    })
                })
                .collect();
            until_waiting(cache, THREADS - 1);
            gate.wait();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        })
    }

    #[test]
    fn cache_fetches_once_for_many_threads_asking_at_once() {
        let clock = FakeClock::at(1_000);
        let fetches = AtomicUsize::new(0);
        // The second fetch (the one the threads race for) blocks until every
        // other thread is waiting for it.
        let gate = Barrier::new(2);
        let cache = TokenCache::new(|| {
            let n = fetches.fetch_add(1, Ordering::SeqCst) + 1;
            if n == 2 {
                gate.wait();
            }
            Ok::<_, String>(Fetched {
                token: format!("token-{n}"),
                expires_at: clock.now().add_seconds(300),
            })
        })
        .with_clock(Arc::clone(&clock));
        assert_eq!(cache.get().unwrap(), "token-1");
        clock.set(1_250); // 50 s left: within the 60 s skew, stale
        let tokens: Vec<String> = race(&cache, &gate)
            .into_iter()
            .map(|o| o.unwrap())
            .collect();
        assert_eq!(fetches.load(Ordering::SeqCst), 2);
        assert_eq!(tokens.len(), THREADS);
        assert!(tokens.iter().all(|t| t == "token-2"), "{tokens:?}");
        assert_eq!(lock(&cache.slot).waiting, 0);
    }

    #[test]
    fn cache_failed_fetch_reaches_every_waiter_and_does_not_poison() {
        let clock = FakeClock::at(1_000);
        let fetches = AtomicUsize::new(0);
        let gate = Barrier::new(2);
        let cache = TokenCache::new(|| {
            let n = fetches.fetch_add(1, Ordering::SeqCst) + 1;
            if n == 1 {
                gate.wait();
                return Err(format!("endpoint down ({n})"));
            }
            Ok(Fetched {
                token: format!("token-{n}"),
                expires_at: clock.now().add_seconds(300),
            })
        })
        .with_clock(Arc::clone(&clock));
        let outcomes = race(&cache, &gate);
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
        assert!(
            outcomes
                .iter()
                .all(|o| o.as_ref().unwrap_err() == "endpoint down (1)"),
            "{outcomes:?}"
        );
        // The failure is not remembered: the next call fetches again.
        assert_eq!(cache.get().unwrap(), "token-2");
        assert_eq!(cache.get().unwrap(), "token-2");
        assert_eq!(fetches.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn cache_never_hands_out_a_token_past_expiry_minus_skew() {
        let clock = FakeClock::at(10_000);
        let fetches = AtomicUsize::new(0);
        let cache = TokenCache::new(|| {
            fetches.fetch_add(1, Ordering::SeqCst);
            Ok::<_, ()>(Fetched {
                token: clock.now().add_seconds(300),
                expires_at: clock.now().add_seconds(300),
            })
        })
        .with_clock(Arc::clone(&clock))
        .with_skew(60);
        for now in (10_000..20_000).step_by(7) {
            clock.set(now);
            let expires_at = cache.get().unwrap();
            assert!(
                now < expires_at.as_unix() - 60,
                "token expiring at {expires_at:?} handed out at {now}"
            );
        }
        // 10 000 s of 240 s usable windows, sampled every 7 s: each window ends
        // with one fetch at the first sample at or past `expires_at - 60`.
        let fetched = fetches.load(Ordering::SeqCst);
        assert!((40..=42).contains(&fetched), "{fetched}");
    }

    #[test]
    fn cache_refetches_exactly_at_expiry_minus_skew() {
        let clock = FakeClock::at(0);
        let fetches = AtomicUsize::new(0);
        let cache = TokenCache::new(|| {
            Ok::<_, ()>(Fetched {
                token: fetches.fetch_add(1, Ordering::SeqCst),
                expires_at: Timestamp::from_unix(100),
            })
        })
        .with_clock(Arc::clone(&clock))
        .with_skew(10);
        assert_eq!(cache.get(), Ok(0));
        clock.set(89);
        assert_eq!(cache.get(), Ok(0));
        clock.set(90);
        assert_eq!(cache.get(), Ok(1));
    }

    #[test]
    fn cache_gives_a_short_lived_token_to_its_fetch_only() {
        let clock = FakeClock::at(0);
        let fetches = AtomicUsize::new(0);
        let cache = TokenCache::new(|| {
            Ok::<_, ()>(Fetched {
                token: fetches.fetch_add(1, Ordering::SeqCst),
                expires_at: clock.now().add_seconds(30),
            })
        })
        .with_clock(Arc::clone(&clock));
        assert_eq!(cache.get(), Ok(0));
        assert_eq!(cache.get(), Ok(1));
    }

    #[test]
    fn cache_recovers_from_a_panicking_fetch() {
        let fetches = AtomicUsize::new(0);
        let cache = TokenCache::new(|| {
            if fetches.fetch_add(1, Ordering::SeqCst) == 0 {
                panic!("fetcher bug");
            }
            Ok::<_, ()>(Fetched {
                token: "ok",
                expires_at: Timestamp::from_unix(i64::MAX),
            })
        });
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| cache.get()));
        assert!(caught.is_err());
        assert!(!lock(&cache.slot).in_flight);
        assert_eq!(cache.get(), Ok("ok"));
    }

    #[test]
    fn cache_invalidate_forces_a_fetch() {
        let fetches = AtomicUsize::new(0);
        let cache = TokenCache::new(|| {
            Ok::<_, ()>(Fetched {
                token: fetches.fetch_add(1, Ordering::SeqCst),
                expires_at: Timestamp::from_unix(i64::MAX),
            })
        })
        .with_clock(FakeClock::at(0));
        assert_eq!(cache.get(), Ok(0));
        assert_eq!(cache.get(), Ok(0));
        cache.invalidate();
        assert_eq!(cache.get(), Ok(1));
        assert!(format!("{cache:?}").starts_with("TokenCache { clock: FakeClock(0), skew: 60"));
    }

    #[test]
    fn cache_is_send_and_sync() {
        fn assert_sync<S: Send + Sync>(_: &S) {}
        let cache = TokenCache::new(|| {
            Ok::<_, String>(Fetched {
                token: String::new(),
                expires_at: Timestamp::from_unix(0),
            })
        });
        assert_sync(&cache);
    }
}
