//! What becomes of the value of a call of a method that opens a resource of the models
//! (`cmd.spawn()` returns a `Child`): dropped where it is made, or bound to a local whose every
//! use the IR shows. A syntactic scan of one function body; it knows nothing of types (the
//! lowerer checks the receiver's) nor of bugs.
//!
//! - A resource the models give a `returns` type (`std::process::Child`) is opened into a local,
//!   an arm's pattern or a by-value parameter only when every later use is the child's own
//!   method, field or shared borrow.
//! - The open's span (or that of a call of a function declared to return one,
//!   `ModuleFacts::resource_returns`) goes in `discarded_calls` when the value is dropped where
//!   it is made, or kept in a `Result` local only asked for its error (`only_error_uses`).
//! - `let name = helper(..)` (through `?`, `unwrap`, `expect`) whose local has only such uses is
//!   recorded (`ModuleFacts::bound_calls`): a call there of a function declared to return one
//!   holds the child from the call (`drop_leaks`, `Leak::via`).
//! - The scan also sees a local lent by `&mut` to a call (`poll(&mut child)`), which the lowerer
//!   records in `ModuleFacts::lent_calls`.

use rustc_hash::FxHashMap as HashMap;
use syn::punctuated::Punctuated;
use syn::visit::{self, Visit};
use syn::{Expr, ExprMethodCall, Pat};

/// The fate of one opener call's value.
pub(super) enum Fate {
    /// Dropped where it is made: `cmd.spawn()?;`, `let _ = cmd.spawn();`, `if let Err(e) =
    /// cmd.spawn() {..}`, `match cmd.spawn() { Ok(_) => .. }`, `cmd.spawn().map(|_| ())`.
    Dropped,
    /// Bound to the local `name`, used afterwards only through its own methods, its fields and
    /// shared borrows: from its `let` on, or, when `arm` is set, from the start of the arm or
    /// `let .. else` whose pattern (`Ok(child)`) binds it. `lent` are the calls it is lent to
    /// by a mutable borrow (`wait_deadline(&mut child, limit)`): what the callee does with it
    /// decides (`drop_leaks`).
    Bound {
        name: String,
        arm: Option<*const Pat>,
        lent: Vec<proc_macro2::Span>,
    },
}

/// The fates of the opener calls of a function body, by call. `opener` says which method
/// names open a resource; `is_main` spares a drop that is the last statement of `fn main` (the
/// program ends there, as clippy's `zombie_processes` does).
pub(super) fn scan_stmts(
    stmts: &[syn::Stmt],
    opener: &dyn Fn(&str) -> bool,
    is_main: bool,
) -> HashMap<*const ExprMethodCall, Fate> {
    let mut s = Scan {
        opener,
        out: HashMap::default(),
    };
    s.stmts(stmts);
    if is_main {
        let last = match stmts.last() {
            Some(syn::Stmt::Expr(e, Some(_))) => Some(e),
            Some(syn::Stmt::Local(syn::Local {
                init: Some(init), ..
            })) => Some(&*init.expr),
            _ => None,
        };
        if let Some(e) = last {
            if let Some(mc) = s.opener_call(e) {
                s.out.remove(&(mc as *const _));
            }
        }
    }
    s.out
}

/// The same for a closure's body, lowered as a function of its own.
pub(super) fn scan_expr(
    body: &Expr,
    opener: &dyn Fn(&str) -> bool,
) -> HashMap<*const ExprMethodCall, Fate> {
    let mut s = Scan {
        opener,
        out: HashMap::default(),
    };
    s.visit_expr(body);
    s.out
}

/// Whether every use of the local `name` in `stmts` is one the IR shows on the local itself:
/// a call of its own method, a field (`child.stdout.take()`), a shared borrow. Passed on,
/// returned, moved, captured by a closure or named in a macro knot cannot read, it may be
/// waited for where knot does not look.
pub(super) fn only_own_uses(name: &str, stmts: &[syn::Stmt]) -> bool {
    let mut u = Uses {
        name,
        depth: 0,
        escapes: false,
        lent: None,
    };
    for s in stmts {
        u.visit_stmt(s);
    }
    !u.escapes
}

