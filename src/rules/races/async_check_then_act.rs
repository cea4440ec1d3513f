//! KN104 async-check-then-act: a coroutine tests `self.x` (or a global), awaits, then writes it;
//! another task running the same coroutine passes the same test during the await.

use crate::ir::Atomicity;
use std::collections::{BTreeSet, HashMap};

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::contexts::{task_confined, Context};
use crate::analysis::flow::encloses;
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::ir::{walk_events, AccessKind, Callee, Event, ExecCtx, Place, Stmt};
use crate::rules::races::check_then_act::{cond_tests, LOG_METHODS};
use crate::rules::races::{
    func_name, is_lang, place_name, place_name_at, walk_branches, TestedReads,
};
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::{Lang, Span};

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN104",
    name: "async-check-then-act",
    family: Family::Races,
    langs: &[Lang::Python],
    status: Status::Stable,
    severity: Severity::Error,
    doc: rule_doc!("KN104"),
    check: Some(check),
};

/// Methods Python calls one at a time per object: `async for` awaits each `__anext__` before
/// the next, and an async generator refuses to be stepped by two tasks at once, so an
/// iterator is one loop's.
const STEPS: &[&str] = &["__anext__"];

/// How deep awaited calls are followed to find the await and the write.
const CALL_DEPTH: usize = 3;

/// How far up callers are followed to find a lock every path into a function holds: a
/// restart helper may sit five calls below the method taking the object's lock (`async with
/// self._lock:` → begin → abort → stop-then-start → start → attempt → stop).
const CALLER_DEPTH: usize = 6;

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let cg = facts.callgraph();
    let sharing = facts.sharing();
    let in_tasks: BTreeSet<FuncId> = sharing
        .contexts
        .list
        .iter()
        .filter(|c| c.kind == ExecCtx::Task)
        .flat_map(|c| c.reach.iter().copied())
        .collect();
    let beside_itself = runs_beside_itself(cg, &sharing.contexts.list, &in_tasks);
    // Asked only when a method has a finding: most programs have none.
    let mut confined: Option<BTreeSet<FuncId>> = None;
    let mut quiet = HashMap::new();
    let mut evidence: Option<Evidence> = None;
    // Findings by the write they lead to.
    let mut reported: Vec<(Span, Finding)> = Vec::new();
    for f in cg.ids() {
        let func = cg.function(f);
        if !func.is_async || !is_lang(cg, f, Lang::Python) {
            continue;
        }
        // Runs concurrently with itself: a method of an object the program shows two tasks
        // using at once (checked below), or a function two tasks reach at once.
        if func.class.is_none() && !beside_itself.contains(&f) {
            continue;
        }
        let mut found = Vec::new();
        let mut tested: Option<TestedReads> = None;
        let mut explicit = Vec::new();
        locked_branches(&func.body, &mut Vec::new(), &mut explicit);
        walk_branches(&func.body, 0, &mut |cond, arms, span, locked, tail| {
            if locked > 0 || explicit.contains(&span) {
                return;
            }
            // A guard that raises (`if self._finalized: raise Error("already committed")`)
            // rejects a misuse of one task's object; it claims nothing for a second task,
            // unless the program itself runs the coroutine in two tasks at once
            // (`gather(updater.complete(), updater.failed())`) and the coroutine sets the
            // flag it tests after an `await` (below): both tasks pass the guard then.
            let raising = arms
                .iter()
                .any(|a| matches!(a.last(), Some(Stmt::Raise(_))));
            if raising
                && !evidence
                    .get_or_insert_with(|| Evidence::compute(facts))
                    .together
                    .contains(&f)
            {
                return;
            }
            let mut checked = cond_reads(cond);
            checked.extend(cond_asks(cond));
            checked.extend(predicate_reads(cg, cond));
            if cond_tests(cond) {
                checked.extend(
                    tested
                        .get_or_insert_with(|| TestedReads::of(&func.body))
                        .in_cond(cond, span),
                );
            }
            // One finding per place a test reads (`x is None or x == -1` reads it twice).
            let mut seen = Vec::new();
            for (place, read_span) in checked {
                if seen.contains(&place) {
                    continue;
                }
                seen.push(place.clone());
                if !matches!(place, Place::Global(_) | Place::Field { .. })
                    || !sharing.shareable(cg, facts.models, &place)
                {
                    continue;
                }
                // A guard clause whose arms that fall through all claim the place before
                // their first yield (`if self._busy: return` / `else: self._busy = True`):
                // the statements after it run in one task at a time, as in the arm.
                let mut falls_claimed = true;
                for (i, arm) in arms.iter().enumerate() {
                    let is_tail = tail && i + 1 == arms.len();
                    if is_tail && falls_claimed {
                        break;
                    }
                    let mut state = Scan::default();
                    scan(cg, f, arm, &place, CALL_DEPTH, &mut state, &mut quiet);
                    if !is_tail && !leaves(arm) {
                        falls_claimed &= state.claimed;
                    }
                    let name = place_name_at(cg, &place, f, read_span);
                    if let (false, None, Some((aw, fill))) =
                        (raising, state.write_after_await, state.fill_after_await)
                    {
                        found.push((
                            place.clone(),
                            fill,
                            Finding::new(
                                &RULE,
                                read_span,
                                format!(
                                    "`{name}` is checked in `{}` and published before it is filled after an `await`; another task passing the check meanwhile reads it half filled",
                                    func_name(cg, f)
                                ),
                            )
                            .with_label("checked here")
                            .with_related(aw, "the task yields here")
                            .with_related(fill, "and fills it only here")
                            .with_help(format!(
                                "fill a local and publish it into `{name}` in one step after the `await`, or hold an `asyncio.Lock` around the check and the fill"
                            )),
                        ));
                        break;
                    }
                    let (Some(aw), Some(write)) = (state.first_await, state.write_after_await)
                    else {
                        continue;
                    };
                    if raising && !stores_literal(cg, f, &place, write) {
                        continue;
                    }
                    if tears_down(arm, &place, write)
                        || resets_after_teardown(
                            &func.short_name,
                            arm,
                            &place,
                            write,
                            &cg.module_of(f).facts.removing_writes,
                        )
                    {
                        continue;
                    }
                    found.push((
                        place.clone(),
                        write,
                        Finding::new(
                            &RULE,
                            read_span,
                            format!(
                                "`{name}` is checked in `{}` and written after an `await`; another task can pass the same check meanwhile",
                                func_name(cg, f)
                            ),
                        )
                        .with_label("checked here")
                        .with_related(aw, "the task yields here")
                        .with_related(write, "then writes it here")
                        .with_help(format!(
                            "hold an `asyncio.Lock` around the check and the write, and re-check `{name}` inside it"
                        )),
                    ));
                    break;
                }
            }
        });
        // An update that awaits between its read and its write (`self.token = await
        // refresh(self.token)`): another task reads the same old value meanwhile.
        let mut updates = Vec::new();
        updates_across_await(cg, &func.body, &[], &[], &mut quiet, &mut updates);
        // Only where the program itself runs the coroutine in two tasks at once (`gather(c.a(),
        // c.b())` both reaching it): code replacing a field by a wrapped version of itself
        // (`self.observer = await stack.enter_async_context(self.observer)`) is mostly set-up
        // one task runs.
        if !updates.is_empty()
            && !evidence
                .get_or_insert_with(|| Evidence::compute(facts))
                .together
                .contains(&f)
        {
            updates.clear();
        }
        for (place, write, aw) in updates {
            if !matches!(place, Place::Global(_) | Place::Field { .. })
                || !sharing.shareable(cg, facts.models, &place)
                || found.iter().any(|(_, w, _)| *w == write)
            {
                continue;
            }
            let name = place_name(cg, &place, f);
            let mut finding = Finding::new(
                    &RULE,
                    write,
                    format!(
                        "`{name}` is read, then written in `{}` with the result of an `await`; another task can update it from the same old value meanwhile",
                        func_name(cg, f)
                    ),
                )
                .with_label("read here, written after the await")
                .with_related(aw, "the task yields here, between the read and the write");
            finding = with_task_starts(finding, facts, f);
            found.push((
                place,
                write,
                finding.with_help(format!(
                    "hold an `asyncio.Lock` around the update of `{name}`, and re-read it inside"
                )),
            ));
        }
        // A value the task stores in a shared place and reads back after a yield, as if the
        // place were its own local: only where tasks run the coroutine together, as above.
        if evidence
            .get_or_insert_with(|| Evidence::compute(facts))
            .together
            .contains(&f)
        {
            for s in super::async_own_value::stale_reads(cg, f, &mut quiet) {
                if !sharing.shareable(cg, facts.models, &s.place)
                    || found.iter().any(|(_, w, _)| *w == s.read)
                {
                    continue;
                }
                let name = place_name(cg, &s.place, f);
                let (fname, writer) = (func_name(cg, f), func_name(cg, s.write.0));
                let finding = Finding::new(
                    &RULE,
                    s.read,
                    format!(
                        "`{name}` is set in `{writer}` and read back in `{fname}` after an `await`; another task running `{fname}` can set it meanwhile, and this one goes on with that task's value"
                    ),
                )
                .with_label("read here, after the await")
                .with_related(s.write.1, "set here")
                .with_related(s.yields, "the task yields here, between the store and the read");
                found.push((
                    s.place,
                    s.read,
                    with_task_starts(finding, facts, f).with_help(format!(
                        "keep the value in a local (or pass it on as an argument) instead of `{name}`, or hold an `asyncio.Lock` from the store to the read"
                    )),
                ));
            }
        }
        if found.is_empty()
            || callers_hold_common_lock(facts, f)
            || single_task(facts, f)
            || func.class.is_some()
                && confined
                    .get_or_insert_with(|| task_confined(cg, facts.models, STEPS))
                    .contains(&f)
        {
            continue;
        }
        // A method: not one the program only uses from one task, and one whose object the
        // program shows shared between tasks.
        if func.class.is_some() {
            let ev = evidence.get_or_insert_with(|| Evidence::compute(facts));
            found.retain(|(place, _, _)| ev.shared(facts, f, place));
        }
        // Checks of one place that lead to one write are one race: reported once, at the
        // first check, with the others as related locations (a field every public method of a
        // client tests before awaiting the one that sets it up).
        for (_, write, finding) in found {
            match reported.iter().position(|(w, _)| *w == write) {
                Some(i) => {
                    let also = format!("also checked in `{}`", func_name(cg, f));
                    let first = &mut reported[i].1;
                    first
                        .related
                        .push(crate::finding::Label::new(finding.span, also));
                }
                None => reported.push((write, finding)),
            }
        }
    }
    out.extend(reported.into_iter().map(|(_, fd)| fd));
}

