// livekit-capture src/pump.rs + src/pixel/pump.rs (reduced): capture pump on a dedicated thread.
use std::{
    io,
    panic::{catch_unwind, AssertUnwindSafe},
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    thread,
};

#[derive(Debug)]
pub enum PumpError {
    Source(String),
    Panicked(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PumpExit {
    Stopped,
    EndOfStream,
}

#[derive(Debug, Clone, Copy)]
pub struct PumpStats {
    pub frames_captured: u64,
    pub exit: PumpExit,
}

/// Cancellation handle for a pump.
#[derive(Debug, Clone, Default)]
pub struct PumpStop(Arc<AtomicBool>);

impl PumpStop {
    pub fn stop(&self) {
        self.0.store(true, Ordering::Release);
    }
    pub fn is_stopped(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }
}

/// Spawns a pump run on a dedicated thread with panic capture and a completion signal.
pub(crate) fn spawn_pump(
    stop: PumpStop,
    run: impl FnOnce() -> Result<PumpStats, PumpError> + Send + 'static,
) -> io::Result<RunningPump> {
    let (finished_tx, finished_rx) = tokio::sync::watch::channel(false);
    let thread = thread::Builder::new().name("lk-video-pump".to_owned()).spawn(move || {
        let result = catch_unwind(AssertUnwindSafe(run))
            .unwrap_or_else(|_| Err(PumpError::Panicked("pump panicked".to_owned())));
        let _ = finished_tx.send(true);
        result
    })?;
    Ok(RunningPump { stop, thread: Some(thread), finished: finished_rx })
}

/// Handle to a pump running on its own thread.
///
/// Dropping the handle signals the pump to stop, so an endless source does
/// not keep capturing. The drop does not wait for the thread to exit; use
/// [`RunningPump::stop_and_join`] to observe the outcome.
#[derive(Debug)]
pub struct RunningPump {
    stop: PumpStop,
    // Taken by `join`; `None` only after the thread has been joined.
    thread: Option<thread::JoinHandle<Result<PumpStats, PumpError>>>,
    // Flipped to true by the pump thread just before it exits.
    finished: tokio::sync::watch::Receiver<bool>,
}

impl Drop for RunningPump {
    fn drop(&mut self) {
        self.stop.stop();
    }
}

impl RunningPump {
    pub fn stop(&self) {
        self.stop.stop();
    }

    pub async fn join(mut self) -> Result<PumpStats, PumpError> {
        let _ = self.finished.wait_for(|finished| *finished).await;
        let thread = self.thread.take().expect("pump thread is joined at most once");
        thread.join().unwrap_or_else(|_| Err(PumpError::Panicked("pump panicked".to_owned())))
    }

    pub async fn stop_and_join(self) -> Result<PumpStats, PumpError> {
        self.stop();
        self.join().await
    }
}

pub trait PixelVideoSource: Send {
    fn next_frame(&mut self, stop: &PumpStop) -> Result<Option<Vec<u8>>, PumpError>;
}

pub struct PixelVideoPump<S: PixelVideoSource> {
    source: S,
    stop: PumpStop,
}

impl<S: PixelVideoSource + 'static> PixelVideoPump<S> {
    pub fn new(source: S) -> Self {
        Self { source, stop: PumpStop::default() }
    }

    pub fn run(mut self) -> Result<PumpStats, PumpError> {
        let mut frames_captured = 0;
        let exit = loop {
            if self.stop.is_stopped() {
                break PumpExit::Stopped;
            }
            match self.source.next_frame(&self.stop)? {
                Some(_frame) => frames_captured += 1, // rtc_source.capture_frame(&frame)
                None => break PumpExit::EndOfStream,
            }
        };
        Ok(PumpStats { frames_captured, exit })
    }

    pub fn spawn(self) -> io::Result<RunningPump> {
        let stop = self.stop.clone();
        spawn_pump(stop, move || self.run())
    }
}

/// Camera track torn down when the participant unpublishes: the pump handle is just dropped.
pub struct PublishedCamera {
    pump: Option<RunningPump>,
}

impl PublishedCamera {
    pub fn unpublish(&mut self) {
        // the capture thread may still be inside next_frame() holding the V4L2 device
        self.pump.take();
    }
}
