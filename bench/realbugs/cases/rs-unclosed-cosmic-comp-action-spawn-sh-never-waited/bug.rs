use std::collections::HashMap;
use std::process::Command;

#[derive(Debug, Clone)]
pub enum Action {
    Terminate,
    Workspace(u8),
    ToggleTiling,
    ToggleWindowFloating,
    Spawn(String),
}

pub struct XWaylandState {
    pub display: u32,
}

pub struct Common {
    pub socket: String,
    pub xwayland_state: Option<XWaylandState>,
    pub shortcuts: HashMap<String, Action>,
}

pub struct State {
    pub common: Common,
    pub active_workspace: u8,
    pub tiling: bool,
    pub running: bool,
}

impl State {
    pub fn new(socket: &str) -> Self {
        State {
            common: Common {
                socket: socket.to_string(),
                xwayland_state: Some(XWaylandState { display: 1 }),
                shortcuts: HashMap::new(),
            },
            active_workspace: 0,
            tiling: false,
            running: true,
        }
    }

    pub fn handle_action(&mut self, action: Action) {
        match action {
            Action::Terminate => {
                self.running = false;
            }
            Action::Workspace(key_num) => {
                self.active_workspace = key_num.saturating_sub(1);
            }
            Action::ToggleTiling => {
                self.tiling = !self.tiling;
            }
            Action::ToggleWindowFloating => {
                self.tiling = false;
            }
            Action::Spawn(command) => {
                let wayland_display = self.common.socket.clone();

                let display = self
                    .common
                    .xwayland_state
                    .as_ref()
                    .map(|s| format!(":{}", s.display))
                    .unwrap_or_default();

                if let Err(err) = Command::new("/bin/sh")
                    .arg("-c")
                    .arg(&command)
                    .env("WAYLAND_DISPLAY", &wayland_display)
                    .env("DISPLAY", &display)
                    .env_remove("COSMIC_SESSION_SOCK")
                    .spawn()
                {
                    eprintln!("Failed to spawn \"{}\": {:?}", command, err);
                }
            }
        }
    }

    pub fn process_shortcut(&mut self, pattern: &str) -> bool {
        if let Some(action) = self.common.shortcuts.get(pattern).cloned() {
            self.handle_action(action);
            true
        } else {
            false
        }
    }
}

pub fn run() {
    let mut state = State::new("wayland-1");
    state
        .common
        .shortcuts
        .insert("Super+T".into(), Action::Spawn("cosmic-term".into()));
    // every key press launches another /bin/sh that is never reaped
    for _ in 0..3 {
        state.process_shortcut("Super+T");
    }
}
