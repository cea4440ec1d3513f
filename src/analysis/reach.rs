//! Interprocedural reachability of one kind of event through synchronous calls: "calling `f`
//! may block the thread", "calling `f` starts a process". One summary per function (the first
//! such event it reaches, with the call chain), computed once by a memoised depth-first search,
//! so the cost stays linear in the program.
//!
//! Async callees are not entered: calling an `async def` only makes a coroutine; its body runs
//! when awaited and is judged on its own.

use std::collections::HashMap;

use crate::analysis::callgraph::{CallGraph, FuncId};
use crate::ir::{walk_events, Event};
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
    summaries: HashMap<FuncId, Option<Chain>>,
}

/// Longest call chain followed; deeper paths are not reported (precision and bounded cost).
const MAX_DEPTH: usize = 12;

impl Reach {
    /// Summaries for every function of the program.
    pub fn compute(graph: &CallGraph, pick: &Pick) -> Reach {
        let mut r = Reach {
            summaries: HashMap::new(),
        };
        for id in graph.ids() {
            let mut stack = Vec::new();
            let (found, _) = r.summary(graph, pick, id, &mut stack);
            // At the root every cycle through `id` has been explored.
            r.summaries.insert(id, found);
        }
        r
    }

    /// The first matching event `id` reaches (directly or through sync calls), if any.
    pub fn of(&self, id: FuncId) -> Option<&Chain> {
        self.summaries.get(&id).and_then(|c| c.as_ref())
    }

    /// The summary of `id` and whether it may be incomplete (a cycle or the depth limit cut
    /// the search short); only complete answers are cached.
    fn summary(
        &mut self,
        graph: &CallGraph,
        pick: &Pick,
        id: FuncId,
        stack: &mut Vec<FuncId>,
    ) -> (Option<Chain>, bool) {
        if let Some(done) = self.summaries.get(&id) {
            return (done.clone(), false);
        }
        if stack.contains(&id) || stack.len() > MAX_DEPTH {
            return (None, true);
        }
        let f = graph.function(id);
        let mut result = None;
        walk_events(&f.body, &mut |e| {
            if result.is_none() {
                if let Some((api, instead)) = pick(e) {
                    result = Some(Chain {
                        calls: Vec::new(),
                        event: e.span(),
                        api,
                        instead,
                    });
                }
            }
        });
        let mut incomplete = false;
        if result.is_none() {
            stack.push(id);
            for site in graph.calls(id) {
                if graph.function(site.callee).is_async {
                    continue;
                }
                let (found, cut) = self.summary(graph, pick, site.callee, stack);
                incomplete |= cut;
                if let Some(mut chain) = found {
                    chain.calls.insert(0, (site.span, site.callee));
                    result = Some(chain);
                    break;
                }
            }
            stack.pop();
        }
        if result.is_some() || !incomplete {
            self.summaries.insert(id, result.clone());
        }
        let cut = incomplete && result.is_none();
        (result, cut)
    }
}
