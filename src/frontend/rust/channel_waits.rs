//! Receives that wait for a channel to end: `assert!(rx.recv().is_err())`,
//! `rx.recv().unwrap_err()`, `assert_eq!(rx.recv(), Err(RecvError))`, `while let Ok(v) =
//! rx.recv() { .. }`, `for v in rx { .. }` (also `rx.iter()`, `&rx`), `rx.iter().sum()` (an
//! iterator over the receiver drained to its end), `while let Some(v) = rx.recv().await { .. }`,
//! and a loop testing what it received (`loop { let r = rx.recv(); if r.is_err() { break; } }`).
//! Such a receive returns
//! only once every sender is gone, so it waits for every thread that holds one: a sender moved
//! into a thread is dropped when the thread's closure ends. And the tuple `let`s that make the
//! two ends of a channel (`let (tx, rx) = channel();`), which tell the receiver of a sender.
//!
//! A syntactic scan of one function body (closures left out: they run elsewhere, later).
//!
//! The results are `ModuleFacts::channel_pairs` (the two ends a tuple `let` makes) and
//! `ModuleFacts::close_waits` (the receives waiting for a channel's end, including a loop leaving
//! once what it received is an `Err`), read by KN304: a thread holding a sender is waited for.

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

/// `rx.recv()` without arguments, also awaited (`rx.recv().await`), or a stream's
/// `rx.next().await`: the receiver's name.
fn blocking_recv(e: &Expr) -> Option<(String, &ExprMethodCall)> {
    let (e, awaited) = match e {
        Expr::Paren(p) => (&*p.expr, false),
        Expr::Await(a) => (&*a.base, true),
        _ => (e, false),
    };
    let Expr::MethodCall(mc) = e else {
        return None;
    };
    let receives = mc.method == "recv" || (awaited && mc.method == "next");
    (receives && mc.args.is_empty())
        .then(|| local_name(&mc.receiver).map(|n| (n, mc)))
        .flatten()
}

/// Methods of an iterator that run it to its end (`rx.iter().sum()`).
const DRAINS: &[&str] = &[
    "sum",
    "product",
    "count",
    "collect",
    "fold",
    "for_each",
    "last",
    "max",
    "min",
    "reduce",
    "partition",
    "unzip",
];

/// Adapters of an iterator that pass every element on (`rx.iter().map(f).sum()`).
const PASSES_ALL: &[&str] = &[
    "map",
    "filter",
    "filter_map",
    "flat_map",
    "flatten",
    "inspect",
    "enumerate",
    "cloned",
    "copied",
    "fuse",
    "peekable",
];

/// The local an iterator chain starts from when every adapter of it passes every element on:
/// `rx.iter()`, `rx.into_iter()`, `rx.iter().map(f)`.
fn drained_local(e: &Expr) -> Option<String> {
    let Expr::MethodCall(mc) = e else {
        return None;
    };
    let method = mc.method.to_string();
    if matches!(method.as_str(), "iter" | "into_iter") && mc.args.is_empty() {
        return local_name(&mc.receiver);
    }
    PASSES_ALL
        .contains(&method.as_str())
        .then(|| drained_local(&mc.receiver))
        .flatten()
}

/// Whether `stmts` call `name.is_err()` or `name.is_none()`: the test of a receive's end.
fn tests_end(stmts: &[syn::Stmt], name: &str) -> bool {
    struct Find<'n> {
        name: &'n str,
        found: bool,
    }
    impl<'a> Visit<'a> for Find<'_> {
        fn visit_expr_method_call(&mut self, mc: &'a ExprMethodCall) {
            self.found |= matches!(mc.method.to_string().as_str(), "is_err" | "is_none")
                && local_name(&mc.receiver).is_some_and(|n| n == self.name);
            visit::visit_expr_method_call(self, mc);
        }
    }
    let mut find = Find { name, found: false };
    stmts.iter().for_each(|s| find.visit_stmt(s));
    find.found
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

    /// The body of a loop: `let r = rx.recv();` followed by a test of `r.is_err()` (or
    /// `is_none()`), which the loop runs until the channel ends.
    fn loop_body(&mut self, body: &syn::Block) {
        for (i, s) in body.stmts.iter().enumerate() {
            let syn::Stmt::Local(syn::Local {
                pat: Pat::Ident(p),
                init: Some(init),
                ..
            }) = s
            else {
                continue;
            };
            if let Some((rx, recv)) = blocking_recv(&init.expr) {
                if tests_end(&body.stmts[i + 1..], &p.ident.to_string()) {
                    self.wait(rx, Expr::MethodCall(recv.clone()));
                }
            }
        }
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
        // `rx.iter().sum()`, `rx.iter().map(f).collect()`: the iterator ends with the channel.
        if DRAINS.contains(&mc.method.to_string().as_str()) {
            if let Some(name) = drained_local(&mc.receiver) {
                self.wait(name, (*mc.receiver).clone());
            }
        }
        visit::visit_expr_method_call(self, mc);
    }

    fn visit_expr_loop(&mut self, l: &'a syn::ExprLoop) {
        self.loop_body(&l.body);
        visit::visit_expr_loop(self, l);
    }

    fn visit_expr_while(&mut self, w: &'a syn::ExprWhile) {
        // `while let Ok(v) = rx.recv() { .. }`: the loop ends when the channel does.
        if let Expr::Let(l) = &*w.cond {
            // `Ok(v)` of a blocking receive, `Some(v)` of one returning an `Option` (an async
            // channel's, a stream's `next().await`).
            let ok = matches!(&*l.pat, Pat::TupleStruct(p)
                if p.path.segments.last().is_some_and(|s| s.ident == "Ok" || s.ident == "Some"));
            if let (true, Some((name, recv))) = (ok, blocking_recv(&l.expr)) {
                self.wait(name, Expr::MethodCall(recv.clone()));
            }
        }
        self.loop_body(&w.body);
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
