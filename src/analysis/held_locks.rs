//! Lock identity, per-function lock summaries and the held-lock walk that the deadlock rules
//! (KN201-KN205) query.
//!
//! A place is a lock when some `PlaceDecl` gives it a type with a lock model; a condition built
//! over another lock (`Condition(self._lock)`) is that lock. Each function gets a summary of the
//! locks it may acquire, directly or through resolved calls (with a witness chain), computed once
//! bottom-up over the call graph's strongly connected components. Then each body is walked once
//! with the set of locks it definitely holds, and every acquisition (direct, or by a callee's
//! summary) made while holding a lock is recorded: an order edge for a different lock, a
//! re-acquire for the same one. The cost is linear in the code size: a callee is never
//! re-analysed per caller; its summary is substituted (parameters by the caller's arguments).
//!
//! Invariant: no library name here; lock meaning comes from `Models` and `PlaceDecl`s.
//!
//! Details:
//!
//! - A lock class per place; a field `__init__` binds to a lock every constructor call hands it is
//!   that lock (`handed_fields`); the owning object of each acquire tells two instances of one
//!   class apart.
//! - The locks a container keeps are one class: the element place `Store._locks[]` the Python
//!   front-end names and declares (`names_elements`).
//! - Each function's `Net`, the locks it returns holding or releases without taking, comes from
//!   its own body and then its callees' nets (`compose_nets`, three rounds); the walk applies it
//!   after a call of the function.
//! - A summary's acquisitions carry the locks a successful try-acquire found free on their path
//!   (`Acquisition::free`), which a caller holding one of them (non-reentrant) can never reach.
//! - `HeldLocks::unheld_callers` tells KN104 which callers of a helper hold no lock in common.
//! - `queue_joins` pair a `Queue.join()` made holding locks with the summaries of the queue's
//!   consumers (spawned functions that call `task_done()` on it), for KN204.
//! - A join of the variable of a loop over a container keeping started work
//!   (`ModuleFacts::element_handles`) is a join of the work the container keeps (KN204).
//! - A pool's submits (`ModuleFacts::pool_submits`) are its work (`spawn_targets`), so a pool's
//!   `shutdown()`/`join()`, lowered as an `Event::Join` of the pool, waits for its work in KN204.
//! - `lock_types` (lock types no file sees by itself, lock wrapper classes, module-level aliases
//!   of lock classes) feeds the pipeline's type refinement.
//! - The walk feeds `lock_order` (KN201) and the other KN2xx rules.

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::analysis::callgraph::{call_args, CallGraph, FuncId};
use crate::analysis::params::receiver_offset;
use crate::ir::{
    Callee, Event, Function, LockMode, LockUse, Name, Place, PlaceDecl, Program, Stmt,
};
use crate::models::{LockKind, LockModel, Models};
use crate::source::Span;

/// How many alias hops (condition -> its lock) are followed before giving up.
const MAX_ALIAS_HOPS: usize = 8;
/// Fixpoint iterations inside one recursive group of functions.
const MAX_SCC_ROUNDS: usize = 6;
/// Acquisitions kept per summary; beyond this a function's summary is truncated (huge
/// dispatchers), which only loses findings.
const MAX_SUMMARY: usize = 128;
/// Calls kept on one witness chain.
const MAX_CHAIN: usize = 12;

/// What knot knows about one lock from its model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockInfo {
    pub kind: LockKind,
    pub reentrant: bool,
    pub is_async: bool,
    /// The model's constructor or type (`threading.Lock`), for messages.
    pub ty: String,
}

/// Lock identity over the whole program: which places are locks and what they alias.
pub struct LockTable<'p> {
    models: &'p Models,
    decls: HashMap<&'p Place, Vec<&'p PlaceDecl>>,
    /// `Child._lock` -> `Base._lock` when only the base class declares the field: one lock.
    inherited: HashMap<Place, Place>,
    /// A parameter -> the lock every call site passes (`analysis::params`).
    params: HashMap<Place, Place>,
    /// A field `__init__` binds to a parameter of its own and nothing else ever binds -> the
    /// lock every constructor call passes there (`FileStore(root, self._lock)`): one lock.
    handed_fields: HashMap<Place, Place>,
    /// Classes that are locks themselves (`lock_wrappers`), with what their inner locks are.
    wrappers: HashMap<Name, LockInfo>,
}

impl<'p> LockTable<'p> {
    pub fn new(cg: &CallGraph<'p>, models: &'p Models) -> LockTable<'p> {
        let program: &'p Program = cg.program();
        let mut decls: HashMap<&'p Place, Vec<&'p PlaceDecl>> = HashMap::default();
        let mut fields_of: HashMap<&'p str, Vec<&'p str>> = HashMap::default();
        for module in &program.modules {
            for decl in &module.decls {
                decls.entry(&decl.place).or_default().push(decl);
                if let Place::Field { class, field } = &decl.place {
                    fields_of.entry(class).or_default().push(field);
                }
            }
        }
        let mut inherited = HashMap::default();
        for module in &program.modules {
            for class in &module.classes {
                if class.bases.is_empty() {
                    continue;
                }
                for ancestor in cg.ancestors(&class.name) {
                    for field in fields_of.get(ancestor.as_str()).into_iter().flatten() {
                        let own = Place::Field {
                            class: Name::new(&class.name),
                            field: Name::new(field),
                        };
                        if decls.contains_key(&own) {
                            continue;
                        }
                        inherited.entry(own).or_insert_with(|| Place::Field {
                            class: Name::new(&ancestor),
                            field: Name::new(field),
                        });
                    }
                }
            }
        }
        let mut table = LockTable {
            models,
            decls,
            inherited,
            params: cg.params().places().clone(),
            handed_fields: HashMap::default(),
            wrappers: HashMap::default(),
        };
        table.handed_fields = handed_fields(program, &table);
        let mut wrappers = HashMap::default();
        for (class, inner) in lock_wrappers(cg) {
            let mut info: Option<LockInfo> = None;
            for place in inner {
                let Some(i) = table.info(place, None) else {
                    continue;
                };
                info = Some(match info {
                    Some(prev) => LockInfo {
                        reentrant: prev.reentrant || i.reentrant,
                        is_async: prev.is_async || i.is_async,
                        ..prev
                    },
                    None => i,
                });
            }
            let is_async = cg
                .resolve_method(class, "__aenter__")
                .is_some_and(|f| cg.function(f).is_async);
            // A lock of unknown type inside may be reentrant: never a re-acquire finding.
            let info = info.unwrap_or(LockInfo {
                kind: LockKind::Mutex,
                reentrant: true,
                is_async,
                ty: class.to_string(),
            });
            let kind = match info.kind {
                LockKind::Condition => LockKind::Mutex,
                k => k,
            };
            wrappers.insert(
                Name::new(class),
                LockInfo {
                    kind,
                    is_async: info.is_async || is_async,
                    ty: class.to_string(),
                    ..info
                },
            );
        }
        table.wrappers = wrappers;
        table
    }

    /// The lock models declared for a place.
    fn lock_decls(&self, place: &Place) -> Vec<(&'p PlaceDecl, &'p LockModel)> {
        let models = self.models;
        let Some(decls) = self.decls.get(place) else {
            return Vec::new();
        };
        decls
            .iter()
            .filter_map(|d| models.lock(&d.ty).map(|m| (*d, m)))
            .collect()
    }

    /// The place whose lock is really taken when `place` is acquired: a condition built over a
    /// lock is that lock; a local or field declared as a copy of another lock place is that place.
    pub fn canonical(&self, place: &Place) -> Place {
        let place = self.params.get(place).unwrap_or(place);
        let place = self.inherited.get(place).unwrap_or(place);
        let mut current = self.handed_fields.get(place).unwrap_or(place).clone();
        for _ in 0..MAX_ALIAS_HOPS {
            let next = self.decls.get(&current).and_then(|ds| {
                ds.iter().find_map(|d| match self.models.lock(&d.ty) {
                    Some(m) => d.args.get(m.wraps?)?.clone(),
                    // A declaration whose type is itself a lock place: an alias (`l = self._lock`
                    // lowered as a decl of `l` with the aliased place as its only argument).
                    None if d.args.len() == 1 && self.models.lock(&d.ty).is_none() => {
                        let target = d.args[0].as_ref()?;
                        self.is_declared_lock(target).then(|| target.clone())
                    }
                    None => None,
                })
            });
            match next {
                Some(n) if n != current => current = self.inherited.get(&n).unwrap_or(&n).clone(),
                _ => break,
            }
        }
        current
    }

    fn is_declared_lock(&self, place: &Place) -> bool {
        !self.lock_decls(place).is_empty() || self.wrapper_info(place).is_some()
    }

    /// What a place declared as an instance of a lock wrapper class holds (`lock_wrappers`).
    fn wrapper_info(&self, place: &Place) -> Option<&LockInfo> {
        if self.wrappers.is_empty() {
            return None;
        }
        self.decls
            .get(place)?
            .iter()
            .find_map(|d| self.wrappers.get(d.ty.as_str()))
    }

    /// What the models say about the lock at `place` (canonical or not), falling back to the API
    /// the front-end matched at an acquire site.
    pub fn info(&self, place: &Place, api: Option<&str>) -> Option<LockInfo> {
        let mut found: Option<LockInfo> = None;
        for (decl, model) in self.lock_decls(place) {
            // A condition given a lock argument whose place is unknown wraps a lock knot cannot
            // name: treat it as reentrant so it never yields a re-acquire finding.
            let unknown_wrapped = model
                .wraps
                .is_some_and(|i| matches!(decl.args.get(i), Some(None)));
            let info = LockInfo {
                kind: model.kind,
                reentrant: model.reentrant || unknown_wrapped,
                is_async: model.is_async,
                ty: model.new.clone(),
            };
            found = Some(match found {
                // Several declarations (one per branch): reentrant if any is, so a re-acquire is
                // reported only when every declaration is non-reentrant.
                Some(prev) => LockInfo {
                    reentrant: prev.reentrant || info.reentrant,
                    is_async: prev.is_async || info.is_async,
                    ..prev
                },
                None => info,
            });
        }
        if found.is_some() {
            return found;
        }
        if let Some(w) = self.wrapper_info(place) {
            return Some(w.clone());
        }
        let api = api?;
        if let Some(w) = self.wrappers.get(api) {
            return Some(w.clone());
        }
        let model = self
            .models
            .lock(api)
            .or_else(|| split_last(api).and_then(|(owner, _)| self.models.lock(owner)))?;
        Some(LockInfo {
            kind: model.kind,
            reentrant: model.reentrant,
            is_async: model.is_async,
            ty: model.new.clone(),
        })
    }

    /// The lock model of a condition place (not of the lock it wraps), for wait/notify checks.
    pub fn condition_model(&self, place: &Place) -> Option<&'p LockModel> {
        // A parameter every caller passes the same condition to (`def wait_ready(cv)`).
        let place = self.params.get(place).unwrap_or(place);
        let place = self.inherited.get(place).unwrap_or(place);
        self.lock_decls(place)
            .into_iter()
            .map(|(_, m)| m)
            .find(|m| m.kind == LockKind::Condition || !m.wait.is_empty())
    }
}

/// One call on a witness chain: where it is made and what it calls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub call: Span,
    pub callee: FuncId,
}

/// A lock a function may acquire, directly or through calls.
#[derive(Clone, Debug)]
pub struct Acquisition {
    /// Canonical place in the function's own frame (its parameters still unsubstituted).
    pub lock: Place,
    pub mode: LockMode,
    pub blocking: bool,
    pub is_async: bool,
    pub api: Option<String>,
    /// The object whose field the lock is, in the summarised function's frame (`None` when
    /// unknown or not expressible there).
    pub owner: Option<Place>,
    /// The acquire site itself (at the end of `chain`).
    pub span: Span,
    /// Calls from the summarised function down to the function that acquires.
    pub chain: Vec<Step>,
    /// Locks the path to this acquisition found free by a successful try-acquire
    /// (`if lock.acquire(False): ... self.flush()`), in the summarised function's frame: a
    /// caller holding one of them, non-reentrant, never takes this path.
    pub free: Vec<Place>,
}

impl Acquisition {
    /// The acquisition `lock` makes, under its canonical place, on a path where the locks in
    /// `free` were found free; its chain is filled in by callers' summaries.
    fn of(table: &LockTable<'_>, lock: &LockUse, free: Vec<Place>) -> Acquisition {
        Acquisition {
            lock: table.canonical(&lock.lock),
            mode: lock.mode,
            blocking: lock.blocking,
            is_async: lock.is_async,
            api: lock.api.map(String::from),
            owner: lock.owner.clone(),
            span: lock.span,
            chain: Vec::new(),
            free,
        }
    }
}

