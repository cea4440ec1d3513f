// Reduced from mofa-org/mofa-studio apps/mofa-fm/src/screen/mod.rs:
// timer bookkeeping kept in `static mut` variables that are updated from
// the UI timer callback and from the dora bridge thread.
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::thread;
use std::time::Duration;

static LOGGED_TIMER: AtomicBool = AtomicBool::new(false);
static TIMER_COUNT: AtomicU32 = AtomicU32::new(0);

struct MoFaFMScreen {
    name: String,
}

impl MoFaFMScreen {
    fn handle_audio_timer(&self) {
        let count = TIMER_COUNT.fetch_add(1, Ordering::Relaxed) + 1;
        if !LOGGED_TIMER.swap(true, Ordering::Relaxed) {
            println!("[{}] audio timer started", self.name);
        }
        if count % 100 == 0 {
            println!("[{}] timer fired {} times", self.name, count);
        }
    }
}

fn main() {
    let mut handles = Vec::new();
    for i in 0..4 {
        handles.push(thread::spawn(move || {
            let screen = MoFaFMScreen { name: format!("screen-{}", i) };
            for _ in 0..1000 {
                screen.handle_audio_timer();
                thread::sleep(Duration::from_micros(10));
            }
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
    println!("total = {}", TIMER_COUNT.load(Ordering::Relaxed));
}
