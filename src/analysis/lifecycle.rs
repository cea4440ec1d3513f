//! Lifecycle of spawned work: threads and processes started but never joined, futures whose
//! outcome nobody looks at, tasks and join handles dropped at once.
//!
//! Intraprocedural: a spawn is fine as soon as its handle leaves the function (stored on an
//! object or a global, returned, passed to any call), because someone else may join it.
//!
//! `Lifecycle::returned` lists threads and tasks a function starts and only returns, reported at
//! each call of it as a statement (`ModuleFacts::discarded_calls`).

use crate::analysis::callgraph::{CallGraph, CallSite, FuncId};
use crate::analysis::flow::{self, Fate};
use crate::ir::{
    walk_stmts, ArgKey, Callee, Constant, Event, ExecCtx, Function, Module, Name, ParamTest, Place,
    Stmt,
};
use crate::models::{ExecutorModel, Models, SpawnModel};
use crate::source::{Lang, Span};

/// What kind of handle a spawn produced, by the API model that matched it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandleKind {
    /// A `Thread`/`Process` object, started and then joined (`join` methods in its model).
    Joinable,
    /// A future returned by an executor's `submit`.
    Future,
    /// A task an event loop keeps only weakly (`asyncio.create_task`, `ensure_future`).
    Task,
    /// A Rust `JoinHandle` from a free spawn function (`std::thread::spawn`).
    JoinHandle,
}

/// A spawn whose handle is never used to wait for or check the work.
#[derive(Clone, Debug)]
pub struct Unjoined {
    pub kind: HandleKind,
    pub ctx: ExecCtx,
    /// The API the front-end matched (`threading.Thread`, `ThreadPoolExecutor.submit`).
    pub api: String,
    pub target: Option<Callee>,
    pub spawn: Span,
    /// The local the handle was kept in, when it was kept (`None`: dropped at once).
    pub kept_in: Option<Place>,
    /// Where the handle was bound, for the local case.
    pub function: String,
    /// Fields and globals the starting function sets to a literal (`self.running = True`),
    /// which stores nothing of the handle: a thread whose own code tests one of them in a
    /// loop is a service loop its owner stops by clearing the flag (KN301 reads them against
    /// the thread's code, which this intraprocedural pass does not follow).
    pub flags: Vec<Place>,
}

#[derive(Debug, Default)]
pub struct Lifecycle {
    pub unjoined: Vec<Unjoined>,
    /// Threads and tasks a function starts and returns without keeping (`t.start(); return
    /// t`, `return asyncio.create_task(..)`): a caller that drops the result drops the work.
    pub returned: Vec<Returned>,
}

/// Work a function starts and hands to its caller only by returning it.
#[derive(Clone, Debug)]
pub struct Returned {
    pub kind: HandleKind,
    pub ctx: ExecCtx,
    pub api: String,
    pub target: Option<Callee>,
    pub spawn: Span,
    /// The function returning it (qualified name).
    pub function: String,
    /// The branches on a parameter of the function whose arm holds the start (`if
    /// return_tasks: return gather(*tasks)`), each with that arm: a call passing (or leaving to
    /// its default) a literal that takes another arm starts nothing there.
    pub guards: Vec<(ParamTest, u8)>,
}

/// Methods on a task that neither wait for it nor keep it: a done callback holds no reference
/// to the task for the loop.
const TASK_SETUP: &[&str] = &["add_done_callback", "set_name"];

/// Methods on a thread handle that neither wait for it nor hand it on.
const THREAD_SETUP: &[&str] = &["start", "setDaemon", "setName", "is_alive", "getName"];

