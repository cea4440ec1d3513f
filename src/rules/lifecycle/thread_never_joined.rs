//! KN301 thread-never-joined: a thread or process started into a local and never joined, and a
//! pool of workers (`ThreadPoolExecutor`, `multiprocessing.Pool`) never shut down or never
//! joined.
//!
//! A literal written to a field or global beside a thread's start (`self.running = True`) is a
//! flag, not a place keeping the handle (`lifecycle::Unjoined::flags`): such a flag exempts the
//! thread only when the thread's own code tests it in a loop, up to three calls down
//! (`polls_flag`).

use crate::analysis::callgraph::FuncId;
use crate::analysis::lifecycle::{HandleKind, Returned, Unjoined};
use crate::analysis::resources::LeakPath;
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::ir::{walk_events, walk_stmts, AccessKind, Event, ExecCtx, Name, Place, Stmt};
use crate::models::schema::ResourceModel;
use crate::rules::lifecycle::{dropped_returns, last_segment, place_name, short_callee};
use crate::rules::races::is_lang;
use crate::rules::resources::leak_finding;
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::Lang;
use crate::source::Span;
use rayon::prelude::*;
use rustc_hash::FxHashSet as HashSet;

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN301",
    name: "thread-never-joined",
    family: Family::Lifecycle,
    langs: &[Lang::Python],
    status: Status::Stable,
    severity: Severity::Warning,
    doc: rule_doc!("KN301"),
    check: Some(check),
};

/// One of the independent walks [`check`] makes, each over the whole program.
type Part = dyn Fn(&Facts, &mut Vec<Finding>) + Sync;

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    // The walks are independent and each takes the whole program: run them side by side, or
    // this rule alone is the longest of the run's last rules. Each runs on a thread of its own,
    // not on the rayon pool: a walk may force an analysis (`facts.resources()`) that another
    // rule's thread is computing with pool work, which blocked pool workers would starve.
    let parts: [&Part; 9] = [
        &pools_closed_not_joined,
        &work_killed_at_with_exit,
        &pools_left_open,
        &pools_kept_never_shut_down,
        &super::kept_threads::threads_kept_never_joined,
        &super::kept_threads::thread_owners_never_closed,
        &|facts, out| {
            super::terminated_not_joined::processes_stopped_not_reaped(
                facts,
                super::terminated_not_joined::Stopped::Joinable,
                out,
            )
        },
        &returned_and_dropped,
        &super::joined_last_only::threads_joined_last_only,
    ];
    let run = |part: &Part| {
        let mut found = Vec::new();
        part(facts, &mut found);
        found
    };
    let found: Vec<Vec<Finding>> = if rayon::current_num_threads() <= 1 {
        parts.iter().map(|&part| run(part)).collect()
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = parts
                .iter()
                .map(|&part| {
                    std::thread::Builder::new()
                        .name("knot KN301 part".into())
                        .spawn_scoped(s, move || run(part))
                        .map_err(|_| part)
                })
                .collect();
            handles
                .into_iter()
                .map(|h| match h {
                    // A panic goes on to the rule's own handler, as if it ran here.
                    Ok(thread) => thread
                        .join()
                        .unwrap_or_else(|payload| std::panic::resume_unwind(payload)),
                    // A thread that cannot be started runs its walk here instead.
                    Err(part) => run(part),
                })
                .collect()
        })
    };
    out.extend(found.into_iter().flatten());
    for u in &facts.lifecycle().unjoined {
        if u.kind != HandleKind::Joinable {
            continue;
        }
        let Some(local) = &u.kept_in else { continue };
        if polls_flag(facts, u) {
            continue;
        }
        // The model's own way to wait (`stop()` for a queue listener), `join()` by default.
        let join = (facts.models.spawn_constructor(&u.api))
            .and_then(|m| m.join.first())
            .map_or("join", String::as_str);
        out.push(
            Finding::new(&RULE, u.spawn, message(u, &place_name(local)))
                .with_label(format!("`{}` is started here", place_name(local)))
                .with_help(format!(
                    "call `{}.{join}()` on every path, or make it a daemon if it may die with the program",
                    place_name(local)
                )),
        );
    }
}

/// Calls followed down from a thread's target when looking for the loop testing its flag.
const POLL_DEPTH: usize = 3;

