//! KN001 syntax-error: a file that does not parse. Reported by the pipeline; there is no `check`.

use crate::finding::Severity;
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::Lang;

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN001",
    name: "syntax-error",
    family: Family::Tool,
    langs: &[Lang::Python, Lang::Rust],
    status: Status::Stable,
    severity: Severity::Error,
    doc: rule_doc!("KN001"),
    check: None,
};
