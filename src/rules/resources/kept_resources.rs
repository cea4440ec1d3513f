//! KN401's check of resources kept on an object: a file, socket or session opened into a field
//! (`self._session = session or aiohttp.ClientSession()`, directly or through a local the method
//! stores) that no code of the program closes or hands on, while the owner has a way to be
//! closed (`close`, `disconnect`, `__exit__`): closing the object leaves the resource open.
//!
//! Also a resource kept by an object without a closing method that the closing method of the object
//! which made it drops (`dropped_by_holder`). The scan of what the program does with a field is
//! `rules/kept_fields.rs`.

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::{flow, Facts};
use crate::finding::Finding;
use crate::ir::{walk_events, AccessKind, Event, Name, Place};
use crate::rules::kept_fields::{
    class_level_fields, closer_of, closer_rank, closing_methods, related, Use,
};
use crate::rules::lifecycle::last_segment;
use crate::rules::races::is_lang;
use crate::source::{Lang, Span};
use rustc_hash::FxHashSet as HashSet;

/// A resource an object keeps in a field.
pub(super) struct Kept {
    pub(super) owner: Name,
    pub(super) field: Name,
    pub(super) api: Name,
    pub(super) open: Span,
    /// A process opened with pipes (`stdout=subprocess.PIPE`).
    piped: bool,
    /// The method that opens it.
    pub(super) func: FuncId,
    /// The local it is opened into before the method stores it, if any.
    pub(super) local: Option<Place>,
}

pub(super) fn resources_kept_never_closed(facts: &Facts, out: &mut Vec<Finding>) {
    let cg = facts.callgraph();
    let mut kept = kept_resources(facts, cg);
    // A resource kept in a class attribute (`type(self)._sock = ..`) is every object's.
    let class_level = class_level_fields(cg);
    kept.retain(|k| !class_level.contains(&(k.owner, k.field)));
    super::raised_in_constructor::constructors_raising_with_resources_open(facts, &kept, out);
    if kept.is_empty() {
        return;
    }
    let related = |a: &str, b: &str| related(cg, a, b);
    let fields: HashSet<Name> = kept.iter().map(|k| k.field).collect();
    // Only a method named for closing the object (`close`, `__exit__`), not one whose name
    // starts so (`close_on_exec`, `_close_handle`): those often close something else.
    // A method sending a command by name (a media client's `stop`) ends nothing it holds.
    let mut closers = closing_methods(cg, false);
    closers.retain(|&(_, id, _)| !crate::rules::kept_fields::sends_command(cg, id));
    let uses = crate::rules::kept_fields::uses_in_program(
        cg,
        &fields,
        &["close", "aclose", "shutdown", "terminate", "kill", "wait"],
    );
    for k in &kept {
        let api = cg.canonical_name(&k.api);
        let model = facts.models.resource(&api);
        let close: &[String] = model.map_or(&[], |m| m.close.as_slice());
        // A process (whose liveness can be asked) is waited for, not closed.
        let (closed, close_verb) = if model.is_some_and(|m| !m.liveness.is_empty()) {
            ("waited for", "wait for")
        } else {
            ("closed", "close")
        };
        let holds_it = |p: &Place| matches!(p, Place::Field { class, field } if *field == k.field && related(class, &k.owner));
        let handled = uses.iter().any(|u| match u {
            Use::Closed(p) | Use::HandedOn(p) => holds_it(p),
            Use::Called(p, method) => holds_it(p) && close.iter().any(|c| c == method.as_str()),
            Use::MethodRef(class, method) => {
                class.as_str() == api && close.iter().any(|c| c == method.as_str())
            }
            Use::Joined(_) => false,
        });
        if handled {
            if k.piped {
                pipes_left_open(facts, k, &uses, &closers, out);
            }
            continue;
        }
        let Some(closer) = closer_of(cg, &closers, &k.owner) else {
            // No way to close the owner: a holder that made it and whose closing method drops
            // it still leaves the resource open.
            if let Some(drop) = dropped_by_holder(cg, k, &closers) {
                out.push(holder_drops_finding(cg, k, &api, closed, &drop));
            }
            continue;
        };
        let closer_fn = cg.function(closer);
        let owner = last_segment(&k.owner);
        // The closing method may be a base's or a subclass's.
        let closer_owner = closer_fn.class.as_deref().map_or(owner, last_segment);
        let name = format!("{owner}.{}", k.field);
        let closer_name = &closer_fn.short_name;
        let method = close.first().map_or("close", String::as_str);
        out.push(
            Finding::new(
                &super::resource_not_closed::RULE,
                k.open,
                format!(
                    "`{name}`, opened by `{}(..)`, is never {closed}: `{closer_owner}.{closer_name}` does not {close_verb} it",
                    last_segment(&api)
                ),
            )
            .with_label(format!(
                "`self.{}` is opened here; no code {close_verb}s it",
                k.field
            ))
            .with_related(
                closer_fn.span,
                format!("`{closer_owner}.{closer_name}` does not {close_verb} `self.{}`", k.field),
            )
            .with_help(format!(
                "call `self.{}.{method}()` in `{closer_name}` (only when the object opened it itself)",
                k.field
            )),
        );
    }
}

