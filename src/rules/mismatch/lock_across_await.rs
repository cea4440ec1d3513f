//! KN502 lock-across-await: a thread lock (`std::sync::Mutex`, `parking_lot`, `threading.Lock`)
//! held across an `.await`; another task on the same thread that takes it blocks the thread the
//! holder needs to resume.

use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::ir::Place;
use crate::rules::lifecycle::place_name;
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::Lang;

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN502",
    name: "lock-across-await",
    family: Family::Mismatch,
    langs: &[Lang::Python, Lang::Rust],
    status: Status::Stable,
    severity: Severity::Error,
    doc: rule_doc!("KN502"),
    check: Some(check),
};

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let graph = facts.callgraph();
    for l in &facts.async_misuse().lock_across_await {
        // A parameter by its own name (`state` in `async fn tick(state: Arc<Mutex<_>>)`).
        let name = match &l.lock {
            Place::Param { function, index } => graph
                .by_name(function)
                .and_then(|f| graph.function(f).params.get(*index as usize).cloned())
                .map_or_else(|| place_name(&l.lock), |p| p.to_string()),
            other => place_name(other),
        };
        out.push(
            Finding::new(
                &RULE,
                l.acquire,
                format!(
                    "`{name}` (a `{}`) is held across an `await` in async function `{}`",
                    l.ty,
                    graph.function(l.function).short_name
                ),
            )
            .with_label(format!("`{name}` is locked here"))
            .with_related(l.await_span, "the task suspends here with the lock held")
            .with_help("release the lock before awaiting (copy what you need out of it), or use an async lock"),
        );
    }
}
