//! KN301's check of threads and processes kept on an object: started into a field
//! (`self._thread = Thread(..); self._thread.start()`), or a `Thread` subclass that starts
//! itself (`self.start()` in its `__init__`), that no code of the program joins, while the
//! owner has a way to be closed (`close`, `stop`, `disconnect_socket`, `__exit__`). Closing the
//! object returns while its thread may still run: work queued for it is lost at exit (a daemon
//! thread is killed mid-way), a process is left a zombie.
//!
//! Also objects of the program's thread-owning classes kept in fields and never closed. The scan of
//! what the program does with a field is `rules/kept_fields.rs`.

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::Facts;
use crate::finding::Finding;
use crate::ir::{walk_events, Callee, Event, ExecCtx, Name, Place, Stmt};
use crate::models::Models;
use crate::rules::kept_fields::{
    class_level_fields, closer_of, closer_rank, closing_methods, related, uses_in, Use,
};
use crate::rules::lifecycle::last_segment;
use crate::rules::races::is_lang;
use crate::source::{Lang, Span};
use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHashSet as HashSet;

/// A thread or process an object keeps.
struct Kept {
    /// The class whose objects own the thread: the field's class, or the thread's own class
    /// when it starts itself.
    owner: Name,
    /// The field holding it; `None` for a thread object that starts itself.
    field: Option<Name>,
    /// The thread's own class, when it is a class of the program (`KeepAlive(Thread)`).
    thread_class: Option<Name>,
    api: Name,
    ctx: ExecCtx,
    start: Span,
    /// What the thread runs, when the program defines it.
    target: Option<FuncId>,
    /// The server whose `serve_forever` the thread runs.
    serves: Option<Place>,
}

