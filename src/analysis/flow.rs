//! Where a value goes inside one function: the handle of a spawn, the future of a `submit`, the
//! resource an opener returns. Shared by the lifecycle and resource analyses.
//!
//! The IR has no expression trees, so a value is followed by spans: the event that produced it
//! has a span, and whatever encloses that span (a call it is passed to, an `await`, a `return`,
//! the right-hand side of a `Bind`) is where it went. Precision first: every use we cannot
//! classify counts as the value being handled.

use crate::ir::{walk_stmts, Event, Function, Module, Place, Stmt};
use crate::source::Span;

/// Methods that put their argument into a container or register it for later (`list.append`,
/// `set.add`, `Queue.put`, `ExitStack.enter_context`/`callback`/`push`). The IR records only the
/// arguments that are places, so a value built in the argument list
/// (`threads.append(Thread(..))`) is handed on by these names alone (precision first).
pub const CONTAINER_STORES: &[&str] = &[
    "add",
    "append",
    "appendleft",
    "callback",
    "enter_context",
    "extend",
    "insert",
    "push",
    "put",
    "put_nowait",
    "setdefault",
    "update",
];

/// What happened to a value produced at one span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fate {
    /// Stored into these places (`x = submit(..)`, `a = b = open(..)`, `xs = [spawn(..) ..]`).
    Bound(Vec<Place>),
    /// Passed to another call, awaited or consumed by the event at this span.
    Consumed(Span),
    /// Returned to the caller by the `return` at this span.
    Returned(Span),
    /// Dropped at once: an expression statement.
    Discarded,
}

/// Whether `outer` strictly encloses `inner` (same file, contains it, not the same span).
pub fn encloses(outer: Span, inner: Span) -> bool {
    outer.file == inner.file
        && outer.start <= inner.start
        && inner.end <= outer.end
        && outer != inner
}

fn contains_or_equal(outer: Span, inner: Span) -> bool {
    outer.file == inner.file && outer.start <= inner.start && inner.end <= outer.end
}

/// The fate of the value produced by the event at `span` in `body`. `ignore` says which
/// enclosing events do not consume it (a `.start()` called on a fresh thread).
pub fn fate(body: &[Stmt], span: Span, ignore: &dyn Fn(&Event) -> bool) -> Fate {
    // The innermost enclosing construct decides: (length, what).
    let mut best: Option<(u32, Fate)> = None;
    let consider = |len: u32, f: Fate, best: &mut Option<(u32, Fate)>| {
        let better = match best {
            None => true,
            Some((l, Fate::Bound(targets))) if len == *l => {
                // Several binds with the same right-hand side: `a = b = f()`.
                if let Fate::Bound(more) = &f {
                    let mut all = targets.clone();
                    all.extend(more.iter().cloned());
                    *best = Some((len, Fate::Bound(all)));
                }
                return;
            }
            Some((l, _)) => len < *l,
        };
        if better {
            *best = Some((len, f));
        }
    };
    walk_stmts(body, &mut |s| match s {
        Stmt::Event(Event::Bind { target, rhs, .. }) if contains_or_equal(*rhs, span) => {
            consider(
                rhs.end - rhs.start,
                Fate::Bound(vec![target.clone()]),
                &mut best,
            );
        }
        Stmt::Event(e)
            if !matches!(e, Event::Bind { .. }) && encloses(e.span(), span) && !ignore(e) =>
        {
            let s = e.span();
            consider(s.end - s.start, Fate::Consumed(s), &mut best);
        }
        Stmt::Return(r) if encloses(*r, span) => {
            consider(r.end - r.start, Fate::Returned(*r), &mut best);
        }
        _ => {}
    });
    best.map(|(_, f)| f).unwrap_or(Fate::Discarded)
}

