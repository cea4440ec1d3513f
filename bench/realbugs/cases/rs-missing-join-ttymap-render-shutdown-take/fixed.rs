//! Render thread — runs a RenderPipeline on a background thread.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

#[derive(Clone, Copy)]
pub struct Viewport { pub zoom: f64 }
pub struct MapFrame { pub cells: Vec<u8> }
pub struct Styler;

pub struct RenderPipeline { width: usize, height: usize }

impl RenderPipeline {
    pub fn resize(&mut self, width: usize, height: usize) { self.width = width; self.height = height; }
    pub fn set_styler(&mut self, _styler: Arc<Styler>) {}
    pub fn render(&mut self, _vp: &Viewport) -> Option<MapFrame> { Some(MapFrame { cells: vec![0; self.width * self.height] }) }
    pub fn poll_tiles(&mut self) -> bool { false }
}

pub enum RenderCommand {
    Draw(Viewport),
    Resize { width: usize, height: usize },
    SetStyler(Arc<Styler>),
    Shutdown,
}

pub enum RenderResult { Frame(MapFrame) }

pub struct RenderHandle {
    cmd_tx: mpsc::Sender<RenderCommand>,
    result_rx: mpsc::Receiver<RenderResult>,
    should_quit: Arc<AtomicBool>,
    thread: Option<thread::JoinHandle<()>>,
}

impl RenderHandle {
    pub fn spawn(pipeline: RenderPipeline) -> Self {
        let (cmd_tx, cmd_rx) = mpsc::channel();
        let (result_tx, result_rx) = mpsc::channel();
        let should_quit = Arc::new(AtomicBool::new(false));
        let should_quit_clone = should_quit.clone();

        let thread = thread::spawn(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                run_loop(cmd_rx, result_tx, should_quit_clone, pipeline);
            }));
            if result.is_err() {
                eprintln!("RENDER THREAD PANICKED");
            }
        });

        RenderHandle { cmd_tx, result_rx, should_quit, thread: Some(thread) }
    }

    pub fn request_draw(&self, viewport: Viewport) {
        if self.cmd_tx.send(RenderCommand::Draw(viewport)).is_err() {
            eprintln!("render thread channel closed on draw");
        }
    }

    pub fn try_recv_frame(&self) -> Option<MapFrame> {
        match self.result_rx.try_recv() {
            Ok(RenderResult::Frame(frame)) => Some(frame),
            Err(_) => None,
        }
    }

    pub fn shutdown(&mut self) {
        self.should_quit.store(true, Ordering::Relaxed);
        let _ = self.cmd_tx.send(RenderCommand::Shutdown);
        if let Some(handle) = self.thread.take() {
            let _ = handle.join();
        }
    }
}

impl Drop for RenderHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn run_loop(
    cmd_rx: mpsc::Receiver<RenderCommand>,
    result_tx: mpsc::Sender<RenderResult>,
    should_quit: Arc<AtomicBool>,
    mut pipeline: RenderPipeline,
) {
    while !should_quit.load(Ordering::Relaxed) {
        match cmd_rx.recv_timeout(Duration::from_millis(50)) {
            Ok(RenderCommand::Draw(viewport)) => {
                if let Some(frame) = pipeline.render(&viewport) {
                    if result_tx.send(RenderResult::Frame(frame)).is_err() {
                        return;
                    }
                }
            }
            Ok(RenderCommand::Resize { width, height }) => pipeline.resize(width, height),
            Ok(RenderCommand::SetStyler(styler)) => pipeline.set_styler(styler),
            Ok(RenderCommand::Shutdown) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    let _ = pipeline.poll_tiles();
    eprintln!("render thread exited");
}

pub fn run_app() {
    let mut render = RenderHandle::spawn(RenderPipeline { width: 80, height: 24 });
    render.request_draw(Viewport { zoom: 3.0 });
    thread::sleep(Duration::from_millis(20));
    let _ = render.try_recv_frame();
    render.shutdown(); // with the bug, returns while the render thread may still be running
}
