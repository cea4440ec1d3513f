//! KN202 non-reentrant-reacquire: a thread acquires a non-reentrant lock it already holds,
//! directly or through calls at any depth.

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::held_locks::{lock_name, Reacquire};
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::models::Models;
use crate::rules::deadlocks::reacquire_finding;
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::{Lang, Span};

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
    for r in held
        .reacquires
        .iter()
        .filter(|r| !r.info.is_async && super::takes_chain(cg, r))
    {
        let finding = if r.chain.is_empty() && is_concurrent_map(facts.models, r) {
            map_reference_finding(cg, r)
        } else {
            reacquire_finding(&RULE, cg, r, "thread", help(cg, r))
        };
        out.push(finding);
    }
    finalizers(facts, out);
    done_callbacks(facts, out);
}

/// A done callback registered while a non-reentrant lock is held, whose code takes that lock:
/// `fut.add_done_callback(cb)` runs `cb` at once, on the registering thread, when the future is
/// already done (a fast job, a cached result), and the thread then waits for the lock it holds.
fn done_callbacks(facts: &Facts, out: &mut Vec<Finding>) {
    use crate::ir::{LockUse, Stmt};
    let held = facts.held_locks();
    let cg = facts.callgraph();
    for id in cg.ids() {
        let mut found: Vec<(Span, Span, FuncId, Span, String)> = Vec::new();
        fn walk(
            body: &[Stmt],
            holding: &mut Vec<LockUse>,
            visit: &mut dyn FnMut(&Stmt, &[LockUse]),
        ) {
            for s in body {
                visit(s, holding);
                match s {
                    Stmt::Hold { lock, body } => {
                        holding.push(lock.clone());
                        walk(body, holding, visit);
                        holding.pop();
                    }
                    other => other.each_body(&mut |b| walk(b, holding, visit)),
                }
            }
        }
        walk(&cg.function(id).body, &mut Vec::new(), &mut |s, holding| {
            let Stmt::Event(crate::ir::Event::Spawn {
                target: Some(target),
                api,
                span,
                ..
            }) = s
            else {
                return;
            };
            // A `concurrent.futures` future; an asyncio future schedules its callbacks on the
            // loop instead.
            let api = api.as_str();
            if holding.is_empty()
                || !(api.starts_with("concurrent.futures.") && api.ends_with(".add_done_callback"))
            {
                return;
            }
            let Some(cb) = cg.resolve(target) else { return };
            for lock in holding.iter().filter(|l| l.blocking) {
                let non_reentrant = held
                    .info(&lock.lock, lock.api.as_deref())
                    .is_some_and(|i| !i.reentrant && !i.is_async);
                if !non_reentrant {
                    continue;
                }
                if let Some(acq) = held.summaries[cb.0 as usize]
                    .iter()
                    .find(|a| a.blocking && !a.is_async && a.lock == lock.lock)
                {
                    found.push((*span, lock.span, cb, acq.span, lock_name(&lock.lock)));
                }
            }
        });
        for (at, held_at, cb, acquired, name) in found {
            let short = cg.function(cb).short_name.clone();
            let finding = Finding::new(
                &RULE,
                at,
                format!(
                    "done callback `{short}` is registered while `{name}` is held and acquires it: when the future is already done, `add_done_callback` runs it at once on this thread, which then waits for itself"
                ),
            )
            .with_label(format!("registered here while `{name}` is held"))
            .with_related(held_at, format!("`{name}` acquired here"))
            .with_related(acquired, format!("`{name}` acquired again by the callback"))
            .with_help(format!(
                "register the callback after releasing `{name}`, or have it hand its work over without taking `{name}`"
            ));
            out.push(finding);
        }
    }
}

