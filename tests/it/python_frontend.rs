//! The Python front-end on tricky snippets: concrete IR facts (names, places, events), syntax
//! errors, new syntax, and an opt-in smoke test over a whole Python stdlib.

use knot::ir::{self, Callee, Event, Module, Place};
use knot::models::Models;
use knot::source::{Lang, SourceDb};

fn lower_in(
    path: &str,
    module: &str,
    text: &str,
) -> (Module, Vec<knot::finding::Finding>, SourceDb) {
    let mut db = SourceDb::new();
    let id = db.add(path, module, text);
    let (m, f) = knot::frontend::lower(db.get(id), Lang::Python, &Models::builtin());
    (m, f, db)
}

fn lower(text: &str) -> Module {
    lower_in("m.py", "m", text).0
}

fn function<'a>(m: &'a Module, name: &str) -> &'a ir::Function {
    m.functions
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| {
            panic!(
                "no function {name} in {:?}",
                m.functions.iter().map(|f| &f.name).collect::<Vec<_>>()
            )
        })
}

fn events(f: &ir::Function) -> Vec<&Event> {
    let mut out = Vec::new();
    ir::walk_events(&f.body, &mut |e| out.push(e));
    out
}

/// Dumps the IR of `$KNOT_IR_FILE` (a debugging aid until `knot debug ir` exists).
#[test]
fn dump_ir_from_env() {
    let Ok(path) = std::env::var("KNOT_IR_FILE") else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    println!("{}", knot::lower_to_ir_text(&path, &text));
}

#[test]
fn aliases_self_fields_and_relative_imports_resolve() {
    let text = "\
import threading as t
from threading import Lock as L
from . import sibling
from ..p import helper
from .b import f

LOCK = L()

class C:
    def __init__(self):
        self._lock = t.RLock()
        self.conn = Conn()

    def m(self):
        with self._lock:
            self.n += 1
        self.conn.send()
        helper()
        f()
";
    let (m, findings, _) = lower_in("pkg/sub/a.py", "pkg.sub.a", text);
    assert!(findings.is_empty());
    assert!(m
        .aliases
        .contains(&("pkg.sub.a.f".into(), "pkg.sub.b.f".into())));
    assert!(m
        .aliases
        .contains(&("pkg.sub.a.helper".into(), "pkg.p.helper".into())));
    assert!(m
        .aliases
        .contains(&("pkg.sub.a.sibling".into(), "pkg.sub.sibling".into())));
    let decl_types: Vec<(&Place, &str)> =
        m.decls.iter().map(|d| (&d.place, d.ty.as_str())).collect();
    assert!(decl_types.contains(&(&Place::Global("pkg.sub.a.LOCK".into()), "threading.Lock")));
    let lock = Place::Field {
        class: "pkg.sub.a.C".into(),
        field: "_lock".into(),
    };
    assert!(decl_types.contains(&(&lock, "threading.RLock")));
    let f = function(&m, "pkg.sub.a.C.m");
    assert_eq!(f.class.as_deref(), Some("pkg.sub.a.C"));
    let mut held = None;
    ir::walk_stmts(&f.body, &mut |s| {
        if let ir::Stmt::Hold { lock, .. } = s {
            held = Some(lock.clone());
        }
    });
    let held = held.expect("with self._lock lowers to a hold");
    assert_eq!(held.lock, lock);
    assert_eq!(held.api.as_deref(), Some("threading.RLock"));
    let ev = events(f);
    assert!(ev.iter().any(|e| matches!(e, Event::Access { place: Place::Field { field, .. }, kind: ir::AccessKind::ReadModifyWrite, .. } if field == "n")));
    assert!(ev
        .iter()
        .any(|e| matches!(e, Event::Call { callee: Callee::Path(p), .. } if p == "pkg.p.helper")));
    assert!(ev
        .iter()
        .any(|e| matches!(e, Event::Call { callee: Callee::Path(p), .. } if p == "pkg.sub.b.f")));
    assert!(ev.iter().any(|e| matches!(e, Event::Call { callee: Callee::Method { class, method }, .. } if class == "Conn" && method == "send")));
}

#[test]
fn package_init_relative_imports_start_at_the_package() {
    let (m, _, _) = lower_in("pkg/__init__.py", "pkg", "from .core import run\n");
    assert_eq!(
        m.aliases,
        vec![("pkg.run".to_string(), "pkg.core.run".to_string())]
    );
    assert_eq!(m.facts.imports[0].name, "pkg.core.run");
}