/// The resources the methods of the program's classes open into fields of `self`: directly,
/// as part of the value stored (`self._s = s or ClientSession()`), or into a local the method
/// stores. Pools of workers are KN301's.
pub(super) fn kept_resources(facts: &Facts, cg: &CallGraph<'_>) -> Vec<Kept> {
    let mut kept = Vec::new();
    for id in cg.ids() {
        if !is_lang(cg, id, Lang::Python) {
            continue;
        }
        let func = cg.function(id);
        if func.class.is_none()
            || func.params.first().is_none_or(|p| p != "self")
            || closer_rank(&func.short_name).is_some()
        {
            continue;
        }
        let mut opened: Vec<(Option<&Place>, Name, Span, bool)> = Vec::new();
        // Globals read, for the pipe values among a process's arguments.
        let mut globals_read: Vec<(Name, Span)> = Vec::new();
        walk_events(&func.body, &mut |e| match e {
            Event::Access {
                place: Place::Global(g),
                kind: AccessKind::Read,
                span,
                ..
            } => globals_read.push((*g, *span)),
            Event::Open {
                resource,
                api,
                managed: false,
                span,
            } => {
                let name = cg.canonical_name(api);
                let Some(model) = facts.models.resource(&name) else {
                    return;
                };
                if facts.models.executor(&name).is_some() {
                    return;
                }
                let piped = model.pipes.as_ref().is_some_and(|p| {
                    globals_read
                        .iter()
                        .any(|(g, at)| g.as_str() == p.value && flow::encloses(*span, *at))
                });
                match resource {
                    Some(Place::Field { class, field }) if !field.as_str().contains('.') => kept
                        .push(Kept {
                            owner: *class,
                            field: *field,
                            api: *api,
                            open: *span,
                            piped,
                            func: id,
                            local: None,
                        }),
                    Some(local @ Place::Local { .. }) => {
                        opened.push((Some(local), *api, *span, piped))
                    }
                    None => opened.push((None, *api, *span, piped)),
                    Some(_) => {}
                }
            }
            Event::Bind {
                target: Place::Field { class, field },
                value,
                rhs,
                ..
            } if !field.as_str().contains('.') => {
                for &(local, api, span, piped) in &opened {
                    let stored = match (local, value) {
                        (Some(l), Some(v)) => l == v,
                        // The stored value itself or one of its alternatives
                        // (`session or ClientSession()`), not an argument inside it
                        // (`Popen(cmd, stdout=open(log))`).
                        // A proxy of it (`Manager().list()`) keeps it alive but is not it:
                        // the object holds no handle to close.
                        (None, _) => {
                            flow::encloses(*rhs, span)
                                && (span.end == rhs.end
                                    || (span.start == rhs.start && !has_proxies(facts, cg, api)))
                        }
                        _ => false,
                    };
                    if stored {
                        kept.push(Kept {
                            owner: *class,
                            field: *field,
                            api,
                            open: span,
                            piped,
                            func: id,
                            local: local.cloned(),
                        });
                    }
                }
            }
            _ => {}
        });
    }
    kept
}

