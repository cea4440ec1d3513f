// Reduced from Timi16/soroban-debugger issue #756 (inspect holds the state lock
// while call_stack().display() locks it again).
use std::sync::{Arc, Mutex};

#[derive(Default)]
pub struct DebugState {
    pub current_function: Option<String>,
    pub frames: Vec<String>,
    pub shared: Option<Arc<Mutex<DebugState>>>,
}

pub struct CallStackView {
    state: Arc<Mutex<DebugState>>,
}

impl CallStackView {
    pub fn display(&self) -> String {
        let state = self.state.lock().unwrap();
        state.frames.iter().rev().cloned().collect::<Vec<_>>().join("\n  at ")
    }
}

impl DebugState {
    pub fn call_stack(&self) -> CallStackView {
        CallStackView { state: Arc::clone(self.shared.as_ref().expect("shared handle")) }
    }
}

pub struct DebuggerUI {
    state: Arc<Mutex<DebugState>>,
}

impl DebuggerUI {
    pub fn new() -> Self {
        let state = Arc::new(Mutex::new(DebugState::default()));
        {
            let mut s = state.lock().unwrap();
            s.frames = vec!["main".into(), "transfer".into()];
            s.current_function = Some("transfer".into());
            s.shared = Some(Arc::clone(&state));
        }
        DebuggerUI { state }
    }

    pub fn inspect(&self) -> String {
        match self.state.lock() {
            Ok(state) => {
                let func = state.current_function.clone().unwrap_or_default();
                let stack = state.call_stack().display();
                format!("function: {}\ncall stack:\n  at {}", func, stack)
            }
            Err(_) => "state poisoned".to_string(),
        }
    }
}

fn main() {
    let ui = DebuggerUI::new();
    println!("{}", ui.inspect());
}
