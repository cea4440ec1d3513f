//! Name binding for the Python front-end: which names a scope binds (assignments, parameters,
//! definitions, imports), which it declares `global`/`nonlocal`, which of its names nested
//! functions read (captured locals), and how relative imports resolve against the module name.
//!
//! Scopes are flow-insensitive, except that an assignment rebinding a name the function defines
//! with `def` or `class` (`ping = create_task(ping())`) still calls the definition in its value and
//! makes the name a local from there on (`Binding::rebound`).

use std::cell::Cell;

use rustc_hash::FxHashMap as HashMap;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, ExprContext, Stmt};

use crate::ir::Name;

/// What a scope knows of one name: everything `Lowerer::lookup` asks, behind one hash probe.
#[derive(Debug, Default)]
pub(super) struct Binding {
    /// Assigned, imported, defined or bound as a loop/with/except target here.
    pub bound: bool,
    pub global: bool,
    pub nonlocal: bool,
    /// Read anywhere inside nested functions or lambdas (a superset of the captures).
    pub used_by_nested: bool,
    /// The fully qualified imported name (`t` -> `threading`, `L` -> `threading.Lock`).
    pub import: Option<Name>,
    /// A function or class defined directly in this scope: whether it is a class.
    pub def: Option<bool>,
    /// Set by the lowerer once an assignment rebinds a name `def` bound in a function
    /// (`task = create_task(task())`): from there on the name is that value, not the function.
    pub rebound: Cell<bool>,
    /// The name interned, once a place named it (`Lowerer::materialize`).
    pub name: Cell<Option<Name>>,
    /// The name qualified by its scope (`mod.f`, `mod.C.f`, `mod.f.<locals>.g`), interned once a
    /// resolution needed it.
    pub qual: Cell<Option<Name>>,
}

/// What one function (or module, or class body) binds, by name. Computed by one pass over the
/// scope's own statements; nested function bodies are only scanned for the names they read.
/// Names borrow from the syntax tree: scanning allocates nothing per name.
#[derive(Debug, Default)]
pub(super) struct ScopeInfo<'a> {
    pub names: HashMap<&'a str, Binding>,
    /// Modules brought in by `from m import *`.
    pub star_imports: Vec<String>,
    /// The scope's own code contains `yield` / `yield from`: a function scope is a generator.
    pub yields: bool,
}

impl ScopeInfo<'_> {
    pub fn get(&self, name: &str) -> Option<&Binding> {
        self.names.get(name)
    }
}

/// Where relative imports start from: the module's own name and whether it is a package
/// `__init__`.
#[derive(Clone, Debug)]
pub(super) struct ModulePath {
    pub name: String,
    pub is_package: bool,
}

impl ModulePath {
    /// The absolute module named by `from <dots><module> import ...`; `None` when the dots climb
    /// above the top-level package.
    pub fn resolve_from(&self, level: u32, module: Option<&str>) -> Option<String> {
        if level == 0 {
            return module.map(str::to_string);
        }
        let mut base: &str = if self.is_package {
            &self.name
        } else {
            match self.name.rfind('.') {
                Some(i) => &self.name[..i],
                None => "",
            }
        };
        for _ in 1..level {
            base = match base.rfind('.') {
                Some(i) => &base[..i],
                None if !base.is_empty() => "",
                None => return None,
            };
        }
        Some(match (base.is_empty(), module) {
            (true, Some(m)) => m.to_string(),
            (true, None) => return None,
            (false, Some(m)) => [base, m].join("."),
            (false, None) => base.to_string(),
        })
    }
}

/// Which scope `scan_scope` looks at: only a function's locals can be captured by the functions
/// nested in it, so only a function scope collects `used_by_nested` (a module's or a class
/// body's names are never locals of a frame).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum ScopeKind {
    Function,
    ModuleOrClass,
}

/// Scans one scope: `body` is its statements.
pub(super) fn scan_scope<'a>(
    body: &'a [Stmt],
    kind: ScopeKind,
    path: &ModulePath,
) -> ScopeInfo<'a> {
    let mut s = Scanner {
        info: ScopeInfo::default(),
        path,
        captures: kind == ScopeKind::Function,
    };
    s.visit_body(body);
    s.info
}

/// The name of the first positional parameter (`self` of a method, the function a decorator
/// wraps), if there is one.
pub(super) fn first_positional(p: &ast::Parameters) -> Option<&str> {
    p.posonlyargs
        .iter()
        .chain(p.args.iter())
        .next()
        .map(|a| a.parameter.name.as_str())
}

