//! KN3xx missing-join: concurrent work started and then forgotten.

pub mod coroutine_never_awaited;
pub mod future_never_checked;
pub mod join_handle_dropped;
pub mod task_reference_dropped;
pub mod thread_never_joined;

use crate::analysis::lifecycle::Returned;
use crate::analysis::Facts;
use crate::ir::{Callee, Place};
use crate::source::Span;

/// The calls of the function returning `r` whose statement drops the result (`helper()` as a
/// statement): the work it started is dropped there. In source order.
pub(crate) fn dropping_calls(facts: &Facts, r: &Returned) -> Vec<Span> {
    let cg = facts.callgraph();
    let Some(id) = cg.by_name(&r.function) else {
        return Vec::new();
    };
    let mut out: Vec<Span> = cg
        .ids()
        .flat_map(|caller| {
            let dropped = &cg.module_of(caller).facts.discarded_calls;
            cg.calls(caller)
                .iter()
                .filter(move |site| site.callee == id && dropped.contains(&site.span))
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
        Place::Local { name, .. } => name.clone().to_string(),
        Place::Field { field, .. } => format!("self.{field}"),
        Place::Global(g) => last_segment(g).to_string(),
        Place::Param { index, .. } => format!("parameter #{index}"),
    }
}
