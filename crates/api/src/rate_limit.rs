//! Fixed-window rate limits kept in memory, keyed by what they protect: a client address
//! (IPv6 grouped by /64, see [`crate::client_ip::rate_key`]), an account (login, or bookings
//! and payment intents once signed in), or a session (refresh).
//!
//! Every request costs O(1): a window's counts live in one map, replaced whole when the window
//! ends (no scan of expired entries on the request path), and the map holds at most
//! `max_keys` entries. Past that, new keys go uncounted until the window ends (a warning is
//! logged once): a flood of distinct keys cannot grow memory, and it cannot lock out people
//! it does not name either. Windows are shared by every key of a limiter, so a key can spend
//! its budget at the end of one window and again at the start of the next (at most twice the
//! limit within one window's length).
//!
//! One server instance enforces its own budget; behind a load balancer each instance counts
//! separately, which bounds abuse at N × the limit.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use uuid::Uuid;

/// Keys one limiter tracks in a window before new ones go uncounted.
pub const DEFAULT_MAX_KEYS: usize = 100_000;

/// What is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subject {
    /// A client address (already grouped: IPv4, or an IPv6 /64).
    Address(IpAddr),
    /// An account, by a keyed hash of its normalized e-mail (no address is kept).
    Account(u64),
    /// A session (a refresh-token family).
    Session(Uuid),
    /// A signed-in account, by its id (bookings and payment intents).
    User(Uuid),
}

