//! KN1xx: races on shared state. Rules here query `analysis::shared` (contexts, locksets,
//! racing pairs) and word the findings; helpers below keep the wording in one place.

pub mod async_check_then_act;
mod async_own_value;
pub mod atomic_load_then_store;
pub mod check_then_act;
pub mod escaping_view;
pub mod stale_across_sections;
pub mod static_mut_access;
pub mod unsynchronized_read_modify_write;
pub mod unsynchronized_write;

use crate::ir::Atomicity;
use std::collections::BTreeSet;

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::lockset::{AccessFact, LockSet};
use crate::analysis::shared::Sharing;
use crate::finding::Finding;
use crate::ir::{walk_events, walk_stmts, AccessKind, Event, ExecCtx, Place, Stmt};
use crate::source::{Lang, Span};

/// How a place reads in a message: `self.count`, `cache`, `Config._instance`.
pub(crate) fn place_name(cg: &CallGraph, place: &Place, func: FuncId) -> String {
    match place {
        Place::Global(q) => last_segment(q).to_string(),
        Place::Field { class, field } => {
            let f = cg.function(func);
            let own = f
                .class
                .as_deref()
                .is_some_and(|c| cg.canonical_name(c) == cg.canonical_name(class));
            match f.params.first() {
                Some(p) if own && (p == "self" || p == "cls") => format!("{p}.{field}"),
                _ => format!("{}.{field}", last_segment(class)),
            }
        }
        Place::Local { name, .. } => crate::ir::spelled_local(name).to_string(),
        Place::Param { function, index } => cg
            .by_name(function.as_str())
            .and_then(|id| cg.function(id).params.get(*index as usize).cloned())
            .unwrap_or_else(|| format!("{}#{index}", last_segment(function))),
    }
}

/// [`place_name`] for the access at `span`: a class attribute spelled through its class there
/// (`Registry._instance`, `self.__class__._loop`) reads as `Registry._instance`.
pub(crate) fn place_name_at(cg: &CallGraph, place: &Place, func: FuncId, span: Span) -> String {
    match place {
        Place::Field { class, field }
            if cg.module_of(func).facts.class_spelled.contains(&span)
                && cg.function(func).params.first().is_none_or(|p| p != "cls") =>
        {
            format!("{}.{field}", last_segment(class))
        }
        _ => place_name(cg, place, func),
    }
}

/// A function as users name it: `Worker.run`, `main`, `<module>`.
pub(crate) fn func_name(cg: &CallGraph, func: FuncId) -> String {
    let f = cg.function(func);
    let module = &cg.module_of(func).name;
    let rest = f
        .name
        .strip_prefix(module.as_str())
        .map(|r| r.trim_start_matches(['.', ':']))
        .unwrap_or(&f.name);
    if rest.is_empty() {
        f.short_name.clone()
    } else {
        rest.to_string()
    }
}

pub(crate) fn locks_text(cg: &CallGraph, held: &LockSet, func: FuncId) -> String {
    if held.is_empty() {
        return "no lock held".to_string();
    }
    let names: Vec<String> = held
        .iter()
        .map(|l| format!("`{}`", place_name(cg, l, func)))
        .collect();
    format!("holding {}", names.join(", "))
}

/// A finding at access `a` that races access `b`: `a` labelled `{a_label}, <locks held>`, `b`
/// related as `{b_label} in `<function>`, <locks held>`, and the spawn sites of both contexts.
#[allow(clippy::too_many_arguments)]
pub(crate) fn pair_finding(
    rule: &'static crate::rules::RuleDef,
    cg: &CallGraph,
    sharing: &Sharing,
    a: &AccessFact,
    b: &AccessFact,
    message: String,
    a_label: &str,
    b_label: &str,
    help: String,
) -> Finding {
    let finding = Finding::new(rule, a.span, message)
        .with_label(format!("{a_label}, {}", locks_text(cg, &a.held, a.func)))
        .with_related(
            b.span,
            format!(
                "{b_label} in `{}`, {}",
                func_name(cg, b.func),
                locks_text(cg, &b.held, b.func)
            ),
        )
        .with_help(help);
    with_spawn_sites(finding, cg, sharing, &[a.ctx, b.ctx])
}

