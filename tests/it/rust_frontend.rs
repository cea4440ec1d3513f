//! Concrete IR facts from the Rust front-end: guard lifetimes, lock modes, names, parse errors.

use knot::ir::{
    walk_stmts, AccessKind, Atomicity, Event, Function, LockMode, LockUse, Module, Place, Stmt,
};
use knot::models::Models;
use knot::source::SourceDb;

fn lower(src: &str) -> (Module, Vec<knot::finding::Finding>, SourceDb) {
    let mut db = SourceDb::new();
    let id = db.add("src/lib.rs", "crate", src);
    let (m, f) = knot::frontend::rust::lower(db.get(id), &Models::builtin());
    (m, f, db)
}

fn func<'m>(m: &'m Module, name: &str) -> &'m Function {
    m.functions
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no function {name}: {:?}", names(m)))
}

fn names(m: &Module) -> Vec<&str> {
    m.functions.iter().map(|f| f.name.as_str()).collect()
}

/// Every `Hold` in a body, with its body, depth first.
fn holds(body: &[Stmt]) -> Vec<(&LockUse, &[Stmt])> {
    let mut out = Vec::new();
    walk_stmts(body, &mut |s| {
        if let Stmt::Hold { lock, body } = s {
            out.push((lock, body.as_slice()));
        }
    });
    out
}

fn calls(body: &[Stmt]) -> Vec<String> {
    let mut out = Vec::new();
    knot::ir::walk_events(body, &mut |e| {
        if let Event::Call { callee, .. } = e {
            out.push(format!("{callee:?}"));
        }
    });
    out
}

fn field(class: &str, f: &str) -> Place {
    Place::Field {
        class: class.into(),
        field: f.into(),
    }
}

fn line_of(db: &SourceDb, offset: u32) -> u32 {
    let f = &db.files()[0];
    f.lines().line_col(&f.text, offset).0
}

const CACHE: &str = r#"
use std::sync::Mutex;
pub struct C { m: Mutex<Vec<u32>>, n: Mutex<u32> }
fn before() {}
fn inside() {}
fn after() {}
impl C {
    fn let_guard(&self) {
        before();
        let g = self.m.lock().unwrap();
        inside();
        {
            inside();
        }
    }
    fn dropped(&self) {
        let mut g = self.m.lock().unwrap();
        g.push(1);
        inside();
        drop(g);
        after();
    }
    fn temporary(&self) {
        *self.n.lock().unwrap() += 1;
        after();
        self.m.lock().unwrap().push(2);
        after();
    }
    fn scrutinee(&self) -> u32 {
        match self.m.lock().unwrap().len() {
            0 => *self.n.lock().unwrap(),
            _ => 1,
        }
    }
    fn if_let(&self) {
        if let Some(x) = self.m.lock().unwrap().first() {
            inside();
        } else {
            inside();
        }
        after();
    }
    fn owned_copy(&self) -> usize {
        let n = self.m.lock().unwrap().len();
        after();
        n
    }
}
"#;