/// Whether the resource `api` opens hands out proxies keeping it alive (the model's `proxies`).
fn has_proxies(facts: &Facts, cg: &CallGraph<'_>, api: Name) -> bool {
    facts
        .models
        .resource(&cg.canonical_name(&api))
        .is_some_and(|m| !m.proxies.is_empty())
}

/// A process kept in a field with pipes (`stdout=subprocess.PIPE`), waited for or killed, whose
/// pipes no code closes: neither a method closing them all (`communicate()`) through the field,
/// nor a close of one of them or of any other field of the owner (the pipes are often kept in
/// fields of their own: `self._procout = self._proc.stdout`). Each leaks a file descriptor.
fn pipes_left_open(
    facts: &Facts,
    k: &Kept,
    uses: &[Use],
    closers: &[(u8, crate::analysis::callgraph::FuncId, &str)],
    out: &mut Vec<Finding>,
) {
    let cg = facts.callgraph();
    let api = cg.canonical_name(&k.api);
    let Some(pipes) = facts.models.resource(&api).and_then(|m| m.pipes.as_ref()) else {
        return;
    };
    let holds_it = |p: &Place| matches!(p, Place::Field { class, field } if *field == k.field && related(cg, class, &k.owner));
    let handed_on = uses
        .iter()
        .any(|u| matches!(u, Use::HandedOn(p) if holds_it(p)));
    let closed_all = uses.iter().any(
        |u| matches!(u, Use::Called(p, m) if holds_it(p) && pipes.closed_by.iter().any(|c| c == m.as_str())),
    );
    if handed_on || closed_all {
        return;
    }
    // A close of any other field in the owner's family, or of the process's pipe attribute.
    let closes_a_field = cg.ids().any(|id| {
        let f = cg.function(id);
        if !f.class.as_deref().is_some_and(|c| related(cg, c, &k.owner)) {
            return false;
        }
        let mut found = false;
        walk_events(&f.body, &mut |e| {
            let closed = match e {
                Event::MethodCall { place, method, .. } if method.as_str() == "close" => {
                    Some(place)
                }
                Event::Call {
                    callee: crate::ir::Callee::Method { method, .. },
                    receiver: Some(place),
                    ..
                } if method.as_str() == "close" => Some(place),
                _ => None,
            };
            found |= closed.is_some_and(|p| matches!(p, Place::Field { .. }) && !holds_it(p));
        });
        found
    });
    if closes_a_field {
        return;
    }
    let Some(closer) = closer_of(cg, closers, &k.owner) else {
        return;
    };
    let closer_fn = cg.function(closer);
    let owner = last_segment(&k.owner);
    let closer_owner = closer_fn.class.as_deref().map_or(owner, last_segment);
    let field = k.field;
    out.push(
        Finding::new(
            &super::resource_not_closed::RULE,
            k.open,
            format!(
                "the pipes of `{owner}.{field}` are never closed: `{closer_owner}.{}` ends the process but leaves its pipes open",
                closer_fn.short_name
            ),
        )
        .with_label(format!("`self.{field}` is opened here with pipes"))
        .with_related(
            closer_fn.span,
            format!("`{closer_owner}.{}` does not close the pipes", closer_fn.short_name),
        )
        .with_help(format!(
            "close `self.{field}.stdin` and `self.{field}.stdout` after ending the process, or use `communicate()`"
        )),
    );
}

/// A holder of an object that keeps a resource and has no closing method: a field of another
/// class (`self._conn = WBEMConnection(..)`) whose closing method (`disconnect`) drops it
/// (`self._conn = None`) without calling anything on it.
struct HolderDrop {
    holder: Name,
    field: Name,
    closer: FuncId,
    at: Span,
}

