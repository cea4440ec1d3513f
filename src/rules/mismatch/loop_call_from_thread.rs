//! KN509 loop-call-from-thread: code on a worker thread uses an object of an asyncio event loop
//! (`event.set()`, `queue.put_nowait()`, `loop.call_soon()`, `asyncio.create_task()`) instead
//! of handing the call to the loop (`call_soon_threadsafe`, `run_coroutine_threadsafe`).
//! asyncio objects are not thread-safe: the loop may miss the wake-up and sleep on, or its
//! internal state breaks. Which operations are bound to the loop comes from the models
//! (`[[loop_bound]]`, `[[loop_runner]]`).
//!
//! What a thread runs is `contexts::thread_reach`: the plain functions it reaches.

use std::borrow::Cow;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::contexts::{reach_chain, thread_reach};
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::ir::{Callee, Event, ExecCtx, Place, Stmt};
use crate::rules::{declared_types, rule_doc, Family, RuleDef, Status};
use crate::source::{Lang, Span};

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN509",
    name: "loop-call-from-thread",
    family: Family::Mismatch,
    langs: &[Lang::Python],
    status: Status::Stable,
    severity: Severity::Error,
    doc: rule_doc!("KN509"),
    check: Some(check),
};

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let graph = facts.callgraph();
    let types = declared_types(graph.program());
    let mut reported: HashSet<Span> = HashSet::default();
    for ctx in &facts.sharing().contexts.list {
        if ctx.kind != ExecCtx::Thread || ctx.is_creator() {
            continue;
        }
        let entry = graph.function(ctx.entry);
        if entry.is_async || graph.module_of(ctx.entry).lang != Lang::Python {
            continue;
        }
        let (order, parent) = thread_reach(graph, ctx.entry);
        // Code past a function that asks for the running loop outside a `try` runs on a loop's
        // thread: `asyncio.get_running_loop()` raises anywhere else.
        let on_loop = on_loop_thread(graph, &order, &parent);
        // Locals of these functions are the thread's own; a closure's captured local is not.
        let own: HashSet<&str> = order
            .iter()
            .map(|&f| graph.function(f).name.as_str())
            .collect();
        // A thread that creates or runs a loop of its own owns what it touches.
        // (`asyncio.run(..)` is lowered as the blocking call it also is.)
        if order.iter().any(|&f| {
            operations(graph, f, &types, &own).any(|(key, _)| facts.models.is_loop_runner(&key))
                || graph.events(f).iter().any(|e| {
                    matches!(e, Event::Blocking { api, .. } if facts.models.is_loop_runner(api.as_str()))
                })
        }) {
            continue;
        }
        for &f in order.iter().filter(|f| !on_loop.contains(f)) {
            for (key, span) in operations(graph, f, &types, &own) {
                let Some(instead) = facts.models.loop_bound(&key) else {
                    continue;
                };
                if !reported.insert(span) {
                    continue;
                }
                let what = short(&key);
                let mut finding = Finding::new(
                    &RULE,
                    span,
                    format!(
                        "`{what}` runs on a worker thread, but {} may only be used from {}",
                        if key.starts_with("twisted.") {
                            "Twisted's Deferreds"
                        } else {
                            "asyncio objects"
                        },
                        if key.starts_with("twisted.") {
                            "the reactor's thread"
                        } else {
                            "their event loop's thread"
                        }
                    ),
                )
                .with_label("called from the worker thread here")
                .with_related(
                    ctx.spawn,
                    format!("the thread running `{}` starts here", entry.short_name),
                )
                .with_help(format!(
                    "{instead}; the loop may otherwise miss the wake-up or corrupt its state"
                ));
                // The calls that lead from the thread's entry to here, outermost first.
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
                out.push(finding);
            }
        }
    }
}

