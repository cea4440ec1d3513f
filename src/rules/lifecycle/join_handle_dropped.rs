//! KN304 join-handle-dropped: a Rust `std::thread::spawn` whose `JoinHandle` is dropped at once,
//! detaching the thread: its panic and its result are lost and `main` may exit under it. Also a
//! handle kept in an `Option` field and emptied by a bare `self.thread.take();`, which drops it
//! instead of joining it (a `shutdown` that returns while the thread still runs).

use crate::analysis::lifecycle::HandleKind;
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::ir::{walk_stmts, Place, Stmt};
use crate::rules::lifecycle::running;
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::Lang;

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN304",
    name: "join-handle-dropped",
    family: Family::Lifecycle,
    langs: &[Lang::Rust],
    status: Status::Stable,
    severity: Severity::Warning,
    doc: rule_doc!("KN304"),
    check: Some(check),
};

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for u in &facts.lifecycle().unjoined {
        if u.kind != HandleKind::JoinHandle || u.kept_in.is_some() {
            continue;
        }
        // A thread that runs forever (`spawn(move || loop { .. })` with no way out of the loop)
        // is detached on purpose: joining it would never return.
        let cg = facts.callgraph();
        if (u.target.as_ref())
            .and_then(|t| cg.resolve(t))
            .is_some_and(|f| runs_forever(&cg.function(f).body))
        {
            continue;
        }
        let what = running(u.target.as_ref());
        out.push(
            Finding::new(
                &RULE,
                u.spawn,
                format!("`JoinHandle` of the thread{what} is dropped, detaching the thread"),
            )
            .with_label("the handle is dropped here")
            .with_help("keep the handle and `join()` it, use `std::thread::scope`, or bind it to `_` to detach on purpose"),
        );
    }
    // Handles kept in a field no code of the program ever reads: nothing can join them, and
    // dropping the struct detaches the thread.
    let read: std::collections::HashSet<&str> = facts
        .program
        .modules
        .iter()
        .flat_map(|m| m.facts.fields_read.iter().map(|n| n.as_str()))
        .collect();
    for m in &facts.program.modules {
        for (span, place) in &m.facts.kept_handle_fields {
            let Place::Field { class, field } = place else {
                continue;
            };
            if read.contains(field.as_str()) {
                continue;
            }
            let owner = class.as_str().rsplit("::").next().unwrap_or(class.as_str());
            out.push(
                Finding::new(
                    &RULE,
                    *span,
                    format!("the `JoinHandle` kept in `{owner}.{field}` is never joined: dropping the `{owner}` detaches the thread"),
                )
                .with_label("the thread's handle is stored, never read")
                .with_help(format!("join it when `{owner}` is done (`impl Drop`: `if let Some(h) = self.{field}.take() {{ let _ = h.join(); }}`)")),
            );
        }
    }
    for m in &facts.program.modules {
        for (span, field) in &m.facts.dropped_handle_fields {
            out.push(
                Finding::new(
                    &RULE,
                    *span,
                    format!("the `JoinHandle` taken out of `{field}` is dropped, detaching the thread instead of waiting for it"),
                )
                .with_label("taken and dropped here")
                .with_help(format!("join it: `if let Some(handle) = self.{field}.take() {{ let _ = handle.join(); }}`")),
            );
        }
    }
}

/// Whether `body` ends in a `loop` nothing leaves: no `break` of that loop, no `return` in it.
fn runs_forever(body: &[Stmt]) -> bool {
    let Some(Stmt::Loop {
        body: inner,
        infinite: true,
        ..
    }) = body.last()
    else {
        return false;
    };
    !leaves(inner)
}

/// Whether `body` (a loop's body) has a `break` or a `return` anywhere: a `break` inside an
/// inner loop may name the outer one (`break 'outer`), and the IR keeps no labels.
fn leaves(body: &[Stmt]) -> bool {
    let mut found = false;
    walk_stmts(body, &mut |s| {
        found |= matches!(s, Stmt::Break(_) | Stmt::Return(_))
    });
    found
}
