//! KN401 resource-not-closed: a resource opened into a local is not closed (or handed on) on
//! every path: an early `return`, or a call that raises before the close.

use crate::analysis::resources::{Leak, LeakPath};
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::models::Models;
use crate::rules::resources::leak_finding;
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::Lang;

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN401",
    name: "resource-not-closed",
    family: Family::Resources,
    langs: &[Lang::Python, Lang::Rust],
    status: Status::Stable,
    severity: Severity::Warning,
    doc: rule_doc!("KN401"),
    check: Some(check),
};

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    super::kept_resources::resources_kept_never_closed(facts, out);
    super::kept_children::resources_kept_never_waited(facts, out);
    super::close_skipped::closes_skipped_by_earlier_failure(facts, out);
    crate::rules::lifecycle::terminated_not_joined::processes_stopped_not_reaped(
        facts,
        crate::rules::lifecycle::terminated_not_joined::Stopped::Waitable,
        out,
    );
    let graph = facts.callgraph();
    for leak in &facts.resources().leaks {
        // A pool of workers (an executor model) left open leaves its workers unjoined: KN301's.
        if facts.models.executor(&leak.api).is_some() {
            continue;
        }
        let (message, help) = if super::raises_at_yield(graph, leak) {
            (
                format!(
                    "`{}` is not closed if the `with` body using it raises",
                    leak.local
                ),
                format!(
                    "put the `yield` in a `try` whose `finally` closes `{}`: an exception in the `with` body is raised at the `yield`, and the code after it never runs",
                    leak.local
                ),
            )
        } else {
            (message(leak, facts.models), help(leak, facts.models))
        };
        out.push(leak_finding(&RULE, graph, leak, message, help));
    }
}

fn message(leak: &Leak, models: &Models) -> String {
    // A resource its drop does not release (Rust: a `Child`) is waited for, not closed.
    if owned(leak, models) {
        return match (&leak.dropped, leak.released_at) {
            (Some(_), _) => format!(
                "the child process `{}` returns is never waited for",
                leak.local
            ),
            (None, None) if leak.killed.is_some() => {
                format!("`{}` is killed and then never waited for", leak.local)
            }
            (None, Some(_)) if leak.killed.is_some() => format!(
                "`{}` is killed and not waited for on every path after",
                leak.local
            ),
            (None, Some(_)) if leak.on_error => format!(
                "`{}` is not waited for when a `?` returns early",
                leak.local
            ),
            (None, None) => format!("`{}` is never waited for", leak.local),
            (None, Some(_)) => format!("`{}` is not waited for on every path", leak.local),
        };
    }
    if let Some(process) = &leak.pipe_of {
        return format!(
            "pipe `{}` of `{process}` is not closed on every path",
            leak.local
        );
    }
    if leak.dropped.is_some() {
        return format!("the resource `{}` returns is never closed", leak.local);
    }
    match leak.path {
        LeakPath::Raise(_) => format!(
            "`{}` is not closed if a later call raises before it is released",
            leak.local
        ),
        LeakPath::Return(_) if leak.released_at.is_none() => {
            format!("`{}` is never closed", leak.local)
        }
        LeakPath::Return(_) => format!("`{}` is not closed on every path", leak.local),
        LeakPath::Reopened(_) => format!(
            "`{}` is not closed when its failed call's handler goes on to the next iteration, which opens another",
            leak.local
        ),
    }
}

fn owned(leak: &Leak, models: &Models) -> bool {
    models
        .resource(&leak.api)
        .is_some_and(|m| m.returns.is_some())
}

fn help(leak: &Leak, models: &Models) -> String {
    if owned(leak, models) {
        let waits = models
            .resource(&leak.api)
            .map(|m| m.close.join("()`/`"))
            .unwrap_or_default();
        return match &leak.dropped {
            Some(_) => format!(
                "keep the child and call `{waits}()` on it (or run the command with `output()`/`status()`, which wait): a child dropped unwaited stays a zombie until this process exits"
            ),
            None if leak.killed.is_some() => format!(
                "call `{}.wait()` after `kill()` on every path out: `kill()` does not reap the child, and a poll before the kill does not either; it stays a zombie until this process exits",
                leak.local
            ),
            None => format!(
                "call `{}.{waits}()` on every path before it is dropped: `kill()` does not reap it, and a child dropped unwaited stays a zombie until this process exits",
                leak.local
            ),
        };
    }
    if leak.dropped.is_some() {
        // A process is waited for, not closed.
        if models
            .resource(&leak.api)
            .is_some_and(|m| !m.liveness.is_empty())
        {
            return format!(
                "keep the process and wait for it (`with {} as proc:`, or a thread running `proc.wait`): a child never waited for stays a zombie",
                leak.local
            );
        }
        return format!(
            "open it in a `with` statement (`with {} as f:`) so it is closed after its use",
            leak.local
        );
    }
    if let Some(process) = &leak.pipe_of {
        return format!(
            "`wait()` leaves pipes open: use `{process}.communicate()` or `with Popen(..) as {process}:`, which close every pipe, or call `{}.close()`",
            leak.local
        );
    }
    match leak.path {
        LeakPath::Raise(_) => format!(
            "use `with`, a `try`/`finally` that closes `{}`, or hand it to its owner right away",
            leak.local
        ),
        LeakPath::Return(_) => format!("use `with` so `{}` is closed on every path", leak.local),
        LeakPath::Reopened(_) => format!(
            "close `{}` in the handler before the loop opens the next one",
            leak.local
        ),
    }
}
