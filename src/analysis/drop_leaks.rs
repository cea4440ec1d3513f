//! Rust resources that their drop does not release (KN401): a `std::process::Child` dropped
//! without `wait()` stays a zombie until the program exits. The models say which resources
//! these are (`returns`: the type the opener gives) and which of their methods release them.
//!
//! Three ways to drop one: where it is made (the front-end puts the open's span, or the span of
//! a call of a function declared to return one, in `discarded_calls`), a local that goes out of
//! scope or a parameter taken by value whose function returns without releasing it. The
//! front-end gives a local or a parameter a place only when every use of it is one the IR
//! shows (its own methods, fields, shared borrows); anything else (passed on, returned,
//! stored, captured) leaves it unplaced, and so silent here. A local bound from a call of a
//! function declared to return one (`ModuleFacts::bound_calls`) holds it from that call.
//!
//! Path-sensitive over the structured body like `resources`, but simpler: the state is the set
//! of held resources; a method of the resource other than the ones the model says keep it
//! (`kill`, `id`) releases it (an extension trait may wait: `wait_timeout`). The error path of
//! a `?` that leaves the function (`Stmt::ErrorReturn`, which the Rust front-end emits after the
//! `?`'s operand, outside closures, `async` and `try` blocks and `fn main`) is a way out like a
//! `return`, except for a resource the operand itself opens (`let child = cmd.spawn()?;`: on
//! error there is no child) or calls a method of (`child.kill()?` fails only for a child
//! already reaped); the walk goes on past it with the same state.
//!
//! A child the function asks whether it still runs (the model's `liveness`: `try_wait()`) is
//! left running on purpose, unless the function stops it (the model's `stops`: `kill()`): then
//! it is held from the stop on, not from its open, so a poll before the kill does not count as
//! reaping it, and a path leaving after the kill without a release leaks a zombie. A child lent
//! by a mutable borrow to a function of the checked code (`ModuleFacts::lent_calls`:
//! `wait_deadline(&mut child, limit)`) is judged only when every such function, up to three
//! calls down, just asks whether it still runs: the call is then a poll like `try_wait()`
//! (before the kill, no reap; after it, a reap). An arm of a branch on the stop's own result
//! that leaves at once (`if child.kill().is_err() { return .. }`) is where the stop failed,
//! for a child already gone; and a loop's header runs again before the loop ends, so a poll
//! there reaps a child its body killed.
//!
//! In terms of the code:
//!
//! - The front-end's syntactic scan is `frontend/rust/children.rs`; a local bound by
//!   `ModuleFacts::bound_calls` relates the function to the leak (`Leak::via`).
//! - The walk keeps a bit per held child, released by any of its methods but the model's `keeps`
//!   (`kill`), and stops at a call the models name `[[exit]]`.
//! - A polled child leaks only on a path leaving after the kill (`Leak::killed`).
//! - A lent local (`ModuleFacts::lent_calls`) is judged only when each such callee of the program,
//!   up to three calls down, just polls it (`lent_call_polls`).
//! - `Stmt::ErrorReturn` is a way out that also falls through (`Leak::on_error`), for the
//!   children its operand neither opens nor calls a method of; every other analysis passes over
//!   it.

use rustc_hash::FxHashMap as HashMap;

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::flow;
use crate::analysis::params::receiver_offset;
use crate::analysis::resources::{Dropped, Leak, LeakPath};
use crate::ir::{Callee, Event, Name, Place, Stmt};
use crate::models::{schema::ResourceModel, Models};
use crate::source::Span;

/// Functions of the checked code declared to return a fresh resource, with its opener API.
pub(super) fn openers(graph: &CallGraph, models: &Models) -> HashMap<FuncId, String> {
    let mut out = HashMap::default();
    for id in graph.ids() {
        let module = graph.module_of(id);
        if module.facts.resource_returns.is_empty() {
            continue;
        }
        let f = graph.function(id);
        let found = module.facts.resource_returns.iter().find(|(name, api)| {
            name.as_str() == f.name && owned_model(models, api.as_str()).is_some()
        });
        if let Some((_, api)) = found {
            out.insert(id, api.to_string());
        }
    }
    out
}

/// The model of a resource its drop does not release.
fn owned_model<'m>(models: &'m Models, api: &str) -> Option<&'m ResourceModel> {
    models.resource(api).filter(|m| m.returns.is_some())
}

