//! KN401's check of resources kept on an object: a file, socket or session opened into a field
//! (`self._session = session or aiohttp.ClientSession()`, directly or through a local the method
//! stores) that no code of the program closes or hands on, while the owner has a way to be
//! closed (`close`, `disconnect`, `__exit__`): closing the object leaves the resource open.

use crate::analysis::callgraph::CallGraph;
use crate::analysis::{flow, Facts};
use crate::finding::Finding;
use crate::ir::{walk_events, Event, Name, Place};
use crate::rules::kept_fields::{closer_of, closer_rank, closing_methods, related, uses_in, Use};
use crate::rules::lifecycle::last_segment;
use crate::rules::races::is_lang;
use crate::source::{Lang, Span};
use rustc_hash::FxHashSet as HashSet;

/// A resource an object keeps in a field.
struct Kept {
    owner: Name,
    field: Name,
    api: Name,
    open: Span,
}

pub(super) fn resources_kept_never_closed(facts: &Facts, out: &mut Vec<Finding>) {
    let cg = facts.callgraph();
    let kept = kept_resources(facts, cg);
    if kept.is_empty() {
        return;
    }
    let related = |a: &str, b: &str| related(cg, a, b);
    let fields: HashSet<Name> = kept.iter().map(|k| k.field).collect();
    // Only a method named for closing the object (`close`, `__exit__`), not one whose name
    // starts so (`close_on_exec`, `_close_handle`): those often close something else.
    let closers = closing_methods(cg, false);
    let mut uses: Vec<Use> = Vec::new();
    for id in cg.ids() {
        if !is_lang(cg, id, Lang::Python) {
            continue;
        }
        uses_in(
            cg,
            id,
            &fields,
            &["close", "aclose", "shutdown", "terminate", "kill", "wait"],
            &mut uses,
            &mut |_| {},
        );
    }
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
            continue;
        }
        let Some(closer) = closer_of(cg, &closers, &k.owner) else {
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
fn kept_resources(facts: &Facts, cg: &CallGraph<'_>) -> Vec<Kept> {
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
        let mut opened: Vec<(Option<&Place>, Name, Span)> = Vec::new();
        walk_events(&func.body, &mut |e| match e {
            Event::Open {
                resource,
                api,
                managed: false,
                span,
            } => {
                let name = cg.canonical_name(api);
                if facts.models.resource(&name).is_none() || facts.models.executor(&name).is_some()
                {
                    return;
                }
                match resource {
                    Some(Place::Field { class, field }) if !field.as_str().contains('.') => kept
                        .push(Kept {
                            owner: *class,
                            field: *field,
                            api: *api,
                            open: *span,
                        }),
                    Some(local @ Place::Local { .. }) => opened.push((Some(local), *api, *span)),
                    None => opened.push((None, *api, *span)),
                    Some(_) => {}
                }
            }
            Event::Bind {
                target: Place::Field { class, field },
                value,
                rhs,
                ..
            } if !field.as_str().contains('.') => {
                for (local, api, span) in &opened {
                    let stored = match (local, value) {
                        (Some(l), Some(v)) => *l == v,
                        // The stored value itself or one of its alternatives
                        // (`session or ClientSession()`), not an argument inside it
                        // (`Popen(cmd, stdout=open(log))`).
                        (None, _) => {
                            flow::encloses(*rhs, *span)
                                && (span.end == rhs.end || span.start == rhs.start)
                        }
                        _ => false,
                    };
                    if stored {
                        kept.push(Kept {
                            owner: *class,
                            field: *field,
                            api: *api,
                            open: *span,
                        });
                    }
                }
            }
            _ => {}
        });
    }
    kept
}