/// `finding` with the places that start tasks running `f` together (up to two).
fn with_task_starts(mut finding: Finding, facts: &Facts, f: FuncId) -> Finding {
    let mut starts: Vec<(Span, bool)> = facts
        .sharing()
        .contexts
        .list
        .iter()
        .filter(|c| c.kind == ExecCtx::Task && c.reach.contains(&f))
        .map(|c| (c.spawn, c.many))
        .collect();
    starts.sort();
    let mut sites: Vec<Span> = starts.iter().map(|(s, _)| *s).collect();
    sites.dedup();
    for at in sites.into_iter().take(2) {
        let here = starts.iter().filter(|(s, _)| *s == at);
        let label = if here.clone().count() > 1 || here.clone().any(|(_, many)| *many) {
            "tasks running it together are started here"
        } else {
            "a task running it is started here"
        };
        finding = finding.with_related(at, label);
    }
    finding
}

/// Whether `f` only ever runs as a task started where no earlier one is kept: every start
/// stores the task in a field or global its enclosing test reads, with no `await` between the
/// test and the start (`if self._init is None: self._init = create_task(self._configure())`),
/// and nothing calls `f` directly. One such task runs at a time, so its check and write are
/// never interleaved with another run of them.
fn single_task(facts: &Facts, f: FuncId) -> bool {
    let cg = facts.callgraph();
    let starts: Vec<_> = facts
        .sharing()
        .contexts
        .list
        .iter()
        .filter(|c| c.entry == f)
        .collect();
    if starts.is_empty() {
        return false;
    }
    let guarded = starts.iter().all(|c| {
        c.kind == ExecCtx::Task
            && c.spawner.is_some_and(|s| {
                guarded_start(&cg.function(s).body, c.spawn, &mut Vec::new()) == Some(true)
            })
    });
    guarded
        && !cg.ids().any(|g| {
            cg.calls(g)
                .iter()
                .any(|call| call.callee == f && !starts.iter().any(|c| c.spawn == call.span))
        })
}

/// Whether the spawn at `at` in `body` stores its task in a place a test enclosing it reads
/// with no `await` between (`Some(true)`), does not (`Some(false)`), or is not in `body`
/// (`None`). `tests` holds the places the enclosing tests read, emptied by an `await`.
fn guarded_start(body: &[Stmt], at: Span, tests: &mut Vec<Place>) -> Option<bool> {
    for stmt in body {
        match stmt {
            Stmt::Event(Event::Spawn { handle, span, .. }) if *span == at => {
                return Some(handle.as_ref().is_some_and(|h| {
                    matches!(h, Place::Field { .. } | Place::Global(_)) && tests.contains(h)
                }));
            }
            Stmt::Event(Event::Await { .. }) => tests.clear(),
            Stmt::Branch { cond, arms, .. } => {
                let mut inner = tests.clone();
                inner.extend(cond_reads(cond).into_iter().map(|(p, _)| p));
                for arm in arms {
                    if let Some(found) = guarded_start(arm, at, &mut inner.clone()) {
                        return Some(found);
                    }
                }
                if awaits(cond) || arms.iter().any(|a| awaits(a)) {
                    tests.clear();
                }
            }
            other => {
                // A loop may start several tasks under one test.
                let kept = if matches!(other, Stmt::Loop { .. }) {
                    Vec::new()
                } else {
                    tests.clone()
                };
                let mut found = None;
                other.each_body(&mut |b| {
                    if found.is_none() {
                        found = guarded_start(b, at, &mut kept.clone());
                    }
                });
                if found.is_some() {
                    return found;
                }
            }
        }
    }
    None
}

/// Whether `body` awaits anywhere.
fn awaits(body: &[Stmt]) -> bool {
    let mut any = false;
    crate::ir::walk_events(body, &mut |e| any |= matches!(e, Event::Await { .. }));
    any
}

