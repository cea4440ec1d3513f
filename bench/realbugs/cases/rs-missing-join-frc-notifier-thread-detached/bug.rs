// first-rust-competition: wpilib/src/notifier.rs - thread backed Notifier
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Wrapper over the HAL notifier alarm: wait() blocks until the trigger time
/// or until stop() is called, in which case it returns 0.
pub struct Alarm {
    trigger: Mutex<Option<Instant>>,
    cond: Condvar,
    stopped: AtomicBool,
}

impl Alarm {
    pub fn new() -> Alarm {
        Alarm { trigger: Mutex::new(None), cond: Condvar::new(), stopped: AtomicBool::new(false) }
    }

    pub fn update(&self, when: Instant) {
        *self.trigger.lock().unwrap() = Some(when);
        self.cond.notify_all();
    }

    pub fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        self.cond.notify_all();
    }

    pub fn wait(&self) -> u64 {
        let mut trigger = self.trigger.lock().unwrap();
        loop {
            if self.stopped.load(Ordering::SeqCst) {
                return 0;
            }
            match *trigger {
                Some(t) if Instant::now() >= t => {
                    *trigger = None;
                    return t.elapsed().as_micros() as u64 + 1;
                }
                Some(t) => {
                    let dur = t.saturating_duration_since(Instant::now());
                    trigger = self.cond.wait_timeout(trigger, dur).unwrap().0;
                }
                None => trigger = self.cond.wait(trigger).unwrap(),
            }
        }
    }
}

/// Calls `handler` periodically on a dedicated thread.
pub struct Notifier {
    alarm: Arc<Alarm>,
}

impl Notifier {
    pub fn new<F>(period: Duration, mut handler: F) -> Notifier
    where
        F: FnMut() + Send + 'static,
    {
        let alarm = Arc::new(Alarm::new());
        alarm.update(Instant::now() + period);
        let thread_alarm = Arc::clone(&alarm);
        thread::spawn(move || loop {
            if thread_alarm.wait() == 0 {
                break;
            }
            handler();
            thread_alarm.update(Instant::now() + period);
        });
        Notifier { alarm }
    }
}

impl Drop for Notifier {
    fn drop(&mut self) {
        self.alarm.stop();
    }
}