impl Lifecycle {
    pub fn compute(modules: &[Module], models: &Models) -> Lifecycle {
        let mut out = Lifecycle::default();
        let stopped_on_drop = stopped_on_drop(modules);
        // Coroutine functions of the checked code, by name: a task made of a call of one is new.
        let coroutines: std::collections::HashSet<&str> = (modules.iter())
            .flat_map(|m| &m.functions)
            .filter(|f| f.is_async)
            .map(|f| f.name.as_str())
            .collect();
        for module in modules {
            for f in &module.functions {
                let mut tails = Vec::new();
                if module.lang == Lang::Rust {
                    tail_events(&f.body, &mut tails);
                    // A call ending its block with `;` is not the block's value.
                    tails.retain(|s| !module.facts.discarded_calls.contains(s));
                }
                // `return spawn(..)`: the value of the `return` (lowered before the keyword's
                // own span, which it follows in the text).
                let mut returned_values = Vec::new();
                if module.lang == Lang::Rust {
                    walk_bodies(&f.body, &mut |body| {
                        for pair in body.windows(2) {
                            if let [Stmt::Event(e), Stmt::Return(r)] = pair {
                                if e.span().file == r.file && e.span().start >= r.end {
                                    returned_values.push(e.span());
                                }
                            }
                        }
                    });
                }
                walk_stmts(&f.body, &mut |s| {
                    let Stmt::Event(Event::Spawn {
                        target,
                        ctx,
                        api,
                        handle,
                        span,
                        ..
                    }) = s
                    else {
                        return;
                    };
                    let Some((kind, model)) = classify(api, module.lang, models) else {
                        return;
                    };
                    let start = model.and_then(|m| m.start.clone());
                    let ignore = |e: &Event| {
                        is_start_call(e, start.as_deref())
                            || (kind == HandleKind::Task
                                && is_chained_setup(e, *span)
                                && makes_coroutine(target.as_ref(), &coroutines, models))
                    };
                    let kept = match handle {
                        Some(h) => Fate::Bound(vec![h.clone()]),
                        None => flow::fate(&f.body, *span, &ignore),
                    };
                    let returned = || Returned {
                        kind,
                        ctx: *ctx,
                        api: api.clone().to_string(),
                        target: target.clone(),
                        spawn: *span,
                        function: f.name.clone(),
                        guards: param_guards(&f.body, *span, &module.facts.param_tests),
                    };
                    let hands_back = matches!(kind, HandleKind::Task | HandleKind::Joinable)
                        && module.lang == Lang::Python;
                    // Rust: a thread's handle that is the function's own value (its body's
                    // last expression, or `return spawn(..)`) goes to the caller, which may
                    // drop it (`start();`).
                    let rust_handle = module.lang == Lang::Rust && kind == HandleKind::JoinHandle;
                    let function_value = rust_handle
                        && (matches!(kept, Fate::Returned(_))
                            || (matches!(kept, Fate::Discarded)
                                && (returned_values.contains(span)
                                    || (tails.contains(span)
                                        && (module.facts.tail_values.iter()).any(|t| {
                                            t.file == span.file
                                                && t.start <= span.start
                                                && span.end <= t.end
                                        })))));
                    if function_value {
                        out.returned.push(returned());
                        return;
                    }
                    let kept_in = match kept {
                        // A Rust block's last expression may be its value (`.map(|_| spawn(..))`).
                        Fate::Discarded if tails.contains(span) => return,
                        Fate::Discarded
                            if kind == HandleKind::JoinHandle
                                && f.class
                                    .as_deref()
                                    .is_some_and(|c| stopped_on_drop.contains(&c)) =>
                        {
                            return
                        }
                        // A lambda's value is returned: `lambda env: pool.submit(run, env)`
                        // hands its future to whoever calls it, as `return pool.submit(..)`.
                        Fate::Discarded
                            if kind == HandleKind::Future
                                && f.short_name == "<lambda>"
                                && f.span.end == span.end =>
                        {
                            return
                        }
                        Fate::Discarded => None,
                        Fate::Bound(places) => {
                            // Stored on an object, in a global or in several places: handed on.
                            let [Place::Local { name, .. }] = places.as_slice() else {
                                return;
                            };
                            if kind == HandleKind::Task {
                                // A task bound to `_` is dropped when the function returns:
                                // the loop keeps only a weak reference to it. (A task in a
                                // named local may be read where the IR shows no use, inside a
                                // list given to `asyncio.wait`: not judged, unless all the
                                // function does with it is return it.)
                                // A named local the function never reads (`xx =
                                // create_task(..)`, nothing after) drops it all the same.
                                // A coroutine holding it across a later `await` keeps it
                                // while it runs (uvicorn's lifespan task): not judged.
                                let awaits_after = f.is_async
                                    && {
                                        let mut found = false;
                                        crate::ir::walk_events(&f.body, &mut |e| {
                                            found |= matches!(e, Event::Await { span: a } if a.start > span.end);
                                        });
                                        found
                                    };
                                let unread = !awaits_after
                                    && module
                                        .facts
                                        .unread_locals
                                        .iter()
                                        .any(|(func, local)| *func == f.name && local == name);
                                if name != "_" && !unread {
                                    if only_returned(module, f, &places[0], *span, TASK_SETUP) {
                                        out.returned.push(returned());
                                    }
                                    return;
                                }
                                None
                            } else if name == "_" {
                                // `_` (Rust `let _ = ..`, Python `_ = ..`) discards on purpose.
                                return;
                            } else {
                                Some(places[0].clone())
                            }
                        }
                        Fate::Returned(_) => {
                            if hands_back && kind == HandleKind::Task {
                                out.returned.push(returned());
                            }
                            return;
                        }
                        Fate::Consumed(_) => return,
                    };
                    if kind == HandleKind::Joinable && kept_in.is_none() {
                        // `Thread(target=f, daemon=True).start()` is the common, correct idiom
                        // for a background thread and the IR cannot tell it apart.
                        return;
                    }
                    let mut flags = Vec::new();
                    if let Some(local) = &kept_in {
                        let benign: &[&str] = match kind {
                            HandleKind::Joinable => THREAD_SETUP,
                            _ => &[],
                        };
                        let daemon = is_daemon(module, local, api, target.as_ref())
                            || daemon_class(module, target.as_ref());
                        if hands_back
                            && !daemon
                            && kind == HandleKind::Joinable
                            && only_returned(module, f, local, *span, benign)
                        {
                            out.returned.push(returned());
                            return;
                        }
                        if flow::used_anywhere(module, local, *span, benign)
                            || handed_on_container(module, local, *span, benign)
                            || daemon
                            || may_store_in_container(&f.body, api.as_str(), local, &mut flags)
                        {
                            return;
                        }
                    }
                    out.unjoined.push(Unjoined {
                        kind,
                        ctx: *ctx,
                        api: api.clone().to_string(),
                        target: target.clone(),
                        spawn: *span,
                        kept_in,
                        function: f.name.clone(),
                        flags,
                    });
                });
            }
        }
        out
    }
}

