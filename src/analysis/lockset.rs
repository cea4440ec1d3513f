//! Locksets: for every access that runs in a concurrent context, the locks definitely held
//! there, through the call chain from the context's entry (held-at-entry of a function is the
//! intersection over its call sites in that context, by a bounded fixpoint), and which pairs of
//! accesses can race: same shared place, different contexts (or one that runs many times), at
//! least one write, no common lock.
//!
//! Lock identity is the deadlock analysis's (`held_locks::LockTable`: a condition is the lock
//! it wraps, an inherited lock field is the base's), after replacing a lock parameter by the one
//! place every resolved caller passes.
//!
//! An access spelled through the class (`ModuleFacts::class_spelled`) counts as shared even in a
//! constructor.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeSet;

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::contexts::{Context, Contexts};
use crate::analysis::held_locks::LockTable;
use crate::ir::{
    AccessKind, Atomicity, Callee, Event, ExecCtx, Function, Place, PlaceDecl, Program, Stmt,
};
use crate::models::Models;
use crate::source::Span;

pub type LockSet = BTreeSet<Place>;

/// One access as it runs in one context.
#[derive(Clone, Debug)]
pub struct AccessFact {
    pub ctx: usize,
    pub func: FuncId,
    pub place: Place,
    pub kind: AccessKind,
    pub span: Span,
    pub held: LockSet,
}

impl AccessFact {
    pub fn writes(&self) -> bool {
        !matches!(self.kind, AccessKind::Read)
    }
}

/// What one function does, independent of context: accesses and resolved calls with the locks
/// held locally at each.
#[derive(Clone, Debug, Default)]
struct LocalSummary {
    accesses: Vec<(Place, AccessKind, Atomicity, Span, LockSet)>,
    calls: Vec<(FuncId, Span, LockSet)>,
    /// Locks held when the body ends, and locks released that the body did not take.
    exit_held: LockSet,
    released_unheld: LockSet,
    /// Calls of a one-time initialiser's method (`O.call_once(|| ..)`) in the body: their span
    /// (which holds the closure) and the initialiser.
    once_calls: Vec<(Span, Place)>,
    /// The initialisers of `once_calls`.
    onces: LockSet,
    /// The function summarised: which overrides a hook call in it reaches depends on it.
    function: Option<FuncId>,
}

pub struct Locksets {
    pub accesses: Vec<AccessFact>,
    /// Indices into `accesses`, per place.
    by_place: HashMap<Place, Vec<usize>>,
    /// Locks held when each function is entered, per (context, function).
    entry_held: HashMap<(usize, FuncId), LockSet>,
    local_held: HashMap<(FuncId, u32), LockSet>,
}

/// Program-wide knowledge about places: declarations, lock aliases, parameter bindings.
pub struct PlaceInfo<'a> {
    decls: HashMap<&'a Place, &'a PlaceDecl>,
    params: HashMap<Place, Place>,
    locks: LockTable<'a>,
    /// Where a field only ever takes another object's field (`self.processes =
    /// executor._processes`): the statements that bind it, which write no shared state.
    alias_binds: HashSet<(crate::source::FileId, u32)>,
}

impl<'a> PlaceInfo<'a> {
    pub fn compute(program: &'a Program, cg: &CallGraph<'a>, models: &'a Models) -> PlaceInfo<'a> {
        let mut decls = HashMap::default();
        for m in &program.modules {
            for d in &m.decls {
                decls.entry(&d.place).or_insert(d);
            }
        }
        // A parameter is replaced by the place every resolved call passes (`analysis::params`).
        let mut params = cg.params().places().clone();
        let alias_binds = field_aliases(cg, &mut params);
        PlaceInfo {
            decls,
            params,
            locks: LockTable::new(cg, models),
            alias_binds,
        }
    }

    /// Whether the access at `span` is a statement binding a field that aliases another
    /// object's field: it hands the object over and writes nothing shared.
    pub fn binds_alias(&self, span: Span) -> bool {
        self.alias_binds.contains(&(span.file, span.start))
    }

    pub fn decl(&self, place: &Place) -> Option<&'a PlaceDecl> {
        self.decls.get(place).copied()
    }

