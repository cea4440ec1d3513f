//! KN401 resource-not-closed: a resource opened into a local is not closed (or handed on) on
//! every path: an early `return`, or a call that raises before the close.

use crate::analysis::resources::{Leak, LeakPath};
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::rules::lifecycle::last_segment;
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::Lang;

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN401",
    name: "resource-not-closed",
    family: Family::Resources,
    langs: &[Lang::Python],
    status: Status::Stable,
    severity: Severity::Warning,
    doc: rule_doc!("KN401"),
    check: Some(check),
};

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let graph = facts.callgraph();
    for leak in &facts.resources().leaks {
        let mut f = Finding::new(&RULE, leak.open, message(leak)).with_label(format!(
            "`{}` opened here by `{}`",
            leak.local,
            last_segment(&leak.api)
        ));
        f = match &leak.path {
            LeakPath::Raise(at) => f.with_related(
                *at,
                format!("this call can raise while `{}` is open", leak.local),
            ),
            LeakPath::Return(at) if at.start != at.end => f.with_related(
                *at,
                format!("the function returns here with `{}` open", leak.local),
            ),
            LeakPath::Return(_) => f,
        };
        if let Some(at) = leak.released_at {
            f = f.with_related(at, format!("`{}` is only released here", leak.local));
        }
        if let Some((callee, open)) = leak.via {
            f = f.with_related(
                open,
                format!(
                    "`{}` creates the resource here",
                    graph.function(callee).short_name
                ),
            );
        }
        out.push(f.with_help(help(leak)));
    }
}

fn message(leak: &Leak) -> String {
    match leak.path {
        LeakPath::Raise(_) => format!(
            "`{}` is not closed if a later call raises before it is released",
            leak.local
        ),
        LeakPath::Return(_) => format!("`{}` is not closed on every path", leak.local),
    }
}

fn help(leak: &Leak) -> String {
    match leak.path {
        LeakPath::Raise(_) => format!(
            "use `with`, a `try`/`finally` that closes `{}`, or hand it to its owner right away",
            leak.local
        ),
        LeakPath::Return(_) => format!("use `with` so `{}` is closed on every path", leak.local),
    }
}
