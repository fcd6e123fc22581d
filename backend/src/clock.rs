//! The time the use cases read: the system clock, or in tests a fixed
//! instant that only moves when told to.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use domain::{Span, Timestamp};

#[derive(Clone, Debug)]
pub struct Clock(Inner);

#[derive(Clone, Debug)]
enum Inner {
    System,
    /// A fixed instant that only moves when told to (tests).
    Fixed(Arc<AtomicI64>),
}

impl Clock {
    pub fn system() -> Clock {
        Clock(Inner::System)
    }

    pub fn fixed(at: Timestamp) -> Clock {
        Clock(Inner::Fixed(Arc::new(AtomicI64::new(at.millis()))))
    }

    pub fn now(&self) -> Timestamp {
        match &self.0 {
            Inner::System => system_now(),
            Inner::Fixed(at) => Timestamp::from_millis(at.load(Ordering::SeqCst)),
        }
    }

    /// Moves a fixed clock forward; the system clock cannot move.
    pub fn advance(&self, by: Span) -> bool {
        match &self.0 {
            Inner::System => false,
            Inner::Fixed(v) => {
                v.fetch_add(by.as_millis(), Ordering::SeqCst);
                true
            }
        }
    }
}

fn system_now() -> Timestamp {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default();
    Timestamp::from_millis(ms)
}