    /// A place with parameters replaced by the argument every caller passes.
    pub fn resolve(&self, place: &Place) -> Place {
        let mut p = place.clone();
        for _ in 0..4 {
            match self.params.get(&p) {
                Some(next) if *next != p => p = next.clone(),
                _ => break,
            }
        }
        p
    }

    /// The identity of a lock: a condition variable built on a lock is that lock.
    pub fn lock_id(&self, place: &Place, _models: &Models) -> Place {
        self.locks.canonical(&self.resolve(place))
    }
}

/// Fields of the program that only ever hold another object's field: every statement binding
/// `C.f` is in `C`'s constructor and stores the same field of another class (`self.processes = executor._processes`, with
/// `executor` of a known type or passed the same place by every caller). `C.f` is that object's
/// field under another name, so an access through it is an access of the original: added to
/// `params` as a replacement. Returns the spans of the binding statements.
fn field_aliases(
    cg: &CallGraph,
    params: &mut HashMap<Place, Place>,
) -> HashSet<(crate::source::FileId, u32)> {
    let mut binds: HashMap<&Place, (Option<Place>, Vec<Span>)> = HashMap::default();
    let resolve = |p: &Place| {
        let mut p = p.clone();
        for _ in 0..4 {
            match params.get(&p) {
                Some(next) if *next != p => p = next.clone(),
                _ => break,
            }
        }
        p
    };
    let mut spoiled: HashSet<&Place> = HashSet::default();
    for id in cg.ids() {
        let f = cg.function(id);
        for e in cg.events(id) {
            let Event::Bind {
                target: target @ Place::Field { class, field },
                value,
                span,
                ..
            } = e
            else {
                continue;
            };
            // Set up by the object's own constructor, as a plain attribute of the object
            // (`self.server.path = ..` writes another object).
            let in_constructor = f.short_name == "__init__"
                && f.class.as_deref() == Some(class.as_str())
                && !field.as_str().contains('.');
            let value = value.as_ref().map(&resolve);
            match value {
                Some(v @ Place::Field { .. }) if v != *target && in_constructor => {
                    let entry = binds.entry(target).or_insert((Some(v.clone()), Vec::new()));
                    if entry.0.as_ref() != Some(&v) {
                        spoiled.insert(target);
                    }
                    entry.1.push(*span);
                }
                _ => {
                    spoiled.insert(target);
                }
            }
        }
    }
    let mut spans = HashSet::default();
    for (target, (value, at)) in binds {
        let Some(value) = value else { continue };
        // Aliases only of fields that are not aliases themselves, one level.
        if spoiled.contains(target) || params.contains_key(&value) {
            continue;
        }
        params.insert(target.clone(), value);
        // The statement's write of the target starts where its bind does.
        spans.extend(at.iter().map(|s| (s.file, s.start)));
    }
    spans
}

