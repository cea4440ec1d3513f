//! pgrx: reduction of cargo-pgrx/src/command/install.rs.  While the
//! extension's .control/.sql files are copied, filter_contents() replaces
//! @GIT_HASH@; the hash is computed once and cached in a global Mutex.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};

fn git_hash_cache() -> &'static Mutex<HashMap<PathBuf, String>> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, String>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

fn get_git_hash(manifest_path: &Path) -> String {
    let mut cache = git_hash_cache().lock().unwrap();
    if let Some(hash) = cache.get(manifest_path) {
        return hash.clone();
    }
    let dir = manifest_path.parent().unwrap_or(Path::new("."));
    let output = Command::new("git")
        .arg("rev-parse")
        .arg("HEAD")
        .current_dir(dir)
        .output();
    let hash = match output {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_string(),
        _ => "unknown".to_string(),
    };
    cache.insert(manifest_path.to_path_buf(), hash.clone());
    hash
}

fn filter_contents(manifest_path: &Path, input: String) -> String {
    let cache = git_hash_cache().lock().unwrap();
    if cache.is_empty() && !input.contains("@GIT_HASH@") {
        return input;
    }
    // the cache guard is still alive here
    input.replace("@GIT_HASH@", &get_git_hash(manifest_path))
}

fn main() {
    let manifest = PathBuf::from("./Cargo.toml");
    let control = "comment = 'demo'\ndefault_version = '@CARGO_VERSION@'\ngit = '@GIT_HASH@'\n";
    println!("{}", filter_contents(&manifest, control.to_string()));
}