/// The branches on a parameter (`tests`) whose arms hold the event, call or lock acquire at
/// `at` (a spawn, the call leading on to a lock), outermost first, each with the index of the
/// arm holding it; empty when `body` does not hold it.
pub(crate) fn param_guards(body: &[Stmt], at: Span, tests: &[ParamTest]) -> Vec<(ParamTest, u8)> {
    fn holds(body: &[Stmt], at: Span, tests: &[ParamTest], out: &mut Vec<(ParamTest, u8)>) -> bool {
        for stmt in body {
            match stmt {
                Stmt::Event(e) if e.span() == at => return true,
                Stmt::Hold { lock, .. } if lock.span == at => return true,
                Stmt::Branch { arms, span, .. } => {
                    for (k, arm) in arms.iter().enumerate() {
                        let depth = out.len();
                        if holds(arm, at, tests, out) {
                            if let Some(t) = tests.iter().find(|t| t.branch == *span) {
                                out.insert(depth, (t.clone(), k as u8));
                            }
                            return true;
                        }
                    }
                }
                _ => {
                    let mut found = false;
                    stmt.each_body(&mut |b| found = found || holds(b, at, tests, out));
                    if found {
                        return true;
                    }
                }
            }
        }
        false
    }
    let mut out = Vec::new();
    if tests.is_empty() {
        return out;
    }
    holds(body, at, tests, &mut out);
    out
}

/// Whether the call at `site`, made in `caller`, certainly skips the arms `guards` name: it
/// passes a literal (`dispatch(ev, return_tasks=False)`) or leaves a parameter to its literal
/// default (`dispatch(ev)`, where `return_tasks=False`) for which one of the tests certainly
/// takes another arm. A call unpacking `*args` or `**kwargs` leaves nothing to a default.
pub fn guards_exclude(
    graph: &CallGraph,
    caller: FuncId,
    site: &CallSite,
    guards: &[(ParamTest, u8)],
) -> bool {
    if guards.is_empty() {
        return false;
    }
    excluded_by(guards, &decided_at(graph, caller, site, &[]))
}

/// Whether the parameter values `decided` (by index in the callee's frame) certainly take
/// another arm than one of `guards`.
pub fn excluded_by(guards: &[(ParamTest, u8)], decided: &[(u32, Constant)]) -> bool {
    guards.iter().any(|(test, arm)| {
        decided.iter().any(|(param, c)| {
            *param == test.param && test.arms[*c as usize].is_some_and(|taken| taken != *arm)
        })
    })
}