impl Locksets {
    pub fn compute(
        cg: &CallGraph,
        models: &Models,
        info: &PlaceInfo,
        contexts: &Contexts,
    ) -> Locksets {
        let mut summaries: HashMap<FuncId, LocalSummary> = HashMap::default();
        let mut local_held = HashMap::default();
        let nets = net_effects(
            cg,
            models,
            info,
            contexts.list.iter().flat_map(|c| c.reach.iter()),
        );
        for c in &contexts.list {
            for f in &c.reach {
                summaries.entry(*f).or_insert_with(|| {
                    let s = summarize(cg, models, info, &nets, *f);
                    for (_, _, _, span, held) in &s.accesses {
                        local_held.insert((*f, span.start), held.clone());
                    }
                    s
                });
            }
        }
        let mut accesses = Vec::new();
        let mut entry_held = HashMap::default();
        let class_attrs = class_body_attributes(cg);
        let mut rebinds: HashMap<FuncId, HashSet<u32>> = HashMap::default();
        for (ci, c) in contexts.list.iter().enumerate() {
            let held = entry_sets(c, &summaries);
            let live = live_functions(cg, c, &summaries);
            let built = classes_built(cg, c, &summaries, &live);
            for f in &c.reach {
                let Some(s) = summaries.get(f) else { continue };
                let at_entry = held.get(f).cloned().unwrap_or_default();
                let func = cg.function(*f);
                let spelled = &cg.module_of(*f).facts.class_spelled;
                let creator_entry = c.is_creator() && *f == c.entry;
                if func.is_module_body && !creator_entry {
                    entry_held.insert((ci, *f), at_entry);
                    continue;
                }
                // Building an object: its own fields are not shared yet. A helper reached only
                // from constructors builds the object when it is a method of the class they
                // build; class attributes (`cls._instance`) are never fresh.
                let builds_own_class = || {
                    let Some(own) = func.class.as_deref() else {
                        return false;
                    };
                    built
                        .get(f)
                        .is_some_and(|classes| classes.iter().any(|k| is_or_inherits(cg, k, own)))
                };
                // A function the context reaches only through calls outside its window (no
                // constructor on the way) does not run in it: its own fields are left out too.
                let building = !is_class_method(func)
                    && (skip_function(cg, c, *f)
                        || (!live.contains(f) && (!built.contains_key(f) || builds_own_class())));
                for (place, kind, atomic, span, local) in &s.accesses {
                    if atomic.is_atomic() || !c.in_window(*f, *span) {
                        continue;
                    }
                    // A class attribute spelled through the class (`Registry._instance = ..`,
                    // `self.__class__._loop`) is every object's, even in a constructor.
                    if building
                        && own_field(cg, func.class.as_deref(), place)
                        && !(class_attrs.contains(place)
                            && (spelled.contains(span)
                                || changes_in_place(cg, &mut rebinds, *f, *kind, *span)))
                    {
                        continue;
                    }
                    accesses.push(AccessFact {
                        ctx: ci,
                        func: *f,
                        place: place.clone(),
                        kind: *kind,
                        span: *span,
                        held: local.union(&at_entry).cloned().collect(),
                    });
                }
                entry_held.insert((ci, *f), at_entry);
            }
        }
        let mut by_place: HashMap<Place, Vec<usize>> = HashMap::default();
        for (i, a) in accesses.iter().enumerate() {
            by_place.entry(a.place.clone()).or_default().push(i);
        }
        Locksets {
            accesses,
            by_place,
            entry_held,
            local_held,
        }
    }

    /// Accesses of one place, in any context.
    pub fn of_place(&self, place: &Place) -> impl Iterator<Item = &AccessFact> {
        self.by_place
            .get(place)
            .into_iter()
            .flatten()
            .map(|i| &self.accesses[*i])
    }

    /// Locks every caller holds around `func` when it runs in `ctx`.
    pub fn held_on_entry(&self, ctx: usize, func: FuncId) -> LockSet {
        self.entry_held
            .get(&(ctx, func))
            .cloned()
            .unwrap_or_default()
    }

    /// Locks held at an access site of `func` (by its span start) when it runs in `ctx`.
    pub fn held_at(&self, ctx: usize, func: FuncId, span: Span) -> LockSet {
        let mut held = self
            .entry_held
            .get(&(ctx, func))
            .cloned()
            .unwrap_or_default();
        if let Some(l) = self.local_held.get(&(func, span.start)) {
            held.extend(l.iter().cloned());
        }
        held
    }
}

/// Fields a class body binds (`instances = set()` under `class Bar:`): class attributes, which
/// every instance shares.
fn class_body_attributes<'p>(cg: &CallGraph<'p>) -> HashSet<&'p Place> {
    let mut out = HashSet::default();
    for id in cg.ids() {
        if !cg.function(id).is_module_body {
            continue;
        }
        for e in cg.events(id) {
            if let Event::Bind {
                target: target @ Place::Field { .. },
                ..
            } = e
            {
                out.insert(target);
            }
        }
    }
    out
}

