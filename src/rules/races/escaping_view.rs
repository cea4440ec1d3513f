//! KN103, Python: a live view of a locked container handed out of the lock (`with self._lock:
//! return iter(self._items)`, `.keys()`, `.values()`, `.items()`). The lock covers making the
//! view, not walking it: the caller walks the container after the lock is released while other
//! code changes it under the lock, and a dict or set changed during the walk raises
//! `RuntimeError: dictionary changed size during iteration`.
//!
//! The views are recorded by the Python front-end in `ModuleFacts::escaping_views`; the rule
//! reports one returned from under a lock that code elsewhere changes the container under.

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::Facts;
use crate::finding::Finding;
use crate::ir::{AccessKind, Event, Place, Stmt};
use crate::rules::races::{func_name, is_lang, place_name};
use crate::source::{Lang, Span};

use super::unsynchronized_write::RULE;

pub(crate) fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let cg = facts.callgraph();
    for f in cg.ids() {
        if !is_lang(cg, f, Lang::Python) {
            continue;
        }
        let views = &cg.module_of(f).facts.escaping_views;
        if views.is_empty() {
            continue;
        }
        let mut holds = Vec::new();
        returns_under_locks(&cg.function(f).body, &mut holds, &mut |ret, held| {
            let Some((_, container)) = views.iter().find(|(span, _)| *span == ret) else {
                return;
            };
            for (lock, acquire) in held {
                if walked_under_lock_by_callers(cg, f, lock) {
                    continue;
                }
                if let Some((g, write)) = changed_under(cg, container, lock) {
                    out.push(finding(cg, f, container, (lock, *acquire), ret, (g, write)));
                    return;
                }
            }
        });
    }
}

/// The locks held at a point, with their acquires.
type Held<'b> = Vec<(&'b Place, Span)>;

/// Calls `found` with each `return` of `body` and the locks held there (with their acquires):
/// by a `with`, or by an explicit `acquire()` earlier in the same block or an enclosing one and
/// not yet released.
fn returns_under_locks<'b>(
    body: &'b [Stmt],
    held: &mut Held<'b>,
    found: &mut dyn FnMut(Span, &Held<'b>),
) {
    let depth = held.len();
    for s in body {
        match s {
            Stmt::Hold { lock, body } => {
                held.push((&lock.lock, lock.span));
                returns_under_locks(body, held, found);
                held.pop();
            }
            Stmt::Event(Event::Acquire(lock)) => held.push((&lock.lock, lock.span)),
            Stmt::Event(Event::Release { lock, .. }) => {
                if let Some(i) = held.iter().rposition(|(l, _)| *l == lock) {
                    held.remove(i);
                }
            }
            Stmt::Return(span) if !held.is_empty() => found(*span, held),
            other => other.each_body(&mut |b| returns_under_locks(b, held, found)),
        }
    }
    // An acquire inside this block that it does not release: precision first, forget it.
    held.truncate(depth.min(held.len()));
}

/// Whether `f` is called, and every call of it is made holding `lock`: the callers walk the
/// view before they release it.
fn walked_under_lock_by_callers(cg: &CallGraph, f: FuncId, lock: &Place) -> bool {
    let mut called = false;
    for g in cg.ids() {
        for site in cg.calls(g).iter().filter(|c| c.callee == f) {
            called = true;
            if !holds_at(&cg.function(g).body, site.span, lock) {
                return false;
            }
        }
    }
    called
}

fn holds_at(body: &[Stmt], at: Span, lock: &Place) -> bool {
    let mut found = false;
    crate::ir::walk_stmts(body, &mut |s| {
        if let Stmt::Hold { lock: h, body } = s {
            if h.lock == *lock {
                crate::ir::walk_events(body, &mut |e| found |= e.span() == at);
            }
        }
    });
    found
}

/// A change of `container` in place (not a new container bound to it, which leaves the view
/// on the old one) made under `lock`, outside a constructor: the function and the write.
fn changed_under(cg: &CallGraph, container: &Place, lock: &Place) -> Option<(FuncId, Span)> {
    for g in cg.ids() {
        let function = cg.function(g);
        if function.short_name == "__init__" || !is_lang(cg, g, Lang::Python) {
            continue;
        }
        let mut write = None;
        crate::ir::walk_stmts(&function.body, &mut |s| {
            let Stmt::Hold { lock: h, body } = s else {
                return;
            };
            if write.is_some() || h.lock != *lock {
                return;
            }
            let mut rebound = Vec::new();
            let mut changed = Vec::new();
            crate::ir::walk_events(body, &mut |e| match e {
                Event::Bind { target, span, .. } if target == container => rebound.push(span.start),
                Event::Access {
                    place, kind, span, ..
                } if place == container && *kind != AccessKind::Read => changed.push(*span),
                _ => {}
            });
            write = changed.into_iter().find(|w| !rebound.contains(&w.start));
        });
        if let Some(w) = write {
            return Some((g, w));
        }
    }
    None
}

fn finding(
    cg: &CallGraph,
    f: FuncId,
    container: &Place,
    (lock, acquire): (&Place, Span),
    ret: Span,
    (g, write): (FuncId, Span),
) -> Finding {
    let name = place_name(cg, container, f);
    let lock_name = place_name(cg, lock, f);
    Finding::new(
        &RULE,
        ret,
        format!(
            "`{}` hands out a live view of `{name}` from under `{lock_name}`: the caller walks it after the lock is released, while `{}` changes `{name}` under the lock",
            func_name(cg, f),
            func_name(cg, g)
        ),
    )
    .with_label("the view leaves the lock here; walking it is not covered")
    .with_related(acquire, format!("`{lock_name}` acquired here, released on return"))
    .with_related(write, format!("`{name}` changed here, under `{lock_name}`"))
    .with_help(format!(
        "return a copy made under the lock (`list({name})`, `dict({name})`), or walk it while holding `{lock_name}`"
    ))
}
