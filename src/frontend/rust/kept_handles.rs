//! Threads whose `JoinHandle` a struct of the file keeps in a field, and what its impls do with
//! it: a `Drop` that never joins it (itself or through the methods it calls on `self`), or, for
//! a struct without `Drop`, only methods the user must remember to call (`fn stop(self)`) that
//! signal the thread and join it. A syntactic scan of one file's items; the lowerer says which
//! field types are thread handles and the rule which stored calls are thread spawns.
//!
//! The result is `ModuleFacts::detached_on_drop` (KN304): a field that dropping the struct detaches
//! (a `Drop` not joining it, or no `Drop` and only a stop method joining it).
//! `kept_children.rs` reads the file's stores into a field the same way.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{Expr, ImplItem, ImplItemFn, Item, Member, Pat, Type};

/// A handle field whose struct detaches the thread when dropped.
pub(super) struct Found {
    /// The struct's name as written.
    pub owner: String,
    pub field: String,
    /// The calls stored into the field (spawns, when the rule finds them there).
    pub stored: Vec<Span>,
    /// The `Drop` impl's `fn drop`, or the method joining the thread.
    pub by: Span,
    /// `None`: the `Drop` does not join; `Some(m)`: only `m` joins and there is no `Drop`.
    pub joined_by: Option<String>,
}

/// Methods of a handle (or an `Option`/`Vec` of handles) that only borrow it or store into
/// it: none can join the thread, which takes the handle by value.
const BORROWS: &[&str] = &[
    "is_some",
    "is_none",
    "is_finished",
    "thread",
    "as_ref",
    "iter",
    "len",
    "is_empty",
    "push",
    "as_deref",
];

/// Methods on another field of `self` that tell a thread to stop (`self.stop.store(true, ..)`,
/// `self.tx.send(Stop)`, `self.tx.take()` closing a channel).
const SIGNALS: &[&str] = &[
    "store",
    "send",
    "try_send",
    "take",
    "set",
    "notify_one",
    "notify_all",
    "notify",
    "cancel",
    "stop",
    "close",
    "shutdown",
    "swap",
    "fetch_add",
    "fetch_sub",
    "fetch_or",
    "fetch_and",
    "unpark",
    "signal",
    "trigger",
    "lock",
];

/// Methods that wait for something, a join by hand in a `Drop` (`self.done_rx.recv()`).
const WAITS: &[&str] = &[
    "join",
    "recv",
    "recv_timeout",
    "wait",
    "wait_timeout",
    "wait_while",
    "park",
];

pub(super) fn scan(items: &[Item], is_handle: &dyn Fn(&Type) -> bool) -> Vec<Found> {
    struct_fields(items)
        .filter(|(_, _, ty)| is_handle(ty))
        .filter_map(|(owner, field, _)| judge(items, &owner, &field))
        .collect()
}

/// The named fields of the file's structs: (struct, field, type).
pub(super) fn struct_fields(items: &[Item]) -> impl Iterator<Item = (String, String, &Type)> {
    let structs = items.iter().filter_map(|i| match i {
        Item::Struct(s) => Some(s),
        _ => None,
    });
    structs.flat_map(|s| {
        (s.fields.iter())
            .filter_map(move |f| Some((s.ident.to_string(), f.ident.as_ref()?.to_string(), &f.ty)))
    })
}

/// One method of a struct.
pub(super) struct Method<'a> {
    pub(super) name: String,
    pub(super) f: &'a ImplItemFn,
    /// Of its `Drop` impl.
    pub(super) is_drop: bool,
}

