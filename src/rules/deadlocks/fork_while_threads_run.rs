//! KN206 fork-while-threads-run: the process forks (`os.fork()`) while another of its threads
//! runs: from a worker thread, in the window where the code that started a thread has not joined
//! it yet, or after a call that starts a thread and leaves it running. The child gets a copy of
//! every lock as it was at the fork, but only the forking thread; a lock another thread held then
//! (a logging handler's, `sys.stdout`'s buffer, an import lock) is held forever in the child,
//! which hangs the first time it takes it. Which operations fork comes from the models
//! (`[[fork]]`); those that start a process through `multiprocessing` under the `fork` start
//! method are KN511's, which shares this analysis ([`report_forks`]). Python only: Rust programs
//! fork through `Command`, which execs at once.
//!
//! `report_forks` is one analysis over `contexts`, split between KN206 and KN511 by whether the
//! fork starts a process through `multiprocessing`. It also follows the callers of a function that
//! returns with a thread running, and takes a module importing a `[[threaded_library]]` (`jax`) for
//! a multi-threaded process at its own forks (`library_thread_forks`).

use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHashSet as HashSet;

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::contexts::{arms_around, reach_chain, thread_reach, Context};
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::ir::{Callee, Event, ExecCtx, Name};
use crate::models::Models;
use crate::rules::races::func_name;
use crate::rules::{rule_doc, start_method_set, Family, RuleDef, Status};
use crate::source::{FileId, Lang, Span};

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN206",
    name: "fork-while-threads-run",
    family: Family::Deadlocks,
    langs: &[Lang::Python],
    status: Status::Stable,
    severity: Severity::Warning,
    doc: rule_doc!("KN206"),
    check: Some(check),
};

/// One operation that forks: where, what it is called in the message, and whether it forks
/// only under the `fork` start method.
struct ForkPoint {
    span: Span,
    what: String,
    start_method: bool,
}

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    report_forks(facts, &RULE, false, out);
}

/// What was reported: each fork once, and one fork per function and thread (a pool built and
/// then used in one function is one finding, at the first).
#[derive(Default)]
struct Reported {
    forks: HashSet<Span>,
    pairs: HashSet<(FuncId, Span)>,
}

impl Reported {
    fn contains(&self, f: FuncId, thread: Span, fork: Span) -> bool {
        self.forks.contains(&fork) || self.pairs.contains(&(f, thread))
    }

    fn insert(&mut self, f: FuncId, thread: Span, fork: Span) {
        self.forks.insert(fork);
        self.pairs.insert((f, thread));
    }
}

/// Which forks a rule reports, and as what.
struct Forks {
    rule: &'static RuleDef,
    /// Those that start a process through `multiprocessing` (KN511), or the others (KN206).
    process_starts: bool,
    /// The program asks for `spawn` or `forkserver` somewhere: it starts its processes that way.
    other_method: bool,
    /// Operations some call of which the program gives a start method (`mp_context=`): the
    /// methods of what they build (`ForkOp::chosen_at`) may run on such an object.
    chosen_types: HashSet<Name>,
}

