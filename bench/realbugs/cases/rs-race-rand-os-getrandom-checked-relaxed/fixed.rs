//! Reduction of rand `os.rs` (rust-random/rand#48, rust-lang/rust#21538): the Linux OsRng
//! probes once whether the getrandom(2) syscall is available and caches the answer.
use std::fs::File;
use std::io::{self, Read};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Once;

fn getrandom(buf: &mut [u8]) -> io::Result<usize> {
    // Stand-in for syscall(SYS_getrandom, buf.as_mut_ptr(), buf.len(), 0).
    if std::path::Path::new("/proc/sys/kernel/random/boot_id").exists() {
        File::open("/dev/urandom")?.read(buf)
    } else {
        Err(io::Error::from_raw_os_error(38))
    }
}

fn getrandom_fill_bytes(v: &mut [u8]) {
    let mut read = 0;
    while read < v.len() {
        match getrandom(&mut v[read..]) {
            Ok(n) => read += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => panic!("unexpected getrandom error: {}", e),
        }
    }
}

fn is_getrandom_available() -> bool {
    static CHECKER: Once = Once::new();
    static AVAILABLE: AtomicBool = AtomicBool::new(false);

    CHECKER.call_once(|| {
        let mut buf: [u8; 0] = [];
        let available = match getrandom(&mut buf) {
            Ok(_) => true,
            Err(e) => e.raw_os_error() != Some(38),
        };
        AVAILABLE.store(available, Ordering::Relaxed);
    });

    AVAILABLE.load(Ordering::Relaxed)
}

enum OsRngInner {
    OsGetrandomRng,
    OsReaderRng(File),
}

/// A random number generator that retrieves randomness straight from the operating system.
pub struct OsRng {
    inner: OsRngInner,
}

impl OsRng {
    pub fn new() -> io::Result<OsRng> {
        if is_getrandom_available() {
            return Ok(OsRng { inner: OsRngInner::OsGetrandomRng });
        }
        let reader = File::open("/dev/urandom")?;
        Ok(OsRng { inner: OsRngInner::OsReaderRng(reader) })
    }

    pub fn fill_bytes(&mut self, v: &mut [u8]) {
        match self.inner {
            OsRngInner::OsGetrandomRng => getrandom_fill_bytes(v),
            OsRngInner::OsReaderRng(ref mut rng) => rng.read_exact(v).unwrap(),
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut buf = [0u8; 8];
        self.fill_bytes(&mut buf);
        u64::from_le_bytes(buf)
    }
}

/// Several threads seed their thread-local generators at start-up.
pub fn seed_workers(n: usize) -> Vec<u64> {
    let handles: Vec<_> = (0..n)
        .map(|_| std::thread::spawn(|| OsRng::new().map(|mut r| r.next_u64()).unwrap_or(0)))
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}
