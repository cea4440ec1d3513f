// cosmic-files: src/spawn_detached.rs (+ a caller launching "Open with" apps)
use std::path::Path;
use std::{io, process};

// This code is from the open crate and retains its MIT license.
pub fn spawn_detached(command: &mut process::Command) -> io::Result<()> {
    command
        .stdin(process::Stdio::null())
        .stdout(process::Stdio::null())
        .stderr(process::Stdio::null());

    #[cfg(unix)]
    unsafe {
        use std::os::unix::process::CommandExt as _;

        command
            .pre_exec(move || {
                match libc::fork() {
                    -1 => return Err(io::Error::last_os_error()),
                    0 => (),
                    _ => libc::_exit(0),
                }

                if libc::setsid() == -1 {
                    return Err(io::Error::last_os_error());
                }

                Ok(())
            })
            .spawn()?
            // reap the intermediate child (it exits right after forking the
            // detached grandchild) so it does not linger as a zombie
            .wait()
            .map(|_| ())
    }
    #[cfg(windows)]
    {
        use std::os::windows::process::CommandExt;
        const CREATE_NEW_PROCESS_GROUP: u32 = 0x00000200;
        const CREATE_NO_WINDOW: u32 = 0x08000000;
        command
            .creation_flags(CREATE_NEW_PROCESS_GROUP | CREATE_NO_WINDOW)
            .spawn()
            .map(|_| ())
    }
}

/// Launch the selected application for every selected file (long-running file manager).
pub fn open_with(exec: &str, paths: &[&Path]) -> Vec<io::Error> {
    let mut errors = Vec::new();
    for path in paths {
        let mut command = process::Command::new(exec);
        command.arg(path);
        if let Err(err) = spawn_detached(&mut command) {
            errors.push(err);
        }
    }
    errors
}
