// Reduced from YaLTeR/wl-clipboard-rs PR #26 ("Wait for copy_data to avoid
// zombie cat processes"): copy_data(.., wait = false) dropped the Child.
use std::fs::File;
use std::os::unix::io::{FromRawFd, IntoRawFd, RawFd};
use std::process::{Command, Stdio};

/// Copies data from one file to another using `cat`.
///
/// If `from_fd` is `None`, the standard input is used as the data source.
/// If `wait` is `true`, waits for the copying to finish.
pub fn copy_data(from_fd: Option<RawFd>, to_fd: RawFd, wait: bool) {
    let mut cmd = Command::new("cat");
    if let Some(fd) = from_fd {
        cmd.stdin(unsafe { Stdio::from_raw_fd(fd) });
    }
    cmd.stdout(unsafe { Stdio::from_raw_fd(to_fd) });
    cmd.stderr(Stdio::null());

    let mut child = cmd.spawn().expect("error spawning cat");
    if wait {
        child.wait().expect("error waiting for cat");
    }
}

struct DataSourceHandler {
    data_path: String,
}

impl DataSourceHandler {
    /// Called for every paste request from another client: write our data to `fd`.
    fn send(&self, _mime_type: &str, fd: RawFd) {
        let file = File::open(&self.data_path).expect("error opening data file");
        copy_data(Some(file.into_raw_fd()), fd, false);
    }
}

fn main() {
    std::fs::write("/tmp/wl-clipboard-data", b"hello").unwrap();
    let handler = DataSourceHandler { data_path: "/tmp/wl-clipboard-data".into() };
    // a clipboard poller pastes many times per second
    for _ in 0..50 {
        let out = File::create("/tmp/wl-clipboard-out").unwrap();
        handler.send("text/plain", out.into_raw_fd());
    }
    std::thread::sleep(std::time::Duration::from_secs(1));
}
