//! KN301's check of processes terminated and never joined: a function starts a process into a
//! local, then `terminate()`s or `kill()`s it and leaves (returns, raises, falls off its end) on
//! a path with no `join()` after the terminate. The killed child stays a zombie, holding its
//! pid, until something reaps it; in a long-lived program that keeps failing that way they pile
//! up (and its queues' feeder threads may hang the parent at exit).
//!
//! The same walk finds a `subprocess.Popen` the function starts into a local (a resource whose
//! liveness the models can ask) killed and not waited for on the way out (KN401): `Popen.__del__` warns that
//! the subprocess is still running, and the child is a zombie until a later `Popen` reaps it.
//! A `Popen` read from a field declared to hold one (`process = info.process`) counts too when
//! the function waits for it after the stop on some path: it reaps the process itself.
//!
//! - Each rule runs its half of the walk (`Stopped`); the walk is `paths::left_pending`.
//! - A process kept in a field and stopped, then replaced by a new one bound there with no reap
//!   between (`fields_stopped_then_replaced`).
//! - For KN401, a Rust `Drop` killing the `Child` a field of its type holds without waiting
//!   (`dropped_killed_not_waited`).

use crate::analysis::callgraph::FuncId;
use crate::analysis::Facts;
use crate::finding::Finding;
use crate::ir::{Event, ExecCtx, Name, Place, Stmt};
use crate::rules::paths::{left_pending, Keyed, PendingLocals};
use crate::rules::races::is_lang;
use crate::source::{Lang, Span};

/// Methods that stop a process without reaping it.
const STOPPERS: &[&str] = &["terminate", "kill"];

/// Methods that reap a stopped process (besides a model's join).
const REAPERS: &[&str] = &["wait", "communicate", "join", "poll"];

/// Which processes a run of the check reports: KN301's (started into a local by a spawn
/// model, joined) or KN401's (a `Popen`, waited for).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stopped {
    Joinable,
    Waitable,
}