/// Whether every call of `f` holds one lock in common, directly (`async with self._lock: await
/// self._stop()`) or through callers that are all called under it, so its whole body, check
/// and write, runs under that lock. Not when the program also starts `f` (or a caller on the
/// way) as a task or thread of its own, which runs without the caller's lock.
/// The functions outside classes that two tasks can run at once: reached from a task that
/// runs many times (started in a loop, or by a spawner that runs many times), from two task
/// starts, or from a task and from code no task runs (the coroutine that starts the task and
/// also awaits the function itself). A loop started once as a task (`create_task(gc_loop())`)
/// runs in that task alone: its check and its write are one task's steps.
fn runs_beside_itself(
    cg: &CallGraph,
    contexts: &[Context],
    in_tasks: &BTreeSet<FuncId>,
) -> BTreeSet<FuncId> {
    let mut starts: HashMap<FuncId, usize> = HashMap::new();
    let mut out = BTreeSet::new();
    for c in contexts.iter().filter(|c| c.kind == ExecCtx::Task) {
        for &f in &c.reach {
            *starts.entry(f).or_default() += 1;
            if c.many {
                out.insert(f);
            }
        }
    }
    out.extend(starts.iter().filter(|&(_, &n)| n > 1).map(|(&f, _)| f));
    for g in cg.ids().filter(|g| !in_tasks.contains(g)) {
        for site in cg.calls(g) {
            if in_tasks.contains(&site.callee) {
                out.insert(site.callee);
            }
        }
    }
    out
}

fn callers_hold_common_lock(facts: &Facts, f: FuncId) -> bool {
    let mut memo = HashMap::new();
    !entry_locks(facts, f, CALLER_DEPTH, &mut memo).is_empty()
}

/// The locks every path into `f` holds, looking `depth` callers up (none past that, or for a
/// function nothing calls).
fn entry_locks(
    facts: &Facts,
    f: FuncId,
    depth: usize,
    memo: &mut HashMap<FuncId, Vec<Place>>,
) -> Vec<Place> {
    if let Some(known) = memo.get(&f) {
        return known.clone();
    }
    // A cycle back to `f` adds nothing: assume none while looking.
    memo.insert(f, Vec::new());
    let held = facts.held_locks();
    let i = f.0 as usize;
    let mut paths: Vec<Vec<Place>> = held.held_at_calls[i].clone();
    let started = facts.sharing().contexts.list.iter().any(|c| c.entry == f);
    let mut common = Vec::new();
    if depth > 0 && !started && paths.len() + held.unheld_callers[i].len() > 0 {
        for &caller in &held.unheld_callers[i] {
            paths.push(entry_locks(facts, caller, depth - 1, memo));
        }
        if let Some((first, rest)) = paths.split_first() {
            common = first
                .iter()
                .filter(|lock| rest.iter().all(|locks| locks.contains(lock)))
                .cloned()
                .collect();
        }
    }
    memo.insert(f, common.clone());
    common
}

#[derive(Default)]
struct Scan {
    first_await: Option<Span>,
    write_after_await: Option<Span>,
    /// The place was written before any yield: the task's test and write ran as one step
    /// (`if not self._busy: self._busy = True; await ...`), so it owns what follows.
    claimed: bool,
    /// After a claim that publishes a container (`cache[key] = {}`), the first await and the
    /// first store into the published container after it (`cache[key][k] = v`): other tasks
    /// passing the check meanwhile read it half filled.
    fill_after_await: Option<(Span, Span)>,
    /// The last resolved call of a coroutine that never suspends, whose `await` yields nothing.
    quiet_call: Option<Span>,
    /// Locks taken by an explicit `acquire()` and not released yet: like a `with` on them,
    /// what runs until the `release()` is under the lock.
    held: Vec<Place>,
    /// The last awaited call of a coroutine that returns the place itself on every path
    /// (`await self.create_pool()` returning `self.connection_instance`, which it fills under
    /// its own lock): storing its result stores the value the place already holds.
    returning_call: Option<Span>,
    /// The arguments of the awaited call of a plain function being scanned (`await
    /// asyncio.wait_for(self._hass.add_executor_job(self._connect))`): the future it hands back
    /// is awaited, and a parameter it hands to a thread pool is the function the call passes.
    awaited_args: Option<Vec<Option<Place>>>,
}

/// Tracks explicit `acquire()`/`release()` through a body in order, as the held-lock walk
/// does: a lock taken in one arm of a branch is not held after it.
pub(super) fn lock_event(stmt: &Stmt, held: &mut Vec<Place>) {
    match stmt {
        Stmt::Event(Event::Acquire(l)) if l.blocking => held.push(l.lock.clone()),
        Stmt::Event(Event::Release { lock, .. }) => {
            if let Some(i) = held.iter().rposition(|h| h == lock) {
                held.remove(i);
            }
        }
        _ => {}
    }
}

/// The branches of `body` that run between an explicit `acquire()` of a lock and its
/// `release()` (`await lock.acquire()` then `try: ... finally: lock.release()`): a test there
/// is under the lock, as inside `async with lock:`.
fn locked_branches(body: &[Stmt], held: &mut Vec<Place>, out: &mut Vec<Span>) {
    for stmt in body {
        lock_event(stmt, held);
        match stmt {
            Stmt::Branch { cond, arms, span } => {
                if !held.is_empty() {
                    out.push(*span);
                }
                locked_branches(cond, held, out);
                let before = held.clone();
                for arm in arms {
                    locked_branches(arm, held, out);
                    held.clone_from(&before);
                }
            }
            Stmt::Loop { cond, body, .. } => {
                locked_branches(cond, held, out);
                locked_branches(body, held, out);
            }
            Stmt::Try {
                body,
                handlers,
                orelse,
                finally,
                ..
            } => {
                locked_branches(body, held, out);
                for h in handlers {
                    locked_branches(h, held, out);
                }
                locked_branches(orelse, held, out);
                locked_branches(finally, held, out);
            }
            Stmt::Hold { body, .. } | Stmt::Block(body) => locked_branches(body, held, out),
            _ => {}
        }
    }
}

fn cond_reads(cond: &[Stmt]) -> Vec<(Place, Span)> {
    let mut out = Vec::new();
    crate::ir::walk_events(cond, &mut |e| {
        if let Event::Access {
            place,
            kind: AccessKind::Read,
            atomic: Atomicity::Plain,
            span,
        } = e
        {
            out.push((place.clone(), *span));
        }
    });
    out
}

/// The shared objects a test asks a method of (`if self.token.is_expired():` tests the token
/// the field holds). Only for the first test: a later branch asking an element of the place
/// (`if await self.replicas[i].check():`) is no re-check of the place itself.
fn cond_asks(cond: &[Stmt]) -> Vec<(Place, Span)> {
    let mut out = Vec::new();
    crate::ir::walk_events(cond, &mut |e| {
        let (place, span) = match e {
            Event::MethodCall { place, span, .. } => (place, span),
            Event::Call {
                receiver: Some(place),
                span,
                ..
            } => (place, span),
            _ => return,
        };
        if matches!(place, Place::Field { .. } | Place::Global(_)) {
            out.push((place.clone(), *span));
        }
    });
    out
}