/// A finalizer (`__del__`, or a callback `weakref.finalize` or `weakref.ref` registers) that
/// reaches a blocking acquire of a non-reentrant lock other than the dying object's own, taken
/// where its holder allocates: the garbage collector runs finalizers at any allocation, on the
/// thread that allocates, so a thread holding that lock can run the finalizer and wait for
/// itself (a `__del__` that logs while the log handler's lock is held, one closing a session
/// while a class-level creation lock is held, a lease released by `weakref.finalize` while the
/// lease table's lock is held).
fn finalizers(facts: &Facts, out: &mut Vec<Finding>) {
    use crate::ir::Place;
    let held = facts.held_locks();
    let cg = facts.callgraph();
    let mut reported = Vec::new();
    let registered = registered_finalizers(cg, facts.models);
    // (finalizer, where it is registered, the part of it that runs when the object dies).
    let mut finalizer_fns: Vec<(FuncId, Option<Span>, Option<Span>)> = cg
        .ids()
        .filter(|&id| {
            let f = cg.function(id);
            f.short_name == "__del__"
                && f.class.is_some()
                && crate::rules::races::is_lang(cg, id, Lang::Python)
        })
        .map(|id| (id, None, None))
        .collect();
    finalizer_fns.extend(registered.iter().map(|&(id, at)| (id, Some(at), None)));
    for m in &cg.program().modules {
        for (name, cleanup) in &m.facts.generator_cleanups {
            if let Some(id) = cg.by_name(name.as_str()) {
                finalizer_fns.push((id, None, Some(*cleanup)));
            }
        }
    }
    if finalizer_fns.is_empty() {
        return;
    }
    let tracked = tracked_per_thread(cg, facts.models, held);
    // Which classes each class's methods construct, built when first asked.
    let makes = std::sync::OnceLock::new();
    for (id, registration, cleanup) in finalizer_fns {
        let f = cg.function(id);
        let acquisitions = match cleanup {
            None => held.summaries[id.0 as usize].clone(),
            Some(region) => acquisitions_in(cg, held, id, region),
        };
        for acq in &acquisitions {
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
            // A class attribute's lock taken through the class (`with cls._lock:` in a class
            // method, `with Leases._lock:`) is one lock for every object, as a global is.
            let holder = acq.chain.last().map_or(id, |s| s.callee);
            let class_level = matches!(acq.lock, Place::Field { .. })
                && cg.module_of(holder).facts.class_spelled.contains(&acq.span);
            let global = matches!(acq.lock, Place::Global(_)) || through_global || class_level;
            // The lock of an object of another class that the dying object's class never makes
            // (`self._pool` handed to its constructor): the code that made it holds it too.
            let handed = match (&acq.lock, &f.class) {
                (Place::Field { class: owner, .. }, Some(dying)) => {
                    let owner = cg.canonical_name(owner);
                    owner != cg.canonical_name(dying)
                        && !constructs(makes.get_or_init(|| classes_made(cg)), cg, dying, &owner)
                }
                _ => false,
            };
            let own = !global && !handed;
            let non_reentrant = held
                .info(&acq.lock, acq.api.as_deref())
                .is_some_and(|i| !i.reentrant && !i.is_async);
            if own || !non_reentrant || tracked.contains(&acq.lock) {
                continue;
            }
            // The section the lock guards allocates (calls anything): a collection can run there.
            // Else another section holding the lock must.
            let own_section_allocates = allocating_hold(cg, holder, |l| l.span == acq.span);
            let elsewhere = if own_section_allocates.is_some() {
                None
            } else {
                match cg
                    .ids()
                    .find_map(|g| allocating_hold(cg, g, |l| l.lock == acq.lock && l.blocking))
                {
                    Some(at) => Some(at),
                    None => continue,
                }
            };
            reported.push(acq.span);
            let name = lock_name(&acq.lock);
            // How the finalizer is named and when it runs.
            let (short, runs) = match registration {
                None if cleanup.is_some() => (
                    f.short_name.clone(),
                    format!(
                        "an abandoned `{}` generator runs its cleanup when the collector frees it",
                        f.short_name
                    ),
                ),
                None => {
                    let class = f.class.as_deref().unwrap_or_default();
                    let short = class.rsplit('.').next().unwrap_or(class);
                    (
                        format!("{short}.__del__"),
                        format!("`{short}.__del__` runs whenever the collector frees a `{short}`"),
                    )
                }
                Some(_) => (
                    f.short_name.clone(),
                    format!(
                        "`{}` runs whenever the collector frees the object it is registered for",
                        f.short_name
                    ),
                ),
            };
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
                    "`{name}` is acquired by the finalizer `{short}`{via}: the garbage collector can run it on a thread that already holds `{name}`{}",
                    if elsewhere.is_some() { "" } else { " here" }
                ),
            )
            .with_related(f.span, runs);
            let held_here = format!("`{name}` held here while the code allocates; a collection here runs `{short}`, which waits for it");
            finding = match elsewhere {
                None => finding.with_label(held_here),
                Some(at) => finding
                    .with_label(format!("`{name}` acquired here by the finalizer"))
                    .with_related(at, held_here),
            };
            if let Some(at) = registration {
                finding =
                    finding.with_related(at, format!("`{short}` registered as a finalizer here"));
            }
            for step in &acq.chain {
                finding = finding.with_related(
                    step.call,
                    format!("`{}()` called here", cg.function(step.callee).short_name),
                );
            }
            out.push(finding.with_help(format!(
                "make `{name}` reentrant (`threading.RLock`), or have `{short}` hand its work to a queue or a flag instead of taking the lock"
            )));
        }
    }
}