/// Reports, as `rule`, the forks while another thread runs: those that start a process through
/// `multiprocessing` when `process_starts`, the bare forks (`os.fork()`) otherwise.
pub(crate) fn report_forks(
    facts: &Facts,
    rule: &'static RuleDef,
    process_starts: bool,
    out: &mut Vec<Finding>,
) {
    let graph = facts.callgraph();
    let forks = Forks {
        rule,
        process_starts,
        other_method: start_method_set(graph.program(), |m| m != "fork"),
        chosen_types: chosen_types(graph),
    };
    let mut reported = Reported::default();
    let contexts = &facts.sharing().contexts.list;
    // First, so that a fork after such a call names the call.
    left_running_forks(graph, facts.models, &forks, contexts, &mut reported, out);
    for ctx in contexts {
        if ctx.kind != ExecCtx::Thread || graph.module_of(ctx.entry).lang != Lang::Python {
            continue;
        }
        if let Some(worker) = ctx.creator_of.and_then(|w| contexts.get(w)) {
            creator_forks(graph, facts.models, &forks, ctx, worker, &mut reported, out);
            continue;
        }
        // The functions the thread runs; a coroutine runs on an event loop, not on this thread.
        if graph.function(ctx.entry).is_async {
            continue;
        }
        let (order, parent) = thread_reach(graph, ctx.entry);
        for &f in &order {
            for fork in fork_points(graph, facts.models, &forks, f) {
                if reported.contains(f, ctx.spawn, fork.span) {
                    continue;
                }
                reported.insert(f, ctx.spawn, fork.span);
                let entry = func_name(graph, ctx.entry);
                let mut finding = Finding::new(
                    forks.rule,
                    fork.span,
                    format!(
                        "{} forks on a worker thread (the thread running `{entry}`), so other threads run at the fork: a lock one of them holds at that moment is copied held into the child, which hangs when it takes it",
                        fork.what
                    ),
                )
                .with_label("forks here, off the main thread")
                .with_related(ctx.spawn, format!("the thread running `{entry}` starts here"));
                for (caller, site, callee) in reach_chain(&parent, f) {
                    finding = finding.with_related(
                        site,
                        format!(
                            "`{}` calls `{}`",
                            graph.function(caller).short_name,
                            graph.function(callee).short_name
                        ),
                    );
                }
                out.push(finding.with_help(help(&fork)));
            }
        }
    }
    // Last: a fork beside a thread of the program names that thread.
    library_thread_forks(graph, facts.models, &forks, &mut reported, out);
}

/// Forks in a module that imports a library running threads of its own once used
/// (`[[threaded_library]]`: `import jax.numpy as jnp`): the process is multi-threaded wherever
/// the module forks. Only the importing module's own code counts: another module of the
/// program may run before the library is imported, or in a process that never imports it.
fn library_thread_forks(
    graph: &CallGraph<'_>,
    models: &Models,
    forks: &Forks,
    reported: &mut Reported,
    out: &mut Vec<Finding>,
) {
    let mut importers: HashMap<FileId, (Span, &str, &str)> = HashMap::default();
    for m in &graph.program().modules {
        if m.lang != Lang::Python {
            continue;
        }
        let first = m.facts.imports.iter().find_map(|i| {
            let (library, threads) = models.threaded_library(&i.name)?;
            Some((i.span, library, threads))
        });
        if let Some(found) = first {
            importers.insert(m.file, found);
        }
    }
    if importers.is_empty() {
        return;
    }
    for f in graph.ids() {
        let Some(&(import, library, threads)) = importers.get(&graph.module_of(f).file) else {
            continue;
        };
        for fork in fork_points(graph, models, forks, f) {
            // One finding per function (a pool built, then given work).
            if reported.contains(f, import, fork.span) {
                continue;
            }
            reported.insert(f, import, fork.span);
            out.push(
                Finding::new(
                    forks.rule,
                    fork.span,
                    format!(
                        "{} forks a process that has imported `{library}`: {threads} run in it once `{library}` is used, and a lock one of them holds at the fork is copied held into the child, which hangs when it takes it",
                        fork.what
                    ),
                )
                .with_label("forks here")
                .with_related(import, format!("`{library}` is imported here: its {threads} run once it is used"))
                .with_help(help(&fork)),
            );
        }
    }
}