/// The reads a test makes through a predicate helper it calls (`if self._is_expiring():`): a
/// plain function or method whose whole body only reads, compares and calls the library, with
/// each read placed at the call.
fn predicate_reads(cg: &CallGraph, cond: &[Stmt]) -> Vec<(Place, Span)> {
    let mut out = Vec::new();
    crate::ir::walk_events(cond, &mut |e| {
        let Event::Call { callee, span, .. } = e else {
            return;
        };
        let Some(g) = cg.resolve(callee) else {
            return;
        };
        if cg.function(g).is_async {
            return;
        }
        let events = cg.events(g);
        // Reads, comparisons and library calls (`time.time()`): no write, nothing of the
        // program's own that could write.
        let only_reads = events.iter().all(|e| match e {
            Event::Access {
                kind: AccessKind::Read,
                ..
            }
            | Event::Compare { .. }
            | Event::Test { .. } => true,
            Event::Call { callee, .. } => cg.resolve(callee).is_none(),
            _ => false,
        });
        if !only_reads {
            return;
        }
        for (place, _) in cond_reads_of(events) {
            out.push((place, *span));
        }
    });
    out
}

fn cond_reads_of(events: &[&Event]) -> Vec<(Place, Span)> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Access {
                place,
                kind: AccessKind::Read,
                atomic: Atomicity::Plain,
                span,
            } => Some((place.clone(), *span)),
            _ => None,
        })
        .collect()
}

/// In the statements after a claim of `place`, the first await and, after it, the first store
/// into the container the place holds made in a loop (`for ..: cache[key][k] = await ..`): the
/// container is filled step by step, and other tasks passing the check meanwhile read it half
/// filled. A single store after the await (`cache[key] = result`, replacing a placeholder the
/// others wait on) is not a fill.
fn filled_after_await(rest: &[Stmt], place: &Place) -> Option<(Span, Span)> {
    let mut first_await = None;
    crate::ir::walk_events(rest, &mut |e| {
        if let Event::Await { span } = e {
            first_await.get_or_insert(*span);
        }
    });
    let await_span = first_await?;
    let mut fill = None;
    crate::ir::walk_stmts(rest, &mut |s| {
        let Stmt::Loop { body, .. } = s else { return };
        let mut events = Vec::new();
        crate::ir::walk_events(body, &mut |e| events.push(e));
        // A write of the place that does not bind it anew (`place = value` is a `Bind`): a
        // store into the container it holds (`cache[key][k] = v`, `items.append(v)`).
        let rebinds = |at: Span| {
            events.iter().any(|e| {
                matches!(e, Event::Bind { target, span, .. } if target == place && span.start <= at.start && at.end <= span.end)
            })
        };
        let store = events.iter().find_map(|e| match e {
            Event::Access {
                place: p,
                kind: AccessKind::Write,
                span,
                ..
            } if p == place && span.start > await_span.start && !rebinds(*span) => Some(*span),
            _ => None,
        });
        if fill.is_none() {
            fill = store;
        }
    });
    Some((await_span, fill?))
}

/// Whether a lock region writes a field or global (outside its nested functions).
fn sets_a_field(body: &[Stmt]) -> bool {
    let mut found = false;
    crate::ir::walk_events(body, &mut |e| {
        found |= matches!(
            e,
            Event::Access {
                place: Place::Field { .. } | Place::Global(_),
                kind: AccessKind::Write,
                ..
            }
        );
    });
    found
}

/// Whether the test `cond` reads `place`.
fn reads(cond: &[Stmt], place: &Place) -> bool {
    cond_reads(cond).iter().any(|(p, _)| p == place)
}

/// Whether `arm` writes, before its first yield, a shared place other than `place` that the
/// test `cond` reads (`if self._opening is None: self._opening = fut`): the task tested and
/// claimed that place in one step, so no other task enters the arm until it is given back.
fn claims_other(cond: &[Stmt], arm: &[Stmt], place: &Place) -> bool {
    let tested: Vec<Place> = cond_reads(cond)
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p != place && matches!(p, Place::Global(_) | Place::Field { .. }))
        .collect();
    !tested.is_empty() && writes_before_yield(arm, &tested)
}

/// Whether the statements of `body`, in order, write one of `places` (a plain store) before
/// any `await`; nested branches and loops end the search.
fn writes_before_yield(body: &[Stmt], places: &[Place]) -> bool {
    for stmt in body {
        match stmt {
            Stmt::Event(Event::Await { .. }) => return false,
            Stmt::Event(Event::Access {
                place: p,
                kind: AccessKind::Write,
                ..
            }) if places.contains(p) => return true,
            Stmt::Event(_) => {}
            Stmt::Block(b) => {
                if writes_before_yield(b, places) {
                    return true;
                }
                let mut yields = false;
                crate::ir::walk_events(b, &mut |e| yields |= matches!(e, Event::Await { .. }));
                if yields {
                    return false;
                }
            }
            _ => return false,
        }
    }
    false
}

/// The first `await` among the events of `body`.
fn first_await_in(body: &[Stmt]) -> Option<Span> {
    let mut first = None;
    crate::ir::walk_events(body, &mut |e| {
        if let Event::Await { span } = e {
            first.get_or_insert(*span);
        }
    });
    first
}

/// Whether an arm ends by leaving the function: the code after its branch runs only on the
/// other arms.
pub(super) fn leaves(arm: &[Stmt]) -> bool {
    matches!(arm.last(), Some(Stmt::Return(_) | Stmt::Raise(_)))
}

