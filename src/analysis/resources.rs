//! Resources (files, sockets, pools, processes) opened into a local and not closed on every
//! path of the function: a `return` that forgets them, or a call that can raise between the open
//! and the point where they are closed or handed on, outside any `try`/`with` that cleans up.
//!
//! Path-sensitive over the structured body: the state is the set of open locals, split at
//! branches and joined (union) after them. A resource is "handed on", and no longer this
//! function's to close, when it is passed to a call, returned, stored elsewhere or used by a
//! closure. Openers are the resource models plus, interprocedurally, functions of the checked
//! code that return a fresh resource (`def _new_conn(): return socket.create_connection(..)`).
//!
//! The walk (KN401), in detail:
//!
//! - `try` handlers start from the union of states at the body's raising points; a `try`'s
//!   `finally` covers returns and raises in its body, handlers and `else`.
//! - Loops leave with the states at their `break`s (`Loop::infinite` for `while True:`/`loop`).
//! - An arm that runs when a tested local holds `None` (`Event::Test`) starts without it.
//! - A value passed to a call or a method (`MethodCall::args`; a subscript store `d[k] = v` is
//!   lowered as `__setitem__` with `v` as its argument) is handed on, by position or by keyword,
//!   except to a parameter the callee only borrows: a per-parameter summary to a fixpoint over the
//!   call graph (read, non-close methods, other borrowing calls, or returned to be stored back,
//!   `fh = self._lock(fh)`; never for a function defined twice or overridden by a subclass).
//! - A value put in a container display is handed on too: the front-end binds it into
//!   `ir::CONTAINER_LOCAL` when a local holds the display, which is no owner, else into
//!   `ir::HANDED_CONTAINER`.
//! - Library calls the models name `[[infallible]]`, and calls that only make a coroutine of the
//!   checked code, cannot raise; an open the models make blocking raises even where its blocking
//!   event is left out (`open(fd, closefd=False)`).
//! - The pipes a process is asked for are resources of their own (`frontend/python/pipes.rs`
//!   decides, from the function's syntax, whether the code hands them or the process on).
//! - A pool made under the `__main__` guard is, for a pool of processes, a module-body resource
//!   like a local.
//! - A socket's `bind` is taken as failing unless it binds port 0 (`ModuleFacts::ephemeral_binds`).

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::drop_leaks;
use crate::analysis::flow::{self, Fate};
use crate::analysis::params::receiver_offset;
use crate::ir::{walk_events, walk_lists, Callee, Event, Function, Name, Place, Stmt};
use crate::models::{schema::ResourceModel, Models};
use crate::source::{Lang, Span};

/// How a resource leaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LeakPath {
    /// The function returns (or falls off its end) at this span with the resource still open.
    Return(Span),
    /// This call can raise while the resource is open and nothing closes it on that path.
    Raise(Span),
    /// A handler of one of its own failing calls goes on to the loop's next iteration here
    /// without closing it, and that iteration opens the next one into the same local.
    Reopened(Span),
}

#[derive(Clone, Debug)]
pub struct Leak {
    pub function: FuncId,
    /// The local that holds the resource.
    pub local: String,
    /// Where it was opened (the model call, or the call to a function returning a resource).
    pub open: Span,
    /// The model API (`socket.create_connection`) that finally makes the resource.
    pub api: String,
    /// When opened through a function of the checked code: that function and its open site.
    pub via: Option<(FuncId, Span)>,
    /// A pipe of a process (`proc.stdout` of `proc = Popen(.., stdout=PIPE)`): the process's
    /// local.
    pub pipe_of: Option<String>,
    pub path: LeakPath,
    /// Where the resource is closed or handed on later, if anywhere (the other half of the bug).
    pub released_at: Option<Span>,
    /// The raise path is a `raise` in a handler of one of the resource's own failing calls
    /// (`except socket.error: raise RuntimeError(..)` around `s.connect(..)`).
    pub handler_raises: bool,
    /// That handler's `try` body would have handed the resource to its owner (stored it in a
    /// field, returned it) after the call that failed.
    pub owner_missed: bool,
    /// Never held in a variable: dropped where it is made (`local` then names the call).
    pub dropped: Option<Dropped>,
    /// A parameter taken by value (Rust `child: Child`): the caller handed it over, `open` is
    /// the parameter.
    pub param: bool,
    /// Rust: a child the function polls (`try_wait()`) is judged only from where it stops it
    /// (`kill()`): that stop.
    pub killed: Option<Span>,
    /// Rust: the path out is the error path of a `?` (`path` is its `Return`, at the `?`).
    pub on_error: bool,
}

/// How a resource that is never held in a variable is dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dropped {
    /// An expression statement: `subprocess.Popen(args)`.
    AtOnce,
    /// After one of its methods other than a close: `os.popen(cmd).readlines()`.
    After(String),
    /// Walked by the `for` loop it is the iterable of (`for line in open(path):`): reading to
    /// the end closes no file, and a `break` leaves it open too.
    Iterated,
}

#[derive(Debug, Default)]
pub struct Resources {
    pub leaks: Vec<Leak>,
}

/// A function that returns a resource it opened: the model API and the open site.
#[derive(Clone, Debug)]
struct Opener {
    api: String,
    open: Span,
}

impl Resources {
    pub fn compute(graph: &CallGraph, models: &Models) -> Resources {
        let borrowers = borrowers(graph, models);
        let openers = openers(graph, models, &borrowers);
        let owned_openers = drop_leaks::openers(graph, models);
        // Each function is walked on its own: parallel, collected in function order.
        let leaks: Vec<Vec<Leak>> = (0..graph.len())
            .into_par_iter()
            .map(|i| {
                let id = FuncId(i as u32);
                match graph.module_of(id).lang {
                    // Rust closes by drop, except the resources a drop does not release.
                    Lang::Rust => drop_leaks::leaks_in(graph, models, &owned_openers, id),
                    _ => leaks_in(graph, models, &openers, &borrowers, id),
                }
            })
            .collect();
        Resources {
            leaks: leaks.into_iter().flatten().collect(),
        }
    }
}

