//! `Finding`: the one type that reporters and the LSP consume. Knows no output format.

use crate::source::Span;

/// The five bug categories plus `tool` (KN0xx). Serialised in kebab-case, as in the JSON contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Race,
    Deadlock,
    MissingJoin,
    UnclosedResource,
    ModelMismatch,
    Tool,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Race => "race",
            Category::Deadlock => "deadlock",
            Category::MissingJoin => "missing-join",
            Category::UnclosedResource => "unclosed-resource",
            Category::ModelMismatch => "model-mismatch",
            Category::Tool => "tool",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A secondary location: the other half of the bug (the other acquire of a cycle, the other
/// access of a race, the spawn site of a thread). `message` names its role: "`_lock` acquired here".
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

impl Label {
    pub fn new(span: Span, message: impl Into<String>) -> Label {
        Label {
            span,
            message: message.into(),
        }
    }
}

/// One reported problem. `code`/`name`/`category` come from the rule's `RuleDef`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Finding {
    pub code: &'static str,
    pub name: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// The primary location: where the fix goes or the bug bites.
    pub span: Span,
    /// Lowercase first word, no trailing period, code in backticks.
    pub message: String,
    /// Label for the primary span (e.g. "second acquire while `_lock` is held").
    pub primary_label: String,
    pub related: Vec<Label>,
    /// Imperative one-liner: "release it first, or use `threading.RLock`".
    pub help: Option<String>,
    /// `None` until `knot run` has spoken.
    pub confirmed: Option<bool>,
}

impl Finding {
    /// A finding for `rule` at `span`; add related labels and help with the builder methods.
    pub fn new(rule: &crate::rules::RuleDef, span: Span, message: impl Into<String>) -> Finding {
        Finding {
            code: rule.code,
            name: rule.name,
            category: rule.family.category(),
            severity: rule.severity,
            span,
            message: message.into(),
            primary_label: String::new(),
            related: Vec::new(),
            help: None,
            confirmed: None,
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Finding {
        self.primary_label = label.into();
        self
    }

    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Finding {
        self.related.push(Label::new(span, message));
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    /// Sort key: (file, start, code), then the rest for full determinism.
    pub fn sort_key(&self) -> (u32, u32, &'static str, u32, &str) {
        (
            self.span.file.0,
            self.span.start,
            self.code,
            self.span.end,
            &self.message,
        )
    }
}

/// Sorts findings into output order and removes exact duplicates. Invariant: every reporter
/// sees findings only after this.
pub fn sort_and_dedup(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup_by(|a, b| a.code == b.code && a.span == b.span && a.message == b.message);
}
