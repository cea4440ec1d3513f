//! KN401's check of constructors that raise with a resource open: `__init__` (or `__enter__`)
//! opens a socket, file or process into a field of `self` and then raises on a path that does
//! not close it. The caller never gets the object (or the `with` never runs `__exit__`), so
//! nothing can close the resource: it stays open until the garbage collector finds it.
//!
//! Only an explicit `raise` counts (`if self.error: raise self.error`, `except OSError: raise
//! ConnectError(..)`), outside any `try` whose handlers could catch it, and outside a `finally`
//! or `with` that closes the field; a call that closes the field directly or through methods of
//! the program (`self.close()`), hands it on, or hands `self` on (someone else may close it) ends
//! what the constructor owes.

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::{flow, Facts};
use crate::finding::Finding;
use crate::ir::{walk_events, Callee, Event, Name, Place, Stmt};
use crate::rules::kept_fields::{closer_rank, related};
use crate::rules::lifecycle::last_segment;
use crate::rules::paths::{after_loop, join_arms, union};
use crate::source::Span;
use rustc_hash::FxHashMap as HashMap;

use super::kept_resources::Kept;

/// Methods that close what a field holds when its type is not modelled.
const CLOSE_WORDS: &[&str] = &[
    "close",
    "aclose",
    "shutdown",
    "terminate",
    "kill",
    "wait",
    "communicate",
    "release",
];

/// Methods that construct or enter an object: a raise there leaves nothing to close it.
const CONSTRUCTORS: &[&str] = &["__init__", "__enter__", "__aenter__"];

pub(super) fn constructors_raising_with_resources_open(
    facts: &Facts,
    kept: &[Kept],
    out: &mut Vec<Finding>,
) {
    let cg = facts.callgraph();
    let mut by_func: HashMap<FuncId, Vec<&Kept>> = HashMap::default();
    for k in kept {
        let f = cg.function(k.func);
        if !CONSTRUCTORS.contains(&f.short_name.as_str()) {
            continue;
        }
        let api = cg.canonical_name(&k.api);
        // A resource that holds nothing before its first use (`requests.Session`) leaks nothing.
        if facts.models.resource(&api).is_some_and(|m| m.lazy) {
            continue;
        }
        by_func.entry(k.func).or_default().push(k);
    }
    let mut funcs: Vec<FuncId> = by_func.keys().copied().collect();
    funcs.sort();
    let mut closes = ClosesMemo::default();
    for id in funcs {
        let opens = &by_func[&id];
        let mut walker = Walker {
            cg,
            id,
            opens,
            tries: Vec::new(),
            found: Vec::new(),
            closes: &mut closes,
        };
        walker.walk(&cg.function(id).body, State::new());
        let func = cg.function(id);
        for (k, raise) in walker.found {
            let api = cg.canonical_name(&k.api);
            let owner = last_segment(&k.owner);
            let method = &func.short_name;
            // A process (whose liveness can be asked) is waited for, not closed.
            let process = facts
                .models
                .resource(&api)
                .is_some_and(|m| !m.liveness.is_empty());
            let (left, verb) = if process {
                ("left running", "wait for")
            } else {
                ("left open", "close")
            };
            let what = if method == "__init__" {
                format!("the caller gets no object to {verb} it")
            } else {
                format!("the `with` never calls `__exit__` to {verb} it")
            };
            out.push(
                Finding::new(
                    &super::resource_not_closed::RULE,
                    k.open,
                    format!(
                        "`{owner}.{}`, opened by `{}(..)`, is {left} when `{owner}.{method}` raises: {what}",
                        k.field,
                        last_segment(&api)
                    ),
                )
                .with_label(format!("`self.{}` is opened here", k.field))
                .with_related(
                    raise,
                    format!("`{method}` raises here with `self.{}` {}", k.field, if process { "running" } else { "open" }),
                )
                .with_help(format!(
                    "{} `self.{}` before raising (or open it in a `try` whose `except` does and re-raises)",
                    if process { "terminate and wait for" } else { "close" },
                    k.field
                )),
            );
        }
    }
}

/// The fields open on a path, each with the kept resource it holds.
type State = Vec<(Name, usize)>;

/// An enclosing `try`, seen from where the walk is.
struct TryFrame {
    /// The walk is in the `try` body and the `try` has handlers: they may catch a raise.
    catches: bool,
    /// Fields its `finally` closes.
    finally_closes: Vec<Name>,
}

