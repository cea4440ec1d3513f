//! Resources a struct of the file keeps in a field and none of its methods waits for: a
//! `Child` stored by the struct's constructor (`Solver { kid, .. }`, `child: Some(child)`)
//! that its `Drop` or `close` only kills (`self.kid.kill()`) or leaves alone, so every
//! dropped object leaves a zombie process. A syntactic scan of one file's items, beside
//! `kept_handles.rs` (threads kept the same way); the lowerer says which field types hold a
//! resource and the model which of its methods wait for it, stop it or only ask about it.
//!
//! The result is `ModuleFacts::kept_never_closed` (KN401): the spawned `Child` (a resource model's
//! `returns` type) kept in a field none of the struct's methods waits for, with the kills of it and
//! whether its `Drop` runs them. For a struct with no `Drop` and no closing method, the rule
//! reports it only when the spawning function or a caller up to three calls up is called in a loop
//! (`rules/resources/kept_children.rs`, `made_in_loop`).

use super::kept_handles::{
    is_self, is_self_field, methods_of, self_calls, strip, struct_fields, Outside,
};
use crate::models::ResourceModel;
use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{Expr, Item, Member, Pat, Type};

/// A resource field no method of its struct waits for or hands on.
pub(super) struct Found {
    /// The struct's name as written.
    pub owner: String,
    pub field: String,
    /// The opener API of the field's resource (`std::process::Command::spawn`).
    pub api: String,
    /// The calls whose value is stored into the field.
    pub stored: Vec<Span>,
    /// Where a method stops it without waiting (`self.kid.kill()`).
    pub stopped: Vec<Span>,
    /// The stops are what the struct's `Drop` runs, which waits for nothing after them (other
    /// methods may wait).
    pub by_drop: bool,
}

/// Methods of an `Option` (or of a reference) that give the value inside it, still the field's
/// resource: `self.child.as_mut().unwrap().kill()`.
const ADAPTERS: &[&str] = &[
    "as_mut",
    "as_ref",
    "unwrap",
    "expect",
    "take",
    "borrow_mut",
    "borrow",
];

/// Methods of an `Option` that run a closure on the value inside it (`self.child.as_mut()
/// .map(|c| c.kill())`): the closure's parameter is the resource.
const WITH_CLOSURE: &[&str] = &[
    "map",
    "and_then",
    "map_or",
    "map_or_else",
    "inspect",
    "is_some_and",
];

/// Methods of an `Option` that only ask about it.
const ASKS: &[&str] = &["is_some", "is_none"];

/// The fields of the file's structs that keep a resource (`is_kept` gives its opener API and
/// model for a field's type) which no method of the struct waits for or hands on, while the
/// file stores a value it makes into the field.
pub(super) fn scan(
    items: &[Item],
    is_kept: &dyn Fn(&Type) -> Option<(String, ResourceModel)>,
) -> Vec<Found> {
    let mut out = Vec::new();
    for (owner, name, ty) in struct_fields(items) {
        let Some((api, model)) = is_kept(ty) else {
            continue;
        };
        // Code outside the methods asking the process its id (`p.child.as_ref().unwrap().id()`)
        // does not wait for it.
        let asks: Vec<String> = (model.keeps.iter())
            .filter(|m| !model.stops.contains(m) && !model.close.contains(m))
            .cloned()
            .collect();
        let outside = Outside::scan_asking(items, &owner, &name, &asks);
        if outside.escapes || outside.stored.is_empty() {
            continue;
        }
        let methods = methods_of(items, &owner);
        let uses: Vec<Uses> = (methods.iter())
            .map(|m| {
                let mut uses = Uses {
                    field: &name,
                    model: &model,
                    aliases: Vec::new(),
                    waited: false,
                    escapes: false,
                    stopped: Vec::new(),
                };
                uses.visit_block(&m.f.block);
                uses
            })
            .collect();
        if uses.iter().any(|u| u.escapes) {
            continue;
        }
        // What the `Drop` runs on `self`: a `Drop` stopping the process is where the object
        // ends it, and must wait there too, whatever other methods the user may call.
        let mut reach: Vec<usize> = methods
            .iter()
            .position(|m| m.is_drop && m.name == "drop")
            .into_iter()
            .collect();
        let mut i = 0;
        // A method of `self` the file does not show (a trait's, another file's) may wait.
        let mut unseen = false;
        while i < reach.len() {
            for callee in self_calls(methods[reach[i]].f) {
                match methods.iter().position(|m| m.name == callee && !m.is_drop) {
                    Some(j) if !reach.contains(&j) => reach.push(j),
                    Some(_) => {}
                    None => unseen = true,
                }
            }
            i += 1;
        }
        if unseen {
            continue;
        }
        let stopped_in_drop: Vec<Span> = reach
            .iter()
            .flat_map(|&j| uses[j].stopped.iter().copied())
            .collect();
        let (stopped, by_drop) =
            if !stopped_in_drop.is_empty() && reach.iter().all(|&j| !uses[j].waited) {
                (stopped_in_drop, true)
            } else if uses.iter().all(|u| !u.waited) {
                (
                    uses.iter()
                        .flat_map(|u| u.stopped.iter().copied())
                        .collect(),
                    false,
                )
            } else {
                continue;
            };
        out.push(Found {
            owner: owner.clone(),
            field: name.clone(),
            api,
            stored: outside.stored,
            stopped,
            by_drop,
        });
    }
    out
}

