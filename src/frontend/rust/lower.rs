//! syn -> IR. Walks items and function bodies once, resolving names through `names`, guard
//! lifetimes through `guards`, and library meaning through the API models.
//!
//! What it emits (the contract with the analyses, beyond `ir`'s own docs):
//! - a `Method` call's `args` start with the receiver's place, so `args[i]` lines up with
//!   `Place::Param { index: i }` (`self` is parameter 0);
//! - atomics: `load` -> `Access Read atomic`, `store` -> `Access Write atomic`, `fetch_*` /
//!   `swap` / `compare_exchange*` -> `Access ReadModifyWrite atomic`, in evaluation order, so a
//!   load followed by a dependent store of the same place shows as a `Read` then a `Write` in
//!   one function (KN106 derives "check then act" from that order);
//! - lock-protected data: `*g += 1`, `g.x = ..`, `g.push(..)` on a guard -> `Access` of the
//!   lock's place (not atomic), inside the guard's `Hold`;
//! - `static mut` reads/writes -> `Access` on `Place::Global`;
//! - a call of an accessor (`fn cache(&self) -> &RwLock<T> { &self.inner.cache }`, or an
//!   `Arc` field's clone) is the field it returns (`Cx::accessors`, from the file's `impl`s);
//! - a lazily initialised static (`lazy_static!`'s `static ref`, `LazyLock<Mutex<T>>`,
//!   `once_cell::sync::Lazy<..>`, `OnceLock<Mutex<T>>` through `get()`/`get_or_init(..)`) is
//!   declared as the lock inside, like an `Arc` (`lazy_cell`);
//! - closures and `async` blocks passed to a spawn API become their own functions
//!   `<enclosing>::{closure#N}`; other closures and async blocks are lowered inline, where they
//!   are written.
//!
//! What else the lowerer resolves from what one file shows:
//!
//! - A closure or an `async` block not handed to a spawn is lowered in place, where a `return`
//!   ends only it (no `Stmt::Return`), inside a `Stmt::Loop` when an iterator method runs it per
//!   element (`(0..n).map(|i| ..)`, `runs_per_element`; not `Option::map`).
//! - A function is pre-scanned for locals it moves into struct fields (`moved_into_fields`), so a
//!   lock made in one is the field's lock from its `let` on.
//! - An impl's methods are pre-scanned for accessors of a field (`&self.inner`) and for methods
//!   returning the guard of a field's lock (`self.inner.read().unwrap()`, or `self.lock()` in an
//!   extension method of a lock type), whose calls are that field or that acquire; and free
//!   functions without parameters returning a static (`fn cache() -> &'static Mutex<..>`,
//!   `Cx::static_accessors`), whose calls are that static. Guard helpers without a receiver are
//!   `guard_helpers.rs`.
//! - The variables of a `for` loop over a collection whose written type it knows (a field,
//!   `Cx::field_written`; a parameter or typed `let`; the data behind a lock field's guard; a
//!   variable such a loop bound, `Var::written`) are typed by its element, so their method calls
//!   resolve (`loop_items_written`).
//! - A live guard is typed as the data its lock protects (`Cx::guarded_types`), so a field read
//!   through it has the field's type (`inbox.arrived.listen()` on `let inbox = m.lock()`); a
//!   block expression has its value's type, found while its locals are in scope
//!   (`FnState::block_values`); a method call, the type a `[[factory]]` model names.
//! - A format macro's `{:?}`/`{}` of a value whose type has its own `impl Debug` or
//!   `impl Display` in the file is a call of that `fmt` (`format_calls`, `Cx::fmt_impls`).
//! - The file's `type` aliases are expanded (`Cx::type_aliases`), and a thread or runtime
//!   builder's type is kept through its setters (`BUILDER_TYPES`).
//! - Of two statements of one block under opposite `#[cfg(X)]`/`#[cfg(not(X))]` conditions only
//!   the first is lowered (`cfg_alternatives`: one build compiles one of them).
//! - Assertion macros are recorded (`ModuleFacts::assertions`: a load inside one is no load a
//!   store is made from, KN106).
//! - `let name = call(..)` locals the rest of their block never names, macro arguments included,
//!   are recorded (`ModuleFacts::unread_locals`: a thread's handle there is never joined, KN304),
//!   and `read(buf)` calls whose byte count a statement drops (`ModuleFacts::count_dropped_reads`:
//!   a thread looping for ever on one spins once the stream ends, so KN304 does not take it for a
//!   service thread).
//! - For KN102's values carried from one critical section to a later one
//!   (`rules/races/stale_across_sections.rs`) it records each `let` of one name made by a call, an
//!   acquire or guarded data (or from such a `let`) with where the rest of its block names it
//!   (`ModuleFacts::let_uses`), whether such a `let` takes a length or a position
//!   (`LetUses::quantity`), the stretch of code each guard covers by its acquire's span
//!   (`ModuleFacts::hold_regions`), the functions whose value is a clone
//!   (`ModuleFacts::cloned_returns`), the panicking index uses of a body (`v[i]`, `.remove(i)`,
//!   `.get(i).unwrap()`: `ModuleFacts::index_uses`) and the receivers of calls shrinking a
//!   container or of an assignment replacing it (`ModuleFacts::shrinks`).
//! - For KN102's check and write in two sections (`rules/races/check_then_act.rs`) it records the
//!   `return Err(..)` refusals (`ModuleFacts::error_returns`, also anyhow's `bail!` and a failed
//!   `ensure!`, which it lowers as a `Stmt::Return`: `error_exit`) and the functions whose value
//!   is a new `Arc` they make (`ModuleFacts::fresh_shared_returns`).
//! - A lock model's `read_calls`/`write_calls` (a concurrent map's `contains_key`, `insert`) are
//!   lowered as a `Hold` of their own around an access of the lock's place (`locked_call`), and a
//!   guard-returning acquire of such a model (`get`) reads the place under its guard: every lock
//!   analysis reads a concurrent map as a reader-writer lock whose data is itself.
//! - A macro whose body is not a list of expressions (`select!`) gets a conditional
//!   `Stmt::Return`/`Stmt::Break` for each kind of `return`/`?`/`break` among its tokens
//!   (`macro_exits`): a loop around it is not endless.
//! - An acquire wrapped in `tokio::time::timeout` is non-blocking (the timeout returns an error).
//! - The methods taking `&'static self` are recorded (`ModuleFacts::static_receivers`): any thread
//!   reaches their object.
//! - A `let` binding a new value over a name still in scope names a local of its own (`name'1`,
//!   `name'2`): shadowing keeps the old value alive, and the two are different locks or handles.
//!   A `let` of a clone or reference keeps naming what it aliases.
//! - A Rust closure written as an argument of a free function or of a method of the crate's own
//!   type, also boxed (`Box::new(|..| ..)`), is named as a place, `Place::Global` of its function,
//!   and a call of a parameter is `Callee::Dynamic`; for a method it also writes a call of the
//!   closure where it is written, which stands for the closure lowered in place.
//! - A function storing a parameter into a field or the data behind a lock is recorded
//!   (`ModuleFacts::stored_params`), and a call of a local read from that data
//!   (`ModuleFacts::stored_calls`), named by the lock and the member of the guarded value, or from
//!   a local read from it before (`let all = guard.values(); for cb in all`): the call graph's
//!   `add_stored_callback_calls`.
//! - After the operand of each `?` that leaves the function (not in a closure, an `async` or `try`
//!   block lowered in place, nor in `fn main`) it emits a `Stmt::ErrorReturn`, which only
//!   `drop_leaks` reads.

use crate::ir::Atomicity;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, Item, Pat, Type};

use super::children;
use super::guards;
use super::names::Names;
use super::parse::SpanConv;
use crate::ir::{
    AccessKind, Callee, Class, Event, ExecCtx, Function, LockMode, LockUse, Module, Name, Place,
    PlaceDecl, Stmt, ThinVec,
};
use crate::models::Models;
use crate::source::Span;

/// Method names too generic to be worth a `Dynamic` call event.
const NOISE_METHODS: &[&str] = &[
    "unwrap",
    "expect",
    "clone",
    "into",
    "iter",
    "iter_mut",
    "into_iter",
    "map",
    "collect",
    "ok",
    "err",
    "as_ref",
    "as_mut",
    "to_string",
    "to_owned",
    "len",
    "is_empty",
    "get",
    "unwrap_or",
    "unwrap_or_default",
    "unwrap_or_else",
    "and_then",
    "filter",
    "as_str",
    "map_err",
    "is_some",
    "is_none",
    "is_ok",
    "is_err",
    "borrow",
    "borrow_mut",
    "deref",
    "cloned",
    "copied",
    "enumerate",
    "zip",
    "rev",
    "chain",
    "next",
    "contains",
    "starts_with",
    "ends_with",
    "fmt",
    "eq",
    "cmp",
    "partial_cmp",
    "hash",
    "as_slice",
    "to_vec",
    "format",
    "push",
    "insert",
    "remove",
    "keys",
    "values",
    "first",
    "last",
    "sum",
    "count",
    "min",
    "max",
    "join",
    "split",
    "trim",
    "parse",
    "any",
    "all",
    "find",
    "position",
    "take",
    "skip",
    "extend",
    "pop",
    "with_capacity",
    "new",
    "default",
    "from",
    "try_into",
    "try_from",
];

/// Whether `ty` is (a reference to) one of the type parameters `generics` declares.
fn is_type_param(ty: &Type, generics: &syn::Generics) -> bool {
    match ty {
        Type::Reference(r) => is_type_param(&r.elem, generics),
        Type::Path(p) if p.qself.is_none() => p.path.get_ident().is_some_and(|id| {
            generics
                .params
                .iter()
                .any(|g| matches!(g, syn::GenericParam::Type(t) if t.ident == *id))
        }),
        _ => false,
    }
}

/// Lowers a parsed file into `module`.
pub(crate) fn lower_file(
    file: &syn::File,
    sc: SpanConv,
    models: &Models,
    module: &mut Module,
    own_root: bool,
) {
    let mut cx = Cx {
        models,
        windows_only: 0,
        sc,
        names: Names::new(&module.name),
        out: module,
        structs: HashMap::default(),
        field_written: HashMap::default(),
        fmt_impls: HashSet::default(),
        handle_fields: HashSet::default(),
        guarded_types: HashMap::default(),
        statics: HashMap::default(),
        classes: HashSet::default(),
        extern_crates: Vec::new(),
        closure_counts: HashMap::default(),
        accessors: HashMap::default(),
        accessor_names: HashSet::default(),
        guard_accessors: HashMap::default(),
        static_accessors: HashMap::default(),
        guard_helpers: HashMap::default(),
        fn_returns: HashMap::default(),
        fn_names: HashSet::default(),
        trait_impls: HashMap::default(),
        impl_generics: None,
        type_aliases: HashMap::default(),
        alias_depth: std::cell::Cell::new(0),
        macros: Default::default(),
    };
    cx.macros = super::macros::simple_macros(&file.items);
    let items = cx.with_expansions(&file.items);
    if own_root {
        cx.names.set_own_root();
    }
    cx.collect_items(&items);
    cx.collect_static_accessors(&items);
    cx.lower_items(&items);
    // Traits implemented here for types declared in other files: a class record of their own,
    // which the call graph merges with the type's (`CallGraph::subclasses`).
    let mut rest: Vec<(String, (Span, Vec<String>))> = cx.trait_impls.drain().collect();
    rest.sort_by(|a, b| a.0.cmp(&b.0));
    for (class, (span, bases)) in rest {
        cx.out.classes.push(Class {
            name: class,
            span,
            bases,
            metaclass: None,
            interface: false,
        });
    }
    // Another file may keep a handle in a field only this one reads: every file records them.
    cx.out.facts.fields_read = fields_read(file);
    let found = super::kept_handles::scan(&items, &|ty| cx.is_thread_handle(ty));
    for f in found {
        let kept = crate::ir::DetachedOnDrop {
            owner: Name::new(&format!("{}::{}", cx.names.prefix(), f.owner)),
            field: Name::new(&f.field),
            stored: f.stored.into_iter().map(|s| cx.sc.span(s)).collect(),
            by: cx.sc.span(f.by),
            joined_by: f.joined_by.map(|m| Name::new(&m)),
        };
        cx.out.facts.detached_on_drop.push(kept);
    }
    let found = super::kept_children::scan(&items, &|ty| cx.kept_resource(ty));
    for f in found {
        let kept = crate::ir::KeptNeverClosed {
            owner: Name::new(&format!("{}::{}", cx.names.prefix(), f.owner)),
            field: Name::new(&f.field),
            api: Name::new(&f.api),
            stored: f.stored.into_iter().map(|s| cx.sc.span(s)).collect(),
            stopped: f.stopped.into_iter().map(|s| cx.sc.span(s)).collect(),
            by_drop: f.by_drop,
        };
        cx.out.facts.kept_never_closed.push(kept);
    }
}

/// The names of the fields `file` reads: `x.name` anywhere but as the target of an assignment
/// (`self.name = ..` only writes), and the fields patterns take apart (`let Self { name, .. }`).
fn fields_read(file: &syn::File) -> Vec<Name> {
    struct Reads(HashSet<String>);
    impl<'ast> syn::visit::Visit<'ast> for Reads {
        fn visit_expr_field(&mut self, e: &'ast syn::ExprField) {
            if let syn::Member::Named(n) = &e.member {
                self.0.insert(n.to_string());
            }
            syn::visit::visit_expr_field(self, e);
        }
        fn visit_expr_assign(&mut self, e: &'ast syn::ExprAssign) {
            // The target `self.name` is written, not read; what it is a field of is read.
            match &*e.left {
                Expr::Field(f) => self.visit_expr(&f.base),
                left => self.visit_expr(left),
            }
            self.visit_expr(&e.right);
        }
        fn visit_field_pat(&mut self, p: &'ast syn::FieldPat) {
            if let syn::Member::Named(n) = &p.member {
                self.0.insert(n.to_string());
            }
            syn::visit::visit_field_pat(self, p);
        }
    }
    let mut reads = Reads(HashSet::default());
    syn::visit::Visit::visit_file(&mut reads, file);
    let mut out: Vec<Name> = reads.0.iter().map(|n| Name::new(n)).collect();
    out.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    out
}

#[derive(Clone, Debug, Default)]
struct Var {
    place: Option<Place>,
    ty: Option<String>,
    /// The lock this variable is a live guard of.
    guard_of: Option<Place>,
    /// The function a closure bound to this variable was lowered as.
    closure: Option<String>,
    /// The written type of the collection or element a loop over a typed collection binds
    /// this variable to (`for (_, win) in windows.iter()`: `Vec<Arc<Tab>>`), so a loop over it
    /// types its items in turn.
    written: Option<Box<Type>>,
}

/// Per-function lowering state.
#[derive(Default)]
struct FnState {
    name: String,
    scopes: Vec<HashMap<String, Var>>,
    /// Locals bound from data of the program (`if let Some(cb) = cbs.callbacks.get(&id)`),
    /// with the place of that data: a call of one calls what was stored there.
    read_from_data: HashMap<String, Place>,
    /// Temporaries acquired in the current temporary scope: (position in the output, lock).
    pending: Vec<(usize, LockUse)>,
    /// The tail statement of a block expression being lowered before edition 2024, with the
    /// output it is lowered into: its temporaries belong to the statement around the block.
    floating_tail: Option<(*const syn::Stmt, *const Vec<Stmt>)>,
    /// The types of block expressions' values, found while their locals were in scope
    /// (`lower_block_expr`), by the value expression.
    block_values: HashMap<*const Expr, String>,
    /// The acquire at the core of the `let` being lowered, whose guard is named.
    guard_core: Option<*const Expr>,
    named: Option<LockUse>,
    /// An acquire that is the base of `.await`.
    await_core: Option<*const syn::ExprMethodCall>,
    /// The expression of the statement being lowered when the statement discards its value
    /// (`n.fetch_sub(1, ..);`, `let _ = ..`): an atomic update there is blind.
    discarded: Option<*const Expr>,
    /// Statements compiled only where an earlier statement of their block is not
    /// (`#[cfg(feature = "x")] let g = ..` after `#[cfg(not(feature = "x"))] let g = ..`): the
    /// other spelling of a statement already lowered, left out (`cfg_alternatives`).
    cfg_alternatives: HashSet<*const syn::Stmt>,
    /// The acquire under `await_core` emitted the `Await` itself (before its `Hold`).
    await_emitted: bool,
    /// The variable a `let` being lowered binds: a spawn anywhere in its initializer (`let hs:
    /// Vec<_> = (0..n).map(|_| spawn(..)).collect();`) keeps its handle there.
    let_target: Option<Place>,
    /// The scope variables of enclosing `thread::scope(|s| ..)` closures.
    scope_stack: Vec<Place>,
    /// Places that hold spawn handles (awaiting one joins it).
    handles: Vec<Place>,
    /// Where the spawn at this expression keeps its handle (`let h = spawn(..)`, `v.push(..)`).
    handle_hint: Option<(*const Expr, Place)>,
    /// Inside the arguments of a timeout call (`tokio::time::timeout(d, fut)`): an async lock
    /// awaited there gives up after the timeout.
    timed: u32,
    /// Locals the function moves into a field of a struct it builds (`Inner { paused, .. }`):
    /// a lock made in such a local is that field's lock from its `let` on, clones included.
    moved_into: HashMap<String, Place>,
    /// What becomes of each resource-opening method call's value (`cmd.spawn()`).
    child_fates: HashMap<*const syn::ExprMethodCall, children::Fate>,
    /// Closures and `async` blocks lowered in place around the expression being lowered: a
    /// `return` there ends the closure or the block.
    inline_closures: u32,
    /// `try` blocks around the expression being lowered: a `?` there ends the block.
    try_blocks: u32,
    /// `fn main`: an error its `?` returns ends the program, whose children are no zombies of
    /// a running one.
    is_main: bool,
    /// Opens of a value bound by an arm's pattern (`Ok(child) =>`), emitted where the arm
    /// starts: the other arms never hold it.
    arm_opens: Vec<(*const Pat, Event)>,
    /// Per name, how many `let`s so far bound a new value over one still in scope.
    shadowed: HashMap<String, u32>,
    /// Names of the `let`s recorded in `ModuleFacts::let_uses` so far: a `let` made from one
    /// of them is recorded too (`let range = (start, start + len);`).
    tracked_lets: HashSet<String>,
}

struct Cx<'a> {
    models: &'a Models,
    /// Inside items compiled only for Windows (`#[cfg(windows)]`), where a process dropped
    /// unwaited leaves no zombie: no resource of `children` is tracked there.
    windows_only: u32,
    sc: SpanConv,
    names: Names,
    out: &'a mut Module,
    /// Struct -> field -> field type (qualified, `Arc`/`Box`/`Rc` unwrapped).
    structs: HashMap<String, HashMap<String, String>>,
    /// (struct, field) of fields declared `Option<JoinHandle<..>>` (`Models::is_join_handle`).
    handle_fields: HashSet<(String, String)>,
    /// Types of this file with an `impl Debug` or an `impl Display` of their own: (type, "Debug"
    /// or "Display"). A format macro's `{:?}` or `{}` of such a value calls its `fmt`.
    fmt_impls: HashSet<(String, &'static str)>,
    /// (struct, field) -> the field's type as written, for the items of a loop over it.
    field_written: HashMap<(String, String), Type>,
    /// (struct, field) -> the type of the data a lock field protects (`Inner` in
    /// `Mutex<Inner>`), so methods called through its guard resolve.
    guarded_types: HashMap<(String, String), String>,
    /// Static -> (type, is `static mut`).
    statics: HashMap<String, (Option<String>, bool)>,
    classes: HashSet<String>,
    /// `extern crate test;` in a module: `crate::test` (with that module's prefix) names
    /// another crate, not the program's own code.
    extern_crates: Vec<String>,
    closure_counts: HashMap<String, usize>,
    /// (type, method) -> the field path a `&self` method with no other parameter returns
    /// (`&self.inner.cache`, `self.shared.clone()` for an `Arc`): a call of it is that field.
    accessors: HashMap<(String, String), Vec<String>>,
    /// The method names of `accessors`, to look up the receiver's type only for those.
    accessor_names: HashSet<String>,
    /// (type, method) -> the field path and lock method of a `&self` method with no other
    /// parameter that returns a guard (`fn read(&self) -> RwLockReadGuard<'_, T> {
    /// self.inner.read().unwrap() }`): a call of it takes that lock.
    guard_accessors: HashMap<(String, String), (Vec<String>, String)>,
    /// A free function of this file without parameters (qualified name) -> the static it
    /// returns (`fn cache() -> &'static RwLock<..> { &C }`, or a `OnceLock` declared in its
    /// body and initialised there): a call of it is that static.
    static_accessors: HashMap<String, String>,
    /// A function of this file without a receiver (qualified name, `Type::f` for an associated
    /// one) returning the guard of what it locks (`fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_,
    /// T>`): a call of it is lowered as its body written in place (`guard_helpers`).
    guard_helpers: HashMap<String, super::guard_helpers::GuardHelper>,
    /// A function or method of this file (qualified name) -> the class of the program it
    /// returns (`fn get() -> Arc<Mux>`, `&'static Platform`), so its result has that type.
    fn_returns: HashMap<String, String>,
    /// Every function and method of this file (qualified name, `Class::method` for methods).
    fn_names: HashSet<String>,
    /// Type -> the traits `impl Trait for Type` blocks of this file implement for it: the
    /// type's class lists them as bases.
    trait_impls: HashMap<String, (Span, Vec<String>)>,
    /// The generics of the `impl` block whose methods are being lowered (`impl<L: Listener>`).
    impl_generics: Option<syn::Generics>,
    /// `type Shared = Arc<RwLock<State>>;` of this file (qualified name -> aliased type), for
    /// aliases without type parameters: a place of the alias type is of the aliased one.
    type_aliases: HashMap<String, Type>,
    /// How many aliases the type being resolved went through (an alias cycle is an error the
    /// compiler reports; knot stops following it).
    alias_depth: std::cell::Cell<u8>,
    /// The file's simple `macro_rules!`, expanded where invoked as items.
    macros: HashMap<String, super::macros::SimpleMacro>,
}