pub(super) fn threads_kept_never_joined(facts: &Facts, out: &mut Vec<Finding>) {
    let cg = facts.callgraph();
    let mut kept = kept_threads(cg, facts.models);
    let class_level = class_level_fields(cg);
    kept.retain(|k| k.field.is_none_or(|f| !class_level.contains(&(k.owner, f))));
    if kept.is_empty() {
        return;
    }
    let related = |a: &str, b: &str| related(cg, a, b);
    let fields: HashSet<Name> = kept.iter().filter_map(|k| k.field).collect();
    let thread_classes: HashSet<Name> = kept.iter().filter_map(|k| k.thread_class).collect();
    // What each place holding a program thread class is declared as, for joins from outside
    // (`self.conn.join()` on a `SqliteMultithread`).
    let mut declared: HashMap<&Place, Name> = HashMap::default();
    for m in &cg.program().modules {
        for d in &m.decls {
            if thread_classes.iter().any(|t| related(&d.ty, t)) {
                declared.insert(&d.place, d.ty);
            }
        }
    }
    // The methods closing an object, ranked (see `closer_rank`), and the classes with a
    // `join` or `wait` of their own.
    let closers = closing_methods(cg, true);
    let mut joinable_classes: Vec<&str> = Vec::new();
    for id in cg.ids() {
        let f = cg.function(id);
        if let Some(class) = f.class.as_deref() {
            if matches!(f.short_name.as_str(), "join" | "wait") {
                joinable_classes.push(class);
            }
        }
    }
    let mut uses: Vec<Use> = Vec::new();
    let mut methods: HashMap<&str, Vec<FuncId>> = HashMap::default();
    for id in cg.ids() {
        if let Some(class) = cg.function(id).class.as_deref() {
            methods.entry(class).or_default().push(id);
        }
    }
    // Events and conditions some code waits on (`self._stopped.wait()`).
    let mut waited: HashSet<&Place> = HashSet::default();
    // Servers shut down (`server.shutdown()` returns once `serve_forever` has).
    let mut shut_down: HashSet<&Place> = HashSet::default();
    // Classes whose methods shut down their own object (`self.shutdown()` in a server class
    // whose `serve_forever` a thread runs).
    let mut shut_down_self: HashSet<&str> = HashSet::default();
    for id in cg.ids() {
        if is_lang(cg, id, Lang::Python) {
            let f = cg.function(id);
            let own =
                (f.class.as_deref()).filter(|_| f.params.first().is_some_and(|p| p == "self"));
            uses_in(cg, id, &fields, &["join"], &mut uses, &mut |e| match e {
                Event::MethodCall { place, method, .. } if method.as_str() == "wait" => {
                    waited.insert(place);
                }
                Event::MethodCall { place, method, .. }
                | Event::Call {
                    callee: Callee::Method { method, .. },
                    receiver: Some(place),
                    ..
                } if method.as_str() == "shutdown" => {
                    // `self.shutdown()` in a method of the class.
                    if let (Place::Param { index: 0, .. }, Some(own)) = (place, own) {
                        shut_down_self.insert(own);
                    }
                    shut_down.insert(place);
                }
                _ => {}
            });
        }
    }
    for k in &kept {
        // Only an object started and then joined (a thread, a process, a queue listener), not
        // a threading server whose requests run on threads of their own.
        let Some(model) = facts.models.spawn_constructor(&k.api) else {
            continue;
        };
        let joins: Vec<&str> = model.join.iter().map(String::as_str).collect();
        if model.start.is_none() || joins.is_empty() {
            continue;
        }
        let api = cg.canonical_name(&k.api);
        let holds_it = |p: &Place| match (p, k.field) {
            (Place::Field { class, field }, Some(f)) => *field == f && related(class, &k.owner),
            _ => false,
        };
        let of_thread_class = |class: &str| k.thread_class.is_some_and(|t| related(class, &t));
        // The methods of the thread's class that join the object itself (`def stop(self):
        // self._done.set(); self.join()`, or `super().stop()` of a queue listener).
        // A `Timer` cancelled ends without running its function.
        let joins_or_cancel: Vec<&str> = joins.iter().copied().chain(["cancel"]).collect();
        let self_joining: Vec<&str> = k
            .thread_class
            .map(|t| {
                let mut family = cg.ancestors(&t);
                family.push(t.to_string());
                family
            })
            .unwrap_or_default()
            .iter()
            .flat_map(|c| methods.get(c.as_str()).into_iter().flatten())
            .filter(|&&id| joins_itself(cg.function(id), &joins_or_cancel))
            .map(|&id| cg.function(id).short_name.as_str())
            .collect();
        // A thread object starting itself, with a method joining itself: its closing way.
        let joins_itself_when_closed = k.field.is_none() && !self_joining.is_empty();
        let handled = joins_itself_when_closed
            || uses.iter().any(|u| match u {
                Use::Joined(p) => {
                    holds_it(p)
                        || k.thread_class.is_some()
                            && declared.get(p).is_some_and(|ty| of_thread_class(ty))
                }
                Use::HandedOn(p) => holds_it(p),
                Use::Closed(_) => false,
                Use::Called(p, method) => {
                    holds_it(p)
                        && (joins.contains(&method.as_str())
                            || method == "cancel"
                            || self_joining.contains(&method.as_str()))
                }
                // `run_in_executor(None, self._thread.join)`: a join left to whoever calls it.
                Use::MethodRef(class, method) => {
                    (class.as_str() == api || of_thread_class(class))
                        && joins.contains(&method.as_str())
                }
            });
        // The thread tells, as it ends, an event someone waits on (`self._stopped.set()` last
        // in its loop, `self._stopped.wait()` in `close`): a join by hand.
        let tells = |method: &str| matches!(method, "set" | "notify" | "notify_all");
        let handshake = k.target.is_some_and(|t| {
            let mut told = false;
            let body = &cg.function(t).body;
            walk_events(body, &mut |e| {
                if let Event::MethodCall { place, method, .. } = e {
                    told |= tells(method) && waited.contains(place);
                }
            });
            // The event's `set` handed, as the thread's last step, to the loop the waiter runs
            // on (`loop.call_soon_threadsafe(self._stopped.set)`, also in a `finally`): the
            // loop sets it once the thread is done. Handed on earlier (`loop.call_soon(
            // self._ready.set)` before `run_forever()`), it tells that the thread started.
            told || last_event(body).is_some_and(|e| {
                matches!(e, Event::Spawn {
                    target: Some(Callee::Method { method, .. } | Callee::Dynamic { method }),
                    receiver: Some(place),
                    ..
                } if tells(method) && waited.contains(place))
            })
        });
        let served = k.serves.as_ref().is_some_and(|s| {
            shut_down.contains(s)
                || matches!(s, Place::Param { index: 0, .. })
                    && shut_down_self.iter().any(|c| related(c, &k.owner))
        });
        // An owner that can itself be joined (`def join(self)`, a wrapper of the thread): its
        // users join it.
        let joinable = joinable_classes.iter().any(|c| related(c, &k.owner));
        if handled || handshake || served || joinable {
            continue;
        }
        let Some(closer) = closer_of(cg, &closers, &k.owner) else {
            continue;
        };
        let closer_fn = cg.function(closer);
        let owner = last_segment(&k.owner);
        // The closing method may be a base's or a subclass's.
        let closer_owner = closer_fn.class.as_deref().map_or(owner, last_segment);
        let what = match k.ctx {
            ExecCtx::Process => "process",
            _ => "thread",
        };
        let (name, handle) = match k.field {
            Some(f) => (format!("{owner}.{f}"), format!("self.{f}")),
            None => (owner.to_string(), "self".to_string()),
        };
        let closer_name = &closer_fn.short_name;
        let message = match k.ctx {
            ExecCtx::Process => format!(
                "process `{name}` is never joined: `{closer_owner}.{closer_name}` returns without waiting for it, and the ended process is left a zombie"
            ),
            _ => format!(
                "thread `{name}` is never joined: `{closer_owner}.{closer_name}` returns while it may still run, and its work may be cut off at exit"
            ),
        };
        out.push(
            Finding::new(&super::thread_never_joined::RULE, k.start, message)
                .with_label(format!("`{handle}` is started here; no code joins it"))
                .with_related(
                    closer_fn.span,
                    format!("`{closer_owner}.{closer_name}` does not join the {what}"),
                )
                .with_help(format!(
                    "in `{closer_name}`, after telling the {what} to stop, call `{handle}.{}()`",
                    joins.first().copied().unwrap_or("join")
                )),
        );
    }
}

