//! Handles kept on objects (a thread in `self._thread`, a session in `self._session`) and what
//! the program does with them: the closing methods of their owners and the uses of their fields
//! that join, close or hand them on. Shared by KN301 (threads kept and never joined) and KN401
//! (resources kept and never closed).
//!
//! - `uses_in_program`: the program's uses of fields (joins, closes, hands on), one walk per
//!   function, all of them in parallel.
//! - `closing_methods`, `closer_of`: the owners' closing methods.
//! - `class_level_fields` leaves out a thread or resource kept in a class attribute (written
//!   through the class: `ModuleFacts::class_spelled`).

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::ir::{walk_stmts, Callee, Event, Name, Place, Stmt};
use crate::source::Span;
use rayon::prelude::*;
use rustc_hash::FxHashSet as HashSet;

/// Methods that end what an object holds, read as values to be called later
/// (`atexit.register(self._session.close)`, `run_in_executor(None, self._thread.join)`).
const ENDING_METHODS: &[&str] = &[
    "join",
    "stop",
    "close",
    "aclose",
    "shutdown",
    "terminate",
    "kill",
    "wait",
];

/// 0 for `close`, `_stop`; 1 for `stop_thread`; 2 for `__exit__`, `__aexit__`, `__del__`;
/// `None` for a name that does not close its object.
pub(crate) fn closer_rank(name: &str) -> Option<u8> {
    if matches!(name, "__exit__" | "__aexit__" | "__del__") {
        return Some(2);
    }
    let name = name.trim_start_matches('_');
    CLOSING_WORDS
        .iter()
        .find_map(|w| match name.strip_prefix(w)? {
            "" => Some(0),
            rest if rest.starts_with('_') => Some(1),
            _ => None,
        })
}

/// Words that name a method closing its object, alone or first in the name (`stop_thread`).
const CLOSING_WORDS: &[&str] = &[
    "close",
    "aclose",
    "shutdown",
    "stop",
    "terminate",
    "disconnect",
    "cleanup",
    "quit",
    "dispose",
    "teardown",
];

/// Fields some code writes spelled through their class (`self.__class__._thread = t`,
/// `type(self)._sock = ..`): class attributes, one for every object of the class like a
/// global, which closing one object is not meant to end.
pub(crate) fn class_level_fields(cg: &CallGraph<'_>) -> HashSet<(Name, Name)> {
    let mut out = HashSet::default();
    for id in cg.ids() {
        let spelled = &cg.module_of(id).facts.class_spelled;
        if spelled.is_empty() {
            continue;
        }
        for e in cg.events(id) {
            if let Event::Access {
                place: Place::Field { class, field },
                kind: crate::ir::AccessKind::Write,
                span,
                ..
            } = e
            {
                if spelled.contains(span) {
                    out.insert((*class, *field));
                }
            }
        }
    }
    out
}

/// What a function does with a field kept on objects, or with other handles.
pub(crate) enum Use {
    /// `join()` as the front-end lowered it (a model's join).
    Joined(Place),
    /// Closed as the front-end lowered it (`self._session.close()`, `with self._file:`).
    Closed(Place),
    /// Passed to a call, stored elsewhere, returned: someone else may join it.
    HandedOn(Place),
    /// A method called on it.
    Called(Place, Name),
    /// A method of a type read as a value (`self._thread.join` passed to a call):
    /// `(type, method)`.
    MethodRef(Name, Name),
}

/// [`uses_in`] over every Python function of the program, each on its own in parallel; the
/// uses in function order.
pub(crate) fn uses_in_program(cg: &CallGraph, fields: &HashSet<Name>, ending: &[&str]) -> Vec<Use> {
    let found: Vec<Vec<Use>> = (0..cg.len())
        .into_par_iter()
        .map(|i| {
            let id = FuncId(i as u32);
            let mut uses = Vec::new();
            if crate::rules::races::is_lang(cg, id, crate::source::Lang::Python) {
                uses_in(cg, id, fields, ending, &mut uses, &mut |_| {});
            }
            uses
        })
        .collect();
    found.into_iter().flatten().collect()
}

