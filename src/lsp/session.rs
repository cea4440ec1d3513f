//! The server's state between messages: the workspace roots (each loaded from disk once, with
//! its configuration, and reloaded when files change on disk), the open documents, and what was
//! last published. A check runs `pipeline::check_workspace` per root with the open buffers as
//! overlays, exactly as `knot check` runs on the saved tree, so cross-file bugs, configuration
//! and suppression comments behave the same in the editor.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_types::{Diagnostic, PublishDiagnosticsParams, TextDocumentContentChangeEvent, Uri};

use super::convert::{self, ClientSupport, Locator, LspLines};
use crate::models::Models;
use crate::pipeline::{check_workspace, Overlay, RuleSelection};
use crate::rules;
use crate::source::{Lang, SourceDb};
use crate::workspace::{self, discover, Config, LoadOptions, Workspace};

/// An open document: the client's URI for it, its version and its current (unsaved) text.
#[derive(Debug)]
pub(crate) struct Document {
    pub(crate) uri: Uri,
    pub(crate) version: i32,
    pub(crate) text: String,
}

/// Diagnostics by URI text (`Uri` itself makes a poor map key: it caches parse state).
type Diagnostics = BTreeMap<String, (Uri, Vec<Diagnostic>)>;

/// Adds a diagnostic for `uri`.
fn push(now: &mut Diagnostics, uri: Uri, diagnostic: Diagnostic) {
    now.entry(uri.as_str().to_string())
        .or_insert_with(|| (uri, Vec::new()))
        .1
        .push(diagnostic);
}

/// A workspace folder and, once loaded, what `knot check` would load there.
struct Root {
    dir: PathBuf,
    /// `None` until first needed and after files changed on disk.
    loaded: Option<Loaded>,
}

struct Loaded {
    ws: Workspace,
    models: Models,
    selection: RuleSelection,
}

pub(crate) struct Session {
    roots: Vec<Root>,
    /// Open documents by absolute path.
    documents: BTreeMap<PathBuf, Document>,
    /// What each URI showed after the last publish (open documents, and closed files that
    /// still show something, such as a configuration file with KN003).
    published: Diagnostics,
    client: ClientSupport,
    builtin: Models,
    /// Made-up relative file names for open buffers that are not files, by URI.
    unsaved: BTreeMap<String, PathBuf>,
    /// Messages for the client's log (load failures), drained by the main loop.
    log: Vec<String>,
}

impl Session {
    pub(crate) fn new(roots: Vec<PathBuf>, client: ClientSupport) -> Session {
        let mut session = Session {
            roots: Vec::new(),
            documents: BTreeMap::new(),
            published: BTreeMap::new(),
            client,
            builtin: Models::builtin(),
            unsaved: BTreeMap::new(),
            log: Vec::new(),
        };
        for dir in roots {
            session.add_root(dir);
        }
        session
    }

    pub(crate) fn add_root(&mut self, dir: PathBuf) {
        if !self.roots.iter().any(|r| r.dir == dir) {
            self.roots.push(Root { dir, loaded: None });
        }
    }

    pub(crate) fn remove_root(&mut self, dir: &Path) {
        self.roots.retain(|r| r.dir != dir);
    }

    /// The open document at `uri`, with its path.
    pub(crate) fn document(&self, uri: &Uri) -> Option<(&Path, &Document)> {
        let path = self.key(uri)?;
        self.documents
            .get_key_value(&path)
            .map(|(p, d)| (p.as_path(), d))
    }

    /// What was last published for `uri`.
    pub(crate) fn published(&self, uri: &Uri) -> &[Diagnostic] {
        self.published
            .get(uri.as_str())
            .map_or(&[], |(_, d)| d.as_slice())
    }

    pub(crate) fn take_log(&mut self) -> Vec<String> {
        std::mem::take(&mut self.log)
    }

    /// The key of a document: its path, or the made-up name of a buffer that is not a file.
    fn key(&self, uri: &Uri) -> Option<PathBuf> {
        checkable_path(uri).or_else(|| self.unsaved.get(uri.as_str()).cloned())
    }

