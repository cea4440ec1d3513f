//! KN304 join-handle-dropped: a Rust `std::thread::spawn` whose `JoinHandle` is dropped at once,
//! detaching the thread: its panic and its result are lost and `main` may exit under it. Also a
//! handle kept in an `Option` field and emptied by a bare `self.thread.take();`, which drops it
//! instead of joining it (a `shutdown` that returns while the thread still runs).

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::lifecycle::HandleKind;
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::ir::{walk_events, walk_stmts, Callee, Event, ExecCtx, Place, Stmt};
use crate::rules::lifecycle::{dropped_returns, last_segment, running};
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::{Lang, Span};
use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHashSet as HashSet;

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN304",
    name: "join-handle-dropped",
    family: Family::Lifecycle,
    langs: &[Lang::Rust],
    status: Status::Stable,
    severity: Severity::Warning,
    doc: rule_doc!("KN304"),
    check: Some(check),
};

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for u in &facts.lifecycle().unjoined {
        if u.kind != HandleKind::JoinHandle {
            continue;
        }
        // A handle bound to a local the rest of its block never mentions (`let _h = spawn(..)`)
        // is dropped at the block's end: never joined. One named anywhere is not judged.
        let unread_local = match &u.kept_in {
            None => None,
            Some(Place::Local { function, name }) if is_unread(facts, function, name) => {
                Some(name.as_str())
            }
            Some(_) => continue,
        };
        // A thread that runs forever (`spawn(move || loop { .. })` with no way out of the loop)
        // is detached on purpose: joining it would never return.
        let cg = facts.callgraph();
        if (u.target.as_ref())
            .and_then(|t| cg.resolve(t))
            .is_some_and(|f| runs_forever(cg, f))
        {
            continue;
        }
        if reports_end_on_channel(facts, u.target.as_ref(), u.spawn)
            || waited_by_channel_end(facts, u.target.as_ref(), u.spawn)
        {
            continue;
        }
        // A thread that starts a process and waits for it (itself or in a function it calls)
        // reaps it: it lives as long as the process, which the program lets run on its own.
        if (u.target.as_ref())
            .and_then(|t| cg.resolve(t))
            .is_some_and(|f| {
                reaps_process(facts, f)
                    || reaps_captured_process(facts, f)
                    || (cg.calls(f).iter()).any(|c| reaps_process(facts, c.callee))
            })
        {
            continue;
        }
        let spin = (u.target.as_ref())
            .and_then(|t| cg.resolve(t))
            .and_then(|f| spinning_read(cg, f, endless_loop(cg, f)?));
        let what = running(u.target.as_ref());
        let finding = match unread_local {
            None => Finding::new(
                &RULE,
                u.spawn,
                format!("`JoinHandle` of the thread{what} is dropped, detaching the thread"),
            )
            .with_label("the handle is dropped here"),
            Some(local) => Finding::new(
                &RULE,
                u.spawn,
                format!("`JoinHandle` of the thread{what} is kept in `{local}` and never joined: it is dropped at the end of the block, detaching the thread"),
            )
            .with_label("the handle is never joined"),
        };
        let finding = match spin {
            Some(read) => finding.with_related(
                read,
                "the loop drops the count this read returns: once the stream ends it spins on `Ok(0)` for ever",
            ),
            None => finding,
        };
        out.push(finding.with_help("keep the handle and `join()` it, or use `std::thread::scope`"));
    }
    // A helper returning a thread's handle (`fn start() -> JoinHandle<()> { spawn(work) }`)
    // called as a statement (`start();`, `let _ = start();`): the caller drops the handle.
    dropped_returns(
        facts,
        HandleKind::JoinHandle,
        "starts a thread",
        |call, helper, what, _| {
            Finding::new(
                &RULE,
                call,
                format!("`JoinHandle` of the thread{what} returned by `{helper}` is dropped here, detaching the thread"),
            )
            .with_label(format!("the handle `{helper}` returns is dropped here"))
            .with_help(format!("keep what `{helper}` returns and `join()` it"))
        },
        out,
    );
    // Handles kept in a field no code of the program ever reads: nothing can join them, and
    // dropping the struct detaches the thread.
    let read: std::collections::HashSet<&str> = facts
        .program
        .modules
        .iter()
        .flat_map(|m| m.facts.fields_read.iter().map(|n| n.as_str()))
        .collect();
    for m in &facts.program.modules {
        for (span, place) in &m.facts.kept_handle_fields {
            let Place::Field { class, field } = place else {
                continue;
            };
            if read.contains(field.as_str()) {
                continue;
            }
            let owner = class.as_str().rsplit("::").next().unwrap_or(class.as_str());
            out.push(
                Finding::new(
                    &RULE,
                    *span,
                    format!("the `JoinHandle` kept in `{owner}.{field}` is never joined: dropping the `{owner}` detaches the thread"),
                )
                .with_label("the thread's handle is stored, never read")
                .with_help(format!("join it when `{owner}` is done (`impl Drop`: `if let Some(h) = self.{field}.take() {{ let _ = h.join(); }}`)")),
            );
        }
    }
    detached_on_drop(facts, out);
    super::returned_before_join::returns_before_join(facts, out);
    for m in &facts.program.modules {
        for (span, field) in &m.facts.dropped_handle_fields {
            out.push(
                Finding::new(
                    &RULE,
                    *span,
                    format!("the `JoinHandle` taken out of `{field}` is dropped, detaching the thread instead of waiting for it"),
                )
                .with_label("taken and dropped here")
                .with_help(format!("join it: `if let Some(handle) = self.{field}.take() {{ let _ = handle.join(); }}`")),
            );
        }
    }
}

