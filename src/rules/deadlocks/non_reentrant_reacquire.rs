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
    finalizers(facts, out);
}

/// A finalizer (`__del__`) that reaches a blocking acquire of a non-reentrant lock other than
/// the dying object's own, taken where its holder allocates: the garbage collector runs
/// finalizers at any allocation, on the thread that allocates, so a thread holding that lock
/// can run the finalizer and wait for itself (a `__del__` that logs while the log handler's
/// lock is held, one closing a session while a class-level creation lock is held).
fn finalizers(facts: &Facts, out: &mut Vec<Finding>) {
    use crate::ir::{walk_stmts, Event, Place, Stmt};
    let held = facts.held_locks();
    let cg = facts.callgraph();
    let mut reported = Vec::new();
    for id in cg.ids() {
        let f = cg.function(id);
        if f.short_name != "__del__"
            || f.class.is_none()
            || !crate::rules::races::is_lang(cg, id, Lang::Python)
        {
            continue;
        }
        for acq in &held.summaries[id.0 as usize] {
            if !acq.blocking || acq.is_async || reported.contains(&acq.span) {
                continue;
            }
            // Only a lock other code reaches without the dying object: a module-level lock or
            // one of an object a module global holds. The dying object's own locks, and those of
            // the objects it owns, no other thread can be holding: nothing refers to them.
            let mut caller = id;
            let through_global = acq.chain.iter().any(|step| {
                let on_global = cg.calls(caller).iter().any(|c| {
                    c.span == step.call
                        && c.callee == step.callee
                        && matches!(c.receiver, Some(Place::Global(_)))
                });
                caller = step.callee;
                on_global
            });
            let global = matches!(acq.lock, Place::Global(_)) || through_global;
            let own = !global;
            let non_reentrant = held
                .info(&acq.lock, acq.api.as_deref())
                .is_some_and(|i| !i.reentrant && !i.is_async);
            if own || !non_reentrant {
                continue;
            }
            // The section the lock guards allocates (calls anything): a collection can run there.
            let holder = acq.chain.last().map_or(id, |s| s.callee);
            let mut allocates = false;
            walk_stmts(&cg.function(holder).body, &mut |s| {
                if let Stmt::Hold { lock, body } = s {
                    if lock.span == acq.span {
                        walk_stmts(body, &mut |x| {
                            allocates |= matches!(
                                x,
                                Stmt::Event(Event::Call { .. } | Event::MethodCall { .. })
                            );
                        });
                    }
                }
            });
            if !allocates {
                continue;
            }
            reported.push(acq.span);
            let name = lock_name(&acq.lock);
            let class = f.class.as_deref().unwrap_or_default();
            let short = class.rsplit('.').next().unwrap_or(class);
            let via = if acq.chain.is_empty() {
                String::new()
            } else {
                format!(
                    " via {}",
                    crate::rules::deadlocks::chain_text(cg, &acq.chain)
                )
            };
            let mut finding = Finding::new(
                &RULE,
                acq.span,
                format!(
                    "`{name}` is acquired by the finalizer `{short}.__del__`{via}: the garbage collector can run it on a thread that already holds `{name}` here"
                ),
            )
            .with_label(format!("`{name}` held here while the code allocates; a collection here runs `{short}.__del__`, which waits for it"))
            .with_related(f.span, format!("`{short}.__del__` runs whenever the collector frees a `{short}`"));
            for step in &acq.chain {
                finding = finding.with_related(
                    step.call,
                    format!("`{}()` called here", cg.function(step.callee).short_name),
                );
            }
            out.push(finding.with_help(format!(
                "make `{name}` reentrant (`threading.RLock`), or have `{short}.__del__` hand its work to a queue or a flag instead of taking the lock"
            )));
        }
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
