//! Renders a lowered module as indented text, for `knot debug ir` and IR snapshot tests.
//! Spans print as `line:col` of their start so snapshots stay readable.

use std::fmt::Write;

use super::{Atomicity, Callee, Event, LockUse, Module, Place, Stmt};
use crate::source::{SourceDb, Span};

pub fn module_to_text(module: &Module, db: &SourceDb) -> String {
    let mut p = Printer {
        db,
        out: String::new(),
    };
    p.line(
        0,
        &format!("module {} ({})", module.name, module.lang.as_str()),
    );
    for (local, target) in &module.aliases {
        p.line(1, &format!("alias {local} = {target}"));
    }
    for fact in &module.facts.imports {
        let top = if fact.top_level { "" } else { " (nested)" };
        p.line(
            1,
            &format!("import {}{top} @{}", fact.name, p.pos(fact.span)),
        );
    }
    if let Some(span) = module.facts.main_guard {
        p.line(1, &format!("main-guard @{}", p.pos(span)));
    }
    if let Some((method, span)) = &module.facts.start_method {
        p.line(1, &format!("start-method {method} @{}", p.pos(*span)));
    }
    for class in &module.classes {
        let bases = if class.bases.is_empty() {
            String::new()
        } else {
            format!("({})", class.bases.join(", "))
        };
        p.line(
            1,
            &format!(
                "{} {}{bases} @{}",
                if class.interface { "trait" } else { "class" },
                class.name,
                p.pos(class.span)
            ),
        );
    }
    for decl in &module.decls {
        let args: Vec<String> = decl.args.iter().map(opt_place).collect();
        let args = if args.is_empty() {
            String::new()
        } else {
            format!("({})", args.join(", "))
        };
        p.line(
            1,
            &format!(
                "decl {} = {}{args} @{}",
                place(&decl.place),
                decl.ty,
                p.pos(decl.span)
            ),
        );
    }
    for f in &module.functions {
        let kind = if f.is_async { "async fn" } else { "fn" };
        let class = f
            .class
            .as_deref()
            .map(|c| format!(" in {c}"))
            .unwrap_or_default();
        p.line(
            1,
            &format!(
                "{kind} {}({}){class} @{}",
                f.name,
                f.params.join(", "),
                p.pos(f.span)
            ),
        );
        p.stmts(2, &f.body);
    }
    p.out
}

struct Printer<'a> {
    db: &'a SourceDb,
    out: String,
}