/// Whether `function` binds `local` and never mentions it afterwards (`unread_locals`).
fn is_unread(facts: &Facts, function: &crate::ir::Name, local: &crate::ir::Name) -> bool {
    (facts.program.modules.iter())
        .any(|m| (m.facts.unread_locals.iter()).any(|(f, l)| f == function && l == local))
}

/// Threads a struct keeps in a field and detaches when it is dropped: its `Drop` does not join
/// them, or it has no `Drop` and only a method the user must call (`stop`) joins them.
fn detached_on_drop(facts: &Facts, out: &mut Vec<Finding>) {
    let modules = &facts.program.modules;
    if modules.iter().all(|m| m.facts.detached_on_drop.is_empty()) {
        return;
    }
    let cg = facts.callgraph();
    // Thread spawns by span, with what they run.
    let mut spawns: HashMap<Span, Option<&Callee>> = HashMap::default();
    // Types with a `Drop` impl (by short name), and the methods every `drop` calls.
    let mut dropped: HashSet<&str> = HashSet::default();
    let mut called_in_drop: HashSet<&str> = HashSet::default();
    for m in modules.iter().filter(|m| m.lang == Lang::Rust) {
        for c in &m.classes {
            if c.bases.iter().any(|b| b == "Drop" || b.ends_with("::Drop")) {
                dropped.insert(last_segment(&c.name));
            }
        }
        for f in &m.functions {
            walk_stmts(&f.body, &mut |s| {
                if let Stmt::Event(Event::Spawn {
                    ctx: ExecCtx::Thread,
                    api,
                    span,
                    target,
                    ..
                }) = s
                {
                    if !api.as_str().ends_with("Scope::spawn") {
                        spawns.insert(*span, target.as_ref());
                    }
                }
            });
            if f.short_name == "drop" && f.class.is_some() {
                walk_events(&f.body, &mut |e| match e {
                    Event::Call {
                        callee: Callee::Method { method, .. } | Callee::Dynamic { method },
                        ..
                    }
                    | Event::MethodCall { method, .. } => {
                        called_in_drop.insert(method.as_str());
                    }
                    _ => {}
                });
            }
        }
    }
    for (i, m) in modules.iter().enumerate() {
        for d in &m.facts.detached_on_drop {
            let owner = last_segment(&d.owner);
            let field = d.field.as_str();
            // Another file reading a field of that name may join it.
            if crate::rules::kept_fields::read_in_another_file(modules, i, field) {
                continue;
            }
            let Some((spawn, target)) = d
                .stored
                .iter()
                .find_map(|s| spawns.get(s).map(|t| (*s, *t)))
            else {
                continue;
            };
            // A thread that never ends is detached on purpose.
            if target
                .and_then(|t| cg.resolve(t))
                .is_some_and(|f| runs_forever(cg, f))
            {
                continue;
            }
            let finding = match &d.joined_by {
                None => Finding::new(
                    &RULE,
                    spawn,
                    format!("dropping a `{owner}` detaches the thread kept in `{owner}.{field}`: its `Drop` returns without joining it"),
                )
                .with_label("the thread's handle is kept here")
                .with_related(d.by, format!("`Drop` for `{owner}` does not join `self.{field}`"))
                .with_help(format!("join it in `drop` once the thread is told to stop: keep it as an `Option<JoinHandle<_>>` and `if let Some(h) = self.{field}.take() {{ let _ = h.join(); }}`")),
                Some(method) => {
                    // Another type's `Drop` calling that method ends the thread.
                    if dropped.contains(owner) || called_in_drop.contains(method.as_str()) {
                        continue;
                    }
                    // Only a thread that loops until told to stop must be stopped: one doing
                    // a piece of work ends by itself.
                    let loops = target
                        .and_then(|t| cg.resolve(t))
                        .is_some_and(|f| loops_within(cg, f, 3));
                    if !loops {
                        continue;
                    }
                    Finding::new(
                        &RULE,
                        spawn,
                        format!("dropping a `{owner}` without calling `{method}` detaches the thread kept in `{owner}.{field}`: `{owner}` has no `Drop`"),
                    )
                    .with_label("the thread's handle is kept here")
                    .with_related(d.by, format!("only `{method}` stops and joins the thread"))
                    .with_help(format!("implement `Drop` for `{owner}` to stop and join the thread as `{method}` does, so every way of dropping it waits for the thread"))
                }
            };
            out.push(finding);
        }
    }
}

