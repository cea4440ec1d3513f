//! What a module does when it is imported: the top-level code outside an
//! `if __name__ == "__main__":` guard, and what it reaches through calls. Feeds the checks that
//! depend on import-time behaviour (processes started on import, patching after imports).

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::reach::{Chain, Reach};
use crate::ir::{walk_events, Callee, Event};
use crate::models::Models;
use crate::source::Span;

/// Module-level code that starts a process when the module is imported.
#[derive(Clone, Debug)]
pub struct ProcessOnImport {
    /// The module body function.
    pub module_body: FuncId,
    /// The top-level statement's event that (eventually) starts the process.
    pub site: Span,
    /// The calls from `site` to the start, and the start itself.
    pub chain: Chain,
}

/// A top-level call, outside the main guard, in source order.
#[derive(Clone, Debug)]
pub struct TopLevelCall {
    pub module_body: FuncId,
    pub callee: String,
    pub span: Span,
}

#[derive(Debug, Default)]
pub struct ModuleLevel {
    pub process_on_import: Vec<ProcessOnImport>,
}

impl ModuleLevel {
    pub fn compute(graph: &CallGraph, models: &Models) -> ModuleLevel {
        let reach = Reach::compute(graph, &|e| process_start(e, models));
        let mut out = ModuleLevel::default();
        for id in graph.ids() {
            let f = graph.function(id);
            if !f.is_module_body {
                continue;
            }
            let guard = graph.module_of(id).facts.main_guard;
            let unguarded = |s: Span| !guard.is_some_and(|g| g.start <= s.start && s.end <= g.end);
            walk_events(&f.body, &mut |e| {
                if !unguarded(e.span()) {
                    return;
                }
                if let Some((api, instead)) = process_start(e, models) {
                    out.process_on_import.push(ProcessOnImport {
                        module_body: id,
                        site: e.span(),
                        chain: Chain {
                            calls: Vec::new(),
                            event: e.span(),
                            api,
                            instead,
                        },
                    });
                }
            });
            for site in graph.calls(id) {
                if !unguarded(site.span) || graph.function(site.callee).is_async {
                    continue;
                }
                if let Some(chain) = reach.of(site.callee) {
                    let mut chain = chain.clone();
                    chain.calls.insert(0, (site.span, site.callee));
                    out.process_on_import.push(ProcessOnImport {
                        module_body: id,
                        site: site.span,
                        chain,
                    });
                }
            }
        }
        out
    }
}

/// Whether an event starts a new process: a process spawn, or creating a pool of processes
/// (an executor model with context `process`, which starts its workers at once).
pub fn process_start(e: &Event, models: &Models) -> Option<(String, Option<String>)> {
    match e {
        Event::Spawn { ctx, api, .. } if *ctx == crate::ir::ExecCtx::Process => {
            Some((api.clone(), None))
        }
        Event::Open { api, .. } => process_pool(api, models),
        Event::Call {
            callee: Callee::Path(path),
            ..
        } => process_pool(path, models),
        _ => None,
    }
}

fn process_pool(api: &str, models: &Models) -> Option<(String, Option<String>)> {
    let e = models.executor(api)?;
    (e.context == "process").then(|| (api.to_string(), None))
}

/// Top-level calls of a module body outside its main guard, in source order.
pub fn top_level_calls(graph: &CallGraph, id: FuncId) -> Vec<TopLevelCall> {
    let f = graph.function(id);
    let guard = graph.module_of(id).facts.main_guard;
    let mut out = Vec::new();
    walk_events(&f.body, &mut |e| {
        if let Event::Call {
            callee: Callee::Path(path),
            span,
            ..
        } = e
        {
            if guard.is_some_and(|g| g.start <= span.start && span.end <= g.end) {
                return;
            }
            out.push(TopLevelCall {
                module_body: id,
                callee: graph.canonical_name(path),
                span: *span,
            });
        }
    });
    out
}