/// Whether `f` joins the object it runs on: calls one of `joins` on `self` (`self.join()`,
/// `super().stop()`).
fn joins_itself(f: &crate::ir::Function, joins: &[&str]) -> bool {
    let mut found = false;
    walk_events(&f.body, &mut |e| {
        found |= matches!(e, Event::Call {
            callee: Callee::Method { method, .. },
            receiver: Some(Place::Param { index: 0, .. }) | None,
            ..
        } if joins.contains(&method.as_str()));
    });
    found
}

/// The threads and processes started on objects of the program's classes, in the methods of
/// those classes (`self` as first parameter): started into a field (directly, or through a
/// local the method then stores), or a thread class's object starting itself.
fn kept_threads(cg: &CallGraph<'_>, models: &Models) -> Vec<Kept> {
    let mut kept = Vec::new();
    for id in cg.ids() {
        if !is_lang(cg, id, Lang::Python) {
            continue;
        }
        let func = cg.function(id);
        let Some(own) = func.class.as_deref() else {
            continue;
        };
        // A thread a closing method starts (`close()` handing the slow part of the shutdown to
        // a thread of its own) is a shutdown deliberately left running.
        if func.params.first().is_none_or(|p| p != "self")
            || closer_rank(&func.short_name).is_some()
        {
            continue;
        }
        let is_own = |class: &str| class == own || cg.ancestors(own).iter().any(|a| a == class);
        // Started into a local, kept only if the method stores the local in a field.
        let mut into_locals: Vec<(&Place, Kept)> = Vec::new();
        walk_events(&func.body, &mut |e| {
            let (started, handle) = match e {
                Event::Spawn {
                    target,
                    receiver,
                    ctx: ctx @ (ExecCtx::Thread | ExecCtx::Process),
                    api,
                    handle,
                    span,
                    ..
                } => {
                    let thread_class = match target {
                        Some(Callee::Method { class, method })
                            if method.as_str() == "run"
                                && thread_base(cg, models, class).is_some() =>
                        {
                            Some(*class)
                        }
                        _ => None,
                    };
                    // `self.start()` in a `Thread` subclass: the object is the thread.
                    let handle = match handle {
                        None if receiver.is_none() && thread_class.is_some_and(|c| is_own(&c)) => {
                            None
                        }
                        None => return,
                        Some(h) => Some(h),
                    };
                    let started = Kept {
                        owner: Name::new(own),
                        field: None,
                        thread_class,
                        api: *api,
                        ctx: *ctx,
                        start: *span,
                        target: target.as_ref().and_then(|t| cg.resolve(t)),
                        serves: receiver.clone().filter(|_| {
                            matches!(target, Some(Callee::Method { method, .. } | Callee::Dynamic { method }) if method.as_str() == "serve_forever")
                        }),
                    };
                    (started, handle)
                }
                // `self.flusher.start()` on a thread class of another module, which the
                // front-end did not know for one.
                Event::Call {
                    callee: Callee::Method { class, method },
                    receiver,
                    span,
                    ..
                } if method.as_str() == "start" => {
                    let Some(base) = thread_base(cg, models, class) else {
                        return;
                    };
                    let handle = match receiver {
                        Some(Place::Param { index: 0, .. }) | None if is_own(class) => None,
                        Some(h @ Place::Field { .. }) => Some(h),
                        _ => return,
                    };
                    let started = Kept {
                        owner: Name::new(own),
                        field: None,
                        thread_class: Some(*class),
                        api: Name::new(&base),
                        ctx: match models.spawn_constructor(&base) {
                            Some(m) if m.context == "process" => ExecCtx::Process,
                            _ => ExecCtx::Thread,
                        },
                        start: *span,
                        target: cg.resolve_method(class, "run"),
                        serves: None,
                    };
                    (started, handle)
                }
                Event::Bind {
                    target: Place::Field { class, field },
                    value: Some(v),
                    ..
                } if !field.as_str().contains('.') => {
                    for (_, started) in into_locals.iter().filter(|(l, _)| *l == v) {
                        kept.push(Kept {
                            owner: *class,
                            field: Some(*field),
                            serves: started.serves.clone(),
                            ..*started
                        });
                    }
                    return;
                }
                _ => return,
            };
            match handle {
                // `self.state.thread`: an object of a class not known. (A thread kept in a class
                // attribute, `self.__class__._thread`, is left out by `class_level_fields`.)
                Some(Place::Field { field, .. }) if field.as_str().contains('.') => {}
                Some(Place::Field { class, field }) => kept.push(Kept {
                    owner: *class,
                    field: Some(*field),
                    ..started
                }),
                Some(local @ Place::Local { .. }) => into_locals.push((local, started)),
                Some(_) => {}
                None => kept.push(started),
            }
        });
    }
    kept
}

