use std::sync::atomic::AtomicU64;
use std::sync::atomic::Ordering::*;
use std::thread;
use std::time::Duration;

/// Stand-in for `sys::time::Instant`: time since an arbitrary zero.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Instant {
    t: Duration,
}

impl Instant {
    pub const fn zero() -> Instant {
        Instant { t: Duration::from_secs(0) }
    }
    pub fn checked_sub_instant(&self, other: &Instant) -> Option<Duration> {
        self.t.checked_sub(other.t)
    }
    pub fn checked_add_duration(&self, other: &Duration) -> Option<Instant> {
        Some(Instant { t: self.t.checked_add(*other)? })
    }
}

const ZERO: Instant = Instant::zero();
// bits 30 and 31 are never used since the nanoseconds part never exceeds 10^9
const UNINITIALIZED: u64 = 0b11 << 30;
static MONO: AtomicU64 = AtomicU64::new(UNINITIALIZED);

pub fn monotonize(raw: Instant) -> Instant {
    monotonize_impl(&MONO, raw)
}

pub fn monotonize_impl(mono: &AtomicU64, raw: Instant) -> Instant {
    let delta = raw.checked_sub_instant(&ZERO).unwrap();
    let secs = delta.as_secs();
    let nanos = delta.subsec_nanos() as u64;
    let packed = (secs << 32) | nanos;
    let mut old = mono.load(Relaxed);
    loop {
        if old == UNINITIALIZED || packed.wrapping_sub(old) < u64::MAX / 2 {
            match mono.compare_exchange_weak(old, packed, Relaxed, Relaxed) {
                Ok(_) => return raw,
                Err(x) => {
                    old = x;
                    continue;
                }
            }
        } else {
            // Backslide: rebuild the monotonized time from the value loaded from the atomic.
            let seconds_lower = old >> 32;
            let mut seconds_upper = secs & 0xffff_ffff_0000_0000;
            if secs & 0xffff_ffff > seconds_lower {
                seconds_upper = seconds_upper.wrapping_add(0x1_0000_0000);
            }
            let secs = seconds_upper | seconds_lower;
            let nanos = old as u32;
            return ZERO.checked_add_duration(&Duration::new(secs, nanos)).unwrap();
        }
    }
}

fn main() {
    // Threads read a clock whose per-CPU readings are slightly out of step and
    // rely on Instant::now() never going backwards.
    let handles: Vec<_> = (0..4u64)
        .map(|cpu| {
            thread::spawn(move || {
                let mut last = ZERO;
                let mut backslides = 0u64;
                for n in 0..200_000u64 {
                    let raw = Instant { t: Duration::from_nanos(1_000_000_000 + n * 10 + cpu * 5_000) };
                    let now = monotonize(raw);
                    if now < last {
                        backslides += 1;
                    }
                    last = now;
                }
                backslides
            })
        })
        .collect();
    let total: u64 = handles.into_iter().map(|h| h.join().unwrap()).sum();
    println!("Instant went backwards {} times", total);
}