/// The resources function `id` leaks, in walk order.
fn leaks_in(
    graph: &CallGraph,
    models: &Models,
    openers: &HashMap<FuncId, Opener>,
    borrowers: &Borrowers,
    id: FuncId,
) -> Vec<Leak> {
    let mut out = dropped_in(graph, models, id, openers);
    let f = graph.function(id);
    let opens = opens_in(graph, models, id, openers);
    if opens.is_empty() {
        return out;
    }
    let kept = borrowing_calls(graph, id, borrowers, &opens);
    let inline = inline_closures(graph, id);
    let closure_failures = inline_closure_failures(models, &inline, &opens);
    // Calls that only make a coroutine of the checked code (`init_task()` handed to
    // `run_in_executor`): nothing runs, nothing raises. An awaited one runs at the `await`.
    let awaits: Vec<Span> = graph
        .events(id)
        .iter()
        .filter_map(|e| match e {
            Event::Await { span } => Some(*span),
            _ => None,
        })
        .collect();
    let makes_coroutine: Vec<Span> = graph
        .calls(id)
        .iter()
        .filter(|c| {
            graph.function(c.callee).is_async && !awaits.iter().any(|a| flow::encloses(*a, c.span))
        })
        .map(|c| c.span)
        .collect();
    // Calls the front-end also recorded as blocking (a blocking `sock.connect(addr)`); one in
    // a `try` that expects `BlockingIOError` was not.
    let blocking_at: Vec<Span> = graph
        .events(id)
        .iter()
        .filter_map(|e| match e {
            Event::Blocking { span, .. } => Some(*span),
            _ => None,
        })
        .collect();
    let mut walker = Walker {
        closure_failures: &closure_failures,
        makes_coroutine,
        blocking_at,
        narrow_tries: 0,
        ephemeral_binds: &graph.module_of(id).facts.ephemeral_binds,
        own_failure_raised: Vec::new(),
        models,
        opens: &opens,
        kept: &kept,
        leaks: Vec::new(),
        protected: Vec::new(),
        loops: Vec::new(),
        loop_tries: Vec::new(),
        hand_offs: Vec::new(),
        explicit_raises: Vec::new(),
        failing_handlers: Vec::new(),
        owned_handlers: Vec::new(),
        owner_missed: Vec::new(),
        went_round: Vec::new(),
        receivers: graph
            .events(id)
            .iter()
            .filter_map(|e| match e {
                Event::MethodCall { place, span, .. } => Some((*span, place)),
                _ => None,
            })
            .collect(),
        proxy_hand_offs: proxy_hand_offs(graph, models, id, &opens),
    };
    walker.hand_offs = walker.hand_offs_in(&f.body);
    let end = walker.walk(&f.body, State::default());
    if let Some(state) = end {
        let end_span = Span::new(f.span.file, f.span.end, f.span.end);
        walker.exit(&state, LeakPath::Return(end_span));
    }
    let explicit_raises = std::mem::take(&mut walker.explicit_raises);
    let owner_missed = std::mem::take(&mut walker.owner_missed);
    // Per resource, the first path the walk found; after a raise path the rule below does not
    // report, the return path too, for a pool of workers (a file or socket left to refcounting
    // on a later path is the lenient idiom that rule spares).
    let mut reported: Vec<Span> = Vec::new();
    let mut raised: Vec<Span> = Vec::new();
    // An early return leaving open a resource the function closes or hands on further down
    // (`return HTTPError(416)` before `return HTTPResponse(body)`) is a leak on every run of
    // that path: it comes before the raise paths of the same resource, which are reported
    // only when no such return is.
    // A process the function asks whether it still runs (`p.poll()`, the model's `liveness`)
    // is left running on purpose: its `poll()` is no release.
    let releases = |open: &Span| {
        opens.get(&(open.start, open.end)).is_some_and(|o| {
            let polled = models
                .resource(&o.api)
                .is_some_and(|m| !m.liveness.is_empty() && calls_any(f, &o.place, &m.liveness));
            !polled && released_at(f, models, o, &kept).is_some()
        })
    };
    // A resource the function never closes nor hands on, reported on an exception path, is
    // shown on its return path: that one is taken on every run.
    let return_paths: HashMap<Span, LeakPath> = walker
        .leaks
        .iter()
        .filter(|(_, path)| matches!(path, LeakPath::Return(_)))
        .map(|(open, path)| (*open, path.clone()))
        .collect();
    let (early_returns, rest): (Vec<_>, Vec<_>) = walker
        .leaks
        .into_iter()
        .partition(|(open, path)| matches!(path, LeakPath::Return(_)) && releases(open));
    // Then the failures of the resource's own calls, before other calls that might raise.
    let (own_failures, rest): (Vec<_>, Vec<_>) = rest.into_iter().partition(|(open, path)| {
        matches!(path, LeakPath::Raise(at)
            if opens.get(&(open.start, open.end)).is_some_and(|o| own_failing_call(f, models, o, *at) || closure_failures.contains(&(*at, o.span))))
    });
    for (open, path) in early_returns.into_iter().chain(own_failures).chain(rest) {
        if reported.contains(&open) {
            continue;
        }
        let is_pipe = opens
            .get(&(open.start, open.end))
            .is_some_and(|o| o.pipe_of.is_some());
        // A pipe is reported only when a path that returns leaves it open: an exception that
        // leaves it to refcounting is the lenient idiom the other resources get too.
        if let (LeakPath::Raise(_), true) = (&path, is_pipe) {
            continue;
        }
        if let LeakPath::Raise(_) = path {
            if raised.contains(&open) {
                continue;
            }
        } else if !raised.contains(&open)
            && opens.get(&(open.start, open.end)).is_some_and(|o| {
                models
                    .resource(&o.api)
                    .is_some_and(|m| !m.liveness.is_empty() && calls_any(f, &o.place, &m.liveness))
            })
        {
            // A process the function asks whether it still runs (`p.poll()`) is left running on
            // purpose.
            continue;
        } else if raised.contains(&open) {
            // Workers or a child process left running are not the refcounting idiom: a pool
            // (an executor model) or something that runs on its own (a resource whose liveness
            // can be asked: a process) is reported on its return path too, unless the function
            // asks it anywhere (`p.poll()`): then it means to leave it running.
            let runs_on = opens.get(&(open.start, open.end)).is_some_and(|o| {
                models.executor(&o.api).is_some()
                    || models.resource(&o.api).is_some_and(|m| {
                        !m.liveness.is_empty() && !calls_any(f, &o.place, &m.liveness)
                    })
            });
            if !runs_on {
                continue;
            }
        }
        let Some(o) = opens.get(&(open.start, open.end)) else {
            continue;
        };
        if closure_keeps(graph, models, id, &inline, o) {
            continue;
        }
        // On the exception path, report only resources the function means to hand on
        // (passed to a call, stored, returned): a resource whose next use is one of its
        // own methods (`proc.wait()`, `f.read()`) is the common, lenient idiom that
        // refcounting cleans up, and arguments by keyword are not in the IR.
        // A resource set up through its own methods that commonly fail (`sock.connect(..)`)
        // before it is handed on leaks when they do.
        if let LeakPath::Raise(at) = path {
            // A pool whose workers start with its first job leaks none before any job, nor
            // when the submission itself fails; nor does a resource that holds nothing before
            // its first use (a `requests.Session`).
            let lazy = models.executor(&o.api).is_some_and(|m| m.lazy_workers)
                || models.resource(&o.api).is_some_and(|m| m.lazy);
            if lazy && first_use(f, &o.place, o.span).is_none_or(|u| at.start <= u.start) {
                continue;
            }
            // An explicit raise is a leak path only in a handler of a failing call (the walker
            // checked), so it needs only the hand-on.
            let own_failure =
                own_failing_call(f, models, o, at) || closure_failures.contains(&(at, o.span));
            let failed_here = explicit_raises.contains(&at) || own_failure;
            // A failing call of its own (`sock.connect(..)` refused or timed out) skips the
            // `close()` the function means to make: the socket stays open as long as the
            // traceback keeps the frame.
            // So does a handler of that failing call raising another error without closing
            // it (`except socket.error: raise RuntimeError(..)`), or re-raising the one it
            // caught (`except OSError: log(..); raise`) when the `try` body closes it only
            // after the failing call succeeded (`sock.connect(a); sock.close()`): the close
            // before the raise, skipped, counts as one the function means to make.
            let own_failure_skips_close = (own_failure && closed_later(f, &o.place, at))
                || (explicit_raises.contains(&at) && closed_later(f, &o.place, o.span));
            let meant_for_owner = handed_on_later(f, &o.place, o.span, &kept, false)
                || (failed_here && handed_on_later(f, &o.place, o.span, &kept, true))
                || own_failure_skips_close;
            if !meant_for_owner {
                continue;
            }
            // Only a reported exception path stands for the return path: a lenient one (left
            // to refcounting) does not excuse a resource no path closes.
            raised.push(open);
        }
        reported.push(open);
        let released = released_at(f, models, o, &kept);
        let path = match (&path, released) {
            (LeakPath::Raise(_), None) => return_paths.get(&open).cloned().unwrap_or(path),
            _ => path,
        };
        out.push(Leak {
            function: id,
            local: crate::ir::spelled_local(&o.local).to_string(),
            open: o.span,
            api: o.api.clone(),
            via: o.via,
            pipe_of: o.pipe_of.clone(),
            released_at: released,
            handler_raises: matches!(path, LeakPath::Raise(at) if explicit_raises.contains(&at)),
            owner_missed: matches!(path, LeakPath::Raise(at) if owner_missed.contains(&at)),
            path,
            dropped: None,
            param: false,
            killed: None,
            on_error: false,
        });
    }
    // A process left open leaves its pipes open too: its finding says it all.
    let leaking: Vec<String> = out
        .iter()
        .filter(|l| l.pipe_of.is_none())
        .map(|l| l.local.clone())
        .collect();
    out.retain(|l| l.pipe_of.as_ref().is_none_or(|p| !leaking.contains(p)));
    out
}

/// One resource opened into a local of the function being walked.
#[derive(Clone, Debug)]
struct Open {
    local: String,
    place: Place,
    span: Span,
    api: String,
    via: Option<(FuncId, Span)>,
    /// For a pipe of a process: the process's local.
    pipe_of: Option<String>,
}

/// Functions returning a fresh, unmanaged resource, to a fixpoint (openers of openers): at once
/// (`return open(..)`) or through the local it was opened into (`s = socket(..); s.bind(a);
/// return s`).
fn openers(graph: &CallGraph, models: &Models, borrowers: &Borrowers) -> HashMap<FuncId, Opener> {
    let mut out: HashMap<FuncId, Opener> = HashMap::default();
    for _ in 0..4 {
        let before = out.len();
        for id in graph.ids() {
            // Rust's resources are `drop_leaks`'.
            if out.contains_key(&id)
                || graph.function(id).is_async
                || graph.module_of(id).lang != Lang::Python
            {
                continue;
            }
            let f = graph.function(id);
            // Most functions call no opener: their calls need no lookup.
            let calls_opener = graph.calls(id).iter().any(|c| out.contains_key(&c.callee));
            let mut found = None;
            for e in graph.events(id) {
                let (span, opener) = match e {
                    Event::Open {
                        api,
                        managed: false,
                        span,
                        ..
                    } => (
                        *span,
                        Opener {
                            api: api.clone().to_string(),
                            open: *span,
                        },
                    ),
                    Event::Call { span, .. } if calls_opener => {
                        let Some(o) = graph
                            .calls(id)
                            .iter()
                            .find(|c| c.span == *span)
                            .and_then(|c| out.get(&c.callee))
                        else {
                            continue;
                        };
                        (*span, o.clone())
                    }
                    _ => continue,
                };
                // `return open(..)`: the returned value is the resource itself, not a tuple or
                // an object holding it (`return (name, open(name))`), which ends after it.
                // A function that returns a shared object on another path (`if pooled:
                // return _session`) hands its callers no resource of their own.
                if returns_shared(f) {
                    break;
                }
                let fate = flow::fate(&f.body, span, &|_| false);
                if let Fate::Returned(r) = fate {
                    if r.end == span.end {
                        found = Some(opener);
                        break;
                    }
                    continue;
                }
                let place = match (e, fate) {
                    (
                        Event::Open {
                            resource: Some(p), ..
                        },
                        _,
                    ) => p.clone(),
                    (_, Fate::Bound(places)) if places.len() == 1 => places[0].clone(),
                    _ => continue,
                };
                // A parameter given a fresh resource only when the caller passed none
                // (`if fp is None: fp = make_file()`) returns the caller's own on other calls.
                let is_param = match &place {
                    Place::Param { .. } => true,
                    // A parameter the function assigns is lowered as a local of its name.
                    Place::Local { name, .. } => f.params.iter().any(|p| p == name.as_str()),
                    _ => false,
                };
                if is_param {
                    continue;
                }
                if returns_fresh(graph, models, borrowers, id, &place, &opener.api) {
                    found = Some(opener);
                    break;
                }
            }
            if let Some(o) = found {
                out.insert(id, o);
            }
        }
        if out.len() == before {
            break;
        }
    }
    out
}

/// The opener (a function returning a fresh resource) that function `id` calls at `span`.
fn opener_at<'o>(
    graph: &CallGraph,
    openers: &'o HashMap<FuncId, Opener>,
    id: FuncId,
    span: Span,
) -> Option<(FuncId, &'o Opener)> {
    graph
        .calls(id)
        .iter()
        .find(|c| c.span == span)
        .and_then(|c| openers.get(&c.callee).map(|o| (c.callee, o)))
}

/// Whether `f` returns a module global or an object's attribute on some path (`return
/// _session`): what it returns may be shared, not made for the caller.
fn returns_shared(f: &Function) -> bool {
    let shared = |p: &Place| matches!(p, Place::Global(_) | Place::Field { .. });
    let mut found = false;
    walk_events(&f.body, &mut |e| {
        found |= matches!(e, Event::Bind {
                target: Place::Local { name, .. },
                value: Some(v),
                ..
            } if name.as_str() == crate::analysis::params::RETURN_SLOT && shared(v));
    });
    // `return self._session` is lowered as a read inside the return statement, with no call.
    walk_lists(&f.body, &mut |list| {
        for (i, s) in list.iter().enumerate() {
            let Stmt::Return(r) = s else { continue };
            let inside = list[..i].iter().rev().map_while(|x| match x {
                Stmt::Event(e) if r.start <= e.span().start && e.span().end <= r.end => Some(e),
                _ => None,
            });
            let mut reads_shared = false;
            let mut calls = false;
            for e in inside {
                match e {
                    Event::Access { place, .. } => {
                        reads_shared |= matches!(place, Place::Global(_) | Place::Field { .. })
                    }
                    _ => calls = true,
                }
            }
            found |= reads_shared && !calls;
        }
    });
    found
}

