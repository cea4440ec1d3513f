use std::io;
use std::process::{Command, Stdio};

/// Performs a double fork with setsid to spawn and detach a command.
#[cfg(unix)]
pub fn spawn(mut command: Command) {
    use std::os::unix::process::CommandExt;

    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());

    unsafe {
        command.pre_exec(|| {
            match libc::fork() {
                -1 => return Err(io::Error::last_os_error()),
                0 => (),
                _ => libc::_exit(0),
            }

            if libc::setsid() == -1 {
                return Err(io::Error::last_os_error());
            }

            Ok(())
        });
    }

    let _res = command.spawn();
}

pub struct Launcher {
    launched: usize,
}

impl Launcher {
    pub fn launch(&mut self, exec: &str) {
        let mut parts = exec.split_whitespace();
        let Some(program) = parts.next() else { return };
        let mut cmd = Command::new(program);
        cmd.args(parts);
        spawn(cmd);
        self.launched += 1;
    }
}

fn main() {
    let mut launcher = Launcher { launched: 0 };
    for _ in 0..5 {
        launcher.launch("true --version");
    }
    println!("launched {}", launcher.launched);
    std::thread::sleep(std::time::Duration::from_secs(30));
}
