//! KN202 non-reentrant-reacquire: a thread acquires a non-reentrant lock it already holds,
//! directly or through calls at any depth.

use crate::analysis::held_locks::{lock_name, Reacquire};
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::rules::deadlocks::reacquire_finding;
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::Lang;

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN202",
    name: "non-reentrant-reacquire",
    family: Family::Deadlocks,
    langs: &[Lang::Python, Lang::Rust],
    status: Status::Stable,
    severity: Severity::Error,
    doc: rule_doc!("KN202"),
    check: Some(check),
};

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let held = facts.held_locks();
    let cg = facts.callgraph();
    for r in held.reacquires.iter().filter(|r| !r.info.is_async) {
        out.push(reacquire_finding(&RULE, cg, r, "thread", help(r)));
    }
}

fn help(r: &Reacquire) -> String {
    let name = lock_name(&r.lock);
    if r.writer.is_some() {
        return format!("reuse the read guard of `{name}` already held (pass it down) instead of taking a second read");
    }
    if r.chain.is_empty() {
        format!("release `{name}` (or drop its guard) before acquiring it again, or reuse the guard already held")
    } else {
        format!("release `{name}` before the call, or split the callee into a variant that expects the lock to be held")
    }
}
