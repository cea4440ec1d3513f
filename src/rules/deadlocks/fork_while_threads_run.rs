//! KN206 fork-while-threads-run: the process forks (`os.fork()`, or `multiprocessing` starting a
//! process or building a pool under the `fork` start method) while another of its threads runs:
//! from a worker thread, or in the window where the code that started a thread has not joined it
//! yet. The child gets a copy of every lock as it was at the fork, but only the forking thread;
//! a lock another thread held then (a logging handler's, `sys.stdout`'s buffer, an import lock)
//! is held forever in the child, which hangs the first time it takes it. Which operations fork
//! comes from the models (`[[fork]]`). Python only: Rust programs fork through `Command`, which
//! execs at once.

use rustc_hash::FxHashSet as HashSet;

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::contexts::{reach_chain, thread_reach, Context};
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::ir::{Callee, Event, ExecCtx};
use crate::models::Models;
use crate::rules::races::func_name;
use crate::rules::{rule_doc, start_method_set, Family, RuleDef, Status};
use crate::source::{Lang, Span};

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
    let graph = facts.callgraph();
    // A program that asks for `spawn` or `forkserver` anywhere starts its processes that way.
    let other_method = start_method_set(graph.program(), |m| m != "fork");
    let mut reported: HashSet<Span> = HashSet::default();
    let contexts = &facts.sharing().contexts.list;
    for ctx in contexts {
        if ctx.kind != ExecCtx::Thread || graph.module_of(ctx.entry).lang != Lang::Python {
            continue;
        }
        if let Some(worker) = ctx.creator_of.and_then(|w| contexts.get(w)) {
            creator_forks(
                graph,
                facts.models,
                ctx,
                worker,
                other_method,
                &mut reported,
                out,
            );
            continue;
        }
        // The functions the thread runs; a coroutine runs on an event loop, not on this thread.
        if graph.function(ctx.entry).is_async {
            continue;
        }
        let (order, parent) = thread_reach(graph, ctx.entry);
        for &f in &order {
            for fork in fork_points(graph, facts.models, f, other_method) {
                if !reported.insert(fork.span) {
                    continue;
                }
                let entry = func_name(graph, ctx.entry);
                let mut finding = Finding::new(
                    &RULE,
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
}

/// Forks by the code that started `worker`'s thread, between the start and the join: in the
/// spawner's own body inside the window, and in what it calls there.
fn creator_forks(
    graph: &CallGraph<'_>,
    models: &Models,
    creator: &Context,
    worker: &Context,
    other_method: bool,
    reported: &mut HashSet<Span>,
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
        // method that started it) forks there only in its own body: what its calls reach is
        // too wide a guess to report a hang on.
        if creator.kept_in.is_some() && f != creator.entry {
            continue;
        }
        for fork in fork_points(graph, models, f, other_method) {
            if !creator.in_window(f, fork.span) || reported.contains(&fork.span) {
                continue;
            }
            if *handled.get_or_insert_with(|| resets_after_fork(graph, worker.entry)) {
                return;
            }
            reported.insert(fork.span);
            let mut finding = Finding::new(
                &RULE,
                fork.span,
                format!(
                    "{} forks while the thread running `{entry}` may still run: a lock that thread holds at that moment is copied held into the child, which hangs when it takes it",
                    fork.what
                ),
            )
            .with_label("forks here, before the thread is joined")
            .with_related(worker.spawn, format!("the thread running `{entry}` starts here"));
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

/// The operations in `f` that fork the process, in event order.
fn fork_points(
    graph: &CallGraph<'_>,
    models: &Models,
    f: FuncId,
    other_method: bool,
) -> Vec<ForkPoint> {
    let mut out = Vec::new();
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
        let Some(start_method) = models.fork(name) else {
            continue;
        };
        if start_method && other_method {
            continue;
        }
        let short = name.rsplit('.').next().unwrap_or(name);
        let what = if call {
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