/// A lock held at some point of a walk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Held {
    pub lock: Place,
    pub mode: LockMode,
    pub span: Span,
    pub api: Option<String>,
    /// Taken by an explicit acquire call rather than a scoped region (`with`, a guard).
    pub explicit: bool,
    /// The object whose field the lock is (`other` in `other.lock`), when known.
    pub owner: Option<Place>,
    /// Taken by a call of this function, which returns holding it ([`Net`]); `span` is the call.
    pub via: Option<FuncId>,
    /// Distinguishes two holds of one lock so a region pops its own.
    id: u32,
}

/// Lock `to` acquired (blocking) while `from` is held.
#[derive(Clone, Debug)]
pub struct OrderEdge {
    pub from: Place,
    pub to: Place,
    pub from_mode: LockMode,
    pub to_mode: LockMode,
    /// Where `from` was acquired: the acquire, or the call of `outer_via` that returns holding it.
    pub outer: Span,
    pub outer_via: Option<FuncId>,
    /// Where `to` is acquired (possibly deep in a callee).
    pub inner: Span,
    /// Calls from `function` to the acquire of `to`.
    pub chain: Vec<Step>,
    pub function: FuncId,
    /// Every lock held in `function` at that point (a common one guards a cycle).
    pub held: Vec<Place>,
    /// For a read of `to` that a writer queued on it blocks (not a `read_recursive`): the
    /// program's first write of `to`, through which this read waits for another thread's read.
    pub writer: Option<Span>,
}

/// A lock acquired again while the same thread (or task) definitely holds it.
#[derive(Clone, Debug)]
pub struct Reacquire {
    pub lock: Place,
    pub info: LockInfo,
    pub held_mode: LockMode,
    pub mode: LockMode,
    /// The first acquire, in `function`: the acquire, or the call of `first_via` that returns
    /// holding the lock.
    pub first: Span,
    pub first_via: Option<FuncId>,
    /// Where `function` acquires again: the acquire itself or the call leading to it.
    pub site: Span,
    /// The second acquire site (equal to `site` when direct).
    pub inner: Span,
    pub chain: Vec<Step>,
    pub function: FuncId,
    /// A read taken again while holding a read: a blocking write of the lock elsewhere, the
    /// writer that may queue between the two reads.
    pub writer: Option<Span>,
}

/// One lock class taken on two different objects, nested: `with self.lock: with other.lock:`
/// for two instances of one class. Another thread doing the same with the objects swapped
/// takes them in the opposite order.
#[derive(Clone, Debug)]
pub struct SameClassNesting {
    pub lock: Place,
    /// The objects, as parameters of `function`: the one held and the one acquired.
    pub outer_owner: Place,
    pub inner_owner: Place,
    /// The first acquire, in `function`.
    pub outer: Span,
    /// Where `function` acquires the second: the acquire itself or the call leading to it.
    pub site: Span,
    /// The second acquire site (equal to `site` when direct).
    pub inner: Span,
    pub chain: Vec<Step>,
    pub function: FuncId,
    /// The function compares the two objects (`id(a) < id(b)`, `a.key > b.key`), so it can
    /// take them in a global order.
    pub ordered: bool,
}

/// A wait/notify on a condition, with whether its lock is definitely held there.
#[derive(Clone, Debug)]
pub struct ConditionUse {
    /// The condition's place as written.
    pub condition: Place,
    /// The lock the condition uses (canonical).
    pub lock: Place,
    pub method: String,
    pub is_wait: bool,
    /// A wait that re-checks its predicate itself (`wait_for`), so it needs no loop.
    pub has_predicate: bool,
    pub held: bool,
    pub in_loop: bool,
    /// A branch or loop follows the wait (or the wait is a branch condition), or the function
    /// returns right after it reading nothing shared: the code after the wait (or the caller)
    /// re-checks what it waited for, which covers a wait with a timeout.
    pub rechecked: bool,
    pub span: Span,
    pub function: FuncId,
}

/// A join of a thread whose target acquires a lock the joining code holds.
#[derive(Clone, Debug)]
pub struct JoinWhileHolding {
    pub handle: Place,
    pub lock: Place,
    pub held: Span,
    pub join: Span,
    pub spawn: Span,
    pub target: FuncId,
    /// The acquire in the target (through `chain`).
    pub inner: Span,
    pub chain: Vec<Step>,
    pub function: FuncId,
}

/// `q.join()` (waiting until every item put on `q` is marked done) while holding a lock that a
/// thread or task consuming `q` (one that calls `q.task_done()`) acquires: the consumer blocks on
/// the lock before it marks the items done, and the join never returns.
#[derive(Clone, Debug)]
pub struct QueueJoinWhileHolding {
    pub queue: Place,
    pub lock: Place,
    pub held: Span,
    pub join: Span,
    pub consumer: FuncId,
    /// Where the consumer marks an item done.
    pub task_done: Span,
    /// The acquire in the consumer (through `chain`).
    pub inner: Span,
    pub chain: Vec<Step>,
    pub function: FuncId,
}

/// A thread joining itself: `self.join()` in the method that runs as the thread (directly or
/// in a method it calls on itself), or a join of what `threading.current_thread()` returns.
#[derive(Clone, Debug)]
pub struct SelfJoin {
    pub join: Span,
    pub function: FuncId,
    /// The method called on the thread itself that joins it, and where it joins.
    pub via: Option<(FuncId, Span)>,
}

/// Everything the held-lock walk found, program-wide.
pub struct HeldLocks<'p> {
    pub table: LockTable<'p>,
    pub summaries: Vec<Vec<Acquisition>>,
    pub edges: Vec<OrderEdge>,
    pub reacquires: Vec<Reacquire>,
    pub same_class: Vec<SameClassNesting>,
    pub condition_uses: Vec<ConditionUse>,
    pub joins: Vec<JoinWhileHolding>,
    pub queue_joins: Vec<QueueJoinWhileHolding>,
    pub self_joins: Vec<SelfJoin>,
    /// For each function, the canonical locks definitely held at each resolved call to it made
    /// while holding some lock (a call holding none is not listed).
    pub held_at_calls: Vec<Vec<Vec<Place>>>,
    /// For each function, the callers of each resolved call to it made holding no lock.
    pub unheld_callers: Vec<Vec<FuncId>>,
}

impl<'p> HeldLocks<'p> {
    pub fn compute(cg: &CallGraph<'p>, models: &'p Models) -> HeldLocks<'p> {
        // Both force a call-graph cell (the components, the parameter bindings): here, on the
        // rule's own thread, before anything below runs on the rayon pool (ARCHITECTURE.md).
        // The components first: the race rules' `sharing` starts with the bindings, and this
        // thread finds the components meanwhile instead of waiting for them.
        let components = cg.components();
        let table = LockTable::new(cg, models);
        // Independent scans of the program, each serial but for the direct acquisitions: at once.
        let (((direct, nets), spawns), (consumers, (self_joiners, join_methods))) = rayon::join(
            || {
                rayon::join(
                    || {
                        (0..cg.len())
                            .into_par_iter()
                            .with_min_len(64)
                            .map(|i| {
                                let f = cg.function(FuncId(i as u32));
                                (direct_acquisitions(f, &table), net_effect(f, &table))
                            })
                            .unzip::<_, _, Vec<Direct>, Vec<Option<Net>>>()
                    },
                    || spawn_targets(cg),
                )
            },
            || {
                rayon::join(
                    || queue_consumers(cg, models),
                    || {
                        let mut join_methods = HashMap::default();
                        let found = self_joiners(cg, models, components, &mut join_methods);
                        (found, join_methods)
                    },
                )
            },
        );
        let nets = compose_nets(cg, &table, nets);
        let (summaries, writers) = rayon::join(
            || summarize(cg, &table, components, &direct),
            || writers(&direct),
        );
        // Each body is walked on its own (parallel, collected in function order); what the
        // walks record is then appended in that order, as one walk after another would.
        let found: Vec<Found> = (0..cg.len())
            .into_par_iter()
            .map(|i| {
                let id = FuncId(i as u32);
                let f = cg.function(id);
                let mut walker = Walker {
                    cg,
                    table: &table,
                    writers: &writers,
                    found: Found::default(),
                    summaries: &summaries,
                    nets: &nets,
                    spawns: &spawns,
                    consumers: &consumers,
                    self_joiners: &self_joiners,
                    function: id,
                    awaits: match cg.module_of(id).lang {
                        crate::source::Lang::Python => cg
                            .events(id)
                            .iter()
                            .filter_map(|e| match e {
                                Event::Await { span } => Some(*span),
                                _ => None,
                            })
                            .collect(),
                        crate::source::Lang::Rust => Vec::new(),
                    },
                    next_id: 0,
                    loop_depth: 0,
                    in_cond: 0,
                    tried: Vec::new(),
                    recheck_follows: false,
                    returns_next: true,
                    compared: compared_pairs(cg, id),
                    self_join_methods: if is_thread_entry(cg, models, f) {
                        known_join_methods(cg, models, f, &join_methods)
                    } else {
                        Vec::new()
                    },
                };
                let mut state = State {
                    held: Vec::new(),
                    live: true,
                };
                walker.walk(&f.body, &mut state);
                walker.found
            })
            .collect();
        let mut out = HeldLocks {
            table,
            summaries,
            edges: Vec::new(),
            reacquires: Vec::new(),
            same_class: Vec::new(),
            condition_uses: Vec::new(),
            joins: Vec::new(),
            queue_joins: Vec::new(),
            self_joins: Vec::new(),
            held_at_calls: vec![Vec::new(); cg.len()],
            unheld_callers: vec![Vec::new(); cg.len()],
        };
        for found in found {
            out.edges.extend(found.edges);
            out.reacquires.extend(found.reacquires);
            out.same_class.extend(found.same_class);
            out.condition_uses.extend(found.condition_uses);
            out.joins.extend(found.joins);
            out.queue_joins.extend(found.queue_joins);
            out.self_joins.extend(found.self_joins);
            for (target, held) in found.held_at_calls {
                out.held_at_calls[target.0 as usize].push(held);
            }
            for (target, caller) in found.unheld_calls {
                out.unheld_callers[target.0 as usize].push(caller);
            }
        }
        out
    }

    /// What the models say about a canonical lock, also consulting the API seen at one of its
    /// acquisitions.
    pub fn info(&self, lock: &Place, api: Option<&str>) -> Option<LockInfo> {
        self.table.info(lock, api)
    }
}

/// The fields a constructor is handed a lock for: `self._lock = lock` in `__init__`, where
/// every call of the constructor passes one lock place (`analysis::params`) and no other
/// statement of the program binds the field. Such a field is that lock, whatever object holds it.
fn handed_fields(program: &Program, table: &LockTable<'_>) -> HashMap<Place, Place> {
    // Field -> the lock it is bound to in its class's `__init__`, `None` once bound otherwise.
    let mut bound: HashMap<&Place, Option<Place>> = HashMap::default();
    for module in &program.modules {
        for f in &module.functions {
            let init_of = f.class.as_deref().filter(|_| f.short_name == "__init__");
            crate::ir::walk_events(&f.body, &mut |e| {
                let Event::Bind { target, value, .. } = e else {
                    return;
                };
                let Place::Field { class, .. } = target else {
                    return;
                };
                let handed = match value {
                    Some(p @ Place::Param { function, .. })
                        if init_of == Some(class.as_str()) && *function == f.name =>
                    {
                        table
                            .params
                            .get(p)
                            .filter(|l| table.is_declared_lock(&table.canonical(l)))
                    }
                    _ => None,
                };
                let slot = bound.entry(target).or_insert_with(|| handed.cloned());
                if slot.as_ref() != handed {
                    *slot = None;
                }
            });
        }
    }
    bound
        .into_iter()
        .filter_map(|(field, lock)| Some((field.clone(), lock?)))
        .collect()
}