/// Whether the thread `u` runs, or code it cannot be told from does, tests in a loop one of the
/// places its starter sets to a literal (`Unjoined::flags`): `self.running = True` before the
/// start, and `while self.running:` (or `if not self.running: break` in the loop, or `while not
/// self.stopped():` through a predicate reading it) in the target or a function it calls. Such a
/// thread is a service loop its owner stops by clearing the flag. A thread whose code only reads
/// the flag once (a `Timer` callback's `if self.analyzing:`) is not: nothing ends or waits for it.
/// A target knot cannot resolve may poll the flag where knot does not see it: left alone.
fn polls_flag(facts: &Facts, u: &Unjoined) -> bool {
    if u.flags.is_empty() {
        return false;
    }
    let cg = facts.callgraph();
    let Some(target) = u.target.as_ref().and_then(|t| cg.resolve(t)) else {
        return true;
    };
    // The flag as the thread's code names it: the same place, or the same attribute named
    // through a class related to the one the starter names it through (a base's method
    // setting what a subclass's loop reads).
    let is_flag = |p: &Place| {
        u.flags.iter().any(|f| match (f, p) {
            (Place::Field { class: a, field: x }, Place::Field { class: b, field: y })
                if x == y =>
            {
                a == b
                    || cg.ancestors(a).iter().any(|c| c == b.as_str())
                    || cg.ancestors(b).iter().any(|c| c == a.as_str())
            }
            _ => f == p,
        })
    };
    let reads = |e: &Event| match e {
        Event::Access {
            place,
            kind: AccessKind::Read,
            ..
        }
        | Event::MethodCall { place, .. } => is_flag(place),
        _ => false,
    };
    // A loop test: its events read the flag, or call a function that does (`self.stopped()`).
    let tests = |cond: &[Stmt]| {
        let mut found = false;
        walk_events(cond, &mut |e| {
            found = found
                || reads(e)
                || matches!(e, Event::Call { callee, .. }
                    if cg.resolve(callee).is_some_and(|id| cg.events(id).iter().any(|&e| reads(e))));
        });
        found
    };
    fn loops_on(body: &[Stmt], in_loop: bool, tests: &dyn Fn(&[Stmt]) -> bool) -> bool {
        body.iter().any(|s| match s {
            Stmt::Loop { cond, body, .. } => tests(cond) || loops_on(body, true, tests),
            Stmt::Branch { cond, arms, .. } => {
                (in_loop && tests(cond)) || arms.iter().any(|a| loops_on(a, in_loop, tests))
            }
            _ => {
                let mut found = false;
                s.each_body(&mut |b| found = found || loops_on(b, in_loop, tests));
                found
            }
        })
    }
    let mut seen = vec![target];
    let mut frontier = vec![target];
    for depth in 0..=POLL_DEPTH {
        let mut next = Vec::new();
        for id in frontier {
            if loops_on(&cg.function(id).body, false, &tests) {
                return true;
            }
            if depth < POLL_DEPTH {
                for c in cg.calls(id) {
                    if !seen.contains(&c.callee) {
                        seen.push(c.callee);
                        next.push(c.callee);
                    }
                }
            }
        }
        frontier = next;
    }
    false
}

/// A helper that starts a thread and returns it, called as a statement: the caller drops the
/// only handle, so nothing joins the thread.
fn returned_and_dropped(facts: &Facts, out: &mut Vec<Finding>) {
    let what = |r: &Returned| match r.ctx {
        ExecCtx::Process => "process",
        _ => "thread",
    };
    dropped_returns(
        facts,
        HandleKind::Joinable,
        "starts it",
        |call, helper, running, first| {
            let kind = what(first);
            Finding::new(
                &RULE,
                call,
                format!("{kind}{running} returned by `{helper}` is dropped here and never joined"),
            )
            .with_label(format!("the {kind} `{helper}` returns is dropped here"))
            .with_help(format!(
                "keep what `{helper}` returns and join it, or make it a daemon if it may die with the program"
            ))
        },
        out,
    );
}

fn message(u: &Unjoined, name: &str) -> String {
    let what = match u.ctx {
        ExecCtx::Process => "process",
        _ => "thread",
    };
    match &u.target {
        Some(t) => format!(
            "{what} `{name}` running `{}` is started but never joined",
            short_callee(t)
        ),
        None => format!("{what} `{name}` is started but never joined"),
    }
}

