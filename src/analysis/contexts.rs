//! Concurrent execution contexts: which functions run on a thread (or task) other than the one
//! that started them, which run many times at once, and the creator's own window between a
//! spawn and its join (the creator races its worker).
//!
//! Entry points come from `Event::Spawn` targets, from subclasses of spawn models that name a
//! `subclass_entry` (`run` of a `Thread` subclass) and from nothing else: library meaning comes
//! from the models, never from names written here.
//!
//! A creator context is the spawner between the spawn and the join, or:
//!
//! - a call of a method joining the field it keeps the thread in;
//! - for a thread a method keeps in a field of `self` without joining it, each later public method
//!   that joins it, up to that join (`lifetime_windows`), except the one caller of a private
//!   starting method that joins the thread after the call, whose code before the call runs before
//!   the thread does (`starts_then_joins`);
//! - each function calling the method that starts it, from the call to its first join, and the
//!   callers of such a function that returns without joining, up to three calls up
//!   (`caller_windows`), each ending at a `return` right after the call (`return_after`);
//! - for work a function starts and returns the handle of, each caller keeping that handle in a
//!   local, from the call to its first wait on it (`returned_handle_windows`).
//!
//! A window reaches only what the calls inside it reach; a join with a numeric timeout
//! (`Event::Join::timed`) ends neither. Also:
//!
//! - Work a coroutine awaits ends the spawner's window at the `await` (`awaited_at`,
//!   `awaited_handle`); work a method hands back as a future that its one caller awaits at once
//!   at every call runs after the caller's other such work (`Context::awaited_in`).
//! - A lambda or nested function of a method reading its `self` is spawned on that object (the
//!   front-end's `captured_self`).
//! - A thread target whose function returns a nested function of its own was a factory called in
//!   the spawn and runs what it made (`made_by_factory`).
//! - An untyped object's private bound method as a target is the method of the one class defining
//!   that name (`private_method_target`).
//! - A thread object shares what its constructor is handed (`Context::handed_fields`); spawn
//!   arguments made anew in each loop turn are each run's own (`Context::fresh_args`).
//! - Two spawns in different arms of one branch never overlap (`Context::arms`), nor does a spawn
//!   overlap the later arms of a branch around it outside a loop (`Context::skipped`), nor do
//!   spawns on `self` in a method and its override that does not call it on the object's fields
//!   (`alternative_starts`).
//! - Sequenced work never overlaps (`Context::done`: a join of the handle after the spawn on every
//!   path, or the end of the `with` block of the pool running it; `exclusive_spawns`), and a pool
//!   of one worker (the executor model's `workers`) starts its jobs `once`.
//! - Multiplicity: work its own reach starts again from a loop runs many at once unless a test of
//!   its handle field guards the start (`respawned_in_loop`), and work started under a lock behind
//!   a test that leaves when a field written later in the section or by the work says it was
//!   started does not inherit its starter's (`started_once_under_lock`).
//! - A context's reach leaves out the coroutine functions a plain function only calls (the
//!   coroutine is made, not run), except where a loop runner runs it (`loop_runs`).
//! - `Contexts::parent` lists, for each context, the contexts whose code starts it.
//! - Readers: `lockset` and `shared` (KN1xx), KN206 and KN511
//!   (`rules/deadlocks/fork_while_threads_run.rs`), KN509 (`thread_reach`: the plain functions
//!   a thread runs) and KN207.

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeSet;
use std::sync::OnceLock;

use crate::analysis::callgraph::{CallGraph, CallSite, FuncId};
use crate::analysis::params::receiver_offset;
use crate::ir::{
    walk_events, walk_stmts, AccessKind, Callee, Event, ExecCtx, Function, Name, Place, Stmt,
};
use crate::models::{Models, SpawnModel};
use crate::source::{Lang, Span};

/// One concurrent context: an entry function and everything reachable from it.
#[derive(Clone, Debug)]
pub struct Context {
    pub entry: FuncId,
    pub kind: ExecCtx,
    /// Where the work is started (the `Spawn` event, or the construction of a subclass instance).
    pub spawn: Span,
    /// The function that starts it.
    pub spawner: Option<FuncId>,
    /// The entry can run concurrently with itself (spawned in a loop, by a pool `map`, or from
    /// a context that itself runs many times).
    pub many: bool,
    /// `many` for a reason of its own (spawned in a loop, by a pool `map`, a server), not only
    /// because the spawner runs many times.
    pub many_here: bool,
    /// The class whose instance the entry runs on (a bound-method target or a subclass entry),
    /// and whether every spawn makes a fresh instance (a subclass entry does).
    pub instance: Option<(String, bool)>,
    /// Every start constructs the object the entry runs on (a `Thread` subclass's `run`, a
    /// request handler), so two runs never share it.
    pub own_object: bool,
    /// The place of the object a bound-method target runs on, as the spawn names it (`conn`
    /// in `create_task(conn.run())`): two spawns on one place share the object.
    pub receiver: Option<Place>,
    /// For a creator context: the byte window of the entry's body that runs concurrently with
    /// the worker (from the spawn to the join of its handle), and the worker context's index.
    pub window: Option<(u32, u32)>,
    /// Byte ranges inside `window` that never run beside the worker: the arms after the
    /// spawn's own of each branch enclosing it outside any loop (`if receive: start() else:
    /// ...`), since one call of the spawner runs one arm.
    pub skipped: Vec<(u32, u32)>,
    pub creator_of: Option<usize>,
    /// Places passed to the entry as spawn arguments, or to the constructor of the thread
    /// object it runs on (`Worker(stats).start()`): shared with the spawner.
    pub args: Vec<Place>,
    /// Of `args`, those bound anew in the loop turn that starts each run (`r = Result()` then
    /// `Thread(target=f, args=(r,))` in one loop): each run gets its own object.
    pub fresh_args: Vec<Place>,
    /// Fields of the thread object the entry runs on that hold what its constructor was given
    /// (`self.results = results`), the same object in every run.
    pub handed_fields: Vec<Name>,
    /// The branch arms the spawn sits in, outermost first, as (branch start, arm index): two
    /// spawns in different arms of one branch never both run from one call of the spawner.
    pub arms: Vec<(u32, u32)>,
    /// The byte offset in the spawner's body by which the work has finished on every path that
    /// started it: a join of its handle after the spawn in the same statement list (or one
    /// enclosing it), or the end of the `with` block of the pool running it.
    pub done: Option<u32>,
    /// The one coroutine function that awaits the work at once wherever it asks for it: the
    /// spawner hands its future back (`return loop.run_in_executor(None, self._read)`) and every
    /// call of the spawner is awaited in that function (`await self._read_async()`). Two such
    /// pieces of work of one coroutine run one after the other.
    pub awaited_in: Option<FuncId>,
    /// Functions that run in this context (the entry first).
    pub reach: Vec<FuncId>,
    /// A request handler of a threading server: runs once per request on a fresh handler
    /// instance; the code that built the server hands the requests over and does not race
    /// them itself (no creator window).
    pub per_request: bool,
    /// The spawning call returns only when the work is done (`rayon::join`): no creator window.
    pub joined: bool,
    /// Attributes of the instance that refer to objects every run shares (a handler's
    /// `server`), from the model.
    pub shared_attrs: Vec<String>,
    /// For a creator context that is a later method of the object (see [`lifetime_windows`]):
    /// the field of `self` the spawning method keeps the thread in.
    pub kept_in: Option<Place>,
    /// For such a later context: the thread is started once, behind a test of its field
    /// (`if self._thread is None:`), and this window runs from the first line of the spawner
    /// or of a caller one call up: every call after the first runs there beside the thread.
    pub again: bool,
}

impl Context {
    pub fn is_creator(&self) -> bool {
        self.creator_of.is_some()
    }

    /// The function that starts this work, when code there can run beside it: a thread that
    /// is neither per request nor joined by the spawning call.
    fn spawner_beside(&self) -> Option<FuncId> {
        let beside = matches!(self.kind, ExecCtx::Thread) && !self.per_request && !self.joined;
        self.spawner.filter(|_| beside)
    }

