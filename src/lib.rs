//! knot: a concurrency linter for Python and Rust.
//!
//! Code map, in data-flow order:
//! - `workspace`: discovery, config, suppressions (the only IO below `cli`/`lsp`).
//! - `source`: files, byte spans, line index.
//! - `frontend::{python,rust}`: text -> `ir::Module`, using `models`.
//! - `ir`: the language-neutral concurrency IR.
//! - `analysis`: facts over the IR (call graph, held locks, lock order, contexts, locksets).
//! - `rules`: facts -> `finding::Finding`, one file per rule, registry in `rules::ALL`.
//! - `report`: text, JSON, SARIF, GitHub output; `lsp`: the language server.
//! - `cli`: subcommands; `main.rs` only maps `cli::run` to an exit code.

pub mod analysis;
pub mod cli;
pub mod finding;
pub mod frontend;
pub mod ir;
pub mod lsp;
pub mod models;
pub mod pipeline;
pub mod report;
pub mod rules;
pub mod source;
pub mod timings;
pub mod workspace;

pub use pipeline::{
    check_db, check_source, check_workspace, lower_to_ir_text, CheckOutput, Overlay, RuleSelection,
};
