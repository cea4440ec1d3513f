//! KN301 thread-never-joined: a thread or process started into a local and never joined, and a
//! pool of workers (`ThreadPoolExecutor`, `multiprocessing.Pool`) never shut down or never
//! joined.

use crate::analysis::lifecycle::{HandleKind, Returned, Unjoined};
use crate::analysis::resources::LeakPath;
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::ir::{walk_events, Event, ExecCtx, Place};
use crate::models::schema::ResourceModel;
use crate::rules::lifecycle::{dropped_returns, place_name, short_callee};
use crate::rules::races::is_lang;
use crate::rules::resources::leak_finding;
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::Lang;
use crate::source::Span;

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN301",
    name: "thread-never-joined",
    family: Family::Lifecycle,
    langs: &[Lang::Python],
    status: Status::Stable,
    severity: Severity::Warning,
    doc: rule_doc!("KN301"),
    check: Some(check),
};

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    pools_closed_not_joined(facts, out);
    pools_left_open(facts, out);
    returned_and_dropped(facts, out);
    for u in &facts.lifecycle().unjoined {
        if u.kind != HandleKind::Joinable {
            continue;
        }
        let Some(local) = &u.kept_in else { continue };
        // The model's own way to wait (`stop()` for a queue listener), `join()` by default.
        let join = (facts.models.spawn_constructor(&u.api))
            .and_then(|m| m.join.first())
            .map_or("join", String::as_str);
        out.push(
            Finding::new(&RULE, u.spawn, message(u, &place_name(local)))
                .with_label(format!("`{}` is started here", place_name(local)))
                .with_help(format!(
                    "call `{}.{join}()` on every path, or make it a daemon if it may die with the program",
                    place_name(local)
                )),
        );
    }
}

/// A helper that starts a thread and returns it, called as a statement: the caller drops the
/// only handle, so nothing joins the thread.
fn returned_and_dropped(facts: &Facts, out: &mut Vec<Finding>) {
    let what = |r: &Returned| match r.ctx {
        ExecCtx::Process => "process",
        _ => "thread",
    };
    dropped_returns(
        facts,
        HandleKind::Joinable,
        "starts it",
        |call, helper, group| {
            let kind = what(group[0]);
            let running = match (group, group[0].target.as_ref()) {
                ([_], Some(t)) => format!(" running `{}`", short_callee(t)),
                _ => String::new(),
            };
            Finding::new(
                &RULE,
                call,
                format!("{kind}{running} returned by `{helper}` is dropped here and never joined"),
            )
            .with_label(format!("the {kind} `{helper}` returns is dropped here"))
            .with_help(format!(
                "keep what `{helper}` returns and join it, or make it a daemon if it may die with the program"
            ))
        },
        out,
    );
}

fn message(u: &Unjoined, name: &str) -> String {
    let what = match u.ctx {
        ExecCtx::Process => "process",
        _ => "thread",
    };
    match &u.target {
        Some(t) => format!(
            "{what} `{name}` running `{}` is started but never joined",
            short_callee(t)
        ),
        None => format!("{what} `{name}` is started but never joined"),
    }
}

/// A pool of workers opened into a local and not shut down (nor handed on) on every path: an
/// early `return`, or a call that raises first. Its workers are never joined.
fn pools_left_open(facts: &Facts, out: &mut Vec<Finding>) {
    let graph = facts.callgraph();
    for leak in &facts.resources().leaks {
        // A pool of workers is an executor model (`ThreadPoolExecutor`, `multiprocessing.Pool`).
        let Some(pool) = facts.models.executor(&leak.api) else {
            continue;
        };
        let workers = if pool.context == "process" {
            "worker processes"
        } else {
            "worker threads"
        };
        let name = &leak.local;
        let (message, help) = match leak.path {
            LeakPath::Raise(_) => (
                format!("pool `{name}` is not shut down if a later call raises: its {workers} are never joined"),
                format!("use `with` so `{name}` is shut down and its workers joined on every path"),
            ),
            LeakPath::Return(_) => (
                format!("pool `{name}` is not shut down on every path: its {workers} are never joined"),
                format!("use `with`, or shut `{name}` down (and join it) before every return"),
            ),
        };
        out.push(leak_finding(&RULE, graph, leak, message, help));
    }
}

/// A pool opened into a local (not with `with`), closed by a method that only stops new work
/// (`pool.close()`), and neither joined nor terminated in the function nor handed on: its
/// worker processes are never waited for.
fn pools_closed_not_joined(facts: &Facts, out: &mut Vec<Finding>) {
    let cg = facts.callgraph();
    for id in cg.ids() {
        if !is_lang(cg, id, Lang::Python) {
            continue;
        }
        let body = &cg.function(id).body;
        let mut pools: Vec<(Place, Span, &ResourceModel)> = Vec::new();
        walk_events(body, &mut |e| {
            if let Event::Open {
                resource: Some(place),
                api,
                managed: false,
                span,
            } = e
            {
                if let Some(model) = facts.models.resource(&cg.canonical_name(api)) {
                    if !model.reaped_by.is_empty() {
                        pools.push((place.clone(), *span, model));
                    }
                }
            }
        });
        for (pool, open, model) in pools {
            let mut closed_at = None;
            let mut reaped_or_handed_on = false;
            walk_events(body, &mut |e| match e {
                Event::MethodCall {
                    place,
                    method,
                    args,
                    span,
                    ..
                } => {
                    if *place == pool && model.reaped_by.iter().any(|m| m == method) {
                        reaped_or_handed_on = true;
                    } else if *place == pool && model.close.iter().any(|m| m == method) {
                        closed_at.get_or_insert(*span);
                    } else if args.contains(&pool) {
                        reaped_or_handed_on = true;
                    }
                }
                Event::Call { args, kwargs, .. } => {
                    reaped_or_handed_on |= args.iter().flatten().any(|a| *a == pool)
                        || kwargs.iter().any(|(_, a)| *a == pool);
                }
                Event::Bind { value, .. } => reaped_or_handed_on |= value.as_ref() == Some(&pool),
                _ => {}
            });
            let Some(close) = closed_at.filter(|_| !reaped_or_handed_on) else {
                continue;
            };
            let name = place_name(&pool);
            out.push(
                Finding::new(
                    &RULE,
                    close,
                    format!("pool `{name}` is closed but its workers are never joined"),
                )
                .with_label(format!(
                    "`{name}.close()` only stops new tasks; nothing waits for the workers"
                ))
                .with_related(open, format!("`{name}` is created here"))
                .with_help(format!(
                    "call `{name}.join()` after `close()`, or use `with` so the pool is terminated"
                )),
            );
        }
    }
}