/// Scans `body` in order for an await (or a call of a coroutine, which is awaited) and a
/// later write of `place`, following resolved calls. Lock regions stop the scan: a write under
/// a lock is another story. Awaiting a coroutine of the checked code that never suspends hands
/// no control to the event loop, so it is no yield.
fn scan(
    cg: &CallGraph,
    f: FuncId,
    body: &[Stmt],
    place: &Place,
    depth: usize,
    st: &mut Scan,
    quiet: &mut HashMap<(FuncId, usize), bool>,
) {
    for (i, stmt) in body.iter().enumerate() {
        if st.write_after_await.is_some() || st.claimed {
            return;
        }
        lock_event(stmt, &mut st.held);
        match stmt {
            // Under an explicitly acquired lock: only the structure matters, to find the
            // `release()`.
            Stmt::Event(_) if !st.held.is_empty() => {}
            Stmt::Event(Event::Await { span })
                if !st.quiet_call.is_some_and(|c| encloses(*span, c)) =>
            {
                st.first_await.get_or_insert(*span);
            }
            Stmt::Event(Event::Access {
                place: p,
                kind: AccessKind::Write,
                ..
            }) if p == place && stores_returned(body.get(i + 1), place, st.returning_call) => {}
            Stmt::Event(Event::Access {
                place: p,
                kind: AccessKind::Write | AccessKind::ReadModifyWrite,
                span,
                ..
            }) if p == place => match st.first_await {
                Some(_) => st.write_after_await = Some(*span),
                None => {
                    st.claimed = true;
                    st.fill_after_await = filled_after_await(&body[i + 1..], place);
                }
            },
            // Work handed to a thread pool and awaited (`await loop.run_in_executor(None,
            // self._connect)`, `await asyncio.to_thread(f)`, or the future a plain helper hands
            // back and the caller awaits) runs while this task waits: its writes come after a
            // yield, and other tasks pass the check meanwhile.
            Stmt::Event(Event::Spawn {
                target: Some(target),
                ctx: ExecCtx::Thread,
                span,
                ..
            }) if depth > 0 => {
                let handed_back = matches!(body.get(i + 1), Some(Stmt::Return(r)) if encloses(*r, *span))
                    && st.awaited_args.is_some();
                if !handed_back && !awaited(&body[i + 1..], *span) {
                    continue;
                }
                let pooled = cg.resolve(target).or_else(|| {
                    let args = st.awaited_args.as_deref().filter(|_| handed_back)?;
                    passed_function(cg, cg.function(f), target, args)
                });
                if let Some(g) = pooled.filter(|g| *g != f) {
                    st.first_await.get_or_insert(*span);
                    let saved = st.awaited_args.take();
                    scan(cg, g, &cg.function(g).body, place, depth - 1, st, quiet);
                    st.awaited_args = saved;
                }
            }
            Stmt::Event(Event::Call {
                callee, span, args, ..
            }) => {
                let Some(g) = cg.resolve(callee) else {
                    continue;
                };
                if g == f {
                    continue;
                }
                // A constructor builds a new object: its writes of that object's fields are no
                // writes of the checked one (`Client(host)` setting `self._is_not_closed`).
                if builds_object_of(cg, g, place) {
                    continue;
                }
                // A plain function runs at once, in this task: its writes are this task's
                // (`self._apply_tokens(data)` after the await that fetched them).
                if !cg.function(g).is_async {
                    if depth > 0 {
                        let handed = awaited(&body[i + 1..], *span).then(|| args.to_vec());
                        let saved = std::mem::replace(&mut st.awaited_args, handed);
                        scan(cg, g, &cg.function(g).body, place, depth - 1, st, quiet);
                        st.awaited_args = saved;
                    }
                    continue;
                }
                // A coroutine made and not awaited here (`loop.create_task(self._run())`) runs
                // in another task, later: its awaits and writes are not this task's.
                if !awaited(&body[i + 1..], *span) {
                    continue;
                }
                if depth > 0 {
                    scan(cg, g, &cg.function(g).body, place, depth - 1, st, quiet);
                }
                if returns_place(&cg.function(g).body, place) {
                    st.returning_call = Some(*span);
                }
                if suspends(cg, g, CALL_DEPTH, quiet) {
                    st.first_await.get_or_insert(*span);
                } else {
                    st.quiet_call = Some(*span);
                }
            }
            // A flag the checking function sets under a lock before any yield (`async with
            // self._cond: ...; self._loading = True`) claims the work for this task: the
            // others, which test the flag under the same lock, wait instead of passing the
            // first check's way.
            Stmt::Hold { body, .. }
                if depth == CALL_DEPTH && st.first_await.is_none() && sets_a_field(body) =>
            {
                st.claimed = true;
            }
            Stmt::Hold { .. } => {}
            Stmt::Branch { cond, arms, .. } if reads(cond, place) => {
                // Another test of the place: before the yield a nested check, judged on its
                // own; after it a re-check, which the task passes with the value it writes
                // on. Either way the writes in its arms answer to it, not to the first test,
                // and so does the rest of the body when an arm leaves.
                scan(cg, f, cond, place, depth, st, quiet);
                if st.write_after_await.is_some() {
                    return;
                }
                let mut goes_on = None;
                for arm in arms {
                    let mut sub = Scan {
                        quiet_call: st.quiet_call,
                        held: st.held.clone(),
                        awaited_args: st.awaited_args.clone(),
                        ..Scan::default()
                    };
                    scan(cg, f, arm, place, depth, &mut sub, quiet);
                    if !leaves(arm) {
                        goes_on = goes_on.or(sub.first_await);
                    }
                }
                st.first_await = if arms.iter().any(|a| leaves(a)) {
                    goes_on
                } else {
                    st.first_await.or(goes_on)
                };
            }
            Stmt::Branch { cond, arms, .. } => {
                scan(cg, f, cond, place, depth, st, quiet);
                if st.write_after_await.is_some() {
                    return;
                }
                // Each arm starts from the state before the branch: an await in one arm and a
                // write in another are never on one path. After the branch the task has yielded
                // if it had before or in an arm that goes on.
                let held = st.held.clone();
                let before = st.first_await;
                let mut after = before;
                for arm in arms {
                    st.first_await = before;
                    // An arm that claims another place its test reads before it yields (`if
                    // self._opening is None: self._opening = fut; self.f = await fut`) runs in
                    // one task at a time: the others fail that test meanwhile. Only while the
                    // first check has not gone stale (no yield since it).
                    if before.is_none() && claims_other(cond, arm, place) {
                        if !leaves(arm) {
                            after = after.or(first_await_in(arm));
                        }
                        continue;
                    }
                    scan(cg, f, arm, place, depth, st, quiet);
                    if st.write_after_await.is_some() {
                        return;
                    }
                    if !leaves(arm) {
                        after = after.or(st.first_await);
                    }
                    st.held.clone_from(&held);
                }
                st.first_await = after;
            }
            Stmt::Loop { cond, body, .. } => {
                scan(cg, f, cond, place, depth, st, quiet);
                scan(cg, f, body, place, depth, st, quiet);
            }
            Stmt::Try {
                body,
                handlers,
                orelse,
                finally,
                ..
            } => {
                scan(cg, f, body, place, depth, st, quiet);
                for h in handlers {
                    scan(cg, f, h, place, depth, st, quiet);
                }
                scan(cg, f, orelse, place, depth, st, quiet);
                scan(cg, f, finally, place, depth, st, quiet);
            }
            Stmt::Block(b) => scan(cg, f, b, place, depth, st, quiet),
            _ => {}
        }
    }
}

/// The function of the program a call passes for the parameter of `f` that `target` calls
/// (`def add_executor_job(self, target, *args): return loop.run_in_executor(None, target)`
/// called with `self._connect`): a bound method or a function named by its path.
fn passed_function(
    cg: &CallGraph,
    f: &crate::ir::Function,
    target: &Callee,
    args: &[Option<Place>],
) -> Option<FuncId> {
    let Callee::Dynamic { method: name } = target else {
        return None;
    };
    let index = f.params.iter().position(|p| p == name)?;
    let offset = crate::analysis::params::receiver_offset(f, args);
    match args.get(index.checked_sub(offset)?)?.as_ref()? {
        Place::Field { class, field } => cg.resolve_method(class, field),
        Place::Global(q) => cg.resolve_path(q),
        _ => None,
    }
}

/// A teardown: the arm uses the object `place` holds (`await self._conn.close()`,
/// `self._task.cancel()`) and then clears the place (`self._conn = None`, `= False`) at `write`.
/// Two tasks passing the check close the same object twice, which closing is made to take, and
/// both leave the place cleared: nothing is lost or made twice.
fn tears_down(arm: &[Stmt], place: &Place, write: Span) -> bool {
    let mut clears = false;
    let mut used = false;
    walk_events(arm, &mut |e| match e {
        Event::Bind {
            target,
            constant: Some(c),
            span,
            ..
        } if target == place
            && span.start == write.start
            && matches!(c.as_str(), "None" | "False") =>
        {
            clears = true
        }
        Event::MethodCall { place: p, span, .. }
        | Event::Call {
            receiver: Some(p),
            span,
            ..
        } if p == place && span.start < write.start => used = true,
        _ => {}
    });
    clears && used
}

/// Steps a teardown takes on the objects it ends, besides the closing words of
/// `closer_rank`: cancelling, killing, joining or waiting for them, emptying a container,
/// setting a stop event.
const ENDING_STEPS: &[&str] = &[
    "cancel",
    "kill",
    "join",
    "wait",
    "wait_closed",
    "clear",
    "set",
];

