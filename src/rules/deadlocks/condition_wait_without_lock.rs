//! KN203 condition-wait-without-lock: `wait`/`notify` on a condition whose lock is not held, and
//! a plain `wait` that is not inside a loop re-checking its predicate.

use crate::analysis::callgraph::CallGraph;
use crate::analysis::held_locks::{lock_name, ConditionUse};
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::ir::Place;
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::Lang;

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN203",
    name: "condition-wait-without-lock",
    family: Family::Deadlocks,
    langs: &[Lang::Python],
    status: Status::Stable,
    severity: Severity::Error,
    doc: rule_doc!("KN203"),
    check: Some(check),
};

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let held = facts.held_locks();
    let cg = facts.callgraph();
    for u in &held.condition_uses {
        // Rust's `Condvar` takes its guard by value in `wait` and may be notified without the
        // lock: the rule claims only the languages whose conditions own their lock.
        if !RULE.langs.contains(&cg.module_of(u.function).lang) {
            continue;
        }
        if !u.held {
            // Precision first: a helper called with the lock held by some caller is fine.
            let callers_hold = held.held_at_calls[u.function.0 as usize]
                .iter()
                .any(|locks| locks.contains(&u.lock));
            if !callers_hold {
                out.push(unheld(u, &cond_name(cg, u)));
            }
            continue;
        }
        if u.is_wait && !u.has_predicate && !u.in_loop && !u.rechecked {
            out.push(not_in_loop(u, &cond_name(cg, u)));
        }
    }
}

/// The condition as the function names it: a parameter by its own name.
fn cond_name(cg: &CallGraph, u: &ConditionUse) -> String {
    match &u.condition {
        Place::Param { index, .. } => cg
            .function(u.function)
            .params
            .get(*index as usize)
            .map_or_else(|| lock_name(&u.condition), |p| p.to_string()),
        other => lock_name(other),
    }
}

fn unheld(u: &ConditionUse, cond: &str) -> Finding {
    Finding::new(
        &RULE,
        u.span,
        format!("`{cond}.{}()` called without holding the condition's lock", u.method),
    )
    .with_label(format!("`{}` is not held here", lock_name(&u.lock)))
    .with_help(format!(
        "call `{}()` inside `with {cond}:`; without the lock it raises at run time and wake-ups are lost",
        u.method
    ))
}

fn not_in_loop(u: &ConditionUse, cond: &str) -> Finding {
    Finding::new(
        &RULE,
        u.span,
        format!(
            "`{cond}.{}()` is not inside a loop re-checking its predicate",
            u.method
        ),
    )
    .with_label("a spurious or stolen wake-up continues here with the predicate false")
    .with_help("wait in a `while not predicate:` loop, or use the predicate form (`wait_for`)")
}
