//! Helpers shared by the integration tests: lint a fixture file or directory, render findings.

use std::path::{Path, PathBuf};

use knot::finding::Finding;
use knot::models::Models;
use knot::source::SourceDb;
use knot::RuleSelection;

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Path relative to `fixtures/`, with forward slashes (stable across machines).
pub fn rel(path: &Path) -> String {
    path.strip_prefix(fixtures_dir())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Every source file of a fixture (a file, or all files below a directory), sorted.
pub fn fixture_files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut out = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if knot::source::Lang::from_path(&p.to_string_lossy()).is_some() {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Module name of a file inside a multi-file fixture directory: its path below the directory,
/// as Python dots (`pkg/a.py` -> `pkg.a`, `pkg/__init__.py` -> `pkg`) or Rust `crate::` paths.
pub fn module_name(root: &Path, file: &Path) -> String {
    let rel = file
        .strip_prefix(root)
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/");
    if rel.ends_with(".rs") {
        let stem = rel.trim_end_matches(".rs");
        let stem = stem.strip_prefix("src/").unwrap_or(stem);
        let parts: Vec<&str> = stem
            .split('/')
            .filter(|p| !matches!(*p, "lib" | "main" | "mod"))
            .collect();
        return if parts.is_empty() {
            "crate".into()
        } else {
            format!("crate::{}", parts.join("::"))
        };
    }
    let stem = rel.trim_end_matches(".pyi").trim_end_matches(".py");
    let stem = stem.strip_suffix("/__init__").unwrap_or(stem);
    stem.replace('/', ".")
}

/// Lints a fixture (file or directory) with the given selection.
pub fn lint(path: &Path, selection: &RuleSelection) -> (SourceDb, Vec<Finding>) {
    let root = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().unwrap().to_path_buf()
    };
    let mut db = SourceDb::new();
    for file in fixture_files(path) {
        let text = std::fs::read_to_string(&file).unwrap();
        let id = db.add(rel(&file), module_name(&root, &file), text);
        // A multi-file Rust fixture may carry a `Cargo.toml` naming its edition.
        let manifest =
            knot::workspace::discover::crate_manifest(&file).filter(|m| m.starts_with(&root));
        // A single-file fixture is a crate root of its own (`crate::x` names its item `x`).
        db.set_crate(
            id,
            manifest.and_then(|m| knot::workspace::discover::rust_edition(&m)),
            !path.is_dir(),
        );
    }
    let out = knot::check_db(&db, &Models::builtin(), selection);
    (db, out.findings)
}

/// A compact, stable rendering of findings for snapshots: primary and related locations,
/// messages and help. (The codespan text rendering is snapshotted by the CLI tests.)
pub fn render(db: &SourceDb, findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let file = db.get(f.span.file);
        let ((line, col), _) = db.span_range(f.span);
        out.push_str(&format!(
            "{}:{line}:{col}: {} [{}] {}\n",
            file.path, f.code, f.name, f.message
        ));
        if !f.primary_label.is_empty() {
            out.push_str(&format!("    = {}\n", f.primary_label));
        }
        for r in &f.related {
            let ((l, c), _) = db.span_range(r.span);
            out.push_str(&format!(
                "    {}:{l}:{c}: {}\n",
                db.get(r.span.file).path,
                r.message
            ));
        }
        if let Some(h) = &f.help {
            out.push_str(&format!("    help: {h}\n"));
        }
    }
    out
}
