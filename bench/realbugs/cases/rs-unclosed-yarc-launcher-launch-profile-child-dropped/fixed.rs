use std::path::PathBuf;
use std::process::Command;

#[derive(Debug)]
pub enum LaunchError {
    NotInstalled(PathBuf),
    Spawn(std::io::Error),
}

pub struct Profile {
    pub uuid: String,
    pub install_path: PathBuf,
    pub exec_path: PathBuf,
    pub arguments: Vec<String>,
}

/// Reduced from the YARC Launcher's `launch_profile` tauri command.
pub fn launch_profile(profile: &Profile, offline: bool) -> Result<(), LaunchError> {
    let exec = profile.install_path.join(&profile.exec_path);
    if !exec.exists() {
        return Err(LaunchError::NotInstalled(exec));
    }

    let mut command = Command::new(&exec);
    command.current_dir(&profile.install_path);
    command.args(&profile.arguments);
    if offline {
        command.arg("-offline");
    }

    // The launcher keeps running while YARG plays: hand the Child to a
    // background thread that waits on it, so the game is reaped when it
    // exits without blocking the launcher.
    let mut child = command.spawn().map_err(LaunchError::Spawn)?;
    std::thread::spawn(move || {
        let _ = child.wait();
    });

    Ok(())
}

fn main() {
    let profile = Profile {
        uuid: "stable".into(),
        install_path: PathBuf::from("/"),
        exec_path: PathBuf::from("bin/true"),
        arguments: vec!["-quick".into()],
    };
    for _ in 0..3 {
        match launch_profile(&profile, false) {
            Ok(()) => println!("launched {}", profile.uuid),
            Err(e) => eprintln!("launch failed: {:?}", e),
        }
    }
    // launcher event loop keeps running
    std::thread::sleep(std::time::Duration::from_secs(1));
}