impl Cx<'_> {
    fn span(&self, node: &impl Spanned) -> Span {
        self.sc.of(node)
    }

    // ---------------------------------------------------------------- items

    /// First pass over one scope's items: declare names and `use`s, record struct fields and
    /// statics, so bodies can refer to items defined later in the file.
    fn collect_items(&mut self, items: &[Item]) {
        for item in items {
            let name = match item {
                Item::Fn(f) => Some(&f.sig.ident),
                Item::Struct(s) => Some(&s.ident),
                Item::Enum(e) => Some(&e.ident),
                Item::Union(u) => Some(&u.ident),
                Item::Static(s) => Some(&s.ident),
                Item::Const(c) => Some(&c.ident),
                Item::Mod(m) => Some(&m.ident),
                Item::Trait(t) => Some(&t.ident),
                Item::Type(t) => Some(&t.ident),
                _ => None,
            };
            match item {
                // `mod a;` of a file that is a crate root of its own outside a crate's `src/`:
                // the sibling file `a.rs`, whose module name is `crate::a`.
                Item::Mod(m) if m.content.is_none() && self.names.at_own_root() => {
                    self.names
                        .bind(&m.ident.to_string(), &format!("crate::{}", m.ident));
                }
                _ => {
                    if let Some(name) = name {
                        self.names.declare_item(&name.to_string());
                    }
                }
            }
            if let Item::Type(t) = item {
                if t.generics.type_params().next().is_none()
                    && t.generics.const_params().next().is_none()
                {
                    let alias = format!("{}::{}", self.names.prefix(), t.ident);
                    self.type_aliases.insert(alias, (*t.ty).clone());
                }
            }
            if let Item::Macro(m) = item {
                for ls in lazy_statics(&m.mac) {
                    self.names.declare_item(&ls.ident.to_string());
                }
            }
        }
        for item in items {
            if let Item::ExternCrate(e) = item {
                let name = e.rename.as_ref().map_or(&e.ident, |(_, r)| r);
                let path = format!("{}::{name}::", self.names.prefix());
                self.extern_crates.push(path);
            }
        }
        for item in items {
            if let Item::Use(u) = item {
                let bound = self.names.add_use(&u.tree, u.leading_colon.is_some());
                if matches!(u.vis, syn::Visibility::Public(_)) {
                    for (local, target) in bound {
                        let local = format!("{}::{local}", self.names.prefix());
                        self.out.aliases.push((local, target));
                    }
                }
            }
        }
        for item in items {
            match item {
                Item::Struct(s) => {
                    let class = format!("{}::{}", self.names.prefix(), s.ident);
                    self.classes.insert(class);
                }
                Item::Enum(e) => {
                    let class = format!("{}::{}", self.names.prefix(), e.ident);
                    self.classes.insert(class);
                }
                _ => {}
            }
        }
        for item in items {
            match item {
                Item::Struct(s) => {
                    let class = format!("{}::{}", self.names.prefix(), s.ident);
                    let mut fields = HashMap::default();
                    for (i, field) in s.fields.iter().enumerate() {
                        let fname = field
                            .ident
                            .as_ref()
                            .map_or_else(|| i.to_string(), |id| id.to_string());
                        if self.is_optional_join_handle(&field.ty) {
                            self.handle_fields.insert((class.clone(), fname.clone()));
                        }
                        self.field_written
                            .insert((class.clone(), fname.clone()), field.ty.clone());
                        if let Some(ty) = self.resolve_type(&field.ty) {
                            if self.models.lock(&ty).is_some() {
                                if let Some(inner) = self.lock_data_type(&field.ty) {
                                    self.guarded_types
                                        .insert((class.clone(), fname.clone()), inner);
                                }
                            }
                            fields.insert(fname, ty);
                        }
                    }
                    self.structs.insert(class, fields);
                }
                Item::Static(s) => {
                    let q = format!("{}::{}", self.names.prefix(), s.ident);
                    let ty = self.resolve_type(&s.ty);
                    let is_mut = matches!(s.mutability, syn::StaticMutability::Mut(_));
                    self.statics.insert(q, (ty, is_mut));
                }
                Item::Impl(imp) => {
                    let Some(class) = self.type_path_name(&imp.self_ty) else {
                        continue;
                    };
                    if let Some(tr) = self.implemented_trait(imp) {
                        match tr.rsplit("::").next() {
                            Some("Debug") => self.fmt_impls.insert((class.clone(), "Debug")),
                            Some("Display") => self.fmt_impls.insert((class.clone(), "Display")),
                            _ => false,
                        };
                        let span = self.span(&imp.self_ty);
                        let (_, traits) = self
                            .trait_impls
                            .entry(class.clone())
                            .or_insert_with(|| (span, Vec::new()));
                        if !traits.contains(&tr) {
                            traits.push(tr);
                        }
                    }
                    let saved = self.names.self_ty.replace(class.clone());
                    for it in &imp.items {
                        if let syn::ImplItem::Fn(f) = it {
                            let name = format!("{class}::{}", f.sig.ident);
                            self.note_fn_return(name, &f.sig);
                        }
                    }
                    self.names.self_ty = saved;
                    for it in &imp.items {
                        if let syn::ImplItem::Fn(f) = it {
                            let name = format!("{class}::{}", f.sig.ident);
                            self.note_guard_helper(name, &f.sig, &f.block);
                            if let Some(path) = returned_field(&f.sig, &f.block) {
                                let method = f.sig.ident.to_string();
                                self.accessor_names.insert(method.clone());
                                self.accessors.insert((class.clone(), method), path);
                            } else if let Some(guard) =
                                returned_guard(&f.sig, &f.block, self.models.lock(&class).is_some())
                                    .filter(|_| self.returns_guard(&f.sig))
                            {
                                let method = f.sig.ident.to_string();
                                self.guard_accessors.insert((class.clone(), method), guard);
                            }
                        }
                    }
                }
                Item::Fn(f) => {
                    let name = format!("{}::{}", self.names.prefix(), f.sig.ident);
                    self.note_fn_return(name.clone(), &f.sig);
                    self.note_guard_helper(name, &f.sig, &f.block);
                }
                Item::Macro(m) => {
                    for ls in lazy_statics(&m.mac) {
                        let q = format!("{}::{}", self.names.prefix(), ls.ident);
                        let ty = self.resolve_type(&ls.ty);
                        self.statics.insert(q, (ty, false));
                    }
                }
                _ => {}
            }
        }
    }

    /// `items` and what the file's simple macros invoked among them expand to
    /// (`frontend::rust::macros`).
    fn with_expansions<'i>(&self, items: &'i [Item]) -> std::borrow::Cow<'i, [Item]> {
        let extra = super::macros::expansions(items, &self.macros);
        if extra.is_empty() {
            return std::borrow::Cow::Borrowed(items);
        }
        let mut all = items.to_vec();
        all.extend(extra);
        std::borrow::Cow::Owned(all)
    }

    fn lower_items(&mut self, items: &[Item]) {
        for item in items {
            self.lower_item(item);
        }
    }

    fn lower_item(&mut self, item: &Item) {
        let windows = children::windows_only(item_attrs(item));
        self.windows_only += u32::from(windows);
        self.lower_item_inner(item);
        self.windows_only -= u32::from(windows);
    }

    fn lower_item_inner(&mut self, item: &Item) {
        match item {
            Item::Fn(f) => {
                let name = format!("{}::{}", self.names.prefix(), f.sig.ident);
                self.lower_fn(name, None, &f.sig, Some(&f.block.stmts));
            }
            Item::Struct(s) => {
                let class = format!("{}::{}", self.names.prefix(), s.ident);
                let bases = self
                    .trait_impls
                    .remove(&class)
                    .map(|(_, b)| b)
                    .unwrap_or_default();
                self.out.classes.push(Class {
                    name: class.clone(),
                    span: self.span(&s.ident),
                    bases,
                    metaclass: None,
                    interface: false,
                });
                for (i, field) in s.fields.iter().enumerate() {
                    let fname = field
                        .ident
                        .as_ref()
                        .map_or_else(|| i.to_string(), |id| id.to_string());
                    let Some(ty) = self.structs.get(&class).and_then(|f| f.get(&fname)) else {
                        continue;
                    };
                    if self.is_interesting(ty) {
                        let span = field
                            .ident
                            .as_ref()
                            .map_or_else(|| self.span(&field.ty), |id| self.span(id));
                        self.out.decls.push(PlaceDecl {
                            place: Place::Field {
                                class: Name::new(&class),
                                field: fname.into(),
                            },
                            ty: Name::new(ty),
                            args: Vec::new(),
                            span,
                        });
                    }
                }
            }
            Item::Enum(e) => {
                let class = format!("{}::{}", self.names.prefix(), e.ident);
                let bases = self
                    .trait_impls
                    .remove(&class)
                    .map(|(_, b)| b)
                    .unwrap_or_default();
                self.out.classes.push(Class {
                    name: class,
                    span: self.span(&e.ident),
                    bases,
                    metaclass: None,
                    interface: false,
                });
            }
            Item::Static(s) => self.static_decl(&s.ident),
            Item::Macro(m) => {
                for ls in lazy_statics(&m.mac) {
                    self.static_decl(&ls.ident);
                }
            }
            Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    self.names.push_module(&m.ident.to_string());
                    let items = self.with_expansions(items);
                    self.collect_items(&items);
                    self.collect_static_accessors(&items);
                    self.lower_items(&items);
                    self.names.pop();
                }
            }
            Item::Impl(imp) => {
                let Some(class) = self.type_path_name(&imp.self_ty) else {
                    return;
                };
                let saved = self.names.self_ty.replace(class.clone());
                let saved_generics = self.impl_generics.replace(imp.generics.clone());
                for it in &imp.items {
                    if let syn::ImplItem::Fn(f) = it {
                        let name = format!("{class}::{}", f.sig.ident);
                        let windows = children::windows_only(&f.attrs);
                        self.windows_only += u32::from(windows);
                        self.lower_fn(name, Some(class.clone()), &f.sig, Some(&f.block.stmts));
                        self.windows_only -= u32::from(windows);
                    }
                }
                self.impl_generics = saved_generics;
                self.names.self_ty = saved;
            }
            Item::Trait(t) => {
                let class = format!("{}::{}", self.names.prefix(), t.ident);
                self.out.classes.push(Class {
                    name: class.clone(),
                    span: self.span(&t.ident),
                    bases: Vec::new(),
                    metaclass: None,
                    interface: true,
                });
                let saved = self.names.self_ty.replace(class.clone());
                for it in &t.items {
                    if let syn::TraitItem::Fn(f) = it {
                        // A method without a default body is still a function of the trait,
                        // with nothing in it: a call resolved to it runs an implementation.
                        let name = format!("{class}::{}", f.sig.ident);
                        let body = f.default.as_ref().map(|b| b.stmts.as_slice());
                        self.lower_fn(name, Some(class.clone()), &f.sig, body);
                    }
                }
                self.names.self_ty = saved;
            }
            _ => {}
        }
    }

    /// The declaration of a static (a `static` item or a `lazy_static!` `static ref`) whose
    /// type is worth one.
    /// `Cx::static_accessors` for the free functions of `items` (after `collect_items`, which
    /// knows the module's statics).
    fn collect_static_accessors(&mut self, items: &[Item]) {
        for item in items {
            let Item::Fn(f) = item else { continue };
            if !f.sig.inputs.is_empty() || f.sig.asyncness.is_some() {
                continue;
            }
            let fq = format!("{}::{}", self.names.prefix(), f.sig.ident);
            // Statics of the body (`static C: OnceLock<Mutex<u32>> = OnceLock::new();`).
            let mut own = HashMap::default();
            for st in &f.block.stmts {
                if let syn::Stmt::Item(Item::Static(s)) = st {
                    let q = format!("{fq}::{}", s.ident);
                    let ty = self.resolve_type(&s.ty);
                    let is_mut = matches!(s.mutability, syn::StaticMutability::Mut(_));
                    self.statics.entry(q.clone()).or_insert((ty, is_mut));
                    own.insert(s.ident.to_string(), q);
                }
            }
            let Some(syn::Stmt::Expr(tail, None)) = f.block.stmts.last() else {
                continue;
            };
            let mut e = strip_parens(tail);
            while let Expr::Reference(r) = e {
                e = strip_parens(&r.expr);
            }
            if let Expr::MethodCall(mc) = e {
                if is_once_accessor(mc) || is_option_unwrap(mc) {
                    e = strip_parens(&mc.receiver);
                    if let Expr::MethodCall(inner) = e {
                        if is_once_accessor(inner) {
                            e = strip_parens(&inner.receiver);
                        }
                    }
                }
            }
            let Expr::Path(p) = e else { continue };
            if p.qself.is_some() {
                continue;
            }
            let q = match p.path.get_ident().and_then(|id| own.get(&id.to_string())) {
                Some(q) => q.clone(),
                None => self.names.qualify_path(&p.path),
            };
            if self.statics.contains_key(&q) {
                self.static_accessors.insert(fq, q);
            }
        }
    }

    fn static_decl(&mut self, ident: &syn::Ident) {
        let q = format!("{}::{}", self.names.prefix(), ident);
        if let Some((Some(ty), _)) = self.statics.get(&q) {
            if self.is_interesting(ty) {
                let ty = ty.clone();
                self.out.decls.push(PlaceDecl {
                    place: Place::Global(Name::new(&q)),
                    ty: ty.into(),
                    args: Vec::new(),
                    span: self.span(ident),
                });
            }
        }
    }

    fn lower_fn(
        &mut self,
        name: String,
        class: Option<String>,
        sig: &syn::Signature,
        body: Option<&[syn::Stmt]>,
    ) {
        let mut st = FnState {
            name: name.clone(),
            scopes: vec![HashMap::default()],
            is_main: class.is_none() && sig.ident == "main",
            ..Default::default()
        };
        let mut params = Vec::new();
        for (i, input) in sig.inputs.iter().enumerate() {
            let place = Place::Param {
                function: Name::new(&name),
                index: i as u32,
            };
            match input {
                syn::FnArg::Receiver(r) => {
                    // `&'static self`: the object lives as long as the program, a static
                    // (or leaked) value any thread can reach.
                    let forever = match &r.kind {
                        syn::ReceiverKind::Reference(_, lt, _) => lt.as_ref(),
                        syn::ReceiverKind::Typed(_, ty) => match &**ty {
                            Type::Reference(r) => r.lifetime.as_ref(),
                            _ => None,
                        },
                        _ => None,
                    }
                    .is_some_and(|lt| lt.ident == "static");
                    if forever {
                        self.out.facts.static_receivers.push(Name::new(&name));
                    }
                    params.push("self".to_string());
                    st.scopes[0].insert(
                        "self".into(),
                        Var {
                            place: Some(place),
                            ty: self.names.self_ty.clone(),
                            guard_of: None,
                            closure: None,
                            written: None,
                        },
                    );
                }
                syn::FnArg::Typed(pt) => {
                    let pname = guards::binding_name(&pt.pat).unwrap_or_else(|| "_".into());
                    // A parameter of a generic type (`direct: &L` with `L: Listener`) has no
                    // type of its own: its method calls go to the trait's implementations.
                    let generic = is_type_param(&pt.ty, &sig.generics)
                        || (self.impl_generics.as_ref()).is_some_and(|g| is_type_param(&pt.ty, g));
                    let ty = (!generic).then(|| self.resolve_type(&pt.ty)).flatten();
                    st.scopes[0].insert(
                        pname.clone(),
                        Var {
                            place: Some(place),
                            ty,
                            guard_of: None,
                            closure: None,
                            written: (!generic).then(|| Box::new((*pt.ty).clone())),
                        },
                    );
                    params.push(pname);
                }
            }
        }
        let inlined = body.and_then(|stmts| self.inline_guard_helpers(stmts));
        let body = inlined.as_deref().or(body);
        let mut out = Vec::new();
        if let Some(stmts) = body.filter(|_| self.windows_only == 0) {
            let models = self.models;
            let is_main = class.is_none() && sig.ident == "main";
            st.child_fates = children::scan_stmts(stmts, &|m| models.opens_by_method(m), is_main);
            out.extend(self.owned_params(&name, sig, stmts));
        }
        if let Some(stmts) = body {
            self.names.push_body(&name);
            self.collect_items(&items_of(stmts));
            st.moved_into = self.moved_into_fields(stmts);
            let mut idx = IndexScan::default();
            for st in stmts {
                syn::visit::Visit::visit_stmt(&mut idx, st);
            }
            for (base, index) in idx.uses {
                let pair = (self.span(base), self.span(index));
                self.out.facts.index_uses.push(pair);
            }
            for r in idx.shrinks {
                let span = self.span(r);
                self.out.facts.shrinks.push(span);
            }
            for r in idx.rechecking {
                let span = self.span(r);
                self.out.facts.rechecking_writes.push(span);
            }
            let mut l = Lower { cx: self, f: st };
            l.lower_block(stmts, &mut out);
            l.once_cells_filled_after_check(stmts);
            l.channel_close_waits(stmts);
            for w in super::pipe_waits::scan(sig, stmts) {
                let (wait, read) = (l.span(&w.wait), l.span(&w.read));
                let found = (wait, read, Name::new(&w.child), Name::new(&w.pipe));
                l.cx.out.facts.pipe_reads_after_wait.push(found);
            }
            // The function's value: its body's last expression, without `;`.
            if let Some(syn::Stmt::Expr(tail, None)) = stmts.last() {
                let span = l.span(tail);
                self.out.facts.tail_values.push(span);
                if is_cloned_value(tail) {
                    self.out.facts.cloned_returns.push(Name::new(&name));
                }
                if returns_fresh_shared(stmts, tail) {
                    self.out.facts.fresh_shared_returns.push(Name::new(&name));
                }
            }
            self.names.pop();
        }
        let short = sig.ident.to_string();
        self.out.functions.push(Function {
            name,
            short_name: short,
            class,
            span: self.span(&sig.ident),
            is_async: sig.asyncness.is_some(),
            is_module_body: false,
            params,
            body: out,
        });
    }

    /// `Open`s, at the function's start, of the parameters that take a resource by value
    /// (`mut child: Child`): the caller handed it over, this function must release it. Only
    /// when every use of it is one the IR shows (`children::only_own_uses`). Also records the
    /// function as returning a fresh resource when its declared result is one (`-> Child`,
    /// `-> io::Result<Child>`).
    fn owned_params(&mut self, name: &str, sig: &syn::Signature, stmts: &[syn::Stmt]) -> Vec<Stmt> {
        if let syn::ReturnType::Type(_, ty) = &sig.output {
            if let Some(api) = self.resource_type(ok_type(ty)) {
                let f = Name::new(name);
                self.out.facts.resource_returns.push((f, api));
            }
        }
        let mut out = Vec::new();
        for (i, input) in sig.inputs.iter().enumerate() {
            let syn::FnArg::Typed(pt) = input else {
                continue;
            };
            let Some(api) = self.resource_type(&pt.ty) else {
                continue;
            };
            let Some(pname) = guards::binding_name(&pt.pat) else {
                continue;
            };
            if !matches!(&*pt.pat, Pat::Ident(_)) || !children::only_own_uses(&pname, stmts) {
                continue;
            }
            out.push(Stmt::Event(Event::Open {
                resource: Some(Place::Param {
                    function: Name::new(name),
                    index: i as u32,
                }),
                api,
                managed: false,
                span: self.span(&pt.pat),
            }));
        }
        out
    }

    /// The opener API of the resource a value of type `ty` is, when `ty` is one by value (not
    /// a reference) and a resource model returns it (`std::process::Child`).
    fn resource_type(&self, ty: &Type) -> Option<Name> {
        if matches!(ty, Type::Reference(_) | Type::Ptr(_)) {
            return None;
        }
        let Type::Path(p) = ty else { return None };
        let q = self.names.qualify_path(&p.path);
        let (api, _) = self.models.resource_returning(&q)?;
        Some(Name::new(api))
    }

    // ---------------------------------------------------------------- types

    /// A type's qualified path with `&`, `Arc`, `Rc`, `Box` unwrapped; `None` for types without
    /// a path (tuples, fn pointers, `impl Trait`).
    fn resolve_type(&self, ty: &Type) -> Option<String> {
        match ty {
            Type::Reference(r) => self.resolve_type(&r.elem),
            // `&mut dyn Store`, `impl Store + Send`: calls on it are calls of the trait's
            // methods, which run its implementations.
            Type::TraitObject(t) => self.bound_trait(&t.bounds),
            Type::ImplTrait(t) => self.bound_trait(&t.bounds),
            Type::Paren(p) => self.resolve_type(&p.elem),
            Type::Group(g) => self.resolve_type(&g.elem),
            Type::Path(p) if p.qself.is_none() => {
                let q = self.names.qualify_path(&p.path);
                if let Some(aliased) = self.aliased(&q) {
                    return self.through_alias(|cx| cx.resolve_type(aliased));
                }
                if is_transparent_wrapper(&q) {
                    let last = p.path.segments.last()?;
                    if let syn::PathArguments::AngleBracketed(args) = &last.arguments {
                        for a in &args.args {
                            if let syn::GenericArgument::Type(inner) = a {
                                return self.resolve_type(inner);
                            }
                        }
                    }
                    return None;
                }
                if let Some(once) = lazy_cell(&q) {
                    // `LazyLock<Mutex<T>>` is the mutex; a lazy cell of anything the models
                    // do not know stays the cell (a thread-safe type, a one-time initialiser).
                    let inner = first_type_arg(&p.path).and_then(|t| self.resolve_type(t));
                    if let Some(inner) = inner {
                        // A struct of the program in a `OnceLock` is reached through
                        // `get()`/`get_or_init(..)`, and its methods are called on it.
                        let peel = if once {
                            self.models.lock(&inner).is_some() || self.classes.contains(&inner)
                        } else {
                            self.is_interesting(&inner)
                        };
                        if peel {
                            return Some(inner);
                        }
                    }
                }
                Some(q)
            }
            _ => None,
        }
    }

    /// `Option<JoinHandle<T>>`, with the handle type a spawn model names.
    fn is_optional_join_handle(&self, ty: &Type) -> bool {
        let Type::Path(p) = ty else { return false };
        let q = self.names.qualify_path(&p.path);
        if !(q == "Option" || q.ends_with("::Option")) {
            return false;
        }
        first_type_arg(&p.path)
            .and_then(|inner| self.resolve_type(inner))
            .is_some_and(|inner| self.models.is_join_handle(&inner))
    }

    /// A thread's `JoinHandle<T>` or `Option<JoinHandle<T>>`, with the handle type of a thread
    /// spawn model.
    /// The opener API and model of the resource a field of type `ty` (or `Option<ty>`) keeps,
    /// for a resource whose values have a type of their own (`std::process::Child`).
    fn kept_resource(&self, ty: &Type) -> Option<(String, crate::models::ResourceModel)> {
        let Type::Path(p) = ty else { return None };
        let q = self.names.qualify_path(&p.path);
        let inner = if q == "Option" || q.ends_with("::Option") {
            first_type_arg(&p.path)?
        } else {
            ty
        };
        let t = self.resolve_type(inner)?;
        let (api, model) = self.models.resource_returning(&t)?;
        Some((api.to_string(), model.clone()))
    }

    fn is_thread_handle(&self, ty: &Type) -> bool {
        let inner = match ty {
            Type::Path(p) if p.qself.is_none() => {
                let q = self.names.qualify_path(&p.path);
                if q == "Option" || q.ends_with("::Option") {
                    first_type_arg(&p.path).unwrap_or(ty)
                } else {
                    ty
                }
            }
            _ => return false,
        };
        self.resolve_type(inner).is_some_and(|t| {
            (self.models.spawns()).any(|m| {
                m.context == "thread" && !m.join.is_empty() && m.handle.as_deref() == Some(&t)
            })
        })
    }

    /// Records the class of the program (or the resource-opening type) a function returns, if
    /// it returns one (through `&`, `Arc`, `Rc`, `Box`); an `async fn` returns a future, not
    /// the class.
    fn note_fn_return(&mut self, name: String, sig: &syn::Signature) {
        self.fn_names.insert(name.clone());
        let syn::ReturnType::Type(_, ret) = &sig.output else {
            return;
        };
        if sig.asyncness.is_some() {
            return;
        }
        // Or a type whose methods open resources: `fn shell(cmd: &str) -> Command`, whose
        // caller's `shell("ls").spawn()` starts a child.
        if let Some(ty) = self
            .resolve_type(ret)
            .filter(|t| self.classes.contains(t) || self.models.opens_from(t))
        {
            self.fn_returns.insert(name, ty);
        }
    }

    /// The one trait of a `dyn`/`impl` type's bounds besides auto traits and lifetimes; `None`
    /// for closures (`dyn Fn(..)`), which name no methods, or for several traits.
    fn bound_trait(
        &self,
        bounds: &Punctuated<syn::TypeParamBound, syn::Token![+]>,
    ) -> Option<String> {
        let mut traits = bounds.iter().filter_map(|b| match b {
            syn::TypeParamBound::Trait(t) => Some(&t.path),
            _ => None,
        });
        let mut found = None;
        for path in traits.by_ref() {
            let last = path.segments.last()?;
            if matches!(last.arguments, syn::PathArguments::Parenthesized(_)) {
                return None;
            }
            if matches!(
                last.ident.to_string().as_str(),
                "Send" | "Sync" | "Unpin" | "Sized" | "UnwindSafe" | "RefUnwindSafe"
            ) {
                continue;
            }
            if found.is_some() {
                return None;
            }
            found = Some(self.names.qualify_path(path));
        }
        found
    }

    /// Records `Cx::guard_helpers` for a function returning a guard that is one.
    fn note_guard_helper(&mut self, name: String, sig: &syn::Signature, block: &syn::Block) {
        if !self.returns_guard(sig) {
            return;
        }
        if let Some(h) = super::guard_helpers::helper(sig, block, self.names.module()) {
            self.guard_helpers.insert(name, h);
        }
    }

    /// `stmts` with the calls of `Cx::guard_helpers` written as the helpers' bodies, when
    /// there are any.
    fn inline_guard_helpers(&self, stmts: &[syn::Stmt]) -> Option<Vec<syn::Stmt>> {
        if self.guard_helpers.is_empty() {
            return None;
        }
        let module = self.names.module();
        let find = |p: &syn::Path| {
            let h = self.guard_helpers.get(&self.names.qualify_path(p))?;
            h.usable_in(module).then_some(h)
        };
        super::guard_helpers::inline_calls(stmts, &find)
    }

    /// Whether `sig` returns a lock guard: a type named `..Guard`, written or through the
    /// file's `type` aliases (`type Tx<'a> = RwLockReadGuard<'a, State>;`).
    fn returns_guard(&self, sig: &syn::Signature) -> bool {
        let syn::ReturnType::Type(_, ret) = &sig.output else {
            return false;
        };
        let mut ty = &**ret;
        for _ in 0..8 {
            let Type::Path(p) = ty else { return false };
            let Some(last) = p.path.segments.last() else {
                return false;
            };
            if last.ident.to_string().ends_with("Guard") {
                return true;
            }
            match self.type_aliases.get(&self.names.qualify_path(&p.path)) {
                Some(aliased) => ty = aliased,
                None => return false,
            }
        }
        false
    }

    /// The type a `type` alias of this file stands for, while the alias chain is short.
    fn aliased(&self, q: &str) -> Option<&Type> {
        (self.alias_depth.get() < 8)
            .then(|| self.type_aliases.get(q))
            .flatten()
    }

    /// `ty` without the references, `Arc`, `Box` and `Rc` around it, through the file's aliases.
    fn peel_written<'a>(&'a self, mut ty: &'a Type) -> &'a Type {
        for _ in 0..16 {
            match ty {
                Type::Reference(r) => ty = &r.elem,
                Type::Paren(p) => ty = &p.elem,
                Type::Group(g) => ty = &g.elem,
                Type::Path(p) if p.qself.is_none() => {
                    let q = self.names.qualify_path(&p.path);
                    if let Some(aliased) = self.type_aliases.get(&q) {
                        ty = aliased;
                    } else if is_transparent_wrapper(&q) {
                        let Some(inner) = first_type_arg(&p.path) else {
                            return ty;
                        };
                        ty = inner;
                    } else {
                        return ty;
                    }
                }
                _ => return ty,
            }
        }
        ty
    }

    /// The data a lock of written type `ty` protects, as written (`T` in `Arc<RwLock<T>>`).
    fn lock_data_written<'a>(&'a self, ty: &'a Type) -> Option<&'a Type> {
        let ty = self.peel_written(ty);
        let Type::Path(p) = ty else { return None };
        self.models.lock(&self.resolve_type(ty)?)?;
        first_type_arg(&p.path).map(|t| self.peel_written(t))
    }

    /// The written type of the items a loop over a collection of written type `ty` binds:
    /// the element of a `Vec` or a set, `(K, V)` of a map (`V` for its `values()`, `K` for its
    /// `keys()`), the element of a slice or an array.
    fn items_written(&self, ty: &Type, items: Items) -> Option<Type> {
        let ty = self.peel_written(ty);
        let elem = match ty {
            Type::Slice(s) => Some(&*s.elem),
            Type::Array(a) => Some(&*a.elem),
            _ => None,
        };
        if let Some(elem) = elem {
            return (items != Items::Keys).then(|| elem.clone());
        }
        let Type::Path(p) = ty else { return None };
        let last = p.path.segments.last()?;
        let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
            return None;
        };
        let mut targs = args.args.iter().filter_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        });
        match last.ident.to_string().as_str() {
            "Vec" | "VecDeque" | "LinkedList" | "HashSet" | "BTreeSet" | "BinaryHeap"
            | "IndexSet" => {
                let elem = targs.next()?;
                (items != Items::Keys).then(|| elem.clone())
            }
            "HashMap" | "BTreeMap" | "IndexMap" => {
                let (k, v) = (targs.next()?, targs.next()?);
                Some(match items {
                    Items::All => {
                        let mut elems = Punctuated::new();
                        elems.push(k.clone());
                        elems.push(v.clone());
                        Type::Tuple(syn::TypeTuple {
                            attrs: Vec::new(),
                            paren_token: Default::default(),
                            elems,
                        })
                    }
                    Items::Values => v.clone(),
                    Items::Keys => k.clone(),
                })
            }
            _ => None,
        }
    }

    /// Runs `f` one alias deeper.
    fn through_alias<T>(&self, f: impl FnOnce(&Self) -> T) -> T {
        self.alias_depth.set(self.alias_depth.get() + 1);
        let out = f(self);
        self.alias_depth.set(self.alias_depth.get() - 1);
        out
    }

    /// `T` in `Mutex<T>` / `Arc<RwLock<T>>`.
    fn lock_data_type(&self, ty: &Type) -> Option<String> {
        let Type::Path(p) = ty else {
            return match ty {
                Type::Reference(r) => self.lock_data_type(&r.elem),
                _ => None,
            };
        };
        if p.qself.is_none() {
            let q = self.names.qualify_path(&p.path);
            if let Some(aliased) = self.aliased(&q) {
                return self.through_alias(|cx| cx.lock_data_type(aliased));
            }
        }
        let last = p.path.segments.last()?;
        let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
            return None;
        };
        let inner = args.args.iter().find_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        })?;
        let q = self.names.qualify_path(&p.path);
        if is_transparent_wrapper(&q) || lazy_cell(&q).is_some() {
            return self.lock_data_type(inner);
        }
        self.resolve_type(inner)
    }

    /// The qualified name of an `impl`'s self type.
    /// The trait of the crate an `impl Trait for Type` block implements for a named type; not
    /// for a type parameter of the block (`impl<T: Send> Trait for T`), which is every type.
    fn implemented_trait(&self, imp: &syn::ItemImpl) -> Option<String> {
        let (path, _) = imp.trait_.as_ref()?;
        if is_type_param(&imp.self_ty, &imp.generics) {
            return None;
        }
        Some(self.names.qualify_path(path))
    }

    fn type_path_name(&self, ty: &Type) -> Option<String> {
        match ty {
            Type::Path(p) if p.qself.is_none() => Some(self.names.qualify_path(&p.path)),
            Type::Reference(r) => self.type_path_name(&r.elem),
            _ => None,
        }
    }

    /// Types worth a [`PlaceDecl`]: anything the models know, and classes of this file.
    /// Locals moved into a field of a struct of the crate by a struct literal of `stmts`
    /// (`Inner { paused, producer: producer.clone(), .. }`), by name; a name moved into two
    /// different fields is left out.
    fn moved_into_fields(&self, stmts: &[syn::Stmt]) -> HashMap<String, Place> {
        struct Finder<'c> {
            names: &'c Names,
            classes: &'c HashSet<String>,
            found: HashMap<String, Option<Place>>,
        }
        impl<'ast> syn::visit::Visit<'ast> for Finder<'_> {
            fn visit_expr_struct(&mut self, e: &'ast syn::ExprStruct) {
                let class = self.names.qualify_path(&e.path);
                if self.classes.contains(&class) {
                    for fv in &e.fields {
                        let syn::Member::Named(field) = &fv.member else {
                            continue;
                        };
                        let Some(local) = moved_local(&fv.expr) else {
                            continue;
                        };
                        let place = Place::Field {
                            class: Name::new(&class),
                            field: Name::new(&field.to_string()),
                        };
                        let slot = self.found.entry(local).or_insert(Some(place.clone()));
                        if slot.as_ref() != Some(&place) {
                            *slot = None;
                        }
                    }
                }
                syn::visit::visit_expr_struct(self, e);
            }
        }
        let mut finder = Finder {
            names: &self.names,
            classes: &self.classes,
            found: HashMap::default(),
        };
        for stmt in stmts {
            syn::visit::Visit::visit_stmt(&mut finder, stmt);
        }
        finder
            .found
            .into_iter()
            .filter_map(|(k, v)| Some((k, v?)))
            .collect()
    }

    fn is_interesting(&self, ty: &str) -> bool {
        let m = self.models;
        m.lock(ty).is_some()
            || m.atomic(ty).is_some()
            || m.is_thread_safe(ty)
            || m.executor(ty).is_some()
            || m.resource(ty).is_some()
            || m.resource_returning(ty).is_some()
            || self.classes.contains(ty)
    }
}

