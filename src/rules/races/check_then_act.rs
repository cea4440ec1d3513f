//! KN102 check-then-act: a branch tests shared state and an arm writes it (`if k not in cache:
//! cache[k] = ...`, a lazy singleton, a lazy module init), with no lock held around both.
//!
//! - Both languages: a Rust lock's data is its own place, a Python lock's the fields and globals
//!   read while it is held; the check may be a helper's value read under its own section.
//! - The check and the write may be in two sections. A guard clause refusing (`return Err(..)`,
//!   `ModuleFacts::error_returns`, also `bail!` and a failed `ensure!`), or handing out the found
//!   value in a function whose value is a new `Arc` it makes
//!   (`ModuleFacts::fresh_shared_returns`), or followed by concurrent work started or an id
//!   counted before the insert (two calls deep), takes the insert after it for the act.
//! - An add to a container (`ModuleFacts::adding_writes`) does not undo a test finding it not
//!   empty (`ModuleFacts::nonempty_arms`).

use crate::ir::Atomicity;
use std::collections::BTreeSet;

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::lockset::{AccessFact, LockSet};
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::ir::{walk_events, walk_stmts, AccessKind, Event, Place, Stmt};
use crate::rules::races::{
    func_name, is_lang, locks_text, place_name, place_name_at, under_lock, walk_branches,
    with_spawn_sites, TestedReads,
};
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::{Lang, Span};

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN102",
    name: "check-then-act",
    family: Family::Races,
    langs: &[Lang::Python, Lang::Rust],
    status: Status::Stable,
    severity: Severity::Error,
    doc: rule_doc!("KN102"),
    check: Some(check),
};

/// How deep the arm's calls are followed to find the write (a lazy `init()` helper).
const CALL_DEPTH: usize = 2;

/// Rust: a one-time cell checked empty with `get()` and then filled with `set(..).unwrap()`:
/// a thread or task filling it in between makes `set` fail and the `unwrap` panic. The cell's
/// type, made to be shared (`OnceLock`, a sync `OnceCell`), is the evidence that threads share
/// it.
fn once_cells_set_after_check(facts: &Facts, out: &mut Vec<Finding>) {
    for m in &facts.program.modules {
        for (get, set, cell) in &m.facts.once_set_after_get {
            // Checked and filled under one guard (`let w = self.write.lock().await;`, then
            // `get()` and `set(..)`): no other caller taking that lock comes in between.
            let guarded = m.facts.hold_regions.iter().any(|(_, region)| {
                crate::analysis::flow::encloses(*region, *get)
                    && crate::analysis::flow::encloses(*region, *set)
            });
            if guarded {
                continue;
            }
            out.push(
                Finding::new(
                    &RULE,
                    *set,
                    format!("`{cell}` is checked empty and then filled with `set(..)` whose error is unwrapped: a thread or task filling it in between makes this panic"),
                )
                .with_label("panics when the cell was filled since the check")
                .with_related(*get, "checked empty here")
                .with_help(format!("fill it with `{cell}.get_or_init(..)`, or handle the `Err` that `set` returns when another caller came first")),
            );
        }
    }
}

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    two_critical_sections(facts.callgraph(), out);
    super::stale_across_sections::check(facts, out);
    once_cells_set_after_check(facts, out);
    let cg = facts.callgraph();
    let sharing = facts.sharing();
    let mut reported = BTreeSet::new();
    // Functions that touch shared state, and those concurrent work reaches (which may test
    // what a getter of theirs returns).
    let mut funcs: BTreeSet<FuncId> = sharing.locksets.accesses.iter().map(|a| a.func).collect();
    for c in &sharing.contexts.list {
        funcs.extend(c.reach.iter().copied());
    }
    for f in funcs {
        if !is_lang(cg, f, Lang::Python) {
            continue;
        }
        let body = &cg.function(f).body;
        let mut tested: Option<TestedReads> = None;
        walk_branches(body, 0, &mut |cond, arms, span, locked, _| {
            // (place, the checking read, the function making it, the call in `f` reaching it).
            let mut checked: Vec<(Place, Span, FuncId, Option<Span>)> = reads(cond)
                .into_iter()
                .map(|(p, s)| (p, s, f, None))
                .collect();
            if cond_tests(cond) {
                let tested =
                    tested.get_or_insert_with(|| TestedReads::of(body).through_getters(cg, f));
                checked.extend(
                    tested
                        .in_cond(cond, span)
                        .into_iter()
                        .map(|(p, s)| (p, s, f, None)),
                );
                // A getter's read is judged with the locks at its own site; under a lock
                // region here the check and the act share it.
                checked.extend(
                    tested
                        .in_cond_via_getters(cond, span)
                        .into_iter()
                        .filter(|_| locked == 0)
                        .map(|(p, s, g, call)| (p, s, g, Some(call))),
                );
            }
            for (place, read_span, reader, call) in checked {
                // Shared memory's check-then-act is left to KN101 (its update): a check of a
                // shared structure is often made under a lock a helper in another module holds.
                if reported.contains(&(read_span.file.0, read_span.start))
                    || !sharing.shareable(cg, facts.models, &place)
                    || sharing.process_shared(cg, &place)
                {
                    continue;
                }
                let mut writes = Vec::new();
                // Writes made where the test found `place` not empty: from the first of them
                // on (`nonempty_from`), code adding to it cannot undo the check.
                let nonempty = nonempty_paths(cg, f, span, &place, arms);
                let mut nonempty_writes = Vec::new();
                for (i, arm) in arms.iter().enumerate() {
                    if only_notes_once(cg, arm, &place) {
                        continue;
                    }
                    let before = writes.len();
                    writes_of(cg, f, arm, &place, CALL_DEPTH, &mut writes);
                    if nonempty.contains(&i) {
                        nonempty_writes.extend(before..writes.len());
                    }
                }
                let writes: Vec<_> = writes
                    .into_iter()
                    .enumerate()
                    .map(|(i, (wf, ws, site))| (wf, ws, site, nonempty_writes.contains(&i)))
                    .collect();
                if let Some(finding) = racy(facts, f, &place, (reader, read_span, call), &writes) {
                    reported.insert((read_span.file.0, read_span.start));
                    out.push(finding);
                }
            }
        });
    }
}

