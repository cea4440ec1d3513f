// uair: src/bin/uair/session.rs (+ the timer loop in app.rs that runs it)
use std::io;
use std::process;
use std::time::{Duration, Instant};

pub struct Session {
    pub name: String,
    pub duration: Duration,
    pub command: String,
    pub autostart: bool,
}

fn format_duration(d: Duration) -> String {
    let secs = d.as_secs();
    format!("{}m {}s", secs / 60, secs % 60)
}

impl Session {
    pub fn run_command(&self) -> io::Result<()> {
        if !self.command.is_empty() {
            let duration = format_duration(self.duration);
            process::Command::new("sh")
                .env("name", &self.name)
                .env("duration", duration)
                .arg("-c")
                .arg(&self.command)
                .spawn()?;
        }
        Ok(())
    }
}

pub struct App {
    sessions: Vec<Session>,
    index: usize,
    loop_on_end: bool,
}

impl App {
    pub fn new(sessions: Vec<Session>, loop_on_end: bool) -> App {
        App { sessions, index: 0, loop_on_end }
    }

    fn run_session(&mut self) -> io::Result<()> {
        let session = &self.sessions[self.index];
        let start = Instant::now();
        while start.elapsed() < session.duration {
            std::thread::sleep(Duration::from_millis(100));
        }
        session.run_command()
    }

    /// Pomodoro loop; with loop_on_end it keeps cycling through the sessions.
    pub fn run(&mut self) -> io::Result<()> {
        loop {
            self.run_session()?;
            if self.index + 1 < self.sessions.len() {
                self.index += 1;
            } else if self.loop_on_end {
                self.index = 0;
            } else {
                return Ok(());
            }
            if !self.sessions[self.index].autostart {
                return Ok(());
            }
        }
    }
}