/// Questions a teardown asks of what it ends (`task.done()`, `proc.is_alive()`) and the views
/// it walks (`self._jobs.items()`); with what it logs (`LOG_METHODS`), none changes anything.
const ASKING_STEPS: &[&str] = &[
    "done",
    "cancelled",
    "is_alive",
    "is_set",
    "is_closing",
    "items",
    "values",
    "keys",
];

/// A closing method (`stop`, `close`, `shutdown`, by `closer_rank`) whose guard tests a flag
/// (`if not self._running: return`) and that resets the flag to a literal (`self._running =
/// False`, `self._closed = True`) only after steps that end other objects: cancelling and
/// awaiting tasks, closing or stopping what fields hold, emptying containers, logging. Two
/// tasks passing the guard end the same objects twice, which ending is made to take, and both
/// leave the flag at the same value: nothing is lost or made twice. A guard testing a container
/// of tasks or connections (`if self._tasks:`) that empties it the same way (`self._tasks.clear()`,
/// one of `removing`, `ModuleFacts::removing_writes`) after gathering or waiting for what it
/// holds is one too. A window with any other step (sending a command, starting or filling
/// something) is no such teardown.
fn resets_after_teardown(
    name: &str,
    arm: &[Stmt],
    place: &Place,
    write: Span,
    removing: &[Span],
) -> bool {
    if crate::rules::kept_fields::closer_rank(name).is_none() {
        return false;
    }
    let ending =
        |m: &str| crate::rules::kept_fields::closer_rank(m).is_some() || ENDING_STEPS.contains(&m);
    let asking = |m: &str| ASKING_STEPS.contains(&m) || LOG_METHODS.contains(&m);
    let mut resets = false;
    let mut ends = false;
    let mut other = false;
    walk_events(arm, &mut |e| {
        if e.span().start > write.start {
            return;
        }
        match e {
            Event::Bind {
                target,
                constant,
                span,
                ..
            } if target == place && span.start == write.start => resets = constant.is_some(),
            Event::Access {
                place: p,
                kind: AccessKind::Write,
                span,
                ..
            } if p == place && span.start == write.start => resets = removing.contains(span),
            // Gathering or waiting for work already running (`asyncio.gather(*self._tasks)`),
            // or for what an ending step hands back (`c.wait_closed()` for each connection).
            Event::Spawn { target: None, .. } => ends = true,
            Event::Spawn {
                target: Some(Callee::Method { method, .. } | Callee::Dynamic { method }),
                ..
            } if ending(method.as_str()) => ends = true,
            Event::MethodCall { method, .. }
            | Event::Call {
                callee: Callee::Method { method, .. } | Callee::Dynamic { method },
                ..
            } => {
                if ending(method.as_str()) {
                    ends = true;
                } else if !asking(method.as_str()) {
                    other = true;
                }
            }
            Event::Call {
                callee: Callee::Path(q),
                ..
            } => {
                let q = q.as_str();
                let last = q.rsplit('.').next().unwrap_or(q);
                if ending(last) {
                    ends = true;
                } else if !(matches!(q, "print" | "builtins.print" | "asyncio.sleep")
                    || q.starts_with("logging.") && asking(last))
                {
                    other = true;
                }
            }
            Event::Join { .. } | Event::Close { .. } => ends = true,
            // Awaiting what was cancelled, walking and testing locals, reading fields,
            // clearing fields with literals.
            Event::Await { .. }
            | Event::Test { .. }
            | Event::Compare { .. }
            | Event::Access { .. } => {}
            Event::Bind {
                target: Place::Local { .. },
                ..
            } => {}
            Event::Bind { constant, .. } => other |= constant.is_none(),
            _ => other = true,
        }
    });
    resets && ends && !other
}

/// Whether the write of `place` at `at` stores a literal (its `Bind`, among the events after
/// the write, has a constant).
fn stores_constant(after: &[Stmt], place: &Place, at: Span) -> bool {
    after.iter().any(|s| {
        matches!(s, Stmt::Event(Event::Bind { target, constant: Some(_), span, .. })
            if target == place && span.start == at.start)
    })
}

/// Updates of a shared place that hand its value to an awaited call and store what comes back,
/// in one statement (`self.token = await refresh(self.token)`): the `await` event precedes the
/// update's access event but lies to its right in the source, inside the statement. An awaited
/// read that extends the place (`self.buf += await reader.read(n)`) is left out: it is how one
/// task fills its own buffer. Outside lock regions and
/// explicit `acquire()`s; an await of a coroutine of the program that never suspends is none.
/// A task that first sets a flag its enclosing test (or a guard clause before) reads
/// (`if not self._refreshing: self._refreshing = True; ...`) has claimed the update: the
/// other tasks fail that test meanwhile.
fn updates_across_await(
    cg: &CallGraph,
    body: &[Stmt],
    tested: &[Place],
    held: &[Place],
    quiet: &mut HashMap<(FuncId, usize), bool>,
    out: &mut Vec<(Place, Span, Span)>,
) {
    let mut tested = tested.to_vec();
    let mut held = held.to_vec();
    // The last await that yields, with the places its awaited call was handed.
    let mut last_await: Option<(Span, Vec<Place>)> = None;
    let mut quiet_call: Option<Span> = None;
    let mut last_call: Option<(Span, Vec<Place>)> = None;
    let mut reads: Vec<(Place, Span)> = Vec::new();
    for (i, stmt) in body.iter().enumerate() {
        lock_event(stmt, &mut held);
        match stmt {
            Stmt::Event(_) if !held.is_empty() => {}
            Stmt::Event(Event::Call {
                callee,
                args,
                kwargs,
                span,
                ..
            }) => {
                if let Some(g) = cg.resolve(callee).filter(|&g| cg.function(g).is_async) {
                    if !suspends(cg, g, CALL_DEPTH, quiet) {
                        quiet_call = Some(*span);
                    }
                }
                let passed = args.iter().flatten().chain(kwargs.iter().map(|(_, p)| p));
                last_call = Some((*span, handed(passed, &reads, *span)));
            }
            // A library method awaited (`self.session.post(url, data=..)`).
            Stmt::Event(Event::MethodCall { args, span, .. }) => {
                last_call = Some((*span, handed(args.iter(), &reads, *span)));
            }
            Stmt::Event(Event::Access {
                place,
                kind: AccessKind::Read,
                span,
                ..
            }) => reads.push((place.clone(), *span)),
            Stmt::Event(Event::Await { span }) => {
                if !quiet_call.is_some_and(|c| encloses(*span, c)) {
                    let handed = match &last_call {
                        Some((c, handed)) if encloses(*span, *c) => handed.clone(),
                        _ => Vec::new(),
                    };
                    last_await = Some((*span, handed));
                }
            }
            Stmt::Event(Event::Access {
                place,
                kind: AccessKind::Write,
                ..
            }) if tested.contains(place) => return,
            Stmt::Event(Event::Access {
                place,
                kind: AccessKind::ReadModifyWrite,
                span,
                ..
            }) => match &last_await {
                Some((aw, handed)) if handed.contains(place) => {
                    out.push((place.clone(), *span, *aw));
                    last_await = None;
                }
                _ => {}
            },
            // A later statement storing what came back (`resp = await post(data={"token":
            // self.token})`, then `self.token = resp["token"]`).
            Stmt::Event(Event::Access {
                place,
                kind: AccessKind::Write,
                span,
                ..
            }) => match &last_await {
                // Storing a constant (`self.task = None` after awaiting its cancellation)
                // updates nothing from the old value.
                Some((aw, handed))
                    if aw.end <= span.start
                        && handed.contains(place)
                        && !stores_constant(&body[i + 1..], place, *span) =>
                {
                    out.push((place.clone(), *span, *aw));
                    last_await = None;
                }
                _ => {}
            },
            Stmt::Event(_) => {}
            // Under a lock the update is one step for the tasks that take it.
            Stmt::Hold { .. } => last_await = None,
            Stmt::Branch { cond, arms, .. } => {
                let reads: Vec<Place> = cond_reads(cond).into_iter().map(|(p, _)| p).collect();
                let mut inner = tested.clone();
                inner.extend(reads.iter().cloned());
                for arm in arms {
                    updates_across_await(cg, arm, &inner, &held, quiet, out);
                }
                // A guard clause: what follows runs only where the test let it through.
                if arms.iter().any(|a| leaves(a)) {
                    tested.extend(reads);
                }
                last_await = None;
            }
            Stmt::Loop { cond, body, .. } => {
                updates_across_await(cg, cond, &tested, &held, quiet, out);
                updates_across_await(cg, body, &tested, &held, quiet, out);
                last_await = None;
            }
            Stmt::Try {
                body,
                handlers,
                orelse,
                finally,
                ..
            } => {
                updates_across_await(cg, body, &tested, &held, quiet, out);
                for h in handlers {
                    updates_across_await(cg, h, &tested, &held, quiet, out);
                }
                updates_across_await(cg, orelse, &tested, &held, quiet, out);
                updates_across_await(cg, finally, &tested, &held, quiet, out);
                last_await = None;
            }
            Stmt::Block(b) => {
                updates_across_await(cg, b, &tested, &held, quiet, out);
                last_await = None;
            }
            _ => last_await = None,
        }
    }
}