/// The methods the impls of `items` give `owner`.
pub(super) fn methods_of<'a>(items: &'a [Item], owner: &str) -> Vec<Method<'a>> {
    let mut methods: Vec<Method> = Vec::new();
    for item in items {
        let Item::Impl(imp) = item else { continue };
        if !names_type(&imp.self_ty, owner) {
            continue;
        }
        let is_drop = match &imp.trait_ {
            Some((path, _)) => path.segments.last().is_some_and(|s| s.ident == "Drop"),
            None => false,
        };
        for ii in &imp.items {
            if let ImplItem::Fn(f) = ii {
                methods.push(Method {
                    name: f.sig.ident.to_string(),
                    f,
                    is_drop,
                });
            }
        }
    }
    methods
}

fn judge(items: &[Item], owner: &str, field: &str) -> Option<Found> {
    let methods = methods_of(items, owner);
    // What the file does with the field outside the struct's methods, and where it is stored.
    let outside = Outside::scan(items, owner, field);
    if outside.escapes || outside.stored.is_empty() {
        return None;
    }
    let uses: Vec<bool> = methods.iter().map(|m| uses_field(m.f, field)).collect();
    let joining: Vec<bool> = methods.iter().map(|m| joins(m.f)).collect();
    // A method taking the handle out without joining hands it on or drops it on purpose.
    if (0..methods.len()).any(|i| uses[i] && !joining[i]) {
        return None;
    }
    let index = |name: &str| methods.iter().position(|m| m.name == name && !m.is_drop);
    let stored = outside.stored;
    if let Some(d) = methods.iter().position(|m| m.is_drop && m.name == "drop") {
        // Everything the `Drop` runs on `self`; a method the file does not show may join.
        let mut reach = vec![d];
        let mut i = 0;
        while i < reach.len() {
            let m = methods[reach[i]].f;
            if passes_self(m) {
                return None;
            }
            for callee in self_calls(m) {
                let j = index(&callee)?;
                if !reach.contains(&j) {
                    reach.push(j);
                }
            }
            i += 1;
        }
        if reach
            .iter()
            .any(|&j| uses[j] || joins(methods[j].f) || calls_any(methods[j].f, WAITS))
        {
            return None;
        }
        return Some(Found {
            owner: owner.to_string(),
            field: field.to_string(),
            stored,
            by: methods[d].f.sig.ident.span(),
            joined_by: None,
        });
    }
    // No `Drop`: a method that signals the thread and joins it is how the struct must end.
    let joiner = (0..methods.len()).find(|&i| {
        uses[i] && {
            let mut seen = vec![i];
            let mut k = 0;
            let mut signals = false;
            while k < seen.len() && !signals {
                let m = methods[seen[k]].f;
                signals = signals_other(m, field);
                for callee in self_calls(m) {
                    if let Some(j) = index(&callee) {
                        if !seen.contains(&j) {
                            seen.push(j);
                        }
                    }
                }
                k += 1;
            }
            signals
        }
    })?;
    Some(Found {
        owner: owner.to_string(),
        field: field.to_string(),
        stored,
        by: methods[joiner].f.sig.ident.span(),
        joined_by: Some(methods[joiner].name.clone()),
    })
}

/// Whether `ty` is `owner` (with any type arguments) or a path ending in it.
pub(super) fn names_type(ty: &Type, owner: &str) -> bool {
    matches!(ty, Type::Path(p) if p.qself.is_none()
        && p.path.segments.last().is_some_and(|s| s.ident == owner))
}

/// `self.<field>` (through parentheses).
pub(super) fn is_self_field(e: &Expr, field: &str) -> bool {
    let Expr::Field(f) = strip(e) else {
        return false;
    };
    matches!(&f.member, Member::Named(n) if n == field) && is_self(&f.base)
}

pub(super) fn is_self(e: &Expr) -> bool {
    matches!(strip(e), Expr::Path(p) if p.path.is_ident("self"))
}

pub(super) fn strip(e: &Expr) -> &Expr {
    match e {
        Expr::Paren(p) => strip(&p.expr),
        Expr::Group(g) => strip(&g.expr),
        _ => e,
    }
}

