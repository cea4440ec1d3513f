//! KN002 unreadable-file: a file that cannot be read as UTF-8 text. Reported by the pipeline; there is no `check`.

use crate::finding::Severity;
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::Lang;

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN002",
    name: "unreadable-file",
    family: Family::Tool,
    langs: &[Lang::Python, Lang::Rust],
    status: Status::Stable,
    severity: Severity::Error,
    doc: rule_doc!("KN002"),
    check: None,
};