/// The functions of a thread's `order` that run only on an event loop's thread: those asking
/// for the running loop outside a `try` (it raises on a thread without one), and those reached
/// from the thread's entry only through one (by `parent`, the first call found to each).
fn on_loop_thread(
    graph: &CallGraph<'_>,
    order: &[FuncId],
    parent: &HashMap<FuncId, (FuncId, Span)>,
) -> HashSet<FuncId> {
    let mut on_loop: HashSet<FuncId> = HashSet::default();
    for &f in order {
        let asserts = asserts_running_loop(&graph.function(f).body);
        if asserts || parent.get(&f).is_some_and(|(p, _)| on_loop.contains(p)) {
            on_loop.insert(f);
        }
    }
    on_loop
}

/// Whether `body` calls `asyncio.get_running_loop()` outside the body of a `try` that handles
/// errors (`try: loop = asyncio.get_running_loop() except RuntimeError: ..` asks, not asserts).
fn asserts_running_loop(body: &[Stmt]) -> bool {
    body.iter().any(|s| match s {
        Stmt::Event(Event::Call {
            callee: Callee::Path(q),
            ..
        }) => q.as_str() == "asyncio.get_running_loop",
        Stmt::Try { handlers, body, .. } if !handlers.is_empty() => {
            let mut rest = false;
            s.each_body(&mut |b| {
                if !std::ptr::eq(b.as_ptr(), body.as_ptr()) {
                    rest |= asserts_running_loop(b);
                }
            });
            rest
        }
        _ => {
            let mut found = false;
            s.each_body(&mut |b| found |= asserts_running_loop(b));
            found
        }
    })
}

/// What a function does that a model may name: `Type.method` for a method called on a field or
/// global of a declared type, the API of a spawn, the path of a call; with the span.
fn operations<'g>(
    graph: &'g CallGraph<'_>,
    f: FuncId,
    types: &'g HashMap<&'g Place, &'g str>,
    own: &'g HashSet<&str>,
) -> impl Iterator<Item = (Cow<'static, str>, Span)> + 'g {
    // Locals of `f` last bound from a field or global (`loop = self.loop`): that object, not
    // one of the thread's own.
    let mut aliases: HashMap<&Place, &Place> = HashMap::default();
    for e in graph.events(f) {
        if let Event::Bind {
            target: local @ Place::Local { .. },
            value,
            ..
        } = e
        {
            match value {
                Some(from @ (Place::Field { .. } | Place::Global(_))) => {
                    aliases.insert(local, from);
                }
                _ => {
                    aliases.remove(local);
                }
            }
        }
    }
    // The declared type of a place the thread shares: a local of a function outside the
    // thread (captured by a closure it runs), a field, a global, or what every caller passes.
    let shared_type = move |place: &Place| match place {
        Place::Local { function, .. } if own.contains(function.as_str()) => {
            types.get(aliases.get(place)?).copied()
        }
        Place::Param { .. } => graph
            .params()
            .place(place)
            .and_then(|p| types.get(p).copied()),
        _ => types.get(place).copied(),
    };
    graph.events(f).iter().filter_map(move |e| match e {
        Event::MethodCall {
            place,
            method,
            span,
            ..
        } => {
            let ty = shared_type(place)?;
            Some((Cow::Owned(format!("{ty}.{method}")), *span))
        }
        // A method of a library type called on a typed place (`queue.put(x)` on a
        // `DeferredQueue`).
        Event::Call {
            callee: Callee::Method { class, method },
            receiver: Some(place),
            span,
            ..
        } => {
            shared_type(place)?;
            Some((Cow::Owned(format!("{class}.{method}")), *span))
        }
        // Interned names: no allocation for the many plain calls.
        Event::Spawn { api, span, .. } => Some((Cow::Borrowed(api.as_str()), *span)),
        Event::Call {
            callee: Callee::Path(q),
            span,
            ..
        } => Some((Cow::Borrowed(q.as_str()), *span)),
        _ => None,
    })
}

/// `asyncio.Event.set` -> `Event.set`, `asyncio.create_task` -> `create_task`.
fn short(key: &str) -> &str {
    let mut dots = key.rmatch_indices('.');
    match (dots.next(), dots.next()) {
        (Some(_), Some((i, _))) if key[i + 1..].starts_with(char::is_uppercase) => &key[i + 1..],
        (Some((i, _)), _) => &key[i + 1..],
        _ => key,
    }
}