/// What `id` does with fields named in `fields` and with joins of any place. `ending` names the
/// methods that end what a field holds (`join`, `close`): a function that reads a field and
/// calls one of them on a variable may end it through that variable.
/// `extra` sees every event of `id` on the same walk.
pub(crate) fn uses_in<'p>(
    cg: &CallGraph<'p>,
    id: FuncId,
    fields: &HashSet<Name>,
    ending: &[&str],
    out: &mut Vec<Use>,
    extra: &mut dyn FnMut(&'p Event),
) {
    let f = cg.function(id);
    let named = |p: &Place| matches!(p, Place::Field { field, .. } if fields.contains(field));
    let mut push = |what: Use| out.push(what);
    let handed = |a: &Place, push: &mut dyn FnMut(Use)| match a {
        _ if named(a) => push(Use::HandedOn(a.clone())),
        Place::Field { class, field } if ENDING_METHODS.contains(&field.as_str()) => {
            push(Use::MethodRef(*class, *field))
        }
        // `self._closer = self.fp.close` with the field's type unknown: the dotted rest names
        // the field and the method.
        Place::Field { class, field } => {
            if let Some((head, method)) = field.as_str().rsplit_once('.') {
                let head = Name::new(head);
                if ENDING_METHODS.contains(&method) && fields.contains(&head) {
                    push(Use::HandedOn(Place::Field {
                        class: *class,
                        field: head,
                    }))
                }
            }
        }
        _ => {}
    };
    let mut returns: Vec<Span> = Vec::new();
    let mut reads: Vec<(Place, Span)> = Vec::new();
    // A function that joins or closes a variable may end what it read from the field into it
    // by a way the front-end does not bind (`loop, thread = self._loop, self._thread;
    // thread.join()`, `session, self.session = self.session, None; await session.close()`).
    let mut ends_variable = false;
    walk_stmts(&f.body, &mut |st| {
        let e = match st {
            Stmt::Return(r) => return returns.push(*r),
            Stmt::Event(e) => e,
            _ => return,
        };
        extra(e);
        ends_variable |= ends_a_variable(e, ending);
        match e {
            Event::Join { handle, .. } => push(Use::Joined(handle.clone())),
            Event::Close { resource, .. } if named(resource) => push(Use::Closed(resource.clone())),
            Event::Bind { value: Some(p), .. } => handed(p, &mut push),
            Event::Access { place, .. } if named(place) => reads.push((place.clone(), e.span())),
            Event::Call {
                callee,
                args,
                kwargs,
                receiver,
                ..
            } => {
                if let Callee::Method { method, .. } = callee {
                    if let Some(r) = receiver.as_ref().filter(|r| named(r)) {
                        push(Use::Called(r.clone(), *method));
                    }
                }
                for a in args.iter().flatten().chain(kwargs.iter().map(|(_, a)| a)) {
                    handed(a, &mut push);
                }
            }
            Event::MethodCall {
                place,
                method,
                args,
                ..
            } => {
                if named(place) {
                    push(Use::Called(place.clone(), *method));
                }
                for a in args.iter() {
                    handed(a, &mut push);
                }
            }
            Event::Spawn {
                args,
                target,
                receiver,
                ..
            } => {
                // `run_in_executor(None, self._thread.join)`: the worker runs the field's method.
                if let (Some(r), Some(Callee::Method { method, .. } | Callee::Dynamic { method })) =
                    (receiver.as_ref().filter(|r| named(r)), target)
                {
                    push(Use::Called(r.clone(), *method));
                }
                for a in args.iter().flatten() {
                    handed(a, &mut push);
                }
            }
            _ => {}
        }
    });
    // `return self._thread`: handed to the caller.
    for (place, a) in reads {
        if ends_variable
            || returns
                .iter()
                .any(|r| r.file == a.file && r.start <= a.start && a.end == r.end)
        {
            push(Use::HandedOn(place));
        }
    }
}

/// Whether `e` joins or closes (one of `ending`) a place other than a field.
fn ends_a_variable(e: &Event, ending: &[&str]) -> bool {
    match e {
        Event::Join { handle: p, .. } => {
            ending.contains(&"join") && !matches!(p, Place::Field { .. })
        }
        Event::Close { resource: p, .. } => {
            ending.contains(&"close") && !matches!(p, Place::Field { .. })
        }
        Event::MethodCall { place, method, .. }
        | Event::Call {
            callee: Callee::Method { method, .. },
            receiver: Some(place),
            ..
        } => ending.contains(&method.as_str()) && !matches!(place, Place::Field { .. }),
        _ => false,
    }
}

/// Whether two classes are one, or one derives from the other: a field of either is the same
/// field of one object.
pub(crate) fn related(cg: &CallGraph<'_>, a: &str, b: &str) -> bool {
    a == b || cg.ancestors(a).iter().any(|x| x == b) || cg.ancestors(b).iter().any(|x| x == a)
}

/// The closing methods of the program's classes, ranked by [`closer_rank`]: `(rank, method,
/// class)`. With `prefixed`, also the methods whose name only starts with a closing word.
pub(crate) fn closing_methods<'p>(
    cg: &CallGraph<'p>,
    prefixed: bool,
) -> Vec<(u8, FuncId, &'p str)> {
    cg.ids()
        .filter_map(|id| {
            let f = cg.function(id);
            let rank = closer_rank(&f.short_name).filter(|&r| prefixed || r != 1)?;
            Some((rank, id, f.class.as_deref()?))
        })
        .collect()
}

/// Whether `id` sends a command by name through another method of its object (`def stop(self):
/// self._playback_control("Stop")`, a media player's command), one not named to close. To a
/// resource it holds such a method ends nothing; to a thread it serves, the command may be the
/// stop (`self.execute("--close--")` queued to the worker), so the thread rules keep it.
pub(crate) fn sends_command(cg: &CallGraph<'_>, id: FuncId) -> bool {
    let name = &cg.function(id).name;
    let commands = &cg.module_of(id).facts.command_methods;
    (commands.iter()).any(|(m, via)| m.as_str() == name && closer_rank(via).is_none())
}

/// The closing method of `owner`'s objects: the best ranked one of its class or a related one.
pub(crate) fn closer_of(
    cg: &CallGraph<'_>,
    closers: &[(u8, FuncId, &str)],
    owner: &str,
) -> Option<FuncId> {
    // Within a rank, by the closing word's place in `CLOSING_WORDS` (`close` before
    // `disconnect`, which a `close` often calls).
    let word = |id: FuncId| {
        let name = cg.function(id).short_name.trim_start_matches('_');
        CLOSING_WORDS
            .iter()
            .position(|w| name.starts_with(w))
            .unwrap_or(CLOSING_WORDS.len())
    };
    closers
        .iter()
        .filter(|(_, _, c)| related(cg, c, owner))
        .min_by_key(|&&(rank, id, _)| (rank, word(id), id))
        .map(|&(_, id, _)| id)
}

/// Whether a Rust file other than `modules[i]` reads a field named `field` (`fields_read`): a
/// struct's field another file reads may be joined or waited for there.
pub(crate) fn read_in_another_file(modules: &[crate::ir::Module], i: usize, field: &str) -> bool {
    (modules.iter().enumerate())
        .any(|(j, o)| j != i && o.facts.fields_read.iter().any(|n| n == field))
}
