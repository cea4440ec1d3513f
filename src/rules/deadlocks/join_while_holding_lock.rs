//! KN204 join-while-holding-lock: joining a thread while holding a lock that thread acquires,
//! a thread joining itself, and a process joined before the queue it fills is read
//! (`join_before_queue_drained`).

use crate::analysis::callgraph::CallGraph;
use crate::analysis::held_locks::{lock_name, HeldLocks, JoinWhileHolding};
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::ir::{walk_stmts, Callee, Event, Place, Stmt};
use crate::models::{LockModel, Models};
use crate::rules::deadlocks::{call_name, chain_text};
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::Lang;

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN204",
    name: "join-while-holding-lock",
    family: Family::Deadlocks,
    langs: &[Lang::Python, Lang::Rust],
    status: Status::Stable,
    severity: Severity::Error,
    doc: rule_doc!("KN204"),
    check: Some(check),
};

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let held = facts.held_locks();
    let cg = facts.callgraph();
    let mut seen = Vec::new();
    for j in &held.joins {
        // One finding per thread and lock: a scoped thread joined explicitly is joined again,
        // harmlessly, when its scope ends.
        let key = (j.function, &j.handle, j.target, &j.lock);
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        if notified_before_join(cg, facts.models, held, j) {
            continue;
        }
        // A parameter of the joining function by its name there.
        let name = match &j.lock {
            Place::Param { index, .. } => cg
                .function(j.function)
                .params
                .get(*index as usize)
                .cloned()
                .unwrap_or_else(|| lock_name(&j.lock)),
            other => lock_name(other),
        };
        let target = cg.function(j.target);
        let via = if j.chain.is_empty() {
            String::new()
        } else {
            format!(", via {}", chain_text(cg, &j.chain))
        };
        // Work handed to a thread pool: waited for by a wait of the pool (`shutdown()`,
        // `join()`) or of the work's own future (`fut.result()`).
        let pool = (cg.program().modules.iter())
            .flat_map(|m| &m.facts.pool_submits)
            .find(|(span, _, _)| *span == j.spawn)
            .map(|(_, pool, _)| pool);
        let work = &target.short_name;
        let (message, label, started, help) = match pool {
            Some(pool) if *pool == j.handle => (
                format!("waits for the work handed to `{}` while holding `{name}`, which `{work}()` acquires{via}", lock_name(pool)),
                format!("waits for the pool's work while `{name}` is held"),
                format!("`{work}()` is handed to the pool here"),
                format!("release `{name}` before waiting for the pool"),
            ),
            Some(_) => (
                format!("waits for the result of `{work}()` while holding `{name}`, which that work acquires on a pool thread{via}"),
                format!("waits for the work while `{name}` is held"),
                format!("`{work}()` is handed to the pool here"),
                format!("release `{name}` before waiting for the result"),
            ),
            None => (
                format!("joins a thread running `{work}()` while holding `{name}`, which that thread acquires{via}"),
                format!("waits for the thread while `{name}` is held"),
                "the thread is started here".to_string(),
                format!("release `{name}` before joining the thread"),
            ),
        };
        let mut f = Finding::new(&RULE, j.join, message)
            .with_label(label)
            .with_related(j.held, format!("`{name}` acquired here"))
            .with_related(j.spawn, started);
        for step in &j.chain {
            f = f.with_related(step.call, format!("{} called here", call_name(cg, step)));
        }
        let acquirer = if pool.is_some() {
            "the work"
        } else {
            "the thread"
        };
        f = f
            .with_related(j.inner, format!("{acquirer} acquires `{name}` here"))
            .with_help(help);
        out.push(f);
    }
    let mut seen_queues = Vec::new();
    for q in &held.queue_joins {
        // One finding per join and lock: several consumers make one deadlock.
        if seen_queues.contains(&(q.join, &q.lock)) {
            continue;
        }
        seen_queues.push((q.join, &q.lock));
        let name = lock_name(&q.lock);
        let queue = lock_name(&q.queue);
        let consumer = &cg.function(q.consumer).short_name;
        let via = if q.chain.is_empty() {
            String::new()
        } else {
            format!(", via {}", chain_text(cg, &q.chain))
        };
        let mut f = Finding::new(
            &RULE,
            q.join,
            format!(
                "waits for `{queue}` to be drained while holding `{name}`, which its consumer `{consumer}()` acquires while working through the items{via}"
            ),
        )
        .with_label(format!(
            "`join()` waits for every item's `task_done()` while `{name}` is held"
        ))
        .with_related(q.held, format!("`{name}` acquired here"));
        for step in &q.chain {
            f = f.with_related(step.call, format!("{} called here", call_name(cg, step)));
        }
        f = f
            .with_related(q.inner, format!("the consumer acquires `{name}` here"))
            .with_related(q.task_done, "the consumer marks an item done here")
            .with_help(format!(
                "release `{name}` before `join()`, or let the consumer mark items done without it"
            ));
        out.push(f);
    }
    for s in &held.self_joins {
        let f = cg.function(s.function);
        let mut finding = match s.via {
            None => Finding::new(
                &RULE,
                s.join,
                format!("thread joins itself in `{}()`", f.short_name),
            )
            .with_label("this runs on the thread being joined"),
            Some((callee, inner)) => {
                let name = &cg.function(callee).short_name;
                Finding::new(
                    &RULE,
                    s.join,
                    format!(
                        "thread joins itself in `{}()`, via `{name}()`",
                        f.short_name
                    ),
                )
                .with_label(format!("`{name}()` joins the thread this runs on"))
                .with_related(inner, "the thread is joined here")
            }
        };
        finding = finding.with_help(
            "join the thread from another thread, or return from its run method instead",
        );
        out.push(finding);
    }
    super::join_before_queue_drained::joins_before_draining(facts, out);
    super::wait_before_pipe_read::waits_before_reading(facts, out);
}