/// Whether `body` ends in a `loop` nothing leaves: no `break` of that loop, no `return` in it.
/// A thread whose last step sends on a channel it captured from the spawner (`tx.send(()).unwrap();`
/// ending its closure, also inside a guard it still holds), started by a function that receives after the spawn (`rx.recv()`): the
/// spawner waits for the thread's work through the channel, the usual way to wait for threads
/// whose number the code does not keep.
fn reports_end_on_channel(facts: &Facts, target: Option<&Callee>, spawn: Span) -> bool {
    let cg = facts.callgraph();
    let Some(t) = target.and_then(|t| cg.resolve(t)) else {
        return false;
    };
    let thread = cg.function(t);
    // The send may sit last inside a guard the closure still holds (`let mut g = m.lock();
    // ..; tx.send(())` and the guard dropped as the closure ends): releasing a lock is no work
    // the receiver misses.
    let mut last = thread.body.last();
    while let Some(Stmt::Hold { body, .. } | Stmt::Block(body)) = last {
        last = body.last();
    }
    // A bounded sender's `send` is typed by the channel's model as a blocking call.
    let sends_last = match last {
        Some(Stmt::Event(Event::MethodCall {
            place: Place::Local { function, .. },
            method,
            ..
        })) => method.as_str() == "send" && function.as_str() != thread.name,
        Some(Stmt::Event(Event::Blocking { api, .. })) => last_segment(api.as_str()) == "send",
        _ => false,
    };
    if !sends_last {
        return false;
    }
    let spawned_here = |f: &crate::ir::Function| {
        let mut found = false;
        walk_events(&f.body, &mut |e| {
            found |= matches!(e, Event::Spawn { span, .. } if *span == spawn)
        });
        found
    };
    let Some(spawner) = cg.ids().map(|f| cg.function(f)).find(|f| spawned_here(f)) else {
        return false;
    };
    let mut receives = false;
    walk_events(&spawner.body, &mut |e| {
        receives |= match e {
            Event::MethodCall { method, span, .. } => {
                span.start > spawn.end && RECEIVES.contains(&method.as_str())
            }
            // A receiver typed by its channel's model: `recv()` is a blocking call.
            Event::Blocking { api, span, .. } => {
                span.start > spawn.end && RECEIVES.contains(&last_segment(api.as_str()))
            }
            _ => false,
        }
    });
    receives
}

