//! KN304's check of threads a function means to join and can return before joining: it starts
//! a thread into a local (a handle, or a collection of handles: `handles.push(spawn(..))`) and
//! joins that local later, but an explicit `return` between the start and the join leaves with
//! the handle still held. Dropping it there detaches the thread, which goes on working after
//! the function gave up (an error path returning while the workers still run).

use crate::analysis::Facts;
use crate::finding::Finding;
use crate::ir::{Event, ExecCtx, Name, Place, Stmt};
use crate::rules::paths::{after_loop, join_arms, union};
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
        let mut walker = Walker {
            started: &started,
            found: Vec::new(),
        };
        walker.walk(&cg.function(id).body, Vec::new());
        let func = &cg.function(id).short_name;
        for (local, start, exit) in walker.found {
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

/// Locals holding a started thread not joined yet on a path, each with its start.
type State = Vec<(Name, Span)>;

struct Walker<'a> {
    started: &'a [(Name, Span)],
    /// (local, start, return), each local once.
    found: Vec<(Name, Span, Span)>,
}

impl Walker<'_> {
    fn walk(&mut self, body: &[Stmt], mut state: State) -> Option<State> {
        for stmt in body {
            match stmt {
                Stmt::Event(e) => self.event(e, &mut state),
                Stmt::Hold { body, .. } | Stmt::Block(body) => state = self.walk(body, state)?,
                Stmt::Branch { cond, arms, .. } => {
                    state = self.walk(cond, state)?;
                    state = join_arms(arms, state, |b, s| self.walk(b, s))?;
                }
                Stmt::Loop { cond, body, .. } => {
                    state = self.walk(cond, state)?;
                    state = after_loop(body, state, |b, s| self.walk(b, s));
                }
                Stmt::Try {
                    body,
                    handlers,
                    orelse,
                    finally,
                    ..
                } => {
                    let entry = state.clone();
                    let mut joined = self.walk(body, state).and_then(|s| self.walk(orelse, s));
                    for h in handlers.iter() {
                        if let Some(s) = self.walk(h, entry.clone()) {
                            joined = Some(union(joined, s));
                        }
                    }
                    state = self.walk(finally, joined?)?;
                }
                Stmt::Return(span) => {
                    for &(local, start) in &state {
                        if !self.found.iter().any(|(l, ..)| *l == local) {
                            self.found.push((local, start, *span));
                        }
                    }
                    return None;
                }
                Stmt::Raise(_) | Stmt::Break(_) | Stmt::Continue(_) => return None,
            }
        }
        Some(state)
    }

    fn event(&mut self, e: &Event, state: &mut State) {
        let is_local =
            |p: &Place, local: Name| matches!(p, Place::Local { name, .. } if *name == local);
        match e {
            Event::Spawn { span, .. } => {
                if let Some(&(local, start)) = self.started.iter().find(|(_, s)| s == span) {
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
