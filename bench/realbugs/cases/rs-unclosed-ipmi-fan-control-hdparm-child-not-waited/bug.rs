//! Reduction of ipmi-fan-control's src/source.rs (hard drive temperature source,
//! before ipmi-fan-control#66).
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::Duration;

#[derive(Debug)]
pub enum Error {
    Io(io::Error),
    HdparmFailed(PathBuf),
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Error::Io(e)
    }
}

pub struct HddTempSource {
    devices: Vec<PathBuf>,
}

impl HddTempSource {
    /// Returns true if the drive is spun down, in which case it must not be woken
    /// up just to read its temperature.
    fn is_in_standby(path: &Path) -> Result<bool, Error> {
        let mut child = Command::new("hdparm")
            .arg("-C")
            .arg(path)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;

        let stdout = child.stdout.take().unwrap();
        for line in BufReader::new(stdout).lines() {
            let line = line?;
            if let Some(state) = line.trim().strip_prefix("drive state is:") {
                return Ok(state.trim() == "standby");
            }
        }

        Err(Error::HdparmFailed(path.to_owned()))
    }

    pub fn poll(&self) -> Vec<(PathBuf, Option<bool>)> {
        self.devices
            .iter()
            .map(|d| (d.clone(), Self::is_in_standby(d).ok()))
            .collect()
    }
}

fn main() {
    let source = HddTempSource {
        devices: vec![PathBuf::from("/dev/sda"), PathBuf::from("/dev/sdb")],
    };
    // the daemon polls forever; every poll leaks one hdparm zombie per drive
    for _ in 0..5 {
        println!("{:?}", source.poll());
        thread::sleep(Duration::from_millis(100));
    }
}