/// Classes of the checked code that are locks themselves: `__enter__` (`__aenter__`) takes a lock
/// field of the instance, by a blocking acquire in its body or in a method of the class it calls,
/// and `__exit__` (`__aexit__`) releases it. Maps each class to those fields (httpcore's
/// `AsyncLock` takes a trio or an anyio lock, whichever the backend made). An instance is one
/// lock: `with self._request_lock:` holds the place of the instance, so two instances are two
/// locks.
pub fn lock_wrappers<'p>(cg: &CallGraph<'p>) -> HashMap<&'p str, Vec<&'p Place>> {
    let mut out: HashMap<&'p str, Vec<&'p Place>> = HashMap::default();
    for id in cg.ids() {
        let f = cg.function(id);
        let exit = match f.short_name.as_str() {
            "__enter__" => "__exit__",
            "__aenter__" => "__aexit__",
            _ => continue,
        };
        let Some(class) = f.class.as_deref() else {
            continue;
        };
        let own_field =
            |p: &Place| matches!(p, Place::Field { class: c, .. } if c.as_str() == class);
        let mut taken: Vec<&'p Place> = Vec::new();
        // Only an acquire every entry makes: one under a test (`if self._owner is not task:`)
        // is a wrapper that tracks its owner, re-entrant by design, or an optional lock.
        with_own_methods(cg, id, class, true, &mut |e| {
            if let Event::Acquire(l) = e {
                if l.blocking && own_field(&l.lock) && !taken.contains(&&l.lock) {
                    taken.push(&l.lock);
                }
            }
        });
        if taken.is_empty() {
            continue;
        }
        let Some(exit) = cg.resolve_method(class, exit) else {
            continue;
        };
        let mut released: Vec<&'p Place> = Vec::new();
        with_own_methods(cg, exit, class, false, &mut |e| {
            if let Event::Release { lock, .. } = e {
                released.push(lock);
            }
        });
        taken.retain(|p| released.contains(p));
        if !taken.is_empty() {
            out.insert(class, taken);
        }
    }
    out
}

/// Visits the events of `f` and of the methods of `class` that `f` calls on its own instance
/// (`def __enter__(self): self.acquire()`); with `always`, only those that run on every path
/// (not under a test or in a loop body).
fn with_own_methods<'p>(
    cg: &CallGraph<'p>,
    f: FuncId,
    class: &str,
    always: bool,
    visit: &mut dyn FnMut(&'p Event),
) {
    let walk = |body: &'p [Stmt], visit: &mut dyn FnMut(&'p Event)| {
        if always {
            unconditional_events(body, visit);
        } else {
            crate::ir::walk_events(body, &mut |e| visit(e));
        }
    };
    walk(&cg.function(f).body, &mut |e| {
        visit(e);
        if let Event::Call {
            callee: callee @ crate::ir::Callee::Method { class: c, .. },
            ..
        } = e
        {
            if c.as_str() == class {
                if let Some(g) = cg.resolve(callee).filter(|&g| g != f) {
                    walk(&cg.function(g).body, visit);
                }
            }
        }
    });
}

/// The events of `body` that run whenever it does: not inside a loop's body nor a branch's arms,
/// unless every arm acquires (a `try` body may stop early, but its events up to there run on
/// the normal path).
fn unconditional_events<'p>(body: &'p [Stmt], visit: &mut dyn FnMut(&'p Event)) {
    for s in body {
        match s {
            Stmt::Event(e) => visit(e),
            Stmt::Hold { body, .. } | Stmt::Block(body) => unconditional_events(body, visit),
            // `for lock in self.locks: lock.acquire()`: the loop over a field of locks takes
            // every element (the front-end names each element's acquire after them) whatever
            // the field's length.
            Stmt::Loop { cond, body, .. } => {
                unconditional_events(cond, visit);
                let mut iterated: Vec<&Place> = Vec::new();
                unconditional_events(cond, &mut |e| {
                    if let Event::Access { place, .. } = e {
                        iterated.push(place);
                    }
                });
                unconditional_events(body, &mut |e| {
                    if let Event::Acquire(l) = e {
                        if iterated.iter().any(|c| element_of(&l.lock, c)) {
                            visit(e);
                        }
                    }
                });
            }
            // A branch each arm of which takes a lock (one backend's or the other's) takes one
            // whatever the test says.
            Stmt::Branch { cond, arms, .. } => {
                unconditional_events(cond, visit);
                let every_arm_acquires = arms.iter().all(|arm| {
                    let mut acquires = false;
                    unconditional_events(arm, &mut |e| {
                        acquires |= matches!(e, Event::Acquire(_));
                    });
                    acquires
                });
                if every_arm_acquires {
                    for arm in arms {
                        unconditional_events(arm, visit);
                    }
                }
            }
            Stmt::Try { body, finally, .. } => {
                unconditional_events(body, visit);
                unconditional_events(finally, visit);
            }
            Stmt::ErrorReturn { .. } => {}
            Stmt::Return(_) | Stmt::Raise(_) | Stmt::Break(_) | Stmt::Continue(_) => {}
        }
    }
}

