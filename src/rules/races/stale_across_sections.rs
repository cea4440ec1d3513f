//! KN102, Rust: a value computed from a lock's data under one guard and used, once that guard
//! is gone, to write the same data under a later guard (`let i = self.index_of(slot);
//! self.sets.write()[i] = ..`). Another thread can change the data between the two critical
//! sections, so the index, position, length or key no longer says what it said.
//!
//! Also a container tested under one guard and indexed under another (`CheckedPresence`) while
//! other code shrinks it. The facts come from the Rust lowerer (`ModuleFacts::let_uses`,
//! `hold_regions`, `cloned_returns`, `index_uses`, `shrinks`).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::Facts;
use crate::finding::Finding;
use crate::ir::{AccessKind, Event, LetUses, LockMode, Place, Stmt};
use crate::rules::races::{func_name, is_lang, place_name};
use crate::source::{Lang, Span};

use super::check_then_act::RULE;

/// A guard's region in a function: its lock, how it was taken, where, and the guards around it.
struct Section<'b> {
    lock: &'b Place,
    mode: LockMode,
    acquire: Span,
    body: &'b [Stmt],
    /// Indices of the enclosing sections, outermost first.
    outer: Vec<usize>,
}

/// What a function's body shows: its sections, the accesses of lock data and the calls, each
/// with the sections around it.
#[derive(Default)]
struct Shape<'b> {
    sections: Vec<Section<'b>>,
    accesses: Vec<(Span, &'b Place, Vec<usize>)>,
    calls: Vec<(Span, Vec<usize>)>,
}

fn shape_of<'b>(body: &'b [Stmt], outer: &mut Vec<usize>, out: &mut Shape<'b>) {
    for s in body {
        match s {
            Stmt::Hold { lock, body } => {
                out.sections.push(Section {
                    lock: &lock.lock,
                    mode: lock.mode,
                    acquire: lock.span,
                    body,
                    outer: outer.clone(),
                });
                outer.push(out.sections.len() - 1);
                shape_of(body, outer, out);
                outer.pop();
            }
            Stmt::Event(Event::Access { place, span, .. }) => {
                out.accesses.push((*span, place, outer.clone()))
            }
            Stmt::Event(Event::Call { span, .. }) => out.calls.push((*span, outer.clone())),
            other => other.each_body(&mut |b| shape_of(b, outer, out)),
        }
    }
}

/// Where a value bound by a `let` comes from: the critical section it was read in.
#[derive(Clone)]
struct Origin {
    lock: Place,
    /// The acquire of the section (in `f`, or in the helper `f` calls).
    section: Span,
    /// The point in `f` where the value is made (the access, or the helper's call).
    at: Span,
    /// The helper computing it, when not `f` itself.
    helper: Option<FuncId>,
    /// The sections of `f` around `at`.
    outer: Vec<usize>,
    /// The local the section's value was first bound to.
    root: crate::ir::Name,
}