/// The statements of a block compiled only where one lowered before them is not: a statement
/// whose `#[cfg(P)]` negates the `#[cfg(..)]` of an earlier statement kept (`not(feature =
/// "x")` then `feature = "x"`, either order). The block is lowered as compiled under the
/// conditions of the statements kept first, so two spellings of one statement (a lock taken
/// through `std` or through `parking_lot`) count once. A statement repeating a kept condition
/// is kept. Statements already `left` out (by the enclosing block's statements, for the rest
/// of a block after a guard) are neither kept nor looked at.
fn cfg_alternatives(
    stmts: &[syn::Stmt],
    left: &HashSet<*const syn::Stmt>,
) -> Vec<*const syn::Stmt> {
    let mut kept: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for s in stmts
        .iter()
        .filter(|&s| !left.contains(&(s as *const syn::Stmt)))
    {
        let attrs: &[syn::Attribute] = match s {
            syn::Stmt::Local(l) => &l.attrs,
            syn::Stmt::Macro(m) => &m.attrs,
            syn::Stmt::Expr(e, _) => children::expr_attrs(e),
            syn::Stmt::Item(_) => &[],
        };
        let Some(cfg) = attrs
            .iter()
            .find(|a| a.path().is_ident("cfg"))
            .and_then(|a| {
                a.parse_args::<proc_macro2::TokenStream>()
                    .ok()
                    .map(|t| t.to_string().replace(' ', ""))
            })
        else {
            continue;
        };
        let negates = |k: &String| cfg == format!("not({k})") || *k == format!("not({cfg})");
        if kept.iter().any(negates) {
            out.push(s as *const syn::Stmt);
        } else {
            kept.push(cfg);
        }
    }
    out
}

/// The attributes of an item that may carry a `#[cfg(..)]` over a function body.
fn item_attrs(item: &Item) -> &[syn::Attribute] {
    match item {
        Item::Fn(f) => &f.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Mod(m) => &m.attrs,
        Item::Trait(t) => &t.attrs,
        _ => &[],
    }
}

/// A macro that returns an error from the function (see `Lowerer::error_exit`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum ErrorExit {
    /// `bail!(..)`: always.
    Always,
    /// `ensure!(cond, ..)`: when its first argument is false.
    Unless,
}

impl ErrorExit {
    fn of(macro_name: &str) -> Option<ErrorExit> {
        match macro_name {
            "bail" => Some(ErrorExit::Always),
            "ensure" => Some(ErrorExit::Unless),
            _ => None,
        }
    }
}

/// Macros whose first string literal argument is a format string over the arguments after it.
const FORMAT_MACROS: &[&str] = &[
    "format",
    "format_args",
    "print",
    "println",
    "eprint",
    "eprintln",
    "write",
    "writeln",
    "panic",
    "unreachable",
    "todo",
    "unimplemented",
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "trace",
    "debug",
    "info",
    "warn",
    "error",
    "log",
];

/// The argument a format placeholder formats: the n-th positional one, or a named one (an
/// `name = value` argument, or a local the string captures).
enum FmtArg {
    Index(usize),
    Name(String),
}

/// The placeholders of a format string formatting with `Debug` (`{:?}`, `{:#?}`) or `Display`
/// (`{}`, `{:>8}`), with the argument each formats; `{{` is no placeholder.
fn placeholders(fmt: &str) -> Vec<(FmtArg, &'static str)> {
    let mut out = Vec::new();
    let mut next = 0;
    let mut rest = fmt;
    while let Some(i) = rest.find(['{', '}']) {
        let (c, after) = (rest.as_bytes()[i], &rest[i + 1..]);
        if after.starts_with(c as char) {
            rest = &after[1..];
            continue;
        }
        if c == b'}' {
            rest = after;
            continue;
        }
        let Some(end) = after.find('}') else { break };
        let inner = &after[..end];
        rest = &after[end + 1..];
        let (arg, spec) = inner.split_once(':').unwrap_or((inner, ""));
        let arg = arg.trim();
        // `{:.*}` takes its precision from the next positional argument.
        if spec.contains(".*") {
            next += 1;
        }
        let tr = match spec.chars().last() {
            Some('?') => "Debug",
            Some('x' | 'X' | 'o' | 'b' | 'e' | 'E' | 'p') => continue,
            _ => "Display",
        };
        let arg = if arg.is_empty() {
            next += 1;
            FmtArg::Index(next - 1)
        } else if let Ok(i) = arg.parse() {
            FmtArg::Index(i)
        } else {
            FmtArg::Name(arg.to_string())
        };
        out.push((arg, tr));
    }
    out
}

/// Which items a loop over a collection takes: its elements (a map's `(key, value)` pairs),
/// a map's values or its keys.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Items {
    All,
    Values,
    Keys,
}

/// `T` of `Result<T, E>`, `io::Result<T>` or `Option<T>`; any other type itself.
fn ok_type(ty: &Type) -> &Type {
    if let Type::Path(p) = ty {
        if let Some(last) = p.path.segments.last() {
            if matches!(last.ident.to_string().as_str(), "Result" | "Option") {
                if let Some(inner) = first_type_arg(&p.path) {
                    return inner;
                }
            }
        }
    }
    ty
}

fn is_transparent_wrapper(q: &str) -> bool {
    matches!(
        q,
        "Box" | "std::sync::Arc" | "std::rc::Rc" | "std::boxed::Box" | "Arc" | "Rc"
    ) || q.ends_with("::Arc")
        || q.ends_with("::Rc")
}

/// Lazily initialised cells, which stand for the value inside once initialised:
/// `Some(false)` for those that dereference to it (`std::sync::LazyLock`, `std::cell::LazyCell`,
/// `once_cell::{sync,unsync}::Lazy`), `Some(true)` for those reached through
/// `get()`/`get_or_init(..)` (`OnceLock`, `OnceCell`; see `Lower::once_cell_of`).
fn lazy_cell(q: &str) -> Option<bool> {
    match q.rsplit("::").next().unwrap_or(q) {
        "Lazy" | "LazyLock" | "LazyCell" => Some(false),
        "OnceCell" | "OnceLock" => Some(true),
        _ => None,
    }
}

/// The first type argument of a path's last segment (`T` in `a::Lazy<T>`).
fn first_type_arg(path: &syn::Path) -> Option<&Type> {
    let syn::PathArguments::AngleBracketed(args) = &path.segments.last()?.arguments else {
        return None;
    };
    args.args.iter().find_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    })
}

/// The field path a method returns when it is an accessor: it takes `&self` (or `&mut self`)
/// and nothing else, and its body is `&self.a.b` (returning a reference) or `self.a.b.clone()` /
/// `Arc::clone(&self.a.b)` (returning an `Arc` or `Rc`, the same object).
/// Methods of the wrappers a receiver may be in (`Pin`, `Arc`, `Box`, `&`): a call of one on
/// `self: Pin<&mut Self>` is the wrapper's, whatever the type defines under that name.
const WRAPPER_METHODS: &[&str] = &[
    "as_ref",
    "as_mut",
    "get_ref",
    "get_mut",
    "get_pin_mut",
    "deref",
    "deref_mut",
    "borrow",
    "borrow_mut",
    "into_inner",
    "as_ptr",
    "clone",
    "to_owned",
    "by_ref",
];

fn returned_field(sig: &syn::Signature, block: &syn::Block) -> Option<Vec<String>> {
    if WRAPPER_METHODS.contains(&sig.ident.to_string().as_str()) {
        return None;
    }
    let [syn::FnArg::Receiver(r)] = sig.inputs.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    if !matches!(r.kind, syn::ReceiverKind::Reference(..)) {
        return None;
    }
    let syn::ReturnType::Type(_, ret) = &sig.output else {
        return None;
    };
    let [syn::Stmt::Expr(body, None)] = &block.stmts[..] else {
        return None;
    };
    let shared = match &**ret {
        Type::Reference(_) => false,
        Type::Path(p) => p
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "Arc" || s.ident == "Rc"),
        _ => return None,
    };
    let field = match strip_parens(body) {
        Expr::Reference(r) if !shared => strip_parens(&r.expr),
        Expr::MethodCall(mc) if shared && mc.method == "clone" && mc.args.is_empty() => {
            strip_parens(&mc.receiver)
        }
        Expr::Call(c) if shared && is_clone_call(c) => match strip_parens(&c.args[0]) {
            Expr::Reference(r) => strip_parens(&r.expr),
            _ => return None,
        },
        _ => return None,
    };
    self_field_path(field)
}

/// The field path of `self.a.b` (`["a", "b"]`); `None` for anything else, `self` alone included.
fn self_field_path(mut e: &Expr) -> Option<Vec<String>> {
    let mut path = Vec::new();
    loop {
        match e {
            Expr::Field(f) => {
                path.push(member_name(&f.member));
                e = strip_parens(&f.base);
            }
            Expr::Path(p) if p.path.is_ident("self") && !path.is_empty() => {
                path.reverse();
                return Some(path);
            }
            _ => return None,
        }
    }
}

/// The field path and lock method of a guard accessor: a method taking only `&self` (or `&mut
/// self`), returning a `..Guard` type (which the caller checks, `Cx::returns_guard`), whose body is an acquire of a field of `self` with the
/// guard passed through (`self.inner.read().unwrap()`, `.expect(..)`, `?`). With `on_lock`
/// (an extension method of the lock type itself: `impl MutexExt for Mutex<T> { fn
/// lock_or_panic(&self) -> MutexGuard<..> { self.lock().unwrap() } }`), `self` itself, with an
/// empty field path.
fn returned_guard(
    sig: &syn::Signature,
    block: &syn::Block,
    on_lock: bool,
) -> Option<(Vec<String>, String)> {
    let [syn::FnArg::Receiver(r)] = sig.inputs.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    if !matches!(r.kind, syn::ReceiverKind::Reference(..)) || sig.asyncness.is_some() {
        return None;
    }
    let (_, mc) = guards::returned_acquire(block)?;
    let path = match strip_parens(&mc.receiver) {
        Expr::Path(p) if on_lock && p.path.is_ident("self") => Vec::new(),
        receiver => self_field_path(receiver)?,
    };
    Some((path, mc.method.to_string()))
}

/// `get()`, `get_or_init(f)`, `get_or_try_init(f)`, `wait()`: how a `OnceLock`/`OnceCell`
/// gives its value.
fn is_once_accessor(mc: &syn::ExprMethodCall) -> bool {
    match mc.method.to_string().as_str() {
        "get" | "wait" => mc.args.is_empty(),
        "get_or_init" | "get_or_try_init" => mc.args.len() == 1,
        _ => false,
    }
}

/// `.unwrap()` / `.expect(msg)`.
fn is_option_unwrap(mc: &syn::ExprMethodCall) -> bool {
    (mc.method == "unwrap" && mc.args.is_empty()) || (mc.method == "expect" && mc.args.len() == 1)
}

/// A `static ref` of a `lazy_static!` block.
struct LazyStatic {
    ident: syn::Ident,
    ty: Type,
}

/// The `static ref NAME: TYPE = EXPR;` items of a `lazy_static!` invocation (none for any other
/// macro, or a body that does not parse).
fn lazy_statics(mac: &syn::Macro) -> Vec<LazyStatic> {
    if mac
        .path
        .segments
        .last()
        .is_none_or(|s| s.ident != "lazy_static")
    {
        return Vec::new();
    }
    let parser = |input: syn::parse::ParseStream| {
        let mut out = Vec::new();
        while !input.is_empty() {
            input.call(syn::Attribute::parse_outer)?;
            input.parse::<syn::Visibility>()?;
            input.parse::<syn::Token![static]>()?;
            input.parse::<syn::Token![ref]>()?;
            let ident: syn::Ident = input.parse()?;
            input.parse::<syn::Token![:]>()?;
            let ty: Type = input.parse()?;
            input.parse::<syn::Token![=]>()?;
            input.parse::<Expr>()?;
            input.parse::<syn::Token![;]>()?;
            out.push(LazyStatic { ident, ty });
        }
        Ok(out)
    };
    mac.parse_body_with(parser).unwrap_or_default()
}

fn items_of(stmts: &[syn::Stmt]) -> Vec<Item> {
    stmts
        .iter()
        .filter_map(|s| match s {
            syn::Stmt::Item(i) => Some(i.clone()),
            // `lazy_static! { .. }` in a body declares statics.
            syn::Stmt::Macro(m) if !lazy_statics(&m.mac).is_empty() => {
                Some(Item::Macro(syn::ItemMacro {
                    attrs: Vec::new(),
                    ident: None,
                    mac: m.mac.clone(),
                    semi_token: m.semi_token,
                }))
            }
            _ => None,
        })
        .collect()
}

/// Lowering of one function body.
struct Lower<'c, 'a> {
    cx: &'c mut Cx<'a>,
    f: FnState,
}

impl Lower<'_, '_> {
    fn span(&self, node: &impl Spanned) -> Span {
        self.cx.sc.of(node)
    }

    fn push(&self, out: &mut Vec<Stmt>, e: Event) {
        out.push(Stmt::Event(e));
    }

    // ---------------------------------------------------------------- scopes and places

    fn lookup(&self, name: &str) -> Option<&Var> {
        self.f.scopes.iter().rev().find_map(|s| s.get(name))
    }

    fn bind(&mut self, name: String, var: Var) {
        if let Some(s) = self.f.scopes.last_mut() {
            s.insert(name, var);
        }
    }

    fn local(&self, name: &str) -> Place {
        Place::Local {
            function: Name::new(&self.f.name),
            name: Name::new(name),
        }
    }

    /// Binds every name a pattern introduces as a plain local; `base` (the place of the
    /// matched value) gives tuple elements their places (`let (lock, cvar) = &*pair;`).
    fn bind_pat(&mut self, pat: &Pat, base: Option<Place>, ty: Option<String>) {
        match pat {
            Pat::Ident(i) => {
                let name = i.ident.to_string();
                let place = base.or_else(|| Some(self.local(&name)));
                self.bind(
                    name,
                    Var {
                        place,
                        ty,
                        guard_of: None,
                        closure: None,
                        written: None,
                    },
                );
            }
            Pat::Type(t) => {
                let ty = self.cx.resolve_type(&t.ty).or(ty);
                self.bind_pat(&t.pat, base, ty);
                if matches!(&*t.pat, Pat::Ident(_)) {
                    self.type_loop_pat(&t.pat, &t.ty);
                }
            }
            Pat::Reference(r) => self.bind_pat(&r.pat, base, ty),
            Pat::Paren(p) => self.bind_pat(&p.pat, base, ty),
            Pat::Tuple(t) => {
                for (i, p) in t.elems.iter().enumerate() {
                    let sub = base.as_ref().and_then(|b| sub_place(b, &i.to_string()));
                    self.bind_pat(p, sub, None);
                }
            }
            Pat::TupleStruct(ts) => {
                for p in &ts.elems {
                    self.bind_pat(p, None, None);
                }
            }
            Pat::Struct(s) => {
                for fp in &s.fields {
                    self.bind_pat(&fp.pat, None, None);
                }
            }
            Pat::Slice(s) => {
                for p in &s.elems {
                    self.bind_pat(p, None, None);
                }
            }
            Pat::Or(o) => {
                if let Some(p) = o.cases.first() {
                    self.bind_pat(p, None, None);
                }
            }
            _ => {}
        }
    }

    /// The static a call of a free accessor function of this file returns
    /// (`Cx::static_accessors`: `cache().lock()` locks the static `cache` returns).
    fn static_accessor(&self, c: &syn::ExprCall) -> Option<&str> {
        if !c.args.is_empty() || self.cx.static_accessors.is_empty() {
            return None;
        }
        let Expr::Path(p) = strip_parens(&c.func) else {
            return None;
        };
        if p.qself.is_some() {
            return None;
        }
        let q = self.cx.names.qualify_path(&p.path);
        self.cx.static_accessors.get(&q).map(String::as_str)
    }

    /// The function of a closure variable named by `e` (`f`, `f.clone()`, `&f`).
    fn closure_var(&self, e: &Expr) -> Option<String> {
        match strip_parens(e) {
            Expr::Path(p) if p.path.segments.len() == 1 => self
                .lookup(&p.path.segments[0].ident.to_string())?
                .closure
                .clone(),
            Expr::Reference(r) => self.closure_var(&r.expr),
            Expr::MethodCall(mc) if is_clone_like(mc) => self.closure_var(&mc.receiver),
            _ => None,
        }
    }

    /// `if let Ok(g) = m.lock()` / `match m.lock() { Ok(g) => .. }`: `g` is a guard of `m`.
    fn bind_guard_pattern(&mut self, pat: &Pat, scrutinee: &Expr) {
        let Some(lock) = self.guarded_place(scrutinee) else {
            return;
        };
        let Some(name) = guards::binding_name(pat) else {
            return;
        };
        let var = Var {
            place: Some(self.local(&name)),
            ty: None,
            guard_of: Some(lock),
            closure: None,
            written: None,
        };
        self.bind(name, var);
    }

    /// The place an expression denotes, looking through `&`, `*`, parentheses and clones (a
    /// clone of an `Arc<Mutex<_>>` is the same lock).
    fn place_of(&self, e: &Expr) -> Option<Place> {
        match e {
            Expr::Paren(p) => self.place_of(&p.expr),
            Expr::Group(g) => self.place_of(&g.expr),
            Expr::Reference(r) => self.place_of(&r.expr),
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => self.place_of(&u.expr),
            Expr::MethodCall(mc) if is_clone_like(mc) => self.place_of(&mc.receiver),
            Expr::MethodCall(_) | Expr::Try(_) if self.once_cell_of(e).is_some() => {
                self.place_of(self.once_cell_of(e)?)
            }
            Expr::MethodCall(mc) if self.accessor(mc).is_some() => {
                let path = self.accessor(mc)?;
                self.field_path(&mc.receiver, path).0
            }
            Expr::Call(c) if is_clone_call(c) => self.place_of(&c.args[0]),
            Expr::Call(c) if self.static_accessor(c).is_some() => {
                Some(Place::Global(self.static_accessor(c)?.into()))
            }
            Expr::Path(p) if p.qself.is_none() => {
                if p.path.segments.len() == 1 {
                    let name = p.path.segments[0].ident.to_string();
                    if let Some(v) = self.lookup(&name) {
                        return v.place.clone();
                    }
                }
                let q = self.cx.names.qualify_path(&p.path);
                if self.cx.statics.contains_key(&q) || is_screaming(&p.path) {
                    return Some(Place::Global(q.into()));
                }
                None
            }
            Expr::Field(f) => {
                let member = member_name(&f.member);
                if let Some(class) = self.type_of(&f.base) {
                    if self.cx.classes.contains(&class) {
                        return Some(Place::Field {
                            class: class.into(),
                            field: member.into(),
                        });
                    }
                }
                let base = self.place_of(&f.base)?;
                sub_place(&base, &member)
            }
            _ => None,
        }
    }

    /// The field path `mc` returns when it calls an accessor of the receiver's type
    /// (`Cx::accessors`).
    fn accessor(&self, mc: &syn::ExprMethodCall) -> Option<&[String]> {
        if !mc.args.is_empty() || self.cx.accessors.is_empty() {
            return None;
        }
        let method = mc.method.to_string();
        if !self.cx.accessor_names.contains(&method) {
            return None;
        }
        let class = self.type_of(&mc.receiver)?;
        self.cx.accessors.get(&(class, method)).map(Vec::as_slice)
    }

