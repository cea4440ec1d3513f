//! The one file that knows `ruff_python_parser`: parses with error recovery, so a file with
//! syntax errors still yields a (partial) tree, and turns every parse error into a KN001 finding.

use ruff_python_ast::{ModModule, PySourceType};

use crate::finding::Finding;
use crate::source::{FileId, Span};

/// Parses a module. Never fails: the tree is whatever the parser recovered, and every syntax
/// error becomes a KN001 finding at its location.
pub(super) fn parse(file: FileId, text: &str) -> (ModModule, Vec<Finding>) {
    let parsed = ruff_python_parser::parse_unchecked_source(text, PySourceType::Python);
    let findings = parsed
        .errors()
        .iter()
        .map(|e| {
            let r = e.location;
            Finding::new(
                &crate::rules::tool::syntax_error::RULE,
                Span::new(file, r.start().to_u32(), r.end().to_u32()),
                format!("syntax error: {}", e.error),
            )
            .with_label("the parser stopped understanding the file here")
        })
        .collect();
    (parsed.into_syntax(), findings)
}

/// Parses the text of a quoted annotation (`"Store | None"`) as an expression, or `None` when
/// it is not one.
pub(super) fn parse_annotation(text: &str) -> Option<ruff_python_ast::Expr> {
    ruff_python_parser::parse_expression(text)
        .ok()
        .map(|parsed| *parsed.into_syntax().body)
}
