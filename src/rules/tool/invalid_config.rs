//! KN003 invalid-config: a configuration file with unknown keys or bad values. Reported by the pipeline; there is no `check`.

use crate::finding::Severity;
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::Lang;

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN003",
    name: "invalid-config",
    family: Family::Tool,
    langs: &[Lang::Python, Lang::Rust],
    status: Status::Stable,
    severity: Severity::Error,
    doc: rule_doc!("KN003"),
    check: None,
};
