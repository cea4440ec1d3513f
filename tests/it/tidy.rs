//! Consistency tests: the rule registry, rule docs (whose examples are executed), fixture
//! directories, layering between modules, the built-in API models and the generated rule index.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use knot::rules::{self, Family};
use knot::RuleSelection;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn registry_is_sorted_unique_and_well_named() {
    let codes: Vec<&str> = rules::ALL.iter().map(|r| r.code).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        codes, sorted,
        "rules::ALL must be sorted by code without repeats"
    );
    let mut names = BTreeSet::new();
    for rule in rules::ALL {
        assert!(
            rule.code.len() == 5
                && rule.code.starts_with("KN")
                && rule.code[2..].chars().all(|c| c.is_ascii_digit()),
            "{} is not KNnnn",
            rule.code
        );
        assert_eq!(
            rule.code.chars().nth(2),
            Some(rule.family.digit()),
            "{}: family {:?} does not match the hundreds digit",
            rule.code,
            rule.family
        );
        let kebab = !rule.name.is_empty()
            && !rule.name.starts_with('-')
            && !rule.name.ends_with('-')
            && !rule.name.contains("--")
            && rule
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        assert!(
            kebab,
            "{}: name `{}` is not kebab-case",
            rule.code, rule.name
        );
        assert!(names.insert(rule.name), "name `{}` used twice", rule.name);
        assert_eq!(
            rule.check.is_none(),
            rule.family == Family::Tool,
            "{}: only tool rules (KN0xx) have no check function",
            rule.code
        );
    }
}

const REQUIRED: &[&str] = &[
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## Use instead",
];
const OPTIONAL: &[&str] = &[
    "## How knot finds it",
    "## Known problems",
    "## Runtime confirmation",
    "## Options",
    "## References",
];

/// Fenced code blocks (language, text) under the `##` heading `section`.
fn blocks_under(doc: &str, section: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut in_section = false;
    let mut current: Option<(String, String)> = None;
    for line in doc.lines() {
        if let Some((lang, text)) = current.as_mut() {
            if line.trim_start().starts_with("```") {
                out.push((lang.clone(), text.clone()));
                current = None;
            } else {
                text.push_str(line);
                text.push('\n');
            }
            continue;
        }
        if line.starts_with("## ") {
            in_section = line.trim_end() == section;
            continue;
        }
        if let Some(lang) = line.trim_start().strip_prefix("```") {
            if in_section {
                current = Some((lang.trim().to_string(), String::new()));
            } else {
                current = Some(("skip".to_string(), String::new()));
            }
        }
    }
    out.retain(|(lang, _)| lang != "skip");
    out
}

#[test]
fn every_rule_has_a_doc_with_the_template_headings() {
    for rule in rules::ALL {
        let path = root().join("rules/docs").join(format!("{}.md", rule.code));
        assert!(path.is_file(), "missing {}", path.display());
        let doc = rule.doc;
        let title = doc.lines().next().unwrap_or_default();
        assert_eq!(
            title,
            format!("# {} {}", rule.code, rule.name),
            "{}: title",
            rule.code
        );
        let headings: Vec<&str> = doc.lines().filter(|l| l.starts_with("## ")).collect();
        let required: Vec<&str> = headings.iter().copied().take(REQUIRED.len()).collect();
        assert_eq!(
            required, REQUIRED,
            "{}: required headings in order",
            rule.code
        );
        let rest: Vec<&str> = headings.iter().copied().skip(REQUIRED.len()).collect();
        let mut last = 0;
        for h in rest {
            let Some(i) = OPTIONAL.iter().position(|o| *o == h) else {
                panic!("{}: unknown heading `{h}`", rule.code);
            };
            assert!(i >= last, "{}: `{h}` out of order", rule.code);
            last = i;
        }
    }
}

/// Whether a language's front-end lowers functions yet. Front-ends land separately from rules;
/// until one does, that language's doc examples cannot fire and are not executed.
fn frontend_lowers(lang: &str) -> bool {
    let (path, text) = if lang == "python" {
        ("probe.py", "def probe_fn():\n    pass\n")
    } else {
        ("probe.rs", "fn probe_fn() {}\n")
    };
    knot::lower_to_ir_text(path, text).contains("probe_fn")
}

