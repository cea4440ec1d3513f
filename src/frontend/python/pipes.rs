//! Whether a function hands on the pipes of a process it starts (`proc = Popen(.., stdout=PIPE)`):
//! a pipe the code passes, returns or stores (`reader(proc.stdout)`, `return proc.stdout`), or a
//! process it hands on whole (`return proc`, `self.procs.append(proc)`, a closure using it), is
//! someone else's to close. What stays here: methods of the pipe (`proc.stdout.read()`), tests
//! (`if proc.stdout:`), iteration (`for line in proc.stdout:`), `with proc:` / `with
//! proc.stdout:`, and the process's own attributes and methods (`proc.wait()`, `proc.pid`).
//!
//! A syntactic scan of the function's body, run only where a process is started with pipes.
//!
//! The pipes a process is asked for (`stdout=PIPE`, the model's `pipes`) are resources of their
//! own: the lowerer opens them at their keyword as the locals `proc.stdout`, and `communicate()`,
//! `with` or their own `close()` close them. The lowerer's pre-pass also records the file's
//! functions returning a process they start with pipes (`piped_helpers`, `returned_calls` here): a
//! caller's `proc = helper(..)` asks for the same pipes.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, ExprContext, Stmt};

/// Which of `pipes` (keyword names: `stdout`) the code of `body` hands on for the process in
/// the local `local`; all of them when it hands on the process itself.
pub(super) fn handed_on<'a>(body: &[Stmt], local: &str, pipes: &[&'a str]) -> Vec<&'a str> {
    let mut scan = Scan {
        local,
        pipes,
        whole: false,
        nested: 0,
        escaped: Vec::new(),
    };
    for s in body {
        scan.visit_stmt(s);
    }
    if scan.whole {
        return pipes.to_vec();
    }
    scan.escaped
}

/// The calls whose result a function returns: `return Popen(..)`, or `return proc` of a local
/// bound to one (`proc = Popen(..)`, in any branch). Nested functions are left out.
pub(super) fn returned_calls(body: &[Stmt]) -> Vec<&ast::ExprCall> {
    let mut scan = Returns::default();
    for s in body {
        scan.visit_stmt(s);
    }
    let mut out = Vec::new();
    for value in scan.returned {
        match value {
            Expr::Call(c) => out.push(c),
            Expr::Name(n) => out.extend(
                (scan.bound.iter())
                    .filter(|(local, _)| *local == n.id.as_str())
                    .map(|(_, c)| *c),
            ),
            _ => {}
        }
    }
    out
}

/// What [`returned_calls`] collects.
#[derive(Default)]
struct Returns<'b> {
    bound: Vec<(&'b str, &'b ast::ExprCall)>,
    returned: Vec<&'b Expr>,
}

impl<'b> Visitor<'b> for Returns<'b> {
    fn visit_stmt(&mut self, s: &'b Stmt) {
        match s {
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
            Stmt::Assign(a) => {
                if let ([Expr::Name(n)], Expr::Call(c)) = (a.targets.as_slice(), &*a.value) {
                    self.bound.push((n.id.as_str(), c));
                }
            }
            Stmt::Return(r) => self.returned.extend(r.value.as_deref()),
            _ => visitor::walk_stmt(self, s),
        }
    }

    fn visit_expr(&mut self, _: &'b Expr) {}
}

struct Scan<'p, 'a> {
    local: &'p str,
    pipes: &'p [&'a str],
    /// The process itself is handed on.
    whole: bool,
    /// Inside a nested function or lambda: any use there hands the process on (the closure may
    /// close it later, or never).
    nested: u32,
    escaped: Vec<&'a str>,
}

impl Scan<'_, '_> {
    fn is_local(&self, e: &Expr) -> bool {
        matches!(e, Expr::Name(n) if n.id.as_str() == self.local)
    }

    /// `proc.stdout` for one of the pipes: its keyword.
    fn pipe_of(&self, e: &Expr) -> Option<usize> {
        let Expr::Attribute(a) = e else {
            return None;
        };
        if !self.is_local(&a.value) {
            return None;
        }
        self.pipes.iter().position(|p| *p == a.attr.as_str())
    }

    /// Tests keep the pipe and the process: `if proc.stdout:`, `if not proc:`,
    /// `if proc.stdin is not None and ..`.
    fn visit_test(&mut self, e: &Expr) {
        match e {
            _ if self.is_local(e) || self.pipe_of(e).is_some() => {}
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => self.visit_test(&u.operand),
            Expr::BoolOp(b) => b.values.iter().for_each(|v| self.visit_test(v)),
            Expr::Compare(c)
                if (self.is_local(&c.left) || self.pipe_of(&c.left).is_some())
                    && c.comparators.iter().all(Expr::is_none_literal_expr) => {}
            _ => self.visit_expr(e),
        }
    }

    /// Iterating over a pipe reads it: `for line in proc.stdout:`.
    fn visit_iter(&mut self, e: &Expr) {
        if self.pipe_of(e).is_none() {
            self.visit_expr(e);
        }
    }
}