/// Whether function `id` returns the resource it opened into the local `place` (`return s`) and
/// otherwise only uses it itself: its own methods other than a close (a close in an `except`
/// handler undoes a failed setup), reads, and calls that only borrow it. Stored, handed on or
/// used by a closure, what it returns may be someone else's; closed, it is no fresh resource.
fn returns_fresh(
    graph: &CallGraph,
    models: &Models,
    borrowers: &Borrowers,
    id: FuncId,
    place: &Place,
    api: &str,
) -> bool {
    let f = graph.function(id);
    let is_return = |t: &Place| matches!(t, Place::Local { name, .. } if name.as_str() == "return");
    let Place::Local { name, .. } = place else {
        return false;
    };
    // `return s`, not `return s, addr`: the returned expression is the local's name alone.
    let mut returns: Vec<Span> = Vec::new();
    crate::ir::walk_stmts(&f.body, &mut |s| {
        if let Stmt::Return(r) = s {
            returns.push(*r);
        }
    });
    let returned = graph.events(id).iter().any(|e| {
        matches!(e, Event::Bind { target, value: Some(v), rhs, .. }
            if is_return(target)
                && v == place
                && (rhs.end - rhs.start) as usize == name.as_str().len()
                && returns.iter().any(|r| r.end == rhs.end && flow::encloses(*r, *rhs)))
    });
    let mut entered = false;
    crate::ir::walk_stmts(&f.body, &mut |s| {
        entered |= matches!(s, Stmt::Hold { lock, .. } if &lock.lock == place);
    });
    if !returned || entered || closure_uses(graph, id, place) {
        return false;
    }
    let closes = |method: &str| match models.resource(api) {
        Some(m) => m.close.iter().any(|c| c == method),
        None => CLOSE_LIKE.contains(&method),
    };
    let mut fresh = true;
    outside_handlers(&f.body, &mut |e| {
        if !fresh {
            return;
        }
        fresh = match e {
            Event::MethodCall {
                place: p,
                method,
                args,
                ..
            } if p == place && !args.contains(place) => !closes(method.as_str()),
            Event::Close { resource, .. } => resource != place,
            Event::Bind { target, value, .. } if value.as_ref() == Some(place) => is_return(target),
            Event::Call {
                args,
                kwargs,
                receiver,
                span,
                ..
            } if flow::uses(e, place, &[]) || receiver.as_ref() == Some(place) => {
                if kwargs.iter().any(|(_, p)| p == place) {
                    false
                } else if !args.iter().flatten().any(|a| a == place) {
                    true
                } else {
                    graph
                        .calls(id)
                        .iter()
                        .find(|c| c.span == *span)
                        .is_some_and(|site| {
                            let offset = receiver_offset(graph.function(site.callee), args);
                            args.iter().enumerate().all(|(k, a)| {
                                a.as_ref() != Some(place)
                                    || borrowers.get(&(site.callee, (k + offset) as u32))
                                        == Some(&ParamUse::Borrows)
                            })
                        })
                }
            }
            Event::Access { .. } | Event::Test { .. } | Event::Blocking { .. } => true,
            e => !flow::uses(e, place, &[]),
        };
    });
    fresh
}

/// The events of `body` outside its `except` handlers.
fn outside_handlers<'a>(body: &'a [Stmt], visit: &mut dyn FnMut(&'a Event)) {
    for s in body {
        match s {
            Stmt::Event(e) => visit(e),
            Stmt::Hold { body, .. } | Stmt::Block(body) => outside_handlers(body, visit),
            Stmt::Branch { cond, arms, .. } => {
                outside_handlers(cond, visit);
                for a in arms.iter() {
                    outside_handlers(a, visit);
                }
            }
            Stmt::Loop { cond, body, .. } => {
                outside_handlers(cond, visit);
                outside_handlers(body, visit);
            }
            Stmt::Try {
                body,
                orelse,
                finally,
                ..
            } => {
                outside_handlers(body, visit);
                outside_handlers(orelse, visit);
                outside_handlers(finally, visit);
            }
            Stmt::ErrorReturn { .. } => {}
            Stmt::Return(_) | Stmt::Raise(_) | Stmt::Break(_) | Stmt::Continue(_) => {}
        }
    }
}

/// Resources this function opens into exactly one local (keyed by open span).
fn opens_in(
    graph: &CallGraph,
    models: &Models,
    id: FuncId,
    openers: &HashMap<FuncId, Opener>,
) -> BTreeMap<(u32, u32), Open> {
    let f = graph.function(id);
    let calls_opener = graph
        .calls(id)
        .iter()
        .any(|c| openers.contains_key(&c.callee));
    let mut out = BTreeMap::new();
    for e in graph.events(id) {
        let (span, api, via, direct) = match e {
            Event::Open {
                api,
                managed: false,
                span,
                resource,
            } => (*span, *api, None, resource.clone()),
            Event::Call { span, .. } if calls_opener => {
                let Some((callee, o)) = opener_at(graph, openers, id, *span) else {
                    continue;
                };
                (*span, Name::new(&o.api), Some((callee, o.open)), None)
            }
            _ => continue,
        };
        let place = match direct {
            Some(p) => p,
            None => match flow::fate(&f.body, span, &|_| false) {
                // Stored on the object (or also on it, `self.sock = sock = ..`) at once: the
                // object owns it and its `close()` is the one that must run.
                Fate::Bound(places) if places.len() == 1 => places[0].clone(),
                _ => continue,
            },
        };
        let name = match &place {
            // Bound to a local of an enclosing function (`nonlocal proc`): the resource lives on
            // in that function's frame, where another of its nested functions closes it (a
            // `stop()` waiting for what `start()` made). Only one nothing there closes is
            // this function's to close.
            Place::Local { function, .. }
                if *function != f.name && closed_elsewhere_in(graph, id, function, &place) =>
            {
                continue
            }
            Place::Local { name, .. } => *name,
            // A pool of processes the script part of a module makes (under `if __name__ ==
            // "__main__":`) is that script's, as a `main()` function's local would be. (A thread
            // pool's workers are joined by its module's exit hook when the script ends.)
            Place::Global(name)
                if f.is_module_body
                    && models
                        .executor(api.as_str())
                        .is_some_and(|x| x.context == "process")
                    && graph
                        .module_of(id)
                        .facts
                        .main_guard
                        .is_some_and(|g| g.start <= span.start && span.end <= g.end) =>
            {
                *name
            }
            _ => continue,
        };
        let pipe_of = pipe_parent(models, api.as_str()).and_then(|_| {
            name.as_str()
                .rsplit_once('.')
                .map(|(local, _)| local.to_string())
        });
        out.insert(
            (span.start, span.end),
            Open {
                // A global by its name in the module (`pool`, not `tool.pool`).
                local: match &place {
                    Place::Global(_) => name.as_str().rsplit('.').next().unwrap_or("").to_string(),
                    _ => name.to_string(),
                },
                place,
                span,
                api: api.to_string(),
                via,
                pipe_of,
            },
        );
    }
    out
}

/// Resources function `id` opens and drops without holding them anywhere: an expression
/// statement (`subprocess.Popen(args)`: the child is never waited for) or a call of one of their
/// methods other than a close (`os.popen(cmd).readlines()`, `open(path).read()`): nothing can
/// close them after that.
/// Whether the event at `span` is the iterable of a loop: among its condition's own events.
fn iterated_by_loop(body: &[Stmt], span: Span) -> bool {
    let mut found = false;
    crate::ir::walk_stmts(body, &mut |s| {
        if let Stmt::Loop { cond, .. } = s {
            found |= cond
                .iter()
                .any(|c| matches!(c, Stmt::Event(e) if e.span() == span));
        }
    });
    found
}

fn dropped_in(
    graph: &CallGraph,
    models: &Models,
    id: FuncId,
    openers: &HashMap<FuncId, Opener>,
) -> Vec<Leak> {
    // A module that mocks may have patched the opener (`with patch('builtins.open', m):
    // open('foo')`): what it drops is no file.
    let mocks = graph.module_of(id).facts.imports.iter().any(|i| {
        let n = i.name.strip_prefix("unittest.").unwrap_or(&i.name);
        n == "mock" || n.starts_with("mock.")
    });
    let f = graph.function(id);
    // A module's own statements run once, at import or as its script (`VERSION =
    // open(path).read()`): what they drop is reclaimed once; a function leaks at every call.
    if mocks || f.is_module_body {
        return Vec::new();
    }
    let events = graph.events(id);
    let mut out = Vec::new();
    for e in events {
        let (span, api, via, shown) = match e {
            Event::Open {
                api,
                managed: false,
                span,
                resource: None,
            } if pipe_parent(models, api.as_str()).is_none() => {
                (*span, api.to_string(), None, api.to_string())
            }
            Event::Call { span, .. } => {
                let Some((callee, o)) = opener_at(graph, openers, id, *span) else {
                    continue;
                };
                let name = graph.function(callee).short_name.to_string();
                (*span, o.api.clone(), Some((callee, o.open)), name)
            }
            _ => continue,
        };
        let closes = |method: &str| match models.resource(&api) {
            Some(m) => {
                m.close.iter().any(|c| c == method)
                    || m.drained_by.iter().any(|c| c == method)
                    || m.pipes
                        .as_ref()
                        .is_some_and(|p| p.closed_by.iter().any(|c| c == method))
            }
            None => CLOSE_LIKE.contains(&method),
        };
        let dropped = match flow::fate(&f.body, span, &|_| false) {
            // An expression statement; not the object a `with` enters (`with mk() as s:`).
            // A process ending right after (`Popen(cmd); os._exit(0)` in a forked child)
            // releases what it dropped.
            Fate::Discarded if exits_after(&f.body, span, models) => continue,
            Fate::Discarded if graph.module_of(id).facts.discarded_calls.contains(&span) => {
                Dropped::AtOnce
            }
            Fate::Discarded if iterated_by_loop(&f.body, span) => Dropped::Iterated,
            // `X(..).m(..)`: the call enclosing the open starts where it does.
            Fate::Consumed(at) if at.start == span.start => {
                let at_chain: Vec<&Event> =
                    events.iter().copied().filter(|x| x.span() == at).collect();
                // `Popen(args).wait()` lowered as a blocking call of the model.
                let closed = at_chain.iter().any(|x| match x {
                    Event::Blocking { api: b, .. } => b
                        .as_str()
                        .strip_prefix(api.as_str())
                        .and_then(|m| m.strip_prefix('.'))
                        .is_some_and(closes),
                    Event::Close { .. } => true,
                    _ => false,
                });
                let method = at_chain.iter().find_map(|x| match x {
                    Event::Call {
                        callee: Callee::Dynamic { method } | Callee::Method { method, .. },
                        receiver: None,
                        ..
                    } => Some(method.to_string()),
                    _ => None,
                });
                match method {
                    // `return Manager().list()`: the proxy keeps the manager for the caller.
                    Some(m)
                        if is_proxy(models, &api, &m)
                            && proxy_handed_on(&f.body, graph.events(id), at, 0) =>
                    {
                        continue
                    }
                    Some(m) if !closed && !closes(&m) && !WRAPS.contains(&m.as_str()) => {
                        Dropped::After(m)
                    }
                    _ => continue,
                }
            }
            _ => continue,
        };
        out.push(Leak {
            function: id,
            local: format!("{shown}(..)"),
            open: span,
            api,
            via,
            pipe_of: None,
            path: LeakPath::Return(Span::new(span.file, span.end, span.end)),
            released_at: None,
            handler_raises: false,
            owner_missed: false,
            dropped: Some(dropped),
            param: false,
            killed: None,
            on_error: false,
        });
    }
    out
}