/// Whether `e` reads or hands on the value held in `place`: passes it to a call, calls a method
/// on it (other than those `benign` lists), joins, closes, reads or re-binds it elsewhere.
pub fn uses(e: &Event, place: &Place, benign: &[&str]) -> bool {
    let arg = |args: &[Option<Place>]| args.iter().flatten().any(|a| a == place);
    match e {
        Event::Call { args, kwargs, .. } => arg(args) || kwargs.iter().any(|(_, p)| p == place),
        // A thread running a method of the object (`Thread(target=proc.wait)`) uses it.
        Event::Spawn { args, receiver, .. } => arg(args) || receiver.as_ref() == Some(place),
        Event::MethodCall {
            place: p,
            method,
            args,
            ..
        } => (p == place && !benign.contains(&method.as_str())) || args.contains(place),
        Event::Join { handle, .. } => handle == place,
        Event::Close { resource, .. } => resource == place,
        Event::Access { place: p, kind, .. } => p == place && *kind != crate::ir::AccessKind::Write,
        Event::Bind { value, .. } => value.as_ref() == Some(place),
        Event::Acquire(l) => &l.lock == place,
        Event::Release { lock, .. } => lock == place,
        Event::Blocking { args, .. } => args.contains(place),
        Event::Open { .. } | Event::Await { .. } | Event::Compare { .. } | Event::Test { .. } => {
            false
        }
    }
}

/// Whether any function of `module` (the owner and the closures that capture its locals) uses
/// `place` by an event other than the one at `except`.
pub fn used_anywhere(module: &Module, place: &Place, except: Span, benign: &[&str]) -> bool {
    module
        .functions
        .iter()
        .any(|f| used_in(f, place, except, benign))
}

/// Whether `f` uses `place` by an event other than the one at `except`.
pub fn used_in(f: &Function, place: &Place, except: Span, benign: &[&str]) -> bool {
    let mut found = false;
    walk_stmts(&f.body, &mut |s| {
        if let Stmt::Event(e) = s {
            if e.span() != except && uses(e, place, benign) {
                found = true;
            }
        }
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Callee;
    use crate::source::FileId;

    fn sp(a: u32, b: u32) -> Span {
        Span::new(FileId(0), a, b)
    }

    fn local(n: &str) -> Place {
        Place::Local {
            function: "m.f".into(),
            name: n.into(),
        }
    }

    fn call(a: u32, b: u32) -> Stmt {
        Stmt::Event(Event::Call {
            callee: Callee::Path("m.g".into()),
            args: vec![].into(),
            kwargs: vec![].into(),
            receiver: None,
            span: sp(a, b),
        })
    }

    fn bind(target: Place, a: u32, b: u32) -> Stmt {
        Stmt::Event(Event::Bind {
            target,
            value: None,
            constant: None,
            rhs: sp(a, b),
            span: sp(0, b),
        })
    }

    #[test]
    fn chained_binds_collect_every_target() {
        let field = Place::Field {
            class: "m.C".into(),
            field: "sock".into(),
        };
        let body = vec![
            call(10, 20),
            bind(field.clone(), 10, 20),
            bind(local("sock"), 10, 20),
        ];
        assert_eq!(
            fate(&body, sp(10, 20), &|_| false),
            Fate::Bound(vec![field, local("sock")])
        );
    }

    #[test]
    fn innermost_consumer_wins_over_outer_bind() {
        // x = g(submit(..)): the future goes to g, not to x.
        let body = vec![call(12, 18), call(10, 19), bind(local("x"), 10, 19)];
        assert_eq!(
            fate(&body, sp(12, 18), &|_| false),
            Fate::Consumed(sp(10, 19))
        );
        assert_eq!(fate(&body, sp(30, 40), &|_| false), Fate::Discarded);
        let ret = vec![call(12, 18), Stmt::Return(sp(5, 18))];
        assert_eq!(
            fate(&ret, sp(12, 18), &|_| false),
            Fate::Returned(sp(5, 18))
        );
    }
}