/// Related labels for the contexts an access runs in: where each thread is started, what it
/// runs, and whether the code that started it keeps running alongside (a creator window).
pub(crate) fn with_spawn_sites(
    mut finding: Finding,
    cg: &CallGraph,
    sharing: &Sharing,
    ctxs: &[usize],
) -> Finding {
    // One label per (spawn site, entry), remembering whether the creator side is involved, and
    // the later method of the object it is, if it is one.
    let mut sites: Vec<(usize, Option<usize>, Option<usize>)> = Vec::new();
    for &ci in ctxs {
        let c = &sharing.contexts.list[ci];
        let (w, creator) = match c.creator_of {
            Some(w) => (w, Some(ci)),
            None => (ci, None),
        };
        let later = c.kept_in.as_ref().map(|_| ci);
        match sites.iter_mut().find(|(x, _, _)| *x == w) {
            Some(site) => {
                site.1 = site.1.or(creator);
                site.2 = site.2.or(later);
            }
            None => sites.push((w, creator, later)),
        }
    }
    let mut seen: BTreeSet<(u32, u32, FuncId)> = BTreeSet::new();
    for (w, creator, later) in sites {
        let worker = &sharing.contexts.list[w];
        if !seen.insert((worker.spawn.file.0, worker.spawn.start, worker.entry)) {
            continue;
        }
        let entry = func_name(cg, worker.entry);
        let mut text = if worker.per_request {
            format!("threading server built here: runs `{entry}` for every request, each on its own thread")
        } else if worker.kind == ExecCtx::Reactor {
            format!("scheduled here: runs `{entry}` on the event loop's thread")
        } else {
            let many = if worker.many { ", many at once" } else { "" };
            let noun = worker_noun(worker.kind);
            format!("{noun} started here: runs `{entry}`{many}")
        };
        match (
            creator.map(|c| &sharing.contexts.list[c]),
            worker.spawner,
            later.map(|l| &sharing.contexts.list[l]),
        ) {
            (Some(_), Some(spawner), Some(c)) => {
                let field = c
                    .kept_in
                    .as_ref()
                    .map(|p| place_name(cg, p, spawner))
                    .unwrap_or_default();
                text.push_str(&format!(
                    "; `{}` keeps it in `{field}` without joining it, so it runs beside `{}`",
                    func_name(cg, spawner),
                    func_name(cg, c.entry)
                ));
            }
            (Some(c), Some(spawner), None) if c.entry == spawner => {
                let joins = cg
                    .events(spawner)
                    .iter()
                    .any(|e| matches!(e, crate::ir::Event::Join { .. }));
                text.push_str(&if joins {
                    format!(
                        "; `{}` keeps running until it joins",
                        func_name(cg, spawner)
                    )
                } else {
                    format!(
                        "; `{}` keeps running beside it and never joins it",
                        func_name(cg, spawner)
                    )
                })
            }
            // A caller of the method starting the thread (`contexts::caller_windows`).
            (Some(c), Some(spawner), None) => text.push_str(&format!(
                "; `{}` starts it through `{}` and runs beside it until it joins it",
                func_name(cg, c.entry),
                func_name(cg, spawner)
            )),
            _ => {}
        }
        finding = finding.with_related(worker.spawn, text);
    }
    finding
}

/// The other side of a race, in a message: `another thread running `f`` for the same
/// function, else `` `g` ``.
pub(crate) fn other_side(
    cg: &CallGraph,
    sharing: &Sharing,
    a: &crate::analysis::lockset::AccessFact,
    b: &crate::analysis::lockset::AccessFact,
) -> String {
    let fb = func_name(cg, b.func);
    if a.func == b.func {
        let noun = worker_noun(sharing.contexts.list[b.ctx].kind);
        format!("another {noun} running `{fb}`")
    } else {
        format!("`{fb}`")
    }
}

/// What runs a context, in a message: processes race only on memory they share.
pub(crate) fn worker_noun(kind: ExecCtx) -> &'static str {
    match kind {
        ExecCtx::Process => "process",
        _ => "thread",
    }
}

/// Whether the event at `at` in `body` runs holding a lock (other than `except`).
pub(crate) fn under_lock(body: &[Stmt], at: Span, except: Option<&Place>) -> bool {
    let mut found = false;
    walk_stmts(body, &mut |s| {
        if let Stmt::Hold { lock, body } = s {
            if except != Some(&lock.lock) {
                walk_events(body, &mut |e| found |= e.span() == at);
            }
        }
    });
    found
}

