//! Program-wide name resolution and the call graph: which function a `Callee` names, through
//! imports, re-export aliases, classes and their bases, across every checked file.
//!
//! Precision first: a call that cannot be resolved to exactly one definition has no edge.
//!
//! Indirect calls are added after the direct ones are resolved (`add_indirect_call`):
//!
//! - Calls through a field holding a function (`add_callback_calls`).
//! - Calls of a parameter every call site gives the same function (`add_param_calls`). Spawns of
//!   the function count as call sites, their arguments naming the functions passed; these calls
//!   are precise edges too, so thread contexts and locksets follow them. A Rust closure written
//!   as an argument is named as `Place::Global` of its function (see `frontend/rust/lower.rs`).
//! - Rust callbacks kept in the program's data (`add_stored_callback_calls`): a function storing a
//!   parameter into a field or the data behind a lock (`ModuleFacts::stored_params`, also through
//!   functions handing the parameter on) keeps what its callers pass; a call of a local the
//!   front-end read from that data (`ModuleFacts::stored_calls`) runs each function kept there.
//! - For a function under a decorator of the program returning a wrapper it defines
//!   (`ModuleFacts::decorated`), an edge from the function to the wrapper, so the wrapper is in
//!   every context reaching the function (`add_decorator_calls`).
//! - A call of a module global bound once (in a module body) to a factory's returned wrapper runs
//!   the wrapper and, when the wrapper calls the factory's parameter, the function the binding
//!   passed, both recorded at the call site (`add_factory_result_calls`). `is_bound_call` tells
//!   these precise edges from field callbacks, which thread contexts do not follow. A decorator's
//!   locals the returned wrapper keeps are shared by all its callers (`shared.rs`).
//!
//! Resolution:
//!
//! - Callees resolve through aliases, classes and bases. A class with a metaclass that defines
//!   `__call__` constructs through it; one defining `__new__` runs it too
//!   (`CallGraph::allocator`).
//! - A call of a hook (a method whose body does nothing: `raise NotImplementedError`, `pass`)
//!   also reaches its overrides in the checked subclasses, when there are at most three
//!   (`CallGraph::hook_overrides`; only through subclasses that inherit the calling method, and
//!   not on a Python field every store of which builds an object of the hook's own class,
//!   `CallGraph::built_as`). The call sites, the locksets and the held-lock walk all follow them.
//! - A Rust trait is a class (`Class::interface`) whose methods are functions (empty without a
//!   default body); the types implementing it list it as a base (an `impl` in another file adds a
//!   class record of its own, merged in `subclasses`). A Rust method call on a receiver of
//!   unknown type runs the implementations of the one trait declaring that method name, when no
//!   other Rust function has it (`CallGraph::dispatch`, followed by the call sites and the
//!   held-lock walk).
//! - A coroutine handing back a generator it calls runs none of its body
//!   (`CallGraph::runs_no_body`, from `frontend/python/generators.rs`; KN501).
//! - A call of one item taken off a thread-safe queue (`ModuleFacts::queued_calls`) is a precise
//!   edge, which thread contexts follow.
//!
//! Across the pipeline's type-refinement rounds:
//!
//! - Each round's call graph hands its name-lookup memos to the next while the files lowered again
//!   declare the same names (`Declared`), and with them the resolved calls and events of every
//!   module not lowered again: their functions move out of the program into `Kept` while the
//!   round changes it, and back into the next call graph, which walks only the files lowered
//!   again. This is the one `unsafe` lifetime erasure outside `ir::name`, sound because `Kept`
//!   owns the functions its findings point into.
//! - `offer_params` takes the parameter bindings a round's `params` found, so the rules of a
//!   program whose last round changed nothing find them ready.

use std::borrow::Cow;
use std::sync::{OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard};

use petgraph::graph::{DiGraph, NodeIndex};
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::analysis::params::ParamFacts;

use crate::ir::{
    walk_stmts, AccessKind, Callee, Class, Event, Function, Module, Name, Place, Program, Stmt,
};
use crate::source::{FileId, Span};

/// Index of a function in the program (stable for one run).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FuncId(pub u32);

/// One resolved call: the callee and where it is called, with the places passed as arguments.
/// Borrowed from the call event (keyword arguments make an owned list).
#[derive(Clone, Debug)]
pub struct CallSite<'p> {
    pub callee: FuncId,
    pub span: Span,
    pub args: Cow<'p, [Option<Place>]>,
    /// The object a method call runs on when it is not in `args` (see `Event::Call`).
    pub receiver: Option<&'p Place>,
}

pub struct CallGraph<'p> {
    program: &'p Program,
    /// FuncId -> (module index, function index).
    funcs: Vec<(u32, u32)>,
    by_name: HashMap<&'p str, FuncId>,
    methods: HashMap<(&'p str, &'p str), FuncId>,
    classes: HashMap<&'p str, &'p Class>,
    aliases: HashMap<&'p str, &'p str>,
    /// Resolved calls made directly in each function's body, in source order.
    calls: Vec<Vec<CallSite<'p>>>,
    /// Every event of each function's body, in `walk_events` order: analyses that only look at
    /// events scan this instead of walking the statement tree again.
    events: Vec<Vec<&'p Event>>,
    /// What parameters receive at their call sites, on first use.
    params: OnceLock<ParamFacts>,
    /// The strongly connected components of the resolved calls, on first use.
    components: OnceLock<Vec<Vec<FuncId>>>,
    /// Class (canonical name) -> the checked classes deriving from it directly, on first use.
    subclasses: OnceLock<HashMap<String, Vec<String>>>,
    /// Python fields every store of which builds an object of one class of the checked code,
    /// with that class, on first use (see [`CallGraph::hook_overrides`]).
    built_fields: OnceLock<HashMap<Place, Name>>,
    /// The call sites of plain generators whose generator the caller hands back unstarted
    /// (`return lines(path)`), on first use (see [`CallGraph::runs_no_body`]).
    unstarted: OnceLock<HashSet<Span>>,
    /// Rust: method name -> the functions a call of it on a receiver of unknown type runs
    /// (see [`CallGraph::dispatch`]).
    dispatch: HashMap<&'p str, Vec<FuncId>>,
    /// Python: the functions a call through a field runs, by the call's span (see
    /// [`CallGraph::callbacks_at`]).
    callbacks: HashMap<Span, Vec<FuncId>>,
    /// The calls among `callbacks` whose target is known, not one guess among several: of a
    /// global bound once to a factory's wrapper (see `add_factory_result_calls`), of a
    /// parameter every caller hands one function (`add_param_calls`), or of work taken off a
    /// thread-safe queue (`ModuleFacts::queued_calls`, in `add_callback_calls`).
    bound_calls: HashSet<Span>,
    /// Name lookups answered so far.
    memos: Memos,
}

/// What name lookups have answered. Each answer depends only on the names the modules declare
/// ([`Declared`]: functions, classes with their bases, aliases, in program order), so the memos
/// of one call graph stay true for the next one over a program whose modules declare the same
/// names: a type-refinement round hands them on ([`CallGraph::into_memos`]) instead of finding
/// every answer again.
#[derive(Default)]
pub struct Memos {
    /// `canonical_name` answers: analyses ask for the same few thousand names again and again.
    canonical: RwLock<HashMap<Box<str>, Box<str>>>,
    /// `ancestors` answers, for the same reason.
    ancestors: RwLock<HashMap<Box<str>, Vec<String>>>,
    /// `resolve_path` answers: a program calls the same few names from many places.
    path: RwLock<HashMap<Box<str>, Option<FuncId>>>,
    /// `resolve_method` answers, by method name then class.
    method: RwLock<HashMap<Box<str>, ByClass>>,
    /// Method resolution orders, by class: each lookup of a new method name walks one.
    mro: RwLock<HashMap<Box<str>, Vec<String>>>,
}

/// The names one module declares to name resolution, in order: its functions (qualified name,
/// class, short name), its classes with their bases, its aliases. Two programs whose modules
/// declare the same names, module by module, have the same `FuncId`s and resolve every name
/// alike. Each name is written with its length, so the encoding is exact (as bytes:
/// formatting the lengths as text showed in profiles).
#[derive(Debug, PartialEq, Eq)]
pub struct Declared(Vec<u8>);

impl Declared {
    pub fn of(m: &Module) -> Declared {
        let mut out = Vec::new();
        let mut put = |tag: u8, name: &str| {
            out.push(tag);
            out.extend_from_slice(&(name.len() as u64).to_le_bytes());
            out.extend_from_slice(name.as_bytes());
        };
        for f in &m.functions {
            put(b'f', f.name.as_str());
            match &f.class {
                Some(class) => put(b'c', class.as_str()),
                None => put(b'-', ""),
            }
            put(b's', f.short_name.as_str());
        }
        for class in &m.classes {
            put(b'C', class.name.as_str());
            for base in &class.bases {
                put(b'b', base.as_str());
            }
            if let Some(meta) = &class.metaclass {
                put(b'm', meta.as_str());
            }
        }
        for (local, target) in &m.aliases {
            put(b'a', local.as_str());
            put(b't', target.as_str());
        }
        Declared(out)
    }
}

/// What a call graph found in the functions of one module: their resolved calls and events.
struct Findings<'p> {
    calls: Vec<Vec<CallSite<'p>>>,
    events: Vec<Vec<&'p Event>>,
}

