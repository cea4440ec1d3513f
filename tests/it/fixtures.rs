//! Rule fixtures: `fixtures/<lang>/<CODE>/{bad*,good*}` with checked `expect:` marks.
//!
//! For every fixture, only the rule named by its directory runs. The (file, line, code) set of
//! findings must equal the set of `expect: CODE` marks; `good*` must produce nothing; `bad*`
//! renderings are snapshotted. `fixtures/clean/` runs every rule and must stay silent.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::support::{fixture_files, fixtures_dir, lint, rel, render};
use knot::RuleSelection;

fn expected_marks(files: &[PathBuf]) -> BTreeSet<(String, u32, String)> {
    let mut out = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        for (i, line) in text.lines().enumerate() {
            let Some(pos) = line.find("expect: ") else {
                continue;
            };
            let before = &line[..pos];
            if !(before.trim_end().ends_with('#') || before.trim_end().ends_with("//")) {
                continue;
            }
            for code in line[pos + 8..].split(',') {
                let code = code.trim();
                if code.starts_with("KN") {
                    out.insert((rel(file), i as u32 + 1, code.to_string()));
                }
            }
        }
    }
    out
}

fn rule_cases() -> Vec<(String, PathBuf)> {
    let mut cases = Vec::new();
    for lang in ["python", "rust"] {
        let dir = fixtures_dir().join(lang);
        let Ok(rules) = std::fs::read_dir(&dir) else {
            continue;
        };
        for rule in rules.flatten() {
            let code = rule.file_name().to_string_lossy().to_string();
            for case in std::fs::read_dir(rule.path()).unwrap().flatten() {
                cases.push((code.clone(), case.path()));
            }
        }
    }
    cases.sort();
    cases
}

#[test]
fn rule_fixtures_match_their_marks() {
    let mut failures = Vec::new();
    for (code, path) in rule_cases() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let is_bad = name.starts_with("bad");
        let is_good = name.starts_with("good");
        if !is_bad && !is_good {
            continue;
        }
        let (db, findings) = lint(&path, &RuleSelection::only(&code));
        let got: BTreeSet<(String, u32, String)> = findings
            .iter()
            .map(|f| {
                (
                    db.get(f.span.file).path.clone(),
                    db.span_range(f.span).0 .0,
                    f.code.to_string(),
                )
            })
            .collect();
        let want = if is_good {
            BTreeSet::new()
        } else {
            expected_marks(&fixture_files(&path))
        };
        if is_bad && want.is_empty() {
            failures.push(format!(
                "{}: a bad fixture without any `expect:` mark",
                rel(&path)
            ));
        }
        if got != want {
            let missing: Vec<_> = want.difference(&got).collect();
            let extra: Vec<_> = got.difference(&want).collect();
            failures.push(format!(
                "{}:\n  missing: {missing:?}\n  unexpected: {extra:?}\n{}",
                rel(&path),
                render(&db, &findings)
            ));
            continue;
        }
        if is_bad {
            let snap_name = rel(&path).replace('/', "__");
            insta::with_settings!({ snapshot_path => "snapshots/fixtures", prepend_module_to_snapshot => false }, {
                insta::assert_snapshot!(snap_name, render(&db, &findings));
            });
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn clean_fixtures_produce_nothing_with_every_rule() {
    let dir = fixtures_dir().join("clean");
    let selection = RuleSelection {
        preview: true,
        ..Default::default()
    };
    let mut failures = Vec::new();
    for file in fixture_files(&dir) {
        let (db, findings) = lint(Path::new(&file), &selection);
        if !findings.is_empty() {
            failures.push(render(&db, &findings));
        }
    }
    assert!(
        failures.is_empty(),
        "clean fixtures produced findings:\n{}",
        failures.join("\n")
    );
}
