//! KN507 multiprocessing-without-main-guard: module-level code starts a process or a process
//! pool without `if __name__ == "__main__":`. Under the spawn and forkserver start methods each
//! child re-imports the main module and runs that code again. Python-specific by nature.

use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::rules::lifecycle::last_segment;
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::Lang;

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN507",
    name: "multiprocessing-without-main-guard",
    family: Family::Mismatch,
    langs: &[Lang::Python],
    status: Status::Stable,
    severity: Severity::Error,
    doc: rule_doc!("KN507"),
    check: Some(check),
};

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let graph = facts.callgraph();
    for p in &facts.module_level().process_on_import {
        let api = last_segment(&p.chain.api);
        let mut f = if p.chain.calls.is_empty() {
            Finding::new(
                &RULE,
                p.site,
                format!("`{api}` starts a process at import time, outside an `if __name__ == \"__main__\":` guard"),
            )
            .with_label("runs again in every child that re-imports this module")
        } else {
            let first = graph.function(p.chain.calls[0].1);
            Finding::new(
                &RULE,
                p.site,
                format!(
                    "`{}` starts a process (`{api}`) and is called at import time, outside an `if __name__ == \"__main__\":` guard",
                    first.short_name
                ),
            )
            .with_label(format!(
                "1. `{}` is called here, and runs again in every child that re-imports this module",
                first.short_name
            ))
        };
        f = super::with_numbered_hops(f, graph, &p.chain);
        if !p.chain.calls.is_empty() {
            f = f.with_related(
                p.chain.event,
                format!("{}. `{api}` starts processes here", p.chain.calls.len() + 1),
            );
        }
        for &site in &p.also {
            f = f.with_related(
                site,
                "called at import time here too, reaching the same start",
            );
        }
        out.push(
            f.with_help("move the module-level entry code under `if __name__ == \"__main__\":`"),
        );
    }
}