/// A call graph taken apart ([`CallGraph::into_parts`]): its memos, and each module's findings
/// with the address of the module's functions, which they point into. They are read only by
/// [`Parts::keep`].
pub struct Parts {
    memos: Memos,
    modules: Vec<(usize, Findings<'static>)>,
}

impl Parts {
    /// Moves the functions of the modules `keep` accepts out of `program`, with their findings,
    /// so that the program can change elsewhere (a type-refinement round lowers other modules
    /// again and declares new types) and the next call graph take the findings over
    /// ([`CallGraph::compute_kept`]) instead of walking those functions again.
    ///
    /// # Safety
    ///
    /// `program` is the program the call graph of `self` was computed over, unchanged since.
    pub unsafe fn keep(self, program: &mut Program, keep: impl Fn(usize) -> bool) -> Kept {
        let modules = program
            .modules
            .iter_mut()
            .zip(self.modules)
            .enumerate()
            .map(|(i, (module, (at, findings)))| {
                if !keep(i) || module.functions.as_ptr() as usize != at {
                    // Dropped without being read.
                    return None;
                }
                // The findings point into the buffer of `functions`, which moves with it, and
                // which `Kept` holds unchanged until `compute_kept` hands both to a program
                // borrowed for as long as the findings are used.
                Some(KeptModule {
                    findings: Some(findings),
                    functions: std::mem::take(&mut module.functions),
                })
            })
            .collect();
        Kept {
            memos: self.memos,
            modules,
        }
    }
}

/// The functions of the modules a type-refinement round does not lower again, moved out of the
/// program with what the last call graph found in them ([`Parts::keep`]), until the next call
/// graph puts them back ([`CallGraph::compute_kept`]). The findings hold only while every
/// module declares the same names as when they were found ([`Declared`]), as the memos do.
#[derive(Default)]
pub struct Kept {
    memos: Memos,
    modules: Vec<Option<KeptModule>>,
}

/// One module's functions and, unless forgotten, the findings pointing into them. The
/// functions are never changed while here. Fields drop in order: the findings first.
struct KeptModule {
    findings: Option<Findings<'static>>,
    functions: Vec<Function>,
}

impl Kept {
    /// Drops the memos and the findings (a module lowered again declares other names, so the
    /// `FuncId`s and name lookups may differ); the functions stay, to be put back.
    pub fn forget_findings(&mut self) {
        self.memos = Memos::default();
        for m in self.modules.iter_mut().flatten() {
            m.findings = None;
        }
    }
}

/// A worker's buffers while resolving calls: sites and events of the current function, and
/// the callees it has resolved (see `address`).
type Buffers<'p> = (
    Vec<CallSite<'p>>,
    Vec<&'p Event>,
    HashMap<[(usize, usize); 2], Option<FuncId>>,
);

/// Where a name's text lives and its length: equal for two copies of one interned name.
fn address(name: &str) -> (usize, usize) {
    (name.as_ptr() as usize, name.len())
}

/// `resolve_method` answers for one method name, by class.
type ByClass = HashMap<Box<str>, Option<FuncId>>;

/// Reads a memo. Memos are read far more often than written, and from several threads at
/// once (parallel analyses): readers do not wait for each other. A panic elsewhere cannot leave
/// one half-written: entries are inserted whole.
fn read<T>(memo: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    memo.read().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Writes a memo (see `read`).
fn write<T>(memo: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    memo.write()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Whether a body does nothing a caller could observe: no event, no lock region and no
/// `return` (`pass`, a docstring, `raise NotImplementedError`). A body returning a value
/// (`return Condition()`, which lowers to no event) is a real implementation a subclass may
/// replace, not a hook.
fn is_hook(body: &[Stmt]) -> bool {
    // Stops at the first statement that does something: most bodies are no hook, and are
    // asked about once per call site.
    body.iter().all(|s| match s {
        Stmt::Event(_) | Stmt::Return(_) | Stmt::Hold { .. } => false,
        other => {
            let mut hook = true;
            other.each_body(&mut |b| hook = hook && is_hook(b));
            hook
        }
    })
}

/// The places a call passes, by position in `callee`'s frame (its receiver excluded when the
/// call leaves it implicit): positional arguments, then keyword arguments placed by the
/// parameter they name. Borrows `args` when there are no keyword arguments.
pub fn call_args<'a>(
    callee: &Function,
    args: &'a [Option<Place>],
    kwargs: &[(Name, Place)],
) -> Cow<'a, [Option<Place>]> {
    if kwargs.is_empty() {
        return Cow::Borrowed(args);
    }
    let mut out = args.to_vec();
    let offset = crate::analysis::params::receiver_offset(callee, args);
    for (name, place) in kwargs {
        let Some(index) = callee.params.iter().position(|p| p == name) else {
            continue;
        };
        let Some(at) = index.checked_sub(offset).filter(|&at| at >= args.len()) else {
            continue;
        };
        if out.len() <= at {
            out.resize(at + 1, None);
        }
        out[at] = Some(place.clone());
    }
    Cow::Owned(out)
}

/// How many alias hops or base classes a lookup follows before giving up (cycles in user code).
const MAX_HOPS: usize = 16;