/// A pool of workers opened into a local and not shut down (nor handed on) on every path: an
/// early `return`, or a call that raises first. Its workers are never joined.
fn pools_left_open(facts: &Facts, out: &mut Vec<Finding>) {
    let graph = facts.callgraph();
    for leak in &facts.resources().leaks {
        // A pool of workers is an executor model (`ThreadPoolExecutor`, `multiprocessing.Pool`).
        let Some(pool) = facts.models.executor(&leak.api) else {
            continue;
        };
        // One never held in a variable is KN401's wording of a dropped resource.
        if leak.dropped.is_some() {
            continue;
        }
        let workers = if pool.context == "process" {
            "worker processes"
        } else {
            "worker threads"
        };
        let name = &leak.local;
        let (message, help) = match leak.path {
            LeakPath::Raise(_) | LeakPath::Reopened(_) => (
                format!("pool `{name}` is not shut down if a later call raises: its {workers} are never joined"),
                format!("use `with` so `{name}` is shut down and its workers joined on every path"),
            ),
            LeakPath::Return(_) => (
                format!("pool `{name}` is not shut down on every path: its {workers} are never joined"),
                format!("use `with`, or shut `{name}` down (and join it) before every return"),
            ),
        };
        out.push(leak_finding(&RULE, graph, leak, message, help));
    }
}

/// A pool opened into a local (not with `with`), closed by a method that only stops new work
/// (`pool.close()`), and neither joined nor terminated in the function nor handed on: its
/// worker processes are never waited for.
fn pools_closed_not_joined(facts: &Facts, out: &mut Vec<Finding>) {
    let cg = facts.callgraph();
    // Each function on its own, in parallel; findings in function order.
    let found: Vec<Vec<Finding>> = (0..cg.len())
        .into_par_iter()
        .map(|i| pools_closed_in(facts, FuncId(i as u32)))
        .collect();
    out.extend(found.into_iter().flatten());
}

/// [`pools_closed_not_joined`] in function `id`.
fn pools_closed_in(facts: &Facts, id: FuncId) -> Vec<Finding> {
    let cg = facts.callgraph();
    let mut out = Vec::new();
    if !is_lang(cg, id, Lang::Python) {
        return out;
    }
    let body = &cg.function(id).body;
    let mut pools: Vec<(Place, Span, &ResourceModel)> = Vec::new();
    walk_events(body, &mut |e| {
        if let Event::Open {
            resource: Some(place),
            api,
            managed: false,
            span,
        } = e
        {
            if let Some(model) = facts.models.resource(&cg.canonical_name(api)) {
                if !model.reaped_by.is_empty() {
                    pools.push((place.clone(), *span, model));
                }
            }
        }
    });
    for (pool, open, model) in pools {
        let mut closed_at = None;
        let mut reaped_or_handed_on = false;
        walk_events(body, &mut |e| match e {
            Event::MethodCall {
                place,
                method,
                args,
                span,
                ..
            } => {
                if *place == pool && model.reaped_by.iter().any(|m| m == method) {
                    reaped_or_handed_on = true;
                } else if *place == pool && model.close.iter().any(|m| m == method) {
                    closed_at.get_or_insert(*span);
                } else if args.contains(&pool) {
                    reaped_or_handed_on = true;
                }
            }
            Event::Call { args, kwargs, .. } => {
                reaped_or_handed_on |= args.iter().flatten().any(|a| *a == pool)
                    || kwargs.iter().any(|(_, a)| *a == pool);
            }
            Event::Bind { value, .. } => reaped_or_handed_on |= value.as_ref() == Some(&pool),
            _ => {}
        });
        let Some(close) = closed_at.filter(|_| !reaped_or_handed_on) else {
            continue;
        };
        let name = place_name(&pool);
        out.push(
            Finding::new(
                &RULE,
                close,
                format!("pool `{name}` is closed but its workers are never joined"),
            )
            .with_label(format!(
                "`{name}.close()` only stops new tasks; nothing waits for the workers"
            ))
            .with_related(open, format!("`{name}` is created here"))
            .with_help(format!(
                "call `{name}.join()` after `close()`, or use `with` so the pool is terminated"
            )),
        );
    }
    out
}

/// Work handed to a pool inside its `with` block by a method that returns before the work is
/// done, its handle dropped (`pool.map_async(f, xs)` as a statement), with no `join` of the pool
/// in the block: leaving the block terminates the pool (`Pool.__exit__` calls `terminate()`),
/// killing the work.
fn work_killed_at_with_exit(facts: &Facts, out: &mut Vec<Finding>) {
    let cg = facts.callgraph();
    // Each function on its own, in parallel; findings in function order.
    let found: Vec<Vec<Finding>> = (0..cg.len())
        .into_par_iter()
        .map(|i| work_killed_in(facts, FuncId(i as u32)))
        .collect();
    out.extend(found.into_iter().flatten());
}

