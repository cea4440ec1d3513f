use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{OnceLock, RwLock, RwLockReadGuard};
use std::thread;
use std::time::Duration;

#[derive(Default)]
pub struct ModelRegistry {
    specs: HashMap<String, String>,
    tiers: HashMap<String, String>,
}

impl ModelRegistry {
    pub fn spec_for_tier(&self, tier: &str) -> Option<&String> {
        self.tiers.get(tier)
    }
    pub fn base_url(&self, spec: &str) -> Option<&String> {
        self.specs.get(spec)
    }
}

static REGISTRY: OnceLock<RwLock<ModelRegistry>> = OnceLock::new();

fn registry_lock() -> &'static RwLock<ModelRegistry> {
    REGISTRY.get_or_init(|| RwLock::new(ModelRegistry::default()))
}

pub fn model_registry() -> RwLockReadGuard<'static, ModelRegistry> {
    registry_lock().read().unwrap()
}

pub fn set_known_models(models: Vec<(String, String)>) {
    let mut reg = registry_lock().write().unwrap();
    for (spec, url) in models {
        reg.specs.insert(spec, url);
    }
}

pub struct Model {
    pub spec: String,
    pub base_url: String,
}

impl Model {
    fn from_base(spec: &str) -> Option<Model> {
        let reg = model_registry();
        let base_url = reg.base_url(spec)?.clone();
        Some(Model { spec: spec.to_string(), base_url })
    }

    pub fn from_spec(spec: &str) -> Option<Model> {
        Model::from_base(spec)
    }
}

fn resolve_compaction_model(tier: &str) -> Option<Model> {
    if let Some(spec) = model_registry().spec_for_tier(tier) {
        return Model::from_spec(spec);
    }
    None
}

fn main() {
    {
        let mut reg = registry_lock().write().unwrap();
        reg.tiers.insert("small".into(), "openai/gpt-mini".into());
        reg.specs.insert("openai/gpt-mini".into(), "https://api.openai.com".into());
    }
    static STOP: AtomicBool = AtomicBool::new(false);
    let discovery = thread::spawn(|| {
        while !STOP.load(Ordering::Relaxed) {
            set_known_models(vec![("anthropic/haiku".into(), "https://api.anthropic.com".into())]);
            thread::sleep(Duration::from_millis(1));
        }
    });
    for _ in 0..100_000 {
        let m = resolve_compaction_model("small").expect("model");
        assert_eq!(m.base_url, "https://api.openai.com");
    }
    STOP.store(true, Ordering::Relaxed);
    discovery.join().unwrap();
}