/// Forks by the code that started `worker`'s thread, between the start and the join: in the
/// spawner's own body inside the window, and in what it calls there.
fn creator_forks(
    graph: &CallGraph<'_>,
    models: &Models,
    forks: &Forks,
    creator: &Context,
    worker: &Context,
    reported: &mut Reported,
    out: &mut Vec<Finding>,
) {
    let entry = func_name(graph, worker.entry);
    // Asked only once a fork in the window is found.
    let mut handled: Option<bool> = None;
    for &f in &creator.reach {
        // The spawner's own forks count inside the window; a coroutine it calls runs on a loop.
        if f != creator.entry && graph.function(f).is_async {
            continue;
        }
        // Code running beside a thread an object keeps (a later method, or a caller of the
        // method that started it) is left to `left_running_forks`, which follows the callers
        // of every function that leaves a thread running, kept in a field or not. Except the
        // object's own code a start made once (`if self._thread is None:`) is written to run
        // again: a method calling it each time (`submit()` forking a worker, then starting
        // the manager thread if none runs) forks beside the thread from its second call on.
        if creator.kept_in.is_some() && !restarted_by_own_method(graph, creator, worker) {
            return;
        }
        for fork in fork_points(graph, models, forks, f) {
            if !creator.in_window(f, fork.span) || reported.contains(f, worker.spawn, fork.span) {
                continue;
            }
            // A later call of a thread started once: only the forks outside the arm that
            // starts it (that arm runs when no thread does), in code that does not ask which
            // start method it runs under (`get_start_method() != "fork"` choosing not to).
            if creator.again
                && (in_start_arm(graph, creator, worker, f, fork.span)
                    || only_through_spawner(graph, creator, worker, f)
                    || asks_start_method(graph, f))
            {
                continue;
            }
            if *handled.get_or_insert_with(|| resets_after_fork(graph, worker.entry)) {
                return;
            }
            reported.insert(f, worker.spawn, fork.span);
            let mut finding = if creator.again {
                let method = &graph.function(creator.entry).short_name;
                let starter = worker
                    .spawner
                    .map_or(method, |s| &graph.function(s).short_name);
                Finding::new(
                    forks.rule,
                    fork.span,
                    format!(
                        "{} forks while the thread running `{entry}` may run: `{starter}` starts that thread only when none runs yet, so every call of `{method}` after the first forks beside it, and a lock the thread holds at that moment is copied held into the child, which hangs when it takes it",
                        fork.what
                    ),
                )
                .with_label("forks here, on later calls with the thread running")
                .with_related(
                    worker.spawn,
                    format!("the thread running `{entry}` starts here, once"),
                )
            } else {
                Finding::new(
                    forks.rule,
                    fork.span,
                    format!(
                        "{} forks while the thread running `{entry}` may still run: a lock that thread holds at that moment is copied held into the child, which hangs when it takes it",
                        fork.what
                    ),
                )
                .with_label("forks here, before the thread is joined")
                .with_related(worker.spawn, format!("the thread running `{entry}` starts here"))
            };
            if f != creator.entry {
                if let Some(site) = graph.calls(creator.entry).iter().find(|c| {
                    creator.in_window(creator.entry, c.span) && reaches(graph, c.callee, f)
                }) {
                    finding = finding.with_related(
                        site.span,
                        format!(
                            "`{}` is called here",
                            graph.function(site.callee).short_name
                        ),
                    );
                }
            }
            out.push(finding.with_help(help(&fork)));
        }
    }
}

/// Whether `creator` is the window of a thread started once (`Context::again`) in the code of
/// the object that keeps it: the spawning method itself, or a method of its class calling it.
/// A caller elsewhere (`main()` calling `manager.start()`) may run only once.
fn restarted_by_own_method(graph: &CallGraph<'_>, creator: &Context, worker: &Context) -> bool {
    let Some(spawner) = worker.spawner else {
        return false;
    };
    let class = |f: FuncId| graph.function(f).class.clone();
    creator.again
        && (creator.entry == spawner
            || (class(spawner).is_some() && class(creator.entry) == class(spawner)))
}

/// Whether the fork at `fork` in `f` runs only in the arm of the branch that starts the thread
/// of `worker` (`if self._thread is None: fork(); start()`), or in a function the spawner
/// reaches only through calls made there: such code runs when no thread does.
fn in_start_arm(
    graph: &CallGraph<'_>,
    creator: &Context,
    worker: &Context,
    f: FuncId,
    fork: Span,
) -> bool {
    if Some(creator.entry) != worker.spawner {
        return false;
    }
    let Some(start_arms) = arms_around(&graph.function(creator.entry).body, worker.spawn) else {
        return false;
    };
    let body = &graph.function(creator.entry).body;
    let in_arm = |at: Span| {
        arms_around(body, at).is_some_and(|arms| arms.iter().any(|a| start_arms.contains(a)))
    };
    if f == creator.entry {
        return in_arm(fork);
    }
    let mut sites = (graph.calls(creator.entry).iter())
        .filter(|c| c.callee != creator.entry && reaches(graph, c.callee, f))
        .peekable();
    sites.peek().is_some() && sites.all(|c| in_arm(c.span))
}

