// tauri::scope::fs::Scope (crates/tauri/src/scope/fs.rs, v2.11.2), reduced.
use std::{
    collections::{HashMap, HashSet},
    path::{Path, PathBuf},
    sync::{
        atomic::{AtomicU32, Ordering},
        Arc, Mutex,
    },
};

pub type ScopeEventId = u32;

/// Scope change event.
#[derive(Debug, Clone)]
pub enum Event {
    /// A path has been allowed.
    PathAllowed(PathBuf),
    /// A path has been forbidden.
    PathForbidden(PathBuf),
}

type EventListener = Box<dyn Fn(&Event) + Send>;

/// Scope for filesystem access.
#[derive(Clone)]
pub struct Scope {
    allowed_patterns: Arc<Mutex<HashSet<String>>>,
    forbidden_patterns: Arc<Mutex<HashSet<String>>>,
    event_listeners: Arc<Mutex<HashMap<ScopeEventId, EventListener>>>,
    next_event_id: Arc<AtomicU32>,
}

impl Scope {
    fn next_event_id(&self) -> u32 {
        self.next_event_id.fetch_add(1, Ordering::Relaxed)
    }
}

fn push_pattern<P: AsRef<Path>>(list: &mut HashSet<String>, pattern: P) {
    let path: PathBuf = pattern.as_ref().components().collect();
    list.insert(path.to_string_lossy().into_owned());
}

impl Scope {
    pub fn new() -> Self {
        Self {
            allowed_patterns: Default::default(),
            forbidden_patterns: Default::default(),
            event_listeners: Default::default(),
            next_event_id: Default::default(),
        }
    }

    /// Listen to an event on this scope.
    pub fn listen<F: Fn(&Event) + Send + 'static>(&self, f: F) -> ScopeEventId {
        let id = self.next_event_id();
        self.listen_with_id(id, f);
        id
    }

    fn listen_with_id<F: Fn(&Event) + Send + 'static>(&self, id: ScopeEventId, f: F) {
        self.event_listeners.lock().unwrap().insert(id, Box::new(f));
    }

    /// Listen to an event on this scope and immediately unlisten.
    pub fn once<F: FnOnce(&Event) + Send + 'static>(&self, f: F) -> ScopeEventId {
        let listerners = self.event_listeners.clone();
        let handler = std::cell::Cell::new(Some(f));
        let id = self.next_event_id();
        self.listen_with_id(id, move |event| {
            listerners.lock().unwrap().remove(&id);
            let handler = handler
                .take()
                .expect("attempted to call handler more than once");
            handler(event)
        });
        id
    }

    /// Removes an event listener on this scope.
    pub fn unlisten(&self, id: ScopeEventId) {
        self.event_listeners.lock().unwrap().remove(&id);
    }

    fn emit(&self, event: Event) {
        let listeners = self.event_listeners.lock().unwrap();
        let handlers = listeners.values();
        for listener in handlers {
            listener(&event);
        }
    }

    /// Extend the allowed patterns with the given file path.
    pub fn allow_file<P: AsRef<Path>>(&self, path: P) {
        let path = path.as_ref();
        push_pattern(&mut self.allowed_patterns.lock().unwrap(), path);
        self.emit(Event::PathAllowed(path.to_path_buf()));
    }

    /// Set the given file path to be forbidden by this scope.
    pub fn forbid_file<P: AsRef<Path>>(&self, path: P) {
        let path = path.as_ref();
        push_pattern(&mut self.forbidden_patterns.lock().unwrap(), path);
        self.emit(Event::PathForbidden(path.to_path_buf()));
    }

    pub fn is_allowed<P: AsRef<Path>>(&self, path: P) -> bool {
        let path: PathBuf = path.as_ref().components().collect();
        let path = path.to_string_lossy().into_owned();
        !self.forbidden_patterns.lock().unwrap().contains(&path)
            && self.allowed_patterns.lock().unwrap().contains(&path)
    }
}

fn main() {
    let scope = Scope::new();
    scope.listen(|event| println!("scope changed: {event:?}"));
    scope.once(|event| println!("first change: {event:?}"));
    // the dialog plugin allows the picked file; emit() runs the `once` handler, which
    // re-locks event_listeners while emit() still holds it
    scope.allow_file("/home/user/picked.txt");
    println!("allowed: {}", scope.is_allowed("/home/user/picked.txt"));
}