/// [`work_killed_at_with_exit`] in function `id`.
fn work_killed_in(facts: &Facts, id: FuncId) -> Vec<Finding> {
    let cg = facts.callgraph();
    let mut out = Vec::new();
    if !is_lang(cg, id, Lang::Python) {
        return out;
    }
    let body = &cg.function(id).body;
    // What encloses a call: a call it is an argument of, the value a statement binds.
    let mut enclosing: Vec<Span> = Vec::new();
    walk_events(body, &mut |e| {
        enclosing.push(e.span());
        if let Event::Bind { rhs, .. } = e {
            enclosing.push(*rhs);
        }
    });
    let dropped = |at: Span| {
        !enclosing
            .iter()
            .any(|s| *s != at && s.start <= at.start && at.end <= s.end)
    };
    walk_stmts(body, &mut |s| {
        let Stmt::Block(block) = s else { return };
        let Some((pool, open, api, model)) = block.iter().find_map(|st| match st {
            Stmt::Event(Event::Open {
                resource: Some(p),
                api,
                managed: true,
                span,
            }) => {
                let api = cg.canonical_name(api);
                let model = facts.models.resource(&api).filter(|m| m.exit_kills)?;
                Some((p, *span, api, model))
            }
            _ => None,
        }) else {
            return;
        };
        // `pool.close(); pool.join()` in the block waits for everything handed to it.
        let mut joined = false;
        walk_events(block, &mut |e| {
            joined |= matches!(e, Event::MethodCall { place, method, .. }
                if place == pool
                    && model.reaped_by.contains(&method.to_string())
                    && !model.close.contains(&method.to_string()));
        });
        if joined {
            return;
        }
        for st in block.iter() {
            let Stmt::Event(Event::Spawn {
                api: spawn_api,
                handle: None,
                span,
                ..
            }) = st
            else {
                continue;
            };
            let Some((ty, method)) = spawn_api.rsplit_once('.') else {
                continue;
            };
            let returns_early = cg.canonical_name(ty) == api
                && facts
                    .models
                    .executor(ty)
                    .is_some_and(|e| e.map_handle.iter().any(|m| m == method));
            if !returns_early || !dropped(*span) {
                continue;
            }
            let name = place_name(pool);
            out.push(
                Finding::new(
                    &RULE,
                    *span,
                    format!(
                        "the work `{method}` hands to `{name}` is killed when the `with` block ends: nothing waits for it, and leaving the block terminates the pool"
                    ),
                )
                .with_label(format!(
                    "handed to `{name}` here; what `{method}` returns is dropped"
                ))
                .with_related(
                    open,
                    format!("`{name}`'s `with` block: leaving it calls `terminate()`"),
                )
                .with_help(format!(
                    "wait for the results (`.get()` on what `{method}` returns), or call `{name}.close()` and then `{name}.join()` before the block ends"
                )),
            );
        }
    });
    out
}

