//! KN301 thread-never-joined: a thread or process started into a local and never joined.

use crate::analysis::lifecycle::{HandleKind, Unjoined};
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::ir::ExecCtx;
use crate::rules::lifecycle::{place_name, short_callee};
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::Lang;

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN301",
    name: "thread-never-joined",
    family: Family::Lifecycle,
    langs: &[Lang::Python],
    status: Status::Stable,
    severity: Severity::Warning,
    doc: rule_doc!("KN301"),
    check: Some(check),
};

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    for u in &facts.lifecycle().unjoined {
        if u.kind != HandleKind::Joinable {
            continue;
        }
        let Some(local) = &u.kept_in else { continue };
        out.push(
            Finding::new(&RULE, u.spawn, message(u, &place_name(local)))
                .with_label(format!("`{}` is started here", place_name(local)))
                .with_help(format!(
                    "call `{}.join()` on every path, or make it a daemon if it may die with the program",
                    place_name(local)
                )),
        );
    }
}

fn message(u: &Unjoined, name: &str) -> String {
    let what = match u.ctx {
        ExecCtx::Process => "process",
        _ => "thread",
    };
    match &u.target {
        Some(t) => format!(
            "{what} `{name}` running `{}` is started but never joined",
            short_callee(t)
        ),
        None => format!("{what} `{name}` is started but never joined"),
    }
}