/// The calls of function `id` asking a resource it opens for a proxy (the model's `proxies`:
/// `m.list()` on `m = Manager()`) whose result is handed on.
fn proxy_hand_offs(
    graph: &CallGraph,
    models: &Models,
    id: FuncId,
    opens: &BTreeMap<(u32, u32), Open>,
) -> Vec<Span> {
    let events = graph.events(id);
    let body = &graph.function(id).body;
    events
        .iter()
        .filter_map(|e| {
            let (r, method, span) = match e {
                Event::MethodCall {
                    place,
                    method,
                    span,
                    ..
                } => (place, method, span),
                Event::Call {
                    callee: Callee::Method { method, .. } | Callee::Dynamic { method },
                    receiver: Some(r),
                    span,
                    ..
                } => (r, method, span),
                _ => return None,
            };
            let asks = opens
                .values()
                .any(|o| &o.place == r && is_proxy(models, &o.api, method));
            (asks && proxy_shared(body, events, *span)).then_some(*span)
        })
        .collect()
}

/// Whether `method` of the resource `api` opens returns a proxy keeping it alive (the model's
/// `proxies`).
fn is_proxy(models: &Models, api: &str, method: &str) -> bool {
    models
        .resource(api)
        .is_some_and(|m| m.proxies.iter().any(|p| p == method))
}

/// Whether the value of the call at `span` (a proxy of a resource) reaches the caller or an
/// object: returned, stored in a field or global, bound to a local that is, or passed to a call
/// whose value is (`cls(Manager().list())`, up to three calls out). A proxy only kept in locals,
/// or handed to calls that only borrow it (`Process(kwargs={'out': results})`), dies with the
/// call.
fn proxy_handed_on(body: &[Stmt], events: &[&Event], span: Span, depth: u32) -> bool {
    match flow::fate(body, span, &|_| false) {
        Fate::Returned(_) => true,
        Fate::Bound(places) => places.iter().any(|p| match p {
            Place::Local { name, .. } if name.as_str() == "return" => true,
            Place::Local { .. } => local_handed_on(body, events, p, depth),
            _ => true,
        }),
        Fate::Consumed(at) if depth < 3 && at != span => {
            proxy_handed_on(body, events, at, depth + 1)
        }
        _ => false,
    }
}

/// Whether the value of the call at `span` (a proxy of a resource the function holds in a
/// local) is handed on (see [`proxy_handed_on`]) or passed to a call other than a builtin
/// (`Process(target=work, args=(results,))`, `submit(f, lock)`): like the resource itself
/// passed there, the callee may keep it, and the resource's life with it. A builtin
/// (`list(results)`, `len(d)`) only reads it.
fn proxy_shared(body: &[Stmt], events: &[&Event], span: Span) -> bool {
    let not_builtin = |callee: &Callee| !is_builtin(callee);
    match flow::fate(body, span, &|_| false) {
        Fate::Consumed(at) => events.iter().any(|e| match e {
            Event::Call { callee, span, .. } => *span == at && not_builtin(callee),
            e => e.span() == at,
        }),
        Fate::Bound(places) => {
            places.iter().any(|p| {
                matches!(p, Place::Local { .. })
                    && events.iter().any(|e| match e {
                        Event::Call {
                            callee,
                            args,
                            kwargs,
                            ..
                        } => {
                            not_builtin(callee)
                                && (args.iter().any(|a| a.as_ref() == Some(p))
                                    || kwargs.iter().any(|(_, k)| k == p))
                        }
                        Event::Spawn { args, .. } => args.iter().any(|a| a.as_ref() == Some(p)),
                        _ => false,
                    })
            }) || proxy_handed_on(body, events, span, 0)
        }
        _ => proxy_handed_on(body, events, span, 0),
    }
}

/// Whether `callee` is a builtin (`list`, `dict`, `len`): a name of no module.
fn is_builtin(callee: &Callee) -> bool {
    matches!(callee, Callee::Path(p) if !p.as_str().contains('.'))
}

/// Whether the local `place` is returned, stored into a field or global (`self.q = q`,
/// `self.items.append(q)`), or passed to a call whose value is handed on (`return
/// cls(items=q)`).
fn local_handed_on(body: &[Stmt], events: &[&Event], place: &Place, depth: u32) -> bool {
    let owner = |target: &Place| match target {
        Place::Local { name, .. } => name.as_str() == "return",
        Place::Param { .. } => false,
        _ => true,
    };
    events.iter().any(|e| match e {
        Event::Bind {
            target,
            value: Some(v),
            ..
        } => v == place && owner(target),
        Event::MethodCall {
            place: receiver,
            args,
            ..
        } => args.contains(place) && owner(receiver),
        Event::Call {
            callee,
            args,
            kwargs,
            span,
            ..
        } if depth < 3
            && !is_builtin(callee)
            && (args.iter().any(|a| a.as_ref() == Some(place))
                || kwargs.iter().any(|(_, k)| k == place)) =>
        {
            proxy_handed_on(body, events, *span, depth + 1)
        }
        _ => false,
    })
}

/// Methods whose result holds the resource they are called on (`sock.makefile()`, the object
/// `with` enters): the result may close it.
const WRAPS: &[&str] = &["makefile", "__enter__", "__aenter__"];

/// For a pipe's API (`subprocess.Popen.stdout`): the resource model of its process.
fn pipe_parent<'m>(models: &'m Models, api: &str) -> Option<&'m ResourceModel> {
    let (owner, keyword) = api.rsplit_once('.')?;
    models.resource(owner).filter(|m| {
        m.pipes
            .as_ref()
            .is_some_and(|p| p.keywords.iter().any(|k| k == keyword))
    })
}

/// Method names that close a resource of a type knot has no model for.
const CLOSE_LIKE: &[&str] = &["close", "shutdown", "terminate", "kill", "wait"];

/// The set of open resources on one path: local name -> open span.
type State = BTreeMap<String, Span>;

struct Walker<'a> {
    models: &'a Models,
    /// Calls running a closure written as their argument that makes a failing call of a
    /// resource (`retry(lambda: sock.connect(addr))`): (call span, open span).
    closure_failures: &'a [(Span, Span)],
    opens: &'a BTreeMap<(u32, u32), Open>,
    /// Calls that only borrow a resource they are passed (see [`borrowing_calls`]).
    kept: &'a [(Span, Place)],
    /// Open site of each leaked resource (a local re-bound to a second resource is two).
    leaks: Vec<(Span, LeakPath)>,
    /// What each enclosing `try` takes care of.
    protected: Vec<Shield>,
    /// Per enclosing loop: what is open where a `break` leaves the body, and where a
    /// `continue` goes back to its header.
    loops: Vec<(Option<State>, Option<State>)>,
    /// Per enclosing loop: how many `try`s (`protected`) enclosed it; the ones past that are
    /// inside the loop, and a `break` or `continue` runs their `finally`.
    loop_tries: Vec<usize>,
    /// Every event that closes or hands on a local: (local, span).
    hand_offs: Vec<(String, Span)>,
    /// `raise` statements among the leak paths (the others are calls that can raise).
    explicit_raises: Vec<Span>,
    /// Calls that only make a coroutine (see `leaks_in`): no raise points.
    makes_coroutine: Vec<Span>,
    /// Spans of the function's blocking events.
    blocking_at: Vec<Span>,
    /// How many enclosing `try` bodies have handlers that let `OSError` out.
    narrow_tries: u32,
    /// Binds to a port the system picks (`ModuleFacts::ephemeral_binds`): they do not fail.
    ephemeral_binds: &'a [Span],
    /// Resources whose own failing call has a raise path recorded (besides the first).
    own_failure_raised: Vec<Span>,
    /// Per enclosing `except` handler: the open resources whose own failing method (the
    /// model's `fails`) its `try` body calls.
    failing_handlers: Vec<Vec<Span>>,
    /// Per enclosing `except` handler: the open resources its `try` body stores in a field or
    /// returns (hands to the owner the caller gets), and the handler's extent.
    owned_handlers: Vec<(Vec<Span>, Option<Span>)>,
    /// The raise paths of such handlers (among `explicit_raises`).
    owner_missed: Vec<Span>,
    /// Where a handler of one of a resource's own failing calls goes on with the loop (a
    /// `continue`, or its end) with it still open: (open span, that place, loop depth).
    went_round: Vec<(Span, Span, usize)>,
    /// The receivers of the function's method calls, by span (`p2` of `p2.communicate()`):
    /// a blocking close at that span closes only its receiver.
    receivers: Vec<(Span, &'a Place)>,
    /// Calls of a resource's proxy methods whose result is handed on (see
    /// [`proxy_handed_on`]): `q = manager.Queue(); return q` hands the manager on with it.
    proxy_hand_offs: Vec<Span>,
}

/// Locals an enclosing `try` cleans up: on an exception (`raise`, handlers or `finally`), and on
/// a `return` from inside it (`exit`, its `finally`).
struct Shield {
    raise: Vec<String>,
    exit: Vec<String>,
    /// What is open where the `try` body can raise (before each call that can raise, after
    /// what that call itself releases, and at each `raise`): where its handlers start.
    open_at_raise: State,
    /// Whether the body had a raising point at all.
    raises: bool,
}