/// Whether `f` uses `self.<field>` other than by storing into it or borrowing it: taking it
/// out (`take()`, `mem::replace`), moving it, or lending it mutably to a call.
fn uses_field(f: &ImplItemFn, field: &str) -> bool {
    struct V<'f> {
        field: &'f str,
        found: bool,
    }
    impl<'ast> Visit<'ast> for V<'_> {
        fn visit_expr_assign(&mut self, e: &'ast syn::ExprAssign) {
            if !is_self_field(&e.left, self.field) {
                self.visit_expr(&e.left);
            }
            self.visit_expr(&e.right);
        }
        fn visit_expr_method_call(&mut self, e: &'ast syn::ExprMethodCall) {
            let borrow = BORROWS.iter().any(|b| e.method == b);
            if !(borrow && is_self_field(&e.receiver, self.field)) {
                self.visit_expr(&e.receiver);
            }
            for a in &e.args {
                self.visit_expr(a);
            }
        }
        fn visit_expr_reference(&mut self, e: &'ast syn::ExprReference) {
            if e.mutability.is_some() || !is_self_field(&e.expr, self.field) {
                self.visit_expr(&e.expr);
            }
        }
        fn visit_expr_field(&mut self, e: &'ast syn::ExprField) {
            if matches!(&e.member, Member::Named(n) if n == self.field) && is_self(&e.base) {
                self.found = true;
            }
            visit::visit_expr_field(self, e);
        }
    }
    let mut v = V {
        field,
        found: false,
    };
    v.visit_block(&f.block);
    v.found
}

/// Whether `f` joins something: `h.join()`, `JoinHandle::join(h)`.
fn joins(f: &ImplItemFn) -> bool {
    struct V(bool);
    impl<'ast> Visit<'ast> for V {
        fn visit_expr_method_call(&mut self, e: &'ast syn::ExprMethodCall) {
            self.0 |= e.method == "join" && e.args.is_empty();
            visit::visit_expr_method_call(self, e);
        }
        fn visit_expr_path(&mut self, e: &'ast syn::ExprPath) {
            // `JoinHandle::join(h)`, `.map(JoinHandle::join)`.
            self.0 |= e.path.segments.len() >= 2
                && e.path.segments.last().is_some_and(|s| s.ident == "join");
            visit::visit_expr_path(self, e);
        }
    }
    let mut v = V(false);
    v.visit_block(&f.block);
    v.0
}

/// Whether `f` calls a method (or a function, by its last segment) named in `names`.
fn calls_any(f: &ImplItemFn, names: &[&str]) -> bool {
    struct V<'n> {
        names: &'n [&'n str],
        found: bool,
    }
    impl<'ast> Visit<'ast> for V<'_> {
        fn visit_expr_method_call(&mut self, e: &'ast syn::ExprMethodCall) {
            self.found |= self.names.iter().any(|n| e.method == n);
            visit::visit_expr_method_call(self, e);
        }
        fn visit_expr_call(&mut self, e: &'ast syn::ExprCall) {
            if let Expr::Path(p) = strip(&e.func) {
                let last = p.path.segments.last();
                self.found |= last.is_some_and(|s| self.names.iter().any(|n| s.ident == n));
            }
            visit::visit_expr_call(self, e);
        }
    }
    let mut v = V {
        names,
        found: false,
    };
    v.visit_block(&f.block);
    v.found
}