pub(crate) fn is_lang(cg: &CallGraph, func: FuncId, lang: Lang) -> bool {
    cg.module_of(func).lang == lang
}

/// Whether a handler writes a place the `try` body reads (`d[k]`, then `d[k] = v`) and changes
/// more than that one entry.
fn handlers_write_read(body: &[Stmt], handlers: &[Vec<Stmt>]) -> bool {
    let mut read = Vec::new();
    walk_events(body, &mut |e| {
        if let Event::Access {
            place,
            kind: AccessKind::Read,
            ..
        } = e
        {
            read.push(place);
        }
    });
    // A handler that only stores a value into the entry it missed is a cache fill: the last
    // of two threads filling it stores what the first did. One that changes more than that
    // (`self.items.append(key)` beside `self.indexes[key] = ..`) leaves the two inconsistent.
    let mut fills_missed = false;
    let mut written: Vec<&Place> = Vec::new();
    let mut updates = false;
    for h in handlers {
        walk_events(h, &mut |e| {
            if let Event::Access {
                place,
                kind: kind @ (AccessKind::Write | AccessKind::ReadModifyWrite),
                ..
            } = e
            {
                fills_missed |= read.contains(&place);
                updates |= *kind == AccessKind::ReadModifyWrite;
                if !written.contains(&place) {
                    written.push(place);
                }
            }
        });
    }
    fills_missed && (updates || written.len() > 1)
}

/// What [`walk_branches`] calls on a branch: its condition, the paths through it, its span, the
/// number of enclosing lock regions, and whether the last path is a guard clause's tail (the
/// statements after the branch, run after the arms that fall through).
pub(crate) type BranchVisitor<'a, 'v> =
    dyn FnMut(&'a [Stmt], &[&'a [Stmt]], Span, usize, bool) + 'v;

/// Walks `body` calling `visit` on every `Branch` with the paths through it (its arms, and for a
/// guard clause the statements after it) and the number of enclosing lock regions, and on every
/// `try` whose handlers catch only lookup-style errors (`except KeyError:`), with its body as
/// the condition and its handlers as the paths.
pub(crate) fn walk_branches<'a>(
    body: &'a [Stmt],
    locked: usize,
    visit: &mut BranchVisitor<'a, '_>,
) {
    for (i, stmt) in body.iter().enumerate() {
        match stmt {
            Stmt::Branch { cond, arms, span } => {
                let mut paths: Vec<&'a [Stmt]> = arms.iter().map(Vec::as_slice).collect();
                // A guard clause (`if x: return x`, then `x = make()`): the statements after the
                // branch run only on the arms that fall through, as if they were their tail.
                let exits =
                    |arm: &[Stmt]| matches!(arm.last(), Some(Stmt::Return(_) | Stmt::Raise(_)));
                let tail = paths.iter().any(|a| exits(a)) && paths.iter().any(|a| !exits(a));
                if tail {
                    paths.push(&body[i + 1..]);
                }
                visit(cond, &paths, *span, locked, tail);
                walk_branches(cond, locked, visit);
                for arm in arms {
                    walk_branches(arm, locked, visit);
                }
            }
            Stmt::Hold { body, .. } => walk_branches(body, locked + 1, visit),
            Stmt::Loop { cond, body, .. } => {
                walk_branches(cond, locked, visit);
                walk_branches(body, locked, visit);
            }
            Stmt::Try {
                body,
                handlers,
                orelse,
                finally,
                lets_os_errors_out,
                span,
            } => {
                // `try: return d[k] except KeyError: d[k] = make()` (or `AttributeError` for a
                // lazy attribute): the body's reads are the check, the handlers the act.
                // The handler writes what the body reads itself, not only through a call.
                if *lets_os_errors_out && handlers_write_read(body, handlers) {
                    let paths: Vec<&'a [Stmt]> = handlers.iter().map(Vec::as_slice).collect();
                    visit(body, &paths, *span, locked, false);
                }
                walk_branches(body, locked, visit);
                for h in handlers {
                    walk_branches(h, locked, visit);
                }
                walk_branches(orelse, locked, visit);
                walk_branches(finally, locked, visit);
            }
            Stmt::Block(b) => walk_branches(b, locked, visit),
            _ => {}
        }
    }
}