pub(crate) fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let cg = facts.callgraph();
    let mut lets: HashMap<&str, Vec<&LetUses>> = HashMap::default();
    let mut regions: HashMap<(u32, u32, u32), Span> = HashMap::default();
    let mut cloned: HashSet<&str> = HashSet::default();
    let mut index_uses: Vec<(Span, Span)> = Vec::new();
    let mut shrinks: Vec<Span> = Vec::new();
    for m in &facts.program.modules {
        index_uses.extend(m.facts.index_uses.iter().copied());
        shrinks.extend(m.facts.shrinks.iter().copied());
        cloned.extend(m.facts.cloned_returns.iter().map(|n| n.as_str()));
        for l in &m.facts.let_uses {
            lets.entry(l.function.as_str()).or_default().push(l);
        }
        for (acquire, region) in &m.facts.hold_regions {
            regions
                .entry((acquire.file.0, acquire.start, acquire.end))
                .or_insert(*region);
        }
    }
    if lets.is_empty() && index_uses.is_empty() {
        return;
    }
    let sharing = facts.sharing();
    let contexts = &sharing.contexts.list;
    let reached: HashSet<FuncId> = contexts
        .iter()
        .flat_map(|c| c.reach.iter().copied())
        .collect();
    let mut summaries: HashMap<FuncId, Option<(Place, Span)>> = HashMap::default();
    let shrinkers = if index_uses.is_empty() {
        Vec::new()
    } else {
        shrinking_writes(cg, &shrinks, &reached, contexts.is_empty())
    };
    if !shrinkers.is_empty() {
        let presence = CheckedPresence {
            cg,
            index_uses: &index_uses,
            shrinkers: &shrinkers,
            regions: &regions,
        };
        for f in cg.ids() {
            if is_lang(cg, f, Lang::Rust) && (contexts.is_empty() || reached.contains(&f)) {
                presence.walk(f, &cg.function(f).body, out);
            }
        }
    }
    for f in cg.ids() {
        if !is_lang(cg, f, Lang::Rust) {
            continue;
        }
        let Some(binds) = lets.get(cg.function(f).name.as_str()) else {
            continue;
        };
        // A program that starts threads runs this only where they reach; a library that
        // starts none is judged by its locks, which say that threads share the data.
        if !contexts.is_empty() && !reached.contains(&f) {
            continue;
        }
        let mut shape = Shape::default();
        shape_of(&cg.function(f).body, &mut Vec::new(), &mut shape);
        if shape.sections.is_empty() {
            continue;
        }
        let mut binds = binds.clone();
        binds.sort_by_key(|l| l.init.start);
        let origins = origins(cg, f, &binds, &shape, &cloned, &mut summaries);
        let mut reported = HashSet::default();
        // Every context reaching `f` holding some other lock around it serialises its sections.
        let serialised = |lock| {
            !contexts.is_empty()
                && contexts
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.reach.contains(&f))
                    .all(|(k, _)| {
                        sharing
                            .locksets
                            .held_on_entry(k, f)
                            .iter()
                            .any(|m| m != lock)
                    })
        };
        for (i, h2) in shape.sections.iter().enumerate() {
            let Some(region) = regions.get(&(h2.acquire.file.0, h2.acquire.start, h2.acquire.end))
            else {
                continue;
            };
            let stale = StaleIndex {
                index_uses: &index_uses,
                shrinkers: &shrinkers,
            };
            let write = match (h2.mode, unchecked_write(h2.body, h2.lock)) {
                (LockMode::Read, _) | (_, None) => {
                    if serialised(h2.lock) {
                        continue;
                    }
                    if let Some(found) = stale.find(cg, f, &binds, &origins, &shape, i, *region) {
                        if reported.insert(found.span.start) {
                            out.push(found);
                        }
                    }
                    continue;
                }
                (_, Some(write)) => write,
            };
            // The value the section uses first, for the message.
            let mut candidates: Vec<(u32, &LetUses, &Origin)> = binds
                .iter()
                .zip(&origins)
                .filter_map(|(l, origin)| {
                    let origin = origin.as_ref()?;
                    let first = l
                        .uses
                        .iter()
                        .filter(|u| within(**u, *region))
                        .map(|u| u.start)
                        .min()?;
                    (origin.lock == *h2.lock
                        && origin.at.end <= h2.acquire.start
                        && l.init.end <= h2.acquire.start)
                        .then_some((first, *l, origin))
                })
                .collect();
            candidates.sort_by_key(|c| c.0);
            for (_, l, origin) in candidates {
                // One guard around both: a section enclosing the value's making also encloses
                // the write's.
                if origin.outer.iter().any(|o| h2.outer.contains(o) || *o == i) {
                    continue;
                }
                if serialised(h2.lock) || !reported.insert(write.start) {
                    continue;
                }
                out.push(finding(cg, f, l, origin, h2.acquire, write));
                break;
            }
        }
    }
}

/// The lock's name, the local's, and where its value was made from when that is another local
/// (` (made from `n`)`), for a finding's message.
fn named_value<'l>(
    cg: &CallGraph,
    f: FuncId,
    l: &'l LetUses,
    origin: &Origin,
) -> (String, &'l str, String) {
    let local = l.name.as_str();
    let root = origin.root.as_str();
    let from = if root == local {
        String::new()
    } else {
        format!(" (made from `{root}`)")
    };
    (place_name(cg, &origin.lock, f), local, from)
}