/// The methods `f` calls on `self` (`self.m(..)`, `Self::m(self, ..)`).
pub(super) fn self_calls(f: &ImplItemFn) -> Vec<String> {
    struct V(Vec<String>);
    impl<'ast> Visit<'ast> for V {
        fn visit_expr_method_call(&mut self, e: &'ast syn::ExprMethodCall) {
            if is_self(&e.receiver) {
                self.0.push(e.method.to_string());
            }
            visit::visit_expr_method_call(self, e);
        }
        fn visit_expr_call(&mut self, e: &'ast syn::ExprCall) {
            if let (Expr::Path(p), Some(first)) = (strip(&e.func), e.args.first()) {
                let by_self = is_self(first)
                    || matches!(strip(first), Expr::Reference(r) if is_self(&r.expr));
                if by_self && p.path.segments.len() >= 2 {
                    if let Some(last) = p.path.segments.last() {
                        self.0.push(last.ident.to_string());
                    }
                }
            }
            visit::visit_expr_call(self, e);
        }
    }
    let mut v = V(Vec::new());
    v.visit_block(&f.block);
    v.0
}

/// Whether `f` hands `self` itself to a function (`helper(self)`) or to a method of something
/// else (`registry.remove(self)`), which may join the thread.
fn passes_self(f: &ImplItemFn) -> bool {
    struct V(bool);
    impl<'ast> Visit<'ast> for V {
        fn visit_expr_call(&mut self, e: &'ast syn::ExprCall) {
            let qualified = matches!(strip(&e.func), Expr::Path(p) if p.path.segments.len() >= 2);
            if !qualified {
                self.0 |= e.args.iter().any(self_arg);
            }
            visit::visit_expr_call(self, e);
        }
        fn visit_expr_method_call(&mut self, e: &'ast syn::ExprMethodCall) {
            self.0 |= e.args.iter().any(self_arg);
            visit::visit_expr_method_call(self, e);
        }
    }
    fn self_arg(a: &Expr) -> bool {
        match strip(a) {
            Expr::Reference(r) => is_self(&r.expr),
            e => is_self(e),
        }
    }
    let mut v = V(false);
    v.visit_block(&f.block);
    v.0
}

/// Whether `f` tells something of `self` other than `field` (`self.stop.store(true, ..)`,
/// `self.tx.take()`, `drop(self.tx.take())`, `*self.flag.lock().unwrap() = true`,
/// `self.running = false`).
fn signals_other(f: &ImplItemFn, field: &str) -> bool {
    struct V<'f> {
        field: &'f str,
        found: bool,
    }
    fn other_field<'e>(e: &'e Expr, field: &str) -> Option<&'e Expr> {
        // The receiver chain down to `self.x`.
        let mut e = strip(e);
        loop {
            match e {
                Expr::Field(f) if is_self(&f.base) => {
                    return (!matches!(&f.member, Member::Named(n) if n == field)).then_some(e);
                }
                Expr::Field(f) => e = strip(&f.base),
                Expr::MethodCall(m) => e = strip(&m.receiver),
                Expr::Unary(u) => e = strip(&u.expr),
                Expr::Try(t) => e = strip(&t.expr),
                _ => return None,
            }
        }
    }
    impl<'ast> Visit<'ast> for V<'_> {
        fn visit_expr_method_call(&mut self, e: &'ast syn::ExprMethodCall) {
            if SIGNALS.iter().any(|s| e.method == s)
                && other_field(&e.receiver, self.field).is_some()
            {
                self.found = true;
            }
            visit::visit_expr_method_call(self, e);
        }
        fn visit_expr_assign(&mut self, e: &'ast syn::ExprAssign) {
            self.found |= other_field(&e.left, self.field).is_some();
            visit::visit_expr_assign(self, e);
        }
        fn visit_expr_call(&mut self, e: &'ast syn::ExprCall) {
            let drops = matches!(strip(&e.func), Expr::Path(p) if p.path.is_ident("drop"));
            if drops && e.args.iter().any(|a| other_field(a, self.field).is_some()) {
                self.found = true;
            }
            visit::visit_expr_call(self, e);
        }
    }
    let mut v = V {
        field,
        found: false,
    };
    v.visit_block(&f.block);
    v.found
}

