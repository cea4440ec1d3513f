//! Code that stalls an event loop: a call that blocks the thread, made in an `async` function
//! directly or through synchronous helpers at any depth, and a thread lock (not an async one)
//! held across a suspension point.
//!
//! Work handed to a thread (`run_in_executor`, `to_thread`, `spawn_blocking`) is a spawn, not a
//! call, so it never appears on a chain.
//!
//! KN501's chains are read against the literal arguments the calls pass or leave to the callee's
//! literal defaults (`takes_chain`, over `ModuleFacts::param_tests`, `constant_args` and
//! `call_shapes`); cached functions (`ModuleFacts::memoized`) are opaque to it.

use crate::analysis::callgraph::CallSite;
use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::lifecycle::{decided_at, excluded_by, param_guards};
use crate::analysis::reach::{Chain, Reach};
use crate::ir::{walk_stmts, ArgKey, Constant, Event, LockUse, Module, ParamTest, Place, Stmt};
use crate::models::Models;
use crate::source::Span;
use rustc_hash::FxHashMap as HashMap;

/// A blocking call reached from an async function.
#[derive(Clone, Debug)]
pub struct BlockingInAsync {
    /// The async function.
    pub function: FuncId,
    /// Where it happens in the async function: the blocking call itself, or the first call of
    /// the chain leading to it.
    pub site: Span,
    /// The rest of the path (empty when the blocking call is direct).
    pub chain: Chain,
    /// Where a synchronous `function` is scheduled on the event loop's thread
    /// (`reactor.callLater(1, tick)`); `None` for an async function.
    pub scheduled: Option<Span>,
}

/// A thread lock held across an `await` in an async function.
#[derive(Clone, Debug)]
pub struct LockAcrossAwait {
    pub function: FuncId,
    /// Where the lock is taken (the guard is created).
    pub acquire: Span,
    pub lock: Place,
    /// The lock type (`std::sync::Mutex`, `threading.Lock`).
    pub ty: String,
    pub await_span: Span,
}

#[derive(Debug, Default)]
pub struct AsyncMisuse {
    pub blocking: Vec<BlockingInAsync>,
    pub lock_across_await: Vec<LockAcrossAwait>,
}

impl AsyncMisuse {
    pub fn compute(graph: &CallGraph, models: &Models) -> AsyncMisuse {
        // A cached function (`@lru_cache`, `if _cfg: return _cfg`) blocks once, at its first
        // call, not on the calls a coroutine makes afterwards.
        let memoized = |id: FuncId| {
            let f = graph.function(id);
            graph.module_of(id).facts.memoized.contains(&f.name)
        };
        let reach = Reach::compute_except(
            graph,
            &|e| match e {
                Event::Blocking { api, instead, .. } => {
                    Some((api.clone().to_string(), (*instead).map(String::from)))
                }
                _ => None,
            },
            &memoized,
        );
        let mut out = AsyncMisuse::default();
        let scheduled = scheduled_on_loop(graph);
        // Literal arguments and the branches of parameters they decide (Python).
        let mut constants: HashMap<Span, &[(ArgKey, Constant)]> = HashMap::default();
        let mut tests: HashMap<Span, &ParamTest> = HashMap::default();
        for m in &graph.program().modules {
            constants.extend(
                m.facts
                    .constant_args
                    .iter()
                    .map(|(s, c)| (*s, c.as_slice())),
            );
            tests.extend(m.facts.param_tests.iter().map(|t| (t.branch, t)));
        }
        for id in graph.ids() {
            let f = graph.function(id);
            let on_loop = scheduled.get(&id).copied();
            if !f.is_async && on_loop.is_none() {
                continue;
            }
            walk_stmts(&f.body, &mut |s| {
                if let Stmt::Event(Event::Blocking {
                    api, instead, span, ..
                }) = s
                {
                    out.blocking.push(BlockingInAsync {
                        function: id,
                        site: *span,
                        chain: Chain {
                            calls: Vec::new(),
                            event: *span,
                            api: api.clone().to_string(),
                            instead: (*instead).map(String::from),
                        },
                        scheduled: on_loop,
                    });
                }
            });
            for site in graph.calls(id) {
                if graph.runs_no_body(site) {
                    continue;
                }
                let decisions = Decisions {
                    constants: &constants,
                    tests: &tests,
                };
                let live = |decided: &[(u32, Constant)]| {
                    live_chain(
                        graph,
                        &reach,
                        &decisions,
                        site.callee,
                        decided,
                        DECIDED_DEPTH,
                    )
                };
                let decided = constant_params(graph, &constants, site);
                let found = if decided.is_empty() {
                    reach.of(site.callee)
                } else {
                    live(&decided)
                };
                // A chain a call rules out, passing a literal or leaving a parameter to its
                // literal default (`Client(host)` with `keylog=None`, whose `if keylog:` arm
                // holds the `open`), is no run's: another chain the call leaves live, if any.
                let found = found.and_then(|chain| {
                    if takes_chain(graph, id, site, &chain) {
                        return Some(chain);
                    }
                    live(&decided_at(graph, id, site, &[]))
                        .filter(|other| takes_chain(graph, id, site, other))
                });
                if let Some(mut chain) = found {
                    chain.calls.insert(0, (site.span, site.callee));
                    out.blocking.push(BlockingInAsync {
                        function: id,
                        site: site.span,
                        chain,
                        scheduled: on_loop,
                    });
                }
            }
            if !f.is_async {
                continue;
            }
            let module = graph.module_of(id);
            let mut held = Held::default();
            locks_across_await(&f.body, module, graph, models, id, &mut held, &mut out);
        }
        out
    }
}

