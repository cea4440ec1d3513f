//! Reporters: findings (sorted, suppressed) -> text, JSON, SARIF or GitHub annotations.
//! One file per format; all locations are computed here from byte spans, 1-based.

use crate::finding::Finding;
use crate::source::{SourceDb, Span};

pub mod github;
pub mod json;
pub mod sarif;
pub mod text;

/// A span resolved for output: display path and 1-based start/end line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

impl Location {
    pub fn of(db: &SourceDb, span: Span) -> Location {
        let ((line, column), (end_line, end_column)) = db.span_range(span);
        Location {
            path: db.get(span.file).path.clone(),
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// Number of findings per code, in code order: the `--statistics` table.
pub fn statistics(findings: &[Finding]) -> Vec<(&'static str, &'static str, usize)> {
    let mut counts: std::collections::BTreeMap<&'static str, (&'static str, usize)> =
        Default::default();
    for f in findings {
        counts.entry(f.code).or_insert((f.name, 0)).1 += 1;
    }
    counts
        .into_iter()
        .map(|(code, (name, n))| (code, name, n))
        .collect()
}

/// The `--statistics` table as text.
pub fn statistics_text(findings: &[Finding]) -> String {
    let mut out = String::new();
    for (code, name, n) in statistics(findings) {
        out.push_str(&format!("{n:>5}  {code}  {name}\n"));
    }
    out
}