fn finding(
    cg: &CallGraph,
    f: FuncId,
    l: &LetUses,
    origin: &Origin,
    relock: Span,
    write: Span,
) -> Finding {
    let (lock, local, from) = named_value(cg, f, l, origin);
    let root = origin.root.as_str();
    let mut finding = Finding::new(
        &RULE,
        write,
        format!(
            "`{lock}` is written in `{}` using `{local}`{from}, which was computed under an earlier guard of `{lock}`: another thread can change `{lock}` in between",
            func_name(cg, f)
        ),
    )
    .with_label(format!("written here with `{local}`, in a second critical section"));
    finding = match origin.helper {
        Some(g) => finding
            .with_related(
                origin.at,
                format!("`{root}` comes from `{}` here", func_name(cg, g)),
            )
            .with_related(
                origin.section,
                format!("which reads `{lock}` under this guard and releases it"),
            ),
        None => finding.with_related(
            origin.section,
            format!("`{root}` is computed under this guard of `{lock}`, released before the write"),
        ),
    };
    finding
        .with_related(relock, format!("`{lock}` locked again here"))
        .with_help(format!(
            "compute `{local}` and write under one guard of `{lock}`, or check again under the second guard that `{local}` still holds"
        ))
}

/// For each `let` of `f` (sorted by position), where its value comes from: the data of a lock
/// read in its initializer under a guard, a helper of the same object returning a value read
/// under a guard of its own, or an earlier such value used in its initializer.
fn origins(
    cg: &CallGraph,
    f: FuncId,
    binds: &[&LetUses],
    shape: &Shape,
    cloned: &HashSet<&str>,
    summaries: &mut HashMap<FuncId, Option<(Place, Span)>>,
) -> Vec<Option<Origin>> {
    let mut out: Vec<Option<Origin>> = Vec::with_capacity(binds.len());
    for l in binds {
        // A clone of what the data holds (an `Arc` of an element) is an object of its own, not
        // an index or a count of the data: using it later is no stale position.
        if l.cloned {
            out.push(None);
            continue;
        }
        let direct = shape.accesses.iter().find_map(|(span, place, outer)| {
            if !within(*span, l.init) {
                return None;
            }
            let s = *outer
                .iter()
                .rev()
                .find(|&&o| shape.sections[o].lock == *place)?;
            let section = &shape.sections[s];
            read_only_path(section.body, place).then(|| Origin {
                lock: (*place).clone(),
                section: section.acquire,
                at: *span,
                helper: None,
                outer: outer.clone(),
                root: l.name,
            })
        });
        let via_helper = || {
            shape.calls.iter().find_map(|(span, outer)| {
                if !within(*span, l.init) {
                    return None;
                }
                let site = cg.calls(f).iter().find(|c| c.span == *span)?;
                let g = site.callee;
                if g == f || cloned.contains(cg.function(g).name.as_str()) {
                    return None;
                }
                let (lock, section) = summaries
                    .entry(g)
                    .or_insert_with(|| returned_from_section(cg, g))
                    .clone()?;
                // A field's lock is the same lock only on the same object.
                let on_self = matches!(
                    site.args.first(),
                    Some(Some(Place::Param { function, index: 0 })) if *function == cg.function(f).name
                ) && cg.function(g).class == cg.function(f).class;
                (on_self || matches!(lock, Place::Global(_))).then(|| Origin {
                    lock,
                    section,
                    at: *span,
                    helper: Some(g),
                    outer: outer.clone(),
                    root: l.name,
                })
            })
        };
        let inherited = || {
            binds.iter().zip(&out).find_map(|(earlier, o)| {
                let o = o.as_ref()?;
                earlier
                    .uses
                    .iter()
                    .any(|u| within(*u, l.init))
                    .then(|| o.clone())
            })
        };
        let origin = direct.or_else(via_helper).or_else(inherited);
        out.push(origin);
    }
    out
}