/// The joiner waits, after the spawn and before the join, on a condition variable whose wait
/// returns only once notified (the model's `notified_wait`), releasing the held lock; the
/// thread notifies it inside its one critical section of that lock, and nothing else notifies
/// it. The wait then returns only after the thread has left that section for good, so the
/// join cannot wait on the lock.
fn notified_before_join(
    cg: &CallGraph,
    models: &Models,
    held: &HeldLocks,
    j: &JoinWhileHolding,
) -> bool {
    if !j.chain.is_empty() {
        return false;
    }
    let joiner = cg.function(j.function);
    let module = cg.module_of(j.function);
    let condvar = |p: &Place| -> Option<&LockModel> {
        let d = module.decls.iter().find(|d| d.place == *p)?;
        models.lock(&cg.canonical_name(&d.ty))
    };
    // The wait: a sibling of the join, after the spawn, inside the hold of the joined-on lock.
    let mut wait: Option<&Place> = None;
    let mut found = false;
    walk_stmts(&joiner.body, &mut |s| {
        let Stmt::Hold { lock, body } = s else { return };
        if found || held.table.canonical(&lock.lock) != j.lock {
            return;
        }
        let Some(at) = body
            .iter()
            .position(|s| matches!(s, Stmt::Event(Event::Join { span, .. }) if *span == j.join))
        else {
            return;
        };
        found = true;
        wait = body[..at].iter().rev().find_map(|s| match s {
            Stmt::Event(e) if e.span().start >= j.spawn.end => {
                let (place, method) = method_on(e)?;
                condvar(place)
                    .is_some_and(|m| m.notified_wait.iter().any(|w| w == method))
                    .then_some(place)
            }
            _ => None,
        });
    });
    let Some(cv) = wait else { return false };
    let Some(model) = condvar(cv) else {
        return false;
    };
    // A local of the joiner, handed to no call: only the joiner and its closures reach it.
    if !matches!(cv, Place::Local { function, .. } if *function == joiner.name) {
        return false;
    }
    let mut handed = false;
    for f in &module.functions {
        crate::ir::walk_events(&f.body, &mut |e| {
            // As an argument, not as the receiver of one of its own methods.
            let skip = usize::from(method_on(e).is_some_and(|(p, _)| p == cv));
            handed |= match e {
                Event::Call { args, .. } | Event::Spawn { args, .. } => {
                    args.iter().skip(skip).flatten().any(|a| a == cv)
                }
                Event::MethodCall { args, .. } => args.contains(cv),
                _ => false,
            };
        });
    }
    if handed {
        return false;
    }
    let notifies = |body: &[Stmt]| {
        let mut n = 0;
        walk_stmts(body, &mut |s| {
            if let Some((place, method)) = method_on_stmt(s) {
                n += usize::from(place == cv && model.notify.iter().any(|m| m == method));
            }
        });
        n
    };
    // Nothing but the thread notifies it.
    let elsewhere: usize = module
        .functions
        .iter()
        .filter(|f| f.name != cg.function(j.target).name)
        .map(|f| notifies(&f.body))
        .sum();
    if elsewhere > 0 {
        return false;
    }
    // The thread takes the lock once, outside any loop and not through a call, and notifies
    // inside that section.
    let target = cg.function(j.target);
    let mut sections = 0;
    let mut notified_inside = false;
    let mut looped = false;
    walk_stmts(&target.body, &mut |s| match s {
        Stmt::Hold { lock, body } if held.table.canonical(&lock.lock) == j.lock => {
            sections += 1;
            notified_inside = notifies(body) > 0;
        }
        Stmt::Event(Event::Acquire(l)) if held.table.canonical(&l.lock) == j.lock => sections += 2,
        Stmt::Loop { body, cond, .. } => {
            let mut inner = false;
            for part in [cond, body] {
                walk_stmts(part, &mut |t| {
                    inner |= matches!(t, Stmt::Hold { lock, .. } if held.table.canonical(&lock.lock) == j.lock);
                });
            }
            looped |= inner;
        }
        _ => {}
    });
    let through_calls = cg.calls(j.target).iter().any(|c| {
        held.summaries[c.callee.0 as usize]
            .iter()
            .any(|a| a.lock == j.lock)
    });
    sections == 1 && notified_inside && !looped && !through_calls
}

/// The object and method of a method call: `cv.wait(g)`, or `Type::wait(cv, g)` as Rust lowers a
/// method of a type it can name.
fn method_on(e: &Event) -> Option<(&Place, &str)> {
    match e {
        Event::MethodCall { place, method, .. } => Some((place, method)),
        Event::Call {
            callee: Callee::Method { method, .. },
            args,
            ..
        } => Some((args.first()?.as_ref()?, method)),
        _ => None,
    }
}

fn method_on_stmt(s: &Stmt) -> Option<(&Place, &str)> {
    match s {
        Stmt::Event(e) => method_on(e),
        _ => None,
    }
}
