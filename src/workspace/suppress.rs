//! Suppression comments: `# knot: ignore[KN201]` / `// knot: ignore[KN201, KN202]` on a
//! finding's primary line drops it; a bare `knot: ignore` drops every code on that line.
//! A Python `# noqa:` naming another linter's code for the same problem drops the knot rule
//! that reports it (`ASYNC2xx`, blocking calls in async functions: KN501; `RUF006`, a dropped
//! task: KN303): the author has already said the line is meant.

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
        match parse(text).or_else(|| noqa_equivalents(text)) {
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

/// The knot rules a `# noqa: CODE, ..` comment covers through other linters' codes for the
/// same problem.
fn noqa_equivalents(line: &str) -> Option<Suppression> {
    let hash = line.find('#')?;
    let comment = &line[hash..];
    let at = comment.to_ascii_lowercase().find("noqa:")?;
    let codes: Vec<String> = comment[at + "noqa:".len()..]
        .split(|c: char| c == ',' || c.is_whitespace())
        .take_while(|c| c.is_empty() || c.chars().all(|ch| ch.is_ascii_alphanumeric()))
        .filter_map(|c| {
            let c = c.to_ascii_uppercase();
            if c.starts_with("ASYNC2") {
                Some("KN501".to_string())
            } else if c == "RUF006" {
                Some("KN303".to_string())
            } else {
                None
            }
        })
        .collect();
    (!codes.is_empty()).then_some(Suppression::Codes(codes))
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

    #[test]
    fn other_linters_codes_for_the_same_problem() {
        assert_eq!(
            noqa_equivalents("    time.sleep(1)  # noqa: ASYNC251"),
            Some(Suppression::Codes(vec!["KN501".into()]))
        );
        assert_eq!(
            noqa_equivalents("asyncio.create_task(f())  # noqa: E501, RUF006 -- kept elsewhere"),
            Some(Suppression::Codes(vec!["KN303".into()]))
        );
        assert_eq!(noqa_equivalents("x = 1  # noqa: E501"), None);
        assert_eq!(noqa_equivalents("x = 1  # noqa"), None);
        assert_eq!(noqa_equivalents("s = 'noqa: ASYNC251'"), None);
    }
}
