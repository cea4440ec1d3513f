//! `--format text` (the default): codespan-reporting diagnostics with the primary label, related
//! labels (also in other files), a `help:` note and a `see: knot explain` note.

use codespan_reporting::diagnostic::{Diagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};

use crate::finding::{Finding, Severity};
use crate::source::SourceDb;

/// Renders every finding; `color` adds ANSI colours (the caller decides from tty / NO_COLOR).
pub fn render(db: &SourceDb, findings: &[Finding], color: bool) -> String {
    let mut files = SimpleFiles::new();
    for file in db.files() {
        files.add(file.path.clone(), file.text.clone());
    }
    let config = term::Config::default();
    let mut buffer = if color {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    for f in findings {
        let diagnostic = diagnostic(f);
        if term::emit_to_write_style(&mut buffer, &config, &files, &diagnostic).is_err() {
            // A span outside its file's text would be a bug elsewhere; still say something.
            let loc = super::Location::of(db, f.span);
            let line = format!(
                "{}:{}:{}: {} {}\n",
                loc.path, loc.line, loc.column, f.code, f.message
            );
            use std::io::Write;
            let _ = buffer.write_all(line.as_bytes());
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

fn diagnostic(f: &Finding) -> Diagnostic<usize> {
    let severity = match f.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    };
    let mut labels = vec![Label::primary(
        f.span.file.0 as usize,
        f.span.start as usize..f.span.end as usize,
    )
    .with_message(f.primary_label.clone())];
    for r in &f.related {
        labels.push(
            Label::secondary(
                r.span.file.0 as usize,
                r.span.start as usize..r.span.end as usize,
            )
            .with_message(r.message.clone()),
        );
    }
    let mut notes = Vec::new();
    if let Some(help) = &f.help {
        notes.push(format!("help: {help}"));
    }
    notes.push(format!("see: knot explain {}", f.code));
    Diagnostic::new(severity)
        .with_code(format!("{} {}", f.code, f.name))
        .with_message(f.message.clone())
        .with_labels(labels)
        .with_notes(notes)
}

/// The summary line after the findings.
pub fn summary(count: usize) -> String {
    match count {
        0 => "All checks passed.\n".to_string(),
        1 => "Found 1 finding.\n".to_string(),
        n => format!("Found {n} findings.\n"),
    }
}