/// Whether `arm` only logs or warns and then sets the tested flag to a constant (`if not
/// self._warned: LOG.warning(..); self._warned = True`): two threads passing the check both log
/// the message, which is all a log-once flag risks.
fn only_notes_once(cg: &CallGraph, arm: &[Stmt], place: &Place) -> bool {
    let (mut sets, mut notes) = (false, false);
    let all = arm.iter().all(|s| match s {
        Stmt::Event(Event::Access { place: p, kind, .. }) => {
            p != place || *kind == crate::ir::AccessKind::Write
        }
        Stmt::Event(Event::Bind {
            target, constant, ..
        }) => {
            sets |= target == place && constant.is_some();
            target != place || constant.is_some()
        }
        Stmt::Event(Event::MethodCall { method, .. }) => {
            notes = LOG_METHODS.contains(&method.as_str());
            notes
        }
        Stmt::Event(Event::Call {
            callee: crate::ir::Callee::Path(name),
            ..
        }) => {
            notes = NOTE_CALLS.contains(&cg.canonical_name(name).as_str());
            notes
        }
        _ => false,
    });
    all && sets && notes
}

/// Methods of a logger (`LOG.warning(..)`, `self.log.info(..)`).
pub(super) const LOG_METHODS: &[&str] = &[
    "debug",
    "info",
    "warning",
    "warn",
    "error",
    "exception",
    "critical",
    "log",
];

/// Functions that only tell the user something.
const NOTE_CALLS: &[&str] = &[
    "warnings.warn",
    "print",
    "logging.debug",
    "logging.info",
    "logging.warning",
    "logging.warn",
    "logging.error",
    "logging.exception",
    "logging.critical",
];

