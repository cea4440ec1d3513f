//! KN004 internal-error: a panic inside knot while checking one file. Reported by the pipeline; there is no `check`.

use crate::finding::Severity;
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::Lang;

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN004",
    name: "internal-error",
    family: Family::Tool,
    langs: &[Lang::Python, Lang::Rust],
    status: Status::Stable,
    severity: Severity::Error,
    doc: rule_doc!("KN004"),
    check: None,
};
