//! Cross platform handling of Ctrl-C signals (shape of ctrlc 3.3, src/lib.rs).
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::thread;

#[derive(Debug)]
pub enum Error {
    NoSuchSignal(&'static str),
    MultipleHandlers,
    System(std::io::Error),
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::System(e)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Error::NoSuchSignal(s) => write!(f, "Signal could not be found from the system: {}", s),
            Error::MultipleHandlers => write!(f, "Ctrl-C signal handler already registered"),
            Error::System(e) => write!(f, "Unexpected system error: {}", e),
        }
    }
}

mod platform {
    use std::sync::atomic::{AtomicI32, Ordering};

    static PIPE_FD: AtomicI32 = AtomicI32::new(-1);

    /// Register os signal handler (pipe + sigaction on unix).
    pub unsafe fn init_os_handler(overwrite: bool) -> Result<(), std::io::Error> {
        if !overwrite && PIPE_FD.load(Ordering::Relaxed) != -1 {
            return Err(std::io::Error::new(std::io::ErrorKind::AlreadyExists, "SIGINT handler exists"));
        }
        PIPE_FD.store(3, Ordering::Relaxed);
        Ok(())
    }

    /// Blocks until a Ctrl-C signal is received.
    pub unsafe fn block_ctrl_c() -> Result<(), std::io::Error> {
        std::thread::park();
        Ok(())
    }
}

static INIT: AtomicBool = AtomicBool::new(false);
static INIT_LOCK: Mutex<()> = Mutex::new(());

/// Register signal handler for Ctrl-C. Should only be called once.
pub fn set_handler<F>(user_handler: F) -> Result<(), Error>
where
    F: FnMut() + 'static + Send,
{
    init_and_set_handler(user_handler, true)
}

/// The same as ctrlc::set_handler but errors if a handler already exists.
pub fn try_set_handler<F>(user_handler: F) -> Result<(), Error>
where
    F: FnMut() + 'static + Send,
{
    init_and_set_handler(user_handler, false)
}

fn init_and_set_handler<F>(user_handler: F, overwrite: bool) -> Result<(), Error>
where
    F: FnMut() + 'static + Send,
{
    if !INIT.load(Ordering::Acquire) {
        let _guard = INIT_LOCK.lock().unwrap();

        if !INIT.load(Ordering::Relaxed) {
            set_handler_inner(user_handler, overwrite)?;
            INIT.store(true, Ordering::Release);
            return Ok(());
        }
    }

    Err(Error::MultipleHandlers)
}

fn set_handler_inner<F>(mut user_handler: F, overwrite: bool) -> Result<(), Error>
where
    F: FnMut() + 'static + Send,
{
    unsafe {
        match platform::init_os_handler(overwrite) {
            Ok(_) => {}
            Err(err) => {
                return Err(err.into());
            }
        }
    }

    thread::Builder::new()
        .name("ctrl-c".into())
        .spawn(move || loop {
            unsafe {
                platform::block_ctrl_c().expect("Critical system error while waiting for Ctrl-C");
            }
            user_handler();
        })
        .expect("failed to spawn thread");

    Ok(())
}