/// Whether the write at `span` of `f` changes the object a place holds (`Bar.instances.add(x)`)
/// rather than rebinding the place (`self.instances = set()` gives the new object its own).
fn changes_in_place(
    cg: &CallGraph,
    rebinds: &mut HashMap<FuncId, HashSet<u32>>,
    f: FuncId,
    kind: AccessKind,
    span: Span,
) -> bool {
    kind == AccessKind::Write
        && !rebinds
            .entry(f)
            .or_insert_with(|| {
                cg.events(f)
                    .iter()
                    .filter_map(|e| match e {
                        Event::Bind { span, .. } => Some(span.start),
                        _ => None,
                    })
                    .collect()
            })
            .contains(&span.start)
}

/// `__init__` bodies initialise a fresh object before anyone else sees it (their writes to its
/// fields do not count), and a module body runs at import, before the threads it may start
/// (nothing in it counts); except inside a creator's window after its spawn.
fn skip_function(cg: &CallGraph, c: &Context, f: FuncId) -> bool {
    let func = cg.function(f);
    if c.is_creator() && f == c.entry {
        return false;
    }
    func.short_name == "__init__" || func.short_name == "__new__" || func.is_module_body
}

/// Whether `place` is a field of `class` (or of one of its bases): the object a constructor
/// is building.
fn own_field(cg: &CallGraph, class: Option<&str>, place: &Place) -> bool {
    let (Some(class), Place::Field { class: k, .. }) = (class, place) else {
        return false;
    };
    let class = cg.canonical_name(class);
    let k = cg.canonical_name(k);
    k == class || cg.ancestors(&class).contains(&k)
}

/// Whether `class` is `base` or inherits from it (canonical names).
fn is_or_inherits(cg: &CallGraph, class: &str, base: &str) -> bool {
    let class = cg.canonical_name(class);
    let base = cg.canonical_name(base);
    class == base || cg.ancestors(&class).contains(&base)
}

/// A method taking its class (`cls`) first: what it touches through it is the class's own
/// attributes, shared by every instance.
pub(crate) fn is_class_method(func: &Function) -> bool {
    func.class.is_some() && func.params.first().is_some_and(|p| p == "cls")
}

/// For each function of a context reached only through constructors (not in `live`), the
/// classes those constructors build: the classes of the `__init__`/`__new__` bodies the paths
/// to it start from.
fn classes_built(
    cg: &CallGraph,
    c: &Context,
    summaries: &HashMap<FuncId, LocalSummary>,
    live: &BTreeSet<FuncId>,
) -> HashMap<FuncId, BTreeSet<String>> {
    let mut built: HashMap<FuncId, BTreeSet<String>> = HashMap::default();
    for f in &c.reach {
        let func = cg.function(*f);
        let Some(class) = func.class.as_deref() else {
            continue;
        };
        if *f == c.entry || !skip_function(cg, c, *f) {
            continue;
        }
        let mut stack = vec![*f];
        while let Some(g) = stack.pop() {
            let Some(s) = summaries.get(&g) else { continue };
            for (callee, span, _) in &s.calls {
                if live.contains(callee) || !c.in_window(g, *span) {
                    continue;
                }
                if built.entry(*callee).or_default().insert(class.to_string()) {
                    stack.push(*callee);
                }
            }
        }
    }
    built
}