impl<'b> Visitor<'b> for Scan<'_, '_> {
    fn visit_stmt(&mut self, s: &'b Stmt) {
        match s {
            Stmt::If(i) => {
                self.visit_test(&i.test);
                self.visit_body(&i.body);
                for c in &i.elif_else_clauses {
                    if let Some(t) = &c.test {
                        self.visit_test(t);
                    }
                    self.visit_body(&c.body);
                }
            }
            Stmt::While(w) => {
                self.visit_test(&w.test);
                self.visit_body(&w.body);
                self.visit_body(&w.orelse);
            }
            Stmt::Assert(a) => self.visit_test(&a.test),
            Stmt::For(f) => {
                self.visit_iter(&f.iter);
                self.visit_expr(&f.target);
                self.visit_body(&f.body);
                self.visit_body(&f.orelse);
            }
            Stmt::With(w) => {
                for item in &w.items {
                    // `with proc:` and `with proc.stdout as out:` close what they enter.
                    let e = &item.context_expr;
                    if !(self.is_local(e) || self.pipe_of(e).is_some()) {
                        self.visit_expr(e);
                    }
                    if let Some(v) = &item.optional_vars {
                        self.visit_expr(v);
                    }
                }
                self.visit_body(&w.body);
            }
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {
                self.nested += 1;
                visitor::walk_stmt(self, s);
                self.nested -= 1;
            }
            _ => visitor::walk_stmt(self, s),
        }
    }

    fn visit_comprehension(&mut self, c: &'b ast::Comprehension) {
        self.visit_iter(&c.iter);
        self.visit_expr(&c.target);
        for cond in &c.ifs {
            self.visit_test(cond);
        }
    }

    fn visit_expr(&mut self, e: &'b Expr) {
        match e {
            _ if self.nested > 0 => {
                if self.is_local(e) {
                    self.whole = true;
                }
                visitor::walk_expr(self, e);
            }
            Expr::Lambda(_) => {
                self.nested += 1;
                visitor::walk_expr(self, e);
                self.nested -= 1;
            }
            Expr::Attribute(a) => {
                // `proc.stdout.read`, `proc.wait`, `proc.pid`: the pipe's or the process's own.
                if self.pipe_of(&a.value).is_some() || self.is_local(&a.value) {
                    if let Some(i) = self.pipe_of(e) {
                        // `proc.stdout` itself, as a value: handed on.
                        if !self.escaped.contains(&self.pipes[i]) {
                            self.escaped.push(self.pipes[i]);
                        }
                    }
                    return;
                }
                visitor::walk_expr(self, e);
            }
            Expr::Name(n) if n.id.as_str() == self.local && n.ctx == ExprContext::Load => {
                self.whole = true;
            }
            // A pipe passed itself to a call (`reader(proc.stdout)`, `f(stream=proc.stdout)`)
            // stays tracked: the call event carries it, and the analysis tells a callee that
            // only borrows it from one that takes it.
            Expr::Call(c) => {
                self.visit_expr(&c.func);
                for a in &c.arguments.args {
                    if self.pipe_of(a).is_none() {
                        self.visit_expr(a);
                    }
                }
                for k in &c.arguments.keywords {
                    if k.arg.is_none() || self.pipe_of(&k.value).is_none() {
                        self.visit_expr(&k.value);
                    }
                }
            }
            _ => visitor::walk_expr(self, e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(src: &str) -> Vec<String> {
        let parsed = ruff_python_parser::parse_module(src).expect("valid test source");
        let body = &parsed.syntax().body;
        let Stmt::FunctionDef(f) = &body[0] else {
            panic!("test source starts with a function");
        };
        handed_on(&f.body, "p", &["stdin", "stdout", "stderr"])
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn own_uses_keep_the_pipes() {
        let src = "def f():\n    p = Popen(c, stdout=PIPE)\n    if p.stdout:\n        for line in p.stdout:\n            print(line)\n    data = p.stdout.read()\n    with p.stderr as e:\n        pass\n    if p.stdin is not None and not p:\n        p.stdin.close()\n    p.wait()\n    return p.pid, [l for l in p.stdout]\n";
        assert!(scan(src).is_empty());
    }

    #[test]
    fn a_pipe_passed_or_returned_is_handed_on() {
        let src = "def f():\n    p = Popen(c, stdout=PIPE, stderr=PIPE)\n    consume([p.stderr])\n    return p.stdout\n";
        assert_eq!(scan(src), vec!["stderr", "stdout"]);
        // Passed to a call itself: the call event carries the pipe, the analysis decides.
        let passed =
            "def f():\n    p = Popen(c, stdout=PIPE)\n    consume(p.stdout, into=p.stdout)\n";
        assert!(scan(passed).is_empty());
    }

    #[test]
    fn the_process_handed_on_takes_every_pipe() {
        let src = "def f():\n    p = Popen(c, stdout=PIPE)\n    self.procs.append(p)\n";
        assert_eq!(scan(src), vec!["stdin", "stdout", "stderr"]);
        let closure = "def f():\n    p = Popen(c, stdout=PIPE)\n    def g():\n        p.stdout.close()\n    return g\n";
        assert_eq!(
            scan(closure).len(),
            3,
            "a closure may close them later, or never"
        );
        let lambda =
            "def f():\n    p = Popen(c, stdout=PIPE)\n    atexit.register(lambda: p.kill())\n";
        assert_eq!(scan(lambda).len(), 3);
    }
}