/// A helper's value read under a guard: a section of its body reading its lock's data that
/// returns from inside, or ends the body (its value is the helper's), on a path that does not
/// write the data (a value reserved by a write, an id taken from a counter, stays the caller's).
fn returned_from_section(cg: &CallGraph, g: FuncId) -> Option<(Place, Span)> {
    let func = cg.function(g);
    if !is_lang(cg, g, Lang::Rust) {
        return None;
    }
    let last = func.body.len().checked_sub(1);
    let mut shape = Shape::default();
    shape_of(&func.body, &mut Vec::new(), &mut shape);
    shape.sections.iter().enumerate().find_map(|(i, s)| {
        let reads = shape
            .accesses
            .iter()
            .any(|(_, p, outer)| *p == s.lock && outer.contains(&i));
        let is_last = s.outer.is_empty()
            && last.is_some_and(
                |k| matches!(&func.body[k], Stmt::Hold { lock, .. } if lock.span == s.acquire),
            );
        let (returns, end) = unwritten_paths(s.body, s.lock, false);
        (reads && (returns || (is_last && end == Some(false)))).then(|| (s.lock.clone(), s.acquire))
    })
}

/// Whether a section's value can be made without writing its data (see
/// [`returned_from_section`]).
fn read_only_path(body: &[Stmt], lock: &Place) -> bool {
    let (returns, end) = unwritten_paths(body, lock, false);
    returns || end == Some(false)
}

/// Along the paths of `body`: whether a `return` is reached with `lock`'s data unwritten, and,
/// when the end is reached, whether the data is written by then (`written`: before `body`).
fn unwritten_paths(body: &[Stmt], lock: &Place, mut written: bool) -> (bool, Option<bool>) {
    let mut returns = false;
    for s in body {
        match s {
            Stmt::Event(Event::Access { place, kind, .. }) if place == lock => {
                written |= *kind != AccessKind::Read;
            }
            Stmt::Return(_) => return (returns || !written, None),
            Stmt::Raise(_) | Stmt::Break(_) | Stmt::Continue(_) => return (returns, None),
            Stmt::Branch { cond, arms, .. } => {
                let (r, end) = unwritten_paths(cond, lock, written);
                returns |= r;
                let before = end.unwrap_or(written);
                let mut live = Vec::new();
                for arm in arms {
                    let (r, end) = unwritten_paths(arm, lock, before);
                    returns |= r;
                    live.extend(end);
                }
                if live.is_empty() && !arms.is_empty() {
                    return (returns, None);
                }
                written = if live.is_empty() {
                    before
                } else {
                    live.iter().all(|w| *w)
                };
            }
            Stmt::Hold { body, .. } | Stmt::Block(body) => {
                let (r, end) = unwritten_paths(body, lock, written);
                returns |= r;
                match end {
                    Some(w) => written = w,
                    None => return (returns, None),
                }
            }
            other => {
                // Loops and `try`s: their returns count; they may run no turn, so what they
                // write does not count as written after them.
                other.each_body(&mut |b| returns |= unwritten_paths(b, lock, written).0);
            }
        }
    }
    (returns, Some(written))
}

/// The first access of `lock`'s data directly in a section, when it writes without a test of
/// the data before it (no branch or loop first): the write.
fn unchecked_write(body: &[Stmt], lock: &Place) -> Option<Span> {
    for s in body {
        match s {
            Stmt::Event(Event::Access {
                place, kind, span, ..
            }) if place == lock => {
                return (*kind != AccessKind::Read).then_some(*span);
            }
            Stmt::Branch { .. } | Stmt::Loop { .. } | Stmt::Try { .. } => return None,
            Stmt::Block(b) => {
                if let Some(w) = unchecked_write(b, lock) {
                    return Some(w);
                }
                if b.iter().any(|s| !matches!(s, Stmt::Event(_))) {
                    return None;
                }
            }
            _ => {}
        }
    }
    None
}

