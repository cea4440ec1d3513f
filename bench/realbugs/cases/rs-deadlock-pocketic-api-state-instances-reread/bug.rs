//! Reduction of PocketIC server `state_api/state.rs` (dfinity/ic#2172).
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, RwLock};
use tokio::time;

pub type InstanceId = usize;
pub type OpId = String;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct StateLabel(pub [u8; 32]);

pub struct PocketIc {
    pub label: StateLabel,
    pub time_nanos: u64,
}

pub enum InstanceState {
    Busy { state_label: StateLabel, op_id: OpId },
    Available(PocketIc),
    Deleted,
}

#[derive(Debug)]
pub enum UpdateReply {
    Started { state_label: StateLabel, op_id: OpId },
    Busy { state_label: StateLabel, op_id: OpId },
    Output(u64),
}

pub struct ApiState {
    instances: Arc<RwLock<Vec<Mutex<InstanceState>>>>,
    graph: Arc<RwLock<HashMap<StateLabel, OpId>>>,
    sync_wait_time: Duration,
}

impl ApiState {
    pub async fn add_instance(&self, instance: PocketIc) -> InstanceId {
        let mut instances = self.instances.write().await;
        instances.push(Mutex::new(InstanceState::Available(instance)));
        instances.len() - 1
    }

    pub async fn delete_instance(&self, instance_id: InstanceId) {
        let instances = self.instances.read().await;
        if let Some(m) = instances.get(instance_id) {
            *m.lock().await = InstanceState::Deleted;
        }
    }

    pub async fn num_instances(&self) -> usize {
        self.instances.read().await.len()
    }

    pub async fn update_instances_with_timeout(
        &self,
        op_id: OpId,
        instance_id: InstanceId,
    ) -> Result<UpdateReply, String> {
        let instances = self.instances.read().await;
        let Some(mutex) = instances.get(instance_id) else {
            let count = self.num_instances().await;
            return Err(format!("instance {} not found ({} instances)", instance_id, count));
        };
        let mut instance_state = mutex.lock().await;
        match &mut *instance_state {
            InstanceState::Busy { state_label, op_id } => Ok(UpdateReply::Busy {
                state_label: state_label.clone(),
                op_id: op_id.clone(),
            }),
            InstanceState::Deleted => Err("instance was deleted".to_string()),
            InstanceState::Available(pic) => {
                pic.time_nanos += 1;
                let label = pic.label.clone();
                self.graph.write().await.insert(label.clone(), op_id.clone());
                time::sleep(self.sync_wait_time).await;
                Ok(UpdateReply::Started { state_label: label, op_id })
            }
        }
    }
}

/// The axum handlers run these concurrently on the server runtime.
pub async fn serve(state: Arc<ApiState>) {
    let s1 = state.clone();
    let create = tokio::spawn(async move {
        s1.add_instance(PocketIc { label: StateLabel([0; 32]), time_nanos: 0 }).await
    });
    let s2 = state.clone();
    let update = tokio::spawn(async move { s2.update_instances_with_timeout("tick".into(), 7).await });
    let _ = create.await;
    let _ = update.await;
}
