use std::fs;
use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::thread;

enum CoordinatorMessage {
    Stdout(String),
    FlowEnd,
}

struct Coordinator {
    client: Sender<CoordinatorMessage>,
    trace_path: PathBuf,
}

impl Coordinator {
    fn submit_flow(&mut self, jobs: u32) {
        let mut trace = String::new();
        for job in 0..jobs {
            trace.push_str(&format!("job {} done\n", job));
            let _ = self.client.send(CoordinatorMessage::Stdout(format!("output of job {}", job)));
        }
        self.flow_execution_ended(trace);
    }

    fn flow_execution_ended(&mut self, trace: String) {
        let _ = self.client.send(CoordinatorMessage::FlowEnd);
        // Post-execution cleanup: write the execution trace.
        fs::write(&self.trace_path, trace).expect("could not write trace");
    }
}

fn start_coordinator(
    client: Sender<CoordinatorMessage>,
    trace_path: PathBuf,
) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        let mut coordinator = Coordinator { client, trace_path };
        coordinator.submit_flow(100);
    })
}

fn client(events: Receiver<CoordinatorMessage>) {
    for event in events {
        match event {
            CoordinatorMessage::Stdout(line) => println!("{}", line),
            CoordinatorMessage::FlowEnd => break,
        }
    }
}

fn main() {
    let trace_path = std::env::temp_dir().join("flowrcli-trace.txt");
    let _ = fs::remove_file(&trace_path);
    let (tx, rx) = channel();
    let coordinator = start_coordinator(tx, trace_path.clone());
    client(rx);
    coordinator.join().expect("coordinator thread panicked");
}