/// The functions of a context reached from its entry without passing through a skipped one:
/// a helper only `__init__` calls (`self._set_ident()` while building the object) initialises
/// the fresh object like `__init__` itself does.
fn live_functions(
    cg: &CallGraph,
    c: &Context,
    summaries: &HashMap<FuncId, LocalSummary>,
) -> BTreeSet<FuncId> {
    let mut live: BTreeSet<FuncId> = BTreeSet::new();
    let mut stack = vec![c.entry];
    live.insert(c.entry);
    while let Some(f) = stack.pop() {
        if f != c.entry && skip_function(cg, c, f) {
            continue;
        }
        let Some(s) = summaries.get(&f) else { continue };
        for (callee, span, _) in &s.calls {
            if c.in_window(f, *span) && live.insert(*callee) {
                stack.push(*callee);
            }
        }
    }
    live
}

/// Held-at-entry per function of a context: the entry holds nothing; every other function
/// holds what all its call sites in the context hold. A worklist fixpoint from "every lock"
/// (a function not yet reached): the sets only shrink, so it ends, at any call depth.
fn entry_sets(c: &Context, summaries: &HashMap<FuncId, LocalSummary>) -> HashMap<FuncId, LockSet> {
    let mut held: HashMap<FuncId, LockSet> = HashMap::default();
    held.insert(c.entry, LockSet::new());
    let members: HashSet<FuncId> = c.reach.iter().copied().collect();
    let mut work = vec![c.entry];
    let mut queued: HashSet<FuncId> = HashSet::default();
    queued.insert(c.entry);
    while let Some(f) = work.pop() {
        queued.remove(&f);
        let Some(s) = summaries.get(&f) else { continue };
        let at_entry = held.get(&f).cloned().unwrap_or_default();
        for (callee, span, local) in &s.calls {
            if *callee == c.entry || !members.contains(callee) || !c.in_window(f, *span) {
                continue;
            }
            let here: LockSet = local.union(&at_entry).cloned().collect();
            let changed = match held.get_mut(callee) {
                None => {
                    held.insert(*callee, here);
                    true
                }
                Some(set) => {
                    let both: LockSet = set.intersection(&here).cloned().collect();
                    let shrunk = both.len() != set.len();
                    *set = both;
                    shrunk
                }
            };
            if changed && queued.insert(*callee) {
                work.push(*callee);
            }
        }
    }
    held
}

fn summarize(
    cg: &CallGraph,
    models: &Models,
    info: &PlaceInfo,
    nets: &Nets,
    f: FuncId,
) -> LocalSummary {
    let mut s = LocalSummary {
        function: Some(f),
        ..LocalSummary::default()
    };
    crate::ir::walk_events(&cg.function(f).body, &mut |e| {
        if let Some(o) = once_call(models, info, e) {
            s.onces.insert(o.clone());
            s.once_calls.push((e.span(), o));
        }
    });
    let mut held = LockSet::new();
    walk(
        cg,
        models,
        info,
        nets,
        &cg.function(f).body,
        &mut held,
        &mut s,
    );
    s.exit_held = held;
    s
}

/// The initialiser a one-time initialiser's call runs its closure under (`O` in
/// `O.call_once(|| ..)`), from the models.
fn once_call(models: &Models, info: &PlaceInfo, e: &Event) -> Option<Place> {
    match e {
        Event::MethodCall { place, method, .. } => {
            let place = info.resolve(place);
            let m = models.once(&info.decl(&place)?.ty)?;
            m.call.iter().any(|c| c == method).then_some(place)
        }
        // `Type::method(receiver, ..)`, as Rust lowers a method of a known type.
        Event::Call { callee, args, .. } => {
            let (ty, method) = match callee {
                Callee::Method { class, method } => (class.as_str(), method.as_str()),
                Callee::Path(path) => path.rsplit_once("::")?,
                Callee::Dynamic { .. } => return None,
            };
            let m = models.once(ty)?;
            let place = info.resolve(args.first()?.as_ref()?);
            m.call.iter().any(|c| c == method).then_some(place)
        }
        _ => None,
    }
}

