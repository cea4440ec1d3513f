// rust-analyzer: crates/flycheck/src/lib.rs (FlycheckActor restarting `cargo check`)
use std::{
    io::{self, BufRead, BufReader},
    ops,
    path::PathBuf,
    process::{self, Command, Stdio},
    sync::mpsc::{Receiver, Sender},
    thread,
};

pub struct FlycheckHandle {
    sender: Sender<Restart>,
    thread: thread::JoinHandle<()>,
}

impl FlycheckHandle {
    pub fn update(&self) {
        let _ = self.sender.send(Restart);
    }

    pub fn shutdown(self) {
        drop(self.sender);
        let _ = self.thread.join();
    }
}

pub struct Restart;

pub enum Progress {
    DidStart,
    DidCancel,
    DidFinish(io::Result<()>),
}

struct FlycheckActor {
    sender: Box<dyn Fn(Progress) + Send>,
    workspace_root: PathBuf,
    cargo_handle: Option<CargoHandle>,
}

impl FlycheckActor {
    fn run(mut self, inbox: Receiver<Restart>) {
        while let Ok(Restart) = inbox.recv() {
            self.cancel_check_process();

            let mut command = self.check_command();
            command.stdout(Stdio::piped()).stderr(Stdio::null()).stdin(Stdio::null());
            if let Ok(child) = command.spawn().map(JodChild) {
                self.cargo_handle = Some(CargoHandle::spawn(child));
                (self.sender)(Progress::DidStart);
            }
        }
        self.cancel_check_process();
    }

    fn cancel_check_process(&mut self) {
        if self.cargo_handle.take().is_some() {
            (self.sender)(Progress::DidCancel);
        }
    }

    fn check_command(&self) -> Command {
        let mut cmd = Command::new("cargo");
        cmd.arg("check");
        cmd.args(&["--workspace", "--message-format=json", "--manifest-path"])
            .arg(self.workspace_root.join("Cargo.toml"));
        cmd.current_dir(&self.workspace_root);
        cmd
    }
}

struct CargoHandle {
    child: JodChild,
    #[allow(unused)]
    stdout: BufReader<process::ChildStdout>,
}

impl CargoHandle {
    fn spawn(mut child: JodChild) -> CargoHandle {
        let stdout = BufReader::new(child.stdout.take().unwrap());
        CargoHandle { child, stdout }
    }

    #[allow(unused)]
    fn next_message(&mut self) -> Option<String> {
        let mut line = String::new();
        match self.stdout.read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(line),
        }
    }

    #[allow(unused)]
    fn join(mut self) -> io::Result<()> {
        let _ = self.child.kill();
        let exit_status = self.child.wait()?;
        let _ = exit_status;
        Ok(())
    }
}

struct JodChild(process::Child);

impl ops::Deref for JodChild {
    type Target = process::Child;
    fn deref(&self) -> &process::Child {
        &self.0
    }
}

impl ops::DerefMut for JodChild {
    fn deref_mut(&mut self) -> &mut process::Child {
        &mut self.0
    }
}

impl Drop for JodChild {
    fn drop(&mut self) {
        let _ = self.0.kill();
    }
}

pub fn spawn_flycheck(sender: Box<dyn Fn(Progress) + Send>, workspace_root: PathBuf) -> FlycheckHandle {
    let actor = FlycheckActor { sender, workspace_root, cargo_handle: None };
    let (tx, rx) = std::sync::mpsc::channel();
    let thread = thread::spawn(move || actor.run(rx));
    FlycheckHandle { sender: tx, thread }
}
