//! Phase timings for profiling knot itself: set `KNOT_TIMINGS=1` and each phase prints its wall
//! time, and on Linux the process's resident memory when it ends, to stderr. Costs one env lookup
//! when off. Used by bench/README.md's profiling notes.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    level() > 0
}

/// `KNOT_TIMINGS`: unset, empty or `0` is off; `2` adds the details of [`detail`].
fn level() -> u8 {
    static LEVEL: OnceLock<u8> = OnceLock::new();
    *LEVEL.get_or_init(|| match std::env::var("KNOT_TIMINGS") {
        Ok(v) if v.is_empty() || v == "0" => 0,
        Ok(v) => v.parse().unwrap_or(1),
        Err(_) => 0,
    })
}

/// Prints `phase: N ms` to stderr when dropped, if timings are on.
pub struct Phase {
    name: &'static str,
    start: Option<Instant>,
}

pub fn phase(name: &'static str) -> Phase {
    Phase {
        name,
        start: enabled().then(Instant::now),
    }
}

impl Drop for Phase {
    fn drop(&mut self) {
        if let Some(start) = self.start {
            eprintln!(
                "knot timing: {:<28} {:>8.1} ms {}",
                self.name,
                start.elapsed().as_secs_f64() * 1e3,
                resident().unwrap_or_default()
            );
        }
    }
}

/// `rss N MiB (peak M MiB)` from `/proc/self/status`, where there is one.
fn resident() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib = |key: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(key))?;
        line[key.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()
    };
    Some(format!(
        "rss {} MiB (peak {} MiB)",
        kib("VmRSS:")? / 1024,
        kib("VmHWM:")? / 1024
    ))
}

/// Prints `what: detail` to stderr with `KNOT_TIMINGS=2` (why a phase had the work it had).
pub fn detail(what: &str, detail: impl FnOnce() -> String) {
    if level() >= 2 {
        eprintln!("knot detail: {what:<28} {}", detail());
    }
}

/// Prints `what: detail` to stderr, if timings are on (how much work a phase had).
pub fn note(what: &str, detail: impl FnOnce() -> String) {
    if enabled() {
        eprintln!("knot timing: {what:<28} {}", detail());
    }
}