pub(crate) fn processes_stopped_not_reaped(facts: &Facts, which: Stopped, out: &mut Vec<Finding>) {
    let cg = facts.callgraph();
    // Fields declared to hold a process resource (`process: subprocess.Popen` in a class
    // body, `self._proc = Popen(..)`).
    let process_fields: Vec<&Place> = (cg.program().modules.iter())
        .flat_map(|m| &m.decls)
        .filter(|d| matches!(d.place, Place::Field { .. }))
        .filter(|d| {
            let api = cg.canonical_name(&d.ty);
            facts
                .models
                .resource(&api)
                .is_some_and(|m| !m.liveness.is_empty())
        })
        .map(|d| &d.place)
        .collect();
    for id in cg.ids() {
        if !is_lang(cg, id, Lang::Python) {
            continue;
        }
        // The processes this function starts into a local: (local, start).
        let started: Vec<(Name, Span)> = cg
            .events(id)
            .iter()
            .filter_map(|e| match e {
                Event::Spawn {
                    ctx: ExecCtx::Process,
                    handle: Some(Place::Local { name, .. }),
                    span,
                    ..
                } => Some((*name, *span)),
                _ => None,
            })
            .collect();
        // Locals the function binds to a process resource (a model whose liveness can be
        // asked: `proc = subprocess.Popen(..)`), other than the ones started here, that it
        // stops: (local, the stop).
        let f = cg.function(id);
        let processes: Vec<Name> = (cg.module_of(id).decls.iter())
            .filter_map(|d| match &d.place {
                Place::Local { function, name } if *function == f.name => {
                    let api = cg.canonical_name(&d.ty);
                    let model = facts.models.resource(&api)?;
                    (!model.liveness.is_empty()).then_some(*name)
                }
                _ => None,
            })
            .collect();
        let events = cg.events(id);
        // Locals bound from such a field (`process = info.process`): a process the function
        // did not start, which it is judged on only where it also waits for it after the
        // stop on some path (`if wait: process.wait()`): it reaps the process itself.
        let borrowed: Vec<Name> = (events.iter())
            .filter_map(|e| match e {
                Event::Bind {
                    target: Place::Local { name, .. },
                    value: Some(v @ Place::Field { .. }),
                    ..
                } if process_fields.contains(&v) => Some(*name),
                _ => None,
            })
            .collect();
        let mut killed: Vec<(Name, Span)> = Vec::new();
        // `with Popen(..) as p:` waits for it on the way out.
        let managed: Vec<Name> = (events.iter())
            .filter_map(|e| match e {
                Event::Open {
                    resource: Some(Place::Local { name, .. }),
                    managed: true,
                    ..
                } => Some(*name),
                _ => None,
            })
            .collect();
        let f = cg.function(id);
        let in_with = stopped_inside_with(&f.body);
        for e in events {
            let Event::MethodCall {
                place: Place::Local { name, .. },
                method,
                span,
                ..
            } = e
            else {
                continue;
            };
            if STOPPERS.contains(&method.as_str())
                && !in_with.contains(span)
                && (processes.contains(name) || borrowed.contains(name))
                && !managed.contains(name)
                && !started.iter().any(|(l, _)| l == name)
                && !killed.iter().any(|(l, _)| l == name)
            {
                killed.push((*name, *span));
            }
        }
        let terminates = events.iter().any(|e| {
            matches!(e, Event::MethodCall { place: Place::Local { name, .. }, method, span, .. }
                if STOPPERS.contains(&method.as_str()) && started.iter().any(|(l, _)| l == name)
                    && !in_with.contains(span))
        });
        if !terminates && killed.is_empty() {
            continue;
        }
        let tracked: Vec<(Name, Span)> = started.iter().chain(&killed).copied().collect();
        let end = Span::new(f.span.file, f.span.end, f.span.end);
        let found = left_pending(&StoppedLocals(&tracked, &in_with), &f.body, Some(end));
        // A borrowed process waited for somewhere after its stop (in the text).
        let reaped_after = |local: Name, stop: Span| {
            events.iter().any(|e| {
                matches!(e, Event::MethodCall { place: Place::Local { name, .. }, method, span, .. }
                    if *name == local && REAPERS.contains(&method.as_str()) && span.start > stop.start)
            })
        };
        for (local, stop, exit) in found {
            if !processes.contains(&local)
                && borrowed.contains(&local)
                && !reaped_after(local, stop)
            {
                continue;
            }
            match (started.iter().any(|(l, _)| *l == local), which) {
                (true, Stopped::Joinable) => report(facts, id, local, stop, exit, &started, out),
                (false, Stopped::Waitable) => report_killed(facts, id, local, stop, exit, out),
                _ => {}
            }
        }
    }
    fields_stopped_then_replaced(facts, which, &process_fields, out);
    if which == Stopped::Waitable {
        dropped_killed_not_waited(facts, out);
    }
}

