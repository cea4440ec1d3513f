use std::{collections::HashMap, error::Error, net::SocketAddr, sync::Arc};

use parking_lot::Mutex;
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

// mixnet-util
#[derive(Clone)]
pub struct ConnectionPool {
    pool: Arc<Mutex<HashMap<SocketAddr, Arc<tokio::sync::Mutex<TcpStream>>>>>,
}

impl ConnectionPool {
    pub fn new(size: usize) -> Self {
        Self { pool: Arc::new(Mutex::new(HashMap::with_capacity(size))) }
    }

    pub async fn get_or_init(&self, addr: &SocketAddr) -> std::io::Result<Arc<tokio::sync::Mutex<TcpStream>>> {
        let mut pool = self.pool.lock();
        match pool.get(addr).cloned() {
            Some(tcp) => Ok(tcp),
            None => {
                let tcp = Arc::new(tokio::sync::Mutex::new(TcpStream::connect(addr).await?));
                pool.insert(*addr, tcp.clone());
                Ok(tcp)
            }
        }
    }
}

// mixnet-protocol
pub struct Body {
    data: Vec<u8>,
}

impl Body {
    pub fn new_sphinx(packet: Vec<u8>) -> Self {
        Self { data: packet }
    }

    pub async fn write<W: AsyncWrite + Unpin>(self, writer: &mut W) -> std::io::Result<()> {
        writer.write_u64(self.data.len() as u64).await?;
        writer.write_all(&self.data).await
    }
}

// mixnet-client: Sender splits messages into Sphinx packets and sends them to the Mixnet.
pub struct Sender {
    cache: ConnectionPool,
    first_node: SocketAddr,
}

impl Sender {
    pub fn send(&mut self, fragments: Vec<Vec<u8>>) {
        for packet in fragments {
            let cache = self.cache.clone();
            let addr = self.first_node;
            tokio::spawn(async move {
                if let Err(e) = Self::send_packet(&cache, packet, addr).await {
                    tracing::error!("failed to send packet to the first node: {e}");
                }
            });
        }
    }

    async fn send_packet(cache: &ConnectionPool, packet: Vec<u8>, addr: SocketAddr) -> Result<(), Box<dyn Error>> {
        tracing::debug!("Sending a Sphinx packet to the node: {addr:?}");

        let mu = cache.get_or_init(&addr).await?;
        let mut socket = mu.lock().await;
        let body = Body::new_sphinx(packet);
        body.write(&mut *socket).await?;

        tracing::debug!("Sent a Sphinx packet successuflly to the node: {addr:?}");
        Ok(())
    }
}
