//! KN508 unpicklable-process-target: a lambda or a nested function handed to another process.
//! A process pool pickles every task it sends to a worker, and a `Process` pickles its target
//! under the spawn and forkserver start methods; pickle finds a function by its module-level
//! name, which a lambda or a function defined inside another function does not have.
//! Python-specific by nature.

use crate::analysis::callgraph::CallGraph;
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::ir::{Callee, Event, ExecCtx};
use crate::rules::lifecycle::last_segment;
use crate::rules::{rule_doc, start_method_set, Family, RuleDef, Status};
use crate::source::{Lang, Span};

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN508",
    name: "unpicklable-process-target",
    family: Family::Mismatch,
    langs: &[Lang::Python],
    status: Status::Stable,
    severity: Severity::Error,
    doc: rule_doc!("KN508"),
    check: Some(check),
};

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let graph = facts.callgraph();
    // A program that asks for `fork` starts processes that inherit the target instead of
    // unpickling it; only pools still pickle.
    let forks = start_method_set(facts.program, |m| m == "fork");
    // (function, target) of the processes started where they are made: reported at the start.
    let mut started: Vec<(&str, &Callee)> = Vec::new();
    for id in graph.ids() {
        if graph.module_of(id).lang != Lang::Python {
            continue;
        }
        for event in graph.events(id) {
            let Event::Spawn {
                target: Some(target),
                ctx: ExecCtx::Process,
                api,
                span,
                ..
            } = event
            else {
                continue;
            };
            started.push((graph.function(id).name.as_str(), target));
            let process = facts.models.spawn_constructor(api.as_str()).is_some();
            if always_forks(facts, api.as_str()) || (process && forks) {
                continue;
            }
            let label = "pickling the target fails here";
            out.extend(finding(graph, target, api, *span, process, label));
        }
    }
    // A process made in one function and started in another (returned, kept in a list): at
    // its target, unless the start-time check applies where it is made.
    if forks {
        return;
    }
    for m in &facts.program.modules {
        for (function, target, api, span) in &m.facts.process_targets {
            if started.contains(&(function.as_str(), target)) || always_forks(facts, api.as_str()) {
                continue;
            }
            let label = "pickling the target fails when the process starts";
            out.extend(finding(graph, target, api, *span, true, label));
        }
    }
}

/// Whether `api` starts its process by forking whatever the start method: a fork context's
/// (`get_context("fork").Process`), whose child inherits the target, so nothing is pickled.
fn always_forks(facts: &Facts, api: &str) -> bool {
    facts.models.fork(api).is_some_and(|f| !f.start_method)
}

/// The finding for an unpicklable `target` handed to `api` at `span` (a `Process` when
/// `process`, else a pool), or `None` when pickle can name the target.
fn finding(
    graph: &CallGraph<'_>,
    target: &Callee,
    api: &str,
    span: Span,
    process: bool,
    label: &str,
) -> Option<Finding> {
    let Callee::Path(path) = target else {
        return None;
    };
    let why = unpicklable(path.as_str())?;
    let api_name = short_api(api);
    let (message, help) = if process {
        (
            format!("`{api_name}` pickles its target under the spawn and forkserver start methods, and {why}"),
            "define the function at module level (spawn and forkserver are the default start methods on macOS and Windows, and on Linux from Python 3.14); bind extra arguments with `functools.partial` or `args`",
        )
    } else {
        (
            format!("`{api_name}` pickles every task it sends to a worker process, and {why}"),
            "define the function at module level; bind extra arguments with `functools.partial`",
        )
    };
    let mut f = Finding::new(&RULE, span, message)
        .with_label(label)
        .with_help(help);
    // A lambda reported at itself needs no pointer to where it is defined.
    if let Some(def) = graph.resolve(target).map(|d| graph.function(d).span) {
        if def.start != span.start {
            f = f.with_related(def, "defined here");
        }
    }
    Some(f)
}

/// Why pickle cannot name the function `target` (a qualified name from the front-end), or
/// `None` when it can.
fn unpicklable(target: &str) -> Option<String> {
    let short = last_segment(target);
    if short.starts_with("<lambda>") {
        return Some("a lambda cannot be pickled".to_string());
    }
    let (outer, _) = target.split_once(".<locals>.")?;
    Some(format!(
        "`{short}` is defined inside `{}`, so pickle cannot find it by name",
        last_segment(outer)
    ))
}

/// `multiprocessing.Pool.map` -> `Pool.map`, `multiprocessing.Process` -> `Process`.
fn short_api(api: &str) -> &str {
    let mut dots = api.rmatch_indices('.');
    match (dots.next(), dots.next()) {
        (Some(_), Some((i, _))) if api[i + 1..].starts_with(char::is_uppercase) => &api[i + 1..],
        _ => last_segment(api),
    }
}
