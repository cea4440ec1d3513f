//! What a module does when it is imported: the top-level code outside an
//! `if __name__ == "__main__":` guard, and what it reaches through calls. Feeds the checks that
//! depend on import-time behaviour (processes started on import, patching after imports).

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::analysis::reach::{Chain, Reach};
use crate::ir::{Callee, Event, Place};
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
        let factories = factories(graph, models);
        let reach = Reach::compute(graph, &|e| process_start(e, models, &factories));
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
                if let Some((api, instead)) = process_start(e, models, &factories) {
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
            }
            for site in graph.calls(id) {
                if !unguarded(site.span) || graph.function(site.callee).is_async {
                    continue;
                }
                if let Some(mut chain) = reach.of(site.callee) {
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

/// Locals holding the result of a call to a library function: `ctx = multiprocessing.get_context()`
/// maps `ctx` to `multiprocessing.get_context`. Only locals whose library has a process-pool
/// model are kept: `process_start` looks nothing else up.
fn factories<'p>(graph: &CallGraph<'p>, models: &Models) -> HashMap<&'p Place, &'p str> {
    let pools: Vec<&str> = models
        .executors()
        .filter(|e| e.context == "process")
        .map(|e| e.new.as_str())
        .collect();
    let pool_library = |library: &str| {
        pools.iter().any(|p| {
            p.len() > library.len() && p.starts_with(library) && p.as_bytes()[library.len()] == b'.'
        })
    };
    // Per function in parallel; the binds are then entered in function order, so a later one
    // of the same local still wins.
    let binds: Vec<Vec<(&'p Place, &'p str)>> = (0..graph.len())
        .into_par_iter()
        .with_min_len(64)
        .map(|i| {
            let events = graph.events(FuncId(i as u32));
            let mut out = Vec::new();
            // Built on the first bind of a call's result: most functions have none.
            let mut calls: Option<HashMap<Span, &'p str>> = None;
            for e in events {
                if let Event::Bind {
                    target: t @ Place::Local { .. },
                    value: None,
                    rhs,
                    ..
                } = e
                {
                    let calls = calls.get_or_insert_with(|| {
                        events
                            .iter()
                            .filter_map(|e| match e {
                                Event::Call {
                                    callee: Callee::Path(p),
                                    span,
                                    ..
                                } => Some((*span, p.as_str())),
                                _ => None,
                            })
                            .collect()
                    });
                    if let Some(p) = calls.get(rhs) {
                        out.push((t, *p));
                    }
                }
            }
            out
        })
        .collect();
    let mut out: HashMap<&'p Place, &'p str> = HashMap::default();
    out.extend(binds.into_iter().flatten());
    out.retain(|_, p| {
        p.rsplit_once('.')
            .is_some_and(|(library, _)| pool_library(library))
    });
    out
}

/// Whether an event starts a new process: a process spawn, or creating a pool of processes
/// (an executor model with context `process`, which starts its workers at once), also as a
/// method of a context object a library function returned (`ctx = multiprocessing.get_context(..)`,
/// `ctx.Pool()`), which mirrors the library's own API (`multiprocessing.Pool`).
pub fn process_start(
    e: &Event,
    models: &Models,
    factories: &HashMap<&Place, &str>,
) -> Option<(String, Option<String>)> {
    match e {
        Event::MethodCall { place, method, .. } => {
            let factory = factories.get(place)?;
            let library = factory.rsplit_once('.')?.0;
            process_pool(&format!("{library}.{method}"), models)
        }
        Event::Spawn { ctx, api, .. } if *ctx == crate::ir::ExecCtx::Process => {
            Some((api.clone().to_string(), None))
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