    /// Whether the event at `span` inside the entry's body belongs to this context.
    pub fn in_window(&self, func: FuncId, span: Span) -> bool {
        match self.window {
            Some((start, end)) if func == self.entry => {
                span.start >= start
                    && span.start < end
                    && !self
                        .skipped
                        .iter()
                        .any(|&(s, e)| span.start >= s && span.start < e)
            }
            _ => true,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Contexts {
    pub list: Vec<Context>,
    /// For each context, the other contexts (not creator windows) whose code starts it: a
    /// worker's spawner, a window's function, is in their reach. Empty when none is, or when
    /// they run different entries (only runs of one function started on different paths,
    /// `executor.submit(t.start)` here and `loop.run_in_executor(None, t.start)` there, count as
    /// one starter).
    pub parent: Vec<Vec<usize>>,
}

impl Contexts {
    pub fn compute(cg: &CallGraph, models: &Models) -> Contexts {
        // Only a spawn of a parameter needs the callers of its function: built on first use.
        let callers: OnceLock<Callers> = OnceLock::new();
        // Per spawning function in parallel, collected in function order.
        let spawned: Vec<Vec<Context>> = (0..cg.len())
            .into_par_iter()
            .with_min_len(64)
            .map(|i| {
                let id = FuncId(i as u32);
                let mut out = Vec::new();
                let spawns = cg.events(id).iter().any(|e| {
                    matches!(
                        e,
                        Event::Spawn {
                            target: Some(_),
                            ..
                        }
                    )
                });
                if spawns {
                    spawns_in(cg, models, &callers, id, cg.function(id), &mut out);
                }
                out
            })
            .collect();
        let mut list: Vec<Context> = spawned.into_iter().flatten().collect();
        subclass_entries(cg, models, &mut list);
        // Creator windows, one per worker with a spawner (in parallel, in worker order).
        let creators: Vec<Option<Context>> = list
            .par_iter()
            .enumerate()
            .map(|(i, w)| creator_window(cg, i, w))
            .collect();
        list.extend(creators.into_iter().flatten());
        // The callers of a function handing back the handle of work it starts.
        let handed_back: Vec<Context> = (0..list.len())
            .flat_map(|i| returned_handle_windows(cg, models, &callers, i, &list[i]))
            .collect();
        list.extend(handed_back);
        // The object's later methods, for threads a method keeps in a field of `self`.
        let methods: OnceLock<ClassMethods> = OnceLock::new();
        let later: Vec<Context> = (0..list.len())
            .flat_map(|i| lifetime_windows(cg, &methods, &callers, i, &list[i]))
            .collect();
        list.extend(later);
        // Work whose own code starts it again from a loop (a done-callback launching every
        // task whose dependencies are met, each with the same callback) runs beside the run
        // that started it: many at once. Started again once, on the way out (a timer re-arming
        // itself), it runs after it.
        for c in list.iter_mut() {
            if !c.many && !c.joined && !c.is_creator() {
                if let Some(spawner) = c.spawner {
                    if c.reach.contains(&spawner) && respawned_in_loop(cg, c, spawner) {
                        c.many = true;
                        c.many_here = true;
                    }
                }
            }
        }
        // Multiplicity flows down: work started from a context that runs many times runs many
        // times too. Bounded by the number of contexts (one pass per nesting level).
        // `from_many`: every function some context that runs many times (not a creator) reaches,
        // kept up to date as contexts become many.
        let mut from_many: HashSet<FuncId> = list
            .iter()
            .filter(|c| c.many && !c.is_creator())
            .flat_map(|c| c.reach.iter().copied())
            .collect();
        for _ in 0..list.len().min(8) {
            let mut changed = false;
            for i in 0..list.len() {
                if list[i].many {
                    continue;
                }
                let Some(spawner) = list[i].spawner.or_else(|| {
                    list[i]
                        .creator_of
                        .and_then(|w| list.get(w))
                        .and_then(|w| w.spawner)
                }) else {
                    continue;
                };
                if from_many.contains(&spawner) && !started_once_under_lock(cg, spawner, &list[i]) {
                    list[i].many = true;
                    changed = true;
                    if !list[i].is_creator() {
                        from_many.extend(list[i].reach.iter().copied());
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let parent = parents(&list);
        Contexts { list, parent }
    }

    /// Contexts (indices) in which `func` runs.
    pub fn of(&self, func: FuncId) -> impl Iterator<Item = usize> + '_ {
        self.list
            .iter()
            .enumerate()
            .filter(move |(_, c)| c.reach.contains(&func))
            .map(|(i, _)| i)
    }
}

/// [`Contexts::parent`] of every context in `list`.
fn parents(list: &[Context]) -> Vec<Vec<usize>> {
    let mut reached_by: HashMap<FuncId, Vec<usize>> = HashMap::default();
    for (j, c) in list.iter().enumerate() {
        if !c.is_creator() {
            for &f in &c.reach {
                reached_by.entry(f).or_default().push(j);
            }
        }
    }
    (0..list.len())
        .map(|i| {
            let c = &list[i];
            let Some(started_in) = (if c.is_creator() {
                Some(c.entry)
            } else {
                c.spawner
            }) else {
                return Vec::new();
            };
            let mut by: Vec<usize> = reached_by.get(&started_in).cloned().unwrap_or_default();
            by.retain(|&j| j != i);
            let one_entry = by.windows(2).all(|w| list[w[0]].entry == list[w[1]].entry);
            if one_entry {
                by
            } else {
                Vec::new()
            }
        })
        .collect()
}

/// The creator context of worker `w` (index `i`): its spawner between the spawn and the join
/// of its handle, for a thread that is neither per request nor joined by the spawning call.
fn creator_window(cg: &CallGraph, i: usize, w: &Context) -> Option<Context> {
    let spawner = w.spawner_beside()?;
    let f = cg.function(spawner);
    let start = w.spawn.end;
    // `await loop.run_in_executor(None, f)`: the spawner waits for the work right there.
    if awaited_at(&f.body, w.spawn).is_some() {
        return None;
    }
    let mut end = join_after(f, w.spawn, start).unwrap_or(u32::MAX);
    // The pool's `with` block ends, or its `shutdown()` returns, once the work is done.
    if let Some(done) = w.done.filter(|&d| d >= start) {
        end = end.min(done);
    }
    // `fut = loop.run_in_executor(..)` then `await fut` (or `await asyncio.shield(fut)`).
    if let Some(awaited) = spawn_handle(f, w.spawn).and_then(|h| awaited_handle(f, h, start)) {
        end = end.min(awaited);
    }
    // A call of a method joining the thread the spawner keeps in a field (`self.stop()` on a
    // failed start, `stop()` joining `self._thread`), itself or one call down, ends it too.
    if let Some(field @ Place::Field { .. }) = kept_field(f, w.spawn) {
        let joins = |g: FuncId| {
            cg.events(g)
                .iter()
                .any(|e| matches!(e, Event::Join { handle: h, .. } if same_field(cg, h, field)))
        };
        if let Some(c) = cg.calls(spawner).iter().find(|c| {
            c.span.start >= start
                && c.span.start < end
                && c.callee != spawner
                && (joins(c.callee) || cg.calls(c.callee).iter().any(|d| joins(d.callee)))
        }) {
            end = c.span.start;
        }
    }
    let mut c = window_context(cg, spawner, (start, end), i, w, None);
    c.skipped = later_arms(&f.body, w.spawn).unwrap_or_default();
    if !c.skipped.is_empty() {
        let roots: Vec<FuncId> = cg
            .calls(spawner)
            .iter()
            .filter(|call| c.in_window(spawner, call.span))
            .map(|call| call.callee)
            .collect();
        c.reach = reach_from(cg, spawner, roots);
    }
    Some(c)
}

/// The byte ranges of the arms after the one holding the statement at `at`, for each branch
/// enclosing it outside any loop (see `Context::skipped`); `None` when `at` is not in `body`.
fn later_arms(body: &[Stmt], at: Span) -> Option<Vec<(u32, u32)>> {
    for s in body {
        match s {
            Stmt::Event(e) if e.span() == at => return Some(Vec::new()),
            Stmt::Branch { cond, arms, .. } => {
                if let Some(p) = later_arms(cond, at) {
                    return Some(p);
                }
                for (i, arm) in arms.iter().enumerate() {
                    if let Some(mut p) = later_arms(arm, at) {
                        p.extend(arms[i + 1..].iter().filter_map(|a| events_range(a)));
                        return Some(p);
                    }
                }
            }
            // A later turn of the loop can take another arm while the work still runs.
            Stmt::Loop { cond, body, .. }
                if later_arms(cond, at)
                    .or_else(|| later_arms(body, at))
                    .is_some() =>
            {
                return Some(Vec::new());
            }
            other => {
                let mut found = None;
                other.each_body(&mut |b| {
                    if found.is_none() {
                        found = later_arms(b, at);
                    }
                });
                if found.is_some() {
                    return found;
                }
            }
        }
    }
    None
}

/// The bytes from the first event of `body` to the end of its last.
fn events_range(body: &[Stmt]) -> Option<(u32, u32)> {
    let mut range: Option<(u32, u32)> = None;
    crate::ir::walk_events(body, &mut |e| {
        let s = e.span();
        range = Some(range.map_or((s.start, s.end), |(a, b)| (a.min(s.start), b.max(s.end))));
    });
    range
}

/// The context of function `entry` running beside worker `w` (index `i`) over the byte range
/// `window` of its body: what it and the calls it makes there reach.
fn window_context(
    cg: &CallGraph,
    entry: FuncId,
    (start, end): (u32, u32),
    i: usize,
    w: &Context,
    kept_in: Option<Place>,
) -> Context {
    let roots: Vec<FuncId> = cg
        .calls(entry)
        .iter()
        .filter(|c| c.span.start >= start && c.span.start < end)
        .map(|c| c.callee)
        .collect();
    let reach = reach_from(cg, entry, roots);
    Context {
        entry,
        kind: ExecCtx::Thread,
        spawn: w.spawn,
        spawner: None,
        many: false,
        many_here: false,
        instance: None,
        own_object: false,
        receiver: None,
        window: Some((start, end)),
        skipped: Vec::new(),
        creator_of: Some(i),
        args: Vec::new(),
        fresh_args: Vec::new(),
        handed_fields: Vec::new(),
        arms: Vec::new(),
        done: None,
        awaited_in: None,
        reach,
        per_request: false,
        joined: false,
        shared_attrs: Vec::new(),
        kept_in,
        again: false,
    }
}

/// The entry, and what the calls inside the window (`roots`) reach, not its calls outside it.
fn reach_from(cg: &CallGraph, entry: FuncId, roots: Vec<FuncId>) -> Vec<FuncId> {
    let mut reach = vec![entry];
    let mut seen: BTreeSet<FuncId> = BTreeSet::from([entry]);
    let mut stack: Vec<FuncId> = Vec::new();
    for r in roots {
        if seen.insert(r) {
            reach.push(r);
            stack.push(r);
        }
    }
    while let Some(f) = stack.pop() {
        for c in cg.calls(f) {
            if seen.insert(c.callee) {
                reach.push(c.callee);
                stack.push(c.callee);
            }
        }
    }
    reach
}

/// Methods per class (canonical name) with `self` as their first parameter, in id order.
type ClassMethods = HashMap<String, Vec<FuncId>>;

/// The creator contexts of a thread that a method starts and keeps in a field of `self`
/// (`self._thread = Thread(target=self._read); self._thread.start()`) without joining it
/// there: the thread outlives the method, and whoever holds the object later calls the method
/// that stops it (`close()`) beside it, which may test state the thread also clears on its way
/// out. One context per public method of the class (or `__exit__`) that joins the thread
/// (itself or one call down), from its start up to its first join that waits for good or its
/// first call of a method that makes one; a join with a timeout may return with the thread
/// still running. Methods the thread itself runs are its own work, not the creator's. Other
/// public methods are left out: which of them the creator calls while the thread runs, and
/// which are meant for the thread alone (`loop_read()` of a client that also runs its own
/// loop), the code does not say.
fn lifetime_windows(
    cg: &CallGraph,
    methods: &OnceLock<ClassMethods>,
    callers: &OnceLock<Callers>,
    i: usize,
    w: &Context,
) -> Vec<Context> {
    let Some(spawner) = w.spawner_beside() else {
        return Vec::new();
    };
    let f = cg.function(spawner);
    let (Some(class), Some("self")) = (f.class.as_deref(), f.params.first().map(String::as_str))
    else {
        return Vec::new();
    };
    let Some(handle @ Place::Field { class: held_by, .. }) = kept_field(f, w.spawn) else {
        return Vec::new();
    };
    let class = cg.canonical_name(class);
    let held_by = cg.canonical_name(held_by);
    if (held_by != class && !cg.ancestors(&class).contains(&held_by))
        || join_after(f, w.spawn, w.spawn.end).is_some()
    {
        return Vec::new();
    }
    let methods = methods.get_or_init(|| {
        let mut out: ClassMethods = HashMap::default();
        for id in cg.ids() {
            let g = cg.function(id);
            if let (Some(c), Some("self")) = (&g.class, g.params.first().map(String::as_str)) {
                out.entry(cg.canonical_name(c)).or_default().push(id);
            }
        }
        out
    });
    let mut lineage = vec![class.clone()];
    lineage.extend(cg.ancestors(&class));
    let mut later: BTreeSet<FuncId> = BTreeSet::new();
    for k in &lineage {
        for &id in methods.get(k).map(Vec::as_slice).unwrap_or_default() {
            let name = cg.function(id).short_name.as_str();
            let public = !name.starts_with('_') || name == "__exit__";
            // The most derived definition is the one the object runs.
            if public && id != spawner && cg.resolve_method(&class, name) == Some(id) {
                later.insert(id);
            }
        }
    }
    // Joining the thread before starting another (`start()` joining the last one) stops
    // nothing the creator holds.
    let stops = |g: FuncId| {
        g != spawner
            && cg
                .events(g)
                .iter()
                .any(|e| matches!(e, Event::Join { handle: h, .. } if same_field(cg, h, handle)))
    };
    let joiners = joiners_of(cg, handle);
    // A start guarded by a test of the handle (`if self._thread is None:`) is made for a
    // method called again while the thread runs: each later call runs beside it from its
    // first line, the spawner's own code before the start included.
    let guarded = started_once(cg, f, w.spawn, handle);
    let mut out = caller_windows(cg, callers, spawner, handle, &joiners, i, w, guarded);
    if guarded {
        out.push(Context {
            again: true,
            ..window_context(cg, spawner, (0, w.spawn.start), i, w, Some(handle.clone()))
        });
    }
    later.retain(|&m| {
        !w.reach.contains(&m)
            && (stops(m) || cg.calls(m).iter().any(|c| stops(c.callee)))
            && !starts_then_joins(cg, m, spawner, handle, &joiners)
    });
    for m in later {
        let body = &cg.function(m).body;
        // The first join waiting for good (of any handle: a copy in a local is the thread
        // too), or call of a method that joins this thread (itself or one call down).
        let mut end = u32::MAX;
        walk_stmts(body, &mut |s| {
            if let Stmt::Event(Event::Join {
                timed: false, span, ..
            }) = s
            {
                end = end.min(span.start);
            }
        });
        for c in cg.calls(m) {
            if c.span.start < end && joiners.contains(&c.callee) {
                end = c.span.start;
            }
        }
        out.push(window_context(cg, m, (0, end), i, w, Some(handle.clone())));
    }
    out
}

/// Whether `m` is the one caller of the private method `spawner` starting the thread, and
/// waits for the thread at its top level after that call (`run()` calling `_register()`, which
/// fills the monitor's lists and starts it, then `self.monitor.join()`). No thread of this
/// start runs before the call then, in any call of `m`: an earlier call waited for its own, so
/// `m`'s code before the call never runs beside it (the code after it is `caller_windows`').
fn starts_then_joins(
    cg: &CallGraph,
    m: FuncId,
    spawner: FuncId,
    handle: &Place,
    joiners: &BTreeSet<FuncId>,
) -> bool {
    let name = cg.function(spawner).short_name.as_str();
    if !name.starts_with('_') || name.starts_with("__") {
        return false;
    }
    let Some(first) = cg
        .calls(m)
        .iter()
        .filter(|c| c.callee == spawner)
        .map(|c| c.span.end)
        .min()
    else {
        return false;
    };
    if cg
        .ids()
        .any(|f| f != m && cg.calls(f).iter().any(|c| c.callee == spawner))
    {
        return false;
    }
    cg.function(m).body.iter().any(|s| match s {
        Stmt::Event(Event::Join {
            handle: h,
            timed: false,
            span,
        }) => span.start >= first && same_field(cg, h, handle),
        Stmt::Event(Event::Call { span, .. }) => {
            span.start >= first
                && cg
                    .calls(m)
                    .iter()
                    .any(|c| c.span == *span && joiners.contains(&c.callee))
        }
        _ => false,
    })
}

/// The code that called the method starting the thread (`registry.start()`, then
/// `registry.names()`): it runs beside the thread from the call on, up to its first join of the
/// thread (itself or through a method that joins it), or to its end. Not the thread's own code.
#[allow(clippy::too_many_arguments)]
fn caller_windows(
    cg: &CallGraph,
    callers: &OnceLock<Callers>,
    spawner: FuncId,
    handle: &Place,
    joiners: &BTreeSet<FuncId>,
    i: usize,
    w: &Context,
    from_first_line: bool,
) -> Vec<Context> {
    let mut out = Vec::new();
    // A caller that returns with the thread still running (no join on its way out) starts it
    // for its own callers too (`main` calling `registry.start()` calling `reader.start()`),
    // up to `STARTER_DEPTH` calls up.
    const STARTER_DEPTH: usize = 3;
    let mut starters: Vec<FuncId> = vec![spawner];
    let mut seen: BTreeSet<FuncId> = BTreeSet::from([spawner]);
    for depth in 0..STARTER_DEPTH {
        let mut next = Vec::new();
        // The functions calling a starter, in function order.
        let index = callers_of(cg, callers);
        let mut calling: Vec<FuncId> = (starters.iter())
            .flat_map(|s| index.get(s).into_iter().flatten().map(|&(f, _)| f))
            .collect();
        calling.sort_unstable();
        calling.dedup();
        for f in calling {
            if seen.contains(&f) || w.reach.contains(&f) {
                continue;
            }
            let Some(call) = cg.calls(f).iter().find(|c| starters.contains(&c.callee)) else {
                continue;
            };
            // A constructor starting the thread on its own object runs once for that object:
            // no later call of it runs beside the thread the first one started.
            let from_first_line = from_first_line && depth == 0 && !constructs_own(cg, f, call);
            let (start, end) = caller_window(cg, f, call.span, handle, joiners, from_first_line);
            // The arm returning right after the call (`self.reader.start(); return`): the
            // function's code beyond it does not run after the call, though `f` returns with
            // the thread still running.
            let runs_to = return_after(&cg.function(f).body, call.span)
                .filter(|_| !from_first_line)
                .map_or(end, |r| r.min(end));
            out.push(Context {
                again: from_first_line,
                ..window_context(cg, f, (start, runs_to), i, w, Some(handle.clone()))
            });
            seen.insert(f);
            if end == u32::MAX {
                next.push(f);
            }
        }
        if next.is_empty() {
            break;
        }
        starters = next;
    }
    out
}

/// Whether `f` is a constructor (`__init__`) making the call `call` on its own object
/// (`self._start()`).
fn constructs_own(cg: &CallGraph, f: FuncId, call: &CallSite) -> bool {
    let func = cg.function(f);
    func.short_name == "__init__"
        && func.class.is_some()
        && call.receiver.is_none_or(
            |r| matches!(r, Place::Param { function, index: 0 } if function.as_str() == func.name),
        )
}

/// The window of `f`, which calls a method starting the thread at `call`: from the call (or
/// the start of the loop around it, or the first line) to its first join of the thread.
fn caller_window(
    cg: &CallGraph,
    f: FuncId,
    call: Span,
    handle: &Place,
    joiners: &BTreeSet<FuncId>,
    from_first_line: bool,
) -> (u32, u32) {
    // A call in a loop (`for job in jobs: pool.submit(job)`) is followed by the loop's next
    // turns: the whole loop runs again beside the thread the first turn started.
    let mut start = if from_first_line { 0 } else { call.end };
    if let Some(turns) = crate::ir::loop_around(&cg.function(f).body, call) {
        start = start.min(turns.start);
    }
    let mut end = u32::MAX;
    for c in cg.calls(f) {
        if c.span.start >= start && c.span.start < end && joiners.contains(&c.callee) {
            end = c.span.start;
        }
    }
    walk_stmts(&cg.function(f).body, &mut |s| {
        if let Stmt::Event(Event::Join {
            handle: h,
            timed: false,
            span,
        }) = s
        {
            if span.start >= start && same_field(cg, h, handle) {
                end = end.min(span.start);
            }
        }
    });
    (start, end)
}

/// The end of the first `return` following the call at `call` in the innermost statement list
/// holding it that has one after it, when that return ends the path the call is on.
fn return_after(body: &[Stmt], call: Span) -> Option<u32> {
    let holds_call = |s: &Stmt| holds_event(std::slice::from_ref(s), call);
    let at = body.iter().position(holds_call)?;
    let mut inner = None;
    body[at].each_body(&mut |b| {
        if inner.is_none() {
            inner = return_after(b, call);
        }
    });
    inner.or_else(|| {
        body[at + 1..].iter().find_map(|x| match x {
            // The returned expression runs before the function leaves.
            Stmt::Return(span) => Some(span.end),
            _ => None,
        })
    })
}

/// Whether the work of `c`, started by `spawner` in its own reach, is started from a loop:
/// the spawn sits in one, or a function of the reach calls `spawner` from one, and no test of
/// the field keeping its handle guards it (nor a started-test under a lock).
fn respawned_in_loop(cg: &CallGraph, c: &Context, spawner: FuncId) -> bool {
    // Started only while the field keeping it holds none (`if not self._runner:`): one at a
    // time, however often the code comes by.
    let f = cg.function(spawner);
    if kept_field(f, c.spawn).is_some_and(|h| started_once(cg, f, c.spawn, h))
        || started_once_under_lock(cg, spawner, c)
    {
        return false;
    }
    let in_loop = |g: FuncId, hit: &dyn Fn(&Event) -> bool| {
        let mut found = false;
        walk_stmts(&cg.function(g).body, &mut |s| {
            if matches!(s, Stmt::Loop { .. }) && !found {
                walk_events(std::slice::from_ref(s), &mut |e| found |= hit(e));
            }
        });
        found
    };
    if in_loop(spawner, &|e| e.span() == c.spawn) {
        return true;
    }
    c.reach.iter().any(|&g| {
        let sites: Vec<Span> = cg
            .calls(g)
            .iter()
            .filter(|site| site.callee == spawner)
            .map(|site| site.span)
            .collect();
        !sites.is_empty()
            && in_loop(
                g,
                &|e| matches!(e, Event::Call { span, .. } if sites.contains(span)),
            )
    })
}

/// Whether the work of context `w` is started under a lock, in a section that first leaves
/// when a field says the work was started (`with self._lock: if self._loop: return
/// self._loop; .. Thread(..).start()`), the field being set later in that section or by the
/// work itself: however many threads run the spawner, one at a time passes the test, so the work
/// does not run many at once for that reason.
fn started_once_under_lock(cg: &CallGraph, spawner: FuncId, w: &Context) -> bool {
    let writes = |e: &Event, field: &Place| match e {
        Event::Access {
            place,
            kind: AccessKind::Write | AccessKind::ReadModifyWrite,
            ..
        } => same_field(cg, place, field),
        Event::Bind { target, .. } => same_field(cg, target, field),
        _ => false,
    };
    let mut found = false;
    walk_stmts(&cg.function(spawner).body, &mut |s| {
        let Stmt::Hold { body, .. } = s else { return };
        let Some(at) = body
            .iter()
            .position(|st| holds_event(std::slice::from_ref(st), w.spawn))
        else {
            return;
        };
        for (j, st) in body[..at].iter().enumerate() {
            let Stmt::Branch { cond, arms, .. } = st else {
                continue;
            };
            let leaves = arms.iter().any(|arm| {
                let mut exits = false;
                walk_stmts(arm, &mut |x| exits |= matches!(x, Stmt::Return(_)));
                exits
            });
            if !leaves {
                continue;
            }
            let tested = cond.iter().filter_map(|c| match c {
                Stmt::Event(Event::Test { place, .. } | Event::Access { place, .. })
                    if matches!(place, Place::Field { .. }) =>
                {
                    Some(place)
                }
                _ => None,
            });
            for field in tested {
                let mut set_here = false;
                walk_events(&body[j + 1..], &mut |e| set_here |= writes(e, field));
                found |= set_here
                    || w.reach
                        .iter()
                        .any(|&g| cg.events(g).iter().any(|e| writes(e, field)));
            }
        }
    });
    found
}

/// Whether the spawn at `spawn` in `f` runs only when a test of the field keeping its handle
/// says there is none yet (`if self._thread is None: self._thread = Thread(..)`).
fn started_once(cg: &CallGraph, f: &Function, spawn: Span, handle: &Place) -> bool {
    let mut found = false;
    walk_stmts(&f.body, &mut |s| {
        let Stmt::Branch { cond, arms, .. } = s else {
            return;
        };
        let tests_handle = cond.iter().any(|c| {
            matches!(c, Stmt::Event(Event::Test { place, .. } | Event::Access { place, .. })
                if same_field(cg, place, handle))
        });
        let in_arm = || arms.iter().any(|arm| holds_event(arm, spawn));
        found |= tests_handle && in_arm();
    });
    found
}

/// The field that keeps the handle of the spawn at `spawn`: its handle, or the field `f`
/// stores the local handle in (`t = Thread(..); self._t = t; t.start()`).
fn kept_field(f: &Function, spawn: Span) -> Option<&Place> {
    let handle = spawn_handle(f, spawn)?;
    if matches!(handle, Place::Field { .. }) {
        return Some(handle);
    }
    let mut kept = None;
    walk_stmts(&f.body, &mut |s| {
        if let Stmt::Event(Event::Bind {
            target: target @ Place::Field { .. },
            value: Some(v),
            ..
        }) = s
        {
            if v == handle && kept.is_none() {
                kept = Some(target);
            }
        }
    });
    kept
}

/// The functions that join the thread kept in `field` for good, themselves or through calls
/// (up to a few levels: a `close()` stopping it through `_shutdown()` and `_stop_threads()`).
fn joiners_of(cg: &CallGraph, field: &Place) -> BTreeSet<FuncId> {
    let mut joiners: BTreeSet<FuncId> = cg
        .ids()
        .filter(|&g| {
            cg.events(g).iter().any(|e| {
                matches!(e, Event::Join { handle: h, timed: false, .. } if same_field(cg, h, field))
            })
        })
        .collect();
    if joiners.is_empty() {
        return joiners;
    }
    for _ in 0..4 {
        let callers: Vec<FuncId> = cg
            .ids()
            .filter(|&g| {
                !joiners.contains(&g) && cg.calls(g).iter().any(|c| joiners.contains(&c.callee))
            })
            .collect();
        if callers.is_empty() {
            break;
        }
        joiners.extend(callers);
    }
    joiners
}

/// Whether two places are one field of `self` seen from methods of related classes.
fn same_field(cg: &CallGraph, a: &Place, b: &Place) -> bool {
    match (a, b) {
        (
            Place::Field {
                class: ka,
                field: fa,
            },
            Place::Field {
                class: kb,
                field: fb,
            },
        ) => {
            fa == fb && {
                let (ka, kb) = (cg.canonical_name(ka), cg.canonical_name(kb));
                ka == kb || cg.ancestors(&ka).contains(&kb) || cg.ancestors(&kb).contains(&ka)
            }
        }
        _ => a == b,
    }
}

/// The entry the spawn starts and, for a bound method target, the class of its instance.
fn spawns_in(
    cg: &CallGraph,
    models: &Models,
    callers: &OnceLock<Callers>,
    id: FuncId,
    f: &Function,
    out: &mut Vec<Context>,
) {
    let looped = looped_events(&f.body);
    let repeated = repeated_events(&f.body);
    let mut looped_caller: Option<bool> = None;
    let retried = retried_spawns(&f.body);
    walk_stmts(&f.body, &mut |s| {
        let Stmt::Event(Event::Spawn {
            target: Some(target),
            receiver,
            ctx,
            api,
            span,
            args,
            once,
            ..
        }) = s
        else {
            return;
        };
        if retried.contains(&(span.start, span.end)) {
            return;
        }
        if let Some(m) = models
            .spawn_constructor(api)
            .filter(|m| !m.handler_entry.is_empty())
        {
            handler_entries(cg, models, m, id, target, *ctx, *span, out);
            return;
        }
        let targets: Vec<(FuncId, Callee, Option<Place>, bool)> = match cg.resolve(target) {
            Some(entry) => vec![(entry, target.clone(), receiver.clone(), false)],
            None => {
                let mut found = param_targets(cg, callers, id, f, target);
                if found.is_empty() {
                    found.extend(private_method_target(cg, id, target, receiver.as_ref()));
                }
                found
            }
        };
        for (entry, target, receiver, caller_looped) in targets {
            // A thread runs a callable and drops what it returns: a target whose function
            // returns a nested function of its own (`Thread(target=make_checker(jobs))`) was
            // called here, as a factory, and the thread runs the function it made.
            let (entry, target) = match made_by_factory(cg, entry, *ctx) {
                Some(made) => (made, Callee::Path(Name::new(&cg.function(made).name))),
                None => (entry, target),
            };
            let target = &target;
            let receiver = &receiver;
            // A thread joined later in the same turn of its loop (`t.start(); t.join()`) never
            // overlaps the runs of other turns.
            // A start followed in its turn by a way out of the loop (`t.start(); return`)
            // starts one thread per call, unless a caller makes that call from a loop.
            let key = (span.start, span.end);
            let repeats = repeated.contains(&key)
                || (looped.contains(&key)
                    && *looped_caller.get_or_insert_with(|| called_in_loop(cg, callers, id)));
            let repeated_here = repeats && !joined_each_turn(f, *span) && !once;
            let in_loop = repeated_here || caller_looped;
            let model = spawn_model(cg, models, id, api);
            let mapped = is_map_api(models, api);
            // A pool of one worker (`once`) runs even a map's jobs one at a time.
            let many = in_loop || (mapped && !once) || model.is_some_and(|m| m.many);
            let joined = model.is_some_and(|m| m.joined);
            // Tasks of a multi-threaded runtime run in parallel, like threads.
            let kind = match model {
                Some(m) if m.parallel && *ctx == ExecCtx::Task => ExecCtx::Thread,
                _ => *ctx,
            };
            // A subclass entry (`Worker().start()` running `Worker.run`) gets a fresh instance per
            // spawn; a bound method target (`Thread(target=self.loop)`) shares its object.
            let mut own_object = false;
            let instance = match target {
                Callee::Method { class, method } => {
                    let fresh = cg.ancestors(class).iter().any(|a| {
                        models
                            .spawn_constructor(a)
                            .is_some_and(|m| m.subclass_entry.as_deref() == Some(method.as_str()))
                    });
                    // The object the bound method runs on: the spawner's own (`target=self.loop`)
                    // is shared with it; a module-level one (`target=server.serve`) with everyone;
                    // a local or another parameter is this spawn site's. Without a receiver place,
                    // only a method of the spawner's class is taken to be on its `self`.
                    let class = cg.canonical_name(class);
                    let own = f.class.as_deref().is_some_and(|c| {
                        let c = cg.canonical_name(c);
                        c == class || cg.ancestors(&c).contains(&class)
                    });
                    let on_self = matches!(receiver, Some(Place::Param { index: 0, .. }))
                        && f.class.is_some();
                    // One object for every run this site starts: a pool's `map` over a bound
                    // method, or a spawn in a loop on an object bound once before it
                    // (`r = Resolver()`, then `for ..: Thread(target=r.lookup)`).
                    let one_object = receiver.as_ref().is_some_and(|r| {
                        mapped || (in_loop && !caller_looped && bound_once_outside(f, *span, r))
                    });
                    match receiver {
                        Some(Place::Global(_)) => Some((class, false)),
                        Some(Place::Local { .. } | Place::Param { .. })
                            if one_object && !on_self =>
                        {
                            Some((class, false))
                        }
                        Some(Place::Local { .. } | Place::Param { .. }) if !on_self => {
                            own_object = true;
                            Some((class, true))
                        }
                        _ => {
                            // A start in the constructor on its own object (`Thread(target=
                            // self._run)` in `__init__`) runs on the object that construction
                            // made, once per call: two runs never share it.
                            let once_per_call = !repeated_here
                                && (!mapped || *once)
                                && !model.is_some_and(|m| m.many);
                            own_object =
                                fresh || (own && once_per_call && f.short_name == "__init__");
                            Some((class, fresh || !own))
                        }
                    }
                }
                // A closure of the spawner reading its `self` (`pool.map(lambda k:
                // self.lookup(k), keys)`) runs on the spawner's object.
                Callee::Path(_) => match (receiver, f.class.as_deref()) {
                    (Some(Place::Param { function, index: 0 }), Some(class))
                        if *function == f.name =>
                    {
                        Some((cg.canonical_name(class), false))
                    }
                    _ => None,
                },
                _ => None,
            };
            // The arguments, with the call sites that pass them: the spawn's, and those of the
            // constructions of a thread object started here (`Worker(stats, n)`), which keeps
            // what it is given.
            let fresh = |p: &Place, site: Span| {
                in_loop
                    && !caller_looped
                    && matches!(p, Place::Local { .. })
                    && !bound_once_outside(f, site, p)
            };
            let mut passed: Vec<Place> = args.iter().flatten().cloned().collect();
            let mut fresh_args: Vec<Place> =
                passed.iter().filter(|p| fresh(p, *span)).cloned().collect();
            let mut handed_fields = Vec::new();
            // What such a constructor keeps of its own parameters is what its callers hand
            // each object (`self.results = results`): the same object in every run.
            if own_object && f.short_name == "__init__" && f.class.is_some() {
                handed_fields.extend(cg.events(id).iter().filter_map(|e| match e {
                    Event::Bind {
                        target: Place::Field { field, .. },
                        value: Some(Place::Param { function, index }),
                        ..
                    } if *index > 0 && function.as_str() == f.name.as_str() => Some(*field),
                    _ => None,
                }));
            }
            if let (true, None, Callee::Method { class, .. }) = (own_object, receiver, target) {
                for c in constructions(cg, id, class) {
                    for (p, fields) in c.passed {
                        if fresh(p, c.span) {
                            fresh_args.push(p.clone());
                        } else {
                            handed_fields.extend(fields);
                        }
                        passed.push(p.clone());
                    }
                }
            }
            let mut reach = vec![entry];
            extend_reach(cg, models, &[], &mut reach);
            out.push(Context {
                entry,
                kind,
                spawn: *span,
                spawner: Some(id),
                many,
                many_here: many,
                instance,
                own_object,
                receiver: receiver.clone(),
                window: None,
                skipped: Vec::new(),
                creator_of: None,
                args: passed,
                fresh_args,
                handed_fields,
                arms: arms_around(&f.body, *span).unwrap_or_default(),
                done: awaited_at(&f.body, *span)
                    .or_else(|| done_at(&f.body, *span, spawn_handle(f, *span), api.as_str())),
                awaited_in: awaited_by_caller(cg, callers, id, f, *span),
                reach,
                per_request: false,
                joined,
                shared_attrs: Vec::new(),
                kept_in: None,
                again: false,
            });
        }
    });
}

/// The branch arms enclosing the statement at `at`, outermost first (see `Context::arms`).
pub(crate) fn arms_around(body: &[Stmt], at: Span) -> Option<Vec<(u32, u32)>> {
    for s in body {
        match s {
            Stmt::Event(e) if e.span() == at => return Some(Vec::new()),
            Stmt::Branch { cond, arms, span } => {
                if let Some(p) = arms_around(cond, at) {
                    return Some(p);
                }
                for (i, arm) in arms.iter().enumerate() {
                    if let Some(mut p) = arms_around(arm, at) {
                        p.insert(0, (span.start, i as u32));
                        return Some(p);
                    }
                }
            }
            other => {
                let mut found = None;
                other.each_body(&mut |b| {
                    if found.is_none() {
                        found = arms_around(b, at);
                    }
                });
                if found.is_some() {
                    return found;
                }
            }
        }
    }
    None
}

/// Whether two contexts are started in different arms of one branch of one spawner, each
/// once: one call of the spawner starts one or the other.
pub fn exclusive_spawns(a: &Context, b: &Context) -> bool {
    let finished_before = |x: &Context, y: &Context| x.done.is_some_and(|d| d <= y.spawn.start);
    if a.awaited_in.is_some() && a.awaited_in == b.awaited_in && !a.many && !b.many {
        return true;
    }
    a.spawner.is_some()
        && a.spawner == b.spawner
        && !a.many
        && !b.many
        && (a
            .arms
            .iter()
            .any(|(s, i)| b.arms.iter().any(|(t, j)| s == t && i != j))
            // `t1.start(); t1.join(); t2.start()`: one after the other.
            || finished_before(a, b)
            || finished_before(b, a))
}

/// Whether two contexts are started on `self` by a method and its override in a subclass
/// (`Halo.start` and `HaloNotebook.start`, each `Thread(target=self.render)`) that does not
/// call the method it overrides: an object runs one of the two, so the threads never share
/// its fields.
pub fn alternative_starts(cg: &CallGraph, a: &Context, b: &Context) -> bool {
    let (Some(sa), Some(sb)) = (a.spawner, b.spawner) else {
        return false;
    };
    if sa == sb || a.many || b.many {
        return false;
    }
    let (fa, fb) = (cg.function(sa), cg.function(sb));
    let (Some(ca), Some(cb)) = (fa.class.as_deref(), fb.class.as_deref()) else {
        return false;
    };
    let on_self = |c: &Context, f: &crate::ir::Function| matches!(&c.receiver, Some(Place::Param { function, index: 0 }) if *function == f.name);
    if fa.short_name != fb.short_name || !on_self(a, fa) || !on_self(b, fb) {
        return false;
    }
    let derives = |sub: &str, base: &str| {
        let base = cg.canonical_name(base);
        cg.ancestors(sub).contains(&base)
    };
    let (derived, base) = if derives(ca, cb) {
        (sa, sb)
    } else if derives(cb, ca) {
        (sb, sa)
    } else {
        return false;
    };
    // `super().start()` in the override starts both.
    !cg.calls(derived).iter().any(|c| c.callee == base)
}

/// `await loop.run_in_executor(None, f)`, `await asyncio.to_thread(f)`: the work started at
/// `spawn` has finished when the `await` around it returns.
fn awaited_at(body: &[Stmt], spawn: Span) -> Option<u32> {
    let mut out = None;
    walk_stmts(body, &mut |s| {
        if let Stmt::Event(Event::Await { span }) = s {
            if crate::analysis::flow::encloses(*span, spawn) && out.is_none() {
                out = Some(span.end);
            }
        }
    });
    out
}

/// The start of the first `await` after `after` whose expression uses the future in `handle`
/// (`await fut`, `await asyncio.shield(fut)`): the work is done when it returns.
fn awaited_handle(f: &Function, handle: &Place, after: u32) -> Option<u32> {
    let mut uses: Vec<Span> = Vec::new();
    let mut awaits: Vec<Span> = Vec::new();
    walk_stmts(&f.body, &mut |s| match s {
        Stmt::Event(Event::Await { span }) if span.start >= after => awaits.push(*span),
        Stmt::Event(e)
            if e.span().start >= after && crate::analysis::flow::uses(e, handle, &[]) =>
        {
            uses.push(e.span())
        }
        _ => {}
    });
    awaits
        .into_iter()
        .filter(|a| uses.iter().any(|u| crate::analysis::flow::encloses(*a, *u)))
        .map(|a| a.start)
        .min()
}

/// Where the work started at `spawn` has finished on every path that started it (see
/// [`Context::done`]).
fn done_at(body: &[Stmt], spawn: Span, handle: Option<&Place>, api: &str) -> Option<u32> {
    let contains = |s: &Stmt| holds_event(std::slice::from_ref(s), spawn);
    let i = body.iter().position(contains)?;
    let st = &body[i];
    if !matches!(st, Stmt::Event(_)) {
        // `with ThreadPoolExecutor() as ex: ex.map(..)`: the block ends with the pool's shutdown.
        if let Stmt::Block(b) = st {
            let pool_block = matches!(b.first(), Some(Stmt::Event(Event::Open { managed: true, api: open, .. }))
                if api.strip_prefix(open.as_str()).is_some_and(|m| m.starts_with('.')));
            if pool_block {
                return b.iter().map(stmt_end).max();
            }
        }
        let mut inner = None;
        st.each_body(&mut |b| {
            if inner.is_none() {
                inner = done_at(b, spawn, handle, api);
            }
        });
        if inner.is_some() {
            return inner;
        }
    }
    // `pool.shutdown()` after `pool.map(..)` or `pool.submit(..)`, in the same body: it waits
    // for the pool's work (a `shutdown(wait=False)`, whose keyword the IR does not keep, is
    // rare before the code that depends on the work).
    let shutdown = body[i + 1..].iter().find_map(|s| match s {
        Stmt::Event(Event::Close {
            resource: Place::Local { .. },
            span,
        }) if pool_closed(body, s, api) => Some(span.start),
        _ => None,
    });
    if shutdown.is_some() {
        return shutdown;
    }
    // A join with a timeout (`t.join(5)`) may return while the thread still runs.
    let handle = handle?;
    body[i + 1..].iter().find_map(|s| match s {
        Stmt::Event(Event::Join {
            handle: h,
            timed: false,
            span,
        }) if h == handle => Some(span.start),
        _ => None,
    })
}

/// Whether `close` (a `Close` event of `body`) closes a local opened in `body` as the pool whose
/// method `api` is (`concurrent.futures.ThreadPoolExecutor.map`).
fn pool_closed(body: &[Stmt], close: &Stmt, api: &str) -> bool {
    let Stmt::Event(Event::Close { resource, .. }) = close else {
        return false;
    };
    body.iter().any(|s| {
        matches!(s, Stmt::Event(Event::Open { resource: Some(r), api: open, .. })
            if r == resource && api.strip_prefix(open.as_str()).is_some_and(|m| m.starts_with('.')))
    })
}

/// The end of a statement's source range, as far as its events and sub-bodies tell.
fn stmt_end(s: &Stmt) -> u32 {
    let mut end = 0;
    walk_stmts(std::slice::from_ref(s), &mut |x| {
        if let Stmt::Event(e) = x {
            end = end.max(e.span().end);
        }
    });
    end
}

/// What one construction of a thread object passes its constructor: the places, and for each
/// the fields of the object `__init__` keeps it in (`self.stats = stats`).
struct Construction<'p> {
    span: Span,
    passed: Vec<(&'p Place, Vec<Name>)>,
}

/// The constructions of `class` (or of a class deriving from it) in function `id`.
fn constructions<'p>(cg: &'p CallGraph, id: FuncId, class: &str) -> Vec<Construction<'p>> {
    let class = cg.canonical_name(class);
    let mut out = Vec::new();
    for e in cg.events(id) {
        let Event::Call {
            callee: Callee::Path(p),
            args,
            kwargs,
            span,
            ..
        } = e
        else {
            continue;
        };
        let made = cg.canonical_name(p);
        if made != class && !cg.ancestors(&made).contains(&class) {
            continue;
        }
        out.push(construction(cg, &made, args, kwargs, *span));
    }
    out
}

/// One construction of `class` with these arguments, mapped to the fields `__init__` binds
/// from its parameters.
fn construction<'p>(
    cg: &CallGraph,
    class: &str,
    args: &'p [Option<Place>],
    kwargs: &'p [(Name, Place)],
    span: Span,
) -> Construction<'p> {
    let init = cg.resolve_method(class, "__init__");
    let fields_of = |index: Option<usize>| -> Vec<Name> {
        let (Some(init), Some(index)) = (init, index) else {
            return Vec::new();
        };
        let name = &cg.function(init).name;
        cg.events(init)
            .iter()
            .filter_map(|e| match e {
                Event::Bind {
                    target: Place::Field { field, .. },
                    value: Some(Place::Param { function, index: i }),
                    ..
                } if *i as usize == index && function.as_str() == name => Some(*field),
                _ => None,
            })
            .collect()
    };
    let offset = init.map_or(1, |i| receiver_offset(cg.function(i), args));
    let mut passed = Vec::new();
    for (i, a) in args.iter().enumerate() {
        if let Some(p) = a {
            passed.push((p, fields_of(Some(i + offset))));
        }
    }
    for (k, p) in kwargs {
        let index = init.and_then(|i| {
            cg.function(i)
                .params
                .iter()
                .position(|n| n.as_str() == k.as_str())
        });
        passed.push((p, fields_of(index)));
    }
    Construction { span, passed }
}

/// Call sites of each function: (caller, index into the caller's `calls`).
type Callers = HashMap<FuncId, Vec<(FuncId, usize)>>;

/// Every call site of each function, as (caller, index in its `calls`), built once.
fn callers_of<'c>(cg: &CallGraph, callers: &'c OnceLock<Callers>) -> &'c Callers {
    callers.get_or_init(|| {
        let mut callers: Callers = HashMap::default();
        for id in cg.ids() {
            for (i, site) in cg.calls(id).iter().enumerate() {
                callers.entry(site.callee).or_default().push((id, i));
            }
        }
        callers
    })
}

