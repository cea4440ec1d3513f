// mux/src/lib.rs + mux/src/tab.rs (wezterm/wezterm), reduced.
use parking_lot::{Mutex, RwLock};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

pub type DomainId = usize;
pub type PaneId = usize;
pub type TabId = usize;
pub type WindowId = usize;

pub struct Pane {
    pane_id: PaneId,
    domain_id: DomainId,
}

struct TabInner {
    panes: Vec<Arc<Pane>>,
}

impl TabInner {
    fn kill_panes_in_domain(&mut self, domain: DomainId) -> bool {
        let before = self.panes.len();
        self.panes.retain(|p| p.domain_id != domain);
        before != self.panes.len()
    }
}

pub struct Tab {
    tab_id: TabId,
    inner: Mutex<TabInner>,
}

impl Tab {
    pub fn kill_panes_in_domain(&self, domain: DomainId) -> bool {
        self.inner.lock().kill_panes_in_domain(domain)
    }

    /// GUI render path: walks the panes while the tab is locked and asks the
    /// mux which window the tab lives in (for the tab bar title).
    pub fn render_title(&self) -> String {
        let inner = self.inner.lock();
        let window = Mux::get().window_containing_tab(self.tab_id);
        format!("{:?}: {} panes", window, inner.panes.len())
    }
}

pub struct Mux {
    tabs: RwLock<HashMap<TabId, Arc<Tab>>>,
    panes: RwLock<HashMap<PaneId, Arc<Pane>>>,
    windows: RwLock<HashMap<WindowId, Vec<Arc<Tab>>>>,
}

static MUX: OnceLock<Arc<Mux>> = OnceLock::new();

impl Mux {
    pub fn get() -> Arc<Mux> {
        MUX.get().expect("mux not initialized").clone()
    }

    pub fn window_containing_tab(&self, tab_id: TabId) -> Option<WindowId> {
        for (window_id, win) in self.windows.read().iter() {
            if win.iter().any(|t| t.tab_id == tab_id) {
                return Some(*window_id);
            }
        }
        None
    }

    fn remove_pane_internal(&self, pane_id: PaneId) {
        self.panes.write().remove(&pane_id);
    }

    fn prune_dead_windows(&self) {
        let live: Vec<TabId> = self.tabs.read().keys().cloned().collect();
        self.windows
            .write()
            .retain(|_, win| win.iter().any(|t| live.contains(&t.tab_id)));
    }

    pub fn domain_was_detached(&self, domain: DomainId) {
        let mut dead_panes = vec![];
        for pane in self.panes.read().values() {
            if pane.domain_id == domain {
                dead_panes.push(pane.pane_id);
            }
        }

        {
            let mut windows = self.windows.write();
            for (_, win) in windows.iter_mut() {
                for tab in win.iter() {
                    tab.kill_panes_in_domain(domain);
                }
            }
        }

        for pane_id in dead_panes {
            self.remove_pane_internal(pane_id);
        }

        self.prune_dead_windows();
    }
}
