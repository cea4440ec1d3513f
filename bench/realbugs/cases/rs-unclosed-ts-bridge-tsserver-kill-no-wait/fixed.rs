// ts-bridge: TsserverProcess::shutdown() kills the tsserver child and then waits for it.
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};

pub struct TsserverConfig {
    pub node: String,
    pub args: Vec<String>,
}

pub struct TsserverProcess {
    child: Option<Child>,
    stdin: Option<ChildStdin>,
    seq: u64,
}

impl TsserverProcess {
    pub fn spawn(cfg: &TsserverConfig) -> std::io::Result<TsserverProcess> {
        let mut child = Command::new(&cfg.node)
            .args(&cfg.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("piped stdout");
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = line; // responses are routed back to the LSP client
            }
        });
        Ok(TsserverProcess { child: Some(child), stdin, seq: 0 })
    }

    pub fn send(&mut self, command: &str) -> std::io::Result<()> {
        self.seq += 1;
        if let Some(stdin) = self.stdin.as_mut() {
            writeln!(stdin, "{{\"seq\":{},\"command\":\"{}\"}}", self.seq, command)?;
        }
        Ok(())
    }

    pub fn shutdown(&mut self) {
        self.stdin.take();
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for TsserverProcess {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn main() {
    let cfg = TsserverConfig { node: "sleep".into(), args: vec!["30".into()] };
    let mut pids = Vec::new();
    for _ in 0..3 {
        let mut p = TsserverProcess::spawn(&cfg).expect("spawn tsserver");
        pids.push(p.child.as_ref().unwrap().id());
        let _ = p.send("configure");
        p.shutdown();
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    for pid in pids {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", pid)).unwrap_or_default();
        println!("{} {}", pid, stat.split_whitespace().nth(2).unwrap_or("gone"));
    }
}
