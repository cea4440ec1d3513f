//! KN4xx unclosed-resource: files, sockets, pools and processes not released on every path.

mod close_skipped;
mod kept_children;
mod kept_resources;
mod raised_in_constructor;
pub mod resource_not_closed;

use crate::analysis::callgraph::CallGraph;
use crate::analysis::resources::{Dropped, Leak, LeakPath};
use crate::finding::Finding;
use crate::rules::lifecycle::last_segment;
use crate::rules::RuleDef;

/// Whether the leak's raise path is a context manager's `yield` (`@contextmanager`), where
/// the caller's `with` body raises.
pub(crate) fn raises_at_yield(graph: &CallGraph, leak: &Leak) -> bool {
    let LeakPath::Raise(at) = leak.path else {
        return false;
    };
    graph.events(leak.function).iter().any(|e| {
        matches!(e, crate::ir::Event::Call { callee: crate::ir::Callee::Path(p), span, .. }
            if *span == at && p.as_str() == crate::ir::WITH_BODY)
    })
}

/// A finding for `leak` under `rule`, with the path that leaks it and where it is opened and
/// released as related locations.
pub(crate) fn leak_finding(
    rule: &'static RuleDef,
    graph: &CallGraph<'_>,
    leak: &Leak,
    message: String,
    help: String,
) -> Finding {
    let label = match (&leak.pipe_of, &leak.dropped) {
        (Some(process), _) => format!("`{}` asks `{process}` for this pipe", leak.local),
        (None, Some(Dropped::AtOnce)) => "opened here and dropped at once".to_string(),
        (None, Some(Dropped::Iterated)) => {
            "opened here and walked by the loop, never closed".to_string()
        }
        (None, Some(Dropped::After(method))) => {
            format!("opened here and dropped after `.{method}()`")
        }
        (None, None) => format!(
            "`{}` opened here by `{}`",
            leak.local,
            last_segment(&leak.api)
        ),
    };
    // A parameter taken by value is the caller's resource handed over: the finding points at
    // the return that drops it.
    if leak.param {
        let at = match leak.path {
            LeakPath::Return(at) | LeakPath::Raise(at) | LeakPath::Reopened(at) => at,
        };
        let at = if at.start == at.end { leak.open } else { at };
        let label = if leak.on_error {
            format!("returns here on error with `{}` unreleased", leak.local)
        } else {
            format!("returns here with `{}` unreleased", leak.local)
        };
        let mut f = Finding::new(rule, at, message)
            .with_label(label)
            .with_related(
                leak.open,
                format!("`{}` is handed over here, by value", leak.local),
            );
        if let Some(k) = leak.killed {
            f = f.with_related(
                k,
                format!("`{}` is killed here, which does not reap it", leak.local),
            );
        }
        if let Some(r) = leak.released_at {
            f = f.with_related(r, format!("`{}` is only released here", leak.local));
        }
        return f.with_help(help);
    }
    // A polled child is reported at its kill, where the wait is missing (as Python's
    // stopped process), with its spawn related.
    let mut f = match leak.killed {
        Some(at) => Finding::new(rule, at, message)
            .with_label(format!(
                "`{}` is killed here, which does not reap it",
                leak.local
            ))
            .with_related(leak.open, label),
        None => Finding::new(rule, leak.open, message).with_label(label),
    };
    f = match &leak.path {
        LeakPath::Raise(at) if leak.owner_missed => f.with_related(
            *at,
            format!(
                "the handler raises here without closing `{}`, which its `try` hands on only after the call that failed",
                leak.local
            ),
        ),
        LeakPath::Raise(at) if leak.handler_raises => f.with_related(
            *at,
            format!(
                "the handler of its failed call raises here without closing `{}`",
                leak.local
            ),
        ),
        LeakPath::Raise(at) if raises_at_yield(graph, leak) => f.with_related(
            *at,
            format!(
                "the caller's `with` body runs here: what it raises is raised here, with `{}` open",
                leak.local
            ),
        ),
        LeakPath::Raise(at) => f.with_related(
            *at,
            format!("this call can raise while `{}` is open", leak.local),
        ),
        LeakPath::Return(at) if leak.on_error => f.with_related(
            *at,
            format!(
                "returns here on error, leaving `{}` un-waited",
                leak.local
            ),
        ),
        LeakPath::Return(at) if at.start != at.end => f.with_related(
            *at,
            format!("the function returns here with `{}` open", leak.local),
        ),
        LeakPath::Return(_) => f,
        LeakPath::Reopened(at) => f.with_related(
            *at,
            format!(
                "the handler of its failed call goes on to the next iteration here without closing `{}`",
                leak.local
            ),
        ),
    };
    if let Some(at) = leak.released_at {
        f = f.with_related(at, format!("`{}` is only released here", leak.local));
    }
    if let Some((callee, open)) = leak.via {
        f = f.with_related(
            open,
            format!(
                "`{}` creates the resource here",
                graph.function(callee).short_name
            ),
        );
    }
    f.with_help(help)
}
