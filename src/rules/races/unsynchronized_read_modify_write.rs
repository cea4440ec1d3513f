//! KN101 unsynchronized-read-modify-write: `x += 1` on state another thread also updates, with
//! no lock held at both.

use std::collections::BTreeSet;

use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::ir::AccessKind;
use crate::rules::races::{func_name, is_lang, other_side, pair_finding, place_name_at};
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::Lang;

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN101",
    name: "unsynchronized-read-modify-write",
    family: Family::Races,
    langs: &[Lang::Python],
    status: Status::Stable,
    severity: Severity::Error,
    doc: rule_doc!("KN101"),
    check: Some(check),
};

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let cg = facts.callgraph();
    let sharing = facts.sharing();
    let mut reported = BTreeSet::new();
    for a in &sharing.locksets.accesses {
        if a.kind != AccessKind::ReadModifyWrite || !is_lang(cg, a.func, Lang::Python) {
            continue;
        }
        if reported.contains(&(a.span.file.0, a.span.start))
            || !sharing.shareable(cg, facts.models, &a.place)
        {
            continue;
        }
        let Some(b) = sharing.partner(cg, a, |b| b.writes()) else {
            continue;
        };
        reported.insert((a.span.file.0, a.span.start));
        let place = place_name_at(cg, &a.place, a.func, a.span);
        let fa = func_name(cg, a.func);
        let other = other_side(cg, sharing, a, b);
        out.push(pair_finding(
            &RULE,
            cg,
            sharing,
            a,
            b,
            format!(
                "`{place}` is updated without a common lock in `{fa}` while {other} also writes it"
            ),
            "read-modify-write here",
            "concurrent write",
            format!("hold one lock around every update of `{place}`"),
        ));
    }
}