impl Walker<'_> {
    /// Walks `body` from `state`; returns the state at its fall-through end, `None` when every
    /// path leaves (return, raise, break, continue).
    fn walk(&mut self, body: &[Stmt], mut state: State) -> Option<State> {
        for stmt in body {
            match stmt {
                Stmt::Event(e) => self.event(e, &mut state),
                Stmt::Hold { lock, body } => {
                    // `with fp:` on a resource a helper opened (`fp = path.open()`; the
                    // front-end took the unknown object for a lock): the `with` closes it.
                    if let Place::Local { name, .. } = &lock.lock {
                        if state.remove(name.as_str()).is_some() {
                            self.hand_offs.push((name.to_string(), lock.span));
                        }
                    }
                    state = self.walk(body, state)?
                }
                Stmt::Block(body) => state = self.walk(body, state)?,
                Stmt::Branch { cond, arms, .. } => {
                    let plain_test = cond
                        .iter()
                        .all(|s| matches!(s, Stmt::Event(Event::Test { .. })));
                    state = self.walk(cond, state)?;
                    // `if sock: sock.close()`: a test of a local (no events) guarding its close
                    // is a None-check; the other arm has nothing to close.
                    let guarded: Vec<String> = match arms.as_slice() {
                        [a, b] if a.is_empty() || b.is_empty() => state
                            .keys()
                            .filter(|l| self.releases(a, l) || self.releases(b, l))
                            // A pipe knot tracks was asked for, so `if proc.stdout:` (or `is
                            // not None`) always holds: the close runs.
                            .filter(|l| {
                                (plain_test && self.tests_itself(cond, l)) || self.is_pipe(l)
                            })
                            .cloned()
                            .collect(),
                        _ => Vec::new(),
                    };
                    let mut joined: Option<State> = None;
                    for (i, arm) in arms.iter().enumerate() {
                        let mut start = state.clone();
                        // `if not proc: return`: on the arm that runs when the local holds
                        // `None`, no resource exists to close.
                        for absent in absent_on(cond, i) {
                            start.remove(absent);
                            // Nor its pipes.
                            for pipe in self.opens.values() {
                                if pipe.pipe_of.as_deref() == Some(absent) {
                                    start.remove(&pipe.local);
                                }
                            }
                        }
                        if let Some(s) = self.walk(arm, start) {
                            joined = Some(union(joined, s));
                        }
                    }
                    if arms.is_empty() {
                        joined = Some(state.clone());
                    }
                    state = joined?;
                    for l in &guarded {
                        state.remove(l);
                    }
                }
                Stmt::Loop {
                    cond,
                    body,
                    infinite,
                    ..
                } => {
                    let after_cond = self.walk(cond, state)?;
                    self.loops.push((None, None));
                    self.loop_tries.push(self.protected.len());
                    let after = self.walk(body, after_cond.clone());
                    self.loop_tries.pop();
                    let depth = self.loops.len();
                    let (broke, continued) = self.loops.pop().unwrap_or_default();
                    self.reopened_by_next_iteration(
                        cond,
                        body,
                        union(after.clone(), continued.clone().unwrap_or_default()),
                        depth,
                    );
                    state = if *infinite {
                        // Only a `break` leaves: the states where one is taken. A `continue`
                        // goes back to the header with what was open there (`except
                        // TimeoutError: continue` polling a pool closed by a later `break`);
                        // one holding more (opened in the body) is kept as a way out, as the
                        // walk does not go round again.
                        let grew =
                            continued.filter(|c| c.keys().any(|l| !after_cond.contains_key(l)));
                        match (broke, grew) {
                            (None, None) => return None,
                            (broke, grew) => union(broke, grew.unwrap_or_default()),
                        }
                    } else {
                        let left = union(broke, continued.unwrap_or_default());
                        // The header ending it (it runs at least once: `while proc.poll() is
                        // None:` has polled on every way out), after some iterations, or a
                        // `break` (`continue` goes back to the header: also one of these).
                        let ended = union(Some(after_cond), after.unwrap_or_default());
                        union(Some(ended), left)
                    };
                }
                Stmt::Try {
                    body,
                    handlers,
                    orelse,
                    finally,
                    lets_os_errors_out,
                    span,
                } => {
                    let mut candidates: Vec<String> = state.keys().cloned().collect();
                    candidates.extend(self.opened_in(body));
                    let finally_cleans: Vec<String> = candidates
                        .iter()
                        .filter(|l| self.releases(finally, l))
                        .cloned()
                        .collect();
                    // A handler that closes and re-raises, or any handler at all: what the body
                    // raises is caught, and the handler paths are walked as ordinary paths.
                    // Handlers catching only `BlockingIOError` (a non-blocking connect's
                    // retry signal) or `KeyError` let a failed connect's `OSError` out: for that
                    // exception the `try` is as good as absent.
                    let raise_shield = if handlers.is_empty() || *lets_os_errors_out {
                        finally_cleans.clone()
                    } else {
                        candidates.clone()
                    };
                    self.protected.push(Shield {
                        raise: raise_shield,
                        exit: finally_cleans.clone(),
                        open_at_raise: State::new(),
                        raises: false,
                    });
                    let entry = state.clone();
                    self.narrow_tries += u32::from(*lets_os_errors_out);
                    let after_body = self.walk(body, state);
                    self.narrow_tries -= u32::from(*lets_os_errors_out);
                    // Where the body can fail: at its calls and raises (a close that raises has
                    // closed), or, with none of those, anywhere with what was open on entry.
                    let failed = match self.protected.pop() {
                        Some(s) if s.raises => s.open_at_raise,
                        // A body that only closes (`try: sock.close() except OSError: pass`)
                        // has closed when it fails.
                        _ => entry
                            .iter()
                            .filter(|(l, _)| !self.releases(body, l))
                            .map(|(l, s)| (l.clone(), *s))
                            .collect(),
                    };
                    // The `else` and the handlers are not covered by the handlers, but a
                    // return or raise there still runs the `finally`.
                    self.protected.push(Shield {
                        raise: finally_cleans.clone(),
                        exit: finally_cleans.clone(),
                        open_at_raise: State::new(),
                        raises: false,
                    });
                    let after_else = after_body.and_then(|s| self.walk(orelse, s));
                    let mut joined = after_else;
                    let failing = self.failing_in(body, &failed);
                    self.failing_handlers.push(failing);
                    let owned = self.owned_in(body, &failed);
                    for h in handlers {
                        self.owned_handlers.push((owned.clone(), extent(h)));
                        // The body failed at one of its raising points: what was open there.
                        if let Some(s) = self.walk(h, failed.clone()) {
                            self.note_went_round(
                                &s,
                                h.last()
                                    .and_then(|l| extent(std::slice::from_ref(l)))
                                    .unwrap_or(*span),
                            );
                            joined = Some(union(joined, s));
                        }
                        self.owned_handlers.pop();
                    }
                    self.failing_handlers.pop();
                    self.protected.pop();
                    state = self.walk(finally, joined?)?;
                    // `finally: if f: f.close()` closes whatever was opened; the test is a
                    // None-check, not a path on which the resource stays open.
                    for l in &finally_cleans {
                        state.remove(l);
                    }
                }
                Stmt::Return(span) => {
                    self.exit(&state, LeakPath::Return(*span));
                    return None;
                }
                Stmt::Raise(span) => {
                    self.note_raise(&state);
                    // A handler of one of the resource's own failing calls (`except OSError:`
                    // around `sock.connect(..)`) re-raising without closing it.
                    let failing = self.failing_handlers.last().cloned().unwrap_or_default();
                    // Or a handler raising without closing a resource its `try` body would have
                    // handed to its owner (`self._sock = sock`, `return sock`): neither the
                    // caller nor the object gets it. A call of the handler before the raise
                    // (`self._cleanup()`) is the same path.
                    let (owned, handler) = self.owned_handlers.last().cloned().unwrap_or_default();
                    for (l, open) in &state {
                        if self.shielded(l, false) {
                            continue;
                        }
                        if owned.contains(open) && !failing.contains(open) {
                            let in_handler = self.leaks.iter().find_map(|(x, p)| match p {
                                LeakPath::Raise(at)
                                    if x == open
                                        && handler.is_some_and(|h| {
                                            h.start <= at.start && at.end <= h.end
                                        }) =>
                                {
                                    Some(*at)
                                }
                                _ => None,
                            });
                            // A raise path found before the `try` let it out (`except
                            // ValueError:` lets an `OSError` through): this one is another.
                            let at = in_handler.unwrap_or(*span);
                            if in_handler.is_none() {
                                self.leaks.push((*open, LeakPath::Raise(*span)));
                            }
                            self.explicit_raises.push(at);
                            self.owner_missed.push(at);
                            continue;
                        }
                        if !failing.contains(open) {
                            continue;
                        }
                        // The exception's constructor (`raise RuntimeError(..)`) is part of
                        // the raise, not a raise point of its own; nor is a call the handler
                        // makes before it (`log.debug(..); raise`): the path goes on to the
                        // raise.
                        let in_handler = |at: &Span| {
                            handler.is_some_and(|h| h.start <= at.start && at.end <= h.end)
                        };
                        let in_raise = self.leaks.iter().position(|(x, p)| {
                            matches!(p, LeakPath::Raise(at)
                                if x == open && (flow::encloses(*span, *at) || in_handler(at)))
                        });
                        if let Some(i) = in_raise {
                            let LeakPath::Raise(at) = self.leaks[i].1 else {
                                unreachable!("in_raise finds a raise path")
                            };
                            if flow::encloses(*span, at) {
                                self.explicit_raises.push(at);
                            } else {
                                // The path is the handler's raise, shown there.
                                self.leaks[i].1 = LeakPath::Raise(*span);
                                self.explicit_raises.push(*span);
                            }
                        } else if !self.leaks.iter().any(|(x, _)| x == open) {
                            self.leaks.push((*open, LeakPath::Raise(*span)));
                            self.explicit_raises.push(*span);
                        }
                    }
                    return None;
                }
                Stmt::Break(_) => {
                    self.leave_tries_in_loop(&mut state);
                    if let Some((broke, _)) = self.loops.last_mut() {
                        *broke = Some(union(broke.take(), state));
                    }
                    return None;
                }
                Stmt::ErrorReturn { .. } => {}
                Stmt::Continue(at) => {
                    self.leave_tries_in_loop(&mut state);
                    self.note_went_round(&state, *at);
                    if let Some((_, continued)) = self.loops.last_mut() {
                        *continued = Some(union(continued.take(), state));
                    }
                    return None;
                }
            }
        }
        Some(state)
    }

    /// In a handler of failing calls, inside a loop: records the resources whose own calls
    /// failed that are still open where the handler goes on (`continue`, or its end).
    fn note_went_round(&mut self, state: &State, at: Span) {
        let (Some(failing), depth) = (self.failing_handlers.last(), self.loops.len()) else {
            return;
        };
        if depth == 0 {
            return;
        }
        for open in state.values() {
            if failing.contains(open) {
                self.went_round.push((*open, at, depth));
            }
        }
    }

    /// A resource opened in the loop's body whose failing call's handler goes on to the next
    /// iteration with it open (`except OSError: errors.append(e)` around `sock.connect(addr)`):
    /// the next iteration opens another into the same local, and this one is lost. Not when the
    /// body closes the local before opening it again, or the header tests it (`while sock is
    /// None:`).
    fn reopened_by_next_iteration(
        &mut self,
        cond: &[Stmt],
        body: &[Stmt],
        back: State,
        depth: usize,
    ) {
        let Some(body_span) = extent(body) else {
            return;
        };
        for (local, open) in back {
            if !flow::encloses(body_span, open) && body_span != open {
                continue;
            }
            let Some(&(_, at, _)) = self
                .went_round
                .iter()
                .find(|(o, _, d)| *o == open && *d == depth)
            else {
                continue;
            };
            let mut header_uses = false;
            walk_events(cond, &mut |e| {
                header_uses |= matches!(e, Event::Test { place: Place::Local { name, .. }, .. }
                    | Event::Access { place: Place::Local { name, .. }, .. } if name.as_str() == local);
            });
            let mut closed_first = false;
            walk_events(body, &mut |e| {
                closed_first |= e.span().start < open.start && self.releases_event(e, &local);
            });
            if header_uses
                || closed_first
                || self
                    .leaks
                    .iter()
                    .any(|(x, p)| *x == open && matches!(p, LeakPath::Reopened(_)))
            {
                continue;
            }
            self.leaks.push((open, LeakPath::Reopened(at)));
        }
    }

    /// A `break` or `continue` leaves the `try`s between it and its loop through their
    /// `finally`s (`except OSError: continue` with `finally: sock.close()`): what those close
    /// is closed on the way out.
    fn leave_tries_in_loop(&self, state: &mut State) {
        let Some(&depth) = self.loop_tries.last() else {
            return;
        };
        for shield in self.protected.iter().skip(depth) {
            for l in &shield.exit {
                state.remove(l);
            }
        }
    }

    fn event(&mut self, e: &Event, state: &mut State) {
        let span = e.span();
        // Released or handed on by this event? A method that stores into a container
        // (`socks.append(sock)`) may take any of them: the IR does not record its arguments.
        let stores = matches!(e, Event::MethodCall { method, .. } if crate::analysis::flow::CONTAINER_STORES.contains(&method.as_str()));
        let released: Vec<String> = state
            .keys()
            .filter(|l| stores || self.releases_event(e, l) || self.blocking_close(e, l))
            .cloned()
            .collect();
        for l in &released {
            state.remove(l);
        }
        // One of a resource's own calls that commonly fail raises like any other call: a
        // blocking one (`sock.connect(addr)`) through its blocking event, when the models keep
        // it blocking (a datagram socket's `connect` only records its peer); any other
        // (`sock.bind(addr)`, or a `connect` on a non-blocking socket in a `try` expecting
        // `BlockingIOError`, which the front-end records without a blocking event) here, unless
        // the system picks the port.
        let runs_failing_call = !self.ephemeral_binds.contains(&span)
            && self.opens.values().any(|o| {
                self.closure_failures.contains(&(span, o.span))
                    || self.models.resource(&o.api).is_some_and(|m| {
                    fails_via_call(e, o, m)
                        || (fails(e, o, m)
                            && matches!(e, Event::MethodCall { method, .. }
                                if self.models.blocking(&format!("{}.{method}", o.api)).is_none()
                                    || (self.narrow_tries > 0 && !self.blocking_at.contains(&span))))
                })
            });
        let can_raise = (can_raise(e, self.models) || runs_failing_call)
            && !self.makes_coroutine.contains(&span);
        if can_raise && !self.protected.is_empty() {
            // A close that raises still closes; an open that raises opened nothing (its other
            // events at the same span, a blocking connect, are the open itself).
            let before: State = state
                .iter()
                .filter(|(_, open)| **open != span)
                .map(|(l, open)| (l.clone(), *open))
                .collect();
            self.note_raise(&before);
        }
        // Can it raise while something else is open?
        if can_raise && released.is_empty() {
            // A call inside the hand-off itself (`super().__init__(pool)`) is part of it.
            let exposed: Vec<(String, Span)> = state
                .iter()
                .filter(|(l, open)| {
                    **open != span
                        && !self.shielded(l, false)
                        && !self
                            .hand_offs
                            .iter()
                            .any(|(x, h)| x == *l && flow::encloses(*h, span))
                })
                .map(|(l, open)| (l.clone(), *open))
                .collect();
            // One raise path per resource, the first call that can raise; the resource stays
            // open on the other paths, where an early return may leak it too (reported when the
            // raise path is not).
            for (_, open) in exposed {
                let first = !self
                    .leaks
                    .iter()
                    .any(|(x, p)| *x == open && matches!(p, LeakPath::Raise(_)));
                // The resource's own failing call (`loop.sock_connect(sock, ..)`) is a raise
                // path of its own too: what it skips is reported even when an earlier call
                // that might raise is not.
                let own = !first
                    && !self.own_failure_raised.contains(&open)
                    && self.opens.get(&(open.start, open.end)).is_some_and(|o| {
                        self.models.resource(&o.api).is_some_and(|m| fails(e, o, m))
                    });
                if own {
                    self.own_failure_raised.push(open);
                }
                if first || own {
                    self.leaks.push((open, LeakPath::Raise(span)));
                }
            }
        }
        if let Some(o) = self.opens.get(&(span.start, span.end)) {
            state.insert(o.local.clone(), span);
        }
    }

    fn is_pipe(&self, local: &str) -> bool {
        self.opens
            .values()
            .any(|o| o.local == local && o.pipe_of.is_some())
    }

    /// Whether the condition tests the resource's own local (or, for a pipe, its process):
    /// `if sock:`, not `if debug:`.
    fn tests_itself(&self, cond: &[Stmt], local: &str) -> bool {
        let Some(o) = self.opens.values().find(|o| o.local == local) else {
            return false;
        };
        cond.iter().any(|s| match s {
            Stmt::Event(Event::Test {
                place: Place::Local { name, .. },
                ..
            }) => name.as_str() == local || o.pipe_of.as_deref() == Some(name.as_str()),
            _ => false,
        })
    }

    /// The resources open in `state` whose own failing methods (`sock.connect`) `body` calls.
    fn failing_in(&self, body: &[Stmt], state: &State) -> Vec<Span> {
        let mut out = Vec::new();
        for open in state.values() {
            let Some(o) = self.opens.get(&(open.start, open.end)) else {
                continue;
            };
            let Some(model) = self.models.resource(&o.api) else {
                continue;
            };
            let mut calls = false;
            walk_events(body, &mut |e| {
                calls |= fails(e, o, model) || self.closure_failures.contains(&(e.span(), o.span))
            });
            if calls {
                out.push(*open);
            }
        }
        out
    }

    /// Records what is open where an exception can start, for the enclosing `try`s' handlers.
    fn note_raise(&mut self, state: &State) {
        // The exception leaves each `try` through its `finally`: what that closes is closed
        // when it reaches the handlers of the `try`s around it.
        let mut closed: Vec<String> = Vec::new();
        for shield in self.protected.iter_mut().rev() {
            shield.raises = true;
            for (l, open) in state {
                if !closed.contains(l) {
                    shield.open_at_raise.entry(l.clone()).or_insert(*open);
                }
            }
            closed.extend(shield.exit.iter().cloned());
        }
    }

    fn exit(&mut self, state: &State, path: LeakPath) {
        for (l, open) in state {
            if self.shielded(l, true) {
                continue;
            }
            let same_kind =
                |p: &LeakPath| std::mem::discriminant(p) == std::mem::discriminant(&path);
            if !self.leaks.iter().any(|(x, p)| x == open && same_kind(p)) {
                self.leaks.push((*open, path.clone()));
            }
        }
    }

    fn shielded(&self, local: &str, on_exit: bool) -> bool {
        self.protected.iter().any(|p| {
            let list = if on_exit { &p.exit } else { &p.raise };
            list.iter().any(|l| l == local)
        })
    }

    fn place_of(&self, local: &str) -> Option<&Place> {
        self.opens
            .values()
            .find(|o| o.local == local)
            .map(|o| &o.place)
    }

    /// Whether `method` of another object runs a failing call of the resource in `local`.
    fn fails_via(&self, local: &str, method: &str) -> bool {
        self.opens.values().any(|o| {
            o.local == local
                && self
                    .models
                    .resource(&o.api)
                    .is_some_and(|m| m.fails_via.iter().any(|x| x == method))
        })
    }

    /// Whether `e` closes the resource in `local` or hands it on.
    fn releases_event(&self, e: &Event, local: &str) -> bool {
        let Some(place) = self.place_of(local) else {
            return false;
        };
        match e {
            Event::Call {
                receiver: Some(r),
                span,
                ..
            }
            | Event::MethodCall { place: r, span, .. }
                if r == place && self.proxy_hand_offs.contains(span) =>
            {
                true
            }
            Event::MethodCall {
                place: p, method, ..
            } if p == place => self.is_close_method(local, method),
            // Handed to another object's method (`ctx.wrap_socket(sock)`, `self._push(f)`),
            // unless the method only runs one of its failing calls (`loop.sock_connect(sock,
            // ..)`, the model's `fails_via`).
            Event::MethodCall { args, method, .. } => {
                args.contains(place) && !self.fails_via(local, method)
            }
            Event::Bind { target, .. } if target == place => {
                // Re-bound: the old value is dropped (and reported at exit if still open).
                false
            }
            // A global is read wherever it is named; what the code does with it is the event
            // after.
            Event::Access { .. } if matches!(place, Place::Global(_)) => false,
            _ => {
                flow::uses(e, place, &[])
                    && !matches!(e, Event::MethodCall { .. })
                    && !borrowed(self.kept, e, place)
            }
        }
    }

    /// A close method that the front-end lowered as a blocking call (`proc.wait()` is
    /// `Blocking subprocess.Popen.wait`, without its receiver): it closes the open resources of
    /// that type.
    fn blocking_close(&self, e: &Event, local: &str) -> bool {
        let Event::Blocking { api, span, .. } = e else {
            return false;
        };
        let Some(o) = self.opens.values().find(|o| o.local == local) else {
            return false;
        };
        // Called on another resource the function opened (`p2.communicate()` with `p1` still
        // running): that one is closed, not this one.
        let mut at = self.receivers.iter().filter(|(s, _)| s == span);
        if at.clone().all(|(_, r)| **r != o.place)
            && at.any(|(_, r)| self.opens.values().any(|x| x.place == **r))
        {
            return false;
        }
        let Some(method) = api
            .strip_prefix(o.api.as_str())
            .and_then(|m| m.strip_prefix('.'))
        else {
            return false;
        };
        self.is_close_method(local, method)
    }

    fn is_close_method(&self, local: &str, method: &str) -> bool {
        let api = self
            .opens
            .values()
            .find(|o| o.local == local)
            .map(|o| o.api.as_str());
        match api.and_then(|a| self.models.resource(a)) {
            Some(m) => m.close.iter().any(|c| c == method),
            // A resource from a model we cannot see: any close-like name.
            None => CLOSE_LIKE.contains(&method),
        }
    }

    fn releases(&self, body: &[Stmt], local: &str) -> bool {
        let mut found = false;
        walk_events(body, &mut |e| {
            if self.releases_event(e, local) {
                found = true;
            }
        });
        found
    }

    fn hand_offs_in(&self, body: &[Stmt]) -> Vec<(String, Span)> {
        let mut out = Vec::new();
        walk_events(body, &mut |e| {
            for o in self.opens.values() {
                if self.releases_event(e, &o.local) {
                    out.push((o.local.clone(), e.span()));
                }
            }
        });
        out
    }

    /// The resources open in `state` that `body` stores in a field or returns.
    fn owned_in(&self, body: &[Stmt], state: &State) -> Vec<Span> {
        let mut out = Vec::new();
        walk_events(body, &mut |e| {
            let Event::Bind {
                target,
                value: Some(value),
                ..
            } = e
            else {
                return;
            };
            let owner = match target {
                Place::Field { .. } => true,
                Place::Local { name, .. } => name.as_str() == "return",
                _ => false,
            };
            if !owner {
                return;
            }
            for (l, open) in state {
                if self.place_of(l) == Some(value) && !out.contains(open) {
                    out.push(*open);
                }
            }
        });
        out
    }

    fn opened_in(&self, body: &[Stmt]) -> Vec<String> {
        self.opened_in_spans(body).into_keys().collect()
    }

    fn opened_in_spans(&self, body: &[Stmt]) -> State {
        let mut out = State::new();
        walk_events(body, &mut |e| {
            let s = e.span();
            if let Some(o) = self.opens.get(&(s.start, s.end)) {
                out.insert(o.local.clone(), s);
            }
        });
        out
    }
}