/// Synchronous functions the program schedules on an event loop's thread (a spawn whose model
/// context is `reactor`: `reactor.callLater(1, tick)`, `reactor.callFromThread(f)`), with the
/// first place each is scheduled, and those a decorator runs there (`@inlineCallbacks`, at
/// their definition): they stall the loop as a coroutine would.
fn scheduled_on_loop(graph: &CallGraph) -> std::collections::BTreeMap<FuncId, Span> {
    let mut out = std::collections::BTreeMap::new();
    for id in graph.ids() {
        let f = graph.function(id);
        if !f.is_async && graph.module_of(id).facts.loop_callbacks.contains(&f.name) {
            out.insert(id, f.span);
        }
    }
    for id in graph.ids() {
        for e in graph.events(id) {
            if let Event::Spawn {
                target: Some(target),
                ctx: crate::ir::ExecCtx::Reactor,
                span,
                ..
            } = e
            {
                if let Some(t) = graph.resolve(target) {
                    if !graph.function(t).is_async {
                        out.entry(t).or_insert(*span);
                    }
                }
            }
        }
    }
    out
}

/// The thread locks held at a point of a walk, and, inside a `while True:` loop (which only a
/// `break` ends), the explicit acquires held at each `break` met so far.
#[derive(Default)]
struct Held<'a> {
    locks: Vec<(&'a LockUse, String)>,
    breaks: Option<Vec<Vec<Span>>>,
}

impl<'a> Held<'a> {
    /// Walks `inner` with the `break`s met there kept apart; any met is then recorded for the
    /// enclosing loop as holding nothing: a region (`with lock:`, a `try` with a `finally`) it
    /// leaves may release on the way out.
    fn breaks_release(&mut self, inner: impl FnOnce(&mut Self)) {
        let outer = self.breaks.replace(Vec::new());
        inner(self);
        let met = std::mem::replace(&mut self.breaks, outer).is_some_and(|b| !b.is_empty());
        if met {
            if let Some(b) = &mut self.breaks {
                b.push(Vec::new());
            }
        }
    }
}

