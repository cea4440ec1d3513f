//! KN204's check of a process joined before the queue it fills is read: `p =
//! Process(target=work, args=(q,)); p.start(); p.join(); result = q.get()`. A process that has
//! put data on a `multiprocessing` queue does not exit until its feeder thread has written the
//! data into the queue's pipe, and once the pipe's buffer is full (64 KiB on Linux) that write
//! waits for a reader. The parent reads only after the join returns, so both wait: forever, or
//! until a join timeout gives up on a child that finished its work. The `multiprocessing`
//! programming guidelines ("Joining processes that use queues") describe it.
//!
//! Per function, a scan of the call graph's events: a `multiprocessing` process started with a
//! pipe-backed queue its target puts on and joined before the function's first read of that queue.
//! A join of a loop's variable over a container of started processes counts
//! (`ModuleFacts::element_handles`). A target that is a parameter of the spawning function
//! (`def run_isolated(work, payload): ctx.Process(target=work, args=(q, payload))`) is each
//! function the callers pass there.

use std::cell::OnceCell;

use rustc_hash::FxHashMap as HashMap;

use crate::analysis::callgraph::{CallGraph, CallSite, FuncId};
use crate::analysis::params::receiver_offset;
use crate::analysis::Facts;
use crate::finding::Finding;
use crate::ir::{Callee, Event, Name, Place};
use crate::rules::lifecycle::last_segment;
use crate::rules::races::{is_lang, place_name};
use crate::source::{Lang, Span};

use super::join_while_holding_lock::RULE;

/// How deep the target's calls are followed to find the put.
const PUT_DEPTH: usize = 2;

pub(super) fn joins_before_draining(facts: &Facts, out: &mut Vec<Finding>) {
    let cg = facts.callgraph();
    let callers = OnceCell::new();
    for f in cg.ids() {
        if !is_lang(cg, f, Lang::Python) {
            continue;
        }
        let events = cg.events(f);
        for (i, e) in events.iter().enumerate() {
            let Event::Spawn {
                target: Some(target),
                api,
                handle: Some(handle),
                args,
                span: start,
                ..
            } = e
            else {
                continue;
            };
            if !is_process(api.as_str()) {
                continue;
            }
            for (pos, queue) in args.iter().enumerate() {
                let Some(queue) = queue.as_ref().filter(|q| is_process_queue(cg, f, q)) else {
                    continue;
                };
                let Some((target, put)) = targets(cg, &callers, f, target).find_map(|t| {
                    let offset = receiver_offset(cg.function(t), args);
                    Some((t, puts_into(cg, t, pos + offset, PUT_DEPTH)?))
                }) else {
                    continue;
                };
                let kept = &cg.module_of(f).facts.element_handles;
                if let Some(join) = joined_before_read(&events[i + 1..], handle, kept, queue) {
                    let q = place_name(cg, queue, f);
                    out.push(finding(cg, target, &q, *start, put, join));
                }
            }
        }
    }
}

/// Call sites by callee, built when a spawn's target is a parameter.
type Callers<'c, 'p> = HashMap<FuncId, Vec<&'c CallSite<'p>>>;

/// The functions a spawn in `f` may run: its target or, when the target is a parameter of `f`
/// (`def run_isolated(work, payload): ctx.Process(target=work, ..)`), each function a call site
/// of `f` passes there (`run_isolated(_qto_worker, payload)`), or that a parameter passed there
/// always receives (`ParamFacts`).
fn targets<'c, 'p>(
    cg: &'c CallGraph<'p>,
    callers: &'c OnceCell<Callers<'c, 'p>>,
    f: FuncId,
    target: &Callee,
) -> impl Iterator<Item = FuncId> + 'c {
    let passed = || -> Option<Vec<FuncId>> {
        let Callee::Dynamic { method } = target else {
            return None;
        };
        let func = cg.function(f);
        let index = func.params.iter().position(|p| p == method.as_str())?;
        let sites = callers.get_or_init(|| {
            let mut by: Callers = HashMap::default();
            for g in cg.ids() {
                for site in cg.calls(g) {
                    by.entry(site.callee).or_default().push(site);
                }
            }
            by
        });
        let mut found: Vec<FuncId> = Vec::new();
        for site in sites.get(&f).map(Vec::as_slice).unwrap_or_default() {
            let at = index.checked_sub(receiver_offset(func, &site.args));
            let Some(arg) = at.and_then(|at| site.args.get(at)).and_then(Option::as_ref) else {
                continue;
            };
            let arg = match arg {
                Place::Param { .. } => cg.params().place(arg),
                _ => Some(arg),
            };
            if let Some(t) = arg.and_then(|a| cg.function_of_value(a)) {
                if !found.contains(&t) {
                    found.push(t);
                }
            }
        }
        Some(found)
    };
    let direct = cg.resolve(target);
    let indirect = if direct.is_some() { None } else { passed() };
    direct.into_iter().chain(indirect.into_iter().flatten())
}

