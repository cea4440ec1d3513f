//! Shape of rerun crates/store/re_grpc_client/src/connection_registry.rs (v0.24 dev)
//! and the custom_view example that starts the viewer from `#[tokio::main]`.
use std::collections::{hash_map::Entry, HashMap};
use std::sync::Arc;

use tokio::sync::RwLock;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Origin(String);

#[derive(Clone, Debug)]
pub struct Jwt(String);

impl TryFrom<String> for Jwt {
    type Error = String;
    fn try_from(token: String) -> Result<Self, Self::Error> {
        if token.split('.').count() == 3 { Ok(Jwt(token)) } else { Err(token) }
    }
}

#[derive(Clone)]
pub struct RedapClient;

pub struct ConnectionRegistry {
    /// The saved authentication tokens.
    saved_tokens: HashMap<Origin, Jwt>,
    /// The cached clients.
    clients: HashMap<Origin, RedapClient>,
}

impl ConnectionRegistry {
    pub fn new() -> ConnectionRegistryHandle {
        ConnectionRegistryHandle {
            inner: Arc::new(RwLock::new(Self { saved_tokens: HashMap::new(), clients: HashMap::new() })),
        }
    }
}

/// Registry of all tokens and connections to the redap servers. Cheap to clone.
#[derive(Clone)]
pub struct ConnectionRegistryHandle {
    inner: Arc<RwLock<ConnectionRegistry>>,
}

impl ConnectionRegistryHandle {
    pub fn set_token(&self, origin: &Origin, token: Jwt) {
        let mut inner = self.inner.blocking_write();
        inner.saved_tokens.insert(origin.clone(), token);
        inner.clients.remove(origin);
    }

    pub async fn client(&self, origin: Origin) -> Option<RedapClient> {
        let inner = self.inner.read().await;
        inner.clients.get(&origin).cloned()
    }

    /// Load tokens from persistence. Does NOT overwrite tokens set with `--token`.
    pub fn load_tokens(&self, tokens: SerializedTokens) {
        let mut inner = self.inner.blocking_write();
        for (origin, token) in tokens.0 {
            if let Entry::Vacant(e) = inner.saved_tokens.entry(origin.clone()) {
                if let Ok(jwt) = Jwt::try_from(token) {
                    e.insert(jwt);
                }
            }
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct SerializedTokens(Vec<(Origin, String)>);

/// re_viewer::App: restores persisted state when the native window is created.
pub struct App {
    connection_registry: ConnectionRegistryHandle,
}

impl App {
    pub fn new(connection_registry: ConnectionRegistryHandle, storage: Option<SerializedTokens>) -> Self {
        if let Some(tokens) = storage {
            connection_registry.load_tokens(tokens);
        }
        Self { connection_registry }
    }
}

pub fn run_native_app(app_creator: impl FnOnce() -> App) -> App {
    // eframe::run_native calls the creator on the calling thread
    app_creator()
}

// examples/rust/custom_view/src/main.rs
#[tokio::main]
async fn main() {
    let connection_registry = ConnectionRegistry::new();
    let persisted = SerializedTokens(vec![(Origin("rerun+http://127.0.0.1:51234".into()), "a.b.c".into())]);
    let app = run_native_app(move || App::new(connection_registry, Some(persisted)));
    let _ = app.connection_registry.client(Origin("rerun+http://127.0.0.1:51234".into())).await;
}