type Key = (&'static str, Subject);

#[derive(Debug)]
struct Window {
    started: Instant,
    counts: HashMap<Key, u32>,
    warned_full: bool,
}

/// Counts events per (bucket, subject) in fixed windows.
#[derive(Debug)]
pub struct RateLimiter {
    limit: u32,
    window: Duration,
    max_keys: usize,
    hasher: RandomState,
    current: Mutex<Option<Window>>,
}

impl RateLimiter {
    /// At most `limit` events per `window` for each key. A limit of 0 disables limiting.
    pub fn new(limit: u32, window: Duration) -> Self {
        Self::with_max_keys(limit, window, DEFAULT_MAX_KEYS)
    }

    /// The same, tracking at most `max_keys` keys per window.
    pub fn with_max_keys(limit: u32, window: Duration, max_keys: usize) -> Self {
        Self { limit, window, max_keys, hasher: RandomState::new(), current: Mutex::new(None) }
    }

    /// The subject of an account: its e-mail as typed at login, trimmed and lower-cased.
    pub fn account(&self, email: &str) -> Subject {
        Subject::Account(self.hasher.hash_one(email.trim().to_lowercase()))
    }

    /// Counts one event; `Err(seconds)` (and nothing counted) when the key is over its limit.
    pub fn check(&self, bucket: &'static str, subject: Subject) -> Result<(), u64> {
        self.with_count(bucket, subject, Instant::now(), true, true)
    }

    /// Whether the key is still under its limit, without counting anything.
    pub fn allowed(&self, bucket: &'static str, subject: Subject) -> Result<(), u64> {
        self.with_count(bucket, subject, Instant::now(), true, false)
    }

    /// Counts one event whatever the key's count (a failure that has happened).
    pub fn record(&self, bucket: &'static str, subject: Subject) {
        let _ = self.with_count(bucket, subject, Instant::now(), false, true);
    }

    fn with_count(
        &self,
        bucket: &'static str,
        subject: Subject,
        now: Instant,
        enforce: bool,
        count: bool,
    ) -> Result<(), u64> {
        if self.limit == 0 {
            return Ok(());
        }
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        let window = match &mut *current {
            Some(window) if now.duration_since(window.started) < self.window => window,
            // A new window: the old map is dropped whole, once per window.
            slot => slot.insert(Window { started: now, counts: HashMap::new(), warned_full: false }),
        };
        let key = (bucket, subject);
        let seen = window.counts.get(&key).copied().unwrap_or(0);
        if enforce && seen >= self.limit {
            let remaining = self.window.saturating_sub(now.duration_since(window.started));
            return Err(remaining.as_secs_f64().ceil().max(1.0) as u64);
        }
        if !count {
            return Ok(());
        }
        if seen == 0 && window.counts.len() >= self.max_keys {
            if !window.warned_full {
                window.warned_full = true;
                tracing::warn!(
                    bucket,
                    max_keys = self.max_keys,
                    "rate limiter full: new keys go uncounted this window"
                );
            }
            return Ok(());
        }
        window.counts.insert(key, seen + 1);
        Ok(())
    }

    #[cfg(test)]
    fn check_at(&self, bucket: &'static str, subject: Subject, now: Instant) -> Result<(), u64> {
        self.with_count(bucket, subject, now, true, true)
    }
}

/// Lets an event through to a log at most once per interval, saying how many were held
/// back since the previous one: a flood of refusals writes one row per interval, not one
/// per request.
#[derive(Debug)]
pub struct LogThrottle {
    every: Duration,
    state: Mutex<(Option<Instant>, u64)>,
}

impl LogThrottle {
    /// At most one entry per `every`.
    pub fn new(every: Duration) -> Self {
        Self { every, state: Mutex::new((None, 0)) }
    }

    /// `Some(held back since the last entry)` when this event should be logged, else `None`
    /// (and it is counted for the next entry).
    pub fn admit(&self) -> Option<u64> {
        self.admit_at(Instant::now())
    }

    fn admit_at(&self, now: Instant) -> Option<u64> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let (last, held) = &mut *state;
        if last.is_some_and(|at| now.duration_since(at) < self.every) {
            *held += 1;
            return None;
        }
        *last = Some(now);
        Some(std::mem::take(held))
    }
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use super::*;

    fn ip(last: u8) -> Subject {
        Subject::Address(IpAddr::V4(Ipv4Addr::new(10, 0, 0, last)))
    }

    #[test]
    fn allows_up_to_the_limit_then_says_when_to_retry() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60));
        let t0 = Instant::now();
        assert!(limiter.check_at("login", ip(1), t0).is_ok());
        assert!(limiter.check_at("login", ip(1), t0).is_ok());
        assert_eq!(limiter.check_at("login", ip(1), t0 + Duration::from_secs(15)), Err(45));
    }

    #[test]
    fn keys_are_independent_and_windows_reset() {
        let limiter = RateLimiter::new(1, Duration::from_secs(60));
        let t0 = Instant::now();
        assert!(limiter.check_at("login", ip(1), t0).is_ok());
        assert!(limiter.check_at("login", ip(2), t0).is_ok());
        assert!(limiter.check_at("register", ip(1), t0).is_ok());
        assert!(limiter.check_at("login", ip(1), t0).is_err());
        assert!(limiter.check_at("login", ip(1), t0 + Duration::from_secs(60)).is_ok());
    }

    #[test]
    fn accounts_are_counted_by_their_normalized_address() {
        let limiter = RateLimiter::new(1, Duration::from_secs(60));
        assert_eq!(limiter.account(" Ada@Example.COM"), limiter.account("ada@example.com"));
        assert_ne!(limiter.account("ada@example.com"), limiter.account("bob@example.com"));
        limiter.record("login", limiter.account("ada@example.com"));
        assert!(limiter.allowed("login", limiter.account("ADA@example.com")).is_err());
        assert!(limiter.allowed("login", limiter.account("bob@example.com")).is_ok());
    }

    #[test]
    fn peeking_counts_nothing_and_recording_ignores_the_limit() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60));
        for _ in 0..10 {
            assert!(limiter.allowed("login", ip(1)).is_ok());
        }
        limiter.record("login", ip(1));
        limiter.record("login", ip(1));
        limiter.record("login", ip(1));
        assert!(limiter.allowed("login", ip(1)).is_err());
    }

    #[test]
    fn a_full_window_lets_new_keys_through_and_keeps_counting_old_ones() {
        let limiter = RateLimiter::with_max_keys(1, Duration::from_secs(60), 3);
        let t0 = Instant::now();
        for n in 1..=3 {
            assert!(limiter.check_at("login", ip(n), t0).is_ok());
        }
        for _ in 0..5 {
            assert!(limiter.check_at("login", ip(9), t0).is_ok(), "uncounted: the map is full");
        }
        assert!(limiter.check_at("login", ip(1), t0).is_err(), "known keys stay limited");
        let entries = limiter.current.lock().unwrap().as_ref().map(|w| w.counts.len());
        assert_eq!(entries, Some(3));
        assert!(limiter.check_at("login", ip(9), t0 + Duration::from_secs(60)).is_ok());
        assert!(limiter.check_at("login", ip(9), t0 + Duration::from_secs(61)).is_err(), "a new window counts it");
    }

    #[test]
    fn a_throttled_log_writes_once_per_interval_with_the_count_held_back() {
        let throttle = LogThrottle::new(Duration::from_secs(600));
        let t0 = Instant::now();
        assert_eq!(throttle.admit_at(t0), Some(0));
        for n in 1..100 {
            assert_eq!(throttle.admit_at(t0 + Duration::from_secs(n)), None);
        }
        assert_eq!(throttle.admit_at(t0 + Duration::from_secs(600)), Some(99));
        assert_eq!(throttle.admit_at(t0 + Duration::from_secs(601)), None);
    }

    #[test]
    fn zero_disables() {
        let limiter = RateLimiter::new(0, Duration::from_secs(60));
        for _ in 0..100 {
            assert!(limiter.check("login", ip(1)).is_ok());
        }
    }
}
