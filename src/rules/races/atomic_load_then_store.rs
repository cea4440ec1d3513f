//! KN106 atomic-load-then-store: a `load` of an atomic followed by a `store` to it in the same
//! function, on code threads run concurrently: updates between the two are lost. Also an update
//! made in two steps (a test and a count, a load and a blind update, a count and a store undoing
//! it, a dropped compare-exchange and a count) and a store over increments other code takes back.
//!
//! A method whose body is one load or one store of an atomic is taken for that operation where
//! another method of its type calls it on `self` (`accessor_op`).

use crate::ir::Atomicity;
use std::collections::BTreeSet;

use crate::analysis::callgraph::FuncId;
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::ir::{walk_events, walk_lists, walk_stmts, AccessKind, Event, ExecCtx, Place, Stmt};
use crate::rules::races::{func_name, is_lang, place_name, under_lock, with_spawn_sites};
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
    /// A `fetch_add` (`up`) or `fetch_sub` whose result the code uses ([`Atomicity::Count`]).
    Count {
        up: bool,
    },
    /// A compare-exchange whose result the code drops ([`Atomicity::BlindExchange`]).
    BlindExchange,
    /// A read-modify-write whose result the code discards ([`Atomicity::BlindUpdate`]); `counts`
    /// for [`Atomicity::BlindCount`].
    Blind {
        counts: bool,
    },
}

impl Op {
    /// Any update the code reads the result of, or a compare-exchange: a function making one
    /// on an atomic is taken to be a retry loop on it.
    fn retries(self) -> bool {
        matches!(self, Op::Rmw | Op::Count { .. } | Op::BlindExchange)
    }
}

