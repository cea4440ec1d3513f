//! The Rust front-end: parse (`parse.rs`, the only user of `syn::parse_file`), resolve names
//! (`names.rs`), find guard lifetimes (`guards.rs`) and lower to IR (`lower.rs`).
//!
//! Invariant: lowering never fails. A syntax error is one KN001 finding and an empty module
//! (syn does not recover). The edition is not visible from one file: `if let` scrutinee
//! guards are lowered with edition 2021 semantics and `ModuleFacts::edition` stays `None`.

mod guards;
mod lower;
mod names;
mod parse;

use crate::finding::Finding;
use crate::ir::Module;
use crate::models::Models;
use crate::source::{Lang, SourceFile};

pub fn lower(file: &SourceFile, models: &Models) -> (Module, Vec<Finding>) {
    let mut module = super::empty_module(file, Lang::Rust);
    match parse::parse(file) {
        Ok(parsed) => {
            lower::lower_file(&parsed.file, parsed.spans, models, &mut module);
            (module, Vec::new())
        }
        Err(finding) => (module, vec![*finding]),
    }
}