/// Whether `f` returns the handle of the work it starts at `spawn`: in the `return` statement
/// (`return pool.submit(self._run)`), or through a local bound to the return slot.
fn returns_spawn(f: &Function, spawn: Span) -> bool {
    let handle = spawn_handle(f, spawn);
    let mut returned = false;
    walk_stmts(&f.body, &mut |s| match s {
        Stmt::Return(r) => returned |= crate::analysis::flow::encloses(*r, spawn),
        Stmt::Event(Event::Bind {
            target: Place::Local { name, .. },
            value: Some(v),
            ..
        }) if name.as_str() == crate::analysis::params::RETURN_SLOT => {
            returned |= Some(v) == handle;
        }
        _ => {}
    });
    returned
}

/// The creator contexts of work a function starts and returns the handle of (`def
/// summarize_async(self, text): return self._pool.submit(self._summarize, text)`): each caller
/// keeping that handle in a local runs beside the work from the call up to its first wait on
/// the local (the handle's waiting method, `future.result()`, a join, or an `await` of it), or
/// to its end. A caller handing the handle straight on (returning it, passing it) is left out.
fn returned_handle_windows(
    cg: &CallGraph,
    models: &Models,
    callers: &OnceLock<Callers>,
    i: usize,
    w: &Context,
) -> Vec<Context> {
    let Some(spawner) = w.spawner_beside() else {
        return Vec::new();
    };
    let f = cg.function(spawner);
    if !returns_spawn(f, w.spawn) {
        return Vec::new();
    }
    let mut api = None;
    walk_events(&f.body, &mut |e| {
        if let Event::Spawn { api: a, span, .. } = e {
            if *span == w.spawn {
                api = Some(*a);
            }
        }
    });
    let Some(api) = api else {
        return Vec::new();
    };
    // What waits for the work through its handle: the pool's future's waits, or the thread's
    // joins.
    let waits: Vec<&str> = match models.executors().find(|ex| {
        api.strip_prefix(ex.new.as_str())
            .is_some_and(|m| m.starts_with('.'))
    }) {
        Some(ex) => ex.handle_waits.iter().map(String::as_str).collect(),
        None => (models.spawn_constructor(&api).into_iter())
            .flat_map(|m| m.join.iter().map(String::as_str))
            .collect(),
    };
    let mut out = Vec::new();
    for &(caller, k) in callers_of(cg, callers).get(&spawner).into_iter().flatten() {
        if caller == spawner || w.reach.contains(&caller) {
            continue;
        }
        let g = cg.function(caller);
        let call = cg.calls(caller)[k].span;
        let crate::analysis::flow::Fate::Bound(places) =
            crate::analysis::flow::fate(&g.body, call, &|_| false)
        else {
            continue;
        };
        let [handle @ Place::Local { .. }] = places.as_slice() else {
            continue;
        };
        let start = call.end;
        let mut end = u32::MAX;
        walk_events(&g.body, &mut |e| match e {
            Event::MethodCall {
                place,
                method,
                span,
                ..
            } if place == handle
                && span.start >= start
                && waits.iter().any(|m| *m == method.as_str()) =>
            {
                end = end.min(span.start);
            }
            Event::Join {
                handle: h,
                timed: false,
                span,
            } if h == handle && span.start >= start => end = end.min(span.start),
            _ => {}
        });
        if let Some(awaited) = awaited_handle(g, handle, start) {
            end = end.min(awaited);
        }
        out.push(window_context(cg, caller, (start, end), i, w, None));
    }
    out
}