    /// `self.thread.take();` on an `Option<JoinHandle>` field: the taken handle is dropped at
    /// the `;`, detaching the thread (`ModuleFacts::dropped_handle_fields`).
    fn note_dropped_handle(&mut self, e: &Expr) {
        let Expr::MethodCall(mc) = strip_parens(e) else {
            return;
        };
        if mc.method != "take" || !mc.args.is_empty() {
            return;
        }
        let Expr::Field(f) = strip_parens(&mc.receiver) else {
            return;
        };
        let syn::Member::Named(field) = &f.member else {
            return;
        };
        let Some(class) = self.type_of(&f.base) else {
            return;
        };
        let field = field.to_string();
        if self.cx.handle_fields.contains(&(class, field.clone())) {
            let span = self.cx.sc.span(e.span());
            (self.cx.out.facts.dropped_handle_fields).push((span, Name::new(&field)));
        }
    }

    /// The place and type of `base.a.b` for the path `[a, b]`, as `place_of` and `type_of`
    /// give them for the written field expression.
    fn field_path(&self, base: &Expr, path: &[String]) -> (Option<Place>, Option<String>) {
        let mut place = self.place_of(base);
        let mut ty = self.type_of(base);
        for member in path {
            let class = ty.filter(|t| self.cx.classes.contains(t));
            place = match &class {
                Some(c) => Some(Place::Field {
                    class: Name::new(c),
                    field: member.into(),
                }),
                None => place.and_then(|p| sub_place(&p, member)),
            };
            ty = class.and_then(|c| self.cx.structs.get(&c)?.get(member).cloned());
        }
        (place, ty)
    }

