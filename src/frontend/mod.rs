//! Text -> IR. The only place that knows the parsers. Lowering never fails: a syntax error is a
//! KN001 finding plus an empty or partial module.
//!
//! Invariant: per-file work is independent. `lower` reads one file's text and the models, nothing
//! else; cross-file reasoning happens on the IR.

pub mod python;
pub mod rust;

use rustc_hash::FxHashMap as HashMap;

use crate::finding::Finding;
use crate::ir::{Module, Place};
use crate::models::Models;
use crate::source::{Lang, SourceFile};

/// Lowers one file to IR, with the findings lowering itself produced (KN001).
pub fn lower(file: &SourceFile, lang: Lang, models: &Models) -> (Module, Vec<Finding>) {
    lower_with_hints(file, lang, models, &TypeHints::default())
}

/// Lowers one file with types the whole program learned (see [`TypeHints`]).
pub fn lower_with_hints(
    file: &SourceFile,
    lang: Lang,
    models: &Models,
    hints: &TypeHints,
) -> (Module, Vec<Finding>) {
    let (mut module, findings) = match lang {
        Lang::Python => python::lower(file, models, hints),
        Lang::Rust => rust::lower(file, models),
    };
    module.shrink();
    (module, findings)
}

/// Types one file cannot know by itself but the whole program does, fed back into a second
/// lowering of the files they concern: an unannotated parameter every call site passes an
/// instance of one class (so `sem.cond` names a field of that class), a field or global
/// assigned a factory function's result. Computed by `analysis::param_types`; Rust files,
/// whose types are written out, ignore them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TypeHints {
    /// (function qualified name, parameter index) -> class or API type.
    pub params: HashMap<(String, usize), String>,
    /// (function qualified name, parameter index, method) -> the one class defining that
    /// method among the several classes every call site passes for the parameter.
    pub param_methods: HashMap<(String, usize, String), String>,
    /// A field or global bound to a factory's result -> the class the factory constructs.
    pub places: HashMap<Place, String>,
    /// Globals' types guessed from the files' texts before the first lowering
    /// (`python::guesses`): answer lookups `places` does not, for the first lowering only; the
    /// first type round lowers again the files that asked a place guessed wrong.
    pub guessed_places: HashMap<Place, String>,
    /// Names of lock types the checked code defines: a class that is a lock itself (its
    /// `__enter__`/`__aenter__` acquires a lock it holds and its `__exit__`/`__aexit__`
    /// releases it) -> its own name; a module-level alias of a lock class (`ALock =
    /// asyncio.Lock`), or a re-export of either, -> the type it names. Computed by
    /// `analysis::held_locks::lock_types`.
    pub lock_types: HashMap<String, String>,
    /// `@contextmanager` lock helpers of the whole program (`ModuleFacts::lock_helpers`), for
    /// the `with` statements of other files.
    pub lock_helpers: HashMap<String, Place>,
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