/// Walks `body` with the thread locks currently held; an `await` under one is reported once
/// per acquisition.
fn locks_across_await<'a>(
    body: &'a [Stmt],
    module: &Module,
    graph: &CallGraph,
    models: &Models,
    id: FuncId,
    held: &mut Held<'a>,
    out: &mut AsyncMisuse,
) {
    for stmt in body {
        match stmt {
            Stmt::Hold { lock, body } => {
                let pushed = match thread_lock_type(lock, graph, module, models) {
                    Some(ty) => {
                        held.locks.push((lock, ty));
                        true
                    }
                    None => false,
                };
                held.breaks_release(|held| {
                    locks_across_await(body, module, graph, models, id, held, out);
                });
                if pushed {
                    held.locks.pop();
                }
            }
            Stmt::Event(Event::Acquire(lock)) => {
                if let Some(ty) = thread_lock_type(lock, graph, module, models) {
                    held.locks.push((lock, ty));
                }
            }
            Stmt::Event(Event::Release { lock, .. }) => {
                if let Some(i) = held.locks.iter().rposition(|(l, _)| &l.lock == lock) {
                    held.locks.remove(i);
                }
            }
            Stmt::Event(Event::Await { span }) => {
                for (lock, ty) in held.locks.iter() {
                    let seen = out
                        .lock_across_await
                        .iter()
                        .any(|x| x.acquire == lock.span && x.function == id);
                    if !seen {
                        out.lock_across_await.push(LockAcrossAwait {
                            function: id,
                            acquire: lock.span,
                            lock: lock.lock.clone(),
                            ty: ty.clone(),
                            await_span: *span,
                        });
                    }
                }
            }
            Stmt::Break(_) => {
                let at = held.locks.iter().map(|(l, _)| l.span).collect();
                if let Some(b) = &mut held.breaks {
                    b.push(at);
                }
            }
            Stmt::Event(_) | Stmt::Return(_) | Stmt::Raise(_) => {}
            Stmt::ErrorReturn { .. } => {}
            Stmt::Continue(_) => {}
            Stmt::Block(b) => locks_across_await(b, module, graph, models, id, held, out),
            Stmt::Branch { cond, arms, .. } => {
                let before = held.locks.len();
                locks_across_await(cond, module, graph, models, id, held, out);
                // `if lock.acquire(False):` holds the lock in the first arm only (the front-end
                // puts the arm where the try-acquire succeeded first), and past the branch only
                // when that arm goes on to it.
                let mut tried = Vec::new();
                let mut i = before;
                while i < held.locks.len() {
                    if held.locks[i].0.blocking {
                        i += 1;
                    } else {
                        tried.push(held.locks.remove(i));
                    }
                }
                for (i, arm) in arms.iter().enumerate() {
                    let depth = held.locks.len();
                    if i == 0 {
                        held.locks.extend(tried.iter().cloned());
                    }
                    locks_across_await(arm, module, graph, models, id, held, out);
                    held.locks.truncate(depth);
                }
                let first_goes_on = arms.first().is_none_or(|arm| {
                    !matches!(
                        arm.last(),
                        Some(Stmt::Return(_) | Stmt::Raise(_) | Stmt::Break(_) | Stmt::Continue(_))
                    )
                });
                if first_goes_on {
                    held.locks.extend(tried);
                }
            }
            Stmt::Loop {
                cond,
                body,
                infinite,
                ..
            } => {
                locks_across_await(cond, module, graph, models, id, held, out);
                let depth = held.locks.len();
                let outer = std::mem::replace(&mut held.breaks, infinite.then(Vec::new));
                locks_across_await(body, module, graph, models, id, held, out);
                let breaks = std::mem::replace(&mut held.breaks, outer);
                held.locks.truncate(depth);
                // `while True: if lock.acquire(False): break`: a lock taken in the loop and
                // held at every `break` is held past it.
                if let Some((first, rest)) = breaks.as_deref().and_then(<[_]>::split_first) {
                    let mut taken = Vec::new();
                    walk_stmts(body, &mut |s| {
                        if let Stmt::Event(Event::Acquire(l)) = s {
                            let at_every_break =
                                first.contains(&l.span) && rest.iter().all(|b| b.contains(&l.span));
                            if at_every_break {
                                if let Some(ty) = thread_lock_type(l, graph, module, models) {
                                    taken.push((l, ty));
                                }
                            }
                        }
                    });
                    held.locks.extend(taken);
                }
            }
            Stmt::Try {
                body,
                handlers,
                orelse,
                finally,
                ..
            } => {
                let releases = !finally.is_empty();
                for part in [body, orelse] {
                    if releases {
                        held.breaks_release(|held| {
                            locks_across_await(part, module, graph, models, id, held, out);
                        });
                    } else {
                        locks_across_await(part, module, graph, models, id, held, out);
                    }
                }
                locks_across_await(finally, module, graph, models, id, held, out);
                for h in handlers {
                    let depth = held.locks.len();
                    if releases {
                        held.breaks_release(|held| {
                            locks_across_await(h, module, graph, models, id, held, out);
                        });
                    } else {
                        locks_across_await(h, module, graph, models, id, held, out);
                    }
                    held.locks.truncate(depth);
                }
            }
        }
    }
}