/// Whether a caller's window reaches the fork in `f` only through its calls of the spawner of
/// `worker`, whose own window judges the forks it makes.
fn only_through_spawner(
    graph: &CallGraph<'_>,
    creator: &Context,
    worker: &Context,
    f: FuncId,
) -> bool {
    let Some(spawner) = worker.spawner else {
        return false;
    };
    creator.entry != spawner
        && f != creator.entry
        && !(graph.calls(creator.entry).iter()).any(|c| {
            c.callee != spawner && c.callee != creator.entry && reaches(graph, c.callee, f)
        })
}

/// Whether the class of `f` (or its module, for a plain function) asks which start method it
/// runs under (`ctx.get_start_method()`): code that does chooses what to do under `fork`.
fn asks_start_method(graph: &CallGraph<'_>, f: FuncId) -> bool {
    let func = graph.function(f);
    let module = graph.module_of(f);
    module
        .functions
        .iter()
        .filter(|g| g.class == func.class)
        .any(|g| {
            let mut asks = false;
            crate::ir::walk_events(&g.body, &mut |e| {
                asks |= match e {
                    Event::Call { callee, .. } => match callee {
                        Callee::Path(p) => p.as_str().ends_with(".get_start_method"),
                        Callee::Method { method, .. } | Callee::Dynamic { method } => {
                            method.as_str() == "get_start_method"
                        }
                    },
                    Event::MethodCall { method, .. } => method.as_str() == "get_start_method",
                    _ => false,
                };
            });
            asks
        })
}

/// How many callers up a thread left running by a call is followed (`main()` calling
/// `configure()` calling `setup()` calling `start_exporter()`).
const LEFT_RUNNING_DEPTH: usize = 3;

/// A function that returns with a thread still running: the function, the worker context's
/// index, and the calls from the function down to the spawner, as (callee, call site).
type LeftRunning = (FuncId, usize, Vec<(FuncId, Span)>);

/// Forks after a call that starts a thread and leaves it running (never joins it there, so the
/// thread outlives the call): in the caller's own body, after the call and before the caller
/// joins any thread or calls what does; a fork in another arm of a branch around the call is
/// not after it. What the caller calls later is too wide a guess to report a hang on.
fn left_running_forks(
    graph: &CallGraph<'_>,
    models: &Models,
    forks: &Forks,
    contexts: &[Context],
    reported: &mut Reported,
    out: &mut Vec<Finding>,
) {
    // The functions that return with a thread still running: (function, worker, call chain
    // from the function down to the spawner).
    // The workers whose spawner never joins them: their creator window runs to its end.
    let open_ended: HashSet<usize> = contexts
        .iter()
        .filter(|c| c.kept_in.is_none() && c.window.is_some_and(|(_, end)| end == u32::MAX))
        .filter_map(|c| c.creator_of)
        .collect();
    let mut level: Vec<LeftRunning> = contexts
        .iter()
        .enumerate()
        .filter(|(_, w)| !w.is_creator() && w.kind == ExecCtx::Thread)
        .filter(|(_, w)| !w.per_request && !w.joined && !graph.function(w.entry).is_async)
        .filter_map(|(i, w)| Some((w.spawner?, i)))
        .filter(|&(spawner, i)| {
            graph.module_of(spawner).lang == Lang::Python && open_ended.contains(&i)
        })
        .map(|(spawner, i)| (spawner, i, Vec::new()))
        .collect();
    if level.is_empty() {
        return;
    }
    let mut seen: HashSet<(FuncId, usize)> = level.iter().map(|&(f, i, _)| (f, i)).collect();
    for _ in 0..LEFT_RUNNING_DEPTH {
        let starters: HashSet<FuncId> = level.iter().map(|&(f, ..)| f).collect();
        let mut next = Vec::new();
        for caller in graph.ids() {
            let func = graph.function(caller);
            if func.is_async
                || !graph
                    .calls(caller)
                    .iter()
                    .any(|c| starters.contains(&c.callee))
            {
                continue;
            }
            let events = graph.events(caller);
            for site in graph.calls(caller) {
                for (starter, worker, chain) in level.iter().filter(|(f, ..)| *f == site.callee) {
                    let w = &contexts[*worker];
                    if w.reach.contains(&caller) || !seen.insert((caller, *worker)) {
                        continue;
                    }
                    let mut chain = chain.clone();
                    chain.insert(0, (*starter, site.span));
                    let end = events
                        .iter()
                        .filter(|e| e.span().start > site.span.end)
                        .find(|e| joins(graph, caller, e))
                        .map_or(u32::MAX, |e| e.span().start);
                    let around = arms_around(&func.body, site.span).unwrap_or_default();
                    // The caller's own forks, then those of the functions it calls there (one
                    // call down), each with where in the caller it happens.
                    let own = fork_points(graph, models, forks, caller)
                        .into_iter()
                        .map(|fork| (fork.span, fork, None));
                    let called = graph
                        .calls(caller)
                        .iter()
                        .filter(|c| {
                            c.callee != caller
                                && !w.reach.contains(&c.callee)
                                && !graph.function(c.callee).is_async
                        })
                        .flat_map(|c| {
                            // Forks the callee makes before it joins a thread of its own.
                            let joined_at = graph
                                .events(c.callee)
                                .iter()
                                .find(|e| joins(graph, c.callee, e))
                                .map_or(u32::MAX, |e| e.span().start);
                            fork_points(graph, models, forks, c.callee)
                                .into_iter()
                                .filter(move |fork| fork.span.start < joined_at)
                                .map(move |fork| (c.span, fork, Some((c.callee, c.span))))
                        });
                    let candidates: Vec<_> = own.chain(called).collect();
                    for (at, fork, via) in candidates {
                        if at.start <= site.span.end
                            || at.start >= end
                            || reported.contains(caller, w.spawn, fork.span)
                        {
                            continue;
                        }
                        let exclusive = arms_around(&func.body, at).is_some_and(|arms| {
                            arms.iter()
                                .any(|(b, i)| around.iter().any(|(c, j)| b == c && i != j))
                        });
                        if exclusive || resets_after_fork(graph, w.entry) {
                            continue;
                        }
                        reported.insert(caller, w.spawn, fork.span);
                        let mut finding = left_running_finding(graph, forks, &fork, w, &chain);
                        if let Some((callee, call)) = via {
                            finding = finding.with_related(
                                call,
                                format!(
                                    "`{}` calls `{}`, which forks, with the thread still running",
                                    func.short_name,
                                    graph.function(callee).short_name
                                ),
                            );
                        }
                        out.push(finding);
                    }
                    next.push((caller, *worker, chain));
                }
            }
        }
        level = next;
    }
}

