//! KN103 unsynchronized-write: shared state written from two threads at once with no common
//! lock (read-modify-writes are KN101's).

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::ir::{walk_events, walk_stmts, AccessKind, Event, Function, Name, Place, Stmt};
use crate::rules::races::{
    func_name, is_lang, other_side, pair_finding, place_name_at, walk_branches,
};
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::{Lang, Span};

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN103",
    name: "unsynchronized-write",
    family: Family::Races,
    langs: &[Lang::Python],
    status: Status::Stable,
    severity: Severity::Warning,
    doc: rule_doc!("KN103"),
    check: Some(check),
};

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    super::escaping_view::check(facts, out);
    let cg = facts.callgraph();
    let sharing = facts.sharing();
    let mut reported = BTreeSet::new();
    let mut checked_writes: HashMap<FuncId, BTreeSet<(Place, u32)>> = HashMap::new();
    let mut callers: Option<Vec<Vec<(FuncId, Span)>>> = None;
    for a in &sharing.locksets.accesses {
        if a.kind != AccessKind::Write || !is_lang(cg, a.func, Lang::Python) {
            continue;
        }
        if reported.contains(&(a.span.file.0, a.span.start))
            || !sharing.shareable(cg, facts.models, &a.place)
        {
            continue;
        }
        // A write under a check of the same place is a check-then-act: KN102 reports it once
        // at the check instead of here at every write.
        let checked = checked_writes
            .entry(a.func)
            .or_insert_with(|| writes_under_a_check(cg.function(a.func)));
        if checked.contains(&(a.place.clone(), a.span.start)) {
            continue;
        }
        // Likewise a write in a setter every caller runs under such a check (`if _cfg is
        // None: set_default(Config())`): KN102 reports it at the check, with the call.
        let callers = callers.get_or_insert_with(|| call_sites_by_callee(cg));
        if called_only_under_check(cg, callers, a.func, &a.place) {
            continue;
        }
        // Precision: a plain write racing a plain read (a stop flag) is how Python threads
        // usually signal each other; only two writers lose data. Two single operations on a
        // builtin container (`d[k] = v`, `s.add(x)`, `q.append(x)`) are each atomic, so at least
        // one side must rebind the name or attribute.
        // Two writes of one constant (`stop = True` on both sides) lose nothing: whichever lands
        // last, the place holds the same value.
        let a_bind = bind_at(cg.function(a.func), &a.place, a.span);
        let Some(b) = sharing.partner(cg, a, |b| {
            if b.kind != AccessKind::Write {
                return false;
            }
            let b_bind = bind_at(cg.function(b.func), &b.place, b.span);
            // A change in place racing a rebinding already reported (`cls._items = set()`
            // against `cls._items.add(x)`) is that finding's other half, not a second race.
            if a_bind.is_none() && reported.contains(&(b.span.file.0, b.span.start)) {
                return false;
            }
            if let (Some(Some(x)), Some(Some(y))) = (&a_bind, &b_bind) {
                if x == y {
                    return false;
                }
            }
            a_bind.is_some() || b_bind.is_some()
        }) else {
            continue;
        };
        reported.insert((a.span.file.0, a.span.start));
        reported.insert((b.span.file.0, b.span.start));
        let place = place_name_at(cg, &a.place, a.func, a.span);
        let fa = func_name(cg, a.func);
        let other = other_side(cg, sharing, a, b);
        out.push(pair_finding(
            &RULE,
            cg,
            sharing,
            a,
            b,
            format!(
                "`{place}` is written without a common lock in `{fa}` while {other} also writes it"
            ),
            "write here",
            "concurrent write",
            format!("hold one lock around every write of `{place}`"),
        ));
    }
    iterated_while_changed(facts, &mut reported, out);
}

/// Classes of the checked code that define how they are iterated (`def __iter__`, or
/// `__iter__ = locked(UserDict.__iter__)` in the class body): iterating an object of one runs
/// that code, which may hold the object's own lock, so it is not a builtin's iteration.
fn classes_defining_iter<'p>(cg: &CallGraph<'p>) -> HashSet<&'p str> {
    let mut out = HashSet::new();
    for id in cg.ids() {
        let f = cg.function(id);
        if f.short_name == "__iter__" {
            out.extend(f.class.as_deref());
        } else if f.is_module_body {
            for e in cg.events(id) {
                if let Event::Bind {
                    target: Place::Field { class, field },
                    ..
                } = e
                {
                    if field.as_str() == "__iter__" {
                        out.insert(class.as_str());
                    }
                }
            }
        }
    }
    out
}