/// The checked-presence form: a branch testing a lock's data under a guard of its own (`if
/// m.read().contains_key(k)`, `if !v.lock().is_empty()`) that indexes the data under a later
/// guard where the test held (`m.read().get(k).unwrap()`, `v.lock()[0]`), while other code
/// shrinks the data under the lock: what the test found can be gone by the index, which then
/// panics. One guard around both, or a lookup that hands back an `Option`, is silent.
struct CheckedPresence<'a, 'p> {
    cg: &'a CallGraph<'p>,
    index_uses: &'a [(Span, Span)],
    shrinkers: &'a [(Place, Span, FuncId)],
    regions: &'a HashMap<(u32, u32, u32), Span>,
}

impl CheckedPresence<'_, '_> {
    fn walk(&self, f: FuncId, body: &[Stmt], out: &mut Vec<Finding>) {
        for (i, s) in body.iter().enumerate() {
            if let Stmt::Branch { cond, arms, .. } = s {
                for check in cond.iter() {
                    let Stmt::Hold { lock, body: tested } = check else {
                        continue;
                    };
                    if !super::check_then_act::reads_place(tested, &lock.lock) {
                        continue;
                    }
                    // Where the test held: its arms, and what follows a guard clause
                    // (`if !m.read().contains_key(k) { return None; }`).
                    let after = arms
                        .iter()
                        .any(|a| a.iter().any(|s| matches!(s, Stmt::Return(_))))
                        .then(|| &body[i + 1..]);
                    let found = (arms.iter().map(Vec::as_slice))
                        .chain(after)
                        .find_map(|b| self.index_in(b, &lock.lock));
                    if let Some((acquire, index)) = found {
                        self.report(f, (&lock.lock, lock.span), acquire, index, out);
                    }
                }
            }
            s.each_body(&mut |b| self.walk(f, b, out));
        }
    }

    /// A later guard of `lock` in `body` whose data is indexed where it is held: its acquire
    /// and the index.
    fn index_in(&self, body: &[Stmt], lock: &Place) -> Option<(Span, Span)> {
        let mut found = None;
        crate::ir::walk_stmts(body, &mut |s| {
            let Stmt::Hold { lock: h, .. } = s else {
                return;
            };
            if found.is_some() || h.lock != *lock {
                return;
            }
            let Some(region) = self.regions.get(&(h.span.file.0, h.span.start, h.span.end)) else {
                return;
            };
            found = self
                .index_uses
                .iter()
                .find(|(base, index)| within(h.span, *base) && within(*index, *region))
                .map(|(_, index)| (h.span, *index));
        });
        found
    }

    fn report(
        &self,
        f: FuncId,
        (lock, check): (&Place, Span),
        acquire: Span,
        index: Span,
        out: &mut Vec<Finding>,
    ) {
        let cg = self.cg;
        let Some((_, write, g)) =
            (self.shrinkers.iter()).find(|(other, _, g)| same_lock(cg, lock, other, *g))
        else {
            return;
        };
        let name = place_name(cg, lock, f);
        out.push(
            Finding::new(
                &RULE,
                index,
                format!(
                    "`{name}` is tested under one guard and indexed under another in `{}`: another thread can shrink `{name}` in between, and the index panics",
                    func_name(cg, f)
                ),
            )
            .with_label("indexed here, in a second critical section that does not test again")
            .with_related(check, format!("tested here, under a guard of `{name}` released at once"))
            .with_related(acquire, format!("`{name}` taken again here"))
            .with_related(*write, format!("`{}` shrinks or replaces the data here", func_name(cg, *g)))
            .with_help(format!(
                "test and index under one guard of `{name}` (`if let Some(v) = guard.get(k)`)"
            )),
        );
    }
}

fn within(inner: Span, outer: Span) -> bool {
    inner.file == outer.file && outer.start <= inner.start && inner.end <= outer.end
}

/// The stale-index form: a length or position read under one guard and used to index the same
/// data under a later guard, while other code shrinks or replaces the data under the lock.
struct StaleIndex<'a> {
    index_uses: &'a [(Span, Span)],
    /// Writes that shrink or replace a lock's data: (the lock, the write, its function).
    shrinkers: &'a [(Place, Span, FuncId)],
}

