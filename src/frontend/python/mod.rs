//! The Python front-end: parse (with error recovery), resolve names, lower to IR.
//!
//! - `parse`: the only file that knows `ruff_python_parser`; syntax errors become KN001.
//! - `names`: scopes, imports, relative-import resolution, captured locals.
//! - `lower`: AST -> `ir::Module`, using the API models.
//! - `guesses`: module globals' types guessed from the text before any file is lowered.

mod generators;
pub mod guesses;
mod lower;
mod names;
mod parse;
mod pipes;

use super::TypeHints;
use crate::finding::Finding;
use crate::ir::Module;
use crate::models::Models;
use crate::source::{Lang, SourceFile};

/// Lowers one Python file. Never fails: a file with syntax errors yields KN001 findings and the
/// IR of whatever the parser recovered.
pub fn lower(file: &SourceFile, models: &Models, hints: &TypeHints) -> (Module, Vec<Finding>) {
    let mut module = super::empty_module(file, Lang::Python);
    let (ast, findings) = parse::parse(file.id, &file.text);
    let path = names::ModulePath {
        name: file.module.clone(),
        is_package: file.path.ends_with("__init__.py") || file.path.ends_with("__init__.pyi"),
    };
    lower::lower_module(&mut module, path, &ast.body, models, hints);
    (module, findings)
}