/// The parameters of `site`'s callee, by index in its frame, that the call made in `caller`
/// decides: passed as `True`, `False` or `None`, left to such a default, or handed on from a
/// parameter of `caller` that `caller_decided` names (`self.connect(force=force)` in a function
/// called with `force=True`).
pub fn decided_at(
    graph: &CallGraph,
    caller: FuncId,
    site: &CallSite,
    caller_decided: &[(u32, Constant)],
) -> Vec<(u32, Constant)> {
    let callee = graph.function(site.callee);
    let facts = &graph.module_of(caller).facts;
    let offset = crate::analysis::params::receiver_offset(callee, &site.args) as u32;
    let mut decided: Vec<(u32, Constant)> = Vec::new();
    if let Some((_, args)) = facts.constant_args.iter().find(|(at, _)| *at == site.span) {
        for (key, c) in args {
            let index = match key {
                ArgKey::Position(i) => i + offset,
                ArgKey::Keyword(name) => {
                    match callee.params.iter().position(|p| p == name.as_str()) {
                        Some(i) => i as u32,
                        None => continue,
                    }
                }
            };
            decided.push((index, *c));
        }
    }
    if !caller_decided.is_empty() {
        let name = &graph.function(caller).name;
        for (i, arg) in site.args.iter().enumerate() {
            if let Some(Place::Param { function, index }) = arg {
                if function == name {
                    if let Some((_, c)) = caller_decided.iter().find(|(p, _)| p == index) {
                        decided.push((i as u32 + offset, *c));
                    }
                }
            }
        }
    }
    let shape = (facts.call_shapes.iter())
        .find(|(at, _)| *at == site.span)
        .map(|(_, shape)| shape)
        .filter(|shape| !shape.unpacks);
    if let Some(shape) = shape {
        let defaults = &graph.module_of(site.callee).facts.param_defaults;
        for (function, index, c) in defaults {
            if function.as_str() != callee.name {
                continue;
            }
            let Some(param) = callee.params.get(*index as usize) else {
                continue;
            };
            let passed = *index < offset + shape.positional
                || shape.keywords.iter().any(|k| k.as_str() == param.as_str());
            if !passed {
                decided.push((*index, *c));
            }
        }
    }
    decided
}

/// Whether all `f` does with the handle in `local` after the spawn at `spawn`, besides the
/// `benign` methods, is return it (`return t`), and no closure uses it.
fn only_returned(
    module: &Module,
    f: &Function,
    local: &Place,
    spawn: Span,
    benign: &[&str],
) -> bool {
    let prefix = format!("{}.", f.name);
    if module
        .functions
        .iter()
        .any(|g| g.name.starts_with(&prefix) && flow::used_in(g, local, spawn, benign))
    {
        return false;
    }
    let mut returns = false;
    let mut other = false;
    walk_stmts(&f.body, &mut |s| {
        let Stmt::Event(e) = s else { return };
        if e.span() == spawn || !flow::uses(e, local, benign) {
            return;
        }
        match e {
            Event::Bind {
                target: Place::Local { name, .. },
                value: Some(v),
                ..
            } if name.as_str() == "return" && v == local => returns = true,
            _ => other = true,
        }
    });
    returns && !other
}

/// Spans of events that end a statement list: in Rust they may be the block's value. A loop's
/// body is never the loop's value (`loop` yields only through `break value`), so the last event
/// of a body run again on each turn is dropped there: only the lists inside it are looked at.
/// The caller drops the calls the front-end saw end their block with `;`
/// (`ModuleFacts::discarded_calls`), which are no value.
/// Calls `visit` on `body` and on every statement list nested in it.
fn walk_bodies(body: &[Stmt], visit: &mut impl FnMut(&[Stmt])) {
    visit(body);
    for s in body {
        match s {
            Stmt::Hold { body, .. } | Stmt::Block(body) | Stmt::Loop { body, .. } => {
                walk_bodies(body, visit)
            }
            Stmt::Branch { arms, .. } => arms.iter().for_each(|a| walk_bodies(a, visit)),
            Stmt::Try {
                body,
                handlers,
                orelse,
                finally,
                ..
            } => {
                walk_bodies(body, visit);
                handlers.iter().for_each(|h| walk_bodies(h, visit));
                walk_bodies(orelse, visit);
                walk_bodies(finally, visit);
            }
            _ => {}
        }
    }
}

