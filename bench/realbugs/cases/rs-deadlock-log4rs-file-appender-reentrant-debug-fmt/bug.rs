use std::fmt;
use std::io::{self, Write};
use std::sync::OnceLock;

use parking_lot::Mutex;

pub struct Record<'a> {
    pub level: &'static str,
    pub args: fmt::Arguments<'a>,
}

/// Reduced from log4rs::append::file::FileAppender.
pub struct FileAppender {
    file: Mutex<io::BufWriter<Vec<u8>>>,
}

impl FileAppender {
    pub fn append(&self, record: &Record) -> io::Result<()> {
        let mut file = self.file.lock();
        // PatternEncoder::encode writes the message straight into the locked writer,
        // which runs the user's Debug/Display impls while the mutex is held.
        writeln!(file, "{} - {}", record.level, record.args)?;
        file.flush()
    }
}

static APPENDER: OnceLock<FileAppender> = OnceLock::new();

fn log(level: &'static str, args: fmt::Arguments) {
    if let Some(appender) = APPENDER.get() {
        let _ = appender.append(&Record { level, args });
    }
}

fn describe_connection() -> &'static str {
    log("DEBUG", format_args!("computing connection description"));
    "tcp://127.0.0.1:5432"
}

struct Connection;

impl fmt::Debug for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // calls a function that itself logs
        write!(f, "Connection({})", describe_connection())
    }
}

fn main() {
    let _ = APPENDER.set(FileAppender { file: Mutex::new(io::BufWriter::new(Vec::new())) });
    log("INFO", format_args!("starting"));
    let conn = Connection;
    log("DEBUG", format_args!("opened {:?}", conn));
    println!("done");
}