    /// Starts tracking a document: a local Python or Rust file, or a buffer that is not a file
    /// yet (`untitled:`) in one of those languages, checked on its own. Anything else is
    /// ignored.
    pub(crate) fn open(&mut self, uri: Uri, language: &str, version: i32, text: String) {
        let path = match checkable_path(&uri) {
            Some(path) => path,
            None if convert::uri_to_path(&uri).is_some() => return,
            None => {
                let Some(path) = unsaved_name(&uri, language) else {
                    return;
                };
                self.unsaved.insert(uri.as_str().to_string(), path.clone());
                path
            }
        };
        // A file on disk that the last load did not see is either new (created after it, and
        // the client sent no file event) or excluded; a reload tells which.
        if let Some(i) = self.owner(&path) {
            let root = &mut self.roots[i];
            let display = discover::display_path(&root.dir, &path);
            let unseen = root
                .loaded
                .as_ref()
                .is_some_and(|l| !l.ws.db.files().iter().any(|f| f.path == display));
            if unseen && path.exists() {
                root.loaded = None;
            }
        }
        self.documents.insert(path, Document { uri, version, text });
    }

    /// Applies full or incremental changes, in order, to an open document.
    pub(crate) fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) {
        let Some(doc) = self.key(uri).and_then(|p| self.documents.get_mut(&p)) else {
            return;
        };
        for change in changes {
            match change.range {
                None => doc.text = change.text,
                Some(range) => {
                    let lines = LspLines::new(&doc.text);
                    let start = lines.offset(&doc.text, range.start);
                    let end = lines.offset(&doc.text, range.end).max(start);
                    doc.text.replace_range(start..end, &change.text);
                }
            }
        }
        doc.version = version;
    }

    /// Stops tracking a document; the next publish clears what it showed.
    pub(crate) fn close(&mut self, uri: &Uri) {
        if let Some(path) = self.key(uri) {
            self.documents.remove(&path);
        }
        self.unsaved.remove(uri.as_str());
        // The file on disk may differ from the buffer that was just dropped.
        self.files_changed_on_disk(std::slice::from_ref(uri));
    }

    /// Marks the roots holding these files for reloading from disk (saved, created, deleted or
    /// changed outside the editor). A configuration file reloads every root below its directory.
    pub(crate) fn files_changed_on_disk(&mut self, uris: &[Uri]) {
        for uri in uris {
            let Some(path) = convert::uri_to_path(uri) else {
                continue;
            };
            let is_config = path
                .file_name()
                .is_some_and(|n| n == "knot.toml" || n == "pyproject.toml");
            for root in &mut self.roots {
                let affected = if is_config {
                    path.parent()
                        .is_some_and(|dir| root.dir.starts_with(dir) || dir.starts_with(&root.dir))
                } else {
                    path.starts_with(&root.dir)
                };
                if affected {
                    root.loaded = None;
                }
            }
        }
    }

    /// Re-checks every root with an open document (and each open document outside every root
    /// on its own) and returns the notifications that bring the client up to date: new
    /// diagnostics for open documents whose diagnostics changed, empty ones for documents that
    /// no longer show any.
    pub(crate) fn publish(&mut self) -> Vec<PublishDiagnosticsParams> {
        let mut now = Diagnostics::new();
        for d in self.documents.values() {
            now.entry(d.uri.as_str().to_string())
                .or_insert_with(|| (d.uri.clone(), Vec::new()));
        }
        let open: BTreeMap<PathBuf, Uri> = self
            .documents
            .iter()
            .map(|(p, d)| (p.clone(), d.uri.clone()))
            .collect();
        for i in 0..self.roots.len() {
            let owned: Vec<PathBuf> = self
                .documents
                .keys()
                .filter(|p| self.owner(p) == Some(i))
                .cloned()
                .collect();
            if owned.is_empty() {
                continue;
            }
            let dir = self.roots[i].dir.clone();
            if self.roots[i].loaded.is_none() {
                let loaded = self.load(&dir, &[]);
                self.roots[i].loaded = Some(loaded);
            }
            let Some(loaded) = &self.roots[i].loaded else {
                continue;
            };
            let overlays = overlays(&loaded.ws, &dir, &owned, &self.documents);
            let check = Check {
                loaded,
                dir: &dir,
                overlays: &overlays,
                owned: &owned,
                open: &open,
                client: self.client,
            };
            collect(&check, &mut now);
        }
        let orphans: Vec<PathBuf> = self
            .documents
            .keys()
            .filter(|p| self.owner(p).is_none())
            .cloned()
            .collect();
        for path in orphans {
            let dir = path.parent().map_or_else(PathBuf::new, Path::to_path_buf);
            let loaded = self.load(&dir, std::slice::from_ref(&path));
            let owned = [path];
            let overlays = overlays(&loaded.ws, &dir, &owned, &self.documents);
            let check = Check {
                loaded: &loaded,
                dir: &dir,
                overlays: &overlays,
                owned: &owned,
                open: &open,
                client: self.client,
            };
            collect(&check, &mut now);
        }

        let mut out = Vec::new();
        for (key, (uri, diagnostics)) in &now {
            if self
                .published
                .get(key)
                .is_some_and(|(_, d)| d == diagnostics)
            {
                continue;
            }
            let version = self
                .documents
                .values()
                .find(|d| d.uri == *uri)
                .map(|d| d.version);
            out.push(PublishDiagnosticsParams::new(
                uri.clone(),
                diagnostics.clone(),
                version,
            ));
        }
        for (key, (uri, _)) in &self.published {
            if !now.contains_key(key) {
                out.push(PublishDiagnosticsParams::new(uri.clone(), Vec::new(), None));
            }
        }
        self.published = now;
        out
    }

    /// The index of the innermost root containing `path`.
    fn owner(&self, path: &Path) -> Option<usize> {
        self.roots
            .iter()
            .enumerate()
            .filter(|(_, r)| path.starts_with(&r.dir))
            .max_by_key(|(_, r)| r.dir.components().count())
            .map(|(i, _)| i)
    }

    /// Loads what `knot check` would load in `dir` (the whole directory, or only `paths`).
    /// A failure (the folder was deleted, an unreadable configuration) is logged and checks
    /// the open buffers alone with the default configuration.
    fn load(&mut self, dir: &Path, paths: &[PathBuf]) -> Loaded {
        let existing: Vec<PathBuf> = paths.iter().filter(|p| p.exists()).cloned().collect();
        let ws = if !paths.is_empty() && existing.is_empty() {
            empty_workspace()
        } else {
            let options = LoadOptions {
                paths: existing,
                ..LoadOptions::default()
            };
            match workspace::load(dir, &options) {
                Ok(ws) => ws,
                Err(e) => {
                    self.log
                        .push(format!("knot: cannot load `{}`: {e:#}", dir.display()));
                    empty_workspace()
                }
            }
        };
        let mut models = self.builtin.clone();
        if let Some(user) = ws.config.models.clone() {
            models.add(user);
        }
        let selection = selection(&ws.config);
        Loaded {
            ws,
            models,
            selection,
        }
    }
}