/// See [`Context::awaited_in`]: the spawn at `spawn` is returned by `f` (in the `return`
/// statement, or through a local bound to the return slot), and every call of `f` is awaited in
/// one function.
fn awaited_by_caller(
    cg: &CallGraph,
    callers: &OnceLock<Callers>,
    id: FuncId,
    f: &Function,
    spawn: Span,
) -> Option<FuncId> {
    if !returns_spawn(f, spawn) {
        return None;
    }
    let sites = callers_of(cg, callers).get(&id)?;
    let mut awaiting = None;
    for &(caller, i) in sites {
        if awaiting.is_some_and(|a| a != caller) {
            return None;
        }
        let call = cg.calls(caller)[i].span;
        let mut awaited = false;
        walk_stmts(&cg.function(caller).body, &mut |s| {
            if let Stmt::Event(Event::Await { span }) = s {
                // `await self._read()` itself, not `await gather(self._read(), ..)`.
                awaited |= crate::analysis::flow::encloses(*span, call) && span.end == call.end;
            }
        });
        if !awaited {
            return None;
        }
        awaiting = Some(caller);
    }
    awaiting
}

/// A spawn whose target is a parameter of the spawner (`def start(self, target):
/// Thread(target=target)`): the functions its callers pass there (`self.start(self.work)`),
/// with the receiver (the caller's `self` for a method of it) and whether the call is in a loop.
fn param_targets(
    cg: &CallGraph,
    callers: &OnceLock<Callers>,
    spawner: FuncId,
    f: &Function,
    target: &Callee,
) -> Vec<(FuncId, Callee, Option<Place>, bool)> {
    let Callee::Dynamic { method: name } = target else {
        return Vec::new();
    };
    let Some(index) = f.params.iter().position(|p| p == name) else {
        return Vec::new();
    };
    let offset = usize::from(f.class.is_some() && f.params.first().is_some_and(|p| p == "self"));
    let Some(arg) = index.checked_sub(offset) else {
        return Vec::new();
    };
    let callers = callers_of(cg, callers);
    let mut out = Vec::new();
    for &(caller, i) in callers.get(&spawner).map(Vec::as_slice).unwrap_or_default() {
        let site = &cg.calls(caller)[i];
        let caller_fn = cg.function(caller);
        let resolved = match site.args.get(arg).cloned().flatten() {
            Some(Place::Field { class, field }) => cg.resolve_method(&class, &field).map(|e| {
                (
                    e,
                    Callee::Method {
                        class,
                        method: field,
                    },
                )
            }),
            Some(Place::Global(q)) => cg.resolve_path(&q).map(|e| (e, Callee::Path(q))),
            _ => None,
        };
        let Some((entry, callee)) = resolved else {
            continue;
        };
        // `self.work` passed from a method: the bound method runs on the caller's `self`.
        let receiver = match &callee {
            Callee::Method { .. } if caller_fn.class.is_some() => Some(Place::Param {
                function: Name::new(&caller_fn.name),
                index: 0,
            }),
            _ => None,
        };
        let looped = looped_events(&caller_fn.body).contains(&(site.span.start, site.span.end));
        out.push((entry, callee, receiver, looped));
    }
    out
}

