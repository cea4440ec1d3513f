//! Reduction of hidapi-rs src/lib.rs (HidApiLock, after hidapi-rs#35).
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

mod ffi {
    use std::sync::atomic::{AtomicUsize, Ordering};
    pub static INIT_COUNT: AtomicUsize = AtomicUsize::new(0);

    pub unsafe fn hid_init() -> i32 {
        INIT_COUNT.fetch_add(1, Ordering::SeqCst);
        0
    }

    pub unsafe fn hid_exit() -> i32 {
        0
    }
}

#[derive(Debug)]
pub enum HidError {
    InitializationError,
}

pub type HidResult<T> = Result<T, HidError>;

static HID_API_LOCK: AtomicBool = AtomicBool::new(false);

struct HidApiLock;

impl HidApiLock {
    fn acquire() -> HidResult<HidApiLock> {
        if HID_API_LOCK
            .compare_exchange(false, true, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
        {
            // Initialize the HID and prevent other HIDs from being created
            if unsafe { ffi::hid_init() } == -1 {
                HID_API_LOCK.store(false, Ordering::SeqCst);
                return Err(HidError::InitializationError);
            }
            Ok(HidApiLock)
        } else {
            Err(HidError::InitializationError)
        }
    }
}

impl Drop for HidApiLock {
    fn drop(&mut self) {
        unsafe {
            ffi::hid_exit();
        }
        HID_API_LOCK.store(false, Ordering::SeqCst);
    }
}

pub struct HidApi {
    _lock: HidApiLock,
}

impl HidApi {
    pub fn new() -> HidResult<Self> {
        let lock = HidApiLock::acquire()?;
        Ok(HidApi { _lock: lock })
    }
}

fn main() {
    let handles: Vec<_> = (0..8)
        .map(|_| thread::spawn(|| HidApi::new().map(|_api| thread::sleep(std::time::Duration::from_millis(1))).is_ok()))
        .collect();
    let created = handles.into_iter().map(|h| h.join().unwrap()).filter(|ok| *ok).count();
    println!("HidApi instances created concurrently: {}", created);
}