/// The locks an event at `span` runs under, with one-time initialisers taken as locks: inside
/// the closure of an initialiser's call (it runs once, other callers wait), and, for a read,
/// after such a call (`held` has the initialiser then). A write after the call, or a callee
/// entered there, is not ordered by it.
fn once_held(s: &LocalSummary, held: &LockSet, span: Span, writes: bool) -> LockSet {
    if s.onces.is_empty() {
        return held.clone();
    }
    let mut here: LockSet = if writes {
        held.difference(&s.onces).cloned().collect()
    } else {
        held.clone()
    };
    for (call, o) in &s.once_calls {
        if crate::analysis::flow::encloses(*call, span) {
            here.insert(o.clone());
        }
    }
    here
}

/// What calling a function does to the caller's locks: the locks it leaves held on return
/// (`def _enter(): lock.acquire()`) and those it releases without taking them first
/// (`def _leave(): lock.release()`). From the function's own body only: a helper of a helper
/// is not followed, which only loses precision in the silent direction.
type Nets = HashMap<FuncId, (LockSet, LockSet)>;

fn net_effects<'a>(
    cg: &CallGraph,
    models: &Models,
    info: &PlaceInfo,
    funcs: impl Iterator<Item = &'a FuncId>,
) -> Nets {
    let none = Nets::default();
    let mut nets = Nets::default();
    for f in funcs {
        if nets.contains_key(f) {
            continue;
        }
        let s = summarize(cg, models, info, &none, *f);
        nets.insert(*f, (s.exit_held, s.released_unheld));
    }
    nets.retain(|_, (acq, rel)| !acq.is_empty() || !rel.is_empty());
    nets
}

/// Walks a body in order, tracking locks held; after a branch only the locks held on every
/// arm stay held.
fn walk(
    cg: &CallGraph,
    models: &Models,
    info: &PlaceInfo,
    nets: &Nets,
    body: &[Stmt],
    held: &mut LockSet,
    s: &mut LocalSummary,
) {
    for stmt in body {
        match stmt {
            Stmt::Event(e) => {
                match e {
                    Event::Access {
                        place,
                        kind,
                        atomic,
                        span,
                    } => {
                        if *kind == AccessKind::Write && info.binds_alias(*span) {
                            continue;
                        }
                        let here = once_held(s, held, *span, *kind != AccessKind::Read);
                        s.accesses
                            .push((info.resolve(place), *kind, *atomic, *span, here));
                    }
                    Event::Call {
                        callee,
                        span,
                        receiver,
                        ..
                    } => {
                        if let Some(id) = cg.resolve(callee) {
                            for o in cg.hook_overrides(callee, id, s.function, receiver.as_ref()) {
                                let here = once_held(s, held, *span, true);
                                s.calls.push((o, *span, here));
                            }
                            s.calls.push((id, *span, once_held(s, held, *span, true)));
                            if let Some((acquired, released)) = nets.get(&id) {
                                for l in released {
                                    held.remove(l);
                                }
                                held.extend(acquired.iter().cloned());
                            }
                        } else if cg.is_bound_call(*span) {
                            // A call through a parameter or field that runs one known function.
                            for &id in cg.callbacks_at(*span) {
                                s.calls.push((id, *span, once_held(s, held, *span, true)));
                            }
                        }
                    }
                    Event::Acquire(l) if l.blocking => {
                        held.insert(info.lock_id(&l.lock, models));
                    }
                    Event::Release { lock, .. } => {
                        let id = info.lock_id(lock, models);
                        if !held.remove(&id) {
                            s.released_unheld.insert(id);
                        }
                    }
                    _ => {}
                }
                // Past a one-time initialiser's call its closure has run, and never runs
                // again: reads from here on are ordered after its writes.
                if !s.once_calls.is_empty() {
                    if let Some(o) = once_call(models, info, e) {
                        held.insert(o);
                    }
                }
            }
            Stmt::Hold { lock, body } => {
                let id = info.lock_id(&lock.lock, models);
                let fresh = held.insert(id.clone());
                walk(cg, models, info, nets, body, held, s);
                if fresh {
                    held.remove(&id);
                }
            }
            Stmt::Branch { cond, arms, .. } => {
                walk(cg, models, info, nets, cond, held, s);
                // `if lock.acquire(False):` holds the lock in the first arm (the front-ends
                // put the arm where the try succeeded first).
                let tried: Vec<Place> = cond
                    .iter()
                    .filter_map(|st| match st {
                        Stmt::Event(Event::Acquire(l)) if !l.blocking => {
                            Some(info.lock_id(&l.lock, models))
                        }
                        _ => None,
                    })
                    .collect();
                let start = held.clone();
                let mut after: Option<LockSet> = None;
                for (i, arm) in arms.iter().enumerate() {
                    let mut h = start.clone();
                    if i == 0 {
                        h.extend(tried.iter().cloned());
                    }
                    walk(cg, models, info, nets, arm, &mut h, s);
                    // An arm that returns, raises or leaves the loop never reaches what follows
                    // (`if not lock.acquire(False): return`).
                    if matches!(
                        arm.last(),
                        Some(Stmt::Return(_) | Stmt::Raise(_) | Stmt::Break(_) | Stmt::Continue(_))
                    ) {
                        continue;
                    }
                    after = Some(match after {
                        None => h,
                        Some(a) => a.intersection(&h).cloned().collect(),
                    });
                }
                *held = after.unwrap_or(start);
            }
            Stmt::Loop { cond, body, .. } => {
                walk(cg, models, info, nets, cond, held, s);
                let start = held.clone();
                let mut h = start.clone();
                walk(cg, models, info, nets, body, &mut h, s);
                *held = start.intersection(&h).cloned().collect();
            }
            Stmt::Try {
                body,
                handlers,
                orelse,
                finally,
                ..
            } => {
                let start = held.clone();
                walk(cg, models, info, nets, body, held, s);
                walk(cg, models, info, nets, orelse, held, s);
                for h in handlers {
                    let mut hh = start.clone();
                    walk(cg, models, info, nets, h, &mut hh, s);
                    *held = held.intersection(&hh).cloned().collect();
                }
                walk(cg, models, info, nets, finally, held, s);
            }
            Stmt::Block(b) => walk(cg, models, info, nets, b, held, s),
            Stmt::ErrorReturn { .. } => {}
            Stmt::Return(_) | Stmt::Raise(_) | Stmt::Break(_) | Stmt::Continue(_) => {}
        }
    }
}

