//! What a module does when it is imported: the top-level code outside an
//! `if __name__ == "__main__":` guard, and what it reaches through calls. Feeds the checks that
//! depend on import-time behaviour (processes started on import, patching after imports).

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::reach::{Chain, Reach};
use crate::ir::{Callee, Event};
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
    /// Later top-level statements of the same module reaching the same start (`floats()` at
    /// many lines): one finding says them all, as the fix (a guard) is one.
    pub also: Vec<Span>,
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
            for e in graph.events(id) {
                if !unguarded(e.span()) {
                    continue;
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
                        also: Vec::new(),
                    });
                }
            }
            for site in graph.calls(id) {
                if !unguarded(site.span) || graph.function(site.callee).is_async {
                    continue;
                }
                if let Some(mut chain) = reach.of(site.callee) {
                    let same_start = out
                        .process_on_import
                        .iter_mut()
                        .find(|p| p.module_body == id && p.chain.event == chain.event);
                    if let Some(first) = same_start {
                        first.also.push(site.span);
                        continue;
                    }
                    chain.calls.insert(0, (site.span, site.callee));
                    out.process_on_import.push(ProcessOnImport {
                        module_body: id,
                        site: site.span,
                        chain,
                        also: Vec::new(),
                    });
                }
            }
        }
        out
    }
}

/// Whether an event starts a new process: a process spawn, or creating a pool of processes
/// (an executor model with context `process`) that starts its workers at once; a context's
/// `ctx.Pool()` is lowered as the module's own `multiprocessing.Pool` (`FactoryModel::mirrors`).
/// A pool whose workers start at the first submission (`ProcessPoolExecutor`, `lazy_workers`)
/// starts none by being made: its `submit` and `map` are process spawns of their own.
pub fn process_start(e: &Event, models: &Models) -> Option<(String, Option<String>)> {
    let api = match e {
        Event::Spawn { ctx, api, .. } if *ctx == crate::ir::ExecCtx::Process => api.as_str(),
        Event::Open { api, .. } => api.as_str(),
        Event::Call {
            callee: Callee::Path(path),
            ..
        } => path.as_str(),
        _ => return None,
    };
    let process = matches!(e, Event::Spawn { .. })
        || models
            .executor(api)
            .is_some_and(|x| x.context == "process" && !x.lazy_workers);
    // A fork context's children (`get_context("fork").Process`) inherit the parent's state
    // rather than re-import the main module.
    let always_forks = models.fork(api).is_some_and(|f| !f.start_method);
    (process && !always_forks).then(|| (api.to_string(), None))
}

/// Top-level calls of a module body outside its main guard, in source order.
pub fn top_level_calls(graph: &CallGraph, id: FuncId) -> Vec<TopLevelCall> {
    let guard = graph.module_of(id).facts.main_guard;
    let mut out = Vec::new();
    for e in graph.events(id) {
        if let Event::Call {
            callee: Callee::Path(path),
            span,
            ..
        } = e
        {
            if guard.is_some_and(|g| g.start <= span.start && span.end <= g.end) {
                continue;
            }
            out.push(TopLevelCall {
                module_body: id,
                callee: graph.canonical_name(path),
                span: *span,
            });
        }
    }
    out
}