    /// The cell of a one-time initialised lock reached through it: `CELL` in `CELL.get()`,
    /// `CELL.get_or_init(..)`, `CELL.get().unwrap()`, `CELL.get_or_try_init(..)?` when `CELL`
    /// is declared as the lock inside (`OnceLock<Mutex<T>>`, see `lazy_cell`): a lock has no
    /// such methods of its own.
    fn once_cell_of<'e>(&self, e: &'e Expr) -> Option<&'e Expr> {
        let accessor = match strip_parens(e) {
            Expr::Try(t) => strip_parens(&t.expr),
            Expr::MethodCall(mc) if is_option_unwrap(mc) => strip_parens(&mc.receiver),
            other => other,
        };
        let Expr::MethodCall(mc) = accessor else {
            return None;
        };
        if !is_once_accessor(mc) {
            return None;
        }
        let ty = self.type_of(&mc.receiver)?;
        self.cx.models.lock(&ty).is_some().then_some(&*mc.receiver)
    }

    /// A static of another file reached through a one-time initialiser's accessor
    /// (`crate::state::CELL.get().unwrap()`): its declaration there tells the lock type.
    fn foreign_once_cell(&self, e: &Expr) -> Option<Place> {
        let accessor = match strip_parens(e) {
            Expr::Try(t) => strip_parens(&t.expr),
            Expr::MethodCall(mc) if is_option_unwrap(mc) => strip_parens(&mc.receiver),
            other => other,
        };
        let Expr::MethodCall(mc) = accessor else {
            return None;
        };
        if !is_once_accessor(mc) || self.type_of(&mc.receiver).is_some() {
            return None;
        }
        self.place_of(&mc.receiver)
            .filter(|p| matches!(p, Place::Global(_)))
    }

    /// `get()`/`get_or_init(..)` on a `OnceLock` of a struct of the program, which
    /// `resolve_type` types as the struct: the struct itself, unless it has a method of that name.
    fn peeled_once_accessor(&self, mc: &syn::ExprMethodCall) -> bool {
        is_once_accessor(mc)
            && self.type_of(&mc.receiver).is_some_and(|ty| {
                self.cx.classes.contains(&ty)
                    && !self.cx.fn_names.contains(&format!("{ty}::{}", mc.method))
            })
    }

    /// Whether `e` is [`Self::peeled_once_accessor`]'s call.
    fn peeled_once_value(&self, e: &Expr) -> bool {
        matches!(strip_parens(e), Expr::MethodCall(mc) if self.peeled_once_accessor(mc))
    }

    /// The qualified type of an expression where one file tells it.
    fn type_of(&self, e: &Expr) -> Option<String> {
        match e {
            Expr::Paren(p) => self.type_of(&p.expr),
            Expr::Group(g) => self.type_of(&g.expr),
            Expr::Reference(r) => self.type_of(&r.expr),
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => self.type_of(&u.expr),
            Expr::MethodCall(mc) if is_clone_like(mc) => self.type_of(&mc.receiver),
            Expr::MethodCall(_) | Expr::Try(_) if self.once_cell_of(e).is_some() => {
                self.type_of(self.once_cell_of(e)?)
            }
            // `CELL.get_or_init(..)` on a `OnceLock` of a struct of the program (typed as the
            // struct, see `resolve_type`) is that struct, unless it has a method of that name.
            Expr::MethodCall(mc) if self.peeled_once_accessor(mc) => self.type_of(&mc.receiver),
            // `CELL.get().unwrap()`, `CELL.get()?` on such a cell: the struct.
            Expr::MethodCall(mc)
                if is_option_unwrap(mc) && self.peeled_once_value(&mc.receiver) =>
            {
                self.type_of(&mc.receiver)
            }
            Expr::Try(t) if self.peeled_once_value(&t.expr) => self.type_of(&t.expr),
            Expr::MethodCall(mc) if self.accessor(mc).is_some() => {
                let path = self.accessor(mc)?;
                self.field_path(&mc.receiver, path).1
            }
            // `Builder::new().name(..).stack_size(..)`: a builder's setters return the builder.
            Expr::MethodCall(mc) if BUILDER_SETTERS.contains(&mc.method.to_string().as_str()) => {
                let ty = self.type_of(&mc.receiver)?;
                BUILDER_TYPES.contains(&ty.as_str()).then_some(ty)
            }
            // `Builder::new_current_thread().enable_all().build()`: what a builder builds.
            Expr::MethodCall(mc) if mc.method == "build" && mc.args.is_empty() => {
                let ty = self.type_of(&mc.receiver)?;
                BUILT_TYPES
                    .iter()
                    .find(|(builder, _)| *builder == ty)
                    .map(|(_, built)| built.to_string())
            }
            // `Runtime::new().unwrap()`, `Builder::..build()?`: a constructor's `Result` or
            // `Option` unwrapped is the value it constructs.
            Expr::MethodCall(mc) if is_option_unwrap(mc) => self.built_type(&mc.receiver),
            Expr::Try(t) => self.built_type(&t.expr),
            Expr::Call(c) if is_clone_call(c) => self.type_of(&c.args[0]),
            Expr::Call(c) if self.static_accessor(c).is_some() => {
                let q = self.static_accessor(c)?;
                self.cx.statics.get(q).and_then(|(t, _)| t.clone())
            }
            Expr::Path(p) if p.qself.is_none() => {
                if p.path.segments.len() == 1 {
                    if let Some(v) = self.lookup(&p.path.segments[0].ident.to_string()) {
                        if v.ty.is_some() {
                            return v.ty.clone();
                        }
                        // A live guard derefs to the data its lock protects: `state.events`
                        // on `let state = self.state.lock()` is a field of that data.
                        if let Some(Place::Field { class, field }) = &v.guard_of {
                            return (self.cx.guarded_types)
                                .get(&(class.to_string(), field.to_string()))
                                .cloned();
                        }
                        let place = v.place.as_ref()?;
                        return self.decl_type(place);
                    }
                }
                let q = self.cx.names.qualify_path(&p.path);
                self.cx.statics.get(&q).and_then(|(t, _)| t.clone())
            }
            Expr::Field(f) => {
                let class = self.type_of(&f.base)?;
                self.cx
                    .structs
                    .get(&class)?
                    .get(&member_name(&f.member))
                    .cloned()
            }
            // `Mux::get()`, `registry.current()`: a function of this file returning a class.
            Expr::Call(c) if self.ctor_type(e).is_none() => {
                let Expr::Path(p) = &*c.func else { return None };
                let q = self.cx.names.qualify_path(&p.path);
                self.cx.fn_returns.get(&q).cloned()
            }
            // A method of the program declared to return a class, or one the models name a
            // factory (`event.listen()` is an `EventListener`).
            Expr::MethodCall(mc) => {
                let ty = self.type_of(&mc.receiver)?;
                let q = format!("{ty}::{}", mc.method);
                (self.cx.fn_returns.get(&q).cloned())
                    .or_else(|| self.cx.models.factory(&q).map(String::from))
            }
            // `let listener = { let g = m.lock(); g.event.listen() };`: the block's value.
            Expr::Block(b) if b.label.is_none() => match b.block.stmts.last()? {
                syn::Stmt::Expr(tail, None) => (self.f.block_values)
                    .get(&(tail as *const Expr))
                    .cloned()
                    .or_else(|| self.type_of(tail)),
                _ => None,
            },
            _ => self.ctor_type(e),
        }
    }

    /// The type of a constructor call or a builder's `build()`, before its `Result` is unwrapped.
    fn built_type(&self, e: &Expr) -> Option<String> {
        match strip_parens(e) {
            Expr::MethodCall(mc) if mc.method == "build" => self.type_of(e),
            e => self.ctor_type(e),
        }
    }

    /// The element types of the tuple a modelled call returns (`mpsc::channel::<u32>()`).
    fn tuple_factory_types(&self, call: &syn::ExprCall) -> Option<Vec<String>> {
        let Expr::Path(p) = &*call.func else {
            return None;
        };
        let q = self.cx.names.qualify_path(&p.path);
        self.cx.models.tuple_factory(&q).map(<[String]>::to_vec)
    }

    /// The type a constructor expression builds: `Mutex::new(..)`, `Arc::new(T::default())`,
    /// `T { .. }`.
    fn ctor_type(&self, e: &Expr) -> Option<String> {
        match e {
            Expr::Paren(p) => self.ctor_type(&p.expr),
            Expr::Call(c) => {
                let Expr::Path(p) = &*c.func else { return None };
                if p.path.segments.len() < 2 {
                    return None;
                }
                let q = self.cx.names.qualify_path(&p.path);
                let (owner, _) = q.rsplit_once("::")?;
                if is_transparent_wrapper(owner) {
                    return c.args.first().and_then(|a| self.type_of(a));
                }
                let owner_ident = p.path.segments[p.path.segments.len() - 2].ident.to_string();
                let ctor = p.path.segments[p.path.segments.len() - 1].ident.to_string();
                // `T::get()` with no argument is the type's global instance (bevy's
                // `AsyncComputeTaskPool::get()`), a `T` too.
                if owner_ident.starts_with(|ch: char| ch.is_ascii_uppercase())
                    && (is_ctor_name(&ctor) || (ctor == "get" && c.args.is_empty()))
                {
                    Some(owner.to_string())
                } else {
                    None
                }
            }
            Expr::Struct(s) => Some(self.cx.names.qualify_path(&s.path)),
            _ => None,
        }
    }

    /// The declared type of a place seen earlier in this file (a tuple element, a field).
    fn decl_type(&self, place: &Place) -> Option<String> {
        (self
            .cx
            .out
            .decls
            .iter()
            .find(|d| &d.place == place)
            .map(|d| d.ty))
        .map(String::from)
    }

    fn args_places(&self, args: &Punctuated<Expr, syn::Token![,]>) -> Vec<Option<Place>> {
        args.iter()
            .map(|a| self.place_of(a).or_else(|| self.function_value(a)))
            .collect()
    }

    /// A function handed over as a value: a path naming a function item (`run(slow_cb)`,
    /// `util::pause`), or a local bound to a closure or to such a path, as the `Place::Global`
    /// of that function (as a closure written in place is), so a callee calling the parameter
    /// calls it. A function item is told by its snake_case name that no local binds.
    fn function_value(&self, e: &Expr) -> Option<Place> {
        self.function_named(e).map(|f| Place::Global(f.into()))
    }

    fn function_named(&self, e: &Expr) -> Option<String> {
        if let Some(f) = self.closure_var(e) {
            return Some(f);
        }
        let Expr::Path(p) = strip_parens(e) else {
            return None;
        };
        if p.qself.is_some() {
            return None;
        }
        let last = p.path.segments.last()?.ident.to_string();
        let snake = last.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && last
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !snake || matches!(last.as_str(), "self" | "super" | "crate" | "_") {
            return None;
        }
        if p.path.segments.len() == 1 && self.lookup(&last).is_some() {
            return None;
        }
        let q = self.cx.names.qualify_path(&p.path);
        (!self.cx.statics.contains_key(&q)).then_some(q)
    }

    // ---------------------------------------------------------------- temporaries

    /// Runs `f` in a fresh temporary scope; temporaries acquired inside are held from their
    /// acquire to the end of what `f` emitted.
    fn temp_scope(&mut self, out: &mut Vec<Stmt>, f: impl FnOnce(&mut Self, &mut Vec<Stmt>)) {
        let pend = self.collect_temps(out, f);
        wrap_holds(out, pend);
    }

    /// [`Self::temp_scope`] for the temporaries of `region`, a statement or a `let`: their
    /// guards cover it (`ModuleFacts::hold_regions`).
    fn temp_scope_over(
        &mut self,
        out: &mut Vec<Stmt>,
        region: Span,
        f: impl FnOnce(&mut Self, &mut Vec<Stmt>),
    ) {
        let pend = self.collect_temps(out, f);
        self.note_regions(&pend, region);
        wrap_holds(out, pend);
    }

    fn note_regions(&mut self, pend: &[(usize, LockUse)], region: Span) {
        for (_, lock) in pend {
            self.cx.out.facts.hold_regions.push((lock.span, region));
        }
    }

    fn collect_temps(
        &mut self,
        out: &mut Vec<Stmt>,
        f: impl FnOnce(&mut Self, &mut Vec<Stmt>),
    ) -> Vec<(usize, LockUse)> {
        let saved = std::mem::take(&mut self.f.pending);
        f(self, out);
        std::mem::replace(&mut self.f.pending, saved)
    }

    // ---------------------------------------------------------------- statements

    fn lower_block(&mut self, stmts: &[syn::Stmt], out: &mut Vec<Stmt>) {
        self.f.scopes.push(HashMap::default());
        self.lower_stmts(stmts, out);
        self.f.scopes.pop();
    }

    /// A block expression (`{ .. }`, `unsafe { .. }`) inside a larger expression. Before
    /// edition 2024 the temporaries of its tail expression live to the end of the enclosing
    /// statement, not of the block: `{ match m.read() { .. } }.unwrap_or_else(|| m.write())`
    /// still holds the read guard in the closure.
    fn lower_block_expr(&mut self, stmts: &[syn::Stmt], out: &mut Vec<Stmt>) {
        let tail = match stmts.last() {
            Some(t @ syn::Stmt::Expr(_, None))
                if self.cx.out.facts.edition.is_none_or(|e| e < 2024) =>
            {
                Some((t as *const syn::Stmt, out as *const Vec<Stmt>))
            }
            _ => None,
        };
        let saved = std::mem::replace(&mut self.f.floating_tail, tail);
        self.f.scopes.push(HashMap::default());
        self.lower_stmts(stmts, out);
        // The block's value is typed while its locals are in scope (a guard's data).
        if let Some(syn::Stmt::Expr(value, None)) = stmts.last() {
            if let Some(ty) = self.type_of(value) {
                self.f.block_values.insert(value as *const Expr, ty);
            }
        }
        self.f.scopes.pop();
        self.f.floating_tail = saved;
    }

    fn lower_stmts(&mut self, stmts: &[syn::Stmt], out: &mut Vec<Stmt>) {
        let alternatives = cfg_alternatives(stmts, &self.f.cfg_alternatives);
        self.f.cfg_alternatives.extend(alternatives);
        let mut i = 0;
        while i < stmts.len() {
            if self
                .f
                .cfg_alternatives
                .contains(&(&stmts[i] as *const syn::Stmt))
            {
                i += 1;
                continue;
            }
            match &stmts[i] {
                syn::Stmt::Local(local) => {
                    // `let _ = self.thread.take();` drops the handle as the bare statement does.
                    if let (syn::Pat::Wild(_), Some(init)) = (&local.pat, &local.init) {
                        self.note_dropped_handle(&init.expr);
                        self.f.discarded = Some(dropped_result(&init.expr) as *const Expr);
                    }
                    let before = out.len();
                    let lowered = self.lower_local(local, out);
                    if let (syn::Pat::Wild(_), Some(init)) = (&local.pat, &local.init) {
                        self.note_discarded_call(&init.expr, out);
                        self.note_count_dropped_read(&init.expr);
                    }
                    self.note_unread_local(local, &stmts[i + 1..], out);
                    if lowered.is_none() {
                        self.note_let_uses(local, &stmts[i + 1..], &out[before.min(out.len())..]);
                        self.note_bound_call(local, &stmts[i + 1..], out);
                    }
                    if let Some((name, lock)) = lowered {
                        // A named guard: held until `drop(name)` in this block, or its end.
                        let end = (i + 1..stmts.len())
                            .find(|&j| guards::is_drop_of(&stmts[j], &name))
                            .unwrap_or(stmts.len());
                        let last = stmts.get(end).or(stmts.last()).unwrap_or(&stmts[i]);
                        let (from, to) = (self.span(local), self.span(last));
                        let region = Span::new(from.file, from.start, to.end.max(from.end));
                        self.cx.out.facts.hold_regions.push((lock.span, region));
                        let mut body = Vec::new();
                        self.lower_stmts(&stmts[i + 1..end], &mut body);
                        out.push(Stmt::Hold {
                            lock,
                            body: body.into(),
                        });
                        // The `drop(name)` that ends the region is the region's end.
                        i = end + 1;
                        continue;
                    }
                }
                syn::Stmt::Expr(e, semi) => {
                    if semi.is_some() {
                        self.note_dropped_handle(e);
                        self.f.discarded = Some(dropped_result(e) as *const Expr);
                    }
                    let region = self.span(e);
                    // The tail of a block expression lowered into the output of the
                    // statement around it (not into a named guard's region): its temporaries
                    // are that statement's (`lower_block_expr`).
                    let floats = semi.is_none()
                        && self.f.floating_tail.is_some_and(|(tail, into)| {
                            std::ptr::eq(tail, &stmts[i]) && std::ptr::eq(into, &*out)
                        });
                    if floats {
                        self.f.floating_tail = None;
                        self.lower_expr(e, out);
                    } else {
                        self.temp_scope_over(out, region, |s, out| s.lower_expr(e, out));
                    }
                    if semi.is_some() {
                        self.note_discarded_call(e, out);
                        self.note_count_dropped_read(e);
                    }
                    if semi.is_some()
                        && matches!(strip_result(e), Expr::Call(_) | Expr::MethodCall(_))
                    {
                        // `thread::spawn(..);`: the `;` drops the value, wherever the statement
                        // is (lifecycle's block-value tails skip it, also when only statements
                        // without events follow it, `Self { sender }`).
                        if let Some(Event::Spawn { span, .. }) = last_event(out) {
                            let span = *span;
                            self.cx.out.facts.discarded_calls.push(span);
                        }
                    }
                }
                syn::Stmt::Macro(m) => {
                    for ls in lazy_statics(&m.mac) {
                        self.cx.static_decl(&ls.ident);
                    }
                    self.temp_scope(out, |s, out| s.lower_macro(&m.mac, out));
                }
                syn::Stmt::Item(item) => self.cx.lower_item(item),
            }
            i += 1;
        }
    }

    /// A call whose value the statement just lowered into `out` drops (`helper()?;`, `let _ =
    /// helper();`): its span goes to `discarded_calls`.
    fn note_discarded_call(&mut self, e: &Expr, out: &[Stmt]) {
        let core = strip_result(e);
        if !matches!(core, Expr::Call(_) | Expr::MethodCall(_)) {
            return;
        }
        let span = self.span(core);
        if let Some(Event::Call { span: at, .. } | Event::Spawn { span: at, .. }) = last_event(out)
        {
            if *at == span {
                self.cx.out.facts.discarded_calls.push(span);
            }
        }
    }

    /// `ModuleFacts::bound_calls` for `let name = helper(..)` (through `?`, `unwrap()`,
    /// `expect(..)`), the call being the last event the `let` lowered into `out`, when the rest
    /// of the block uses `name` only through its own methods, fields and shared borrows.
    fn note_bound_call(&mut self, local: &syn::Local, rest: &[syn::Stmt], out: &[Stmt]) {
        let (Pat::Ident(p), Some(init)) = (strip_pat(&local.pat), &local.init) else {
            return;
        };
        if p.subpat.is_some() || init.diverge.is_some() {
            return;
        }
        let core = strip_result(&init.expr);
        if !matches!(core, Expr::Call(_) | Expr::MethodCall(_)) {
            return;
        }
        let span = self.span(core);
        if !matches!(last_event(out), Some(Event::Call { span: at, .. }) if *at == span) {
            return;
        }
        let name = p.ident.to_string();
        if !children::only_own_uses(&name, rest) {
            return;
        }
        if let Some(place) = self.lookup(&name).and_then(|v| v.place.clone()) {
            self.cx.out.facts.bound_calls.push((span, place));
        }
    }

    /// `ModuleFacts::count_dropped_reads` for a statement dropping what `r.read(&mut buf)` (or
    /// another of `COUNTING_READS`) returns (through `?`, `unwrap()`, `expect(..)`, `ok()`).
    fn note_count_dropped_read(&mut self, e: &Expr) {
        if let Expr::MethodCall(mc) = strip_result(dropped_result(e)) {
            if COUNTING_READS.iter().any(|m| mc.method == m) && mc.args.len() == 1 {
                let span = self.span(mc);
                self.cx.out.facts.count_dropped_reads.push(span);
            }
        }
    }

    /// `ModuleFacts::unread_locals` for `let name = call(..);` (a spawn or a call, just lowered
    /// into `out`) whose name the rest of the block never mentions, macro arguments included:
    /// the value is dropped at the end of the block (a thread's handle never joined).
    fn note_unread_local(&mut self, local: &syn::Local, rest: &[syn::Stmt], out: &[Stmt]) {
        let (syn::Pat::Ident(p), Some(init)) = (&local.pat, &local.init) else {
            return;
        };
        if p.by_ref.is_some() || p.subpat.is_some() || init.diverge.is_some() {
            return;
        }
        let core = strip_result(&init.expr);
        if !matches!(core, Expr::Call(_) | Expr::MethodCall(_)) {
            return;
        }
        let span = self.span(core);
        let made_here = matches!(
            last_event(out),
            Some(Event::Call { span: at, .. } | Event::Spawn { span: at, .. }) if *at == span
        );
        let name = p.ident.to_string();
        // `let _worker = thread::spawn(..)`: the name says the value is kept unused on purpose
        // (a test's thread left to run, or one that deadlocks by design).
        if name.starts_with('_') {
            return;
        }
        if made_here && !mentions(rest, &name) {
            let function = Name::new(&self.f.name);
            self.cx
                .out
                .facts
                .unread_locals
                .push((function, Name::new(&name)));
        }
    }

    /// `ModuleFacts::let_uses` for `let name = ..;` whose initializer (lowered into `lowered`)
    /// calls, takes a lock or reads guarded data: where the rest of the block names it.
    fn note_let_uses(&mut self, local: &syn::Local, rest: &[syn::Stmt], lowered: &[Stmt]) {
        let (Some(init), Some(name)) = (&local.init, guards::binding_name(&local.pat)) else {
            return;
        };
        let mut makes = false;
        crate::ir::walk_stmts(lowered, &mut |s| {
            makes |= matches!(
                s,
                Stmt::Hold { .. } | Stmt::Event(Event::Call { .. } | Event::Access { .. })
            )
        });
        let from_tracked = || {
            self.f
                .tracked_lets
                .iter()
                .any(|n| !uses_in_expr(&init.expr, n).is_empty())
        };
        if !makes && !from_tracked() {
            return;
        }
        let uses: Vec<Span> = uses_of(rest, &name)
            .into_iter()
            .map(|p| self.span(p))
            .collect();
        if uses.is_empty() {
            return;
        }
        let init_expr = init;
        let init = self.span(&*init.expr);
        self.f.tracked_lets.insert(name.clone());
        self.cx.out.facts.let_uses.push(crate::ir::LetUses {
            function: Name::new(&self.f.name),
            name: Name::new(&name),
            init,
            uses,
            cloned: is_cloned_value(&init_expr.expr),
            quantity: takes_quantity(&init_expr.expr),
        });
    }

    /// Lowers a `let`; returns the guard's name and lock when it binds a guard.
    fn lower_local(
        &mut self,
        local: &syn::Local,
        out: &mut Vec<Stmt>,
    ) -> Option<(String, LockUse)> {
        let Some(init) = &local.init else {
            self.bind_pat(&local.pat, None, None);
            return None;
        };
        let name = guards::binding_name(&local.pat);
        // The place the binding names. A `let` binding a new value over a name still in scope
        // (`let epochs = Arc::new(Mutex::new(slab));` after `let epochs = other.lock()`) names
        // a place of its own: shadowing keeps the old value alive, and the two are different
        // locks. An alias (`let data = Arc::clone(&data);`) keeps naming what it aliases.
        let slot = name.as_ref().map(|n| {
            if self.lookup(n).is_some() && self.alias_of(&init.expr).is_none() {
                let k = self.f.shadowed.entry(n.clone()).or_insert(0);
                *k += 1;
                let versioned = format!("{n}'{k}");
                self.local(&versioned)
            } else {
                self.local(n)
            }
        });
        if let Some(n) = &name {
            // A closure bound to a variable runs when it is called (or spawned), not here; a
            // function bound by name (`let cb: fn() = slow_cb;`) is that function: a call of
            // the variable calls it.
            let function = match strip_parens(&init.expr) {
                Expr::Closure(cl) => {
                    let is_async = cl.asyncness.is_some() || matches!(&*cl.body, Expr::Async(_));
                    Some(self.lower_closure_fn(&cl.inputs, &cl.body, is_async))
                }
                e => self.function_named(e),
            };
            if let Some(f) = function {
                let var = Var {
                    place: slot.clone(),
                    ty: None,
                    guard_of: None,
                    closure: Some(f),
                    written: None,
                };
                self.bind(n.clone(), var);
                return None;
            }
        }
        let core = guards::strip_guard_wrappers(&init.expr);
        let is_guard_core = matches!(core, Expr::MethodCall(mc) if self.lock_use(mc).is_some());
        self.f.guard_core = is_guard_core.then_some(core as *const Expr);
        self.f.named = None;
        if let Some(place) = &slot {
            let hint = strip_result(&init.expr);
            self.f.handle_hint = Some((hint as *const Expr, place.clone()));
        }
        let saved_target = self.f.let_target.take();
        self.f.let_target = slot.clone();
        let region = self.span(local);
        self.temp_scope_over(out, region, |s, out| {
            s.lower_expr(&init.expr, out);
            if let Some((_, diverge)) = &init.diverge {
                let mut arm = Vec::new();
                s.temp_scope(&mut arm, |s, arm| s.lower_expr(diverge, arm));
                out.push(Stmt::Branch {
                    cond: ThinVec::new(),
                    arms: thin_vec::thin_vec![arm, Vec::new()],
                    span: s.span(&**diverge),
                });
            }
        });
        self.f.guard_core = None;
        self.f.handle_hint = None;
        self.f.let_target = saved_target;
        // `let Ok(child) = cmd.spawn() else { .. };`: held from here on.
        self.open_in_arm(&local.pat, out);
        // `let thread = thread::spawn(..); Self { _thread: thread }`: the handle lives on in a
        // field (KN304 asks whether anything ever reads it to join it).
        if let (
            Some(n),
            Some(Event::Spawn {
                handle: Some(h),
                ctx: ExecCtx::Thread,
                span,
                ..
            }),
        ) = (&name, last_event(out))
        {
            if Some(h) == slot.as_ref() {
                if let Some(field) = self.f.moved_into.get(n) {
                    let kept = (*span, field.clone());
                    self.cx.out.facts.kept_handle_fields.push(kept);
                }
            }
        }
        let named = self.f.named.take();
        if let (Some(lock), Some(n)) = (named, &name) {
            let var = Var {
                place: slot.clone(),
                ty: None,
                guard_of: Some(lock.lock.clone()),
                closure: None,
                written: None,
            };
            self.bind(n.clone(), var);
            return Some((n.clone(), lock));
        }
        self.note_read_from_data(&local.pat, &init.expr);
        // `let (a1, b1) = (a.clone(), Arc::clone(&b));`: each element is an alias of its own.
        if let (Pat::Tuple(pt), Expr::Tuple(et)) = (strip_pat(&local.pat), strip_parens(&init.expr))
        {
            if pt.elems.len() == et.elems.len() {
                for (p, e) in pt.elems.iter().zip(&et.elems) {
                    let alias = self.alias_of(e);
                    self.bind_pat(p, alias, None);
                }
                return None;
            }
        }
        // `let (tx, rx) = mpsc::channel();`: a tuple factory model types each element.
        if let (Pat::Tuple(pt), Expr::Call(call)) =
            (strip_pat(&local.pat), strip_parens(&init.expr))
        {
            if let Some(types) = self.tuple_factory_types(call) {
                if types.len() == pt.elems.len() {
                    for (p, ty) in pt.elems.iter().zip(types) {
                        self.bind_pat(p, None, Some(ty.clone()));
                        if let Some(n) = guards::binding_name(p) {
                            let place = self.local(&n);
                            self.cx.out.decls.push(PlaceDecl {
                                place,
                                ty: Name::new(&ty),
                                args: Vec::new(),
                                span: self.span(p),
                            });
                        }
                    }
                    return None;
                }
            }
        }
        let alias = self.alias_of(&init.expr);
        let ty = self.type_of(&init.expr);
        if alias.is_none() {
            if let Some(n) = &name {
                // A new lock the function later moves into a field of a struct it builds.
                let field = self.f.moved_into.get(n).filter(|_| {
                    ty.as_deref()
                        .is_some_and(|t| self.cx.models.lock(t).is_some())
                });
                if let Some(field) = field.cloned() {
                    self.bind(
                        n.clone(),
                        Var {
                            place: Some(field),
                            ty,
                            guard_of: None,
                            closure: None,
                            written: None,
                        },
                    );
                    return None;
                }
                let place = slot.clone().unwrap_or_else(|| self.local(n));
                let ty = local_annotation(&local.pat)
                    .and_then(|t| self.cx.resolve_type(t))
                    .or(ty.clone());
                self.tuple_decls(&place, &init.expr);
                if let Some(ty) = &ty {
                    if self.cx.is_interesting(ty) {
                        self.cx.out.decls.push(PlaceDecl {
                            place: place.clone(),
                            ty: Name::new(ty),
                            args: Vec::new(),
                            span: self.span(&local.pat),
                        });
                    }
                }
                self.bind(
                    n.clone(),
                    Var {
                        place: Some(place),
                        ty,
                        guard_of: None,
                        closure: None,
                        written: local_annotation(&local.pat).map(|t| Box::new(t.clone())),
                    },
                );
                return None;
            }
        }
        self.bind_pat(&local.pat, alias, ty);
        None
    }

    /// The place a `let` initialiser names when the binding is an alias of it: `&b`,
    /// `b.clone()`, `Arc::clone(&b)`, a move of a local.
    fn alias_of(&self, init: &Expr) -> Option<Place> {
        match init {
            Expr::Reference(_) | Expr::MethodCall(_) | Expr::Call(_) | Expr::Paren(_) => {
                self.place_of(init)
            }
            Expr::Path(p) if p.path.segments.len() == 1 => self
                .place_of(init)
                .filter(|pl| !matches!(pl, Place::Global(_))),
            _ => None,
        }
    }

    /// `let pair = Arc::new((Mutex::new(..), Condvar::new()));`: a decl per element
    /// (`pair.0`, `pair.1`), which `let (lock, cvar) = &*pair;` later names.
    fn tuple_decls(&mut self, place: &Place, init: &Expr) {
        let mut e = strip_parens(init);
        while let Expr::Call(c) = e {
            let Expr::Path(p) = &*c.func else { return };
            let q = self.cx.names.qualify_path(&p.path);
            let Some((owner, "new")) = q.rsplit_once("::") else {
                return;
            };
            if !is_transparent_wrapper(owner) || c.args.len() != 1 {
                return;
            }
            e = strip_parens(&c.args[0]);
        }
        let Expr::Tuple(t) = e else { return };
        for (i, elem) in t.elems.iter().enumerate() {
            let Some(ty) = self.ctor_type(elem) else {
                continue;
            };
            let Some(sub) = sub_place(place, &i.to_string()) else {
                continue;
            };
            if self.cx.is_interesting(&ty) {
                let span = self.span(elem);
                self.cx.out.decls.push(PlaceDecl {
                    place: sub,
                    ty: ty.into(),
                    args: Vec::new(),
                    span,
                });
            }
        }
    }

    // ---------------------------------------------------------------- expressions

    fn lower_exprs<'e>(&mut self, es: impl IntoIterator<Item = &'e Expr>, out: &mut Vec<Stmt>) {
        for e in es {
            self.lower_expr(e, out);
        }
    }

    fn lower_expr(&mut self, e: &Expr, out: &mut Vec<Stmt>) {
        match e {
            Expr::Paren(p) => self.lower_expr(&p.expr, out),
            Expr::Group(g) => self.lower_expr(&g.expr, out),
            Expr::Array(a) => self.lower_exprs(&a.elems, out),
            Expr::Tuple(t) => self.lower_exprs(&t.elems, out),
            Expr::Assign(a) => {
                self.note_stored_param(&a.left, &a.right);
                self.lower_expr(&a.right, out);
                self.lower_target(&a.left, AccessKind::Write, out);
            }
            Expr::Binary(b) => {
                if is_compound_assign(&b.op) {
                    self.lower_expr(&b.right, out);
                    self.lower_target(&b.left, AccessKind::ReadModifyWrite, out);
                } else {
                    self.lower_expr(&b.left, out);
                    self.lower_expr(&b.right, out);
                    self.ordering(b, out);
                }
            }
            Expr::Async(a) => {
                let mut body = Vec::new();
                self.f.inline_closures += 1;
                self.lower_block(&a.block.stmts, &mut body);
                self.f.inline_closures -= 1;
                out.push(Stmt::Block(body.into()));
            }
            Expr::Await(a) => {
                let base = strip_parens(&a.base);
                self.f.await_core = match base {
                    Expr::MethodCall(mc) => Some(mc as *const syn::ExprMethodCall),
                    _ => None,
                };
                self.lower_expr(&a.base, out);
                self.f.await_core = None;
                if !std::mem::take(&mut self.f.await_emitted) {
                    let span = self.span(&a.await_token);
                    self.push(out, Event::Await { span });
                }
                // Awaiting a task's handle joins the task.
                if let Some(h) = self.place_of(base).filter(|p| self.f.handles.contains(p)) {
                    let span = self.span(e);
                    self.push(
                        out,
                        Event::Join {
                            handle: h,
                            timed: false,
                            span,
                        },
                    );
                }
            }
            Expr::Block(b) => self.lower_block_expr(&b.block.stmts, out),
            Expr::Unsafe(u) => self.lower_block_expr(&u.block.stmts, out),
            Expr::Const(c) => self.lower_block(&c.block.stmts, out),
            Expr::TryBlock(t) => {
                self.f.try_blocks += 1;
                self.lower_block(&t.block.stmts, out);
                self.f.try_blocks -= 1;
            }
            Expr::Break(b) => {
                if let Some(v) = &b.expr {
                    self.lower_expr(v, out);
                }
                out.push(Stmt::Break(self.span(&b.break_token)));
            }
            Expr::Continue(c) => out.push(Stmt::Continue(self.span(&c.continue_token))),
            Expr::Return(r) => {
                if let Some(v) = &r.expr {
                    self.lower_expr(v, out);
                }
                // A `return` of a closure lowered in place ends the closure, not the function.
                if self.f.inline_closures == 0 {
                    let span = self.span(&r.return_token);
                    if r.expr.as_deref().is_some_and(is_err_value) {
                        self.cx.out.facts.error_returns.push(span);
                    }
                    out.push(Stmt::Return(span));
                }
            }
            Expr::Call(c) => self.lower_call(e, c, out),
            Expr::MethodCall(mc) => self.lower_method_call(e, mc, out),
            Expr::Cast(c) => self.lower_expr(&c.expr, out),
            Expr::Closure(c) => {
                // Closures not passed to a spawn API run where they are used; lowering them
                // in place keeps their events in this function.
                self.f.scopes.push(HashMap::default());
                for p in &c.inputs {
                    self.bind_pat(p, None, None);
                }
                let mut body = Vec::new();
                self.f.inline_closures += 1;
                self.temp_scope(&mut body, |s, body| s.lower_expr(&c.body, body));
                self.f.inline_closures -= 1;
                self.f.scopes.pop();
                if !body.is_empty() {
                    out.push(Stmt::Block(body.into()));
                }
            }
            Expr::Field(f) => {
                self.lower_expr(&f.base, out);
                self.guard_data_access(&f.base, AccessKind::Read, out);
            }
            Expr::ForLoop(fl) => self.lower_for(fl, out),
            Expr::If(i) => self.lower_if(i, out),
            Expr::Index(ix) => {
                self.lower_expr(&ix.expr, out);
                self.lower_expr(&ix.index, out);
            }
            Expr::Let(l) => {
                self.lower_expr(&l.expr, out);
                self.bind_pat(&l.pat, None, None);
                self.bind_guard_pattern(&l.pat, &l.expr);
                self.note_read_from_data(&l.pat, &l.expr);
            }
            Expr::Loop(l) => {
                let mut body = Vec::new();
                self.lower_block(&l.body.stmts, &mut body);
                out.push(Stmt::Loop {
                    cond: ThinVec::new(),
                    body: body.into(),
                    infinite: true,
                    span: self.span(&l.loop_token),
                });
            }
            Expr::Macro(m) => self.lower_macro(&m.mac, out),
            Expr::Match(m) => self.lower_match(m, out),
            Expr::Path(p) => self.lower_read(e, p, out),
            Expr::Range(r) => {
                if let Some(s) = &r.start {
                    self.lower_expr(s, out);
                }
                if let Some(s) = &r.end {
                    self.lower_expr(s, out);
                }
            }
            Expr::RawAddr(r) => self.lower_expr(&r.expr, out),
            Expr::Reference(r) => self.lower_expr(&r.expr, out),
            Expr::Repeat(r) => self.lower_expr(&r.expr, out),
            Expr::Struct(s) => {
                for f in &s.fields {
                    self.lower_expr(&f.expr, out);
                }
                if let Some(rest) = &s.rest {
                    self.lower_expr(rest, out);
                }
            }
            Expr::Try(t) => {
                self.lower_expr(&t.expr, out);
                // Its error path leaves the function, unless a closure, an `async` block or a
                // `try` block lowered in place around it catches it.
                if self.f.inline_closures == 0 && self.f.try_blocks == 0 && !self.f.is_main {
                    out.push(Stmt::ErrorReturn {
                        expr: self.span(e),
                        at: self.span(&t.question_token),
                    });
                }
            }
            Expr::Unary(u) => {
                self.lower_expr(&u.expr, out);
                if matches!(u.op, syn::UnOp::Deref(_)) {
                    self.guard_data_access(&u.expr, AccessKind::Read, out);
                }
            }
            Expr::While(w) => self.lower_while(w, out),
            Expr::Yield(y) => {
                if let Some(v) = &y.expr {
                    self.lower_expr(v, out);
                }
            }
            _ => {}
        }
    }

    /// A read of a `static mut`.
    fn lower_read(&mut self, e: &Expr, p: &syn::ExprPath, out: &mut Vec<Stmt>) {
        if p.path.segments.len() == 1
            && self.lookup(&p.path.segments[0].ident.to_string()).is_some()
        {
            return;
        }
        let q = self.cx.names.qualify_path(&p.path);
        if matches!(self.cx.statics.get(&q), Some((_, true))) {
            let span = self.span(e);
            self.push(
                out,
                Event::Access {
                    place: Place::Global(q.into()),
                    kind: AccessKind::Read,
                    atomic: Atomicity::Plain,
                    span,
                },
            );
        }
    }

    /// The left side of an assignment: lower its subexpressions, then the write itself when it
    /// hits a `static mut` or data behind a guard.
    fn lower_target(&mut self, target: &Expr, kind: AccessKind, out: &mut Vec<Stmt>) {
        let root = lvalue_root(target);
        let span = self.span(target);
        // `g = cvar.wait(g).unwrap();` rebinds the guard; it writes no guarded data.
        let writes_through = !matches!(strip_parens(target), Expr::Path(_));
        // Subexpressions: the root's own acquire (a temporary guard), index expressions.
        lower_lvalue_parts(self, target, out);
        if let Expr::Path(p) = root {
            let is_local = p.path.segments.len() == 1
                && self.lookup(&p.path.segments[0].ident.to_string()).is_some();
            let q = self.cx.names.qualify_path(&p.path);
            if !is_local && matches!(self.cx.statics.get(&q), Some((_, true))) {
                self.push(
                    out,
                    Event::Access {
                        place: Place::Global(q.into()),
                        kind,
                        atomic: Atomicity::Plain,
                        span,
                    },
                );
                return;
            }
        }
        if let Some(lock) = self.guarded_place(root).filter(|_| writes_through) {
            self.push(
                out,
                Event::Access {
                    place: lock,
                    kind,
                    atomic: Atomicity::Plain,
                    span,
                },
            );
        }
    }

    /// The lock whose data `e` is, when `e` is a guard variable or a guard-producing acquire.
    fn guarded_place(&self, e: &Expr) -> Option<Place> {
        let e = strip_parens(e);
        if let Expr::Path(p) = e {
            if p.path.segments.len() == 1 {
                return self
                    .lookup(&p.path.segments[0].ident.to_string())?
                    .guard_of
                    .clone();
            }
            return None;
        }
        let core = guards::strip_guard_wrappers(e);
        if let Expr::MethodCall(mc) = core {
            return self.lock_use(mc).map(|l| l.lock);
        }
        None
    }

    /// An access to guarded data through `base` (`g.x`, `*g`), when `base` is a guard.
    fn guard_data_access(&mut self, base: &Expr, kind: AccessKind, out: &mut Vec<Stmt>) {
        if let Some(lock) = self.guarded_place(base) {
            let span = self.span(base);
            self.push(
                out,
                Event::Access {
                    place: lock,
                    kind,
                    atomic: Atomicity::Plain,
                    span,
                },
            );
        }
    }

    fn lower_if(&mut self, i: &syn::ExprIf, out: &mut Vec<Stmt>) {
        let is_let = contains_let(&i.cond);
        let mut cond = Vec::new();
        self.f.scopes.push(HashMap::default());
        let pend = self.collect_temps(&mut cond, |s, c| s.lower_expr(&i.cond, c));
        let mut then = Vec::new();
        if let Expr::Let(l) = &*i.cond {
            self.open_in_arm(&l.pat, &mut then);
        }
        self.lower_block(&i.then_branch.stmts, &mut then);
        self.f.scopes.pop();
        let mut other = Vec::new();
        if let Some((_, e)) = &i.else_branch {
            self.temp_scope(&mut other, |s, o| s.lower_expr(e, o));
        }
        let span = self.span(&i.if_token);
        let region = if is_let {
            self.span(i)
        } else {
            self.span(&*i.cond)
        };
        self.note_regions(&pend, region);
        if is_let && self.cx.out.facts.edition.is_some_and(|e| e >= 2024) {
            // Edition 2024: the scrutinee's temporaries are dropped before `else`.
            let then = vec![nest_holds(Stmt::Block(then.into()), pend)];
            out.push(Stmt::Branch {
                cond: cond.into(),
                arms: thin_vec::thin_vec![then, other],
                span,
            });
        } else if is_let {
            // Before edition 2024: the scrutinee's temporaries live through both branches.
            let stmt = Stmt::Branch {
                cond: cond.into(),
                arms: thin_vec::thin_vec![then, other],
                span,
            };
            out.push(nest_holds(stmt, pend));
        } else {
            wrap_holds(&mut cond, pend);
            out.push(Stmt::Branch {
                cond: cond.into(),
                arms: thin_vec::thin_vec![then, other],
                span,
            });
        }
    }

    fn lower_match(&mut self, m: &syn::ExprMatch, out: &mut Vec<Stmt>) {
        let mut cond = Vec::new();
        let pend = self.collect_temps(&mut cond, |s, c| s.lower_expr(&m.expr, c));
        let mut arms = Vec::new();
        for arm in &m.arms {
            self.f.scopes.push(HashMap::default());
            self.bind_pat(unguard(&arm.pat), None, None);
            self.bind_guard_pattern(unguard(&arm.pat), &m.expr);
            let mut body = Vec::new();
            self.open_in_arm(&arm.pat, &mut body);
            self.temp_scope(&mut body, |s, b| {
                if let Pat::Guard(g) = &arm.pat {
                    s.lower_expr(&g.guard, b);
                }
                s.lower_expr(&arm.body, b);
            });
            self.f.scopes.pop();
            arms.push(body);
        }
        let stmt = Stmt::Branch {
            cond: cond.into(),
            arms: arms.into(),
            span: self.span(&m.match_token),
        };
        // A scrutinee's temporaries live to the end of the enclosing temporary scope (the
        // statement, an arm, a closure's body), not of the `match`: a `match` the statement
        // goes on from (`match m.read() { .. }.unwrap_or_else(|| ..)`, an argument) holds its
        // guard over the rest of the statement.
        let region = self.span(m);
        self.note_regions(&pend, region);
        let at = out.len();
        self.f
            .pending
            .extend(pend.into_iter().map(|(_, lock)| (at, lock)));
        out.push(stmt);
    }

    fn lower_while(&mut self, w: &syn::ExprWhile, out: &mut Vec<Stmt>) {
        let is_let = contains_let(&w.cond);
        let mut cond = Vec::new();
        self.f.scopes.push(HashMap::default());
        let pend = self.collect_temps(&mut cond, |s, c| s.lower_expr(&w.cond, c));
        let mut body = Vec::new();
        self.lower_block(&w.body.stmts, &mut body);
        self.f.scopes.pop();
        if is_let {
            // A `while let` scrutinee's temporaries live through the loop body.
            for (_, lock) in pend.into_iter().rev() {
                body = vec![Stmt::Hold {
                    lock,
                    body: body.into(),
                }];
            }
        } else {
            wrap_holds(&mut cond, pend);
        }
        out.push(Stmt::Loop {
            cond: cond.into(),
            body: body.into(),
            infinite: false,
            span: self.span(&w.while_token),
        });
    }

    fn lower_for(&mut self, fl: &syn::ExprForLoop, out: &mut Vec<Stmt>) {
        let mut cond = Vec::new();
        let pend = self.collect_temps(&mut cond, |s, c| s.lower_expr(&fl.expr, c));
        self.f.scopes.push(HashMap::default());
        // `for h in handles` / `handles.into_iter()` / `handles.drain(..)`: the loop variable
        // stands for the collection's elements, so `h.join()` joins `handles`.
        let elems = self.place_of(iter_source(&fl.expr));
        self.bind_pat(&fl.pat, elems, None);
        self.note_read_from_data(&fl.pat, &fl.expr);
        if let Some(items) = self.loop_items_written(&fl.expr) {
            self.type_loop_pat(&fl.pat, &items);
        }
        let mut body = Vec::new();
        self.lower_block(&fl.body.stmts, &mut body);
        self.f.scopes.pop();
        let stmt = Stmt::Loop {
            cond: cond.into(),
            body: body.into(),
            infinite: false,
            span: self.span(&fl.for_token),
        };
        // The iterator expression's temporaries live for the whole loop.
        out.push(nest_holds(stmt, pend));
    }

    /// The written type of a collection expression: a local a typed loop bound, a field of a
    /// struct of this file, or the data of a lock field of one through a guard
    /// (`self.windows.write()`, a guard local).
    fn written_type(&self, e: &Expr) -> Option<Type> {
        let e = strip_parens(e);
        match e {
            Expr::Reference(r) => return self.written_type(&r.expr),
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => {
                return self.written_type(&u.expr)
            }
            _ => {}
        }
        if let Some(Place::Field { class, field }) = self.guarded_place(e) {
            let ty = self
                .cx
                .field_written
                .get(&(class.to_string(), field.to_string()))?;
            return self.cx.lock_data_written(ty).cloned();
        }
        match e {
            Expr::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => self
                .lookup(&p.path.segments[0].ident.to_string())?
                .written
                .as_deref()
                .cloned(),
            Expr::Field(f) => {
                let class = self.type_of(&f.base)?;
                self.cx
                    .field_written
                    .get(&(class, member_name(&f.member)))
                    .cloned()
            }
            _ => None,
        }
    }

    /// The written type of the items of a `for` loop's iterator expression (`win.iter()`,
    /// `self.tabs.read().values()`, `&self.list`).
    fn loop_items_written(&self, iter: &Expr) -> Option<Type> {
        if let Expr::MethodCall(mc) = strip_parens(iter) {
            let items = match mc.method.to_string().as_str() {
                "iter" | "iter_mut" | "into_iter" | "drain" => Items::All,
                "values" | "values_mut" | "into_values" => Items::Values,
                "keys" | "into_keys" => Items::Keys,
                _ => {
                    let coll = self.written_type(iter)?;
                    return self.cx.items_written(&coll, Items::All);
                }
            };
            let coll = self.written_type(&mc.receiver)?;
            return self.cx.items_written(&coll, items);
        }
        let coll = self.written_type(iter)?;
        self.cx.items_written(&coll, Items::All)
    }

    /// Gives the variables `pat` bound the types of the parts of `ty` they match: a variable
    /// bound to a value of a class of the program gets that class (`for tab in win.iter()`:
    /// `tab.kill()` calls `Tab::kill`), and any one the written type, for the loops over it.
    fn type_loop_pat(&mut self, pat: &Pat, ty: &Type) {
        match pat {
            Pat::Ident(i) if i.subpat.is_none() => {
                // A trait object's method calls stay untyped: they run the implementations
                // (`CallGraph::dispatch`).
                let dynamic = matches!(
                    self.cx.peel_written(ty),
                    Type::TraitObject(_) | Type::ImplTrait(_)
                );
                let class = (!dynamic)
                    .then(|| self.cx.resolve_type(ty))
                    .flatten()
                    .filter(|t| {
                        t.contains("::") && !t.starts_with("std::") && !self.cx.is_model_type(t)
                    });
                let name = i.ident.to_string();
                if let Some(v) = self.f.scopes.last_mut().and_then(|s| s.get_mut(&name)) {
                    if v.ty.is_none() {
                        v.ty = class;
                    }
                    v.written = Some(Box::new(ty.clone()));
                }
            }
            Pat::Reference(r) => self.type_loop_pat(&r.pat, ty),
            Pat::Paren(p) => self.type_loop_pat(&p.pat, ty),
            Pat::Tuple(t) => {
                let Type::Tuple(tt) = self.cx.peel_written(ty) else {
                    return;
                };
                if tt.elems.len() != t.elems.len() {
                    return;
                }
                let parts: Vec<Type> = tt.elems.iter().cloned().collect();
                for (p, ty) in t.elems.iter().zip(&parts) {
                    self.type_loop_pat(p, ty);
                }
            }
            _ => {}
        }
    }

    fn lower_macro(&mut self, mac: &syn::Macro, out: &mut Vec<Stmt>) {
        let parser = Punctuated::<Expr, syn::Token![,]>::parse_terminated;
        let Ok(args) = mac.parse_body_with(parser) else {
            self.macro_exits(mac, out);
            return;
        };
        let name = mac.path.segments.last().map(|s| s.ident.to_string());
        if let Some(exit) = name.as_deref().and_then(ErrorExit::of) {
            self.error_exit(mac, exit, &args, out);
            return;
        }
        for a in &args {
            match a {
                // `format!("{x}", x = expr)`: only the value is an expression.
                Expr::Assign(asg) => self.lower_expr(&asg.right, out),
                _ => self.lower_expr(a, out),
            }
        }
        if (name.as_deref())
            .is_some_and(|n| n.starts_with("assert") || n.starts_with("debug_assert"))
        {
            let span = self.span(mac);
            self.cx.out.facts.assertions.push(span);
        }
        if name.is_some_and(|n| FORMAT_MACROS.contains(&n.as_str())) {
            self.format_calls(&args, out);
        }
    }

    /// `bail!(..)` returns its error; `ensure!(cond, ..)` returns one when `cond` is false (the
    /// error macros of anyhow, eyre and snafu's `ensure!`). The function leaves there like at a
    /// `return Err(..)`.
    fn error_exit(
        &mut self,
        mac: &syn::Macro,
        exit: ErrorExit,
        args: &Punctuated<Expr, syn::Token![,]>,
        out: &mut Vec<Stmt>,
    ) {
        let span = self.span(mac);
        let mut args = args.iter();
        let mut cond = Vec::new();
        if exit == ErrorExit::Unless {
            if let Some(c) = args.next() {
                self.lower_expr(c, &mut cond);
            }
        }
        for a in args {
            self.lower_expr(a, out);
        }
        // A `return` inside a closure lowered in place ends the closure, not the function.
        if self.f.inline_closures > 0 {
            out.extend(cond);
            return;
        }
        self.cx.out.facts.error_returns.push(span);
        match exit {
            ErrorExit::Always => out.push(Stmt::Return(span)),
            ErrorExit::Unless => out.push(Stmt::Branch {
                cond: cond.into(),
                arms: thin_vec::thin_vec![Vec::new(), vec![Stmt::Return(span)]],
                span,
            }),
        }
    }

    /// The ways out a macro whose body is not a list of expressions may take (`select! {
    /// recv(rx) -> m => { return; } }`, `tokio::select! { v = rx.recv() => v?, }`): a `return`
    /// or a `?` may leave the function, a `break` the loop around, each on some path only. A
    /// loop around the macro is then not endless, and code after it may not run.
    fn macro_exits(&mut self, mac: &syn::Macro, out: &mut Vec<Stmt>) {
        if self.f.inline_closures > 0 {
            return;
        }
        let (mut returns, mut breaks) = (false, false);
        let mut stack = vec![mac.tokens.clone()];
        while let Some(tokens) = stack.pop() {
            for tt in tokens {
                match tt {
                    proc_macro2::TokenTree::Ident(i) if i == "return" => returns = true,
                    proc_macro2::TokenTree::Ident(i) if i == "break" => breaks = true,
                    proc_macro2::TokenTree::Punct(p) if p.as_char() == '?' => returns = true,
                    proc_macro2::TokenTree::Group(g) => stack.push(g.stream()),
                    _ => {}
                }
            }
        }
        let span = self.span(mac);
        for (exits, exit) in [(returns, Stmt::Return(span)), (breaks, Stmt::Break(span))] {
            if exits {
                out.push(Stmt::Branch {
                    cond: ThinVec::new(),
                    arms: thin_vec::thin_vec![vec![exit], Vec::new()],
                    span,
                });
            }
        }
    }

    /// The `fmt` calls a format macro makes: each value a placeholder formats with `{:?}` or
    /// `{}` (`format!("{:?} {name}", tab, name = n)`, `"{tab:?}"` capturing a local) whose type
    /// is a class of this file with its own `impl Debug` or `impl Display` (not both: the two
    /// methods share a name) calls that impl's `fmt`, at the value.
    fn format_calls(&mut self, args: &Punctuated<Expr, syn::Token![,]>, out: &mut Vec<Stmt>) {
        if self.cx.fmt_impls.is_empty() {
            return;
        }
        let Some(at) = args
            .iter()
            .position(|a| matches!(a, Expr::Lit(l) if matches!(l.lit, syn::Lit::Str(_))))
        else {
            return;
        };
        let Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(fmt),
            ..
        }) = &args[at]
        else {
            return;
        };
        let positional: Vec<&Expr> = args
            .iter()
            .skip(at + 1)
            .filter(|a| !matches!(a, Expr::Assign(_)))
            .collect();
        let named: HashMap<String, &Expr> = args
            .iter()
            .skip(at + 1)
            .filter_map(|a| match a {
                Expr::Assign(asg) => match &*asg.left {
                    Expr::Path(p) => Some((p.path.get_ident()?.to_string(), &*asg.right)),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        let fmt_span = self.span(fmt);
        for (arg, tr) in placeholders(&fmt.value()) {
            let (ty, place, span) = match arg {
                FmtArg::Index(i) => {
                    let Some(e) = positional.get(i) else { continue };
                    (self.type_of(e), self.place_of(e), self.span(*e))
                }
                FmtArg::Name(n) => match named.get(&n) {
                    Some(e) => (self.type_of(e), self.place_of(e), self.span(*e)),
                    None => {
                        let Some(v) = self.lookup(&n) else { continue };
                        (v.ty.clone(), v.place.clone(), fmt_span)
                    }
                },
            };
            let Some(class) = ty else { continue };
            let other = if tr == "Debug" { "Display" } else { "Debug" };
            let fmts = &self.cx.fmt_impls;
            if !fmts.contains(&(class.clone(), tr)) || fmts.contains(&(class.clone(), other)) {
                continue;
            }
            let e = Event::Call {
                callee: Callee::Method {
                    class: Name::new(&class),
                    method: "fmt".into(),
                },
                args: vec![place].into(),
                kwargs: ThinVec::new(),
                receiver: None,
                span,
            };
            self.push(out, e);
        }
    }

    // ---------------------------------------------------------------- calls

    fn lower_call(&mut self, e: &Expr, c: &syn::ExprCall, out: &mut Vec<Stmt>) {
        let Expr::Path(p) = &*c.func else {
            self.lower_expr(&c.func, out);
            self.lower_exprs(&c.args, out);
            return;
        };
        let span = self.span(c);
        if let Some(f) = self.closure_var(&c.func) {
            self.lower_exprs(&c.args, out);
            let args = self.args_places(&c.args);
            let e = Event::Call {
                callee: Callee::Path(f.into()),
                args: args.into(),
                kwargs: ThinVec::new(),
                receiver: None,
                span,
            };
            self.push(out, e);
            return;
        }
        let q = self.cx.names.qualify_path(&p.path);
        if let Some(model) = self.cx.models.spawn_call(&q) {
            let ctx = exec_ctx(&model.context);
            if model.each_arg {
                // `rayon::join(a, b)`: every argument is a target of its own.
                for a in &c.args {
                    let one: Punctuated<Expr, syn::Token![,]> =
                        std::iter::once(a.clone()).collect();
                    self.lower_spawn(&q, ctx, &one, 0, None, None, span, out);
                }
                return;
            }
            let pos = model.target.as_ref().and_then(|t| t.position).unwrap_or(0);
            let handle = self.take_handle_hint(e);
            self.lower_spawn(&q, ctx, &c.args, pos, handle, None, span, out);
            return;
        }
        if let Some(scope_ty) = scope_param_type(&q) {
            // `thread::scope(|s| ..)`: the closure runs here; its parameter is the scope.
            for a in &c.args {
                if let Expr::Closure(cl) = strip_parens(a) {
                    self.f.scopes.push(HashMap::default());
                    for (i, p) in cl.inputs.iter().enumerate() {
                        let ty = (i == 0).then(|| scope_ty.to_string());
                        self.bind_pat(p, None, ty);
                    }
                    // Every thread spawned on the scope is joined when the scope ends: spawns
                    // without a handle keep it in the scope variable, and the block ends with a
                    // join of the scope and of every handle made inside it.
                    let scope_place = cl
                        .inputs
                        .first()
                        .and_then(guards::binding_name)
                        .and_then(|n| self.lookup(&n).and_then(|v| v.place.clone()));
                    let handles_before = self.f.handles.len();
                    self.f.scope_stack.extend(scope_place.clone());
                    let mut body = Vec::new();
                    self.temp_scope(&mut body, |s, b| s.lower_expr(&cl.body, b));
                    if scope_place.is_some() {
                        self.f.scope_stack.pop();
                    }
                    self.f.scopes.pop();
                    let mut joined: Vec<Place> = Vec::new();
                    for h in self.f.handles[handles_before..]
                        .iter()
                        .chain(scope_place.iter())
                    {
                        if !joined.contains(h) {
                            joined.push(h.clone());
                        }
                    }
                    let end = self.span(&*cl.body);
                    let end = Span::new(end.file, end.end.saturating_sub(1), end.end);
                    for handle in joined {
                        body.push(Stmt::Event(Event::Join {
                            handle,
                            timed: false,
                            span: end,
                        }));
                    }
                    out.push(Stmt::Block(body.into()));
                } else {
                    self.lower_expr(a, out);
                }
            }
            return;
        }
        let timed = self.cx.models.timeout(&q).is_some();
        self.f.timed += u32::from(timed);
        // The functions closures written as arguments become, by position: the argument names
        // its function, so a callee calling that parameter calls it.
        let mut closures: Vec<(usize, String)> = Vec::new();
        for (i, a) in c.args.iter().enumerate() {
            match wrapped_closure(a) {
                // A closure or async block handed to a function runs when and where that
                // function decides (a callback, a worker pool, `asyncify`), so it is its own
                // function rather than part of this body; also boxed on the way
                // (`register(Arc::new(|n| ..))`).
                Some(cl) => {
                    let is_async = cl.asyncness.is_some() || matches!(&*cl.body, Expr::Async(_));
                    let f = self.lower_closure_fn(&cl.inputs, &cl.body, is_async);
                    closures.push((i, f));
                }
                None => self.lower_expr(a, out),
            }
        }
        self.f.timed -= u32::from(timed);
        // `TcpListener::bind("127.0.0.1:0")` looks nothing up: it returns at once.
        let looks_up = |b: &&crate::models::schema::BlockingModel| {
            !(b.unless_literal_address && c.args.first().is_some_and(literal_address))
        };
        if let Some(b) = self.cx.models.blocking(&q).filter(looks_up) {
            let e = Event::Blocking {
                api: Name::new(&q),
                instead: b.instead.clone().map(Name::from),
                args: ThinVec::new(),
                span,
            };
            self.push(out, e);
            return;
        }
        if q.rsplit("::").next() == Some("drop") && c.args.len() == 1 {
            // `drop(guard)` deeper than the guard's own block (in an early-exit branch): the
            // lock is released there.
            self.release_moved_guards(c.args.iter(), out);
            return;
        }
        if self.cx.models.is_exit(&q) {
            // `std::process::exit(0)`: the program ends here (`[[exit]]`).
            let e = Event::Call {
                callee: Callee::Path(q.into()),
                args: ThinVec::new(),
                kwargs: ThinVec::new(),
                receiver: None,
                span,
            };
            self.push(out, e);
            return;
        }
        if is_uninteresting_path(&q) || is_clone_call(c) {
            return;
        }
        if q.rsplit_once("::")
            .is_some_and(|(owner, _)| self.cx.is_model_type(owner))
        {
            // Constructors of library types (`Mutex::new`) are described by decls instead.
            return;
        }
        self.release_moved_guards(c.args.iter(), out);
        let mut args = self.args_places(&c.args);
        for (i, f) in closures {
            args[i] = Some(Place::Global(f.into()));
        }
        // A call of a parameter or local holding a function (`app_creator()`): which function
        // is the call graph's question (what the callers pass there).
        let callee = match p.path.get_ident().map(|id| id.to_string()) {
            Some(name) if self.lookup(&name).is_some_and(|v| v.place.is_some()) => {
                if let Some(data) = self.f.read_from_data.get(&name) {
                    let fact = (span, data.clone());
                    self.cx.out.facts.stored_calls.push(fact);
                }
                Callee::Dynamic {
                    method: name.into(),
                }
            }
            _ => Callee::Path(q.into()),
        };
        let e = Event::Call {
            callee,
            args: args.into(),
            kwargs: ThinVec::new(),
            receiver: None,
            span,
        };
        self.push(out, e);
    }

    /// A guard passed by value (`helper(guard)`, `helper(m.lock())`) moves into the callee,
    /// which owns the lock from then on and may drop it before locking again: the caller no
    /// longer holds it across the call. Only for calls to checked code; a model method that
    /// takes a guard (`Condvar::wait(guard)`) keeps its own meaning.
    fn release_moved_guards<'e>(
        &mut self,
        args: impl IntoIterator<Item = &'e Expr>,
        out: &mut Vec<Stmt>,
    ) {
        for a in args {
            let a = strip_parens(a);
            let lock = match a {
                Expr::Path(p) => p
                    .path
                    .get_ident()
                    .and_then(|id| self.lookup(&id.to_string()))
                    .and_then(|v| v.guard_of.clone()),
                _ => match guards::strip_guard_wrappers(a) {
                    Expr::MethodCall(mc) if !self.is_lock_future(mc) || awaits(a) => {
                        self.lock_use(mc).map(|l| l.lock)
                    }
                    _ => None,
                },
            };
            if let Some(lock) = lock {
                let span = self.span(a);
                self.push(out, Event::Release { lock, span });
            }
        }
    }

    fn take_handle_hint(&mut self, at: &Expr) -> Option<Place> {
        match &self.f.handle_hint {
            Some((p, place)) if std::ptr::eq(*p, at) => {
                let place = place.clone();
                self.f.handle_hint = None;
                Some(place)
            }
            _ => None,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn lower_spawn(
        &mut self,
        api: &str,
        mut ctx: ExecCtx,
        args: &Punctuated<Expr, syn::Token![,]>,
        pos: usize,
        handle: Option<Place>,
        receiver: Option<Place>,
        span: Span,
        out: &mut Vec<Stmt>,
    ) {
        let scoped = api.ends_with("Scope::spawn") || api == "spawn";
        // A thread spawned on a scope is joined when the scope ends: the enclosing
        // `scope(|s| ..)`'s variable, or the scope the spawn is called on (a `&Scope`
        // parameter of a helper).
        let in_scope = || {
            self.f
                .scope_stack
                .last()
                .cloned()
                .or_else(|| receiver.clone().filter(|_| api.ends_with("Scope::spawn")))
        };
        let handle = handle
            .or_else(|| self.f.let_target.clone())
            .or_else(|| scoped.then(in_scope).flatten());
        if let Some(h) = &handle {
            self.f.handles.push(h.clone());
        }
        let mut target = None;
        let mut targs = Vec::new();
        for (i, a) in args.iter().enumerate() {
            if i != pos {
                self.lower_expr(a, out);
                continue;
            }
            let a = strip_parens(a);
            match a {
                Expr::Closure(cl) => {
                    let is_async = cl.asyncness.is_some() || matches!(&*cl.body, Expr::Async(_));
                    target = Some(Callee::Path(
                        self.lower_closure_fn(&cl.inputs, &cl.body, is_async).into(),
                    ));
                }
                Expr::Async(ab) => {
                    if ctx == ExecCtx::Thread
                        && api.ends_with("::spawn")
                        && !api.starts_with("std::")
                    {
                        ctx = ExecCtx::Task;
                    }
                    let body = Expr::Block(syn::ExprBlock {
                        attrs: Vec::new(),
                        label: None,
                        block: ab.block.clone(),
                    });
                    target = Some(Callee::Path(
                        self.lower_closure_fn(&Punctuated::new(), &body, true)
                            .into(),
                    ));
                }
                _ if self.closure_var(a).is_some() => {
                    target = self.closure_var(a).map(|p| Callee::Path(p.into()));
                }
                Expr::Path(p) => {
                    target = Some(Callee::Path(self.cx.names.qualify_path(&p.path).into()));
                }
                Expr::Call(call) => {
                    // `tokio::spawn(worker(x))`: the future of an async fn.
                    self.lower_exprs(&call.args, out);
                    targs = self.args_places(&call.args);
                    if let Expr::Path(p) = &*call.func {
                        target = Some(Callee::Path(self.cx.names.qualify_path(&p.path).into()));
                    }
                }
                Expr::MethodCall(mc) => {
                    self.lower_expr(&mc.receiver, out);
                    self.lower_exprs(&mc.args, out);
                    let mut a = vec![self.place_of(&mc.receiver)];
                    a.extend(self.args_places(&mc.args));
                    targs = a;
                    target = Some(match self.type_of(&mc.receiver) {
                        Some(class) => Callee::Method {
                            class: class.into(),
                            method: mc.method.to_string().into(),
                        },
                        None => Callee::Dynamic {
                            method: mc.method.to_string().into(),
                        },
                    });
                }
                other => self.lower_expr(other, out),
            }
        }
        self.push(
            out,
            Event::Spawn {
                target,
                receiver: None,
                ctx,
                api: Name::new(api),
                handle,
                args: targs.into(),
                once: false,
                span,
            },
        );
    }

    /// Lowers a spawned closure or async block as its own function; its captured variables
    /// keep naming the enclosing function's places.
    fn lower_closure_fn(
        &mut self,
        inputs: &Punctuated<Pat, syn::Token![,]>,
        body: &Expr,
        is_async: bool,
    ) -> String {
        let n = self
            .cx
            .closure_counts
            .entry(self.f.name.clone())
            .or_insert(0);
        let name = format!("{}::{{closure#{n}}}", self.f.name);
        *n += 1;
        let mut env: HashMap<String, Var> = HashMap::default();
        for scope in &self.f.scopes {
            for (k, v) in scope {
                env.insert(k.clone(), v.clone());
            }
        }
        let mut params = Vec::new();
        for (i, p) in inputs.iter().enumerate() {
            let pname = guards::binding_name(p).unwrap_or_else(|| "_".into());
            env.insert(
                pname.clone(),
                Var {
                    place: Some(Place::Param {
                        function: Name::new(&name),
                        index: i as u32,
                    }),
                    ty: None,
                    guard_of: None,
                    closure: None,
                    written: None,
                },
            );
            params.push(pname);
        }
        let models = self.cx.models;
        let saved = std::mem::replace(
            &mut self.f,
            FnState {
                name: name.clone(),
                scopes: vec![env],
                child_fates: if self.cx.windows_only == 0 {
                    children::scan_expr(body, &|m| models.opens_by_method(m))
                } else {
                    HashMap::default()
                },
                ..Default::default()
            },
        );
        let mut out = Vec::new();
        self.temp_scope(&mut out, |s, o| s.lower_expr(body, o));
        self.f = saved;
        let span = self.span(body);
        self.cx.out.functions.push(Function {
            name: name.clone(),
            short_name: "<closure>".into(),
            class: None,
            span,
            is_async,
            is_module_body: false,
            params,
            body: out,
        });
        name
    }

    /// A lock acquisition by `mc`, when it is one.
    fn lock_use(&self, mc: &syn::ExprMethodCall) -> Option<LockUse> {
        let mut lock = self.lock_use_at(mc)?;
        if self.f.timed > 0 && self.is_awaited(mc) {
            lock.blocking = false;
        }
        Some(lock)
    }

    /// A call of a method the receiver's lock model takes the lock for alone
    /// (`LockModel::read_calls`, `write_calls`): the lock taken and how the call uses the data.
    fn locked_call(
        &self,
        mc: &syn::ExprMethodCall,
        ty: Option<&str>,
    ) -> Option<(LockUse, AccessKind)> {
        let ty = ty?;
        let model = self.cx.models.lock(ty)?;
        let method = mc.method.to_string();
        let (mode, kind) = if model.read_calls.contains(&method) {
            (LockMode::Read, AccessKind::Read)
        } else if model.write_calls.contains(&method) {
            (LockMode::Write, AccessKind::Write)
        } else {
            return None;
        };
        Some((
            LockUse {
                lock: self.place_of(&mc.receiver)?,
                mode,
                blocking: true,
                is_async: false,
                api: Some(format!("{ty}::{method}").into()),
                owner: self.owner_of(&mc.receiver),
                span: self.span(mc),
            },
            kind,
        ))
    }

    /// `m.lock()` on an async lock without `.await`: a future that takes the lock wherever it
    /// is awaited or polled (often in another task), not here.
    fn is_lock_future(&self, mc: &syn::ExprMethodCall) -> bool {
        let Some(model) = self
            .type_of(&mc.receiver)
            .and_then(|t| self.cx.models.lock(&t))
        else {
            return false;
        };
        let m = mc.method.to_string();
        model.is_async
            && !m.starts_with("blocking_")
            && [&model.acquire, &model.read, &model.write]
                .iter()
                .any(|ms| ms.contains(&m))
            && !self.is_awaited(mc)
    }

    fn lock_use_at(&self, mc: &syn::ExprMethodCall) -> Option<LockUse> {
        if let Some(lock) = self.guard_accessor_use(mc) {
            return Some(lock);
        }
        let method = mc.method.to_string();
        let lock = self
            .place_of(&mc.receiver)
            .or_else(|| self.foreign_once_cell(&mc.receiver))?;
        let ty = self.type_of(&mc.receiver);
        let span = self.span(mc);
        if let Some(ty) = &ty {
            if let Some(model) = self.cx.models.lock(ty) {
                let m = method.as_str();
                let (mode, blocking) = if model.acquire.iter().any(|a| a == m) {
                    (LockMode::Exclusive, true)
                } else if model.read.iter().any(|a| a == m) {
                    (LockMode::Read, true)
                } else if model.write.iter().any(|a| a == m) {
                    (LockMode::Write, true)
                } else if model.try_acquire.iter().any(|a| a == m) {
                    (guards::mode_by_name(m), false)
                } else {
                    return None;
                };
                let mode = if model.kind == crate::models::LockKind::Mutex {
                    LockMode::Exclusive
                } else {
                    mode
                };
                let is_async = (model.is_async && !m.starts_with("blocking_") && blocking)
                    || self.is_awaited(mc);
                return Some(LockUse {
                    lock,
                    mode,
                    blocking,
                    is_async,
                    api: Some(format!("{ty}::{method}").into()),
                    owner: self.owner_of(&mc.receiver),
                    span,
                });
            }
            if self.cx.classes.contains(ty) || self.cx.models.atomic(ty).is_some() {
                return None;
            }
        }
        let (mode, blocking) = guards::acquire_by_name(&method, mc.args.len())?;
        Some(LockUse {
            lock,
            mode,
            blocking,
            is_async: self.is_awaited(mc),
            api: None,
            owner: self.owner_of(&mc.receiver),
            span,
        })
    }

    /// `ModuleFacts::channel_pairs` and `ModuleFacts::close_waits` of this body.
    fn channel_close_waits(&mut self, stmts: &[syn::Stmt]) {
        let found = super::channel_waits::scan(stmts);
        let function = Name::new(&self.f.name);
        for (a, b) in found.pairs {
            (self.cx.out.facts.channel_pairs).push((function, Name::new(&a), Name::new(&b)));
        }
        for (rx, e) in found.waits {
            let span = self.cx.span(&e);
            (self.cx.out.facts.close_waits).push((function, Name::new(&rx), span));
        }
    }

    /// `ModuleFacts::once_set_after_get` for the cells of a one-time type this body checks and
    /// then fills with `set(..).unwrap()`.
    fn once_cells_filled_after_check(&mut self, stmts: &[syn::Stmt]) {
        for found in super::once_cells::get_then_set(stmts) {
            let is_cell = self.type_of(found.cell).is_some_and(|t| {
                let last = t.rsplit("::").next().unwrap_or(&t);
                matches!(last, "OnceLock" | "OnceCell") && !t.starts_with("std::cell::")
            });
            if !is_cell {
                continue;
            }
            let name = quote_cell(found.cell);
            let (get, set) = (self.cx.span(found.get), self.cx.span(found.set));
            self.cx.out.facts.once_set_after_get.push((get, set, name));
        }
    }

    /// A call of a guard accessor of the receiver's type (`Cx::guard_accessors`): the acquire
    /// its body makes, on the field it names from this receiver, as the lock's model reads it.
    fn guard_accessor_use(&self, mc: &syn::ExprMethodCall) -> Option<LockUse> {
        if !mc.args.is_empty() || self.cx.guard_accessors.is_empty() {
            return None;
        }
        let class = self.type_of(&mc.receiver)?;
        let (path, method) = self
            .cx
            .guard_accessors
            .get(&(class, mc.method.to_string()))?;
        let (lock, ty) = self.field_path(&mc.receiver, path);
        let (lock, ty) = (lock?, ty?);
        let model = self.cx.models.lock(&ty)?;
        let m = method.as_str();
        let mode = if model.kind == crate::models::LockKind::Mutex {
            if !model.acquire.iter().any(|a| a == m) {
                return None;
            }
            LockMode::Exclusive
        } else if model.read.iter().any(|a| a == m) {
            LockMode::Read
        } else if model.write.iter().any(|a| a == m) || model.acquire.iter().any(|a| a == m) {
            LockMode::Write
        } else {
            return None;
        };
        Some(LockUse {
            lock,
            mode,
            blocking: true,
            is_async: false,
            api: Some(format!("{ty}::{method}").into()),
            owner: path.split_last().and_then(|(_, parents)| {
                self.field_path(&mc.receiver, parents)
                    .0
                    .filter(|p| matches!(p, Place::Param { .. } | Place::Local { .. }))
            }),
            span: self.span(mc),
        })
    }

    /// `a.id < b.id`, `ptr(a) > ptr(b)`: records that two objects are ordered against each
    /// other, so nesting their locks may follow that order.
    fn ordering(&self, b: &syn::ExprBinary, out: &mut Vec<Stmt>) {
        use syn::BinOp;
        if !matches!(
            b.op,
            BinOp::Lt(_) | BinOp::Le(_) | BinOp::Gt(_) | BinOp::Ge(_)
        ) {
            return;
        }
        let (Some(left), Some(right)) = (self.ordered_root(&b.left), self.ordered_root(&b.right))
        else {
            return;
        };
        if left != right {
            let span = self.span(b);
            self.push(out, Event::Compare { left, right, span });
        }
    }

    /// The local object a compared expression is about: `a` in `a.id`, `a.key()`, `f(a)`,
    /// `&*a as *const _ as usize`.
    fn ordered_root(&self, e: &Expr) -> Option<Place> {
        match e {
            Expr::Paren(p) => self.ordered_root(&p.expr),
            Expr::Group(g) => self.ordered_root(&g.expr),
            Expr::Reference(r) => self.ordered_root(&r.expr),
            Expr::Unary(u) => self.ordered_root(&u.expr),
            Expr::Cast(c) => self.ordered_root(&c.expr),
            Expr::Field(f) => self.ordered_root(&f.base),
            Expr::Index(i) => self.ordered_root(&i.expr),
            Expr::MethodCall(mc) if mc.args.is_empty() => self.ordered_root(&mc.receiver),
            Expr::Call(c) if c.args.len() == 1 => self.ordered_root(&c.args[0]),
            Expr::Path(_) => self
                .place_of(e)
                .filter(|p| matches!(p, Place::Param { .. } | Place::Local { .. })),
            _ => None,
        }
    }

    /// The object a lock expression is a field of (`other` in `other.m.lock()`).
    fn owner_of(&self, lock: &Expr) -> Option<Place> {
        match lock {
            Expr::Paren(p) => self.owner_of(&p.expr),
            Expr::Group(g) => self.owner_of(&g.expr),
            Expr::Reference(r) => self.owner_of(&r.expr),
            Expr::Field(f) => self
                .place_of(&f.base)
                .filter(|p| matches!(p, Place::Param { .. } | Place::Local { .. })),
            // `other.cache()` returning `&self.cache`: the field of `other`.
            Expr::MethodCall(mc) => {
                let (_, parents) = self.accessor(mc)?.split_last()?;
                self.field_path(&mc.receiver, parents)
                    .0
                    .filter(|p| matches!(p, Place::Param { .. } | Place::Local { .. }))
            }
            _ => None,
        }
    }

    fn is_awaited(&self, mc: &syn::ExprMethodCall) -> bool {
        self.f.await_core.is_some_and(|p| std::ptr::eq(p, mc))
    }

    fn lower_method_call(&mut self, e: &Expr, mc: &syn::ExprMethodCall, out: &mut Vec<Stmt>) {
        let method = mc.method.to_string();
        let span = self.span(mc);
        if STORING_METHODS.contains(&method.as_str()) {
            for a in &mc.args {
                self.note_stored_param(&mc.receiver, a);
            }
        }
        // A lock future made here is acquired where it is awaited, not here.
        if self.is_lock_future(mc) {
            self.lower_expr(&mc.receiver, out);
            self.lower_exprs(&mc.args, out);
            return;
        }
        // Lock acquisition.
        if let Some(lock) = self.lock_use(mc) {
            self.lower_expr(&mc.receiver, out);
            self.lower_exprs(&mc.args, out);
            // An async lock's blocking acquire (`m.blocking_lock()`) blocks the thread: the
            // models say so, and from async code the runtime panics.
            let blocking = lock.api.as_deref().and_then(|a| self.cx.models.blocking(a));
            if let (Some(b), Some(api)) = (blocking, &lock.api) {
                let e = Event::Blocking {
                    api: *api,
                    instead: b.instead.clone().map(Name::from),
                    args: ThinVec::new(),
                    span,
                };
                self.push(out, e);
            }
            if self.is_awaited(mc) {
                // The wait for an async lock happens before the guard exists.
                let span = self.span(mc);
                self.push(out, Event::Await { span });
                self.f.await_emitted = true;
            }
            if self.f.guard_core.is_some_and(|p| std::ptr::eq(p, e)) {
                self.f.named = Some(lock);
            } else {
                // A concurrent map's `get(k)` looks the key up under the guard it returns.
                let looks_up = self
                    .type_of(&mc.receiver)
                    .and_then(|t| self.cx.models.lock(&t))
                    .is_some_and(|m| !m.read_calls.is_empty() || !m.write_calls.is_empty());
                let access = looks_up.then(|| Event::Access {
                    place: lock.lock.clone(),
                    kind: AccessKind::Read,
                    atomic: Atomicity::Plain,
                    span,
                });
                self.f.pending.push((out.len(), lock));
                if let Some(access) = access {
                    self.push(out, access);
                }
            }
            return;
        }
        if mc.args.is_empty() && self.cx.models.opens_by_method(&method) {
            if let Some(api) = self.opener_api(mc) {
                self.lower_expr(&mc.receiver, out);
                self.lower_opener(mc, api, out);
                return;
            }
        }
        let recv_place = self.place_of(&mc.receiver);
        let recv_ty = self.type_of(&mc.receiver);
        // A method locking for the call alone (a concurrent map's `insert`): a critical
        // section of its own around the access to the data.
        if let Some((lock, kind)) = self.locked_call(mc, recv_ty.as_deref()) {
            self.lower_expr(&mc.receiver, out);
            self.lower_exprs(&mc.args, out);
            let access = Event::Access {
                place: lock.lock.clone(),
                kind,
                atomic: Atomicity::Plain,
                span,
            };
            out.push(Stmt::Hold {
                lock,
                body: thin_vec::thin_vec![Stmt::Event(access)],
            });
            return;
        }
        // Atomic operations, also on an element of a collection of atomics (`self.bits[i]`),
        // which stands for the collection: the same index expression reaches the same element.
        let atomic_place = recv_place
            .clone()
            .or_else(|| match strip_parens(&mc.receiver) {
                Expr::Index(ix) => self.place_of(&ix.expr),
                _ => None,
            });
        if let Some(place) = &atomic_place {
            if let Some(kind) = self.atomic_kind(recv_ty.as_deref(), &method, &mc.args) {
                self.lower_exprs(&mc.args, out);
                let discarded = self.f.discarded.is_some_and(|d| std::ptr::eq(d, e));
                let e = Event::Access {
                    place: place.clone(),
                    kind,
                    atomic: atomicity(kind, &method, discarded),
                    span,
                };
                self.push(out, e);
                return;
            }
        }
        // Spawns through a method: `s.spawn(..)`, `Builder::new().spawn(..)`, `rt.spawn(..)`.
        if !mc.args.is_empty() {
            let by_type = recv_ty.as_ref().and_then(|t| {
                self.cx
                    .models
                    .spawn_call(&format!("{t}::{method}"))
                    .map(|m| (m, format!("{t}::{method}")))
            });
            let model = by_type.or_else(|| {
                self.cx
                    .models
                    .spawn_method("rust", &method)
                    .filter(|m| m.after.is_empty() || chain_calls(&mc.receiver, &m.after))
                    .map(|m| (m, method.clone()))
            });
            if let Some((model, api)) = model {
                let pos = model.target.as_ref().and_then(|t| t.position).unwrap_or(0);
                let ctx = exec_ctx(&model.context);
                let handle = self.take_handle_hint(e);
                self.lower_expr(&mc.receiver, out);
                let recv = recv_place.clone();
                self.lower_spawn(&api, ctx, &mc.args, pos, handle, recv, span, out);
                return;
            }
        }
        self.lower_expr(&mc.receiver, out);
        // `handles.push(thread::spawn(..))`: the handle lives in `handles`, also wrapped in a
        // variant or tuple struct on the way (`handles.push(Some(thread::spawn(..)))`).
        if matches!(method.as_str(), "push" | "push_back" | "insert") {
            if let (Some(place), Some(last)) = (&recv_place, mc.args.last()) {
                self.f.handle_hint = Some((strip_wrapping(last) as *const Expr, place.clone()));
            }
        }
        // `files.source_files.push(..)`: a mutating method of a field of the data behind a
        // guard writes that data (the field's read just lowered becomes the write).
        if guards::is_mutating_method(&method)
            && matches!(strip_parens(&mc.receiver), Expr::Field(_) | Expr::Index(_))
        {
            let mut root = strip_parens(&mc.receiver);
            loop {
                root = match root {
                    Expr::Field(f) => strip_parens(&f.base),
                    Expr::Index(ix) => strip_parens(&ix.expr),
                    _ => break,
                };
            }
            if let Some(lock) = self.guarded_place(root) {
                let at = self.span(root);
                match out.last_mut() {
                    Some(Stmt::Event(Event::Access {
                        place, kind, span, ..
                    })) if *place == lock && *span == at => *kind = AccessKind::Write,
                    _ => self.guard_data_access(root, AccessKind::Write, out),
                }
            }
        }
        // A closure handed to a method of the crate's own types is its own function, named
        // by the argument: the method decides when it runs (a callback called under the
        // method's guard, or kept for later). The call of it written here stands for the code
        // a closure lowered in place would have been.
        let mut closures: Vec<(usize, String)> = Vec::new();
        let own_crate = self
            .program_method_class(mc, recv_ty.as_deref())
            .is_some_and(|t| {
                t.starts_with("crate::") && !self.cx.extern_crates.iter().any(|c| t.starts_with(c))
            });
        if own_crate && self.guarded_place(&mc.receiver).is_none() {
            for (i, a) in mc.args.iter().enumerate() {
                // An async closure's future runs where it is awaited: left in place.
                let cl = match wrapped_closure(a) {
                    Some(cl) if cl.asyncness.is_none() && !matches!(&*cl.body, Expr::Async(_)) => {
                        cl
                    }
                    _ => {
                        self.lower_expr(a, out);
                        continue;
                    }
                };
                let f = self.lower_closure_fn(&cl.inputs, &cl.body, false);
                let e = Event::Call {
                    callee: Callee::Path(Name::new(&f)),
                    args: ThinVec::new(),
                    kwargs: ThinVec::new(),
                    receiver: None,
                    span: self.span(cl),
                };
                self.push(out, e);
                closures.push((i, f));
            }
        } else if runs_per_element(&method, &mc.receiver) {
            // `(0..n).map(|i| thread::spawn(..))`: the closure runs once per element.
            for a in &mc.args {
                let mut body = Vec::new();
                self.lower_expr(a, &mut body);
                if matches!(strip_parens(a), Expr::Closure(_)) && !body.is_empty() {
                    out.push(Stmt::Loop {
                        cond: ThinVec::new(),
                        body: body.into(),
                        infinite: false,
                        span,
                    });
                } else {
                    out.extend(body);
                }
            }
        } else {
            self.lower_exprs(&mc.args, out);
        }
        // Data behind a guard (`unwrap` and friends only unwrap the guard itself).
        if self.guarded_place(&mc.receiver).is_some() && !guards::is_guard_passthrough(&method) {
            let kind = if guards::is_mutating_method(&method) {
                AccessKind::Write
            } else {
                AccessKind::Read
            };
            self.guard_data_access(&mc.receiver, kind, out);
            // `self.inner.lock().unwrap().refresh()`: a method of the protected type.
            let data_ty = self
                .guarded_place(&mc.receiver)
                .and_then(|lock| match lock {
                    Place::Field { class, field } => self
                        .cx
                        .guarded_types
                        .get(&(class.to_string(), field.to_string())),
                    _ => None,
                })
                .filter(|t| self.cx.classes.contains(*t))
                .cloned();
            if let Some(class) = data_ty {
                let mut args = vec![None];
                args.extend(self.args_places(&mc.args));
                let e = Event::Call {
                    callee: Callee::Method {
                        class: class.into(),
                        method: method.into(),
                    },
                    args: args.into(),
                    kwargs: ThinVec::new(),
                    receiver: None,
                    span,
                };
                self.push(out, e);
            }
            return;
        }
        // Joins.
        if method == "join" && mc.args.is_empty() {
            if let Some(handle) = recv_place.clone() {
                self.push(
                    out,
                    Event::Join {
                        handle,
                        timed: false,
                        span,
                    },
                );
                return;
            }
            // `spawn(..).join()`: the temporary handle is joined at once. Kept as a call whose
            // span encloses the spawn, so analyses see the handle consumed.
            let e = Event::Call {
                callee: Callee::Dynamic {
                    method: method.into(),
                },
                args: ThinVec::new(),
                kwargs: ThinVec::new(),
                receiver: None,
                span,
            };
            self.push(out, e);
            return;
        }
        // Blocking methods of known types.
        if let Some(ty) = &recv_ty {
            let q = format!("{ty}::{method}");
            if let Some(b) = self.cx.models.blocking(&q) {
                let e = Event::Blocking {
                    api: q.into(),
                    instead: b.instead.clone().map(Name::from),
                    args: ThinVec::new(),
                    span,
                };
                self.push(out, e);
                return;
            }
        }
        let mut args = vec![recv_place.clone()];
        args.extend(self.args_places(&mc.args));
        for (i, f) in closures {
            args[i + 1] = Some(Place::Global(f.into()));
        }
        if let Some(class) = self.program_method_class(mc, recv_ty.as_deref()) {
            self.release_moved_guards(mc.args.iter(), out);
            let e = Event::Call {
                callee: Callee::Method {
                    class: Name::new(class),
                    method: method.into(),
                },
                args: args.into(),
                kwargs: ThinVec::new(),
                receiver: None,
                span,
            };
            self.push(out, e);
        } else if let Some(place) = recv_place {
            if !is_clone_like(mc) && !NOISE_METHODS.contains(&method.as_str()) {
                self.push(
                    out,
                    Event::MethodCall {
                        place,
                        method: method.into(),
                        args: args.into_iter().skip(1).flatten().collect(),
                        span,
                    },
                );
            }
        } else if !NOISE_METHODS.contains(&method.as_str()) {
            let e = Event::Call {
                callee: Callee::Dynamic {
                    method: method.into(),
                },
                args: args.into(),
                kwargs: ThinVec::new(),
                receiver: None,
                span,
            };
            self.push(out, e);
        }
    }

    /// The place of the program's data an expression reads (`cbs.callbacks.get_mut(&id)`
    /// behind the guard `cbs`, `self.handlers.get(k)?`, `*guard`): the lock whose guard
    /// reaches it, or the field or global it starts from.
    fn data_source(&self, e: &Expr) -> Option<Place> {
        // Data behind a guard is named by its lock, however deep the guard is in the chain,
        // and by the member of the data the chain reads (`guard.on_menu` apart from
        // `guard.on_validate`).
        let mut field = None;
        let mut member: Option<String> = None;
        let mut cur = strip_parens(e);
        loop {
            // A local bound from the data before (`let handlers = guard.values();`) reads it.
            let read_before = match cur {
                Expr::Path(p) if p.qself.is_none() => p
                    .path
                    .get_ident()
                    .and_then(|id| self.f.read_from_data.get(&id.to_string()))
                    .cloned(),
                _ => None,
            };
            if let Some(lock) = self.guarded_place(cur).or(read_before) {
                return match member {
                    Some(m) => sub_place(&lock, &m).or(Some(lock)),
                    None => Some(lock),
                };
            }
            member = match cur {
                Expr::Field(f) => Some(member_name(&f.member)),
                _ => None,
            };
            if let (None, Expr::Field(_)) = (&field, cur) {
                if let Some(p @ (Place::Field { .. } | Place::Global(_))) = self.place_of(cur) {
                    field = Some(p);
                }
            }
            cur = match cur {
                Expr::MethodCall(mc) => strip_parens(&mc.receiver),
                Expr::Field(f) => strip_parens(&f.base),
                Expr::Try(t) => strip_parens(&t.expr),
                Expr::Reference(r) => strip_parens(&r.expr),
                Expr::Unary(u) => strip_parens(&u.expr),
                Expr::Index(ix) => strip_parens(&ix.expr),
                _ => return field,
            };
        }
    }

    /// Notes the locals `pat` binds from the program's data (`if let Some(cb) =
    /// cbs.callbacks.get(&id)`), or forgets what they were bound from before.
    fn note_read_from_data(&mut self, pat: &Pat, init: &Expr) {
        // The names bound: one, or each of a tuple's (`for (id, cb) in map.iter()`).
        let names: Vec<String> = match strip_pat(pat) {
            Pat::Tuple(t) => t.elems.iter().filter_map(guards::binding_name).collect(),
            Pat::Reference(r) => guards::binding_name(&r.pat).into_iter().collect(),
            p => guards::binding_name(p).into_iter().collect(),
        };
        let place = if names.is_empty() {
            None
        } else {
            self.data_source(init)
        };
        for name in names {
            match &place {
                Some(place) => self.f.read_from_data.insert(name, place.clone()),
                None => self.f.read_from_data.remove(&name),
            };
        }
    }

    /// The parameter of the function being lowered that `e` hands on as it is, or wrapped
    /// (`f`, `Box::new(f)`, `Some(Arc::new(callback))`, `f.into()`).
    fn carried_param(&self, e: &Expr) -> Option<String> {
        match strip_parens(e) {
            Expr::Path(p) if p.path.segments.len() == 1 => {
                let name = p.path.segments[0].ident.to_string();
                match &self.lookup(&name)?.place {
                    Some(Place::Param { function, .. }) if function.as_str() == self.f.name => {
                        Some(name)
                    }
                    _ => None,
                }
            }
            Expr::Call(c) => {
                let Expr::Path(p) = strip_parens(&c.func) else {
                    return None;
                };
                let last = p.path.segments.last()?.ident.to_string();
                let wraps = last == "new" || last.starts_with(|c: char| c.is_ascii_uppercase());
                if !wraps {
                    return None;
                }
                c.args.iter().find_map(|a| self.carried_param(a))
            }
            Expr::MethodCall(mc) if mc.args.is_empty() && mc.method == "into" => {
                self.carried_param(&mc.receiver)
            }
            Expr::Reference(r) => self.carried_param(&r.expr),
            Expr::Cast(c) => self.carried_param(&c.expr),
            Expr::Tuple(t) => t.elems.iter().find_map(|a| self.carried_param(a)),
            _ => None,
        }
    }

    /// Records a parameter of the function being lowered that `value` stores into the data
    /// `target` reaches (`ModuleFacts::stored_params`).
    fn note_stored_param(&mut self, target: &Expr, value: &Expr) {
        let Some(param) = self.carried_param(value) else {
            return;
        };
        if let Some(place) = self.data_source(target) {
            let fact = (Name::new(&self.f.name), Name::new(&param), place);
            self.cx.out.facts.stored_params.push(fact);
        }
    }

    /// The program type whose method `mc` calls, by the receiver's type `ty`: not a library
    /// type, nor a one-time cell's own accessor or its `Option` unwrapped.
    fn program_method_class<'t>(
        &self,
        mc: &syn::ExprMethodCall,
        ty: Option<&'t str>,
    ) -> Option<&'t str> {
        ty.filter(|t| t.contains("::") && !t.starts_with("std::") && !self.cx.is_model_type(t))
            .filter(|_| {
                let cell_step = self.peeled_once_accessor(mc)
                    || (is_option_unwrap(mc) && self.peeled_once_value(&mc.receiver));
                !cell_step
            })
    }

    /// The opener API (`std::process::Command::spawn`) of a resource-opening method call, by
    /// the type of its receiver.
    fn opener_api(&self, mc: &syn::ExprMethodCall) -> Option<Name> {
        let ty = self.type_of(&mc.receiver)?;
        let api = format!("{ty}::{}", mc.method);
        self.cx
            .models
            .resource(&api)
            .filter(|m| m.returns.is_some())
            .map(|_| Name::new(&api))
    }

    /// An `Open` of the value `mc` makes, where its fate says: bound to a local (now, or where
    /// the arm binding it starts), dropped at once (its span in `discarded_calls`), or handed
    /// to code knot does not follow (no place).
    fn lower_opener(&mut self, mc: &syn::ExprMethodCall, api: Name, out: &mut Vec<Stmt>) {
        // From the method's name on: a builder chain may start lines above.
        let whole = self.span(mc);
        let span = Span::new(whole.file, self.span(&mc.method).start, whole.end);
        let open = |resource| Event::Open {
            resource,
            api,
            managed: false,
            span,
        };
        match self.f.child_fates.get(&(mc as *const _)) {
            Some(children::Fate::Dropped) => {
                self.push(out, open(None));
                self.cx.out.facts.discarded_calls.push(span);
            }
            Some(children::Fate::Bound {
                name,
                arm: None,
                lent,
            }) => {
                let (name, lent) = (name.clone(), lent.clone());
                let place = self.local(&name);
                self.note_lent(&lent, &place);
                self.push(out, open(Some(place)));
            }
            Some(children::Fate::Bound {
                name,
                arm: Some(pat),
                lent,
            }) => {
                let (name, pat, lent) = (name.clone(), *pat, lent.clone());
                let place = self.local(&name);
                self.note_lent(&lent, &place);
                self.f.arm_opens.push((pat, open(Some(place))));
            }
            None => self.push(out, open(None)),
        }
    }

    /// `ModuleFacts::lent_calls`: the calls a child bound to `place` is lent to.
    fn note_lent(&mut self, lent: &[proc_macro2::Span], place: &Place) {
        for s in lent {
            let span = self.cx.sc.span(*s);
            self.cx.out.facts.lent_calls.push((span, place.clone()));
        }
    }

    /// The open of the value the pattern `pat` binds (`Ok(child)`), at the start of its arm.
    fn open_in_arm(&mut self, pat: &Pat, out: &mut Vec<Stmt>) {
        let key = pat as *const Pat;
        if let Some(i) = self.f.arm_opens.iter().position(|(p, _)| *p == key) {
            let (_, e) = self.f.arm_opens.swap_remove(i);
            self.push(out, e);
        }
    }

    fn atomic_kind(
        &self,
        ty: Option<&str>,
        method: &str,
        args: &Punctuated<Expr, syn::Token![,]>,
    ) -> Option<AccessKind> {
        if let Some(model) = ty.and_then(|t| self.cx.models.atomic(t)) {
            let m = method.to_string();
            return if model.load.contains(&m) {
                Some(AccessKind::Read)
            } else if model.store.contains(&m) {
                Some(AccessKind::Write)
            } else if model.rmw.contains(&m) {
                Some(AccessKind::ReadModifyWrite)
            } else {
                None
            };
        }
        if ty.is_some_and(|t| self.cx.classes.contains(t) || self.cx.models.lock(t).is_some()) {
            return None;
        }
        let last_is_ordering = args.last().is_some_and(guards::is_ordering);
        match method {
            "load" if args.len() == 1 && last_is_ordering => Some(AccessKind::Read),
            "store" if args.len() == 2 && last_is_ordering => Some(AccessKind::Write),
            "swap" if args.len() == 2 && last_is_ordering => Some(AccessKind::ReadModifyWrite),
            m if guards::is_atomic_rmw_name(m) && args.iter().any(guards::is_ordering) => {
                Some(AccessKind::ReadModifyWrite)
            }
            _ => None,
        }
    }
}

