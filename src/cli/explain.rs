//! `knot explain KNnnn`: a header generated from the rule's `RuleDef`, then its Markdown doc.

use anyhow::bail;

use super::ExplainArgs;
use crate::rules::{self, RuleDef, Status};

pub fn run(args: &ExplainArgs) -> anyhow::Result<u8> {
    let Some(rule) = rules::by_code(args.code.trim()) else {
        bail!(
            "unknown rule `{}`; `knot rules` lists every rule",
            args.code
        );
    };
    print!("{}", explain_text(rule));
    Ok(super::EXIT_CLEAN)
}

/// The header lines and the doc page, as printed by `knot explain`.
pub fn explain_text(rule: &RuleDef) -> String {
    let mut out = format!("{} {}\n", rule.code, rule.name);
    out.push_str(&format!("category: {}\n", rule.family.category().as_str()));
    out.push_str(&format!("languages: {}\n", super::rules::langs(rule)));
    out.push_str(&format!("status: {}\n", status_text(rule.status)));
    out.push_str(&format!("severity: {}\n\n", rule.severity.as_str()));
    out.push_str(rule.doc);
    if !rule.doc.ends_with('\n') {
        out.push('\n');
    }
    out
}

pub fn status_text(status: Status) -> String {
    match status {
        Status::Stable => "stable".to_string(),
        Status::Preview { since } => format!("preview (since {since})"),
    }
}