/// The model type of a lock taken by blocking the thread (not awaited, model not async), when
/// knot knows it; `None` for async locks and unknown types (precision first).
fn thread_lock_type(
    lock: &LockUse,
    graph: &CallGraph,
    module: &Module,
    models: &Models,
) -> Option<String> {
    if lock.is_async {
        return None;
    }
    let ty = lock
        .api
        .as_deref()
        .and_then(|api| lock_model_of_api(api, models))
        .or_else(|| decl_type(&lock.lock, graph, module, models))?;
    let model = models.lock(&ty)?;
    (!model.is_async).then_some(ty)
}

/// `std::sync::Mutex::lock` -> `std::sync::Mutex`, when that type has a lock model.
fn lock_model_of_api(api: &str, models: &Models) -> Option<String> {
    if models.lock(api).is_some() {
        return Some(api.to_string());
    }
    let owner = api
        .rfind("::")
        .map(|i| &api[..i])
        .or_else(|| api.rfind('.').map(|i| &api[..i]))?;
    models.lock(owner).map(|_| owner.to_string())
}

/// The type a place was declared with, looked up in this module first, then everywhere.
fn decl_type(place: &Place, graph: &CallGraph, module: &Module, models: &Models) -> Option<String> {
    let find = |m: &Module| {
        m.decls
            .iter()
            .find(|d| &d.place == place && models.lock(&d.ty).is_some())
            .map(|d| d.ty)
    };
    find(module)
        .or_else(|| graph.program().modules.iter().find_map(find))
        .map(String::from)
}

/// The parameters of `site`'s callee that the call passes `True`, `False` or `None` literally,
/// by index in the callee's frame.
fn constant_params(
    graph: &CallGraph,
    constants: &HashMap<Span, &[(ArgKey, Constant)]>,
    site: &CallSite,
) -> Vec<(u32, Constant)> {
    let Some(args) = constants.get(&site.span) else {
        return Vec::new();
    };
    let callee = graph.function(site.callee);
    let offset = crate::analysis::params::receiver_offset(callee, &site.args) as u32;
    args.iter()
        .filter_map(|(key, c)| {
            let index = match key {
                ArgKey::Position(i) => i + offset,
                ArgKey::Keyword(name) => {
                    callee.params.iter().position(|p| p == name.as_str())? as u32
                }
            };
            Some((index, *c))
        })
        .collect()
}