/// [`only_own_uses`], except that the local may also be lent by a mutable borrow as an argument
/// of a call outside closures (`poll(&mut child)`): those calls, when every use is one of these.
fn own_or_lent_uses(name: &str, stmts: &[syn::Stmt]) -> Option<Vec<proc_macro2::Span>> {
    let mut u = Uses {
        name,
        depth: 0,
        escapes: false,
        lent: Some(Vec::new()),
    };
    for s in stmts {
        u.visit_stmt(s);
    }
    (!u.escapes).then(|| u.lent.unwrap_or_default())
}

fn own_or_lent_uses_expr(name: &str, e: &Expr) -> Option<Vec<proc_macro2::Span>> {
    let mut u = Uses {
        name,
        depth: 0,
        escapes: false,
        lent: Some(Vec::new()),
    };
    u.visit_expr(e);
    (!u.escapes).then(|| u.lent.unwrap_or_default())
}

/// Whether the local `name`, holding an opener's `Result`, is used in `stmts`, and only to ask
/// for its error: `if let Err(e) = name`, a `match` whose arms bind no value (`Err(e) => ..,
/// Ok(_) => ..`), `name.is_err()`, `name.err()`. The value inside is then dropped with it.
fn only_error_uses(name: &str, stmts: &[syn::Stmt]) -> bool {
    let mut u = ErrorUses {
        name,
        used: false,
        escapes: false,
    };
    for s in stmts {
        u.visit_stmt(s);
    }
    u.used && !u.escapes
}

fn only_own_uses_expr(name: &str, e: &Expr) -> bool {
    let mut u = Uses {
        name,
        depth: 0,
        escapes: false,
        lent: None,
    };
    u.visit_expr(e);
    !u.escapes
}

/// Whether `attrs` compile their item only for Windows (`#[cfg(windows)]`, `#[cfg(target_os =
/// "windows")]`, `#[cfg(all(windows, ..))]`), where a child dropped unwaited leaves no zombie.
pub(super) fn windows_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<proc_macro2::TokenStream>()
                .is_ok_and(|t| cfg_windows(&t.to_string().replace(' ', "")))
    })
}

fn cfg_windows(cfg: &str) -> bool {
    let windows = |c: &str| {
        matches!(
            c,
            "windows" | "target_os=\"windows\"" | "target_family=\"windows\""
        )
    };
    if let Some(inner) = cfg.strip_prefix("all(").and_then(|c| c.strip_suffix(')')) {
        return inner.split(',').any(windows);
    }
    windows(cfg)
}

/// The attributes of an expression statement that can carry a `#[cfg(..)]`.
pub(super) fn expr_attrs(e: &Expr) -> &[syn::Attribute] {
    match e {
        Expr::Block(b) => &b.attrs,
        Expr::Unsafe(u) => &u.attrs,
        Expr::Call(c) => &c.attrs,
        Expr::MethodCall(m) => &m.attrs,
        Expr::If(i) => &i.attrs,
        Expr::Match(m) => &m.attrs,
        _ => &[],
    }
}

struct Scan<'o> {
    opener: &'o dyn Fn(&str) -> bool,
    out: HashMap<*const ExprMethodCall, Fate>,
}