/// The span from the first to the last event of `body`.
fn extent(body: &[Stmt]) -> Option<Span> {
    let mut out: Option<Span> = None;
    walk_events(body, &mut |e| {
        let s = e.span();
        out = Some(match out {
            None => s,
            Some(o) => Span::new(o.file, o.start.min(s.start), o.end.max(s.end)),
        });
    });
    out
}

fn union(a: Option<State>, b: State) -> State {
    let mut a = a.unwrap_or_default();
    for (k, v) in b {
        a.entry(k).or_insert(v);
    }
    a
}

/// Locals the branch condition `cond` tests for `None` whose arm `arm` runs when they hold it.
fn absent_on(cond: &[Stmt], arm: usize) -> impl Iterator<Item = &str> {
    cond.iter().filter_map(move |s| match s {
        Stmt::Event(Event::Test {
            place: Place::Local { name, .. },
            absent,
            ..
        }) if *absent == arm => Some(name.as_str()),
        _ => None,
    })
}

/// Calls (to user code or libraries), blocking operations and the opens the models make blocking
/// can raise, except the library calls the models know cannot (`[[infallible]]`:
/// `time.monotonic()`) and a `close()` of something of unknown type.
fn can_raise(e: &Event, models: &Models) -> bool {
    match e {
        Event::Call {
            callee: Callee::Path(path),
            ..
        } => !models.is_infallible(path),
        Event::Blocking { api, .. } => !models.is_infallible(api),
        // An open the models make blocking raises like its blocking event, also where that
        // event is left out because the call looks up nothing (`open(fd, closefd=False)`
        // still fails on a bad descriptor).
        Event::Open { api, .. } => models.blocking(api).is_some() && !models.is_infallible(api),
        // Closing something of unknown type (`proc.stdin.close()` before handing `proc` on) is
        // cleanup, not work expected to fail.
        Event::Call {
            callee: Callee::Dynamic { method },
            args,
            kwargs,
            ..
        } if method.as_str() == "close" && args.is_empty() && kwargs.is_empty() => false,
        Event::Call { .. } | Event::Spawn { .. } => true,
        _ => false,
    }
}