/// Parameter names in call order: positional-only, positional, `*args`, keyword-only, `**kw`.
pub(super) fn param_names(p: &ast::Parameters) -> impl Iterator<Item = &str> {
    p.posonlyargs
        .iter()
        .chain(p.args.iter())
        .map(|a| a.parameter.name.as_str())
        .chain(p.vararg.iter().map(|a| a.name.as_str()))
        .chain(p.kwonlyargs.iter().map(|a| a.parameter.name.as_str()))
        .chain(p.kwarg.iter().map(|a| a.name.as_str()))
}

struct Scanner<'a, 'p> {
    info: ScopeInfo<'a>,
    path: &'p ModulePath,
    /// Whether names read by nested functions are collected (function scopes only).
    captures: bool,
}

impl<'a> Scanner<'a, '_> {
    fn entry(&mut self, name: &'a str) -> &mut Binding {
        self.info.names.entry(name).or_default()
    }

    fn bind(&mut self, name: &'a str) {
        self.entry(name).bound = true;
    }

    fn bind_target(&mut self, e: &'a Expr) {
        match e {
            Expr::Name(n) => self.bind(n.id.as_str()),
            Expr::Tuple(t) => t.elts.iter().for_each(|x| self.bind_target(x)),
            Expr::List(t) => t.elts.iter().for_each(|x| self.bind_target(x)),
            Expr::Starred(s) => self.bind_target(&s.value),
            _ => {}
        }
    }
}

impl<'a> Visitor<'a> for Scanner<'a, '_> {
    /// A comprehension's variables live in the comprehension's own scope (Python 3).
    fn visit_comprehension(&mut self, c: &'a ast::Comprehension) {
        self.visit_expr(&c.iter);
        for e in &c.ifs {
            self.visit_expr(e);
        }
    }

    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(f) => {
                self.bind(f.name.as_str());
                self.entry(f.name.as_str()).def = Some(false);
                for d in &f.decorator_list {
                    self.visit_expr(&d.expression);
                }
                // Defaults are evaluated in this scope; the body is a nested scope.
                for p in f.parameters.iter_non_variadic_params() {
                    if let Some(d) = &p.default {
                        self.visit_expr(d);
                    }
                }
                if self.captures {
                    collect_reads_body(&f.body, &mut self.info.names);
                }
            }
            Stmt::ClassDef(c) => {
                self.bind(c.name.as_str());
                self.entry(c.name.as_str()).def = Some(true);
                if let Some(args) = &c.arguments {
                    self.visit_arguments(args);
                }
                // Methods of a class defined in a function can capture the function's locals.
                if self.captures {
                    collect_reads_body(&c.body, &mut self.info.names);
                }
            }
            Stmt::Global(g) => {
                for n in &g.names {
                    self.entry(n.as_str()).global = true;
                }
            }
            Stmt::Nonlocal(g) => {
                for n in &g.names {
                    self.entry(n.as_str()).nonlocal = true;
                }
            }
            Stmt::Import(i) => {
                for a in &i.names {
                    let full = a.name.as_str();
                    match &a.asname {
                        Some(as_) => {
                            self.bind(as_.as_str());
                            self.entry(as_.as_str()).import = Some(Name::new(full));
                        }
                        None => {
                            // `import a.b` binds `a`.
                            let first = full.split('.').next().unwrap_or(full);
                            self.bind(first);
                            self.entry(first).import = Some(Name::new(first));
                        }
                    }
                }
            }
            Stmt::ImportFrom(i) => {
                let Some(base) = self
                    .path
                    .resolve_from(i.level, i.module.as_ref().map(|m| m.as_str()))
                else {
                    return;
                };
                for a in &i.names {
                    if a.name.as_str() == "*" {
                        self.info.star_imports.push(base.clone());
                        continue;
                    }
                    let local = a.asname.as_ref().unwrap_or(&a.name).as_str();
                    self.bind(local);
                    self.entry(local).import = Some(Name::new(&[&base, a.name.as_str()].join(".")));
                }
            }
            Stmt::For(f) => {
                self.bind_target(&f.target);
                visitor::walk_stmt(self, stmt);
            }
            Stmt::With(w) => {
                for item in &w.items {
                    if let Some(v) = &item.optional_vars {
                        self.bind_target(v);
                    }
                }
                visitor::walk_stmt(self, stmt);
            }
            Stmt::Try(t) => {
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(n) = &h.name {
                        self.bind(n.as_str());
                    }
                }
                visitor::walk_stmt(self, stmt);
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Name(n) if matches!(n.ctx, ExprContext::Store | ExprContext::Del) => {
                self.bind(n.id.as_str());
            }
            Expr::Named(n) => {
                self.bind_target(&n.target);
                self.visit_expr(&n.value);
            }
            Expr::Yield(_) | Expr::YieldFrom(_) => {
                self.info.yields = true;
                visitor::walk_expr(self, expr);
            }
            Expr::Lambda(l) => {
                if let Some(p) = &l.parameters {
                    for p in p.iter_non_variadic_params() {
                        if let Some(d) = &p.default {
                            self.visit_expr(d);
                        }
                    }
                }
                if self.captures {
                    let mut reads = Reads(&mut self.info.names);
                    reads.visit_expr(&l.body);
                }
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}

/// Every name read in a nested body (all depths).
fn collect_reads_body<'a>(body: &'a [Stmt], out: &mut HashMap<&'a str, Binding>) {
    let mut r = Reads(out);
    r.visit_body(body);
}

