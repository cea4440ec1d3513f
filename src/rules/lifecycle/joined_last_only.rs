//! KN301, a loop's threads joined only through its variable: a loop starts a thread or process
//! each time round into one local (`for i in range(n): p = Process(..); p.start()`), and the
//! only join of them is made through that local after the loop (`p.join()`, also inside a later
//! loop over the list the first one filled: `for q in procs: p.join()`), which names the last
//! one started. The others are never joined.
//!
//! The loops' locals come from the Python front-end (`ModuleFacts::loop_targets`), which tell a
//! join of each element from a join of the last thread a loop started.

use crate::analysis::callgraph::FuncId;
use crate::analysis::Facts;
use crate::finding::Finding;
use crate::ir::{walk_events, AccessKind, Event, Place, Stmt};
use crate::rules::lifecycle::place_name;
use crate::rules::lifecycle::thread_never_joined::RULE;
use crate::source::{Lang, Span};
use rayon::prelude::*;

/// Methods putting a handle into a plain list or set the function keeps. Narrower than
/// `flow::CONTAINER_STORES`: a queue or an exit stack hands the handle on to its reader.
const LIST_STORES: &[&str] = &["append", "add", "appendleft", "insert"];

pub(crate) fn threads_joined_last_only(facts: &Facts, out: &mut Vec<Finding>) {
    let cg = facts.callgraph();
    let found: Vec<Vec<Finding>> = (0..cg.len())
        .into_par_iter()
        .map(|i| {
            let id = FuncId(i as u32);
            if cg.module_of(id).lang != Lang::Python {
                return Vec::new();
            }
            joined_last_only_in(facts, id)
        })
        .collect();
    out.extend(found.into_iter().flatten());
}

/// A spawn inside a loop: the spawn, its handle's local, and the innermost loop's span and body.
struct LoopSpawn<'a> {
    api: &'a str,
    spawn: Span,
    handle: &'a Place,
    loop_span: Span,
    loop_body: &'a [Stmt],
}

fn joined_last_only_in(facts: &Facts, id: FuncId) -> Vec<Finding> {
    let f = facts.callgraph().function(id);
    let mut spawns = Vec::new();
    spawns_in_loops(&f.body, None, &mut spawns);
    let mut out = Vec::new();
    for s in spawns {
        let Some(model) = facts.models.spawn_constructor(s.api) else {
            continue;
        };
        if model.join.is_empty() {
            continue;
        }
        let loop_targets = &facts.callgraph().module_of(id).facts.loop_targets;
        let Some(finding) = joined_only_after(f, loop_targets, &s) else {
            continue;
        };
        let name = place_name(s.handle);
        let join = model.join.first().map_or("join", String::as_str);
        out.push(
            Finding::new(
                &RULE,
                s.spawn,
                format!("only the last `{name}` this loop starts is joined; the others never are"),
            )
            .with_label(format!("a new `{name}` is started here each time round"))
            .with_related(
                Span::new(s.loop_span.file, s.loop_span.start, s.loop_span.start),
                "the loop starting them",
            )
            .with_related(
                finding,
                format!("`{name}` here is the last one started, once the loop has ended"),
            )
            .with_help(format!(
                "keep every handle (`procs.append({name})`) and call `.{join}()` on each one (`for p in procs: p.{join}()`)"
            )),
        );
    }
    out
}

fn spawns_in_loops<'a>(
    body: &'a [Stmt],
    inner_loop: Option<(Span, &'a [Stmt])>,
    out: &mut Vec<LoopSpawn<'a>>,
) {
    for s in body {
        match s {
            Stmt::Event(Event::Spawn {
                api,
                handle: Some(handle @ Place::Local { .. }),
                once: false,
                span,
                ..
            }) => {
                if let Some((loop_span, loop_body)) = inner_loop {
                    out.push(LoopSpawn {
                        api: api.as_str(),
                        spawn: *span,
                        handle,
                        loop_span,
                        loop_body,
                    });
                }
            }
            Stmt::Loop { body, span, .. } => {
                spawns_in_loops(body, Some((*span, body)), out);
            }
            _ => s.each_body(&mut |b| spawns_in_loops(b, inner_loop, out)),
        }
    }
}

