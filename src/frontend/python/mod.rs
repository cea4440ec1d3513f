//! The Python front-end: parse, resolve names, lower to IR. SCAFFOLD: replaced by the real lowering.

use crate::finding::Finding;
use crate::ir::Module;
use crate::models::Models;
use crate::source::{Lang, SourceFile};

pub fn lower(file: &SourceFile, _models: &Models) -> (Module, Vec<Finding>) {
    (super::empty_module(file, Lang::Python), Vec::new())
}