/// The function a thread's target made, when the target is a plain function of the program
/// returning one nested function of its own (a factory called in the spawn's arguments).
/// Tasks are left alone: `create_task(coro())` runs the coroutine function itself.
fn made_by_factory(cg: &CallGraph, entry: FuncId, ctx: ExecCtx) -> Option<FuncId> {
    if ctx == ExecCtx::Task || cg.function(entry).is_async {
        return None;
    }
    let made = cg.returned_function(entry)?;
    let nested = cg
        .function(made)
        .name
        .strip_prefix(cg.function(entry).name.as_str())
        .is_some_and(|rest| rest.starts_with(".<locals>."));
    nested.then_some(made)
}

/// A bound method of an object of unknown type handed to a spawn (`Thread(target=
/// manager._start_runner)` with `manager` a parameter nothing types) whose name is private to
/// a class (one leading underscore) and that exactly one Python class of the program defines
/// (or of the spawner's module, where several do): that class's method, on that object.
fn private_method_target(
    cg: &CallGraph,
    spawner: FuncId,
    target: &Callee,
    receiver: Option<&Place>,
) -> Option<(FuncId, Callee, Option<Place>, bool)> {
    let Callee::Dynamic { method } = target else {
        return None;
    };
    let receiver = receiver?;
    if !method.starts_with('_') || method.starts_with("__") {
        return None;
    }
    let defining: Vec<FuncId> = cg
        .ids()
        .filter(|&g| {
            let func = cg.function(g);
            func.class.is_some()
                && func.short_name == method.as_str()
                && cg.module_of(g).lang == crate::source::Lang::Python
        })
        .collect();
    // Several classes define it: the one of the spawner's own module, if it is alone there.
    let entry = match defining[..] {
        [one] => one,
        _ => {
            let here: Vec<FuncId> = defining
                .into_iter()
                .filter(|&g| std::ptr::eq(cg.module_of(g), cg.module_of(spawner)))
                .collect();
            match here[..] {
                [one] => one,
                _ => return None,
            }
        }
    };
    let class = cg.function(entry).class.clone()?;
    let callee = Callee::Method {
        class: Name::new(&class),
        method: *method,
    };
    Some((entry, callee, Some(receiver.clone()), false))
}

