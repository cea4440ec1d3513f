// libdatadog data-pipeline TraceExporter::runtime (reduced): lazily (re)create the worker runtime.
use std::sync::{Arc, Mutex, MutexGuard};

pub trait MutexExt<T> {
    fn lock_or_panic(&self) -> MutexGuard<'_, T>;
}

impl<T> MutexExt<T> for Mutex<T> {
    fn lock_or_panic(&self) -> MutexGuard<'_, T> {
        self.lock().expect("lock poisoned")
    }
}

#[derive(Debug)]
pub struct Runtime {
    worker_threads: usize,
}

#[derive(Debug)]
pub enum TraceExporterError {
    InvalidWorkerState(String),
}

#[derive(Default)]
pub struct PausableWorker {
    started: bool,
}

impl PausableWorker {
    fn start(&mut self, _runtime: &Arc<Runtime>) -> Result<(), String> {
        if self.started {
            return Err("already started".into());
        }
        self.started = true;
        Ok(())
    }
}

#[derive(Default)]
pub struct TraceExporterWorkers {
    info: PausableWorker,
    stats: Option<PausableWorker>,
}

pub struct TraceExporter {
    runtime: Arc<Mutex<Option<Arc<Runtime>>>>,
    workers: Arc<Mutex<TraceExporterWorkers>>,
}

impl TraceExporter {
    pub fn new() -> Self {
        TraceExporter {
            runtime: Arc::new(Mutex::new(None)),
            workers: Arc::new(Mutex::new(TraceExporterWorkers::default())),
        }
    }

    fn runtime(&self) -> Result<Arc<Runtime>, TraceExporterError> {
        match self.runtime.lock_or_panic().as_ref() {
            Some(runtime) => Ok(runtime.clone()),
            None => self.run_worker(),
        }
    }

    pub fn run_worker(&self) -> Result<Arc<Runtime>, TraceExporterError> {
        let runtime = self.get_or_create_runtime()?;
        self.start_all_workers(&runtime)?;
        Ok(runtime)
    }

    /// Get existing runtime or create a new one
    fn get_or_create_runtime(&self) -> Result<Arc<Runtime>, TraceExporterError> {
        let mut runtime_guard = self.runtime.lock_or_panic();
        match runtime_guard.as_ref() {
            Some(runtime) => Ok(runtime.clone()),
            None => {
                let runtime = Arc::new(Runtime { worker_threads: 1 });
                *runtime_guard = Some(runtime.clone());
                Ok(runtime)
            }
        }
    }

    fn start_all_workers(&self, runtime: &Arc<Runtime>) -> Result<(), TraceExporterError> {
        let mut workers = self.workers.lock_or_panic();
        workers
            .info
            .start(runtime)
            .map_err(TraceExporterError::InvalidWorkerState)?;
        if let Some(stats_worker) = &mut workers.stats {
            stats_worker
                .start(runtime)
                .map_err(TraceExporterError::InvalidWorkerState)?;
        }
        Ok(())
    }

    /// Called by the tracer before fork(): drop the runtime, it is recreated lazily.
    pub fn stop_worker(&self) {
        let runtime = self.runtime.lock_or_panic().take();
        drop(runtime);
    }

    pub fn send(&self, data: &[u8]) -> Result<usize, TraceExporterError> {
        let runtime = self.runtime()?;
        Ok(data.len() * runtime.worker_threads)
    }
}

pub fn after_fork_resend(exporter: &TraceExporter, payload: &[u8]) -> usize {
    exporter.stop_worker();
    exporter.send(payload).unwrap_or(0)
}