/// The check-then-act is racy when, in some context, the checking read and the acting write
/// share no lock and another run of the act (or another writer) can come in between.
/// `check` is the checking read: the function making it, its span, and the call in `f` that
/// reaches it when a getter makes it (`lock = self.get(key)`).
fn racy(
    facts: &Facts,
    f: FuncId,
    place: &Place,
    check: (FuncId, Span, Option<Span>),
    writes: &[(FuncId, Span, Span, bool)],
) -> Option<Finding> {
    let cg = facts.callgraph();
    let sharing = facts.sharing();
    let (reader, read_span, call) = check;
    let all: Vec<&AccessFact> = sharing.locksets.of_place(place).collect();
    for read in all
        .iter()
        .filter(|a| a.func == reader && a.span == read_span)
    {
        for (wf, ws, site, nonempty) in writes {
            let Some(write) = all
                .iter()
                .find(|a| a.ctx == read.ctx && a.func == *wf && a.span == *ws)
            else {
                continue;
            };
            // The locks held across both the check and the act: a lock taken only around the
            // write serialises the writes, not the check and its write.
            let across: LockSet = read.held.intersection(&write.held).cloned().collect();
            if !across.is_empty() {
                continue;
            }
            // Double-checked: the place is tested again under the write's lock before it, in
            // the writing function or, before the call of a helper writing it, in the checking
            // one (`with lock: loop = loops[name]; if loop is None: make(name)`). In the function
            // making the check the second test follows it; in a helper writing the place (`with
            // lock: self._init_locked()`, which tests again first) it may be anywhere before the
            // write, wherever the helper is written in the file.
            let from = |func: FuncId| {
                if func == reader || func == f {
                    read_span.start
                } else {
                    cg.function(func).span.start
                }
            };
            let rechecked = !write.held.is_empty()
                && all.iter().any(|a| {
                    let before = |func: FuncId, at: Span| {
                        a.func == func
                            && a.span.file == at.file
                            && (from(func)..at.start).contains(&a.span.start)
                    };
                    !a.writes()
                        && a.ctx == read.ctx
                        && (before(write.func, write.span) || before(f, *site))
                        && a.span.start != read_span.start
                        && a.held.intersection(&write.held).next().is_some()
                });
            if rechecked {
                // Double-checked, but the object is published before it is filled in
                // (`cls._instance = super().__new__(cls)`, then `cls._instance._init()`): a
                // thread passing the unlocked check meanwhile uses it half-built.
                if read.held.is_empty() && sharing.may_race(cg, read, write) {
                    if let Some((init, method)) =
                        initialized_after(cg, write.func, place, write.span)
                    {
                        return Some(published_early(facts, f, place, read, write, init, &method));
                    }
                }
                continue;
            }
            // Under a test finding the container not empty, another thread adding to it
            // leaves the test true: only a write that can empty it races with the act.
            let undoes_check = |b: &AccessFact| {
                b.writes()
                    && !(*nonempty && cg.module_of(b.func).facts.adding_writes.contains(&b.span))
            };
            let Some(other) = sharing.partner_holding(cg, write, &across, undoes_check) else {
                continue;
            };
            let serialised = other.held.intersection(&write.held).next().is_some();
            let name = place_name_at(cg, place, f, read.span);
            let fname = func_name(cg, f);
            let mut finding = Finding::new(
                &RULE,
                call.unwrap_or(read_span),
                format!(
                    "`{name}` is checked in `{fname}` and then written, but another thread can change it in between"
                ),
            )
            .with_label(format!("checked here, {}", locks_text(cg, &read.held, reader)));
            if call.is_some() {
                finding = finding.with_related(
                    read_span,
                    format!("`{}` reads it here", func_name(cg, reader)),
                );
            }
            let finding = finding
                .with_related(
                    write.span,
                    format!(
                        "then written in `{}`, {}",
                        func_name(cg, write.func),
                        locks_text(cg, &write.held, write.func)
                    ),
                )
                .with_related(
                    other.span,
                    if other.span == write.span && serialised {
                        format!(
                            "another thread that passed the same check writes it again after this one, {}",
                            locks_text(cg, &other.held, other.func)
                        )
                    } else if other.span == write.span {
                        format!(
                            "another thread runs the same write at once, {}",
                            locks_text(cg, &other.held, other.func)
                        )
                    } else {
                        format!(
                            "concurrent write in `{}`, {}",
                            func_name(cg, other.func),
                            locks_text(cg, &other.held, other.func)
                        )
                    },
                )
                .with_help(if write.held.is_empty() {
                    format!("hold one lock around both the check and the write of `{name}`")
                } else {
                    format!(
                        "check `{name}` again after taking the lock, before writing it (or hold the lock around the first check too)"
                    )
                });
            return Some(with_spawn_sites(
                finding,
                cg,
                sharing,
                &[read.ctx, other.ctx],
            ));
        }
    }
    None
}

/// The paths of a branch (at `branch`, in `f`) that run only where its test found `place` not
/// empty (`ModuleFacts::nonempty_arms`): that arm, and the statements after the branch when
/// every other arm returns or raises (`if not q: return`, then `q.popleft()`; the last of
/// `paths`, see `walk_branches`).
fn nonempty_paths(
    cg: &CallGraph,
    f: FuncId,
    branch: Span,
    place: &Place,
    paths: &[&[Stmt]],
) -> Vec<usize> {
    let exits = super::async_check_then_act::leaves;
    let mut out = Vec::new();
    for (s, arm, p) in &cg.module_of(f).facts.nonempty_arms {
        let arm = usize::from(*arm);
        if *s != branch || p != place || arm >= paths.len() {
            continue;
        }
        out.push(arm);
        // Two arms and the statements after them: those run past the arm that falls through.
        if paths.len() == 3 && !exits(paths[arm]) && exits(paths[1 - arm.min(1)]) {
            out.push(2);
        }
    }
    out
}

/// The first method call on `place` after its write at `write`, in the statements that follow
/// that write in its block of `f` (the published object being filled in).
fn initialized_after(
    cg: &CallGraph,
    f: FuncId,
    place: &Place,
    write: Span,
) -> Option<(Span, crate::ir::Name)> {
    fn search(body: &[Stmt], place: &Place, write: Span) -> Option<(Span, crate::ir::Name)> {
        let at = body.iter().position(|s| {
            matches!(s, Stmt::Event(Event::Access { place: p, kind: AccessKind::Write, span, .. })
                if p == place && *span == write)
        });
        if let Some(i) = at {
            return body[i + 1..].iter().find_map(|s| match s {
                // The store's own `__setitem__` (`cache[k] = value`, lowered as a write and a
                // call at the same place) is the publication, not a filling in after it.
                Stmt::Event(Event::MethodCall { span, .. }) if span.start == write.start => None,
                Stmt::Event(Event::MethodCall {
                    place: p,
                    method,
                    span,
                    ..
                }) if p == place => Some((*span, *method)),
                // A method of a known class, called on the published object.
                Stmt::Event(Event::Call {
                    callee: crate::ir::Callee::Method { method, .. },
                    receiver: Some(p),
                    span,
                    ..
                }) if p == place => Some((*span, *method)),
                _ => None,
            });
        }
        let mut found = None;
        for s in body {
            s.each_body(&mut |b| {
                if found.is_none() {
                    found = search(b, place, write);
                }
            });
            if found.is_some() {
                break;
            }
        }
        found
    }
    search(&cg.function(f).body, place, write)
}