/// One check: a loaded root (or lone file), the buffers overlaid on it and the documents whose
/// diagnostics it decides.
struct Check<'a> {
    loaded: &'a Loaded,
    dir: &'a Path,
    overlays: &'a [Overlay],
    owned: &'a [PathBuf],
    open: &'a BTreeMap<PathBuf, Uri>,
    client: ClientSupport,
}

/// Checks one root and adds its diagnostics to `now`: findings in the documents it owns, hints
/// at related labels in them for findings reported elsewhere, and configuration problems
/// (KN003) on the configuration file even when it is not open.
fn collect(check: &Check<'_>, now: &mut Diagnostics) {
    let Check {
        loaded,
        dir,
        overlays,
        owned,
        open,
        client,
    } = *check;
    let (db, out) = check_workspace(&loaded.ws, overlays, &loaded.models, &loaded.selection, dir);
    let paths = absolute_paths(&db, dir);
    let at = Locator::new(&db, &paths, open);
    let owned_uri = |path: &Path| {
        owned
            .iter()
            .any(|p| p == path)
            .then(|| open.get(path).cloned())
            .flatten()
    };
    for f in &out.findings {
        let primary = at.path(f.span);
        if let Some(uri) = owned_uri(primary) {
            push(now, uri, convert::diagnostic(f, &at, client));
        } else if f.code == rules::tool::invalid_config::RULE.code {
            if let Some(uri) = at.uri(f.span) {
                push(now, uri, convert::diagnostic(f, &at, client));
            }
        }
        for label in &f.related {
            if label.span.file == f.span.file {
                continue;
            }
            if let Some(uri) = owned_uri(at.path(label.span)) {
                let hint = convert::related_hint(f, label.span, &label.message, &at, client);
                push(now, uri, hint);
            }
        }
    }
    for (_, diagnostics) in now.values_mut() {
        diagnostics.sort_by(|a, b| {
            (a.range.start, a.range.end, &a.message).cmp(&(b.range.start, b.range.end, &b.message))
        });
        diagnostics.dedup();
    }
}