impl<'o> Scan<'o> {
    /// The opener call `e` stands for, through `?`, `unwrap`, `expect` and error mapping.
    fn opener_call<'e>(&self, e: &'e Expr) -> Option<&'e ExprMethodCall> {
        match peel(e) {
            Expr::MethodCall(mc) if mc.args.is_empty() && (self.opener)(&mc.method.to_string()) => {
                Some(mc)
            }
            _ => None,
        }
    }

    fn stmts(&mut self, stmts: &[syn::Stmt]) {
        for (i, s) in stmts.iter().enumerate() {
            let attrs = match s {
                syn::Stmt::Local(l) => &l.attrs[..],
                syn::Stmt::Expr(e, _) => expr_attrs(e),
                syn::Stmt::Item(_) => continue,
                syn::Stmt::Macro(m) => &m.attrs[..],
            };
            if windows_only(attrs) {
                continue;
            }
            match s {
                syn::Stmt::Expr(e, Some(_)) => {
                    if let Some(mc) = self.opener_call(e) {
                        self.out.insert(mc, Fate::Dropped);
                    }
                }
                syn::Stmt::Local(local) => {
                    if let Some((mc, fate)) = self.unwrapping_match(local, &stmts[i + 1..]) {
                        self.out.insert(mc, fate);
                    }
                    if let Some(init) = &local.init {
                        if let Some(mc) = self.opener_call(&init.expr) {
                            let rest = &stmts[i + 1..];
                            let fate = match (strip_pat(&local.pat), &init.diverge) {
                                (Pat::Wild(_), _) => Some(Fate::Dropped),
                                // `let r = cmd.spawn(); if let Err(e) = r { .. }`: only the
                                // error is asked for, the child goes with the `Result`.
                                (Pat::Ident(p), None)
                                    if p.subpat.is_none()
                                        && self.opener_call_direct(&init.expr).is_some()
                                        && only_error_uses(&p.ident.to_string(), rest) =>
                                {
                                    Some(Fate::Dropped)
                                }
                                (Pat::Ident(p), None) if p.subpat.is_none() => {
                                    let name = p.ident.to_string();
                                    own_or_lent_uses(&name, rest).map(|lent| Fate::Bound {
                                        name,
                                        arm: None,
                                        lent,
                                    })
                                }
                                (pat, Some(_)) => match ok_binding(pat) {
                                    Some(Some(name)) => {
                                        own_or_lent_uses(&name, rest).map(|lent| Fate::Bound {
                                            name,
                                            arm: Some(&local.pat as *const Pat),
                                            lent,
                                        })
                                    }
                                    Some(None) => Some(Fate::Dropped),
                                    None => None,
                                },
                                _ => None,
                            };
                            if let Some(f) = fate {
                                self.out.insert(mc, f);
                            }
                        }
                    }
                }
                _ => {}
            }
            self.visit_stmt(s);
        }
    }
}

impl<'ast, 'o> Visit<'ast> for Scan<'o> {
    fn visit_block(&mut self, b: &'ast syn::Block) {
        self.stmts(&b.stmts);
    }

    fn visit_expr_if(&mut self, i: &'ast syn::ExprIf) {
        // `if cfg!(windows) { .. }`: that branch runs only on Windows.
        if let Expr::Macro(m) = strip_parens(&i.cond) {
            let windows = m.mac.path.is_ident("cfg")
                && cfg_windows(&m.mac.tokens.to_string().replace(' ', ""));
            if windows {
                if let Some((_, e)) = &i.else_branch {
                    self.visit_expr(e);
                }
                return;
            }
        }
        if let Expr::Let(l) = &*i.cond {
            if let Some(mc) = self.opener_call(&l.expr) {
                let fate = match ok_binding(&l.pat) {
                    Some(Some(name)) => {
                        own_or_lent_uses(&name, &i.then_branch.stmts).map(|lent| Fate::Bound {
                            name,
                            arm: Some(&*l.pat as *const Pat),
                            lent,
                        })
                    }
                    Some(None) => Some(Fate::Dropped),
                    None => None,
                };
                if let Some(f) = fate {
                    self.out.insert(mc, f);
                }
            }
        }
        visit::visit_expr_if(self, i);
    }

    fn visit_expr_match(&mut self, m: &'ast syn::ExprMatch) {
        if let Some(mc) = self.opener_call(&m.expr) {
            // One arm may bind the value (`Ok(child) =>`); arms binding the whole result
            // (`r =>`) or matching it some other way leave it to knot-unknown code.
            let mut bound: Vec<(String, &Pat, &Expr)> = Vec::new();
            let mut other = false;
            for arm in &m.arms {
                match ok_binding(&arm.pat) {
                    Some(Some(name)) => bound.push((name, &arm.pat, &arm.body)),
                    Some(None) => {}
                    None => other = true,
                }
            }
            let fate = match (other, bound.as_slice()) {
                (true, _) => None,
                (false, []) => Some(Fate::Dropped),
                (false, [(name, pat, body)]) => {
                    own_or_lent_uses_expr(name, body).map(|lent| Fate::Bound {
                        name: name.clone(),
                        arm: Some(*pat as *const Pat),
                        lent,
                    })
                }
                _ => None,
            };
            if let Some(f) = fate {
                self.out.entry(mc).or_insert(f);
            }
        }
        visit::visit_expr_match(self, m);
    }

