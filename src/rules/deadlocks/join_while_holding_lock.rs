//! KN204 join-while-holding-lock: joining a thread while holding a lock that thread acquires,
//! and a thread joining itself.

use crate::analysis::held_locks::lock_name;
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::rules::deadlocks::{call_name, chain_text};
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::Lang;

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN204",
    name: "join-while-holding-lock",
    family: Family::Deadlocks,
    langs: &[Lang::Python, Lang::Rust],
    status: Status::Stable,
    severity: Severity::Error,
    doc: rule_doc!("KN204"),
    check: Some(check),
};

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let held = facts.held_locks();
    let cg = facts.callgraph();
    let mut seen = Vec::new();
    for j in &held.joins {
        // One finding per thread and lock: a scoped thread joined explicitly is joined again,
        // harmlessly, when its scope ends.
        let key = (j.function, &j.handle, j.target, &j.lock);
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let name = lock_name(&j.lock);
        let target = cg.function(j.target);
        let via = if j.chain.is_empty() {
            String::new()
        } else {
            format!(", via {}", chain_text(cg, &j.chain))
        };
        let mut f = Finding::new(
            &RULE,
            j.join,
            format!(
                "joins a thread running `{}()` while holding `{name}`, which that thread acquires{via}",
                target.short_name
            ),
        )
        .with_label(format!("waits for the thread while `{name}` is held"))
        .with_related(j.held, format!("`{name}` acquired here"))
        .with_related(j.spawn, "the thread is started here");
        for step in &j.chain {
            f = f.with_related(step.call, format!("{} called here", call_name(cg, step)));
        }
        f = f
            .with_related(j.inner, format!("the thread acquires `{name}` here"))
            .with_help(format!("release `{name}` before joining the thread"));
        out.push(f);
    }
    for s in &held.self_joins {
        let f = cg.function(s.function);
        let mut finding = match s.via {
            None => Finding::new(
                &RULE,
                s.join,
                format!("thread joins itself in `{}()`", f.short_name),
            )
            .with_label("this runs on the thread being joined"),
            Some((callee, inner)) => {
                let name = &cg.function(callee).short_name;
                Finding::new(
                    &RULE,
                    s.join,
                    format!(
                        "thread joins itself in `{}()`, via `{name}()`",
                        f.short_name
                    ),
                )
                .with_label(format!("`{name}()` joins the thread this runs on"))
                .with_related(inner, "the thread is joined here")
            }
        };
        finding = finding.with_help(
            "join the thread from another thread, or return from its run method instead",
        );
        out.push(finding);
    }
}
