use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc;

#[derive(Debug, Clone)]
pub enum TunnelState {
    Disconnected,
    Connecting { relay: String },
    Connected { relay: String },
}

pub struct Daemon {
    tunnel_state: Arc<Mutex<TunnelState>>,
    event_tx: mpsc::Sender<TunnelState>,
}

impl Daemon {
    async fn notify_frontends(&self, state: TunnelState) {
        // bounded channel: awaits when the management interface is slow
        let _ = self.event_tx.send(state).await;
    }

    pub async fn on_tunnel_connected(&self, relay: String) {
        let mut state = self.tunnel_state.lock().unwrap();
        *state = TunnelState::Connected { relay };
        self.notify_frontends(state.clone()).await;
    }

    pub fn current_state(&self) -> TunnelState {
        self.tunnel_state.lock().unwrap().clone()
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (event_tx, mut event_rx) = mpsc::channel(1);
    let daemon = Rc::new(Daemon {
        tunnel_state: Arc::new(Mutex::new(TunnelState::Connecting { relay: "se-got-wg-001".into() })),
        event_tx,
    });
    // fill the channel so the next send has to wait
    daemon.event_tx.send(TunnelState::Disconnected).await.unwrap();

    let local = tokio::task::LocalSet::new();
    local
        .run_until(async move {
            let d = Rc::clone(&daemon);
            let connect = tokio::task::spawn_local(async move { d.on_tunnel_connected("se-got-wg-001".into()).await });
            let d = Rc::clone(&daemon);
            let status = tokio::task::spawn_local(async move {
                tokio::time::sleep(Duration::from_millis(10)).await;
                println!("state: {:?}", d.current_state());
            });
            let _ = status.await;
            while let Ok(Some(ev)) = tokio::time::timeout(Duration::from_millis(50), event_rx.recv()).await {
                println!("event: {:?}", ev);
            }
            let _ = connect.await;
        })
        .await;
}
