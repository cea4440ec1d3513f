// Reduced from posit-dev/ark crates/ark/src/reticulate.rs
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{LazyLock, Mutex};
use std::thread;

static RETICULATE_OUTBOUND_MSG_TX: LazyLock<Mutex<Option<Sender<String>>>> =
    LazyLock::new(|| Mutex::new(None));

pub struct ReticulateService {
    comm_id: String,
}

impl ReticulateService {
    pub fn start(comm_id: String, input: Option<String>) -> Result<String, String> {
        let (tx, rx): (Sender<String>, Receiver<String>) = channel();
        // Publish the sender so later calls to reticulate_open() can reuse the comm.
        let mut guard = RETICULATE_OUTBOUND_MSG_TX.lock().unwrap();
        *guard = Some(tx.clone());
        drop(guard);

        let service = Self { comm_id: comm_id.clone() };
        thread::spawn(move || service.handle_messages(rx));
        if let Some(code) = input {
            tx.send(code).map_err(|e| e.to_string())?;
        }
        Ok(comm_id)
    }

    fn handle_messages(&self, rx: Receiver<String>) {
        for msg in rx {
            println!("[{}] focus console, input: {}", self.comm_id, msg);
        }
    }
}

pub fn reticulate_open(input: Option<String>) -> Result<(), String> {
    let main_tx = RETICULATE_OUTBOUND_MSG_TX.lock().unwrap();

    if let Some(tx) = main_tx.as_ref() {
        // A session is already running: just forward the focus/input event.
        if tx.send(input.clone().unwrap_or_default()).is_ok() {
            return Ok(());
        }
    }

    // No usable comm yet: start a new reticulate service.
    let comm_id = String::from("reticulate-comm-1");
    ReticulateService::start(comm_id, input)?;
    Ok(())
}

fn main() {
    reticulate_open(Some("import numpy".into())).unwrap();
    reticulate_open(None).unwrap();
}
