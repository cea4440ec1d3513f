use parking_lot::{RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::collections::HashMap;
use std::sync::Arc;

type TableId = u32;
pub type Tx<'a> = RwLockReadGuard<'a, Committed>;
pub type MutTx<'a> = RwLockWriteGuard<'a, Committed>;

#[derive(Default)]
pub struct Committed {
    tables: HashMap<TableId, String>,
    rows: Vec<(TableId, u64)>,
}

#[derive(Default)]
pub struct RelationalDB {
    committed_state: RwLock<Committed>,
}

pub struct TxData {
    writes: Vec<(TableId, u64)>,
}

impl RelationalDB {
    pub fn begin_tx(&self) -> Tx<'_> {
        self.committed_state.read()
    }

    pub fn begin_mut_tx(&self) -> MutTx<'_> {
        self.committed_state.write()
    }

    pub fn commit_tx(&self, mut tx: MutTx<'_>, writes: Vec<(TableId, u64)>) -> TxData {
        tx.rows.extend(writes.iter().copied());
        TxData { writes } // the write lock is released here
    }

    pub fn with_auto_commit<T>(&self, f: impl FnOnce(&mut MutTx<'_>) -> T) -> T {
        let mut tx = self.begin_mut_tx();
        f(&mut tx)
    }

    pub fn table_name_from_id_mut(&self, tx: &MutTx<'_>, table_id: TableId) -> Option<String> {
        tx.tables.get(&table_id).cloned()
    }

    pub fn with_read_only<T>(&self, f: impl FnOnce(&Tx<'_>) -> T) -> T {
        let tx = self.begin_tx();
        f(&tx)
    }

    pub fn table_name_from_id_tx(&self, tx: &Tx<'_>, table_id: TableId) -> Option<String> {
        tx.tables.get(&table_id).cloned()
    }
}

pub struct DatabaseUpdate {
    pub tables: Vec<(String, Vec<u64>)>,
}

impl DatabaseUpdate {
    pub fn from_writes(stdb: &RelationalDB, tx_data: &TxData) -> Self {
        let mut tables = Vec::new();
        for (table_id, row) in &tx_data.writes {
            let table_name = stdb
                .with_read_only(|tx| stdb.table_name_from_id_tx(tx, *table_id))
                .unwrap_or_default();
            tables.push((table_name, vec![*row]));
        }
        DatabaseUpdate { tables }
    }
}

#[derive(Default)]
pub struct SubscriptionManager {
    subscribers: HashMap<u64, Vec<TableId>>,
}

impl SubscriptionManager {
    pub fn add_subscription(&mut self, client: u64, tables: Vec<TableId>) {
        self.subscribers.insert(client, tables);
    }

    pub fn eval_updates(&self, update: &DatabaseUpdate) -> usize {
        self.subscribers.len() * update.tables.len()
    }
}

pub struct ModuleSubscriptions {
    relational_db: Arc<RelationalDB>,
    subscriptions: Arc<RwLock<SubscriptionManager>>,
}

impl ModuleSubscriptions {
    /// Called from the client connection's task when a client subscribes.
    pub fn add_subscriber(&self, client: u64, queries: Vec<TableId>) -> usize {
        let tx = self.relational_db.begin_tx();
        let initial_rows = tx.rows.iter().filter(|(t, _)| queries.contains(t)).count();
        let mut subscriptions = self.subscriptions.write();
        subscriptions.add_subscription(client, queries);
        drop(tx);
        initial_rows
    }

    /// Called from the module host after a reducer ran.
    pub fn commit_and_broadcast_event(&self, tx: MutTx<'_>, writes: Vec<(TableId, u64)>) -> usize {
        let subscriptions = self.subscriptions.read();
        let stdb = &self.relational_db;
        let tx_data = stdb.commit_tx(tx, writes);
        let update = DatabaseUpdate::from_writes(stdb, &tx_data);
        subscriptions.eval_updates(&update)
    }
}

pub fn run(module: Arc<ModuleSubscriptions>) {
    let m = module.clone();
    let host = std::thread::spawn(move || {
        let tx = m.relational_db.begin_mut_tx();
        m.commit_and_broadcast_event(tx, vec![(1, 42)])
    });
    module.add_subscriber(7, vec![1]);
    host.join().unwrap();
}
