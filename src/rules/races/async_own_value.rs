//! KN104, a value kept across an `await` in a shared place: a coroutine stores a value of its
//! own in a field or global (`self.oidc_code_verifier = make_verifier()`), awaits, and then
//! reads it back as its own (`{"code_verifier": self.oidc_code_verifier}`). Another task
//! running the same coroutine on the same object stores its value meanwhile, and the first
//! task goes on with the second one's. The place serves as a local variable, but one every
//! task shares.
//!
//! The walk (stored, then a yield, then read back in its own body) runs only for coroutines tasks
//! run together.

use std::collections::HashMap;

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::flow::encloses;
use crate::ir::{AccessKind, Callee, Event, Place, Stmt};
use crate::rules::races::async_check_then_act::{awaited, leaves, lock_event, suspends};
use crate::rules::races::check_then_act::LOG_METHODS;
use crate::source::Span;

/// How deep calls are followed to find the store and the await.
const CALL_DEPTH: usize = 3;

/// A read, in the scanned coroutine's own body, of a place the same task stored a value into
/// before an `await`.
pub(super) struct StaleRead {
    pub place: Place,
    /// The store, and the function making it (the coroutine or a helper it calls).
    pub write: (FuncId, Span),
    /// The first yield after the store.
    pub yields: Span,
    pub read: Span,
}

/// The store of a place this task made last, and the first yield since.
#[derive(Clone, Copy)]
struct Stored {
    write: (FuncId, Span),
    yields: Option<Span>,
}

struct Walk<'q> {
    /// The coroutine scanned: only reads in its own body are reported (a helper's read is
    /// found when the helper is the coroutine scanned).
    top: FuncId,
    stored: HashMap<Place, Stored>,
    /// Places a test read before any store: a lazy initialisation (`if self.info is None:
    /// self.info = await load()`) stores what every task would, and its test is judged as a
    /// check-then-act.
    tested: Vec<Place>,
    held: Vec<Place>,
    quiet_call: Option<Span>,
    quiet: &'q mut HashMap<(FuncId, usize), bool>,
    out: Vec<StaleRead>,
}

/// The reads in coroutine `f` of a field or global that `f` (or a plain function or awaited
/// coroutine it calls) stored a computed value into before a yield, with no new store since.
/// Not judged: stores of a constant (a flag another task may set as well), updates (`+=`),
/// reads in a test (a check whether another task changed it), and what runs under a lock.
pub(super) fn stale_reads(
    cg: &CallGraph,
    f: FuncId,
    quiet: &mut HashMap<(FuncId, usize), bool>,
) -> Vec<StaleRead> {
    let mut w = Walk {
        top: f,
        stored: HashMap::new(),
        tested: Vec::new(),
        held: Vec::new(),
        quiet_call: None,
        quiet,
        out: Vec::new(),
    };
    walk(cg, f, &cg.function(f).body, CALL_DEPTH, false, &mut w);
    w.out
}

