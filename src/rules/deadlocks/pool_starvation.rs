//! KN207 pool-starvation: work running on a thread pool submits more work to the same pool and
//! waits for it. A pool has a fixed number of workers; when every worker runs such a task and
//! waits, the work they wait for sits in the queue behind them and never gets a worker.
//! Reported when that state is reachable: the pool has one worker, the outer work is started
//! many times at once (in a loop, by `map`, from a context running many times), or the work
//! submits itself again (a recursive walk, one level per worker).
//!
//! A pool's work is followed by `contexts::thread_reach`; pools are told apart by place, from the
//! Python front-end's `ModuleFacts::pool_submits`.

use rustc_hash::FxHashMap as HashMap;

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::contexts::{reach_chain, thread_reach, Context};
use crate::analysis::held_locks::lock_name;
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::ir::{Callee, Event, ExecCtx, Place};
use crate::rules::races::func_name;
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::{Lang, Span};

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN207",
    name: "pool-starvation",
    family: Family::Deadlocks,
    langs: &[Lang::Python],
    status: Status::Stable,
    severity: Severity::Error,
    doc: rule_doc!("KN207"),
    check: Some(check),
};

/// A submission to a thread pool kept in a known place.
#[derive(Clone, Copy)]
struct Submit<'p> {
    pool: &'p Place,
    single_worker: bool,
}

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let cg = facts.callgraph();
    let submits: HashMap<Span, Submit> = cg
        .program()
        .modules
        .iter()
        .flat_map(|m| m.facts.pool_submits.iter())
        .map(|(span, pool, single_worker)| {
            (
                *span,
                Submit {
                    pool,
                    single_worker: *single_worker,
                },
            )
        })
        .collect();
    if submits.is_empty() {
        return;
    }
    let contexts = &facts.sharing().contexts.list;
    let mut reported: Vec<Span> = Vec::new();
    for outer in contexts
        .iter()
        .filter(|c| c.kind == ExecCtx::Thread && !c.is_creator())
    {
        let Some(&runs_on) = submits.get(&outer.spawn) else {
            continue;
        };
        // A pool named by a local or a parameter may be another pool in every call (`pool =
        // self._pools[depth]`): only one a nested function shares with its enclosing call is
        // known to be the same (below).
        if matches!(runs_on.pool, Place::Param { .. }) {
            continue;
        }
        let (reach, parent) = thread_reach(cg, outer.entry);
        for &f in &reach {
            let Some((inner, submitter, wait)) = submit_then_wait(cg, &submits, f, runs_on.pool)
            else {
                continue;
            };
            if let Place::Local { function, .. } = runs_on.pool {
                if cg.function(submitter).name.as_str() == function.as_str() {
                    continue;
                }
            }
            if reported.contains(&wait) {
                continue;
            }
            // The work submitted there comes back to this function: each level takes a worker
            // and waits for the next.
            let recursive = contexts
                .iter()
                .any(|c| c.spawn == inner && !c.is_creator() && c.reach.contains(&f));
            let single = runs_on.single_worker || submits[&inner].single_worker;
            let why = if single {
                "the pool has one worker, and this work holds it".to_string()
            } else if recursive {
                "the work it submits submits again and waits in turn, one worker per level"
                    .to_string()
            } else if outer.many {
                format!(
                    "`{}()` runs many times at once on the pool",
                    cg.function(outer.entry).short_name
                )
            } else {
                continue;
            };
            reported.push(wait);
            out.push(finding(
                cg,
                outer,
                f,
                inner,
                wait,
                runs_on.pool,
                &why,
                &parent,
            ));
        }
    }
}

/// In `f`, a submission to `pool` (directly, or through a call of a function that submits to
/// it directly) followed by a wait for a result: the submission's span, the function making
/// it, and the wait's span.
fn submit_then_wait(
    cg: &CallGraph<'_>,
    submits: &HashMap<Span, Submit>,
    f: FuncId,
    pool: &Place,
) -> Option<(Span, FuncId, Span)> {
    let on_pool = |span: &Span| submits.get(span).is_some_and(|s| s.pool == pool);
    // The first submission in source order: a spawn here, or a call of a wrapper.
    // (where in `f`, the submission's own span, the function making it)
    let mut first: Option<(Span, Span, FuncId)> = None;
    for e in cg.events(f) {
        if let Event::Spawn { span, .. } = e {
            if on_pool(span) && first.is_none_or(|(at, ..)| span.start < at.start) {
                first = Some((*span, *span, f));
            }
        }
    }
    for site in cg.calls(f) {
        if first.is_some_and(|(at, ..)| at.start <= site.span.start) {
            continue;
        }
        let inner = cg.events(site.callee).iter().find_map(|e| match e {
            Event::Spawn { span, .. } if on_pool(span) => Some(*span),
            _ => None,
        });
        if let Some(inner) = inner {
            first = Some((site.span, inner, site.callee));
        }
    }
    let (at, inner, submitter) = first?;
    // `pool.apply(f)` hands the work over and waits for it in one call.
    let waits_itself = cg.events(submitter).iter().any(|e| {
        matches!(e, Event::Spawn { span, api, .. } if *span == inner && api.as_str().ends_with(".apply"))
    });
    if waits_itself {
        return Some((inner, submitter, at));
    }
    let wait = cg
        .events(f)
        .iter()
        .filter(|e| e.span().start >= at.start && is_wait(e))
        .map(|e| e.span())
        .min_by_key(|s| s.start)?;
    Some((inner, submitter, wait))
}

/// A wait for a pool's result: `fut.result()`, `concurrent.futures.wait(..)`, `as_completed`.
fn is_wait(e: &Event) -> bool {
    match e {
        Event::MethodCall { method, .. } => method.as_str() == "result",
        Event::Call {
            callee: Callee::Dynamic { method } | Callee::Method { method, .. },
            ..
        } => method.as_str() == "result",
        Event::Blocking { api, .. } => matches!(
            api.as_str(),
            "concurrent.futures.wait"
                | "concurrent.futures.as_completed"
                | "concurrent.futures.Future.result"
        ),
        _ => false,
    }
}

#[allow(clippy::too_many_arguments)]
fn finding(
    cg: &CallGraph<'_>,
    outer: &Context,
    waiter: FuncId,
    inner: Span,
    wait: Span,
    pool: &Place,
    why: &str,
    parent: &HashMap<FuncId, (FuncId, Span)>,
) -> Finding {
    let pool_name = lock_name(pool);
    let entry = cg.function(outer.entry).short_name.clone();
    let mut finding = Finding::new(
        &RULE,
        wait,
        format!(
            "`{}` waits for work it submitted to `{pool_name}` while running on `{pool_name}` itself: {why}, so the work it waits for can sit in the queue behind it for ever",
            func_name(cg, waiter)
        ),
    )
    .with_label(format!("waits here on a worker of `{pool_name}`"))
    .with_related(outer.spawn, format!("`{entry}()` submitted to `{pool_name}` here"));
    for (_, site, callee) in reach_chain(parent, waiter) {
        finding = finding.with_related(
            site,
            format!("`{}()` called here", cg.function(callee).short_name),
        );
    }
    if inner != outer.spawn {
        finding = finding.with_related(inner, format!("more work submitted to `{pool_name}` here"));
    }
    finding.with_help(format!(
        "submit the inner work to another pool, or return its future and let the caller outside `{pool_name}` wait for it"
    ))
}