#[test]
fn doc_examples_trigger_their_rule_and_fixes_do_not() {
    let mut failures = Vec::new();
    let ready: Vec<&str> = ["python", "rust"]
        .into_iter()
        .filter(|l| frontend_lowers(l))
        .collect();
    for rule in rules::ALL.iter().filter(|r| r.family != Family::Tool) {
        let examples = blocks_under(rule.doc, "## Example");
        let fixes = blocks_under(rule.doc, "## Use instead");
        if !examples
            .iter()
            .any(|(l, _)| matches!(l.as_str(), "python" | "rust"))
        {
            failures.push(format!(
                "{}: no ```python or ```rust block under Example",
                rule.code
            ));
        }
        let runnable = |lang: &str| ready.contains(&lang);
        for (cases, must_fire) in [(&examples, true), (&fixes, false)] {
            for (lang, text) in cases.iter().filter(|(l, _)| runnable(l)) {
                let path = if lang == "python" {
                    "example.py"
                } else {
                    "example.rs"
                };
                let (_, findings) = knot::check_source(path, text, &RuleSelection::only(rule.code));
                let fired = findings.iter().any(|f| f.code == rule.code);
                if fired != must_fire {
                    failures.push(format!(
                        "{}: {} block {} the rule:\n{text}",
                        rule.code,
                        if must_fire { "Example" } else { "Use instead" },
                        if must_fire {
                            "does not trigger"
                        } else {
                            "triggers"
                        }
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn fixture_directories_belong_to_registered_rules() {
    for lang in ["python", "rust"] {
        let Ok(dirs) = std::fs::read_dir(root().join("fixtures").join(lang)) else {
            continue;
        };
        for dir in dirs.flatten() {
            if !dir.path().is_dir() {
                continue;
            }
            let code = dir.file_name().to_string_lossy().to_string();
            assert!(
                rules::by_code(&code).is_some_and(|r| r.code == code),
                "fixtures/{lang}/{code} has no registered rule"
            );
        }
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn layers_do_not_reach_into_parsers() {
    let mut files = Vec::new();
    for layer in ["ir", "analysis", "rules", "report"] {
        rust_files(&root().join("src").join(layer), &mut files);
    }
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for banned in ["ruff_python_", "syn::", "proc_macro2"] {
            assert!(
                !text.contains(banned),
                "{} mentions `{banned}`: parsers belong to src/frontend only",
                file.display()
            );
        }
    }
}

#[test]
fn builtin_models_parse_and_names_are_unique() {
    let models = knot::models::Models::builtin();
    let mut seen = BTreeSet::new();
    let mut dups = Vec::new();
    for file in &models.files {
        let names = file
            .lock
            .iter()
            .map(|m| format!("lock {}", m.new))
            .chain(file.spawn.iter().map(|m| {
                format!(
                    "spawn {}",
                    m.new
                        .clone()
                        .or(m.call.clone())
                        .or(m.method.clone())
                        .unwrap_or_default()
                )
            }))
            .chain(file.executor.iter().map(|m| format!("executor {}", m.new)))
            .chain(file.blocking.iter().map(|m| format!("blocking {}", m.call)))
            .chain(file.resource.iter().map(|m| format!("resource {}", m.open)))
            .chain(
                file.thread_safe
                    .iter()
                    .map(|m| format!("thread-safe {}", m.ty)),
            )
            .chain(file.atomic.iter().map(|m| format!("atomic {}", m.ty)))
            .chain(file.timeout.iter().map(|m| format!("timeout {}", m.call)))
            .chain(file.factory.iter().map(|m| format!("factory {}", m.call)))
            .chain(file.once.iter().map(|m| format!("once {}", m.ty)));
        for name in names {
            if !seen.insert(name.clone()) {
                dups.push(name);
            }
        }
    }
    assert!(dups.is_empty(), "defined twice in rules/models: {dups:?}");
}

/// The index table of rules/README.md, generated from the registry.
fn rule_index() -> String {
    let mut out = String::from(
        "# Rules\n\nGenerated from `src/rules/mod.rs` by `tests/it/tidy.rs`; do not edit by hand.\n\
         `knot explain CODE` prints a rule's page.\n\n\
         | Code | Name | Category | Languages | Status |\n|---|---|---|---|---|\n",
    );
    for rule in rules::ALL {
        let langs: Vec<&str> = rule.langs.iter().map(|l| l.as_str()).collect();
        let status = match rule.status {
            rules::Status::Stable => "stable".to_string(),
            rules::Status::Preview { since } => format!("preview (since {since})"),
        };
        out.push_str(&format!(
            "| [{code}](docs/{code}.md) | `{}` | {} | {} | {status} |\n",
            rule.name,
            rule.family.category().as_str(),
            langs.join(", "),
            code = rule.code,
        ));
    }
    out
}

#[test]
fn rules_readme_index_is_up_to_date() {
    let path = root().join("rules/README.md");
    let expected = rule_index();
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current != expected {
        std::fs::write(&path, &expected).expect("write rules/README.md");
        panic!("rules/README.md was out of date and has been regenerated; commit the new version");
    }
}