/// A Rust `Drop` that kills the child process a field of its type holds (`impl Drop for
/// JodChild { fn drop(&mut self) { let _ = self.0.kill(); } }`) and never waits for it, itself
/// or through a method it calls: `kill()` does not reap, so every drop leaves a zombie.
fn dropped_killed_not_waited(facts: &Facts, out: &mut Vec<Finding>) {
    let cg = facts.callgraph();
    for m in cg.program().modules.iter().filter(|m| m.lang == Lang::Rust) {
        // The fields of a type whose values are a resource with a way to wait (`Child`).
        let process_fields: Vec<(&Place, &[String])> = (m.decls.iter())
            .filter(|d| matches!(d.place, Place::Field { .. }))
            .filter_map(|d| {
                let (_, model) = facts.models.resource_returning(d.ty.as_str())?;
                (!model.close.is_empty()).then_some((&d.place, &model.close[..]))
            })
            .collect();
        if process_fields.is_empty() {
            continue;
        }
        for f in &m.functions {
            let Some(class) = f.class.as_deref() else {
                continue;
            };
            if f.short_name != "drop" || f.params.len() != 1 {
                continue;
            }
            let Some(id) = cg.by_name(&f.name) else {
                continue;
            };
            for e in cg.events(id) {
                let Event::MethodCall {
                    place: place @ Place::Field { class: c, .. },
                    method,
                    span,
                    ..
                } = e
                else {
                    continue;
                };
                if c.as_str() != class || !STOPPERS.contains(&method.as_str()) {
                    continue;
                }
                let Some((_, close)) = process_fields.iter().find(|(p, _)| *p == place) else {
                    continue;
                };
                let waits = |e: &Event| {
                    matches!(e, Event::MethodCall { place: p, method, .. }
                        if p == place && close.iter().any(|c| c == method.as_str()))
                };
                if cg.any_event_within(id, 2, &waits) {
                    continue;
                }
                let name = super::place_name(place);
                out.push(
                    Finding::new(
                        &crate::rules::resources::resource_not_closed::RULE,
                        *span,
                        format!("`Drop` for `{}` kills the child process in `{name}` and never waits for it: every drop leaves a zombie", super::last_segment(class)),
                    )
                    .with_label("the child is killed here, and not reaped")
                    .with_help(format!("call `{name}.wait()` after `{method}()` (`kill()` does not reap the child)")),
                );
            }
        }
    }
}

/// A process kept in a field, stopped and then replaced with no reap between (`restart():
/// self.proc.terminate(); self.start()`, where `start` binds a new process to `self.proc`):
/// the stopped process is no longer reachable, so nothing can reap it and it stays a zombie.
/// The replacement may be made by a method the function calls, two calls deep; a reap in one
/// of the calls between counts too.
fn fields_stopped_then_replaced(
    facts: &Facts,
    which: Stopped,
    process_fields: &[&Place],
    out: &mut Vec<Finding>,
) {
    let cg = facts.callgraph();
    // KN301's processes are the ones a spawn model starts into a field; KN401's the fields
    // declared to hold a process resource.
    let fields: Vec<&Place> = match which {
        Stopped::Joinable => (cg.ids())
            .filter(|id| is_lang(cg, *id, Lang::Python))
            .flat_map(|id| cg.events(id).iter())
            .filter_map(|e| match e {
                Event::Spawn {
                    ctx: ExecCtx::Process,
                    handle: Some(p @ Place::Field { .. }),
                    ..
                } => Some(p),
                _ => None,
            })
            .collect(),
        Stopped::Waitable => process_fields.to_vec(),
    };
    if fields.is_empty() {
        return;
    }
    for id in cg.ids() {
        if !is_lang(cg, id, Lang::Python) {
            continue;
        }
        let events = cg.events(id);
        for e in events {
            let Event::MethodCall {
                place,
                method,
                span: stop,
                ..
            } = e
            else {
                continue;
            };
            if !STOPPERS.contains(&method.as_str()) || !fields.contains(&place) {
                continue;
            }
            let after = |s: Span| s.start > stop.start;
            // The first replacement after the stop: here, or in a method called here.
            let replaced_here = (events.iter())
                .filter(|e| after(e.span()) && binds_field(e, place))
                .map(|e| e.span());
            let replaced_in_call = (cg.calls(id).iter())
                .filter(|c| {
                    after(c.span) && cg.any_event_within(c.callee, 2, &|e| binds_field(e, place))
                })
                .map(|c| c.span);
            let Some(replaced) = replaced_here
                .chain(replaced_in_call)
                .min_by_key(|s| s.start)
            else {
                continue;
            };
            let between = |s: Span| after(s) && s.start < replaced.start;
            let reaped = (events.iter()).any(|e| between(e.span()) && reaps_field(e, place))
                || (cg.calls(id).iter()).any(|c| {
                    between(c.span) && cg.any_event_within(c.callee, 2, &|e| reaps_field(e, place))
                });
            if !reaped {
                // `self.proc = None`: the field is cleared, not given a new process.
                let cleared = events.iter().any(|e| {
                    matches!(e, Event::Bind { constant: Some(c), span, .. }
                        if *span == replaced && c.as_str() == "None")
                });
                report_replaced(facts, id, place, (*stop, replaced, cleared), which, out);
            }
        }
    }
}