/// The request-handler methods a threading server runs, one context per method: the handler
/// class (the spawn's target) and its ancestors in the program are searched for methods the
/// model names, and the most derived override of each runs once per request, many at once.
#[allow(clippy::too_many_arguments)]
fn handler_entries(
    cg: &CallGraph,
    models: &Models,
    m: &SpawnModel,
    spawner: FuncId,
    target: &Callee,
    kind: ExecCtx,
    span: Span,
    out: &mut Vec<Context>,
) {
    let Callee::Path(path) = target else {
        return;
    };
    let class = cg.canonical_name(path);
    if cg.class(&class).is_none() {
        return;
    }
    let mut lineage: BTreeSet<String> = cg.ancestors(&class).into_iter().collect();
    lineage.insert(class.clone());
    let mut names: BTreeSet<&str> = BTreeSet::new();
    for id in cg.ids() {
        let f = cg.function(id);
        let in_lineage = f
            .class
            .as_deref()
            .is_some_and(|c| lineage.contains(&cg.canonical_name(c)));
        if in_lineage
            && m.handler_entry
                .iter()
                .any(|p| name_matches(p, &f.short_name))
        {
            names.insert(f.short_name.as_str());
        }
    }
    let mut entries: Vec<FuncId> = names
        .into_iter()
        .filter_map(|n| cg.resolve_method(&class, n))
        .collect();
    entries.sort();
    entries.dedup();
    for entry in entries {
        let mut reach = vec![entry];
        extend_reach(cg, models, &[], &mut reach);
        out.push(Context {
            entry,
            kind,
            spawn: span,
            spawner: Some(spawner),
            many: true,
            many_here: true,
            instance: Some((class.clone(), true)),
            own_object: true,
            receiver: None,
            window: None,
            skipped: Vec::new(),
            creator_of: None,
            args: Vec::new(),
            fresh_args: Vec::new(),
            handed_fields: Vec::new(),
            arms: Vec::new(),
            done: None,
            awaited_in: None,
            reach,
            per_request: true,
            joined: false,
            shared_attrs: m.handler_shared.clone(),
            kept_in: None,
            again: false,
        });
    }
}

/// A model's method-name pattern: exact, or a prefix when it ends in `*` (`do_*`).
fn name_matches(pattern: &str, name: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix) && name.len() > prefix.len(),
        None => pattern == name,
    }
}

/// `run` of a `Thread` subclass (any class whose ancestors include a spawn model with a
/// `subclass_entry`), started where an instance is constructed.
fn subclass_entries(cg: &CallGraph, models: &Models, out: &mut Vec<Context>) {
    let entries: HashMap<&str, (&str, ExecCtx)> = models
        .spawns()
        .filter_map(|m| {
            let new = m.new.as_deref()?;
            let entry = m.subclass_entry.as_deref()?;
            Some((new, (entry, context_kind(&m.context)?)))
        })
        .collect();
    if entries.is_empty() {
        return;
    }
    let mut classes: BTreeSet<String> = BTreeSet::new();
    for m in &cg.program().modules {
        for c in &m.classes {
            classes.insert(c.name.clone());
        }
    }
    // Construction sites of the classes that run an entry, the only ones looked up below.
    let started: HashSet<&str> = classes
        .iter()
        .filter(|class| {
            cg.ancestors(class)
                .iter()
                .any(|a| entries.contains_key(a.as_str()))
        })
        .map(String::as_str)
        .collect();
    // (constructing function, in a loop, what the constructor is passed)
    let mut sites: HashMap<String, Vec<(FuncId, bool, Construction)>> = HashMap::default();
    for id in cg.ids() {
        if started.is_empty() {
            break;
        }
        let mut looped = None;
        for e in cg.events(id) {
            if let Event::Call {
                callee: Callee::Path(p),
                args,
                kwargs,
                span,
                ..
            } = e
            {
                let class = cg.canonical_name(p);
                if !started.contains(class.as_str()) {
                    continue;
                }
                let looped = looped.get_or_insert_with(|| looped_events(&cg.function(id).body));
                let in_loop = looped.contains(&(span.start, span.end));
                let made = construction(cg, &class, args, kwargs, *span);
                sites.entry(class).or_default().push((id, in_loop, made));
            }
        }
    }
    for class in classes {
        let Some((entry_name, kind)) = cg
            .ancestors(&class)
            .iter()
            .find_map(|a| entries.get(a.as_str()).copied())
        else {
            continue;
        };
        let Some(entry) = cg.resolve_method(&class, entry_name) else {
            continue;
        };
        // The front-end already saw where it is started.
        if out.iter().any(|c| c.entry == entry) {
            continue;
        }
        // The entry must be the subclass's own override, not the library's.
        let mut reach = vec![entry];
        extend_reach(cg, models, &[], &mut reach);
        let here = sites.remove(&class).unwrap_or_default();
        if here.is_empty() {
            // Constructed somewhere we cannot see (a server makes one per request): it can
            // run many times, and nobody else holds the instance.
            out.push(Context {
                entry,
                kind,
                spawn: cg.function(entry).span,
                spawner: None,
                many: true,
                many_here: true,
                instance: Some((class.clone(), true)),
                own_object: true,
                receiver: None,
                window: None,
                skipped: Vec::new(),
                creator_of: None,
                args: Vec::new(),
                fresh_args: Vec::new(),
                handed_fields: Vec::new(),
                arms: Vec::new(),
                done: None,
                awaited_in: None,
                reach,
                per_request: false,
                joined: false,
                shared_attrs: Vec::new(),
                kept_in: None,
                again: false,
            });
            continue;
        }
        for (spawner, in_loop, made) in here {
            let f = cg.function(spawner);
            let span = made.span;
            let (mut args, mut fresh_args, mut handed_fields) =
                (Vec::new(), Vec::new(), Vec::new());
            for (p, fields) in made.passed {
                if in_loop && matches!(p, Place::Local { .. }) && !bound_once_outside(f, span, p) {
                    fresh_args.push(p.clone());
                } else {
                    handed_fields.extend(fields);
                }
                args.push(p.clone());
            }
            out.push(Context {
                entry,
                kind,
                spawn: span,
                spawner: Some(spawner),
                many: in_loop,
                many_here: in_loop,
                instance: Some((class.clone(), true)),
                own_object: true,
                receiver: None,
                window: None,
                skipped: Vec::new(),
                creator_of: None,
                args,
                fresh_args,
                handed_fields,
                arms: arms_around(&f.body, span).unwrap_or_default(),
                done: None,
                awaited_in: None,
                reach: reach.clone(),
                per_request: false,
                joined: false,
                shared_attrs: Vec::new(),
                kept_in: None,
                again: false,
            });
        }
    }
}

