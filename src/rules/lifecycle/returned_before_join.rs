//! KN304's check of threads a function means to join and can return before joining: it starts
//! a thread into a local (a handle, or a collection of handles: `handles.push(spawn(..))`) and
//! joins that local later, but an explicit `return` between the start and the join leaves with
//! the handle still held. Dropping it there detaches the thread, which goes on working after
//! the function gave up (an error path returning while the workers still run).
//!
//! Rust only; the walk is `paths::left_pending`.

use crate::analysis::Facts;
use crate::finding::Finding;
use crate::ir::{Event, ExecCtx, Name, Place};
use crate::rules::paths::{left_pending, Keyed, PendingLocals};
use crate::rules::races::is_lang;
use crate::source::{Lang, Span};

pub(crate) fn returns_before_join(facts: &Facts, out: &mut Vec<Finding>) {
    let cg = facts.callgraph();
    for id in cg.ids() {
        if !is_lang(cg, id, Lang::Rust) {
            continue;
        }
        let events = cg.events(id);
        // Locals the function joins without a timeout somewhere.
        let joined: Vec<Name> = (events.iter())
            .filter_map(|e| match e {
                Event::Join {
                    handle: Place::Local { name, .. },
                    timed: false,
                    ..
                } => Some(*name),
                _ => None,
            })
            .collect();
        if joined.is_empty() {
            continue;
        }
        // The threads it starts into one of them: (local, start).
        let started: Vec<(Name, Span)> = (events.iter())
            .filter_map(|e| match e {
                Event::Spawn {
                    ctx: ExecCtx::Thread,
                    handle: Some(Place::Local { name, .. }),
                    api,
                    span,
                    ..
                } if joined.contains(name)
                    && !api.as_str().ends_with("Scope::spawn")
                    && (facts.models.spawn_call(api))
                        .is_some_and(|m| m.context == "thread" && !m.join.is_empty()) =>
                {
                    Some((*name, *span))
                }
                _ => None,
            })
            .collect();
        if started.is_empty() {
            continue;
        }
        let found = left_pending(&StartedLocals(&started), &cg.function(id).body, None);
        let func = &cg.function(id).short_name;
        for (local, start, exit) in found {
            out.push(
                Finding::new(
                    &super::join_handle_dropped::RULE,
                    start,
                    format!(
                        "`{func}` can return before joining the thread kept in `{local}`: the handle is dropped there, detaching the thread"
                    ),
                )
                .with_label(format!("the thread is started into `{local}` here"))
                .with_related(exit, format!("`{func}` returns here without joining `{local}`"))
                .with_help(format!(
                    "join `{local}` before returning, or keep it in a guard whose `Drop` joins it"
                )),
            );
        }
    }
}

/// Threads started into locals (each with its start), pending from the start until the local's
/// join or any other use of it.
struct StartedLocals<'a>(&'a [(Name, Span)]);

impl PendingLocals for StartedLocals<'_> {
    const RAISE_LEAVES: bool = false;

    fn event(&self, e: &Event, state: &mut Keyed<Span>) {
        let is_local =
            |p: &Place, local: Name| matches!(p, Place::Local { name, .. } if *name == local);
        match e {
            Event::Spawn { span, .. } => {
                if let Some(&(local, start)) = self.0.iter().find(|(_, s)| s == span) {
                    if !state.iter().any(|(l, _)| *l == local) {
                        state.push((local, start));
                    }
                }
            }
            // Joined, or named by any other event (read, handed on, emptied): no longer judged.
            _ => state.retain(|&(local, _)| !mentions(e, local, &is_local)),
        }
    }
}

/// Whether event `e` names the local `local` (as its place, an argument or a bound value).
fn mentions(e: &Event, local: Name, is_local: &impl Fn(&Place, Name) -> bool) -> bool {
    let it = |p: &Place| is_local(p, local);
    match e {
        Event::Join { handle, .. } => it(handle),
        Event::Call {
            args,
            kwargs,
            receiver,
            ..
        } => {
            args.iter().flatten().any(it)
                || kwargs.iter().any(|(_, p)| it(p))
                || receiver.as_ref().is_some_and(it)
        }
        Event::Spawn { args, .. } => args.iter().flatten().any(it),
        Event::MethodCall { place, args, .. } => it(place) || args.iter().any(it),
        Event::Blocking { args, .. } => args.iter().any(it),
        Event::Bind { value, target, .. } => value.as_ref().is_some_and(it) || it(target),
        Event::Access { place, .. } => it(place),
        _ => false,
    }
}