fn tail_events(body: &[Stmt], out: &mut Vec<Span>) {
    // The error path of a trailing `?` comes after the value it follows: in
    // `Ok(Cleaner { handle: builder.spawn(..)? })` the spawn is still the block's value.
    let last = (body.iter().rev()).find(|s| !matches!(s, Stmt::ErrorReturn { .. }));
    if let Some(Stmt::Event(e)) = last {
        out.push(e.span());
    }
    inner_tails(body, out);
}

fn inner_tails(body: &[Stmt], out: &mut Vec<Span>) {
    // `break spawn(..)`: the value of the loop (lowered before the `break` keyword's own span,
    // which it follows in the text).
    for pair in body.windows(2) {
        if let [Stmt::Event(e), Stmt::Break(b)] = pair {
            if e.span().file == b.file && e.span().start >= b.end {
                out.push(e.span());
            }
        }
    }
    for s in body {
        match s {
            Stmt::Hold { body, .. } | Stmt::Block(body) => tail_events(body, out),
            Stmt::Branch { arms, .. } => arms.iter().for_each(|a| tail_events(a, out)),
            Stmt::Loop { body, .. } => inner_tails(body, out),
            Stmt::Try {
                body,
                handlers,
                orelse,
                finally,
                ..
            } => {
                tail_events(body, out);
                handlers.iter().for_each(|h| tail_events(h, out));
                tail_events(orelse, out);
                tail_events(finally, out);
            }
            _ => {}
        }
    }
}

/// Which handle a spawn API produces, by its model.
fn classify<'m>(
    api: &str,
    lang: Lang,
    models: &'m Models,
) -> Option<(HandleKind, Option<&'m SpawnModel>)> {
    if let Some(m) = models.spawn_constructor(api) {
        let joinable = matches!(m.context.as_str(), "thread" | "process") && !m.join.is_empty();
        return joinable.then_some((HandleKind::Joinable, Some(m)));
    }
    if let Some(m) = models.spawn_call(api) {
        return match (m.context.as_str(), lang) {
            // Dropping a Rust task handle detaches the task, which keeps running: not a bug.
            ("task", Lang::Python) if !m.kept => Some((HandleKind::Task, Some(m))),
            ("thread", Lang::Rust) if !m.join.is_empty() => Some((HandleKind::JoinHandle, Some(m))),
            _ => None,
        };
    }
    // Work whose library reports its uncaught exception itself (gevent's hub prints a failed
    // greenlet) loses nothing when its handle is dropped.
    // A submit that waits for the result (`Pool.apply`) raises the work's exception itself.
    let method = api.rsplit(['.', ':']).next().unwrap_or(api);
    if submitted_to(api, models)
        .is_some_and(|e| !e.reports_errors && !e.waits.iter().any(|w| w == method))
    {
        return Some((HandleKind::Future, None));
    }
    None
}

/// The executor model of `pkg.Executor.submit` / `pkg::Executor::submit` where `submit` is one
/// of its submit methods.
fn submitted_to<'m>(api: &str, models: &'m Models) -> Option<&'m ExecutorModel> {
    let (ty, method) = api
        .rfind("::")
        .map(|i| (&api[..i], &api[i + 2..]))
        .or_else(|| api.rfind('.').map(|i| (&api[..i], &api[i + 1..])))?;
    models
        .executor(ty)
        .filter(|e| e.submit.iter().any(|s| s == method))
}

fn is_start_call(e: &Event, start: Option<&str>) -> bool {
    let Some(start) = start else { return false };
    match e {
        Event::Call {
            callee: Callee::Dynamic { method } | Callee::Method { method, .. },
            ..
        } => method == start,
        Event::MethodCall { method, .. } => method == start,
        _ => false,
    }
}

/// `asyncio.create_task(coro).add_done_callback(cb)`: a setup method called on the task made at
/// `spawn` itself, which keeps no reference to it (the call's value is the method's).
fn is_chained_setup(e: &Event, spawn: Span) -> bool {
    match e {
        Event::Call {
            callee: Callee::Dynamic { method } | Callee::Method { method, .. },
            span,
            ..
        } => span.start == spawn.start && TASK_SETUP.contains(&method.as_str()),
        _ => false,
    }
}

