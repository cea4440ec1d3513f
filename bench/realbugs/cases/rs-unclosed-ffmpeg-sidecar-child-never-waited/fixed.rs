// Reduced from nathanbabcock/ffmpeg-sidecar#14: FfmpegCommand::spawn() wraps a
// std::process::Child in FfmpegChild, which only exposes stdout/stderr and
// kill(). Fixed by exposing FfmpegChild::wait() and waiting on the child once its
// output has been consumed, so no zombie ffmpeg processes are left behind.
use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Command, Stdio};

pub struct FfmpegCommand {
    inner: Command,
}

pub struct FfmpegChild {
    inner: Child,
}

impl FfmpegCommand {
    pub fn new() -> Self {
        // stand-in for the ffmpeg binary so the reduction runs anywhere
        let mut inner = Command::new("sh");
        inner.arg("-c");
        FfmpegCommand { inner }
    }

    pub fn input(&mut self, path: &str) -> &mut Self {
        self.inner.arg(format!("echo frame=1 {0}; echo frame=2 {0}", path));
        self
    }

    pub fn spawn(&mut self) -> std::io::Result<FfmpegChild> {
        self.inner.stdout(Stdio::piped()).stderr(Stdio::null());
        let inner = self.inner.spawn()?;
        Ok(FfmpegChild { inner })
    }
}

impl FfmpegChild {
    pub fn take_stdout(&mut self) -> Option<ChildStdout> {
        self.inner.stdout.take()
    }

    pub fn kill(&mut self) -> std::io::Result<()> {
        self.inner.kill()
    }

    pub fn wait(&mut self) -> std::io::Result<std::process::ExitStatus> {
        self.inner.wait()
    }
}

fn count_frames(path: &str) -> usize {
    let mut child = FfmpegCommand::new().input(path).spawn().unwrap();
    let stdout = child.take_stdout().unwrap();
    let frames = BufReader::new(stdout)
        .lines()
        .filter_map(Result::ok)
        .filter(|l| l.starts_with("frame="))
        .count();
    child.wait().unwrap();
    frames
}

fn main() {
    let files = ["a.mp4", "b.mp4", "c.mp4"];
    let total: usize = files.iter().map(|f| count_frames(f)).sum();
    println!("decoded {} frames", total);
}
