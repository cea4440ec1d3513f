//! Guard lifetimes: which syntax keeps a lock guard alive, and for how long. Rust releases a
//! lock when its guard drops, so the front-end turns each guard's lifetime into a
//! [`crate::ir::Stmt::Hold`] region:
//!
//! - `let g = m.lock().unwrap();` (also `?`, `.expect(..)`, `.unwrap_or_else(..)`, `.await`,
//!   a poison-recovering `match`): from the `let` to the end of the block, or to `drop(g)` in
//!   the same block;
//! - a temporary (`*m.lock().unwrap() += 1;`): the statement, from the acquire on;
//! - a `match` scrutinee: the rest of the enclosing statement from the `match` on (an arm,
//!   a closure's body and a statement are temporary scopes, a `match` is none); before
//!   edition 2024 a block expression's tail too (`{ match m.read() { .. } }.unwrap_or_else(..)`);
//! - an `if let` scrutinee: the whole `if let` (before edition 2024 the
//!   temporary lives through `else`; in 2024 it is dropped before `else`); a `while let`
//!   scrutinee: the loop body; a `for` iterator: the whole loop; an `if` / `while` condition:
//!   the condition only.
//!
//! This file holds the syntactic tests; `lower.rs` builds the regions.

use syn::{Expr, Pat};

use crate::ir::LockMode;

/// Methods that pass a guard through unchanged (`LockResult<Guard>` -> `Guard`).
const GUARD_PASSTHROUGH: &[&str] = &[
    "unwrap",
    "expect",
    "unwrap_or_else",
    "map_err",
    "unwrap_unchecked",
];

pub(crate) fn is_guard_passthrough(method: &str) -> bool {
    GUARD_PASSTHROUGH.contains(&method)
}

/// The acquire at the heart of a guard-producing expression: `m.lock()` in
/// `m.lock().unwrap()`, `m.lock()?`, `m.lock().await`, or
/// `match m.lock() { Ok(g) => g, Err(e) => e.into_inner() }`. Returns the expression itself
/// when nothing wraps it.
pub(crate) fn strip_guard_wrappers(mut e: &Expr) -> &Expr {
    loop {
        e = match e {
            Expr::Paren(p) => &p.expr,
            Expr::Group(g) => &g.expr,
            Expr::Try(t) => &t.expr,
            Expr::Await(a) => &a.base,
            Expr::MethodCall(mc) if GUARD_PASSTHROUGH.contains(&mc.method.to_string().as_str()) => {
                &mc.receiver
            }
            Expr::Match(m) if m.arms.iter().all(|a| is_guard_passing_arm(&a.body)) => &m.expr,
            _ => return e,
        };
    }
}

/// A body that is one expression handing out a guard (`self.inner.read().unwrap()`,
/// `m.lock().unwrap_or_else(|e| e.into_inner())`): the expression and its acquire, a method
/// call without arguments.
pub(crate) fn returned_acquire(block: &syn::Block) -> Option<(&Expr, &syn::ExprMethodCall)> {
    let [syn::Stmt::Expr(body, None)] = &block.stmts[..] else {
        return None;
    };
    match strip_guard_wrappers(body) {
        Expr::MethodCall(mc) if mc.args.is_empty() => Some((body, mc)),
        _ => None,
    }
}

/// An arm of a poison-recovering match: yields its binding, `e.into_inner()`, or diverges.
fn is_guard_passing_arm(body: &Expr) -> bool {
    match body {
        Expr::Path(p) => p.path.segments.len() == 1,
        Expr::MethodCall(mc) => mc.method == "into_inner" && mc.args.is_empty(),
        Expr::Return(_) | Expr::Break(_) | Expr::Continue(_) => true,
        Expr::Macro(m) => m
            .mac
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "panic" || s.ident == "unreachable"),
        Expr::Block(b) => b.block.stmts.last().is_some_and(|s| match s {
            syn::Stmt::Expr(e, None) => is_guard_passing_arm(e),
            syn::Stmt::Expr(Expr::Return(_), _) => true,
            syn::Stmt::Macro(_) => true,
            _ => false,
        }),
        _ => false,
    }
}

/// The single name a `let` pattern binds when it can hold a guard: `g`, `mut g`, `g: T`,
/// `Ok(g)` / `Some(g)` (let-else).
pub(crate) fn binding_name(pat: &Pat) -> Option<String> {
    match pat {
        Pat::Ident(i) if i.subpat.is_none() => Some(i.ident.to_string()),
        Pat::Type(t) => binding_name(&t.pat),
        Pat::TupleStruct(ts) if ts.elems.len() == 1 => binding_name(&ts.elems[0]),
        Pat::Paren(p) => binding_name(&p.pat),
        _ => None,
    }
}

/// Whether `stmt` is `drop(name);` (also `std::mem::drop`, `mem::drop`).
pub(crate) fn is_drop_of(stmt: &syn::Stmt, name: &str) -> bool {
    let syn::Stmt::Expr(Expr::Call(call), _) = stmt else {
        return false;
    };
    let Expr::Path(f) = &*call.func else {
        return false;
    };
    if f.path.segments.last().is_none_or(|s| s.ident != "drop") || call.args.len() != 1 {
        return false;
    }
    matches!(&call.args[0], Expr::Path(p) if p.path.is_ident(name))
}

/// Lock acquisition by method name when the receiver's type is unknown: (mode, blocking).
/// Only argument-less calls qualify (`file.read(&mut buf)` is not a lock).
pub(crate) fn acquire_by_name(method: &str, nargs: usize) -> Option<(LockMode, bool)> {
    if nargs != 0 {
        return None;
    }
    Some(match method {
        "lock" => (LockMode::Exclusive, true),
        "read" => (LockMode::Read, true),
        "write" => (LockMode::Write, true),
        "try_lock" => (LockMode::Exclusive, false),
        "try_read" => (LockMode::Read, false),
        "try_write" => (LockMode::Write, false),
        _ => return None,
    })
}

/// The mode of a model's acquire method, by its name.
pub(crate) fn mode_by_name(method: &str) -> LockMode {
    if method.contains("read") {
        LockMode::Read
    } else if method.contains("write") {
        LockMode::Write
    } else {
        LockMode::Exclusive
    }
}

/// Methods on a guard (or on the data it protects) that mutate the data.
pub(crate) fn is_mutating_method(method: &str) -> bool {
    matches!(
        method,
        "push"
            | "push_back"
            | "push_front"
            | "pop"
            | "pop_back"
            | "pop_front"
            | "insert"
            | "remove"
            | "clear"
            | "extend"
            | "append"
            | "truncate"
            | "retain"
            | "drain"
            | "entry"
            | "get_mut"
            | "swap_remove"
            | "sort"
            | "dedup"
            | "take"
            | "replace"
            | "push_str"
    ) || method.ends_with("_mut")
}

/// An `Ordering::*` argument, which marks `load`/`store`/`swap` as atomic operations.
pub(crate) fn is_ordering(e: &Expr) -> bool {
    let Expr::Path(p) = e else { return false };
    p.path.segments.last().is_some_and(|s| {
        matches!(
            s.ident.to_string().as_str(),
            "SeqCst" | "Relaxed" | "Acquire" | "Release" | "AcqRel"
        )
    })
}

/// Atomic read-modify-write methods recognisable by name alone.
pub(crate) fn is_atomic_rmw_name(method: &str) -> bool {
    method.starts_with("fetch_")
        || matches!(
            method,
            "compare_exchange" | "compare_exchange_weak" | "compare_and_swap"
        )
}