/// A `multiprocessing` process (`Process`, a context's `Process`), not `multiprocessing.dummy`'s
/// threads.
fn is_process(api: &str) -> bool {
    api.starts_with("multiprocessing.")
        && !api.starts_with("multiprocessing.dummy")
        && last_segment(api) == "Process"
}

/// Whether `place`, as `f` sees it, is declared a `multiprocessing` queue with a pipe under it
/// (`Queue`, `JoinableQueue`, `SimpleQueue`, also from a context): a manager's queue lives in
/// the manager's process and `multiprocessing.dummy.Queue` is `queue.Queue`.
fn is_process_queue(cg: &CallGraph, f: FuncId, place: &Place) -> bool {
    cg.module_of(f)
        .decls
        .iter()
        .filter(|d| d.place == *place)
        .any(|d| {
            let ty = d.ty.as_str();
            ty.starts_with("multiprocessing.")
                && !ty.starts_with("multiprocessing.dummy")
                && !ty.contains("anager")
                && matches!(last_segment(ty), "Queue" | "JoinableQueue" | "SimpleQueue")
        })
}

/// Where `f` puts data on its parameter `index` (`queue.put(result)`), itself or in a function
/// it hands the parameter to, within `depth` calls.
fn puts_into(cg: &CallGraph, f: FuncId, index: usize, depth: usize) -> Option<Span> {
    let func = cg.function(f);
    let param = Place::Param {
        function: Name::new(&func.name),
        index: u32::try_from(index).ok()?,
    };
    let put = cg.events(f).iter().find_map(|e| match method_on(e) {
        Some((place, method, span))
            if *place == param && matches!(method, "put" | "put_nowait") =>
        {
            Some(span)
        }
        _ => None,
    });
    if put.is_some() || depth == 0 {
        return put;
    }
    cg.calls(f).iter().find_map(|site| {
        if site.callee == f {
            return None;
        }
        let at = site.args.iter().position(|a| a.as_ref() == Some(&param))?;
        let offset = receiver_offset(cg.function(site.callee), &site.args);
        puts_into(cg, site.callee, at + offset, depth - 1)
    })
}

/// The join of `handle` in `rest` (the events after the start) when it comes before any read
/// of `queue` and a read follows it: the parent reads only once the child has exited. A
/// handle kept in a container (`procs.append(p)`, `ModuleFacts::element_handles`) is joined
/// by a join of the variable of a loop over that container (`for p in procs: p.join()`).
fn joined_before_read(
    rest: &[&Event],
    handle: &Place,
    kept: &[(Place, Place)],
    queue: &Place,
) -> Option<Span> {
    let containers: Vec<&Place> = (kept.iter())
        .filter(|(h, _)| h == handle)
        .map(|(_, c)| c)
        .collect();
    let joins =
        |h: &Place| h == handle || (kept.iter()).any(|(k, c)| k == h && containers.contains(&c));
    let reads = |e: &Event| {
        matches!(method_on(e), Some((place, method, _))
            if place == queue && matches!(method, "get" | "get_nowait"))
    };
    let join = rest.iter().position(|e| match e {
        Event::Join { handle: h, .. } => joins(h),
        _ => false,
    })?;
    if rest[..join].iter().any(|e| reads(e) || hands_on(e, queue)) {
        return None;
    }
    rest[join + 1..]
        .iter()
        .any(|e| reads(e))
        .then(|| rest[join].span())
}

/// The place, method and span of a method call, whether the front-end knew the receiver's
/// class (`Event::Call` of a `Callee::Method` on a receiver: a `SimpleQueue` model's `get`) or
/// not (`Event::MethodCall`).
fn method_on(e: &Event) -> Option<(&Place, &str, Span)> {
    match e {
        Event::MethodCall {
            place,
            method,
            span,
            ..
        } => Some((place, method.as_str(), *span)),
        Event::Call {
            callee: Callee::Method { method, .. },
            receiver: Some(place),
            span,
            ..
        } => Some((place, method.as_str(), *span)),
        _ => None,
    }
}

/// Whether `e` gives the queue to other code that may read it meanwhile (a reader thread, a
/// helper).
fn hands_on(e: &Event, queue: &Place) -> bool {
    match e {
        Event::Spawn { args, .. } | Event::Call { args, .. } => {
            args.iter().any(|a| a.as_ref() == Some(queue))
        }
        _ => false,
    }
}

fn finding(cg: &CallGraph, target: FuncId, q: &str, start: Span, put: Span, join: Span) -> Finding {
    let work = &cg.function(target).short_name;
    Finding::new(
        &RULE,
        join,
        format!(
            "joins a process running `{work}()` before reading `{q}`, which it fills: once what it puts outgrows the pipe's buffer, the process cannot exit until the parent reads it"
        ),
    )
    .with_label(format!("waits for the process; `{q}` is read only after this"))
    .with_related(start, "the process is started here")
    .with_related(
        put,
        format!("puts on `{q}` here; the process waits at exit until a reader drains it"),
    )
    .with_help(format!(
        "read what the process puts on `{q}` (`{q}.get(timeout=..)`) before joining it"
    ))
}