/// One resource held in a place of the function.
struct Held<'a> {
    place: &'a Place,
    span: Span,
    api: &'a str,
    model: &'a ResourceModel,
    param: bool,
    /// Polled, and stopped at this span (its first stop): held only from a stop on.
    killed: Option<Span>,
    /// Handed over by a function of the checked code returning it: that function and where
    /// it is declared.
    via: Option<(FuncId, Span)>,
    /// Lent to a function of the checked code that asks whether it still runs (`liveness`).
    polled_by_call: bool,
}

/// The resources of this kind function `id` drops unreleased.
pub(super) fn leaks_in(
    graph: &CallGraph,
    models: &Models,
    openers: &HashMap<FuncId, String>,
    id: FuncId,
) -> Vec<Leak> {
    let f = graph.function(id);
    let dropped = &graph.module_of(id).facts.discarded_calls;
    let bound = &graph.module_of(id).facts.bound_calls;
    let mut out = Vec::new();
    // Dropped right before the program ends (`spawn()?; std::process::exit(0)`): as clippy's
    // `zombie_processes`, no zombie of a running program.
    let dropped = |span: &Span| dropped.contains(span) && !followed_by_exit(models, &f.body, *span);
    let mut held: Vec<Held> = Vec::new();
    for e in graph.events(id) {
        match e {
            Event::Open {
                resource,
                api,
                managed: false,
                span,
            } => {
                let Some(model) = owned_model(models, api.as_str()) else {
                    continue;
                };
                match resource {
                    None if dropped(span) => out.push(dropped_leak(
                        id,
                        api.as_str(),
                        *span,
                        format!("{}()", last_segment(api.as_str())),
                        None,
                    )),
                    Some(place) if held.len() < 64 => held.push(Held {
                        place,
                        span: *span,
                        api: api.as_str(),
                        model,
                        param: matches!(place, Place::Param { .. }),
                        killed: None,
                        via: None,
                        polled_by_call: false,
                    }),
                    _ => {}
                }
            }
            // `let child = helper(..);` of a function returning one: held from the call.
            Event::Call { span, .. } if !openers.is_empty() && !dropped(span) => {
                let Some(site) = graph.calls(id).iter().find(|c| c.span == *span) else {
                    continue;
                };
                let Some(api) = openers.get(&site.callee) else {
                    continue;
                };
                let Some((_, place)) = bound.iter().find(|(at, _)| at == span) else {
                    continue;
                };
                let Some(model) = owned_model(models, api) else {
                    continue;
                };
                if held.len() < 64 {
                    held.push(Held {
                        place,
                        span: *span,
                        api,
                        model,
                        param: false,
                        killed: None,
                        via: Some((site.callee, graph.function(site.callee).span)),
                        polled_by_call: false,
                    });
                }
            }
            Event::Call { span, .. } if dropped(span) => {
                let Some(site) = graph.calls(id).iter().find(|c| c.span == *span) else {
                    continue;
                };
                let Some(api) = openers.get(&site.callee) else {
                    continue;
                };
                let callee = graph.function(site.callee);
                // The open site of the callee is its name: what it returns is made there.
                out.push(dropped_leak(
                    id,
                    api,
                    *span,
                    format!("{}()", callee.short_name),
                    Some((site.callee, callee.span)),
                ));
            }
            _ => {}
        }
    }
    if held.is_empty() {
        return out;
    }
    let events = graph.events(id);
    // A child lent to a function of the checked code (`wait_deadline(&mut child, limit)`) is
    // judged only when every such function just asks whether it still runs: then the call is
    // a poll (after a stop, a reap like `try_wait()`); otherwise what it does is not known.
    let lent = &graph.module_of(id).facts.lent_calls;
    held.retain_mut(|h| {
        for (span, _) in lent.iter().filter(|(_, p)| p == h.place) {
            match lent_call_polls(graph, h.model, id, *span, h.place, LENT_DEPTH) {
                Some(polls) => h.polled_by_call |= polls,
                None => return false,
            }
        }
        true
    });
    // A child the function asks whether it still runs (`try_wait()`) is left running on
    // purpose; one it also stops (`kill()`) is judged from the stop.
    held.retain_mut(|h| {
        let asks = h.polled_by_call
            || events.iter().any(|e| {
                matches!(e, Event::MethodCall { place, method, .. }
                if place == h.place && h.model.liveness.iter().any(|l| l == method.as_str()))
            });
        if !asks {
            return true;
        }
        h.killed = events.iter().find_map(|e| match e {
            Event::MethodCall {
                place,
                method,
                span,
                ..
            } if place == h.place && h.model.stops.iter().any(|s| s == method.as_str()) => {
                Some(*span)
            }
            _ => None,
        });
        h.killed.is_some()
    });
    if held.is_empty() {
        return out;
    }
    let mut walker = Walker {
        models,
        events,
        held: &held,
        leaks: Vec::new(),
        loops: Vec::new(),
    };
    if let Some(state) = walker.walk(&f.body, 0) {
        let end = Span::new(f.span.file, f.span.end, f.span.end);
        walker.exit(state, end, false);
    }
    for (i, h) in held.iter().enumerate() {
        // An explicit `return` in preference to a `?`, and a `?` to falling off the end.
        let paths: Vec<(Span, bool)> = walker
            .leaks
            .iter()
            .filter(|(k, _, _)| *k == i)
            .map(|(_, at, q)| (*at, *q))
            .collect();
        let Some((at, on_error)) = paths
            .iter()
            .find(|(at, q)| at.start != at.end && !q)
            .or(paths.iter().find(|(_, q)| *q))
            .or(paths.first())
            .copied()
        else {
            continue;
        };
        // A stopped child's release counts after its stop.
        let after_stop = |at: Span| h.killed.is_none_or(|k| at.start > k.start);
        let released_at = events
            .iter()
            .filter(|e| after_stop(e.span()))
            .find_map(|e| match e {
                Event::MethodCall {
                    place,
                    method,
                    span,
                    ..
                } if place == h.place && releases(h.model, method.as_str()) => Some(*span),
                e if !matches!(e, Event::MethodCall { place, .. } if place == h.place)
                    && flow::uses(e, h.place, &[]) =>
                {
                    Some(e.span())
                }
                _ => None,
            });
        let local = match h.place {
            Place::Local { name, .. } => crate::ir::spelled_local(name).to_string(),
            Place::Param { index, .. } => f
                .params
                .get(*index as usize)
                .cloned()
                .unwrap_or_else(|| "_".into()),
            _ => continue,
        };
        out.push(Leak {
            function: id,
            local,
            open: h.span,
            api: h.api.to_string(),
            via: h.via,
            pipe_of: None,
            path: LeakPath::Return(at),
            released_at,
            handler_raises: false,
            owner_missed: false,
            dropped: None,
            param: h.param,
            killed: h.killed,
            on_error,
        });
    }
    out
}

