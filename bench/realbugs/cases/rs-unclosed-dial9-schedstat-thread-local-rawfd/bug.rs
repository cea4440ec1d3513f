use std::cell::Cell;
use std::os::fd::RawFd;

/// Per-thread scheduler stats from `/proc/<pid>/task/<tid>/schedstat`.
/// Fields: run_time_ns wait_time_ns timeslices
#[derive(Debug, Clone, Copy)]
pub(crate) struct SchedStat {
    pub wait_time_ns: u64,
}

impl SchedStat {
    /// Read schedstat for the current thread using a cached per-thread file descriptor.
    /// Opening `/proc/self/task/<tid>/schedstat` is done once per thread; subsequent reads
    /// use `pread(fd, buf, 0)` which is ~2-3x cheaper than open+read+close.
    pub(crate) fn read_current() -> std::io::Result<Self> {
        thread_local! {
            static SCHED_FD: Cell<RawFd> = const { Cell::new(-1) };
        }

        let fd = SCHED_FD.with(|cell| -> std::io::Result<RawFd> {
            let fd = cell.get();
            if fd >= 0 {
                return Ok(fd);
            }
            // First call on this thread: open the file.
            let tid = unsafe { libc::syscall(libc::SYS_gettid) } as u32;
            let path = format!("/proc/self/task/{tid}/schedstat\0");
            let new_fd = unsafe {
                libc::open(path.as_ptr() as *const libc::c_char, libc::O_RDONLY | libc::O_CLOEXEC)
            };
            if new_fd < 0 {
                return Err(std::io::Error::last_os_error());
            }
            cell.set(new_fd);
            Ok(new_fd)
        })?;

        let mut buf = [0u8; 64];
        let n = unsafe { libc::pread(fd, buf.as_mut_ptr() as *mut libc::c_void, buf.len(), 0) };
        if n <= 0 {
            return Err(std::io::Error::last_os_error());
        }
        let s = std::str::from_utf8(&buf[..n as usize]).map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::InvalidData, "bad schedstat utf8")
        })?;
        let wait_time_ns = Self::parse_wait_time_ns(s)
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidData, "bad schedstat"))?;
        Ok(Self { wait_time_ns })
    }

    fn parse_wait_time_ns(s: &str) -> Option<u64> {
        let mut parts = s.split_whitespace();
        let _run_time_ns: u64 = parts.next()?.parse().ok()?;
        parts.next()?.parse().ok()
    }
}

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").map(|d| d.count()).unwrap_or(0)
}

fn main() {
    // tokio's blocking pool starts and retires threads all the time; each one
    // records poll telemetry through SchedStat::read_current().
    let before = open_fds();
    for _ in 0..200 {
        std::thread::spawn(|| SchedStat::read_current().map(|s| s.wait_time_ns))
            .join()
            .unwrap()
            .unwrap();
    }
    println!("fds leaked by 200 finished threads: {}", open_fds() - before);
}
