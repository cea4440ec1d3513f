//! KN201 lock-order-inversion: two or more locks acquired in opposite orders on different paths.

use crate::analysis::held_locks::{lock_name, OrderEdge};
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::rules::deadlocks::{call_name, chain_text};
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
                format!("`{}` acquired here", lock_name(&e.from)),
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
        }
        out.push(finding);
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
