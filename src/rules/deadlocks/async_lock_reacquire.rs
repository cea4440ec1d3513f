//! KN205 async-lock-reacquire: a task awaits an async lock it already holds, directly or through
//! awaited calls; the task waits for itself forever.

use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::rules::deadlocks::reacquire_finding;
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::Lang;

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN205",
    name: "async-lock-reacquire",
    family: Family::Deadlocks,
    langs: &[Lang::Python, Lang::Rust],
    status: Status::Stable,
    severity: Severity::Error,
    doc: rule_doc!("KN205"),
    check: Some(check),
};

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let held = facts.held_locks();
    let cg = facts.callgraph();
    // An acquire a timeout bounds (`asyncio.wait_for(lock.acquire(), 5)`) gives up when the
    // time runs out: the task does not wait for itself forever.
    let timed = |r: &&crate::analysis::held_locks::Reacquire| {
        let inner = r.chain.last().map_or(r.function, |s| s.callee);
        cg.module_of(inner).facts.timed_acquires.contains(&r.inner)
    };
    for r in held
        .reacquires
        .iter()
        .filter(|r| r.info.is_async && super::takes_chain(cg, r) && !timed(r))
    {
        let help = format!(
            "release `{}` before awaiting it again, or pass the held lock's state down instead of re-acquiring",
            super::reacquired_name(cg, r)
        );
        out.push(reacquire_finding(&RULE, cg, r, "task", help));
    }
}
