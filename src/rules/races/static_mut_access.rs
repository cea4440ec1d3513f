//! KN105 static-mut-access: a Rust `static mut` read or written from a spawned thread while
//! another thread writes it.

use std::collections::BTreeSet;

use crate::analysis::shared::STATIC_MUT;
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::ir::Place;
use crate::rules::races::{func_name, is_lang, pair_finding, place_name};
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::Lang;

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN105",
    name: "static-mut-access",
    family: Family::Races,
    langs: &[Lang::Rust],
    status: Status::Stable,
    severity: Severity::Error,
    doc: rule_doc!("KN105"),
    check: Some(check),
};

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let cg = facts.callgraph();
    let sharing = facts.sharing();
    let mut reported = BTreeSet::new();
    for a in &sharing.locksets.accesses {
        if !matches!(a.place, Place::Global(_)) || !is_lang(cg, a.func, Lang::Rust) {
            continue;
        }
        // Safe Rust cannot assign to a static, so a written static is a `static mut` even when
        // the front-end did not declare it with the `static mut` marker type.
        let declared = sharing
            .info
            .decl(&a.place)
            .is_some_and(|d| d.ty == STATIC_MUT);
        if !declared && !sharing.locksets.of_place(&a.place).any(|b| b.writes()) {
            continue;
        }
        // Report on the spawned thread's side; the creator's accesses are related.
        if sharing.contexts.list[a.ctx].is_creator() || !reported.insert(a.span) {
            continue;
        }
        let Some(b) = sharing.partner(cg, a, |_| true) else {
            continue;
        };
        let place = place_name(cg, &a.place, a.func);
        let verb = if a.writes() { "written" } else { "read" };
        out.push(pair_finding(
            &RULE,
            cg,
            sharing,
            a,
            b,
            format!(
                "`static mut {place}` is {verb} in `{}` on a spawned thread while `{}` also uses it",
                func_name(cg, a.func),
                func_name(cg, b.func)
            ),
            "unsynchronised access here",
            "concurrent access",
            format!("make `{place}` an atomic or put it in a `Mutex` instead of `static mut`"),
        ));
    }
}