/// The first blocking call `callee` reaches when its parameters hold the constants `decided`:
/// a branch on one of them takes one arm only (`if force_async: return coro` with `True`
/// never gets past the branch), so what the other arms and the code after a decided early
/// return do is not reached. The callees it calls are judged by their summaries.
fn live_chain(
    graph: &CallGraph,
    reach: &Reach,
    decisions: &Decisions,
    callee: FuncId,
    decided: &[(u32, Constant)],
    depth: u32,
) -> Option<Chain> {
    let f = graph.function(callee);
    let mut live: Vec<&Event> = Vec::new();
    live_events(&f.body, decisions.tests, decided, &mut live);
    live.into_iter().find_map(|e| match e {
        Event::Blocking {
            api, instead, span, ..
        } => Some(Chain {
            calls: Vec::new(),
            event: *span,
            api: api.to_string(),
            instead: (*instead).map(String::from),
        }),
        Event::Call { span, .. } => graph
            .calls(callee)
            .iter()
            .filter(|c| c.span == *span && !graph.function(c.callee).is_async)
            .find_map(|c| {
                // What this call passes on: its own literals, and the decided parameters it
                // hands down (`_try_acquire(.., _force_async=_force_async)`).
                let mut next = constant_params(graph, decisions.constants, c);
                let offset =
                    crate::analysis::params::receiver_offset(graph.function(c.callee), &c.args);
                for (i, a) in c.args.iter().enumerate() {
                    if let Some(Place::Param { function, index }) = a {
                        if *function == f.name {
                            if let Some((_, k)) = decided.iter().find(|(p, _)| p == index) {
                                next.push(((i + offset) as u32, *k));
                            }
                        }
                    }
                }
                let mut chain = if next.is_empty() || depth == 0 {
                    reach.of(c.callee)?
                } else {
                    live_chain(graph, reach, decisions, c.callee, &next, depth - 1)?
                };
                chain.calls.insert(0, (c.span, c.callee));
                Some(chain)
            }),
        _ => None,
    })
}

/// Whether a run can take `chain`, the path from the callee of `site` (a call `caller`
/// makes) to its blocking call: no call on it passes a literal, or leaves a parameter to its
/// literal default, for which a branch of its callee certainly skips the arm holding the next
/// call or the blocking call. A decided parameter a call hands on decides the next callee's
/// tests too.
fn takes_chain(graph: &CallGraph, caller: FuncId, site: &CallSite, chain: &Chain) -> bool {
    let mut decided = decided_at(graph, caller, site, &[]);
    let mut callee = site.callee;
    for k in 0..=chain.calls.len() {
        let next = chain.calls.get(k).map_or(chain.event, |(span, _)| *span);
        let tests = &graph.module_of(callee).facts.param_tests;
        let guards = param_guards(&graph.function(callee).body, next, tests);
        if excluded_by(&guards, &decided) {
            return false;
        }
        let Some((span, next_callee)) = chain.calls.get(k) else {
            break;
        };
        decided = match (graph.calls(callee).iter())
            .find(|c| c.span == *span && c.callee == *next_callee)
        {
            Some(c) => decided_at(graph, callee, c, &decided),
            None => Vec::new(),
        };
        callee = *next_callee;
    }
    true
}

/// The literal arguments of calls and the parameter tests they decide, program-wide.
struct Decisions<'a, 'p> {
    constants: &'a HashMap<Span, &'p [(ArgKey, Constant)]>,
    tests: &'a HashMap<Span, &'p ParamTest>,
}

/// How many calls down a decided parameter is followed.
const DECIDED_DEPTH: u32 = 3;

/// The events of `body` that run, in order, given the decided parameters; false when the
/// statement list certainly leaves the function (a decided arm that returns or raises).
fn live_events<'a>(
    body: &'a [Stmt],
    tests: &HashMap<Span, &ParamTest>,
    decided: &[(u32, Constant)],
    out: &mut Vec<&'a Event>,
) -> bool {
    for stmt in body {
        match stmt {
            Stmt::Event(e) => out.push(e),
            Stmt::Return(_) | Stmt::Raise(_) => return false,
            Stmt::Branch { cond, arms, span } => {
                live_events(cond, tests, decided, out);
                let taken = tests.get(span).and_then(|t| {
                    let c = decided.iter().find(|(p, _)| *p == t.param)?.1;
                    t.arms[c as usize]
                });
                match taken.and_then(|a| arms.get(a as usize)) {
                    Some(arm) => {
                        if !live_events(arm, tests, decided, out) {
                            return false;
                        }
                    }
                    None => {
                        for arm in arms {
                            live_events(arm, tests, decided, out);
                        }
                    }
                }
            }
            // A block or a lock region runs its body in line: leaving there leaves here.
            Stmt::Block(b) | Stmt::Hold { body: b, .. } => {
                if !live_events(b, tests, decided, out) {
                    return false;
                }
            }
            other => other.each_body(&mut |b| {
                live_events(b, tests, decided, out);
            }),
        }
    }
    true
}