/// How many calls down a child lent to helpers is followed.
const LENT_DEPTH: u32 = 3;

/// For the call at `span` of function `caller` lending it the child in `place`: `Some(true)`
/// when the callee only asks whether the child still runs (the model's `liveness`) and calls
/// the methods keeping it (`id`), `Some(false)` when it only calls those keeping it, `None`
/// when it does anything else with it (waits, stops, keeps it) or is not a function of the
/// checked code.
fn lent_call_polls(
    graph: &CallGraph,
    model: &ResourceModel,
    caller: FuncId,
    span: Span,
    place: &Place,
    depth: u32,
) -> Option<bool> {
    let site = graph.calls(caller).iter().find(|c| c.span == span)?;
    let callee = graph.function(site.callee);
    let offset = receiver_offset(callee, &site.args);
    let mut polls = None;
    for (k, a) in site.args.iter().enumerate() {
        if a.as_ref() == Some(place) {
            let index = u32::try_from(k + offset).ok()?;
            let p = param_polls(graph, model, site.callee, index, depth)?;
            polls = Some(polls.unwrap_or(false) | p);
        }
    }
    polls
}

/// [`lent_call_polls`] for parameter `index` of function `id`.
fn param_polls(
    graph: &CallGraph,
    model: &ResourceModel,
    id: FuncId,
    index: u32,
    depth: u32,
) -> Option<bool> {
    let f = graph.function(id);
    let param = Place::Param {
        function: Name::new(&f.name),
        index,
    };
    // A closure of the function capturing the child may keep it.
    let prefix = format!("{}::", f.name);
    let captured = graph.module_of(id).functions.iter().any(|g| {
        g.name.starts_with(&prefix) && {
            let mut found = false;
            crate::ir::walk_events(&g.body, &mut |e| found |= flow::uses(e, &param, &[]));
            found
        }
    });
    if captured {
        return None;
    }
    let mut polls = false;
    for e in graph.events(id) {
        match e {
            Event::MethodCall {
                place,
                method,
                args,
                ..
            } if place == &param && !args.contains(&param) => {
                let m = method.as_str();
                if model.liveness.iter().any(|l| l == m) {
                    polls = true;
                } else if !model.keeps.iter().any(|k| k == m) || model.stops.iter().any(|s| s == m)
                {
                    return None;
                }
            }
            Event::Call {
                receiver: Some(r), ..
            } if r == &param => return None,
            Event::Call { span, .. } if flow::uses(e, &param, &[]) => {
                if depth == 0 {
                    return None;
                }
                polls |= lent_call_polls(graph, model, id, *span, &param, depth - 1)?;
            }
            e if flow::uses(e, &param, &[]) => return None,
            _ => {}
        }
    }
    Some(polls)
}

