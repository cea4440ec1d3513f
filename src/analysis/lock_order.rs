//! The program-wide lock-order graph (lockdep's lock classes as nodes, "acquired while holding"
//! as edges, each with its witness) and one concrete cycle per strongly connected component.
//!
//! Precision first: a cycle is kept only when every hand-over conflicts (a read lock wanted
//! while another thread holds it for reading waits only behind a writer queued on it, when the
//! program writes that lock and the read is not one a queued writer lets through) and no lock outside the cycle is
//! held around every edge of it (a gate lock serialises the two orders).

use std::collections::{BTreeMap, VecDeque};

use petgraph::graph::{DiGraph, NodeIndex};

use crate::analysis::held_locks::{hand_over_conflicts, HeldLocks, OrderEdge};
use crate::ir::{LockMode, Place};

/// One lock-order cycle: indices into [`HeldLocks::edges`], in cycle order (the `to` of each
/// edge is the `from` of the next).
#[derive(Clone, Debug)]
pub struct Cycle {
    pub edges: Vec<usize>,
}

pub struct LockOrder {
    pub cycles: Vec<Cycle>,
}

impl LockOrder {
    pub fn compute(held: &HeldLocks<'_>) -> LockOrder {
        // Witnesses per ordered pair, in a deterministic order.
        let mut pairs: BTreeMap<(&Place, &Place), Vec<usize>> = BTreeMap::new();
        for (i, e) in held.edges.iter().enumerate() {
            pairs.entry((&e.from, &e.to)).or_default().push(i);
        }
        let mut graph: DiGraph<&Place, ()> = DiGraph::new();
        let mut nodes: BTreeMap<&Place, NodeIndex> = BTreeMap::new();
        for &(from, to) in pairs.keys() {
            for p in [from, to] {
                if !nodes.contains_key(p) {
                    let n = graph.add_node(p);
                    nodes.insert(p, n);
                }
            }
            graph.add_edge(nodes[from], nodes[to], ());
        }
        let mut cycles = Vec::new();
        let mut components = petgraph::algo::kosaraju_scc(&graph);
        for c in &mut components {
            c.sort_by_key(|n| graph[*n]);
        }
        components.sort_by_key(|c| graph[c[0]]);
        for component in components {
            if component.len() < 2 {
                continue;
            }
            let Some(path) = shortest_cycle(&graph, &component) else {
                continue;
            };
            let locks: Vec<&Place> = path.iter().map(|n| graph[*n]).collect();
            let Some(edges) = pick_witnesses(held, &pairs, &locks) else {
                continue;
            };
            if guarded(held, &edges, &locks) {
                continue;
            }
            cycles.push(Cycle { edges });
        }
        LockOrder { cycles }
    }
}

/// The shortest cycle through the component's first node, as the nodes in order.
fn shortest_cycle(graph: &DiGraph<&Place, ()>, component: &[NodeIndex]) -> Option<Vec<NodeIndex>> {
    let start = component[0];
    let inside = |n: NodeIndex| component.contains(&n);
    let mut parent: BTreeMap<NodeIndex, NodeIndex> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(n) = queue.pop_front() {
        let mut next: Vec<NodeIndex> = graph.neighbors(n).filter(|m| inside(*m)).collect();
        next.sort_by_key(|m| graph[*m]);
        for m in next {
            if m == start {
                let mut path = vec![n];
                let mut cur = n;
                while cur != start {
                    cur = parent[&cur];
                    path.push(cur);
                }
                path.reverse();
                return Some(path);
            }
            if let std::collections::btree_map::Entry::Vacant(e) = parent.entry(m) {
                e.insert(n);
                queue.push_back(m);
            }
        }
    }
    None
}

/// One witness edge per hop of the cycle such that each hand-over conflicts: thread i wants the
/// lock in a mode that thread i+1's hold of it blocks. Prefers exclusive modes, then the
/// earliest inner acquire.
fn pick_witnesses(
    held: &HeldLocks<'_>,
    pairs: &BTreeMap<(&Place, &Place), Vec<usize>>,
    locks: &[&Place],
) -> Option<Vec<usize>> {
    let n = locks.len();
    let mut chosen = Vec::with_capacity(n);
    for i in 0..n {
        let key = (locks[i], locks[(i + 1) % n]);
        let mut candidates = pairs.get(&key)?.clone();
        candidates.sort_by_key(|&e| {
            let e: &OrderEdge = &held.edges[e];
            (
                e.from_mode == LockMode::Read,
                e.to_mode == LockMode::Read,
                e.writer.is_none(),
                e.inner.file,
                e.inner.start,
                e.outer.start,
            )
        });
        chosen.push(candidates[0]);
    }
    for i in 0..n {
        let holder = held.edges[chosen[(i + 1) % n]].from_mode;
        if !hand_over_conflicts(holder, &held.edges[chosen[i]]) {
            return None;
        }
    }
    Some(chosen)
}

/// Whether one lock outside the cycle is held around every edge of it.
fn guarded(held: &HeldLocks<'_>, edges: &[usize], locks: &[&Place]) -> bool {
    let first = &held.edges[edges[0]];
    first
        .held
        .iter()
        .any(|g| !locks.contains(&g) && edges[1..].iter().all(|&e| held.edges[e].held.contains(g)))
}