/// What the code of `f` within `region` acquires, directly or through the calls it makes
/// there, as `f`'s summary would list it.
fn acquisitions_in(
    cg: &CallGraph,
    held: &crate::analysis::held_locks::HeldLocks,
    f: FuncId,
    region: Span,
) -> Vec<crate::analysis::held_locks::Acquisition> {
    use crate::analysis::held_locks::Step;
    use crate::ir::{walk_stmts, Stmt};
    let inside = |s: Span| s.file == region.file && region.start <= s.start && s.end <= region.end;
    let mut out = Vec::new();
    walk_stmts(&cg.function(f).body, &mut |s| {
        if let Stmt::Hold { lock, .. } = s {
            if inside(lock.span) {
                if let Some(a) = held.summaries[f.0 as usize]
                    .iter()
                    .find(|a| a.span == lock.span && a.chain.is_empty())
                {
                    out.push(a.clone());
                }
            }
        }
    });
    for call in cg.calls(f).iter().filter(|c| inside(c.span)) {
        for a in &held.summaries[call.callee.0 as usize] {
            let mut a = a.clone();
            a.chain.insert(
                0,
                Step {
                    call: call.span,
                    callee: call.callee,
                },
            );
            a.owner = None;
            out.push(a);
        }
    }
    out
}

/// The classes each class's methods construct (`__init__`/`__new__` calls), by canonical name.
fn classes_made(cg: &CallGraph) -> rustc_hash::FxHashMap<String, Vec<String>> {
    let mut out: rustc_hash::FxHashMap<String, Vec<String>> = Default::default();
    for id in cg.ids() {
        let Some(maker) = cg.function(id).class.as_deref() else {
            continue;
        };
        for c in cg.calls(id) {
            let callee = cg.function(c.callee);
            if !matches!(callee.short_name.as_str(), "__init__" | "__new__") {
                continue;
            }
            if let Some(k) = callee.class.as_deref() {
                let made = out.entry(cg.canonical_name(maker)).or_default();
                let k = cg.canonical_name(k);
                if !made.contains(&k) {
                    made.push(k);
                }
            }
        }
    }
    out
}

/// Whether objects of class `class` make an object of class `made`, themselves or through
/// the objects they make (a producer making an accumulator making the batches it locks).
fn constructs(
    makes: &rustc_hash::FxHashMap<String, Vec<String>>,
    cg: &CallGraph,
    class: &str,
    made: &str,
) -> bool {
    let mut seen: Vec<String> = vec![cg.canonical_name(class)];
    let mut todo = seen.clone();
    while let Some(maker) = todo.pop() {
        for k in makes.get(&maker).into_iter().flatten() {
            if k == made {
                return true;
            }
            if !seen.contains(k) {
                seen.push(k.clone());
                todo.push(k.clone());
            }
        }
    }
    false
}

/// Locks some function holds while it keeps a per-thread flag (it writes an attribute of a
/// `threading.local` around the section): the code knows whether this thread already holds the
/// lock and does not wait for itself (`if self._local.acquired: raise RuntimeError(..)`).
fn tracked_per_thread(
    cg: &CallGraph,
    models: &Models,
    held: &crate::analysis::held_locks::HeldLocks,
) -> Vec<crate::ir::Place> {
    use crate::ir::{walk_stmts, AccessKind, Event, Place, Stmt};
    // Asked of every field a function writes: each class is looked up once.
    let mut known: rustc_hash::FxHashMap<crate::ir::Name, bool> = Default::default();
    let mut per_thread = |class: crate::ir::Name| {
        *known.entry(class).or_insert_with(|| {
            let class = cg.canonical_name(&class);
            models.is_per_thread(&class)
                || cg.ancestors(&class).iter().any(|a| models.is_per_thread(a))
        })
    };
    let mut out = Vec::new();
    for id in cg.ids() {
        let body = &cg.function(id).body;
        let mut flags = false;
        walk_stmts(body, &mut |s| {
            if let Stmt::Event(Event::Access {
                place: Place::Field { class, .. },
                kind: AccessKind::Write,
                ..
            }) = s
            {
                flags = flags || per_thread(*class);
            }
        });
        if !flags {
            continue;
        }
        walk_stmts(body, &mut |s| {
            if let Stmt::Hold { lock, .. } = s {
                let lock = held.table.canonical(&lock.lock);
                if !out.contains(&lock) {
                    out.push(lock);
                }
            }
        });
    }
    out
}