/// The finding for a fork after the calls in `chain` (outermost first, as (callee, call site))
/// started the thread of `worker` and left it running.
fn left_running_finding(
    graph: &CallGraph<'_>,
    forks: &Forks,
    fork: &ForkPoint,
    worker: &Context,
    chain: &[(FuncId, Span)],
) -> Finding {
    let entry = func_name(graph, worker.entry);
    let (first, site) = chain[0];
    let mut finding = Finding::new(
        forks.rule,
        fork.span,
        format!(
            "{} forks while the thread running `{entry}` runs: `{}` starts it and returns without joining it, and a lock that thread holds at the fork is copied held into the child, which hangs when it takes it",
            fork.what,
            graph.function(first).short_name
        ),
    )
    .with_label("forks here, with the thread still running")
    .with_related(
        site,
        format!(
            "`{}` starts the thread running `{entry}` and leaves it running",
            graph.function(first).short_name
        ),
    );
    for pair in chain.windows(2) {
        finding = finding.with_related(
            pair[1].1,
            format!(
                "`{}` calls `{}`",
                graph.function(pair[0].0).short_name,
                graph.function(pair[1].0).short_name
            ),
        );
    }
    finding
        .with_related(
            worker.spawn,
            format!("the thread running `{entry}` starts here"),
        )
        .with_help(help(fork))
}

/// Whether `event` of `f` joins a thread, itself or through a call of a function that does
/// (up to [`JOIN_DEPTH`] calls down: `console.stop()` calling `self.join()` joining the thread).
fn joins(graph: &CallGraph<'_>, f: FuncId, event: &Event) -> bool {
    match event {
        Event::Join { .. } => true,
        Event::Call { span, .. } => graph.calls(f).iter().any(|c| {
            c.span == *span
                && graph
                    .any_event_within(c.callee, JOIN_DEPTH, &|e| matches!(e, Event::Join { .. }))
        }),
        _ => false,
    }
}

