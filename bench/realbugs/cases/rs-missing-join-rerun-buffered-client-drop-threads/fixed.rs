use std::io::Write;
use std::net::{SocketAddr, TcpStream};
use std::thread::JoinHandle;

use crossbeam::channel::{select, Receiver, Sender};

#[derive(Debug, PartialEq, Eq)]
struct FlushedMsg;

/// Sent to prematurely quit (before flushing).
#[derive(Debug, PartialEq, Eq)]
struct QuitMsg;

pub struct LogMsg(pub Vec<u8>);

enum MsgMsg {
    LogMsg(LogMsg),
    Flush,
}

enum PacketMsg {
    Packet(Vec<u8>),
    Flush,
}

/// Send [`LogMsg`]es to a server over TCP.
///
/// The messages are encoded and sent on separate threads
/// so that calling [`Client::send`] is non-blocking.
pub struct Client {
    msg_tx: Sender<MsgMsg>,
    flushed_rx: Receiver<FlushedMsg>,
    encode_quit_tx: Sender<QuitMsg>,
    send_quit_tx: Sender<QuitMsg>,
    encode_join: Option<JoinHandle<()>>,
    send_join: Option<JoinHandle<()>>,
}

impl Client {
    /// Connect via TCP to this log server.
    pub fn new(addr: SocketAddr) -> Self {
        let (msg_tx, msg_rx) = crossbeam::channel::unbounded();
        let (packet_tx, packet_rx) = crossbeam::channel::unbounded();
        let (flushed_tx, flushed_rx) = crossbeam::channel::unbounded();
        let (encode_quit_tx, encode_quit_rx) = crossbeam::channel::unbounded();
        let (send_quit_tx, send_quit_rx) = crossbeam::channel::unbounded();

        let encode_join = std::thread::Builder::new()
            .name("msg_encoder".into())
            .spawn(move || {
                msg_encode(&msg_rx, &encode_quit_rx, &packet_tx);
            })
            .expect("Failed to spawn thread");

        let send_join = std::thread::Builder::new()
            .name("tcp_sender".into())
            .spawn(move || {
                tcp_sender(addr, &packet_rx, &send_quit_rx, &flushed_tx);
            })
            .expect("Failed to spawn thread");

        Self {
            msg_tx,
            flushed_rx,
            encode_quit_tx,
            send_quit_tx,
            encode_join: Some(encode_join),
            send_join: Some(send_join),
        }
    }

    pub fn send(&self, log_msg: LogMsg) {
        self.msg_tx.send(MsgMsg::LogMsg(log_msg)).ok();
    }

    /// Stall until all messages so far has been sent.
    pub fn flush(&self) {
        self.msg_tx.send(MsgMsg::Flush).ok();
        self.flushed_rx.recv().ok();
    }
}

impl Drop for Client {
    /// Wait until everything has been sent.
    fn drop(&mut self) {
        self.flush();
        self.encode_quit_tx.send(QuitMsg).ok();
        self.encode_join.take().map(|j| j.join().ok());
        self.send_quit_tx.send(QuitMsg).ok();
        self.send_join.take().map(|j| j.join().ok());
    }
}

fn msg_encode(msg_rx: &Receiver<MsgMsg>, quit_rx: &Receiver<QuitMsg>, packet_tx: &Sender<PacketMsg>) {
    loop {
        select! {
            recv(msg_rx) -> msg_msg => {
                let Ok(msg_msg) = msg_msg else { return; };
                let packet_msg = match msg_msg {
                    MsgMsg::LogMsg(LogMsg(bytes)) => PacketMsg::Packet(bytes),
                    MsgMsg::Flush => PacketMsg::Flush,
                };
                if packet_tx.send(packet_msg).is_err() {
                    return;
                }
            }
            recv(quit_rx) -> _quit_msg => { return; }
        }
    }
}

fn tcp_sender(addr: SocketAddr, packet_rx: &Receiver<PacketMsg>, quit_rx: &Receiver<QuitMsg>, flushed_tx: &Sender<FlushedMsg>) {
    let mut stream = TcpStream::connect(addr).ok();
    loop {
        select! {
            recv(packet_rx) -> packet_msg => match packet_msg {
                Ok(PacketMsg::Packet(packet)) => {
                    if let Some(stream) = stream.as_mut() { stream.write_all(&packet).ok(); }
                }
                Ok(PacketMsg::Flush) => {
                    if let Some(stream) = stream.as_mut() { stream.flush().ok(); }
                    flushed_tx.send(FlushedMsg).expect("Main thread should still be alive");
                }
                Err(_) => return,
            },
            recv(quit_rx) -> _quit_msg => { return; }
        }
    }
}
