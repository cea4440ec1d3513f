//! Interprocedural reachability of one kind of event through synchronous calls: "calling `f`
//! may block the thread", "calling `f` starts a process". One summary per function (the first
//! such event it reaches, with the call chain), computed once over the call graph's strongly
//! connected components, so the cost stays linear in the program.
//!
//! Async callees are not entered: calling an `async def` only makes a coroutine; its body runs
//! when awaited and is judged on its own.

use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};

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
pub type Pick<'a> = dyn Fn(&Event) -> Option<(String, Option<String>)> + 'a;

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
        let n = graph.len();
        let mut direct: Vec<Option<Chain>> = Vec::with_capacity(n);
        for id in graph.ids() {
            let result = graph.events(id).iter().find_map(|e| {
                let (api, instead) = pick(e)?;
                Some(Chain {
                    calls: Vec::new(),
                    event: e.span(),
                    api,
                    instead,
                })
            });
            direct.push(result);
        }
        let mut calls: DiGraph<(), ()> = DiGraph::with_capacity(n, n);
        for _ in 0..n {
            calls.add_node(());
        }
        for id in graph.ids() {
            for site in graph.calls(id) {
                calls.add_edge(
                    NodeIndex::new(id.0 as usize),
                    NodeIndex::new(site.callee.0 as usize),
                    (),
                );
            }
        }
        let mut summaries: Vec<Option<Chain>> = direct;
        // Kosaraju yields components in reverse topological order: callees before callers.
        for component in kosaraju_scc(&calls) {
            loop {
                let mut changed = false;
                for node in &component {
                    let id = FuncId(node.index() as u32);
                    if summaries[node.index()].is_some() {
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
                        summaries[node.index()] = found;
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
