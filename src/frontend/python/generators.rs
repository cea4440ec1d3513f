//! Calls whose value a function hands back as it is: `return lines(path)`, or `it =
//! lines(path)` and then only `return it`. A call of a plain generator function there runs none
//! of its body: the code iterating the generator later does (`ModuleFacts::handed_back_calls`).

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
    for (local, range) in &scan.bound {
        let returned = scan.returned_names.iter().filter(|n| n == &local).count();
        let loads = scan.loads.iter().filter(|n| n == &local).count();
        let binds = scan.bound.iter().filter(|(n, _)| n == local).count();
        if returned > 0 && loads == returned && binds == 1 {
            out.push(*range);
        }
    }
    out.sort_by_key(|r| r.start());
    out
}

#[derive(Default)]
struct Scan {
    /// `name = call(..)`.
    bound: Vec<(String, TextRange)>,
    /// `return call(..)`.
    returned_calls: Vec<TextRange>,
    /// `return name`.
    returned_names: Vec<String>,
    /// Every read of a name, the returns and nested functions' included.
    loads: Vec<String>,
    /// Inside a nested function: only its reads count.
    nested: u32,
}

impl<'a> Visitor<'a> for Scan {
    fn visit_stmt(&mut self, s: &'a Stmt) {
        match s {
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {
                // A closure reading the local may iterate it later.
                self.nested += 1;
                visitor::walk_stmt(self, s);
                self.nested -= 1;
            }
            _ if self.nested > 0 => visitor::walk_stmt(self, s),
            Stmt::Assign(a) => {
                if let ([Expr::Name(n)], Expr::Call(c)) = (a.targets.as_slice(), &*a.value) {
                    self.bound.push((n.id.to_string(), c.range()));
                }
                visitor::walk_stmt(self, s);
            }
            Stmt::Return(r) => {
                match r.value.as_deref() {
                    Some(Expr::Call(c)) => self.returned_calls.push(c.range()),
                    Some(Expr::Name(n)) => self.returned_names.push(n.id.to_string()),
                    _ => {}
                }
                visitor::walk_stmt(self, s);
            }
            _ => visitor::walk_stmt(self, s),
        }
    }

    fn visit_expr(&mut self, e: &'a Expr) {
        match e {
            Expr::Name(n) if matches!(n.ctx, ExprContext::Load) => {
                self.loads.push(n.id.to_string());
            }
            _ => visitor::walk_expr(self, e),
        }
    }
}
