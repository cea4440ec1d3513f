//! Reduction of chromiumoxide's src/browser.rs (Browser::launch and Drop for Browser)
//! before #121. The launched Chrome child is kept in the Browser.
use std::io::{self, BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

#[derive(Debug)]
pub enum CdpError {
    Io(io::Error),
    NoResponse,
}

impl From<io::Error> for CdpError {
    fn from(e: io::Error) -> Self {
        CdpError::Io(e)
    }
}

pub type Result<T> = std::result::Result<T, CdpError>;

pub struct BrowserConfig {
    executable: PathBuf,
    args: Vec<String>,
}

impl BrowserConfig {
    pub fn launch(&self) -> io::Result<Child> {
        Command::new(&self.executable)
            .args(&self.args)
            .stderr(Stdio::piped())
            .spawn()
    }
}

/// A [`Browser`] is created when chromiumoxide connects to a Chromium instance.
pub struct Browser {
    /// The `Chrome` instance the `Handler` is communicating with
    child: Option<Child>,
    debug_ws_url: String,
}

impl Browser {
    /// Launches a new instance of `chromium` in the background and attaches to its debug web socket.
    pub fn launch(config: BrowserConfig) -> Result<Self> {
        let mut child = config.launch()?;
        let debug_ws_url = ws_url_from_output(&mut child)?;
        Ok(Browser { child: Some(child), debug_ws_url })
    }

    pub fn websocket_address(&self) -> &String {
        &self.debug_ws_url
    }

    /// Asynchronously wait for the spawned chromium instance to exit completely.
    pub fn wait(&mut self) -> io::Result<Option<std::process::ExitStatus>> {
        if let Some(child) = self.child.as_mut() {
            Ok(Some(child.wait()?))
        } else {
            Ok(None)
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            child.kill().expect("!kill");
            // reap the killed process so it does not stay behind as a zombie
            let _ = child.wait();
        }
    }
}

/// Reads the websocket address from chrome's stderr ("DevTools listening on ws://...").
fn ws_url_from_output(child_process: &mut Child) -> Result<String> {
    let stderr = child_process.stderr.take().ok_or(CdpError::NoResponse)?;
    let mut lines = BufReader::new(stderr).lines();
    while let Some(line) = lines.next() {
        let line = line?;
        if let Some(ws) = line.rsplit("listening on ").next() {
            if ws.starts_with("ws") && ws.contains("devtools/browser") {
                return Ok(ws.trim().to_string());
            }
        }
    }
    Err(CdpError::NoResponse)
}

fn main() -> Result<()> {
    // A shell stands in for chromium: it prints the DevTools line and keeps running.
    let config = BrowserConfig {
        executable: "sh".into(),
        args: vec![
            "-c".into(),
            "echo 'DevTools listening on ws://127.0.0.1:9222/devtools/browser/x' >&2; sleep 30".into(),
        ],
    };
    for _ in 0..3 {
        let browser = Browser::launch(config_clone(&config))?;
        println!("{}", browser.websocket_address());
    } // each Browser is dropped here: killed and reaped
    Ok(())
}

fn config_clone(c: &BrowserConfig) -> BrowserConfig {
    BrowserConfig { executable: c.executable.clone(), args: c.args.clone() }
}