impl Cx<'_> {
    fn is_model_type(&self, ty: &str) -> bool {
        let m = self.models;
        m.lock(ty).is_some()
            || m.atomic(ty).is_some()
            || m.is_thread_safe(ty)
            || m.executor(ty).is_some()
    }
}

/// The event lowered last into `out`, looking into the `Hold`s and blocks it ends with.
fn last_event(out: &[Stmt]) -> Option<&Event> {
    // The error path of a trailing `?` (`helper()?;`) comes after the call it follows.
    let end = out
        .iter()
        .rposition(|s| !matches!(s, Stmt::ErrorReturn { .. }))?;
    match &out[end] {
        Stmt::Event(e) => Some(e),
        Stmt::Hold { body, .. } | Stmt::Block(body) => last_event(body),
        _ => None,
    }
}

/// Wraps everything from each pending temporary's acquire to the end of `out` in a `Hold`,
/// innermost (latest) first.
fn wrap_holds(out: &mut Vec<Stmt>, pend: Vec<(usize, LockUse)>) {
    for (pos, lock) in pend.into_iter().rev() {
        let body = out.split_off(pos.min(out.len()));
        out.push(Stmt::Hold {
            lock,
            body: body.into(),
        });
    }
}

/// Puts `stmt` inside one `Hold` per pending temporary (the first acquired outermost).
fn nest_holds(mut stmt: Stmt, pend: Vec<(usize, LockUse)>) -> Stmt {
    for (_, lock) in pend.into_iter().rev() {
        stmt = Stmt::Hold {
            lock,
            body: thin_vec::thin_vec![stmt],
        };
    }
    stmt
}