/// The model's class a class of the program derives from to be a thread or a process
/// (`threading.Thread`, or any started and joined type of the spawn models such as
/// `logging.handlers.QueueListener`), if it does.
fn thread_base(cg: &CallGraph<'_>, models: &Models, class: &str) -> Option<String> {
    cg.ancestors(class).into_iter().find(|a| {
        models.spawn_constructor(a).is_some_and(|m| {
            m.start.is_some()
                && !m.join.is_empty()
                && matches!(m.context.as_str(), "thread" | "process")
        })
    })
}

/// An object of a class of the program that starts threads and joins them only in a closing
/// method of its own (`ResourceThreadPoolExecutor.shutdown`), kept in a field of another object
/// (`self._executor = ResourceThreadPoolExecutor(..)`) whose closing method never calls one of
/// the kept object's closing methods, nor hands it on: its threads are never joined.
pub(super) fn thread_owners_never_closed(facts: &Facts, out: &mut Vec<Finding>) {
    let cg = facts.callgraph();
    // Classes starting threads in a method, and the closing method of each that joins.
    let mut starting: HashSet<&str> = HashSet::default();
    let mut joined_by: HashMap<&str, FuncId> = HashMap::default();
    for id in cg.ids() {
        if !is_lang(cg, id, Lang::Python) {
            continue;
        }
        let f = cg.function(id);
        let Some(class) = f.class.as_deref() else {
            continue;
        };
        let (mut spawns, mut joins) = (false, false);
        walk_events(&f.body, &mut |e| match e {
            Event::Spawn {
                ctx: ExecCtx::Thread | ExecCtx::Process,
                ..
            } => spawns = true,
            Event::Join { .. } => joins = true,
            Event::MethodCall { method, .. } if method.as_str() == "join" => joins = true,
            _ => {}
        });
        if spawns {
            starting.insert(class);
        }
        if joins && closer_rank(&f.short_name) == Some(0) {
            joined_by.entry(class).or_insert(id);
        }
    }
    joined_by.retain(|c, _| starting.contains(c));
    if joined_by.is_empty() {
        return;
    }
    // Where an instance method constructs one (`self._executor = Pool(..)`: not a field typed
    // from a parameter, nor one the class body or a classmethod fills for every object).
    let mut constructed: Vec<Span> = Vec::new();
    for id in cg.ids() {
        let f = cg.function(id);
        if f.params.first().is_none_or(|p| p != "self") || !is_lang(cg, id, Lang::Python) {
            continue;
        }
        walk_events(&f.body, &mut |e| {
            if let Event::Call {
                callee: Callee::Path(path),
                span,
                ..
            } = e
            {
                if joined_by.contains_key(path.as_str()) {
                    constructed.push(*span);
                }
            }
        });
    }
    // Fields declared to hold an object of such a class: (owner, field, class, span).
    let mut kept: Vec<(Name, Name, &str, FuncId, Span)> = Vec::new();
    for m in &cg.program().modules {
        for d in &m.decls {
            if !constructed
                .iter()
                .any(|c| crate::analysis::flow::encloses(d.span, *c))
            {
                continue;
            }
            let Place::Field { class, field } = &d.place else {
                continue;
            };
            if field.as_str().contains('.') || class.as_str() == d.ty.as_str() {
                continue;
            }
            if let Some((&ty, &joining)) = joined_by.get_key_value(d.ty.as_str()) {
                kept.push((*class, *field, ty, joining, d.span));
            }
        }
    }
    if kept.is_empty() {
        return;
    }
    let related = |a: &str, b: &str| related(cg, a, b);
    let fields: HashSet<Name> = kept.iter().map(|k| k.1).collect();
    let uses = crate::rules::kept_fields::uses_in_program(cg, &fields, CLOSING_CALLS);
    let closers = closing_methods(cg, false);
    for (owner, field, ty, joining, span) in kept {
        let holds_it = |p: &Place| matches!(p, Place::Field { class, field: f } if *f == field && related(class, &owner));
        let handled = uses.iter().any(|u| match u {
            Use::HandedOn(p) | Use::Closed(p) | Use::Joined(p) => holds_it(p),
            Use::Called(p, method) => holds_it(p) && closer_rank(method.as_str()).is_some(),
            Use::MethodRef(class, method) => {
                related(class, ty) && closer_rank(method.as_str()).is_some()
            }
        });
        if handled {
            continue;
        }
        let Some(closer) = closer_of(cg, &closers, &owner) else {
            continue;
        };
        let closer_fn = cg.function(closer);
        let joining_fn = cg.function(joining);
        let owner_name = last_segment(&owner);
        let closer_owner = closer_fn.class.as_deref().map_or(owner_name, last_segment);
        let kind = last_segment(ty);
        let stop = &joining_fn.short_name;
        out.push(
            Finding::new(
                &super::thread_never_joined::RULE,
                span,
                format!(
                    "the threads of `{owner_name}.{field}` are never joined: only `{kind}.{stop}` joins them, and `{closer_owner}.{}` never calls it",
                    closer_fn.short_name
                ),
            )
            .with_label(format!("`self.{field}` is a `{kind}`, which starts threads"))
            .with_related(joining_fn.span, format!("`{kind}.{stop}` joins its threads"))
            .with_related(
                closer_fn.span,
                format!("`{closer_owner}.{}` does not call `self.{field}.{stop}()`", closer_fn.short_name),
            )
            .with_help(format!("call `self.{field}.{stop}()` in `{}`", closer_fn.short_name)),
        );
    }
}

/// Method names a variable is ended by, for a thread-owning object read into one.
const CLOSING_CALLS: &[&str] = &["close", "shutdown", "stop", "terminate", "join"];

/// The event a body ends with: its last statement, or the last of a `finally`, a `with` block
/// or a lock region ending it.
fn last_event(body: &[Stmt]) -> Option<&Event> {
    match body.last()? {
        Stmt::Event(e) => Some(e),
        Stmt::Try { finally, .. } if !finally.is_empty() => last_event(finally),
        Stmt::Block(inner) | Stmt::Hold { body: inner, .. } => last_event(inner),
        _ => None,
    }
}
