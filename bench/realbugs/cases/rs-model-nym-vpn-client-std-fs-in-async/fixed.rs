//! nym-vpn-client: reduction of the daemon's on-disk account/config
//! storage.  The storage methods are async and are awaited from the tokio
//! daemon loop, which also serves the client's gRPC requests.

use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug)]
pub struct StorageError(String);

pub struct ConfigStorage {
    data_dir: PathBuf,
}

impl ConfigStorage {
    pub fn new(data_dir: PathBuf) -> Self {
        Self { data_dir }
    }

    fn path(&self) -> PathBuf {
        self.data_dir.join("config.toml")
    }

    pub async fn load(&self) -> Result<String, StorageError> {
        tokio::fs::read_to_string(self.path())
            .await
            .map_err(|e| StorageError(e.to_string()))
    }

    pub async fn store(&self, contents: &str) -> Result<(), StorageError> {
        tokio::fs::create_dir_all(&self.data_dir)
            .await
            .map_err(|e| StorageError(e.to_string()))?;
        tokio::fs::write(self.path(), contents)
            .await
            .map_err(|e| StorageError(e.to_string()))
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let storage = ConfigStorage::new(std::env::temp_dir().join("nym-vpnd"));
    let ticker = tokio::spawn(async {
        for _ in 0..5 {
            tokio::time::sleep(Duration::from_millis(10)).await;
            println!("status tick");
        }
    });
    for i in 0..3 {
        storage.store(&format!("entry_point = {i}\n")).await.unwrap();
        println!("loaded: {:?}", storage.load().await);
    }
    ticker.await.unwrap();
}
