//! aft: reduction of crates/aft/src/effective_path.rs.  When the cached
//! login-shell PATH is warm, aft uses it and refreshes the cache in the
//! background by re-executing itself with --probe-login-shell-path.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn spawn_cached_path_refresh(cache_path: &Path) {
    let executable = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(_) => return,
    };
    let mut command = Command::new(executable);
    command
        .arg("--probe-login-shell-path")
        .arg(cache_path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let _ = command.spawn(); // Child dropped, never waited
}

fn effective_path(cache_path: &Path) -> String {
    match std::fs::read_to_string(cache_path) {
        Ok(cached) => {
            spawn_cached_path_refresh(cache_path);
            cached
        }
        Err(_) => std::env::var("PATH").unwrap_or_default(),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() == 3 && args[1] == "--probe-login-shell-path" {
        let path = std::env::var("PATH").unwrap_or_default();
        let _ = std::fs::write(&args[2], path);
        return;
    }
    let cache = PathBuf::from(std::env::temp_dir()).join("aft-path-cache");
    let _ = std::fs::write(&cache, "/usr/bin:/bin");
    println!("PATH = {}", effective_path(&cache));
    // the daemon keeps running for days
    std::thread::sleep(std::time::Duration::from_secs(1));
}
