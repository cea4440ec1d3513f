// vertigo-cli: crates/vertigo-cli/src/commons/command.rs (+ the watch loop that uses it)
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::Receiver;

pub struct CommandRun {
    command: Command,
    show_command: bool,
}

impl CommandRun {
    pub fn new(program: &str) -> Self {
        Self { command: Command::new(program), show_command: true }
    }

    pub fn add_param(mut self, param: &str) -> Self {
        self.command.arg(param);
        self
    }

    pub fn set_current_dir(mut self, dir: &PathBuf) -> Self {
        self.command.current_dir(dir);
        self
    }

    fn print_command(&self) {
        if self.show_command {
            println!("{:?}", self.command);
        }
    }

    /// Run to completion and return stdout.
    pub fn output(mut self) -> String {
        self.print_command();
        let output = self.command.stderr(Stdio::inherit()).output().unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Start the command in the background; the caller owns the Child and must wait on it.
    pub fn spawn(mut self) -> Child {
        self.print_command();
        self.command.spawn().unwrap()
    }
}

pub struct WatchOpts {
    pub package_name: String,
    pub dest_dir: PathBuf,
    pub hook_after_build: Option<String>,
}

fn build(opts: &WatchOpts) -> bool {
    let out = CommandRun::new("cargo")
        .add_param("build")
        .add_param("--target=wasm32-unknown-unknown")
        .add_param("--package")
        .add_param(&opts.package_name)
        .output();
    !out.contains("error")
}

/// Rebuild on every file change and run the configured hook after each build.
pub fn watch(opts: WatchOpts, changes: Receiver<PathBuf>) {
    let mut hook_child: Option<Child> = None;
    while let Ok(path) = changes.recv() {
        println!("change detected: {}", path.display());
        if !build(&opts) {
            continue;
        }
        if let Some(hook) = &opts.hook_after_build {
            if let Some(mut previous) = hook_child.take() {
                let _ = previous.kill();
                let _ = previous.wait();
            }
            let child = CommandRun::new("sh")
                .add_param("-c")
                .add_param(hook)
                .set_current_dir(&opts.dest_dir)
                .spawn();
            hook_child = Some(child);
        }
    }
    if let Some(mut child) = hook_child {
        let _ = child.wait();
    }
}