/// Whether `owner` or a function nested in it, other than `id`, closes `place` (a local of
/// `owner` that `id`, nested in it, binds).
fn closed_elsewhere_in(graph: &CallGraph, id: FuncId, owner: &str, place: &Place) -> bool {
    let prefix = format!("{owner}.");
    let this = &graph.function(id).name;
    graph.module_of(id).functions.iter().any(|g| {
        if g.name == *this || !(g.name.as_str() == owner || g.name.starts_with(&prefix)) {
            return false;
        }
        let mut found = false;
        walk_events(&g.body, &mut |e| {
            found |= matches!(e, Event::Close { resource, .. } if resource == place)
        });
        found
    })
}

/// Whether a nested function or lambda of `id` reads the local (it may close it later).
fn closure_uses(graph: &CallGraph, id: FuncId, place: &Place) -> bool {
    nested_functions(graph, id).any(|g| {
        let mut found = false;
        walk_events(&g.body, &mut |e| found |= flow::uses(e, place, &[]));
        found
    })
}

/// The nested functions and lambdas of `id` (named under it, at any depth).
fn nested_functions<'g>(graph: &CallGraph<'g>, id: FuncId) -> impl Iterator<Item = &'g Function> {
    let prefix = format!("{}.", graph.function(id).name);
    (graph.module_of(id).functions.iter()).filter(move |g| g.name.starts_with(&prefix))
}

/// [`closure_uses`] for a resource the function opens, except that a closure written as the
/// argument of a call and only calling the resource's methods other than its closes
/// (`retry(lambda: sock.connect(addr))`) runs during that call and keeps nothing.
fn closure_keeps(
    graph: &CallGraph,
    models: &Models,
    id: FuncId,
    inline: &[(Span, &Function)],
    o: &Open,
) -> bool {
    let closes = models.resource(&o.api).map(|m| &m.close);
    nested_functions(graph, id).any(|g| {
        let runs_in_call = inline.iter().any(|(_, c)| std::ptr::eq(*c, g));
        let mut found = false;
        walk_events(&g.body, &mut |e| {
            found |= flow::uses(e, &o.place, &[])
                && !(runs_in_call
                    && matches!(e, Event::MethodCall { place, method, args, .. }
                        if *place == o.place
                            && !args.contains(&o.place)
                            && !CLOSE_LIKE.contains(&method.as_str())
                            && closes.is_none_or(|c| !c.iter().any(|m| m == method))))
        });
        found
    })
}

/// The closures nested in `id` written as an argument of one of its calls (`retry(lambda:
/// sock.connect(addr))`), with that call's span: they run while the call does.
fn inline_closures<'g>(graph: &CallGraph<'g>, id: FuncId) -> Vec<(Span, &'g Function)> {
    nested_functions(graph, id)
        .filter_map(|g| {
            // The innermost call enclosing it (`retry(functools.partial(lambda: ..))` runs it
            // too).
            let call = (graph.events(id).iter())
                .filter_map(|e| match e {
                    Event::Call { span, .. } if flow::encloses(*span, g.span) => Some(*span),
                    _ => None,
                })
                .min_by_key(|s| s.end - s.start)?;
            Some((call, g))
        })
        .collect()
}

/// For each closure written as a call's argument (`inline_closures`) making a failing call of
/// a resource this function opens (`lambda: sock.connect(addr)`): (the call's span, the open's
/// span). The failure raises out of that call.
fn inline_closure_failures(
    models: &Models,
    inline: &[(Span, &Function)],
    opens: &BTreeMap<(u32, u32), Open>,
) -> Vec<(Span, Span)> {
    let mut out = Vec::new();
    for &(call, g) in inline {
        for o in opens.values() {
            let Some(model) = models.resource(&o.api) else {
                continue;
            };
            let mut found = false;
            walk_events(&g.body, &mut |e| found |= fails(e, o, model));
            if found {
                out.push((call, o.span));
            }
        }
    }
    out
}

/// Whether the first use of the resource after its open that is not a borrowing call hands it on
/// (a call argument, a bind to another place or the return slot) rather than calling one of its
/// methods; with `any_use`, whether some later use does (`sock.connect(addr); return sock`).
fn handed_on_later(
    f: &Function,
    place: &Place,
    open: Span,
    kept: &[(Span, Place)],
    any_use: bool,
) -> bool {
    let mut first: Option<bool> = None;
    walk_events(&f.body, &mut |e| {
        let s = e.span();
        if first == Some(true)
            || (first.is_some() && !any_use)
            || s.start <= open.end
            || !flow::uses(e, place, &[])
            || borrowed(kept, e, place)
        {
            return;
        }
        first = Some(match e {
            // Put in a container the function keeps to itself (`inputs = [sock, sys.stdin]`
            // for `select`): no owner to hand it to.
            Event::Bind {
                target: Place::Local { name, .. },
                ..
            } if name.as_str() == crate::ir::CONTAINER_LOCAL => false,
            Event::Call { .. } | Event::Bind { .. } | Event::Spawn { .. } => true,
            Event::MethodCall { args, .. } => args.contains(place),
            _ => false,
        });
    });
    // No later use the IR shows: handed on through a method argument, or never released.
    first.unwrap_or(true)
}

/// The first event after `open` that uses `place` (submits to a pool, hands it on).
fn first_use(f: &Function, place: &Place, open: Span) -> Option<Span> {
    let mut out: Option<Span> = None;
    walk_events(&f.body, &mut |e| {
        let s = e.span();
        let used = flow::uses(e, place, &[])
            || matches!(e, Event::Spawn { receiver: Some(r), .. } if r == place);
        if used && s.start > open.end && out.is_none_or(|o| s.start < o.start) {
            out = Some(s);
        }
    });
    out
}

/// Whether `f` calls one of `methods` on `place`.
fn calls_any(f: &Function, place: &Place, methods: &[String]) -> bool {
    let mut found = false;
    walk_events(&f.body, &mut |e| {
        found |= matches!(e, Event::MethodCall { place: p, method, .. }
            if p == place && methods.iter().any(|m| m == method.as_str()));
    });
    found
}

/// Whether the function closes the resource itself after `after` (a `Close` event on it).
fn closed_later(f: &Function, place: &Place, after: Span) -> bool {
    let mut found = false;
    walk_events(&f.body, &mut |e| {
        found |= matches!(e, Event::Close { resource, span } if resource == place && span.start > after.end);
    });
    found
}

/// Whether the raise at `span` is one of the resource's own methods that commonly fail at run
/// time (the model's `fails`: `sock.connect(addr)`, `sock.bind(addr)`).
fn own_failing_call(f: &Function, models: &Models, o: &Open, span: Span) -> bool {
    let Some(model) = models.resource(&o.api) else {
        return false;
    };
    let mut found = false;
    walk_events(&f.body, &mut |e| {
        found |= e.span() == span && fails(e, o, model);
    });
    found
}