/// The file outside the struct's handling of the field: where a handle is stored into it
/// (`Self { field: Some(handle) }`, `self.field = Some(spawn(..))`), and whether it escapes
/// (read through something but `self`, taken apart by a pattern).
pub(super) struct Outside<'a> {
    owner: &'a str,
    field: &'a str,
    in_method: bool,
    /// In a method of another type, whose `self.<field>` is that type's own.
    in_other_method: bool,
    pub(super) escapes: bool,
    /// The stored calls.
    pub(super) stored: Vec<Span>,
    /// `let name = value` of the function being walked.
    lets: Vec<(String, &'a Expr)>,
    /// Methods of the field's value that only ask about it (a `Child`'s `id`): code outside
    /// the struct's methods calling one (`p.child.as_ref().unwrap().id()`) neither takes the
    /// value out nor waits for it.
    asks: &'a [String],
}

impl<'a> Outside<'a> {
    /// What the items of a file do with `owner`'s `field`.
    pub(super) fn scan(items: &'a [Item], owner: &'a str, field: &'a str) -> Self {
        Self::scan_asking(items, owner, field, &[])
    }

    /// [`Outside::scan`], where calls of `asks` on the field's value (through `as_ref()`,
    /// `as_mut()` and then `unwrap()`/`expect(..)`), and then `is_some()`/`is_none()` on the
    /// field, are no escape.
    pub(super) fn scan_asking(
        items: &'a [Item],
        owner: &'a str,
        field: &'a str,
        asks: &'a [String],
    ) -> Self {
        let mut outside = Outside {
            owner,
            field,
            in_method: false,
            in_other_method: false,
            escapes: false,
            stored: Vec::new(),
            lets: Vec::new(),
            asks,
        };
        for item in items {
            outside.item(item);
        }
        outside
    }

    fn item(&mut self, item: &'a Item) {
        match item {
            Item::Fn(f) => {
                self.in_other_method = false;
                self.body(&f.block, false)
            }
            Item::Impl(imp) => {
                let own = names_type(&imp.self_ty, self.owner);
                self.in_other_method = !own;
                for ii in &imp.items {
                    if let ImplItem::Fn(f) = ii {
                        self.body(&f.block, own);
                    }
                }
            }
            _ => {}
        }
    }

    fn body(&mut self, block: &'a syn::Block, own: bool) {
        let mut lets = Lets(Vec::new());
        lets.visit_block(block);
        self.lets = lets.0;
        self.in_method = own;
        self.visit_block(block);
    }

    /// The call a stored value comes from: through `Some(..)`, `.unwrap()`, `.expect(..)`, `?`
    /// and a local bound to it.
    fn stored_call(&self, e: &'a Expr, depth: u8) -> Option<Span> {
        match strip(e) {
            Expr::Call(c) => {
                let wraps = matches!(&*c.func, Expr::Path(p) if p.path.is_ident("Some") || p.path.is_ident("Ok"));
                match (wraps, c.args.first()) {
                    (true, Some(a)) if c.args.len() == 1 => self.stored_call(a, depth),
                    (true, _) => None,
                    (false, _) => Some(c.span()),
                }
            }
            Expr::MethodCall(m)
                if (m.method == "unwrap" || m.method == "expect") && m.args.len() <= 1 =>
            {
                self.stored_call(&m.receiver, depth)
            }
            Expr::MethodCall(m) => Some(m.span()),
            Expr::Try(t) => self.stored_call(&t.expr, depth),
            Expr::Path(p) if depth < 2 => {
                let name = p.path.get_ident()?.to_string();
                let (_, value) = self.lets.iter().rev().find(|(n, _)| *n == name)?;
                self.stored_call(value, depth + 1)
            }
            _ => None,
        }
    }
}