fn walk(cg: &CallGraph, f: FuncId, body: &[Stmt], depth: usize, in_test: bool, w: &mut Walk) {
    for (i, stmt) in body.iter().enumerate() {
        lock_event(stmt, &mut w.held);
        match stmt {
            Stmt::Event(_) if !w.held.is_empty() => {}
            Stmt::Event(Event::Access {
                place: place @ (Place::Field { .. } | Place::Global(_)),
                kind,
                span,
                ..
            }) => match kind {
                AccessKind::Write
                    if stores_value(&body[i + 1..], place, *span) && !w.tested.contains(place) =>
                {
                    w.stored.insert(
                        place.clone(),
                        Stored {
                            write: (f, *span),
                            yields: None,
                        },
                    );
                }
                AccessKind::Write | AccessKind::ReadModifyWrite => {
                    w.stored.remove(place);
                }
                AccessKind::Read => {
                    let Some(s) = w.stored.get(place).copied() else {
                        if in_test && !w.tested.contains(place) {
                            w.tested.push(place.clone());
                        }
                        continue;
                    };
                    // A test of the place after the yield asks whether it changed.
                    if in_test {
                        w.stored.remove(place);
                        continue;
                    }
                    // A stale value in a log line misleads no code.
                    if logged(&body[i + 1..], *span) {
                        continue;
                    }
                    if let (Some(yields), true) = (s.yields, f == w.top) {
                        w.out.push(StaleRead {
                            place: place.clone(),
                            write: s.write,
                            yields,
                            read: *span,
                        });
                        w.stored.remove(place);
                    }
                }
            },
            Stmt::Event(Event::Await { span })
                if !w.quiet_call.is_some_and(|c| encloses(*span, c)) =>
            {
                yielded(w, *span);
            }
            Stmt::Event(Event::Call { callee, span, .. }) => {
                let Some(g) = cg.resolve(callee).filter(|&g| g != f) else {
                    continue;
                };
                // A constructor's stores build its new object.
                if matches!(cg.function(g).short_name.as_str(), "__init__" | "__new__") {
                    continue;
                }
                if !cg.function(g).is_async {
                    if depth > 0 {
                        walk(cg, g, &cg.function(g).body, depth - 1, false, w);
                    }
                    continue;
                }
                // A coroutine made and not awaited here runs in another task.
                if !awaited(&body[i + 1..], *span) {
                    continue;
                }
                if depth > 0 {
                    // The callee's own awaits are its yields; one of them found for a value
                    // stored before the call is shown at the call, where this code yields.
                    let pending: Vec<(Place, (FuncId, Span))> = (w.stored.iter())
                        .filter(|(_, s)| s.yields.is_none())
                        .map(|(p, s)| (p.clone(), s.write))
                        .collect();
                    walk(cg, g, &cg.function(g).body, depth - 1, false, w);
                    for (p, write) in pending {
                        if let Some(s) = w.stored.get_mut(&p) {
                            if s.write == write && s.yields.is_some() {
                                s.yields = Some(*span);
                            }
                        }
                    }
                    w.quiet_call = Some(*span);
                } else if suspends(cg, g, CALL_DEPTH, w.quiet) {
                    yielded(w, *span);
                } else {
                    w.quiet_call = Some(*span);
                }
            }
            // Under a lock the store, the yield and the read are one step for the tasks that
            // take it.
            Stmt::Hold { .. } => {}
            Stmt::Branch { cond, arms, .. } => {
                walk(cg, f, cond, depth, true, w);
                let before = w.stored.clone();
                let mut after: Option<HashMap<Place, Stored>> = None;
                for arm in arms {
                    w.stored.clone_from(&before);
                    walk(cg, f, arm, depth, in_test, w);
                    if leaves(arm) {
                        continue;
                    }
                    // After the branch, a place is stored as on the arm that got furthest.
                    let merged = after.get_or_insert_with(HashMap::new);
                    for (p, s) in &w.stored {
                        let keep = merged.get(p).is_some_and(|m| m.yields.is_some());
                        if !keep {
                            merged.insert(p.clone(), *s);
                        }
                    }
                }
                w.stored = after.unwrap_or(before);
            }
            Stmt::Loop { cond, body, .. } => {
                walk(cg, f, cond, depth, true, w);
                walk(cg, f, body, depth, in_test, w);
            }
            Stmt::Try {
                body,
                handlers,
                orelse,
                finally,
                ..
            } => {
                walk(cg, f, body, depth, in_test, w);
                for h in handlers {
                    walk(cg, f, h, depth, in_test, w);
                }
                walk(cg, f, orelse, depth, in_test, w);
                walk(cg, f, finally, depth, in_test, w);
            }
            Stmt::Block(b) => walk(cg, f, b, depth, in_test, w),
            _ => {}
        }
    }
}

/// Whether the write of `place` at `at` stores a value computed here (its `Bind`, among the
/// events after it, has no constant): not a constant flag, and not a change of a container's
/// contents (`self.items.extend(..)`, `self.map[k] = v`), which keeps the other tasks' entries.
fn stores_value(after: &[Stmt], place: &Place, at: Span) -> bool {
    after.iter().any(|s| {
        matches!(s, Stmt::Event(Event::Bind { target, constant: None, span, .. })
            if target == place && span.start == at.start)
    })
}

/// Whether the read at `read` is an argument of a logger's method or of `print`, among the
/// events that follow it (`log.debug("x %s", self.x)`).
fn logged(after: &[Stmt], read: Span) -> bool {
    for s in after {
        let Stmt::Event(e) = s else {
            return false;
        };
        let (method, span) = match e {
            Event::MethodCall { method, span, .. }
            | Event::Call {
                callee: Callee::Dynamic { method },
                span,
                ..
            } => (method.as_str(), *span),
            Event::Call {
                callee: Callee::Path(name),
                span,
                ..
            } if name.as_str() == "print" => ("print", *span),
            _ => continue,
        };
        if encloses(span, read) {
            return method == "print" || LOG_METHODS.contains(&method);
        }
        if span.start > read.end {
            return false;
        }
    }
    false
}

/// The task yields at `at`: every value it stored may be replaced by another task's.
fn yielded(w: &mut Walk, at: Span) {
    for s in w.stored.values_mut() {
        s.yields.get_or_insert(at);
    }
}