/// The shared reads a branch tests through a local: `conn = self.conns.get(k)` then `if conn
/// is None:` checks `self.conns` as surely as `if k not in self.conns:` does. Only a lookup or a
/// call counts: a local that merely copies a place (`conn = self.connection`) is a snapshot the
/// function goes on working with, often on an object one task or thread owns. Built once per
/// function from its body: every binding of a local, with the reads on its right-hand side.
pub(crate) struct TestedReads {
    /// Every binding of a local, in source order.
    binds: Vec<LocalBind>,
    /// Bindings of a local to what a getter of the program returns (`lock = self.get(key)`
    /// where `get` returns `self.cache.get(key)`). Filled by [`TestedReads::through_getters`].
    via_getters: Vec<GetterBind>,
}

/// A binding of a local to a getter's result.
struct GetterBind {
    /// Where the binding starts (as in [`LocalBind`]).
    at: u32,
    call: Span,
    getter: FuncId,
    /// The shared reads the getter's `return` makes.
    reads: Vec<(Place, Span)>,
}

/// A local, where its binding starts, the right-hand side when it is a call's result, and the
/// shared reads on that right-hand side.
type LocalBind = (Place, u32, Option<Span>, Vec<(Place, Span)>);

impl TestedReads {
    pub(crate) fn of(body: &[Stmt]) -> TestedReads {
        let mut rhs: Vec<(Place, u32, Option<Span>)> = Vec::new();
        let mut reads: Vec<(Place, Span)> = Vec::new();
        walk_events(body, &mut |e| match e {
            Event::Bind {
                target: target @ Place::Local { .. },
                value,
                rhs: r,
                span,
                ..
            } => rhs.push((
                target.clone(),
                span.start,
                if value.is_some() { None } else { Some(*r) },
            )),
            Event::Access {
                place,
                kind: AccessKind::Read,
                atomic: Atomicity::Plain,
                span,
            } if !matches!(place, Place::Local { .. } | Place::Param { .. }) => {
                reads.push((place.clone(), *span));
            }
            _ => {}
        });
        let mut binds: Vec<_> = rhs
            .into_iter()
            .map(|(local, at, r)| {
                let read: Vec<(Place, Span)> = r.map_or_else(Vec::new, |r| {
                    reads
                        .iter()
                        .filter(|(_, s)| within(r, *s))
                        .cloned()
                        .collect()
                });
                (local, at, r, read)
            })
            .collect();
        binds.sort_by_key(|(_, at, ..)| *at);
        TestedReads {
            binds,
            via_getters: Vec::new(),
        }
    }

    /// Also follows locals bound to a call of a synchronous function of the program into the
    /// shared reads that function returns (one call deep).
    pub(crate) fn through_getters(mut self, cg: &CallGraph, f: FuncId) -> TestedReads {
        for (_, at, r, _) in &self.binds {
            let Some(site) = r.and_then(|r| cg.calls(f).iter().find(|s| s.span == r)) else {
                continue;
            };
            let g = site.callee;
            if g == f || cg.function(g).is_async {
                continue;
            }
            let returned = returned_reads(&cg.function(g).body);
            if !returned.is_empty() {
                self.via_getters.push(GetterBind {
                    at: *at,
                    call: site.span,
                    getter: g,
                    reads: returned,
                });
            }
        }
        self
    }

    /// The last binding of `local` before the branch at `branch`.
    fn last_bind(&self, local: &Place, branch: Span) -> Option<&LocalBind> {
        self.binds
            .iter()
            .rev()
            .find(|(l, at, ..)| l == local && *at < branch.start)
    }

    /// Shared places read into each local that `cond` tests (`Event::Test`), by the local's
    /// last binding before the branch at `branch`.
    pub(crate) fn in_cond(&self, cond: &[Stmt], branch: Span) -> Vec<(Place, Span)> {
        let mut out = Vec::new();
        walk_events(cond, &mut |e| {
            let Event::Test { place, .. } = e else { return };
            if let Some((.., reads)) = self.last_bind(place, branch) {
                out.extend(reads.iter().cloned());
            }
        });
        out
    }