/// Program-wide lock types the front-end cannot see from one file (`TypeHints::lock_types`):
/// every lock wrapper class (`lock_wrappers`) names itself, and a module-level alias or
/// re-export whose target is a lock model's type or such a class (through other aliases)
/// names that type. Names that are model types themselves are left to the models.
pub fn lock_types(cg: &CallGraph<'_>, models: &Models) -> rustc_hash::FxHashMap<String, String> {
    let mut out: rustc_hash::FxHashMap<String, String> = lock_wrappers(cg)
        .into_keys()
        .map(|c| (c.to_string(), c.to_string()))
        .collect();
    let aliases: Vec<(&str, &str)> = cg
        .program()
        .modules
        .iter()
        .flat_map(|m| m.aliases.iter())
        .map(|(local, target)| (local.as_str(), target.as_str()))
        .filter(|(local, _)| !models.is_model_type(local))
        .collect();
    for _ in 0..MAX_ALIAS_HOPS {
        let mut grew = false;
        for (local, target) in &aliases {
            if out.contains_key(*local) {
                continue;
            }
            let ty = if models.lock(target).is_some() {
                Some(target.to_string())
            } else {
                out.get(*target).cloned()
            };
            if let Some(ty) = ty {
                out.insert(local.to_string(), ty);
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    out
}

/// Substitutes a callee's parameter places with the caller's argument places; `None` when the
/// argument is not a known place.
pub fn substitute(place: &Place, callee: &Function, args: &[Option<Place>]) -> Option<Place> {
    let Place::Param { function, index } = place else {
        return Some(place.clone());
    };
    if *function != callee.name {
        return Some(place.clone());
    }
    let offset = receiver_offset(callee, args);
    let index = *index as usize;
    if index < offset {
        return None;
    }
    args.get(index - offset).cloned().flatten()
}

/// Bottom-up summaries over the strongly connected components of the call graph.
fn summarize(
    cg: &CallGraph<'_>,
    table: &LockTable<'_>,
    components: &[Vec<FuncId>],
    direct: &[Direct],
) -> Vec<Vec<Acquisition>> {
    let mut summaries: Vec<Vec<Acquisition>> = vec![Vec::new(); cg.len()];
    for members in components {
        let recursive =
            members.len() > 1 || cg.calls(members[0]).iter().any(|s| s.callee == members[0]);
        let rounds = if recursive { MAX_SCC_ROUNDS } else { 1 };
        for _ in 0..rounds {
            let mut changed = false;
            for &id in members {
                let next = compose(cg, id, &direct[id.0 as usize], &summaries, table);
                if next.len() != summaries[id.0 as usize].len() {
                    changed = true;
                }
                summaries[id.0 as usize] = next;
            }
            if !changed {
                break;
            }
        }
    }
    summaries
}

/// A function's summary: its own acquisitions, then each resolved callee's, substituted.
fn compose(
    cg: &CallGraph<'_>,
    id: FuncId,
    direct: &Direct,
    summaries: &[Vec<Acquisition>],
    table: &LockTable<'_>,
) -> Vec<Acquisition> {
    let mut out: Vec<Acquisition> = Vec::new();
    // A path that needs a lock free is kept apart from one that does not, so pruning the
    // first in a caller never hides the second.
    let mut seen: HashSet<(Place, LockMode, bool, bool)> = HashSet::default();
    let mut push = |acq: Acquisition, out: &mut Vec<Acquisition>| {
        let key = (
            acq.lock.clone(),
            acq.mode,
            acq.blocking,
            acq.free.is_empty(),
        );
        if out.len() < MAX_SUMMARY && seen.insert(key) {
            out.push(acq);
        }
    };
    for acq in &direct.acquisitions {
        push(acq.clone(), &mut out);
    }
    // A plain Python function calling a coroutine function only makes the coroutine: its body
    // runs later, wherever it is awaited or spawned (`spawn(self._connect())`).
    let makes_coroutines =
        !cg.function(id).is_async && cg.module_of(id).lang == crate::source::Lang::Python;
    for site in cg.calls(id) {
        let callee = cg.function(site.callee);
        if makes_coroutines && callee.is_async {
            continue;
        }
        let guard = direct
            .guarded_calls
            .iter()
            .find(|(span, _)| *span == site.span)
            .map(|(_, free)| free.as_slice())
            .unwrap_or_default();
        for acq in &summaries[site.callee.0 as usize] {
            if acq.chain.len() >= MAX_CHAIN {
                continue;
            }
            let Some(place) = substitute(&acq.lock, callee, &site.args) else {
                continue;
            };
            let mut chain = Vec::with_capacity(acq.chain.len() + 1);
            chain.push(Step {
                call: site.span,
                callee: site.callee,
            });
            chain.extend(acq.chain.iter().cloned());
            let mut free: Vec<Place> = acq
                .free
                .iter()
                .filter_map(|p| substitute(p, callee, &site.args))
                .map(|p| table.canonical(&p))
                .collect();
            free.extend(guard.iter().cloned());
            push(
                Acquisition {
                    lock: table.canonical(&place),
                    owner: substitute_owner(acq.owner.as_ref(), callee, &site.args, site.receiver),
                    chain,
                    free,
                    ..acq.clone()
                },
                &mut out,
            );
        }
    }
    out
}

/// Locks a body acquires itself (`Hold` regions and `Acquire` events), in source order, and
/// the calls it makes on paths that found locks free (see [`Acquisition::free`]).
fn direct_acquisitions(f: &Function, table: &LockTable<'_>) -> Direct {
    let mut out = Direct::default();
    direct_walk(&f.body, table, &mut Vec::new(), &mut out);
    out
}

/// A function's own acquisitions, and the spans of its calls made where a successful
/// try-acquire showed locks free, with those locks (most functions have none).
#[derive(Default)]
struct Direct {
    acquisitions: Vec<Acquisition>,
    guarded_calls: Vec<(Span, Vec<Place>)>,
}

/// [`direct_acquisitions`] over `body` (pre-order, as `ir::walk_stmts`), `free` being the locks
/// the enclosing branches' try-acquires found free.
fn direct_walk(body: &[Stmt], table: &LockTable<'_>, free: &mut Vec<Place>, out: &mut Direct) {
    for stmt in body {
        let lock = match stmt {
            Stmt::Hold { lock, .. } | Stmt::Event(Event::Acquire(lock)) => Some(lock),
            Stmt::Event(e @ (Event::Call { .. } | Event::MethodCall { .. })) => {
                if !free.is_empty() {
                    out.guarded_calls.push((e.span(), free.clone()));
                }
                None
            }
            _ => None,
        };
        if let Some(lock) = lock {
            out.acquisitions
                .push(Acquisition::of(table, lock, free.clone()));
        }
        match stmt {
            Stmt::Hold { body, .. } | Stmt::Block(body) => direct_walk(body, table, free, out),
            Stmt::Branch { cond, arms, .. } => {
                direct_walk(cond, table, free, out);
                // `if lock.acquire(False):` succeeded in the first arm: the lock was free.
                let mark = free.len();
                for (i, arm) in arms.iter().enumerate() {
                    if i == 0 {
                        free.extend(tried_locks(cond, table));
                    }
                    direct_walk(arm, table, free, out);
                    free.truncate(mark);
                }
            }
            Stmt::Loop { cond, body, .. } => {
                direct_walk(cond, table, free, out);
                direct_walk(body, table, free, out);
            }
            Stmt::Try {
                body,
                handlers,
                orelse,
                finally,
                ..
            } => {
                direct_walk(body, table, free, out);
                for h in handlers {
                    direct_walk(h, table, free, out);
                }
                direct_walk(orelse, table, free, out);
                direct_walk(finally, table, free, out);
            }
            Stmt::ErrorReturn { .. } => {}
            Stmt::Event(_)
            | Stmt::Return(_)
            | Stmt::Raise(_)
            | Stmt::Break(_)
            | Stmt::Continue(_) => {}
        }
    }
}

/// Whether a place names every element of a container (`Store._locks[]`, made by the
/// front-ends for the locks a container keeps) rather than one object.
pub fn names_elements(place: &Place) -> bool {
    match place {
        Place::Field { field, .. } => field.as_str().ends_with("[]"),
        Place::Global(g) => g.as_str().ends_with("[]"),
        _ => false,
    }
}

/// Whether `element` names the elements of the container `container` (`Store._locks[]` and
/// `Store._locks`).
fn element_of(element: &Place, container: &Place) -> bool {
    let (e, c) = match (element, container) {
        (
            Place::Field { class, field },
            Place::Field {
                class: c2,
                field: f2,
            },
        ) if class == c2 => (field.as_str(), f2.as_str()),
        (Place::Global(e), Place::Global(c)) => (e.as_str(), c.as_str()),
        _ => return false,
    };
    e.strip_suffix("[]") == Some(c)
}

/// What returning from a function leaves to its caller's locks, from its own body: the locks
/// held at every return (`def _acquire_all(self): for l in self._locks.values(): l.acquire()`)
/// and those it releases without taking them first (`def _release_all(self): ... l.release()`).
/// A helper of a helper is followed to [`MAX_NET_ROUNDS`] calls.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Net {
    /// Held at every return, canonical in the function's own frame.
    held: Vec<Held>,
    /// Released somewhere without being taken first, canonical in the function's own frame.
    released: Vec<Place>,
}

impl Net {
    /// Applies the net of `callee`, called with `args`, to the caller's `state`: frees what it
    /// releases and holds what it returns holding, numbered from `next_id`. With `at` (the call
    /// and the callee), the locks held are shown as taken at the call, by the callee. Returns
    /// the locks it releases that `state` did not hold.
    fn apply(
        &self,
        table: &LockTable<'_>,
        callee: &Function,
        args: &[Option<Place>],
        at: Option<(Span, FuncId)>,
        state: &mut State,
        next_id: &mut u32,
    ) -> Vec<Place> {
        let in_caller =
            |place: &Place| substitute(place, callee, args).map(|p| table.canonical(&p));
        let mut unheld = Vec::new();
        for lock in self.released.iter().filter_map(in_caller) {
            match state.held.iter().rposition(|h| h.lock == lock) {
                Some(pos) => {
                    state.held.remove(pos);
                }
                None => unheld.push(lock),
            }
        }
        for held in &self.held {
            let Some(lock) = in_caller(&held.lock) else {
                continue;
            };
            let mut held = Held {
                lock,
                id: *next_id,
                ..held.clone()
            };
            if let Some((span, callee)) = at {
                held.span = span;
                held.owner = None;
                held.via = Some(callee);
            }
            state.held.push(held);
            *next_id += 1;
        }
        unheld
    }
}

/// [`Net`] of `f`, when it has one, from its own body. Only explicit acquires and releases can
/// leave a lock held or freed on return: a function with neither (nearly all) is not walked.
fn net_effect(f: &Function, table: &LockTable<'_>) -> Option<Net> {
    let mut explicit = false;
    crate::ir::walk_events(&f.body, &mut |e| {
        explicit |= matches!(e, Event::Acquire(_) | Event::Release { .. });
    });
    if !explicit {
        return None;
    }
    net_walk(f, table, None)
}

/// How many times the callers of functions with a [`Net`] are walked again with their callees'
/// nets applied: a helper calling a helper (`def _lock_all(self): self._lock_index();
/// self._lock_rows()`), to that depth.
const MAX_NET_ROUNDS: usize = 3;

/// Every function's [`Net`]: `own` (from each body alone, [`net_effect`]), then the callers of
/// functions with one walked again with the callees' nets applied at their calls, until nothing
/// changes.
fn compose_nets(
    cg: &CallGraph<'_>,
    table: &LockTable<'_>,
    own: Vec<Option<Net>>,
) -> Vec<Option<Net>> {
    let mut nets = own;
    for _ in 0..MAX_NET_ROUNDS {
        let callers: Vec<FuncId> = cg
            .ids()
            .filter(|&f| {
                cg.calls(f)
                    .iter()
                    .any(|c| c.callee != f && nets[c.callee.0 as usize].is_some())
            })
            .collect();
        let updated: Vec<(FuncId, Option<Net>)> = callers
            .into_par_iter()
            .map(|f| (f, net_walk(cg.function(f), table, Some((cg, f, &nets)))))
            .collect();
        let mut changed = false;
        for (f, net) in updated {
            let slot = &mut nets[f.0 as usize];
            if *slot != net {
                *slot = net;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    nets
}

/// Walks `f` for its [`Net`]; with `calls`, applying at each resolved call of `f` the net its
/// callee has there.
fn net_walk(
    f: &Function,
    table: &LockTable<'_>,
    calls: Option<(&CallGraph<'_>, FuncId, &[Option<Net>])>,
) -> Option<Net> {
    let mut walk = NetWalk {
        table,
        calls,
        exits: None,
        released: Vec::new(),
        finallies: Vec::new(),
        next_id: 0,
    };
    let mut state = State {
        held: Vec::new(),
        live: true,
    };
    walk.walk(&f.body, &mut state);
    if state.live {
        walk.exit(&state);
    }
    let held = walk.exits.unwrap_or_default();
    (!held.is_empty() || !walk.released.is_empty()).then_some(Net {
        held,
        released: walk.released,
    })
}

/// The walk behind [`net_effect`]: locks held in order, as [`Walker`] holds them, recording
/// nothing but the locks held at each return.
struct NetWalk<'a, 'p, 'f> {
    table: &'a LockTable<'p>,
    /// The call graph, the function walked and every function's net so far, when calls apply
    /// their callees' nets.
    calls: Option<(&'a CallGraph<'p>, FuncId, &'a [Option<Net>])>,
    /// The locks held at every return seen so far.
    exits: Option<Vec<Held>>,
    released: Vec<Place>,
    /// The `finally` clauses around the statement walked, innermost last: a `return` runs them
    /// before the function returns (`try: return self._map.get(k) finally: lock.release()`).
    finallies: Vec<&'f [Stmt]>,
    next_id: u32,
}

impl<'f> NetWalk<'_, '_, 'f> {
    fn walk(&mut self, body: &'f [Stmt], state: &mut State) {
        for stmt in body {
            self.stmt(stmt, state);
        }
    }

    fn hold(&mut self, lock: &LockUse, explicit: bool, state: &mut State) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        state.held.push(Held {
            lock: self.table.canonical(&lock.lock),
            mode: lock.mode,
            span: lock.span,
            api: lock.api.map(String::from),
            explicit,
            owner: None,
            via: None,
            id,
        });
        id
    }

    fn stmt(&mut self, stmt: &'f Stmt, state: &mut State) {
        match stmt {
            // A try-acquire holds only where its success is tested; it is left out.
            Stmt::Event(Event::Acquire(lock)) if lock.blocking => {
                self.hold(lock, true, state);
            }
            Stmt::Event(Event::Release { lock, .. }) => {
                let lock = self.table.canonical(lock);
                match state.held.iter().rposition(|h| h.lock == lock) {
                    Some(pos) => {
                        state.held.remove(pos);
                    }
                    None if !self.released.contains(&lock) => self.released.push(lock),
                    None => {}
                }
            }
            Stmt::Event(Event::Call { span, .. }) => self.call(*span, state),
            Stmt::Event(_) => {}
            Stmt::Hold { lock, body } => {
                let id = self.hold(lock, false, state);
                self.walk(body, state);
                if let Some(pos) = state.held.iter().rposition(|h| h.id == id) {
                    state.held.remove(pos);
                }
            }
            Stmt::Branch { cond, arms, .. } => {
                self.walk(cond, state);
                let pre = state.clone();
                let ends = arms
                    .iter()
                    .map(|arm| {
                        let mut s = pre.clone();
                        self.walk(arm, &mut s);
                        s
                    })
                    .collect();
                *state = State::join(&pre, ends);
            }
            Stmt::Loop { cond, body, .. } => {
                self.walk(cond, state);
                let pre = state.clone();
                let mut s = pre.clone();
                self.walk(body, &mut s);
                *state = State::after_loop(&pre, s, cond);
            }
            Stmt::Try {
                body,
                handlers,
                orelse,
                finally,
                ..
            } => {
                let pre = state.clone();
                let mut ok = pre.clone();
                self.finallies.push(finally);
                self.walk(body, &mut ok);
                self.walk(orelse, &mut ok);
                let mut ends = vec![ok];
                for h in handlers {
                    let mut s = pre.clone();
                    self.walk(h, &mut s);
                    ends.push(s);
                }
                self.finallies.pop();
                let mut after = State::join(&pre, ends);
                let live = after.live;
                after.live = true;
                self.walk(finally, &mut after);
                after.live &= live;
                *state = after;
            }
            Stmt::Block(body) => self.walk(body, state),
            Stmt::Return(_) => {
                if state.live {
                    // The enclosing `finally` clauses run first, innermost first; each runs
                    // inside the ones around it.
                    let mut at_return = state.clone();
                    let pending = std::mem::take(&mut self.finallies);
                    for (i, finally) in pending.iter().enumerate().rev() {
                        self.finallies = pending[..i].to_vec();
                        self.walk(finally, &mut at_return);
                    }
                    self.finallies = pending;
                    if at_return.live {
                        self.exit(&at_return);
                    }
                }
                state.live = false;
            }
            Stmt::ErrorReturn { .. } => {}
            Stmt::Raise(_) | Stmt::Break(_) | Stmt::Continue(_) => state.live = false,
        }
    }

    /// The call at `span` leaves held or frees what its callee's net says.
    fn call(&mut self, span: Span, state: &mut State) {
        let Some((cg, f, nets)) = self.calls else {
            return;
        };
        let Some(site) = cg.calls(f).iter().find(|c| c.span == span && c.callee != f) else {
            return;
        };
        let Some(net) = &nets[site.callee.0 as usize] else {
            return;
        };
        let callee = cg.function(site.callee);
        let unheld = net.apply(
            self.table,
            callee,
            &site.args,
            None,
            state,
            &mut self.next_id,
        );
        for lock in unheld {
            if !self.released.contains(&lock) {
                self.released.push(lock);
            }
        }
    }

    /// The function returns holding `state`: keep what every return holds.
    fn exit(&mut self, state: &State) {
        let held: Vec<Held> = state.held.iter().filter(|h| h.explicit).cloned().collect();
        self.exits = Some(match self.exits.take() {
            None => held,
            Some(before) => before
                .into_iter()
                .filter(|b| held.iter().any(|h| h.lock == b.lock && h.mode == b.mode))
                .collect(),
        });
    }
}

/// Locks a loop takes over a collection of locks and keeps: `for lock in self._locks.values():
/// lock.acquire()` holds every lock of the collection after the loop (one lock class, the
/// collection's elements), though the loop may run no round (then there is no lock to hold).
/// The loop's header reads the collection the acquired locks come from.
fn taken_over_collection(cond: &[Stmt], pre: &State, end: &State) -> Vec<Held> {
    end.held
        .iter()
        .filter(|h| h.explicit && !pre.held.iter().any(|p| p.id == h.id))
        .filter(|h| {
            let mut iterated = false;
            crate::ir::walk_events(cond, &mut |e| {
                if let Event::Access { place, .. } = e {
                    iterated |= element_of(&h.lock, place);
                }
            });
            iterated
        })
        .cloned()
        .collect()
}

/// The locks a branch test try-acquires (`if lock.acquire(False):`), canonical.
fn tried_locks(cond: &[Stmt], table: &LockTable<'_>) -> Vec<Place> {
    let mut out = Vec::new();
    crate::ir::walk_stmts(cond, &mut |s| {
        if let Stmt::Event(Event::Acquire(lock)) = s {
            if !lock.blocking {
                out.push(table.canonical(&lock.lock));
            }
        }
    });
    out
}

/// The first blocking write acquisition of each lock, in function order (`direct` is indexed
/// by function).
fn writers(direct: &[Direct]) -> HashMap<Place, Span> {
    let mut out: HashMap<Place, Span> = HashMap::default();
    for acq in direct.iter().flat_map(|d| &d.acquisitions) {
        if acq.blocking && acq.mode == LockMode::Write {
            out.entry(acq.lock.clone()).or_insert(acq.span);
        }
    }
    out
}

/// A callee's lock owner in the caller's frame: a parameter becomes the caller's argument (the
/// receiver, for a method called on an object); a callee's local means nothing to the caller.
fn substitute_owner(
    owner: Option<&Place>,
    callee: &Function,
    args: &[Option<Place>],
    receiver: Option<&Place>,
) -> Option<Place> {
    let local = |p: &Place| matches!(p, Place::Param { .. } | Place::Local { .. });
    match owner? {
        Place::Param { function, index: 0 }
            if *function == callee.name && receiver_offset(callee, args) == 1 =>
        {
            receiver.filter(|p| local(p)).cloned()
        }
        p @ Place::Param { .. } => substitute(p, callee, args).filter(local),
        _ => None,
    }
}

/// The pairs of objects a function compares for order (`Event::Compare`), both ways.
fn compared_pairs(cg: &CallGraph<'_>, id: FuncId) -> Vec<(Place, Place)> {
    let mut out = Vec::new();
    for e in cg.events(id) {
        if let Event::Compare { left, right, .. } = e {
            out.push((left.clone(), right.clone()));
            out.push((right.clone(), left.clone()));
        }
    }
    out
}

/// Which functions run as the target of each spawned handle: handle place -> (spawn span, target).
/// For each place some function calls `task_done()` on, the functions doing so that run as a
/// thread or task of their own (a spawn's target, or a thread subclass's entry method), with
/// where they call it.
fn queue_consumers(cg: &CallGraph<'_>, models: &Models) -> HashMap<Place, Vec<(Span, FuncId)>> {
    let mut marks: Vec<(Place, Span, FuncId)> = Vec::new();
    for id in cg.ids() {
        for e in cg.events(id) {
            if let Some(place) = queue_op(e, "task_done") {
                marks.push((place, e.span(), id));
            }
        }
    }
    let mut out: HashMap<Place, Vec<(Span, FuncId)>> = HashMap::default();
    if marks.is_empty() {
        return out;
    }
    let mut spawned: HashSet<FuncId> = HashSet::default();
    for id in cg.ids() {
        for e in cg.events(id) {
            if let Event::Spawn {
                target: Some(target),
                ..
            } = e
            {
                if let Some(t) = cg.resolve(target) {
                    spawned.insert(t);
                }
            }
        }
    }
    for (place, span, id) in marks {
        if spawned.contains(&id) || is_thread_entry(cg, models, cg.function(id)) {
            out.entry(place).or_default().push((span, id));
        }
    }
    out
}

/// The queue `e` calls `op` on: a method call on its place (`self.q.join()`), a method of a
/// typed receiver (`queue.Queue::join` on `self.q`), or a module-level queue named through its
/// module (`pipeline.jobs.join()`).
fn queue_op(e: &Event, op: &str) -> Option<Place> {
    match e {
        Event::MethodCall { place, method, .. } if method.as_str() == op => Some(place.clone()),
        Event::Call {
            callee: Callee::Method { method, .. },
            receiver: Some(place),
            ..
        } if method.as_str() == op => Some(place.clone()),
        Event::Call {
            callee: Callee::Path(path),
            receiver: None,
            ..
        } => {
            let (object, method) = path.as_str().rsplit_once('.')?;
            (method == op && object.contains('.')).then(|| Place::Global(Name::new(object)))
        }
        _ => None,
    }
}

/// The work each handle place starts: a thread's or a future's own handle, and a thread pool
/// kept in a known place for the work submitted to it (`ModuleFacts::pool_submits`), which a
/// `shutdown()` or `join()` of the pool waits for.
fn spawn_targets(cg: &CallGraph<'_>) -> HashMap<Place, Vec<(Span, FuncId)>> {
    let mut out: HashMap<Place, Vec<(Span, FuncId)>> = HashMap::default();
    for id in cg.ids() {
        let pools = &cg.module_of(id).facts.pool_submits;
        for e in cg.events(id) {
            let Event::Spawn {
                target: Some(target),
                handle,
                span,
                ..
            } = e
            else {
                continue;
            };
            let Some(t) = cg.resolve(target) else {
                continue;
            };
            if let Some(handle) = handle {
                out.entry(handle.clone()).or_default().push((*span, t));
                // Kept in a container (`self._workers.append(w)`, or started as the variable
                // of a loop over it): joined through the container's loop variables too.
                let kept = &cg.module_of(id).facts.element_handles;
                for (_, c) in kept.iter().filter(|(h, _)| h == handle) {
                    out.entry(c.clone()).or_default().push((*span, t));
                }
            }
            if let Some((_, pool, _)) = pools.iter().find(|(s, _, _)| s == span) {
                out.entry(pool.clone()).or_default().push((*span, t));
            }
        }
    }
    out
}

/// True for a method that runs as a thread because its class subclasses a spawn model with
/// that entry method (`run` of a `threading.Thread` subclass).
fn is_thread_entry(cg: &CallGraph<'_>, models: &Models, f: &Function) -> bool {
    let Some(class) = &f.class else {
        return false;
    };
    // Most methods are no model's entry: only then are the class's ancestors looked up.
    let entry_of = |s: &&crate::models::SpawnModel| {
        s.subclass_entry.as_deref() == Some(f.short_name.as_str()) && s.new.is_some()
    };
    if !models.spawns().any(|s| entry_of(&s)) {
        return false;
    }
    let ancestors = cg.ancestors(class);
    models.spawns().filter(entry_of).any(|s| {
        s.new
            .as_ref()
            .is_some_and(|n| ancestors.iter().any(|a| a == n))
    })
}

/// For each method of a thread subclass that joins its own receiver on every path through its
/// top-level statements (`self.join()`, or a call on `self` to such a method), the join site.
/// A join under a branch is skipped (`if threading.current_thread() is not self:`): precision
/// first. Computed callees first over the call graph's components; recursion is not followed.
fn self_joiners<'p>(
    cg: &CallGraph<'p>,
    models: &Models,
    components: &[Vec<FuncId>],
    memo: &mut HashMap<&'p str, Vec<String>>,
) -> Vec<Option<Span>> {
    let mut out: Vec<Option<Span>> = vec![None; cg.len()];
    for component in components {
        for &id in component {
            let f = cg.function(id);
            let joins = entry_join_methods(cg, models, f, memo);
            if joins.is_empty() {
                continue;
            }
            out[id.0 as usize] = unconditional_self_join(cg, f, &joins, &out, &f.body);
        }
    }
    out
}

fn unconditional_self_join(
    cg: &CallGraph<'_>,
    f: &Function,
    joins: &[String],
    known: &[Option<Span>],
    body: &[Stmt],
) -> Option<Span> {
    for stmt in body {
        let found = match stmt {
            Stmt::Event(Event::Call {
                callee,
                receiver: Some(Place::Param { function, index: 0 }),
                span,
                ..
            }) if *function == f.name => match callee {
                crate::ir::Callee::Method { class, method }
                    if f.class.as_deref() == Some(class.as_str())
                        && joins.iter().any(|j| j == method) =>
                {
                    Some(*span)
                }
                _ => cg.resolve(callee).and_then(|t| known[t.0 as usize]),
            },
            Stmt::Block(b) | Stmt::Hold { body: b, .. } => {
                unconditional_self_join(cg, f, joins, known, b)
            }
            Stmt::Try {
                body: b, finally, ..
            } => unconditional_self_join(cg, f, joins, known, b)
                .or_else(|| unconditional_self_join(cg, f, joins, known, finally)),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// The join methods of the spawn models a thread-entry method's class inherits from, memoized
/// per class in `memo`.
fn entry_join_methods<'p>(
    cg: &CallGraph<'_>,
    models: &Models,
    f: &'p Function,
    memo: &mut HashMap<&'p str, Vec<String>>,
) -> Vec<String> {
    let Some(class) = &f.class else {
        return Vec::new();
    };
    memo.entry(class.as_str())
        .or_insert_with(|| class_join_methods(cg, models, class))
        .clone()
}

/// `entry_join_methods` once `memo` is filled (`self_joiners` asks for every function).
fn known_join_methods(
    cg: &CallGraph<'_>,
    models: &Models,
    f: &Function,
    memo: &HashMap<&str, Vec<String>>,
) -> Vec<String> {
    let Some(class) = &f.class else {
        return Vec::new();
    };
    match memo.get(class.as_str()) {
        Some(joins) => joins.clone(),
        None => class_join_methods(cg, models, class),
    }
}

fn class_join_methods(cg: &CallGraph<'_>, models: &Models, class: &str) -> Vec<String> {
    let ancestors = cg.ancestors(class);
    models
        .spawns()
        .filter(|s| {
            s.new
                .as_ref()
                .is_some_and(|n| ancestors.iter().any(|a| a == n))
        })
        .flat_map(|s| s.join.iter().cloned())
        .collect()
}

#[derive(Clone, Debug)]
struct State {
    held: Vec<Held>,
    live: bool,
}

impl State {
    /// Locks held on every live path of `states` (the join after a branch).
    fn join(pre: &State, states: Vec<State>) -> State {
        let live: Vec<State> = states.into_iter().filter(|s| s.live).collect();
        let Some((first, rest)) = live.split_first() else {
            return State {
                held: pre.held.clone(),
                live: false,
            };
        };
        // The same lock held on every path, also when a path released and took it again (`release()`
        // in a loop's `try`, `acquire()` in its `finally`): the n-th hold of a lock on the first
        // path stays when every other path holds it at least n times.
        let key = |h: &Held| (h.lock.clone(), h.mode);
        let count =
            |held: &[Held], k: &(Place, LockMode)| held.iter().filter(|h| key(h) == *k).count();
        let mut seen: Vec<(Place, LockMode)> = Vec::new();
        let held = first
            .held
            .iter()
            .filter(|h| {
                let k = key(h);
                seen.push(k.clone());
                let n = seen.iter().filter(|s| **s == k).count();
                rest.iter().all(|s| count(&s.held, &k) >= n)
            })
            .cloned()
            .collect();
        State { held, live: true }
    }
}

impl State {
    /// After a loop entered holding `pre` whose body ends holding `end`: what both hold (the
    /// body may run no round), plus the locks the loop takes over a collection of locks
    /// ([`taken_over_collection`]).
    fn after_loop(pre: &State, mut end: State, cond: &[Stmt]) -> State {
        end.live = true;
        let kept = taken_over_collection(cond, pre, &end);
        let mut after = State::join(pre, vec![pre.clone(), end]);
        after.held.extend(kept);
        after
    }
}

/// What walking one body records, in walk order.
#[derive(Default)]
struct Found {
    edges: Vec<OrderEdge>,
    reacquires: Vec<Reacquire>,
    same_class: Vec<SameClassNesting>,
    condition_uses: Vec<ConditionUse>,
    joins: Vec<JoinWhileHolding>,
    queue_joins: Vec<QueueJoinWhileHolding>,
    self_joins: Vec<SelfJoin>,
    /// (callee, canonical locks held at the call): `HeldLocks::held_at_calls` entries.
    held_at_calls: Vec<(FuncId, Vec<Place>)>,
    /// (callee, caller) of resolved calls made holding no lock (`HeldLocks::unheld_callers`).
    unheld_calls: Vec<(FuncId, FuncId)>,
}

struct Walker<'a, 'p> {
    cg: &'a CallGraph<'p>,
    table: &'a LockTable<'p>,
    /// The first blocking write acquisition of each reader-writer lock, program-wide.
    writers: &'a HashMap<Place, Span>,
    found: Found,
    /// Every function's summary (`HeldLocks::summaries`, put there once the walk is done).
    summaries: &'a [Vec<Acquisition>],
    /// Every function's [`Net`], by function.
    nets: &'a [Option<Net>],
    spawns: &'a HashMap<Place, Vec<(Span, FuncId)>>,
    /// For each queue, the functions run as threads or tasks that mark its items done.
    consumers: &'a HashMap<Place, Vec<(Span, FuncId)>>,
    /// Methods that join their own receiver unconditionally, with the join site.
    self_joiners: &'a [Option<Span>],
    function: FuncId,
    /// Python: spans of the function's `await`s. A coroutine function called where no await
    /// encloses the call is only made here (handed to `create_task`, stored): another task
    /// runs it, later, holding none of this one's locks.
    awaits: Vec<Span>,
    next_id: u32,
    loop_depth: u32,
    /// Inside a branch condition: a try-acquire there is held in the first arm only.
    in_cond: u32,
    /// Holds taken by try-acquires in the branch condition being walked.
    tried: Vec<u32>,
    recheck_follows: bool,
    /// The function returns from here on, reading nothing shared before it does.
    returns_next: bool,
    /// Pairs of objects the function orders against each other (`Event::Compare`).
    compared: Vec<(Place, Place)>,
    /// In a thread subclass's entry method: the join methods that, called on the function's own
    /// class, join the running thread itself.
    self_join_methods: Vec<String>,
}

impl Walker<'_, '_> {
    fn walk(&mut self, body: &[Stmt], state: &mut State) {
        // The last branch or loop of the block: statements before it are followed by one.
        // Found once per block, not per statement (long module bodies made that quadratic).
        let last_check = body
            .iter()
            .rposition(|s| matches!(s, Stmt::Branch { .. } | Stmt::Loop { .. }));
        // The first statement after the current one that is not a local step: what follows
        // the current statement returns when that is a `return` (or the block's end, if the
        // enclosing one returns). Advanced, not searched again per statement (long runs of
        // local steps made that quadratic).
        let mut stop = 0;
        for (i, stmt) in body.iter().enumerate() {
            let outer = self.recheck_follows;
            let outer_returns = self.returns_next;
            if stop <= i {
                stop = i + 1;
                while body.get(stop).is_some_and(is_local_step) {
                    stop += 1;
                }
            }
            self.returns_next = match body.get(stop) {
                Some(s) => matches!(s, Stmt::Return(_)),
                None => outer_returns,
            };
            self.recheck_follows = outer
                || last_check.is_some_and(|last| last > i)
                || result_is_bound(stmt, body.get(i + 1));
            self.stmt(stmt, state);
            self.recheck_follows = outer;
            self.returns_next = outer_returns;
        }
    }

    fn stmt(&mut self, stmt: &Stmt, state: &mut State) {
        match stmt {
            Stmt::Event(e) => self.event(e, state),
            Stmt::Hold { lock, body } => {
                let id = self.acquire(lock, false, state);
                let place = state
                    .held
                    .iter()
                    .find(|h| h.id == id)
                    .map(|h| h.lock.clone());
                self.walk(body, state);
                // The region releases its own hold or, when the body released that one and took
                // the lock again, the hold that replaced it.
                let pos = state.held.iter().rposition(|h| h.id == id).or_else(|| {
                    let place = place.as_ref()?;
                    state.held.iter().rposition(|h| h.lock == *place)
                });
                if let Some(pos) = pos {
                    state.held.remove(pos);
                }
            }
            Stmt::Branch { cond, arms, .. } => {
                let mark = self.tried.len();
                let outer = self.recheck_follows;
                self.in_cond += 1;
                self.recheck_follows = true;
                self.walk(cond, state);
                self.recheck_follows = outer;
                self.in_cond -= 1;
                let tried = self.tried.split_off(mark);
                let pre = state.clone();
                // A try-acquire of a lock this thread already holds, and cannot take twice,
                // fails: the arm that needs it to succeed never runs.
                let dead_first = pre.held.iter().any(|h| {
                    tried.contains(&h.id)
                        && pre
                            .held
                            .iter()
                            .any(|o| o.id != h.id && o.lock == h.lock && !self.reentrant(o))
                });
                let mut ends = Vec::with_capacity(arms.len());
                for (i, arm) in arms.iter().enumerate() {
                    if i == 0 && dead_first {
                        continue;
                    }
                    let mut s = pre.clone();
                    // `if lock.acquire(False):` holds the lock in the first arm only.
                    if i > 0 {
                        s.held.retain(|h| !tried.contains(&h.id));
                    }
                    self.walk(arm, &mut s);
                    ends.push(s);
                }
                if ends.is_empty() {
                    ends.push(pre.clone());
                }
                *state = State::join(&pre, ends);
            }
            Stmt::Loop { cond, body, .. } => {
                self.walk(cond, state);
                let pre = state.clone();
                let mut s = pre.clone();
                self.loop_depth += 1;
                // The end of a loop body goes round again, and a try body's end runs what
                // follows the try: neither returns at once.
                let returns = std::mem::replace(&mut self.returns_next, false);
                self.walk(body, &mut s);
                self.returns_next = returns;
                self.loop_depth -= 1;
                *state = State::after_loop(&pre, s, cond);
            }
            Stmt::Try {
                body,
                handlers,
                orelse,
                finally,
                ..
            } => {
                let returns = std::mem::replace(&mut self.returns_next, false);
                let pre = state.clone();
                let mut ok = pre.clone();
                self.walk(body, &mut ok);
                self.walk(orelse, &mut ok);
                let mut ends = vec![ok];
                for h in handlers {
                    let mut s = pre.clone();
                    self.walk(h, &mut s);
                    ends.push(s);
                }
                let mut after = State::join(&pre, ends);
                let live = after.live;
                after.live = true;
                self.walk(finally, &mut after);
                after.live &= live;
                *state = after;
                self.returns_next = returns;
            }
            Stmt::Block(body) => self.walk(body, state),
            Stmt::ErrorReturn { .. } => {}
            Stmt::Return(_) | Stmt::Raise(_) | Stmt::Break(_) | Stmt::Continue(_) => {
                state.live = false;
            }
        }
    }

    fn event(&mut self, event: &Event, state: &mut State) {
        match event {
            Event::Acquire(lock) => {
                self.acquire(lock, true, state);
            }
            Event::Release { lock, .. } => {
                let lock = self.table.canonical(lock);
                if let Some(pos) = state.held.iter().rposition(|h| h.lock == lock) {
                    state.held.remove(pos);
                }
            }
            Event::Call {
                callee,
                args,
                kwargs,
                receiver,
                span,
            } => {
                if !state.held.is_empty() {
                    if let Some(queue) = queue_op(event, "join") {
                        self.queue_join(&queue, *span, state);
                    }
                }
                self.call(callee, args, kwargs, receiver.as_ref(), *span, state)
            }
            Event::MethodCall {
                place,
                method,
                span,
                ..
            } => self.method_call(place, method, *span, state),
            Event::Join {
                handle,
                span,
                timed,
            } => self.join(handle, *span, *timed, state),
            _ => {}
        }
        // A Rust method call on a receiver of unknown type runs a trait's implementations.
        if let Some((targets, receiver)) = self.cg.dispatched(event) {
            let args = [receiver.cloned()];
            for &target in targets {
                self.call_target(target, &args, &[], None, event.span(), state);
            }
        }
    }

    /// Records what acquiring `lock` while holding `state` means, then holds it.
    fn acquire(&mut self, lock: &LockUse, explicit: bool, state: &mut State) -> u32 {
        let acq = Acquisition::of(self.table, lock, Vec::new());
        let place = acq.lock.clone();
        self.acquired_while_held(&acq, lock.span, state);
        let id = self.next_id;
        self.next_id += 1;
        // A try-acquire is known to hold the lock only where its success was tested.
        if !lock.blocking {
            if self.in_cond == 0 {
                return id;
            }
            self.tried.push(id);
        }
        state.held.push(Held {
            lock: place,
            mode: lock.mode,
            span: lock.span,
            api: lock.api.map(String::from),
            explicit,
            owner: lock.owner.clone(),
            via: None,
            id,
        });
        id
    }

    fn call(
        &mut self,
        callee: &crate::ir::Callee,
        args: &[Option<Place>],
        kwargs: &[(Name, Place)],
        receiver: Option<&Place>,
        span: Span,
        state: &mut State,
    ) {
        // `self.join()` inside the thread's own entry method: front-ends lower a join on the
        // method's own class as a call, since the receiver is the running thread itself.
        if let crate::ir::Callee::Method { class, method } = callee {
            let f = self.cg.function(self.function);
            if f.class.as_deref() == Some(class.as_str())
                && self.self_join_methods.iter().any(|j| j == method)
            {
                self.found.self_joins.push(SelfJoin {
                    join: span,
                    function: self.function,
                    via: None,
                });
            }
        }
        let Some(target) = self.cg.resolve(callee) else {
            // A call through a field holding functions of the program runs them.
            for &target in self.cg.callbacks_at(span) {
                let args = call_args(self.cg.function(target), args, kwargs);
                self.call_target(target, &args, &[], None, span, state);
            }
            return;
        };
        self.call_target(target, args, kwargs, receiver, span, state);
        // A Python hook (`raise NotImplementedError`, `pass`) runs a subclass's override: what
        // that acquires is acquired here too, as the call graph's sites say. (A Rust trait
        // method without a body goes through `CallGraph::dispatch`, which leaves a name other
        // types also define unfollowed.)
        if self.cg.module_of(self.function).lang == crate::source::Lang::Python {
            let overrides = (self.cg).hook_overrides(callee, target, Some(self.function), receiver);
            for o in overrides {
                self.call_target(o, args, kwargs, receiver, span, state);
            }
        }
    }

    /// [`Walker::call`] once the callee is known: what the callee acquires, then the locks its
    /// return leaves held or released ([`Net`]).
    fn call_target(
        &mut self,
        target: FuncId,
        args: &[Option<Place>],
        kwargs: &[(Name, Place)],
        receiver: Option<&Place>,
        span: Span,
        state: &mut State,
    ) {
        if !self.call_acquires(target, args, kwargs, receiver, span, state) {
            return;
        }
        let Some(net) = &self.nets[target.0 as usize] else {
            return;
        };
        let callee_fn = self.cg.function(target);
        let args = &call_args(callee_fn, args, kwargs);
        // Held from the call on, as if the caller had taken it there.
        let at = Some((span, target));
        net.apply(self.table, callee_fn, args, at, state, &mut self.next_id);
    }

    /// The acquisitions of a call of `target` made holding `state`; false when the call only
    /// makes a coroutine, which runs later, elsewhere.
    fn call_acquires(
        &mut self,
        target: FuncId,
        args: &[Option<Place>],
        kwargs: &[(Name, Place)],
        receiver: Option<&Place>,
        span: Span,
        state: &State,
    ) -> bool {
        // `self.stop()` in the thread's entry method, where `stop` joins `self`.
        if !self.self_join_methods.is_empty() {
            let f = self.cg.function(self.function);
            let on_self = matches!(receiver, Some(Place::Param { function, index: 0 }) if *function == f.name);
            if let (true, Some(inner)) = (on_self, self.self_joiners[target.0 as usize]) {
                self.found.self_joins.push(SelfJoin {
                    join: span,
                    function: self.function,
                    via: Some((target, inner)),
                });
            }
        }
        let made_not_run = self.cg.module_of(self.function).lang == crate::source::Lang::Python
            && self.cg.function(target).is_async
            && !self
                .awaits
                .iter()
                .any(|a| crate::analysis::flow::encloses(*a, span));
        if state.held.is_empty() || made_not_run {
            self.found.unheld_calls.push((target, self.function));
            return !made_not_run;
        }
        let held: Vec<Place> = state.held.iter().map(|h| h.lock.clone()).collect();
        self.found.held_at_calls.push((target, held));
        // A method joining a thread an object keeps (`self._worker.join()`, whose body is
        // `self._thread.join()`): the call waits for that thread here.
        let joined: Vec<(Place, bool)> = (self.cg.events(target).iter())
            .filter_map(|e| match e {
                Event::Join {
                    handle: h @ (Place::Field { .. } | Place::Global(_)),
                    timed,
                    ..
                } => Some((h.clone(), *timed)),
                _ => None,
            })
            .collect();
        for (handle, timed) in &joined {
            self.join(handle, span, *timed, state);
        }
        let callee_fn = self.cg.function(target);
        let args = &crate::analysis::callgraph::call_args(callee_fn, args, kwargs);
        let summaries = self.summaries;
        for acq in &summaries[target.0 as usize] {
            if self.needs_free_but_held(acq, callee_fn, args, state) {
                continue;
            }
            let Some(place) = substitute(&acq.lock, callee_fn, args) else {
                continue;
            };
            let mut chain = vec![Step {
                call: span,
                callee: target,
            }];
            chain.extend(acq.chain.iter().cloned());
            let acq = Acquisition {
                lock: self.table.canonical(&place),
                owner: substitute_owner(acq.owner.as_ref(), callee_fn, args, receiver),
                chain,
                ..acq.clone()
            };
            self.acquired_while_held(&acq, span, state);
        }
        true
    }

    /// Whether the callee reaches `acq` only through a successful try-acquire of a lock this
    /// thread holds here and cannot take twice: that path never runs (`if not held, flush`
    /// written as `if lock.acquire(False): lock.release(); self.flush()`).
    fn needs_free_but_held(
        &self,
        acq: &Acquisition,
        callee: &Function,
        args: &[Option<Place>],
        state: &State,
    ) -> bool {
        acq.free.iter().any(|p| {
            substitute(p, callee, args).is_some_and(|p| {
                let lock = self.table.canonical(&p);
                state
                    .held
                    .iter()
                    .any(|h| h.lock == lock && !self.reentrant(h))
            })
        })
    }

    fn reentrant(&self, held: &Held) -> bool {
        self.table
            .info(&held.lock, held.api.as_deref())
            .is_none_or(|i| i.reentrant)
    }

    /// The core of the analysis: `acq` happens at `site` (in this function) while `state` holds.
    fn acquired_while_held(&mut self, acq: &Acquisition, site: Span, state: &State) {
        if !acq.blocking {
            return;
        }
        // A reentrant lock this thread already holds (`RLock`) is taken again without waiting:
        // the acquire orders nothing after the locks held since.
        let already_owned = state.held.iter().any(|h| {
            h.lock == acq.lock
                && !self.distinct_owners(h, acq)
                && self
                    .table
                    .info(&h.lock, h.api.as_deref())
                    .is_some_and(|i| i.reentrant)
        });
        if already_owned {
            return;
        }
        for held in &state.held {
            if held.lock == acq.lock {
                // Two locks out of one container (`self._locks[a]`, then `self._locks[b]`) may
                // be two objects or one: no telling which, so nothing is said.
                if names_elements(&acq.lock) {
                    continue;
                }
                if self.distinct_owners(held, acq) {
                    self.same_class(held, acq, site);
                } else {
                    self.reacquire(held, acq, site);
                }
                continue;
            }
            // Parameters have no program-wide identity; their edges appear in callers through
            // summaries instead.
            if matches!(held.lock, Place::Param { .. }) || matches!(acq.lock, Place::Param { .. }) {
                continue;
            }
            // Only locks the models know, and not counting semaphores: a semaphore with several
            // permits does not make the second thread wait (precision first).
            let orderable = |lock: &Place, api: Option<&str>| {
                self.table
                    .info(lock, api)
                    .is_some_and(|i| i.kind != LockKind::Semaphore)
            };
            if !orderable(&held.lock, held.api.as_deref())
                || !orderable(&acq.lock, acq.api.as_deref())
            {
                continue;
            }
            let writer = if acq.mode == LockMode::Read && !self.read_is_recursive(acq) {
                self.writers.get(&acq.lock).copied()
            } else {
                None
            };
            self.found.edges.push(OrderEdge {
                from: held.lock.clone(),
                to: acq.lock.clone(),
                from_mode: held.mode,
                to_mode: acq.mode,
                outer: held.span,
                outer_via: held.via,
                inner: acq.span,
                chain: acq.chain.clone(),
                function: self.function,
                held: state.held.iter().map(|h| h.lock.clone()).collect(),
                writer,
            });
        }
    }

    /// Whether `held` and `acq` take one lock class on two objects this function tells apart:
    /// two different parameters or locals of its own (`self` and `other`).
    fn distinct_owners(&self, held: &Held, acq: &Acquisition) -> bool {
        let name = &self.cg.function(self.function).name;
        let own = |p: &Option<Place>| match p {
            Some(Place::Param { function, .. } | Place::Local { function, .. }) => function == name,
            _ => false,
        };
        own(&held.owner) && own(&acq.owner) && held.owner != acq.owner
    }

    /// Records a same-class nesting of two parameters (precision first: locals may be the
    /// result of ordering code knot does not follow, `first, second = sorted(...)`).
    fn same_class(&mut self, held: &Held, acq: &Acquisition, site: Span) {
        let (Some(outer_owner @ Place::Param { .. }), Some(inner_owner @ Place::Param { .. })) =
            (&held.owner, &acq.owner)
        else {
            return;
        };
        let info = self
            .table
            .info(&acq.lock, acq.api.as_deref().or(held.api.as_deref()));
        if !info.is_some_and(|i| i.kind != LockKind::Semaphore) {
            return;
        }
        // The other thread holds the second object in `acq.mode` and wants the first in
        // `held.mode`: both hand-overs must block.
        if !modes_conflict(held.mode, acq.mode) || !modes_conflict(acq.mode, held.mode) {
            return;
        }
        let ordered = self
            .compared
            .iter()
            .any(|(l, r)| l == outer_owner && r == inner_owner);
        self.found.same_class.push(SameClassNesting {
            lock: acq.lock.clone(),
            outer_owner: outer_owner.clone(),
            inner_owner: inner_owner.clone(),
            outer: held.span,
            site,
            inner: acq.span,
            chain: acq.chain.clone(),
            function: self.function,
            ordered,
        });
    }

    fn reacquire(&mut self, held: &Held, acq: &Acquisition, site: Span) {
        let info = self
            .table
            .info(&acq.lock, acq.api.as_deref().or(held.api.as_deref()));
        let Some(info) = info else { return };
        if info.reentrant {
            return;
        }
        let mut writer = None;
        if held.mode == LockMode::Read && acq.mode == LockMode::Read {
            // Two reads on one thread wait for each other only through a writer queued in
            // between (a lock that may block new readers while a writer waits): report it when
            // the program writes the lock somewhere and the second read is not one the model
            // says a writer never blocks.
            if self.read_is_recursive(acq) {
                return;
            }
            let Some(w) = self.writers.get(&acq.lock) else {
                return;
            };
            writer = Some(*w);
        } else if !modes_conflict(held.mode, acq.mode) {
            return;
        }
        // A function-local lock taken by an explicit acquire and taken again is the hand-off
        // idiom: another thread (given the lock) releases it. Not a self-deadlock.
        if held.explicit && matches!(acq.lock, Place::Local { .. }) {
            return;
        }
        self.found.reacquires.push(Reacquire {
            lock: acq.lock.clone(),
            info,
            held_mode: held.mode,
            mode: acq.mode,
            first: held.span,
            first_via: held.via,
            site,
            inner: acq.span,
            chain: acq.chain.clone(),
            function: self.function,
            writer,
        });
    }

    /// Whether the read `acq` is one a waiting writer does not block (`read_recursive`), or its
    /// method is unknown (precision first).
    fn read_is_recursive(&self, acq: &Acquisition) -> bool {
        let Some((ty, method)) = acq.api.as_deref().and_then(split_last) else {
            return true;
        };
        self.table
            .models
            .lock(ty)
            .is_none_or(|m| m.read_recursive.iter().any(|r| r == method))
    }

    fn method_call(&mut self, place: &Place, method: &str, span: Span, state: &State) {
        // A method called on `self` that a front-end kept as a method call (a class the
        // models also know): still a call of this class's method for callers' held locks.
        let f = self.cg.function(self.function);
        if let (Place::Param { function, index: 0 }, Some(class)) = (place, &f.class) {
            if *function == f.name {
                if let Some(target) = self.cg.resolve_method(class, method) {
                    if state.held.is_empty() {
                        self.found.unheld_calls.push((target, self.function));
                    } else {
                        let held = state.held.iter().map(|h| h.lock.clone()).collect();
                        self.found.held_at_calls.push((target, held));
                    }
                }
            }
        }
        if method == "join" && !state.held.is_empty() {
            self.queue_join(place, span, state);
        }
        let Some(model) = self.table.condition_model(place) else {
            return;
        };
        let is_wait = model.wait.iter().any(|m| m == method);
        let is_notify = model.notify.iter().any(|m| m == method);
        if !is_wait && !is_notify {
            return;
        }
        let lock = self.table.canonical(place);
        let held = state.held.iter().any(|h| h.lock == lock);
        self.found.condition_uses.push(ConditionUse {
            condition: place.clone(),
            lock,
            method: method.to_string(),
            is_wait,
            has_predicate: model.wait_predicate.iter().any(|m| m == method),
            held,
            in_loop: self.loop_depth > 0,
            rechecked: self.recheck_follows || self.returns_next,
            span,
            function: self.function,
        });
    }

    /// `q.join()` holding locks: a consumer of `q` that takes one of them blocks before it
    /// marks its items done.
    fn queue_join(&mut self, queue: &Place, span: Span, state: &State) {
        let Some(consumers) = self.consumers.get(queue) else {
            return;
        };
        for &(task_done, consumer) in consumers {
            if consumer == self.function {
                continue;
            }
            for acq in &self.summaries[consumer.0 as usize] {
                if !acq.blocking || matches!(acq.lock, Place::Param { .. }) {
                    continue;
                }
                let Some(held) = state.held.iter().find(|h| h.lock == acq.lock) else {
                    continue;
                };
                self.found.queue_joins.push(QueueJoinWhileHolding {
                    queue: queue.clone(),
                    lock: acq.lock.clone(),
                    held: held.span,
                    join: span,
                    consumer,
                    task_done,
                    inner: acq.span,
                    chain: acq.chain.clone(),
                    function: self.function,
                });
            }
        }
    }

    fn join(&mut self, handle: &Place, span: Span, timed: bool, state: &State) {
        let f = self.cg.function(self.function);
        if !self.self_join_methods.is_empty()
            && *handle
                == (Place::Param {
                    function: Name::new(&f.name),
                    index: 0,
                })
        {
            self.found.self_joins.push(SelfJoin {
                join: span,
                function: self.function,
                via: None,
            });
        }
        // `threading.current_thread().join()`: the front-end names the handle by the call.
        if let Place::Global(q) = handle {
            let models = self.table.models;
            if models.spawns().any(|s| s.current.iter().any(|c| c == q)) {
                self.found.self_joins.push(SelfJoin {
                    join: span,
                    function: self.function,
                    via: None,
                });
            }
        }
        // A join given a timeout (`t.join(10)`) gives up instead of waiting for ever, like a
        // timed acquire.
        if state.held.is_empty() || timed {
            return;
        }
        // The variable of a loop over a container keeping started work joins that work.
        let kept = &self.cg.module_of(self.function).facts.element_handles;
        let targets: Vec<(Span, FuncId)> = std::iter::once(handle)
            .chain(kept.iter().filter(|(h, _)| h == handle).map(|(_, c)| c))
            .filter_map(|h| self.spawns.get(h))
            .flatten()
            .copied()
            .collect();
        for (spawn, target) in targets {
            for acq in &self.summaries[target.0 as usize] {
                if !acq.blocking {
                    continue;
                }
                let Some(held) = state.held.iter().find(|h| h.lock == acq.lock) else {
                    continue;
                };
                // A parameter of the thread's own code names whatever the spawn hands it; one
                // of the joining function, captured by a closure (`fn f(m: Arc<Mutex<_>>)`,
                // `spawn(move || m.lock())`), is the lock this function holds, unless the thread
                // runs this function again on its own arguments.
                if matches!(&acq.lock, Place::Param { function, .. }
                    if function.as_str() != f.name || target == self.function)
                {
                    continue;
                }
                self.found.joins.push(JoinWhileHolding {
                    handle: handle.clone(),
                    lock: acq.lock.clone(),
                    held: held.span,
                    join: span,
                    spawn,
                    target,
                    inner: acq.span,
                    chain: acq.chain.clone(),
                    function: self.function,
                });
            }
        }
    }
}

/// A statement that touches only locals (an access or a bind of one, or an `await`, which
/// runs nothing by itself: what it awaits is a call of its own, `await cond.wait()`): nothing
/// after a wait that is followed only by such steps and a `return` acts on what was waited for.
fn is_local_step(s: &Stmt) -> bool {
    matches!(
        s,
        Stmt::Event(Event::Access {
            place: Place::Local { .. },
            ..
        }) | Stmt::Event(Event::Bind {
            target: Place::Local { .. },
            ..
        }) | Stmt::Event(Event::Await { .. })
    )
}

/// Whether the value of the call in `stmt` is bound by the next statement
/// (`signaled = cond.wait(timeout)`, `return cond.wait(timeout)`): the caller inspects it.
fn result_is_bound(stmt: &Stmt, next: Option<&Stmt>) -> bool {
    let Stmt::Event(call) = stmt else {
        return false;
    };
    matches!(next, Some(Stmt::Event(Event::Bind { rhs, .. })) if *rhs == call.span())
}

/// Whether holding a lock in `held` mode blocks acquiring it again in `wanted` mode.
pub fn modes_conflict(held: LockMode, wanted: LockMode) -> bool {
    !(held == LockMode::Read && wanted == LockMode::Read)
}

/// Whether the acquire `wanted` of `edge.to` waits while another thread holds it in `held`
/// mode: a read waits for a read only through a writer queued between the two (`edge.writer`).
pub fn hand_over_conflicts(held: LockMode, edge: &OrderEdge) -> bool {
    modes_conflict(held, edge.to_mode) || edge.writer.is_some()
}

/// A readable name for a lock place: `Class._lock`, `mod.LOCK`, `lock`.
pub fn lock_name(place: &Place) -> String {
    match place {
        Place::Global(name) => short(name, 2),
        Place::Field { class, field } => format!("{}.{field}", short(class, 1)),
        Place::Local { name, .. } => crate::ir::spelled_local(name).to_string(),
        Place::Param { index, .. } => format!("argument {index}"),
    }
}

/// The last `n` segments of a qualified name.
fn short(name: &str, n: usize) -> String {
    let sep = if name.contains("::") { "::" } else { "." };
    let parts: Vec<&str> = name.split(sep).collect();
    let start = parts.len().saturating_sub(n);
    parts[start..].join(sep)
}

/// Splits `a.b.c` or `a::b::c` at the last separator.
fn split_last(name: &str) -> Option<(&str, &str)> {
    if let Some(i) = name.rfind("::") {
        return Some((&name[..i], &name[i + 2..]));
    }
    name.rfind('.').map(|i| (&name[..i], &name[i + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::lock_order::LockOrder;
    use crate::ir::{Callee, Module, ModuleFacts};
    use crate::source::{FileId, Lang};

    const MODELS: &str = r#"
library = "testlib"
language = "python"
[[lock]]
new = "t.Lock"
acquire = ["acquire"]
release = ["release"]
[[lock]]
new = "t.RLock"
reentrant = true
[[lock]]
new = "t.RwLock"
kind = "rwlock"
[[lock]]
new = "t.Condition"
kind = "condition"
reentrant = true
wraps = 0
wait = ["wait", "wait_for"]
wait_predicate = ["wait_for"]
notify = ["notify"]
"#;

    fn models() -> Models {
        let mut m = Models::default();
        m.add(Models::parse(MODELS).unwrap());
        m
    }

    /// Spans are unique per call so witnesses can be told apart: `sp(n)` is offset `n`.
    fn sp(n: u32) -> Span {
        Span::new(FileId(0), n, n + 1)
    }

    fn field(f: &str) -> Place {
        Place::Field {
            class: "m.C".into(),
            field: f.into(),
        }
    }

    fn lock_use(place: Place, mode: LockMode, at: u32) -> LockUse {
        LockUse {
            lock: place,
            mode,
            blocking: true,
            is_async: false,
            api: None,
            owner: None,
            span: sp(at),
        }
    }

    fn hold(place: Place, at: u32, body: Vec<Stmt>) -> Stmt {
        Stmt::Hold {
            lock: lock_use(place, LockMode::Exclusive, at),
            body: body.into(),
        }
    }

    fn call_method(m: &str, args: Vec<Option<Place>>, at: u32) -> Stmt {
        Stmt::Event(Event::Call {
            callee: Callee::Method {
                class: "m.C".into(),
                method: m.into(),
            },
            args: args.into(),
            kwargs: vec![].into(),
            receiver: None,
            span: sp(at),
        })
    }

    fn method(name: &str, params: &[&str], body: Vec<Stmt>) -> Function {
        Function {
            name: format!("m.C.{name}"),
            short_name: name.into(),
            class: Some("m.C".into()),
            span: sp(0),
            is_async: false,
            is_module_body: false,
            params: params.iter().map(|p| p.to_string()).collect(),
            body,
        }
    }

    fn decl(place: Place, ty: &str, args: Vec<Option<Place>>) -> PlaceDecl {
        PlaceDecl {
            place,
            ty: ty.into(),
            args,
            span: sp(0),
        }
    }

    fn program(functions: Vec<Function>, decls: Vec<PlaceDecl>) -> Program {
        Program {
            modules: vec![Module {
                file: FileId(0),
                lang: Lang::Python,
                name: "m".into(),
                functions,
                classes: vec![crate::ir::Class {
                    name: "m.C".into(),
                    span: sp(0),
                    bases: vec![],
                    metaclass: None,
                    interface: false,
                }],
                decls,
                aliases: vec![],
                facts: ModuleFacts::default(),
            }],
        }
    }

    fn analyse(p: &Program, models: &Models) -> (Vec<Reacquire>, Vec<Vec<(Place, Place)>>) {
        let cg = CallGraph::compute(p);
        let held = HeldLocks::compute(&cg, models);
        let order = LockOrder::compute(&held);
        let cycles = order
            .cycles
            .iter()
            .map(|c| {
                c.edges
                    .iter()
                    .map(|&i| (held.edges[i].from.clone(), held.edges[i].to.clone()))
                    .collect()
            })
            .collect();
        (held.reacquires.clone(), cycles)
    }

    #[test]
    fn inversion_through_calls_is_one_cycle_with_its_chain() {
        // connect: with a: send() -> with b.   request: with b: connect() -> with a.
        let p = program(
            vec![
                method(
                    "connect",
                    &["self"],
                    vec![hold(field("a"), 10, vec![call_method("send", vec![], 11)])],
                ),
                method("send", &["self"], vec![hold(field("b"), 20, vec![])]),
                method(
                    "request",
                    &["self"],
                    vec![hold(
                        field("b"),
                        30,
                        vec![call_method("connect", vec![], 31)],
                    )],
                ),
            ],
            vec![
                decl(field("a"), "t.RLock", vec![]),
                decl(field("b"), "t.RLock", vec![]),
            ],
        );
        let models = models();
        let (re, cycles) = analyse(&p, &models);
        assert!(re.is_empty(), "RLocks never re-acquire: {re:?}");
        assert_eq!(
            cycles,
            vec![vec![(field("a"), field("b")), (field("b"), field("a"))]]
        );
        let cg = CallGraph::compute(&p);
        let held = HeldLocks::compute(&cg, &models);
        let b_to_a = held
            .edges
            .iter()
            .find(|e| e.from == field("b") && e.to == field("a"))
            .unwrap();
        assert_eq!(b_to_a.inner, sp(10));
        assert_eq!(
            b_to_a.chain.iter().map(|s| s.call).collect::<Vec<_>>(),
            vec![sp(31)]
        );
    }

    #[test]
    fn consistent_order_and_try_acquire_make_no_cycle() {
        let mut try_b = lock_use(field("b"), LockMode::Exclusive, 40);
        try_b.blocking = false;
        let p = program(
            vec![
                method(
                    "one",
                    &["self"],
                    vec![hold(field("a"), 10, vec![hold(field("b"), 11, vec![])])],
                ),
                method(
                    "two",
                    &["self"],
                    vec![hold(field("a"), 20, vec![call_method("inner", vec![], 21)])],
                ),
                method("inner", &["self"], vec![hold(field("b"), 30, vec![])]),
                method(
                    "three",
                    &["self"],
                    vec![hold(
                        field("b"),
                        39,
                        vec![Stmt::Event(Event::Acquire(try_b))],
                    )],
                ),
                method(
                    "four",
                    &["self"],
                    // `if b.acquire(False): with a: ...  else: with a: ...`: b is held in the
                    // first arm only.
                    vec![Stmt::Branch {
                        cond: thin_vec::thin_vec![Stmt::Event(Event::Acquire({
                            let mut l = lock_use(field("b"), LockMode::Exclusive, 50);
                            l.blocking = false;
                            l
                        }))],
                        arms: thin_vec::thin_vec![
                            vec![hold(field("a"), 51, vec![])],
                            vec![hold(field("b"), 52, vec![])],
                        ],
                        span: sp(49),
                    }],
                ),
            ],
            vec![
                decl(field("a"), "t.Lock", vec![]),
                decl(field("b"), "t.Lock", vec![]),
            ],
        );
        let (re, cycles) = analyse(&p, &models());
        assert!(re.is_empty(), "{re:?}");
        // `four` holds b (acquired without waiting) and then waits for a: b -> a is a real edge.
        assert_eq!(cycles.len(), 1);
        assert_eq!(cycles[0].len(), 2);
    }

    #[test]
    fn reacquire_through_self_call_and_condition_alias() {
        let cond = field("cond");
        let p = program(
            vec![
                method(
                    "outer",
                    &["self"],
                    vec![hold(
                        field("lk"),
                        10,
                        vec![call_method("helper", vec![], 11)],
                    )],
                ),
                method("helper", &["self"], vec![hold(field("lk"), 20, vec![])]),
                method(
                    "viacond",
                    &["self"],
                    vec![hold(field("lk"), 30, vec![hold(cond.clone(), 31, vec![])])],
                ),
            ],
            vec![
                decl(field("lk"), "t.Lock", vec![]),
                decl(cond, "t.Condition", vec![Some(field("lk"))]),
            ],
        );
        let (re, _) = analyse(&p, &models());
        let sites: Vec<(Span, Span, usize)> = re
            .iter()
            .map(|r| (r.site, r.inner, r.chain.len()))
            .collect();
        assert_eq!(sites, vec![(sp(11), sp(20), 1), (sp(31), sp(31), 0)]);
    }

    #[test]
    fn released_before_branch_joins_and_params_are_respected() {
        let lk = field("lk");
        let release = Stmt::Event(Event::Release {
            lock: lk.clone(),
            span: sp(12),
        });
        let acquire = |at| {
            Stmt::Event(Event::Acquire(lock_use(
                field("lk"),
                LockMode::Exclusive,
                at,
            )))
        };
        let p = program(
            vec![
                // Released before the call: fine.
                method(
                    "released",
                    &["self"],
                    vec![acquire(10), release, call_method("helper", vec![], 13)],
                ),
                method("helper", &["self"], vec![hold(field("lk"), 20, vec![])]),
                // Held in one arm only: not definitely held after the branch.
                method(
                    "branchy",
                    &["self"],
                    vec![
                        Stmt::Branch {
                            cond: thin_vec::thin_vec![],
                            arms: thin_vec::thin_vec![vec![acquire(30)], vec![]],
                            span: sp(29),
                        },
                        hold(field("lk"), 31, vec![]),
                    ],
                ),
                // A lock passed as an argument is substituted: `take(self.lk)` under `self.lk`.
                method(
                    "passes",
                    &["self"],
                    vec![hold(
                        field("lk"),
                        40,
                        vec![call_method("take", vec![Some(field("lk"))], 41)],
                    )],
                ),
                method(
                    "take",
                    &["self", "l"],
                    vec![hold(
                        Place::Param {
                            function: "m.C.take".into(),
                            index: 1,
                        },
                        50,
                        vec![],
                    )],
                ),
            ],
            vec![decl(lk, "t.Lock", vec![])],
        );
        let (re, _) = analyse(&p, &models());
        let sites: Vec<Span> = re.iter().map(|r| r.site).collect();
        assert_eq!(sites, vec![sp(41)]);
    }

    #[test]
    fn rwlock_modes() {
        let rw = field("rw");
        let use_ = |mode, at, body: Vec<Stmt>| Stmt::Hold {
            lock: lock_use(field("rw"), mode, at),
            body: body.into(),
        };
        let p = program(
            vec![
                method(
                    "rr",
                    &["self"],
                    vec![use_(
                        LockMode::Read,
                        10,
                        vec![use_(LockMode::Read, 11, vec![])],
                    )],
                ),
                method(
                    "rw",
                    &["self"],
                    vec![use_(
                        LockMode::Read,
                        20,
                        vec![use_(LockMode::Write, 21, vec![])],
                    )],
                ),
                method(
                    "wr",
                    &["self"],
                    vec![use_(
                        LockMode::Write,
                        30,
                        vec![use_(LockMode::Read, 31, vec![])],
                    )],
                ),
            ],
            vec![decl(rw, "t.RwLock", vec![])],
        );
        let (re, _) = analyse(&p, &models());
        let sites: Vec<Span> = re.iter().map(|r| r.site).collect();
        assert_eq!(sites, vec![sp(21), sp(31)]);
    }

    #[test]
    fn recursive_functions_reach_a_fixpoint() {
        let p = program(
            vec![
                method(
                    "ping",
                    &["self"],
                    vec![
                        call_method("pong", vec![], 10),
                        hold(field("a"), 11, vec![]),
                    ],
                ),
                method(
                    "pong",
                    &["self"],
                    vec![
                        call_method("ping", vec![], 20),
                        hold(field("b"), 21, vec![]),
                    ],
                ),
                method(
                    "user",
                    &["self"],
                    vec![hold(field("a"), 30, vec![call_method("ping", vec![], 31)])],
                ),
            ],
            vec![
                decl(field("a"), "t.Lock", vec![]),
                decl(field("b"), "t.Lock", vec![]),
            ],
        );
        let cg = CallGraph::compute(&p);
        let models = models();
        let held = HeldLocks::compute(&cg, &models);
        let ping = cg.by_name("m.C.ping").unwrap();
        let locks: Vec<&Place> = held.summaries[ping.0 as usize]
            .iter()
            .map(|a| &a.lock)
            .collect();
        assert_eq!(locks, vec![&field("a"), &field("b")]);
        assert_eq!(held.reacquires.len(), 1);
    }
}
