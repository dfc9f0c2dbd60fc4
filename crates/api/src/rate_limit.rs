//! A fixed-window rate limiter keyed by (endpoint, client IP), kept in memory.
//!
//! One server instance enforces its own budget; behind a load balancer each instance
//! counts separately, which bounds abuse at N × the limit.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Entries kept before expired windows are swept.
const SWEEP_THRESHOLD: usize = 10_000;

/// (endpoint, client IP).
type Key = (&'static str, IpAddr);
/// (window start, requests counted in it).
type Window = (Instant, u32);

/// Counts requests per key in fixed windows.
#[derive(Debug)]
pub struct RateLimiter {
    limit: u32,
    window: Duration,
    windows: Mutex<HashMap<Key, Window>>,
}

impl RateLimiter {
    /// At most `limit` requests per `window` for each key. A limit of 0 disables limiting.
    pub fn new(limit: u32, window: Duration) -> Self {
        Self { limit, window, windows: Mutex::new(HashMap::new()) }
    }

    /// Counts one request; `Err(seconds)` says how long to wait when over the limit.
    pub fn check(&self, endpoint: &'static str, ip: Option<IpAddr>) -> Result<(), u64> {
        self.check_at(endpoint, ip, Instant::now())
    }

    fn check_at(&self, endpoint: &'static str, ip: Option<IpAddr>, now: Instant) -> Result<(), u64> {
        if self.limit == 0 {
            return Ok(());
        }
        let key = (endpoint, ip.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)));
        let mut windows = self.windows.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if windows.len() > SWEEP_THRESHOLD {
            let window = self.window;
            windows.retain(|_, (start, _)| now.duration_since(*start) < window);
        }
        let entry = windows.entry(key).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        if entry.1 >= self.limit {
            let remaining = self.window.saturating_sub(now.duration_since(entry.0));
            return Err(remaining.as_secs_f64().ceil().max(1.0) as u64);
        }
        entry.1 += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> Option<IpAddr> {
        Some(IpAddr::V4(Ipv4Addr::new(10, 0, 0, last)))
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
    fn zero_disables() {
        let limiter = RateLimiter::new(0, Duration::from_secs(60));
        for _ in 0..100 {
            assert!(limiter.check("login", ip(1)).is_ok());
        }
    }
}
