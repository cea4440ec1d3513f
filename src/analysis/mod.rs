//! Facts over the IR, language-blind, computed lazily and shared by rules.
//!
//! Invariant: no library name is hard-coded here; library meaning comes from `models`.
//! Boundary: knows no parser and no rule code.

pub mod async_blocking;
pub mod callgraph;
pub mod contexts;
pub mod drop_leaks;
pub mod flow;
pub mod held_locks;
pub mod lifecycle;
pub mod lock_order;
pub mod lockset;
pub mod module_level;
pub mod params;
pub mod reach;
pub mod resources;
pub mod shared;

use std::sync::OnceLock;

use crate::ir::Program;
use crate::models::Models;

/// The analyses [`Facts`] computes on demand besides the call graph, for [`Facts::forget`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Analysis {
    HeldLocks,
    LockOrder,
    Lifecycle,
    Resources,
    AsyncMisuse,
    ModuleLevel,
    Sharing,
}

/// Everything a rule may query. Each analysis is computed at most once per run, on first use.
pub struct Facts<'a> {
    pub program: &'a Program,
    pub models: &'a Models,
    callgraph: OnceLock<callgraph::CallGraph<'a>>,
    held_locks: OnceLock<held_locks::HeldLocks<'a>>,
    lock_order: OnceLock<lock_order::LockOrder>,
    lifecycle: OnceLock<lifecycle::Lifecycle>,
    resources: OnceLock<resources::Resources>,
    async_misuse: OnceLock<async_blocking::AsyncMisuse>,
    module_level: OnceLock<module_level::ModuleLevel>,
    sharing: OnceLock<shared::Sharing<'a>>,
}

impl<'a> Facts<'a> {
    pub fn new(program: &'a Program, models: &'a Models) -> Facts<'a> {
        Facts {
            program,
            models,
            callgraph: OnceLock::new(),
            held_locks: OnceLock::new(),
            lock_order: OnceLock::new(),
            lifecycle: OnceLock::new(),
            resources: OnceLock::new(),
            async_misuse: OnceLock::new(),
            module_level: OnceLock::new(),
            sharing: OnceLock::new(),
        }
    }

    /// Facts over the program `callgraph` was built for, reusing that call graph.
    pub fn with_callgraph(callgraph: callgraph::CallGraph<'a>, models: &'a Models) -> Facts<'a> {
        let facts = Facts::new(callgraph.program(), models);
        let _ = facts.callgraph.set(callgraph);
        facts
    }

    /// The program-wide call graph and name resolution.
    pub fn callgraph(&self) -> &callgraph::CallGraph<'a> {
        self.callgraph.get_or_init(|| {
            let _t = crate::timings::phase("callgraph");
            callgraph::CallGraph::compute(self.program)
        })
    }

    /// Lock identity, per-function lock summaries and what each body does while holding locks.
    pub fn held_locks(&self) -> &held_locks::HeldLocks<'a> {
        self.held_locks.get_or_init(|| {
            let _t = crate::timings::phase("held_locks");
            held_locks::HeldLocks::compute(self.callgraph(), self.models)
        })
    }

    /// The lock-order graph's cycles.
    pub fn lock_order(&self) -> &lock_order::LockOrder {
        self.lock_order.get_or_init(|| {
            let _t = crate::timings::phase("lock_order");
            lock_order::LockOrder::compute(self.held_locks())
        })
    }

    /// Spawns whose handle is never joined, checked or kept.
    pub fn lifecycle(&self) -> &lifecycle::Lifecycle {
        self.lifecycle.get_or_init(|| {
            let _t = crate::timings::phase("lifecycle");
            lifecycle::Lifecycle::compute(&self.program.modules, self.models)
        })
    }

    /// Resources not closed on every path.
    pub fn resources(&self) -> &resources::Resources {
        self.resources.get_or_init(|| {
            let _t = crate::timings::phase("resources");
            resources::Resources::compute(self.callgraph(), self.models)
        })
    }

    /// Blocking calls and thread locks in async code.
    pub fn async_misuse(&self) -> &async_blocking::AsyncMisuse {
        self.async_misuse.get_or_init(|| {
            let _t = crate::timings::phase("async_blocking");
            async_blocking::AsyncMisuse::compute(self.callgraph(), self.models)
        })
    }

    /// What modules do at import time.
    pub fn module_level(&self) -> &module_level::ModuleLevel {
        self.module_level.get_or_init(|| {
            let _t = crate::timings::phase("module_level");
            module_level::ModuleLevel::compute(self.callgraph(), self.models)
        })
    }

    /// Drops the analyses in `which`; one asked for again is computed again. A check gives
    /// back the memory of those no rule still to run uses.
    pub fn forget(&mut self, which: &[Analysis]) {
        for a in which {
            match a {
                Analysis::HeldLocks => drop(self.held_locks.take()),
                Analysis::LockOrder => drop(self.lock_order.take()),
                Analysis::Lifecycle => drop(self.lifecycle.take()),
                Analysis::Resources => drop(self.resources.take()),
                Analysis::AsyncMisuse => drop(self.async_misuse.take()),
                Analysis::ModuleLevel => drop(self.module_level.take()),
                Analysis::Sharing => drop(self.sharing.take()),
            }
        }
    }

    /// Concurrent contexts, locksets per access and which places they share (races).
    pub fn sharing(&self) -> &shared::Sharing<'a> {
        self.sharing.get_or_init(|| {
            let _t = crate::timings::phase("shared");
            shared::Sharing::compute(self.program, self.callgraph(), self.models)
        })
    }
}
