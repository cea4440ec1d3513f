//! Discovery: which files a run checks, their display paths and module names, and their text.
//! Skips VCS and virtualenv directories, build output, caches and what `.gitignore` ignores;
//! a file named on the command line is always checked.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use rayon::prelude::*;

use crate::source::Lang;

/// Directory names never descended into.
const SKIP_DIRS: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "target",
    "__pycache__",
    "node_modules",
];

/// A file to check: display path, module name and either its text or what went wrong (KN002).
#[derive(Debug)]
pub struct Discovered {
    pub display: String,
    pub module: String,
    pub text: Result<Arc<str>, String>,
    /// Rust: the edition of the file's crate, from the nearest `Cargo.toml`.
    pub edition: Option<u16>,
    /// Rust: the file lies outside any crate's `src/` (an example, a test, a loose file), so it
    /// is the root of a crate of its own.
    pub own_root: bool,
}

/// Paths to skip: globs with the directories they are relative to.
#[derive(Clone)]
pub struct Excludes {
    set: GlobSet,
    anchors: Vec<PathBuf>,
}

impl Excludes {
    /// Builds the matcher; invalid globs are skipped (config globs are validated earlier,
    /// command-line globs are validated by the caller).
    pub fn new(globs: &[String], anchors: Vec<PathBuf>) -> Excludes {
        let mut builder = GlobSetBuilder::new();
        for glob in globs {
            if let Ok(g) = GlobBuilder::new(glob).literal_separator(false).build() {
                builder.add(g);
            }
        }
        Excludes {
            set: builder.build().unwrap_or_else(|_| GlobSet::empty()),
            anchors,
        }
    }

    /// Whether `path` (absolute) matches: by file name, as an absolute path (so
    /// `**/site-packages/**` works on trees outside the working directory), or relative to any
    /// anchor directory.
    pub fn matches(&self, path: &Path) -> bool {
        if self.set.is_empty() {
            return false;
        }
        if path.file_name().is_some_and(|n| self.set.is_match(n)) || self.set.is_match(path) {
            return true;
        }
        self.anchors.iter().any(|anchor| {
            path.strip_prefix(anchor)
                .is_ok_and(|rel| !rel.as_os_str().is_empty() && self.set.is_match(rel))
        })
    }
}

/// Finds every source file under `paths` (or reports why a path cannot be read), reads them in
/// parallel and returns them sorted by display path. Errors only for a path that does not exist.
pub fn discover(
    paths: &[PathBuf],
    cwd: &Path,
    excludes: &Excludes,
) -> anyhow::Result<Vec<Discovered>> {
    let mut found: Vec<(PathBuf, Option<String>)> = Vec::new();
    for path in paths {
        let abs = absolute(cwd, path);
        let Ok(link_meta) = std::fs::symlink_metadata(&abs) else {
            anyhow::bail!("path `{}` does not exist", path.display());
        };
        match std::fs::metadata(&abs) {
            Ok(meta) if meta.is_dir() => walk(&abs, cwd, excludes, &mut found),
            // Named explicitly: checked even when ignored or excluded.
            Ok(_) => found.push((abs, None)),
            Err(e) if link_meta.file_type().is_symlink() => {
                found.push((abs, Some(link_problem(path, &e))))
            }
            Err(e) => found.push((abs, Some(format!("cannot read file: {e}")))),
        }
    }
    let mut files: Vec<(String, PathBuf, Option<String>)> = found
        .into_iter()
        .map(|(abs, problem)| (display_path(cwd, &abs), abs, problem))
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files.dedup_by(|a, b| a.0 == b.0);
    // One read of each crate's manifest, not one per file.
    let mut editions: std::collections::HashMap<PathBuf, Option<u16>> = Default::default();
    for (_, abs, _) in &files {
        if Lang::from_path(&abs.to_string_lossy()) != Some(Lang::Rust) {
            continue;
        }
        if let Some(manifest) = crate_manifest(abs) {
            editions
                .entry(manifest)
                .or_insert_with_key(|m| rust_edition(m));
        }
    }
    Ok(files
        .into_par_iter()
        .map(|(display, abs, problem)| {
            let module = module_name(&abs);
            let own_root = is_own_crate_root(&abs);
            let edition = match Lang::from_path(&abs.to_string_lossy()) {
                Some(Lang::Rust) => {
                    crate_manifest(&abs).and_then(|m| editions.get(&m).copied().flatten())
                }
                _ => None,
            };
            let text = match problem {
                Some(p) => Err(p),
                // Shared from here on: made on the reading thread, not by the serial `SourceDb::add`.
                None => read_text(&abs).map(Arc::from),
            };
            Discovered {
                display,
                module,
                text,
                edition,
                own_root,
            }
        })
        .collect())
}