/// What a call at `call` is handed: the places passed as arguments, and the places read inside
/// its arguments (`data={"token": self.refresh_token}`).
fn handed<'a>(
    passed: impl Iterator<Item = &'a Place>,
    reads: &'a [(Place, Span)],
    call: Span,
) -> Vec<Place> {
    passed
        .chain(
            reads
                .iter()
                .filter(|(_, at)| encloses(call, *at))
                .map(|(p, _)| p),
        )
        .cloned()
        .collect()
}

/// Whether `g` is a constructor (`__init__`, `__new__`) of a class whose objects `place` is a
/// field of (the class itself or one it derives from).
fn builds_object_of(cg: &CallGraph, g: FuncId, place: &Place) -> bool {
    let func = cg.function(g);
    let (Place::Field { class, .. }, Some(own)) = (place, func.class.as_deref()) else {
        return false;
    };
    if !matches!(func.short_name.as_str(), "__init__" | "__new__") {
        return false;
    }
    let class = cg.canonical_name(class);
    cg.canonical_name(own) == class
        || cg
            .ancestors(own)
            .iter()
            .any(|a| cg.canonical_name(a) == class)
}

/// Whether `next` binds `place` to the result of the call at `call` (see
/// `Scan::returning_call`).
fn stores_returned(next: Option<&Stmt>, place: &Place, call: Option<Span>) -> bool {
    match (next, call) {
        (Some(Stmt::Event(Event::Bind { target, rhs, .. })), Some(call)) => {
            target == place && encloses(*rhs, call)
        }
        _ => false,
    }
}

/// Whether every `return` of `body` (one at least) returns `place` (`return
/// self.connection_instance`): a read of the place ending where the `return` ends, right
/// before it.
fn returns_place(body: &[Stmt], place: &Place) -> bool {
    fn walk(body: &[Stmt], place: &Place, returns: &mut usize) -> bool {
        for (i, s) in body.iter().enumerate() {
            if let Stmt::Return(r) = s {
                let read = i.checked_sub(1).and_then(|k| body.get(k));
                let returns_it = matches!(read, Some(Stmt::Event(Event::Access {
                    place: p,
                    kind: AccessKind::Read,
                    span,
                    ..
                })) if p == place && span.start > r.start && span.end == r.end);
                if !returns_it {
                    return false;
                }
                *returns += 1;
            }
            let mut ok = true;
            s.each_body(&mut |b| ok &= walk(b, place, returns));
            if !ok {
                return false;
            }
        }
        true
    }
    let mut returns = 0;
    walk(body, place, &mut returns) && returns > 0
}

/// Whether the call at `call` is awaited: an `await` among the events after it encloses it.
/// Events come in source order, so the search stops at the first await starting after the call.
pub(super) fn awaited(rest: &[Stmt], call: Span) -> bool {
    for stmt in rest {
        if let Stmt::Event(Event::Await { span }) = stmt {
            // `async with self.open():` awaits the call's own span.
            if *span == call || encloses(*span, call) {
                return true;
            }
            if span.start > call.end {
                return false;
            }
        }
    }
    false
}

/// Whether awaiting coroutine `f` can hand control to the event loop: its body awaits
/// something other than a coroutine that never suspends, takes an async lock, or loops (an
/// `async for` awaits each item). Unknown, recursive or deeper than `depth` calls: it does.
pub(super) fn suspends(
    cg: &CallGraph,
    f: FuncId,
    depth: usize,
    memo: &mut HashMap<(FuncId, usize), bool>,
) -> bool {
    if let Some(&s) = memo.get(&(f, depth)) {
        return s;
    }
    if depth == 0 {
        return true;
    }
    memo.insert((f, depth), true);
    let mut quiet_call: Option<Span> = None;
    let s = body_suspends(cg, &cg.function(f).body, depth, memo, &mut quiet_call);
    memo.insert((f, depth), s);
    s
}

fn body_suspends(
    cg: &CallGraph,
    body: &[Stmt],
    depth: usize,
    memo: &mut HashMap<(FuncId, usize), bool>,
    quiet_call: &mut Option<Span>,
) -> bool {
    for stmt in body {
        let s = match stmt {
            Stmt::Event(Event::Call { callee, span, .. }) => {
                match cg.resolve(callee).filter(|&g| cg.function(g).is_async) {
                    Some(g) if !suspends(cg, g, depth - 1, memo) => {
                        *quiet_call = Some(*span);
                        false
                    }
                    _ => false,
                }
            }
            Stmt::Event(Event::Await { span }) => !quiet_call.is_some_and(|c| encloses(*span, c)),
            Stmt::Event(_) => false,
            Stmt::Hold { lock, body } => {
                lock.is_async || body_suspends(cg, body, depth, memo, quiet_call)
            }
            Stmt::Loop { .. } => true,
            Stmt::Branch { cond, arms, .. } => {
                body_suspends(cg, cond, depth, memo, quiet_call)
                    || arms
                        .iter()
                        .any(|a| body_suspends(cg, a, depth, memo, quiet_call))
            }
            Stmt::Try {
                body,
                handlers,
                orelse,
                finally,
                ..
            } => {
                body_suspends(cg, body, depth, memo, quiet_call)
                    || handlers
                        .iter()
                        .any(|h| body_suspends(cg, h, depth, memo, quiet_call))
                    || body_suspends(cg, orelse, depth, memo, quiet_call)
                    || body_suspends(cg, finally, depth, memo, quiet_call)
            }
            Stmt::Block(b) => body_suspends(cg, b, depth, memo, quiet_call),
            Stmt::Return(_)
            | Stmt::ErrorReturn { .. }
            | Stmt::Raise(_)
            | Stmt::Break(_)
            | Stmt::Continue(_) => false,
        };
        if s {
            return true;
        }
    }
    false
}

