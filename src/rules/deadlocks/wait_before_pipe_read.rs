//! KN204's check of a child process waited for before the pipe it writes is read: `proc =
//! Popen(args, stdout=PIPE); proc.wait(); out = proc.stdout.read()`. A child whose output
//! outgrows the pipe's buffer (64 KiB on Linux) stops at its next write until the parent reads,
//! and the parent reads only once `wait()` has seen the child exit: both wait for ever. The
//! `subprocess` documentation warns of it under `Popen.wait`. Which pipes the child writes and
//! which methods wait for its exit come from the resource's model (`pipes.written_by_child`,
//! `pipes.exit_waits`).

use crate::analysis::Facts;
use crate::finding::Finding;
use crate::ir::{spelled_local, Event, Name, Place};
use crate::models::schema::PipesModel;
use crate::models::Models;
use crate::rules::races::is_lang;
use crate::source::{Lang, Span};

use super::join_while_holding_lock::RULE;

pub(super) fn waits_before_reading(facts: &Facts, out: &mut Vec<Finding>) {
    let cg = facts.callgraph();
    // Rust: the front-end's scan (`frontend/rust/pipe_waits.rs`); the pipe is the `let` or
    // the parameter that holds the child.
    for m in &cg.program().modules {
        for (wait, read, child, pipe) in &m.facts.pipe_reads_after_wait {
            out.push(finding(child.as_str(), pipe.as_str(), None, *wait, *read));
        }
    }
    for f in cg.ids() {
        if !is_lang(cg, f, Lang::Python) {
            continue;
        }
        let events = cg.events(f);
        // One finding per wait, at the first pipe it keeps from being read.
        let mut reported: Vec<Span> = Vec::new();
        for (i, e) in events.iter().enumerate() {
            let Event::Open {
                resource: Some(pipe @ Place::Local { function, name }),
                api,
                span: opened,
                ..
            } = e
            else {
                continue;
            };
            let Some(written) = written_pipe(facts.models, api.as_str(), name.as_str()) else {
                continue;
            };
            // One process of the function with this pipe: a read through the pipe's attribute
            // (`proc.stdout.read()`, typed by the process's class) is this process's.
            let same_pipes = events
                .iter()
                .filter(|o| matches!(o, Event::Open { api: a, .. } if a == api))
                .count();
            if same_pipes != 1 {
                continue;
            }
            let process = Place::Local {
                function: *function,
                name: Name::new(written.process),
            };
            let attribute = Place::Field {
                class: Name::new(written.class),
                field: Name::new(written.pipe),
            };
            let Some((wait, read)) = waited_before_read(
                &events[i + 1..],
                &Pipe {
                    process: &process,
                    pipe,
                    attribute: &attribute,
                    model: written.model,
                },
            ) else {
                continue;
            };
            if reported.contains(&wait) {
                continue;
            }
            reported.push(wait);
            let p = spelled_local(written.process);
            out.push(finding(p, written.pipe, Some(*opened), wait, read));
        }
    }
}

/// A pipe the child writes, opened as the local `<process>.<pipe>` by an opener `<class>.<pipe>`
/// whose model lists it.
struct WrittenPipe<'a> {
    class: &'a str,
    process: &'a str,
    pipe: &'a str,
    model: &'a PipesModel,
}

fn written_pipe<'a>(models: &'a Models, api: &'a str, local: &'a str) -> Option<WrittenPipe<'a>> {
    let (class, pipe) = api.rsplit_once('.')?;
    let pipes = models.resource(class)?.pipes.as_ref()?;
    if !pipes.written_by_child.iter().any(|p| p == pipe) || pipes.exit_waits.is_empty() {
        return None;
    }
    let process = local.strip_suffix(pipe)?.strip_suffix('.')?;
    Some(WrittenPipe {
        class,
        process,
        pipe,
        model: pipes,
    })
}

