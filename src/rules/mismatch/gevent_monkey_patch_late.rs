//! KN510 gevent-monkey-patch-late: `gevent.monkey.patch_all()` (or a `patch_*`) runs after the
//! modules it patches were imported, so earlier bindings (`from time import sleep`, an `ssl`
//! already set up) keep the blocking originals. Names gevent on purpose: the bug is specific to
//! its monkey-patching.

use crate::analysis::module_level::top_level_calls;
use crate::analysis::Facts;
use crate::finding::{Finding, Severity};
use crate::rules::{rule_doc, Family, RuleDef, Status};
use crate::source::Lang;

pub(crate) static RULE: RuleDef = RuleDef {
    code: "KN510",
    name: "gevent-monkey-patch-late",
    family: Family::Mismatch,
    langs: &[Lang::Python],
    status: Status::Stable,
    severity: Severity::Error,
    doc: rule_doc!("KN510"),
    check: Some(check),
};

/// Standard modules `patch_all()` replaces, and so must not be imported before it.
const PATCHED: &[&str] = &[
    "socket",
    "ssl",
    "time",
    "threading",
    "select",
    "selectors",
    "subprocess",
    "queue",
    "signal",
];

const PATCH_PREFIX: &str = "gevent.monkey.patch_";

fn check(facts: &Facts, out: &mut Vec<Finding>) {
    let graph = facts.callgraph();
    for id in graph.ids() {
        if !graph.function(id).is_module_body {
            continue;
        }
        // The patch call at module level, or a call there of a function of the program that
        // patches (`def _patch(): monkey.patch_all()`, then `_patch()`), with that inner call.
        let Some((patch, inner)) = top_level_calls(graph, id).into_iter().find_map(|c| {
            if c.callee.starts_with(PATCH_PREFIX) {
                return Some((c, None));
            }
            let helper = graph.resolve_path(&c.callee)?;
            if graph.function(helper).is_module_body {
                return None;
            }
            let inner = top_level_calls(graph, helper)
                .into_iter()
                .find(|i| i.callee.starts_with(PATCH_PREFIX))?;
            Some((c, Some(inner)))
        }) else {
            continue;
        };
        let callee = inner.as_ref().map_or(&patch.callee, |i| &i.callee);
        let module = graph.module_of(id);
        let early: Vec<_> = module
            .facts
            .imports
            .iter()
            .filter(|i| i.top_level && i.span.end <= patch.span.start && patches(&i.name))
            .collect();
        if early.is_empty() {
            continue;
        }
        let names: Vec<String> = early.iter().map(|i| format!("`{}`", i.name)).collect();
        let mut f = Finding::new(
            &RULE,
            patch.span,
            format!(
                "`{}()` runs after {} {} imported, which keep{} the blocking originals",
                callee.trim_start_matches("gevent.monkey."),
                names.join(", "),
                if early.len() == 1 { "was" } else { "were" },
                if early.len() == 1 { "s" } else { "" },
            ),
        )
        .with_label("patches too late")
        .with_help("call `gevent.monkey.patch_all()` first, before any other import");
        if let Some(inner) = &inner {
            f = f.with_related(inner.span, "the called function patches here");
        }
        for i in &early {
            f = f.with_related(i.span, format!("`{}` imported before patching", i.name));
        }
        out.push(f);
    }
}

/// `socket`, `socket.create_connection`, `time.sleep`: the module or a name bound from it.
fn patches(imported: &str) -> bool {
    let root = imported.split('.').next().unwrap_or(imported);
    PATCHED.contains(&root)
}
