//! KN401's check of resources a Rust struct keeps in a field and none of its methods waits for
//! (`frontend/rust/kept_children.rs` finds them): a `Child` its `Drop` only kills, or its
//! `close` leaves running, so every object dropped leaves a zombie process.

use crate::analysis::Facts;
use crate::finding::Finding;
use crate::ir::{Event, Place};
use crate::rules::kept_fields::{closer_of, closing_methods, read_in_another_file};
use crate::rules::lifecycle::last_segment;
use crate::source::Lang;

pub(super) fn resources_kept_never_waited(facts: &Facts, out: &mut Vec<Finding>) {
    let modules = &facts.program.modules;
    if modules.iter().all(|m| m.facts.kept_never_closed.is_empty()) {
        return;
    }
    let cg = facts.callgraph();
    let closers = closing_methods(cg, false);
    for (i, m) in modules.iter().enumerate() {
        for k in &m.facts.kept_never_closed {
            let owner = last_segment(&k.owner);
            let field = k.field.as_str();
            let Some(&stored) = k.stored.first() else {
                continue;
            };
            // Another file reading a field of that name may wait for it.
            if read_in_another_file(modules, i, field) {
                continue;
            }
            // How an object ends: its `Drop`, else a closing method (`close`, `shutdown`).
            let drop = cg.ids().find(|&id| {
                let f = cg.function(id);
                f.short_name == "drop"
                    && f.class.as_deref() == Some(k.owner.as_str())
                    && cg.module_of(id).lang == Lang::Rust
            });
            // A kill of the field itself in `drop` is the lifecycle check's
            // (`dropped_killed_not_waited`): this one adds kills through locals and methods.
            let killed_in_drop = drop.is_some_and(|id| {
                (cg.events(id).iter()).any(|e| {
                    matches!(e, Event::MethodCall { place: Place::Field { .. }, span, .. }
                        if k.stopped.contains(span))
                })
            });
            if k.by_drop && killed_in_drop {
                continue;
            }
            let closer = drop.or_else(|| closer_of(cg, &closers, &k.owner));
            let model = facts.models.resource(k.api.as_str());
            let wait = model
                .and_then(|m| m.close.first())
                .map_or("wait", String::as_str);
            let opener = {
                let mut parts = k.api.as_str().rsplit("::");
                match (parts.next(), parts.next()) {
                    (Some(method), Some(ty)) => format!("{ty}::{method}"),
                    _ => k.api.to_string(),
                }
            };
            let name = format!("{owner}.{field}");
            let ending = closer.map(|id| {
                let f = cg.function(id);
                let what = if Some(id) == drop {
                    format!("`Drop` for `{owner}`")
                } else {
                    format!("`{owner}.{}`", f.short_name)
                };
                (f.span, what)
            });
            let finding = match (k.stopped.first(), &ending) {
                (Some(&stop), _) => Finding::new(
                    &super::resource_not_closed::RULE,
                    stop,
                    format!("the child process in `{name}` is killed but never waited for: it stays a zombie"),
                )
                .with_label(if k.by_drop {
                    format!("killed here when a `{owner}` is dropped; nothing calls `{wait}()` on it after")
                } else {
                    format!("killed here; no method of `{owner}` calls `{wait}()` on it")
                })
                .with_related(stored, format!("the process is spawned and kept in `{name}` here")),
                (None, Some(_)) => Finding::new(
                    &super::resource_not_closed::RULE,
                    stored,
                    format!("the child process kept in `{name}` (`{opener}`) is never waited for: no method of `{owner}` calls `{wait}()` on it"),
                )
                .with_label(format!("spawned and kept in `{name}` here")),
                // Nothing ends the object: a holder for the program's whole run.
                (None, None) => continue,
            };
            let finding = match ending {
                Some((span, what)) => finding.with_related(
                    span,
                    format!("{what} ends it without waiting for `self.{field}`"),
                ),
                None => finding,
            };
            out.push(finding.with_help(format!(
                "call `self.{field}.{wait}()` where `{owner}` ends (after asking the process to exit or killing it): a `Child` dropped or killed without `{wait}()` stays a zombie"
            )));
        }
    }
}