/// The open buffers a root checks: a document replaces the file read from disk, or is added
/// when it does not exist on disk yet. A file that exists but was not discovered (ignored by
/// `.gitignore` or excluded by the configuration) stays unchecked, as in `knot check`.
fn overlays(
    ws: &Workspace,
    dir: &Path,
    owned: &[PathBuf],
    documents: &BTreeMap<PathBuf, Document>,
) -> Vec<Overlay> {
    owned
        .iter()
        .filter_map(|path| {
            let doc = documents.get(path)?;
            let display = discover::display_path(dir, path);
            let discovered = ws.db.files().iter().any(|f| f.path == display);
            if !discovered && path.exists() {
                return None;
            }
            Some(Overlay {
                path: display,
                module: discover::module_name(path),
                text: Arc::from(doc.text.as_str()),
            })
        })
        .collect()
}

fn absolute_paths(db: &SourceDb, dir: &Path) -> Vec<PathBuf> {
    db.files()
        .iter()
        .map(|f| discover::absolute(dir, Path::new(&f.path)))
        .collect()
}

/// The rules `knot check` runs with this configuration and no command-line flags.
fn selection(config: &Config) -> RuleSelection {
    RuleSelection {
        select: config
            .select
            .clone()
            .unwrap_or_default()
            .into_iter()
            .map(|c| c.to_ascii_uppercase())
            .collect(),
        ignore: config.ignore.clone(),
        preview: config.preview,
    }
}

fn empty_workspace() -> Workspace {
    Workspace {
        db: SourceDb::new(),
        config: Config::default(),
        findings: Vec::new(),
    }
}

/// A relative file name for a buffer that is not a file (`untitled:Untitled-1` in Python is
/// `Untitled-1.py`): relative, so it lies in no root and is checked on its own, and it names
/// the language for the front-end.
fn unsaved_name(uri: &Uri, language: &str) -> Option<PathBuf> {
    let ext = match language {
        "python" => "py",
        "rust" => "rs",
        _ => return None,
    };
    let last = uri.as_str().rsplit([':', '/']).next().unwrap_or("");
    let stem: String = last
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let stem = if stem.is_empty() {
        "untitled".to_string()
    } else {
        stem
    };
    Some(PathBuf::from(format!("{stem}.{ext}")))
}

/// The local path of a Python or Rust document, or `None` for anything knot does not check.
fn checkable_path(uri: &Uri) -> Option<PathBuf> {
    let path = convert::uri_to_path(uri)?;
    Lang::from_path(&path.to_string_lossy())?;
    Some(path)
}