/// How sure the rule is that other threads run a function at the same time.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shared {
    /// Spawned threads or tasks run it.
    Spawned,
    /// Shared by construction: an `async fn` a runtime may run on several workers, or a
    /// field of the object of a method taking `&'static self` (a static or leaked object any
    /// thread reaches). Only a load and a store in one block count there.
    Constructed,
    /// Nothing shows it: only the shapes whose own updates say the atomic is updated by
    /// concurrent callers (a count undone by a store, a wrap-around made in two steps).
    Unknown,
}

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let cg = facts.callgraph();
    let sharing = facts.sharing();
    let threaded: BTreeSet<FuncId> = sharing
        .contexts
        .list
        .iter()
        .filter(|c| c.kind == ExecCtx::Thread && !c.is_creator())
        .flat_map(|c| c.reach.iter().copied())
        .collect();
    let static_receivers: BTreeSet<&str> = cg
        .program()
        .modules
        .iter()
        .flat_map(|m| m.facts.static_receivers.iter().map(|n| n.as_str()))
        .collect();
    let speculated = speculative_counts(facts);
    for f in cg.ids() {
        if !is_lang(cg, f, Lang::Rust) {
            continue;
        }
        let ops = atomic_ops(facts, f);
        if ops.is_empty() {
            continue;
        }
        let function = cg.function(f);
        // An `async fn` touching an atomic is a handler a runtime or framework may run on
        // several worker threads at once (an atomic in it is shared by construction), whether
        // or not the program shows the spawn: there, only an update spelled as a load and then
        // a store in one block (`let n = a.load(..) + 1; a.store(n, ..)`) counts, not a flag
        // tested by a branch and set in one of its arms.
        let shared = |place: &Place| {
            if threaded.contains(&f) {
                return Shared::Spawned;
            }
            // An atomic in a `static`, or in an object of a type kept in one or declared
            // `Sync` by hand, is no such sign: lock and channel implementations keep their
            // state there and change it in two steps where they own it (a writer's guard).
            let constructed = function.is_async
                || match place {
                    Place::Field { class, .. } => {
                        static_receivers.contains(function.name.as_str())
                            && function
                                .class
                                .as_deref()
                                .is_some_and(|c| cg.canonical_name(c) == cg.canonical_name(class))
                    }
                    _ => false,
                };
            if constructed {
                Shared::Constructed
            } else {
                Shared::Unknown
            }
        };
        let body = &function.body;
        let mut reported = BTreeSet::new();
        for (i, (place, op, at)) in ops.iter().enumerate() {
            let blind = matches!(op, Op::Blind { .. });
            let counts = matches!(op, Op::Count { .. } | Op::Blind { counts: true });
            if !(*op == Op::Store || blind || counts) || reported.contains(place) {
                continue;
            }
            let shared = shared(place);
            let name = place_name(cg, place, f);
            let func = func_name(cg, f);
            // A compare-exchange (or any update whose result is looked at) on the same atomic
            // in the function is the retry loop doing it right.
            let retried = ops.iter().any(|(p, o, _)| p == place && o.retries());
            // `let old = n.fetch_add(1, ..); if old == 0 { n.store(0, ..) }`: the store undoes
            // the count, and with it whatever other threads counted meanwhile. A count is
            // made for concurrent callers, so no other sign of sharing is needed; an exchange
            // whose result is read (a retry loop, a lock) leaves it alone.
            let exchanged = ops.iter().any(|(p, o, _)| p == place && *o == Op::Rmw);
            // Only an increment: a decrement to zero may be the last owner's, whom no one
            // else counts against any more (`if rc.fetch_sub(1, ..) == 1 { rc.store(DEAD, ..) }`).
            let undone = match op {
                Op::Store if !exchanged => ops[..i]
                    .iter()
                    .filter(|(p, o, _)| p == place && *o == Op::Count { up: true })
                    .map(|(_, _, c)| *c)
                    .find(|&c| decided_by(body, c, *at) && !under_lock(body, *at, None)),
                _ => None,
            };
            // `n.compare_exchange(0, len, ..).ok(); n.fetch_sub(1, ..)`: a wrap-around made as
            // a reset and then a count. Another thread can count between the two, past the
            // value the reset was there to catch.
            let wrapped = match op {
                _ if !counts || exchanged => None,
                _ => ops[..i]
                    .iter()
                    .rev()
                    .find(|(p, o, _)| p == place && *o == Op::BlindExchange)
                    .map(|(_, _, x)| *x)
                    .filter(|&x| straight_line(body, x, *at) && !under_lock(body, *at, None)),
            };
            // `let v = b.fetch_add(1, ..); if v & UNIQUE != 0 { b.fetch_sub(1, ..); }` in one
            // function, `b.store(0, ..)` in another: the increment comes before the test, so
            // no state of the atomic keeps it out, and a store between it and its undo wipes
            // it; the undo then takes the count below what the store left.
            let over = match op {
                Op::Store if !under_lock(body, *at, None) => speculated
                    .iter()
                    .find(|(p, g, _)| p == place && *g != f)
                    .map(|(_, g, inc)| (*g, *inc)),
                _ => None,
            };
            // `data.store(v, ..); match flag.compare_exchange(false, true, ..) { Ok(_) => v,
            // Err(_) => data.load(..) }`: the exchange decides whose value `data` holds, and
            // the loser, which reads the winner's there, has already overwritten it.
            let claimed = match op {
                Op::Store if shared != Shared::Unknown => claimed_after(body, place, *at, facts),
                _ => None,
            };
            let finding = if let Some((g, inc)) = over {
                let other = func_name(cg, g);
                Finding::new(
                    &RULE,
                    *at,
                    format!(
                        "`{name}` is stored in `{func}` while `{other}` may hold an increment of it that it takes back after a test; the store wipes that increment, and its undo then counts below what the store left"
                    ),
                )
                .with_label("store over increments in flight")
                .with_related(inc, "incremented here before the test")
                .with_help("change only the bits the store is meant to change (`fetch_and`, `fetch_or`, `fetch_sub`), so that counts in flight stay")
            } else if let Some((claim, flag)) = claimed {
                let flag = place_name(cg, &flag, f);
                Finding::new(
                    &RULE,
                    *at,
                    format!(
                        "`{name}` is stored before the exchange on `{flag}` that decides whose value it holds, in `{func}`; a thread losing the exchange has already overwritten the winner's value"
                    ),
                )
                .with_label("stored before the claim")
                .with_related(claim, "claimed here; the losing arm reads the value back")
                .with_help("store only in the arm where the exchange succeeds")
            } else if let Some(reset) = wrapped {
                Finding::new(
                    &RULE,
                    *at,
                    format!(
                        "`{name}` is reset by a compare-exchange and then counted in a second step in `{func}`; another thread can count in between, past the value the reset catches"
                    ),
                )
                .with_label("counted after a reset whose result is dropped")
                .with_related(reset, "reset here")
                .with_help("make the reset and the count one step: `fetch_update` with a closure that wraps around")
            } else if let Some(count) = undone {
                Finding::new(
                    &RULE,
                    *at,
                    format!(
                        "`{name}` is counted and then stored in `{func}`; the store undoes what other threads counted in between"
                    ),
                )
                .with_label("store overwriting concurrent counts")
                .with_related(count, "counted here")
                .with_help("make it one step: `fetch_update` with a closure that returns `None` when the count must not move, or undo the count with the opposite `fetch_add`/`fetch_sub`")
            } else if retried || shared == Shared::Unknown || !(*op == Op::Store || blind) {
                continue;
            } else {
                // A load inside an assertion (`debug_assert!(a.load(..) & LOCKED != 0)`) only
                // checks an invariant; the value stored is not made from it.
                let asserted = &cg.module_of(f).facts.assertions;
                let earlier_load = ops[..i]
                    .iter()
                    .rev()
                    .filter(|(_, _, load)| {
                        !asserted
                            .iter()
                            .any(|a| a.start <= load.start && load.end <= a.end)
                    })
                    .find(|(p, o, _)| p == place && *o == Op::Load)
                    .map(|(_, _, load)| *load);
                // The test of a branch whose arm makes a blind count.
                let test = match op {
                    Op::Blind { counts: true } => tested_before(body, place, *at, facts),
                    _ => None,
                };
                match op {
                    Op::Store => {
                        let Some(load) = earlier_load else { continue };
                        if rechecked_under_lock(facts, body, place, load, *at)
                            || loaded_and_stored_holding(facts, body, place, load, *at)
                        {
                            continue;
                        }
                        // `match busy.compare_exchange(0, UPDATE, ..) { Ok(_) => { let p =
                        // ptr.load(..); ptr.store(q, ..); busy.fetch_and(!UPDATE, ..); } }`:
                        // the load and the store run inside a section the thread claimed on
                        // another atomic, and every write of the place in the program claims
                        // that flag first, so no update can come in between.
                        if claimed_section(facts, body, place, load, *at)
                            .is_some_and(|flag| every_write_claims(facts, place, &flag))
                        {
                            continue;
                        }
                        if shared == Shared::Constructed
                            && (!in_one_block(body, load, *at) || under_lock(body, *at, None))
                        {
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
                        .with_help(match one_step_update(facts, place) {
                            Some(m) => format!("use `{m}`, which retries the change until no other thread stored in between"),
                            None => "use `fetch_add`/`fetch_update` or a `compare_exchange` loop".to_string(),
                        })
                    }
                    // Only the spawned and `async` code the rule looked at before.
                    _ if shared == Shared::Constructed && !function.is_async => continue,
                    // `if n.load(..) > 0 { n.fetch_sub(1, ..); }`: two threads can both pass
                    // the test before either counts.
                    Op::Blind { .. } if test.is_some() => {
                        let test = test.unwrap_or(*at);
                        if loaded_and_stored_holding(facts, body, place, test, *at) {
                            continue;
                        }
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
                    // `let was = bits.load(..) & bit != 0; bits.fetch_or(bit, ..);`: the
                    // update's own result is the value it changed; the earlier load may be
                    // stale.
                    Op::Blind { .. } => {
                        let Some(load) = earlier_load.filter(|&l| straight_line(body, l, *at))
                        else {
                            continue;
                        };
                        // Both under a lock every write of the atomic holds: no update comes
                        // in between.
                        if loaded_and_stored_holding(facts, body, place, load, *at) {
                            continue;
                        }
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
                }
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

/// The atomics some function increments before it tests the value and takes the increment back
/// when the test fails: a `fetch_add` whose result the code uses, followed in its statement list
/// by a branch (or deciding one) with a count whose result is dropped in an arm
/// (`let v = b.fetch_add(1, ..); if v & UNIQUE != 0 { b.fetch_sub(1, ..); }`). With the function
/// and the increment.
fn speculative_counts(facts: &Facts) -> Vec<(Place, FuncId, Span)> {
    let cg = facts.callgraph();
    let mut out = Vec::new();
    for f in cg.ids() {
        if !is_lang(cg, f, Lang::Rust) {
            continue;
        }
        let ops = atomic_ops(facts, f);
        let body = &cg.function(f).body;
        for (i, (place, op, at)) in ops.iter().enumerate() {
            if *op != (Op::Count { up: true }) || out.iter().any(|(p, _, _)| p == place) {
                continue;
            }
            let undone = ops[i + 1..].iter().any(|(p, o, u)| {
                p == place && *o == Op::Blind { counts: true } && undone_after(body, *at, *u)
            });
            if undone {
                out.push((place.clone(), f, *at));
            }
        }
    }
    out
}

/// The update of another atomic, and that atomic, when the store of `place` at `store` is
/// followed (only events between) by a branch deciding on that update's result (an exchange: `match
/// flag.compare_exchange(..)`) with an arm that loads `place` back.
fn claimed_after(
    body: &[Stmt],
    place: &Place,
    store: Span,
    facts: &Facts,
) -> Option<(Span, Place)> {
    let info = &facts.sharing().info;
    let mut found = None;
    walk_lists(body, &mut |list| {
        let Some(i) = list
            .iter()
            .position(|st| matches!(st, Stmt::Event(e) if e.span() == store))
        else {
            return;
        };
        let Some(Stmt::Branch { cond, arms, .. }) = list[i + 1..]
            .iter()
            .find(|st| !matches!(st, Stmt::Event(_)))
        else {
            return;
        };
        let mut claim = None;
        walk_events(cond, &mut |e| {
            if let Some((p, Op::Rmw, span)) = atomic_op(facts, e) {
                let p = info.resolve(&p);
                if claim.is_none() && p != *place {
                    claim = Some((span, p));
                }
            }
        });
        let Some(claim) = claim else { return };
        let mut reads = false;
        for arm in arms {
            walk_events(arm, &mut |e| {
                if let Some((p, Op::Load, _)) = atomic_op(facts, e) {
                    reads |= info.resolve(&p) == *place;
                }
            });
        }
        if reads {
            found = Some(claim);
        }
    });
    found
}

/// The flag a thread holds around the events at `first` and `last` on `place`: both are in one
/// arm of a branch whose condition makes a compare-exchange (or another update read for its
/// result) of an atomic other than `place` (`match busy.compare_exchange(0, UPDATE, ..) { Ok(_) => .. }`),
/// and that arm gives the flag back after `last` (a store or a blind update of it,
/// `busy.fetch_and(!UPDATE, ..)`): a lock made of an atomic, taken and released in the arm.
fn claimed_section(
    facts: &Facts,
    body: &[Stmt],
    place: &Place,
    first: Span,
    last: Span,
) -> Option<Place> {
    let info = &facts.sharing().info;
    let mut found = None;
    walk_stmts(body, &mut |st| {
        let Stmt::Branch { cond, arms, .. } = st else {
            return;
        };
        let mut claims = Vec::new();
        walk_events(cond, &mut |e| {
            if let Some((p, Op::Rmw, _)) = atomic_op(facts, e) {
                let p = info.resolve(&p);
                if p != *place {
                    claims.push(p);
                }
            }
        });
        for arm in arms {
            // The arm's events in order, resolved.
            let mut events = Vec::new();
            walk_events(arm, &mut |e| {
                events.push((e.span(), atomic_op(facts, e)));
            });
            let (Some(i), Some(j)) = (
                events.iter().position(|(s, _)| *s == first),
                events.iter().position(|(s, _)| *s == last),
            ) else {
                continue;
            };
            let flag = claims.iter().find(|flag| {
                events[i.max(j)..].iter().any(|(_, op)| {
                    matches!(op, Some((p, Op::Store | Op::Blind { .. }, _))
                        if info.resolve(p) == **flag)
                })
            });
            if let Some(flag) = flag {
                found = Some(flag.clone());
            }
        }
    });
    found
}

/// Whether every write of the atomic `place` in the program (stores and updates, in any Rust
/// function) is made inside a section claimed on `flag` ([`claimed_section`]).
fn every_write_claims(facts: &Facts, place: &Place, flag: &Place) -> bool {
    let cg = facts.callgraph();
    let info = &facts.sharing().info;
    cg.ids().filter(|&g| is_lang(cg, g, Lang::Rust)).all(|g| {
        let body = &cg.function(g).body;
        let mut writes = Vec::new();
        walk_events(body, &mut |e| {
            if let Some((p, op, span)) = atomic_op(facts, e) {
                if op != Op::Load && info.resolve(&p) == *place {
                    writes.push(span);
                }
            }
        });
        writes
            .iter()
            .all(|&w| claimed_section(facts, body, place, w, w).as_ref() == Some(flag))
    })
}

/// Whether the event at `undo` is in an arm of a branch testing the event at `count`, or of a
/// branch after it in its statement list.
fn undone_after(body: &[Stmt], count: Span, undo: Span) -> bool {
    in_branch_on(body, count, undo, true)
}

/// Whether the count at `count` decides a branch with the store at `store` in one of its
/// arms: the branch tests the count itself (`if n.fetch_sub(1, ..) == 1 {`), or is the first
/// statement after it that is not an event (`let old = n.fetch_add(1, ..); if old == 0 {`).
fn decided_by(body: &[Stmt], count: Span, store: Span) -> bool {
    in_branch_on(body, count, store, false)
}

/// Whether the event at `act` is in an arm of a branch on the event at `test`: one whose
/// condition holds it, or, in the statement list holding `test`, any later branch
/// (`any_later`) or the first statement after it that is not an event.
fn in_branch_on(body: &[Stmt], test: Span, act: Span, any_later: bool) -> bool {
    let has = |list: &[Stmt], at: Span| {
        let mut found = false;
        walk_events(list, &mut |e| found |= e.span() == at);
        found
    };
    let in_arms = |s: &Stmt| match s {
        Stmt::Branch { arms, .. } => arms.iter().any(|arm| has(arm, act)),
        _ => false,
    };
    let mut found = false;
    walk_stmts(body, &mut |s| {
        if let Stmt::Branch { cond, .. } = s {
            found |= has(cond, test) && in_arms(s);
        }
    });
    walk_lists(body, &mut |list| {
        let Some(i) = list
            .iter()
            .position(|st| matches!(st, Stmt::Event(e) if e.span() == test))
        else {
            return;
        };
        let mut later = list[i + 1..].iter();
        found |= if any_later {
            later.any(in_arms)
        } else {
            later
                .find(|st| !matches!(st, Stmt::Event(_)))
                .is_some_and(in_arms)
        };
    });
    found
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
        } else if let Event::Call { span, .. } = e {
            if let Some((place, op)) = accessor_op(facts, f, *span) {
                ops.push((info.resolve(&place), op, *span));
            }
        }
    });
    ops
}

/// The call at `span`, on `f`'s own object, of another method of its type whose body is one
/// load or one store of an atomic and nothing else atomic (`fn load(&self) -> Arc<T> {
/// self.inner.load_full() }`): that operation, made at the call. A type wrapping an atomic
/// updates it in two steps through its own accessors as much as through the atomic's methods.
fn accessor_op(facts: &Facts, f: FuncId, span: Span) -> Option<(Place, Op)> {
    let cg = facts.callgraph();
    let caller = cg.function(f);
    let site = cg.calls(f).iter().find(|c| c.span == span)?;
    let callee = cg.function(site.callee);
    let on_self = matches!(
        site.args.first(),
        Some(Some(Place::Param { function, index: 0 })) if *function == caller.name
    );
    if !on_self || site.callee == f || callee.class.is_none() || callee.class != caller.class {
        return None;
    }
    let mut found = Vec::new();
    walk_events(&callee.body, &mut |e| found.extend(atomic_op(facts, e)));
    match found.as_slice() {
        [(place, op @ (Op::Load | Op::Store), _)] => Some((place.clone(), *op)),
        _ => None,
    }
}

/// The method of `place`'s atomic type that makes a load-change-store one step, when its model
/// names one (`AtomicModel::update`).
fn one_step_update<'m>(facts: &'m Facts, place: &Place) -> Option<&'m str> {
    let info = &facts.sharing().info;
    let ty = &info.decl(&info.resolve(place))?.ty;
    let model = facts.models.atomic(&facts.callgraph().canonical_name(ty))?;
    model.update.as_deref()
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
                (AccessKind::ReadModifyWrite, Atomicity::Count { up }) => Op::Count { up: *up },
                (AccessKind::ReadModifyWrite, Atomicity::BlindExchange) => Op::BlindExchange,
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

/// Whether the store at `store` is decided again holding a lock that every write of `place` in
/// the program holds, after a load at `load` that only tests: `if empty.load(..) { return None }
/// let g = queue.lock(); if g.len() == 0 { empty.store(true, ..) }`. The unlocked load is a fast
/// path whose value the store does not carry; the test deciding the store runs holding the lock,
/// and no write of the atomic runs outside it, so none is lost between that test and the store.
fn rechecked_under_lock(
    facts: &Facts,
    body: &[Stmt],
    place: &Place,
    load: Span,
    store: Span,
) -> bool {
    let info = &facts.sharing().info;
    // The loaded value is only tested, never kept to be stored.
    let mut tested = false;
    walk_stmts(body, &mut |s| {
        if let Stmt::Branch { cond, .. } = s {
            tested |= has_event_at(cond, load);
        }
    });
    if !tested {
        return false;
    }
    // The lock around a branch, tested holding it, whose arm makes the store.
    let mut lock = None;
    walk_stmts(body, &mut |s| {
        let Stmt::Hold { lock: held, body } = s else {
            return;
        };
        walk_stmts(body, &mut |inner| {
            if let Stmt::Branch { cond, arms, .. } = inner {
                if !cond.is_empty() && arms.iter().any(|a| has_event_at(a, store)) {
                    lock = Some(info.resolve(&held.lock));
                }
            }
        });
    });
    lock.is_some_and(|lock| every_write_holds(facts, place, &lock))
}

/// Whether the load at `load` and the store at `store` run in one critical section of a lock
/// that every write of `place` in the program holds (`let mut w = self.waiters.lock()?; let n =
/// self.count.load(..); self.count.store(n - 1, ..)`): the lock orders the updates, the atomic
/// only lets readers look without it.
fn loaded_and_stored_holding(
    facts: &Facts,
    body: &[Stmt],
    place: &Place,
    load: Span,
    store: Span,
) -> bool {
    let info = &facts.sharing().info;
    let mut locks = Vec::new();
    walk_stmts(body, &mut |s| {
        if let Stmt::Hold { lock, body } = s {
            if has_event_at(body, load) && has_event_at(body, store) {
                locks.push(info.resolve(&lock.lock));
            }
        }
    });
    locks
        .iter()
        .any(|lock| every_write_holds(facts, place, lock))
}

/// Whether every write of the atomic `place`, in any function, holds `lock` where it is made.
fn every_write_holds(facts: &Facts, place: &Place, lock: &Place) -> bool {
    let cg = facts.callgraph();
    cg.ids().all(|g| {
        let mut all_held = true;
        writes_held(
            facts,
            &cg.function(g).body,
            place,
            &mut Vec::new(),
            &mut |held| {
                all_held &= held.contains(lock);
            },
        );
        all_held
    })
}

/// Calls `visit` with the locks held (directly, in this function) at each write of `place`.
fn writes_held(
    facts: &Facts,
    body: &[Stmt],
    place: &Place,
    held: &mut Vec<Place>,
    visit: &mut dyn FnMut(&[Place]),
) {
    let info = &facts.sharing().info;
    for s in body {
        match s {
            Stmt::Event(e) => {
                if let Some((p, op, _)) = atomic_op(facts, e) {
                    if op != Op::Load && info.resolve(&p) == *place {
                        visit(held);
                    }
                }
            }
            Stmt::Hold { lock, body } => {
                held.push(info.resolve(&lock.lock));
                writes_held(facts, body, place, held, visit);
                held.pop();
            }
            _ => s.each_body(&mut |b| writes_held(facts, b, place, held, visit)),
        }
    }
}

/// Whether `list` (or a body inside it) has an event at `at`.
fn has_event_at(list: &[Stmt], at: Span) -> bool {
    let mut found = false;
    walk_events(list, &mut |e| found |= e.span() == at);
    found
}
