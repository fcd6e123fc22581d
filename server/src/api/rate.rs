//! R-API-01: each token's requests are limited (a token bucket per token,
//! per process): `BC_API_REQUESTS_PER_MINUTE` (default 600) a minute, in
//! bursts of as many. Past it, 429 with `Retry-After`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

pub const DEFAULT_PER_MINUTE: u32 = 600;

pub struct Limiter {
    per_minute: f64,
    buckets: Mutex<HashMap<i64, Bucket>>,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Limiter {
    pub fn new(per_minute: u32) -> Limiter {
        Limiter {
            per_minute: f64::from(per_minute.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    pub fn from_env() -> Limiter {
        let per_minute = match std::env::var("BC_API_REQUESTS_PER_MINUTE") {
            Ok(v) => v.parse().unwrap_or_else(|_| {
                tracing::warn!(value = %v, "BC_API_REQUESTS_PER_MINUTE is not a number; using {DEFAULT_PER_MINUTE}");
                DEFAULT_PER_MINUTE
            }),
            Err(_) => DEFAULT_PER_MINUTE,
        };
        Limiter::new(per_minute)
    }

    /// Takes one request from `token`'s bucket, or says in how many whole
    /// seconds the next one is allowed.
    pub fn take(&self, token: i64, now: Instant) -> Result<(), u32> {
        let mut buckets = self
            .buckets
            .lock()
            .expect("the limiter's lock is never poisoned");
        let bucket = buckets.entry(token).or_insert(Bucket {
            tokens: self.per_minute,
            at: now,
        });
        let refill = now.duration_since(bucket.at).as_secs_f64() * self.per_minute / 60.0;
        bucket.tokens = (bucket.tokens + refill).min(self.per_minute);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - bucket.tokens) * 60.0 / self.per_minute;
            Err(wait.ceil().max(1.0) as u32)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn r_api_01_a_burst_then_one_a_second_at_60_a_minute() {
        let limiter = Limiter::new(60);
        let t0 = Instant::now();
        for _ in 0..60 {
            assert_eq!(limiter.take(1, t0), Ok(()));
        }
        assert_eq!(limiter.take(1, t0), Err(1));
        // Another token has its own bucket.
        assert_eq!(limiter.take(2, t0), Ok(()));
        // 60 a minute is one a second: 999 ms later still none, 1 s later one.
        assert_eq!(limiter.take(1, t0 + Duration::from_millis(999)), Err(1));
        assert_eq!(limiter.take(1, t0 + Duration::from_millis(2_000)), Ok(()));
    }
}