/// Whether a task's target is a call of a coroutine function (of the checked code or a model's
/// `[[coroutine]]`): the task is new. `asyncio.ensure_future(task)` of a task kept elsewhere is
/// that task, not a new one.
fn makes_coroutine(
    target: Option<&Callee>,
    coroutines: &std::collections::HashSet<&str>,
    models: &Models,
) -> bool {
    match target {
        Some(Callee::Path(q)) => coroutines.contains(q.as_str()) || models.is_coroutine(q.as_str()),
        Some(Callee::Method { class, method }) => {
            coroutines.contains(format!("{class}.{method}").as_str())
        }
        Some(Callee::Dynamic { .. }) | None => false,
    }
}

/// Whether `local` is the variable of a loop over a local container of work built unstarted
/// (`procs = [Process(..) for ..]` then `for p in procs: p.start()`) and the container itself
/// is handed on or read elsewhere (`stop_all(procs)`, `return procs`): whoever gets the
/// container may join each element, as a handle handed on itself.
fn handed_on_container(module: &Module, local: &Place, spawn: Span, benign: &[&str]) -> bool {
    (module.facts.element_handles.iter())
        .filter(|(t, c)| t == local && matches!(c, Place::Local { .. }))
        .any(|(_, c)| flow::used_anywhere(module, c, spawn, benign))
}

/// Whether `body` may put the handle kept in `local` into a container: a container store
/// passing it, or passing a value the IR does not name (`procs.append(Wrapper(p))`), or a
/// write of a shared container (`REGISTRY[k] = (t, q)` names no value). A store passing only
/// other named values (`batch.append(item)`) keeps nothing of the handle, nor does a write of a
/// literal (`self.running = True`): those places go to `flags` instead (see `Unjoined::flags`).
fn may_store_in_container(
    body: &[Stmt],
    handle_type: &str,
    local: &Place,
    flags: &mut Vec<Place>,
) -> bool {
    // The container stores passing only other named values: the write of a shared container
    // they lower to as well (at the same span) keeps nothing of the handle.
    let mut other_values = Vec::new();
    // The writes of a literal (`self.running = True`): the bind of the statement holding the
    // write of its target.
    let mut literals: Vec<(Span, &Place)> = Vec::new();
    crate::ir::walk_events(body, &mut |e| match e {
        Event::MethodCall {
            method, args, span, ..
        } if crate::analysis::flow::CONTAINER_STORES.contains(&method.as_str())
            && !args.is_empty()
            && !args.contains(local) =>
        {
            other_values.push(*span);
        }
        Event::Bind {
            target,
            value: None,
            constant: Some(_),
            span,
            ..
        } => literals.push((*span, target)),
        _ => {}
    });
    let mut found = false;
    crate::ir::walk_events(body, &mut |e| match e {
        Event::MethodCall { method, args, .. }
            if crate::analysis::flow::CONTAINER_STORES.contains(&method.as_str()) =>
        {
            found |= args.is_empty() || args.contains(local);
        }
        Event::Call {
            callee: Callee::Dynamic { method },
            args,
            kwargs,
            ..
        } if crate::analysis::flow::CONTAINER_STORES.contains(&method.as_str()) => {
            found |= args.iter().any(|a| a.as_ref().is_none_or(|a| a == local))
                || kwargs.iter().any(|(_, a)| a == local);
        }
        // `t.name = "worker"` sets up the thread itself (a field of its type).
        Event::Access {
            place: Place::Field { class, .. },
            ..
        } if class.as_str() == handle_type => {}
        Event::Access {
            place: place @ (Place::Field { .. } | Place::Global(_)),
            kind: crate::ir::AccessKind::Write,
            span,
            ..
        } if literals.iter().any(|(s, p)| {
            *p == place && s.file == span.file && s.start <= span.start && span.end <= s.end
        }) =>
        {
            flags.push(place.clone());
        }
        // `self._threads.add(t)` / `REGISTRY[k] = t` lower to a write of the shared container.
        Event::Access {
            place: Place::Field { .. } | Place::Global(_),
            kind: crate::ir::AccessKind::Write | crate::ir::AccessKind::ReadModifyWrite,
            span,
            ..
        } => found |= !other_values.contains(span),
        _ => {}
    });
    flags.sort();
    flags.dedup();
    found
}