/// How the code can reach one pipe: the process, the pipe's local and the attribute a read
/// through the process names.
struct Pipe<'a> {
    process: &'a Place,
    pipe: &'a Place,
    attribute: &'a Place,
    /// Which methods wait, read every pipe or end the child.
    model: &'a PipesModel,
}

impl Pipe<'_> {
    fn is_pipe(&self, p: &Place) -> bool {
        p == self.pipe || p == self.attribute
    }

    /// A use of the pipe: a method of it, a read of it (iteration), or a method of the process
    /// reading every pipe (`communicate`).
    fn used(&self, e: &Event) -> Option<Span> {
        match e {
            Event::MethodCall {
                place,
                method,
                span,
                ..
            } if self.is_pipe(place)
                || (place == self.process && self.model.closed_by.iter().any(|m| m == method)) =>
            {
                Some(*span)
            }
            Event::Access { place, span, .. } if self.is_pipe(place) => Some(*span),
            Event::Close { resource, span } if resource == self.pipe => Some(*span),
            _ => None,
        }
    }

    /// The pipe or the process handed to other code that may read it meanwhile (a reader
    /// thread, a helper), or the child ended (`proc.terminate()`): the wait then returns.
    fn handed_on(&self, e: &Event) -> bool {
        let given = |p: &Place| p == self.process || self.is_pipe(p);
        match e {
            Event::MethodCall { place, method, .. }
                if place == self.process && self.model.stopped_by.iter().any(|m| m == method) =>
            {
                true
            }
            Event::Spawn { args, .. } | Event::Call { args, .. } => {
                args.iter().flatten().any(given)
            }
            Event::MethodCall { args, .. } => args.iter().any(given),
            _ => false,
        }
    }
}

/// The first exit wait of the process in `rest` (the events after the pipe is opened) when
/// nothing reads or hands on the pipe before it and a use of the pipe follows it: the wait and
/// that use.
fn waited_before_read(rest: &[&Event], pipe: &Pipe) -> Option<(Span, Span)> {
    let wait = rest.iter().position(|e| {
        matches!(e, Event::MethodCall { place, method, .. }
            if place == pipe.process && pipe.model.exit_waits.iter().any(|m| m == method))
    })?;
    if rest[..wait]
        .iter()
        .any(|e| pipe.used(e).is_some() || pipe.handed_on(e))
    {
        return None;
    }
    // A read: a method of the pipe other than `close`, or one of the process reading every
    // pipe. A test of the pipe (`if proc.stderr:`) or its close after the wait reads nothing.
    let read = rest[wait + 1..].iter().find_map(|e| match e {
        Event::MethodCall { method, .. } if method == "close" => None,
        Event::MethodCall { .. } => pipe.used(e),
        _ => None,
    })?;
    Some((rest[wait].span(), read))
}

/// The finding at `wait`; `opened` is where the pipe is asked for, when the IR says (Python).
fn finding(process: &str, pipe: &str, opened: Option<Span>, wait: Span, read: Span) -> Finding {
    let mut f = Finding::new(
        &RULE,
        wait,
        format!(
            "waits for `{process}` to exit before reading `{process}.{pipe}`: once the child's output outgrows the pipe's buffer, it blocks writing and never exits"
        ),
    )
    .with_label(format!("waits for the child; `{process}.{pipe}` is read only after this"));
    if let Some(opened) = opened {
        f = f.with_related(
            opened,
            format!("`{process}.{pipe}` is a pipe the child writes"),
        );
    }
    let help = match opened {
        Some(_) => format!(
            "use `{process}.communicate()`, which reads the pipes while it waits, or read `{process}.{pipe}` before waiting"
        ),
        None => format!(
            "use `{process}.wait_with_output()`, which reads the pipes while it waits, or take `{process}.{pipe}` and read it (on a thread of its own) before waiting"
        ),
    };
    f.with_related(
        read,
        format!("`{process}.{pipe}` is read here, after the wait"),
    )
    .with_help(help)
}