/// KN102 for a double-checked initialisation that publishes the object before filling it in.
fn published_early(
    facts: &Facts,
    f: FuncId,
    place: &Place,
    read: &AccessFact,
    write: &AccessFact,
    init: Span,
    method: &str,
) -> Finding {
    let cg = facts.callgraph();
    let sharing = facts.sharing();
    let name = place_name_at(cg, place, f, write.span);
    let finding = Finding::new(
        &RULE,
        write.span,
        format!(
            "`{name}` is published in `{}` before it is initialized: a thread passing the unlocked check meanwhile uses it half-built",
            func_name(cg, write.func)
        ),
    )
    .with_label(format!(
        "published here, {}",
        locks_text(cg, &write.held, write.func)
    ))
    .with_related(init, format!("only then initialized by `{method}()`"))
    .with_related(
        read.span,
        format!(
            "another thread checks it here, {}, and uses what it finds",
            locks_text(cg, &read.held, read.func)
        ),
    )
    .with_help(format!(
        "build and initialize the object in a local, then assign it to `{name}` as the last step"
    ));
    with_spawn_sites(finding, cg, sharing, &[read.ctx, write.ctx])
}

/// Whether `cond` tests a place for an object (`if conn is None`).
pub(crate) fn cond_tests(cond: &[Stmt]) -> bool {
    let mut found = false;
    walk_stmts(cond, &mut |s| {
        found |= matches!(s, Stmt::Event(Event::Test { .. }))
    });
    found
}

fn reads(cond: &[Stmt]) -> Vec<(Place, Span)> {
    let mut out = Vec::new();
    walk_stmts(cond, &mut |s| {
        if let Stmt::Event(Event::Access {
            place,
            kind: AccessKind::Read | AccessKind::ReadModifyWrite,
            atomic: Atomicity::Plain,
            span,
        }) = s
        {
            out.push((place.clone(), *span));
        }
    });
    out
}

/// Writes of `place` in `body`, also inside calls it makes (to `depth` levels): the function
/// making each, its span, and the statement of `body` leading to it (the write itself, or the
/// call of the helper making it).
fn writes_of(
    cg: &CallGraph,
    f: FuncId,
    body: &[Stmt],
    place: &Place,
    depth: usize,
    out: &mut Vec<(FuncId, Span, Span)>,
) {
    let mut calls = Vec::new();
    walk_stmts(body, &mut |s| match s {
        Stmt::Event(Event::Access {
            place: p,
            kind: AccessKind::Write | AccessKind::ReadModifyWrite,
            span,
            ..
        }) if p == place => out.push((f, *span, *span)),
        Stmt::Event(Event::Call { callee, span, .. }) => calls.push((callee.clone(), *span)),
        _ => {}
    });
    if depth == 0 {
        return;
    }
    for (callee, site) in calls {
        if let Some(g) = cg.resolve(&callee) {
            if g != f {
                let mut inner = Vec::new();
                writes_of(cg, g, &cg.function(g).body, place, depth - 1, &mut inner);
                out.extend(inner.into_iter().map(|(wf, ws, _)| (wf, ws, site)));
            }
        }
    }
}

/// A check made in one critical section and the act in a later, separate one of the same lock
/// (Rust: `if !CACHE.read().unwrap().contains_key(k) { CACHE.write().unwrap().insert(..) }`;
/// Python: `if self.has_ongoing(): raise Busy` where `has_ongoing` reads `self._state` under
/// `self._lock`, then `with self._lock: self._state = RUNNING`), the act's section not
/// checking again. Another thread passing the same check in between acts twice: an insert
/// replaces what the first one stored, a count is added twice, two callers both get the one
/// slot. The lock itself is the evidence that threads share the data.
fn two_critical_sections(cg: &CallGraph, out: &mut Vec<Finding>) {
    for f in cg.ids() {
        let mut found = Vec::new();
        sections_in(cg, f, &cg.function(f).body, &mut found);
        // A write looking at every element again (`if !v.read().is_empty() {
        // v.write().retain(..) }`): the test is a fast path, the write decides anew.
        let rechecking = &cg.module_of(f).facts.rechecking_writes;
        for SplitCheck {
            check,
            act,
            data,
            lock,
            made,
            via,
        } in found
        {
            if callers_serialise(cg, f, lock) || rechecking.iter().any(|r| super::within(*r, act)) {
                continue;
            }
            let name = place_name(cg, lock, f);
            let what = if data == lock {
                format!("`{name}`")
            } else {
                format!("`{}` (under `{name}`)", place_name(cg, data, f))
            };
            let mut finding = Finding::new(
                    &RULE,
                    act,
                    format!(
                        "{what} is checked and then written in two separate critical sections in `{}`: another thread can act on the same check in between",
                        func_name(cg, f)
                    ),
                )
                .with_label("written here, in a second critical section that does not check again");
            if let Some((call, helper)) = via {
                finding = finding.with_related(
                    call,
                    format!("checked through `{}` here", func_name(cg, helper)),
                );
            }
            finding = finding
                .with_related(check, format!("checked here, under `{name}`, which is released before the write"))
                .with_help(if is_lang(cg, f, Lang::Rust) {
                    format!("check and write under one guard of `{name}` (take the write lock once, or check again after taking it, or use an entry API)")
                } else {
                    format!("check and write under one hold of `{name}` (take the lock once and test there, or test again after taking it)")
                });
            if let Some(made) = made {
                finding = finding.with_related(
                    made,
                    "made anew here, between the check and the write: two threads passing the check each make one",
                );
            }
            out.push(finding);
        }
    }
}