impl<'a> Outside<'a> {
    /// The access of the field `e` reads the value of, by `x.<field>` itself (`option` asks
    /// about the `Option`: `is_some()`), or through `as_ref()`/`as_mut()` (or `borrow()`,
    /// `borrow_mut()`), optionally then `unwrap()`/`expect(..)`.
    fn asked_field(&self, e: &'a Expr, option: bool) -> Option<&'a syn::ExprField> {
        let named = |e: &'a Expr| match strip(e) {
            Expr::Field(f) if matches!(&f.member, Member::Named(n) if n == self.field) => Some(f),
            _ => None,
        };
        if option {
            return named(e);
        }
        let mut inner = strip(e);
        if let Expr::MethodCall(m) = inner {
            if (m.method == "unwrap" || m.method == "expect") && m.args.len() <= 1 {
                inner = strip(&m.receiver);
            }
        }
        match inner {
            Expr::MethodCall(m)
                if m.args.is_empty()
                    && ["as_ref", "as_mut", "borrow", "borrow_mut"]
                        .iter()
                        .any(|a| m.method == a) =>
            {
                named(&m.receiver)
            }
            e => named(e),
        }
    }
}

/// The `let name = value;` of a function body, nested functions left out.
struct Lets<'a>(Vec<(String, &'a Expr)>);

impl<'a> Visit<'a> for Lets<'a> {
    fn visit_local(&mut self, l: &'a syn::Local) {
        if let (Pat::Ident(pi), Some(init)) = (&l.pat, &l.init) {
            self.0.push((pi.ident.to_string(), &init.expr));
        }
        visit::visit_local(self, l);
    }
    fn visit_item(&mut self, _: &'a Item) {}
}

impl<'a> Visit<'a> for Outside<'a> {
    fn visit_item(&mut self, _: &'a Item) {}

    fn visit_expr_struct(&mut self, e: &'a syn::ExprStruct) {
        let ours = e
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == self.owner || (s.ident == "Self" && self.in_method));
        if ours {
            for fv in &e.fields {
                if matches!(&fv.member, Member::Named(n) if n == self.field) {
                    let none = matches!(strip(&fv.expr), Expr::Path(p) if p.path.is_ident("None"));
                    match self.stored_call(&fv.expr, 0) {
                        Some(s) => self.stored.push(s),
                        None if none => {}
                        // A handle from elsewhere (a parameter): its spawn is not here.
                        None => self.escapes = true,
                    }
                }
            }
        }
        visit::visit_expr_struct(self, e);
    }

    fn visit_expr_assign(&mut self, e: &'a syn::ExprAssign) {
        if self.in_method && is_self_field(&e.left, self.field) {
            if let Some(s) = self.stored_call(&e.right, 0) {
                self.stored.push(s);
            }
            self.visit_expr(&e.right);
            return;
        }
        visit::visit_expr_assign(self, e);
    }

    fn visit_expr_method_call(&mut self, e: &'a syn::ExprMethodCall) {
        let asked = self.asks.iter().any(|a| e.method == a)
            || (!self.asks.is_empty() && (e.method == "is_some" || e.method == "is_none"));
        let field = if asked {
            self.asked_field(&e.receiver, e.method == "is_some" || e.method == "is_none")
        } else {
            None
        };
        match field {
            // `p.child.as_ref().unwrap().id()`: only the object it is read through is used.
            Some(f) => {
                self.visit_expr(&f.base);
                for a in &e.args {
                    self.visit_expr(a);
                }
            }
            None => visit::visit_expr_method_call(self, e),
        }
    }

    fn visit_expr_field(&mut self, e: &'a syn::ExprField) {
        if matches!(&e.member, Member::Named(n) if n == self.field)
            && !((self.in_method || self.in_other_method) && is_self(&e.base))
        {
            self.escapes = true;
        }
        visit::visit_expr_field(self, e);
    }

    fn visit_pat_struct(&mut self, p: &'a syn::PatStruct) {
        let named = p
            .fields
            .iter()
            .any(|f| matches!(&f.member, Member::Named(n) if n == self.field));
        if named {
            self.escapes = true;
        }
        visit::visit_pat_struct(self, p);
    }
}
