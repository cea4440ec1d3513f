//! Reduced from zubanls/zuban (language server): the Vfs workspaces lock, Django settings lookup.
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::thread;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum WorkspaceKind {
    TypeChecking,
    SitePackages,
    Typeshed,
}

pub struct Workspace {
    pub root: PathBuf,
    pub kind: WorkspaceKind,
    pub entries: Vec<PathBuf>,
}

#[derive(Default)]
pub struct Workspaces {
    items: Vec<Workspace>,
}

#[derive(Default)]
pub struct Vfs {
    workspaces: RwLock<Workspaces>,
    file_versions: RwLock<HashMap<PathBuf, u64>>,
}

impl Vfs {
    pub fn add_workspace(&self, root: PathBuf, kind: WorkspaceKind) {
        self.workspaces
            .write()
            .unwrap()
            .items
            .push(Workspace { root, kind, entries: vec![] });
    }

    pub fn workspace_kind_for(&self, path: &Path) -> Option<WorkspaceKind> {
        let workspaces = self.workspaces.read().unwrap();
        workspaces
            .items
            .iter()
            .find(|w| path.starts_with(&w.root))
            .map(|w| w.kind)
    }

    pub fn resolve_django_settings(&self, settings_module: &str) -> Option<PathBuf> {
        let rel = PathBuf::from(settings_module.replace('.', "/")).with_extension("py");
        let workspaces = self.workspaces.read().unwrap();
        for workspace in workspaces.items.iter() {
            let candidate = workspace.root.join(&rel);
            if workspace.entries.contains(&candidate)
                && self.workspace_kind_for(&candidate) == Some(WorkspaceKind::TypeChecking)
            {
                return Some(candidate);
            }
        }
        None
    }

    pub fn notify_file_created(&self, path: PathBuf) {
        let mut workspaces = self.workspaces.write().unwrap();
        if let Some(w) = workspaces.items.iter_mut().find(|w| path.starts_with(&w.root)) {
            w.entries.push(path.clone());
        }
        drop(workspaces);
        *self.file_versions.write().unwrap().entry(path).or_insert(0) += 1;
    }
}

pub fn run_server(vfs: Arc<Vfs>) {
    vfs.add_workspace(PathBuf::from("/srv/app"), WorkspaceKind::TypeChecking);
    vfs.add_workspace(PathBuf::from("/usr/lib/python3/site-packages"), WorkspaceKind::SitePackages);

    let watcher_vfs = vfs.clone();
    let watcher = thread::spawn(move || {
        watcher_vfs.notify_file_created(PathBuf::from("/srv/app/app/settings.py"));
        for i in 0..10_000 {
            watcher_vfs.notify_file_created(PathBuf::from(format!("/srv/app/module_{i}.py")));
        }
    });

    for _ in 0..10_000 {
        let _ = vfs.resolve_django_settings("app.settings");
    }
    watcher.join().unwrap();
}
