//! KN5xx model-mismatch: the wrong concurrency model for the work.

pub mod blocking_call_in_async;
pub mod fork_start_method_with_threads;
pub mod gevent_monkey_patch_late;
pub mod lock_across_await;
pub mod loop_call_from_thread;
pub mod multiprocessing_without_main_guard;
pub mod unpicklable_process_target;

use crate::analysis::callgraph::CallGraph;
use crate::analysis::reach::Chain;
use crate::finding::Finding;

/// Adds a reach chain's hops after the first as numbered related labels, each naming both
/// ends ("3. `f` calls `g`"): the text renderer orders one file's labels by line, not by hop.
/// The caller labels the first call "1." and the chain's event `chain.calls.len() + 1`.
pub(crate) fn with_numbered_hops(mut f: Finding, graph: &CallGraph, chain: &Chain) -> Finding {
    for (step, pair) in chain.calls.windows(2).enumerate() {
        let (caller, (span, callee)) = (pair[0].1, &pair[1]);
        f = f.with_related(
            *span,
            format!(
                "{}. `{}` calls `{}`",
                step + 2,
                graph.function(caller).short_name,
                graph.function(*callee).short_name
            ),
        );
    }
    f
}
