//! KN201 lock-order-inversion: two or more locks acquired in opposite orders on different paths.

use crate::analysis::held_locks::{lock_name, OrderEdge};
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::ir::LockMode;
use crate::rules::deadlocks::{acquired_here, call_name, chain_text};
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::{Lang, Span};

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN201",
    name: "lock-order-inversion",
    family: Family::Deadlocks,
    langs: &[Lang::Python, Lang::Rust],
    status: Status::Stable,
    severity: Severity::Error,
    doc: rule_doc!("KN201"),
    check: Some(check),
};

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let held = facts.held_locks();
    let cg = facts.callgraph();
    for cycle in &facts.lock_order().cycles {
        let edges: Vec<&OrderEdge> = cycle.edges.iter().map(|&i| &held.edges[i]).collect();
        // Report at the earliest inner acquisition, so one cycle gives one stable finding.
        let Some(first) =
            (0..edges.len()).min_by_key(|&i| (edges[i].inner.file, edges[i].inner.start))
        else {
            continue;
        };
        let primary = edges[first];
        let mut finding = Finding::new(&RULE, primary.inner, cycle_message(&edges))
            .with_label(inner_label(cg, primary))
            .with_help(format!(
                "acquire these locks in one order everywhere (for example always `{}` before `{}`)",
                lock_name(&primary.from),
                lock_name(&primary.to)
            ));
        let mut seen: Vec<(Span, String)> = vec![(primary.inner, String::new())];
        let mut related = |span: Span, msg: String, finding: &mut Finding| {
            if seen.iter().any(|(s, _)| *s == span) {
                return;
            }
            seen.push((span, msg.clone()));
            finding.related.push(crate::finding::Label::new(span, msg));
        };
        for k in 0..edges.len() {
            let e = edges[(first + k) % edges.len()];
            related(
                e.outer,
                acquired_here(cg, &lock_name(&e.from), e.outer_via),
                &mut finding,
            );
            for step in &e.chain {
                related(
                    step.call,
                    format!(
                        "{} called here while `{}` is held",
                        call_name(cg, step),
                        lock_name(&e.from)
                    ),
                    &mut finding,
                );
            }
            related(e.inner, inner_label(cg, e), &mut finding);
            // A read handed over to a read waits only behind a queued writer: show it.
            let next = edges[(first + k + 1) % edges.len()];
            if let (Some(w), LockMode::Read, LockMode::Read) = (e.writer, e.to_mode, next.from_mode)
            {
                related(
                    w,
                    format!(
                        "a writer of `{}` may queue here, and new reads wait behind it",
                        lock_name(&e.to)
                    ),
                    &mut finding,
                );
            }
        }
        out.push(finding);
    }
    same_class_nestings(facts, out);
}

/// `with self.lock: with other.lock:` on two objects of one class: a cycle of one lock class
/// (the same code run with the objects swapped takes them in the opposite order). Reported once
/// per function and lock, unless the function compares the two objects to order them.
fn same_class_nestings(facts: &Facts, out: &mut Vec<Finding>) {
    let held = facts.held_locks();
    let cg = facts.callgraph();
    let mut seen = Vec::new();
    for n in held.same_class.iter().filter(|n| !n.ordered) {
        if seen.contains(&(n.function, &n.lock)) {
            continue;
        }
        seen.push((n.function, &n.lock));
        let f = cg.function(n.function);
        let outer = owner_name(f, &n.outer_owner);
        let inner = owner_name(f, &n.inner_owner);
        let field = field_name(&n.lock);
        let via = if n.chain.is_empty() {
            String::new()
        } else {
            format!(", via {}", chain_text(cg, &n.chain))
        };
        let mut finding = Finding::new(
            &RULE,
            n.site,
            format!(
                "lock-order inversion: `{inner}.{field}` is acquired while holding `{outer}.{field}`, two objects of one class; a call with the objects swapped takes them in the opposite order"
            ),
        )
        .with_label(format!(
            "`{inner}.{field}` acquired here while `{outer}.{field}` is held{via}"
        ))
        .with_related(n.outer, format!("`{outer}.{field}` acquired here"));
        for step in n.chain.iter().filter(|s| s.call != n.site) {
            finding = finding.with_related(
                step.call,
                format!(
                    "{} called here while `{outer}.{field}` is held",
                    call_name(cg, step)
                ),
            );
        }
        if n.inner != n.site {
            finding =
                finding.with_related(n.inner, format!("`{field}` of `{inner}` acquired here"));
        }
        out.push(finding.with_help(format!(
            "take the locks of `{outer}` and `{inner}` in one global order, for example by comparing an id or key of the two objects first"
        )));
    }
}

/// The name of the parameter an owner is (`other`).
fn owner_name(f: &crate::ir::Function, owner: &crate::ir::Place) -> String {
    match owner {
        crate::ir::Place::Param { index, .. } => f
            .params
            .get(*index as usize)
            .cloned()
            .unwrap_or_else(|| format!("argument {index}")),
        crate::ir::Place::Local { name, .. } => crate::ir::spelled_local(name).to_string(),
        other => lock_name(other),
    }
}

/// The field part of a lock place (`lock` for `Account.lock`).
fn field_name(lock: &crate::ir::Place) -> String {
    match lock {
        crate::ir::Place::Field { field, .. } => field.clone().to_string(),
        other => lock_name(other),
    }
}

fn cycle_message(edges: &[&OrderEdge]) -> String {
    if let [a, b] = edges {
        return format!(
            "lock-order inversion: `{}` is acquired while holding `{}`, and `{}` while holding `{}`",
            lock_name(&a.to),
            lock_name(&a.from),
            lock_name(&b.to),
            lock_name(&b.from)
        );
    }
    let mut names: Vec<String> = edges
        .iter()
        .map(|e| format!("`{}`", lock_name(&e.from)))
        .collect();
    if let Some(e) = edges.first() {
        names.push(format!("`{}`", lock_name(&e.from)));
    }
    format!(
        "lock-order cycle {}: each lock is acquired while holding the previous one",
        names.join(" -> ")
    )
}

fn inner_label(cg: &crate::analysis::callgraph::CallGraph<'_>, e: &OrderEdge) -> String {
    let base = format!(
        "`{}` acquired here while `{}` is held",
        lock_name(&e.to),
        lock_name(&e.from)
    );
    if e.chain.is_empty() {
        base
    } else {
        format!("{base}, via {}", chain_text(cg, &e.chain))
    }
}