/// The fields every store of the program fills with a new object it constructs in that
/// statement (`self._lights = LightsController(self)`; the declaration at the store): two such
/// fields never hold one object.
fn constructed_fields<'a>(facts: &'a Facts) -> BTreeSet<&'a Place> {
    let cg = facts.callgraph();
    let mut built: HashMap<&Place, Vec<u32>> = HashMap::new();
    for m in &facts.program.modules {
        for d in &m.decls {
            if matches!(d.place, Place::Field { .. }) {
                built.entry(&d.place).or_default().push(d.span.start);
            }
        }
    }
    let mut stored: BTreeSet<&Place> = BTreeSet::new();
    let mut other: BTreeSet<&Place> = BTreeSet::new();
    for f in cg.ids() {
        for e in cg.events(f) {
            // Stores are `Bind`s, and writes that bind nothing (`self.a, self.b = pair`).
            let (target, span) = match e {
                Event::Bind {
                    target: target @ Place::Field { .. },
                    span,
                    ..
                }
                | Event::Access {
                    place: target @ Place::Field { .. },
                    kind: AccessKind::Write | AccessKind::ReadModifyWrite,
                    span,
                    ..
                } => (target, span),
                _ => continue,
            };
            {
                let constructed = built
                    .get(target)
                    .is_some_and(|starts| starts.contains(&span.start));
                if constructed {
                    stored.insert(target);
                } else {
                    other.insert(target);
                }
            }
        }
    }
    stored.retain(|p| !other.contains(p));
    stored
}

/// What the program shows about objects two tasks use at once: a method's check-then-act is
/// reported only on such evidence (a class that synchronises some of its state expects
/// concurrent callers; one that never does, and that no code runs in two tasks, is taken to be
/// one task's).
/// Whether the write at `span` (in function `f`'s module) stores a literal into `place`: a flag
/// (`self._done = True`).
fn stores_literal(cg: &CallGraph, f: FuncId, place: &Place, span: Span) -> bool {
    let mut found = false;
    for g in &cg.module_of(f).functions {
        walk_events(&g.body, &mut |e| {
            // The bind spans the statement, the write its target: both start there.
            found |= matches!(e, Event::Bind { target, constant: Some(_), span: at, .. }
                if target == place && at.file == span.file && at.start == span.start);
        });
        if found {
            break;
        }
    }
    found
}

struct Evidence {
    /// Classes (canonical) that synchronise some of their state: a field of theirs holds a
    /// lock, a condition, a semaphore or a thread-safe object (an event, a queue), or they take
    /// a lock of a known type that is a field of theirs.
    synced: BTreeSet<String>,
    /// Functions that tasks started by one function run at once: reached from two spawns of
    /// one spawner (`gather(q(), q())`) or from a spawn that runs many times there (in a
    /// loop), when the spawns do not each run on an object of their own.
    together: BTreeSet<FuncId>,
}

impl Evidence {
    fn compute(facts: &Facts) -> Evidence {
        let cg = facts.callgraph();
        let models = facts.models;
        let syncs = |ty: &str| {
            let ty = cg.canonical_name(ty);
            models.lock(&ty).is_some()
        };
        // Fields some code stores a lock handed in from elsewhere into (a parameter, another
        // object's field, a global): a limiter shared by many objects (`self.parallel_updates
        // = parallel_updates`), which says nothing about tasks sharing one of them.
        let mut handed_in: BTreeSet<&Place> = BTreeSet::new();
        for f in cg.ids() {
            for e in cg.events(f) {
                if let Event::Bind {
                    target: target @ Place::Field { .. },
                    value: Some(Place::Param { .. } | Place::Field { .. } | Place::Global(_)),
                    ..
                } = e
                {
                    handed_in.insert(target);
                }
            }
        }
        let mut synced = BTreeSet::new();
        for m in &facts.program.modules {
            for d in &m.decls {
                if let Place::Field { class, .. } = &d.place {
                    if syncs(&d.ty) && !handed_in.contains(&d.place) {
                        synced.insert(cg.canonical_name(class));
                    }
                }
            }
        }
        for f in cg.ids() {
            crate::ir::walk_stmts(&cg.function(f).body, &mut |s| {
                let lock = match s {
                    Stmt::Hold { lock, .. } | Stmt::Event(Event::Acquire(lock)) => lock,
                    _ => return,
                };
                // A `with` on a field of unknown type is no evidence (a timer, a file); an
                // `async with` on one is (a lock made by a factory of the program).
                if let Place::Field { class, .. } = &lock.lock {
                    if (lock.api.is_some() || lock.is_async) && !handed_in.contains(&lock.lock) {
                        synced.insert(cg.canonical_name(class));
                    }
                }
            });
        }
        // Per function: the task contexts reaching it, as (spawner, runs many times there on
        // one object, the object when each spawn has its own).
        type Reach<'p> = (FuncId, bool, Option<&'p Place>, bool);
        let built = constructed_fields(facts);
        let mut reached: HashMap<FuncId, Vec<Reach>> = HashMap::new();
        for c in &facts.sharing().contexts.list {
            let Some(spawner) = c.spawner else { continue };
            if c.kind != ExecCtx::Task {
                continue;
            }
            let own = c.own_object.then_some(c.receiver.as_ref());
            // A spawn on an object of its own (`c = Conn(h); create_task(c.run())`) shares it
            // only with another spawn on the same place.
            // A field every store fills with an object it constructs there (`self._lights =
            // LightsController(self)`) holds an object of its own: `gather(self._devices.
            // initialize(), self._lights.initialize())` runs on two. It may be the object of
            // a spawn on an unknown one.
            let field = c.receiver.as_ref().filter(|r| built.contains(r));
            let (own, field) = match own {
                Some(None) => continue,
                Some(Some(r)) => (Some(r), false),
                None => (field, field.is_some()),
            };
            for &g in &c.reach {
                reached.entry(g).or_default().push((
                    spawner,
                    c.many_here && own.is_none(),
                    own,
                    field,
                ));
            }
        }
        let together = reached
            .into_iter()
            .filter(|(_, ctxs)| {
                ctxs.iter().enumerate().any(|(i, (s, many, own, field))| {
                    *many
                        || ctxs[i + 1..].iter().any(|(t, _, o, f)| {
                            t == s && (o == own || *field && o.is_none() || *f && own.is_none())
                        })
                })
            })
            .map(|(g, _)| g)
            .collect();
        Evidence { synced, together }
    }

    /// Whether two tasks can run method `f` on one object at once, its check reading `place`:
    /// the object's class (or the method's) or an ancestor synchronises some of its state, an
    /// instance is bound to a module-level name, or tasks one function starts run it together.
    fn shared(&self, facts: &Facts, f: FuncId, place: &Place) -> bool {
        let cg = facts.callgraph();
        let Place::Field { class, .. } = place else {
            return true;
        };
        if self.together.contains(&f) {
            return true;
        }
        let sharing = facts.sharing();
        let mut classes = vec![class.as_str()];
        classes.extend(cg.function(f).class.as_deref());
        classes.iter().any(|c| {
            let c = cg.canonical_name(c);
            sharing.global_instance(cg, &c)
                || self.synced.contains(&c)
                || cg.ancestors(&c).iter().any(|a| self.synced.contains(a))
        })
    }
}
