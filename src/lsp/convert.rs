//! The one mapping between knot and the protocol: findings to `Diagnostic`s, byte offsets to
//! UTF-16 positions and back, file paths to `file:` URIs and back. No IO, no session state.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range, Uri,
};

use crate::finding::{Finding, Severity};
use crate::source::{FileId, SourceDb, Span};

/// The `source` of every diagnostic knot publishes.
pub(crate) const SOURCE: &str = "knot";

/// Line starts of one text under the protocol's idea of a line: `\n`, `\r\n` and a lone `\r`
/// all end one (knot's own `LineIndex` splits on `\n` only, which is right for reports but
/// would put positions after a lone `\r` on the wrong line).
#[derive(Clone, Debug)]
pub(crate) struct LspLines {
    starts: Vec<usize>,
}

impl LspLines {
    pub(crate) fn new(text: &str) -> LspLines {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LspLines { starts }
    }

    /// The position of a byte offset: 0-based line and UTF-16 code units from the line start.
    /// Offsets past the end or inside a character are clamped, never a panic.
    pub(crate) fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.starts[line];
        let character = text[start..offset].encode_utf16().count();
        Position::new(to_u32(line), to_u32(character))
    }

    /// The byte offset of a position. A line past the end gives the end of the text; a
    /// character past the end of its line gives the line's end (before its terminator), as the
    /// protocol asks; a position inside a surrogate pair gives the start of that character.
    pub(crate) fn offset(&self, text: &str, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return text.len();
        };
        let end = self
            .starts
            .get(pos.line as usize + 1)
            .copied()
            .unwrap_or(text.len());
        let line = text[start..end].trim_end_matches(['\n', '\r']);
        let mut units = 0usize;
        for (i, c) in line.char_indices() {
            let next = units + c.len_utf16();
            if next > pos.character as usize {
                return start + i;
            }
            units = next;
        }
        start + line.len()
    }

    pub(crate) fn range(&self, text: &str, start: usize, end: usize) -> Range {
        Range::new(self.position(text, start), self.position(text, end))
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// What the client can display, from its `publishDiagnostics` capabilities.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ClientSupport {
    /// Without it, related labels are written into the message instead.
    pub(crate) related_information: bool,
}

/// Resolves spans of one checked db to protocol locations: file URIs (the client's own URI for
/// an open document, so it recognises it) and UTF-16 ranges.
pub(crate) struct Locator<'a> {
    db: &'a SourceDb,
    /// Absolute path of each file of `db`, by file id.
    paths: &'a [PathBuf],
    /// The URI the client uses for each open document.
    open: &'a BTreeMap<PathBuf, Uri>,
    /// Line tables, built on first use per file.
    lines: RefCell<HashMap<FileId, LspLines>>,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(
        db: &'a SourceDb,
        paths: &'a [PathBuf],
        open: &'a BTreeMap<PathBuf, Uri>,
    ) -> Locator<'a> {
        Locator {
            db,
            paths,
            open,
            lines: RefCell::default(),
        }
    }

    pub(crate) fn path(&self, span: Span) -> &Path {
        &self.paths[span.file.0 as usize]
    }

    pub(crate) fn range(&self, span: Span) -> Range {
        let file = self.db.get(span.file);
        let mut lines = self.lines.borrow_mut();
        let table = lines
            .entry(span.file)
            .or_insert_with(|| LspLines::new(&file.text));
        table.range(&file.text, span.start as usize, span.end as usize)
    }

    pub(crate) fn uri(&self, span: Span) -> Option<Uri> {
        let path = self.path(span);
        self.open.get(path).cloned().or_else(|| path_to_uri(path))
    }

    pub(crate) fn location(&self, span: Span) -> Option<Location> {
        Some(Location::new(self.uri(span)?, self.range(span)))
    }

    /// `path:line:col` (1-based) for messages that have to spell a location out.
    fn describe(&self, span: Span) -> String {
        let ((line, col), _) = self.db.span_range(span);
        format!("{}:{line}:{col}", self.db.get(span.file).path)
    }
}

