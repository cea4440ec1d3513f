//! KN106 atomic-load-then-store: a `load` of an atomic followed by a `store` to it in the same
//! function, on code threads run concurrently: updates between the two are lost.

use crate::ir::Atomicity;
use std::collections::BTreeSet;

use crate::analysis::callgraph::FuncId;
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::ir::{walk_events, walk_lists, walk_stmts, AccessKind, Event, ExecCtx, Place, Stmt};
use crate::rules::races::{func_name, is_lang, place_name, with_spawn_sites};
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::{Lang, Span};

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN106",
    name: "atomic-load-then-store",
    family: Family::Races,
    langs: &[Lang::Rust],
    status: Status::Stable,
    severity: Severity::Error,
    doc: rule_doc!("KN106"),
    check: Some(check),
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Load,
    Store,
    /// A read-modify-write whose result the code uses, or a compare-exchange.
    Rmw,
    /// A read-modify-write whose result the code discards ([`Atomicity::BlindUpdate`]); `counts`
    /// for [`Atomicity::BlindCount`].
    Blind {
        counts: bool,
    },
}

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let cg = facts.callgraph();
    let sharing = facts.sharing();
    let mut threaded: BTreeSet<FuncId> = sharing
        .contexts
        .list
        .iter()
        .filter(|c| c.kind == ExecCtx::Thread && !c.is_creator())
        .flat_map(|c| c.reach.iter().copied())
        .collect();
    // An `async fn` touching an atomic is a handler a runtime or framework may run on several
    // worker threads at once (an atomic in it is shared by construction), whether or not the
    // program shows the spawn: there, only an update spelled as a load and then a store in one
    // straight-line block (`let n = a.load(..) + 1; a.store(n, ..)`) counts, not a flag tested
    // by a branch and set in one of its arms.
    let unspawned: BTreeSet<FuncId> = cg
        .ids()
        .filter(|&f| cg.function(f).is_async && !threaded.contains(&f))
        .collect();
    threaded.extend(unspawned.iter().copied());
    for f in threaded {
        if !is_lang(cg, f, Lang::Rust) {
            continue;
        }
        let ops = atomic_ops(facts, f);
        if ops.is_empty() {
            continue;
        }
        let body = &cg.function(f).body;
        let mut reported = BTreeSet::new();
        for (i, (place, op, at)) in ops.iter().enumerate() {
            let blind = matches!(op, Op::Blind { .. });
            if !(*op == Op::Store || blind) || reported.contains(place) {
                continue;
            }
            // A compare-exchange (or any update whose result is looked at) on the same atomic
            // in the function is the retry loop doing it right.
            if ops.iter().any(|(p, o, _)| p == place && *o == Op::Rmw) {
                continue;
            }
            let earlier_load = ops[..i]
                .iter()
                .rev()
                .find(|(p, o, _)| p == place && *o == Op::Load)
                .map(|(_, _, load)| *load);
            let name = place_name(cg, place, f);
            let func = func_name(cg, f);
            // The test of a branch whose arm makes a blind count.
            let test = match op {
                Op::Blind { counts: true } => tested_before(body, place, *at, facts),
                _ => None,
            };
            let finding = match op {
                Op::Store => {
                    let Some(load) = earlier_load else { continue };
                    if unspawned.contains(&f) && !in_one_block(body, load, *at) {
                        continue;
                    }
                    Finding::new(
                        &RULE,
                        *at,
                        format!(
                            "`{name}` is stored from a value loaded earlier in `{func}`; concurrent updates in between are lost"
                        ),
                    )
                    .with_label("store of a stale value")
                    .with_related(load, "loaded here")
                    .with_help("use `fetch_add`/`fetch_update` or a `compare_exchange` loop")
                }
                // `if n.load(..) > 0 { n.fetch_sub(1, ..); }`: two threads can both pass the
                // test before either counts.
                Op::Blind { .. } if test.is_some() => {
                    let test = test.unwrap_or(*at);
                    Finding::new(
                        &RULE,
                        *at,
                        format!(
                            "`{name}` is tested and then updated in two steps in `{func}`; two threads can both pass the test before either updates it"
                        ),
                    )
                    .with_label("updated here, whatever it holds by now")
                    .with_related(test, "tested here")
                    .with_help("make the test and the update one step: `fetch_update` with a closure that returns `None` when the test fails, or a `compare_exchange` loop")
                }
                // `let was = bits.load(..) & bit != 0; bits.fetch_or(bit, ..);`: the update's own
                // result is the value it changed; the earlier load may be stale.
                Op::Blind { .. } => {
                    let Some(load) = earlier_load.filter(|&l| straight_line(body, l, *at)) else {
                        continue;
                    };
                    Finding::new(
                        &RULE,
                        *at,
                        format!(
                            "`{name}` is loaded and then updated in two steps in `{func}`; the value loaded may not be the one the update changed"
                        ),
                    )
                    .with_label("update whose result is dropped")
                    .with_related(load, "loaded here")
                    .with_help("use the value the update returns (the previous value) instead of a separate `load`")
                }
                _ => continue,
            };
            reported.insert(place.clone());
            let ctxs: Vec<usize> = sharing
                .contexts
                .of(f)
                .filter(|&c| {
                    let c = &sharing.contexts.list[c];
                    c.kind == ExecCtx::Thread && !c.is_creator()
                })
                .collect();
            out.push(with_spawn_sites(finding, cg, sharing, &ctxs));
        }
    }
}

