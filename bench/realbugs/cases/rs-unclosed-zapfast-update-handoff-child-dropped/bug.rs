//! Reduction of zapfast `src/updates/install.rs` (crmne/zapfast#132).
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub enum InstallError {
    Spawn(io::Error),
    HelperNotReady,
    Io(io::Error),
}

impl From<io::Error> for InstallError {
    fn from(e: io::Error) -> Self {
        InstallError::Io(e)
    }
}

pub struct StagedUpdate {
    pub version: String,
    pub package: PathBuf,
    pub work_dir: PathBuf,
}

fn helper_path(staged: &StagedUpdate) -> PathBuf {
    staged.work_dir.join("zapfast-update-helper")
}

fn ready_marker(staged: &StagedUpdate) -> PathBuf {
    staged.work_dir.join("helper.ready")
}

/// Hands the staged package over to the privileged helper, which installs it once
/// the running instance has exited.
pub fn handoff(staged: &StagedUpdate) -> Result<(), InstallError> {
    let ready = ready_marker(staged);
    let _ = fs::remove_file(&ready);

    let mut child = Command::new(helper_path(staged))
        .arg("--package")
        .arg(&staged.package)
        .arg("--ready-file")
        .arg(&ready)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(InstallError::Spawn)?;

    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if ready.exists() {
            log_handoff(&staged.version, child.id());
            return Ok(());
        }
        if let Some(_status) = child.try_wait()? {
            return Err(InstallError::HelperNotReady);
        }
        thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    Err(InstallError::HelperNotReady)
}

fn log_handoff(version: &str, pid: u32) {
    eprintln!("update {} handed off to helper pid {}", version, pid);
}

pub fn install_update(staged: &StagedUpdate) -> Result<(), InstallError> {
    if !Path::new(&staged.package).exists() {
        return Err(InstallError::HelperNotReady);
    }
    handoff(staged)
}
