//! Suppression comments: `# knot: ignore[KN201]` / `// knot: ignore[KN201, KN202]` on a
//! finding's primary line drops it; a bare `knot: ignore` drops every code on that line.

use crate::finding::Finding;
use crate::source::SourceDb;

/// What a line's suppression comment covers.
#[derive(Debug, PartialEq, Eq)]
enum Suppression {
    All,
    Codes(Vec<String>),
}

/// Removes the findings whose primary line carries a matching suppression comment.
pub fn apply(db: &SourceDb, findings: &mut Vec<Finding>) {
    findings.retain(|f| {
        let file = db.get(f.span.file);
        let ((line, _), _) = db.span_range(f.span);
        let start = file.lines().line_start(line) as usize;
        let rest = file.text.get(start..).unwrap_or("");
        let text = rest.split('\n').next().unwrap_or("");
        match parse(text) {
            None => true,
            Some(Suppression::All) => false,
            Some(Suppression::Codes(codes)) => {
                !codes.iter().any(|c| f.code.starts_with(c.as_str()))
            }
        }
    });
}

/// The suppression in one line, if any: after a `#` or `//` comment marker.
fn parse(line: &str) -> Option<Suppression> {
    let at = line.find("knot: ignore")?;
    let before = &line[..at];
    if !before.contains('#') && !before.contains("//") {
        return None;
    }
    let rest = &line[at + "knot: ignore".len()..];
    let Some(inner) = rest.strip_prefix('[') else {
        // `knot: ignore-something` is not ours; `knot: ignore` followed by space or end is.
        return match rest.chars().next() {
            None => Some(Suppression::All),
            Some(c) if c.is_whitespace() || c == '#' => Some(Suppression::All),
            _ => None,
        };
    };
    let inner = inner.split(']').next().unwrap_or("");
    let codes: Vec<String> = inner
        .split(',')
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| !c.is_empty())
        .collect();
    Some(Suppression::Codes(codes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_comment_styles() {
        assert_eq!(
            parse("    with lock:  # knot: ignore[KN201]"),
            Some(Suppression::Codes(vec!["KN201".into()]))
        );
        assert_eq!(
            parse("let g = m.lock(); // knot: ignore[KN201, kn202]"),
            Some(Suppression::Codes(vec!["KN201".into(), "KN202".into()]))
        );
        assert_eq!(parse("x = 1  # knot: ignore"), Some(Suppression::All));
        assert_eq!(parse("s = 'knot: ignore'"), None);
        assert_eq!(parse("x = 1"), None);
    }
}