/// Whether `f` is called, and every call of it is made holding a lock other than `lock`
/// (`let _open = self.open_lock.lock(); self.open_kv_snapshot_write(path)?`): the callers
/// serialise its two sections.
fn callers_serialise(cg: &CallGraph, f: FuncId, lock: &Place) -> bool {
    let mut called = false;
    for g in cg.ids() {
        for site in cg.calls(g).iter().filter(|c| c.callee == f) {
            called = true;
            if !under_lock(&cg.function(g).body, site.span, Some(lock)) {
                return false;
            }
        }
    }
    called
}

/// A check and its act in two critical sections of one lock.
struct SplitCheck<'p> {
    /// The acquisition of the checking section (in `f`, or in the helper `via` calls).
    check: Span,
    /// The acquisition of the writing section.
    act: Span,
    /// What is checked and written: the lock's own data (Rust), or a place read under it.
    data: &'p Place,
    lock: &'p Place,
    /// Where something new is made between them (see [`makes_new_before`]).
    made: Option<Span>,
    /// The call in `f` of the helper making the check, and the helper.
    via: Option<(Span, FuncId)>,
}

/// A critical section whose reads can decide a branch after it: its lock, the object the
/// lock is taken on (when known), the data it reads, where it is taken, and the helper call
/// reaching it.
struct Checked<'p> {
    lock: &'p Place,
    owner: Option<Place>,
    data: Vec<&'p Place>,
    at: Span,
    via: Option<(Span, FuncId)>,
}

/// What a section reads that a later section may write: Rust's lock guards its own data (the
/// lock's place); a Python lock guards the fields and globals read while it is held.
fn data_read<'p>(lang: Lang, lock: &'p Place, body: &'p [Stmt]) -> Vec<&'p Place> {
    if lang == Lang::Rust {
        return if reads_place(body, lock) {
            vec![lock]
        } else {
            Vec::new()
        };
    }
    let mut out = python_reads(lock, body);
    for s in body {
        if let Stmt::Branch { cond, .. } = s {
            for p in python_reads(lock, cond) {
                if !out.contains(&p) {
                    out.push(p);
                }
            }
        }
    }
    unclaimed(body, out)
}

/// The fields and globals `stmts` read directly, other than `lock`.
fn python_reads<'p>(lock: &Place, stmts: &'p [Stmt]) -> Vec<&'p Place> {
    let mut out: Vec<&Place> = Vec::new();
    for s in stmts {
        if let Stmt::Event(Event::Access {
            place,
            kind: AccessKind::Read,
            ..
        }) = s
        {
            if place != lock
                && matches!(place, Place::Field { .. } | Place::Global(_))
                && !out.contains(&place)
            {
                out.push(place);
            }
        }
    }
    out
}

/// The fields and globals `section` reads directly into the value of a local that `cond`
/// tests.
fn tested_local_reads<'p>(lock: &Place, section: &'p [Stmt], cond: &[Stmt]) -> Vec<&'p Place> {
    let mut out = Vec::new();
    for s in section {
        let Stmt::Event(Event::Bind {
            target: target @ Place::Local { .. },
            rhs,
            ..
        }) = s
        else {
            continue;
        };
        let tested = cond
            .iter()
            .any(|c| matches!(c, Stmt::Event(Event::Test { place, .. }) if place == target));
        if !tested {
            continue;
        }
        for p in python_reads(lock, section) {
            let read_in_rhs = section.iter().any(|r| {
                matches!(r, Stmt::Event(Event::Access { place, span, kind: AccessKind::Read, .. })
                    if place == p && super::within(*rhs, *span))
            });
            if read_in_rhs && !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

/// `data` less what `section` writes: a section changing what it tested claims it (sets a
/// running flag, takes the slot), and what follows is the claimant's alone.
fn unclaimed<'p>(section: &[Stmt], mut data: Vec<&'p Place>) -> Vec<&'p Place> {
    walk_events(section, &mut |e| {
        if let Event::Access { place, kind, .. } = e {
            if *kind != AccessKind::Read {
                data.retain(|d| *d != place);
            }
        }
    });
    data
}

