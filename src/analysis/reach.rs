//! Interprocedural reachability of one kind of event through synchronous calls: "calling `f`
//! may block the thread", "calling `f` starts a process". One summary per function (the first
//! such event it reaches, with the call chain), computed once over the call graph's strongly
//! connected components, so the cost stays linear in the program.
//!
//! Async callees are not entered: calling an `async def` only makes a coroutine; its body runs
//! when awaited and is judged on its own.

use rayon::prelude::*;

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::ir::Event;
use crate::source::Span;

/// A path from a function's body to the event: the calls taken (call site, callee), then the
/// event itself.
#[derive(Clone, Debug)]
pub struct Chain {
    pub calls: Vec<(Span, FuncId)>,
    pub event: Span,
    /// The event's API (`time.sleep`, `multiprocessing.Pool`).
    pub api: String,
    /// A suggested replacement, when the model names one.
    pub instead: Option<String>,
}

/// Picks the events of interest: returns (api, instead) for a match.
pub type Pick<'a> = dyn Fn(&Event) -> Option<(String, Option<String>)> + Sync + 'a;

pub struct Reach {
    /// By `FuncId`.
    summaries: Vec<Option<Chain>>,
}

/// Longest call chain followed; deeper paths are not reported (precision and bounded cost).
const MAX_DEPTH: usize = 12;

impl Reach {
    /// Summaries for every function of the program, in one pass over the strongly connected
    /// components of the call graph, callees first. Within a recursive group the summaries are
    /// iterated until none changes (each function's summary is set at most once), so the cost
    /// is linear in the number of call sites.
    pub fn compute(graph: &CallGraph, pick: &Pick) -> Reach {
        // The direct events of each function: parallel, collected in function order.
        let mut summaries: Vec<Option<Chain>> = (0..graph.len())
            .into_par_iter()
            .with_min_len(64)
            .map(|i| {
                graph.events(FuncId(i as u32)).iter().find_map(|e| {
                    let (api, instead) = pick(e)?;
                    Some(Chain {
                        calls: Vec::new(),
                        event: e.span(),
                        api,
                        instead,
                    })
                })
            })
            .collect();
        // Callees before callers (`CallGraph::components`).
        for component in graph.components() {
            loop {
                let mut changed = false;
                for &id in component {
                    if summaries[id.0 as usize].is_some() {
                        continue;
                    }
                    let found = graph.calls(id).iter().find_map(|site| {
                        if graph.function(site.callee).is_async {
                            return None;
                        }
                        let chain = summaries[site.callee.0 as usize].as_ref()?;
                        (chain.calls.len() < MAX_DEPTH).then(|| {
                            let mut chain = chain.clone();
                            chain.calls.insert(0, (site.span, site.callee));
                            chain
                        })
                    });
                    if found.is_some() {
                        summaries[id.0 as usize] = found;
                        changed = true;
                    }
                }
                if !changed || component.len() == 1 {
                    break;
                }
            }
        }
        Reach { summaries }
    }

    /// The first matching event `id` reaches (directly or through sync calls), if any.
    pub fn of(&self, id: FuncId) -> Option<&Chain> {
        self.summaries.get(id.0 as usize).and_then(|c| c.as_ref())
    }
}
