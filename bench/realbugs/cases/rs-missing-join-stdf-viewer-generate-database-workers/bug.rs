// STDF-Viewer rust_stdf_helper: generate_database() parsing workers + sqlite writer
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread;

#[derive(Debug)]
pub struct StdfHelperError {
    pub msg: String,
}

pub enum DbMessage {
    Batch(Vec<String>),
    WorkerError { msg: String },
}

pub struct DatabaseCtx {
    rows: Vec<String>,
}

impl DatabaseCtx {
    pub fn new(_dbpath: &str) -> Result<Self, StdfHelperError> {
        Ok(DatabaseCtx { rows: Vec::new() })
    }
    pub fn insert_batch(&mut self, batch: Vec<String>) -> Result<(), StdfHelperError> {
        if batch.iter().any(|op| op.is_empty()) {
            return Err(StdfHelperError { msg: "sqlite: constraint failed".into() });
        }
        self.rows.extend(batch);
        Ok(())
    }
    pub fn finalize(self) -> Result<(), StdfHelperError> {
        Ok(())
    }
}

pub fn generate_database(dbpath: String, stdf_paths: Vec<Vec<String>>) -> Result<(), StdfHelperError> {
    let num_groups = stdf_paths.len();
    let (tx, rx) = mpsc::sync_channel::<DbMessage>(64);
    let global_stop = Arc::new(AtomicBool::new(false));
    let stdf_paths = Arc::new(stdf_paths);

    let mut thread_handles = Vec::with_capacity(num_groups);
    for fid in 0..num_groups {
        let thread_tx = tx.clone();
        let worker_stop = global_stop.clone();
        let worker_paths = Arc::clone(&stdf_paths);
        let worker_job = move || -> Result<(), StdfHelperError> {
            for fpath in worker_paths[fid].iter() {
                if worker_stop.load(Ordering::Relaxed) {
                    break;
                }
                let ops = vec![format!("INSERT File_List {fid} {fpath}")];
                if thread_tx.send(DbMessage::Batch(ops)).is_err() {
                    return Ok(());
                }
            }
            Ok(())
        };
        thread_handles.push(thread::spawn(worker_job));
    }
    drop(tx);

    let mut db_ctx = DatabaseCtx::new(&dbpath)?;
    for msg in rx.iter() {
        match msg {
            DbMessage::Batch(batch) => db_ctx.insert_batch(batch)?,
            DbMessage::WorkerError { msg } => {
                global_stop.store(true, Ordering::Relaxed);
                return Err(StdfHelperError { msg });
            }
        }
    }
    db_ctx.finalize()?;

    for handle in thread_handles {
        if let Err(e) = handle.join() {
            println!("Join thread failed: {:?}", e);
        }
    }
    Ok(())
}
