//! KN305 coroutine-never-awaited: a statement calls a coroutine function and drops the result.
//! Calling an `async def` only builds a coroutine object; its body runs when something awaits
//! it or schedules it, so the statement does nothing (Python warns at garbage collection, long
//! after the lost work).

use rustc_hash::FxHashSet as HashSet;

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::ir::{Callee, Event, Function};
use crate::rules::lifecycle::last_segment;
use crate::rules::{declared_types, rule_doc, Family, RuleDef, Status};
use crate::source::{Lang, Span};

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN305",
    name: "coroutine-never-awaited",
    family: Family::Lifecycle,
    langs: &[Lang::Python],
    status: Status::Stable,
    severity: Severity::Error,
    doc: rule_doc!("KN305"),
    check: Some(check),
};

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let graph = facts.callgraph();
    let discarded: HashSet<Span> = facts
        .program
        .modules
        .iter()
        .filter(|m| m.lang == Lang::Python)
        .flat_map(|m| m.facts.discarded_calls.iter().copied())
        .collect();
    // Calls the code made after checking the callable is no coroutine function.
    let checked: HashSet<Span> = (facts.program.modules.iter())
        .flat_map(|m| m.facts.sync_checked_calls.iter().copied())
        .collect();
    if discarded.is_empty() {
        return;
    }
    let types = declared_types(facts.program);
    for id in graph.ids() {
        for event in graph.events(id) {
            let finding = match event {
                Event::Call { callee, span, .. }
                    if discarded.contains(span) && !checked.contains(span) =>
                {
                    let resolved = graph.calls(id).iter().find(|c| c.span == *span);
                    match resolved {
                        Some(site) => {
                            let target = graph.function(site.callee);
                            if !is_coroutine_function(graph, site.callee)
                                || overridden_by_sync(graph, callee, target)
                            {
                                continue;
                            }
                            report(*span, &target.short_name).with_related(
                                target.span,
                                format!("`{}` is an `async def`", target.short_name),
                            )
                        }
                        None => match callee {
                            Callee::Path(q) if facts.models.is_coroutine(q.as_str()) => {
                                report(*span, last_segment(q.as_str()))
                            }
                            _ => continue,
                        },
                    }
                }
                // `self.queue.put(x)` on an `asyncio.Queue`.
                Event::MethodCall {
                    place,
                    method,
                    span,
                    ..
                } if discarded.contains(span) => {
                    let Some(ty) = types.get(place) else {
                        continue;
                    };
                    if !facts.models.is_coroutine(&format!("{ty}.{method}")) {
                        continue;
                    }
                    report(*span, method.as_str())
                }
                // `self.lock.acquire()` on an `asyncio.Lock`: the lock is never taken.
                // (A try-acquire, `acquire_nowait()`, takes it at once and makes no coroutine.)
                Event::Acquire(lock)
                    if lock.is_async && lock.blocking && discarded.contains(&lock.span) =>
                {
                    report(lock.span, "acquire").with_label(
                        "the lock is not taken: the coroutine that would take it is dropped here",
                    )
                }
                _ => continue,
            };
            out.push(finding);
        }
    }
}

fn report(span: Span, name: &str) -> Finding {
    Finding::new(
        &RULE,
        span,
        format!("coroutine `{name}` is never awaited, so its body never runs"),
    )
    .with_label("the coroutine this call makes is dropped here")
    .with_help(
        "add `await` before the call, or run the coroutine as a task and keep a reference to the task",
    )
}

/// An `async def` whose call gives a plain coroutine: not an async generator, not under a
/// decorator that may wrap it.
fn is_coroutine_function(graph: &CallGraph<'_>, id: FuncId) -> bool {
    let f = graph.function(id);
    f.is_async
        && !graph
            .module_of(id)
            .facts
            .async_not_coroutine
            .contains(&f.name)
}

/// A method call whose receiver may be an instance of a subclass that overrides the method
/// with a plain `def`: then the call may return no coroutine at all.
fn overridden_by_sync(graph: &CallGraph<'_>, callee: &Callee, target: &Function) -> bool {
    let (Callee::Method { .. }, Some(class)) = (callee, &target.class) else {
        return false;
    };
    graph.program().modules.iter().any(|m| {
        m.classes.iter().any(|c| {
            c.name != *class
                && graph.ancestors(&c.name).iter().any(|a| a == class)
                && graph
                    .resolve_method(&c.name, &target.short_name)
                    .is_some_and(|o| !is_coroutine_function(graph, o))
        })
    })
}
