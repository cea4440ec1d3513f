use std::fs::File;
use std::io::{self, Read, Write};
use std::os::unix::io::{FromRawFd, IntoRawFd, RawFd};
use std::thread;

/// The slice of the `pcap` crate the test drives: savefiles written to and
/// captures read from raw file descriptors (records are length-prefixed here).
mod pcap {
    use super::*;

    pub struct Linktype(pub i32);
    pub struct Capture { file: Option<File> }
    pub struct Savefile { file: File }

    impl Capture {
        pub fn dead(_linktype: Linktype) -> Result<Capture, io::Error> {
            Ok(Capture { file: None })
        }
        /// Takes ownership of `fd`; it is closed when the Savefile is dropped.
        pub unsafe fn savefile_raw_fd(&self, fd: RawFd) -> Result<Savefile, io::Error> {
            Ok(Savefile { file: File::from_raw_fd(fd) })
        }
        pub unsafe fn from_raw_fd(fd: RawFd) -> Result<Capture, io::Error> {
            Ok(Capture { file: Some(File::from_raw_fd(fd)) })
        }
        pub fn next_packet(&mut self) -> Option<Vec<u8>> {
            let f = self.file.as_mut()?;
            let mut len = [0u8; 4];
            f.read_exact(&mut len).ok()?;
            let mut data = vec![0u8; u32::from_le_bytes(len) as usize];
            f.read_exact(&mut data).ok()?;
            Some(data)
        }
    }

    impl Savefile {
        pub fn write(&mut self, packet: &[u8]) {
            self.file.write_all(&(packet.len() as u32).to_le_bytes()).unwrap();
            self.file.write_all(packet).unwrap();
        }
    }
}

use pcap::{Capture, Linktype};

fn pipe() -> (RawFd, RawFd) {
    let (r, w) = io::pipe().unwrap();
    (r.into_raw_fd(), w.into_raw_fd())
}

fn test_raw_fd_api() {
    // Create a total of more than 64K data (> max pipe buf size)
    const N_PACKETS: usize = 64;
    let data: Vec<u8> = (0..191).cycle().take(N_PACKETS * 1024).collect();
    let packets: Vec<Vec<u8>> = data.chunks(1024).map(|c| c.to_vec()).collect();

    // Write all packets into the pipe from a separate thread
    let (fd_in, fd_out) = pipe();
    let packets_c = packets.clone();
    thread::spawn(move || {
        let cap = Capture::dead(Linktype(1)).unwrap();
        let mut save = unsafe { cap.savefile_raw_fd(fd_out) }.unwrap();
        packets_c.iter().for_each(|p| save.write(p));
        // fd_out will be closed by savefile destructor
    });
    let mut file_in = unsafe { File::from_raw_fd(fd_in) };
    let mut received = Vec::new();
    file_in.read_to_end(&mut received).unwrap();
    assert_eq!(received.len(), N_PACKETS * (4 + 1024));

    // Read the packets back through a capture opened on the pipe's read end
    let (fd_in, fd_out) = pipe();
    thread::spawn(move || {
        let mut file_out = unsafe { File::from_raw_fd(fd_out) };
        io::copy(&mut &received[..], &mut file_out).unwrap();
    });
    let mut cap = unsafe { Capture::from_raw_fd(fd_in) }.unwrap();
    for p in &packets {
        assert_eq!(cap.next_packet().as_ref(), Some(p));
    }
    assert!(cap.next_packet().is_none());
}

fn main() {
    test_raw_fd_api();
    println!("test_raw_fd_api passed (a panic on a writer thread would not have failed it)");
}
