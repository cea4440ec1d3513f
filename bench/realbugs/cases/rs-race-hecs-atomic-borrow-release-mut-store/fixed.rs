// hecs src/borrow.rs + archetype borrow flags (reduced, hecs 0.2, 2020).
use core::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

pub struct AtomicBorrow(AtomicUsize);

impl AtomicBorrow {
    pub const fn new() -> Self {
        Self(AtomicUsize::new(0))
    }

    pub fn borrow(&self) -> bool {
        let value = self.0.fetch_add(1, Ordering::Acquire).wrapping_add(1);
        if value == 0 {
            // Wrapped, this borrow is invalid!
            core::panic!()
        }
        if value & UNIQUE_BIT != 0 {
            self.0.fetch_sub(1, Ordering::Release);
            false
        } else {
            true
        }
    }

    pub fn borrow_mut(&self) -> bool {
        self.0
            .compare_exchange(0, UNIQUE_BIT, Ordering::Acquire, Ordering::Relaxed)
            .is_ok()
    }

    pub fn release(&self) {
        let value = self.0.fetch_sub(1, Ordering::Release);
        debug_assert!(value != 0, "unbalanced release");
        debug_assert!(value & UNIQUE_BIT == 0, "shared release of unique borrow");
    }

    pub fn release_mut(&self) {
        let value = self.0.fetch_and(!UNIQUE_BIT, Ordering::Release);
        debug_assert_ne!(value & UNIQUE_BIT, 0, "unique release of shared borrow");
    }
}

const UNIQUE_BIT: usize = !(usize::max_value() >> 1);

/// One borrow flag per component column, as in `Archetype::borrow::<T>()`.
pub struct Archetype {
    state: AtomicBorrow,
}

impl Archetype {
    pub fn borrow(&self) {
        if !self.state.borrow() {
            panic!("component already borrowed uniquely");
        }
    }

    pub fn borrow_mut(&self) -> bool {
        self.state.borrow_mut()
    }

    pub fn release(&self) {
        self.state.release();
    }

    pub fn release_mut(&self) {
        self.state.release_mut();
    }
}

/// A system thread that takes `Ref<Position>` while another takes `RefMut<Position>`.
pub fn run_systems() {
    let archetype = Arc::new(Archetype { state: AtomicBorrow::new() });
    let writer = {
        let a = Arc::clone(&archetype);
        thread::spawn(move || {
            for _ in 0..10_000 {
                if a.borrow_mut() {
                    a.release_mut();
                }
            }
        })
    };
    let reader = {
        let a = Arc::clone(&archetype);
        thread::spawn(move || {
            for _ in 0..10_000 {
                // `Ref::new` -> archetype.borrow(); a concurrent release_mut can wipe
                // this thread's in-flight increment, and the later fetch_sub underflows.
                if a.state.borrow() {
                    a.release();
                }
            }
        })
    };
    writer.join().unwrap();
    reader.join().unwrap();
}