/// Whether two contexts run on different threads at the same time (or one context runs many
/// times at once). Processes share no memory; tasks and greenlets run on one thread and
/// interleave only at yield points, which other analyses handle. Reactor callbacks
/// (`reactor.callFromThread`, `loop.call_soon_threadsafe`) run one at a time on the reactor's
/// thread, so they race threads but not each other. On `process_shared` memory processes race
/// as threads do.
pub fn contexts_overlap(contexts: &Contexts, a: usize, b: usize, process_shared: bool) -> bool {
    let (ca, cb) = (&contexts.list[a], &contexts.list[b]);
    let kind = |k: ExecCtx| match k {
        ExecCtx::Process if process_shared => ExecCtx::Thread,
        k => k,
    };
    match (kind(ca.kind), kind(cb.kind)) {
        (ExecCtx::Thread, ExecCtx::Thread) => {}
        (ExecCtx::Reactor, ExecCtx::Thread) => return !cb.is_creator(),
        (ExecCtx::Thread, ExecCtx::Reactor) => return !ca.is_creator(),
        _ => return false,
    }
    if a == b {
        return ca.many && !ca.is_creator();
    }
    // A creator window overlaps only the worker it started: what else runs then is unknown.
    match (ca.creator_of, cb.creator_of) {
        (Some(w), None) => w == b,
        (None, Some(w)) => w == a,
        (Some(_), Some(_)) => false,
        (None, None) => !crate::analysis::contexts::exclusive_spawns(ca, cb),
    }
}