/// A pool kept in an attribute (`self.executor = ThreadPoolExecutor()`, directly or through a
/// local) that no code of the program shuts down, through that attribute of the class, of a
/// class it derives from or of one deriving from it, and that is never handed on (passed to a
/// call, stored elsewhere, returned). Each object of the class leaves its workers running
/// until the program exits.
fn pools_kept_never_shut_down(facts: &Facts, out: &mut Vec<Finding>) {
    let cg = facts.callgraph();
    // Pools stored in a field: (class, field, api, opened at, function).
    let mut kept: Vec<(Name, Name, Name, Span, FuncId)> = Vec::new();
    for id in cg.ids() {
        if !is_lang(cg, id, Lang::Python) {
            continue;
        }
        // A pool made in an instance method belongs to each object; one made in the class
        // body or a classmethod (`cls._pool`) is shared by the program, like a global.
        let func = cg.function(id);
        if func.class.is_none() || func.params.first().is_none_or(|p| p != "self") {
            continue;
        }
        let body = &func.body;
        let mut into_locals: Vec<(&Place, Name, Span)> = Vec::new();
        walk_events(body, &mut |e| match e {
            Event::Open {
                resource: Some(place),
                api,
                managed: false,
                span,
            } if facts.models.executor(&cg.canonical_name(api)).is_some() => match place {
                Place::Field { class, field } => kept.push((*class, *field, *api, *span, id)),
                Place::Local { .. } => into_locals.push((place, *api, *span)),
                _ => {}
            },
            Event::Bind {
                target: Place::Field { class, field },
                value: Some(v),
                ..
            } => {
                for (local, api, span) in &into_locals {
                    if *local == v {
                        kept.push((*class, *field, *api, *span, id));
                    }
                }
            }
            _ => {}
        });
    }
    if kept.is_empty() {
        return;
    }
    let related = |a: &str, b: &str| crate::rules::kept_fields::related(cg, a, b);
    // One walk of the program for all the pools: what each function does with a field of one
    // of their names (a pool's class is checked per pool below).
    let fields: HashSet<Name> = kept.iter().map(|k| k.1).collect();
    let pool_types: HashSet<String> = kept.iter().map(|k| cg.canonical_name(&k.2)).collect();
    let found: Vec<Vec<FieldUse>> = (0..cg.len())
        .into_par_iter()
        .map(|i| {
            let id = FuncId(i as u32);
            let mut uses = Vec::new();
            if is_lang(cg, id, Lang::Python) {
                field_uses(cg.function(id), id, &fields, &pool_types, &mut uses);
            }
            uses
        })
        .collect();
    let uses: Vec<FieldUse> = found.into_iter().flatten().collect();
    for (class, field, api, open, opened_in) in kept {
        let api = cg.canonical_name(&api);
        let names_pool = |p: &Place| matches!(p, Place::Field { class: c, field: f } if *f == field && related(c, &class));
        let close_methods: &[String] = facts
            .models
            .resource(&api)
            .map_or(&[], |m| m.close.as_slice());
        let in_family = |id: FuncId| {
            cg.function(id)
                .class
                .as_deref()
                .is_some_and(|c| related(c, &class))
        };
        let mut shut_or_handed = false;
        let mut submitted: Option<Span> = None;
        let mut used: Option<Span> = None;
        for u in &uses {
            match &u.what {
                Use::ShutOrHanded(p) => shut_or_handed |= names_pool(p),
                Use::Closed(p, method) => {
                    shut_or_handed |= names_pool(p) && close_methods.contains(method)
                }
                // A closing method of the pool's type read as a value in the class
                // (`atexit.register(self.pool.shutdown)`): left to whoever calls it.
                Use::ClosingRef(ty, method) => {
                    shut_or_handed |=
                        *ty == api && close_methods.contains(method) && in_family(u.function)
                }
                Use::Read(p)
                    if names_pool(p) && in_family(u.function) && u.function != opened_in =>
                {
                    used.get_or_insert(u.span);
                }
                Use::Submitted(p) if names_pool(p) && in_family(u.function) => {
                    submitted.get_or_insert(u.span);
                }
                Use::SpawnedVia(via) if via.starts_with(api.as_str()) && in_family(u.function) => {
                    submitted.get_or_insert(u.span);
                }
                _ => {}
            }
            if shut_or_handed {
                break;
            }
        }
        if shut_or_handed {
            continue;
        }
        // A pool whose workers start with its first job (`ThreadPoolExecutor`) and that is
        // never given one runs no worker.
        let submitted = submitted.or(used);
        let executor = facts.models.executor(&api);
        if executor.is_some_and(|m| m.lazy_workers) && submitted.is_none() {
            continue;
        }
        let workers = match executor {
            Some(m) if m.context == "process" => "worker processes",
            _ => "worker threads",
        };
        let model = facts.models.resource(&api);
        let shut = match model {
            Some(m) if !m.reaped_by.is_empty() => {
                format!("`self.{field}.close()` and `self.{field}.join()`")
            }
            Some(m) if !m.close.is_empty() => format!("`self.{field}.{}()`", m.close[0]),
            _ => format!("`self.{field}.shutdown()`"),
        };
        let owner = last_segment(&class);
        let name = format!("{owner}.{field}");
        let mut finding = Finding::new(
            &RULE,
            open,
            format!("pool `{name}` is never shut down: its {workers} run until the program exits"),
        )
        .with_label(format!("`{name}` is created here; no code shuts it down"));
        if let Some(at) = submitted {
            finding = finding.with_related(at, "work is handed to the pool here".to_string());
        }
        // The owner's own way to be closed, when it has one: it is where the shutdown belongs.
        let closer = cg.ids().find(|&id| {
            let f = cg.function(id);
            f.class.as_deref().is_some_and(|c| related(c, &class))
                && crate::rules::kept_fields::closer_rank(&f.short_name).is_some_and(|r| r != 1)
        });
        let help = match closer {
            Some(id) => {
                let f = cg.function(id);
                finding = finding.with_related(
                    f.span,
                    format!("`{owner}.{}` does not shut the pool down", f.short_name),
                );
                format!("call {shut} in `{}`", f.short_name)
            }
            None => format!(
                "give `{owner}` a `close()` that calls {shut}, and call it when the object is done"
            ),
        };
        out.push(finding.with_help(help));
    }
}