impl Printer<'_> {
    fn line(&mut self, depth: usize, text: &str) {
        let _ = writeln!(self.out, "{:indent$}{text}", "", indent = depth * 2);
    }

    fn pos(&self, span: Span) -> String {
        let ((line, col), _) = self.db.span_range(span);
        format!("{line}:{col}")
    }

    fn stmts(&mut self, depth: usize, body: &[Stmt]) {
        for stmt in body {
            self.stmt(depth, stmt);
        }
    }

    fn stmt(&mut self, depth: usize, stmt: &Stmt) {
        match stmt {
            Stmt::Event(e) => {
                let text = self.event(e);
                self.line(depth, &text);
            }
            Stmt::Hold { lock, body } => {
                let text = format!("hold {}", self.lock_use(lock));
                self.line(depth, &text);
                self.stmts(depth + 1, body);
            }
            Stmt::Branch { cond, arms, span } => {
                let text = format!("branch @{}", self.pos(*span));
                self.line(depth, &text);
                if !cond.is_empty() {
                    self.line(depth + 1, "cond");
                    self.stmts(depth + 2, cond);
                }
                for (i, arm) in arms.iter().enumerate() {
                    self.line(depth + 1, &format!("arm {i}"));
                    self.stmts(depth + 2, arm);
                }
            }
            Stmt::Loop {
                cond,
                body,
                infinite,
                span,
            } => {
                let forever = if *infinite { " forever" } else { "" };
                let text = format!("loop{forever} @{}", self.pos(*span));
                self.line(depth, &text);
                if !cond.is_empty() {
                    self.line(depth + 1, "cond");
                    self.stmts(depth + 2, cond);
                }
                self.line(depth + 1, "body");
                self.stmts(depth + 2, body);
            }
            Stmt::Try {
                body,
                handlers,
                orelse,
                finally,
                lets_os_errors_out,
                span,
            } => {
                let narrow = if *lets_os_errors_out {
                    " (handlers let OSError out)"
                } else {
                    ""
                };
                let text = format!("try @{}{narrow}", self.pos(*span));
                self.line(depth, &text);
                self.stmts(depth + 1, body);
                for h in handlers {
                    self.line(depth, "except");
                    self.stmts(depth + 1, h);
                }
                if !orelse.is_empty() {
                    self.line(depth, "else");
                    self.stmts(depth + 1, orelse);
                }
                if !finally.is_empty() {
                    self.line(depth, "finally");
                    self.stmts(depth + 1, finally);
                }
            }
            Stmt::Block(body) => {
                self.line(depth, "block");
                self.stmts(depth + 1, body);
            }
            Stmt::Return(s) => self.simple(depth, "return", *s),
            Stmt::ErrorReturn { at, .. } => self.simple(depth, "return on error", *at),
            Stmt::Raise(s) => self.simple(depth, "raise", *s),
            Stmt::Break(s) => self.simple(depth, "break", *s),
            Stmt::Continue(s) => self.simple(depth, "continue", *s),
        }
    }

    fn simple(&mut self, depth: usize, word: &str, span: Span) {
        let text = format!("{word} @{}", self.pos(span));
        self.line(depth, &text);
    }

    fn lock_use(&self, l: &LockUse) -> String {
        let mut text = format!("{} {:?}", place(&l.lock), l.mode);
        if !l.blocking {
            text.push_str(" non-blocking");
        }
        if l.is_async {
            text.push_str(" async");
        }
        if let Some(api) = &l.api {
            let _ = write!(text, " [{api}]");
        }
        // The receiver (`self.lock`) is the common case and not printed, to keep IR text short.
        match &l.owner {
            None | Some(Place::Param { index: 0, .. }) => {}
            Some(owner) => {
                let _ = write!(text, " of {}", place(owner));
            }
        }
        let _ = write!(text, " @{}", self.pos(l.span));
        text
    }

    fn event(&self, e: &Event) -> String {
        let at = self.pos(e.span());
        match e {
            Event::Call {
                callee,
                args,
                kwargs,
                receiver,
                ..
            } => {
                let args: Vec<String> = args
                    .iter()
                    .map(opt_place)
                    .chain(kwargs.iter().map(|(k, p)| format!("{k}={}", place(p))))
                    .collect();
                // A method's own receiver (`self.m()`) is the common case and not printed.
                let on = match receiver {
                    None | Some(Place::Param { index: 0, .. }) => String::new(),
                    Some(r) => format!(" on {}", place(r)),
                };
                format!(
                    "call {}({}){on} @{at}",
                    callee_text(callee),
                    args.join(", ")
                )
            }
            Event::Acquire(l) => format!("acquire {}", self.lock_use(l)),
            Event::Release { lock, .. } => format!("release {} @{at}", place(lock)),
            Event::MethodCall {
                place: p,
                method,
                args,
                ..
            } => {
                let args: Vec<String> = args.iter().map(place).collect();
                format!("method {}.{method}({}) @{at}", place(p), args.join(", "))
            }
            Event::Spawn {
                target,
                receiver,
                ctx,
                api,
                handle,
                args,
                once,
                ..
            } => {
                let once = if *once { " once" } else { "" };
                let target = target
                    .as_ref()
                    .map(callee_text)
                    .unwrap_or_else(|| "?".into());
                let target = match receiver {
                    Some(r) => format!("{target} on {}", place(r)),
                    None => target,
                };
                let handle = handle
                    .as_ref()
                    .map(|h| format!(" -> {}", place(h)))
                    .unwrap_or_default();
                let args: Vec<String> = args.iter().map(opt_place).collect();
                format!(
                    "spawn{once} {ctx:?} {target}({}) via {api}{handle} @{at}",
                    args.join(", ")
                )
            }
            Event::Join { handle, timed, .. } => {
                let timed = if *timed { " (timed)" } else { "" };
                format!("join {}{timed} @{at}", place(handle))
            }
            Event::Access {
                place: p,
                kind,
                atomic,
                ..
            } => {
                let atomic = match atomic {
                    Atomicity::Plain => "",
                    Atomicity::Atomic => " atomic",
                    Atomicity::BlindUpdate => " atomic blind",
                    Atomicity::Count { up: true } => " atomic count-up",
                    Atomicity::Count { up: false } => " atomic count-down",
                    Atomicity::BlindCount => " atomic blind-count",
                    Atomicity::BlindExchange => " atomic blind-exchange",
                };
                format!("access {kind:?}{atomic} {} @{at}", place(p))
            }
            Event::Open {
                resource,
                api,
                managed,
                ..
            } => {
                let res = resource
                    .as_ref()
                    .map(|r| format!(" -> {}", place(r)))
                    .unwrap_or_default();
                let managed = if *managed { " managed" } else { "" };
                format!("open {api}{res}{managed} @{at}")
            }
            Event::Close { resource, .. } => format!("close {} @{at}", place(resource)),
            Event::Blocking { api, instead, .. } => {
                let instead = instead
                    .as_ref()
                    .map(|i| format!(" (instead: {i})"))
                    .unwrap_or_default();
                format!("blocking {api}{instead} @{at}")
            }
            Event::Await { .. } => format!("await @{at}"),
            Event::Compare { left, right, .. } => {
                format!("compare {} {} @{at}", place(left), place(right))
            }
            Event::Test {
                place: p, absent, ..
            } => {
                format!("test {} (absent: arm {absent}) @{at}", place(p))
            }
            Event::Bind {
                target,
                value,
                constant,
                rhs,
                ..
            } => {
                let value = match (value, constant) {
                    (Some(v), _) => place(v),
                    (None, Some(c)) => format!("const {c}"),
                    (None, None) => format!("<expr @{}>", self.pos(*rhs)),
                };
                format!("bind {} = {value} @{at}", place(target))
            }
        }
    }
}

pub fn place(p: &Place) -> String {
    match p {
        Place::Global(name) => format!("global:{name}"),
        Place::Field { class, field } => format!("field:{class}::{field}"),
        Place::Local { function, name } => format!("local:{function}::{name}"),
        Place::Param { function, index } => format!("param:{function}#{index}"),
    }
}

fn opt_place(p: &Option<Place>) -> String {
    p.as_ref().map(place).unwrap_or_else(|| "_".into())
}

pub fn callee_text(c: &Callee) -> String {
    match c {
        Callee::Path(p) => p.clone().to_string(),
        Callee::Method { class, method } => format!("{class}::{method}"),
        Callee::Dynamic { method } => format!("?.{method}"),
    }
}