impl<'p> CallGraph<'p> {
    pub fn compute(program: &'p Program) -> CallGraph<'p> {
        CallGraph::compute_with(program, Memos::default())
    }

    /// The call graph of `program`, starting from `memos`: those of a call graph over a program
    /// whose modules declared the same names ([`Declared`]), or empty ones.
    pub fn compute_with(program: &'p Program, memos: Memos) -> CallGraph<'p> {
        CallGraph::build(program, memos, Vec::new())
    }

    /// The call graph of `program` with `kept` put back: the functions it holds return to their
    /// modules, and, unless [`Kept::forget_findings`] dropped them, their calls and events are
    /// taken over instead of found again (the memos with them).
    pub fn compute_kept(program: &'p mut Program, kept: Kept) -> CallGraph<'p> {
        let Kept { memos, modules } = kept;
        let mut found = Vec::with_capacity(modules.len());
        for (module, k) in program.modules.iter_mut().zip(modules) {
            found.push(k.and_then(|k| {
                debug_assert!(module.functions.is_empty(), "kept functions put back twice");
                // A move of the vector: its buffer, which the findings point into, stays.
                module.functions = k.functions;
                k.findings
            }));
        }
        let program: &'p Program = program;
        // The findings point into the functions just put back, which `program` now holds for
        // `'p`: shortening their lifetime to it is a plain coercion.
        CallGraph::build(program, memos, found)
    }

    /// [`CallGraph::compute_with`], taking over the findings in `found` (by module index; `None`
    /// or missing: walk the module's functions).
    fn build(
        program: &'p Program,
        memos: Memos,
        mut found: Vec<Option<Findings<'p>>>,
    ) -> CallGraph<'p> {
        found.resize_with(program.modules.len(), || None);
        // Sized up front: growing these maps while filling them showed in profiles.
        let count = |n: fn(&Module) -> usize| program.modules.iter().map(n).sum::<usize>();
        let functions = count(|m| m.functions.len());
        // Four independent maps, each filled in program order (the first definition of a name
        // wins): built side by side, as they are rebuilt in every type-refinement round.
        let ((funcs, by_name), (methods, (classes, aliases))) = rayon::join(
            || {
                let mut funcs = Vec::with_capacity(functions);
                let mut by_name: HashMap<&'p str, FuncId> =
                    HashMap::with_capacity_and_hasher(functions, Default::default());
                for (mi, module) in program.modules.iter().enumerate() {
                    for (fi, f) in module.functions.iter().enumerate() {
                        let id = FuncId(funcs.len() as u32);
                        funcs.push((mi as u32, fi as u32));
                        by_name.entry(f.name.as_str()).or_insert(id);
                    }
                }
                (funcs, by_name)
            },
            || {
                rayon::join(
                    || {
                        let mut methods: HashMap<(&'p str, &'p str), FuncId> =
                            HashMap::with_capacity_and_hasher(functions, Default::default());
                        let all = program.modules.iter().flat_map(|m| &m.functions);
                        for (id, f) in all.enumerate() {
                            if let Some(class) = &f.class {
                                methods
                                    .entry((class.as_str(), f.short_name.as_str()))
                                    .or_insert(FuncId(id as u32));
                            }
                        }
                        methods
                    },
                    || {
                        let mut classes: HashMap<&'p str, &'p Class> =
                            HashMap::with_capacity_and_hasher(
                                count(|m| m.classes.len()),
                                Default::default(),
                            );
                        let mut aliases: HashMap<&'p str, &'p str> =
                            HashMap::with_capacity_and_hasher(
                                count(|m| m.aliases.len()),
                                Default::default(),
                            );
                        for module in &program.modules {
                            for class in &module.classes {
                                classes.entry(class.name.as_str()).or_insert(class);
                            }
                            for (local, target) in &module.aliases {
                                if local != target {
                                    aliases.entry(local.as_str()).or_insert(target.as_str());
                                }
                            }
                        }
                        (classes, aliases)
                    },
                )
            },
        );
        let mut g = CallGraph {
            program,
            funcs,
            by_name,
            methods,
            classes,
            aliases,
            calls: Vec::new(),
            events: Vec::new(),
            params: OnceLock::new(),
            components: OnceLock::new(),
            subclasses: OnceLock::new(),
            built_fields: OnceLock::new(),
            unstarted: OnceLock::new(),
            dispatch: HashMap::default(),
            callbacks: HashMap::default(),
            bound_calls: HashSet::default(),
            memos,
        };
        g.dispatch = g.trait_dispatch();
        // The functions of the modules without findings to take over, in order.
        let mut walk: Vec<u32> = Vec::new();
        let mut first = 0u32;
        for (module, found) in program.modules.iter().zip(&found) {
            let n = module.functions.len() as u32;
            if found.is_none() {
                walk.extend(first..first + n);
            }
            first += n;
        }
        // Resolution is per function and read-only: parallel, collected in function order.
        // Each worker collects into buffers it reuses, then copies them out at their exact
        // size: growing fresh vectors one push at a time showed in profiles.
        let (walked_calls, walked_events): (Vec<_>, Vec<_>) = walk
            .par_iter()
            .map_init(
                || (Vec::new(), Vec::new(), HashMap::default()),
                |(sites, events, seen): &mut Buffers<'p>, &i| {
                    sites.clear();
                    events.clear();
                    walk_stmts(&g.function(FuncId(i)).body, &mut |s| {
                        let Stmt::Event(e) = s else {
                            return;
                        };
                        events.push(e);
                        if let Event::Call {
                            callee,
                            args,
                            kwargs,
                            receiver,
                            span,
                        } = e
                        {
                            // Names are interned: their address tells them apart, so this
                            // worker answers a callee it has seen without taking a lock.
                            let key = match callee {
                                Callee::Path(p) => [address(p), (0, 0)],
                                Callee::Method { class, method } => {
                                    [address(class), address(method)]
                                }
                                Callee::Dynamic { .. } => {
                                    if let Some((targets, _)) = g.dispatched(e) {
                                        for &t in targets {
                                            sites.push(CallSite {
                                                callee: t,
                                                span: *span,
                                                args: Cow::Borrowed(args),
                                                receiver: None,
                                            });
                                        }
                                    }
                                    return;
                                }
                            };
                            let found = *seen.entry(key).or_insert_with(|| g.resolve(callee));
                            if let Some(id) = found {
                                sites.push(CallSite {
                                    callee: id,
                                    span: *span,
                                    args: call_args(g.function(id), args, kwargs),
                                    receiver: receiver.as_ref(),
                                });
                                // `Cls(..)` runs `__new__` before `__init__` when it defines both.
                                if let Some(new) = g.allocator(callee, id) {
                                    sites.push(CallSite {
                                        callee: new,
                                        span: *span,
                                        args: call_args(g.function(new), args, kwargs),
                                        receiver: receiver.as_ref(),
                                    });
                                }
                                // A method with nothing in its body (`raise NotImplementedError`,
                                // `pass`) is a hook: what runs is a subclass's override.
                                for o in
                                    g.hook_overrides(callee, id, Some(FuncId(i)), receiver.as_ref())
                                {
                                    sites.push(CallSite {
                                        callee: o,
                                        span: *span,
                                        args: call_args(g.function(o), args, kwargs),
                                        receiver: receiver.as_ref(),
                                    });
                                }
                            }
                        }
                        if let Some((targets, receiver)) = g.dispatched(e) {
                            for &t in targets {
                                sites.push(CallSite {
                                    callee: t,
                                    span: e.span(),
                                    args: Cow::Owned(vec![receiver.cloned()]),
                                    receiver: None,
                                });
                            }
                        }
                    });
                    let mut exact = Vec::with_capacity(sites.len());
                    exact.append(sites);
                    (exact, events.to_vec())
                },
            )
            .unzip();
        if walk.len() == g.funcs.len() {
            g.calls = walked_calls;
            g.events = walked_events;
            g.add_callback_calls();
            g.add_param_calls();
            g.add_stored_callback_calls();
            g.add_decorator_calls();
            g.add_factory_result_calls();
            return g;
        }
        let mut calls = Vec::with_capacity(g.funcs.len());
        let mut events = Vec::with_capacity(g.funcs.len());
        let (mut walked_calls, mut walked_events) =
            (walked_calls.into_iter(), walked_events.into_iter());
        for (module, found) in program.modules.iter().zip(found) {
            let n = module.functions.len();
            match found {
                Some(f) => {
                    assert!(
                        f.calls.len() == n && f.events.len() == n,
                        "kept findings of another module"
                    );
                    calls.extend(f.calls);
                    events.extend(f.events);
                }
                None => {
                    calls.extend(walked_calls.by_ref().take(n));
                    events.extend(walked_events.by_ref().take(n));
                }
            }
        }
        g.calls = calls;
        g.events = events;
        g.add_callback_calls();
        g.add_param_calls();
        g.add_stored_callback_calls();
        g.add_decorator_calls();
        g.add_factory_result_calls();
        g
    }

    /// A function under a decorator of the program that returns a wrapper it defines (`def
    /// cached(f): def wrapper(*a): ..; return wrapper`, or a factory returning such a decorator:
    /// `@cached(ttl=10)`) runs the wrapper whenever it runs, and the wrapper's own work (a cache
    /// it checks and fills) on the same thread. Recorded as a call from the function to the
    /// wrapper at the function's name (the wrapper calls the function through a parameter every
    /// decorated function fills, which stays unresolved).
    fn add_decorator_calls(&mut self) {
        let mut wrapper_of: HashMap<FuncId, FuncId> = HashMap::default();
        for m in &self.program.modules {
            for (function, decorator, factory) in &m.facts.decorated {
                let (Some(f), Some(d)) = (
                    self.by_name(function.as_str()),
                    self.function_named(decorator.as_str()),
                ) else {
                    continue;
                };
                let d = if *factory {
                    match self.returned_function(d) {
                        Some(d) => d,
                        None => continue,
                    }
                } else {
                    d
                };
                // A wrapper of another kind runs elsewhere: a sync one driving a coroutine
                // function to its end (`loop.run_until_complete(f(..))`) runs off the loop.
                let same_kind =
                    |w: &FuncId| self.function(*w).is_async == self.function(f).is_async;
                if let Some(w) = self
                    .returned_function(d)
                    .filter(|&w| w != f)
                    .filter(same_kind)
                {
                    wrapper_of.insert(f, w);
                }
            }
        }
        // The wrapper runs wherever the function does (called, or the target of a thread): an
        // edge from the function to it puts it in every context reaching the function.
        for (f, w) in wrapper_of {
            let span = self.function(f).span;
            self.calls[f.0 as usize].push(CallSite {
                callee: w,
                span,
                args: Default::default(),
                receiver: None,
            });
        }
    }

    /// Calls of a module global bound once to what a factory of the program returns, a
    /// function the factory defines (`lookup = synchronizer.create_blocking(fetch)`, or
    /// `retrying = make_retrying(fetch)` with `def make_retrying(f): def wrapper(*a): ..
    /// f(*a) ..; return wrapper`): calling the global runs the wrapper and, when the wrapper
    /// calls the factory's parameter, the function the binding passed there. That function is
    /// recorded as called at the call site itself, not from the wrapper: every binding of the
    /// factory shares the wrapper, and a callee of the wrapper would reach each binding's
    /// function from all of them.
    fn add_factory_result_calls(&mut self) {
        // (global, wrapper, the function it wraps): from module bodies' `name = factory(..)`.
        let mut bound: HashMap<&'p str, (FuncId, Option<FuncId>)> = HashMap::default();
        for (i, f) in self.ids().map(|id| (id, self.function(id))) {
            if !f.is_module_body {
                continue;
            }
            for e in &self.events[i.0 as usize] {
                let Event::Bind {
                    target: Place::Global(g),
                    value: None,
                    rhs,
                    ..
                } = e
                else {
                    continue;
                };
                let Some(site) = self.calls[i.0 as usize].iter().find(|c| c.span == *rhs) else {
                    continue;
                };
                let Some(wrapper) = self.returned_function(site.callee) else {
                    continue;
                };
                let wrapped = self.wrapped_argument(site, wrapper);
                bound.insert(g.as_str(), (wrapper, wrapped));
            }
        }
        if bound.is_empty() {
            return;
        }
        // A global bound anywhere else too holds something else at times: left alone.
        let mut binds: HashMap<&str, usize> = HashMap::default();
        for events in &self.events {
            for e in events {
                if let Event::Bind {
                    target: Place::Global(g),
                    ..
                } = e
                {
                    if bound.contains_key(g.as_str()) {
                        *binds.entry(g.as_str()).or_default() += 1;
                    }
                }
            }
        }
        bound.retain(|g, _| binds.get(g) == Some(&1));
        let mut found: Vec<(usize, FuncId, &'p Event)> = Vec::new();
        for id in self.ids() {
            let module = self.module_of(id);
            for &e in &self.events[id.0 as usize] {
                let Event::Call {
                    callee, receiver, ..
                } = e
                else {
                    continue;
                };
                let global = match callee {
                    Callee::Path(q) => bound.get_key_value(q.as_str()),
                    Callee::Dynamic { method } if receiver.is_none() => {
                        let q = format!("{}.{}", module.name, method);
                        match bound.get_key_value(q.as_str()) {
                            Some(b) if !self.binds_locally(id, method.as_str()) => Some(b),
                            _ => None,
                        }
                    }
                    _ => None,
                };
                let Some((_, &(wrapper, wrapped))) = global else {
                    continue;
                };
                found.push((id.0 as usize, wrapper, e));
                if let Some(w) = wrapped {
                    found.push((id.0 as usize, w, e));
                }
            }
        }
        for (caller, target, e) in found {
            if let Event::Call {
                args, kwargs, span, ..
            } = e
            {
                self.add_indirect_call(caller, target, args, kwargs, *span);
                self.bound_calls.insert(*span);
            }
        }
    }

    /// The function a factory's call `site` passes for a parameter its returned `wrapper`
    /// calls (`def wrapper(*a): return f(*a)`), when the two are of one kind: a sync wrapper
    /// calling a coroutine function only makes the coroutine.
    fn wrapped_argument(&self, site: &CallSite<'p>, wrapper: FuncId) -> Option<FuncId> {
        let factory = self.function(site.callee);
        let wrapper_fn = self.function(wrapper);
        let offset = crate::analysis::params::receiver_offset(factory, &site.args);
        let k = factory.params.iter().position(|p| {
            !wrapper_fn.params.contains(p) && self.events[wrapper.0 as usize].iter().any(|e| {
                matches!(e, Event::Call { callee: Callee::Dynamic { method }, receiver: None, .. }
                        if method.as_str() == p.as_str())
            })
        })?;
        let value = site.args.get(k.checked_sub(offset)?)?.as_ref()?;
        let target = self.function_of_value(value)?;
        (self.function(target).is_async == wrapper_fn.is_async).then_some(target)
    }

    /// Whether `name` is a parameter or local of function `id` or of a function it is nested
    /// in (`a.f.<locals>.g` in `a.f`), so that a call of the bare name does not call a global.
    fn binds_locally(&self, id: FuncId, name: &str) -> bool {
        let mut qual = self.function(id).name.as_str();
        let mut current = Some(id);
        loop {
            if let Some(f) = current {
                let function = self.function(f);
                if function.params.iter().any(|p| p.as_str() == name) {
                    return true;
                }
                let local = self.events[f.0 as usize].iter().any(|e| {
                    matches!(e, Event::Bind { target: Place::Local { name: n, .. }, .. }
                        if n.as_str() == name)
                });
                if local {
                    return true;
                }
            }
            let Some((outer, _)) = qual.rsplit_once(".<locals>.") else {
                return false;
            };
            qual = outer;
            current = self.by_name(outer);
        }
    }

    /// The function `f` returns on every path that returns a function it names (`return
    /// wrapper`), when there is exactly one.
    pub(crate) fn returned_function(&self, f: FuncId) -> Option<FuncId> {
        let name = self.function(f).name.as_str();
        let mut found = None;
        for e in &self.events[f.0 as usize] {
            if let Event::Bind {
                target:
                    Place::Local {
                        function,
                        name: slot,
                    },
                value: Some(v @ Place::Global(_)),
                ..
            } = e
            {
                if function.as_str() != name
                    || slot.as_str() != crate::analysis::params::RETURN_SLOT
                {
                    continue;
                }
                let g = self.function_of_value(v)?;
                if found.is_some_and(|x| x != g) {
                    return None;
                }
                found = Some(g);
            }
        }
        found
    }

    /// Calls of a parameter holding a function (`def run(cb): cb()`): when every call site of
    /// the function passes one and the same function of the program there (`run(work)`, a
    /// bound method `run(self.flush)`), the call runs it. A parameter given different functions,
    /// or values knot cannot name, is left unresolved: which one runs depends on the caller,
    /// and a summary shared by all callers would give each the others' locks.
    fn add_param_calls(&mut self) {
        let this = &*self;
        let sites: Vec<(usize, usize, &'p Event)> = this
            .events
            .par_iter()
            .enumerate()
            .with_min_len(256)
            .flat_map_iter(|(i, events)| {
                let f = this.function(FuncId(i as u32));
                events.iter().filter_map(move |&e| {
                    let Event::Call {
                        callee: Callee::Dynamic { method },
                        receiver: None,
                        ..
                    } = e
                    else {
                        return None;
                    };
                    let k = f.params.iter().position(|p| p == method.as_str())?;
                    Some((i, k, e))
                })
            })
            .collect();
        if sites.is_empty() {
            return;
        }
        let wanted: HashSet<(FuncId, usize)> = sites
            .iter()
            .map(|&(i, k, _)| (FuncId(i as u32), k))
            .collect();
        let wanted_fn: HashSet<FuncId> = wanted.iter().map(|&(f, _)| f).collect();
        // What the call sites pass at each wanted parameter: one function, or `None` once two
        // differ or one cannot be named.
        let mut passed: HashMap<(FuncId, usize), Option<FuncId>> = HashMap::default();
        let mut pass = |to: FuncId, args: &[Option<Place>]| {
            let callee = self.function(to);
            let offset = crate::analysis::params::receiver_offset(callee, args);
            for k in 0..callee.params.len() {
                if !wanted.contains(&(to, k)) {
                    continue;
                }
                let value = k
                    .checked_sub(offset)
                    .and_then(|at| args.get(at))
                    .and_then(|a| a.as_ref())
                    .and_then(|v| self.function_of_value(v));
                passed
                    .entry((to, k))
                    .and_modify(|known| {
                        if *known != value {
                            *known = None;
                        }
                    })
                    .or_insert(value);
            }
        };
        for calls in &self.calls {
            for site in calls {
                pass(site.callee, &site.args);
            }
        }
        // Work started on the function passes its arguments as a call does
        // (`Thread(target=guarded, args=(poll,))`).
        for events in &self.events {
            for e in events {
                if let Event::Spawn {
                    target: Some(target),
                    args,
                    ..
                } = e
                {
                    if let Some(to) = self.resolve(target).filter(|t| wanted_fn.contains(t)) {
                        pass(to, args);
                    }
                }
            }
        }
        for (caller, k, e) in sites {
            let Some(Some(target)) = passed.get(&(FuncId(caller as u32), k)).copied() else {
                continue;
            };
            let Event::Call {
                args, kwargs, span, ..
            } = e
            else {
                continue;
            };
            self.add_indirect_call(caller, target, args, kwargs, *span);
            // Every caller hands this one function in: the call runs it, not a guess.
            self.bound_calls.insert(*span);
        }
    }

    /// Rust callbacks kept in data (`ModuleFacts::stored_params`): a function handed to a
    /// function that stores that parameter into a field, or into the data behind a lock, runs
    /// where the program calls a value read from that data (`ModuleFacts::stored_calls`:
    /// `if let Some(cb) = cbs.callbacks.get_mut(&id) { cb(data) }`). Every function stored
    /// there may be the one read back, so the call runs each of them.
    fn add_stored_callback_calls(&mut self) {
        let mut keeping: HashMap<FuncId, Vec<(usize, &'p Place)>> = HashMap::default();
        let mut wanted_spans: HashMap<Span, Vec<&'p Place>> = HashMap::default();
        let program = self.program;
        for m in &program.modules {
            for (function, param, place) in &m.facts.stored_params {
                let Some(f) = self.by_name(function.as_str()) else {
                    continue;
                };
                if let Some(k) = self.function(f).params.iter().position(|p| p == param) {
                    keeping.entry(f).or_default().push((k, place));
                }
            }
            for (span, place) in &m.facts.stored_calls {
                wanted_spans.entry(*span).or_default().push(place);
            }
        }
        if keeping.is_empty() || wanted_spans.is_empty() {
            return;
        }
        // A function handing its own parameter on to a keeping one keeps it too
        // (`fn on_set(&self, cb: F) { self.state.on_set(cb) }`), to a fixpoint.
        loop {
            let mut more: Vec<(FuncId, usize, &'p Place)> = Vec::new();
            for (i, calls) in self.calls.iter().enumerate() {
                let caller = FuncId(i as u32);
                let caller_name = self.function(caller).name.as_str();
                for site in calls {
                    let Some(kept) = keeping.get(&site.callee) else {
                        continue;
                    };
                    for &(k, place) in kept {
                        let Some(Place::Param { function, index }) = self.passed_for(site, k)
                        else {
                            continue;
                        };
                        let own = (function.as_str() == caller_name).then_some(*index as usize);
                        let known = |j| {
                            keeping
                                .get(&caller)
                                .is_some_and(|v| v.contains(&(j, place)))
                        };
                        if let Some(j) = own.filter(|&j| !known(j)) {
                            if !more.contains(&(caller, j, place)) {
                                more.push((caller, j, place));
                            }
                        }
                    }
                }
            }
            if more.is_empty() {
                break;
            }
            for (f, j, place) in more {
                keeping.entry(f).or_default().push((j, place));
            }
        }
        // The functions stored at each place, from what the callers of the keeping functions
        // pass there.
        let mut stored: HashMap<&'p Place, Vec<FuncId>> = HashMap::default();
        for calls in &self.calls {
            for site in calls {
                let Some(kept) = keeping.get(&site.callee) else {
                    continue;
                };
                for &(k, place) in kept {
                    let value = self
                        .passed_for(site, k)
                        .and_then(|v| self.function_of_value(v));
                    if let Some(f) = value {
                        let fs = stored.entry(place).or_default();
                        if !fs.contains(&f) {
                            fs.push(f);
                        }
                    }
                }
            }
        }
        if stored.is_empty() {
            return;
        }
        let mut found: Vec<(usize, FuncId, &'p Event)> = Vec::new();
        for (i, events) in self.events.iter().enumerate() {
            for &e in events {
                let Event::Call { span, .. } = e else {
                    continue;
                };
                let Some(places) = wanted_spans.get(span) else {
                    continue;
                };
                for place in places {
                    for &f in stored.get(place).into_iter().flatten() {
                        found.push((i, f, e));
                    }
                }
            }
        }
        for (caller, target, e) in found {
            if let Event::Call {
                args, kwargs, span, ..
            } = e
            {
                self.add_indirect_call(caller, target, args, kwargs, *span);
            }
        }
    }

    /// What a call site passes for its callee's parameter `k` (counting the receiver a method
    /// call leaves out of its arguments), when the argument names a place.
    fn passed_for<'s>(&self, site: &'s CallSite<'p>, k: usize) -> Option<&'s Place> {
        let offset =
            crate::analysis::params::receiver_offset(self.function(site.callee), &site.args);
        k.checked_sub(offset)
            .and_then(|at| site.args.get(at))
            .and_then(|a| a.as_ref())
    }

    /// Records that the call at `span` in function `caller` runs `target` (a callback or a
    /// function handed in as a parameter), with the call's arguments.
    fn add_indirect_call(
        &mut self,
        caller: usize,
        target: FuncId,
        args: &'p [Option<Place>],
        kwargs: &[(Name, Place)],
        span: Span,
    ) {
        let site = CallSite {
            callee: target,
            span,
            args: call_args(self.function(target), args, kwargs),
            receiver: None,
        };
        self.calls[caller].push(site);
        self.callbacks.entry(span).or_default().push(target);
    }

    /// Calls through a field of a checked class that holds a function of the program
    /// (`self.on_message(self, msg)` after `client.on_message = on_message`, or after a method
    /// stored the function it was given: `self._on_error = callback`): the call runs that
    /// function. Looked for only where a method call on a checked class names no method.
    fn add_callback_calls(&mut self) {
        // The calls naming no method of a checked class: (caller, event, class, field). Classes
        // by the name the call gives (an alias of a class is not followed): this runs on every
        // call graph, and library receivers, most method calls, drop out at that lookup.
        let this = &*self;
        let sites: Vec<(usize, &'p Event, &'p str, &'p str)> = this
            .events
            .par_iter()
            .enumerate()
            .with_min_len(256)
            .flat_map_iter(|(i, events)| {
                events.iter().filter_map(move |&e| {
                    let Event::Call {
                        callee: Callee::Method { class, method },
                        span,
                        ..
                    } = e
                    else {
                        return None;
                    };
                    // Resolved calls have a site of that span (resolving again costs more).
                    (this.classes.contains_key(class.as_str())
                        && !this.calls[i].iter().any(|c| c.span == *span))
                    .then_some((i, e, class.as_str(), method.as_str()))
                })
            })
            .collect();
        if sites.is_empty() {
            return;
        }
        let wanted: HashSet<(&str, &str)> = sites
            .iter()
            .map(|&(_, _, class, field)| (class, field))
            .collect();
        let wanted_fields: HashSet<&str> = sites.iter().map(|&(.., field)| field).collect();
        // The functions stored into those fields, directly or through a parameter of the
        // function storing them.
        let mut held: HashMap<(&str, &str), Vec<FuncId>> = HashMap::default();
        let mut through: HashMap<(FuncId, usize), Vec<(&str, &'p str)>> = HashMap::default();
        let (wanted, wanted_fields) = (&wanted, &wanted_fields);
        // Stores into those fields: `self.on_x = f`, and for a field holding a list of
        // callables, `self._callbacks.append(f)` (what `for cb in self._callbacks: cb()` calls).
        let stores: Vec<(usize, (&'p str, &'p str), &'p Place)> = this
            .events
            .par_iter()
            .enumerate()
            .with_min_len(256)
            .flat_map_iter(|(i, events)| {
                events.iter().flat_map(move |&e| {
                    let (class, field, values): (&Name, &Name, &'p [Place]) = match e {
                        Event::Bind {
                            target: Place::Field { class, field },
                            value: Some(v),
                            ..
                        } => (class, field, std::slice::from_ref(v)),
                        Event::MethodCall {
                            place: Place::Field { class, field },
                            method,
                            args,
                            ..
                        } if CALLABLE_STORES.contains(&method.as_str()) => {
                            (class, field, &args[..])
                        }
                        _ => return None.into_iter().flatten(),
                    };
                    let wanted = wanted_fields.contains(field.as_str())
                        && wanted.contains(&(class.as_str(), field.as_str()));
                    let key = (class.as_str(), field.as_str());
                    wanted
                        .then(|| values.iter().map(move |v| (i, key, v)))
                        .into_iter()
                        .flatten()
                })
            })
            .collect();
        for (i, key, value) in stores {
            match value {
                Place::Global(_) | Place::Field { .. } => {
                    if let Some(id) = self.function_of_value(value) {
                        held.entry(key).or_default().push(id);
                    }
                }
                Place::Param { index, .. } => {
                    through
                        .entry((FuncId(i as u32), *index as usize))
                        .or_default()
                        .push(key);
                }
                _ => {}
            }
        }
        if !through.is_empty() {
            let storers: HashSet<FuncId> = through.keys().map(|&(f, _)| f).collect();
            for calls in &self.calls {
                for site in calls.iter().filter(|c| storers.contains(&c.callee)) {
                    let callee = self.function(site.callee);
                    let offset = crate::analysis::params::receiver_offset(callee, &site.args);
                    for (&(_, index), keys) in
                        through.iter().filter(|((f, _), _)| *f == site.callee)
                    {
                        let Some(Some(value)) =
                            index.checked_sub(offset).and_then(|at| site.args.get(at))
                        else {
                            continue;
                        };
                        if let Some(id) = self.function_of_value(value) {
                            for key in keys {
                                held.entry(*key).or_default().push(id);
                            }
                        }
                    }
                }
            }
            // A property setter storing its argument (`@on_message.setter def on_message(self,
            // func): self._on_message = func`) runs when the attribute is assigned:
            // `client.on_message = handler` stores `handler`.
            let setters: HashMap<(&str, &str), &Vec<(&str, &str)>> = through
                .iter()
                .filter(|((_, index), _)| *index == 1)
                .filter_map(|((f, _), keys)| {
                    let g = self.function(*f);
                    let class = g.class.as_deref()?;
                    (g.params.len() == 2).then_some(((class, g.short_name.as_str()), keys))
                })
                .collect();
            if !setters.is_empty() {
                for events in &self.events {
                    for e in events {
                        let Event::Bind {
                            target: Place::Field { class, field },
                            value: Some(value),
                            ..
                        } = e
                        else {
                            continue;
                        };
                        let Some(keys) = setters.get(&(class.as_str(), field.as_str())) else {
                            continue;
                        };
                        if let Some(id) = self.function_of_value(value) {
                            for key in keys.iter() {
                                held.entry(*key).or_default().push(id);
                            }
                        }
                    }
                }
            }
        }
        for (caller, e, class, field) in sites {
            let Some(targets) = held.get(&(class, field)) else {
                continue;
            };
            let Event::Call {
                args, kwargs, span, ..
            } = e
            else {
                continue;
            };
            // Work taken off a queue threads hand it through runs on the thread taking it:
            // every function put there is one it runs, not a guess.
            if self
                .module_of(FuncId(caller as u32))
                .facts
                .queued_calls
                .contains(span)
            {
                self.bound_calls.insert(*span);
            }
            let mut seen: HashSet<FuncId> = HashSet::default();
            for &t in targets {
                if seen.insert(t) {
                    self.add_indirect_call(caller, t, args, kwargs, *span);
                }
            }
        }
    }

    /// The function a value names: a function of the program (`on_message`), or a method
    /// through its object (`self._on_error`, a bound method).
    pub(crate) fn function_of_value(&self, value: &Place) -> Option<FuncId> {
        match value {
            Place::Global(q) => self.function_named(q),
            Place::Field { class, field } if self.classes.contains_key(class.as_str()) => {
                self.resolve_method(class, field)
            }
            _ => None,
        }
    }

    /// The functions a call at `span` through a field runs (`self.on_message(..)` after
    /// `client.on_message = on_message`): see `add_callback_calls`.
    pub fn callbacks_at(&self, span: Span) -> &[FuncId] {
        self.callbacks.get(&span).map_or(&[], Vec::as_slice)
    }

    /// Whether the call at `span` calls a global bound once to a factory's wrapper, so that
    /// what [`CallGraph::callbacks_at`] gives there is what it runs, not a guess.
    pub fn is_bound_call(&self, span: Span) -> bool {
        self.bound_calls.contains(&span)
    }

    /// The plain function (not a class) of the program named `q`. A coroutine function is one
    /// too: a call through a field that is not awaited only makes the coroutine, which the
    /// analyses following calls tell by the `await` around the call.
    fn function_named(&self, q: &str) -> Option<FuncId> {
        let id = self.resolve_path(q)?;
        let f = self.function(id);
        (f.name == q || self.canonical_name(q) == f.name).then_some(id)
    }

    /// The name lookups' answers, for a call graph over the same names (see [`Memos`]).
    pub fn into_memos(self) -> Memos {
        self.memos
    }

    /// The memos and each module's findings (resolved calls and events of its functions), for
    /// [`Parts::keep`].
    pub fn into_parts(self) -> Parts {
        let mut calls = self.calls.into_iter();
        let mut events = self.events.into_iter();
        let modules = self
            .program
            .modules
            .iter()
            .map(|m| {
                let n = m.functions.len();
                let findings = Findings {
                    calls: calls.by_ref().take(n).collect(),
                    events: events.by_ref().take(n).collect(),
                };
                // SAFETY: a change of lifetime only (same type otherwise). `Parts` keeps the
                // findings private and reads them only in `keep`, whose contract is that the
                // program is still the one they point into.
                let findings =
                    unsafe { std::mem::transmute::<Findings<'p>, Findings<'static>>(findings) };
                (m.functions.as_ptr() as usize, findings)
            })
            .collect();
        Parts {
            memos: self.memos,
            modules,
        }
    }

    /// Parameter bindings and types learned from call sites (see `analysis::params`).
    pub fn params(&self) -> &ParamFacts {
        self.params.get_or_init(|| {
            let _t = crate::timings::phase("params");
            ParamFacts::compute(self)
        })
    }

    /// Sets the parameter bindings, computed elsewhere from this call graph's call sites (the
    /// type-refinement round's [`ParamTypes`](crate::analysis::params::ParamTypes) scans them
    /// anyway), unless [`CallGraph::params`] already has them. Called where no rule runs yet.
    pub fn offer_params(&self, facts: ParamFacts) {
        let _ = self.params.set(facts);
    }

    /// The strongly connected components of the resolved calls, callees first: Kosaraju
    /// yields them in reverse topological order of caller -> callee. Computed once for every
    /// bottom-up pass (held-lock summaries, reachability).
    pub fn components(&self) -> &[Vec<FuncId>] {
        self.components.get_or_init(|| {
            let edges = self.calls.iter().map(Vec::len).sum();
            let mut graph: DiGraph<FuncId, ()> = DiGraph::with_capacity(self.len(), edges);
            let nodes: Vec<NodeIndex> = self.ids().map(|id| graph.add_node(id)).collect();
            for id in self.ids() {
                for site in self.calls(id) {
                    graph.add_edge(nodes[id.0 as usize], nodes[site.callee.0 as usize], ());
                }
            }
            petgraph::algo::kosaraju_scc(&graph)
                .into_iter()
                .map(|component| component.into_iter().map(|n| graph[n]).collect())
                .collect()
        })
    }

    pub fn program(&self) -> &'p Program {
        self.program
    }

    pub fn len(&self) -> usize {
        self.funcs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.funcs.is_empty()
    }

    pub fn ids(&self) -> impl Iterator<Item = FuncId> {
        (0..self.funcs.len() as u32).map(FuncId)
    }

    pub fn function(&self, id: FuncId) -> &'p Function {
        let (m, f) = self.funcs[id.0 as usize];
        &self.program.modules[m as usize].functions[f as usize]
    }

    pub fn module_of(&self, id: FuncId) -> &'p Module {
        &self.program.modules[self.funcs[id.0 as usize].0 as usize]
    }

    pub fn by_name(&self, name: &str) -> Option<FuncId> {
        self.by_name.get(name).copied()
    }

    /// Whether the call at `site` runs none of its callee's body: an `async def` only makes a
    /// coroutine, and a plain generator whose generator the caller hands back as it is
    /// (`return lines(path)`, `ModuleFacts::handed_back_calls`) only makes a generator; the
    /// code awaiting or iterating it runs the body. (A synchronous helper handing a generator
    /// back is still taken to run it: its caller may iterate what it returns.) An awaited call
    /// of a decorated plain `def` (`ModuleFacts::wrapped_sync`) runs what its decorator made
    /// awaitable, on a worker thread as far as knot knows, not the body in the caller.
    pub fn runs_no_body(&self, site: &CallSite) -> bool {
        self.function(site.callee).is_async || self.unstarted().contains(&site.span)
    }

    /// Forces the cell [`CallGraph::runs_no_body`] reads, before parallel work asks it.
    pub fn unstarted(&self) -> &HashSet<Span> {
        self.unstarted.get_or_init(|| {
            let mut out = HashSet::default();
            for id in self.ids() {
                let facts = &self.module_of(id).facts;
                let (handed, awaited) = (&facts.handed_back_calls, &facts.awaited_calls);
                if handed.is_empty() && awaited.is_empty() {
                    continue;
                }
                for site in self.calls(id) {
                    let callee = self.function(site.callee);
                    let callee_facts = &self.module_of(site.callee).facts;
                    if (handed.binary_search(&site.span).is_ok()
                        && callee_facts.plain_generators.contains(&callee.name))
                        || (awaited.binary_search(&site.span).is_ok()
                            && callee_facts.wrapped_sync.contains(&callee.name))
                    {
                        out.insert(site.span);
                    }
                }
            }
            out
        })
    }

    /// Resolved calls made directly in `id`'s body, in source order.
    pub fn calls(&self, id: FuncId) -> &[CallSite<'p>] {
        &self.calls[id.0 as usize]
    }

    /// Every event of `id`'s body, in the order `walk_events` visits them.
    pub fn events(&self, id: FuncId) -> &[&'p Event] {
        &self.events[id.0 as usize]
    }

    /// Whether `f`, or a function it calls up to `depth` calls down, has an event `hit`
    /// accepts (a join, a reap of a field).
    pub fn any_event_within(&self, f: FuncId, depth: usize, hit: &dyn Fn(&Event) -> bool) -> bool {
        self.events(f).iter().any(|e| hit(e))
            || (depth > 0
                && (self.calls(f).iter())
                    .any(|c| c.callee != f && self.any_event_within(c.callee, depth - 1, hit)))
    }

    /// The definition a callee names, if exactly known.
    pub fn resolve(&self, callee: &Callee) -> Option<FuncId> {
        match callee {
            Callee::Path(path) => self.resolve_path(path),
            Callee::Method { class, method } => self.resolve_method(class, method),
            Callee::Dynamic { .. } => None,
        }
    }

    /// A qualified name to a function: directly, through re-export aliases (also of a prefix:
    /// `pkg.a.sub.f` where `pkg.a.sub` aliases `pkg.other`), or a class name to its constructor.
    pub fn resolve_path(&self, path: &str) -> Option<FuncId> {
        if let Some(known) = read(&self.memos.path).get(path) {
            return *known;
        }
        let found = self.find_path(path);
        write(&self.memos.path).insert(path.into(), found);
        found
    }

    fn find_path(&self, path: &str) -> Option<FuncId> {
        let canonical = self.canonical_name(path);
        if let Some(id) = self.by_name.get(canonical.as_str()) {
            return Some(*id);
        }
        // A class used as a constructor runs its `__init__` (Python) or `new` (Rust convention
        // is an explicit path, so only Python's form matters here).
        if self.classes.contains_key(canonical.as_str()) {
            // A metaclass's `__call__` (a singleton metaclass) runs instead, and decides whether
            // `__init__` runs at all.
            if let Some(call) = self.metaclass_call(&canonical) {
                return Some(call);
            }
            // A class defining only `__new__` (a singleton's) runs that.
            return self
                .resolve_method(&canonical, "__init__")
                .or_else(|| self.resolve_method(&canonical, "__new__"));
        }
        // `Class.method` / `Type::method` named by path: split at the last separator.
        let (owner, method) = split_last(&canonical)?;
        if self
            .classes
            .contains_key(self.canonical_name(owner).as_str())
        {
            return self.resolve_method(owner, method);
        }
        None
    }

    /// `M.__call__` for a class whose metaclass `M` (its own or an ancestor's) defines one.
    fn metaclass_call(&self, class: &str) -> Option<FuncId> {
        let mut seen = 0;
        let mut stack = vec![class.to_string()];
        while let Some(c) = stack.pop() {
            seen += 1;
            if seen > MAX_HOPS {
                return None;
            }
            let Some(info) = self.classes.get(c.as_str()) else {
                continue;
            };
            if let Some(meta) = &info.metaclass {
                let meta = self.canonical_name(meta);
                if self.classes.contains_key(meta.as_str()) {
                    return self.resolve_method(&meta, "__call__");
                }
            }
            stack.extend(info.bases.iter().map(|b| self.canonical_name(b)));
        }
        None
    }

    /// Follows aliases (whole name, then longest prefix) to the name's definition site.
    pub fn canonical_name(&self, name: &str) -> String {
        if let Some(known) = read(&self.memos.canonical).get(name) {
            // Not `to_string`: on a `Box<str>` that goes through the formatting machinery.
            return String::from(&**known);
        }
        let canonical = self.follow_aliases(name);
        write(&self.memos.canonical).insert(name.into(), canonical.as_str().into());
        canonical
    }

    fn follow_aliases(&self, name: &str) -> String {
        let mut current = name.to_string();
        for _ in 0..MAX_HOPS {
            if self.by_name.contains_key(current.as_str())
                || self.classes.contains_key(current.as_str())
            {
                return current;
            }
            if let Some(target) = self.aliases.get(current.as_str()) {
                current = target.to_string();
                continue;
            }
            // Longest aliased prefix.
            let mut replaced = None;
            let mut end = current.len();
            while let Some((prefix, _)) = split_last(&current[..end]) {
                if let Some(target) = self.aliases.get(prefix) {
                    replaced = Some(format!("{target}{}", &current[prefix.len()..]));
                    break;
                }
                end = prefix.len();
            }
            match replaced {
                Some(next) => current = next,
                None => return current,
            }
        }
        current
    }

    /// Rust: the implementations a method call on a receiver of unknown type runs
    /// (`adapter.initialization_options()` on an `Arc<dyn LspAdapter>`), with its receiver:
    /// those of the one trait of the checked crates declaring a method of that name, when no
    /// other function of the Rust code has that name (a call of `name()` could mean anything)
    /// and the trait has at most three implementations ([`CallGraph::overrides`]).
    pub fn dispatch(&self, method: &str) -> &[FuncId] {
        self.dispatch.get(method).map_or(&[], Vec::as_slice)
    }

    /// [`CallGraph::dispatch`] for a Rust event: an untyped method call (`MethodCall` on a local,
    /// a `Dynamic` call) and the receiver it runs on.
    pub fn dispatched<'e>(&self, event: &'e Event) -> Option<(&[FuncId], Option<&'e Place>)> {
        if self.dispatch.is_empty() {
            return None;
        }
        let (method, receiver) = match event {
            Event::MethodCall { place, method, .. } => (method, Some(place)),
            Event::Call {
                callee: Callee::Dynamic { method },
                args,
                ..
            } => (method, args.first().and_then(Option::as_ref)),
            _ => return None,
        };
        let targets = self.dispatch(method);
        (!targets.is_empty()).then_some((targets, receiver))
    }

    /// Builds [`CallGraph::dispatch`] from the Rust traits (`Class::interface`).
    fn trait_dispatch(&self) -> HashMap<&'p str, Vec<FuncId>> {
        let mut out: HashMap<&'p str, Vec<FuncId>> = HashMap::default();
        let rust = |m: &Module| m.lang == crate::source::Lang::Rust;
        if !self
            .program
            .modules
            .iter()
            .any(|m| rust(m) && m.classes.iter().any(|c| c.interface))
        {
            return out;
        }
        // Rust functions by short name, and by class (one pass).
        let mut named: HashMap<&'p str, Vec<FuncId>> = HashMap::default();
        let mut by_class: HashMap<&'p str, Vec<FuncId>> = HashMap::default();
        for id in self.ids() {
            if rust(self.module_of(id)) {
                let f = self.function(id);
                named.entry(f.short_name.as_str()).or_default().push(id);
                if let Some(class) = &f.class {
                    by_class.entry(class.as_str()).or_default().push(id);
                }
            }
        }
        let traits = self
            .program
            .modules
            .iter()
            .filter(|m| rust(m))
            .flat_map(|m| &m.classes);
        for tr in traits.filter(|c| c.interface) {
            for &id in by_class
                .get(tr.name.as_str())
                .map_or(&[][..], Vec::as_slice)
            {
                let f = self.function(id);
                let method = f.short_name.as_str();
                let impls = self.overrides(&tr.name, method, None);
                let others = &named[method];
                // Every function of that name is the trait's or one of its implementations.
                if impls.is_empty() || others.len() != impls.len() + 1 {
                    continue;
                }
                let mut targets = impls;
                if !f.body.is_empty() {
                    targets.push(id);
                }
                out.insert(method, targets);
            }
        }
        out
    }

    /// The `__new__` a construction resolved to `__init__` (`id`) runs first, when the class
    /// defines both in the checked code.
    fn allocator(&self, callee: &Callee, id: FuncId) -> Option<FuncId> {
        let Callee::Path(path) = callee else {
            return None;
        };
        if self.function(id).short_name != "__init__" {
            return None;
        }
        let canonical = self.canonical_name(path);
        if !self.classes.contains_key(canonical.as_str()) {
            return None;
        }
        self.resolve_method(&canonical, "__new__")
            .filter(|&n| n != id)
    }

    /// The overrides a call resolved to `id` also runs when `id` is a hook (`is_hook`): the
    /// call sites (`calls`) and the lockset's summaries both follow them.
    pub fn hook_overrides(
        &self,
        callee: &Callee,
        id: FuncId,
        caller: Option<FuncId>,
        receiver: Option<&Place>,
    ) -> Vec<FuncId> {
        match callee {
            Callee::Method { class, method }
                if is_hook(&self.function(id).body)
                    && !receiver.is_some_and(|r| self.built_as(r, class)) =>
            {
                self.overrides(class, method, caller)
            }
            _ => Vec::new(),
        }
    }

    /// Whether every store into the field `place` builds an object of `class` itself
    /// (`self._log = NativeLogger(..)`, or through a factory returning one): a method called
    /// on it runs that class's own body, however many subclasses override it elsewhere.
    fn built_as(&self, place: &Place, class: &str) -> bool {
        if !matches!(place, Place::Field { .. }) {
            return false;
        }
        let built = self.built_fields.get_or_init(|| {
            let mut built: HashMap<&Place, Name> = HashMap::default();
            // Where each declaration starts: the store's target (`self._log` in
            // `self._log = NativeLogger(..)`), where its write starts too.
            let mut spans: HashMap<&Place, Vec<(FileId, u32)>> = HashMap::default();
            let mut mixed: HashSet<&Place> = HashSet::default();
            for m in self
                .program
                .modules
                .iter()
                .filter(|m| m.lang == crate::source::Lang::Python)
            {
                for d in &m.decls {
                    if !matches!(d.place, Place::Field { .. }) {
                        continue;
                    }
                    match built.get(&d.place) {
                        Some(ty) if *ty != d.ty => {
                            mixed.insert(&d.place);
                        }
                        _ => {
                            built.insert(&d.place, d.ty);
                        }
                    }
                    spans
                        .entry(&d.place)
                        .or_default()
                        .push((d.span.file, d.span.start));
                }
            }
            // A store the declarations do not account for (`self._log = make()` of an unknown
            // result) may hold any object, a subclass's too.
            for m in self
                .program
                .modules
                .iter()
                .filter(|m| m.lang == crate::source::Lang::Python)
            {
                for f in &m.functions {
                    walk_stmts(&f.body, &mut |s| match s {
                        Stmt::Event(Event::Access {
                            place,
                            kind: AccessKind::Write,
                            span,
                            ..
                        }) if spans
                            .get(place)
                            .is_some_and(|known| !known.contains(&(span.file, span.start))) =>
                        {
                            mixed.insert(place);
                        }
                        // A value handed on from a parameter or another place (`self._log =
                        // log`, typed `log: Logger`): its declaration names the annotation,
                        // which a subclass's object satisfies too.
                        Stmt::Event(Event::Bind {
                            target,
                            value: Some(_),
                            ..
                        }) if spans.contains_key(target) => {
                            mixed.insert(target);
                        }
                        _ => {}
                    });
                }
            }
            built
                .into_iter()
                .filter(|(p, _)| !mixed.contains(p))
                .map(|(p, ty)| (p.clone(), ty))
                .collect()
        });
        built
            .get(place)
            .is_some_and(|ty| self.canonical_name(ty.as_str()) == self.canonical_name(class))
    }

    /// The overrides of `method` in the checked classes deriving from `class`, at any depth;
    /// none when there are more than three: which of many implementations runs depends on the
    /// object, and following all of them would send every caller of a widely derived base's
    /// hook (a file system's `ls`) into each subclass.
    ///
    /// Called from a method (`caller`), only the subclasses that inherit that method can run
    /// this call: a subclass overriding the caller itself (and its own subclasses) never
    /// reaches the base's call of the hook.
    fn overrides(&self, class: &str, method: &str, caller: Option<FuncId>) -> Vec<FuncId> {
        let caller_method = caller
            .map(|c| self.function(c))
            .filter(|f| f.class.is_some())
            .map(|f| f.short_name.as_str());
        let subclasses = self.subclasses.get_or_init(|| {
            let mut out: HashMap<String, Vec<String>> = HashMap::default();
            // Every class record, not only the first of each name: a Rust type's traits may
            // come from `impl` blocks in other files, each a record of its own.
            let mut records: Vec<&Class> = self
                .program
                .modules
                .iter()
                .flat_map(|m| &m.classes)
                .collect();
            records.sort_by(|a, b| a.name.cmp(&b.name));
            for class in records {
                for base in &class.bases {
                    let subs = out.entry(self.canonical_name(base)).or_default();
                    if !subs.contains(&class.name) {
                        subs.push(class.name.clone());
                    }
                }
            }
            out
        });
        let mut found = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        let mut stack: Vec<&str> = subclasses
            .get(self.canonical_name(class).as_str())
            .map_or_else(Vec::new, |v| v.iter().map(String::as_str).collect());
        while let Some(sub) = stack.pop() {
            if seen.contains(&sub) || seen.len() > 256 {
                continue;
            }
            seen.push(sub);
            if caller_method.is_some_and(|m| self.methods.contains_key(&(sub, m))) {
                continue;
            }
            if let Some(id) = self.methods.get(&(sub, method)) {
                found.push(*id);
            }
            if let Some(more) = subclasses.get(sub) {
                stack.extend(more.iter().map(String::as_str));
            }
        }
        if found.len() > 3 {
            found.clear();
        }
        found
    }

    /// A method on a class, looked up through its bases in declaration order (a simple MRO).
    pub fn resolve_method(&self, class: &str, method: &str) -> Option<FuncId> {
        if let Some(known) = read(&self.memos.method)
            .get(method)
            .and_then(|by_class| by_class.get(class))
        {
            return *known;
        }
        let found = self.find_method(class, method);
        write(&self.memos.method)
            .entry(method.into())
            .or_default()
            .insert(class.into(), found);
        found
    }

    fn find_method(&self, class: &str, method: &str) -> Option<FuncId> {
        let class = self.canonical_name(class);
        if let Some(order) = read(&self.memos.mro).get(class.as_str()) {
            return order
                .iter()
                .find_map(|c| self.methods.get(&(c.as_str(), method)).copied());
        }
        let order = self.method_order(&class, 0);
        let found = order
            .iter()
            .find_map(|c| self.methods.get(&(c.as_str(), method)).copied());
        write(&self.memos.mro).insert(class.into(), order);
        found
    }

    /// The order Python looks methods up in (`C.__mro__`, the C3 linearization): a class before
    /// its bases, each base before the bases it shares with a later one (`class
    /// AsyncManager(Manager, AsyncMixin)`, both deriving `FileMixin`: `AsyncMixin`'s override
    /// wins over `FileMixin`'s). A hierarchy C3 rejects, or one too deep, falls back to a
    /// depth-first search, first base first.
    fn method_order(&self, class: &str, depth: usize) -> Vec<String> {
        let bases: Vec<String> = match self.classes.get(class) {
            Some(c) if depth <= MAX_HOPS => {
                c.bases.iter().map(|b| self.canonical_name(b)).collect()
            }
            _ => return vec![class.to_string()],
        };
        let mut lists: Vec<Vec<String>> = bases
            .iter()
            .map(|b| self.method_order(b, depth + 1))
            .collect();
        lists.push(bases.clone());
        let mut out = vec![class.to_string()];
        while lists.iter().any(|l| !l.is_empty()) {
            // The first head that is in no other list's tail.
            let head = lists
                .iter()
                .filter_map(|l| l.first())
                .find(|h| !lists.iter().any(|l| l.iter().skip(1).any(|x| x == *h)));
            let Some(head) = head.cloned() else {
                return self.depth_first_order(class);
            };
            for l in &mut lists {
                if l.first() == Some(&head) {
                    l.remove(0);
                }
            }
            if out.contains(&head) {
                return self.depth_first_order(class);
            }
            out.push(head);
        }
        out
    }

    fn depth_first_order(&self, class: &str) -> Vec<String> {
        let mut stack = vec![(class.to_string(), 0usize)];
        let mut out: Vec<String> = Vec::new();
        while let Some((class, depth)) = stack.pop() {
            if depth > MAX_HOPS || out.contains(&class) {
                continue;
            }
            if let Some(c) = self.classes.get(class.as_str()) {
                // Push in reverse so the first base is searched first.
                for base in c.bases.iter().rev() {
                    stack.push((self.canonical_name(base), depth + 1));
                }
            }
            out.push(class);
        }
        out
    }

    /// Every ancestor of a class (canonical names), nearest first, including names outside the
    /// checked code (`threading.Thread`), so models can be matched against them.
    pub fn ancestors(&self, class: &str) -> Vec<String> {
        if let Some(known) = read(&self.memos.ancestors).get(class) {
            return known.clone();
        }
        let out = self.compute_ancestors(class);
        write(&self.memos.ancestors).insert(class.into(), out.clone());
        out
    }

    fn compute_ancestors(&self, class: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut queue = vec![self.canonical_name(class)];
        let mut i = 0;
        while i < queue.len() && i < 64 {
            let current = queue[i].clone();
            i += 1;
            if let Some(c) = self.classes.get(current.as_str()) {
                for base in &c.bases {
                    let base = self.canonical_name(base);
                    if !out.contains(&base) {
                        out.push(base.clone());
                        queue.push(base);
                    }
                }
            }
        }
        out
    }

    pub fn class(&self, name: &str) -> Option<&'p Class> {
        self.classes
            .get(self.canonical_name(name).as_str())
            .copied()
    }
}

/// Splits `a.b.c` or `a::b::c` at the last separator.
fn split_last(name: &str) -> Option<(&str, &str)> {
    // Byte scans: `rfind("::")` builds a two-way searcher per call, which showed in profiles.
    let bytes = name.as_bytes();
    if let Some(i) = bytes.iter().rposition(|&b| b == b':') {
        if i > 0 && bytes[i - 1] == b':' {
            return Some((&name[..i - 1], &name[i + 1..]));
        }
    }
    name.rfind('.').map(|i| (&name[..i], &name[i + 1..]))
}

/// Methods that put a callable into a container field (`self._callbacks.append(cb)`,
/// `self._queue.put(cb)`).
const CALLABLE_STORES: &[&str] = &[
    "append",
    "add",
    "insert",
    "appendleft",
    "__setitem__",
    "put",
    "put_nowait",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Function, Module, ModuleFacts};
    use crate::source::{FileId, Lang};

    fn func(name: &str, short: &str, class: Option<&str>, body: Vec<Stmt>) -> Function {
        Function {
            name: name.into(),
            short_name: short.into(),
            class: class.map(Into::into),
            span: Span::new(FileId(0), 0, 0),
            is_async: false,
            is_module_body: false,
            params: vec![],
            body,
        }
    }

    fn call(path: &str) -> Stmt {
        Stmt::Event(Event::Call {
            callee: Callee::Path(path.into()),
            args: vec![].into(),
            kwargs: vec![].into(),
            receiver: None,
            span: Span::new(FileId(0), 0, 0),
        })
    }

    fn module(
        name: &str,
        functions: Vec<Function>,
        classes: Vec<Class>,
        aliases: Vec<(&str, &str)>,
    ) -> Module {
        Module {
            file: FileId(0),
            lang: Lang::Python,
            name: name.into(),
            functions,
            classes,
            decls: vec![],
            aliases: aliases
                .into_iter()
                .map(|(a, b)| (a.into(), b.into()))
                .collect(),
            facts: ModuleFacts::default(),
        }
    }

    #[test]
    fn resolves_through_reexport_and_inherited_method() {
        let base = Class {
            name: "pkg.b.Base".into(),
            span: Span::new(FileId(0), 0, 0),
            bases: vec![],
            metaclass: None,
            interface: false,
        };
        let child = Class {
            name: "pkg.a.Child".into(),
            span: Span::new(FileId(0), 0, 0),
            bases: vec!["pkg.Base".into()],
            metaclass: None,
            interface: false,
        };
        let program = Program {
            modules: vec![
                module(
                    "pkg",
                    vec![],
                    vec![],
                    vec![("pkg.Base", "pkg.b.Base"), ("pkg.helper", "pkg.b.helper")],
                ),
                module(
                    "pkg.b",
                    vec![
                        func("pkg.b.helper", "helper", None, vec![]),
                        func("pkg.b.Base.run", "run", Some("pkg.b.Base"), vec![]),
                    ],
                    vec![base],
                    vec![],
                ),
                module(
                    "pkg.a",
                    vec![func(
                        "pkg.a.main",
                        "main",
                        None,
                        vec![call("pkg.helper"), call("pkg.a.Child.run")],
                    )],
                    vec![child],
                    vec![],
                ),
            ],
        };
        let g = CallGraph::compute(&program);
        let main = g.by_name("pkg.a.main").unwrap();
        let names: Vec<&str> = g
            .calls(main)
            .iter()
            .map(|c| g.function(c.callee).name.as_str())
            .collect();
        assert_eq!(names, ["pkg.b.helper", "pkg.b.Base.run"]);
        assert_eq!(g.ancestors("pkg.a.Child"), ["pkg.b.Base"]);
        assert_eq!(
            g.resolve(&Callee::Dynamic {
                method: "run".into()
            }),
            None
        );
    }

    #[test]
    fn memos_carry_over_to_a_program_declaring_the_same_names() {
        let program = |aliases: Vec<(&str, &str)>| Program {
            modules: vec![
                module("pkg", vec![], vec![], aliases),
                module(
                    "pkg.b",
                    vec![
                        func("pkg.b.helper", "helper", None, vec![]),
                        func("pkg.b.other", "other", None, vec![]),
                        func("pkg.b.main", "main", None, vec![call("pkg.helper")]),
                    ],
                    vec![],
                    vec![],
                ),
            ],
        };
        let callees = |g: &CallGraph<'_>| -> Vec<String> {
            let main = g.by_name("pkg.b.main").unwrap();
            g.calls(main)
                .iter()
                .map(|c| g.function(c.callee).name.clone())
                .collect()
        };
        let first = program(vec![("pkg.helper", "pkg.b.helper")]);
        let again = program(vec![("pkg.helper", "pkg.b.helper")]);
        let moved = program(vec![("pkg.helper", "pkg.b.other")]);
        let declared = |p: &Program| p.modules.iter().map(Declared::of).collect::<Vec<_>>();
        assert_eq!(declared(&first), declared(&again));
        assert_ne!(declared(&first), declared(&moved));
        let g = CallGraph::compute(&first);
        assert_eq!(callees(&g), ["pkg.b.helper"]);
        let g = CallGraph::compute_with(&again, g.into_memos());
        assert_eq!(callees(&g), ["pkg.b.helper"]);
        // The memos answer for the names they were built on, so a program that declares other
        // names starts from empty ones.
        assert_eq!(callees(&CallGraph::compute(&moved)), ["pkg.b.other"]);
    }

    #[test]
    fn kept_findings_match_a_fresh_call_graph() {
        let program = |callee: &str| Program {
            modules: vec![
                module(
                    "pkg.a",
                    vec![func("pkg.a.main", "main", None, vec![call(callee)])],
                    vec![],
                    vec![],
                ),
                module(
                    "pkg.b",
                    vec![
                        func("pkg.b.helper", "helper", None, vec![]),
                        func("pkg.b.other", "other", None, vec![]),
                        func("pkg.b.run", "run", None, vec![call("pkg.b.helper")]),
                    ],
                    vec![],
                    vec![],
                ),
            ],
        };
        let callees = |g: &CallGraph<'_>| -> Vec<(String, Vec<String>)> {
            g.ids()
                .map(|id| {
                    let to = g.calls(id).iter();
                    let to = to.map(|c| g.function(c.callee).name.clone()).collect();
                    (g.function(id).name.clone(), to)
                })
                .collect()
        };
        let mut p = program("pkg.b.helper");
        let g = CallGraph::compute_kept(&mut p, Kept::default());
        let parts = g.into_parts();
        // SAFETY: `parts` is of the call graph over `p`, unchanged since.
        let kept = unsafe { parts.keep(&mut p, |i| i == 1) };
        assert!(p.modules[1].functions.is_empty());
        // Module 0 is lowered again and calls something else; module 1 is taken over.
        p.modules[0] = program("pkg.b.other").modules.remove(0);
        let g = CallGraph::compute_kept(&mut p, kept);
        let fresh = program("pkg.b.other");
        assert_eq!(callees(&g), callees(&CallGraph::compute(&fresh)));
        assert_eq!(g.events(g.by_name("pkg.b.run").unwrap()).len(), 1);
    }
}