/// Whether `rest` takes another lock for good (`self._commit_lock.acquire()`, also through
/// an `acquire` method of a lock class of the program) before `act`: that lock orders the
/// acts, and the check before it only catches a caller's own repeat.
fn orders_by_other_lock(rest: &[Stmt], act: Span, lock: &Place) -> bool {
    let mut found = false;
    walk_events(rest, &mut |e| {
        if e.span().start >= act.start {
            return;
        }
        found |= match e {
            Event::Acquire(l) => l.blocking && l.lock != *lock,
            Event::Call {
                callee: crate::ir::Callee::Method { method, .. },
                receiver,
                ..
            } => method.as_str() == "acquire" && receiver.as_ref() != Some(lock),
            _ => false,
        };
    });
    found
}

/// The checks a branch's test makes through calls of helpers of `f`'s object (or taking a
/// module-level lock) whose value is read under a section of their own (`if
/// self.has_ongoing():`).
fn helper_checks<'p>(cg: &CallGraph<'p>, f: FuncId, cond: &[Stmt]) -> Vec<Checked<'p>> {
    let func = cg.function(f);
    let mut out = Vec::new();
    for s in cond {
        let Stmt::Event(Event::Call { span, .. }) = s else {
            continue;
        };
        let Some(site) = cg.calls(f).iter().find(|c| c.span == *span) else {
            continue;
        };
        let g = site.callee;
        if g == f {
            continue;
        }
        let Some((lock, owner_known, data, at)) = value_section(cg, g) else {
            continue;
        };
        // A field's lock is the same lock only on the same object.
        let self_arg = method_object(site);
        let on_self = is_own_object(self_arg, &func.name) && cg.function(g).class == func.class;
        if !(on_self || matches!(lock, Place::Global(_))) {
            continue;
        }
        out.push(Checked {
            lock,
            owner: self_arg.filter(|_| owner_known).cloned(),
            data,
            at,
            via: Some((*span, g)),
        });
    }
    out
}

/// The object a method call runs on: Python keeps it out of `args`, Rust passes it first.
fn method_object<'s>(site: &'s crate::analysis::callgraph::CallSite<'_>) -> Option<&'s Place> {
    site.receiver
        .or_else(|| site.args.first().and_then(Option::as_ref))
}

/// Whether `place` is the own object (`self`) of the function named `function`.
fn is_own_object(place: Option<&Place>, function: &str) -> bool {
    matches!(place, Some(Place::Param { function: f, index: 0 }) if f.as_str() == function)
}

/// A helper's value read under a section of its own: a section at the top of its body that
/// reads its data without writing it and returns from inside (Python, Rust), or ends the body
/// (Rust: its value is the helper's). Returns the lock, whether the section is taken on the
/// helper's own object, the data and the acquisition.
fn value_section<'p>(
    cg: &CallGraph<'p>,
    g: FuncId,
) -> Option<(&'p Place, bool, Vec<&'p Place>, Span)> {
    let func = cg.function(g);
    let lang = cg.module_of(g).lang;
    let last = func.body.len().checked_sub(1);
    func.body.iter().enumerate().find_map(|(i, s)| {
        let Stmt::Hold { lock, body } = s else {
            return None;
        };
        let data = data_read(lang, &lock.lock, body);
        if data.is_empty() {
            return None;
        }
        let returns = body.iter().any(|s| matches!(s, Stmt::Return(_)));
        let ends = lang == Lang::Rust && Some(i) == last;
        let mut writes = false;
        walk_events(body, &mut |e| {
            writes |= matches!(e, Event::Access { place, kind, .. } if *kind != AccessKind::Read && data.contains(&place));
        });
        let own = is_own_object(lock.owner.as_ref(), &func.name);
        ((returns || ends) && !writes).then_some((&lock.lock, own, data, lock.span))
    })
}

