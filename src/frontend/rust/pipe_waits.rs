//! A child waited for before the pipe it writes is read: `let mut child =
//! Command::new(..).stdout(Stdio::piped()).spawn()?; child.wait()?;` and only then
//! `child.stdout.take()` read to its end. A child whose output outgrows the pipe's buffer stops
//! at its next write until someone reads, so `wait()` (or a `try_wait()` poll) never sees it
//! exit. The child is a local spawned with a piped `stdout` or `stderr`, or a parameter of
//! type `Child` (a function reading the pipes of the child it is handed expects them piped).
//!
//! A syntactic scan of one function body, in source order; closures are left out (they run
//! elsewhere, later).
//!
//! The result is `ModuleFacts::pipe_reads_after_wait` (KN204).

use syn::visit::{self, Visit};
use syn::{Expr, FnArg, Pat, Type};

/// What the scan found for one child: the wait, and the first read of a pipe after it.
pub(super) struct WaitBeforeRead {
    pub child: String,
    pub pipe: String,
    pub wait: Expr,
    pub read: Expr,
}

/// Methods of a child that wait for it to exit without reading its pipes.
const EXIT_WAITS: &[&str] = &["wait", "try_wait", "wait_timeout"];

/// The pipes a child writes.
const WRITTEN: &[&str] = &["stdout", "stderr"];

pub(super) fn scan(sig: &syn::Signature, stmts: &[syn::Stmt]) -> Vec<WaitBeforeRead> {
    let mut children: Vec<String> = sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            FnArg::Typed(pt) if is_child_type(&pt.ty) => binding(&pt.pat),
            _ => None,
        })
        .collect();
    let mut lets = Lets::default();
    for s in stmts {
        lets.visit_stmt(s);
    }
    children.extend(lets.piped);
    let mut out = Vec::new();
    for child in children {
        let mut uses = Uses {
            child: &child,
            seen: Vec::new(),
        };
        for s in stmts {
            uses.visit_stmt(s);
        }
        let Some((Use::Wait, wait)) = uses.seen.first() else {
            continue;
        };
        // The read must come before the child is handed on or taken apart in another way.
        let read = uses.seen[1..]
            .iter()
            .take_while(|(u, _)| !matches!(u, Use::Other))
            .find_map(|(u, e)| match u {
                Use::Read(pipe) => Some((pipe.clone(), e.clone())),
                _ => None,
            });
        if let Some((pipe, read)) = read {
            out.push(WaitBeforeRead {
                child: child.clone(),
                pipe,
                wait: wait.clone(),
                read,
            });
        }
    }
    out
}

/// `Child`, `&mut Child`, `std::process::Child`, `tokio::process::Child`.
fn is_child_type(ty: &Type) -> bool {
    match ty {
        Type::Reference(r) => is_child_type(&r.elem),
        Type::Path(p) => p.path.segments.last().is_some_and(|s| s.ident == "Child"),
        _ => false,
    }
}

fn binding(pat: &Pat) -> Option<String> {
    match pat {
        Pat::Ident(pi) if pi.subpat.is_none() => Some(pi.ident.to_string()),
        _ => None,
    }
}

/// `let [mut] child = Command::new(..)..stdout(Stdio::piped())..spawn()?;`: the names of
/// children spawned with a pipe the child writes.
#[derive(Default)]
struct Lets {
    piped: Vec<String>,
}

impl<'ast> Visit<'ast> for Lets {
    fn visit_local(&mut self, l: &'ast syn::Local) {
        if let (Some(name), Some(init)) = (binding(&l.pat), &l.init) {
            if spawns_piped(&init.expr) {
                self.piped.push(name);
            }
        }
        visit::visit_local(self, l);
    }

