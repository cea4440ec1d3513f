//! Interprocedural reachability of one kind of event through synchronous calls: "calling `f`
//! may block the thread", "calling `f` starts a process". One summary per function (the first
//! such event it reaches, with the call chain), computed once over the call graph's strongly
//! connected components, so the cost stays linear in the program.
//!
//! Async callees are not entered: calling an `async def` only makes a coroutine; its body runs
//! when awaited and is judged on its own.
//!
//! A caller may name functions opaque: KN501 does not enter cached functions
//! (`ModuleFacts::memoized`), and decides the branches of the callee a coroutine calls on a
//! parameter it passes `True`, `False` or `None` literally (`ModuleFacts::param_tests` and
//! `constant_args`, read in `async_blocking`).

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
    /// By `FuncId`: the first step of the function's chain. A chain is stored once, as the
    /// steps of the functions along it, and put together when asked for (`of`): every caller
    /// of a blocking helper holding a copy of its whole chain made this analysis one of the
    /// largest of a run.
    summaries: Vec<Option<Step>>,
    /// The events found, with their (api, instead).
    events: Vec<(Span, String, Option<String>)>,
}

#[derive(Clone, Copy, Debug)]
struct Step {
    /// Calls between the function and the event (the chain's `calls.len()`).
    depth: u32,
    next: Next,
}

#[derive(Clone, Copy, Debug)]
enum Next {
    /// The event itself, by index in `Reach::events`.
    Event(u32),
    /// A call site and its callee, whose own step continues the chain.
    Call(Span, FuncId),
}

/// Longest call chain followed; deeper paths are not reported (precision and bounded cost).
const MAX_DEPTH: u32 = 12;

impl Reach {
    /// Summaries for every function of the program, in one pass over the strongly connected
    /// components of the call graph, callees first. Within a recursive group the summaries are
    /// iterated until none changes (each function's summary is set at most once), so the cost
    /// is linear in the number of call sites.
    pub fn compute(graph: &CallGraph, pick: &Pick) -> Reach {
        Reach::compute_except(graph, pick, &|_| false)
    }

    /// As [`Reach::compute`], with the functions `opaque` names given no summary: their events
    /// and calls are not followed (a cached function's body runs once).
    pub fn compute_except(
        graph: &CallGraph,
        pick: &Pick,
        opaque: &(dyn Fn(FuncId) -> bool + Sync),
    ) -> Reach {
        // The direct events of each function: parallel, collected in function order.
        let direct: Vec<Option<(Span, String, Option<String>)>> = (0..graph.len())
            .into_par_iter()
            .with_min_len(64)
            .map(|i| {
                if opaque(FuncId(i as u32)) {
                    return None;
                }
                graph.events(FuncId(i as u32)).iter().find_map(|e| {
                    let (api, instead) = pick(e)?;
                    Some((e.span(), api, instead))
                })
            })
            .collect();
        let mut events = Vec::new();
        let mut summaries: Vec<Option<Step>> = direct
            .into_iter()
            .map(|found| {
                let found = found?;
                events.push(found);
                Some(Step {
                    depth: 0,
                    next: Next::Event(events.len() as u32 - 1),
                })
            })
            .collect();
        // Callees before callers (`CallGraph::components`).
        for component in graph.components() {
            loop {
                let mut changed = false;
                for &id in component {
                    if summaries[id.0 as usize].is_some() || opaque(id) {
                        continue;
                    }
                    let found = graph.calls(id).iter().find_map(|site| {
                        if graph.function(site.callee).is_async {
                            return None;
                        }
                        let step = summaries[site.callee.0 as usize]?;
                        (step.depth < MAX_DEPTH).then_some(Step {
                            depth: step.depth + 1,
                            next: Next::Call(site.span, site.callee),
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
        Reach { summaries, events }
    }

    /// The first matching event `id` reaches (directly or through sync calls), if any.
    pub fn of(&self, id: FuncId) -> Option<Chain> {
        let mut step = (*self.summaries.get(id.0 as usize)?)?;
        let mut calls = Vec::with_capacity(step.depth as usize);
        loop {
            match step.next {
                Next::Call(span, callee) => {
                    calls.push((span, callee));
                    step = self.summaries[callee.0 as usize]?;
                }
                Next::Event(i) => {
                    let (event, api, instead) = &self.events[i as usize];
                    return Some(Chain {
                        calls,
                        event: *event,
                        api: api.clone(),
                        instead: instead.clone(),
                    });
                }
            }
        }
    }
}