/// Spans of the spawns in a `try` handler that start the same target into the same handle as
/// a spawn of the `try` body: `try: t.start() except RuntimeError: ...; t.start()` starts
/// again what failed to start, one thread, not a second one.
fn retried_spawns(body: &[Stmt]) -> BTreeSet<(u32, u32)> {
    fn spawns(body: &[Stmt]) -> Vec<(&Callee, &Place, Span)> {
        let mut out = Vec::new();
        walk_stmts(body, &mut |s| {
            if let Stmt::Event(Event::Spawn {
                target: Some(target),
                handle: Some(handle),
                span,
                ..
            }) = s
            {
                out.push((target, handle, *span));
            }
        });
        out
    }
    let mut out = BTreeSet::new();
    walk_stmts(body, &mut |s| {
        if let Stmt::Try { body, handlers, .. } = s {
            let tried = spawns(body);
            if tried.is_empty() {
                return;
            }
            for h in handlers {
                for (target, handle, span) in spawns(h) {
                    if tried.iter().any(|(t, p, _)| *t == target && *p == handle) {
                        out.insert((span.start, span.end));
                    }
                }
            }
        }
    });
    out
}

/// Spans of the events nested in a loop (its condition or body). Found by structure, not by
/// span containment: a front-end may give a loop only its keyword's span.
fn looped_events(body: &[Stmt]) -> BTreeSet<(u32, u32)> {
    let mut out = BTreeSet::new();
    walk_stmts(body, &mut |s| {
        if let Stmt::Loop { cond, body, .. } = s {
            for part in [cond, body] {
                walk_stmts(part, &mut |t| {
                    if let Stmt::Event(e) = t {
                        let sp = e.span();
                        out.insert((sp.start, sp.end));
                    }
                });
            }
        }
    });
    out
}

/// Of [`looped_events`], those a later turn of a loop can run again: not those every path
/// from which leaves the loop in the same turn (a search loop starting the one match).
fn repeated_events(body: &[Stmt]) -> BTreeSet<(u32, u32)> {
    let mut out = BTreeSet::new();
    walk_stmts(body, &mut |s| {
        if let Stmt::Loop { cond, body, .. } = s {
            walk_stmts(cond, &mut |t| {
                if let Stmt::Event(e) = t {
                    let sp = e.span();
                    out.insert((sp.start, sp.end));
                }
            });
            repeated_in_turn(body, false, false, &mut out);
        }
    });
    out
}

/// Whether some caller calls `id` from inside a loop.
fn called_in_loop(cg: &CallGraph, callers: &OnceLock<Callers>, id: FuncId) -> bool {
    callers_of(cg, callers)
        .get(&id)
        .into_iter()
        .flatten()
        .any(|&(caller, i)| {
            let span = cg.calls(caller)[i].span;
            looped_events(&cg.function(caller).body).contains(&(span.start, span.end))
        })
}

/// The events of one loop's body that a later turn of that loop can run again: all but those
/// every path from which leaves the loop in the same turn (`t.start()` then `return`, or a
/// `break` of this loop with no `continue` between: a search loop starting the one match).
/// `exits_after`: the statements after this list, in the loop's turn, always leave the loop;
/// `nested`: this list is inside a loop nested in the one asked about (its `break` leaves
/// only the inner loop).
fn repeated_in_turn(
    stmts: &[Stmt],
    exits_after: bool,
    nested: bool,
    out: &mut BTreeSet<(u32, u32)>,
) {
    for (i, s) in stmts.iter().enumerate() {
        let exits = exits_after || leaves_loop(&stmts[i + 1..], nested);
        match s {
            Stmt::Event(e) if !exits => {
                let sp = e.span();
                out.insert((sp.start, sp.end));
            }
            Stmt::Event(_) => {}
            Stmt::Hold { body, .. } | Stmt::Block(body) => {
                repeated_in_turn(body, exits, nested, out)
            }
            Stmt::Branch { cond, arms, .. } => {
                repeated_in_turn(cond, exits, nested, out);
                for arm in arms {
                    repeated_in_turn(arm, exits, nested, out);
                }
            }
            Stmt::Loop { cond, body, .. } => {
                // A `break` of the inner loop goes on after it, in this turn.
                repeated_in_turn(cond, exits, true, out);
                repeated_in_turn(body, exits, true, out);
            }
            // A handler may go on with the loop whatever follows the `try`.
            Stmt::Try {
                body,
                handlers,
                orelse,
                finally,
                ..
            } => {
                let caught = !handlers.is_empty();
                repeated_in_turn(body, exits && !caught, nested, out);
                for h in handlers {
                    repeated_in_turn(h, exits, nested, out);
                }
                repeated_in_turn(orelse, exits, nested, out);
                repeated_in_turn(finally, exits, nested, out);
            }
            Stmt::Return(_)
            | Stmt::ErrorReturn { .. }
            | Stmt::Raise(_)
            | Stmt::Break(_)
            | Stmt::Continue(_) => {}
        }
    }
}

/// Whether running `rest` (the statements after one, in a loop's turn) always leaves the
/// loop: a `return`, or a `break` of that loop (not of a nested one), with no `continue` or
/// nested `break` before it that could go on with the loop instead.
fn leaves_loop(rest: &[Stmt], nested: bool) -> bool {
    for s in rest {
        match s {
            Stmt::Return(_) => return true,
            Stmt::Break(_) => return !nested,
            Stmt::Continue(_) => return false,
            _ => {
                let mut goes_on = false;
                s.each_body(&mut |b| {
                    walk_stmts(b, &mut |t| {
                        goes_on |= matches!(t, Stmt::Continue(_) | Stmt::Break(_));
                    })
                });
                if goes_on {
                    return false;
                }
            }
        }
    }
    false
}

pub fn context_kind(s: &str) -> Option<ExecCtx> {
    Some(match s {
        "thread" | "pool" => ExecCtx::Thread,
        "process" => ExecCtx::Process,
        "task" => ExecCtx::Task,
        "greenlet" => ExecCtx::Greenlet,
        "reactor" => ExecCtx::Reactor,
        _ => return None,
    })
}

/// The spawn model an event's api names: a call, a constructor or a method of the spawner's
/// language.
fn spawn_model<'m>(
    cg: &CallGraph,
    models: &'m Models,
    spawner: FuncId,
    api: &str,
) -> Option<&'m SpawnModel> {
    let lang = match cg.module_of(spawner).lang {
        Lang::Python => "python",
        Lang::Rust => "rust",
    };
    models
        .spawn_call(api)
        .or_else(|| models.spawn_constructor(api))
        .or_else(|| models.spawn_method(lang, api))
}

/// Whether the spawn at `spawn` is joined later in the same turn of its innermost loop, on
/// every path through that turn: a join on its handle at the top level of the loop body, with
/// no `break` or `continue` between them that could skip it.
fn joined_each_turn(f: &Function, spawn: Span) -> bool {
    let (Some(handle), Some(body)) = (spawn_handle(f, spawn), innermost_loop_body(&f.body, spawn))
    else {
        return false;
    };
    let Some(at) = body
        .iter()
        .position(|s| holds_event(std::slice::from_ref(s), spawn))
    else {
        return false;
    };
    for s in &body[at + 1..] {
        if matches!(s, Stmt::Event(Event::Join { handle: h, .. }) if h == handle) {
            return true;
        }
        let mut leaves = false;
        walk_stmts(std::slice::from_ref(s), &mut |t| {
            leaves |= matches!(t, Stmt::Break(_) | Stmt::Continue(_));
        });
        if leaves {
            return false;
        }
    }
    false
}

