//! KN203 condition-wait-without-lock: `wait`/`notify` on a condition whose lock is not held, and
//! a plain `wait` that is not inside a loop re-checking its predicate.

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::held_locks::{lock_name, ConditionUse, HeldLocks};
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

/// How many calls up a caller holding the lock counts (`acquire` holds it around `_acquire`,
/// which loops calling `_wait`, which waits).
const CALLER_DEPTH: usize = 3;

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let held = facts.held_locks();
    let cg = facts.callgraph();
    // Built on the first wait without its lock: most programs have none.
    let mut callers: Option<Vec<Vec<FuncId>>> = None;
    for u in &held.condition_uses {
        // Rust's `Condvar` takes its guard by value in `wait` and may be notified without the
        // lock: the rule claims only the languages whose conditions own their lock.
        if !RULE.langs.contains(&cg.module_of(u.function).lang) {
            continue;
        }
        if !u.held {
            // Precision first: a helper called with the lock held by some caller is fine.
            let callers = callers.get_or_insert_with(|| callers_of(cg));
            if !callers_hold(held, callers, u.function, &u.lock) {
                out.push(unheld(u, &cond_name(cg, u)));
            }
            continue;
        }
        if u.is_wait && !u.has_predicate && !u.in_loop && !u.rechecked {
            out.push(not_in_loop(u, &cond_name(cg, u)));
        }
    }
}

/// For each function, the functions that call it. A method overriding a base class's method
/// is also called where the base's is (`self._wait()` in a base method may run the override).
fn callers_of(cg: &CallGraph) -> Vec<Vec<FuncId>> {
    let mut out = vec![Vec::new(); cg.len()];
    for f in cg.ids() {
        for site in cg.calls(f) {
            out[site.callee.0 as usize].push(f);
        }
    }
    for f in cg.ids() {
        let func = cg.function(f);
        let Some(class) = &func.class else {
            continue;
        };
        for base in cg.ancestors(class) {
            if let Some(overridden) = cg
                .resolve_method(&base, &func.short_name)
                .filter(|&m| m != f)
            {
                let inherited = out[overridden.0 as usize].clone();
                out[f.0 as usize].extend(inherited);
                break;
            }
        }
    }
    out
}

/// Whether some call of `f`, or of a function up to [`CALLER_DEPTH`] calls above it, is made
/// with `lock` held.
fn callers_hold(held: &HeldLocks, callers: &[Vec<FuncId>], f: FuncId, lock: &Place) -> bool {
    let mut seen = vec![f];
    let mut level = vec![f];
    for _ in 0..CALLER_DEPTH {
        if level.iter().any(|g| {
            held.held_at_calls[g.0 as usize]
                .iter()
                .any(|locks| locks.contains(lock))
        }) {
            return true;
        }
        let next: Vec<FuncId> = level
            .iter()
            .flat_map(|g| callers[g.0 as usize].iter().copied())
            .filter(|c| !seen.contains(c))
            .collect();
        seen.extend(next.iter().copied());
        level = next;
    }
    false
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