/// Whether `e` calls one of `o`'s own methods its model says commonly fail, or runs one through
/// another object (`fails_via`), or is a context manager's `yield`: the `with` body it lends
/// the resource to raising there is the expected failure, which a `finally` must survive.
fn fails(e: &Event, o: &Open, model: &ResourceModel) -> bool {
    matches!(e, Event::MethodCall { place, method, .. }
        if *place == o.place && model.fails.iter().any(|m| m == method))
        || fails_via_call(e, o, model)
        || matches!(e, Event::Call { callee: Callee::Path(p), .. } if p.as_str() == crate::ir::WITH_BODY)
}

/// Whether `e` is another object's method running one of `o`'s failing calls on it
/// (`loop.sock_connect(sock, ..)`, the model's `fails_via`).
fn fails_via_call(e: &Event, o: &Open, model: &ResourceModel) -> bool {
    matches!(e, Event::MethodCall { method, args, .. }
        if args.contains(&o.place) && model.fails_via.iter().any(|m| m == method))
}

/// The first event after the open that closes or hands on the resource, for a related label.
fn released_at(f: &Function, models: &Models, o: &Open, kept: &[(Span, Place)]) -> Option<Span> {
    let (place, open) = (&o.place, o.span);
    let model = models.resource(&o.api);
    let mut out = None;
    walk_events(&f.body, &mut |e| {
        let s = e.span();
        let hands_on = match e {
            Event::Call { .. } | Event::Bind { .. } | Event::Spawn { .. } | Event::Close { .. } => {
                true
            }
            // `loop.sock_connect(sock, ..)` only connects it.
            Event::MethodCall { args, .. } => {
                args.contains(place) && !model.is_some_and(|m| fails_via_call(e, o, m))
            }
            _ => false,
        };
        if out.is_none()
            && s.start > open.end
            && hands_on
            && flow::uses(e, place, &[])
            && !borrowed(kept, e, place)
        {
            out = Some(s);
        }
    });
    out
}

/// How a function of the checked code treats one of its parameters, for a caller passing it a
/// resource it opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ParamUse {
    /// Only reads it or calls its methods (not a close): the caller still owns it.
    Borrows,
    /// Borrows it and returns it (`def _get_lock(self, fh): lock(fh); return fh`).
    Returns,
}

/// (function, parameter index) -> how the function treats that parameter; absent: it keeps,
/// closes or hands the value on, or knot cannot tell.
type Borrowers = HashMap<(FuncId, u32), ParamUse>;

/// The parameters functions only borrow, to a fixpoint (a helper passing its parameter to
/// another helper that borrows it borrows it too).
fn borrowers(graph: &CallGraph, models: &Models) -> Borrowers {
    // A function defined twice (`if sys.platform == 'win32': def f(..) else: def f(..)`): calls
    // resolve to one definition, the other may keep what it is given.
    // A method a subclass overrides likewise (`self._lock(fh)` may run the override).
    let mut definitions: HashMap<String, u32> = HashMap::default();
    for id in graph.ids() {
        let f = graph.function(id);
        *definitions.entry(f.name.clone()).or_default() += 1;
        let Some(class) = f.class.as_deref().and_then(|c| graph.class(c)) else {
            continue;
        };
        for base in &class.bases {
            let base = graph.class(base).map_or(base.as_str(), |b| b.name.as_str());
            *definitions
                .entry(format!("{base}.{}", f.short_name))
                .or_default() += 2;
        }
    }
    let eligible: Vec<FuncId> = graph
        .ids()
        .filter(|&id| {
            let f = graph.function(id);
            !f.is_async
                && graph.module_of(id).lang == Lang::Python
                && definitions.get(&f.name) == Some(&1)
                && f.params.len() > usize::from(crate::analysis::params::has_receiver(f))
        })
        .collect();
    // A parameter's use changes only when a callee learns one of its own: after the first
    // pass over every function, only the callers of functions that learned one are walked
    // again, each against what the pass before learned, until nothing changes.
    let mut callers: HashMap<FuncId, Vec<FuncId>> = HashMap::default();
    for &id in &eligible {
        for site in graph.calls(id) {
            let list = callers.entry(site.callee).or_default();
            if list.last() != Some(&id) {
                list.push(id);
            }
        }
    }
    let mut out = Borrowers::default();
    let mut dirty = eligible;
    while !dirty.is_empty() {
        let learned: Vec<((FuncId, u32), ParamUse)> = dirty
            .par_iter()
            .flat_map_iter(|&id| {
                let first = usize::from(crate::analysis::params::has_receiver(graph.function(id)));
                let out = &out;
                (first..graph.function(id).params.len()).filter_map(move |index| {
                    let key = (id, index as u32);
                    if out.contains_key(&key) {
                        return None;
                    }
                    param_use(graph, models, id, index as u32, out).map(|u| (key, u))
                })
            })
            .collect();
        let mut changed: Vec<FuncId> = learned.iter().map(|((id, _), _)| *id).collect();
        changed.dedup();
        out.extend(learned);
        let mut next: Vec<FuncId> = changed
            .iter()
            .filter_map(|id| callers.get(id))
            .flatten()
            .copied()
            .collect();
        next.sort_unstable();
        next.dedup();
        dirty = next;
    }
    out
}

/// How function `id` treats parameter `index`, given what is known of its callees.
fn param_use(
    graph: &CallGraph,
    models: &Models,
    id: FuncId,
    index: u32,
    known: &Borrowers,
) -> Option<ParamUse> {
    let f = graph.function(id);
    let param = Place::Param {
        function: Name::new(&f.name),
        index,
    };
    let mut result = ParamUse::Borrows;
    let mut used = false;
    // Work handed to a pool (`pool.map(f, xs)` on a typed parameter) is lowered as a spawn
    // that does not name the pool: a parameter mentioned nowhere else is that pool, used.
    let mut pool_work = false;
    for e in graph.events(id) {
        match e {
            Event::Spawn { api, args, .. } if !args.contains(&Some(param.clone())) => {
                pool_work |= api
                    .as_str()
                    .rsplit_once('.')
                    .is_some_and(|(ty, _)| models.executor(ty).is_some());
            }
            Event::MethodCall {
                place,
                method,
                args,
                ..
            } if place == &param && !args.contains(&param) => {
                // `fh.close()` (or any close-like name: the type is not known here) ends it.
                if CLOSE_LIKE.contains(&method.as_str())
                    || matches!(method.as_str(), "detach" | "release")
                {
                    return None;
                }
                used = true;
            }
            Event::Bind {
                target: Place::Local { name, .. },
                value: Some(v),
                ..
            } if v == &param && name.as_str() == "return" => {
                result = ParamUse::Returns;
                used = true;
            }
            Event::Call {
                args,
                kwargs,
                receiver,
                span,
                ..
            } if flow::uses(e, &param, &[])
                || receiver.as_ref() == Some(&param)
                || kwargs.iter().any(|(_, p)| p == &param) =>
            {
                if kwargs.iter().any(|(_, p)| p == &param) {
                    return None;
                }
                let site = graph.calls(id).iter().find(|c| c.span == *span)?;
                if receiver.as_ref() == Some(&param) && !args.iter().flatten().any(|a| a == &param)
                {
                    // A method of the resource's own class: like `fh.fileno()`.
                    used = true;
                    continue;
                }
                let callee = graph.function(site.callee);
                let offset = receiver_offset(callee, args);
                for (k, a) in args.iter().enumerate() {
                    if a.as_ref() == Some(&param)
                        && known.get(&(site.callee, (k + offset) as u32))
                            != Some(&ParamUse::Borrows)
                    {
                        return None;
                    }
                }
                used = true;
            }
            Event::Access { place, .. } if place == &param => used = true,
            e if flow::uses(e, &param, &[]) => return None,
            _ => {}
        }
    }
    // A parameter the body never mentions may still be kept through `locals()` or `*args`
    // forwarding the IR does not show; and a closure reading it may keep it past the call.
    if !(used || pool_work) || closure_uses(graph, id, &param) {
        return None;
    }
    Some(result)
}

/// The calls of function `id` that pass an opened local to a parameter the callee only borrows,
/// or return it to be bound to the same local again (`fh = self._get_lock(fh)`): the resource
/// stays this function's to close.
fn borrowing_calls(
    graph: &CallGraph,
    id: FuncId,
    borrowers: &Borrowers,
    opens: &BTreeMap<(u32, u32), Open>,
) -> Vec<(Span, Place)> {
    let mut out = Vec::new();
    let events = graph.events(id);
    for site in graph.calls(id) {
        let callee = graph.function(site.callee);
        let offset = receiver_offset(callee, &site.args);
        for o in opens.values() {
            let mut positions = site
                .args
                .iter()
                .enumerate()
                .filter(|(_, a)| a.as_ref() == Some(&o.place))
                .map(|(k, _)| borrowers.get(&(site.callee, (k + offset) as u32)).copied());
            let Some(first) = positions.next() else {
                continue;
            };
            let all: Option<Vec<ParamUse>> = std::iter::once(first).chain(positions).collect();
            let Some(uses) = all else { continue };
            let rebound = || {
                events.iter().any(|e| {
                    matches!(e, Event::Bind { target, rhs, .. } if target == &o.place && *rhs == site.span)
                })
            };
            if uses.iter().all(|u| *u == ParamUse::Borrows)
                || (uses.contains(&ParamUse::Returns) && rebound())
            {
                out.push((site.span, o.place.clone()));
            }
        }
    }
    out
}

/// Whether `e` is a call that only borrows the resource in `place`.
fn borrowed(kept: &[(Span, Place)], e: &Event, place: &Place) -> bool {
    matches!(e, Event::Call { .. }) && kept.iter().any(|(s, p)| *s == e.span() && p == place)
}

/// Whether the statement at `span` is followed, in its own block, by a call ending the process
/// (an `[[exit]]` model: `os._exit(0)`), with no `return`, `raise` or loop exit between.
fn exits_after(body: &[Stmt], span: Span, models: &Models) -> bool {
    let is_exit = |s: &Stmt| matches!(s, Stmt::Event(Event::Call { callee: Callee::Path(p), .. }) if models.is_exit(p.as_str()));
    let mut found = false;
    crate::ir::walk_lists(body, &mut |block| {
        let Some(at) = block.iter().position(
            |s| matches!(s, Stmt::Event(e) if e.span() == span || flow::encloses(e.span(), span)),
        ) else {
            return;
        };
        let leaves = |s: &Stmt| {
            let mut out = false;
            crate::ir::walk_stmts(std::slice::from_ref(s), &mut |s| {
                out |= matches!(
                    s,
                    Stmt::Return(_) | Stmt::Raise(_) | Stmt::Break(_) | Stmt::Continue(_)
                );
            });
            out
        };
        for s in &block[at + 1..] {
            if is_exit(s) {
                found = true;
            }
            if found || leaves(s) {
                return;
            }
        }
    });
    found
}
