//! `--format github`: GitHub Actions workflow commands, one `::error` / `::warning` / `::notice`
//! line per finding, so findings show as annotations on pull requests.

use super::Location;
use crate::finding::{Finding, Severity};
use crate::source::SourceDb;

pub fn render(db: &SourceDb, findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let loc = Location::of(db, f.span);
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        out.push_str(&format!(
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&loc.path),
            loc.line,
            loc.column,
            loc.end_line,
            loc.end_column,
            escape_property(&format!("{} {}", f.code, f.name)),
            escape_data(&message_with_related(db, f)),
        ));
    }
    out
}

/// The message plus the related locations, which annotations cannot carry otherwise.
fn message_with_related(db: &SourceDb, f: &Finding) -> String {
    let mut msg = f.message.clone();
    for r in &f.related {
        let loc = Location::of(db, r.span);
        msg.push_str(&format!(
            "\n{}:{}:{}: {}",
            loc.path, loc.line, loc.column, r.message
        ));
    }
    msg
}

/// Escaping of a workflow command's message (GitHub's `escapeData`).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a workflow command's property value (GitHub's `escapeProperty`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
