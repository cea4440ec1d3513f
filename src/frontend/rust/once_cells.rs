//! A one-time cell checked empty and then filled with `set(..).unwrap()`: `if let Some(v) =
//! CELL.get() { return *v; } .. CELL.set(value).unwrap();`. Another thread (or task, across an
//! `.await` in between) can fill the cell between the check and the `set`; the `set` then
//! returns `Err` and the `unwrap` panics. `get_or_init` does both in one step.
//!
//! A syntactic scan of one function body (closures left out: they run elsewhere, later).
//!
//! The result is `ModuleFacts::once_set_after_get` (KN102).

use syn::visit::{self, Visit};
use syn::{Expr, ExprMethodCall};

/// One `get()` of a cell followed, later in the same body, by `set(..).unwrap()` (or
/// `.expect(..)`) on the same cell: (the cell's receiver, the `get` call, the `unwrap` call).
pub(super) struct GetThenSet<'a> {
    pub cell: &'a Expr,
    pub get: &'a ExprMethodCall,
    pub set: &'a ExprMethodCall,
}

pub(super) fn get_then_set(stmts: &[syn::Stmt]) -> Vec<GetThenSet<'_>> {
    let mut scan = Scan::default();
    for s in stmts {
        scan.visit_stmt(s);
    }
    let mut out = Vec::new();
    for (key, set_cell, set) in &scan.sets {
        let at = |m: &ExprMethodCall| {
            let l = m.method.span().start();
            (l.line, l.column)
        };
        if let Some((_, get)) = scan.gets.iter().find(|(k, g)| k == key && at(g) < at(set)) {
            out.push(GetThenSet {
                cell: set_cell,
                get,
                set,
            });
        }
    }
    out
}

#[derive(Default)]
struct Scan<'a> {
    gets: Vec<(String, &'a ExprMethodCall)>,
    sets: Vec<(String, &'a Expr, &'a ExprMethodCall)>,
}

/// `CELL`, `module::CELL`, `self.cache`, `self.inner.cache`: a name for the cell the receiver
/// is, when it is one knot can tell apart from others.
fn cell_key(e: &Expr) -> Option<String> {
    match e {
        Expr::Path(p) if p.qself.is_none() => Some(
            p.path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect::<Vec<_>>()
                .join("::"),
        ),
        Expr::Field(f) => {
            let member = match &f.member {
                syn::Member::Named(i) => i.to_string(),
                syn::Member::Unnamed(i) => i.index.to_string(),
            };
            Some(format!("{}.{member}", cell_key(&f.base)?))
        }
        Expr::Paren(p) => cell_key(&p.expr),
        Expr::Reference(r) => cell_key(&r.expr),
        _ => None,
    }
}

impl<'a> Visit<'a> for Scan<'a> {
    fn visit_expr_method_call(&mut self, mc: &'a ExprMethodCall) {
        let method = mc.method.to_string();
        if method == "get" && mc.args.is_empty() {
            if let Some(key) = cell_key(&mc.receiver) {
                self.gets.push((key, mc));
            }
        }
        if (method == "unwrap" && mc.args.is_empty()) || (method == "expect" && mc.args.len() == 1)
        {
            if let Expr::MethodCall(set) = &*mc.receiver {
                if set.method == "set" && set.args.len() == 1 {
                    if let Some(key) = cell_key(&set.receiver) {
                        self.sets.push((key, &set.receiver, mc));
                    }
                }
            }
        }
        visit::visit_expr_method_call(self, mc);
    }

    // Closures run elsewhere, later; items are other functions.
    fn visit_expr_closure(&mut self, _: &'a syn::ExprClosure) {}
    fn visit_item(&mut self, _: &'a syn::Item) {}
}
