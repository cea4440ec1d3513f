//! KN106 atomic-load-then-store: a `load` of an atomic followed by a `store` to it in the same
//! function, on code threads run concurrently: updates between the two are lost.

use std::collections::BTreeSet;

use crate::analysis::callgraph::FuncId;
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::ir::{walk_events, walk_stmts, AccessKind, Event, ExecCtx, Place, Stmt};
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
    Rmw,
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
        let mut reported = BTreeSet::new();
        for (i, (place, op, store)) in ops.iter().enumerate() {
            if *op != Op::Store || reported.contains(place) {
                continue;
            }
            // A compare-exchange (or any single-step update) on the same atomic in the function
            // is the retry loop doing it right.
            if ops.iter().any(|(p, o, _)| p == place && *o == Op::Rmw) {
                continue;
            }
            let Some((_, _, load)) = ops[..i]
                .iter()
                .rev()
                .find(|(p, o, _)| p == place && *o == Op::Load)
            else {
                continue;
            };
            if unspawned.contains(&f) && !in_one_block(&cg.function(f).body, *load, *store) {
                continue;
            }
            reported.insert(place.clone());
            let name = place_name(cg, place, f);
            let ctxs: Vec<usize> = sharing
                .contexts
                .of(f)
                .filter(|&c| {
                    let c = &sharing.contexts.list[c];
                    c.kind == ExecCtx::Thread && !c.is_creator()
                })
                .collect();
            let finding = Finding::new(
                    &RULE,
                    *store,
                    format!(
                        "`{name}` is stored from a value loaded earlier in `{}`; concurrent updates in between are lost",
                        func_name(cg, f)
                    ),
                )
                .with_label("store of a stale value")
                .with_related(*load, "loaded here")
                .with_help("use `fetch_add`/`fetch_update` or a `compare_exchange` loop");
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
    walk_events(&cg.function(f).body, &mut |e| match e {
        Event::MethodCall {
            place,
            method,
            span,
            ..
        } => {
            let place = info.resolve(place);
            let Some(model) = info
                .decl(&place)
                .and_then(|d| facts.models.atomic(&cg.canonical_name(&d.ty)))
            else {
                return;
            };
            let op = if model.load.iter().any(|m| m == method) {
                Op::Load
            } else if model.store.iter().any(|m| m == method) {
                Op::Store
            } else if model.rmw.iter().any(|m| m == method) {
                Op::Rmw
            } else {
                return;
            };
            ops.push((place, op, *span));
        }
        Event::Access {
            place,
            kind,
            atomic: true,
            span,
        } => {
            let op = match kind {
                AccessKind::Read => Op::Load,
                AccessKind::Write => Op::Store,
                AccessKind::ReadModifyWrite => Op::Rmw,
            };
            ops.push((info.resolve(place), op, *span));
        }
        _ => {}
    });
    ops
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
    if direct(body) {
        return true;
    }
    let mut found = false;
    walk_stmts(body, &mut |s| s.each_body(&mut |b| found |= direct(b)));
    found
}