/// The holder dropping `k`'s owner in its closing method, if any: the holder's class made the
/// object into its field (declared as a construction of the owner's class), and the closing
/// method binds that field to a constant (`None`) while no event of it uses the field
/// otherwise (no method called on it, not passed or read into a variable).
fn dropped_by_holder(
    cg: &CallGraph<'_>,
    k: &Kept,
    closers: &[(u8, FuncId, &str)],
) -> Option<HolderDrop> {
    let owner = k.owner.as_str();
    for m in &cg.program().modules {
        for d in &m.decls {
            let Place::Field { class, field } = &d.place else {
                continue;
            };
            if cg.canonical_name(&d.ty) != owner || related(cg, class, owner) {
                continue;
            }
            // Made by the holder's own code: a call of the owner's class bound to the field.
            let made = cg.ids().any(|id| {
                cg.function(id)
                    .class
                    .as_deref()
                    .is_some_and(|c| related(cg, c, class))
                    && cg.events(id).iter().any(|e| {
                        matches!(e, Event::Bind { target, rhs, span, .. }
                            if *span == d.span && target == &d.place
                                && cg.calls(id).iter().any(|c| c.span == *rhs
                                    && cg.function(c.callee).class.as_deref().is_some_and(|x| related(cg, x, owner))))
                    })
            });
            // Handed to another owner (`registry.add(self._conn)`, stored elsewhere), the
            // object may outlive the holder; returned (a property), it is only lent.
            if !made || kept_elsewhere(cg, &d.place) {
                continue;
            }
            let Some(closer) = closer_of(cg, closers, class) else {
                continue;
            };
            let holds = |p: &Place| matches!(p, Place::Field { class: c, field: f } if f == field && related(cg, c, class));
            let mut drop_at = None;
            let mut used = false;
            walk_events(&cg.function(closer).body, &mut |e| match e {
                Event::Bind {
                    target,
                    value: None,
                    constant: Some(_),
                    span,
                    ..
                } if holds(target) => drop_at = drop_at.or(Some(*span)),
                Event::Access { place, .. } if holds(place) => {}
                e => {
                    used |= flow::uses(
                        e,
                        &Place::Field {
                            class: *class,
                            field: *field,
                        },
                        &[],
                    )
                }
            });
            // Read at all (`if self._conn is not None: self._conn.close()`) other than by the
            // drop itself: the closing method may end it through what it read.
            let read = cg.events(closer).iter().any(|e| {
                matches!(e, Event::Access { place, kind: AccessKind::Read, .. } if holds(place))
            });
            if let (Some(at), false, false) = (drop_at, used, read) {
                return Some(HolderDrop {
                    holder: *class,
                    field: *field,
                    closer,
                    at,
                });
            }
        }
    }
    None
}

/// Whether some code passes what the field `place` holds to a call or stores it in another
/// place (a return only lends it).
fn kept_elsewhere(cg: &CallGraph<'_>, place: &Place) -> bool {
    let holds = |p: &Place| match (p, place) {
        (Place::Field { class: a, field: f }, Place::Field { class: b, field: g }) => {
            f == g && related(cg, a, b)
        }
        _ => false,
    };
    cg.ids().any(|id| {
        cg.events(id).iter().any(|e| match e {
            Event::Call { args, kwargs, .. } => args
                .iter()
                .flatten()
                .chain(kwargs.iter().map(|(_, a)| a))
                .any(holds),
            Event::MethodCall { args, .. } => args.iter().any(holds),
            Event::Spawn { args, .. } => args.iter().flatten().any(holds),
            Event::Bind {
                target,
                value: Some(v),
                ..
            } => {
                holds(v)
                    && !matches!(target, Place::Local { name, .. }
                        if name.as_str() == crate::analysis::params::RETURN_SLOT)
            }
            _ => false,
        })
    })
}

fn holder_drops_finding(
    cg: &CallGraph<'_>,
    k: &Kept,
    api: &str,
    closed: &str,
    drop: &HolderDrop,
) -> Finding {
    let owner = last_segment(&k.owner);
    let holder = last_segment(&drop.holder);
    let closer = &cg.function(drop.closer).short_name;
    Finding::new(
        &super::resource_not_closed::RULE,
        k.open,
        format!(
            "`{owner}.{}`, opened by `{}(..)`, is never {closed}: `{owner}` has no method to close it, and `{holder}.{closer}` drops the `{owner}` it keeps in `self.{}`",
            k.field,
            last_segment(api),
            drop.field
        ),
    )
    .with_label(format!("`self.{}` is opened here; no code closes it", k.field))
    .with_related(
        drop.at,
        format!("`{holder}.{closer}` drops `self.{}` with `{owner}.{}` open", drop.field, k.field),
    )
    .with_help(format!(
        "give `{owner}` a `close()` that closes `self.{}`, and call it in `{holder}.{closer}`",
        k.field
    ))
}
