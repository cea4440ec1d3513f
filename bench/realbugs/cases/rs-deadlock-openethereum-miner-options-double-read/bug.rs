// Reduced from openethereum/openethereum#664: Miner::prepare_block() takes a
// read guard on the parking_lot::RwLock<MinerOptions> and, while it is still
// alive, reads self.options again. parking_lot's RwLock is task-fair: if
// update_options() is already queued for the write lock, the second read()
// blocks behind the writer, which waits for the first read guard -> deadlock.
use parking_lot::RwLock;
use std::sync::Arc;
use std::thread;

#[derive(Clone, Debug)]
struct MinerOptions {
    force_sealing: bool,
    reseal_min_period_ms: u64,
    tx_queue_no_unfamiliar_locals: bool,
    refuse_service_transactions: bool,
}

struct Miner {
    options: RwLock<MinerOptions>,
    sealing_work: RwLock<Vec<u64>>,
}

impl Miner {
    fn prepare_block(&self, block_number: u64) -> Option<u64> {
        let options = self.options.read();
        if !options.force_sealing && block_number % 2 == 1 {
            return None;
        }
        let no_unfamiliar = self.options.read().tx_queue_no_unfamiliar_locals;
        let refuse = options.refuse_service_transactions;
        let mut work = self.sealing_work.write();
        work.push(block_number);
        Some(block_number * if no_unfamiliar || refuse { 1 } else { options.reseal_min_period_ms })
    }

    fn update_options(&self, reseal_min_period_ms: u64) {
        self.options.write().reseal_min_period_ms = reseal_min_period_ms;
    }
}

fn main() {
    let miner = Arc::new(Miner {
        options: RwLock::new(MinerOptions {
            force_sealing: true,
            reseal_min_period_ms: 2000,
            tx_queue_no_unfamiliar_locals: false,
            refuse_service_transactions: false,
        }),
        sealing_work: RwLock::new(Vec::new()),
    });
    let m = Arc::clone(&miner);
    let sealer = thread::spawn(move || (0..10_000u64).filter_map(|n| m.prepare_block(n)).count());
    let m = Arc::clone(&miner);
    let rpc = thread::spawn(move || (0..10_000u64).for_each(|n| m.update_options(n)));
    println!("sealed {}", sealer.join().unwrap());
    rpc.join().unwrap();
}