/// Whether a statement list holding the event at `span` calls a function ending the program
/// after it, outside any branch or loop.
fn followed_by_exit(models: &Models, body: &[Stmt], span: Span) -> bool {
    let mut found = false;
    crate::ir::walk_lists(body, &mut |list| {
        if found {
            return;
        }
        let Some(i) = list.iter().position(|s| holds(s, span)) else {
            return;
        };
        found = list[i + 1..].iter().any(|s| ends_program(models, s));
    });
    found
}

/// Whether `s` is the event at `span`, or a `Hold` or block holding it.
fn holds(s: &Stmt, span: Span) -> bool {
    match s {
        Stmt::Event(e) => e.span() == span,
        Stmt::Hold { body, .. } | Stmt::Block(body) => body.iter().any(|s| holds(s, span)),
        _ => false,
    }
}

/// Whether `s` calls a function ending the program, outside any branch or loop.
fn ends_program(models: &Models, s: &Stmt) -> bool {
    match s {
        Stmt::Event(Event::Call {
            callee: Callee::Path(p),
            ..
        }) => models.is_exit(p.as_str()),
        Stmt::Hold { body, .. } | Stmt::Block(body) => body.iter().any(|s| ends_program(models, s)),
        _ => false,
    }
}

fn dropped_leak(
    id: FuncId,
    api: &str,
    span: Span,
    local: String,
    via: Option<(FuncId, Span)>,
) -> Leak {
    Leak {
        function: id,
        local,
        open: span,
        api: api.to_string(),
        via,
        pipe_of: None,
        path: LeakPath::Return(Span::new(span.file, span.end, span.end)),
        released_at: None,
        handler_raises: false,
        owner_missed: false,
        dropped: Some(Dropped::AtOnce),
        param: false,
        killed: None,
        on_error: false,
    }
}

/// Whether calling `method` on the resource releases it: any method but those the model says
/// keep it.
fn releases(model: &ResourceModel, method: &str) -> bool {
    !model.keeps.iter().any(|k| k == method)
}

fn last_segment(api: &str) -> &str {
    api.rsplit("::").next().unwrap_or(api)
}

/// Breaks and continues of one loop: the states they leave with.
#[derive(Clone, Default)]
struct LoopExits {
    breaks: Option<u64>,
    continues: Option<u64>,
}

struct Walker<'h, 'a> {
    models: &'a Models,
    /// The function's events, in order.
    events: &'a [&'a Event],
    held: &'h [Held<'a>],
    /// (held index, the return path's span, whether it is the error path of a `?`).
    leaks: Vec<(usize, Span, bool)>,
    loops: Vec<LoopExits>,
}