/// A thread using a sender of a channel (`tx.send(..)` on a local of its spawner, or a clone
/// of it under the same name) whose receiver the spawner, after the spawn, waits on until the
/// channel ends (`ModuleFacts::close_waits`: `assert!(rx.recv().is_err())`, `for v in rx`): the
/// wait returns only once every sender is dropped, and the thread's closure drops its own as it
/// ends, so the spawner waits for the thread.
fn waited_by_channel_end(facts: &Facts, target: Option<&Callee>, spawn: Span) -> bool {
    let cg = facts.callgraph();
    let Some(t) = target.and_then(|t| cg.resolve(t)) else {
        return false;
    };
    let thread = cg.function(t);
    let module = &cg.module_of(t).facts;
    if module.close_waits.is_empty() {
        return false;
    }
    let mut captured = Vec::new();
    walk_events(&thread.body, &mut |e| {
        if let Event::MethodCall {
            place: Place::Local { function, name },
            ..
        } = e
        {
            if function.as_str() != thread.name {
                captured.push((*function, *name));
            }
        }
    });
    captured.iter().any(|(function, tx)| {
        (module.channel_pairs.iter()).any(|(f, sender, rx)| {
            f == function
                && sender == tx
                && (module.close_waits.iter())
                    .any(|(g, r, at)| g == f && r == rx && at.start > spawn.end)
        })
    })
}

/// Methods of a channel receiver that wait for a message (not `iter`, which every collection
/// has: the IR does not say which place is the receiver of the thread's channel).
const RECEIVES: &[&str] = &["recv", "recv_timeout", "recv_deadline"];

/// Whether function `f` ends in a `loop` nothing leaves: a thread running it serves for the
/// life of the process. Not one whose loop drops what a `read` returns
/// (`ModuleFacts::count_dropped_reads`): once the other end of the stream closes, `read` returns
/// `Ok(0)` at once on every turn, and the thread spins at full speed instead of waiting.
/// A closure (or function) whose last step calls a function of the program that runs for ever
/// (`spawn(move || serve(rx))`, `serve` ending in such a loop) runs for ever too.
/// Whether function `f` has a loop, or ends by calling a function of the program that does
/// (a closure handing the thread to a worker loop: `move || Self::io_loop(rx)`), up to `depth`
/// calls down.
fn loops_within(cg: &CallGraph<'_>, f: FuncId, depth: u8) -> bool {
    let body = &cg.function(f).body;
    let mut found = false;
    walk_stmts(body, &mut |s| found |= matches!(s, Stmt::Loop { .. }));
    if found {
        return true;
    }
    let Some(Stmt::Event(Event::Call { callee, .. })) = body.last() else {
        return false;
    };
    depth > 0
        && cg
            .resolve(callee)
            .is_some_and(|g| g != f && loops_within(cg, g, depth - 1))
}

fn runs_forever(cg: &CallGraph<'_>, f: FuncId) -> bool {
    runs_forever_within(cg, f, 3)
}

fn runs_forever_within(cg: &CallGraph<'_>, f: FuncId, depth: u8) -> bool {
    if endless_loop(cg, f).is_some_and(|inner| spinning_read(cg, f, inner).is_none()) {
        return true;
    }
    let Some(Stmt::Event(Event::Call { callee, .. })) = cg.function(f).body.last() else {
        return false;
    };
    depth > 0
        && cg
            .resolve(callee)
            .is_some_and(|g| g != f && runs_forever_within(cg, g, depth - 1))
}

/// Whether function `f` starts a process (a resource whose model gives it a `returns` type, a
/// `std::process::Child`, which its drop does not release) and waits for it (one of the
/// model's `close` methods on the place it was opened into).
fn reaps_process(facts: &Facts, f: FuncId) -> bool {
    let body = &facts.callgraph().function(f).body;
    let mut opened: Vec<(&Place, &[String])> = Vec::new();
    walk_events(body, &mut |e| {
        if let Event::Open {
            resource: Some(place),
            api,
            ..
        } = e
        {
            if let Some(m) = (facts.models.resource(api)).filter(|m| m.returns.is_some()) {
                opened.push((place, &m.close));
            }
        }
    });
    let mut waits = false;
    if !opened.is_empty() {
        walk_events(body, &mut |e| {
            if let Event::MethodCall { place, method, .. } = e {
                waits |= (opened.iter())
                    .any(|(p, close)| *p == place && close.iter().any(|c| c == method.as_str()));
            }
        });
    }
    waits
}

