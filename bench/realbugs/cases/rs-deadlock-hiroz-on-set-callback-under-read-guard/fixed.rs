// hiroz: crates/hiroz/src/parameter/service.rs (ParameterState::validate_and_apply)
use std::collections::HashMap;
use std::sync::{Arc, RwLock, Weak};

#[derive(Clone, Debug)]
pub struct Parameter {
    pub name: String,
    pub value: i64,
}

#[derive(Clone, Debug)]
pub struct SetParametersResult {
    pub successful: bool,
    pub reason: String,
}

impl SetParametersResult {
    pub fn success() -> Self {
        SetParametersResult { successful: true, reason: String::new() }
    }
    pub fn failure(reason: impl Into<String>) -> Self {
        SetParametersResult { successful: false, reason: reason.into() }
    }
}

type SetCallback = Arc<dyn Fn(&[Parameter]) -> SetParametersResult + Send + Sync>;

#[derive(Default)]
struct ParameterStore {
    values: HashMap<String, i64>,
}

struct ParameterState {
    store: RwLock<ParameterStore>,
    on_set_callback: RwLock<Option<SetCallback>>,
}

impl ParameterState {
    fn on_set_parameters<F>(&self, callback: F)
    where
        F: Fn(&[Parameter]) -> SetParametersResult + Send + Sync + 'static,
    {
        if let Ok(mut cb) = self.on_set_callback.write() {
            *cb = Some(Arc::new(callback));
        }
    }

    fn validate_and_apply(&self, params: &[Parameter]) -> Vec<SetParametersResult> {
        let mut results: Vec<SetParametersResult> = {
            let store = self.store.read().unwrap();
            params
                .iter()
                .map(|p| match store.values.contains_key(&p.name) {
                    true => SetParametersResult::success(),
                    false => SetParametersResult::failure("parameter not declared"),
                })
                .collect()
        };

        let callback: Option<SetCallback> = self
            .on_set_callback
            .read()
            .ok()
            .and_then(|guard| guard.as_ref().cloned());

        if let Some(cb) = callback.as_ref() {
            for (i, param) in params.iter().enumerate() {
                if results[i].successful {
                    let cb_result = cb(std::slice::from_ref(param));
                    if !cb_result.successful {
                        results[i] = SetParametersResult::failure(cb_result.reason);
                    }
                }
            }
        }

        let mut store = self.store.write().unwrap();
        for (i, param) in params.iter().enumerate() {
            if results[i].successful {
                store.values.insert(param.name.clone(), param.value);
            }
        }
        results
    }
}

pub struct ZNode {
    state: Arc<ParameterState>,
}

impl ZNode {
    pub fn new() -> Arc<ZNode> {
        let state = ParameterState { store: RwLock::default(), on_set_callback: RwLock::new(None) };
        Arc::new(ZNode { state: Arc::new(state) })
    }

    pub fn declare_parameter(&self, name: &str, value: i64) {
        self.state.store.write().unwrap().values.insert(name.to_string(), value);
    }

    pub fn on_set_parameters<F>(&self, callback: F)
    where
        F: Fn(&[Parameter]) -> SetParametersResult + Send + Sync + 'static,
    {
        self.state.on_set_parameters(callback);
    }

    pub fn set_parameter(&self, param: Parameter) -> SetParametersResult {
        self.state.validate_and_apply(&[param]).remove(0)
    }
}

/// A validation policy that swaps itself out once the node is configured.
pub fn install_policy(node: &Arc<ZNode>) {
    let weak: Weak<ZNode> = Arc::downgrade(node);
    node.on_set_parameters(move |changed: &[Parameter]| {
        if changed.iter().any(|p| p.name == "configured") {
            if let Some(n) = weak.upgrade() {
                n.on_set_parameters(|_| SetParametersResult::success());
            }
        }
        SetParametersResult::success()
    });
}
