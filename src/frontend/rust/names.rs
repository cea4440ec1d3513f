//! Name resolution inside one file: module paths, `use` aliases, items, `Self`, so that calls,
//! types and statics come out as qualified paths (`std::sync::Mutex`, `crate::a::helper`) that
//! the API models and the call graph can match.
//!
//! - `use super::*` and `self::`/`super::`/`crate::` paths are followed into the enclosing modules
//!   of the file (their private `use`s too).
//! - A glob import of an inline module lowered before (`use state::*`) is followed
//!   (`Names::done_modules`).
//! - `crate::x` in a file outside any crate's `src/` is read as the file's own item `x`
//!   (`SourceFile::own_root`: the file is a crate root of its own).

use rustc_hash::FxHashMap as HashMap;

/// Names from the std prelude that are kept as written (they are not items of the module).
const PRELUDE: &[&str] = &[
    "Box",
    "Vec",
    "String",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "drop",
    "Default",
    "Clone",
    "ToString",
    "ToOwned",
    "Iterator",
    "IntoIterator",
    "Into",
    "From",
    "Send",
    "Sync",
    "Copy",
    "Fn",
    "FnMut",
    "FnOnce",
    "Drop",
    "PartialEq",
    "Eq",
    "Ord",
    "PartialOrd",
    "AsRef",
    "AsMut",
    "Extend",
    "TryFrom",
    "TryInto",
    "Sized",
    "str",
    "bool",
    "char",
    "u8",
    "u16",
    "u32",
    "u64",
    "u128",
    "usize",
    "i8",
    "i16",
    "i32",
    "i64",
    "i128",
    "isize",
    "f32",
    "f64",
];

/// One lexical scope of names: a module (its items and `use`s) or a function body.
#[derive(Default)]
struct Frame {
    /// The module path (`crate::a`) items of this frame are qualified with.
    module: String,
    /// The prefix this frame's items get (`crate::a` for a module, `crate::a::f` in a body).
    prefix: String,
    /// Whether this frame starts a module (a `use` outside it is not visible inside).
    is_module: bool,
    names: HashMap<String, String>,
    /// Modules this one imports everything of (`use super::*`), by qualified path.
    globs: Vec<String>,
}

/// Scoped name resolution for one file.
pub(crate) struct Names {
    frames: Vec<Frame>,
    /// `Self` inside an `impl` or trait.
    pub self_ty: Option<String>,
    /// The file is a crate root of its own under another module name (a file outside any
    /// crate's `src/`, `SourceFile::own_root`): `crate::x` names what its top level declares
    /// or imports as `x`, not an item of a `crate` module of another file.
    own_root: bool,
    /// The names of the modules of this file lowered already (inline `mod m { .. }`), by
    /// qualified path: a glob import of one (`use state::*`) finds its items there.
    done_modules: HashMap<String, HashMap<String, String>>,
}

impl Names {
    pub fn new(module: &str) -> Names {
        Names {
            frames: vec![Frame {
                module: module.to_string(),
                prefix: module.to_string(),
                is_module: true,
                names: HashMap::default(),
                globs: Vec::new(),
            }],
            self_ty: None,
            own_root: false,
            done_modules: HashMap::default(),
        }
    }

    /// Makes this file a crate root of its own ([`Names::own_root`]).
    pub fn set_own_root(&mut self) {
        self.own_root = true;
    }

    /// Whether this file is a crate root of its own and the current frame is its top level.
    pub fn at_own_root(&self) -> bool {
        self.own_root && self.frames.len() == 1
    }

    /// The current module path.
    pub fn module(&self) -> &str {
        &self.frames.last().expect("invariant: a frame").module
    }

    /// The prefix of items declared here (`crate::m`, or `crate::m::f` inside a body).
    pub fn prefix(&self) -> &str {
        &self.frames.last().expect("invariant: a frame").prefix
    }

    pub fn push_module(&mut self, name: &str) {
        let module = format!("{}::{name}", self.module());
        self.frames.push(Frame {
            prefix: module.clone(),
            module,
            is_module: true,
            names: HashMap::default(),
            globs: Vec::new(),
        });
    }

    /// A function body: items inside it are named after the function.
    pub fn push_body(&mut self, prefix: &str) {
        let module = self.module().to_string();
        self.frames.push(Frame {
            module,
            prefix: prefix.to_string(),
            is_module: false,
            names: HashMap::default(),
            globs: Vec::new(),
        });
    }

