//! KN304 join-handle-dropped: a Rust `std::thread::spawn` whose `JoinHandle` is dropped at once,
//! detaching the thread: its panic and its result are lost and `main` may exit under it.

use crate::analysis::lifecycle::HandleKind;
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
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
}