    /// Shared places a getter reads into each local `cond` tests, when the local's last binding
    /// before the branch at `branch` is the getter's call: (place, the read in the getter, the
    /// getter, the call).
    pub(crate) fn in_cond_via_getters(
        &self,
        cond: &[Stmt],
        branch: Span,
    ) -> Vec<(Place, Span, FuncId, Span)> {
        let mut out = Vec::new();
        walk_events(cond, &mut |e| {
            let Event::Test { place, .. } = e else { return };
            let Some((_, bound, ..)) = self.last_bind(place, branch) else {
                return;
            };
            if let Some(v) = self.via_getters.iter().find(|v| v.at == *bound) {
                out.extend(
                    v.reads
                        .iter()
                        .map(|(p, s)| (p.clone(), *s, v.getter, v.call)),
                );
            }
        });
        out
    }
}

/// The shared reads a function's `return` statements make (`return self.cache.get(key)`): the
/// reads whose spans lie inside a `Return`'s span.
fn returned_reads(body: &[Stmt]) -> Vec<(Place, Span)> {
    let mut returns: Vec<Span> = Vec::new();
    let mut reads: Vec<(Place, Span)> = Vec::new();
    walk_stmts(body, &mut |s| match s {
        Stmt::Return(span) => returns.push(*span),
        Stmt::Event(Event::Access {
            place,
            kind: AccessKind::Read,
            atomic: Atomicity::Plain,
            span,
        }) if !matches!(place, Place::Local { .. } | Place::Param { .. }) => {
            reads.push((place.clone(), *span));
        }
        _ => {}
    });
    reads
        .into_iter()
        .filter(|(_, s)| returns.iter().any(|r| within(*r, *s)))
        .collect()
}

/// Whether `outer` contains `inner` (same file; the same span counts, unlike `flow::encloses`).
pub(crate) fn within(outer: Span, inner: Span) -> bool {
    outer.file == inner.file && outer.start <= inner.start && inner.end <= outer.end
}

fn last_segment(q: &str) -> &str {
    let q = q.rsplit("::").next().unwrap_or(q);
    q.rsplit('.').next().unwrap_or(q)
}

#[cfg(test)]
mod tests {
    //! The race rules over IR built by hand, so the analysis is tested apart from front-ends.

    use crate::analysis::Facts;
    use crate::finding::Finding;
    use crate::ir::Atomicity;
    use crate::ir::{
        AccessKind, Callee, Class, Event, ExecCtx, Function, LockMode, LockUse, Module,
        ModuleFacts, Place, PlaceDecl, Program, Stmt,
    };
    use crate::models::{LockModel, ModelFile, Models, SpawnModel, ThreadSafeModel};
    use crate::rules::RuleDef;
    use crate::source::{FileId, Lang, Span};

    fn sp(at: u32) -> Span {
        Span::new(FileId(0), at, at + 1)
    }

    fn models() -> Models {
        let mut m = Models::default();
        m.add(ModelFile {
            library: "threading".into(),
            language: "python".into(),
            lock: vec![LockModel {
                new: "threading.Lock".into(),
                acquire: vec!["acquire".into()],
                release: vec!["release".into()],
                ..Default::default()
            }],
            spawn: vec![SpawnModel {
                new: Some("threading.Thread".into()),
                start: Some("start".into()),
                context: "thread".into(),
                subclass_entry: Some("run".into()),
                ..Default::default()
            }],
            thread_safe: vec![ThreadSafeModel {
                ty: "threading.local".into(),
                per_thread: true,
            }],
            ..Default::default()
        });
        m
    }

    fn func(name: &str, class: Option<&str>, params: &[&str], body: Vec<Stmt>) -> Function {
        Function {
            name: format!("m.{name}"),
            short_name: name.rsplit('.').next().unwrap_or(name).into(),
            class: class.map(|c| format!("m.{c}")),
            span: sp(0),
            is_async: false,
            is_module_body: false,
            params: params.iter().map(|p| p.to_string()).collect(),
            body,
        }
    }

    fn access(place: Place, kind: AccessKind, at: u32) -> Stmt {
        Stmt::Event(Event::Access {
            place,
            kind,
            atomic: Atomicity::Plain,
            span: sp(at),
        })
    }