/// Per (function, field): whether calling the function closes the field, through the program.
#[derive(Default)]
struct ClosesMemo(HashMap<(FuncId, Name), bool>);

struct Walker<'a, 'p> {
    cg: &'a CallGraph<'p>,
    id: FuncId,
    opens: &'a [&'a Kept],
    tries: Vec<TryFrame>,
    /// Each open reported once, at the first raise found.
    found: Vec<(&'a Kept, Span)>,
    closes: &'a mut ClosesMemo,
}

impl<'a> Walker<'a, '_> {
    /// Walks `body` from `state`; `None` when every path leaves it.
    fn walk(&mut self, body: &[Stmt], mut state: State) -> Option<State> {
        for stmt in body {
            match stmt {
                Stmt::Event(e) => self.event(e, &mut state),
                Stmt::Hold { lock, body } => {
                    // `with self._file:` closes it when the block ends, however it ends.
                    if let Place::Field { field, .. } = &lock.lock {
                        state.retain(|(f, _)| f != field);
                    }
                    state = self.walk(body, state)?;
                }
                Stmt::Block(body) => state = self.walk(body, state)?,
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
                    let finally_closes: Vec<Name> = self
                        .opens
                        .iter()
                        .map(|k| k.field)
                        .filter(|f| self.closes_in(finally, *f))
                        .collect();
                    let entry = state.clone();
                    self.tries.push(TryFrame {
                        catches: !handlers.is_empty(),
                        finally_closes: finally_closes.clone(),
                    });
                    let after_body = self.walk(body, state);
                    self.tries.last_mut().expect("pushed above").catches = false;
                    let mut joined = after_body.and_then(|s| self.walk(orelse, s));
                    // A handler starts from what was open before the `try`: what the body
                    // opened may be what failed.
                    for h in handlers.iter() {
                        if let Some(s) = self.walk(h, entry.clone()) {
                            joined = Some(union(joined, s));
                        }
                    }
                    self.tries.pop();
                    let mut after = self.walk(finally, joined?)?;
                    after.retain(|(f, _)| !finally_closes.contains(f));
                    state = after;
                }
                Stmt::Raise(span) => {
                    self.raise(&state, *span);
                    return None;
                }
                Stmt::ErrorReturn { .. } => {}
                Stmt::Return(_) | Stmt::Break(_) | Stmt::Continue(_) => return None,
            }
        }
        Some(state)
    }

    fn raise(&mut self, state: &State, span: Span) {
        if self.tries.iter().any(|t| t.catches) {
            return;
        }
        for &(field, k) in state {
            if self.tries.iter().any(|t| t.finally_closes.contains(&field)) {
                continue;
            }
            let kept = self.opens[k];
            if !self.found.iter().any(|(x, _)| std::ptr::eq(*x, kept)) {
                self.found.push((kept, span));
            }
        }
    }

    fn event(&mut self, e: &Event, state: &mut State) {
        match e {
            Event::Open { span, .. } => {
                for (i, k) in self.opens.iter().enumerate() {
                    if k.open == *span && k.local.is_none() {
                        set(state, k.field, i);
                    }
                }
                return;
            }
            Event::Bind {
                target: target @ Place::Field { field, .. },
                value,
                rhs,
                ..
            } => {
                let stored = self.opens.iter().position(|k| {
                    k.field == *field
                        && (flow::encloses(*rhs, k.open)
                            || *rhs == k.open
                            || (k.local.is_some() && k.local.as_ref() == value.as_ref()))
                });
                match stored {
                    Some(i) if self.opens[i].local.is_some() || !has(state, *field) => {
                        set(state, *field, i)
                    }
                    Some(_) => {}
                    // Bound to something else: what it held is no longer this path's to close
                    // through the field (`self._sock = None` after handing it on).
                    None if self.is_self_field(target) => state.retain(|(f, _)| f != field),
                    None => {}
                }
                if let Some(v) = value {
                    self.release_place(v, state);
                }
                return;
            }
            _ => {}
        }
        let fields: Vec<Name> = state.iter().map(|(f, _)| *f).collect();
        for field in fields {
            if self.releases(e, field) {
                state.retain(|(f, _)| *f != field);
            }
        }
    }

    /// A field read into another place (`sock = self._sock`): the other place may close it.
    fn release_place(&self, value: &Place, state: &mut State) {
        if let Place::Field { field, .. } = value {
            if self.is_self_field(value) {
                state.retain(|(f, _)| f != field);
            }
        }
    }

    /// Whether `e` closes `field`, hands it on, or hands `self` on.
    fn releases(&mut self, e: &Event, field: Name) -> bool {
        let is_it = |p: &Place| self.is_field_place(p, field);
        let is_self = |p: &Place| matches!(p, Place::Param { function, index: 0 } if *function == self.cg.function(self.id).name);
        match e {
            Event::Close { resource, .. } => is_it(resource),
            Event::MethodCall {
                place,
                method,
                args,
                ..
            } => {
                (is_it(place) && self.is_close(method.as_str()))
                    || args.iter().any(|a| is_it(a) || is_self(a))
            }
            Event::Blocking { api, args, .. } => {
                let method = api.as_str().rsplit('.').next().unwrap_or("");
                args.iter().any(|a| is_it(a) || is_self(a))
                    || (self.is_close(method)
                        && self.opens.iter().any(|k| {
                            k.field == field
                                && api
                                    .as_str()
                                    .starts_with(self.cg.canonical_name(&k.api).as_str())
                        }))
            }
            Event::Call {
                callee,
                args,
                kwargs,
                receiver,
                span,
            } => {
                let method = match callee {
                    Callee::Method { method, .. } | Callee::Dynamic { method } => Some(*method),
                    Callee::Path(_) => None,
                };
                if receiver.as_ref().is_some_and(is_it)
                    && method.is_some_and(|m| self.is_close(m.as_str()))
                {
                    return true;
                }
                if args
                    .iter()
                    .flatten()
                    .chain(kwargs.iter().map(|(_, p)| p))
                    .any(|a| is_it(a) || is_self(a))
                {
                    return true;
                }
                let callees: Vec<FuncId> = self
                    .cg
                    .calls(self.id)
                    .iter()
                    .filter(|c| c.span == *span)
                    .map(|c| c.callee)
                    .collect();
                if callees.is_empty() {
                    // A closing method of `self` the program does not define (a base's).
                    return matches!(callee, Callee::Method { class, method }
                        if self.opens.iter().any(|k| related(self.cg, class, &k.owner))
                            && closer_rank(method.as_str()).is_some());
                }
                callees.into_iter().any(|c| self.closes(c, field, 0))
            }
            _ => false,
        }
    }

    /// Whether calling `id` closes `field`, directly or through calls of the program.
    fn closes(&mut self, id: FuncId, field: Name, depth: usize) -> bool {
        if let Some(&known) = self.closes.0.get(&(id, field)) {
            return known;
        }
        if depth > 4 {
            return false;
        }
        // Cycles read as "does not close" while being computed.
        self.closes.0.insert((id, field), false);
        let f = self.cg.function(id);
        let mut direct = false;
        walk_events(&f.body, &mut |e| {
            direct |= match e {
                Event::Close { resource, .. } => self.is_field_place(resource, field),
                Event::MethodCall { place, method, .. } => {
                    self.is_field_place(place, field) && self.is_close(method.as_str())
                }
                Event::Call {
                    callee: Callee::Method { method, .. } | Callee::Dynamic { method },
                    receiver: Some(r),
                    ..
                } => self.is_field_place(r, field) && self.is_close(method.as_str()),
                _ => false,
            };
        });
        let cg = self.cg;
        let result = direct
            || cg
                .calls(id)
                .iter()
                .any(|c| self.closes(c.callee, field, depth + 1));
        self.closes.0.insert((id, field), result);
        result
    }

    fn closes_in(&mut self, body: &[Stmt], field: Name) -> bool {
        let mut events: Vec<&Event> = Vec::new();
        walk_events(body, &mut |e| events.push(e));
        events.into_iter().any(|e| self.releases(e, field))
    }

    fn is_close(&self, method: &str) -> bool {
        CLOSE_WORDS.contains(&method) || closer_rank(method) == Some(0)
    }

    /// `p` is `self.<field>` of the constructor's class family.
    fn is_field_place(&self, p: &Place, field: Name) -> bool {
        matches!(p, Place::Field { field: f, .. } if *f == field) && self.is_self_field(p)
    }

    fn is_self_field(&self, p: &Place) -> bool {
        matches!(p, Place::Field { class, .. }
            if self.opens.iter().any(|k| related(self.cg, class, &k.owner)))
    }
}

fn has(state: &State, field: Name) -> bool {
    state.iter().any(|(f, _)| *f == field)
}

fn set(state: &mut State, field: Name, kept: usize) {
    state.retain(|(f, _)| *f != field);
    state.push((field, kept));
}