/// Rust types whose `Drop` impl signals something of the object (`self.is_running.store(false)`,
/// `self.tx.send(..)`), itself or through a method of the type it calls: a thread one of their
/// methods starts and detaches is stopped that way, the type's own way to end it. A `Drop` that
/// only touches a global says nothing about this object's thread.
fn stopped_on_drop(modules: &[Module]) -> Vec<&str> {
    let mut out = Vec::new();
    for m in modules.iter().filter(|m| m.lang == Lang::Rust) {
        for f in &m.functions {
            let Some(class) = f.class.as_deref() else {
                continue;
            };
            if f.short_name != "drop" || f.params.len() != 1 {
                continue;
            }
            let signals = |g: &Function| {
                let mut found = false;
                crate::ir::walk_events(&g.body, &mut |e| match e {
                    Event::Access {
                        place: Place::Field { class: c, .. },
                        kind: crate::ir::AccessKind::Write,
                        ..
                    }
                    | Event::MethodCall {
                        place: Place::Field { class: c, .. },
                        ..
                    } if c == class => found = true,
                    _ => {}
                });
                found
            };
            let mut called: Vec<&str> = Vec::new();
            crate::ir::walk_events(&f.body, &mut |e| {
                if let Event::Call {
                    callee: Callee::Method { class: c, method },
                    ..
                } = e
                {
                    if c == class {
                        called.push(method.as_str());
                    }
                }
            });
            let via_method = m.functions.iter().any(|g| {
                g.class.as_deref() == Some(class)
                    && called.contains(&g.short_name.as_str())
                    && signals(g)
            });
            if signals(f) || via_method {
                out.push(class);
            }
        }
    }
    out
}

/// `t.daemon = True` / `t.setDaemon(True)`: the thread is meant to die with the process. The
/// attribute store may be recorded on the local (`t.daemon`) or on its type's field; for an
/// object of a thread subclass of the program (`t = Pusher(..)`, whose `run` is the target), on
/// that class's field, set to `True`.
fn is_daemon(module: &Module, handle: &Place, api: &str, target: Option<&Callee>) -> bool {
    let type_field = Place::Field {
        class: Name::new(api),
        field: "daemon".into(),
    };
    let class_field = match target {
        Some(Callee::Method { class, .. }) => Some(Place::Field {
            class: *class,
            field: "daemon".into(),
        }),
        _ => None,
    };
    let Place::Local { function, name } = handle else {
        return false;
    };
    let daemon_attr = Place::Local {
        function: *function,
        name: format!("{name}.daemon").into(),
    };
    let mut found = false;
    for f in &module.functions {
        crate::ir::walk_events(&f.body, &mut |e| match e {
            Event::MethodCall { place, method, .. } if place == handle && method == "setDaemon" => {
                found = true
            }
            Event::Access { place, .. } | Event::Bind { target: place, .. }
                if place == &daemon_attr || place == &type_field =>
            {
                found = true
            }
            Event::Bind {
                target: place,
                constant: Some(c),
                ..
            } if Some(place) == class_field.as_ref() && c == "True" => found = true,
            _ => {}
        });
    }
    found
}

