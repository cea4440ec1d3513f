//! `textDocument/hover`: over a knot diagnostic, the documentation of its rule (the page
//! `knot explain` prints), so what a code means and how to fix it is one hover away.

use lsp_types::{
    Hover, HoverContents, HoverParams, MarkupContent, MarkupKind, NumberOrString, Position, Range,
};

use crate::lsp::convert::SOURCE;
use crate::lsp::session::Session;
use crate::rules;

pub(crate) fn handle(session: &Session, params: HoverParams) -> Option<Hover> {
    let at = params.text_document_position_params;
    let mut codes: Vec<&str> = Vec::new();
    let mut range: Option<Range> = None;
    for d in session.published(&at.text_document.uri) {
        if d.source.as_deref() != Some(SOURCE) || !contains(d.range, at.position) {
            continue;
        }
        let Some(NumberOrString::String(code)) = &d.code else {
            continue;
        };
        if !codes.contains(&code.as_str()) {
            codes.push(code);
            range.get_or_insert(d.range);
        }
    }
    let pages: Vec<&str> = codes
        .iter()
        .filter_map(|code| rules::by_code(code))
        .map(|rule| rule.doc.trim())
        .collect();
    if pages.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: pages.join("\n\n---\n\n"),
        }),
        range,
    })
}

fn contains(range: Range, pos: Position) -> bool {
    range.start <= pos && pos <= range.end
}