/// The diagnostic for a finding, published in the file of its primary span.
pub(crate) fn diagnostic(f: &Finding, at: &Locator<'_>, client: ClientSupport) -> Diagnostic {
    let mut message = f.message.clone();
    let mut related = Vec::new();
    let labels = primary_label(f).into_iter().chain(
        f.related
            .iter()
            .map(|label| (label.span, label.message.as_str())),
    );
    for (span, label) in labels {
        if client.related_information {
            if let Some(location) = at.location(span) {
                related.push(DiagnosticRelatedInformation {
                    location,
                    message: label.to_string(),
                });
            }
        } else {
            message.push_str(&format!("\n{}: {label}", at.describe(span)));
        }
    }
    if let Some(help) = &f.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    Diagnostic {
        range: at.range(f.span),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.code.to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// A hint at a related label that lies in another file than the finding itself, so the other
/// half of a cross-file bug is visible where the user is editing (rust-analyzer does the same
/// for secondary spans). Its related information leads back to the finding.
pub(crate) fn related_hint(
    f: &Finding,
    label_span: Span,
    label: &str,
    at: &Locator<'_>,
    client: ClientSupport,
) -> Diagnostic {
    let mut message = format!("{label}; part of: {}", f.message);
    let mut related = None;
    if client.related_information {
        related = at.location(f.span).map(|location| {
            vec![DiagnosticRelatedInformation {
                location,
                message: format!("`{}` reported here: {}", f.code, f.message),
            }]
        });
    } else {
        message.push_str(&format!("\nreported at {}", at.describe(f.span)));
    }
    Diagnostic {
        range: at.range(label_span),
        severity: Some(DiagnosticSeverity::HINT),
        code: Some(NumberOrString::String(f.code.to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message,
        related_information: related,
        tags: None,
        data: None,
    }
}

fn primary_label(f: &Finding) -> Option<(Span, &str)> {
    (!f.primary_label.is_empty()).then_some((f.span, f.primary_label.as_str()))
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The local path of a `file:` URI (percent-decoded; `file://host/...` as a UNC path on
/// Windows), or `None` for any other scheme, a remote host or an undecodable path.
pub(crate) fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let scheme_end = s.find(':')?;
    if !s[..scheme_end].eq_ignore_ascii_case("file") {
        return None;
    }
    let rest = &s[scheme_end + 1..];
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let (host, path) = match rest.strip_prefix("//") {
        Some(after) => match after.find('/') {
            Some(i) => (&after[..i], &after[i..]),
            None => (after, "/"),
        },
        None => ("", rest),
    };
    let bytes = percent_decode(path)?;
    local_path(host, bytes)
}

#[cfg(unix)]
fn local_path(host: &str, bytes: Vec<u8>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    if !host.is_empty() && !host.eq_ignore_ascii_case("localhost") {
        return None;
    }
    Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

#[cfg(not(unix))]
fn local_path(host: &str, bytes: Vec<u8>) -> Option<PathBuf> {
    let path = String::from_utf8(bytes).ok()?;
    let host = if host.eq_ignore_ascii_case("localhost") {
        ""
    } else {
        host
    };
    if !host.is_empty() {
        return Some(PathBuf::from(format!(
            r"\\{host}{}",
            path.replace('/', "\\")
        )));
    }
    // `/C:/x` names the drive path `C:/x`.
    let b = path.as_bytes();
    let path = if b.len() >= 3 && b[0] == b'/' && b[1].is_ascii_alphabetic() && b[2] == b':' {
        &path[1..]
    } else {
        &path[..]
    };
    Some(PathBuf::from(path.replace('/', "\\")))
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The `file:` URI of an absolute path: every byte but unreserved characters and `/` is
/// percent-encoded (a Windows drive path `C:\x` becomes `file:///C:/x`).
pub(crate) fn path_to_uri(path: &Path) -> Option<Uri> {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        uri.push('/');
    }
    for (i, b) in text.bytes().enumerate() {
        let drive_colon = i == 1 && b == b':';
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') || drive_colon
        {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&uri).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
        let text = "a = 1\n\u{1F512} é x\r\nlast";
        let lines = LspLines::new(text);
        let x = text.find('x').expect("x");
        // The lock emoji is two UTF-16 units, `é` one.
        assert_eq!(lines.position(text, x), Position::new(1, 5));
        assert_eq!(lines.offset(text, Position::new(1, 5)), x);
        assert_eq!(lines.position(text, text.len()), Position::new(2, 4));
        // Inside the emoji's bytes: clamped back to its start.
        let emoji = text.find('\u{1F512}').expect("emoji");
        assert_eq!(lines.position(text, emoji + 2), Position::new(1, 0));
        // Inside its surrogate pair: the emoji's start.
        assert_eq!(lines.offset(text, Position::new(1, 1)), emoji);
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "ab\r\ncd";
        let lines = LspLines::new(text);
        assert_eq!(lines.offset(text, Position::new(0, 99)), 2);
        assert_eq!(lines.offset(text, Position::new(9, 0)), text.len());
        assert_eq!(lines.position(text, 999), Position::new(1, 2));
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let text = "a\rb\n\nc";
        let lines = LspLines::new(text);
        assert_eq!(lines.position(text, 2), Position::new(1, 0));
        assert_eq!(lines.position(text, 5), Position::new(3, 0));
    }

    #[cfg(unix)]
    #[test]
    fn file_uris_round_trip() {
        let path = Path::new("/tmp/my dir/caf\u{e9}#1.py");
        let uri = path_to_uri(path).expect("uri");
        assert_eq!(uri.as_str(), "file:///tmp/my%20dir/caf%C3%A9%231.py");
        assert_eq!(uri_to_path(&uri).as_deref(), Some(path));
        let other = Uri::from_str("untitled:Untitled-1").expect("uri");
        assert_eq!(uri_to_path(&other), None);
        let remote = Uri::from_str("file://server/share/a.py").expect("uri");
        assert_eq!(uri_to_path(&remote), None);
        let local = Uri::from_str("file://localhost/a%2Fb.py").expect("uri");
        assert_eq!(uri_to_path(&local), Some(PathBuf::from("/a/b.py")));
    }
}
