// FlightCore: src-tauri/src/northstar/mod.rs - launch_northstar()
use std::path::Path;
use std::process::Command;

#[derive(Clone, Debug)]
pub struct GameInstall {
    pub game_path: String,
    pub profile: String,
    pub install_type: InstallType,
}

#[derive(Clone, Debug, PartialEq)]
pub enum InstallType {
    Steam,
    Origin,
    EaPlay,
    Unknown,
}

#[derive(Clone, Debug, Default)]
pub struct NorthstarLaunchOptions {
    pub bypass_checks: bool,
    pub launch_via_steam: bool,
}

fn check_origin_running() -> bool {
    Path::new("C:\\ProgramData\\Origin\\local.xml").exists()
}

fn check_northstar_running() -> bool {
    false
}

/// Launches Northstar
pub fn launch_northstar(
    game_install: GameInstall,
    launch_options: NorthstarLaunchOptions,
) -> Result<String, String> {
    let host_os = std::env::consts::OS;

    if !launch_options.bypass_checks {
        if check_northstar_running() {
            return Err("Northstar is already running".to_string());
        }
        if !check_origin_running() {
            return Err("Origin not running, start Origin before launching Northstar".to_string());
        }
    }

    if host_os == "windows"
        || (game_install.install_type == InstallType::Steam && launch_options.launch_via_steam)
    {
        let ns_exe_path = format!("{}/NorthstarLauncher.exe", game_install.game_path);
        let ns_profile_arg = format!("-profile={}", game_install.profile);

        // `cmd /C start` detaches the game and returns at once, so waiting here is cheap.
        let mut child = Command::new("C:\\Windows\\System32\\cmd.exe")
            .args(["/C", "start", "", &ns_exe_path, &ns_profile_arg])
            .spawn()
            .expect("failed to execute process");
        child.wait().expect("failed to wait on cmd.exe");
        return Ok("Launched game".to_string());
    }

    Err(format!(
        "Not yet implemented for \"{}\" on {:?}",
        host_os, game_install.install_type
    ))
}