/// The first section of `f` holding a lock `which` accepts whose body calls anything (so
/// allocates, and a garbage collection can run there): the span of its acquire.
fn allocating_hold(
    cg: &CallGraph,
    f: FuncId,
    which: impl Fn(&crate::ir::LockUse) -> bool,
) -> Option<Span> {
    use crate::ir::{walk_stmts, Event, Stmt};
    let mut found = None;
    walk_stmts(&cg.function(f).body, &mut |s| {
        let Stmt::Hold { lock, body } = s else { return };
        if found.is_some() || !which(lock) {
            return;
        }
        let mut allocates = false;
        walk_stmts(body, &mut |x| {
            allocates |= matches!(
                x,
                Stmt::Event(Event::Call { .. } | Event::MethodCall { .. })
            );
        });
        if allocates {
            found = Some(lock.span);
        }
    });
    found
}

/// Functions registered to run when an object dies (the `[[finalizer]]` models:
/// `weakref.finalize(obj, release, key)`, `weakref.ref(obj, on_dead)`), with where each is
/// registered.
fn registered_finalizers(cg: &CallGraph, models: &Models) -> Vec<(FuncId, Span)> {
    use crate::ir::{walk_events, Callee, Event};
    let mut found = Vec::new();
    for id in cg.ids() {
        walk_events(&cg.function(id).body, &mut |e| {
            let Event::Call {
                callee: Callee::Path(path),
                args,
                span,
                ..
            } = e
            else {
                return;
            };
            let Some(at) = models.finalizer_callback(&cg.canonical_name(path)) else {
                return;
            };
            // A lambda written in the call (`weakref.ref(obj, lambda r: forget(name))`) is the
            // function defined inside the call's span.
            let target = match args.get(at) {
                Some(Some(callback)) => cg.function_of_value(callback),
                Some(None) => cg.ids().find(|&g| {
                    let s = cg.function(g).span;
                    cg.function(g).short_name.starts_with("<lambda>")
                        && s.file == span.file
                        && span.start <= s.start
                        && s.end <= span.end
                }),
                None => None,
            };
            if let Some(target) = target {
                if !found.iter().any(|&(t, _)| t == target) {
                    found.push((target, *span));
                }
            }
        });
    }
    found
}

/// Whether the lock taken again is a concurrent map's (a lock model with calls that lock for the
/// call alone, such as dashmap's `insert`): what the thread holds is a reference into the map.
fn is_concurrent_map(models: &Models, r: &Reacquire) -> bool {
    models
        .lock(&r.info.ty)
        .is_some_and(|m| !m.read_calls.is_empty() || !m.write_calls.is_empty())
}

/// KN202 for a concurrent map called while the thread holds a reference into it (`let s =
/// map.get_mut(&a).unwrap(); map.remove(&b)`): said in the map's own terms.
fn map_reference_finding(cg: &CallGraph, r: &Reacquire) -> Finding {
    use crate::ir::LockMode;
    let name = super::reacquired_name(cg, r);
    let (what, reference) = match (r.mode, r.held_mode) {
        (LockMode::Write, LockMode::Write) => ("changed", "a mutable reference"),
        (LockMode::Write, _) => ("changed", "a reference"),
        (_, _) => ("read", "a mutable reference"),
    };
    Finding::new(
        &RULE,
        r.site,
        format!("`{name}` is {what} while this thread holds {reference} into it"),
    )
    .with_label(format!("locks a shard of `{name}` again"))
    .with_related(
        r.first,
        format!("{reference} into `{name}` taken here; it keeps its shard locked until dropped"),
    )
    .with_help(format!(
        "drop the reference (or clone the value out of it) before calling `{name}` again, or do both through one `entry`"
    ))
}

fn help(cg: &CallGraph, r: &Reacquire) -> String {
    let name = super::reacquired_name(cg, r);
    if r.writer.is_some() {
        return format!("reuse the read guard of `{name}` already held (pass it down) instead of taking a second read");
    }
    if r.chain.is_empty() {
        format!("release `{name}` (or drop its guard) before acquiring it again, or reuse the guard already held")
    } else {
        format!("release `{name}` before the call, or split the callee into a variant that expects the lock to be held")
    }
}
