//! Functions handing out a lock's guard without a receiver: a helper taking the lock
//! (`fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> { m.lock().unwrap_or_else(|e| e.into_inner()) }`)
//! or reading a static (`fn registry() -> RwLockReadGuard<'static, R> { REGISTRY.read().unwrap() }`).
//! A call of one is the acquire its body makes, on what the caller hands it: the lowerer reads
//! the call as the helper's body written in its place, with the arguments for the parameters
//! and every token of the body spanned at the call, so the guard's lifetime follows the
//! caller's code (a `let` guard to the end of its block, a temporary in an `if let` scrutinee)
//! and findings point at the call.
//!
//! The helpers are found per file (`Cx::guard_helpers`); a call is expanded only in the helper's
//! module, unless the body names nothing but its parameters.

use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use quote::ToTokens;
use rustc_hash::FxHashSet as HashSet;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::visit_mut::VisitMut;
use syn::{Expr, FnArg, Pat};

use super::guards;

/// A guard helper: its parameters, in order, and its body's expression.
pub(crate) struct GuardHelper {
    /// The module the helper is declared in: names in its body mean what they mean there.
    pub module: String,
    params: Vec<String>,
    body: TokenStream,
    /// Whether the body names nothing but its parameters and its closures' own bindings, so it
    /// means the same written in any module.
    self_contained: bool,
}

impl GuardHelper {
    /// Whether a call written in `module` reads the body as the helper does.
    pub fn usable_in(&self, module: &str) -> bool {
        self.self_contained || self.module == module
    }
}

/// The helper `sig` and `block` make, when the function takes no receiver, binds each
/// parameter to a plain name and is one expression whose guard-passing core
/// (`guards::strip_guard_wrappers`) is a method call without arguments on a parameter or a
/// path (`m.lock()`, `REGISTRY.read()`, `lock_of().write()`). The caller checks the return
/// type (`Cx::returns_guard`); whether the method takes a lock is decided where it is called,
/// by the type of what the caller hands it.
pub(crate) fn helper(
    sig: &syn::Signature,
    block: &syn::Block,
    module: &str,
) -> Option<GuardHelper> {
    if sig.asyncness.is_some() {
        return None;
    }
    let mut params = Vec::new();
    for input in &sig.inputs {
        let FnArg::Typed(pt) = input else {
            return None;
        };
        let Pat::Ident(pi) = &*pt.pat else {
            return None;
        };
        if pi.subpat.is_some() {
            return None;
        }
        params.push(pi.ident.to_string());
    }
    let (body, _) = guards::returned_acquire(block)?;
    let mut names = Names::default();
    names.visit_expr(body);
    let self_contained = names
        .paths
        .iter()
        .all(|p| params.contains(p) || names.bound.contains(p));
    Some(GuardHelper {
        module: module.to_string(),
        params,
        body: body.to_token_stream(),
        self_contained,
    })
}

/// The single-name paths a body uses and the names its closures bind.
#[derive(Default)]
struct Names {
    paths: Vec<String>,
    bound: HashSet<String>,
}

impl<'ast> Visit<'ast> for Names {
    fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
        let first = p.path.segments.first().map(|s| s.ident.to_string());
        match (p.path.get_ident(), first.as_deref()) {
            (Some(id), _) if p.qself.is_none() => self.paths.push(id.to_string()),
            // `crate::X`, `self::f`, `Self::x`: mean something only where the helper is. A
            // path through an imported type (`PoisonError::into_inner`) recovers a guard
            // wherever it is written.
            (None, Some("crate" | "self" | "super" | "Self")) => self.paths.push(String::new()),
            _ if p.qself.is_some() => self.paths.push(String::new()),
            _ => {}
        }
    }

    fn visit_pat_ident(&mut self, p: &'ast syn::PatIdent) {
        self.bound.insert(p.ident.to_string());
        syn::visit::visit_pat_ident(self, p);
    }

    fn visit_macro(&mut self, _: &'ast syn::Macro) {
        self.paths.push(String::new());
    }
}

/// `stmts` with every call of a helper `find` names written as the helper's body, or `None`
/// when they call none (the common case, which clones nothing).
pub(crate) fn inline_calls<'h>(
    stmts: &[syn::Stmt],
    find: &dyn Fn(&syn::Path) -> Option<&'h GuardHelper>,
) -> Option<Vec<syn::Stmt>> {
    let mut probe = Probe { find, found: false };
    for st in stmts {
        probe.visit_stmt(st);
        if probe.found {
            break;
        }
    }
    if !probe.found {
        return None;
    }
    let mut out = stmts.to_vec();
    let mut inline = Inline { find };
    for st in &mut out {
        inline.visit_stmt_mut(st);
    }
    Some(out)
}

