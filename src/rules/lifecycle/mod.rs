//! KN3xx missing-join: concurrent work started and then forgotten.

pub mod coroutine_never_awaited;
pub mod future_never_checked;
pub mod join_handle_dropped;
mod joined_last_only;
mod kept_threads;
mod returned_before_join;
pub mod task_reference_dropped;
pub(crate) mod terminated_not_joined;
pub mod thread_never_joined;

use crate::analysis::lifecycle::{guards_exclude, HandleKind, Returned};
use crate::analysis::Facts;
use crate::finding::Finding;
use crate::ir::{Callee, Event, Place};
use crate::source::Span;

/// Work of `kind` helpers start and only return, dropped by a call of the helper as a
/// statement: per helper and dropping call, a finding at the call (built by `make` from the
/// helper's short name and the work it returns) with each start as a related location.
pub(crate) fn dropped_returns(
    facts: &Facts,
    kind: HandleKind,
    started: &str,
    mut make: impl FnMut(Span, &str, &str, &Returned) -> Finding,
    out: &mut Vec<Finding>,
) {
    let returned: Vec<&Returned> = (facts.lifecycle().returned.iter())
        .filter(|r| r.kind == kind)
        .collect();
    for group in returned.chunk_by(|a, b| a.function == b.function) {
        let helper = short_callee(&Callee::Path(group[0].function.as_str().into()));
        // What the work runs, when the helper starts one kind of it.
        let what = match group {
            [one] => running(one.target.as_ref()),
            _ => String::new(),
        };
        for call in dropping_calls(facts, group) {
            let mut finding = make(call, &helper, &what, group[0]);
            for r in group {
                finding = finding.with_related(
                    r.spawn,
                    format!("`{helper}` {started} here and only returns it"),
                );
            }
            out.push(finding);
        }
    }
}

/// The calls of the function returning `r` whose statement drops the result (`helper()` as a
/// statement, or `t = helper()` into a local the function never reads): the work it started
/// is dropped there. In source order.
fn dropping_calls(facts: &Facts, group: &[&Returned]) -> Vec<Span> {
    let r = group[0];
    let cg = facts.callgraph();
    let Some(id) = cg.by_name(&r.function) else {
        return Vec::new();
    };
    let mut out: Vec<Span> =
        cg.ids()
            .flat_map(|caller| {
                let module = cg.module_of(caller);
                let dropped = &module.facts.discarded_calls;
                let unread = &module.facts.unread_locals;
                let events = cg.events(caller);
                let into_unread = move |span: Span| {
                    !unread.is_empty() && events.iter().any(|e| {
                        matches!(e, Event::Bind { target: Place::Local { function, name }, rhs, .. }
                            if *rhs == span
                                && unread.iter().any(|(f, l)| f == function && l == name))
                    })
                };
                cg.calls(caller)
                    .iter()
                    .filter(move |site| {
                        site.callee == id
                        && (dropped.contains(&site.span) || into_unread(site.span))
                        // A call whose arguments steer the helper away from every start.
                        && !group.iter().all(|r| guards_exclude(cg, caller, site, &r.guards))
                    })
                    .map(|site| site.span)
            })
            .collect();
    out.sort_by_key(|s| (s.file, s.start));
    out.dedup();
    out
}

/// `pkg.mod.work` -> `work`, `Type::method` -> `method`: how a target reads in a message.
pub(crate) fn short_callee(c: &Callee) -> String {
    let full = match c {
        Callee::Path(p) => p.as_str(),
        Callee::Method { method, .. } | Callee::Dynamic { method } => method.as_str(),
    };
    last_segment(full).to_string()
}

/// ` running `work`` for a named target, nothing for a closure or lambda.
pub(crate) fn running(target: Option<&Callee>) -> String {
    match target.map(short_callee) {
        Some(name) if !name.starts_with(['{', '<']) && name != "__call__" => {
            format!(" running `{name}`")
        }
        _ => String::new(),
    }
}

pub(crate) fn last_segment(name: &str) -> &str {
    let name = name.rsplit("::").next().unwrap_or(name);
    name.rsplit('.').next().unwrap_or(name)
}

/// The variable name of a local place (`t`), or the field (`self._worker`).
pub(crate) fn place_name(p: &Place) -> String {
    match p {
        Place::Local { name, .. } => crate::ir::spelled_local(name).to_string(),
        Place::Field { field, .. } => format!("self.{field}"),
        Place::Global(g) => last_segment(g).to_string(),
        Place::Param { index, .. } => format!("parameter #{index}"),
    }
}