fn sub_place(base: &Place, member: &str) -> Option<Place> {
    Some(match base {
        Place::Local { function, name } => Place::Local {
            function: *function,
            name: format!("{name}.{member}").into(),
        },
        Place::Global(g) => Place::Global(format!("{g}.{member}").into()),
        Place::Field { class, field } => Place::Field {
            class: *class,
            field: format!("{field}.{member}").into(),
        },
        Place::Param { .. } => return None,
    })
}

fn member_name(m: &syn::Member) -> String {
    match m {
        syn::Member::Named(i) => i.to_string(),
        syn::Member::Unnamed(i) => i.index.to_string(),
    }
}

/// Whether `name` appears as an identifier anywhere in `stmts`, in macro arguments too (and in
/// a string literal of one: `println!("{name:?}")`).
fn mentions(stmts: &[syn::Stmt], name: &str) -> bool {
    struct Finder<'a> {
        name: &'a str,
        found: bool,
    }
    impl<'ast> syn::visit::Visit<'ast> for Finder<'_> {
        fn visit_ident(&mut self, i: &'ast syn::Ident) {
            self.found |= i == self.name;
        }
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            self.found |= tokens_mention(m.tokens.clone(), self.name);
            syn::visit::visit_macro(self, m);
        }
    }
    let mut finder = Finder { name, found: false };
    for s in stmts {
        syn::visit::Visit::visit_stmt(&mut finder, s);
        if finder.found {
            return true;
        }
    }
    false
}