/// The body of the innermost loop whose body holds the event at `spawn`.
fn innermost_loop_body(body: &[Stmt], spawn: Span) -> Option<&[Stmt]> {
    for s in body {
        let found = match s {
            Stmt::Loop { body: inner, .. } if holds_event(inner, spawn) => {
                Some(innermost_loop_body(inner, spawn).unwrap_or(inner))
            }
            Stmt::Loop { .. } | Stmt::Event(_) => None,
            Stmt::Hold { body, .. } | Stmt::Block(body) => innermost_loop_body(body, spawn),
            Stmt::Branch { arms, .. } => arms.iter().find_map(|a| innermost_loop_body(a, spawn)),
            Stmt::Try {
                body,
                handlers,
                orelse,
                finally,
                ..
            } => std::iter::once(&body[..])
                .chain(handlers.iter().map(Vec::as_slice))
                .chain([&orelse[..], &finally[..]])
                .find_map(|b| innermost_loop_body(b, spawn)),
            Stmt::Return(_)
            | Stmt::ErrorReturn { .. }
            | Stmt::Raise(_)
            | Stmt::Break(_)
            | Stmt::Continue(_) => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

fn holds_event(body: &[Stmt], at: Span) -> bool {
    let mut found = false;
    walk_stmts(body, &mut |s| {
        found |= matches!(s, Stmt::Event(e) if e.span() == at);
    });
    found
}

/// Whether `place` (the receiver of a spawn at `spawn`, in a loop) holds the same object on
/// every turn of each loop around the spawn: a parameter or a local bound somewhere in `f`, but
/// never inside a loop that contains the spawn. A loop's own target (`for w in workers`) binds
/// no `Bind` event, so a local without any binding is not taken as one object.
fn bound_once_outside(f: &Function, spawn: Span, place: &Place) -> bool {
    let binds = |body: &[Stmt]| {
        let mut found = false;
        walk_stmts(body, &mut |s| {
            found |= matches!(s, Stmt::Event(Event::Bind { target, .. }) if target == place);
        });
        found
    };
    let bound_at_all = match place {
        Place::Param { .. } => true,
        Place::Local { .. } => binds(&f.body),
        _ => false,
    };
    if !bound_at_all {
        return false;
    }
    let mut rebound = false;
    walk_stmts(&f.body, &mut |s| {
        if let Stmt::Loop { cond, body, .. } = s {
            let mut around = false;
            for part in [cond, body] {
                walk_stmts(part, &mut |t| {
                    around |= matches!(t, Stmt::Event(e) if e.span() == spawn);
                });
            }
            rebound |= around && (binds(cond) || binds(body));
        }
    });
    !rebound
}

/// Whether the spawn API is a pool's `map`, which runs its target over many items at once.
fn is_map_api(models: &Models, api: &str) -> bool {
    let Some((owner, method)) = api.rsplit_once('.').or_else(|| api.rsplit_once("::")) else {
        return false;
    };
    models.executor(owner).is_some_and(|e| {
        e.map.iter().any(|m| m == method)
            || (method == crate::models::INITIALIZER && e.initializer.is_some())
    })
}

/// Where `f` keeps the handle of the spawn at `spawn`, if it keeps one.
fn spawn_handle(f: &Function, spawn: Span) -> Option<&Place> {
    let mut handle = None;
    walk_stmts(&f.body, &mut |s| {
        if let Stmt::Event(Event::Spawn {
            handle: Some(h),
            span,
            ..
        }) = s
        {
            if *span == spawn {
                handle = Some(h);
            }
        }
    });
    handle
}

/// The first `Join` after `start` in `f` (any handle: the worker's handle is what is usually
/// joined; a join of another handle also ends the interesting window conservatively late).
fn join_after(f: &Function, spawn: Span, start: u32) -> Option<u32> {
    let handle = spawn_handle(f, spawn);
    let mut end = None;
    walk_stmts(&f.body, &mut |s| {
        if let Stmt::Event(Event::Join {
            handle: h, span, ..
        }) = s
        {
            if span.start >= start && end.is_none() && handle.is_none_or(|x| x == h) {
                end = Some(span.start);
            }
        }
    });
    end
}

/// Adds to `reach` every function reachable from its members and from `roots`. A plain
/// function calling a coroutine function only makes the coroutine (`coro = self.ws.close()`,
/// handed to `run_coroutine_threadsafe`): its body runs on an event loop, not here.
fn extend_reach(cg: &CallGraph, models: &Models, roots: &[FuncId], reach: &mut Vec<FuncId>) {
    let mut seen: BTreeSet<FuncId> = reach.iter().copied().collect();
    let mut stack: Vec<FuncId> = reach.clone();
    for r in roots {
        if seen.insert(*r) {
            reach.push(*r);
            stack.push(*r);
        }
    }
    while let Some(f) = stack.pop() {
        let plain = !cg.function(f).is_async;
        // A coroutine handed to a loop runner here (`asyncio.run(self._serve())`) does run here.
        let runs = if plain {
            loop_runs(cg, models, f)
        } else {
            Vec::new()
        };
        for c in cg.calls(f) {
            if plain
                && cg.function(c.callee).is_async
                && !runs
                    .iter()
                    .any(|r| r.start <= c.span.start && c.span.end <= r.end)
            {
                continue;
            }
            // A function a field holds, called through it, may be one of several stored there
            // over time on other objects: what a thread reaches through one is too wide a
            // guess to report a race on.
            if cg.callbacks_at(c.span).contains(&c.callee) && !cg.is_bound_call(c.span) {
                continue;
            }
            if seen.insert(c.callee) {
                reach.push(c.callee);
                stack.push(c.callee);
            }
        }
    }
}

/// Spans of the calls in `f` that run an event loop until what they are given is done
/// (`asyncio.run(..)`, `loop.run_until_complete(..)`).
fn loop_runs(cg: &CallGraph, models: &Models, f: FuncId) -> Vec<Span> {
    cg.events(f)
        .iter()
        .filter_map(|e| match e {
            Event::Blocking { api, span, .. } if models.is_loop_runner(api) => Some(*span),
            Event::Call {
                callee: Callee::Path(p),
                span,
                ..
            } if models.is_loop_runner(p) => Some(*span),
            _ => None,
        })
        .collect()
}

/// Coroutine methods that never run twice at once on one object: the program's own uses show
/// the object in one task's hands. A method qualifies when it has at least one call site and
/// every one of them is
/// - an awaited call (`await x.m()`) on a local the calling function binds only to objects it constructs
///   there (`ws = Session(..); await ws.run()`: each run of the caller has its own object and
///   calls it in order), or
/// - an awaited call on `self` from an async method that qualifies itself,
///
/// and the method is never spawned (`create_task(obj.run())`, `gather(..)`) nor taken as a
/// value (a callback someone else may call from any task). `steps` names the methods a
/// language calls itself, one at a time per object (Python's `__anext__`, stepped by
/// `async for`): they start with one such site. Anything else (a public method no code of the
/// program calls, a call on a parameter or a field) keeps the object shareable.
pub fn task_confined(cg: &CallGraph, models: &Models, steps: &[&str]) -> BTreeSet<FuncId> {
    let candidate = |id: FuncId| {
        let f = cg.function(id);
        f.is_async && f.class.is_some()
    };
    // Only asked whether it holds a name, for every field access of the program: hashed.
    let names: HashSet<&str> = cg
        .ids()
        .filter(|&id| candidate(id))
        .map(|id| cg.function(id).short_name.as_str())
        .collect();
    // Per candidate: whether a site was seen, and the async methods whose `self` calls it.
    let mut seen: HashMap<FuncId, bool> = HashMap::default();
    let mut from_self: HashMap<FuncId, Vec<FuncId>> = HashMap::default();
    let mut shared: BTreeSet<FuncId> = BTreeSet::new();
    // Methods read as values, by (class, name): any class of the lineage may name them.
    let mut as_value: Vec<(&str, &str)> = Vec::new();
    for id in cg.ids() {
        let f = cg.function(id);
        if candidate(id) && steps.contains(&f.short_name.as_str()) {
            seen.insert(id, true);
        }
        // Ends of awaited expressions: `await x.m()` ends where the call does.
        let mut awaited: BTreeSet<u32> = BTreeSet::new();
        // Calls that run a loop until what they are given is done (`asyncio.run(x.m())`,
        // `anyio.run(x.m)`): that step runs alone, as if awaited.
        let runs = loop_runs(cg, models, id);
        let run_alone = |s: Span| runs.iter().any(|r| r.start <= s.start && s.end <= r.end);
        for e in cg.events(id) {
            match e {
                Event::Spawn {
                    target: Some(t), ..
                } => {
                    if let Some(g) = cg.resolve(t) {
                        shared.insert(g);
                    }
                }
                Event::Access {
                    place: Place::Field { class, field },
                    span,
                    ..
                } if names.contains(field.as_str()) && !run_alone(*span) => {
                    as_value.push((class, field))
                }
                Event::Await { span } => {
                    awaited.insert(span.end);
                }
                _ => {}
            }
        }
        let mut fresh: HashMap<&str, bool> = HashMap::default();
        for site in cg.calls(id) {
            let g = site.callee;
            if !candidate(g) {
                continue;
            }
            seen.insert(g, true);
            // `await x.m()` itself: a coroutine kept for later (`tasks.append(x.m())`) may
            // run beside another.
            if !awaited.contains(&site.span.end) && !run_alone(site.span) {
                shared.insert(g);
                continue;
            }
            match site.receiver {
                Some(Place::Param { index: 0, .. }) if f.is_async && f.class.is_some() => {
                    from_self.entry(g).or_default().push(id);
                }
                Some(Place::Local { function, name }) if *function == f.name => {
                    if !*fresh
                        .entry(name.as_str())
                        .or_insert_with(|| fresh_local(cg, f, name, false))
                    {
                        shared.insert(g);
                    }
                }
                _ => {
                    shared.insert(g);
                }
            }
        }
    }
    for (class, field) in as_value {
        let class = cg.canonical_name(class);
        let mut lineage = cg.ancestors(&class);
        lineage.push(class.clone());
        for c in &lineage {
            if let Some(g) = cg.resolve_method(c, field) {
                shared.insert(g);
            }
        }
    }
    let mut confined: BTreeSet<FuncId> = seen
        .keys()
        .copied()
        .filter(|g| !shared.contains(g))
        .collect();
    // Greatest fixed point: a method called on `self` from one that runs on a shared object
    // runs on it too.
    loop {
        let drop: Vec<FuncId> = confined
            .iter()
            .copied()
            .filter(|g| {
                from_self
                    .get(g)
                    .is_some_and(|callers| callers.iter().any(|c| !confined.contains(c)))
            })
            .collect();
        if drop.is_empty() {
            return confined;
        }
        for g in drop {
            confined.remove(&g);
        }
    }
}

/// Whether every binding of local `name` in `f` stores an object constructed right there
/// (`x = Class(..)`), so no other frame holds it when the binding is made, and `f` hands it to
/// no call (a callee the program does not define could start a task on it).
///
/// With `threads_on_it`, the function may start threads or tasks on the object's methods
/// (`Thread(target=c.add)`), but must keep it to itself otherwise: not store it elsewhere nor
/// return it.
pub fn fresh_local(cg: &CallGraph, f: &Function, name: &str, threads_on_it: bool) -> bool {
    let is_it = |p: &Place| matches!(p, Place::Local { function, name: n } if *function == f.name && n == name);
    let mut handed = false;
    walk_stmts(&f.body, &mut |s| {
        let Stmt::Event(e) = s else { return };
        handed |= match e {
            Event::Call { args, kwargs, .. } => {
                args.iter().flatten().any(is_it) || kwargs.iter().any(|(_, p)| is_it(p))
            }
            Event::Spawn { args, receiver, .. } => {
                args.iter().flatten().any(is_it)
                    || (!threads_on_it && receiver.as_ref().is_some_and(is_it))
            }
            Event::MethodCall { args, .. } => args.iter().any(is_it),
            Event::Bind { target, value, .. } => {
                threads_on_it && value.as_ref().is_some_and(is_it) && !is_it(target)
            }
            _ => false,
        };
    });
    if handed {
        return false;
    }
    let mut constructed: BTreeSet<(u32, u32)> = BTreeSet::new();
    walk_stmts(&f.body, &mut |s| {
        if let Stmt::Event(Event::Call {
            callee: Callee::Path(q),
            span,
            ..
        }) = s
        {
            if cg.class(&cg.canonical_name(q)).is_some() {
                constructed.insert((span.start, span.end));
            }
        }
    });
    let mut binds = 0;
    let mut fresh = true;
    walk_stmts(&f.body, &mut |s| {
        if let Stmt::Event(Event::Bind {
            target: Place::Local { function, name: n },
            value,
            rhs,
            ..
        }) = s
        {
            if *function == f.name && n == name {
                binds += 1;
                fresh &= value.is_none() && constructed.contains(&(rhs.start, rhs.end));
            }
        }
    });
    fresh && binds > 0
}

/// The plain (not `async`) functions a thread runs from `entry`, in breadth-first order, and
/// for each but the entry the caller and call site it was first reached through. Coroutines
/// are left out: they run on an event loop, whichever thread created them.
#[allow(clippy::type_complexity)]
pub fn thread_reach(
    graph: &CallGraph<'_>,
    entry: FuncId,
) -> (Vec<FuncId>, HashMap<FuncId, (FuncId, Span)>) {
    let mut order = vec![entry];
    let mut parent: HashMap<FuncId, (FuncId, Span)> = HashMap::default();
    let mut seen: HashSet<FuncId> = HashSet::from_iter([entry]);
    let mut i = 0;
    while let Some(&f) = order.get(i) {
        i += 1;
        for site in graph.calls(f) {
            if graph.function(site.callee).is_async || !seen.insert(site.callee) {
                continue;
            }
            parent.insert(site.callee, (f, site.span));
            order.push(site.callee);
        }
    }
    (order, parent)
}

/// The calls that lead from a [`thread_reach`] entry to `f`, outermost first: (caller, call
/// site, callee).
pub fn reach_chain(
    parent: &HashMap<FuncId, (FuncId, Span)>,
    f: FuncId,
) -> Vec<(FuncId, Span, FuncId)> {
    let mut chain = Vec::new();
    let mut at = f;
    while let Some(&(caller, site)) = parent.get(&at) {
        chain.push((caller, site, at));
        at = caller;
    }
    chain.reverse();
    chain
}
