//! Facts over the IR, language-blind, computed lazily and shared by rules.
//!
//! Invariant: no library name is hard-coded here; library meaning comes from `models`.
//! Boundary: knows no parser and no rule code.

pub mod callgraph;

use std::sync::OnceLock;

use crate::ir::Program;
use crate::models::Models;

/// Everything a rule may query. Each analysis is computed at most once per run, on first use.
pub struct Facts<'a> {
    pub program: &'a Program,
    pub models: &'a Models,
    callgraph: OnceLock<callgraph::CallGraph<'a>>,
}

impl<'a> Facts<'a> {
    pub fn new(program: &'a Program, models: &'a Models) -> Facts<'a> {
        Facts {
            program,
            models,
            callgraph: OnceLock::new(),
        }
    }

    /// The program-wide call graph and name resolution.
    pub fn callgraph(&self) -> &callgraph::CallGraph<'a> {
        self.callgraph
            .get_or_init(|| callgraph::CallGraph::compute(self.program))
    }
}
