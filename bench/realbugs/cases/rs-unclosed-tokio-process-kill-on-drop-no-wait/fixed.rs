use std::io;
use std::process::{Command, ExitStatus, Stdio};

pub struct Child {
    inner: std::process::Child,
    kill_on_drop: bool,
    reaped: bool,
}

impl Child {
    pub fn spawn(cmd: &mut Command, kill_on_drop: bool) -> io::Result<Child> {
        let inner = cmd.stdout(Stdio::null()).spawn()?;
        Ok(Child { inner, kill_on_drop, reaped: false })
    }

    pub fn id(&self) -> u32 { self.inner.id() }

    pub fn try_wait(&mut self) -> io::Result<Option<ExitStatus>> {
        let status = self.inner.try_wait()?;
        if status.is_some() { self.reaped = true; }
        Ok(status)
    }

    fn kill(&mut self) -> io::Result<()> {
        if self.reaped {
            Ok(())
        } else {
            self.inner.kill()?;
            // SIGKILL cannot be caught, so reaping returns promptly.
            self.inner.wait()?;
            self.reaped = true;
            Ok(())
        }
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        if self.kill_on_drop {
            let _ = self.kill();
        }
    }
}

fn main() -> io::Result<()> {
    for _ in 0..16 {
        let child = Child::spawn(Command::new("sleep").arg("30"), true)?;
        println!("spawned {}", child.id());
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    Ok(())
}