/// How many calls down a join is looked for.
const JOIN_DEPTH: usize = 3;

/// Whether the thread running `entry` runs code of a class (or, for a plain function, a
/// module) that registers fork handlers (`os.register_at_fork(after_in_child=..)`): such code
/// resets the locks it holds in the child, the fix for a lock copied held.
fn resets_after_fork(graph: &CallGraph<'_>, entry: FuncId) -> bool {
    let owner = |f: FuncId| {
        let func = graph.function(f);
        func.class
            .clone()
            .unwrap_or_else(|| graph.module_of(f).name.clone())
    };
    let mut aware: HashSet<String> = HashSet::default();
    for m in &graph.program().modules {
        if !m
            .facts
            .imports
            .iter()
            .any(|i| i.name == "os" || i.name == "os.register_at_fork")
        {
            continue;
        }
        for f in &m.functions {
            let mut registers = false;
            crate::ir::walk_events(&f.body, &mut |e| {
                registers |= matches!(e, Event::Call { callee: Callee::Path(p), .. } if p.as_str() == "os.register_at_fork");
            });
            if registers {
                aware.insert(f.class.clone().unwrap_or_else(|| m.name.clone()));
            }
        }
    }
    if aware.is_empty() {
        return false;
    }
    let (order, _) = thread_reach(graph, entry);
    order.into_iter().any(|f| aware.contains(&owner(f)))
}

/// Whether `to` is `from` or reached from it through calls of plain functions.
fn reaches(graph: &CallGraph<'_>, from: FuncId, to: FuncId) -> bool {
    let (order, _) = thread_reach(graph, from);
    order.contains(&to)
}

/// The APIs of the operations the program gives a start method somewhere (see
/// `ModuleFacts::start_method_chosen`).
fn chosen_types(graph: &CallGraph<'_>) -> HashSet<Name> {
    let mut out = HashSet::default();
    for m in &graph.program().modules {
        if m.facts.start_method_chosen.is_empty() {
            continue;
        }
        for f in &m.functions {
            crate::ir::walk_events(&f.body, &mut |e| {
                if let Event::Open { api, span, .. } | Event::Spawn { api, span, .. } = e {
                    if m.facts.start_method_chosen.contains(span) {
                        out.insert(*api);
                    }
                }
            });
        }
    }
    out
}

/// The operations in `f` that fork the process, in event order.
fn fork_points(graph: &CallGraph<'_>, models: &Models, forks: &Forks, f: FuncId) -> Vec<ForkPoint> {
    let mut out = Vec::new();
    let chosen = &graph.module_of(f).facts.start_method_chosen;
    for event in graph.events(f) {
        let (name, span, call) = match event {
            Event::Call {
                callee: Callee::Path(q),
                span,
                ..
            } => (q.as_str(), *span, true),
            Event::Spawn { api, span, .. } | Event::Open { api, span, .. } => {
                (api.as_str(), *span, false)
            }
            _ => continue,
        };
        let Some(op) = models.fork(name) else {
            continue;
        };
        let start_method = op.start_method;
        if op.process_start != forks.process_starts
            || (start_method && (forks.other_method || chosen.contains(&span)))
            || op
                .chosen_at
                .as_deref()
                .is_some_and(|t| forks.chosen_types.iter().any(|c| c.as_str() == t))
        {
            continue;
        }
        let short = name.rsplit('.').next().unwrap_or(name);
        let what = if let Some(built) = &op.chosen_at {
            let built = built.rsplit('.').next().unwrap_or(built);
            format!("`{short}` on a `{built}`")
        } else if call {
            format!("`{name}()`")
        } else if models.spawn_constructor(name).is_some() {
            format!("starting a `{short}`")
        } else {
            format!("creating a `{short}`")
        };
        out.push(ForkPoint {
            span,
            what,
            start_method,
        });
    }
    out
}

fn help(fork: &ForkPoint) -> &'static str {
    if fork.start_method {
        "start processes from `multiprocessing.get_context(\"spawn\")` or `\"forkserver\"` (or call `multiprocessing.set_start_method` once at startup), or start them before any thread"
    } else {
        "fork before starting any thread, or start a fresh interpreter (`subprocess`, or a `spawn` multiprocessing context) instead"
    }
}