/// What a function does with a field of a kept pool's name, or with a pool type's method.
struct FieldUse {
    function: FuncId,
    span: Span,
    what: Use,
}

enum Use {
    /// Closed (`with`, a close the front-end saw), stored elsewhere, passed on or returned.
    ShutOrHanded(Place),
    /// A method called through it (`self._pool.shutdown(wait=False)` lowered as a call).
    Closed(Place, String),
    /// A method of a pool type read as a value: `(type, method)`.
    ClosingRef(String, String),
    /// Read (`loop.run_in_executor(self._pool, ..)`), outside a `return` of it.
    Read(Place),
    /// Given work through a method call (`self._pool.submit(..)`).
    Submitted(Place),
    /// Work started through a method of a pool type (`..ThreadPoolExecutor.submit`).
    SpawnedVia(String),
}

/// The uses in `f` of fields named in `fields` and of the methods of `pool_types`.
fn field_uses(
    f: &crate::ir::Function,
    id: FuncId,
    fields: &HashSet<Name>,
    pool_types: &HashSet<String>,
    out: &mut Vec<FieldUse>,
) {
    let named = |p: &Place| matches!(p, Place::Field { field, .. } if fields.contains(field));
    let mut returns: Vec<Span> = Vec::new();
    let mut reads: Vec<(Place, Span)> = Vec::new();
    let mut push = |span: Span, what: Use| {
        out.push(FieldUse {
            function: id,
            span,
            what,
        })
    };
    let closing_ref = |p: &Place| match p {
        Place::Field { class, field } if pool_types.contains(class.as_str()) => {
            Some(Use::ClosingRef(class.to_string(), field.to_string()))
        }
        _ => None,
    };
    walk_stmts(&f.body, &mut |st| {
        let e = match st {
            Stmt::Return(r) => return returns.push(*r),
            Stmt::Event(e) => e,
            _ => return,
        };
        let span = e.span();
        match e {
            Event::Close { resource: p, .. } | Event::Bind { value: Some(p), .. } if named(p) => {
                push(span, Use::ShutOrHanded(p.clone()))
            }
            Event::Access {
                place,
                kind: AccessKind::Read,
                ..
            } if named(place) => reads.push((place.clone(), span)),
            Event::Call {
                args,
                kwargs,
                receiver,
                callee,
                ..
            } => {
                if let Some(r) = receiver.as_ref().filter(|r| named(r)) {
                    push(span, Use::Submitted(r.clone()));
                    push(span, Use::Closed(r.clone(), short_callee(callee)));
                }
                for a in args.iter().flatten().chain(kwargs.iter().map(|(_, a)| a)) {
                    if named(a) {
                        push(span, Use::ShutOrHanded(a.clone()));
                    } else if let Some(u) = closing_ref(a) {
                        push(span, u);
                    }
                }
            }
            Event::MethodCall { args, place, .. } => {
                for a in args.iter() {
                    if named(a) {
                        push(span, Use::ShutOrHanded(a.clone()));
                    } else if let Some(u) = closing_ref(a) {
                        push(span, u);
                    }
                }
                if named(place) {
                    push(span, Use::Submitted(place.clone()));
                }
            }
            Event::Spawn { args, api, .. } => {
                for a in args.iter().flatten().filter(|a| named(a)) {
                    push(span, Use::ShutOrHanded(a.clone()));
                }
                if pool_types
                    .iter()
                    .any(|t| api.as_str().starts_with(t.as_str()))
                {
                    push(span, Use::SpawnedVia(api.to_string()));
                }
            }
            _ => {}
        }
    });
    // `return self._pool`: handed to the caller (the read is the whole returned value, not an
    // argument of a call in it).
    for (place, a) in reads {
        let returned = returns
            .iter()
            .any(|r| r.file == a.file && r.start <= a.start && a.end == r.end);
        push(
            a,
            if returned {
                Use::ShutOrHanded(place)
            } else {
                Use::Read(place)
            },
        );
    }
}