/// A `Thread` subclass of this module that makes itself a daemon in its constructor
/// (`self.daemon = True`, `super().__init__(daemon=True)`): every instance dies with the
/// process.
fn daemon_class(module: &Module, target: Option<&Callee>) -> bool {
    let Some(Callee::Method { class, .. }) = target else {
        return false;
    };
    let field = Place::Field {
        class: *class,
        field: "daemon".into(),
    };
    let daemon_keyword = |span: &Span| {
        module.facts.constant_args.iter().any(|(at, args)| {
            at == span
                && args.iter().any(|(key, value)| {
                    matches!(key, ArgKey::Keyword(k) if k == "daemon")
                        && matches!(value, Constant::True)
                })
        })
    };
    module
        .functions
        .iter()
        .filter(|f| f.class.as_deref() == Some(class.as_str()) && f.name.ends_with(".__init__"))
        .any(|f| {
            let mut found = false;
            crate::ir::walk_events(&f.body, &mut |e| match e {
                Event::Bind {
                    target, constant, ..
                } if *target == field && constant.as_ref().is_some_and(|c| c == "True") => {
                    found = true
                }
                Event::Call { callee, span, .. }
                    if matches!(callee, Callee::Method { method, .. } if method == "__init__")
                        && daemon_keyword(span) =>
                {
                    found = true
                }
                _ => {}
            });
            found
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Function, ModuleFacts};
    use crate::source::FileId;

    fn sp(a: u32, b: u32) -> Span {
        Span::new(FileId(0), a, b)
    }

    fn models() -> Models {
        let mut m = Models::default();
        m.add(
            Models::parse(
                r#"
library = "t"
language = "python"
[[spawn]]
new = "threading.Thread"
start = "start"
join = ["join"]
context = "thread"
[[spawn]]
call = "asyncio.create_task"
context = "task"
[[executor]]
new = "concurrent.futures.ThreadPoolExecutor"
submit = ["submit"]
context = "thread"
"#,
            )
            .unwrap(),
        );
        m
    }

    fn local(n: &str) -> Place {
        Place::Local {
            function: "m.f".into(),
            name: n.into(),
        }
    }

    fn spawn(api: &str, handle: Option<Place>, a: u32, b: u32, ctx: ExecCtx) -> Stmt {
        Stmt::Event(Event::Spawn {
            target: Some(Callee::Path("m.work".into())),
            receiver: None,
            ctx,
            api: api.into(),
            handle,
            args: vec![].into(),
            once: false,
            span: sp(a, b),
        })
    }

    fn module(body: Vec<Stmt>) -> Module {
        Module {
            file: FileId(0),
            lang: Lang::Python,
            name: "m".into(),
            functions: vec![Function {
                name: "m.f".into(),
                short_name: "f".into(),
                class: None,
                span: sp(0, 1),
                is_async: false,
                is_module_body: false,
                params: vec![],
                body,
            }],
            classes: vec![],
            decls: vec![],
            aliases: vec![],
            facts: ModuleFacts::default(),
        }
    }

    fn kinds(body: Vec<Stmt>) -> Vec<(HandleKind, bool)> {
        Lifecycle::compute(&[module(body)], &models())
            .unjoined
            .iter()
            .map(|u| (u.kind, u.kept_in.is_some()))
            .collect()
    }

    #[test]
    fn discarded_future_and_task_are_found() {
        let submit = "concurrent.futures.ThreadPoolExecutor.submit";
        assert_eq!(
            kinds(vec![spawn(submit, None, 10, 20, ExecCtx::Thread)]),
            [(HandleKind::Future, false)]
        );
        assert_eq!(
            kinds(vec![spawn(
                "asyncio.create_task",
                None,
                10,
                20,
                ExecCtx::Task
            )]),
            [(HandleKind::Task, false)]
        );
        // Awaited at once: `await create_task(..)`.
        let awaited = vec![
            spawn("asyncio.create_task", None, 10, 20, ExecCtx::Task),
            Stmt::Event(Event::Await { span: sp(4, 20) }),
        ];
        assert!(kinds(awaited).is_empty());
    }

    #[test]
    fn kept_future_needs_a_use() {
        let submit = "concurrent.futures.ThreadPoolExecutor.submit";
        let unused = vec![spawn(submit, Some(local("fut")), 10, 20, ExecCtx::Thread)];
        assert_eq!(kinds(unused), [(HandleKind::Future, true)]);
        let checked = vec![
            spawn(submit, Some(local("fut")), 10, 20, ExecCtx::Thread),
            Stmt::Event(Event::MethodCall {
                place: local("fut"),
                method: "result".into(),
                args: vec![].into(),
                span: sp(30, 40),
            }),
        ];
        assert!(kinds(checked).is_empty());
    }

    #[test]
    fn thread_joined_or_handed_on_is_fine() {
        let started = |extra: Vec<Stmt>| {
            let mut body = vec![
                spawn(
                    "threading.Thread",
                    Some(local("t")),
                    10,
                    20,
                    ExecCtx::Thread,
                ),
                Stmt::Event(Event::MethodCall {
                    place: local("t"),
                    method: "start".into(),
                    args: vec![].into(),
                    span: sp(22, 30),
                }),
            ];
            body.extend(extra);
            kinds(body)
        };
        assert_eq!(started(vec![]), [(HandleKind::Joinable, true)]);
        let joined = Stmt::Event(Event::Join {
            handle: local("t"),
            timed: false,
            span: sp(40, 48),
        });
        assert!(started(vec![joined]).is_empty());
        let passed = Stmt::Event(Event::Call {
            callee: Callee::Dynamic {
                method: "append".into(),
            },
            args: vec![Some(local("t"))].into(),
            kwargs: vec![].into(),
            receiver: None,
            span: sp(40, 48),
        });
        assert!(started(vec![passed]).is_empty());
        let daemon = Stmt::Event(Event::MethodCall {
            place: local("t"),
            method: "setDaemon".into(),
            args: vec![].into(),
            span: sp(40, 48),
        });
        assert!(started(vec![daemon]).is_empty());
    }
}
