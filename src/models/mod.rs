//! API models: the built-in library knowledge embedded from `rules/models/**/*.toml`, plus
//! users' own, with lookups by qualified name. Front-ends and analyses ask here what a call means;
//! nothing else hard-codes library names.
//!
//! - A `[[tuple_factory]]` names the type of each element of the tuple a call returns
//!   (`mpsc::channel()`: a `Sender` and a `Receiver`), which the Rust front-end gives the bindings
//!   of a tuple `let`.
//! - A factory whose result mirrors a module (`multiprocessing.get_context`, `mirrors`,
//!   `by_argument`) gives each result type a generated copy of the module's entries
//!   (`mirrored_copies`), so the front-end names `ctx.Process` after the context's type and every
//!   rule matches it unchanged; only the `[[fork]]` entries, which differ per start method, are
//!   written out per type.

pub mod schema;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

pub use schema::*;

/// The method name of the spawn an executor's initializer runs as
/// (`concurrent.futures.ThreadPoolExecutor.initializer`): every worker runs it, many at once.
pub const INITIALIZER: &str = "initializer";

/// The built-in model files, embedded by `build.rs`: (path relative to `rules/models`, text).
pub static BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_models.rs"));

/// All models of one run, indexed for lookups by qualified name.
/// An operation that forks the process (`[[fork]]`).
#[derive(Clone, Debug, Default)]
pub struct ForkOp {
    /// Forks only under multiprocessing's `fork` start method.
    pub start_method: bool,
    /// Starts a process through `multiprocessing` (KN511), not a bare fork (KN206).
    pub process_start: bool,
    /// Keywords that choose the start method for this call (`mp_context=`).
    pub unless_arg: Vec<String>,
    /// For a method of a built object, the operation that built it (see `ForkModel`).
    pub chosen_at: Option<String>,
}

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
    /// Every `unless_constructed_with` name of a blocking model: the constructor arguments worth
    /// remembering on the place a constructed object goes to.
    constructor_flags: HashSet<String>,
    resources: HashMap<String, ResourceModel>,
    thread_safe: HashMap<String, ThreadSafeModel>,
    process_shared: HashMap<String, ProcessSharedModel>,
    atomics: HashMap<String, AtomicModel>,
    timeouts: HashMap<String, TimeoutModel>,
    /// Factory call -> the type it returns.
    factories: HashMap<String, String>,
    /// Tuple factory call -> the type of each element (`TupleFactoryModel`).
    tuple_factories: HashMap<String, Vec<String>>,
    /// Factory call -> constant first argument -> the type it returns (`FactoryModel::by_argument`).
    factories_by_argument: HashMap<String, HashMap<String, String>>,
    /// A factory's result type -> the module whose API it mirrors (`FactoryModel::mirrors`).
    mirrors: HashMap<String, String>,
    /// The attributes worth resolving through a mirror: modelled names of mirrored modules.
    mirrored_attrs: HashSet<String>,
    onces: HashMap<String, OnceModel>,
    /// Library functions that return a coroutine.
    coroutines: HashSet<String>,
    /// Operations bound to their event loop's thread -> the thread-safe way.
    loop_bound: HashMap<String, String>,
    /// Calls that create or run an event loop in the calling thread.
    loop_runners: HashSet<String>,
    python_containers: HashSet<String>,
    iterating_calls: HashSet<String>,
    /// Decorators whose functions run on an event loop's thread.
    loop_callbacks: HashSet<String>,
    memoizers: HashSet<String>,
    /// Top-level module -> what runs its threads (`[[threaded_library]]`).
    threaded_libraries: HashMap<String, String>,
    /// Decorator -> the lock type its wrapper holds, one per decorated function.
    locking_decorators: HashMap<String, String>,
    finalizers: HashMap<String, usize>,
    infallible: HashSet<String>,
    exits: HashSet<String>,
    /// Method names that open a resource of another type (`spawn` of `Command::spawn`).
    opener_methods: HashSet<String>,
    /// Operations that fork the process.
    forks: HashMap<String, ForkOp>,
    /// The types factories return.
    factory_types: HashSet<String>,
    /// Every type some model names: a lock, a spawn constructor, an executor, a resource, a
    /// thread-safe or atomic type, a factory's result (one lookup for `is_model_type`).
    model_types: HashSet<String>,
    /// Every name a call path can be modelled under: the keys of `spawns_new`, `spawns_call`,
    /// `blocking`, `resources` and `factories`, and every model type (a superset; it only grows).
    paths: HashSet<String>,
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
            self.constructor_flags
                .extend(m.unless_constructed_with.iter().cloned());
        }
        for m in &file.resource {
            if m.returns.is_some() {
                if let Some((_, method)) = m.open.rsplit_once("::") {
                    self.opener_methods.insert(method.to_string());
                }
            }
            self.resources.insert(m.open.clone(), m.clone());
        }
        for m in &file.thread_safe {
            self.thread_safe.insert(m.ty.clone(), m.clone());
        }
        for m in &file.atomic {
            self.atomics.insert(m.ty.clone(), m.clone());
        }
        for m in &file.process_shared {
            self.process_shared.insert(m.ty.clone(), m.clone());
        }
        for m in &file.timeout {
            self.timeouts.insert(m.call.clone(), m.clone());
        }
        for m in &file.tuple_factory {
            self.tuple_factories
                .insert(m.call.clone(), m.elements.clone());
        }
        let mut replaced_factory = false;
        for m in &file.factory {
            let old = self.factories.insert(m.call.clone(), m.returns.clone());
            replaced_factory |= old.is_some_and(|t| t != m.returns);
            if !m.by_argument.is_empty() {
                let by_argument = self.factories_by_argument.entry(m.call.clone());
                by_argument.or_default().extend(m.by_argument.clone());
            }
            if let Some(module) = &m.mirrors {
                for ty in std::iter::once(&m.returns).chain(m.by_argument.values()) {
                    self.mirrors.insert(ty.clone(), module.clone());
                }
            }
        }
        if replaced_factory {
            // A factory's old result type may be nobody's result any more.
            self.factory_types = self.factories.values().cloned().collect();
            self.model_types = self.factory_types.clone();
            self.model_types.extend(
                (self.locks.keys())
                    .chain(self.spawns_new.keys())
                    .chain(self.executors.keys())
                    .chain(self.resources.keys())
                    .chain(self.thread_safe.keys())
                    .chain(self.process_shared.keys())
                    .chain(self.atomics.keys())
                    .cloned(),
            );
        } else {
            let returns = file.factory.iter().map(|m| &m.returns);
            self.factory_types.extend(returns.clone().cloned());
            let types = (file.lock.iter().map(|m| &m.new))
                .chain(file.spawn.iter().filter_map(|m| m.new.as_ref()))
                .chain(file.executor.iter().map(|m| &m.new))
                .chain(file.resource.iter().map(|m| &m.open))
                .chain(file.thread_safe.iter().map(|m| &m.ty))
                .chain(file.process_shared.iter().map(|m| &m.ty))
                .chain(file.atomic.iter().map(|m| &m.ty))
                .chain(returns);
            self.model_types.extend(types.cloned());
        }
        let elements = self.tuple_factories.values().flatten().cloned();
        self.model_types.extend(elements);
        let paths = (file.spawn.iter())
            .flat_map(|m| m.new.iter().chain(m.call.iter()))
            .chain(file.blocking.iter().map(|m| &m.call))
            .chain(file.resource.iter().map(|m| &m.open))
            .chain(file.factory.iter().map(|m| &m.call))
            .chain(file.tuple_factory.iter().map(|m| &m.call))
            .chain(self.model_types.iter());
        let paths: Vec<String> = paths.cloned().collect();
        self.paths.extend(paths);
        // Recomputed per file: a later file may model more of a mirrored module.
        self.mirrored_attrs = (self.mirrors.values())
            .flat_map(|module| {
                let prefix = format!("{module}.");
                (self.paths.iter())
                    .filter_map(move |p| p.strip_prefix(prefix.as_str()))
                    .filter(|rest| !rest.contains('.'))
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        for m in &file.once {
            self.onces.insert(m.ty.clone(), m.clone());
        }
        self.coroutines
            .extend(file.coroutine.iter().map(|m| m.call.clone()));
        for m in &file.loop_bound {
            for c in &m.calls {
                self.loop_bound.insert(c.clone(), m.instead.clone());
            }
        }
        for m in &file.loop_callback {
            self.loop_callbacks.extend(m.decorators.iter().cloned());
        }
        for m in &file.memoizer {
            self.memoizers.extend(m.decorators.iter().cloned());
        }
        for m in &file.threaded_library {
            for module in &m.modules {
                self.threaded_libraries
                    .insert(module.clone(), m.threads.clone());
            }
        }
        for m in &file.locking_decorator {
            for d in &m.decorators {
                self.locking_decorators.insert(d.clone(), m.lock.clone());
            }
        }
        for m in &file.finalizer {
            self.finalizers.insert(m.call.clone(), m.callback);
        }
        for m in &file.exit {
            self.exits.extend(m.calls.iter().cloned());
        }
        for m in &file.infallible {
            self.infallible.extend(m.calls.iter().cloned());
        }
        for m in &file.loop_runner {
            self.loop_runners.extend(m.calls.iter().cloned());
        }
        for m in &file.python_container {
            self.python_containers.insert(m.ty.clone());
        }
        for m in &file.iterating_call {
            self.iterating_calls.extend(m.calls.iter().cloned());
        }
        for m in &file.fork {
            for c in &m.calls {
                self.forks.insert(
                    c.clone(),
                    ForkOp {
                        start_method: m.start_method,
                        process_start: m.process_start,
                        unless_arg: m.unless_arg.clone(),
                        chosen_at: m.chosen_at.clone(),
                    },
                );
            }
        }
        let mirrored = mirrored_copies(&file);
        self.files.push(file);
        if let Some(copies) = mirrored {
            self.add(copies);
        }
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
    /// Whether `ty` is the handle type of a spawn whose handle is joined (`SpawnModel::handle`).
    pub fn is_join_handle(&self, ty: &str) -> bool {
        self.spawns()
            .any(|m| m.handle.as_deref() == Some(ty) && !m.join.is_empty())
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
    /// Whether `qualname` is a library function that returns a coroutine (`asyncio.sleep`).
    pub fn is_coroutine(&self, qualname: &str) -> bool {
        self.coroutines.contains(qualname)
    }
    /// The thread-safe way to do `qualname` (`asyncio.Event.set`) when it must run on its event
    /// loop's thread.
    pub fn loop_bound(&self, qualname: &str) -> Option<&str> {
        self.loop_bound.get(qualname).map(String::as_str)
    }
    /// Whether `qualname` creates or runs an event loop in the calling thread.
    /// Whether a function under decorator `qualname` runs on an event loop's thread.
    pub fn is_loop_callback_decorator(&self, qualname: &str) -> bool {
        self.loop_callbacks.contains(qualname)
    }
    /// Where call `qualname` takes a function it registers to run when an object dies
    /// (`[[finalizer]]`).
    pub fn finalizer_callback(&self, qualname: &str) -> Option<usize> {
        self.finalizers.get(qualname).copied()
    }
    /// What runs the threads of the library `import` (a module or a name in one: `jax.numpy`)
    /// belongs to, when it runs threads of its own once used (`[[threaded_library]]`).
    pub fn threaded_library(&self, import: &str) -> Option<(&str, &str)> {
        let top = import.split('.').next()?;
        self.threaded_libraries
            .get_key_value(top)
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The lock type decorator `qualname` holds around the function, one per decorated
    /// function (`[[locking_decorator]]`).
    pub fn decorator_lock(&self, qualname: &str) -> Option<&str> {
        self.locking_decorators.get(qualname).map(String::as_str)
    }

    /// Whether decorator `qualname` caches the function's result (`[[memoizer]]`).
    pub fn is_memoizer(&self, qualname: &str) -> bool {
        self.memoizers.contains(qualname)
    }
    /// Whether library call `qualname` ends the program (`[[exit]]`).
    pub fn is_exit(&self, qualname: &str) -> bool {
        self.exits.contains(qualname)
    }
    /// Whether library call `qualname` does not raise in practice (`[[infallible]]`).
    pub fn is_infallible(&self, qualname: &str) -> bool {
        self.infallible.contains(qualname)
    }
    /// Whether `qualname` (a call path, or the API of a spawn or opened resource) forks the
    /// process, and how (see [`ForkOp`]).
    pub fn fork(&self, qualname: &str) -> Option<&ForkOp> {
        self.forks.get(qualname)
    }
    /// A container implemented in Python (see `PythonContainerModel`).
    pub fn is_python_container(&self, ty: &str) -> bool {
        self.python_containers.contains(ty)
    }

    /// A call that runs through its iterable argument (`list`, `sorted`).
    pub fn is_iterating_call(&self, qualname: &str) -> bool {
        self.iterating_calls.contains(qualname)
    }

    pub fn is_loop_runner(&self, qualname: &str) -> bool {
        self.loop_runners.contains(qualname)
    }
    pub fn blocking(&self, qualname: &str) -> Option<&BlockingModel> {
        self.blocking.get(qualname)
    }
    /// Whether a constructor argument named `name` can make a method of the object non-blocking
    /// (`BlockingModel::unless_constructed_with`).
    pub fn is_constructor_flag(&self, name: &str) -> bool {
        self.constructor_flags.contains(name)
    }
    pub fn resource(&self, qualname: &str) -> Option<&ResourceModel> {
        self.resources.get(qualname)
    }
    /// The opener API and model of the resource whose values have type `ty`
    /// (`std::process::Child`: `std::process::Command::spawn`).
    pub fn resource_returning(&self, ty: &str) -> Option<(&str, &ResourceModel)> {
        self.resources
            .iter()
            .filter(|(_, m)| m.returns.as_deref() == Some(ty))
            .map(|(k, m)| (k.as_str(), m))
            .min_by_key(|(k, _)| *k)
    }
    /// Whether a method of values of `ty` opens a resource (`std::process::Command`, whose
    /// `spawn` makes a `Child`).
    pub fn opens_from(&self, ty: &str) -> bool {
        self.resources.iter().any(|(k, m)| {
            m.returns.is_some() && k.strip_prefix(ty).is_some_and(|r| r.starts_with("::"))
        })
    }
    /// Whether some resource is opened by a method named `method` of another type
    /// (`Command::spawn`), so a call of it is worth typing its receiver.
    pub fn opens_by_method(&self, method: &str) -> bool {
        self.opener_methods.contains(method)
    }
    pub fn is_thread_safe(&self, ty: &str) -> bool {
        self.thread_safe.contains_key(ty)
    }

    /// Whether each thread sees its own attributes of a `ty` (`threading.local`).
    pub fn is_per_thread(&self, ty: &str) -> bool {
        self.thread_safe.get(ty).is_some_and(|m| m.per_thread)
    }
    /// Whether `method` returns the lock of some shared-memory type (`get_lock`).
    pub fn is_shared_memory_lock_method(&self, method: &str) -> bool {
        self.process_shared
            .values()
            .any(|m| m.lock_method.as_deref() == Some(method))
    }
    /// Memory processes share (`multiprocessing.Value`): processes race on it as threads do.
    pub fn process_shared(&self, ty: &str) -> Option<&ProcessSharedModel> {
        self.process_shared.get(ty)
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
    /// The types of the elements of the tuple a call returns (`mpsc::channel()`), if modelled.
    pub fn tuple_factory(&self, qualname: &str) -> Option<&[String]> {
        self.tuple_factories.get(qualname).map(Vec::as_slice)
    }
    /// The type a factory call returns given its constant first argument, if any
    /// (`get_context("spawn")` is a `SpawnContext`, `get_context()` the default context).
    pub fn factory_with(&self, qualname: &str, first: Option<&str>) -> Option<&str> {
        let by_argument = first.and_then(|arg| self.factories_by_argument.get(qualname)?.get(arg));
        by_argument
            .map(String::as_str)
            .or_else(|| self.factory(qualname))
    }
    /// The module whose API an object of type `ty` offers as its attributes
    /// (`multiprocessing.get_context(..)`'s result mirrors `multiprocessing`).
    pub fn mirrored_module(&self, ty: &str) -> Option<&str> {
        self.mirrors.get(ty).map(String::as_str)
    }
    /// Whether `attr` is a modelled name of some mirrored module (`Process`, `Pool`, `Lock`):
    /// the one attribute access worth typing its receiver for.
    pub fn may_mirror(&self, attr: &str) -> bool {
        self.mirrored_attrs.contains(attr)
    }
    /// Whether some factory returns `ty`.
    pub fn is_factory_type(&self, ty: &str) -> bool {
        self.factory_types.contains(ty)
    }
    /// Whether `ty` is a lock, spawn constructor, executor, resource, thread-safe or atomic
    /// type, or a factory's result.
    pub fn is_model_type(&self, ty: &str) -> bool {
        self.model_types.contains(ty)
    }
    /// Whether any of `spawn_constructor`, `spawn_call`, `blocking`, `resource`, `factory` or
    /// `is_model_type` can answer for `qualname`: one probe that rules out all six for the
    /// common call of an unmodelled function.
    pub fn may_model_path(&self, qualname: &str) -> bool {
        self.paths.contains(qualname)
    }
}

/// The entries a file's mirroring factories imply: for each type mirroring the file's module
/// (`multiprocessing.context.SpawnContext` mirrors `multiprocessing`), a copy of every entry
/// named directly in that module under the type's name (`multiprocessing.Process` becomes
/// `multiprocessing.context.SpawnContext.Process`), so a call through a context is matched like
/// the module's own. Fork entries are not copied: whether a context forks is its own entry.
fn mirrored_copies(file: &ModelFile) -> Option<ModelFile> {
    let types: Vec<(&str, &str)> = (file.factory.iter())
        .filter_map(|m| Some((m, m.mirrors.as_deref()?)))
        .flat_map(|(m, module)| {
            std::iter::once(m.returns.as_str())
                .chain(m.by_argument.values().map(String::as_str))
                .map(move |ty| (ty, module))
        })
        .collect();
    if types.is_empty() {
        return None;
    }
    let rename = |name: &str| -> Vec<String> {
        types
            .iter()
            .filter_map(|(ty, module)| {
                let rest = name.strip_prefix(module)?.strip_prefix('.')?;
                (!rest.contains('.')).then(|| format!("{ty}.{rest}"))
            })
            .collect()
    };
    fn copies<T: Clone>(
        items: &[T],
        key: impl Fn(&mut T) -> &mut String,
        rename: &dyn Fn(&str) -> Vec<String>,
    ) -> Vec<T> {
        let mut out = Vec::new();
        for item in items {
            let mut item = item.clone();
            for name in rename(key(&mut item)) {
                let mut copy = item.clone();
                *key(&mut copy) = name;
                out.push(copy);
            }
        }
        out
    }
    let mut spawn = Vec::new();
    for m in file.spawn.iter().filter(|m| m.new.is_some()) {
        for name in rename(m.new.as_deref().unwrap_or_default()) {
            spawn.push(SpawnModel {
                new: Some(name),
                call: None,
                method: None,
                ..m.clone()
            });
        }
    }
    Some(ModelFile {
        library: file.library.clone(),
        language: file.language.clone(),
        lock: copies(&file.lock, |m| &mut m.new, &rename),
        spawn,
        executor: copies(&file.executor, |m| &mut m.new, &rename),
        resource: copies(&file.resource, |m| &mut m.open, &rename),
        thread_safe: copies(&file.thread_safe, |m| &mut m.ty, &rename),
        process_shared: copies(&file.process_shared, |m| &mut m.ty, &rename),
        blocking: copies(&file.blocking, |m| &mut m.call, &rename),
        ..ModelFile::default()
    })
}
