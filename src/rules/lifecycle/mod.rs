//! KN3xx missing-join: concurrent work started and then forgotten.

pub mod coroutine_never_awaited;
pub mod future_never_checked;
pub mod join_handle_dropped;
pub mod task_reference_dropped;
pub mod thread_never_joined;

use crate::ir::{Callee, Place};

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
        Some(name) if !name.starts_with(['{', '<']) => format!(" running `{name}`"),
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
