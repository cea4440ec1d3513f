//! KN302 future-never-checked: an executor `submit()` whose future nobody looks at, so the
//! task's exception is lost.

use crate::analysis::lifecycle::{HandleKind, Unjoined};
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::rules::lifecycle::{place_name, short_callee};
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::Lang;

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN302",
    name: "future-never-checked",
    family: Family::Lifecycle,
    langs: &[Lang::Python],
    status: Status::Stable,
    severity: Severity::Warning,
    doc: rule_doc!("KN302"),
    check: Some(check),
};

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for u in &facts.lifecycle().unjoined {
        if u.kind != HandleKind::Future {
            continue;
        }
        // Work that catches and reports every exception itself leaves its future nothing to
        // lose.
        let graph = facts.callgraph();
        let reports_own_errors = u
            .target
            .as_ref()
            .and_then(|t| graph.resolve(t))
            .is_some_and(|f| {
                graph
                    .module_of(f)
                    .facts
                    .catches_all
                    .contains(&graph.function(f).name)
            });
        // A pool handed a callable for the work's exception (`error_callback=`) reports it.
        let reported = (graph.program().modules.iter())
            .any(|m| m.facts.error_reported_submits.contains(&u.spawn));
        if reports_own_errors || reported {
            continue;
        }
        let label = match &u.kept_in {
            None => "the future is discarded here".to_string(),
            Some(p) => format!(
                "the future is kept in `{}` and never consulted",
                place_name(p)
            ),
        };
        out.push(
            Finding::new(&RULE, u.spawn, message(u))
                .with_label(label)
                .with_help(
                    "keep the future and call `.result()` on it (or use `as_completed`/`wait`) so errors surface",
                ),
        );
    }
}

fn message(u: &Unjoined) -> String {
    match &u.target {
        Some(t) => format!(
            "future of `{}` is never checked: an exception it raises is silently lost",
            short_callee(t)
        ),
        None => {
            "future of a submitted task is never checked: an exception it raises is silently lost"
                .to_string()
        }
    }
}
