//! Reduced from radareorg/r2pipe.rs src/r2pipe.rs (0.5): R2PipeSpawn and R2Pipe::spawn/close.
use std::io::{self, BufRead, BufReader, Read, Write};
use std::process::{self, Command, Stdio};

#[derive(Debug)]
pub enum Error {
    Io(io::Error),
    EmptyResponse,
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Error::Io(e)
    }
}

pub struct R2PipeSpawnOptions {
    pub exepath: String,
    pub args: Vec<&'static str>,
}

impl Default for R2PipeSpawnOptions {
    fn default() -> Self {
        R2PipeSpawnOptions { exepath: "radare2".to_owned(), args: vec![] }
    }
}

pub struct R2PipeSpawn {
    read: BufReader<process::ChildStdout>,
    write: process::ChildStdin,
    child: Option<process::Child>,
}

fn process_result(res: Vec<u8>) -> Result<String, Error> {
    let len = res.len();
    if len == 0 {
        return Err(Error::EmptyResponse);
    }
    let out = String::from_utf8_lossy(&res[..len - 1]).to_string();
    Ok(out)
}

impl R2PipeSpawn {
    pub fn cmd(&mut self, cmd: &str) -> Result<String, Error> {
        let cmd = cmd.to_owned() + "\n";
        self.write.write_all(cmd.as_bytes())?;

        let mut res: Vec<u8> = Vec::new();
        self.read.read_until(0u8, &mut res)?;
        process_result(res)
    }

    pub fn close(&mut self) {
        let _ = self.cmd("q!");
    }
}

pub struct R2Pipe(R2PipeSpawn);

impl R2Pipe {
    pub fn spawn(name: &str, opts: Option<R2PipeSpawnOptions>) -> Result<R2Pipe, Error> {
        let (args, path) = match opts {
            Some(opt) => (opt.args, opt.exepath),
            None => (vec![], "radare2".to_owned()),
        };
        let mut child = Command::new(path)
            .arg("-q0")
            .args(&args)
            .arg(name)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;

        let sin = child.stdin.take().unwrap();
        let mut sout = child.stdout.take().unwrap();

        // flush out the initial null byte.
        let mut w = [0; 1];
        if let Err(e) = sout.read_exact(&mut w) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(e.into());
        }

        let res = R2PipeSpawn {
            read: BufReader::new(sout),
            write: sin,
            child: Some(child),
        };
        Ok(R2Pipe(res))
    }

    pub fn cmd(&mut self, cmd: &str) -> Result<String, Error> {
        self.0.cmd(cmd)
    }

    pub fn close(&mut self) {
        self.0.close();
    }
}

pub fn function_count(binaries: &[&str]) -> Vec<usize> {
    binaries
        .iter()
        .map(|bin| {
            let mut r2 = match R2Pipe::spawn(bin, None) {
                Ok(r2) => r2,
                Err(_) => return 0,
            };
            let _ = r2.cmd("aaa");
            let n = r2.cmd("aflc").ok().and_then(|s| s.trim().parse().ok()).unwrap_or(0);
            r2.close();
            n
        })
        .collect()
}