/// The [`SplitCheck`]s in `body` (of `f`) and the bodies inside it.
fn sections_in<'p>(cg: &CallGraph<'p>, f: FuncId, body: &'p [Stmt], out: &mut Vec<SplitCheck<'p>>) {
    let lang = cg.module_of(f).lang;
    let mut last_check: Option<(Checked<'p>, &'p [Stmt])> = None;
    for (i, stmt) in body.iter().enumerate() {
        match stmt {
            Stmt::Hold { lock, body: inner } => {
                let data = data_read(lang, &lock.lock, inner);
                let checked = Checked {
                    lock: &lock.lock,
                    owner: lock.owner.clone(),
                    data,
                    at: lock.span,
                    via: None,
                };
                // `let known = M.read(); if known.contains(k) { return Err(..) } drop(known);`
                // and the insert under a later guard.
                // An `if let Some(found) = M.get(k)` scrutinee's guard is held around the
                // branch, its lookup read before it.
                let act = inner.iter().find_map(|s| match s {
                    Stmt::Branch { cond, arms, .. } => {
                        // What this branch tests: Rust, the data when the section or the
                        // test reads it; Python, the fields the test reads.
                        let data = if lang == Lang::Rust {
                            let read = !checked.data.is_empty() || reads_place(cond, &lock.lock);
                            if read {
                                vec![&lock.lock]
                            } else {
                                Vec::new()
                            }
                        } else {
                            unclaimed(inner, python_reads(&lock.lock, cond))
                        };
                        if data.is_empty() {
                            return None;
                        }
                        let tested = Checked {
                            lock: checked.lock,
                            owner: checked.owner.clone(),
                            data,
                            at: checked.at,
                            via: None,
                        };
                        act_after_guard_clause(cg, f, arms, &tested, &body[i + 1..])
                    }
                    _ => None,
                });
                if let Some((act, data, made)) = act {
                    out.push(SplitCheck {
                        check: lock.span,
                        act,
                        data,
                        lock: &lock.lock,
                        made,
                        via: None,
                    });
                }
                last_check = (!checked.data.is_empty()).then_some((checked, inner));
                sections_in(cg, f, inner, out);
            }
            Stmt::Branch { cond, arms, .. } => {
                let mut checks: Vec<Checked<'p>> = cond
                    .iter()
                    .filter_map(|s| match s {
                        Stmt::Hold { lock, body } => {
                            let data = data_read(lang, &lock.lock, body);
                            (!data.is_empty()).then_some(Checked {
                                lock: &lock.lock,
                                owner: lock.owner.clone(),
                                data,
                                at: lock.span,
                                via: None,
                            })
                        }
                        _ => None,
                    })
                    .collect();
                // Rust takes the section just before the branch for its test; Python asks
                // for a local the section binds from its data and the branch tests
                // (`busy = self.owner is not None`, then `if busy:`).
                checks.extend(last_check.take().and_then(|(checked, section)| {
                    if lang == Lang::Rust {
                        return Some(checked);
                    }
                    let data = unclaimed(section, tested_local_reads(checked.lock, section, cond));
                    (!data.is_empty()).then_some(Checked { data, ..checked })
                }));
                checks.extend(helper_checks(cg, f, cond));
                for checked in &checks {
                    let mut push = |act, data, made| {
                        out.push(SplitCheck {
                            check: checked.at,
                            act,
                            data,
                            lock: checked.lock,
                            made,
                            via: checked.via,
                        })
                    };
                    if let Some((act, data, made)) =
                        act_after_guard_clause(cg, f, arms, checked, &body[i + 1..])
                    {
                        push(act, data, made);
                        continue;
                    }
                    for arm in arms.iter().map(Vec::as_slice) {
                        let Some((act, data)) = unchecked_write(arm, checked)
                            .or_else(|| helper_write(cg, f, arm, checked))
                        else {
                            continue;
                        };
                        // A Rust section's own test of its data is the check. A helper's
                        // value, or a Python section's, is taken for one only when its failure
                        // refuses, or something is made once behind it (see
                        // `act_after_guard_clause`): a lookup helper is most often asked for
                        // keys no other thread makes at once.
                        if lang == Lang::Rust && checked.via.is_none() {
                            push(act, data, None);
                            continue;
                        }
                        if lang == Lang::Python && orders_by_other_lock(arm, act, checked.lock) {
                            continue;
                        }
                        let made = makes_new_before(cg, f, arm, act, CALL_DEPTH);
                        if made.is_some() || refuses(cg, f, arms) {
                            push(act, data, made);
                        }
                    }
                }
                for arm in arms.iter() {
                    sections_in(cg, f, arm, out);
                }
            }
            other => {
                last_check = None;
                other.each_body(&mut |b| sections_in(cg, f, b, out));
            }
        }
    }
}

/// Whether an arm of a branch refuses with an error (`return Err(AlreadyRegistered(k))`,
/// `bail!(..)`, Python's `raise Busy()`).
fn refuses(cg: &CallGraph, f: FuncId, arms: &[Vec<Stmt>]) -> bool {
    let error_returns = &cg.module_of(f).facts.error_returns;
    arms.iter().any(|arm| {
        (arm.iter()).any(|s| match s {
            Stmt::Return(r) => error_returns.contains(r),
            Stmt::Raise(_) => true,
            _ => false,
        })
    })
}

/// The act, in `rest` after a branch on the data of `lock` one of whose arms returns (a guard
/// clause, `if exists { return false; }`), when the function promises one act per check: the
/// guard clause refuses with an error, or hands out a new shared object otherwise made and
/// inserted, or new work or a new identity is made between the check and the act (with where
/// it is made).
///
/// A guard clause merely followed by the insert is not taken: the insert is most often of a
/// set or of the same value (agave's secondary index, conflux's open snapshots), the race
/// harmless.
fn act_after_guard_clause<'p>(
    cg: &CallGraph,
    f: FuncId,
    arms: &[Vec<Stmt>],
    checked: &Checked<'p>,
    rest: &'p [Stmt],
) -> Option<(Span, &'p Place, Option<Span>)> {
    if !returns(arms) {
        return None;
    }
    let (act, data) = unchecked_write(rest, checked)?;
    if is_lang(cg, f, Lang::Python) && orders_by_other_lock(rest, act, checked.lock) {
        return None;
    }
    if let Some(made) = makes_new_before(cg, f, rest, act, CALL_DEPTH) {
        return Some((act, data, Some(made)));
    }
    (refuses(cg, f, arms) || hands_out_fresh(cg, f, arms)).then_some((act, data, None))
}