#[test]
fn let_guard_lives_to_the_end_of_its_block() {
    let (m, _, _) = lower(CACHE);
    let f = func(&m, "crate::C::let_guard");
    // `before()` runs outside, everything after the `let` inside.
    assert_eq!(calls(&f.body[..1]), vec![r#"Path("crate::before")"#]);
    let hs = holds(&f.body);
    assert_eq!(hs.len(), 1);
    let (lock, body) = hs[0];
    assert_eq!(lock.lock, field("crate::C", "m"));
    assert_eq!(lock.mode, LockMode::Exclusive);
    assert!(lock.blocking);
    assert_eq!(lock.api.as_deref(), Some("std::sync::Mutex::lock"));
    assert_eq!(calls(body).len(), 2, "both `inside()` calls are held");
}

#[test]
fn drop_ends_the_guard() {
    let (m, _, _) = lower(CACHE);
    let f = func(&m, "crate::C::dropped");
    let hs = holds(&f.body);
    assert_eq!(hs.len(), 1);
    let body = hs[0].1;
    assert_eq!(calls(body), vec![r#"Path("crate::inside")"#]);
    // The write through the guard is an access of the lock's data.
    assert!(body.iter().any(|s| matches!(s,
        Stmt::Event(Event::Access { place, kind: AccessKind::Write, atomic: Atomicity::Plain, .. })
            if *place == field("crate::C", "m"))));
    // `after()` is outside the hold, after it.
    let last = f.body.last().unwrap();
    assert!(matches!(last, Stmt::Event(Event::Call { .. })));
}

#[test]
fn temporary_guard_covers_its_statement_only() {
    let (m, _, _) = lower(CACHE);
    let f = func(&m, "crate::C::temporary");
    // hold(n) { rmw }, call after, hold(m) { write }, call after
    assert_eq!(f.body.len(), 4, "{:#?}", f.body);
    let Stmt::Hold { lock, body } = &f.body[0] else {
        panic!("{:?}", f.body[0])
    };
    assert_eq!(lock.lock, field("crate::C", "n"));
    assert!(matches!(
        body.as_slice(),
        [Stmt::Event(Event::Access {
            kind: AccessKind::ReadModifyWrite,
            ..
        })]
    ));
    assert!(matches!(&f.body[2], Stmt::Hold { lock, .. } if lock.lock == field("crate::C", "m")));
    assert!(calls(&f.body[1..2]).len() == 1 && calls(&f.body[3..]).len() == 1);
}

#[test]
fn match_scrutinee_guard_spans_the_arms() {
    let (m, _, _) = lower(CACHE);
    let f = func(&m, "crate::C::scrutinee");
    let Stmt::Hold { lock, body } = &f.body[0] else {
        panic!("{:?}", f.body)
    };
    assert_eq!(lock.lock, field("crate::C", "m"));
    let inner = holds(body);
    assert_eq!(
        inner.len(),
        1,
        "the arm's acquire is inside the scrutinee's hold"
    );
    assert_eq!(inner[0].0.lock, field("crate::C", "n"));
}

#[test]
fn if_let_scrutinee_guard_covers_else_in_edition_2021() {
    let (m, _, _) = lower(CACHE);
    let f = func(&m, "crate::C::if_let");
    assert_eq!(m.facts.edition, None);
    let Stmt::Hold { body, .. } = &f.body[0] else {
        panic!("{:?}", f.body)
    };
    let Stmt::Branch { arms, .. } = &body[0] else {
        panic!("{body:?}")
    };
    assert_eq!(arms.len(), 2);
    assert_eq!(calls(&arms[0]).len(), 1);
    assert_eq!(calls(&arms[1]).len(), 1);
    assert_eq!(calls(&f.body[1..]), vec![r#"Path("crate::after")"#]);
}

#[test]
fn method_on_guard_in_let_is_a_temporary() {
    let (m, _, _) = lower(CACHE);
    let f = func(&m, "crate::C::owned_copy");
    let Stmt::Hold { body, .. } = &f.body[0] else {
        panic!("{:?}", f.body)
    };
    assert!(calls(body).is_empty());
    assert_eq!(calls(&f.body[1..]), vec![r#"Path("crate::after")"#]);
}

#[test]
fn rwlock_modes_try_lock_and_aliases() {
    let src = r#"
use std::sync::Mutex as M;
use std::sync::RwLock;
static A: M<u32> = M::new(0);
static B: RwLock<u32> = RwLock::new(0);
fn f() {
    let r = B.read().unwrap();
    let w = B.write().unwrap();
    if let Ok(g) = A.try_lock() {}
}
"#;
    let (m, _, _) = lower(src);
    let f = func(&m, "crate::f");
    let hs = holds(&f.body);
    let got: Vec<(LockMode, bool, Option<&str>)> = hs
        .iter()
        .map(|(l, _)| (l.mode, l.blocking, l.api.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            (LockMode::Read, true, Some("std::sync::RwLock::read")),
            (LockMode::Write, true, Some("std::sync::RwLock::write")),
            (
                LockMode::Exclusive,
                false,
                Some("std::sync::Mutex::try_lock")
            ),
        ]
    );
    assert!(m
        .decls
        .iter()
        .any(|d| d.place == Place::Global("crate::A".into()) && d.ty == "std::sync::Mutex"));
}

#[test]
fn parking_lot_and_tokio_locks() {
    let src = r#"
use std::sync::Arc;
struct S { p: parking_lot::Mutex<u32>, t: Arc<tokio::sync::Mutex<u32>> }
impl S {
    async fn f(&self) {
        let g = self.p.lock();
        let h = self.t.lock().await;
    }
}
"#;
    let (m, _, _) = lower(src);
    let f = func(&m, "crate::S::f");
    assert!(f.is_async);
    let hs = holds(&f.body);
    assert_eq!(hs.len(), 2);
    assert_eq!(hs[0].0.api.as_deref(), Some("parking_lot::Mutex::lock"));
    assert!(!hs[0].0.is_async);
    assert_eq!(hs[1].0.api.as_deref(), Some("tokio::sync::Mutex::lock"));
    assert!(hs[1].0.is_async);
    // The await of the acquire happens before the guard exists.
    let Stmt::Hold { body, .. } = &f.body[0] else {
        panic!()
    };
    assert!(matches!(body[0], Stmt::Event(Event::Await { .. })));
    assert!(m
        .decls
        .iter()
        .any(|d| d.place == field("crate::S", "t") && d.ty == "tokio::sync::Mutex"));
}

#[test]
fn spawned_closures_are_functions_and_joins_name_the_handle() {
    let src = r#"
use std::thread;
use std::sync::{Arc, Mutex};
fn main() {
    let m = Arc::new(Mutex::new(0));
    let m2 = Arc::clone(&m);
    let h = thread::spawn(move || { *m2.lock().unwrap() += 1; });
    h.join().unwrap();
}
"#;
    let (m, _, _) = lower(src);
    let main = func(&m, "crate::main");
    let local = |n: &str| Place::Local {
        function: "crate::main".into(),
        name: n.into(),
    };
    let mut spawn = None;
    let mut join = None;
    knot::ir::walk_events(&main.body, &mut |e| match e {
        Event::Spawn { target, handle, .. } => spawn = Some((target.clone(), handle.clone())),
        Event::Join { handle, .. } => join = Some(handle.clone()),
        _ => {}
    });
    let (target, handle) = spawn.expect("a spawn");
    assert_eq!(
        target,
        Some(knot::ir::Callee::Path("crate::main::{closure#0}".into()))
    );
    assert_eq!(handle, Some(local("h")));
    assert_eq!(join, Some(local("h")));
    // The clone names the same lock as the original.
    let closure = func(&m, "crate::main::{closure#0}");
    assert_eq!(holds(&closure.body)[0].0.lock, local("m"));
}

#[test]
fn atomics_and_static_mut() {
    let src = r#"
use std::sync::atomic::{AtomicU64, Ordering};
static N: AtomicU64 = AtomicU64::new(0);
static mut P: u32 = 0;
fn f() {
    let v = N.load(Ordering::SeqCst);
    N.store(v + 1, Ordering::SeqCst);
    N.fetch_add(1, Ordering::Relaxed);
    let _ = N.fetch_or(2, Ordering::Relaxed);
    let old = N.fetch_sub(1, Ordering::Relaxed);
    let _ = N.compare_exchange(old, 0, Ordering::SeqCst, Ordering::SeqCst);
    unsafe { P += 1; }
}
"#;
    let (m, _, _) = lower(src);
    let f = func(&m, "crate::f");
    let mut got = Vec::new();
    knot::ir::walk_events(&f.body, &mut |e| {
        if let Event::Access {
            place,
            kind,
            atomic,
            ..
        } = e
        {
            got.push((place.clone(), *kind, *atomic));
        }
    });
    let n = Place::Global("crate::N".into());
    assert_eq!(
        got,
        vec![
            (n.clone(), AccessKind::Read, Atomicity::Atomic),
            (n.clone(), AccessKind::Write, Atomicity::Atomic),
            // An update whose result is dropped is blind; one moving the value, a count.
            (
                n.clone(),
                AccessKind::ReadModifyWrite,
                Atomicity::BlindCount
            ),
            (
                n.clone(),
                AccessKind::ReadModifyWrite,
                Atomicity::BlindUpdate
            ),
            // A count whose result is read says which way it moved.
            (
                n.clone(),
                AccessKind::ReadModifyWrite,
                Atomicity::Count { up: false }
            ),
            // A compare-exchange whose result is dropped: no retry loop.
            (n, AccessKind::ReadModifyWrite, Atomicity::BlindExchange),
            (
                Place::Global("crate::P".into()),
                AccessKind::ReadModifyWrite,
                Atomicity::Plain
            ),
        ]
    );
}

#[test]
fn methods_calls_and_inline_modules() {
    let src = r#"
mod inner {
    pub struct Db;
    impl Db { pub fn get(&self) {} }
    pub fn helper() {}
}
pub use inner::helper;
use inner::Db;
struct S { db: Db }
impl S {
    fn a(&self) { self.b(); self.db.get(); inner::helper(); Self::c(); }
    fn b(&self) {}
    fn c() {}
}
"#;
    let (m, _, _) = lower(src);
    let a = func(&m, "crate::S::a");
    assert_eq!(
        calls(&a.body),
        vec![
            r#"Method { class: "crate::S", method: "b" }"#,
            r#"Method { class: "crate::inner::Db", method: "get" }"#,
            r#"Path("crate::inner::helper")"#,
            r#"Path("crate::S::c")"#,
        ]
    );
    assert!(names(&m).contains(&"crate::inner::Db::get"));
    assert!(m
        .aliases
        .contains(&("crate::helper".into(), "crate::inner::helper".into())));
}

#[test]
fn parse_error_is_one_kn001_at_its_line() {
    let (m, findings, db) = lower("fn ok() {}\n\nfn broken( {\n}\n");
    assert!(m.functions.is_empty());
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].code, "KN001");
    assert_eq!(line_of(&db, findings[0].span.start), 3);
}

#[test]
fn spans_are_byte_offsets_of_the_original_text() {
    // A BOM, a shebang and multi-byte characters before the item.
    let src = "\u{feff}#!/usr/bin/env run\n// ünïcödé\nfn f() { g(); }\nfn g() {}\n";
    let (m, _, db) = lower(src);
    let f = func(&m, "crate::f");
    assert_eq!(&src[f.span.start as usize..f.span.end as usize], "f");
    let call = f.body[0].clone();
    let Stmt::Event(Event::Call { span, .. }) = call else {
        panic!()
    };
    assert_eq!(&src[span.start as usize..span.end as usize], "g()");
    assert_eq!(line_of(&db, span.start), 3);
}

/// Lowers every `.rs` file under `$KNOT_RUST_SMOKE` (e.g. a `cargo vendor` directory): no
/// panics, and KN001 only where syn really fails.
#[test]
fn smoke_lower_directory_from_env() {
    let Ok(dir) = std::env::var("KNOT_RUST_SMOKE") else {
        return;
    };
    let models = Models::builtin();
    let mut stack = vec![std::path::PathBuf::from(dir)];
    let (mut files, mut errors, mut panics) = (0, 0, Vec::new());
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&p) else {
                continue;
            };
            files += 1;
            let mut db = SourceDb::new();
            let id = db.add(p.to_string_lossy(), "crate", text);
            let r = std::panic::catch_unwind(|| knot::frontend::rust::lower(db.get(id), &models));
            match r {
                Ok((_, f)) if !f.is_empty() => {
                    errors += 1;
                    eprintln!("KN001 {}: {}", p.display(), f[0].message);
                }
                Ok(_) => {}
                Err(_) => panics.push(p.display().to_string()),
            }
        }
    }
    eprintln!(
        "smoke: {files} files, {errors} parse errors, {} panics",
        panics.len()
    );
    assert!(panics.is_empty(), "panics in: {panics:#?}");
}

#[test]
fn for_iterator_guard_spans_the_loop_and_while_let_the_body() {
    let src = r#"
use std::sync::Mutex;
static Q: Mutex<Vec<u32>> = Mutex::new(Vec::new());
static R: Mutex<u32> = Mutex::new(0);
fn work(_: &u32) {}
fn f() {
    for x in Q.lock().unwrap().iter() {
        *R.lock().unwrap() += *x;
    }
    while let Some(x) = Q.lock().unwrap().pop() {
        work(&x);
    }
    if Q.lock().unwrap().is_empty() {
        work(&0);
    }
}
"#;
    let (m, _, _) = lower(src);
    let f = func(&m, "crate::f");
    // for: hold(Q) { loop { hold(R) } }
    let Stmt::Hold { lock, body } = &f.body[0] else {
        panic!("{:?}", f.body[0])
    };
    assert_eq!(lock.lock, Place::Global("crate::Q".into()));
    assert!(matches!(body[0], Stmt::Loop { .. }));
    assert_eq!(holds(body).len(), 1);
    // while let: loop { cond; body: hold(Q) { work() } }
    let Stmt::Loop { body, .. } = &f.body[1] else {
        panic!("{:?}", f.body[1])
    };
    assert!(matches!(&body[0], Stmt::Hold { body, .. } if calls(body).len() == 1));
    // if: the condition's temporary is dropped before the branch runs.
    let Stmt::Branch { cond, arms, .. } = &f.body[2] else {
        panic!("{:?}", f.body[2])
    };
    assert_eq!(holds(cond).len(), 1);
    assert!(holds(&arms[0]).is_empty() && calls(&arms[0]).len() == 1);
}

#[test]
fn unknown_receivers_are_not_locks_when_their_type_is_a_class() {
    let src = r#"
struct Door;
impl Door { fn lock(&self) {} }
struct House { door: Door }
impl House {
    fn leave(&self) { self.door.lock(); }
}
"#;
    let (m, _, _) = lower(src);
    let f = func(&m, "crate::House::leave");
    assert!(holds(&f.body).is_empty());
    assert_eq!(
        calls(&f.body),
        vec![r#"Method { class: "crate::Door", method: "lock" }"#]
    );
}

#[test]
fn closures_bound_or_passed_to_functions_are_their_own_functions() {
    let src = r#"
use std::sync::Mutex;
static M: Mutex<u32> = Mutex::new(0);
fn later<F: FnOnce()>(f: F) { f() }
fn f() {
    let g = M.lock().unwrap();
    let job = move || { let _x = M.lock().unwrap(); };
    later(|| std::thread::sleep(std::time::Duration::from_millis(1)));
    std::thread::spawn(job.clone());
    job();
    drop(g);
}
"#;
    let (m, _, _) = lower(src);
    let f = func(&m, "crate::f");
    let hs = holds(&f.body);
    assert_eq!(hs.len(), 1, "the closures' acquires are not in `f`'s hold");
    let job = "crate::f::{closure#0}";
    assert_eq!(holds(&func(&m, job).body).len(), 1);
    let mut spawned = None;
    knot::ir::walk_events(&f.body, &mut |e| {
        if let Event::Spawn { target, .. } = e {
            spawned = target.clone();
        }
    });
    assert_eq!(spawned, Some(knot::ir::Callee::Path(job.into())));
    assert!(calls(&f.body).contains(&format!("Path({job:?})")));
    // The callback's blocking call stays in the callback.
    let mut blocking_in_f = false;
    knot::ir::walk_events(&f.body, &mut |e| {
        blocking_in_f |= matches!(e, Event::Blocking { .. });
    });
    assert!(!blocking_in_f);
}

#[test]
fn methods_through_a_guard_call_the_protected_type() {
    let src = r#"
use std::sync::{Arc, Mutex};
struct Inner;
impl Inner { fn refresh(&mut self) {} }
struct Outer { inner: Arc<Mutex<Inner>> }
impl Outer {
    fn f(&self) { self.inner.lock().unwrap().refresh(); }
}
"#;
    let (m, _, _) = lower(src);
    let f = func(&m, "crate::Outer::f");
    let hs = holds(&f.body);
    assert_eq!(
        calls(hs[0].1),
        vec![r#"Method { class: "crate::Inner", method: "refresh" }"#]
    );
}
