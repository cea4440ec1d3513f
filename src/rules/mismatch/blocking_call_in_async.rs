//! KN501 blocking-call-in-async: a call that blocks the thread, made in an `async` function
//! directly or through synchronous helpers, stalling every task on the event loop.

use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::rules::lifecycle::last_segment;
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::Lang;

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN501",
    name: "blocking-call-in-async",
    family: Family::Mismatch,
    langs: &[Lang::Python, Lang::Rust],
    status: Status::Stable,
    severity: Severity::Warning,
    doc: rule_doc!("KN501"),
    check: Some(check),
};

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let graph = facts.callgraph();
    for b in &facts.async_misuse().blocking {
        let api = &b.chain.api;
        let func = graph.function(b.function);
        // An async function, or a function scheduled on the loop's thread.
        let host = match b.scheduled {
            None => format!("async function `{}`", func.short_name),
            Some(_) => format!(
                "`{}`, which runs on the event loop's thread",
                func.short_name
            ),
        };
        let mut f = if b.chain.calls.is_empty() {
            Finding::new(&RULE, b.site, format!("blocking call `{api}` in {host}"))
                .with_label("blocks the event loop thread")
        } else {
            let first = graph.function(b.chain.calls[0].1);
            Finding::new(
                &RULE,
                b.site,
                format!(
                    "`{}` blocks on `{api}` and is called from {host}",
                    first.short_name
                ),
            )
            .with_label(format!(
                "1. `{}` is called on the event loop here",
                first.short_name
            ))
        };
        if let Some(at) = b.scheduled {
            let text = if at == func.span {
                format!(
                    "`{}` runs on the event loop's thread (its decorator)",
                    func.short_name
                )
            } else {
                format!("`{}` is scheduled on the event loop here", func.short_name)
            };
            f = f.with_related(at, text);
        }
        f = super::with_numbered_hops(f, graph, &b.chain);
        if !b.chain.calls.is_empty() {
            f = f.with_related(
                b.chain.event,
                format!(
                    "{}. `{}` blocks here",
                    b.chain.calls.len() + 1,
                    last_segment(api)
                ),
            );
        }
        let rust = graph.module_of(b.function).lang == crate::source::Lang::Rust;
        let help = match (&b.chain.instead, b.scheduled) {
            // A callback of the loop: the coroutine-side replacement (`asyncio.sleep`) does not
            // apply; hand the work to a thread, or schedule the wait.
            (_, Some(_)) => "run the blocking work in a thread (`deferToThread`, `run_in_executor`), or schedule what comes after the wait (`callLater`, `call_later`)".to_string(),
            (Some(i), None) if rust => format!("use `{i}`, or run the blocking work with `tokio::task::spawn_blocking`"),
            (None, None) if rust => "run the blocking work with `tokio::task::spawn_blocking` (or inside `tokio::task::block_in_place`)".to_string(),
            (Some(i), None) => format!("use `{i}`, or run the blocking work in a thread (`asyncio.to_thread`, `run_in_executor`)"),
            (None, None) => "run the blocking work in a thread (`asyncio.to_thread`, `run_in_executor`)".to_string(),
        };
        out.push(f.with_help(help));
    }
}
