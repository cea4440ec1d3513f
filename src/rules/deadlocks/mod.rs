//! KN2xx: deadlocks. Each rule is a query over `analysis::held_locks` and `analysis::lock_order`.
//!
//! KN202 and KN205 read each witness chain of `held_locks` against the literal arguments its calls
//! pass or leave to literal defaults (`takes_chain`, over `lifecycle::param_guards` and
//! `guards_exclude`, which KN301's returned handles use too): a chain a literal rules out is no
//! run's, and is dropped.

pub mod async_lock_reacquire;
pub mod condition_wait_without_lock;
pub mod fork_while_threads_run;
mod join_before_queue_drained;
pub mod join_while_holding_lock;
pub mod lock_order_inversion;
pub mod non_reentrant_reacquire;
pub mod pool_starvation;
mod wait_before_pipe_read;

use crate::analysis::callgraph::CallGraph;
use crate::analysis::held_locks::Step;

/// `a()` -> `b()` for a witness chain.
pub(crate) fn chain_text(cg: &CallGraph<'_>, chain: &[Step]) -> String {
    chain
        .iter()
        .map(|s| format!("`{}()`", cg.function(s.callee).short_name))
        .collect::<Vec<_>>()
        .join(" -> ")
}

/// The name a call on a chain shows: `connect()`.
pub(crate) fn call_name(cg: &CallGraph<'_>, step: &Step) -> String {
    format!("`{}()`", cg.function(step.callee).short_name)
}

/// How a held lock was taken where a finding shows it: "`lock` acquired here", or, when a
/// call returned holding it, "... here by `helper()`, which returns holding it".
pub(crate) fn acquired_here(
    cg: &CallGraph<'_>,
    name: &str,
    via: Option<crate::analysis::callgraph::FuncId>,
) -> String {
    match via {
        None => format!("`{name}` acquired here"),
        Some(f) => format!(
            "`{name}` acquired here by `{}()`, which returns holding it",
            cg.function(f).short_name
        ),
    }
}

/// Whether a run can take every call of `r`'s chain: a call passing a literal, or leaving a
/// parameter to its literal default, for which a branch of the callee certainly skips the arm
/// holding the next call (or the second acquire) makes the chain one no run takes
/// (`singleton()` calling `_setup(load_settings=False)`, whose `if settings:` arm holds the
/// call on, with `settings=None` by default). A decided parameter a call of the chain hands on
/// (`self.connect(force=force)`) decides the next callee's tests too.
pub(crate) fn takes_chain(cg: &CallGraph<'_>, r: &crate::analysis::held_locks::Reacquire) -> bool {
    use crate::analysis::lifecycle::{decided_at, excluded_by, param_guards};
    let mut caller = r.function;
    // The parameters of `caller` the chain's previous call decided, handed on down the chain.
    let mut decided = Vec::new();
    for (k, step) in r.chain.iter().enumerate() {
        let next = r.chain.get(k + 1).map_or(r.inner, |s| s.call);
        let site =
            (cg.calls(caller).iter()).find(|c| c.span == step.call && c.callee == step.callee);
        decided = match site {
            Some(site) => {
                let here = decided_at(cg, caller, site, &decided);
                let tests = &cg.module_of(step.callee).facts.param_tests;
                let guards = param_guards(&cg.function(step.callee).body, next, tests);
                if excluded_by(&guards, &here) {
                    return false;
                }
                here
            }
            None => Vec::new(),
        };
        caller = step.callee;
    }
    true
}

/// The name of the lock `r` takes again; a lock passed in is named as the function spells its
/// parameter.
pub(crate) fn reacquired_name(
    cg: &CallGraph<'_>,
    r: &crate::analysis::held_locks::Reacquire,
) -> String {
    use crate::analysis::held_locks::lock_name;
    match &r.lock {
        crate::ir::Place::Param { function, index } => {
            let f = cg.function(r.function);
            (f.name == *function)
                .then(|| f.params.get(*index as usize).cloned())
                .flatten()
                .unwrap_or_else(|| lock_name(&r.lock))
        }
        _ => lock_name(&r.lock),
    }
}

/// The shared shape of KN202 and KN205: the second acquire (or the call leading to it) is the
/// primary location; the first acquire, each call of the chain and the deep acquire are related.
pub(crate) fn reacquire_finding(
    rule: &'static crate::rules::RuleDef,
    cg: &CallGraph<'_>,
    r: &crate::analysis::held_locks::Reacquire,
    who: &str,
    help: String,
) -> crate::finding::Finding {
    use crate::ir::LockMode;
    let name = reacquired_name(cg, r);
    let how = match (r.held_mode, r.mode) {
        (LockMode::Read, LockMode::Write) => {
            format!("`{name}` acquired for writing while this {who} holds it for reading")
        }
        (LockMode::Write, LockMode::Read) => {
            format!("`{name}` acquired for reading while this {who} holds it for writing")
        }
        (LockMode::Read, LockMode::Read) => {
            format!("`{name}` acquired for reading again while this {who} holds it for reading")
        }
        _ => format!("`{name}` acquired again while this {who} already holds it"),
    };
    let (mut message, label) = if r.chain.is_empty() {
        (how, format!("second acquire of `{name}`"))
    } else {
        (
            format!("{how}, via {}", chain_text(cg, &r.chain)),
            format!("{} acquires `{name}` again", call_name(cg, &r.chain[0])),
        )
    };
    if r.writer.is_some() {
        // Two reads wait for each other only through a writer queued between them.
        message.push_str(&format!(
            "; `{}` may block new readers while a writer waits, and the writer waits for the first read",
            r.info.ty
        ));
    }
    let mut f = crate::finding::Finding::new(rule, r.site, message)
        .with_label(label)
        .with_related(
            r.first,
            acquired_here(cg, &name, r.first_via).replacen("acquired", "first acquired", 1),
        )
        .with_help(help);
    for step in r.chain.iter().skip(1) {
        f = f.with_related(step.call, format!("{} called here", call_name(cg, step)));
    }
    if r.inner != r.site {
        f = f.with_related(r.inner, format!("`{name}` acquired again here"));
    }
    if let Some(w) = r.writer {
        f = f.with_related(
            w,
            format!("a writer of `{name}` may queue here between the two reads"),
        );
    }
    f
}
