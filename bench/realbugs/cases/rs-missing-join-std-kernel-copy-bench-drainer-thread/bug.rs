// library/std/src/sys/kernel_copy/tests.rs (rust-lang/rust), reduced: the
// #[bench] harness is replaced by a plain iteration count so this builds alone.
use std::fs::OpenOptions;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::net::UnixStream;
use std::path::Path;

const BYTES: usize = 128 * 1024;

fn open_source(temp_path: &Path, name: &str) -> io::Result<std::fs::File> {
    let mut src = OpenOptions::new()
        .create(true)
        .truncate(true)
        .read(true)
        .write(true)
        .open(temp_path.join(name))?;
    src.write_all(&vec![0u8; BYTES])?;
    Ok(src)
}

pub fn bench_file_to_socket_copy(temp_path: &Path, iters: usize) -> io::Result<()> {
    let mut src = open_source(temp_path, "pipe-copy-bench-src")?;

    let sink_drainer = TcpListener::bind("localhost:0")?;
    let mut sink = TcpStream::connect(sink_drainer.local_addr()?)?;
    let mut sink_drainer = sink_drainer.accept()?.0;

    std::thread::spawn(move || {
        let mut sink_buf = vec![0u8; 1024 * 1024];
        loop {
            sink_drainer.read(&mut sink_buf[..]).unwrap();
        }
    });

    for _ in 0..iters {
        src.seek(SeekFrom::Start(0))?;
        assert_eq!(BYTES as u64, io::copy(&mut src, &mut sink)?);
    }
    Ok(())
}

pub fn bench_file_to_uds_copy(temp_path: &Path, iters: usize) -> io::Result<()> {
    let mut src = open_source(temp_path, "uds-copy-bench-src")?;

    let (mut sink, mut sink_drainer) = UnixStream::pair()?;

    std::thread::spawn(move || {
        let mut sink_buf = vec![0u8; 1024 * 1024];
        loop {
            sink_drainer.read(&mut sink_buf[..]).unwrap();
        }
    });

    for _ in 0..iters {
        src.seek(SeekFrom::Start(0))?;
        assert_eq!(BYTES as u64, io::copy(&mut src, &mut sink)?);
    }
    Ok(())
}