    fn visit_expr_method_call(&mut self, mc: &'ast ExprMethodCall) {
        // `cmd.spawn().map(|_| ())`, `cmd.spawn().is_ok()`: the value is dropped inside.
        if let Some(opener) = self.opener_call_direct(&mc.receiver) {
            let method = mc.method.to_string();
            let drops = match method.as_str() {
                "is_ok" | "is_err" | "err" => mc.args.is_empty(),
                "map" => mc.args.len() == 1 && ignores_value(&mc.args[0]),
                _ => false,
            };
            if drops {
                self.out.insert(opener, Fate::Dropped);
            }
        }
        visit::visit_expr_method_call(self, mc);
    }
}

impl Scan<'_> {
    /// `let child = match cmd.spawn() { Ok(c) => c, Err(e) => return Err(e) };`: the value is
    /// `child` from the start of the arm that yields it (the other arms have none).
    fn unwrapping_match(
        &self,
        local: &syn::Local,
        rest: &[syn::Stmt],
    ) -> Option<(*const ExprMethodCall, Fate)> {
        let init = local.init.as_ref().filter(|i| i.diverge.is_none())?;
        let Pat::Ident(p) = strip_pat(&local.pat) else {
            return None;
        };
        let Expr::Match(m) = strip_parens(&init.expr) else {
            return None;
        };
        let mc = self.opener_call(&m.expr)?;
        let mut yielding = None;
        for arm in &m.arms {
            match ok_binding(&arm.pat)? {
                Some(c) if yields(&arm.body, &c) && yielding.is_none() => {
                    yielding = Some(&arm.pat);
                }
                Some(_) => return None,
                None => {}
            }
        }
        let name = p.ident.to_string();
        let pat = yielding?;
        let lent = own_or_lent_uses(&name, rest)?;
        let arm = Some(pat as *const Pat);
        Some((mc as *const _, Fate::Bound { name, arm, lent }))
    }

    /// The opener call `e` is, through parentheses only.
    fn opener_call_direct<'e>(&self, e: &'e Expr) -> Option<&'e ExprMethodCall> {
        match strip_parens(e) {
            Expr::MethodCall(mc) if mc.args.is_empty() && (self.opener)(&mc.method.to_string()) => {
                Some(mc)
            }
            _ => None,
        }
    }
}

/// Whether `body` is just the local `name` (`c`, `{ c }`).
fn yields(body: &Expr, name: &str) -> bool {
    match strip_parens(body) {
        Expr::Path(p) => p.qself.is_none() && p.path.is_ident(name),
        Expr::Block(b) => match b.block.stmts.as_slice() {
            [syn::Stmt::Expr(e, None)] => yields(e, name),
            _ => false,
        },
        _ => false,
    }
}

/// For a pattern matching a `Result` or `Option` of the value: `Some(Some(name))` when it
/// binds the value to `name` (`Ok(child)`, `Some(mut child)`), `Some(None)` when it matches
/// without binding it (`Ok(_)`, `Err(e)`, `None`, `_`), `None` for anything else.
fn ok_binding(pat: &Pat) -> Option<Option<String>> {
    match strip_pat(pat) {
        Pat::Wild(_) => Some(None),
        Pat::Path(p) if p.path.is_ident("None") => Some(None),
        Pat::Ident(i) if i.ident == "None" && i.subpat.is_none() => Some(None),
        Pat::TupleStruct(ts) if ts.elems.len() == 1 => {
            let variant = ts.path.segments.last()?.ident.to_string();
            match variant.as_str() {
                "Err" => Some(None),
                "Ok" | "Some" => match strip_pat(&ts.elems[0]) {
                    Pat::Wild(_) => Some(None),
                    Pat::Ident(i) if i.subpat.is_none() => Some(Some(i.ident.to_string())),
                    _ => None,
                },
                _ => None,
            }
        }
        _ => None,
    }
}