/// Whether `e` puts a new value in `field` (a bind, or a process started into it).
fn binds_field(e: &Event, field: &Place) -> bool {
    match e {
        Event::Bind { target, .. } => target == field,
        Event::Spawn { handle, .. } => handle.as_ref() == Some(field),
        _ => false,
    }
}

/// Whether `e` reaps the process in `field` (a join, a wait or a poll).
fn reaps_field(e: &Event, field: &Place) -> bool {
    match e {
        Event::Join { handle, .. } => handle == field,
        Event::MethodCall { place, method, .. } => {
            place == field && REAPERS.contains(&method.as_str())
        }
        _ => false,
    }
}

/// `at`: the stop, the replacement, and whether the replacement clears the field (`= None`).
fn report_replaced(
    facts: &Facts,
    id: FuncId,
    field: &Place,
    at: (Span, Span, bool),
    which: Stopped,
    out: &mut Vec<Finding>,
) {
    let (stop, replaced, cleared) = at;
    let func = &facts.callgraph().function(id).short_name;
    let name = super::place_name(field);
    let (rule, reap) = match which {
        Stopped::Joinable => (&super::thread_never_joined::RULE, "join"),
        Stopped::Waitable => (&crate::rules::resources::resource_not_closed::RULE, "wait"),
    };
    out.push(
        Finding::new(
            rule,
            stop,
            format!(
                "process `{name}` is stopped in `{func}` and {} without a `{reap}()`: nothing can reap it, and it stays a zombie",
                if cleared { "dropped" } else { "replaced" }
            ),
        )
        .with_label(format!("`{name}` is stopped here"))
        .with_related(
            replaced,
            if cleared {
                format!("`{name}` is cleared here, the process still unreaped")
            } else {
                format!("a new process replaces `{name}` here, the old one still unreaped")
            },
        )
        .with_help(format!(
            "call `{name}.{reap}()` after stopping it, before {}",
            if cleared { "dropping it" } else { "starting its replacement" }
        )),
    );
}

fn report(
    facts: &Facts,
    id: FuncId,
    local: Name,
    stop: Span,
    exit: Span,
    started: &[(Name, Span)],
    out: &mut Vec<Finding>,
) {
    let cg = facts.callgraph();
    let Some(&(_, start)) = started.iter().find(|(l, _)| *l == local) else {
        return;
    };
    let func = &cg.function(id).short_name;
    let mut finding = Finding::new(
        &super::thread_never_joined::RULE,
        start,
        format!(
            "process `{local}` is terminated in `{func}` and never joined: it stays a zombie until something reaps it"
        ),
    )
    .with_label(format!("`{local}` is started here"))
    .with_related(stop, format!("`{local}` is stopped here"));
    if exit.start != exit.end {
        finding = finding.with_related(
            exit,
            format!("`{func}` leaves here without joining `{local}`"),
        );
    }
    out.push(finding.with_help(format!(
        "call `{local}.join()` after stopping it, before leaving `{func}`"
    )));
}

/// A killed process not waited for (KN401): at the stop, with the way out.
fn report_killed(
    facts: &Facts,
    id: FuncId,
    local: Name,
    stop: Span,
    exit: Span,
    out: &mut Vec<Finding>,
) {
    let func = &facts.callgraph().function(id).short_name;
    let mut finding = Finding::new(
        &crate::rules::resources::resource_not_closed::RULE,
        stop,
        format!(
            "process `{local}` is stopped in `{func}` and never waited for: it stays a zombie until something reaps it"
        ),
    )
    .with_label(format!("`{local}` is stopped here"));
    if exit.start != exit.end {
        finding = finding.with_related(
            exit,
            format!("`{func}` leaves here without waiting for `{local}`"),
        );
    }
    out.push(finding.with_help(format!(
        "call `{local}.wait()` after stopping it (with a timeout if it may ignore the signal)"
    )));
}