/// The helper a call expression calls with the right number of arguments.
fn called<'h>(
    c: &syn::ExprCall,
    find: &dyn Fn(&syn::Path) -> Option<&'h GuardHelper>,
) -> Option<&'h GuardHelper> {
    let Expr::Path(p) = &*c.func else {
        return None;
    };
    if p.qself.is_some() {
        return None;
    }
    find(&p.path).filter(|h| h.params.len() == c.args.len())
}

struct Probe<'f, 'h> {
    find: &'f dyn Fn(&syn::Path) -> Option<&'h GuardHelper>,
    found: bool,
}

impl<'ast> Visit<'ast> for Probe<'_, '_> {
    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        if called(c, self.find).is_some() {
            self.found = true;
            return;
        }
        syn::visit::visit_expr_call(self, c);
    }

    // Items inside a body are lowered as functions of their own.
    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

struct Inline<'f, 'h> {
    find: &'f dyn Fn(&syn::Path) -> Option<&'h GuardHelper>,
}

impl VisitMut for Inline<'_, '_> {
    fn visit_expr_mut(&mut self, e: &mut Expr) {
        // Arguments first: `lock(&registry().inner)` inlines the inner call too.
        syn::visit_mut::visit_expr_mut(self, e);
        let Expr::Call(c) = e else { return };
        let Some(helper) = called(c, self.find) else {
            return;
        };
        let args: Vec<(TokenStream, Span)> = c
            .args
            .iter()
            .map(|a| (a.to_token_stream(), a.span()))
            .collect();
        let body = substitute(respan(helper.body.clone(), c.span()), &helper.params, &args);
        if let Ok(inlined) = syn::parse2::<Expr>(body) {
            *e = inlined;
        }
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}

/// `tokens` with every span set to `span`, so what the body does is reported at the call.
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut tt| {
            if let TokenTree::Group(g) = &tt {
                let mut inner = Group::new(g.delimiter(), respan(g.stream(), span));
                inner.set_span(span);
                tt = TokenTree::Group(inner);
            } else {
                tt.set_span(span);
            }
            tt
        })
        .collect()
}

/// `body` with each parameter named as a value (not after a `.`, as a field or method)
/// replaced by its argument in parentheses, which keeps the argument's own spans.
fn substitute(body: TokenStream, params: &[String], args: &[(TokenStream, Span)]) -> TokenStream {
    let mut out = Vec::new();
    let mut after_dot = false;
    for tt in body {
        let next_after_dot = matches!(&tt, TokenTree::Punct(p) if p.as_char() == '.');
        match tt {
            TokenTree::Ident(id) if !after_dot => {
                match params.iter().position(|p| id == p.as_str()) {
                    Some(i) => {
                        let (arg, span) = &args[i];
                        let mut g = Group::new(Delimiter::Parenthesis, arg.clone());
                        g.set_span(*span);
                        out.push(TokenTree::Group(g));
                    }
                    None => out.push(TokenTree::Ident(id)),
                }
            }
            TokenTree::Group(g) => {
                let mut inner = Group::new(g.delimiter(), substitute(g.stream(), params, args));
                inner.set_span(g.span());
                out.push(TokenTree::Group(inner));
            }
            tt => out.push(tt),
        }
        after_dot = next_after_dot;
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn helper_of(src: &str) -> Option<GuardHelper> {
        let f: syn::ItemFn = syn::parse_str(src).unwrap();
        helper(&f.sig, &f.block, "crate")
    }

    #[test]
    fn reads_helpers_taking_a_lock_or_a_static() {
        let h = helper_of(
            "fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> { m.lock().unwrap_or_else(|e| e.into_inner()) }",
        )
        .unwrap();
        assert!(h.self_contained);
        assert_eq!(h.params, ["m"]);
        let h =
            helper_of("fn reg() -> RwLockReadGuard<'static, R> { REG.read().unwrap() }").unwrap();
        assert!(!h.self_contained && h.usable_in("crate") && !h.usable_in("crate::other"));
        assert!(helper_of("fn f(m: &Mutex<u8>) -> u8 { *m.lock().unwrap() + 1 }").is_none());
        assert!(
            helper_of("async fn f(m: &Mutex<u8>) -> MutexGuard<'_, u8> { m.lock().await }")
                .is_none()
        );
    }

    #[test]
    fn writes_the_body_in_place_of_each_call() {
        let h = helper_of("fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> { m.lock().unwrap() }")
            .unwrap();
        let f: syn::ItemFn =
            syn::parse_str("fn g(&self) { let s = lock(&self.m); s.len(); }").unwrap();
        let find = |p: &syn::Path| p.is_ident("lock").then_some(&h);
        let out = inline_calls(&f.block.stmts, &find).unwrap();
        let text = out[0].to_token_stream().to_string();
        assert_eq!(text, "let s = (& self . m) . lock () . unwrap () ;");
        let none = syn::parse_str::<syn::ItemFn>("fn g() { other(1); }").unwrap();
        assert!(inline_calls(&none.block.stmts, &find).is_none());
    }
}
