// integrated-manager-for-lustre iml-agent/src/daemon_plugins/postoffice.rs (reduced).
use futures::executor::block_on;
use std::{collections::HashMap, sync::Arc};
use tokio::sync::Mutex;

pub struct Trigger(String);

pub struct PostOffice {
    // individual mailbox socket listeners
    routes: Arc<Mutex<HashMap<String, Trigger>>>,
}

pub fn create() -> PostOffice {
    PostOffice { routes: Arc::new(Mutex::new(HashMap::new())) }
}

impl std::fmt::Debug for PostOffice {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "PostOffice {{ {:?} }}", block_on(self.routes.lock()).keys())
    }
}

fn start_route(mailbox: String) -> Trigger {
    // binds /run/iml/postman-<mailbox>.sock and spawns the forwarding task
    Trigger(mailbox)
}

impl PostOffice {
    pub async fn start_session(&self, conf: String) {
        let routes = Arc::clone(&self.routes);
        let watcher = async move {
            // inotify on the postman config: hold the lock while (re)starting routes
            let mut rt = routes.lock().await;
            for mb in conf.lines() {
                rt.insert(mb.to_string(), start_route(mb.to_string()));
                tokio::task::yield_now().await;
            }
        };
        tokio::spawn(watcher);
    }
}

/// The daemon-plugin manager logs every plugin it drives from async handlers.
pub async fn update_session(plugins: &[(String, PostOffice)], name: &str) {
    for (plugin_name, plugin) in plugins {
        if plugin_name == name {
            tracing::debug!("updating session of {:?}", plugin);
        }
    }
}