/// The `Cargo.toml` of the crate a Rust file belongs to: the nearest one above it.
pub fn crate_manifest(file: &Path) -> Option<PathBuf> {
    file.ancestors()
        .skip(1)
        .map(|dir| dir.join("Cargo.toml"))
        .find(|m| m.is_file())
}

/// The edition a crate's manifest declares: `package.edition`, inherited from the workspace
/// root's `workspace.package.edition` (`edition.workspace = true`), 2015 when a package names
/// none (Cargo's default); `None` when the manifest cannot be read or has no package.
pub fn rust_edition(manifest: &Path) -> Option<u16> {
    let text = std::fs::read_to_string(manifest).ok()?;
    let table: toml::Table = text.parse().ok()?;
    let package = table.get("package")?.as_table()?;
    match package.get("edition") {
        None => Some(2015),
        Some(toml::Value::String(e)) => e.parse().ok(),
        Some(toml::Value::Table(t))
            if t.get("workspace").and_then(|v| v.as_bool()) == Some(true) =>
        {
            manifest.parent()?.ancestors().skip(1).find_map(|dir| {
                let text = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
                let table: toml::Table = text.parse().ok()?;
                let e = table.get("workspace")?.get("package")?.get("edition")?;
                e.as_str()?.parse().ok()
            })
        }
        Some(_) => None,
    }
}

fn walk(root: &Path, cwd: &Path, excludes: &Excludes, found: &mut Vec<(PathBuf, Option<String>)>) {
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .hidden(false)
        .parents(true)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .ignore(false)
        .follow_links(true);
    let filter = excludes.clone();
    let walker = builder
        .filter_entry(move |entry| {
            if entry.depth() == 0 {
                return true;
            }
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            if is_dir {
                let name = entry.file_name().to_string_lossy();
                if SKIP_DIRS.contains(&name.as_ref()) || entry.path().join("pyvenv.cfg").exists() {
                    return false;
                }
            }
            !filter.matches(entry.path())
        })
        .build();
    for result in walker {
        match result {
            Ok(entry) => {
                let Some(ty) = entry.file_type() else {
                    continue;
                };
                if !is_source(entry.path()) {
                    continue;
                }
                if ty.is_file() {
                    found.push((entry.into_path(), None));
                } else if ty.is_symlink() {
                    // Following the link failed: it is broken or loops.
                    if let Err(e) = std::fs::metadata(entry.path()) {
                        let problem = link_problem(entry.path(), &e);
                        found.push((entry.into_path(), Some(problem)));
                    }
                }
            }
            Err(err) => {
                if let Some((path, problem)) = walk_problem(&err, cwd) {
                    if !excludes.matches(&path) {
                        found.push((path, Some(problem)));
                    }
                }
            }
        }
    }
}

/// A walk error worth a KN002: link loops, and broken links or unreadable entries that look like
/// source files. Unreadable directories are reported too (their files are silently missing otherwise).
fn walk_problem(err: &ignore::Error, cwd: &Path) -> Option<(PathBuf, String)> {
    match err {
        ignore::Error::Loop { ancestor, child } => Some((
            child.clone(),
            format!(
                "symbolic link loop: this link leads back to its ancestor directory `{}`; not followed",
                display_ancestor(cwd, ancestor)
            ),
        )),
        ignore::Error::WithPath { path, err } => {
            if let Some(io) = innermost_io(err) {
                let is_link = std::fs::symlink_metadata(path)
                    .is_ok_and(|m| m.file_type().is_symlink());
                if is_link {
                    if let Err(e) = std::fs::metadata(path) {
                        return is_source(path).then(|| (path.clone(), link_problem(path, &e)));
                    }
                }
                let is_dir = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
                if is_dir || is_source(path) {
                    return Some((path.clone(), format!("cannot read: {io}")));
                }
                return None;
            }
            walk_problem(err, cwd)
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_problem(err, cwd)
        }
        _ => None,
    }
}

fn innermost_io(err: &ignore::Error) -> Option<&std::io::Error> {
    match err {
        ignore::Error::Io(io) => Some(io),
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => innermost_io(err),
        _ => None,
    }
}

fn display_ancestor(cwd: &Path, dir: &Path) -> String {
    let shown = display_path(cwd, dir);
    if shown.is_empty() {
        ".".to_string()
    } else {
        shown
    }
}

fn link_problem(path: &Path, err: &std::io::Error) -> String {
    match std::fs::read_link(path) {
        Ok(target) if err.raw_os_error() == Some(40) => format!(
            "symbolic link loop: this link points to `{}` and never reaches a file",
            target.display()
        ),
        Ok(target) => format!(
            "broken symbolic link: this link points to `{}`, which does not exist",
            target.display()
        ),
        Err(_) => format!("cannot read file: {err}"),
    }
}

