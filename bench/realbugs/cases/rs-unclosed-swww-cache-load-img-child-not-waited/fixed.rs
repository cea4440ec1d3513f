// swww: cache::load(), run by swww-daemon whenever an output appears, spawns a `swww img`
// client to restore the cached wallpaper and waits for it.
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

fn create_dir(p: &Path) -> Result<(), String> {
    if !p.is_dir() {
        if let Err(e) = std::fs::create_dir_all(p) {
            return Err(format!("failed to create directory({p:#?}): {e}"));
        }
    }
    Ok(())
}

fn cache_dir() -> Result<PathBuf, String> {
    if let Ok(path) = std::env::var("XDG_CACHE_HOME") {
        let mut path: PathBuf = path.into();
        path.push("swww");
        create_dir(&path)?;
        Ok(path)
    } else if let Ok(path) = std::env::var("HOME") {
        let mut path: PathBuf = path.into();
        path.push(".cache");
        path.push("swww");
        create_dir(&path)?;
        Ok(path)
    } else {
        Err("failed to read both $XDG_CACHE_HOME and $HOME environment variables".to_string())
    }
}

pub fn get_previous_image_path(output_name: &str) -> Result<String, String> {
    let mut filepath = cache_dir()?;
    filepath.push(output_name);
    if !filepath.is_file() {
        return Ok("".to_string());
    }
    let file = File::open(filepath).map_err(|e| format!("failed to open file: {e}"))?;
    let mut reader = BufReader::new(file);
    let mut buf = Vec::with_capacity(64);
    reader
        .read_to_end(&mut buf)
        .map_err(|e| format!("failed to read file: {e}"))?;
    String::from_utf8(buf).map_err(|e| format!("failed to decode bytes: {e}"))
}

pub fn load(output_name: &str) -> Result<(), String> {
    let img_path = get_previous_image_path(output_name)?;
    if img_path.is_empty() {
        return Ok(());
    }

    match std::process::Command::new("swww")
        .arg("img")
        .args([
            &format!("--outputs={output_name}"),
            "--transition-type=none",
            &img_path,
        ])
        .spawn()
    {
        Ok(mut child) => match child.wait() {
            Ok(_) => Ok(()),
            Err(e) => Err(format!("child process failed: {e}")),
        },
        Err(e) => Err(format!("failed to spawn child process: {e}")),
    }
}

/// Daemon side: called from the Wayland registry handler when a wl_output is (re)announced.
struct Daemon {
    outputs: Vec<String>,
}

impl Daemon {
    fn new_output(&mut self, name: &str) {
        self.outputs.push(name.to_string());
        if let Err(e) = load(name) {
            eprintln!("WARNING: failed to load cache for output {name}: {e}");
        }
    }
}

fn main() {
    let mut daemon = Daemon { outputs: Vec::new() };
    // an external monitor reconnecting three times
    for _ in 0..3 {
        daemon.new_output("HDMI-A-1");
    }
    println!("outputs seen: {}", daemon.outputs.len());
}