/// `|_| ..`, `|_child| ..`, `drop`: a function that drops its argument unread.
fn ignores_value(e: &Expr) -> bool {
    match strip_parens(e) {
        Expr::Closure(c) if c.inputs.len() == 1 => match strip_pat(&c.inputs[0]) {
            Pat::Wild(_) => true,
            Pat::Ident(i) => {
                i.ident.to_string().starts_with('_')
                    && only_own_uses_expr(&i.ident.to_string(), &c.body)
            }
            _ => false,
        },
        Expr::Path(p) => p.path.segments.last().is_some_and(|s| s.ident == "drop"),
        _ => false,
    }
}

/// Through parentheses, `?`, `unwrap`/`expect`, `ok()` and the error mapping of `anyhow`-like
/// crates: the same value (an `Option` of it for `ok()`, whose uses escape as the value's do).
fn peel(mut e: &Expr) -> &Expr {
    loop {
        e = match e {
            Expr::Paren(p) => &p.expr,
            Expr::Group(g) => &g.expr,
            Expr::Try(t) => &t.expr,
            Expr::MethodCall(mc) if is_unwrapping(mc) => &mc.receiver,
            _ => return e,
        }
    }
}

/// A method `peel` looks through: it takes the value out of a `Result` or `Option`
/// (`unwrap_or_else(|e| panic!(..))` too: what its closure gives instead is of the same type).
fn is_unwrapping(mc: &ExprMethodCall) -> bool {
    matches!(
        mc.method.to_string().as_str(),
        "unwrap"
            | "expect"
            | "unwrap_or_else"
            | "ok"
            | "map_err"
            | "context"
            | "with_context"
            | "wrap_err"
            | "wrap_err_with"
    )
}

fn strip_parens(mut e: &Expr) -> &Expr {
    loop {
        e = match e {
            Expr::Paren(p) => &p.expr,
            Expr::Group(g) => &g.expr,
            _ => return e,
        }
    }
}

fn strip_pat(mut p: &Pat) -> &Pat {
    loop {
        p = match p {
            Pat::Type(t) => &t.pat,
            Pat::Paren(x) => &x.pat,
            Pat::Reference(r) => &r.pat,
            _ => return p,
        }
    }
}

/// The uses of one local.
struct Uses<'n> {
    name: &'n str,
    /// Closures and `async` blocks entered: they run elsewhere, later.
    depth: u32,
    escapes: bool,
    /// When lending is allowed: the calls the local is lent to by a mutable borrow.
    lent: Option<Vec<proc_macro2::Span>>,
}

impl Uses<'_> {
    fn is_name(&self, e: &Expr) -> bool {
        matches!(strip_parens(e), Expr::Path(p) if p.qself.is_none() && p.path.is_ident(self.name))
    }

    /// `&mut name`, lent to a call, outside closures, when lending is allowed.
    fn is_lent(&self, e: &Expr) -> bool {
        self.lent.is_some()
            && self.depth == 0
            && matches!(strip_parens(e), Expr::Reference(r) if r.mutability.is_some() && self.is_name(&r.expr))
    }

    /// A call (its span) lending the local: the other arguments are visited.
    fn lend<'a>(&mut self, call: proc_macro2::Span, args: impl Iterator<Item = &'a Expr>) {
        if let Some(lent) = &mut self.lent {
            lent.push(call);
        }
        for a in args {
            if !self.is_lent(a) {
                self.visit_expr(a);
            }
        }
    }
}

