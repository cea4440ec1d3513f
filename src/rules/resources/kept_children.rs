//! KN401's check of resources a Rust struct keeps in a field and none of its methods waits for
//! (`frontend/rust/kept_children.rs` finds them): a `Child` its `Drop` only kills, or its
//! `close` leaves running, or, for a struct with neither, that the program makes on every turn
//! of a loop, so every object dropped leaves a zombie process.
//!
//! For a struct with no `Drop` and no closing method, the child is reported only when the spawning
//! function or a caller up to three calls up is called in a loop (`made_in_loop`).

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::Facts;
use crate::finding::Finding;
use crate::ir::{walk_events, walk_stmts, Event, Place, Stmt};
use crate::rules::kept_fields::{closer_of, closing_methods, read_in_another_file};
use crate::rules::lifecycle::last_segment;
use crate::source::{Lang, Span};

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
                // Nothing ends the object: a holder for the program's whole run, unless the
                // program makes such objects over and over, each dropped with its child.
                (None, None) => {
                    let Some((site, maker)) = made_in_loop(cg, stored) else {
                        continue;
                    };
                    Finding::new(
                        &super::resource_not_closed::RULE,
                        stored,
                        format!("the child process kept in `{name}` (`{opener}`) is never waited for: `{owner}` has no `Drop` and no method of it calls `{wait}()`, and the program makes one on every turn of a loop"),
                    )
                    .with_label(format!("spawned and kept in `{name}` here"))
                    .with_related(
                        site,
                        format!("`{}()` makes a `{owner}` on every turn of this loop; each is dropped with its child still unwaited", cg.function(maker).short_name),
                    )
                }
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

/// How far up the callers of the function spawning the kept child [`made_in_loop`] looks.
const MAKER_DEPTH: usize = 3;

/// A call inside a loop that makes the object keeping the child spawned at `stored`: the
/// function spawning it, or one of its callers up to [`MAKER_DEPTH`] calls up, called from a
/// loop's body (`for q in queries { let ctx = Context::new(..)?; .. }` where `Context::new`
/// calls `Solver::new`). The call and the function it calls.
fn made_in_loop(cg: &CallGraph, stored: Span) -> Option<(Span, FuncId)> {
    let spawner = cg.ids().find(|&id| {
        cg.module_of(id).lang == Lang::Rust
            && (cg.events(id).iter()).any(|e| {
                let at = e.span();
                at.file == stored.file && at.start < stored.end && stored.start < at.end
            })
    })?;
    let mut frontier = vec![spawner];
    let mut seen = vec![spawner];
    for _ in 0..=MAKER_DEPTH {
        let mut next = Vec::new();
        for caller in cg.ids() {
            let sites: Vec<&crate::analysis::callgraph::CallSite> = (cg.calls(caller).iter())
                .filter(|c| frontier.contains(&c.callee) && c.callee != caller)
                .collect();
            if sites.is_empty() {
                continue;
            }
            let looped = looped_spans(&cg.function(caller).body);
            if let Some(site) = sites.iter().find(|c| looped.contains(&c.span)) {
                return Some((site.span, site.callee));
            }
            if !seen.contains(&caller) {
                seen.push(caller);
                next.push(caller);
            }
        }
        frontier = next;
        if frontier.is_empty() {
            break;
        }
    }
    None
}

/// The spans of the events inside a loop of `body` (its condition or its body).
fn looped_spans(body: &[Stmt]) -> Vec<Span> {
    let mut out = Vec::new();
    walk_stmts(body, &mut |s| {
        if let Stmt::Loop { cond, body, .. } = s {
            walk_events(cond, &mut |e| out.push(e.span()));
            walk_events(body, &mut |e| out.push(e.span()));
        }
    });
    out
}
