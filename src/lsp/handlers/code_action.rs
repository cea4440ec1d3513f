//! `textDocument/codeAction`: for each knot diagnostic in the request, a quick fix that adds its
//! code to the line's `knot: ignore[...]` comment (or writes one), the same suppression
//! `knot check` honours.

use std::collections::{BTreeSet, HashMap};

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, DiagnosticSeverity,
    NumberOrString, Position, Range, TextEdit, WorkspaceEdit,
};

use crate::lsp::convert::{LspLines, SOURCE};
use crate::lsp::session::Session;
use crate::source::Lang;

pub(crate) fn handle(session: &Session, params: CodeActionParams) -> Vec<CodeActionOrCommand> {
    let uri = params.text_document.uri;
    let Some((path, doc)) = session.document(&uri) else {
        return Vec::new();
    };
    let Some(lang) = Lang::from_path(&path.to_string_lossy()) else {
        return Vec::new();
    };
    let lines = LspLines::new(&doc.text);
    let mut seen = BTreeSet::new();
    let mut actions = Vec::new();
    for diagnostic in &params.context.diagnostics {
        if diagnostic.source.as_deref() != Some(SOURCE)
            || diagnostic.severity == Some(DiagnosticSeverity::HINT)
        {
            continue;
        }
        let Some(NumberOrString::String(code)) = &diagnostic.code else {
            continue;
        };
        // Tool findings (syntax errors, unreadable files) are fixed, not silenced.
        if code.starts_with("KN0") {
            continue;
        }
        let line = diagnostic.range.start.line;
        if !seen.insert((line, code.clone())) {
            continue;
        }
        let Some(edit) = suppression_edit(&doc.text, &lines, line, code, lang) else {
            continue;
        };
        // `Uri` caches parse state, which makes clippy wary of it as a key; its `Hash` and
        // `Eq` only look at the text, so the map is sound.
        #[allow(clippy::mutable_key_type)]
        let changes = HashMap::from([(uri.clone(), vec![edit])]);
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Ignore `{code}` on this line"),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic.clone()]),
            edit: Some(WorkspaceEdit::new(changes)),
            ..CodeAction::default()
        }));
    }
    actions
}

/// The edit that suppresses `code` on `line`: added to an existing `knot: ignore[...]` list, or
/// a new trailing comment. `None` where a comment cannot go (after a Python line
/// continuation) or the line does not exist.
fn suppression_edit(
    text: &str,
    lines: &LspLines,
    line: u32,
    code: &str,
    lang: Lang,
) -> Option<TextEdit> {
    let start = lines.offset(text, Position::new(line, 0));
    if lines.position(text, start).line != line {
        return None;
    }
    let end = lines.offset(text, Position::new(line, u32::MAX));
    let content = &text[start..end];
    let marker = match lang {
        Lang::Python => "#",
        Lang::Rust => "//",
    };
    let at = |offset: usize| lines.position(text, start + offset);
    if let Some(list) = content.find("knot: ignore[") {
        if content[..list].contains(marker) {
            let close = list + content[list..].find(']')?;
            let pos = at(close);
            return Some(TextEdit::new(Range::new(pos, pos), format!(", {code}")));
        }
    }
    if lang == Lang::Python && content.trim_end().ends_with('\\') {
        return None;
    }
    let trimmed = content.trim_end().len();
    let pos = at(trimmed);
    let end_pos = at(content.len());
    Some(TextEdit::new(
        Range::new(pos, end_pos),
        format!("  {marker} knot: ignore[{code}]"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, line: u32, code: &str, lang: Lang) -> Option<String> {
        let lines = LspLines::new(text);
        let edit = suppression_edit(text, &lines, line, code, lang)?;
        let start = lines.offset(text, edit.range.start);
        let end = lines.offset(text, edit.range.end);
        let mut out = text.to_string();
        out.replace_range(start..end, &edit.new_text);
        Some(out)
    }

    #[test]
    fn adds_a_comment_or_extends_the_existing_list() {
        assert_eq!(
            apply("x = 1\nwith a, b:  \n", 1, "KN201", Lang::Python).as_deref(),
            Some("x = 1\nwith a, b:  # knot: ignore[KN201]\n")
        );
        assert_eq!(
            apply("with a:  # knot: ignore[KN202]\n", 0, "KN201", Lang::Python).as_deref(),
            Some("with a:  # knot: ignore[KN202, KN201]\n")
        );
        assert_eq!(
            apply("let g = m.lock(); // \u{e9}\r\n", 0, "KN202", Lang::Rust).as_deref(),
            Some("let g = m.lock(); // \u{e9}  // knot: ignore[KN202]\r\n")
        );
        // A string that merely mentions the marker is not a comment.
        assert_eq!(
            apply("s = 'knot: ignore[KN1]'\n", 0, "KN201", Lang::Python).as_deref(),
            Some("s = 'knot: ignore[KN1]'  # knot: ignore[KN201]\n")
        );
        assert_eq!(apply("x = a + \\\n    b\n", 0, "KN101", Lang::Python), None);
        assert_eq!(apply("x = 1\n", 5, "KN101", Lang::Python), None);
    }
}