impl StaleIndex<'_> {
    #[allow(clippy::too_many_arguments)]
    fn find(
        &self,
        cg: &CallGraph,
        f: FuncId,
        binds: &[&LetUses],
        origins: &[Option<Origin>],
        shape: &Shape,
        i: usize,
        region: Span,
    ) -> Option<Finding> {
        let h2 = &shape.sections[i];
        for (l, origin) in binds.iter().zip(origins) {
            let Some(origin) = origin else { continue };
            if origin.helper.is_some()
                || origin.lock != *h2.lock
                || origin.at.end > h2.acquire.start
                || l.init.end > h2.acquire.start
                || origin.outer.iter().any(|o| h2.outer.contains(o) || *o == i)
            {
                continue;
            }
            // The value is a length or a position: the root `let` takes one.
            if !binds
                .iter()
                .any(|b| b.name == origin.root && b.quantity && within(origin.at, b.init))
            {
                continue;
            }
            // Used as the index of the data indexed through this guard.
            let Some((_, index)) = self.index_uses.iter().find(|(base, index)| {
                within(h2.acquire, *base)
                    && within(*index, region)
                    && l.uses.iter().any(|u| within(*u, *index))
            }) else {
                continue;
            };
            let Some((_, write, g)) = self
                .shrinkers
                .iter()
                .find(|(lock, _, g)| same_lock(cg, h2.lock, lock, *g))
            else {
                continue;
            };
            return Some(index_finding(cg, f, l, origin, *index, *write, *g));
        }
        None
    }
}

/// Whether `other`, a lock named in `g`, is `lock`: the same place, a parameter bound to it, or
/// a parameter knot cannot bind that is spelled as the field `lock` is (`peers` handed down).
fn same_lock(cg: &CallGraph, lock: &Place, other: &Place, g: FuncId) -> bool {
    let params = cg.params();
    let lock = params.place(lock).unwrap_or(lock);
    if other == lock || params.place(other) == Some(lock) {
        return true;
    }
    let (Place::Field { field, .. }, Place::Param { index, .. }) = (lock, other) else {
        return false;
    };
    params.place(other).is_none()
        && cg
            .function(g)
            .params
            .get(*index as usize)
            .is_some_and(|p| p == field.as_str())
}

/// Writes of a lock's data made through a call that shrinks it or an assignment replacing it,
/// in code a thread reaches (any code when the program starts none).
fn shrinking_writes(
    cg: &CallGraph,
    shrinks: &[Span],
    reached: &HashSet<FuncId>,
    anywhere: bool,
) -> Vec<(Place, Span, FuncId)> {
    let mut out = Vec::new();
    for g in cg.ids() {
        if !is_lang(cg, g, Lang::Rust) || !(anywhere || reached.contains(&g)) {
            continue;
        }
        crate::ir::walk_stmts(&cg.function(g).body, &mut |s| {
            if let Stmt::Event(Event::Access {
                place, kind, span, ..
            }) = s
            {
                if *kind != AccessKind::Read && shrinks.iter().any(|r| within(*span, *r)) {
                    out.push((place.clone(), *span, g));
                }
            }
        });
    }
    out
}

fn index_finding(
    cg: &CallGraph,
    f: FuncId,
    l: &LetUses,
    origin: &Origin,
    index: Span,
    write: Span,
    g: FuncId,
) -> Finding {
    let (lock, local, from) = named_value(cg, f, l, origin);
    let root = origin.root.as_str();
    Finding::new(
        &RULE,
        index,
        format!(
            "`{lock}` is indexed in `{}` with `{local}`{from}, which was read under an earlier guard of `{lock}`: another thread can shrink `{lock}` in between",
            func_name(cg, f)
        ),
    )
    .with_label(format!("indexed here with `{local}`, in a second critical section"))
    .with_related(
        origin.section,
        format!("`{root}` is read under this guard of `{lock}`, released before the index"),
    )
    .with_related(
        write,
        format!("`{}` shrinks or replaces the data here", func_name(cg, g)),
    )
    .with_help(format!(
        "take `{local}` and index under one guard of `{lock}`, or check `{local}` against the length again under the second guard"
    ))
}
