// Reduced from oxidecomputer/cio#13: the shipment/airtable sync helpers are
// async fns driven by the tokio runtime, but they back off between API calls
// with the blocking std::thread::sleep, parking the worker thread and every
// other task scheduled on it.
use std::collections::HashMap;
use std::time::Duration;

struct Shipment {
    id: String,
    tracking_number: String,
    status: String,
}

struct ShippoClient {
    calls: u32,
}

impl ShippoClient {
    async fn get_tracking_status(&mut self, tracking_number: &str) -> Result<String, String> {
        self.calls += 1;
        tokio::task::yield_now().await;
        if self.calls % 3 == 0 {
            return Err(format!("429 Too Many Requests for {}", tracking_number));
        }
        Ok("TRANSIT".to_string())
    }
}

async fn refresh_outbound_shipments(client: &mut ShippoClient, shipments: &mut Vec<Shipment>) {
    for s in shipments.iter_mut() {
        let mut attempts = 0;
        loop {
            match client.get_tracking_status(&s.tracking_number).await {
                Ok(status) => {
                    s.status = status;
                    break;
                }
                Err(e) if attempts < 3 => {
                    println!("rate limited ({}), retrying {}", e, s.id);
                    attempts += 1;
                    std::thread::sleep(Duration::from_secs(1));
                }
                Err(e) => {
                    println!("giving up on {}: {}", s.id, e);
                    break;
                }
            }
        }
    }
}

#[tokio::main]
async fn main() {
    let mut client = ShippoClient { calls: 0 };
    let mut shipments: Vec<Shipment> = (0..4)
        .map(|i| Shipment { id: format!("s{}", i), tracking_number: format!("1Z{}", i), status: String::new() })
        .collect();
    let heartbeat = tokio::spawn(async {
        for _ in 0..5 {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    });
    refresh_outbound_shipments(&mut client, &mut shipments).await;
    heartbeat.await.unwrap();
    let by_status: HashMap<String, usize> = shipments.iter().fold(HashMap::new(), |mut m, s| {
        *m.entry(s.status.clone()).or_insert(0) += 1;
        m
    });
    println!("{:?}", by_status);
}
