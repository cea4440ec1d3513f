// tauri::scope::fs::Scope (crates/tauri/src/scope/fs.rs) after tauri-apps/tauri#15474, reduced.
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

/// Listener changes requested while the listeners are being run.
enum Pending {
    Listen(ScopeEventId, EventListener),
    Unlisten(ScopeEventId),
}

/// Scope for filesystem access.
#[derive(Clone)]
pub struct Scope {
    allowed_patterns: Arc<Mutex<HashSet<String>>>,
    forbidden_patterns: Arc<Mutex<HashSet<String>>>,
    event_listeners: Arc<Mutex<HashMap<ScopeEventId, EventListener>>>,
    pending_listeners: Arc<Mutex<Vec<Pending>>>,
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
            pending_listeners: Default::default(),
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
        match self.event_listeners.try_lock() {
            Ok(mut listeners) => {
                listeners.insert(id, Box::new(f));
            }
            // listeners are running (emit holds the map): queue the change
            Err(_) => self
                .pending_listeners
                .lock()
                .unwrap()
                .push(Pending::Listen(id, Box::new(f))),
        }
    }

    /// Listen to an event on this scope and immediately unlisten.
    pub fn once<F: FnOnce(&Event) + Send + 'static>(&self, f: F) -> ScopeEventId {
        let scope = self.clone();
        let handler = std::cell::Cell::new(Some(f));
        let id = self.next_event_id();
        self.listen_with_id(id, move |event| {
            scope.unlisten(id);
            let handler = handler
                .take()
                .expect("attempted to call handler more than once");
            handler(event)
        });
        id
    }

    /// Removes an event listener on this scope.
    pub fn unlisten(&self, id: ScopeEventId) {
        match self.event_listeners.try_lock() {
            Ok(mut listeners) => {
                listeners.remove(&id);
            }
            Err(_) => self
                .pending_listeners
                .lock()
                .unwrap()
                .push(Pending::Unlisten(id)),
        }
    }

    fn flush_pending(&self) {
        let pending = std::mem::take(&mut *self.pending_listeners.lock().unwrap());
        if pending.is_empty() {
            return;
        }
        let mut listeners = self.event_listeners.lock().unwrap();
        for action in pending {
            match action {
                Pending::Listen(id, listener) => {
                    listeners.insert(id, listener);
                }
                Pending::Unlisten(id) => {
                    listeners.remove(&id);
                }
            }
        }
    }

    fn emit(&self, event: Event) {
        self.flush_pending();
        {
            let listeners = self.event_listeners.lock().unwrap();
            for listener in listeners.values() {
                listener(&event);
            }
        }
        self.flush_pending();
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
    scope.allow_file("/home/user/picked.txt");
    scope.forbid_file("/home/user/other.txt");
    println!("allowed: {}", scope.is_allowed("/home/user/picked.txt"));
}
