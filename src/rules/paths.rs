//! Small helpers for the rules that walk a function's structured body path by path with a state
//! keyed by name (what is open, stopped or held on the path so far): branches start from the
//! same state and join by union; a loop's way out is its entry or the end of one turn.

use crate::ir::{Name, Stmt};

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