/// What a struct's methods do with the resource in `self.<field>`: wait for it, stop it, or
/// use it some other way (hand it on, lend it to a call, move it out), which knot does not
/// follow. Locals bound to it (`if let Some(c) = self.child.as_mut()`) are followed.
struct Uses<'f> {
    field: &'f str,
    model: &'f ResourceModel,
    /// Locals (and closure parameters) bound to the resource in the method being walked.
    aliases: Vec<String>,
    waited: bool,
    escapes: bool,
    stopped: Vec<Span>,
}

impl Uses<'_> {
    /// Whether `e` is the resource: `self.<field>` or a local bound to it, through `&`, `&mut`,
    /// `*`, `?` and the `Option` adapters.
    fn is_resource(&self, e: &Expr) -> bool {
        match strip(e) {
            Expr::Path(p) => p
                .path
                .get_ident()
                .is_some_and(|i| self.aliases.iter().any(|a| i == a)),
            Expr::Reference(r) => self.is_resource(&r.expr),
            Expr::Unary(u) => matches!(u.op, syn::UnOp::Deref(_)) && self.is_resource(&u.expr),
            Expr::Try(t) => self.is_resource(&t.expr),
            Expr::MethodCall(m) if ADAPTERS.iter().any(|a| m.method == a) => {
                self.is_resource(&m.receiver)
            }
            e => is_self_field(e, self.field),
        }
    }

    /// Binds the names `p` introduces to the resource.
    fn bind(&mut self, p: &Pat) {
        struct Names<'a>(&'a mut Vec<String>);
        impl<'ast> Visit<'ast> for Names<'_> {
            fn visit_pat_ident(&mut self, p: &'ast syn::PatIdent) {
                self.0.push(p.ident.to_string());
                visit::visit_pat_ident(self, p);
            }
        }
        Names(&mut self.aliases).visit_pat(p);
    }

    fn is(&self, method: &syn::Ident, names: &[String]) -> bool {
        names.iter().any(|n| method == n)
    }
}

impl<'ast> Visit<'ast> for Uses<'_> {
    fn visit_item(&mut self, _: &'ast Item) {}

    fn visit_expr_method_call(&mut self, e: &'ast syn::ExprMethodCall) {
        if !self.is_resource(&e.receiver) {
            return visit::visit_expr_method_call(self, e);
        }
        let model = self.model;
        if self.is(&e.method, &model.close) || self.is(&e.method, &model.liveness) {
            self.waited = true;
        } else if self.is(&e.method, &model.stops) {
            self.stopped.push(e.span());
        } else if WITH_CLOSURE.iter().any(|m| e.method == m) {
            for a in &e.args {
                if let Expr::Closure(c) = strip(a) {
                    for p in &c.inputs {
                        self.bind(p);
                    }
                }
            }
        } else if !(self.is(&e.method, &model.keeps)
            || ASKS.iter().any(|m| e.method == m)
            || ADAPTERS.iter().any(|m| e.method == m))
        {
            self.escapes = true;
        }
        for a in &e.args {
            self.visit_expr(a);
        }
    }

    fn visit_expr_field(&mut self, e: &'ast syn::ExprField) {
        // A field of the resource (`self.kid.stdin.take()`: its pipe) is not the resource.
        if self.is_resource(&e.base) {
            return;
        }
        if matches!(&e.member, Member::Named(n) if n == self.field) && is_self(&e.base) {
            // The field itself, used other than by the methods above: moved, returned, lent.
            self.escapes = true;
            return;
        }
        visit::visit_expr_field(self, e);
    }

    fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
        if self.is_resource(&Expr::Path(p.clone())) {
            self.escapes = true;
        }
    }

    fn visit_expr_assign(&mut self, e: &'ast syn::ExprAssign) {
        // Storing into the field (`self.child = Some(spawn()?)`, `self.child = None`) is no use.
        if !is_self_field(&e.left, self.field) {
            self.visit_expr(&e.left);
        }
        self.visit_expr(&e.right);
    }

    fn visit_expr_let(&mut self, e: &'ast syn::ExprLet) {
        if self.is_resource(&e.expr) {
            self.bind(&e.pat);
        } else {
            self.visit_expr(&e.expr);
        }
    }

    fn visit_local(&mut self, l: &'ast syn::Local) {
        match &l.init {
            // `let c = self.child.take();`, `let Some(c) = self.child.as_mut() else { .. };`
            Some(init) if self.is_resource(&init.expr) => {
                self.bind(&l.pat);
                if let Some((_, other)) = &init.diverge {
                    self.visit_expr(other);
                }
            }
            _ => visit::visit_local(self, l),
        }
    }

    fn visit_expr_match(&mut self, e: &'ast syn::ExprMatch) {
        if self.is_resource(&e.expr) {
            for arm in &e.arms {
                self.bind(&arm.pat);
                self.visit_expr(&arm.body);
            }
        } else {
            visit::visit_expr_match(self, e);
        }
    }

    fn visit_expr_for_loop(&mut self, e: &'ast syn::ExprForLoop) {
        if self.is_resource(&e.expr) {
            self.bind(&e.pat);
            self.visit_block(&e.body);
        } else {
            visit::visit_expr_for_loop(self, e);
        }
    }

    fn visit_expr_call(&mut self, e: &'ast syn::ExprCall) {
        // `drop(self.child.take())`, `let _ = ..`: dropping it is no wait, and no hand-off.
        let drops = matches!(strip(&e.func), Expr::Path(p) if p.path.is_ident("drop"));
        if drops && e.args.len() == 1 && self.is_resource(&e.args[0]) {
            return;
        }
        visit::visit_expr_call(self, e);
    }
}
