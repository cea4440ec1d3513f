//! Reduction of firefly `server/src/database.rs` (Arthurdw/firefly#11).
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    thread::sleep,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

pub type Map = HashMap<String, (String, String)>;
pub type Db = Arc<Mutex<Map>>;
pub type Changed = Arc<Mutex<u64>>;

fn current_epoch() -> String {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("Woah, your system time is before the UNIX EPOCH!")
        .as_secs()
        .to_string()
}

// TODO: Write some documentation
pub fn detect_expirations(db: Db, changed: Changed, clear_every: u64) {
    tokio::spawn(async move {
        let duration = Duration::from_secs(clear_every);
        println!("Checking for record expirations every {} seconds", clear_every);

        loop {
            sleep(duration);
            let mut db = db.lock().unwrap();
            let records = db.to_owned();
            let now = current_epoch();

            for (key, (_, ttl)) in records {
                if ttl == "0" || ttl > now {
                    continue;
                }
                db.remove(&key);
                let mut changed = changed.lock().unwrap();
                *changed += 1;
            }
        }
    });
}

pub async fn handle_query(db: Db, key: String) -> Option<String> {
    let db = db.lock().unwrap();
    db.get(&key).map(|(value, _)| value.clone())
}

#[tokio::main(flavor = "current_thread")]
pub async fn main() {
    let db: Db = Arc::new(Mutex::new(HashMap::new()));
    let changed: Changed = Arc::new(Mutex::new(0));
    detect_expirations(db.clone(), changed.clone(), 60);
    tokio::task::yield_now().await;
    // On the current-thread runtime the expiration task never yields again.
    let _ = handle_query(db, "key".to_string()).await;
}
