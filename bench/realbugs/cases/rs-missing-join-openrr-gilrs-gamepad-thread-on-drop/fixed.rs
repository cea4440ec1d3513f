//! arci-gamepad-gilrs/src/lib.rs: arci::Gamepad backed by a gilrs polling thread.
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq)]
pub enum GamepadEvent {
    ButtonPressed(u32),
    Connected,
    Unknown,
}

/// Stand-in for gilrs::Gilrs.
pub struct Gilrs {
    ticks: u64,
}

impl Gilrs {
    pub fn new() -> Result<Self, String> {
        Ok(Gilrs { ticks: 0 })
    }
    /// gil.next_event is no block. We have to polling it.
    pub fn next_event(&mut self) -> Option<(usize, u32)> {
        self.ticks += 1;
        if self.ticks % 4 == 0 { Some((0, (self.ticks % 16) as u32)) } else { None }
    }
}

pub trait Gamepad: Send + Sync {
    fn next_event(&self) -> GamepadEvent;
    fn stop(&self);
}

pub struct GilGamepad {
    rx: Mutex<Receiver<GamepadEvent>>,
    is_running: Arc<AtomicBool>,
}

impl GilGamepad {
    pub fn new(id: usize) -> Self {
        let (tx, rx) = channel();
        let is_running = Arc::new(AtomicBool::new(true));
        let is_running_cloned = is_running.clone();
        std::thread::spawn(move || {
            let mut gil = Gilrs::new().unwrap();
            tx.send(GamepadEvent::Connected).unwrap();
            while is_running_cloned.load(Ordering::Relaxed) {
                GilGamepad::send_by_event(&mut gil, id, &tx);
            }
        });

        Self { rx: Mutex::new(rx), is_running }
    }

    fn send_by_event(gil: &mut Gilrs, id: usize, tx: &Sender<GamepadEvent>) {
        match gil.next_event() {
            Some((recv_id, button)) => {
                if id == recv_id {
                    tx.send(GamepadEvent::ButtonPressed(button)).unwrap();
                }
            }
            None => {
                std::thread::sleep(Duration::from_secs_f64(0.01));
            }
        }
    }
}

impl Gamepad for GilGamepad {
    fn next_event(&self) -> GamepadEvent {
        self.rx.lock().unwrap().recv().unwrap_or(GamepadEvent::Unknown)
    }

    fn stop(&self) {
        self.is_running.store(false, Ordering::Relaxed);
    }
}

impl Drop for GilGamepad {
    fn drop(&mut self) {
        self.stop();
    }
}

pub fn run() {
    for _ in 0..3 {
        let gamepad = GilGamepad::new(0);
        let _ = gamepad.next_event();
        // gamepad dropped without stop(): the polling thread keeps running and panics on send
    }
}
