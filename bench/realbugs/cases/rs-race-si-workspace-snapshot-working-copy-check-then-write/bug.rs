use std::collections::BTreeMap;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use tokio::sync::{RwLock, RwLockWriteGuard};

#[derive(Clone, Debug, Default)]
pub struct WorkspaceSnapshotGraph {
    nodes: BTreeMap<u64, String>,
}

impl WorkspaceSnapshotGraph {
    pub fn add_node(&mut self, id: u64, name: &str) {
        self.nodes.insert(id, name.to_owned());
    }
}

pub struct SnapshotWriteGuard<'a> {
    working_copy_write_guard: RwLockWriteGuard<'a, Option<WorkspaceSnapshotGraph>>,
}

impl<'a> Deref for SnapshotWriteGuard<'a> {
    type Target = WorkspaceSnapshotGraph;
    fn deref(&self) -> &WorkspaceSnapshotGraph {
        self.working_copy_write_guard.as_ref().expect("working copy should be populated")
    }
}

impl<'a> DerefMut for SnapshotWriteGuard<'a> {
    fn deref_mut(&mut self) -> &mut WorkspaceSnapshotGraph {
        self.working_copy_write_guard.as_mut().expect("working copy should be populated")
    }
}

#[derive(Clone)]
pub struct WorkspaceSnapshot {
    /// The read-only graph fetched from the layer db.
    read_only_graph: Arc<WorkspaceSnapshotGraph>,
    /// Copy-on-write working copy, created on the first mutation.
    working_copy: Arc<RwLock<Option<WorkspaceSnapshotGraph>>>,
}

impl WorkspaceSnapshot {
    pub fn new(graph: WorkspaceSnapshotGraph) -> Self {
        Self { read_only_graph: Arc::new(graph), working_copy: Arc::new(RwLock::new(None)) }
    }

    async fn working_copy_mut(&self) -> SnapshotWriteGuard<'_> {
        if self.working_copy.read().await.is_none() {
            // Make a copy of the read only graph as our new working copy
            *self.working_copy.write().await = Some(self.read_only_graph.as_ref().clone());
        }

        SnapshotWriteGuard { working_copy_write_guard: self.working_copy.write().await }
    }

    pub async fn add_node(&self, id: u64, name: &str) {
        self.working_copy_mut().await.add_node(id, name);
    }

    /// Throw away the working copy, e.g. when a change set is abandoned.
    pub async fn revert(&self) {
        if self.working_copy.read().await.is_some() {
            *self.working_copy.write().await = None;
        }
    }
}

pub async fn create_components(snapshot: WorkspaceSnapshot) {
    // DAL jobs mutate the same snapshot concurrently from several tasks.
    let mut tasks = Vec::new();
    for id in 0..8u64 {
        let snapshot = snapshot.clone();
        tasks.push(tokio::spawn(async move {
            snapshot.add_node(id, "component").await;
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
}
