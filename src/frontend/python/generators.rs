//! Calls whose value a function hands back as it is: `return lines(path)`, or `it =
//! lines(path)` and then only `return it`. A call of a plain generator function there runs none
//! of its body: the code iterating the generator later does (`ModuleFacts::handed_back_calls`).
//!
//! With `ModuleFacts::plain_generators`, the file's plain generator functions, this tells the call
//! graph that a coroutine handing back a generator it calls runs none of its body
//! (`CallGraph::runs_no_body`, KN501).

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, ExprContext, Stmt};
use ruff_text_size::{Ranged, TextRange};

/// The ranges of the calls `body` returns as they are, directly or through a local that the
/// function reads nowhere but in `return` statements. Nested functions are left out.
pub(super) fn handed_back_calls(body: &[Stmt]) -> Vec<TextRange> {
    let mut scan = Scan::default();
    for s in body {
        scan.visit_stmt(s);
    }
    let mut out: Vec<TextRange> = scan.returned_calls;
    // A local bound once from a call and returned: it qualifies when every read of it is a
    // `return` of it. Reads are counted in a second walk, only for such locals (most functions
    // have none, and a function's reads are many).
    let candidates: Vec<(&str, TextRange)> = (scan.bound.iter())
        .filter(|(local, _)| {
            scan.returned_names.contains(local)
                && scan.bound.iter().filter(|(n, _)| n == local).count() == 1
        })
        .map(|(local, range)| (*local, *range))
        .collect();
    if !candidates.is_empty() {
        let mut reads = Reads {
            names: candidates.iter().map(|(n, _)| (*n, 0)).collect(),
        };
        for s in body {
            reads.visit_stmt(s);
        }
        for ((local, range), (_, loads)) in candidates.iter().zip(&reads.names) {
            let returned = scan.returned_names.iter().filter(|n| *n == local).count();
            if loads == &returned {
                out.push(*range);
            }
        }
    }
    out.sort_by_key(|r| r.start());
    out
}

#[derive(Default)]
struct Scan<'a> {
    /// `name = call(..)`.
    bound: Vec<(&'a str, TextRange)>,
    /// `return call(..)`.
    returned_calls: Vec<TextRange>,
    /// `return name`.
    returned_names: Vec<&'a str>,
    /// Inside a nested function or class: nothing there is the function's own.
    nested: u32,
}

impl<'a> Visitor<'a> for Scan<'a> {
    fn visit_stmt(&mut self, s: &'a Stmt) {
        match s {
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {
                self.nested += 1;
                visitor::walk_stmt(self, s);
                self.nested -= 1;
            }
            _ if self.nested > 0 => visitor::walk_stmt(self, s),
            Stmt::Assign(a) => {
                if let ([Expr::Name(n)], Expr::Call(c)) = (a.targets.as_slice(), &*a.value) {
                    self.bound.push((n.id.as_str(), c.range()));
                }
                visitor::walk_stmt(self, s);
            }
            Stmt::Return(r) => {
                match r.value.as_deref() {
                    Some(Expr::Call(c)) => self.returned_calls.push(c.range()),
                    Some(Expr::Name(n)) => self.returned_names.push(n.id.as_str()),
                    _ => {}
                }
                visitor::walk_stmt(self, s);
            }
            _ => visitor::walk_stmt(self, s),
        }
    }

    fn visit_expr(&mut self, _: &'a Expr) {
        // Only statements matter here; `Reads` looks at expressions.
    }
}

/// Counts the reads of some names anywhere in a body, the returns and nested functions'
/// included (a closure reading the local may iterate it later).
struct Reads<'n> {
    names: Vec<(&'n str, usize)>,
}

impl<'a> Visitor<'a> for Reads<'_> {
    fn visit_expr(&mut self, e: &'a Expr) {
        match e {
            Expr::Name(n) if matches!(n.ctx, ExprContext::Load) => {
                if let Some((_, count)) = self.names.iter_mut().find(|(m, _)| *m == n.id.as_str()) {
                    *count += 1;
                }
            }
            _ => visitor::walk_expr(self, e),
        }
    }
}
