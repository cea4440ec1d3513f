// penrose 0.1.x: src/helpers.rs (spawn) + src/manager.rs (key binding dispatch loop)
use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::sync::mpsc::Receiver;

pub type KeyCode = (u16, u8);

pub type FireAndForget = Box<dyn FnMut(&mut WindowManager)>;

pub enum XEvent {
    KeyPress(KeyCode),
    Destroy,
}

/// Run an external command, redirecting its stdout to /dev/null.
pub fn spawn<S: Into<String>>(cmd: S) {
    let s = cmd.into();
    let parts: Vec<&str> = s.split_whitespace().collect();
    if parts.is_empty() {
        return;
    }
    let result = Command::new(parts[0])
        .args(&parts[1..])
        .stdout(Stdio::null())
        .spawn();
    if let Err(e) = result {
        eprintln!("error spawning external program: {}", e);
    }
}

pub fn run_external(cmd: &'static str) -> FireAndForget {
    Box::new(move |_: &mut WindowManager| {
        spawn(cmd);
    })
}

pub struct WindowManager {
    running: bool,
    focused_client: Option<u32>,
}

impl WindowManager {
    pub fn new() -> WindowManager {
        WindowManager { running: false, focused_client: None }
    }

    pub fn kill_client(&mut self) {
        self.focused_client = None;
    }

    pub fn exit(&mut self) {
        self.running = false;
    }

    /// Main event loop: dispatch key presses to their bindings until exit().
    pub fn grab_keys_and_run(
        &mut self,
        mut bindings: HashMap<KeyCode, FireAndForget>,
        events: Receiver<XEvent>,
    ) {
        self.running = true;
        while self.running {
            let event = match events.recv() {
                Ok(e) => e,
                Err(_) => return,
            };
            match event {
                XEvent::KeyPress(code) => {
                    if let Some(action) = bindings.get_mut(&code) {
                        action(self);
                    }
                }
                XEvent::Destroy => self.kill_client(),
            }
        }
    }
}

pub fn default_bindings() -> HashMap<KeyCode, FireAndForget> {
    let mut bindings: HashMap<KeyCode, FireAndForget> = HashMap::new();
    bindings.insert((36, 8), run_external("st"));
    bindings.insert((40, 8), run_external("dmenu_run -b"));
    bindings.insert((24, 9), Box::new(|wm: &mut WindowManager| wm.exit()));
    bindings
}
