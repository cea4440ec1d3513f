//! The `knot` binary end to end: exit codes, output formats, selection, configuration,
//! suppressions and bad input (unreadable files, broken links, link loops), on temp dirs.

use std::path::Path;
use std::process::Command;

use knot::finding::Finding;
use knot::source::{SourceDb, Span};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `knot` with `args` in `dir` (so display paths are relative and snapshots stable).
fn knot(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_knot"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("knot binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn write(dir: &Path, rel: &str, content: &[u8]) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, content).expect("write");
}

/// A small project: one clean Python file, one non-UTF-8 file (KN002) and a broken link (KN002).
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "app/main.py",
        b"import threading\n\nlock = threading.Lock()\n",
    );
    write(dir.path(), "app/latin1.py", b"# caf\xe9\nx = 1\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink("missing.py", dir.path().join("app/link.py")).expect("symlink");
    dir
}

fn json(run: &Run) -> Vec<serde_json::Value> {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("json output: {e}\n{}", run.stdout))
}

fn codes(run: &Run) -> Vec<(String, String)> {
    json(run)
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or_default().to_string(),
                f["code"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn exit_codes() {
    let clean = tempfile::tempdir().expect("temp dir");
    write(clean.path(), "ok.py", b"x = 1\n");
    let run = knot(clean.path(), &["check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "All checks passed.\n");

    let dir = project();
    let run = knot(dir.path(), &["check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);

    let run = knot(dir.path(), &["check", "--select", "KN9"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown rule code or prefix `KN9`"),
        "{}",
        run.stderr
    );

    let run = knot(dir.path(), &["check", "does-not-exist"]);
    assert_eq!(run.code, 2);
    let run = knot(dir.path(), &["check", "--format", "xml"]);
    assert_eq!(run.code, 2);
}

#[cfg(unix)]
#[test]
fn json_output() {
    let dir = project();
    let run = knot(dir.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("json_output", run.stdout);
}

#[cfg(unix)]
#[test]
fn github_output() {
    let dir = project();
    let run = knot(dir.path(), &["check", "--format", "github"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("github_output", run.stdout);
}

#[cfg(unix)]
#[test]
fn text_output_and_statistics() {
    let dir = project();
    write(
        dir.path(),
        "knot.toml",
        b"select = [\"KN0\"]\nprevew = true\n",
    );
    let run = knot(dir.path(), &["check"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!("text_output", run.stdout);
    let run = knot(dir.path(), &["check", "--statistics"]);
    assert_eq!(
        run.stdout,
        "    2  KN002  unreadable-file\n    1  KN003  invalid-config\nFound 3 findings.\n"
    );
    let run = knot(dir.path(), &["check", "--quiet", "--ignore", "KN002"]);
    assert!(!run.stdout.contains("Found"), "{}", run.stdout);
}

#[cfg(unix)]
#[test]
fn sarif_output_validates_against_the_official_schema() {
    let dir = project();
    let run = knot(dir.path(), &["check", "--format", "sarif"]);
    assert_eq!(run.code, 1);
    let schema_text = include_str!("../data/sarif-2.1.0-rtm.5.json");
    let schema: serde_json::Value = serde_json::from_str(schema_text).expect("schema parses");
    let instance: serde_json::Value = serde_json::from_str(&run.stdout).expect("sarif is json");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = instance["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["ruleId"], "KN002");
    let rules = instance["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    assert_eq!(rules.len(), knot::rules::ALL.len());
    assert!(rules[0]["help"]["markdown"]
        .as_str()
        .is_some_and(|m| m.starts_with("# KN001 syntax-error")));
}

#[cfg(unix)]
#[test]
fn select_and_ignore() {
    let dir = project();
    let all = codes(&knot(dir.path(), &["check", "--format", "json"]));
    assert_eq!(
        all,
        vec![
            ("app/latin1.py".to_string(), "KN002".to_string()),
            ("app/link.py".to_string(), "KN002".to_string()),
        ]
    );
    let run = knot(
        dir.path(),
        &["check", "--format", "json", "--ignore", "KN002"],
    );
    assert_eq!(run.code, 0);
    assert!(codes(&run).is_empty());
    let run = knot(
        dir.path(),
        &["check", "--format", "json", "--select", "KN001,KN003"],
    );
    assert_eq!(run.code, 0);
    let run = knot(
        dir.path(),
        &["check", "--format", "json", "--select", "kn0"],
    );
    assert_eq!(codes(&run).len(), 2);
}

#[cfg(unix)]
#[test]
fn config_select_ignore_exclude_and_per_file_ignores() {
    let cases: &[(&str, usize)] = &[
        ("[tool.knot]\nignore = [\"KN002\"]\n", 0),
        ("[tool.knot]\nselect = [\"KN001\"]\n", 0),
        ("[tool.knot]\nexclude = [\"app/link.py\"]\n", 1),
        ("[tool.knot]\nexclude = [\"latin1.py\", \"link.py\"]\n", 0),
        (
            "[tool.knot.per-file-ignores]\n\"app/latin*.py\" = [\"KN002\"]\n",
            1,
        ),
        ("[tool.other]\nignore = 1\n", 2),
    ];
    for (config, expected) in cases {
        let dir = project();
        write(dir.path(), "pyproject.toml", config.as_bytes());
        let run = knot(dir.path(), &["check", "--format", "json"]);
        assert_eq!(
            codes(&run).len(),
            *expected,
            "config {config}: {}",
            run.stdout
        );
        assert_ne!(run.code, 2, "{config}");
    }
    // `--exclude` on the command line, and the nearest config found from a subdirectory.
    let dir = project();
    let run = knot(
        dir.path(),
        &["check", "--format", "json", "--exclude", "app/l*.py"],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    write(dir.path(), "knot.toml", b"ignore = [\"KN002\"]\n");
    let run = knot(&dir.path().join("app"), &["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[cfg(unix)]
#[test]
fn config_errors_are_kn003_and_exit_2() {
    let dir = project();
    write(
        dir.path(),
        "pyproject.toml",
        b"[project]\nname = \"x\"\n\n[tool.knot]\nignore = [\"KN002\"]\nselct = [\"KN2\"]\n\n[[tool.knot.models.lock]]\nnew = \"mylib.sync.TimedLock\"\nreentrnt = false\n",
    );
    let run = knot(dir.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 2);
    let findings = json(&run);
    let got: Vec<(String, u64)> = findings
        .iter()
        .map(|f| {
            (
                f["message"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(got.len(), 2, "{got:#?}");
    assert!(got[0].0.contains("`selct`") && got[0].0.contains("`select`") && got[0].1 == 6);
    assert!(got[1].0.contains("reentrnt") && got[1].1 == 10, "{got:#?}");
    assert!(findings.iter().all(|f| f["path"] == "pyproject.toml"));
}

#[test]
fn user_models_in_config_parse() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "ok.py", b"x = 1\n");
    write(
        dir.path(),
        "knot.toml",
        b"[[models.lock]]\nnew = \"mylib.sync.TimedLock\"\n\n[[models.blocking]]\ncall = \"mylib.http.fetch\"\n",
    );
    let run = knot(dir.path(), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

fn finding_on_line(db: &SourceDb, code: &str, line: u32) -> Finding {
    let file = db.get(knot::source::FileId(0));
    let start = file.lines().line_start(line);
    let rule = knot::rules::by_code(code).expect("registered rule");
    Finding::new(rule, Span::new(file.id, start, start + 1), "test finding")
}

#[test]
fn suppressions_specific_and_bare() {
    let mut db = SourceDb::new();
    db.add(
        "a.py",
        "a",
        "x = 1  # knot: ignore[KN001]\ny = 2  # knot: ignore[KN002, KN003]\nz = 3  # knot: ignore\nw = 4\n",
    );
    let mut findings = vec![
        finding_on_line(&db, "KN001", 1),
        finding_on_line(&db, "KN002", 1),
        finding_on_line(&db, "KN003", 2),
        finding_on_line(&db, "KN004", 2),
        finding_on_line(&db, "KN004", 3),
        finding_on_line(&db, "KN001", 4),
    ];
    knot::workspace::suppress::apply(&db, &mut findings);
    let left: Vec<(&str, u32)> = findings
        .iter()
        .map(|f| (f.code, db.span_range(f.span).0 .0))
        .collect();
    assert_eq!(left, vec![("KN002", 1), ("KN004", 2), ("KN001", 4)]);
}

#[cfg(unix)]
#[test]
fn bad_input_is_reported_and_loops_do_not_hang() {
    let dir = project();
    std::os::unix::fs::symlink("loop.py", dir.path().join("app/loop.py")).expect("symlink");
    std::os::unix::fs::symlink("..", dir.path().join("app/up")).expect("symlink");
    let run = knot(dir.path(), &["check", "--format", "json"]);
    let findings = json(&run);
    let messages: Vec<(String, String)> = findings
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let find = |path: &str| {
        messages
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, m)| m.clone())
            .unwrap_or_else(|| panic!("no finding for {path}: {messages:#?}"))
    };
    assert!(find("app/latin1.py")
        .contains("not valid UTF-8 (invalid byte at offset 5) and declares no other encoding"));
    assert!(find("app/link.py").contains("broken symbolic link"));
    assert!(find("app/loop.py").contains("symbolic link loop"));
    assert!(find("app/up").contains("symbolic link loop"));
    // An explicitly named non-UTF-8 file is reported too.
    let run = knot(dir.path(), &["check", "--format", "json", "app/latin1.py"]);
    assert_eq!(
        codes(&run),
        vec![("app/latin1.py".to_string(), "KN002".to_string())]
    );
}

#[test]
fn gitignored_files_are_skipped_unless_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), ".gitignore", b"gen/\n");
    write(dir.path(), "gen/out.py", b"\xff\n");
    write(dir.path(), ".venv/lib/x.py", b"\xff\n");
    write(dir.path(), "env2/pyvenv.cfg", b"home = /usr\n");
    write(dir.path(), "env2/lib/x.py", b"\xff\n");
    write(dir.path(), "target/x.rs", b"\xff\n");
    write(dir.path(), "node_modules/x.py", b"\xff\n");
    let run = knot(dir.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let run = knot(dir.path(), &["check", "--format", "json", "gen/out.py"]);
    assert_eq!(
        codes(&run),
        vec![("gen/out.py".to_string(), "KN002".to_string())]
    );
}

#[cfg(unix)]
#[test]
fn output_is_deterministic() {
    let dir = project();
    for i in 0..20 {
        write(dir.path(), &format!("pkg{}/m{i}.py", i % 3), b"\xfe\n");
    }
    let first = knot(dir.path(), &["check", "--format", "json"]);
    let second = knot(dir.path(), &["check", "--format", "json"]);
    assert_eq!(first.stdout, second.stdout);
    let paths: Vec<String> = codes(&first).into_iter().map(|(p, _)| p).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
}

#[test]
fn rules_and_explain() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = knot(dir.path(), &["rules", "--format", "json"]);
    assert_eq!(run.code, 0);
    let list: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(list.len(), knot::rules::ALL.len());
    assert_eq!(list[0]["code"], "KN001");
    let run = knot(dir.path(), &["explain", "kn003"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .starts_with("KN003 invalid-config\ncategory: tool\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("# KN003 invalid-config"));
    let run = knot(dir.path(), &["explain", "KN999"]);
    assert_eq!(run.code, 2);
}

#[test]
fn syntax_error_is_kn001_and_other_files_are_still_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "broken.py",
        b"import threading\n\ndef worker(:\n    pass\n",
    );
    let bank = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/bank.py"))
        .expect("examples/bank.py");
    write(dir.path(), "bank.py", &bank);
    let run = knot(dir.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let findings = json(&run);
    let kn001: Vec<&serde_json::Value> = findings.iter().filter(|f| f["code"] == "KN001").collect();
    assert!(!kn001.is_empty(), "{}", run.stdout);
    assert!(kn001
        .iter()
        .all(|f| f["path"] == "broken.py" && f["line"] == 3));
    assert!(
        findings
            .iter()
            .any(|f| f["path"] == "bank.py" && f["code"] == "KN201"),
        "{}",
        run.stdout
    );
}

#[test]
fn bundled_examples_report_their_deadlocks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = knot(root, &["check", "examples"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    insta::assert_snapshot!("examples_text", run.stdout);
    let run = knot(root, &["check", "--format", "json", "examples"]);
    insta::assert_snapshot!("examples_json", run.stdout);
    let found = codes(&run);
    assert!(
        found.contains(&("examples/bank.py".to_string(), "KN201".to_string())),
        "{found:?}"
    );
    assert!(
        found.contains(&("examples/cache.rs".to_string(), "KN201".to_string())),
        "{found:?}"
    );
}

#[test]
fn coding_declarations_are_honoured() {
    let dir = tempfile::tempdir().expect("temp dir");
    // PEP 263: a Latin-1 file that says so is valid Python, and is checked.
    write(
        dir.path(),
        "latin.py",
        b"# -*- coding: latin-1 -*-\nimport threading\nname = 'caf\xe9'\nlock = threading.Lock()\n\ndef f():\n    with lock:\n        with lock:\n            pass\n",
    );
    // A declaration the bytes do not satisfy is still unreadable.
    write(
        dir.path(),
        "liar.py",
        b"# coding: shift_jis\nx = '\xff\xff'\n",
    );
    let run = knot(dir.path(), &["check", "--format", "json", "."]);
    let mut found = codes(&run);
    found.sort();
    assert_eq!(
        found,
        vec![
            ("latin.py".to_string(), "KN202".to_string()),
            ("liar.py".to_string(), "KN002".to_string()),
        ]
    );
}
