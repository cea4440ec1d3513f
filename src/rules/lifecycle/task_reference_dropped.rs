//! KN303 task-reference-dropped: `asyncio.create_task(..)` whose result is dropped; the loop
//! keeps only a weak reference, so the task can be garbage-collected mid-run.

use crate::analysis::lifecycle::HandleKind;
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::rules::lifecycle::{dropped_returns, last_segment, running};
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::Lang;

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN303",
    name: "task-reference-dropped",
    family: Family::Lifecycle,
    langs: &[Lang::Python],
    status: Status::Stable,
    severity: Severity::Warning,
    doc: rule_doc!("KN303"),
    check: Some(check),
};

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let graph = facts.callgraph();
    // A coroutine storing the task running it in a field or global (a worker adding
    // `asyncio.current_task()` to its pool's set) keeps its own reference: the loop's queue
    // holds the task until that first step.
    let keeps_itself = |target: Option<&crate::ir::Callee>| {
        target.and_then(|t| graph.resolve(t)).is_some_and(|id| {
            let name = graph.function(id).name.as_str();
            (graph.module_of(id).facts.self_kept_tasks.iter()).any(|k| k.as_str() == name)
        })
    };
    for u in &facts.lifecycle().unjoined {
        if u.kind != HandleKind::Task || u.kept_in.is_some() || keeps_itself(u.target.as_ref()) {
            continue;
        }
        let what = running(u.target.as_ref());
        out.push(
            Finding::new(
                &RULE,
                u.spawn,
                format!(
                    "task{what} from `{}` is not referenced and may be garbage-collected before it finishes",
                    last_segment(&u.api)
                ),
            )
            .with_label("the task object is dropped here")
            .with_help("keep a reference (a set of tasks, a `TaskGroup`) and await it or discard it in a done callback"),
        );
    }
    // A helper that creates the task and returns it, called as a statement: the caller drops
    // the only reference.
    dropped_returns(
        facts,
        HandleKind::Task,
        "creates the task",
        |call, helper, what, _| {
            Finding::new(
                &RULE,
                call,
                format!(
                    "task{what} returned by `{helper}` is not referenced and may be garbage-collected before it finishes"
                ),
            )
            .with_label(format!("the task `{helper}` returns is dropped here"))
            .with_help("keep a reference (a set of tasks, a `TaskGroup`) and await it or discard it in a done callback")
        },
        out,
    );
}
