// ballista rust/executor/src/main.rs (reduced, tokio 0.2 era): periodic etcd registration
use std::thread;
use std::time::Duration;

pub struct Lease {
    id: i64,
}

impl Lease {
    pub fn id(&self) -> i64 {
        self.id
    }
}

#[derive(Default)]
pub struct PutOptions {
    lease: Option<i64>,
}

impl PutOptions {
    pub fn new() -> Self {
        PutOptions::default()
    }
    pub fn with_lease(mut self, id: i64) -> Self {
        self.lease = Some(id);
        self
    }
}

/// Stand-in for etcd_client::Client (all calls are async gRPC requests)
pub struct Client {
    endpoint: String,
}

impl Client {
    pub async fn connect(endpoints: [&str; 1], _options: Option<()>) -> Result<Client, String> {
        Ok(Client { endpoint: endpoints[0].to_owned() })
    }
    pub async fn lease_grant(&mut self, ttl: i64, _options: Option<()>) -> Result<Lease, String> {
        Ok(Lease { id: ttl })
    }
    pub async fn put(&mut self, key: String, value: String, options: Option<PutOptions>) -> Result<(), String> {
        let _ = (key, value, options, &self.endpoint);
        Ok(())
    }
}

async fn start_etcd_thread(etcd_urls: String, cluster_name: String, uuid: String, host: String, port: usize) {
    match Client::connect([&etcd_urls], None).await {
        Ok(mut client) => {
            println!("Connected to etcd at {} ok", etcd_urls);
            let lease_time_seconds = 60;
            let key = format!("/ballista/{}/{}", cluster_name, &uuid);
            let value = format!("{}:{}", host, port);
            loop {
                match client.lease_grant(lease_time_seconds, None).await {
                    Ok(lease) => {
                        let options = PutOptions::new().with_lease(lease.id());
                        match client.put(key.clone(), value.clone(), Some(options)).await {
                            Ok(_) => println!("Registered with etcd as {}.", key),
                            Err(e) => println!("Failed to register with etcd: {:?}", e),
                        }
                    }
                    Err(e) => println!("Failed to grant etcd lease: {:?}", e),
                }
                thread::sleep(Duration::from_secs(15));
            }
        }
        Err(e) => println!("Failed to connect to etcd {:?}", e),
    }
}

pub async fn main_executor(etcd_urls: String, host: String, port: usize) {
    let uuid = "6f1c2d0e-executor".to_owned();
    tokio::spawn(async move {
        start_etcd_thread(etcd_urls, "default".to_owned(), uuid, host, port).await;
    });
    // ... the Flight service of the executor runs on the same runtime
}
