use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;

#[derive(Clone, Debug)]
pub struct ContainerRoot {
    pub id: String,
    pub wants_org_share: bool,
}

pub struct AppState {
    /// Serialises every mutation of the organisation's shared state.
    pub org_share_mutation_lock: Mutex<()>,
    pub roots: Mutex<Vec<ContainerRoot>>,
    pub placed: Mutex<HashMap<String, u64>>,
}

impl AppState {
    pub fn new(roots: Vec<ContainerRoot>) -> Self {
        Self {
            org_share_mutation_lock: Mutex::new(()),
            roots: Mutex::new(roots),
            placed: Mutex::new(HashMap::new()),
        }
    }
}

async fn upload_share_manifest(root: &ContainerRoot) -> Result<u64, String> {
    tokio::time::sleep(Duration::from_millis(5)).await;
    Ok(root.id.len() as u64)
}

/// Shares a container with the organisation and notifies its members.
pub async fn share_to_org_placed_notifying(
    state: &AppState,
    root: &ContainerRoot,
) -> Result<(), String> {
    let _mutation = state.org_share_mutation_lock.lock().await;
    let epoch = upload_share_manifest(root).await?;
    state.placed.lock().await.insert(root.id.clone(), epoch);
    Ok(())
}

async fn reconcile_one_container_root(state: &AppState, root: &ContainerRoot) -> Result<(), String> {
    if root.wants_org_share && !state.placed.lock().await.contains_key(&root.id) {
        share_to_org_placed_notifying(state, root).await?;
    }
    Ok(())
}

pub async fn reconcile_container_shares(state: &AppState) -> Result<usize, String> {
    let roots = state.roots.lock().await.clone();
    for root in &roots {
        reconcile_one_container_root(state, root).await?;
    }
    Ok(roots.len())
}

pub async fn org_background_sync_tick(state: Arc<AppState>) -> Result<usize, String> {
    let _mutation = state.org_share_mutation_lock.lock().await;
    let reconciled = reconcile_container_shares(&state).await?;
    Ok(reconciled)
}

#[tokio::main]
async fn main() {
    let state = Arc::new(AppState::new(vec![
        ContainerRoot { id: "design".into(), wants_org_share: true },
        ContainerRoot { id: "finance".into(), wants_org_share: false },
    ]));
    let tick = tokio::time::timeout(Duration::from_secs(2), org_background_sync_tick(state.clone())).await;
    match tick {
        Ok(result) => println!("tick finished: {:?}", result),
        Err(_) => println!("org sync tick hung: the org mutation lock is held by the tick itself"),
    }
}
