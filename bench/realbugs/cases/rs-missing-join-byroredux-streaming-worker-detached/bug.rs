//! Reduction of ByroRedux `byroredux/src/streaming.rs` + `main.rs` (matiaszanolli/ByroRedux#1167).
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub struct TextureProvider {
    pub archives: Vec<String>,
}

pub struct ExteriorWorldContext {
    pub worldspace: String,
}

pub struct CellRequest {
    pub grid: (i32, i32),
}

pub struct PreParsedCell {
    pub grid: (i32, i32),
    pub meshes: usize,
}

fn pre_parse_cell(tex: &TextureProvider, ctx: &ExteriorWorldContext, req: &CellRequest) -> PreParsedCell {
    // 100-300 ms of BSA extraction / NIF parsing in the real engine.
    std::thread::sleep(Duration::from_millis(50));
    PreParsedCell { grid: req.grid, meshes: tex.archives.len() + ctx.worldspace.len() }
}

pub struct WorldStreamingState {
    request_tx: Option<Sender<CellRequest>>,
    pub result_rx: Receiver<PreParsedCell>,
    /// Kept inside `Option` so the state can be moved out of the App on shutdown.
    worker: Option<JoinHandle<()>>,
}

impl WorldStreamingState {
    pub fn new(tex: Arc<TextureProvider>, ctx: Arc<ExteriorWorldContext>) -> Self {
        let (request_tx, request_rx) = channel::<CellRequest>();
        let (result_tx, result_rx) = channel();
        let worker = std::thread::Builder::new()
            .name("cell-streaming".into())
            .spawn(move || {
                while let Ok(req) = request_rx.recv() {
                    if result_tx.send(pre_parse_cell(&tex, &ctx, &req)).is_err() {
                        break;
                    }
                }
            })
            .expect("spawn streaming worker");
        Self { request_tx: Some(request_tx), result_rx, worker: Some(worker) }
    }

    pub fn request(&self, grid: (i32, i32)) {
        if let Some(tx) = &self.request_tx {
            let _ = tx.send(CellRequest { grid });
        }
    }

    /// Close the channel and join the worker, bounded by `timeout`.
    pub fn shutdown(&mut self, timeout: Duration) {
        self.request_tx.take();
        if let Some(handle) = self.worker.take() {
            let deadline = Instant::now() + timeout;
            while !handle.is_finished() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(5));
            }
            if handle.is_finished() {
                let _ = handle.join();
            }
        }
    }
}

pub struct App {
    pub streaming: Option<WorldStreamingState>,
}

pub enum WindowEvent {
    CloseRequested,
    RedrawFailed,
}

impl App {
    pub fn window_event(&mut self, event: WindowEvent) -> bool {
        match event {
            WindowEvent::CloseRequested => {
                if let Some(mut state) = self.streaming.take() {
                    state.shutdown(Duration::from_secs(1));
                }
                true // event_loop.exit()
            }
            // Redraw / resize / --bench-frames failures also exit, but App is just dropped.
            WindowEvent::RedrawFailed => true,
        }
    }
}