struct PathFinder<'a, 's> {
    name: &'a str,
    found: Vec<&'s syn::ExprPath>,
}

impl<'s> syn::visit::Visit<'s> for PathFinder<'_, 's> {
    fn visit_expr_path(&mut self, p: &'s syn::ExprPath) {
        if p.qself.is_none() && p.path.is_ident(self.name) {
            self.found.push(p);
        }
    }
}

/// The paths naming the local `name` in `e`.
fn uses_in_expr<'s>(e: &'s Expr, name: &str) -> Vec<&'s syn::ExprPath> {
    let mut finder = PathFinder {
        name,
        found: Vec::new(),
    };
    syn::visit::Visit::visit_expr(&mut finder, e);
    finder.found
}

/// The paths naming the local `name` in `stmts`, up to and including a `let` binding the name
/// anew (`let x = x + 1;` still reads the old one in its initializer).
fn uses_of<'s>(stmts: &'s [syn::Stmt], name: &str) -> Vec<&'s syn::ExprPath> {
    let mut finder = PathFinder {
        name,
        found: Vec::new(),
    };
    for s in stmts {
        syn::visit::Visit::visit_stmt(&mut finder, s);
        if let syn::Stmt::Local(l) = s {
            if guards::binding_name(&l.pat).as_deref() == Some(name) {
                break;
            }
        }
    }
    finder.found
}

fn tokens_mention(tokens: proc_macro2::TokenStream, name: &str) -> bool {
    tokens.into_iter().any(|t| match t {
        proc_macro2::TokenTree::Ident(i) => i == name,
        proc_macro2::TokenTree::Group(g) => tokens_mention(g.stream(), name),
        proc_macro2::TokenTree::Literal(l) => l.to_string().contains(name),
        proc_macro2::TokenTree::Punct(_) => false,
    })
}

fn is_screaming(path: &syn::Path) -> bool {
    path.segments.last().is_some_and(|s| {
        let n = s.ident.to_string();
        n.len() > 1
            && n.chars().any(|c| c.is_ascii_uppercase())
            && n.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    })
}

/// Builders of threads and runtimes whose setters return the builder itself, so a chain of
/// them keeps its type up to the call that spawns or builds.
const BUILDER_TYPES: &[&str] = &[
    "std::process::Command",
    "std::thread::Builder",
    "tokio::runtime::Builder",
    "rayon::ThreadPoolBuilder",
];

/// What the `build()` of a [`BUILDER_TYPES`] entry returns (inside a `Result`).
const BUILT_TYPES: &[(&str, &str)] = &[
    ("tokio::runtime::Builder", "tokio::runtime::Runtime"),
    ("rayon::ThreadPoolBuilder", "rayon::ThreadPool"),
];

/// The setters of [`BUILDER_TYPES`].
const BUILDER_SETTERS: &[&str] = &[
    "name",
    "stack_size",
    "enable_all",
    "enable_io",
    "enable_time",
    "worker_threads",
    "max_blocking_threads",
    "thread_name",
    "thread_stack_size",
    "num_threads",
    // `std::process::Command` and its platform extensions.
    "arg",
    "args",
    "env",
    "envs",
    "env_remove",
    "env_clear",
    "current_dir",
    "stdin",
    "stdout",
    "stderr",
    "uid",
    "gid",
    "groups",
    "arg0",
    "pre_exec",
    "process_group",
    "creation_flags",
    "raw_arg",
];

fn is_clone_like(mc: &syn::ExprMethodCall) -> bool {
    mc.args.is_empty()
        && matches!(
            mc.method.to_string().as_str(),
            "clone" | "as_ref" | "by_ref"
        )
}

/// `Arc::clone(&x)` / `Rc::clone(&x)`.
fn is_clone_call(c: &syn::ExprCall) -> bool {
    let Expr::Path(p) = &*c.func else {
        return false;
    };
    let segs: Vec<String> = p
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    c.args.len() == 1
        && segs.len() >= 2
        && segs[segs.len() - 1] == "clone"
        && matches!(segs[segs.len() - 2].as_str(), "Arc" | "Rc")
}

/// The closure an argument is, also boxed or wrapped on the way (`Box::new(move |a| ..)`,
/// `Arc::new(|n| ..)`, `Some(Box::new(f))`).
fn wrapped_closure(e: &Expr) -> Option<&syn::ExprClosure> {
    match strip_parens(e) {
        Expr::Closure(cl) => Some(cl),
        Expr::Cast(c) => wrapped_closure(&c.expr),
        Expr::Call(c) if c.args.len() == 1 => {
            let Expr::Path(p) = strip_parens(&c.func) else {
                return None;
            };
            let last = p.path.segments.last()?.ident.to_string();
            if last == "new" || last == "Some" {
                wrapped_closure(&c.args[0])
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Methods keeping their argument in the collection or cell they are called on.
const STORING_METHODS: &[&str] = &[
    "insert",
    "push",
    "push_back",
    "push_front",
    "replace",
    "set",
    "get_or_insert",
    "get_or_insert_with",
    "or_insert",
];

/// Iterator methods whose closure argument runs once per element.
const PER_ELEMENT: &[&str] = &[
    "map",
    "for_each",
    "try_for_each",
    "filter",
    "filter_map",
    "flat_map",
    "inspect",
    "fold",
    "try_fold",
    "any",
    "all",
    "find",
    "find_map",
    "position",
    "take_while",
    "skip_while",
    "map_while",
    "scan",
];

/// Iterator sources: what these methods return is iterated.
const ITERATES: &[&str] = &[
    "iter",
    "iter_mut",
    "into_iter",
    "drain",
    "chars",
    "bytes",
    "lines",
    "keys",
    "values",
    "values_mut",
    "chunks",
    "windows",
    "split",
    "step_by",
    "enumerate",
    "zip",
    "rev",
    "skip",
    "take",
    "chain",
    "cloned",
    "copied",
    "peekable",
];

/// Whether a call of `method` on `receiver` runs its closure once per element: an iterator
/// method on a range or an iterator chain (`(0..n).map(..)`, `v.iter().for_each(..)`), not
/// `Option::map`, which runs it at most once.
fn runs_per_element(method: &str, receiver: &Expr) -> bool {
    fn is_iterator(e: &Expr) -> bool {
        match strip_parens(e) {
            Expr::Range(_) => true,
            Expr::MethodCall(mc) => {
                let m = mc.method.to_string();
                ITERATES.contains(&m.as_str())
                    || (PER_ELEMENT.contains(&m.as_str())
                        && !matches!(
                            m.as_str(),
                            "fold" | "try_fold" | "any" | "all" | "find" | "find_map" | "position"
                        )
                        && is_iterator(&mc.receiver))
            }
            _ => false,
        }
    }
    PER_ELEMENT.contains(&method) && is_iterator(receiver)
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

/// How atomic the operation `method` of kind `kind` is, `discarded` when its statement drops
/// its result: an update other than a compare-exchange (which changes the value only when it
/// was what the code expected) is then blind.
fn atomicity(kind: AccessKind, method: &str, discarded: bool) -> Atomicity {
    if kind != AccessKind::ReadModifyWrite {
        return Atomicity::Atomic;
    }
    let counts = matches!(method, "fetch_add" | "fetch_sub");
    match (discarded, counts) {
        (true, _) if method.starts_with("compare_") => Atomicity::BlindExchange,
        _ if method == "fetch_update" => Atomicity::Atomic,
        (true, true) => Atomicity::BlindCount,
        (true, false) => Atomicity::BlindUpdate,
        (false, true) => Atomicity::Count {
            up: method == "fetch_add",
        },
        (false, false) => Atomicity::Atomic,
    }
}

/// The expression whose value a statement dropping `e` drops: `e` itself, or the `Result` that
/// `e.ok()` turns into an `Option` nobody reads (`a.compare_exchange(..).ok();`).
fn dropped_result(e: &Expr) -> &Expr {
    let e = strip_parens(e);
    match e {
        Expr::MethodCall(mc) if mc.method == "ok" && mc.args.is_empty() => {
            strip_parens(&mc.receiver)
        }
        _ => e,
    }
}

/// `std::io::Read`/`BufRead` methods whose result counts the bytes read, `Ok(0)` once the
/// stream has ended.
const COUNTING_READS: &[&str] = &["read", "read_line", "read_to_end", "read_to_string"];

/// `Err(..)`, also converted (`Err(e.into())`, `Err(..).into()`).
fn is_err_value(e: &Expr) -> bool {
    match strip_parens(e) {
        Expr::Call(c) => {
            matches!(&*c.func, Expr::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Err"))
        }
        Expr::MethodCall(mc) if mc.method == "into" => is_err_value(&mc.receiver),
        _ => false,
    }
}

/// `spawn(..).unwrap()` / `?` / `.expect(..)`: the expression whose value is kept.
fn strip_result(mut e: &Expr) -> &Expr {
    loop {
        e = match e {
            Expr::Paren(p) => &p.expr,
            Expr::Try(t) => &t.expr,
            Expr::MethodCall(mc) if mc.method == "unwrap" || mc.method == "expect" => &mc.receiver,
            _ => return e,
        }
    }
}

/// `e` without `strip_result`'s wrappers nor one-value constructors of a variant or tuple
/// struct (`Some(x)`, `Ok(x)`, `Slot(x)`): the value they wrap is kept where they are.
fn strip_wrapping(mut e: &Expr) -> &Expr {
    loop {
        e = strip_result(e);
        match e {
            Expr::Call(c) if c.args.len() == 1 && is_constructor_path(&c.func) => e = &c.args[0],
            _ => return e,
        }
    }
}

/// Whether `f` names a tuple struct or a variant (`Some`, `Option::Some`, `Slot`): a path whose
/// last segment starts with a capital letter.
fn is_constructor_path(f: &Expr) -> bool {
    let Expr::Path(p) = strip_parens(f) else {
        return false;
    };
    (p.path.segments.last()).is_some_and(|s| {
        s.ident
            .to_string()
            .starts_with(|c: char| c.is_ascii_uppercase())
    })
}

/// Whether the body's value `tail` is a local bound, at the top of `stmts`, to a new `Arc`
/// (`let collection = Arc::new(Collection::open(..)?); ..; Ok(collection)`).
fn returns_fresh_shared(stmts: &[syn::Stmt], tail: &Expr) -> bool {
    let Expr::Path(p) = strip_wrapping(tail) else {
        return false;
    };
    let Some(name) = p.path.get_ident() else {
        return false;
    };
    stmts.iter().any(|s| match s {
        syn::Stmt::Local(syn::Local {
            pat: syn::Pat::Ident(i),
            init: Some(init),
            ..
        }) if i.ident == *name => match strip_result(&init.expr) {
            Expr::Call(c) => matches!(&*c.func, Expr::Path(f)
                if f.path.segments.len() >= 2
                    && f.path.segments[f.path.segments.len() - 2].ident == "Arc"
                    && f.path.segments.last().is_some_and(|s| s.ident == "new")),
            _ => false,
        },
        _ => false,
    })
}

/// Whether `e`'s value is a clone (`x.clone()`, `opt.cloned()`, `Arc::clone(&x)`, also behind
/// `?`, `unwrap()` and its defaults, `Some(..)`/`Ok(..)` and as a block's value): a handle to or
/// copy of an object, not a quantity computed from the data it came from.
fn is_cloned_value(e: &Expr) -> bool {
    match strip_result(e) {
        Expr::MethodCall(mc)
            if matches!(
                mc.method.to_string().as_str(),
                "unwrap_or" | "unwrap_or_default" | "unwrap_or_else"
            ) =>
        {
            is_cloned_value(&mc.receiver)
        }
        Expr::MethodCall(mc) => {
            (mc.method == "clone" || mc.method == "cloned") && mc.args.is_empty()
        }
        Expr::Block(b) => match b.block.stmts.last() {
            Some(syn::Stmt::Expr(tail, None)) => is_cloned_value(tail),
            _ => false,
        },
        Expr::Call(c) => {
            let Expr::Path(p) = strip_parens(&c.func) else {
                return false;
            };
            let segments: Vec<String> = p
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            match segments
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .as_slice()
            {
                ["Some"] | ["Ok"] => c.args.len() == 1 && is_cloned_value(&c.args[0]),
                [.., "Arc" | "Rc", "clone"] => true,
                _ => false,
            }
        }
        _ => false,
    }
}

/// The collection a `for` loop walks: `handles`, `handles.into_iter()`, `handles.drain(..)`.
fn iter_source(e: &Expr) -> &Expr {
    match e {
        Expr::MethodCall(mc)
            if matches!(
                mc.method.to_string().as_str(),
                "into_iter" | "drain" | "iter" | "iter_mut"
            ) =>
        {
            &mc.receiver
        }
        Expr::Reference(r) => &r.expr,
        _ => e,
    }
}

fn contains_let(e: &Expr) -> bool {
    match e {
        Expr::Let(_) => true,
        Expr::Binary(b) => contains_let(&b.left) || contains_let(&b.right),
        Expr::Paren(p) => contains_let(&p.expr),
        _ => false,
    }
}

fn local_annotation(pat: &Pat) -> Option<&Type> {
    match pat {
        Pat::Type(t) => Some(&t.ty),
        _ => None,
    }
}

fn is_compound_assign(op: &syn::BinOp) -> bool {
    use syn::BinOp::*;
    matches!(
        op,
        AddAssign(_)
            | SubAssign(_)
            | MulAssign(_)
            | DivAssign(_)
            | RemAssign(_)
            | BitXorAssign(_)
            | BitAndAssign(_)
            | BitOrAssign(_)
            | ShlAssign(_)
            | ShrAssign(_)
    )
}

/// The variable or acquire an lvalue is rooted in: `g` in `g.x[i]`, `*g`.
fn lvalue_root(e: &Expr) -> &Expr {
    match e {
        Expr::Paren(p) => lvalue_root(&p.expr),
        Expr::Group(g) => lvalue_root(&g.expr),
        Expr::Field(f) => lvalue_root(&f.base),
        Expr::Index(i) => lvalue_root(&i.expr),
        Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => lvalue_root(&u.expr),
        _ => e,
    }
}

/// Lowers the parts of an lvalue that run code: the root when it is not a plain path (an
/// acquire, a call), and index expressions.
fn lower_lvalue_parts(l: &mut Lower<'_, '_>, e: &Expr, out: &mut Vec<Stmt>) {
    match e {
        Expr::Paren(p) => lower_lvalue_parts(l, &p.expr, out),
        Expr::Group(g) => lower_lvalue_parts(l, &g.expr, out),
        Expr::Field(f) => lower_lvalue_parts(l, &f.base, out),
        Expr::Index(i) => {
            lower_lvalue_parts(l, &i.expr, out);
            l.lower_expr(&i.index, out);
        }
        Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => {
            lower_lvalue_parts(l, &u.expr, out)
        }
        Expr::Path(_) => {}
        other => l.lower_expr(other, out),
    }
}

/// Calls not worth an event: constructors and helpers of std and the prelude.
fn is_uninteresting_path(q: &str) -> bool {
    q.starts_with("std::")
        || matches!(
            q.split("::").next().unwrap_or(""),
            "Some"
                | "Ok"
                | "Err"
                | "Box"
                | "Vec"
                | "String"
                | "Option"
                | "Result"
                | "drop"
                | "Default"
                | "From"
                | "Into"
        )
}

/// Scope functions whose closure parameter is a scope handle with a `spawn` method.
fn scope_param_type(q: &str) -> Option<&'static str> {
    Some(match q {
        "std::thread::scope" => "std::thread::Scope",
        "crossbeam::scope" | "crossbeam::thread::scope" => "crossbeam::thread::Scope",
        "crossbeam_utils::thread::scope" => "crossbeam_utils::thread::Scope",
        "rayon::scope" => "rayon::Scope",
        _ => return None,
    })
}

fn exec_ctx(s: &str) -> ExecCtx {
    match s {
        "process" => ExecCtx::Process,
        "task" => ExecCtx::Task,
        "greenlet" => ExecCtx::Greenlet,
        "reactor" => ExecCtx::Reactor,
        _ => ExecCtx::Thread,
    }
}

fn unguard(p: &Pat) -> &Pat {
    match p {
        Pat::Guard(g) => &g.pat,
        _ => p,
    }
}

/// Associated functions that build a value of their own type (`T::new`, `T::default`,
/// `T::with_capacity`, `T::from_..`): others (`Self::connect`) may return anything.
fn is_ctor_name(name: &str) -> bool {
    matches!(name, "new" | "default" | "const_new" | "from" | "current")
        || name.starts_with("new_")
        || name.starts_with("with_")
        || name.starts_with("from_")
}

/// Whether a method-call chain calls one of `methods` on the way (`v.par_iter().map(..)` for
/// `par_iter`).
fn chain_calls(mut e: &Expr, methods: &[String]) -> bool {
    loop {
        match strip_parens(e) {
            Expr::MethodCall(mc) => {
                if methods.iter().any(|m| mc.method == m.as_str()) {
                    return true;
                }
                e = &mc.receiver;
            }
            _ => return false,
        }
    }
}

/// Whether `e` awaits the acquire at its core (`m.lock().await`, `(m.lock().await)?`).
fn awaits(mut e: &Expr) -> bool {
    loop {
        e = match e {
            Expr::Await(_) => return true,
            Expr::Paren(p) => &p.expr,
            Expr::Group(g) => &g.expr,
            Expr::Try(t) => &t.expr,
            Expr::MethodCall(mc) if guards::is_guard_passthrough(&mc.method.to_string()) => {
                &mc.receiver
            }
            _ => return false,
        };
    }
}

/// A pattern without its type ascription and parentheses: `(a, b): (T, U)` is `(a, b)`.
fn strip_pat(p: &Pat) -> &Pat {
    match p {
        Pat::Type(t) => strip_pat(&t.pat),
        Pat::Paren(q) => strip_pat(&q.pat),
        _ => p,
    }
}

/// The local a struct field's value moves in: `paused` (shorthand or `paused: paused`),
/// `paused.clone()`, `Arc::clone(&paused)`.
fn moved_local(e: &Expr) -> Option<String> {
    match e {
        Expr::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
            Some(p.path.segments[0].ident.to_string())
        }
        Expr::Paren(p) => moved_local(&p.expr),
        Expr::Reference(r) => moved_local(&r.expr),
        Expr::MethodCall(mc) if is_clone_like(mc) => moved_local(&mc.receiver),
        Expr::Call(c) if is_clone_call(c) => moved_local(c.args.first()?),
        // `Some(handle)` into an `Option` field.
        Expr::Call(c)
            if c.args.len() == 1
                && matches!(&*c.func, Expr::Path(p) if p.path.is_ident("Some")) =>
        {
            moved_local(c.args.first()?)
        }
        _ => None,
    }
}

/// How a cell reads in a message: `IS_SANDBOXED`, `self.cache`.
fn quote_cell(e: &Expr) -> String {
    match e {
        Expr::Path(p) => p
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default(),
        Expr::Field(f) => format!("{}.{}", quote_cell(&f.base), member_name(&f.member)),
        Expr::Paren(p) => quote_cell(&p.expr),
        Expr::Reference(r) => quote_cell(&r.expr),
        _ => String::new(),
    }
}

/// Whether `e` is a literal numeric socket address: a string that parses as one
/// (`"127.0.0.1:0"`, `"[::1]:8080"`), or a pair of a literal IP address and a literal port
/// (`("127.0.0.1", 0)`), possibly borrowed.
fn literal_address(e: &Expr) -> bool {
    let lit_str = |e: &Expr| match strip_parens(e) {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        _ => None,
    };
    match strip_parens(e) {
        Expr::Reference(r) => literal_address(&r.expr),
        Expr::Tuple(t) if t.elems.len() == 2 => {
            lit_str(&t.elems[0]).is_some_and(|a| a.parse::<std::net::IpAddr>().is_ok())
                && matches!(
                    strip_parens(&t.elems[1]),
                    Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Int(_),
                        ..
                    })
                )
        }
        e => lit_str(e).is_some_and(|a| a.parse::<std::net::SocketAddr>().is_ok()),
    }
}

/// Whether an initializer takes a length or a position from a container (`LetUses::quantity`).
fn takes_quantity(e: &Expr) -> bool {
    struct Q(bool);
    impl<'a> syn::visit::Visit<'a> for Q {
        fn visit_expr_method_call(&mut self, mc: &'a syn::ExprMethodCall) {
            self.0 |= matches!(
                mc.method.to_string().as_str(),
                "len"
                    | "position"
                    | "rposition"
                    | "binary_search"
                    | "binary_search_by"
                    | "binary_search_by_key"
                    | "partition_point"
            );
            syn::visit::visit_expr_method_call(self, mc);
        }
        fn visit_expr_closure(&mut self, _: &'a syn::ExprClosure) {}
    }
    let mut q = Q(false);
    syn::visit::Visit::visit_expr(&mut q, e);
    q.0
}

/// Panicking index uses and shrinking calls of a body (`ModuleFacts::index_uses`,
/// `ModuleFacts::shrinks`).
#[derive(Default)]
struct IndexScan<'a> {
    uses: Vec<(&'a Expr, &'a Expr)>,
    shrinks: Vec<&'a Expr>,
    rechecking: Vec<&'a Expr>,
}

impl<'a> syn::visit::Visit<'a> for IndexScan<'a> {
    fn visit_expr_index(&mut self, i: &'a syn::ExprIndex) {
        self.uses.push((&i.expr, &i.index));
        syn::visit::visit_expr_index(self, i);
    }
    fn visit_expr_method_call(&mut self, mc: &'a syn::ExprMethodCall) {
        let method = mc.method.to_string();
        match method.as_str() {
            "remove" | "swap_remove" | "insert" => {
                if let Some(first) = mc.args.first() {
                    self.uses.push((&mc.receiver, first));
                }
            }
            "unwrap" | "expect" => {
                if let Expr::MethodCall(get) = &*mc.receiver {
                    if matches!(get.method.to_string().as_str(), "get" | "get_mut")
                        && get.args.len() == 1
                    {
                        self.uses.push((&get.receiver, &get.args[0]));
                    }
                }
            }
            _ => {}
        }
        if matches!(
            method.as_str(),
            "retain"
                | "retain_mut"
                | "clear"
                | "truncate"
                | "drain"
                | "remove"
                | "swap_remove"
                | "pop"
                | "pop_front"
                | "pop_back"
                | "split_off"
                | "dedup"
                | "dedup_by_key"
        ) {
            self.shrinks.push(&mc.receiver);
        }
        if matches!(
            method.as_str(),
            "retain" | "retain_mut" | "clear" | "truncate" | "dedup" | "dedup_by_key" | "dedup_by"
        ) {
            self.rechecking.push(&mc.receiver);
        }
        syn::visit::visit_expr_method_call(self, mc);
    }
    fn visit_expr_assign(&mut self, a: &'a syn::ExprAssign) {
        if let Expr::Unary(u) = &*a.left {
            if matches!(u.op, syn::UnOp::Deref(_)) {
                self.shrinks.push(&a.left);
            }
        }
        syn::visit::visit_expr_assign(self, a);
    }
}