/// Whether an arm of a branch leaves the function (a `return`, a raise).
fn returns(arms: &[Vec<Stmt>]) -> bool {
    arms.iter().any(|arm| {
        arm.iter()
            .any(|s| matches!(s, Stmt::Return(_) | Stmt::Raise(_)))
    })
}

/// Where something new is made in `rest` before `act`, directly or in a function called there
/// (the call): concurrent work started, or an id taken from a counter (`let handle =
/// self.spawn_tracked(key, fut); self.tasks.insert(key, handle)`, after `if
/// self.tasks.contains_key(&key) { return false; }`). The check is there so it is made once;
/// two callers passing it before either records it both make one.
fn makes_new_before(
    cg: &CallGraph,
    f: FuncId,
    rest: &[Stmt],
    act: Span,
    depth: usize,
) -> Option<Span> {
    let mut found = None;
    crate::ir::walk_events(rest, &mut |e| {
        if found.is_some() || e.span().start >= act.start {
            return;
        }
        let new = makes_new(e)
            || matches!(e, Event::Call { span, .. } if depth > 0 && cg
                .calls(f)
                .iter()
                .filter(|c| c.span == *span && c.callee != f)
                .any(|c| makes_new_within(cg, c.callee, depth - 1)));
        if new {
            found = Some(e.span());
        }
    });
    found
}

/// Whether `f`, or a function it calls within `depth` calls, makes something new
/// ([`makes_new`]).
fn makes_new_within(cg: &CallGraph, f: FuncId, depth: usize) -> bool {
    let mut found = false;
    crate::ir::walk_events(&cg.function(f).body, &mut |e| found |= makes_new(e));
    found
        || (depth > 0
            && (cg.calls(f).iter())
                .any(|c| c.callee != f && makes_new_within(cg, c.callee, depth - 1)))
}

/// Concurrent work started, or a count taken whose value the code uses (an id).
fn makes_new(e: &Event) -> bool {
    matches!(
        e,
        Event::Spawn { .. }
            | Event::Access {
                atomic: Atomicity::Count { up: true },
                ..
            }
    )
}

/// Whether an arm of a branch returns (the value found) in a function whose value otherwise is
/// a new shared object it makes and inserts (`get_or_create`): two callers missing the same key
/// each make one, and the one whose insert is replaced keeps working on an object the data no
/// longer holds.
fn hands_out_fresh(cg: &CallGraph, f: FuncId, arms: &[Vec<Stmt>]) -> bool {
    let func = cg.function(f);
    (cg.module_of(f).facts.fresh_shared_returns.iter()).any(|n| n.as_str() == func.name)
        && returns(arms)
}

/// A call, directly in `arm`, of a method of `f`'s own object (`self.put(k, v)`) whose body
/// writes the checked data in a write section of its own (see [`unchecked_write`]): the call.
fn helper_write<'p>(
    cg: &CallGraph<'p>,
    f: FuncId,
    arm: &[Stmt],
    checked: &Checked<'_>,
) -> Option<(Span, &'p Place)> {
    let class = cg.function(f).class.as_deref()?;
    arm.iter().find_map(|s| {
        let Stmt::Event(Event::Call { span, .. }) = s else {
            return None;
        };
        let site = cg.calls(f).iter().find(|c| c.span == *span)?;
        let on_self = is_own_object(method_object(site), &cg.function(f).name);
        let callee = cg.function(site.callee);
        if !(on_self && site.callee != f && callee.class.as_deref() == Some(class)) {
            return None;
        }
        // The callee's own sections are on its `self`, the object of the check.
        let checked = Checked {
            lock: checked.lock,
            owner: None,
            data: checked.data.clone(),
            at: checked.at,
            via: checked.via,
        };
        unchecked_write(&callee.body, &checked).map(|(_, data)| (*span, data))
    })
}

/// Whether a critical section reads the data of its lock (the check).
pub(super) fn reads_place(body: &[Stmt], place: &Place) -> bool {
    body.iter().any(|s| {
        matches!(s, Stmt::Event(Event::Access { place: p, kind: AccessKind::Read, .. }) if p == place)
    })
}

/// The acquisition of a write section of the checked lock (on the same object), directly in
/// `arm`, that writes the checked data without reading it first (no second check), and the
/// data written.
fn unchecked_write<'p>(arm: &'p [Stmt], checked: &Checked<'_>) -> Option<(Span, &'p Place)> {
    arm.iter().find_map(|s| {
        let Stmt::Hold { lock: l, body } = s else {
            return None;
        };
        if l.lock != *checked.lock || l.mode == crate::ir::LockMode::Read {
            return None;
        }
        if let (Some(a), Some(b)) = (&checked.owner, &l.owner) {
            if a != b {
                return None;
            }
        }
        for s in body.iter() {
            match s {
                Stmt::Event(Event::Access { place, kind, .. }) if checked.data.contains(&place) => {
                    return (*kind != AccessKind::Read).then_some((l.span, place));
                }
                Stmt::Branch { .. } | Stmt::Loop { .. } => return None,
                _ => {}
            }
        }
        None
    })
}
