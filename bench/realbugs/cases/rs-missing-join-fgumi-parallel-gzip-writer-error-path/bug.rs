use crossbeam_channel::{bounded, Receiver, Sender};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Write};
use std::sync::Arc;
use std::thread::{self, JoinHandle};

const DEFAULT_BLOCK_SIZE: usize = 65536;

struct UncompressedBlock { serial: u64, data: Vec<u8> }
struct CompressedBlock { serial: u64, data: Vec<u8> }

/// Stands in for libdeflater's gzip_compress.
fn compress_block(block: UncompressedBlock) -> CompressedBlock {
    CompressedBlock { serial: block.serial, data: block.data }
}

/// A parallel gzip writer that compresses blocks using multiple threads.
pub struct ParallelGzipWriter {
    block_buffer: Vec<u8>,
    block_size: usize,
    next_serial: u64,
    compress_tx: Option<Sender<UncompressedBlock>>,
    compression_handles: Vec<JoinHandle<()>>,
    io_handle: Option<JoinHandle<io::Result<()>>>,
}

impl ParallelGzipWriter {
    pub fn new<W: Write + Send + 'static>(writer: W, compression_threads: usize) -> Self {
        let (compress_tx, compress_rx) = bounded::<UncompressedBlock>(compression_threads * 2);
        let (output_tx, output_rx) = bounded::<CompressedBlock>(compression_threads * 2);
        let (compress_rx, output_tx) = (Arc::new(compress_rx), Arc::new(output_tx));
        let mut compression_handles = Vec::with_capacity(compression_threads);
        for _ in 0..compression_threads {
            let (rx, tx) = (Arc::clone(&compress_rx), Arc::clone(&output_tx));
            let handle = thread::spawn(move || {
                while let Ok(block) = rx.recv() {
                    if tx.send(compress_block(block)).is_err() {
                        break;
                    }
                }
            });
            compression_handles.push(handle);
        }
        drop(compress_rx);
        drop(output_tx);
        let io_handle = thread::spawn(move || Self::io_writer_loop(writer, output_rx));
        Self {
            block_buffer: Vec::with_capacity(DEFAULT_BLOCK_SIZE),
            block_size: DEFAULT_BLOCK_SIZE,
            next_serial: 0,
            compress_tx: Some(compress_tx),
            compression_handles,
            io_handle: Some(io_handle),
        }
    }

    /// Writes compressed blocks in strict serial order.
    fn io_writer_loop<W: Write>(mut writer: W, output_rx: Receiver<CompressedBlock>) -> io::Result<()> {
        let mut next_expected: u64 = 0;
        let mut pending: BTreeMap<u64, CompressedBlock> = BTreeMap::new();
        while let Ok(block) = output_rx.recv() {
            pending.insert(block.serial, block);
            while let Some(block) = pending.remove(&next_expected) {
                writer.write_all(&block.data)?;
                next_expected += 1;
            }
        }
        writer.flush()
    }

    fn dispatch_block(&mut self) -> io::Result<()> {
        if self.block_buffer.is_empty() {
            return Ok(());
        }
        let data = std::mem::replace(&mut self.block_buffer, Vec::with_capacity(self.block_size));
        let block = UncompressedBlock { serial: self.next_serial, data };
        self.next_serial += 1;
        self.compress_tx
            .as_ref()
            .ok_or_else(|| io::Error::new(io::ErrorKind::BrokenPipe, "Writer already finished"))?
            .send(block)
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "Compression channel closed"))
    }

    /// Finish writing and close all threads.
    pub fn finish(mut self) -> io::Result<()> {
        self.dispatch_block()?;
        drop(self.compress_tx.take());
        for handle in self.compression_handles.drain(..) {
            handle.join().map_err(|_| io::Error::other("Compression worker thread panicked"))?;
        }
        if let Some(handle) = self.io_handle.take() {
            handle.join().map_err(|_| io::Error::other("I/O thread panicked"))??;
        }
        Ok(())
    }
}

impl Write for ParallelGzipWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.block_buffer.extend_from_slice(buf);
        if self.block_buffer.len() >= self.block_size {
            self.dispatch_block()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.dispatch_block()
    }
}

/// An output whose disk fills up after `capacity` bytes.
struct FullDisk { written: usize, capacity: usize }

impl Write for FullDisk {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.written + buf.len() > self.capacity {
            return Err(io::Error::other("No space left on device"));
        }
        self.written += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// `simulate fastq-reads`: paired R1/R2 outputs.
fn simulate_fastq_reads(r2_path: &std::path::Path) -> io::Result<()> {
    let mut r1_writer = ParallelGzipWriter::new(FullDisk { written: 0, capacity: 200_000 }, 2);
    let mut r2_writer = ParallelGzipWriter::new(File::create(r2_path)?, 2);
    for i in 0..100_000 {
        writeln!(r1_writer, "@read{}/1\nACGTACGTACGTACGTACGT\n+\nIIIIIIIIIIIIIIIIIIII", i)?;
        writeln!(r2_writer, "@read{}/2\nTGCATGCATGCATGCATGCA\n+\nIIIIIIIIIIIIIIIIIIII", i)?;
    }
    r1_writer.finish()?;
    r2_writer.finish()?;
    Ok(())
}

fn main() {
    let r2_path = std::env::temp_dir().join("fgumi-sim-r2.fastq.gz");
    let result = simulate_fastq_reads(&r2_path);
    let size_at_return = std::fs::metadata(&r2_path).map(|m| m.len()).unwrap_or(0);
    thread::sleep(std::time::Duration::from_millis(200));
    let size_later = std::fs::metadata(&r2_path).map(|m| m.len()).unwrap_or(0);
    println!("{:?}; r2 size when the error surfaced: {}, 200 ms later: {}", result.err(), size_at_return, size_later);
    let _ = std::fs::remove_file(&r2_path);
}
