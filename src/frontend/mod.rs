//! Text -> IR. The only place that knows the parsers. Lowering never fails: a syntax error is a
//! KN001 finding plus an empty or partial module.
//!
//! Invariant: per-file work is independent. `lower` reads one file's text and the models, nothing
//! else; cross-file reasoning happens on the IR.

pub mod python;
pub mod rust;

use crate::finding::Finding;
use crate::ir::Module;
use crate::models::Models;
use crate::source::{Lang, SourceFile};

/// Lowers one file to IR, with the findings lowering itself produced (KN001).
pub fn lower(file: &SourceFile, lang: Lang, models: &Models) -> (Module, Vec<Finding>) {
    match lang {
        Lang::Python => python::lower(file, models),
        Lang::Rust => rust::lower(file, models),
    }
}

/// An empty module for a file, the starting point of every lowering.
pub fn empty_module(file: &SourceFile, lang: Lang) -> Module {
    Module {
        file: file.id,
        lang,
        name: file.module.clone(),
        functions: Vec::new(),
        classes: Vec::new(),
        decls: Vec::new(),
        aliases: Vec::new(),
        facts: Default::default(),
    }
}