fn is_source(path: &Path) -> bool {
    Lang::from_path(&path.to_string_lossy()).is_some()
}

fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| match e.raw_os_error() {
        Some(40) => "symbolic link loop: the link never reaches a file".to_string(),
        _ => format!("cannot read file: {e}"),
    })?;
    String::from_utf8(bytes).or_else(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let is_python = Lang::from_path(&path.to_string_lossy()) == Some(Lang::Python);
        match is_python.then(|| declared_encoding(&bytes)).flatten() {
            Some(encoding) => encoding
                .decode_without_bom_handling_and_without_replacement(&bytes)
                .map(|text| text.into_owned())
                .ok_or_else(|| {
                    format!(
                        "file is not valid {} as its coding declaration says",
                        encoding.name()
                    )
                }),
            None => Err(format!(
                "file is not valid UTF-8 (invalid byte at offset {at}) and declares no other encoding (`# -*- coding: latin-1 -*-`)"
            )),
        }
    })
}

/// The encoding a Python file declares in a coding comment on its first or second line
/// (PEP 263: `# -*- coding: latin-1 -*-`), when knot can decode it.
fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    for line in bytes.split(|&b| b == b'\n').take(2) {
        let line = String::from_utf8_lossy(line);
        let trimmed = line.trim_start_matches([' ', '\t', '\x0c']);
        if !trimmed.starts_with('#') {
            continue;
        }
        let Some(at) = trimmed.find("coding") else {
            continue;
        };
        let rest = &trimmed[at + "coding".len()..];
        let Some(rest) = rest.strip_prefix([':', '=']) else {
            continue;
        };
        let name: String = rest
            .trim_start_matches([' ', '\t'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .collect::<String>()
            .to_ascii_lowercase()
            .replace('_', "-");
        // Python's spellings that are not WHATWG labels.
        let label = match name.as_str() {
            "latin-1" | "iso-latin-1" | "l1" => "latin1",
            "utf8" | "utf-8-sig" => "utf-8",
            "cp936" => "gbk",
            "euc-jp" | "eucjp" | "ujis" => "euc-jp",
            "shift-jis" | "sjis" | "s-jis" | "cp932" => "shift_jis",
            other => other,
        };
        return encoding_rs::Encoding::for_label(label.as_bytes());
    }
    None
}

/// The text of the source file at `display` (a display path relative to `cwd`) read again,
/// for a file whose text was given back after lowering (`SourceDb::release_texts`).
pub fn read_again(cwd: &Path, display: &str) -> Option<String> {
    read_text(&absolute(cwd, Path::new(display))).ok()
}

/// `path` made absolute against `cwd` and without `.` components (symlinks are not resolved:
/// display paths stay what the user sees).
pub fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let mut out = PathBuf::new();
    for comp in joined.components() {
        match comp {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Relative to `cwd` when under it, else absolute; forward slashes.
pub fn display_path(cwd: &Path, abs: &Path) -> String {
    let shown = abs.strip_prefix(cwd).unwrap_or(abs);
    shown.to_string_lossy().replace('\\', "/")
}

/// The qualified module name of a source file, from its place among packages or in a crate.
pub fn module_name(path: &Path) -> String {
    let text = path.to_string_lossy();
    match Lang::from_path(&text) {
        Some(Lang::Rust) => rust_module_name(path),
        Some(Lang::Python) => python_module_name(path),
        None => String::new(),
    }
}

/// `pkg/sub/mod.py` -> `pkg.sub.mod` while the parents hold `__init__.py`; `__init__.py` names its package.
fn python_module_name(path: &Path) -> String {
    let stem = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let stem = stem
        .strip_suffix(".pyi")
        .or_else(|| stem.strip_suffix(".py"))
        .unwrap_or(&stem)
        .to_string();
    let mut parts = Vec::new();
    if stem != "__init__" {
        parts.push(stem);
    }
    let mut dir = path.parent();
    while let Some(d) = dir {
        if !d.join("__init__.py").is_file() && !d.join("__init__.pyi").is_file() {
            break;
        }
        match d.file_name() {
            Some(name) => parts.push(name.to_string_lossy().to_string()),
            None => break,
        }
        dir = d.parent();
    }
    if parts.is_empty() {
        // A lone `__init__.py` outside any package: name it after its directory.
        return path
            .parent()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "__init__".to_string());
    }
    parts.reverse();
    parts.join(".")
}

/// `src/lib.rs` / `src/main.rs` -> `crate`, `src/a/b.rs` or `src/a/b/mod.rs` -> `crate::a::b`,
/// `src/bin/x.rs` -> `crate` (its own crate root); a file outside any crate's `src/` gets
/// `crate::` plus its path.
fn rust_module_name(path: &Path) -> String {
    let crate_src = crate_src_dir(path);
    let rel: Vec<String> = match crate_src {
        Some(src) => path
            .strip_prefix(src)
            .unwrap_or(path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .collect(),
        None => {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            vec![name]
        }
    };
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.strip_suffix(".rs").unwrap_or(p).to_string())
        .collect();
    if crate_src.is_some() && parts.first().is_some_and(|p| p == "bin") {
        parts.remove(0);
        if parts.len() == 1 {
            parts.clear();
        } else if !parts.is_empty() {
            parts.remove(0);
        }
    }
    if parts.last().is_some_and(|p| {
        p == "mod" || (crate_src.is_some() && parts.len() == 1 && (p == "lib" || p == "main"))
    }) {
        parts.pop();
    }
    let parts: Vec<String> = parts.iter().map(|p| identifier(p)).collect();
    if parts.is_empty() {
        "crate".to_string()
    } else {
        format!("crate::{}", parts.join("::"))
    }
}

/// The `src/` directory (next to a `Cargo.toml`) a Rust file lies under.
fn crate_src_dir(path: &Path) -> Option<&Path> {
    path.ancestors().skip(1).find(|dir| {
        dir.file_name().is_some_and(|n| n == "src")
            && dir.parent().is_some_and(|p| p.join("Cargo.toml").is_file())
    })
}

/// A Rust file outside any crate's `src/` is the root of a crate of its own (an example, an
/// integration test, a file compiled alone), though its module name is `crate::` plus its stem.
pub fn is_own_crate_root(path: &Path) -> bool {
    Lang::from_path(&path.to_string_lossy()) == Some(Lang::Rust) && crate_src_dir(path).is_none()
}

fn identifier(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_and_rust_module_names() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        let touch = |rel: &str| {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(&p, "").expect("write");
            p
        };
        touch("pkg/__init__.py");
        touch("pkg/sub/__init__.py");
        let m = touch("pkg/sub/mod.py");
        let init = root.join("pkg/sub/__init__.py");
        let lone = touch("scripts/tool.py");
        touch("mycrate/Cargo.toml");
        let lib = touch("mycrate/src/lib.rs");
        let ab = touch("mycrate/src/a/b.rs");
        let abm = touch("mycrate/src/a/c/mod.rs");
        let bin = touch("mycrate/src/bin/tool.rs");
        let loose = touch("examples/dead-lock.rs");
        assert_eq!(module_name(&m), "pkg.sub.mod");
        assert_eq!(module_name(&init), "pkg.sub");
        assert_eq!(module_name(&lone), "tool");
        assert_eq!(module_name(&lib), "crate");
        assert_eq!(module_name(&ab), "crate::a::b");
        assert_eq!(module_name(&abm), "crate::a::c");
        assert_eq!(module_name(&bin), "crate");
        assert_eq!(module_name(&loose), "crate::dead_lock");
    }

    #[test]
    fn rust_editions_from_manifests() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        let write = |rel: &str, text: &str| {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(&p, text).expect("write");
            p
        };
        write(
            "Cargo.toml",
            "[workspace]\nmembers = [\"a\", \"b\", \"c\"]\n[workspace.package]\nedition = \"2024\"\n",
        );
        write(
            "a/Cargo.toml",
            "[package]\nname = \"a\"\nedition = \"2021\"\n",
        );
        write(
            "b/Cargo.toml",
            "[package]\nname = \"b\"\nedition.workspace = true\n",
        );
        write("c/Cargo.toml", "[package]\nname = \"c\"\n");
        let a = write("a/src/lib.rs", "");
        let b = write("b/src/deep/mod.rs", "");
        let c = write("c/src/main.rs", "");
        let edition = |f: &Path| crate_manifest(f).and_then(|m| rust_edition(&m));
        assert_eq!(edition(&a), Some(2021));
        assert_eq!(edition(&b), Some(2024));
        assert_eq!(edition(&c), Some(2015));
        assert_eq!(rust_edition(&root.join("Cargo.toml")), None);
    }
}

#[cfg(test)]
mod exclude_tests {
    use super::*;

    #[test]
    fn globs_match_absolute_paths_outside_the_anchor() {
        let ex = Excludes::new(
            &["**/site-packages/**".to_string()],
            vec![PathBuf::from("/work/here")],
        );
        assert!(ex.matches(Path::new("/usr/lib/python3.11/site-packages/pkg/mod.py")));
        assert!(!ex.matches(Path::new("/usr/lib/python3.11/json/decoder.py")));
        let by_name = Excludes::new(&["site-packages".to_string()], vec![]);
        assert!(by_name.matches(Path::new("/usr/lib/python3.11/site-packages")));
    }
}
