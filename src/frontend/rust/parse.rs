//! The only file that touches `syn::parse_file`. syn has no error recovery, so a syntax error
//! becomes one KN001 finding and no tree; span conversion to knot's byte spans lives here too.
//!
//! Invariant: no proc-macro2 span outlives lowering. proc-macro2 (with `span-locations`) keeps a
//! thread-local source map that grows with every parse; [`Parsed`] invalidates it when dropped,
//! so a long-running LSP or a rayon pool does not leak or overflow it.

use super::old_editions;
use crate::finding::Finding;
use crate::source::{FileId, SourceFile, Span};

/// A parsed file plus what span conversion needs. Drop it before parsing the next file on the
/// same thread.
pub(crate) struct Parsed {
    pub file: syn::File,
    pub spans: SpanConv,
}

impl Drop for Parsed {
    fn drop(&mut self) {
        // Spans of this file are dead once lowering is done; free the thread's source map.
        proc_macro2::extra::invalidate_current_thread_spans();
    }
}

/// Converts proc-macro2 spans to byte spans of the original text.
#[derive(Clone, Copy)]
pub(crate) struct SpanConv {
    file: FileId,
    /// Bytes `syn::parse_file` stripped before parsing (a BOM, a shebang line): proc-macro2
    /// offsets count from the stripped text.
    base: u32,
    len: u32,
}

impl SpanConv {
    pub fn span(&self, s: proc_macro2::Span) -> Span {
        let r = s.byte_range();
        let start = (r.start as u32).saturating_add(self.base).min(self.len);
        let end = (r.end as u32).saturating_add(self.base).min(self.len);
        Span::new(self.file, start, end)
    }

    pub fn of(&self, node: &impl syn::spanned::Spanned) -> Span {
        self.span(node.span())
    }
}

/// Parses a file. On a syntax error, returns the KN001 finding at the error's position.
pub(crate) fn parse(file: &SourceFile) -> Result<Parsed, Box<Finding>> {
    let text: &str = &file.text;
    // A fresh source map per file: offsets stay small and start at this file.
    proc_macro2::extra::invalidate_current_thread_spans();
    let base = stripped_prefix(text) as u32;
    let spans = SpanConv {
        file: file.id,
        base,
        len: text.len() as u32,
    };
    match syn::parse_file(text) {
        Ok(tree) => Ok(Parsed { file: tree, spans }),
        Err(err) => {
            let start = err.span().start();
            let offset = line_col_to_offset(file, start.line as u32, start.column, base);
            proc_macro2::extra::invalidate_current_thread_spans();
            // Code of an older edition that the current language rejects, rewritten.
            if let Some(tree) = old_editions::parse_rewritten(&text[base as usize..], file.edition)
            {
                return Ok(Parsed { file: tree, spans });
            }
            proc_macro2::extra::invalidate_current_thread_spans();
            // A file that is one expression (`Some(match id { .. })`, `[1, 2, 3]`) is no module
            // but the text an `include!("table.rs")` pastes where an expression stands: no
            // syntax error, and nothing of its own to lower (its code is checked where it is
            // included).
            if is_expression_fragment(text) {
                proc_macro2::extra::invalidate_current_thread_spans();
                let file = syn::parse_file("").expect("an empty file parses");
                return Ok(Parsed { file, spans });
            }
            proc_macro2::extra::invalidate_current_thread_spans();
            let span = Span::new(file.id, offset, offset);
            Err(Box::new(Finding::new(
                &crate::rules::tool::syntax_error::RULE,
                span,
                format!("cannot parse this Rust file: {err}"),
            )))
        }
    }
}

/// Whether the whole text parses as one expression: a fragment made for `include!`.
fn is_expression_fragment(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    syn::parse_str::<syn::Expr>(text).is_ok()
}

/// What `syn::parse_file` strips from the front: a BOM, and a `#!` line that is not `#![attr]`.
fn stripped_prefix(text: &str) -> usize {
    let mut n = 0;
    let mut rest = text;
    if let Some(r) = rest.strip_prefix('\u{feff}') {
        n += 3;
        rest = r;
    }
    if let Some(after) = rest.strip_prefix("#!") {
        if !skip_ws_and_comments(after).starts_with('[') {
            n += rest.find('\n').unwrap_or(rest.len());
        }
    }
    n
}

/// Enough of syn's whitespace skipping to tell a shebang from an inner attribute.
fn skip_ws_and_comments(mut s: &str) -> &str {
    loop {
        let t = s.trim_start();
        if let Some(r) = t.strip_prefix("//") {
            s = r.find('\n').map_or("", |i| &r[i..]);
        } else if let Some(r) = t.strip_prefix("/*") {
            s = r.find("*/").map_or("", |i| &r[i + 2..]);
        } else {
            return t;
        }
    }
}

/// A 1-based line and 0-based column in characters (proc-macro2's convention, counted in the
/// stripped text) to a byte offset of the original text.
fn line_col_to_offset(file: &SourceFile, line: u32, column: usize, base: u32) -> u32 {
    let text: &str = &file.text;
    if line == 0 {
        return 0;
    }
    let mut start = file.lines().line_start(line) as usize;
    if line == 1 {
        start = start.max(base as usize);
        // A shebang line is stripped up to its newline: line 1 of the parsed text is empty.
        start = start.min(text.len());
    }
    let line_text = &text[start..];
    let line_text = line_text.split('\n').next().unwrap_or("");
    let byte = line_text
        .char_indices()
        .nth(column)
        .map_or(line_text.len(), |(i, _)| i);
    (start + byte) as u32
}