/// Whether closure `f` waits for a process its spawner started and moved into it (`let mut
/// child = Command::new(..).spawn()?; thread::spawn(move || child.wait());`), or was handed by
/// every caller that started it (`fn reap(mut child: Child) { thread::spawn(move || child.wait()); }`):
/// the thread is the child's reaper, detached on purpose so the spawner need not block on the
/// child.
fn reaps_captured_process(facts: &Facts, f: FuncId) -> bool {
    let cg = facts.callgraph();
    let mut waited: Vec<(&Place, &str)> = Vec::new();
    walk_events(&cg.function(f).body, &mut |e| {
        if let Event::MethodCall {
            place: place @ (Place::Local { function, .. } | Place::Param { function, .. }),
            method,
            ..
        } = e
        {
            if function.as_str() != cg.function(f).name {
                waited.push((place, method.as_str()));
            }
        }
    });
    waited.iter().any(|(place, method)| match place {
        Place::Local { function, .. } => cg
            .by_name(function.as_str())
            .is_some_and(|spawner| opens_process(facts, spawner, place, method)),
        Place::Param { function, index } => cg
            .by_name(function.as_str())
            .is_some_and(|spawner| every_caller_opens(facts, spawner, *index as usize, method)),
        _ => false,
    })
}

/// Whether function `g` starts a process whose model closes it by `method`, into `place`
/// (or into a local the IR does not name: a `?`-unwrapped spawn).
fn opens_process(facts: &Facts, g: FuncId, place: &Place, method: &str) -> bool {
    let mut opens = false;
    walk_events(&facts.callgraph().function(g).body, &mut |e| {
        if let Event::Open { resource, api, .. } = e {
            let process = (facts.models.resource(api)).filter(|m| m.returns.is_some());
            opens |= process.is_some_and(|m| m.close.iter().any(|c| c == method))
                && resource.as_ref().is_none_or(|r| r == place);
        }
    });
    opens
}

/// Whether `spawner` has callers and each passes, as its parameter `index`, a local of its own
/// into which it started a process ([`opens_process`]).
fn every_caller_opens(facts: &Facts, spawner: FuncId, index: usize, method: &str) -> bool {
    let cg = facts.callgraph();
    let callee = cg.function(spawner);
    let mut sites = 0;
    for g in cg.ids() {
        for site in cg.calls(g).iter().filter(|c| c.callee == spawner) {
            let offset = crate::analysis::params::receiver_offset(callee, &site.args);
            let passed = index.checked_sub(offset).and_then(|at| site.args.get(at));
            let Some(Some(local @ Place::Local { .. })) = passed else {
                return false;
            };
            if !opens_process(facts, g, local, method) {
                return false;
            }
            sites += 1;
        }
    }
    sites > 0
}

/// The body of the `loop` nothing leaves that function `f` ends in.
fn endless_loop<'a>(cg: &CallGraph<'a>, f: FuncId) -> Option<&'a [Stmt]> {
    let Some(Stmt::Loop {
        body: inner,
        infinite: true,
        ..
    }) = cg.function(f).body.last()
    else {
        return None;
    };
    (!leaves(inner)).then_some(&inner[..])
}

/// A `read` in `body` (of function `f`) whose byte count is dropped.
fn spinning_read(cg: &CallGraph<'_>, f: FuncId, body: &[Stmt]) -> Option<Span> {
    let blind = &cg.module_of(f).facts.count_dropped_reads;
    let mut found = None;
    if !blind.is_empty() {
        walk_events(body, &mut |e| {
            if found.is_none() && blind.contains(&e.span()) {
                found = Some(e.span());
            }
        });
    }
    found
}

/// Whether `body` (a loop's body) has a `break` or a `return` anywhere: a `break` inside an
/// inner loop may name the outer one (`break 'outer`), and the IR keeps no labels.
fn leaves(body: &[Stmt]) -> bool {
    let mut found = false;
    walk_stmts(body, &mut |s| {
        found |= matches!(s, Stmt::Break(_) | Stmt::Return(_))
    });
    found
}
