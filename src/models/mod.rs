//! API models: the built-in library knowledge embedded from `rules/models/**/*.toml`, plus
//! users' own, with lookups by qualified name. Front-ends and analyses ask here what a call means;
//! nothing else hard-codes library names.

pub mod schema;

use rustc_hash::FxHashMap as HashMap;

pub use schema::*;

/// The built-in model files, embedded by `build.rs`: (path relative to `rules/models`, text).
pub static BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_models.rs"));

/// All models of one run, indexed for lookups by qualified name.
#[derive(Clone, Debug, Default)]
pub struct Models {
    pub files: Vec<ModelFile>,
    locks: HashMap<String, LockModel>,
    spawns_new: HashMap<String, SpawnModel>,
    spawns_call: HashMap<String, SpawnModel>,
    /// Keyed by (language, method): a method name means different things in each language.
    spawns_method: HashMap<(String, String), SpawnModel>,
    executors: HashMap<String, ExecutorModel>,
    blocking: HashMap<String, BlockingModel>,
    resources: HashMap<String, ResourceModel>,
    thread_safe: HashMap<String, ThreadSafeModel>,
    atomics: HashMap<String, AtomicModel>,
    timeouts: HashMap<String, TimeoutModel>,
    /// Factory call -> the type it returns.
    factories: HashMap<String, String>,
    onces: HashMap<String, OnceModel>,
}

impl Models {
    /// The built-in models. Invariant: they parse (checked by a test), so this cannot fail.
    pub fn builtin() -> Models {
        let mut models = Models::default();
        for (path, text) in BUILTIN {
            let file: ModelFile = toml::from_str(text)
                .unwrap_or_else(|e| panic!("invariant: built-in model {path} parses: {e}"));
            models.add(file);
        }
        models
    }

    /// Parses one model file (built-in or a user's), for loaders that report errors.
    pub fn parse(text: &str) -> Result<ModelFile, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// Adds a file's entries; later entries win over earlier ones with the same name, so
    /// users' models can refine the built-in ones.
    pub fn add(&mut self, file: ModelFile) {
        for m in &file.lock {
            self.locks.insert(m.new.clone(), m.clone());
        }
        for m in &file.spawn {
            if let Some(n) = &m.new {
                self.spawns_new.insert(n.clone(), m.clone());
            }
            if let Some(c) = &m.call {
                self.spawns_call.insert(c.clone(), m.clone());
            }
            if let Some(me) = &m.method {
                self.spawns_method
                    .insert((file.language.clone(), me.clone()), m.clone());
            }
        }
        for m in &file.executor {
            self.executors.insert(m.new.clone(), m.clone());
        }
        for m in &file.blocking {
            self.blocking.insert(m.call.clone(), m.clone());
        }
        for m in &file.resource {
            self.resources.insert(m.open.clone(), m.clone());
        }
        for m in &file.thread_safe {
            self.thread_safe.insert(m.ty.clone(), m.clone());
        }
        for m in &file.atomic {
            self.atomics.insert(m.ty.clone(), m.clone());
        }
        for m in &file.timeout {
            self.timeouts.insert(m.call.clone(), m.clone());
        }
        for m in &file.factory {
            self.factories.insert(m.call.clone(), m.returns.clone());
        }
        for m in &file.once {
            self.onces.insert(m.ty.clone(), m.clone());
        }
        self.files.push(file);
    }

    pub fn lock(&self, ty: &str) -> Option<&LockModel> {
        self.locks.get(ty)
    }
    pub fn locks(&self) -> impl Iterator<Item = &LockModel> {
        self.locks.values()
    }
    pub fn spawn_constructor(&self, qualname: &str) -> Option<&SpawnModel> {
        self.spawns_new.get(qualname)
    }
    pub fn spawn_call(&self, qualname: &str) -> Option<&SpawnModel> {
        self.spawns_call.get(qualname)
    }
    pub fn spawn_method(&self, language: &str, method: &str) -> Option<&SpawnModel> {
        self.spawns_method
            .get(&(language.to_string(), method.to_string()))
    }
    pub fn spawns(&self) -> impl Iterator<Item = &SpawnModel> {
        self.spawns_new
            .values()
            .chain(self.spawns_call.values())
            .chain(self.spawns_method.values())
    }
    pub fn executor(&self, ty: &str) -> Option<&ExecutorModel> {
        self.executors.get(ty)
    }
    pub fn executors(&self) -> impl Iterator<Item = &ExecutorModel> {
        self.executors.values()
    }
    pub fn blocking(&self, qualname: &str) -> Option<&BlockingModel> {
        self.blocking.get(qualname)
    }
    pub fn resource(&self, qualname: &str) -> Option<&ResourceModel> {
        self.resources.get(qualname)
    }
    pub fn is_thread_safe(&self, ty: &str) -> bool {
        self.thread_safe.contains_key(ty)
    }
    pub fn atomic(&self, ty: &str) -> Option<&AtomicModel> {
        self.atomics.get(ty)
    }
    pub fn timeout(&self, qualname: &str) -> Option<&TimeoutModel> {
        self.timeouts.get(qualname)
    }
    pub fn once(&self, ty: &str) -> Option<&OnceModel> {
        self.onces.get(ty)
    }
    /// The type a factory call returns.
    pub fn factory(&self, qualname: &str) -> Option<&str> {
        self.factories.get(qualname).map(String::as_str)
    }
    /// Whether some factory returns `ty`.
    pub fn is_factory_type(&self, ty: &str) -> bool {
        self.factories.values().any(|t| t == ty)
    }
}
