// Reduced from qarax/qarax PR #115 ("Wait for all join handles to complete
// before proceeding", fixes #114).
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::RwLock;

#[derive(Clone, Debug)]
pub struct Host {
    pub id: u32,
    pub address: String,
}

#[derive(Default)]
pub struct HostService {
    pub healthy: RwLock<Vec<u32>>,
}

impl HostService {
    async fn health_check(&self, host: &Host) -> bool {
        tokio::time::sleep(Duration::from_millis(20)).await;
        !host.address.is_empty()
    }

    pub async fn initialize_hosts(self: Arc<Self>, hosts: Vec<Host>) {
        let mut handles = Vec::new();
        for host in hosts {
            let service = Arc::clone(&self);
            handles.push(tokio::spawn(async move {
                if service.health_check(&host).await {
                    service.healthy.write().await.push(host.id);
                }
            }));
        }
        for handle in futures::future::join_all(handles).await {
            handle.expect("health check task panicked");
        }
    }
}

#[tokio::main]
async fn main() {
    let service = Arc::new(HostService::default());
    let hosts = vec![
        Host { id: 1, address: "10.0.0.1".into() },
        Host { id: 2, address: "10.0.0.2".into() },
    ];
    Arc::clone(&service).initialize_hosts(hosts).await;
    let healthy = service.healthy.read().await;
    println!("healthy hosts before starting VMs: {:?}", *healthy);
}
