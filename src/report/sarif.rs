//! `--format sarif`: SARIF 2.1.0 for code-scanning services. Every registered rule is listed in
//! `tool.driver.rules` with its doc page as `help.markdown`; related labels become
//! `relatedLocations`. Validated against the official schema in `tests/it/cli.rs`.

use serde_json::{json, Value};

use super::Location;
use crate::finding::{Finding, Severity};
use crate::rules;
use crate::source::SourceDb;

pub fn render(db: &SourceDb, findings: &[Finding]) -> String {
    let rules_json: Vec<Value> = rules::ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": short_description(r.doc, r.name) },
                "fullDescription": { "text": r.doc },
                "help": { "text": r.doc, "markdown": r.doc },
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": { "category": r.family.category().as_str() },
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let rule_index = rules::ALL.iter().position(|r| r.code == f.code);
            let mut result = json!({
                "ruleId": f.code,
                "level": level(f.severity),
                "message": { "text": f.message },
                "locations": [location(db, f.span, None, None)],
                "relatedLocations": f
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, r)| location(db, r.span, Some(i), Some(&r.message)))
                    .collect::<Vec<_>>(),
            });
            if let Some(i) = rule_index {
                result["ruleIndex"] = json!(i);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "knot",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/knot-linter/knot",
                "rules": rules_json,
            }},
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_string());
    out.push('\n');
    out
}

fn location(
    db: &SourceDb,
    span: crate::source::Span,
    id: Option<usize>,
    message: Option<&str>,
) -> Value {
    let loc = Location::of(db, span);
    let mut value = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": loc.path },
            "region": {
                "startLine": loc.line,
                "startColumn": loc.column,
                "endLine": loc.end_line,
                "endColumn": loc.end_column,
            },
        },
    });
    if let Some(id) = id {
        value["id"] = json!(id);
    }
    if let Some(message) = message {
        value["message"] = json!({ "text": message });
    }
    value
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The doc's "What it does" paragraph, or the rule name when the doc has none yet.
fn short_description(doc: &str, name: &str) -> String {
    let mut lines = doc
        .lines()
        .skip_while(|l| !l.starts_with("## What it does"));
    lines.next();
    let text: Vec<&str> = lines
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::trim)
        .collect();
    if text.is_empty() {
        name.to_string()
    } else {
        text.join(" ")
    }
}
