// Reduced from jkitchin/feral parallel multifrontal factorization.
use rayon::prelude::*;
use std::sync::Mutex;

#[derive(Default)]
struct Workspace {
    scratch: Vec<f64>,
}

struct Supernode {
    id: usize,
    front: Vec<f64>,
}

fn factor_frontal_blocked_in_place_with_scratch(front: &mut [f64], scratch: &mut Vec<f64>) {
    scratch.resize(front.len(), 0.0);
    // Intra-front parallelism: nested rayon work on the same pool.
    front.par_chunks_mut(64).for_each(|chunk| {
        for x in chunk.iter_mut() {
            *x = x.sqrt();
        }
    });
}

fn factor_one_supernode(sn: &mut Supernode, ws: &mut Workspace) {
    factor_frontal_blocked_in_place_with_scratch(&mut sn.front, &mut ws.scratch);
}

fn process_one_supernode(sn: &mut Supernode, thread_ws: &[Mutex<Workspace>]) {
    let idx = rayon::current_thread_index().unwrap_or(0);
    // Held across the nested par_chunks_mut: while this worker waits for the
    // intra-front jobs it may steal another process_one_supernode job, which
    // runs on the same thread index and locks the same mutex again.
    let mut ws = thread_ws[idx].lock().unwrap();
    factor_one_supernode(sn, &mut ws);
    println!("factored supernode {}", sn.id);
}

fn factor_parallel(supernodes: &mut [Supernode]) {
    let nthreads = rayon::current_num_threads();
    let thread_ws: Vec<Mutex<Workspace>> =
        (0..nthreads).map(|_| Mutex::new(Workspace::default())).collect();
    rayon::scope(|s| {
        for sn in supernodes.iter_mut() {
            let thread_ws = &thread_ws;
            s.spawn(move |_| process_one_supernode(sn, thread_ws));
        }
    });
}

fn main() {
    let mut sns: Vec<Supernode> = (0..64)
        .map(|id| Supernode { id, front: vec![4.0; 256 * 256] })
        .collect();
    factor_parallel(&mut sns);
}