impl<'ast> Visit<'ast> for Uses<'_> {
    fn visit_expr(&mut self, e: &'ast Expr) {
        if self.escapes {
            return;
        }
        match e {
            // `r.unwrap().wait()`: the value taken out of a `Result` local is used where the
            // IR shows no use of the local.
            Expr::MethodCall(mc) if self.is_name(&mc.receiver) && is_unwrapping(mc) => {
                self.escapes = true;
            }
            Expr::MethodCall(mc) if self.is_name(&mc.receiver) => {
                self.escapes |= self.depth > 0;
                for a in &mc.args {
                    self.visit_expr(a);
                }
            }
            Expr::Call(c) if c.args.iter().any(|a| self.is_lent(a)) => {
                self.visit_expr(&c.func);
                self.lend(syn::spanned::Spanned::span(c), c.args.iter());
            }
            Expr::MethodCall(mc) if mc.args.iter().any(|a| self.is_lent(a)) => {
                self.visit_expr(&mc.receiver);
                self.lend(syn::spanned::Spanned::span(mc), mc.args.iter());
            }
            Expr::Field(f) if self.is_name(&f.base) => self.escapes |= self.depth > 0,
            Expr::Reference(r) if r.mutability.is_none() && self.is_name(&r.expr) => {
                self.escapes |= self.depth > 0
            }
            Expr::Path(_) if self.is_name(e) => self.escapes = true,
            Expr::Closure(_) | Expr::Async(_) => {
                self.depth += 1;
                visit::visit_expr(self, e);
                self.depth -= 1;
            }
            _ => visit::visit_expr(self, e),
        }
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        let name = self.name;
        self.escapes |= visit_macro_args(m, name, &mut |e| self.visit_expr(e));
    }

    // A nested item sees none of the function's locals.
    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

/// The uses of a local holding a `Result`, for `only_error_uses`.
struct ErrorUses<'n> {
    name: &'n str,
    used: bool,
    escapes: bool,
}

impl ErrorUses<'_> {
    /// `name` or `&name`.
    fn is_name(&self, e: &Expr) -> bool {
        let e = match strip_parens(e) {
            Expr::Reference(r) => strip_parens(&r.expr),
            e => e,
        };
        matches!(e, Expr::Path(p) if p.qself.is_none() && p.path.is_ident(self.name))
    }
}

impl<'ast> Visit<'ast> for ErrorUses<'_> {
    fn visit_expr(&mut self, e: &'ast Expr) {
        if self.escapes {
            return;
        }
        match e {
            Expr::Let(l) if self.is_name(&l.expr) => {
                self.used = true;
                self.escapes |= ok_binding(&l.pat) != Some(None);
            }
            Expr::Match(m) if self.is_name(&m.expr) => {
                self.used = true;
                self.escapes |= m.arms.iter().any(|a| ok_binding(&a.pat) != Some(None));
                for arm in &m.arms {
                    self.visit_expr(&arm.body);
                }
            }
            Expr::MethodCall(mc)
                if self.is_name(&mc.receiver)
                    && mc.args.is_empty()
                    && matches!(mc.method.to_string().as_str(), "is_err" | "is_ok" | "err") =>
            {
                self.used = true;
            }
            Expr::Path(_) if self.is_name(e) => self.escapes = true,
            _ => visit::visit_expr(self, e),
        }
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        let name = self.name;
        self.escapes |= visit_macro_args(m, name, &mut |e| self.visit_expr(e));
    }

    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

/// Visits the arguments of a macro read as a list of expressions (`println!("{}", x)`, the
/// value of `name = value`); one knot cannot read so: whether `name` appears in it.
fn visit_macro_args(m: &syn::Macro, name: &str, visit: &mut dyn FnMut(&Expr)) -> bool {
    let parser = Punctuated::<Expr, syn::Token![,]>::parse_terminated;
    match m.parse_body_with(parser) {
        Ok(args) => {
            for a in &args {
                match a {
                    Expr::Assign(asg) => visit(&asg.right),
                    _ => visit(a),
                }
            }
            false
        }
        Err(_) => mentions(m.tokens.clone(), name),
    }
}

/// Whether `name` appears in `tokens` as an identifier.
fn mentions(tokens: proc_macro2::TokenStream, name: &str) -> bool {
    tokens.into_iter().any(|t| match t {
        proc_macro2::TokenTree::Ident(i) => i == name,
        proc_macro2::TokenTree::Group(g) => mentions(g.stream(), name),
        _ => false,
    })
}
