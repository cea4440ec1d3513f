//! The Rust front-end: parse (`parse.rs`, the only user of `syn::parse_file`), resolve names
//! (`names.rs`), find guard lifetimes (`guards.rs`) and lower to IR (`lower.rs`).
//!
//! Invariant: lowering never fails. A syntax error is one KN001 finding and an empty module
//! (syn does not recover). The edition comes from the crate's `Cargo.toml` (read by
//! `workspace`) into `ModuleFacts::edition`; it decides whether an `if let` scrutinee's guard
//! lives through `else` (before 2024) or not (2024). Unknown, it is taken as 2021.

mod channel_waits;
mod children;
mod guard_helpers;
mod guards;
mod kept_children;
mod kept_handles;
mod lower;
mod macros;
mod names;
mod old_editions;
mod once_cells;
mod parse;
mod pipe_waits;

use crate::finding::Finding;
use crate::ir::Module;
use crate::models::Models;
use crate::source::{Lang, SourceFile};

pub fn lower(file: &SourceFile, models: &Models) -> (Module, Vec<Finding>) {
    let mut module = super::empty_module(file, Lang::Rust);
    module.facts.edition = file.edition;
    match parse::parse(file) {
        Ok(parsed) => {
            lower::lower_file(
                &parsed.file,
                parsed.spans,
                models,
                &mut module,
                file.own_root,
            );
            (module, Vec::new())
        }
        Err(finding) => (module, vec![*finding]),
    }
}