/// The join through the spawn's local after its loop, when that is the only way its threads
/// are joined: the loop itself does nothing else with the local than start it and put it in
/// a local container that is only read, nothing joins another handle, and nothing binds the
/// local again before that join, nor is the join in a loop binding it (`for p in procs:
/// p.join()` joins each one).
fn joined_only_after(
    f: &crate::ir::Function,
    facts_loop_targets: &[(Span, Place)],
    s: &LoopSpawn,
) -> Option<Span> {
    let h = s.handle;
    let mut containers: Vec<&Place> = Vec::new();
    let mut handed_on = false;
    walk_events(s.loop_body, &mut |e| match e {
        Event::Join { handle, .. } if handle == h => handed_on = true,
        Event::MethodCall {
            place,
            method,
            args,
            ..
        } if args.contains(h) => {
            if LIST_STORES.contains(&method.as_str()) && matches!(place, Place::Local { .. }) {
                containers.push(place);
            } else {
                handed_on = true;
            }
        }
        Event::Call { args, kwargs, .. } => {
            handed_on |= args.iter().flatten().any(|a| a == h) || kwargs.iter().any(|(_, a)| a == h)
        }
        Event::Spawn { args, .. } => handed_on |= args.iter().flatten().any(|a| a == h),
        Event::Bind {
            value: Some(v),
            target,
            ..
        } if v == h && target != h => handed_on = true,
        _ => {}
    });
    if handed_on {
        return None;
    }
    // Outside the loop: the containers are only read, the local is joined, and nothing else
    // is (a join of another handle may be of one the container keeps).
    let after = |sp: Span| sp.start >= s.loop_span.end;
    let mut join: Option<Span> = None;
    let mut rebound: Vec<Span> = Vec::new();
    let mut other_join = false;
    let mut container_used = false;
    walk_events(&f.body, &mut |e| {
        let sp = e.span();
        match e {
            Event::Join { handle, span, .. } if handle == h => {
                if after(*span) && join.is_none() {
                    join = Some(*span);
                }
            }
            Event::Join { .. } => other_join = true,
            Event::Bind { target, span, .. } if target == h && after(*span) => rebound.push(*span),
            Event::Access {
                place,
                kind: AccessKind::Write,
                span,
                ..
            } if place == h && after(*span) => rebound.push(*span),
            Event::Access { .. } => {}
            Event::MethodCall {
                place,
                method,
                args,
                ..
            } if containers.contains(&place) => {
                container_used |=
                    !(LIST_STORES.contains(&method.as_str()) && args.contains(h) && !after(sp));
            }
            _ => {
                container_used |= containers.iter().any(|c| hands_on(e, c));
            }
        }
    });
    let join = join?;
    // `for proc in procs: proc.join()` binds the local to each one in turn.
    let in_loop_over_it = facts_loop_targets
        .iter()
        .any(|(l, p)| p == h && l.start <= join.start && join.end <= l.end);
    if other_join
        || container_used
        || in_loop_over_it
        || rebound.iter().any(|r| r.start < join.start)
    {
        return None;
    }
    Some(join)
}

/// Whether `e` hands `place` on (a call's argument or receiver, a bind's value, a spawn's or
/// method's argument); reading it (iterating) is not.
fn hands_on(e: &Event, place: &Place) -> bool {
    match e {
        Event::Call {
            args,
            kwargs,
            receiver,
            ..
        } => {
            args.iter().flatten().any(|a| a == place)
                || kwargs.iter().any(|(_, a)| a == place)
                || receiver.as_ref() == Some(place)
        }
        Event::MethodCall { args, .. } => args.contains(place),
        Event::Spawn { args, .. } => args.iter().flatten().any(|a| a == place),
        Event::Bind { value, .. } => value.as_ref() == Some(place),
        _ => false,
    }
}
