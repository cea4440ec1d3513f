//! `--format json`: one array of findings, the contract in DESIGN.md ("Contracts other tools
//! rely on"). Field names and meanings are stable; new fields may be added.

use serde::Serialize;

use super::Location;
use crate::finding::{Category, Finding, Severity};
use crate::source::SourceDb;

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'a str,
    name: &'a str,
    category: Category,
    severity: Severity,
    path: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    message: &'a str,
    /// What happens at the primary location (`write here, holding `_lock``), as the text
    /// format shows under the caret; empty when the rule gives none.
    label: &'a str,
    related: Vec<JsonRelated<'a>>,
    help: Option<&'a str>,
    confirmed: Option<bool>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    path: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    message: &'a str,
}

/// The findings as a pretty-printed JSON array, with a trailing newline.
pub fn render(db: &SourceDb, findings: &[Finding]) -> String {
    let items: Vec<JsonFinding> = findings
        .iter()
        .map(|f| {
            let loc = Location::of(db, f.span);
            JsonFinding {
                code: f.code,
                name: f.name,
                category: f.category,
                severity: f.severity,
                path: loc.path,
                line: loc.line,
                column: loc.column,
                end_line: loc.end_line,
                end_column: loc.end_column,
                message: &f.message,
                label: &f.primary_label,
                related: f
                    .related
                    .iter()
                    .map(|r| {
                        let loc = Location::of(db, r.span);
                        JsonRelated {
                            path: loc.path,
                            line: loc.line,
                            column: loc.column,
                            end_line: loc.end_line,
                            end_column: loc.end_column,
                            message: &r.message,
                        }
                    })
                    .collect(),
                help: f.help.as_deref(),
                confirmed: f.confirmed,
            }
        })
        .collect();
    // Serialising plain structs of strings and numbers cannot fail.
    let mut out = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}