    /// `x = v`: the write and the rebinding the Python front-end records with it.
    fn assign(place: Place, at: u32) -> Vec<Stmt> {
        vec![
            access(place.clone(), AccessKind::Write, at),
            Stmt::Event(Event::Bind {
                target: place,
                value: None,
                constant: None,
                rhs: sp(at + 1),
                span: sp(at),
            }),
        ]
    }

    fn call(path: &str, at: u32) -> Stmt {
        Stmt::Event(Event::Call {
            callee: Callee::Path(format!("m.{path}").into()),
            args: vec![].into(),
            kwargs: vec![].into(),
            receiver: None,
            span: sp(at),
        })
    }

    fn spawn(target: Callee, at: u32) -> Stmt {
        Stmt::Event(Event::Spawn {
            target: Some(target),
            receiver: None,
            ctx: ExecCtx::Thread,
            api: "threading.Thread".into(),
            handle: Some(Place::Local {
                function: "m.main".into(),
                name: "t".into(),
            }),
            args: vec![].into(),
            once: false,
            span: sp(at),
        })
    }

    fn in_loop(body: Vec<Stmt>, at: u32) -> Stmt {
        Stmt::Loop {
            cond: thin_vec::thin_vec![],
            body: body.into(),
            infinite: false,
            span: Span::new(FileId(0), at, at + 100),
        }
    }

    fn hold(lock: Place, at: u32, body: Vec<Stmt>) -> Stmt {
        Stmt::Hold {
            lock: LockUse {
                lock,
                mode: LockMode::Exclusive,
                blocking: true,
                is_async: false,
                api: None,
                owner: None,
                span: sp(at),
            },
            body: body.into(),
        }
    }

    fn global(name: &str) -> Place {
        Place::Global(format!("m.{name}").into())
    }

    fn run(
        rule: &RuleDef,
        functions: Vec<Function>,
        classes: Vec<Class>,
        decls: Vec<PlaceDecl>,
    ) -> Vec<Finding> {
        let program = Program {
            modules: vec![Module {
                file: FileId(0),
                lang: Lang::Python,
                name: "m".into(),
                functions,
                classes,
                decls,
                aliases: vec![],
                facts: ModuleFacts::default(),
            }],
        };
        let models = models();
        let facts = Facts::new(&program, &models);
        let mut out = Vec::new();
        if let Some(check) = rule.check {
            check(&facts, &mut out);
        }
        out
    }

    fn lock_decl() -> PlaceDecl {
        PlaceDecl {
            place: global("lock"),
            ty: "threading.Lock".into(),
            args: vec![],
            span: sp(1),
        }
    }

    /// `count += 1` in a worker spawned in a loop; `locked` takes the lock in the caller of the
    /// helper that does the increment.
    fn counter(locked: bool) -> Vec<Function> {
        let bump = func(
            "bump",
            None,
            &[],
            vec![access(global("count"), AccessKind::ReadModifyWrite, 10)],
        );
        let work_body = if locked {
            vec![hold(global("lock"), 20, vec![call("bump", 21)])]
        } else {
            vec![call("bump", 21)]
        };
        let work = func("work", None, &[], work_body);
        let main = func(
            "main",
            None,
            &[],
            vec![in_loop(vec![spawn(Callee::Path("m.work".into()), 40)], 30)],
        );
        vec![bump, work, main]
    }