impl Walker<'_, '_> {
    /// Walks `body` from `state` (a bit per held resource); `None` when no path falls out of it.
    fn walk(&mut self, body: &[Stmt], mut state: u64) -> Option<u64> {
        for s in body {
            state = match s {
                // The program ends there (`std::process::exit(0)`): its children are
                // reparented, and what it spawned last is no zombie of a running program.
                Stmt::Event(Event::Call {
                    callee: Callee::Path(p),
                    ..
                }) if self.models.is_exit(p.as_str()) => return None,
                Stmt::Event(e) => self.event(e, state),
                Stmt::Hold { body, .. } | Stmt::Block(body) => self.walk(body, state)?,
                Stmt::Branch { cond, arms, .. } => {
                    let st = self.walk(cond, state)?;
                    let tested = self.stops_tested(cond);
                    if arms.is_empty() {
                        st
                    } else {
                        let mut joined: Option<u64> = None;
                        for arm in arms.iter() {
                            let (leaks, loops) = (self.leaks.len(), self.loops.clone());
                            let mut end = self.walk(arm, st);
                            // A branch on the result of a stop (`if child.kill().is_err() {
                            // return .. }`): an arm leaving at once is the one where the stop
                            // failed, for a child already gone.
                            if end.is_none() && st & tested != 0 {
                                self.leaks.truncate(leaks);
                                self.loops = loops;
                                end = self.walk(arm, st & !tested);
                            }
                            if let Some(x) = end {
                                joined = Some(joined.unwrap_or(0) | x);
                            }
                        }
                        joined?
                    }
                }
                Stmt::Loop {
                    cond,
                    body,
                    infinite,
                    ..
                } => {
                    let st = self.walk(cond, state)?;
                    self.loops.push(LoopExits::default());
                    let end = self.walk(body, st);
                    let exits = self.loops.pop().unwrap_or_default();
                    let mut exit = exits.breaks;
                    if !infinite {
                        // The header runs again before the loop ends (`while
                        // poll(&mut child) {..}`: a poll after a kill in the body reaps).
                        let back = end.unwrap_or(0) | exits.continues.unwrap_or(0);
                        let again = if back == 0 || cond.is_empty() {
                            back
                        } else {
                            self.walk(cond, back).unwrap_or(0)
                        };
                        exit = Some(exit.unwrap_or(0) | st | again);
                    }
                    exit?
                }
                Stmt::Try {
                    body,
                    orelse,
                    finally,
                    ..
                } => {
                    let st = self.walk(body, state)?;
                    let st = self.walk(orelse, st)?;
                    self.walk(finally, st)?
                }
                Stmt::Return(at) => {
                    self.exit(state, *at, false);
                    return None;
                }
                // The error of a `?`: a resource its operand opens is not there to leak, and
                // one whose own method fails there is left to that method (`child.kill()?`
                // fails only for a child already reaped).
                Stmt::ErrorReturn { expr, at } => {
                    let inside =
                        |s: Span| s.file == expr.file && expr.start <= s.start && s.end <= expr.end;
                    let mut leaving = state;
                    for (i, h) in self.held.iter().enumerate() {
                        let own_call = || {
                            self.events.iter().any(|e| {
                                matches!(e, Event::MethodCall { place, span, .. }
                                    if place == h.place && inside(*span))
                            })
                        };
                        if leaving & (1u64 << i) != 0 && (inside(h.span) || own_call()) {
                            leaving &= !(1u64 << i);
                        }
                    }
                    self.exit(leaving, *at, true);
                    state
                }
                // A panic: unwinding is no path this rule follows.
                Stmt::Raise(_) => return None,
                Stmt::Break(_) => {
                    if let Some(l) = self.loops.last_mut() {
                        l.breaks = Some(l.breaks.unwrap_or(0) | state);
                    }
                    return None;
                }
                Stmt::Continue(_) => {
                    if let Some(l) = self.loops.last_mut() {
                        l.continues = Some(l.continues.unwrap_or(0) | state);
                    }
                    return None;
                }
            };
        }
        Some(state)
    }

    /// The bits of the held children whose stop (`kill()`) a branch's condition calls.
    fn stops_tested(&self, cond: &[Stmt]) -> u64 {
        let mut bits = 0;
        if cond.is_empty() {
            return bits;
        }
        crate::ir::walk_events(cond, &mut |e| {
            for (i, h) in self.held.iter().enumerate() {
                if h.killed.is_some()
                    && matches!(e, Event::MethodCall { place, method, .. }
                        if place == h.place && h.model.stops.iter().any(|s| s == method.as_str()))
                {
                    bits |= 1u64 << i;
                }
            }
        });
        bits
    }

    fn event(&self, e: &Event, mut state: u64) -> u64 {
        for (i, h) in self.held.iter().enumerate() {
            let bit = 1u64 << i;
            match e {
                // A polled child is held from its stop on.
                // Made here, or handed over by a function returning it (`bound_calls`).
                Event::Open { span, .. } | Event::Call { span, .. }
                    if *span == h.span && h.killed.is_none() =>
                {
                    state |= bit
                }
                Event::MethodCall { place, method, .. }
                    if h.killed.is_some()
                        && place == h.place
                        && h.model.stops.iter().any(|s| s == method.as_str()) =>
                {
                    state |= bit
                }
                Event::MethodCall { place, method, .. }
                    if place == h.place && releases(h.model, method.as_str()) =>
                {
                    state &= !bit
                }
                e if !matches!(e, Event::MethodCall { place, .. } if place == h.place)
                    && flow::uses(e, h.place, &[]) =>
                {
                    state &= !bit
                }
                _ => {}
            }
        }
        state
    }

    /// The function returns at `at` (on the error of a `?` when `on_error`) holding what
    /// `state` says.
    fn exit(&mut self, state: u64, at: Span, on_error: bool) {
        for i in 0..self.held.len() {
            if state & (1u64 << i) != 0 {
                self.leaks.push((i, at, on_error));
            }
        }
    }
}
