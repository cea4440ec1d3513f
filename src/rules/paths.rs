//! Small helpers for the rules that walk a function's structured body path by path with a state
//! keyed by name (what is open, stopped or held on the path so far): branches start from the
//! same state and join by union; a loop's way out is its entry or the end of one turn.
//!
//! Also the walk of locals left pending where a function leaves (`left_pending`, a `PendingLocals`
//! check saying what each event does), which `lifecycle/returned_before_join.rs` and
//! `lifecycle/terminated_not_joined.rs` both run.

use crate::ir::{Event, Name, Stmt};
use crate::source::Span;

/// What is known per name on a path, with a payload (where it happened).
pub(crate) type Keyed<T> = Vec<(Name, T)>;

/// The union of two path states; on a name in both, `a`'s payload stays.
pub(crate) fn union<T>(a: Option<Keyed<T>>, b: Keyed<T>) -> Keyed<T> {
    let mut a = a.unwrap_or_default();
    for (k, v) in b {
        if !a.iter().any(|(x, _)| *x == k) {
            a.push((k, v));
        }
    }
    a
}

/// Walks each arm of a branch from `state` with `walk` and joins the arms that fall through;
/// `None` when none does. A branch without arms falls through with `state`.
pub(crate) fn join_arms<T: Clone>(
    arms: &[Vec<Stmt>],
    state: Keyed<T>,
    mut walk: impl FnMut(&[Stmt], Keyed<T>) -> Option<Keyed<T>>,
) -> Option<Keyed<T>> {
    if arms.is_empty() {
        return Some(state);
    }
    let mut joined: Option<Keyed<T>> = None;
    for arm in arms {
        if let Some(s) = walk(arm, state.clone()) {
            joined = Some(union(joined, s));
        }
    }
    joined
}

/// A loop body walked once from `state`: the way out is the entry (no turn) or the end of a
/// turn. (A `break` or `continue` ends its path inside the walk.)
pub(crate) fn after_loop<T: Clone>(
    body: &[Stmt],
    state: Keyed<T>,
    mut walk: impl FnMut(&[Stmt], Keyed<T>) -> Option<Keyed<T>>,
) -> Keyed<T> {
    match walk(body, state.clone()) {
        Some(after) => union(Some(state), after),
        None => state,
    }
}

/// A check of locals left pending on a path (a thread started and not joined yet, a process
/// stopped and not reaped yet) when the function leaves: [`left_pending`] walks the body, the
/// check says what each event does to the pending locals.
pub(crate) trait PendingLocals {
    /// Whether an explicit `raise` leaves the function with what is pending (a `return` does).
    const RAISE_LEAVES: bool;

    /// Updates the locals pending on the path, each with where it became pending, after `e`.
    fn event(&self, e: &Event, state: &mut Keyed<Span>);

    /// Locals a `finally` settles on every way out of its `try`.
    fn settled_by(&self, _finally: &[Stmt]) -> Vec<Name> {
        Vec::new()
    }
}

/// Each local `check` finds pending where the function leaves, once: (local, where it became
/// pending, the `return` or `raise` leaving with it, or `end` for a path falling off the end of
/// the body when given).
pub(crate) fn left_pending<C: PendingLocals>(
    check: &C,
    body: &[Stmt],
    end: Option<Span>,
) -> Vec<(Name, Span, Span)> {
    let mut walker = PendingWalk {
        check,
        found: Vec::new(),
    };
    if let (Some(state), Some(end)) = (walker.walk(body, Vec::new()), end) {
        walker.leave(&state, end);
    }
    walker.found
}

struct PendingWalk<'c, C> {
    check: &'c C,
    found: Vec<(Name, Span, Span)>,
}

impl<C: PendingLocals> PendingWalk<'_, C> {
    fn walk(&mut self, body: &[Stmt], mut state: Keyed<Span>) -> Option<Keyed<Span>> {
        for stmt in body {
            match stmt {
                Stmt::Event(e) => self.check.event(e, &mut state),
                Stmt::Hold { body, .. } | Stmt::Block(body) => state = self.walk(body, state)?,
                Stmt::Branch { cond, arms, .. } => {
                    state = self.walk(cond, state)?;
                    state = join_arms(arms, state, |b, s| self.walk(b, s))?;
                }
                Stmt::Loop { cond, body, .. } => {
                    state = self.walk(cond, state)?;
                    state = after_loop(body, state, |b, s| self.walk(b, s));
                }
                Stmt::Try {
                    body,
                    handlers,
                    orelse,
                    finally,
                    ..
                } => {
                    let settled = self.check.settled_by(finally);
                    let entry = state.clone();
                    let saved = self.found.len();
                    let mut joined = self.walk(body, state).and_then(|s| self.walk(orelse, s));
                    for h in handlers.iter() {
                        if let Some(s) = self.walk(h, entry.clone()) {
                            joined = Some(union(joined, s));
                        }
                    }
                    // Paths leaving through the `try` run its `finally` first.
                    let mut i = saved;
                    while i < self.found.len() {
                        if settled.contains(&self.found[i].0) {
                            self.found.remove(i);
                        } else {
                            i += 1;
                        }
                    }
                    let mut after = self.walk(finally, joined?)?;
                    after.retain(|(l, _)| !settled.contains(l));
                    state = after;
                }
                Stmt::Return(span) => {
                    self.leave(&state, *span);
                    return None;
                }
                Stmt::Raise(span) => {
                    if C::RAISE_LEAVES {
                        self.leave(&state, *span);
                    }
                    return None;
                }
                Stmt::ErrorReturn { .. } => {}
                // The loop's way out is approximated by its end (see `after_loop`).
                Stmt::Break(_) | Stmt::Continue(_) => return None,
            }
        }
        Some(state)
    }

    fn leave(&mut self, state: &Keyed<Span>, exit: Span) {
        for &(local, at) in state {
            if !self.found.iter().any(|(l, ..)| *l == local) {
                self.found.push((local, at, exit));
            }
        }
    }
}
