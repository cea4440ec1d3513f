// steam-vent: src/connection/mod.rs (before the fix for icewind1991/steam-vent#16), reduced.
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::task::spawn;
use tokio::time::sleep;

#[derive(Debug)]
pub enum NetworkError {
    Closed,
}

#[derive(Clone, Default)]
pub struct NetMessageHeader {
    pub session_id: i32,
    pub steam_id: u64,
}

pub struct RawNetMessage {
    pub header: NetMessageHeader,
    pub data: Vec<u8>,
}

impl RawNetMessage {
    fn heartbeat(header: NetMessageHeader) -> Result<Self, NetworkError> {
        Ok(RawNetMessage { header, data: b"CMsgClientHeartBeat".to_vec() })
    }
}

/// The write half of the websocket transport.
pub struct WsSink {
    sent: Vec<RawNetMessage>,
}

impl WsSink {
    async fn send(&mut self, msg: RawNetMessage) -> Result<(), NetworkError> {
        self.sent.push(msg);
        Ok(())
    }
}

pub(crate) type TransportWriter = Arc<Mutex<WsSink>>;

#[derive(Default)]
pub struct Session {
    pub session_id: i32,
    pub steam_id: u64,
    pub heartbeat_interval: Duration,
}

pub struct Connection {
    pub(crate) session: Session,
    write: TransportWriter,
    timeout: Duration,
}

impl Connection {
    async fn connect() -> Result<Self, NetworkError> {
        Ok(Connection {
            session: Session::default(),
            write: Arc::new(Mutex::new(WsSink { sent: Vec::new() })),
            timeout: Duration::from_secs(10),
        })
    }

    pub async fn anonymous() -> Result<Self, NetworkError> {
        let mut connection = Self::connect().await?;
        connection.session = Session { session_id: 1, steam_id: 76561197960265728, heartbeat_interval: Duration::from_millis(20) };
        connection.setup_heartbeat();
        Ok(connection)
    }

    fn setup_heartbeat(&self) {
        let write = self.write.clone();
        let interval = self.session.heartbeat_interval;
        let header = NetMessageHeader {
            session_id: self.session.session_id,
            steam_id: self.steam_id(),
        };
        spawn(async move {
            loop {
                sleep(interval).await;
                match RawNetMessage::heartbeat(header.clone()) {
                    Ok(msg) => {
                        let mut writer = write.lock().await;
                        if let Err(e) = writer.send(msg).await {
                            eprintln!("Failed to send heartbeat message: {e:?}");
                        }
                    }
                    Err(e) => eprintln!("Failed to prepare heartbeat message: {e:?}"),
                }
            }
        });
    }

    pub fn steam_id(&self) -> u64 {
        self.session.steam_id
    }

    pub async fn send(&self, data: &[u8]) -> Result<(), NetworkError> {
        let msg = RawNetMessage { header: NetMessageHeader::default(), data: data.to_vec() };
        self.write.lock().await.send(msg).await
    }
}

#[tokio::main]
async fn main() {
    for _ in 0..3 {
        let connection = Connection::anonymous().await.unwrap();
        connection.send(b"CMsgClientGetAppOwnershipTicket").await.unwrap();
        let writer = Arc::downgrade(&connection.write);
        drop(connection);
        sleep(Duration::from_millis(100)).await;
        // the dropped connection's heartbeat loop still owns the transport and keeps sending
        println!("transport still alive after drop: {}", writer.upgrade().is_some());
    }
}
