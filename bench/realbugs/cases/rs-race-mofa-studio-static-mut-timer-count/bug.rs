// Reduced from mofa-org/mofa-studio apps/mofa-fm/src/screen/mod.rs:
// timer bookkeeping kept in `static mut` variables that are updated from
// the UI timer callback and from the dora bridge thread.
use std::thread;
use std::time::Duration;

static mut LOGGED_TIMER: bool = false;
static mut TIMER_COUNT: u32 = 0;

struct MoFaFMScreen {
    name: String,
}

impl MoFaFMScreen {
    fn handle_audio_timer(&self) {
        unsafe {
            TIMER_COUNT += 1;
            if !LOGGED_TIMER {
                println!("[{}] audio timer started", self.name);
                LOGGED_TIMER = true;
            }
            if TIMER_COUNT % 100 == 0 {
                println!("[{}] timer fired {} times", self.name, TIMER_COUNT);
            }
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
    println!("total = {}", unsafe { TIMER_COUNT });
}
