use std::process::Command;
use std::sync::mpsc;
use std::thread;

/// A key-binding daemon: each bound key runs an external command.
struct Launcher {
    workers: Vec<thread::JoinHandle<()>>,
}

impl Launcher {
    fn new() -> Self {
        Launcher { workers: Vec::new() }
    }

    fn run_command(&mut self, command: Vec<String>) {
        let handle = thread::spawn(move || {
            Command::new(&command[0])
                .args(&command[1..])
                .spawn()
                .unwrap_or_else(|e| panic!("Failed to execute {}: {}", command.join(" "), e));
        });
        self.workers.push(handle);
    }

    fn shutdown(self) {
        for w in self.workers {
            let _ = w.join();
        }
    }
}

fn main() {
    let (tx, rx) = mpsc::channel::<Vec<String>>();
    let producer = thread::spawn(move || {
        for i in 0..200 {
            let cmd = vec!["sh".to_string(), "-c".to_string(), format!("echo key {}", i)];
            if tx.send(cmd).is_err() {
                break;
            }
        }
    });

    let mut launcher = Launcher::new();
    for command in rx {
        launcher.run_command(command);
    }
    producer.join().unwrap();
    launcher.shutdown();
}