    fn visit_expr_closure(&mut self, _: &'ast syn::ExprClosure) {}
    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

/// A method chain ending in `spawn()` (through `?`, `unwrap`, `expect`, `map_err`) that gives
/// the child a piped `stdout` or `stderr`.
fn spawns_piped(e: &Expr) -> bool {
    let mut e = e;
    loop {
        e = match e {
            Expr::Try(t) => &t.expr,
            Expr::Paren(p) => &p.expr,
            Expr::Await(a) => &a.base,
            Expr::MethodCall(mc)
                if matches!(
                    mc.method.to_string().as_str(),
                    "unwrap" | "expect" | "map_err" | "context" | "with_context" | "unwrap_or_else"
                ) =>
            {
                &mc.receiver
            }
            _ => break,
        };
    }
    let Expr::MethodCall(spawn) = e else {
        return false;
    };
    if spawn.method != "spawn" {
        return false;
    }
    let mut link = &*spawn.receiver;
    while let Expr::MethodCall(mc) = link {
        let method = mc.method.to_string();
        if WRITTEN.contains(&method.as_str()) && mc.args.iter().any(names_piped) {
            return true;
        }
        link = &mc.receiver;
    }
    false
}

/// `Stdio::piped()`, `std::process::Stdio::piped()`.
fn names_piped(e: &Expr) -> bool {
    match e {
        Expr::Call(c) => matches!(&*c.func, Expr::Path(p)
            if p.path.segments.last().is_some_and(|s| s.ident == "piped")),
        _ => false,
    }
}

enum Use {
    /// `child.wait()`, `child.try_wait()`.
    Wait,
    /// `child.stdout`, `child.stderr`.
    Read(String),
    /// Anything else naming the child but a method call on it (moved, passed, dropped).
    Other,
}

struct Uses<'c> {
    child: &'c str,
    seen: Vec<(Use, Expr)>,
}

impl Uses<'_> {
    fn is_child(&self, e: &Expr) -> bool {
        match e {
            Expr::Path(p) => p.qself.is_none() && p.path.is_ident(self.child),
            Expr::Paren(p) => self.is_child(&p.expr),
            _ => false,
        }
    }
}

impl<'ast> Visit<'ast> for Uses<'_> {
    fn visit_expr_method_call(&mut self, mc: &'ast syn::ExprMethodCall) {
        if self.is_child(&mc.receiver) {
            let method = mc.method.to_string();
            if EXIT_WAITS.contains(&method.as_str()) {
                self.seen.push((Use::Wait, Expr::MethodCall(mc.clone())));
            } else if matches!(method.as_str(), "wait_with_output" | "kill" | "start_kill") {
                // Read while it waits, or ended: the wait returns either way.
                self.seen.push((Use::Other, Expr::MethodCall(mc.clone())));
            }
            for a in &mc.args {
                self.visit_expr(a);
            }
            return;
        }
        visit::visit_expr_method_call(self, mc);
    }

    fn visit_expr_field(&mut self, f: &'ast syn::ExprField) {
        if self.is_child(&f.base) {
            if let syn::Member::Named(m) = &f.member {
                let m = m.to_string();
                if WRITTEN.contains(&m.as_str()) {
                    self.seen.push((Use::Read(m), Expr::Field(f.clone())));
                }
            }
            return;
        }
        visit::visit_expr_field(self, f);
    }

    fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
        if p.qself.is_none() && p.path.is_ident(self.child) {
            self.seen.push((Use::Other, Expr::Path(p.clone())));
        }
    }

    fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
        // A closure using the child may read it on another thread, at any time.
        let mut inner = Uses {
            child: self.child,
            seen: Vec::new(),
        };
        inner.visit_expr(&c.body);
        if !inner.seen.is_empty() {
            self.seen.push((Use::Other, Expr::Closure(c.clone())));
        }
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        // A macro naming the child (`println!("{:?}", child)`, `drop!`): only a use, unless it
        // is a macro of expressions, whose arguments are visited as written.
        let mentions = m
            .tokens
            .clone()
            .into_iter()
            .any(|t| matches!(t, proc_macro2::TokenTree::Ident(i) if i == self.child));
        if mentions {
            self.seen.push((
                Use::Other,
                Expr::Macro(syn::ExprMacro {
                    attrs: Vec::new(),
                    mac: m.clone(),
                }),
            ));
        }
    }

    fn visit_item(&mut self, _: &'ast syn::Item) {}
}