/// A container iterated in one thread (`for k, v in d.items():`) while another adds or removes
/// entries (`d[k] = v`, `d.pop(k)`) with no common lock: a dict or set raises `RuntimeError`
/// (changed size during iteration), a list skips or repeats items. Rebinding the name (`d =
/// {}`) leaves the iterated object alone and does not count.
fn iterated_while_changed(
    facts: &Facts,
    reported: &mut BTreeSet<(u32, u32)>,
    out: &mut Vec<Finding>,
) {
    let cg = facts.callgraph();
    let sharing = facts.sharing();
    let mut own_iteration: Option<HashSet<&str>> = None;
    for a in &sharing.locksets.accesses {
        if a.kind != AccessKind::Read
            || !is_lang(cg, a.func, Lang::Python)
            || reported.contains(&(a.span.file.0, a.span.start))
            || !cg.module_of(a.func).facts.iterations.contains(&a.span)
            || !sharing.shareable(cg, facts.models, &a.place)
        {
            continue;
        }
        let iterates_itself = sharing.info.decl(&a.place).is_some_and(|d| {
            let own = own_iteration.get_or_insert_with(|| classes_defining_iter(cg));
            let ty = cg.canonical_name(&d.ty);
            cg.class(&ty).is_some()
                && std::iter::once(ty.clone())
                    .chain(cg.ancestors(&ty))
                    .any(|c| own.contains(c.as_str()))
        });
        if iterates_itself {
            continue;
        }
        // A write into one of its elements (`d[k][i] = v`) leaves the container's entries as
        // they are.
        let Some(b) = sharing.partner(cg, a, |b| {
            b.kind != AccessKind::Read
                && bind_at(cg.function(b.func), &b.place, b.span).is_none()
                && !cg.module_of(b.func).facts.element_writes.contains(&b.span)
        }) else {
            continue;
        };
        reported.insert((a.span.file.0, a.span.start));
        let place = place_name_at(cg, &a.place, a.func, a.span);
        let fa = func_name(cg, a.func);
        let other = other_side(cg, sharing, a, b);
        out.push(pair_finding(
            &RULE,
            cg,
            sharing,
            a,
            b,
            format!(
                "`{place}` is iterated in `{fa}` while {other} changes its entries: a dict or set raises `RuntimeError` (changed size during iteration), a list skips or repeats items"
            ),
            "iterated here",
            "entries changed",
            format!(
                "hold one lock around the iteration and every change of `{place}`, or iterate over a copy taken under it"
            ),
        ));
    }
}

/// `Some` when the write of `place` at `span` rebinds it (`x = v`, `self.x = v`) rather than
/// changing the object it holds in one operation (`x[k] = v`, `x.add(v)`), with the constant
/// it stores when the value is a literal.
fn bind_at(f: &Function, place: &Place, span: Span) -> Option<Option<Name>> {
    let mut found = None;
    walk_events(&f.body, &mut |e| {
        if let Event::Bind {
            target,
            constant,
            span: s,
            ..
        } = e
        {
            if target == place && s.start == span.start {
                found = Some(*constant);
            }
        }
    });
    found
}

/// For each function, its call sites: (caller, span of the call).
fn call_sites_by_callee(cg: &CallGraph) -> Vec<Vec<(FuncId, Span)>> {
    let mut out = vec![Vec::new(); cg.len()];
    for f in cg.ids() {
        for site in cg.calls(f) {
            out[site.callee.0 as usize].push((f, site.span));
        }
    }
    out
}

/// Whether `func` is called, and only from the arm of a branch whose condition reads `place`
/// (`if _cfg is None: set_default(..)`).
fn called_only_under_check(
    cg: &CallGraph,
    callers: &[Vec<(FuncId, Span)>],
    func: FuncId,
    place: &Place,
) -> bool {
    let sites = &callers[func.0 as usize];
    !sites.is_empty()
        && sites.iter().all(|&(caller, at)| {
            let mut found = false;
            walk_branches(&cg.function(caller).body, 0, &mut |cond, arms, _, _, _| {
                let mut reads = false;
                walk_stmts(cond, &mut |s| {
                    reads |= matches!(s, Stmt::Event(Event::Access { place: p, .. }) if p == place);
                });
                if !reads {
                    return;
                }
                for arm in arms {
                    walk_stmts(arm, &mut |s| {
                        found |= matches!(s, Stmt::Event(Event::Call { span, .. }) if *span == at);
                    });
                }
            });
            found
        })
}

/// `(place, write start)` of the writes inside a lazy initialisation: the arm of a branch that
/// writes a place its condition reads (`if X is None: X = ...; Y = ...`).
fn writes_under_a_check(f: &Function) -> BTreeSet<(Place, u32)> {
    let mut out = BTreeSet::new();
    walk_branches(&f.body, 0, &mut |cond, arms, _, _, _| {
        let mut checked: Vec<&Place> = Vec::new();
        walk_stmts(cond, &mut |s| {
            if let Stmt::Event(Event::Access { place, .. }) = s {
                checked.push(place);
            }
        });
        for arm in arms {
            let mut writes: Vec<(&Place, u32)> = Vec::new();
            walk_stmts(arm, &mut |s| {
                if let Stmt::Event(Event::Access {
                    place,
                    kind: AccessKind::Write,
                    span,
                    ..
                }) = s
                {
                    writes.push((place, span.start));
                }
            });
            // An arm that writes what its condition checked is a lazy initialisation: the other
            // state it sets up races for the same reason and is reported with it.
            if writes.iter().any(|(p, _)| checked.contains(p)) {
                out.extend(writes.into_iter().map(|(p, at)| (p.clone(), at)));
            }
        }
    });
    out
}