/// Atomic operations in source order: method calls on a place whose declared type is an atomic
/// model, or accesses the front-end marked atomic.
fn atomic_ops(facts: &Facts, f: FuncId) -> Vec<(Place, Op, Span)> {
    let cg = facts.callgraph();
    let info = &facts.sharing().info;
    let mut ops = Vec::new();
    walk_events(&cg.function(f).body, &mut |e| {
        if let Some((place, op, span)) = atomic_op(facts, e) {
            ops.push((info.resolve(&place), op, span));
        }
    });
    ops
}

/// `e` as an atomic operation.
fn atomic_op(facts: &Facts, e: &Event) -> Option<(Place, Op, Span)> {
    let cg = facts.callgraph();
    match e {
        Event::MethodCall {
            place,
            method,
            span,
            ..
        } => {
            let resolved = facts.sharing().info.resolve(place);
            let model = facts
                .sharing()
                .info
                .decl(&resolved)
                .and_then(|d| facts.models.atomic(&cg.canonical_name(&d.ty)))?;
            let op = if model.load.iter().any(|m| m == method) {
                Op::Load
            } else if model.store.iter().any(|m| m == method) {
                Op::Store
            } else if model.rmw.iter().any(|m| m == method) {
                Op::Rmw
            } else {
                return None;
            };
            Some((place.clone(), op, *span))
        }
        Event::Access {
            place,
            kind,
            atomic,
            span,
        } if atomic.is_atomic() => {
            let op = match (kind, atomic) {
                (AccessKind::Read, _) => Op::Load,
                (AccessKind::Write, _) => Op::Store,
                (AccessKind::ReadModifyWrite, Atomicity::BlindCount) => Op::Blind { counts: true },
                (AccessKind::ReadModifyWrite, Atomicity::BlindUpdate) => {
                    Op::Blind { counts: false }
                }
                (AccessKind::ReadModifyWrite, _) => Op::Rmw,
            };
            Some((place.clone(), op, *span))
        }
        _ => None,
    }
}

/// The load of `place` in the test of a branch whose arm holds the update at `update`.
fn tested_before(body: &[Stmt], place: &Place, update: Span, facts: &Facts) -> Option<Span> {
    let info = &facts.sharing().info;
    let mut found = None;
    walk_stmts(body, &mut |s| {
        let Stmt::Branch { cond, arms, .. } = s else {
            return;
        };
        if found.is_some() {
            return;
        }
        let mut load = None;
        walk_events(cond, &mut |e| {
            if let Some((p, Op::Load, span)) = atomic_op(facts, e) {
                if load.is_none() && info.resolve(&p) == *place {
                    load = Some(span);
                }
            }
        });
        let Some(load) = load else { return };
        let mut in_arm = false;
        for arm in arms {
            walk_events(arm, &mut |e| in_arm |= e.span() == update);
        }
        if in_arm {
            found = Some(load);
        }
    });
    found
}

/// Whether events `a` and then `b` are statements of one statement list with only events
/// between them: no branch, loop or critical section that a test of the value loaded at `a`
/// could decide.
fn straight_line(body: &[Stmt], a: Span, b: Span) -> bool {
    let direct = |list: &[Stmt]| {
        let at = |s: Span| {
            list.iter()
                .position(|st| matches!(st, Stmt::Event(e) if e.span() == s))
        };
        let (Some(i), Some(j)) = (at(a), at(b)) else {
            return false;
        };
        i < j && list[i..j].iter().all(|st| matches!(st, Stmt::Event(_)))
    };
    let mut found = false;
    walk_lists(body, &mut |list| found |= direct(list));
    found
}

/// Whether events `a` and `b` are both statements of one statement list (no branch between).
fn in_one_block(body: &[Stmt], a: Span, b: Span) -> bool {
    let direct = |list: &[Stmt]| {
        let has = |s: Span| {
            list.iter()
                .any(|st| matches!(st, Stmt::Event(e) if e.span() == s))
        };
        has(a) && has(b)
    };
    let mut found = false;
    walk_lists(body, &mut |list| found |= direct(list));
    found
}