/// Processes started into locals, pending from their stop (`terminate()`, `kill()`) until they
/// are reaped or handed on.
struct StoppedLocals<'a>(&'a [(Name, Span)], &'a [Span]);

impl PendingLocals for StoppedLocals<'_> {
    const RAISE_LEAVES: bool = true;

    // A `finally` that joins covers every way out of the `try`.
    fn settled_by(&self, finally: &[Stmt]) -> Vec<Name> {
        (self.0.iter())
            .map(|(l, _)| *l)
            .filter(|l| joins_in(finally, *l))
            .collect()
    }

    fn event(&self, e: &Event, state: &mut Keyed<Span>) {
        let is_started = |p: &Place| match p {
            Place::Local { name, .. } => self.0.iter().find(|(l, _)| l == name).map(|(l, _)| *l),
            _ => None,
        };
        match e {
            Event::MethodCall {
                place,
                method,
                span,
                ..
            } if STOPPERS.contains(&method.as_str()) => {
                if let Some(local) = is_started(place).filter(|_| !self.1.contains(span)) {
                    if !state.iter().any(|(l, _)| *l == local) {
                        state.push((local, e.span()));
                    }
                }
            }
            Event::Join { handle, .. } => {
                if let Some(local) = is_started(handle) {
                    state.retain(|(l, _)| *l != local);
                }
            }
            // `wait()`, `communicate()` and a `poll()` that finds it dead reap it.
            Event::MethodCall { place, method, .. } if REAPERS.contains(&method.as_str()) => {
                if let Some(local) = is_started(place) {
                    state.retain(|(l, _)| *l != local);
                }
            }
            _ => {
                // Handed on (passed to a call or another object's method, bound elsewhere):
                // whoever got it may join it.
                state.retain(|(l, _)| !handed_on(e, *l));
            }
        }
    }
}

/// The stops made inside a `with` statement on the stopped process itself (`with proc:
/// proc.kill()`): leaving the block waits for the process (`Popen.__exit__`). The front-end
/// lowers such a `with` as a block opening with the close of the local.
fn stopped_inside_with(body: &[Stmt]) -> Vec<Span> {
    let mut out = Vec::new();
    crate::ir::walk_stmts(body, &mut |s| {
        let Stmt::Block(inner) = s else {
            return;
        };
        let Some(Stmt::Event(Event::Close {
            resource: managed @ Place::Local { .. },
            ..
        })) = inner.first()
        else {
            return;
        };
        crate::ir::walk_events(inner, &mut |e| {
            if let Event::MethodCall {
                place,
                method,
                span,
                ..
            } = e
            {
                if place == managed && STOPPERS.contains(&method.as_str()) {
                    out.push(*span);
                }
            }
        });
    });
    out
}

/// Whether `e` passes the local `local` to other code or binds it to another place.
fn handed_on(e: &Event, local: Name) -> bool {
    let is_it = |p: &Place| matches!(p, Place::Local { name, .. } if *name == local);
    match e {
        Event::Call { args, kwargs, .. } => {
            args.iter().flatten().any(is_it) || kwargs.iter().any(|(_, p)| is_it(p))
        }
        Event::Spawn { args, .. } => args.iter().flatten().any(is_it),
        Event::MethodCall { args, .. } | Event::Blocking { args, .. } => args.iter().any(is_it),
        Event::Bind { value, .. } => value.as_ref().is_some_and(is_it),
        _ => false,
    }
}

fn joins_in(body: &[Stmt], local: Name) -> bool {
    let mut found = false;
    crate::ir::walk_events(body, &mut |e| {
        found |= match e {
            Event::Join {
                handle: Place::Local { name, .. },
                ..
            } => *name == local,
            Event::MethodCall {
                place: Place::Local { name, .. },
                method,
                ..
            } => *name == local && REAPERS.contains(&method.as_str()),
            _ => false,
        };
    });
    found
}