struct Reads<'a, 'o>(&'o mut HashMap<&'a str, Binding>);

impl<'a> Visitor<'a> for Reads<'a, '_> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Name(n) = expr {
            // Stores count too: `nonlocal x; x += 1` writes the outer local.
            self.0.entry(n.id.as_str()).or_default().used_by_nested = true;
            return;
        }
        visitor::walk_expr(self, expr);
    }

    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if let Stmt::Nonlocal(n) = stmt {
            for id in &n.names {
                self.0.entry(id.as_str()).or_default().used_by_nested = true;
            }
        }
        visitor::walk_stmt(self, stmt);
    }
}

/// Python's builtins that code calls or reads by bare name; a name in none of the scopes and not
/// in this list may come from a `from m import *`.
pub(super) fn is_builtin(name: &str) -> bool {
    matches!(
        name,
        "abs"
            | "all"
            | "any"
            | "ascii"
            | "bin"
            | "bool"
            | "breakpoint"
            | "bytearray"
            | "bytes"
            | "callable"
            | "chr"
            | "classmethod"
            | "compile"
            | "complex"
            | "delattr"
            | "dict"
            | "dir"
            | "divmod"
            | "enumerate"
            | "eval"
            | "exec"
            | "filter"
            | "float"
            | "format"
            | "frozenset"
            | "getattr"
            | "globals"
            | "hasattr"
            | "hash"
            | "help"
            | "hex"
            | "id"
            | "input"
            | "int"
            | "isinstance"
            | "issubclass"
            | "iter"
            | "len"
            | "list"
            | "locals"
            | "map"
            | "max"
            | "memoryview"
            | "min"
            | "next"
            | "object"
            | "oct"
            | "open"
            | "ord"
            | "pow"
            | "print"
            | "property"
            | "range"
            | "repr"
            | "reversed"
            | "round"
            | "set"
            | "setattr"
            | "slice"
            | "sorted"
            | "staticmethod"
            | "str"
            | "sum"
            | "super"
            | "tuple"
            | "type"
            | "vars"
            | "zip"
            | "__import__"
            | "__name__"
            | "__file__"
            | "__doc__"
            | "None"
            | "True"
            | "False"
            | "NotImplemented"
            | "Ellipsis"
            | "Exception"
            | "BaseException"
            | "ValueError"
            | "TypeError"
            | "KeyError"
            | "IndexError"
            | "RuntimeError"
            | "OSError"
            | "StopIteration"
            | "AttributeError"
            | "NotImplementedError"
            | "ImportError"
            | "anext"
            | "aiter"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_imports_resolve_from_module_and_package() {
        let m = ModulePath {
            name: "pkg.sub.a".into(),
            is_package: false,
        };
        assert_eq!(m.resolve_from(1, Some("b")).as_deref(), Some("pkg.sub.b"));
        assert_eq!(m.resolve_from(1, None).as_deref(), Some("pkg.sub"));
        assert_eq!(m.resolve_from(2, Some("p")).as_deref(), Some("pkg.p"));
        assert_eq!(
            m.resolve_from(0, Some("os.path")).as_deref(),
            Some("os.path")
        );
        let init = ModulePath {
            name: "pkg.sub".into(),
            is_package: true,
        };
        assert_eq!(
            init.resolve_from(1, Some("b")).as_deref(),
            Some("pkg.sub.b")
        );
        assert_eq!(init.resolve_from(2, None).as_deref(), Some("pkg"));
        assert_eq!(init.resolve_from(4, None), None);
    }
}