    #[test]
    fn rmw_from_a_worker_spawned_in_a_loop_races_with_itself() {
        let found = run(
            &super::unsynchronized_read_modify_write::RULE,
            counter(false),
            vec![],
            vec![lock_decl()],
        );
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].span, sp(10));
        assert!(found[0].message.contains("`count`"), "{}", found[0].message);
        assert!(found[0]
            .related
            .iter()
            .any(|l| l.message.contains("many at once")));
    }

    #[test]
    fn lock_taken_by_the_caller_protects_the_helper() {
        let found = run(
            &super::unsynchronized_read_modify_write::RULE,
            counter(true),
            vec![],
            vec![lock_decl()],
        );
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn single_thread_does_not_race_with_itself() {
        let mut fs = counter(false);
        fs[2] = func(
            "main",
            None,
            &[],
            vec![spawn(Callee::Path("m.work".into()), 40)],
        );
        let found = run(
            &super::unsynchronized_read_modify_write::RULE,
            fs,
            vec![],
            vec![],
        );
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn creator_races_its_worker_after_start_only() {
        let work = func("work", None, &[], assign(global("state"), 10));
        let racing = func(
            "main",
            None,
            &[],
            [
                assign(global("state"), 30),
                vec![spawn(Callee::Path("m.work".into()), 40)],
                assign(global("state"), 50),
            ]
            .concat(),
        );
        let found = run(
            &super::unsynchronized_write::RULE,
            vec![work.clone(), racing],
            vec![],
            vec![],
        );
        let lines: Vec<u32> = found.iter().map(|f| f.span.start).collect();
        assert_eq!(lines, vec![10], "{found:#?}");
        // Written only before the start: init-before-start, silent.
        let init_first = func(
            "main",
            None,
            &[],
            [
                assign(global("state"), 30),
                vec![spawn(Callee::Path("m.work".into()), 40)],
            ]
            .concat(),
        );
        assert!(run(
            &super::unsynchronized_write::RULE,
            vec![work, init_first],
            vec![],
            vec![]
        )
        .is_empty());
    }

    fn worker_class(base: &str) -> Vec<Class> {
        vec![Class {
            name: "m.Worker".into(),
            span: sp(0),
            bases: vec![base.into()],
            metaclass: None,
            interface: false,
        }]
    }

    fn worker_methods() -> Vec<Function> {
        let field = Place::Field {
            class: "m.Worker".into(),
            field: "count".into(),
        };
        let run_m = func(
            "Worker.run",
            Some("Worker"),
            &["self"],
            vec![access(field.clone(), AccessKind::ReadModifyWrite, 10)],
        );
        let init = func(
            "Worker.__init__",
            Some("Worker"),
            &["self"],
            vec![access(field.clone(), AccessKind::Write, 5)],
        );
        let main = func(
            "main",
            None,
            &[],
            vec![call("Worker", 40), access(field, AccessKind::Write, 50)],
        );
        vec![run_m, init, main]
    }

    #[test]
    fn thread_subclass_field_written_by_the_creator_after_start() {
        let found = run(
            &super::unsynchronized_read_modify_write::RULE,
            worker_methods(),
            worker_class("threading.Thread"),
            vec![],
        );
        assert_eq!(
            found.iter().map(|f| f.span.start).collect::<Vec<_>>(),
            vec![10],
            "{found:#?}"
        );
    }

    #[test]
    fn thread_local_fields_are_not_shared() {
        let mut classes = worker_class("threading.Thread");
        classes[0].bases.push("threading.local".into());
        let found = run(
            &super::unsynchronized_read_modify_write::RULE,
            worker_methods(),
            classes,
            vec![],
        );
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn lazy_init_through_a_helper_is_check_then_act() {
        let init = func(
            "init",
            None,
            &[],
            vec![access(global("inited"), AccessKind::Write, 10)],
        );
        let branch = |arms: Vec<Vec<Stmt>>| Stmt::Branch {
            cond: thin_vec::thin_vec![access(global("inited"), AccessKind::Read, 20)],
            arms: arms.into(),
            span: sp(20),
        };
        let guess = func(
            "guess",
            None,
            &[],
            vec![branch(vec![vec![call("init", 21)], vec![]])],
        );
        let main = func(
            "main",
            None,
            &[],
            vec![in_loop(vec![spawn(Callee::Path("m.guess".into()), 40)], 30)],
        );
        let found = run(
            &super::check_then_act::RULE,
            vec![init.clone(), guess, main.clone()],
            vec![],
            vec![lock_decl()],
        );
        assert_eq!(
            found.iter().map(|f| f.span.start).collect::<Vec<_>>(),
            vec![20],
            "{found:#?}"
        );
        // The same under a lock: silent.
        let locked = func(
            "guess",
            None,
            &[],
            vec![hold(
                global("lock"),
                19,
                vec![branch(vec![vec![call("init", 21)], vec![]])],
            )],
        );
        let found = run(
            &super::check_then_act::RULE,
            vec![init, locked, main],
            vec![],
            vec![lock_decl()],
        );
        assert!(found.is_empty(), "{found:#?}");
    }
}