#[test]
fn syntax_errors_are_kn001_and_the_rest_still_lowers() {
    let text = "import threading\n\ndef ok():\n    pass\n\ndef broken(:\n    pass\n\ndef later():\n    ok()\n";
    let (m, findings, db) = lower_in("m.py", "m", text);
    assert!(!findings.is_empty());
    assert!(findings.iter().all(|f| f.code == "KN001"));
    assert_eq!(db.span_range(findings[0].span).0 .0, 6);
    assert!(m.functions.iter().any(|f| f.name == "m.ok"));
    let later = function(&m, "m.later");
    assert!(events(later)
        .iter()
        .any(|e| matches!(e, Event::Call { callee: Callee::Path(p), .. } if p == "m.ok")));
}

#[test]
fn new_syntax_parses_without_findings() {
    let text = "type X = int\nname = 'a'\nprint(f\"{name!r:>{10}} {f'{name}'}\")\ndef g[T](x: T) -> T:\n    return x\n";
    let (_, findings, _) = lower_in("m.py", "m", text);
    assert!(findings.is_empty(), "{findings:?}");
}

#[test]
fn captured_locals_and_globals_are_accesses_plain_locals_are_not() {
    let m = lower(
        "import threading\nN = 0\ndef f():\n    plain = 1\n    plain += 1\n    shared = []\n    def g():\n        shared.append(1)\n    global N\n    N += 1\n    threading.Thread(target=g).start()\n",
    );
    let f = function(&m, "m.f");
    let places: Vec<&Place> = events(f)
        .into_iter()
        .filter_map(|e| match e {
            Event::Access { place, .. } => Some(place),
            _ => None,
        })
        .collect();
    assert!(places.contains(&&Place::Global("m.N".into())));
    assert!(!places
        .iter()
        .any(|p| matches!(p, Place::Local { name, .. } if name == "plain")));
    let g = function(&m, "m.f.<locals>.g");
    assert!(events(g).iter().any(|e| matches!(e, Event::Access { place: Place::Local { function, name }, .. } if function == "m.f" && name == "shared")));
    assert!(events(f).iter().any(|e| matches!(e, Event::Spawn { target: Some(Callee::Path(p)), handle: None, .. } if p == "m.f.<locals>.g")));
}

/// Lowers every `.py` under `$KNOT_STDLIB_SMOKE` (e.g. a CPython `Lib/`), catching panics, and
/// reports panics and files with KN001. Opt-in: it takes a while in debug builds.
#[test]
fn stdlib_smoke_from_env() {
    let Ok(root) = std::env::var("KNOT_STDLIB_SMOKE") else {
        return;
    };
    let models = Models::builtin();
    let mut stack = vec![std::path::PathBuf::from(root)];
    let (mut files, mut panics, mut with_errors) = (0usize, Vec::new(), Vec::new());
    let start = std::time::Instant::now();
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                if !p.is_symlink() {
                    stack.push(p);
                }
                continue;
            }
            if p.extension().is_none_or(|x| x != "py") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&p) else {
                continue;
            };
            files += 1;
            let mut db = SourceDb::new();
            let name = p.to_string_lossy().to_string();
            let id = db.add(name.clone(), "smoke", text);
            let file = db.get(id);
            match std::panic::catch_unwind(|| knot::frontend::lower(file, Lang::Python, &models)) {
                Ok((_, f)) if !f.is_empty() => with_errors.push(name),
                Ok(_) => {}
                Err(_) => panics.push(name),
            }
        }
    }
    println!(
        "lowered {files} files in {:?}; KN001 in {}: {with_errors:#?}",
        start.elapsed(),
        with_errors.len()
    );
    assert!(panics.is_empty(), "panics in {panics:#?}");
}

#[test]
fn threads_built_in_a_comprehension_spawn_and_join_through_the_loop_variable() {
    let m = lower(
        "import threading\ndef work(): pass\ndef main():\n    ts = [threading.Thread(target=work) for _ in range(3)]\n    for t in ts:\n        t.start()\n    for t in ts:\n        t.join()\n    sep = ','\n    sep.join(['a'])\n",
    );
    let ev = events(function(&m, "m.main"));
    let local = |n: &str| Place::Local {
        function: "m.main".into(),
        name: n.into(),
    };
    assert!(ev.iter().any(|e| matches!(e, Event::Spawn { target: Some(Callee::Path(p)), handle: Some(h), .. } if p == "m.work" && *h == local("t"))));
    assert!(ev
        .iter()
        .any(|e| matches!(e, Event::Join { handle, .. } if *handle == local("t"))));
    // A string's `join` is not a thread join.
    assert!(!ev
        .iter()
        .any(|e| matches!(e, Event::Join { handle, .. } if *handle == local("sep"))));
}