    pub fn pop(&mut self) {
        if self.frames.len() > 1 {
            if let Some(f) = self.frames.pop() {
                if f.is_module {
                    self.done_modules.insert(f.module, f.names);
                }
            }
        }
    }

    /// Declares an item of the current frame: `name` -> `<prefix>::name`.
    pub fn declare_item(&mut self, name: &str) -> String {
        let q = format!("{}::{name}", self.prefix());
        self.bind(name, &q);
        q
    }

    pub fn bind(&mut self, name: &str, target: &str) {
        if let Some(f) = self.frames.last_mut() {
            f.names.insert(name.to_string(), target.to_string());
        }
    }

    fn lookup(&self, name: &str) -> Option<&str> {
        for f in self.frames.iter().rev() {
            if let Some(t) = f.names.get(name) {
                return Some(t);
            }
            if f.is_module {
                // `use super::*`: an item an enclosing module of this file declares (or
                // imports) under that name.
                // `use state::*`: an item of a module of this file lowered before.
                return f.globs.iter().find_map(|g| {
                    let names = match self.frames.iter().find(|o| o.is_module && o.module == *g) {
                        Some(o) => &o.names,
                        None => self.done_modules.get(g)?,
                    };
                    names.get(name).map(String::as_str)
                });
            }
        }
        None
    }

    /// Registers a `use` tree; returns the (local name, target) pairs it binds.
    pub fn add_use(&mut self, tree: &syn::UseTree, leading_colon: bool) -> Vec<(String, String)> {
        let mut out = Vec::new();
        collect_use(tree, &mut Vec::new(), &mut out);
        let mut bound = Vec::new();
        for (local, path) in out {
            let target = if leading_colon {
                normalize_root(&path.join("::"))
            } else {
                self.qualify_segments(&path)
            };
            if local == "*" {
                if let Some(f) = self.frames.last_mut() {
                    f.globs.push(target);
                }
                continue;
            }
            self.bind(&local, &target);
            bound.push((local, target));
        }
        bound
    }

    /// A path as written (`a::b::c`) to its qualified form.
    pub fn qualify_path(&self, path: &syn::Path) -> String {
        let segs: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if path.leading_colon.is_some() {
            return normalize_root(&segs.join("::"));
        }
        self.qualify_segments(&segs)
    }

    pub fn qualify_segments(&self, segs: &[String]) -> String {
        let Some(first) = segs.first() else {
            return String::new();
        };
        let rest = &segs[1..];
        let join = |head: &str| {
            if rest.is_empty() {
                head.to_string()
            } else {
                format!("{head}::{}", rest.join("::"))
            }
        };
        match first.as_str() {
            "crate" => {
                let root = &self.frames[0];
                if self.own_root && rest.first().is_some_and(|x| root.names.contains_key(x)) {
                    self.in_module(&root.module, rest)
                } else {
                    self.in_module("crate", rest)
                }
            }
            "self" => self.in_module(self.module(), rest),
            "super" => {
                let mut module = self.module().to_string();
                let mut i = 0;
                while segs.get(i).is_some_and(|s| s == "super") {
                    module = match module.rsplit_once("::") {
                        Some((parent, _)) => parent.to_string(),
                        None => module,
                    };
                    i += 1;
                }
                self.in_module(&module, &segs[i..])
            }
            "Self" => match &self.self_ty {
                Some(t) => join(t),
                None => join("Self"),
            },
            _ => {
                if let Some(target) = self.lookup(first) {
                    return join(target);
                }
                if PRELUDE.contains(&first.as_str()) {
                    return join(first);
                }
                if rest.is_empty() {
                    // An unknown single name: an item of this module (or a glob import we
                    // cannot see; then the name resolves to nothing, which is the safe side).
                    return format!("{}::{first}", self.module());
                }
                normalize_root(&join(first))
            }
        }
    }
}

impl Names {
    /// `tail` inside the module `module`: through what that module binds to `tail[0]` when it
    /// is a module of this file enclosing the current one (`super::helper` of a `use` in the
    /// parent, `crate::a::f` seen from inside `a`), else as written below it.
    fn in_module(&self, module: &str, tail: &[String]) -> String {
        let Some(first) = tail.first() else {
            return module.to_string();
        };
        let bound = self
            .frames
            .iter()
            .find(|f| f.is_module && f.module == module)
            .and_then(|f| f.names.get(first));
        let head = match bound {
            Some(target) => target.clone(),
            None => format!("{module}::{first}"),
        };
        if tail.len() == 1 {
            head
        } else {
            format!("{head}::{}", tail[1..].join("::"))
        }
    }
}

