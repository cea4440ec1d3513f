//! Receives that wait for a channel to end: `assert!(rx.recv().is_err())`,
//! `rx.recv().unwrap_err()`, `assert_eq!(rx.recv(), Err(RecvError))`, `while let Ok(v) =
//! rx.recv() { .. }`, `for v in rx { .. }` (also `rx.iter()`, `&rx`). Such a receive returns
//! only once every sender is gone, so it waits for every thread that holds one: a sender moved
//! into a thread is dropped when the thread's closure ends. And the tuple `let`s that make the
//! two ends of a channel (`let (tx, rx) = channel();`), which tell the receiver of a sender.
//!
//! A syntactic scan of one function body (closures left out: they run elsewhere, later).

use syn::punctuated::Punctuated;
use syn::visit::{self, Visit};
use syn::{Expr, ExprMethodCall, Pat};

#[derive(Default)]
pub(super) struct ChannelScan {
    /// `let (tx, rx) = call(..);`: the two names, in order.
    pub pairs: Vec<(String, String)>,
    /// A receiver's name and the expression waiting for its channel's end (the `recv` call,
    /// or the receiver a `for` iterates).
    pub waits: Vec<(String, Expr)>,
}

pub(super) fn scan(stmts: &[syn::Stmt]) -> ChannelScan {
    let mut scan = ChannelScan::default();
    for s in stmts {
        scan.visit_stmt(s);
    }
    scan
}

/// The local a plain receiver expression names (`rx`, `&rx`, `(rx)`).
fn local_name(e: &Expr) -> Option<String> {
    match e {
        Expr::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
            Some(p.path.segments[0].ident.to_string())
        }
        Expr::Paren(p) => local_name(&p.expr),
        Expr::Reference(r) => local_name(&r.expr),
        _ => None,
    }
}

/// `rx.recv()` without arguments: the receiver's name.
fn blocking_recv(e: &Expr) -> Option<(String, &ExprMethodCall)> {
    let e = match e {
        Expr::Paren(p) => &*p.expr,
        _ => e,
    };
    let Expr::MethodCall(mc) = e else {
        return None;
    };
    (mc.method == "recv" && mc.args.is_empty())
        .then(|| local_name(&mc.receiver).map(|n| (n, mc)))
        .flatten()
}

/// `Err(..)` or `Err`: the value a receive returns once the channel ended.
fn is_err_value(e: &Expr) -> bool {
    let path = match e {
        Expr::Call(c) => match &*c.func {
            Expr::Path(p) => &p.path,
            _ => return false,
        },
        Expr::Path(p) => &p.path,
        _ => return false,
    };
    path.segments.last().is_some_and(|s| s.ident == "Err")
}

impl ChannelScan {
    fn wait(&mut self, name: String, e: Expr) {
        self.waits.push((name, e));
    }
}

impl<'a> Visit<'a> for ChannelScan {
    fn visit_local(&mut self, local: &'a syn::Local) {
        if let (Pat::Tuple(t), Some(init)) = (&local.pat, &local.init) {
            let names: Vec<String> = (t.elems.iter())
                .filter_map(|p| match p {
                    Pat::Ident(i) if i.subpat.is_none() => Some(i.ident.to_string()),
                    _ => None,
                })
                .collect();
            let made = matches!(&*init.expr, Expr::Call(_) | Expr::MethodCall(_));
            if made && names.len() == 2 && t.elems.len() == 2 {
                self.pairs.push((names[0].clone(), names[1].clone()));
            }
        }
        visit::visit_local(self, local);
    }

    fn visit_expr_method_call(&mut self, mc: &'a ExprMethodCall) {
        // `rx.recv().is_err()`, `rx.recv().unwrap_err()`, `rx.recv().expect_err(..)`.
        if matches!(
            mc.method.to_string().as_str(),
            "is_err" | "unwrap_err" | "expect_err"
        ) {
            if let Some((name, recv)) = blocking_recv(&mc.receiver) {
                self.wait(name, Expr::MethodCall(recv.clone()));
            }
        }
        visit::visit_expr_method_call(self, mc);
    }

    fn visit_expr_while(&mut self, w: &'a syn::ExprWhile) {
        // `while let Ok(v) = rx.recv() { .. }`: the loop ends when the channel does.
        if let Expr::Let(l) = &*w.cond {
            let ok = matches!(&*l.pat, Pat::TupleStruct(p)
                if p.path.segments.last().is_some_and(|s| s.ident == "Ok"));
            if let (true, Some((name, recv))) = (ok, blocking_recv(&l.expr)) {
                self.wait(name, Expr::MethodCall(recv.clone()));
            }
        }
        visit::visit_expr_while(self, w);
    }

    fn visit_expr_for_loop(&mut self, f: &'a syn::ExprForLoop) {
        // `for v in rx`, `for v in &rx`, `for v in rx.iter()`: the iterator ends with the
        // channel. Which local is a receiver the pairs tell.
        let iterated = match &*f.expr {
            Expr::MethodCall(mc) if mc.method == "iter" && mc.args.is_empty() => {
                local_name(&mc.receiver)
            }
            e => local_name(e),
        };
        if let Some(name) = iterated {
            self.wait(name, (*f.expr).clone());
        }
        visit::visit_expr_for_loop(self, f);
    }

    fn visit_macro(&mut self, mac: &'a syn::Macro) {
        // Assertions and other macros taking expressions: `assert!(rx.recv().is_err())`,
        // `assert_eq!(rx.recv(), Err(RecvError))`.
        let parser = Punctuated::<Expr, syn::Token![,]>::parse_terminated;
        let Ok(args) = mac.parse_body_with(parser) else {
            return;
        };
        let args: Vec<&Expr> = args.iter().collect();
        let named = |n: &str| mac.path.segments.last().is_some_and(|s| s.ident == n);
        if (named("assert_eq") || named("debug_assert_eq")) && args.len() >= 2 {
            for (a, b) in [(args[0], args[1]), (args[1], args[0])] {
                if let (Some((name, recv)), true) = (blocking_recv(a), is_err_value(b)) {
                    self.wait(name, Expr::MethodCall(recv.clone()));
                }
            }
        }
        for a in args {
            self.visit_expr(a);
        }
    }

    // Closures run elsewhere, later; items are other functions.
    fn visit_expr_closure(&mut self, _: &'a syn::ExprClosure) {}
    fn visit_item(&mut self, _: &'a syn::Item) {}
}
