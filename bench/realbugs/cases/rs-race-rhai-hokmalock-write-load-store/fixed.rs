//! Module containing utilities to hash functions and function calls (reduced from rhai's
//! config/hashing.rs).
use std::cell::UnsafeCell;
use std::marker::PhantomData;
use std::mem::MaybeUninit;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

// Safety: lock[0] is the lock value, lock[1+] are data.
pub struct HokmaLock {
    lock: AtomicUsize,
}

impl HokmaLock {
    #[inline(always)]
    pub const fn new() -> Self {
        Self { lock: AtomicUsize::new(0) }
    }

    pub fn write(&'static self) -> WhenTheHokmaSuppression {
        loop {
            // We are only interested in error results
            if let Err(previous) = self.lock.compare_exchange(1, 1, Ordering::SeqCst, Ordering::SeqCst) {
                // If we failed, previous cannot be 1
                return WhenTheHokmaSuppression { hokma: self, state: previous };
            }
        }
    }
}

pub struct WhenTheHokmaSuppression {
    hokma: &'static HokmaLock,
    state: usize,
}

impl WhenTheHokmaSuppression {
    #[inline]
    pub fn the_price_of_silence(self) {
        self.hokma.lock.store(self.state, Ordering::SeqCst);
        std::mem::forget(self);
    }
}

impl Drop for WhenTheHokmaSuppression {
    #[inline]
    fn drop(&mut self) {
        self.hokma.lock.store(self.state.wrapping_add(2), Ordering::SeqCst);
    }
}

#[inline(always)]
fn hokmalock(address: usize) -> &'static HokmaLock {
    const LEN: usize = 787;
    #[allow(clippy::declare_interior_mutable_const)]
    const LCK: HokmaLock = HokmaLock::new();
    static RECORDS: [HokmaLock; LEN] = [LCK; LEN];

    &RECORDS[address % LEN]
}

// Safety: lol, there is a reason its called `SusLock<T>`
pub struct SusLock<T: 'static> {
    initialized: AtomicBool,
    data: UnsafeCell<MaybeUninit<T>>,
    _marker: PhantomData<T>,
}

impl<T: 'static> SusLock<T> {
    pub const fn new() -> SusLock<T> {
        SusLock { initialized: AtomicBool::new(false), data: UnsafeCell::new(MaybeUninit::uninit()), _marker: PhantomData }
    }

    pub fn get(&self) -> Option<&'static T> {
        if self.initialized.load(Ordering::SeqCst) {
            let hokma = hokmalock(self.data.get() as usize);
            // we forgo the optimistic read, because we don't really care
            let guard = hokma.write();
            let cast: *const T = self.data.get().cast();
            let val = unsafe { &*cast.cast::<T>() };
            guard.the_price_of_silence();
            Some(val)
        } else {
            None
        }
    }

    pub fn set(&self, value: T) {
        let hokma = hokmalock(self.data.get() as usize);
        let _guard = hokma.write();
        unsafe { self.data.get().write(MaybeUninit::new(value)) };
        self.initialized.store(true, Ordering::SeqCst);
    }
}

unsafe impl<T: Sync + Send> Sync for SusLock<T> {}
unsafe impl<T: Send> Send for SusLock<T> {}

static AHASH_SEED: SusLock<Option<[u64; 4]>> = SusLock::new();

pub fn set_ahash_seed(new_seed: Option<[u64; 4]>) {
    AHASH_SEED.set(new_seed)
}

pub fn get_ahash_seed() -> &'static Option<[u64; 4]> {
    AHASH_SEED.get().unwrap_or(&None)
}