/// `core::` and `alloc::` paths name the same items as `std::`.
fn normalize_root(path: &str) -> String {
    for root in ["core::", "alloc::"] {
        if let Some(rest) = path.strip_prefix(root) {
            return format!("std::{rest}");
        }
    }
    path.to_string()
}

fn collect_use(
    tree: &syn::UseTree,
    prefix: &mut Vec<String>,
    out: &mut Vec<(String, Vec<String>)>,
) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            collect_use(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let name = n.ident.to_string();
            if name == "self" {
                if let Some(last) = prefix.last() {
                    out.push((last.clone(), prefix.clone()));
                }
            } else {
                let mut path = prefix.clone();
                path.push(name.clone());
                out.push((name, path));
            }
        }
        syn::UseTree::Rename(r) => {
            let name = r.ident.to_string();
            let mut path = prefix.clone();
            if name != "self" {
                path.push(name);
            }
            let local = r.rename.to_string();
            if local != "_" {
                out.push((local, path));
            }
        }
        syn::UseTree::Glob(_) => out.push(("*".to_string(), prefix.clone())),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                collect_use(t, prefix, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn use_item(names: &mut Names, src: &str) {
        let item: syn::ItemUse = syn::parse_str(src).unwrap();
        names.add_use(&item.tree, item.leading_colon.is_some());
    }

    #[test]
    fn glob_import_of_an_enclosing_module_finds_its_items() {
        let mut names = Names::new("crate");
        names.declare_item("LOCK");
        names.push_module("inner");
        use_item(&mut names, "use super::*;");
        assert_eq!(names.qualify_segments(&["LOCK".to_string()]), "crate::LOCK");
        // A glob of a module this file does not show resolves nothing new.
        use_item(&mut names, "use other::*;");
        assert_eq!(
            names.qualify_segments(&["Thing".to_string()]),
            "crate::inner::Thing"
        );
    }

    #[test]
    fn qualifies_through_uses_and_module_keywords() {
        let mut n = Names::new("crate::a::b");
        use_item(&mut n, "use std::sync::{Arc, Mutex as M};");
        use_item(&mut n, "use super::c::{self, D};");
        use_item(&mut n, "use core::sync::atomic::AtomicUsize;");
        let q = |n: &Names, s: &str| {
            let segs: Vec<String> = s.split("::").map(String::from).collect();
            n.qualify_segments(&segs)
        };
        assert_eq!(q(&n, "M"), "std::sync::Mutex");
        assert_eq!(q(&n, "Arc::new"), "std::sync::Arc::new");
        assert_eq!(q(&n, "c::f"), "crate::a::c::f");
        assert_eq!(q(&n, "D"), "crate::a::c::D");
        assert_eq!(q(&n, "AtomicUsize"), "std::sync::atomic::AtomicUsize");
        assert_eq!(q(&n, "self::x"), "crate::a::b::x");
        assert_eq!(q(&n, "super::super::y"), "crate::y");
        assert_eq!(q(&n, "helper"), "crate::a::b::helper");
        assert_eq!(q(&n, "tokio::spawn"), "tokio::spawn");
        n.push_module("inner");
        // A module does not see its parent's `use`s.
        assert_eq!(q(&n, "M"), "crate::a::b::inner::M");
    }

    #[test]
    fn crate_paths_of_a_file_that_is_its_own_crate_root() {
        let q = |n: &Names, s: &str| {
            let segs: Vec<String> = s.split("::").map(String::from).collect();
            n.qualify_segments(&segs)
        };
        let mut n = Names::new("crate::example");
        n.set_own_root();
        n.declare_item("a");
        use_item(&mut n, "use crate::a::relock as again;");
        n.push_module("a");
        // Its own inline module, not a module `a` of another file.
        assert_eq!(q(&n, "crate::a::f"), "crate::example::a::f");
        // A private `use` of an enclosing module, seen through `super::`.
        assert_eq!(q(&n, "super::again"), "crate::example::a::relock");
        // A name the file does not declare: another file of the directory.
        assert_eq!(q(&n, "crate::other::g"), "crate::other::g");
    }

    #[test]
    fn glob_import_of_a_module_lowered_before() {
        let mut n = Names::new("crate");
        n.declare_item("state");
        n.push_module("state");
        n.declare_item("ALPHA");
        n.pop();
        use_item(&mut n, "use state::*;");
        assert_eq!(
            n.qualify_segments(&["ALPHA".to_string()]),
            "crate::state::ALPHA"
        );
    }
}
